/*
 * rule_set.h
 *		The compiled rule set: embargo.rule, embargo.rule_exception and the
 *		authorities' backers as the loader (rule_load.c) reads them, with
 *		the index the compiler (rule_index.c) builds over them, held in the
 *		per-backend cache (rule_cache.c) and read by the matcher (rule_match.c).
 */
#ifndef EMBARGO_RULE_SET_H
#define EMBARGO_RULE_SET_H

#include "conflict_set.h"
#include "custody.h"
#include "hscode.h"
#include "origin.h"
#include "utils/date.h"

/* Verdicts in enum order; the value is the index into RuleSet.verdict_oids. */
typedef enum Verdict
{
	VERDICT_ALLOW = 0,
	VERDICT_REVIEW = 1,
	VERDICT_LICENCE = 2,
	VERDICT_PROHIBIT = 3
} Verdict;

#define VERDICT_COUNT 4
#define HS_CHAPTERS 100			/* 0 (all goods) and 1..99 */
#define STATUS_ANY 0xFF
/* a rule of more HS prefixes than this has them sorted for binary search */
#define RULE_FEW_PREFIXES 8

/* Which of the hops with a rule's roles it judges (embargo.rule.hop_select). */
typedef enum HopSelect
{
	HOP_SELECT_ANY,
	HOP_SELECT_LAST,			/* the last of them */
	HOP_SELECT_EARLIER			/* those followed by a transforming hop */
} HopSelect;

typedef struct RsException
{
	int32		rule_id;
	int32		id;
	const char *evidence;
	DateADT		from;
	DateADT		until;
	const char *description;
	const char *citation;
} RsException;

typedef struct RsRule
{
	int32		id;
	int32		jurisdiction;	/* index into RuleSet.jurisdictions */
	uint8		action;			/* Verdict */
	uint8		status;			/* OriginStatus, or STATUS_ANY */
	Territory	territory;		/* -1: any */
	int32		place;			/* 0: any */
	Controller	controller;		/* 0: any */
	uint16		hop_roles;		/* HOP_ROLE_BIT()s; 0: judges the declared origin */
	uint8		hop_select;		/* HopSelect */
	DateADT		hop_date_from;	/* DATEVAL_NOBEGIN: no cut-off */
	DateADT		from;
	DateADT		until;
	bool		enabled;
	int			nhs;			/* 0: all goods */
	HsCode	   *hs;
	HsCode	   *hs_sorted;		/* for a rule of many prefixes: them sorted, less those
								 * within another (disjoint ranges); else NULL */
	int			nhs_sorted;
	const char *hs_list;		/* the critical-mineral list hs was drawn from, or NULL */
	const RsListCode *hs_codes; /* with hs_list: what each of hs stands for */
	int8		cahra;			/* -1: any origin; 1: in an area the CAHRA list names
								 * (or cannot tell); 0: in none */
	int8		smelter_conformant; /* -1: any hop; else the facility it names is (1)
									 * or is not (0) conformant on its date */
	const RsException *exceptions;	/* this rule's, nexceptions of them */
	int			nexceptions;
	const char *instrument;
	const char *article;
	const char *citation;
	const char *note;
} RsRule;

/*
 * What a probe checks of a rule filed under a key and chapter before it
 * reads the rule itself: its dates, and the goods it may cover there.
 */
typedef struct RsEntry
{
	int32		rule;			/* index into RuleSet.rules */
	DateADT		from;
	DateADT		until;
	uint8		kind;			/* the kind of key it is filed under (less KEY_HOP) */
	bool		exact;			/* the rule covers exactly [hs_lo, hs_hi] here; if not,
								 * a subset of it: its prefixes must be checked */
	HsCode		hs_lo;
	HsCode		hs_hi;
} RsEntry;

/* The entries filed under one key and one chapter, in index order. */
typedef struct RsRun
{
	int32		start;			/* into RuleSet.entries */
	int32		count;
	int32		headings;		/* -1, or for a crowded run its sub-index by HS heading:
								 * into RuleSet.heading_starts, see add_headings() */
} RsRun;

/* A hash slot: one (jurisdiction, kind, key) and its runs, one per chapter. */
typedef struct RsKeySlot
{
	uint64		chapters[2];	/* bit c: a run for chapter c (0: all goods) */
	int32		key;
	int32		jurisdiction;
	uint8		kind;
	bool		used;
	int32		runs;			/* into RuleSet.runs: one per bit of chapters, in order */
} RsKeySlot;

/* 4096 bits: which territories rules may be filed under */
typedef struct TerritoryFilter
{
	uint64		bits[64];
} TerritoryFilter;

typedef struct RsBacker
{
	Controller	authority;
	Controller	backer;
} RsBacker;

typedef struct RuleSet
{
	RsRule	   *rules;			/* by id */
	int			nrules;
	RsException *exceptions;	/* by rule id, then id */
	int			nexceptions;
	RsEntry    *entries;		/* by jurisdiction, kind, key, chapter, then most
								 * severe first and by rule */
	int			nentries;
	RsRun	   *runs;
	RsKeySlot  *keys;			/* open addressing, a power of two of them */
	uint32		key_mask;
	int32	   *heading_starts; /* per crowded run, 102 offsets into heading_pos */
	int32	   *heading_pos;	/* positions in their runs, ascending */
	uint64	   *kind_chapters;	/* per jurisdiction and key kind: the union of its keys'
								 * chapters[2] */
	struct RsMemo *memo;		/* see rule_memo.h */
	const char **jurisdictions; /* sorted */
	int		   *jurisdiction_lengths;
	int			njurisdictions;
	uint16	   *hop_roles;		/* per jurisdiction and chapter (0..99, HS_CHAPTERS of them):
								 * the roles hop rules filed there look at */
	uint16	   *tag_roles;		/* the same, of hop rules that ask who held the hop */
	uint16	   *hop_kinds;		/* the same: the key kinds hop rules are filed under */
	struct TerritoryFilter *territory_filters;	/* per jurisdiction, origin then hop
												 * rules: see fill_territory_filters() */
	RsBacker   *backers;		/* by authority */
	int			nbackers;
	const char **evidence_codes;	/* per jurisdiction: the codes its exceptions name,
									 * sorted; evidence_starts[j] .. [j + 1] */
	int		   *evidence_starts;
	RsConflict	conflict;		/* CAHRA editions and smelters: see conflict_set.h */
	Oid			verdict_oids[VERDICT_COUNT];
	char		version[33];	/* md5 of the rule set, hex; empty if md5 failed */
	const char *version_error;	/* why, then */
} RuleSet;

/* The kinds of origin key a rule is filed under: the one it is most selective on. */
typedef enum RsKeyKind
{
	KEY_PLACE,
	KEY_TERRITORY,
	KEY_CONTROLLER,
	KEY_STATUS,
	KEY_ANY
} RsKeyKind;

/* Rules about hops are filed apart, under these kinds plus KEY_HOP. */
#define KEY_HOP 5
/* Key kinds: those of origin rules, then the same plus KEY_HOP for hop rules. */
#define KEY_KINDS (2 * KEY_HOP)

extern const char *const verdict_names[VERDICT_COUNT];

static inline const char *
verdict_name(Verdict v)
{
	return verdict_names[v];
}

/* The orders the loader sorts rules (by id) and backers (by authority) in. */
extern int	ruleset_rule_cmp(const void *a, const void *b);
extern int	ruleset_backer_cmp(const void *a, const void *b);


#endif							/* EMBARGO_RULE_SET_H */
