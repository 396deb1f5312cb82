/*
 * gazetteer.c
 *		The gazetteer: places, their name keys and the control timeline, as
 *		two parts of the per-backend cache (cache.c).
 *
 * The main part (places and control records, needed by every tag) and the
 * name index (needed only to look names up, and costly to build since every
 * name goes through ICU) are rebuilt independently.  Where the rows come
 * from is confined to the load_*() functions, so that the same parts can
 * later be filled another way (a node-local copy, a serialized set).
 */
#include "postgres.h"

#include "cache.h"
#include "common/hashfn.h"
#include "embargo.h"
#include "gazetteer.h"
#include "gazetteer_load.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"


static void load_main(void *data, MemoryContext cxt);
static void load_name_index(void *data, MemoryContext cxt);

#define SOURCE_PLACE 0			/* in main_part.sources */
#define SOURCE_CONTROL 1
#define SOURCE_OFFICIAL_LIST 2
#define SOURCE_HOSTILITY 3

static CachePart main_part = {
	.name = "embargo gazetteer",
	.sources = {"place", "control", "official_list", "hostility"},
	.size = sizeof(Gazetteer),
	.load = load_main,
};

static CachePart names_part = {
	.name = "embargo place names",
	.sources = {"place", "place_name"},
	.size = sizeof(GzNameIndex),
	.load = load_name_index,
};

static int
place_cmp(const void *a, const void *b)
{
	return cmp_int32(((const GzPlace *) a)->id, ((const GzPlace *) b)->id);
}

static int
name_cmp(const void *a, const void *b)
{
	const GzName *x = a;
	const GzName *y = b;
	int			c = strcmp(x->key, y->key);

	return c != 0 ? c : cmp_int32(x->place_id, y->place_id);
}

static int
control_cmp(const void *a, const void *b)
{
	const GzControl *x = a;
	const GzControl *y = b;

	if (x->is_place != y->is_place)
		return x->is_place ? 1 : -1;
	if (x->key != y->key)
		return cmp_int32(x->key, y->key);
	if (x->from != y->from)
		return cmp_int32(x->from, y->from);
	return cmp_int32(x->id, y->id);
}

static int
hostility_cmp(const void *a, const void *b)
{
	const GzHostility *x = a;
	const GzHostility *y = b;

	return x->place != y->place ? cmp_int32(x->place, y->place) : cmp_int32(x->from, y->from);
}

static int
below_cmp(const void *a, const void *b)
{
	const GzBelow *x = a;
	const GzBelow *y = b;

	if (x->ancestor != y->ancestor)
		return cmp_int32(x->ancestor, y->ancestor);
	if (x->from != y->from)
		return cmp_int32(x->from, y->from);
	return cmp_int32(x->id, y->id);
}


static int
katotth_cmp(const void *a, const void *b)
{
	int64		x = (*(const GzPlace *const *) a)->katotth;
	int64		y = (*(const GzPlace *const *) b)->katotth;

	return x < y ? -1 : x > y;
}

/* The places with a code, sorted by it: a row may give the code for the name. */
static void
index_katotth(Gazetteer *g, MemoryContext cxt)
{
	g->by_katotth = MemoryContextAlloc(cxt, sizeof(GzPlace *) * (g->nplaces + 1));
	g->nkatotth = 0;
	for (int i = 0; i < g->nplaces; i++)
		if (g->places[i].katotth != 0)
			g->by_katotth[g->nkatotth++] = &g->places[i];
	qsort(g->by_katotth, g->nkatotth, sizeof(GzPlace *), katotth_cmp);
}

static inline uint32
name_slot(const char *key)
{
	return hash_bytes((const unsigned char *) key, strlen(key));
}

/*
 * A hash of the keys, to the first name of each key's run: a row's name is
 * looked up by its key once per row, and a search of 60,000 sorted keys
 * compares strings at every step.
 */
static void
hash_name_runs(GzNameIndex *g, MemoryContext cxt)
{
	uint32		size = 16;

	while (size < (uint32) g->nnames * 2)
		size *= 2;
	g->mask = size - 1;
	g->runs = MemoryContextAllocZero(cxt, sizeof(int32) * size);
	for (int i = 0; i < g->nnames; i++)
	{
		uint32		s;

		if (i > 0 && strcmp(g->names[i].key, g->names[i - 1].key) == 0)
			continue;
		for (s = name_slot(g->names[i].key) & g->mask; g->runs[s] != 0; s = (s + 1) & g->mask)
			;
		g->runs[s] = i + 1;
	}
}

/* The territory a control record's area lies in. */
static Territory
control_territory(const Gazetteer *g, const GzControl *c)
{
	const GzPlace *p;

	if (!c->is_place)
		return c->key;
	p = gazetteer_place(g, c->key);
	/* only if the foreign key was bypassed (triggers disabled for a restore) */
	if (p == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_FOREIGN_KEY_VIOLATION),
				 errmsg("control row %d refers to place %d, which does not exist", c->id, c->key),
				 errhint("Delete the row or add the place.")));
	return p->territory;
}

/*
 * File every record of control by someone other than the sovereign under
 * each territory containing its area (a place's own territory included).
 */
static void
derive_below(Gazetteer *g, MemoryContext cxt)
{
	int			cap = 16;

	g->nbelow = 0;
	g->below = MemoryContextAlloc(cxt, sizeof(GzBelow) * cap);
	for (int i = 0; i < g->ncontrols; i++)
	{
		const GzControl *c = &g->controls[i];
		Territory	t = control_territory(g, c);
		Territory	a = c->is_place ? t : territory_parent(t);

		if (c->controller == territory_country(t))
			continue;
		for (; a >= 0; a = territory_parent(a))
		{
			if (g->nbelow == cap)
			{
				cap *= 2;
				g->below = repalloc(g->below, sizeof(GzBelow) * cap);
			}
			g->below[g->nbelow++] = (GzBelow) {.ancestor = a, .from = c->from, .id = c->id,
				.until = c->until, .controller = c->controller};
		}
	}
	qsort(g->below, g->nbelow, sizeof(GzBelow), below_cmp);
}

static int
territory_cmp(const void *a, const void *b)
{
	return cmp_int32(*(const Territory *) a, *(const Territory *) b);
}

/*
 * The countries with any control record in or under them: every other
 * country holds all of itself, which tagging can say without a search.
 */
static void
derive_recorded_countries(Gazetteer *g, MemoryContext cxt)
{
	int			n = 0;

	g->recorded_countries = MemoryContextAlloc(cxt, sizeof(Territory) * (g->ncontrols + 1));
	for (int i = 0; i < g->ncontrols; i++)
		g->recorded_countries[n++] = territory_country(control_territory(g, &g->controls[i]));
	qsort(g->recorded_countries, n, sizeof(Territory), territory_cmp);
	g->nrecorded_countries = 0;
	for (int i = 0; i < n; i++)
		if (i == 0 || g->recorded_countries[i] != g->recorded_countries[i - 1])
			g->recorded_countries[g->nrecorded_countries++] = g->recorded_countries[i];
}

/*
 * The countries an official list covers: there, a place the list knows of
 * is tagged by the list alone (see tagging.c).
 */
static void
derive_official_countries(Gazetteer *g, MemoryContext cxt)
{
	int			n = 0;

	g->official_countries = MemoryContextAlloc(cxt, sizeof(Territory) * (g->ncontrols + 1));
	for (int i = 0; i < g->ncontrols; i++)
		if (g->controls[i].official)
			g->official_countries[n++] = territory_country(control_territory(g, &g->controls[i]));
	qsort(g->official_countries, n, sizeof(Territory), territory_cmp);
	g->nofficial_countries = 0;
	for (int i = 0; i < n; i++)
		if (i == 0 || g->official_countries[i] != g->official_countries[i - 1])
			g->official_countries[g->nofficial_countries++] = g->official_countries[i];
}

bool
gazetteer_country_official(const Gazetteer *g, Territory country)
{
	return bsearch(&country, g->official_countries, g->nofficial_countries, sizeof(Territory),
				   territory_cmp) != NULL;
}

bool
gazetteer_country_recorded(const Gazetteer *g, Territory country)
{
	return bsearch(&country, g->recorded_countries, g->nrecorded_countries, sizeof(Territory),
				   territory_cmp) != NULL;
}

static inline uint32
place_slot(int32 id)
{
	return (uint32) id * 2654435761u;
}

/*
 * A hash of place ids: tagging looks places up along their parent chains,
 * and a search of 30,000 sorted ids misses the caches at every step.
 */
static void
index_place_ids(Gazetteer *g, MemoryContext cxt)
{
	uint32		size = 16;

	while (size < (uint32) g->nplaces * 2)
		size *= 2;
	g->place_mask = size - 1;
	g->place_slots = MemoryContextAllocZero(cxt, sizeof(int32) * size);
	for (int i = 0; i < g->nplaces; i++)
	{
		uint32		s = place_slot(g->places[i].id) & g->place_mask;

		while (g->place_slots[s] != 0)
			s = (s + 1) & g->place_mask;
		g->place_slots[s] = i + 1;
	}
}

/* The nearest recorded place of p's chain, at most depth steps up (loops in user rows end). */
static int32
nearest_recorded(Gazetteer *g, GzPlace *p, int depth)
{
	GzPlace    *parent;

	if (p->recorded >= 0)
		return p->recorded;
	parent = p->parent != 0 && depth > 0 ? (GzPlace *) gazetteer_place(g, p->parent) : NULL;
	p->recorded = parent != NULL ? nearest_recorded(g, parent, depth - 1) : 0;
	return p->recorded;
}

/* Where tagging starts its walk up each place's chain: see GzPlace.recorded. */
static void
derive_recorded_places(Gazetteer *g)
{
	for (int i = 0; i < g->nplaces; i++)
		g->places[i].recorded = -1;
	for (int i = 0; i < g->ncontrols; i++)
	{
		GzPlace    *p;

		if (g->controls[i].is_place && (p = (GzPlace *) gazetteer_place(g, g->controls[i].key)) != NULL)
			p->recorded = p->id;
	}
	for (int i = 0; i < g->nplaces; i++)
		nearest_recorded(g, &g->places[i], PLACE_CHAIN_MAX);
}

static void
load_main(void *data, MemoryContext cxt)
{
	Gazetteer  *g = data;

	/* 0.6 records where a place lies; older databases have no parent column */
	gazetteer_load_places(g, cxt, get_attnum(main_part.source_oids[SOURCE_PLACE], "parent_id") !=
						  InvalidAttrNumber);
	qsort(g->places, g->nplaces, sizeof(GzPlace), place_cmp);
	index_katotth(g, cxt);
	/* a database still on 0.1 has places but no timeline, before 0.6 no lists */
	if (cache_source_exists(&main_part, SOURCE_CONTROL))
		gazetteer_load_controls(g, cxt, cache_source_exists(&main_part, SOURCE_OFFICIAL_LIST));
	qsort(g->controls, g->ncontrols, sizeof(GzControl), control_cmp);
	if (cache_source_exists(&main_part, SOURCE_HOSTILITY))
		gazetteer_load_hostilities(g, cxt);
	qsort(g->hostilities, g->nhostilities, sizeof(GzHostility), hostility_cmp);
	index_place_ids(g, cxt);
	derive_recorded_places(g);
	derive_below(g, cxt);
	derive_recorded_countries(g, cxt);
	derive_official_countries(g, cxt);
}

static void
load_name_index(void *data, MemoryContext cxt)
{
	GzNameIndex *g = data;

	gazetteer_load_names(g, cxt);
	qsort(g->names, g->nnames, sizeof(GzName), name_cmp);
	hash_name_runs(g, cxt);
}

/*
 * The current places and control records.  The caller may look names up
 * next: the user must be able to read the name tables too.
 */
const Gazetteer *
gazetteer_get(void)
{
	const Gazetteer *g = cache_part_get(&main_part);

	/* pending invalidations were taken in just now: no second pass */
	cache_part_check_privileges(&names_part);
	return g;
}

const GzPlace *
gazetteer_place_by_katotth(const Gazetteer *g, int64 code)
{
	GzPlace		key = {.katotth = code};
	const GzPlace *probe = &key;
	const GzPlace **hit = bsearch(&probe, g->by_katotth, g->nkatotth, sizeof(GzPlace *), katotth_cmp);

	return hit != NULL ? *hit : NULL;
}

const GzPlace *
gazetteer_place(const Gazetteer *g, int32 id)
{
	for (uint32 s = place_slot(id) & g->place_mask;; s = (s + 1) & g->place_mask)
	{
		int32		i = g->place_slots[s];

		if (i == 0)
			return NULL;
		if (g->places[i - 1].id == id)
			return &g->places[i - 1];
	}
}

/*
 * The run of sorted elements equal to probe under cmp: its first element in
 * *first, its length as the result.
 */
static int
equal_run(const void *probe, const void *base, int n, size_t size,
		  int (*cmp) (const void *, const void *), const void **first)
{
	const char *arr = base;
	int			lo = 0;
	int			hi = n;
	int			end;

	while (lo < hi)
	{
		int			mid = lo + (hi - lo) / 2;

		if (cmp(arr + mid * size, probe) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (end = lo; end < n && cmp(arr + end * size, probe) == 0; end++)
		;
	*first = arr + lo * size;
	return end - lo;
}

/*
 * The name index, rebuilt first if a change invalidated it; its generation
 * (what a memo of lookups must be cleared on).  The caller has been through
 * gazetteer_get() in this call.
 */
uint64
gazetteer_names_generation(void)
{
	cache_part_current(&names_part);
	return (uint64) names_part.served << 32 | main_part.served;
}

/*
 * The places with a name or alias of this key.  The name index is built on
 * first use after a change to the place tables.
 */
int
gazetteer_places_named(const char *key, const GzName **first)
{
	const GzNameIndex *index = cache_part_current(&names_part);

	for (uint32 s = name_slot(key) & index->mask; index->runs[s] != 0; s = (s + 1) & index->mask)
	{
		int			i = index->runs[s] - 1;
		int			end = i;

		if (strcmp(index->names[i].key, key) != 0)
			continue;
		while (end < index->nnames && strcmp(index->names[end].key, key) == 0)
			end++;
		*first = &index->names[i];
		return end - i;
	}
	return 0;
}

static int
control_key_cmp(const void *a, const void *b)
{
	const GzControl *x = a;
	const GzControl *y = b;

	if (x->is_place != y->is_place)
		return x->is_place ? 1 : -1;
	return cmp_int32(x->key, y->key);
}

int
gazetteer_controls(const Gazetteer *g, bool is_place, int32 key, const GzControl **first)
{
	GzControl	probe = {.is_place = is_place, .key = key};

	return equal_run(&probe, g->controls, g->ncontrols, sizeof(GzControl),
					 control_key_cmp, (const void **) first);
}

static int
below_key_cmp(const void *a, const void *b)
{
	return cmp_int32(((const GzBelow *) a)->ancestor, ((const GzBelow *) b)->ancestor);
}

int
gazetteer_below(const Gazetteer *g, Territory t, const GzBelow **first)
{
	GzBelow		probe = {.ancestor = t};

	return equal_run(&probe, g->below, g->nbelow, sizeof(GzBelow), below_key_cmp,
					 (const void **) first);
}


static int
hostility_place_cmp(const void *a, const void *b)
{
	return cmp_int32(((const GzHostility *) a)->place, ((const GzHostility *) b)->place);
}

int
gazetteer_hostilities(const Gazetteer *g, int32 place, const GzHostility **first)
{
	GzHostility probe = {.place = place};

	return g->nhostilities == 0 ? 0 :
		equal_run(&probe, g->hostilities, g->nhostilities, sizeof(GzHostility), hostility_place_cmp,
				  (const void **) first);
}
