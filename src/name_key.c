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
#include "translit.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

PG_FUNCTION_INFO_V1(place_name_key_fn);

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

/* Apostrophes, dashes and spaces Ukrainian names are written with: no key. */
static bool
is_keyless_mark(pg_wchar c)
{
	return c == 0x00A0 || c == 0x02BC || c == 0x2018 || c == 0x2019 || c == 0x2013 || c == 0x2014;
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
			const TranslitLetter *k = translit_letter(c);

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

	if (translit_is_ascii(s, len))
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
	ulen = translit_icu(TRANSLIT_PLACE, utf8, strlen(utf8), &buf);
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

