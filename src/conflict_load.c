/*
 * conflict_load.c
 *		Reads embargo.cahra_edition and cahra_area, embargo.smelter and
 *		smelter_status, and embargo.critical_mineral into the rule set (see
 *		conflict_set.h).  Like rule_load.c, the only code that knows where
 *		these rows come from.
 */
#include "postgres.h"

#include "conflict_load.h"
#include "embargo.h"
#include "internal_sql.h"
#include "utils/builtins.h"

const char *const smelter_status_names[SMELTER_STATUS_COUNT] = {
	"conformant", "active", "non-conformant", "suspended", "not-enrolled"
};

/* Rows read into growing arrays in the rule set's context. */
typedef struct ConflictLoad
{
	RsConflict *c;
	MemoryContext cxt;
	int			nareas;
	int			area_capacity;
	int			edition_capacity;
	int			smelter_capacity;
	int			nstatuses;
	int			status_capacity;
} ConflictLoad;

static const char *
copy_string(ConflictLoad *l, Datum d, bool isnull)
{
	return isnull ? NULL : MemoryContextStrdup(l->cxt, TextDatumGetCString(d));
}

/* ---- CAHRA ------------------------------------------------------------------ */

static void
load_edition(Datum *v, bool *n, void *arg)
{
	ConflictLoad *l = arg;
	RsCahraEdition *e;

	l->c->editions = grow_array(l->c->editions, l->c->neditions, &l->edition_capacity,
							sizeof(RsCahraEdition), l->cxt);
	e = &l->c->editions[l->c->neditions++];
	e->edition = DatumGetDateADT(v[0]);
	e->title = copy_string(l, v[1], n[1]);
	e->start = 0;
	e->count = 0;
}

/* Areas come by edition; each edition's run is sorted by territory afterwards. */
static void
load_area(Datum *v, bool *n, void *arg)
{
	ConflictLoad *l = arg;
	RsCahraArea *a;
	DateADT		edition = DatumGetDateADT(v[0]);
	RsCahraEdition *e = NULL;

	for (int i = 0; i < l->c->neditions; i++)
		if (l->c->editions[i].edition == edition)
			e = &l->c->editions[i];
	/* the foreign key makes this can't-happen */
	if (e == NULL)
		elog(ERROR, "CAHRA area of an edition that is not loaded");
	if (e->count == 0)
		e->start = l->nareas;
	e->count++;
	l->c->areas = grow_array(l->c->areas, l->nareas, &l->area_capacity,
							sizeof(RsCahraArea), l->cxt);
	a = &l->c->areas[l->nareas++];
	a->territory = DatumGetTerritory(v[1]);
	a->name = copy_string(l, v[2], n[2]);
	a->conflict_affected = n[3] ? -1 : DatumGetBool(v[3]);
	a->high_risk = n[4] ? -1 : DatumGetBool(v[4]);
}

static int
area_cmp(const void *a, const void *b)
{
	return cmp_int32(((const RsCahraArea *) a)->territory, ((const RsCahraArea *) b)->territory);
}

static void
load_cahra(ConflictLoad *l)
{
	if (!OidIsValid(extension_relation("cahra_edition", true)))
		return;
	internal_sql_each_row("SELECT e.edition, e.title FROM " EXTENSION_SCHEMA ".cahra_edition e "
						  "ORDER BY e.edition", load_edition, l);
	internal_sql_each_row("SELECT a.edition, a.territory, a.name, a.conflict_affected, a.high_risk "
						  "FROM " EXTENSION_SCHEMA ".cahra_area a ORDER BY a.edition", load_area, l);
	for (int i = 0; i < l->c->neditions; i++)
	{
		RsCahraEdition *e = &l->c->editions[i];

		qsort(l->c->areas + e->start, e->count, sizeof(RsCahraArea), area_cmp);
	}
}

/* ---- smelters ----------------------------------------------------------------- */

static void
load_smelter(Datum *v, bool *n, void *arg)
{
	ConflictLoad *l = arg;
	RsSmelter  *s;

	l->c->smelters = grow_array(l->c->smelters, l->c->nsmelters, &l->smelter_capacity,
							sizeof(RsSmelter), l->cxt);
	s = &l->c->smelters[l->c->nsmelters++];
	s->facility = copy_string(l, v[0], n[0]);
	s->name = copy_string(l, v[1], n[1]);
	s->metal = copy_string(l, v[2], n[2]);
	s->country = n[3] ? -1 : DatumGetTerritory(v[3]);
	s->start = 0;
	s->count = 0;
}

static int
smelter_cmp(const void *a, const void *b)
{
	return strcmp(((const RsSmelter *) a)->facility, ((const RsSmelter *) b)->facility);
}

/* Statuses come by facility (in the C collation, as the smelters) and date. */
static void
load_status(Datum *v, bool *n, void *arg)
{
	ConflictLoad *l = arg;
	char	   *facility = TextDatumGetCString(v[0]);
	RsSmelter	probe = {.facility = facility};
	RsSmelter  *s = bsearch(&probe, l->c->smelters, l->c->nsmelters, sizeof(RsSmelter), smelter_cmp);
	RsSmelterStatus *st;
	int			status = name_index(smelter_status_names, SMELTER_STATUS_COUNT, TextDatumGetCString(v[2]));

	/* the foreign key and the CHECK constraint make these can't-happen */
	if (s == NULL || status < 0)
		elog(ERROR, "unexpected status of facility \"%s\" in embargo.smelter_status", facility);
	if (s->count == 0)
		s->start = l->nstatuses;
	s->count++;
	l->c->statuses = grow_array(l->c->statuses, l->nstatuses, &l->status_capacity,
							sizeof(RsSmelterStatus), l->cxt);
	st = &l->c->statuses[l->nstatuses++];
	st->since = DatumGetDateADT(v[1]);
	st->status = status;
}

static void
load_smelters(ConflictLoad *l)
{
	if (!OidIsValid(extension_relation("smelter", true)))
		return;
	internal_sql_each_row("SELECT s.facility, s.name, s.metal, s.country FROM " EXTENSION_SCHEMA
						  ".smelter s ORDER BY s.facility COLLATE pg_catalog.\"C\"", load_smelter, l);
	/* sorted again in C: the order bsearch() relies on must not hang on a collation */
	qsort(l->c->smelters, l->c->nsmelters, sizeof(RsSmelter), smelter_cmp);
	internal_sql_each_row("SELECT t.facility, t.since, t.status FROM " EXTENSION_SCHEMA
						  ".smelter_status t ORDER BY t.facility COLLATE pg_catalog.\"C\", t.since",
						  load_status, l);
}

void
conflict_load(RuleSet *rs, MemoryContext cxt)
{
	ConflictLoad l = {.c = &rs->conflict, .cxt = cxt};

	memset(&rs->conflict, 0, sizeof(RsConflict));
	load_cahra(&l);
	load_smelters(&l);
}

/* ---- rules scoped to a critical-mineral list ---------------------------------- */

/* A critical_mineral row: a list's code and what it stands for. */
typedef struct ListRow
{
	const char *list;
	HsCode		hs;
	RsListCode	info;
} ListRow;

typedef struct ListRows
{
	ListRow    *rows;			/* by list, then code */
	int			n;
	int			capacity;
	MemoryContext cxt;
} ListRows;

static void
load_list_row(Datum *v, bool *n, void *arg)
{
	ListRows   *rows = arg;
	ListRow    *r;

	rows->rows = grow_array(rows->rows, rows->n, &rows->capacity,
							sizeof(ListRow), rows->cxt);
	r = &rows->rows[rows->n++];
	r->list = MemoryContextStrdup(rows->cxt, TextDatumGetCString(v[0]));
	r->hs = DatumGetHsCode(v[1]);
	r->info.mineral = MemoryContextStrdup(rows->cxt, TextDatumGetCString(v[2]));
	r->info.category = MemoryContextStrdup(rows->cxt, TextDatumGetCString(v[3]));
	r->info.uncertain = DatumGetBool(v[4]);
	r->info.note = n[5] ? NULL : MemoryContextStrdup(rows->cxt, TextDatumGetCString(v[5]));
}

/* A rule's new goods scope, gathered in the rule set's context. */
typedef struct RuleCodes
{
	HsCode	   *hs;
	RsListCode *info;
	int			n;
	int			hs_capacity;
	int			info_capacity;
	MemoryContext cxt;
} RuleCodes;

/* Add prefix hs, standing for info, unless it is there already. */
static void
add_code(RuleCodes *codes, HsCode hs, const RsListCode *info)
{
	for (int i = 0; i < codes->n; i++)
		if (codes->hs[i] == hs)
			return;
	codes->hs = grow_array(codes->hs, codes->n, &codes->hs_capacity, sizeof(HsCode), codes->cxt);
	codes->info = grow_array(codes->info, codes->n, &codes->info_capacity, sizeof(RsListCode),
							 codes->cxt);
	codes->hs[codes->n] = hs;
	codes->info[codes->n++] = *info;
}

/* The rule's goods scope: the list's prefixes within its own (all goods if none). */
static void
expand_rule(RsRule *r, const ListRows *rows, MemoryContext cxt)
{
	RuleCodes	codes = {.cxt = cxt};

	for (int k = 0; k < rows->n; k++)
	{
		const ListRow *row = &rows->rows[k];

		if (strcmp(row->list, r->hs_list) != 0)
			continue;
		if (r->nhs == 0)
			add_code(&codes, row->hs, &row->info);
		for (int i = 0; i < r->nhs; i++)
		{
			if (hscode_contains(r->hs[i], row->hs))
				add_code(&codes, row->hs, &row->info);
			else if (hscode_contains(row->hs, r->hs[i]))
				add_code(&codes, r->hs[i], &row->info);
		}
	}
	r->hs = codes.hs;
	r->hs_codes = codes.info;
	r->nhs = codes.n;
	/* no goods in both scopes: the rule can apply to nothing */
	if (codes.n == 0)
		r->enabled = false;
}

void
conflict_expand_lists(RuleSet *rs, MemoryContext cxt)
{
	ListRows	rows = {.cxt = cxt};
	bool		any = false;

	for (int i = 0; i < rs->nrules && !any; i++)
		any = rs->rules[i].hs_list != NULL;
	if (!any)
		return;
	internal_sql_each_row("SELECT m.list, m.hs, m.mineral, m.category, m.uncertain, m.note FROM "
						  EXTENSION_SCHEMA ".critical_mineral m ORDER BY m.list, m.hs, m.mineral",
						  load_list_row, &rows);
	for (int i = 0; i < rs->nrules; i++)
		if (rs->rules[i].hs_list != NULL)
			expand_rule(&rs->rules[i], &rows, cxt);
}
