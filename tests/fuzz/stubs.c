/*
 * stubs.c
 *		Link-time stand-ins for backend and extension functions that the type
 *		files reference but their text and binary I/O never reach.
 *
 * src/territory.c, src/custody.c and src/embargo.c also hold set-returning
 * functions, the gazetteer-backed hop() and the like; linking those files
 * whole needs these symbols to exist.  Each stub aborts: if a parser ever
 * reaches one, that is a finding (or a sign the shim must grow).
 *
 * This file deliberately includes no PostgreSQL header, so that the stubs
 * need not repeat the real prototypes: only the names matter to the linker,
 * and none of these is ever called.  A new reference in src/ shows up as an
 * undefined symbol when linking the harnesses; add it here, or to shim.c if
 * the parsers do reach it.
 */
#include <stdio.h>
#include <stdlib.h>

static void
unreachable(const char *name)
{
	fprintf(stderr, "\n==embargo-fuzz== unexpected call of %s(), which the shim does not provide\n",
			name);
	abort();
}

#define STUB(name) \
	void name(void); \
	void name(void) { unreachable(#name); }

/* backend: set-returning functions, tuples, tuplestores */
STUB(BlessTupleDesc)
STUB(CreateTupleDescCopy)
STUB(HeapTupleHeaderGetDatum)
STUB(end_MultiFuncCall)
STUB(get_call_result_type)
STUB(heap_form_tuple)
STUB(init_MultiFuncCall)
STUB(per_MultiFuncCall)
STUB(tuplestore_begin_heap)
STUB(tuplestore_putvalues)

/* backend: fmgr, memory contexts, text, arrays, enums, hashing */
STUB(DirectFunctionCall1Coll)
STUB(DirectFunctionCall2Coll)
STUB(MemoryContextAlloc)
STUB(MemoryContextAllocZero)
STUB(construct_empty_array)
STUB(cstring_to_text)
STUB(enum_in)
STUB(enum_out)
STUB(hash_bytes)
STUB(hash_bytes_extended)
STUB(pg_detoast_datum_packed)
STUB(text_to_cstring)

/* the extension: the gazetteer, used by hop() (src/gazetteer.c, place.c, tagging.c) */
STUB(gazetteer_get)
STUB(gazetteer_place)
STUB(place_resolve)
STUB(place_territory)


/* backend: encoding conversion, which a UTF-8 database's names never need (src/party_norm.c) */
STUB(pg_server_to_any)

/* the extension: the audit writer's hooks, installed by embargo.c's _PG_init */
STUB(audit_init)
