/*
 * explain_conflict.h
 *		What explain() says of critical and conflict minerals: the mineral a
 *		list-scoped rule saw in the goods, the CAHRA area the origin or hop
 *		lies in (or not), the status of the facility a hop names.
 */
#ifndef EMBARGO_EXPLAIN_CONFLICT_H
#define EMBARGO_EXPLAIN_CONFLICT_H

#include "lib/stringinfo.h"
#include "rule_match.h"

/* ", lithium (intermediate) on list eu_crma_strategic" for prefix i of a list-scoped rule. */
extern void describe_list_code(StringInfo why, const RsRule *r, int i);

/* Sentences on what the rule's CAHRA and facility scopes found. */
extern void describe_conflict(StringInfo why, const RsMatch *m);

#endif							/* EMBARGO_EXPLAIN_CONFLICT_H */
