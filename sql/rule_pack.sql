--
-- The shipped rule pack: every rule's date boundaries, the verdicts the
-- facts call for, and its data quality.
--
SET search_path = embargo, public;
SET datestyle = ISO;

-- Data quality: every rule cites an instrument a user can look up (not a key
-- into the project's own notes) and is enabled; ids are fixed.
SELECT count(*) AS rules, count(DISTINCT jurisdiction) AS jurisdictions, max(id) < 1000000 AS fixed_ids,
       count(*) FILTER (WHERE citation !~ '[[:alpha:]]' OR citation ~ '\[S[0-9]+\]') AS uncited,
       count(*) FILTER (WHERE NOT enabled) AS disabled
FROM rule WHERE shipped;
SELECT jurisdiction, action, count(*) FROM rule WHERE shipped GROUP BY 1, 2 ORDER BY 1, 2;
-- a rule resting on an uncertain fact says why in its note
SELECT id, jurisdiction, action FROM rule
WHERE shipped AND (citation || coalesce(note, '') || instrument || coalesce(article, '')) ~ '\[U\]'
  AND coalesce(note, '') !~ '\S' ORDER BY id;
SELECT count(*) AS exceptions, count(DISTINCT evidence) AS evidence_codes FROM rule_exception WHERE shipped;

-- An origin each rule applies to on a day: its place, a place in its
-- territory, the territory itself, or (for rules on a controller or status
-- only) any place or a few countries, whichever first satisfies its scope
-- (an occupied origin for a rule on occupied areas, else a contested one).
CREATE FUNCTION pg_temp.witness(r rule, d date) RETURNS origin LANGUAGE sql STABLE AS $$
	SELECT o FROM (
		SELECT tag_origin(NULL, p.id, d) AS o, 1 AS pri FROM place p WHERE p.id = r.place_id
		UNION ALL
		SELECT tag_origin(NULL, p.id, d), 2 FROM place p WHERE p.territory <@ r.territory
		UNION ALL
		SELECT tag_origin(r.territory, NULL::int, d), 3 WHERE r.territory IS NOT NULL
		UNION ALL
		SELECT tag_origin(NULL, p.id, d), 4 FROM place p WHERE r.territory IS NULL AND r.place_id IS NULL
		UNION ALL
		SELECT tag_origin(c::territory, NULL::int, d), 5 FROM unnest('{RU,CD,CN-XJ,RW,UG,CL}'::text[]) c
		WHERE r.territory IS NULL AND r.place_id IS NULL) s
	WHERE (r.territory IS NULL OR territory(o) <@ r.territory)
	  AND (r.place_id IS NULL OR place(o) = r.place_id)
	  AND (r.controller IS NULL OR controller(o) = r.controller
	       OR EXISTS (SELECT 1 FROM authority a WHERE a.code = controller(o) AND a.backed_by::text = r.controller))
	  AND (r.status IS NULL OR status(o) = r.status
	       OR (r.status = 'occupied' AND status(o) = 'contested'))
	ORDER BY r.status IS NOT NULL AND status(o) <> r.status, pri LIMIT 1
$$;
-- Goods each rule covers: its first HS prefix (a prefix is under itself).
CREATE FUNCTION pg_temp.goods(r rule) RETURNS hscode LANGUAGE sql IMMUTABLE AS $$
	SELECT coalesce(r.hs[1], '2805.30')
$$;
CREATE FUNCTION pg_temp.applies(r rule, o origin, d date) RETURNS boolean LANGUAGE sql STABLE AS $$
	SELECT EXISTS (SELECT 1 FROM explain(tag_origin(territory(o), place(o), d), pg_temp.goods(r), d, r.jurisdiction)
	               WHERE rule_id = r.id)
$$;

-- Every date boundary of every rule: the day before, of and after.  A rule
-- applies from valid_from on and no longer from valid_until on.  Screened
-- without a chain, so not the rules about inputs processed further
-- (hop_select 'earlier'), which never apply without one: custody_pack
-- checks those with chains; nor those about the facility a hop names
-- (conflict_minerals checks them).
CREATE TEMP TABLE boundary AS
SELECT r.id, r.jurisdiction, b.kind, b.day, pg_temp.witness(r, b.inside) AS o, r
FROM rule r,
     LATERAL (VALUES ('from', r.valid_from, r.valid_from), ('until', r.valid_until, r.valid_until - 1)) b(kind, day, inside)
WHERE r.shipped AND b.day IS NOT NULL AND r.hop_select IS DISTINCT FROM 'earlier'
  AND r.smelter_conformant IS NULL;
SELECT count(*) AS boundaries FROM boundary;
-- Boundaries no origin can witness: the US rules on occupied Zaporizhzhia
-- and Kherson (E.O. 14065) start on 21 Feb 2022, before anything there was
-- held by anyone else (24 Feb).
SELECT id, jurisdiction, kind, day, (r).territory, (r).status FROM boundary WHERE o IS NULL ORDER BY id;
SELECT id, jurisdiction, kind, day,
       pg_temp.applies(r, o, day - 1) AS day_before, pg_temp.applies(r, o, day) AS day_of,
       pg_temp.applies(r, o, day + 1) AS day_after
FROM boundary WHERE o IS NOT NULL ORDER BY id, kind;
-- The rule applies on exactly the days inside [valid_from, valid_until)
-- ("from" reads f t t, "until" t f f, and a one-day rule f t f).
CREATE FUNCTION pg_temp.in_force(r rule, d date) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
	SELECT (r.valid_from IS NULL OR d >= r.valid_from) AND (r.valid_until IS NULL OR d < r.valid_until)
$$;
SELECT id, kind AS wrong_boundary FROM boundary, generate_series(-1, 1) shift
WHERE o IS NOT NULL AND pg_temp.applies(r, o, day + shift) <> pg_temp.in_force(r, day + shift)
ORDER BY id, kind;

-- What the facts call for, by jurisdiction and date.
SELECT what, j, screen(o, hs, d, j) AS verdict, screen(o, hs, d, j, ev) AS with_evidence, ev
FROM (VALUES
	('Crimean titanium dioxide', tag_origin(NULL, 'Crimean Titan', '2023-06-01'), '3206.11'::hscode, '2023-06-01'::date, 'EU', '{ua-certificate-of-origin}'::text[]),
	('Crimean titanium dioxide', tag_origin(NULL, 'Crimean Titan', '2023-06-01'), '3206.11', '2023-06-01', 'US', '{}'),
	('Crimean titanium dioxide', tag_origin(NULL, 'Crimean Titan', '2023-06-01'), '3206.11', '2023-06-01', 'UK', '{ua-certificate-of-origin}'),
	('Crimean titanium dioxide', tag_origin(NULL, 'Crimean Titan', '2023-06-01'), '3206.11', '2023-06-01', 'CA', '{}'),
	('Crimean titanium dioxide', tag_origin(NULL, 'Crimean Titan', '2023-06-01'), '3206.11', '2023-06-01', 'JP', '{}'),
	('Crimean titanium dioxide', tag_origin(NULL, 'Crimean Titan', '2023-06-01'), '3206.11', '2023-06-01', 'AU', '{}'),
	('Melitopol REE, 2023', tag_origin(NULL, 'Melitopol', '2023-06-01'), '2805.30', '2023-06-01', 'EU', '{ua-certificate-of-origin}'),
	('Melitopol REE, 2023', tag_origin(NULL, 'Melitopol', '2023-06-01'), '2805.30', '2023-06-01', 'US', '{}'),
	('Melitopol REE, 2023', tag_origin(NULL, 'Melitopol', '2023-06-01'), '2805.30', '2023-06-01', 'UK', '{}'),
	('Zaporizhzhia oblast alone, 2023', tag_origin('UA-23', NULL::int, '2023-06-01'), '2805.30', '2023-06-01', 'EU', '{}'),
	('Zaporizhzhia city, 2023', tag_origin(NULL, 'Zaporizhzhia', '2023-06-01'), '8108.20', '2023-06-01', 'EU', '{}'),
	('Donetsk city coal, 2023', tag_origin(NULL, 'Donetsk', '2023-06-01'), '2701.12', '2023-06-01', 'US', '{}'),
	('Donetsk city, old contract, May 2022', tag_origin(NULL, 'Donetsk', '2022-05-01'), '7208.10', '2022-05-01', 'EU', '{contract-before-2022-02-23}'),
	('Russian copper cathode, 2024', tag_origin('RU', NULL::int, '2024-06-01'), '7403.11', '2024-06-01', 'UK', '{}'),
	('Russian copper cathode, 2024', tag_origin('RU', NULL::int, '2024-06-01'), '7403.11', '2024-06-01', 'EU', '{}'),
	('Russian copper cathode, 2024', tag_origin('RU', NULL::int, '2024-06-01'), '7403.11', '2024-06-01', 'US', '{metal-produced-before-2024-04-13}'),
	('Russian nickel, 2024', tag_origin('RU', NULL::int, '2024-06-01'), '7502.10', '2024-06-01', 'US', '{}'),
	('Russian gold, 2023', tag_origin('RU', NULL::int, '2023-06-01'), '7108.12', '2023-06-01', 'US', '{}'),
	('Russian gold, 2023', tag_origin('RU', NULL::int, '2023-06-01'), '7108.12', '2023-06-01', 'EU', '{}'),
	('Russian REE metal, 2024', tag_origin('RU', NULL::int, '2024-06-01'), '2805.30', '2024-06-01', 'EU', '{}'),
	('Rubaya coltan, 2024', tag_origin(NULL, 'Rubaya', '2024-06-01'), '2615.90', '2024-06-01', 'EU', '{}'),
	('Rubaya coltan, 2024', tag_origin(NULL, 'Rubaya', '2024-06-01'), '2615.90', '2024-06-01', 'US', '{}'),
	('Xinjiang polysilicon, 2023', tag_origin('CN-XJ', NULL::int, '2023-06-01'), '2804.61', '2023-06-01', 'US', '{uflpa-exception}'),
	('Chilean lithium carbonate, 2024', tag_origin('CL', NULL::int, '2024-06-01'), '2836.91', '2024-06-01', 'US', '{}'),
	('Chilean lithium carbonate, 2024', tag_origin('CL', NULL::int, '2024-06-01'), '2836.91', '2024-06-01', 'EU', '{}')
) v(what, o, hs, d, j, ev);
