--
-- Critical-mineral lists (issue 20): the official lists as shipped
-- (data/critical_lists.csv, data/critical_minerals.csv), critical(), which
-- lists count an HS code as critical, and critical_detail(), the mappings
-- behind it.
--
SET search_path = embargo, public;
\pset null '-'

-- The four lists, with how many of their minerals are mapped (groups count
-- once: rare earths, platinum group metals) and how many codes are uncertain.
SELECT l.name, l.jurisdiction, to_char(l.published, 'YYYY-MM-DD') AS published, l.shipped,
       count(DISTINCT m.mineral) AS minerals, count(m.hs) AS codes,
       count(m.hs) FILTER (WHERE m.uncertain) AS uncertain
FROM embargo.critical_list l LEFT JOIN embargo.critical_mineral m ON m.list = l.name
GROUP BY l.name ORDER BY l.name COLLATE "C";
SELECT name, instrument, citation FROM embargo.critical_list ORDER BY name COLLATE "C";

-- The minerals of each list, with the stages mapped.
SELECT list, mineral, string_agg(DISTINCT category, ' ' ORDER BY category) AS stages, count(*) AS codes
FROM embargo.critical_mineral GROUP BY list, mineral ORDER BY list COLLATE "C", mineral COLLATE "C";

-- Every mineral mapped for 2022 is mapped the same in 2025.
SELECT mineral, hs FROM embargo.critical_mineral WHERE list = 'us_2022'
EXCEPT
SELECT mineral, hs FROM embargo.critical_mineral WHERE list = 'us_2025';
-- Every strategic code is critical too, but the magnet rare earths, which
-- Annex II folds into HREE and LREE (the group rare earths).
SELECT s.mineral, s.hs FROM embargo.critical_mineral s WHERE s.list = 'eu_crma_strategic'
  AND NOT EXISTS (SELECT FROM embargo.critical_mineral c
                  WHERE c.list = 'eu_crma_critical' AND c.mineral = s.mineral AND c.hs = s.hs)
ORDER BY 1, 2;
-- A mineral named in a grade is uncertain on every code; one named as a
-- metal has only the metal's codes.
SELECT list, mineral, bool_and(uncertain) AS all_uncertain, string_agg(hs::text, ' ' ORDER BY hs) AS codes
FROM embargo.critical_mineral
WHERE list LIKE 'eu%' AND (mineral LIKE '%grade)' OR mineral LIKE '% metal')
GROUP BY list, mineral ORDER BY list COLLATE "C", mineral COLLATE "C";

-- Membership, chain by chain: for each code the stage under each list, or
-- - where the list does not count it.  Each chain ends with a neighbour
-- that no list counts (or only some do).
CREATE FUNCTION pg_temp.stage(code text, l text) RETURNS text LANGUAGE sql AS
$$ SELECT c.category FROM embargo.critical(code::embargo.hscode) c WHERE c.list = l $$;
SELECT v.hs, v.what,
       pg_temp.stage(v.hs, 'us_2022') AS us_2022, pg_temp.stage(v.hs, 'us_2025') AS us_2025,
       pg_temp.stage(v.hs, 'eu_crma_strategic') AS eu_strategic,
       pg_temp.stage(v.hs, 'eu_crma_critical') AS eu_critical
FROM (VALUES
	-- lithium: the EU lists name battery grade (uncertain, see below)
	(1, '2530.90', 'spodumene (and bastnäsite)'), (2, '2825.20', 'lithium oxide, hydroxide'),
	(3, '2836.91', 'lithium carbonate'), (4, '2827.39', 'lithium chloride'),
	(5, '2805.19', 'lithium metal'), (6, '8507.60', 'lithium-ion cells'),
	(7, '2825.10', 'neighbour: hydrazine'),
	-- rare earths: the EU strategic list names the magnet rare earths
	(10, '2612.20', 'monazite'), (11, '2846.10', 'cerium compounds'),
	(12, '2846.90', 'other rare-earth compounds'), (13, '2805.30', 'rare-earth metals'),
	(14, '8505.11', 'permanent magnets'), (15, '8505.19', 'neighbour: other magnets'),
	(16, '2805.40', 'neighbour: mercury'),
	-- titanium: the EU lists name the metal
	(20, '2614', 'ilmenite, rutile'), (21, '2823', 'titanium oxides'),
	(22, '3206.11', 'TiO2 pigment'), (23, '7202.91', 'ferro-titanium'),
	(24, '8108.20', 'titanium sponge'), (25, '8108.30', 'titanium scrap'),
	(26, '8108.90', 'other titanium'), (27, '3206.19', 'neighbour: other pigments'),
	-- graphite
	(30, '2504.10', 'natural graphite'), (31, '3801.10', 'artificial graphite'),
	(32, '8545', 'electrodes'), (33, '2505', 'neighbour: natural sands'),
	-- cobalt
	(40, '2605', 'cobalt ore'), (41, '2822', 'cobalt oxides'), (42, '8105.20', 'unwrought cobalt'),
	(43, '8105.30', 'cobalt scrap'), (44, '2821', 'neighbour: iron oxides'),
	-- nickel: battery grade in the EU lists
	(50, '2604', 'nickel ore'), (51, '7501', 'nickel mattes'), (52, '7502', 'unwrought nickel'),
	(53, '7508', 'nickel articles'), (54, '2607', 'neighbour: lead ore (lead unmapped)'),
	-- copper: US 2025 and the EU lists, not US 2022
	(60, '2603', 'copper ore'), (61, '7401', 'copper mattes'), (62, '7403', 'refined copper'),
	(63, '7404', 'copper scrap'), (64, '7408', 'copper wire'),
	(65, '2608', 'neighbour: zinc ore (zinc unmapped)'),
	-- aluminium
	(70, '2606', 'bauxite'), (71, '2818.20', 'alumina'), (72, '7601', 'unwrought aluminium'),
	(73, '7602', 'aluminium scrap'), (74, '7616', 'aluminium articles'),
	(75, '7603', 'neighbour: not in the sources'' chain'),
	-- tungsten
	(80, '2611', 'tungsten ore'), (81, '2825.90', 'other oxides (ex: tungsten)'),
	(82, '2841.80', 'tungstates'), (83, '8101', 'tungsten'), (84, '2841.70', 'neighbour: molybdates'),
	-- tin: the US lists only
	(90, '2609', 'tin ore'), (91, '8001', 'unwrought tin'), (92, '8003', 'tin bars, wire'),
	(93, '8007', 'tin articles'), (94, '7901', 'neighbour: unwrought zinc'),
	-- tantalum, niobium; gallium, germanium, indium, vanadium
	(100, '2615.90', 'niobium, tantalum ores'), (101, '8103', 'tantalum'),
	(102, '7202.93', 'ferro-niobium'), (103, '8112.92', 'Ga Ge In Nb V unwrought'),
	(104, '8112.99', 'Ga Ge In Nb V other'), (105, '2825.60', 'germanium oxides'),
	(106, '2825.30', 'vanadium oxides'), (107, '7202.92', 'ferro-vanadium'),
	(108, '2825.40', 'neighbour: nickel oxides'),
	-- hafnium, rhenium (HS2022 subheadings, uncertain)
	(110, '8112.31', 'hafnium'), (111, '8112.41', 'rhenium'), (112, '8112.61', 'neighbour: cadmium'),
	-- magnesium: the EU lists name the metal
	(120, '2519', 'magnesite'), (121, '8104', 'magnesium'), (122, '2520', 'neighbour: gypsum'),
	-- manganese: battery grade in the EU lists
	(130, '2602', 'manganese ore'), (131, '7202.11', 'ferro-manganese'), (132, '8111', 'manganese'),
	(133, '7202.21', 'neighbour: ferro-silicon'),
	-- platinum group metals; silver and uranium (US 2025)
	(140, '2616.90', 'PGM (and gold) ores'), (141, '7110.11', 'platinum'), (142, '7110.49', 'Ir Os Ru, other'),
	(143, '7108', 'neighbour: gold'), (144, '2616.10', 'silver ore'), (145, '7106', 'silver'),
	(146, '2612.10', 'uranium ore'), (147, '2844', 'radioactive elements'),
	-- antimony, bismuth, beryllium, chromium, zirconium
	(150, '2617.10', 'antimony ore'), (151, '8110', 'antimony'), (152, '8106', 'bismuth'),
	(153, '8112.12', 'beryllium'), (154, '2610', 'chromium ore'), (155, '8112.21', 'chromium'),
	(156, '7202.41', 'ferro-chromium'), (157, '2615.10', 'zirconium ore'), (158, '8109', 'zirconium'),
	(159, '2617.90', 'neighbour: other ores'),
	-- fluorspar, baryte, phosphate, boron, silicon, potash
	(160, '2529.21', 'fluorspar'), (161, '2511.10', 'baryte'), (162, '2510', 'phosphates'),
	(163, '2528', 'borates'), (164, '2810', 'boron oxides'), (165, '2804.50', 'boron'),
	(166, '2804.61', 'silicon'), (167, '3104.20', 'potassium chloride'),
	(168, '2529.10', 'neighbour: feldspar (unmapped)'), (169, '3104.30', 'neighbour: potassium sulphate')
) AS v(n, hs, what)
ORDER BY v.n;

-- A code lies under the list's code: national lines (any accepted form) are
-- critical as their subheading is; a chapter or heading above the list's
-- codes is not (it holds other goods too).
SELECT v.hs, count(c.list) AS lists, string_agg(c.list || ' ' || c.mineral, '; ' ORDER BY c.list COLLATE "C") AS minerals
FROM (VALUES (1, '8108.20.00.10'), (2, '8108200010'), (3, '8507.60.0020'), (4, '2805.30.00'),
             (5, '7616.99.51'), (6, '8108'), (7, '8112'), (8, '81'), (9, '28')) AS v(n, hs)
LEFT JOIN LATERAL embargo.critical(v.hs::embargo.hscode) c ON true
GROUP BY v.n, v.hs ORDER BY v.n;

-- Several minerals of one list under one code: one row, minerals sorted.
SELECT * FROM embargo.critical('8112.92');
SELECT * FROM embargo.critical('2530.90.20');
SELECT * FROM embargo.critical('2615.90');
-- Nothing for a code no list counts, or for NULL (STRICT).
SELECT count(*) FROM embargo.critical('0101');
SELECT count(*) FROM embargo.critical(NULL);
SELECT count(*) FROM embargo.critical_detail(NULL);

-- The mappings behind an answer, with why they are uncertain.
SELECT list, mineral, category, hs, uncertain, note FROM embargo.critical_detail('2530.90');
SELECT list, mineral, category, hs, uncertain FROM embargo.critical_detail('8112.99.00');
SELECT list, mineral, hs, uncertain, note FROM embargo.critical_detail('7110.11') WHERE list LIKE 'us%';
SELECT list, mineral, hs, uncertain, note FROM embargo.critical_detail('2805.30') WHERE list LIKE 'eu%';

------------------------------------------------------------------------------
-- A user's own list and mineral, as an administrator.  Shipped rows are
-- read-only; user rows are the ones pg_dump keeps.
------------------------------------------------------------------------------
CREATE ROLE regress_critical_admin IN ROLE embargo_admin;
CREATE ROLE regress_critical_reader;
SET ROLE regress_critical_admin;
INSERT INTO embargo.critical_list (name, title, jurisdiction, instrument, citation, published, note)
VALUES ('acme_policy', 'ACME sourcing policy', 'ACME', 'Internal policy 7', 'policy handbook §7', '2026-01-01',
        'what ACME treats as critical');
INSERT INTO embargo.critical_mineral (list, mineral, hs, category, note) VALUES
	('acme_policy', 'cobalt', '8105', 'metal', 'all of heading 8105'),
	('acme_policy', 'cobalt', '2605', 'ore', NULL),
	-- a mineral of a shipped list that the shipped data leaves out
	('us_2022', 'zinc', '2608', 'ore', 'ACME''s own reading');
SELECT * FROM embargo.critical('8105.20.00.10');
SELECT * FROM embargo.critical('2608');
SELECT list, mineral, category, hs, uncertain, note FROM embargo.critical_detail('8105.90');

-- Shipped rows cannot be changed, deleted or added (42501).
SELECT regress_sqlstate_of($$UPDATE embargo.critical_list SET title = 'x' WHERE name = 'us_2022'$$) AS update_list,
       regress_sqlstate_of($$DELETE FROM embargo.critical_list WHERE name = 'us_2025'$$) AS delete_list,
       regress_sqlstate_of($$UPDATE embargo.critical_mineral SET uncertain = false WHERE list = 'us_2022' AND hs = '2530.90'$$) AS update_mineral,
       regress_sqlstate_of($$DELETE FROM embargo.critical_mineral WHERE list = 'eu_crma_critical' AND mineral = 'copper'$$) AS delete_mineral,
       regress_sqlstate_of($$INSERT INTO embargo.critical_mineral (list, mineral, hs, category, shipped)
                             VALUES ('us_2022', 'lead', '2607', 'ore', true)$$) AS add_shipped;
\set VERBOSITY terse
UPDATE embargo.critical_mineral SET category = 'metal' WHERE list = 'us_2022' AND mineral = 'tin' AND hs = '2609';
\set VERBOSITY default
-- The rows are checked: the stage, the name (lower case, no comma), the list,
-- the jurisdiction.
SELECT regress_sqlstate_of($$INSERT INTO embargo.critical_mineral (list, mineral, hs, category) VALUES ('acme_policy', 'lead', '2607', 'concentrate')$$) AS bad_stage,
       regress_sqlstate_of($$INSERT INTO embargo.critical_mineral (list, mineral, hs, category) VALUES ('acme_policy', 'Lead, zinc', '2607', 'ore')$$) AS bad_name,
       regress_sqlstate_of($$INSERT INTO embargo.critical_mineral (list, mineral, hs, category) VALUES ('no_such_list', 'lead', '2607', 'ore')$$) AS no_list,
       regress_sqlstate_of($$INSERT INTO embargo.critical_mineral (list, mineral, hs, category) VALUES ('acme_policy', 'lead', '2607.1', 'ore')$$) AS bad_code,
       regress_sqlstate_of($$INSERT INTO embargo.critical_list (name, title, jurisdiction, instrument, citation, published)
                             VALUES ('acme_2', 'x', 'acme', 'x', 'x', '2026-01-01')$$) AS bad_jurisdiction;
-- A user row can be changed.
UPDATE embargo.critical_mineral SET uncertain = true, note = 'scrap too?' WHERE list = 'acme_policy' AND hs = '8105';
RESET ROLE;

-- Anyone may read the lists and call critical(); only administrators write.
SET ROLE regress_critical_reader;
SELECT list, mineral FROM embargo.critical('8105.30');
SELECT regress_sqlstate_of($$INSERT INTO embargo.critical_mineral (list, mineral, hs, category) VALUES ('acme_policy', 'lead', '2607', 'ore')$$) AS reader_insert,
       regress_sqlstate_of($$DELETE FROM embargo.critical_mineral WHERE list = 'acme_policy'$$) AS reader_delete;
RESET ROLE;

-- pg_dump keeps the user rows (the extension's config dump), not the
-- shipped ones, which the extension recreates.
SELECT c.relname, x.condition
FROM pg_extension e, unnest(e.extconfig, e.extcondition) AS x(tbl, condition)
JOIN pg_class c ON c.oid = x.tbl
WHERE e.extname = 'embargo' AND c.relname LIKE 'critical%' ORDER BY 1;
SELECT name, shipped FROM embargo.critical_list WHERE NOT shipped;
SELECT list, mineral, hs, uncertain FROM embargo.critical_mineral WHERE NOT shipped ORDER BY 1, 2, 3;

-- A user list takes its minerals with it.
SET ROLE regress_critical_admin;
DELETE FROM embargo.critical_list WHERE name = 'acme_policy';
DELETE FROM embargo.critical_mineral WHERE list = 'us_2022' AND mineral = 'zinc';
RESET ROLE;
SELECT count(*) AS user_rows FROM embargo.critical_mineral WHERE NOT shipped;
SELECT count(*) FROM embargo.critical('2608');

DROP ROLE regress_critical_admin, regress_critical_reader;
\pset null ''
RESET search_path;
