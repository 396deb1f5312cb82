--
-- embargo.hscode: Harmonized System codes
--
SET search_path = embargo, public;


-- Every accepted form; canonical output is the chapter and heading digits,
-- then dot-separated pairs: 28, 2805, 2805.30, 2805.30.00, 2805.30.00.00.
SELECT input, input::hscode AS hscode, hs_length(input::hscode)
FROM (VALUES ('28'), ('2805'), ('2805.30'), ('280530'), ('2805 30'), ('2805 30 00'),
             ('2805.30.00'), ('2805.30.0000'), ('2805300000'), ('2805.30.00.00'),
             ('  2805.30  '), ('01'), ('99'), ('7601.10'), ('8108.20.0010')) AS v(input);

-- Text casts.
SELECT '2846.90'::text::hscode, ('281000'::hscode)::text, hscode('8506 50'), text('26'::hscode);

-- Errors.
SELECT ''::hscode;
SELECT '2'::hscode;
SELECT '2805.3'::hscode;
SELECT '280530000'::hscode;
SELECT '28053000001'::hscode;
SELECT '2805.30.00.00.00'::hscode;
SELECT '28a5'::hscode;
SELECT 'HS2805'::hscode;
SELECT '2805-30'::hscode;
SELECT '2805..30'::hscode;
SELECT '.2805'::hscode;
SELECT '2805.'::hscode;
SELECT '00'::hscode;
SELECT '0000.00'::hscode;
SELECT hscode('-28');
SELECT input, regress_sqlstate_of(format('SELECT %L::embargo.hscode', input))
FROM (VALUES (''), ('2'), ('2805.3'), ('28053000001'), ('28a5'), ('2805-30'),
             ('2805..30'), ('2805.'), ('00'), ('2805')) AS v(input);

-- NULL handling.
SELECT NULL::hscode IS NULL AS null_in, hs_chapter(NULL) IS NULL AS chapter,
       ('28'::hscode @> NULL) IS NULL AS contains;

-- Ordering is code order, a code just before everything it contains.
SELECT code FROM (VALUES ('2806'), ('28'), ('2805.30.00.00'), ('2805'), ('2805.30'),
                         ('2805.19'), ('27'), ('2805.30.00'), ('29'), ('2805.30.00.10'),
                         ('2805.30.10')) AS v(c),
     LATERAL (SELECT c::hscode AS code) x
ORDER BY code;
SELECT '2805'::hscode = '2805', '2805'::hscode <> '2805.00', '28'::hscode < '2800',
       '2805.30'::hscode <= '2805.30', '2806'::hscode > '2805.99.99.99', '29'::hscode >= '28.99';

-- Hierarchy.
SELECT '28'::hscode @> '2805.30' AS a, '2805.30.0000'::hscode <@ '2805' AS b,
       '2805'::hscode @> '2805' AS self, '2805.30'::hscode @> '2805' AS c,
       '2805'::hscode @> '2806.10' AS d, '2800'::hscode @> '2805' AS e,
       '28'::hscode @> '2800' AS f, '2805.30.00'::hscode <@ '2805.30.00.00' AS g;
SELECT code, hs_chapter(code), hs_heading(code), hs_subheading(code), hs_length(code)
FROM (VALUES ('28'), ('2805'), ('2805.30'), ('2805.30.00'), ('2805.30.00.10')) AS v(c),
     LATERAL (SELECT c::hscode AS code) x;

-- Hashing.
SELECT hscode_hash('2805.30') = hscode_hash('280530') AS equal,
       hscode_hash('2805') <> hscode_hash('2805.00') AS differ,
       hscode_hash_extended('2805.30', 0) <> hscode_hash_extended('2805.30', 7) AS seeded;

-- A synthetic nomenclature: chapters 25-81, twenty headings each, ten
-- subheadings per heading and three ten-digit tariff lines per subheading.
CREATE TABLE hs AS
SELECT format('%s%s%s', lpad(ch::text, 2, '0'), lpad(hd::text, 2, '0'),
              lpad(sub::text, 2, '0'))::hscode AS code
FROM generate_series(25, 81) ch, generate_series(1, 20) hd, generate_series(0, 99, 10) sub;
INSERT INTO hs SELECT hs_heading(code) FROM hs GROUP BY 1;
INSERT INTO hs SELECT hs_chapter(code) FROM hs GROUP BY 1;
INSERT INTO hs SELECT (code::text || '.00.' || lpad(n::text, 2, '0'))::hscode
FROM hs, generate_series(10, 90, 40) n WHERE hs_length(code) = 6;
SELECT hs_length(code), count(*) FROM hs GROUP BY 1 ORDER BY 1;

-- Hash index, hash join, hashed aggregate.
CREATE INDEX hs_hash ON hs USING hash (code);
SET enable_seqscan = off;
SELECT code FROM hs WHERE code = '2805.30.00.50';
RESET enable_seqscan;
SET enable_sort = off;
SELECT node, strategy FROM regress_plan_nodes($$SELECT hs_chapter(code), count(*) FROM hs GROUP BY 1$$)
WHERE node = 'Aggregate';
SELECT hs_chapter(code), count(*) FROM hs WHERE code <@ '28' OR code <@ '81' GROUP BY 1 ORDER BY 1;
RESET enable_sort;

-- Prefix queries use a plain btree index as a range scan (each plan below
-- shows its index scan node: the index and its bounds).
CREATE INDEX hs_btree ON hs (code);
ANALYZE hs;
SET enable_seqscan = off;
SET enable_bitmapscan = off;
SELECT node, index_name, index_cond, filter FROM regress_plan_nodes($$SELECT code FROM hs WHERE code <@ '2805'$$)
WHERE index_name IS NOT NULL;
SELECT node, index_name, index_cond, filter FROM regress_plan_nodes($$SELECT code FROM hs WHERE '28' @> code$$)
WHERE index_name IS NOT NULL;
SELECT node, index_name, index_cond, filter FROM regress_plan_nodes($$SELECT code FROM hs WHERE code <@ '2805.30.00.50'$$)
WHERE index_name IS NOT NULL;
SELECT count(*), min(code), max(code) FROM hs WHERE code <@ '2805';
SELECT count(*) FROM hs WHERE code <@ '28';
-- Every code as a probe: the index answer equals a count made from the digit
-- strings alone, without the operator.
CREATE TEMP TABLE idx AS
SELECT p.code AS probe, (SELECT count(*) FROM hs WHERE code <@ p.code) AS n FROM hs p;
RESET enable_seqscan;
RESET enable_bitmapscan;
WITH digits AS (SELECT replace(code::text, '.', '') AS d FROM hs),
     oracle AS (SELECT left(d, len) AS prefix, count(*) AS n
                FROM digits, generate_series(2, 10, 2) len
                WHERE length(d) >= len GROUP BY 1)
SELECT count(*) AS probes, count(*) FILTER (WHERE o.n IS DISTINCT FROM i.n) AS mismatches
FROM idx i LEFT JOIN oracle o ON o.prefix = replace(i.probe::text, '.', '');
-- A container from another table (a join, a correlated subquery) becomes a
-- parameterized range scan; one from the same row cannot use the index.
CREATE TEMP TABLE prefix (p hscode);
INSERT INTO prefix VALUES ('2805'), ('81'), ('2805.30.00.50');
ANALYZE prefix;
SET enable_seqscan = off;
SET enable_bitmapscan = off;
SELECT node, index_name, index_cond, filter FROM regress_plan_nodes($$SELECT p, count(*) FROM prefix JOIN hs ON hs.code <@ prefix.p GROUP BY p$$)
WHERE index_name IS NOT NULL;
SELECT p, count(*) FROM prefix JOIN hs ON hs.code <@ prefix.p GROUP BY p ORDER BY p;
SELECT count(*) FILTER (WHERE index_cond IS NOT NULL) AS index_conds,
       string_agg(filter, ', ') AS filters
FROM regress_plan_nodes($$SELECT count(*) FROM hs a WHERE a.code <@ hs_chapter(a.code)$$);
RESET enable_seqscan;
RESET enable_bitmapscan;
SELECT hscode_range_end('2805'), hscode_range_end('2805.30.00.50'), hscode_range_end('01');

-- Binary I/O round-trip.
DO $$ BEGIN
	EXECUTE format('COPY hs (code) TO %L WITH (FORMAT binary)',
	               current_setting('data_directory') || '/embargo_hscode.bin');
END $$;
CREATE TABLE hs_copy (code hscode);
COPY hs_copy FROM 'embargo_hscode.bin' WITH (FORMAT binary);
SELECT count(*), count(*) FILTER (WHERE c.code IS NULL) AS lost
FROM hs h LEFT JOIN hs_copy c USING (code);
-- receive validates exactly like input
CREATE FUNCTION pg_temp.copy_in(val int8) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
	PERFORM lo_from_bytea(424202, regress_binary_copy_file(int8send(val)));
	PERFORM lo_export(424202, 'embargo_hs.bin');
	PERFORM lo_unlink(424202);
	COPY hs_copy FROM 'embargo_hs.bin' WITH (FORMAT binary);
	RETURN 'accepted';
EXCEPTION WHEN OTHERS THEN
	RETURN SQLSTATE || ': ' || SQLERRM;
END $$;
-- 2805.30 is 2805300000 * 8 + 3 pairs; then a wrong pair count, digits beyond
-- the length, chapter 00, eleven digits and a negative value.
SELECT val, pg_temp.copy_in(val) FROM (VALUES
	(2805300000::int8 * 8 + 3), (2805300000::int8 * 8 + 2), (2805300000::int8 * 8 + 6),
	(2805300000::int8 * 8 + 0), (2805300001::int8 * 8 + 3), (0005300000::int8 * 8 + 3),
	(10000000000::int8 * 8 + 5), (-8::int8)) AS v(val);
SELECT code FROM hs_copy WHERE code = '2805.30';
-- remove the files written into the data directory
COPY (SELECT) TO PROGRAM 'rm -f embargo_hscode.bin embargo_hs.bin';

DROP TABLE hs, hs_copy;
