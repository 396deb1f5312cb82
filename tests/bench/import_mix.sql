-- The mix of origins and goods the benchmark import rows are drawn from
-- (included with \ir by screen.sql and enforce.sql): mostly sovereign
-- producers, some occupied or contested Ukrainian and Congolese areas and
-- places, critical-mineral HS codes.

-- A deterministic pseudo-random integer in [0, m): draw number "salt" for
-- item k.  hashint8 is the same function on every platform.
CREATE FUNCTION pg_temp.h(k bigint, salt int, m int) RETURNS int
	LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT (hashint8(k * 256 + salt) & 2147483647) % m $$;

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
