--
-- Critical and conflict minerals (issue 20) in screening: a hop may name
-- the facility that smelted or refined the goods; rules are scoped to a
-- critical-mineral list, to the areas the EU's CAHRA list names, and to the
-- status of the facility a hop names; explain() says what each found.
--
-- The CAHRA editions here are written by hand (load_cahra() has its own
-- test, cahra), inside a transaction rolled back at the end, so that the
-- tests after this one see the knowledge as it was.
--
\set SHOW_CONTEXT never
SET search_path = embargo, public;
SET datestyle = ISO;

------------------------------------------------------------------------------
-- A hop names a facility after "/": role:territory[#place][@date][/facility].
------------------------------------------------------------------------------
SELECT 'mined:CD-NK#34@2024-05-01 > smelted:RW@2024-06-01/CID001070 > refined:CN'::custody AS chain;
-- white space around the pieces is dropped, the id keeps its case
SELECT ' smelted : CN @ 2024-01-10 / cid-001.x_7 '::custody AS trimmed;
SELECT * FROM hops('mined:AU > smelted:MY@2024-02-01/CID900001');
-- ids: 1 to 32 letters and digits, then also . _ -
SELECT c, regress_error_text(format('SELECT %L::embargo.custody', c)) AS error
FROM (VALUES ('smelted:CN/'), ('smelted:CN/-x'), ('smelted:CN/a b'), ('smelted:CN/x/y'),
             ('smelted:CN/' || repeat('A', 33)), ('smelted:CN/CID1 > /CID2')) v(c);
SELECT regress_sqlstate_of($$SELECT 'smelted:CN/'::embargo.custody$$) AS empty_id;
SELECT ('smelted:CN/' || repeat('A', 32))::custody IS NOT NULL AS longest_id;
-- equality, order and hashing see the facility
SELECT 'smelted:CN/A1'::custody = 'smelted:CN/A1'::custody AS same,
       'smelted:CN/A1'::custody = 'smelted:CN/a1'::custody AS case_differs,
       'smelted:CN'::custody < 'smelted:CN/A1'::custody AS none_first,
       'smelted:CN/A1'::custody < 'smelted:CN/A2'::custody AS by_id;
SELECT count(DISTINCT c) AS distinct_btree, count(*) AS chains
FROM unnest(ARRAY['smelted:CN', 'smelted:CN/A1', 'smelted:CN/A1', 'smelted:CN/A2']::custody[]) c;
SET enable_sort = off;
SELECT c::text, count(*) FROM unnest(ARRAY['smelted:CN', 'smelted:CN/A1', 'smelted:CN/A1', 'smelted:CN/A2']::custody[]) c
GROUP BY c ORDER BY 1;
RESET enable_sort;
-- a pattern's facility must be the hop's; a pattern without one matches any
SELECT 'mined:AU > smelted:CN/CID1'::custody @> 'smelted:CN/CID1' AS same_id,
       'mined:AU > smelted:CN/CID1'::custody @> 'smelted:CN/CID2' AS other_id,
       'mined:AU > smelted:CN/CID1'::custody @> 'smelted:CN' AS no_id,
       'mined:AU > smelted:CN'::custody @> 'smelted:CN/CID1' AS chain_has_none;
-- || keeps each hop's facility
SELECT 'mined:AU/MINE-7'::custody || 'smelted:CN/CID1 > refined:BE@2024-03-01/CID2'::custody AS joined;
-- the binary form carries it (COPY BINARY round trip)
CREATE TEMP TABLE chains (c custody);
INSERT INTO chains VALUES ('mined:AU > smelted:MY@2024-02-01/CID900001 > refined:CH/R-1');
COPY chains TO '/tmp/embargo_conflict_chains.bin' WITH (FORMAT binary);
COPY chains FROM '/tmp/embargo_conflict_chains.bin' WITH (FORMAT binary);
SELECT c, count(*) FROM chains GROUP BY c;

BEGIN;
-- screening below starts with no CAHRA list, whatever other tests loaded
DELETE FROM cahra_area;
DELETE FROM cahra_edition;

------------------------------------------------------------------------------
-- EU Regulation 2017/821 (rule 500): 3TG from an area the CAHRA list names,
-- or from anywhere while none is loaded, is for review, judged where the
-- ore was mined or concentrated (the declared origin standing in).
------------------------------------------------------------------------------
CREATE FUNCTION pg_temp.v(t text, hs text, d date, chain text DEFAULT NULL, ev text[] DEFAULT '{}')
RETURNS verdict LANGUAGE sql STABLE AS
$$ SELECT screen(t::territory, NULL, hs::hscode, d, 'EU', ev, chain::custody) $$;
-- what explain() says for rules 500 and 516, less the rule's note
CREATE FUNCTION pg_temp.why(t text, hs text, d date, chain text DEFAULT NULL, ev text[] DEFAULT '{}')
RETURNS TABLE (rule_id integer, action verdict, hop integer, why text) LANGUAGE sql STABLE AS
$$ SELECT e.rule_id, e.action, e.hop, regexp_replace(e.why, ' Note: .*$', '') AS why
   FROM explain(t::territory, NULL, hs::hscode, d, 'EU', ev, chain::custody) e
   WHERE e.rule_id IN (500, 516) ORDER BY e.rule_id, e.hop $$;
-- the action of one rule ('-': it does not apply), whatever other rules say
CREATE FUNCTION pg_temp.r(id integer, t text, hs text, d date, chain text DEFAULT NULL, ev text[] DEFAULT '{}')
RETURNS text LANGUAGE sql STABLE AS
$$ SELECT coalesce(max(e.action)::text, '-')
   FROM explain(t::territory, NULL, hs::hscode, d, 'EU', ev, chain::custody) e WHERE e.rule_id = id $$;
-- no list loaded: tin from Australia is for review, and explain() says why
SELECT * FROM cahra('AU', '2024-05-01');
SELECT pg_temp.v('AU', '8001.10', '2024-05-01') AS no_list_au;
SELECT * FROM pg_temp.why('AU', '8001.10', '2024-05-01');
-- not 3TG: outside the rule
SELECT pg_temp.v('CD-NK', '2805.30', '2024-05-01') AS rare_earth_metal;
-- before the importers' duties (1 Jan 2021)
SELECT pg_temp.v('CD-NK', '8001.10', '2020-12-31') AS before_2021;

-- Two editions: from 1 Jan 2025, Nord-Kivu and Burundi as a whole; from
-- 27 Jun 2026, Nord-Kivu, Sud-Kivu and Donetsk.
INSERT INTO cahra_edition (edition, title, source, areas) VALUES
	('2025-01-01', 'Test edition A', 'regression test', 2),
	('2026-06-27', 'Test edition B', 'regression test', 3);
INSERT INTO cahra_area VALUES
	('2025-01-01', 'CD-NK', 'Nord-Kivu', true, false),
	('2025-01-01', 'BI', 'Burundi', false, true),
	('2026-06-27', 'CD-NK', 'Nord-Kivu', true, true),
	('2026-06-27', 'CD-SK', 'Sud-Kivu', true, false),
	('2026-06-27', 'UA-14', 'Donets''k', true, false);
SELECT t, d, pg_temp.r(500, t, '8001.10', d) AS rule_500, pg_temp.v(t, '8001.10', d) AS verdict
FROM (VALUES ('CD-NK', '2025-06-01'::date),   -- named
             ('AU', '2025-06-01'),            -- not named: allow
             ('CD', '2025-06-01'),            -- too coarse: the list names parts of it
             ('BI-BM', '2025-06-01'),         -- in a country named as a whole
             ('BI', '2025-06-01'),
             ('UA-14', '2025-06-01'),         -- not in edition A
             ('UA-14', '2026-07-01'),         -- in edition B
             ('UA', '2026-07-01'),            -- coarse under B
             ('UA', '2025-06-01'),            -- not under A
             ('BI-BM', '2026-07-01'),         -- B no longer names Burundi
             ('CD-SK', '2024-06-01')          -- before A: A stands in, and does not name it
     ) v(t, d) ORDER BY t, d;
-- cahra() says the same of a territory on a day
SELECT t, d, c.* FROM (VALUES ('CD-NK', '2025-06-01'::date), ('CD', '2026-07-01'), ('BI-BM', '2025-06-01'),
                              ('AU', '2025-06-01'), ('CD-SK', '2024-06-01')) v(t, d),
       cahra(t::territory, d) c ORDER BY t, d;
SELECT regress_sqlstate_of($$SELECT * FROM embargo.cahra('CD', 'infinity')$$) AS infinite_day;
SELECT count(*) AS null_input FROM cahra(NULL, '2025-01-01');
SELECT * FROM pg_temp.why('CD-NK', '7108.12', '2025-06-01');
SELECT * FROM pg_temp.why('CD', '2615.90', '2026-07-01');
SELECT * FROM pg_temp.why('AU', '8001.10', '2025-06-01');
SELECT * FROM pg_temp.why('CD-SK', '8001.10', '2024-06-01');
-- the due-diligence evidence lifts it (in Nord-Kivu, held in part by M23,
-- rule 541 stands)
SELECT pg_temp.v('BI-BM', '8001.10', '2025-06-01', NULL, '{eu-2017-821-due-diligence}') AS burundi_with_evidence,
       pg_temp.v('CD-NK', '8001.10', '2025-06-01', NULL, '{eu-2017-821-due-diligence}') AS nord_kivu_with_evidence;
SELECT * FROM pg_temp.why('BI-BM', '8001.10', '2025-06-01', NULL, '{eu-2017-821-due-diligence}');
-- the mine of the chain, on the hop's own date; the declared origin
-- (Rwanda, exporter) is not judged when the chain has a mined hop
SELECT c, pg_temp.r(500, 'RW', '2615.90', '2026-07-01', c) AS rule_500, pg_temp.v('RW', '2615.90', '2026-07-01', c) AS verdict
FROM (VALUES ('mined:CD-NK@2025-03-01 > exported:RW'),
             ('mined:AU@2025-03-01 > exported:RW'),
             ('mined:CD-SK@2025-03-01 > exported:RW'),   -- edition A then: not named
             ('mined:CD-SK@2026-06-30 > exported:RW'),   -- edition B then
             ('mined:CD-SK > exported:RW'),              -- undated: the shipment date
             ('concentrated:BI@2025-02-01 > exported:RW'),
             ('exported:RW')) v(c)                        -- no mine: Rwanda stands in
ORDER BY c;
SELECT * FROM pg_temp.why('RW', '2615.90', '2026-07-01', 'mined:CD-NK@2025-03-01 > exported:RW');
SELECT * FROM pg_temp.why('RW', '2615.90', '2026-07-01', 'mined:AU@2025-03-01 > exported:RW');

------------------------------------------------------------------------------
-- Rule 516: a smelter or refiner the chain names that is not conformant on
-- the hop's date.
------------------------------------------------------------------------------
-- not recorded: review
SELECT pg_temp.v('AU', '8001.10', '2024-05-01', 'mined:AU@2024-01-01 > smelted:MY@2024-02-01/CID900001') AS unknown_facility;
SELECT * FROM pg_temp.why('AU', '8001.10', '2024-05-01', 'mined:AU@2024-01-01 > smelted:MY@2024-02-01/CID900001');
-- recorded: conformant from 2023, suspended from 15 Jan 2024
INSERT INTO smelter (facility, name, metal, country) VALUES ('CID900001', 'Example Tin Smelter', 'tin', 'MY');
INSERT INTO smelter_status (facility, since, status) VALUES
	('CID900001', '2023-01-01', 'conformant'), ('CID900001', '2024-01-15', 'suspended');
SELECT c, d, pg_temp.r(516, 'AU', '8001.10', d, c) AS rule_516, pg_temp.v('AU', '8001.10', d, c) AS verdict
FROM (VALUES ('mined:AU > smelted:MY@2023-06-01/CID900001', '2024-05-01'::date),   -- conformant then
             ('mined:AU > smelted:MY@2024-02-01/CID900001', '2024-05-01'),         -- suspended then
             ('mined:AU > smelted:MY@2022-06-01/CID900001', '2024-05-01'),         -- no status yet
             ('mined:AU > smelted:MY/CID900001', '2023-06-01'),                     -- undated: shipment date
             ('mined:AU > smelted:MY/CID900001', '2024-05-01'),
             ('mined:AU > refined:CH/CID900001', '2024-05-01'),                     -- refined too
             ('mined:AU > smelted:MY', '2024-05-01'),                               -- no facility named
             ('mined:AU > cast:MY/CID900001', '2024-05-01')                         -- not a role it judges
     ) v(c, d) ORDER BY c, d;
SELECT * FROM pg_temp.why('AU', '8001.10', '2024-05-01', 'mined:AU > smelted:MY@2024-02-01/CID900001');
SELECT * FROM pg_temp.why('AU', '8001.10', '2024-05-01', 'mined:AU > smelted:MY@2022-06-01/CID900001');
SELECT pg_temp.v('AU', '8001.10', '2024-05-01', 'mined:AU > smelted:MY@2024-02-01/CID900001',
                 '{eu-2017-821-due-diligence}') AS with_evidence;
-- a rule about a facility judges hops
SELECT regress_sqlstate_of($$INSERT INTO embargo.rule (jurisdiction, instrument, citation, action, smelter_conformant)
                             VALUES ('ACME', 'x', 'x', 'review', false)$$) AS facility_scope_without_hop_roles;

------------------------------------------------------------------------------
-- Rules scoped to a critical-mineral list (goods scope: the list's codes,
-- within the rule's own HS prefixes where it has them).
------------------------------------------------------------------------------
INSERT INTO critical_list (name, title, jurisdiction, instrument, citation, published)
VALUES ('acme_watch', 'ACME watch list', 'ACME', 'ACME policy 7', 'ACME handbook §7', '2026-01-01');
INSERT INTO critical_mineral (list, mineral, hs, category, uncertain, note) VALUES
	('acme_watch', 'lithium', '2825.20', 'intermediate', false, NULL),
	('acme_watch', 'lithium', '2530.90', 'ore', true, 'spodumene shares the code'),
	('acme_watch', 'cobalt', '8105', 'metal', false, NULL);
INSERT INTO rule (id, jurisdiction, instrument, citation, action, hs_list) VALUES
	(1200001, 'ACME', 'ACME policy 7', 'ACME handbook §7', 'review', 'acme_watch');
INSERT INTO rule (id, jurisdiction, instrument, citation, action, hs_list, hs, territory) VALUES
	(1200002, 'ACME', 'ACME policy 8', 'ACME handbook §8', 'prohibit', 'acme_watch', '{2825,8105.20.10}', 'CN'),
	(1200003, 'ACME', 'ACME policy 9', 'ACME handbook §9', 'prohibit', 'acme_watch', '{7601}', NULL);
CREATE FUNCTION pg_temp.acme(t text, hs text) RETURNS TABLE (verdict verdict, rules integer[]) LANGUAGE sql STABLE AS
$$ SELECT screen(t::territory, NULL, hs::hscode, '2026-06-01', 'ACME'),
          ARRAY(SELECT e.rule_id FROM explain(t::territory, NULL, hs::hscode, '2026-06-01', 'ACME') e
                WHERE e.rule_id IS NOT NULL ORDER BY 1) $$;
SELECT hs, t, (pg_temp.acme(t, hs)).*
FROM (VALUES ('2825.20', 'AU'), ('2825.20.00.10', 'AU'), ('2825.10', 'AU'), ('2530.90', 'AU'),
             ('2530', 'AU'), ('8105.20', 'AU'), ('2825.20', 'CN'), ('8105.20', 'CN'),
             ('8105.20.10', 'CN'), ('8105.30', 'CN'), ('2530.90', 'CN'), ('7601.10', 'CN')) v(hs, t)
ORDER BY hs, t;
SELECT rule_id, action, substring(why FROM 'HS [^;]*') AS goods
FROM explain('CN'::territory, NULL, '2530.90.10', '2026-06-01', 'ACME') ORDER BY rule_id;
SELECT rule_id, substring(why FROM 'HS [^;]*') AS goods
FROM explain('CN'::territory, NULL, '8105.20.10.00', '2026-06-01', 'ACME') ORDER BY rule_id;
-- a list's codes change: the rules follow at once
INSERT INTO critical_mineral (list, mineral, hs, category) VALUES ('acme_watch', 'aluminium', '7601', 'metal');
SELECT (pg_temp.acme('CN', '7601.10')).*;
DELETE FROM critical_mineral WHERE list = 'acme_watch' AND mineral = 'cobalt';
SELECT (pg_temp.acme('AU', '8105.20')).*;
-- a rule names a list that exists, and a list in use is not deleted
SELECT regress_sqlstate_of($$INSERT INTO embargo.rule (jurisdiction, instrument, citation, action, hs_list)
                             VALUES ('ACME', 'x', 'x', 'review', 'no_such_list')$$) AS unknown_list;
SELECT regress_sqlstate_of($$DELETE FROM embargo.critical_list WHERE name = 'acme_watch'$$) AS list_in_use;
-- renaming a list carries its rules with it
UPDATE critical_list SET name = 'acme_watch_2' WHERE name = 'acme_watch';
SELECT id, hs_list FROM rule WHERE id BETWEEN 1200001 AND 1200003 ORDER BY id;
SELECT (pg_temp.acme('AU', '2825.20')).*;

------------------------------------------------------------------------------
-- enforce(): the chain column, with its facilities, is screened as it
-- arrives.
------------------------------------------------------------------------------
CREATE TABLE public.imp_conflict (
	id integer PRIMARY KEY,
	territory territory,
	hs hscode,
	shipped date,
	chain custody,
	verdict verdict,
	rules integer[]
);
CREATE TRIGGER screen_eu BEFORE INSERT OR UPDATE ON public.imp_conflict FOR EACH ROW
	EXECUTE FUNCTION enforce('mode=flag', 'jurisdiction=EU', 'territory=territory', 'hs=hs',
	                         'date=shipped', 'custody=chain', 'key=id', 'verdict=verdict', 'rules=rules');
INSERT INTO public.imp_conflict (id, territory, hs, shipped, chain) VALUES
	(1, 'AU', '8001.10', '2024-05-01', 'mined:AU > smelted:MY@2023-06-01/CID900001'),
	(2, 'AU', '8001.10', '2024-05-01', 'mined:AU > smelted:MY@2024-02-01/CID900001'),
	(3, 'RW', '2615.90', '2026-07-01', 'mined:CD-NK@2026-03-01 > exported:RW'),
	(4, 'RW', '2615.90', '2026-07-01', 'mined:AU@2026-03-01 > exported:RW');
SELECT id, chain, verdict, rules FROM public.imp_conflict ORDER BY id;
ROLLBACK;

------------------------------------------------------------------------------
-- As of a moment: a facility's status, committed, is history.
------------------------------------------------------------------------------
SELECT clock_timestamp() AS before_smelter \gset
INSERT INTO smelter (facility, name, metal, country) VALUES ('CID900002', 'Example Tungsten Refinery', 'tungsten', 'VN');
INSERT INTO smelter_status (facility, since, status) VALUES ('CID900002', '2020-01-01', 'conformant');
SELECT ARRAY(SELECT rule_id FROM explain('AU'::territory, NULL, '8101.94', '2024-05-01', 'EU',
                                        custody => 'mined:AU > refined:VN/CID900002')
             WHERE action > 'allow' ORDER BY 1) AS rules_now,
       ARRAY(SELECT rule_id FROM explain('AU'::territory, NULL, '8101.94', '2024-05-01', 'EU',
                                        custody => 'mined:AU > refined:VN/CID900002', as_of => :'before_smelter')
             WHERE action > 'allow' ORDER BY 1) AS rules_before;
SELECT table_name, created_how FROM history
WHERE table_name IN ('smelter', 'smelter_status') AND row_data->>'facility' = 'CID900002' ORDER BY 1;
DELETE FROM smelter WHERE facility = 'CID900002';
