/*
 * compat.h
 *		Compatibility shims across PostgreSQL major versions (14 and later).
 *
 * Every #if PG_VERSION_NUM in the extension lives here so that call sites
 * stay version-free.
 */
#ifndef EMBARGO_COMPAT_H
#define EMBARGO_COMPAT_H

#include "postgres.h"

/* 14: is_pseudo_constant_for_index() takes the PlannerInfo (index_support.c) */
#if PG_VERSION_NUM < 140000
#error "embargo requires PostgreSQL 14 or later"
#endif

/*
 * Soft input errors (PostgreSQL 16+): input functions report through an
 * ErrorSaveContext so that pg_input_is_valid() and friends work.  Before 16
 * there is no such context and ereturn() simply raises the error.
 */
#if PG_VERSION_NUM >= 160000
#include "nodes/miscnodes.h"
#else
#define ereturn(context, dummy_value, ...) \
	do { \
		(void) (context); \
		ereport(ERROR, __VA_ARGS__); \
		return dummy_value; \
	} while (0)
#endif

#endif							/* EMBARGO_COMPAT_H */
