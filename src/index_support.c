/*
 * index_support.c
 *		Planner support functions for "key <@ constant" and
 *		"constant @> key" on territory and hscode.
 *
 * Both types are encoded so that everything a code contains is one
 * contiguous range of the btree order.  The support function hands the
 * planner "key >= lo AND key <= hi" as index conditions, as core does for
 * LIKE 'abc%' and inet <<.  No GiST opclass is needed: one ordinary btree
 * index serves equality, ordering and containment.
 */
#include "postgres.h"

#include "access/stratnum.h"
#include "catalog/pg_am.h"
#include "catalog/pg_opfamily.h"
#include "catalog/pg_type.h"
#include "index_support.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "nodes/supportnodes.h"
#include "optimizer/optimizer.h"
#include "hscode.h"
#include "territory.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"

PG_FUNCTION_INFO_V1(territory_contains_support);
PG_FUNCTION_INFO_V1(territory_contained_support);
PG_FUNCTION_INFO_V1(hscode_contains_support);
PG_FUNCTION_INFO_V1(hscode_contained_support);

static Oid
type_namespace(Oid typid)
{
	HeapTuple	tup = SearchSysCache1(TYPEOID, ObjectIdGetDatum(typid));
	Oid			result;

	if (!HeapTupleIsValid(tup))
		return InvalidOid;
	result = ((Form_pg_type) GETSTRUCT(tup))->typnamespace;
	ReleaseSysCache(tup);
	return result;
}

/*
 * Is opfamily our own btree family for the type?  A user-made btree family
 * over the same type could sort differently, so check name and schema.
 */
static bool
is_own_btree_family(Oid opfamily, Oid typid, const char *name)
{
	HeapTuple	tup;
	bool		result;
	Form_pg_opfamily form;

	tup = SearchSysCache1(OPFAMILYOID, ObjectIdGetDatum(opfamily));
	if (!HeapTupleIsValid(tup))
		return false;
	form = (Form_pg_opfamily) GETSTRUCT(tup);
	result = form->opfmethod == BTREE_AM_OID &&
		strcmp(NameStr(form->opfname), name) == 0 &&
		form->opfnamespace == type_namespace(typid);
	ReleaseSysCache(tup);
	return result;
}

static Expr *
make_bound(Expr *key, Oid opfamily, int strategy, Datum value, Oid typid)
{
	Oid			opno = get_opfamily_member(opfamily, typid, typid, strategy);
	int16		typlen;
	bool		typbyval;

	if (!OidIsValid(opno))
		elog(ERROR, "missing operator %d for type %u in opfamily %u",
			 strategy, typid, opfamily);
	get_typlenbyval(typid, &typlen, &typbyval);
	return make_opclause(opno, BOOLOID, false, key,
						 (Expr *) makeConst(typid, -1, InvalidOid, typlen,
											value, false, typbyval),
						 InvalidOid, InvalidOid);
}

/*
 * Handle a SupportRequestIndexCondition for a containment function whose
 * container is argument outer_argno (0 for @>, 1 for <@).  Returns the list
 * of index conditions, or NULL when the clause cannot use the index.
 */
Node *
containment_support(Node *rawreq, int outer_argno, const char *opfamily_name,
					ContainedRangeFn range_fn)
{
	SupportRequestIndexCondition *req;
	List	   *args;
	Node	   *outer;
	Expr	   *key;
	Datum		lo,
				hi;
	bool		exact;

	if (!IsA(rawreq, SupportRequestIndexCondition))
		return NULL;
	req = (SupportRequestIndexCondition *) rawreq;
	if (req->indexarg == outer_argno)
		return NULL;
	if (is_opclause(req->node))
		args = ((OpExpr *) req->node)->args;
	else if (is_funcclause(req->node))
		args = ((FuncExpr *) req->node)->args;
	else
		return NULL;
	if (list_length(args) != 2)
		return NULL;

	outer = (Node *) list_nth(args, outer_argno);
	key = (Expr *) list_nth(args, 1 - outer_argno);
	if (!IsA(outer, Const) || ((Const *) outer)->constisnull ||
		!is_own_btree_family(req->opfamily, exprType((Node *) key), opfamily_name))
		return NULL;

	range_fn(((Const *) outer)->constvalue, &lo, &hi, &exact);
	req->lossy = !exact;
	if (lo == hi)
		return (Node *) list_make1(make_bound(key, req->opfamily, BTEqualStrategyNumber,
											  lo, exprType((Node *) key)));
	return (Node *) list_make2(make_bound(key, req->opfamily, BTGreaterEqualStrategyNumber,
										  lo, exprType((Node *) key)),
							   make_bound(key, req->opfamily, BTLessEqualStrategyNumber,
										  hi, exprType((Node *) key)));
}

/*
 * A country's range is exact; so is a subdivision with nothing under it.  A
 * subdivision with ISO children (GB-SCT) scans its country and rechecks.
 */
static void
territory_range(Datum outer, Datum *lo, Datum *hi, bool *exact)
{
	Territory	t = DatumGetTerritory(outer);
	Territory	country = territory_country(t);

	*exact = true;
	if (!territory_is_subdivision(t))
	{
		*lo = TerritoryGetDatum(t);
		*hi = TerritoryGetDatum(t + TERRITORY_SUB_LAST);
	}
	else if (!territory_has_children(t))
		*lo = *hi = TerritoryGetDatum(t);
	else
	{
		*lo = TerritoryGetDatum(country);
		*hi = TerritoryGetDatum(country + TERRITORY_SUB_LAST);
		*exact = false;
	}
}

static void
hscode_range(Datum outer, Datum *lo, Datum *hi, bool *exact)
{
	HsCode		c = DatumGetHsCode(outer);

	*lo = HsCodeGetDatum(c);
	*hi = HsCodeGetDatum(hscode_last_descendant(c));
	*exact = true;
}

/*
 * One support function per containment function: "container @> key" has
 * the container first, "key <@ container" second.
 */
Datum
territory_contains_support(PG_FUNCTION_ARGS)
{
	PG_RETURN_POINTER(containment_support((Node *) PG_GETARG_POINTER(0), 0,
										  "territory_ops", territory_range));
}

Datum
territory_contained_support(PG_FUNCTION_ARGS)
{
	PG_RETURN_POINTER(containment_support((Node *) PG_GETARG_POINTER(0), 1,
										  "territory_ops", territory_range));
}

Datum
hscode_contains_support(PG_FUNCTION_ARGS)
{
	PG_RETURN_POINTER(containment_support((Node *) PG_GETARG_POINTER(0), 0,
										  "hscode_ops", hscode_range));
}

Datum
hscode_contained_support(PG_FUNCTION_ARGS)
{
	PG_RETURN_POINTER(containment_support((Node *) PG_GETARG_POINTER(0), 1,
										  "hscode_ops", hscode_range));
}
