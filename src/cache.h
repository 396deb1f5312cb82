/*
 * cache.h
 *		The per-backend cache manager: parts of knowledge (places, names,
 *		rules) built on first use from the extension's tables, kept until a
 *		change to one of those tables invalidates them, and rebuilt under a
 *		snapshot that holds every committed change.
 *
 * A part says which tables it is built from and how (its load function,
 * the only code that knows where its rows come from); the manager does the
 * rest: invalidation, privileges, snapshots, memory.
 */
#ifndef EMBARGO_CACHE_H
#define EMBARGO_CACHE_H

#include "datatype/timestamp.h"
#include "utils/palloc.h"

#define CACHE_MAX_SOURCES 12

/* What a part built under a given snapshot is good for: see cache.c. */
typedef struct CacheSnapshotKey
{
	bool		latest;
	TimestampTz statement;
	TransactionId xmin;
	TransactionId xmax;
	CommandId	curcid;
	uint32		xcnt;
} CacheSnapshotKey;

typedef void (*CacheLoadFn) (void *data, MemoryContext cxt);

/*
 * A part as it was in an older rule-set version (screen(..., as_of => t)):
 * the current part itself while its tables have not changed since, else
 * its own build from the history.  A few are kept, the least recently used
 * replaced.
 */
#define CACHE_AS_OF_SLOTS 4

typedef struct CacheAsOfSlot
{
	bool		used;
	uint8		id[16];			/* the version's change id */
	uint32		checked_epoch;	/* history_epoch() when same_as_current was found */
	bool		same_as_current;
	void	   *data;			/* its own build, or NULL */
	MemoryContext context;
	uint32		generation;
	uint64		last_used;
} CacheAsOfSlot;

typedef struct CachePart
{
	/* set by the part's owner */
	const char *name;			/* for memory contexts */
	const char *sources[CACHE_MAX_SOURCES]; /* the tables it is built from; NULL ends */
	Size		size;			/* of its data */
	CacheLoadFn load;			/* fills zeroed data, under a pinned search_path */

	/* kept by the manager */
	void	   *data;			/* NULL before the first build */
	uint32		generation;		/* counts the builds: what was derived from data is stale
								 * once it changes */
	MemoryContext context;
	bool		valid;
	bool		registered;
	CacheSnapshotKey built_for;
	Oid			source_oids[CACHE_MAX_SOURCES]; /* resolved at each build */
	Oid			privileges_checked_for; /* the user last checked, or InvalidOid */
	uint32		served;			/* the generation of the data last returned: the current
								 * part's, or an older version's */
	CacheAsOfSlot as_of[CACHE_AS_OF_SLOTS];
	struct CachePart *next;		/* the registered parts */
} CachePart;

/*
 * The part's current data, rebuilt first if a change invalidated it.  Takes
 * in pending invalidations, so that a change committed by another session
 * is seen from the next call on, and checks that the current user may read
 * the part's tables.
 */
extern void *cache_part_get(CachePart *part);

/*
 * The same, for a caller that has just been through cache_part_get() of
 * another part in this call: pending invalidations were taken in then.
 */
extern void *cache_part_current(CachePart *part);

/* Only the privilege check of cache_part_get(). */
extern void cache_part_check_privileges(CachePart *part);

/* Whether the i-th source table exists (older versions lack some); in a load. */
extern bool cache_source_exists(const CachePart *part, int i);

#endif							/* EMBARGO_CACHE_H */
