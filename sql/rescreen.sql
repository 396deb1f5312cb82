--
-- Re-screening (issue 19): embargo.rescreen(tbl, since, full) screens the
-- stored rows of a table with an enforce() trigger again with the current
-- knowledge -- by default only the rows the changes since the table's
-- version can affect -- updates their output columns, re-evaluates the
-- table's held rows (marked, never released), logs each changed decision in
-- embargo.rescreen_log and the audit trail (outcome 'rescreened'), and
-- returns how many decisions changed.
--
-- Four tables with the same rows and triggers: rs_flag (mode=flag) and
-- rs_hold (mode=quarantine, threshold=review) are re-screened by delta,
-- rs_flag_full and rs_hold_full, identical copies, with full => true; after
-- each change to the knowledge the two must change the same number of
-- decisions, and end in the same state.
--
-- Nothing printed varies from run to run: versions, times and ids are
-- compared, not shown.
--
\set SHOW_CONTEXT never
SET search_path = embargo, public;
SET datestyle = ISO;
SELECT coalesce(max(id), 0) AS audit0 FROM audit \gset
SELECT coalesce(max(id), 0) AS log0 FROM rescreen_log \gset
SELECT coalesce(max(id), 0) AS quarantine0 FROM quarantine \gset

-- An EU sanctions list of the test's own (a party column for EU needs one),
-- with one entry; a user place in Tanzania named in a place column.
INSERT INTO party_list (list, title, publisher, jurisdiction) VALUES ('eu_rs', 'EU rescreen test list', 'regression test', 'EU');
INSERT INTO party_list_edition (list, edition, source, entries, names, addresses, identifiers)
VALUES ('eu_rs', '2025-01-01', 'regression test', 1, 1, 0, 0);
INSERT INTO party_entry (list, edition, entry_id, kind, programs) VALUES ('eu_rs', '2025-01-01', '1', 'entity', '{RUSSIA}');
INSERT INTO party_name (list, edition, entry_id, name, kind) VALUES ('eu_rs', '2025-01-01', '1', 'ALPHA RESCREEN METALS', 'primary');
INSERT INTO party_program (list, program, meaning, citation) VALUES ('eu_rs', '*', 'blocking', 'Council Regulation (EU) No 269/2014, Art. 2');
INSERT INTO place (territory, kind, name, source) VALUES ('TZ-03', 'locality', 'Rescreen Falls', 'regression test');

CREATE TABLE public.rs_flag (
	id integer PRIMARY KEY,
	territory territory,
	place text,
	hs hscode,
	shipped date,
	parties text[],
	note text,
	verdict verdict,
	origin origin,
	rules integer[]
);
CREATE TABLE public.rs_flag_full (LIKE public.rs_flag INCLUDING ALL);
CREATE TABLE public.rs_hold (LIKE public.rs_flag INCLUDING ALL);
CREATE TABLE public.rs_hold_full (LIKE public.rs_flag INCLUDING ALL);
SELECT format('CREATE TRIGGER screen BEFORE INSERT OR UPDATE ON public.%I FOR EACH ROW EXECUTE FUNCTION embargo.enforce(%s, '
              '''jurisdiction=EU'', ''territory=territory'', ''place=place'', ''hs=hs'', ''date=shipped'', '
              '''party=parties'', ''key=id'', ''verdict=verdict'', ''origin=origin'', ''rules=rules'')',
              t, CASE WHEN t LIKE 'rs_hold%' THEN '''mode=quarantine'', ''threshold=review''' ELSE '''mode=flag''' END)
FROM unnest(ARRAY['rs_flag', 'rs_flag_full', 'rs_hold', 'rs_hold_full']) t \gexec

-- The rows: 1-2 and 12 titanium ores from Kenya (the rule added below),
-- 3 another heading, 4 a date before the rule; 5 Chile; 6-8 aluminium from
-- Tanzania's TZ-02 and the whole country (the control record below), 9 from
-- the user place by name (renamed below); 10 a party the list adds and
-- removes below, 11 a party listed from the start, 12 a party on no list.
CREATE TABLE public.rs_rows AS
SELECT * FROM (VALUES
	(1, 'KE'::territory, NULL::text, '2614.00'::hscode, date '2026-06-01', NULL::text[]),
	(2, 'KE-28', NULL, '2614.90', '2026-06-01', NULL),
	(3, 'KE', NULL, '2615.10', '2026-06-01', NULL),
	(4, 'KE', NULL, '2614.00', '2024-06-01', NULL),
	(5, 'CL', NULL, '2836.91', '2026-06-01', NULL),
	(6, 'TZ-02', NULL, '7601.10', '2026-06-01', NULL),
	(7, 'TZ-02', NULL, '7601.10', '2026-10-01', NULL),
	(8, 'TZ', NULL, '7601.10', '2026-06-01', NULL),
	(9, NULL, 'Rescreen Falls', '7601.10', '2026-06-01', NULL),
	(10, 'CL', NULL, '2836.91', '2026-06-01', '{Beta Rescreen Trading}'),
	(11, 'CL', NULL, '2836.91', '2026-06-01', '{Alpha Rescreen Metals}'),
	(12, 'KE', NULL, '2614.00', '2026-06-01', '{Gamma Unlisted Partners}')) v(id, territory, place, hs, shipped, parties);
SET client_min_messages = warning;
INSERT INTO public.rs_flag (id, territory, place, hs, shipped, parties) SELECT * FROM public.rs_rows;
INSERT INTO public.rs_flag_full (id, territory, place, hs, shipped, parties) SELECT * FROM public.rs_rows;
-- the quarantine-mode tables also get row 13, from a place that has no
-- such name yet (held: it cannot be screened)
INSERT INTO public.rs_rows VALUES (13, NULL, 'Rescreen Rapids', '7601.10', '2026-06-01', NULL);
INSERT INTO public.rs_hold (id, territory, place, hs, shipped, parties) SELECT * FROM public.rs_rows;
INSERT INTO public.rs_hold_full (id, territory, place, hs, shipped, parties) SELECT * FROM public.rs_rows;
RESET client_min_messages;
SELECT id, verdict, rules FROM public.rs_flag ORDER BY id;
SELECT row_key, verdict, status FROM quarantine WHERE source_table = 'public.rs_hold' ORDER BY id;
-- enforce() recorded each table's version, the one the rows were screened with
SELECT tbl, version = ruleset_version() AS current, by = current_user AS by_me
FROM rescreen_state WHERE tbl::text LIKE 'rs\_%' ORDER BY tbl::text;

-- One step: each table re-screened, by delta or in full; the decisions
-- changed (the NOTICEs say how many rows each read).
CREATE FUNCTION pg_temp.rescreen_all(OUT flag bigint, OUT flag_full bigint, OUT hold bigint, OUT hold_full bigint)
LANGUAGE sql AS $$
	SELECT embargo.rescreen('public.rs_flag'), embargo.rescreen('public.rs_flag_full', full => true),
	       embargo.rescreen('public.rs_hold'), embargo.rescreen('public.rs_hold_full', full => true)
$$;
-- The rows of a table, and its held rows, as re-screened.
CREATE FUNCTION pg_temp.state(tbl text)
RETURNS TABLE (id int, verdict verdict, rules int[], origin_status text)
LANGUAGE plpgsql AS $$
BEGIN
	RETURN QUERY EXECUTE format('SELECT id, verdict, rules, (origin).status::text FROM public.%I ORDER BY id', tbl);
END $$;
CREATE FUNCTION pg_temp.held(tbl text)
RETURNS TABLE (row_key text, verdict verdict, rescreened_verdict verdict, rescreened_rule_ids int[], would_pass boolean,
               status text, rescreened_current boolean)
LANGUAGE sql AS $$
	SELECT row_key, verdict, rescreened_verdict, rescreened_rule_ids, would_pass, status::text,
	       rescreened_version = embargo.ruleset_version()
	FROM embargo.quarantine WHERE source_table = 'public.' || tbl ORDER BY id
$$;
-- Delta and full agree: rows and held rows alike.
CREATE FUNCTION pg_temp.delta_is_full(OUT flag_rows_differ bigint, OUT hold_rows_differ bigint, OUT held_rows_differ bigint)
LANGUAGE sql AS $$
	SELECT (SELECT count(*) FROM ((SELECT * FROM public.rs_flag EXCEPT SELECT * FROM public.rs_flag_full)
	                              UNION ALL (SELECT * FROM public.rs_flag_full EXCEPT SELECT * FROM public.rs_flag)) d),
	       (SELECT count(*) FROM ((SELECT * FROM public.rs_hold EXCEPT SELECT * FROM public.rs_hold_full)
	                              UNION ALL (SELECT * FROM public.rs_hold_full EXCEPT SELECT * FROM public.rs_hold)) d),
	       (SELECT count(*) FROM ((SELECT * FROM pg_temp.held('rs_hold') EXCEPT SELECT * FROM pg_temp.held('rs_hold_full'))
	                              UNION ALL (SELECT * FROM pg_temp.held('rs_hold_full') EXCEPT SELECT * FROM pg_temp.held('rs_hold'))) d)
$$;

-- Nothing changed yet: nothing to read, nothing changed.
SELECT * FROM pg_temp.rescreen_all();
SELECT coalesce(max(id), 0) AS log1 FROM rescreen_log \gset
SELECT max(id) AS audit1 FROM audit \gset

------------------------------------------------------------------------------
-- A rule added: the EU prohibits titanium ores (2614) from Kenya from 2025.
-- Rows 1, 2 and 12 change (not 3: another heading; not 4: shipped before
-- the rule); the quarantine-mode table's stored rows are flagged, not
-- removed.
------------------------------------------------------------------------------
SELECT ruleset_version() AS v_before_rule \gset
INSERT INTO rule (id, jurisdiction, instrument, citation, action, territory, hs, valid_from)
VALUES (1000101, 'EU', 'Rescreen Test Regulation 1/2026', 'RT 1/2026 Art 1', 'prohibit', 'KE', '{2614}', '2025-01-01');
SELECT ruleset_version() AS v_rule_added \gset
SELECT count(*) AS hold_rows_before FROM public.rs_hold;
SELECT * FROM pg_temp.rescreen_all();
SELECT * FROM pg_temp.state('rs_flag') WHERE id IN (1, 2, 3, 4, 12);
SELECT count(*) AS hold_rows_after, count(*) FILTER (WHERE verdict = 'prohibit') AS prohibited_kept FROM public.rs_hold;
-- each changed decision, logged and audited: the old and new verdict and
-- rules, the version the table was screened with and the new one
SELECT source_table, row_key, quarantine_id IS NOT NULL AS held, old_verdict, new_verdict, old_rule_ids, new_rule_ids,
       old_version = :'v_before_rule' AS old_version_known, new_version = ruleset_version() AS new_version_current,
       by = current_user AS by_me
FROM rescreen_log WHERE id > :log1 AND source_table IN ('public.rs_flag', 'public.rs_hold') ORDER BY source_table, row_key::int;
SELECT source_table, operation, outcome, row_key, verdict, rule_ids, jurisdiction,
       ruleset_version = ruleset_version() AS current_version, by = current_user AS by_me,
       regexp_replace(reasons, '[0-9a-f]{32}', '<version>', 'g') AS reasons
FROM audit WHERE id > :audit1 AND source_table IN ('public.rs_flag', 'public.rs_hold') ORDER BY source_table, row_key::int;
SELECT count(*) AS log_rows, count(*) FILTER (WHERE old_version IS NOT NULL AND new_version IS NOT NULL) AS with_versions
FROM rescreen_log WHERE id > :log1;
SELECT count(*) AS rescreened_audit_rows FROM audit WHERE id > :audit1 AND outcome = 'rescreened';
-- the tables' versions moved on
SELECT tbl, version = ruleset_version() AS current FROM rescreen_state WHERE tbl::text LIKE 'rs\_%' ORDER BY tbl::text;
-- again: nothing changed since, nothing read
SELECT * FROM pg_temp.rescreen_all();
-- an update of a column that is no input keeps the re-screened outputs
UPDATE public.rs_flag SET note = 'checked' WHERE id = 1 RETURNING id, verdict, rules;
UPDATE public.rs_flag_full SET note = 'checked' WHERE id = 1;
-- a row written now, under the rule: held in the quarantine-mode tables
SET client_min_messages = warning;
INSERT INTO public.rs_rows VALUES (14, 'KE', NULL, '2614.00', '2026-06-01', NULL);
INSERT INTO public.rs_flag (id, territory, place, hs, shipped, parties) SELECT * FROM public.rs_rows WHERE id = 14;
INSERT INTO public.rs_flag_full (id, territory, place, hs, shipped, parties) SELECT * FROM public.rs_rows WHERE id = 14;
INSERT INTO public.rs_hold (id, territory, place, hs, shipped, parties) SELECT * FROM public.rs_rows WHERE id = 14;
INSERT INTO public.rs_hold_full (id, territory, place, hs, shipped, parties) SELECT * FROM public.rs_rows WHERE id = 14;
RESET client_min_messages;
SELECT * FROM pg_temp.held('rs_hold');

------------------------------------------------------------------------------
-- The rule edited (review), then disabled: the held row 14 is re-evaluated
-- each time; once allowed it would pass, and stays held.
------------------------------------------------------------------------------
UPDATE rule SET action = 'review' WHERE id = 1000101;
SELECT * FROM pg_temp.rescreen_all();
SELECT * FROM pg_temp.state('rs_flag') WHERE id IN (1, 2, 12, 14);
SELECT * FROM pg_temp.held('rs_hold');
UPDATE rule SET enabled = false WHERE id = 1000101;
SELECT * FROM pg_temp.rescreen_all();
SELECT * FROM pg_temp.state('rs_flag') WHERE id IN (1, 2, 12, 14);
SELECT * FROM pg_temp.held('rs_hold');
SELECT count(*) AS released_rows FROM public.rs_hold WHERE id = 14;
-- again: nothing changed, held rows included (a held row is compared with
-- what it was last re-evaluated as)
SELECT * FROM pg_temp.rescreen_all();
SELECT * FROM pg_temp.delta_is_full();

------------------------------------------------------------------------------
-- A control record moved: a test authority, a rule on what it controls
-- (aluminium, 7601), its control of TZ-02 from 2026-01-01, then from
-- 2026-09-01.  The authority and the rule alone change nothing.
------------------------------------------------------------------------------
INSERT INTO authority (code, name, source) VALUES ('TSTR', 'Rescreen test authority', 'regression test');
INSERT INTO rule (id, jurisdiction, instrument, citation, action, controller, hs)
VALUES (1000102, 'EU', 'Rescreen Test Regulation 2/2026', 'RT 2/2026 Art 1', 'prohibit', 'TSTR', '{7601}');
SELECT * FROM pg_temp.rescreen_all();
INSERT INTO control (territory, controller, valid_from, source) VALUES ('TZ-02', 'TSTR', '2026-01-01', 'regression test');
SELECT * FROM pg_temp.rescreen_all();
SELECT * FROM pg_temp.state('rs_flag') WHERE id IN (6, 7, 8, 9);
SELECT * FROM pg_temp.held('rs_hold');
UPDATE control SET valid_from = '2026-09-01' WHERE controller = 'TSTR';
SELECT * FROM pg_temp.rescreen_all();
SELECT * FROM pg_temp.state('rs_flag') WHERE id IN (6, 7, 8, 9);
SELECT * FROM pg_temp.delta_is_full();

------------------------------------------------------------------------------
-- An exception added, then removed: its evidence code becomes known to the
-- EU, then unknown again.  A row of any origin that presents an unknown
-- code is for review in flag mode, so the rows that present it change,
-- whatever the rule the exception lifts (here the control rule, on
-- aluminium): the delta reads them, as the full re-screening does.
------------------------------------------------------------------------------
CREATE TABLE public.rs_ev (id integer PRIMARY KEY, territory territory, hs hscode, shipped date, evidence text[],
                           verdict verdict, rules integer[]);
CREATE TABLE public.rs_ev_full (LIKE public.rs_ev INCLUDING ALL);
SELECT format('CREATE TRIGGER screen BEFORE INSERT OR UPDATE ON public.%I FOR EACH ROW EXECUTE FUNCTION embargo.enforce('
              '''mode=flag'', ''jurisdiction=EU'', ''territory=territory'', ''hs=hs'', ''date=shipped'', '
              '''evidence=evidence'', ''key=id'', ''verdict=verdict'', ''rules=rules'')', t)
FROM unnest(ARRAY['rs_ev', 'rs_ev_full']) t \gexec
SET client_min_messages = warning;
INSERT INTO public.rs_ev (id, territory, hs, shipped, evidence) VALUES
	(1, 'KE', '2615.10', '2026-06-01', '{rescreen-test-proof}'), (2, 'CL', '2836.91', '2026-06-01', '{rescreen-test-proof}'),
	(3, 'CL', '2836.91', '2026-06-01', NULL), (4, 'TZ-02', '7601.10', '2026-10-01', '{rescreen-test-proof}');
INSERT INTO public.rs_ev_full SELECT * FROM public.rs_ev;
RESET client_min_messages;
SELECT id, verdict, rules FROM public.rs_ev ORDER BY id;
INSERT INTO rule_exception (rule_id, evidence, description, citation)
VALUES (1000102, 'rescreen-test-proof', 'a rescreen test waiver', 'RT 2/2026 Art 2');
SELECT rescreen('public.rs_ev') AS delta, rescreen('public.rs_ev_full', full => true) AS full;
SELECT id, verdict, rules FROM public.rs_ev ORDER BY id;
DELETE FROM rule_exception WHERE rule_id = 1000102;
SELECT rescreen('public.rs_ev') AS delta, rescreen('public.rs_ev_full', full => true) AS full;
SELECT id, verdict, rules FROM public.rs_ev ORDER BY id;
SELECT count(*) AS rows_differ FROM ((SELECT * FROM public.rs_ev EXCEPT SELECT * FROM public.rs_ev_full)
                                     UNION ALL (SELECT * FROM public.rs_ev_full EXCEPT SELECT * FROM public.rs_ev)) d;

SELECT ruleset_version() AS v_before_rename \gset

------------------------------------------------------------------------------
-- A place renamed: rows naming its old name cannot be screened any more
-- (review, no origin; kept in the table), the held row naming the new one
-- can (allow: it would pass, and stays held).
------------------------------------------------------------------------------
UPDATE place SET name = 'Rescreen Rapids' WHERE name = 'Rescreen Falls';
SELECT * FROM pg_temp.rescreen_all();
SELECT * FROM pg_temp.state('rs_flag') WHERE id = 9;
SELECT * FROM pg_temp.state('rs_hold') WHERE id = 9;
SELECT * FROM pg_temp.held('rs_hold');
SELECT * FROM pg_temp.delta_is_full();

------------------------------------------------------------------------------
-- A list entry added, then removed: row 10's party.
------------------------------------------------------------------------------
INSERT INTO party_entry (list, edition, entry_id, kind, programs) VALUES ('eu_rs', '2025-01-01', '2', 'entity', '{RUSSIA}');
INSERT INTO party_name (list, edition, entry_id, name, kind) VALUES ('eu_rs', '2025-01-01', '2', 'BETA RESCREEN TRADING', 'primary');
SELECT * FROM pg_temp.rescreen_all();
SELECT * FROM pg_temp.state('rs_flag') WHERE id IN (10, 11, 12);
SELECT * FROM pg_temp.state('rs_hold') WHERE id IN (10, 11, 12);
DELETE FROM party_name WHERE list = 'eu_rs' AND entry_id = '2';
DELETE FROM party_entry WHERE list = 'eu_rs' AND entry_id = '2';
SELECT * FROM pg_temp.rescreen_all();
SELECT * FROM pg_temp.state('rs_flag') WHERE id IN (10, 11, 12);

------------------------------------------------------------------------------
-- Another jurisdiction's list, where embargo.party_other_lists = review
-- makes its listings count for the EU too: an entry added to a US list of
-- the test's own changes row 12 (review) and its removal changes it back,
-- by delta as in full.
------------------------------------------------------------------------------
SET embargo.party_other_lists = review;
INSERT INTO party_list (list, title, publisher, jurisdiction) VALUES ('us_rs', 'US rescreen test list', 'regression test', 'US');
INSERT INTO party_list_edition (list, edition, source, entries, names, addresses, identifiers)
VALUES ('us_rs', '2025-01-01', 'regression test', 1, 1, 0, 0);
INSERT INTO party_program (list, program, meaning, citation) VALUES ('us_rs', '*', 'blocking', 'regression test');
SELECT * FROM pg_temp.rescreen_all();
INSERT INTO party_entry (list, edition, entry_id, kind, programs) VALUES ('us_rs', '2025-01-01', '1', 'entity', '{RUSSIA}');
INSERT INTO party_name (list, edition, entry_id, name, kind) VALUES ('us_rs', '2025-01-01', '1', 'GAMMA UNLISTED PARTNERS', 'primary');
SELECT * FROM pg_temp.rescreen_all();
SELECT * FROM pg_temp.state('rs_flag') WHERE id IN (10, 11, 12);
SELECT * FROM pg_temp.delta_is_full();
DELETE FROM party_name WHERE list = 'us_rs';
DELETE FROM party_entry WHERE list = 'us_rs';
SELECT * FROM pg_temp.rescreen_all();
SELECT * FROM pg_temp.state('rs_flag') WHERE id = 12;
RESET embargo.party_other_lists;

------------------------------------------------------------------------------
-- Delta and full end alike; every row carries what screen() says now.
------------------------------------------------------------------------------
SELECT * FROM pg_temp.delta_is_full();
-- (a row that cannot be screened is for review, as the trigger has it)
CREATE FUNCTION pg_temp.verdict_now(t territory, p text, h hscode, d date, parties text[]) RETURNS verdict
LANGUAGE plpgsql AS $$
BEGIN
	RETURN embargo.screen(t, p, h, d, 'EU', parties => parties);
EXCEPTION WHEN OTHERS THEN
	RETURN 'review';
END $$;
SELECT count(*) AS rows, count(*) FILTER (WHERE f.verdict = pg_temp.verdict_now(f.territory, f.place, f.hs, f.shipped, f.parties)) AS current
FROM public.rs_flag f;
SELECT count(*) AS held, count(*) FILTER (WHERE q.rescreened_verdict = pg_temp.verdict_now(r.territory, r.place, r.hs, r.shipped, r.parties))
       AS current
FROM quarantine q JOIN public.rs_rows r ON r.id::text = q.row_key WHERE q.source_table = 'public.rs_hold';
SELECT count(*) AS hold_rows, (SELECT count(*) FROM quarantine WHERE source_table = 'public.rs_hold') AS held,
       (SELECT count(*) FROM quarantine WHERE source_table = 'public.rs_hold' AND status <> 'held') AS decided
FROM public.rs_hold;

------------------------------------------------------------------------------
-- since => a version: the rows the changes since it can affect are read
-- again (here, already current: nothing changes): since the place was
-- renamed, its rows (of TZ-03, of the whole of TZ and of no territory) and
-- those the lists' entries concern (with parties; the US list's do not
-- concern the EU's rows any more); since the rule was added, an authority
-- too, which may change any row: every row.  An unknown version reads every
-- row, with a NOTICE.
------------------------------------------------------------------------------
SELECT rescreen('public.rs_flag', since => :'v_before_rename') AS since_place_renamed;
SELECT rescreen('public.rs_flag', since => :'v_rule_added') AS since_rule_added;
SELECT rescreen('public.rs_flag', since => 'ffffffffffffffffffffffffffffffff') AS since_unknown;
SELECT rescreen('public.rs_flag', since => :'v_before_rule', full => true) AS full_wins;

------------------------------------------------------------------------------
-- verdict_history(): one shipment's decisions over time; verdict_changes():
-- the decisions changed since a version.
------------------------------------------------------------------------------
SELECT event, verdict, rule_ids, by = current_user AS by_me,
       regexp_replace(detail, '[0-9a-f]{32}', '<version>', 'g') AS detail
FROM verdict_history('public.rs_flag', '1');
SELECT event, verdict, rule_ids FROM verdict_history('public.rs_hold', '14');
SELECT count(*) FROM verdict_history('public.rs_flag', 'no such key');
SELECT source_table, row_key, old_verdict, new_verdict, quarantine_id IS NOT NULL AS held
FROM verdict_changes(:'v_rule_added') WHERE source_table IN ('public.rs_flag', 'public.rs_hold') ORDER BY id;
SELECT count(*) = (SELECT count(*) FROM rescreen_log WHERE id > :log1) AS all_since_rule_added
FROM verdict_changes(:'v_rule_added');
-- the version now is also the one before the US list's entry was added
-- (the same knowledge: the entry added and removed since): the changes
-- since it first became current are that entry's, both ways
SELECT count(*) AS changes_since_now FROM verdict_changes(ruleset_version());
SELECT count(*) AS changes_since_unknown FROM verdict_changes('ffffffffffffffffffffffffffffffff');

------------------------------------------------------------------------------
-- Errors: a table without an enforce() trigger, one whose trigger keeps no
-- verdict, NULL, a table that does not exist.
------------------------------------------------------------------------------
CREATE TABLE public.rs_plain (id int, territory territory, hs hscode, shipped date, verdict verdict);
CREATE TABLE public.rs_noverdict (id int, territory territory, hs hscode, shipped date);
CREATE TRIGGER screen BEFORE INSERT OR UPDATE ON public.rs_noverdict FOR EACH ROW
	EXECUTE FUNCTION enforce('mode=flag', 'jurisdiction=EU', 'territory=territory', 'hs=hs', 'date=shipped', 'key=id');
SELECT rescreen('public.rs_plain');
SELECT rescreen('public.rs_noverdict');
SELECT rescreen(NULL);
SELECT rescreen('public.rs_nosuch');
-- a disabled trigger is no trigger
ALTER TABLE public.rs_flag_full DISABLE TRIGGER screen;
SELECT rescreen('public.rs_flag_full');
ALTER TABLE public.rs_flag_full ENABLE TRIGGER screen;
SELECT regress_sqlstate_of($$SELECT embargo.rescreen('public.rs_plain')$$) AS no_trigger,
       regress_sqlstate_of($$SELECT embargo.rescreen('public.rs_noverdict')$$) AS no_verdict,
       regress_sqlstate_of($$SELECT embargo.rescreen(NULL)$$) AS null_table;

------------------------------------------------------------------------------
-- Privileges: rescreen() needs UPDATE on the table; the log and the
-- functions that read it are the reviewers'.
------------------------------------------------------------------------------
CREATE ROLE regress_rs_reader;
CREATE ROLE regress_rs_updater;
CREATE ROLE regress_rs_reviewer;
GRANT embargo_reviewer TO regress_rs_reviewer;
GRANT SELECT ON public.rs_flag TO regress_rs_reader, regress_rs_reviewer;
GRANT SELECT, UPDATE ON public.rs_flag TO regress_rs_updater;
SET ROLE regress_rs_reader;
SELECT embargo.rescreen('public.rs_flag');
SELECT regress_sqlstate_of($$SELECT embargo.rescreen('public.rs_flag', full => true)$$) AS reader;
SELECT count(*) FROM embargo.rescreen_log;
SELECT count(*) FROM embargo.verdict_history('public.rs_flag', '1');
RESET ROLE;
SET ROLE regress_rs_reviewer;
SELECT embargo.rescreen('public.rs_flag');
SELECT count(*) > 0 AS reviewer_reads_log FROM embargo.rescreen_log;
SELECT count(*) > 0 AS reviewer_reads_history FROM embargo.verdict_history('public.rs_flag', '1');
RESET ROLE;
-- with UPDATE, it runs (nothing to change: the rows are current), and its
-- writes to the log and the audit are made for it
SET ROLE regress_rs_updater;
SELECT embargo.rescreen('public.rs_flag', full => true) AS changed;
RESET ROLE;
SELECT by FROM rescreen_state WHERE tbl = 'public.rs_flag'::regclass;

------------------------------------------------------------------------------
-- The log is append-only.
------------------------------------------------------------------------------
UPDATE rescreen_log SET new_verdict = 'allow' WHERE id > :log0;
DELETE FROM rescreen_log WHERE id > :log0;
SELECT regress_sqlstate_of('TRUNCATE embargo.rescreen_log') AS truncate;

------------------------------------------------------------------------------
-- Clean up.
------------------------------------------------------------------------------
REVOKE ALL ON public.rs_flag FROM regress_rs_reader, regress_rs_updater, regress_rs_reviewer;
REVOKE embargo_reviewer FROM regress_rs_reviewer;
DROP ROLE regress_rs_reader, regress_rs_updater, regress_rs_reviewer;
DELETE FROM rescreen_state WHERE tbl::text LIKE 'rs\_%';
DELETE FROM quarantine WHERE source_table LIKE 'public.rs\_%';
DROP TABLE public.rs_flag, public.rs_flag_full, public.rs_hold, public.rs_hold_full, public.rs_rows, public.rs_plain,
	public.rs_noverdict, public.rs_ev, public.rs_ev_full;
DELETE FROM control WHERE controller = 'TSTR';
DELETE FROM rule WHERE id IN (1000101, 1000102);
DELETE FROM authority WHERE code = 'TSTR';
DELETE FROM place WHERE name = 'Rescreen Rapids';
DELETE FROM party_program WHERE list IN ('eu_rs', 'us_rs');
DELETE FROM party_name WHERE list IN ('eu_rs', 'us_rs');
DELETE FROM party_entry WHERE list IN ('eu_rs', 'us_rs');
DELETE FROM party_list_edition WHERE list IN ('eu_rs', 'us_rs');
DELETE FROM party_list WHERE list IN ('eu_rs', 'us_rs');
