/*
 * rescreen.c
 *		embargo.rescreen(tbl, since, full): screen the stored rows of a table
 *		with an enforce() trigger again, with the current knowledge.
 *
 * By default only the rows the changes since a version can affect are
 * read: embargo.rescreen_scope() says, per changed row version, which
 * jurisdiction, territory, HS prefixes, shipment dates or parties, and
 * that becomes a WHERE clause over the trigger's columns (so the table's
 * own indexes serve it).  Rows are read through a cursor a batch at a
 * time; each is screened as the trigger would (enforce_screen_stored()),
 * and only rows whose outputs change are written, by ctid, with the
 * trigger letting them through.  Each changed decision is logged in
 * embargo.rescreen_log and audited.  Held rows are screened again and
 * marked, never released.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "access/table.h"
#include "audit.h"
#include "catalog/namespace.h"
#include "catalog/pg_inherits.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "embargo.h"
#include "enforce.h"
#include "executor/spi.h"
#include "history.h"
#include "internal_sql.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "parser/parse_func.h"
#include "rescreen_log.h"
#include "storage/lmgr.h"
#include "rescreen_scope.h"
#include "rule_cache.h"
#include "screening.h"
#include "utils/acl.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rel.h"

PG_FUNCTION_INFO_V1(rescreen);

#define RESCREEN_BATCH 10000

/* The table's enforce() trigger; an error if it has none. */
static Trigger *
enforce_trigger(Relation rel)
{
	Oid			fn = LookupFuncName(list_make2(makeString(EXTENSION_SCHEMA), makeString("enforce")),
									0, NULL, false);
	TriggerDesc *td = rel->trigdesc;

	for (int i = 0; td != NULL && i < td->numtriggers; i++)
		if (td->triggers[i].tgfoid == fn && td->triggers[i].tgenabled != TRIGGER_DISABLED)
			return &td->triggers[i];
	ereport(ERROR,
			(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
			 errmsg("table \"%s\" has no embargo.enforce() trigger", RelationGetRelationName(rel)),
			 errdetail("rescreen() screens rows again as the table's trigger screens them as they are written.")));
	return NULL;
}


/* ---- writing what changed --------------------------------------------------- */

/*
 * A batch's rows whose outputs change, written together: one UPDATE by
 * tableoid and ctid from arrays, one insert into the log, the audit rows
 * buffered.  Only rows the UPDATE reached are logged: a row updated
 * concurrently was screened by that update, with the current knowledge.
 */
typedef struct Pending
{
	Datum		tableoid;
	Datum		ctid;
	StoredScreening now;		/* copied into the batch's context */
	char	   *rules;			/* now.rule_ids as text, for the UPDATE */
	char	   *key;
	bool		old_null;
	Oid			old_verdict;
	char	   *old_rules;		/* text of the stored rules, or NULL */
} Pending;

/*
 * $1 oid[], $2 tid[], $3 verdict[], $4 origin[], $5 text[] (the rules' text).
 * Planned per batch with the arrays in hand, so that the planner sees how
 * many rows they hold (and joins them by hash, not row by row).
 */
static char *
update_sql(Rescreen *r)
{
	EnforceConfig *c = r->config;
	StringInfoData sql;

	initStringInfo(&sql);
	appendStringInfo(&sql, "UPDATE %s t SET %s = u.v",
					 quote_qualified_identifier(get_namespace_name(RelationGetNamespace(r->rel)),
												RelationGetRelationName(r->rel)),
					 rescreen_column(r, SLOT_OUT_VERDICT));
	if (c->att[SLOT_OUT_ORIGIN])
		appendStringInfo(&sql, ", %s = u.o", rescreen_column(r, SLOT_OUT_ORIGIN));
	if (c->att[SLOT_OUT_RULES])
		appendStringInfo(&sql, ", %s = u.r::pg_catalog.int4[]", rescreen_column(r, SLOT_OUT_RULES));
	appendStringInfoString(&sql, " FROM ROWS FROM (pg_catalog.unnest($1), pg_catalog.unnest($2), pg_catalog.unnest($3),"
						   " pg_catalog.unnest($4), pg_catalog.unnest($5)) WITH ORDINALITY AS u(toid, tid, v, o, r, n)"
						   " WHERE t.ctid OPERATOR(pg_catalog.=) ANY ($2) AND t.ctid OPERATOR(pg_catalog.=) u.tid"
						   " AND t.tableoid OPERATOR(pg_catalog.=) u.toid RETURNING u.n");
	return sql.data;
}


/* ---- the rows ------------------------------------------------------------------ */

/* Whether the stored outputs are what the screening gives now. */
static bool
outputs_same(Rescreen *r, HeapTuple tuple, const StoredScreening *now, bool old_null, Datum old)
{
	EnforceConfig *c = r->config;
	bool		null;
	Datum		v;

	if (old_null || DatumGetObjectId(old) != now->verdict_oid)
		return false;
	if (c->att[SLOT_OUT_RULES])
	{
		v = heap_getattr(tuple, c->att[SLOT_OUT_RULES], RelationGetDescr(r->rel), &null);
		if (null || !DatumGetBool(FunctionCall2(&r->array_eq, v, now->rule_ids)))
			return false;
	}
	if (c->att[SLOT_OUT_ORIGIN])
	{
		v = heap_getattr(tuple, c->att[SLOT_OUT_ORIGIN], RelationGetDescr(r->rel), &null);
		if (null || now->origin == NULL)
			return null && now->origin == NULL;
		return memcmp(DatumGetPointer(v), now->origin, sizeof(Origin)) == 0;
	}
	return true;
}

/* Screen one row; if its outputs change, queue it, copied into keep. */
static Pending *
rescreen_row(Rescreen *r, Datum tableoid, Datum ctid, HeapTuple tuple, MemoryContext keep)
{
	EnforceConfig *c = r->config;
	StoredScreening now;
	bool		old_null,
				null;
	Datum		old = heap_getattr(tuple, c->att[SLOT_OUT_VERDICT], RelationGetDescr(r->rel), &old_null);
	Pending    *p;
	MemoryContext caller;

	enforce_screen_stored(c, r->rel, tuple, &now);
	r->read++;
	if (outputs_same(r, tuple, &now, old_null, old))
		return NULL;
	caller = MemoryContextSwitchTo(keep);
	p = palloc0(sizeof(Pending));
	p->tableoid = tableoid;
	p->ctid = PointerGetDatum(memcpy(palloc(sizeof(ItemPointerData)), DatumGetPointer(ctid), sizeof(ItemPointerData)));
	p->now = now;
	p->now.origin = now.origin ? memcpy(palloc(sizeof(Origin)), now.origin, sizeof(Origin)) : NULL;
	p->now.jurisdiction = pstrdup(now.jurisdiction);
	p->now.reasons = now.reasons ? pstrdup(now.reasons) : NULL;
	p->now.rule_ids = PointerGetDatum(PG_DETOAST_DATUM_COPY(now.rule_ids));
	p->rules = rescreen_rules_text(now.rule_ids);
	p->key = enforce_row_key(c, r->rel, tuple);
	p->old_null = old_null;
	p->old_verdict = old_null ? InvalidOid : DatumGetObjectId(old);
	if (c->att[SLOT_OUT_RULES])
	{
		Datum		rules = heap_getattr(tuple, c->att[SLOT_OUT_RULES], RelationGetDescr(r->rel), &null);

		p->old_rules = null ? NULL : rescreen_rules_text(rules);
	}
	MemoryContextSwitchTo(caller);
	return p;
}

/* Write the batch's changed rows; log and audit those whose verdict changed. */
static void
write_pending(Rescreen *r, List *pending)
{
	MemoryContext batch = CurrentMemoryContext;
	int			n = list_length(pending);
	Oid			types[5] = {OIDARRAYOID, TIDARRAYOID, r->verdict_array_type, r->origin_array_type, TEXTARRAYOID};
	Datum	   *cols[5];
	bool	   *origin_nulls = palloc0(sizeof(bool) * n);
	Datum		values[5];
	bool	   *reached = palloc0(sizeof(bool) * (n + 1));
	ListCell   *lc;
	int			i = 0;
	LogEntry   *changes;
	int			nchanges = 0;

	if (n == 0)
		return;
	for (int k = 0; k < 5; k++)
		cols[k] = palloc(sizeof(Datum) * n);
	foreach(lc, pending)
	{
		Pending    *p = lfirst(lc);

		cols[0][i] = p->tableoid;
		cols[1][i] = p->ctid;
		cols[2][i] = ObjectIdGetDatum(p->now.verdict_oid);
		cols[3][i] = PointerGetDatum(p->now.origin);
		origin_nulls[i] = p->now.origin == NULL;
		cols[4][i] = CStringGetTextDatum(p->rules);
		i++;
	}
	values[0] = rescreen_array(cols[0], NULL, n, OIDOID);
	values[1] = rescreen_array(cols[1], NULL, n, TIDOID);
	values[2] = rescreen_array(cols[2], NULL, n, r->verdict_type);
	values[3] = rescreen_array(cols[3], origin_nulls, n, r->origin_type);
	values[4] = rescreen_array(cols[4], NULL, n, TEXTOID);
	if (SPI_execute_with_args(r->update_sql, 5, types, values, NULL, false, 0) != SPI_OK_UPDATE_RETURNING)
		elog(ERROR, "could not update the rows of table \"%s\"", r->config->table);
	/* SPI returns in its procedure context, which lasts the whole call */
	MemoryContextSwitchTo(batch);
	for (uint64 k = 0; k < SPI_processed; k++)
	{
		bool		isnull;
		int64		ord = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[k], SPI_tuptable->tupdesc, 1, &isnull));

		if (ord >= 1 && ord <= n)
			reached[ord] = true;
	}
	SPI_freetuptable(SPI_tuptable);
	changes = palloc(sizeof(LogEntry) * n);
	i = 0;
	foreach(lc, pending)
	{
		Pending    *p = lfirst(lc);

		i++;
		if (reached[i] && (p->old_null || p->old_verdict != p->now.verdict_oid))
			changes[nchanges++] = (LogEntry) {.r = r,.key = p->key,.old_null = p->old_null,
				.old_verdict = p->old_verdict,.old_rules_text = p->old_rules,.now = &p->now};
	}
	rescreen_record_changes(changes, nchanges);
	MemoryContextSwitchTo(batch);
}

/* A whole-row value of the table as a tuple of its descriptor. */
static HeapTuple
row_tuple(Datum row, HeapTupleData *tuple)
{
	HeapTupleHeader header = DatumGetHeapTupleHeader(row);

	tuple->t_len = HeapTupleHeaderGetDatumLength(header);
	ItemPointerSetInvalid(&tuple->t_self);
	tuple->t_tableOid = InvalidOid;
	tuple->t_data = header;
	return tuple;
}

/*
 * Read the rows where holds, a batch at a time, screen each and write
 * those whose outputs change; a NOTICE per batch says how far it got.
 */
static void
rescreen_rows(Rescreen *r, const char *where)
{
	StringInfoData sql;
	SPIPlanPtr	plan;
	Portal		portal;
	MemoryContext batch = AllocSetContextCreate(CurrentMemoryContext, "embargo rescreen batch",
												ALLOCSET_DEFAULT_SIZES);
	MemoryContext row_cxt = AllocSetContextCreate(CurrentMemoryContext, "embargo rescreen row",
												  ALLOCSET_DEFAULT_SIZES);
	List	   *pending = NIL;
	int64		batches = 0;

	initStringInfo(&sql);
	appendStringInfo(&sql, "SELECT t.tableoid, t.ctid, t FROM %s t WHERE %s",
					 quote_qualified_identifier(get_namespace_name(RelationGetNamespace(r->rel)),
												RelationGetRelationName(r->rel)), where);
	plan = SPI_prepare(sql.data, 0, NULL);
	if (plan == NULL)
		elog(ERROR, "could not read table \"%s\": %s", r->config->table, SPI_result_code_string(SPI_result));
	portal = SPI_cursor_open(NULL, plan, NULL, NULL, false);
	for (;;)
	{
		SPITupleTable *rows;
		uint64		n;
		MemoryContext caller;

		SPI_cursor_fetch(portal, true, RESCREEN_BATCH);
		rows = SPI_tuptable;
		n = SPI_processed;
		if (n == 0)
			break;
		caller = MemoryContextSwitchTo(row_cxt);
		for (uint64 i = 0; i < n; i++)
		{
			bool		isnull;
			HeapTupleData tuple;
			Datum		tableoid = SPI_getbinval(rows->vals[i], rows->tupdesc, 1, &isnull);
			Datum		ctid = SPI_getbinval(rows->vals[i], rows->tupdesc, 2, &isnull);
			Datum		row = SPI_getbinval(rows->vals[i], rows->tupdesc, 3, &isnull);
			Pending    *p = rescreen_row(r, tableoid, ctid, row_tuple(row, &tuple), batch);

			if (p != NULL)
			{
				MemoryContextSwitchTo(batch);
				pending = lappend(pending, p);
			}
			/* what screening the row allocated goes with it */
			MemoryContextSwitchTo(row_cxt);
			MemoryContextReset(row_cxt);
		}
		MemoryContextSwitchTo(batch);
		write_pending(r, pending);
		MemoryContextSwitchTo(caller);
		pending = NIL;
		MemoryContextReset(batch);
		SPI_freetuptable(rows);
		audit_flush_now();
		ereport(NOTICE,
				(errmsg("rescreen of table \"%s\": batch %ld, %ld rows read, %ld decisions changed",
						r->config->table, (long) ++batches, (long) r->read, (long) r->changed)));
	}
	SPI_cursor_close(portal);
	MemoryContextDelete(batch);
	MemoryContextDelete(row_cxt);
}

/* ---- held rows ------------------------------------------------------------------- */

typedef struct HeldRows
{
	const char *table;
	SPITupleTable *rows;
	uint64		n;
	int64		id;				/* for mark_held() */
	Oid			verdict_type;
	StoredScreening *now;
	bool		would_pass;
	const char *version;
} HeldRows;

static void
read_held(void *arg)
{
	HeldRows   *h = arg;
	Oid			types[1] = {TEXTOID};
	Datum		values[1] = {CStringGetTextDatum(h->table)};

	/* what each held row was last decided or re-evaluated as: a change is a change from that */
	if (SPI_execute_with_args("SELECT q.id, COALESCE(q.rescreened_verdict, q.verdict), "
							  "COALESCE(q.rescreened_rule_ids, q.rule_ids), q.row_data, q.row_key FROM " EXTENSION_SCHEMA ".quarantine q "
							  "WHERE q.source_table OPERATOR(pg_catalog.=) $1 AND q.status OPERATOR(pg_catalog.=) 'held' "
							  "ORDER BY q.id", 1, types, values, NULL, true, 0) != SPI_OK_SELECT)
		elog(ERROR, "could not read the quarantine");
	h->rows = SPI_tuptable;
	h->n = SPI_processed;
}

static void
mark_held(void *arg)
{
	HeldRows   *h = arg;
	Oid			types[5] = {INT8OID, h->verdict_type, INT4ARRAYOID, TEXTOID, BOOLOID};
	Datum		values[5] = {Int64GetDatum(h->id), ObjectIdGetDatum(h->now->verdict_oid), h->now->rule_ids,
	CStringGetTextDatum(h->version), BoolGetDatum(h->would_pass)};

	if (SPI_execute_with_args("UPDATE " EXTENSION_SCHEMA ".quarantine SET rescreened_verdict = $2, "
							  "rescreened_rule_ids = $3, rescreened_version = $4, "
							  "rescreened_at = pg_catalog.clock_timestamp(), would_pass = $5 "
							  "WHERE id OPERATOR(pg_catalog.=) $1", 5, types, values, NULL, false, 0) != SPI_OK_UPDATE)
		elog(ERROR, "could not mark a held row");
}

/*
 * Screen the table's held rows again: each is marked with what the
 * current knowledge says and whether it would now be written; it stays
 * held for a reviewer.  A row is read back from its jsonb with the
 * caller's rights, as release() would.
 */
static void
rescreen_held(Rescreen *r)
{
	HeldRows	h = {.table = r->config->table,.version = r->version,.verdict_type = r->verdict_type};
	Oid			types[1] = {JSONBOID};
	StringInfoData sql;
	SPIPlanPtr	plan;

	records_as_owner(read_held, &h);
	if (h.n == 0)
		return;
	initStringInfo(&sql);
	appendStringInfo(&sql, "SELECT pg_catalog.jsonb_populate_record(NULL::%s, $1)",
					 quote_qualified_identifier(get_namespace_name(RelationGetNamespace(r->rel)),
												RelationGetRelationName(r->rel)));
	plan = SPI_prepare(sql.data, 1, types);
	for (uint64 i = 0; i < h.n; i++)
	{
		bool		isnull;
		HeapTupleData tuple;
		StoredScreening now;
		Datum		held_verdict = SPI_getbinval(h.rows->vals[i], h.rows->tupdesc, 2, &isnull);
		Datum		row_data = SPI_getbinval(h.rows->vals[i], h.rows->tupdesc, 4, &isnull);
		LogEntry	e = {.r = r};

		if (SPI_execute_plan(plan, &row_data, NULL, true, 1) != SPI_OK_SELECT || SPI_processed != 1)
			elog(ERROR, "could not read a held row back");
		enforce_screen_stored(r->config, r->rel,
							  row_tuple(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull),
										&tuple), &now);
		h.id = DatumGetInt64(SPI_getbinval(h.rows->vals[i], h.rows->tupdesc, 1, &isnull));
		h.now = &now;
		h.would_pass = now.screened && now.verdict < r->config->threshold;
		records_as_owner(mark_held, &h);
		if (DatumGetObjectId(held_verdict) == now.verdict_oid)
			continue;
		e.key = SPI_getvalue(h.rows->vals[i], h.rows->tupdesc, 5);	/* as held */
		e.quarantine_id = h.id;
		e.old_verdict = DatumGetObjectId(held_verdict);
		e.old_rules_text = SPI_getvalue(h.rows->vals[i], h.rows->tupdesc, 3);
		e.now = &now;
		rescreen_record_changes(&e, 1);
	}
	audit_flush_now();
}

/* ---- the function ------------------------------------------------------------------- */

static void
write_state(void *arg)
{
	Rescreen   *r = arg;
	Oid			types[3] = {REGCLASSOID, TEXTOID, NAMEOID};
	Datum		values[3] = {ObjectIdGetDatum(r->config->root_relid), CStringGetTextDatum(r->version),
	DirectFunctionCall1(namein, CStringGetDatum(r->by))};
	Oid			lock_type[1] = {INT8OID};
	Datum		lock_key[1] = {Int64GetDatum(RESCREEN_STATE_LOCK(r->config->root_relid))};

	/* a writer recording the table's first version does so under this lock (enforce.c) */
	if (SPI_execute_with_args("SELECT pg_catalog.pg_advisory_xact_lock($1)", 1, lock_type, lock_key, NULL,
							  false, 1) != SPI_OK_SELECT)
		elog(ERROR, "could not lock the version of table \"%s\"", r->config->table);
	if (SPI_execute_with_args("INSERT INTO " EXTENSION_SCHEMA ".rescreen_state AS s (tbl, version, by) "
							  "VALUES ($1, $2, $3) ON CONFLICT (tbl) DO UPDATE SET version = $2, by = $3, "
							  "at = pg_catalog.clock_timestamp()", 3, types, values, NULL, false, 0) != SPI_OK_INSERT)
		elog(ERROR, "could not record the version of table \"%s\"", r->config->table);
}

/*
 * The rows, with the trigger letting rescreen()'s own writes through, and
 * the audit rows written a batch at a time (not after each statement of
 * ours, as after a writer's).
 */
static void
rescreen_rows_passing(Rescreen *r, const char *where)
{
	enforce_pass_through(r->config->root_relid);
	audit_enter_trigger();
	PG_TRY();
	{
		rescreen_rows(r, where);
	}
	PG_FINALLY();
	{
		audit_leave_trigger();
		enforce_pass_through(InvalidOid);
	}
	PG_END_TRY();
}

static void
rescreen_table(Rescreen *r, text *since, bool full)
{
	const char *where;

	r->old_version = rescreen_starting_version(r, since);
	where = rescreen_rows_to_read(r, full);
	r->update_sql = update_sql(r);
	r->log_plan = rescreen_prepare_log(r);
	if (strcmp(where, "false") != 0)
		rescreen_rows_passing(r, where);
	rescreen_held(r);
	records_as_owner(write_state, r);
}

/*
 * embargo.rescreen(tbl, since, full): the number of decisions changed,
 * rows of the table and held rows.
 */
Datum
rescreen(PG_FUNCTION_ARGS)
{
	Rescreen	r = {0};
	TriggerData td = {.type = T_TriggerData};
	int			nestlevel;

	if (PG_ARGISNULL(0))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("the table to screen again must not be NULL")));
	r.rel = table_open(PG_GETARG_OID(0), AccessShareLock);
	td.tg_relation = r.rel;
	td.tg_trigger = enforce_trigger(r.rel);
	r.config = enforce_config_get(&td);
	if (r.config->att[SLOT_OUT_VERDICT] == 0)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("the enforce() trigger of table \"%s\" keeps no verdict", r.config->table),
				 errdetail("rescreen() compares each row's stored verdict with the current one."),
				 errhint("Add a column of type embargo.verdict and name it in the trigger: 'verdict=column'.")));
	if (pg_class_aclcheck(RelationGetRelid(r.rel), GetUserId(), ACL_UPDATE) != ACLCHECK_OK)
		aclcheck_error(ACLCHECK_NO_PRIV, OBJECT_TABLE, RelationGetRelationName(r.rel));

	/*
	 * No row may be written while the table is screened again and until the
	 * transaction that does it (and perhaps changed the knowledge) ends: a
	 * writer's row screened with the knowledge before, and committed after
	 * the rows were read, would keep its old verdict while rescreen_state
	 * says the table is screened with the new one.  So the table and its
	 * partitions are locked against writers (a writer already in progress
	 * is waited for, and its rows are read) until the end of the
	 * transaction; SHARE ROW EXCLUSIVE, so that two re-screenings of a
	 * table, each to update it, take turns rather than deadlock.
	 */
	LockRelationOid(RelationGetRelid(r.rel), ShareRowExclusiveLock);
	(void) find_all_inheritors(RelationGetRelid(r.rel), ShareRowExclusiveLock, NULL);
	r.verdict_type = TupleDescAttr(RelationGetDescr(r.rel), r.config->att[SLOT_OUT_VERDICT] - 1)->atttypid;
	r.verdict_array_type = get_array_type(r.verdict_type);
	r.origin_type = extension_type("origin");
	r.origin_array_type = get_array_type(r.origin_type);
	fmgr_info(F_ARRAY_EQ, &r.array_eq);
	r.version = history_current_version();
	if (r.version == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("this database keeps no history of its rules"),
				 errhint("Update the extension with ALTER EXTENSION %s UPDATE.", EXTENSION_SCHEMA)));
	r.version = pstrdup(r.version);
	r.by = GetUserNameFromId(GetUserId(), false);
	nestlevel = internal_sql_begin();
	rescreen_table(&r, PG_ARGISNULL(1) ? NULL : PG_GETARG_TEXT_PP(1), !PG_ARGISNULL(2) && PG_GETARG_BOOL(2));
	internal_sql_end(nestlevel);
	table_close(r.rel, NoLock);
	PG_RETURN_INT64(r.changed);
}
