/*
 * rule_evidence.h
 *		Evidence codes: the documents a shipment comes with, and the
 *		exceptions they invoke.
 */
#ifndef EMBARGO_RULE_EVIDENCE_H
#define EMBARGO_RULE_EVIDENCE_H

#include "rule_set.h"
#include "utils/array.h"

/* Index the codes each jurisdiction's exceptions name; at load. */
extern void rule_evidence_index(RuleSet *rs, MemoryContext cxt);

/*
 * The first code of the evidence no exception of the jurisdiction names, or
 * NULL; *evidence is the array detoasted, if it had to be (start with NULL).
 */
extern const char *ruleset_unknown_evidence(const RuleSet *rs, int jurisdiction,
											Datum evidence_datum, ArrayType **evidence);

/* A hint naming the codes that lift some rule of the jurisdiction on the day. */
extern char *ruleset_evidence_hint(const RuleSet *rs, int jurisdiction, DateADT day);

/* The exception of the rule the query's evidence invokes on its day, or NULL. */
extern const RsException *rule_lifting_exception(const RsRule *r, DateADT day, ArrayType *evidence);

#endif							/* EMBARGO_RULE_EVIDENCE_H */
