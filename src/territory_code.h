/*
 * territory_code.h
 *		How a territory code is encoded, shared by the territory type and the
 *		ISO 3166 table it is checked against.
 *
 * Encoding: the country's two letters in base 26 occupy the bits above 16;
 * the subdivision suffix (up to three of 0-9A-Z) is a base-37 number in the
 * low 16 bits, each character mapped to 1..36 and a missing character to 0.
 * Integer order is therefore code order, a country sorts just before its own
 * subdivisions, and the country of any code is a mask away.
 */
#ifndef EMBARGO_TERRITORY_CODE_H
#define EMBARGO_TERRITORY_CODE_H

#include "fmgr.h"

typedef int32 Territory;

#define DatumGetTerritory(X)	DatumGetInt32(X)
#define TerritoryGetDatum(X)	Int32GetDatum(X)
#define PG_GETARG_TERRITORY(n)	DatumGetTerritory(PG_GETARG_DATUM(n))
#define PG_RETURN_TERRITORY(x)	return TerritoryGetDatum(x)

#define TERRITORY_SUB_BITS		16
#define TERRITORY_SUB_MASK		((Territory) 0xFFFF)
#define TERRITORY_SUB_BASE		37
#define TERRITORY_SUB_MAXLEN	3
/* the last subdivision suffix, "ZZZ": the end of a country's range */
#define TERRITORY_SUB_LAST		(TERRITORY_SUB_BASE * TERRITORY_SUB_BASE * TERRITORY_SUB_BASE - 1)
/* a code and its ISO parents up to its country (3 today; room to spare) */
#define TERRITORY_MAX_DEPTH		8
/* "UA-ABC" plus the terminating NUL */
#define TERRITORY_BUFLEN		7

static inline Territory
territory_country(Territory t)
{
	return t & ~TERRITORY_SUB_MASK;
}

static inline bool
territory_is_subdivision(Territory t)
{
	return (t & TERRITORY_SUB_MASK) != 0;
}

#endif							/* EMBARGO_TERRITORY_CODE_H */
