/*
 * party_norm.c
 *		Party names to the words the matcher compares.
 *
 * Folding: NFKC, lower case, every script to Latin and accents removed, by
 * ICU's transliterators (translit.c); apostrophes join, every other
 * character that is no letter or digit separates words.  Runs of single
 * letters are initials of one word ("S.A.", "J.S.C." → "sa", "jsc").
 * Legal forms, in the spellings and scripts lists and invoices use, are set
 * aside so that they can neither make nor break a match (a name that is
 * nothing but a legal form keeps it).  Each word then gets a skeleton that
 * the romanisations of one Cyrillic or Arabic name share (Kh/H, Y/I/J,
 * Ts/C, doubled letters), in which words are compared.
 */
#include "postgres.h"

#include "mb/pg_wchar.h"
#include "party_norm.h"
#include "translit.h"

/*
 * Legal forms, longest first, as folded words.  A pattern word ending in *
 * is a prefix, so that the transliterations of one Cyrillic word meet
 * (общество: obshchestvo, obsestvo, obschestvo); | separates alternatives.
 */
static const char *const legal_forms[][5] = {
	{"federaln*", "gosudarstv*", "unitarn*", "predpr*"},
	{"federal", "state", "unitary|united", "enterprise"},
	{"federal|state", "unitary|united", "enterprise"},
	{"obs*", "s", "ogranich*|ogranic*", "otvets*"},
	{"tovar*", "z", "obmez*", "vidpovid*"},
	{"publichn*|publicn*|nepublichn*|nepublicn*|zakryt*|otkryt*", "akts*|akc*|aks*", "obs*"},
	{"pryvatn*|privatn*|publichn*|publicn*", "akts*|akc*|aks*", "tovar*"},
	{"public|private|closed|open|non", "joint", "stock", "company"},
	{"public|private|closed|open|non", "jointstock", "company"},
	{"gosudarstv*", "unitarn*", "predpr*"},
	{"gesellschaft", "mit", "beschr*", "haftung"},
	{"limited", "liability", "company|partnership"},
	{"public|private", "limited", "company"},
	{"joint", "stock", "company"},
	{"akts*|akc*|aks*", "obs*|tovar*"},
	{"dochirn*|derzhavn*|derzavn*|dochern*", "pidpr*|predpr*"},
	{"societe|sociedad|societa", "anonim*|anonyme|per"},
	{"limited", "company|partnership"},
	{"gosudarstvenn*", "korporac*|korporat*"},
	{"state", "corporation"},
	{"joint", "stock"},
	{"sdn", "bhd"},
	{"goskorpor*"},
	{"sp", "zoo"},
	{"fz", "llc|co|e"},
};

static const char *const legal_words[] = {
	"ab", "ad", "ag", "ano", "ao", "aps", "bhd", "bv", "cia", "cjsc", "co", "company", "corp",
	"corporation", "dmcc", "dp", "fgup", "fzc", "fzco", "fze", "fzllc", "gk", "gmbh", "gup", "inc", "incorporated", "ip",
	"jointstock", "jsc", "kft", "kg", "limited", "llc", "llp", "lp", "ltd", "ltda", "mup", "nao",
	"nk", "nv", "oao", "ojsc", "ooo", "osauhing", "ou", "oy", "pao", "pat", "pjsc", "plc", "pp",
	"prat", "pte", "pvt", "sa", "sal", "sarl", "sas", "spa", "srl", "sro", "tdv", "tov", "wll",
	"zao", "zrt",
};

/* Apostrophes and primes join the parts of a word: O'Brien, Zaporiz'ka, Мар'янівка. */
static bool
is_joiner(pg_wchar c)
{
	return c == '\'' || c == '`' || c == 0x00B4 || c == 0x02B9 || c == 0x02BA || c == 0x02BC ||
		c == 0x2018 || c == 0x2019 || c == 0x2032;
}

static void
fold_ascii_char(char ch, StringInfo out)
{
	char		a = pg_ascii_tolower(ch);

	if ((a >= 'a' && a <= 'z') || (a >= '0' && a <= '9'))
		appendStringInfoChar(out, a);
	else if (!is_joiner((unsigned char) a))
		appendStringInfoChar(out, ' ');
}

/* Fold UTF-8 letter by letter from the table; false if a character is not in it. */
static bool
fold_letterwise(const unsigned char *p, const unsigned char *end, StringInfo out)
{
	while (p < end)
	{
		int			n = pg_utf_mblen(p);
		pg_wchar	c;
		const TranslitLetter *k;

		if (n == 1)
		{
			fold_ascii_char((char) *p++, out);
			continue;
		}
		if (p + n > end)
			return false;
		c = utf8_to_unicode(p);
		p += n;
		if (is_joiner(c))
			continue;
		if (c >= TRANSLIT_TABLE_END)
			return false;
		k = translit_letter(c);
		if (k->in_word)
			appendBinaryStringInfo(out, k->key, k->len);
		else
			appendStringInfoChar(out, ' ');
	}
	return true;
}

static void
name_fold(const char *s, int len, StringInfo out)
{
	int			start = out->len;
	char	   *utf8;
	UChar	   *buf;
	int32_t		ulen;

	if (translit_is_ascii(s, len))
	{
		for (int i = 0; i < len; i++)
			fold_ascii_char(s[i], out);
		return;
	}
	utf8 = (char *) s;
	if (GetDatabaseEncoding() != PG_UTF8)
	{
		utf8 = pg_server_to_any(s, len, PG_UTF8);
		len = strlen(utf8);
	}
	if (fold_letterwise((const unsigned char *) utf8, (const unsigned char *) utf8 + len, out))
		return;
	out->len = start;
	out->data[start] = '\0';
	ulen = translit_icu(TRANSLIT_PARTY, utf8, len, &buf);
	for (int i = 0; i < ulen; i++)
	{
		if (buf[i] < 0x80)
			fold_ascii_char((char) buf[i], out);
		else if (!is_joiner(buf[i]))
			appendStringInfoChar(out, ' ');
	}
	pfree(buf);
}

/* Doubled letters once (digits all), from start on. */
static void
squeeze_doubles(StringInfo s, int start)
{
	int			n = start;

	for (int i = start; i < s->len; i++)
		if (i == start || s->data[i] != s->data[n - 1] || (s->data[i] >= '0' && s->data[i] <= '9'))
			s->data[n++] = s->data[i];
	s->len = n;
	s->data[n] = '\0';
}

/*
 * Spellings of one sound that romanisations of a name differ in, to one
 * letter, then doubled letters once.  ICU writes Cyrillic as ISO 9 does
 * (Шойгу: sojgu, Чемезов: cemezov), the lists mostly as BGN/PCGN does
 * (Shoygu, Chemezov): ch, sh, zh, kh, shch and ts lose their second letter
 * and y and j become i, so that both meet (soigu, cemezov); Khodorkovskiy
 * and Hodorkovsky meet, Yuriy, Iurii and Jurij too.
 */
void
party_word_skeleton(const char *w, int len, StringInfo out)
{
	int			start = out->len;

	/* short words (Y, III, 11, AO) are compared as they are written */
	if (len <= PARTY_SHORT_WORD)
	{
		appendBinaryStringInfo(out, w, len);
		return;
	}
	for (int i = 0; i < len;)
	{
		const char *p = w + i;
		int			left = len - i;
		char		c;

		if (left >= 4 && strncmp(p, "shch", 4) == 0)
			appendStringInfoChar(out, 's'), i += 4;
		else if (left >= 3 && (strncmp(p, "sch", 3) == 0 || strncmp(p, "tch", 3) == 0))
			appendStringInfoChar(out, p[0] == 's' ? 's' : 'c'), i += 3;
		else if (left >= 2 && p[1] == 'h' && strchr("cszkg", p[0]) != NULL)
			appendStringInfoChar(out, p[0] == 'k' ? 'h' : p[0]), i += 2;
		else if (left >= 2 && strncmp(p, "ph", 2) == 0)
			appendStringInfoChar(out, 'f'), i += 2;
		else if (left >= 2 && (strncmp(p, "ts", 2) == 0 || strncmp(p, "tz", 2) == 0))
			appendStringInfoChar(out, 'c'), i += 2;
		else if (left >= 2 && strncmp(p, "ck", 2) == 0)
			appendStringInfoChar(out, 'k'), i += 2;
		else if (left >= 2 && strncmp(p, "ou", 2) == 0)
			appendStringInfoChar(out, 'u'), i += 2;
		else
		{
			c = *p;
			if (c == 'x')
				appendStringInfoString(out, "ks");
			else
				appendStringInfoChar(out, c == 'w' ? 'v' : c == 'q' ? 'k' : (c == 'y' || c == 'j') ? 'i' : c);
			i++;
		}
	}
	squeeze_doubles(out, start);
}

static bool
pattern_matches(const char *pattern, const char *word)
{
	const char *alt = pattern;

	while (*alt)
	{
		const char *bar = strchr(alt, '|');
		int			n = bar ? bar - alt : strlen(alt);
		bool		prefix = alt[n - 1] == '*';
		int			plen = prefix ? n - 1 : n;

		if (prefix ? strncmp(word, alt, plen) == 0 : (strlen(word) == plen && strncmp(word, alt, plen) == 0))
			return true;
		if (!bar)
			break;
		alt = bar + 1;
	}
	return false;
}

/* The number of words at words[i] that a legal-form phrase covers; 0 if none. */
static int
legal_form_at(char **words, int nwords, int i)
{
	for (int f = 0; f < lengthof(legal_forms); f++)
	{
		int			n = 0;

		while (n < lengthof(legal_forms[f]) && legal_forms[f][n] != NULL)
			n++;
		if (i + n > nwords)
			continue;
		for (int k = 0; k < n; k++)
			if (!pattern_matches(legal_forms[f][k], words[i + k]))
				goto next;
		return n;
next:	;
	}
	for (int k = 0; k < lengthof(legal_words); k++)
		if (strcmp(words[i], legal_words[k]) == 0)
			return 1;
	return 0;
}

/* Split the folded text into words, joining runs of single letters. */
static int
split_words(char *folded, char **words, int max)
{
	int			n = 0;
	char	   *tok = strtok(folded, " ");
	bool		last_initial = false;

	for (; tok != NULL && n < max; tok = strtok(NULL, " "))
	{
		bool		initial = tok[1] == '\0' && tok[0] >= 'a' && tok[0] <= 'z';

		if (initial && last_initial)
			words[n - 1] = psprintf("%s%s", words[n - 1], tok);
		else
			words[n++] = tok;
		last_initial = initial;
	}
	return n;
}

/*
 * Mark the words that legal forms cover; false if nothing else is left (a
 * name that is nothing but legal forms keeps them).
 */
static bool
mark_legal_forms(char **words, int nwords, bool *legal)
{
	bool		others = false;

	for (int i = 0; i < nwords;)
	{
		int			n = legal_form_at(words, nwords, i);

		for (int k = 0; k < n; k++)
			legal[i + k] = true;
		i += n > 0 ? n : 1;
	}
	for (int i = 0; i < nwords; i++)
		others |= !legal[i];
	return others;
}

void
party_name_parse(const char *s, int len, PartyName *out)
{
	StringInfoData folded;
	StringInfoData skel;
	char	   *words[PARTY_NAME_MAX_WORDS];
	bool		legal[PARTY_NAME_MAX_WORDS] = {0};
	bool		others;
	int			nwords;

	initStringInfo(&folded);
	name_fold(s, len, &folded);
	nwords = split_words(folded.data, words, PARTY_NAME_MAX_WORDS);
	out->nwords = 0;
	out->nlegal = 0;
	others = mark_legal_forms(words, nwords, legal);
	/* one buffer for every skeleton: a skeleton is at most twice its word */
	initStringInfo(&skel);
	enlargeStringInfo(&skel, 2 * folded.len + nwords + 1);
	for (int i = 0; i < nwords; i++)
	{
		PartyWord  *w;
		int			start = skel.len;

		if (legal[i] && others)
		{
			out->legal[out->nlegal++] = words[i];
			continue;
		}
		w = &out->words[out->nwords++];
		party_word_skeleton(words[i], strlen(words[i]), &skel);
		w->word = words[i];
		w->skeleton = skel.data + start;
		w->skeleton_len = skel.len - start;
		appendStringInfoChar(&skel, '\0');
	}
}

/* A name's key: every folded word of it, legal forms set aside, however long the name. */
char *
party_name_key(const char *name, int len)
{
	StringInfoData folded;
	StringInfoData key;
	char	  **words;
	bool	   *legal;
	bool		others;
	int			nwords;

	initStringInfo(&folded);
	name_fold(name, len, &folded);
	/* a word takes two bytes of the folded text at least */
	words = palloc(sizeof(char *) * (folded.len / 2 + 1));
	legal = palloc0(sizeof(bool) * (folded.len / 2 + 1));
	nwords = split_words(folded.data, words, folded.len / 2 + 1);
	others = mark_legal_forms(words, nwords, legal);
	initStringInfo(&key);
	for (int i = 0; i < nwords; i++)
		if (!(legal[i] && others))
			appendStringInfo(&key, "%s%s", key.len ? " " : "", words[i]);
	return key.data;
}

char *
party_identifier_key(const char *s, int len)
{
	char	   *key = palloc(len + 1);
	int			n = 0;
	int			digits = 0;

	for (int i = 0; i < len; i++)
	{
		char		c = s[i];

		if (c >= '0' && c <= '9')
			key[n++] = c, digits++;
		else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
			key[n++] = pg_ascii_toupper(c);
	}
	key[n] = '\0';
	if (digits < PARTY_IDENTIFIER_MIN_DIGITS)
	{
		pfree(key);
		return NULL;
	}
	return key;
}
