/*
 * rules.c
 *		The rule set: loading embargo.rule and its exceptions into sorted
 *		arrays, and matching goods against them.
 *
 * Each rule is filed in a hash under the one origin key it is most
 * selective on — its place, else its territory, else its controller, else
 * its status, else "any" — once per HS chapter its prefixes name (or once,
 * under chapter 0, if it covers all goods).  Matching probes the keys an
 * origin can match — its place, its territory and every ISO parent, its
 * controller and that controller's backer, its status — for the goods'
 * chapter and for chapter 0, within the jurisdiction, and checks every
 * condition of each rule found there.  Each probe is distinct and a rule
 * lies under one key and one matching chapter, so no rule is seen twice,
 * and the cost per row depends on how many rules share the origin's keys,
 * not on the size of the rule set.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/namespace.h"
#include "catalog/pg_enum.h"
#include "catalog/pg_type.h"
#include "common/int.h"
#include "port/pg_bswap.h"
#include "compat.h"
#include "embargo.h"
#include "executor/spi.h"
#include "lib/stringinfo.h"
#include "gazetteer.h"
#include "internal_sql.h"
#include "rules.h"
#include "tagging.h"
#include "utils/array.h"
#include "utils/arrayaccess.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/catcache.h"
#include "utils/syscache.h"

typedef enum RsKeyKind
{
	KEY_PLACE,
	KEY_TERRITORY,
	KEY_CONTROLLER,
	KEY_STATUS,
	KEY_ANY
} RsKeyKind;

/* Rules about hops are filed apart, under these kinds plus KEY_HOP. */
#define KEY_HOP 5

static const char *const verdict_names[VERDICT_COUNT] = {"allow", "review", "licence", "prohibit"};

const char *
verdict_name(Verdict v)
{
	return verdict_names[v];
}

/* ---- loading --------------------------------------------------------- */

static Datum
col(uint64 row, int n, bool *isnull)
{
	return SPI_getbinval(SPI_tuptable->vals[row], SPI_tuptable->tupdesc, n, isnull);
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
 * The version hash is an md5 over every loaded value in a fixed binary
 * form: integers in network byte order, strings with their length, NULL
 * strings as a marker.  It depends on the rule set only, not on settings
 * such as DateStyle, nor on the platform.
 */
static void
canon_int32(StringInfo canon, int32 v)
{
	uint32		be = pg_hton32((uint32) v);

	appendBinaryStringInfo(canon, (char *) &be, sizeof(be));
}

static void
canon_int64(StringInfo canon, int64 v)
{
	uint64		be = pg_hton64((uint64) v);

	appendBinaryStringInfo(canon, (char *) &be, sizeof(be));
}

static void
canon_str(StringInfo canon, const char *s)
{
	canon_int32(canon, s != NULL ? (int32) strlen(s) : -1);
	if (s != NULL)
		appendBinaryStringInfo(canon, s, strlen(s));
}

static void
canon_rule(StringInfo canon, const RsRule *r, const char *jurisdiction)
{
	canon_int32(canon, r->id);
	canon_str(canon, jurisdiction);
	canon_int32(canon, r->action);
	canon_int32(canon, r->territory);
	canon_int32(canon, r->place);
	canon_int32(canon, r->controller);
	canon_int32(canon, r->status);
	/* only hop rules: a rule set without any keeps the version it had in 0.4 */
	if (r->hop_roles != 0)
	{
		canon_int32(canon, r->hop_roles);
		canon_int32(canon, r->hop_select);
		canon_int32(canon, r->hop_date_from);
	}
	canon_int32(canon, r->nhs);
	for (int i = 0; i < r->nhs; i++)
		canon_int64(canon, r->hs[i]);
	canon_int32(canon, r->from);
	canon_int32(canon, r->until);
	canon_int32(canon, r->enabled);
	canon_str(canon, r->instrument);
	canon_str(canon, r->article);
	canon_str(canon, r->citation);
	canon_str(canon, r->note);
}

static void
canon_exception(StringInfo canon, const RsException *x)
{
	canon_int32(canon, x->rule_id);
	canon_int32(canon, x->id);
	canon_str(canon, x->evidence);
	canon_int32(canon, x->from);
	canon_int32(canon, x->until);
	canon_str(canon, x->description);
	canon_str(canon, x->citation);
}

static void
load_hs(RsRule *r, Datum arr, MemoryContext cxt)
{
	ArrayType  *a = DatumGetArrayTypeP(arr);
	Datum	   *elems;
	bool	   *nulls;
	int			n;

	int16		typlen;
	bool		typbyval;
	char		typalign;

	/* hscode is LIKE int8: by value on 64-bit builds, by reference on 32-bit */
	get_typlenbyvalalign(ARR_ELEMTYPE(a), &typlen, &typbyval, &typalign);
	deconstruct_array(a, ARR_ELEMTYPE(a), typlen, typbyval, typalign, &elems, &nulls, &n);
	r->nhs = n;
	r->hs = MemoryContextAlloc(cxt, sizeof(HsCode) * (n + 1));
	for (int i = 0; i < n; i++)
		r->hs[i] = DatumGetHsCode(elems[i]);
}

/*
 * Run a read-only query through a cursor, a batch at a time, and give each
 * row's columns to fn; returns the number of rows.  Whatever fn allocates
 * outside its own context is freed after each row, so that 100,000 rules
 * load without the whole result or its garbage piling up in memory.
 */
#define BATCH_ROWS 10000
#define MAX_COLUMNS 20

typedef void (*RowFn) (Datum *values, bool *nulls, void *arg);

static uint64
for_each_row(const char *sql, RowFn fn, void *arg)
{
	SPIPlanPtr	plan = SPI_prepare(sql, 0, NULL);
	MemoryContext scratch = AllocSetContextCreate(CurrentMemoryContext, "embargo rule rows",
												  ALLOCSET_DEFAULT_SIZES);
	Portal		portal;
	uint64		total = 0;
	Datum		values[MAX_COLUMNS];
	bool		nulls[MAX_COLUMNS];

	if (plan == NULL)
		elog(ERROR, "could not read the rule set (%s): %s", sql, SPI_result_code_string(SPI_result));
	portal = SPI_cursor_open(NULL, plan, NULL, NULL, true);
	for (;;)
	{
		SPI_cursor_fetch(portal, true, BATCH_ROWS);
		if (SPI_processed == 0)
			break;
		Assert(SPI_tuptable->tupdesc->natts <= MAX_COLUMNS);
		for (uint64 i = 0; i < SPI_processed; i++)
		{
			MemoryContext caller = MemoryContextSwitchTo(scratch);

			heap_deform_tuple(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, values, nulls);
			fn(values, nulls, arg);
			MemoryContextSwitchTo(caller);
			MemoryContextReset(scratch);
		}
		total += SPI_processed;
		SPI_freetuptable(SPI_tuptable);
	}
	SPI_cursor_close(portal);
	SPI_freeplan(plan);
	MemoryContextDelete(scratch);
	return total;
}

/* Loading state shared by the row callbacks. */
typedef struct RuleLoad
{
	RuleSet    *rs;
	MemoryContext cxt;
	StringInfo	canon;
	int			capacity;
	const char **names;			/* distinct jurisdictions, in order of appearance */
	int			nnames;
	char	   *arena;			/* strings, packed without per-chunk overhead */
	Size		arena_free;
} RuleLoad;

#define ARENA_BLOCK (64 * 1024)

/* A copy of a text value in the rule set's string arena; NULL stays NULL. */
static const char *
copy_text(RuleLoad *l, Datum d, bool isnull)
{
	text	   *t;
	Size		len;
	char	   *copy;

	if (isnull)
		return NULL;
	t = DatumGetTextPP(d);
	len = VARSIZE_ANY_EXHDR(t);
	if (len + 1 > l->arena_free)
	{
		Size		block = Max(ARENA_BLOCK, len + 1);

		l->arena = MemoryContextAlloc(l->cxt, block);
		l->arena_free = block;
	}
	copy = l->arena;
	memcpy(copy, VARDATA_ANY(t), len);
	copy[len] = '\0';
	l->arena += len + 1;
	l->arena_free -= len + 1;
	return copy;
}

static DateADT
date_or(Datum d, bool isnull, DateADT if_null)
{
	return isnull ? if_null : DatumGetDateADT(d);
}

/* The index of a jurisdiction among those seen so far, adding it if new. */
static int
intern_jurisdiction(RuleLoad *l, const char *name)
{
	for (int i = l->nnames - 1; i >= 0; i--)
		if (strcmp(l->names[i], name) == 0)
			return i;
	if (l->nnames % 64 == 0)
		l->names = l->nnames == 0 ? MemoryContextAlloc(l->cxt, sizeof(char *) * 64) :
			repalloc(l->names, sizeof(char *) * (l->nnames + 64));
	l->names[l->nnames] = MemoryContextStrdup(l->cxt, name);
	return l->nnames++;
}

#define RULE_COLUMNS "r.id, r.jurisdiction, r.action::pg_catalog.text, r.territory, r.place_id, r.controller, " \
	"r.status, r.hs, e.valid_from, e.valid_until, e.enabled, r.instrument, r.article, r.citation, r.note, "
#define HOP_COLUMNS "r.hop_roles::pg_catalog.text[], r.hop_select, r.hop_date_from"
/*
 * An organisation's override narrows a rule's dates or switches it off
 * (greatest and least ignore NULLs, an open end): the matcher sees only the
 * rule as overridden.
 */
#define OVERRIDDEN_RULES EXTENSION_SCHEMA ".rule r LEFT JOIN (SELECT o.rule_id, o.enabled AS o_enabled, " \
	"o.valid_from AS o_from, o.valid_until AS o_until FROM " EXTENSION_SCHEMA ".rule_override o) o " \
	"ON o.rule_id OPERATOR(pg_catalog.=) r.id, " \
	"LATERAL (SELECT GREATEST(r.valid_from, o.o_from) AS valid_from, " \
	"LEAST(r.valid_until, o.o_until) AS valid_until, " \
	"r.enabled AND COALESCE(o.o_enabled, true) AS enabled) e"
/* a database not updated to 0.6 yet has no overrides */
#define PLAIN_RULES EXTENSION_SCHEMA ".rule r, LATERAL (SELECT r.valid_from, r.valid_until, r.enabled) e"
/* a 0.4 rule table has no hop columns */
#define NO_HOP_COLUMNS "NULL::pg_catalog.text[], NULL::pg_catalog.text, NULL::pg_catalog.date"

static uint16
load_hop_roles(const RsRule *r, Datum arr)
{
	Datum	   *elems;
	bool	   *nulls;
	int			n;
	uint16		roles = 0;

	deconstruct_array(DatumGetArrayTypeP(arr), TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &n);
	for (int i = 0; i < n; i++)
	{
		/* the table's CHECK constraint and the enum make these can't-happen */
		int			role = nulls[i] ? -1 : hop_role_from_name(TextDatumGetCString(elems[i]));

		if (role < 0)
			elog(ERROR, "rule %d has an unknown hop role", r->id);
		roles |= HOP_ROLE_BIT(role);
	}
	return roles;
}

static uint8
load_hop_select(const RsRule *r, Datum d, bool isnull)
{
	static const char *const names[] = {"any", "last", "earlier"};

	return isnull ? HOP_SELECT_ANY : lookup_name(names, lengthof(names), TextDatumGetCString(d));
}

static void
load_rule(Datum *v, bool *n, void *arg)
{
	RuleLoad   *l = arg;
	RsRule	   *r;
	int			status;

	if (l->rs->nrules == l->capacity)
	{
		l->capacity = l->capacity == 0 ? 1024 : l->capacity * 2;
		l->rs->rules = l->rs->rules == NULL ?
			MemoryContextAlloc(l->cxt, sizeof(RsRule) * l->capacity) :
			repalloc(l->rs->rules, sizeof(RsRule) * l->capacity);
	}
	r = &l->rs->rules[l->rs->nrules++];
	memset(r, 0, sizeof(RsRule));
	r->id = DatumGetInt32(v[0]);
	r->jurisdiction = intern_jurisdiction(l, TextDatumGetCString(v[1]));
	r->action = lookup_name(verdict_names, VERDICT_COUNT, TextDatumGetCString(v[2]));
	r->territory = n[3] ? -1 : DatumGetTerritory(v[3]);
	r->place = n[4] ? 0 : DatumGetInt32(v[4]);
	/* the table's CHECK constraint makes a bad controller can't-happen */
	if (!n[5] && !controller_parse(TextDatumGetCString(v[5]), &r->controller))
		elog(ERROR, "rule %d has an invalid controller", r->id);
	status = n[6] ? STATUS_ANY : origin_status_from_name(TextDatumGetCString(v[6]));
	/* the table's CHECK constraint makes this can't-happen too */
	if (status < 0)
		elog(ERROR, "rule %d has an invalid status", r->id);
	r->status = status;
	load_hs(r, v[7], l->cxt);
	r->from = date_or(v[8], n[8], DATEVAL_NOBEGIN);
	r->until = date_or(v[9], n[9], DATEVAL_NOEND);
	r->enabled = DatumGetBool(v[10]);
	r->instrument = copy_text(l, v[11], n[11]);
	r->article = copy_text(l, v[12], n[12]);
	r->citation = copy_text(l, v[13], n[13]);
	r->note = copy_text(l, v[14], n[14]);
	r->hop_roles = n[15] ? 0 : load_hop_roles(r, v[15]);
	r->hop_select = load_hop_select(r, v[16], n[16]);
	r->hop_date_from = date_or(v[17], n[17], DATEVAL_NOBEGIN);
	canon_rule(l->canon, r, l->names[r->jurisdiction]);
}

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *) a, *(const char *const *) b);
}

/* Sort the jurisdictions (error messages list them) and renumber the rules. */
static void
sort_jurisdictions(RuleSet *rs, RuleLoad *l)
{
	int		   *new_index = palloc(sizeof(int) * (l->nnames + 1));

	rs->jurisdictions = palloc(sizeof(char *) * (l->nnames + 1));
	memcpy(rs->jurisdictions, l->names, sizeof(char *) * l->nnames);
	qsort(rs->jurisdictions, l->nnames, sizeof(char *), str_cmp);
	rs->njurisdictions = l->nnames;
	for (int i = 0; i < l->nnames; i++)
	{
		const char **hit = bsearch(&l->names[i], rs->jurisdictions, l->nnames, sizeof(char *), str_cmp);

		new_index[i] = hit - rs->jurisdictions;
	}
	for (int i = 0; i < rs->nrules; i++)
		rs->rules[i].jurisdiction = new_index[rs->rules[i].jurisdiction];
	/* keep the sorted list with the rule set */
	l->names = MemoryContextAlloc(l->cxt, sizeof(char *) * (l->nnames + 1));
	memcpy(l->names, rs->jurisdictions, sizeof(char *) * l->nnames);
	rs->jurisdictions = l->names;
	rs->jurisdiction_lengths = MemoryContextAlloc(l->cxt, sizeof(int) * (l->nnames + 1));
	for (int i = 0; i < l->nnames; i++)
		rs->jurisdiction_lengths[i] = strlen(rs->jurisdictions[i]);
}

static void
load_rules(RuleSet *rs, RuleLoad *l)
{
	Oid			rule_table = extension_relation("rule", false);

	/* the library serves databases whose extension is not updated yet too */
	if (OidIsValid(extension_relation("rule_override", true)))
		for_each_row("SELECT " RULE_COLUMNS HOP_COLUMNS " FROM " OVERRIDDEN_RULES " ORDER BY r.id",
					 load_rule, l);
	else if (get_attnum(rule_table, "hop_roles") != InvalidAttrNumber)
		for_each_row("SELECT " RULE_COLUMNS HOP_COLUMNS " FROM " PLAIN_RULES " ORDER BY r.id",
					 load_rule, l);
	else
		for_each_row("SELECT " RULE_COLUMNS NO_HOP_COLUMNS " FROM " PLAIN_RULES " ORDER BY r.id",
					 load_rule, l);
	/* give back the unused end of the doubled array */
	rs->rules = rs->rules == NULL ? MemoryContextAlloc(l->cxt, sizeof(RsRule)) :
		repalloc(rs->rules, sizeof(RsRule) * Max(rs->nrules, 1));
	sort_jurisdictions(rs, l);
}

static int
rule_by_id_cmp(const void *a, const void *b)
{
	return cmp_int32(((const RsRule *) a)->id, ((const RsRule *) b)->id);
}

static void
load_exception(Datum *v, bool *n, void *arg)
{
	RuleLoad   *l = arg;
	RuleSet    *rs = l->rs;
	RsException *x;
	RsRule		probe = {.id = DatumGetInt32(v[0])};
	RsRule	   *r;

	if (rs->nexceptions == l->capacity)
	{
		l->capacity = l->capacity == 0 ? 256 : l->capacity * 2;
		rs->exceptions = rs->exceptions == NULL ?
			MemoryContextAlloc(l->cxt, sizeof(RsException) * l->capacity) :
			repalloc(rs->exceptions, sizeof(RsException) * l->capacity);
	}
	x = &rs->exceptions[rs->nexceptions++];
	x->rule_id = probe.id;
	x->id = DatumGetInt32(v[1]);
	x->evidence = copy_text(l, v[2], n[2]);
	x->from = date_or(v[3], n[3], DATEVAL_NOBEGIN);
	x->until = date_or(v[4], n[4], DATEVAL_NOEND);
	x->description = copy_text(l, v[5], n[5]);
	x->citation = copy_text(l, v[6], n[6]);
	canon_exception(l->canon, x);
	r = bsearch(&probe, rs->rules, rs->nrules, sizeof(RsRule), rule_by_id_cmp);
	if (r != NULL)
		r->nexceptions++;
}

/*
 * Exceptions come by rule id, so each rule's are one run; point the rules
 * at their runs once the array has stopped moving.
 */
static void
load_exceptions(RuleSet *rs, RuleLoad *l)
{
	l->capacity = 0;
	for_each_row("SELECT rule_id, id, evidence, valid_from, valid_until, description, citation "
				 "FROM " EXTENSION_SCHEMA ".rule_exception ORDER BY rule_id, id", load_exception, l);
	for (int i = 0, r = 0; i < rs->nexceptions; i++)
	{
		if (i > 0 && rs->exceptions[i].rule_id == rs->exceptions[i - 1].rule_id)
			continue;
		while (r < rs->nrules && rs->rules[r].id < rs->exceptions[i].rule_id)
			r++;
		if (r < rs->nrules && rs->rules[r].id == rs->exceptions[i].rule_id)
			rs->rules[r].exceptions = &rs->exceptions[i];
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
	uint64		n = query("SELECT code, backed_by::pg_catalog.text FROM " EXTENSION_SCHEMA ".authority "
						  "WHERE backed_by IS NOT NULL ORDER BY code COLLATE pg_catalog.\"C\"");

	rs->nbackers = 0;
	rs->backers = MemoryContextAlloc(cxt, sizeof(RsBacker) * (n + 1));
	for (uint64 i = 0; i < n; i++)
	{
		RsBacker   *b = &rs->backers[rs->nbackers];
		bool		isnull;

		if (controller_parse(TextDatumGetCString(col(i, 1, &isnull)), &b->authority) &&
			controller_parse(TextDatumGetCString(col(i, 2, &isnull)), &b->backer))
		{
			canon_int32(canon, b->authority);
			canon_int32(canon, b->backer);
			rs->nbackers++;
		}
	}
	qsort(rs->backers, rs->nbackers, sizeof(RsBacker), backer_cmp);
}

/*
 * The enum values screen() returns, in severity order: read from the
 * catalogue by the extension's own type and each label, not by a query, so
 * that nothing a caller defines can point them at another type.
 */
static void
load_verdict_oids(RuleSet *rs)
{
	Oid			verdict = extension_type("verdict");
	float4		last_order = 0;
	CatCList   *labels;

	for (int i = 0; i < VERDICT_COUNT; i++)
	{
		HeapTuple	tup = SearchSysCache2(ENUMTYPOIDNAME, ObjectIdGetDatum(verdict),
										  CStringGetDatum(verdict_names[i]));
		Form_pg_enum e;

		if (!HeapTupleIsValid(tup))
			elog(ERROR, "type embargo.verdict has no value \"%s\"", verdict_names[i]);
		e = (Form_pg_enum) GETSTRUCT(tup);
		if (i > 0 && e->enumsortorder <= last_order)
			elog(ERROR, "type embargo.verdict has its values out of order");
		last_order = e->enumsortorder;
		rs->verdict_oids[i] = e->oid;
		ReleaseSysCache(tup);
	}
	labels = SearchSysCacheList1(ENUMTYPOIDNAME, ObjectIdGetDatum(verdict));
	if (labels->n_members != VERDICT_COUNT)
		elog(ERROR, "type embargo.verdict has %d values, expected %d", labels->n_members, VERDICT_COUNT);
	ReleaseSysCacheList(labels);
}

/* ---- evidence codes ---------------------------------------------------- */

typedef struct EvidenceCode
{
	int			jurisdiction;
	const char *code;
} EvidenceCode;

static int
evidence_code_cmp(const void *a, const void *b)
{
	const EvidenceCode *x = a;
	const EvidenceCode *y = b;

	return x->jurisdiction != y->jurisdiction ? cmp_int32(x->jurisdiction, y->jurisdiction) :
		strcmp(x->code, y->code);
}

static const RsRule *
rule_by_id(const RuleSet *rs, int32 id)
{
	RsRule		probe = {.id = id};

	return bsearch(&probe, rs->rules, rs->nrules, sizeof(RsRule), rule_by_id_cmp);
}

/*
 * The distinct evidence codes each jurisdiction's exceptions name, sorted,
 * so that a caller's code can be checked: a misspelt code would otherwise
 * never lift anything, and nobody would know.
 */
static void
index_evidence_codes(RuleSet *rs, MemoryContext cxt)
{
	EvidenceCode *all = palloc(sizeof(EvidenceCode) * (rs->nexceptions + 1));
	int			n = 0;
	int			m = 0;

	for (int i = 0; i < rs->nexceptions; i++)
	{
		const RsRule *r = rule_by_id(rs, rs->exceptions[i].rule_id);

		if (r != NULL)
			all[n++] = (EvidenceCode) {r->jurisdiction, rs->exceptions[i].evidence};
	}
	qsort(all, n, sizeof(EvidenceCode), evidence_code_cmp);
	rs->evidence_codes = MemoryContextAlloc(cxt, sizeof(char *) * (n + 1));
	rs->evidence_starts = MemoryContextAllocZero(cxt, sizeof(int) * (rs->njurisdictions + 1));
	for (int j = 0, i = 0; j < rs->njurisdictions; j++)
	{
		rs->evidence_starts[j] = m;
		for (; i < n && all[i].jurisdiction == j; i++)
			if (m == rs->evidence_starts[j] || strcmp(rs->evidence_codes[m - 1], all[i].code) != 0)
				rs->evidence_codes[m++] = all[i].code;
	}
	rs->evidence_starts[rs->njurisdictions] = m;
	pfree(all);
}

static bool
evidence_code_known(const RuleSet *rs, int jurisdiction, const char *code, int len)
{
	int			lo = rs->evidence_starts[jurisdiction];
	int			hi = rs->evidence_starts[jurisdiction + 1];

	while (lo < hi)
	{
		int			mid = (lo + hi) / 2;
		const char *known = rs->evidence_codes[mid];
		int			c = strncmp(known, code, len);

		if (c == 0)
			c = known[len] == '\0' ? 0 : 1;
		if (c == 0)
			return true;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

/*
 * The first code of the query's evidence that no exception of its
 * jurisdiction names, or NULL; NULL elements are ignored.
 */
const char *
ruleset_unknown_evidence(const RuleSet *rs, RsQuery *q)
{
	array_iter	it;
	int			n;

	if (q->evidence == NULL)
		q->evidence = DatumGetArrayTypeP(q->evidence_datum);
	if (ARR_NDIM(q->evidence) == 0)
		return NULL;
	n = ArrayGetNItems(ARR_NDIM(q->evidence), ARR_DIMS(q->evidence));
	array_iter_setup(&it, (AnyArrayType *) q->evidence);
	for (int i = 0; i < n; i++)
	{
		bool		isnull;
		Datum		d = array_iter_next(&it, &isnull, i, -1, false, TYPALIGN_INT);
		const char *code;
		int			len;

		if (isnull)
			continue;
		code = VARDATA_ANY(DatumGetPointer(d));
		len = VARSIZE_ANY_EXHDR(DatumGetPointer(d));
		if (!evidence_code_known(rs, q->jurisdiction, code, len))
			return pnstrdup(code, len);
	}
	return NULL;
}

/* The codes that lift some rule of the jurisdiction on the day, "a, b", or NULL. */
char *
ruleset_evidence_in_force(const RuleSet *rs, int jurisdiction, DateADT day)
{
	StringInfoData codes;

	initStringInfo(&codes);
	for (int i = rs->evidence_starts[jurisdiction]; i < rs->evidence_starts[jurisdiction + 1]; i++)
		for (int x = 0; x < rs->nexceptions; x++)
		{
			const RsException *e = &rs->exceptions[x];
			const RsRule *r;

			if (strcmp(e->evidence, rs->evidence_codes[i]) != 0 || !active_on(e->from, e->until, day))
				continue;
			r = rule_by_id(rs, e->rule_id);
			if (r != NULL && r->jurisdiction == jurisdiction)
			{
				appendStringInfo(&codes, "%s%s", codes.len ? ", " : "", e->evidence);
				break;
			}
		}
	return codes.len ? codes.data : NULL;
}

/* ---- the index --------------------------------------------------------- */

/*
 * The index is a hash: a rule is found from the origin key it is filed under
 * and the HS chapter of the goods in one probe, not a search, so the cost per
 * row does not grow with the number of rules, only with the number of rules
 * that share the origin's keys and chapter.
 */
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
	if (x->chapter != y->chapter)
		return cmp_int32(x->chapter, y->chapter);
	/* most severe first: screen() stops at the first prohibit that stands */
	if (x->action != y->action)
		return cmp_int32(y->action, x->action);
	return cmp_int32(x->rule, y->rule);
}

static bool
same_bucket(const RsIndexEntry *a, const RsIndexEntry *b)
{
	return a->jurisdiction == b->jurisdiction && a->kind == b->kind && a->key == b->key &&
		a->chapter == b->chapter;
}

static uint32
bucket_hash(int32 jurisdiction, uint8 kind, int32 key, uint8 chapter)
{
	uint64		h = ((uint64) (uint32) key << 32) ^ ((uint64) jurisdiction << 16) ^
		((uint64) kind << 8) ^ chapter;

	/* the 64-bit finaliser of MurmurHash3: inline, as this runs ~16 times a row */
	h ^= h >> 33;
	h *= UINT64CONST(0xff51afd7ed558ccd);
	h ^= h >> 33;
	h *= UINT64CONST(0xc4ceb9fe1a85ec53);
	h ^= h >> 33;
	return (uint32) h;
}

static int
hs_chapter(HsCode c)
{
	return (int) (hscode_padded(c) / 100000000);
}

/* The origin key a rule is most selective on. */
static void
origin_key(const RsRule *r, uint8 *kind, int32 *key)
{
	*kind = KEY_ANY, *key = 0;
	if (r->place != 0)
		*kind = KEY_PLACE, *key = r->place;
	else if (r->territory >= 0)
		*kind = KEY_TERRITORY, *key = r->territory;
	else if (r->controller != 0)
		*kind = KEY_CONTROLLER, *key = r->controller;
	else if (r->status != STATUS_ANY)
		*kind = KEY_STATUS, *key = r->status;
}

/* File a rule once per distinct chapter of its prefixes (or under 0). */
static void
file_rule(RuleSet *rs, const RsRule *r, int32 position, int *capacity)
{
	bool		seen[100] = {false};
	RsIndexEntry e = {.jurisdiction = r->jurisdiction, .action = r->action, .rule = position};

	origin_key(r, &e.kind, &e.key);
	if (r->hop_roles != 0)
		e.kind += KEY_HOP;
	for (int i = 0; i < Max(r->nhs, 1); i++)
	{
		e.chapter = r->nhs == 0 ? 0 : hs_chapter(r->hs[i]);
		if (seen[e.chapter])
			continue;
		seen[e.chapter] = true;
		if (rs->nindex == *capacity)
		{
			*capacity *= 2;
			rs->index = repalloc_huge(rs->index, sizeof(RsIndexEntry) * *capacity);
		}
		rs->index[rs->nindex++] = e;
	}
}

/* Which (kind, all goods or a chapter) a jurisdiction has rules under. */
static uint32
probe_bit(uint8 kind, uint8 chapter)
{
	return 1u << (kind * 2 + (chapter != 0));
}

/* A territory's bit in a TerritoryFilter: Fibonacci hashing to 12 bits. */
#define TERRITORY_BIT(t)	(((uint32) (t) * 2654435761u) >> (32 - 12))

static bool
maybe_filed(const TerritoryFilter *f, Territory t)
{
	return (f->bits[TERRITORY_BIT(t) / 64] >> (TERRITORY_BIT(t) % 64)) & 1;
}

/*
 * Per jurisdiction, for origin rules and for hop rules: a one-hash Bloom
 * filter of the territories rules are filed under.  Most territory keys an
 * origin or a hop brings have no rule, and the filter says so without
 * probing the hash (a false "maybe" costs only the probe).
 */
static void
fill_territory_filters(RuleSet *rs, MemoryContext cxt)
{
	rs->territory_filters = MemoryContextAllocZero(cxt, sizeof(TerritoryFilter) * 2 *
												   (rs->njurisdictions + 1));
	for (int i = 0; i < rs->nindex; i++)
	{
		const RsIndexEntry *e = &rs->index[i];
		int			hop = e->kind >= KEY_HOP;
		TerritoryFilter *f = &rs->territory_filters[e->jurisdiction * 2 + hop];

		if (e->kind - hop * KEY_HOP == KEY_TERRITORY)
			f->bits[TERRITORY_BIT(e->key) / 64] |= UINT64CONST(1) << (TERRITORY_BIT(e->key) % 64);
	}
}

/* Whether rules may be filed under the territory or one of its parents. */
static bool
maybe_filed_within(const TerritoryFilter *f, Territory t)
{
	Territory	chain[TERRITORY_MAX_DEPTH];
	int			depth = territory_ancestors(t, chain);

	for (int i = 0; i < depth; i++)
		if (maybe_filed(f, chain[i]))
			return true;
	return false;
}

static void
fill_buckets(RuleSet *rs, MemoryContext cxt)
{
	int			groups = 0;
	uint32		size = 16;

	rs->probe_mask = MemoryContextAllocZero(cxt, sizeof(uint32) * (rs->njurisdictions + 1));
	for (int i = 0; i < rs->nindex; i++)
		if (i == 0 || !same_bucket(&rs->index[i], &rs->index[i - 1]))
			groups++;
	while (size < (uint32) groups * 2)
		size *= 2;
	rs->buckets = MemoryContextAllocExtended(cxt, sizeof(RsBucket) * size,
											 MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);
	rs->bucket_mask = size - 1;
	for (int i = 0; i < rs->nindex; i++)
	{
		const RsIndexEntry *e = &rs->index[i];
		uint32		slot;

		if (i > 0 && same_bucket(e, &rs->index[i - 1]))
			continue;
		slot = bucket_hash(e->jurisdiction, e->kind, e->key, e->chapter) & rs->bucket_mask;
		while (rs->buckets[slot].count != 0)
			slot = (slot + 1) & rs->bucket_mask;
		rs->buckets[slot] = (RsBucket) {e->jurisdiction, e->key, e->kind, e->chapter, i, 0};
		rs->probe_mask[e->jurisdiction] |= probe_bit(e->kind, e->chapter);
		for (int j = i; j < rs->nindex && same_bucket(&rs->index[j], e); j++)
			rs->buckets[slot].count++;
	}
}

/*
 * Per jurisdiction and chapter, the roles hop rules look at, and those of
 * the rules that ask who held the hop: a hop with none of them is not
 * probed, and one is tagged only if a rule may ask.
 */
static void
fill_hop_roles(RuleSet *rs, MemoryContext cxt)
{
	Size		size = sizeof(uint16) * HS_CHAPTERS * (rs->njurisdictions + 1);

	rs->hop_roles = MemoryContextAllocZero(cxt, size);
	rs->tag_roles = MemoryContextAllocZero(cxt, size);
	rs->hop_kinds = MemoryContextAllocZero(cxt, size);
	for (int i = 0; i < rs->nindex; i++)
	{
		const RsIndexEntry *e = &rs->index[i];
		const RsRule *r = &rs->rules[e->rule];
		int			slot = e->jurisdiction * HS_CHAPTERS + e->chapter;

		if (r->hop_roles == 0)
			continue;
		rs->hop_roles[slot] |= r->hop_roles;
		rs->hop_kinds[slot] |= 1 << (e->kind - KEY_HOP);
		if (r->controller != 0 || r->status != STATUS_ANY)
			rs->tag_roles[slot] |= r->hop_roles;
	}
}

static void
build_index(RuleSet *rs, MemoryContext cxt)
{
	int			capacity = Max(rs->nrules, 16);

	rs->nindex = 0;
	rs->index = MemoryContextAlloc(cxt, sizeof(RsIndexEntry) * capacity);
	for (int i = 0; i < rs->nrules; i++)
		if (rs->rules[i].enabled)
			file_rule(rs, &rs->rules[i], i, &capacity);
	qsort(rs->index, rs->nindex, sizeof(RsIndexEntry), index_cmp);
	fill_buckets(rs, cxt);
	fill_hop_roles(rs, cxt);
	fill_territory_filters(rs, cxt);
}

/* Load the whole rule set under the active snapshot (see gazetteer.c). */
void
ruleset_load(void *data, MemoryContext cxt)
{
	RuleSet    *rs = data;
	StringInfoData canon;
	const char *errstr = NULL;
	RuleLoad	l = {.rs = rs, .cxt = cxt, .canon = &canon};

	initStringInfo(&canon);
	load_rules(rs, &l);
	canon_int32(&canon, rs->nrules);	/* section ends: no row can pass for another */
	load_exceptions(rs, &l);
	canon_int32(&canon, rs->nexceptions);
	load_backers(rs, &canon, cxt);
	canon_int32(&canon, rs->nbackers);
	load_verdict_oids(rs);
	index_evidence_codes(rs, cxt);
	build_index(rs, cxt);
	/* md5 can be unavailable (FIPS mode): screening must not depend on it */
	if (!pg_md5_hash_compat(canon.data, canon.len, rs->version, &errstr))
	{
		rs->version[0] = '\0';
		rs->version_error = MemoryContextStrdup(cxt, errstr ? errstr : "out of memory");
	}
}

/* ---- matching ---------------------------------------------------------- */

static int
find_jurisdiction(const RuleSet *rs, const char *s, int len)
{
	for (int i = 0; i < rs->njurisdictions; i++)
		if (rs->jurisdiction_lengths[i] == len && pg_strncasecmp(rs->jurisdictions[i], s, len) == 0)
			return i;
	return -1;
}

/*
 * The index of the jurisdiction named by a text, or -1.  Codes are
 * case-insensitive, and GB, the United Kingdom's ISO code, names the UK's
 * rules.  No allocation: this runs once per row, over a handful of names.
 */
int
ruleset_jurisdiction(const RuleSet *rs, text *name)
{
	const char *s = VARDATA_ANY(name);
	int			len = VARSIZE_ANY_EXHDR(name);
	int			j = find_jurisdiction(rs, s, len);

	if (j < 0 && len == 2 && pg_strncasecmp(s, "GB", 2) == 0)
		j = find_jurisdiction(rs, "UK", 2);
	return j;
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
origin_matches(const RsRule *r, const Origin *o, Controller backer, uint8 found_under)
{
	/*
	 * A rule found under a territory key was filed under its own territory,
	 * and the probe came from the origin's ancestor chain, which is exactly
	 * what territory_contains() accepts.
	 */
	Assert(found_under != KEY_TERRITORY || territory_contains(r->territory, o->territory));
	if (r->territory >= 0 && found_under != KEY_TERRITORY &&
		!territory_contains(r->territory, o->territory))
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

		if (active_on(x->from, x->until, q->day) && has_evidence(q->evidence, x->evidence))
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

#define MAX_PROBE_KEYS 16

/* The index keys an origin can match: at most 1 + depth + 2 + 2 + 1. */
static int
probe_keys(const Origin *o, Controller backer, ProbeKey *keys)
{
	int			n = 0;

	Territory	chain[TERRITORY_MAX_DEPTH];
	int			depth = territory_ancestors(o->territory, chain);

	StaticAssertStmt(MAX_PROBE_KEYS >= TERRITORY_MAX_DEPTH + 6, "probe keys do not fit");
	if (o->place != 0)
		keys[n++] = (ProbeKey) {KEY_PLACE, o->place};
	for (int i = 0; i < depth; i++)
		keys[n++] = (ProbeKey) {KEY_TERRITORY, chain[i]};
	keys[n++] = (ProbeKey) {KEY_CONTROLLER, o->controller};
	if (backer != 0 && backer != o->controller)
		keys[n++] = (ProbeKey) {KEY_CONTROLLER, backer};
	keys[n++] = (ProbeKey) {KEY_STATUS, o->status};
	if (o->status == ORIGIN_CONTESTED)
		keys[n++] = (ProbeKey) {KEY_STATUS, ORIGIN_OCCUPIED};
	keys[n++] = (ProbeKey) {KEY_ANY, 0};
	return n;
}

/* The entries filed under a key and chapter: their count, the first in *first. */
static int
bucket_lookup(const RuleSet *rs, int32 jurisdiction, const ProbeKey *k, uint8 chapter,
			  const RsIndexEntry **first)
{
	uint32		slot = bucket_hash(jurisdiction, k->kind, k->key, chapter) & rs->bucket_mask;

	for (;; slot = (slot + 1) & rs->bucket_mask)
	{
		const RsBucket *b = &rs->buckets[slot];

		if (b->count == 0)
			return 0;
		if (b->jurisdiction == jurisdiction && b->kind == k->kind && b->key == k->key &&
			b->chapter == chapter)
		{
			*first = &rs->index[b->start];
			return b->count;
		}
	}
}

typedef bool (*MatchCallback) (const RsMatch *m, void *arg);

/* A hop whose place is wrong is found only when a rule looks at it: say which. */
static void
hop_error_context(void *arg)
{
	errcontext("hop %d of the chain of custody", *(int *) arg + 1);
}

/* What a rule is held against: the declared origin, or one hop of the chain. */
typedef struct Judged
{
	Origin		origin;			/* for a hop: territory and place only, until tagged */
	Controller	backer;
	bool		tagged;
	int			hop;			/* index into the chain; -1: the declared origin */
	const CustodyHop *h;		/* NULL for the declared origin */
} Judged;

typedef struct Matching
{
	const RuleSet *rs;
	RsQuery    *q;
	MatchCallback fn;
	void	   *arg;
	uint8		chapters[2];	/* all goods, and the goods' chapter */
	uint16		rule_roles;		/* the roles hop rules for these goods look at */
	uint16		tag_roles;		/* those of hop rules that ask who held the hop */
	uint16		hop_kinds[2];	/* per chapter: the key kinds hop rules are filed under */
	uint16		chain_roles;	/* the roles the chain has a hop for */
	int			last_transforming;	/* the chain's last transforming hop, or -1 */
} Matching;

static const Gazetteer *
query_gazetteer(RsQuery *q)
{
	if (q->gazetteer == NULL)
		q->gazetteer = gazetteer_get(q->fcinfo);
	return q->gazetteer;
}

/*
 * Who held the hop's territory or place on the hop's date (the shipment's if
 * undated).  Only done when a rule asks about control: most hops are judged
 * on their territory alone.
 */
static void
tag_hop(const Matching *mt, Judged *j)
{
	DateADT		day = hop_dated(j->h) ? j->h->day : mt->q->day;

	if (j->tagged)
		return;
	j->origin = *origin_tag(query_gazetteer(mt->q), true, j->h->territory, j->h->place, day);
	j->backer = backer_of(mt->rs, j->origin.controller);
	j->tagged = true;
}

static Judged
judge_hop(Matching *mt, int i)
{
	const CustodyHop *h = &mt->q->custody->hops[i];
	Judged		j = {.origin = {.territory = h->territory, .place = h->place}, .hop = i, .h = h};

	/* rules may ask who held it */
	if (mt->tag_roles & HOP_ROLE_BIT(h->role))
		tag_hop(mt, &j);
	else if (h->place != 0)
		/* a place may lie deeper than the hop's territory says */
		j.origin.territory = place_territory(query_gazetteer(mt->q), h->place, true, h->territory);
	return j;
}

/* The index keys a hop can match: those of its tag, if it has one. */
static int
hop_keys(const Judged *j, ProbeKey *keys)
{
	Territory	chain[TERRITORY_MAX_DEPTH];
	int			depth;
	int			n = 0;

	if (j->tagged)
		return probe_keys(&j->origin, j->backer, keys);
	if (j->origin.place != 0)
		keys[n++] = (ProbeKey) {KEY_PLACE, j->origin.place};
	depth = territory_ancestors(j->origin.territory, chain);
	for (int i = 0; i < depth; i++)
		keys[n++] = (ProbeKey) {KEY_TERRITORY, chain[i]};
	keys[n++] = (ProbeKey) {KEY_ANY, 0};
	return n;
}

static bool
later_hop_with(const Custody *c, int after, uint16 roles)
{
	for (int i = after + 1; i < c->nhops; i++)
		if (roles & HOP_ROLE_BIT(c->hops[i].role))
			return true;
	return false;
}

/*
 * Whether the goods of hop i were transformed again, later, outside the
 * rule's territory: processed in a third country, not just further along
 * at home.
 */
static bool
transformed_elsewhere_later(const Matching *mt, const RsRule *r, int i)
{
	const Custody *c = mt->q->custody;

	for (int k = i + 1; k <= mt->last_transforming; k++)
		if ((HOP_ROLE_BIT(c->hops[k].role) & HOP_TRANSFORMING) &&
			(r->territory < 0 || !territory_contains(r->territory, c->hops[k].territory)))
			return true;
	return false;
}

/*
 * Whether a hop rule judges this hop: its role, its position among the
 * hops with the rule's roles, its date.  The declared origin stands in
 * for hops the chain does not have (or when there is no chain), undated,
 * and is never an input processed further.
 */
static bool
hop_selected(const Matching *mt, const RsRule *r, const Judged *j)
{
	if (j->h == NULL)
		return (r->hop_roles & mt->chain_roles) == 0 && r->hop_select != HOP_SELECT_EARLIER;
	if (!(r->hop_roles & HOP_ROLE_BIT(j->h->role)))
		return false;
	if (r->hop_select == HOP_SELECT_LAST && later_hop_with(mt->q->custody, j->hop, r->hop_roles))
		return false;
	if (r->hop_select == HOP_SELECT_EARLIER && !transformed_elsewhere_later(mt, r, j->hop))
		return false;
	/* an undated hop cannot show it predates the cut-off */
	return !hop_dated(j->h) || j->h->day >= r->hop_date_from;
}

/*
 * Call mt->fn for every rule filed under the keys (plus kind_offset) that
 * applies to what is judged; false once fn has asked to stop.
 */
static bool
probe(Matching *mt, Judged *j, const ProbeKey *keys, int nkeys, uint8 kind_offset)
{
	const RuleSet *rs = mt->rs;
	RsQuery    *q = mt->q;
	const TerritoryFilter *filed = &rs->territory_filters[q->jurisdiction * 2 + (kind_offset == KEY_HOP)];

	/* a rule is filed under one key and, per chapter, once: none is seen twice */
	for (int k = 0; k < nkeys; k++)
		for (int c = 0; c < 2; c++)
		{
			ProbeKey	key = {keys[k].kind + kind_offset, keys[k].key};
			const RsIndexEntry *run;
			int			n;

			/* most keys have no rules in most jurisdictions: skip the probe */
			if (kind_offset == KEY_HOP ? !(mt->hop_kinds[c] & (1 << keys[k].kind)) :
				!(rs->probe_mask[q->jurisdiction] & probe_bit(key.kind, mt->chapters[c])))
				continue;
			if (keys[k].kind == KEY_TERRITORY && !maybe_filed(filed, keys[k].key))
				continue;
			n = bucket_lookup(rs, q->jurisdiction, &key, mt->chapters[c], &run);

			for (int i = 0; i < n; i++)
			{
				const RsRule *r = &rs->rules[run[i].rule];
				RsMatch		m;

				if (!active_on(r->from, r->until, q->day) || !goods_match(r, q->hs) ||
					(kind_offset == KEY_HOP && !hop_selected(mt, r, j)))
					continue;
				if (j->h != NULL && (r->controller != 0 || r->status != STATUS_ANY))
					tag_hop(mt, j);
				if (!origin_matches(r, &j->origin, j->backer, keys[k].kind))
					continue;
				m.rule = r;
				m.action = effective_action(r, &j->origin, &m.capped);
				m.lifted_by = lifting_exception(r, q);
				m.hop = j->hop;
				m.stand_in = kind_offset == KEY_HOP && j->h == NULL;
				m.undated = r->hop_date_from != DATEVAL_NOBEGIN && (j->h == NULL || !hop_dated(j->h));
				m.judged = j->origin;
				if (!mt->fn(&m, mt->arg))
					return false;
			}
		}
	return true;
}

/*
 * Call fn for every rule that applies to the query, lifted or not, until fn
 * returns false: rules about the declared origin, hop rules the declared
 * origin stands in for, then hop rules on each hop of the chain.  A hop
 * rule may apply to several hops, and then comes once for each.
 */
static void
for_each_match(const RuleSet *rs, RsQuery *q, MatchCallback fn, void *arg)
{
	int			chapter = hs_chapter(q->hs);
	int			all_goods = q->jurisdiction * HS_CHAPTERS;
	Matching	mt = {rs, q, fn, arg, {0, chapter},
		rs->hop_roles[all_goods] | rs->hop_roles[all_goods + chapter],
		rs->tag_roles[all_goods] | rs->tag_roles[all_goods + chapter],
	{rs->hop_kinds[all_goods], rs->hop_kinds[all_goods + chapter]}, 0, -1};
	Judged		declared = {.origin = *q->origin, .backer = backer_of(rs, q->origin->controller),
	.tagged = true, .hop = -1};
	const Custody *chain;
	const TerritoryFilter *hop_filed;
	bool		only_territory_keys;
	int			current = 0;
	ErrorContextCallback where = {.callback = hop_error_context, .arg = &current};
	ProbeKey	keys[MAX_PROBE_KEYS];
	int			nkeys = probe_keys(&declared.origin, declared.backer, keys);

	if (!probe(&mt, &declared, keys, nkeys, 0))
		return;
	/* no hop rule for these goods: the chain does not matter */
	if (mt.rule_roles == 0)
		return;
	hop_filed = &rs->territory_filters[q->jurisdiction * 2 + 1];
	only_territory_keys = ((mt.hop_kinds[0] | mt.hop_kinds[1]) & ~(1 << KEY_TERRITORY)) == 0;
	if (q->custody_datum != 0 && q->custody == NULL)
		q->custody = custody_unpack(q->custody_datum, &q->custody_buffer);
	chain = q->custody;
	for (int i = 0; chain != NULL && i < chain->nhops; i++)
	{
		mt.chain_roles |= HOP_ROLE_BIT(chain->hops[i].role);
		if (HOP_ROLE_BIT(chain->hops[i].role) & HOP_TRANSFORMING)
			mt.last_transforming = i;
	}
	/* the declared origin stands in only for roles the chain lacks */
	if ((mt.rule_roles & ~mt.chain_roles) != 0 && !probe(&mt, &declared, keys, nkeys, KEY_HOP))
		return;
	if (chain == NULL)
		return;
	where.previous = error_context_stack;
	error_context_stack = &where;
	for (int i = 0; i < chain->nhops; i++)
	{
		const CustodyHop *h = &chain->hops[i];
		Judged		hop;

		/* no rule for these goods looks at a hop in this role, or in this territory */
		if (!(mt.rule_roles & HOP_ROLE_BIT(h->role)) ||
			(only_territory_keys && h->place == 0 && !maybe_filed_within(hop_filed, h->territory)))
			continue;
		current = i;
		hop = judge_hop(&mt, i);
		nkeys = hop_keys(&hop, keys);
		if (!probe(&mt, &hop, keys, nkeys, KEY_HOP))
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

/* The most severe action of the rules that apply and stand; allow if none. */
Verdict
ruleset_screen(const RuleSet *rs, RsQuery *q)
{
	Verdict		worst = VERDICT_ALLOW;

	for_each_match(rs, q, keep_most_severe, &worst);
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

/* Every rule that applies, lifted or not, once each, in no particular order. */
List *
ruleset_matches(const RuleSet *rs, RsQuery *q)
{
	List	   *list = NIL;

	for_each_match(rs, q, collect, &list);
	return list;
}
