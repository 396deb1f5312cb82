/*
 * ownership_load.h
 *		The ownership records' loader, part of the lists' cache part.
 */
#ifndef EMBARGO_OWNERSHIP_LOAD_H
#define EMBARGO_OWNERSHIP_LOAD_H

#include "lib/stringinfo.h"
#include "party_data.h"

/*
 * Read the records and rules over SPI, once the lists' entries are loaded,
 * and compute every status; appends what the version hashes to canon.
 */
extern void ownership_load(PartyIndex *px, MemoryContext cxt, StringInfo canon);

#endif							/* EMBARGO_OWNERSHIP_LOAD_H */
