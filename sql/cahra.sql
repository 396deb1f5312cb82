-- The EU's indicative list of conflict-affected and high-risk areas (CAHRA,
-- Regulation (EU) 2017/821): load_cahra() reads the JSON file as published,
-- one edition at a time.  The June 2026 edition is the copy the extension
-- ships in data/cahra (installed as embargo_cahra_2026-06.json); the
-- malformed files and a small second edition are in tests/data/cahra.
\set SHOW_CONTEXT never
\set ships `pwd`/data/cahra
\set d `pwd`/tests/data/cahra
SET search_path = public, embargo;
CREATE ROLE regress_cahra_reader;
CREATE ROLE regress_cahra_clerk IN ROLE embargo_admin;
CREATE ROLE regress_cahra_admin IN ROLE embargo_admin, pg_read_server_files;
-- (PostgreSQL 15 runs pg_read_binary_file() for superusers only, unless granted.)
GRANT EXECUTE ON FUNCTION pg_catalog.pg_read_binary_file(text) TO regress_cahra_admin;

-- Loading is for administrators who may read server-side files; the list
-- itself is for anyone to read.
SET ROLE regress_cahra_reader;
SELECT * FROM embargo.load_cahra('2026-06-27', :'ships' || '/cahra-2026-06.json');
SELECT count(*) FROM embargo.cahra_edition;
SET ROLE regress_cahra_clerk;
SELECT * FROM embargo.load_cahra('2026-06-27', :'ships' || '/cahra-2026-06.json');
RESET ROLE;

-- The June 2026 edition, dated by its report: 239 areas named, 238 loaded.
-- Ukraine's "Kiev" is coded UA-35, Kirovohrad oblast: the gazetteer knows
-- Kiev as Kyiv (UA-30), so the area is left out with a warning.
SET ROLE regress_cahra_admin;
SELECT * FROM embargo.load_cahra('2026-06-27', :'ships' || '/cahra-2026-06.json');
RESET ROLE;
SELECT edition, title, source, retrieved, areas, loaded_by FROM embargo.cahra_edition;
SELECT jsonb_pretty(rejected) FROM embargo.cahra_edition WHERE edition = '2026-06-27';
SELECT count(*) AS areas, count(*) FILTER (WHERE NOT embargo.is_subdivision(territory)) AS whole_countries,
       count(DISTINCT embargo.country(territory)) AS countries,
       count(*) FILTER (WHERE conflict_affected) AS conflict_affected, count(*) FILTER (WHERE high_risk) AS high_risk
FROM embargo.cahra_area WHERE edition = '2026-06-27';
-- Whole-country designations: the file gives them no flags (NULL: it does not say).
SELECT territory, name, conflict_affected, high_risk FROM embargo.cahra_area
WHERE edition = '2026-06-27' AND NOT embargo.is_subdivision(territory) ORDER BY territory;
-- Regions as the file names them; the names the gazetteer knows agree with
-- their codes (Luhans'k, Donets'k, Kharkiv, ...); one it does not know
-- (Zaporizhzhya) is taken as given.
SELECT territory, name, conflict_affected, high_risk FROM embargo.cahra_area
WHERE edition = '2026-06-27' AND territory IN ('UA-09', 'UA-14', 'UA-23', 'UA-63', 'CD-NK', 'CD-HK', 'RU-KRS', 'YE-SD')
ORDER BY territory;
SELECT territory, name FROM embargo.cahra_area WHERE edition = '2026-06-27' AND territory <@ 'UA'::embargo.territory ORDER BY territory;
SELECT count(*) AS ua_35 FROM embargo.cahra_area WHERE territory = 'UA-35';

-- What the warning proposes, done by hand: the area is the administrator's to add.
INSERT INTO embargo.cahra_area (edition, territory, name, conflict_affected, high_risk)
VALUES ('2026-06-27', 'UA-32', 'Kiev', true, false);

-- Loading the edition again replaces it whole, in one transaction (the
-- area added by hand too: the file is the edition).
SET ROLE regress_cahra_admin;
SELECT * FROM embargo.load_cahra('2026-06-27', :'ships' || '/cahra-2026-06.json');
RESET ROLE;
SELECT edition, areas, jsonb_array_length(rejected) AS rejected,
       (SELECT count(*) FROM embargo.cahra_area a WHERE a.edition = e.edition) AS rows
FROM embargo.cahra_edition e;

-- A second edition lies beside the first (screening takes the one in force
-- on a date).  This one, small and fictional, has codes the loader cannot
-- take as given: each is left out with a warning and recorded.
SET ROLE regress_cahra_admin;
SELECT * FROM embargo.load_cahra('2025-12-01', :'d' || '/edition_2025-12.json');
RESET ROLE;
SELECT edition, title, source, retrieved, areas, jsonb_array_length(rejected) AS rejected
FROM embargo.cahra_edition ORDER BY edition;
SELECT r->'entry'->>'code' AS code, r->'entry'->>'name' AS name, r->>'why' AS why
FROM embargo.cahra_edition, jsonb_array_elements(rejected) AS r WHERE edition = '2025-12-01';
SELECT territory, name, conflict_affected, high_risk FROM embargo.cahra_area
WHERE edition = '2025-12-01' ORDER BY territory;

-- Refused, with nothing changed.
CREATE TEMP TABLE cahra_state AS
SELECT (SELECT string_agg(edition || ':' || areas, ', ' ORDER BY edition) FROM embargo.cahra_edition) AS editions,
       (SELECT count(*) FROM embargo.cahra_area) AS area_rows;
-- no edition, no file
SELECT * FROM embargo.load_cahra(NULL, :'ships' || '/cahra-2026-06.json');
SELECT * FROM embargo.load_cahra('2026-06-27', NULL);
-- an edition not yet published
SELECT * FROM embargo.load_cahra('2999-12-31', :'ships' || '/cahra-2026-06.json');
-- a file that is not there (its path, in the detail, is this checkout's)
\set VERBOSITY terse
SELECT * FROM embargo.load_cahra('2026-06-27', :'d' || '/no_such_file.json');
\set VERBOSITY default
-- text that is not JSON, or not UTF-8
SELECT * FROM embargo.load_cahra('2026-06-27', :'d' || '/not_json.json');
SELECT * FROM embargo.load_cahra('2026-06-27', :'d' || '/latin1.json');
-- JSON of another shape: no "entries", none in it, an entry without "iso2",
-- regions that are no list
SELECT * FROM embargo.load_cahra('2026-06-27', :'d' || '/no_entries.json');
SELECT * FROM embargo.load_cahra('2026-06-27', :'d' || '/empty.json');
SELECT * FROM embargo.load_cahra('2026-06-27', :'d' || '/no_iso2.json');
SELECT * FROM embargo.load_cahra('2026-06-27', :'d' || '/bad_regions.json');
SELECT (SELECT string_agg(edition || ':' || areas, ', ' ORDER BY edition) FROM embargo.cahra_edition) = editions AS editions_unchanged,
       (SELECT count(*) FROM embargo.cahra_area) = area_rows AS areas_unchanged
FROM cahra_state;
-- The SQLSTATE of each.
SELECT c.what, regress_sqlstate_of(format('SELECT embargo.load_cahra(%s, %L)', c.edition, c.path)) AS sqlstate
FROM (VALUES ('null edition', 'NULL', :'ships' || '/cahra-2026-06.json'),
             ('null file', '''2026-06-27''', NULL),
             ('future edition', 'current_date + 1', :'ships' || '/cahra-2026-06.json'),
             ('missing file', '''2026-06-27''', :'d' || '/no_such_file.json'),
             ('not JSON', '''2026-06-27''', :'d' || '/not_json.json'),
             ('not UTF-8', '''2026-06-27''', :'d' || '/latin1.json'),
             ('no entries', '''2026-06-27''', :'d' || '/no_entries.json'),
             ('empty entries', '''2026-06-27''', :'d' || '/empty.json'),
             ('no iso2', '''2026-06-27''', :'d' || '/no_iso2.json'),
             ('regions no list', '''2026-06-27''', :'d' || '/bad_regions.json'),
             ('every area refused', '''2026-06-27''', :'d' || '/all_refused.json'),
             ('infinite edition', '''infinity''', :'ships' || '/cahra-2026-06.json')) AS c(what, edition, path);
SET ROLE regress_cahra_reader;
SELECT regress_sqlstate_of(format('SELECT embargo.load_cahra(%L, %L)', '2026-06-27', :'ships' || '/cahra-2026-06.json')) AS reader;
SET ROLE regress_cahra_clerk;
SELECT regress_sqlstate_of(format('SELECT embargo.load_cahra(%L, %L)', '2026-06-27', :'ships' || '/cahra-2026-06.json')) AS clerk;
RESET ROLE;

-- Clean up.
DELETE FROM embargo.cahra_edition;
REVOKE EXECUTE ON FUNCTION pg_catalog.pg_read_binary_file(text) FROM regress_cahra_admin;
DROP ROLE regress_cahra_reader, regress_cahra_clerk, regress_cahra_admin;
