--
-- embargo.enforce(): the trigger that screens rows of import tables as they
-- are written, and blocks (mode=prohibit), flags (mode=flag) or holds them
-- (mode=quarantine); the audit trail; embargo.release() and embargo.reject();
-- the roles.  Shipped data: Melitopol is place 16 in UA-23, held by RU since
-- 2022-04-01 and under EU rule 104 (prohibit, from 2022-10-06); UA-43 (Crimea)
-- is under EU rule 100 (prohibit, from 2014-06-25), lifted by the evidence
-- "ua-certificate-of-origin"; UA-23 alone is contested (review); Chile is
-- allowed.
--
-- Audit and quarantine ids depend on the tests before (and on this file's
-- order): rows are selected relative to the ids at the start.
--
SET search_path = embargo, public;
SET datestyle = ISO;
SELECT coalesce(max(id), 0) AS audit0 FROM audit \gset
SELECT coalesce(max(id), 0) AS quarantine0 FROM quarantine \gset
-- The audit rows written since :audit0, without the columns that vary.
CREATE FUNCTION pg_temp.audit_since(after bigint)
RETURNS TABLE (source_table text, operation text, outcome text, row_key text, origin origin,
               jurisdiction text, verdict verdict, rule_ids integer[], by_me boolean)
LANGUAGE sql AS $$
	SELECT source_table, operation, outcome, row_key, origin, jurisdiction, verdict, rule_ids,
	       by = current_user
	FROM embargo.audit WHERE id > after ORDER BY id
$$;
-- SQLSTATE, message, detail and hint of the error a statement raises, with
-- the ids that depend on the tests before masked (user rules are numbered
-- from 1000000, quarantine rows from 1).
CREATE FUNCTION pg_temp.error_of(expr text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	state text;
	message text;
	detail text;
	hint text;
BEGIN
	EXECUTE expr;
	RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
	GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, message = MESSAGE_TEXT, detail = PG_EXCEPTION_DETAIL,
	                        hint = PG_EXCEPTION_HINT;
	RETURN regexp_replace(regexp_replace(
	           concat_ws(E'\n', state || ': ' || message, 'DETAIL: ' || nullif(detail, ''), 'HINT: ' || nullif(hint, '')),
	           'rule 1\d{6}', 'rule <user rule>', 'g'),
	       '(quarantined row|id) \d+', '\1 <id>', 'g');
END $$;

------------------------------------------------------------------------------
-- mode=prohibit: a prohibited row stops its statement (SQLSTATE EM001), with
-- the rules and citations in the detail and the evidence that would lift
-- them in the hint.  Rows below prohibit go in, with the output columns set,
-- and those above allow are audited as 'passed'.
------------------------------------------------------------------------------
CREATE TABLE public.imp_prohibit (
	id integer PRIMARY KEY,
	territory territory,
	place integer,
	hs hscode,
	shipped date,
	evidence text[],
	verdict verdict,
	origin origin,
	rules integer[]
);
CREATE TRIGGER screen_eu BEFORE INSERT OR UPDATE ON public.imp_prohibit FOR EACH ROW
	EXECUTE FUNCTION enforce('mode=prohibit', 'jurisdiction=EU', 'territory=territory', 'place=place',
	                         'hs=hs', 'date=shipped', 'evidence=evidence', 'key=id',
	                         'verdict=verdict', 'origin=origin', 'rules=rules');
-- a multi-row INSERT: Chile, UA-23 alone (contested: review), Crimea with a
-- Ukrainian certificate of origin (rule 100 lifted)
INSERT INTO public.imp_prohibit (id, territory, place, hs, shipped, evidence) VALUES
	(1, 'CL', NULL, '2836.91', '2023-06-01', NULL),
	(2, 'UA-23', NULL, '2805.30', '2023-06-01', NULL),
	(3, 'UA-43', NULL, '2805.30', '2023-06-01', '{ua-certificate-of-origin}');
SELECT id, territory, place, hs, verdict, origin, rules FROM public.imp_prohibit ORDER BY id;
SELECT * FROM pg_temp.audit_since(:audit0);
SELECT reasons FROM audit WHERE id > :audit0;
-- Melitopol REE metal after 2022-10-06: blocked by rule 104
INSERT INTO public.imp_prohibit (id, territory, place, hs, shipped) VALUES
	(4, 'UA-23', 16, '2805.30', '2023-06-01');
SELECT regress_sqlstate_of($$INSERT INTO public.imp_prohibit (id, territory, place, hs, shipped)
                             VALUES (4, 'UA-23', 16, '2805.30', '2023-06-01')$$);
-- the day before rule 104 starts: allowed
INSERT INTO public.imp_prohibit (id, territory, place, hs, shipped) VALUES
	(4, 'UA-23', 16, '2805.30', '2022-10-05')
	RETURNING id, verdict, origin, rules;
-- Crimea without evidence: rule 100; the hint names only evidence that can
-- lift it on the shipment date (the 2014 wind-down for old contracts ended
-- on 26 Sep 2014)
INSERT INTO public.imp_prohibit (id, territory, hs, shipped) VALUES (5, 'UA-43', '2805.30', '2023-06-01');
-- Crimea in the wind-down period: both exceptions could lift it
INSERT INTO public.imp_prohibit (id, territory, hs, shipped) VALUES (5, 'UA-43', '2805.30', '2014-07-01');
-- one prohibited row among allowed ones stops the whole statement, and
-- nothing of it is kept, not even the audit rows of the rows before it
SELECT max(id) AS audit1 FROM audit \gset
INSERT INTO public.imp_prohibit (id, territory, place, hs, shipped) VALUES
	(6, 'UA-23', NULL, '2805.30', '2023-06-01'),
	(7, 'UA-23', 16, '8108.20', '2023-06-01'),
	(8, 'CL', NULL, '2836.91', '2023-06-01');
SELECT count(*) AS rows_6_to_8 FROM public.imp_prohibit WHERE id >= 6;
SELECT count(*) AS new_audit_rows FROM audit WHERE id > :audit1;
-- a text place column, resolved as find_place() does; the key may be any column
CREATE TABLE public.imp_by_name (ref text, territory territory, place text, hs hscode, shipped date);
CREATE TRIGGER screen_eu BEFORE INSERT OR UPDATE ON public.imp_by_name FOR EACH ROW
	EXECUTE FUNCTION enforce('mode=prohibit', 'jurisdiction=EU', 'territory=territory', 'place=place',
	                         'hs=hs', 'date=shipped', 'key=ref');
INSERT INTO public.imp_by_name VALUES ('BL-77', NULL, 'Мелітополь', '2805.30', '2024-03-01');
INSERT INTO public.imp_by_name VALUES ('BL-78', 'UA-23', 'Zaporizhzhia', '2805.30', '2024-03-01');
TABLE public.imp_by_name;
-- the jurisdiction from a column
CREATE TABLE public.imp_multi (id integer, territory territory, hs hscode, shipped date, market varchar(2),
                               verdict verdict);
CREATE TRIGGER screen BEFORE INSERT OR UPDATE ON public.imp_multi FOR EACH ROW
	EXECUTE FUNCTION enforce('mode=flag', 'jurisdiction=market', 'territory=territory', 'hs=hs',
	                         'date=shipped', 'key=id', 'verdict=verdict');
INSERT INTO public.imp_multi VALUES
	(1, 'UA-43', '2805.30', '2023-06-01', 'EU'),
	(2, 'UA-43', '2805.30', '2023-06-01', 'JP'),
	(3, 'UA-43', '2805.30', '2023-06-01', 'US');
TABLE public.imp_multi;

------------------------------------------------------------------------------
-- UPDATE: a change to an input column screens the row again; a change to
-- other columns does not (no new audit row), and leaves the outputs as they
-- were.
------------------------------------------------------------------------------
SELECT max(id) AS audit1 FROM audit \gset
-- Chile -> Melitopol: blocked
UPDATE public.imp_prohibit SET territory = 'UA-23', place = 16, hs = '2805.30' WHERE id = 1;
-- contested -> a certificate presented: evidence is an input, screened again
-- (rule 104 lifted)
UPDATE public.imp_prohibit SET evidence = '{ua-certificate-of-origin}' WHERE id = 2 RETURNING id, verdict, rules;
-- UA-23 -> Zaporizhzhia city, certificate withdrawn: allow
UPDATE public.imp_prohibit SET place = 15, evidence = NULL WHERE id = 2 RETURNING id, verdict, origin, rules;
-- back to the oblast alone: review, audited as an UPDATE
UPDATE public.imp_prohibit SET place = NULL WHERE id = 2 RETURNING id, verdict, origin, rules;
SELECT * FROM pg_temp.audit_since(:audit1);
SELECT max(id) AS audit1 FROM audit \gset
-- no input changes: not screened again, no audit row
UPDATE public.imp_prohibit SET shipped = shipped, id = id WHERE id = 2 RETURNING id, verdict, rules;
SELECT count(*) AS new_audit_rows FROM audit WHERE id > :audit1;
-- ... and the outputs cannot be rewritten without a screening: they keep
-- what the last screening said
UPDATE public.imp_multi SET verdict = 'allow' WHERE id = 1 RETURNING id, verdict;
SELECT count(*) AS new_audit_rows FROM audit WHERE id > :audit1;

------------------------------------------------------------------------------
-- mode=flag: every row goes in with its verdict; non-allow ones audited
-- 'flagged'.  INSERT ... ON CONFLICT DO UPDATE screens the proposed row
-- (BEFORE INSERT) and then the updated row (BEFORE UPDATE, if an input
-- changed).
------------------------------------------------------------------------------
CREATE TABLE public.imp_flag (LIKE public.imp_prohibit INCLUDING ALL);
CREATE TRIGGER screen_eu BEFORE INSERT OR UPDATE ON public.imp_flag FOR EACH ROW
	EXECUTE FUNCTION enforce('mode=flag', 'jurisdiction=EU', 'territory=territory', 'place=place',
	                         'hs=hs', 'date=shipped', 'evidence=evidence', 'key=id',
	                         'verdict=verdict', 'origin=origin', 'rules=rules');
SELECT max(id) AS audit1 FROM audit \gset
INSERT INTO public.imp_flag (id, territory, place, hs, shipped, evidence) VALUES
	(1, 'CL', NULL, '2836.91', '2023-06-01', NULL),
	(2, 'UA-23', NULL, '2805.30', '2023-06-01', NULL),
	(3, 'UA-23', 16, '2805.30', '2023-06-01', NULL),
	(4, 'UA-43', NULL, '2805.30', '2023-06-01', '{ua-certificate-of-origin}'),
	(5, 'UA-43', NULL, '2805.30', '2023-06-01', '{some-other-paper}');
SELECT id, territory, place, verdict, origin, rules FROM public.imp_flag ORDER BY id;
SELECT * FROM pg_temp.audit_since(:audit1);
SELECT max(id) AS audit1 FROM audit \gset
INSERT INTO public.imp_flag (id, territory, place, hs, shipped) VALUES
	(1, 'UA-23', 16, '8108.20', '2023-07-01'),
	(9, 'CL', NULL, '2836.91', '2023-07-01')
	ON CONFLICT (id) DO UPDATE SET territory = excluded.territory, place = excluded.place,
	                                hs = excluded.hs, shipped = excluded.shipped
	RETURNING id, hs, verdict, rules;
SELECT * FROM pg_temp.audit_since(:audit1);
-- ON CONFLICT DO UPDATE that changes no input: the existing row's verdict stays
SELECT max(id) AS audit1 FROM audit \gset
INSERT INTO public.imp_flag (id, territory, place, hs, shipped) VALUES (1, 'CL', NULL, '2836.91', '2023-07-01')
	ON CONFLICT (id) DO UPDATE SET shipped = excluded.shipped
	RETURNING id, territory, place, verdict;
SELECT * FROM pg_temp.audit_since(:audit1);
-- prohibit mode and ON CONFLICT: the proposed row is screened, so a blocked
-- shipment cannot be slipped in as an update either
INSERT INTO public.imp_prohibit (id, territory, place, hs, shipped) VALUES (3, 'UA-23', 16, '2805.30', '2023-06-01')
	ON CONFLICT (id) DO UPDATE SET place = excluded.place, evidence = NULL;
SELECT id, territory, place, evidence, verdict FROM public.imp_prohibit WHERE id = 3;

------------------------------------------------------------------------------
-- mode=quarantine: rows at or above the threshold (default prohibit) are
-- held in embargo.quarantine, whole, and skipped; the others go in.
------------------------------------------------------------------------------
CREATE TABLE public.imp_hold (LIKE public.imp_prohibit INCLUDING ALL);
CREATE TRIGGER screen_eu BEFORE INSERT OR UPDATE ON public.imp_hold FOR EACH ROW
	EXECUTE FUNCTION enforce('mode=quarantine', 'jurisdiction=EU', 'territory=territory', 'place=place',
	                         'hs=hs', 'date=shipped', 'evidence=evidence', 'key=id',
	                         'verdict=verdict', 'origin=origin', 'rules=rules');
SELECT max(id) AS audit1 FROM audit \gset
INSERT INTO public.imp_hold (id, territory, place, hs, shipped, evidence) VALUES
	(1, 'CL', NULL, '2836.91', '2023-06-01', NULL),
	(2, 'UA-23', NULL, '2805.30', '2023-06-01', NULL),
	(3, 'UA-23', 16, '2805.30', '2023-06-01', NULL),
	(4, 'UA-43', NULL, '2805.30', '2023-06-01', '{ua-certificate-of-origin}'),
	(5, 'UA-43', NULL, '2805.30', '2023-06-01', NULL);
-- 5 rows written: 3 in the table, 2 held
SELECT id, verdict, rules FROM public.imp_hold ORDER BY id;
SELECT source_table, row_key, row_data, verdict, origin, rule_ids, reasons IS NOT NULL AS has_reasons,
       ruleset_version = ruleset_version() AS current_rules, held_by = current_user AS held_by_me,
       status, decided_by, decided_at, decision_reason
FROM quarantine WHERE id > :quarantine0 ORDER BY id;
SELECT * FROM pg_temp.audit_since(:audit1);
-- held ids, by row key, for the review below
SELECT id AS held_melitopol FROM quarantine WHERE id > :quarantine0 AND row_key = '3' \gset
SELECT id AS held_crimea FROM quarantine WHERE id > :quarantine0 AND row_key = '5' \gset
-- an UPDATE into a prohibited origin is held too; the row keeps its old version
UPDATE public.imp_hold SET territory = 'UA-43', evidence = NULL WHERE id = 4;
SELECT id, territory, evidence, verdict FROM public.imp_hold WHERE id = 4;
SELECT row_key, verdict, row_data ->> 'territory' AS territory FROM quarantine
WHERE id > :held_crimea ORDER BY id;
-- threshold=review holds the contested row as well; threshold=licence holds
-- licence and prohibit (Japan: Crimea needs a licence)
CREATE TABLE public.imp_strict (id integer, territory territory, place integer, hs hscode, shipped date);
CREATE TRIGGER screen_eu BEFORE INSERT OR UPDATE ON public.imp_strict FOR EACH ROW
	EXECUTE FUNCTION enforce('mode=quarantine', 'threshold=review', 'jurisdiction=EU',
	                         'territory=territory', 'place=place', 'hs=hs', 'date=shipped', 'key=id');
CREATE TABLE public.imp_jp (LIKE public.imp_strict);
CREATE TRIGGER screen_jp BEFORE INSERT OR UPDATE ON public.imp_jp FOR EACH ROW
	EXECUTE FUNCTION enforce('mode=quarantine', 'threshold=licence', 'jurisdiction=JP',
	                         'territory=territory', 'place=place', 'hs=hs', 'date=shipped', 'key=id');
SELECT max(id) AS quarantine1 FROM quarantine \gset
INSERT INTO public.imp_strict VALUES
	(1, 'CL', NULL, '2836.91', '2023-06-01'),
	(2, 'UA-23', NULL, '2805.30', '2023-06-01'),
	(3, 'UA-23', 15, '2805.30', '2023-06-01');
INSERT INTO public.imp_jp VALUES
	(1, 'UA-43', NULL, '2805.30', '2023-06-01'),
	(2, 'UA-23', NULL, '2805.30', '2023-06-01'),
	(3, 'CL', NULL, '2836.91', '2023-06-01');
SELECT 'strict' AS t, id FROM public.imp_strict UNION ALL SELECT 'jp', id FROM public.imp_jp ORDER BY 1, 2;
SELECT source_table, row_key, verdict, rule_ids FROM quarantine WHERE id > :quarantine1 ORDER BY id;

------------------------------------------------------------------------------
-- COPY FROM STDIN, and row conservation: of N rows written in quarantine
-- mode, (rows in the table) + (rows newly held) = N.
------------------------------------------------------------------------------
CREATE TABLE public.imp_copy (LIKE public.imp_prohibit INCLUDING ALL);
CREATE TRIGGER screen_eu BEFORE INSERT OR UPDATE ON public.imp_copy FOR EACH ROW
	EXECUTE FUNCTION enforce('mode=quarantine', 'jurisdiction=EU', 'territory=territory', 'place=place',
	                         'hs=hs', 'date=shipped', 'evidence=evidence', 'key=id',
	                         'verdict=verdict', 'origin=origin', 'rules=rules');
SELECT max(id) AS quarantine1 FROM quarantine \gset
SELECT max(id) AS audit1 FROM audit \gset
COPY public.imp_copy (id, territory, place, hs, shipped, evidence) FROM STDIN;
101	CL	\N	2836.91	2023-06-01	\N
102	UA-23	16	2805.30	2023-06-01	\N
103	UA-23	\N	2805.30	2023-06-01	\N
104	UA-43	\N	8108.20	2023-06-01	{ua-certificate-of-origin}
105	UA-43	\N	8108.20	2023-06-01	{}
106	UA-23	16	2805.30	2022-10-05	\N
107	UA-23	16	2805.30	2022-10-06	\N
108	UA-14	1	7208.10	2023-06-01	\N
\.
SELECT (SELECT count(*) FROM public.imp_copy) AS in_table,
       (SELECT count(*) FROM quarantine WHERE id > :quarantine1) AS held,
       (SELECT count(*) FROM public.imp_copy) + (SELECT count(*) FROM quarantine WHERE id > :quarantine1) AS total;
SELECT id, verdict, rules FROM public.imp_copy ORDER BY id;
SELECT row_key, verdict, rule_ids FROM quarantine WHERE id > :quarantine1 ORDER BY id;
SELECT outcome, count(*) FROM audit WHERE id > :audit1 GROUP BY outcome ORDER BY outcome;
-- a COPY in prohibit mode stops at the first prohibited row, keeping nothing
COPY public.imp_prohibit (id, territory, place, hs, shipped) FROM STDIN;
201	CL	\N	2836.91	2023-06-01
202	UA-23	16	2805.30	2023-06-01
\.
SELECT count(*) AS rows_from_copy FROM public.imp_prohibit WHERE id > 200;

------------------------------------------------------------------------------
-- A partitioned table: the trigger on the parent screens every partition's
-- rows.
------------------------------------------------------------------------------
CREATE TABLE public.imp_part (id integer, territory territory, place integer, hs hscode, shipped date,
                              verdict verdict) PARTITION BY RANGE (shipped);
CREATE TABLE public.imp_part_2022 PARTITION OF public.imp_part FOR VALUES FROM ('2022-01-01') TO ('2023-01-01');
CREATE TABLE public.imp_part_2023 PARTITION OF public.imp_part FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');
CREATE TRIGGER screen_eu BEFORE INSERT OR UPDATE ON public.imp_part FOR EACH ROW
	EXECUTE FUNCTION enforce('mode=quarantine', 'jurisdiction=EU', 'territory=territory', 'place=place',
	                         'hs=hs', 'date=shipped', 'key=id', 'verdict=verdict');
SELECT max(id) AS quarantine1 FROM quarantine \gset
INSERT INTO public.imp_part VALUES
	(1, 'UA-23', 16, '2805.30', '2022-06-01'),
	(2, 'UA-23', 16, '2805.30', '2022-12-01'),
	(3, 'CL', NULL, '2836.91', '2023-06-01'),
	(4, 'UA-43', NULL, '2805.30', '2023-06-01');
SELECT tableoid::regclass AS partition, id, verdict FROM public.imp_part ORDER BY id;
SELECT row_key, verdict FROM quarantine WHERE id > :quarantine1 ORDER BY id;
-- an UPDATE that moves a row into another partition is screened, and held
UPDATE public.imp_part SET territory = 'UA-43', shipped = '2022-12-01' WHERE id = 3;
SELECT tableoid::regclass AS partition, id, territory, verdict FROM public.imp_part ORDER BY id;
SELECT id AS held_moved FROM quarantine WHERE id > :quarantine1 AND row_key = '3' \gset
SELECT id AS held_part FROM quarantine WHERE id > :quarantine1 AND row_key = '4' \gset
-- released, the moved row lands in the partition its new date belongs to
SELECT release(:held_part, 'partition test');
SELECT release(:held_moved, 'partition test: moved row');
SELECT tableoid::regclass AS partition, id, territory, shipped, verdict FROM public.imp_part WHERE territory = 'UA-43' ORDER BY id, 1;

------------------------------------------------------------------------------
-- Errors.
------------------------------------------------------------------------------
-- the prohibit error in full: SQLSTATE, message, detail, hint
SELECT pg_temp.error_of($$INSERT INTO public.imp_prohibit (id, territory, place, hs, shipped)
                          VALUES (50, 'UA-23', 16, '8108.20', '2023-06-01')$$) AS error;
-- without a key= argument, the message has no shipment name
INSERT INTO public.imp_jp (id, territory, hs, shipped) VALUES (60, 'UA-43', '2805.30', '2023-06-01');
CREATE TABLE public.imp_nokey (territory territory, hs hscode, shipped date);
CREATE TRIGGER screen_eu BEFORE INSERT OR UPDATE ON public.imp_nokey FOR EACH ROW
	EXECUTE FUNCTION enforce('mode=prohibit', 'jurisdiction=EU', 'territory=territory', 'hs=hs', 'date=shipped');
INSERT INTO public.imp_nokey VALUES ('UA-23', '2805.30', '2023-06-01'), ('UA-43', '2805.30', '2023-06-01');
-- NULL inputs: a row that cannot be screened is refused (23502)
INSERT INTO public.imp_hold (id, territory, hs, shipped) VALUES (70, 'CL', NULL, '2023-06-01');
INSERT INTO public.imp_hold (id, territory, hs, shipped) VALUES (70, 'CL', '2836.91', NULL);
INSERT INTO public.imp_hold (id, territory, place, hs, shipped) VALUES (70, NULL, NULL, '2836.91', '2023-06-01');
SELECT regress_sqlstate_of($$INSERT INTO public.imp_flag (id, territory, hs, shipped) VALUES (70, 'CL', NULL, '2023-06-01')$$);
-- (a NULL jurisdiction column is tested in tests/t/enforce_copy.sh)
-- a place only, or a place and its territory; errors of tag_origin()
INSERT INTO public.imp_flag (id, place, hs, shipped) VALUES (71, 16, '2614.00', '2023-06-01')
	RETURNING id, verdict, origin;
INSERT INTO public.imp_flag (id, place, hs, shipped) VALUES (72, 999999, '2614.00', '2023-06-01');
INSERT INTO public.imp_flag (id, territory, place, hs, shipped) VALUES (72, 'UA-46', 16, '2614.00', '2023-06-01');
INSERT INTO public.imp_by_name VALUES ('BL-79', NULL, 'Nowhere-on-earth', '2805.30', '2024-03-01');
-- unknown jurisdiction: an error, not a silent allow
INSERT INTO public.imp_multi VALUES (4, 'CL', '2836.91', '2023-06-01', 'ZZ');
-- an infinite shipment date cannot be screened either (as in screen())
INSERT INTO public.imp_multi VALUES (5, 'CL', '2836.91', 'infinity', 'US');
CREATE TABLE public.imp_bad (id integer, territory territory, place integer, hs hscode, shipped date,
                             ref text, jur text, ev text, verdict text);
CREATE TRIGGER screen BEFORE INSERT OR UPDATE ON public.imp_bad FOR EACH ROW
	EXECUTE FUNCTION enforce('mode=flag', 'jurisdiction=XX', 'territory=territory', 'hs=hs', 'date=shipped');
INSERT INTO public.imp_bad (id, territory, hs, shipped) VALUES (1, 'CL', '2836.91', '2023-06-01');
SELECT regress_sqlstate_of($$INSERT INTO public.imp_bad (id, territory, hs, shipped) VALUES (1, 'CL', '2836.91', '2023-06-01')$$);
DROP TRIGGER screen ON public.imp_bad;
-- bad trigger arguments: refused when the trigger is created (22023, or
-- 42703/42804 for a column), with what is wrong
CREATE FUNCTION pg_temp.try_arguments(VARIADIC args text[]) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	detail text;
	r text;
BEGIN
	BEGIN
		EXECUTE format('CREATE TRIGGER screen BEFORE INSERT OR UPDATE ON public.imp_bad FOR EACH ROW EXECUTE FUNCTION embargo.enforce(%s)',
		               (SELECT string_agg(quote_literal(a), ', ') FROM unnest(args) a));
	EXCEPTION WHEN OTHERS THEN
		GET STACKED DIAGNOSTICS detail = PG_EXCEPTION_DETAIL;
		RETURN SQLSTATE || ': ' || SQLERRM || ' ' || detail;
	END;
	r := 'created; first row: ' || regress_sqlstate_of($q$INSERT INTO public.imp_bad (id, territory, hs, shipped) VALUES (1, 'CL', '2836.91', '2023-06-01')$q$)
	     || ': ' || coalesce(regress_error_text($q$INSERT INTO public.imp_bad (id, territory, hs, shipped) VALUES (1, 'CL', '2836.91', '2023-06-01')$q$), '');
	EXECUTE 'DROP TRIGGER screen ON public.imp_bad';
	RETURN r;
END $$;
SELECT pg_temp.try_arguments('jurisdiction=EU', 'territory=territory', 'hs=hs', 'date=shipped') AS missing_mode;
SELECT pg_temp.try_arguments('mode=block', 'jurisdiction=EU', 'territory=territory', 'hs=hs', 'date=shipped') AS bad_mode;
SELECT pg_temp.try_arguments('mode=quarantine', 'threshold=allow', 'jurisdiction=EU', 'territory=territory', 'hs=hs', 'date=shipped') AS bad_threshold;
SELECT pg_temp.try_arguments('mode=flag', 'country=EU', 'territory=territory', 'hs=hs', 'date=shipped') AS unknown_key;
SELECT pg_temp.try_arguments('mode=flag', 'jurisdiction', 'territory=territory', 'hs=hs', 'date=shipped') AS no_value;
SELECT pg_temp.try_arguments('mode=flag', 'jurisdiction=EU', 'hs=hs', 'date=shipped') AS no_territory;
SELECT pg_temp.try_arguments('mode=flag', 'jurisdiction=EU', 'territory=territory', 'date=shipped') AS no_hs;
SELECT pg_temp.try_arguments('mode=flag', 'jurisdiction=EU', 'territory=territory', 'hs=hs') AS no_date;
SELECT pg_temp.try_arguments('mode=flag', 'territory=territory', 'hs=hs', 'date=shipped') AS no_jurisdiction;
SELECT pg_temp.try_arguments('mode=flag', 'jurisdiction=EU', 'territory=origin_code', 'hs=hs', 'date=shipped') AS missing_column;
SELECT pg_temp.try_arguments('mode=flag', 'jurisdiction=eu', 'territory=territory', 'hs=hs', 'date=shipped') AS lower_case_code;
SELECT pg_temp.try_arguments('mode=flag', 'jurisdiction=EU', 'territory=ref', 'hs=hs', 'date=shipped') AS wrong_type;
SELECT pg_temp.try_arguments('mode=flag', 'jurisdiction=EU', 'territory=territory', 'hs=hs', 'date=id') AS wrong_type_date;
SELECT pg_temp.try_arguments('mode=flag', 'jurisdiction=EU', 'territory=territory', 'place=shipped', 'hs=hs', 'date=shipped') AS wrong_type_place;
SELECT pg_temp.try_arguments('mode=flag', 'jurisdiction=EU', 'territory=territory', 'hs=hs', 'date=shipped', 'evidence=ev') AS wrong_type_evidence;
SELECT pg_temp.try_arguments('mode=flag', 'jurisdiction=EU', 'territory=territory', 'hs=hs', 'date=shipped', 'verdict=verdict') AS wrong_type_output;
SELECT pg_temp.try_arguments('mode=flag', 'jurisdiction=id', 'territory=territory', 'hs=hs', 'date=shipped') AS wrong_type_jurisdiction;
SELECT pg_temp.try_arguments('mode=flag', 'jurisdiction=EU', 'territory=territory', 'hs=hs', 'date=shipped', 'key=ref') AS good;
-- not a BEFORE ... FOR EACH ROW trigger on INSERT and UPDATE: refused when created
CREATE TRIGGER screen AFTER INSERT ON public.imp_bad FOR EACH ROW
	EXECUTE FUNCTION enforce('mode=flag', 'jurisdiction=EU', 'territory=territory', 'hs=hs', 'date=shipped');
CREATE TRIGGER screen BEFORE INSERT ON public.imp_bad FOR EACH STATEMENT
	EXECUTE FUNCTION enforce('mode=flag', 'jurisdiction=EU', 'territory=territory', 'hs=hs', 'date=shipped');
CREATE TRIGGER screen BEFORE DELETE ON public.imp_bad FOR EACH ROW
	EXECUTE FUNCTION enforce('mode=flag', 'jurisdiction=EU', 'territory=territory', 'hs=hs', 'date=shipped');
CREATE TRIGGER screen BEFORE INSERT ON public.imp_bad FOR EACH ROW
	EXECUTE FUNCTION enforce('mode=flag', 'jurisdiction=EU', 'territory=territory', 'hs=hs', 'date=shipped');
CREATE TRIGGER screen BEFORE UPDATE ON public.imp_bad FOR EACH ROW
	EXECUTE FUNCTION enforce('mode=flag', 'jurisdiction=EU', 'territory=territory', 'hs=hs', 'date=shipped');
CREATE TRIGGER screen BEFORE INSERT OR UPDATE OF hs ON public.imp_bad FOR EACH ROW
	EXECUTE FUNCTION enforce('mode=flag', 'jurisdiction=EU', 'territory=territory', 'hs=hs', 'date=shipped');
SELECT count(*) AS triggers_left FROM pg_trigger WHERE tgrelid = 'public.imp_bad'::regclass;
SELECT enforce();

------------------------------------------------------------------------------
-- The audit trail is append-only, for its owner too.
------------------------------------------------------------------------------
UPDATE audit SET outcome = 'passed' WHERE id > :audit0;
DELETE FROM audit WHERE id > :audit0;
TRUNCATE audit;
SELECT regress_sqlstate_of('DELETE FROM embargo.audit') AS delete, regress_sqlstate_of('TRUNCATE embargo.audit') AS truncate;
SELECT count(*) > 0 AS audit_kept FROM audit WHERE id > :audit0;

------------------------------------------------------------------------------
-- Roles: a writer with rights on its import tables only; a reviewer.
------------------------------------------------------------------------------
CREATE ROLE regress_writer;
CREATE ROLE regress_reviewer;
GRANT embargo_reviewer TO regress_reviewer;
GRANT SELECT, INSERT ON public.imp_prohibit, public.imp_flag, public.imp_hold TO regress_writer;
GRANT INSERT ON public.imp_hold TO regress_reviewer;
SELECT max(id) AS audit1 FROM audit \gset
SELECT max(id) AS quarantine1 FROM quarantine \gset
SET ROLE regress_writer;
-- the trigger writes the audit and the quarantine for the writer
INSERT INTO public.imp_flag (id, territory, place, hs, shipped) VALUES (301, 'UA-23', 16, '2805.30', '2023-06-01')
	RETURNING id, verdict;
INSERT INTO public.imp_hold (id, territory, place, hs, shipped) VALUES
	(301, 'UA-23', 16, '2805.30', '2023-06-01'),
	(302, 'CL', NULL, '2836.91', '2023-06-01'),
	(303, 'UA-43', NULL, '2805.30', '2023-06-01');
COPY public.imp_hold (id, territory, place, hs, shipped) FROM STDIN;
304	UA-43	\N	8108.20	2023-06-01
305	CL	\N	2836.91	2023-06-01
\.
SELECT id, verdict FROM public.imp_hold WHERE id > 300 ORDER BY id;
-- ... but cannot read or write them, change rules, or decide on held rows
SELECT count(*) FROM embargo.audit;
SELECT count(*) FROM embargo.quarantine;
INSERT INTO embargo.rule (jurisdiction, instrument, citation, action) VALUES ('EU', 'Self-help', 'none', 'review');
UPDATE embargo.rule SET enabled = false WHERE id = 100;
SELECT embargo.release(:quarantine1 + 1, 'mine');
SELECT embargo.reject(:quarantine1 + 1, 'mine');
SELECT regress_sqlstate_of($$SELECT embargo.release(1, 'x')$$) AS release, regress_sqlstate_of($$SELECT embargo.reject(1, 'x')$$) AS reject,
       regress_sqlstate_of('SELECT FROM embargo.audit') AS audit;
-- a prohibited row is refused for the writer as for anyone (EM001, not a
-- permission error)
INSERT INTO public.imp_prohibit (id, territory, place, hs, shipped) VALUES (301, 'UA-23', 16, '2805.30', '2023-06-01');
RESET ROLE;
SELECT source_table, operation, outcome, row_key, verdict, by FROM audit WHERE id > :audit1 ORDER BY id;
SELECT row_key, verdict, held_by, status FROM quarantine WHERE id > :quarantine1 ORDER BY id;
SELECT id AS held_303 FROM quarantine WHERE id > :quarantine1 AND row_key = '303' \gset
SELECT id AS held_304 FROM quarantine WHERE id > :quarantine1 AND row_key = '304' \gset

------------------------------------------------------------------------------
-- Review: release puts a held row back (audited 'released'); reject closes
-- it.  Each row is decided once.
------------------------------------------------------------------------------
SET ROLE regress_reviewer;
SELECT count(*) > 0 AS reviewer_reads_audit FROM embargo.audit;
SELECT release(:held_303, 'certificate of origin seen, file 2023/118');
SELECT reject(:held_304, 'no evidence of origin');
SELECT pg_temp.error_of(format('SELECT embargo.release(%s, %L)', :held_303, 'again')) AS release_released;
SELECT pg_temp.error_of(format('SELECT embargo.reject(%s, %L)', :held_303, 'changed my mind')) AS reject_released;
SELECT pg_temp.error_of(format('SELECT embargo.release(%s, %L)', :held_304, 'changed my mind')) AS release_rejected;
SELECT pg_temp.error_of(format('SELECT embargo.reject(%s, %L)', :held_304, 'again')) AS reject_rejected;
SELECT release(-1, 'no such row');
SELECT reject(-1, 'no such row');
SELECT regress_sqlstate_of($$SELECT embargo.release(-1, 'x')$$) AS unknown_id;
-- the decision is recorded by the functions only: a reviewer cannot rewrite
-- it, nor reopen a decided row to release it twice
UPDATE embargo.quarantine SET status = 'held', decided_by = NULL, decided_at = NULL, decision_reason = NULL
	WHERE id = :held_303;
UPDATE embargo.quarantine SET decided_by = 'someone_else' WHERE id = :held_304;
-- a release needs INSERT on the import table (the reviewer has none on imp_copy)
SELECT id AS held_copy FROM quarantine WHERE source_table = 'public.imp_copy' ORDER BY id LIMIT 1 \gset
SELECT release(:held_copy, 'no rights');
RESET ROLE;
SELECT id, territory, verdict, origin, rules FROM public.imp_hold WHERE id IN (303, 304);
SELECT source_table, row_key, status, decided_by, decided_at IS NOT NULL AS decided, decision_reason
FROM quarantine WHERE id IN (:held_303, :held_304, :held_copy) ORDER BY id;
SELECT source_table, operation, outcome, row_key, verdict, rule_ids, by FROM audit WHERE id > :audit1 AND outcome = 'released';
-- the superuser may release too (held Melitopol row of imp_hold)
SELECT release(:held_melitopol, 'superuser release');
SELECT id, verdict, rules FROM public.imp_hold WHERE id = 3;
-- an import table with an identity column and a generated column: the
-- released row keeps its id, and its generated column is computed again
CREATE TABLE public.imp_identity (id integer GENERATED ALWAYS AS IDENTITY, territory territory, hs hscode,
                                  shipped date, year numeric GENERATED ALWAYS AS (extract(year FROM shipped)) STORED);
CREATE TRIGGER screen_eu BEFORE INSERT OR UPDATE ON public.imp_identity FOR EACH ROW
	EXECUTE FUNCTION enforce('mode=quarantine', 'jurisdiction=EU', 'territory=territory', 'hs=hs', 'date=shipped', 'key=id');
INSERT INTO public.imp_identity (territory, hs, shipped) VALUES ('CL', '2836.91', '2023-06-01'), ('UA-43', '2805.30', '2023-06-01');
SELECT id AS held_identity FROM quarantine WHERE source_table = 'public.imp_identity' \gset
SELECT release(:held_identity, 'certificate seen');
SELECT * FROM public.imp_identity ORDER BY id;
-- a row held from an upsert cannot be put back as an insert over the
-- existing row (the quarantine keeps the row, not the ON CONFLICT clause)
INSERT INTO public.imp_hold (id, territory, place, hs, shipped) VALUES (1, 'UA-43', NULL, '2805.30', '2023-06-01')
	ON CONFLICT (id) DO UPDATE SET territory = excluded.territory, hs = excluded.hs;
SELECT id, territory, hs FROM public.imp_hold WHERE id = 1;
SELECT max(id) AS held_upsert FROM quarantine WHERE source_table = 'public.imp_hold' AND row_key = '1' \gset
SELECT release(:held_upsert, 'upsert');
SELECT reject(:held_upsert, 'resubmit as an update');

------------------------------------------------------------------------------
-- Rule edits reach the trigger at the next statement: after a rule of a
-- test jurisdiction is disabled, the row it blocked goes in.
------------------------------------------------------------------------------
INSERT INTO rule (jurisdiction, instrument, article, citation, action, territory, hs)
VALUES ('XE', 'Enforce Test Act', 's. 1', 'E/1', 'prohibit', 'CL', '{2836}');
INSERT INTO rule_exception (rule_id, evidence, description, citation)
SELECT id, 'test-waiver', 'a test waiver', 'E/1(2)' FROM rule WHERE instrument = 'Enforce Test Act';
CREATE TABLE public.imp_xe (id integer, territory territory, hs hscode, shipped date, evidence text[]);
CREATE TRIGGER screen_xe BEFORE INSERT OR UPDATE ON public.imp_xe FOR EACH ROW
	EXECUTE FUNCTION enforce('mode=prohibit', 'jurisdiction=XE', 'territory=territory', 'hs=hs', 'date=shipped',
	                         'evidence=evidence', 'key=id');
SELECT pg_temp.error_of($$INSERT INTO public.imp_xe VALUES (1, 'CL', '2836.91', '2023-06-01', NULL)$$);
INSERT INTO public.imp_xe VALUES (2, 'CL', '2836.91', '2023-06-01', '{test-waiver}');
UPDATE rule SET enabled = false WHERE instrument = 'Enforce Test Act';
INSERT INTO public.imp_xe VALUES (1, 'CL', '2836.91', '2023-06-01', NULL);
-- and back on, in a transaction that is rolled back: the rule stays off
BEGIN;
UPDATE rule SET enabled = true WHERE instrument = 'Enforce Test Act';
SELECT pg_temp.error_of($$INSERT INTO public.imp_xe VALUES (3, 'CL', '2836.91', '2023-06-01', NULL)$$);
ROLLBACK;
INSERT INTO public.imp_xe VALUES (3, 'CL', '2836.91', '2023-06-01', NULL);
TABLE public.imp_xe;
-- a change of the table reaches the trigger's resolved columns
ALTER TABLE public.imp_xe RENAME COLUMN hs TO hs_code;
INSERT INTO public.imp_xe VALUES (4, 'CL', '2836.91', '2023-06-01', NULL);

------------------------------------------------------------------------------
-- Clean up: the tables, the test rules, and the roles (cluster-wide).
------------------------------------------------------------------------------
DELETE FROM rule WHERE instrument = 'Enforce Test Act';
REVOKE ALL ON public.imp_prohibit, public.imp_flag, public.imp_hold FROM regress_writer;
REVOKE ALL ON public.imp_hold FROM regress_reviewer;
REVOKE embargo_reviewer FROM regress_reviewer;
DROP ROLE regress_writer;
DROP ROLE regress_reviewer;
DROP TABLE public.imp_prohibit, public.imp_by_name, public.imp_multi, public.imp_flag, public.imp_hold,
	public.imp_strict, public.imp_jp, public.imp_copy, public.imp_part, public.imp_nokey, public.imp_bad,
	public.imp_identity, public.imp_xe;
