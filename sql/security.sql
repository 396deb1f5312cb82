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
