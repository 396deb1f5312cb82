/*
 * translit.h
 *		Text in any script to lower-case ASCII, through ICU's transliterators:
 *		a whole string at a time, or a letter at a time from a table each
 *		backend fills from ICU on first sight of a letter.
 */
#ifndef EMBARGO_TRANSLIT_H
#define EMBARGO_TRANSLIT_H

#include "mb/pg_wchar.h"

#include <unicode/utypes.h>

/* Places: a place name key (name_key.c) must never change: indexes hold it. */
#define TRANSLIT_PLACE "Any-Latin; Latin-ASCII; Lower"
/* Parties: also NFKC, for compatibility forms (full-width letters, ligatures). */
#define TRANSLIT_PARTY "NFKC; Any-Latin; Latin-ASCII; Lower"

/*
 * One letter's transliteration by TRANSLIT_PARTY, kept to ASCII letters and
 * digits.  A letter of a word may have an empty key (a soft sign, a
 * combining accent); a character that is no letter separates words.
 */
#define TRANSLIT_KEY_MAX 7

typedef struct TranslitLetter
{
	bool		known;
	bool		in_word;		/* a letter, digit or mark: part of a word */
	uint8		len;
	char		key[TRANSLIT_KEY_MAX];
} TranslitLetter;

/* Code points below this (Latin, Greek, Cyrillic, Armenian, Georgian, …) are tabled. */
#define TRANSLIT_TABLE_END 0x2000

/* The letter's entry; c must be non-ASCII and below TRANSLIT_TABLE_END. */
extern const TranslitLetter *translit_letter(pg_wchar c);

/*
 * UTF-8 text through the transliterator with this id (one of the above),
 * into a palloc'd UChar buffer; returns its length.
 */
extern int32_t translit_icu(const char *chain, const char *utf8, int len, UChar **buf);

/* Whether s is plain ASCII. */
extern bool translit_is_ascii(const char *s, int len);

#endif							/* EMBARGO_TRANSLIT_H */
