/*
 * gazetteer_load.h
 *		The gazetteer's loader, for gazetteer.c alone.
 */
#ifndef EMBARGO_GAZETTEER_LOAD_H
#define EMBARGO_GAZETTEER_LOAD_H

#include "gazetteer_data.h"


/* Append the places (with their parents, if the table has them). */
extern void gazetteer_load_places(Gazetteer *g, MemoryContext cxt, bool has_parent);

/* Append every name and alias with its key. */
extern void gazetteer_load_names(GzNameIndex *g, MemoryContext cxt);

/* Append the control records: hand-made, and of the lists' editions in force. */
extern void gazetteer_load_controls(Gazetteer *g, MemoryContext cxt, bool has_lists);

/* Append the areas of hostilities of the lists' editions in force. */
extern void gazetteer_load_hostilities(Gazetteer *g, MemoryContext cxt);

#endif							/* EMBARGO_GAZETTEER_LOAD_H */
