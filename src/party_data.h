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
	const char *primary_name;	/* the list's primary name, or NULL */
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

/*
 * Ownership and control (issue 18): the records as a graph of party nodes,
 * the regimes' rules, and each node's status under each rule in each
 * period between the dates the records and listings change on.
 */
typedef enum OwnStatus
{
	OWN_NONE = 0,
	OWN_REVIEW = 1,				/* the records cannot settle it, or restrictive owners */
	OWN_BLOCKED = 2
} OwnStatus;

typedef enum OwnKind
{
	OWN_SHARES,
	OWN_VOTES,
	OWN_CONTROL
} OwnKind;

typedef struct OwnRule
{
	char		jurisdiction[3];
	double		threshold;
	bool		at_threshold;
	bool		aggregate;
	bool		votes_count;
	bool		control_blocks;
	const char *citation;
} OwnRule;

typedef struct OwnEdge
{
	int32		owner;
	int32		owned;
	double		share;			/* percent; < 0: unknown */
	uint8		kind;			/* OwnKind */
	DateADT		from;			/* DATEVAL_NOBEGIN: always before */
	DateADT		until;			/* DATEVAL_NOEND: still */
} OwnEdge;

typedef struct OwnNode
{
	const char *ref;			/* list:entry, or the name as first recorded */
	const char *key;			/* a party of the user's own: its folded name; else NULL */
	int32		entry;			/* the listed entry in force, or -1 */
	int32		first_in;		/* its owners' edges, in Ownership.edges */
	int32		nin;
} OwnNode;

typedef struct Ownership
{
	int			nrules;
	OwnRule    *rules;
	int			nnodes;
	OwnNode    *nodes;
	int			nedges;
	OwnEdge    *edges;			/* by owned */
	int32	   *out_first;		/* by node: where its holdings start in out_owned */
	int32	   *out_owned;		/* the nodes each node holds, by owner */
	int			nsegments;
	DateADT    *segment_from;	/* the first day of each period, rising; the first is -infinity */
	uint8	   *status;			/* OwnStatus by period, rule, node */
	int32	   *node_of_entry;	/* by PartyIndex entry; -1: in no record */
	int			nkeyed;
	int32	   *by_key;			/* the user's own nodes, by key */
} Ownership;

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
	Ownership	own;
	int			own_list;		/* the pseudo-list of the user's own parties, or -1 */
	char		version[33];	/* md5 of the lists' editions, the meanings and ownership */
} PartyIndex;

#endif							/* EMBARGO_PARTY_DATA_H */
