/*
 * place.c
 *		Name keys and the place lookup.
 *
 * A name key folds a place name to lower-case ASCII letters and digits after
 * ICU's "Any-Latin; Latin-ASCII" transliteration, so that Cyrillic, accented
 * Latin and plain English spellings of one name meet: Мелітополь,
 * Мелитополь, Melitopol and melitopol' all become "melitopol".  Names that
 * no rule can relate (Zaporozhye / Zaporizhzhia) are kept as aliases in
 * embargo.place_name.
 */
#include "postgres.h"

#include "gazetteer.h"
#include "lib/stringinfo.h"
#include "mb/pg_wchar.h"
#include "place.h"
#include "territory.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

#include <unicode/ustring.h>
#include <unicode/utrans.h>

PG_FUNCTION_INFO_V1(place_name_key_fn);
PG_FUNCTION_INFO_V1(find_place_fn);

#define TRANSLITERATION "Any-Latin; Latin-ASCII; Lower"

static UTransliterator *transliterator = NULL;

/* The backend's transliterator, opened on first use and kept. */
static UTransliterator *
get_transliterator(void)
{
	UErrorCode	status = U_ZERO_ERROR;
	UParseError parse_error;
	UChar		id[64];

	if (transliterator != NULL)
		return transliterator;
	u_charsToUChars(TRANSLITERATION, id, sizeof(TRANSLITERATION));
	transliterator = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, &parse_error, &status);
	if (U_FAILURE(status))
	{
		transliterator = NULL;
		ereport(ERROR,
				(errcode(ERRCODE_EXTERNAL_ROUTINE_EXCEPTION),
				 errmsg("could not open ICU transliterator \"%s\": %s",
						TRANSLITERATION, u_errorName(status))));
	}
	return transliterator;
}

static void
check_icu(UErrorCode status, const char *what)
{
	if (U_FAILURE(status))
		ereport(ERROR,
				(errcode(ERRCODE_EXTERNAL_ROUTINE_EXCEPTION),
				 errmsg("ICU %s failed: %s", what, u_errorName(status))));
}

/*
 * Transliterate UTF-8 text into a palloc'd UChar buffer; returns its length.
 * Transliteration can lengthen text a lot (one Han character becomes a whole
 * syllable), so on overflow start again from the original with more room.
 */
static int32_t
transliterate(const char *utf8, int len, UChar **buf)
{
	UErrorCode	status = U_ZERO_ERROR;
	UChar	   *source;
	int32_t		srclen;
	Size		capacity;

	u_strFromUTF8(NULL, 0, &srclen, utf8, len, &status);
	if (status != U_BUFFER_OVERFLOW_ERROR && status != U_STRING_NOT_TERMINATED_WARNING)
		check_icu(status, "conversion from UTF-8");
	source = palloc((srclen + 1) * sizeof(UChar));
	status = U_ZERO_ERROR;
	u_strFromUTF8(source, srclen + 1, &srclen, utf8, len, &status);
	check_icu(status, "conversion from UTF-8");

	for (capacity = (Size) srclen * 4 + 16;; capacity *= 2)
	{
		int32_t		textlen = srclen;
		int32_t		limit = srclen;

		if (capacity > MaxAllocSize / sizeof(UChar) || capacity > PG_INT32_MAX)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("place name is too long to transliterate")));
		*buf = palloc(capacity * sizeof(UChar));
		memcpy(*buf, source, srclen * sizeof(UChar));
		status = U_ZERO_ERROR;
		utrans_transUChars(get_transliterator(), *buf, &textlen, (int32_t) capacity, 0,
						   &limit, &status);
		if (status != U_BUFFER_OVERFLOW_ERROR)
		{
			check_icu(status, "transliteration");
			pfree(source);
			return textlen;
		}
		pfree(*buf);
	}
}

/*
 * The key of a name that is plain ASCII: transliteration would change
 * nothing but case, so skip ICU (most declared names are ASCII).
 */
static text *
ascii_name_key(const char *name, int len)
{
	text	   *key = palloc(VARHDRSZ + len);
	char	   *out = VARDATA(key);

	for (int i = 0; i < len; i++)
	{
		char		c = pg_ascii_tolower(name[i]);

		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			*out++ = c;
	}
	SET_VARSIZE(key, out - (char *) key);
	return key;
}

static bool
is_ascii(const char *s, int len)
{
	for (int i = 0; i < len; i++)
		if (IS_HIGHBIT_SET(s[i]))
			return false;
	return true;
}

/*
 * The key of a name: its transliteration with everything but ASCII letters
 * and digits removed.
 */
text *
place_name_key(text *name)
{
	char	   *utf8;
	UChar	   *buf;
	int32_t		ulen;
	StringInfoData key;

	if (is_ascii(VARDATA_ANY(name), VARSIZE_ANY_EXHDR(name)))
		return ascii_name_key(VARDATA_ANY(name), VARSIZE_ANY_EXHDR(name));
	utf8 = text_to_cstring(name);
	utf8 = pg_server_to_any(utf8, strlen(utf8), PG_UTF8);
	ulen = transliterate(utf8, strlen(utf8), &buf);
	initStringInfo(&key);
	for (int i = 0; i < ulen; i++)
		if ((buf[i] >= 'a' && buf[i] <= 'z') || (buf[i] >= '0' && buf[i] <= '9'))
			appendStringInfoChar(&key, (char) buf[i]);
	pfree(buf);
	return cstring_to_text_with_len(key.data, key.len);
}

Datum
place_name_key_fn(PG_FUNCTION_ARGS)
{
	PG_RETURN_TEXT_P(place_name_key(PG_GETARG_TEXT_PP(0)));
}

#define MAX_REPORTED 5

/* "Melitopol (UA-23, locality, id 16)" */
static char *
describe_place(const GzPlace *p)
{
	char		code[TERRITORY_BUFLEN];

	territory_format(p->territory, code);
	return psprintf("%s (%s, %s, id %d)", p->name, code, p->kind, p->id);
}

static void
report_ambiguous(text *name, const GzPlace **matches, int n)
{
	StringInfoData list;

	initStringInfo(&list);
	for (int i = 0; i < n && i < MAX_REPORTED; i++)
		appendStringInfo(&list, "%s%s", i > 0 ? "; " : "", describe_place(matches[i]));
	if (n > MAX_REPORTED)
		appendStringInfo(&list, "; and %d more", n - MAX_REPORTED);
	ereport(ERROR,
			(errcode(ERRCODE_EMBARGO_PLACE_AMBIGUOUS),
			 errmsg("place name \"%s\" is ambiguous", text_to_cstring(name)),
			 errdetail("It matches %d places: %s.", n, list.data),
			 errhint("Pass a territory as the second argument, or use the place id.")));
}

static void
report_not_found(text *name, bool has_within, Territory within, int outside)
{
	char		where[TERRITORY_BUFLEN];

	if (!has_within)
		ereport(ERROR,
				(errcode(ERRCODE_EMBARGO_PLACE_NOT_FOUND),
				 errmsg("no place named \"%s\"", text_to_cstring(name)),
				 errhint("Places and their aliases are in embargo.place and embargo.place_name.")));
	territory_format(within, where);
	ereport(ERROR,
			(errcode(ERRCODE_EMBARGO_PLACE_NOT_FOUND),
			 errmsg("no place named \"%s\" in %s", text_to_cstring(name), where),
			 outside > 0 ?
			 errdetail_plural("%d place of that name lies outside %s.",
							  "%d places of that name lie outside %s.",
							  outside, outside, where) : 0,
			 errhint("Places and their aliases are in embargo.place and embargo.place_name.")));
}

/*
 * The places whose name or alias has the same key as name (and that lie
 * within the territory, if given), into *matches; returns how many, and in
 * *distinct how many places have that name anywhere.  -1 if the name has no
 * letters or digits.
 */
static int
place_matches(const Gazetteer *g, text *name, bool has_within, Territory within,
			  const GzPlace ***matches, int *distinct)
{
	char	   *key = text_to_cstring(place_name_key(name));
	const GzName *run;
	int			n;
	int			nmatches = 0;

	*distinct = 0;
	if (*key == '\0')
		return -1;
	n = gazetteer_places_named(key, &run);
	*matches = palloc(sizeof(GzPlace *) * (n + 1));
	for (int i = 0; i < n; i++)
	{
		const GzPlace *p;

		/* a name and an alias of one place may share a key */
		if (i > 0 && run[i].place_id == run[i - 1].place_id)
			continue;
		(*distinct)++;
		p = gazetteer_place(g, run[i].place_id);
		if (p != NULL && (!has_within || territory_contains(within, p->territory)))
			(*matches)[nmatches++] = p;
	}
	return nmatches;
}

/*
 * The id of the one place whose name or alias has the same key as name
 * (and that lies within the territory, if given).  No match and several
 * matches are errors: a place is never guessed.
 */
int32
place_resolve(const Gazetteer *g, text *name, bool has_within, Territory within)
{
	const GzPlace **matches;
	int			distinct;
	int			n = place_matches(g, name, has_within, within, &matches, &distinct);

	if (n < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("place name \"%s\" has no letters or digits", text_to_cstring(name))));
	if (n == 0)
		report_not_found(name, has_within, within, distinct);
	if (n > 1)
		report_ambiguous(name, matches, n);
	return matches[0]->id;
}

/*
 * The same, but for a caller that goes on without a place: 0, and in
 * *problem why (a row held for review says it).
 */
int32
place_resolve_soft(const Gazetteer *g, text *name, bool has_within, Territory within,
				   const char **problem)
{
	const GzPlace **matches;
	int			distinct;
	int			n = place_matches(g, name, has_within, within, &matches, &distinct);

	*problem = NULL;
	if (n == 1)
		return matches[0]->id;
	if (n < 0)
		*problem = psprintf("its place name \"%s\" has no letters or digits", text_to_cstring(name));
	else if (n == 0)
		*problem = psprintf("its place name \"%s\" names no place%s", text_to_cstring(name),
							has_within ? " within its territory" : "");
	else
		*problem = psprintf("its place name \"%s\" is ambiguous: it names %d places", text_to_cstring(name), n);
	return 0;
}

/* embargo.find_place(name text, within territory) */
Datum
find_place_fn(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	PG_RETURN_INT32(place_resolve(gazetteer_get(fcinfo), PG_GETARG_TEXT_PP(0),
								  !PG_ARGISNULL(1), PG_ARGISNULL(1) ? 0 : PG_GETARG_TERRITORY(1)));
}
