/*
 * rule_memo.h
 *		The matcher's memo of the entries a declared origin's keys find.
 */
#ifndef EMBARGO_RULE_MEMO_H
#define EMBARGO_RULE_MEMO_H

#include "rule_set.h"

/*
 * The memo: which entries the keys of a declared origin find, for a
 * jurisdiction, the goods' chapter and heading, and origin or hop rules.
 * A batch of imports comes from a limited number of origins, and every row
 * from the same origin, into the same jurisdiction, of goods under the same
 * heading finds the same entries: the memo hands them over as one short
 * array, one hash lookup away, instead of probing each of the origin's keys
 * again across an index that outgrows the processor's caches as the rule
 * set grows.  They are then checked against the row's date and goods as in
 * the index, in the same order.  The memo belongs to the rule set and goes
 * with it; it grows to a bound, and when full starts over.  Lists longer
 * than MEMO_LONGEST are not remembered.
 */
#define MEMO_LONGEST 256
#define MEMO_SLOTS_MIN 256
#define MEMO_SLOTS_MAX 16384
#define MEMO_ENTRIES_MIN 1024
#define MEMO_ENTRIES_MAX 65536
#define MEMO_WINDOW 4096		/* lookups over which misses are counted */
#define MEMO_BYPASS 65536		/* lookups to skip the memo for if most missed */

/* One entry the keys found, as the memo keeps it: 16 bytes. */
typedef struct MemoEntry
{
	uint32		word;			/* the rule's index, and MEMO_ bits above */
	DateADT		from;
	DateADT		until;
	int32		entry;			/* into RuleSet.entries */
} MemoEntry;

#define MEMO_RULE_BITS	25
#define MEMO_RULE(w)	((w) & ((1u << MEMO_RULE_BITS) - 1))
#define MEMO_ANY_GOODS	(1u << 31)	/* it covers all goods of the key's heading: no check */
/*
 * An origin rule that applies to the key's origin, whatever the row: what
 * apply() would find is worked out once, when the entry is noted down,
 * and the rule itself need not be read for each row, unless it has
 * exceptions.  (The key holds the whole origin, and the origin's backer
 * follows from its controller.)  Then the action and flags follow; else
 * the kind of key the entry is filed under.
 */
#define MEMO_APPLIES	(1u << 30)
#define MEMO_CAPPED		(1u << 29)
#define MEMO_EXCEPTIONS (1u << 28)
#define MEMO_UNDATED	(1u << 27)
#define MEMO_ACTION(w)	(((w) >> MEMO_RULE_BITS) & 3)	/* with MEMO_APPLIES */
#define MEMO_KIND(w)	(((w) >> MEMO_RULE_BITS) & 7)	/* without */
#define MEMO_INLINE 2

/* A key and up to MEMO_INLINE entries: one cache line. */
typedef struct MemoSlot
{
	Territory	territory;
	int32		place;
	Controller	controller;
	int32		jurisdiction;
	uint8		status;
	uint8		chapter;
	int8		heading;
	uint8		kind_offset;
	uint32		generation;		/* of the memo when filled; another: empty */
	int32		first;			/* with more than MEMO_INLINE: into RsMemo.entries */
	int32		count;			/* -1: too many to keep (or not kept yet): probe the keys */
	MemoEntry	inline_entries[MEMO_INLINE];
} MemoSlot;

/* A jurisdiction name as text gave it, up to 16 bytes, and its index. */
typedef struct MemoJurisdiction
{
	uint64		name[2];		/* zero-padded */
	int32		len;			/* 0: empty */
	int32		index;
} MemoJurisdiction;

#define MEMO_JURISDICTIONS 64

typedef struct RsMemo
{
	MemoJurisdiction jurisdictions[MEMO_JURISDICTIONS];
	MemoSlot   *slots;			/* open addressing, nslots of them, aligned */
	void	   *slots_chunk;	/* as allocated */
	int			nslots;
	int			used_slots;
	uint32		generation;
	MemoEntry  *entries;
	int			nentries;
	int			used_entries;
	int			lookups;		/* in the current window */
	int			misses;
	int			bypass;			/* lookups left to skip the memo for */
} RsMemo;

/* Give a rule set its memo, empty; none if the rule set is too large to memo. */
extern void rule_memo_create(RuleSet *rs, MemoryContext cxt);

/*
 * The slot for a key: the one filled for it before (*found), or an empty one
 * to fill (count -1 until memo_keep()); NULL while the memo is bypassed.
 */
extern MemoSlot *memo_find(RsMemo *memo, const Origin *o, int32 jurisdiction, uint8 chapter,
						   int8 heading, uint8 kind_offset, bool *found);

/* Where to note down a new slot's entries: room for MEMO_LONGEST. */
static inline MemoEntry *
memo_fill_area(RsMemo *memo)
{
	return &memo->entries[memo->used_entries];
}

/* Keep the count entries noted down for a slot just found empty. */
extern void memo_keep(RsMemo *memo, MemoSlot *slot, int count);

/* The entries kept for a slot. */
static inline const MemoEntry *
memo_entries(const RsMemo *memo, const MemoSlot *slot)
{
	return slot->count <= MEMO_INLINE ? slot->inline_entries : &memo->entries[slot->first];
}

#endif							/* EMBARGO_RULE_MEMO_H */
