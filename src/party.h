/*
 * party.h
 *		Parties against the sanctions lists in force: the lists as a part of
 *		the per-backend cache, the settings, and the verdict a match gives
 *		under a jurisdiction.  screening.c combines it with the origin's.
 */
#ifndef EMBARGO_PARTY_H
#define EMBARGO_PARTY_H

#include "party_match.h"
#include "rule_set.h"

/* embargo.party_other_lists: what a listing by another jurisdiction gives. */
typedef enum PartyOtherLists
{
	PARTY_OTHER_IGNORE,
	PARTY_OTHER_REVIEW
} PartyOtherLists;

extern double party_match_threshold;
extern double party_possible_threshold;
extern int	party_other_lists;

/* Define the settings; at load. */
extern void party_init(void);

/* The lists in force, rebuilt first if a change invalidated them. */
extern const PartyIndex *party_index_get(void);

/* The same, for a caller that has been through ruleset_get() in this call (cache_part_current()). */
extern const PartyIndex *party_index_current(void);

/* Whether a list of the jurisdiction (NULL: any) is loaded. */
extern bool party_jurisdiction_loaded(const PartyIndex *px, const char *jurisdiction);

/* Error unless a list of the jurisdiction (NULL: any) is loaded. */
extern void party_check_jurisdiction(const PartyIndex *px, const char *jurisdiction);

/* A query for a party's name on a day, with the current thresholds. */
extern void party_query_init(PartyQuery *q, const PartyIndex *px, const char *country, DateADT day);

/* What a listing means under a jurisdiction (NULL: the list's own): blocking, … */
extern const char *party_meaning_name(const PartyIndex *px, const PartyHit *hit, const char *jurisdiction);

/* The verdict one hit gives under a jurisdiction. */
extern Verdict party_hit_verdict(const PartyQuery *q, const PartyHit *hit, const char *jurisdiction);

/*
 * party_match() through a per-backend memo of recent names: for screen()
 * and enforce(); the query's words are not kept (nothing may ask why).
 */
extern List *party_match_memo(PartyQuery *q, const char *name, int len, const char *jurisdiction);

/*
 * Ownership applied to a name's hits under a jurisdiction (NULL: each
 * list's own), and the user's own party of that name (own_node, or -1)
 * added while its ownership blocks it or is to review.
 */
extern List *party_apply_ownership(PartyQuery *q, List *hits, const char *jurisdiction, int32 own_node);

/* Whether a hit is a party of the user's own (by ownership), not a listed entry. */
extern bool party_hit_is_own(const PartyIndex *px, const PartyHit *hit);

/* What a hit matched: the listed name, the identifier, or the user's own party. */
extern const char *party_hit_label(const PartyIndex *px, const PartyHit *hit);

/*
 * Where ownership decides a hit, its path and arithmetic appended to why,
 * and *citation set to the rule's.
 */
extern void party_hit_ownership(const PartyQuery *q, const PartyHit *hit, const char *jurisdiction,
								StringInfo why, const char **citation);


#endif							/* EMBARGO_PARTY_H */
