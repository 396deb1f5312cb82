/*
 * party_load.h
 *		The sanctions lists' loader: the only code that knows where lists,
 *		meanings, entries, names, addresses and identifiers come from.
 */
#ifndef EMBARGO_PARTY_LOAD_H
#define EMBARGO_PARTY_LOAD_H

#include "party_data.h"

/* Fill a zeroed index from the tables, over SPI, in cxt; the words are not yet indexed. */
extern void party_load(PartyIndex *px, MemoryContext cxt);

#endif							/* EMBARGO_PARTY_LOAD_H */
