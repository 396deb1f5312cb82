-- tests/t/search_path_hijack.sh: the writer's session, run in a fresh
-- connection as the writer, with the hostile schema first on the path
-- (-v hostile=1) or with the default path (-v hostile=0).  Everything here
-- names its operators and functions qualified: the hostile schema traps the
-- writer's own unqualified names too.
\if :hostile
\ir temp_shadows.sql
SET search_path = w, pg_catalog, embargo, public;
\endif

-- batch 1: flag and quarantine modes in bulk, prohibit mode row by row
INSERT INTO public.imp_flag (id, origin, place, hs, shipped_on, market, evidence, chain, parties)
SELECT id, origin, place_name, hs, shipped_on, market, evidence, chain, parties
FROM public.stage WHERE batch OPERATOR(pg_catalog.=) 1 ORDER BY id;
INSERT INTO public.imp_quarantine (id, origin, place, hs, shipped_on, market, evidence, chain, parties)
SELECT id, origin, place_name, hs, shipped_on, market, evidence, chain, parties_q
FROM public.stage WHERE batch OPERATOR(pg_catalog.=) 1 ORDER BY id;
SELECT public.load_prohibit(1);

-- the parties' matches before the edit
\set n 7
\ir party_probe.sql

-- screen() and explain() with as_of (issue 19), before the edit: the
-- answers now, the version now, and a moment to ask as of after the edit
SELECT pg_catalog.concat(pg_catalog.quote_literal(pg_catalog.clock_timestamp()::pg_catalog.text), '::pg_catalog.timestamptz')
	AS before_edit \gset
INSERT INTO public.probe SELECT 30, 'ruleset_version before the edit', embargo.ruleset_version();
\set as_of NULL
\set n_screen 31
\set n_explain 32
\ir as_of_probe.sql

-- an administrator, in another session, edits rules, an exception, a place
-- alias, a program's meaning and a sanctions list (a newer edition): every
-- cache part of this session rebuilds, under its path
\! psql -X -q -v ON_ERROR_STOP=1 -U "$HJ_ADMIN" -d "$HJ_DB" -f "$HJ_DIR/admin_edit.sql"

-- batch 2, after the edit
INSERT INTO public.imp_flag (id, origin, place, hs, shipped_on, market, evidence, chain, parties)
SELECT id, origin, place_name, hs, shipped_on, market, evidence, chain, parties
FROM public.stage WHERE batch OPERATOR(pg_catalog.=) 2 ORDER BY id;
INSERT INTO public.imp_quarantine (id, origin, place, hs, shipped_on, market, evidence, chain, parties)
SELECT id, origin, place_name, hs, shipped_on, market, evidence, chain, parties_q
FROM public.stage WHERE batch OPERATOR(pg_catalog.=) 2 ORDER BY id;
SELECT public.load_prohibit(2);

-- updates: of inputs (screened again), and of a note only (not screened)
SELECT public.update_rows();

-- what a writer calls directly
INSERT INTO public.probe
SELECT 1, 'find_places', pg_catalog.row_to_json(f)::pg_catalog.text FROM embargo.find_places('Мелітополь') f;
INSERT INTO public.probe
SELECT 2, 'tag_origin', embargo.tag_origin(NULL, 'Melitopol Hijack', '2023-06-01')::pg_catalog.text;
INSERT INTO public.probe
SELECT 3, 'explain', pg_catalog.row_to_json(e)::pg_catalog.text
FROM embargo.explain(embargo.tag_origin('CN', NULL::pg_catalog.int4, '2024-09-01'), '2615.90', '2024-09-01', 'US',
                     '{}', 'mined:CD-NK#34@2024-05-10 > exported:RW > refined:CN') e;
INSERT INTO public.probe
SELECT 4, 'screen', embargo.screen(embargo.tag_origin('UA-23', 16, '2023-06-01'), '2805.30', '2023-06-01', 'EU')::pg_catalog.text;
INSERT INTO public.probe
SELECT 5, 'hop', (embargo.hop('mined', 'CD-NK', 'Rubaya', '2024-05-01') OPERATOR(embargo.||) 'refined:CN')::pg_catalog.text;
INSERT INTO public.probe SELECT 6, 'ruleset_version', embargo.ruleset_version();

-- parties: the matches after the edit, the verdicts, screen() and explain()
-- with parties, and the errors for a jurisdiction without lists
\set n 8
\ir party_probe.sql
INSERT INTO public.probe
SELECT 9, 'party_verdict', pg_catalog.concat_ws(' ', a.name, a.country, a.day, j.j, embargo.party_verdict(a.name, a.country, a.day, j.j))
FROM public.party_probe a CROSS JOIN (VALUES ('US'), ('UK')) j(j);
INSERT INTO public.probe
SELECT 10, 'screen', pg_catalog.concat_ws(' ', 'declared', s.i, j.j,
	embargo.screen(s.territory, s.place, s.hs, s.day, j.j, s.evidence, s.chain, s.parties),
	embargo.screen(s.territory, s.place, s.hs, s.day, j.j, s.evidence, s.chain, NULL::pg_catalog.text[]),
	'origin', embargo.screen(embargo.tag_origin(s.territory, s.place, s.day), s.hs, s.day, j.j, s.evidence, s.chain, s.parties))
FROM public.party_screen s CROSS JOIN (VALUES ('US'), ('UK')) j(j);
INSERT INTO public.probe
SELECT 11, 'explain', pg_catalog.concat_ws(' ', 'declared', s.i, j.j, pg_catalog.row_to_json(e)::pg_catalog.text)
FROM public.party_screen s CROSS JOIN (VALUES ('US'), ('UK')) j(j)
CROSS JOIN LATERAL embargo.explain(s.territory, s.place, s.hs, s.day, j.j, s.evidence, s.chain, s.parties) e;
INSERT INTO public.probe
SELECT 12, 'explain', pg_catalog.concat_ws(' ', 'origin', s.i, j.j, pg_catalog.row_to_json(e)::pg_catalog.text)
FROM public.party_screen s CROSS JOIN (VALUES ('US'), ('UK')) j(j)
CROSS JOIN LATERAL embargo.explain(embargo.tag_origin(s.territory, s.place, s.day), s.hs, s.day, j.j, s.evidence,
                                   s.chain, s.parties) e;
-- no list of the EU is loaded: each function says so; and a country that is
-- not a code, and jurisdictions as screen() takes them, in any case and GB
-- for UK (caught, to be compared)
DO $$
DECLARE
	st pg_catalog.text;
	msg pg_catalog.text;
	det pg_catalog.text;
	hnt pg_catalog.text;
	call pg_catalog.text;
BEGIN
	FOREACH call IN ARRAY ARRAY[
		'SELECT * FROM embargo.match_party(''Sberbank of Russia'', NULL, ''2024-06-01'', ''EU'')',
		'SELECT * FROM embargo.match_party(''Sberbank of Russia'', ''Russia'', ''2024-06-01'', ''US'')',
		'SELECT * FROM embargo.match_party(''SAM JONG 1'', ''kp'', ''2024-06-01'', ''gb'')',
		'SELECT embargo.party_verdict(''Sberbank of Russia'', NULL, ''2024-06-01'', ''us'')',
		'SELECT embargo.screen(''CL''::embargo.territory, NULL::pg_catalog.text, ''7601.10'', ''2024-06-01'', ''GB'', NULL, NULL, ''{SAM JONG 1}'')',
		'SELECT embargo.party_verdict(''Sberbank of Russia'', NULL, ''2024-06-01'', ''EU'')',
		'SELECT embargo.screen(''RU''::embargo.territory, NULL::pg_catalog.text, ''7601.10'', ''2024-06-01'', ''EU'', NULL, NULL, ''{Sberbank of Russia}'')',
		'SELECT embargo.screen(embargo.tag_origin(''RU'', NULL::pg_catalog.text, ''2024-06-01''), ''7601.10'', ''2024-06-01'', ''CA'', NULL, NULL, ''{Acme Trading GmbH}'')',
		'SELECT * FROM embargo.explain(''CN''::embargo.territory, NULL::pg_catalog.text, ''2615.90'', ''2024-06-01'', ''JP'', NULL, NULL, ''{Nordic Copper AB}'')']::pg_catalog.text[]
	LOOP
		BEGIN
			EXECUTE call INTO msg;
			INSERT INTO public.probe VALUES (13, call, pg_catalog.concat('no error: ', msg));
		EXCEPTION WHEN OTHERS THEN
			GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT, det = PG_EXCEPTION_DETAIL, hnt = PG_EXCEPTION_HINT;
			INSERT INTO public.probe VALUES (13, call, pg_catalog.concat_ws(' | ', st, msg, det, hnt));
		END;
	END LOOP;
END $$;

-- as_of after the edit: as of the moment before it (the answers of then),
-- and now; the version in force then and now (ruleset_at())
\set as_of :before_edit
\set n_screen 33
\set n_explain 34
\ir as_of_probe.sql
\set as_of NULL
\set n_screen 35
\set n_explain 36
\ir as_of_probe.sql
INSERT INTO public.probe
SELECT 37, 'ruleset_at', pg_catalog.concat_ws(' ', embargo.ruleset_at(:before_edit),
	embargo.ruleset_at(:before_edit) OPERATOR(pg_catalog.=) p.answer,
	embargo.ruleset_at(pg_catalog.clock_timestamp()) OPERATOR(pg_catalog.=) embargo.ruleset_version())
FROM public.probe p WHERE p.n OPERATOR(pg_catalog.=) 30;

-- rescreen() of the writer's own tables (issue 19): by delta, the rows the
-- edit can affect, screened before it; then in full, which finds nothing
-- more to change
SET client_min_messages = warning;
INSERT INTO public.probe SELECT 38, 'rescreen imp_flag', embargo.rescreen('public.imp_flag')::pg_catalog.text;
INSERT INTO public.probe SELECT 38, 'rescreen imp_quarantine', embargo.rescreen('public.imp_quarantine')::pg_catalog.text;
INSERT INTO public.probe SELECT 38, 'rescreen imp_prohibit', embargo.rescreen('public.imp_prohibit')::pg_catalog.text;
INSERT INTO public.probe SELECT 39, 'rescreen imp_flag', embargo.rescreen('public.imp_flag', full => true)::pg_catalog.text;
INSERT INTO public.probe SELECT 39, 'rescreen imp_quarantine', embargo.rescreen('public.imp_quarantine', full => true)::pg_catalog.text;
INSERT INTO public.probe SELECT 39, 'rescreen imp_prohibit', embargo.rescreen('public.imp_prohibit', full => true)::pg_catalog.text;
RESET client_min_messages;
