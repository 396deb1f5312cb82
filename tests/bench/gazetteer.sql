-- Driven by tests/bench/gazetteer.sh.
SET search_path = embargo, public;
\pset footer off

-- The cache parts, each built after an invalidation (a statement on its
-- table sends one): best of 3, in ms.
CREATE TEMP TABLE build (part text, ms double precision);
CREATE FUNCTION pg_temp.time_ms(q text) RETURNS double precision LANGUAGE plpgsql AS $$
DECLARE t0 timestamptz;
BEGIN
	t0 := clock_timestamp();
	EXECUTE q;
	RETURN extract(epoch FROM clock_timestamp() - t0) * 1000;
END $$;
DO $$
BEGIN
	FOR i IN 1..3 LOOP
		DELETE FROM embargo.place WHERE false;		-- invalidates both parts
		INSERT INTO pg_temp.build SELECT 'places and control',
			pg_temp.time_ms($q$SELECT embargo.tag_origin(NULL, 1, '2023-01-01')$q$);
		INSERT INTO pg_temp.build SELECT 'name index',
			pg_temp.time_ms($q$SELECT embargo.find_place('Donetsk', 'UA-14')$q$);
	END LOOP;
END $$;
SELECT (SELECT count(*) FROM place) AS places,
       (SELECT count(*) FROM place) + (SELECT count(*) FROM place_name) AS names;
SELECT part, round(min(ms)::numeric, 1) AS build_ms FROM build GROUP BY part ORDER BY part;
SELECT ident AS part, pg_size_pretty(total_bytes) AS memory FROM pg_backend_memory_contexts
WHERE name = 'embargo cache part' AND ident IN ('embargo gazetteer', 'embargo place names') ORDER BY ident;
SELECT sum(total_bytes) AS cache_bytes FROM pg_backend_memory_contexts
WHERE name = 'embargo cache part' AND ident IN ('embargo gazetteer', 'embargo place names') \gset
SELECT sum(ms) AS build_total FROM (SELECT min(ms) AS ms FROM build GROUP BY part) s \gset

-- Import rows: settlements (cities, selyshches, villages) drawn from the
-- whole codifier, named in Ukrainian or in Latin, with their oblast.
CREATE TABLE units AS
SELECT row_number() OVER (ORDER BY p.id) AS n, p.id, p.territory, p.name AS latin,
       (SELECT min(n.name) FROM place_name n WHERE n.place_id = p.id) AS ukrainian
FROM place p WHERE p.kind IN ('city', 'selyshche', 'village') AND p.katotth IS NOT NULL;
SELECT count(*) AS units FROM units \gset
SELECT setseed(0.16);
CREATE TABLE imports AS
SELECT u.territory, u.id AS place_id,
       CASE WHEN random() < 0.5 OR u.ukrainian IS NULL THEN u.latin ELSE u.ukrainian END AS place_name,
       '2805.30'::hscode AS hs, DATE '2022-01-01' + (random() * 1000)::int AS day
FROM (SELECT 1 + (g::bigint * 7919 + (random() * :units)::int) % :units AS n
      FROM generate_series(1, :rows) g) pick
JOIN units u USING (n);
ANALYZE imports;
SELECT count(*) AS rows, count(DISTINCT place_id) AS distinct_places FROM imports;

-- Warm the cache, then best of 3 each, taken in turn.
SELECT count(screen(territory, place_name, hs, day, 'EU')) FROM imports LIMIT 1;
CREATE TEMP TABLE runs (label text, ms double precision);
DO $$
BEGIN
	FOR i IN 1..3 LOOP
		INSERT INTO pg_temp.runs SELECT 'by place id', pg_temp.time_ms(
			$q$SELECT count(*) FILTER (WHERE embargo.screen(embargo.tag_origin(territory, place_id, day), hs, day, 'EU') >= 'review') FROM imports$q$);
		INSERT INTO pg_temp.runs SELECT 'by place name', pg_temp.time_ms(
			$q$SELECT count(*) FILTER (WHERE embargo.screen(territory, place_name, hs, day, 'EU') >= 'review') FROM imports$q$);
		INSERT INTO pg_temp.runs SELECT 'tag only, by place id', pg_temp.time_ms(
			$q$SELECT count(embargo.tag_origin(territory, place_id, day)) FROM imports$q$);
		INSERT INTO pg_temp.runs SELECT 'tag only, by place name', pg_temp.time_ms(
			$q$SELECT count(embargo.tag_origin(territory, place_name, day)) FROM imports$q$);
	END LOOP;
END $$;
SELECT label, round(min(ms)::numeric) AS ms, round((min(ms) * 1e6 / :rows)::numeric) AS ns_per_row
FROM runs GROUP BY label ORDER BY label;
SELECT min(ms) FILTER (WHERE label = 'by place name') / min(ms) FILTER (WHERE label = 'by place id') AS ratio,
       min(ms) FILTER (WHERE label = 'tag only, by place name') / min(ms) FILTER (WHERE label = 'tag only, by place id') AS tag_ratio
FROM runs \gset
-- Ambiguous names (a quarter of the codifier's settlements share their name
-- with another in their oblast) are contested where their candidates differ:
-- more rows get review by name than by id, and the matcher works harder on them.
SELECT count(*) FILTER (WHERE (SELECT count(*) FROM find_places(place_name, territory)) > 1) AS ambiguous_rows
FROM (SELECT * FROM imports LIMIT 20000) s;
SELECT count(*) FILTER (WHERE screen(territory, place_name, hs, day, 'EU') >= 'review') AS review_or_worse_by_name,
       count(*) FILTER (WHERE screen(tag_origin(territory, place_id, day), hs, day, 'EU') >= 'review') AS review_or_worse_by_id
FROM imports;

\echo
\echo 'targets (issue 16):'
SELECT * FROM (VALUES
	('cache build, full gazetteer (both parts)', '<= 300 ms', round(:build_total::numeric, 1) || ' ms',
	 CASE WHEN :build_total <= 300 THEN 'met' ELSE 'MISSED' END),
	('cache memory per backend', '<= 24 MB', pg_size_pretty(:cache_bytes::bigint),
	 CASE WHEN :cache_bytes <= 24 * 1024 * 1024 THEN 'met' ELSE 'MISSED' END),
	('  memory per 10,000 places', '', pg_size_pretty((:cache_bytes::bigint * 10000 / (SELECT count(*) FROM place))::bigint), ''),
	('screening by name / by place id', '<= 1.5x', round(:ratio::numeric, 2) || 'x',
	 CASE WHEN :ratio <= 1.5 THEN 'met' ELSE 'MISSED' END),
	('  tagging alone: by name / by place id', '', round(:tag_ratio::numeric, 2) || 'x', ''),
	('CREATE EXTENSION embargo (best of 3)', '<= 3 s', :create_ms || ' ms',
	 CASE WHEN :create_ms <= 3000 THEN 'met' ELSE 'MISSED' END)) t(target, goal, measured, result);
