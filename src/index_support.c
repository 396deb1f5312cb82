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
#include "compat.h"
#include "hscode.h"
#include "index_support.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "nodes/supportnodes.h"
#include "nodes/value.h"
#include "parser/parse_func.h"
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
make_bound(Expr *key, Oid opfamily, int strategy, Expr *bound, Oid typid)
{
	Oid			opno = get_opfamily_member(opfamily, typid, typid, strategy);

	if (!OidIsValid(opno))
		elog(ERROR, "missing operator %d for type %u in opfamily %u",
			 strategy, typid, opfamily);
	return make_opclause(opno, BOOLOID, false, key, bound, InvalidOid, InvalidOid);
}

static Expr *
make_bound_const(Datum value, Oid typid)
{
	int16		typlen;
	bool		typbyval;

	get_typlenbyval(typid, &typlen, &typbyval);
	return (Expr *) makeConst(typid, -1, InvalidOid, typlen, value, false, typbyval);
}

/* A call of the extension's one-argument function fname (same schema as the type). */
static Expr *
make_call(const char *fname, Oid typid, Expr *arg)
{
	List	   *name = list_make2(makeString(get_namespace_name(type_namespace(typid))),
								  makeString(pstrdup(fname)));
	Oid			funcid = LookupFuncName(name, 1, &typid, false);

	return (Expr *) makeFuncExpr(funcid, typid, list_make1(arg), InvalidOid,
								 InvalidOid, COERCE_EXPLICIT_CALL);
}

/*
 * Handle a SupportRequestIndexCondition for a containment function whose
 * container is argument outer_argno (0 for @>, 1 for <@).  Returns the list
 * of index conditions, or NULL when the clause cannot use the index.
 */
Node *
containment_support(Node *rawreq, int outer_argno, const ContainmentRange *range)
{
	SupportRequestIndexCondition *req;
	List	   *args;
	Expr	   *outer;
	Expr	   *key;
	Expr	   *lo;
	Expr	   *hi;
	Oid			typid;

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

	outer = (Expr *) list_nth(args, outer_argno);
	key = (Expr *) list_nth(args, 1 - outer_argno);
	typid = exprType((Node *) key);
	if (!is_own_btree_family(req->opfamily, typid, range->opfamily))
		return NULL;

	if (IsA(outer, Const))
	{
		Datum		value = ((Const *) outer)->constvalue;

		if (((Const *) outer)->constisnull)
			return NULL;
		req->lossy = !range->exact(value);
		if (range->start(value) == range->end(value))
			return (Node *) list_make1(make_bound(key, req->opfamily, BTEqualStrategyNumber,
												  make_bound_const(range->start(value), typid),
												  typid));
		lo = make_bound_const(range->start(value), typid);
		hi = make_bound_const(range->end(value), typid);
	}
	else if (pseudo_constant_for_index(req->root, (Node *) outer, req->index))
	{
		req->lossy = !range->exact_for_expressions;
		lo = range->start_fn ? make_call(range->start_fn, typid, outer) : outer;
		hi = make_call(range->end_fn, typid, outer);
	}
	else
		return NULL;

	return (Node *) list_make2(make_bound(key, req->opfamily, BTGreaterEqualStrategyNumber,
										  lo, typid),
							   make_bound(key, req->opfamily, BTLessEqualStrategyNumber,
										  hi, typid));
}

static bool
territory_range_exact(Datum outer)
{
	Territory	t = DatumGetTerritory(outer);

	return !territory_is_subdivision(t) || !territory_has_children(t);
}

static Datum
territory_range_start_datum(Datum outer)
{
	return TerritoryGetDatum(territory_range_start(DatumGetTerritory(outer)));
}

static Datum
territory_range_end_datum(Datum outer)
{
	return TerritoryGetDatum(territory_range_end(DatumGetTerritory(outer)));
}

static bool
hscode_range_exact(Datum outer)
{
	return true;
}

static Datum
hscode_range_start_datum(Datum outer)
{
	return outer;
}

static Datum
hscode_range_end_datum(Datum outer)
{
	return HsCodeGetDatum(hscode_last_descendant(DatumGetHsCode(outer)));
}

/*
 * A territory's range is exact for a country and a subdivision with nothing
 * under it; a subdivision with ISO children (GB-SCT) scans its country and
 * rechecks.  With a non-constant container the kind is unknown at plan time,
 * so the operator is always rechecked.
 */
static const ContainmentRange territory_containment = {
	"territory_ops", "territory_range_start", "territory_range_end",
	territory_range_start_datum, territory_range_end_datum, territory_range_exact,
	false
};

static const ContainmentRange hscode_containment = {
	"hscode_ops", NULL, "hscode_range_end",
	hscode_range_start_datum, hscode_range_end_datum, hscode_range_exact,
	true
};

/*
 * One support function per containment function: "container @> key" has
 * the container first, "key <@ container" second.
 */
Datum
territory_contains_support(PG_FUNCTION_ARGS)
{
	PG_RETURN_POINTER(containment_support((Node *) PG_GETARG_POINTER(0), 0,
										  &territory_containment));
}

Datum
territory_contained_support(PG_FUNCTION_ARGS)
{
	PG_RETURN_POINTER(containment_support((Node *) PG_GETARG_POINTER(0), 1,
										  &territory_containment));
}

Datum
hscode_contains_support(PG_FUNCTION_ARGS)
{
	PG_RETURN_POINTER(containment_support((Node *) PG_GETARG_POINTER(0), 0,
										  &hscode_containment));
}

Datum
hscode_contained_support(PG_FUNCTION_ARGS)
{
	PG_RETURN_POINTER(containment_support((Node *) PG_GETARG_POINTER(0), 1,
										  &hscode_containment));
}
