/*
 * explain_conflict.c
 *		explain()'s sentences on critical and conflict minerals (see
 *		explain_conflict.h).
 */
#include "postgres.h"

#include "embargo.h"
#include "explain_conflict.h"
#include "territory.h"

void
describe_list_code(StringInfo why, const RsRule *r, int i)
{
	const RsListCode *c;

	if (r->hs_list == NULL || r->hs_codes == NULL)
		return;
	c = &r->hs_codes[i];
	appendStringInfo(why, ", %s (%s) on critical-mineral list %s", c->mineral, c->category, r->hs_list);
	if (c->uncertain)
		appendStringInfo(why, " (an uncertain mapping%s%s)", c->note ? ": " : "", c->note ? c->note : "");
}

static void
describe_edition(StringInfo why, const RsConflictFinding *f)
{
	appendStringInfo(why, "the CAHRA list (edition %s", iso_date(f->edition->edition));
	if (f->edition_stands_in)
		appendStringInfo(why, ", the earliest loaded: none is dated on or before %s", iso_date(f->day));
	appendStringInfoChar(why, ')');
}

static void
describe_area(StringInfo why, const RsCahraArea *a)
{
	char		code[TERRITORY_BUFLEN];

	const char *kind;

	territory_format(a->territory, code);
	if (a->conflict_affected == 1)
		kind = a->high_risk == 1 ? "conflict-affected and high-risk" : "conflict-affected";
	else if (a->high_risk == 1)
		kind = "high-risk";
	else
		kind = "named without its kind";
	appendStringInfo(why, "%s (%s, %s)", a->name, code, kind);
}

static void
describe_cahra(StringInfo why, const RsMatch *m)
{
	const RsConflictFinding *f = &m->conflict;
	char		code[TERRITORY_BUFLEN];

	territory_format(m->judged.territory, code);
	switch ((CahraStatus) f->cahra)
	{
		case CAHRA_NO_LIST:
			appendStringInfoString(why, " No CAHRA list is loaded (embargo.load_cahra()), so no origin "
								   "can be shown to lie outside a conflict-affected or high-risk area.");
			break;
		case CAHRA_LISTED:
			appendStringInfo(why, " %s lies in an area ", code);
			describe_edition(why, f);
			appendStringInfoString(why, " names: ");
			describe_area(why, f->area);
			appendStringInfoChar(why, '.');
			break;
		case CAHRA_COARSE:
			appendStringInfo(why, " %s is too coarse to tell whether the goods come from an area ", code);
			describe_edition(why, f);
			appendStringInfoString(why, " names there, such as ");
			describe_area(why, f->area);
			appendStringInfoChar(why, '.');
			break;
		case CAHRA_NOT_LISTED:
			appendStringInfo(why, " %s lies in no area ", code);
			describe_edition(why, f);
			appendStringInfoString(why, " names");
			if (m->outside_cahra)
				appendStringInfoString(why, ", so the rule does not apply; the importer's duty of "
									   "due diligence on its supply chain remains");
			appendStringInfoChar(why, '.');
			break;
	}
}

static void
describe_facility(StringInfo why, const RsMatch *m)
{
	const RsConflictFinding *f = &m->conflict;
	char		code[TERRITORY_BUFLEN];

	appendStringInfo(why, " The hop names facility %s", f->facility);
	if (f->smelter == NULL)
	{
		appendStringInfoString(why, ", which embargo.smelter does not record: its status is unknown.");
		return;
	}
	appendStringInfo(why, " (%s, %s", f->smelter->name, f->smelter->metal);
	if (f->smelter->country >= 0)
	{
		territory_format(f->smelter->country, code);
		appendStringInfo(why, ", %s", code);
	}
	appendStringInfoChar(why, ')');
	if (f->status < 0)
		appendStringInfo(why, ", with no status recorded on %s.", iso_date(f->day));
	else
		appendStringInfo(why, ", %s on %s (since %s).", smelter_status_names[f->status],
						 iso_date(f->day), iso_date(f->status_since));
}

void
describe_conflict(StringInfo why, const RsMatch *m)
{
	if (m->rule->smelter_conformant >= 0 && m->conflict.facility != NULL)
		describe_facility(why, m);
	if (m->rule->cahra >= 0)
		describe_cahra(why, m);
}
