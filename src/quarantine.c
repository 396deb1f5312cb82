/*
 * quarantine.c
 *		Holding rows in embargo.quarantine, and the reviewer's decisions:
 *		embargo.release() puts a held row back into its table (an INSERT
 *		by inserting it, an UPDATE by updating the row with its primary
 *		key), embargo.reject() closes it.  Both need a reason, and both are
 *		audited.
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/relation.h"
#include "access/stratnum.h"
#include "access/table.h"
#include "audit.h"
#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "compat.h"
#include "embargo.h"
#include "executor/spi.h"
#include "internal_sql.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "quarantine.h"
#include "textin.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/syscache.h"
#include "catalog/pg_operator.h"

PG_FUNCTION_INFO_V1(enforce_release);
PG_FUNCTION_INFO_V1(enforce_reject);

/* set by embargo.release() for the one row it puts back */
static Oid	releasing_relid = InvalidOid;
static int	releasing_rows = 0;
static int64 releasing_id = 0;
static const char *releasing_reason = NULL;

bool
quarantine_take_release(Oid root_relid, int64 *id, const char **reason)
{
	if (releasing_rows <= 0 || releasing_relid != root_relid)
		return false;
	releasing_rows--;
	*id = releasing_id;
	*reason = releasing_reason;
	return true;
}

/* ---- holding ----------------------------------------------------------- */

/* Whether the quarantine has the columns 0.6 added (a database not updated has not). */
static bool
quarantine_is_current(void)
{
	return get_attnum(extension_relation("quarantine", false), "operation") != InvalidAttrNumber;
}

/* The statement that holds a row: prepared for this table's row type. */
static SPIPlanPtr
prepare_hold(void)
{
	Oid			types[12] = {TEXTOID, JSONBOID, extension_type("verdict"),
		extension_type("origin"), INT4ARRAYOID, TEXTOID, TEXTOID, TEXTOID, TEXTOID, TEXTOID, TEXTOID,
	JSONBOID};
	bool		current = quarantine_is_current();
	SPIPlanPtr	plan = SPI_prepare(current ?
								   "INSERT INTO " EXTENSION_SCHEMA ".quarantine "
								   "(source_table, row_data, verdict, origin, rule_ids, reasons, "
								   "ruleset_version, row_key, held_by, operation, jurisdiction, old_row_data) "
								   "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id" :
								   "INSERT INTO " EXTENSION_SCHEMA ".quarantine "
								   "(source_table, row_data, verdict, origin, rule_ids, reasons, "
								   "ruleset_version, row_key, held_by) "
								   "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
								   current ? 12 : 9, types);

	if (plan == NULL || SPI_keepplan(plan) != 0)
		elog(ERROR, "could not prepare the quarantine insert: %s",
			 SPI_result_code_string(SPI_result));
	return plan;
}

typedef struct Hold
{
	EnforceConfig *config;
	const HoldRequest *request;
	Datum		row_json;
	Datum		old_json;		/* 0: none */
	int64		id;
} Hold;

static void
write_hold(void *arg)
{
	Hold	   *h = arg;
	const HoldRequest *r = h->request;
	Datum		values[12];
	char		nulls[12] = "            ";
	bool		isnull;

	if (h->config->hold_plan == NULL)
		h->config->hold_plan = prepare_hold();
	values[0] = CStringGetTextDatum(h->config->table);
	values[1] = h->row_json;
	values[2] = ObjectIdGetDatum(r->verdict);
	values[3] = r->origin != NULL ? PointerGetDatum(r->origin) : (nulls[3] = 'n', (Datum) 0);
	values[4] = r->rule_ids;
	values[5] = internal_sql_text(r->reasons, &nulls[5]);
	values[6] = internal_sql_text(r->ruleset_version, &nulls[6]);
	values[7] = internal_sql_text(r->key, &nulls[7]);
	values[8] = CStringGetTextDatum(r->by);
	values[9] = CStringGetTextDatum(r->operation);
	values[10] = internal_sql_text(r->jurisdiction, &nulls[10]);
	values[11] = h->old_json;
	nulls[11] = h->old_json == (Datum) 0 ? 'n' : ' ';
	if (SPI_execute_plan(h->config->hold_plan, values, nulls, false, 1) != SPI_OK_INSERT_RETURNING ||
		SPI_processed != 1)
		elog(ERROR, "could not hold the row in embargo.quarantine");
	h->id = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
}

/*
 * Hold a row: turn it into jsonb as the writer (a user-defined cast to json
 * runs with the writer's rights, never the owner's), then write it to the
 * quarantine as the owner.
 */
static Datum
row_as_jsonb(Relation rel, HeapTuple tuple)
{
	Oid			types[1] = {rel->rd_rel->reltype};
	Datum		args[1] = {heap_copy_tuple_as_datum(tuple, RelationGetDescr(rel))};
	bool		isnull;

	if (SPI_execute_with_args("SELECT pg_catalog.to_jsonb($1)", 1, types, args, NULL, true, 1) != SPI_OK_SELECT)
		elog(ERROR, "could not turn the row into jsonb");
	return SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
}

int64
quarantine_hold(EnforceConfig *c, Relation rel, HeapTuple tuple, const HoldRequest *r)
{
	Hold		h = {.config = c, .request = r};
	int			nestlevel = internal_sql_begin();

	h.row_json = row_as_jsonb(rel, tuple);
	if (r->old_tuple != NULL)
		h.old_json = row_as_jsonb(rel, r->old_tuple);
	records_as_owner(write_hold, &h);
	internal_sql_end(nestlevel);
	audit_note_held(c->table);
	return h.id;
}

/* ---- deciding ---------------------------------------------------------- */

static void
check_reviewer(bool releasing)
{
	if (!has_privs_of_role(GetUserId(), get_role_oid("embargo_reviewer", false)))
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 releasing ? errmsg("permission denied to release a quarantined row") :
				 errmsg("permission denied to reject a quarantined row"),
				 errdetail("Only roles with the privileges of role \"%s\" may decide on held rows.",
						   "embargo_reviewer")));
}

/* A held quarantine row being decided on, and the decision. */
typedef struct HeldRow
{
	int64		id;
	const char *status;			/* the new status */
	const char *reason;
	const char *by;				/* the reviewer */
	/* read from the quarantine */
	char	   *table;
	Datum		row;
	Datum		old_row;		/* a held UPDATE's old row, or 0 */
	char	   *operation;		/* NULL for rows held before 0.6 */
	AuditEntry	audit;			/* the decision's audit row */
} HeldRow;

/* The reviewer's arguments: a quarantine id, and a reason that says something. */
static void
read_decision(FunctionCallInfo fcinfo, HeldRow *h, bool releasing)
{
	const char *verb = releasing ? "release" : "reject";
	char	   *reason;

	if (PG_ARGISNULL(0))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("the id of the quarantined row to %s must not be null", verb)));
	if (PG_ARGISNULL(1))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("a reason is required to %s a quarantined row", verb),
				 errhint("Say why, e.g. embargo.%s(%lld, 'licence on file: ref. 2024-118').", verb,
						 (long long) PG_GETARG_INT64(0))));
	reason = TextDatumGetCString(PG_GETARG_DATUM(1));
	if (*text_trim(pstrdup(reason)) == '\0')
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the reason to %s a quarantined row must not be blank", verb),
				 errdetail("The reason is kept in the quarantine and the audit trail.")));
	h->id = PG_GETARG_INT64(0);
	h->reason = reason;
	h->status = releasing ? "released" : "rejected";
	h->by = GetUserNameFromId(GetUserId(), false);
}

static char *
column_text(int col)
{
	return SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, col);
}

static Datum
column_datum(int col, bool *isnull)
{
	return SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, col, isnull);
}

/*
 * Lock a held quarantine row; what it holds into h.  Errors if there is no
 * such row or it has been decided already.  Runs as the owner of the
 * quarantine: reviewers read it, but change it only through these functions.
 */
static void
lock_held_row(void *arg)
{
	HeldRow    *h = arg;
	Oid			types[1] = {INT8OID};
	Datum		args[1] = {Int64GetDatum(h->id)};
	bool		isnull;
	char	   *status;
	AuditEntry *a = &h->audit;

	if (SPI_execute_with_args(quarantine_is_current() ?
							  "SELECT source_table, status, row_data, operation, row_key, origin, "
							  "verdict, rule_ids, reasons, ruleset_version, jurisdiction, old_row_data "
							  "FROM " EXTENSION_SCHEMA ".quarantine "
							  "WHERE id OPERATOR(pg_catalog.=) $1 FOR UPDATE" :
							  "SELECT source_table, status, row_data, NULL::pg_catalog.text, row_key, origin, "
							  "verdict, rule_ids, reasons, ruleset_version, NULL::pg_catalog.text, NULL::pg_catalog.jsonb "
							  "FROM " EXTENSION_SCHEMA ".quarantine "
							  "WHERE id OPERATOR(pg_catalog.=) $1 FOR UPDATE",
							  1, types, args, NULL, false, 1) != SPI_OK_SELECT)
		elog(ERROR, "could not read the quarantine");
	if (SPI_processed == 0)
		ereport(ERROR,
				(errcode(ERRCODE_NO_DATA_FOUND),
				 errmsg("no quarantined row with id " INT64_FORMAT, h->id)));
	status = column_text(2);
	if (strcmp(status, "held") != 0)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("quarantined row " INT64_FORMAT " is already %s", h->id, status)));
	h->table = column_text(1);
	h->row = column_datum(3, &isnull);
	h->old_row = column_datum(12, &isnull);
	if (isnull)
		h->old_row = (Datum) 0;
	h->operation = column_text(4);
	a->table = h->table;
	a->operation = h->operation != NULL ? h->operation : "INSERT";
	a->outcome = h->status;
	a->key = column_text(5);
	a->origin = (const Origin *) DatumGetPointer(column_datum(6, &isnull));
	if (isnull)
		a->origin = NULL;
	a->verdict = DatumGetObjectId(column_datum(7, &isnull));
	a->rule_ids = column_datum(8, &isnull);
	a->reasons = column_text(9);
	a->ruleset_version = column_text(10);
	a->jurisdiction = column_text(11);
	if (a->jurisdiction == NULL)
		a->jurisdiction = "unknown";
	a->by = h->by;
	a->quarantine_id = h->id;
	a->decision_reason = h->reason;
}

static void
close_held_row(void *arg)
{
	HeldRow    *h = arg;
	Oid			types[4] = {INT8OID, TEXTOID, TEXTOID, TEXTOID};
	Datum		args[4] = {Int64GetDatum(h->id), CStringGetTextDatum(h->status),
		CStringGetTextDatum(h->reason), CStringGetTextDatum(h->by)};

	if (SPI_execute_with_args("UPDATE " EXTENSION_SCHEMA ".quarantine SET status = $2, "
							  "decided_by = $4, decided_at = pg_catalog.clock_timestamp(), "
							  "decision_reason = $3 WHERE id OPERATOR(pg_catalog.=) $1",
							  4, types, args, NULL, false, 0) != SPI_OK_UPDATE)
		elog(ERROR, "could not close the quarantined row");
}

/*
 * embargo.reject(id, reason): close a held row for good; it stays in the
 * quarantine as rejected, with who, when and why, and the audit says so.
 */
Datum
enforce_reject(PG_FUNCTION_ARGS)
{
	HeldRow		h = {0};
	int			nestlevel;

	read_decision(fcinfo, &h, false);
	check_reviewer(false);
	nestlevel = internal_sql_begin();
	records_as_owner(lock_held_row, &h);
	records_as_owner(close_held_row, &h);
	/* a database not updated to 0.6 has no place for it in the audit */
	if (quarantine_is_current())
		audit_append(&h.audit);
	internal_sql_end(nestlevel);
	audit_flush_now();
	PG_RETURN_VOID();
}

/* The columns a held row puts back: all but dropped and generated ones. */
static void
row_columns(TupleDesc desc, StringInfo cols, bool skip_identity_always)
{
	for (int i = 0; i < desc->natts; i++)
	{
		Form_pg_attribute att = TupleDescAttr(desc, i);

		if (att->attisdropped || att->attgenerated ||
			(skip_identity_always && att->attidentity == ATTRIBUTE_IDENTITY_ALWAYS))
			continue;
		appendStringInfo(cols, "%s%s", cols->len ? ", " : "", quote_identifier(NameStr(att->attname)));
	}
}

/* A held INSERT goes back as an insert, with the identity values it had. */
static char *
reinsert_statement(Relation rel, const char *table)
{
	StringInfoData cols;

	initStringInfo(&cols);
	row_columns(RelationGetDescr(rel), &cols, false);
	return psprintf("INSERT INTO %s (%s) OVERRIDING SYSTEM VALUE SELECT %s "
					"FROM pg_catalog.jsonb_populate_record(NULL::%s, $1)",
					table, cols.data, cols.data, table);
}

/* OPERATOR(schema.op), so that the caller's search_path cannot change it. */
static char *
qualified_operator(Oid opno)
{
	HeapTuple	tup = SearchSysCache1(OPEROID, ObjectIdGetDatum(opno));
	Form_pg_operator op;
	char	   *result;

	if (!HeapTupleIsValid(tup))
		elog(ERROR, "cache lookup failed for operator %u", opno);
	op = (Form_pg_operator) GETSTRUCT(tup);
	result = psprintf("OPERATOR(%s.%s)", quote_identifier(get_namespace_name(op->oprnamespace)),
					  NameStr(op->oprname));
	ReleaseSysCache(tup);
	return result;
}

/*
 * A held UPDATE goes back as an update of the row it was meant for: the
 * one with its old row's primary key ($2; the new row's, $1, for rows held
 * before 0.6), compared with the key's own equality operators.
 */
static char *
reupdate_statement(Relation rel, const char *table, int64 id, bool has_old)
{
	Oid			pk = relation_primary_key_index(rel);
	Relation	index;
	StringInfoData set;
	StringInfoData where;
	TupleDesc	desc = RelationGetDescr(rel);

	if (!OidIsValid(pk))
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("cannot release quarantined row " INT64_FORMAT ": it holds an UPDATE of table \"%s\", which has no primary key",
						id, table),
				 errdetail("Without a key, the row the update was meant for cannot be found."),
				 errhint("Reject the row and apply the change by hand.")));
	initStringInfo(&set);
	initStringInfo(&where);
	for (int i = 0; i < desc->natts; i++)
	{
		Form_pg_attribute att = TupleDescAttr(desc, i);
		const char *name = quote_identifier(NameStr(att->attname));

		if (att->attisdropped || att->attgenerated || att->attidentity == ATTRIBUTE_IDENTITY_ALWAYS)
			continue;
		appendStringInfo(&set, "%s%s = n.%s", set.len ? ", " : "", name, name);
	}
	index = index_open(pk, AccessShareLock);
	for (int k = 0; k < index->rd_index->indnkeyatts; k++)
	{
		AttrNumber	attnum = index->rd_index->indkey.values[k];
		const char *name = quote_identifier(NameStr(TupleDescAttr(desc, attnum - 1)->attname));
		Oid			eq = get_opfamily_member(index->rd_opfamily[k], index->rd_opcintype[k],
											 index->rd_opcintype[k], BTEqualStrategyNumber);

		appendStringInfo(&where, "%st.%s %s o.%s", where.len ? " AND " : "", name,
						 qualified_operator(eq), name);
	}
	index_close(index, AccessShareLock);
	return psprintf("UPDATE %s t SET %s FROM pg_catalog.jsonb_populate_record(NULL::%s, $1) n, "
					"pg_catalog.jsonb_populate_record(NULL::%s, $%d) o WHERE %s",
					table, set.data, table, table, has_old ? 2 : 1, where.data);
}

static void
put_back(HeldRow *h, Oid relid)
{
	Relation	rel = relation_open(relid, AccessShareLock);
	bool		update = h->operation != NULL && strcmp(h->operation, "UPDATE") == 0;
	bool		has_old = update && h->old_row != (Datum) 0;
	char	   *sql = update ? reupdate_statement(rel, h->table, h->id, has_old) :
		reinsert_statement(rel, h->table);
	Oid			types[2] = {JSONBOID, JSONBOID};
	Datum		args[2] = {h->row, h->old_row};
	int			rc;

	relation_close(rel, AccessShareLock);
	rc = SPI_execute_with_args(sql, has_old ? 2 : 1, types, args, NULL, false, 0);
	if (update && rc == SPI_OK_UPDATE && SPI_processed == 0)
		ereport(ERROR,
				(errcode(ERRCODE_NO_DATA_FOUND),
				 errmsg("cannot release quarantined row " INT64_FORMAT ": table \"%s\" has no row with its key",
						h->id, h->table),
				 errdetail("The row the held update was meant for has been deleted, or its key changed."),
				 errhint("Reject the row.")));
	/* the row must go back, once, through the override: else nothing changes */
	if (rc != (update ? SPI_OK_UPDATE : SPI_OK_INSERT) || SPI_processed != 1 || releasing_rows != 0)
		ereport(ERROR,
				(errcode(ERRCODE_TRIGGERED_ACTION_EXCEPTION),
				 errmsg("could not put quarantined row " INT64_FORMAT " back into table \"%s\"",
						h->id, h->table),
				 errdetail("The %s did not go through embargo.enforce() exactly once; the row stays held.",
						   update ? "update" : "insert"),
				 errhint("Check the triggers of the table.")));
}

/*
 * embargo.release(id, reason): put a held row back into its table.  The
 * reviewer's decision overrides the verdict for that one row, and is
 * audited; the quarantine row is closed as released.  The insert or update
 * runs as the reviewer, who needs the privilege for it on the table.
 */
Datum
enforce_release(PG_FUNCTION_ARGS)
{
	HeldRow		h = {0};
	Oid			relid;
	Oid			save_relid = releasing_relid;
	int			save_rows = releasing_rows;
	int64		save_id = releasing_id;
	const char *save_reason = releasing_reason;
	int			nestlevel;

	read_decision(fcinfo, &h, true);
	check_reviewer(true);
	nestlevel = internal_sql_begin();
	records_as_owner(lock_held_row, &h);
	relid = RangeVarGetRelid(makeRangeVarFromNameList(qualified_name_list(h.table)), NoLock, false);
	releasing_relid = relid;
	releasing_rows = 1;
	releasing_id = h.id;
	releasing_reason = h.reason;
	PG_TRY();
	{
		put_back(&h, relid);
	}
	PG_FINALLY();
	{
		releasing_rows = save_rows;
		releasing_relid = save_relid;
		releasing_id = save_id;
		releasing_reason = save_reason;
	}
	PG_END_TRY();
	records_as_owner(close_held_row, &h);
	internal_sql_end(nestlevel);
	audit_flush_now();
	PG_RETURN_VOID();
}
