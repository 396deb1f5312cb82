/*
 * screen.h
 *		The SQL functions screen() and explain(), for their as_of overloads
 *		(screen_as_of.c), which call them under an older version.
 */
#ifndef EMBARGO_SCREEN_H
#define EMBARGO_SCREEN_H

#include "fmgr.h"

extern PGDLLEXPORT Datum screen_origin(PG_FUNCTION_ARGS);
extern PGDLLEXPORT Datum screen_declared(PG_FUNCTION_ARGS);
extern PGDLLEXPORT Datum explain_origin(PG_FUNCTION_ARGS);
extern PGDLLEXPORT Datum explain_declared(PG_FUNCTION_ARGS);

#endif							/* EMBARGO_SCREEN_H */
