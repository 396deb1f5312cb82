/*
 * conflict.c
 *		SQL over what the rule set knows of conflict minerals:
 *		embargo.cahra(territory, on_date), whether a place lies in an area
 *		the CAHRA edition in force on a day names, as rules see it.
 */
#include "postgres.h"

#include "conflict_match.h"
#include "embargo.h"
#include "funcapi.h"
#include "rule_cache.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/tuplestore.h"

PG_FUNCTION_INFO_V1(cahra_of);

static const char *const cahra_status_names[] = {
	[CAHRA_NOT_LISTED] = "not listed",
	[CAHRA_LISTED] = "listed",
	[CAHRA_COARSE] = "too coarse",
	[CAHRA_NO_LIST] = "no list loaded",
};

static Datum
flag_datum(int8 flag, bool *isnull)
{
	*isnull = flag < 0;
	return BoolGetDatum(flag == 1);
}

/*
 * embargo.cahra(territory, on_date): one row, (status, edition,
 * edition_stands_in, area, name, conflict_affected, high_risk); the area
 * is the one named (listed), or one of the country's (too coarse).
 */
Datum
cahra_of(PG_FUNCTION_ARGS)
{
	Territory	t = PG_GETARG_TERRITORY(0);
	DateADT		day = PG_GETARG_DATEADT(1);
	const RuleSet *rs = ruleset_get();
	RsConflictFinding f = {0};
	CahraStatus status;
	TupleDesc	desc;
	Tuplestorestate *store;
	Datum		values[7] = {0};
	bool		nulls[7] = {false, true, true, true, true, true, true};

	if (DATE_NOT_FINITE(day))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the date of a CAHRA lookup must be finite")));
	store = materialize_result(fcinfo, &desc);
	status = cahra_status(&rs->conflict, t, day, &f);
	values[0] = CStringGetTextDatum(cahra_status_names[status]);
	if (f.edition != NULL)
	{
		values[1] = DateADTGetDatum(f.edition->edition);
		values[2] = BoolGetDatum(f.edition_stands_in);
		nulls[1] = nulls[2] = false;
	}
	if (f.area != NULL)
	{
		values[3] = TerritoryGetDatum(f.area->territory);
		values[4] = CStringGetTextDatum(f.area->name);
		values[5] = flag_datum(f.area->conflict_affected, &nulls[5]);
		values[6] = flag_datum(f.area->high_risk, &nulls[6]);
		nulls[3] = nulls[4] = false;
	}
	tuplestore_putvalues(store, desc, values, nulls);
	PG_RETURN_NULL();
}
