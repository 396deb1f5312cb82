--
-- What a new user hits when loading real files (issue 13): reasons for
-- decisions, triggers that must see every row, arguments checked when the
-- trigger is created, jurisdiction codes in any case, evidence codes that
-- must exist, rows that cannot be screened, feedback on held rows,
-- overrides of shipped rules, and decisions in the audit trail.
--
SET search_path = embargo, public;
SELECT coalesce(max(id), 0) AS w_audit0 FROM audit \gset
SELECT coalesce(max(id), 0) AS w_quarantine0 FROM quarantine \gset

------------------------------------------------------------------------------
-- Jurisdiction codes are case-insensitive; GB is the United Kingdom's UK.
------------------------------------------------------------------------------
SELECT screen('UA-43'::territory, NULL, '2823.00', '2020-01-01', j) AS verdict, j
FROM (VALUES ('UK'), ('uk'), ('GB'), ('gb'), ('Eu')) v(j);
SELECT regress_error_text($$SELECT embargo.screen('UA-43'::embargo.territory, NULL, '2823.00', '2020-01-01', 'GBR')$$) AS unknown;

------------------------------------------------------------------------------
-- Evidence codes must exist for the jurisdiction; the hint lists those in
-- force on the date.  View evidence_codes lists them all.
------------------------------------------------------------------------------
SELECT screen('UA-43'::territory, NULL, '2823.00', '2020-01-01', 'EU', '{ua-certificate-of-origin}') AS known_code;
SELECT screen('UA-43'::territory, NULL, '2823.00', '2020-01-01', 'EU', '{ua-certficate-of-origin}') AS typo;
SELECT regress_sqlstate_of($$SELECT * FROM embargo.explain(embargo.tag_origin('UA-43', NULL::int, '2020-01-01'), '2823.00', '2020-01-01', 'EU', '{nope}')$$) AS explain_typo;
SELECT screen('UA-43'::territory, NULL, '2823.00', '2020-01-01', 'EU', ARRAY[NULL]::text[]) AS null_element_ignored;
SELECT count(*) > 0 AS listed, bool_and(jurisdiction = 'EU') AS all_eu
FROM evidence_codes WHERE evidence = 'ua-certificate-of-origin' AND jurisdiction = 'EU';

------------------------------------------------------------------------------
-- The trigger: created BEFORE INSERT OR UPDATE, arguments checked at once.
------------------------------------------------------------------------------
CREATE TABLE public.w_imports (id integer PRIMARY KEY, territory territory, place text, hs hscode,
                               shipped date, ev text[], verdict verdict, note text);
-- "eu" is a code, not a column
CREATE TRIGGER screen BEFORE INSERT OR UPDATE ON public.w_imports FOR EACH ROW
	EXECUTE FUNCTION enforce('mode=quarantine', 'threshold=review', 'jurisdiction=eu', 'key=id',
	                         'territory=territory', 'place=place', 'hs=hs', 'date=shipped',
	                         'evidence=ev', 'verdict=verdict');
-- a trigger made before 0.6, INSERT only (the event trigger was not there):
-- refused at its first row, naming the missing event
ALTER EVENT TRIGGER embargo_check_enforce DISABLE;
CREATE TABLE public.w_old (id integer, territory territory, hs hscode, shipped date);
CREATE TRIGGER screen BEFORE INSERT ON public.w_old FOR EACH ROW
	EXECUTE FUNCTION enforce('mode=flag', 'jurisdiction=EU', 'territory=territory', 'hs=hs', 'date=shipped');
ALTER EVENT TRIGGER embargo_check_enforce ENABLE;
INSERT INTO public.w_old VALUES (1, 'CL', '2836.91', '2023-06-01');
DROP TABLE public.w_old;

------------------------------------------------------------------------------
-- Quarantine mode holds what it cannot screen, with why; the loader is told
-- what was held, and sees its own held rows.
------------------------------------------------------------------------------
INSERT INTO public.w_imports (id, territory, place, hs, shipped, ev) VALUES
	(1, 'CL', NULL, '2836.91', '2023-06-01', NULL),                            -- allowed
	(2, 'UA-43', NULL, '2823.00', '2023-06-01', NULL),                         -- prohibited: held
	(3, 'CL', NULL, NULL, '2023-06-01', NULL),                                 -- no HS code: held
	(4, NULL, 'Nowhere-on-earth', '2836.91', '2023-06-01', NULL),             -- no such place: held
	(5, 'CL', NULL, '2836.91', '2023-06-01', '{ua-certficate-of-origin}');     -- typo: review, held
SELECT id, verdict FROM public.w_imports ORDER BY id;
SELECT row_key, verdict, operation, jurisdiction, reasons FROM quarantine
WHERE id > :w_quarantine0 ORDER BY id;
SELECT row_key, outcome, verdict FROM audit WHERE id > :w_audit0 ORDER BY id;
SELECT count(*) AS mine FROM my_held_rows WHERE source_table = 'public.w_imports';
CREATE ROLE regress_w_other;
SET ROLE regress_w_other;
SELECT count(*) AS others_see FROM embargo.my_held_rows;
RESET ROLE;
DROP ROLE regress_w_other;

-- In prohibit mode such a row is refused, naming it.
CREATE TABLE public.w_strict (id text, territory territory, hs hscode, shipped date, ev text[]);
CREATE TRIGGER screen BEFORE INSERT OR UPDATE ON public.w_strict FOR EACH ROW
	EXECUTE FUNCTION enforce('mode=prohibit', 'jurisdiction=EU', 'key=id', 'territory=territory',
	                         'hs=hs', 'date=shipped', 'evidence=ev');
INSERT INTO public.w_strict VALUES ('S-1', 'CL', NULL, '2023-06-01', NULL);
INSERT INTO public.w_strict VALUES ('S-2', 'CL', '2836.91', '2023-06-01', '{no-such-proof}');
DROP TABLE public.w_strict;

------------------------------------------------------------------------------
-- Reviewers decide with a reason; both decisions are audited.
------------------------------------------------------------------------------
SELECT id AS w_held2 FROM quarantine WHERE id > :w_quarantine0 AND row_key = '2' \gset
SELECT id AS w_held3 FROM quarantine WHERE id > :w_quarantine0 AND row_key = '3' \gset
SELECT regress_error_text(format('SELECT embargo.release(%s, NULL)', :w_held2)) AS null_reason;
SELECT regress_sqlstate_of(format('SELECT embargo.release(%s, NULL)', :w_held2)) AS null_reason_state;
SELECT regress_sqlstate_of(format($$SELECT embargo.reject(%s, '   ')$$, :w_held2)) AS blank_reason_state;
SELECT regress_sqlstate_of('SELECT embargo.reject(NULL, ''why'')') AS null_id_state;
SELECT reject(:w_held3, 'no HS code on the invoice');
SELECT release(:w_held2, 'licence EU-2023-118 on file');
SELECT row_key, status, decision_reason FROM quarantine WHERE id IN (:w_held2, :w_held3) ORDER BY id;
SELECT row_key, outcome, verdict, quarantine_id - :w_quarantine0 AS q, decision_reason FROM audit
WHERE id > :w_audit0 AND outcome IN ('released', 'rejected') ORDER BY id;
SELECT id, verdict FROM public.w_imports ORDER BY id;

-- A held UPDATE is released as an update of the row with its key.
UPDATE public.w_imports SET territory = 'UA-43', hs = '2823.00', note = 'changed' WHERE id = 1;
SELECT id, territory, note FROM public.w_imports WHERE id = 1;
SELECT id AS w_held_update, operation FROM quarantine WHERE id > :w_quarantine0 AND row_key = '1' \gset
SELECT release(:w_held_update, 'checked: the ore is Ukrainian-government certified');
SELECT id, territory, note, verdict FROM public.w_imports WHERE id = 1;
SELECT count(*) AS rows_with_id_1 FROM public.w_imports WHERE id = 1;

------------------------------------------------------------------------------
-- Overrides: an administrator switches a shipped rule off, or narrows it,
-- with a reason; every change is logged and the cache follows at once.
------------------------------------------------------------------------------
SELECT screen('UA-43'::territory, NULL, '2823.00', '2020-01-01', 'EU') AS before_override;
SELECT rule_id AS w_rule FROM explain(tag_origin('UA-43', NULL::int, '2020-01-01'), '2823.00', '2020-01-01', 'EU')
WHERE action = 'prohibit' ORDER BY rule_id LIMIT 1 \gset
SELECT ruleset_version() AS w_version0 \gset
SELECT rule_id, enabled, valid_from FROM override_rule(:w_rule, true, '2021-01-01', NULL,
                                                        'our counsel reads the ban as from 2021 (test)');
SELECT screen('UA-43'::territory, NULL, '2823.00', '2020-01-01', 'EU') AS narrowed_2020,
       screen('UA-43'::territory, NULL, '2823.00', '2022-01-01', 'EU') AS narrowed_2022,
       ruleset_version() <> :'w_version0' AS version_changed;
SELECT enabled FROM override_rule(:w_rule, false, NULL, NULL, 'switched off (test)');
SELECT count(*) FILTER (WHERE e.rule_id = :w_rule) AS rule_still_applies
FROM explain(tag_origin('UA-43', NULL::int, '2022-01-01'), '2823.00', '2022-01-01', 'EU') e;
SELECT drop_override(:w_rule, 'back to the pack (test)');
SELECT screen('UA-43'::territory, NULL, '2823.00', '2020-01-01', 'EU') AS after_override,
       ruleset_version() = :'w_version0' AS version_back;
SELECT operation, old->>'enabled' AS old_enabled, new->>'enabled' AS new_enabled,
       coalesce(new->>'reason', old->>'reason') AS reason
FROM rule_override_log WHERE rule_id = :w_rule ORDER BY id;
-- a reason is required; only administrators override, and only through the
-- functions; the log is append-only
SELECT regress_sqlstate_of(format($$SELECT embargo.override_rule(%s, false, NULL, NULL, ' ')$$, :w_rule)) AS blank_reason;
SELECT regress_sqlstate_of(format($$SELECT embargo.drop_override(%s, 'nothing to drop')$$, :w_rule)) AS no_override;
SELECT regress_sqlstate_of('SELECT embargo.override_rule(NULL, false, NULL, NULL, ''why'')') AS null_rule,
       regress_sqlstate_of('SELECT embargo.override_rule(999999, false, NULL, NULL, ''why'')') AS no_such_rule,
       regress_sqlstate_of(format($$SELECT embargo.override_rule(%s, true, '2024-01-01', '2023-01-01', 'why')$$, :w_rule)) AS empty_window,
       regress_sqlstate_of(format($$SELECT embargo.override_rule(%s, false, '2024-01-01', NULL, 'why')$$, :w_rule)) AS off_with_dates;
CREATE ROLE regress_w_user;
CREATE ROLE regress_w_admin IN ROLE embargo_admin;
SET ROLE regress_w_user;
SELECT regress_sqlstate_of(format($$SELECT embargo.override_rule(%s, false, NULL, NULL, 'not mine to say')$$, :w_rule)) AS user_may_not;
RESET ROLE;
SET ROLE regress_w_admin;
SELECT regress_sqlstate_of(format($$INSERT INTO embargo.rule_override (rule_id, reason) VALUES (%s, 'sideways')$$, :w_rule)) AS no_direct_dml;
SELECT enabled FROM override_rule(:w_rule, false, NULL, NULL, 'an administrator may');
SELECT drop_override(:w_rule, 'and undo it');
RESET ROLE;
SELECT by, operation FROM rule_override_log WHERE rule_id = :w_rule ORDER BY id DESC LIMIT 2;
DROP ROLE regress_w_user;
DROP ROLE regress_w_admin;
DELETE FROM rule_override_log;

DROP TABLE public.w_imports;

------------------------------------------------------------------------------
-- Truthful costs: a screening aggregate over a large table gets a parallel
-- plan at the default parallel costs.
------------------------------------------------------------------------------
CREATE TABLE public.w_many AS
SELECT n, (ARRAY['CL', 'UA-43', 'CN', 'RU'])[1 + n % 4]::territory AS territory,
       (ARRAY['2836.91', '2823.00', '7601.10'])[1 + n % 3]::hscode AS hs
FROM generate_series(1, 200000) n;
ANALYZE public.w_many;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF)
SELECT screen(territory, NULL, hs, '2024-01-01', 'EU') AS verdict, count(*)
FROM public.w_many GROUP BY 1;
RESET max_parallel_workers_per_gather;
SELECT proname, procost FROM pg_proc
WHERE pronamespace = 'embargo'::regnamespace AND proname IN ('screen', 'tag_origin', 'explain')
ORDER BY proname, procost;
DROP TABLE public.w_many;

------------------------------------------------------------------------------
-- The batched audit and subtransactions: a statement's audit rows are not
-- written inside a subtransaction that its own triggers open, so rolling
-- that back loses none of them.
------------------------------------------------------------------------------
SELECT coalesce(max(id), 0) AS w_audit1 FROM audit \gset
CREATE TABLE public.w_flag (id integer PRIMARY KEY, territory territory, hs hscode, shipped date);
CREATE TRIGGER screen BEFORE INSERT OR UPDATE ON public.w_flag FOR EACH ROW
	EXECUTE FUNCTION enforce('mode=flag', 'jurisdiction=EU', 'key=id', 'territory=territory',
	                         'hs=hs', 'date=shipped');
CREATE TABLE public.w_seen (id integer PRIMARY KEY);
CREATE TABLE public.w_hist (id integer);
INSERT INTO public.w_seen VALUES (71), (72), (73);
CREATE FUNCTION public.w_log_seen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	BEGIN
		INSERT INTO public.w_hist VALUES (NEW.id);
		INSERT INTO public.w_seen VALUES (NEW.id);
	EXCEPTION WHEN unique_violation THEN NULL;
	END;
	RETURN NEW;
END $$;
CREATE TRIGGER z_log BEFORE INSERT ON public.w_flag FOR EACH ROW EXECUTE FUNCTION public.w_log_seen();
INSERT INTO public.w_flag SELECT g, 'UA-43', '2823.00', '2023-06-01' FROM generate_series(70, 74) g;
SELECT (SELECT count(*) FROM public.w_flag) AS written,
       (SELECT count(*) FROM audit WHERE id > :w_audit1 AND source_table = 'public.w_flag') AS audited;
-- the same with a savepoint rolled back after the statement
BEGIN;
INSERT INTO public.w_flag VALUES (80, 'UA-43', '2823.00', '2023-06-01');
SAVEPOINT s;
INSERT INTO public.w_flag VALUES (81, 'UA-43', '2823.00', '2023-06-01');
ROLLBACK TO s;
INSERT INTO public.w_flag VALUES (82, 'UA-43', '2823.00', '2023-06-01');
COMMIT;
SELECT string_agg(row_key, ',' ORDER BY row_key) AS audited_keys FROM audit
WHERE id > :w_audit1 AND source_table = 'public.w_flag' AND row_key::int >= 80;
DROP TABLE public.w_flag, public.w_seen, public.w_hist;
DROP FUNCTION public.w_log_seen();

-- a WHEN condition would let rows through unscreened: refused
CREATE TABLE public.w_when (id integer, territory territory, hs hscode, shipped date);
CREATE TRIGGER screen BEFORE INSERT OR UPDATE ON public.w_when FOR EACH ROW WHEN (NEW.id < 0)
	EXECUTE FUNCTION enforce('mode=prohibit', 'jurisdiction=EU', 'territory=territory', 'hs=hs', 'date=shipped');
DROP TABLE public.w_when;

-- a held UPDATE that changes the key is released onto the row it was meant for
CREATE TABLE public.w_keyed (id integer PRIMARY KEY, territory territory, hs hscode, shipped date, note text);
CREATE TRIGGER screen BEFORE INSERT OR UPDATE ON public.w_keyed FOR EACH ROW
	EXECUTE FUNCTION enforce('mode=quarantine', 'jurisdiction=EU', 'key=id', 'territory=territory',
	                         'hs=hs', 'date=shipped');
INSERT INTO public.w_keyed VALUES (3, 'CL', '2836.91', '2023-06-01', 'row three'),
                                  (7, 'CL', '2836.91', '2023-06-01', 'row seven');
UPDATE public.w_keyed SET id = 4, territory = 'UA-43', hs = '2823.00', note = 'moved' WHERE id = 3;
SELECT release(id, 'checked (test)') FROM quarantine WHERE source_table = 'public.w_keyed' AND status = 'held';
SELECT id, territory, note FROM public.w_keyed ORDER BY id;
DROP TABLE public.w_keyed;
