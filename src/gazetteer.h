/*
 * gazetteer.h
 *		The per-backend cache of places, their name keys and the control
 *		timeline: everything embargo.tag_origin() and embargo.find_place()
 *		read on the per-row path.
 *
 * Two parts of the per-backend cache (cache.h): places and the control
 * timeline, built from embargo.place and embargo.control; and the name
 * index, from embargo.place and embargo.place_name, rebuilt only after the
 * place tables change.
 */
#ifndef EMBARGO_GAZETTEER_H
#define EMBARGO_GAZETTEER_H

#include "embargo.h"
#include "fmgr.h"
#include "origin.h"
#include "utils/date.h"

typedef struct GzPlace
{
	int32		id;
	Territory	territory;
	int32		parent;			/* the place it lies in, or 0 */
	int32		recorded;		/* the nearest of itself and the places it lies in with a
								 * control record: where tagging looks first; 0 if none */
	int64		katotth;		/* the 17 digits of its KATOTTH code, or 0 */
	const char *name;
	const char *kind;
} GzPlace;

typedef struct GzName
{
	const char *key;			/* name_key() of a name or alias */
	int32		place_id;
} GzName;

/* One row of embargo.control, keyed by its territory or its place. */
typedef struct GzControl
{
	bool		is_place;
	int32		key;			/* territory encoding or place id */
	DateADT		from;			/* first day, DATEVAL_NOBEGIN if open */
	int32		id;
	DateADT		until;			/* first day after, DATEVAL_NOEND if open */
	Controller	controller;
	bool		partial;
	bool		official;		/* from an official list (the edition in force) */
} GzControl;

/*
 * A record of control by someone other than the sovereign, filed under each
 * territory that contains its area: a coarse territory with such a record
 * below it is not wholly sovereign.
 */
typedef struct GzBelow
{
	Territory	ancestor;
	DateADT		from;
	int32		id;
	DateADT		until;
	Controller	controller;
} GzBelow;

typedef struct Gazetteer
{
	GzPlace    *places;			/* by id */
	int			nplaces;
	int32	   *place_slots;	/* open addressing by id: index into places + 1, or 0 */
	uint32		place_mask;
	const GzPlace **by_katotth; /* the places with a KATOTTH code, by code */
	int			nkatotth;
	GzControl  *controls;		/* by is_place, key, from, id */
	int			ncontrols;
	GzBelow    *below;			/* by ancestor, from, id */
	int			nbelow;
	Territory  *recorded_countries; /* with a control record in or under them, sorted */
	int			nrecorded_countries;
	Territory  *official_countries; /* with an official list in force, sorted */
	int			nofficial_countries;
} Gazetteer;

/* The longest chain of places followed (a loop in user rows must end). */
#define PLACE_CHAIN_MAX 16

/* "UA" and 17 digits: the length of a KATOTTH code */
#define KATOTTH_LEN 19

extern const Gazetteer *gazetteer_get(void);
extern int64 katotth_digits(const char *s, int len);
extern const GzPlace *gazetteer_place(const Gazetteer *g, int32 id);
extern const GzPlace *gazetteer_place_by_katotth(const Gazetteer *g, int64 code);
extern uint64 gazetteer_names_generation(void);
extern int	gazetteer_places_named(const char *key, const GzName **first);
extern int	gazetteer_controls(const Gazetteer *g, bool is_place, int32 key,
							   const GzControl **first);
extern int	gazetteer_below(const Gazetteer *g, Territory t, const GzBelow **first);
extern bool gazetteer_country_recorded(const Gazetteer *g, Territory country);
extern bool gazetteer_country_official(const Gazetteer *g, Territory country);

#endif							/* EMBARGO_GAZETTEER_H */
