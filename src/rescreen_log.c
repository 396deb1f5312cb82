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

char *
rescreen_rules_text(Datum rules)
{
	return DatumGetCString(OidFunctionCall1(F_ARRAY_OUT, rules));
}

/* $1 by, $2 table, $3 key, $4 quarantine id, $5 $6 verdicts, $7 $8 rules as text, $9 $10 versions */
SPIPlanPtr
rescreen_prepare_log(Rescreen *r)
{
	Oid			types[10] = {NAMEOID, TEXTOID, TEXTOID, INT8OID, r->verdict_type, r->verdict_type,
	TEXTOID, TEXTOID, TEXTOID, TEXTOID};
	SPIPlanPtr	plan = SPI_prepare("INSERT INTO " EXTENSION_SCHEMA ".rescreen_log (by, source_table, row_key, "
								   "quarantine_id, old_verdict, new_verdict, old_rule_ids, new_rule_ids, old_version, "
								   "new_version) VALUES ($1, $2, $3, $4, $5, $6, $7::pg_catalog.int4[], "
								   "$8::pg_catalog.int4[], $9, $10)", 10, types);

	if (plan == NULL)
		elog(ERROR, "could not prepare the log of changed decisions: %s", SPI_result_code_string(SPI_result));
	return plan;
}

static void
write_log(void *arg)
{
	LogEntry   *e = arg;
	Datum		values[10];
	char		nulls[10] = "          ";

	values[0] = DirectFunctionCall1(namein, CStringGetDatum(e->r->by));
	values[1] = CStringGetTextDatum(e->r->config->table);
	values[2] = internal_sql_text(e->key, &nulls[2]);
	values[3] = Int64GetDatum(e->quarantine_id);
	nulls[3] = e->quarantine_id ? ' ' : 'n';
	values[4] = ObjectIdGetDatum(e->old_verdict);
	nulls[4] = e->old_null ? 'n' : ' ';
	values[5] = ObjectIdGetDatum(e->now->verdict_oid);
	values[6] = internal_sql_text(e->old_rules_text, &nulls[6]);
	values[7] = CStringGetTextDatum(rescreen_rules_text(e->now->rule_ids));
	values[8] = internal_sql_text(e->r->old_version, &nulls[8]);
	values[9] = CStringGetTextDatum(e->r->version);
	if (SPI_execute_plan(e->r->log_plan, values, nulls, false, 0) != SPI_OK_INSERT)
		elog(ERROR, "could not log a changed decision");
}

/* A changed decision: logged, and audited with what it was. */
void
rescreen_record_change(LogEntry *e)
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
	records_as_owner(write_log, e);
	audit_append(&a);
	e->r->changed++;
}

