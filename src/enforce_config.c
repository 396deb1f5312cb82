/*
 * enforce_config.c
 *		The configuration of each embargo.enforce() trigger: its events and
 *		key=value arguments (see README), checked when the trigger is created
 *		(an event trigger) and again at its first row after any change to the
 *		table or to role membership, then kept, not looked up per row.
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "catalog/namespace.h"
#include "catalog/partition.h"
#include "catalog/pg_trigger.h"
#include "catalog/pg_type.h"
#include "commands/event_trigger.h"
#include "embargo.h"
#include "enforce_config.h"
#include "internal_sql.h"
#include "miscadmin.h"
#include "parser/parse_func.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/hsearch.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/syscache.h"

PG_FUNCTION_INFO_V1(enforce_check_created);

static const char *const slot_keys[NSLOTS] = {
	"territory", "place", "hs", "date", "jurisdiction", "evidence", "custody", "party", "key",
	"verdict", "origin", "rules"
};

#define IMPORTER_ROLE "embargo_importer"

static HTAB *configs = NULL;

static void
config_invalidate(Datum arg, Oid relid)
{
	HASH_SEQ_STATUS seq;
	EnforceConfig *c;

	if (configs == NULL)
		return;
	hash_seq_init(&seq, configs);
	while ((c = hash_seq_search(&seq)) != NULL)
		/* a partition's configuration names its root: a rename of the root reaches it */
		if (relid == InvalidOid || c->relid == relid || c->root_relid == relid)
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
check_importer(Relation rel, int elevel)
{
	Oid			owner = rel->rd_rel->relowner;
	Oid			importer = get_role_oid(IMPORTER_ROLE, true);
	char	   *owner_name;

	if (superuser_arg(owner) || (OidIsValid(importer) && is_member_of_role(owner, importer)))
		return;
	owner_name = GetUserNameFromId(owner, false);
	ereport(elevel,
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
					 "jurisdiction=column, territory=, place=, hs=, date=, evidence=, custody=, party=, key=, "
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
		case SLOT_PARTY:
			t1 = TEXTOID, t2 = TEXTARRAYOID;
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
	if (s == SLOT_PARTY)
		c->party_is_array = TupleDescAttr(RelationGetDescr(rel), c->att[s] - 1)->atttypid == TEXTARRAYOID;
}

static bool
is_jurisdiction_code(const char *s)
{
	size_t		len = strlen(s);

	return len >= 2 && len <= 16 && isalpha((unsigned char) s[0]) &&
		strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_") == len;
}

/* The code as text, upper case: made once, compared with each row's rules */
static text *
upcase_text(const char *s)
{
	text	   *t = cstring_to_text(s);

	for (char *p = VARDATA(t); p < (char *) t + VARSIZE(t); p++)
		*p = pg_ascii_toupper((unsigned char) *p);
	return t;
}

static EnforceMode
parse_mode(Relation rel, const char *arg, const char *value)
{
	static const char *const modes[] = {
		[MODE_PROHIBIT] = "prohibit",
		[MODE_FLAG] = "flag",
		[MODE_QUARANTINE] = "quarantine",
	};
	int			m = name_index(modes, lengthof(modes), value);

	if (m < 0)
		bad_argument(rel, arg, "The mode is prohibit, flag or quarantine.");
	return m;
}

static Verdict
parse_threshold(Relation rel, const char *arg, const char *value)
{
	int			v = name_index(verdict_names, VERDICT_COUNT, value);

	/* allow would hold every row: not a threshold */
	if (v <= VERDICT_ALLOW)
		bad_argument(rel, arg, "The threshold is review, licence or prohibit.");
	return v;
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
		c->mode = parse_mode(rel, arg, value);
		return;
	}
	if (strcmp(key, "threshold") == 0)
	{
		c->threshold = parse_threshold(rel, arg, value);
		return;
	}
	for (int s = 0; s < NSLOTS; s++)
		if (strcmp(key, slot_keys[s]) == 0)
		{
			/* a column of that name, else a code in any case: "eu" is EU */
			if (s == SLOT_JURISDICTION && SPI_fnumber(RelationGetDescr(rel), value) <= 0 &&
				is_jurisdiction_code(value))
				c->jurisdiction = upcase_text(value);
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

/*
 * The trigger must see every row written: BEFORE, FOR EACH ROW, on INSERT
 * and on UPDATE of any column, or an UPDATE could change an origin unseen.
 */
static void
check_events(Relation rel, const Trigger *trigger)
{
	const char *missing = NULL;

	if (!TRIGGER_FOR_BEFORE(trigger->tgtype) || !TRIGGER_FOR_ROW(trigger->tgtype) ||
		TRIGGER_FOR_DELETE(trigger->tgtype) || TRIGGER_FOR_TRUNCATE(trigger->tgtype))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("embargo.enforce() must be a BEFORE INSERT OR UPDATE ... FOR EACH ROW trigger")));
	if (!TRIGGER_FOR_INSERT(trigger->tgtype))
		missing = "INSERT";
	else if (!TRIGGER_FOR_UPDATE(trigger->tgtype))
		missing = "UPDATE";
	if (missing != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("trigger \"%s\" on table \"%s\" does not fire on %s",
						trigger->tgname, RelationGetRelationName(rel), missing),
				 errdetail("embargo.enforce() must screen every row written; without %s, rows would be written unscreened.",
						   missing),
				 errhint("Create it as BEFORE INSERT OR UPDATE ON %s FOR EACH ROW.",
						 RelationGetRelationName(rel))));
	if (trigger->tgqual != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("trigger \"%s\" on table \"%s\" has a WHEN condition",
						trigger->tgname, RelationGetRelationName(rel)),
				 errdetail("embargo.enforce() must screen every row written; rows the condition skips would be written unscreened."),
				 errhint("Create it without WHEN; to screen some rows only, use a table of their own.")));
	if (trigger->tgnattr > 0)
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("trigger \"%s\" on table \"%s\" fires only on UPDATE OF some columns",
						trigger->tgname, RelationGetRelationName(rel)),
				 errdetail("embargo.enforce() must screen every update; an update of another input column would pass unscreened."),
				 errhint("Create it as BEFORE INSERT OR UPDATE, without a column list.")));
}

/*
 * Check a trigger's events and arguments, filling c; strings are allocated
 * in the current memory context.
 */
static void
configure(EnforceConfig *c, Relation rel, const Trigger *trigger)
{
	bool		has_mode = false;

	check_events(rel, trigger);
	c->relid = RelationGetRelid(rel);
	c->threshold = VERDICT_PROHIBIT;
	for (int i = 0; i < trigger->tgnargs; i++)
		parse_argument(c, rel, trigger->tgargs[i], &has_mode);
	check_config(c, rel, has_mode);
}


/* Forget what a configuration held before it is built again. */
static void
clear_config(EnforceConfig *c)
{
	if (c->hold_plan != NULL)
		SPI_freeplan(c->hold_plan);
	if (c->jurisdiction != NULL)
		pfree(c->jurisdiction);
	if (c->table != NULL)
		pfree(c->table);
	memset((char *) c + sizeof(Oid), 0, sizeof(EnforceConfig) - sizeof(Oid));
}

static void
create_configs(void)
{
	HASHCTL		ctl = {.keysize = sizeof(Oid), .entrysize = sizeof(EnforceConfig),
	.hcxt = CacheMemoryContext};

	configs = hash_create("embargo enforce", 16, &ctl, HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
	CacheRegisterRelcacheCallback(config_invalidate, (Datum) 0);
	/* a GRANT or REVOKE of the importer role, or a role's superuser bit */
	CacheRegisterSyscacheCallback(AUTHMEMROLEMEM, roles_changed, (Datum) 0);
	CacheRegisterSyscacheCallback(AUTHOID, roles_changed, (Datum) 0);
}

/* Rows are held and released through the table written to, not a partition. */
static void
name_root_table(EnforceConfig *c, Relation rel)
{
	c->root_relid = c->relid;
	if (rel->rd_rel->relispartition)
		c->root_relid = llast_oid(get_partition_ancestors(c->relid));
	c->table = MemoryContextStrdup(CacheMemoryContext,
								   quote_qualified_identifier(get_namespace_name(get_rel_namespace(c->root_relid)),
															  get_rel_name(c->root_relid)));
}

EnforceConfig *
enforce_config_get(TriggerData *td)
{
	Relation	rel = td->tg_relation;
	EnforceConfig *c;
	EnforceConfig fresh = {0};
	bool		found;

	if (configs == NULL)
		create_configs();
	c = hash_search(configs, &td->tg_trigger->tgoid, HASH_ENTER, &found);
	if (found && c->valid)
		return c;
	if (!found)
		memset((char *) c + sizeof(Oid), 0, sizeof(EnforceConfig) - sizeof(Oid));
	/* built aside, so that an error leaves the entry as it was */
	fresh.trigger = c->trigger;
	configure(&fresh, rel, td->tg_trigger);
	check_importer(rel, ERROR);
	if (fresh.jurisdiction != NULL)
	{
		text	   *cached = MemoryContextAlloc(CacheMemoryContext, VARSIZE(fresh.jurisdiction));

		memcpy(cached, fresh.jurisdiction, VARSIZE(fresh.jurisdiction));
		fresh.jurisdiction = cached;
	}
	clear_config(c);
	*c = fresh;
	name_root_table(c, rel);
	c->valid = true;
	return c;
}

/* ---- checking triggers as they are created ---------------------------- */

/* The triggers the command that fired the event trigger created. */
static List *
created_triggers(void)
{
	MemoryContext caller = CurrentMemoryContext;
	List	   *oids = NIL;
	int			nestlevel = internal_sql_begin();

	if (SPI_execute("SELECT c.objid FROM pg_catalog.pg_event_trigger_ddl_commands() c "
					"WHERE c.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_trigger'::pg_catalog.regclass",
					true, 0) != SPI_OK_SELECT)
		elog(ERROR, "could not read the commands of the event");
	for (uint64 i = 0; i < SPI_processed; i++)
	{
		bool		isnull;
		Datum		d = SPI_getbinval(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1, &isnull);
		MemoryContext spi = MemoryContextSwitchTo(caller);

		oids = lappend_oid(oids, DatumGetObjectId(d));
		MemoryContextSwitchTo(spi);
	}
	internal_sql_end(nestlevel);
	return oids;
}

/* The table of a trigger, if the trigger calls fn. */
static Oid
table_of_trigger(Oid trigger, Oid fn)
{
	Relation	pg_trigger = table_open(TriggerRelationId, AccessShareLock);
	ScanKeyData key;
	SysScanDesc scan;
	HeapTuple	tup;
	Oid			relid = InvalidOid;

	ScanKeyInit(&key, Anum_pg_trigger_oid, BTEqualStrategyNumber, F_OIDEQ, ObjectIdGetDatum(trigger));
	scan = systable_beginscan(pg_trigger, TriggerOidIndexId, true, NULL, 1, &key);
	tup = systable_getnext(scan);
	if (HeapTupleIsValid(tup) && ((Form_pg_trigger) GETSTRUCT(tup))->tgfoid == fn)
		relid = ((Form_pg_trigger) GETSTRUCT(tup))->tgrelid;
	systable_endscan(scan);
	table_close(pg_trigger, AccessShareLock);
	return relid;
}

static void
check_created_trigger(Oid trigger, Oid enforce_fn)
{
	Oid			relid = table_of_trigger(trigger, enforce_fn);
	Relation	rel;

	if (!OidIsValid(relid))
		return;
	rel = table_open(relid, AccessShareLock);
	for (int i = 0; rel->trigdesc != NULL && i < rel->trigdesc->numtriggers; i++)
		if (rel->trigdesc->triggers[i].tgoid == trigger)
		{
			EnforceConfig c = {0};

			configure(&c, rel, &rel->trigdesc->triggers[i]);
			/* membership may still be granted before the first row */
			check_importer(rel, WARNING);
		}
	table_close(rel, AccessShareLock);
}

/*
 * embargo.check_enforce_triggers(): the event trigger on CREATE TRIGGER
 * that checks each new embargo.enforce() trigger's events, arguments and
 * columns, so that a mistake is an error when it is made, not at the
 * first row loaded.
 */
Datum
enforce_check_created(PG_FUNCTION_ARGS)
{
	List	   *names = list_make2(makeString(EXTENSION_SCHEMA), makeString("enforce"));
	Oid			enforce_fn;
	ListCell   *lc;

	if (!CALLED_AS_EVENT_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_EVENT_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("embargo.check_enforce_triggers() must be called as an event trigger")));
	enforce_fn = LookupFuncName(names, 0, NULL, true);
	if (!OidIsValid(enforce_fn))
		PG_RETURN_VOID();
	foreach(lc, created_triggers())
		check_created_trigger(lfirst_oid(lc), enforce_fn);
	PG_RETURN_VOID();
}
