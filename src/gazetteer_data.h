/*
 * gazetteer_data.h
 *		What the gazetteer's cache holds: places, names, control records and
 *		the indexes over them, as the loader fills them and gazetteer.c
 *		orders them.
 */
#ifndef EMBARGO_GAZETTEER_DATA_H
#define EMBARGO_GAZETTEER_DATA_H

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

/* An area of hostilities as an official list gives it: information, not control. */
typedef enum GzHostilityKind
{
	HOSTILITY_ACTIVE,
	HOSTILITY_ACTIVE_WITH_E_RESOURCES,
	HOSTILITY_POSSIBLE
} GzHostilityKind;

typedef struct GzHostility
{
	int32		place;
	DateADT		from;			/* DATEVAL_NOBEGIN if open */
	DateADT		until;			/* first day after, DATEVAL_NOEND if open */
	uint8		kind;			/* GzHostilityKind */
} GzHostility;

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
	GzHostility *hostilities;	/* by place, from */
	int			nhostilities;
} Gazetteer;

/* The longest chain of places followed (a loop in user rows must end). */
#define PLACE_CHAIN_MAX 16

/* "UA" and 17 digits: the length of a KATOTTH code */
#define KATOTTH_LEN 19

typedef struct GzNameIndex
{
	GzName	   *names;			/* by key, then place id */
	int			nnames;
	int32	   *runs;			/* open addressing by key: first of its run + 1, or 0 */
	uint32		mask;
} GzNameIndex;

/* The 17 digits of a code "UA" + 17 digits, or 0 if it is not one. */
static inline int64
katotth_digits(const char *s, int len)
{
	int64		code = 0;

	if (len != KATOTTH_LEN || pg_strncasecmp(s, "UA", 2) != 0)
		return 0;
	for (int i = 2; i < len; i++)
	{
		if (s[i] < '0' || s[i] > '9')
			return 0;
		code = code * 10 + (s[i] - '0');
	}
	return code;
}

#endif							/* EMBARGO_GAZETTEER_DATA_H */
