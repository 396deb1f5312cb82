/*
 * party_norm.h
 *		A party's name as the matcher compares it: folded to lower-case ASCII
 *		words (any script, through ICU), initials joined, legal forms set
 *		aside, each word with the skeleton that spellings of it share.
 */
#ifndef EMBARGO_PARTY_NORM_H
#define EMBARGO_PARTY_NORM_H

#include "lib/stringinfo.h"

/* Words kept of one name; a longer name keeps its first ones. */
#define PARTY_NAME_MAX_WORDS 24

typedef struct PartyWord
{
	const char *word;			/* folded: lower-case ASCII letters and digits */
	const char *skeleton;		/* what spellings of the word share: kh = h, y = i, … */
	int			skeleton_len;
} PartyWord;

typedef struct PartyName
{
	int			nwords;			/* the words that distinguish the name */
	PartyWord	words[PARTY_NAME_MAX_WORDS];
	int			nlegal;			/* legal forms set aside: OOO, LLC, JSC, GmbH, … */
	const char *legal[PARTY_NAME_MAX_WORDS];
} PartyName;

/* Split a name (in the database encoding) into its words; palloc'd. */
extern void party_name_parse(const char *s, int len, PartyName *out);

/*
 * A name's key: its folded words, legal forms set aside, one space apart
 * ("Alpha Trading LLC" and "ALPHA  TRADING" are "alpha trading"); palloc'd.
 */
extern char *party_name_key(const char *name, int len);


/* Words this short are their own skeleton. */
#define PARTY_SHORT_WORD 3

/* The skeleton of a folded word, appended to out. */
extern void party_word_skeleton(const char *word, int len, StringInfo out);

/*
 * An identifier as compared: its ASCII letters (upper-cased) and digits;
 * NULL if it has fewer than PARTY_IDENTIFIER_MIN_DIGITS digits.
 */
#define PARTY_IDENTIFIER_MIN_DIGITS 5
extern char *party_identifier_key(const char *s, int len);

#endif							/* EMBARGO_PARTY_NORM_H */
