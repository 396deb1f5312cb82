--
-- The EU rules corrected in issue 15 ("the rule pack, corrected"): every rule
-- of the EU group (100-199, 500-519) changed or added, on each side of each
-- changed date or scope boundary, and every new or changed exception with its
-- evidence code, lifting or not.  Each case states the verdict and the rules
-- (those explain() lists with an action other than allow) it should give.
--
SET search_path = embargo, public;
SET datestyle = ISO;

------------------------------------------------------------------------------
-- What changed in the data.
------------------------------------------------------------------------------
-- the per-country rules of Reg (EU) 2017/821 are withdrawn: rule 500 is
-- origin-neutral
SELECT count(*) AS rules_501_509 FROM rule WHERE id BETWEEN 501 AND 509;
SELECT id, action, territory, hop_roles, valid_from, hs FROM rule WHERE id = 500;
-- the new rules: citations that name an instrument, a note for each
SELECT id, action, coalesce(territory::text, '') || coalesce('/' || controller, '') || coalesce('/' || status, '') AS scope,
       hs, valid_from, valid_until, hop_select AS sel,
       citation ~ '(Reg|Regulation|Protocol|C-[0-9]+/[0-9]+)' AND citation !~ '\[S[0-9]+\]' AS cited,
       coalesce(note, '') ~ '\S' AS noted
FROM rule WHERE shipped AND (id BETWEEN 145 AND 199 OR id BETWEEN 510 AND 519) ORDER BY id;
-- the rules whose scope or dates changed
SELECT id, action, hs, valid_from, valid_until FROM rule
WHERE id IN (110, 111, 118, 127, 130, 132, 133, 134, 135, 142, 154) ORDER BY id;
-- the exceptions of the EU group: new codes, and the contract wind-downs
-- now citing Art 3 of Reg 692/2014 and Art 2(2) of Reg 2022/263
SELECT e.id, e.rule_id, e.evidence, e.valid_from, e.valid_until, e.citation
FROM rule_exception e WHERE e.shipped AND e.id BETWEEN 100 AND 199 ORDER BY e.id;
-- the codes a caller may pass for the EU, with how many rules each lifts:
-- the old contract codes stay known, so stored evidence is not refused
SELECT evidence, count(*) AS rules FROM evidence_codes WHERE jurisdiction = 'EU'
GROUP BY evidence ORDER BY evidence;

------------------------------------------------------------------------------
-- Shipments: the verdict and the rules that apply, on both sides of each
-- boundary.  Origins by territory or by place name (shipped places).
------------------------------------------------------------------------------
CREATE TEMP TABLE cases (n int, what text, terr territory, place text, hs hscode, day date,
                         evidence text[], chain text, expected verdict, expected_rules int[]);
INSERT INTO cases VALUES
	-- Crimea (rule 100) and Sevastopol (101): the contract wind-down needs the
	-- prior notification (Art 3(a) of Reg 692/2014); without it, review (150, 151)
	(1, 'Crimea, day before the ban', NULL, 'Simferopol', '2805.30', '2014-06-24', '{}', NULL, 'allow', '{}'),
	(2, 'Crimea, first day', NULL, 'Simferopol', '2805.30', '2014-06-25', '{}', NULL, 'prohibit', '{100,150}'),
	(3, 'Crimea, contract, notification not shown', NULL, 'Simferopol', '2805.30', '2014-06-25', '{contract-before-2014-06-25}', NULL, 'review', '{150}'),
	(4, 'Crimea, contract notified', NULL, 'Simferopol', '2805.30', '2014-06-25', '{contract-before-2014-06-25-notified}', NULL, 'allow', '{}'),
	(5, 'Crimea, contract notified, last day', NULL, 'Simferopol', '2805.30', '2014-09-25', '{contract-before-2014-06-25-notified}', NULL, 'allow', '{}'),
	(6, 'Crimea, contract notified, window closed', NULL, 'Simferopol', '2805.30', '2014-09-26', '{contract-before-2014-06-25-notified}', NULL, 'prohibit', '{100}'),
	(7, 'Crimea, contract only, window closed', NULL, 'Simferopol', '2805.30', '2014-09-26', '{contract-before-2014-06-25}', NULL, 'prohibit', '{100}'),
	(8, 'Crimea, Ukrainian certificate, in the window', NULL, 'Simferopol', '2805.30', '2014-07-01', '{ua-certificate-of-origin}', NULL, 'allow', '{}'),
	(9, 'Sevastopol, contract, notification not shown', NULL, 'Sevastopol', '2805.30', '2014-07-01', '{contract-before-2014-06-25}', NULL, 'review', '{151}'),
	(10, 'Sevastopol, contract notified', NULL, 'Sevastopol', '2805.30', '2014-07-01', '{contract-before-2014-06-25-notified}', NULL, 'allow', '{}'),
	-- NGCA of Donetsk (102) and Luhansk (103): Art 2(2)(a) of Reg 2022/263
	(11, 'Donetsk city, first day', NULL, 'Donetsk', '7208.10', '2022-02-24', '{}', NULL, 'prohibit', '{102,152}'),
	(12, 'Donetsk city, contract, notification not shown', NULL, 'Donetsk', '7208.10', '2022-05-23', '{contract-before-2022-02-23}', NULL, 'review', '{152}'),
	(13, 'Donetsk city, contract notified, last day', NULL, 'Donetsk', '7208.10', '2022-05-23', '{contract-before-2022-02-23-notified}', NULL, 'allow', '{}'),
	(14, 'Donetsk city, contract notified, window closed', NULL, 'Donetsk', '7208.10', '2022-05-24', '{contract-before-2022-02-23-notified}', NULL, 'prohibit', '{102}'),
	(15, 'Kramatorsk (government-held)', NULL, 'Kramatorsk', '7208.10', '2022-03-01', '{}', NULL, 'allow', '{}'),
	(16, 'Luhansk city, contract, notification not shown', NULL, 'Luhansk', '2701.12', '2022-03-01', '{contract-before-2022-02-23}', NULL, 'review', '{153}'),
	(17, 'Luhansk city, Ukrainian certificate', NULL, 'Luhansk', '2701.12', '2022-03-01', '{ua-certificate-of-origin}', NULL, 'allow', '{}'),
	-- RF iron and steel (110, 111): Art 3g from Reg 2022/428 of 15 Mar 2022
	(20, 'RF hot-rolled coil, before Art 3g', 'RU', NULL, '7208.10', '2022-03-14', '{}', NULL, 'allow', '{}'),
	(21, 'RF hot-rolled coil, Art 3g in force', 'RU', NULL, '7208.10', '2022-03-15', '{}', NULL, 'review', '{110}'),
	(22, 'RF hot-rolled coil, last day of review', 'RU', NULL, '7208.10', '2022-12-31', '{}', NULL, 'review', '{110}'),
	(23, 'RF hot-rolled coil, 2023', 'RU', NULL, '7208.10', '2023-01-01', '{}', NULL, 'prohibit', '{111}'),
	-- semi-finished products under quota (145-147)
	(24, 'RF slab 7207 12 10, 2025', 'RU', NULL, '7207.12.10', '2025-03-01', '{}', NULL, 'review', '{147,148}'),
	(25, 'RF slab, last quota day', 'RU', NULL, '7207.12.10', '2028-09-30', '{}', NULL, 'review', '{147,148}'),
	(26, 'RF slab, quotas over', 'RU', NULL, '7207.12.10', '2028-10-01', '{}', NULL, 'prohibit', '{146,148}'),
	(27, 'RF forged slab 7207 12 90 (no quota)', 'RU', NULL, '7207.12.90', '2025-03-01', '{}', NULL, 'prohibit', '{111,147,148}'),
	(28, 'RF alloy semis 7224 90, 2025', 'RU', NULL, '7224.90', '2025-03-01', '{}', NULL, 'review', '{147,148}'),
	(29, 'RF alloy ingots 7224 10 (no quota)', 'RU', NULL, '7224.10', '2025-03-01', '{}', NULL, 'prohibit', '{111,147,148}'),
	(30, 'RF billet 7207 11, last quota day', 'RU', NULL, '7207.11', '2024-03-31', '{}', NULL, 'review', '{147,148}'),
	(31, 'RF billet, banned', 'RU', NULL, '7207.11', '2024-04-01', '{}', NULL, 'prohibit', '{145,147,148}'),
	(32, 'RF semis declared at heading level', 'RU', NULL, '7207', '2025-03-01', '{}', NULL, 'review', '{147,148}'),
	(33, 'RF semis 7207 19, 2023', 'RU', NULL, '7207.19', '2023-06-01', '{}', NULL, 'prohibit', '{111,147}'),
	(34, 'RF semis 7207 19, day before the quota rule', 'RU', NULL, '7207.19', '2022-12-31', '{}', NULL, 'review', '{110}'),
	-- evidence of the inputs' origin (148), any origin
	(40, 'Turkish plate, day before', 'TR', NULL, '7208.51', '2023-09-29', '{}', NULL, 'allow', '{}'),
	(41, 'Turkish plate, evidence due', 'TR', NULL, '7208.51', '2023-09-30', '{}', NULL, 'review', '{148}'),
	(42, 'Turkish plate, inputs shown', 'TR', NULL, '7208.51', '2023-09-30', '{steel-inputs-origin-shown}', NULL, 'allow', '{}'),
	(43, 'Swiss plate, partner code before 19 Dec 2023', 'CH', NULL, '7208.51', '2023-12-18', '{steel-annex-xxxvi-partner}', NULL, 'review', '{148}'),
	(44, 'Swiss plate, Annex XXXVI partner', 'CH', NULL, '7208.51', '2023-12-19', '{steel-annex-xxxvi-partner}', NULL, 'allow', '{}'),
	(45, 'Turkish plate of RF steel, inputs shown', 'TR', NULL, '7208.51', '2024-06-01', '{steel-inputs-origin-shown}', 'cast:RU > processed:TR', 'prohibit', '{113}'),
	(46, 'Turkish plate of RF billet, input code', 'TR', NULL, '7208.51', '2024-03-31', '{ru-steel-inputs-7207.11-7207.12.10-7224.90}', 'cast:RU > processed:TR', 'allow', '{}'),
	(47, 'Turkish plate of RF slab, input code, 2028', 'TR', NULL, '7208.51', '2028-09-30', '{ru-steel-inputs-7207.12.10-7224.90}', 'cast:RU > processed:TR', 'allow', '{}'),
	(48, 'Turkish plate, inputs are RF pig iron', 'TR', NULL, '7208.51', '2030-01-01', '{ru-steel-inputs-7201-7204}', 'smelted:RU > processed:TR', 'allow', '{}'),
	(49, 'Turkish articles of ch. 73', 'TR', NULL, '7318.15', '2024-06-01', '{}', NULL, 'review', '{148}'),
	(50, 'Turkish iron powder 7205 (not Annex XVII)', 'TR', NULL, '7205.10', '2024-06-01', '{}', NULL, 'allow', '{}'),
	-- RF primary aluminium (118, 149)
	(60, 'RF aluminium, day before', 'RU', NULL, '7601.10', '2025-02-23', '{}', NULL, 'allow', '{}'),
	(61, 'RF aluminium, quota period', 'RU', NULL, '7601.10', '2025-02-24', '{}', NULL, 'review', '{118}'),
	(62, 'RF aluminium, last day of review', 'RU', NULL, '7601.10', '2026-12-31', '{}', NULL, 'review', '{118}'),
	(63, 'RF aluminium, banned', 'RU', NULL, '7601.20', '2027-01-01', '{}', NULL, 'prohibit', '{149}'),
	(64, 'RF aluminium scrap 7602 (not 7601)', 'RU', NULL, '7602.00', '2027-01-01', '{}', NULL, 'allow', '{}'),
	-- RF gold (125, 127, 137, 141): exported before 22 Jul 2022
	(70, 'RF gold scrap', 'RU', NULL, '7112.91', '2023-06-01', '{}', NULL, 'prohibit', '{125,127,137,141}'),
	(71, 'RF gold scrap, exported before 22 Jul 2022', 'RU', NULL, '7112.91', '2023-06-01', '{outside-ru-before-2022-07-22}', NULL, 'allow', '{}'),
	(72, 'RF-refined gold exported by the UAE', 'AE', NULL, '7112.91', '2023-06-01', '{}', 'mined:RU > refined:RU > exported:AE', 'prohibit', '{141}'),
	(73, 'the same, left RF before 22 Jul 2022', 'AE', NULL, '7112.91', '2023-06-01', '{outside-ru-before-2022-07-22}', 'mined:RU > refined:RU > exported:AE', 'allow', '{}'),
	(74, 'KZ gold exported from RF, left before 22 Jul 2022', 'KZ', NULL, '7112.91', '2023-06-01', '{outside-ru-before-2022-07-22}', 'mined:KZ > refined:KZ > exported:RU', 'allow', '{}'),
	-- exported from RF (127): Art 3o needs Russian origin and export from Russia, so
	-- gold of another origin only exported through RF is review, RF gold prohibit
	(82, 'KZ gold exported from RF, 22 Jul 2022', 'KZ', NULL, '7108.12', '2022-07-22', '{}', 'mined:KZ > refined:KZ > exported:RU', 'review', '{127,137,500}'),
	(83, 'RF gold exported from RF, declared Kazakh', 'KZ', NULL, '7108.12', '2022-07-22', '{}', 'refined:RU > exported:RU', 'prohibit', '{127,137,141,500}'),
	-- goldsmiths' wares and other gold articles (158-160)
	(75, 'RF goldsmiths'' wares, day before', 'RU', NULL, '7114.19', '2022-07-20', '{}', NULL, 'allow', '{}'),
	(76, 'RF goldsmiths'' wares', 'RU', NULL, '7114.19', '2022-07-21', '{}', NULL, 'review', '{158,159,160}'),
	(77, 'RF silversmiths'' wares 7114 11', 'RU', NULL, '7114.11', '2023-06-01', '{}', NULL, 'allow', '{}'),
	(78, 'RF gold articles 7115 90', 'RU', NULL, '7115.90', '2023-06-01', '{}', NULL, 'review', '{158,159,160}'),
	(79, 'RF platinum catalyst 7115 10', 'RU', NULL, '7115.10', '2023-06-01', '{}', NULL, 'allow', '{}'),
	(80, 'RF-refined gold made into wares in Dubai', 'AE', NULL, '7114.19', '2023-06-01', '{}', 'refined:RU > exported:RU > manufactured:AE', 'allow', '{}'),
	(81, 'gold wares made in RF, exported by the UAE', 'AE', NULL, '7114.19', '2023-06-01', '{}', 'manufactured:RU > exported:AE', 'review', '{160}'),
	-- RF diamonds (130, 134, 135, 142) and the rest of Annex XXXVIIIA (154-157)
	(90, 'RF synthetic diamond, day before', 'RU', NULL, '7104.21', '2023-12-31', '{}', NULL, 'allow', '{}'),
	(91, 'RF synthetic diamond', 'RU', NULL, '7104.21', '2024-01-01', '{}', NULL, 'prohibit', '{130,134,135,136,142,154,155,156,157}'),
	(92, 'RF synthetic ruby 7104 29 (not diamond)', 'RU', NULL, '7104.29', '2024-06-01', '{}', NULL, 'review', '{136,154,155,156,157}'),
	(93, 'RF synthetic stones at heading level', 'RU', NULL, '7104', '2024-06-01', '{}', NULL, 'review', '{136,154,155,156,157}'),
	(94, 'RF diamond powder 7105 10', 'RU', NULL, '7105.10', '2024-06-01', '{}', NULL, 'review', '{154,155,156,157}'),
	(95, 'RF other abrasive powder 7105 90', 'RU', NULL, '7105.90', '2024-06-01', '{}', NULL, 'allow', '{}'),
	(96, 'RF articles of precious stones 7116 20', 'RU', NULL, '7116.20', '2024-06-01', '{}', NULL, 'review', '{154,155,156,157}'),
	(97, 'RF articles of pearls 7116 10', 'RU', NULL, '7116.10', '2024-06-01', '{}', NULL, 'allow', '{}'),
	(98, 'Botswana jewellery through RF', 'BW', NULL, '7113.19', '2024-06-01', '{}', 'manufactured:BW > transit:RU', 'prohibit', '{136,163}'),
	(99, 'the same, no diamond in it', 'BW', NULL, '7113.19', '2024-06-01', '{no-diamonds}', 'manufactured:BW > transit:RU', 'review', '{136}'),
	(100, 'RF natural diamonds: no-diamonds lifts no diamond rule', 'RU', NULL, '7102.39', '2024-06-01', '{no-diamonds}', NULL, 'prohibit', '{130,134,135,136,142,154,155,156,157}'),
	(101, 'RF diamond powder exported by the UAE after RF cutting', 'AE', NULL, '7105.10', '2024-06-01', '{}', 'processed:RU > exported:AE', 'review', '{156,157}'),
	(102, 'RF jewellery, day before', 'RU', NULL, '7113.19', '2023-12-31', '{}', NULL, 'prohibit', '{125,127,137,141}'),
	(103, 'RF jewellery', 'RU', NULL, '7113.19', '2024-01-01', '{}', NULL, 'prohibit', '{125,127,136,137,141,161,162,163,164}'),
	(104, 'RF jewellery without diamonds: gold rules stay', 'RU', NULL, '7113.19', '2024-06-01', '{no-diamonds}', NULL, 'prohibit', '{125,127,136,137,141}'),
	-- industrial diamonds and 7102 at heading level: review (154-157), the
	-- non-industrial and unsorted ones prohibited (130, 134, 135, 142)
	(105, 'RF industrial diamonds 7102 21, day before', 'RU', NULL, '7102.21', '2023-12-31', '{}', NULL, 'allow', '{}'),
	(106, 'RF industrial diamonds 7102 21', 'RU', NULL, '7102.21', '2024-01-01', '{}', NULL, 'review', '{136,154,155,156,157}'),
	(107, 'RF diamonds declared at heading level', 'RU', NULL, '7102', '2024-06-01', '{}', NULL, 'review', '{136,154,155,156,157}'),
	(108, 'RF unsorted diamonds 7102 10', 'RU', NULL, '7102.10', '2024-01-01', '{}', NULL, 'prohibit', '{130,134,135,136,142,154,155,156,157}'),
	(109, 'Botswana industrial diamonds through RF', 'BW', NULL, '7102.29', '2024-06-01', '{}', 'mined:BW > transit:RU', 'review', '{136,156}'),
	-- processed abroad (132, 133): jewellery of Part C is not yet banned (Art 3p(4),
	-- second subparagraph): review; cut stones of 0.5 ct or more are
	(86, 'ring set in Belgium with RF stones, 31 Aug 2024', 'BE', NULL, '7113.19', '2024-08-31', '{}', 'mined:RU > processed:IN > manufactured:BE', 'review', '{129}'),
	(87, 'ring set in Belgium with RF stones, 1 Sep 2024', 'BE', NULL, '7113.19', '2024-09-01', '{}', 'mined:RU > processed:IN > manufactured:BE', 'review', '{129,133}'),
	(88, 'same, every stone below 0.5 ct', 'BE', NULL, '7113.19', '2024-09-01', '{diamond-below-0.5ct}', 'mined:RU > processed:IN > manufactured:BE', 'review', '{129}'),
	(89, 'RF rough cut in India, 0.7 ct, 1 Sep 2024', 'IN', NULL, '7102.39', '2024-09-01', '{diamond-below-1.0ct}', 'mined:RU > processed:IN', 'prohibit', '{132}'),
	-- Reg (EU) 2017/821 (500): every origin
	(110, 'Indonesian tin, before importer duties', 'ID', NULL, '8001.10', '2020-12-31', '{}', NULL, 'allow', '{}'),
	(111, 'Indonesian tin', 'ID', NULL, '8001.10', '2021-01-01', '{}', NULL, 'review', '{500}'),
	(112, 'Chinese tungstate 2841 80', 'CN', NULL, '2841.80', '2023-06-01', '{}', NULL, 'review', '{500}'),
	(113, 'Chinese molybdate 2841 70 (not Annex I)', 'CN', NULL, '2841.70', '2023-06-01', '{}', NULL, 'allow', '{}'),
	(114, 'Australian coltan via Rwanda', 'RW', NULL, '2615.90', '2024-06-01', '{}', 'mined:AU > exported:RW', 'review', '{500}'),
	(115, 'Swiss refined gold', 'CH', NULL, '7108.12', '2023-06-01', '{}', NULL, 'review', '{500}'),
	-- Western Sahara (511-514)
	(120, 'Western Sahara', 'EH', NULL, '2510.10', '2023-06-01', '{}', NULL, 'review', '{511}'),
	(121, 'Bou Craa phosphate', NULL, 'Bou Craa', '2510.10', '2023-06-01', '{}', NULL, 'review', '{511}'),
	(122, 'Dakhla', NULL, 'Dakhla', '0302.89', '2026-01-01', '{}', NULL, 'review', '{511}'),
	(123, 'Morocco alone', 'MA', NULL, '2510.10', '2023-06-01', '{}', NULL, 'allow', '{}'),
	(124, 'MA-10 Guelmim-Oued Noun', 'MA-10', NULL, '2510.10', '2023-06-01', '{}', NULL, 'review', '{512}'),
	(125, 'MA-11 Laayoune-Sakia El Hamra', 'MA-11', NULL, '2510.10', '2023-06-01', '{}', NULL, 'review', '{513}'),
	(126, 'MA-12 Dakhla-Oued Ed-Dahab', 'MA-12', NULL, '2510.10', '2023-06-01', '{}', NULL, 'review', '{514}'),
	(127, 'MA-09 Souss-Massa (not Western Sahara)', 'MA-09', NULL, '2510.10', '2023-06-01', '{}', NULL, 'allow', '{}'),
	(128, 'Moroccan phosphate mined in Western Sahara', 'MA', NULL, '3103.11', '2023-06-01', '{}', 'mined:EH > processed:MA', 'allow', '{}'),
	-- northern Cyprus (515)
	(130, 'Northern Cyprus', NULL, 'Northern Cyprus', '0805.10', '2023-06-01', '{}', NULL, 'review', '{515}'),
	(131, 'Kyrenia, day before 20 Jul 1974', NULL, 'Kyrenia', '0805.10', '1974-07-19', '{}', NULL, 'allow', '{}'),
	(132, 'Kyrenia', NULL, 'Kyrenia', '0805.10', '1974-07-20', '{}', NULL, 'review', '{515}'),
	(133, 'CY-04 alone (contested)', 'CY-04', NULL, '0805.10', '2023-06-01', '{}', NULL, 'review', '{515}'),
	(134, 'CY-02 Limassol (government-held)', 'CY-02', NULL, '0805.10', '2023-06-01', '{}', NULL, 'allow', '{}'),
	(135, 'Cyprus alone (contested)', 'CY', NULL, '0805.10', '2023-06-01', '{}', NULL, 'review', '{515}');

CREATE TEMP TABLE verdicts AS
SELECT c.*, screen(o, c.hs, c.day, 'EU', c.evidence, c.chain::custody) AS actual,
       (SELECT coalesce(array_agg(DISTINCT e.rule_id ORDER BY e.rule_id), '{}')
        FROM explain(o, c.hs, c.day, 'EU', c.evidence, c.chain::custody) e WHERE e.action <> 'allow') AS rules
FROM cases c, LATERAL (SELECT tag_origin(c.terr, c.place, c.day)) t(o);
SELECT n, what, hs, day, evidence, actual, rules, actual = expected AND rules = expected_rules AS ok
FROM verdicts ORDER BY n;
SELECT n, expected, actual, expected_rules, rules AS wrong FROM verdicts
WHERE actual IS DISTINCT FROM expected OR rules IS DISTINCT FROM expected_rules ORDER BY n;

------------------------------------------------------------------------------
-- explain() for a few: what a user reads.
------------------------------------------------------------------------------
CREATE FUNCTION pg_temp.show(terr territory, place text, hs hscode, d date, ev text[], chain text)
RETURNS TABLE (rule_id int, action verdict, hop int, citation text, why text) LANGUAGE sql STABLE AS $$
	SELECT e.rule_id, e.action, e.hop, e.citation, split_part(e.why, ' Note:', 1)
	FROM explain(tag_origin(terr, place, d), hs, d, 'EU', ev, chain::custody) e
	ORDER BY e.rule_id
$$;
-- RF slab in the quota period (the audit's screen: was prohibit)
SELECT * FROM pg_temp.show('RU', NULL, '7207.12.10', '2025-03-01', '{}', NULL);
-- Crimea, contract without the notification: the prohibition lifted, the floor stays
SELECT * FROM pg_temp.show(NULL, 'Simferopol', '2805.30', '2014-06-25', '{contract-before-2014-06-25}', NULL);
-- RF gold exported before the ban
SELECT * FROM pg_temp.show('RU', NULL, '7112.91', '2023-06-01', '{outside-ru-before-2022-07-22}', NULL);
-- jewellery set abroad with RF stones: rule 133 (review), not 132
SELECT * FROM pg_temp.show('BE', NULL, '7113.19', '2024-09-01', '{}', 'mined:RU > processed:IN > manufactured:BE');
-- Kazakh gold exported from RF: review (127), not prohibit
SELECT * FROM pg_temp.show('KZ', NULL, '7108.12', '2022-07-22', '{}', 'mined:KZ > refined:KZ > exported:RU');
-- jewellery without diamonds through RF
SELECT * FROM pg_temp.show('BW', NULL, '7113.19', '2024-06-01', '{no-diamonds}', 'manufactured:BW > transit:RU');
-- Indonesian tin (the audit's screen: was allow)
SELECT * FROM pg_temp.show('ID', NULL, '8001.10', '2023-06-01', '{}', NULL);
-- Laayoune and northern Cyprus
SELECT * FROM pg_temp.show(NULL, 'Laayoune', '2510.10', '2023-06-01', '{}', NULL);
SELECT * FROM pg_temp.show(NULL, 'Famagusta', '0805.10', '2023-06-01', '{}', NULL);
