/*
 * index_support.h
 *		Planner support that turns containment tests into btree range scans.
 */
#ifndef EMBARGO_INDEX_SUPPORT_H
#define EMBARGO_INDEX_SUPPORT_H

#include "fmgr.h"
#include "nodes/nodes.h"

/*
 * How one type maps "contained in X" to a btree range [start(X), end(X)].
 * exact_fn says whether that range holds only contained values for the
 * constant X (the executor rechecks the operator otherwise).  start_fn and
 * end_fn name the SQL functions computing the bounds, used when X is not a
 * constant but a parameter or outer reference (joins, correlated subqueries);
 * a NULL start_fn means the range starts at X itself.
 */
typedef struct ContainmentRange
{
	const char *opfamily;		/* name of the type's btree opfamily */
	const char *start_fn;
	const char *end_fn;
	Datum		(*start) (Datum outer);
	Datum		(*end) (Datum outer);
	bool		(*exact) (Datum outer);
	bool		exact_for_expressions;
} ContainmentRange;

extern Node *containment_support(Node *rawreq, int outer_argno,
								 const ContainmentRange *range);

#endif							/* EMBARGO_INDEX_SUPPORT_H */
