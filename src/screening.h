/*
 * screening.h
 *		The one path from a declared origin to a verdict, shared by the SQL
 *		functions (screen.c) and the trigger (enforce.c): the jurisdiction
 *		checked, the origin tagged on the date, the query filled, the hops
 *		the rules ask about tagged, the rules matched.
 */
#ifndef EMBARGO_SCREENING_H
#define EMBARGO_SCREENING_H

#include "nodes/pg_list.h"
#include "party_match.h"
#include "rule_match.h"

/* What a shipment declares, as the caller has read it. */
typedef struct Declared
{
	const Origin *origin;		/* already tagged, or NULL: tag territory and place */
	bool		has_territory;
	Territory	territory;
	int32		place;			/* a place id, or 0 */
	text	   *place_name;		/* or a name or KATOTTH code to resolve, or NULL */
	HsCode		hs;
	DateADT		day;
	Datum		evidence;		/* text[], or 0: none */
	Datum		custody;		/* the chain, or 0: none declared */
} Declared;

/* One shipment's screening: its query, and what came of it. */
typedef struct Screening
{
	const RuleSet *rules;
	RsQuery		query;
	const Origin *origin;		/* NULL if it could not be tagged */
	const char *jurisdiction;	/* as the rules spell it, or as given */
	const char *unknown_evidence;	/* a code no exception names, or NULL */
	Verdict		verdict;
	int			problem_code;	/* SQLSTATE of why it cannot be screened */
	const char *problem;		/* why, or NULL */
	List	   *parties;		/* ScreenedParty *: the parties' matches, once screened */
} Screening;

/* A match of one of the shipment's parties, and the verdict it gives. */
typedef struct ScreenedParty
{
	int			ordinal;		/* of the party in the shipment, from 1 */
	const char *party;			/* the name as declared */
	PartyQuery	query;			/* as matched: its words say what matched */
	const PartyHit *hit;
	Verdict		verdict;
} ScreenedParty;

/*
 * Start a screening: check the date and look the jurisdiction up; false,
 * with s->problem and s->problem_code saying why, if the shipment cannot be
 * screened.
 */
extern bool screening_begin(Screening *s, text *jurisdiction, DateADT day);

/* Record why the shipment cannot be screened (its verdict: review); false. */
extern bool screening_cannot(Screening *s, int code, const char *why);

/*
 * Tag the origin (unless given) and fill the query, after screening_begin().
 * A place name that names nothing is an error, or with soft a problem:
 * false, as screening_begin().
 */
extern bool screening_prepare(Screening *s, const Declared *d, bool soft);

/* The jurisdictions that have rules, for a hint. */
extern char *screening_jurisdictions_hint(const RuleSet *rs);

/* The most severe action of the rules that apply and stand; allow if none. */
extern Verdict screening_verdict(Screening *s);

/* Every rule that applies, lifted or not, once each (RsMatch *), in no particular order. */
extern List *screening_matches(Screening *s);

/*
 * Screen the shipment's parties (a text[], or one text), after
 * screening_verdict(), and make the verdict the strictest of origin and
 * parties; s->parties gets every match.  Unless all, stops once the
 * verdict is prohibit.  A jurisdiction without lists is an error, or with
 * soft a problem: false, as screening_begin().
 */
extern bool screening_parties(Screening *s, Datum parties, bool is_array, bool all, bool soft);

/*
 * The version a verdict was reached under: embargo.ruleset_version().  From
 * 0.6 the rule-set version the history records (that of every knowledge
 * table, see history.h; of an older version while screening as of it);
 * before, the rules' md5, combined with the lists' editions and meanings
 * once a sanctions list is loaded.
 */
extern const char *screening_version(const RuleSet *rs);

#endif							/* EMBARGO_SCREENING_H */
