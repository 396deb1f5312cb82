/*
 * internal_sql.c
 *		Running the extension's own SQL where a caller cannot capture it.
 *
 * Every statement the extension runs on a caller's behalf is written with
 * qualified names and OPERATOR(pg_catalog.x), and runs with search_path
 * pinned to PINNED_SEARCH_PATH for its duration (as a function's SET clause
 * would): an operator, function, type or collation that a caller puts in a
 * schema of its own, however early on its path, is never seen.  The objects
 * those statements name by catalogue lookup are checked to be members of
 * the extension, so that an object created in its schema by someone else
 * is refused rather than used.
 */
#include "postgres.h"

#include "catalog/dependency.h"
#include "catalog/namespace.h"
#include "catalog/pg_class.h"
#include "catalog/pg_type.h"
#include "access/htup_details.h"
#include "commands/extension.h"
#include "embargo.h"
#include "executor/spi.h"
#include "internal_sql.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/syscache.h"

int
internal_sql_begin(void)
{
	int			nestlevel;

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	/* undone by internal_sql_end(), or by the (sub)transaction's abort */
	nestlevel = NewGUCNestLevel();
	(void) set_config_option("search_path", PINNED_SEARCH_PATH, PGC_USERSET, PGC_S_SESSION,
							 GUC_ACTION_SAVE, true, 0, false);
	return nestlevel;
}

void
internal_sql_end(int nestlevel)
{
	AtEOXact_GUC(true, nestlevel);
	SPI_finish();
}

static InternalSqlRewrite rewriter = NULL;
static void *rewriter_arg = NULL;

void
internal_sql_set_rewrite(InternalSqlRewrite rewrite, void *arg)
{
	rewriter = rewrite;
	rewriter_arg = arg;
}

#define BATCH_ROWS 10000
#define MAX_COLUMNS 24

/* 100,000 rules or places load without the result or its garbage piling up. */
uint64
internal_sql_each_row(const char *sql, InternalRowFn fn, void *arg)
{
	SPIPlanPtr	plan = SPI_prepare(rewriter ? rewriter(sql, rewriter_arg) : sql, 0, NULL);
	MemoryContext scratch = AllocSetContextCreate(CurrentMemoryContext, "embargo rows",
												  ALLOCSET_DEFAULT_SIZES);
	Portal		portal;
	uint64		total = 0;
	Datum		values[MAX_COLUMNS];
	bool		nulls[MAX_COLUMNS];

	if (plan == NULL)
		elog(ERROR, "could not read the extension's tables (%s): %s", sql,
			 SPI_result_code_string(SPI_result));
	portal = SPI_cursor_open(NULL, plan, NULL, NULL, true);
	for (;;)
	{
		SPI_cursor_fetch(portal, true, BATCH_ROWS);
		if (SPI_processed == 0)
			break;
		if (SPI_tuptable->tupdesc->natts > MAX_COLUMNS)
			elog(ERROR, "query has more than %d columns: %s", MAX_COLUMNS, sql);
		for (uint64 i = 0; i < SPI_processed; i++)
		{
			MemoryContext caller = MemoryContextSwitchTo(scratch);

			heap_deform_tuple(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, values, nulls);
			fn(values, nulls, arg);
			MemoryContextSwitchTo(caller);
			MemoryContextReset(scratch);
		}
		total += SPI_processed;
		SPI_freetuptable(SPI_tuptable);
	}
	SPI_cursor_close(portal);
	SPI_freeplan(plan);
	MemoryContextDelete(scratch);
	return total;
}

void
internal_sql_as(Oid owner, void (*fn) (void *), void *arg)
{
	Oid			user;
	int			sec;

	GetUserIdAndSecContext(&user, &sec);
	SetUserIdAndSecContext(owner, sec | SECURITY_LOCAL_USERID_CHANGE | SECURITY_RESTRICTED_OPERATION);
	PG_TRY();
	{
		fn(arg);
	}
	PG_FINALLY();
	{
		SetUserIdAndSecContext(user, sec);
	}
	PG_END_TRY();
}

Datum
internal_sql_text(const char *s, char *null)
{
	*null = s == NULL ? 'n' : ' ';
	return s == NULL ? (Datum) 0 : CStringGetTextDatum(s);
}

static void
check_member(Oid classid, Oid objid, const char *kind, const char *name)
{
	Oid			ours = get_extension_oid(EXTENSION_SCHEMA, true);

	if (!OidIsValid(ours) || getExtensionOfObject(classid, objid) != ours)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("%s \"%s.%s\" is not part of extension \"%s\"",
						kind, EXTENSION_SCHEMA, name, EXTENSION_SCHEMA),
				 errdetail("The extension uses only its own objects."),
				 errhint("Drop the object, or reinstall the extension.")));
}

Oid
extension_relation(const char *name, bool missing_ok)
{
	Oid			relid = get_relname_relid(name, get_namespace_oid(EXTENSION_SCHEMA, false));

	if (!OidIsValid(relid))
	{
		if (!missing_ok)
			ereport(ERROR,
					(errcode(ERRCODE_UNDEFINED_TABLE),
					 errmsg("relation \"%s.%s\" does not exist", EXTENSION_SCHEMA, name),
					 errhint("Update the extension with ALTER EXTENSION %s UPDATE.",
							 EXTENSION_SCHEMA)));
		return InvalidOid;
	}
	check_member(RelationRelationId, relid, "relation", name);
	return relid;
}

Oid
extension_type(const char *name)
{
	Oid			typid = GetSysCacheOid2(TYPENAMENSP, Anum_pg_type_oid, CStringGetDatum(name),
										ObjectIdGetDatum(get_namespace_oid(EXTENSION_SCHEMA, false)));

	if (!OidIsValid(typid))
		elog(ERROR, "type %s.%s does not exist", EXTENSION_SCHEMA, name);
	check_member(TypeRelationId, typid, "type", name);
	return typid;
}
