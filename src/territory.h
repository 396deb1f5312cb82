/*
 * territory.h
 *		The embargo.territory type: an ISO 3166-1 country or ISO 3166-2
 *		subdivision code, stored as a pass-by-value int32 (territory_code.h).
 */
#ifndef EMBARGO_TERRITORY_H
#define EMBARGO_TERRITORY_H

#include "nodes/nodes.h"
#include "territory_code.h"

extern bool territory_parse(const char *str, Territory *result,
							Node *escontext);
extern bool territory_valid(Territory t);
extern void territory_format(Territory t, char *buf);
extern bool territory_contains(Territory outer, Territory inner);
extern bool territory_has_children(Territory t);
extern Territory territory_parent(Territory t);
extern int	territory_ancestors(Territory t, Territory *chain);
extern Territory territory_range_start(Territory t);
extern Territory territory_range_end(Territory t);

#endif							/* EMBARGO_TERRITORY_H */
