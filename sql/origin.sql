--
-- embargo.origin: text form, checks, ordering, hashing, binary form and
-- accessors.  (Tagging itself is in the tagging test.)
--
SET search_path = embargo, public;

-- The text form is (territory,place,sovereign,controller,status,precision)
-- and round-trips; white space around parts is allowed.
SELECT o::origin, o::origin::text = o AS round_trips
FROM (VALUES ('(UA-23,16,UA,RU,occupied,place)'),
             ('(UA-23,,UA,RU,contested,subdivision)'),
             ('(UA,,UA,RU,contested,country)'),
             ('(UA-46,,UA,UA,sovereign,subdivision)'),
             ('(CD-NK,34,CD,M23,occupied,place)'),
             ('(CY-06,,CY,TRNC,occupied,subdivision)'),
             ('(GE,46,GE,RSO,occupied,place)'),
             ('(UA-43,,UA,RU,occupied,country)'),
             ('(FR,,FR,FR,sovereign,country)')) v(o);
SELECT ' ( ua-23 , 16 , ua , ru , occupied , place ) '::origin AS spaced_lower_case_codes,
       '(cd-nk,34,cd,m23,occupied,place)'::origin AS lower_case_authority;

-- Malformed or inconsistent input is refused with a detail saying why.
SELECT i AS input, regress_sqlstate_of(format('SELECT %L::embargo.origin', i)) AS sqlstate,
       regress_error_text(format('SELECT %L::embargo.origin', i)) AS error
FROM (VALUES (''), ('()'), ('UA-23,16,UA,RU,occupied,place'),
             ('(UA-23,16,UA,RU,occupied)'), ('(UA-23,16,UA,RU,occupied,place,x)'),
             ('(UA-99,,UA,RU,contested,subdivision)'), ('(XX,,XX,XX,sovereign,country)'),
             ('(UA-23,0,UA,RU,occupied,place)'), ('(UA-23,-4,UA,RU,occupied,place)'),
             ('(UA-23,1x,UA,RU,occupied,place)'), ('(UA-23,99999999999,UA,RU,occupied,place)'),
             ('(UA-23,16,RU,RU,occupied,place)'), ('(UA-23,16,UA-23,RU,occupied,place)'),
             ('(UA-23,16,UA,r u,occupied,place)'), ('(UA-23,16,UA,RU-MOW,occupied,place)'),
             ('(UA-23,16,UA,M,occupied,place)'), ('(UA-23,16,UA,TOOLONG,occupied,place)'),
             ('(UA-23,16,UA,1AB,occupied,place)'), ('(UA-23,16,UA,XX,occupied,place)'),
             ('(UA-23,16,UA,RU,occupado,place)'), ('(UA-23,16,UA,RU,occupied,street)'),
             ('(UA-23,16,UA,UA,occupied,place)'), ('(UA-23,16,UA,RU,sovereign,place)'),
             ('(UA-23,16,UA,UA,contested,place)'), ('(UA-23,,UA,RU,occupied,place)'),
             ('(UA,,UA,RU,contested,subdivision)')) v(i);

-- Input must not crash on hostile text.
SELECT regress_sqlstate_of(format('SELECT %L::embargo.origin', i)) AS sqlstate, count(*)
FROM (SELECT repeat('(', n) || repeat(',', n) || repeat(')', n) AS i FROM generate_series(0, 40) n
      UNION ALL SELECT '(' || repeat('UA-23,', 1000) || ')') s
GROUP BY 1;

-- Accessors.
SELECT territory(o), place(o), sovereign(o), controller(o), status(o), decided_at(o), is_occupied(o)
FROM (VALUES ('(UA-23,16,UA,RU,occupied,place)'::origin),
             ('(UA-23,,UA,RU,contested,subdivision)'),
             ('(CD-NK,34,CD,M23,occupied,place)'),
             ('(FR,,FR,FR,sovereign,country)')) v(o);
SELECT territory(NULL::origin) IS NULL AND controller(NULL::origin) IS NULL AS strict;

-- The accessor named like the type does not get in the way of casts.
SELECT territory('UA-43') AS cast_still_works;

-- Ordering: territory first, then place, controller, status, precision.
CREATE TEMP TABLE o (v origin);
INSERT INTO o VALUES ('(UA-23,16,UA,RU,occupied,place)'), ('(UA-23,,UA,RU,contested,subdivision)'),
	('(UA-14,1,UA,RU,occupied,place)'), ('(UA-14,1,UA,DNR,occupied,place)'),
	('(UA-23,16,UA,RU,occupied,subdivision)'), ('(UA,,UA,RU,contested,country)'),
	('(AD,,AD,AD,sovereign,country)'), ('(UA-23,16,UA,RU,occupied,place)'), (NULL);
SELECT v FROM o ORDER BY v;
SELECT count(DISTINCT v) AS distinct_values FROM o;
SELECT a.v AS a, b.v AS b, a.v < b.v AS lt, a.v <= b.v AS le, a.v = b.v AS eq,
       a.v <> b.v AS ne, a.v >= b.v AS ge, a.v > b.v AS gt
FROM (VALUES ('(UA-23,16,UA,RU,occupied,place)'::origin)) a(v),
     (VALUES ('(UA-23,16,UA,RU,occupied,place)'::origin), ('(UA-23,16,UA,RU,occupied,subdivision)'),
             ('(UA-23,17,UA,RU,occupied,place)'), ('(UA-14,16,UA,RU,occupied,place)')) b(v);

-- Hash joins and hash aggregates agree with sorting.
SET enable_sort = off;
SELECT v, count(*) FROM o GROUP BY v ORDER BY v;
RESET enable_sort;
SET enable_mergejoin = off;
SET enable_nestloop = off;
EXPLAIN (COSTS OFF) SELECT count(*) FROM o a JOIN o b USING (v);
SELECT count(*) FROM o a JOIN o b USING (v);
RESET enable_mergejoin;
RESET enable_nestloop;
SELECT origin_hash('(UA-23,16,UA,RU,occupied,place)') = origin_hash('( UA-23 ,16,UA,RU,occupied,place)') AS same_hash,
       origin_hash_extended('(UA-23,16,UA,RU,occupied,place)', 0) = origin_hash_extended('(UA-23,16,UA,RU,occupied,place)', 1) AS seed_matters;

-- A btree index answers equality and ranges.
CREATE TEMP TABLE oi AS SELECT format('(UA-%s,%s,UA,RU,occupied,place)', lpad((n % 3 * 9 + 14)::text, 2, '0'), n)::origin AS v
FROM generate_series(1, 2000) n;
CREATE INDEX ON oi (v);
ANALYZE oi;
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT * FROM oi WHERE v = '(UA-23,16,UA,RU,occupied,place)';
SELECT count(*) FROM oi WHERE v = '(UA-23,1000,UA,RU,occupied,place)';
SELECT count(*) FROM oi WHERE v >= '(UA-23,,UA,UA,sovereign,subdivision)' AND v < '(UA-32,,UA,UA,sovereign,subdivision)';
RESET enable_seqscan;

-- Binary COPY round-trips; recv checks what input checks.
DO $$ BEGIN
	EXECUTE format('COPY (SELECT v FROM o WHERE v IS NOT NULL ORDER BY v) TO %L WITH (FORMAT binary)',
	               current_setting('data_directory') || '/embargo_origin.bin');
END $$;
CREATE TEMP TABLE o2 (v origin);
COPY o2 FROM 'embargo_origin.bin' WITH (FORMAT binary);
SELECT (SELECT array_agg(v ORDER BY v) FROM o2) = (SELECT array_agg(v ORDER BY v) FROM o WHERE v IS NOT NULL) AS binary_round_trip;
-- version byte, territory, place, controller, status, precision
CREATE FUNCTION pg_temp.origin_bytes(version int, territory int, place int, controller int, status int, prec int)
RETURNS bytea LANGUAGE sql AS $$
	SELECT set_byte('\x00'::bytea, 0, version) || int4send(territory) || int4send(place)
	       || int4send(controller) || set_byte('\x00'::bytea, 0, status) || set_byte('\x00'::bytea, 0, prec)
$$;
-- the int4 encodings of UA-23, RU and UA, as territory_send gives them
SELECT (get_byte(territory_send('UA-23'), 0) << 24) | (get_byte(territory_send('UA-23'), 1) << 16)
       | (get_byte(territory_send('UA-23'), 2) << 8) | get_byte(territory_send('UA-23'), 3) AS ua23 \gset
SELECT (get_byte(territory_send('RU'), 0) << 24) | (get_byte(territory_send('RU'), 1) << 16) AS ru \gset
SELECT (get_byte(territory_send('UA'), 0) << 24) | (get_byte(territory_send('UA'), 1) << 16) AS ua \gset
CREATE FUNCTION pg_temp.copy_origin(bytes bytea) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
	PERFORM lo_from_bytea(424202, regress_binary_copy_file(bytes));
	PERFORM lo_export(424202, 'embargo_origin_bad.bin');
	PERFORM lo_unlink(424202);
	TRUNCATE o2;
	COPY o2 FROM 'embargo_origin_bad.bin' WITH (FORMAT binary);
	RETURN (SELECT v::text FROM o2);
EXCEPTION WHEN OTHERS THEN
	PERFORM lo_unlink(oid) FROM pg_largeobject_metadata WHERE oid = 424202;
	RETURN SQLSTATE || ' ' || SQLERRM;
END $$;
SELECT what, pg_temp.copy_origin(b) AS result FROM (VALUES
	('good', pg_temp.origin_bytes(1, :ua23, 16, :ru, 1, 2)),
	('version 2', pg_temp.origin_bytes(2, :ua23, 16, :ru, 1, 2)),
	('unknown territory', pg_temp.origin_bytes(1, :ua23 + 1, 16, :ru, 1, 2)),
	('negative place', pg_temp.origin_bytes(1, :ua23, -16, :ru, 1, 2)),
	('controller is a subdivision', pg_temp.origin_bytes(1, :ua23, 16, :ua23, 1, 2)),
	('controller zero', pg_temp.origin_bytes(1, :ua23, 16, 0, 1, 2)),
	('occupied by its sovereign', pg_temp.origin_bytes(1, :ua23, 16, :ua, 1, 2)),
	('status 3', pg_temp.origin_bytes(1, :ua23, 16, :ru, 3, 2)),
	('precision 3', pg_temp.origin_bytes(1, :ua23, 16, :ru, 1, 3)),
	('short', '\x01000000'::bytea)) v(what, b);
-- remove the files written into the data directory
COPY (SELECT) TO PROGRAM 'rm -f embargo_origin.bin embargo_origin_bad.bin';
