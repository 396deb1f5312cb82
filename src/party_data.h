/*
 * party_data.h
 *		The sanctions lists in force, as the per-backend cache holds them for
 *		the matcher: entries with what their listing means, their names as
 *		words of a vocabulary, the vocabulary's index by spelling, and the
 *		entries' identifiers.  party_load.c fills it, party_index.c indexes
 *		it, party_match.c reads it.
 */
#ifndef EMBARGO_PARTY_DATA_H
#define EMBARGO_PARTY_DATA_H

#include "utils/date.h"

/* What a listing means under its list's jurisdiction, in rising severity. */
typedef enum PartyMeaning
{
	MEANING_RESTRICTIVE = 0,	/* restricts some dealings (OFAC SSI directives) */
	MEANING_UNKNOWN = 1,		/* a program the meanings table does not know */
	MEANING_BLOCKING = 2		/* blocks all dealings: asset freeze, SDN */
} PartyMeaning;

typedef struct PartyList
{
	const char *list;			/* ofac_sdn, … */
	char		jurisdiction[3];
	DateADT		edition;		/* the one in force: the latest loaded */
} PartyList;

typedef struct PartyProgram
{
	int16		list;
	uint8		meaning;		/* PartyMeaning */
	const char *program;		/* "*": every other program of the list */
	const char *citation;
} PartyProgram;

#define PARTY_MAX_COUNTRIES 6

typedef struct PartyEntry
{
	int16		list;			/* index into PartyIndex.lists */
	uint8		meaning;		/* PartyMeaning, the strictest of its programs' */
	uint8		ncountries;
	bool		individual;		/* a person: given names and patronymics are often left out */
	const char *entry_id;
	const char *kind;			/* entity, individual, vessel, aircraft */
	int16		nprograms;
	const char **programs;		/* the programs (OFAC) or regimes (OFSI) */
	const char *citation;		/* of the program that gave the meaning */
	DateADT		listed_on;		/* DATEVAL_NOBEGIN where the list gives no date */
	char		countries[PARTY_MAX_COUNTRIES][3];	/* of its addresses, ISO 3166-1 */
} PartyEntry;

/* Names the list itself marks as weak (OFAC weak a.k.a., OFSI low quality). */
#define PARTY_NAME_PRIMARY 0x01
#define PARTY_NAME_WEAK 0x02

typedef struct PartyNameRec
{
	int32		entry;
	uint8		flags;
	uint8		nwords;
	int32		first_word;		/* into PartyIndex.name_words */
	const char *name;			/* as the list writes it */
} PartyNameRec;

/* The longest skeleton kept: longer ones are cut (no real name has one). */
#define PARTY_WORD_KEY 48

typedef struct PartyVocab
{
	const char *word;			/* a folded spelling, as first seen */
	const char *skeleton;		/* the key: the words of this skeleton are one */
	int16		skeleton_len;
	float4		weight;			/* how distinctive: ln(1 + names / names with it) */
	int32		first_posting;	/* into PartyIndex.postings */
	int32		nposting;		/* the names with the word */
} PartyVocab;

/* A multimap slot from a spelling's hash to a word of the vocabulary. */
typedef struct PartySpellSlot
{
	uint32		hash;
	int32		vocab;			/* -1: empty */
} PartySpellSlot;

typedef struct PartyIdentifier
{
	const char *key;			/* party_identifier_key() of the value */
	const char *kind;
	const char *value;			/* as the list writes it */
	int32		entry;
} PartyIdentifier;

typedef struct PartyIndex
{
	int			nlists;
	PartyList  *lists;
	int			nprograms;
	PartyProgram *programs;
	int			nentries;
	PartyEntry *entries;		/* sorted by list, entry_id */
	int			nnames;
	PartyNameRec *names;
	int32	   *name_words;		/* vocabulary ids, by name */
	int			nname_words;
	int			nvocab;
	PartyVocab *vocab;
	int32	   *postings;		/* name ids, by word */
	uint32		spell_mask;		/* slots - 1 (a power of two) */
	PartySpellSlot *spellings;	/* skeletons and their one-letter deletions */
	int			nidentifiers;
	PartyIdentifier *identifiers;	/* sorted by key */
	float4		max_weight;		/* of a word no name has */
	uint32	   *seen;			/* per name: the query that last saw it */
	uint32		query_stamp;
	char		version[33];	/* md5 of the lists' editions and the meanings */
} PartyIndex;

#endif							/* EMBARGO_PARTY_DATA_H */
