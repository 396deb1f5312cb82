-- tests/t/search_path_hijack.sh: critical and conflict minerals (issue 20),
-- before the writer's session, with the hostile schema first on the path
-- (-v hostile=1) or the default path (-v hostile=0): the CAHRA list loaded
-- from its file (:cahra_file) and again, smelters loaded from a file
-- (:smelter_file) and from CSV text, a list and a rule of the
-- administrator's scoped to it; then critical(), critical_detail(), screen()
-- and explain() with chains naming the facilities and origins the list
-- names.  Each answer, or the error raised, goes to public.probe as probe
-- 21, to be compared.
\if :hostile
\ir temp_shadows.sql
SET search_path = w, pg_catalog, embargo, public;
\endif
SET client_min_messages = warning;

\ir attempt.sql

SELECT pg_temp.attempt(21, 'load_cahra', pg_catalog.format(
	'SELECT pg_catalog.row_to_json(l)::pg_catalog.text FROM embargo.load_cahra(%L, %L) l', '2026-06-27', :'cahra_file'));
SELECT pg_temp.attempt(21, 'load_cahra again', pg_catalog.format(
	'SELECT pg_catalog.row_to_json(l)::pg_catalog.text FROM embargo.load_cahra(%L, %L) l', '2026-06-27', :'cahra_file'));
SELECT pg_temp.attempt(21, 'load_smelters', pg_catalog.format(
	'SELECT pg_catalog.row_to_json(l)::pg_catalog.text FROM embargo.load_smelters(%L, %L) l', :'smelter_file', '2024-01-01'));
SELECT pg_temp.attempt(21, 'load_smelters_csv', pg_catalog.format(
	'SELECT pg_catalog.row_to_json(l)::pg_catalog.text FROM embargo.load_smelters_csv(%L, %L, %L) l',
	E'Metal,Smelter Name,Smelter Country,Smelter Identification,RMI Conformance Status\nTin,Hijack Tin Works,MALAYSIA,CID900777,Non-Conformant\n',
	'2024-03-01', 'hijack test'));
SELECT pg_temp.attempt(21, 'critical list and rule', $$
	WITH l AS (INSERT INTO embargo.critical_list (name, title, jurisdiction, instrument, citation, published)
	           VALUES ('hj_watch', 'hijack watch list', 'HJ', 'Hijack Act', 'H/1', '2024-01-01') RETURNING name),
	     m AS (INSERT INTO embargo.critical_mineral (list, mineral, hs, category, uncertain, note)
	           SELECT l.name, 'lithium', '2825.20', 'intermediate', false, NULL FROM l RETURNING list)
	SELECT pg_catalog.count(*) FROM m $$);
SELECT pg_temp.attempt(21, 'list-scoped rule', $$
	INSERT INTO embargo.rule (jurisdiction, instrument, citation, action, hs_list)
	VALUES ('HJ', 'Hijack Act', 'H/1', 'review', 'hj_watch') RETURNING hs_list $$);

SELECT pg_temp.attempt(21, pg_catalog.concat('critical ', c), pg_catalog.format(
	'SELECT pg_catalog.string_agg(pg_catalog.concat_ws(''/'', x.list, x.mineral, x.category), '', '' ORDER BY x.list) FROM embargo.critical(%L) x', c))
FROM pg_catalog.unnest(ARRAY['2805.30', '8108.20.00.10', '2530.90', '81']) c;
SELECT pg_temp.attempt(21, pg_catalog.concat('critical_detail ', c), pg_catalog.format(
	'SELECT pg_catalog.concat_ws('' '', pg_catalog.count(*), pg_catalog.count(*) FILTER (WHERE x.uncertain)) FROM embargo.critical_detail(%L) x', c))
FROM pg_catalog.unnest(ARRAY['2530.90', '8112.92']) c;
SELECT pg_temp.attempt(21, pg_catalog.concat_ws(' ', 'screen', t, h, j, c), pg_catalog.format(
	'SELECT embargo.screen(%L::embargo.territory, NULL::pg_catalog.text, %L, %L, %L, custody => %L)::pg_catalog.text',
	t, h, '2026-07-01', j, c))
FROM (VALUES ('CD-NK', '8001.10', 'EU', NULL), ('AU', '8001.10', 'EU', NULL), ('CD', '2615.90', 'EU', NULL),
             ('RW', '2615.90', 'EU', 'mined:CD-SK@2026-03-01 > exported:RW'),
             ('AU', '8001.10', 'EU', 'mined:AU > smelted:MY@2026-03-01/CID900777'),
             ('AU', '2825.20', 'HJ', NULL), ('AU', '2825.10', 'HJ', NULL)) v(t, h, j, c);
SELECT pg_temp.attempt(21, 'explain AU facility', $$
	SELECT pg_catalog.string_agg(pg_catalog.concat_ws(' ', e.rule_id, e.action, e.hop, e.why), ' || ' ORDER BY e.rule_id)
	FROM embargo.explain('AU'::embargo.territory, NULL::pg_catalog.text, '8001.10', '2026-07-01', 'EU',
	                     custody => 'mined:UA-35 > smelted:MY@2026-03-01/CID900777') e $$);
SELECT pg_temp.attempt(21, 'explain HJ list', $$
	SELECT pg_catalog.string_agg(pg_catalog.concat_ws(' ', e.rule_id, e.action, e.why), ' || ' ORDER BY e.rule_id)
	FROM embargo.explain('AU'::embargo.territory, NULL::pg_catalog.text, '2825.20', '2026-07-01', 'HJ') e $$);
SELECT pg_temp.attempt(21, pg_catalog.concat('cahra ', t), pg_catalog.format(
	'SELECT pg_catalog.concat_ws(''/'', c.status, c.edition, c.area, c.name) FROM embargo.cahra(%L::embargo.territory, %L::pg_catalog.date) c',
	t, '2026-07-01'))
FROM pg_catalog.unnest(ARRAY['CD-NK', 'CD', 'AU']) t;
