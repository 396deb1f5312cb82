-- Benchmark of re-screening and of screening as of a past moment (issue 19).
-- Run by tests/bench/rescreen.sh.  N stored import rows (the origins of
-- import_mix.sql: sovereign producers, occupied Ukrainian oblasts and places
-- UA-43/UA-14/UA-23, North Kivu; HS chapters 25-28 and 71-81; shipments
-- 2022-2026; jurisdictions EU, US, UK as 4:4:2) in t, a table with an
-- enforce('mode=flag') trigger keeping verdict and rule ids, a primary key
-- and indexes on hs and jurisdiction; t2 the same rows and indexes, no trigger.
--   1. full: rescreen('t', full => true) after a rule change, against the
--      baseline a user would write: UPDATE t2 SET verdict = screen(...) over
--      every row (and for reference the same UPDATE writing only the verdicts
--      that change).  The change: user rule A (EU, Australia, HS 7601 and
--      2836: ~1% of rows) added, switched off, on again; then, for reference,
--      a broad rule C (EU, HS chapters 74 and 76: ~10%) the same way.
--   2. delta: rescreen('t') after user rule B (UK, China, HS 7601 and 7403:
--      ~1%) is added, switched off, on again, against the full runs of A;
--      then checks: a full re-screen writes no more rows, t's (id,
--      verdict, rule ids) are what the trigger gives a fresh copy (t3), and
--      t's verdicts are the baseline's.
--   3. as_of: the first screen(..., as_of => before B) in a fresh session
--      (the older rule set compiled from history) against the first plain
--      screen() in a fresh session (the normal cache build), 3 sessions each;
--      then screen() over all rows, origins tagged up front, with and without
--      as_of (the older version cached).
-- Every run: its change committed first (untimed), the cache warmed, then
-- the statement and its commit timed; VACUUM after each run that writes.
-- Prints the targets next to the measurements; a missed target is printed
-- MISSED and does not fail the script; a failed check does, at the end.
\pset footer off
\ir common.sql
-- no NOTICE per batch of rescreen()
SET client_min_messages = warning;
\ir import_mix.sql
\o /dev/null

CREATE TABLE public.bench_result (key text, i int, ms numeric, n bigint, written bigint);
CREATE TABLE public.t (id bigint PRIMARY KEY, territory territory, place_id integer, hs hscode,
	shipped_on date, jurisdiction text, verdict verdict, rule_ids integer[]);
CREATE INDEX t_hs_idx ON public.t (hs);
CREATE INDEX t_jurisdiction_idx ON public.t (jurisdiction);
CREATE TABLE public.t2 (LIKE public.t INCLUDING ALL);
CREATE TABLE public.t3 (LIKE public.t INCLUDING ALL);
CREATE FUNCTION pg_temp.add_trigger(tbl text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	EXECUTE format($t$CREATE TRIGGER screen BEFORE INSERT OR UPDATE ON public.%I FOR EACH ROW
		EXECUTE FUNCTION embargo.enforce('mode=flag', 'key=id', 'territory=territory', 'place=place_id',
		'hs=hs', 'date=shipped_on', 'jurisdiction=jurisdiction', 'verdict=verdict', 'rules=rule_ids')$t$, tbl);
END $$;
SELECT pg_temp.add_trigger('t'), pg_temp.add_trigger('t3');

CREATE TEMP TABLE src AS
SELECT n AS id, o.territory, o.place_id, g.hs, '2022-01-01'::date + pg_temp.h(n, 3, 1826) AS shipped_on,
       CASE WHEN pg_temp.h(n, 4, 10) < 4 THEN 'EU' WHEN pg_temp.h(n, 4, 10) < 8 THEN 'US' ELSE 'UK' END AS jurisdiction
FROM generate_series(1, :rows::bigint) n
JOIN origin_slot o ON o.slot = pg_temp.h(n, 1, 100)
JOIN hs_slot g ON g.slot = pg_temp.h(n, 2, 100);

-- Rows of t and t2 updated, not yet reported to the statistics (not within a CALL).
CREATE FUNCTION pg_temp.updated() RETURNS bigint LANGUAGE sql AS
$$ SELECT pg_stat_get_xact_tuples_updated('public.t'::regclass) + pg_stat_get_xact_tuples_updated('public.t2'::regclass) $$;

-- One timed run: the change (committed, untimed), the cache warmed as a
-- loading session has it, then the query and its commit.  n: what it
-- returns (rescreen(): decisions changed), or the rows an UPDATE wrote;
-- written: rows of t and t2 updated.
CREATE PROCEDURE pg_temp.run(key text, i int, change text, query text) LANGUAGE plpgsql AS $$
DECLARE
	t0 timestamptz;
	n bigint;
	w bigint;
BEGIN
	IF change IS NOT NULL THEN
		EXECUTE change;
		COMMIT;
	END IF;
	PERFORM screen(tag_origin('UA-23', 16, '2024-03-01'), '2805.30', '2024-03-01', 'EU');
	CHECKPOINT;
	w := -pg_temp.updated();
	t0 := clock_timestamp();
	IF query LIKE 'SELECT%' THEN
		EXECUTE query INTO n;
	ELSE
		EXECUTE query;
		GET DIAGNOSTICS n = ROW_COUNT;
	END IF;
	w := w + pg_temp.updated();
	COMMIT;
	INSERT INTO public.bench_result VALUES (key, i, round(extract(epoch FROM clock_timestamp() - t0) * 1000, 1), n, w);
	COMMIT;
END $$;

\set full 'SELECT embargo.rescreen(''public.t'', full => true)'
\set delta 'SELECT embargo.rescreen(''public.t'')'
\set base 'UPDATE public.t2 SET verdict = screen(tag_origin(territory, place_id, shipped_on), hs, shipped_on, jurisdiction)'
\set base_changed :base ' WHERE verdict IS DISTINCT FROM screen(tag_origin(territory, place_id, shipped_on), hs, shipped_on, jurisdiction)'
\set add 'INSERT INTO embargo.rule (id, jurisdiction, instrument, citation, action, territory, hs) VALUES '
\set rule_a :add '(1000101, ''EU'', ''bench rule A'', ''bench'', ''review'', ''AU'', ''{7601,2836}'')'
\set rule_b :add '(1000102, ''UK'', ''bench rule B'', ''bench'', ''review'', ''CN'', ''{7601,7403}'')'
\set rule_c :add '(1000103, ''EU'', ''bench rule C'', ''bench'', ''review'', NULL, ''{74,76}'')'
\set switch 'UPDATE embargo.rule SET enabled = NOT enabled WHERE id = '

-- The load through the trigger (timed for reference), the copy; with
-- nothing changed, a full re-screen changes nothing.
CALL pg_temp.run('load', 1, NULL, 'INSERT INTO public.t (id, territory, place_id, hs, shipped_on, jurisdiction) SELECT * FROM src ORDER BY id');
INSERT INTO public.t2 SELECT * FROM public.t;
VACUUM ANALYZE public.t, public.t2;
CALL pg_temp.run('full_unchanged', 1, NULL, :'full');
VACUUM public.t;

-- 1. Full re-screen after a rule change, and the baselines.
CALL pg_temp.run('full', 1, :'rule_a', :'full');
CALL pg_temp.run('base_changed', 1, NULL, :'base_changed');
VACUUM public.t, public.t2;
CALL pg_temp.run('base', 1, NULL, :'base');
VACUUM public.t2;
CALL pg_temp.run('full', 2, :'switch' || '1000101', :'full');
CALL pg_temp.run('base_changed', 2, NULL, :'base_changed');
VACUUM public.t, public.t2;
CALL pg_temp.run('base', 2, NULL, :'base');
VACUUM public.t2;
CALL pg_temp.run('full', 3, :'switch' || '1000101', :'full');
CALL pg_temp.run('base_changed', 3, NULL, :'base_changed');
VACUUM public.t, public.t2;
CALL pg_temp.run('base', 3, NULL, :'base');
VACUUM public.t2;
CALL pg_temp.run('full_broad', 1, :'rule_c', :'full');
VACUUM public.t;
CALL pg_temp.run('full_broad', 2, :'switch' || '1000103', :'full');
VACUUM public.t;
CALL pg_temp.run('full_broad', 3, :'switch' || '1000103', :'full');
VACUUM public.t;

-- 2. Delta re-screen after rule B is added, switched off, on again; checks.
SELECT clock_timestamp() AS t_before \gset
CALL pg_temp.run('delta', 1, :'rule_b', :'delta');
VACUUM public.t;
CALL pg_temp.run('delta', 2, :'switch' || '1000102', :'delta');
VACUUM public.t;
CALL pg_temp.run('delta', 3, :'switch' || '1000102', :'delta');
VACUUM public.t;
CALL pg_temp.run('full_after_delta', 1, NULL, :'full');
INSERT INTO public.t3 (id, territory, place_id, hs, shipped_on, jurisdiction)
SELECT id, territory, place_id, hs, shipped_on, jurisdiction FROM public.t;
:base_changed;
SELECT (SELECT md5(string_agg(format('%s %s %s', id, verdict, rule_ids), ',' ORDER BY id)) FROM public.t)
     = (SELECT md5(string_agg(format('%s %s %s', id, verdict, rule_ids), ',' ORDER BY id)) FROM public.t3)
       AS same_as_fresh,
       (SELECT count(*) FROM public.t FULL JOIN public.t2 USING (id)
        WHERE t.verdict IS DISTINCT FROM t2.verdict) AS baseline_disagree,
       (SELECT round(substring(pg_read_file('/proc/self/status') FROM 'VmHWM:\s*(\d+)')::numeric / 1024)) AS peak_mb \gset

-- 3. as_of: per row over all rows (origins tagged up front), best of 3 in turn.
CREATE TABLE public.bench_in AS
SELECT id, tag_origin(territory, place_id, shipped_on) AS origin, hs, shipped_on, jurisdiction FROM public.t;
VACUUM ANALYZE public.bench_in;
CREATE FUNCTION pg_temp.per_row(t_before timestamptz) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	q text := 'SELECT count(*) FILTER (WHERE screen(origin, hs, shipped_on, jurisdiction%s) > ''allow'') FROM public.bench_in';
BEGIN
	FOR i IN 1..3 LOOP
		INSERT INTO public.bench_result (key, i, ms)
		VALUES ('scan', i, pg_temp.best_ms('SELECT count(*) FILTER (WHERE origin IS NOT NULL AND hs IS NOT NULL
			AND shipped_on IS NOT NULL AND jurisdiction IS NOT NULL) FROM public.bench_in', 1)),
		       ('row_now', i, pg_temp.best_ms(format(q, ''), 1)),
		       ('row_as_of', i, pg_temp.best_ms(format(q, format(', as_of => %L', t_before)), 1));
	END LOOP;
	INSERT INTO public.bench_result (key, i, n)
	SELECT 'flagged_' || k, 1, count(*) FILTER (WHERE screen(origin, hs, shipped_on, jurisdiction,
		as_of => CASE k WHEN 'as_of' THEN t_before END) > 'allow')
	FROM public.bench_in, unnest('{now,as_of}'::text[]) k GROUP BY k;
END $$;
SELECT pg_temp.per_row(:'t_before');

-- The first call in a fresh session (after an invalidation): the module is
-- loaded first, untimed.
CREATE FUNCTION public.bench_first(key text, i int, query text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	t0 timestamptz;
BEGIN
	PERFORM 'UA'::embargo.territory;
	t0 := clock_timestamp();
	EXECUTE query;
	INSERT INTO public.bench_result (key, i, ms) VALUES (key, i, round(extract(epoch FROM clock_timestamp() - t0) * 1000, 2));
END $$;
SELECT format($q$SELECT embargo.screen(embargo.tag_origin('UA-23', 16, '2024-03-01'), '7601.10', '2024-03-01', 'UK'%s)$q$, '') AS q_now,
       format($q$SELECT embargo.screen(embargo.tag_origin('UA-23', 16, '2024-03-01'), '7601.10', '2024-03-01', 'UK'%s)$q$,
              format(', as_of => %L', :'t_before')) AS q_then \gset
UPDATE embargo.rule SET note = 'invalidated' WHERE id = 1000101;
\c
SELECT public.bench_first('build', 1, :'q_now');
SELECT public.bench_first('compile_after_build', 1, :'q_then');
\c
SELECT public.bench_first('compile_fresh', 1, :'q_then');
\c
SELECT public.bench_first('compile_fresh', 2, :'q_then');
\c
SELECT public.bench_first('build', 2, :'q_now');
SELECT public.bench_first('compile_after_build', 2, :'q_then');
\c
SELECT public.bench_first('build', 3, :'q_now');
SELECT public.bench_first('compile_after_build', 3, :'q_then');
\c
SELECT public.bench_first('compile_fresh', 3, :'q_then');
\c
\o

-- Results.
CREATE FUNCTION pg_temp.ms(k text) RETURNS numeric LANGUAGE sql AS $$ SELECT min(ms) FROM public.bench_result WHERE key = k $$;
CREATE FUNCTION pg_temp.n(k text) RETURNS bigint LANGUAGE sql AS $$ SELECT max(n) FROM public.bench_result WHERE key = k $$;
CREATE FUNCTION pg_temp.w(k text) RETURNS bigint LANGUAGE sql AS $$ SELECT max(written) FROM public.bench_result WHERE key = k $$;
CREATE FUNCTION pg_temp.ratio(a text, b text) RETURNS text LANGUAGE sql AS
$$ SELECT pg_temp.ms(a) || ' / ' || pg_temp.ms(b) || ' ms = ' || round(pg_temp.ms(a) / pg_temp.ms(b), 2) || 'x' $$;
\echo
\echo 'stored rows by verdict at the end (rules A, B and C in force):'
SELECT verdict, count(*) AS rows, round(100.0 * count(*) / :rows, 2) AS pct FROM public.t GROUP BY 1 ORDER BY 1;
\echo 'every run, in ms (n: decisions rescreen() changed, or rows an UPDATE wrote; written: rows updated):'
SELECT key, count(*) AS runs, min(ms) AS best_ms, string_agg(ms::text, ' / ' ORDER BY i) AS all_ms,
       string_agg(n::text, ' / ' ORDER BY i) AS n, string_agg(written::text, ' / ' ORDER BY i) AS written
FROM public.bench_result GROUP BY key
ORDER BY array_position('{load,full_unchanged,full,base,base_changed,full_broad,delta,full_after_delta,scan,row_now,row_as_of,build,compile_fresh,compile_after_build}'::text[], key), key;

\echo 'targets (from the issue;' :rows 'rows, one backend, no parallel workers, best of 3):'
SELECT target, goal, measured,
       CASE WHEN met THEN 'met' WHEN NOT met AND check_ THEN 'FAILED' WHEN NOT met THEN 'MISSED' ELSE '' END AS result
FROM (VALUES
	('1. full: rescreen(full => true) / baseline UPDATE of every row', '<= 1.5x',
	 pg_temp.ratio('full', 'base'), pg_temp.ms('full') <= 1.5 * pg_temp.ms('base'), false),
	('   (ref) full / UPDATE writing only the changed verdicts', '', pg_temp.ratio('full', 'base_changed'), NULL, false),
	('   (ref) full after broad rule C (' || pg_temp.n('full_broad') || ' decisions) / baseline', '<= 1.5x',
	 pg_temp.ratio('full_broad', 'base'), pg_temp.ms('full_broad') <= 1.5 * pg_temp.ms('base'), false),
	('2. delta: rescreen() / full (decisions ' || pg_temp.n('delta') || ' / ' || pg_temp.n('full') || ')', '<= 5%',
	 pg_temp.ms('delta') || ' / ' || pg_temp.ms('full') || ' ms = ' || round(100 * pg_temp.ms('delta') / pg_temp.ms('full'), 1) || '%',
	 pg_temp.ms('delta') <= 0.05 * pg_temp.ms('full'), false),
	('   check: full rescreen after the deltas writes', '0 rows',
	 pg_temp.w('full_after_delta') || ' rows', pg_temp.w('full_after_delta') = 0, true),
	('   check: (id, verdict, rule ids) after the deltas = a fresh load', 'same md5',
	 CASE WHEN :'same_as_fresh' THEN 'same' ELSE 'DIFFERENT' END, :'same_as_fresh'::boolean, true),
	('   check: verdicts after the deltas = baseline screen()', '0 differ', :'baseline_disagree' || ' differ',
	 :'baseline_disagree' = 0, true),
	('   check: full rescreen right after the load writes', '0 rows',
	 pg_temp.w('full_unchanged') || ' rows', pg_temp.w('full_unchanged') = 0, true),
	('   peak memory of the session through sections 1-2 (VmHWM)', '', :'peak_mb' || ' MB', NULL, false),
	-- the older version's own compile (the parts it shares are the normal build) against the normal build
	('3. compile of a version not cached (first as_of after the build) / normal cache build', '<= 1x',
	 pg_temp.ratio('compile_after_build', 'build'), pg_temp.ms('compile_after_build') <= pg_temp.ms('build'), false),
	('   (ref) first screen(as_of) in a fresh session (normal build + compile) / first screen()', '',
	 pg_temp.ratio('compile_fresh', 'build'), NULL, false),
	('   screen(as_of) / screen() over all rows, cached', '~1x (<= 1.1x)',
	 pg_temp.ratio('row_as_of', 'row_now'), pg_temp.ms('row_as_of') <= 1.1 * pg_temp.ms('row_now'), false),
	('   per row over a scan of the same columns (' || pg_temp.ms('scan') || ' ms)', '',
	 round((pg_temp.ms('row_as_of') - pg_temp.ms('scan')) * 1e6 / :rows) || ' / '
	 || round((pg_temp.ms('row_now') - pg_temp.ms('scan')) * 1e6 / :rows) || ' ns', NULL, false),
	('   rows flagged: screen(as_of before B) / screen()', '',
	 pg_temp.n('flagged_as_of') || ' / ' || pg_temp.n('flagged_now'), NULL, false)
) m(target, goal, measured, met, check_);
\echo 'caveat: measured on this' :cores'-core machine, one backend (the other core runs the checkpointer, autovacuum);'
\echo 'times vary from run to run by 10-20%, their ratios less.'

SELECT pg_temp.w('full_after_delta') <> 0 OR NOT :'same_as_fresh'::boolean OR :'baseline_disagree' <> 0
       OR pg_temp.w('full_unchanged') <> 0 AS failed \gset
\if :failed
DO $$ BEGIN RAISE EXCEPTION 'rescreen benchmark checks FAILED (see the table above)'; END $$;
\endif
