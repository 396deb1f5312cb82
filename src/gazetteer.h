/*
 * gazetteer.h
 *		The per-backend cache of places, their name keys and the control
 *		timeline: everything embargo.tag_origin() and embargo.find_place()
 *		read on the per-row path.
 *
 * Two parts of the per-backend cache (cache.h): places and the control
 * timeline, built from embargo.place and embargo.control; and the name
 * index, from embargo.place and embargo.place_name, rebuilt only after the
 * place tables change.
 */
#ifndef EMBARGO_GAZETTEER_H
#define EMBARGO_GAZETTEER_H

#include "gazetteer_data.h"

extern const Gazetteer *gazetteer_get(void);
extern const GzPlace *gazetteer_place(const Gazetteer *g, int32 id);
extern const GzPlace *gazetteer_place_by_katotth(const Gazetteer *g, int64 code);
extern uint64 gazetteer_names_generation(void);
extern int	gazetteer_places_named(const char *key, const GzName **first);
extern int	gazetteer_controls(const Gazetteer *g, bool is_place, int32 key,
							   const GzControl **first);
extern int	gazetteer_below(const Gazetteer *g, Territory t, const GzBelow **first);
extern bool gazetteer_country_recorded(const Gazetteer *g, Territory country);
extern bool gazetteer_country_official(const Gazetteer *g, Territory country);
extern int	gazetteer_hostilities(const Gazetteer *g, int32 place, const GzHostility **first);

#endif							/* EMBARGO_GAZETTEER_H */
