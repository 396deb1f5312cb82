/*
 * territory.c
 *		I/O, containment and lookups for embargo.territory.
 *
 * Comparison and hashing reuse the int4 built-ins (see embargo--0.1.sql):
 * the encoding in territory.h makes integer order the code order.
 */
#include "postgres.h"

#include "compat.h"
#include "funcapi.h"
#include "iso3166.h"
#include "libpq/pqformat.h"
#include "territory.h"
#include "textin.h"
#include "utils/builtins.h"

#define TERRITORY_HINT \
	errhint("Use an ISO 3166-1 alpha-2 code such as \"UA\" or an ISO 3166-2 code such as \"UA-43\".")

PG_FUNCTION_INFO_V1(territory_in);
PG_FUNCTION_INFO_V1(territory_out);
PG_FUNCTION_INFO_V1(territory_recv);
PG_FUNCTION_INFO_V1(territory_send);
PG_FUNCTION_INFO_V1(territory_from_text);
PG_FUNCTION_INFO_V1(territory_to_text);
PG_FUNCTION_INFO_V1(territory_contains_fn);
PG_FUNCTION_INFO_V1(territory_contained_fn);
PG_FUNCTION_INFO_V1(territory_country_fn);
PG_FUNCTION_INFO_V1(territory_is_subdivision_fn);
PG_FUNCTION_INFO_V1(territory_parent_fn);
PG_FUNCTION_INFO_V1(territory_name_fn);
PG_FUNCTION_INFO_V1(territory_list);
PG_FUNCTION_INFO_V1(territory_range_start_fn);
PG_FUNCTION_INFO_V1(territory_range_end_fn);

/* Map 0-9A-Z to 1..36; anything else to 0 (invalid). */
static int
sub_digit(char c)
{
	if (c >= '0' && c <= '9')
		return 1 + (c - '0');
	if (c >= 'A' && c <= 'Z')
		return 11 + (c - 'A');
	return 0;
}

/* pg_ascii_toupper(), inline: text input calls it for every character */
static inline char
ascii_toupper(char c)
{
	return c >= 'a' && c <= 'z' ? c + ('A' - 'a') : c;
}

static bool
is_upper_ascii(char c)
{
	return c >= 'A' && c <= 'Z';
}

static char
sub_char(int d)
{
	return d <= 10 ? '0' + (d - 1) : 'A' + (d - 11);
}

static Territory
territory_encode(const char *country, const char *sub, int sublen)
{
	int32		value = 0;

	for (int i = 0; i < TERRITORY_SUB_MAXLEN; i++)
		value = value * TERRITORY_SUB_BASE + (i < sublen ? sub_digit(sub[i]) : 0);
	return (((country[0] - 'A') * 26 + (country[1] - 'A')) << TERRITORY_SUB_BITS) | value;
}

/*
 * Write the canonical text form of an encoded territory into buf (at least
 * TERRITORY_BUFLEN bytes).  The encoding must already be well formed.
 */
void
territory_format(Territory t, char *buf)
{
	int			country = t >> TERRITORY_SUB_BITS;
	int			sub = t & TERRITORY_SUB_MASK;
	int			digits[TERRITORY_SUB_MAXLEN];
	char	   *p = buf;

	*p++ = 'A' + country / 26;
	*p++ = 'A' + country % 26;
	for (int i = TERRITORY_SUB_MAXLEN - 1; i >= 0; i--)
	{
		digits[i] = sub % TERRITORY_SUB_BASE;
		sub /= TERRITORY_SUB_BASE;
	}
	if (digits[0] != 0)
	{
		*p++ = '-';
		for (int i = 0; i < TERRITORY_SUB_MAXLEN && digits[i] != 0; i++)
			*p++ = sub_char(digits[i]);
	}
	*p = '\0';
}

/*
 * Is t a well-formed encoding: a country in range and a subdivision suffix
 * whose characters are contiguous from the left?
 */
static bool
territory_well_formed(Territory t)
{
	int			sub = t & TERRITORY_SUB_MASK;
	bool		ended = false;

	if (t < 0 || (t >> TERRITORY_SUB_BITS) >= 26 * 26 ||
		sub > TERRITORY_SUB_LAST)
		return false;
	for (int div = TERRITORY_SUB_BASE * TERRITORY_SUB_BASE; div > 0; div /= TERRITORY_SUB_BASE)
	{
		int			d = (sub / div) % TERRITORY_SUB_BASE;

		if (d == 0)
			ended = true;
		else if (ended)
			return false;
	}
	return true;
}

/*
 * Report a well-formed but unknown code: say whether the country itself is
 * unknown or only the subdivision.
 */
static bool
report_unknown(Territory t, Node *escontext)
{
	char		code[TERRITORY_BUFLEN];
	const Iso3166Entry *country = iso3166_lookup(territory_country(t));

	territory_format(t, code);
	if (country == NULL)
		ereturn(escontext, false,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("unknown ISO 3166-1 country code \"%.2s\"", code),
				 TERRITORY_HINT));
	ereturn(escontext, false,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("unknown ISO 3166-2 subdivision code \"%s\"", code),
			 errdetail("%s (%.2s) has no subdivision \"%s\".",
					   country->name, code, code + 3),
			 errhint("The query SELECT code, name FROM embargo.territories() WHERE code <@ '%.2s' lists the valid codes.",
					 code)));
}

/*
 * Parse the inlen bytes at str into a territory: surrounding white space is
 * ignored and letters are case-folded; the code must exist in ISO 3166.
 * str need not be NUL-terminated, so that text is read in place.
 */
static bool
parse_territory(const char *str, int inlen, Territory *result, Node *escontext)
{
	char		buf[TERRITORY_BUFLEN];
	const char *start = str;
	const char *end = str + inlen;
	int			len;
	int			sublen;

	text_trim_bounds(&start, &end);
	len = end - start;
	if (len <= 0)
		ereturn(escontext, false,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type territory: \"%.*s\"", inlen, str),
				 errdetail("The input is empty."),
				 TERRITORY_HINT));
	for (int i = 0; i < len && i < TERRITORY_BUFLEN - 1; i++)
		buf[i] = ascii_toupper(start[i]);
	buf[Min(len, TERRITORY_BUFLEN - 1)] = '\0';

	if (len < 2 || !is_upper_ascii(buf[0]) || !is_upper_ascii(buf[1]) ||
		(len > 2 && buf[2] != '-'))
		ereturn(escontext, false,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type territory: \"%.*s\"", inlen, str),
				 errdetail("A territory code starts with a two-letter ISO 3166-1 country code."),
				 TERRITORY_HINT));

	sublen = len > 2 ? len - 3 : 0;
	for (int i = 0; i < sublen && i < TERRITORY_SUB_MAXLEN; i++)
		if (sub_digit(buf[3 + i]) == 0)
			sublen = -1;
	if (len > 2 && (sublen < 1 || sublen > TERRITORY_SUB_MAXLEN))
		ereturn(escontext, false,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type territory: \"%.*s\"", inlen, str),
				 errdetail("A subdivision code has one to three letters or digits after \"-\"."),
				 TERRITORY_HINT));

	*result = territory_encode(buf, buf + 3, sublen);
	if (iso3166_lookup(*result) == NULL)
		return report_unknown(*result, escontext);
	return true;
}

/* Parse a C string into a territory, as parse_territory() does. */
bool
territory_parse(const char *str, Territory *result, Node *escontext)
{
	return parse_territory(str, strlen(str), result, escontext);
}

/*
 * Does outer contain inner?  Every territory contains itself, a country
 * contains all its subdivisions, and a subdivision contains those ISO 3166-2
 * lists under it (e.g. GB-SCT contains GB-ABE).
 */
bool
territory_contains(Territory outer, Territory inner)
{
	const Iso3166Entry *e;

	if (outer == inner)
		return true;
	if (territory_country(outer) != territory_country(inner) ||
		!territory_is_subdivision(inner))
		return false;
	if (!territory_is_subdivision(outer))
		return true;
	for (e = iso3166_lookup(inner); e != NULL && e->parent >= 0; e = iso3166_lookup(e->parent))
		if (e->parent == outer)
			return true;
	return false;
}

/* Does ISO 3166 list anything under t? */
bool
territory_has_children(Territory t)
{
	const Iso3166Entry *e = iso3166_lookup(t);

	return e != NULL && e->has_children;
}

/*
 * Everything t contains lies in [territory_range_start(t),
 * territory_range_end(t)] of the btree order.  Subdivisions listed under a
 * subdivision may sort before it (GB-ABE < GB-SCT), so such a parent's range
 * is its whole country.  The end is the country's last real code, not a
 * sentinel, so that every bound is a value text input accepts.
 */
Territory
territory_range_start(Territory t)
{
	if (territory_is_subdivision(t) && territory_has_children(t))
		return territory_country(t);
	return t;
}

Territory
territory_range_end(Territory t)
{
	if (!territory_is_subdivision(t) || territory_has_children(t))
		return iso3166_last_code_from(territory_country(t));
	return t;
}

Datum
territory_in(PG_FUNCTION_ARGS)
{
	char	   *str = PG_GETARG_CSTRING(0);
	Territory	result;

	if (!territory_parse(str, &result, fcinfo->context))
		PG_RETURN_NULL();
	PG_RETURN_TERRITORY(result);
}

Datum
territory_out(PG_FUNCTION_ARGS)
{
	char	   *buf = palloc(TERRITORY_BUFLEN);

	territory_format(PG_GETARG_TERRITORY(0), buf);
	PG_RETURN_CSTRING(buf);
}

/* Whether t is a code that text input accepts. */
bool
territory_valid(Territory t)
{
	return territory_well_formed(t) && iso3166_lookup(t) != NULL;
}

/* Binary form: the int32 encoding, checked exactly as text input is. */
Datum
territory_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	Territory	t = (Territory) pq_getmsgint(buf, sizeof(int32));

	if (!territory_valid(t))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid external territory value %d", t),
				 errdetail("The value does not encode a known ISO 3166 code.")));
	PG_RETURN_TERRITORY(t);
}

Datum
territory_send(PG_FUNCTION_ARGS)
{
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendint32(&buf, PG_GETARG_TERRITORY(0));
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

Datum
territory_from_text(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	Territory	result;

	/* in place: no copy of the text to a C string */
	parse_territory(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), &result, NULL);
	PG_RETURN_TERRITORY(result);
}

Datum
territory_to_text(PG_FUNCTION_ARGS)
{
	char		buf[TERRITORY_BUFLEN];

	territory_format(PG_GETARG_TERRITORY(0), buf);
	PG_RETURN_TEXT_P(cstring_to_text(buf));
}

Datum
territory_contains_fn(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(territory_contains(PG_GETARG_TERRITORY(0), PG_GETARG_TERRITORY(1)));
}

Datum
territory_contained_fn(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(territory_contains(PG_GETARG_TERRITORY(1), PG_GETARG_TERRITORY(0)));
}

Datum
territory_country_fn(PG_FUNCTION_ARGS)
{
	PG_RETURN_TERRITORY(territory_country(PG_GETARG_TERRITORY(0)));
}

Datum
territory_is_subdivision_fn(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(territory_is_subdivision(PG_GETARG_TERRITORY(0)));
}

/*
 * The immediate ISO parent: a subdivision's parent subdivision or country;
 * -1 for a country.
 */
Territory
territory_parent(Territory t)
{
	const Iso3166Entry *e;

	if (!territory_is_subdivision(t))
		return -1;
	e = iso3166_lookup(t);
	return e != NULL ? e->parent : territory_country(t);
}

/*
 * t and its ISO ancestors, finest first, into chain (room for
 * TERRITORY_MAX_DEPTH); returns how many.  Remembered in a small
 * direct-mapped cache: screening asks this for every row, and the code
 * table never changes while the library is loaded.
 */
int
territory_ancestors(Territory t, Territory *chain)
{
	static struct
	{
		Territory	t;
		int			n;
		Territory	chain[TERRITORY_MAX_DEPTH];
	}			cache[256];
	uint32		slot = ((uint32) t * 2654435761u) >> 24;
	int			n = 0;

	if (cache[slot].n > 0 && cache[slot].t == t)
	{
		memcpy(chain, cache[slot].chain, sizeof(Territory) * cache[slot].n);
		return cache[slot].n;
	}
	for (Territory a = t; a >= 0; a = territory_parent(a))
	{
		if (n == TERRITORY_MAX_DEPTH)
			elog(ERROR, "territory hierarchy too deep");
		chain[n++] = a;
	}
	cache[slot].t = t;
	cache[slot].n = n;
	memcpy(cache[slot].chain, chain, sizeof(Territory) * n);
	return n;
}

Datum
territory_parent_fn(PG_FUNCTION_ARGS)
{
	Territory	parent = territory_parent(PG_GETARG_TERRITORY(0));

	if (parent < 0)
		PG_RETURN_NULL();
	PG_RETURN_TERRITORY(parent);
}

/*
 * The ISO 3166 name.  NULL only for a value stored under an older code list
 * that has since dropped the code.
 */
Datum
territory_name_fn(PG_FUNCTION_ARGS)
{
	const Iso3166Entry *e = iso3166_lookup(PG_GETARG_TERRITORY(0));

	if (e == NULL)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text(e->name));
}

/* embargo.territories(): every compiled-in code, in code order. */
Datum
territory_list(PG_FUNCTION_ARGS)
{
	FuncCallContext *funcctx;
	const Iso3166Entry *e;
	Datum		values[3];
	bool		nulls[3] = {false, false, false};

	if (SRF_IS_FIRSTCALL())
	{
		MemoryContext oldcontext;
		TupleDesc	tupdesc;

		funcctx = SRF_FIRSTCALL_INIT();
		oldcontext = MemoryContextSwitchTo(funcctx->multi_call_memory_ctx);
		if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
			elog(ERROR, "return type must be a row type");
		funcctx->tuple_desc = BlessTupleDesc(tupdesc);
		funcctx->max_calls = iso3166_nentries;
		MemoryContextSwitchTo(oldcontext);
	}
	funcctx = SRF_PERCALL_SETUP();
	if (funcctx->call_cntr >= funcctx->max_calls)
		SRF_RETURN_DONE(funcctx);

	e = &iso3166_entries[funcctx->call_cntr];
	values[0] = TerritoryGetDatum(e->code);
	values[1] = PointerGetDatum(cstring_to_text(e->name));
	values[2] = TerritoryGetDatum(e->parent);
	nulls[2] = e->parent < 0;
	SRF_RETURN_NEXT(funcctx,
					HeapTupleGetDatum(heap_form_tuple(funcctx->tuple_desc, values, nulls)));
}

Datum
territory_range_start_fn(PG_FUNCTION_ARGS)
{
	PG_RETURN_TERRITORY(territory_range_start(PG_GETARG_TERRITORY(0)));
}

Datum
territory_range_end_fn(PG_FUNCTION_ARGS)
{
	PG_RETURN_TERRITORY(territory_range_end(PG_GETARG_TERRITORY(0)));
}
