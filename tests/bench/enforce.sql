-- Benchmark of the enforce() trigger.  Run by tests/bench/enforce.sh, which
-- builds the floor trigger (:floor_so) first; prints the time to COPY the
-- same N rows from a file into a fresh import table, and for each variant
-- its ratio to the COPY with no trigger and to the floor:
--   (a)  no trigger;
--   (f)  the floor: an empty C BEFORE ROW trigger, what every row trigger
--        pays (COPY no longer inserts in batches, and calls the trigger
--        for each row);
--   (a0) for reference, an empty PL/pgSQL row trigger;
--   (b)  embargo.enforce() in flag mode;
--   (b0) for reference, flag mode without the output columns (verdict,
--        origin tag, rule ids), which (b) sets on every row;
--   (c)  enforce() in quarantine mode, holding the prohibited rows (~5%);
--   (d)  the baseline: a PL/pgSQL trigger that tags with tag_origin(),
--        screens through the indexed rules of indexed_rules.sql, sets the
--        same columns and audits into a table of its own;
-- first with the shipped rule pack (fewer than 10% of the rows audited),
-- then with 100,000 rules of which ~80% or more of the rows fall foul; and
-- the cost of an audited row over an allowed one, from two COPYs that
-- differ only in how many rows are audited.  The issue's targets are
-- printed next to the measured values.  It fails if (b) and (d) set a
-- different verdict, origin tag or rule ids on any row, or if their audit
-- trails differ, under either rule set, or if quarantine mode loses or
-- duplicates a row.
\pset footer off
\pset tuples_only off
\ir common.sql
-- no notices from dropping import tables that do not exist yet
SET client_min_messages = warning;

------------------------------------------------------------------------------
-- The rows to import, generated once into a staging table and written to a
-- file in the data directory, so that every run COPYs the same bytes: the
-- origin mix of tests/bench/import_mix.sql (sovereign countries, occupied or
-- contested Ukrainian and Congolese areas and places, by ISO territory and
-- place id), critical-mineral HS codes, shipment dates 2014-2025, four
-- importing jurisdictions, now and then a Ukrainian certificate of origin
-- (to the EU and the UK, whose rules name it).
-- With the shipped rule pack about 5% of the rows are prohibited (the
-- quarantine threshold below) and about 3% more get review; the weights of
-- the origins that rules prohibit (Crimea, Donetsk, Melitopol, Russia,
-- Xinjiang) were tuned for that.
------------------------------------------------------------------------------

\ir import_mix.sql

CREATE TABLE public.bench_source AS
SELECT r.n, o.territory, o.place_id, g.hs, r.shipped_on, r.jurisdiction,
       pg_temp.evidence(r.n, o.territory, r.jurisdiction) AS evidence
FROM (SELECT n, o_slot, hs_slot, day AS shipped_on, jurisdiction FROM pg_temp.draws(:rows)) r
JOIN origin_slot o ON o.slot = r.o_slot
JOIN hs_slot g ON g.slot = r.hs_slot
ORDER BY r.n;

-- The file every run COPYs from (text format, in the data directory).
SELECT current_setting('data_directory') || '/bench_enforce.copy' AS copy_file \gset
COPY bench_source TO :'copy_file';

-- The import table: the shipment's inputs, and the three columns the
-- trigger fills in.  No index or key, so that (a) is the bare cost of
-- loading the rows.
CREATE FUNCTION pg_temp.new_import(tbl text, trig text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	EXECUTE format('DROP TABLE IF EXISTS public.%I', tbl);
	EXECUTE format('CREATE TABLE public.%I (n bigint, territory embargo.territory, place_id integer,
		hs embargo.hscode, shipped_on date, jurisdiction text, evidence text[],
		verdict embargo.verdict, tag embargo.origin, rule_ids integer[])', tbl);
	IF trig IS NOT NULL THEN
		EXECUTE format('CREATE TRIGGER screen BEFORE INSERT OR UPDATE ON public.%I FOR EACH ROW ', tbl) || trig;
	END IF;
END $$;

------------------------------------------------------------------------------
-- The floor: a C trigger function that returns the row it is given and does
-- nothing else, compiled by enforce.sh from a few lines of C and loaded
-- here.  Any BEFORE ROW trigger stops COPY from inserting in batches and
-- costs a trigger call per row; this is what enforce() pays before doing
-- anything, and what no row trigger, in C or otherwise, can go below.
------------------------------------------------------------------------------

CREATE FUNCTION public.bench_floor() RETURNS trigger
	AS :'floor_so', 'floor_trigger' LANGUAGE C;

-- For reference: a PL/pgSQL trigger that does nothing.
CREATE FUNCTION public.bench_noop() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;

------------------------------------------------------------------------------
-- The baseline: what a competent user without enforce() would write.  A
-- PL/pgSQL trigger that tags the row with tag_origin() (tagging has no
-- PL/pgSQL equivalent), screens it through the indexed rules of
-- indexed_rules.sql (one indexed query per row, which also collects the
-- ids and reasons of the rules that stand), gives a row presenting an
-- evidence code that no exception of its jurisdiction names at least review
-- (as enforce() does in flag mode; the benchmark's rows present none), sets
-- the same three columns, and writes an audit row like embargo.audit's for
-- every verdict other than allow.  The rows carry no chain of custody.  The
-- queries keep a generic plan (see indexed_rules.sql).
------------------------------------------------------------------------------

CREATE TABLE public.bench_audit (
	id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	at               timestamptz NOT NULL DEFAULT clock_timestamp(),
	by               name NOT NULL,
	source_table     text NOT NULL,
	operation        text NOT NULL,
	outcome          text NOT NULL,
	row_key          text,
	origin           embargo.origin,
	jurisdiction     text NOT NULL,
	verdict          embargo.verdict NOT NULL,
	rule_ids         integer[] NOT NULL,
	reasons          text,
	ruleset_version  text);

\ir synthetic_rules.sql
\ir indexed_rules.sql

CREATE FUNCTION public.bench_enforce_plpgsql() RETURNS trigger LANGUAGE plpgsql
	SET plan_cache_mode = force_generic_plan AS $$
DECLARE
	o         embargo.origin := embargo.tag_origin(NEW.territory, NEW.place_id, NEW.shipped_on);
	j         text := NEW.jurisdiction;
	ev        text[] := coalesce(NEW.evidence, '{}');
	result    embargo.verdict;
	ids       integer[];
	why       text;
	unknown   text;
BEGIN
	SELECT max(m.action), array_agg(m.id ORDER BY m.action DESC, m.id),
	       string_agg(format('rule %s (%s%s): %s%s [%s]', m.id, m.action,
	                         CASE WHEN m.capped THEN ', contested origin' ELSE '' END,
	                         m.instrument, ', ' || m.article, m.citation),
	                  '; ' ORDER BY m.action DESC, m.id)
	  INTO result, ids, why
	  FROM public.bench_indexed_rules(embargo.territory(o), embargo.place(o), embargo.controller(o),
	                                  embargo.status(o), NEW.hs, NEW.shipped_on, j, ev) m;
	-- a misspelt evidence code lifts nothing: review
	IF cardinality(ev) > 0 THEN
		SELECT e INTO unknown FROM unnest(ev) e
		 WHERE e IS NOT NULL
		   AND NOT EXISTS (SELECT FROM public.bench_evidence_code k WHERE k.jurisdiction = j AND k.evidence = e)
		 LIMIT 1;
		IF unknown IS NOT NULL THEN
			result := greatest(result, 'review');
			why := concat_ws('; ', why, format('unknown evidence code "%s" (review: no exception of %s names it)',
			                                   unknown, j));
		END IF;
	END IF;

	NEW.tag := o;
	NEW.verdict := coalesce(result, 'allow');
	NEW.rule_ids := coalesce(ids, '{}');
	IF NEW.verdict > 'allow' THEN
		INSERT INTO public.bench_audit (by, source_table, operation, outcome, origin, jurisdiction,
		                                verdict, rule_ids, reasons, ruleset_version)
		VALUES (current_user, quote_ident(TG_TABLE_SCHEMA) || '.' || quote_ident(TG_TABLE_NAME), TG_OP,
		        'flagged', o, j, NEW.verdict, NEW.rule_ids, why, embargo.ruleset_version());
	END IF;
	RETURN NEW;
END $$;

------------------------------------------------------------------------------
-- The variants, by rule set: "pack" (the shipped pack), "pair" (the pack
-- and four rules that apply to every row, lifted by a window that ends
-- before the first shipment or in force throughout: see below) and "100k"
-- (100,000 rules, most rows audited).
------------------------------------------------------------------------------

CREATE TEMP TABLE variant (ord int, key text, rule_set text, label text, tbl text, trig text);
INSERT INTO variant
SELECT v.ord, v.key, v.rule_set, v.label, 'bench_import_' || v.key, v.trig
FROM (VALUES
	(1, 'a', 'pack', '(a) no trigger', NULL),
	(2, 'f', 'pack', '(f) the floor: an empty C row trigger', 'EXECUTE FUNCTION public.bench_floor()'),
	(3, 'a0', 'pack', '(a0) for reference: an empty PL/pgSQL row trigger', 'EXECUTE FUNCTION public.bench_noop()'),
	(4, 'b', 'pack', '(b) embargo.enforce(), mode=flag', 'flag'),
	(5, 'b0', 'pack', '(b0) for reference: mode=flag without the output columns', 'flag, no outputs'),
	(6, 'c', 'pack', '(c) embargo.enforce(), mode=quarantine threshold=prohibit', 'quarantine'),
	(7, 'd', 'pack', '(d) baseline: tag_origin() + indexed PL/pgSQL screening + own audit',
	 'EXECUTE FUNCTION public.bench_enforce_plpgsql()'),
	(11, 'x_none', 'pair', '(b) mode=flag, every-row rules lifted: audits the pack''s rows only', 'flag'),
	(12, 'x_all', 'pair', '(b) mode=flag, every-row rules in force: audits every row', 'flag'),
	(21, 'a_100k', '100k', '(a) no trigger', NULL),
	(22, 'f_100k', '100k', '(f) the floor: an empty C row trigger', 'EXECUTE FUNCTION public.bench_floor()'),
	(23, 'b_100k', '100k', '(b) embargo.enforce(), mode=flag', 'flag'),
	(24, 'd_100k', '100k', '(d) baseline: tag_origin() + indexed PL/pgSQL screening + own audit',
	 'EXECUTE FUNCTION public.bench_enforce_plpgsql()')
) v(ord, key, rule_set, label, trig);
UPDATE variant SET trig = CASE trig
	WHEN 'flag' THEN $$EXECUTE FUNCTION embargo.enforce('mode=flag', 'territory=territory', 'place=place_id',
	   'hs=hs', 'date=shipped_on', 'jurisdiction=jurisdiction', 'evidence=evidence', 'verdict=verdict',
	   'origin=tag', 'rules=rule_ids')$$
	WHEN 'flag, no outputs' THEN $$EXECUTE FUNCTION embargo.enforce('mode=flag', 'territory=territory',
	   'place=place_id', 'hs=hs', 'date=shipped_on', 'jurisdiction=jurisdiction', 'evidence=evidence')$$
	WHEN 'quarantine' THEN $$EXECUTE FUNCTION embargo.enforce('mode=quarantine', 'threshold=prohibit',
	   'territory=territory', 'place=place_id', 'hs=hs', 'date=shipped_on', 'jurisdiction=jurisdiction',
	   'evidence=evidence', 'verdict=verdict', 'origin=tag', 'rules=rule_ids')$$
	ELSE trig END;

------------------------------------------------------------------------------
-- Measuring: each run recreates its import table (and empties the
-- quarantine before a quarantine-mode run), commits, checkpoints, warms
-- this backend's caches (the rule set, rebuilt after any change to it, and
-- the gazetteer) by screening one row, as a loading session would have
-- done already, and times the COPY and its commit with clock_timestamp()
-- (enforce() may write its audit rows at the end of the statement or before
-- the commit: both are timed); then counts what went where.
------------------------------------------------------------------------------

CREATE TEMP TABLE run (key text, i int, ms numeric, copied bigint, table_rows bigint,
	held bigint, audited bigint, first_audit bigint);

CREATE PROCEDURE pg_temp.measure(k text, i int, file text) LANGUAGE plpgsql AS $$
DECLARE
	v variant%ROWTYPE;
	a0 bigint;
	t0 timestamptz;
	ms numeric;
	copied bigint;
	r run%ROWTYPE;
BEGIN
	SELECT * INTO v FROM variant WHERE key = k;
	PERFORM pg_temp.new_import(v.tbl, v.trig);
	IF v.trig LIKE '%mode=quarantine%' THEN
		TRUNCATE embargo.quarantine;
	END IF;
	DELETE FROM public.bench_audit WHERE source_table = 'public.' || v.tbl;
	SELECT coalesce(max(id), 0) INTO a0 FROM embargo.audit;
	COMMIT;
	CHECKPOINT;
	-- the warm cache of a loading session
	PERFORM embargo.screen(embargo.tag_origin('UA-23', 16, '2024-03-01'), '2805.30', '2024-03-01', 'EU');
	t0 := clock_timestamp();
	EXECUTE format('COPY public.%I (n, territory, place_id, hs, shipped_on, jurisdiction, evidence) FROM %L',
	               v.tbl, file);
	GET DIAGNOSTICS copied = ROW_COUNT;
	COMMIT;
	ms := extract(epoch FROM clock_timestamp() - t0) * 1000;
	r := (k, i, round(ms, 1), copied, NULL, NULL, NULL, a0);
	EXECUTE format('SELECT count(*) FROM public.%I', v.tbl) INTO r.table_rows;
	SELECT count(*) INTO r.held FROM embargo.quarantine WHERE source_table = 'public.' || v.tbl;
	SELECT count(*) INTO r.audited FROM embargo.audit WHERE id > a0 AND source_table = 'public.' || v.tbl;
	r.audited := r.audited + (SELECT count(*) FROM public.bench_audit WHERE source_table = 'public.' || v.tbl);
	INSERT INTO run SELECT r.*;
	COMMIT;
END $$;

-- The rows by verdict under the current rule set, screened up front.
CREATE TEMP TABLE verdicts (rule_set text, verdict verdict, rows bigint);
CREATE FUNCTION pg_temp.count_verdicts(rule_set text) RETURNS void LANGUAGE sql AS $$
	INSERT INTO verdicts
	SELECT rule_set, screen(tag_origin(territory, place_id, shipped_on), hs, shipped_on, jurisdiction, evidence),
	       count(*)
	FROM bench_source GROUP BY 2;
$$;

------------------------------------------------------------------------------
-- 1. The shipped pack: three rounds of (a), (f), (a0), (b), (b0), (c) in
-- turn, so that a busy moment of the machine does not skew their ratios,
-- (b) last so that its import table and audit rows are those checked
-- below; (d) once.
------------------------------------------------------------------------------

\o /dev/null
SELECT pg_temp.copy_rules();
SELECT pg_temp.count_verdicts('pack');
CALL pg_temp.measure('a', 1, :'copy_file');
CALL pg_temp.measure('f', 1, :'copy_file');
CALL pg_temp.measure('a0', 1, :'copy_file');
CALL pg_temp.measure('b', 1, :'copy_file');
CALL pg_temp.measure('b0', 1, :'copy_file');
CALL pg_temp.measure('c', 1, :'copy_file');
CALL pg_temp.measure('a', 2, :'copy_file');
CALL pg_temp.measure('f', 2, :'copy_file');
CALL pg_temp.measure('a0', 2, :'copy_file');
CALL pg_temp.measure('b', 2, :'copy_file');
CALL pg_temp.measure('b0', 2, :'copy_file');
CALL pg_temp.measure('c', 2, :'copy_file');
CALL pg_temp.measure('a', 3, :'copy_file');
CALL pg_temp.measure('f', 3, :'copy_file');
CALL pg_temp.measure('a0', 3, :'copy_file');
CALL pg_temp.measure('b0', 3, :'copy_file');
CALL pg_temp.measure('c', 3, :'copy_file');
CALL pg_temp.measure('b', 3, :'copy_file');
CALL pg_temp.measure('d', 1, :'copy_file');
\o

------------------------------------------------------------------------------
-- 2. What an audited row costs over an allowed one.  Two COPYs of the same
-- file into the same kind of table, flag mode, at the pack plus four rules
-- (one per jurisdiction of the rows: review, any origin, all goods) that
-- differ only in the rules' window of shipment dates: in x_none it ends
-- before the first shipment, so no row is audited that the pack does not
-- audit; in x_all it is open, so every row is audited.  The rule set has
-- the same size and shape in both, so the difference between the two times
-- is the cost of the audits, plus that of matching one rule without
-- conditions per row, and of one more rule in the reasons of the rows the
-- pack audits anyway (both small, and both make the estimate higher, not
-- lower):  extra per audited row = (t(x_all) - t(x_none)) / (rows audited
-- by x_all - rows audited by x_none).  Three rounds, each in turn.
------------------------------------------------------------------------------

INSERT INTO embargo.rule (id, jurisdiction, instrument, citation, action, hs, valid_until, note)
SELECT 2000000 + i, j, 'bench every import', 'bench', 'review', '{}', '2000-01-01',
       'benchmark: applies to every row of the jurisdiction while its window is open'
FROM unnest('{US,EU,UK,CA}'::text[]) WITH ORDINALITY AS u(j, i);
CREATE PROCEDURE pg_temp.pair_round(i int, file text) LANGUAGE plpgsql AS $$
BEGIN
	UPDATE embargo.rule SET valid_until = '2000-01-01' WHERE id BETWEEN 2000001 AND 2000004;
	COMMIT;
	CALL pg_temp.measure('x_none', i, file);
	UPDATE embargo.rule SET valid_until = NULL WHERE id BETWEEN 2000001 AND 2000004;
	COMMIT;
	CALL pg_temp.measure('x_all', i, file);
END $$;
\o /dev/null
CALL pg_temp.pair_round(1, :'copy_file');
CALL pg_temp.pair_round(2, :'copy_file');
CALL pg_temp.pair_round(3, :'copy_file');
\o
DELETE FROM embargo.rule WHERE id BETWEEN 2000001 AND 2000004;

------------------------------------------------------------------------------
-- 3. 100,000 rules, most rows audited: the synthetic rule book of the
-- screening benchmark (synthetic_rules.sql), under which about 65% of the
-- rows fall foul, plus, so that 80% or more do, a due-diligence profile
-- per importing jurisdiction on the four largest supplier countries of the
-- mix (China, Chile, Australia, South Africa): review of every import of
-- ores, chemicals and metals (HS chapters 26, 28 and 71-81) from there —
-- 16 rules, in all 100,000.  Three rounds of (a), (f), (b); (d) once.
------------------------------------------------------------------------------

\o /dev/null
SELECT pg_temp.add_rules(100000 - 16);
INSERT INTO embargo.rule (id, jurisdiction, instrument, article, citation, action, territory, hs, note)
SELECT 2000100 + row_number() OVER (ORDER BY j, c), j, 'bench supplier profile', 'origin ' || c, 'bench',
       'review', c::territory, '{26,28,71,72,73,74,75,76,78,79,80,81}'::hscode[],
       'benchmark: due-diligence review of critical-mineral imports from a major supplier'
FROM unnest('{US,EU,UK,CA}'::text[]) j, unnest('{CN,CL,AU,ZA}'::text[]) c;
ANALYZE embargo.rule;
SELECT pg_temp.copy_rules();
SELECT pg_temp.count_verdicts('100k');
CALL pg_temp.measure('a_100k', 1, :'copy_file');
CALL pg_temp.measure('f_100k', 1, :'copy_file');
CALL pg_temp.measure('b_100k', 1, :'copy_file');
CALL pg_temp.measure('a_100k', 2, :'copy_file');
CALL pg_temp.measure('f_100k', 2, :'copy_file');
CALL pg_temp.measure('b_100k', 2, :'copy_file');
CALL pg_temp.measure('a_100k', 3, :'copy_file');
CALL pg_temp.measure('f_100k', 3, :'copy_file');
CALL pg_temp.measure('b_100k', 3, :'copy_file');
CALL pg_temp.measure('d_100k', 1, :'copy_file');
\o

------------------------------------------------------------------------------
-- Results.
------------------------------------------------------------------------------

SELECT count(*) AS n FROM bench_source \gset
SELECT count(*) AS rules_100k FROM embargo.rule \gset

\echo
\echo 'import rows by verdict (screen(), computed up front), under the shipped pack and the 100,000 rules:'
SELECT verdict, sum(rows) FILTER (WHERE rule_set = 'pack') AS pack_rows,
       round(100.0 * sum(rows) FILTER (WHERE rule_set = 'pack') / :n, 2) AS pack_pct,
       sum(rows) FILTER (WHERE rule_set = '100k') AS rows_100k,
       round(100.0 * sum(rows) FILTER (WHERE rule_set = '100k') / :n, 2) AS pct_100k
FROM verdicts GROUP BY 1 ORDER BY 1;

\echo 'COPY of' :n 'rows from a file into a fresh import table, the COPY and its commit, caches warm;'
\echo 'each best of 3 runs taken in turn, (d) 1 run; x_no_trigger and x_floor against (a) and (f)'
\echo 'of the same rule set:'
WITH best AS (SELECT key, min(ms) AS ms, count(*) AS runs FROM run GROUP BY key),
last AS (SELECT DISTINCT ON (key) key, audited FROM run ORDER BY key, i DESC),
ref AS (SELECT v.rule_set, b.ms AS a_ms, f.ms AS f_ms
        FROM variant v JOIN best b ON b.key = v.key, variant w JOIN best f ON f.key = w.key
        WHERE v.tbl LIKE 'bench_import_a%' AND v.trig IS NULL AND w.rule_set = v.rule_set
          AND w.trig LIKE '%bench_floor%')
SELECT CASE v.rule_set WHEN 'pack' THEN 'shipped pack' WHEN 'pair' THEN 'pack + 4 every-row rules'
                       ELSE to_char(:rules_100k, 'FM999,999') || ' rules' END AS rule_set,
       v.label, b.ms, round(b.ms / ref.a_ms, 2) AS x_no_trigger, round(b.ms / ref.f_ms, 2) AS x_floor,
       round(b.ms * 1000000 / :n) AS ns_per_row,
       round(100.0 * l.audited / :n, 1) AS pct_audited, b.runs,
       (SELECT string_agg(r.ms::text, ' / ' ORDER BY r.i) FROM run r WHERE r.key = v.key) AS all_runs_ms
FROM variant v JOIN best b USING (key) JOIN last l USING (key)
LEFT JOIN ref ON ref.rule_set = CASE v.rule_set WHEN 'pair' THEN 'pack' ELSE v.rule_set END
ORDER BY v.ord;

\echo 'what an audited row costs over an allowed one (section 2 of enforce.sql: the same COPY with'
\echo 'four every-row rules lifted, then in force; each round in turn):'
CREATE TEMP TABLE audit_cost AS
SELECT i, n.ms AS none_ms, a.ms AS all_ms, n.audited AS none_audited, a.audited AS all_audited,
       (a.ms - n.ms) * 1000 / nullif(a.audited - n.audited, 0) AS us_per_audited_row
FROM run n JOIN run a USING (i) WHERE n.key = 'x_none' AND a.key = 'x_all';
SELECT i AS round, none_ms AS x_none_ms, none_audited AS x_none_audited, all_ms AS x_all_ms,
       all_audited AS x_all_audited, round(us_per_audited_row, 2) AS us_per_audited_row
FROM audit_cost
UNION ALL
SELECT NULL, min(none_ms), NULL, min(all_ms), NULL,
       round((min(all_ms) - min(none_ms)) * 1000 / nullif(max(all_audited) - max(none_audited), 0), 2)
FROM audit_cost
ORDER BY 1 NULLS LAST;
\echo '(last line: from the best time of each, the estimate used below)'

\echo 'where the rows went (last run of each):'
SELECT v.label, v.rule_set, r.copied, r.table_rows, r.held, r.audited,
       r.table_rows + r.held AS table_plus_held,
       CASE WHEN r.table_rows + r.held = :n THEN 'yes' ELSE 'NO' END AS nothing_lost,
       round(100.0 * r.held / :n, 2) AS held_pct
FROM variant v JOIN run r ON r.key = v.key
WHERE r.i = (SELECT max(i) FROM run x WHERE x.key = v.key)
ORDER BY v.ord;

\echo 'audit rows of the last (b) run and of (d), by outcome and verdict, per rule set:'
SELECT v.rule_set, 'embargo.audit, ' || v.key AS trail, a.outcome, a.verdict, count(*) AS rows
FROM variant v JOIN run r ON r.key = v.key AND r.i = 3
JOIN embargo.audit a ON a.id > r.first_audit AND a.source_table = 'public.' || v.tbl
WHERE v.key IN ('b', 'b_100k') GROUP BY 1, 2, 3, 4
UNION ALL
SELECT CASE WHEN source_table LIKE '%100k' THEN '100k' ELSE 'pack' END, 'bench_audit, ' || substr(source_table, 21),
       outcome, verdict, count(*) FROM bench_audit GROUP BY 1, 2, 3, 4
ORDER BY 1 DESC, 2, 3, 4;

\echo 'quarantine of the last (c) run, by verdict:'
SELECT verdict, count(*) AS held FROM embargo.quarantine GROUP BY 1 ORDER BY 1;

\echo 'targets (from the issue):'
WITH best AS (SELECT key, min(ms) AS ms FROM run GROUP BY key),
ms AS (SELECT (SELECT ms FROM best WHERE key = 'b') AS b, (SELECT ms FROM best WHERE key = 'f') AS f,
              (SELECT ms FROM best WHERE key = 'd') AS d,
              (SELECT ms FROM best WHERE key = 'b_100k') AS b_100k,
              (SELECT ms FROM best WHERE key = 'f_100k') AS f_100k,
              (SELECT ms FROM best WHERE key = 'd_100k') AS d_100k,
              (SELECT 100.0 * audited / :n FROM run WHERE key = 'b' AND i = 3) AS pct_pack,
              (SELECT 100.0 * audited / :n FROM run WHERE key = 'b_100k' AND i = 3) AS pct_100k,
              (SELECT (min(all_ms) - min(none_ms)) * 1000 / nullif(max(all_audited) - max(none_audited), 0)
               FROM audit_cost) AS us_audit),
m AS (
	SELECT 1 AS ord, '(b) enforce() flag mode / (f) floor, shipped pack (' || round(pct_pack, 1)
	                 || '% of rows audited)' AS target,
	       '<= 1.3x' AS goal, round(b / f, 2) || 'x' AS measured, b / f <= 1.3 AS met FROM ms
	UNION ALL
	SELECT 2, '(b) enforce() flag mode / (f) floor, ' || to_char(:rules_100k, 'FM999,999') || ' rules',
	       '<= 2x', round(b_100k / f_100k, 2) || 'x', b_100k / f_100k <= 2 FROM ms
	UNION ALL
	SELECT 3, '  share of rows audited, ' || to_char(:rules_100k, 'FM999,999') || ' rules',
	       '>= 80%', round(pct_100k, 1) || '%', pct_100k >= 80 FROM ms
	UNION ALL
	SELECT 4, 'an audited row over an allowed one (flag mode)', '<= 2 us',
	       round(us_audit, 2) || ' us', us_audit <= 2 FROM ms
	UNION ALL
	SELECT 5, '(d) baseline / (b) enforce() flag mode, shipped pack', '>= 8x',
	       round(d / b, 2) || 'x', d / b >= 8 FROM ms
	UNION ALL
	SELECT 6, '(d) baseline / (b) enforce() flag mode, ' || to_char(:rules_100k, 'FM999,999') || ' rules',
	       '>= 8x', round(d_100k / b_100k, 2) || 'x', d_100k / b_100k >= 8 FROM ms)
SELECT target, goal, measured, CASE WHEN met THEN 'met' ELSE 'MISSED' END AS result
FROM m ORDER BY ord;

------------------------------------------------------------------------------
-- Checks: (b) and (d) row by row and their audit trails, under each rule
-- set; quarantine mode.
------------------------------------------------------------------------------

CREATE TEMP TABLE disagreement AS
SELECT p.rule_set, s.n, s.territory, s.place_id, s.hs, s.shipped_on, s.jurisdiction, s.evidence,
       b.verdict AS enforce_verdict, d.verdict AS plpgsql_verdict,
       b.tag AS enforce_tag, d.tag AS plpgsql_tag,
       b.rule_ids AS enforce_rules, d.rule_ids AS plpgsql_rules
FROM bench_source s
FULL JOIN bench_import_b b USING (n)
FULL JOIN bench_import_d d USING (n)
CROSS JOIN (VALUES ('pack')) p(rule_set)
WHERE b.n IS NULL OR d.n IS NULL
   OR b.verdict IS DISTINCT FROM d.verdict
   OR b.tag IS DISTINCT FROM d.tag
   OR ARRAY(SELECT unnest(b.rule_ids) ORDER BY 1) IS DISTINCT FROM ARRAY(SELECT unnest(d.rule_ids) ORDER BY 1);
INSERT INTO disagreement
SELECT '100k', s.n, s.territory, s.place_id, s.hs, s.shipped_on, s.jurisdiction, s.evidence,
       b.verdict, d.verdict, b.tag, d.tag, b.rule_ids, d.rule_ids
FROM bench_source s
FULL JOIN bench_import_b_100k b USING (n)
FULL JOIN bench_import_d_100k d USING (n)
WHERE b.n IS NULL OR d.n IS NULL
   OR b.verdict IS DISTINCT FROM d.verdict
   OR b.tag IS DISTINCT FROM d.tag
   OR ARRAY(SELECT unnest(b.rule_ids) ORDER BY 1) IS DISTINCT FROM ARRAY(SELECT unnest(d.rule_ids) ORDER BY 1);

-- the audit trails as multisets of (origin, jurisdiction, verdict, rule ids):
-- embargo.audit's rows of the last (b) run against bench_audit's of (d)
CREATE TEMP TABLE audit_difference AS
WITH pair(rule_set, b_key, d_key) AS (VALUES ('pack', 'b', 'd'), ('100k', 'b_100k', 'd_100k')),
b AS (SELECT p.rule_set, a.origin, a.jurisdiction, a.verdict, ARRAY(SELECT unnest(a.rule_ids) ORDER BY 1) AS rules
      FROM pair p JOIN run r ON r.key = p.b_key AND r.i = 3
      JOIN embargo.audit a ON a.id > r.first_audit AND a.source_table = 'public.bench_import_' || p.b_key),
d AS (SELECT p.rule_set, a.origin, a.jurisdiction, a.verdict, ARRAY(SELECT unnest(a.rule_ids) ORDER BY 1) AS rules
      FROM pair p JOIN public.bench_audit a ON a.source_table = 'public.bench_import_' || p.d_key)
SELECT 'only in embargo.audit (b)' AS side, * FROM (SELECT * FROM b EXCEPT ALL SELECT * FROM d) x
UNION ALL
SELECT 'only in bench_audit (d)', * FROM (SELECT * FROM d EXCEPT ALL SELECT * FROM b) y;

-- quarantine mode: the held rows are exactly those (b) found prohibited, and
-- every other row is in the table
CREATE TEMP TABLE quarantine_problem AS
SELECT 'held but not prohibited by (b), or held twice' AS problem, n FROM
	(SELECT (row_data->>'n')::bigint AS n FROM embargo.quarantine
	 EXCEPT ALL SELECT n FROM bench_import_b WHERE verdict = 'prohibit') x
UNION ALL
SELECT 'prohibited by (b) but not held', n FROM
	(SELECT n FROM bench_import_b WHERE verdict = 'prohibit'
	 EXCEPT ALL SELECT (row_data->>'n')::bigint FROM embargo.quarantine) y
UNION ALL
SELECT 'in neither the table nor the quarantine', n FROM
	(SELECT n FROM bench_source
	 EXCEPT ALL SELECT n FROM bench_import_c
	 EXCEPT ALL SELECT (row_data->>'n')::bigint FROM embargo.quarantine) z
UNION ALL
SELECT 'in the table and the quarantine, or twice', n FROM
	(SELECT n FROM bench_import_c
	 UNION ALL SELECT (row_data->>'n')::bigint FROM embargo.quarantine
	 EXCEPT ALL SELECT n FROM bench_source) w;

SELECT (SELECT count(*) FROM disagreement) AS disagree,
       (SELECT count(*) FROM audit_difference) AS audit_differ,
       (SELECT count(*) FROM quarantine_problem) AS quarantine_problems \gset
SELECT :disagree + :audit_differ + :quarantine_problems > 0 AS failed \gset

\if :failed
\echo '*** CHECK FAILED:' :disagree 'rows where enforce() and the PL/pgSQL trigger disagree,'
\echo '***' :audit_differ 'audit rows in one trail only,' :quarantine_problems 'quarantine problems; the first 20 of each:'
SELECT * FROM disagreement ORDER BY rule_set, n LIMIT 20;
SELECT * FROM audit_difference LIMIT 20;
SELECT * FROM quarantine_problem ORDER BY n LIMIT 20;
DO $$ BEGIN
	RAISE EXCEPTION 'enforce() benchmark checks FAILED';
END $$;
\else
\echo 'checks passed: under the shipped pack and under' :rules_100k 'rules, enforce() and the PL/pgSQL'
\echo 'trigger set the same verdict, origin tag and rule ids on all' :n 'rows, and enforce() audited'
\echo 'exactly the rows the PL/pgSQL trigger flagged; quarantine mode held exactly the prohibited'
\echo 'rows and kept every other one in the table'
\endif
