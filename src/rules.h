/*
 * rules.h
 *		The compiled rule set: embargo.rule, embargo.rule_exception and the
 *		authorities' backers, loaded once per backend into sorted arrays and
 *		matched against an origin, an HS code, a date and a jurisdiction.
 */
#ifndef EMBARGO_RULES_H
#define EMBARGO_RULES_H

#include "custody.h"
#include "fmgr.h"
#include "hscode.h"
#include "nodes/pg_list.h"
#include "origin.h"
#include "utils/array.h"
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
	const RsException *exceptions;	/* this rule's, nexceptions of them */
	int			nexceptions;
	const char *instrument;
	const char *article;
	const char *citation;
	const char *note;
} RsRule;

/*
 * A rule filed under the one origin key it is most selective on, once per
 * HS chapter of its prefixes (chapter 0 if it covers all goods).
 */
typedef struct RsIndexEntry
{
	int32		jurisdiction;
	int32		key;
	uint8		kind;			/* RsKeyKind */
	uint8		chapter;		/* 1..99, or 0: all goods */
	uint8		action;			/* the rule's, for ordering */
	int32		rule;			/* index into RuleSet.rules */
} RsIndexEntry;

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
	struct RsMemo *memo;		/* see probe_declared() */
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
	Oid			verdict_oids[VERDICT_COUNT];
	char		version[33];	/* md5 of the rule set, hex; empty if md5 failed */
	const char *version_error;	/* why, then */
} RuleSet;

/* One rule that applies, as screen() and explain() see it. */
typedef struct RsMatch
{
	const RsRule *rule;
	Verdict		action;			/* after the cap for contested origins */
	bool		capped;
	const RsException *lifted_by;	/* NULL if the rule stands */
	int			hop;			/* index into the chain; -1: the declared origin */
	bool		stand_in;		/* a hop rule judged the declared origin instead */
	bool		undated;		/* the judged hop has no date to hold against the cut-off */
	Origin		judged;			/* the origin judged: the declared one or the hop's */
} RsMatch;

/* The goods being screened. */
typedef struct RsQuery
{
	const Origin *origin;
	HsCode		hs;
	DateADT		day;
	int			jurisdiction;
	Datum		evidence_datum; /* text[], possibly toasted or short-headed */
	ArrayType  *evidence;		/* detoasted on first need: most rows never need it */
	Datum		custody_datum;	/* the chain as passed; 0: none declared */
	const Custody *custody;		/* unpacked on first need: most goods have no hop rules */
	CustodyBuffer custody_buffer;	/* where, if it must be copied */
	FunctionCallInfo fcinfo;	/* to reach the gazetteer when a hop needs it */
	const struct Gazetteer *gazetteer;	/* fetched on first need, likewise */
} RsQuery;

extern const char *verdict_name(Verdict v);
extern void ruleset_load(void *data, MemoryContext cxt);
extern int	ruleset_jurisdiction(const RuleSet *rs, text *name);
extern const char *ruleset_unknown_evidence(const RuleSet *rs, RsQuery *q);
extern char *ruleset_evidence_hint(const RuleSet *rs, int jurisdiction, DateADT day);
extern Verdict ruleset_screen(const RuleSet *rs, RsQuery *q);
extern List *ruleset_matches(const RuleSet *rs, RsQuery *q);

#endif							/* EMBARGO_RULES_H */
