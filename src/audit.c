/*
 * audit.c
 *		Writing embargo.audit in batches.
 *
 * An audited row used to be its own INSERT, each paying for an executor
 * start and its constraint expressions: most of enforce()'s cost.  Now
 * each decision is appended to a buffer, and the buffer is written, as the
 * owner of the audit table and under the pinned search_path, by prepared
 * multi-row INSERTs: at the end of every statement (the executor's end, or
 * a utility command's such as COPY), every AUDIT_BATCH_ROWS rows, and at
 * the latest before the transaction commits.  Rows appended inside a
 * subtransaction that rolls back are dropped with it, as its other writes
 * are.  Nothing is written while an enforce() call is deciding a row.
 *
 * The same statement-end points report how many rows each statement held
 * in the quarantine, in a NOTICE to whoever loaded them.
 */
#include "postgres.h"

#include "access/xact.h"
#include "catalog/pg_type.h"
#include "audit.h"
#include "compat.h"
#include "embargo.h"
#include "executor/executor.h"
#include "executor/spi.h"
#include "internal_sql.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "tcop/utility.h"
#include "utils/builtins.h"
#include "utils/datum.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/snapmgr.h"
#include "utils/syscache.h"
#include "utils/timestamp.h"

/* Written at the latest when this many rows are waiting. */
#define AUDIT_BATCH_ROWS 1024

/* Columns, in the order of the INSERT; the last two exist from 0.6 on. */
enum
{
	COL_TABLE, COL_OPERATION, COL_OUTCOME, COL_KEY, COL_ORIGIN, COL_JURISDICTION, COL_VERDICT,
	COL_RULES, COL_REASONS, COL_VERSION, COL_BY, COL_AT, COL_QUARANTINE_ID, COL_DECISION,
	AUDIT_COLUMNS
};
#define LEGACY_COLUMNS COL_QUARANTINE_ID

static const char *const column_names[AUDIT_COLUMNS] = {
	"source_table", "operation", "outcome", "row_key", "origin", "jurisdiction", "verdict",
	"rule_ids", "reasons", "ruleset_version", "by", "at", "quarantine_id", "decision_reason"
};

/* Rows per prepared INSERT, largest first: a batch is written with few executions. */
static const int batch_sizes[] = {64, 8, 1};

typedef struct BufferedRow
{
	Datum		values[AUDIT_COLUMNS];
	char		nulls[AUDIT_COLUMNS];
	SubTransactionId subxid;
} BufferedRow;

typedef struct HeldNote
{
	char	   *table;
	SubTransactionId subxid;
} HeldNote;

static MemoryContext buffer_cxt = NULL;	/* the row array and held notes */
static MemoryContext values_cxt = NULL; /* the rows' values: reset when all are written */
static BufferedRow *rows = NULL;
static int	nrows = 0;
static int	rows_capacity = 0;
static HeldNote *held = NULL;
static int	nheld = 0;
static int	held_capacity = 0;

static SPIPlanPtr plans[lengthof(batch_sizes)];
static int	plan_columns = 0;	/* AUDIT_COLUMNS, or LEGACY_COLUMNS before 0.6 */
static Oid	audit_relid = InvalidOid;
static Oid	records_owner = InvalidOid;
static bool records_stale = false;	/* audit altered or recreated: look again */

static int	trigger_depth = 0;	/* enforce() calls under way */
static int	nesting = 0;		/* executor runs and utility commands under way */
static bool flushing = false;

static ExecutorRun_hook_type prev_ExecutorRun = NULL;
static ExecutorFinish_hook_type prev_ExecutorFinish = NULL;
static ExecutorEnd_hook_type prev_ExecutorEnd = NULL;
static ProcessUtility_hook_type prev_ProcessUtility = NULL;

static void
audit_relcache_changed(Datum arg, Oid relid)
{
	if (relid == InvalidOid || relid == audit_relid)
		records_stale = true;
}

/* Forget the plans and owner when the audit table may have changed. */
static void
refresh_records(void)
{
	if (records_stale)
	{
		for (int i = 0; i < lengthof(plans); i++)
		{
			if (plans[i] != NULL)
				SPI_freeplan(plans[i]);
			plans[i] = NULL;
		}
		records_owner = InvalidOid;
		records_stale = false;
	}
	if (!OidIsValid(records_owner))
	{
		HeapTuple	tup;

		audit_relid = extension_relation("audit", false);
		tup = SearchSysCache1(RELOID, ObjectIdGetDatum(audit_relid));
		if (!HeapTupleIsValid(tup))
			elog(ERROR, "cache lookup failed for relation %u", audit_relid);
		records_owner = ((Form_pg_class) GETSTRUCT(tup))->relowner;
		ReleaseSysCache(tup);
		plan_columns = get_attnum(audit_relid, "quarantine_id") != InvalidAttrNumber ?
			AUDIT_COLUMNS : LEGACY_COLUMNS;
	}
}

void
records_as_owner(void (*fn) (void *), void *arg)
{
	refresh_records();
	/* nothing a writer controls may run here */
	internal_sql_as(records_owner, fn, arg);
}

/* ---- the buffer ---------------------------------------------------------- */

static void *
grow(void *array, int *capacity, Size element)
{
	int			n = *capacity == 0 ? 64 : *capacity * 2;

	if (buffer_cxt == NULL)
	{
		buffer_cxt = AllocSetContextCreate(TopMemoryContext, "embargo audit buffer",
										   ALLOCSET_DEFAULT_SIZES);
		values_cxt = AllocSetContextCreate(buffer_cxt, "embargo audit values",
										   ALLOCSET_DEFAULT_SIZES);
	}
	*capacity = n;
	return array == NULL ? MemoryContextAlloc(buffer_cxt, element * n) :
		repalloc(array, element * n);
}

void
audit_append(const AuditEntry *e)
{
	MemoryContext old;
	BufferedRow *r;

	if (nrows == rows_capacity)
		rows = grow(rows, &rows_capacity, sizeof(BufferedRow));
	old = MemoryContextSwitchTo(values_cxt);
	r = &rows[nrows];
	r->subxid = GetCurrentSubTransactionId();
	r->values[COL_TABLE] = internal_sql_text(e->table, &r->nulls[COL_TABLE]);
	r->values[COL_OPERATION] = internal_sql_text(e->operation, &r->nulls[COL_OPERATION]);
	r->values[COL_OUTCOME] = internal_sql_text(e->outcome, &r->nulls[COL_OUTCOME]);
	r->values[COL_KEY] = internal_sql_text(e->key, &r->nulls[COL_KEY]);
	r->nulls[COL_ORIGIN] = e->origin == NULL ? 'n' : ' ';
	r->values[COL_ORIGIN] = e->origin == NULL ? (Datum) 0 :
		datumCopy(PointerGetDatum(e->origin), false, sizeof(Origin));
	r->values[COL_JURISDICTION] = internal_sql_text(e->jurisdiction, &r->nulls[COL_JURISDICTION]);
	r->values[COL_VERDICT] = ObjectIdGetDatum(e->verdict);
	r->nulls[COL_VERDICT] = ' ';
	r->values[COL_RULES] = datumCopy(e->rule_ids, false, -1);
	r->nulls[COL_RULES] = ' ';
	r->values[COL_REASONS] = internal_sql_text(e->reasons, &r->nulls[COL_REASONS]);
	r->values[COL_VERSION] = internal_sql_text(e->ruleset_version, &r->nulls[COL_VERSION]);
	r->values[COL_BY] = internal_sql_text(e->by, &r->nulls[COL_BY]);
	/* when it was decided, not when the batch is written */
	r->values[COL_AT] = TimestampTzGetDatum(GetCurrentTimestamp());
	r->nulls[COL_AT] = ' ';
	r->values[COL_QUARANTINE_ID] = Int64GetDatum(e->quarantine_id);
	r->nulls[COL_QUARANTINE_ID] = e->quarantine_id == 0 ? 'n' : ' ';
	r->values[COL_DECISION] = internal_sql_text(e->decision_reason, &r->nulls[COL_DECISION]);
	MemoryContextSwitchTo(old);
	nrows++;
	if (nrows >= AUDIT_BATCH_ROWS && trigger_depth <= 1)
		audit_flush_now();
}

void
audit_note_held(const char *table)
{
	if (nheld == held_capacity)
		held = grow(held, &held_capacity, sizeof(HeldNote));
	held[nheld].table = MemoryContextStrdup(buffer_cxt, table);
	held[nheld].subxid = GetCurrentSubTransactionId();
	nheld++;
}

/* ---- writing --------------------------------------------------------------- */

static SPIPlanPtr
prepare_insert(int nrows_per_plan)
{
	Oid		   *types = palloc(sizeof(Oid) * plan_columns * nrows_per_plan);
	Oid			column_types[AUDIT_COLUMNS] = {TEXTOID, TEXTOID, TEXTOID, TEXTOID,
		extension_type("origin"), TEXTOID, extension_type("verdict"), INT4ARRAYOID, TEXTOID,
	TEXTOID, TEXTOID, TIMESTAMPTZOID, INT8OID, TEXTOID};
	StringInfoData sql;
	SPIPlanPtr	plan;

	initStringInfo(&sql);
	appendStringInfoString(&sql, "INSERT INTO " EXTENSION_SCHEMA ".audit (");
	for (int c = 0; c < plan_columns; c++)
		appendStringInfo(&sql, "%s%s", c ? ", " : "", quote_identifier(column_names[c]));
	appendStringInfoString(&sql, ") VALUES ");
	for (int r = 0; r < nrows_per_plan; r++)
	{
		appendStringInfo(&sql, "%s(", r ? ", " : "");
		for (int c = 0; c < plan_columns; c++)
		{
			types[r * plan_columns + c] = column_types[c];
			appendStringInfo(&sql, "%s$%d", c ? ", " : "", r * plan_columns + c + 1);
		}
		appendStringInfoChar(&sql, ')');
	}
	plan = SPI_prepare(sql.data, plan_columns * nrows_per_plan, types);
	if (plan == NULL || SPI_keepplan(plan) != 0)
		elog(ERROR, "could not prepare the audit insert: %s", SPI_result_code_string(SPI_result));
	return plan;
}

/* Write rows[*from .. nrows). */
static void
write_rows(void *arg)
{
	int			done = *(int *) arg;

	for (int b = 0; b < lengthof(batch_sizes); b++)
	{
		int			size = batch_sizes[b];
		Datum	   *values;
		char	   *nulls;

		if (nrows - done < size)
			continue;
		if (plans[b] == NULL)
			plans[b] = prepare_insert(size);
		values = palloc(sizeof(Datum) * plan_columns * size);
		nulls = palloc(plan_columns * size);
		for (; nrows - done >= size; done += size)
		{
			for (int r = 0; r < size; r++)
			{
				memcpy(&values[r * plan_columns], rows[done + r].values, sizeof(Datum) * plan_columns);
				memcpy(&nulls[r * plan_columns], rows[done + r].nulls, plan_columns);
			}
			if (SPI_execute_plan(plans[b], values, nulls, false, 0) != SPI_OK_INSERT)
				elog(ERROR, "could not write the audit rows");
		}
		pfree(values);
		pfree(nulls);
	}
}

/*
 * The first buffered row that may be written in the current subtransaction:
 * rows appended before it began belong to its parent, and an INSERT made
 * here would go if it rolled back while they stay.  Rows are appended in
 * order, so those of this subtransaction and its committed children are a
 * suffix.
 */
static int
first_writable_row(void)
{
	SubTransactionId current = GetCurrentSubTransactionId();
	int			first = nrows;

	while (first > 0 && rows[first - 1].subxid >= current)
		first--;
	return first;
}

/* Write every buffered row the current subtransaction may write, unless a write is under way. */
void
audit_flush_now(void)
{
	int			nestlevel;
	int			from;
	bool		push_snapshot;

	if (nrows == 0 || flushing)
		return;
	from = first_writable_row();
	if (from == nrows)
		return;
	/* at commit, or after a COPY that loaded the library, there is none */
	push_snapshot = !ActiveSnapshotSet();
	if (push_snapshot)
		PushActiveSnapshot(GetTransactionSnapshot());
	flushing = true;
	PG_TRY();
	{
		nestlevel = internal_sql_begin();
		records_as_owner(write_rows, &from);
		internal_sql_end(nestlevel);
	}
	PG_FINALLY();
	{
		flushing = false;
	}
	PG_END_TRY();
	if (push_snapshot)
		PopActiveSnapshot();
	nrows = from;
	if (nrows == 0)
		MemoryContextReset(values_cxt);
}

/* One NOTICE per table whose rows this statement held. */
static void
report_held(void)
{
	for (int i = 0; i < nheld; i++)
	{
		int			n = 0;

		if (held[i].table == NULL)
			continue;
		for (int j = i; j < nheld; j++)
			if (held[j].table != NULL && strcmp(held[j].table, held[i].table) == 0)
			{
				n++;
				if (j > i)
					held[j].table = NULL;
			}
		ereport(NOTICE,
				(errmsg_plural("%d row written to table \"%s\" was held in the quarantine",
							   "%d rows written to table \"%s\" were held in the quarantine",
							   n, n, held[i].table),
				 errhint("SELECT * FROM embargo.my_held_rows WHERE status = 'held' lists them.")));
	}
	nheld = 0;
}

/* The end of a statement: write the batch; tell the loader what was held. */
static void
statement_done(void)
{
	if (trigger_depth > 0 || !IsTransactionState())
		return;
	audit_flush_now();
	if (nesting == 0 && nheld > 0)
		report_held();
}

static void
forget_all(void)
{
	nrows = rows_capacity = 0;
	nheld = held_capacity = 0;
	rows = NULL;
	held = NULL;
	if (buffer_cxt != NULL)
	{
		/* the values' context is a child: keep it, emptied */
		MemoryContextReset(values_cxt);
		MemoryContextResetOnly(buffer_cxt);
	}
	trigger_depth = 0;
	nesting = 0;
	flushing = false;
}

void
audit_enter_trigger(void)
{
	trigger_depth++;
}

void
audit_leave_trigger(void)
{
	trigger_depth--;
}

/* ---- hooks and callbacks ------------------------------------------------- */

static void
audit_xact_callback(XactEvent event, void *arg)
{
	switch (event)
	{
		case XACT_EVENT_PRE_COMMIT:
		case XACT_EVENT_PRE_PREPARE:
			/* only if the library was loaded in the middle of a COPY */
			trigger_depth = 0;
			audit_flush_now();
			if (nheld > 0)
				report_held();
			break;
		case XACT_EVENT_COMMIT:
		case XACT_EVENT_ABORT:
		case XACT_EVENT_PREPARE:
		case XACT_EVENT_PARALLEL_COMMIT:
		case XACT_EVENT_PARALLEL_ABORT:
			forget_all();
			break;
		default:
			break;
	}
}

/* A rolled-back subtransaction takes its audit rows with it. */
static void
audit_subxact_callback(SubXactEvent event, SubTransactionId mySubid,
					   SubTransactionId parentSubid, void *arg)
{
	if (event != SUBXACT_EVENT_ABORT_SUB)
		return;
	while (nrows > 0 && rows[nrows - 1].subxid >= mySubid)
		nrows--;
	while (nheld > 0 && held[nheld - 1].subxid >= mySubid)
		nheld--;
}

static void
audit_ExecutorRun(EXECUTOR_RUN_PARAMS)
{
	nesting++;
	PG_TRY();
	{
		if (prev_ExecutorRun)
			prev_ExecutorRun(EXECUTOR_RUN_ARGS);
		else
			standard_ExecutorRun(EXECUTOR_RUN_ARGS);
	}
	PG_FINALLY();
	{
		nesting--;
	}
	PG_END_TRY();
}

static void
audit_ExecutorFinish(QueryDesc *queryDesc)
{
	nesting++;
	PG_TRY();
	{
		if (prev_ExecutorFinish)
			prev_ExecutorFinish(queryDesc);
		else
			standard_ExecutorFinish(queryDesc);
	}
	PG_FINALLY();
	{
		nesting--;
	}
	PG_END_TRY();
}

static void
audit_ExecutorEnd(QueryDesc *queryDesc)
{
	if (prev_ExecutorEnd)
		prev_ExecutorEnd(queryDesc);
	else
		standard_ExecutorEnd(queryDesc);
	statement_done();
}

static void
audit_ProcessUtility(PROCESS_UTILITY_PARAMS)
{
	nesting++;
	PG_TRY();
	{
		if (prev_ProcessUtility)
			prev_ProcessUtility(PROCESS_UTILITY_ARGS);
		else
			standard_ProcessUtility(PROCESS_UTILITY_ARGS);
	}
	PG_FINALLY();
	{
		nesting--;
	}
	PG_END_TRY();
	statement_done();
}

void
audit_init(void)
{
	prev_ExecutorRun = ExecutorRun_hook;
	ExecutorRun_hook = audit_ExecutorRun;
	prev_ExecutorFinish = ExecutorFinish_hook;
	ExecutorFinish_hook = audit_ExecutorFinish;
	prev_ExecutorEnd = ExecutorEnd_hook;
	ExecutorEnd_hook = audit_ExecutorEnd;
	prev_ProcessUtility = ProcessUtility_hook;
	ProcessUtility_hook = audit_ProcessUtility;
	RegisterXactCallback(audit_xact_callback, NULL);
	RegisterSubXactCallback(audit_subxact_callback, NULL);
	CacheRegisterRelcacheCallback(audit_relcache_changed, (Datum) 0);
}
