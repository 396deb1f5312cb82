-- The mix of origins and goods the benchmark import rows are drawn from
-- (included with \ir by import_rows.sql and enforce.sql): mostly sovereign
-- producers, some occupied or contested Ukrainian and Congolese areas and
-- places, critical-mineral HS codes; and the rows' chains of custody.

-- A deterministic pseudo-random integer in [0, m): draw number "salt" for
-- item k.  hashint8 is the same function on every platform.
CREATE FUNCTION pg_temp.h(k bigint, salt int, m int) RETURNS int
	LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT (hashint8(k * 256 + salt) & 2147483647) % m $$;

-- The evidence presented with import row n, of origin territory t, into
-- jurisdiction j: now and then a Ukrainian certificate of origin (35% of
-- Ukrainian origins, 5% of others), to the EU and the UK, whose rules name
-- it (screen() refuses a code that no exception of the jurisdiction names).
CREATE FUNCTION pg_temp.evidence(n bigint, t territory, j text) RETURNS text[]
	LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
SELECT CASE WHEN j IN ('EU', 'UK')
             AND pg_temp.h(n, 5, 100) < CASE WHEN embargo.country(t) = 'UA' THEN 35 ELSE 5 END
            THEN '{ua-certificate-of-origin}' ELSE '{}' END::text[]
$$;

-- Import row n's draws: its origin and goods slots, shipment date
-- (2014-01-01 .. 2025-12-31) and importing jurisdiction (US, EU, UK, CA as
-- 7:7:3:3).  Every benchmark's rows are drawn here.
CREATE FUNCTION pg_temp.draws(rows int)
	RETURNS TABLE (n bigint, o_slot int, hs_slot int, day date, jurisdiction text)
	LANGUAGE sql IMMUTABLE AS
$$ SELECT n, pg_temp.h(n, 1, 100), pg_temp.h(n, 2, 100), '2014-01-01'::date + pg_temp.h(n, 3, 4383),
          CASE WHEN pg_temp.h(n, 4, 20) < 7 THEN 'US' WHEN pg_temp.h(n, 4, 20) < 14 THEN 'EU'
               WHEN pg_temp.h(n, 4, 20) < 17 THEN 'UK' ELSE 'CA' END
   FROM generate_series(1, rows::bigint) n $$;

-- Weighted choices: a value with weight w fills w of the 100 slots.
CREATE TEMP TABLE origin_slot AS
SELECT (row_number() OVER (ORDER BY ord, i) - 1)::int AS slot, territory::territory, place_id
FROM (VALUES
	( 1, 'CL',    NULL::int, 13), ( 2, 'AU-WA', NULL, 12), ( 3, 'CN',    NULL, 13),
	( 4, 'CN-XJ', NULL,  6),      ( 5, 'US',    NULL,  8), ( 6, 'CA',    NULL,  8),
	( 7, 'ZA',    NULL,  7),      ( 8, 'RU',    NULL,  7),
	( 9, 'UA-43', NULL,  4),                                      -- Crimea
	(10, 'UA-14', NULL,  3),      (11, 'UA-14', 1,     3),        -- Donetsk oblast; Donetsk
	(12, 'UA-23', NULL,  3),      (13, 'UA-23', 16,    3),        -- Zaporizhzhia oblast; Melitopol
	(14, 'UA-23', 15,    3),                                      -- Zaporizhzhia city
	(15, 'CD-NK', NULL,  3),      (16, 'CD-NK', 34,    4)         -- North Kivu; Rubaya
) m(ord, territory, place_id, weight), generate_series(1, weight) i;
CREATE TEMP TABLE hs_slot AS
SELECT (row_number() OVER (ORDER BY ord, i) - 1)::int AS slot, hs::hscode
FROM (VALUES
	( 1, '7601.10', 14), ( 2, '7403.11', 12), ( 3, '2701.12', 10), ( 4, '7208.10', 10),
	( 5, '7502.10',  8), ( 6, '2836.91',  6), ( 7, '2825.20',  5), ( 8, '2846.90',  5),
	( 9, '2614.00',  5), (10, '7108.12',  5), (11, '2805.30',  4), (12, '8108.20',  4),
	(13, '2615.90',  4), (14, '8103.20',  3), (15, '2504.10',  3), (16, '8105.20',  2)
) m(ord, hs, weight), generate_series(1, weight) i;
DO $$ BEGIN
	IF (SELECT count(*) FROM origin_slot) <> 100 OR (SELECT count(*) FROM hs_slot) <> 100 THEN
		RAISE EXCEPTION 'weights must add up to 100';
	END IF;
END $$;

------------------------------------------------------------------------------
-- Chains of custody.  Row n's chain has 1 to 5 hops (10, 25, 35, 15 and 15%
-- of rows: 3 on average) in the order goods take them, from the mine on:
--   mined
--   mined > concentrated | smelted | exported
--   mined > concentrated | smelted > refined | processed | exported
--   mined > concentrated > smelted | refined > processed | transit | exported
--   mined > concentrated > smelted > cast | refined | processed | manufactured
--         > transit | exported
-- The mine is at the row's origin (85%), or elsewhere in the origin mix.  A
-- later hop that transforms the goods is at the origin (45%), in a third
-- country (35%) or elsewhere in the origin mix (20%); goods pass in transit
-- through a third country; they are exported from where the hop before
-- left them (60%) or through a third country.  A hop at the origin or from
-- the mix names its place, where it has one, half the time.  40% of hops
-- are dated: hop i of h, 30 * (h - i + 1) days before the shipment and up to
-- 29 days more, so that dates never go back along the chain.
------------------------------------------------------------------------------

-- Third countries: processing hubs, trading and transit hubs, Russia's
-- neighbours in the customs union and the Caucasus, the Congo's neighbours.
CREATE TEMP TABLE third_slot AS
SELECT (row_number() OVER (ORDER BY ord, i) - 1)::int AS slot, territory::territory
FROM (VALUES
	( 1, 'CN', 15), ( 2, 'TR', 10), ( 3, 'AE', 10), ( 4, 'IN', 10), ( 5, 'KZ',  8),
	( 6, 'MY',  6), ( 7, 'KR',  6), ( 8, 'RW',  6), ( 9, 'UG',  5), (10, 'AM',  4),
	(11, 'KG',  4), (12, 'GE',  4), (13, 'BY',  4), (14, 'VN',  4), (15, 'DE',  2),
	(16, 'NL',  2)
) m(ord, territory, weight), generate_series(1, weight) i;
DO $$ BEGIN
	IF (SELECT count(*) FROM third_slot) <> 100 THEN
		RAISE EXCEPTION 'weights must add up to 100';
	END IF;
END $$;

-- Hop "hop" of a chain of "hops" hops takes one of these roles (each as likely).
CREATE TEMP TABLE chain_step (hops int, hop int, roles hop_role[]);
INSERT INTO chain_step VALUES
	(1, 1, '{mined}'),
	(2, 1, '{mined}'), (2, 2, '{concentrated,smelted,exported}'),
	(3, 1, '{mined}'), (3, 2, '{concentrated,smelted}'), (3, 3, '{refined,processed,exported}'),
	(4, 1, '{mined}'), (4, 2, '{concentrated}'), (4, 3, '{smelted,refined}'),
	(4, 4, '{processed,transit,exported}'),
	(5, 1, '{mined}'), (5, 2, '{concentrated}'), (5, 3, '{smelted}'),
	(5, 4, '{cast,refined,processed,manufactured}'), (5, 5, '{transit,exported}');

-- The chain of custody of import row n, of origin o_terr (place o_place),
-- shipped on day.  A set-returning SQL function, so that the planner
-- inlines it: CROSS JOIN LATERAL pg_temp.custody(...).
CREATE FUNCTION pg_temp.custody(n bigint, o_terr territory, o_place int, day date)
	RETURNS TABLE (custody custody) LANGUAGE sql STABLE AS $$
SELECT string_agg(role || ':' || territory || coalesce('#' || place_id, '') || coalesce('@' || on_date, ''),
                  ' > ' ORDER BY i)::custody
FROM (SELECT i, role, on_date,
             CASE WHEN role = 'exported' AND pg_temp.h(n, 130 + i, 100) < 60
                  THEN lag(territory) OVER (ORDER BY i) ELSE territory END AS territory,
             CASE WHEN role <> 'exported' THEN place_id END AS place_id
      FROM (SELECT s.hop AS i, r.role,
                   CASE WHEN pg_temp.h(n, 100 + s.hop, 100) < 40
                        THEN day - (s.hops - s.hop + 1) * 30 - pg_temp.h(n, 110 + s.hop, 30) END AS on_date,
                   CASE w.site WHEN 'origin' THEN o_terr WHEN 'third' THEN t.territory ELSE m.territory END AS territory,
                   CASE WHEN pg_temp.h(n, 120 + s.hop, 100) < 50
                        THEN CASE w.site WHEN 'origin' THEN o_place WHEN 'mix' THEN m.place_id END END AS place_id
            FROM chain_step s
            CROSS JOIN LATERAL (SELECT s.roles[1 + pg_temp.h(n, 90 + s.hop, cardinality(s.roles))] AS role) r
            CROSS JOIN LATERAL (SELECT CASE WHEN s.hop = 1 THEN CASE WHEN x < 85 THEN 'origin' ELSE 'mix' END
                                            WHEN r.role IN ('transit', 'exported') THEN 'third'
                                            WHEN x < 45 THEN 'origin' WHEN x < 80 THEN 'third' ELSE 'mix' END AS site
                                FROM (SELECT pg_temp.h(n, 140 + s.hop, 100) AS x) x) w
            JOIN third_slot t ON t.slot = pg_temp.h(n, 150 + s.hop, 100)
            JOIN origin_slot m ON m.slot = pg_temp.h(n, 160 + s.hop, 100)
            WHERE s.hops = CASE WHEN pg_temp.h(n, 70, 100) < 10 THEN 1 WHEN pg_temp.h(n, 70, 100) < 35 THEN 2
                                WHEN pg_temp.h(n, 70, 100) < 70 THEN 3 WHEN pg_temp.h(n, 70, 100) < 85 THEN 4
                                ELSE 5 END) h) c
$$;
