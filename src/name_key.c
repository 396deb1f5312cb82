/*
 * name_key.c
 *		Name keys: the script-insensitive form in which places are looked up.
 *
 * A name key folds a place name to lower-case ASCII letters and digits after
 * ICU's "Any-Latin; Latin-ASCII" transliteration, so that Cyrillic, accented
 * Latin and plain English spellings of one name meet: Мелітополь,
 * Мелитополь, Melitopol and melitopol' all become "melitopol".  Names that
 * no rule can relate (Zaporozhye / Zaporizhzhia) are kept as aliases in
 * embargo.place_name.
 */
#include "postgres.h"

#include "compat.h"
#include "lib/stringinfo.h"
#include "mb/pg_wchar.h"
#include "name_key.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

#include <unicode/ustring.h>
#include <unicode/utrans.h>

PG_FUNCTION_INFO_V1(place_name_key_fn);

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
static void
ascii_name_key(const char *name, int len, StringInfo key)
{
	for (int i = 0; i < len; i++)
	{
		char		c = pg_ascii_tolower(name[i]);

		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			appendStringInfoChar(key, c);
	}
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
 * Cyrillic names, the bulk of a Ukrainian gazetteer, are keyed letter by
 * letter from a table each backend fills from ICU itself, one letter at a
 * time on first sight: a name of Cyrillic letters, ASCII and the
 * apostrophes and dashes they are written with costs a table lookup per
 * letter instead of a transliterator run.  A name with any other character
 * goes through ICU whole.
 */
#define CYRILLIC_FIRST 0x0400
#define CYRILLIC_LAST 0x04FF
#define LETTER_KEY_MAX 7

typedef struct LetterKey
{
	bool		known;
	uint8		len;
	char		key[LETTER_KEY_MAX];
} LetterKey;

static LetterKey cyrillic_keys[CYRILLIC_LAST - CYRILLIC_FIRST + 1];

/* Apostrophes, dashes and spaces Ukrainian names are written with: no key. */
static bool
is_keyless_mark(pg_wchar c)
{
	return c == 0x00A0 || c == 0x02BC || c == 0x2018 || c == 0x2019 || c == 0x2013 || c == 0x2014;
}

/* The key of one Cyrillic letter, from ICU on first sight. */
static const LetterKey *
cyrillic_key(pg_wchar c)
{
	LetterKey  *k = &cyrillic_keys[c - CYRILLIC_FIRST];
	unsigned char utf8[8];
	UChar	   *buf;
	int32_t		ulen;

	if (k->known)
		return k;
	unicode_to_utf8(c, utf8);
	ulen = transliterate((char *) utf8, pg_utf_mblen(utf8), &buf);
	k->len = 0;
	for (int i = 0; i < ulen && k->len < LETTER_KEY_MAX; i++)
		if ((buf[i] >= 'a' && buf[i] <= 'z') || (buf[i] >= '0' && buf[i] <= '9'))
			k->key[k->len++] = (char) buf[i];
	pfree(buf);
	k->known = true;
	return k;
}

/* The key by the letter table, or false if a character needs ICU. */
static bool
letterwise_key(const char *s, int len, StringInfo key)
{
	const unsigned char *p = (const unsigned char *) s;
	const unsigned char *end = p + len;

	while (p < end)
	{
		int			n = pg_utf_mblen(p);
		pg_wchar	c;

		if (n == 1)
		{
			char		a = pg_ascii_tolower((char) *p++);

			if ((a >= 'a' && a <= 'z') || (a >= '0' && a <= '9'))
				appendStringInfoChar(key, a);
			continue;
		}
		if (p + n > end)
			return false;
		c = utf8_to_unicode(p);
		p += n;
		if (c >= CYRILLIC_FIRST && c <= CYRILLIC_LAST)
		{
			const LetterKey *k = cyrillic_key(c);

			appendBinaryStringInfo(key, k->key, k->len);
		}
		else if (!is_keyless_mark(c))
			return false;
	}
	return true;
}

/*
 * The key of a name, appended to key: its transliteration with everything
 * but ASCII letters and digits removed.
 */
void
place_name_key_into(text *name, StringInfo key)
{
	const char *s = VARDATA_ANY(name);
	int			len = VARSIZE_ANY_EXHDR(name);
	int			start = key->len;
	char	   *utf8;
	UChar	   *buf;
	int32_t		ulen;

	if (is_ascii(s, len))
	{
		ascii_name_key(s, len, key);
		return;
	}
	if (GetDatabaseEncoding() == PG_UTF8 && letterwise_key(s, len, key))
		return;
	key->len = start;
	key->data[start] = '\0';
	utf8 = text_to_cstring(name);
	utf8 = pg_server_to_any(utf8, strlen(utf8), PG_UTF8);
	ulen = transliterate(utf8, strlen(utf8), &buf);
	for (int i = 0; i < ulen; i++)
		if ((buf[i] >= 'a' && buf[i] <= 'z') || (buf[i] >= '0' && buf[i] <= '9'))
			appendStringInfoChar(key, (char) buf[i]);
	pfree(buf);
}

text *
place_name_key(text *name)
{
	StringInfoData key;

	initStringInfo(&key);
	place_name_key_into(name, &key);
	return cstring_to_text_with_len(key.data, key.len);
}

Datum
place_name_key_fn(PG_FUNCTION_ARGS)
{
	PG_RETURN_TEXT_P(place_name_key(PG_GETARG_TEXT_PP(0)));
}

