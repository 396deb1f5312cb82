/*
 * embargo.c
 *		What several parts of the extension share and is more than a line
 *		or two (embargo.h).  The module itself is set up in module.c.
 */
#include "postgres.h"

#include "embargo.h"
#include "fmgr.h"
#include "catalog/pg_type.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/datetime.h"
#include "utils/memutils.h"

/* The tuplestore of a set-returning function in materialize mode. */
Tuplestorestate *
materialize_result(FunctionCallInfo fcinfo, TupleDesc *desc)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	MemoryContext old;
	Tuplestorestate *store;

	if (rsinfo == NULL || !IsA(rsinfo, ReturnSetInfo) ||
		!(rsinfo->allowedModes & SFRM_Materialize))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("set-valued function called in context that cannot accept a set")));
	if (get_call_result_type(fcinfo, NULL, desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "return type must be a row type");
	old = MemoryContextSwitchTo(rsinfo->econtext->ecxt_per_query_memory);
	*desc = CreateTupleDescCopy(*desc);
	store = tuplestore_begin_heap(rsinfo->allowedModes & SFRM_Materialize_Random, false, work_mem);
	MemoryContextSwitchTo(old);
	rsinfo->returnMode = SFRM_Materialize;
	rsinfo->setResult = store;
	rsinfo->setDesc = *desc;
	return store;
}

ArrayType *
empty_array(Oid elemtype)
{
	static ArrayType *text_empty = NULL;
	static ArrayType *int4_empty = NULL;
	ArrayType **slot = elemtype == TEXTOID ? &text_empty : &int4_empty;

	Assert(elemtype == TEXTOID || elemtype == INT4OID);
	if (*slot == NULL)
	{
		MemoryContext old = MemoryContextSwitchTo(TopMemoryContext);

		*slot = construct_empty_array(elemtype);
		MemoryContextSwitchTo(old);
	}
	return *slot;
}

void
format_iso_date(DateADT d, char *buf)
{
	int			y,
				m,
				day;

	j2date(d + POSTGRES_EPOCH_JDATE, &y, &m, &day);
	snprintf(buf, ISO_DATE_BUFLEN, "%04d-%02d-%02d", y, m, day);
}

const char *
iso_date(DateADT d)
{
	char	   *buf = palloc(ISO_DATE_BUFLEN);

	format_iso_date(d, buf);
	return buf;
}

void *
grow_array(void *arr, int n, int *capacity, Size elem, MemoryContext cxt)
{
	if (arr == NULL)
	{
		*capacity = 64;
		return MemoryContextAlloc(cxt, elem * *capacity);
	}
	if (n < *capacity)
		return arr;
	*capacity *= 2;
	return repalloc(arr, elem * *capacity);
}
