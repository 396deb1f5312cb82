/*
 * hscode.c
 *		I/O, hierarchy and accessors for embargo.hscode.
 *
 * Comparison and hashing reuse the int8 built-ins (see embargo--0.1.sql):
 * the encoding in hscode.h makes integer order the code order.
 */
#include "postgres.h"

#include "compat.h"
#include "hscode.h"
#include "textin.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"

#define HSCODE_HINT \
	errhint("Write an HS code as 2, 4, 6, 8 or 10 digits, such as \"2805.30\" or \"2805.30.00.00\".")

PG_FUNCTION_INFO_V1(hscode_in);
PG_FUNCTION_INFO_V1(hscode_out);
PG_FUNCTION_INFO_V1(hscode_recv);
PG_FUNCTION_INFO_V1(hscode_send);
PG_FUNCTION_INFO_V1(hscode_from_text);
PG_FUNCTION_INFO_V1(hscode_to_text);
PG_FUNCTION_INFO_V1(hscode_contains_fn);
PG_FUNCTION_INFO_V1(hscode_contained_fn);
PG_FUNCTION_INFO_V1(hscode_chapter_fn);
PG_FUNCTION_INFO_V1(hscode_heading_fn);
PG_FUNCTION_INFO_V1(hscode_subheading_fn);
PG_FUNCTION_INFO_V1(hscode_length_fn);
PG_FUNCTION_INFO_V1(hscode_range_end_fn);

/* 10^n for n in 0..10 */
static const int64 pow10[HSCODE_MAX_DIGITS + 1] = {
	INT64CONST(1), INT64CONST(10), INT64CONST(100), INT64CONST(1000),
	INT64CONST(10000), INT64CONST(100000), INT64CONST(1000000),
	INT64CONST(10000000), INT64CONST(100000000), INT64CONST(1000000000),
	INT64CONST(10000000000)
};

/* The code cut to its first ndigits digits (ndigits even, <= its length). */
HsCode
hscode_truncate(HsCode c, int ndigits)
{
	int64		unit = pow10[HSCODE_MAX_DIGITS - ndigits];

	return hscode_make(hscode_padded(c) / unit * unit, ndigits);
}

/* The greatest code contained in c: its ten-digit line ending in nines. */
HsCode
hscode_last_descendant(HsCode c)
{
	return hscode_make(hscode_padded(c) + pow10[HSCODE_MAX_DIGITS - hscode_ndigits(c)] - 1,
					   HSCODE_MAX_DIGITS);
}

/* Is inner equal to outer or one of its subdivisions? */
bool
hscode_contains(HsCode outer, HsCode inner)
{
	return hscode_ndigits(outer) <= hscode_ndigits(inner) &&
		hscode_truncate(inner, hscode_ndigits(outer)) == outer;
}

bool
hscode_sorted_prefixes_hold(const HsCode *prefixes, int n, HsCode c)
{
	int			lo = 0;
	int			hi = n;

	/* the last prefix at or before c is the only one that may hold it */
	while (lo < hi)
	{
		int			mid = (lo + hi) / 2;

		if (prefixes[mid] <= c)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo > 0 && hscode_contains(prefixes[lo - 1], c);
}

/*
 * Does c encode a code that text input could have produced?  Used to check
 * binary input exactly as strictly as text input.
 */
static bool
hscode_well_formed(HsCode c)
{
	int			nd = hscode_ndigits(c);

	return c >= 0 && nd >= 2 && nd <= HSCODE_MAX_DIGITS &&
		hscode_padded(c) < pow10[HSCODE_MAX_DIGITS] &&
		hscode_padded(c) % pow10[HSCODE_MAX_DIGITS - nd] == 0 &&
		hscode_padded(c) >= pow10[HSCODE_MAX_DIGITS - 2];
}

static bool
syntax_error(const char *str, const char *detail, Node *escontext)
{
	ereturn(escontext, false,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type hscode: \"%s\"", str),
			 errdetail_internal("%s", detail),
			 HSCODE_HINT));
}

/*
 * Parse an HS code.  Digits may be grouped with single dots or spaces
 * between them ("2805.30", "2805 30 00", "2805.30.0000"); white space
 * around the code is ignored.
 */
static bool
hscode_parse(const char *str, HsCode *result, Node *escontext)
{
	const char *p = str;
	const char *end = str + strlen(str);
	int64		digits = 0;
	int			nd = 0;

	text_trim_bounds(&p, &end);
	if (p == end)
		return syntax_error(str, _("The input is empty."), escontext);

	for (; p < end; p++)
	{
		if (*p >= '0' && *p <= '9')
		{
			if (++nd > HSCODE_MAX_DIGITS)
				return syntax_error(str, _("An HS code has at most 10 digits."), escontext);
			digits = digits * 10 + (*p - '0');
		}
		else if (*p == '.' || *p == ' ')
		{
			if (nd == 0 || p + 1 == end || !(p[1] >= '0' && p[1] <= '9'))
				return syntax_error(str, _("A separator (\".\" or space) must stand between two digits."),
									escontext);
		}
		else
			return syntax_error(str, _("An HS code contains only digits, optionally grouped with \".\" or spaces."),
								escontext);
	}
	if (nd % 2 != 0)
		ereturn(escontext, false,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type hscode: \"%s\"", str),
				 errdetail("An HS code has an even number of digits (2, 4, 6, 8 or 10), not %d.", nd),
				 HSCODE_HINT));
	digits *= pow10[HSCODE_MAX_DIGITS - nd];
	if (digits < pow10[HSCODE_MAX_DIGITS - 2])
		return syntax_error(str, _("HS chapters run from 01 to 99; there is no chapter 00."), escontext);
	*result = hscode_make(digits, nd);
	return true;
}

/* Canonical text: chapter and heading digits, then dot-separated pairs. */
void
hscode_format(HsCode c, char *buf)
{
	char		digits[HSCODE_MAX_DIGITS + 1];
	int			nd = hscode_ndigits(c);
	char	   *p = buf;

	snprintf(digits, sizeof(digits), "%010lld", (long long) hscode_padded(c));
	for (int i = 0; i < nd; i++)
	{
		if (i >= 4 && i % 2 == 0)
			*p++ = '.';
		*p++ = digits[i];
	}
	*p = '\0';
}

Datum
hscode_in(PG_FUNCTION_ARGS)
{
	HsCode		result;

	if (!hscode_parse(PG_GETARG_CSTRING(0), &result, fcinfo->context))
		PG_RETURN_NULL();
	PG_RETURN_HSCODE(result);
}

Datum
hscode_out(PG_FUNCTION_ARGS)
{
	char	   *buf = palloc(HSCODE_BUFLEN);

	hscode_format(PG_GETARG_HSCODE(0), buf);
	PG_RETURN_CSTRING(buf);
}

/* Binary form: the int64 encoding, checked exactly as text input is. */
Datum
hscode_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	HsCode		c = (HsCode) pq_getmsgint64(buf);

	if (!hscode_well_formed(c))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid external hscode value %lld", (long long) c),
				 errdetail("The value does not encode an HS code of 2, 4, 6, 8 or 10 digits.")));
	PG_RETURN_HSCODE(c);
}

Datum
hscode_send(PG_FUNCTION_ARGS)
{
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendint64(&buf, PG_GETARG_HSCODE(0));
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

Datum
hscode_from_text(PG_FUNCTION_ARGS)
{
	HsCode		result;

	hscode_parse(text_to_cstring(PG_GETARG_TEXT_PP(0)), &result, NULL);
	PG_RETURN_HSCODE(result);
}

Datum
hscode_to_text(PG_FUNCTION_ARGS)
{
	char		buf[HSCODE_BUFLEN];

	hscode_format(PG_GETARG_HSCODE(0), buf);
	PG_RETURN_TEXT_P(cstring_to_text(buf));
}

Datum
hscode_contains_fn(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(hscode_contains(PG_GETARG_HSCODE(0), PG_GETARG_HSCODE(1)));
}

Datum
hscode_contained_fn(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(hscode_contains(PG_GETARG_HSCODE(1), PG_GETARG_HSCODE(0)));
}

/* The code cut to ndigits, or NULL when it is not that fine. */
static Datum
hscode_level(FunctionCallInfo fcinfo, int ndigits)
{
	HsCode		c = PG_GETARG_HSCODE(0);

	if (hscode_ndigits(c) < ndigits)
		PG_RETURN_NULL();
	PG_RETURN_HSCODE(hscode_truncate(c, ndigits));
}

Datum
hscode_chapter_fn(PG_FUNCTION_ARGS)
{
	return hscode_level(fcinfo, 2);
}

Datum
hscode_heading_fn(PG_FUNCTION_ARGS)
{
	return hscode_level(fcinfo, 4);
}

Datum
hscode_subheading_fn(PG_FUNCTION_ARGS)
{
	return hscode_level(fcinfo, 6);
}

Datum
hscode_length_fn(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(hscode_ndigits(PG_GETARG_HSCODE(0)));
}

Datum
hscode_range_end_fn(PG_FUNCTION_ARGS)
{
	PG_RETURN_HSCODE(hscode_last_descendant(PG_GETARG_HSCODE(0)));
}
