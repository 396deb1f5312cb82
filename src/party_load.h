/*
 * party_load.h
 *		The sanctions lists' loader: the only code that knows where lists,
 *		meanings, entries, names, addresses and identifiers come from.
 */
#ifndef EMBARGO_PARTY_LOAD_H
#define EMBARGO_PARTY_LOAD_H

#include "lib/stringinfo.h"
#include "party_data.h"

/*
 * Fill a zeroed index from the tables, over SPI, in cxt, appending what
 * the version hashes to canon; the words are not yet indexed.
 */
extern void party_load(PartyIndex *px, MemoryContext cxt, StringInfo canon);

/* The entry of list and id in force, or NULL; once the entries are loaded. */
extern PartyEntry *party_find_entry(const PartyIndex *px, const char *list, const char *id);

#endif							/* EMBARGO_PARTY_LOAD_H */
