/*
 * rule_memo.c
 *		The memo: a bounded hash of what the keys of recent declared origins
 *		found in the index (see rule_memo.h).  It belongs to the rule set
 *		and goes with it; it grows to a bound, and when full starts over.
 */
#include "postgres.h"

#include "rule_memo.h"
#include "utils/memutils.h"

#define CACHE_LINE 64

/* Zeroed slots, aligned to cache lines. */
static void
memo_alloc_slots(RsMemo *memo, MemoryContext cxt, int nslots)
{
	void	   *chunk = MemoryContextAllocExtended(cxt, sizeof(MemoSlot) * nslots + CACHE_LINE,
												   MCXT_ALLOC_ZERO);

	if (memo->slots_chunk != NULL)
		pfree(memo->slots_chunk);
	memo->slots_chunk = chunk;
	memo->slots = (MemoSlot *) TYPEALIGN(CACHE_LINE, chunk);
	memo->nslots = nslots;
}

void
rule_memo_create(RuleSet *rs, MemoryContext cxt)
{
	RsMemo	   *memo;

	StaticAssertStmt(sizeof(MemoSlot) == CACHE_LINE, "a memo slot is not a cache line");
	StaticAssertStmt(MEMO_ENTRIES_MIN >= MEMO_LONGEST, "the memo cannot hold a whole list");
	/* a memo entry has room for the index of one of 32 million rules */
	if (rs->nrules >= (1 << MEMO_RULE_BITS))
		return;
	memo = MemoryContextAllocZero(cxt, sizeof(RsMemo));
	memo_alloc_slots(memo, cxt, MEMO_SLOTS_MIN);
	memo->generation = 1;
	memo->nentries = MEMO_ENTRIES_MIN;
	memo->entries = MemoryContextAlloc(cxt, sizeof(MemoEntry) * memo->nentries);
	rs->memo = memo;
}

static uint32
memo_hash(const Origin *o, int32 jurisdiction, uint8 chapter, int8 heading, uint8 kind_offset)
{
	uint64		h = (uint64) (uint32) o->territory << 32 | (uint32) o->place;
	uint64		g = (uint64) (uint32) o->controller << 32 | (uint64) (uint32) jurisdiction << 16 |
		(uint64) chapter << 8 | (uint64) (uint8) heading;

	h ^= (g ^ ((uint64) o->status << 62) ^ ((uint64) kind_offset << 61)) * UINT64CONST(0x9e3779b97f4a7c15);
	h ^= h >> 33;
	h *= UINT64CONST(0xff51afd7ed558ccd);
	h ^= h >> 33;
	return (uint32) h;
}

/* Empty the memo; its arrays grow, up to their bounds, when they had filled up. */
static void
memo_clear(RsMemo *memo, bool grow_slots, bool grow_entries)
{
	MemoryContext cxt = GetMemoryChunkContext(memo);

	if (grow_slots && memo->nslots < MEMO_SLOTS_MAX)
		memo_alloc_slots(memo, cxt, memo->nslots * 2);
	if (grow_entries && memo->nentries < MEMO_ENTRIES_MAX)
	{
		MemoEntry  *entries = MemoryContextAlloc(cxt, sizeof(MemoEntry) * memo->nentries * 2);

		pfree(memo->entries);
		memo->entries = entries;
		memo->nentries *= 2;
	}
	memo->generation++;
	memo->used_slots = 0;
	memo->used_entries = 0;
}

static bool
slot_holds(const MemoSlot *slot, const Origin *o, int32 jurisdiction, uint8 chapter,
		   int8 heading, uint8 kind_offset)
{
	return slot->territory == o->territory && slot->place == o->place &&
		slot->controller == o->controller && slot->status == o->status &&
		slot->jurisdiction == jurisdiction && slot->chapter == chapter &&
		slot->heading == heading && slot->kind_offset == kind_offset;
}

/*
 * Whether to skip the memo for this lookup: it is bypassed for a while when
 * most lookups miss, as with rows from more origins, jurisdictions and
 * headings than it holds, where it is not worth its upkeep.
 */
static bool
memo_bypassed(RsMemo *memo)
{
	if (memo->bypass > 0)
	{
		memo->bypass--;
		return true;
	}
	if (++memo->lookups == MEMO_WINDOW)
	{
		if (memo->misses > MEMO_WINDOW / 2)
			memo->bypass = MEMO_BYPASS;
		memo->lookups = memo->misses = 0;
	}
	return false;
}

/* An empty slot, taken for a key. */
static MemoSlot *
claim(RsMemo *memo, MemoSlot *slot, const Origin *o, int32 jurisdiction, uint8 chapter,
	  int8 heading, uint8 kind_offset)
{
	memo->used_slots++;
	*slot = (MemoSlot) {
		.territory = o->territory,
		.place = o->place,
		.controller = o->controller,
		.jurisdiction = jurisdiction,
		.status = o->status,
		.chapter = chapter,
		.heading = heading,
		.kind_offset = kind_offset,
		.generation = memo->generation,
		.first = memo->used_entries,
		.count = -1,
	};
	return slot;
}

MemoSlot *
memo_find(RsMemo *memo, const Origin *o, int32 jurisdiction, uint8 chapter, int8 heading,
		  uint8 kind_offset, bool *found)
{
	uint32		mask;
	uint32		i;
	MemoSlot   *slot;

	if (memo == NULL || memo_bypassed(memo))
		return NULL;
	mask = memo->nslots - 1;
	for (i = memo_hash(o, jurisdiction, chapter, heading, kind_offset) & mask;; i = (i + 1) & mask)
	{
		slot = &memo->slots[i];
		if (slot->generation != memo->generation)
			break;
		if (slot_holds(slot, o, jurisdiction, chapter, heading, kind_offset))
		{
			*found = true;
			return slot;
		}
	}
	/* keep the table at most half full, and room for a whole list */
	if (memo->used_slots >= memo->nslots / 2 || memo->nentries - memo->used_entries < MEMO_LONGEST)
	{
		memo_clear(memo, memo->used_slots >= memo->nslots / 2,
				   memo->nentries - memo->used_entries < MEMO_LONGEST);
		memo->lookups--;
		return memo_find(memo, o, jurisdiction, chapter, heading, kind_offset, found);
	}
	memo->misses++;
	*found = false;
	return claim(memo, slot, o, jurisdiction, chapter, heading, kind_offset);
}

void
memo_keep(RsMemo *memo, MemoSlot *slot, int count)
{
	if (count <= MEMO_INLINE)
		memcpy(slot->inline_entries, &memo->entries[memo->used_entries], sizeof(MemoEntry) * count);
	else
		memo->used_entries += count;
	slot->count = count;
}
