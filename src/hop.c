/*
 * hop.c
 *		embargo.hop(): a chain of custody of one hop, built from a role, a
 *		territory and a place that the gazetteer resolves.  Apart from the
 *		custody type (custody.c) because it reads the gazetteer.
 */
#include "postgres.h"

#include "custody.h"
#include "gazetteer.h"
#include "place.h"
#include "tagging.h"

PG_FUNCTION_INFO_V1(custody_hop_by_name);
PG_FUNCTION_INFO_V1(custody_hop_by_id);

/*
 * embargo.hop(role, territory, place, on_date): a chain of one hop.  A
 * place, checked against the gazetteer, gives the hop its own territory,
 * which may be finer than the one given, so that @> and the GIN index see
 * what screening sees.
 */
static Datum
one_hop(FunctionCallInfo fcinfo, int32 place, Territory territory)
{
	CustodyHop	h = {.role = hop_role_of_enum(fcinfo, PG_GETARG_DATUM(0)), .territory = territory,
	.place = place};

	if (!PG_ARGISNULL(3))
	{
		h.day = PG_GETARG_DATEADT(3);
		h.flags = HOP_DATED;
	}
	custody_check_hops(&h, 1);
	PG_RETURN_POINTER(custody_make(&h, NULL, 1));
}

Datum
custody_hop_by_name(PG_FUNCTION_ARGS)
{
	int32		place = 0;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		PG_RETURN_NULL();
	if (!PG_ARGISNULL(2))
	{
		const Gazetteer *g = gazetteer_get();

		place = place_resolve(g, PG_GETARG_TEXT_PP(2), true, PG_GETARG_TERRITORY(1));
		return one_hop(fcinfo, place, gazetteer_place(g, place)->territory);
	}
	return one_hop(fcinfo, 0, PG_GETARG_TERRITORY(1));
}

Datum
custody_hop_by_id(PG_FUNCTION_ARGS)
{
	int32		place = 0;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		PG_RETURN_NULL();
	if (!PG_ARGISNULL(2))
	{
		place = PG_GETARG_INT32(2);
		if (place <= 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("place id must be positive")));
		return one_hop(fcinfo, place,
					   place_territory(gazetteer_get(), place, true, PG_GETARG_TERRITORY(1)));
	}
	return one_hop(fcinfo, 0, PG_GETARG_TERRITORY(1));
}

