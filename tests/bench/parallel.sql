-- Benchmark of parallel screening.  Run by tests/bench/parallel.sh; prints,
-- for a screening aggregate over N rows (5,000,000 by default) —
--   SELECT verdict, count(*) FROM (SELECT embargo.screen(...) AS verdict
--   FROM bench_parallel) s GROUP BY 1
-- — its time in one process (max_parallel_workers_per_gather = 0) and with
-- up to two workers (max_parallel_workers_per_gather = 2, this machine has
-- two cores), each the best of five runs taken alternately, the plan the planner chose for the second (from EXPLAIN
-- (ANALYZE, FORMAT JSON): its nodes, and the Gather node's Workers Planned
-- and Workers Launched), the speed-up, and the issue's target.  Nothing
-- else is changed from the defaults to get a parallel plan (no
-- parallel_setup_cost, parallel_tuple_cost, min_parallel_table_scan_size or
-- debug_parallel_query/force_parallel_mode): what is printed is what the
-- planner does with the functions' declared costs.  JIT is off, as in every
-- benchmark here (common.sql).  For reference, the same with tagging
-- (screen(tag_origin(...)) from the declared territory and place), and a
-- plain aggregate that screens nothing (what the machine gives a scan);
-- and, for information, screening at 100,000 rules, where each worker
-- builds its own copy of the rule cache.  It fails if a parallel run's
-- verdicts differ from the serial run's.
\pset footer off
\pset tuples_only off
\ir common.sql

------------------------------------------------------------------------------
-- The table: N rows of the shared mix (import_mix.sql) — declared territory
-- and place, HS code, date, jurisdiction, evidence — each tagged once, up
-- front (screening is measured, not tagging, except in the reference line
-- that tags).  No chain of custody.  A regular table: parallel workers
-- cannot read a temporary one.
------------------------------------------------------------------------------

\ir import_mix.sql

CREATE TABLE public.bench_parallel AS
SELECT r.n, o.territory, o.place_id, g.hs, r.day, r.jurisdiction,
       pg_temp.evidence(r.n, o.territory, r.jurisdiction) AS evidence,
       tag_origin(o.territory, o.place_id, r.day) AS origin
FROM pg_temp.draws(:rows) r
JOIN origin_slot o ON o.slot = r.o_slot
JOIN hs_slot g ON g.slot = r.hs_slot
ORDER BY r.n;
VACUUM ANALYZE public.bench_parallel;

\ir synthetic_rules.sql

------------------------------------------------------------------------------
-- Measuring.
------------------------------------------------------------------------------

CREATE TEMP TABLE query (ord int, label text, query text);
INSERT INTO query VALUES
	(1, 'screening aggregate: screen(origin, hs, day, jurisdiction, evidence)',
	 'SELECT verdict, count(*) FROM (SELECT embargo.screen(origin, hs, day, jurisdiction, evidence) AS verdict
	  FROM public.bench_parallel) s GROUP BY 1'),
	(2, 'for reference: tagging and screening, screen(tag_origin(territory, place_id, day), ...)',
	 'SELECT verdict, count(*) FROM (SELECT embargo.screen(embargo.tag_origin(territory, place_id, day), hs, day,
	  jurisdiction, evidence) AS verdict FROM public.bench_parallel) s GROUP BY 1'),
	(3, 'for reference: a plain aggregate, no screening',
	 'SELECT jurisdiction, count(*) FROM public.bench_parallel GROUP BY 1');

-- one row per timed run; plan, workers and answer on the first of each
-- query and setting
CREATE TEMP TABLE result (i serial, rule_set text, ord int, workers_setting int, ms numeric,
	plan text, workers_planned int, workers_launched int, answer jsonb);

-- The plan's nodes, top down: "Finalize HashAggregate > Gather > ...".
CREATE FUNCTION pg_temp.plan_shape(plan jsonb) RETURNS text LANGUAGE sql AS $$
	WITH RECURSIVE node(p, i) AS (
		SELECT plan->0->'Plan', 1::bigint
		UNION ALL
		SELECT c.p, c.i FROM node, jsonb_array_elements(node.p->'Plans') WITH ORDINALITY c(p, i))
		SEARCH DEPTH FIRST BY i SET path
	SELECT string_agg(CASE WHEN p->>'Partial Mode' IN ('Partial', 'Finalize') THEN (p->>'Partial Mode') || ' ' ELSE '' END
	                  || CASE WHEN (p->>'Parallel Aware')::boolean THEN 'Parallel ' ELSE '' END
	                  || CASE p->>'Node Type'
	                     WHEN 'Aggregate' THEN CASE p->>'Strategy' WHEN 'Hashed' THEN 'HashAggregate'
	                                                               WHEN 'Sorted' THEN 'GroupAggregate'
	                                                               ELSE 'Aggregate' END
	                     ELSE p->>'Node Type' END, ' > ' ORDER BY path)
	FROM node;
$$;

-- One run of a query at one setting of max_parallel_workers_per_gather,
-- timed; the first time for that query and setting, also the plan (EXPLAIN
-- ANALYZE, JSON) and the answer (the verdicts and their counts).
CREATE FUNCTION pg_temp.measure(rule_set text, q int, workers int) RETURNS void
	LANGUAGE plpgsql AS $$
DECLARE
	sql text := (SELECT query FROM query WHERE ord = q);
	plan jsonb;
	t0 timestamptz;
	r result%ROWTYPE;
BEGIN
	PERFORM set_config('max_parallel_workers_per_gather', workers::text, false);
	r.rule_set := rule_set;
	r.ord := q;
	r.workers_setting := workers;
	IF NOT EXISTS (SELECT FROM result x WHERE x.rule_set = r.rule_set AND x.ord = q AND x.workers_setting = workers) THEN
		EXECUTE 'EXPLAIN (ANALYZE, FORMAT JSON) ' || sql INTO plan;
		r.plan := pg_temp.plan_shape(plan);
		r.workers_planned := (SELECT max((x #>> '{}')::int) FROM jsonb_path_query(plan, 'strict $.**."Workers Planned"') x);
		r.workers_launched := (SELECT max((x #>> '{}')::int) FROM jsonb_path_query(plan, 'strict $.**."Workers Launched"') x);
		EXECUTE format('SELECT jsonb_object_agg(k::text, c) FROM (%s) a(k, c)', sql) INTO r.answer;
	END IF;
	t0 := clock_timestamp();
	EXECUTE sql;
	r.ms := round(extract(epoch FROM clock_timestamp() - t0)::numeric * 1000, 1);
	INSERT INTO result (rule_set, ord, workers_setting, ms, plan, workers_planned, workers_launched, answer)
	VALUES (r.rule_set, r.ord, r.workers_setting, r.ms, r.plan, r.workers_planned, r.workers_launched, r.answer);
	PERFORM set_config('max_parallel_workers_per_gather', '0', false);
END $$;

\o /dev/null
-- warm this backend's caches and the table in shared buffers / the page cache
SELECT count(*) FROM bench_parallel WHERE screen(origin, hs, day, jurisdiction, evidence) > 'allow';
-- query by query, five runs serial and five with workers, alternately, so
-- that a busy moment on the machine does not skew the ratio
SELECT pg_temp.measure('pack', q, w)
FROM generate_series(1, 3) q, generate_series(1, 5) i, (VALUES (0), (2)) v(w) ORDER BY q, i, w;
-- 100,000 rules: screening only
SELECT pg_temp.add_rules(100000);
SELECT count(*) FROM bench_parallel WHERE screen(origin, hs, day, jurisdiction, evidence) > 'allow';
SELECT pg_temp.measure('100k', 1, w) FROM generate_series(1, 5) i, (VALUES (0), (2)) v(w) ORDER BY i, w;
\o

------------------------------------------------------------------------------
-- Results.
------------------------------------------------------------------------------

SELECT count(*) AS n FROM bench_parallel \gset
SELECT setting AS max_parallel_workers FROM pg_settings WHERE name = 'max_parallel_workers' \gset
SELECT setting AS max_worker_processes FROM pg_settings WHERE name = 'max_worker_processes' \gset

\echo
\echo 'the functions'' declared costs (pg_proc.procost, in units of cpu_operator_cost):'
SELECT p.oid::regprocedure AS function, p.procost AS cost, p.proparallel AS parallel
FROM pg_proc p WHERE p.oid IN ('embargo.screen(embargo.origin, embargo.hscode, date, text, text[])'::regprocedure,
                               'embargo.tag_origin(embargo.territory, integer, date)'::regprocedure)
ORDER BY 1::text;

\echo 'the plans chosen, with max_parallel_workers_per_gather = 0 (serial) and = 2; max_parallel_workers ='
\echo :max_parallel_workers ', max_worker_processes =' :max_worker_processes ', all other settings at their defaults:'
SELECT CASE r.rule_set WHEN 'pack' THEN 'shipped pack' ELSE '100,000 rules' END AS rules, q.label AS query,
       r.workers_setting AS per_gather, r.plan, coalesce(r.workers_planned, 0) AS workers_planned,
       coalesce(r.workers_launched, 0) AS workers_launched
FROM result r JOIN query q USING (ord)
WHERE r.plan IS NOT NULL
ORDER BY r.rule_set DESC, r.ord, r.workers_setting;

\echo 'aggregate over' :n 'rows: serial and with up to 2 workers, each best of 5 runs, taken'
\echo 'alternately (workers launched: in the EXPLAIN ANALYZE run):'
WITH best AS (
	SELECT rule_set, ord, workers_setting, min(ms) AS ms, string_agg(ms::text, ' / ' ORDER BY i) AS all_ms,
	       coalesce(min(workers_launched), 0) AS min_launched, coalesce(max(workers_launched), 0) AS max_launched
	FROM result GROUP BY 1, 2, 3)
SELECT CASE s.rule_set WHEN 'pack' THEN 'shipped pack' ELSE '100,000 rules' END AS rules, q.label AS query,
       s.ms AS serial_ms, p.ms AS parallel_ms,
       CASE WHEN p.min_launched = p.max_launched THEN p.max_launched::text
            ELSE p.min_launched || '-' || p.max_launched END AS workers_launched,
       round(s.ms / p.ms, 2) AS speed_up,
       round(s.ms * 1000000 / :n) AS serial_ns_per_row, round(p.ms * 1000000 / :n) AS parallel_ns_per_row,
       s.all_ms AS serial_runs_ms, p.all_ms AS parallel_runs_ms
FROM best s JOIN best p ON p.rule_set = s.rule_set AND p.ord = s.ord AND p.workers_setting = 2
JOIN query q ON q.ord = s.ord
WHERE s.workers_setting = 0
ORDER BY s.rule_set DESC, s.ord;

\echo 'verdicts of the screening aggregate (serial):'
SELECT CASE rule_set WHEN 'pack' THEN 'shipped pack' ELSE '100,000 rules' END AS rules, answer AS verdicts
FROM (SELECT rule_set, answer FROM result WHERE ord = 1 AND workers_setting = 0 AND answer IS NOT NULL) r
ORDER BY rule_set DESC;

\echo 'target (from the issue):'
WITH s AS (SELECT min(ms) AS ms FROM result WHERE rule_set = 'pack' AND ord = 1 AND workers_setting = 0),
     p AS (SELECT min(ms) AS ms, min(workers_launched) AS launched, min(plan) AS plan
           FROM result WHERE rule_set = 'pack' AND ord = 1 AND workers_setting = 2)
SELECT 'screening aggregate over ' || to_char(:n, 'FM999,999,999') || ' rows, shipped pack: '
       || 'parallel plan with 2 workers' AS target, '2 launched' AS goal,
       coalesce(p.launched, 0) || ' launched' AS measured,
       CASE WHEN p.launched >= 2 THEN 'met' ELSE 'MISSED' END AS result
FROM p
UNION ALL
SELECT '  its time, serial / parallel', '>= 1.7x', round(s.ms / p.ms, 2) || 'x',
       CASE WHEN p.launched >= 2 AND s.ms / p.ms >= 1.7 THEN 'met' ELSE 'MISSED' END
FROM s, p;

SELECT CASE WHEN min(workers_launched) >= 1 THEN 'the planner chose a parallel plan: '
            ELSE 'the planner chose a SERIAL plan with max_parallel_workers_per_gather = 2: ' END
       || min(plan) AS plan_chosen
FROM result WHERE rule_set = 'pack' AND ord = 1 AND workers_setting = 2 \gset
\echo :plan_chosen

-- The parallel runs must give the serial runs' answers.
SELECT count(*) AS wrong FROM result p JOIN result s USING (rule_set, ord)
WHERE s.workers_setting = 0 AND p.workers_setting = 2 AND s.answer IS NOT NULL AND p.answer IS NOT NULL
  AND p.answer IS DISTINCT FROM s.answer \gset
SELECT :wrong > 0 AS failed \gset
\if :failed
\echo '*** CHECK FAILED: a parallel run gave other verdicts than the serial run:'
SELECT rule_set, ord, workers_setting, answer FROM result WHERE answer IS NOT NULL ORDER BY 1, 2, 3;
DO $$ BEGIN
	RAISE EXCEPTION 'parallel benchmark check FAILED';
END $$;
\else
\echo 'check passed: every parallel run gave the serial run''s verdicts'
\endif
