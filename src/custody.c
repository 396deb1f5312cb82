/*
 * custody.c
 *		The embargo.custody type: text and binary I/O, the functions that
 *		read and build chains, the @> operator and its GIN support.
 *
 * Text form: hops separated by ">", each role:TERRITORY[#place][@date],
 *		mined:CD-NK#34@2024-05-01 > exported:RW > refined:CN
 * The place is an embargo.place id: an I/O function must not read tables,
 * so names are resolved by embargo.hop() instead.  Dates are ISO 8601
 * (YYYY-MM-DD) whatever DateStyle says, so a value reads back the same
 * everywhere, and dated hops must not go back in time along the chain.
 */
#include "postgres.h"

#include "access/gin.h"
#include "common/hashfn.h"
#include "access/stratnum.h"
#include "compat.h"
#include "custody.h"
#include "embargo.h"
#include "funcapi.h"
#include "libpq/pqformat.h"
#include "textin.h"
#include "utils/builtins.h"
#include "utils/datetime.h"
#include "utils/tuplestore.h"

PG_FUNCTION_INFO_V1(custody_in);
PG_FUNCTION_INFO_V1(custody_out);
PG_FUNCTION_INFO_V1(custody_recv);
PG_FUNCTION_INFO_V1(custody_send);
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

static const char *const role_names[HOP_ROLE_COUNT] = {
	"mined", "concentrated", "smelted", "cast", "refined", "processed", "manufactured",
	"transit", "exported"
};

#define ROLE_HINT errhint("A hop's role is one of mined, concentrated, smelted, cast, refined, processed, manufactured, transit, exported.")

const char *
hop_role_name(int role)
{
	return role_names[role];
}

int
hop_role_from_name(const char *name)
{
	for (int i = 0; i < HOP_ROLE_COUNT; i++)
		if (strcmp(role_names[i], name) == 0)
			return i;
	return -1;
}

/* A stored value must be what custody_in() or custody_recv() made. */
static void
check_stored(const Custody *c)
{
	if (c->version != CUSTODY_VERSION)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("unsupported embargo.custody format version %d", c->version)));
	if (c->nhops < 1 || c->nhops > CUSTODY_MAX_HOPS || VARSIZE(c) != CUSTODY_SIZE(c->nhops))
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("corrupt embargo.custody value: %d hops in %d bytes", c->nhops,
						(int) VARSIZE(c))));
}

Custody *
custody_from_datum(Datum d)
{
	Custody    *c = (Custody *) PG_DETOAST_DATUM(d);

	check_stored(c);
	return c;
}

/*
 * A chain without a palloc per row: a plain in-line value is used where it
 * lies, a short-header one (how small values are stored) is copied into buf
 * to align it; only a compressed or out-of-line one is detoasted.
 */
const Custody *
custody_unpack(Datum d, CustodyBuffer *buf)
{
	struct varlena *v = (struct varlena *) DatumGetPointer(d);
	const Custody *c;

	/* a short header holds at most 126 bytes, which buf always has room for */
	StaticAssertStmt(sizeof(buf->data) >= VARHDRSZ + 126, "CustodyBuffer is too small");
	if (VARATT_IS_SHORT(v) && !VARATT_IS_EXTERNAL(v))
	{
		Size		len = VARSIZE_SHORT(v) - VARHDRSZ_SHORT;

		memcpy(buf->data + VARHDRSZ, VARDATA_SHORT(v), len);
		SET_VARSIZE(buf->data, len + VARHDRSZ);
		c = (const Custody *) buf->data;
	}
	else if (!VARATT_IS_EXTENDED(v))
		c = (const Custody *) v;
	else
		return custody_from_datum(d);
	check_stored(c);
	return c;
}

Custody *
custody_alloc(int nhops)
{
	Custody    *c = palloc0(CUSTODY_SIZE(nhops));

	SET_VARSIZE(c, CUSTODY_SIZE(nhops));
	c->version = CUSTODY_VERSION;
	c->nhops = nhops;
	return c;
}

/* Hop dates are years 1 to 9999: what the text form can write and read. */
static DateADT
first_day(void)
{
	return date2j(1, 1, 1) - POSTGRES_EPOCH_JDATE;
}

static DateADT
last_day(void)
{
	return date2j(9999, 12, 31) - POSTGRES_EPOCH_JDATE;
}

/* Why a chain is not valid, or NULL: the same checks for every way in. */
static const char *
chain_problem(const CustodyHop *hops, int n, int *bad_hop)
{
	const CustodyHop *last_dated = NULL;

	*bad_hop = 0;
	if (n < 1)
		return "A chain of custody has at least one hop.";
	if (n > CUSTODY_MAX_HOPS)
		return psprintf("A chain of custody has at most %d hops.", CUSTODY_MAX_HOPS);
	for (int i = 0; i < n; i++)
	{
		const CustodyHop *h = &hops[i];

		*bad_hop = i + 1;
		if (h->role >= HOP_ROLE_COUNT)
			return "The role is not a known hop role.";
		if (!territory_valid(h->territory))
			return "The territory is not a known ISO 3166 code.";
		if (h->place < 0)
			return "A place id must be positive.";
		if ((h->flags & ~HOP_DATED) != 0 || h->reserved != 0)
			return "The hop has unknown flags.";
		if (!hop_dated(h) && h->day != 0)
			return "An undated hop has a date.";
		if (!hop_dated(h))
			continue;
		if (h->day < first_day() || h->day > last_day())
			return "A hop's date must lie in the years 1 to 9999.";
		if (last_dated != NULL && h->day < last_dated->day)
			return "A hop is dated before an earlier hop of the chain.";
		last_dated = h;
	}
	*bad_hop = 0;
	return NULL;
}

/* ---- text input -------------------------------------------------------- */

typedef struct HopParse
{
	const char *input;
	int			hop;
} HopParse;

static void
hop_parse_context(void *arg)
{
	HopParse   *p = arg;

	errcontext("hop %d of chain of custody \"%s\"", p->hop, p->input);
}

/* YYYY-MM-DD, exactly; false if not a real calendar day. */
static bool
parse_iso_date(const char *s, DateADT *day)
{
	int			y,
				m,
				d;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char) s[i]))
			return false;
	y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
	if (y < 1 || m < 1 || m > 12 || d < 1 || d > day_tab[isleap(y)][m - 1])
		return false;
	*day = date2j(y, m, d) - POSTGRES_EPOCH_JDATE;
	return true;
}

/*
 * One hop, "role:TERRITORY[#place][@date]", into *h; NULL or a detail
 * saying what is wrong.  A bad territory code is reported by
 * territory_parse() itself, under the hop's error context.
 */
static const char *
parse_hop(char *text, CustodyHop *h, Node *escontext, bool *soft_failed)
{
	char	   *colon = strchr(text, ':');
	char	   *at;
	char	   *hash;
	char	   *role;
	int			r;

	memset(h, 0, sizeof(CustodyHop));
	*soft_failed = false;
	if (*text_trim(text) == '\0')
		return "A hop is empty: hops are separated by a single \">\".";
	if (colon == NULL)
		return "A hop has the form role:territory, optionally followed by #place and @date.";
	*colon = '\0';
	role = text_trim(text);
	for (char *p = role; *p; p++)
		*p = pg_ascii_tolower((unsigned char) *p);
	r = hop_role_from_name(role);
	if (r < 0)
		return psprintf("\"%s\" is not a hop role.", role);
	h->role = r;
	at = strchr(colon + 1, '@');
	if (at != NULL)
	{
		*at = '\0';
		if (!parse_iso_date(text_trim(at + 1), &h->day))
			return "A hop's date is written YYYY-MM-DD and must be a real calendar day.";
		h->flags |= HOP_DATED;
	}
	hash = strchr(colon + 1, '#');
	if (hash != NULL)
	{
		*hash = '\0';
		if (!text_parse_place_id(text_trim(hash + 1), &h->place))
			return "A place is given as # and a positive integer id (use embargo.hop() to give it by name).";
	}
	if (!territory_parse(colon + 1, &h->territory, escontext))
	{
		*soft_failed = true;
		return NULL;
	}
	return NULL;
}

#define CUSTODY_HINT errhint("Write hops as role:TERRITORY[#place][@YYYY-MM-DD], separated by \">\", e.g. \"mined:CD-NK#34@2024-05-01 > exported:RW > refined:CN\".")

Datum
custody_in(PG_FUNCTION_ARGS)
{
	char	   *input = PG_GETARG_CSTRING(0);
	char	   *copy = pstrdup(input);
	CustodyHop	hops[CUSTODY_MAX_HOPS + 1];
	int			n = 0;
	int			bad_hop;
	const char *detail = NULL;
	HopParse	where = {.input = input};
	ErrorContextCallback callback = {.callback = hop_parse_context, .arg = &where,
	.previous = error_context_stack};
	char	   *next = copy;
	Custody    *c;

	if (*text_trim(copy) == '\0')
		ereturn(fcinfo->context, (Datum) 0,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type %s: \"%s\"", "custody", input),
				 errdetail("A chain of custody has at least one hop."), CUSTODY_HINT));
	error_context_stack = &callback;
	while (next != NULL && detail == NULL)
	{
		char	   *sep = strchr(next, '>');
		bool		soft_failed;

		if (sep != NULL)
			*sep = '\0';
		where.hop = n + 1;
		if (n == CUSTODY_MAX_HOPS)
		{
			detail = psprintf("A chain of custody has at most %d hops.", CUSTODY_MAX_HOPS);
			break;
		}
		detail = parse_hop(next, &hops[n], fcinfo->context, &soft_failed);
		if (soft_failed)
		{
			error_context_stack = callback.previous;
			return (Datum) 0;
		}
		n++;
		next = sep != NULL ? sep + 1 : NULL;
	}
	error_context_stack = callback.previous;
	if (detail == NULL)
	{
		detail = chain_problem(hops, n, &bad_hop);
		where.hop = bad_hop;
	}
	if (detail != NULL)
		ereturn(fcinfo->context, (Datum) 0,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type %s: \"%s\"", "custody", input),
				 where.hop > 0 ? errdetail("Hop %d: %s", where.hop, detail) :
				 errdetail_internal("%s", detail),
				 CUSTODY_HINT));
	c = custody_alloc(n);
	memcpy(c->hops, hops, sizeof(CustodyHop) * n);
	PG_RETURN_POINTER(c);
}

void
custody_format_hop(StringInfo buf, const CustodyHop *h)
{
	char		code[TERRITORY_BUFLEN];
	char		date[ISO_DATE_BUFLEN];

	territory_format(h->territory, code);
	appendStringInfo(buf, "%s:%s", role_names[h->role], code);
	if (h->place != 0)
		appendStringInfo(buf, "#%d", h->place);
	if (hop_dated(h))
	{
		format_iso_date(h->day, date);
		appendStringInfo(buf, "@%s", date);
	}
}

Datum
custody_out(PG_FUNCTION_ARGS)
{
	Custody    *c = custody_from_datum(PG_GETARG_DATUM(0));
	StringInfoData buf;

	initStringInfo(&buf);
	for (int i = 0; i < c->nhops; i++)
	{
		if (i > 0)
			appendStringInfoString(&buf, " > ");
		custody_format_hop(&buf, &c->hops[i]);
	}
	PG_RETURN_CSTRING(buf.data);
}

/* ---- binary I/O -------------------------------------------------------- */

/*
 * A version byte and the hop count, then per hop: role and flags (a byte
 * each), territory, place and date (int32 each; the date 0 when undated).
 * recv checks exactly what in checks.
 */
Datum
custody_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			version = pq_getmsgbyte(buf);
	int			n;
	int			bad_hop;
	const char *detail;
	Custody    *c;

	if (version != CUSTODY_VERSION)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("unsupported binary format version %d for type %s", version, "custody")));
	n = pq_getmsgbyte(buf);
	if (n < 1 || n > CUSTODY_MAX_HOPS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid external custody value"),
				 errdetail("A chain of custody has 1 to %d hops, not %d.", CUSTODY_MAX_HOPS, n)));
	c = custody_alloc(n);
	for (int i = 0; i < n; i++)
	{
		CustodyHop *h = &c->hops[i];

		h->role = pq_getmsgbyte(buf);
		h->flags = pq_getmsgbyte(buf);
		h->territory = pq_getmsgint(buf, 4);
		h->place = pq_getmsgint(buf, 4);
		h->day = pq_getmsgint(buf, 4);
	}
	detail = chain_problem(c->hops, n, &bad_hop);
	if (detail != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid external custody value"),
				 errdetail("Hop %d: %s", bad_hop, detail)));
	PG_RETURN_POINTER(c);
}

Datum
custody_send(PG_FUNCTION_ARGS)
{
	Custody    *c = custody_from_datum(PG_GETARG_DATUM(0));
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, CUSTODY_VERSION);
	pq_sendbyte(&buf, c->nhops);
	for (int i = 0; i < c->nhops; i++)
	{
		const CustodyHop *h = &c->hops[i];

		pq_sendbyte(&buf, h->role);
		pq_sendbyte(&buf, h->flags);
		pq_sendint32(&buf, h->territory);
		pq_sendint32(&buf, h->place);
		pq_sendint32(&buf, h->day);
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

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
			oids[r] = DatumGetObjectId(DirectFunctionCall2(enum_in, CStringGetDatum(role_names[r]),
														   ObjectIdGetDatum(role_type)));
		fcinfo->flinfo->fn_extra = oids;
	}
	return oids;
}

/* embargo.hops(custody): (hop, role, territory, place_id, on_date) rows */
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
		Datum		values[5] = {Int32GetDatum(i + 1), ObjectIdGetDatum(roles[h->role]),
		TerritoryGetDatum(h->territory), Int32GetDatum(h->place), DateADTGetDatum(h->day)};
		bool		nulls[5] = {false, false, false, h->place == 0, !hop_dated(h)};

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

/* Whether hop h matches pattern hop p (see @> below). */
static bool
hop_matches(const CustodyHop *h, const CustodyHop *p)
{
	return h->role == p->role && territory_contains(p->territory, h->territory) &&
		(p->place == 0 || p->place == h->place) &&
		(!hop_dated(p) || (hop_dated(h) && h->day == p->day));
}

static bool
chain_has(const Custody *c, const CustodyHop *p)
{
	for (int i = 0; i < c->nhops; i++)
		if (hop_matches(&c->hops[i], p))
			return true;
	return false;
}

/* embargo.has_hop(custody, hop_role, territory) */
Datum
custody_has_hop(PG_FUNCTION_ARGS)
{
	Custody    *c = custody_from_datum(PG_GETARG_DATUM(0));
	CustodyHop	p = {.role = hop_role_of_enum(fcinfo, PG_GETARG_DATUM(1)), .territory = PG_GETARG_TERRITORY(2)};

	PG_RETURN_BOOL(chain_has(c, &p));
}

static bool
chain_contains(const Custody *a, const Custody *b)
{
	for (int i = 0; i < b->nhops; i++)
		if (!chain_has(a, &b->hops[i]))
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

void
custody_check_hops(const CustodyHop *hops, int n)
{
	int			bad_hop;
	const char *detail = chain_problem(hops, n, &bad_hop);

	if (detail != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid chain of custody"),
				 bad_hop > 0 ? errdetail("Hop %d: %s", bad_hop, detail) :
				 errdetail_internal("%s", detail)));
}

/* custody || custody */
Datum
custody_concat(PG_FUNCTION_ARGS)
{
	Custody    *a = custody_from_datum(PG_GETARG_DATUM(0));
	Custody    *b = custody_from_datum(PG_GETARG_DATUM(1));
	int			n = a->nhops + b->nhops;
	Custody    *c;

	if (n > CUSTODY_MAX_HOPS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("a chain of custody has at most %d hops, not %d", CUSTODY_MAX_HOPS, n)));
	c = custody_alloc(n);
	memcpy(c->hops, a->hops, sizeof(CustodyHop) * a->nhops);
	memcpy(c->hops + a->nhops, b->hops, sizeof(CustodyHop) * b->nhops);
	custody_check_hops(c->hops, n);
	PG_RETURN_POINTER(c);
}

/* ---- equality, ordering and hashing ----------------------------------- */

/*
 * Hop by hop: territory (code order), role, place, then undated before
 * dated and by date; a chain that is a prefix of another sorts first.  The
 * stored form is canonical, so equal chains are equal byte for byte and
 * hash alike.
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

	return hash_any((unsigned char *) c->hops, sizeof(CustodyHop) * c->nhops);
}

Datum
custody_hash_extended(PG_FUNCTION_ARGS)
{
	Custody    *c = custody_from_datum(PG_GETARG_DATUM(0));

	return hash_any_extended((unsigned char *) c->hops, sizeof(CustodyHop) * c->nhops,
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
	/* the keys say nothing of places and dates */
	for (int i = 0; i < q->nhops; i++)
		if (q->hops[i].place != 0 || hop_dated(&q->hops[i]))
			*recheck = true;
	return BoolGetDatum(true);
}
