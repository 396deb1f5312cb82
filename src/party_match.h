/*
 * party_match.h
 *		A party's name against the lists in force: every listed entry that
 *		it matches or possibly matches, scored from 0 to 1, best first, with
 *		what matched.  Pure: reads the index, never the tables.
 */
#ifndef EMBARGO_PARTY_MATCH_H
#define EMBARGO_PARTY_MATCH_H

#include "lib/stringinfo.h"
#include "nodes/pg_list.h"
#include "party_data.h"
#include "party_norm.h"

typedef struct PartyQuery
{
	const PartyIndex *px;
	const char *country;		/* ISO 3166-1 alpha-2 of the party, or NULL */
	DateADT		day;			/* entries listed after it do not match */
	float4		match_threshold;	/* a match at or above */
	float4		possible_threshold; /* a possible match at or above; nothing below */
	PartyName	name;			/* the query's words, set by party_match() */
} PartyQuery;

/* A query word and a listed word it met. */
typedef struct PartyPair
{
	int16		query_word;
	int32		vocab;
	float4		similarity;
} PartyPair;

typedef struct PartyHit
{
	int32		entry;
	int32		name;			/* the listed name that scored best; -1 for an identifier */
	const PartyIdentifier *identifier;	/* the identifier that matched, or NULL */
	float4		score;
	bool		weak;			/* the name is one the list marks weak */
	bool		country_differs;
	int32		missing_word;	/* the name's most distinctive word, unmatched; or -1 */
	const PartyName *query;		/* the reading of the query that matched, if not the query's own
								 * (words joined or split); valid for the call only */
	uint8		owned;			/* OwnStatus under the jurisdiction, set by party.c */
	int8		owned_rule;		/* the ownership rule it was judged by, or -1 */
	int			npairs;
	PartyPair	pairs[PARTY_NAME_MAX_WORDS];
} PartyHit;

/* Score given to a name when its most distinctive word is not in the query: below a match. */
#define PARTY_MISSING_WORD_MARGIN 0.01f
/*
 * A listed name the list marks weak, or a country not among the entry's:
 * score × this (a name alike in another country is for review, not a match).
 */
#define PARTY_WEAK_FACTOR 0.9f
/* A match found by reading two words as one, or one as two: score × this. */
#define PARTY_READING_FACTOR 0.95f
#define PARTY_COUNTRY_FACTOR 0.85f

/* Every entry the name matches at least possibly (PartyHit *), best first. */
extern List *party_match(PartyQuery *q, const char *name, int len);


#endif							/* EMBARGO_PARTY_MATCH_H */
