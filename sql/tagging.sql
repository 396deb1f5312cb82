--
-- tag_origin(): who controlled a territory or place on a date, from the
-- shipped control timeline and from user rows; the cache follows changes.
--
SET search_path = embargo, public;
SET datestyle = ISO;

-- Each boundary of the shipped timeline: the day before, of and after.
CREATE TEMP TABLE boundary (what text, territory territory, place text, day date);
INSERT INTO boundary
SELECT what, territory::territory, place, day::date + shift
FROM (VALUES ('Crimea', 'UA-43', NULL, '2014-02-20'),
             ('Sevastopol', 'UA-40', NULL, '2014-02-20'),
             ('Donetsk oblast, 2014 areas', 'UA-14', NULL, '2014-04-07'),
             ('Donetsk city, DNR to RU', NULL, 'Donetsk', '2022-09-30'),
             ('Luhansk city, from 2014', NULL, 'Luhansk', '2014-04-07'),
             ('Zaporizhzhia oblast', 'UA-23', NULL, '2022-02-24'),
             ('Melitopol', NULL, 'Melitopol', '2022-04-01'),
             ('Kherson city occupied', 'UA-65', 'Kherson', '2022-03-02'),
             ('Kherson city liberated', 'UA-65', 'Kherson', '2022-11-11'),
             ('Mariupol', 'UA-14', 'Mariupol', '2022-05-21'),
             ('Shevchenko lithium', NULL, 'Shevchenko lithium deposit', '2025-06-26'),
             ('Rubaya', NULL, 'Rubaya', '2024-04-30'),
             ('Goma', NULL, 'Goma', '2025-01-27'),
             ('South Kivu', 'CD-SK', NULL, '2025-02-14'),
             ('Bukavu', NULL, 'Bukavu', '2025-02-16'),
             ('Abkhazia', 'GE-AB', NULL, '1993-09-01'),
             ('Akhalgori', NULL, 'Akhalgori', '2008-08-08'),
             ('Bender', 'MD-BD', NULL, '1992-07-21'),
             ('Famagusta', NULL, 'Famagusta', '1974-08-16'),
             ('Dakhla', NULL, 'Dakhla', '1979-08-14')) v(what, territory, place, day),
     (VALUES (-1), (0), (1)) s(shift);
SELECT what, day, tag_origin(territory, place, day) FROM boundary ORDER BY what, day;

-- Zaporizhzhia city stays under the government while the south is occupied;
-- the oblast and the country alone are contested; Lviv oblast is sovereign.
SELECT input, tag_origin(t::territory, p, '2023-06-01') AS tag
FROM (VALUES ('Zaporizhzhia', NULL, 'UA23060070010069526'), ('Enerhodar', NULL, 'Enerhodar'),
             ('Kramatorsk', NULL, 'Kramatorsk'), ('Zaporizhzhia Titanium-Magnesium Combine', NULL, 'ZTMK'),
             ('UA-23 alone', 'UA-23', NULL), ('UA-65 alone', 'UA-65', NULL),
             ('UA alone', 'UA', NULL), ('UA-46 alone', 'UA-46', NULL),
             ('Crimean Titan', NULL, 'Crimean Titan'), ('Armiansk', NULL, 'Armyansk'),
             ('Tkvarcheli', NULL, 'Tkvarcheli'), ('South Ossetia', NULL, 'South Ossetia'),
             ('GE-SK alone', 'GE-SK', NULL), ('GE alone', 'GE', NULL),
             ('Transnistria', NULL, 'Transnistria'), ('Rîbnița', NULL, 'Rybnitsa'),
             ('MD-SN alone', 'MD-SN', NULL), ('MD alone', 'MD', NULL),
             ('Northern Cyprus', NULL, 'Northern Cyprus'), ('Kyrenia', 'CY', 'Girne'),
             ('CY-01 alone', 'CY-01', NULL), ('Bou Craa', NULL, 'Bou Craa'), ('EH alone', 'EH', NULL),
             ('Novopoltavka (no own record)', NULL, 'Novopoltavka deposit'),
             ('FR alone', 'FR', NULL), ('RU alone', 'RU', NULL)) v(input, t, p);

-- Before anything was recorded, everything was sovereign.
SELECT tag_origin('UA', NULL::int, '2010-01-01') AS ua_2010, tag_origin('GE', NULL::int, '1980-01-01') AS ge_1980;

-- Every spelling of a place gives the same tag.
SELECT n, tag_origin(NULL, n, '2023-06-01')
FROM unnest(ARRAY['Мелітополь', 'Мелитополь', 'Melitopol', 'melitopol’', 'MELITOPOL ',
                  'Zaporozhye', 'Запорожье', 'UA23060070010069526', 'Херсон', 'Kherson']) n;

-- A name that means several places (the codifier has fifteen Zaporizhzhias)
-- is contested where they were not all held alike on the day, and tagged
-- as they were where they were; the territory is the finest holding them
-- all, and no place is named.  A KATOTTH code is exact.
SELECT n, t, tag_origin(t::territory, n, '2023-06-01')
FROM (VALUES ('Запоріжжя', NULL), ('Zaporizhzhia', 'UA-23'), ('UA23060070010069526', NULL),
             ('Vasylivka', 'UA-05'), ('Mariupol', NULL), ('Mariupol', 'UA-14'),
             ('Kakhovka', NULL)) v(n, t);
-- candidates in different countries are no one tag: an error
SELECT tag_origin(NULL, 'Girne', '2023-06-01');

-- By id, with or without the territory; the territory may be coarser.
SELECT tag_origin(NULL, 16, '2023-06-01') AS by_id, tag_origin('UA', 16, '2023-06-01') AS within_country,
       tag_origin('UA-23', 16, '2023-06-01') AS within_oblast;

-- NULL date, or neither territory nor place: NULL.
SELECT tag_origin('UA-23', 16, NULL) IS NULL AS no_date, tag_origin(NULL, NULL::int, '2023-06-01') IS NULL AS nothing,
       tag_origin(NULL, NULL::text, '2023-06-01') IS NULL AS nothing_by_name;

-- Errors: unknown and ambiguous names, a place outside the territory, bad ids and dates.
SELECT tag_origin(NULL, 'Atlantis', '2023-06-01');
SELECT tag_origin('UA-14', 'Melitopol', '2023-06-01');
SELECT tag_origin('UA-14', 16, '2023-06-01');
SELECT tag_origin(NULL, 999999, '2023-06-01');
SELECT tag_origin(NULL, 0, '2023-06-01');
SELECT tag_origin(NULL, '—', '2023-06-01');
SELECT tag_origin('UA-23', NULL::int, 'infinity');
SELECT tag_origin('UA-23', NULL::int, '-infinity');
-- (user ids depend on the tests run before: they are masked)
INSERT INTO place (territory, kind, name, source) VALUES ('US-TX', 'locality', 'Melitopol', 'regress: a namesake');
SELECT regexp_replace(regress_error_text($$SELECT embargo.tag_origin(NULL, 'Melitopol', '2023-06-01')$$),
                      'id 1\d{6}', 'id <user>') AS ambiguous;
SELECT tag_origin('UA', 'Melitopol', '2023-06-01') AS disambiguated,
       regexp_replace(tag_origin('US', 'Melitopol', '2023-06-01')::text, '1\d{6}', '<user>') AS namesake;

--
-- User rows: authorities and control records are plain DML.
--
INSERT INTO authority (code, name, backed_by, source) VALUES ('WAGN', 'a test militia', 'RU', 'regress');
INSERT INTO place (territory, kind, name, source) VALUES ('UA-23', 'site', 'Test quarry', 'regress') RETURNING id > 1000000 AS user_id;
INSERT INTO control (place_id, controller, valid_from, valid_until, source)
SELECT id, 'WAGN', '2023-01-01', '2023-07-01', 'regress' FROM place WHERE name = 'Test quarry';
SELECT day, controller(t), status(t), decided_at(t)
FROM unnest('{2022-12-31,2023-01-01,2023-06-30,2023-07-01}'::date[]) day, tag_origin(NULL, 'Test quarry', day) t;
-- A second, disagreeing record for the same place and days makes it contested.
INSERT INTO control (place_id, controller, valid_from, source)
SELECT id, 'UA', '2023-06-01', 'regress' FROM place WHERE name = 'Test quarry';
SELECT day, controller(t), status(t), decided_at(t)
FROM unnest('{2023-05-31,2023-06-01,2023-07-01}'::date[]) day, tag_origin(NULL, 'Test quarry', day) t;
-- A country-level record is the coarsest level: it decides only where no finer one does.
INSERT INTO control (territory, controller, coverage, valid_from, source)
VALUES ('KZ', 'RU', 'partial', '2024-01-01', 'regress');
SELECT tag_origin('KZ', NULL::int, '2024-01-01') AS kz, tag_origin('KZ-ALA', NULL::int, '2024-01-01') AS kz_ala,
       tag_origin('KZ-ALA', NULL::int, '2023-12-31') AS kz_ala_before;

-- A partial record by the sovereign itself accounts for only part of the
-- area: what is recorded below it still makes the area contested.
INSERT INTO place (territory, kind, name, source) VALUES ('UA-46', 'site', 'Test mine', 'regress');
INSERT INTO control (place_id, controller, valid_from, source)
SELECT id, 'RU', '2023-01-01', 'regress' FROM place WHERE name = 'Test mine';
SELECT tag_origin('UA-46', NULL::int, '2023-06-01') AS held_below;
INSERT INTO control (territory, controller, coverage, valid_from, source)
VALUES ('UA-46', 'UA', 'partial', '2023-01-01', 'regress');
SELECT tag_origin('UA-46', NULL::int, '2023-06-01') AS with_partial_sovereign_record,
       tag_origin('UA-46', NULL::int, '2022-06-01') AS before_both;
DELETE FROM control WHERE territory = 'UA-46' OR place_id = (SELECT id FROM place WHERE name = 'Test mine');

-- The cache serves only users who may read its tables (everyone may, by
-- default: take that away for the test).
REVOKE SELECT ON place, place_name, control FROM PUBLIC;
CREATE ROLE regress_embargo_reader;
GRANT USAGE ON SCHEMA embargo TO regress_embargo_reader;
SET ROLE regress_embargo_reader;
SELECT tag_origin('UA-43', NULL::int, '2023-01-01');
RESET ROLE;
GRANT SELECT ON place, place_name, control TO regress_embargo_reader;
SET ROLE regress_embargo_reader;
SELECT tag_origin('UA-43', NULL::int, '2023-01-01') AS granted;
RESET ROLE;
REVOKE SELECT ON control FROM regress_embargo_reader;
SET ROLE regress_embargo_reader;
SELECT tag_origin('UA-43', NULL::int, '2023-01-01') AS revoked;
RESET ROLE;
REVOKE ALL ON place, place_name, control FROM regress_embargo_reader;
REVOKE ALL ON SCHEMA embargo FROM regress_embargo_reader;
DROP ROLE regress_embargo_reader;
GRANT SELECT ON place, place_name, control TO PUBLIC;

-- Bad rows are refused.
INSERT INTO control (territory, controller, source) VALUES ('UA-23', 'XX', 'regress');
INSERT INTO control (territory, controller, source) VALUES ('UA-23', 'RU-MOW', 'regress');
INSERT INTO control (territory, controller, source) VALUES ('UA-23', 'ru', 'regress');
INSERT INTO control (territory, controller, source) VALUES ('UA-23', 'NOONE', 'regress');
INSERT INTO control (territory, place_id, controller, source) VALUES ('UA-23', 16, 'RU', 'regress');
INSERT INTO control (controller, source) VALUES ('RU', 'regress');
INSERT INTO control (territory, controller, valid_from, valid_until, source)
VALUES ('UA-23', 'RU', '2023-01-01', '2023-01-01', 'regress');
INSERT INTO control (territory, controller, coverage, source) VALUES ('UA-23', 'RU', 'most', 'regress');
INSERT INTO control (place_id, controller, source) VALUES (999999, 'RU', 'regress');
INSERT INTO authority (code, name, source) VALUES ('UA', 'two letters', 'regress');
INSERT INTO authority (code, name, source) VALUES ('ab1', 'lower case', 'regress');
DELETE FROM authority WHERE code = 'WAGN';
-- Ids below 1000000 are the extension's.
INSERT INTO control (id, territory, controller, source) VALUES (999, 'UA-23', 'RU', 'regress');
INSERT INTO place (id, territory, kind, name, source) VALUES (999, 'UA-23', 'site', 'Low id', 'regress');
-- Shipped rows cannot be changed.
UPDATE control SET valid_until = '2030-01-01' WHERE id = 1;
DELETE FROM control WHERE id = 1;
DELETE FROM authority WHERE code = 'M23';
INSERT INTO control (territory, controller, source, shipped) VALUES ('UA-23', 'RU', 'regress', true);

--
-- The cache follows every kind of change, from the next statement on.
--
SELECT tag_origin('UA-46', NULL::int, '2023-01-01') AS before_insert;
INSERT INTO control (territory, controller, coverage, valid_from, source)
VALUES ('UA-46', 'RU', 'partial', '2023-01-01', 'regress');
SELECT tag_origin('UA-46', NULL::int, '2023-01-01') AS after_insert;
UPDATE control SET coverage = 'full' WHERE territory = 'UA-46';
SELECT tag_origin('UA-46', NULL::int, '2023-01-01') AS after_update;
DELETE FROM control WHERE territory = 'UA-46';
SELECT tag_origin('UA-46', NULL::int, '2023-01-01') AS after_delete;
-- TRUNCATE (rolled back: it would take the shipped rows too)
BEGIN;
SELECT tag_origin('UA-43', NULL::int, '2023-01-01') AS before_truncate;
TRUNCATE control;
SELECT tag_origin('UA-43', NULL::int, '2023-01-01') AS after_truncate;
ROLLBACK;
SELECT tag_origin('UA-43', NULL::int, '2023-01-01') AS after_rollback;
-- A new alias and a new place are found at once.
INSERT INTO place_name (place_id, name) VALUES (16, 'Melitopolis');
SELECT tag_origin(NULL, 'Melitopolis', '2023-06-01') AS new_alias;
DELETE FROM place_name WHERE name = 'Melitopolis';
SELECT tag_origin(NULL, 'Melitopolis', '2023-06-01') AS alias_gone;
-- Changes inside a rolled-back transaction leave no trace.
BEGIN;
INSERT INTO control (territory, controller, valid_from, source) VALUES ('UA-46', 'RU', '2023-01-01', 'regress');
SELECT tag_origin('UA-46', NULL::int, '2023-01-01') AS inside;
ROLLBACK;
SELECT tag_origin('UA-46', NULL::int, '2023-01-01') AS after_rollback;

-- A shipment table tagged in one pass, serially and by parallel workers
-- (each worker builds its own cache).
CREATE TABLE tag_shipment AS
SELECT n, (ARRAY['UA-23', 'UA-43', 'UA-46', 'CD-NK', 'UA-14', 'FR'])[n % 6 + 1]::territory AS territory,
       (ARRAY['Melitopol', NULL, NULL, 'Rubaya', 'Донецк', NULL])[n % 6 + 1] AS place,
       '2021-01-01'::date + n % 1500 AS day
FROM generate_series(1, 30000) n;
ANALYZE tag_shipment;
SELECT status(tag_origin(territory, place, day)), count(*) FROM tag_shipment GROUP BY 1 ORDER BY 1;
SELECT count(*) AS occupied_serially FROM tag_shipment WHERE is_occupied(tag_origin(territory, place, day)) \gset
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT count(*) FROM tag_shipment WHERE is_occupied(tag_origin(territory, place, day));
SELECT count(*) = :occupied_serially AS parallel_agrees
FROM tag_shipment WHERE is_occupied(tag_origin(territory, place, day));
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
DROP TABLE tag_shipment;

--
-- The shipped timeline itself.
--
-- Every row cites a source, and shipped ids are below the user range.
SELECT count(*) AS shipped_rows, max(id) < 1000000 AS fixed_ids,
       count(*) FILTER (WHERE source !~ '\S') AS without_source
FROM control WHERE shipped;
-- No place or territory has two full records for one day with different
-- controllers, in the rows of no list or in one edition of a list (a list
-- supersedes the rows of no list on the units it names).
SELECT a.id, b.id FROM control a JOIN control b
  ON a.id < b.id AND a.territory IS NOT DISTINCT FROM b.territory
 AND a.place_id IS NOT DISTINCT FROM b.place_id
 AND a.list IS NOT DISTINCT FROM b.list AND a.edition IS NOT DISTINCT FROM b.edition
 AND a.coverage = 'full' AND b.coverage = 'full' AND a.controller <> b.controller
 AND daterange(a.valid_from, a.valid_until) && daterange(b.valid_from, b.valid_until)
WHERE a.shipped AND b.shipped;
-- Every authority used is registered and backed by a country.
SELECT code, backed_by FROM authority WHERE shipped ORDER BY code;

-- Remove the user rows of this test.
DELETE FROM control WHERE NOT shipped;
DELETE FROM place WHERE source LIKE 'regress%';
DELETE FROM authority WHERE NOT shipped;
