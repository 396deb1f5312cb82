/*
 * fuzz_party_name.c
 *		libFuzzer target: a party's name as the matcher reads it
 *		(src/party_norm.c and src/translit.c, with ICU): any valid UTF-8
 *		becomes words of lower-case ASCII letters and digits with non-empty
 *		skeletons, legal forms set aside, a key that is the words joined,
 *		and an identifier key of upper-case letters and digits; the only
 *		error is a name too long to transliterate.
 */
#include "postgres.h"

#include "fuzz.h"
#include "mb/pg_wchar.h"
#include "party_norm.h"

typedef struct NameInput
{
	const char *s;
	int			len;
} NameInput;

static void
check_lower_alnum(const char *what, const char *s, int len)
{
	if (len <= 0)
		fuzz_fail("%s is empty", what);
	for (int i = 0; i < len; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9')))
			fuzz_fail("%s \"%s\" has the byte 0x%02x", what, s, (unsigned char) s[i]);
}

static void
check_words(const PartyName *n)
{
	if (n->nwords + n->nlegal > PARTY_NAME_MAX_WORDS)
		fuzz_fail("%d words and %d legal forms, over %d", n->nwords, n->nlegal, PARTY_NAME_MAX_WORDS);
	if (n->nwords == 0 && n->nlegal > 0)
		fuzz_fail("only legal forms set aside: a name of legal forms keeps them");
	for (int i = 0; i < n->nwords; i++)
	{
		check_lower_alnum("a word", n->words[i].word, strlen(n->words[i].word));
		check_lower_alnum("a skeleton", n->words[i].skeleton, n->words[i].skeleton_len);
		if ((int) strlen(n->words[i].skeleton) != n->words[i].skeleton_len)
			fuzz_fail("skeleton \"%s\" has length %d", n->words[i].skeleton, n->words[i].skeleton_len);
	}
	for (int i = 0; i < n->nlegal; i++)
		check_lower_alnum("a legal form", n->legal[i], strlen(n->legal[i]));
}

/* The key is the words joined by spaces, for a name no longer than the parse keeps. */
static void
check_key(const NameInput *in, const PartyName *n)
{
	char	   *key = party_name_key(in->s, in->len);
	StringInfoData joined;

	initStringInfo(&joined);
	for (int i = 0; i < n->nwords; i++)
		appendStringInfo(&joined, "%s%s", i ? " " : "", n->words[i].word);
	if (n->nwords + n->nlegal < PARTY_NAME_MAX_WORDS && strcmp(key, joined.data) != 0)
		fuzz_fail("key \"%s\" is not the words \"%s\"", key, joined.data);
}

static void
check_identifier(const NameInput *in)
{
	char	   *key = party_identifier_key(in->s, in->len);
	int			digits = 0;

	if (key == NULL)
		return;
	for (const char *p = key; *p; p++)
	{
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')))
			fuzz_fail("identifier key \"%s\" has the byte 0x%02x", key, (unsigned char) *p);
		digits += *p >= '0' && *p <= '9';
	}
	if (digits < PARTY_IDENTIFIER_MIN_DIGITS)
		fuzz_fail("identifier key \"%s\" has %d digits", key, digits);
}

/* As a PGFunction, so that fuzz_call() catches an ERROR. */
static Datum
read_name(PG_FUNCTION_ARGS)
{
	const NameInput *in = (const NameInput *) DatumGetPointer(PG_GETARG_DATUM(0));
	PartyName	n;

	party_name_parse(in->s, in->len, &n);
	check_words(&n);
	check_key(in, &n);
	check_identifier(in);
	PG_RETURN_BOOL(true);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	NameInput	in = {.s = (const char *) data, .len = (int) size};
	Datum		result;
	FuzzError	e;

	fuzz_set_input("party_name", data, size);
	/* the server hands over text in the database encoding: valid UTF-8 */
	if (size > 4096 || pg_encoding_verifymbstr(PG_UTF8, (const char *) data, size) != (int) size)
		return -1;
	if (!fuzz_call("party_name_parse", read_name, 1, PointerGetDatum(&in), 0, 0, &result, &e) &&
		e.sqlerrcode != ERRCODE_PROGRAM_LIMIT_EXCEEDED)
		fuzz_fail("party_name_parse raised \"%s\" (sqlerrcode %d)", e.message, e.sqlerrcode);
	fuzz_reset();
	return 0;
}
