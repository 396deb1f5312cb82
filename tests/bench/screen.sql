-- Benchmark of screen() and its rule cache.  Run by tests/bench/screen.sh;
-- prints screening times against a bare scan measured in the same run and
-- against the same rules written in PL/pgSQL, at the shipped rule pack and
-- with 1,000 and 100,000 rules, the cache's build time and memory, and the
-- issue's targets next to the measured values.  It also checks, row by row on
-- a sample, that screen() and the PL/pgSQL version give the same verdict, and
-- fails if they do not.
\pset footer off
\pset tuples_only off
\ir common.sql

------------------------------------------------------------------------------
-- The import table (import_rows.sql): N rows of the shared mix, each tagged
-- once, up front, and with a chain of custody, which this benchmark does not
-- pass (custody.sql does); and the sample the PL/pgSQL baseline is run on,
-- and checked against screen(): every k-th row, 20,000 of them (the first
-- 2,000 at 100,000 rules).
------------------------------------------------------------------------------

\ir import_rows.sql

------------------------------------------------------------------------------
-- The baseline: what a user without screen() would write.  One query per
-- call over embargo.rule (through its jurisdiction index) with the
-- exception and authority lookups; the origin's parts and the backing state
-- of its controller are looked up once per call.  The query keeps a generic
-- plan: left to itself, PL/pgSQL re-plans it on every call (a plan for the
-- call's values looks cheaper, e.g. without the exception lookup when there
-- is no evidence), and planning costs several times more than running it.
------------------------------------------------------------------------------

\ir standing_rules.sql

CREATE FUNCTION public.bench_screen_plpgsql(o embargo.origin, hs embargo.hscode, d date, j text, ev text[])
	RETURNS embargo.verdict LANGUAGE plpgsql STABLE
	SET plan_cache_mode = force_generic_plan AS $$
DECLARE
	goods     embargo.hscode := hs;
	o_terr    embargo.territory := embargo.territory(o);
	o_place   integer := embargo.place(o);
	o_ctrl    text := embargo.controller(o);
	o_status  text := embargo.status(o);
	o_backer  text;
	result    embargo.verdict;
BEGIN
	-- the state backing the authority in control, if it is one
	SELECT a.backed_by::text INTO o_backer FROM embargo.authority a WHERE a.code = o_ctrl;

	SELECT max(s.action) INTO result
	  FROM public.bench_standing_rules(o_terr, o_place, o_ctrl, o_backer, o_status, goods, d, j, ev) s;
	RETURN coalesce(result, 'allow');
END $$;

------------------------------------------------------------------------------
-- Synthetic user rules, numbered k = 1, 2, ... (id 1000000 + k), each drawn
-- deterministically from k, so that the 1,000-rule set is part of the
-- 100,000-rule one.  Shaped like a real rule book: a core of rules about the
-- origins at issue and a long tail about everywhere else.  Rule k is scoped
-- to one of the territories imports come from or their countries (40% of
-- the first 500 rules, 1% after), to a shipped place (5%, 2%), to no
-- territory but a controller and/or an occupied or contested status (10%,
-- 0.2%), or else to any ISO 3166 code; 6% of territory rules also name a
-- controller and 10% a status.  Jurisdictions US, EU, UK, CA (76%) and
-- user-defined ones; all goods (20% of the first 500 rules, 5% after) or
-- 1-3 HS prefixes of 2-6 digits (from the critical-mineral codes: 70% of
-- them in the first 500 rules, 25% after); 75% have a start date, 45% an
-- end date; 55% review, 30% licence, 15% prohibit; 4% are disabled; 12% have
-- an exception (mostly the Ukrainian certificate of origin).
------------------------------------------------------------------------------

-- An HS prefix of 2, 4 or 6 digits: a critical-mineral code cut short, or
-- any chapter, heading or subheading.
CREATE FUNCTION pg_temp.hs_prefix(k bigint, i int) RETURNS hscode LANGUAGE sql AS $$
SELECT left(CASE WHEN pg_temp.h(k, 30 + i, 100) < CASE WHEN k <= 500 THEN 70 ELSE 25 END
                 THEN (ARRAY['280530', '284690', '282520', '283691', '810820', '261400',
                             '760110', '740311', '750210', '261590', '810320', '710812',
                             '720810', '270112', '250410', '810520'])[1 + pg_temp.h(k, 40 + i, 16)]
                 ELSE lpad((1 + pg_temp.h(k, 40 + i, 97))::text, 2, '0')
                      || lpad(pg_temp.h(k, 50 + i, 10000)::text, 4, '0') END,
            2 * (1 + pg_temp.h(k, 60 + i, 3)))::hscode
$$;

-- Add synthetic rules until embargo.rule has "total" rows.
CREATE FUNCTION pg_temp.add_rules(total int) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	k_first int := 1 + (SELECT count(*) FROM embargo.rule WHERE NOT shipped);
	k_last int := total - (SELECT count(*) FROM embargo.rule WHERE shipped);
	every_code territory[] := ARRAY(SELECT code FROM embargo.territories() ORDER BY code);
	hot territory[] := '{CN,CN-XJ,RU,UA,UA-14,UA-23,UA-43,UA-09,UA-65,CD,CD-NK,CD-SK,AU,AU-WA,CL,ZA,CA,US,BY,IR,KP,MM,RW,GE,MD}';
	places int[] := ARRAY(SELECT id FROM embargo.place WHERE shipped ORDER BY id);
BEGIN
	INSERT INTO embargo.rule (id, jurisdiction, instrument, article, citation, action,
	                          territory, place_id, controller, status, hs,
	                          valid_from, valid_until, enabled, note)
	SELECT 1000000 + k,
	       CASE WHEN k <= 4 THEN (ARRAY['US', 'EU', 'UK', 'CA'])[k]		-- every jurisdiction has a rule
	            WHEN jx < 24 THEN 'US' WHEN jx < 48 THEN 'EU' WHEN jx < 62 THEN 'UK' WHEN jx < 76 THEN 'CA'
	            ELSE (ARRAY['JP', 'AU', 'CH', 'KR', 'ACME_GROUP', 'BOARD_POLICY'])[1 + pg_temp.h(k, 2, 6)] END,
	       'bench instrument ' || (k % 500), 'Art. ' || (1 + k % 40), 'bench',
	       CASE WHEN pg_temp.h(k, 3, 100) < 55 THEN 'review'
	            WHEN pg_temp.h(k, 3, 100) < 85 THEN 'licence' ELSE 'prohibit' END::verdict,
	       CASE scope WHEN 'hot' THEN hot[1 + pg_temp.h(k, 4, cardinality(hot))]
	                  WHEN 'any' THEN every_code[1 + pg_temp.h(k, 4, cardinality(every_code))] END,
	       CASE scope WHEN 'place' THEN places[1 + pg_temp.h(k, 5, cardinality(places))] END,
	       CASE WHEN scope = 'none' AND c < 65 OR scope <> 'none' AND c < 6
	            THEN (ARRAY['RU', 'DNR', 'LNR', 'M23', 'RW', 'TR', 'UA', 'CN'])[1 + pg_temp.h(k, 7, scope_ctrl)] END,
	       CASE WHEN scope = 'none' AND c >= 50 THEN (ARRAY['occupied', 'occupied', 'contested'])[1 + pg_temp.h(k, 9, 3)]
	            WHEN scope <> 'none' AND pg_temp.h(k, 8, 100) < 10
	            THEN (ARRAY['occupied', 'occupied', 'contested', 'sovereign'])[1 + pg_temp.h(k, 9, 4)] END,
	       CASE WHEN pg_temp.h(k, 10, 100) < CASE WHEN k <= 500 THEN 20 ELSE 5 END THEN '{}'::hscode[]
	            ELSE ARRAY(SELECT pg_temp.hs_prefix(k, i) FROM generate_series(1, 1 + pg_temp.h(k, 11, 3)) i) END,
	       vf,
	       CASE WHEN pg_temp.h(k, 12, 100) >= 55 THEN coalesce(vf, '2014-01-01') + 90 + pg_temp.h(k, 13, 2900) END,
	       pg_temp.h(k, 14, 100) >= 4,
	       'bench synthetic rule ' || k
	FROM (SELECT k, jx, c, vf, scope,
	             -- a rule about no territory is about a controller other than a sovereign of the imports
	             CASE WHEN scope = 'none' THEN 6 ELSE 8 END AS scope_ctrl
	      FROM (SELECT k, pg_temp.h(k, 1, 100) AS jx, pg_temp.h(k, 6, 100) AS c,
	                   CASE WHEN pg_temp.h(k, 15, 100) >= 25 THEN '2012-01-01'::date + pg_temp.h(k, 16, 4750) END AS vf,
	                   CASE WHEN sc < hot_pct THEN 'hot'
	                        WHEN sc < hot_pct + place_pct THEN 'place'
	                        WHEN sc < hot_pct + place_pct + none_pct THEN 'none'
	                        ELSE 'any' END AS scope
	            FROM (SELECT k, pg_temp.h(k, 0, 1000) AS sc,		-- per mille
	                         CASE WHEN k <= 500 THEN 400 ELSE 10 END AS hot_pct,
	                         CASE WHEN k <= 500 THEN 50 ELSE 20 END AS place_pct,
	                         CASE WHEN k <= 500 THEN 100 ELSE 2 END AS none_pct
	                  FROM generate_series(k_first, k_last) k) d) e) g;

	INSERT INTO embargo.rule_exception (id, rule_id, evidence, valid_from, valid_until, description, citation)
	SELECT 1000000 + k, 1000000 + k,
	       CASE WHEN pg_temp.h(k, 21, 100) < 75 THEN 'ua-certificate-of-origin' ELSE 'end-use-statement' END,
	       ef,
	       CASE WHEN pg_temp.h(k, 22, 100) >= 60 THEN coalesce(ef, '2014-01-01') + 30 + pg_temp.h(k, 23, 3000) END,
	       'bench exception', 'bench'
	FROM (SELECT k, CASE WHEN pg_temp.h(k, 24, 100) >= 50 THEN '2014-01-01'::date + pg_temp.h(k, 25, 4000) END AS ef
	      FROM generate_series(k_first, k_last) k WHERE pg_temp.h(k, 20, 100) < 12) g;
	ANALYZE embargo.rule;
	ANALYZE embargo.rule_exception;
END $$;

------------------------------------------------------------------------------
-- Measuring one rule set.
------------------------------------------------------------------------------

-- Cache build: the first screen() call after a write to embargo.rule (any
-- write marks the cache stale), the fastest of three.
CREATE FUNCTION pg_temp.build_ms() RETURNS numeric LANGUAGE plpgsql AS $$
DECLARE
	o origin := tag_origin('UA-23', 16, '2024-03-01');
	t0 timestamptz;
	best numeric := NULL;
BEGIN
	FOR i IN 1..3 LOOP
		PERFORM screen(o, '2805.30', '2024-03-01', 'EU');
		DELETE FROM embargo.rule WHERE id = -1;
		t0 := clock_timestamp();
		PERFORM screen(o, '2805.30', '2024-03-01', 'EU');
		best := least(best, extract(epoch FROM clock_timestamp() - t0) * 1000);
	END LOOP;
	RETURN round(best, 2);
END $$;

CREATE TEMP TABLE level (
	ord int, rules int, enabled int, exceptions int, label text,
	build_ms numeric, cache_bytes bigint, version text,
	screen_ms numeric, allow bigint, review bigint, licence bigint, prohibit bigint,
	sample int, baseline_ms numeric, disagree int);
CREATE TEMP TABLE disagreement (ord int, s int, n int, origin origin, hs hscode, day date,
	jurisdiction text, evidence text[], screen verdict, baseline verdict);

CREATE FUNCTION pg_temp.measure(ord int, sample int) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	l level%ROWTYPE;
	t0 timestamptz;
BEGIN
	l.ord := ord;
	l.sample := sample;
	SELECT count(*), count(*) FILTER (WHERE r.enabled) INTO l.rules, l.enabled FROM embargo.rule r;
	SELECT count(*) INTO l.exceptions FROM embargo.rule_exception;
	l.label := CASE WHEN ord > 1 THEN to_char(l.rules, 'FM999,999,999') || ' rules'
	                WHEN NOT EXISTS (SELECT FROM embargo.rule WHERE NOT shipped)
	                THEN l.rules || ' rules (shipped pack)'
	                ELSE l.rules || ' rules (shipped pack: ' || (SELECT count(*) FROM embargo.rule WHERE shipped)
	                     || ' + synthetic)' END;
	l.build_ms := pg_temp.build_ms();
	SELECT sum(total_bytes) INTO l.cache_bytes
	FROM pg_backend_memory_contexts WHERE name LIKE 'embargo%';
	l.version := ruleset_version();
	-- screening and the two scans in turn, so that a busy moment on the
	-- machine does not skew their ratios; each scan keeps its best of the run
	FOR i IN 1..2 LOOP
		UPDATE scan SET ms = least(ms, pg_temp.best_ms(query));
		l.screen_ms := least(l.screen_ms, pg_temp.best_ms(
			'SELECT count(*) FROM bench_import WHERE screen(origin, hs, day, jurisdiction, evidence) <> ''allow'''));
	END LOOP;
	SELECT count(*) FILTER (WHERE v = 'allow'), count(*) FILTER (WHERE v = 'review'),
	       count(*) FILTER (WHERE v = 'licence'), count(*) FILTER (WHERE v = 'prohibit')
	  INTO l.allow, l.review, l.licence, l.prohibit
	  FROM (SELECT screen(origin, hs, day, jurisdiction, evidence) AS v FROM bench_import) x;
	-- the baseline is slow: one run, on the sample
	t0 := clock_timestamp();
	PERFORM count(*) FROM bench_sample b
	 WHERE b.s <= sample AND bench_screen_plpgsql(b.origin, b.hs, b.day, b.jurisdiction, b.evidence) <> 'allow';
	l.baseline_ms := round(extract(epoch FROM clock_timestamp() - t0) * 1000, 1);
	-- the agreement check, row by row
	INSERT INTO disagreement
	SELECT ord, b.s, b.n, b.origin, b.hs, b.day, b.jurisdiction, b.evidence, x.sv, x.bv
	FROM bench_sample b,
	     LATERAL (SELECT screen(b.origin, b.hs, b.day, b.jurisdiction, b.evidence) AS sv,
	                     bench_screen_plpgsql(b.origin, b.hs, b.day, b.jurisdiction, b.evidence) AS bv) x
	WHERE b.s <= sample AND x.sv IS DISTINCT FROM x.bv;
	GET DIAGNOSTICS l.disagree = ROW_COUNT;
	INSERT INTO level SELECT l.*;
END $$;

------------------------------------------------------------------------------
-- Run.
------------------------------------------------------------------------------

CREATE TEMP TABLE scan (label text, query text, ms numeric);
INSERT INTO scan VALUES
	('count(*)', 'SELECT count(*) FROM bench_import', NULL),
	('columns', 'SELECT count(origin), count(hs), count(day), count(jurisdiction), count(evidence) FROM bench_import', NULL);

\o /dev/null
-- the shipped pack, topped up to 30 rules with synthetic ones if it has fewer
SELECT pg_temp.add_rules(30);
SELECT pg_temp.measure(1, 20000);
SELECT pg_temp.add_rules(1000);
SELECT pg_temp.measure(2, 20000);
SELECT pg_temp.add_rules(100000);
SELECT pg_temp.measure(3, 2000);
\o

\echo
\echo 'screening' :rows 'import rows: screen() best of 10 runs, taken in turn with the two scans (best of 30);'
\echo 'the PL/pgSQL baseline: one run on a sample, EXTRAPOLATED to all rows:'
WITH k AS (SELECT (SELECT ms FROM scan WHERE label = 'count(*)') AS star,
                  (SELECT ms FROM scan WHERE label = 'columns') AS cols,
                  (SELECT screen_ms FROM level WHERE ord = 1) AS shipped,
                  (SELECT count(*) FROM bench_import) AS n),
t AS (
	SELECT 0 AS ord, 'bare count(*)' AS label, star AS ms, NULL::numeric AS ns_per_row FROM k
	UNION ALL
	SELECT 1, 'count(origin), count(hs), count(day), ... (reads the columns)', cols, NULL FROM k
	UNION ALL
	SELECT 10 + ord, 'screen() @ ' || label, screen_ms, NULL FROM level
	UNION ALL
	SELECT 20 + ord, 'PL/pgSQL baseline @ ' || label || ': ' || to_char(sample, 'FM999,999')
	                 || '-row sample, EXTRAPOLATED to ' || to_char(n, 'FM999,999,999'),
	       baseline_ms * n / sample, baseline_ms * 1000000 / sample FROM level, k)
SELECT label, round(ms, 1) AS ms,
       round(ms / star, 2) AS x_count_star,
       round(ms / cols, 2) AS x_read_columns,
       CASE WHEN ord >= 10 THEN round(ms / shipped, 2) END AS x_shipped_screen,
       round(coalesce(ns_per_row, ms * 1000000 / n), 0) AS ns_per_row,
       CASE WHEN ord BETWEEN 10 AND 19 THEN round((ms - cols) * 1000000 / n, 0) END AS ns_over_scan
FROM t, k ORDER BY ord;

\echo 'rule sets: cache build (first screen() after a write to embargo.rule, best of 3), cache memory'
\echo '(every backend memory context named embargo*), ruleset_version(), verdicts over all rows,'
\echo 'and the row-by-row check of screen() against the PL/pgSQL baseline on the sample:'
SELECT label AS rules, enabled, exceptions, build_ms, pg_size_pretty(cache_bytes) AS cache_memory,
       version AS ruleset_version, allow, review, licence, prohibit,
       sample AS checked_rows, disagree AS disagreements
FROM level ORDER BY ord;

SELECT name, parent, pg_size_pretty(total_bytes) AS memory
FROM pg_backend_memory_contexts WHERE name LIKE 'embargo%' ORDER BY total_bytes DESC;

\echo 'targets (from the issue):'
WITH k AS (SELECT (SELECT ms FROM scan WHERE label = 'columns') AS cols,
                  (SELECT count(*) FROM bench_import) AS n),
m AS (
	SELECT 10 + ord AS ord, 'screening vs PL/pgSQL baseline (extrapolated), ' || label AS target,
	       '>= 50x' AS goal, (baseline_ms * n / sample) / screen_ms AS x,
	       (baseline_ms * n / sample) / screen_ms >= 50 AS met
	FROM level, k
	UNION ALL
	SELECT 20 + ord, 'screening / scan reading the same columns, ' || label,
	       '<= 3x', screen_ms / cols, screen_ms / cols <= 3
	FROM level, k
	UNION ALL
	SELECT 30, 'per-row cost at ' || l3.label || ' / at ' || l1.label || ' (whole query)',
	       '<= 1.5x', l3.screen_ms / l1.screen_ms, l3.screen_ms / l1.screen_ms <= 1.5
	FROM level l1, level l3 WHERE l1.ord = 1 AND l3.ord = 3
	UNION ALL
	SELECT 31, 'per-row cost at ' || l3.label || ' / at ' || l1.label || ' (screen() alone: time over the scan)',
	       '<= 1.5x', (l3.screen_ms - cols) / nullif(l1.screen_ms - cols, 0),
	       (l3.screen_ms - cols) / nullif(l1.screen_ms - cols, 0) <= 1.5
	FROM level l1, level l3, k WHERE l1.ord = 1 AND l3.ord = 3)
SELECT target, goal, measured, CASE WHEN met THEN 'met' ELSE 'MISSED' END AS result
FROM (SELECT ord, target, goal, round(x, 2) || 'x' AS measured, met FROM m
      UNION ALL
      SELECT 40, 'cache build, ' || label, '< 500 ms', build_ms || ' ms', build_ms < 500
      FROM level WHERE ord = 3) t
ORDER BY ord;

-- The agreement check decides the exit status.
SELECT count(*) > 0 AS any_disagreement FROM disagreement \gset
\if :any_disagreement
\echo '*** screen() and the PL/pgSQL baseline DISAGREE (first 20 rows of each rule set):'
SELECT l.label AS rules, d.n, d.origin, d.hs, d.day, d.jurisdiction, d.evidence, d.screen, d.baseline
FROM (SELECT *, row_number() OVER (PARTITION BY ord ORDER BY s) AS i FROM disagreement) d
JOIN level l USING (ord)
WHERE d.i <= 20 ORDER BY d.ord, d.s;
DO $$ BEGIN
	RAISE EXCEPTION 'agreement check FAILED: % rows where screen() and the PL/pgSQL baseline disagree',
		(SELECT count(*) FROM disagreement);
END $$;
\else
\echo 'agreement check passed: screen() and the PL/pgSQL baseline agree on every sampled row'
\endif
