-- History (issue 19): every committed change to the knowledge is a
-- rule-set version; screen() and explain() answer as of any moment since
-- the install with the knowledge in force then; an audit row's verdict is
-- re-derived from its recorded inputs and version.
\set SHOW_CONTEXT never
SET client_min_messages = warning;
CREATE TEMP TABLE moments (step text PRIMARY KEY, at timestamptz);
CREATE FUNCTION pg_temp.mark(step text) RETURNS void LANGUAGE sql AS
$$ INSERT INTO moments VALUES (step, clock_timestamp()) $$;

-- Each change is sealed at its commit: version, time, who, what changed.
SELECT count(*) > 0 AS versions, bool_and(since IS NOT NULL AND version ~ '^[0-9a-f]{32}$') AS all_sealed
FROM embargo.ruleset;
SELECT embargo.ruleset_version() = (SELECT version FROM embargo.ruleset ORDER BY since DESC LIMIT 1) AS current_is_latest;
SELECT pg_temp.mark('start');

-- A rule added by the administrator: prohibit titanium ores from Kenya in the EU.
INSERT INTO embargo.rule (id, jurisdiction, instrument, citation, action, territory, hs)
VALUES (1000001, 'EU', 'Test Regulation 1/2026', 'Test Reg 1/2026 Art 1', 'prohibit', 'KE', '{2614}');
SELECT pg_temp.mark('rule added');
SELECT summary FROM embargo.ruleset ORDER BY since DESC LIMIT 1;
-- edited: review instead
UPDATE embargo.rule SET action = 'review' WHERE id = 1000001;
SELECT pg_temp.mark('rule edited');
-- disabled
UPDATE embargo.rule SET enabled = false WHERE id = 1000001;
SELECT pg_temp.mark('rule disabled');

SELECT m.step,
       embargo.screen(embargo.tag_origin('KE', NULL::int, '2026-06-01'), '2614.00', '2026-06-01', 'EU',
                      as_of => m.at) AS verdict
FROM moments m ORDER BY m.at;
-- explain() as of the moment the rule was added, and now
SELECT rule_id, action, instrument FROM embargo.explain(embargo.tag_origin('KE', NULL::int, '2026-06-01'),
	'2614.00', '2026-06-01', 'EU', as_of => (SELECT at FROM moments WHERE step = 'rule added'));
SELECT count(*) AS rules_now FROM embargo.explain(embargo.tag_origin('KE', NULL::int, '2026-06-01'),
	'2614.00', '2026-06-01', 'EU');
-- the version in force at each moment
SELECT m.step, embargo.ruleset_at(m.at) = lag(embargo.ruleset_at(m.at)) OVER (ORDER BY m.at) AS same_as_before
FROM moments m ORDER BY m.at;

-- An override of a shipped rule (rule 104: EU, Crimea and Sevastopol imports).
SELECT embargo.screen(embargo.tag_origin('UA-23', 'Мелітополь', '2024-03-01'), '2805.30', '2024-03-01', 'EU') AS before_override;
SELECT (embargo.override_rule(104, false, NULL, NULL, 'regression test')).rule_id;
SELECT pg_temp.mark('overridden');
SELECT embargo.screen(embargo.tag_origin('UA-23', 'Мелітополь', '2024-03-01'), '2805.30', '2024-03-01', 'EU') AS now,
       embargo.screen(embargo.tag_origin('UA-23', 'Мелітополь', '2024-03-01'), '2805.30', '2024-03-01', 'EU',
                      as_of => (SELECT at FROM moments WHERE step = 'rule disabled')) AS before;
SELECT embargo.drop_override(104, 'regression test done');
-- the same knowledge has the same version
SELECT embargo.ruleset_version() = embargo.ruleset_at((SELECT at FROM moments WHERE step = 'rule disabled')) AS same_version_again;

-- A control record moved: Kenya's coast occupied by a test authority from 2026.
INSERT INTO embargo.authority (code, name, source) VALUES ('TSTA', 'Test authority', 'regression test');
INSERT INTO embargo.rule (id, jurisdiction, instrument, citation, action, controller)
VALUES (1000003, 'EU', 'Test Regulation 3/2026', 'Test Reg 3/2026 Art 1', 'prohibit', 'TSTA');
SELECT pg_temp.mark('authority added');
INSERT INTO embargo.control (territory, controller, valid_from, source) VALUES ('KE-28', 'TSTA', '2026-01-01', 'regression test');
SELECT pg_temp.mark('control added');
UPDATE embargo.control SET valid_from = '2026-09-01' WHERE controller = 'TSTA';
SELECT pg_temp.mark('control moved');
SELECT m.step, embargo.screen('KE-28'::embargo.territory, NULL, '2614.00', '2026-06-01', 'EU', as_of => m.at) AS verdict
FROM moments m WHERE m.step IN ('authority added', 'control added', 'control moved') ORDER BY m.at;

-- A place renamed: a name known then is unknown now, and the reverse.
INSERT INTO embargo.place (territory, kind, name, source) VALUES ('KE-28', 'locality', 'Testville', 'regression test');
SELECT pg_temp.mark('place added');
UPDATE embargo.place SET name = 'Newtestville' WHERE name = 'Testville';
SELECT pg_temp.mark('place renamed');
SELECT embargo.screen('KE-28'::embargo.territory, 'Testville', '2614.00', '2026-06-01', 'EU',
                      as_of => (SELECT at FROM moments WHERE step = 'place added')) AS old_name_then;
SELECT embargo.screen('KE-28'::embargo.territory, 'Newtestville', '2614.00', '2026-06-01', 'EU') AS new_name_now;
SELECT embargo.screen('KE-28'::embargo.territory, 'Newtestville', '2614.00', '2026-06-01', 'EU',
                      as_of => (SELECT at FROM moments WHERE step = 'place added')) AS new_name_then;
SELECT embargo.screen('KE-28'::embargo.territory, 'Testville', '2614.00', '2026-06-01', 'EU') AS old_name_now;

-- A list entry added, then removed.
INSERT INTO embargo.party_list (list, title, publisher, jurisdiction) VALUES ('eu_hist', 'EU test list', 'regression test', 'EU');
INSERT INTO embargo.party_list_edition (list, edition, source, entries, names, addresses, identifiers)
VALUES ('eu_hist', '2025-01-01', 'regression test', 1, 1, 0, 0);
INSERT INTO embargo.party_entry (list, edition, entry_id, kind, programs) VALUES ('eu_hist', '2025-01-01', '1', 'entity', '{RUSSIA}');
INSERT INTO embargo.party_name (list, edition, entry_id, name, kind) VALUES ('eu_hist', '2025-01-01', '1', 'KENYA TEST MINERALS HOLDING', 'primary');
INSERT INTO embargo.party_program (list, program, meaning, citation) VALUES ('eu_hist', '*', 'blocking', 'Council Regulation (EU) No 269/2014, Art. 2');
SELECT pg_temp.mark('entry added');
DELETE FROM embargo.party_name WHERE list = 'eu_hist';
DELETE FROM embargo.party_entry WHERE list = 'eu_hist';
SELECT pg_temp.mark('entry removed');
SELECT m.step, embargo.screen(embargo.tag_origin('KE', NULL::int, '2026-06-01'), '2614.00', '2026-06-01', 'EU',
                              parties => '{Kenya Test Minerals Holding}', as_of => m.at) AS verdict
FROM moments m WHERE m.step IN ('entry added', 'entry removed') ORDER BY m.at;

-- Audit rows re-derived exactly from their inputs and recorded version.
CREATE TABLE public.hist_imports (id int PRIMARY KEY, origin embargo.territory, hs embargo.hscode,
	shipped_on date, verdict embargo.verdict);
CREATE TRIGGER screen BEFORE INSERT OR UPDATE ON public.hist_imports FOR EACH ROW
EXECUTE FUNCTION embargo.enforce('mode=flag', 'jurisdiction=EU', 'key=id', 'territory=origin',
	'hs=hs', 'date=shipped_on', 'verdict=verdict');
INSERT INTO embargo.rule (id, jurisdiction, instrument, citation, action, territory, hs)
VALUES (1000002, 'EU', 'Test Regulation 2/2026', 'Test Reg 2/2026 Art 1', 'review', 'KE', '{2615}');
INSERT INTO public.hist_imports (id, origin, hs, shipped_on) VALUES (1, 'KE', '2615.10', '2026-06-01');
UPDATE embargo.rule SET action = 'prohibit' WHERE id = 1000002;
INSERT INTO public.hist_imports (id, origin, hs, shipped_on) VALUES (2, 'KE', '2615.10', '2026-06-01');
SELECT a.row_key, a.verdict,
       embargo.screen(embargo.tag_origin(i.origin, NULL::int, i.shipped_on), i.hs, i.shipped_on, a.jurisdiction,
                      as_of => embargo.ruleset_since(a.ruleset_version)) AS rederived,
       a.ruleset_version = embargo.ruleset_version() AS current_version
FROM embargo.audit a JOIN public.hist_imports i ON i.id::text = a.row_key
WHERE a.source_table = 'public.hist_imports' ORDER BY a.id;

-- Before history began there is nothing to answer with.
\set VERBOSITY terse
SELECT embargo.screen(embargo.tag_origin('KE', NULL::int, '2026-06-01'), '2614.00', '2026-06-01', 'EU',
                      as_of => '2000-01-01');
SELECT embargo.ruleset_at('2000-01-01');
-- A NULL moment, or one in the future, is now.
SELECT embargo.screen(embargo.tag_origin('UA-23', 'Мелітополь', '2024-03-01'), '2805.30', '2024-03-01', 'EU', as_of => NULL) AS null_is_now,
       embargo.screen(embargo.tag_origin('UA-23', 'Мелітополь', '2024-03-01'), '2805.30', '2024-03-01', 'EU', as_of => 'infinity') AS future_is_now;

-- Who may read history: administrators; anyone who screens may screen as of.
\set VERBOSITY default
SELECT at AS t_rule_added FROM moments WHERE step = 'rule added' \gset
CREATE ROLE embargo_hist_user;
SET ROLE embargo_hist_user;
SELECT count(*) FROM embargo.history;
SELECT count(*) FROM embargo.ruleset;
SELECT embargo.screen(embargo.tag_origin('KE', NULL::int, '2026-06-01'), '2614.00', '2026-06-01', 'EU',
                      as_of => :'t_rule_added') AS as_of_by_anyone;
SELECT embargo.prune_history(now());
RESET ROLE;
DROP ROLE embargo_hist_user;

-- Old row versions and who ended them.
SELECT table_name, row_data->>'action' AS action, row_data->>'enabled' AS enabled, ended_how,
       created_by IS NOT NULL AS has_creator, (valid_until IS NULL) = (ended_how IS NULL) AS consistent
FROM embargo.history_log WHERE table_name = 'rule' AND (row_data->>'id')::int = 1000001 ORDER BY valid_from;

-- Pruning is explicit, and what it removed cannot be answered for.
SELECT embargo.prune_history((SELECT at FROM moments WHERE step = 'rule edited')) > 0 AS pruned;
\set VERBOSITY terse
SELECT embargo.screen(embargo.tag_origin('KE', NULL::int, '2026-06-01'), '2614.00', '2026-06-01', 'EU',
                      as_of => (SELECT at FROM moments WHERE step = 'rule added'));
SELECT embargo.screen(embargo.tag_origin('KE', NULL::int, '2026-06-01'), '2614.00', '2026-06-01', 'EU',
                      as_of => (SELECT at FROM moments WHERE step = 'rule disabled')) AS after_horizon;
SELECT embargo.prune_history(NULL);
\set VERBOSITY default

-- Clean up (kept in history, as every change).
DROP TABLE public.hist_imports;
DELETE FROM embargo.party_program WHERE list = 'eu_hist';
DELETE FROM embargo.party_list_edition WHERE list = 'eu_hist';
DELETE FROM embargo.party_list WHERE list = 'eu_hist';
DELETE FROM embargo.place WHERE name = 'Newtestville';
DELETE FROM embargo.control WHERE controller = 'TSTA';
DELETE FROM embargo.rule WHERE id IN (1000001, 1000002, 1000003);
DELETE FROM embargo.authority WHERE code = 'TSTA';
