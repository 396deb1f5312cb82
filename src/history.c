/*
 * history.c
 *		The knowledge's history: each transaction that changes a knowledge
 *		table opens one change (an embargo.ruleset row), sealed at its commit
 *		into a rule-set version; the version now and at a past moment; and
 *		the loaders' SQL rewritten to read the tables as they were.
 *
 * A version's hash is the md5 of every current row version's hash, in a
 * fixed order: it depends on the knowledge only, so the same knowledge
 * (after a change and its undoing, or a dump and restore) has the same
 * version.  Changes are sealed one at a time, under an advisory lock taken
 * at commit, and hashed under the latest snapshot, so that each version
 * holds every change committed before it whatever the isolation level.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/pg_class.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "common/pg_prng.h"
#include "embargo.h"
#include "executor/spi.h"
#include "history.h"
#include "internal_sql.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/snapmgr.h"
#include "utils/syscache.h"
#include "utils/timestamp.h"

PG_FUNCTION_INFO_V1(knowledge_change);
PG_FUNCTION_INFO_V1(seal_change);
PG_FUNCTION_INFO_V1(ruleset_at);

/* pg_advisory_xact_lock(int4, int4) keys that serialise seals: "embargo", "ruleset" */
#define SEAL_LOCK_KEYS "1701667439, 1920299379"


/* ---- this transaction's change --------------------------------------------- */

static bool change_open = false;
static pg_uuid_t change_id;
static SubTransactionId change_subxact;

/* ---- what is derived from the ruleset table -------------------------------- */

static uint32 epoch = 1;
static Oid	ruleset_relid = InvalidOid;
static Oid	pruned_relid = InvalidOid;	/* history_pruned: a prune moves the horizon */
static Oid	history_relid = InvalidOid;
static Oid	history_owner = InvalidOid;	/* looked up once, until the table changes */
static bool ruleset_looked_up = false;
static bool latest_valid = false;
static char latest_version[33];
static bool pending_valid = false;
static char pending_version[33];
static const HistoryVersion *active = NULL;

#define AT_MEMO 8
typedef struct AtMemo
{
	TimestampTz at;
	bool		current;
	HistoryVersion v;
} AtMemo;
static AtMemo at_memo[AT_MEMO];
static int	at_memo_n = 0;
static int	at_memo_next = 0;

static void
forget_derived(void)
{
	latest_valid = false;
	pending_valid = false;
	at_memo_n = 0;
	epoch++;
}

static void
history_invalidate(Datum arg, Oid relid)
{
	if (relid == InvalidOid || relid == history_relid)
		history_owner = InvalidOid;	/* ALTER TABLE ... OWNER lands here */
	if (relid == InvalidOid || relid == ruleset_relid || relid == pruned_relid)
	{
		forget_derived();
		if (relid == InvalidOid)
			ruleset_looked_up = false;
	}
}

static void
history_xact_callback(XactEvent event, void *arg)
{
	if (event == XACT_EVENT_COMMIT || event == XACT_EVENT_ABORT || event == XACT_EVENT_PREPARE ||
		event == XACT_EVENT_PARALLEL_COMMIT || event == XACT_EVENT_PARALLEL_ABORT)
	{
		if (change_open)
			forget_derived();
		change_open = false;
		active = NULL;
	}
}

static void
history_subxact_callback(SubXactEvent event, SubTransactionId mySubid,
						 SubTransactionId parentSubid, void *arg)
{
	/* the change's ruleset row went with the subtransaction that opened it */
	if (event == SUBXACT_EVENT_ABORT_SUB && change_open && change_subxact == mySubid)
	{
		change_open = false;
		forget_derived();
	}
	else if (event == SUBXACT_EVENT_COMMIT_SUB && change_open && change_subxact == mySubid)
		change_subxact = parentSubid;
}

static void
register_callbacks(void)
{
	static bool done = false;

	if (done)
		return;
	CacheRegisterRelcacheCallback(history_invalidate, (Datum) 0);
	RegisterXactCallback(history_xact_callback, NULL);
	RegisterSubXactCallback(history_subxact_callback, NULL);
	done = true;
}

/* The ruleset table, or InvalidOid before 0.6. */
static Oid
ruleset_table(void)
{
	register_callbacks();
	if (!ruleset_looked_up)
	{
		ruleset_relid = extension_relation("ruleset", true);
		pruned_relid = extension_relation("history_pruned", true);
		ruleset_looked_up = true;
	}
	return ruleset_relid;
}

uint32
history_epoch(void)
{
	return epoch;
}

/* ---- running the history's SQL ---------------------------------------------- */

/* A query of the history, its row under the latest snapshot as text columns. */
typedef struct HistoryQuery
{
	const char *sql;
	int			nargs;
	Oid		   *types;
	Datum	   *values;
	int			ncolumns;
	char	   *columns[6];		/* out: NULL for a NULL, or for no row */
	MemoryContext into;			/* where the columns are copied: SPI's memory goes at SPI_finish */
} HistoryQuery;

static void
run_query(void *arg)
{
	HistoryQuery *q = arg;
	SPIPlanPtr	plan = SPI_prepare(q->sql, q->nargs, q->types);

	if (plan == NULL)
		elog(ERROR, "could not read the history (%s): %s", q->sql, SPI_result_code_string(SPI_result));
	/* a parallel worker may take no snapshot of its own: it reads the query's */
	if (SPI_execute_snapshot(plan, q->values, NULL,
							 IsInParallelMode() ? GetActiveSnapshot() : GetLatestSnapshot(), InvalidSnapshot,
							 true, false, 1) != SPI_OK_SELECT)
		elog(ERROR, "could not read the history: %s", q->sql);
	for (int i = 0; i < q->ncolumns; i++)
	{
		char	   *value = SPI_processed == 1 ?
			SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, i + 1) : NULL;

		q->columns[i] = value && q->into ? MemoryContextStrdup(q->into, value) : value;
	}
	SPI_freeplan(plan);
}

/*
 * Run q as the history's owner (only administrators may read it; anyone
 * who screens may screen as of a past moment), with search_path pinned.
 */
static void
query_history(HistoryQuery *q)
{
	int			nestlevel;

	q->into = CurrentMemoryContext;
	nestlevel = internal_sql_begin();

	history_as_owner(run_query, q);
	internal_sql_end(nestlevel);
}

/* Column 1 of the row of sql, or NULL. */
static char *
latest_value(const char *sql, int nargs, Oid *types, Datum *values)
{
	HistoryQuery q = {.sql = sql, .nargs = nargs, .types = types, .values = values, .ncolumns = 1};

	query_history(&q);
	return q.columns[0];
}

static void
copy_version(char *dst, const char *src)
{
	if (src == NULL || strlen(src) != 32)
		elog(ERROR, "unexpected rule-set version \"%s\"", src ? src : "(null)");
	memcpy(dst, src, 33);
}

/* The md5 of every current row version: what sealing a change records. */
#define CURRENT_HASH "SELECT pg_catalog.md5(COALESCE(pg_catalog.string_agg(d.row_hash, '' " \
	"ORDER BY d.row_hash COLLATE pg_catalog.\"C\"), '')) FROM (SELECT DISTINCT h.row_hash " \
	"FROM " EXTENSION_SCHEMA ".history h WHERE h.ended_in IS NULL) d"

const char *
history_current_version(void)
{
	if (active != NULL)
		return active->version;
	if (!OidIsValid(ruleset_table()))
		return NULL;
	AcceptInvalidationMessages();
	if (change_open)
	{
		/* this transaction's own changes, not yet sealed: hash what it sees */
		if (pending_valid)
			return pending_version;
		copy_version(pending_version, latest_value(CURRENT_HASH, 0, NULL, NULL));
		pending_valid = true;
		return pending_version;
	}
	if (!latest_valid)
	{
		char	   *v;

		v = latest_value("SELECT r.version FROM " EXTENSION_SCHEMA ".ruleset r WHERE r.since IS NOT NULL "
						 "ORDER BY r.since DESC, r.id DESC LIMIT 1", 0, NULL, NULL);
		if (v == NULL)
			return NULL;		/* not yet sealed: the install's own transaction */
		copy_version(latest_version, v);
		latest_valid = true;
	}
	return latest_version;
}

/* ---- opening and sealing a change ----------------------------------------- */

static pg_uuid_t
random_uuid(void)
{
	pg_uuid_t	u;

	if (!pg_strong_random(u.data, UUID_LEN))
		ereport(ERROR,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg("could not generate random values")));
	u.data[6] = (u.data[6] & 0x0f) | 0x40;	/* version 4 */
	u.data[8] = (u.data[8] & 0x3f) | 0x80;	/* RFC 4122 variant */
	return u;
}

/*
 * embargo.knowledge_change(): the id of the change this transaction makes,
 * its ruleset row inserted at the first call (the seal trigger fires on it
 * at commit).  The role recorded is the one that ran the statement, not the
 * owner a SECURITY DEFINER trigger runs as.
 */
Datum
knowledge_change(PG_FUNCTION_ARGS)
{
	if (!OidIsValid(ruleset_table()))
		elog(ERROR, "relation \"%s.ruleset\" does not exist", EXTENSION_SCHEMA);
	if (!change_open)
	{
		pg_uuid_t	id = random_uuid();
		Oid			types[2] = {UUIDOID, NAMEOID};
		Datum		values[2];
		int			nestlevel = internal_sql_begin();

		values[0] = UUIDPGetDatum(&id);
		values[1] = DirectFunctionCall1(namein,
										CStringGetDatum(GetUserNameFromId(GetOuterUserId(), false)));
		if (SPI_execute_with_args("INSERT INTO " EXTENSION_SCHEMA ".ruleset (id, by) VALUES ($1, $2)",
								  2, types, values, NULL, false, 0) != SPI_OK_INSERT)
			elog(ERROR, "could not open a change in %s.ruleset", EXTENSION_SCHEMA);
		internal_sql_end(nestlevel);
		change_id = id;
		change_subxact = GetCurrentSubTransactionId();
		change_open = true;
	}
	/* each statement that changes the knowledge calls: the pending version moves */
	forget_derived();
	PG_RETURN_UUID_P(&change_id);
}

/* Column 1 of sql's row, as the seal trigger (the owner) runs it. */
static char *
seal_value(const char *sql, int nargs, Oid *types, Datum *values)
{
	HistoryQuery q = {.sql = sql, .nargs = nargs, .types = types, .values = values, .ncolumns = 1};

	run_query(&q);
	return q.columns[0];
}

/*
 * embargo.seal_change(): the deferred constraint trigger on a new ruleset
 * row, at commit.  Waits for any other change being sealed to commit, then
 * records the version the knowledge now has, the time and what changed.
 * The hash is taken with TimeZone and the like as keep_history() pinned
 * them; the row hashes themselves were taken then.
 */
Datum
seal_change(PG_FUNCTION_ARGS)
{
	TriggerData *td = (TriggerData *) fcinfo->context;
	bool		isnull;
	Datum		id;
	Oid			types[3] = {UUIDOID, TEXTOID, JSONBOID};
	Datum		values[3];
	char	   *version;
	char	   *summary;
	int			nestlevel;

	if (!CALLED_AS_TRIGGER(fcinfo) || !TRIGGER_FIRED_AFTER(td->tg_event) ||
		!TRIGGER_FIRED_FOR_ROW(td->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("seal_change() must be an AFTER ... FOR EACH ROW trigger")));
	id = heap_getattr(td->tg_trigtuple, 1, RelationGetDescr(td->tg_relation), &isnull);
	if (isnull)
		elog(ERROR, "a change without an id");
	/*
	 * A change sealed already: a row of another database's history, which
	 * pg_restore (or a COPY) brings back.  It keeps its version and time;
	 * sealed again it would say the knowledge changed at the restore, and
	 * the history before it would be lost.
	 */
	(void) heap_getattr(td->tg_trigtuple, SPI_fnumber(RelationGetDescr(td->tg_relation), "since"),
						RelationGetDescr(td->tg_relation), &isnull);
	if (!isnull)
		return PointerGetDatum(NULL);
	nestlevel = internal_sql_begin();
	if (SPI_execute("SELECT pg_catalog.pg_advisory_xact_lock(" SEAL_LOCK_KEYS ")", false, 0) != SPI_OK_SELECT)
		elog(ERROR, "could not lock the rule-set versions");
	version = seal_value(CURRENT_HASH, 0, NULL, NULL);
	values[0] = id;
	summary = seal_value("SELECT COALESCE(pg_catalog.jsonb_object_agg(s.t, "
						   "pg_catalog.jsonb_build_object('added', s.added, 'ended', s.ended)), '{}') "
						   "FROM (SELECT h.table_name AS t, "
						   "pg_catalog.count(*) FILTER (WHERE h.created_in OPERATOR(pg_catalog.=) $1) AS added, "
						   "pg_catalog.count(*) FILTER (WHERE h.ended_in OPERATOR(pg_catalog.=) $1) AS ended "
						   "FROM " EXTENSION_SCHEMA ".history h WHERE h.created_in OPERATOR(pg_catalog.=) $1 "
						   "OR h.ended_in OPERATOR(pg_catalog.=) $1 GROUP BY h.table_name) s",
						   1, types, values);
	values[1] = CStringGetTextDatum(version);
	values[2] = DirectFunctionCall1(jsonb_in, CStringGetDatum(summary));
	if (SPI_execute_with_args("UPDATE " EXTENSION_SCHEMA ".ruleset SET version = $2, "
							  "since = pg_catalog.clock_timestamp(), summary = $3 "
							  "WHERE id OPERATOR(pg_catalog.=) $1",
							  3, types, values, NULL, false, 0) != SPI_OK_UPDATE || SPI_processed != 1)
		elog(ERROR, "could not seal the change");
	internal_sql_end(nestlevel);
	return PointerGetDatum(NULL);
}

/* ---- versions in the past ---------------------------------------------------- */

static void
refuse_before_history(TimestampTz at, const char *first)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("no rule-set version was in force at %s", timestamptz_to_str(at)),
			 first ? errdetail("History begins at %s, when the extension was installed or updated to 0.6.", first) :
			 errdetail("No change to the knowledge has been committed yet."),
			 errhint("Ask for a moment after it; embargo.ruleset lists the versions.")));
}

static void
look_up_version(TimestampTz at, AtMemo *m)
{
	Oid			types[1] = {TIMESTAMPTZOID};
	Datum		values[1] = {TimestampTzGetDatum(at)};
	HistoryQuery q = {
		.sql = "SELECT r.id, r.version, r.since, "
		"(SELECT l.version FROM " EXTENSION_SCHEMA ".ruleset l WHERE l.since IS NOT NULL "
		" ORDER BY l.since DESC, l.id DESC LIMIT 1), "
		"(SELECT pg_catalog.min(f.since)::pg_catalog.text FROM " EXTENSION_SCHEMA ".ruleset f), "
		"(SELECT pg_catalog.max(p.before)::pg_catalog.text FROM " EXTENSION_SCHEMA ".history_pruned p "
		" WHERE p.before OPERATOR(pg_catalog.>) $1) "
		"FROM (SELECT NULL) x LEFT JOIN LATERAL (SELECT * FROM " EXTENSION_SCHEMA ".ruleset r "
		" WHERE r.since OPERATOR(pg_catalog.<=) $1 ORDER BY r.since DESC, r.id DESC LIMIT 1) r ON true",
		.nargs = 1,.types = types,.values = values,.ncolumns = 6,
	};

	query_history(&q);
	m->at = at;
	if (q.columns[5] != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the knowledge in force at that moment is no longer known"),
				 errdetail("embargo.prune_history() removed the row versions that ended before %s; %s is earlier.",
						   q.columns[5], timestamptz_to_str(at)),
				 errhint("Ask for a moment after it.")));
	if (q.columns[0] == NULL)
		refuse_before_history(at, q.columns[4]);
	memcpy(&m->v.id, DatumGetUUIDP(DirectFunctionCall1(uuid_in, CStringGetDatum(q.columns[0]))),
		   sizeof(pg_uuid_t));
	copy_version(m->v.version, q.columns[1]);
	m->v.since = DatumGetTimestampTz(DirectFunctionCall3(timestamptz_in, CStringGetDatum(q.columns[2]),
														 ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1)));
	/* the same knowledge as the latest version: screen with what is cached */
	m->current = q.columns[3] != NULL && strcmp(m->v.version, q.columns[3]) == 0 && !change_open;
}

bool
history_version_at(TimestampTz at, HistoryVersion *v)
{
	AtMemo	   *m = NULL;

	if (!OidIsValid(ruleset_table()))
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("this database keeps no history of its rules"),
				 errhint("Update the extension with ALTER EXTENSION %s UPDATE.", EXTENSION_SCHEMA)));
	AcceptInvalidationMessages();
	for (int i = 0; i < at_memo_n; i++)
		if (at_memo[i].at == at)
			m = &at_memo[i];
	if (m == NULL)
	{
		AtMemo		found;

		look_up_version(at, &found);
		m = &at_memo[at_memo_next];
		*m = found;
		at_memo_next = (at_memo_next + 1) % AT_MEMO;
		at_memo_n = Min(at_memo_n + 1, AT_MEMO);
	}
	*v = m->v;
	return !m->current;
}

void
history_set_as_of(const HistoryVersion *v)
{
	active = v;
}

const HistoryVersion *
history_as_of(void)
{
	return active;
}

bool
history_changed_since(const char *const *tables, const HistoryVersion *v)
{
	Datum		names[32];
	int			n = 0;
	Oid			types[2] = {TEXTARRAYOID, TIMESTAMPTZOID};
	Datum		values[2];
	char	   *changed;

	for (; tables[n] != NULL && n < lengthof(names); n++)
		names[n] = CStringGetTextDatum(tables[n]);
	values[0] = PointerGetDatum(construct_array(names, n, TEXTOID, -1, false, TYPALIGN_INT));
	values[1] = TimestampTzGetDatum(v->since);
	/* changes committed after v, and this transaction's own */
	changed = latest_value("SELECT EXISTS (SELECT FROM " EXTENSION_SCHEMA ".ruleset c, LATERAL (SELECT FROM "
						   EXTENSION_SCHEMA ".history h WHERE h.created_in OPERATOR(pg_catalog.=) c.id "
						   "AND h.table_name OPERATOR(pg_catalog.=) ANY ($1) OFFSET 0) h "
						   "WHERE c.since IS NULL OR c.since OPERATOR(pg_catalog.>) $2) "
						   "OR EXISTS (SELECT FROM " EXTENSION_SCHEMA ".ruleset c, LATERAL (SELECT FROM "
						   EXTENSION_SCHEMA ".history h WHERE h.ended_in OPERATOR(pg_catalog.=) c.id "
						   "AND h.table_name OPERATOR(pg_catalog.=) ANY ($1) OFFSET 0) h "
						   "WHERE c.since IS NULL OR c.since OPERATOR(pg_catalog.>) $2)",
						   2, types, values);
	return changed == NULL || strcmp(changed, "f") != 0;
}

void
history_as_owner(void (*fn) (void *), void *arg)
{
	register_callbacks();
	if (!OidIsValid(history_owner))
	{
		Oid			relid = extension_relation("history", false);
		HeapTuple	tup = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));

		if (!HeapTupleIsValid(tup))
			elog(ERROR, "cache lookup failed for relation %u", relid);
		history_owner = ((Form_pg_class) GETSTRUCT(tup))->relowner;
		history_relid = relid;
		ReleaseSysCache(tup);
	}
	internal_sql_as(history_owner, fn, arg);
}

/* embargo.ruleset_at(at): the version in force then. */
Datum
ruleset_at(PG_FUNCTION_ARGS)
{
	HistoryVersion v;
	const char *now;

	if (history_version_at(PG_GETARG_TIMESTAMPTZ(0), &v))
		PG_RETURN_TEXT_P(cstring_to_text(v.version));
	now = history_current_version();
	PG_RETURN_TEXT_P(cstring_to_text(now ? now : v.version));
}
