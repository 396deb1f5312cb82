/*
 * embargo.c
 *		Module magic for the embargo extension.
 *
 * The types and functions live in one file per concept; see src/.
 */
#include "postgres.h"

#include "fmgr.h"

PG_MODULE_MAGIC;
