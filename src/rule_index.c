/*
 * rule_index.c
 *		The rule index compiler: files each enabled rule of a loaded rule set
 *		under its most selective origin key, per HS chapter, and lays out
 *		the hash, runs, heading sub-indexes and filters rule_index.h
 *		describes.  Runs once per rule set, at load.
 */
#include "postgres.h"

#include "embargo.h"
#include "rule_index.h"
#include "rule_memo.h"
#include "utils/memutils.h"

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
 * Built from a sorted array of (key, chapter, rule) entries, one per rule
 * and chapter of its prefixes.
 */
static int
index_cmp(const void *a, const void *b)
{
	const RsIndexEntry *x = a;
	const RsIndexEntry *y = b;

	if (x->jurisdiction != y->jurisdiction)
		return cmp_int32(x->jurisdiction, y->jurisdiction);
	if (x->kind != y->kind)
		return cmp_int32(x->kind, y->kind);
	if (x->key != y->key)
		return cmp_int32(x->key, y->key);
	if (x->chapter != y->chapter)
		return cmp_int32(x->chapter, y->chapter);
	/* most severe first: screen() stops at the first prohibit that stands */
	if (x->action != y->action)
		return cmp_int32(y->action, x->action);
	return cmp_int32(x->rule, y->rule);
}

static bool
same_key(const RsIndexEntry *a, const RsIndexEntry *b)
{
	return a->jurisdiction == b->jurisdiction && a->kind == b->kind && a->key == b->key;
}

/* The origin key a rule is most selective on. */
static void
origin_key(const RsRule *r, uint8 *kind, int32 *key)
{
	*kind = KEY_ANY, *key = 0;
	if (r->place != 0)
		*kind = KEY_PLACE, *key = r->place;
	else if (r->territory >= 0)
		*kind = KEY_TERRITORY, *key = r->territory;
	else if (r->controller != 0)
		*kind = KEY_CONTROLLER, *key = r->controller;
	else if (r->status != STATUS_ANY)
		*kind = KEY_STATUS, *key = r->status;
}

/* File a rule once per distinct chapter of its prefixes (or under 0). */
static void
file_rule(RsIndexEntry **index, int *nindex, const RsRule *r, int32 position, int *capacity)
{
	bool		seen[100] = {false};
	RsIndexEntry e = {.jurisdiction = r->jurisdiction, .action = r->action, .rule = position};

	origin_key(r, &e.kind, &e.key);
	if (r->hop_roles != 0)
		e.kind += KEY_HOP;
	for (int i = 0; i < Max(r->nhs, 1); i++)
	{
		e.chapter = r->nhs == 0 ? 0 : hs_chapter(r->hs[i]);
		if (seen[e.chapter])
			continue;
		seen[e.chapter] = true;
		if (*nindex == *capacity)
		{
			*capacity *= 2;
			*index = repalloc_huge(*index, sizeof(RsIndexEntry) * *capacity);
		}
		(*index)[(*nindex)++] = e;
	}
}

/*
 * Per jurisdiction, for origin rules and for hop rules: a one-hash Bloom
 * filter of the territories rules are filed under.  Most territory keys an
 * origin or a hop brings have no rule, and the filter says so without
 * probing the hash (a false "maybe" costs only the probe).
 */
static void
fill_territory_filters(RuleSet *rs, const RsIndexEntry *index, int nindex, MemoryContext cxt)
{
	rs->territory_filters = MemoryContextAllocZero(cxt, sizeof(TerritoryFilter) * 2 *
												   (rs->njurisdictions + 1));
	for (int i = 0; i < nindex; i++)
	{
		const RsIndexEntry *e = &index[i];
		int			hop = e->kind >= KEY_HOP;
		TerritoryFilter *f = &rs->territory_filters[e->jurisdiction * 2 + hop];

		if (e->kind - hop * KEY_HOP == KEY_TERRITORY)
			f->bits[TERRITORY_BIT(e->key) / 64] |= UINT64CONST(1) << (TERRITORY_BIT(e->key) % 64);
	}
}

/*
 * The goods a rule covers under a chapter (1..99; 0: the rule covers all
 * goods): its prefixes in that chapter, as a range of codes if one prefix
 * covers the others, else the range from the first to the end of the last,
 * which a code must fall in and which its prefixes must then confirm.  A
 * code's descendants form one contiguous integer range (see hscode.h).
 */
static void
set_goods(RsEntry *e, const RsRule *r, int chapter)
{
	HsCode		widest = -1;

	e->exact = true;
	e->hs_lo = PG_INT64_MIN;
	e->hs_hi = PG_INT64_MAX;
	if (chapter == 0)
		return;
	for (int i = 0; i < r->nhs; i++)
		if (hs_chapter(r->hs[i]) == chapter &&
			(widest < 0 || hscode_ndigits(r->hs[i]) < hscode_ndigits(widest)))
			widest = r->hs[i];
	e->hs_lo = widest;
	e->hs_hi = hscode_last_descendant(widest);
	for (int i = 0; i < r->nhs; i++)
		if (hs_chapter(r->hs[i]) == chapter && !hscode_contains(widest, r->hs[i]))
		{
			e->exact = false;
			e->hs_lo = Min(e->hs_lo, r->hs[i]);
			e->hs_hi = Max(e->hs_hi, hscode_last_descendant(r->hs[i]));
		}
}

/*
 * Runs longer than this are sub-indexed by heading: the entries that cover
 * the whole chapter, and per heading those whose prefixes lie in it (a rule
 * with prefixes in several headings is in each of their lists).  A code of
 * a heading can only fall under entries of those two lists: the probe walks
 * both together, in run order, so that rules come in the same order as in
 * the run itself and none twice.
 */

typedef struct HeadingBuild
{
	int32	   *starts;
	int			nstarts;
	int			starts_capacity;
	int32	   *pos;
	int			npos;
	int			pos_capacity;
} HeadingBuild;

/* The lists a rule's entry goes to: the chapter-wide one (0), or its headings (1 + h). */
static int
heading_lists(const RsRule *r, int chapter, int *lists)
{
	bool		seen[HEADING_LISTS] = {false};
	int			n = 0;

	for (int i = 0; i < r->nhs; i++)
	{
		int			h;

		if (hs_chapter(r->hs[i]) != chapter)
			continue;
		h = hs_heading(r->hs[i]);
		if (h < 0)
		{
			lists[0] = 0;
			return 1;
		}
		if (!seen[1 + h])
			seen[1 + h] = true, lists[n++] = 1 + h;
	}
	return n;
}

static void
add_headings(RuleSet *rs, RsRun *run, int chapter, HeadingBuild *hb)
{
	int			count[HEADING_LISTS + 1] = {0};
	int			lists[HEADING_LISTS];
	int32	   *starts;

	if (hb->nstarts + HEADING_LISTS + 1 > hb->starts_capacity)
	{
		hb->starts_capacity = Max(hb->starts_capacity * 2, 16 * (HEADING_LISTS + 1));
		hb->starts = repalloc_huge(hb->starts, sizeof(int32) * hb->starts_capacity);
	}
	run->headings = hb->nstarts;
	starts = &hb->starts[hb->nstarts];
	hb->nstarts += HEADING_LISTS + 1;
	/* count, then place each entry's position in its lists, in run order */
	for (int i = 0; i < run->count; i++)
	{
		const RsRule *r = &rs->rules[rs->entries[run->start + i].rule];
		int			n = heading_lists(r, chapter, lists);

		for (int k = 0; k < n; k++)
			count[lists[k] + 1]++;
	}
	starts[0] = hb->npos;
	for (int k = 0; k < HEADING_LISTS; k++)
		starts[k + 1] = starts[k] + count[k + 1];
	if (starts[HEADING_LISTS] > hb->pos_capacity)
	{
		hb->pos_capacity = Max(hb->pos_capacity * 2, starts[HEADING_LISTS]);
		hb->pos = repalloc_huge(hb->pos, sizeof(int32) * hb->pos_capacity);
	}
	memset(count, 0, sizeof(count));
	for (int i = 0; i < run->count; i++)
	{
		const RsRule *r = &rs->rules[rs->entries[run->start + i].rule];
		int			n = heading_lists(r, chapter, lists);

		for (int k = 0; k < n; k++)
			hb->pos[starts[lists[k]] + count[lists[k]]++] = i;
	}
	hb->npos = starts[HEADING_LISTS];
}

/* The entries, in index order; returns the numbers of distinct keys and runs. */
static void
fill_entries(RuleSet *rs, const RsIndexEntry *index, int nindex, MemoryContext cxt,
			 int *nkeys, int *nruns)
{
	rs->nentries = nindex;
	rs->entries = MemoryContextAllocHuge(cxt, sizeof(RsEntry) * Max(nindex, 1));
	*nkeys = *nruns = 0;
	for (int i = 0; i < nindex; i++)
	{
		RsEntry    *e = &rs->entries[i];
		const RsRule *r = &rs->rules[index[i].rule];
		bool		new_key = i == 0 || !same_key(&index[i], &index[i - 1]);

		*e = (RsEntry) {
			.rule = index[i].rule,
			.kind = index[i].kind >= KEY_HOP ? index[i].kind - KEY_HOP : index[i].kind,
			.from = r->from,
			.until = r->until,
		};
		set_goods(e, r, index[i].chapter);
		*nkeys += new_key;
		*nruns += new_key || index[i].chapter != index[i - 1].chapter;
	}
}

/* A key's hash slot, claimed. */
static RsKeySlot *
claim_slot(RuleSet *rs, const RsIndexEntry *e, int32 runs)
{
	uint32		slot = key_hash(e->jurisdiction, e->kind, e->key) & rs->key_mask;

	while (rs->keys[slot].used)
		slot = (slot + 1) & rs->key_mask;
	rs->keys[slot] = (RsKeySlot) {.key = e->key, .jurisdiction = e->jurisdiction,
	.kind = e->kind, .used = true, .runs = runs};
	return &rs->keys[slot];
}

/*
 * Per (jurisdiction, kind, key) a hash slot with its runs, one per chapter;
 * and per jurisdiction and kind the chapters some key has a run for, so
 * that most keys an origin brings are skipped without probing the hash.
 */
static void
fill_slots(RuleSet *rs, const RsIndexEntry *index, int nindex, HeadingBuild *hb)
{
	int			nruns = 0;

	for (int i = 0; i < nindex;)
	{
		const RsIndexEntry *e = &index[i];
		uint64	   *filed = &rs->kind_chapters[(e->jurisdiction * KEY_KINDS + e->kind) * 2];
		RsKeySlot  *k = claim_slot(rs, e, nruns);

		/* the key's runs, by chapter */
		while (i < nindex && same_key(&index[i], e))
		{
			RsRun	   *run = &rs->runs[nruns++];
			int			chapter = index[i].chapter;

			*run = (RsRun) {.start = i, .count = 0, .headings = -1};
			for (; i < nindex && same_key(&index[i], e) && index[i].chapter == chapter; i++)
				run->count++;
			k->chapters[chapter / 64] |= UINT64CONST(1) << (chapter % 64);
			filed[chapter / 64] |= UINT64CONST(1) << (chapter % 64);
			if (chapter != 0 && run->count > CROWDED_RUN)
				add_headings(rs, run, chapter, hb);
		}
	}
}

/* The entries, the key hash and its runs, and the heading sub-indexes. */
static void
fill_keys(RuleSet *rs, const RsIndexEntry *index, int nindex, MemoryContext cxt)
{
	int			nkeys;
	int			nruns;
	uint32		size = 16;
	HeadingBuild hb = {.starts = palloc(sizeof(int32)), .pos = palloc(sizeof(int32))};

	fill_entries(rs, index, nindex, cxt, &nkeys, &nruns);
	while (size < (uint32) nkeys * 2)
		size *= 2;
	rs->keys = MemoryContextAllocExtended(cxt, sizeof(RsKeySlot) * size,
										  MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);
	rs->key_mask = size - 1;
	rs->runs = MemoryContextAllocHuge(cxt, sizeof(RsRun) * Max(nruns, 1));
	rs->kind_chapters = MemoryContextAllocZero(cxt, sizeof(uint64) * 2 * KEY_KINDS *
											   (rs->njurisdictions + 1));
	fill_slots(rs, index, nindex, &hb);
	rs->heading_starts = MemoryContextAllocHuge(cxt, sizeof(int32) * Max(hb.nstarts, 1));
	memcpy(rs->heading_starts, hb.starts, sizeof(int32) * hb.nstarts);
	rs->heading_pos = MemoryContextAllocHuge(cxt, sizeof(int32) * Max(hb.npos, 1));
	memcpy(rs->heading_pos, hb.pos, sizeof(int32) * hb.npos);
	pfree(hb.starts);
	pfree(hb.pos);
}

/*
 * Per jurisdiction and chapter, the roles hop rules look at, and those of
 * the rules that ask who held the hop: a hop with none of them is not
 * probed, and one is tagged only if a rule may ask.
 */
static void
fill_hop_roles(RuleSet *rs, const RsIndexEntry *index, int nindex, MemoryContext cxt)
{
	Size		size = sizeof(uint16) * HS_CHAPTERS * (rs->njurisdictions + 1);

	rs->hop_roles = MemoryContextAllocZero(cxt, size);
	rs->tag_roles = MemoryContextAllocZero(cxt, size);
	rs->hop_kinds = MemoryContextAllocZero(cxt, size);
	for (int i = 0; i < nindex; i++)
	{
		const RsIndexEntry *e = &index[i];
		const RsRule *r = &rs->rules[e->rule];
		int			slot = e->jurisdiction * HS_CHAPTERS + e->chapter;

		if (r->hop_roles == 0)
			continue;
		rs->hop_roles[slot] |= r->hop_roles;
		rs->hop_kinds[slot] |= 1 << (e->kind - KEY_HOP);
		if (r->controller != 0 || r->status != STATUS_ANY)
			rs->tag_roles[slot] |= r->hop_roles;
	}
}

static int
hscode_cmp(const void *a, const void *b)
{
	HsCode		x = *(const HsCode *) a;
	HsCode		y = *(const HsCode *) b;

	return x < y ? -1 : x > y;
}

/*
 * A rule of many prefixes (one scoped to a critical-mineral list has
 * dozens) gets them sorted, less those within another: disjoint ranges in
 * code order, so that the matcher finds the one that may hold the goods by
 * binary search instead of trying each.
 */
static void
sort_prefixes(RsRule *r, MemoryContext cxt)
{
	int			n = 0;

	r->hs_sorted = NULL;
	if (r->nhs <= RULE_FEW_PREFIXES)
		return;
	r->hs_sorted = MemoryContextAlloc(cxt, sizeof(HsCode) * r->nhs);
	memcpy(r->hs_sorted, r->hs, sizeof(HsCode) * r->nhs);
	qsort(r->hs_sorted, r->nhs, sizeof(HsCode), hscode_cmp);
	/* a code sorts just before what it contains: keep it, drop those */
	for (int i = 0; i < r->nhs; i++)
		if (n == 0 || !hscode_contains(r->hs_sorted[n - 1], r->hs_sorted[i]))
			r->hs_sorted[n++] = r->hs_sorted[i];
	r->nhs_sorted = n;
}

/* The index and its companions, built in the rule set's context. */
void
rule_index_build(RuleSet *rs, MemoryContext cxt)
{
	int			capacity = Max(rs->nrules, 16);
	int			nindex = 0;
	RsIndexEntry *index = palloc(sizeof(RsIndexEntry) * capacity);

	for (int i = 0; i < rs->nrules; i++)
		if (rs->rules[i].enabled)
		{
			sort_prefixes(&rs->rules[i], cxt);
			file_rule(&index, &nindex, &rs->rules[i], i, &capacity);
		}
	qsort(index, nindex, sizeof(RsIndexEntry), index_cmp);
	fill_keys(rs, index, nindex, cxt);
	fill_hop_roles(rs, index, nindex, cxt);
	fill_territory_filters(rs, index, nindex, cxt);
	rule_memo_create(rs, cxt);
	pfree(index);
}

