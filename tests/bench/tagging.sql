-- Benchmark of tag_origin() and its cache.  Run by tests/bench/tagging.sh;
-- prints times and ratios against a bare scan measured in the same run.
\pset footer off
\pset tuples_only off
\ir common.sql

-- A deterministic import table: a realistic mix of coarse and fine origins.
CREATE TABLE bench_import AS
SELECT n,
       (ARRAY['UA-23', 'UA-43', 'UA-14', 'UA-65', 'CD-NK', 'CL', 'AU-WA', 'CN-NM', 'UA-46', 'MD-SN'])[1 + n % 10]::territory AS territory,
       (ARRAY[16, NULL, 1, 23, 34, NULL, NULL, NULL, NULL, 44])[1 + n % 10] AS place_id,
       (ARRAY['Мелітополь', NULL, 'Донецк', 'Kherson', 'Rubaya', NULL, NULL, NULL, NULL, 'Rybnitsa'])[1 + n % 10] AS place_name,
       '2014-01-01'::date + ((n::bigint * 7919) % 4300)::int AS day
FROM generate_series(1, :rows) n;
VACUUM ANALYZE bench_import;

CREATE TEMP TABLE result (label text, ms numeric);
INSERT INTO result SELECT 'bare count(*)', pg_temp.best_ms('SELECT count(*) FROM bench_import');
INSERT INTO result SELECT 'count(day) (reads the columns)', pg_temp.best_ms('SELECT count(day), count(territory) FROM bench_import');
INSERT INTO result SELECT 'tag_origin(territory, place id, day)',
	pg_temp.best_ms('SELECT count(*) FROM bench_import WHERE is_occupied(tag_origin(territory, place_id, day))');
INSERT INTO result SELECT 'tag_origin(territory, place name, day)',
	pg_temp.best_ms('SELECT count(*) FROM bench_import WHERE is_occupied(tag_origin(territory, place_name, day))');
SELECT label, ms, round(ms / (SELECT ms FROM result WHERE label = 'bare count(*)'), 1) AS x_bare_scan,
       round(ms * 1000000 / :rows, 0) AS ns_per_row
FROM result ORDER BY ms;

-- Cache rebuilds: after a change to embargo.control (places and timeline
-- only) and after a change to embargo.place_name (the name index, built on
-- the next lookup by name), with the shipped data and then with 50,000 user
-- places (each with a Cyrillic alias) and 10,000 user control rows.
CREATE FUNCTION pg_temp.rebuild_ms(touch text, probe text) RETURNS numeric LANGUAGE plpgsql AS $$
DECLARE
	t0 timestamptz;
BEGIN
	EXECUTE probe;
	EXECUTE touch;				-- any write marks the cache part stale
	t0 := clock_timestamp();
	EXECUTE probe;
	RETURN round(extract(epoch FROM clock_timestamp() - t0) * 1000, 2);
END $$;
CREATE TEMP TABLE build (data text, part text, ms numeric);
CREATE FUNCTION pg_temp.measure(data text) RETURNS void LANGUAGE sql AS $$
	INSERT INTO build SELECT data, 'places + timeline', pg_temp.rebuild_ms(
		'DELETE FROM embargo.control WHERE id = -1',
		'SELECT embargo.tag_origin(''UA-23'', NULL::int, ''2023-01-01'')');
	INSERT INTO build SELECT data, 'name index', pg_temp.rebuild_ms(
		'DELETE FROM embargo.place_name WHERE place_id = -1',
		'SELECT embargo.find_place(''Melitopol'')');
$$;
SELECT FROM pg_temp.measure('shipped');
INSERT INTO place (territory, kind, name, source)
SELECT (ARRAY['UA-23', 'UA-14', 'CD-NK', 'AU-WA'])[1 + n % 4]::territory, 'site',
       'bench site ' || n || ' ' || md5(n::text), 'bench'
FROM generate_series(1, 50000) n;
INSERT INTO place_name (place_id, name) SELECT id, 'Бенч ' || id FROM place WHERE source = 'bench';
INSERT INTO control (place_id, controller, valid_from, source)
SELECT id, 'RU', '2022-04-01', 'bench' FROM place WHERE source = 'bench' AND id % 5 = 0;
SELECT FROM pg_temp.measure('+50,000 places and aliases, 10,000 control rows');
SELECT data, part, ms FROM build;
SELECT name, pg_size_pretty(total_bytes) AS memory FROM pg_backend_memory_contexts
WHERE name = 'embargo gazetteer' ORDER BY total_bytes;
