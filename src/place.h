/*
 * place.h
 *		Places finer than ISO 3166-2 (localities, districts, sites) and the
 *		script-insensitive name keys used to find them.
 */
#ifndef EMBARGO_PLACE_H
#define EMBARGO_PLACE_H

#include "fmgr.h"

/* SQLSTATEs of the place lookup (documented in README.md) */
#define ERRCODE_EMBARGO_PLACE_NOT_FOUND		MAKE_SQLSTATE('E','M','P','0','1')
#define ERRCODE_EMBARGO_PLACE_AMBIGUOUS		MAKE_SQLSTATE('E','M','P','0','2')

extern text *place_name_key(text *name);

#endif							/* EMBARGO_PLACE_H */
