/*
 * ownership.c
 *		Ownership and control: the user's records (embargo.ownership) as a
 *		graph over parties, and the status each regime's rule
 *		(embargo.ownership_rule) gives every party in every period.
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
#include "internal_sql.h"
#include "ownership.h"
#include "party_load.h"
#include "party_norm.h"
#include "utils/builtins.h"
#include "utils/hsearch.h"
#include "utils/memutils.h"

#define S EXTENSION_SCHEMA "."
/* Periods whose statuses are computed at build when they take no more: the rest on first use. */
#define OWN_EAGER_BYTES (16 * 1024 * 1024)
/* How deep explain() follows blocked owners that are blocked by ownership themselves. */
#define OWN_EXPLAIN_DEPTH 4

typedef struct NodeKey
{
	char		key[NAMEDATALEN * 4];
	int32		node;
} NodeKey;

typedef struct OwnLoading
{
	PartyIndex *px;
	MemoryContext cxt;
	int			capacity;
	int			node_capacity;
	HTAB	   *nodes;
	StringInfo	canon;
} OwnLoading;

/* The statuses of each period: computed lazily past OWN_EAGER_BYTES. */
typedef struct OwnPeriods
{
	MemoryContext cxt;
	uint8	  **by_period;
} OwnPeriods;

static bool
is_list_reference(const char *ref)
{
	const char *colon = strchr(ref, ':');

	if (colon == NULL || colon == ref || !(ref[0] >= 'a' && ref[0] <= 'z') || colon[1] == '\0')
		return false;
	for (const char *p = ref; p < colon; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
			return false;
	for (const char *p = colon + 1; *p; p++)
		if (isspace((unsigned char) *p))
			return false;
	return true;
}

/* A name's key: its folded words, legal forms set aside, one space apart. */
static char *
name_key(const char *name, int len)
{
	PartyName	parsed;
	StringInfoData key;

	party_name_parse(name, len, &parsed);
	initStringInfo(&key);
	for (int i = 0; i < parsed.nwords; i++)
		appendStringInfo(&key, "%s%s", i ? " " : "", parsed.words[i].word);
	return key.data;
}

static int32
intern_node(OwnLoading *l, const char *ref)
{
	Ownership  *o = &l->px->own;
	bool		listed = is_list_reference(ref);
	char	   *key = listed ? psprintf("L%s", ref) : psprintf("N%s", name_key(ref, strlen(ref)));
	char		hkey[NAMEDATALEN * 4] = {0};
	NodeKey    *slot;
	bool		found;

	strlcpy(hkey, key, sizeof(hkey));
	slot = hash_search(l->nodes, hkey, HASH_ENTER, &found);
	if (!found)
	{
		OwnNode    *n;

		o->nodes = grow_array(o->nodes, o->nnodes, &l->node_capacity, sizeof(OwnNode), l->cxt);
		n = &o->nodes[o->nnodes];
		n->ref = MemoryContextStrdup(l->cxt, ref);
		n->key = listed ? NULL : MemoryContextStrdup(l->cxt, key + 1);
		n->entry = -1;
		if (listed)
		{
			char	   *list = pstrdup(ref);
			char	   *colon = strchr(list, ':');
			PartyEntry *e;

			*colon = '\0';
			e = party_find_entry(l->px, list, colon + 1);
			n->entry = e ? e - l->px->entries : -1;
		}
		n->nin = 0;
		slot->node = o->nnodes++;
	}
	return slot->node;
}

static void
load_rule(Datum *v, bool *n, void *arg)
{
	OwnLoading *l = arg;
	Ownership  *o = &l->px->own;
	OwnRule    *r;

	o->rules = grow_array(o->rules, o->nrules, &l->capacity, sizeof(OwnRule), l->cxt);
	r = &o->rules[o->nrules++];
	strlcpy(r->jurisdiction, TextDatumGetCString(v[0]), sizeof(r->jurisdiction));
	r->threshold = DatumGetFloat8(v[1]);
	r->at_threshold = DatumGetBool(v[2]);
	r->aggregate = DatumGetBool(v[3]);
	r->votes_count = DatumGetBool(v[4]);
	r->control_blocks = DatumGetBool(v[5]);
	r->citation = MemoryContextStrdup(l->cxt, TextDatumGetCString(v[6]));
	appendStringInfo(l->canon, "R%s|%g|%d%d%d%d|%s\n", r->jurisdiction, r->threshold, r->at_threshold,
					 r->aggregate, r->votes_count, r->control_blocks, r->citation);
}

static void
load_edge(Datum *v, bool *n, void *arg)
{
	OwnLoading *l = arg;
	Ownership  *o = &l->px->own;
	const char *kind = TextDatumGetCString(v[3]);
	OwnEdge    *e;

	o->edges = grow_array(o->edges, o->nedges, &l->capacity, sizeof(OwnEdge), l->cxt);
	e = &o->edges[o->nedges++];
	e->owner = intern_node(l, TextDatumGetCString(v[0]));
	e->owned = intern_node(l, TextDatumGetCString(v[1]));
	e->share = n[2] ? -1 : DatumGetFloat8(v[2]);
	e->kind = strcmp(kind, "control") == 0 ? OWN_CONTROL : strcmp(kind, "votes") == 0 ? OWN_VOTES : OWN_SHARES;
	e->from = n[4] ? DATEVAL_NOBEGIN : DatumGetDateADT(v[4]);
	e->until = n[5] ? DATEVAL_NOEND : DatumGetDateADT(v[5]);
	appendStringInfo(l->canon, "O%s|%s|%g|%d|%d|%d\n", o->nodes[e->owner].ref, o->nodes[e->owned].ref,
					 e->share, e->kind, (int) e->from, (int) e->until);
}

static int
edge_by_owned(const void *a, const void *b)
{
	const OwnEdge *x = a;
	const OwnEdge *y = b;

	return x->owned != y->owned ? (x->owned < y->owned ? -1 : 1) : (x->owner < y->owner ? -1 : x->owner > y->owner);
}

static int
day_cmp(const void *a, const void *b)
{
	DateADT		x = *(const DateADT *) a;
	DateADT		y = *(const DateADT *) b;

	return x < y ? -1 : x > y;
}

static const PartyIndex *key_px;		/* for node_key_cmp */

static int
node_key_cmp(const void *a, const void *b)
{
	return strcmp(key_px->own.nodes[*(const int32 *) a].key, key_px->own.nodes[*(const int32 *) b].key);
}

/* The days on which some record or listing starts or ends: the periods' starts. */
static void
cut_periods(PartyIndex *px, MemoryContext cxt)
{
	Ownership  *o = &px->own;
	DateADT    *d = MemoryContextAlloc(cxt, sizeof(DateADT) * (2 * o->nedges + o->nnodes + 1));
	int			n = 0;

	d[n++] = DATEVAL_NOBEGIN;
	for (int i = 0; i < o->nedges; i++)
	{
		if (o->edges[i].from != DATEVAL_NOBEGIN)
			d[n++] = o->edges[i].from;
		if (o->edges[i].until != DATEVAL_NOEND)
			d[n++] = o->edges[i].until;
	}
	for (int i = 0; i < o->nnodes; i++)
		if (o->nodes[i].entry >= 0 && px->entries[o->nodes[i].entry].listed_on != DATEVAL_NOBEGIN)
			d[n++] = px->entries[o->nodes[i].entry].listed_on;
	qsort(d, n, sizeof(DateADT), day_cmp);
	o->nsegments = 0;
	for (int i = 0; i < n; i++)
		if (o->nsegments == 0 || d[i] != d[o->nsegments - 1])
			d[o->nsegments++] = d[i];
	o->segment_from = d;
}

static bool
crosses(const OwnRule *r, double share)
{
	return r->at_threshold ? share >= r->threshold : share > r->threshold;
}

static bool
edge_active(const OwnEdge *e, DateADT day)
{
	return e->from <= day && day < e->until;
}

/* What a node's owners, as they stand, make of it under the rule. */
static OwnStatus
derive(const Ownership *o, const OwnRule *r, DateADT day, const uint8 *st, int32 node)
{
	const OwnNode *n = &o->nodes[node];
	double		blocked_sum = 0,
				blocked_max = 0,
				review_sum = 0,
				uncounted_votes = 0;
	bool		uncertain = false,
				controlled = false;

	for (int i = n->first_in; i < n->first_in + n->nin; i++)
	{
		const OwnEdge *e = &o->edges[i];
		uint8		owner = st[e->owner];

		if (owner == OWN_NONE || !edge_active(e, day))
			continue;
		if (e->kind == OWN_CONTROL)
		{
			if (owner == OWN_BLOCKED && r->control_blocks)
				controlled = true;
			else
				uncertain = true;	/* control a rule does not count, or by a restrictive owner */
			continue;
		}
		if (e->share < 0)
		{
			uncertain = true;
			continue;
		}
		review_sum += e->share;
		if (owner != OWN_BLOCKED)
			continue;
		if (e->kind == OWN_VOTES && !r->votes_count)
		{
			uncounted_votes += e->share;
			continue;
		}
		blocked_sum += e->share;
		blocked_max = Max(blocked_max, e->share);
	}
	if (controlled || crosses(r, r->aggregate ? blocked_sum : blocked_max))
		return OWN_BLOCKED;
	if (uncertain || crosses(r, blocked_sum) || crosses(r, review_sum) || crosses(r, uncounted_votes))
		return OWN_REVIEW;
	return OWN_NONE;
}

/* The statuses of every node under rule r on day: the fixed point. */
static void
close_period(const PartyIndex *px, const OwnRule *r, DateADT day, uint8 *st)
{
	const Ownership *o = &px->own;
	bool		changed = true;

	for (int i = 0; i < o->nnodes; i++)
	{
		const PartyEntry *e = o->nodes[i].entry >= 0 ? &px->entries[o->nodes[i].entry] : NULL;

		st[i] = OWN_NONE;
		if (e != NULL && strcmp(px->lists[e->list].jurisdiction, r->jurisdiction) == 0 &&
			(e->listed_on == DATEVAL_NOBEGIN || e->listed_on <= day))
			st[i] = e->meaning == MEANING_BLOCKING ? OWN_BLOCKED : OWN_REVIEW;
	}
	/* statuses only rise, so this ends, cycles or not */
	while (changed)
	{
		changed = false;
		for (int i = 0; i < o->nnodes; i++)
		{
			OwnStatus	v;

			if (o->nodes[i].nin == 0 || st[i] == OWN_BLOCKED)
				continue;
			v = derive(o, r, day, st, i);
			if (v > st[i])
				st[i] = v, changed = true;
		}
	}
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

/*
 * The user's own parties become entries of a list "own" of no
 * jurisdiction, so that a hit on one goes where hits on listed entries go.
 */
static void
add_own_entries(PartyIndex *px, MemoryContext cxt)
{
	Ownership  *o = &px->own;
	PartyList  *own;

	px->lists = px->lists ? repalloc(px->lists, sizeof(PartyList) * (px->nlists + 1))
		: MemoryContextAlloc(cxt, sizeof(PartyList));
	own = &px->lists[px->nlists];
	own->list = "own";
	own->jurisdiction[0] = '\0';
	own->edition = DATEVAL_NOBEGIN;
	px->own_list = px->nlists++;
	px->entries = px->entries ? repalloc(px->entries, sizeof(PartyEntry) * (px->nentries + o->nkeyed))
		: MemoryContextAlloc(cxt, sizeof(PartyEntry) * Max(o->nkeyed, 1));
	o->node_of_entry = repalloc(o->node_of_entry, sizeof(int32) * Max(px->nentries + o->nkeyed, 1));
	for (int k = 0; k < o->nkeyed; k++)
	{
		OwnNode    *n = &o->nodes[o->by_key[k]];
		PartyEntry *e = &px->entries[px->nentries];

		memset(e, 0, sizeof(PartyEntry));
		e->list = px->own_list;
		e->entry_id = n->ref;
		e->kind = "entity";
		e->programs = NULL;
		e->meaning = MEANING_RESTRICTIVE;
		e->listed_on = DATEVAL_NOBEGIN;
		e->primary_name = n->ref;
		n->entry = px->nentries;
		o->node_of_entry[px->nentries++] = o->by_key[k];
	}
}

void
ownership_load(PartyIndex *px, MemoryContext cxt, StringInfo canon)
{
	Ownership  *o = &px->own;
	OwnLoading	l = {.px = px, .cxt = cxt, .canon = canon};
	HASHCTL		ctl = {.keysize = NAMEDATALEN * 4, .entrysize = sizeof(NodeKey), .hcxt = CurrentMemoryContext};
	OwnPeriods *p;

	l.nodes = hash_create("embargo ownership nodes", 1024, &ctl, HASH_ELEM | HASH_STRINGS | HASH_CONTEXT);
	internal_sql_each_row("SELECT jurisdiction, threshold::pg_catalog.float8, at_threshold, aggregate, votes_count, control_blocks, citation "
						  "FROM " S "ownership_rule ORDER BY jurisdiction COLLATE pg_catalog.\"C\"", load_rule, &l);
	l.capacity = 0;
	internal_sql_each_row("SELECT owner, owned, share::pg_catalog.float8, kind, valid_from, valid_until FROM " S "ownership ORDER BY id",
						  load_edge, &l);
	hash_destroy(l.nodes);
	if (o->nedges > 1)
		qsort(o->edges, o->nedges, sizeof(OwnEdge), edge_by_owned);
	for (int i = 0; i < o->nedges; i++)
	{
		OwnNode    *n = &o->nodes[o->edges[i].owned];

		if (n->nin++ == 0)
			n->first_in = i;
	}
	o->node_of_entry = MemoryContextAlloc(cxt, sizeof(int32) * Max(px->nentries, 1));
	for (int i = 0; i < px->nentries; i++)
		o->node_of_entry[i] = -1;
	o->by_key = MemoryContextAlloc(cxt, sizeof(int32) * Max(o->nnodes, 1));
	for (int i = 0; i < o->nnodes; i++)
	{
		if (o->nodes[i].entry >= 0)
			o->node_of_entry[o->nodes[i].entry] = i;
		else if (o->nodes[i].key != NULL)
			o->by_key[o->nkeyed++] = i;
	}
	key_px = px;
	qsort(o->by_key, o->nkeyed, sizeof(int32), node_key_cmp);
	add_own_entries(px, cxt);
	cut_periods(px, cxt);
	p = MemoryContextAllocZero(cxt, sizeof(OwnPeriods));
	p->cxt = cxt;
	p->by_period = MemoryContextAllocZero(cxt, sizeof(uint8 *) * o->nsegments);
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
ownership_own_node(const PartyIndex *px, const char *name, int len)
{
	const Ownership *o = &px->own;
	char	   *key;
	int			lo = 0,
				hi = o->nkeyed - 1;

	if (o->nkeyed == 0)
		return -1;
	key = name_key(name, len);
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
	double		sum = 0;
	int			terms = 0;
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
		{
			appendStringInfo(out, " %g %%%s", e->share, e->kind == OWN_VOTES ? " of the votes" : "");
			if (st[e->owner] == OWN_BLOCKED && (e->kind == OWN_SHARES || rule->votes_count))
				sum += e->share;
		}
		if (st[e->owner] != OWN_BLOCKED)
			appendStringInfoString(out, " [under review]");
		explain_owner(px, e->owner, r, day, st, &why, depth);
	}
	if (terms > 1 || sum > 0)
		appendStringInfo(out, " = %g %% held by blocked parties, %s %g %% (%s, %s)", sum,
						 crosses(rule, sum) ? (rule->at_threshold ? ">=" : ">") : (rule->at_threshold ? "<" : "<="),
						 rule->threshold, rule->jurisdiction,
						 rule->aggregate ? "holdings added up" : "one owner alone counts");
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
