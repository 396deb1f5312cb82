/*
 * ownership.c
 *		Ownership and control: the status each regime's rule
 *		(embargo.ownership_rule) gives every party of the records' graph
 *		(ownership_load.c) in every period, and why.
 *
 * A party is a node: a listed entry (list:entry) or a party of the user's
 * own, known by its name folded as party names are (case, spaces, legal
 * forms: "Acme Holding Ltd" and "ACME HOLDING" are one).  The dates the
 * records start and end on, and the listing dates, cut time into periods;
 * within one, a rule's statuses are a fixed point: listed entries blocked
 * (or under review, for a restrictive listing) as their lists say, then
 * each entity blocked if the blocked parties among its owners hold enough
 * of it (added up, or one alone, as the rule says) or one controls it
 * where control blocks; under review where the records cannot settle it
 * (an unknown share, an aggregate a rule does not add up, control or votes
 * a rule does not count, restrictive owners holding enough).  Statuses
 * only rise, so cycles end.  Indirect holdings count through owned
 * entities that are blocked themselves, and only through them.
 */
#include "postgres.h"

#include "compat.h"
#include "embargo.h"
#include "ownership.h"
#include "party_norm.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

/* Periods whose statuses are computed at build when they take no more: the rest on first use. */
#define OWN_EAGER_BYTES (16 * 1024 * 1024)
/* How deep explain() follows blocked owners that are blocked by ownership themselves. */
#define OWN_EXPLAIN_DEPTH 4

/* The statuses of each period: computed lazily past OWN_EAGER_BYTES. */
typedef struct OwnPeriods
{
	MemoryContext cxt;
	uint8	  **by_period;
} OwnPeriods;

static bool
crosses(const OwnRule *r, double share)
{
	return r->at_threshold ? share >= r->threshold : share > r->threshold;
}

static const char *
comparison(const OwnRule *r, double share)
{
	if (crosses(r, share))
		return r->at_threshold ? ">=" : ">";
	return r->at_threshold ? "<" : "<=";
}

static bool
edge_active(const OwnEdge *e, DateADT day)
{
	return e->from <= day && day < e->until;
}

/*
 * What a node's owners hold of it, as they stand: shares and votes are two
 * measures, each added up (blocked owners; blocked and restrictive ones)
 * and taken per owner (an owner's records of one measure add up); a rule
 * counts the larger of the measures it counts.
 */
typedef struct OwnTally
{
	double		blocked_sum;	/* what blocked owners hold together */
	double		blocked_max;	/* what the largest blocked owner holds */
	double		review_sum;		/* what blocked and restrictive owners hold together */
	double		uncounted;		/* votes of blocked owners, where the rule does not count votes */
	bool		uncertain;		/* an unknown share, or control the rule does not count */
	bool		controlled;		/* control by a blocked owner, where control blocks */
} OwnTally;

static void
tally(const Ownership *o, const OwnRule *r, DateADT day, const uint8 *st, int32 node, OwnTally *t)
{
	const OwnNode *n = &o->nodes[node];
	double		sum[2] = {0, 0},
				review[2] = {0, 0},
				largest[2] = {0, 0},
				own[2] = {0, 0};
	int32		owner = -1;

	memset(t, 0, sizeof(OwnTally));
	for (int i = n->first_in; i <= n->first_in + n->nin; i++)
	{
		const OwnEdge *e = i < n->first_in + n->nin ? &o->edges[i] : NULL;
		int			m;

		/* edges come by owner: close the last owner's holding */
		if (e == NULL || e->owner != owner)
		{
			for (m = 0; m < 2; m++)
				largest[m] = Max(largest[m], own[m]), own[m] = 0;
			if (e == NULL)
				break;
			owner = e->owner;
		}
		if (st[e->owner] == OWN_NONE || !edge_active(e, day))
			continue;
		if (e->kind == OWN_CONTROL)
		{
			if (st[e->owner] == OWN_BLOCKED && r->control_blocks)
				t->controlled = true;
			else
				t->uncertain = true;	/* control a rule does not count, or by a restrictive owner */
			continue;
		}
		if (e->share < 0)
		{
			t->uncertain = true;
			continue;
		}
		m = e->kind == OWN_VOTES;
		review[m] += e->share;
		if (st[e->owner] != OWN_BLOCKED)
			continue;
		if (m == 1 && !r->votes_count)
		{
			t->uncounted += e->share;
			continue;
		}
		sum[m] += e->share;
		own[m] += e->share;
	}
	t->blocked_sum = Max(sum[0], sum[1]);
	t->blocked_max = Max(largest[0], largest[1]);
	t->review_sum = Max(review[0], review[1]);
}

/* What a node's owners, as they stand, make of it under the rule. */
static OwnStatus
derive(const Ownership *o, const OwnRule *r, DateADT day, const uint8 *st, int32 node)
{
	OwnTally	t;

	tally(o, r, day, st, node, &t);
	if (t.controlled || crosses(r, r->aggregate ? t.blocked_sum : t.blocked_max))
		return OWN_BLOCKED;
	if (t.uncertain || crosses(r, t.blocked_sum) || crosses(r, t.review_sum) || crosses(r, t.uncounted))
		return OWN_REVIEW;
	return OWN_NONE;
}

/*
 * The statuses of every node under rule r on day: the fixed point, by a
 * worklist (a node is derived again only when one of its owners rose), so
 * each holding is looked at a few times at most.
 */
static void
close_period(const PartyIndex *px, const OwnRule *r, DateADT day, uint8 *st)
{
	const Ownership *o = &px->own;
	int32	   *queue = palloc(sizeof(int32) * Max(o->nnodes, 1));
	bool	   *queued = palloc0(sizeof(bool) * Max(o->nnodes, 1));
	int			head = 0,
				count = 0;

	for (int i = 0; i < o->nnodes; i++)
	{
		const PartyEntry *e = o->nodes[i].entry >= 0 ? &px->entries[o->nodes[i].entry] : NULL;

		st[i] = OWN_NONE;
		if (e != NULL && strcmp(px->lists[e->list].jurisdiction, r->jurisdiction) == 0 &&
			(e->listed_on == DATEVAL_NOBEGIN || e->listed_on <= day))
			st[i] = e->meaning == MEANING_BLOCKING ? OWN_BLOCKED : OWN_REVIEW;
		if (o->nodes[i].nin > 0)
			queue[count++] = i, queued[i] = true;
	}
	/* statuses only rise, so this ends, cycles or not; the queue is a ring */
	while (count > 0)
	{
		int32		n = queue[head];
		OwnStatus	v;

		head = (head + 1) % o->nnodes;
		count--;
		queued[n] = false;
		if (st[n] == OWN_BLOCKED || (v = derive(o, r, day, st, n)) <= st[n])
			continue;
		st[n] = v;
		for (int k = o->out_first[n]; k < o->out_first[n + 1]; k++)
		{
			int32		held = o->out_owned[k];

			if (!queued[held])
			{
				queue[(head + count++) % o->nnodes] = held;
				queued[held] = true;
			}
		}
	}
	pfree(queue);
	pfree(queued);
}

static OwnPeriods *
periods(const PartyIndex *px)
{
	return (OwnPeriods *) px->own.status;
}

/* The statuses of period s, every rule's, computed on first use. */
static const uint8 *
period_statuses(const PartyIndex *px, int s)
{
	const Ownership *o = &px->own;
	OwnPeriods *p = periods(px);

	if (p->by_period[s] == NULL)
	{
		uint8	   *st = MemoryContextAlloc(p->cxt, Max((Size) o->nrules * o->nnodes, 1));

		for (int r = 0; r < o->nrules; r++)
			close_period(px, &o->rules[r], o->segment_from[s], st + (Size) r * o->nnodes);
		p->by_period[s] = st;
	}
	return p->by_period[s];
}

void
ownership_compute(PartyIndex *px, MemoryContext cxt)
{
	Ownership  *o = &px->own;
	OwnPeriods *p = MemoryContextAllocZero(cxt, sizeof(OwnPeriods));

	p->cxt = cxt;
	p->by_period = MemoryContextAllocZero(cxt, sizeof(uint8 *) * Max(o->nsegments, 1));
	o->status = (uint8 *) p;
	if ((Size) o->nsegments * o->nrules * o->nnodes <= OWN_EAGER_BYTES)
		for (int s = 0; s < o->nsegments; s++)
			period_statuses(px, s);
}

int
ownership_rule(const PartyIndex *px, const char *jurisdiction)
{
	for (int r = 0; jurisdiction != NULL && r < px->own.nrules; r++)
		if (strcmp(px->own.rules[r].jurisdiction, jurisdiction) == 0)
			return r;
	return -1;
}

/* The period a day falls in. */
static int
period_of(const Ownership *o, DateADT day)
{
	int			lo = 0,
				hi = o->nsegments - 1;

	while (lo < hi)
	{
		int			mid = (lo + hi + 1) / 2;

		if (o->segment_from[mid] <= day)
			lo = mid;
		else
			hi = mid - 1;
	}
	return lo;
}

OwnStatus
ownership_status(const PartyIndex *px, int32 node, int r, DateADT day)
{
	const Ownership *o = &px->own;

	if (node < 0 || r < 0 || o->nsegments == 0)
		return OWN_NONE;
	return period_statuses(px, period_of(o, day))[(Size) r * o->nnodes + node];
}

int32
ownership_own_node(const PartyIndex *px, const char *name, int len, const PartyName *parsed)
{
	const Ownership *o = &px->own;
	char	   *key;
	int			lo = 0,
				hi = o->nkeyed - 1;

	if (o->nkeyed == 0)
		return -1;
	/* the words the matcher parsed are the key, unless the name had more than it keeps */
	if (parsed != NULL && parsed->nwords + parsed->nlegal < PARTY_NAME_MAX_WORDS)
	{
		StringInfoData k;

		initStringInfo(&k);
		for (int i = 0; i < parsed->nwords; i++)
			appendStringInfo(&k, "%s%s", i ? " " : "", parsed->words[i].word);
		key = k.data;
	}
	else
		key = party_name_key(name, len);
	while (lo <= hi)
	{
		int			mid = (lo + hi) / 2;
		int			c = strcmp(o->nodes[o->by_key[mid]].key, key);

		if (c == 0)
			return o->by_key[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

static void
describe_node(const PartyIndex *px, int32 node, StringInfo out)
{
	const OwnNode *n = &px->own.nodes[node];

	appendStringInfoString(out, n->ref);
	if (n->key == NULL && n->entry >= 0 && px->entries[n->entry].primary_name != NULL)
		appendStringInfo(out, " (%s)", px->entries[n->entry].primary_name);
}

static void
explain_node(const PartyIndex *px, int32 node, int r, DateADT day, const uint8 *st, StringInfo out, int depth);

/* Why an owner counts: its listing, or its own owners. */
static void
explain_owner(const PartyIndex *px, int32 owner, int r, DateADT day, const uint8 *st, StringInfo out, int depth)
{
	const OwnNode *n = &px->own.nodes[owner];

	if (n->entry >= 0 && strcmp(px->lists[px->entries[n->entry].list].jurisdiction, px->own.rules[r].jurisdiction) == 0)
	{
		const PartyEntry *e = &px->entries[n->entry];

		appendStringInfo(out, "; %s is on %s under ", n->ref, px->lists[e->list].list);
		for (int i = 0; i < e->nprograms; i++)
			appendStringInfo(out, "%s%s", i ? ", " : "", e->programs[i]);
		return;
	}
	if (depth < OWN_EXPLAIN_DEPTH)
	{
		appendStringInfo(out, "; %s is itself %s: ", n->ref, st[owner] == OWN_BLOCKED ? "blocked" : "under review");
		explain_node(px, owner, r, day, st, out, depth + 1);
	}
}

static void
explain_node(const PartyIndex *px, int32 node, int r, DateADT day, const uint8 *st, StringInfo out, int depth)
{
	const Ownership *o = &px->own;
	const OwnRule *rule = &o->rules[r];
	const OwnNode *n = &o->nodes[node];
	int			terms = 0;
	OwnTally	t;
	StringInfoData why;

	initStringInfo(&why);
	appendStringInfoString(out, "held by ");
	for (int i = n->first_in; i < n->first_in + n->nin; i++)
	{
		const OwnEdge *e = &o->edges[i];

		if (st[e->owner] == OWN_NONE || !edge_active(e, day))
			continue;
		appendStringInfoString(out, terms++ ? " + " : "");
		describe_node(px, e->owner, out);
		if (e->kind == OWN_CONTROL)
			appendStringInfoString(out, " (control)");
		else if (e->share < 0)
			appendStringInfo(out, " (%s, share unknown)", e->kind == OWN_VOTES ? "votes" : "shares");
		else
			appendStringInfo(out, " %g %%%s", e->share, e->kind == OWN_VOTES ? " of the votes" : "");
		if (st[e->owner] != OWN_BLOCKED)
			appendStringInfoString(out, " [under review]");
		explain_owner(px, e->owner, r, day, st, &why, depth);
	}
	tally(o, rule, day, st, node, &t);
	if (rule->aggregate)
		appendStringInfo(out, "; blocked parties hold %g %% together, %s %g %% (%s: holdings added up)",
						 t.blocked_sum, comparison(rule, t.blocked_sum), rule->threshold, rule->jurisdiction);
	else
		appendStringInfo(out, "; the largest blocked owner holds %g %%, %s %g %% (%s: one owner alone counts; together %g %%)",
						 t.blocked_max, comparison(rule, t.blocked_max), rule->threshold, rule->jurisdiction,
						 t.blocked_sum);
	appendStringInfoString(out, why.data);
}

void
ownership_explain(const PartyIndex *px, int32 node, int r, DateADT day, StringInfo out)
{
	const uint8 *st = period_statuses(px, period_of(&px->own, day)) + (Size) r * px->own.nnodes;
	char		iso[ISO_DATE_BUFLEN];

	format_iso_date(day, iso);
	appendStringInfo(out, "%s is %s under %s on %s: ", px->own.nodes[node].ref,
					 st[node] == OWN_BLOCKED ? "blocked by ownership or control" : "for review by its ownership or control",
					 px->own.rules[r].jurisdiction, iso);
	explain_node(px, node, r, day, st, out, 0);
	appendStringInfo(out, " [%s]", px->own.rules[r].citation);
}
