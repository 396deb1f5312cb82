-- The synthetic rule book of the benchmarks (included with \ir by
-- screen.sql and enforce.sql): pg_temp.add_rules(total) tops embargo.rule up
-- to "total" rules with synthetic user rules and their exceptions.
-- Needs pg_temp.h() (import_mix.sql).

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
