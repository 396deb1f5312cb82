/*
 * screen.c
 *		SQL entry points of the rules engine: screen(), explain() and
 *		ruleset_version().  The matching itself is in rules.c.
 */
#include "postgres.h"

#include "funcapi.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "place.h"
#include "rules.h"
#include "tagging.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/datetime.h"
#include "utils/tuplestore.h"

PG_FUNCTION_INFO_V1(screen_origin);
PG_FUNCTION_INFO_V1(screen_declared);
PG_FUNCTION_INFO_V1(explain_origin);
PG_FUNCTION_INFO_V1(ruleset_version);

static void
report_unknown_jurisdiction(const RuleSet *rs, text *name)
{
	StringInfoData known;

	initStringInfo(&known);
	for (int i = 0; i < rs->njurisdictions; i++)
		appendStringInfo(&known, "%s%s", i > 0 ? ", " : "", rs->jurisdictions[i]);
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("no rules for jurisdiction \"%s\"", text_to_cstring(name)),
			 rs->njurisdictions > 0 ?
			 errhint("Jurisdictions with rules: %s.", known.data) :
			 errdetail("Table embargo.rule has no rows.")));
}

/*
 * Fill a query from arguments hs, day, jurisdiction and evidence at
 * positions first..first+3 (all non-NULL).  An unknown jurisdiction is an
 * error: a misspelt one must not screen everything as allowed.
 */
static void
fill_query(FunctionCallInfo fcinfo, const RuleSet *rs, const Origin *o, int first, RsQuery *q)
{
	text	   *jurisdiction = PG_GETARG_TEXT_PP(first + 2);

	q->origin = o;
	q->hs = PG_GETARG_HSCODE(first);
	q->day = PG_GETARG_DATEADT(first + 1);
	if (DATE_NOT_FINITE(q->day))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("the shipment date must be finite")));
	q->jurisdiction = ruleset_jurisdiction(rs, jurisdiction);
	if (q->jurisdiction < 0)
		report_unknown_jurisdiction(rs, jurisdiction);
	q->evidence_datum = PG_GETARG_DATUM(first + 3);
	q->evidence = NULL;
}

/* embargo.screen(origin, hscode, on_date, jurisdiction, evidence) */
Datum
screen_origin(PG_FUNCTION_ARGS)
{
	const RuleSet *rs = gazetteer_rules(fcinfo);
	RsQuery		q;

	fill_query(fcinfo, rs, PG_GETARG_ORIGIN_P(0), 1, &q);
	PG_RETURN_OID(rs->verdict_oids[ruleset_screen(rs, &q)]);
}

/*
 * embargo.screen(territory, place text, hscode, on_date, jurisdiction,
 * evidence): tag the declared origin on the date, then screen it.
 */
Datum
screen_declared(PG_FUNCTION_ARGS)
{
	const Gazetteer *g;
	const RuleSet *rs;
	bool		has_territory = !PG_ARGISNULL(0);
	Territory	territory = has_territory ? PG_GETARG_TERRITORY(0) : 0;
	int32		place = 0;
	RsQuery		q;

	for (int i = 2; i <= 5; i++)
		if (PG_ARGISNULL(i))
			PG_RETURN_NULL();
	if (!has_territory && PG_ARGISNULL(1))
		PG_RETURN_NULL();
	g = gazetteer_get(fcinfo);
	if (!PG_ARGISNULL(1))
		place = place_resolve(g, PG_GETARG_TEXT_PP(1), has_territory, territory);
	rs = gazetteer_rules(fcinfo);
	fill_query(fcinfo, rs, origin_tag(g, has_territory, territory, place, PG_GETARG_DATEADT(3)),
			   2, &q);
	PG_RETURN_OID(rs->verdict_oids[ruleset_screen(rs, &q)]);
}

static const char *
iso_date(DateADT d)
{
	int			y,
				m,
				day;

	j2date(d + POSTGRES_EPOCH_JDATE, &y, &m, &day);
	return psprintf("%04d-%02d-%02d", y, m, day);
}

static void
describe_origin_scope(StringInfo why, const RsRule *r, const Origin *o)
{
	char		code[TERRITORY_BUFLEN];
	char		controller[CONTROLLER_BUFLEN];
	char		actual[CONTROLLER_BUFLEN];
	int			n = 0;

	territory_format(o->territory, code);
	appendStringInfo(why, "origin %s", code);
	if (o->place != 0)
		appendStringInfo(why, " (place %d)", o->place);
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
		if (r->controller == o->controller)
			appendStringInfo(why, "%s is held by %s", n++ ? "," : "", controller);
		else
			appendStringInfo(why, "%s is held by %s, backed by %s", n++ ? "," : "", actual, controller);
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

/* A sentence or two a compliance officer can paste into a case file. */
static char *
explain_match(const RsMatch *m, const RsQuery *q)
{
	const RsRule *r = m->rule;
	StringInfoData why;
	char		controller[CONTROLLER_BUFLEN];

	initStringInfo(&why);
	describe_origin_scope(&why, r, q->origin);
	describe_goods_and_dates(&why, r, q->hs);
	appendStringInfoChar(&why, '.');
	if (m->capped)
	{
		controller_format(q->origin->controller, controller);
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

/* The tuplestore of a set-returning function in materialize mode. */
static Tuplestorestate *
materialize_result(FunctionCallInfo fcinfo, TupleDesc *desc)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	MemoryContext old;
	Tuplestorestate *store;

	if (rsinfo == NULL || !IsA(rsinfo, ReturnSetInfo) ||
		!(rsinfo->allowedModes & SFRM_Materialize))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("set-valued function called in context that cannot accept a set")));
	if (get_call_result_type(fcinfo, NULL, desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "return type must be a row type");
	old = MemoryContextSwitchTo(rsinfo->econtext->ecxt_per_query_memory);
	*desc = CreateTupleDescCopy(*desc);
	store = tuplestore_begin_heap(rsinfo->allowedModes & SFRM_Materialize_Random, false, work_mem);
	MemoryContextSwitchTo(old);
	rsinfo->returnMode = SFRM_Materialize;
	rsinfo->setResult = store;
	rsinfo->setDesc = *desc;
	return store;
}

static Datum
text_or_null(const char *s, bool *isnull)
{
	*isnull = s == NULL;
	return s != NULL ? CStringGetTextDatum(s) : (Datum) 0;
}

/*
 * embargo.explain(origin, hscode, on_date, jurisdiction, evidence): every
 * rule that applies, including those lifted by an exception (action allow).
 */
Datum
explain_origin(PG_FUNCTION_ARGS)
{
	const RuleSet *rs = gazetteer_rules(fcinfo);
	TupleDesc	desc;
	Tuplestorestate *store = materialize_result(fcinfo, &desc);
	RsQuery		q;
	List	   *matches;
	ListCell   *lc;

	fill_query(fcinfo, rs, PG_GETARG_ORIGIN_P(0), 1, &q);
	matches = ruleset_matches(rs, &q);
	list_sort(matches, match_order);
	foreach(lc, matches)
	{
		const RsMatch *m = lfirst(lc);
		Datum		values[6];
		bool		nulls[6] = {false};

		values[0] = Int32GetDatum(m->rule->id);
		values[1] = ObjectIdGetDatum(rs->verdict_oids[match_verdict(m)]);
		values[2] = text_or_null(m->rule->instrument, &nulls[2]);
		values[3] = text_or_null(m->rule->article, &nulls[3]);
		values[4] = text_or_null(m->rule->citation, &nulls[4]);
		values[5] = CStringGetTextDatum(explain_match(m, &q));
		tuplestore_putvalues(store, desc, values, nulls);
	}
	return (Datum) 0;
}

/* embargo.ruleset_version(): the md5 of the rule set this session uses. */
Datum
ruleset_version(PG_FUNCTION_ARGS)
{
	const RuleSet *rs = gazetteer_rules(fcinfo);

	if (rs->version[0] == '\0')
		ereport(ERROR,
				(errcode(ERRCODE_EXTERNAL_ROUTINE_EXCEPTION),
				 errmsg("could not compute the rule set version: %s", rs->version_error)));
	PG_RETURN_TEXT_P(cstring_to_text(rs->version));
}
