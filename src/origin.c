/*
 * origin.c
 *		The embargo.origin type: input/output, comparison, hashing and
 *		accessors.
 *
 * Text form: (territory,place,sovereign,controller,status,precision), e.g.
 * (UA-23,16,UA,RU,occupied,place) or (UA-23,,UA,RU,contested,subdivision).
 * Input checks that the parts agree with each other (the sovereign is the
 * territory's country, the status matches the controller, a place precision
 * has a place); it cannot check that the place or authority exists, since a
 * type's input must not read tables.
 */
#include "postgres.h"

#include "common/hashfn.h"
#include "compat.h"
#include "embargo.h"
#include "libpq/pqformat.h"
#include "origin.h"
#include "textin.h"
#include "utils/builtins.h"

PG_FUNCTION_INFO_V1(origin_in);
PG_FUNCTION_INFO_V1(origin_out);
PG_FUNCTION_INFO_V1(origin_recv);
PG_FUNCTION_INFO_V1(origin_send);
PG_FUNCTION_INFO_V1(origin_cmp);
PG_FUNCTION_INFO_V1(origin_eq);
PG_FUNCTION_INFO_V1(origin_ne);
PG_FUNCTION_INFO_V1(origin_lt);
PG_FUNCTION_INFO_V1(origin_le);
PG_FUNCTION_INFO_V1(origin_gt);
PG_FUNCTION_INFO_V1(origin_ge);
PG_FUNCTION_INFO_V1(origin_hash);
PG_FUNCTION_INFO_V1(origin_hash_extended);
PG_FUNCTION_INFO_V1(origin_territory_fn);
PG_FUNCTION_INFO_V1(origin_place_fn);
PG_FUNCTION_INFO_V1(origin_sovereign_fn);
PG_FUNCTION_INFO_V1(origin_controller_fn);
PG_FUNCTION_INFO_V1(origin_status_fn);
PG_FUNCTION_INFO_V1(origin_precision_fn);
PG_FUNCTION_INFO_V1(origin_is_occupied_fn);

#define ORIGIN_FIELDS			6
#define ORIGIN_BINARY_VERSION	1

static const char *const status_names[] = {"sovereign", "occupied", "contested"};
static const char *const precision_names[] = {"country", "subdivision", "place"};

const char *
origin_status_name(OriginStatus s)
{
	return status_names[s];
}

/* The status named s, or -1. */
int
origin_status_from_name(const char *s)
{
	for (int i = 0; i < lengthof(status_names); i++)
		if (strcmp(status_names[i], s) == 0)
			return i;
	return -1;
}

const char *
origin_precision_name(OriginPrecision p)
{
	return precision_names[p];
}

/* 1..36 for A-Z0-9, 0 for anything else */
static int
authority_digit(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 1;
	if (c >= '0' && c <= '9')
		return c - '0' + 27;
	return 0;
}

/*
 * Parse a controller: a two-letter ISO 3166-1 country, or an authority code
 * of 3 to 5 of A-Z0-9 beginning with a letter.  Upper case only: these codes
 * come from tables whose CHECK constraints already say so.
 */
bool
controller_parse(const char *str, Controller *result)
{
	size_t		len = strlen(str);
	int32		code = 0;

	if (len == 2)
	{
		Territory	t;

		if (str[0] < 'A' || str[0] > 'Z' || str[1] < 'A' || str[1] > 'Z')
			return false;
		t = ((str[0] - 'A') * 26 + (str[1] - 'A')) << TERRITORY_SUB_BITS;
		if (!territory_valid(t))
			return false;
		*result = t;
		return true;
	}
	if (len < 3 || len > CONTROLLER_AUTHORITY_MAXLEN || str[0] < 'A' || str[0] > 'Z')
		return false;
	for (size_t i = 0; i < CONTROLLER_AUTHORITY_MAXLEN; i++)
	{
		int			d = i < len ? authority_digit(str[i]) : 0;

		if (i < len && d == 0)
			return false;
		code = code * 37 + d;
	}
	*result = CONTROLLER_AUTHORITY_BIT | code;
	return true;
}

void
controller_format(Controller c, char *buf)
{
	int32		code = c & ~CONTROLLER_AUTHORITY_BIT;
	char		tmp[CONTROLLER_AUTHORITY_MAXLEN];
	int			n = 0;

	if (!(c & CONTROLLER_AUTHORITY_BIT))
	{
		territory_format(c, buf);
		return;
	}
	for (int i = CONTROLLER_AUTHORITY_MAXLEN - 1; i >= 0; i--, code /= 37)
		tmp[i] = code % 37 == 0 ? '\0' : "?ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"[code % 37];
	for (int i = 0; i < CONTROLLER_AUTHORITY_MAXLEN && tmp[i] != '\0'; i++)
		buf[n++] = tmp[i];
	buf[n] = '\0';
}

/* Whether a stored controller is one that controller_parse() can produce. */
static bool
controller_valid(Controller c)
{
	char		buf[CONTROLLER_BUFLEN];
	Controller	again;

	if (c <= 0 || (c & ~(CONTROLLER_AUTHORITY_BIT | 0x3FFFFFFF)) != 0)
		return false;
	if (!(c & CONTROLLER_AUTHORITY_BIT) && territory_is_subdivision(c))
		return false;
	controller_format(c, buf);
	return controller_parse(buf, &again) && again == c;
}

/*
 * Why the parts of an origin do not fit together, or NULL if they do.  The
 * territory must already be known valid.
 */
static const char *
origin_inconsistency(const Origin *o)
{
	bool		foreign = o->controller != origin_sovereign(o);

	if (o->place < 0)
		return "The place id must not be negative.";
	if (!controller_valid(o->controller))
		return "The controller must be an ISO 3166-1 country or an authority code of 3 to 5 letters and digits.";
	if (o->status > ORIGIN_CONTESTED)
		return "The status must be sovereign, occupied or contested.";
	if (o->precision > PRECISION_PLACE)
		return "The precision must be country, subdivision or place.";
	if (o->status == ORIGIN_SOVEREIGN && foreign)
		return "A sovereign origin must be controlled by its sovereign.";
	if (o->status != ORIGIN_SOVEREIGN && !foreign)
		return "An occupied or contested origin must name a controller other than its sovereign.";
	if (o->precision == PRECISION_PLACE && o->place == 0)
		return "Place precision needs a place.";
	if (o->precision == PRECISION_SUBDIVISION && !territory_is_subdivision(o->territory))
		return "Subdivision precision needs a subdivision.";
	if (o->reserved != 0)
		return "The reserved field must be zero.";
	return NULL;
}

/* Split "(a,b,c,d,e,f)" in place into trimmed fields; false if malformed. */
static bool
split_fields(char *str, char **fields)
{
	char	   *end;
	int			n = 0;

	str = text_trim(str);
	end = str + strlen(str);
	if (end - str < 2 || *str != '(' || end[-1] != ')')
		return false;
	end[-1] = '\0';
	for (char *p = str + 1;; p++)
	{
		char	   *stop = strchr(p, ',');

		if (n == ORIGIN_FIELDS)
			return false;
		if (stop != NULL)
			*stop = '\0';
		fields[n++] = text_trim(p);
		if (stop == NULL)
			break;
		p = stop;
	}
	return n == ORIGIN_FIELDS;
}

/* Codes are case-insensitive on input, as territory input is. */
static char *
upcase(char *s)
{
	for (char *p = s; *p; p++)
		*p = pg_ascii_toupper(*p);
	return s;
}

/*
 * Parse the fields, or explain why not in *detail.  Bad ISO codes are
 * reported by territory_parse() itself (softly into escontext when there is
 * one, leaving *detail NULL).
 */
static bool
parse_fields(char **f, Origin *o, const char **detail, Node *escontext)
{
	Territory	sovereign;
	int32		place = 0;
	int			status = origin_status_from_name(f[4]);
	int			precision = name_index(precision_names, lengthof(precision_names), f[5]);

	*detail = NULL;
	memset(o, 0, sizeof(Origin));
	if (!territory_parse(f[0], &o->territory, escontext) ||
		!territory_parse(f[2], &sovereign, escontext))
		return false;
	if (*f[1] != '\0' && !text_parse_place_id(f[1], &place))
		*detail = "The place must be empty or a positive integer id, in digits only.";
	else if (sovereign != territory_country(o->territory))
		*detail = "The sovereign must be the country of the territory.";
	else if (!controller_parse(upcase(f[3]), &o->controller))
		*detail = "The controller must be an ISO 3166-1 country or an authority code of 3 to 5 letters and digits.";
	else if (status < 0)
		*detail = "The status must be sovereign, occupied or contested.";
	else if (precision < 0)
		*detail = "The precision must be country, subdivision or place.";
	else
	{
		o->place = place;
		o->status = status;
		o->precision = precision;
		*detail = origin_inconsistency(o);
	}
	return *detail == NULL;
}

Datum
origin_in(PG_FUNCTION_ARGS)
{
	char	   *input = PG_GETARG_CSTRING(0);
	char	   *copy = pstrdup(input);
	char	   *fields[ORIGIN_FIELDS];
	Origin	   *o = palloc(sizeof(Origin));
	const char *detail;

	if (!split_fields(copy, fields))
		detail = "Expected (territory,place,sovereign,controller,status,precision).";
	else if (parse_fields(fields, o, &detail, fcinfo->context))
		PG_RETURN_ORIGIN_P(o);
	else if (detail == NULL)
		return (Datum) 0;		/* a bad ISO code, already reported softly */
	ereturn(fcinfo->context, (Datum) 0,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type %s: \"%s\"", "origin", input),
			 errdetail_internal("%s", detail)));
}

Datum
origin_out(PG_FUNCTION_ARGS)
{
	Origin	   *o = PG_GETARG_ORIGIN_P(0);
	char		territory[TERRITORY_BUFLEN];
	char		sovereign[TERRITORY_BUFLEN];
	char		controller[CONTROLLER_BUFLEN];
	char		place[12] = "";

	territory_format(o->territory, territory);
	territory_format(origin_sovereign(o), sovereign);
	controller_format(o->controller, controller);
	if (o->place != 0)
		snprintf(place, sizeof(place), "%d", o->place);
	PG_RETURN_CSTRING(psprintf("(%s,%s,%s,%s,%s,%s)", territory, place, sovereign,
							   controller, origin_status_name(o->status),
							   origin_precision_name(o->precision)));
}

/*
 * Binary form: a version byte, then territory, place and controller as
 * int32, status and precision as one byte each.  recv checks exactly what
 * in checks.
 */
Datum
origin_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	Origin	   *o = palloc0(sizeof(Origin));
	int			version = pq_getmsgbyte(buf);
	const char *detail;

	if (version != ORIGIN_BINARY_VERSION)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("unsupported binary format version %d for type %s", version, "origin")));
	o->territory = pq_getmsgint(buf, 4);
	o->place = pq_getmsgint(buf, 4);
	o->controller = pq_getmsgint(buf, 4);
	o->status = pq_getmsgbyte(buf);
	o->precision = pq_getmsgbyte(buf);
	if (!territory_valid(o->territory))
		detail = "The territory is not a known ISO 3166 code.";
	else
		detail = origin_inconsistency(o);
	if (detail != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid external origin value"),
				 errdetail_internal("%s", detail)));
	PG_RETURN_ORIGIN_P(o);
}

Datum
origin_send(PG_FUNCTION_ARGS)
{
	Origin	   *o = PG_GETARG_ORIGIN_P(0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, ORIGIN_BINARY_VERSION);
	pq_sendint32(&buf, o->territory);
	pq_sendint32(&buf, o->place);
	pq_sendint32(&buf, o->controller);
	pq_sendbyte(&buf, o->status);
	pq_sendbyte(&buf, o->precision);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/*
 * Order: territory, then place, controller, status, precision.  Origins
 * of one territory sort together, in code order.
 */
static int
origin_compare(const Origin *a, const Origin *b)
{
	if (a->territory != b->territory)
		return a->territory < b->territory ? -1 : 1;
	if (a->place != b->place)
		return a->place < b->place ? -1 : 1;
	if (a->controller != b->controller)
		return a->controller < b->controller ? -1 : 1;
	if (a->status != b->status)
		return a->status < b->status ? -1 : 1;
	if (a->precision != b->precision)
		return a->precision < b->precision ? -1 : 1;
	return 0;
}

#define ORIGIN_CMP_ARGS origin_compare(PG_GETARG_ORIGIN_P(0), PG_GETARG_ORIGIN_P(1))

Datum
origin_cmp(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(ORIGIN_CMP_ARGS);
}

Datum
origin_eq(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(ORIGIN_CMP_ARGS == 0);
}

Datum
origin_ne(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(ORIGIN_CMP_ARGS != 0);
}

Datum
origin_lt(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(ORIGIN_CMP_ARGS < 0);
}

Datum
origin_le(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(ORIGIN_CMP_ARGS <= 0);
}

Datum
origin_gt(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(ORIGIN_CMP_ARGS > 0);
}

Datum
origin_ge(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(ORIGIN_CMP_ARGS >= 0);
}

/* Equal origins are byte-identical (reserved is always 0), so hash bytes. */
Datum
origin_hash(PG_FUNCTION_ARGS)
{
	return hash_any((unsigned char *) PG_GETARG_ORIGIN_P(0), sizeof(Origin));
}

Datum
origin_hash_extended(PG_FUNCTION_ARGS)
{
	return hash_any_extended((unsigned char *) PG_GETARG_ORIGIN_P(0), sizeof(Origin),
							 PG_GETARG_INT64(1));
}

Datum
origin_territory_fn(PG_FUNCTION_ARGS)
{
	PG_RETURN_TERRITORY(PG_GETARG_ORIGIN_P(0)->territory);
}

Datum
origin_place_fn(PG_FUNCTION_ARGS)
{
	Origin	   *o = PG_GETARG_ORIGIN_P(0);

	if (o->place == 0)
		PG_RETURN_NULL();
	PG_RETURN_INT32(o->place);
}

Datum
origin_sovereign_fn(PG_FUNCTION_ARGS)
{
	PG_RETURN_TERRITORY(origin_sovereign(PG_GETARG_ORIGIN_P(0)));
}

Datum
origin_controller_fn(PG_FUNCTION_ARGS)
{
	char		buf[CONTROLLER_BUFLEN];

	controller_format(PG_GETARG_ORIGIN_P(0)->controller, buf);
	PG_RETURN_TEXT_P(cstring_to_text(buf));
}

Datum
origin_status_fn(PG_FUNCTION_ARGS)
{
	PG_RETURN_TEXT_P(cstring_to_text(origin_status_name(PG_GETARG_ORIGIN_P(0)->status)));
}

Datum
origin_precision_fn(PG_FUNCTION_ARGS)
{
	PG_RETURN_TEXT_P(cstring_to_text(origin_precision_name(PG_GETARG_ORIGIN_P(0)->precision)));
}

Datum
origin_is_occupied_fn(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(PG_GETARG_ORIGIN_P(0)->status == ORIGIN_OCCUPIED);
}
