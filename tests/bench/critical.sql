-- Benchmark of issue 20's additions to screening (run by critical.sh).
\pset footer off
\ir common.sql
\ir import_rows.sql

-- The rules of each configuration, as user rules (ids from 1,900,000):
--   lists:    one review rule per shipped list, in the list's jurisdiction,
--             scoped by hs_list;
--   prefixes: the same rules with the list's codes written out in hs.
CREATE TEMP TABLE bench_rules AS
SELECT 1900000 + row_number() OVER (ORDER BY l.name)::int AS id, l.jurisdiction, l.name AS list,
       ARRAY(SELECT DISTINCT m.hs FROM critical_mineral m WHERE m.list = l.name ORDER BY 1) AS codes
FROM critical_list l WHERE l.shipped;
SELECT list, jurisdiction, cardinality(codes) AS codes FROM bench_rules ORDER BY id;

CREATE FUNCTION pg_temp.configure(config text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	DELETE FROM rule WHERE id >= 1900000;
	IF config = 'lists' THEN
		INSERT INTO rule (id, jurisdiction, instrument, citation, action, hs_list)
		SELECT b.id, b.jurisdiction, 'bench', 'bench', 'review', b.list FROM bench_rules b;
	ELSIF config = 'prefixes' THEN
		INSERT INTO rule (id, jurisdiction, instrument, citation, action, hs)
		SELECT b.id, b.jurisdiction, 'bench', 'bench', 'review', b.codes FROM bench_rules b;
	END IF;
END $$;

-- Every row screened; the count keeps the results from being optimised away.
CREATE FUNCTION pg_temp.screen_all() RETURNS text LANGUAGE sql IMMUTABLE AS $$
	SELECT 'SELECT count(*) FILTER (WHERE embargo.screen(origin, hs, day, jurisdiction, evidence) > ''allow'') '
	       'FROM public.bench_import'
$$;
-- psql does not substitute variables in dollar quotes: the file's path goes by a setting
SELECT set_config('bench.cahra_file', :'cahra_file', false) IS NOT NULL AS cahra_file_set;

CREATE TEMP TABLE timing (config text, round int, ms numeric, flagged bigint);
CREATE FUNCTION pg_temp.measure(config text, round int) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	flagged bigint;
BEGIN
	-- the first call builds the cache: not timed
	EXECUTE pg_temp.screen_all() INTO flagged;
	INSERT INTO timing VALUES (config, round, pg_temp.best_ms(pg_temp.screen_all(), 5), flagged);
END $$;

-- pack: the shipped rules alone, no CAHRA list; lists, prefixes: as above;
-- cahra: the pack with the June 2026 CAHRA edition loaded.
DO $$
BEGIN
	FOR r IN 1..2 LOOP
		PERFORM pg_temp.configure('pack');
		DELETE FROM cahra_edition;
		PERFORM pg_temp.measure('pack', r);
		PERFORM pg_temp.configure('lists');
		PERFORM pg_temp.measure('lists', r);
		PERFORM pg_temp.configure('prefixes');
		PERFORM pg_temp.measure('prefixes', r);
		PERFORM pg_temp.configure('pack');
		PERFORM embargo.load_cahra('2026-06-27', current_setting('bench.cahra_file'));
		PERFORM pg_temp.measure('cahra', r);
	END LOOP;
	DELETE FROM cahra_edition;
END $$;

\echo
\echo 'screen() over every row, fastest of 5 runs in each of 2 interleaved rounds:'
CREATE TEMP VIEW best AS
SELECT config, min(ms) AS ms, min(flagged) AS flagged, max(flagged) AS flagged_max FROM timing GROUP BY config;
SELECT config, ms, round(ms * 1e6 / :rows) AS ns_per_row, flagged,
       flagged = flagged_max AS same_each_round FROM best ORDER BY ms;

-- Both ways of writing the rules must flag the same rows.
SELECT (SELECT flagged FROM best WHERE config = 'lists') = (SELECT flagged FROM best WHERE config = 'prefixes')
       AS lists_and_prefixes_agree \gset
\if :lists_and_prefixes_agree
\else
\echo 'FAILED: rules scoped by list and by written-out prefixes flag different rows'
SELECT 1/0;
\endif

\echo
\echo 'ratios (the issue''s target: list-scoped rules add nothing measurable to screen(), <= 1.05x per row):'
SELECT what, round(ratio, 3) AS ratio, target,
       CASE WHEN target IS NULL THEN '' WHEN ratio <= 1.05 THEN 'met' ELSE 'MISSED' END AS status
FROM (VALUES
	('list-scoped rules / the same rules with prefixes written out',
	 (SELECT ms FROM best WHERE config = 'lists') / (SELECT ms FROM best WHERE config = 'prefixes'), '<= 1.05'),
	('pack + list-scoped rules / pack alone (4 more rules, each matching every critical mineral)',
	 (SELECT ms FROM best WHERE config = 'lists') / (SELECT ms FROM best WHERE config = 'pack'), NULL),
	('pack with the CAHRA list loaded / none loaded',
	 (SELECT ms FROM best WHERE config = 'cahra') / (SELECT ms FROM best WHERE config = 'pack'), NULL)
) v(what, ratio, target);

-- critical() on every row against the SQL a competent user writes over the
-- table: the distinct codes joined to the mappings once (the containment
-- test cannot use an index), grouped by list, then joined back to the rows
-- by code.  Both count one row per (row, list).
\echo
\echo 'critical() over every row against set-based SQL over embargo.critical_mineral:'
CREATE FUNCTION pg_temp.critical_sql() RETURNS text LANGUAGE sql IMMUTABLE AS $$
	SELECT 'SELECT count(*) FROM public.bench_import b JOIN (SELECT d.hs, m.list FROM (SELECT DISTINCT hs FROM public.bench_import) d '
	       'JOIN embargo.critical_mineral m ON d.hs OPERATOR(embargo.<@) m.hs GROUP BY 1, 2) x ON x.hs OPERATOR(embargo.=) b.hs'
$$;
SELECT c.ms AS critical_ms, j.ms AS sql_ms, round(c.ms / j.ms, 2) AS ratio,
       (SELECT count(*) FROM public.bench_import b, LATERAL embargo.critical(b.hs) x) AS critical_rows,
       (SELECT count(*) FROM public.bench_import b JOIN (SELECT d.hs, m.list FROM (SELECT DISTINCT hs FROM public.bench_import) d
        JOIN embargo.critical_mineral m ON d.hs OPERATOR(embargo.<@) m.hs GROUP BY 1, 2) x ON x.hs OPERATOR(embargo.=) b.hs) AS sql_rows
FROM (SELECT pg_temp.best_ms('SELECT count(*) FROM public.bench_import b, LATERAL embargo.critical(b.hs) x', 3) AS ms) c,
     (SELECT pg_temp.best_ms(pg_temp.critical_sql(), 3) AS ms) j;
