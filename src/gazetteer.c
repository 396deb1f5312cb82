/*
 * gazetteer.c
 *		The per-backend cache of places, name keys and the control timeline.
 *
 * The cache is built on first use, in one SPI pass over the extension's
 * tables, into its own memory context; lookups are then binary searches over
 * sorted arrays, with no SPI, catalogue access or allocation per call.
 *
 * Invalidation: plain DML sends no invalidation, so every table the cache
 * reads has a statement-level trigger (embargo.invalidate_gazetteer) that
 * sends a relcache invalidation for itself.  Our relcache callback only
 * marks the cache stale; the next use rebuilds it, under the latest
 * snapshot, and swaps it in once the build has succeeded.  An error during
 * a build leaves the old cache (still marked stale) in place.
 *
 * Where the rows come from is confined to load_*(), so that the same cache
 * can later be filled another way (a node-local copy, a serialized set).
 */
#include "postgres.h"

#include "access/xact.h"
#include "catalog/namespace.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "gazetteer.h"
#include "internal_sql.h"
#include "place.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/snapmgr.h"
#include "utils/timestamp.h"

PG_FUNCTION_INFO_V1(invalidate_gazetteer);

/*
 * The cache has three parts, rebuilt independently: places and the control
 * timeline (needed by every tag), the name index (needed only to look up
 * names, and costly to build since every name goes through ICU), and the
 * rule set (src/rules.c).  Each source table lists the parts built from it.
 */
#define PART_MAIN	0x01
#define PART_NAMES	0x02
#define PART_RULES	0x04

typedef struct SourceTable
{
	const char *name;
	int			parts;
	Oid			oid;			/* resolved at each build */
} SourceTable;

enum
{
	SOURCE_PLACE, SOURCE_PLACE_NAME, SOURCE_CONTROL, SOURCE_RULE, SOURCE_RULE_EXCEPTION,
	SOURCE_AUTHORITY, SOURCE_RULE_OVERRIDE
};

static SourceTable sources[] = {
	[SOURCE_PLACE] = {"place", PART_MAIN | PART_NAMES},
	[SOURCE_PLACE_NAME] = {"place_name", PART_NAMES},
	[SOURCE_CONTROL] = {"control", PART_MAIN},
	[SOURCE_RULE] = {"rule", PART_RULES},
	[SOURCE_RULE_EXCEPTION] = {"rule_exception", PART_RULES},
	[SOURCE_AUTHORITY] = {"authority", PART_RULES},
	[SOURCE_RULE_OVERRIDE] = {"rule_override", PART_RULES},
};

/*
 * What a part built under a given snapshot is good for: "latest" parts until
 * the next invalidation; others only while that very snapshot is in use.
 */
typedef struct SnapshotKey
{
	bool		latest;
	TimestampTz statement;
	TransactionId xmin;
	TransactionId xmax;
	CommandId	curcid;
	uint32		xcnt;
} SnapshotKey;

typedef struct CachePart
{
	void	   *data;			/* Gazetteer or GzNameIndex; NULL before the first build */
	MemoryContext context;
	bool		valid;
	SnapshotKey built_for;
} CachePart;

typedef struct GzNameIndex
{
	GzName	   *names;			/* by key, then place id */
	int			nnames;
} GzNameIndex;

static CachePart main_part;
static CachePart names_part;
static CachePart rules_part;
static bool callback_registered = false;
/* the user whose SELECT privilege was last checked, and for which parts */
static Oid	privileges_checked_for = InvalidOid;
static int	privileges_checked_parts = 0;

/* Relcache callback: only marks the parts built from relid stale. */
static void
gazetteer_invalidate(Datum arg, Oid relid)
{
	for (int i = 0; i < lengthof(sources); i++)
	{
		if (relid != InvalidOid && relid != sources[i].oid)
			continue;
		privileges_checked_for = InvalidOid;	/* GRANT and REVOKE land here */
		if (sources[i].parts & PART_MAIN)
			main_part.valid = false;
		if (sources[i].parts & PART_NAMES)
			names_part.valid = false;
		if (sources[i].parts & PART_RULES)
			rules_part.valid = false;
	}
}

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

/* Run a read-only query under the current snapshot; returns the row count. */
static uint64
run_query(const char *sql)
{
	int			rc = SPI_execute(sql, true, 0);

	if (rc != SPI_OK_SELECT)
		elog(ERROR, "could not read the gazetteer (%s): %s", sql, SPI_result_code_string(rc));
	return SPI_processed;
}

static Datum
column(uint64 row, int col, bool *isnull)
{
	return SPI_getbinval(SPI_tuptable->vals[row], SPI_tuptable->tupdesc, col, isnull);
}

static char *
column_text(uint64 row, int col, MemoryContext cxt)
{
	bool		isnull;
	Datum		d = column(row, col, &isnull);

	return MemoryContextStrdup(cxt, TextDatumGetCString(d));
}

static void
load_places(Gazetteer *g, MemoryContext cxt)
{
	uint64		n = run_query("SELECT id, territory, kind, name FROM " EXTENSION_SCHEMA ".place");
	bool		isnull;

	g->nplaces = (int) n;
	g->places = MemoryContextAlloc(cxt, sizeof(GzPlace) * (n + 1));
	for (uint64 i = 0; i < n; i++)
	{
		g->places[i].id = DatumGetInt32(column(i, 1, &isnull));
		g->places[i].territory = DatumGetTerritory(column(i, 2, &isnull));
		g->places[i].kind = column_text(i, 3, cxt);
		g->places[i].name = column_text(i, 4, cxt);
	}
	qsort(g->places, n, sizeof(GzPlace), place_cmp);
}

/* Names and aliases with their keys, computed here with the current ICU. */
static void
load_names(GzNameIndex *g, MemoryContext cxt)
{
	uint64		n = run_query("SELECT id, name FROM " EXTENSION_SCHEMA ".place UNION ALL "
							  "SELECT place_id, name FROM " EXTENSION_SCHEMA ".place_name");
	MemoryContext scratch = AllocSetContextCreate(CurrentMemoryContext, "embargo name keys",
												  ALLOCSET_SMALL_SIZES);
	MemoryContext caller = MemoryContextSwitchTo(scratch);
	bool		isnull;

	g->nnames = (int) n;
	g->names = MemoryContextAlloc(cxt, sizeof(GzName) * (n + 1));
	for (uint64 i = 0; i < n; i++)
	{
		text	   *key = place_name_key(DatumGetTextPP(column(i, 2, &isnull)));

		g->names[i].place_id = DatumGetInt32(column(i, 1, &isnull));
		g->names[i].key = MemoryContextStrdup(cxt, text_to_cstring(key));
		/* keys of 100,000 names would otherwise pile up until SPI_finish */
		MemoryContextReset(scratch);
	}
	MemoryContextSwitchTo(caller);
	MemoryContextDelete(scratch);
	qsort(g->names, n, sizeof(GzName), name_cmp);
}

static DateADT
column_date(uint64 row, int col, DateADT if_null)
{
	bool		isnull;
	Datum		d = column(row, col, &isnull);

	return isnull ? if_null : DatumGetDateADT(d);
}

static void
load_controls(Gazetteer *g, MemoryContext cxt)
{
	uint64		n = run_query("SELECT id, territory, place_id, controller, coverage, "
							  "valid_from, valid_until FROM " EXTENSION_SCHEMA ".control");
	bool		isnull;

	g->ncontrols = (int) n;
	g->controls = MemoryContextAlloc(cxt, sizeof(GzControl) * (n + 1));
	for (uint64 i = 0; i < n; i++)
	{
		GzControl  *c = &g->controls[i];
		Datum		place = column(i, 3, &isnull);
		char	   *controller;

		c->is_place = !isnull;
		c->id = DatumGetInt32(column(i, 1, &isnull));
		controller = TextDatumGetCString(column(i, 4, &isnull));
		c->key = c->is_place ? DatumGetInt32(place) : DatumGetTerritory(column(i, 2, &isnull));
		/* the table's CHECK constraint makes this can't-happen */
		if (!controller_parse(controller, &c->controller))
			elog(ERROR, "control row %d has an invalid controller \"%s\"", c->id, controller);
		c->partial = strcmp(TextDatumGetCString(column(i, 5, &isnull)), "partial") == 0;
		c->from = column_date(i, 6, DATEVAL_NOBEGIN);
		c->until = column_date(i, 7, DATEVAL_NOEND);
	}
	qsort(g->controls, n, sizeof(GzControl), control_cmp);
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
			g->below[g->nbelow++] = (GzBelow) {a, c->from, c->id, c->until, c->controller};
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

bool
gazetteer_country_recorded(const Gazetteer *g, Territory country)
{
	return bsearch(&country, g->recorded_countries, g->nrecorded_countries, sizeof(Territory),
				   territory_cmp) != NULL;
}

/*
 * The source tables' OIDs; a rebuild also checks that each is the
 * extension's own (a catalogue scan each), a privilege check need not.
 */
static void
resolve_source_oids(bool verify)
{
	Oid			nsp = get_namespace_oid(EXTENSION_SCHEMA, false);

	for (int i = 0; i < lengthof(sources); i++)
		sources[i].oid = verify ? extension_relation(sources[i].name, true) :
			get_relname_relid(sources[i].name, nsp);
}

/* False in a database whose extension is still at version 0.1. */
static bool
has_timeline(void)
{
	return OidIsValid(sources[SOURCE_CONTROL].oid);
}

/*
 * The cache serves whoever calls, so check that the current user could read
 * the tables the parts it needs come from; only when the user or a table's
 * privileges change, not per call.
 */
static void
check_privileges(int parts)
{
	Oid			user = GetUserId();

	if (user != privileges_checked_for)
		privileges_checked_parts = 0;
	if ((privileges_checked_parts & parts) == parts)
		return;
	resolve_source_oids(false);
	for (int i = 0; i < lengthof(sources); i++)
		if ((sources[i].parts & parts) && OidIsValid(sources[i].oid) &&
			pg_class_aclcheck(sources[i].oid, user, ACL_SELECT) != ACLCHECK_OK)
			aclcheck_error(ACLCHECK_NO_PRIV, OBJECT_TABLE, get_rel_name(sources[i].oid));
	privileges_checked_for = user;
	privileges_checked_parts |= parts;
}

static void
load_main(void *data, MemoryContext cxt)
{
	Gazetteer  *g = data;

	load_places(g, cxt);
	/* a database still on 0.1 has places but no timeline */
	if (has_timeline())
		load_controls(g, cxt);
	derive_below(g, cxt);
	derive_recorded_countries(g, cxt);
}

static void
load_name_index(void *data, MemoryContext cxt)
{
	load_names(data, cxt);
}

/*
 * The snapshot to build under: the latest, as the system catalogues are
 * read, so that a part built after an invalidation holds every change
 * committed before it (the transaction's snapshot may predate the commit
 * whose invalidation we just took in, which would leave the part stale but
 * marked valid).  In parallel mode no new snapshot may be taken, and leader
 * and workers must agree: all use the query's snapshot, and the part is
 * good only while that snapshot is.  Databases still on version 0.1 have no
 * invalidation triggers: there too, a part lasts one snapshot.
 */
static bool
must_follow_snapshot(void)
{
	return IsInParallelMode() || !has_timeline();
}

static SnapshotKey
snapshot_key(Snapshot snap)
{
	SnapshotKey key = {.latest = false};

	key.statement = GetCurrentStatementStartTimestamp();
	key.xmin = snap->xmin;
	key.xmax = snap->xmax;
	key.curcid = snap->curcid;
	key.xcnt = snap->xcnt;
	return key;
}

static Snapshot
current_snapshot(void)
{
	return ActiveSnapshotSet() ? GetActiveSnapshot() : GetTransactionSnapshot();
}

static bool
part_usable(const CachePart *part)
{
	SnapshotKey now;

	if (part->data == NULL || !part->valid)
		return false;
	if (!must_follow_snapshot())
		return part->built_for.latest;
	if (part->built_for.latest)
		return false;
	now = snapshot_key(current_snapshot());
	return now.statement == part->built_for.statement && now.xmin == part->built_for.xmin &&
		now.xmax == part->built_for.xmax && now.curcid == part->built_for.curcid &&
		now.xcnt == part->built_for.xcnt;
}

static Snapshot
build_snapshot(CachePart *part)
{
	Snapshot	snap;

	if (!must_follow_snapshot())
	{
		part->built_for = (SnapshotKey) {.latest = true};
		return GetLatestSnapshot();
	}
	snap = current_snapshot();
	part->built_for = snapshot_key(snap);
	return snap;
}

/*
 * Rebuild one part in a context under the caller's, so that an error
 * mid-build frees it with the query and leaves the old part (still stale)
 * in place; on success, move it under CacheMemoryContext and drop the old.
 */
static void
rebuild(CachePart *part, Size size, void (*load) (void *data, MemoryContext cxt))
{
	MemoryContext cxt = AllocSetContextCreate(CurrentMemoryContext, "embargo gazetteer",
											  ALLOCSET_DEFAULT_SIZES);
	void	   *data = MemoryContextAllocZero(cxt, size);
	int			nestlevel;

	/* valid from here on, unless an invalidation arrives while we read */
	part->valid = true;
	PG_TRY();
	{
		resolve_source_oids(true);
		PushActiveSnapshot(build_snapshot(part));
		nestlevel = internal_sql_begin();
		load(data, cxt);
		internal_sql_end(nestlevel);
		PopActiveSnapshot();
	}
	PG_CATCH();
	{
		part->valid = false;
		PG_RE_THROW();
	}
	PG_END_TRY();

	MemoryContextSetParent(cxt, CacheMemoryContext);
	if (part->context != NULL)
		MemoryContextDelete(part->context);
	part->context = cxt;
	part->data = data;
}

/*
 * The current cache of places and control records.  Every call first takes
 * in pending invalidations (a cheap check when there are none), so a change
 * committed by another session is seen from the next call on, also inside
 * an open transaction or a PL/pgSQL loop.
 */
static void
prepare_cache(int parts)
{
	if (!callback_registered)
	{
		CacheRegisterRelcacheCallback(gazetteer_invalidate, (Datum) 0);
		callback_registered = true;
	}
	AcceptInvalidationMessages();
	check_privileges(parts);
}

const Gazetteer *
gazetteer_get(FunctionCallInfo fcinfo)
{
	prepare_cache(PART_MAIN | PART_NAMES);
	if (!part_usable(&main_part))
		rebuild(&main_part, sizeof(Gazetteer), load_main);
	return main_part.data;
}

const GzPlace *
gazetteer_place(const Gazetteer *g, int32 id)
{
	GzPlace		probe = {.id = id};

	return bsearch(&probe, g->places, g->nplaces, sizeof(GzPlace), place_cmp);
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

static int
name_key_cmp(const void *a, const void *b)
{
	return strcmp(((const GzName *) a)->key, ((const GzName *) b)->key);
}

/* The current rule set; taking in invalidations as gazetteer_get() does. */
const RuleSet *
gazetteer_rules(FunctionCallInfo fcinfo)
{
	prepare_cache(PART_RULES);
	if (!part_usable(&rules_part))
		rebuild(&rules_part, sizeof(RuleSet), ruleset_load);
	return rules_part.data;
}

/*
 * The places with a name or alias of this key.  The name index is built on
 * first use after a change to the place tables; the caller has been through
 * gazetteer_get() in this query.
 */
int
gazetteer_places_named(const char *key, const GzName **first)
{
	GzName		probe = {.key = key};
	GzNameIndex *index;

	if (!part_usable(&names_part))
		rebuild(&names_part, sizeof(GzNameIndex), load_name_index);
	index = names_part.data;
	return equal_run(&probe, index->names, index->nnames, sizeof(GzName), name_key_cmp,
					 (const void **) first);
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

/*
 * Statement-level trigger on the tables the cache reads: plain DML sends
 * no invalidation, so send one for the table.  Every backend's callback
 * then marks its cache stale.
 */
Datum
invalidate_gazetteer(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;

	if (!CALLED_AS_TRIGGER(fcinfo) || !TRIGGER_FIRED_FOR_STATEMENT(trigdata->tg_event) ||
		!TRIGGER_FIRED_AFTER(trigdata->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("invalidate_gazetteer() must be an AFTER ... FOR EACH STATEMENT trigger")));
	CacheInvalidateRelcacheByRelid(RelationGetRelid(trigdata->tg_relation));
	return PointerGetDatum(NULL);
}
