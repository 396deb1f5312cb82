/*
 * translit.c
 *		Text in any script to lower-case ASCII through ICU.
 *
 * A transliterator run costs microseconds, so the callers (place name keys,
 * party names) take ASCII as it is and the letters of the common scripts
 * from a per-backend table, each letter transliterated by ICU once, on
 * first sight; only text with rarer characters goes through ICU whole.
 */
#include "postgres.h"

#include "translit.h"
#include "utils/memutils.h"

#include <unicode/ustring.h>
#include <unicode/utrans.h>
#include <unicode/uchar.h>

typedef struct OpenTransliterator
{
	const char *chain;
	UTransliterator *trans;
} OpenTransliterator;

static OpenTransliterator opened[2];

static TranslitLetter letters[TRANSLIT_TABLE_END];

static void
check_icu(UErrorCode status, const char *what)
{
	if (U_FAILURE(status))
		ereport(ERROR,
				(errcode(ERRCODE_EXTERNAL_ROUTINE_EXCEPTION),
				 errmsg("ICU %s failed: %s", what, u_errorName(status))));
}

/* The backend's transliterator for a chain, opened on first use and kept. */
static UTransliterator *
get_transliterator(const char *chain)
{
	UErrorCode	status = U_ZERO_ERROR;
	UParseError parse_error;
	UChar		id[64];
	int			i;

	for (i = 0; i < lengthof(opened) && opened[i].chain != NULL; i++)
		if (strcmp(opened[i].chain, chain) == 0)
			return opened[i].trans;
	Assert(i < lengthof(opened) && strlen(chain) < lengthof(id));
	u_charsToUChars(chain, id, strlen(chain) + 1);
	opened[i].trans = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, &parse_error, &status);
	if (U_FAILURE(status))
		ereport(ERROR,
				(errcode(ERRCODE_EXTERNAL_ROUTINE_EXCEPTION),
				 errmsg("could not open ICU transliterator \"%s\": %s", chain, u_errorName(status))));
	opened[i].chain = chain;
	return opened[i].trans;
}

/*
 * Transliteration can lengthen text a lot (one Han character becomes a
 * whole syllable), so on overflow start again from the original with more
 * room.
 */
int32_t
translit_icu(const char *chain, const char *utf8, int len, UChar **buf)
{
	UTransliterator *trans = get_transliterator(chain);
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
					 errmsg("name is too long to transliterate")));
		*buf = palloc(capacity * sizeof(UChar));
		memcpy(*buf, source, srclen * sizeof(UChar));
		status = U_ZERO_ERROR;
		utrans_transUChars(trans, *buf, &textlen, (int32_t) capacity, 0, &limit, &status);
		if (status != U_BUFFER_OVERFLOW_ERROR)
		{
			check_icu(status, "transliteration");
			pfree(source);
			return textlen;
		}
		pfree(*buf);
	}
}

const TranslitLetter *
translit_letter(pg_wchar c)
{
	TranslitLetter *k = &letters[c];
	unsigned char utf8[8];
	UChar	   *buf;
	int32_t		ulen;

	Assert(c >= 0x80 && c < TRANSLIT_TABLE_END);
	if (k->known)
		return k;
	unicode_to_utf8(c, utf8);
	ulen = translit_icu(TRANSLIT_PARTY, (char *) utf8, pg_utf_mblen(utf8), &buf);
	k->len = 0;
	for (int i = 0; i < ulen && k->len < TRANSLIT_KEY_MAX; i++)
		if ((buf[i] >= 'a' && buf[i] <= 'z') || (buf[i] >= '0' && buf[i] <= '9'))
			k->key[k->len++] = (char) buf[i];
	pfree(buf);
	k->in_word = k->len > 0 || u_isalnum((UChar32) c) || u_getCombiningClass((UChar32) c) != 0 ||
		u_charType((UChar32) c) == U_NON_SPACING_MARK;
	k->known = true;
	return k;
}

bool
translit_is_ascii(const char *s, int len)
{
	for (int i = 0; i < len; i++)
		if (IS_HIGHBIT_SET(s[i]))
			return false;
	return true;
}
