/*
 * audit.h
 *		The audit trail writer: decisions of embargo.enforce(), release()
 *		and reject() are appended to a per-transaction buffer and written to
 *		embargo.audit in batches, at the end of each statement (and every
 *		AUDIT_BATCH_ROWS rows); a rolled-back statement's rows are dropped.
 */
#ifndef EMBARGO_AUDIT_H
#define EMBARGO_AUDIT_H

#include "postgres.h"

#include "origin.h"

typedef struct AuditEntry
{
	const char *table;			/* qualified name of the import table */
	const char *operation;		/* INSERT or UPDATE */
	const char *outcome;		/* passed, flagged, held, released, rejected */
	const char *key;			/* the row's key, or NULL */
	const Origin *origin;		/* NULL if it could not be tagged */
	const char *jurisdiction;
	Oid			verdict;		/* an embargo.verdict value */
	Datum		rule_ids;		/* int4[] */
	const char *reasons;		/* or NULL */
	const char *ruleset_version;	/* or NULL */
	const char *by;				/* the user on whose behalf */
	int64		quarantine_id;	/* 0: none */
	const char *decision_reason;	/* a reviewer's, or NULL */
} AuditEntry;

/* Buffer one audit row; everything is copied. */
extern void audit_append(const AuditEntry *e);

/* Write the buffered rows now (release() and reject() do, before returning). */
extern void audit_flush_now(void);

/* Count a row held in the quarantine, for the notice at the statement's end. */
extern void audit_note_held(const char *table);

/* Run fn as the owner of the audit and quarantine tables, restricted. */
extern void records_as_owner(void (*fn) (void *), void *arg);

/* Around each enforce() call: nothing is flushed while a row is decided. */
extern void audit_enter_trigger(void);
extern void audit_leave_trigger(void);

/* Install the executor and utility hooks and transaction callbacks. */
extern void audit_init(void);

#endif							/* EMBARGO_AUDIT_H */
