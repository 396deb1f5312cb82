/*
 * history_rewrite.c
 *		The cache's loaders reading the knowledge tables as they were in a
 *		rule-set version: each table a loader's SQL names (embargo.x) becomes
 *		its rows now, less those made since the version (by primary key),
 *		plus those ended since (embargo.history_delta()), so that only what
 *		changed after the version is read from the history.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "access/relation.h"
#include "catalog/pg_index.h"
#include "compat.h"
#include "embargo.h"
#include "history.h"
#include "internal_sql.h"
#include "lib/stringinfo.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/syscache.h"

/* embargo.knowledge_tables(): the tables history keeps */
#define KNOWLEDGE_TABLES "place", "place_name", "authority", "control", "official_list", \
	"hostility", "rule", "rule_exception", "rule_override", "party_list", "party_list_edition", \
	"party_entry", "party_name", "party_address", "party_identifier", "party_program", \
	"ownership", "ownership_rule", "critical_list", "critical_mineral", "cahra_edition", "cahra_area", \
	"smelter", "smelter_status"

static const char *const knowledge_tables[] = {KNOWLEDGE_TABLES};

/* ---- reading the tables as they were --------------------------------------- */

static bool
is_identifier_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

/* Words that may follow a table in the loaders' FROM clauses and are not its alias. */
static bool
is_alias(const char *p)
{
	static const char *const keywords[] = {"order", "group", "where", "union", "join", "left", "right",
	"inner", "full", "cross", "on", "limit", "except", "intersect", "having", "window"};
	size_t		len = 0;

	while (*p == ' ' || *p == '\t' || *p == '\n')
		p++;
	while (is_identifier_char(p[len]))
		len++;
	if (len == 0 || (p[0] >= '0' && p[0] <= '9'))
		return false;
	for (int i = 0; i < lengthof(keywords); i++)
		if (strlen(keywords[i]) == len && strncmp(p, keywords[i], len) == 0)
			return false;
	return true;
}

/* The table's primary key columns, "k1, k2", each prefixed; NULL if it has none. */
static char *
primary_key(const char *table, const char *prefix)
{
	Oid			relid = extension_relation(table, false);
	Relation	rel = relation_open(relid, AccessShareLock);
	Oid			pk = relation_primary_key_index(rel);
	StringInfoData cols;
	HeapTuple	tup;

	relation_close(rel, AccessShareLock);
	if (!OidIsValid(pk))
		return NULL;
	tup = SearchSysCache1(INDEXRELID, ObjectIdGetDatum(pk));
	if (!HeapTupleIsValid(tup))
		elog(ERROR, "cache lookup failed for index %u", pk);
	initStringInfo(&cols);
	for (int i = 0; i < ((Form_pg_index) GETSTRUCT(tup))->indnkeyatts; i++)
		appendStringInfo(&cols, "%s%s.%s", i ? ", " : "", prefix,
						 quote_identifier(get_attname(relid, ((Form_pg_index) GETSTRUCT(tup))->indkey.values[i], false)));
	ReleaseSysCache(tup);
	return cols.data;
}

/*
 * The table as it was in version id: its rows now, less those made since
 * (by primary key: one row per key), plus those ended since; only what
 * changed after the version is read from the history.
 */
static void
append_table_then(StringInfo out, const char *table, const char *id, bool aliased)
{
	char	   *now_keys = primary_key(table, "t");
	char	   *delta = psprintf(EXTENSION_SCHEMA ".history_delta(NULL::" EXTENSION_SCHEMA ".%s, '%s', '%s'::pg_catalog.uuid",
							 table, table, id);

	if (now_keys != NULL)
		appendStringInfo(out, "(SELECT t.* FROM " EXTENSION_SCHEMA ".%s t WHERE (%s) NOT IN (SELECT %s FROM %s, true) d))",
						 table, now_keys, primary_key(table, "d"), delta);
	else
		appendStringInfo(out, "(SELECT * FROM " EXTENSION_SCHEMA ".%s EXCEPT ALL SELECT * FROM %s, true))",
						 table, delta);
	/* closing the parenthesis history_rewrite() opened */
	appendStringInfo(out, " UNION ALL SELECT * FROM %s, false))%s%s", delta, aliased ? "" : " AS ",
					 aliased ? "" : table);
}

char *
history_rewrite(const char *sql, void *arg)
{
	const HistoryVersion *v = arg;
	const char *prefix = EXTENSION_SCHEMA ".";
	size_t		plen = strlen(prefix);
	StringInfoData out;
	char	   *id = DatumGetCString(DirectFunctionCall1(uuid_out, UUIDPGetDatum(&v->id)));

	initStringInfo(&out);
	for (const char *p = sql; *p != '\0';)
	{
		const char *name = p + plen;
		size_t		len = 0;
		int			t = -1;

		if (strncmp(p, prefix, plen) == 0 && (p == sql || !is_identifier_char(p[-1])))
		{
			while (is_identifier_char(name[len]))
				len++;
			for (int i = 0; i < lengthof(knowledge_tables) && t < 0; i++)
				if (strlen(knowledge_tables[i]) == len && strncmp(name, knowledge_tables[i], len) == 0)
					t = i;
		}
		if (t < 0)
		{
			appendStringInfoChar(&out, *p++);
			continue;
		}
		appendStringInfoChar(&out, '(');
		append_table_then(&out, knowledge_tables[t], id, is_alias(name + len));
		p = name + len;
	}
	return out.data;
}

