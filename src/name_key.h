/*
 * name_key.h
 *		The script-insensitive key a place name is looked up by.
 */
#ifndef EMBARGO_NAME_KEY_H
#define EMBARGO_NAME_KEY_H

#include "fmgr.h"

extern text *place_name_key(text *name);

#endif							/* EMBARGO_NAME_KEY_H */
