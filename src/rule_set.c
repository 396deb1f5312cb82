/*
 * rule_set.c
 *		What every stage of the rules engine shares about a rule set: the
 *		verdicts' names and the orders rules and backers are kept in.
 */
#include "postgres.h"

#include "embargo.h"
#include "rule_set.h"

/* In the order of the enum embargo.verdict: a Verdict indexes them. */
const char *const verdict_names[VERDICT_COUNT] = {"allow", "review", "licence", "prohibit"};

int
ruleset_rule_cmp(const void *a, const void *b)
{
	return cmp_int32(((const RsRule *) a)->id, ((const RsRule *) b)->id);
}

int
ruleset_backer_cmp(const void *a, const void *b)
{
	return cmp_int32(((const RsBacker *) a)->authority, ((const RsBacker *) b)->authority);
}
