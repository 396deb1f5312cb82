/*
 * custody.c
 *		The embargo.custody type: its stored form, text and binary I/O, and
 *		the checks every chain passes.  Functions and operators are in
 *		custody_ops.c, embargo.hop() in hop.c.
 *
 * Text form: hops separated by ">", each role:TERRITORY[#place][@date][/facility],
 *		mined:CD-NK#34@2024-05-01 > exported:RW > smelted:CN@2024-06-01/CID001070
 * The place is an embargo.place id: an I/O function must not read tables,
 * so names are resolved by embargo.hop() instead.  Dates are ISO 8601
 * (YYYY-MM-DD) whatever DateStyle says, so a value reads back the same
 * everywhere, and dated hops must not go back in time along the chain.
 */
#include "postgres.h"

#include "compat.h"
#include "custody.h"
#include "embargo.h"
#include "funcapi.h"
#include "libpq/pqformat.h"
#include "textin.h"
#include "utils/builtins.h"
#include "utils/datetime.h"

PG_FUNCTION_INFO_V1(custody_in);
PG_FUNCTION_INFO_V1(custody_out);
PG_FUNCTION_INFO_V1(custody_recv);
PG_FUNCTION_INFO_V1(custody_send);

static const char *const role_names[HOP_ROLE_COUNT] = {
	"mined", "concentrated", "smelted", "cast", "refined", "processed", "manufactured",
	"transit", "exported"
};


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

static bool
ascii_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

const char *
custody_facility_problem(const char *id)
{
	size_t		len = strlen(id);

	if (len == 0 || len > CUSTODY_FACILITY_MAX)
		return psprintf("A facility id has 1 to %d characters.", CUSTODY_FACILITY_MAX);
	for (size_t i = 0; i < len; i++)
		if (!ascii_alnum(id[i]) && (i == 0 || strchr("._-", id[i]) == NULL))
			return "A facility id is letters and digits, then also \".\", \"_\" or \"-\".";
	return NULL;
}

/*
 * Whether the facility ids after the hops are exactly where the hops say,
 * one after another in hop order, each well formed, filling the value; and
 * there are some if and only if the version says so.
 */
static bool
facilities_stored_well(const Custody *c)
{
	Size		at = CUSTODY_SIZE(c->nhops);

	if ((at == VARSIZE(c)) != (c->version == CUSTODY_VERSION))
		return false;

	for (int i = 0; i < c->nhops; i++)
	{
		const CustodyHop *h = &c->hops[i];
		const char *id = (const char *) c + at;
		size_t		len;

		if (!(h->flags & HOP_FACILITY))
		{
			if (h->facility != 0)
				return false;
			continue;
		}
		if (h->facility != at || at >= VARSIZE(c))
			return false;
		len = strnlen(id, VARSIZE(c) - at);
		if (at + len >= VARSIZE(c) || custody_facility_problem(id) != NULL)
			return false;
		at += len + 1;
	}
	return at == VARSIZE(c);
}

/* A stored value must be what custody_in() or custody_recv() made. */
static void
check_stored(const Custody *c)
{
	if (c->version != CUSTODY_VERSION && c->version != CUSTODY_VERSION_FACILITIES)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("unsupported embargo.custody format version %d", c->version)));
	if (c->nhops < 1 || c->nhops > CUSTODY_MAX_HOPS || VARSIZE(c) < CUSTODY_SIZE(c->nhops) ||
		!facilities_stored_well(c))
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
custody_make(const CustodyHop *hops, const char *const *facilities, int n)
{
	Size		size = CUSTODY_SIZE(n);
	Custody    *c;

	for (int i = 0; facilities != NULL && i < n; i++)
		if (facilities[i] != NULL)
			size += strlen(facilities[i]) + 1;
	c = palloc0(size);
	SET_VARSIZE(c, size);
	c->version = size > CUSTODY_SIZE(n) ? CUSTODY_VERSION_FACILITIES : CUSTODY_VERSION;
	c->nhops = n;
	memcpy(c->hops, hops, sizeof(CustodyHop) * n);
	size = CUSTODY_SIZE(n);
	for (int i = 0; i < n; i++)
	{
		const char *id = facilities != NULL ? facilities[i] : NULL;

		c->hops[i].flags &= ~HOP_FACILITY;
		c->hops[i].facility = 0;
		if (id == NULL)
			continue;
		c->hops[i].flags |= HOP_FACILITY;
		c->hops[i].facility = size;
		strcpy((char *) c + size, id);
		size += strlen(id) + 1;
	}
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
		if ((h->flags & ~(HOP_DATED | HOP_FACILITY)) != 0)
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
 * One hop, "role:TERRITORY[#place][@date][/facility]", into *h and
 * *facility; NULL or a detail saying what is wrong.  A bad territory code
 * is reported by territory_parse() itself, under the hop's error context.
 */
static const char *
parse_hop(char *text, CustodyHop *h, char **facility, Node *escontext, bool *soft_failed)
{
	char	   *colon = strchr(text, ':');
	char	   *slash;
	char	   *at;
	char	   *hash;
	char	   *role;
	int			r;

	memset(h, 0, sizeof(CustodyHop));
	*soft_failed = false;
	if (*text_trim(text) == '\0')
		return "A hop is empty: hops are separated by a single \">\".";
	if (colon == NULL)
		return "A hop has the form role:territory, optionally followed by #place, @date and /facility.";
	*colon = '\0';
	role = text_trim(text);
	for (char *p = role; *p; p++)
		*p = pg_ascii_tolower((unsigned char) *p);
	r = hop_role_from_name(role);
	if (r < 0)
		return psprintf("\"%s\" is not a hop role.", role);
	h->role = r;
	*facility = NULL;
	slash = strchr(colon + 1, '/');
	if (slash != NULL)
	{
		const char *problem;

		*slash = '\0';
		*facility = text_trim(slash + 1);
		problem = custody_facility_problem(*facility);
		if (problem != NULL)
			return problem;
	}
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

#define CUSTODY_HINT errhint("Write hops as role:TERRITORY[#place][@YYYY-MM-DD][/facility], separated by \">\", e.g. \"mined:CD-NK#34@2024-05-01 > exported:RW > smelted:CN/CID001070\".")

Datum
custody_in(PG_FUNCTION_ARGS)
{
	char	   *input = PG_GETARG_CSTRING(0);
	char	   *copy = pstrdup(input);
	CustodyHop	hops[CUSTODY_MAX_HOPS + 1];
	char	   *facilities[CUSTODY_MAX_HOPS + 1];
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
		detail = parse_hop(next, &hops[n], &facilities[n], fcinfo->context, &soft_failed);
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
	c = custody_make(hops, (const char *const *) facilities, n);
	PG_RETURN_POINTER(c);
}

void
custody_format_hop(StringInfo buf, const Custody *c, int i)
{
	const CustodyHop *h = &c->hops[i];
	const char *facility = custody_facility(c, i);
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
	if (facility != NULL)
		appendStringInfo(buf, "/%s", facility);
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
		custody_format_hop(&buf, c, i);
	}
	PG_RETURN_CSTRING(buf.data);
}

/* ---- binary I/O -------------------------------------------------------- */

/*
 * A version byte and the hop count, then per hop: role and flags (a byte
 * each), territory, place and date (int32 each; the date 0 when undated),
 * and with HOP_FACILITY the facility id (its length in a byte, then its
 * characters; version 2 only).  recv checks exactly what in checks.
 */
/* A facility id: its length in a byte, then its characters (ASCII: no conversion). */
static const char *
recv_facility(StringInfo buf)
{
	int			len = pq_getmsgbyte(buf);
	const char *bytes = pq_getmsgbytes(buf, len);
	char	   *id = palloc(len + 1);

	memcpy(id, bytes, len);
	id[len] = '\0';
	/* an embedded NUL would end the id early: refuse it as a bad character */
	if (strlen(id) != len)
		id[0] = '!';
	return id;
}

Datum
custody_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			version = pq_getmsgbyte(buf);
	int			n;
	int			bad_hop;
	const char *detail;
	CustodyHop	hops[CUSTODY_MAX_HOPS];
	const char *facilities[CUSTODY_MAX_HOPS];
	bool		named = false;

	if (version != CUSTODY_VERSION && version != CUSTODY_VERSION_FACILITIES)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("unsupported binary format version %d for type %s", version, "custody")));
	n = pq_getmsgbyte(buf);
	if (n < 1 || n > CUSTODY_MAX_HOPS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid external custody value"),
				 errdetail("A chain of custody has 1 to %d hops, not %d.", CUSTODY_MAX_HOPS, n)));
	memset(hops, 0, sizeof(hops));
	for (int i = 0; i < n; i++)
	{
		CustodyHop *h = &hops[i];

		h->role = pq_getmsgbyte(buf);
		h->flags = pq_getmsgbyte(buf);
		h->territory = pq_getmsgint(buf, 4);
		h->place = pq_getmsgint(buf, 4);
		h->day = pq_getmsgint(buf, 4);
		/* version 1 knows no facilities: the flag is unknown there */
		if (version == CUSTODY_VERSION && (h->flags & HOP_FACILITY))
			detail = "The hop has unknown flags.";
		else
		{
			facilities[i] = (h->flags & HOP_FACILITY) ? recv_facility(buf) : NULL;
			detail = facilities[i] != NULL ? custody_facility_problem(facilities[i]) : NULL;
			named |= facilities[i] != NULL;
		}
		if (detail != NULL)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
					 errmsg("invalid external custody value"),
					 errdetail("Hop %d: %s", i + 1, detail)));
	}
	if (version == CUSTODY_VERSION_FACILITIES && !named)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid external custody value"),
				 errdetail("A chain of format version %d names a facility.", version)));
	detail = chain_problem(hops, n, &bad_hop);
	if (detail != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid external custody value"),
				 errdetail("Hop %d: %s", bad_hop, detail)));
	PG_RETURN_POINTER(custody_make(hops, facilities, n));
}

Datum
custody_send(PG_FUNCTION_ARGS)
{
	Custody    *c = custody_from_datum(PG_GETARG_DATUM(0));
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, c->version);
	pq_sendbyte(&buf, c->nhops);
	for (int i = 0; i < c->nhops; i++)
	{
		const CustodyHop *h = &c->hops[i];

		pq_sendbyte(&buf, h->role);
		pq_sendbyte(&buf, h->flags);
		pq_sendint32(&buf, h->territory);
		pq_sendint32(&buf, h->place);
		pq_sendint32(&buf, h->day);
		if (h->flags & HOP_FACILITY)
		{
			const char *id = custody_facility(c, i);

			pq_sendbyte(&buf, strlen(id));
			pq_sendbytes(&buf, id, strlen(id));
		}
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* A chain checked as input checks it: hop() and || build chains too. */
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
