/*
 * origin.h
 *		The embargo.origin type: where goods come from and who controlled that
 *		place on the shipment date, as decided by embargo.tag_origin().
 *
 * A controller is either a state (an ISO 3166-1 country, stored as its
 * territory encoding) or a registered non-state authority (embargo.authority,
 * a code of 3 to 5 of A-Z0-9, stored in base 37 with the AUTHORITY bit set).
 * The two ranges cannot meet: a country's encoding stays below 2^26.
 */
#ifndef EMBARGO_ORIGIN_H
#define EMBARGO_ORIGIN_H

#include "fmgr.h"
#include "territory.h"

typedef int32 Controller;

#define CONTROLLER_AUTHORITY_BIT	0x40000000
#define CONTROLLER_AUTHORITY_MAXLEN 5
/* "ABCDE" or "UA" plus the terminating NUL */
#define CONTROLLER_BUFLEN			(CONTROLLER_AUTHORITY_MAXLEN + 1)

typedef enum OriginStatus
{
	ORIGIN_SOVEREIGN = 0,		/* held by its sovereign */
	ORIGIN_OCCUPIED = 1,		/* held by someone else */
	ORIGIN_CONTESTED = 2		/* partly held by someone else; too coarse to tell */
} OriginStatus;

typedef enum OriginPrecision
{
	PRECISION_COUNTRY = 0,		/* decided from a country's record */
	PRECISION_SUBDIVISION = 1,	/* from an ISO 3166-2 subdivision's */
	PRECISION_PLACE = 2			/* from the place's own record */
} OriginPrecision;

/* 16 bytes, no padding: hashing and comparison may read every byte */
typedef struct Origin
{
	Territory	territory;		/* where the goods come from */
	int32		place;			/* embargo.place id, 0 if none */
	Controller	controller;		/* de facto controller on the date */
	uint8		status;			/* OriginStatus */
	uint8		precision;		/* OriginPrecision */
	int16		reserved;		/* always 0 */
} Origin;

#define DatumGetOriginP(X)		((Origin *) DatumGetPointer(X))
#define OriginPGetDatum(X)		PointerGetDatum(X)
#define PG_GETARG_ORIGIN_P(n)	DatumGetOriginP(PG_GETARG_DATUM(n))
#define PG_RETURN_ORIGIN_P(x)	return OriginPGetDatum(x)

/* The sovereign of an origin is always the country of its territory. */
static inline Territory
origin_sovereign(const Origin *o)
{
	return territory_country(o->territory);
}

extern bool controller_parse(const char *str, Controller *result);
extern void controller_format(Controller c, char *buf);
extern const char *origin_status_name(OriginStatus s);
extern int	origin_status_from_name(const char *s);
extern const char *origin_precision_name(OriginPrecision p);

#endif							/* EMBARGO_ORIGIN_H */
