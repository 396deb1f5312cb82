/*
 * rescreen_log.c
 *		A decision rescreen() changed, recorded: a row of the change log
 *		(written as the extension's owner) and an audit row, buffered and
 *		written with the audit trail's batches.
 */
#include "postgres.h"

#include "audit.h"
#include "catalog/pg_type.h"
#include "embargo.h"
#include "executor/spi.h"
#include "internal_sql.h"
#include "rescreen_log.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/lsyscache.h"

char *
rescreen_rules_text(Datum rules)
{
	return DatumGetCString(OidFunctionCall1(F_ARRAY_OUT, rules));
}

/*
 * $1 by, $2 table, $3 keys, $4 quarantine ids, $5 $6 old and new verdicts,
 * $7 $8 old and new rules as text, $9 $10 old and new versions: a batch's
 * changed decisions in one statement.
 */
SPIPlanPtr
rescreen_prepare_log(Rescreen *r)
{
	Oid			verdicts = r->verdict_array_type;
	Oid			types[10] = {NAMEOID, TEXTOID, TEXTARRAYOID, INT8ARRAYOID, verdicts, verdicts,
	TEXTARRAYOID, TEXTARRAYOID, TEXTOID, TEXTOID};
	SPIPlanPtr	plan = SPI_prepare("INSERT INTO " EXTENSION_SCHEMA ".rescreen_log (by, source_table, row_key, "
								   "quarantine_id, old_verdict, new_verdict, old_rule_ids, new_rule_ids, old_version, "
								   "new_version) SELECT $1, $2, u.k, u.q, u.ov, u.nv, u.orr::pg_catalog.int4[], "
								   "u.nr::pg_catalog.int4[], $9, $10 FROM ROWS FROM (pg_catalog.unnest($3), "
								   "pg_catalog.unnest($4), pg_catalog.unnest($5), pg_catalog.unnest($6), "
								   "pg_catalog.unnest($7), pg_catalog.unnest($8)) AS u(k, q, ov, nv, orr, nr)",
								   10, types);

	if (plan == NULL)
		elog(ERROR, "could not prepare the log of changed decisions: %s", SPI_result_code_string(SPI_result));
	return plan;
}

typedef struct LogBatch
{
	Rescreen   *r;
	Datum		values[10];
} LogBatch;

static void
write_log(void *arg)
{
	LogBatch   *b = arg;
	char		nulls[10] = "          ";

	nulls[8] = b->values[8] == (Datum) 0 ? 'n' : ' ';
	if (SPI_execute_plan(b->r->log_plan, b->values, nulls, false, 0) != SPI_OK_INSERT)
		elog(ERROR, "could not log the changed decisions");
}

static void
audit_change(const LogEntry *e)
{
	StringInfoData reasons;
	AuditEntry	a = {
		.table = e->r->config->table,
		.operation = "RESCREEN",
		.outcome = "rescreened",
		.key = e->key,
		.origin = e->now->origin,
		.jurisdiction = e->now->jurisdiction,
		.verdict = e->now->verdict_oid,
		.rule_ids = e->now->rule_ids,
		.ruleset_version = e->r->version,
		.by = e->r->by,
		.quarantine_id = e->quarantine_id,
	};

	initStringInfo(&reasons);
	appendStringInfo(&reasons, "was %s under %s%s%s",
					 e->old_null ? "unscreened" : DatumGetCString(DirectFunctionCall1(enum_out, ObjectIdGetDatum(e->old_verdict))),
					 e->r->old_version ? e->r->old_version : "an unknown version",
					 e->now->reasons ? "; " : "", e->now->reasons ? e->now->reasons : "");
	a.reasons = reasons.data;
	audit_append(&a);
}

Datum
rescreen_array(Datum *values, bool *nulls, int n, Oid elemtype)
{
	int16		len;
	bool		byval;
	char		align;
	int			lbound = 1;

	get_typlenbyvalalign(elemtype, &len, &byval, &align);
	return PointerGetDatum(construct_md_array(values, nulls, 1, &n, &lbound, elemtype, len, byval, align));
}

void
rescreen_record_changes(LogEntry *entries, int n)
{
	Rescreen   *r;
	LogBatch	b;
	Datum	   *cols[6];
	bool	   *nulls[6];
	MemoryContext caller = CurrentMemoryContext;

	if (n == 0)
		return;
	r = entries[0].r;
	for (int k = 0; k < 6; k++)
	{
		cols[k] = palloc(sizeof(Datum) * n);
		nulls[k] = palloc0(sizeof(bool) * n);
	}
	for (int i = 0; i < n; i++)
	{
		LogEntry   *e = &entries[i];

		cols[0][i] = e->key ? CStringGetTextDatum(e->key) : (Datum) 0;
		nulls[0][i] = e->key == NULL;
		cols[1][i] = Int64GetDatum(e->quarantine_id);
		nulls[1][i] = e->quarantine_id == 0;
		cols[2][i] = ObjectIdGetDatum(e->old_verdict);
		nulls[2][i] = e->old_null;
		cols[3][i] = ObjectIdGetDatum(e->now->verdict_oid);
		cols[4][i] = e->old_rules_text ? CStringGetTextDatum(e->old_rules_text) : (Datum) 0;
		nulls[4][i] = e->old_rules_text == NULL;
		cols[5][i] = CStringGetTextDatum(rescreen_rules_text(e->now->rule_ids));
		audit_change(e);
	}
	b.r = r;
	b.values[0] = DirectFunctionCall1(namein, CStringGetDatum(r->by));
	b.values[1] = CStringGetTextDatum(r->config->table);
	b.values[2] = rescreen_array(cols[0], nulls[0], n, TEXTOID);
	b.values[3] = rescreen_array(cols[1], nulls[1], n, INT8OID);
	b.values[4] = rescreen_array(cols[2], nulls[2], n, r->verdict_type);
	b.values[5] = rescreen_array(cols[3], nulls[3], n, r->verdict_type);
	b.values[6] = rescreen_array(cols[4], nulls[4], n, TEXTOID);
	b.values[7] = rescreen_array(cols[5], nulls[5], n, TEXTOID);
	b.values[8] = r->old_version ? CStringGetTextDatum(r->old_version) : (Datum) 0;
	b.values[9] = CStringGetTextDatum(r->version);
	records_as_owner(write_log, &b);
	MemoryContextSwitchTo(caller);	/* SPI returns in its own */
	r->changed += n;
}
