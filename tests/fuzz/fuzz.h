/*
 * fuzz.h
 *		Shared declarations of the libFuzzer harnesses for embargo's types.
 *
 * The harnesses link the extension's own type files (src/territory.c,
 * src/hscode.c, src/origin.c, src/custody.c and what they need) outside the
 * server.  shim.c stands in for the few backend services those files use
 * (palloc, ereport, StringInfo, pqformat, the Julian day helpers); harness.c
 * drives a type's fmgr entry points and checks the round trips.  Each
 * fuzz_<type>_<in|recv>.c is one libFuzzer target.
 */
#ifndef EMBARGO_FUZZ_H
#define EMBARGO_FUZZ_H

#include "postgres.h"

#include <stdint.h>

#include "fmgr.h"
#if PG_VERSION_NUM >= 160000
#include "varatt.h"			/* the varlena macros left postgres.h in 16 */
#endif

/* One of the extension's types, as the harness sees it. */
typedef struct FuzzType
{
	const char *name;
	PGFunction	in;
	PGFunction	out;
	PGFunction	recv;
	PGFunction	send;
	int16		typlen;			/* bytes, or -1 for a varlena */
	bool		byval;
} FuzzType;

/*
 * Declare a type's four I/O functions (PG_FUNCTION_INFO_V1 in its source file
 * exports them, but no header declares them) and describe the type.
 */
#define FUZZ_TYPE(var, type, len, isbyval) \
	extern PGDLLEXPORT Datum type##_in(PG_FUNCTION_ARGS); \
	extern PGDLLEXPORT Datum type##_out(PG_FUNCTION_ARGS); \
	extern PGDLLEXPORT Datum type##_recv(PG_FUNCTION_ARGS); \
	extern PGDLLEXPORT Datum type##_send(PG_FUNCTION_ARGS); \
	static const FuzzType var = { \
		#type, type##_in, type##_out, type##_recv, type##_send, (len), (isbyval) \
	}

/* The two kinds of target: text input and binary receive (harness.c). */
extern int	fuzz_text_input(const FuzzType *type, const uint8_t *data, size_t size);
extern int	fuzz_binary_input(const FuzzType *type, const uint8_t *data, size_t size);

/* libFuzzer's entry point, defined once per target. */
extern int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* ---- shim.c: what the harness needs from the stand-in backend ---- */

/* The last error raised by ereport(ERROR), kept until the next reset. */
typedef struct FuzzError
{
	int			sqlerrcode;
	const char *message;
	const char *detail;
	const char *filename;
	int			lineno;
	const char *funcname;
} FuzzError;

/*
 * Call fn (named what in messages) with nargs arguments, at most 3.
 * Returns true and sets *result if it returned normally, false if it raised
 * an ERROR (then *error says which).  A NULL result, or anything more severe
 * than ERROR, is a finding and aborts.
 */
extern bool fuzz_call(const char *what, PGFunction fn, int nargs,
					  Datum arg0, Datum arg1, Datum arg2,
					  Datum *result, FuzzError *error);

/* Free everything palloc'd since the last reset: called once per input. */
extern void fuzz_reset(void);

/* Describe the input being tried, for the message of fuzz_fail(). */
extern void fuzz_set_input(const char *harness, const uint8_t *data, size_t size);

/* Report a finding (with the input in hex) and abort, so libFuzzer keeps it. */
extern void fuzz_fail(const char *fmt,...)
			__attribute__((format(printf, 1, 2), noreturn));

#endif							/* EMBARGO_FUZZ_H */
