/*
 * rescreen_scope.c
 *		The rows rescreen() reads: embargo.rescreen_scope() says, per row
 *		version of the knowledge made or ended since a moment, which
 *		jurisdiction, territory, HS prefixes, shipment dates or parties it
 *		concerns; each becomes a condition on the trigger's columns, with
 *		the extension's operators, so that the table's indexes serve it.
 *		Conservative: a row that might be affected is read.
 */
#include "postgres.h"

#include "audit.h"
#include "catalog/pg_type.h"
#include "embargo.h"
#include "history.h"
#include "lib/stringinfo.h"
#include "party.h"
#include "rescreen_scope.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/timestamp.h"

const char *
rescreen_column(Rescreen *r, Slot s)
{
	return quote_identifier(NameStr(TupleDescAttr(RelationGetDescr(r->rel), r->config->att[s] - 1)->attname));
}

typedef struct StateQuery
{
	Oid			relid;
	char	   *version;		/* out */
} StateQuery;

static void
read_state(void *arg)
{
	StateQuery *q = arg;
	Oid			types[1] = {REGCLASSOID};
	Datum		values[1] = {ObjectIdGetDatum(q->relid)};

	if (SPI_execute_with_args("SELECT s.version FROM " EXTENSION_SCHEMA ".rescreen_state s "
							  "LEFT JOIN LATERAL (SELECT pg_catalog.min(r.since) AS since FROM " EXTENSION_SCHEMA
							  ".ruleset r WHERE r.version OPERATOR(pg_catalog.=) s.version) r ON true "
							  "WHERE s.tbl OPERATOR(pg_catalog.=) $1 ORDER BY r.since NULLS FIRST LIMIT 1",
							  1, types, values, NULL, true, 1) != SPI_OK_SELECT)
		elog(ERROR, "could not read the version of the table");
	q->version = SPI_processed == 1 ? SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1) : NULL;
}

/* Read as the records' owner: the caller needs UPDATE on the table, not rights on rescreen_state. */
char *
rescreen_starting_version(Rescreen *r, text *since)
{
	StateQuery	q = {.relid = RelationGetRelid(r->rel)};

	if (since != NULL)
		return text_to_cstring(since);
	records_as_owner(read_state, &q);
	return q.version;
}

typedef struct ScopeQuery
{
	const char *version;
	char	   *since;			/* out: when version became current, or NULL */
	SPITupleTable *scope;		/* out */
	uint64		nscope;
} ScopeQuery;

static void
read_scope(void *arg)
{
	ScopeQuery *q = arg;
	Oid			types[1] = {TEXTOID};
	Datum		values[1] = {CStringGetTextDatum(q->version)};

	if (SPI_execute_with_args("SELECT pg_catalog.min(r.since)::pg_catalog.text FROM " EXTENSION_SCHEMA ".ruleset r "
							  "WHERE r.version OPERATOR(pg_catalog.=) $1", 1, types, values, NULL, true, 1) != SPI_OK_SELECT)
		elog(ERROR, "could not read the rule-set versions");
	q->since = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1);
	if (q->since == NULL)
		return;
	types[0] = TIMESTAMPTZOID;
	values[0] = DirectFunctionCall3(timestamptz_in, CStringGetDatum(q->since), ObjectIdGetDatum(InvalidOid),
									Int32GetDatum(-1));
	if (SPI_execute_with_args("SELECT everything, jurisdiction, territory::pg_catalog.text, hs::pg_catalog.text[], "
							  "valid_from::pg_catalog.text, valid_until::pg_catalog.text, parties "
							  "FROM " EXTENSION_SCHEMA ".rescreen_scope($1)", 1, types, values, NULL, true, 0) != SPI_OK_SELECT)
		elog(ERROR, "could not read what changed");
	q->scope = SPI_tuptable;
	q->nscope = SPI_processed;
}

static char *
scope_value(ScopeQuery *q, uint64 i, int col)
{
	return SPI_getvalue(q->scope->vals[i], q->scope->tupdesc, col);
}

/* A jurisdiction as screening reads it: upper case, GB as UK. */
static char *
canonical_jurisdiction(const char *j)
{
	char	   *up = pstrdup(j);

	for (char *p = up; *p; p++)
		*p = pg_toupper((unsigned char) *p);
	return strcmp(up, "GB") == 0 ? pstrdup("UK") : up;
}

/* One changed row version's condition on the table's rows, or NULL if it affects none. */
static bool
append_condition(Rescreen *r, ScopeQuery *q, uint64 i, StringInfo where)
{
	EnforceConfig *c = r->config;
	char	   *jurisdiction = scope_value(q, i, 2);
	char	   *territory = scope_value(q, i, 3);
	bool		isnull;
	Datum		hs = SPI_getbinval(q->scope->vals[i], q->scope->tupdesc, 4, &isnull);
	char	   *from = scope_value(q, i, 5);
	char	   *until = scope_value(q, i, 6);
	bool		parties = strcmp(scope_value(q, i, 7), "t") == 0;
	StringInfoData cond;

	StringInfoData where_then;	/* the declared territory and date */

	if (parties && c->att[SLOT_PARTY] == 0)
		return false;			/* the table declares no parties */
	if (parties && party_other_lists == PARTY_OTHER_REVIEW)
		jurisdiction = NULL;	/* another jurisdiction's listing counts too (review) */
	jurisdiction = jurisdiction ? canonical_jurisdiction(jurisdiction) : NULL;
	if (jurisdiction != NULL && c->jurisdiction != NULL &&
		strcmp(jurisdiction, canonical_jurisdiction(text_to_cstring(c->jurisdiction))) != 0)
		return false;			/* another jurisdiction's */
	initStringInfo(&cond);
	appendStringInfoString(&cond, "true");
	/* a row names its jurisdiction in any case, and GB for UK, as screening reads it */
	if (jurisdiction != NULL && c->jurisdiction == NULL)
		appendStringInfo(&cond, " AND pg_catalog.upper(%s) OPERATOR(pg_catalog.=) ANY (%s)",
						 rescreen_column(r, SLOT_JURISDICTION),
						 strcmp(jurisdiction, "UK") == 0 ? "'{UK,GB}'::pg_catalog.text[]" :
						 psprintf("ARRAY[%s]", quote_literal_cstr(jurisdiction)));
	if (parties)
		appendStringInfo(&cond, " AND %s IS NOT NULL", rescreen_column(r, SLOT_PARTY));
	/*
	 * A declared territory within the one changed; with a place column also
	 * one around it (the place may lie inside), or none (a place alone may
	 * be anywhere).
	 */
	initStringInfo(&where_then);
	appendStringInfoString(&where_then, "true");
	if (territory != NULL && c->att[SLOT_TERRITORY] != 0 && c->att[SLOT_PLACE] == 0)
		appendStringInfo(&where_then, " AND %s OPERATOR(" EXTENSION_SCHEMA ".<@) %s::" EXTENSION_SCHEMA ".territory",
						 rescreen_column(r, SLOT_TERRITORY), quote_literal_cstr(territory));
	else if (territory != NULL && c->att[SLOT_TERRITORY] != 0)
		appendStringInfo(&where_then, " AND (%1$s IS NULL OR %1$s OPERATOR(" EXTENSION_SCHEMA ".<@) %2$s::"
						 EXTENSION_SCHEMA ".territory OR %1$s OPERATOR(" EXTENSION_SCHEMA ".@>) %2$s::"
						 EXTENSION_SCHEMA ".territory)", rescreen_column(r, SLOT_TERRITORY), quote_literal_cstr(territory));
	if (!isnull && ArrayGetNItems(ARR_NDIM(DatumGetArrayTypeP(hs)), ARR_DIMS(DatumGetArrayTypeP(hs))) > 0)
	{
		Datum	   *codes;
		int			n;

		deconstruct_array(DatumGetArrayTypeP(hs), TEXTOID, -1, false, TYPALIGN_INT, &codes, NULL, &n);
		/* a rule covers the goods declared under its prefixes, not coarser codes */
		appendStringInfoString(&cond, " AND (false");
		for (int k = 0; k < n; k++)
			appendStringInfo(&cond, " OR %s OPERATOR(" EXTENSION_SCHEMA ".<@) %s::" EXTENSION_SCHEMA ".hscode",
							 rescreen_column(r, SLOT_HS), quote_literal_cstr(TextDatumGetCString(codes[k])));
		appendStringInfoChar(&cond, ')');
	}
	if (from != NULL)
		appendStringInfo(&where_then, " AND %s OPERATOR(pg_catalog.>=) %s::pg_catalog.date",
						 rescreen_column(r, SLOT_DATE), quote_literal_cstr(from));
	if (until != NULL)
		appendStringInfo(&where_then, " AND %s OPERATOR(pg_catalog.<) %s::pg_catalog.date",
						 rescreen_column(r, SLOT_DATE), quote_literal_cstr(until));
	/* a place or control record changed: a hop of a chain may lie there, on its own date */
	if (isnull && jurisdiction == NULL && !parties && c->att[SLOT_CUSTODY] != 0)
		appendStringInfo(&cond, " AND ((%s) OR %s IS NOT NULL)", where_then.data, rescreen_column(r, SLOT_CUSTODY));
	else
		appendStringInfo(&cond, " AND %s", where_then.data);
	appendStringInfo(where, "%s(%s)", where->len ? " OR " : "", cond.data);
	return true;
}

const char *
rescreen_rows_to_read(Rescreen *r, bool full)
{
	ScopeQuery	q = {.version = r->old_version};
	StringInfoData where;

	if (full)
		return "true";
	if (r->old_version == NULL)
	{
		ereport(NOTICE,
				(errmsg("no rule-set version is known for table \"%s\": all its rows are screened again",
						r->config->table)));
		return "true";
	}
	history_as_owner(read_scope, &q);
	if (q.since == NULL)
	{
		ereport(NOTICE,
				(errmsg("rule-set version \"%s\" is not known: all rows of table \"%s\" are screened again",
						r->old_version, r->config->table),
				 errhint("embargo.ruleset lists the versions.")));
		r->old_version = NULL;
		return "true";
	}
	initStringInfo(&where);
	for (uint64 i = 0; i < q.nscope; i++)
	{
		if (strcmp(scope_value(&q, i, 1), "t") == 0)
			return "true";
		append_condition(r, &q, i, &where);
	}
	return where.len ? where.data : "false";
}

