/*
 * tagging.h
 *		embargo.tag_origin(): who controlled a territory or place on a date.
 */
#ifndef EMBARGO_TAGGING_H
#define EMBARGO_TAGGING_H

#include "gazetteer.h"

extern Origin *origin_tag(const Gazetteer *g, bool has_territory, Territory territory,
						  int32 place, DateADT day);

extern Origin *origin_tag_named(const Gazetteer *g, text *name, bool has_territory,
								Territory territory, DateADT day, const char **problem);

extern Territory place_territory(const Gazetteer *g, int32 place, bool has_territory,
								 Territory territory);

#endif							/* EMBARGO_TAGGING_H */
