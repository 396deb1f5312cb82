/*
 * enforce.h
 *		embargo.enforce(): the trigger that screens rows of import tables as
 *		they are written, and the quarantine it holds rows in.
 */
#ifndef EMBARGO_ENFORCE_H
#define EMBARGO_ENFORCE_H

#include "enforce_config.h"
#include "fmgr.h"
#include "origin.h"

/* SQLSTATE of a prohibited shipment: class EM, "embargo" */
#define ERRCODE_EMBARGO_PROHIBITED	MAKE_SQLSTATE('E','M','0','0','1')

/* A stored row screened again as the trigger would screen it (rescreen.c). */
typedef struct StoredScreening
{
	bool		screened;		/* false: it cannot be screened (problem says why) */
	Verdict		verdict;		/* review if it cannot be */
	Oid			verdict_oid;
	Datum		rule_ids;		/* int4[] of the rules that stand */
	const Origin *origin;		/* NULL if it could not be tagged */
	const char *jurisdiction;
	char	   *reasons;		/* or NULL */
} StoredScreening;

/* Screen a row of the trigger's table (or a held row of it) with the current knowledge. */
extern void enforce_screen_stored(EnforceConfig *c, Relation rel, HeapTuple tuple, StoredScreening *out);

/* The row's key as the trigger names it in messages, or NULL. */
extern char *enforce_row_key(EnforceConfig *c, Relation rel, HeapTuple tuple);

/*
 * While set, an UPDATE of the table whose root is root_relid that changes
 * no input passes through with the output columns it sets: rescreen()
 * writes what it screened.  InvalidOid ends it.
 */
extern void enforce_pass_through(Oid root_relid);

/*
 * The advisory lock (pg_advisory_xact_lock(int8)) of a table's row in
 * embargo.rescreen_state: enforce() notes a version for a table that has
 * none only under it, and does not wait for it; rescreen() takes it before
 * it writes the row.  "resc" and the table's oid.
 */
#define RESCREEN_STATE_LOCK(relid) ((int64) (((uint64) 0x72657363 << 32) | (uint32) (relid)))

#endif							/* EMBARGO_ENFORCE_H */
