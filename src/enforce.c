/*
 * enforce.c
 *		embargo.enforce(): a BEFORE INSERT OR UPDATE ... FOR EACH ROW trigger
 *		that tags and screens each row as it is written, and blocks, flags
 *		or quarantines it.
 *
 * Its configuration (enforce_config.c) is resolved once per trigger, not
 * per row; an allowed row costs a tag and a screening and nothing else.
 * Other decisions are audited through the batched writer (audit.c); held
 * rows go to the quarantine (quarantine.c).  A row that cannot be screened
 * (an input missing, a jurisdiction without rules, a place name that names
 * no place or several) is held for review in quarantine mode and refused,
 * naming it, in the others.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "audit.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "embargo.h"
#include "enforce.h"
#include "enforce_config.h"
#include "gazetteer.h"
#include "internal_sql.h"
#include "miscadmin.h"
#include "place.h"
#include "quarantine.h"
#include "rule_cache.h"
#include "rule_evidence.h"
#include "party.h"
#include "screening.h"
#include "utils/builtins.h"
#include "utils/datum.h"
#include "utils/rel.h"

PG_FUNCTION_INFO_V1(enforce);

static Oid	pass_through_relid = InvalidOid;

/* What was decided about one row. */
typedef struct Decision
{
	Screening	s;
	List	   *matches;		/* RsMatch *, only for non-allow verdicts */
} Decision;

static Datum
column(HeapTuple tuple, Relation rel, AttrNumber att, bool *isnull)
{
	*isnull = true;
	return att == 0 ? (Datum) 0 : heap_getattr(tuple, att, RelationGetDescr(rel), isnull);
}

/* The row's jurisdiction: the trigger's, or its column's; NULL if missing. */
static text *
row_jurisdiction(EnforceConfig *c, Relation rel, HeapTuple tuple)
{
	bool		isnull;
	Datum		j;

	if (c->jurisdiction != NULL)
		return c->jurisdiction;
	j = column(tuple, rel, c->att[SLOT_JURISDICTION], &isnull);
	return isnull ? NULL : DatumGetTextPP(j);
}

/* The row's inputs as the trigger's columns give them. */
typedef struct RowInputs
{
	Datum		territory,
				place,
				hs,
				day;
	bool		null_t,
				null_p,
				null_hs,
				null_day;
} RowInputs;

static RowInputs
row_inputs(EnforceConfig *c, Relation rel, HeapTuple tuple)
{
	RowInputs	in;

	in.territory = column(tuple, rel, c->att[SLOT_TERRITORY], &in.null_t);
	in.place = column(tuple, rel, c->att[SLOT_PLACE], &in.null_p);
	in.hs = column(tuple, rel, c->att[SLOT_HS], &in.null_hs);
	in.day = column(tuple, rel, c->att[SLOT_DATE], &in.null_day);
	return in;
}

/* False, saying which, if an input screening needs is missing. */
static bool
inputs_present(const RowInputs *in, Screening *s)
{
	if (in->null_hs)
		return screening_cannot(s, ERRCODE_NOT_NULL_VIOLATION, "its HS code is missing");
	if (in->null_day)
		return screening_cannot(s, ERRCODE_NOT_NULL_VIOLATION, "its shipment date is missing");
	if (in->null_t && in->null_p)
		return screening_cannot(s, ERRCODE_NOT_NULL_VIOLATION,
								"its territory and place are both missing");
	return true;
}

/*
 * Tag the row's origin and screen it; false, with d->s.problem saying why,
 * if it cannot be screened.  No SPI unless a cache part must be rebuilt.
 */
static bool
decide(EnforceConfig *c, Relation rel, HeapTuple tuple, Decision *d)
{
	RowInputs	in = row_inputs(c, rel, tuple);
	text	   *jurisdiction = row_jurisdiction(c, rel, tuple);
	Declared	declared = {.has_territory = !in.null_t};
	bool		isnull;
	Datum		parties;

	if (jurisdiction == NULL)
	{
		d->s = (Screening) {.rules = ruleset_get()};
		return screening_cannot(&d->s, ERRCODE_NOT_NULL_VIOLATION, "its jurisdiction is missing");
	}
	if (!screening_begin(&d->s, jurisdiction, in.null_day ? 0 : DatumGetDateADT(in.day)) ||
		!inputs_present(&in, &d->s))
		return false;
	declared.territory = in.null_t ? 0 : DatumGetTerritory(in.territory);
	if (!in.null_p && c->place_is_text)
		declared.place_name = DatumGetTextPP(in.place);
	else if (!in.null_p)
		declared.place = DatumGetInt32(in.place);
	declared.hs = DatumGetHsCode(in.hs);
	declared.day = DatumGetDateADT(in.day);
	declared.evidence = column(tuple, rel, c->att[SLOT_EVIDENCE], &isnull);
	/* a row without a chain is screened on its declared origin alone */
	declared.custody = column(tuple, rel, c->att[SLOT_CUSTODY], &isnull);
	if (!screening_prepare(&d->s, &declared, true))
		return false;
	/* a misspelt code lifts nothing, and must not pass unseen */
	if (screening_verdict(&d->s) < VERDICT_REVIEW && d->s.unknown_evidence != NULL)
		d->s.verdict = VERDICT_REVIEW;
	parties = column(tuple, rel, c->att[SLOT_PARTY], &isnull);
	if (!isnull && !screening_parties(&d->s, parties, c->party_is_array, false, true))
		return false;
	d->matches = d->s.verdict > VERDICT_ALLOW ? screening_matches(&d->s) : NIL;
	return true;
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

		if (m->lifted_by != NULL || m->outside_cahra)
			continue;
		elems[n++] = Int32GetDatum(m->rule->id);
		appendStringInfo(reasons, "%srule %d (%s%s", reasons->len ? "; " : "",
						 m->rule->id, verdict_name(m->action),
						 m->capped ? ", contested origin" : "");
		if (m->hop >= 0)
		{
			appendStringInfo(reasons, ", hop %d ", m->hop + 1);
			custody_format_hop(reasons, d->s.query.custody, m->hop);
		}
		appendStringInfo(reasons, "): %s%s%s [%s]",
						 m->rule->instrument, m->rule->article ? ", " : "",
						 m->rule->article ? m->rule->article : "", m->rule->citation);
	}
	foreach(lc, d->s.parties)
	{
		const ScreenedParty *p = lfirst(lc);
		const PartyEntry *e = &p->query.px->entries[p->hit->entry];
		const char *citation = e->citation ? e->citation : "program without a recorded meaning";
		StringInfoData owned;

		if (p->verdict == VERDICT_ALLOW)
			continue;
		initStringInfo(&owned);
		party_hit_ownership(&p->query, p->hit, d->s.jurisdiction, &owned, &citation);
		if (party_hit_is_own(p->query.px, p->hit))
			appendStringInfo(reasons, "%sparty %d \"%s\" (%s): a party of your own%s [%s]",
							 reasons->len ? "; " : "", p->ordinal, p->party, verdict_name(p->verdict),
							 owned.data, citation);
		else
			appendStringInfo(reasons, "%sparty %d \"%s\" (%s): %s %s:%s \"%s\", score %.3f%s [%s]",
							 reasons->len ? "; " : "", p->ordinal, p->party, verdict_name(p->verdict),
							 p->hit->score >= p->query.match_threshold ? "matches" : "possibly matches",
							 p->query.px->lists[e->list].list, e->entry_id,
							 party_hit_label(p->query.px, p->hit), p->hit->score, owned.data, citation);
	}
	if (d->s.unknown_evidence != NULL)
		appendStringInfo(reasons, "%sunknown evidence code \"%s\" (review: no exception of %s names it)",
						 reasons->len ? "; " : "", d->s.unknown_evidence, d->s.jurisdiction);
	*ids = PointerGetDatum(construct_array(elems, n, INT4OID, 4, true, TYPALIGN_INT));
}


/* What is said of a row: its key and table, for messages. */
static char *
row_key(EnforceConfig *c, Relation rel, HeapTuple tuple)
{
	if (c->att[SLOT_KEY] == 0)
		return NULL;
	return SPI_getvalue(tuple, RelationGetDescr(rel), c->att[SLOT_KEY]);
}

static void
report_unscreenable(EnforceConfig *c, const Decision *d, const char *key)
{
	ereport(ERROR,
			(errcode(d->s.problem_code),
			 key ?
			 errmsg("cannot screen shipment \"%s\" of table \"%s\": %s", key, c->table, d->s.problem) :
			 errmsg("cannot screen a row of table \"%s\": %s", c->table, d->s.problem),
			 errdetail("Trigger embargo.enforce() needs every input of a row to decide on it."),
			 c->mode == MODE_QUARANTINE ? 0 :
			 errhint("In mode=quarantine such rows are held for review instead.")));
}

static void
report_unknown_evidence(EnforceConfig *c, const Decision *d, const char *key)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 key ?
			 errmsg("shipment \"%s\" of table \"%s\" names unknown evidence code \"%s\"", key, c->table,
					d->s.unknown_evidence) :
			 errmsg("a row of table \"%s\" names unknown evidence code \"%s\"", c->table,
					d->s.unknown_evidence),
			 errdetail("No exception of the rules of %s names it, so it would lift nothing.", d->s.jurisdiction),
			 errhint("%s", ruleset_evidence_hint(d->s.rules, d->s.query.jurisdiction, d->s.query.day))));
}

/* The rules and citations that prohibit, and the evidence that would lift them. */
static void
report_prohibited(const Decision *d, const char *key, const char *reasons)
{
	StringInfoData lifts;
	ListCell   *lc;
	bool		by_rule = false;

	initStringInfo(&lifts);
	foreach(lc, d->matches)
	{
		const RsMatch *m = lfirst(lc);

		if (m->lifted_by != NULL || m->action != VERDICT_PROHIBIT)
			continue;
		by_rule = true;
		for (int i = 0; i < m->rule->nexceptions; i++)
		{
			const RsException *x = &m->rule->exceptions[i];

			/* only evidence that would lift the rule for a shipment of this date */
			if (x->from <= d->s.query.day && d->s.query.day < x->until)
				appendStringInfo(&lifts, "%s\"%s\" (%s)", lifts.len ? ", " : "",
								 x->evidence, x->description);
		}
	}
	ereport(ERROR,
			(errcode(ERRCODE_EMBARGO_PROHIBITED),
			 key ?
			 errmsg("shipment \"%s\" is prohibited in jurisdiction \"%s\"", key, d->s.jurisdiction) :
			 errmsg("shipment is prohibited in jurisdiction \"%s\"", d->s.jurisdiction),
			 errdetail("Prohibited by %s.", reasons ? reasons : "a rule"),
			 lifts.len ?
			 errhint("Evidence that lifts a rule on this date: %s.", lifts.data) :
			 by_rule ? errhint("No exception lifts these rules on this date.") :
			 errhint("A party's listing is lifted by no evidence; embargo.match_party() shows what matched.")));
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
		values[n++] = ObjectIdGetDatum(d->s.rules->verdict_oids[d->s.verdict]);
	}
	if (c->att[SLOT_OUT_ORIGIN])
	{
		cols[n] = c->att[SLOT_OUT_ORIGIN];
		nulls[n] = d->s.origin == NULL;
		values[n++] = PointerGetDatum(d->s.origin);
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

	for (int s = SLOT_TERRITORY; s <= SLOT_PARTY; s++)
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
	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("embargo.enforce() must be a BEFORE INSERT OR UPDATE ... FOR EACH ROW trigger")));
}

void
enforce_screen_stored(EnforceConfig *c, Relation rel, HeapTuple tuple, StoredScreening *out)
{
	Decision	d = {0};
	StringInfoData reasons;

	initStringInfo(&reasons);
	out->screened = decide(c, rel, tuple, &d);
	if (out->screened)
		summarise(&d, &out->rule_ids, &reasons);
	else
	{
		out->rule_ids = PointerGetDatum(empty_array(INT4OID));
		appendStringInfo(&reasons, "cannot screen: %s", d.s.problem);
	}
	out->verdict = d.s.verdict;
	out->verdict_oid = d.s.rules->verdict_oids[d.s.verdict];
	out->origin = d.s.origin;
	out->jurisdiction = d.s.jurisdiction ? d.s.jurisdiction : "unknown";
	out->reasons = reasons.len ? reasons.data : NULL;
}

char *
enforce_row_key(EnforceConfig *c, Relation rel, HeapTuple tuple)
{
	return row_key(c, rel, tuple);
}

void
enforce_pass_through(Oid root_relid)
{
	pass_through_relid = root_relid;
}

/*
 * Record, once per session and trigger, the version the table's rows are
 * screened with, unless one is: rescreen() starts from it.  Never waits
 * for another transaction recording one (it holds the advisory lock: an
 * ON CONFLICT alone would wait); if that one rolls back, none is known and
 * rescreen() reads every row, which is safe.
 */
static void
note_version_write(void *arg)
{
	EnforceConfig *c = arg;
	Oid			types[3] = {REGCLASSOID, TEXTOID, NAMEOID};
	Datum		values[3];
	Oid			lock_type[1] = {INT8OID};
	Datum		lock_key[1] = {Int64GetDatum(RESCREEN_STATE_LOCK(c->root_relid))};
	bool		isnull;

	values[0] = ObjectIdGetDatum(c->root_relid);
	if (SPI_execute_with_args("SELECT FROM " EXTENSION_SCHEMA ".rescreen_state s WHERE s.tbl OPERATOR(pg_catalog.=) $1",
							  1, types, values, NULL, true, 1) != SPI_OK_SELECT)
		elog(ERROR, "could not read the version of table \"%s\"", c->table);
	if (SPI_processed > 0)
		return;
	if (SPI_execute_with_args("SELECT pg_catalog.pg_try_advisory_xact_lock($1)", 1, lock_type, lock_key, NULL,
							  false, 1) != SPI_OK_SELECT || SPI_processed != 1)
		elog(ERROR, "could not lock the version of table \"%s\"", c->table);
	if (!DatumGetBool(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull)))
		return;
	values[1] = CStringGetTextDatum(c->noted_version);
	values[2] = DirectFunctionCall1(namein, CStringGetDatum(GetUserNameFromId(GetUserId(), false)));
	if (SPI_execute_with_args("INSERT INTO " EXTENSION_SCHEMA ".rescreen_state (tbl, version, by) "
							  "VALUES ($1, $2, $3) ON CONFLICT (tbl) DO NOTHING",
							  3, types, values, NULL, false, 0) != SPI_OK_INSERT)
		elog(ERROR, "could not record the version of table \"%s\"", c->table);
}

static void
note_version(EnforceConfig *c)
{
	const char *version;
	int			nestlevel;

	c->version_noted = true;
	if (!OidIsValid(extension_relation("rescreen_state", true)))
		return;					/* before 0.6 */
	version = screening_version(ruleset_get());
	if (version == NULL || version[0] == '\0')
		return;
	strlcpy(c->noted_version, version, sizeof(c->noted_version));
	nestlevel = internal_sql_begin();
	records_as_owner(note_version_write, c);
	internal_sql_end(nestlevel);
}

/* One row's way through the trigger, and where its decision goes. */
typedef struct Row
{
	EnforceConfig *config;
	TriggerData *td;
	HeapTuple	tuple;
	bool		update;
	Decision	d;
	char	   *key;
	Datum		rule_ids;
	char	   *reasons;
	const char *by;				/* the writer, named once for the audit and the quarantine */
	int64		released;		/* the quarantine row release() puts back, or 0 */
	const char *release_reason;
} Row;

static void
audit_row(Row *r, const char *outcome, int64 quarantine_id, const char *decision_reason)
{
	AuditEntry	e = {
		.table = r->config->table,
		.operation = r->update ? "UPDATE" : "INSERT",
		.outcome = outcome,
		.key = r->key,
		.origin = r->d.s.origin,
		.jurisdiction = r->d.s.jurisdiction ? r->d.s.jurisdiction : "unknown",
		.verdict = r->d.s.rules->verdict_oids[r->d.s.verdict],
		.rule_ids = r->rule_ids,
		.reasons = r->reasons,
		.ruleset_version = r->d.s.rules->version[0] ? screening_version(r->d.s.rules) : NULL,
		.by = r->by,
		.quarantine_id = quarantine_id,
		.decision_reason = decision_reason,
	};

	audit_append(&e);
}

static Datum
hold_row(Row *r)
{
	HoldRequest h = {
		.operation = r->update ? "UPDATE" : "INSERT",
		.verdict = r->d.s.rules->verdict_oids[r->d.s.verdict],
		.origin = r->d.s.origin,
		.rule_ids = r->rule_ids,
		.reasons = r->reasons,
		.ruleset_version = r->d.s.rules->version[0] ? screening_version(r->d.s.rules) : NULL,
		.key = r->key,
		.by = r->by,
		.jurisdiction = r->d.s.jurisdiction,
		.old_tuple = r->update ? r->td->tg_trigtuple : NULL,
	};
	int64		id = quarantine_hold(r->config, r->td->tg_relation, r->tuple, &h);

	audit_row(r, "held", id, NULL);
	return PointerGetDatum(NULL);
}

/* Everything but the common case: a decision to record, hold or refuse. */
static Datum
dispose(Row *r, bool screened)
{
	EnforceConfig *c = r->config;
	StringInfoData reasons;

	initStringInfo(&reasons);
	r->key = row_key(c, r->td->tg_relation, r->tuple);
	r->by = GetUserNameFromId(GetUserId(), false);
	if (screened)
		summarise(&r->d, &r->rule_ids, &reasons);
	else
	{
		r->rule_ids = PointerGetDatum(empty_array(INT4OID));
		appendStringInfo(&reasons, "cannot screen: %s", r->d.s.problem);
	}
	r->reasons = reasons.len ? reasons.data : NULL;

	if (r->released != 0)
	{
		/* embargo.release(): the reviewer's decision overrides the verdict */
		audit_row(r, "released", r->released, r->release_reason);
		return PointerGetDatum(write_outputs(c, r->td->tg_relation, r->tuple, &r->d, r->rule_ids));
	}
	if (!screened && c->mode != MODE_QUARANTINE)
		report_unscreenable(c, &r->d, r->key);
	if (r->d.s.unknown_evidence != NULL && c->mode == MODE_PROHIBIT)
		report_unknown_evidence(c, &r->d, r->key);
	if (c->mode == MODE_PROHIBIT && r->d.s.verdict == VERDICT_PROHIBIT)
		report_prohibited(&r->d, r->key, r->reasons);
	if (c->mode == MODE_QUARANTINE && (!screened || r->d.s.verdict >= c->threshold))
		return hold_row(r);
	audit_row(r, c->mode == MODE_FLAG ? "flagged" : "passed", 0, NULL);
	return PointerGetDatum(write_outputs(c, r->td->tg_relation, r->tuple, &r->d, r->rule_ids));
}

static Datum
enforce_row(FunctionCallInfo fcinfo)
{
	TriggerData *td = (TriggerData *) fcinfo->context;
	Row			r = {.td = td};
	bool		screened;

	check_trigger_call(fcinfo);
	r.config = enforce_config_get(td);
	r.update = TRIGGER_FIRED_BY_UPDATE(td->tg_event);
	r.tuple = r.update ? td->tg_newtuple : td->tg_trigtuple;
	quarantine_take_release(r.config->root_relid, &r.released, &r.release_reason);
	if (!r.config->version_noted)
		note_version(r.config);
	if (r.released == 0 && r.update && !inputs_changed(r.config, td))
		return PointerGetDatum(r.config->root_relid == pass_through_relid ? td->tg_newtuple :
							   keep_outputs(r.config, td));
	screened = decide(r.config, td->tg_relation, r.tuple, &r.d);
	if (screened && r.d.s.verdict == VERDICT_ALLOW && r.released == 0)
	{
		/* the common case: nothing to record, only the outputs to set */
		return PointerGetDatum(write_outputs(r.config, td->tg_relation, r.tuple, &r.d,
											 PointerGetDatum(empty_array(INT4OID))));
	}
	return dispose(&r, screened);
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
	volatile Datum result;

	audit_enter_trigger();
	PG_TRY();
	{
		result = enforce_row(fcinfo);
	}
	PG_FINALLY();
	{
		audit_leave_trigger();
	}
	PG_END_TRY();
	return result;
}
