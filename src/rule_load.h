/*
 * rule_load.h
 *		The rule loader: fills a RuleSet from the extension's tables.
 */
#ifndef EMBARGO_RULE_LOAD_H
#define EMBARGO_RULE_LOAD_H

#include "rule_set.h"

/* Rules, exceptions, backers, verdict values and the version; in SPI. */
extern void rule_load(RuleSet *rs, MemoryContext cxt);

#endif							/* EMBARGO_RULE_LOAD_H */
