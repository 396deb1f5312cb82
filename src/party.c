/*
 * party.c
 *		Parties against the sanctions lists in force: the lists as a part of
 *		the per-backend cache, the settings, what a match means under a
 *		jurisdiction, and the SQL functions match_party() and
 *		party_verdict().
 */
#include "postgres.h"

#include "cache.h"
#include "compat.h"
#include "common/hashfn.h"
#include "catalog/pg_type.h"
#include "embargo.h"
#include "funcapi.h"
#include "party.h"
#include "party_why.h"
#include "party_index.h"
#include "party_load.h"
#include "ownership.h"
#include "ownership_load.h"
#include "rule_cache.h"
#include "rule_jurisdiction.h"
#include "territory.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/memutils.h"

PG_FUNCTION_INFO_V1(match_party);
PG_FUNCTION_INFO_V1(party_verdict);
PG_FUNCTION_INFO_V1(party_name_words);

double		party_match_threshold = 0.90;
double		party_possible_threshold = 0.75;
int			party_other_lists = PARTY_OTHER_IGNORE;

static const struct config_enum_entry other_lists_options[] = {
	{"ignore", PARTY_OTHER_IGNORE, false},
	{"review", PARTY_OTHER_REVIEW, false},
	{NULL, 0, false}
};

static const char *const meaning_names[] = {"restrictive", "unknown", "blocking"};

void
party_init(void)
{
	DefineCustomRealVariable("embargo.party_match_threshold",
							 "Score at or above which a party matches a listed entry.",
							 "Scores run from 0 to 1; see the README's party screening section.",
							 &party_match_threshold, 0.90, 0.0, 1.0, PGC_USERSET, 0, NULL, NULL, NULL);
	DefineCustomRealVariable("embargo.party_possible_threshold",
							 "Score at or above which a party possibly matches a listed entry (verdict review).",
							 "Results below it are not shown; it may not exceed embargo.party_match_threshold.",
							 &party_possible_threshold, 0.75, 0.0, 1.0, PGC_USERSET, 0, NULL, NULL, NULL);
	DefineCustomEnumVariable("embargo.party_other_lists",
							 "What a party's listing by another jurisdiction's list gives: ignore (allow) or review.",
							 NULL, &party_other_lists, PARTY_OTHER_IGNORE, other_lists_options,
							 PGC_USERSET, 0, NULL, NULL, NULL);
}

static CachePart party_part;

/*
 * The lists, then the ownership records over their entries, then the
 * index.  Before 0.6 there are no lists: an empty index, so no list is
 * loaded.
 */
static void
load_party_index(void *data, MemoryContext cxt)
{
	PartyIndex *px = data;
	StringInfoData canon;
	const char *errstr = NULL;

	px->own_list = -1;
	initStringInfo(&canon);
	if (cache_source_exists(&party_part, 0) && cache_source_exists(&party_part, 6))
	{
		party_load(px, cxt, &canon);
		if (cache_source_exists(&party_part, 7))
			ownership_load(px, cxt, &canon);
		if (!pg_md5_hash_compat(canon.data, canon.len, px->version, &errstr))
			px->version[0] = '\0';
	}
	party_index_build(px, cxt);
}

static CachePart party_part = {
	.name = "embargo sanctions lists",
	.sources = {"party_list", "party_list_edition", "party_entry", "party_name", "party_address",
	"party_identifier", "party_program", "ownership", "ownership_rule"},
	.size = sizeof(PartyIndex),
	.load = load_party_index,
};

const PartyIndex *
party_index_get(void)
{
	return cache_part_get(&party_part);
}

const PartyIndex *
party_index_current(void)
{
	return cache_part_current(&party_part);
}

bool
party_jurisdiction_loaded(const PartyIndex *px, const char *jurisdiction)
{
	for (int i = 0; i < px->nlists; i++)
		if (px->lists[i].edition != DATEVAL_NOBEGIN &&
			(jurisdiction == NULL || strcmp(px->lists[i].jurisdiction, jurisdiction) == 0))
			return true;
	return false;
}

/* The lists loaded, for a hint: "US (ofac_sdn 2024-05-03), …", or NULL. */
static char *
loaded_lists_hint(const PartyIndex *px)
{
	StringInfoData s;

	initStringInfo(&s);
	for (int i = 0; i < px->nlists; i++)
		if (px->lists[i].edition != DATEVAL_NOBEGIN)
		{
			char		day[ISO_DATE_BUFLEN];

			format_iso_date(px->lists[i].edition, day);
			appendStringInfo(&s, "%s%s (%s of %s)", s.len ? ", " : "Loaded: ", px->lists[i].jurisdiction,
							 px->lists[i].list, day);
		}
	return s.len ? psprintf("%s. Load lists with embargo.load_list().", s.data)
		: "Load lists with embargo.load_list() or embargo.load_list_staged().";
}

void
party_check_jurisdiction(const PartyIndex *px, const char *jurisdiction)
{
	if (party_jurisdiction_loaded(px, jurisdiction))
		return;
	if (jurisdiction == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("no sanctions list is loaded"),
				 errhint("%s", loaded_lists_hint(px))));
	ereport(ERROR,
			(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
			 errmsg("no sanctions list of jurisdiction \"%s\" is loaded", jurisdiction),
			 errdetail("Without its lists, parties cannot be screened under %s: the verdict would be a silent allow.",
					   jurisdiction),
			 errhint("%s", loaded_lists_hint(px))));
}

void
party_query_init(PartyQuery *q, const PartyIndex *px, const char *country, DateADT day)
{
	if (party_possible_threshold > party_match_threshold)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("embargo.party_possible_threshold (%g) exceeds embargo.party_match_threshold (%g)",
						party_possible_threshold, party_match_threshold)));
	memset(q, 0, sizeof(PartyQuery));
	q->px = px;
	q->country = country;
	q->day = day;
	q->match_threshold = (float4) party_match_threshold;
	q->possible_threshold = (float4) party_possible_threshold;
}

bool
party_hit_is_own(const PartyIndex *px, const PartyHit *hit)
{
	return px->entries[hit->entry].list == px->own_list;
}

static bool
foreign_list(const PartyIndex *px, const PartyHit *hit, const char *jurisdiction)
{
	return jurisdiction != NULL && !party_hit_is_own(px, hit) &&
		strcmp(px->lists[px->entries[hit->entry].list].jurisdiction, jurisdiction) != 0;
}

/* Whether the hit's ownership decides more than its listing does. */
static bool
ownership_decides(const PartyIndex *px, const PartyHit *hit, const char *jurisdiction)
{
	if (hit->owned == OWN_NONE)
		return false;
	if (party_hit_is_own(px, hit) || foreign_list(px, hit, jurisdiction))
		return true;
	return hit->owned == OWN_BLOCKED && px->entries[hit->entry].meaning != MEANING_BLOCKING;
}

const char *
party_meaning_name(const PartyIndex *px, const PartyHit *hit, const char *jurisdiction)
{
	if (ownership_decides(px, hit, jurisdiction))
		return hit->owned == OWN_BLOCKED ? "blocked by ownership" : "ownership to review";
	if (foreign_list(px, hit, jurisdiction))
		return "other jurisdiction";
	return meaning_names[px->entries[hit->entry].meaning];
}

/* The verdict of the hit's listing alone. */
static Verdict
listing_verdict(const PartyQuery *q, const PartyHit *hit, const char *jurisdiction)
{
	if (party_hit_is_own(q->px, hit))
		return VERDICT_ALLOW;
	if (foreign_list(q->px, hit, jurisdiction))
		return party_other_lists == PARTY_OTHER_REVIEW ? VERDICT_REVIEW : VERDICT_ALLOW;
	if (hit->score >= q->match_threshold && q->px->entries[hit->entry].meaning == MEANING_BLOCKING)
		return VERDICT_PROHIBIT;
	return VERDICT_REVIEW;
}

/*
 * The stricter of the listing's verdict and the ownership's: blocked by
 * ownership is prohibit for a match, review for a possible match.
 */
Verdict
party_hit_verdict(const PartyQuery *q, const PartyHit *hit, const char *jurisdiction)
{
	Verdict		v = listing_verdict(q, hit, jurisdiction);
	Verdict		owned = hit->owned == OWN_BLOCKED && hit->score >= q->match_threshold ? VERDICT_PROHIBIT
		: hit->owned != OWN_NONE ? VERDICT_REVIEW : VERDICT_ALLOW;

	return Max(v, owned);
}

const char *
party_hit_label(const PartyIndex *px, const PartyHit *hit)
{
	if (hit->name >= 0)
		return px->names[hit->name].name;
	if (hit->identifier != NULL)
		return hit->identifier->value;
	return px->entries[hit->entry].entry_id;
}

void
party_hit_ownership(const PartyQuery *q, const PartyHit *hit, const char *jurisdiction, StringInfo why,
					const char **citation)
{
	const PartyIndex *px = q->px;

	if (!ownership_decides(px, hit, jurisdiction) || hit->owned_rule < 0)
		return;
	*citation = px->own.rules[hit->owned_rule].citation;
	appendStringInfoString(why, "; ");
	ownership_explain(px, px->own.node_of_entry[hit->entry], hit->owned_rule, q->day, why);
}

/*
 * Ownership applied to a name's hits under a jurisdiction (NULL: each
 * list's own; for a party of the user's own, the strictest of the rules of
 * the jurisdictions with lists loaded): each listed hit gets its status,
 * and the user's own party of that name is added while ownership blocks
 * it or puts it to review.
 */
List *
party_apply_ownership(PartyQuery *q, List *hits, const char *jurisdiction, int32 own_node)
{
	const PartyIndex *px = q->px;
	ListCell   *lc;

	foreach(lc, hits)
	{
		PartyHit   *h = lfirst(lc);
		const char *j = jurisdiction ? jurisdiction : px->lists[px->entries[h->entry].list].jurisdiction;
		int			r = ownership_rule(px, j);

		h->owned_rule = r;
		h->owned = ownership_status(px, px->own.node_of_entry[h->entry], r, q->day);
	}
	if (own_node >= 0 && px->own.nodes[own_node].entry >= 0 && px->own.nodes[own_node].key != NULL)
	{
		PartyHit   *h = palloc0(sizeof(PartyHit));

		h->entry = px->own.nodes[own_node].entry;
		h->name = -1;
		h->score = 1.0f;
		h->missing_word = -1;
		h->owned_rule = -1;
		for (int r = 0; r < px->own.nrules; r++)
		{
			OwnStatus	st;

			if (jurisdiction ? strcmp(px->own.rules[r].jurisdiction, jurisdiction) != 0
				: !party_jurisdiction_loaded(px, px->own.rules[r].jurisdiction))
				continue;
			st = ownership_status(px, own_node, r, q->day);
			if (st > h->owned)
				h->owned = st, h->owned_rule = r;
		}
		if (h->owned != OWN_NONE)
			hits = lcons(h, hits);
	}
	return hits;
}

static Verdict
party_hits_verdict(const PartyQuery *q, List *hits, const char *jurisdiction)
{
	Verdict		v = VERDICT_ALLOW;
	ListCell   *lc;

	foreach(lc, hits)
	{
		Verdict		hv = party_hit_verdict(q, lfirst(lc), jurisdiction);

		if (hv > v)
			v = hv;
	}
	return v;
}

/* An ISO 3166-1 alpha-2 country argument, checked; NULL stays NULL. */
static char *
country_arg(FunctionCallInfo fcinfo, int i)
{
	char	   *s;
	Territory	t;

	if (PG_ARGISNULL(i))
		return NULL;
	s = text_to_cstring(PG_GETARG_TEXT_PP(i));
	if (strlen(s) != 2 || !territory_parse(s, &t, NULL) || !territory_valid(t) || territory_is_subdivision(t))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid country \"%s\"", s),
				 errhint("Give the party's country as an ISO 3166-1 alpha-2 code, such as RU or AE.")));
	territory_format(t, s);		/* upper case, as the lists' countries are */
	return s;
}

/*
 * A jurisdiction argument as screen() reads it (any case; GB is the UK),
 * spelt as the rules and lists spell it; one without rules, upper-cased.
 */
static const char *
jurisdiction_arg(FunctionCallInfo fcinfo, int i)
{
	const RuleSet *rs;
	int			j;
	char	   *s;

	if (PG_ARGISNULL(i))
		return NULL;
	rs = ruleset_get();
	j = ruleset_jurisdiction(rs, PG_GETARG_TEXT_PP(i));
	if (j >= 0)
		return rs->jurisdictions[j];
	s = text_to_cstring(PG_GETARG_TEXT_PP(i));
	for (char *p = s; *p; p++)
		*p = pg_ascii_toupper((unsigned char) *p);
	return s;
}

static Datum
programs_array(const PartyEntry *e)
{
	Datum	   *items = palloc(sizeof(Datum) * Max(e->nprograms, 1));

	for (int i = 0; i < e->nprograms; i++)
		items[i] = CStringGetTextDatum(e->programs[i]);
	return PointerGetDatum(construct_array(items, e->nprograms, TEXTOID, -1, false, TYPALIGN_INT));
}

static void
put_hit(Tuplestorestate *ts, TupleDesc desc, const PartyQuery *q, const PartyHit *hit, const char *jurisdiction)
{
	const PartyIndex *px = q->px;
	const PartyEntry *e = &px->entries[hit->entry];
	const char *citation = e->citation;
	Datum		values[9];
	bool		nulls[9] = {0};
	StringInfoData why;

	initStringInfo(&why);
	party_hit_why(q, hit, &why);
	values[0] = CStringGetTextDatum(px->lists[e->list].list);
	values[1] = CStringGetTextDatum(e->entry_id);
	values[2] = CStringGetTextDatum(party_hit_label(px, hit));
	values[3] = Float4GetDatum(hit->score);
	values[4] = CStringGetTextDatum(e->kind);
	values[5] = programs_array(e);
	values[6] = CStringGetTextDatum(party_meaning_name(px, hit, jurisdiction));
	party_hit_ownership(q, hit, jurisdiction, &why, &citation);
	if (citation)
		values[7] = CStringGetTextDatum(citation);
	else
		nulls[7] = true;
	values[8] = CStringGetTextDatum(why.data);
	tuplestore_putvalues(ts, desc, values, nulls);
}

/*
 * match_party(name, country, on_date, jurisdiction): every listed entry the
 * name matches or possibly matches, best first.
 */
Datum
match_party(PG_FUNCTION_ARGS)
{
	TupleDesc	desc;
	Tuplestorestate *ts = materialize_result(fcinfo, &desc);
	const PartyIndex *px;
	const char *jurisdiction = jurisdiction_arg(fcinfo, 3);
	char	   *country = country_arg(fcinfo, 1);
	PartyQuery	q;
	text	   *name;
	List	   *hits;
	ListCell   *lc;

	if (PG_ARGISNULL(2))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("on_date must not be null")));
	px = party_index_get();
	party_check_jurisdiction(px, jurisdiction);
	if (PG_ARGISNULL(0))
		return (Datum) 0;
	name = PG_GETARG_TEXT_PP(0);
	party_query_init(&q, px, country, PG_GETARG_DATEADT(2));
	hits = party_match(&q, VARDATA_ANY(name), VARSIZE_ANY_EXHDR(name));
	hits = party_apply_ownership(&q, hits, jurisdiction,
								 ownership_own_node(px, VARDATA_ANY(name), VARSIZE_ANY_EXHDR(name), &q.name));
	foreach(lc, hits)
		put_hit(ts, desc, &q, lfirst(lc), jurisdiction);
	return (Datum) 0;
}

/*
 * party_verdict(name, country, on_date, jurisdiction): prohibit for a match
 * to a listing that blocks under the jurisdiction, review for a possible
 * match or a restrictive listing, else allow.  NULL if name, on_date or
 * jurisdiction is NULL.
 */
Datum
party_verdict(PG_FUNCTION_ARGS)
{
	const PartyIndex *px;
	const char *jurisdiction;
	char	   *country;
	PartyQuery	q;
	text	   *name;
	List	   *hits;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(2) || PG_ARGISNULL(3))
		PG_RETURN_NULL();
	country = country_arg(fcinfo, 1);
	jurisdiction = jurisdiction_arg(fcinfo, 3);
	px = party_index_get();
	party_check_jurisdiction(px, jurisdiction);
	name = PG_GETARG_TEXT_PP(0);
	party_query_init(&q, px, country, PG_GETARG_DATEADT(2));
	hits = party_match(&q, VARDATA_ANY(name), VARSIZE_ANY_EXHDR(name));
	hits = party_apply_ownership(&q, hits, jurisdiction,
								 ownership_own_node(px, VARDATA_ANY(name), VARSIZE_ANY_EXHDR(name), &q.name));
	PG_RETURN_OID(ruleset_get()->verdict_oids[party_hits_verdict(&q, hits, jurisdiction)]);
}

/*
 * party_name_words(name): the words the matcher compares a name by, with
 * their skeletons, and the legal forms it sets aside; for a reader asking
 * why two spellings meet or do not (as pg_trgm's show_trgm()).
 */
Datum
party_name_words(PG_FUNCTION_ARGS)
{
	TupleDesc	desc;
	Tuplestorestate *ts = materialize_result(fcinfo, &desc);
	text	   *name = PG_GETARG_TEXT_PP(0);
	PartyName	parsed;
	Datum		values[3];
	bool		nulls[3] = {0};

	party_name_parse(VARDATA_ANY(name), VARSIZE_ANY_EXHDR(name), &parsed);
	for (int i = 0; i < parsed.nwords; i++)
	{
		values[0] = CStringGetTextDatum(parsed.words[i].word);
		values[1] = CStringGetTextDatum(parsed.words[i].skeleton);
		values[2] = BoolGetDatum(false);
		tuplestore_putvalues(ts, desc, values, nulls);
	}
	for (int i = 0; i < parsed.nlegal; i++)
	{
		values[0] = CStringGetTextDatum(parsed.legal[i]);
		nulls[1] = true;
		values[2] = BoolGetDatum(true);
		tuplestore_putvalues(ts, desc, values, nulls);
	}
	return (Datum) 0;
}

/*
 * The matcher's memo, for enforce() and screen() over many rows: import
 * rows name the same counterparties again and again.  A name's hits are
 * kept as matched on no particular day (the listing dates are applied when
 * they are read), per build of the index and per pair of thresholds; a
 * slot holds the last name hashed to it.
 */
#define PARTY_MEMO_SLOTS 4096

typedef struct PartyMemoSlot
{
	char	   *name;			/* NULL: empty */
	int			len;
	int32		own_node;		/* the user's own party of that name, or -1 */
	int			nhits;
	PartyHit   *hits;
} PartyMemoSlot;

static PartyMemoSlot memo[PARTY_MEMO_SLOTS];
static MemoryContext memo_cxt = NULL;
static uint32 memo_generation = 0;
static float4 memo_thresholds[2];

static void
memo_reset(const PartyQuery *q)
{
	if (memo_cxt == NULL)
		memo_cxt = AllocSetContextCreate(TopMemoryContext, "embargo party memo", ALLOCSET_DEFAULT_SIZES);
	else
		MemoryContextReset(memo_cxt);
	memset(memo, 0, sizeof(memo));
	memo_generation = party_part.served;
	memo_thresholds[0] = q->match_threshold;
	memo_thresholds[1] = q->possible_threshold;
}

/* The slot's hits listed by the query's day, copied, with ownership applied. */
static List *
memo_hits(PartyQuery *q, const PartyMemoSlot *slot, const char *jurisdiction)
{
	List	   *hits = NIL;

	for (int i = 0; i < slot->nhits; i++)
	{
		DateADT		listed = q->px->entries[slot->hits[i].entry].listed_on;

		if (listed == DATEVAL_NOBEGIN || listed <= q->day)
			hits = lappend(hits, memcpy(palloc(sizeof(PartyHit)), &slot->hits[i], sizeof(PartyHit)));
	}
	return party_apply_ownership(q, hits, jurisdiction, slot->own_node);
}

List *
party_match_memo(PartyQuery *q, const char *name, int len, const char *jurisdiction)
{
	PartyMemoSlot *slot;
	DateADT		day = q->day;
	List	   *hits;
	ListCell   *lc;
	int			i = 0;

	if (memo_cxt == NULL || memo_generation != party_part.served ||
		memo_thresholds[0] != q->match_threshold || memo_thresholds[1] != q->possible_threshold)
		memo_reset(q);
	slot = &memo[hash_bytes((const unsigned char *) name, len) % PARTY_MEMO_SLOTS];
	if (slot->name != NULL && slot->len == len && memcmp(slot->name, name, len) == 0)
		return memo_hits(q, slot, jurisdiction);
	q->day = DATEVAL_NOEND;
	hits = party_match(q, name, len);
	q->day = day;
	if (slot->name != NULL)
	{
		pfree(slot->name);
		if (slot->hits)
			pfree(slot->hits);
	}
	slot->name = MemoryContextAlloc(memo_cxt, Max(len, 1));
	memcpy(slot->name, name, len);
	slot->len = len;
	slot->own_node = ownership_own_node(q->px, name, len, &q->name);
	slot->nhits = list_length(hits);
	slot->hits = slot->nhits ? MemoryContextAlloc(memo_cxt, sizeof(PartyHit) * slot->nhits) : NULL;
	foreach(lc, hits)
	{
		slot->hits[i] = *(PartyHit *) lfirst(lc);
		slot->hits[i++].query = NULL;	/* the reading lives for the call only */
	}
	return memo_hits(q, slot, jurisdiction);
}
