--
-- Helpers shared by the regression tests (run first; the tests share one
-- database).
--
-- The SQLSTATE an expression raises, or 'no error'.
CREATE FUNCTION regress_sqlstate_of(expr text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
	EXECUTE expr;
	RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
	RETURN SQLSTATE;
END $$;
-- The message and detail of the error an expression raises.
CREATE FUNCTION regress_error_text(expr text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	detail text;
BEGIN
	EXECUTE expr;
	RETURN NULL;
EXCEPTION WHEN OTHERS THEN
	GET STACKED DIAGNOSTICS detail = PG_EXCEPTION_DETAIL;
	RETURN SQLERRM || ' ' || detail;
END $$;
-- A binary COPY file holding one row of one column with the given bytes.
CREATE FUNCTION regress_binary_copy_file(field bytea) RETURNS bytea LANGUAGE sql AS $$
	SELECT '\x5047434f50590aff0d0a00'::bytea || '\x0000000000000000'::bytea
	       || '\x0001'::bytea || int4send(length(field)) || field || '\xffff'::bytea
$$;
-- The nodes of a query's plan, read from EXPLAIN (FORMAT JSON): one row per
-- node, with the properties plan tests check (the node, an aggregate's
-- strategy, the index, its condition, the filter).  Tests select the nodes
-- that show a property, such as the index scan and its bounds, rather than
-- print plan text, whose layout changes between PostgreSQL majors.
CREATE FUNCTION regress_plan_nodes(query text)
RETURNS TABLE (node text, strategy text, index_name text, index_cond text, filter text)
LANGUAGE plpgsql AS $$
DECLARE
	plan json;
BEGIN
	EXECUTE 'EXPLAIN (COSTS OFF, FORMAT JSON) ' || query INTO plan;
	RETURN QUERY
	WITH RECURSIVE walk(n) AS (
		SELECT plan -> 0 -> 'Plan'
		UNION ALL
		SELECT child FROM walk, json_array_elements(walk.n -> 'Plans') AS child)
	SELECT n ->> 'Node Type', n ->> 'Strategy', n ->> 'Index Name', n ->> 'Index Cond',
	       n ->> 'Filter'
	FROM walk;
END $$;
