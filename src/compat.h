/*
 * compat.h
 *		Compatibility shims across PostgreSQL major versions (13 and later).
 *
 * Every #if PG_VERSION_NUM in the extension lives here so that call sites
 * stay version-free.
 */
#ifndef EMBARGO_COMPAT_H
#define EMBARGO_COMPAT_H

#include "postgres.h"

/* 16 moved the varlena macros out of postgres.h */
#if PG_VERSION_NUM >= 160000
#include "varatt.h"
#endif

#include "optimizer/optimizer.h"

#if PG_VERSION_NUM < 130000
#error "embargo requires PostgreSQL 13 or later"
#endif

/* Before 14, is_pseudo_constant_for_index() took no PlannerInfo. */
static inline bool
pseudo_constant_for_index(PlannerInfo *root, Node *expr, IndexOptInfo *index)
{
#if PG_VERSION_NUM >= 140000
	return is_pseudo_constant_for_index(root, expr, index);
#else
	return is_pseudo_constant_for_index(expr, index);
#endif
}

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

/* PostgreSQL 15 added an error string to pg_md5_hash(). */
#include "common/md5.h"

static inline bool
pg_md5_hash_compat(const void *buff, size_t len, char *hexsum, const char **errstr)
{
#if PG_VERSION_NUM >= 150000
	return pg_md5_hash(buff, len, hexsum, errstr);
#else
	*errstr = NULL;
	return pg_md5_hash(buff, len, hexsum);
#endif
}

/* PostgreSQL 16 gave stringToQualifiedNameList() a soft-error context. */
#include "utils/regproc.h"

static inline List *
qualified_name_list(const char *name)
{
#if PG_VERSION_NUM >= 160000
	return stringToQualifiedNameList(name, NULL);
#else
	return stringToQualifiedNameList(name);
#endif
}

/*
 * Executor and utility hooks (src/audit.c): PostgreSQL 14 gave
 * ProcessUtility a readOnlyTree argument, and 18 took execute_once from
 * ExecutorRun.
 */
#if PG_VERSION_NUM >= 180000
#define EXECUTOR_RUN_PARAMS QueryDesc *queryDesc, ScanDirection direction, uint64 count
#define EXECUTOR_RUN_ARGS queryDesc, direction, count
#else
#define EXECUTOR_RUN_PARAMS QueryDesc *queryDesc, ScanDirection direction, uint64 count, \
	bool execute_once
#define EXECUTOR_RUN_ARGS queryDesc, direction, count, execute_once
#endif
#if PG_VERSION_NUM >= 140000
#define PROCESS_UTILITY_PARAMS PlannedStmt *pstmt, const char *queryString, bool readOnlyTree, \
	ProcessUtilityContext context, ParamListInfo params, QueryEnvironment *queryEnv, \
	DestReceiver *dest, QueryCompletion *qc
#define PROCESS_UTILITY_ARGS pstmt, queryString, readOnlyTree, context, params, queryEnv, dest, qc
#else
#define PROCESS_UTILITY_PARAMS PlannedStmt *pstmt, const char *queryString, \
	ProcessUtilityContext context, ParamListInfo params, QueryEnvironment *queryEnv, \
	DestReceiver *dest, QueryCompletion *qc
#define PROCESS_UTILITY_ARGS pstmt, queryString, context, params, queryEnv, dest, qc
#endif

/*
 * PostgreSQL 18 gave RelationGetPrimaryKeyIndex() a deferrable_ok argument.
 * Before 18 a deferrable primary key was always returned; keep that.
 */
#include "utils/relcache.h"

static inline Oid
relation_primary_key_index(Relation rel)
{
#if PG_VERSION_NUM >= 180000
	return RelationGetPrimaryKeyIndex(rel, true);
#else
	return RelationGetPrimaryKeyIndex(rel);
#endif
}

#endif							/* EMBARGO_COMPAT_H */
