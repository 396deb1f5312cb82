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
 * not on the size of the rule set.  A key's rules for a chapter are
 * sub-indexed by HS heading when there are many; and what the keys of a
 * declared origin find, for a jurisdiction and the goods' heading, is
 * remembered (the memo), so that rows from the same origin do not probe
 * them again.
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
/*
 * Whether an evidence array is empty, read in place: rows carry it with a
 * short header, and detoasting it would copy it for every row.
 */
static bool
evidence_is_empty(Datum d)
{
	struct varlena *p = (struct varlena *) DatumGetPointer(d);
	int32		ndim;

	if (VARATT_IS_EXTERNAL(p) || VARATT_IS_COMPRESSED(p))
		return false;
	memcpy(&ndim, VARATT_IS_SHORT(p) ? VARDATA_SHORT(p) : VARDATA(p), sizeof(int32));
	return ndim == 0;
}

const char *
ruleset_unknown_evidence(const RuleSet *rs, RsQuery *q)
{
	array_iter	it;
	int			n;

	if (q->evidence == NULL && evidence_is_empty(q->evidence_datum))
		return NULL;
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

/*
 * The hint for an unknown evidence code: the codes that lift some rule of
 * the jurisdiction on the day, and where to find them all.
 */
char *
ruleset_evidence_hint(const RuleSet *rs, int jurisdiction, DateADT day)
{
	StringInfoData codes;
	char		iso_day[ISO_DATE_BUFLEN];

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
	format_iso_date(day, iso_day);
	return codes.len ?
		psprintf("Evidence codes in force for %s on %s: %s. View embargo.evidence_codes lists them all.",
				 rs->jurisdictions[jurisdiction], iso_day, codes.data) :
		psprintf("No evidence code lifts a rule of %s on %s. View embargo.evidence_codes lists them all.",
				 rs->jurisdictions[jurisdiction], iso_day);
}

/* ---- the index --------------------------------------------------------- */

/*
 * The index is a hash: the rules filed under an origin key are found in one
 * probe, not a search, with a run of them per HS chapter, so the cost per
 * row does not grow with the number of rules, only with the number of rules
 * that share the origin's keys and the goods' chapter.  A crowded run is
 * sub-indexed by HS heading, so that the goods' heading narrows it further.
 *
 * Built from a sorted array of (key, chapter, rule) entries, one per rule
 * and chapter of its prefixes.
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
same_key(const RsIndexEntry *a, const RsIndexEntry *b)
{
	return a->jurisdiction == b->jurisdiction && a->kind == b->kind && a->key == b->key;
}

static uint32
key_hash(int32 jurisdiction, uint8 kind, int32 key)
{
	uint64		h = ((uint64) (uint32) key << 32) ^ ((uint64) jurisdiction << 8) ^ kind;

	/* the 64-bit finaliser of MurmurHash3: inline, as this runs for every key probed */
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

/* The heading of a code within its chapter (the 3rd and 4th digits), or -1 for a chapter. */
static int
hs_heading(HsCode c)
{
	return hscode_ndigits(c) < 4 ? -1 : (int) (hscode_padded(c) / 1000000 % 100);
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
file_rule(RsIndexEntry **index, int *nindex, const RsRule *r, int32 position, int *capacity)
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
		if (*nindex == *capacity)
		{
			*capacity *= 2;
			*index = repalloc_huge(*index, sizeof(RsIndexEntry) * *capacity);
		}
		(*index)[(*nindex)++] = e;
	}
}

/* Key kinds: those of origin rules, then the same plus KEY_HOP for hop rules. */
#define KEY_KINDS (2 * KEY_HOP)

static bool
chapter_filed(const uint64 *chapters, int chapter)
{
	return (chapters[chapter / 64] >> (chapter % 64)) & 1;
}

/* The bits set in a word (inline: no instruction for it is assumed). */
static inline int
bit_count(uint64 x)
{
	x = x - ((x >> 1) & UINT64CONST(0x5555555555555555));
	x = (x & UINT64CONST(0x3333333333333333)) + ((x >> 2) & UINT64CONST(0x3333333333333333));
	x = (x + (x >> 4)) & UINT64CONST(0x0f0f0f0f0f0f0f0f);
	return (int) ((x * UINT64CONST(0x0101010101010101)) >> 56);
}

/* Which of a key's runs is that of a chapter filed under it: the bits below. */
static int
chapter_rank(const uint64 *chapters, int chapter)
{
	uint64		below = chapter % 64 == 0 ? 0 : chapters[chapter / 64] << (64 - chapter % 64);

	return (chapter >= 64 ? bit_count(chapters[0]) : 0) + bit_count(below);
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
fill_territory_filters(RuleSet *rs, const RsIndexEntry *index, int nindex, MemoryContext cxt)
{
	rs->territory_filters = MemoryContextAllocZero(cxt, sizeof(TerritoryFilter) * 2 *
												   (rs->njurisdictions + 1));
	for (int i = 0; i < nindex; i++)
	{
		const RsIndexEntry *e = &index[i];
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

/*
 * The goods a rule covers under a chapter (1..99; 0: the rule covers all
 * goods): its prefixes in that chapter, as a range of codes if one prefix
 * covers the others, else the range from the first to the end of the last,
 * which a code must fall in and which its prefixes must then confirm.  A
 * code's descendants form one contiguous integer range (see hscode.h).
 */
static void
set_goods(RsEntry *e, const RsRule *r, int chapter)
{
	HsCode		widest = -1;

	e->exact = true;
	e->hs_lo = PG_INT64_MIN;
	e->hs_hi = PG_INT64_MAX;
	if (chapter == 0)
		return;
	for (int i = 0; i < r->nhs; i++)
		if (hs_chapter(r->hs[i]) == chapter &&
			(widest < 0 || hscode_ndigits(r->hs[i]) < hscode_ndigits(widest)))
			widest = r->hs[i];
	e->hs_lo = widest;
	e->hs_hi = hscode_last_descendant(widest);
	for (int i = 0; i < r->nhs; i++)
		if (hs_chapter(r->hs[i]) == chapter && !hscode_contains(widest, r->hs[i]))
		{
			e->exact = false;
			e->hs_lo = Min(e->hs_lo, r->hs[i]);
			e->hs_hi = Max(e->hs_hi, hscode_last_descendant(r->hs[i]));
		}
}

/*
 * Runs longer than this are sub-indexed by heading: the entries that cover
 * the whole chapter, and per heading those whose prefixes lie in it (a rule
 * with prefixes in several headings is in each of their lists).  A code of
 * a heading can only fall under entries of those two lists: the probe walks
 * both together, in run order, so that rules come in the same order as in
 * the run itself and none twice.
 */
#define CROWDED_RUN 32
#define HEADING_LISTS 101		/* the chapter-wide list, then headings 00..99 */

typedef struct HeadingBuild
{
	int32	   *starts;
	int			nstarts;
	int			starts_capacity;
	int32	   *pos;
	int			npos;
	int			pos_capacity;
} HeadingBuild;

/* The lists a rule's entry goes to: the chapter-wide one (0), or its headings (1 + h). */
static int
heading_lists(const RsRule *r, int chapter, int *lists)
{
	bool		seen[HEADING_LISTS] = {false};
	int			n = 0;

	for (int i = 0; i < r->nhs; i++)
	{
		int			h;

		if (hs_chapter(r->hs[i]) != chapter)
			continue;
		h = hs_heading(r->hs[i]);
		if (h < 0)
		{
			lists[0] = 0;
			return 1;
		}
		if (!seen[1 + h])
			seen[1 + h] = true, lists[n++] = 1 + h;
	}
	return n;
}

static void
add_headings(RuleSet *rs, RsRun *run, int chapter, HeadingBuild *hb)
{
	int			count[HEADING_LISTS + 1] = {0};
	int			lists[HEADING_LISTS];
	int32	   *starts;

	if (hb->nstarts + HEADING_LISTS + 1 > hb->starts_capacity)
	{
		hb->starts_capacity = Max(hb->starts_capacity * 2, 16 * (HEADING_LISTS + 1));
		hb->starts = repalloc_huge(hb->starts, sizeof(int32) * hb->starts_capacity);
	}
	run->headings = hb->nstarts;
	starts = &hb->starts[hb->nstarts];
	hb->nstarts += HEADING_LISTS + 1;
	/* count, then place each entry's position in its lists, in run order */
	for (int i = 0; i < run->count; i++)
	{
		const RsRule *r = &rs->rules[rs->entries[run->start + i].rule];
		int			n = heading_lists(r, chapter, lists);

		for (int k = 0; k < n; k++)
			count[lists[k] + 1]++;
	}
	starts[0] = hb->npos;
	for (int k = 0; k < HEADING_LISTS; k++)
		starts[k + 1] = starts[k] + count[k + 1];
	if (starts[HEADING_LISTS] > hb->pos_capacity)
	{
		hb->pos_capacity = Max(hb->pos_capacity * 2, starts[HEADING_LISTS]);
		hb->pos = repalloc_huge(hb->pos, sizeof(int32) * hb->pos_capacity);
	}
	memset(count, 0, sizeof(count));
	for (int i = 0; i < run->count; i++)
	{
		const RsRule *r = &rs->rules[rs->entries[run->start + i].rule];
		int			n = heading_lists(r, chapter, lists);

		for (int k = 0; k < n; k++)
			hb->pos[starts[lists[k]] + count[lists[k]]++] = i;
	}
	hb->npos = starts[HEADING_LISTS];
}

/*
 * The entries, in index order; per (jurisdiction, kind, key) a hash slot
 * with its runs, one per chapter; and per jurisdiction and kind the
 * chapters some key has a run for, so that most keys an origin brings are
 * skipped without probing the hash.
 */
static void
fill_keys(RuleSet *rs, const RsIndexEntry *index, int nindex, MemoryContext cxt)
{
	int			nkeys = 0;
	int			nruns = 0;
	uint32		size = 16;
	HeadingBuild hb = {0};

	rs->nentries = nindex;
	rs->entries = MemoryContextAllocHuge(cxt, sizeof(RsEntry) * Max(nindex, 1));
	for (int i = 0; i < nindex; i++)
	{
		RsEntry    *e = &rs->entries[i];
		const RsRule *r = &rs->rules[index[i].rule];

		e->rule = index[i].rule;
		e->kind = index[i].kind >= KEY_HOP ? index[i].kind - KEY_HOP : index[i].kind;
		e->from = r->from;
		e->until = r->until;
		set_goods(e, r, index[i].chapter);
		if (i == 0 || !same_key(&index[i], &index[i - 1]))
			nkeys++;
		if (i == 0 || !same_key(&index[i], &index[i - 1]) || index[i].chapter != index[i - 1].chapter)
			nruns++;
	}
	while (size < (uint32) nkeys * 2)
		size *= 2;
	rs->keys = MemoryContextAllocExtended(cxt, sizeof(RsKeySlot) * size,
										  MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);
	rs->key_mask = size - 1;
	rs->runs = MemoryContextAllocHuge(cxt, sizeof(RsRun) * Max(nruns, 1));
	rs->kind_chapters = MemoryContextAllocZero(cxt, sizeof(uint64) * 2 * KEY_KINDS *
											   (rs->njurisdictions + 1));
	hb.starts = palloc(sizeof(int32));
	hb.pos = palloc(sizeof(int32));
	nruns = 0;
	for (int i = 0; i < nindex;)
	{
		const RsIndexEntry *e = &index[i];
		uint64	   *filed = &rs->kind_chapters[(e->jurisdiction * KEY_KINDS + e->kind) * 2];
		uint32		slot = key_hash(e->jurisdiction, e->kind, e->key) & rs->key_mask;
		RsKeySlot  *k;

		while (rs->keys[slot].used)
			slot = (slot + 1) & rs->key_mask;
		k = &rs->keys[slot];
		*k = (RsKeySlot) {{0, 0}, e->key, e->jurisdiction, e->kind, true, nruns};
		/* the key's runs, by chapter */
		while (i < nindex && same_key(&index[i], e))
		{
			RsRun	   *run = &rs->runs[nruns++];
			int			chapter = index[i].chapter;

			*run = (RsRun) {i, 0, -1};
			for (; i < nindex && same_key(&index[i], e) && index[i].chapter == chapter; i++)
				run->count++;
			k->chapters[chapter / 64] |= UINT64CONST(1) << (chapter % 64);
			filed[chapter / 64] |= UINT64CONST(1) << (chapter % 64);
			if (chapter != 0 && run->count > CROWDED_RUN)
				add_headings(rs, run, chapter, &hb);
		}
	}
	rs->heading_starts = MemoryContextAllocHuge(cxt, sizeof(int32) * Max(hb.nstarts, 1));
	memcpy(rs->heading_starts, hb.starts, sizeof(int32) * hb.nstarts);
	rs->heading_pos = MemoryContextAllocHuge(cxt, sizeof(int32) * Max(hb.npos, 1));
	memcpy(rs->heading_pos, hb.pos, sizeof(int32) * hb.npos);
	pfree(hb.starts);
	pfree(hb.pos);
}

/*
 * Per jurisdiction and chapter, the roles hop rules look at, and those of
 * the rules that ask who held the hop: a hop with none of them is not
 * probed, and one is tagged only if a rule may ask.
 */
static void
fill_hop_roles(RuleSet *rs, const RsIndexEntry *index, int nindex, MemoryContext cxt)
{
	Size		size = sizeof(uint16) * HS_CHAPTERS * (rs->njurisdictions + 1);

	rs->hop_roles = MemoryContextAllocZero(cxt, size);
	rs->tag_roles = MemoryContextAllocZero(cxt, size);
	rs->hop_kinds = MemoryContextAllocZero(cxt, size);
	for (int i = 0; i < nindex; i++)
	{
		const RsIndexEntry *e = &index[i];
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

/*
 * The memo: which entries the keys of a declared origin find, for a
 * jurisdiction, the goods' chapter and heading, and origin or hop rules.
 * A batch of imports comes from a limited number of origins, and every row
 * from the same origin, into the same jurisdiction, of goods under the same
 * heading finds the same entries: the memo hands them over as one short
 * array, one hash lookup away, instead of probing each of the origin's keys
 * again across an index that outgrows the processor's caches as the rule
 * set grows.  They are then checked against the row's date and goods as in
 * the index, in the same order.  The memo belongs to the rule set and goes
 * with it; it grows to a bound, and when full starts over.  Lists longer
 * than MEMO_LONGEST are not remembered.
 */
#define MEMO_LONGEST 256
#define MEMO_SLOTS_MIN 256
#define MEMO_SLOTS_MAX 16384
#define MEMO_ENTRIES_MIN 1024
#define MEMO_ENTRIES_MAX 65536
#define MEMO_WINDOW 4096		/* lookups over which misses are counted */
#define MEMO_BYPASS 65536		/* lookups to skip the memo for if most missed */

/* One entry the keys found, as the memo keeps it: 16 bytes. */
typedef struct MemoEntry
{
	uint32		word;			/* the rule's index, and MEMO_ bits above */
	DateADT		from;
	DateADT		until;
	int32		entry;			/* into RuleSet.entries */
} MemoEntry;

#define MEMO_RULE_BITS	25
#define MEMO_RULE(w)	((w) & ((1u << MEMO_RULE_BITS) - 1))
#define MEMO_ANY_GOODS	(1u << 31)	/* it covers all goods of the key's heading: no check */
/*
 * An origin rule that applies to the key's origin, whatever the row: what
 * apply() would find is worked out once, when the entry is noted down,
 * and the rule itself need not be read for each row, unless it has
 * exceptions.  (The key holds the whole origin, and the origin's backer
 * follows from its controller.)  Then the action and flags follow; else
 * the kind of key the entry is filed under.
 */
#define MEMO_APPLIES	(1u << 30)
#define MEMO_CAPPED		(1u << 29)
#define MEMO_EXCEPTIONS (1u << 28)
#define MEMO_UNDATED	(1u << 27)
#define MEMO_ACTION(w)	(((w) >> MEMO_RULE_BITS) & 3)	/* with MEMO_APPLIES */
#define MEMO_KIND(w)	(((w) >> MEMO_RULE_BITS) & 7)	/* without */
#define MEMO_INLINE 2

/* A key and up to MEMO_INLINE entries: one cache line. */
typedef struct MemoSlot
{
	Territory	territory;
	int32		place;
	Controller	controller;
	int32		jurisdiction;
	uint8		status;
	uint8		chapter;
	int8		heading;
	uint8		kind_offset;
	uint32		generation;		/* of the memo when filled; another: empty */
	int32		first;			/* with more than MEMO_INLINE: into RsMemo.entries */
	int32		count;			/* -1: too many to keep (or not kept yet): probe the keys */
	MemoEntry	inline_entries[MEMO_INLINE];
} MemoSlot;

/* A jurisdiction name as text gave it, up to 16 bytes, and its index. */
typedef struct MemoJurisdiction
{
	uint64		name[2];		/* zero-padded */
	int32		len;			/* 0: empty */
	int32		index;
} MemoJurisdiction;

#define MEMO_JURISDICTIONS 64

typedef struct RsMemo
{
	MemoJurisdiction jurisdictions[MEMO_JURISDICTIONS];
	MemoSlot   *slots;			/* open addressing, nslots of them, aligned */
	void	   *slots_chunk;	/* as allocated */
	int			nslots;
	int			used_slots;
	uint32		generation;
	MemoEntry  *entries;
	int			nentries;
	int			used_entries;
	int			lookups;		/* in the current window */
	int			misses;
	int			bypass;			/* lookups left to skip the memo for */
} RsMemo;

#define CACHE_LINE 64

/* Zeroed slots, aligned to cache lines. */
static void
memo_alloc_slots(RsMemo *memo, MemoryContext cxt, int nslots)
{
	void	   *chunk = MemoryContextAllocExtended(cxt, sizeof(MemoSlot) * nslots + CACHE_LINE,
												   MCXT_ALLOC_ZERO);

	if (memo->slots_chunk != NULL)
		pfree(memo->slots_chunk);
	memo->slots_chunk = chunk;
	memo->slots = (MemoSlot *) TYPEALIGN(CACHE_LINE, chunk);
	memo->nslots = nslots;
}

static void
make_memo(RuleSet *rs, MemoryContext cxt)
{
	RsMemo	   *memo;

	StaticAssertStmt(sizeof(MemoSlot) == CACHE_LINE, "a memo slot is not a cache line");
	StaticAssertStmt(MEMO_ENTRIES_MIN >= MEMO_LONGEST, "the memo cannot hold a whole list");
	/* a memo entry has room for the index of one of 32 million rules */
	if (rs->nrules >= (1 << MEMO_RULE_BITS))
		return;
	memo = MemoryContextAllocZero(cxt, sizeof(RsMemo));
	memo_alloc_slots(memo, cxt, MEMO_SLOTS_MIN);
	memo->generation = 1;
	memo->nentries = MEMO_ENTRIES_MIN;
	memo->entries = MemoryContextAlloc(cxt, sizeof(MemoEntry) * memo->nentries);
	rs->memo = memo;
}

static void
build_index(RuleSet *rs, MemoryContext cxt)
{
	int			capacity = Max(rs->nrules, 16);
	int			nindex = 0;
	RsIndexEntry *index = palloc(sizeof(RsIndexEntry) * capacity);

	for (int i = 0; i < rs->nrules; i++)
		if (rs->rules[i].enabled)
			file_rule(&index, &nindex, &rs->rules[i], i, &capacity);
	qsort(index, nindex, sizeof(RsIndexEntry), index_cmp);
	fill_keys(rs, index, nindex, cxt);
	fill_hop_roles(rs, index, nindex, cxt);
	fill_territory_filters(rs, index, nindex, cxt);
	make_memo(rs, cxt);
	pfree(index);
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
 * The memo's slot for a jurisdiction name: the one holding it if it was
 * seen before, else the one to keep it in; in name the name packed as a
 * slot keeps it.  NULL if the name is too long to keep.  Rows name their
 * jurisdiction as text, over and over: one slot compared instead of the
 * names searched.
 */
static MemoJurisdiction *
jurisdiction_slot(const RuleSet *rs, const char *s, int len, uint64 *name)
{
	MemoJurisdiction *slots;
	uint64		w0 = 0;
	uint64		w1 = 0;
	uint32		h;

	if (rs->memo == NULL || len == 0 || len > 2 * (int) sizeof(uint64))
		return NULL;
	slots = rs->memo->jurisdictions;
	/* in registers: bytes stored and read back as words would stall */
	for (int i = 0; i < len && i < 8; i++)
		w0 |= (uint64) (unsigned char) s[i] << (8 * i);
	for (int i = 8; i < len; i++)
		w1 |= (uint64) (unsigned char) s[i] << (8 * (i - 8));
	name[0] = w0;
	name[1] = w1;
	h = (uint32) (((w0 ^ w1 ^ len) * UINT64CONST(0x9e3779b97f4a7c15)) >> 32) % MEMO_JURISDICTIONS;
	for (int k = 0; k < MEMO_JURISDICTIONS; k++)
	{
		MemoJurisdiction *m = &slots[(h + k) % MEMO_JURISDICTIONS];

		if (m->len == 0 || (m->len == len && m->name[0] == w0 && m->name[1] == w1))
			return m;
	}
	return &slots[h];			/* all taken: this one gives way */
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
	uint64		packed[2] = {0, 0};
	MemoJurisdiction *m = jurisdiction_slot(rs, s, len, packed);
	int			j;

	if (m != NULL && m->len == len && m->name[0] == packed[0] && m->name[1] == packed[1])
		return m->index;
	j = find_jurisdiction(rs, s, len);
	if (j < 0 && len == 2 && pg_strncasecmp(s, "GB", 2) == 0)
		j = find_jurisdiction(rs, "UK", 2);
	if (m != NULL && j >= 0)
		*m = (MemoJurisdiction) {{packed[0], packed[1]}, len, j};
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

/* The hash slot of a key, or NULL if no rule is filed under it. */
static const RsKeySlot *
key_lookup(const RuleSet *rs, int32 jurisdiction, uint8 kind, int32 key)
{
	uint32		slot = key_hash(jurisdiction, kind, key) & rs->key_mask;

	for (;; slot = (slot + 1) & rs->key_mask)
	{
		const RsKeySlot *k = &rs->keys[slot];

		if (!k->used)
			return NULL;
		if (k->key == key && k->jurisdiction == jurisdiction && k->kind == kind)
			return k;
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
	int			heading;		/* the goods' heading in the chapter, -1 if none */
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

/* Whether the goods fall under what the rule of an entry covers there. */
static inline bool
entry_goods(const RuleSet *rs, const RsEntry *e, HsCode hs)
{
	return hs >= e->hs_lo && hs <= e->hs_hi && (e->exact || goods_match(&rs->rules[e->rule], hs));
}

/*
 * Call mt->fn if a rule found under a key of kind found_under (plus
 * kind_offset), in force on the day and covering the goods, applies to what
 * is judged; false once fn has asked to stop.
 */
static bool
apply(Matching *mt, Judged *j, const RsRule *r, uint8 found_under, uint8 kind_offset)
{
	RsMatch		m;

	if (kind_offset == KEY_HOP && !hop_selected(mt, r, j))
		return true;
	if (j->h != NULL && (r->controller != 0 || r->status != STATUS_ANY))
		tag_hop(mt, j);
	if (!origin_matches(r, &j->origin, j->backer, found_under))
		return true;
	m.rule = r;
	m.action = effective_action(r, &j->origin, &m.capped);
	m.lifted_by = lifting_exception(r, mt->q);
	m.hop = j->hop;
	m.stand_in = kind_offset == KEY_HOP && j->h == NULL;
	m.undated = r->hop_date_from != DATEVAL_NOBEGIN && (j->h == NULL || !hop_dated(j->h));
	m.judged = j->origin;
	return mt->fn(&m, mt->arg);
}

/*
 * apply() the rule of an entry found under a key: the entry's dates and
 * goods range turn most rules away before the rule itself is read.
 */
static bool
visit(Matching *mt, Judged *j, const RsEntry *e, uint8 kind_offset)
{
	if (!active_on(e->from, e->until, mt->q->day) || !entry_goods(mt->rs, e, mt->q->hs))
		return true;
	return apply(mt, j, &mt->rs->rules[e->rule], e->kind, kind_offset);
}

/* What is done with each entry the keys find: visit() it, or note it down. */
typedef bool (*EntryFn) (Matching *mt, Judged *j, const RsEntry *e, uint8 kind_offset, void *arg);

static bool
visit_entry(Matching *mt, Judged *j, const RsEntry *e, uint8 kind_offset, void *arg)
{
	return visit(mt, j, e, kind_offset);
}

/*
 * Give fn the entries of a run in order.  In a crowded run only those that
 * may cover the goods' heading: the chapter-wide list and the heading's,
 * merged by position (a rule is in one of the two, never both).
 */
static bool
run_entries(Matching *mt, Judged *j, const RsRun *run, uint8 kind_offset, EntryFn fn, void *arg)
{
	const RsEntry *entries = &mt->rs->entries[run->start];
	const int32 *starts;
	const int32 *a;
	const int32 *a_end;
	const int32 *b;
	const int32 *b_end;

	if (run->headings < 0)
	{
		for (int i = 0; i < run->count; i++)
			if (!fn(mt, j, &entries[i], kind_offset, arg))
				return false;
		return true;
	}
	starts = &mt->rs->heading_starts[run->headings];
	a = &mt->rs->heading_pos[starts[0]];
	a_end = &mt->rs->heading_pos[starts[1]];
	b = b_end = a_end;
	if (mt->heading >= 0)
	{
		b = &mt->rs->heading_pos[starts[1 + mt->heading]];
		b_end = &mt->rs->heading_pos[starts[2 + mt->heading]];
	}
	while (a < a_end || b < b_end)
	{
		int32		i = b == b_end || (a < a_end && *a < *b) ? *a++ : *b++;

		if (!fn(mt, j, &entries[i], kind_offset, arg))
			return false;
	}
	return true;
}

/*
 * Give fn every entry filed under the keys (plus kind_offset) for all goods
 * or the goods' chapter, in order; false once fn has asked to stop.
 */
static bool
key_entries(Matching *mt, Judged *j, const ProbeKey *keys, int nkeys, uint8 kind_offset,
			EntryFn fn, void *arg)
{
	const RuleSet *rs = mt->rs;
	RsQuery    *q = mt->q;
	const TerritoryFilter *filed = &rs->territory_filters[q->jurisdiction * 2 + (kind_offset == KEY_HOP)];

	/* a rule is filed under one key and, per chapter, once: none is seen twice */
	for (int k = 0; k < nkeys; k++)
	{
		uint8		kind = keys[k].kind + kind_offset;
		const uint64 *filed_chapters = &rs->kind_chapters[(q->jurisdiction * KEY_KINDS + kind) * 2];
		const RsKeySlot *slot;

		/* most keys have no rules in most jurisdictions: skip the probe */
		if (!chapter_filed(filed_chapters, mt->chapters[0]) &&
			!chapter_filed(filed_chapters, mt->chapters[1]))
			continue;
		if (keys[k].kind == KEY_TERRITORY && !maybe_filed(filed, keys[k].key))
			continue;
		slot = key_lookup(rs, q->jurisdiction, kind, keys[k].key);
		if (slot == NULL)
			continue;
		for (int c = 0; c < 2; c++)
		{
			const RsRun *run;

			if (!chapter_filed(slot->chapters, mt->chapters[c]))
				continue;
			run = &rs->runs[slot->runs + chapter_rank(slot->chapters, mt->chapters[c])];
			if (!run_entries(mt, j, run, kind_offset, fn, arg))
				return false;
		}
	}
	return true;
}

/*
 * Call mt->fn for every rule filed under the keys (plus kind_offset) that
 * applies to what is judged; false once fn has asked to stop.
 */
static bool
probe(Matching *mt, Judged *j, const ProbeKey *keys, int nkeys, uint8 kind_offset)
{
	return key_entries(mt, j, keys, nkeys, kind_offset, visit_entry, NULL);
}

/* Where key_entries() notes down the entries for a memo slot. */
typedef struct MemoFill
{
	MemoEntry  *next;
	int			room;
} MemoFill;

/*
 * Note down an entry, with whether its rule covers all goods of the slot's
 * chapter and heading; one that covers none of them is left out, as
 * entry_goods() would turn it away.
 */
static bool
note_entry(Matching *mt, Judged *j, const RsEntry *e, uint8 kind_offset, void *arg)
{
	MemoFill   *fill = arg;
	MemoEntry	me = {e->rule, e->from, e->until, e - mt->rs->entries};

	if (e->hs_lo == PG_INT64_MIN)
		me.word |= MEMO_ANY_GOODS;	/* all goods */
	else if (e->exact && hscode_ndigits(e->hs_lo) == 2)
		me.word |= MEMO_ANY_GOODS;	/* the chapter */
	else if (e->exact)
	{
		if (hs_heading(e->hs_lo) != mt->heading)
			return true;		/* another heading, or goods given by their chapter */
		if (hscode_ndigits(e->hs_lo) == 4)
			me.word |= MEMO_ANY_GOODS;	/* else a subheading: check */
	}
	if (kind_offset == 0)
	{
		const RsRule *r = &mt->rs->rules[e->rule];
		bool		capped;
		Verdict		action;

		Assert(j->h == NULL && r->hop_roles == 0);
		if (!origin_matches(r, &j->origin, j->backer, e->kind))
			return true;		/* never applies to this origin */
		action = effective_action(r, &j->origin, &capped);
		me.word |= MEMO_APPLIES | (uint32) action << MEMO_RULE_BITS |
			(capped ? MEMO_CAPPED : 0) | (r->nexceptions > 0 ? MEMO_EXCEPTIONS : 0) |
			(r->hop_date_from != DATEVAL_NOBEGIN ? MEMO_UNDATED : 0);
	}
	else
		me.word |= (uint32) e->kind << MEMO_RULE_BITS;
	if (fill->room-- == 0)
		return false;
	*fill->next++ = me;
	return true;
}

static uint32
memo_hash(const Origin *o, int32 jurisdiction, uint8 chapter, int8 heading, uint8 kind_offset)
{
	uint64		h = (uint64) (uint32) o->territory << 32 | (uint32) o->place;
	uint64		g = (uint64) (uint32) o->controller << 32 | (uint64) (uint32) jurisdiction << 16 |
		(uint64) chapter << 8 | (uint64) (uint8) heading;

	h ^= (g ^ ((uint64) o->status << 62) ^ ((uint64) kind_offset << 61)) * UINT64CONST(0x9e3779b97f4a7c15);
	h ^= h >> 33;
	h *= UINT64CONST(0xff51afd7ed558ccd);
	h ^= h >> 33;
	return (uint32) h;
}

/* Empty the memo; its arrays grow, up to their bounds, when they had filled up. */
static void
memo_clear(RsMemo *memo, bool grow_slots, bool grow_entries)
{
	MemoryContext cxt = GetMemoryChunkContext(memo);

	if (grow_slots && memo->nslots < MEMO_SLOTS_MAX)
		memo_alloc_slots(memo, cxt, memo->nslots * 2);
	if (grow_entries && memo->nentries < MEMO_ENTRIES_MAX)
	{
		MemoEntry  *entries = MemoryContextAlloc(cxt, sizeof(MemoEntry) * memo->nentries * 2);

		pfree(memo->entries);
		memo->entries = entries;
		memo->nentries *= 2;
	}
	memo->generation++;
	memo->used_slots = 0;
	memo->used_entries = 0;
}

/* probe() the keys of the declared origin. */
static bool
probe_origin(Matching *mt, Judged *j, uint8 kind_offset)
{
	ProbeKey	keys[MAX_PROBE_KEYS];
	int			nkeys = probe_keys(&j->origin, j->backer, keys);

	return probe(mt, j, keys, nkeys, kind_offset);
}

/*
 * The memo slot for the declared origin, filled now if it was not; NULL
 * if the memo is not worth its upkeep for now: it is bypassed for a while
 * when most lookups miss, as with rows from more origins, jurisdictions and
 * headings than it holds.
 */
static MemoSlot *
memo_slot(Matching *mt, Judged *j, uint8 kind_offset)
{
	RsMemo	   *memo = mt->rs->memo;
	const Origin *o = &j->origin;
	int32		jurisdiction = mt->q->jurisdiction;
	uint32		mask;
	uint32		i;
	MemoSlot   *slot;
	ProbeKey	keys[MAX_PROBE_KEYS];
	int			nkeys;
	MemoFill	fill;

	if (memo == NULL)
		return NULL;
	if (memo->bypass > 0)
	{
		memo->bypass--;
		return NULL;
	}
	if (++memo->lookups == MEMO_WINDOW)
	{
		if (memo->misses > MEMO_WINDOW / 2)
			memo->bypass = MEMO_BYPASS;
		memo->lookups = memo->misses = 0;
	}
	mask = memo->nslots - 1;
	for (i = memo_hash(o, jurisdiction, mt->chapters[1], mt->heading, kind_offset) & mask;;
		 i = (i + 1) & mask)
	{
		slot = &memo->slots[i];
		if (slot->generation != memo->generation)
			break;
		if (slot->territory == o->territory && slot->place == o->place &&
			slot->controller == o->controller && slot->status == o->status &&
			slot->jurisdiction == jurisdiction && slot->chapter == mt->chapters[1] &&
			slot->heading == mt->heading && slot->kind_offset == kind_offset)
			return slot;
	}
	/* keep the table at most half full, and room for a whole list */
	if (memo->used_slots >= memo->nslots / 2 ||
		memo->nentries - memo->used_entries < MEMO_LONGEST)
	{
		memo_clear(memo, memo->used_slots >= memo->nslots / 2,
				   memo->nentries - memo->used_entries < MEMO_LONGEST);
		memo->lookups--;
		return memo_slot(mt, j, kind_offset);
	}
	memo->misses++;
	nkeys = probe_keys(o, j->backer, keys);
	fill.next = &memo->entries[memo->used_entries];
	fill.room = MEMO_LONGEST;
	*slot = (MemoSlot) {o->territory, o->place, o->controller, jurisdiction, o->status,
		mt->chapters[1], mt->heading, kind_offset, memo->generation, memo->used_entries, -1};
	memo->used_slots++;
	if (key_entries(mt, j, keys, nkeys, kind_offset, note_entry, &fill))
	{
		int			count = fill.next - &memo->entries[memo->used_entries];

		if (count <= MEMO_INLINE)
			memcpy(slot->inline_entries, &memo->entries[memo->used_entries], sizeof(MemoEntry) * count);
		else
			memo->used_entries += count;
		slot->count = count;
	}
	return slot;
}

/*
 * probe() for the declared origin, through the memo: the same rules in the
 * same order, so the same matches, and the same point where fn asks to stop.
 */
static bool
probe_declared(Matching *mt, Judged *j, uint8 kind_offset)
{
	const MemoSlot *slot = memo_slot(mt, j, kind_offset);
	const MemoEntry *me;

	if (slot == NULL || slot->count < 0)
		return probe_origin(mt, j, kind_offset);
	me = slot->count <= MEMO_INLINE ? slot->inline_entries : &mt->rs->memo->entries[slot->first];
	for (int k = 0; k < slot->count; k++, me++)
	{
		uint32		w = me->word;
		RsMatch		m;

		if (!active_on(me->from, me->until, mt->q->day) ||
			(!(w & MEMO_ANY_GOODS) && !entry_goods(mt->rs, &mt->rs->entries[me->entry], mt->q->hs)))
			continue;
		if (!(w & MEMO_APPLIES))
		{
			if (!apply(mt, j, &mt->rs->rules[MEMO_RULE(w)], MEMO_KIND(w), kind_offset))
				return false;
			continue;
		}
		/* as apply() would, from what was worked out */
		m.rule = &mt->rs->rules[MEMO_RULE(w)];
		m.action = MEMO_ACTION(w);
		m.capped = (w & MEMO_CAPPED) != 0;
		m.lifted_by = (w & MEMO_EXCEPTIONS) ? lifting_exception(m.rule, mt->q) : NULL;
		m.hop = j->hop;
		m.stand_in = false;
		m.undated = (w & MEMO_UNDATED) != 0;
		m.judged = j->origin;
		if (!mt->fn(&m, mt->arg))
			return false;
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
	{rs->hop_kinds[all_goods], rs->hop_kinds[all_goods + chapter]}, 0, -1, hs_heading(q->hs)};
	Judged		declared = {.origin = *q->origin, .backer = backer_of(rs, q->origin->controller),
	.tagged = true, .hop = -1};
	const Custody *chain;
	const TerritoryFilter *hop_filed;
	bool		only_territory_keys;
	int			current = 0;
	ErrorContextCallback where = {.callback = hop_error_context, .arg = &current};
	ProbeKey	keys[MAX_PROBE_KEYS];
	int			nkeys;

	if (!probe_declared(&mt, &declared, 0))
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
	if ((mt.rule_roles & ~mt.chain_roles) != 0 && !probe_declared(&mt, &declared, KEY_HOP))
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
