/*
 * rule_match.c
 *		The matcher: the rules of a compiled rule set that apply to a tagged
 *		origin, or to a hop of a chain of custody, for goods on a day in a
 *		jurisdiction.  Pure: see rule_match.h.
 *
 * An origin's keys (its place, its territory and their parents, its
 * controller and backer, its status, "any") are each looked up in the
 * index (rule_index.h); the rules filed under them for all goods or the
 * goods' chapter are checked against the day, the goods and the origin.
 * Origin rules judge the declared origin; hop rules judge hops of the
 * chain, or the declared origin standing in for a hop the chain lacks.
 */
#include "postgres.h"

#include "conflict_match.h"
#include "embargo.h"
#include "rule_evidence.h"
#include "rule_hop.h"
#include "rule_index.h"
#include "rule_match.h"
#include "rule_memo.h"

/* What a rule is held against: the declared origin, or one hop of the chain. */
typedef struct Judged
{
	Origin		origin;			/* for an untagged hop: territory and place only */
	Controller	backer;
	bool		tagged;
	int			hop;			/* index into the chain; -1: the declared origin */
	const CustodyHop *h;		/* NULL for the declared origin */
} Judged;

static Controller
backer_of(const RuleSet *rs, Controller c)
{
	RsBacker	probe = {.authority = c};
	const RsBacker *b;

	if (!(c & CONTROLLER_AUTHORITY_BIT))
		return 0;
	b = bsearch(&probe, rs->backers, rs->nbackers, sizeof(RsBacker), ruleset_backer_cmp);
	return b != NULL ? b->backer : 0;
}

static bool
goods_match(const RsRule *r, HsCode hs)
{
	if (r->nhs == 0)
		return true;
	if (r->hs_sorted != NULL)
		return hscode_sorted_prefixes_hold(r->hs_sorted, r->nhs_sorted, hs);
	for (int i = 0; i < r->nhs; i++)
		if (hscode_contains(r->hs[i], hs))
			return true;
	return false;
}

static bool
origin_matches(const RsRule *r, const Origin *o, Controller backer, uint8 found_under)
{
	/*
	 * A rule found under a territory key was filed under its own territory,
	 * and the probe came from the origin's ancestor chain, which is exactly
	 * what territory_contains() accepts.
	 */
	Assert(found_under != KEY_TERRITORY || territory_contains(r->territory, o->territory));
	if (r->territory >= 0 && found_under != KEY_TERRITORY &&
		!territory_contains(r->territory, o->territory))
		return false;
	if (r->place != 0 && r->place != o->place)
		return false;
	if (r->controller != 0 && r->controller != o->controller && r->controller != backer)
		return false;
	if (r->status != STATUS_ANY && r->status != o->status &&
		!(r->status == ORIGIN_OCCUPIED && o->status == ORIGIN_CONTESTED))
		return false;
	return true;
}

/*
 * The rule's action for this origin.  A contested origin may or may not lie
 * in the part held by the controller a rule is about, so such a rule can
 * only ask for review.
 */
static Verdict
effective_action(const RsRule *r, const Origin *o, bool *capped)
{
	bool		about_control = r->status == ORIGIN_OCCUPIED || r->controller != 0;

	*capped = o->status == ORIGIN_CONTESTED && about_control &&
		r->status != ORIGIN_CONTESTED && r->action > VERDICT_REVIEW;
	return *capped ? VERDICT_REVIEW : r->action;
}

typedef struct ProbeKey
{
	uint8		kind;
	int32		key;
} ProbeKey;

#define MAX_PROBE_KEYS 16

/* The index keys an origin can match: at most 1 + depth + 2 + 2 + 1. */
static int
probe_keys(const Origin *o, Controller backer, ProbeKey *keys)
{
	int			n = 0;

	Territory	chain[TERRITORY_MAX_DEPTH];
	int			depth = territory_ancestors(o->territory, chain);

	StaticAssertStmt(MAX_PROBE_KEYS >= TERRITORY_MAX_DEPTH + 6, "probe keys do not fit");
	if (o->place != 0)
		keys[n++] = (ProbeKey) {.kind = KEY_PLACE, .key = o->place};
	for (int i = 0; i < depth; i++)
		keys[n++] = (ProbeKey) {.kind = KEY_TERRITORY, .key = chain[i]};
	keys[n++] = (ProbeKey) {.kind = KEY_CONTROLLER, .key = o->controller};
	if (backer != 0 && backer != o->controller)
		keys[n++] = (ProbeKey) {.kind = KEY_CONTROLLER, .key = backer};
	keys[n++] = (ProbeKey) {.kind = KEY_STATUS, .key = o->status};
	if (o->status == ORIGIN_CONTESTED)
		keys[n++] = (ProbeKey) {.kind = KEY_STATUS, .key = ORIGIN_OCCUPIED};
	keys[n++] = (ProbeKey) {.kind = KEY_ANY, .key = 0};
	return n;
}

/* The hash slot of a key, or NULL if no rule is filed under it. */
static const RsKeySlot *
key_lookup(const RuleSet *rs, int32 jurisdiction, uint8 kind, int32 key)
{
	uint32		slot = key_hash(jurisdiction, kind, key) & rs->key_mask;

	for (;; slot = (slot + 1) & rs->key_mask)
	{
		const RsKeySlot *k = &rs->keys[slot];

		if (!k->used)
			return NULL;
		if (k->key == key && k->jurisdiction == jurisdiction && k->kind == kind)
			return k;
	}
}

/* The index keys a hop can match: those of its tag, if it has one. */
static int
hop_keys(const Judged *j, ProbeKey *keys)
{
	Territory	chain[TERRITORY_MAX_DEPTH];
	int			depth;
	int			n = 0;

	if (j->tagged)
		return probe_keys(&j->origin, j->backer, keys);
	if (j->origin.place != 0)
		keys[n++] = (ProbeKey) {.kind = KEY_PLACE, .key = j->origin.place};
	depth = territory_ancestors(j->origin.territory, chain);
	for (int i = 0; i < depth; i++)
		keys[n++] = (ProbeKey) {.kind = KEY_TERRITORY, .key = chain[i]};
	keys[n++] = (ProbeKey) {.kind = KEY_ANY, .key = 0};
	return n;
}

/* Whether the goods fall under what the rule of an entry covers there. */
static inline bool
entry_goods(const RuleSet *rs, const RsEntry *e, HsCode hs)
{
	return hs >= e->hs_lo && hs <= e->hs_hi && (e->exact || goods_match(&rs->rules[e->rule], hs));
}

/* The exception the query's evidence invokes to lift the rule, or NULL. */
static const RsException *
lifting_exception(const RsRule *r, RsQuery *q)
{
	if (r->nexceptions == 0)
		return NULL;
	/* detoasted on first need: most rows never need it */
	if (q->evidence == NULL)
		q->evidence = DatumGetArrayTypeP(q->evidence_datum);
	return rule_lifting_exception(r, q->day, q->evidence);
}

/* Whether a rule asks who held what it judges, not only where it lies. */
static inline bool
asks_control(const RsRule *r)
{
	return r->controller != 0 || r->status != STATUS_ANY;
}

/* Hand fn a rule that applies to what is judged; false once fn has asked to stop. */
static bool
report(RsMatching *mt, const Judged *j, const RsRule *r, bool stand_in)
{
	RsMatch		m = {
		.rule = r,
		.hop = j->hop,
		.stand_in = stand_in,
		.undated = r->hop_date_from != DATEVAL_NOBEGIN && (j->h == NULL || !hop_dated(j->h)),
		.judged = j->origin,
	};

	/* outside every listed area, the rule is only noted: nothing to lift or cap */
	if (rule_has_conflict_scope(r))
	{
		/* the scopes look at the hop's own date, else the shipment's */
		DateADT		day = j->h != NULL && hop_dated(j->h) ? j->h->day : mt->q->day;
		ConflictScope scope = conflict_judge(&mt->rs->conflict, r, j->origin.territory,
											 mt->q->custody, j->hop, day, &m.conflict);

		if (scope == CONFLICT_NOT)
			return true;
		m.outside_cahra = scope == CONFLICT_OUTSIDE_CAHRA;
	}
	if (m.outside_cahra)
		m.action = VERDICT_ALLOW;
	else
	{
		m.lifted_by = lifting_exception(r, mt->q);
		m.action = effective_action(r, &j->origin, &m.capped);
	}
	return mt->fn(&m, mt->arg);
}

/* An origin rule found under a key of kind found_under, against the declared origin. */
static bool
apply_origin_rule(RsMatching *mt, const Judged *j, const RsRule *r, uint8 found_under)
{
	if (!origin_matches(r, &j->origin, j->backer, found_under))
		return true;
	return report(mt, j, r, false);
}

/* A hop rule, against a hop or the declared origin standing in for one. */
static bool
apply_hop_rule(RsMatching *mt, const Judged *j, const RsRule *r, uint8 found_under)
{
	if (!rule_hop_selected(r, &mt->chain, j->hop))
		return true;
	/* rule_match_hop_need() asked for the tag of every hop such a rule may judge */
	if (j->h != NULL && !j->tagged && asks_control(r))
		elog(ERROR, "hop %d of the chain of custody was judged without its tag", j->hop + 1);
	if (!origin_matches(r, &j->origin, j->backer, found_under))
		return true;
	return report(mt, j, r, j->h == NULL);
}

/*
 * Apply a rule found under a key of kind found_under (plus kind_offset),
 * in force on the day and covering the goods; false once fn has asked to
 * stop.
 */
static bool
apply(RsMatching *mt, const Judged *j, const RsRule *r, uint8 found_under, uint8 kind_offset)
{
	return kind_offset == KEY_HOP ? apply_hop_rule(mt, j, r, found_under) :
		apply_origin_rule(mt, j, r, found_under);
}

/*
 * apply() the rule of an entry found under a key: the entry's dates and
 * goods range turn most rules away before the rule itself is read.
 */
static bool
visit(RsMatching *mt, Judged *j, const RsEntry *e, uint8 kind_offset)
{
	if (!active_on(e->from, e->until, mt->q->day) || !entry_goods(mt->rs, e, mt->q->hs))
		return true;
	return apply(mt, j, &mt->rs->rules[e->rule], e->kind, kind_offset);
}

/* What is done with each entry the keys find: visit() it, or note it down. */
typedef bool (*EntryFn) (RsMatching *mt, Judged *j, const RsEntry *e, uint8 kind_offset, void *arg);

static bool
visit_entry(RsMatching *mt, Judged *j, const RsEntry *e, uint8 kind_offset, void *arg)
{
	return visit(mt, j, e, kind_offset);
}

/*
 * Give fn the entries of a run in order.  In a crowded run only those that
 * may cover the goods' heading: the chapter-wide list and the heading's,
 * merged by position (a rule is in one of the two, never both).
 */
static bool
run_entries(RsMatching *mt, Judged *j, const RsRun *run, uint8 kind_offset, EntryFn fn, void *arg)
{
	const RsEntry *entries = &mt->rs->entries[run->start];
	const int32 *starts;
	const int32 *a;
	const int32 *a_end;
	const int32 *b;
	const int32 *b_end;

	if (run->headings < 0)
	{
		for (int i = 0; i < run->count; i++)
			if (!fn(mt, j, &entries[i], kind_offset, arg))
				return false;
		return true;
	}
	starts = &mt->rs->heading_starts[run->headings];
	a = &mt->rs->heading_pos[starts[0]];
	a_end = &mt->rs->heading_pos[starts[1]];
	b = b_end = a_end;
	if (mt->heading >= 0)
	{
		b = &mt->rs->heading_pos[starts[1 + mt->heading]];
		b_end = &mt->rs->heading_pos[starts[2 + mt->heading]];
	}
	while (a < a_end || b < b_end)
	{
		int32		i = b == b_end || (a < a_end && *a < *b) ? *a++ : *b++;

		if (!fn(mt, j, &entries[i], kind_offset, arg))
			return false;
	}
	return true;
}

/*
 * Give fn every entry filed under the keys (plus kind_offset) for all goods
 * or the goods' chapter, in order; false once fn has asked to stop.
 */
static bool
key_entries(RsMatching *mt, Judged *j, const ProbeKey *keys, int nkeys, uint8 kind_offset,
			EntryFn fn, void *arg)
{
	const RuleSet *rs = mt->rs;
	RsQuery    *q = mt->q;
	const TerritoryFilter *filed = &rs->territory_filters[q->jurisdiction * 2 + (kind_offset == KEY_HOP)];

	/* a rule is filed under one key and, per chapter, once: none is seen twice */
	for (int k = 0; k < nkeys; k++)
	{
		uint8		kind = keys[k].kind + kind_offset;
		const uint64 *filed_chapters = &rs->kind_chapters[(q->jurisdiction * KEY_KINDS + kind) * 2];
		const RsKeySlot *slot;

		/* most keys have no rules in most jurisdictions: skip the probe */
		if (!chapter_filed(filed_chapters, mt->chapters[0]) &&
			!chapter_filed(filed_chapters, mt->chapters[1]))
			continue;
		if (keys[k].kind == KEY_TERRITORY && !maybe_filed(filed, keys[k].key))
			continue;
		slot = key_lookup(rs, q->jurisdiction, kind, keys[k].key);
		if (slot == NULL)
			continue;
		for (int c = 0; c < 2; c++)
		{
			const RsRun *run;

			if (!chapter_filed(slot->chapters, mt->chapters[c]))
				continue;
			run = &rs->runs[slot->runs + chapter_rank(slot->chapters, mt->chapters[c])];
			if (!run_entries(mt, j, run, kind_offset, fn, arg))
				return false;
		}
	}
	return true;
}

/*
 * Call mt->fn for every rule filed under the keys (plus kind_offset) that
 * applies to what is judged; false once fn has asked to stop.
 */
static bool
probe(RsMatching *mt, Judged *j, const ProbeKey *keys, int nkeys, uint8 kind_offset)
{
	return key_entries(mt, j, keys, nkeys, kind_offset, visit_entry, NULL);
}

/* Where key_entries() notes down the entries for a memo slot. */
typedef struct MemoFill
{
	MemoEntry  *next;
	int			room;
} MemoFill;

/*
 * Note down an entry, with whether its rule covers all goods of the slot's
 * chapter and heading; one that covers none of them is left out, as
 * entry_goods() would turn it away.
 */
static bool
note_entry(RsMatching *mt, Judged *j, const RsEntry *e, uint8 kind_offset, void *arg)
{
	MemoFill   *fill = arg;
	MemoEntry	me = {.word = e->rule, .from = e->from, .until = e->until,
	.entry = e - mt->rs->entries};

	if (e->hs_lo == PG_INT64_MIN)
		me.word |= MEMO_ANY_GOODS;	/* all goods */
	else if (e->exact && hscode_ndigits(e->hs_lo) == 2)
		me.word |= MEMO_ANY_GOODS;	/* the chapter */
	else if (e->exact)
	{
		if (hs_heading(e->hs_lo) != mt->heading)
			return true;		/* another heading, or goods given by their chapter */
		if (hscode_ndigits(e->hs_lo) == 4)
			me.word |= MEMO_ANY_GOODS;	/* else a subheading: check */
	}
	/* a rule with conflict-minerals scopes depends on the row's day and chain too */
	if (kind_offset == 0 && !rule_has_conflict_scope(&mt->rs->rules[e->rule]))
	{
		const RsRule *r = &mt->rs->rules[e->rule];
		bool		capped;
		Verdict		action;

		Assert(j->h == NULL && r->hop_roles == 0);
		if (!origin_matches(r, &j->origin, j->backer, e->kind))
			return true;		/* never applies to this origin */
		action = effective_action(r, &j->origin, &capped);
		me.word |= MEMO_APPLIES | (uint32) action << MEMO_RULE_BITS |
			(capped ? MEMO_CAPPED : 0) | (r->nexceptions > 0 ? MEMO_EXCEPTIONS : 0) |
			(r->hop_date_from != DATEVAL_NOBEGIN ? MEMO_UNDATED : 0);
	}
	else
		me.word |= (uint32) e->kind << MEMO_RULE_BITS;
	if (fill->room-- == 0)
		return false;
	*fill->next++ = me;
	return true;
}

/* probe() the keys of the declared origin. */
static bool
probe_origin(RsMatching *mt, Judged *j, uint8 kind_offset)
{
	ProbeKey	keys[MAX_PROBE_KEYS];
	int			nkeys = probe_keys(&j->origin, j->backer, keys);

	return probe(mt, j, keys, nkeys, kind_offset);
}

/*
 * The memo slot for the declared origin, filled now if it was not; NULL
 * while the memo is bypassed.
 */
static MemoSlot *
memo_slot(RsMatching *mt, Judged *j, uint8 kind_offset)
{
	RsMemo	   *memo = mt->rs->memo;
	bool		found;
	MemoSlot   *slot = memo_find(memo, &j->origin, mt->q->jurisdiction, mt->chapters[1],
								 mt->heading, kind_offset, &found);
	ProbeKey	keys[MAX_PROBE_KEYS];
	MemoFill	fill = {.room = MEMO_LONGEST};
	int			nkeys;

	if (slot == NULL || found)
		return slot;
	nkeys = probe_keys(&j->origin, j->backer, keys);
	fill.next = memo_fill_area(memo);
	if (key_entries(mt, j, keys, nkeys, kind_offset, note_entry, &fill))
		memo_keep(memo, slot, fill.next - memo_fill_area(memo));
	return slot;
}

/* The match of a memo entry that applies: as apply() would, from what was worked out. */
static RsMatch
memo_match(RsMatching *mt, const Judged *j, const MemoEntry *me)
{
	uint32		w = me->word;
	RsMatch		m = {
		.rule = &mt->rs->rules[MEMO_RULE(w)],
		.action = MEMO_ACTION(w),
		.capped = (w & MEMO_CAPPED) != 0,
		.hop = j->hop,
		.stand_in = false,
		.undated = (w & MEMO_UNDATED) != 0,
		.judged = j->origin,
	};

	m.lifted_by = (w & MEMO_EXCEPTIONS) ? lifting_exception(m.rule, mt->q) : NULL;
	return m;
}

/*
 * probe() for the declared origin, through the memo: the same rules in the
 * same order, so the same matches, and the same point where fn asks to stop.
 */
static bool
probe_declared(RsMatching *mt, Judged *j, uint8 kind_offset)
{
	const MemoSlot *slot = memo_slot(mt, j, kind_offset);
	const MemoEntry *me;

	if (slot == NULL || slot->count < 0)
		return probe_origin(mt, j, kind_offset);
	me = memo_entries(mt->rs->memo, slot);
	for (int k = 0; k < slot->count; k++, me++)
	{
		uint32		w = me->word;
		RsMatch		m;

		if (!active_on(me->from, me->until, mt->q->day) ||
			(!(w & MEMO_ANY_GOODS) && !entry_goods(mt->rs, &mt->rs->entries[me->entry], mt->q->hs)))
			continue;
		if (!(w & MEMO_APPLIES))
		{
			if (!apply(mt, j, &mt->rs->rules[MEMO_RULE(w)], MEMO_KIND(w), kind_offset))
				return false;
			continue;
		}
		m = memo_match(mt, j, me);
		if (!mt->fn(&m, mt->arg))
			return false;
	}
	return true;
}

static Judged
declared_judged(const RuleSet *rs, const RsQuery *q)
{
	return (Judged) {
		.origin = *q->origin,
		.backer = backer_of(rs, q->origin->controller),
		.tagged = true,
		.hop = -1,
	};
}

bool
rule_match_declared(RsMatching *mt, const RuleSet *rs, RsQuery *q, MatchCallback fn, void *arg)
{
	int			chapter = hs_chapter(q->hs);
	int			all_goods = q->jurisdiction * HS_CHAPTERS;
	Judged		declared = declared_judged(rs, q);

	*mt = (RsMatching) {
		.rs = rs,
		.q = q,
		.fn = fn,
		.arg = arg,
		.chapters = {0, chapter},
		.heading = hs_heading(q->hs),
		.rule_roles = rs->hop_roles[all_goods] | rs->hop_roles[all_goods + chapter],
		.tag_roles = rs->tag_roles[all_goods] | rs->tag_roles[all_goods + chapter],
		.hop_kinds = {rs->hop_kinds[all_goods], rs->hop_kinds[all_goods + chapter]},
	};
	mt->only_territory_keys = ((mt->hop_kinds[0] | mt->hop_kinds[1]) & ~(1 << KEY_TERRITORY)) == 0;
	if (!probe_declared(mt, &declared, 0))
		return false;
	/* no hop rule for these goods: the chain does not matter */
	if (mt->rule_roles == 0)
		return false;
	if (q->custody_datum != 0 && q->custody == NULL)
		q->custody = custody_unpack(q->custody_datum, &q->custody_buffer);
	rule_chain_init(&mt->chain, q->custody);
	/* the declared origin stands in only for roles the chain lacks */
	if ((mt->rule_roles & ~mt->chain.roles) != 0 && !probe_declared(mt, &declared, KEY_HOP))
		return false;
	return q->custody != NULL;
}

RsHopNeed
rule_match_hop_need(const RsMatching *mt, int i)
{
	const CustodyHop *h = &mt->q->custody->hops[i];
	const TerritoryFilter *hop_filed = &mt->rs->territory_filters[mt->q->jurisdiction * 2 + 1];

	/* no rule for these goods looks at a hop in this role, or in this territory */
	if (!(mt->rule_roles & HOP_ROLE_BIT(h->role)) ||
		(mt->only_territory_keys && h->place == 0 && !maybe_filed_within(hop_filed, h->territory)))
		return HOP_NOT_JUDGED;
	return (mt->tag_roles & HOP_ROLE_BIT(h->role)) ? HOP_NEEDS_TAG : HOP_NEEDS_TERRITORY;
}

bool
rule_match_hop(RsMatching *mt, int i, const Origin *judged, bool tagged)
{
	Judged		hop = {
		.origin = *judged,
		.backer = tagged ? backer_of(mt->rs, judged->controller) : 0,
		.tagged = tagged,
		.hop = i,
		.h = &mt->q->custody->hops[i],
	};
	ProbeKey	keys[MAX_PROBE_KEYS];
	int			nkeys = hop_keys(&hop, keys);

	return probe(mt, &hop, keys, nkeys, KEY_HOP);
}
