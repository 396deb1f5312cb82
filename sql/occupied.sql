--
-- Ukraine's list of territories of hostilities or temporary occupation
-- (Order No. 376 of 28.02.2025) as the control timeline: the shipped edition,
-- tagging by it, and load_official_list(), which loads a newer edition.
-- Places are named by KATOTTH code or id, never by name.
--
SET search_path = embargo, public;
SET datestyle = ISO;
-- errors without the PL/pgSQL context (line numbers in the function)
\set SHOW_CONTEXT never

-- The shipped edition: in force, its rows shipped, with ids from 200,001.
SELECT list, edition, source, shipped FROM official_list ORDER BY list, edition;
SELECT controller, coverage, count(*), min(id) >= 200001 AND max(id) < 300000 AS reserved_ids,
       bool_and(shipped AND edition = '2025-05-07' AND source LIKE 'Order No. 376 of 28.02.2025 %; line %') AS cited
FROM control WHERE list = 'ua-occupied' GROUP BY controller, coverage ORDER BY controller, coverage;
SELECT category, count(*), bool_and(shipped) AS shipped FROM hostility GROUP BY category ORDER BY category;
SELECT embargo.version() LIKE '% DATA_UA_OCCUPIED="2025-05-07"%' AS version_names_it;
SELECT count(*) AS staging_rows FROM official_list_staging;

-- The settlements left out of an occupied unit ("за винятком") that the
-- list leaves free: held by UA over the unit's periods, where no row of
-- their own says otherwise.
SELECT p.katotth, p.name, c.valid_from, c.valid_until
FROM control c JOIN place p ON p.id = c.place_id
WHERE c.list = 'ua-occupied' AND c.controller = 'UA' ORDER BY p.katotth, c.valid_from;

-- Each boundary of the list: the day before, of and after.  The end date is
-- the last day of occupation.  By code and by place id alike.
CREATE TEMP TABLE occupied_case (what text, code text, day date);
INSERT INTO occupied_case
SELECT what, code, day::date + shift
FROM (VALUES ('Mariupol: its raion occupied, the city left out', 'UA14140050010029262', '2022-03-05'),
             ('Mariupol: occupied, administered by the DNR', 'UA14140050010029262', '2022-05-21'),
             ('Mariupol: DNR to RU', 'UA14140050010029262', '2022-09-30'),
             ('Mospanove (Kharkiv oblast): occupied', 'UA63140050020095509', '2022-02-24'),
             ('Mospanove: last day, 05.05.2022', 'UA63140050020095509', '2022-05-05'),
             ('Kherson city (its hromada): occupied', 'UA65100150010064384', '2022-03-01'),
             ('Kherson city: last day, 11.11.2022', 'UA65100150010064384', '2022-11-11'),
             ('Chornobaivka (right bank): last day', 'UA65100170010020440', '2022-11-11'),
             ('Oleshky (left bank): occupied', 'UA65100110010019482', '2022-02-24'),
             ('Bucha (Kyiv oblast): occupied', 'UA32080070010087821', '2022-03-03'),
             ('Bucha: last day, 01.04.2022', 'UA32080070010087821', '2022-04-01'),
             ('Koriukivka (its raion, Chernihiv oblast): occupied', 'UA74020010010096225', '2022-02-24'),
             ('Koriukivka: last day, 03.04.2022', 'UA74020010010096225', '2022-04-03'),
             ('Makarivka, two periods: the first starts', 'UA14040010080042209', '2022-03-10'),
             ('Makarivka: the first ends, 11.06.2023', 'UA14040010080042209', '2023-06-11'),
             ('Makarivka: the second starts, still going on', 'UA14040010080042209', '2025-02-07'),
             ('Vasylivka (its hromada): occupied', 'UA23040030010016724', '2022-02-26'),
             ('Kamianske, left out of Vasylivka hromada', 'UA23040030070077377', '2022-02-26'),
             ('Dibrova (Kreminna): last day, then left out', 'UA44120030080091382', '2023-01-01'),
             ('Zolote: part of it (Zolote-5)', 'UA44120010020096222', '2018-02-07'),
             ('Zolote: the rest, left out of part', 'UA44120010020096222', '2022-06-23'),
             ('Simferopol (the Crimea row)', 'UA01160330010074014', '2014-02-20'),
             ('Donetsk city (its raion): 2014', 'UA14080030010048113', '2014-04-07'),
             ('Donetsk city: DNR to RU', 'UA14080030010048113', '2022-09-30')) v(what, code, day),
     (VALUES (-1), (0), (1)) s(shift);
SELECT c.what, c.day, tag_origin(NULL, c.code, c.day) AS by_code,
       tag_origin(NULL, p.id, c.day) = tag_origin(NULL, c.code, c.day) AS same_by_id
FROM occupied_case c JOIN place p ON p.katotth = c.code ORDER BY c.what, c.day;

-- Never occupied: Lviv; Irpin city, whose villages were; Chernihiv city,
-- whose raion's hromadas were.  A unit the list does not name, on itself or
-- any unit it lies in, is sovereign.
SELECT input, tag_origin(NULL, code, '2022-03-15') AS tag
FROM (VALUES ('Lviv', 'UA46060250010015970'), ('Irpin city', 'UA32080150010049888'),
             ('Chernihiv city', 'UA74100390010054825'), ('Zaporizhzhia city', 'UA23060070010069526'))
     v(input, code);

-- The parsers the loader reads the cells with.
SELECT cell, official_list_dates(cell)
FROM unnest(ARRAY['', '24.02.2022', '10.03.2022|07.02.2025', '29.02.2024', '29.02.2023', '31.04.2022',
                  '00.01.2022', '01.13.2022', '1.3.2022', '24.02.2022|', '2022-02-24']) cell;
SELECT * FROM official_list_exceptions(
	'Милівська сільська територіальна громада за винятком с. Дудчани, с-ще. Качкарівка, с. Новокаїри с. Республіканець');
SELECT * FROM official_list_exceptions(
	'Гірська міська громада за винятком: с. Жолобок, частина м. Золоте (Золоте – 5), c. Красний Яр та с. Новобахмутівка (UA14160190130054690)');
SELECT count(*) AS none FROM official_list_exceptions('Херсонська міська територіальна громада');

------------------------------------------------------------------------------
-- The loader, as an administrator uses it.
------------------------------------------------------------------------------
CREATE ROLE regress_list_admin IN ROLE embargo_admin;
CREATE ROLE regress_list_reader;
TRUNCATE official_list_staging RESTART IDENTITY;
\copy official_list_staging (edition, section, category, oblast, raion, katotth, name_uk, date_start, date_end, n_periods, date_start_raw, date_end_raw, note) FROM 'data/ua_occupied.csv' WITH (FORMAT csv, HEADER)
SELECT count(*) AS staged FROM official_list_staging;

-- Only embargo_admin may load.
SET ROLE regress_list_reader;
SELECT * FROM load_official_list('ua-occupied', '2025-05-07', 'regress');
RESET ROLE;

-- The shipped edition again: the same facts, nothing to do; other facts
-- under its date are refused (the shipped edition is the extension's).
SET ROLE regress_list_admin;
SELECT * FROM load_official_list('ua-occupied', '2025-05-07', 'Order No. 376, edition of 07.05.2025');
UPDATE official_list_staging SET date_end = '06.05.2022'
WHERE katotth = 'UA63140050020095509' AND category = 'temporarily_occupied';
SELECT * FROM load_official_list('ua-occupied', '2025-05-07', 'Order No. 376, edition of 07.05.2025');
UPDATE official_list_staging SET date_end = '05.05.2022'
WHERE katotth = 'UA63140050020095509' AND category = 'temporarily_occupied';
RESET ROLE;

-- A new edition (a fictional one, for the test): Mospanove's row gone,
-- Mariupol occupied a day earlier, Makarivka's second period ended on
-- 30.06.2025, Plavni (left out of Vasylivka hromada) occupied from
-- 15.07.2025.  The report: each unit whose status changes, and from when.
UPDATE official_list_staging SET edition = '2025-08-01';
DELETE FROM official_list_staging WHERE katotth = 'UA63140050020095509' AND category = 'temporarily_occupied';
UPDATE official_list_staging SET date_start = '20.05.2022'
WHERE katotth = 'UA14140050010029262' AND category = 'temporarily_occupied';
UPDATE official_list_staging SET date_end = '11.06.2023|30.06.2025'
WHERE katotth = 'UA14040010080042209' AND category = 'temporarily_occupied';
INSERT INTO official_list_staging (edition, section, category, oblast, raion, katotth, name_uk, date_start, n_periods)
VALUES ('2025-08-01', 'II', 'temporarily_occupied', 'ЗАПОРІЗЬКА ОБЛАСТЬ', 'Василівський район', 'UA23040030140041898',
        'с. Плавні Василівської міської територіальної громади', '15.07.2025', '1');
SET ROLE regress_list_admin;
SELECT * FROM load_official_list('ua-occupied', '2025-08-01', 'regress: a fictional edition of 01.08.2025');
RESET ROLE;
SELECT list, edition, shipped, loaded_by FROM official_list ORDER BY edition;
SELECT count(*) FILTER (WHERE edition = '2025-08-01' AND NOT shipped) AS new_rows,
       count(*) FILTER (WHERE edition = '2025-05-07' AND shipped) AS shipped_rows,
       bool_and(id >= 1000000) FILTER (WHERE NOT shipped) AS user_ids
FROM control WHERE list = 'ua-occupied';
-- The new edition is in force: tagging follows it at once.
SELECT input, tag_origin(NULL, code, day::date) AS tag
FROM (VALUES ('Mospanove, no longer listed', 'UA63140050020095509', '2022-03-01'),
             ('Mariupol, a day earlier', 'UA14140050010029262', '2022-05-20'),
             ('Makarivka, last day', 'UA14040010080042209', '2025-06-30'),
             ('Makarivka, the day after', 'UA14040010080042209', '2025-07-01'),
             ('Plavni, the day before', 'UA23040030140041898', '2025-07-14'),
             ('Plavni, occupied', 'UA23040030140041898', '2025-07-15'),
             ('Kherson city, unchanged', 'UA65100150010064384', '2022-11-11')) v(input, code, day);

-- The same edition twice changes nothing: no report, no row written.
SELECT loaded_at AS loaded_before FROM official_list WHERE edition = '2025-08-01' \gset
SELECT * FROM load_official_list('ua-occupied', '2025-08-01', 'regress: a fictional edition of 01.08.2025');
SELECT loaded_at = :'loaded_before' AS untouched FROM official_list WHERE edition = '2025-08-01';

-- Under a hostile search_path, it runs as anywhere.
CREATE SCHEMA list_hostile;
CREATE FUNCTION list_hostile.trap(text, text) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'hijacked: % %', $1, $2;
END $$;
CREATE OPERATOR list_hostile.= (LEFTARG = text, RIGHTARG = text, PROCEDURE = list_hostile.trap);
CREATE FUNCTION list_hostile.name_key(text) RETURNS text LANGUAGE sql AS $$ SELECT 'hijacked' $$;
CREATE TABLE list_hostile.control (id integer);
SET search_path = list_hostile, pg_catalog, embargo;
SELECT * FROM embargo.load_official_list('ua-occupied', '2025-08-01', 'regress: a fictional edition of 01.08.2025');
SET search_path = embargo, public;
DROP SCHEMA list_hostile CASCADE;

-- Refused, with nothing changed: what the database holds now.
CREATE TEMP TABLE list_state AS
SELECT (SELECT string_agg(edition || '/' || source, ', ' ORDER BY edition) FROM official_list) AS editions,
       (SELECT count(*) FROM control WHERE list IS NOT NULL) AS control_rows,
       (SELECT count(*) FROM hostility) AS hostility_rows,
       tag_origin(NULL, 'UA14140050010029262', '2022-05-20') AS mariupol;
\set VERBOSITY default
-- an edition older than the one in force
SELECT * FROM load_official_list('ua-occupied', '2025-06-01', 'regress');
-- a list the loader does not read; no edition; no source
SELECT * FROM load_official_list('ua-hostilities', '2025-09-01', 'regress');
SELECT * FROM load_official_list('ua-occupied', NULL, 'regress');
SELECT * FROM load_official_list('ua-occupied', '2025-09-01', '  ');
-- the staged rows are of another edition
SELECT * FROM load_official_list('ua-occupied', '2025-09-01', 'regress');
UPDATE official_list_staging SET edition = NULL;
-- a malformed code, on line 1530 (Mariupol)
UPDATE official_list_staging SET katotth = 'UA1414005001002926' WHERE katotth = 'UA14140050010029262' AND category = 'temporarily_occupied';
SELECT * FROM load_official_list('ua-occupied', '2025-09-01', 'regress');
-- a code that is no place
UPDATE official_list_staging SET katotth = 'UA14140050010029261' WHERE katotth = 'UA1414005001002926';
SELECT * FROM load_official_list('ua-occupied', '2025-09-01', 'regress');
UPDATE official_list_staging SET katotth = 'UA14140050010029262' WHERE katotth = 'UA14140050010029261';
-- a day that is none, and a period that ends before it starts
UPDATE official_list_staging SET date_start = '31.02.2022' WHERE katotth = 'UA14140050010029262' AND category = 'temporarily_occupied';
SELECT * FROM load_official_list('ua-occupied', '2025-09-01', 'regress');
UPDATE official_list_staging SET date_start = '20.05.2022', date_end = '19.05.2022' WHERE katotth = 'UA14140050010029262' AND category = 'temporarily_occupied';
SELECT * FROM load_official_list('ua-occupied', '2025-09-01', 'regress');
UPDATE official_list_staging SET date_end = NULL WHERE katotth = 'UA14140050010029262' AND category = 'temporarily_occupied';
-- a second period that starts before the first ends; a code listed twice
UPDATE official_list_staging SET date_start = '10.03.2022|10.06.2023' WHERE katotth = 'UA14040010080042209' AND category = 'temporarily_occupied';
SELECT * FROM load_official_list('ua-occupied', '2025-09-01', 'regress');
UPDATE official_list_staging SET date_start = '10.03.2022|07.02.2025' WHERE katotth = 'UA14040010080042209' AND category = 'temporarily_occupied';
INSERT INTO official_list_staging (section, category, katotth, name_uk, date_start)
VALUES ('II', 'temporarily_occupied', 'UA23040030140041898', 'с. Плавні', '16.07.2025');
SELECT * FROM load_official_list('ua-occupied', '2025-09-01', 'regress');
DELETE FROM official_list_staging WHERE name_uk = 'с. Плавні';
-- an exception that names no settlement of the unit
UPDATE official_list_staging SET name_uk = replace(name_uk, 'с. Плавні', 'с. Атлантида')
WHERE katotth = 'UA23040030000061166' AND category = 'temporarily_occupied';
SELECT * FROM load_official_list('ua-occupied', '2025-09-01', 'regress');
UPDATE official_list_staging SET name_uk = replace(name_uk, 'с. Атлантида', 'с. Плавні')
WHERE katotth = 'UA23040030000061166' AND category = 'temporarily_occupied';
-- an exception that names two (Ocheretyne hromada has two villages Novobakhmutivka)
INSERT INTO official_list_staging (section, category, katotth, name_uk, date_start)
VALUES ('II', 'temporarily_occupied', 'UA14160190000059231',
        'Очеретинська селищна територіальна громада за винятком с. Новобахмутівка', '01.05.2025');
SELECT * FROM load_official_list('ua-occupied', '2025-09-01', 'regress');

-- None of the refused loads changed anything.
SELECT s.editions = (SELECT string_agg(edition || '/' || source, ', ' ORDER BY edition) FROM official_list)
       AND s.control_rows = (SELECT count(*) FROM control WHERE list IS NOT NULL)
       AND s.hostility_rows = (SELECT count(*) FROM hostility)
       AND s.mariupol = tag_origin(NULL, 'UA14140050010029262', '2022-05-20') AS nothing_changed
FROM list_state s;

-- The code in parentheses settles which village is meant; the new edition
-- replaces the administrator's older one (the shipped one stays).
UPDATE official_list_staging SET name_uk = name_uk || ' (UA14160190130054690)'
WHERE katotth = 'UA14160190000059231' AND category = 'temporarily_occupied';
SELECT count(*) > 0 AS loaded FROM load_official_list('ua-occupied', '2025-09-01', 'regress: the settled exception');
SELECT list, edition, shipped FROM official_list ORDER BY edition;
SELECT p.katotth, p.name, c.controller, c.valid_from FROM control c JOIN place p ON p.id = c.place_id
WHERE c.edition = '2025-09-01' AND p.katotth IN ('UA14160190000059231', 'UA14160190130054690', 'UA14160190140092509')
ORDER BY p.katotth;
-- an empty staging table
TRUNCATE official_list_staging;
SELECT * FROM load_official_list('ua-occupied', '2025-10-01', 'regress');

-- Undo: the shipped edition is in force again.
DELETE FROM official_list WHERE NOT shipped;
TRUNCATE official_list_staging RESTART IDENTITY;
SELECT tag_origin(NULL, 'UA63140050020095509', '2022-03-01') AS mospanove,
       tag_origin(NULL, 'UA14140050010029262', '2022-05-20') AS mariupol;
DROP ROLE regress_list_admin;
DROP ROLE regress_list_reader;

-- explain() by place name: a name that means several places names them with
-- their codes; an area of hostilities on the day is said, as information
-- (Kostiantynivka hromada: active hostilities 1 Jan - 21 Jun 2023, then
-- active hostilities with the state's e-resources working).
SELECT rule_id, action, why ~ 'means 3 places: Zaporizhzhia \(UA-23, locality, UA23060070010069526\)' AS names_candidates
FROM explain('UA-23'::territory, 'Zaporizhzhia', '2805.30', '2023-06-01', 'EU') ORDER BY rule_id;
SELECT rule_id, action, substring(why FROM ' [^.]* lies in an area of [^.]*\.') AS hostilities
FROM explain(tag_origin(NULL, 'UA14120070000090878', '2023-03-01'), '8001.10', '2023-03-01', 'EU');
SELECT rule_id, substring(why FROM ' [^.]* lies in an area of [^.]*\.') AS hostilities_later
FROM explain(tag_origin(NULL, 'UA14120070000090878', '2023-07-01'), '8001.10', '2023-07-01', 'EU');
SELECT count(*) AS rows_for_a_null_input FROM explain('UA-23'::territory, 'Zaporizhzhia', NULL, '2023-06-01', 'EU');

-- enforce() resolves names the same way: a repeated name is reviewed, its
-- code settles it (Zaporizhzhia city: under the government).
CREATE TABLE public.imp_named (ref text, territory territory, place text, hs hscode, shipped date,
                               verdict verdict, origin origin);
CREATE TRIGGER screen BEFORE INSERT OR UPDATE ON public.imp_named FOR EACH ROW
	EXECUTE FUNCTION enforce('mode=flag', 'jurisdiction=EU', 'territory=territory', 'place=place',
	                         'hs=hs', 'date=shipped', 'key=ref', 'verdict=verdict', 'origin=origin');
INSERT INTO public.imp_named (ref, territory, place, hs, shipped) VALUES
	('N-1', 'UA-23', 'Zaporizhzhia', '2805.30', '2024-03-01'),
	('N-2', NULL, 'UA23060070010069526', '2805.30', '2024-03-01'),
	('N-3', 'UA-23', 'Мелітополь', '2805.30', '2024-03-01');
SELECT ref, verdict, origin FROM public.imp_named ORDER BY ref;
DROP TABLE public.imp_named;
