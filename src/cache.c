/*
 * cache.c
 *		The per-backend cache manager shared by the gazetteer and the rule set.
 *
 * A part is built on first use, in one pass over its tables, into its own
 * memory context; lookups then read sorted arrays, with no SPI, catalogue
 * access or allocation per call.
 *
 * Invalidation: plain DML sends no invalidation, so every table a part
 * reads has a statement-level trigger (embargo.invalidate_gazetteer) that
 * sends a relcache invalidation for itself.  Our relcache callback only
 * marks the parts built from that table stale; the next use rebuilds them,
 * under the latest snapshot, and swaps each in once its build has
 * succeeded.  An error during a build leaves the old part (still marked
 * stale) in place.
 */
#include "postgres.h"

#include "access/xact.h"
#include "cache.h"
#include "catalog/namespace.h"
#include "commands/trigger.h"
#include "embargo.h"
#include "history.h"
#include "internal_sql.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/snapmgr.h"
#include "utils/timestamp.h"

PG_FUNCTION_INFO_V1(invalidate_gazetteer);

/*
 * The table whose presence shows that the database is past version 0.1,
 * the first to send invalidations: 0.2 brought both it and the triggers.
 */
#define INVALIDATING_SINCE_TABLE "control"

static CachePart *registered_parts = NULL;
/* that table's OID, resolved with every part's sources; invalid before 0.2 */
static Oid	invalidating_since_oid = InvalidOid;
static bool callback_registered = false;
/* every build, current or older, gets a generation of its own */
static uint32 builds = 0;
static uint64 as_of_clock = 0;

/* Relcache callback: only marks the parts built from relid stale. */
static void
cache_invalidate(Datum arg, Oid relid)
{
	for (CachePart *part = registered_parts; part != NULL; part = part->next)
		for (int i = 0; i < CACHE_MAX_SOURCES && part->sources[i] != NULL; i++)
			if (relid == InvalidOid || relid == part->source_oids[i])
			{
				part->valid = false;
				part->privileges_checked_for = InvalidOid;	/* GRANT and REVOKE land here */
				break;
			}
}

static void
register_part(CachePart *part)
{
	if (!callback_registered)
	{
		CacheRegisterRelcacheCallback(cache_invalidate, (Datum) 0);
		callback_registered = true;
	}
	if (!part->registered)
	{
		part->next = registered_parts;
		registered_parts = part;
		part->registered = true;
	}
}

/*
 * The source tables' OIDs; a rebuild also checks that each is the
 * extension's own (a catalogue scan each), a privilege check need not.
 */
static void
resolve_source_oids(CachePart *part, bool verify)
{
	Oid			nsp = get_namespace_oid(EXTENSION_SCHEMA, false);

	for (int i = 0; i < CACHE_MAX_SOURCES && part->sources[i] != NULL; i++)
		part->source_oids[i] = verify ? extension_relation(part->sources[i], true) :
			get_relname_relid(part->sources[i], nsp);
	invalidating_since_oid = get_relname_relid(INVALIDATING_SINCE_TABLE, nsp);
}

bool
cache_source_exists(const CachePart *part, int i)
{
	return OidIsValid(part->source_oids[i]);
}

/*
 * The cache serves whoever calls, so check that the current user could read
 * the part's tables; only when the user or a table's privileges change, not
 * per call.
 */
void
cache_part_check_privileges(CachePart *part)
{
	Oid			user = GetUserId();

	register_part(part);
	if (part->privileges_checked_for == user)
		return;
	resolve_source_oids(part, false);
	for (int i = 0; i < CACHE_MAX_SOURCES && part->sources[i] != NULL; i++)
		if (OidIsValid(part->source_oids[i]) &&
			pg_class_aclcheck(part->source_oids[i], user, ACL_SELECT) != ACLCHECK_OK)
			aclcheck_error(ACLCHECK_NO_PRIV, OBJECT_TABLE, get_rel_name(part->source_oids[i]));
	part->privileges_checked_for = user;
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
	return IsInParallelMode() || !OidIsValid(invalidating_since_oid);
}

static CacheSnapshotKey
snapshot_key(Snapshot snap)
{
	return (CacheSnapshotKey)
	{
		.latest = false,
			.statement = GetCurrentStatementStartTimestamp(),
			.xmin = snap->xmin,
			.xmax = snap->xmax,
			.curcid = snap->curcid,
			.xcnt = snap->xcnt,
	};
}

static Snapshot
current_snapshot(void)
{
	return ActiveSnapshotSet() ? GetActiveSnapshot() : GetTransactionSnapshot();
}

static bool
part_usable(const CachePart *part)
{
	CacheSnapshotKey now;

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
		part->built_for = (CacheSnapshotKey) {.latest = true};
		return GetLatestSnapshot();
	}
	snap = current_snapshot();
	part->built_for = snapshot_key(snap);
	return snap;
}

/*
 * Rebuild a part in a context under the caller's, so that an error mid-build
 * frees it with the query and leaves the old part (still stale) in place;
 * on success, move it under CacheMemoryContext and drop the old.
 */
static void
rebuild(CachePart *part)
{
	MemoryContext cxt = AllocSetContextCreate(CurrentMemoryContext, "embargo cache part",
											  ALLOCSET_DEFAULT_SIZES);
	void	   *data = MemoryContextAllocZero(cxt, part->size);
	int			nestlevel;

	MemoryContextSetIdentifier(cxt, part->name);

	/* valid from here on, unless an invalidation arrives while we read */
	part->valid = true;
	PG_TRY();
	{
		resolve_source_oids(part, true);
		PushActiveSnapshot(build_snapshot(part));
		nestlevel = internal_sql_begin();
		part->load(data, cxt);
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
	part->generation = ++builds;
}

/* ---- older versions ------------------------------------------------------ */

typedef struct AsOfBuild
{
	CachePart  *part;
	const HistoryVersion *version;
	void	   *data;
	MemoryContext cxt;
} AsOfBuild;

static void
load_as_of(void *arg)
{
	AsOfBuild  *b = arg;

	b->part->load(b->data, b->cxt);
}

/*
 * Build the part from the history of its tables, as the history's owner
 * (readers of the knowledge may screen as of a past moment without reading
 * the history itself): the loader's SQL reads each table as it was.
 */
static void
build_as_of(CachePart *part, CacheAsOfSlot *slot, const HistoryVersion *v)
{
	AsOfBuild	b = {.part = part,.version = v};
	int			nestlevel;

	b.cxt = AllocSetContextCreate(CurrentMemoryContext, "embargo cache part (as of)",
								  ALLOCSET_DEFAULT_SIZES);
	MemoryContextSetIdentifier(b.cxt, part->name);
	b.data = MemoryContextAllocZero(b.cxt, part->size);
	resolve_source_oids(part, true);
	PushActiveSnapshot(IsInParallelMode() ? GetActiveSnapshot() : GetLatestSnapshot());
	nestlevel = internal_sql_begin();
	internal_sql_set_rewrite(history_rewrite, (void *) v);
	PG_TRY();
	{
		history_as_owner(load_as_of, &b);
	}
	PG_FINALLY();
	{
		internal_sql_set_rewrite(NULL, NULL);
	}
	PG_END_TRY();
	internal_sql_end(nestlevel);
	PopActiveSnapshot();
	MemoryContextSetParent(b.cxt, CacheMemoryContext);
	slot->data = b.data;
	slot->context = b.cxt;
	slot->generation = ++builds;
}

static CacheAsOfSlot *
as_of_slot(CachePart *part, const HistoryVersion *v)
{
	CacheAsOfSlot *slot = NULL;

	for (int i = 0; i < CACHE_AS_OF_SLOTS && slot == NULL; i++)
		if (part->as_of[i].used && memcmp(part->as_of[i].id, v->id.data, 16) == 0)
			slot = &part->as_of[i];
	if (slot == NULL)
	{
		slot = &part->as_of[0];
		for (int i = 1; i < CACHE_AS_OF_SLOTS; i++)
			if (!part->as_of[i].used ||
				(slot->used && part->as_of[i].last_used < slot->last_used))
				slot = &part->as_of[i];
		if (slot->context != NULL)
			MemoryContextDelete(slot->context);
		*slot = (CacheAsOfSlot) {.used = true};
		memcpy(slot->id, v->id.data, 16);
	}
	slot->last_used = ++as_of_clock;
	return slot;
}

/*
 * The part as it was in version v: the current part while none of its
 * tables changed since (checked again after each new change), else a
 * build of its own, kept.
 */
static void *
as_of_get(CachePart *part, const HistoryVersion *v)
{
	CacheAsOfSlot *slot = as_of_slot(part, v);

	if (slot->data == NULL && slot->checked_epoch != history_epoch())
	{
		slot->same_as_current = !history_changed_since(part->sources, v);
		slot->checked_epoch = history_epoch();
	}
	if (slot->data == NULL && slot->same_as_current)
	{
		if (!part_usable(part))
			rebuild(part);
		part->served = part->generation;
		return part->data;
	}
	if (slot->data == NULL)
		build_as_of(part, slot, v);
	part->served = slot->generation;
	return slot->data;
}

/* ---- the parts ------------------------------------------------------------- */

void *
cache_part_current(CachePart *part)
{
	if (history_as_of() == NULL && part->registered &&
		part->privileges_checked_for == GetUserId() && part_usable(part))
	{
		part->served = part->generation;
		return part->data;
	}
	return cache_part_get(part);
}

void *
cache_part_get(CachePart *part)
{
	const HistoryVersion *v = history_as_of();

	register_part(part);
	AcceptInvalidationMessages();
	cache_part_check_privileges(part);
	if (v != NULL)
		return as_of_get(part, v);
	if (!part_usable(part))
		rebuild(part);
	part->served = part->generation;
	return part->data;
}

/*
 * Statement-level trigger on the tables the cache reads: plain DML sends
 * no invalidation, so send one for the table.  Every backend's callback
 * then marks the parts built from it stale.
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
