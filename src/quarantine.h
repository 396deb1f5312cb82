/*
 * quarantine.h
 *		embargo.quarantine: rows enforce() holds back, and the reviewer's
 *		release() and reject().
 */
#ifndef EMBARGO_QUARANTINE_H
#define EMBARGO_QUARANTINE_H

#include "postgres.h"

#include "access/htup.h"
#include "enforce_config.h"
#include "origin.h"
#include "utils/relcache.h"

/* What is held with a row. */
typedef struct HoldRequest
{
	const char *operation;		/* INSERT or UPDATE */
	Oid			verdict;
	const Origin *origin;		/* NULL if the row could not be tagged */
	Datum		rule_ids;		/* int4[] */
	const char *reasons;
	const char *ruleset_version;
	const char *key;
	const char *by;
	const char *jurisdiction;	/* or NULL */
	HeapTuple	old_tuple;		/* the row a held UPDATE would replace; NULL for an INSERT */
} HoldRequest;

/* Hold a row of rel; returns the quarantine row's id. */
extern int64 quarantine_hold(EnforceConfig *c, Relation rel, HeapTuple tuple, const HoldRequest *h);

/*
 * Whether this row is the one release() is putting back into the table:
 * then the reviewer's decision overrides the verdict; *id and *reason say
 * which quarantine row and why.  Each release passes exactly one row.
 */
extern bool quarantine_take_release(Oid root_relid, int64 *id, const char **reason);

#endif							/* EMBARGO_QUARANTINE_H */
