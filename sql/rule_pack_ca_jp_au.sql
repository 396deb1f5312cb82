--
-- The shipped rules of Canada, Japan and Australia and the AFC/M23 rules,
-- as corrected against the instruments (issue 15): every changed or added
-- rule with a shipment on each side of each of its changed dates and scope
-- boundaries, the verdict screen() gives, the rules explain() lists, and the
-- exceptions lifting or not with their evidence codes.
-- Shipped places used: Crimean Titan (UA-43), Sevastopol (UA-40), Donetsk
-- and Luhansk cities (held by the DNR/LNR, then RF), Kramatorsk (held by the
-- Government of Ukraine since 5 Jul 2014), Melitopol (occupied Zaporizhzhia),
-- Rubaya (CD-NK, held by M23 from 30 Apr 2024).
--
SET search_path = embargo, public;
SET datestyle = ISO;

-- The rules and exceptions of this part of the pack.
SELECT id, jurisdiction AS j, action, coalesce(territory::text, controller) AS scope, status,
       array_to_string(hs, ' ') AS hs, valid_from, valid_until, article
FROM rule WHERE shipped AND (id BETWEEN 300 AND 499 OR id BETWEEN 540 AND 559) ORDER BY id;
SELECT id, rule_id, evidence, valid_from, valid_until FROM rule_exception
WHERE shipped AND rule_id IN (SELECT id FROM rule WHERE id BETWEEN 300 AND 499 OR id BETWEEN 540 AND 559)
ORDER BY id;
-- each names its instrument (no key into the project's notes), and a rule
-- or exception resting on an unverified fact says so in its note
SELECT count(*) AS rules,
       count(*) FILTER (WHERE instrument !~ '[[:alpha:]]' OR citation !~ '[[:alpha:]]'
                        OR citation ~ '\[S[0-9]+\]' OR note ~ '\[S[0-9]+\]') AS uncited,
       count(*) FILTER (WHERE (citation || coalesce(article, '')) ~ '\[U\]' AND coalesce(note, '') !~ '\S') AS unexplained_u,
       count(*) FILTER (WHERE article IS NULL) AS without_article
FROM rule WHERE shipped AND (id BETWEEN 300 AND 499 OR id BETWEEN 540 AND 559);
-- a rule whose note starts with [U] only asks for review
SELECT id, action FROM rule
WHERE shipped AND (id BETWEEN 300 AND 499 OR id BETWEEN 540 AND 559) AND note ~ '^\[U\]' AND action <> 'review';

-- The declared origin of a case: a shipped place by name, else a territory.
CREATE FUNCTION pg_temp.o(t text, p text, d date) RETURNS origin LANGUAGE sql STABLE AS $$
	SELECT CASE WHEN p IS NULL THEN tag_origin(t::territory, NULL::integer, d)
	            ELSE tag_origin(NULL::territory, p, d) END
$$;
-- Whether a rule is of this part of the pack (the verdicts below are
-- screen()'s, from every rule; the lists name only these rules).
CREATE FUNCTION pg_temp.ours(id integer) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
	SELECT id BETWEEN 300 AND 499 OR id BETWEEN 540 AND 559
$$;
-- The rules of this part explain() lists: "id action", an exception's lift
-- as "id allow".
CREATE FUNCTION pg_temp.rules(o origin, h hscode, d date, j text, ev text[]) RETURNS text LANGUAGE sql STABLE AS $$
	SELECT coalesce(string_agg(e.rule_id || ' ' || e.action, ', ' ORDER BY e.rule_id), '-')
	FROM explain(o, h, d, j, ev) e WHERE pg_temp.ours(e.rule_id)
$$;
CREATE TEMP TABLE cases (n int, what text, j text, t text, p text, hs hscode, d date, ev text[]);
INSERT INTO cases VALUES
	-- CA Crimea (302, 303): s. 4.1, added by SOR/2015-179 (29 Jun 2015), reaches goods exported after that day
	(1,  'CA Crimea, before s. 4.1 existed',          'CA', NULL,    'Crimean Titan', '3206.11', '2014-06-01', '{}'),
	(2,  'CA Crimea, the day s. 4.1 came into force', 'CA', NULL,    'Crimean Titan', '3206.11', '2015-06-29', '{}'),
	(3,  'CA Crimea, the day after',                  'CA', NULL,    'Crimean Titan', '3206.11', '2015-06-30', '{}'),
	(4,  'CA Sevastopol, the day s. 4.1 came into force', 'CA', 'UA-40', NULL,        '2805.30', '2015-06-29', '{}'),
	(5,  'CA Sevastopol, the day after',              'CA', 'UA-40', NULL,           '2805.30', '2015-06-30', '{}'),
	-- CA DNR/LNR (304, 305), citation only: occupied vs government-held
	(6,  'CA Donetsk city, 23 Feb 2022',              'CA', NULL,    'Donetsk',       '2701.12', '2022-02-23', '{}'),
	(7,  'CA Donetsk city, 24 Feb 2022',              'CA', NULL,    'Donetsk',       '2701.12', '2022-02-24', '{}'),
	(8,  'CA Kramatorsk (government-held), 2023',     'CA', NULL,    'Kramatorsk',    '2701.12', '2023-06-01', '{}'),
	(9,  'CA Luhansk city, 24 Feb 2022',              'CA', NULL,    'Luhansk',       '2701.12', '2022-02-24', '{}'),
	-- CA steel and aluminium (310): Schedule 11 = ch. 72, 7301-7306, ch. 76, from 10 Mar 2023
	(10, 'CA RF hot-rolled steel, 9 Mar 2023',        'CA', 'RU',    NULL,           '7208.10', '2023-03-09', '{}'),
	(11, 'CA RF hot-rolled steel, 10 Mar 2023',       'CA', 'RU',    NULL,           '7208.10', '2023-03-10', '{}'),
	(12, 'CA RF welded tube 7306 (last in Sched. 11)','CA', 'RU',    NULL,           '7306.30', '2023-06-01', '{}'),
	(13, 'CA RF tube fittings 7307 (not in Sched. 11)','CA', 'RU',   NULL,           '7307.11', '2023-06-01', '{}'),
	(14, 'CA RF steel structures 7308',               'CA', 'RU',    NULL,           '7308.90', '2023-06-01', '{}'),
	(15, 'CA RF unwrought aluminium',                 'CA', 'RU',    NULL,           '7601.10', '2023-06-01', '{}'),
	(16, 'CA RF steel, contract before 10 Mar 2023',  'CA', 'RU',    NULL,           '7208.10', '2023-06-01', '{contract-before-2023-03-10}'),
	-- CA gold (315, 316, 317): first day unverified, Schedule 9 beyond 7108 unverified
	(17, 'CA RF gold 7108, 6 Jul 2022',               'CA', 'RU',    NULL,           '7108.12', '2022-07-06', '{}'),
	(18, 'CA RF gold 7108, 7 Jul 2022',               'CA', 'RU',    NULL,           '7108.12', '2022-07-07', '{}'),
	(19, 'CA RF gold 7108, 5 Aug 2022',               'CA', 'RU',    NULL,           '7108.12', '2022-08-05', '{}'),
	(20, 'CA RF gold 7108, 6 Aug 2022',               'CA', 'RU',    NULL,           '7108.12', '2022-08-06', '{}'),
	(21, 'CA RF gold jewellery, 6 Jul 2022',          'CA', 'RU',    NULL,           '7113.19', '2022-07-06', '{}'),
	(22, 'CA RF gold jewellery, 7 Jul 2022',          'CA', 'RU',    NULL,           '7113.19', '2022-07-07', '{}'),
	(23, 'CA RF goldsmiths'' wares, 2023',            'CA', 'RU',    NULL,           '7114.19', '2023-06-01', '{}'),
	(24, 'CA RF gold scrap, 2023',                    'CA', 'RU',    NULL,           '7112.91', '2023-06-01', '{}'),
	(25, 'CA RF gold coins, 2023',                    'CA', 'RU',    NULL,           '7118.90', '2023-06-01', '{}'),
	(26, 'CA RF silver 7106 (no gold rule), 2023',    'CA', 'RU',    NULL,           '7106.91', '2023-06-01', '{}'),
	-- JP Crimea (350, 351), citation only
	(27, 'JP Crimea, 4 Aug 2014',                     'JP', NULL,    'Crimean Titan', '3206.11', '2014-08-04', '{}'),
	(28, 'JP Crimea, 5 Aug 2014',                     'JP', NULL,    'Crimean Titan', '3206.11', '2014-08-05', '{}'),
	(29, 'JP Sevastopol, 5 Aug 2014',                 'JP', 'UA-40', NULL,           '2805.30', '2014-08-05', '{}'),
	-- JP DNR/LNR (352, 353 review; 361, 362 prohibit from 26 Feb 2022)
	(30, 'JP Donetsk city, 22 Feb 2022',              'JP', NULL,    'Donetsk',       '2701.12', '2022-02-22', '{}'),
	(31, 'JP Donetsk city, 23 Feb 2022',              'JP', NULL,    'Donetsk',       '2701.12', '2022-02-23', '{}'),
	(32, 'JP Donetsk city, 25 Feb 2022',              'JP', NULL,    'Donetsk',       '2701.12', '2022-02-25', '{}'),
	(33, 'JP Donetsk city, 26 Feb 2022',              'JP', NULL,    'Donetsk',       '2701.12', '2022-02-26', '{}'),
	(34, 'JP Luhansk city, 25 Feb 2022',              'JP', NULL,    'Luhansk',       '2701.12', '2022-02-25', '{}'),
	(35, 'JP Luhansk city, 26 Feb 2022',              'JP', NULL,    'Luhansk',       '2701.12', '2022-02-26', '{}'),
	(36, 'JP Donetsk oblast alone (contested), 2023', 'JP', 'UA-14', NULL,           '2701.12', '2023-06-01', '{}'),
	(37, 'JP Kramatorsk (government-held), 2023',     'JP', NULL,    'Kramatorsk',    '2701.12', '2023-06-01', '{}'),
	-- JP gold (360): review, now also scrap, jewellery and coins
	(38, 'JP RF gold 7108, 24 Jul 2022',              'JP', 'RU',    NULL,           '7108.12', '2022-07-24', '{}'),
	(39, 'JP RF gold 7108, 25 Jul 2022',              'JP', 'RU',    NULL,           '7108.12', '2022-07-25', '{}'),
	(40, 'JP RF gold scrap, 25 Jul 2022',             'JP', 'RU',    NULL,           '7112.91', '2022-07-25', '{}'),
	(41, 'JP RF gold jewellery, 2023',                'JP', 'RU',    NULL,           '7113.19', '2023-06-01', '{}'),
	(42, 'JP RF gold coins, 2023',                    'JP', 'RU',    NULL,           '7118.90', '2023-06-01', '{}'),
	(43, 'JP RF goldsmiths'' wares (not in 360), 2023','JP', 'RU',   NULL,           '7114.19', '2023-06-01', '{}'),
	-- AU Crimea (400, 401 review from 31 Mar 2015; 402, 403 prohibit from 28 Mar 2022)
	(44, 'AU Crimea, 30 Mar 2015',                    'AU', NULL,    'Crimean Titan', '3206.11', '2015-03-30', '{}'),
	(45, 'AU Crimea, 31 Mar 2015',                    'AU', NULL,    'Crimean Titan', '3206.11', '2015-03-31', '{}'),
	(46, 'AU Crimea, 27 Mar 2022',                    'AU', NULL,    'Crimean Titan', '3206.11', '2022-03-27', '{}'),
	(47, 'AU Crimea, 28 Mar 2022',                    'AU', NULL,    'Crimean Titan', '3206.11', '2022-03-28', '{}'),
	(48, 'AU Sevastopol, 30 Mar 2015',                'AU', 'UA-40', NULL,           '2805.30', '2015-03-30', '{}'),
	(49, 'AU Sevastopol, 31 Mar 2015',                'AU', 'UA-40', NULL,           '2805.30', '2015-03-31', '{}'),
	(50, 'AU Sevastopol, 27 Mar 2022',                'AU', 'UA-40', NULL,           '2805.30', '2022-03-27', '{}'),
	(51, 'AU Sevastopol, 28 Mar 2022',                'AU', 'UA-40', NULL,           '2805.30', '2022-03-28', '{}'),
	-- AU Donetsk/Luhansk (404, 405 prohibit on occupied areas; 416, 417 review on the rest)
	(52, 'AU Donetsk city, 27 Mar 2022',              'AU', NULL,    'Donetsk',       '2701.12', '2022-03-27', '{}'),
	(53, 'AU Donetsk city, 28 Mar 2022',              'AU', NULL,    'Donetsk',       '2701.12', '2022-03-28', '{}'),
	(54, 'AU Kramatorsk (government-held), 27 Mar 2022', 'AU', NULL, 'Kramatorsk',    '2701.12', '2022-03-27', '{}'),
	(55, 'AU Kramatorsk (government-held), 28 Mar 2022', 'AU', NULL, 'Kramatorsk',    '2701.12', '2022-03-28', '{}'),
	(56, 'AU Donetsk oblast alone (contested), 2023', 'AU', 'UA-14', NULL,           '2701.12', '2023-06-01', '{}'),
	(57, 'AU Luhansk city, 27 Mar 2022',              'AU', NULL,    'Luhansk',       '2701.12', '2022-03-27', '{}'),
	(58, 'AU Luhansk city, 28 Mar 2022',              'AU', NULL,    'Luhansk',       '2701.12', '2022-03-28', '{}'),
	(59, 'AU Luhansk oblast alone (contested), 2023', 'AU', 'UA-09', NULL,           '2701.12', '2023-06-01', '{}'),
	-- AU Kherson/Zaporizhzhia (406, 407), citation only
	(60, 'AU Melitopol (occupied), 2023',             'AU', NULL,    'Melitopol',     '2805.30', '2023-06-01', '{}'),
	-- AU chapter 27 (411 from 25 Apr 2022; 410 withdrawn)
	(61, 'AU RF coal, 24 Apr 2022',                   'AU', 'RU',    NULL,           '2701.12', '2022-04-24', '{}'),
	(62, 'AU RF coal, 25 Apr 2022',                   'AU', 'RU',    NULL,           '2701.12', '2022-04-25', '{}'),
	(63, 'AU RF LNG, 31 Dec 2022',                    'AU', 'RU',    NULL,           '2711.11', '2022-12-31', '{}'),
	-- AU gold (415 from 30 Sep 2022; exception 400: exported before that day)
	(64, 'AU RF gold, 29 Sep 2022',                   'AU', 'RU',    NULL,           '7108.12', '2022-09-29', '{}'),
	(65, 'AU RF gold, 30 Sep 2022',                   'AU', 'RU',    NULL,           '7108.12', '2022-09-30', '{}'),
	(66, 'AU RF gold exported before 30 Sep 2022',    'AU', 'RU',    NULL,           '7108.12', '2022-09-30', '{outside-ru-before-2022-09-30}'),
	(67, 'AU RF gold exported before 30 Sep 2022, 2024', 'AU', 'RU', NULL,           '7108.12', '2024-06-01', '{outside-ru-before-2022-09-30}'),
	(68, 'AU RF gold jewellery (not designated), 2023','AU', 'RU',   NULL,           '7113.19', '2023-06-01', '{}'),
	-- AFC/M23 (540-545), citations only: Rubaya coltan under each jurisdiction
	(69, 'Rubaya coltan, US',                         'US', NULL,    'Rubaya',        '2615.90', '2024-06-01', '{}'),
	(70, 'Rubaya coltan, EU',                         'EU', NULL,    'Rubaya',        '2615.90', '2024-06-01', '{}'),
	(71, 'Rubaya coltan, UK',                         'UK', NULL,    'Rubaya',        '2615.90', '2024-06-01', '{}'),
	(72, 'Rubaya coltan, CA',                         'CA', NULL,    'Rubaya',        '2615.90', '2024-06-01', '{}'),
	(73, 'Rubaya coltan, JP',                         'JP', NULL,    'Rubaya',        '2615.90', '2024-06-01', '{}'),
	(74, 'Rubaya coltan, AU',                         'AU', NULL,    'Rubaya',        '2615.90', '2024-06-01', '{}');
SELECT n, what, hs, d, array_to_string(ev, ' ') AS evidence,
       screen(pg_temp.o(t, p, d), hs, d, j, ev) AS verdict,
       pg_temp.rules(pg_temp.o(t, p, d), hs, d, j, ev) AS rules
FROM cases ORDER BY n;

-- The legal basis explain() gives for a few of them.
SELECT c.n, e.rule_id, e.action, e.instrument, e.article
FROM cases c, LATERAL explain(pg_temp.o(c.t, c.p, c.d), c.hs, c.d, c.j, c.ev) e
WHERE c.n IN (3, 12, 16, 18, 20, 33, 47, 55, 56, 62, 66, 69, 70, 71, 72, 73, 74) AND pg_temp.ours(e.rule_id)
ORDER BY c.n, e.rule_id;
-- and the citation and note of the exceptions lifting
SELECT c.n, e.rule_id, e.why
FROM cases c, LATERAL explain(pg_temp.o(c.t, c.p, c.d), c.hs, c.d, c.j, c.ev) e
WHERE c.n IN (16, 66) AND e.action = 'allow'
ORDER BY c.n, e.rule_id;
