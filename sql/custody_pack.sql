--
-- The shipped rule pack's 0.5 changes (scripts/embargo--0.4--0.5.sql): every
-- rule added or turned into a hop rule, with chains of custody, on both sides
-- of each of its dates (shipment dates, the hop date, exception windows), and
-- the verdicts the legal facts call for.  Rule ids are the pack's fixed ids;
-- each rule and exception cites the instrument it rests on.
-- Shipped data used: place 32 is Crimean Titan (UA-43); place 34 is Rubaya
-- (CD-NK), held by M23 from 2024-04-30 (before that, CD-NK as a whole is
-- partly held by M23 from 2022-01-01, so contested).
--
SET search_path = embargo, public;
SET datestyle = ISO;

------------------------------------------------------------------------------
-- What 0.5 ships: the hop rules and their exceptions.
------------------------------------------------------------------------------
CREATE FUNCTION pg_temp.roles(r rule) RETURNS text LANGUAGE sql IMMUTABLE AS $$
	SELECT replace(array_to_string(r.hop_roles, ','),
	               'mined,concentrated,smelted,cast,refined,processed,manufactured', 'transforming')
$$;
SELECT id, jurisdiction AS j, action, coalesce(territory::text, controller) AS scope, pg_temp.roles(r) AS roles,
       hop_select AS sel, hop_date_from, valid_from, valid_until, array_length(hs, 1) AS hs_prefixes
FROM rule r WHERE shipped AND hop_roles IS NOT NULL ORDER BY id;
-- every hop rule cites an instrument, has a note and says which hops it selects
SELECT count(*) AS hop_rules,
       count(*) FILTER (WHERE citation !~ '[[:alpha:]]' OR citation ~ '\[S[0-9]+\]') AS uncited,
       count(*) FILTER (WHERE coalesce(note, '') !~ '\S') AS without_note,
       count(*) FILTER (WHERE hop_select IS NULL) AS without_select,
       count(*) FILTER (WHERE NOT enabled) AS disabled
FROM rule WHERE shipped AND hop_roles IS NOT NULL;
-- a rule whose note starts with [U] only asks for review
SELECT id, action FROM rule WHERE shipped AND hop_roles IS NOT NULL AND note ~ '^\[U\]' ORDER BY id;
-- the exceptions of hop rules
SELECT e.id, e.rule_id, e.evidence, e.valid_from, e.valid_until, e.citation ~ '[[:alpha:]]' AND e.citation !~ '\[S[0-9]+\]' AS cited
FROM rule_exception e JOIN rule r ON r.id = e.rule_id
WHERE e.shipped AND r.hop_roles IS NOT NULL ORDER BY e.id;

------------------------------------------------------------------------------
-- Every hop rule on a chain made for it: one hop with the rule's first role
-- in its territory (for the rules on M23: at Rubaya), dated when asked, and
-- for `earlier` rules a processing hop in AE after it.  The declared origin
-- is AE, which no rule names, so only the hops can bring the rule in.
------------------------------------------------------------------------------
CREATE FUNCTION pg_temp.hop_of(r rule, elsewhere boolean, hop_day date) RETURNS text LANGUAGE sql IMMUTABLE AS $$
	SELECT format('%s:%s%s', r.hop_roles[1],
	              CASE WHEN r.controller = 'M23' THEN (CASE WHEN elsewhere THEN 'CD-KN' ELSE 'CD-NK#34' END)
	                   WHEN elsewhere THEN 'AE' ELSE r.territory::text END,
	              '@' || hop_day)
$$;
CREATE FUNCTION pg_temp.witness(r rule, hop_day date) RETURNS text LANGUAGE sql IMMUTABLE AS $$
	SELECT pg_temp.hop_of(r, false, hop_day) || CASE WHEN r.hop_select = 'earlier' THEN ' > processed:AE' ELSE '' END
$$;
CREATE FUNCTION pg_temp.goods(r rule) RETURNS hscode LANGUAGE sql IMMUTABLE AS $$
	SELECT coalesce(r.hs[1], '2805.30')
$$;
-- whether explain() lists the rule for AE-declared goods with this chain, and how
CREATE FUNCTION pg_temp.state(r rule, chain text, d date, ev text[] DEFAULT '{}',
                              o origin DEFAULT NULL) RETURNS text LANGUAGE sql STABLE AS $$
	SELECT coalesce(max(CASE WHEN e.action = 'allow' THEN 'lifted' ELSE 'applies' END), '-')
	FROM explain(coalesce(o, tag_origin('AE', NULL::int, d)), pg_temp.goods(r), d, r.jurisdiction, ev,
	             chain::custody) e
	WHERE e.rule_id = r.id
$$;
CREATE FUNCTION pg_temp.in_force(r rule, d date) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
	SELECT (r.valid_from IS NULL OR d >= r.valid_from) AND (r.valid_until IS NULL OR d < r.valid_until)
$$;

-- The shape of each rule, on a day it is in force:
--   on_chain     the witness chain: applies;
--   chainless    no chain, the declared origin in the rule's scope: applies,
--                except `earlier` rules (the declared origin never is an
--                input processed further);
--   elsewhere    the same role outside the rule's scope: does not apply;
--   followed     `any`: the hop, then processing in AE: still applies;
--                `last`: the hop, then processing in AE: the last
--                transformation is in AE, does not apply;
--                `earlier`: the hop, then only a transit: not processed
--                further, does not apply.
-- (The rules of conflict-minerals due diligence, about any origin in an
-- area the CAHRA list names or the facility a hop names, have tests of
-- their own: conflict_minerals.)
CREATE TEMP TABLE shape AS
SELECT r.id, r.hop_select AS sel, d,
       pg_temp.state(r, pg_temp.witness(r, NULL), d) AS on_chain,
       pg_temp.state(r, NULL, d, '{}', CASE WHEN r.controller = 'M23' THEN tag_origin(NULL, 34, d)
                                            ELSE tag_origin(r.territory, NULL::int, d) END) AS chainless,
       pg_temp.state(r, pg_temp.hop_of(r, true, NULL)
                        || CASE WHEN r.hop_select = 'earlier' THEN ' > processed:AE' ELSE '' END, d) AS elsewhere,
       pg_temp.state(r, pg_temp.hop_of(r, false, NULL)
                        || CASE WHEN r.hop_select = 'earlier' THEN ' > transit:AE' ELSE ' > processed:AE' END, d) AS followed
FROM rule r, LATERAL (SELECT coalesce(r.valid_from, '2024-06-01')) x(d)
WHERE r.shipped AND r.hop_roles IS NOT NULL AND r.cahra IS NULL AND r.smelter_conformant IS NULL;
SELECT id, sel, d, on_chain, chainless, elsewhere, followed,
       on_chain = 'applies' AND chainless = CASE WHEN sel = 'earlier' THEN '-' ELSE 'applies' END
       AND elsewhere = '-' AND followed = CASE WHEN sel = 'any' THEN 'applies' ELSE '-' END AS ok
FROM shape ORDER BY id;

-- Shipment dates: the day before, of and after each boundary, on the
-- witness chain (undated: counts as produced on or after any hop date).
-- "from" reads - applies applies, "until" applies - -.
CREATE TEMP TABLE boundary AS
SELECT r.id, b.kind, b.day, r
FROM rule r, LATERAL (VALUES ('from', r.valid_from), ('until', r.valid_until)) b(kind, day)
WHERE r.shipped AND r.hop_roles IS NOT NULL AND b.day IS NOT NULL
  AND r.cahra IS NULL AND r.smelter_conformant IS NULL;
SELECT id, kind, day,
       pg_temp.state(r, pg_temp.witness(r, NULL), day - 1) AS day_before,
       pg_temp.state(r, pg_temp.witness(r, NULL), day) AS day_of,
       pg_temp.state(r, pg_temp.witness(r, NULL), day + 1) AS day_after
FROM boundary ORDER BY id, kind;
SELECT id, kind AS wrong_boundary FROM boundary, generate_series(-1, 1) shift
WHERE (pg_temp.state(r, pg_temp.witness(r, NULL), day + shift) = 'applies') <> pg_temp.in_force(r, day + shift)
ORDER BY id, kind;

-- Hop dates (the metals determination: metal produced on or after
-- 2024-04-13): the hop dated the day before, of and after, shipped a month
-- later.  Reads - applies applies.
SELECT r.id, r.hop_date_from,
       pg_temp.state(r, pg_temp.witness(r, r.hop_date_from - 1), r.hop_date_from + 30) AS hop_day_before,
       pg_temp.state(r, pg_temp.witness(r, r.hop_date_from), r.hop_date_from + 30) AS hop_day_of,
       pg_temp.state(r, pg_temp.witness(r, r.hop_date_from + 1), r.hop_date_from + 30) AS hop_day_after
FROM rule r WHERE r.shipped AND r.hop_date_from IS NOT NULL ORDER BY r.id;

-- Exception windows, on the witness chain with the evidence: the rule is
-- lifted exactly on the days inside both the rule's dates and the window
-- ("-": the rule is not in force).
CREATE TEMP TABLE window_days AS
SELECT e.id, e.rule_id, e.evidence, w.day, r,
       pg_temp.state(r, pg_temp.witness(r, NULL), w.day, ARRAY[e.evidence]) AS state,
       CASE WHEN NOT pg_temp.in_force(r, w.day) THEN '-'
            WHEN (e.valid_from IS NULL OR w.day >= e.valid_from) AND (e.valid_until IS NULL OR w.day < e.valid_until)
            THEN 'lifted' ELSE 'applies' END AS expected
FROM rule_exception e JOIN rule r ON r.id = e.rule_id,
     LATERAL (VALUES (e.valid_from - 1), (e.valid_from), (e.valid_until - 1), (e.valid_until)) w(day)
WHERE e.shipped AND r.hop_roles IS NOT NULL AND w.day IS NOT NULL
  AND r.cahra IS NULL AND r.smelter_conformant IS NULL;
SELECT id, rule_id, evidence, day, state, state = expected AS ok FROM window_days ORDER BY id, day;

------------------------------------------------------------------------------
-- Cases: declared origin (territory, place), goods, shipment date, evidence,
-- chain, the verdict the facts call for, and the rules that should apply
-- (not lifted).  The comment on each says why.
------------------------------------------------------------------------------
CREATE TEMP TABLE cases (n int, j text, origin_territory territory, place int, hs hscode, day date,
                         evidence text[], chain custody, expected verdict, expected_rules int[], what text);
INSERT INTO cases VALUES
	-- US metals determination (rules 15, 16): RF Al/Cu/Ni produced on or after 13 Apr 2024;
	-- substantially transformed abroad not covered, OFAC FAQ 1019 (OFAC); origin = last transformation
	(101, 'US', 'RU', NULL, '7403.11', '2024-06-01', '{}', 'mined:RU > refined:RU@2024-05-01 > exported:RU', 'prohibit', '{15,16}',
	 'RF copper cathode refined after the cut-off'),        -- last transformation in RF, produced >= 13 Apr 2024
	(102, 'US', 'RU', NULL, '7403.11', '2024-06-01', '{}', 'mined:RU > refined:RU@2024-04-12', 'allow', '{}',
	 'RF cathode refined the day before the cut-off'),      -- pre-13 Apr 2024 metal is excluded
	(103, 'US', 'RU', NULL, '7403.11', '2024-06-01', '{}', 'mined:RU > refined:RU@2024-04-13', 'prohibit', '{15,16}',
	 'RF cathode refined on the cut-off day'),              -- "produced >= 13 Apr 2024"
	(104, 'US', 'RU', NULL, '7403.11', '2024-06-01', '{}', 'mined:RU > refined:RU', 'prohibit', '{15,16}',
	 'RF cathode, refining undated'),                       -- undated: nothing shows it predates the cut-off
	(105, 'US', 'RU', NULL, '7403.11', '2024-04-12', '{}', 'mined:RU > refined:RU', 'allow', '{}',
	 'RF cathode shipped the day before the determination'),-- rules in force for shipments from 13 Apr 2024
	(106, 'US', 'RU', NULL, '7403.11', '2024-04-13', '{}', 'mined:RU > refined:RU', 'prohibit', '{15,16}',
	 'RF cathode shipped the first day'),
	(107, 'US', 'TR', NULL, '7408.11', '2024-06-01', '{}', 'refined:RU@2024-05-01 > manufactured:TR@2024-05-20', 'allow', '{}',
	 'RF cathode drawn into wire in Turkey'),               -- substantially transformed abroad: FAQ 1019
	(108, 'US', 'CN', NULL, '7403.11', '2024-06-01', '{}', 'smelted:RU@2024-05-01 > refined:CN@2024-05-20', 'allow', '{}',
	 'RF blister refined in China'),                        -- last transformation in CN
	(109, 'US', 'NL', NULL, '7502.10', '2024-06-01', '{}', 'refined:RU@2024-05-01 > transit:NL', 'prohibit', '{15,16}',
	 'RF nickel declared Dutch, only warehoused there'),    -- transit is no transformation: origin RF
	(110, 'US', 'RU', NULL, '7403.11', '2024-06-01', '{}', 'exported:RU@2024-01-10 > transit:KZ', 'prohibit', '{15,16}',
	 'chain with no transforming hop'),                     -- the declared origin stands in, undated
	(111, 'US', 'RU', NULL, '7403.11', '2024-06-01', '{}', NULL, 'prohibit', '{15,16}',
	 'RF cathode, no chain'),                               -- as in 0.3
	(112, 'US', 'RU', NULL, '7403.11', '2024-06-01', '{metal-produced-before-2024-04-13}', NULL, 'allow', '{}',
	 'RF cathode, no chain, produced before the cut-off'),  -- the evidence stays for chainless callers
	-- US s232, Proclamation 10522 (rules 20, 21): RF articles from 10 Mar 2023; any RF-smelted
	-- primary Al or RF cast from 10 Apr 2023; a tariff, so review (Proclamation 10522)
	(120, 'US', 'RU', NULL, '7601.10', '2024-06-01', '{}', 'smelted:RU@2024-05-01 > cast:RU@2024-05-02', 'prohibit', '{15,16,20,21}',
	 'RF primary aluminium after the metals cut-off'),      -- metals determination + s232 duty
	(121, 'US', 'RU', NULL, '7601.10', '2024-06-01', '{}', 'smelted:RU@2024-03-01 > cast:RU@2024-03-02', 'review', '{20,21}',
	 'RF primary aluminium made before the cut-off'),       -- determination excludes it; the s232 duty stays
	(122, 'US', 'CA', NULL, '7606.12', '2023-04-09', '{}', 'smelted:RU@2023-01-01 > processed:CA', 'allow', '{}',
	 'RF-smelted aluminium rolled in Canada, 9 Apr 2023'),  -- smelt-country reach starts 10 Apr 2023
	(123, 'US', 'CA', NULL, '7606.12', '2023-04-10', '{}', 'smelted:RU@2023-01-01 > processed:CA', 'review', '{21}',
	 'RF-smelted aluminium rolled in Canada, 10 Apr 2023'), -- any RF-smelted primary aluminium
	(124, 'US', 'MX', NULL, '7604.10', '2023-06-01', '{}', 'smelted:NO > cast:RU > processed:MX', 'review', '{21}',
	 'cast in Russia, extruded in Mexico'),                 -- RF cast
	(125, 'US', 'CA', NULL, '7606.12', '2024-06-01', '{}', 'smelted:NO > cast:NO > processed:CA', 'allow', '{}',
	 'Norwegian aluminium rolled in Canada'),
	(126, 'US', 'RU', NULL, '7601.10', '2023-03-09', '{}', NULL, 'allow', '{}',
	 'RF aluminium, no chain, 9 Mar 2023'),
	(127, 'US', 'RU', NULL, '7601.10', '2023-03-10', '{}', NULL, 'review', '{20}',
	 'RF aluminium, no chain, 10 Mar 2023'),                -- RF articles from 10 Mar 2023
	(128, 'US', 'RU', NULL, '7601.10', '2023-04-10', '{}', NULL, 'review', '{20,21}',
	 'RF aluminium, no chain, 10 Apr 2023'),                -- the declared origin stands in for the smelter
	-- US E.O. 14114 / 89 FR 16450 (rules 17, 18): RF-mined non-industrial diamonds even if cut
	-- abroad, >=1.0 ct from 1 Mar 2024, >=0.5 ct from 1 Sep 2024; GL 104 expired 1 Sep 2025 (E.O. 14068 determinations)
	(140, 'US', 'IN', NULL, '7102.39', '2024-02-29', '{}', 'mined:RU > exported:RU > processed:IN', 'allow', '{}',
	 'RF rough cut in India, 29 Feb 2024'),                 -- before the first determination
	(141, 'US', 'IN', NULL, '7102.39', '2024-03-01', '{}', 'mined:RU > exported:RU > processed:IN', 'prohibit', '{17}',
	 'RF rough cut in India, 1 Mar 2024'),                  -- >=1.0 ct: no carat evidence, so caught
	(142, 'US', 'IN', NULL, '7102.39', '2024-08-31', '{diamond-below-1.0ct}', 'mined:RU > exported:RU > processed:IN', 'allow', '{}',
	 '0.7 ct, 31 Aug 2024'),                                -- below 1.0 ct, 0.5 ct threshold not yet
	(143, 'US', 'IN', NULL, '7102.39', '2024-09-01', '{diamond-below-1.0ct}', 'mined:RU > exported:RU > processed:IN', 'prohibit', '{18}',
	 '0.7 ct, 1 Sep 2024'),                                 -- >=0.5 ct from 1 Sep 2024
	(144, 'US', 'IN', NULL, '7102.39', '2024-09-01', '{diamond-below-0.5ct}', 'mined:RU > exported:RU > processed:IN', 'allow', '{}',
	 '0.3 ct, 1 Sep 2024'),                                 -- below both thresholds
	(145, 'US', 'IN', NULL, '7102.39', '2025-08-31', '{outside-ru-before-2024-03-01}', 'mined:RU > exported:RU > processed:IN', 'allow', '{}',
	 '1.2 ct outside RF before 1 Mar 2024, 31 Aug 2025'),   -- GL 104, still in force
	(146, 'US', 'IN', NULL, '7102.39', '2025-09-01', '{outside-ru-before-2024-03-01}', 'mined:RU > exported:RU > processed:IN', 'prohibit', '{17,18}',
	 '1.2 ct outside RF before 1 Mar 2024, 1 Sep 2025'),    -- GL 104 expired 1 Sep 2025
	(147, 'US', 'IN', NULL, '7102.39', '2024-10-01', '{diamond-below-1.0ct,outside-ru-before-2024-09-01}', 'mined:RU > exported:RU > processed:IN', 'allow', '{}',
	 '0.7 ct that left RF in May 2024'),                    -- GL 104 for the 0.5 ct determination
	(148, 'US', 'IN', NULL, '7102.39', '2024-10-01', '{outside-ru-before-2024-09-01}', 'mined:RU > exported:RU > processed:IN', 'prohibit', '{17}',
	 '1.2 ct that left RF in May 2024'),                    -- after the 1 Mar 2024 cut-off for >=1.0 ct
	(149, 'US', 'IN', NULL, '7102.39', '2024-10-01', '{}', 'mined:BW > exported:BW > processed:IN', 'allow', '{}',
	 'Botswana rough cut in India'),
	(150, 'US', 'IN', NULL, '7102.39', '2024-10-01', '{}', NULL, 'allow', '{}',
	 'cut in India, no chain'),                             -- the RF input can only be seen in a chain
	(151, 'US', 'RU', NULL, '7102.21', '2024-10-01', '{}', 'mined:RU > exported:RU > transit:AE', 'review', '{23}',
	 'RF rough through Dubai, uncut'),                      -- industrial diamonds: E.O. 14068 names non-industrial ones (rule 23: review)
	-- US E.O. 13685 (rules 1, 2, 7, 8): all goods from Crimea, "directly or indirectly", from 19 Dec 2014 (E.O. 13685)
	(160, 'US', 'TR', NULL, '3208.10', '2014-12-18', '{}', 'processed:UA-43#32 > exported:UA-43 > manufactured:TR', 'allow', '{}',
	 'Crimean TiO2 made into paint in Turkey, 18 Dec 2014'),-- before E.O. 13685
	(161, 'US', 'TR', NULL, '3208.10', '2014-12-19', '{}', 'processed:UA-43#32 > exported:UA-43 > manufactured:TR', 'prohibit', '{7}',
	 'Crimean TiO2 made into paint in Turkey, 19 Dec 2014'),-- indirectly from Crimea
	(162, 'US', 'TR', NULL, '3208.10', '2020-01-01', '{}', 'processed:UA-40 > manufactured:TR', 'prohibit', '{8}',
	 'Sevastopol input'),
	(163, 'US', 'TR', NULL, '3208.10', '2020-01-01', '{}', 'manufactured:TR > transit:UA-40 > exported:UA-40', 'allow', '{}',
	 'Turkish goods shipped out through Sevastopol'),       -- pack choice: passage alone is not "from Crimea" (note of rule 7)
	(164, 'US', 'UA-43', NULL, '3206.11', '2020-01-01', '{}', NULL, 'prohibit', '{1,7}',
	 'Crimean goods, no chain'),                            -- the declared origin stands in for rule 7 too
	-- UFLPA (rules 560, 561): made wholly or in part in Xinjiang, presumption from 21 Jun 2022 (UFLPA, P.L. 117-78)
	(170, 'US', 'VN', NULL, '3818.00', '2022-06-20', '{}', 'refined:CN-XJ > manufactured:VN', 'allow', '{}',
	 'Xinjiang polysilicon into Vietnamese wafers, 20 Jun 2022'),
	(171, 'US', 'VN', NULL, '3818.00', '2022-06-21', '{}', 'refined:CN-XJ > manufactured:VN', 'prohibit', '{561}',
	 'Xinjiang polysilicon into Vietnamese wafers, 21 Jun 2022'), -- "in part" in XUAR
	(172, 'US', 'VN', NULL, '3818.00', '2022-06-21', '{uflpa-exception}', 'refined:CN-XJ > manufactured:VN', 'allow', '{}',
	 'same, CBP exception granted'),                        -- UFLPA §3(b)
	(173, 'US', 'KZ', NULL, '2804.61', '2023-01-01', '{}', 'refined:KZ > transit:CN-XJ', 'allow', '{}',
	 'Kazakh silicon in transit through Xinjiang'),         -- not made there
	(174, 'US', 'CN-XJ', NULL, '2804.61', '2023-06-01', '{}', NULL, 'prohibit', '{560,561}',
	 'Xinjiang silicon, no chain'),
	-- EU Art 3g(1)(d) (rule 113): 7206–7229, ch. 73 processed in a third country from RF Annex XVII
	-- inputs from 30 Sep 2023; 7207 11 inputs from 1 Apr 2024; 7207 12 10 and 7224 90 from 1 Oct 2028;
	-- 7201/7204 inputs not caught (Reg 833/2014 Art 3g)
	(200, 'EU', 'TR', NULL, '7208.51', '2023-09-29', '{}', 'cast:RU > processed:TR', 'allow', '{}',
	 'RF slab rolled in Turkey, 29 Sep 2023'),
	(201, 'EU', 'TR', NULL, '7208.51', '2023-09-30', '{}', 'cast:RU > processed:TR', 'prohibit', '{113,148}',
	 'RF slab rolled in Turkey, 30 Sep 2023'),
	(202, 'EU', 'TR', NULL, '7208.51', '2024-03-31', '{ru-steel-inputs-7207.11-7207.12.10-7224.90}', 'cast:RU > processed:TR', 'allow', '{}',
	 'RF billet (7207 11) input, 31 Mar 2024'),
	(203, 'EU', 'TR', NULL, '7208.51', '2024-04-01', '{ru-steel-inputs-7207.11-7207.12.10-7224.90}', 'cast:RU > processed:TR', 'prohibit', '{113,148}',
	 'RF billet (7207 11) input, 1 Apr 2024'),
	(204, 'EU', 'TR', NULL, '7208.51', '2028-09-30', '{ru-steel-inputs-7207.12.10-7224.90}', 'cast:RU > processed:TR', 'allow', '{}',
	 'RF slab (7207 12 10) input, 30 Sep 2028'),
	(205, 'EU', 'TR', NULL, '7208.51', '2028-10-01', '{ru-steel-inputs-7207.12.10-7224.90}', 'cast:RU > processed:TR', 'prohibit', '{113,148}',
	 'RF slab (7207 12 10) input, 1 Oct 2028'),
	(206, 'EU', 'IN', NULL, '7207.11', '2030-01-01', '{ru-steel-inputs-7201-7204}', 'smelted:RU > processed:IN', 'allow', '{}',
	 'RF pig iron made into billets in India'),             -- EC FAQ: 7201 inputs not caught
	(207, 'EU', 'IN', NULL, '7207.11', '2030-01-01', '{}', 'smelted:RU > processed:IN', 'prohibit', '{113,148}',
	 'RF smelted input, no input evidence'),                -- a smelted hop may be steel: the importer must show it is not
	(208, 'EU', 'CN', NULL, '7208.51', '2024-06-01', '{}', 'mined:RU > smelted:CN > processed:CN', 'review', '{148}',
	 'RF iron ore smelted in China'),                       -- ore is not an Annex XVII good
	(209, 'EU', 'KZ', NULL, '7308.90', '2024-06-01', '{}', 'cast:RU > processed:RU > manufactured:KZ', 'prohibit', '{113,148}',
	 'RF steel sections made into structures in Kazakhstan'),-- chapter 73
	(210, 'EU', 'RU', NULL, '7208.51', '2024-06-01', '{}', NULL, 'prohibit', '{111,148}',
	 'RF flat steel, no chain'),                            -- direct ban (rule 111); rule 113 needs a chain
	-- UK Ch 4CA (rules 214, 219): ch. 72/73 processed abroad from RF inputs from 30 Sep 2023 (SI 2019/855);
	-- input carve-outs not in the facts: the EU evidence lowers to review
	(220, 'UK', 'TR', NULL, '7208.51', '2023-09-29', '{}', 'cast:RU > processed:TR', 'allow', '{}',
	 'RF slab rolled in Turkey, UK, 29 Sep 2023'),
	(221, 'UK', 'TR', NULL, '7208.51', '2023-09-30', '{}', 'cast:RU > processed:TR', 'prohibit', '{214,219}',
	 'RF slab rolled in Turkey, UK, 30 Sep 2023'),
	(222, 'UK', 'TR', NULL, '7208.51', '2023-09-30', '{ru-steel-inputs-7201-7204}', 'smelted:RU > processed:TR', 'review', '{219}',
	 'RF pig iron input, UK'),                              -- [U] for the UK: review floor
	(223, 'UK', 'TR', NULL, '7208.51', '2024-03-31', '{ru-steel-inputs-7207.11-7207.12.10-7224.90}', 'cast:RU > processed:TR', 'review', '{219}',
	 'RF billet input, UK, 31 Mar 2024'),
	(224, 'UK', 'TR', NULL, '7208.51', '2024-04-01', '{ru-steel-inputs-7207.11-7207.12.10-7224.90}', 'cast:RU > processed:TR', 'prohibit', '{214,219}',
	 'RF billet input, UK, 1 Apr 2024'),                    -- past even the EU's date
	-- EU Art 3j coal (rules 121–124): originating in or exported from RF; wind-down to 10 Aug 2022 (Reg 833/2014)
	(230, 'EU', 'KZ', NULL, '2701.12', '2022-04-07', '{}', 'mined:KZ > exported:RU', 'allow', '{}',
	 'Kazakh coal exported from RF, 7 Apr 2022'),
	(231, 'EU', 'KZ', NULL, '2701.12', '2022-04-08', '{}', 'mined:KZ > exported:RU', 'review', '{122,124}',
	 'Kazakh coal exported from RF, 8 Apr 2022'),           -- wind-down: review
	(232, 'EU', 'KZ', NULL, '2701.12', '2022-08-09', '{}', 'mined:KZ > exported:RU', 'review', '{122,124}',
	 'Kazakh coal exported from RF, 9 Aug 2022'),
	(233, 'EU', 'KZ', NULL, '2701.12', '2022-08-10', '{}', 'mined:KZ > exported:RU', 'prohibit', '{123,124}',
	 'Kazakh coal exported from RF, 10 Aug 2022'),          -- "exported from Russia"
	(234, 'EU', 'KZ', NULL, '2701.12', '2022-04-07', '{}', 'mined:KZ > transit:RU', 'allow', '{}',
	 'Kazakh coal in transit through RF, 7 Apr 2022'),
	(235, 'EU', 'KZ', NULL, '2701.12', '2023-01-01', '{}', 'mined:KZ > transit:RU', 'review', '{124}',
	 'Kazakh coal in transit through RF, 2023'),            -- [U] transit is not in the facts
	(236, 'EU', 'KZ', NULL, '2704.00', '2023-01-01', '{}', 'mined:KZ > exported:RU > processed:KZ', 'review', '{124}',
	 'coke made in Kazakhstan from coal exported via RF'),  -- [U] the coal's export is not the coke's
	(237, 'EU', 'LV', NULL, '2701.12', '2023-01-01', '{}', 'mined:RU > exported:RU > exported:LV', 'prohibit', '{124,140}',
	 'RF coal re-exported from Latvia, declared Latvian'),  -- mined in RF: RF origin by the chain (rule 140)
	(238, 'EU', 'RU', NULL, '2701.12', '2022-08-10', '{}', NULL, 'prohibit', '{121,123,124,140}',
	 'RF coal, no chain'),
	-- EU Art 3o gold (rules 125–129, 137): from 21–22 Jul 2022, originating in or exported from RF;
	-- third-country-processed jewellery [U] (Reg 833/2014)
	(240, 'EU', 'KZ', NULL, '7108.12', '2022-07-20', '{}', 'mined:KZ > refined:KZ > exported:RU', 'review', '{500}',
	 'Kazakh gold exported from RF, 20 Jul 2022'),
	(241, 'EU', 'KZ', NULL, '7108.12', '2022-07-21', '{}', 'mined:KZ > refined:KZ > exported:RU', 'review', '{128,137,500}',
	 'Kazakh gold exported from RF, 21 Jul 2022'),          -- [U] 21 or 22 Jul
	(242, 'EU', 'KZ', NULL, '7108.12', '2022-07-22', '{}', 'mined:KZ > refined:KZ > exported:RU', 'review', '{127,137,500}',
	 'Kazakh gold exported from RF, 22 Jul 2022'),
	(243, 'EU', 'CH', NULL, '7108.12', '2023-01-01', '{}', 'mined:KZ > exported:RU > refined:CH', 'review', '{137,500}',
	 'Kazakh doré exported via RF, refined in Switzerland'),-- [U] an input's export
	(244, 'EU', 'AE', NULL, '7113.19', '2022-07-20', '{}', 'refined:RU > manufactured:AE', 'allow', '{}',
	 'jewellery made in the UAE from RF gold, 20 Jul 2022'),
	(245, 'EU', 'AE', NULL, '7113.19', '2022-07-21', '{}', 'refined:RU > manufactured:AE', 'review', '{129}',
	 'jewellery made in the UAE from RF gold, 21 Jul 2022'),-- [U] third-country-processed jewellery
	(246, 'EU', 'RU', NULL, '7108.12', '2022-07-22', '{}', NULL, 'prohibit', '{125,127,137,141,500}',
	 'RF gold, no chain'),
	-- EU Art 3p diamonds (rules 130–136): RF origin, exported from or transited through RF from
	-- 1 Jan 2024; processed abroad >=1.0 ct from 1 Mar 2024, >=0.5 ct incl. jewellery/watches from
	-- 1 Sep 2024 (Reg 833/2014 Art 3p)
	(250, 'EU', 'IN', NULL, '7102.39', '2024-02-29', '{}', 'mined:RU > processed:IN', 'allow', '{}',
	 'RF rough cut in India, EU, 29 Feb 2024'),
	(251, 'EU', 'IN', NULL, '7102.39', '2024-03-01', '{}', 'mined:RU > processed:IN', 'prohibit', '{131}',
	 'RF rough cut in India, EU, 1 Mar 2024'),
	(252, 'EU', 'IN', NULL, '7102.39', '2024-08-31', '{diamond-below-1.0ct}', 'mined:RU > processed:IN', 'allow', '{}',
	 '0.7 ct, EU, 31 Aug 2024'),
	(253, 'EU', 'IN', NULL, '7102.39', '2024-09-01', '{diamond-below-1.0ct}', 'mined:RU > processed:IN', 'prohibit', '{132}',
	 '0.7 ct, EU, 1 Sep 2024'),
	(254, 'EU', 'IN', NULL, '7102.39', '2024-09-01', '{diamond-below-0.5ct}', 'mined:RU > processed:IN', 'allow', '{}',
	 '0.3 ct, EU, 1 Sep 2024'),
	(255, 'EU', 'IN', NULL, '7102.39', '2024-09-01', '{diamond-below-0.5ct}', 'mined:RU > exported:RU > processed:IN', 'review', '{136}',
	 '0.3 ct, the rough''s RF export in the chain'),        -- [U] an input's export: review, not prohibit
	(256, 'EU', 'BE', NULL, '7113.19', '2024-08-31', '{}', 'mined:RU > processed:IN > manufactured:BE', 'review', '{129}',
	 'ring set in Belgium with RF stones, 31 Aug 2024'),    -- 129 cannot tell gold from stones: review
	(257, 'EU', 'BE', NULL, '7113.19', '2024-09-01', '{}', 'mined:RU > processed:IN > manufactured:BE', 'review', '{129,133}',
	 'ring set in Belgium with RF stones, 1 Sep 2024'),     -- jewellery from 1 Sep 2024
	(258, 'EU', 'BE', NULL, '7113.19', '2024-09-01', '{diamond-below-0.5ct}', 'mined:RU > processed:IN > manufactured:BE', 'review', '{129}',
	 'same, stones below 0.5 ct'),
	(259, 'EU', 'CH', NULL, '9102.11', '2024-08-31', '{}', 'mined:RU > processed:IN > manufactured:CH', 'allow', '{}',
	 'Swiss watch with RF stones, 31 Aug 2024'),
	(260, 'EU', 'CH', NULL, '9102.11', '2024-09-01', '{}', 'mined:RU > processed:IN > manufactured:CH', 'review', '{133}',
	 'Swiss watch with RF stones, 1 Sep 2024'),             -- [U] Annex XXXVIIIA list
	(261, 'EU', 'BW', NULL, '7102.10', '2023-12-31', '{}', 'mined:BW > transit:RU', 'allow', '{}',
	 'Botswana rough through RF, 31 Dec 2023'),
	(262, 'EU', 'BW', NULL, '7102.10', '2024-01-01', '{}', 'mined:BW > transit:RU', 'prohibit', '{135,136,156}',
	 'Botswana rough through RF, 1 Jan 2024'),              -- transited through RF
	(263, 'EU', 'BW', NULL, '7102.10', '2024-01-01', '{}', 'mined:BW > exported:RU', 'prohibit', '{134,136,155}',
	 'Botswana rough exported from RF'),                    -- exported from RF
	(264, 'EU', 'AE', NULL, '7102.10', '2024-06-01', '{}', 'mined:RU > exported:RU > exported:AE', 'prohibit', '{135,136,142,156,157}',
	 'RF rough re-exported from Dubai, declared Emirati'),  -- last transformation in RF: RF origin by the chain
	(265, 'EU', 'AE', NULL, '7102.10', '2024-06-01', '{}', 'mined:RU > exported:RU > transit:AE', 'prohibit', '{134,136,142,155,157}',
	 'RF rough exported from RF, through Dubai'),
	(266, 'EU', 'BW', NULL, '7102.10', '2024-06-01', '{}', 'mined:BW > transit:RU > transit:AE', 'review', '{136}',
	 'Botswana rough through RF, then Dubai'),              -- limit: `last` sees the AE transit; review
	(267, 'EU', 'RU', NULL, '7102.10', '2024-01-01', '{}', NULL, 'prohibit', '{130,134,135,136,142,154,155,156,157}',
	 'RF diamonds, no chain'),
	-- UK Ch 4J gold (rules 215–218): third-country-processed gold with RF gold from 1 Jan 2023 (SI 2019/855)
	(270, 'UK', 'AE', NULL, '7108.13', '2022-12-31', '{}', 'mined:RU > refined:AE', 'review', '{241}',
	 'RF ore refined in the UAE, UK, 31 Dec 2022'),        -- [U] the chapter's relevant day may be 29 Oct 2022 (rule 241)
	(271, 'UK', 'AE', NULL, '7108.13', '2023-01-01', '{}', 'mined:RU > refined:AE', 'prohibit', '{217,218}',
	 'RF ore refined in the UAE, UK, 1 Jan 2023'),
	(272, 'UK', 'AE', NULL, '7108.13', '2023-01-01', '{outside-ru-before-2022-07-21}', 'mined:RU > refined:AE', 'review', '{218}',
	 'same, RF gold out before 21 Jul 2022'),               -- [U]: review floor
	(273, 'UK', 'TR', NULL, '7113.19', '2022-12-31', '{}', 'refined:RU > manufactured:TR', 'review', '{241}',
	 'jewellery made in Turkey from RF gold, 31 Dec 2022'), -- as case 270
	(274, 'UK', 'TR', NULL, '7113.19', '2023-01-01', '{}', 'refined:RU > manufactured:TR', 'review', '{218}',
	 'jewellery made in Turkey from RF gold, 1 Jan 2023'),  -- [U] jewellery
	-- UK diamonds (rules 230–234): processed >=1 ct from 1 Mar 2024, >=0.5 ct from 1 Sep 2024;
	-- synthetic (7104 21/91) >=0.5 ct from 24 Apr 2025 (SI 2019/855)
	(280, 'UK', 'IN', NULL, '7102.39', '2024-02-29', '{}', 'mined:RU > processed:IN', 'allow', '{}',
	 'RF rough cut in India, UK, 29 Feb 2024'),
	(281, 'UK', 'IN', NULL, '7102.39', '2024-03-01', '{}', 'mined:RU > processed:IN', 'prohibit', '{231}',
	 'RF rough cut in India, UK, 1 Mar 2024'),
	(282, 'UK', 'IN', NULL, '7102.39', '2024-08-31', '{diamond-below-1.0ct}', 'mined:RU > processed:IN', 'allow', '{}',
	 '0.7 ct, UK, 31 Aug 2024'),
	(283, 'UK', 'IN', NULL, '7102.39', '2024-09-01', '{diamond-below-1.0ct}', 'mined:RU > processed:IN', 'prohibit', '{232}',
	 '0.7 ct, UK, 1 Sep 2024'),
	(284, 'UK', 'IN', NULL, '7102.39', '2024-09-01', '{diamond-below-0.5ct}', 'mined:RU > processed:IN', 'allow', '{}',
	 '0.3 ct, UK, 1 Sep 2024'),
	(285, 'UK', 'IT', NULL, '7113.19', '2024-08-31', '{}', 'mined:RU > processed:IN > manufactured:IT', 'review', '{218}',
	 'ring set in Italy with RF stones, UK, 31 Aug 2024'),  -- 218 cannot tell gold from stones: review
	(286, 'UK', 'IT', NULL, '7113.19', '2024-09-01', '{}', 'mined:RU > processed:IN > manufactured:IT', 'review', '{218,233}',
	 'ring set in Italy with RF stones, UK, 1 Sep 2024'),   -- [U] jewellery
	(287, 'UK', 'IN', NULL, '7104.91', '2025-04-23', '{}', 'manufactured:RU > processed:IN', 'allow', '{}',
	 'RF synthetic diamond polished in India, 23 Apr 2025'),
	(288, 'UK', 'IN', NULL, '7104.91', '2025-04-24', '{}', 'manufactured:RU > processed:IN', 'prohibit', '{234}',
	 'RF synthetic diamond polished in India, 24 Apr 2025'),
	(289, 'UK', 'IN', NULL, '7104.91', '2025-04-24', '{diamond-below-0.5ct}', 'manufactured:RU > processed:IN', 'allow', '{}',
	 'same, below 0.5 ct'),
	-- Conflict minerals (rules 500–529: EU 2017/821 from 1 Jan 2021, Dodd-Frank §1502 from 22 Aug
	-- 2012; review, Reg 2017/821; Dodd-Frank §1502) and AFC/M23 (540–545; Rubaya from 30 Apr 2024, UN Group of Experts):
	-- the mine decides, not the exporter
	(300, 'EU', 'RW', NULL, '2615.90', '2024-06-01', '{}', 'mined:CD-NK#34@2024-05-01 > exported:RW > refined:CN', 'review', '{500,541}',
	 'Rubaya coltan exported as Rwandan, EU'),              -- mined in CD under M23; RW only exported
	(301, 'US', 'RW', NULL, '2615.90', '2024-06-01', '{}', 'mined:CD-NK#34@2024-05-01 > exported:RW > refined:CN', 'review', '{520,540}',
	 'Rubaya coltan exported as Rwandan, US'),
	(302, 'UK', 'RW', NULL, '2615.90', '2024-06-01', '{}', 'mined:CD-NK#34@2024-05-01 > exported:RW', 'review', '{542}',
	 'Rubaya coltan, UK'),
	(303, 'CA', 'RW', NULL, '2615.90', '2024-06-01', '{}', 'mined:CD-NK#34@2024-05-01 > exported:RW', 'review', '{543}',
	 'Rubaya coltan, CA'),
	(304, 'JP', 'RW', NULL, '2615.90', '2024-06-01', '{}', 'mined:CD-NK#34@2024-05-01 > exported:RW', 'review', '{544}',
	 'Rubaya coltan, JP'),
	(305, 'AU', 'RW', NULL, '2615.90', '2024-06-01', '{}', 'mined:CD-NK#34@2024-05-01 > exported:RW', 'review', '{545}',
	 'Rubaya coltan, AU'),
	(306, 'EU', 'CN', NULL, '8103.20', '2024-06-01', '{}', 'mined:CD-NK#34@2024-05-01 > exported:RW > refined:CN', 'review', '{500,541}',
	 'tantalum refined in China from Rubaya ore'),          -- Annex I metals follow the ore
	(307, 'EU', 'RW', NULL, '2615.90', '2024-06-01', '{}', 'mined:AU > exported:RW', 'review', '{500}',
	 'Australian ore exported through Rwanda'),             -- 0.3 reviewed it as Rwandan (rule 505)
	(308, 'EU', 'RW', NULL, '2615.90', '2024-06-01', '{}', 'mined:AU > concentrated:RW > exported:RW', 'review', '{500}',
	 'Australian ore concentrated in Rwanda'),              -- concentrated in a covered country
	(309, 'EU', 'RW', NULL, '2615.90', '2025-06-01', '{}', 'mined:CD-NK@2021-12-31 > exported:RW', 'review', '{500}',
	 'North Kivu ore mined 31 Dec 2021'),                   -- controller on the hop's date: before M23
	(310, 'EU', 'RW', NULL, '2615.90', '2025-06-01', '{}', 'mined:CD-NK@2022-01-01 > exported:RW', 'review', '{500,541}',
	 'North Kivu ore mined 1 Jan 2022'),                    -- partly M23-held: contested, still caught
	(311, 'EU', 'RW', NULL, '2615.90', '2024-06-01', '{}', 'mined:CD-NK#34@2024-04-29 > exported:RW', 'review', '{500,541}',
	 'Rubaya ore mined 29 Apr 2024'),                       -- CD-NK record: contested M23
	(312, 'EU', 'RW', NULL, '2615.90', '2021-06-01', '{}', 'mined:CD-NK > exported:RW', 'review', '{500}',
	 'undated North Kivu hop, shipped 2021'),               -- tagged on the shipment date: before M23
	(313, 'EU', 'RW', NULL, '2615.90', '2023-06-01', '{}', 'mined:CD-NK > exported:RW', 'review', '{500,541}',
	 'undated North Kivu hop, shipped 2023'),
	(314, 'EU', 'RW', NULL, '2615.90', '2024-06-01', '{}', NULL, 'review', '{500}',
	 'declared Rwandan, no chain'),                         -- as in 0.3
	(315, 'EU', 'RW', NULL, '2615.90', '2020-12-31', '{}', 'mined:CD-NK#34@2020-06-01 > exported:RW', 'allow', '{}',
	 'Rubaya ore, EU, 31 Dec 2020'),                        -- importer duties from 1 Jan 2021; no M23 then
	(316, 'EU', 'RW', NULL, '2615.90', '2021-01-01', '{}', 'mined:CD-NK#34@2020-06-01 > exported:RW', 'review', '{500}',
	 'Rubaya ore, EU, 1 Jan 2021'),
	(317, 'US', 'AE', NULL, '7108.12', '2012-08-21', '{}', 'mined:UG > refined:AE', 'allow', '{}',
	 'Ugandan gold refined in Dubai, 21 Aug 2012'),
	(318, 'US', 'AE', NULL, '7108.12', '2012-08-22', '{}', 'mined:UG > refined:AE', 'review', '{528}',
	 'Ugandan gold refined in Dubai, 22 Aug 2012');         -- SEC Rule 13p-1; UG a covered country
CREATE TEMP TABLE verdicts AS
SELECT c.*, screen(o, c.hs, c.day, c.j, c.evidence, c.chain) AS actual,
       (SELECT coalesce(array_agg(DISTINCT e.rule_id ORDER BY e.rule_id), '{}')
        FROM explain(o, c.hs, c.day, c.j, c.evidence, c.chain) e WHERE e.action <> 'allow') AS rules
FROM cases c, LATERAL (SELECT tag_origin(c.origin_territory, c.place, c.day)) t(o);
SELECT n, j, what, expected, actual, rules, actual = expected AND rules = expected_rules AS ok
FROM verdicts ORDER BY n;
SELECT n, expected, actual, expected_rules, rules AS wrong FROM verdicts
WHERE actual IS DISTINCT FROM expected OR rules IS DISTINCT FROM expected_rules ORDER BY n;

-- Which hop each rule looked at (NULL: the declared origin).
SELECT c.n, e.rule_id, e.action, e.hop, split_part(e.why, ' Note:', 1) AS why
FROM cases c, LATERAL explain(tag_origin(c.origin_territory, c.place, c.day), c.hs, c.day, c.j, c.evidence, c.chain) e
WHERE c.n IN (101, 109, 123, 141, 161, 201, 233, 264, 300, 309)
ORDER BY c.n, e.rule_id, e.hop;
