-- Benchmark of the enforce() trigger.  Run by tests/bench/enforce.sh; prints
-- the time to COPY the same N rows from a file into a fresh import table
-- (a) with no trigger, (b) with embargo.enforce() in flag mode, (c) in
-- quarantine mode holding the prohibited rows (about 5%), and (d) with a
-- PL/pgSQL trigger that tags with tag_origin(), screens the same rules in
-- PL/pgSQL, sets the same columns and audits into a table of its own; the
-- issue's targets next to the measured values.  It fails if (b) and (d) set
-- a different verdict, origin tag or rule ids on any row, if their audit
-- trails differ, or if quarantine mode loses or duplicates a row.
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
-- importing jurisdictions, now and then a Ukrainian certificate of origin.
-- With the shipped rule pack about 5% of the rows are prohibited (the
-- quarantine threshold below) and about 3% more get review; the weights of
-- the origins that rules prohibit (Crimea, Donetsk, Melitopol, Russia,
-- Xinjiang) were tuned for that.
------------------------------------------------------------------------------

\ir import_mix.sql

CREATE TABLE public.bench_source AS
SELECT r.n, o.territory, o.place_id, g.hs, r.shipped_on, r.jurisdiction,
       CASE WHEN pg_temp.h(r.n, 5, 100) < CASE WHEN country(o.territory) = 'UA' THEN 35 ELSE 5 END
            THEN '{ua-certificate-of-origin}' ELSE '{}' END::text[] AS evidence
FROM (SELECT n, pg_temp.h(n, 1, 100) AS o_slot, pg_temp.h(n, 2, 100) AS hs_slot,
             '2014-01-01'::date + pg_temp.h(n, 3, 4383) AS shipped_on,	-- 2014-01-01 .. 2025-12-31
             CASE WHEN pg_temp.h(n, 4, 20) < 7 THEN 'US' WHEN pg_temp.h(n, 4, 20) < 14 THEN 'EU'
                  WHEN pg_temp.h(n, 4, 20) < 17 THEN 'UK' ELSE 'CA' END AS jurisdiction
      FROM generate_series(1, :rows) n) r
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
-- The baseline: what a user without enforce() would write.  A PL/pgSQL
-- trigger that tags the row with tag_origin() (tagging has no PL/pgSQL
-- equivalent), screens it with the rules of bench_standing_rules
-- (tests/bench/standing_rules.sql), collecting the ids and reasons of the
-- rules that stand, sets the same three columns, and writes an audit row
-- like embargo.audit's for every verdict other than allow.  The query keeps
-- a generic plan (see screen.sql: re-planning per row costs more than
-- running it).
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

\ir standing_rules.sql

CREATE FUNCTION public.bench_enforce_plpgsql() RETURNS trigger LANGUAGE plpgsql
	SET plan_cache_mode = force_generic_plan AS $$
DECLARE
	o         embargo.origin := embargo.tag_origin(NEW.territory, NEW.place_id, NEW.shipped_on);
	goods     embargo.hscode := NEW.hs;
	d         date := NEW.shipped_on;
	j         text := NEW.jurisdiction;
	ev        text[] := coalesce(NEW.evidence, '{}');
	o_terr    embargo.territory := embargo.territory(o);
	o_place   integer := embargo.place(o);
	o_ctrl    text := embargo.controller(o);
	o_status  text := embargo.status(o);
	o_backer  text;
	result    embargo.verdict;
	ids       integer[];
	why       text;
BEGIN
	-- the state backing the authority in control, if it is one
	SELECT a.backed_by::text INTO o_backer FROM embargo.authority a WHERE a.code = o_ctrl;

	SELECT max(m.action), array_agg(m.id ORDER BY m.action DESC, m.id),
	       string_agg(format('rule %s (%s%s): %s%s [%s]', m.id, m.action,
	                         CASE WHEN m.capped THEN ', contested origin' ELSE '' END,
	                         m.instrument, ', ' || m.article, m.citation),
	                  '; ' ORDER BY m.action DESC, m.id)
	  INTO result, ids, why
	  FROM public.bench_standing_rules(o_terr, o_place, o_ctrl, o_backer, o_status, goods, d, j, ev) m;

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

-- For reference: a PL/pgSQL trigger that does nothing.  Any BEFORE ROW
-- trigger makes COPY insert row by row instead of in batches.
CREATE FUNCTION public.bench_noop() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;

------------------------------------------------------------------------------
-- Measuring: each run recreates its import table (and empties the
-- quarantine before a quarantine-mode run), commits, checkpoints, and times the COPY alone with
-- clock_timestamp(); then counts what went where and commits.
------------------------------------------------------------------------------

CREATE TEMP TABLE variant (ord int, key text, label text, tbl text, trig text);
INSERT INTO variant VALUES
	(1, 'a',  '(a) no trigger', 'bench_import_a', NULL),
	(2, 'a0', '(a0) for reference: a PL/pgSQL trigger that does nothing', 'bench_import_a0',
	 'EXECUTE FUNCTION public.bench_noop()'),
	(3, 'b',  '(b) embargo.enforce(), mode=flag', 'bench_import_b',
	 $$EXECUTE FUNCTION embargo.enforce('mode=flag', 'territory=territory', 'place=place_id', 'hs=hs',
	   'date=shipped_on', 'jurisdiction=jurisdiction', 'evidence=evidence', 'verdict=verdict',
	   'origin=tag', 'rules=rule_ids')$$),
	(4, 'c',  '(c) embargo.enforce(), mode=quarantine threshold=prohibit', 'bench_import_c',
	 $$EXECUTE FUNCTION embargo.enforce('mode=quarantine', 'threshold=prohibit', 'territory=territory',
	   'place=place_id', 'hs=hs', 'date=shipped_on', 'jurisdiction=jurisdiction', 'evidence=evidence',
	   'verdict=verdict', 'origin=tag', 'rules=rule_ids')$$),
	(5, 'd',  '(d) PL/pgSQL baseline: tag_origin() + PL/pgSQL screening + own audit', 'bench_import_d',
	 'EXECUTE FUNCTION public.bench_enforce_plpgsql()');

CREATE TEMP TABLE run (key text, i int, ms numeric, copied bigint, table_rows bigint,
	held bigint, audited bigint);

CREATE PROCEDURE pg_temp.measure(k text, i int, file text) LANGUAGE plpgsql AS $$
DECLARE
	v variant%ROWTYPE;
	a0 bigint;
	b0 bigint;
	t0 timestamptz;
	ms numeric;
	copied bigint;
	r run%ROWTYPE;
BEGIN
	SELECT * INTO v FROM variant WHERE key = k;
	PERFORM pg_temp.new_import(v.tbl, v.trig);
	IF k = 'c' THEN
		TRUNCATE embargo.quarantine;
	END IF;
	TRUNCATE public.bench_audit;
	SELECT coalesce(max(id), 0) INTO a0 FROM embargo.audit;
	COMMIT;
	CHECKPOINT;
	t0 := clock_timestamp();
	EXECUTE format('COPY public.%I (n, territory, place_id, hs, shipped_on, jurisdiction, evidence) FROM %L',
	               v.tbl, file);
	GET DIAGNOSTICS copied = ROW_COUNT;
	ms := extract(epoch FROM clock_timestamp() - t0) * 1000;
	COMMIT;
	r := (k, i, round(ms, 1), copied, NULL, NULL, NULL);
	EXECUTE format('SELECT count(*) FROM public.%I', v.tbl) INTO r.table_rows;
	SELECT count(*) INTO r.held FROM embargo.quarantine WHERE source_table = 'public.' || v.tbl;
	SELECT count(*) INTO r.audited FROM embargo.audit WHERE id > a0 AND source_table = 'public.' || v.tbl;
	r.audited := r.audited + (SELECT count(*) FROM public.bench_audit);
	INSERT INTO run SELECT r.*;
	COMMIT;
END $$;

\echo
\echo 'import rows by verdict under the shipped rule pack (screen(), computed up front):'
SELECT screen(tag_origin(territory, place_id, shipped_on), hs, shipped_on, jurisdiction, evidence) AS verdict,
       count(*) AS rows, round(100.0 * count(*) / sum(count(*)) OVER (), 2) AS pct
FROM bench_source GROUP BY 1 ORDER BY 1;

\o /dev/null
-- warm the caches of this backend (gazetteer, rules) and the file in the
-- page cache; then three rounds of (a), (a0), (b), (c) in turn, so that a
-- busy moment of the machine does not skew their ratios; (d) once
SELECT count(*) FROM bench_source WHERE screen(tag_origin(territory, place_id, shipped_on), hs, shipped_on, jurisdiction, evidence) > 'allow';
CALL pg_temp.measure('a', 1, :'copy_file');
CALL pg_temp.measure('a0', 1, :'copy_file');
CALL pg_temp.measure('b', 1, :'copy_file');
CALL pg_temp.measure('c', 1, :'copy_file');
CALL pg_temp.measure('a', 2, :'copy_file');
CALL pg_temp.measure('a0', 2, :'copy_file');
CALL pg_temp.measure('b', 2, :'copy_file');
CALL pg_temp.measure('c', 2, :'copy_file');
CALL pg_temp.measure('a', 3, :'copy_file');
CALL pg_temp.measure('a0', 3, :'copy_file');
CALL pg_temp.measure('c', 3, :'copy_file');
-- (b) last, so that its import table and its audit rows are those checked below
SELECT coalesce(max(id), 0) AS audit_before_b FROM embargo.audit \gset
CALL pg_temp.measure('b', 3, :'copy_file');
CALL pg_temp.measure('d', 1, :'copy_file');
\o

------------------------------------------------------------------------------
-- Results.
------------------------------------------------------------------------------

SELECT count(*) AS n FROM bench_source \gset

\echo
\echo 'COPY of' :n 'rows from a file into a fresh import table; (a), (a0), (b), (c): best of 3 runs'
\echo 'taken in turn; (d): 1 run, all rows; ms is the COPY statement alone (not its commit):'
WITH best AS (SELECT key, min(ms) AS ms, count(*) AS runs FROM run GROUP BY key),
a AS (SELECT ms FROM best WHERE key = 'a')
SELECT v.label, b.ms, round(b.ms / a.ms, 2) AS x_no_trigger,
       round(b.ms * 1000000 / :n) AS ns_per_row, b.runs,
       (SELECT string_agg(r.ms::text, ' / ' ORDER BY r.i) FROM run r WHERE r.key = v.key) AS all_runs_ms
FROM variant v JOIN best b USING (key), a
ORDER BY v.ord;

\echo 'where the rows went (last run of each):'
SELECT v.label, r.copied, r.table_rows, r.held, r.audited,
       r.table_rows + r.held AS table_plus_held,
       CASE WHEN r.table_rows + r.held = :n THEN 'yes' ELSE 'NO' END AS nothing_lost,
       round(100.0 * r.held / :n, 2) AS held_pct
FROM variant v JOIN run r ON r.key = v.key
WHERE r.i = (SELECT max(i) FROM run x WHERE x.key = v.key)
ORDER BY v.ord;

\echo 'audit rows of the last (b) run and of (d), by outcome and verdict:'
SELECT 'embargo.audit, (b)' AS trail, outcome, verdict, count(*) AS rows
FROM embargo.audit WHERE id > :audit_before_b AND source_table = 'public.bench_import_b' GROUP BY 1, 2, 3
UNION ALL
SELECT 'bench_audit, (d)', outcome, verdict, count(*) FROM bench_audit GROUP BY 1, 2, 3
ORDER BY 1, 2, 3;

\echo 'quarantine of the last (c) run, by verdict:'
SELECT verdict, count(*) AS held FROM embargo.quarantine GROUP BY 1 ORDER BY 1;

\echo 'targets (from the issue):'
WITH best AS (SELECT key, min(ms) AS ms FROM run GROUP BY key),
m AS (
	SELECT 1 AS ord, '(b) enforce() flag mode / (a) no trigger' AS target, '<= 1.25x' AS goal,
	       b.ms / a.ms AS x, b.ms / a.ms <= 1.25 AS met
	FROM best a, best b WHERE a.key = 'a' AND b.key = 'b'
	UNION ALL
	SELECT 2, '(d) PL/pgSQL baseline / (b) enforce() flag mode', '>= 8x', d.ms / b.ms, d.ms / b.ms >= 8
	FROM best b, best d WHERE b.key = 'b' AND d.key = 'd'
	UNION ALL
	SELECT 3, '(c) share of rows held (for information)', '~5%', 100.0 * r.held / :n, NULL
	FROM run r WHERE r.key = 'c' AND r.i = 3)
SELECT target, goal,
       CASE WHEN ord = 3 THEN round(x, 2) || '%' ELSE round(x, 2) || 'x' END AS measured,
       CASE WHEN met THEN 'met' WHEN NOT met THEN 'MISSED' ELSE '' END AS result
FROM m ORDER BY ord;

------------------------------------------------------------------------------
-- Checks: (b) and (d) row by row; their audit trails; quarantine mode.
------------------------------------------------------------------------------

CREATE TEMP TABLE disagreement AS
SELECT s.n, s.territory, s.place_id, s.hs, s.shipped_on, s.jurisdiction, s.evidence,
       b.verdict AS enforce_verdict, d.verdict AS plpgsql_verdict,
       b.tag AS enforce_tag, d.tag AS plpgsql_tag,
       b.rule_ids AS enforce_rules, d.rule_ids AS plpgsql_rules
FROM bench_source s
FULL JOIN bench_import_b b USING (n)
FULL JOIN bench_import_d d USING (n)
WHERE b.n IS NULL OR d.n IS NULL
   OR b.verdict IS DISTINCT FROM d.verdict
   OR b.tag IS DISTINCT FROM d.tag
   OR ARRAY(SELECT unnest(b.rule_ids) ORDER BY 1) IS DISTINCT FROM ARRAY(SELECT unnest(d.rule_ids) ORDER BY 1);

-- the audit trails as multisets of (origin, jurisdiction, verdict, rule ids)
CREATE TEMP TABLE audit_difference AS
WITH b AS (SELECT origin, jurisdiction, verdict, ARRAY(SELECT unnest(rule_ids) ORDER BY 1) AS rules
           FROM embargo.audit WHERE id > :audit_before_b AND source_table = 'public.bench_import_b'),
     d AS (SELECT origin, jurisdiction, verdict, ARRAY(SELECT unnest(rule_ids) ORDER BY 1) AS rules
           FROM bench_audit)
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
SELECT * FROM disagreement ORDER BY n LIMIT 20;
SELECT * FROM audit_difference LIMIT 20;
SELECT * FROM quarantine_problem ORDER BY n LIMIT 20;
DO $$ BEGIN
	RAISE EXCEPTION 'enforce() benchmark checks FAILED';
END $$;
\else
\echo 'checks passed: enforce() and the PL/pgSQL trigger set the same verdict, origin tag and rule ids'
\echo 'on all' :n 'rows and wrote the same audit rows; quarantine mode held exactly the prohibited'
\echo 'rows and kept every other one in the table'
\endif
