/*
 * rule_cache.h
 *		The current rule set, from the per-backend cache.
 */
#ifndef EMBARGO_RULE_CACHE_H
#define EMBARGO_RULE_CACHE_H

#include "rule_set.h"

/* The current rule set, rebuilt first if a change invalidated it. */
extern const RuleSet *ruleset_get(void);

#endif							/* EMBARGO_RULE_CACHE_H */
