/*
 * screen_as_of.c
 *		screen() and explain() with as_of: the same screening, with the
 *		knowledge in force at a past moment (history.h), the version of it
 *		compiled on first use and kept in the cache's slots (cache.c).
 *
 * Each SQL function has every argument, defaults filled in, as_of last;
 * a NULL moment, or one at or after the latest change, screens with the
 * current knowledge at no extra cost.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "embargo.h"
#include "fmgr.h"
#include "history.h"
#include "screen.h"
#include "screening.h"
#include "utils/timestamp.h"

PG_FUNCTION_INFO_V1(screen_origin_as_of);
PG_FUNCTION_INFO_V1(screen_declared_as_of);
PG_FUNCTION_INFO_V1(explain_origin_as_of);
PG_FUNCTION_INFO_V1(explain_declared_as_of);

/*
 * Call fn, which reads the arguments before as_of and never as_of itself,
 * under the version in force at as_of (the last argument); with a NULL
 * moment, or one at or after the latest change, as it is.
 */
static Datum
call_as_of(FunctionCallInfo fcinfo, PGFunction fn)
{
	int			as_of = PG_NARGS() - 1;
	HistoryVersion v;
	Datum		result;

	if (PG_ARGISNULL(as_of) || !history_version_at(PG_GETARG_TIMESTAMPTZ(as_of), &v))
		return fn(fcinfo);
	history_set_as_of(&v);
	PG_TRY();
	{
		result = fn(fcinfo);
	}
	PG_FINALLY();
	{
		history_set_as_of(NULL);
	}
	PG_END_TRY();
	return result;
}

/* embargo.screen(origin, hscode, on_date, jurisdiction, evidence, custody, parties, as_of) */
Datum
screen_origin_as_of(PG_FUNCTION_ARGS)
{
	return call_as_of(fcinfo, screen_origin);
}

/* embargo.screen(territory, place, hscode, on_date, jurisdiction, evidence, custody, parties, as_of) */
Datum
screen_declared_as_of(PG_FUNCTION_ARGS)
{
	return call_as_of(fcinfo, screen_declared);
}

Datum
explain_origin_as_of(PG_FUNCTION_ARGS)
{
	return call_as_of(fcinfo, explain_origin);
}

Datum
explain_declared_as_of(PG_FUNCTION_ARGS)
{
	return call_as_of(fcinfo, explain_declared);
}
