/*
 * rule_hop.h
 *		Which hops of a chain of custody a hop rule judges.
 */
#ifndef EMBARGO_RULE_HOP_H
#define EMBARGO_RULE_HOP_H

#include "rule_set.h"

/* A chain as hop rules see it. */
typedef struct RsChain
{
	const Custody *custody;		/* NULL: none declared */
	uint16		roles;			/* the roles it has a hop for */
	int			last_transforming;	/* its last transforming hop, or -1 */
} RsChain;

extern void rule_chain_init(RsChain *chain, const Custody *custody);

/*
 * Whether a hop rule judges hop i of the chain; i = -1: the declared
 * origin, standing in for a hop the chain does not have.
 */
extern bool rule_hop_selected(const RsRule *r, const RsChain *chain, int i);

#endif							/* EMBARGO_RULE_HOP_H */
