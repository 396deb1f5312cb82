/*
 * conflict_match.c
 *		The CAHRA and facility scopes of rules (see conflict_match.h).
 *
 * The CAHRA list in force on a day is the latest edition dated on or
 * before it, else the earliest loaded (the list is indicative, and the
 * earliest edition is the best knowledge of the years before it).  Where
 * no edition is loaded, or the origin is a country the list names parts
 * of, nobody can tell: the rule applies, so the verdict is review, never
 * a silent allow.
 */
#include "postgres.h"

#include "conflict_match.h"
#include "embargo.h"

static const RsCahraEdition *
edition_on(const RsConflict *c, DateADT day, bool *stands_in)
{
	const RsCahraEdition *e = NULL;

	for (int i = 0; i < c->neditions && c->editions[i].edition <= day; i++)
		e = &c->editions[i];
	*stands_in = e == NULL;
	return e != NULL ? e : &c->editions[0];
}

static int
territory_cmp(const void *key, const void *area)
{
	return cmp_int32(*(const Territory *) key, ((const RsCahraArea *) area)->territory);
}

CahraStatus
cahra_status(const RsConflict *c, Territory t, DateADT day, RsConflictFinding *f)
{
	const RsCahraEdition *e;
	const RsCahraArea *areas;
	Territory	chain[TERRITORY_MAX_DEPTH];
	int			depth;

	if (c->neditions == 0)
		return CAHRA_NO_LIST;
	e = edition_on(c, day, &f->edition_stands_in);
	f->edition = e;
	/* an edition naming nothing (emptied by hand) cannot show an origin outside it */
	if (e->count == 0)
		return CAHRA_NO_LIST;
	areas = c->areas + e->start;
	/* the territory itself, or a parent the list names as a whole */
	depth = territory_ancestors(t, chain);
	for (int i = 0; i < depth; i++)
	{
		f->area = bsearch(&chain[i], areas, e->count, sizeof(RsCahraArea), territory_cmp);
		if (f->area != NULL)
			return CAHRA_LISTED;
	}
	/* a country (or region) given for an origin in one of its listed areas, or not */
	if (territory_has_children(t))
		for (int i = 0; i < e->count; i++)
			if (territory_contains(t, areas[i].territory))
			{
				f->area = &areas[i];
				return CAHRA_COARSE;
			}
	return CAHRA_NOT_LISTED;
}

static int
smelter_cmp(const void *key, const void *smelter)
{
	return strcmp((const char *) key, ((const RsSmelter *) smelter)->facility);
}

const RsSmelter *
smelter_find(const RsConflict *c, const char *facility)
{
	return bsearch(facility, c->smelters, c->nsmelters, sizeof(RsSmelter), smelter_cmp);
}

/* The facility's status on day (the latest recorded since on or before it), or -1. */
static int
status_on(const RsConflict *c, const RsSmelter *s, DateADT day, DateADT *since)
{
	int			status = -1;

	for (int i = s->start; i < s->start + s->count && c->statuses[i].since <= day; i++)
	{
		status = c->statuses[i].status;
		*since = c->statuses[i].since;
	}
	return status;
}

/*
 * A facility scope judges only hops that name a facility: one the user has
 * not recorded, or whose status then is unknown, is not conformant.
 */
static bool
facility_scope_holds(const RsConflict *c, const RsRule *r, const Custody *custody, int hop,
					 DateADT day, RsConflictFinding *f)
{
	f->facility = hop >= 0 && custody != NULL ? custody_facility(custody, hop) : NULL;
	if (f->facility == NULL)
		return false;
	f->smelter = smelter_find(c, f->facility);
	f->status = f->smelter != NULL ? status_on(c, f->smelter, day, &f->status_since) : -1;
	return (f->status == SMELTER_CONFORMANT) == (r->smelter_conformant == 1);
}

ConflictScope
conflict_judge(const RsConflict *c, const RsRule *r, Territory t, const Custody *custody,
			   int hop, DateADT day, RsConflictFinding *f)
{
	bool		listed;

	memset(f, 0, sizeof(RsConflictFinding));
	f->status = -1;
	f->day = day;
	if (r->smelter_conformant >= 0 && !facility_scope_holds(c, r, custody, hop, day, f))
		return CONFLICT_NOT;
	if (r->cahra < 0)
		return CONFLICT_APPLIES;
	f->cahra = cahra_status(c, t, day, f);
	listed = f->cahra != CAHRA_NOT_LISTED;
	if (listed == (r->cahra == 1))
		return CONFLICT_APPLIES;
	return r->cahra == 1 ? CONFLICT_OUTSIDE_CAHRA : CONFLICT_NOT;
}
