/*
 * tagging.c
 *		embargo.tag_origin(): who controlled a territory or place on a date.
 *
 * The decision, from the gazetteer cache only:
 *	1. the place's own control records, if a place is given and any is in
 *	   force on the date;
 *	2. else those of its territory, then of each ISO parent up to the country:
 *	   the finest level with a record in force decides;
 *	3. else nobody recorded control of the area itself: it is sovereign
 *	   unless someone other than the sovereign holds part of it (a record
 *	   below it), in which case it is contested.
 * At the deciding level, one controller over the whole area decides;
 * partial coverage or disagreeing records make it contested.  Unknown is
 * never innocent: a coarse location that may lie in an occupied part is
 * contested, never sovereign.
 */
#include "postgres.h"

#include "gazetteer.h"
#include "origin.h"
#include "place.h"
#include "tagging.h"
#include "utils/builtins.h"
#include "utils/date.h"

PG_FUNCTION_INFO_V1(tag_origin_by_id);
PG_FUNCTION_INFO_V1(tag_origin_by_name);

/* Someone other than the sovereign holding part of t on day, or 0. */
static Controller
foreign_control_below(const Gazetteer *g, Territory t, DateADT day)
{
	const GzBelow *run;
	int			n = t >= 0 ? gazetteer_below(g, t, &run) : 0;

	for (int i = 0; i < n; i++)
		if (active_on(run[i].from, run[i].until, day))
			return run[i].controller;
	return 0;
}

static void
set_control(Origin *o, Controller c)
{
	o->controller = c;
	o->status = c == origin_sovereign(o) ? ORIGIN_SOVEREIGN : ORIGIN_OCCUPIED;
}

static void
set_contested(Origin *o, Controller c)
{
	o->controller = c;
	o->status = ORIGIN_CONTESTED;
}

/* Sovereign, unless someone else holds part of t on day: then contested. */
static void
set_unless_held_below(const Gazetteer *g, Origin *o, Territory t, DateADT day)
{
	Controller	foreign = foreign_control_below(g, t, day);

	if (foreign != 0)
		set_contested(o, foreign);
	else
		set_control(o, origin_sovereign(o));
}

/*
 * Decide from the records of one key in force on day; false if none is.
 * A contested area's controller is the first (earliest-starting) one other
 * than the sovereign.  Records that leave the area only partly accounted
 * for, all by the sovereign, defer to what is recorded below the territory
 * (below_of; -1 for a place, which has nothing below it).
 */
static bool
decide_from_records(const Gazetteer *g, const GzControl *recs, int n, DateADT day,
					Territory below_of, bool official_only, Origin *o)
{
	Territory	sovereign = origin_sovereign(o);
	bool		found = false;
	bool		uniform = true;
	Controller	first = 0;
	Controller	foreign = 0;

	for (int i = 0; i < n; i++)
	{
		const GzControl *c = &recs[i];

		if (!active_on(c->from, c->until, day) || (official_only && !c->official))
			continue;
		if (!found)
			first = c->controller;
		found = true;
		if (c->partial || c->controller != first)
			uniform = false;
		if (foreign == 0 && c->controller != sovereign)
			foreign = c->controller;
	}
	if (!found)
		return false;
	if (uniform)
		set_control(o, first);
	else if (foreign != 0)
		set_contested(o, foreign);
	else
		set_unless_held_below(g, o, below_of, day);
	return true;
}

static bool
decide_at(const Gazetteer *g, bool is_place, int32 key, DateADT day, bool official_only, Origin *o)
{
	const GzControl *recs;
	int			n = gazetteer_controls(g, is_place, key, &recs);

	return decide_from_records(g, recs, n, day, is_place ? -1 : key, official_only, o);
}

/*
 * The records of the place, else of the places it lies in (a settlement's
 * hromada, raion, oblast), the finest deciding; only places with records
 * are visited (GzPlace.recorded).
 */
static bool
decide_in_places(const Gazetteer *g, int32 place, DateADT day, bool official_only, Origin *o)
{
	const GzPlace *p = gazetteer_place(g, place);

	for (int depth = 0; p != NULL && p->recorded > 0 && depth < PLACE_CHAIN_MAX; depth++)
	{
		if (decide_at(g, true, p->recorded, day, official_only, o))
			return true;
		p = gazetteer_place(g, p->recorded);
		p = p != NULL && p->parent != 0 ? gazetteer_place(g, p->parent) : NULL;
	}
	return false;
}

/*
 * Whether an official list decides for the place: it has a code of the
 * list's country (a KATOTTH unit) and the country has a list in force.
 * Then only the list's records count, and a unit the list does not name,
 * on itself or any unit it lies in, was not occupied: the list is finer
 * knowledge than a record that its oblast is partly held.
 */
static bool
listed_by_official_list(const Gazetteer *g, int32 place)
{
	const GzPlace *p = gazetteer_place(g, place);

	return p != NULL && p->katotth != 0 &&
		gazetteer_country_official(g, territory_country(p->territory));
}

/* Decide from the place's records and those of the places it lies in; false if none. */
static bool
tag_place(const Gazetteer *g, int32 place, DateADT day, Origin *o)
{
	bool		official = listed_by_official_list(g, place);

	if (!decide_in_places(g, place, day, official, o))
	{
		if (!official)
			return false;
		set_control(o, origin_sovereign(o));
	}
	o->precision = PRECISION_PLACE;
	return true;
}

static OriginPrecision
precision_of(Territory t)
{
	return territory_is_subdivision(t) ? PRECISION_SUBDIVISION : PRECISION_COUNTRY;
}

static Origin *
tag(const Gazetteer *g, Territory territory, int32 place, DateADT day)
{
	Origin	   *o = palloc0(sizeof(Origin));

	o->territory = territory;
	o->place = place;
	/* most of the world has no record at all: held by its sovereign */
	if (!gazetteer_country_recorded(g, territory_country(territory)))
	{
		set_control(o, origin_sovereign(o));
		o->precision = precision_of(territory);
		return o;
	}
	if (place != 0 && tag_place(g, place, day, o))
		return o;
	for (Territory t = territory; t >= 0; t = territory_parent(t))
		if (decide_at(g, false, t, day, false, o))
		{
			o->precision = precision_of(t);
			return o;
		}
	set_unless_held_below(g, o, territory, day);
	o->precision = precision_of(territory);
	return o;
}

static void
check_day(DateADT day)
{
	if (DATE_NOT_FINITE(day))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("the date of an origin must be finite")));
}

/*
 * The territory to tag: the place's, which must lie within the given
 * territory (if any).
 */
Territory
place_territory(const Gazetteer *g, int32 place, bool has_territory, Territory territory)
{
	const GzPlace *p = gazetteer_place(g, place);
	char		given[TERRITORY_BUFLEN];
	char		actual[TERRITORY_BUFLEN];

	if (p == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_EMBARGO_PLACE_NOT_FOUND),
				 errmsg("no place with id %d", place)));
	if (has_territory && !territory_contains(territory, p->territory))
	{
		territory_format(territory, given);
		territory_format(p->territory, actual);
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("place %d (%s) is not within %s", place, p->name, given),
				 errdetail("The place lies in %s.", actual)));
	}
	return p->territory;
}

/*
 * The origin tag of goods from a territory (if has_territory) and/or a
 * place (an id, 0 for none) on a day.
 */
Origin *
origin_tag(const Gazetteer *g, bool has_territory, Territory territory, int32 place,
		   DateADT day)
{
	check_day(day);
	if (place != 0)
		territory = place_territory(g, place, has_territory, territory);
	return tag(g, territory, place, day);
}

/* The finest territory containing both, or -1 if they lie in different countries. */
static Territory
common_territory(Territory a, Territory b)
{
	while (a >= 0 && !territory_contains(a, b))
		a = territory_parent(a);
	return a;
}

/*
 * The tag of goods from one of several places a name can mean: where they
 * all had the same controller and status on the day, that; else contested,
 * as a coarse location is: the goods may come from any of them.  The
 * territory is the finest that holds them all, and no place is named.
 */
static Origin *
tag_candidates(const Gazetteer *g, const GzPlace **c, int n, DateADT day)
{
	Origin	   *first = tag(g, c[0]->territory, c[0]->id, day);
	Origin	   *m = palloc0(sizeof(Origin));
	Territory	common = c[0]->territory;
	bool		agree = true;
	Controller	foreign = first->status != ORIGIN_SOVEREIGN ? first->controller : 0;

	for (int i = 1; i < n; i++)
	{
		Origin	   *o;

		common = common_territory(common, c[i]->territory);
		/* contested, and by whom, is settled: the rest cannot change the tag */
		if (!agree && foreign != 0)
			continue;
		o = tag(g, c[i]->territory, c[i]->id, day);
		agree = agree && o->controller == first->controller && o->status == first->status;
		if (foreign == 0 && o->status != ORIGIN_SOVEREIGN)
			foreign = o->controller;
	}
	if (common < 0)
		return NULL;
	m->territory = common;
	m->precision = precision_of(common);
	if (agree)
		m->controller = first->controller, m->status = first->status;
	else
		set_contested(m, foreign != 0 ? foreign : origin_sovereign(m));
	return m;
}

/*
 * The origin tag of goods from the place a name means, on a day: one place,
 * or the places it may mean (tag_candidates()).  Candidates in different
 * countries cannot be one tag: an error, as a name that names no place is;
 * with problem given, NULL and *problem saying why instead.
 */
Origin *
origin_tag_named(const Gazetteer *g, text *name, bool has_territory, Territory territory,
				 DateADT day, const char **problem)
{
	const GzPlace **c;
	int			n;
	Origin	   *o;

	check_day(day);
	n = place_candidates(g, name, has_territory, territory, &c, problem);
	if (n == 0)
		return NULL;
	/* the candidate lies within the territory: no need to look it up again */
	if (n == 1)
		return tag(g, c[0]->territory, c[0]->id, day);
	o = tag_candidates(g, c, n, day);
	if (o != NULL)
		return o;
	if (problem == NULL)
	{
		report_ambiguous(name, c, n);
		return NULL;			/* not reached: an error */
	}
	*problem = psprintf("its place name \"%s\" names %d places in different countries",
						text_to_cstring(name), n);
	return NULL;
}

/* Shared by both overloads once the place is an id (0 for none). */
static Datum
tag_origin_common(FunctionCallInfo fcinfo, const Gazetteer *g, int32 place)
{
	PG_RETURN_ORIGIN_P(origin_tag(g, !PG_ARGISNULL(0), PG_ARGISNULL(0) ? 0 : PG_GETARG_TERRITORY(0),
								  place, PG_GETARG_DATEADT(2)));
}

/* embargo.tag_origin(territory, place integer, on date) */
Datum
tag_origin_by_id(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(2) || (PG_ARGISNULL(0) && PG_ARGISNULL(1)))
		PG_RETURN_NULL();
	if (!PG_ARGISNULL(1) && PG_GETARG_INT32(1) <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("place id must be positive")));
	return tag_origin_common(fcinfo, gazetteer_get(),
							 PG_ARGISNULL(1) ? 0 : PG_GETARG_INT32(1));
}

/* embargo.tag_origin(territory, place text, on date): the place by name */
Datum
tag_origin_by_name(PG_FUNCTION_ARGS)
{
	const Gazetteer *g;

	if (PG_ARGISNULL(2) || (PG_ARGISNULL(0) && PG_ARGISNULL(1)))
		PG_RETURN_NULL();
	g = gazetteer_get();
	if (PG_ARGISNULL(1))
		return tag_origin_common(fcinfo, g, 0);
	PG_RETURN_ORIGIN_P(origin_tag_named(g, PG_GETARG_TEXT_PP(1), !PG_ARGISNULL(0),
										PG_ARGISNULL(0) ? 0 : PG_GETARG_TERRITORY(0),
										PG_GETARG_DATEADT(2), NULL));
}
