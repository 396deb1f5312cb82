/*
 * screen_as_of.c
 *		screen() and explain() with as_of: the same screening, with the
 *		knowledge in force at a past moment (history.h), the version of it
 *		compiled on first use and kept in the cache's slots (cache.c).
 *
 * Each overload is its counterpart without as_of plus a last argument
 * as_of timestamptz; a NULL moment, or one at or after the latest change,
 * screens with the current knowledge at no extra cost.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "embargo.h"
#include "fmgr.h"
#include "history.h"
#include "screen.h"
#include "screening.h"
#include "utils/array.h"
#include "utils/timestamp.h"

PG_FUNCTION_INFO_V1(screen_origin_as_of);
PG_FUNCTION_INFO_V1(screen_declared_as_of);
PG_FUNCTION_INFO_V1(explain_origin_as_of);
PG_FUNCTION_INFO_V1(explain_declared_as_of);

/*
 * Call fn with the arguments before as_of (evidence, at evidence_arg, as
 * an empty array where the overload has none) under the version in force
 * at as_of.
 */
static Datum
call_as_of(FunctionCallInfo fcinfo, PGFunction fn, int evidence_arg)
{
	int			n = PG_NARGS() - 1;
	int			inner_n = Max(n, evidence_arg + 1);
	LOCAL_FCINFO(inner, FUNC_MAX_ARGS);
	HistoryVersion v;
	bool		older = false;
	Datum		result;

	InitFunctionCallInfoData(*inner, fcinfo->flinfo, inner_n, fcinfo->fncollation,
							 fcinfo->context, fcinfo->resultinfo);
	for (int i = 0; i < n; i++)
		inner->args[i] = fcinfo->args[i];
	if (n <= evidence_arg)
	{
		inner->args[evidence_arg].value = PointerGetDatum(construct_empty_array(TEXTOID));
		inner->args[evidence_arg].isnull = false;
	}
	if (!PG_ARGISNULL(n))
		older = history_version_at(PG_GETARG_TIMESTAMPTZ(n), &v);
	if (!older)
		result = fn(inner);
	else
	{
		history_set_as_of(&v);
		PG_TRY();
		{
			result = fn(inner);
		}
		PG_FINALLY();
		{
			history_set_as_of(NULL);
		}
		PG_END_TRY();
	}
	fcinfo->isnull = inner->isnull;
	return result;
}

/* embargo.screen(origin, hscode, on_date, jurisdiction[, evidence[, custody[, parties]]], as_of) */
Datum
screen_origin_as_of(PG_FUNCTION_ARGS)
{
	return call_as_of(fcinfo, screen_origin, 4);
}

/* embargo.screen(territory, place, hscode, on_date, jurisdiction[, ...], as_of) */
Datum
screen_declared_as_of(PG_FUNCTION_ARGS)
{
	return call_as_of(fcinfo, screen_declared, 5);
}

Datum
explain_origin_as_of(PG_FUNCTION_ARGS)
{
	return call_as_of(fcinfo, explain_origin, 4);
}

Datum
explain_declared_as_of(PG_FUNCTION_ARGS)
{
	return call_as_of(fcinfo, explain_declared, 5);
}
