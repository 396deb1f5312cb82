/*
 * rules.c
 *		The rule set: loading embargo.rule and its exceptions into sorted
 *		arrays, and matching goods against them.
 *
 * Each rule is filed in an index under the one origin key it is most
 * selective on: its place, else its territory, else its controller, else
 * its status, else "any".  Matching probes the keys an origin can match —
 * its place, its territory and every ISO parent, its controller and that
 * controller's backer, its status — within the jurisdiction, and checks
 * every condition of each rule found there.  A rule is filed once and each
 * of its keys is probed at most once, so no rule is seen twice, and the
 * cost per row depends on how many rules share the origin's keys, not on
 * the size of the rule set.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "compat.h"
#include "executor/spi.h"
#include "lib/stringinfo.h"
#include "rules.h"
#include "utils/array.h"
#include "utils/arrayaccess.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"

#define EXTENSION_SCHEMA	"embargo"

typedef enum RsKeyKind
{
	KEY_PLACE,
	KEY_TERRITORY,
	KEY_CONTROLLER,
	KEY_STATUS,
	KEY_ANY
} RsKeyKind;

static const char *const verdict_names[VERDICT_COUNT] = {"allow", "review", "licence", "prohibit"};
static const char *const status_names[] = {"sovereign", "occupied", "contested"};

static int
cmp_int32(int32 a, int32 b)
{
	return a < b ? -1 : a > b;
}

/* ---- loading --------------------------------------------------------- */

static Datum
col(uint64 row, int n, bool *isnull)
{
	return SPI_getbinval(SPI_tuptable->vals[row], SPI_tuptable->tupdesc, n, isnull);
}

/* A text column copied into cxt; NULL stays NULL. */
static const char *
col_text(uint64 row, int n, MemoryContext cxt)
{
	bool		isnull;
	Datum		d = col(row, n, &isnull);

	return isnull ? NULL : MemoryContextStrdup(cxt, TextDatumGetCString(d));
}

static DateADT
col_date(uint64 row, int n, DateADT if_null)
{
	bool		isnull;
	Datum		d = col(row, n, &isnull);

	return isnull ? if_null : DatumGetDateADT(d);
}

static uint64
query(const char *sql)
{
	int			rc = SPI_execute(sql, true, 0);

	if (rc != SPI_OK_SELECT)
		elog(ERROR, "could not read the rule set (%s): %s", sql, SPI_result_code_string(rc));
	return SPI_processed;
}

static int
lookup_name(const char *const *names, int n, const char *s)
{
	for (int i = 0; i < n; i++)
		if (strcmp(names[i], s) == 0)
			return i;
	elog(ERROR, "unexpected value \"%s\" in the rule set", s);
	return -1;					/* not reached */
}

/*
 * Feed one row's columns into the version hash: every value as text, each
 * prefixed by its length, so that the hash does not depend on settings
 * such as DateStyle (dates go in as day numbers).
 */
static void
hash_row(StringInfo canon, uint64 row, int ncols)
{
	for (int c = 1; c <= ncols; c++)
	{
		bool		isnull;
		Datum		d = col(row, c, &isnull);
		Oid			type = SPI_gettypeid(SPI_tuptable->tupdesc, c);
		char	   *s;

		if (isnull)
			s = "\\N";
		else if (type == DATEOID)
			s = psprintf("%d", DatumGetDateADT(d));
		else
			s = SPI_getvalue(SPI_tuptable->vals[row], SPI_tuptable->tupdesc, c);
		appendStringInfo(canon, "%zu:%s|", strlen(s), s);
	}
	appendStringInfoChar(canon, '\n');
}

static void
load_hs(RsRule *r, Datum arr, MemoryContext cxt)
{
	ArrayType  *a = DatumGetArrayTypeP(arr);
	Datum	   *elems;
	bool	   *nulls;
	int			n;

	deconstruct_array(a, ARR_ELEMTYPE(a), sizeof(HsCode), true, TYPALIGN_DOUBLE,
					  &elems, &nulls, &n);
	r->nhs = n;
	r->hs = MemoryContextAlloc(cxt, sizeof(HsCode) * (n + 1));
	for (int i = 0; i < n; i++)
		r->hs[i] = DatumGetHsCode(elems[i]);
}

#define RULE_COLUMNS "id, jurisdiction, action::text, territory, place_id, controller, status, " \
	"hs, valid_from, valid_until, enabled, instrument, article, citation, note"

static void
load_rule(RuleSet *rs, RsRule *r, uint64 row, MemoryContext cxt)
{
	bool		isnull;
	Datum		d;

	r->id = DatumGetInt32(col(row, 1, &isnull));
	r->action = lookup_name(verdict_names, VERDICT_COUNT, TextDatumGetCString(col(row, 3, &isnull)));
	d = col(row, 4, &isnull);
	r->territory = isnull ? -1 : DatumGetTerritory(d);
	d = col(row, 5, &isnull);
	r->place = isnull ? 0 : DatumGetInt32(d);
	d = col(row, 6, &isnull);
	r->controller = 0;
	/* the table's CHECK constraint makes a bad controller can't-happen */
	if (!isnull && !controller_parse(TextDatumGetCString(d), &r->controller))
		elog(ERROR, "rule %d has an invalid controller", r->id);
	d = col(row, 7, &isnull);
	r->status = isnull ? STATUS_ANY : lookup_name(status_names, lengthof(status_names),
												  TextDatumGetCString(d));
	load_hs(r, col(row, 8, &isnull), cxt);
	r->from = col_date(row, 9, DATEVAL_NOBEGIN);
	r->until = col_date(row, 10, DATEVAL_NOEND);
	r->enabled = DatumGetBool(col(row, 11, &isnull));
	r->instrument = col_text(row, 12, cxt);
	r->article = col_text(row, 13, cxt);
	r->citation = col_text(row, 14, cxt);
	r->note = col_text(row, 15, cxt);
}

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *) a, *(const char *const *) b);
}

/* The sorted, distinct jurisdictions of the rules, and each rule's index. */
static void
intern_jurisdictions(RuleSet *rs, const char **names, MemoryContext cxt)
{
	const char **sorted = palloc(sizeof(char *) * (rs->nrules + 1));
	int			n = 0;

	memcpy(sorted, names, sizeof(char *) * rs->nrules);
	qsort(sorted, rs->nrules, sizeof(char *), str_cmp);
	rs->jurisdictions = MemoryContextAlloc(cxt, sizeof(char *) * (rs->nrules + 1));
	for (int i = 0; i < rs->nrules; i++)
		if (n == 0 || strcmp(sorted[i], rs->jurisdictions[n - 1]) != 0)
			rs->jurisdictions[n++] = MemoryContextStrdup(cxt, sorted[i]);
	rs->njurisdictions = n;
	for (int i = 0; i < rs->nrules; i++)
	{
		const char **hit = bsearch(&names[i], rs->jurisdictions, n, sizeof(char *), str_cmp);

		rs->rules[i].jurisdiction = hit - rs->jurisdictions;
	}
}

static void
load_rules(RuleSet *rs, StringInfo canon, MemoryContext cxt)
{
	uint64		n = query("SELECT " RULE_COLUMNS " FROM " EXTENSION_SCHEMA ".rule ORDER BY id");
	const char **names = palloc(sizeof(char *) * (n + 1));

	rs->nrules = (int) n;
	rs->rules = MemoryContextAllocZero(cxt, sizeof(RsRule) * (n + 1));
	for (uint64 i = 0; i < n; i++)
	{
		bool		isnull;

		load_rule(rs, &rs->rules[i], i, cxt);
		names[i] = TextDatumGetCString(col(i, 2, &isnull));
		hash_row(canon, i, 15);
	}
	intern_jurisdictions(rs, names, cxt);
}

static int
rule_by_id_cmp(const void *a, const void *b)
{
	return cmp_int32(((const RsRule *) a)->id, ((const RsRule *) b)->id);
}

static void
load_exceptions(RuleSet *rs, StringInfo canon, MemoryContext cxt)
{
	uint64		n = query("SELECT rule_id, id, evidence, valid_from, valid_until, description, citation "
						  "FROM " EXTENSION_SCHEMA ".rule_exception ORDER BY rule_id, id");

	rs->nexceptions = (int) n;
	rs->exceptions = MemoryContextAllocZero(cxt, sizeof(RsException) * (n + 1));
	for (uint64 i = 0; i < n; i++)
	{
		RsException *x = &rs->exceptions[i];
		bool		isnull;
		RsRule		probe = {.id = DatumGetInt32(col(i, 1, &isnull))};
		RsRule	   *r = bsearch(&probe, rs->rules, rs->nrules, sizeof(RsRule), rule_by_id_cmp);

		x->rule_id = probe.id;
		x->id = DatumGetInt32(col(i, 2, &isnull));
		x->evidence = col_text(i, 3, cxt);
		x->from = col_date(i, 4, DATEVAL_NOBEGIN);
		x->until = col_date(i, 5, DATEVAL_NOEND);
		x->description = col_text(i, 6, cxt);
		x->citation = col_text(i, 7, cxt);
		hash_row(canon, i, 7);
		/* rows are by rule id: a rule's exceptions are one run */
		if (r != NULL && r->nexceptions++ == 0)
			r->exceptions = x;
	}
}

static int
backer_cmp(const void *a, const void *b)
{
	return cmp_int32(((const RsBacker *) a)->authority, ((const RsBacker *) b)->authority);
}

static void
load_backers(RuleSet *rs, StringInfo canon, MemoryContext cxt)
{
	uint64		n = query("SELECT code, backed_by::text FROM " EXTENSION_SCHEMA ".authority "
						  "WHERE backed_by IS NOT NULL ORDER BY code COLLATE \"C\"");

	rs->nbackers = 0;
	rs->backers = MemoryContextAlloc(cxt, sizeof(RsBacker) * (n + 1));
	for (uint64 i = 0; i < n; i++)
	{
		RsBacker   *b = &rs->backers[rs->nbackers];
		bool		isnull;

		if (controller_parse(TextDatumGetCString(col(i, 1, &isnull)), &b->authority) &&
			controller_parse(TextDatumGetCString(col(i, 2, &isnull)), &b->backer))
			rs->nbackers++;
		hash_row(canon, i, 2);
	}
	qsort(rs->backers, rs->nbackers, sizeof(RsBacker), backer_cmp);
}

/* The enum values screen() returns, in severity order. */
static void
load_verdict_oids(RuleSet *rs)
{
	uint64		n = query("SELECT e.oid FROM pg_catalog.pg_enum e "
						  "WHERE e.enumtypid = '" EXTENSION_SCHEMA ".verdict'::pg_catalog.regtype "
						  "ORDER BY e.enumsortorder");
	bool		isnull;

	if (n != VERDICT_COUNT)
		elog(ERROR, "type embargo.verdict has %d values, expected %d", (int) n, VERDICT_COUNT);
	for (int i = 0; i < VERDICT_COUNT; i++)
		rs->verdict_oids[i] = DatumGetObjectId(col(i, 1, &isnull));
}

/* ---- the index --------------------------------------------------------- */

static int
index_cmp(const void *a, const void *b)
{
	const RsIndexEntry *x = a;
	const RsIndexEntry *y = b;

	if (x->jurisdiction != y->jurisdiction)
		return cmp_int32(x->jurisdiction, y->jurisdiction);
	if (x->kind != y->kind)
		return cmp_int32(x->kind, y->kind);
	if (x->key != y->key)
		return cmp_int32(x->key, y->key);
	return cmp_int32(x->rule, y->rule);
}

/* File a rule under its most selective origin key. */
static RsIndexEntry
index_entry(const RsRule *r, int32 position)
{
	RsIndexEntry e = {r->jurisdiction, KEY_ANY, 0, position};

	if (r->place != 0)
		e.kind = KEY_PLACE, e.key = r->place;
	else if (r->territory >= 0)
		e.kind = KEY_TERRITORY, e.key = r->territory;
	else if (r->controller != 0)
		e.kind = KEY_CONTROLLER, e.key = r->controller;
	else if (r->status != STATUS_ANY)
		e.kind = KEY_STATUS, e.key = r->status;
	return e;
}

static void
build_index(RuleSet *rs, MemoryContext cxt)
{
	rs->nindex = 0;
	rs->index = MemoryContextAlloc(cxt, sizeof(RsIndexEntry) * (rs->nrules + 1));
	for (int i = 0; i < rs->nrules; i++)
		if (rs->rules[i].enabled)
			rs->index[rs->nindex++] = index_entry(&rs->rules[i], i);
	qsort(rs->index, rs->nindex, sizeof(RsIndexEntry), index_cmp);
}

/* Load the whole rule set under the active snapshot (see gazetteer.c). */
void
ruleset_load(void *data, MemoryContext cxt)
{
	RuleSet    *rs = data;
	StringInfoData canon;
	const char *errstr = NULL;

	initStringInfo(&canon);
	load_rules(rs, &canon, cxt);
	load_exceptions(rs, &canon, cxt);
	load_backers(rs, &canon, cxt);
	load_verdict_oids(rs);
	build_index(rs, cxt);
	if (!pg_md5_hash_compat(canon.data, canon.len, rs->version, &errstr))
		elog(ERROR, "could not compute the rule set version: %s", errstr ? errstr : "out of memory");
}

/* ---- matching ---------------------------------------------------------- */

/*
 * The index of the jurisdiction named by a text, or -1.  No allocation:
 * this runs once per row.
 */
int
ruleset_jurisdiction(const RuleSet *rs, text *name)
{
	const char *s = VARDATA_ANY(name);
	int			len = VARSIZE_ANY_EXHDR(name);
	int			lo = 0;
	int			hi = rs->njurisdictions - 1;

	while (lo <= hi)
	{
		int			mid = lo + (hi - lo) / 2;
		const char *j = rs->jurisdictions[mid];
		int			c = strncmp(j, s, len);

		if (c == 0)
			c = j[len] == '\0' ? 0 : 1;
		if (c == 0)
			return mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

static Controller
backer_of(const RuleSet *rs, Controller c)
{
	RsBacker	probe = {.authority = c};
	const RsBacker *b;

	if (!(c & CONTROLLER_AUTHORITY_BIT))
		return 0;
	b = bsearch(&probe, rs->backers, rs->nbackers, sizeof(RsBacker), backer_cmp);
	return b != NULL ? b->backer : 0;
}

static bool
goods_match(const RsRule *r, HsCode hs)
{
	if (r->nhs == 0)
		return true;
	for (int i = 0; i < r->nhs; i++)
		if (hscode_contains(r->hs[i], hs))
			return true;
	return false;
}

static bool
origin_matches(const RsRule *r, const Origin *o, Controller backer)
{
	if (r->territory >= 0 && !territory_contains(r->territory, o->territory))
		return false;
	if (r->place != 0 && r->place != o->place)
		return false;
	if (r->controller != 0 && r->controller != o->controller && r->controller != backer)
		return false;
	if (r->status != STATUS_ANY && r->status != o->status &&
		!(r->status == ORIGIN_OCCUPIED && o->status == ORIGIN_CONTESTED))
		return false;
	return true;
}

static bool
active(DateADT from, DateADT until, DateADT day)
{
	return from <= day && day < until;
}

/* Whether the evidence array holds this code; no allocation. */
static bool
has_evidence(ArrayType *evidence, const char *code)
{
	array_iter	it;
	int			n = ArrayGetNItems(ARR_NDIM(evidence), ARR_DIMS(evidence));
	size_t		len = strlen(code);

	array_iter_setup(&it, (AnyArrayType *) evidence);
	for (int i = 0; i < n; i++)
	{
		bool		isnull;
		Datum		d = array_iter_next(&it, &isnull, i, -1, false, TYPALIGN_INT);

		if (!isnull && VARSIZE_ANY_EXHDR(DatumGetPointer(d)) == len &&
			memcmp(VARDATA_ANY(DatumGetPointer(d)), code, len) == 0)
			return true;
	}
	return false;
}

static const RsException *
lifting_exception(const RsRule *r, RsQuery *q)
{
	if (r->nexceptions == 0)
		return NULL;
	if (q->evidence == NULL)
		q->evidence = DatumGetArrayTypeP(q->evidence_datum);
	if (ARR_NDIM(q->evidence) == 0)
		return NULL;
	for (int i = 0; i < r->nexceptions; i++)
	{
		const RsException *x = &r->exceptions[i];

		if (active(x->from, x->until, q->day) && has_evidence(q->evidence, x->evidence))
			return x;
	}
	return NULL;
}

/*
 * The rule's action for this origin.  A contested origin may or may not lie
 * in the part held by the controller a rule is about, so such a rule can
 * only ask for review.
 */
static Verdict
effective_action(const RsRule *r, const Origin *o, bool *capped)
{
	bool		about_control = r->status == ORIGIN_OCCUPIED || r->controller != 0;

	*capped = o->status == ORIGIN_CONTESTED && about_control &&
		r->status != ORIGIN_CONTESTED && r->action > VERDICT_REVIEW;
	return *capped ? VERDICT_REVIEW : r->action;
}

typedef struct ProbeKey
{
	uint8		kind;
	int32		key;
} ProbeKey;

/* The index keys an origin can match: at most 1 + depth + 2 + 2 + 1. */
static int
probe_keys(const RuleSet *rs, const Origin *o, Controller backer, ProbeKey *keys)
{
	int			n = 0;

	if (o->place != 0)
		keys[n++] = (ProbeKey) {KEY_PLACE, o->place};
	for (Territory t = o->territory; t >= 0; t = territory_parent(t))
		keys[n++] = (ProbeKey) {KEY_TERRITORY, t};
	keys[n++] = (ProbeKey) {KEY_CONTROLLER, o->controller};
	if (backer != 0)
		keys[n++] = (ProbeKey) {KEY_CONTROLLER, backer};
	keys[n++] = (ProbeKey) {KEY_STATUS, o->status};
	if (o->status == ORIGIN_CONTESTED)
		keys[n++] = (ProbeKey) {KEY_STATUS, ORIGIN_OCCUPIED};
	keys[n++] = (ProbeKey) {KEY_ANY, 0};
	return n;
}

/* First index entry not below (jurisdiction, kind, key). */
static int
index_lower_bound(const RuleSet *rs, int jurisdiction, const ProbeKey *k)
{
	RsIndexEntry probe = {jurisdiction, k->kind, k->key, -1};
	int			lo = 0;
	int			hi = rs->nindex;

	while (lo < hi)
	{
		int			mid = lo + (hi - lo) / 2;

		if (index_cmp(&rs->index[mid], &probe) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

typedef bool (*MatchCallback) (const RsMatch *m, void *arg);

/*
 * Call fn for every rule that applies to the query, lifted or not, until fn
 * returns false.
 */
static void
for_each_match(const RuleSet *rs, RsQuery *q, MatchCallback fn, void *arg)
{
	const Origin *o = q->origin;
	Controller	backer = backer_of(rs, o->controller);
	ProbeKey	keys[16];
	int			nkeys = probe_keys(rs, o, backer, keys);

	for (int k = 0; k < nkeys; k++)
	{
		for (int i = index_lower_bound(rs, q->jurisdiction, &keys[k]); i < rs->nindex; i++)
		{
			const RsIndexEntry *e = &rs->index[i];
			const RsRule *r = &rs->rules[e->rule];
			RsMatch		m;

			if (e->jurisdiction != q->jurisdiction || e->kind != keys[k].kind || e->key != keys[k].key)
				break;
			if (!active(r->from, r->until, q->day) || !goods_match(r, q->hs) ||
				!origin_matches(r, o, backer))
				continue;
			m.rule = r;
			m.action = effective_action(r, o, &m.capped);
			m.lifted_by = lifting_exception(r, q);
			if (!fn(&m, arg))
				return;
		}
	}
}

static bool
keep_most_severe(const RsMatch *m, void *arg)
{
	Verdict    *worst = arg;

	if (m->lifted_by == NULL && m->action > *worst)
		*worst = m->action;
	return *worst < VERDICT_PROHIBIT;	/* nothing is worse: stop looking */
}

/* The most severe action of the rules that apply and stand; allow if none. */
Verdict
ruleset_screen(const RuleSet *rs, RsQuery *q)
{
	Verdict		worst = VERDICT_ALLOW;

	for_each_match(rs, q, keep_most_severe, &worst);
	return worst;
}

static bool
collect(const RsMatch *m, void *arg)
{
	List	  **list = arg;
	RsMatch    *copy = palloc(sizeof(RsMatch));

	*copy = *m;
	*list = lappend(*list, copy);
	return true;
}

/* Every rule that applies, lifted or not, in no particular order. */
List *
ruleset_matches(const RuleSet *rs, RsQuery *q)
{
	List	   *list = NIL;

	for_each_match(rs, q, collect, &list);
	return list;
}
