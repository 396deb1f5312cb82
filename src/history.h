/*
 * history.h
 *		The knowledge's history (embargo.history, embargo.ruleset): the
 *		change a transaction makes, sealed at commit into a rule-set version;
 *		the version now and at any past moment; and the rewriting that makes
 *		the cache's loaders read the tables as they were in a version.
 */
#ifndef EMBARGO_HISTORY_H
#define EMBARGO_HISTORY_H

#include "postgres.h"

#include "datatype/timestamp.h"
#include "utils/uuid.h"

/* A rule-set version: the change that made it, its hash, since when. */
typedef struct HistoryVersion
{
	pg_uuid_t	id;
	char		version[33];
	TimestampTz since;
} HistoryVersion;

/*
 * The version of the knowledge this session screens with: that of the
 * version being screened as of, else the latest committed change's, or
 * with this transaction's own uncommitted changes, the hash of what it
 * sees now.  NULL before 0.6 (no history).
 */
extern const char *history_current_version(void);

/*
 * The version in force at a moment into *v; false if that is the current
 * knowledge (the moment is at or after the latest change, or the version
 * then is the same as now).  A moment before history began, or before
 * what prune_history() removed, is an error.
 */
extern bool history_version_at(TimestampTz at, HistoryVersion *v);

/* Screen with the knowledge of an older version (NULL: the current) until the next call. */
extern void history_set_as_of(const HistoryVersion *v);
extern const HistoryVersion *history_as_of(void);

/* Moves whenever a change is opened, made or committed: what was derived from history is stale. */
extern uint32 history_epoch(void);

/* Whether any of the tables (NULL-terminated) changed after version v. */
extern bool history_changed_since(const char *const *tables, const HistoryVersion *v);

/*
 * sql with every knowledge table it names (embargo.x) read as it was in
 * version *(const HistoryVersion *) arg, palloc'd.
 */
extern char *history_rewrite(const char *sql, void *arg);

/* Run fn as the owner of the history, which only administrators may read. */
extern void history_as_owner(void (*fn) (void *), void *arg);

#endif							/* EMBARGO_HISTORY_H */
