/*
 * rule_jurisdiction.h
 *		Which of a rule set's jurisdictions a row names.
 */
#ifndef EMBARGO_RULE_JURISDICTION_H
#define EMBARGO_RULE_JURISDICTION_H

#include "rule_set.h"

/* The index of the jurisdiction named by a text, or -1. */
extern int	ruleset_jurisdiction(const RuleSet *rs, text *name);

#endif							/* EMBARGO_RULE_JURISDICTION_H */
