/*
 * embargo.h
 *		Small things every part of the extension shares: the schema its
 *		tables live in, and helpers for sorted arrays and date ranges.
 */
#ifndef EMBARGO_EMBARGO_H
#define EMBARGO_EMBARGO_H

#include "fmgr.h"
#include "utils/array.h"
#include "utils/date.h"
#include "utils/tuplestore.h"

/* The extension is not relocatable: its tables are always here. */
#define EXTENSION_SCHEMA	"embargo"

static inline int
cmp_int32(int32 a, int32 b)
{
	return a < b ? -1 : a > b;
}

/* The position of s among n names, or -1. */
static inline int
name_index(const char *const *names, int n, const char *s)
{
	for (int i = 0; i < n; i++)
		if (strcmp(names[i], s) == 0)
			return i;
	return -1;
}

/* Whether day falls in [from, until); open ends are DATEVAL_NOBEGIN/NOEND. */
static inline bool
active_on(DateADT from, DateADT until, DateADT day)
{
	return from <= day && day < until;
}

/* Set up a set-returning function to return its rows in a tuplestore. */
extern Tuplestorestate *materialize_result(FunctionCallInfo fcinfo, TupleDesc *desc);

/* An empty array of this element type, made once per backend: never pfree it. */
extern ArrayType *empty_array(Oid elemtype);

/* YYYY-MM-DD, whatever DateStyle says; buf has ISO_DATE_BUFLEN bytes. */
#define ISO_DATE_BUFLEN 11
extern void format_iso_date(DateADT d, char *buf);
/* The same in memory of its own: several may be in one message. */
extern const char *iso_date(DateADT d);

/*
 * Room for element n of an array growing in cxt: arr itself, or arr moved to
 * twice its capacity (64 elements when arr is NULL).
 */
extern void *grow_array(void *arr, int n, int *capacity, Size elem, MemoryContext cxt);

#endif							/* EMBARGO_EMBARGO_H */
