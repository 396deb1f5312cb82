/*
 * rescreen_log.h
 *		What rescreen() records of a changed decision: a row of
 *		embargo.rescreen_log and an audit row (outcome rescreened).
 */
#ifndef EMBARGO_RESCREEN_LOG_H
#define EMBARGO_RESCREEN_LOG_H

#include "rescreen_scope.h"

typedef struct LogEntry
{
	Rescreen   *r;
	const char *key;
	int64		quarantine_id;
	bool		old_null;
	Oid			old_verdict;
	const char *old_rules_text; /* or NULL */
	StoredScreening *now;
} LogEntry;

/* The log's insert, prepared once per call of rescreen(). */
extern SPIPlanPtr rescreen_prepare_log(Rescreen *r);

/* Log (in one statement) and audit n changed decisions, and count them. */
extern void rescreen_record_changes(LogEntry *entries, int n);

/* A one-dimensional array of n values of a type (nulls may be NULL: none). */
extern Datum rescreen_array(Datum *values, bool *nulls, int n, Oid elemtype);

/* An int4[] of rule ids as text ({1,2}). */
extern char *rescreen_rules_text(Datum rules);

#endif							/* EMBARGO_RESCREEN_LOG_H */
