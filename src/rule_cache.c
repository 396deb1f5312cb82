/*
 * rule_cache.c
 *		The rule set as a part of the per-backend cache (cache.c): loaded
 *		(rule_load.c), then compiled (rule_evidence.c, rule_index.c), on first
 *		use after a change to the rule tables.
 */
#include "postgres.h"

#include "cache.h"
#include "rule_cache.h"
#include "rule_evidence.h"
#include "rule_index.h"
#include "rule_load.h"

static void
load_rule_set(void *data, MemoryContext cxt)
{
	RuleSet    *rs = data;

	rule_load(rs, cxt);
	rule_evidence_index(rs, cxt);
	rule_index_build(rs, cxt);
}

static CachePart rules_part = {
	.name = "embargo rule set",
	.sources = {"rule", "rule_exception", "authority", "rule_override", "critical_list", "critical_mineral",
	"cahra_edition", "cahra_area", "smelter", "smelter_status"},
	.size = sizeof(RuleSet),
	.load = load_rule_set,
};

const RuleSet *
ruleset_get(void)
{
	return cache_part_get(&rules_part);
}
