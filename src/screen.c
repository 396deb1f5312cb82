/*
 * screen.c
 *		SQL entry points of the rules engine: screen(), explain() and
 *		ruleset_version().  The way to a verdict is in screening.c.
 */
#include "postgres.h"

#include "embargo.h"
#include "explain_conflict.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "gazetteer.h"
#include "party.h"
#include "party_why.h"
#include "place.h"
#include "rule_cache.h"
#include "rule_evidence.h"
#include "screen.h"
#include "screening.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/datetime.h"
#include "utils/tuplestore.h"

PG_FUNCTION_INFO_V1(screen_origin);
PG_FUNCTION_INFO_V1(screen_declared);
PG_FUNCTION_INFO_V1(explain_origin);
PG_FUNCTION_INFO_V1(explain_declared);
PG_FUNCTION_INFO_V1(ruleset_version);

/* Raise the problem that keeps a shipment from being screened. */
static void
report_problem(const Screening *s)
{
	bool		unknown_jurisdiction = s->query.jurisdiction < 0;
	char	   *hint = unknown_jurisdiction ? screening_jurisdictions_hint(s->rules) : NULL;

	ereport(ERROR,
			(errcode(s->problem_code),
			 errmsg("%s", s->problem),
			 hint ? errhint("%s", hint) :
			 unknown_jurisdiction ? errdetail("Table embargo.rule has no rows.") : 0));
}

/*
 * A code no exception of the jurisdiction names would lift nothing: most
 * likely a typo, which must not pass silently.
 */
static void
report_unknown_evidence(const Screening *s)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("unknown evidence code \"%s\" for jurisdiction \"%s\"", s->unknown_evidence,
					s->jurisdiction),
			 errdetail("No exception of the rules of %s names it, so it would lift nothing.",
					   s->jurisdiction),
			 errhint("%s", ruleset_evidence_hint(s->rules, s->query.jurisdiction, s->query.day))));
}

/*
 * Whether a value screening needs is NULL: the origin or territory and
 * place (before first), hs, day or jurisdiction.  screen() and explain()
 * are not STRICT, so that NULL evidence, custody or parties can mean
 * "none".
 */
static bool
needed_arg_null(FunctionCallInfo fcinfo, int first)
{
	for (int i = first; i < first + 3; i++)
		if (PG_ARGISNULL(i))
			return true;
	return false;
}

/*
 * Screen a shipment from arguments hs, day, jurisdiction, evidence and, in
 * the overloads that have it, custody at positions first..first+4; d holds
 * the origin.  What cannot be screened is an error.
 */
static void
prepare(FunctionCallInfo fcinfo, Declared *d, int first, Screening *s)
{
	d->hs = PG_GETARG_HSCODE(first);
	d->day = PG_GETARG_DATEADT(first + 1);
	d->evidence = PG_ARGISNULL(first + 3) ? (Datum) 0 : PG_GETARG_DATUM(first + 3);
	d->custody = PG_NARGS() > first + 4 && !PG_ARGISNULL(first + 4) ?
		PG_GETARG_DATUM(first + 4) : (Datum) 0;
	if (!screening_begin(s, PG_GETARG_TEXT_PP(first + 2), d->day))
		report_problem(s);
	screening_prepare(s, d, false);
	if (s->unknown_evidence != NULL)
		report_unknown_evidence(s);
}

/*
 * The shipment's parties, in the overloads that have them (after custody):
 * the verdict becomes the strictest of origin and parties.
 */
static void
screen_parties(FunctionCallInfo fcinfo, int first, Screening *s, bool all)
{
	int			arg = first + 5;

	if (PG_NARGS() > arg && !PG_ARGISNULL(arg))
		screening_parties(s, PG_GETARG_DATUM(arg), true, all, false);
}

/* embargo.screen(origin, hscode, on_date, jurisdiction, evidence[, custody[, parties]]) */
Datum
screen_origin(PG_FUNCTION_ARGS)
{
	Declared	d = {0};
	Screening	s;

	if (PG_ARGISNULL(0) || needed_arg_null(fcinfo, 1))
		PG_RETURN_NULL();
	d.origin = PG_GETARG_ORIGIN_P(0);
	prepare(fcinfo, &d, 1, &s);
	screening_verdict(&s);
	screen_parties(fcinfo, 1, &s, false);
	PG_RETURN_OID(s.rules->verdict_oids[s.verdict]);
}

/*
 * embargo.screen(territory, place text, hscode, on_date, jurisdiction,
 * evidence[, custody]): tag the declared origin on the date, then screen it.
 */
Datum
screen_declared(PG_FUNCTION_ARGS)
{
	Declared	d = {.has_territory = !PG_ARGISNULL(0)};
	Screening	s;

	if (needed_arg_null(fcinfo, 2))
		PG_RETURN_NULL();
	if (!d.has_territory && PG_ARGISNULL(1))
		PG_RETURN_NULL();
	d.territory = d.has_territory ? PG_GETARG_TERRITORY(0) : 0;
	if (!PG_ARGISNULL(1))
		d.place_name = PG_GETARG_TEXT_PP(1);
	prepare(fcinfo, &d, 2, &s);
	screening_verdict(&s);
	screen_parties(fcinfo, 2, &s, false);
	PG_RETURN_OID(s.rules->verdict_oids[s.verdict]);
}


/* What was judged: "origin UA-23 (place 7)" or "hop 2 (smelted:RU@2024-06-01)". */
static void
describe_judged(StringInfo why, const RsMatch *m, const RsQuery *q)
{
	char		code[TERRITORY_BUFLEN];

	if (m->hop >= 0)
	{
		appendStringInfo(why, "hop %d (", m->hop + 1);
		custody_format_hop(why, q->custody, m->hop);
		appendStringInfoChar(why, ')');
		return;
	}
	territory_format(m->judged.territory, code);
	appendStringInfo(why, "origin %s", code);
	if (m->judged.place != 0)
		appendStringInfo(why, " (place %d)", m->judged.place);
}

static void
describe_origin_scope(StringInfo why, const RsRule *r, const Origin *o)
{
	char		code[TERRITORY_BUFLEN];
	char		controller[CONTROLLER_BUFLEN];
	char		actual[CONTROLLER_BUFLEN];
	int			n = 0;

	if (r->place != 0)
		appendStringInfo(why, "%s is place %d", n++ ? "," : "", r->place);
	if (r->territory >= 0)
	{
		territory_format(r->territory, code);
		appendStringInfo(why, "%s lies in %s", n++ ? "," : "", code);
	}
	if (r->controller != 0)
	{
		controller_format(r->controller, controller);
		controller_format(o->controller, actual);
		/* a contested origin is only partly held by the controller */
		appendStringInfo(why, "%s is %sheld by %s", n++ ? "," : "",
						 o->status == ORIGIN_CONTESTED ? "contested, partly " : "", actual);
		if (r->controller != o->controller)
			appendStringInfo(why, ", backed by %s", controller);
	}
	if (r->status != STATUS_ANY)
		appendStringInfo(why, "%s is %s", n++ ? "," : "", origin_status_name(o->status));
	if (n == 0)
		appendStringInfoString(why, ": the rule covers any origin");
}

static void
describe_goods_and_dates(StringInfo why, const RsRule *r, HsCode hs)
{
	char		code[HSCODE_BUFLEN];
	char		prefix[HSCODE_BUFLEN];

	hscode_format(hs, code);
	if (r->nhs == 0)
		appendStringInfo(why, "; the rule covers all goods");
	for (int i = 0; i < r->nhs; i++)
		if (hscode_contains(r->hs[i], hs))
		{
			hscode_format(r->hs[i], prefix);
			appendStringInfo(why, "; HS %s falls under %s", code, prefix);
			describe_list_code(why, r, i);
			break;
		}
	if (r->from != DATEVAL_NOBEGIN && r->until != DATEVAL_NOEND)
		appendStringInfo(why, "; in force for shipments from %s until %s", iso_date(r->from),
						 iso_date(r->until - 1));
	else if (r->from != DATEVAL_NOBEGIN)
		appendStringInfo(why, "; in force for shipments from %s", iso_date(r->from));
	else if (r->until != DATEVAL_NOEND)
		appendStringInfo(why, "; in force for shipments until %s", iso_date(r->until - 1));
}

/* "mined, smelted or cast" */
static void
describe_roles(StringInfo why, uint16 roles)
{
	int			n = 0;
	int			total = 0;

	for (int r = 0; r < HOP_ROLE_COUNT; r++)
		total += (roles & HOP_ROLE_BIT(r)) != 0;
	for (int r = 0; r < HOP_ROLE_COUNT; r++)
		if (roles & HOP_ROLE_BIT(r))
		{
			n++;
			appendStringInfo(why, "%s%s", n == 1 ? "" : n == total ? " or " : ", ", hop_role_name(r));
		}
}

/* Which hop a hop rule looked at, and why that one. */
static void
describe_hop_scope(StringInfo why, const RsMatch *m, const RsQuery *q)
{
	const RsRule *r = m->rule;

	if (r->hop_roles == 0)
		return;
	if (m->stand_in)
	{
		appendStringInfoString(why, q->custody_datum != 0 ? " The chain has no hop that was " :
							   " No chain of custody was given for a hop that was ");
		describe_roles(why, r->hop_roles);
		appendStringInfoString(why, ", so the declared origin stands in for it.");
	}
	else if (r->hop_select == HOP_SELECT_LAST)
	{
		appendStringInfoString(why, " It is the last hop of the chain that was ");
		describe_roles(why, r->hop_roles);
		appendStringInfoChar(why, '.');
	}
	else if (r->hop_select == HOP_SELECT_EARLIER)
		appendStringInfoString(why, " Its goods were transformed further at a later hop.");
	if (r->hop_date_from == DATEVAL_NOBEGIN)
		return;
	if (m->undated)
		appendStringInfo(why, " The hop has no date, so nothing shows it predates the cut-off %s.",
						 iso_date(r->hop_date_from));
	else
		appendStringInfo(why, " Dated %s, on or after the cut-off %s.",
						 iso_date(q->custody->hops[m->hop].day), iso_date(r->hop_date_from));
}

/* The most severe category of hostilities in force on the place on the day, or NULL. */
static const GzHostility *
worst_hostility(const Gazetteer *g, int32 place, DateADT day)
{
	const GzHostility *h;
	const GzHostility *worst = NULL;
	int			n = gazetteer_hostilities(g, place, &h);

	/* active before possible */
	for (int i = 0; i < n; i++)
		if (active_on(h[i].from, h[i].until, day) && (worst == NULL || h[i].kind < worst->kind))
			worst = &h[i];
	return worst;
}

/*
 * Where the place judged, or a place it lies in, is an area of hostilities
 * on the day as an official list gives it: information, not control.
 */
static void
describe_hostilities(StringInfo why, int32 place, DateADT day)
{
	static const char *const kinds[] = {
		[HOSTILITY_ACTIVE] = "active hostilities",
		[HOSTILITY_ACTIVE_WITH_E_RESOURCES] = "active hostilities (state e-resources working)",
		[HOSTILITY_POSSIBLE] = "possible hostilities",
	};
	const Gazetteer *g;

	if (place == 0)
		return;
	g = gazetteer_get();
	for (int depth = 0; place != 0 && depth < PLACE_CHAIN_MAX; depth++)
	{
		const GzPlace *p = gazetteer_place(g, place);
		const GzHostility *h = worst_hostility(g, place, day);

		if (h != NULL)
		{
			appendStringInfo(why, " %s lies in an area of %s", p ? p->name : "The place", kinds[h->kind]);
			if (h->from != DATEVAL_NOBEGIN)
				appendStringInfo(why, " since %s", iso_date(h->from));
			appendStringInfoString(why, " (official list; it does not make the place occupied).");
			return;
		}
		place = p != NULL ? p->parent : 0;
	}
}

/* A sentence or two a compliance officer can paste into a case file. */
static char *
explain_match(const RsMatch *m, const RsQuery *q)
{
	const RsRule *r = m->rule;
	StringInfoData why;
	char		controller[CONTROLLER_BUFLEN];

	initStringInfo(&why);
	describe_judged(&why, m, q);
	describe_origin_scope(&why, r, &m->judged);
	describe_goods_and_dates(&why, r, q->hs);
	appendStringInfoChar(&why, '.');
	describe_hop_scope(&why, m, q);
	describe_conflict(&why, m);
	describe_hostilities(&why, m->judged.place, q->day);
	if (m->capped)
	{
		controller_format(m->judged.controller, controller);
		appendStringInfo(&why, " The origin is contested (%s holds part of it and the location is "
						 "too coarse to tell which), so the rule asks for review rather than %s.",
						 controller, verdict_name(r->action));
	}
	if (m->lifted_by != NULL)
		appendStringInfo(&why, " Lifted by evidence \"%s\": %s (%s).", m->lifted_by->evidence,
						 m->lifted_by->description, m->lifted_by->citation);
	if (r->note != NULL)
		appendStringInfo(&why, " Note: %s", r->note);
	return why.data;
}

static Verdict
match_verdict(const RsMatch *m)
{
	return m->lifted_by != NULL ? VERDICT_ALLOW : m->action;
}

/* Most severe first, then by rule id. */
static int
match_order(const ListCell *a, const ListCell *b)
{
	const RsMatch *x = lfirst(a);
	const RsMatch *y = lfirst(b);

	if (match_verdict(x) != match_verdict(y))
		return match_verdict(x) > match_verdict(y) ? -1 : 1;
	return x->rule->id < y->rule->id ? -1 : x->rule->id > y->rule->id;
}

static Datum
text_or_null(const char *s, bool *isnull)
{
	*isnull = s == NULL;
	return s != NULL ? CStringGetTextDatum(s) : (Datum) 0;
}

/* An explain() call with an input NULL: no rows. */
static Datum
explain_none(FunctionCallInfo fcinfo)
{
	TupleDesc	desc;

	(void) materialize_result(fcinfo, &desc);
	return (Datum) 0;
}

/* "The place name "X" means 3 places: A (UA-23, village, UA2308...), ..." */
static char *
describe_candidates(text *name, const GzPlace **c, int n)
{
	StringInfoData s;
	char		code[TERRITORY_BUFLEN];

	initStringInfo(&s);
	appendStringInfo(&s, " The place name \"%s\" means %d places: ", text_to_cstring(name), n);
	for (int i = 0; i < n; i++)
	{
		territory_format(c[i]->territory, code);
		appendStringInfo(&s, "%s%s (%s, %s", i > 0 ? "; " : "", c[i]->name, code, c[i]->kind);
		if (c[i]->katotth != 0)
			appendStringInfo(&s, ", UA" INT64_FORMAT, c[i]->katotth);
		appendStringInfoString(&s, ")");
	}
	appendStringInfoString(&s, ": the origin is tagged as they all were, or contested; "
						   "a KATOTTH code names one.");
	return s.data;
}

/* One row of explain(): the rule, its verdict here, [the hop,] its basis, and why. */
static void
put_match_row(Tuplestorestate *store, TupleDesc desc, const Screening *s, const RsMatch *m,
			  const char *preface)
{
	Datum		values[7];
	bool		nulls[7] = {false};
	int			n = 0;
	char	   *why = explain_match(m, &s->query);

	values[n++] = Int32GetDatum(m->rule->id);
	values[n++] = ObjectIdGetDatum(s->rules->verdict_oids[match_verdict(m)]);
	if (desc->natts == 7)
	{
		nulls[n] = m->hop < 0;
		values[n++] = Int32GetDatum(m->hop + 1);
	}
	values[n] = text_or_null(m->rule->instrument, &nulls[n]), n++;
	values[n] = text_or_null(m->rule->article, &nulls[n]), n++;
	values[n] = text_or_null(m->rule->citation, &nulls[n]), n++;
	values[n++] = CStringGetTextDatum(preface ? psprintf("%s%s", why, preface) : why);
	tuplestore_putvalues(store, desc, values, nulls);
}

/* Most severe first, then best score, then the party's place in the shipment. */
static int
party_order(const ListCell *a, const ListCell *b)
{
	const ScreenedParty *x = lfirst(a);
	const ScreenedParty *y = lfirst(b);

	if (x->verdict != y->verdict)
		return x->verdict > y->verdict ? -1 : 1;
	if (x->hit->score != y->hit->score)
		return x->hit->score > y->hit->score ? -1 : 1;
	return x->ordinal - y->ordinal;
}

/* One row of explain() for a party match: no rule; the list entry in article. */
static void
put_party_row(Tuplestorestate *store, TupleDesc desc, const Screening *s, const ScreenedParty *p)
{
	const PartyIndex *px = p->query.px;
	const PartyEntry *e = &px->entries[p->hit->entry];
	const PartyList *l = &px->lists[e->list];
	bool		own = party_hit_is_own(px, p->hit);
	const char *citation = e->citation;
	Datum		values[7];
	bool		nulls[7] = {true, false, true, false, false, false, false};
	StringInfoData why;

	initStringInfo(&why);
	if (own)
		appendStringInfo(&why, "Party %d \"%s\" is a party of your own", p->ordinal, p->party);
	else
	{
		appendStringInfo(&why, "Party %d \"%s\" %s %s:%s (%s; ", p->ordinal, p->party,
						 p->hit->score >= p->query.match_threshold ? "matches" : "possibly matches",
						 l->list, e->entry_id, e->kind);
		for (int i = 0; i < e->nprograms; i++)
			appendStringInfo(&why, "%s%s", i ? ", " : "", e->programs[i]);
		appendStringInfo(&why, "), score %.3f; the listing is %s under %s. ", p->hit->score,
						 party_meaning_name(px, p->hit, s->jurisdiction), s->jurisdiction);
	}
	if (!own)
		party_hit_why(&p->query, p->hit, &why);
	party_hit_ownership(&p->query, p->hit, s->jurisdiction, &why, &citation);
	appendStringInfoChar(&why, '.');
	values[1] = ObjectIdGetDatum(s->rules->verdict_oids[p->verdict]);
	values[3] = CStringGetTextDatum(own ? "ownership records (embargo.ownership)" :
									psprintf("sanctions list %s, edition %s", l->list, iso_date(l->edition)));
	values[4] = CStringGetTextDatum(psprintf("%s:%s", l->list, e->entry_id));
	if (citation)
		values[5] = CStringGetTextDatum(citation);
	else
		nulls[5] = true;
	values[6] = CStringGetTextDatum(why.data);
	tuplestore_putvalues(store, desc, values, nulls);
}

/*
 * The rows of explain(): every rule that applies, including those lifted by
 * an exception (action allow); preface, if any, ends each row's reasons.
 */
static Datum
explain_rows(FunctionCallInfo fcinfo, Declared *d, int first, const char *preface)
{
	TupleDesc	desc;
	Tuplestorestate *store = materialize_result(fcinfo, &desc);
	Screening	s;
	List	   *matches;
	ListCell   *lc;

	prepare(fcinfo, d, first, &s);
	matches = screening_matches(&s);
	list_sort(matches, match_order);
	foreach(lc, matches)
		put_match_row(store, desc, &s, lfirst(lc), preface);
	screen_parties(fcinfo, first, &s, true);
	list_sort(s.parties, party_order);
	foreach(lc, s.parties)
		put_party_row(store, desc, &s, lfirst(lc));
	return (Datum) 0;
}

/*
 * embargo.explain(origin, hscode, on_date, jurisdiction, evidence[,
 * custody]): every rule that applies, including those lifted by an
 * exception (action allow).  The overload with a chain has a hop column
 * after the action.
 */
Datum
explain_origin(PG_FUNCTION_ARGS)
{
	Declared	d = {0};

	if (PG_ARGISNULL(0) || needed_arg_null(fcinfo, 1))
		return explain_none(fcinfo);
	d.origin = PG_GETARG_ORIGIN_P(0);
	return explain_rows(fcinfo, &d, 1, NULL);
}

/*
 * embargo.explain(territory, place text, hscode, on_date, jurisdiction,
 * evidence[, custody]): as screen() by place name; where the name means
 * several places, each row names them with their KATOTTH codes.
 */
Datum
explain_declared(PG_FUNCTION_ARGS)
{
	Declared	d = {.has_territory = !PG_ARGISNULL(0)};
	const GzPlace **candidates;
	int			n;

	if (needed_arg_null(fcinfo, 2) || (!d.has_territory && PG_ARGISNULL(1)))
		return explain_none(fcinfo);
	d.territory = d.has_territory ? PG_GETARG_TERRITORY(0) : 0;
	if (PG_ARGISNULL(1))
		return explain_rows(fcinfo, &d, 2, NULL);
	d.place_name = PG_GETARG_TEXT_PP(1);
	n = place_candidates(gazetteer_get(), d.place_name, d.has_territory, d.territory, &candidates, NULL);
	return explain_rows(fcinfo, &d, 2, n > 1 ? describe_candidates(d.place_name, candidates, n) : NULL);
}

/* embargo.ruleset_version(): the md5 of the rule set this session uses. */
Datum
ruleset_version(PG_FUNCTION_ARGS)
{
	const RuleSet *rs = ruleset_get();

	if (rs->version[0] == '\0')
		ereport(ERROR,
				(errcode(ERRCODE_EXTERNAL_ROUTINE_EXCEPTION),
				 errmsg("could not compute the rule set version: %s", rs->version_error)));
	PG_RETURN_TEXT_P(cstring_to_text(screening_version(rs)));
}
