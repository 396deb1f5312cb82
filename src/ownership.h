/*
 * ownership.h
 *		Ownership and control: the user's records as a graph over parties,
 *		and the status each regime's rule gives a party in each period (the
 *		50 % rules), computed when the lists' cache part is built.
 */
#ifndef EMBARGO_OWNERSHIP_H
#define EMBARGO_OWNERSHIP_H

#include "lib/stringinfo.h"
#include "party_data.h"
#include "party_norm.h"

/* Set up the periods' statuses of a loaded graph: computed now, or on first use past a size. */
extern void ownership_compute(PartyIndex *px, MemoryContext cxt);

/* The rule of a jurisdiction, or -1. */
extern int	ownership_rule(const PartyIndex *px, const char *jurisdiction);

/* A node's status under rule r on a day. */
extern OwnStatus ownership_status(const PartyIndex *px, int32 node, int r, DateADT day);

/*
 * The node of a party of the user's own named so (folded as party names
 * are), or -1; parsed, if not NULL, is the name as party_name_parse() gave it.
 */
extern int32 ownership_own_node(const PartyIndex *px, const char *name, int len, const PartyName *parsed);

/* Why a node has its status under rule r on a day: the holdings and the arithmetic. */
extern void ownership_explain(const PartyIndex *px, int32 node, int r, DateADT day, StringInfo out);

#endif							/* EMBARGO_OWNERSHIP_H */
