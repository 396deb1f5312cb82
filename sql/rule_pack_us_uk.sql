--
-- The US and UK rules corrected by the rule audit of 0.5 (issue 15): every
-- rule and exception changed or added, on both sides of each changed date or
-- scope boundary (the day before and the day a measure starts or ends; an HS
-- code just inside and just outside the new scope; with and without the
-- evidence that lifts it), and the rules explain() gives for some.  Each
-- case says why in its comment, naming the instrument.
--
SET search_path = embargo, public;
SET datestyle = ISO;

------------------------------------------------------------------------------
-- The rules and exceptions of this change, and their data quality: each
-- cites an instrument (no key into the project's notes), a note starting
-- with [U] only asks for review, and every new or changed evidence code is
-- listed with its window.
------------------------------------------------------------------------------
CREATE TEMP TABLE changed(id int PRIMARY KEY);
INSERT INTO changed VALUES (10), (11), (12), (13), (17), (18), (20), (21), (22), (23), (24), (25), (26), (27),
	(28), (30), (31), (200), (201), (215), (216), (217), (218), (220), (221), (222), (225), (226), (230),
	(236), (237), (238), (239), (240), (241), (242), (243), (520);
SELECT r.id, r.jurisdiction AS j, r.action, r.territory, array_to_string(r.hs, ' ') AS hs, r.valid_from, r.valid_until,
       replace(array_to_string(r.hop_roles, ','), 'mined,concentrated,smelted,cast,refined,processed,manufactured',
               'transforming') AS roles, r.hop_select AS sel
FROM rule r JOIN changed USING (id) WHERE r.shipped ORDER BY r.id;
SELECT count(*) AS rules,
       count(*) FILTER (WHERE citation !~ '[[:alpha:]]' OR citation ~ '\[S[0-9]+\]' OR citation ~* 'facts file') AS uncited,
       count(*) FILTER (WHERE coalesce(note, '') !~ '\S') AS without_note,
       count(*) FILTER (WHERE note ~ '^\[U\]' AND action <> 'review') AS uncertain_not_review,
       count(*) FILTER (WHERE NOT enabled) AS disabled
FROM rule JOIN changed USING (id) WHERE shipped;
SELECT e.id, e.rule_id, e.evidence, e.valid_from, e.valid_until,
       e.citation ~ '[[:alpha:]]' AND e.citation !~ '\[S[0-9]+\]' AS cited
FROM rule_exception e
WHERE e.shipped AND (e.id BETWEEN 11 AND 99 OR e.id BETWEEN 200 AND 203 OR e.id BETWEEN 216 AND 230)
ORDER BY e.id;

------------------------------------------------------------------------------
-- Cases: jurisdiction, declared origin, goods, shipment date, evidence,
-- chain of custody, the verdict the instruments call for, and the rules that
-- should apply (not lifted).
------------------------------------------------------------------------------
CREATE TEMP TABLE cases (n int, j text, origin_territory territory, hs hscode, day date, evidence text[],
                         chain custody, expected verdict, expected_rules int[], what text);
INSERT INTO cases VALUES
	-- E.O. 14066 sec. 1(a)(i) (rules 10, 22): RF crude oil, petroleum fuels, oils and products of their
	-- distillation, LNG, coal and coal products, from 8 Mar 2022; GL 16: pre-8 Mar contracts until 22 Apr 2022
	(1, 'US', 'RU', '2709.00', '2022-03-07', '{}', NULL, 'allow', '{}', 'RF crude, 7 Mar 2022'),
	(2, 'US', 'RU', '2709.00', '2022-03-08', '{}', NULL, 'prohibit', '{10}', 'RF crude, 8 Mar 2022'),
	(3, 'US', 'RU', '2701.12', '2023-06-01', '{}', NULL, 'prohibit', '{10}', 'RF coal'),
	(4, 'US', 'RU', '2708.10', '2023-06-01', '{}', NULL, 'prohibit', '{10}', 'RF coal-tar pitch: a coal product'),
	(5, 'US', 'RU', '2711.11', '2023-06-01', '{}', NULL, 'prohibit', '{10,22}', 'RF LNG'),           -- 22: the rest of 2711
	(6, 'US', 'RU', '2711.21', '2023-06-01', '{}', NULL, 'review', '{22}', 'RF natural gas, gaseous'), -- [U] not LNG
	(7, 'US', 'RU', '2711', '2023-06-01', '{}', NULL, 'review', '{22}', 'RF gas declared at heading level'),
	(8, 'US', 'RU', '2713.11', '2023-06-01', '{}', NULL, 'review', '{22}', 'RF petroleum coke'),   -- [U] no HTS list
	(9, 'US', 'RU', '2703.00', '2023-06-01', '{}', NULL, 'review', '{22}', 'RF peat'),             -- [U]
	(10, 'US', 'RU', '2716.00', '2023-06-01', '{}', NULL, 'allow', '{}', 'RF electricity'),        -- none of the order's words
	(11, 'US', 'RU', '2709.00', '2022-03-08', '{contract-before-2022-03-08}', NULL, 'allow', '{}',
	 'RF crude, pre-8 Mar contract, 8 Mar 2022'),                                                  -- GL 16
	(12, 'US', 'RU', '2709.00', '2022-04-21', '{contract-before-2022-03-08}', NULL, 'allow', '{}',
	 'same, 21 Apr 2022'),
	(13, 'US', 'RU', '2709.00', '2022-04-22', '{contract-before-2022-03-08}', NULL, 'prohibit', '{10}',
	 'same, 22 Apr 2022'),                                                                          -- GL 16 ran out at 12:01 a.m.
	(14, 'US', 'RU', '2713.11', '2022-04-21', '{contract-before-2022-03-08}', NULL, 'allow', '{}',
	 'RF petroleum coke, pre-8 Mar contract, 21 Apr 2022'),
	-- E.O. 14068 sec. 1(a)(i) (rules 11, 12, 23): RF non-industrial diamonds (7102.31/.39) from 25 Mar 2022,
	-- the wind-down before it review; industrial diamonds are outside the order
	(20, 'US', 'RU', '7102.31', '2022-03-10', '{}', NULL, 'allow', '{}', 'RF rough, 10 Mar 2022'),
	(21, 'US', 'RU', '7102.31', '2022-03-24', '{}', NULL, 'review', '{11}', 'RF rough, 24 Mar 2022'),  -- wind-down
	(22, 'US', 'RU', '7102.31', '2022-03-25', '{}', NULL, 'prohibit', '{12,23}', 'RF rough, 25 Mar 2022'),
	(23, 'US', 'RU', '7102.39', '2023-06-01', '{}', NULL, 'prohibit', '{12,23}', 'RF polished'),
	(24, 'US', 'RU', '7102.21', '2023-06-01', '{}', NULL, 'review', '{23}', 'RF industrial rough'),  -- [U] was prohibit
	(25, 'US', 'RU', '7102.29', '2023-06-01', '{}', NULL, 'review', '{23}', 'RF industrial, worked'),
	(26, 'US', 'RU', '7102', '2023-06-01', '{}', NULL, 'review', '{23}', 'RF diamonds declared at heading level'),
	(27, 'US', 'RU', '7104.91', '2023-06-01', '{}', NULL, 'allow', '{}', 'RF synthetic stones'),     -- outside heading 7102
	-- Diamond jewelry and unsorted diamonds determination (rules 13, 24-27): RF origin or exported from RF,
	-- from 1 Mar 2024; GL 103 (jewellery outside RF before 1 Mar 2024); no-diamonds (not "diamond jewelry")
	(30, 'US', 'RU', '7102.10', '2024-02-29', '{}', NULL, 'review', '{23}', 'RF unsorted, 29 Feb 2024'),
	(31, 'US', 'RU', '7102.10', '2024-03-01', '{}', NULL, 'prohibit', '{23,24,26}', 'RF unsorted, 1 Mar 2024'),
	(32, 'US', 'AE', '7102.10', '2024-02-29', '{}', 'mined:BW > exported:RU', 'allow', '{}',
	 'Botswana unsorted exported from RF, 29 Feb 2024'),
	(33, 'US', 'AE', '7102.10', '2024-03-01', '{}', 'mined:BW > exported:RU', 'prohibit', '{24,26}',
	 'Botswana unsorted exported from RF, 1 Mar 2024'),                                             -- "exported from"
	(34, 'US', 'AE', '7102.10', '2024-06-01', '{}', 'mined:BW > exported:RU > exported:AE', 'review', '{26}',
	 'same, re-exported from Dubai'),                                                               -- [U] last export not RF
	(35, 'US', 'AE', '7102.10', '2024-06-01', '{}', 'mined:BW > transit:RU', 'allow', '{}',
	 'Botswana unsorted in transit through RF'),                                                    -- the order says exported
	(36, 'US', 'RU', '7113.19', '2024-02-29', '{}', NULL, 'allow', '{}', 'RF gold jewellery, 29 Feb 2024'),
	(37, 'US', 'RU', '7113.19', '2024-03-01', '{}', NULL, 'prohibit', '{13,25,27}', 'RF jewellery, 1 Mar 2024'),
	(38, 'US', 'RU', '7113.19', '2024-03-01', '{no-diamonds}', NULL, 'allow', '{}', 'RF jewellery without diamonds'),
	(39, 'US', 'RU', '7113.19', '2024-03-01', '{outside-ru-before-2024-03-01}', NULL, 'allow', '{}',
	 'RF diamond jewellery outside RF before 1 Mar 2024'),                                          -- GL 103
	(40, 'US', 'IT', '7113.19', '2024-02-29', '{}', 'manufactured:IT > exported:RU', 'allow', '{}',
	 'Italian jewellery exported from RF, 29 Feb 2024'),
	(41, 'US', 'IT', '7113.19', '2024-03-01', '{}', 'manufactured:IT > exported:RU', 'prohibit', '{25,27}',
	 'Italian jewellery exported from RF, 1 Mar 2024'),                                             -- "exported from"
	(42, 'US', 'IT', '7113.19', '2024-03-01', '{no-diamonds}', 'manufactured:IT > exported:RU', 'allow', '{}',
	 'same, without diamonds'),
	(43, 'US', 'IT', '7113.19', '2024-03-01', '{outside-ru-before-2024-03-01}', 'manufactured:IT > exported:RU', 'allow', '{}',
	 'same, outside RF before 1 Mar 2024'),                                                         -- GL 103
	(44, 'US', 'AE', '7113.19', '2024-06-01', '{}', 'manufactured:IT > exported:RU > exported:AE', 'review', '{27}',
	 'Italian jewellery re-exported from RF via Dubai'),                                           -- [U]
	(45, 'US', 'AE', '7113.19', '2024-06-01', '{no-diamonds}', 'manufactured:IT > exported:RU > exported:AE', 'allow', '{}',
	 'same, without diamonds'),
	-- Diamonds determination (rules 17, 18, 28): RF-mined non-industrial diamonds (>=1.0 ct from 1 Mar 2024,
	-- >=0.5 ct from 1 Sep 2024) even if substantially transformed abroad (OFAC FAQ 1165)
	(50, 'US', 'IN', '7102.39', '2024-03-01', '{}', 'mined:RU > processed:IN', 'prohibit', '{17}',
	 'RF rough cut in India'),                                                                      -- unchanged
	(59, 'US', 'IN', '7102.39', '2024-09-01', '{diamond-below-1.0ct}', 'mined:RU > processed:IN', 'prohibit', '{18}',
	 '0.7 ct RF stone cut in India, 1 Sep 2024'),                                                   -- unchanged
	(51, 'US', 'IN', '7102.29', '2024-06-01', '{}', 'mined:RU > processed:IN', 'allow', '{}',
	 'RF industrial rough worked in India'),                                                        -- non-industrial only
	(52, 'US', 'BE', '7113.19', '2024-02-29', '{}', 'mined:RU > processed:IN > manufactured:BE', 'allow', '{}',
	 'ring set in Belgium with RF stones, 29 Feb 2024'),
	(53, 'US', 'BE', '7113.19', '2024-03-01', '{}', 'mined:RU > processed:IN > manufactured:BE', 'review', '{28}',
	 'same, 1 Mar 2024'),                                                                           -- [U] jewellery
	(54, 'US', 'BE', '7113.19', '2024-08-31', '{diamond-below-1.0ct}', 'mined:RU > processed:IN > manufactured:BE', 'allow', '{}',
	 'same, stones below 1.0 ct, 31 Aug 2024'),
	(55, 'US', 'BE', '7113.19', '2024-09-01', '{diamond-below-1.0ct}', 'mined:RU > processed:IN > manufactured:BE', 'review', '{28}',
	 'same, stones below 1.0 ct, 1 Sep 2024'),                                                      -- 0.5 ct threshold
	(56, 'US', 'BE', '7113.19', '2024-09-01', '{diamond-below-0.5ct}', 'mined:RU > processed:IN > manufactured:BE', 'allow', '{}',
	 'same, stones below 0.5 ct'),
	(57, 'US', 'TR', '7113.19', '2024-06-01', '{no-diamonds}', 'refined:RU > manufactured:TR', 'allow', '{}',
	 'jewellery made in Turkey from RF gold, no diamonds'),                                         -- transformed abroad
	(58, 'US', 'BE', '7117.19', '2024-06-01', '{}', 'mined:RU > processed:IN > manufactured:BE', 'allow', '{}',
	 'imitation jewellery (7117) after an RF hop'),                                                 -- outside 7113
	-- Proclamation 10522 (rules 20, 21, 30, 31): 200% duty on RF aluminium articles from 10 Mar 2023,
	-- RF-smelted or -cast from 10 Apr 2023; derivative lines declared at six digits: review
	(60, 'US', 'RU', '7616.99', '2023-03-09', '{}', NULL, 'allow', '{}', 'RF aluminium article at 6 digits, 9 Mar 2023'),
	(61, 'US', 'RU', '7616.99', '2023-03-10', '{}', NULL, 'review', '{30}', 'RF aluminium article at 6 digits, 10 Mar 2023'),
	(62, 'US', 'RU', '7616.99.51.70', '2023-06-01', '{}', NULL, 'review', '{20,21,30,31}', 'RF derivative, full HTS line'),
	(63, 'US', 'RU', '7616.91', '2023-06-01', '{}', NULL, 'allow', '{}', 'RF aluminium wire cloth (7616.91)'), -- outside
	(64, 'US', 'RU', '8708.29', '2023-06-01', '{}', NULL, 'review', '{30,31}', 'RF body parts at 6 digits'),
	(65, 'US', 'RU', '8708.30', '2023-06-01', '{}', NULL, 'allow', '{}', 'RF brakes (8708.30)'),   -- outside
	(66, 'US', 'CA', '7614.10', '2023-04-09', '{}', 'smelted:RU > processed:CA', 'allow', '{}',
	 'RF-smelted aluminium stranded wire from Canada, 9 Apr 2023'),
	(67, 'US', 'CA', '7614.10', '2023-04-10', '{}', 'smelted:RU > processed:CA', 'review', '{31}',
	 'same, 10 Apr 2023'),
	-- UK Crimea (rules 200, 201, 242, 243): Reg (EU) No 692/2014 Art 3(a): contracts before 25 Jun 2014
	-- executed until 26 Sep 2014, notified 10 working days in advance; Art 3(b): certificate of origin
	(70, 'UK', 'UA-43', '3206.11', '2014-06-24', '{}', NULL, 'allow', '{}', 'Crimean goods, 24 Jun 2014'),
	(71, 'UK', 'UA-43', '3206.11', '2014-06-25', '{}', NULL, 'prohibit', '{200,242}', 'Crimean goods, 25 Jun 2014'),
	(72, 'UK', 'UA-43', '3206.11', '2014-06-25', '{contract-before-2014-06-25}', NULL, 'review', '{242}',
	 'old contract, notification not shown'),                                                       -- floor
	(73, 'UK', 'UA-43', '3206.11', '2014-09-25', '{contract-before-2014-06-25-notified}', NULL, 'allow', '{}',
	 'old contract, notified, 25 Sep 2014'),
	(74, 'UK', 'UA-43', '3206.11', '2014-09-26', '{contract-before-2014-06-25-notified}', NULL, 'prohibit', '{200}',
	 'old contract, notified, 26 Sep 2014'),                                                        -- the window is over
	(75, 'UK', 'UA-43', '3206.11', '2014-09-26', '{contract-before-2014-06-25}', NULL, 'prohibit', '{200}',
	 'old contract, 26 Sep 2014'),
	(76, 'UK', 'UA-43', '3206.11', '2014-07-01', '{ua-certificate-of-origin}', NULL, 'allow', '{}',
	 'certificate of origin, July 2014'),                                                           -- Art 3(b)
	(77, 'UK', 'UA-40', '3206.11', '2014-07-01', '{contract-before-2014-06-25}', NULL, 'review', '{243}',
	 'Sevastopol, old contract, notification not shown'),
	(78, 'UK', 'UA-40', '3206.11', '2014-07-01', '{contract-before-2014-06-25-notified}', NULL, 'allow', '{}',
	 'Sevastopol, old contract, notified'),
	(68, 'UK', 'UA-40', '3206.11', '2014-07-01', '{}', NULL, 'prohibit', '{201,243}', 'Sevastopol goods, July 2014'),
	(69, 'UK', 'UA-40', '3206.11', '2014-07-01', '{ua-certificate-of-origin}', NULL, 'allow', '{}',
	 'Sevastopol, certificate of origin'),
	(79, 'UK', 'UA-43', '3206.11', '2023-06-01', '{ua-certificate-of-origin}', NULL, 'allow', '{}',
	 'certificate of origin, 2023'),                                                                -- reg 62
	-- UK coal, oil and LNG (rules 220-222, 236, 237): SI 2022/850 (coal 10 Aug 2022, oil 31 Dec 2022),
	-- SI 2022/1110 (LNG 1 Jan 2023)
	(80, 'UK', 'RU', '2701.12', '2022-08-09', '{}', NULL, 'allow', '{}', 'RF coal, 9 Aug 2022'),
	(81, 'UK', 'RU', '2701.12', '2022-08-10', '{}', NULL, 'prohibit', '{220}', 'RF coal, 10 Aug 2022'),
	(82, 'UK', 'RU', '2704.00', '2022-08-10', '{}', NULL, 'review', '{221}', 'RF coke'),            -- [U] Sched 3H
	(83, 'UK', 'RU', '2710.12', '2022-12-30', '{}', NULL, 'allow', '{}', 'RF gasoline, 30 Dec 2022'),
	(84, 'UK', 'RU', '2710.12', '2022-12-31', '{}', NULL, 'prohibit', '{222}', 'RF gasoline, 31 Dec 2022'),
	(85, 'UK', 'RU', '2711.11', '2022-12-30', '{}', NULL, 'allow', '{}', 'RF LNG, 30 Dec 2022'),
	(86, 'UK', 'RU', '2711.11', '2022-12-31', '{}', NULL, 'review', '{236}', 'RF LNG, 31 Dec 2022'),  -- [U] Sched 3F
	(87, 'UK', 'RU', '2711.11', '2023-01-01', '{}', NULL, 'prohibit', '{236,237}', 'RF LNG, 1 Jan 2023'),
	(88, 'UK', 'RU', '2711.12', '2023-06-01', '{}', NULL, 'review', '{236}', 'RF propane'),
	(89, 'UK', 'RU', '2715.00', '2023-06-01', '{}', NULL, 'review', '{236}', 'RF bituminous mixtures'),
	(90, 'UK', 'RU', '2716.00', '2023-06-01', '{}', NULL, 'allow', '{}', 'RF electricity'),       -- not coal, oil or gas
	-- UK metals, Sched 3BA (rules 225, 226, 238): SI 2023/1364, 15 Dec 2023 (part 26 Dec 2023)
	(91, 'UK', 'RU', '8113.00', '2023-12-14', '{}', NULL, 'allow', '{}', 'RF cermets, 14 Dec 2023'),
	(92, 'UK', 'RU', '8113.00', '2023-12-15', '{}', NULL, 'review', '{225}', 'RF cermets, 15 Dec 2023'),
	(93, 'UK', 'RU', '8113.00', '2023-12-26', '{}', NULL, 'prohibit', '{226}', 'RF cermets, 26 Dec 2023'),
	(94, 'UK', 'RU', '8112.92', '2024-06-01', '{}', NULL, 'allow', '{}', 'RF gallium (8112.92)'),  -- not in Sched 3BA's list
	(95, 'UK', 'RU', '8215.99', '2023-12-14', '{}', NULL, 'allow', '{}', 'RF cutlery, 14 Dec 2023'),
	(96, 'UK', 'RU', '8215.99', '2023-12-15', '{}', NULL, 'review', '{238}', 'RF cutlery, 15 Dec 2023'), -- [U]
	(97, 'UK', 'RU', '8302.41', '2024-06-01', '{}', NULL, 'review', '{238}', 'RF base-metal fittings'),
	(98, 'UK', 'RU', '8413.70', '2024-06-01', '{}', NULL, 'allow', '{}', 'RF pumps (chapter 84)'),  -- not a base-metal article
	-- UK gold, Ch 4J and regs 46Z16A-C (rules 215-218, 239-241): SI 2022/850, SI 2022/1110
	(100, 'UK', 'RU', '7108.12', '2022-07-21', '{}', NULL, 'prohibit', '{215}', 'RF gold'),
	(101, 'UK', 'RU', '7112.91', '2022-07-20', '{}', NULL, 'allow', '{}', 'RF gold scrap, 20 Jul 2022'),
	(102, 'UK', 'RU', '7112.91', '2022-07-21', '{}', NULL, 'review', '{239}', 'RF gold scrap, 21 Jul 2022'), -- [U] Sched 3G
	(103, 'UK', 'RU', '7112.91', '2022-07-21', '{outside-ru-before-2022-07-21}', NULL, 'allow', '{}',
	 'RF gold scrap exported before 21 Jul 2022'),                                                  -- reg 46Z11(1)
	(104, 'UK', 'RU', '7118.90', '2023-06-01', '{}', NULL, 'review', '{239}', 'RF gold coin'),
	(105, 'UK', 'RU', '7106.91', '2023-06-01', '{}', NULL, 'allow', '{}', 'RF silver (7106)'),     -- not gold
	(106, 'UK', 'RU', '7113.19', '2022-10-28', '{}', NULL, 'allow', '{}', 'RF gold jewellery, 28 Oct 2022'),
	(107, 'UK', 'RU', '7113.19', '2022-10-29', '{}', NULL, 'review', '{240}', 'RF gold jewellery, 29 Oct 2022'), -- [U]
	(108, 'UK', 'RU', '7113.19', '2022-12-31', '{}', NULL, 'review', '{240}', 'RF gold jewellery, 31 Dec 2022'),
	(109, 'UK', 'RU', '7113.19', '2023-01-01', '{}', NULL, 'prohibit', '{216}', 'RF gold jewellery, 1 Jan 2023'),
	(110, 'UK', 'RU', '7113.19', '2022-11-15', '{outside-ru-before-2022-10-29}', NULL, 'allow', '{}',
	 'RF gold jewellery exported before 29 Oct 2022'),                                              -- reg 46Z16B(1)
	(111, 'UK', 'AE', '7108.13', '2022-10-28', '{}', 'mined:RU > refined:AE', 'allow', '{}',
	 'RF ore refined in the UAE, 28 Oct 2022'),
	(112, 'UK', 'AE', '7108.13', '2022-10-29', '{}', 'mined:RU > refined:AE', 'review', '{241}',
	 'RF ore refined in the UAE, 29 Oct 2022'),                                                     -- [U] reg 46Z16C
	(113, 'UK', 'AE', '7108.13', '2023-01-01', '{}', 'mined:RU > refined:AE', 'prohibit', '{217,218}',
	 'RF ore refined in the UAE, 1 Jan 2023'),
	(114, 'UK', 'RU', '7113.19', '2024-06-01', '{}', NULL, 'prohibit', '{216,230}', 'RF jewellery, 2024'), -- gold and diamond jewellery
	-- Dodd-Frank §1502 (rule 520): the note changed, the verdict did not
	(120, 'US', 'CD', '2615.90', '2012-08-22', '{}', NULL, 'review', '{520}', 'DRC coltan, 22 Aug 2012');
CREATE TEMP TABLE verdicts AS
SELECT c.*, screen(o, c.hs, c.day, c.j, c.evidence, c.chain) AS actual,
       (SELECT coalesce(array_agg(DISTINCT e.rule_id ORDER BY e.rule_id), '{}')
        FROM explain(o, c.hs, c.day, c.j, c.evidence, c.chain) e WHERE e.action <> 'allow') AS rules
FROM cases c, LATERAL (SELECT tag_origin(c.origin_territory, NULL::int, c.day)) t(o);
SELECT n, j, what, expected, actual, rules, actual = expected AND rules = expected_rules AS ok
FROM verdicts ORDER BY n;
SELECT n, expected, actual, expected_rules, rules AS wrong FROM verdicts
WHERE actual IS DISTINCT FROM expected OR rules IS DISTINCT FROM expected_rules ORDER BY n;

-- Every changed or added rule is met by a case, and every new or changed
-- exception lifts its rule in one.
SELECT c.id AS rule_without_case FROM changed c
WHERE NOT EXISTS (SELECT 1 FROM verdicts v WHERE c.id = ANY (v.rules))
ORDER BY 1;
SELECT e.id AS exception_never_lifting FROM rule_exception e
WHERE e.shipped AND (e.id BETWEEN 11 AND 99 OR e.id BETWEEN 200 AND 203 OR e.id BETWEEN 218 AND 230)
  AND NOT EXISTS (SELECT 1 FROM verdicts v, LATERAL explain(tag_origin(v.origin_territory, NULL::int, v.day), v.hs,
                                                            v.day, v.j, v.evidence, v.chain) x
                  WHERE x.rule_id = e.rule_id AND x.action = 'allow' AND x.why LIKE '%' || e.evidence || '%')
ORDER BY 1;

-- What explain() says for some of them.
SELECT c.n, e.rule_id, e.action, e.hop, e.citation
FROM cases c, LATERAL explain(tag_origin(c.origin_territory, NULL::int, c.day), c.hs, c.day, c.j, c.evidence, c.chain) e
WHERE c.n IN (5, 24, 33, 41, 53, 72, 87, 112)
ORDER BY c.n, e.rule_id, e.hop;

-- The evidence codes of this change and the rules they lift.  The UK's old
-- contract code, which callers may have stored, is still known and still
-- lifts the Crimea bans (to the review floor); the notified one lifts both.
SELECT jurisdiction, evidence, array_agg(rule_id ORDER BY rule_id) AS rules
FROM evidence_codes
WHERE evidence IN ('contract-before-2014-06-25', 'contract-before-2014-06-25-notified', 'contract-before-2022-03-08',
                   'no-diamonds', 'outside-ru-before-2022-10-29')
  AND jurisdiction IN ('US', 'UK')
GROUP BY 1, 2 ORDER BY 1, 2;
