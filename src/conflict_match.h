/*
 * conflict_match.h
 *		The conflict-minerals scopes of a rule, held against what it judges:
 *		whether the origin or hop lies in an area the CAHRA list in force
 *		names, and the status of the facility a hop names.  Pure: it reads
 *		the rule set only.
 */
#ifndef EMBARGO_CONFLICT_MATCH_H
#define EMBARGO_CONFLICT_MATCH_H

#include "rule_set.h"

typedef enum ConflictScope
{
	CONFLICT_APPLIES,			/* the scopes hold */
	CONFLICT_NOT,				/* they do not: the rule does not apply */
	CONFLICT_OUTSIDE_CAHRA		/* only the CAHRA scope fails: the origin lies in no
								 * listed area, which explain() says */
} ConflictScope;

static inline bool
rule_has_conflict_scope(const RsRule *r)
{
	return r->cahra >= 0 || r->smelter_conformant >= 0;
}

/* Whether territory t lies in an area the edition in force on day names. */
extern CahraStatus cahra_status(const RsConflict *c, Territory t, DateADT day, RsConflictFinding *f);

/* The facility of this id, or NULL. */
extern const RsSmelter *smelter_find(const RsConflict *c, const char *facility);

/*
 * Hold a rule's scopes against what it judges: territory t on day, and for
 * a hop of the chain (hop >= 0) the facility it names.  f says what was
 * found.
 */
extern ConflictScope conflict_judge(const RsConflict *c, const RsRule *r, Territory t,
									const Custody *custody, int hop, DateADT day,
									RsConflictFinding *f);

#endif							/* EMBARGO_CONFLICT_MATCH_H */
