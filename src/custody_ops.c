/*
 * custody_ops.c
 *		Functions and operators of the embargo.custody type: its hops as
 *		rows, a hop's presence, containment (@>, <@) and concatenation, the
 *		btree and hash support, and the GIN operator class.
 */
#include "postgres.h"

#include "access/gin.h"
#include "access/stratnum.h"
#include "common/hashfn.h"
#include "compat.h"
#include "custody.h"
#include "embargo.h"
#include "funcapi.h"
#include "utils/builtins.h"
#include "utils/tuplestore.h"

PG_FUNCTION_INFO_V1(custody_hops);
PG_FUNCTION_INFO_V1(custody_hop_count);
PG_FUNCTION_INFO_V1(custody_has_hop);
PG_FUNCTION_INFO_V1(custody_concat);
PG_FUNCTION_INFO_V1(custody_contains);
PG_FUNCTION_INFO_V1(custody_contained);
PG_FUNCTION_INFO_V1(custody_gin_extract_value);
PG_FUNCTION_INFO_V1(custody_gin_extract_query);
PG_FUNCTION_INFO_V1(custody_gin_consistent);
PG_FUNCTION_INFO_V1(custody_cmp);
PG_FUNCTION_INFO_V1(custody_eq);
PG_FUNCTION_INFO_V1(custody_ne);
PG_FUNCTION_INFO_V1(custody_lt);
PG_FUNCTION_INFO_V1(custody_le);
PG_FUNCTION_INFO_V1(custody_gt);
PG_FUNCTION_INFO_V1(custody_ge);
PG_FUNCTION_INFO_V1(custody_hash);
PG_FUNCTION_INFO_V1(custody_hash_extended);

#define CUSTODY_CONTAINS_STRATEGY 7
#define ROLE_HINT errhint("A hop's role is one of mined, concentrated, smelted, cast, refined, processed, manufactured, transit, exported.")

/* ---- reading and building chains --------------------------------------- */

/*
 * The embargo.hop_role values by HopRole, looked up once per call site:
 * enum_in() reads the catalogue, and hops() is called per row.
 */
static const Oid *
role_oids(FunctionCallInfo fcinfo, Oid role_type)
{
	Oid		   *oids = fcinfo->flinfo->fn_extra;

	if (oids == NULL)
	{
		oids = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, sizeof(Oid) * HOP_ROLE_COUNT);
		for (int r = 0; r < HOP_ROLE_COUNT; r++)
			oids[r] = DatumGetObjectId(DirectFunctionCall2(enum_in, CStringGetDatum(hop_role_name(r)),
														   ObjectIdGetDatum(role_type)));
		fcinfo->flinfo->fn_extra = oids;
	}
	return oids;
}

/* embargo.hops(custody): (hop, role, territory, place_id, on_date, facility) rows */
Datum
custody_hops(PG_FUNCTION_ARGS)
{
	Custody    *c = custody_from_datum(PG_GETARG_DATUM(0));
	TupleDesc	desc;
	Tuplestorestate *store = materialize_result(fcinfo, &desc);
	const Oid  *roles = role_oids(fcinfo, TupleDescAttr(desc, 1)->atttypid);

	for (int i = 0; i < c->nhops; i++)
	{
		const CustodyHop *h = &c->hops[i];
		const char *facility = custody_facility(c, i);
		Datum		values[6] = {Int32GetDatum(i + 1), ObjectIdGetDatum(roles[h->role]),
			TerritoryGetDatum(h->territory), Int32GetDatum(h->place), DateADTGetDatum(h->day),
		facility != NULL ? CStringGetTextDatum(facility) : (Datum) 0};
		bool		nulls[6] = {false, false, false, h->place == 0, !hop_dated(h), facility == NULL};

		/* (before ALTER EXTENSION UPDATE to 0.6, hops() has no facility column) */

		tuplestore_putvalues(store, desc, values, nulls);
	}
	return (Datum) 0;
}

Datum
custody_hop_count(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(custody_from_datum(PG_GETARG_DATUM(0))->nhops);
}

/* The roles of the embargo.hop_role values a call site has seen. */
typedef struct RoleCache
{
	int			n;
	Oid			oid[HOP_ROLE_COUNT];
	uint8		role[HOP_ROLE_COUNT];
} RoleCache;

/*
 * The HopRole of an embargo.hop_role value.  enum_out() reads the
 * catalogue, so each value is looked up once per call site, not per row.
 */
int
hop_role_of_enum(FunctionCallInfo fcinfo, Datum value)
{
	RoleCache  *cache = fcinfo->flinfo->fn_extra;
	Oid			oid = DatumGetObjectId(value);
	char	   *label;
	int			r;

	if (cache == NULL)
		cache = fcinfo->flinfo->fn_extra =
			MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(RoleCache));
	for (int i = 0; i < cache->n; i++)
		if (cache->oid[i] == oid)
			return cache->role[i];
	label = DatumGetCString(DirectFunctionCall1(enum_out, value));
	r = hop_role_from_name(label);
	if (r < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("\"%s\" is not a hop role this version of embargo knows", label),
				 ROLE_HINT));
	if (cache->n < HOP_ROLE_COUNT)
	{
		cache->oid[cache->n] = oid;
		cache->role[cache->n++] = r;
	}
	return r;
}

/* No facility before one, then by id. */
static int
facility_cmp(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

/* Whether hop h matches pattern hop p (see @> below). */
static bool
hop_matches(const CustodyHop *h, const CustodyHop *p)
{
	return h->role == p->role && territory_contains(p->territory, h->territory) &&
		(p->place == 0 || p->place == h->place) &&
		(!hop_dated(p) || (hop_dated(h) && h->day == p->day));
}

/* A hop of c that matches pattern hop p, and names p's facility if it names one. */
static bool
chain_has(const Custody *c, const CustodyHop *p, const char *facility)
{
	for (int i = 0; i < c->nhops; i++)
		if (hop_matches(&c->hops[i], p) &&
			(facility == NULL || facility_cmp(custody_facility(c, i), facility) == 0))
			return true;
	return false;
}

/* embargo.has_hop(custody, hop_role, territory) */
Datum
custody_has_hop(PG_FUNCTION_ARGS)
{
	Custody    *c = custody_from_datum(PG_GETARG_DATUM(0));
	CustodyHop	p = {.role = hop_role_of_enum(fcinfo, PG_GETARG_DATUM(1)), .territory = PG_GETARG_TERRITORY(2)};

	PG_RETURN_BOOL(chain_has(c, &p, NULL));
}

static bool
chain_contains(const Custody *a, const Custody *b)
{
	for (int i = 0; i < b->nhops; i++)
		if (!chain_has(a, &b->hops[i], custody_facility(b, i)))
			return false;
	return true;
}

Datum
custody_contains(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(chain_contains(custody_from_datum(PG_GETARG_DATUM(0)),
								  custody_from_datum(PG_GETARG_DATUM(1))));
}

Datum
custody_contained(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(chain_contains(custody_from_datum(PG_GETARG_DATUM(1)),
								  custody_from_datum(PG_GETARG_DATUM(0))));
}


/* custody || custody */
Datum
custody_concat(PG_FUNCTION_ARGS)
{
	Custody    *a = custody_from_datum(PG_GETARG_DATUM(0));
	Custody    *b = custody_from_datum(PG_GETARG_DATUM(1));
	int			n = a->nhops + b->nhops;
	CustodyHop	hops[CUSTODY_MAX_HOPS];
	const char *facilities[CUSTODY_MAX_HOPS];

	if (n > CUSTODY_MAX_HOPS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("a chain of custody has at most %d hops, not %d", CUSTODY_MAX_HOPS, n)));
	memcpy(hops, a->hops, sizeof(CustodyHop) * a->nhops);
	memcpy(hops + a->nhops, b->hops, sizeof(CustodyHop) * b->nhops);
	for (int i = 0; i < n; i++)
		facilities[i] = i < a->nhops ? custody_facility(a, i) : custody_facility(b, i - a->nhops);
	custody_check_hops(hops, n);
	PG_RETURN_POINTER(custody_make(hops, facilities, n));
}

/* ---- equality, ordering and hashing ----------------------------------- */

/*
 * Hop by hop: territory (code order), role, place, then undated before
 * dated and by date, then no facility before one and by its id; a chain
 * that is a prefix of another sorts first.  The stored form is canonical,
 * so equal chains are equal byte for byte and hash alike.
 */
static int
hop_cmp(const CustodyHop *a, const CustodyHop *b)
{
	if (a->territory != b->territory)
		return a->territory < b->territory ? -1 : 1;
	if (a->role != b->role)
		return a->role < b->role ? -1 : 1;
	if (a->place != b->place)
		return a->place < b->place ? -1 : 1;
	if (hop_dated(a) != hop_dated(b))
		return hop_dated(a) ? 1 : -1;
	if (a->day != b->day)
		return a->day < b->day ? -1 : 1;
	return 0;
}


static int
chain_cmp(FunctionCallInfo fcinfo)
{
	Custody    *a = custody_from_datum(PG_GETARG_DATUM(0));
	Custody    *b = custody_from_datum(PG_GETARG_DATUM(1));

	for (int i = 0; i < Min(a->nhops, b->nhops); i++)
	{
		int			c = hop_cmp(&a->hops[i], &b->hops[i]);

		if (c == 0)
			c = facility_cmp(custody_facility(a, i), custody_facility(b, i));
		if (c != 0)
			return c;
	}
	return a->nhops < b->nhops ? -1 : a->nhops > b->nhops;
}

Datum
custody_cmp(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(chain_cmp(fcinfo));
}

Datum
custody_eq(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(chain_cmp(fcinfo) == 0);
}

Datum
custody_ne(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(chain_cmp(fcinfo) != 0);
}

Datum
custody_lt(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(chain_cmp(fcinfo) < 0);
}

Datum
custody_le(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(chain_cmp(fcinfo) <= 0);
}

Datum
custody_gt(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(chain_cmp(fcinfo) > 0);
}

Datum
custody_ge(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(chain_cmp(fcinfo) >= 0);
}

Datum
custody_hash(PG_FUNCTION_ARGS)
{
	Custody    *c = custody_from_datum(PG_GETARG_DATUM(0));

	/* the hops and the facility ids after them; without ids, just the hops */
	return hash_any((unsigned char *) c->hops, VARSIZE(c) - offsetof(Custody, hops));
}

Datum
custody_hash_extended(PG_FUNCTION_ARGS)
{
	Custody    *c = custody_from_datum(PG_GETARG_DATUM(0));

	return hash_any_extended((unsigned char *) c->hops, VARSIZE(c) - offsetof(Custody, hops),
							 PG_GETARG_INT64(1));
}

/* ---- GIN ----------------------------------------------------------------- */

/*
 * A key is a role and a territory in one int4: the role above bit 26, where
 * no territory code reaches (see origin.h).
 */
static Datum
gin_key(int role, Territory t)
{
	return Int32GetDatum(((role + 1) << 26) | t);
}

Datum
custody_gin_extract_value(PG_FUNCTION_ARGS)
{
	Custody    *c = custody_from_datum(PG_GETARG_DATUM(0));
	int32	   *nkeys = (int32 *) PG_GETARG_POINTER(1);
	Datum	   *keys = palloc(sizeof(Datum) * c->nhops * TERRITORY_MAX_DEPTH);
	int			n = 0;

	for (int i = 0; i < c->nhops; i++)
	{
		Territory	chain[TERRITORY_MAX_DEPTH];
		int			depth = territory_ancestors(c->hops[i].territory, chain);

		/* GIN sorts the keys and drops duplicates itself */
		for (int j = 0; j < depth; j++)
			keys[n++] = gin_key(c->hops[i].role, chain[j]);
	}
	*nkeys = n;
	PG_RETURN_POINTER(keys);
}

Datum
custody_gin_extract_query(PG_FUNCTION_ARGS)
{
	Custody    *q = custody_from_datum(PG_GETARG_DATUM(0));
	int32	   *nkeys = (int32 *) PG_GETARG_POINTER(1);
	StrategyNumber strategy = PG_GETARG_UINT16(2);
	Datum	   *keys;

	if (strategy != CUSTODY_CONTAINS_STRATEGY)
		elog(ERROR, "unrecognized strategy number: %d", strategy);
	keys = palloc(sizeof(Datum) * q->nhops);
	for (int i = 0; i < q->nhops; i++)
		keys[i] = gin_key(q->hops[i].role, q->hops[i].territory);
	*nkeys = q->nhops;
	PG_RETURN_POINTER(keys);
}

Datum
custody_gin_consistent(PG_FUNCTION_ARGS)
{
	bool	   *check = (bool *) PG_GETARG_POINTER(0);
	Custody    *q = custody_from_datum(PG_GETARG_DATUM(2));
	int32		nkeys = PG_GETARG_INT32(3);
	bool	   *recheck = (bool *) PG_GETARG_POINTER(5);

	*recheck = false;
	for (int i = 0; i < nkeys; i++)
		if (!check[i])
			return BoolGetDatum(false);
	/* the keys say nothing of places, dates and facilities */
	for (int i = 0; i < q->nhops; i++)
		if (q->hops[i].place != 0 || q->hops[i].flags != 0)
			*recheck = true;
	return BoolGetDatum(true);
}
