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
INSERT INTO public.imp_flag (id, origin, place, hs, shipped_on, market, evidence, chain)
SELECT id, origin, place_name, hs, shipped_on, market, evidence, chain
FROM public.stage WHERE batch OPERATOR(pg_catalog.=) 1 ORDER BY id;
INSERT INTO public.imp_quarantine (id, origin, place, hs, shipped_on, market, evidence, chain)
SELECT id, origin, place_name, hs, shipped_on, market, evidence, chain
FROM public.stage WHERE batch OPERATOR(pg_catalog.=) 1 ORDER BY id;
SELECT public.load_prohibit(1);

-- an administrator, in another session, edits rules, an exception and a
-- place alias: every cache part of this session rebuilds, under its path
\! psql -X -q -v ON_ERROR_STOP=1 -U "$HJ_ADMIN" -d "$HJ_DB" -f "$HJ_DIR/admin_edit.sql"

-- batch 2, after the edit
INSERT INTO public.imp_flag (id, origin, place, hs, shipped_on, market, evidence, chain)
SELECT id, origin, place_name, hs, shipped_on, market, evidence, chain
FROM public.stage WHERE batch OPERATOR(pg_catalog.=) 2 ORDER BY id;
INSERT INTO public.imp_quarantine (id, origin, place, hs, shipped_on, market, evidence, chain)
SELECT id, origin, place_name, hs, shipped_on, market, evidence, chain
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
