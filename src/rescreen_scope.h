/*
 * rescreen_scope.h
 *		Which stored rows a re-screening reads: the rows the changes to the
 *		knowledge since a version can affect, as a WHERE clause over the
 *		columns of the table's enforce() trigger.
 */
#ifndef EMBARGO_RESCREEN_SCOPE_H
#define EMBARGO_RESCREEN_SCOPE_H

#include "enforce.h"
#include "executor/spi.h"
#include "utils/rel.h"

/* One re-screening, as it goes. */
typedef struct Rescreen
{
	EnforceConfig *config;
	Relation	rel;
	const char *version;		/* the current one, screened with */
	char	   *old_version;	/* the table's, or NULL if unknown */
	const char *by;
	Oid			verdict_type;
	Oid			verdict_array_type;
	Oid			origin_type;
	Oid			origin_array_type;
	FmgrInfo	array_eq;		/* rules compared once per row, looked up once */
	char	   *update_sql;
	SPIPlanPtr	log_plan;
	int64		read;
	int64		changed;
} Rescreen;

/* A column of the trigger's, quoted. */
extern const char *rescreen_column(Rescreen *r, Slot s);

/* The version to start from: since, or the table's; NULL if unknown. */
extern char *rescreen_starting_version(Rescreen *r, text *since);

/*
 * The WHERE clause that selects the rows the changes since
 * r->old_version can affect: "true" for all (full, or a version not
 * known, which r->old_version then becomes NULL for), "false" for none.
 */
extern const char *rescreen_rows_to_read(Rescreen *r, bool full);

#endif							/* EMBARGO_RESCREEN_SCOPE_H */
