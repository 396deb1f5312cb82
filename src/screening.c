/*
 * screening.c
 *		From a declared origin to a verdict: the stage between tagging and
 *		matching.  It tags; the matcher (rule_match.c) matches what it is
 *		handed.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "embargo.h"
#include "gazetteer.h"
#include "compat.h"
#include "lib/stringinfo.h"
#include "ownership.h"
#include "party.h"
#include "rule_cache.h"
#include "rule_evidence.h"
#include "rule_jurisdiction.h"
#include "history.h"
#include "screening.h"
#include "tagging.h"
#include "utils/array.h"
#include "utils/builtins.h"

bool
screening_cannot(Screening *s, int code, const char *why)
{
	s->problem_code = code;
	s->problem = why;
	s->verdict = VERDICT_REVIEW;
	return false;
}

/* An unknown jurisdiction is a problem: a misspelt one must not screen everything as allowed. */
static bool
prepare_jurisdiction(Screening *s, text *given)
{
	s->query.jurisdiction = ruleset_jurisdiction(s->rules, given);
	if (s->query.jurisdiction < 0)
	{
		s->jurisdiction = text_to_cstring(given);
		return screening_cannot(s, ERRCODE_INVALID_PARAMETER_VALUE,
							 psprintf("no rules for jurisdiction \"%s\"", s->jurisdiction));
	}
	s->jurisdiction = s->rules->jurisdictions[s->query.jurisdiction];
	return true;
}

bool
screening_begin(Screening *s, text *jurisdiction, DateADT day)
{
	/* field by field: the query's custody buffer is large, and left unread until needed */
	s->rules = ruleset_get();
	s->origin = NULL;
	s->jurisdiction = NULL;
	s->unknown_evidence = NULL;
	s->verdict = VERDICT_ALLOW;
	s->problem_code = 0;
	s->problem = NULL;
	s->parties = NIL;
	s->query.origin = NULL;
	s->query.jurisdiction = 0;
	s->query.evidence_datum = (Datum) 0;
	s->query.evidence = NULL;
	s->query.custody_datum = (Datum) 0;
	s->query.custody = NULL;
	if (DATE_NOT_FINITE(day))
		return screening_cannot(s, ERRCODE_DATETIME_VALUE_OUT_OF_RANGE,
								"the shipment date must be finite");
	return prepare_jurisdiction(s, jurisdiction);
}

/* The declared origin's tag: given, or from a place name, or a territory and place id. */
static bool
tag_declared(Screening *s, const Declared *d, bool soft)
{
	const char *problem = NULL;

	if (d->origin != NULL)
		s->origin = d->origin;
	else if (d->place_name != NULL)
		s->origin = origin_tag_named(gazetteer_get(), d->place_name, d->has_territory, d->territory,
									 d->day, soft ? &problem : NULL);
	else
		s->origin = origin_tag(gazetteer_get(), d->has_territory, d->territory, d->place, d->day);
	return problem == NULL || screening_cannot(s, ERRCODE_INVALID_PARAMETER_VALUE, problem);
}

bool
screening_prepare(Screening *s, const Declared *d, bool soft)
{
	if (!tag_declared(s, d, soft))
		return false;
	s->query.origin = s->origin;
	s->query.hs = d->hs;
	s->query.day = d->day;
	/* no evidence, and no chain, mean none */
	s->query.evidence_datum = d->evidence != 0 ? d->evidence : PointerGetDatum(empty_array(TEXTOID));
	s->query.custody_datum = d->custody;
	s->unknown_evidence = ruleset_unknown_evidence(s->rules, s->query.jurisdiction,
											 s->query.evidence_datum, &s->query.evidence);
	return true;
}

char *
screening_jurisdictions_hint(const RuleSet *rs)
{
	StringInfoData known;

	if (rs->njurisdictions == 0)
		return NULL;
	initStringInfo(&known);
	for (int i = 0; i < rs->njurisdictions; i++)
		appendStringInfo(&known, "%s%s", i > 0 ? ", " : "", rs->jurisdictions[i]);
	return psprintf("Jurisdictions with rules: %s.", known.data);
}

/* A hop whose place is wrong is found only when a rule looks at it: say which. */
static void
hop_error_context(void *arg)
{
	errcontext("hop %d of the chain of custody", *(int *) arg + 1);
}

/*
 * A hop as the matcher needs it: who held its territory or place on the
 * hop's date (the shipment's if undated), or only where it lies, made
 * precise by its place.
 */
static Origin
judge_hop(const CustodyHop *h, RsHopNeed need, DateADT shipment_day)
{
	Origin		o = {.territory = h->territory, .place = h->place};

	if (need == HOP_NEEDS_TAG)
		return *origin_tag(gazetteer_get(), true, h->territory, h->place,
						   hop_dated(h) ? h->day : shipment_day);
	if (h->place != 0)
		o.territory = place_territory(gazetteer_get(), h->place, true, h->territory);
	return o;
}

/*
 * Call fn for every rule that applies, until fn returns false: rules about
 * the declared origin, hop rules it stands in for, then hop rules on each
 * hop the matcher asks for, tagged here as far as it asks.
 */
static void
for_each_match(Screening *s, MatchCallback fn, void *arg)
{
	RsMatching	mt;
	const Custody *chain;
	int			current = 0;
	ErrorContextCallback where = {.callback = hop_error_context, .arg = &current};

	if (!rule_match_declared(&mt, s->rules, &s->query, fn, arg))
		return;
	chain = s->query.custody;
	where.previous = error_context_stack;
	error_context_stack = &where;
	for (int i = 0; i < chain->nhops; i++)
	{
		RsHopNeed	need = rule_match_hop_need(&mt, i);
		Origin		judged;

		if (need == HOP_NOT_JUDGED)
			continue;
		current = i;
		judged = judge_hop(&chain->hops[i], need, s->query.day);
		if (!rule_match_hop(&mt, i, &judged, need == HOP_NEEDS_TAG))
			break;
	}
	error_context_stack = where.previous;
}

static bool
keep_most_severe(const RsMatch *m, void *arg)
{
	Verdict    *worst = arg;

	if (m->lifted_by == NULL && m->action > *worst)
		*worst = m->action;
	return *worst < VERDICT_PROHIBIT;	/* nothing is worse: stop looking */
}

Verdict
screening_verdict(Screening *s)
{
	Verdict		worst = VERDICT_ALLOW;

	for_each_match(s, keep_most_severe, &worst);
	s->verdict = worst;
	return worst;
}

/* Each rule once: where a hop rule applies to several hops, the most severe. */
static bool
collect(const RsMatch *m, void *arg)
{
	List	  **list = arg;
	RsMatch    *copy;
	ListCell   *lc;

	foreach(lc, *list)
	{
		RsMatch    *seen = lfirst(lc);

		if (seen->rule == m->rule)
		{
			if (m->action > seen->action)
				*seen = *m;
			return true;
		}
	}
	copy = palloc(sizeof(RsMatch));
	*copy = *m;
	*list = lappend(*list, copy);
	return true;
}

List *
screening_matches(Screening *s)
{
	List	   *list = NIL;

	for_each_match(s, collect, &list);
	return list;
}

/*
 * Match one party and keep its hits; the verdict they give.  Only explain()
 * (all) says why, so only it needs the query's words: the others go through
 * the memo.
 */
static Verdict
screen_party(Screening *s, const PartyIndex *px, text *name, int ordinal, bool all)
{
	PartyQuery	q;
	List	   *hits;
	ListCell   *lc;
	Verdict		worst = VERDICT_ALLOW;

	party_query_init(&q, px, NULL, s->query.day);
	if (all)
	{
		/* party_match() parses the name the lookup of one's own parties reuses */
		hits = party_match(&q, VARDATA_ANY(name), VARSIZE_ANY_EXHDR(name));
		hits = party_apply_ownership(&q, hits, s->jurisdiction,
									 ownership_own_node(px, VARDATA_ANY(name), VARSIZE_ANY_EXHDR(name), &q.name));
	}
	else
		hits = party_match_memo(&q, VARDATA_ANY(name), VARSIZE_ANY_EXHDR(name), s->jurisdiction);
	foreach(lc, hits)
	{
		ScreenedParty *p = palloc(sizeof(ScreenedParty));

		p->ordinal = ordinal;
		p->party = text_to_cstring(name);
		p->query = q;
		p->hit = lfirst(lc);
		p->verdict = party_hit_verdict(&q, p->hit, s->jurisdiction);
		if (p->verdict > worst)
			worst = p->verdict;
		s->parties = lappend(s->parties, p);
	}
	return worst;
}

bool
screening_parties(Screening *s, Datum parties, bool is_array, bool all, bool soft)
{
	const PartyIndex *px;
	Datum	   *names = &parties;
	bool	   *nulls = NULL;
	int			n = 1;

	if (is_array)
		deconstruct_array(DatumGetArrayTypeP(parties), TEXTOID, -1, false, TYPALIGN_INT, &names, &nulls, &n);
	if (n == 0)
		return true;
	px = party_index_current();		/* screening_begin() took in invalidations */
	if (!party_jurisdiction_loaded(px, s->jurisdiction))
	{
		if (!soft)
			party_check_jurisdiction(px, s->jurisdiction);
		return screening_cannot(s, ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE,
								psprintf("no sanctions list of jurisdiction \"%s\" is loaded to screen its parties",
										 s->jurisdiction));
	}
	for (int i = 0; i < n && (all || s->verdict < VERDICT_PROHIBIT); i++)
		if (nulls == NULL || !nulls[i])
		{
			Verdict		v = screen_party(s, px, DatumGetTextPP(names[i]), i + 1, all);

			s->verdict = Max(s->verdict, v);
		}
	return true;
}

const char *
screening_version(const RuleSet *rs)
{
	static char combined[33];
	static char rules_seen[33];
	static char lists_seen[33];
	const PartyIndex *px;
	const char *errstr = NULL;
	const char *knowledge = history_current_version();
	char	   *both;

	/* from 0.6, the version of all the knowledge, as its history records it */
	if (knowledge != NULL)
		return knowledge;
	px = party_index_current(); /* rs was just got */
	if (!party_jurisdiction_loaded(px, NULL) || px->version[0] == '\0' || rs->version[0] == '\0')
		return rs->version;
	if (strcmp(rules_seen, rs->version) == 0 && strcmp(lists_seen, px->version) == 0)
		return combined;
	both = psprintf("%s/%s", rs->version, px->version);
	if (!pg_md5_hash_compat(both, strlen(both), combined, &errstr))
		return rs->version;
	strlcpy(rules_seen, rs->version, sizeof(rules_seen));
	strlcpy(lists_seen, px->version, sizeof(lists_seen));
	return combined;
}
