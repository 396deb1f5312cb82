-- Smelters and refiners (issue 20): load_smelters() reads the Smelter List
-- tab of a CMRT or EMRT, exported as CSV, by its headers; the status comes
-- from a column the user adds, as of the date given.  The files in
-- tests/data/smelters are made up (no RMI data): a CMRT with lines of
-- instructions above its header, quoted fields with commas, multi-line
-- fields, a row without an id, a country no lookup knows; an EMRT in
-- UTF-8 with a byte order mark and CRLF line ends.
\set SHOW_CONTEXT never
\set d `pwd`/tests/data/smelters
CREATE ROLE regress_smelter_admin IN ROLE embargo_admin;
CREATE ROLE regress_smelter_reader;

-- The columns the loader reads, by header.
SELECT h, embargo.smelter_column(h)
FROM unnest(ARRAY['Smelter Identification', ' smelter  identification (*) ', 'Smelter Identification Number Input Column',
                  'Metal (*)', 'Smelter Name (1) (*)', E'RMI Conformance\nStatus', 'Smelter Look-up*', 'Smelter Country (*)',
                  'Smelter City', 'Comments']) AS h;

-- Loading is for administrators ...
SET ROLE regress_smelter_reader;
SELECT * FROM embargo.load_smelters(:'d' || '/cmrt_smelter_list.csv', '2024-01-01');
SELECT * FROM embargo.load_smelters_csv('Metal,Smelter Identification', '2024-01-01');
RESET ROLE;
-- ... and reading server-side files for those who may read them.
SET ROLE regress_smelter_admin;
SELECT * FROM embargo.load_smelters(:'d' || '/cmrt_smelter_list.csv', '2024-01-01');
RESET ROLE;

-- A CMRT: nine facilities, eight statuses (one row gives none); the row
-- without an id and the unknown country are reported.
SELECT * FROM embargo.load_smelters(:'d' || '/cmrt_smelter_list.csv', '2024-01-01');
SELECT facility, name, metal, country, source, loaded_by FROM embargo.smelter ORDER BY facility;
SELECT * FROM embargo.smelter_status ORDER BY facility, since;
-- The same list again changes nothing.
SELECT * FROM embargo.load_smelters(:'d' || '/cmrt_smelter_list.csv', '2024-01-01');

-- An EMRT from the client side (psql reads the file), by an administrator
-- who may not read server files; "Smelter Identification Number" and
-- "Conformance Status" are its headers.
\set csv `cat tests/data/smelters/emrt_smelter_list.csv`
SET ROLE regress_smelter_admin;
SELECT * FROM embargo.load_smelters_csv(:'csv', '2024-03-01', 'EMRT of supplier B');
RESET ROLE;
SELECT facility, name, metal, country, source, loaded_by FROM embargo.smelter WHERE metal NOT IN ('tin', 'tantalum', 'tungsten', 'gold') ORDER BY facility;

-- Half a year on: new statuses from 1 July, a renamed facility, a new one;
-- a facility without a country in the file keeps the one it had (none).
SELECT * FROM embargo.load_smelters(:'d' || '/cmrt_smelter_list_2024h2.csv', '2024-07-01');
SELECT facility, since, status, source FROM embargo.smelter_status
WHERE facility IN ('CID900001', 'CID900002', 'CID900004', 'CID900010') ORDER BY facility, since;
-- Each facility's status on a day: the record from the latest date on or before it.
SELECT s.facility, d::date AS day,
       (SELECT st.status FROM embargo.smelter_status st
        WHERE st.facility = s.facility AND st.since <= d ORDER BY st.since DESC LIMIT 1) AS status
FROM embargo.smelter s, unnest(ARRAY['2023-12-31', '2024-05-01', '2024-07-01']::date[]) AS d
WHERE s.facility IN ('CID900002', 'CID900004', 'CID900010') ORDER BY 1, 2;
-- The same facility and date again: the record is updated, not added.
SELECT * FROM embargo.load_smelters(:'d' || '/cmrt_smelter_list_2024h2.csv', '2024-07-01', 'CMRT of supplier A, 2024 H2');
SELECT facility, since, status, source FROM embargo.smelter_status WHERE since = '2024-07-01' ORDER BY facility;
SELECT count(*) AS facilities, count(country) AS with_country FROM embargo.smelter;
-- What screening makes of it: rule 516 (EU 2017/821) reviews a smelted hop
-- whose facility is not conformant on the hop's date ('-': it does not apply).
SELECT c AS chain, (SELECT coalesce(max(e.action)::text, '-')
                    FROM embargo.explain('AU'::embargo.territory, NULL, '8001.10'::embargo.hscode, '2024-12-01', 'EU',
                                         '{}', c::embargo.custody) e WHERE e.rule_id = 516) AS rule_516
FROM unnest(ARRAY['mined:AU > smelted:CN@2024-03-01/CID900001',      -- conformant from 1 January
                  'mined:AU > smelted:CN@2023-06-01/CID900001',      -- no status yet
                  'mined:AU > smelted:US@2024-03-01/CID900002',      -- active
                  'mined:AU > smelted:US@2024-08-01/CID900002',      -- conformant from 1 July
                  'mined:AU > smelted:BO@2024-03-01/CID900007',      -- no status given
                  'mined:AU > smelted:ID@2024-03-01/CID999999']) AS c; -- not recorded
-- A date but no status column: the facilities are loaded, no status recorded.
SELECT * FROM embargo.load_smelters_csv(E'Metal,Smelter Name,Smelter Identification\nTin,Example Tin Smelter Ltd,CID900001', '2024-10-01');

-- Errors, with nothing loaded.
SELECT * FROM embargo.load_smelters(NULL);
SELECT * FROM embargo.load_smelters_csv(NULL);
SELECT * FROM embargo.load_smelters('no/such/smelter_list.csv');
SELECT * FROM embargo.load_smelters(:'d' || '/bad/no_header.csv');
SELECT * FROM embargo.load_smelters(:'d' || '/bad/no_metal.csv');
SELECT * FROM embargo.load_smelters(:'d' || '/bad/two_ids.csv');
SELECT * FROM embargo.load_smelters(:'d' || '/cmrt_smelter_list.csv');
SELECT * FROM embargo.load_smelters(:'d' || '/bad/bad_status.csv', '2024-09-01');
SELECT * FROM embargo.load_smelters(:'d' || '/bad/bad_quote.csv');
SELECT * FROM embargo.load_smelters(:'d' || '/bad/bad_id.csv');
SELECT * FROM embargo.load_smelters(:'d' || '/bad/conflict.csv', '2024-09-01');
SELECT * FROM embargo.load_smelters(:'d' || '/bad/latin1.csv');
SELECT * FROM embargo.load_smelters_csv('');
SELECT e.what, regress_sqlstate_of(e.call) AS sqlstate
FROM (VALUES ('null file', 'SELECT embargo.load_smelters(NULL)'),
             ('no such file', 'SELECT embargo.load_smelters(''no/such/smelter_list.csv'')'),
             ('no header', format('SELECT embargo.load_smelters(%L)', :'d' || '/bad/no_header.csv')),
             ('no Metal column', format('SELECT embargo.load_smelters(%L)', :'d' || '/bad/no_metal.csv')),
             ('statuses without date', format('SELECT embargo.load_smelters(%L)', :'d' || '/cmrt_smelter_list.csv')),
             ('unknown status', format('SELECT embargo.load_smelters(%L, %L)', :'d' || '/bad/bad_status.csv', '2024-09-01')),
             ('not UTF-8', format('SELECT embargo.load_smelters(%L)', :'d' || '/bad/latin1.csv'))) AS e(what, call)
ORDER BY 1;
-- The first row of bad_status.csv was not loaded either.
SELECT count(*) AS statuses_of_1_september FROM embargo.smelter_status WHERE since = '2024-09-01';

-- Anyone reads the tables; only administrators write them.
SET ROLE regress_smelter_reader;
SELECT facility, metal, country FROM embargo.smelter WHERE facility = 'CID900001';
SELECT status FROM embargo.smelter_status WHERE facility = 'CID900001' ORDER BY since;
INSERT INTO embargo.smelter (facility, name, metal) VALUES ('CID900099', 'Reader Tin Smelter', 'tin');
RESET ROLE;
SELECT has_table_privilege('public', 'embargo.smelter', 'SELECT') AS public_reads,
       has_table_privilege('public', 'embargo.smelter_status', 'INSERT') AS public_writes,
       has_function_privilege('public', 'embargo.load_smelters(text, date, text)', 'EXECUTE') AS public_loads;

-- By hand, the tables check what the loader checks.
\set VERBOSITY terse
SET ROLE regress_smelter_admin;
INSERT INTO embargo.smelter (facility, name, metal, country) VALUES ('CID900201', 'Hand-made Tin Smelter', 'tin', 'MY');
INSERT INTO embargo.smelter (facility, name, metal) VALUES ('CID 900202', 'Spaced Id Smelter', 'tin');
INSERT INTO embargo.smelter (facility, name, metal) VALUES ('CID900203', '  ', 'tin');
INSERT INTO embargo.smelter (facility, name, metal) VALUES ('CID900204', 'Capital Metal Smelter', 'Tin');
INSERT INTO embargo.smelter (facility, name, metal, country) VALUES ('CID900205', 'Province Smelter', 'tin', 'CN-YN');
INSERT INTO embargo.smelter_status (facility, since, status) VALUES ('CID900201', '2024-02-01', 'conformant');
INSERT INTO embargo.smelter_status (facility, since, status) VALUES ('CID900201', '2024-03-01', 'Conformant');
INSERT INTO embargo.smelter_status (facility, since, status) VALUES ('CID900201', '2024-02-01', 'suspended');
INSERT INTO embargo.smelter_status (facility, since, status) VALUES ('CID900299', '2024-02-01', 'active');
-- a facility renamed takes its statuses along; deleted, they go with it
UPDATE embargo.smelter SET facility = 'CID900211' WHERE facility = 'CID900201';
SELECT facility, since, status FROM embargo.smelter_status WHERE facility LIKE 'CID9002%';
DELETE FROM embargo.smelter WHERE facility = 'CID900211';
SELECT count(*) FROM embargo.smelter_status WHERE facility LIKE 'CID9002%';
RESET ROLE;
\set VERBOSITY default

DELETE FROM embargo.smelter;
DROP ROLE regress_smelter_admin, regress_smelter_reader;
