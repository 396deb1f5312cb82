/*
 * internal_sql.h
 *		How the extension runs SQL of its own (cache loaders, audit,
 *		quarantine, release and reject): under a pinned search_path, on
 *		objects checked to be the extension's.
 */
#ifndef EMBARGO_INTERNAL_SQL_H
#define EMBARGO_INTERNAL_SQL_H

#include "postgres.h"

/* pg_catalog first, then the extension's schema; pg_temp last, never first. */
#define PINNED_SEARCH_PATH	"pg_catalog, embargo, pg_temp"

/* SPI_connect() with the search_path pinned; returns what to pass to _end. */
extern int	internal_sql_begin(void);
extern void internal_sql_end(int nestlevel);

/*
 * Run a read-only query through a cursor, a batch at a time, and give each
 * row's columns to fn; returns the number of rows.  What fn allocates in
 * the current context is freed after each row: it keeps what it needs in
 * a context of its own.
 */
typedef void (*InternalRowFn) (Datum *values, bool *nulls, void *arg);
extern uint64 internal_sql_each_row(const char *sql, InternalRowFn fn, void *arg);

/*
 * While set, internal_sql_each_row() runs rewrite(sql, arg) instead of sql:
 * the cache reads an older version of the knowledge this way.
 */
typedef char *(*InternalSqlRewrite) (const char *sql, void *arg);
extern void internal_sql_set_rewrite(InternalSqlRewrite rewrite, void *arg);

/*
 * Run fn as owner (the extension's tables' owner), in a restricted security
 * context as maintenance commands run: nothing a caller defines may run.
 */
extern void internal_sql_as(Oid owner, void (*fn) (void *), void *arg);

/* A text argument for SPI: s as text, or NULL (*null set to 'n') if s is NULL. */
extern Datum internal_sql_text(const char *s, char *null);

/* The extension's own relation or type of this name; errors if not its own. */
extern Oid	extension_relation(const char *name, bool missing_ok);
extern Oid	extension_type(const char *name);

#endif							/* EMBARGO_INTERNAL_SQL_H */
