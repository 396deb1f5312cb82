-- Included by the administrator's sessions of tests/t/search_path_hijack.sh
-- (ownership.sql, conflict.sql): each call's answer, or its error
-- (SQLSTATE, message, detail, hint), goes to public.probe as probe n.  The
-- call runs on the session's path (no SET clause here), so this names
-- everything qualified, as the writer's code does.
CREATE FUNCTION pg_temp.attempt(n pg_catalog.int4, what pg_catalog.text, call pg_catalog.text) RETURNS void
	LANGUAGE plpgsql AS $$
DECLARE
	answer pg_catalog.text;
	st pg_catalog.text;
	msg pg_catalog.text;
	det pg_catalog.text;
	hnt pg_catalog.text;
BEGIN
	BEGIN
		EXECUTE call INTO answer;
		INSERT INTO public.probe VALUES (n, what, pg_catalog.concat('no error: ', answer));
	EXCEPTION WHEN OTHERS THEN
		GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT, det = PG_EXCEPTION_DETAIL, hnt = PG_EXCEPTION_HINT;
		INSERT INTO public.probe VALUES (n, what, pg_catalog.concat_ws(' | ', st, msg, det, hnt));
	END;
END $$;
