/*
 * party_index.h
 *		The index over the loaded lists' words: postings, weights, and the
 *		spellings a word is found by (its skeleton and its one-letter
 *		deletions); and the identifiers, sorted.
 */
#ifndef EMBARGO_PARTY_INDEX_H
#define EMBARGO_PARTY_INDEX_H

#include "party_data.h"

/* Skeletons this long or longer are found with one letter more, less or other. */
#define PARTY_FUZZY_MIN_LEN 4

extern void party_index_build(PartyIndex *px, MemoryContext cxt);

/* The vocabulary word of exactly this skeleton, or -1. */
extern int32 party_index_word(const PartyIndex *px, const char *skel, int len);

/* The hashes a spelling is filed under: as a skeleton, as a deletion. */
extern uint32 party_hash_skeleton(const char *s, int len);
extern uint32 party_hash_deletion(const char *s, int len);

#endif							/* EMBARGO_PARTY_INDEX_H */
