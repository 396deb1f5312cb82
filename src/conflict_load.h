/*
 * conflict_load.h
 *		Loading what the rule set knows of critical and conflict minerals:
 *		the CAHRA editions and smelters, and the HS prefixes of the
 *		critical-mineral lists rules are scoped to.
 */
#ifndef EMBARGO_CONFLICT_LOAD_H
#define EMBARGO_CONFLICT_LOAD_H

#include "rule_set.h"

/* Fill rs->conflict: CAHRA editions and areas, smelters and their statuses. */
extern void conflict_load(RuleSet *rs, MemoryContext cxt);

/*
 * Give each rule scoped to a list the list's HS prefixes, within its own
 * (both must hold); a rule left with none can cover no goods and is
 * switched off.
 */
extern void conflict_expand_lists(RuleSet *rs, MemoryContext cxt);

#endif							/* EMBARGO_CONFLICT_LOAD_H */
