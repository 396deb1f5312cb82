-- Driven by tests/bench/party_quality.sh.
SET search_path = embargo, public;
\pset footer off

SELECT loaded, entries, names FROM load_list('ofac_sdn', '2024-05-03',
	ARRAY[:'data' || '/ofac_sdn_full/sdn.csv', :'data' || '/ofac_sdn/add.csv', :'data' || '/ofac_sdn/alt.csv',
	      :'data' || '/ofac_sdn/sdn_comments.csv']);
SELECT loaded, entries, names FROM load_list('ofac_cons', '2025-12-19',
	ARRAY[:'data' || '/ofac_cons/cons_prim.csv', :'data' || '/ofac_cons/cons_add.csv', :'data' || '/ofac_cons/cons_alt.csv',
	      :'data' || '/ofac_cons/cons_comments.csv']);
SELECT loaded, entries, names FROM load_list('uk_ofsi', '2025-04-10', ARRAY[:'data' || '/uk_ofsi/uk_ofsi_conlist_2025-04-10_subset.csv']);
SELECT current_setting('embargo.party_match_threshold')::real AS match_threshold,
       current_setting('embargo.party_possible_threshold')::real AS possible_threshold \gset
SELECT :match_threshold AS match_threshold, :possible_threshold AS possible_threshold;

-- 1. Self-recall.  Each name of each entry of the editions in force (the
-- primary name and the aliases, but OFAC's weak a.k.a. of the remarks and
-- OFSI's aliases of Alias Quality "Low quality") is screened; it is found if
-- its own entry is among the results with the best score (ties count).
CREATE TEMP TABLE self AS
SELECT n.list, n.entry_id, n.name, n.kind, n.script IS NOT NULL OR n.name !~ '[A-Za-z]' AS non_latin, r.*
FROM party_name n
JOIN (SELECT DISTINCT ON (list) list, edition FROM party_list_edition ORDER BY list, edition DESC) e USING (list, edition)
CROSS JOIN LATERAL (
	SELECT coalesce(bool_or(m.list = n.list AND m.entry_id = n.entry_id AND m.score = m.top), false) AS found,
	       min(m.list || ':' || m.entry_id) FILTER (WHERE m.ord = 1) AS first_ref,
	       min(m.matched_name) FILTER (WHERE m.ord = 1) AS first_name,
	       min(m.score) FILTER (WHERE m.ord = 1) AS first_score,
	       max(m.score) FILTER (WHERE m.list = n.list AND m.entry_id = n.entry_id) AS own_score
	FROM (SELECT m.*, max(m.score) OVER () AS top
	      FROM match_party(n.name) WITH ORDINALITY
	           AS m(list, entry_id, matched_name, score, kind, programs, meaning, citation, why, ord)) m) r
WHERE n.quality IS DISTINCT FROM 'weak' AND NOT (n.list = 'uk_ofsi' AND coalesce(n.quality, '') ILIKE 'low%');

SELECT list, count(*) AS checked, count(*) FILTER (WHERE found) AS found,
       round(100.0 * count(*) FILTER (WHERE found) / count(*), 2) AS pct
FROM self GROUP BY ROLLUP (list) ORDER BY list NULLS LAST;
SELECT list, kind, CASE WHEN non_latin THEN 'non-Latin' ELSE 'Latin' END AS script,
       count(*) AS checked, count(*) FILTER (WHERE found) AS found,
       round(100.0 * count(*) FILTER (WHERE found) / count(*), 2) AS pct,
       count(*) FILTER (WHERE NOT found AND own_score IS NOT NULL) AS below_another,
       count(*) FILTER (WHERE own_score IS NULL) AS not_returned
FROM self GROUP BY list, kind, non_latin ORDER BY list, kind DESC, script;
-- Up to 20 failures: the name, the entry expected, what came first.
SELECT name, list || ':' || entry_id AS expected, round(own_score::numeric, 3) AS own_score,
       first_ref, first_name, round(first_score::numeric, 3) AS first_score
FROM self WHERE NOT found ORDER BY list, entry_id::bigint, name LIMIT 20;

-- 2. The labelled variants.  A true variant is found at a level if one of
-- its expected entries has a result at or above that level's threshold; a
-- near-miss is a false positive at a level if any result reaches it.
CREATE TEMP TABLE variant (n serial, query text, country text, expected text, category text, note text);
COPY variant (query, country, expected, category, note) FROM :'variants' WITH (FORMAT csv, HEADER, ENCODING 'UTF8');
CREATE TEMP TABLE outcome AS
SELECT v.*, r.*, c.*
FROM variant v
CROSS JOIN LATERAL (
	SELECT max(m.score) FILTER (WHERE m.list || ':' || m.entry_id = ANY (string_to_array(v.expected, ' '))) AS expected_score,
	       max(m.score) AS best_score,
	       min(m.list || ':' || m.entry_id) FILTER (WHERE m.ord = 1) AS first_ref,
	       min(m.matched_name) FILTER (WHERE m.ord = 1) AS first_name,
	       min(m.score) FILTER (WHERE m.ord = 1) AS first_score
	FROM match_party(v.query, NULLIF(v.country, '')) WITH ORDINALITY
	     AS m(list, entry_id, matched_name, score, kind, programs, meaning, citation, why, ord)) r
CROSS JOIN LATERAL (
	SELECT max(m.score) FILTER (WHERE m.list || ':' || m.entry_id = ANY (string_to_array(v.expected, ' '))) AS score_without_country
	FROM match_party(v.query) m WHERE v.country <> '') c;
CREATE TEMP TABLE graded AS
SELECT o.*, l.level,
       CASE WHEN o.category = 'near_miss' THEN CASE WHEN o.best_score >= l.t THEN 'FP' ELSE 'TN' END
            ELSE CASE WHEN o.expected_score >= l.t THEN 'TP' ELSE 'FN' END END AS outcome
FROM outcome o
CROSS JOIN (VALUES (1, 'match', :match_threshold::real), (2, 'match or possible', :possible_threshold::real)) AS l(ord, level, t);

SELECT category, count(*) AS rows FROM variant GROUP BY ROLLUP (category) ORDER BY category NULLS LAST;
SELECT level,
       count(*) FILTER (WHERE outcome = 'TP') AS tp, count(*) FILTER (WHERE outcome = 'FP') AS fp,
       count(*) FILTER (WHERE outcome = 'FN') AS fn, count(*) FILTER (WHERE outcome = 'TN') AS tn,
       round(count(*) FILTER (WHERE outcome = 'TP')::numeric
             / NULLIF(count(*) FILTER (WHERE outcome IN ('TP', 'FP')), 0), 3) AS precision,
       round(count(*) FILTER (WHERE outcome = 'TP')::numeric
             / NULLIF(count(*) FILTER (WHERE outcome IN ('TP', 'FN')), 0), 3) AS recall
FROM graded GROUP BY level ORDER BY level;
-- Per category: the share of rows classified right (for near-misses, the
-- share that reached no result at the level).
SELECT category, count(*) / 2 AS rows,
       round(100.0 * count(*) FILTER (WHERE level = 'match' AND outcome IN ('TP', 'TN')) / (count(*) / 2), 1) AS match_pct,
       round(100.0 * count(*) FILTER (WHERE level = 'match or possible' AND outcome IN ('TP', 'TN')) / (count(*) / 2), 1)
           AS match_or_possible_pct
FROM graded GROUP BY category
ORDER BY array_position(ARRAY['exact', 'case_punct', 'legal_form', 'word_order', 'typo', 'transliteration', 'alias', 'near_miss'],
                        category);
-- A country changes the score, never the finding: the rows that give one
-- (the listed country, or a deliberately wrong one), scored with and without.
SELECT CASE WHEN note LIKE '%wrong country%' THEN 'wrong country' ELSE 'listed country' END AS country_given,
       count(*) AS rows,
       count(*) FILTER (WHERE expected_score > score_without_country) AS higher,
       count(*) FILTER (WHERE expected_score = score_without_country) AS same,
       count(*) FILTER (WHERE expected_score < score_without_country) AS lower,
       count(*) FILTER (WHERE expected_score >= :match_threshold) AS match_with,
       count(*) FILTER (WHERE score_without_country >= :match_threshold) AS match_without
FROM outcome WHERE country <> '' AND category <> 'near_miss' GROUP BY 1 ORDER BY 1;
SELECT category, query, country, round(expected_score::numeric, 3) AS score, round(score_without_country::numeric, 3) AS without_country
FROM outcome WHERE note LIKE '%wrong country%' ORDER BY n;

-- The rows classified wrong, at either level: a true variant whose expected
-- entries reach neither threshold is listed once, as missed at both.
SELECT string_agg(level, ', ' ORDER BY level) AS wrong_at, category, query, country, expected,
       round(expected_score::numeric, 3) AS expected_score, first_ref, first_name, round(first_score::numeric, 3) AS first_score
FROM graded WHERE outcome IN ('FP', 'FN')
GROUP BY n, category, query, country, expected, expected_score, first_ref, first_name, first_score
ORDER BY array_position(ARRAY['exact', 'case_punct', 'legal_form', 'word_order', 'typo', 'transliteration', 'alias', 'near_miss'],
                        category), n;
