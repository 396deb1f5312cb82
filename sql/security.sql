--
-- search_path hijacking: objects in a schema searched before the
-- extension's must not capture anything the extension runs on a caller's
-- behalf (the cache's queries, find_places(), the triggers).
--
CREATE SCHEMA hostile;
CREATE FUNCTION hostile.trap(text, text) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'hijacked: % %', $1, $2;
END $$;
CREATE OPERATOR hostile.= (LEFTARG = text, RIGHTARG = text, PROCEDURE = hostile.trap);
CREATE FUNCTION hostile.trap_int(integer, integer) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'hijacked: % %', $1, $2;
END $$;
CREATE OPERATOR hostile.= (LEFTARG = integer, RIGHTARG = integer, PROCEDURE = hostile.trap_int);
CREATE FUNCTION hostile.name_key(text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'hijacked name_key';
END $$;
CREATE FUNCTION hostile.lower(text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'hijacked lower';
END $$;
CREATE DOMAIN hostile.text AS pg_catalog.text CHECK (VALUE <> 'prohibit');

-- Mark every cache part stale: each is rebuilt at its next use, below.
DELETE FROM embargo.control WHERE id = -1;
DELETE FROM embargo.place_name WHERE place_id = -1;
DELETE FROM embargo.rule WHERE id = -1;

-- The hostile schema first, even before pg_catalog: the caller's own "="
-- is now the trap ...
SET search_path = hostile, pg_catalog, embargo, public;
SELECT 'a'::pg_catalog.text = 'a' AS operator_is_hijacked_here;
-- ... but the extension answers as it would anywhere.
SELECT embargo.find_place('Мелітополь') AS melitopol;
SELECT id, territory, kind, place FROM embargo.find_places('Melitopol');
SELECT embargo.tag_origin('UA-23', 'Melitopol', '2023-06-01') AS tag;
SELECT embargo.screen(embargo.tag_origin(NULL, 'Melitopol', '2023-06-01'), '2805.30', '2023-06-01', 'EU') AS verdict;
SELECT rule_id, action FROM embargo.explain(embargo.tag_origin(NULL, 'Melitopol', '2023-06-01'), '2805.30', '2023-06-01', 'EU');
SELECT length(embargo.ruleset_version()) AS version_length;
-- chains of custody: a hop by place name, and hop rules tagging a hop
SELECT embargo.hop('mined', 'CD-NK', 'Rubaya', '2024-05-10') AS hop_by_name;
SELECT embargo.screen(embargo.tag_origin('CN', NULL::int, '2024-09-01'), '2615.90', '2024-09-01', 'US', '{}',
                      'mined:CD-NK#34@2024-05-10 > exported:RW > refined:CN') AS chain_verdict;
SELECT rule_id, action, hop FROM embargo.explain(embargo.tag_origin('CN', NULL::int, '2024-09-01'), '2615.90',
       '2024-09-01', 'US', '{}', 'mined:CD-NK#34@2024-05-10 > exported:RW > refined:CN') ORDER BY rule_id;
-- The triggers, too: a user row is added and removed, a shipped one refused.
INSERT INTO embargo.place_name (place_id, name) VALUES (16, 'Melitopol security test');
SELECT embargo.tag_origin(NULL, 'Melitopol security test', '2023-06-01') AS by_new_alias;
DELETE FROM embargo.place_name WHERE name OPERATOR(pg_catalog.=) 'Melitopol security test';
DELETE FROM embargo.place_name WHERE place_id OPERATOR(pg_catalog.=) 17;

RESET search_path;
DROP SCHEMA hostile CASCADE;

--
-- The capture of issue 12: a writer's own "=" (oid, regtype) pointed the
-- verdict map at a look-alike enum, and prohibited rows were stored as
-- "allоw" (Cyrillic о).  Internal queries now run under a pinned
-- search_path and the verdicts come from the extension's own type.
--
CREATE ROLE regress_hijacker;
GRANT embargo_importer TO regress_hijacker;
CREATE SCHEMA w AUTHORIZATION regress_hijacker;
CREATE TABLE w.t (id int, origin embargo.territory, hs embargo.hscode, shipped date,
                  verdict embargo.verdict, rules int[]);
ALTER TABLE w.t OWNER TO regress_hijacker;
CREATE TRIGGER screen BEFORE INSERT OR UPDATE ON w.t FOR EACH ROW EXECUTE FUNCTION embargo.enforce(
	'mode=flag', 'key=id', 'territory=origin', 'hs=hs', 'date=shipped', 'jurisdiction=US',
	'verdict=verdict', 'rules=rules');
SET ROLE regress_hijacker;
CREATE TYPE w.fake AS ENUM ('allow', 'review', 'licence', 'allоw');
CREATE FUNCTION w.eq(a oid, b regtype) RETURNS bool LANGUAGE sql AS
 $$SELECT CASE WHEN b::oid OPERATOR(pg_catalog.=) 'embargo.verdict'::regtype::oid
   THEN a OPERATOR(pg_catalog.=) 'w.fake'::regtype::oid ELSE a OPERATOR(pg_catalog.=) b::oid END$$;
CREATE OPERATOR w.= (LEFTARG = oid, RIGHTARG = regtype, PROCEDURE = w.eq);
CREATE COLLATION w."C" (provider = icu, locale = 'und-u-kf-upper');
SET search_path = w, pg_catalog, embargo, public;
RESET ROLE;
-- every cache part is rebuilt at its next use, under the writer's path
DELETE FROM embargo.rule WHERE id OPERATOR(pg_catalog.=) -1;
DELETE FROM embargo.control WHERE id OPERATOR(pg_catalog.=) -1;
SET ROLE regress_hijacker;
-- Crimean titanium ore into the US: prohibited (E.O. 13685)
INSERT INTO w.t (id, origin, hs, shipped) VALUES (1, 'UA-43', '2614.00', '2024-03-01');
RESET ROLE;
RESET search_path;
SELECT id, verdict, verdict = 'prohibit' AS prohibited, cardinality(rules) > 0 AS cites_rules FROM w.t;
SELECT verdict, outcome FROM embargo.audit WHERE source_table = 'w.t';
DROP SCHEMA w CASCADE;
DROP ROLE regress_hijacker;
