-- Driven by tests/bench/party.sh.
SET search_path = embargo, public;
\pset footer off
SELECT setseed(0.17);

SELECT loaded, entries, names FROM load_list('ofac_sdn', '2024-05-03',
	ARRAY[:'data' || '/ofac_sdn_full/sdn.csv', :'data' || '/ofac_sdn/add.csv', :'data' || '/ofac_sdn/alt.csv',
	      :'data' || '/ofac_sdn/sdn_comments.csv']);
SELECT loaded, entries, names FROM load_list('ofac_cons', '2025-12-19',
	ARRAY[:'data' || '/ofac_cons/cons_prim.csv', :'data' || '/ofac_cons/cons_add.csv', :'data' || '/ofac_cons/cons_alt.csv',
	      :'data' || '/ofac_cons/cons_comments.csv']);
SELECT loaded, entries, names FROM load_list('uk_ofsi', '2025-04-10', ARRAY[:'data' || '/uk_ofsi/uk_ofsi_conlist_2025-04-10_subset.csv']);

-- The queries: a third listed names as written, a third listed names with
-- one letter changed (a typo), a third unlisted names made of the lists'
-- own common words and an invented one (what most counterparties are).
CREATE FUNCTION pg_temp.typo(s text) RETURNS text LANGUAGE sql AS $$
	SELECT overlay(s PLACING chr(97 + (random() * 25)::int) FROM 1 + (random() * (length(s) - 1))::int FOR 1)
$$;
CREATE TABLE common_words AS
SELECT w, count(*) AS n FROM party_name, regexp_split_to_table(lower(name), '[^a-z]+') AS w
WHERE length(w) > 3 GROUP BY w ORDER BY n DESC LIMIT 200;
CREATE TABLE queries AS
SELECT q, kind FROM (
	(SELECT name AS q, 'listed' AS kind FROM party_name WHERE script IS NULL ORDER BY random() LIMIT 2000)
	UNION ALL
	(SELECT pg_temp.typo(name), 'typo' FROM party_name WHERE script IS NULL AND length(name) > 6 ORDER BY random() LIMIT 2000)
	UNION ALL
	(SELECT initcap((SELECT string_agg(w, ' ') FROM (SELECT w FROM common_words ORDER BY random() + g * 0 LIMIT 2) x))
	        || ' ' || initcap(substr(md5(g::text), 1, 3 + g % 5)) || ' LLC', 'unlisted'
	 FROM generate_series(1, 2000) g)) s;
ANALYZE queries;

-- The baseline: trigram similarity over an index, best candidates first.
CREATE INDEX party_name_trgm ON party_name USING gin (lower(name) gin_trgm_ops);
ANALYZE party_name;
CREATE FUNCTION pg_temp.trigram_match(q text) RETURNS SETOF text LANGUAGE sql STABLE AS $$
	SELECT n.entry_id FROM embargo.party_name n WHERE lower(n.name) % lower(q)
	ORDER BY similarity(lower(n.name), lower(q)) DESC LIMIT 5
$$;

-- Per-query latency: each query timed on its own in a PL/pgSQL loop (the
-- plan is cached; the loop's own cost is timed with an empty SRF and
-- printed), the cache warm.
CREATE TEMP TABLE timing (label text, us double precision);
CREATE FUNCTION pg_temp.time_each(label text, call text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE r record; t0 timestamptz; n bigint;
BEGIN
	FOR r IN SELECT q FROM queries LOOP
		t0 := clock_timestamp();
		EXECUTE call INTO n USING r.q;
		INSERT INTO timing VALUES (label, extract(epoch FROM clock_timestamp() - t0) * 1e6);
	END LOOP;
END $$;
SELECT count(*) FROM match_party('warm');
SELECT pg_temp.time_each('loop overhead (empty SRF)', 'SELECT count(*) FROM pg_catalog.unnest(ARRAY[$1])');
SELECT pg_temp.time_each('match_party, full SDN + lists', 'SELECT count(*) FROM embargo.match_party($1)');
SELECT pg_temp.time_each('pg_trgm % over GIN (baseline)', 'SELECT count(*) FROM pg_temp.trigram_match($1)');
SELECT (SELECT count(*) FROM party_entry) AS entries, (SELECT count(*) FROM party_name) AS names;
SELECT label, count(*) AS queries,
       round(percentile_cont(0.5) WITHIN GROUP (ORDER BY us)::numeric, 1) AS median_us,
       round(percentile_cont(0.99) WITHIN GROUP (ORDER BY us)::numeric, 1) AS p99_us
FROM timing GROUP BY label ORDER BY label;
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY us) AS median_full,
       percentile_cont(0.99) WITHIN GROUP (ORDER BY us) AS p99_full
FROM timing WHERE label LIKE 'match_party%' \gset
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY us) AS median_trgm FROM timing WHERE label LIKE 'pg_trgm%' \gset
-- Set-based, all queries at once: what a batch re-screen costs.
CREATE FUNCTION pg_temp.time_ms(q text) RETURNS double precision LANGUAGE plpgsql AS $$
DECLARE t0 timestamptz;
BEGIN
	t0 := clock_timestamp();
	EXECUTE q;
	RETURN extract(epoch FROM clock_timestamp() - t0) * 1000;
END $$;
SELECT round((pg_temp.time_ms('SELECT count(*) FROM queries q, embargo.match_party(q.q) m') * 1000
              / (SELECT count(*) FROM queries))::numeric, 1) AS batch_us_per_query;
SELECT kind, count(*) FILTER (WHERE hit) AS with_a_result, count(*) AS queries
FROM (SELECT kind, EXISTS (SELECT FROM match_party(q)) AS hit FROM queries) s GROUP BY kind ORDER BY kind;

-- 100,000 synthetic entries, as a list of the administrator's own: names of
-- two or three words from a vocabulary of 40,000 invented words and the
-- lists' common words, a legal form on most.
INSERT INTO party_list (list, title, publisher, jurisdiction) VALUES ('synthetic', 'synthetic benchmark list', 'tests/bench/party.sql', 'US');
INSERT INTO party_list_edition (list, edition, source, entries, names, addresses, identifiers)
VALUES ('synthetic', '2026-01-01', 'generated', 100000, 0, 0, 0);
CREATE TABLE vocab AS
SELECT g AS i, initcap(substr(md5('w' || g), 1, 4 + g % 6)) AS w FROM generate_series(1, 40000) g;
INSERT INTO party_entry (list, edition, entry_id, kind, programs)
SELECT 'synthetic', '2026-01-01', g::text, 'entity', '{RUSSIA-EO14024}' FROM generate_series(1, 100000) g;
INSERT INTO party_name (list, edition, entry_id, name, kind)
SELECT 'synthetic', '2026-01-01', g::text,
       concat_ws(' ', v1.w, CASE WHEN g % 3 = 0 THEN v2.w ELSE c.w END,
                 CASE WHEN g % 4 <> 0 THEN (ARRAY['LLC', 'OOO', 'JSC', 'Ltd', 'GmbH', 'AO'])[1 + g % 6] END),
       'primary'
FROM generate_series(1, 100000) g
JOIN vocab v1 ON v1.i = 1 + (g::bigint * 7919) % 40000
JOIN vocab v2 ON v2.i = 1 + (g::bigint * 104729) % 40000
JOIN (SELECT row_number() OVER (ORDER BY w) - 1 AS k, initcap(w) AS w FROM common_words) c ON c.k = g % 200;
DELETE FROM party_list_edition WHERE list IN ('ofac_sdn', 'ofac_cons', 'uk_ofsi');
SELECT (SELECT count(*) FROM party_entry) AS entries, (SELECT count(*) FROM party_name) AS names;
-- The cache built after an invalidation (a write to a party table sends one): best of 3.
CREATE TEMP TABLE build (ms double precision);
DO $$
BEGIN
	FOR i IN 1..3 LOOP
		DELETE FROM embargo.party_program WHERE false;
		INSERT INTO pg_temp.build SELECT pg_temp.time_ms($q$SELECT count(*) FROM embargo.match_party('x')$q$);
	END LOOP;
END $$;
SELECT min(ms) AS build_ms FROM build \gset
SELECT total_bytes AS cache_bytes FROM pg_backend_memory_contexts
WHERE name = 'embargo cache part' AND ident = 'embargo sanctions lists' \gset
TRUNCATE queries;
INSERT INTO queries
SELECT name, 'listed' FROM party_name ORDER BY random() LIMIT 2000;
INSERT INTO queries
SELECT pg_temp.typo(name), 'typo' FROM party_name ORDER BY random() LIMIT 2000;
INSERT INTO queries
SELECT initcap((SELECT string_agg(w, ' ') FROM (SELECT w FROM common_words ORDER BY random() + g * 0 LIMIT 2) x))
       || ' ' || initcap(substr(md5(g::text), 1, 3 + g % 5)) || ' LLC', 'unlisted'
FROM generate_series(1, 2000) g;
SELECT pg_temp.time_each('match_party, 100,000 synthetic', 'SELECT count(*) FROM embargo.match_party($1)');
SELECT label, count(*) AS queries,
       round(percentile_cont(0.5) WITHIN GROUP (ORDER BY us)::numeric, 1) AS median_us,
       round(percentile_cont(0.99) WITHIN GROUP (ORDER BY us)::numeric, 1) AS p99_us
FROM timing WHERE label LIKE '%synthetic' GROUP BY label;
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY us) AS median_synth FROM timing WHERE label LIKE '%synthetic' \gset

-- COPY through enforce(): the same rows, with and without a party column.
-- Import rows name the same counterparties again and again: the suppliers
-- are drawn from a pool of 20,000 names (10% of them from the synthetic
-- list); the worst case, every row a name of its own, is timed too.
CREATE TABLE supplier_pool AS
SELECT k, CASE WHEN k % 10 = 0 THEN (SELECT name FROM party_name WHERE list = 'synthetic' AND edition = '2026-01-01' AND entry_id = (1 + k * 7)::text)
               ELSE initcap(substr(md5(k::text), 1, 6)) || ' Metals Ltd' END AS supplier
FROM generate_series(0, 19999) k;
CREATE TABLE copy_source AS
SELECT g AS id, 'CA'::territory AS origin, '2805.30'::hscode AS hs, DATE '2025-01-01' + g % 300 AS shipped_on, p.supplier,
       CASE WHEN g % 10 = 0 THEN p.supplier ELSE initcap(substr(md5(g::text), 1, 6)) || ' Metals Ltd' END AS distinct_supplier
FROM generate_series(1, :rows) g JOIN supplier_pool p ON p.k = (g::bigint * 7919) % 20000;
SELECT count(DISTINCT supplier) AS suppliers, count(DISTINCT distinct_supplier) AS distinct_suppliers FROM copy_source;
SELECT current_setting('data_directory') || '/bench_party.copy' AS copy_file \gset
COPY copy_source (id, origin, hs, shipped_on, supplier) TO :'copy_file';
SELECT current_setting('data_directory') || '/bench_party_distinct.copy' AS distinct_file \gset
COPY copy_source (id, origin, hs, shipped_on, distinct_supplier) TO :'distinct_file';
CREATE TABLE imports_plain (id int, origin territory, hs hscode, shipped_on date, supplier text, verdict verdict);
CREATE TABLE imports_party (LIKE imports_plain);
CREATE TRIGGER e BEFORE INSERT OR UPDATE ON imports_plain FOR EACH ROW EXECUTE FUNCTION
	enforce('mode=flag', 'jurisdiction=US', 'territory=origin', 'hs=hs', 'date=shipped_on', 'verdict=verdict');
CREATE TRIGGER e BEFORE INSERT OR UPDATE ON imports_party FOR EACH ROW EXECUTE FUNCTION
	enforce('mode=flag', 'jurisdiction=US', 'territory=origin', 'hs=hs', 'date=shipped_on', 'party=supplier', 'verdict=verdict');
CREATE TEMP TABLE copies (label text, ms double precision);
DO $$
DECLARE dir text := current_setting('data_directory');
BEGIN
	FOR i IN 1..3 LOOP
		TRUNCATE imports_plain, imports_party;
		INSERT INTO pg_temp.copies SELECT 'without party', pg_temp.time_ms(format('COPY imports_plain (id, origin, hs, shipped_on, supplier) FROM %L', dir || '/bench_party.copy'));
		INSERT INTO pg_temp.copies SELECT 'with party column', pg_temp.time_ms(format('COPY imports_party (id, origin, hs, shipped_on, supplier) FROM %L', dir || '/bench_party.copy'));
		TRUNCATE imports_party;
		INSERT INTO pg_temp.copies SELECT 'with party column, every name distinct', pg_temp.time_ms(format('COPY imports_party (id, origin, hs, shipped_on, supplier) FROM %L', dir || '/bench_party_distinct.copy'));
	END LOOP;
END $$;
SELECT label, round(min(ms)::numeric) AS best_ms FROM copies GROUP BY label ORDER BY label;
SELECT min(ms) FILTER (WHERE label = 'with party column') / min(ms) FILTER (WHERE label = 'without party') AS copy_ratio,
       min(ms) FILTER (WHERE label LIKE '%distinct') / min(ms) FILTER (WHERE label = 'without party') AS distinct_ratio FROM copies \gset
TRUNCATE imports_party;
COPY imports_party (id, origin, hs, shipped_on, supplier) FROM :'copy_file';
SELECT verdict, count(*) FROM imports_party GROUP BY verdict ORDER BY verdict;

\echo
\echo 'targets (issue 17):'
SELECT * FROM (VALUES
	('match_party, full SDN + aliases: median', '<= 30 us', round(:median_full::numeric, 1) || ' us',
	 CASE WHEN :median_full <= 30 THEN 'met' ELSE 'MISSED' END),
	('match_party, full SDN + aliases: p99', '<= 200 us', round(:p99_full::numeric, 1) || ' us',
	 CASE WHEN :p99_full <= 200 THEN 'met' ELSE 'MISSED' END),
	('  pg_trgm over GIN, the baseline (median)', '', round(:median_trgm::numeric, 1) || ' us: ' || round((:median_trgm / :median_full)::numeric) || 'x slower', ''),
	('match_party, 100,000 synthetic entries: median', '<= 100 us', round(:median_synth::numeric, 1) || ' us',
	 CASE WHEN :median_synth <= 100 THEN 'met' ELSE 'MISSED' END),
	('cache build at 100,000 entries (best of 3)', '<= 1 s', round(:build_ms::numeric) || ' ms',
	 CASE WHEN :build_ms <= 1000 THEN 'met' ELSE 'MISSED' END),
	('cache memory at 100,000 entries', '<= 64 MB', pg_size_pretty(:cache_bytes::bigint),
	 CASE WHEN :cache_bytes <= 64 * 1024 * 1024 THEN 'met' ELSE 'MISSED' END),
	('COPY ' || :rows || ' rows, enforce() with / without a party column', '<= 1.5x', round(:copy_ratio::numeric, 2) || 'x',
	 CASE WHEN :copy_ratio <= 1.5 THEN 'met' ELSE 'MISSED' END),
	('  the same, every row a counterparty of its own', '', round(:distinct_ratio::numeric, 2) || 'x', '')) t(target, goal, measured, result);
