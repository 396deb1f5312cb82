--
-- Places finer than ISO 3166-2 and the name lookup.
--
SET search_path = embargo, public;


-- name_key folds script, case, accents, apostrophes and punctuation.
SELECT n, name_key(n) FROM (VALUES ('Мелітополь'), ('Мелитополь'), ('Melitopol'),
	('melitopol’'), ('MELITOPOL'), ('Слов’янськ'), ('Rîbnița'), ('Laâyoune'),
	('ტყვარჩელი'), ('El Aaiún'), ('  Nova   Kakhovka '), ('Нова Каховка'), (''),
	('北京市'), ('東京都')) v(n);
-- long input that grows a lot under transliteration
SELECT length(name_key(repeat('莊', 2000))) AS long_key;
SELECT name_key(NULL) IS NULL AS strict;

-- The shipped gazetteer: the hand-made places (ids below 100000), and every
-- unit of Ukraine's KATOTTH codifier, by category, each with its code and
-- (but the oblasts and the special-status cities) its parent.
SELECT territory, kind, count(*) FROM place WHERE shipped AND id < 100000 GROUP BY 1, 2 ORDER BY 1, 2;
SELECT kind, count(*), count(parent_id) AS with_parent FROM place
WHERE shipped AND katotth IS NOT NULL GROUP BY 1 ORDER BY 1;
SELECT count(*) AS katotth_units, count(DISTINCT katotth) AS codes FROM place WHERE katotth IS NOT NULL;
-- a unit lies in its parent's territory, and the chain ends at an oblast or city
SELECT count(*) AS outside_parent FROM place c JOIN place p ON p.id = c.parent_id
WHERE NOT p.territory @> c.territory;
SELECT count(*) AS orphans FROM place WHERE katotth IS NOT NULL AND parent_id IS NULL
  AND kind NOT IN ('oblast', 'city');
-- the hand-made places of Ukraine carry their codes: Donetsk, Sevastopol, Yany Kapu
SELECT id, name, katotth, (SELECT name FROM place q WHERE q.id = p.parent_id) AS parent
FROM place p WHERE id IN (1, 13, 31, 33) ORDER BY id;
-- Every place named in the origin-tagging issue is there.
SELECT n AS missing FROM unnest(ARRAY['Mariupol', 'Makiivka', 'Horlivka', 'Donetsk', 'Alchevsk',
	'Luhansk', 'Melitopol', 'Berdiansk', 'Enerhodar', 'Tokmak', 'Nova Kakhovka', 'Henichesk',
	'Skadovsk', 'Zaporizhzhia', 'Kramatorsk', 'Sloviansk', 'Kherson', 'Armyansk', 'Kerch',
	'Feodosia', 'Krasnoperekopsk', 'Sevastopol', 'Azov rare-earth deposit', 'Kruta Balka',
	'Shevchenko lithium deposit', 'Novopoltavka deposit', 'Crimean Titan',
	'Zaporizhzhia Titanium-Magnesium Combine', 'Rubaya', 'Bou Craa', 'Tkvarcheli', 'Rîbnița',
	'Bender', 'Goma', 'Bukavu']) n
WHERE NOT EXISTS (SELECT 1 FROM find_places(n));
-- Data quality: no two shipped places share a key, no alias repeats what the
-- key already derives, and every row says where it comes from.
-- (Of the hand-made places: KATOTTH names repeat by nature, "Andriivka" dozens of times.)
SELECT k, array_agg(id) FROM (
	SELECT id, name_key(name) AS k FROM place WHERE shipped AND id < 100000
	UNION SELECT place_id, name_key(name) FROM place_name WHERE shipped AND place_id < 100000) s
GROUP BY k HAVING count(DISTINCT id) > 1;
SELECT p.name, n.name AS redundant_alias FROM place p JOIN place_name n ON n.place_id = p.id
WHERE p.katotth IS NULL AND (name_key(n.name) = name_key(p.name)
   OR EXISTS (SELECT 1 FROM place_name m WHERE m.place_id = n.place_id
              AND name_key(m.name) = name_key(n.name) AND m.name <> n.name));
-- Shipped ids are fixed and below the user range.
SELECT min(id), max(id), count(*) FROM place WHERE shipped;
SELECT count(*) AS without_source FROM place WHERE source !~ '\S';

-- find_place: any script or spelling of a name finds the one place.
SELECT q, find_place(q) = (SELECT id FROM place WHERE name = 'Melitopol') AS melitopol
FROM (VALUES ('Мелітополь'), ('Мелитополь'), ('Melitopol'), ('melitopol’')) v(q);
-- (a name the codifier repeats finds the hand-made place among its candidates)
SELECT q, (SELECT string_agg(place, ', ') FROM find_places(q) WHERE id < 100000) AS found,
       (SELECT count(*) FROM find_places(q)) AS candidates
FROM (VALUES ('Zaporozhye'), ('Запоріжжя'), ('Запорожье'), ('Rîbnița'), ('Rybnitsa'),
             ('Рыбница'), ('Tighina'), ('Бендеры'), ('Laâyoune'), ('العيون'), ('Kruta Balka'),
             ('Крута Балка'), ('Artemivsk'), ('Gorlovka'), ('ZTMK'), ('Akmescit'),
             ('Aqmescit'), ('Бендери'), ('Rybnytsia'), ('Yany Kapu')) v(q);
-- A KATOTTH code names one place, blanks and case aside; find_places gives
-- every candidate of a repeated name with its code.
SELECT q, find_place(q) AS id FROM (VALUES ('UA23060070010069526'), (' ua23060070010069526 '),
	('UA85000000000065278'), ('UA01140230010018772')) v(q);
SELECT find_place('UA99999999999999999');
SELECT find_place('UA23060070010069526', 'UA-14');
SELECT id, territory, kind, place, katotth FROM find_places('Запоріжжя', 'UA-23');
SELECT find_place('Goma', 'CD') = find_place('Goma', 'CD-NK') AS same,
       find_place('Goma', 'CD-NK') = find_place('Goma') AS same_unfiltered;
SELECT find_place(NULL) IS NULL AS null_name, find_place('Goma', NULL) = find_place('Goma') AS null_within;

-- No match, outside the territory, no letters: errors, never a guess.
-- (no match is no_data_found, P0002; ambiguity is too_many_rows, P0003)
SELECT find_place('Atlantis');
SELECT find_place('Goma', 'UA');
SELECT find_place(' ’ ');
-- A user place with the same name makes the name ambiguous; a territory
-- settles it.
INSERT INTO place (territory, kind, name, source) VALUES ('KG-C', 'locality', 'Tokmak', 'test row');
SELECT find_place('Tokmak');
SELECT (SELECT territory FROM place WHERE id = find_place('Tokmak', 'UA')) AS in_ua,
       (SELECT territory FROM place WHERE id = find_place('Tokmak', 'KG')) AS in_kg;
SELECT id > 0 AS has_id, territory, kind, place FROM find_places('Токмак') ORDER BY territory;
-- A user alias is found at once.
INSERT INTO place_name (place_id, name) SELECT id, 'Tokmok' FROM place WHERE territory = 'KG-C';
SELECT (SELECT territory FROM place WHERE id = find_place('tokmok')) AS tokmok;
SELECT regress_sqlstate_of($$SELECT embargo.find_place('Tokmak')$$) AS ambiguous,
       regress_sqlstate_of($$SELECT embargo.find_place('Atlantis')$$) AS not_found;
DELETE FROM place WHERE NOT shipped;
-- Names of any length, in the detail too.
INSERT INTO place (territory, kind, name, source)
VALUES ('UA-23', 'locality', 'Ж' || repeat('ж', 200), 'test'), ('UA-14', 'locality', 'Ж' || repeat('ж', 200), 'test');
SELECT sqlerrm LIKE '%(UA-23, locality, id %' AND sqlerrm LIKE '%(UA-14, locality, id %'
       AS full_detail FROM (SELECT regress_error_text(
	format('SELECT embargo.find_place(%L)', 'Ж' || repeat('ж', 200)))) s(sqlerrm);
DELETE FROM place WHERE NOT shipped;

-- Shipped rows cannot be changed, deleted or forged: they are recreated by
-- CREATE EXTENSION and not dumped, so the change would be lost.
UPDATE place SET latitude = 46.85 WHERE name = 'Melitopol';
DELETE FROM place_name WHERE name = 'Zaporozhye';
INSERT INTO place (territory, kind, name, source, shipped) VALUES ('UA-23', 'locality', 'X', 'test', true);
-- User rows can.
INSERT INTO place (territory, kind, name, source) VALUES ('UA-23', 'locality', 'Mykhailivka', 'test')
RETURNING id >= 1000000 AS user_range;
UPDATE place SET latitude = 47.44 WHERE name = 'Mykhailivka' AND NOT shipped;
DELETE FROM place WHERE name = 'Mykhailivka' AND NOT shipped;

-- Bad rows are refused.
INSERT INTO place (territory, kind, name, source) VALUES ('UA-14', 'town', 'X', 'test');
INSERT INTO place (territory, kind, name, source) VALUES ('UA-14', 'locality', '—', 'test');
INSERT INTO place (territory, kind, name, source, katotth) VALUES ('UA-14', 'locality', 'X', 'test', '123');
INSERT INTO place (territory, kind, name, source, latitude) VALUES ('UA-14', 'locality', 'X', 'test', 91);
INSERT INTO place (territory, kind, name, source) VALUES ('UA-99', 'locality', 'X', 'test');
INSERT INTO place_name (place_id, name) VALUES (-1, 'Nowhere');
