/*
 * ownership_load.c
 *		The ownership records' loader: the only code that knows where the
 *		records and the regimes' rules come from (embargo.ownership,
 *		embargo.ownership_rule, over SPI).  It makes the parties nodes of a
 *		graph over the lists' entries, cuts time into periods, and hands
 *		the graph to ownership.c.
 */
#include "postgres.h"

#include "common/hashfn.h"
#include "embargo.h"
#include "internal_sql.h"
#include "ownership.h"
#include "ownership_load.h"
#include "party_load.h"
#include "party_norm.h"
#include "utils/builtins.h"
#include "utils/hsearch.h"

#define S EXTENSION_SCHEMA "."

/* A node by the 64-bit hash of its identity (L + reference, or N + name key); probed on. */
typedef struct NodeKey
{
	uint64		hash;
	int32		node;
} NodeKey;

typedef struct OwnLoading
{
	PartyIndex *px;
	MemoryContext cxt;
	int			capacity;
	int			node_capacity;
	HTAB	   *nodes;
	char	  **idents;			/* by node, in work */
	MemoryContext work;			/* the loader's own, gone after the load */
	StringInfo	canon;
} OwnLoading;

static int32
intern_node(OwnLoading *l, const char *ref, bool listed)
{
	Ownership  *o = &l->px->own;
	char	   *ident = listed ? psprintf("L%s", ref) : psprintf("N%s", party_name_key(ref, strlen(ref)));
	uint64		hash = hash_bytes_extended((const unsigned char *) ident, strlen(ident), 0);
	NodeKey    *slot;
	bool		found;
	OwnNode    *n;

	/* names can be long: identities are compared whole, a colliding hash probes the next */
	for (;; hash++)
	{
		slot = hash_search(l->nodes, &hash, HASH_ENTER, &found);
		if (!found || strcmp(l->idents[slot->node], ident) == 0)
			break;
	}
	if (found)
		return slot->node;
	o->nodes = grow_array(o->nodes, o->nnodes, &l->node_capacity, sizeof(OwnNode), l->cxt);
	l->idents = o->nnodes == 0 ? MemoryContextAlloc(l->work, sizeof(char *) * l->node_capacity)
		: repalloc(l->idents, sizeof(char *) * l->node_capacity);
	l->idents[o->nnodes] = MemoryContextStrdup(l->work, ident);
	n = &o->nodes[o->nnodes];
	n->ref = MemoryContextStrdup(l->cxt, ref);
	n->key = listed ? NULL : MemoryContextStrdup(l->cxt, ident + 1);
	n->entry = -1;
	n->nin = 0;
	if (listed)
	{
		char	   *list = pstrdup(ref);
		char	   *colon = strchr(list, ':');
		PartyEntry *e;

		*colon = '\0';
		e = party_find_entry(l->px, list, colon + 1);
		n->entry = e ? e - l->px->entries : -1;
	}
	slot->node = o->nnodes++;
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
	/* the table's generated owner_list and owned_list tell a list reference from a name */
	e->owner = intern_node(l, TextDatumGetCString(v[0]), !n[6]);
	e->owned = intern_node(l, TextDatumGetCString(v[1]), !n[7]);
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

/* Each node's holdings (the nodes it owns or controls), for the worklist. */
static void
index_holdings(Ownership *o, MemoryContext cxt)
{
	int32	   *fill;

	o->out_first = MemoryContextAllocZero(cxt, sizeof(int32) * (o->nnodes + 1));
	o->out_owned = MemoryContextAlloc(cxt, sizeof(int32) * Max(o->nedges, 1));
	for (int i = 0; i < o->nedges; i++)
		o->out_first[o->edges[i].owner + 1]++;
	for (int n = 0; n < o->nnodes; n++)
		o->out_first[n + 1] += o->out_first[n];
	fill = palloc0(sizeof(int32) * Max(o->nnodes, 1));
	for (int i = 0; i < o->nedges; i++)
	{
		int32		owner = o->edges[i].owner;

		o->out_owned[o->out_first[owner] + fill[owner]++] = o->edges[i].owned;
	}
	pfree(fill);
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
	HASHCTL		ctl = {.keysize = sizeof(uint64), .entrysize = sizeof(NodeKey), .hcxt = CurrentMemoryContext};

	l.work = CurrentMemoryContext;
	l.nodes = hash_create("embargo ownership nodes", 1024, &ctl, HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
	internal_sql_each_row("SELECT jurisdiction, threshold::pg_catalog.float8, at_threshold, aggregate, votes_count, control_blocks, citation "
						  "FROM " S "ownership_rule ORDER BY jurisdiction COLLATE pg_catalog.\"C\"", load_rule, &l);
	l.capacity = 0;
	internal_sql_each_row("SELECT owner, owned, share::pg_catalog.float8, kind, valid_from, valid_until, owner_list, owned_list "
						  "FROM " S "ownership ORDER BY id",
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
	index_holdings(o, cxt);
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
	ownership_compute(px, cxt);
}

