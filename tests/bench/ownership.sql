-- Driven by tests/bench/ownership.sh.
SET search_path = embargo, public;
\pset footer off
SELECT setseed(0.18);

SELECT loaded, entries, names FROM load_list('ofac_sdn', '2024-05-03',
	ARRAY[:'data' || '/ofac_sdn_full/sdn.csv', :'data' || '/ofac_sdn/add.csv', :'data' || '/ofac_sdn/alt.csv',
	      :'data' || '/ofac_sdn/sdn_comments.csv']);
SELECT loaded, entries, names FROM load_list('ofac_cons', '2025-12-19',
	ARRAY[:'data' || '/ofac_cons/cons_prim.csv', :'data' || '/ofac_cons/cons_add.csv', :'data' || '/ofac_cons/cons_alt.csv',
	      :'data' || '/ofac_cons/cons_comments.csv']);
SELECT loaded, entries, names FROM load_list('uk_ofsi', '2025-04-10', ARRAY[:'data' || '/uk_ofsi/uk_ofsi_conlist_2025-04-10_subset.csv']);

CREATE FUNCTION pg_temp.time_ms(q text) RETURNS double precision LANGUAGE plpgsql AS $$
DECLARE t0 timestamptz;
BEGIN
	t0 := clock_timestamp();
	EXECUTE q;
	RETURN extract(epoch FROM clock_timestamp() - t0) * 1000;
END $$;

-- ---- the graph -------------------------------------------------------------
-- The listed owners: 2,000 SDN entities and individuals, and 300 OFSI ones
-- listed on the ten days OFSI listed most on (so that the UK rule has
-- owners of its own, and their listing dates cut a few periods more).
CREATE TABLE listed_owner AS
SELECT row_number() OVER (ORDER BY ref) AS k, ref FROM (
	(SELECT 'ofac_sdn:' || entry_id AS ref FROM party_entry
	 WHERE list = 'ofac_sdn' AND kind IN ('entity', 'individual') ORDER BY random() LIMIT 2000)
	UNION ALL
	(SELECT 'uk_ofsi:' || entry_id FROM party_entry
	 WHERE list = 'uk_ofsi' AND kind IN ('entity', 'individual')
	   AND listed_on IN (SELECT listed_on FROM party_entry WHERE list = 'uk_ofsi' GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 10)
	 ORDER BY random() LIMIT 300)) s;
-- 60,000 parties of the user's own: two invented words, a generic one, and
-- a legal form on most.  Parties 1 to 10,000 own but are owned by nobody
-- (holding companies, people); the other 50,000 are companies at depth 1 to
-- 6 below them, with one owner (15,020), two (20,000) or three (14,980).
CREATE TABLE bench_party AS
SELECT g AS p,
       initcap(translate(substr(md5('a' || g), 1, 5 + g % 3), '0123456789', 'ghijklmnop')) || ' '
       || initcap(translate(substr(md5('b' || g), 1, 4 + g % 4), '0123456789', 'ghijklmnop')) || ' '
       || (ARRAY['Holding', 'Trading', 'Mining', 'Metals', 'Logistics', 'Capital', 'Industries', 'Resources'])[1 + g % 8]
       || (ARRAY['', ' LLC', ' Ltd', ' GmbH', ' JSC', ' AG'])[1 + (g / 8) % 6] AS name,
       CASE WHEN g <= 10000 THEN 0
            ELSE (SELECT d FROM (VALUES (1, 0), (2, 40), (3, 65), (4, 80), (5, 90), (6, 96)) t(d, lo)
                  WHERE lo <= (hashint4(g) & 2147483647) % 100 ORDER BY lo DESC LIMIT 1) END AS depth,
       CASE WHEN g <= 10000 THEN 0 WHEN g <= 25020 THEN 1 WHEN g <= 45020 THEN 2 ELSE 3 END AS owners,
       20 + 50 * random() AS u1, 0.3 + 0.5 * random() AS u2, 0.3 + 0.7 * random() AS u3
FROM generate_series(1, 60000) g;
-- parties by depth: those of depth d are rows lo[d] + 1 to hi[d]
CREATE TABLE by_depth AS
SELECT row_number() OVER (ORDER BY depth, p) AS r, p, depth FROM bench_party;
CREATE TABLE depth_range AS
SELECT depth, min(r) - 1 AS lo, max(r) AS hi FROM by_depth GROUP BY depth;
-- The days records start and end on: 24 and 20 of them, none both.
CREATE TABLE from_day AS SELECT i, date '2019-01-01' + make_interval(months => 3 * i) AS day FROM generate_series(0, 23) i;
CREATE TABLE until_day AS SELECT i, date '2020-08-15' + make_interval(months => 3 * i) AS day FROM generate_series(0, 19) i;
-- Each owned company's owners: the first of the depth above it, the others
-- of any depth above it; 12 % of them a listed entry.  Shares: the first 30
-- to 100 % alone, 20 to 70 % with others; the second 30 to 80 % of what is
-- left, the third 30 to 100 % of what is left then.  3 % control records,
-- 2 % votes, 3 % shares of unknown size; 12 % start on a day, 6 % end on
-- one (after the day they start on).
CREATE TABLE bench_edge AS
SELECT s.p AS owned, s.j,
       CASE WHEN s.u_owner < 0.12 THEN l.ref ELSE NULL END AS listed,
       CASE WHEN s.u_owner < 0.12 THEN NULL ELSE b.p END AS owner,
       CASE WHEN s.u_kind < 0.03 THEN 'control' WHEN s.u_kind < 0.05 THEN 'votes' ELSE 'shares' END AS kind,
       CASE WHEN s.u_kind < 0.03 OR s.u_kind >= 0.05 AND s.u_kind < 0.08 THEN NULL
            ELSE round(CASE s.j WHEN 1 THEN s.s1 WHEN 2 THEN s.s2 ELSE s.s3 END::numeric, 2) END AS share,
       f.day::date AS valid_from,
       (SELECT u.day FROM until_day u WHERE s.u_until < 0.06 AND u.i = floor(s.u_until / 0.06 * 20)::int
          AND u.day > coalesce(f.day, '-infinity'))::date AS valid_until
FROM (SELECT c.p, c.depth, j, random() AS u_owner, random() AS u_pick, random() AS u_kind, random() AS u_from, random() AS u_until,
             CASE WHEN c.owners = 1 THEN 30 + 70 * (c.u1 - 20) / 50 ELSE c.u1 END AS s1,
             (100 - c.u1) * c.u2 AS s2, (100 - c.u1) * (1 - c.u2) * c.u3 AS s3
      FROM bench_party c, generate_series(1, c.owners) j) s
JOIN depth_range d1 ON d1.depth = s.depth - 1
JOIN listed_owner l ON l.k = 1 + floor(s.u_pick * 2300)::int
JOIN by_depth b ON b.r = CASE WHEN s.j = 1 THEN d1.lo + 1 + floor(s.u_pick * (d1.hi - d1.lo))::int
                              ELSE 1 + floor(s.u_pick * d1.hi)::int END
LEFT JOIN from_day f ON s.u_from < 0.12 AND f.i = floor(s.u_from / 0.12 * 24)::int;
-- A few cycles: 25 companies hold 10 % of their own sole owner, 15 hold
-- 10 % of their owner's sole owner (that owner holding at most 80 %).
CREATE TABLE sole AS
SELECT e.owned, e.owner FROM bench_edge e JOIN bench_party o ON o.p = e.owned
WHERE o.owners = 1 AND e.owner IS NOT NULL AND e.kind = 'shares' AND e.share <= 80 AND e.valid_from IS NULL AND e.valid_until IS NULL;
INSERT INTO bench_edge (owned, j, owner, kind, share)
(SELECT s.owner, 4, s.owned, 'shares', 10 FROM sole s JOIN bench_party op ON op.p = s.owner
 WHERE op.depth > 0 AND EXISTS (SELECT FROM sole t WHERE t.owned = s.owner) ORDER BY random() LIMIT 25);
INSERT INTO bench_edge (owned, j, owner, kind, share)
(SELECT t.owner, 5, s.owned, 'shares', 10 FROM sole s JOIN sole t ON t.owned = s.owner
 WHERE EXISTS (SELECT FROM sole u WHERE u.owned = t.owner)
   AND NOT EXISTS (SELECT FROM bench_edge e WHERE e.owned = t.owner AND e.j = 4) ORDER BY random() LIMIT 15);

-- As the records name them: a listed entry as list:entry, a party of the
-- user's own by its name, now and then spelt otherwise (upper case, no
-- legal form) where it owns.
CREATE TABLE bench_record AS
SELECT coalesce(e.listed, CASE WHEN (hashint4(e.owned * 8 + e.j) & 7) = 0 THEN upper(o.name) ELSE o.name END) AS owner,
       c.name AS owned, e.share, e.kind, e.valid_from, e.valid_until
FROM bench_edge e JOIN bench_party c ON c.p = e.owned LEFT JOIN bench_party o ON o.p = e.owner;
SELECT count(*) AS records, count(*) FILTER (WHERE owner ~ '^[a-z_]+:') AS by_listed_owners,
       count(DISTINCT owned) AS owned_parties, (SELECT count(DISTINCT listed) FROM bench_edge) AS listed_owners,
       count(*) FILTER (WHERE kind = 'control') AS control, count(*) FILTER (WHERE kind = 'votes') AS votes,
       count(*) FILTER (WHERE share IS NULL AND kind <> 'control') AS unknown_shares,
       count(*) FILTER (WHERE valid_from IS NOT NULL OR valid_until IS NOT NULL) AS dated,
       (SELECT count(*) FROM (SELECT valid_from FROM bench_record UNION SELECT valid_until FROM bench_record) d WHERE valid_from IS NOT NULL) AS days,
       (SELECT count(*) FROM bench_edge WHERE j > 3) AS cycles
FROM bench_record;
SELECT depth, count(*) AS parties FROM bench_party GROUP BY depth ORDER BY depth;
-- shares add up to at most 100 % (but for the cross-holdings of the cycles)
SELECT count(*) AS owned_over_100_percent FROM (SELECT owned FROM bench_edge WHERE j <= 3 GROUP BY owned HAVING sum(share) > 100) s;

-- ---- the cache part, without and with the records -----------------------
-- Built after an invalidation (a statement on embargo.ownership sends one
-- for the lists' part): best of 3; then its memory.
CREATE TEMP TABLE build (label text, ms double precision);
CREATE FUNCTION pg_temp.time_build(label text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	FOR i IN 1..3 LOOP
		DELETE FROM embargo.ownership WHERE false;
		INSERT INTO pg_temp.build SELECT label, pg_temp.time_ms($q$SELECT embargo.party_verdict('x', NULL, '2024-01-01', 'US')$q$);
	END LOOP;
END $$;
SELECT pg_temp.time_build('without records');
SELECT total_bytes AS bytes_without FROM pg_backend_memory_contexts
WHERE name = 'embargo cache part' AND ident = 'embargo sanctions lists' \gset
SELECT pg_temp.time_ms('INSERT INTO embargo.ownership (owner, owned, share, kind, valid_from, valid_until, source)
	SELECT owner, owned, share, kind, valid_from, valid_until, ''tests/bench/ownership.sql'' FROM bench_record') AS insert_ms;
SELECT pg_temp.time_build('with 100,000 records');
SELECT total_bytes AS bytes_with FROM pg_backend_memory_contexts
WHERE name = 'embargo cache part' AND ident = 'embargo sanctions lists' \gset
SELECT label, round(min(ms)::numeric) AS best_ms, round(max(ms)::numeric) AS worst_ms FROM build GROUP BY label ORDER BY label DESC;
SELECT min(ms) FILTER (WHERE label LIKE 'without%') AS build_without, min(ms) FILTER (WHERE label LIKE 'with %') AS build_with FROM build \gset
SELECT pg_size_pretty(:bytes_without::bigint) AS memory_without, pg_size_pretty(:bytes_with::bigint) AS memory_with,
       pg_size_pretty((:bytes_with - :bytes_without)::bigint) AS memory_of_ownership;
-- the periods: every day a record starts or ends on, every listing date of
-- a listed party in a record, and the first; the statuses of all of them
-- are computed at build while they take at most 16 MB (3 rules)
SELECT count(*) + 1 AS periods, pg_size_pretty((count(*) + 1) * 3 * (SELECT count(DISTINCT lower(n))
       FROM (SELECT owner FROM bench_record UNION SELECT owned FROM bench_record) x(n))) AS statuses
FROM (SELECT valid_from AS d FROM bench_record UNION SELECT valid_until FROM bench_record
      UNION SELECT e.listed_on FROM party_entry e JOIN (SELECT DISTINCT listed FROM bench_edge) l ON l.listed = e.list || ':' || e.entry_id) d
WHERE d IS NOT NULL;

-- ---- party_verdict() per query -------------------------------------------
-- 6,000 names: 2,000 owned parties of the graph (as recorded, now and then
-- in upper case or without their legal form), 2,000 listed names as
-- written, 2,000 unlisted names made of the lists' common words and an
-- invented one; each on a day from 2019 to 2025, under the US or UK rules.
CREATE TABLE common_words AS
SELECT w, count(*) AS n FROM party_name, regexp_split_to_table(lower(name), '[^a-z]+') AS w
WHERE length(w) > 3 GROUP BY w ORDER BY n DESC LIMIT 200;
CREATE TABLE queries AS
SELECT row_number() OVER () AS i, q, kind, date '2019-01-01' + (random() * 2400)::int AS day,
       CASE WHEN random() < 0.5 THEN 'US' ELSE 'UK' END AS j
FROM (
	(SELECT CASE WHEN p % 10 = 0 THEN upper(name) WHEN p % 10 = 1 THEN regexp_replace(name, ' (LLC|Ltd|GmbH|JSC|AG)$', '')
	             ELSE name END AS q, 'owned' AS kind
	 FROM bench_party WHERE owners > 0 ORDER BY random() LIMIT 2000)
	UNION ALL
	(SELECT name, 'listed' FROM party_name WHERE script IS NULL ORDER BY random() LIMIT 2000)
	UNION ALL
	(SELECT initcap((SELECT string_agg(w, ' ') FROM (SELECT w FROM common_words ORDER BY random() + g * 0 LIMIT 2) x))
	        || ' ' || initcap(substr(md5(g::text), 1, 3 + g % 5)) || ' LLC', 'unlisted'
	 FROM generate_series(1, 2000) g)) s;
ANALYZE queries;
-- Each query timed on its own in a PL/pgSQL loop (the plan is cached), the
-- cache warm.
CREATE TEMP TABLE timing (label text, kind text, us double precision);
-- (The loop's own cost is timed with a function that only returns a verdict.)
CREATE FUNCTION pg_temp.no_verdict(name text, country text, day date, j text) RETURNS embargo.verdict
	LANGUAGE sql IMMUTABLE AS $$ SELECT 'allow'::embargo.verdict $$;
CREATE FUNCTION pg_temp.time_each(label text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE r record; t0 timestamptz; v embargo.verdict;
BEGIN
	FOR r IN SELECT q, kind, day, j FROM queries ORDER BY i LOOP
		t0 := clock_timestamp();
		IF label = 'loop overhead' THEN
			v := pg_temp.no_verdict(r.q, NULL, r.day, r.j);
		ELSE
			v := embargo.party_verdict(r.q, NULL, r.day, r.j);
		END IF;
		INSERT INTO timing VALUES (label, r.kind, extract(epoch FROM clock_timestamp() - t0) * 1e6);
	END LOOP;
END $$;
CREATE TEMP TABLE batch (label text, ms double precision);
CREATE FUNCTION pg_temp.time_batch(label text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	FOR i IN 1..3 LOOP
		INSERT INTO pg_temp.batch SELECT label, pg_temp.time_ms(
			'SELECT count(embargo.party_verdict(q.q, NULL, q.day, q.j)) FROM queries q');
	END LOOP;
END $$;
CREATE TEMP TABLE outcome (label text, kind text, j text, verdict embargo.verdict, n bigint);
INSERT INTO outcome SELECT 'with records', kind, j, party_verdict(q, NULL, day, j), count(*) FROM queries GROUP BY 1, 2, 3, 4;
SELECT pg_temp.time_each('loop overhead');
SELECT pg_temp.time_each('with records');
SELECT pg_temp.time_batch('with records');
-- the same queries with no records at all
TRUNCATE embargo.ownership;
INSERT INTO outcome SELECT 'without records', kind, j, party_verdict(q, NULL, day, j), count(*) FROM queries GROUP BY 1, 2, 3, 4;
SELECT pg_temp.time_each('without records');
SELECT pg_temp.time_batch('without records');
SELECT label, kind, count(*) AS queries,
       round(percentile_cont(0.5) WITHIN GROUP (ORDER BY us)::numeric, 1) AS median_us,
       round(percentile_cont(0.99) WITHIN GROUP (ORDER BY us)::numeric, 1) AS p99_us
FROM timing GROUP BY GROUPING SETS ((label, kind), (label)) ORDER BY label = 'loop overhead', label DESC, kind NULLS LAST;
SELECT label, round((min(ms) * 1000 / (SELECT count(*) FROM queries))::numeric, 1) AS batch_us_per_query
FROM batch GROUP BY label ORDER BY label DESC;
SELECT kind, j, string_agg(format('%s %s', verdict, n), ', ' ORDER BY verdict) FILTER (WHERE label = 'with records') AS with_records,
       string_agg(format('%s %s', verdict, n), ', ' ORDER BY verdict) FILTER (WHERE label = 'without records') AS without_records
FROM outcome GROUP BY kind, j ORDER BY kind, j;
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY us) FILTER (WHERE label = 'with records') AS median_with,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY us) FILTER (WHERE label = 'without records') AS median_without,
       percentile_cont(0.99) WITHIN GROUP (ORDER BY us) FILTER (WHERE label = 'with records') AS p99_with,
       percentile_cont(0.99) WITHIN GROUP (ORDER BY us) FILTER (WHERE label = 'without records') AS p99_without
FROM timing WHERE label <> 'loop overhead' \gset
SELECT min(ms) FILTER (WHERE label = 'with records') * 1000 / (SELECT count(*) FROM queries) AS batch_with,
       min(ms) FILTER (WHERE label = 'without records') * 1000 / (SELECT count(*) FROM queries) AS batch_without
FROM batch \gset

-- ---- what the owned parties come out as ----------------------------------
-- Every owned company of the graph, by its name, on 1 June 2025 (the
-- records back, the cache rebuilt once).
INSERT INTO embargo.ownership (owner, owned, share, kind, valid_from, valid_until, source)
SELECT owner, owned, share, kind, valid_from, valid_until, 'tests/bench/ownership.sql' FROM bench_record;
CREATE TEMP TABLE owned_verdict AS
SELECT j, party_verdict(c.name, NULL, '2025-06-01', j) AS verdict, count(*) AS n
FROM bench_party c, unnest(ARRAY['US', 'UK']) j WHERE c.owners > 0 GROUP BY 1, 2;
SELECT j AS jurisdiction, sum(n) FILTER (WHERE verdict = 'prohibit') AS prohibit, sum(n) FILTER (WHERE verdict = 'review') AS review,
       sum(n) FILTER (WHERE verdict = 'allow') AS allow FROM owned_verdict GROUP BY j ORDER BY j DESC;
SELECT string_agg(format('%s prohibit %s, review %s, allow %s', j, p, r, a), '; ' ORDER BY j DESC) AS owned_outcome FROM (
	SELECT j, coalesce(sum(n) FILTER (WHERE verdict = 'prohibit'), 0) AS p, coalesce(sum(n) FILTER (WHERE verdict = 'review'), 0) AS r,
	       coalesce(sum(n) FILTER (WHERE verdict = 'allow'), 0) AS a FROM owned_verdict GROUP BY j) s \gset

\echo
\echo 'targets (issue 18):'
SELECT * FROM (VALUES
	('cache build with 100,000 records, less without (best of 3)', '<= 1 s',
	 round((:build_with::float8 - :build_without)::numeric) || ' ms (' || round(:build_with::numeric) || ' - ' || round(:build_without::numeric) || ')',
	 CASE WHEN :build_with::float8 - :build_without <= 1000 THEN 'met' ELSE 'MISSED' END),
	('  cache memory with / without the records', '', pg_size_pretty(:bytes_with::bigint) || ' / ' || pg_size_pretty(:bytes_without::bigint), ''),
	('party_verdict, with / without records: median', '<= 1.2x',
	 round((:median_with::float8 / :median_without)::numeric, 2) || 'x (' || round(:median_with::numeric, 1) || ' / ' || round(:median_without::numeric, 1) || ' us)',
	 CASE WHEN :median_with::float8 / :median_without <= 1.2 THEN 'met' ELSE 'MISSED' END),
	('party_verdict, with / without records: p99', '<= 1.2x',
	 round((:p99_with::float8 / :p99_without)::numeric, 2) || 'x (' || round(:p99_with::numeric, 1) || ' / ' || round(:p99_without::numeric, 1) || ' us)',
	 CASE WHEN :p99_with::float8 / :p99_without <= 1.2 THEN 'met' ELSE 'MISSED' END),
	('party_verdict, with / without records: batch of 6,000', '<= 1.2x',
	 round((:batch_with::float8 / :batch_without)::numeric, 2) || 'x (' || round(:batch_with::numeric, 1) || ' / ' || round(:batch_without::numeric, 1) || ' us a query)',
	 CASE WHEN :batch_with::float8 / :batch_without <= 1.2 THEN 'met' ELSE 'MISSED' END),
	('  owned parties on 2025-06-01', '', :'owned_outcome', '')) t(target, goal, measured, result);
