/*
 * party_why.h
 *		What a party match matched, in words.
 */
#ifndef EMBARGO_PARTY_WHY_H
#define EMBARGO_PARTY_WHY_H

#include "lib/stringinfo.h"
#include "party_match.h"

/* What matched, in words, for explain() and match_party(). */
extern void party_hit_why(const PartyQuery *q, const PartyHit *hit, StringInfo out);

#endif							/* EMBARGO_PARTY_WHY_H */
