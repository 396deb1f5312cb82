/*
 * rule_load.c
 *		The rule loader: the only code that knows where rules come from.
 *		Reads embargo.rule (as an organisation's overrides leave it),
 *		embargo.rule_exception and the authorities' backers into a RuleSet,
 *		and hashes what it read into the rule set's version.
 *
 * Kept apart from compiling and matching so that the rules can later reach
 * each node another way (a node-local copy, a serialized rule set) without
 * touching either.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_enum.h"
#include "catalog/pg_type.h"
#include "compat.h"
#include "conflict_load.h"
#include "embargo.h"
#include "internal_sql.h"
#include "lib/stringinfo.h"
#include "port/pg_bswap.h"
#include "rule_load.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/catcache.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"

/* A value the tables' constraints allow, or an error: they were bypassed. */
static int
known_name(const char *const *names, int n, const char *s)
{
	int			i = name_index(names, n, s);

	if (i < 0)
		elog(ERROR, "unexpected value \"%s\" in the rule set", s);
	return i;
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
	/* only rules with these scopes: older rule sets keep their versions */
	if (r->hs_list != NULL || r->cahra >= 0 || r->smelter_conformant >= 0)
	{
		canon_str(canon, r->hs_list);
		canon_int32(canon, r->cahra);
		canon_int32(canon, r->smelter_conformant);
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
/* the scopes of critical and conflict minerals (0.6) */
#define CONFLICT_COLUMNS ", r.hs_list, r.cahra, r.smelter_conformant"
#define NO_CONFLICT_COLUMNS ", NULL::pg_catalog.text, NULL::pg_catalog.bool, NULL::pg_catalog.bool"

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

	return isnull ? HOP_SELECT_ANY : known_name(names, lengthof(names), TextDatumGetCString(d));
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
	r->action = known_name(verdict_names, VERDICT_COUNT, TextDatumGetCString(v[2]));
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
	r->hs_list = copy_text(l, v[18], n[18]);
	r->cahra = n[19] ? -1 : DatumGetBool(v[19]);
	r->smelter_conformant = n[20] ? -1 : DatumGetBool(v[20]);
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
	if (get_attnum(rule_table, "hs_list") != InvalidAttrNumber)
		internal_sql_each_row("SELECT " RULE_COLUMNS HOP_COLUMNS CONFLICT_COLUMNS " FROM " OVERRIDDEN_RULES
							  " ORDER BY r.id", load_rule, l);
	else if (OidIsValid(extension_relation("rule_override", true)))
		internal_sql_each_row("SELECT " RULE_COLUMNS HOP_COLUMNS NO_CONFLICT_COLUMNS " FROM " OVERRIDDEN_RULES
							  " ORDER BY r.id", load_rule, l);
	else if (get_attnum(rule_table, "hop_roles") != InvalidAttrNumber)
		internal_sql_each_row("SELECT " RULE_COLUMNS HOP_COLUMNS NO_CONFLICT_COLUMNS " FROM " PLAIN_RULES
							  " ORDER BY r.id", load_rule, l);
	else
		internal_sql_each_row("SELECT " RULE_COLUMNS NO_HOP_COLUMNS NO_CONFLICT_COLUMNS " FROM " PLAIN_RULES
							  " ORDER BY r.id", load_rule, l);
	/* give back the unused end of the doubled array */
	rs->rules = rs->rules == NULL ? MemoryContextAlloc(l->cxt, sizeof(RsRule)) :
		repalloc(rs->rules, sizeof(RsRule) * Max(rs->nrules, 1));
	sort_jurisdictions(rs, l);
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
	r = bsearch(&probe, rs->rules, rs->nrules, sizeof(RsRule), ruleset_rule_cmp);
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
	internal_sql_each_row("SELECT rule_id, id, evidence, valid_from, valid_until, description, citation "
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


static void
load_backer(Datum *v, bool *n, void *arg)
{
	RuleLoad   *l = arg;
	RsBacker	b;

	if (controller_parse(TextDatumGetCString(v[0]), &b.authority) &&
		controller_parse(TextDatumGetCString(v[1]), &b.backer))
	{
		if (l->rs->nbackers == l->capacity)
		{
			l->capacity = l->capacity == 0 ? 64 : l->capacity * 2;
			l->rs->backers = l->rs->backers == NULL ?
				MemoryContextAlloc(l->cxt, sizeof(RsBacker) * l->capacity) :
				repalloc(l->rs->backers, sizeof(RsBacker) * l->capacity);
		}
		canon_int32(l->canon, b.authority);
		canon_int32(l->canon, b.backer);
		l->rs->backers[l->rs->nbackers++] = b;
	}
}

static void
load_backers(RuleSet *rs, RuleLoad *l)
{
	l->capacity = 0;
	internal_sql_each_row("SELECT code, backed_by::pg_catalog.text FROM " EXTENSION_SCHEMA ".authority "
						  "WHERE backed_by IS NOT NULL ORDER BY code COLLATE pg_catalog.\"C\"",
						  load_backer, l);
	if (rs->backers == NULL)
		rs->backers = MemoryContextAlloc(l->cxt, sizeof(RsBacker));
	qsort(rs->backers, rs->nbackers, sizeof(RsBacker), ruleset_backer_cmp);
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

/* Load the whole rule set under the active snapshot (see cache.c). */
void
rule_load(RuleSet *rs, MemoryContext cxt)
{
	StringInfoData canon;
	const char *errstr = NULL;
	RuleLoad	l = {.rs = rs, .cxt = cxt, .canon = &canon};

	initStringInfo(&canon);
	load_rules(rs, &l);
	canon_int32(&canon, rs->nrules);	/* section ends: no row can pass for another */
	load_exceptions(rs, &l);
	canon_int32(&canon, rs->nexceptions);
	load_backers(rs, &l);
	canon_int32(&canon, rs->nbackers);
	load_verdict_oids(rs);
	conflict_expand_lists(rs, cxt);
	conflict_load(rs, cxt);
	/* md5 can be unavailable (FIPS mode): screening must not depend on it */
	if (!pg_md5_hash_compat(canon.data, canon.len, rs->version, &errstr))
	{
		rs->version[0] = '\0';
		rs->version_error = MemoryContextStrdup(cxt, errstr ? errstr : "out of memory");
	}
}

