/*
 * name_key.h
 *		The script-insensitive key a place name is looked up by.
 */
#ifndef EMBARGO_NAME_KEY_H
#define EMBARGO_NAME_KEY_H

#include "fmgr.h"
#include "lib/stringinfo.h"

extern text *place_name_key(text *name);

/* The same, appended to a buffer (no text made). */
extern void place_name_key_into(text *name, StringInfo key);

#endif							/* EMBARGO_NAME_KEY_H */
