--
-- embargo.territory: ISO 3166-1 / ISO 3166-2 codes
--
SET search_path = embargo, public;


-- Valid input in every accepted form; output is canonical upper case.
SELECT input, input::territory AS territory
FROM (VALUES ('UA'), ('ua'), ('  Ua  '), ('UA-43'), ('ua-43'), (E'\tua-40 '),
             ('CD-NK'), ('CN-XJ'), ('GE-AB'), ('MD-SN'), ('GB-SCT'), ('SI-001'),
             ('EH'), ('PS')) AS v(input);

-- Text casts.
SELECT 'cd-nk'::text::territory, ('UA-43'::territory)::text,
       territory('ru'), text('GE-AB'::territory);

-- Errors: malformed input.
SELECT ''::territory;
SELECT '   '::territory;
SELECT 'U'::territory;
SELECT 'UKR'::territory;
SELECT 'U1'::territory;
SELECT 'UA_43'::territory;
SELECT 'UA-'::territory;
SELECT 'UA-ABCD'::territory;
SELECT 'UA-4$'::territory;
SELECT 'ÜA'::territory;
-- Errors: well-formed but not in ISO 3166.
SELECT 'XX'::territory;
SELECT 'UK'::territory;
SELECT 'UA-99'::territory;
SELECT 'GB-XYZ'::territory;
SELECT territory('ZZ-01');

-- Every one of them is invalid_text_representation (22P02).
SELECT input, regress_sqlstate_of(format('SELECT %L::embargo.territory', input))
FROM (VALUES (''), ('U'), ('UKR'), ('U1'), ('UA_43'), ('UA-'), ('UA-ABCD'), ('UA-4$'),
             ('ÜA'), ('XX'), ('UA-99'), ('UA')) AS v(input);

-- NULL handling: everything is strict.
SELECT NULL::territory IS NULL AS null_in, country(NULL) IS NULL AS country,
       territory_name(NULL) IS NULL AS name, ('UA'::territory @> NULL) IS NULL AS contains;

-- Comparison and ordering: a country sorts just before its subdivisions.
SELECT code FROM (VALUES ('UA-43'), ('RU'), ('UA'), ('UA-14'), ('GB-SCT'), ('GB'),
                         ('UA-05'), ('AD'), ('ZW'), ('GB-ABE')) AS v(c),
     LATERAL (SELECT c::territory AS code) x
ORDER BY code;
SELECT 'UA'::territory = 'ua', 'UA'::territory <> 'UA-43', 'UA'::territory < 'UA-05',
       'UA-05'::territory <= 'UA-05', 'UA-43'::territory > 'UA-40', 'UG'::territory >= 'UA-77';
-- Sorting through the btree sort support agrees with the code order in text.
SELECT bool_and(ok) AS sorted FROM (
	SELECT lag(code::text) OVER (ORDER BY code) < code::text AS ok FROM territories()
	OFFSET 1) s;

-- Containment: a territory contains itself, a country its subdivisions, and a
-- subdivision the ISO 3166-2 subdivisions listed under it.
SELECT 'UA'::territory @> 'UA-43' AS a, 'UA-43'::territory <@ 'UA' AS b,
       'UA'::territory @> 'UA' AS self, 'UA-43'::territory @> 'UA' AS c,
       'RU'::territory @> 'UA-43' AS d, 'GB-SCT'::territory @> 'GB-ABE' AS e,
       'GB'::territory @> 'GB-ABE' AS f, 'GB-ENG'::territory @> 'GB-ABE' AS g,
       'ES-AL'::territory <@ 'ES-AN' AS h, 'UA-14'::territory @> 'UA-09' AS i;

-- Accessors.
SELECT code, country(code), is_subdivision(code), territory_parent(code), territory_name(code)
FROM (VALUES ('UA'), ('UA-43'), ('UA-40'), ('GB-ABE'), ('GB-SCT'), ('CD-NK'), ('MD-SN'),
             ('GE-AB'), ('ES-AL')) AS v(c),
     LATERAL (SELECT c::territory AS code) x;

-- The compiled-in list: countries and subdivisions from ISO 3166.
SELECT count(*) FILTER (WHERE NOT is_subdivision(code)) AS countries,
       count(*) FILTER (WHERE is_subdivision(code)) AS subdivisions,
       count(*) FILTER (WHERE parent IS NULL) = count(*) FILTER (WHERE NOT is_subdivision(code))
         AS only_countries_have_no_parent
FROM territories();
SELECT code, name FROM territories() WHERE code <@ 'UA' AND is_subdivision(code)
ORDER BY code LIMIT 8;

-- Hashing: hash opclass, hash join and hashed aggregation agree with btree.
SELECT territory_hash('UA-43') = territory_hash('ua-43') AS equal,
       territory_hash('UA-43') <> territory_hash('UA-40') AS differ,
       territory_hash_extended('UA-43', 0) = territory_hash_extended('ua-43', 0) AS ext_equal,
       territory_hash_extended('UA-43', 0) <> territory_hash_extended('UA-43', 1) AS seeded;
CREATE TABLE terr AS SELECT code, name FROM territories();
CREATE INDEX terr_hash ON terr USING hash (code);
SET enable_seqscan = off;
SELECT name FROM terr WHERE code = 'UA-65';
RESET enable_seqscan;
SET enable_sort = off;
SELECT node, strategy FROM regress_plan_nodes($$SELECT country(code), count(*) FROM terr GROUP BY 1$$)
WHERE node = 'Aggregate';
SELECT country(code), count(*) FROM terr WHERE code <@ 'CD' OR code <@ 'MD' GROUP BY 1 ORDER BY 1;
RESET enable_sort;
SET enable_mergejoin = off;
SET enable_nestloop = off;
SELECT node FROM regress_plan_nodes($$SELECT count(*) FROM terr a JOIN terr b ON a.code = country(b.code)$$)
WHERE node LIKE '%Join' OR node = 'Nested Loop';
SELECT count(*) FROM terr a JOIN terr b ON a.code = country(b.code);
RESET enable_mergejoin;
RESET enable_nestloop;

-- Index use: "code <@ constant" becomes a btree range scan (each plan below
-- shows its index scan node: the index, its bounds and any recheck).
CREATE INDEX terr_btree ON terr (code);
ANALYZE terr;
SET enable_seqscan = off;
SET enable_bitmapscan = off;
SELECT node, index_name, index_cond, filter FROM regress_plan_nodes($$SELECT code FROM terr WHERE code <@ 'UA'$$)
WHERE index_name IS NOT NULL;
SELECT node, index_name, index_cond, filter FROM regress_plan_nodes($$SELECT code FROM terr WHERE 'UA' @> code$$)
WHERE index_name IS NOT NULL;
-- a subdivision with nothing under it: an equality probe
SELECT node, index_name, index_cond, filter FROM regress_plan_nodes($$SELECT code FROM terr WHERE code <@ 'UA-43'$$)
WHERE index_name IS NOT NULL;
-- a subdivision with ISO children: scan the country, recheck the operator
SELECT node, index_name, index_cond, filter FROM regress_plan_nodes($$SELECT code FROM terr WHERE code <@ 'GB-SCT'$$)
WHERE index_name IS NOT NULL;
-- and the index answers exactly what a sequential scan answers
SELECT count(*), min(code), max(code) FROM terr WHERE code <@ 'UA';
-- Every code as a probe: the index answer equals a count made by walking the
-- parent column of territories(), without the operator.
CREATE TEMP TABLE idx AS
SELECT p.code AS probe, (SELECT count(*) FROM terr WHERE code <@ p.code) AS n FROM terr p;
RESET enable_seqscan;
RESET enable_bitmapscan;
WITH RECURSIVE up(code, ancestor) AS (
	SELECT code, code FROM territories()
	UNION ALL
	SELECT up.code, t.parent FROM up JOIN territories() t ON t.code = up.ancestor
	WHERE t.parent IS NOT NULL),
oracle AS (SELECT ancestor, count(*) AS n FROM up GROUP BY 1)
SELECT count(*) AS probes, count(*) FILTER (WHERE o.n IS DISTINCT FROM i.n) AS mismatches
FROM idx i LEFT JOIN oracle o ON o.ancestor = i.probe;
-- The constant forms (exact, equality and rechecked ranges) give the same
-- counts as the parameterized probes above.
SET enable_seqscan = off;
SET enable_bitmapscan = off;
SELECT (SELECT count(*) FROM terr WHERE code <@ 'UA') AS ua,
       (SELECT count(*) FROM terr WHERE 'UA-43' @> code) AS ua_43,
       (SELECT count(*) FROM terr WHERE code <@ 'GB-SCT') AS gb_sct,
       (SELECT count(*) FROM terr WHERE code <@ 'ES-AN') AS es_an,
       (SELECT count(*) FROM terr WHERE code <@ 'AQ') AS aq;
RESET enable_seqscan;
RESET enable_bitmapscan;
SELECT probe, n FROM idx WHERE probe IN ('UA', 'UA-43', 'GB-SCT', 'ES-AN', 'AQ') ORDER BY probe;

-- A container from another table becomes a parameterized range scan; the
-- operator is rechecked since the container's kind is unknown at plan time.
CREATE TEMP TABLE region (r territory);
INSERT INTO region VALUES ('UA'), ('UA-43'), ('GB-SCT');
ANALYZE region;
SET enable_seqscan = off;
SET enable_bitmapscan = off;
SELECT node, index_name, index_cond, filter FROM regress_plan_nodes($$SELECT r, count(*) FROM region JOIN terr ON terr.code <@ region.r GROUP BY r$$)
WHERE index_name IS NOT NULL;
SELECT r, count(*) FROM region JOIN terr ON terr.code <@ region.r GROUP BY r ORDER BY r;
RESET enable_seqscan;
RESET enable_bitmapscan;
SELECT t, territory_range_start(t), territory_range_end(t)
FROM (VALUES ('UA'::territory), ('UA-43'), ('GB-SCT'), ('GB-ABE')) v(t);

-- Binary I/O: COPY out and back in binary form round-trips every code.
-- (the server writes into its data directory: COPY TO needs an absolute path)
DO $$ BEGIN
	EXECUTE format('COPY terr (code) TO %L WITH (FORMAT binary)',
	               current_setting('data_directory') || '/embargo_territory.bin');
END $$;
CREATE TABLE terr_copy (code territory);
COPY terr_copy FROM 'embargo_territory.bin' WITH (FORMAT binary);
SELECT count(*), count(*) FILTER (WHERE c.code IS NULL) AS lost
FROM terr t LEFT JOIN terr_copy c USING (code);
-- receive validates exactly like input: a well-formed but unknown code
-- (UA-99) and a malformed encoding are both refused.
SELECT lo_from_bytea(424201, regress_binary_copy_file(int4send(34078720 + 10 * 37 * 37 + 10 * 37))) > 0;
SELECT lo_export(424201, 'embargo_bad.bin') = 1;
COPY terr_copy FROM 'embargo_bad.bin' WITH (FORMAT binary);
SELECT lo_unlink(424201);
SELECT lo_from_bytea(424201, regress_binary_copy_file(int4send(-1))) > 0;
SELECT lo_export(424201, 'embargo_bad.bin') = 1;
COPY terr_copy FROM 'embargo_bad.bin' WITH (FORMAT binary);
SELECT lo_unlink(424201);
-- and a value built from a good code's encoding is accepted
SELECT lo_from_bytea(424201, regress_binary_copy_file(int4send(34078720))) > 0;
SELECT lo_export(424201, 'embargo_bad.bin') = 1;
COPY terr_copy FROM 'embargo_bad.bin' WITH (FORMAT binary);
SELECT lo_unlink(424201);
SELECT code FROM terr_copy WHERE code = 'UA';
-- remove the files written into the data directory
COPY (SELECT) TO PROGRAM 'rm -f embargo_territory.bin embargo_bad.bin';

DROP TABLE terr, terr_copy;
