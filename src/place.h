/*
 * place.h
 *		Places finer than ISO 3166-2 (localities, districts, sites) and the
 *		script-insensitive name keys used to find them.
 */
#ifndef EMBARGO_PLACE_H
#define EMBARGO_PLACE_H

#include "fmgr.h"
#include "gazetteer.h"

/* SQLSTATEs of the place lookup: the standard "no data" / "too many rows" */
#define ERRCODE_EMBARGO_PLACE_NOT_FOUND		ERRCODE_NO_DATA_FOUND
#define ERRCODE_EMBARGO_PLACE_AMBIGUOUS		ERRCODE_TOO_MANY_ROWS

extern int32 place_resolve(const Gazetteer *g, text *name, bool has_within,
						   Territory within);
/* "place name ... is ambiguous", naming up to a few of the places. */
extern void report_ambiguous(text *name, const GzPlace **matches, int n);
extern int	place_candidates(const Gazetteer *g, text *name, bool has_within, Territory within,
							 const GzPlace ***matches, const char **problem);

#endif							/* EMBARGO_PLACE_H */
