/*
 * index_support.h
 *		Planner support that turns containment tests into btree range scans.
 */
#ifndef EMBARGO_INDEX_SUPPORT_H
#define EMBARGO_INDEX_SUPPORT_H

#include "fmgr.h"
#include "nodes/nodes.h"

/*
 * Given the constant container, compute the btree range [*lo, *hi] that holds
 * everything it contains.  Set *exact to false when the range may also hold
 * values that are not contained (the executor then rechecks the operator).
 */
typedef void (*ContainedRangeFn) (Datum outer, Datum *lo, Datum *hi, bool *exact);

extern Node *containment_support(Node *rawreq, int outer_argno,
								 const char *opfamily_name,
								 ContainedRangeFn range_fn);

#endif							/* EMBARGO_INDEX_SUPPORT_H */
