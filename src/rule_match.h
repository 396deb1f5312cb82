/*
 * rule_match.h
 *		The matcher: which rules of a compiled rule set apply to a query.
 *
 * Pure: origin tags in, matches out.  It reads only the rule set and what
 * the caller hands it; it never tags, reads the gazetteer or the cache.
 * The declared origin comes tagged in the query.  Hops of a chain of
 * custody are judged one by one: for each, the matcher says what it needs
 * (nothing, the hop's territory, or who held it on the hop's date) and the
 * caller, which can tag, hands that over.  So a hop is tagged only when a
 * rule for these goods may ask about it, and not at all once the verdict
 * can get no worse.
 */
#ifndef EMBARGO_RULE_MATCH_H
#define EMBARGO_RULE_MATCH_H

#include "rule_hop.h"
#include "rule_set.h"
#include "utils/array.h"

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
	bool		outside_cahra;	/* reported for explain() only: action is allow */
	RsConflictFinding conflict; /* what the rule's conflict-minerals scopes found */
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
} RsQuery;

/* Called for each rule that applies; returns false to stop matching. */
typedef bool (*MatchCallback) (const RsMatch *m, void *arg);

/* What a hop must come with to be judged. */
typedef enum RsHopNeed
{
	HOP_NOT_JUDGED,				/* no rule for these goods looks at it */
	HOP_NEEDS_TERRITORY,		/* its territory, made precise by its place */
	HOP_NEEDS_TAG				/* its full tag: a rule may ask who held it */
} RsHopNeed;

/* One query's way through the matcher. */
typedef struct RsMatching
{
	const RuleSet *rs;
	RsQuery    *q;
	MatchCallback fn;
	void	   *arg;
	bool		stopped;		/* fn asked to stop */
	uint8		chapters[2];	/* all goods, and the goods' chapter */
	int			heading;		/* the goods' heading in the chapter, -1 if none */
	uint16		rule_roles;		/* the roles hop rules for these goods look at */
	uint16		tag_roles;		/* those of hop rules that ask who held the hop */
	uint16		hop_kinds[2];	/* per chapter: the key kinds hop rules are filed under */
	bool		only_territory_keys;	/* hop rules are filed under territories only */
	RsChain		chain;			/* read once hop rules may matter */
} RsMatching;

/*
 * Start matching: call fn for the rules that apply to the declared origin,
 * then for the hop rules it stands in for (roles the chain lacks).  False
 * if there is nothing more to match: fn asked to stop, or no hop of the
 * chain can matter.
 */
extern bool rule_match_declared(RsMatching *mt, const RuleSet *rs, RsQuery *q,
								MatchCallback fn, void *arg);

/* What hop i of the query's chain must come with to be judged. */
extern RsHopNeed rule_match_hop_need(const RsMatching *mt, int i);

/*
 * Call fn for the hop rules that apply to hop i, given as judged: its
 * territory and place, and with HOP_NEEDS_TAG its full tag.  False once fn
 * has asked to stop.
 */
extern bool rule_match_hop(RsMatching *mt, int i, const Origin *judged, bool tagged);

#endif							/* EMBARGO_RULE_MATCH_H */
