/*
 * enforce.c
 *		embargo.enforce(): a BEFORE INSERT OR UPDATE ... FOR EACH ROW trigger
 *		that tags and screens each row as it is written, and blocks, flags
 *		or quarantines it; embargo.release() puts a held row back.
 *
 * Trigger arguments are key=value pairs naming the table's columns and the
 * mode (see README).  They are resolved against the table once per trigger
 * and kept until the table's relcache entry is invalidated (any ALTER), not
 * per row.  Audit and quarantine rows are written through saved SPI plans
 * as the owner of those tables, so that writers of import tables need no
 * rights on them.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "access/relation.h"
#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/partition.h"
#include "catalog/pg_type.h"
#include "compat.h"
#include "embargo.h"
#include "commands/trigger.h"
#include "enforce.h"
#include "executor/spi.h"
#include "gazetteer.h"
#include "internal_sql.h"
#include "miscadmin.h"
#include "place.h"
#include "rules.h"
#include "tagging.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/datum.h"
#include "utils/hsearch.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/syscache.h"

PG_FUNCTION_INFO_V1(enforce);
PG_FUNCTION_INFO_V1(enforce_release);
PG_FUNCTION_INFO_V1(enforce_reject);

typedef enum EnforceMode
{
	MODE_PROHIBIT,
	MODE_FLAG,
	MODE_QUARANTINE
} EnforceMode;

/* Input and output columns, by their trigger argument keys. */
typedef enum Slot
{
	SLOT_TERRITORY,
	SLOT_PLACE,
	SLOT_HS,
	SLOT_DATE,
	SLOT_JURISDICTION,
	SLOT_EVIDENCE,
	SLOT_CUSTODY,
	SLOT_KEY,
	SLOT_OUT_VERDICT,
	SLOT_OUT_ORIGIN,
	SLOT_OUT_RULES,
	NSLOTS
} Slot;

static const char *const slot_keys[NSLOTS] = {
	"territory", "place", "hs", "date", "jurisdiction", "evidence", "custody", "key",
	"verdict", "origin", "rules"
};

typedef struct EnforceConfig
{
	Oid			trigger;		/* hash key */
	Oid			relid;
	Oid			root_relid;		/* the partitioned table a partition belongs to, or relid */
	bool		valid;
	EnforceMode mode;
	Verdict		threshold;
	AttrNumber	att[NSLOTS];	/* 0: not given */
	bool		place_is_text;
	char	   *jurisdiction;	/* a fixed jurisdiction, or NULL: from a column */
	char	   *table;			/* qualified name, for messages and the quarantine */
	SPIPlanPtr	hold_plan;		/* INSERT INTO quarantine, with this table's row type */
} EnforceConfig;

#define IMPORTER_ROLE "embargo_importer"

static HTAB *configs = NULL;
static SPIPlanPtr audit_plan = NULL;
static Oid	audit_relid = InvalidOid;
static Oid	records_owner = InvalidOid;
static bool records_stale = false;	/* audit altered or recreated: look again */

/* set by embargo.release() for the one row it puts back */
static Oid	releasing_relid = InvalidOid;
static int	releasing_rows = 0;

static void
config_invalidate(Datum arg, Oid relid)
{
	HASH_SEQ_STATUS seq;
	EnforceConfig *c;

	if (relid == InvalidOid || relid == audit_relid)
		records_stale = true;
	if (configs == NULL)
		return;
	hash_seq_init(&seq, configs);
	while ((c = hash_seq_search(&seq)) != NULL)
		if (relid == InvalidOid || c->relid == relid)
			c->valid = false;
}

static void
roles_changed(Datum arg, int cacheid, uint32 hashvalue)
{
	config_invalidate(arg, InvalidOid);
}

/*
 * The quarantine and audit are shared by every importer: only tables whose
 * owner is a member of the importer role (or a superuser) may write there.
 * Without the role (an extension not updated yet) only superusers' may.
 */
static void
check_importer(Relation rel)
{
	Oid			owner = rel->rd_rel->relowner;
	Oid			importer = get_role_oid(IMPORTER_ROLE, true);
	char	   *owner_name;

	if (superuser_arg(owner) || (OidIsValid(importer) && is_member_of_role(owner, importer)))
		return;
	owner_name = GetUserNameFromId(owner, false);
	ereport(ERROR,
			(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
			 errmsg("table \"%s\" may not use embargo.enforce()", RelationGetRelationName(rel)),
			 errdetail("Its owner, role \"%s\", is not a member of role \"%s\": only importers' tables may write to the shared quarantine and audit trail.",
					   owner_name, IMPORTER_ROLE),
			 OidIsValid(importer) ?
			 errhint("An administrator can allow it with GRANT %s TO %s.", IMPORTER_ROLE,
					 quote_identifier(owner_name)) :
			 errhint("Update the extension with ALTER EXTENSION %s UPDATE.", EXTENSION_SCHEMA)));
}

static void
bad_argument(Relation rel, const char *arg, const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid argument \"%s\" of trigger embargo.enforce() on table \"%s\"",
					arg, RelationGetRelationName(rel)),
			 errdetail_internal("%s", detail),
			 errhint("Arguments are mode=prohibit|flag|quarantine, jurisdiction=CODE or "
					 "jurisdiction=column, territory=, place=, hs=, date=, evidence=, key=, "
					 "verdict=, origin=, rules= (columns), threshold=review|licence|prohibit.")));
}

/* Check that a named column exists and has one of the expected types. */
static AttrNumber
resolve_column(Relation rel, const char *key, const char *column, Oid type1, Oid type2)
{
	TupleDesc	desc = RelationGetDescr(rel);
	int			attnum = SPI_fnumber(desc, column);
	Oid			type;

	if (attnum <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_COLUMN),
				 errmsg("column \"%s\" named by argument \"%s\" of trigger embargo.enforce() does not exist in table \"%s\"",
						column, key, RelationGetRelationName(rel))));
	type = TupleDescAttr(desc, attnum - 1)->atttypid;
	if (type1 != InvalidOid && type != type1 && type != type2)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("column \"%s\" of table \"%s\" has type %s, but argument \"%s\" of trigger embargo.enforce() needs %s",
						column, RelationGetRelationName(rel), format_type_be(type), key,
						type2 != InvalidOid ? psprintf("%s or %s", format_type_be(type1),
													  format_type_be(type2)) :
						format_type_be(type1))));
	return attnum;
}

static void
set_slot(EnforceConfig *c, Relation rel, Slot s, const char *column)
{
	Oid			t1 = InvalidOid;
	Oid			t2 = InvalidOid;

	switch (s)
	{
		case SLOT_TERRITORY:
			t1 = extension_type("territory");
			break;
		case SLOT_PLACE:
			t1 = TEXTOID, t2 = INT4OID;
			break;
		case SLOT_HS:
			t1 = extension_type("hscode");
			break;
		case SLOT_DATE:
			t1 = DATEOID;
			break;
		case SLOT_JURISDICTION:
			t1 = TEXTOID, t2 = VARCHAROID;
			break;
		case SLOT_EVIDENCE:
			t1 = TEXTARRAYOID;
			break;
		case SLOT_CUSTODY:
			t1 = extension_type("custody");
			break;
		case SLOT_KEY:
			break;
		case SLOT_OUT_VERDICT:
			t1 = extension_type("verdict");
			break;
		case SLOT_OUT_ORIGIN:
			t1 = extension_type("origin");
			break;
		case SLOT_OUT_RULES:
			t1 = INT4ARRAYOID;
			break;
		case NSLOTS:
			break;
	}
	c->att[s] = resolve_column(rel, slot_keys[s], column, t1, t2);
	if (s == SLOT_PLACE)
		c->place_is_text = TupleDescAttr(RelationGetDescr(rel), c->att[s] - 1)->atttypid == TEXTOID;
}

static void
parse_argument(EnforceConfig *c, Relation rel, const char *arg, bool *has_mode)
{
	const char *eq = strchr(arg, '=');
	char	   *key;
	const char *value;

	if (eq == NULL || eq == arg || eq[1] == '\0')
		bad_argument(rel, arg, "Each argument has the form key=value.");
	key = pnstrdup(arg, eq - arg);
	value = eq + 1;
	if (strcmp(key, "mode") == 0)
	{
		*has_mode = true;
		if (strcmp(value, "prohibit") == 0)
			c->mode = MODE_PROHIBIT;
		else if (strcmp(value, "flag") == 0)
			c->mode = MODE_FLAG;
		else if (strcmp(value, "quarantine") == 0)
			c->mode = MODE_QUARANTINE;
		else
			bad_argument(rel, arg, "The mode is prohibit, flag or quarantine.");
		return;
	}
	if (strcmp(key, "threshold") == 0)
	{
		if (strcmp(value, "review") == 0)
			c->threshold = VERDICT_REVIEW;
		else if (strcmp(value, "licence") == 0)
			c->threshold = VERDICT_LICENCE;
		else if (strcmp(value, "prohibit") == 0)
			c->threshold = VERDICT_PROHIBIT;
		else
			bad_argument(rel, arg, "The threshold is review, licence or prohibit.");
		return;
	}
	for (int s = 0; s < NSLOTS; s++)
		if (strcmp(key, slot_keys[s]) == 0)
		{
			/* an upper-case code is a fixed jurisdiction, anything else a column */
			if (s == SLOT_JURISDICTION && SPI_fnumber(RelationGetDescr(rel), value) <= 0 &&
				strspn(value, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") == strlen(value))
				c->jurisdiction = MemoryContextStrdup(CacheMemoryContext, value);
			else
				set_slot(c, rel, s, value);
			return;
		}
	bad_argument(rel, arg, "Unknown key.");
}

static void
check_config(EnforceConfig *c, Relation rel, bool has_mode)
{
	if (!has_mode)
		bad_argument(rel, "mode", "A mode=prohibit|flag|quarantine argument is required.");
	if (c->att[SLOT_TERRITORY] == 0 && c->att[SLOT_PLACE] == 0)
		bad_argument(rel, "territory", "Name a territory column, a place column, or both.");
	if (c->att[SLOT_HS] == 0 || c->att[SLOT_DATE] == 0)
		bad_argument(rel, "hs", "Name the HS code column (hs=) and the shipment date column (date=).");
	if (c->jurisdiction == NULL && c->att[SLOT_JURISDICTION] == 0)
		bad_argument(rel, "jurisdiction", "Give a jurisdiction code or column (jurisdiction=).");
}

/* The statement that holds a row: prepared for this table's row type. */
static SPIPlanPtr
prepare_hold(Relation rel)
{
	Oid			types[9] = {TEXTOID, JSONBOID, extension_type("verdict"),
		extension_type("origin"), INT4ARRAYOID, TEXTOID, TEXTOID, TEXTOID, TEXTOID};
	SPIPlanPtr	plan = SPI_prepare("INSERT INTO " EXTENSION_SCHEMA ".quarantine "
								   "(source_table, row_data, verdict, origin, rule_ids, reasons, "
								   "ruleset_version, row_key, held_by) "
								   "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)", 9, types);

	if (plan == NULL || SPI_keepplan(plan) != 0)
		elog(ERROR, "could not prepare the quarantine insert: %s",
			 SPI_result_code_string(SPI_result));
	return plan;
}

/* This trigger's configuration, parsed at its first row after any ALTER. */
static EnforceConfig *
get_config(TriggerData *td)
{
	Trigger    *trigger = td->tg_trigger;
	Relation	rel = td->tg_relation;
	EnforceConfig *c;
	bool		found;
	bool		has_mode = false;

	if (configs == NULL)
	{
		HASHCTL		ctl = {.keysize = sizeof(Oid), .entrysize = sizeof(EnforceConfig),
		.hcxt = CacheMemoryContext};

		configs = hash_create("embargo enforce", 16, &ctl, HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
		CacheRegisterRelcacheCallback(config_invalidate, (Datum) 0);
		/* a GRANT or REVOKE of the importer role, or a role's superuser bit */
		CacheRegisterSyscacheCallback(AUTHMEMROLEMEM, roles_changed, (Datum) 0);
		CacheRegisterSyscacheCallback(AUTHOID, roles_changed, (Datum) 0);
	}
	c = hash_search(configs, &trigger->tgoid, HASH_ENTER, &found);
	if (found && c->valid)
		return c;
	if (found && c->hold_plan != NULL)
		SPI_freeplan(c->hold_plan);
	if (found && c->jurisdiction != NULL)
		pfree(c->jurisdiction);
	if (found && c->table != NULL)
		pfree(c->table);
	memset((char *) c + sizeof(Oid), 0, sizeof(EnforceConfig) - sizeof(Oid));
	c->relid = RelationGetRelid(rel);
	c->threshold = VERDICT_PROHIBIT;
	for (int i = 0; i < trigger->tgnargs; i++)
		parse_argument(c, rel, trigger->tgargs[i], &has_mode);
	check_config(c, rel, has_mode);
	check_importer(rel);
	/* rows are held and released through the table written to, not a partition */
	c->root_relid = c->relid;
	if (rel->rd_rel->relispartition)
		c->root_relid = llast_oid(get_partition_ancestors(c->relid));
	c->table = MemoryContextStrdup(CacheMemoryContext,
								   quote_qualified_identifier(get_namespace_name(get_rel_namespace(c->root_relid)),
															  get_rel_name(c->root_relid)));
	c->valid = true;
	return c;
}

/* ---- one row ----------------------------------------------------------- */

typedef struct Decision
{
	Origin	   *origin;
	Verdict		verdict;
	List	   *matches;		/* RsMatch *, only for non-allow verdicts */
	RsQuery		query;
	const RuleSet *rules;
	text	   *jurisdiction;
} Decision;

static Datum
column(HeapTuple tuple, Relation rel, AttrNumber att, bool *isnull)
{
	*isnull = true;
	return att == 0 ? (Datum) 0 : heap_getattr(tuple, att, RelationGetDescr(rel), isnull);
}

static void
missing_input(EnforceConfig *c, const char *what)
{
	ereport(ERROR,
			(errcode(ERRCODE_NOT_NULL_VIOLATION),
			 errmsg("cannot screen a row of table \"%s\": its %s is missing", c->table, what),
			 errdetail("Trigger embargo.enforce() needs every input of a row to decide on it.")));
}

/* Tag the row's origin and screen it; no SPI unless a rule applies. */
static void
decide(FunctionCallInfo fcinfo, EnforceConfig *c, Relation rel, HeapTuple tuple, Decision *d)
{
	bool		null_t,
				null_p,
				isnull;
	Datum		territory = column(tuple, rel, c->att[SLOT_TERRITORY], &null_t);
	Datum		place = column(tuple, rel, c->att[SLOT_PLACE], &null_p);
	Datum		hs = column(tuple, rel, c->att[SLOT_HS], &isnull);
	const Gazetteer *g = gazetteer_get(fcinfo);
	int32		place_id = 0;
	Datum		day;
	Datum		evidence;
	Datum		chain;

	if (isnull)
		missing_input(c, "HS code");
	day = column(tuple, rel, c->att[SLOT_DATE], &isnull);
	if (isnull)
		missing_input(c, "shipment date");
	if (null_t && null_p)
		missing_input(c, "territory or place");
	if (c->jurisdiction != NULL)
		d->jurisdiction = cstring_to_text(c->jurisdiction);
	else
	{
		Datum		j = column(tuple, rel, c->att[SLOT_JURISDICTION], &isnull);

		if (isnull)
			missing_input(c, "jurisdiction");
		d->jurisdiction = DatumGetTextPP(j);
	}
	evidence = column(tuple, rel, c->att[SLOT_EVIDENCE], &isnull);
	if (isnull)
		evidence = PointerGetDatum(empty_array(TEXTOID));
	if (!null_p)
		place_id = c->place_is_text ?
			place_resolve(g, DatumGetTextPP(place), !null_t, DatumGetTerritory(territory)) :
			DatumGetInt32(place);
	d->origin = origin_tag(g, !null_t, null_t ? 0 : DatumGetTerritory(territory), place_id,
						   DatumGetDateADT(day));
	d->rules = gazetteer_rules(fcinfo);
	d->query = (RsQuery) {d->origin, DatumGetHsCode(hs), DatumGetDateADT(day), 0, evidence, NULL};
	/* a row without a chain is screened on its declared origin alone */
	chain = column(tuple, rel, c->att[SLOT_CUSTODY], &isnull);
	d->query.custody_datum = isnull ? (Datum) 0 : chain;
	d->query.fcinfo = fcinfo;
	d->query.gazetteer = g;
	d->query.jurisdiction = ruleset_jurisdiction(d->rules, d->jurisdiction);
	if (d->query.jurisdiction < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("no rules for jurisdiction \"%s\"", text_to_cstring(d->jurisdiction)),
				 errcontext("screening a row of \"%s\"", c->table)));
	d->verdict = ruleset_screen(d->rules, &d->query);
	d->matches = d->verdict > VERDICT_ALLOW ? ruleset_matches(d->rules, &d->query) : NIL;
}

/* The ids of the rules that stand, and one line per rule for messages. */
static void
summarise(const Decision *d, Datum *ids, StringInfo reasons)
{
	ListCell   *lc;
	Datum	   *elems = palloc(sizeof(Datum) * (list_length(d->matches) + 1));
	int			n = 0;

	foreach(lc, d->matches)
	{
		const RsMatch *m = lfirst(lc);

		if (m->lifted_by != NULL)
			continue;
		elems[n++] = Int32GetDatum(m->rule->id);
		appendStringInfo(reasons, "%srule %d (%s%s", reasons->len ? "; " : "",
						 m->rule->id, verdict_name(m->action),
						 m->capped ? ", contested origin" : "");
		if (m->hop >= 0)
		{
			appendStringInfo(reasons, ", hop %d ", m->hop + 1);
			custody_format_hop(reasons, &d->query.custody->hops[m->hop]);
		}
		appendStringInfo(reasons, "): %s%s%s [%s]",
						 m->rule->instrument, m->rule->article ? ", " : "",
						 m->rule->article ? m->rule->article : "", m->rule->citation);
	}
	*ids = PointerGetDatum(construct_array(elems, n, INT4OID, 4, true, TYPALIGN_INT));
}

/* Run an SPI statement as the owner of the audit and quarantine tables. */
static void
as_records_owner(void (*fn) (void *), void *arg)
{
	Oid			user;
	int			sec;

	if (records_stale)
	{
		if (audit_plan != NULL)
			SPI_freeplan(audit_plan);
		audit_plan = NULL;
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
	}
	GetUserIdAndSecContext(&user, &sec);
	/* nothing a writer controls may run here: restricted, as in maintenance commands */
	SetUserIdAndSecContext(records_owner,
						   sec | SECURITY_LOCAL_USERID_CHANGE | SECURITY_RESTRICTED_OPERATION);
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

typedef struct Record
{
	EnforceConfig *config;
	Relation	rel;
	HeapTuple	tuple;
	Decision   *decision;
	const char *operation;
	const char *outcome;
	Datum		rule_ids;
	const char *reasons;
	char	   *key;
	const char *by;				/* the user on whose behalf: not the records' owner */
	Datum		row_json;		/* the row as jsonb, made as that user */
} Record;

static Datum
text_or_null(const char *s, char *null)
{
	*null = s == NULL ? 'n' : ' ';
	return s == NULL ? (Datum) 0 : CStringGetTextDatum(s);
}

static void
write_audit(void *arg)
{
	Record	   *r = arg;
	Decision   *d = r->decision;
	Datum		values[11];
	char		nulls[11] = "           ";

	if (audit_plan == NULL)
	{
		/* the types are looked up once, when the statement is prepared */
		Oid			types[11] = {TEXTOID, TEXTOID, TEXTOID, TEXTOID, extension_type("origin"), TEXTOID,
			extension_type("verdict"), INT4ARRAYOID, TEXTOID, TEXTOID, TEXTOID};
		SPIPlanPtr	p = SPI_prepare("INSERT INTO " EXTENSION_SCHEMA ".audit "
									"(source_table, operation, outcome, row_key, origin, jurisdiction, "
									"verdict, rule_ids, reasons, ruleset_version, by) "
									"VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)", 11, types);

		if (p == NULL || SPI_keepplan(p) != 0)
			elog(ERROR, "could not prepare the audit insert");
		audit_plan = p;
	}
	values[0] = CStringGetTextDatum(r->config->table);
	values[1] = CStringGetTextDatum(r->operation);
	values[2] = CStringGetTextDatum(r->outcome);
	values[3] = text_or_null(r->key, &nulls[3]);
	values[4] = d->origin != NULL ? PointerGetDatum(d->origin) : (nulls[4] = 'n', (Datum) 0);
	values[5] = PointerGetDatum(d->jurisdiction);
	values[6] = ObjectIdGetDatum(d->rules->verdict_oids[d->verdict]);
	values[7] = r->rule_ids;
	values[8] = text_or_null(r->reasons, &nulls[8]);
	values[9] = text_or_null(d->rules->version[0] ? d->rules->version : NULL, &nulls[9]);
	values[10] = CStringGetTextDatum(r->by);
	if (SPI_execute_plan(audit_plan, values, nulls, false, 0) != SPI_OK_INSERT)
		elog(ERROR, "could not write the audit row");
}

static void
write_hold(void *arg)
{
	Record	   *r = arg;
	Decision   *d = r->decision;
	Datum		values[9];
	char		nulls[9] = "         ";

	if (r->config->hold_plan == NULL)
		r->config->hold_plan = prepare_hold(r->rel);
	values[0] = CStringGetTextDatum(r->config->table);
	values[1] = r->row_json;
	values[2] = ObjectIdGetDatum(d->rules->verdict_oids[d->verdict]);
	values[3] = PointerGetDatum(d->origin);
	values[4] = r->rule_ids;
	values[5] = text_or_null(r->reasons, &nulls[5]);
	values[6] = text_or_null(d->rules->version[0] ? d->rules->version : NULL, &nulls[6]);
	values[7] = text_or_null(r->key, &nulls[7]);
	values[8] = CStringGetTextDatum(r->by);
	if (SPI_execute_plan(r->config->hold_plan, values, nulls, false, 0) != SPI_OK_INSERT)
		elog(ERROR, "could not hold the row in embargo.quarantine");
}

static void
record(Record *r, void (*writer) (void *))
{
	int			nestlevel;

	nestlevel = internal_sql_begin();
	as_records_owner(writer, r);
	internal_sql_end(nestlevel);
}

/*
 * Hold a row: turn it into jsonb as the writer (a user-defined cast to json
 * runs with the writer's rights, never the owner's), then write it to the
 * quarantine as the owner.
 */
static void
record_hold(Record *r)
{
	Oid			types[1] = {r->rel->rd_rel->reltype};
	Datum		args[1] = {heap_copy_tuple_as_datum(r->tuple, RelationGetDescr(r->rel))};
	bool		isnull;
	int			nestlevel;

	nestlevel = internal_sql_begin();
	if (SPI_execute_with_args("SELECT pg_catalog.to_jsonb($1)", 1, types, args, NULL, true, 1) != SPI_OK_SELECT)
		elog(ERROR, "could not turn the row into jsonb");
	r->row_json = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
	as_records_owner(write_hold, r);
	internal_sql_end(nestlevel);
}

static char *
row_key(EnforceConfig *c, Relation rel, HeapTuple tuple)
{
	if (c->att[SLOT_KEY] == 0)
		return NULL;
	return SPI_getvalue(tuple, RelationGetDescr(rel), c->att[SLOT_KEY]);
}

/* The rules and citations that prohibit, and the evidence that would lift them. */
static void
report_prohibited(Record *r)
{
	Decision   *d = r->decision;
	StringInfoData lifts;
	ListCell   *lc;

	initStringInfo(&lifts);
	foreach(lc, d->matches)
	{
		const RsMatch *m = lfirst(lc);

		if (m->lifted_by != NULL || m->action != VERDICT_PROHIBIT)
			continue;
		for (int i = 0; i < m->rule->nexceptions; i++)
		{
			const RsException *x = &m->rule->exceptions[i];

			/* only evidence that would lift the rule for a shipment of this date */
			if (x->from <= d->query.day && d->query.day < x->until)
				appendStringInfo(&lifts, "%s\"%s\" (%s)", lifts.len ? ", " : "",
								 x->evidence, x->description);
		}
	}
	ereport(ERROR,
			(errcode(ERRCODE_EMBARGO_PROHIBITED),
			 r->key ?
			 errmsg("shipment \"%s\" is prohibited in jurisdiction \"%s\"", r->key,
					text_to_cstring(d->jurisdiction)) :
			 errmsg("shipment is prohibited in jurisdiction \"%s\"", text_to_cstring(d->jurisdiction)),
			 errdetail("Prohibited by %s.", r->reasons ? r->reasons : "a rule"),
			 lifts.len ?
			 errhint("Evidence that lifts a rule on this date: %s.", lifts.data) :
			 errhint("No exception lifts these rules on this date.")));
}

static HeapTuple
write_outputs(EnforceConfig *c, Relation rel, HeapTuple tuple, Decision *d, Datum rule_ids)
{
	int			cols[3];
	Datum		values[3];
	bool		nulls[3] = {false, false, false};
	int			n = 0;

	if (c->att[SLOT_OUT_VERDICT])
	{
		cols[n] = c->att[SLOT_OUT_VERDICT];
		values[n++] = ObjectIdGetDatum(d->rules->verdict_oids[d->verdict]);
	}
	if (c->att[SLOT_OUT_ORIGIN])
	{
		cols[n] = c->att[SLOT_OUT_ORIGIN];
		values[n++] = PointerGetDatum(d->origin);
	}
	if (c->att[SLOT_OUT_RULES])
	{
		cols[n] = c->att[SLOT_OUT_RULES];
		values[n++] = rule_ids;
	}
	return n == 0 ? tuple : heap_modify_tuple_by_cols(tuple, RelationGetDescr(rel), n, cols,
													   values, nulls);
}

static bool
inputs_changed(EnforceConfig *c, TriggerData *td)
{
	TupleDesc	desc = RelationGetDescr(td->tg_relation);

	for (int s = SLOT_TERRITORY; s <= SLOT_CUSTODY; s++)
	{
		bool		null_old,
					null_new;
		Datum		old,
					new;
		Form_pg_attribute att;

		if (c->att[s] == 0)
			continue;
		att = TupleDescAttr(desc, c->att[s] - 1);
		old = heap_getattr(td->tg_trigtuple, c->att[s], desc, &null_old);
		new = heap_getattr(td->tg_newtuple, c->att[s], desc, &null_new);
		if (null_old != null_new ||
			(!null_old && !datumIsEqual(old, new, att->attbyval, att->attlen)))
			return true;
	}
	return false;
}

/*
 * An UPDATE that changes no input is not screened again; the output
 * columns keep the values the last screening gave them.
 */
static HeapTuple
keep_outputs(EnforceConfig *c, TriggerData *td)
{
	TupleDesc	desc = RelationGetDescr(td->tg_relation);
	int			cols[3];
	Datum		values[3];
	bool		nulls[3];
	int			n = 0;

	for (int s = SLOT_OUT_VERDICT; s <= SLOT_OUT_RULES; s++)
		if (c->att[s] != 0)
		{
			cols[n] = c->att[s];
			values[n] = heap_getattr(td->tg_trigtuple, c->att[s], desc, &nulls[n]);
			n++;
		}
	return n == 0 ? td->tg_newtuple :
		heap_modify_tuple_by_cols(td->tg_newtuple, desc, n, cols, values, nulls);
}

static void
check_trigger_call(FunctionCallInfo fcinfo)
{
	TriggerData *td = (TriggerData *) fcinfo->context;

	if (!CALLED_AS_TRIGGER(fcinfo) || !TRIGGER_FIRED_BEFORE(td->tg_event) ||
		!TRIGGER_FIRED_FOR_ROW(td->tg_event) || TRIGGER_FIRED_BY_DELETE(td->tg_event) ||
		TRIGGER_FIRED_BY_TRUNCATE(td->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("embargo.enforce() must be a BEFORE INSERT OR UPDATE ... FOR EACH ROW trigger")));
}

/*
 * embargo.enforce(): decide on the row; block it (prohibit mode), hold it
 * in the quarantine (quarantine mode, verdict at or above the threshold),
 * or let it through with the output columns set.  Every decision other than
 * allow is audited; a blocked row is not, as its statement rolls back.
 */
Datum
enforce(PG_FUNCTION_ARGS)
{
	TriggerData *td = (TriggerData *) fcinfo->context;
	bool		update;
	EnforceConfig *c;
	HeapTuple	tuple;
	Decision	d = {0};
	Record		r = {0};
	StringInfoData reasons;

	check_trigger_call(fcinfo);
	update = TRIGGER_FIRED_BY_UPDATE(td->tg_event);
	c = get_config(td);
	tuple = update ? td->tg_newtuple : td->tg_trigtuple;
	if (update && !inputs_changed(c, td))
		return PointerGetDatum(keep_outputs(c, td));
	decide(fcinfo, c, td->tg_relation, tuple, &d);
	if (d.verdict == VERDICT_ALLOW && releasing_rows == 0)
	{
		/* the common case: nothing to record, only the outputs to set */
		return PointerGetDatum(write_outputs(c, td->tg_relation, tuple, &d,
											 PointerGetDatum(empty_array(INT4OID))));
	}
	initStringInfo(&reasons);
	r = (Record) {c, td->tg_relation, tuple, &d, update ? "UPDATE" : "INSERT", NULL, (Datum) 0,
		NULL, row_key(c, td->tg_relation, tuple), GetUserNameFromId(GetUserId(), false)};
	summarise(&d, &r.rule_ids, &reasons);
	r.reasons = reasons.len ? reasons.data : NULL;

	if (releasing_rows > 0 && releasing_relid == c->root_relid)
	{
		/* embargo.release(): the reviewer's decision overrides the verdict */
		releasing_rows--;
		r.outcome = "released";
		record(&r, write_audit);
		return PointerGetDatum(write_outputs(c, td->tg_relation, tuple, &d, r.rule_ids));
	}
	if (c->mode == MODE_PROHIBIT && d.verdict == VERDICT_PROHIBIT)
		report_prohibited(&r);
	if (c->mode == MODE_QUARANTINE && d.verdict >= c->threshold && d.verdict > VERDICT_ALLOW)
	{
		r.outcome = "held";
		record_hold(&r);
		record(&r, write_audit);
		return PointerGetDatum(NULL);
	}
	if (d.verdict > VERDICT_ALLOW)
	{
		r.outcome = c->mode == MODE_FLAG ? "flagged" : "passed";
		record(&r, write_audit);
	}
	return PointerGetDatum(write_outputs(c, td->tg_relation, tuple, &d, r.rule_ids));
}

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
	char	   *table;
	Datum		row;
	const char *status;			/* the new status */
	Datum		reason;
	const char *by;				/* the reviewer */
} HeldRow;

/*
 * Lock a held quarantine row; its table and data into h.  Errors if there
 * is no such row or it has been decided already.  Runs as the owner of the
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

	if (SPI_execute_with_args("SELECT source_table, status, row_data FROM " EXTENSION_SCHEMA ".quarantine "
							  "WHERE id OPERATOR(pg_catalog.=) $1 FOR UPDATE", 1, types, args, NULL,
							  false, 1) != SPI_OK_SELECT)
		elog(ERROR, "could not read the quarantine");
	if (SPI_processed == 0)
		ereport(ERROR,
				(errcode(ERRCODE_NO_DATA_FOUND),
				 errmsg("no quarantined row with id " INT64_FORMAT, h->id)));
	h->table = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1);
	status = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2);
	h->row = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 3, &isnull);
	if (strcmp(status, "held") != 0)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("quarantined row " INT64_FORMAT " is already %s", h->id, status)));
}

static void
close_held_row(void *arg)
{
	HeldRow    *h = arg;
	Oid			types[4] = {INT8OID, TEXTOID, TEXTOID, TEXTOID};
	Datum		args[4] = {Int64GetDatum(h->id), CStringGetTextDatum(h->status), h->reason,
		CStringGetTextDatum(h->by)};

	if (SPI_execute_with_args("UPDATE " EXTENSION_SCHEMA ".quarantine SET status = $2, "
							  "decided_by = $4, decided_at = pg_catalog.clock_timestamp(), "
							  "decision_reason = $3 WHERE id OPERATOR(pg_catalog.=) $1",
							  4, types, args, NULL, false, 0) != SPI_OK_UPDATE)
		elog(ERROR, "could not close the quarantined row");
}

/*
 * embargo.reject(id, reason): close a held row for good; it stays in the
 * quarantine as rejected, with who, when and why.
 */
Datum
enforce_reject(PG_FUNCTION_ARGS)
{
	HeldRow		h = {.id = PG_GETARG_INT64(0), .status = "rejected", .reason = PG_GETARG_DATUM(1),
	.by = GetUserNameFromId(GetUserId(), false)};
	int			nestlevel;

	check_reviewer(false);
	nestlevel = internal_sql_begin();
	as_records_owner(lock_held_row, &h);
	as_records_owner(close_held_row, &h);
	internal_sql_end(nestlevel);
	PG_RETURN_VOID();
}

/*
 * The statement that puts a held row back: every column but generated ones,
 * with the identity values it had (OVERRIDING SYSTEM VALUE).
 */
static char *
reinsert_statement(Oid relid, const char *table)
{
	Relation	rel = relation_open(relid, AccessShareLock);
	TupleDesc	desc = RelationGetDescr(rel);
	StringInfoData cols;

	initStringInfo(&cols);
	for (int i = 0; i < desc->natts; i++)
	{
		Form_pg_attribute att = TupleDescAttr(desc, i);

		if (att->attisdropped || att->attgenerated)
			continue;
		appendStringInfo(&cols, "%s%s", cols.len ? ", " : "", quote_identifier(NameStr(att->attname)));
	}
	relation_close(rel, AccessShareLock);
	return psprintf("INSERT INTO %s (%s) OVERRIDING SYSTEM VALUE SELECT %s "
					"FROM pg_catalog.jsonb_populate_record(NULL::%s, $1)",
					table, cols.data, cols.data, table);
}

/*
 * embargo.release(id, reason): put a held row back into its table.  The
 * reviewer's decision overrides the verdict for that one row, and is
 * audited; the quarantine row is closed as released.  The insert runs as
 * the reviewer, who needs INSERT on the table.
 */
Datum
enforce_release(PG_FUNCTION_ARGS)
{
	HeldRow		h = {.id = PG_GETARG_INT64(0), .status = "released", .reason = PG_GETARG_DATUM(1),
	.by = GetUserNameFromId(GetUserId(), false)};
	Oid			types[1] = {JSONBOID};
	Datum		args[1];
	Oid			relid;
	char	   *sql;
	Oid			save_relid;
	int			save_rows;
	int			nestlevel;

	check_reviewer(true);
	nestlevel = internal_sql_begin();
	as_records_owner(lock_held_row, &h);
	relid = RangeVarGetRelid(makeRangeVarFromNameList(qualified_name_list(h.table)), NoLock, false);
	sql = reinsert_statement(relid, h.table);
	args[0] = h.row;
	save_relid = releasing_relid;
	save_rows = releasing_rows;
	releasing_relid = relid;
	releasing_rows = 1;
	PG_TRY();
	{
		/* the row must go back, once, through the override: else nothing changes */
		if (SPI_execute_with_args(sql, 1, types, args, NULL, false, 0) != SPI_OK_INSERT ||
			SPI_processed != 1 || releasing_rows != 0)
			ereport(ERROR,
					(errcode(ERRCODE_TRIGGERED_ACTION_EXCEPTION),
					 errmsg("could not put quarantined row " INT64_FORMAT " back into table \"%s\"",
							h.id, h.table),
					 errdetail("The insert did not go through embargo.enforce() exactly once; the row stays held."),
					 errhint("Check the triggers of the table.")));
	}
	PG_FINALLY();
	{
		releasing_rows = save_rows;
		releasing_relid = save_relid;
	}
	PG_END_TRY();
	as_records_owner(close_held_row, &h);
	internal_sql_end(nestlevel);
	PG_RETURN_VOID();
}
