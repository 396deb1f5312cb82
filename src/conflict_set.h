/*
 * conflict_set.h
 *		What the rule set knows of critical and conflict minerals besides the
 *		rules: the editions of the EU's CAHRA list and the areas each names,
 *		the smelters and refiners hops may name with their statuses, and, for
 *		rules scoped to a critical-mineral list, which mineral each of their
 *		HS prefixes stands for.  Loaded by conflict_load.c, read by the
 *		matcher through conflict_match.c.
 */
#ifndef EMBARGO_CONFLICT_SET_H
#define EMBARGO_CONFLICT_SET_H

#include "territory.h"
#include "utils/date.h"

typedef struct RsCahraArea
{
	Territory	territory;
	int8		conflict_affected;	/* 1, 0, or -1: the list does not say */
	int8		high_risk;		/* the same */
	const char *name;
} RsCahraArea;

/* An edition and its areas, sorted by territory: areas[start .. start + count). */
typedef struct RsCahraEdition
{
	DateADT		edition;
	int32		start;
	int32		count;
	const char *title;
} RsCahraEdition;

/* In the order of the CHECK constraint on embargo.smelter_status.status. */
typedef enum SmelterStatus
{
	SMELTER_CONFORMANT,
	SMELTER_ACTIVE,
	SMELTER_NON_CONFORMANT,
	SMELTER_SUSPENDED,
	SMELTER_NOT_ENROLLED,
	SMELTER_STATUS_COUNT
} SmelterStatus;

typedef struct RsSmelterStatus
{
	DateADT		since;
	uint8		status;			/* SmelterStatus */
} RsSmelterStatus;

/* A facility and its statuses, by date: statuses[start .. start + count). */
typedef struct RsSmelter
{
	const char *facility;
	const char *name;
	const char *metal;
	Territory	country;		/* -1: not given */
	int32		start;
	int32		count;
} RsSmelter;

/* For a rule scoped to a list: what one of its HS prefixes stands for. */
typedef struct RsListCode
{
	const char *mineral;
	const char *category;
	bool		uncertain;
	const char *note;
} RsListCode;

typedef struct RsConflict
{
	RsCahraEdition *editions;	/* by date */
	int			neditions;
	RsCahraArea *areas;
	RsSmelter  *smelters;		/* by facility id (strcmp) */
	int			nsmelters;
	RsSmelterStatus *statuses;
} RsConflict;

/* Whether an origin or hop lies in an area the CAHRA list in force names. */
typedef enum CahraStatus
{
	CAHRA_NOT_LISTED,			/* it does not */
	CAHRA_LISTED,				/* it does (or its country as a whole) */
	CAHRA_COARSE,				/* a country the list names areas of: cannot tell */
	CAHRA_NO_LIST				/* no edition is loaded: cannot tell */
} CahraStatus;

/* What the rule's conflict-minerals scope found, for explain(). */
typedef struct RsConflictFinding
{
	uint8		cahra;			/* CahraStatus, if the rule has a CAHRA scope */
	bool		edition_stands_in;	/* no edition dated on or before the day */
	const RsCahraEdition *edition;
	const RsCahraArea *area;	/* LISTED: the area; COARSE: one in the country */
	const char *facility;		/* the hop's, if the rule has a smelter scope */
	const RsSmelter *smelter;	/* NULL: not in embargo.smelter */
	int			status;			/* SmelterStatus on the day, -1: none recorded then */
	DateADT		status_since;
	DateADT		day;			/* the day judged: the hop's, or the shipment's */
} RsConflictFinding;

extern const char *const smelter_status_names[SMELTER_STATUS_COUNT];

#endif							/* EMBARGO_CONFLICT_SET_H */
