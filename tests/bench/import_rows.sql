-- The import table of the screening benchmarks (included with \ir by
-- screen.sql and custody.sql): N rows with a realistic mix of origins
-- (mostly sovereign countries, some occupied or contested Ukrainian and
-- Congolese areas and places), critical-mineral HS codes, shipment dates
-- 2014-2025, four importing jurisdictions, now and then a Ukrainian
-- certificate of origin (to the EU and the UK), and a chain of custody of 1
-- to 5 hops (3 on average; see import_mix.sql).  The origin tag is computed
-- here, once, so that what is timed is screening alone.  Also the sample
-- the per-row PL/pgSQL baselines are run on: every k-th row, 20,000 of them.

\ir import_mix.sql

CREATE TABLE public.bench_import AS
SELECT r.n, o.territory, o.place_id, g.hs, r.day, r.jurisdiction,
       pg_temp.evidence(r.n, o.territory, r.jurisdiction) AS evidence,
       tag_origin(o.territory, o.place_id, r.day) AS origin,
       c.custody
FROM pg_temp.draws(:rows) r
JOIN origin_slot o ON o.slot = r.o_slot
JOIN hs_slot g ON g.slot = r.hs_slot
CROSS JOIN LATERAL pg_temp.custody(r.n, o.territory, o.place_id, r.day) c
ORDER BY r.n;
VACUUM ANALYZE bench_import;

CREATE TABLE public.bench_sample AS
SELECT row_number() OVER (ORDER BY n)::int AS s, *
FROM bench_import WHERE n % greatest(1, :rows / 20000) = 0 ORDER BY n LIMIT 20000;
VACUUM ANALYZE bench_sample;

\echo
\echo 'import rows by origin status (tagged once, up front):'
SELECT status(origin) AS status, count(*) AS rows,
       count(*) FILTER (WHERE cardinality(evidence) > 0) AS with_certificate
FROM bench_import GROUP BY 1 ORDER BY 1;
