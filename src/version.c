/*
 * version.c
 *		The version of this library, for embargo.library_version() and
 *		embargo.version().
 *
 * EMBARGO_VERSION is compiled in: the Makefile passes default_version of
 * embargo.control, so that a library and the scripts built with it name the
 * same version, and embargo.version() can tell when the library loaded is
 * not the one the database's extension was installed or updated for.
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/builtins.h"

#ifndef EMBARGO_VERSION
#error "EMBARGO_VERSION is not defined: build with the Makefile, which passes it"
#endif

PG_FUNCTION_INFO_V1(embargo_library_version);

/* The library's version, e.g. "0.6". */
Datum
embargo_library_version(PG_FUNCTION_ARGS)
{
	PG_RETURN_TEXT_P(cstring_to_text(EMBARGO_VERSION));
}
