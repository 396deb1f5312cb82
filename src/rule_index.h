/*
 * rule_index.h
 *		The index over a rule set, as the compiler (rule_index.c) lays it out
 *		and the matcher (rule_match.c) reads it.
 *
 * The index is a hash: the rules filed under an origin key are found in one
 * probe, not a search, with a run of them per HS chapter, so the cost per
 * row does not grow with the number of rules, only with the number of rules
 * that share the origin's keys and the goods' chapter.  A crowded run is
 * sub-indexed by HS heading, so that the goods' heading narrows it further.
 */
#ifndef EMBARGO_RULE_INDEX_H
#define EMBARGO_RULE_INDEX_H

#include "rule_set.h"
#include "territory.h"

/* Runs longer than this are sub-indexed by heading: see add_headings(). */
#define CROWDED_RUN 32
#define HEADING_LISTS 101		/* the chapter-wide list, then headings 00..99 */

static inline uint32
key_hash(int32 jurisdiction, uint8 kind, int32 key)
{
	uint64		h = ((uint64) (uint32) key << 32) ^ ((uint64) jurisdiction << 8) ^ kind;

	/* the 64-bit finaliser of MurmurHash3: inline, as this runs for every key probed */
	h ^= h >> 33;
	h *= UINT64CONST(0xff51afd7ed558ccd);
	h ^= h >> 33;
	h *= UINT64CONST(0xc4ceb9fe1a85ec53);
	h ^= h >> 33;
	return (uint32) h;
}

static inline int
hs_chapter(HsCode c)
{
	return (int) (hscode_padded(c) / 100000000);
}

/* The heading of a code within its chapter (the 3rd and 4th digits), or -1 for a chapter. */
static inline int
hs_heading(HsCode c)
{
	return hscode_ndigits(c) < 4 ? -1 : (int) (hscode_padded(c) / 1000000 % 100);
}

static inline bool
chapter_filed(const uint64 *chapters, int chapter)
{
	return (chapters[chapter / 64] >> (chapter % 64)) & 1;
}

/* The bits set in a word (inline: no instruction for it is assumed). */
static inline int
bit_count(uint64 x)
{
	x = x - ((x >> 1) & UINT64CONST(0x5555555555555555));
	x = (x & UINT64CONST(0x3333333333333333)) + ((x >> 2) & UINT64CONST(0x3333333333333333));
	x = (x + (x >> 4)) & UINT64CONST(0x0f0f0f0f0f0f0f0f);
	return (int) ((x * UINT64CONST(0x0101010101010101)) >> 56);
}

/* Which of a key's runs is that of a chapter filed under it: the bits below. */
static inline int
chapter_rank(const uint64 *chapters, int chapter)
{
	uint64		below = chapter % 64 == 0 ? 0 : chapters[chapter / 64] << (64 - chapter % 64);

	return (chapter >= 64 ? bit_count(chapters[0]) : 0) + bit_count(below);
}

/* A territory's bit in a TerritoryFilter: Fibonacci hashing to 12 bits. */
#define TERRITORY_BIT(t)	(((uint32) (t) * 2654435761u) >> (32 - 12))

static inline bool
maybe_filed(const TerritoryFilter *f, Territory t)
{
	return (f->bits[TERRITORY_BIT(t) / 64] >> (TERRITORY_BIT(t) % 64)) & 1;
}

/* Whether rules may be filed under the territory or one of its parents. */
static inline bool
maybe_filed_within(const TerritoryFilter *f, Territory t)
{
	Territory	chain[TERRITORY_MAX_DEPTH];
	int			depth = territory_ancestors(t, chain);

	for (int i = 0; i < depth; i++)
		if (maybe_filed(f, chain[i]))
			return true;
	return false;
}

/* Compile the index, the hop role tables and the filters of a loaded rule set. */
extern void rule_index_build(RuleSet *rs, MemoryContext cxt);

#endif							/* EMBARGO_RULE_INDEX_H */
