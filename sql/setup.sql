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
