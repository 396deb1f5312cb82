--
-- embargo.custody: chains of custody (text and binary form, checks, reading
-- and building chains, @> and its GIN index), and rules that look at hops,
-- shown on rules of a test jurisdiction "XC".  The shipped pack's hop rules
-- are tested in custody_pack.  Shipped data used: place 34 is Rubaya (CD-NK),
-- held by M23 from 2024-04-30; place 16 is Melitopol (UA-23), held by RU
-- from 2022-04-01.
--
SET search_path = embargo, public;
SET datestyle = ISO;

-- SQLSTATE, message, detail and hint of the error an expression raises.
CREATE FUNCTION pg_temp.error_of(expr text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	state text;
	message text;
	detail text;
	hint text;
	context text;
BEGIN
	EXECUTE 'SELECT ' || expr;
	RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
	GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, message = MESSAGE_TEXT, detail = PG_EXCEPTION_DETAIL,
	                        hint = PG_EXCEPTION_HINT, context = PG_EXCEPTION_CONTEXT;
	RETURN concat_ws(E'\n', state || ': ' || message, 'DETAIL: ' || nullif(detail, ''),
	                 'CONTEXT: ' || nullif(substring(context from '^hop [^\n]*'), ''));
END $$;

------------------------------------------------------------------------------
-- Text form: role:TERRITORY[#place][@YYYY-MM-DD], hops separated by ">".
-- Roles and codes are case-insensitive and white space around the pieces is
-- ignored; output is canonical.
------------------------------------------------------------------------------
SELECT v AS input, v::custody AS chain FROM (VALUES
	('mined:CD-NK#34@2024-05-01 > exported:RW > refined:CN'),
	('  MINED : cd-nk # 34 @ 2024-05-01>Exported:rw>refined:cn  '),
	('smelted:RU'),
	('transit:KZ@2024-01-01 > transit:KZ@2024-01-01'),
	('concentrated:AU > smelted:CN > cast:VN > refined:JP > processed:TR > manufactured:DE > exported:DE')) t(v);
SELECT enum_range(NULL::hop_role) AS roles;

-- Every kind of bad input, with the hop it is in.
SELECT v AS input, pg_temp.error_of(format('%L::embargo.custody', v)) AS error FROM (VALUES
	(''), ('   '), ('mined'), ('dug:CD'), (':CD'), ('mined:'), ('mined:XX'), ('mined:CD-ZZZ'),
	('mined:CD@2024-02-30'), ('mined:CD@24-05-01'), ('mined:CD@2024-5-1'), ('mined:CD@'),
	('mined:CD@infinity'), ('mined:CD#abc'), ('mined:CD#0'), ('mined:CD#-3'), ('mined:CD#99999999999'),
	('mined:CD >> refined:CN'), ('mined:CD >'), ('> mined:CD'), ('mined:CD:RW'),
	('mined:CD@2024-05-01 > refined:CN@2024-04-01'),
	('mined:CD@2024-05-01 > transit:RW > refined:CN@2024-04-30')) t(v);

-- 1 to 12 hops, and the limit of 32.
CREATE FUNCTION pg_temp.chain_of(n int) RETURNS text LANGUAGE sql AS $$
	SELECT string_agg(format('%s:%s@%s', (enum_range(NULL::embargo.hop_role))[1 + i % 9],
	                         (ARRAY['CD-NK', 'RW', 'CN', 'TR', 'RU', 'KZ'])[1 + i % 6],
	                         date '2024-01-01' + i), ' > ' ORDER BY i)
	FROM generate_series(1, n) i
$$;
SELECT n, hop_count(c) AS hops, c::text::custody::text = c::text AS round_trip,
       pg_column_size(c) AS bytes, (SELECT max(hop) FROM hops(c)) AS last_hop
FROM generate_series(1, 12) n, LATERAL (SELECT pg_temp.chain_of(n)::custody) x(c);
SELECT hop_count(pg_temp.chain_of(32)::custody) AS hops_32;
SELECT split_part(pg_temp.error_of(format('%L::embargo.custody', pg_temp.chain_of(33))), E'\n', 2) AS hops_33;
SELECT pg_temp.error_of(format('%L::embargo.custody || %L::embargo.custody',
                               pg_temp.chain_of(20), pg_temp.chain_of(13))) AS concat_33;
-- NULL in, NULL out
SELECT NULL::custody AS n, hop_count(NULL) AS count, has_hop(NULL, 'mined', 'CD') AS has;
-- Dates are years 1 to 9999 whichever way a chain is made, so that its text
-- form always reads back.
SELECT 'mined:CD@0001-01-01 > refined:CN@9999-12-31'::custody AS extremes;
SELECT pg_temp.error_of(e) AS error FROM (VALUES
	($$'mined:CD@0000-12-31'::embargo.custody$$),
	($$'mined:CD@10000-01-01'::embargo.custody$$),
	($$embargo.hop('mined', 'CD', NULL::text, '10000-01-01')$$),
	($$embargo.hop('mined', 'CD', NULL::text, '0044-03-15 BC')$$)) t(e);

-- Equality, ordering and hashing: the same hops in the same order.
SELECT a, b, a::custody = b::custody AS eq, a::custody < b::custody AS lt,
       custody_hash(a::custody) = custody_hash(b::custody) AS same_hash FROM (VALUES
	('mined:CD > refined:CN', ' MINED:cd>refined:cn '),
	('mined:CD > refined:CN', 'mined:CD > refined:CN@2024-01-01'),
	('mined:CD > refined:CN', 'mined:CD'),
	('mined:CD > refined:CN', 'mined:CD#34 > refined:CN'),
	('mined:CD > refined:CN', 'concentrated:CD > refined:CN'),
	('mined:AU', 'mined:CD')) t(a, b);
SELECT chain, count(*) FROM (VALUES ('mined:CD > refined:CN'::custody), ('smelted:RU'), (' MINED:cd>refined:cn ')) t(chain)
GROUP BY chain ORDER BY chain;
SELECT count(DISTINCT c) AS distinct_chains, count(*) AS chains FROM (SELECT pg_temp.chain_of(1 + n % 5)::custody c
	FROM generate_series(1, 50) n) t;

------------------------------------------------------------------------------
-- Reading chains.
------------------------------------------------------------------------------
SELECT * FROM hops('mined:CD-NK#34@2024-05-01 > exported:RW > refined:CN');
SELECT c AS chain, r AS role, t AS within, has_hop(c::custody, r::hop_role, t::territory) AS has_hop,
       c::custody @> format('%s:%s', r, t)::custody AS contains
FROM (VALUES
	('mined:CD-NK#34 > exported:RW > refined:CN', 'mined', 'CD'),
	('mined:CD-NK#34 > exported:RW > refined:CN', 'mined', 'CD-NK'),
	('mined:CD-NK#34 > exported:RW > refined:CN', 'mined', 'RW'),
	('mined:CD-NK#34 > exported:RW > refined:CN', 'exported', 'RW'),
	('mined:CD-NK#34 > exported:RW > refined:CN', 'refined', 'RU'),
	('smelted:RU-SVE > processed:TR', 'smelted', 'RU'),
	('smelted:RU > processed:TR', 'smelted', 'RU-SVE')) t(c, r, t);
-- @> with several hops, places and dates; <@ is its commutator
SELECT a, b, a::custody @> b::custody AS contains, b::custody <@ a::custody AS contained FROM (VALUES
	('mined:CD-NK#34@2024-05-01 > exported:RW > refined:CN', 'mined:CD > refined:CN'),
	('mined:CD-NK#34@2024-05-01 > exported:RW > refined:CN', 'refined:CN > mined:CD'),
	('mined:CD-NK#34@2024-05-01 > exported:RW > refined:CN', 'mined:CD#34'),
	('mined:CD-NK#34@2024-05-01 > exported:RW > refined:CN', 'mined:CD#35'),
	('mined:CD-NK#34@2024-05-01 > exported:RW > refined:CN', 'mined:CD@2024-05-01'),
	('mined:CD-NK#34@2024-05-01 > exported:RW > refined:CN', 'mined:CD@2024-05-02'),
	('mined:CD-NK#34 > exported:RW', 'mined:CD@2024-05-01'),
	('mined:CD-NK#34 > exported:RW', 'exported:RW > transit:TZ')) t(a, b);

------------------------------------------------------------------------------
-- Building chains: hop() resolves place names as tag_origin() does and
-- checks place ids; || joins chains and checks the result.
------------------------------------------------------------------------------
SELECT hop('mined', 'CD-NK', 'Rubaya', '2024-05-01') || hop('exported', 'RW') || 'refined:CN' AS chain;
SELECT hop('mined', 'CD-NK', 34) AS by_id, hop('transit', 'TR') AS bare, hop(NULL, 'TR') AS null_role,
       hop('transit', NULL) AS null_territory;
-- a place gives the hop its own, finer territory: @> sees what screening sees
SELECT hop('mined', 'CD', 'Rubaya') AS by_name_in_country, hop('mined', 'CD', 34) AS by_id_in_country,
       hop('mined', 'CD', 'Rubaya') @> 'mined:CD-NK' AS contains_subdivision;
SELECT pg_temp.error_of(e) AS error FROM (VALUES
	($$embargo.hop('mined', 'RW', 'Rubaya')$$),
	($$embargo.hop('mined', 'CD', 'Nowhere at all')$$),
	($$embargo.hop('mined', 'RW', 34)$$),
	($$embargo.hop('mined', 'CD', 999999)$$),
	($$embargo.hop('mined', 'CD', -1)$$),
	($$embargo.hop('mined', 'CD', NULL::text, 'infinity')$$),
	($$embargo.hop('refined', 'CN', NULL::text, '2024-05-01') || embargo.hop('mined', 'CD', NULL::text, '2024-04-01')$$)) t(e);

------------------------------------------------------------------------------
-- Binary form: COPY round-trips; recv checks what input checks.
------------------------------------------------------------------------------
CREATE TEMP TABLE chains (id int, c custody);
INSERT INTO chains SELECT n, pg_temp.chain_of(n)::custody FROM generate_series(1, 32) n;
INSERT INTO chains VALUES (0, 'mined:CD-NK#34@2024-05-01 > exported:RW > refined:CN');
DO $$ BEGIN
	EXECUTE format('COPY (SELECT id, c FROM chains ORDER BY id) TO %L WITH (FORMAT binary)',
	               current_setting('data_directory') || '/embargo_custody.bin');
END $$;
CREATE TEMP TABLE chains2 (id int, c custody);
COPY chains2 FROM 'embargo_custody.bin' WITH (FORMAT binary);
SELECT count(*) AS copied, bool_and(a.c::text = b.c::text) AS binary_round_trip
FROM chains a JOIN chains2 b USING (id);
-- version, hop count, then per hop role, flags, territory, place, date
CREATE FUNCTION pg_temp.hop_bytes(role int, flags int, territory int, place int, day int) RETURNS bytea
LANGUAGE sql AS $$
	SELECT set_byte('\x00'::bytea, 0, role) || set_byte('\x00'::bytea, 0, flags) || int4send(territory)
	       || int4send(place) || int4send(day)
$$;
SELECT (get_byte(territory_send('RU'), 0) << 24) | (get_byte(territory_send('RU'), 1) << 16) AS ru \gset
CREATE TEMP TABLE one_chain (c custody);
CREATE FUNCTION pg_temp.copy_chain(bytes bytea) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	detail text;
BEGIN
	PERFORM lo_from_bytea(424203, regress_binary_copy_file(bytes));
	PERFORM lo_export(424203, 'embargo_custody_bad.bin');
	PERFORM lo_unlink(424203);
	TRUNCATE one_chain;
	COPY one_chain FROM 'embargo_custody_bad.bin' WITH (FORMAT binary);
	RETURN (SELECT c::text FROM one_chain);
EXCEPTION WHEN OTHERS THEN
	GET STACKED DIAGNOSTICS detail = PG_EXCEPTION_DETAIL;
	PERFORM lo_unlink(oid) FROM pg_largeobject_metadata WHERE oid = 424203;
	RETURN SQLSTATE || ' ' || SQLERRM || coalesce(' (' || nullif(detail, '') || ')', '');
END $$;
-- day 8918 is 2024-06-01
SELECT what, pg_temp.copy_chain(b) AS result FROM (VALUES
	('good', '\x0102'::bytea || pg_temp.hop_bytes(2, 1, :ru, 0, 8918) || pg_temp.hop_bytes(5, 0, :ru, 0, 0)),
	('version 3', '\x0301'::bytea || pg_temp.hop_bytes(2, 0, :ru, 0, 0)),
	('version 2, no facility', '\x0201'::bytea || pg_temp.hop_bytes(2, 0, :ru, 0, 0)),
	('version 1, a facility', '\x0101'::bytea || pg_temp.hop_bytes(2, 2, :ru, 0, 0) || '\x0141'::bytea),
	('no hops', '\x0100'::bytea),
	('33 hops', '\x0121'::bytea),
	('role 9', '\x0101'::bytea || pg_temp.hop_bytes(9, 0, :ru, 0, 0)),
	('unknown territory', '\x0101'::bytea || pg_temp.hop_bytes(2, 0, :ru + 1, 0, 0)),
	('negative place', '\x0101'::bytea || pg_temp.hop_bytes(2, 0, :ru, -4, 0)),
	('unknown flag', '\x0101'::bytea || pg_temp.hop_bytes(2, 4, :ru, 0, 0)),
	('good, a facility', '\x0201'::bytea || pg_temp.hop_bytes(2, 3, :ru, 0, 8918) || '\x09434944303031303730'::bytea),
	('facility flag, no id', '\x0201'::bytea || pg_temp.hop_bytes(2, 2, :ru, 0, 0)),
	('empty facility id', '\x0201'::bytea || pg_temp.hop_bytes(2, 2, :ru, 0, 0) || '\x00'::bytea),
	('bad facility id', '\x0201'::bytea || pg_temp.hop_bytes(2, 2, :ru, 0, 0) || '\x022d78'::bytea),
	('NUL in facility id', '\x0201'::bytea || pg_temp.hop_bytes(2, 2, :ru, 0, 0) || '\x024100'::bytea),
	('undated with a date', '\x0101'::bytea || pg_temp.hop_bytes(2, 0, :ru, 0, 8918)),
	('infinite date', '\x0101'::bytea || pg_temp.hop_bytes(2, 1, :ru, 0, 2147483647)),
	('dates backwards', '\x0102'::bytea || pg_temp.hop_bytes(2, 1, :ru, 0, 8918) || pg_temp.hop_bytes(5, 1, :ru, 0, 8917)),
	('short', '\x0102'::bytea || pg_temp.hop_bytes(2, 0, :ru, 0, 0))) v(what, b);
COPY (SELECT) TO PROGRAM 'rm -f embargo_custody.bin embargo_custody_bad.bin';

------------------------------------------------------------------------------
-- GIN: chain @> pattern uses the index, and finds what a scan finds.
------------------------------------------------------------------------------
CREATE TABLE public.shipments_gin (id int, chain custody);
INSERT INTO public.shipments_gin
SELECT i, format('mined:%s > %s:%s > refined:%s',
                 (ARRAY['CD-NK', 'CD-SK', 'RW', 'AU', 'GB-ABE'])[1 + i % 5],
                 (ARRAY['smelted', 'transit', 'exported'])[1 + i % 3],
                 (ARRAY['RU', 'TR', 'KZ', 'AE'])[1 + i % 4],
                 (ARRAY['CN', 'JP', 'DE'])[1 + i % 3])::custody
FROM generate_series(1, 3000) i;
CREATE INDEX shipments_gin_chain ON public.shipments_gin USING gin (chain);
ANALYZE public.shipments_gin;
CREATE TEMP TABLE patterns (p custody);
INSERT INTO patterns VALUES ('mined:CD'), ('mined:CD-NK'), ('smelted:RU'), ('mined:GB-SCT > smelted:RU'),
	('mined:GB'), ('mined:GB-ABE'), ('mined:GB-ENG'),
	('transit:TR > refined:JP'), ('mined:CD-NK#34'), ('exported:AE'), ('refined:RU');
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT count(*) FROM public.shipments_gin WHERE chain @> 'smelted:RU';
CREATE TEMP TABLE by_index AS
	SELECT p::text AS pattern, (SELECT count(*) FROM public.shipments_gin WHERE chain @> p) AS n FROM patterns;
RESET enable_seqscan;
SET enable_bitmapscan = off;
SET enable_indexscan = off;
SELECT i.pattern, i.n AS by_index, (SELECT count(*) FROM public.shipments_gin WHERE chain @> p.p) AS by_scan
FROM by_index i JOIN patterns p ON p.p::text = i.pattern ORDER BY 1;
RESET enable_bitmapscan;
RESET enable_indexscan;
DROP TABLE public.shipments_gin;

------------------------------------------------------------------------------
-- Rules that look at hops (jurisdiction XC).
------------------------------------------------------------------------------
INSERT INTO rule (jurisdiction, instrument, article, citation, action, territory, controller, status, hs,
                  valid_from, hop_roles, hop_select, hop_date_from) VALUES
	-- 1: metal whose last transformation was in RU, produced from 2024-04-13
	('XC', 'Test Act', 'c. 1', 'C/1', 'prohibit', 'RU', NULL, NULL, '{76}', '2024-04-13',
	 '{mined,concentrated,smelted,cast,refined,processed,manufactured}', 'last', '2024-04-13'),
	-- 2: smelted or cast in RU, anywhere in the chain
	('XC', 'Test Act', 'c. 2', 'C/2', 'review', 'RU', NULL, NULL, '{76}', '2023-04-10',
	 '{smelted,cast}', NULL, NULL),
	-- 3: steel made elsewhere from RU inputs
	('XC', 'Test Act', 'c. 3', 'C/3', 'prohibit', 'RU', NULL, NULL, '{72,73}', '2023-09-30',
	 '{mined,concentrated,smelted,cast,refined,processed,manufactured}', 'earlier', NULL),
	-- 4: ore mined where M23 held the mine on the day
	('XC', 'Test Act', 'c. 4', 'C/4', 'review', NULL, 'M23', NULL, '{2615}', NULL,
	 '{mined}', 'any', NULL),
	-- 5: coal exported from or transited through RU
	('XC', 'Test Act', 'c. 5', 'C/5', 'prohibit', 'RU', NULL, NULL, '{2701}', '2022-08-10',
	 '{exported,transit}', 'any', NULL),
	-- 6: ore mined in occupied Zaporizhzhia (tagged on the hop's date)
	('XC', 'Test Act', 'c. 6', 'C/6', 'prohibit', 'UA-23', NULL, 'occupied', '{26}', NULL,
	 '{mined}', 'any', NULL),
	-- 7: an origin rule: anything declared Belarusian
	('XC', 'Test Act', 'c. 7', 'C/7', 'licence', 'BY', NULL, NULL, '{}', NULL, NULL, NULL, NULL),
	-- 8: anything made or worked in Crimea, all goods
	('XC', 'Test Act', 'c. 8', 'C/8', 'prohibit', 'UA-43', NULL, NULL, '{}', NULL,
	 '{mined,concentrated,smelted,cast,refined,processed,manufactured}', 'any', NULL),
	-- 9: titanium dioxide in transit anywhere (a hop rule on any territory)
	('XC', 'Test Act', 'c. 9', 'C/9', 'review', NULL, NULL, NULL, '{2823}', NULL,
	 '{transit}', 'any', NULL);
-- a hop scope needs roles; roles need at least one, and no NULL
INSERT INTO rule (jurisdiction, instrument, citation, action, hop_select) VALUES ('XC', 'x', 'x', 'review', 'last');
INSERT INTO rule (jurisdiction, instrument, citation, action, hop_date_from) VALUES ('XC', 'x', 'x', 'review', '2024-01-01');
INSERT INTO rule (jurisdiction, instrument, citation, action, hop_roles) VALUES ('XC', 'x', 'x', 'review', '{}');
INSERT INTO rule (jurisdiction, instrument, citation, action, hop_roles) VALUES ('XC', 'x', 'x', 'review', '{mined,NULL}');
INSERT INTO rule (jurisdiction, instrument, citation, action, hop_roles, hop_select) VALUES ('XC', 'x', 'x', 'review', '{mined}', 'first');

-- Each case: the declared origin, goods, shipment date, chain, and the
-- verdict that is right, with why.
CREATE TEMP TABLE cases (n int, origin_territory territory, place int, hs hscode, day date, chain custody,
                         expected verdict, why text);
INSERT INTO cases VALUES
	( 1, 'TR', NULL, '7606', '2024-09-01', 'smelted:RU@2024-06-01 > processed:TR@2024-08-01 > exported:TR', 'review',
	 'last transformation in TR: rule 1 does not apply; smelted in RU: rule 2 reviews'),
	( 2, 'RU', NULL, '7601', '2024-09-01', 'smelted:RU@2024-06-01', 'prohibit',
	 'smelted in RU after the cut-off, and last transformed there'),
	( 3, 'RU', NULL, '7601', '2024-09-01', 'smelted:RU@2024-04-12', 'review',
	 'produced the day before the cut-off: rule 1 does not apply'),
	( 4, 'RU', NULL, '7601', '2024-09-01', 'smelted:RU@2024-04-13', 'prohibit',
	 'produced on the cut-off day'),
	( 5, 'RU', NULL, '7601', '2024-09-01', 'smelted:RU', 'prohibit',
	 'undated: nothing shows the metal predates the cut-off'),
	( 6, 'RU', NULL, '7601', '2024-09-01', NULL, 'prohibit',
	 'no chain: the declared origin stands in for the smelter and the last transformation'),
	( 7, 'RU', NULL, '7601', '2024-09-01', 'exported:RU', 'prohibit',
	 'the chain has no transforming hop: the declared origin stands in'),
	( 8, 'KZ', NULL, '7601', '2024-09-01', 'smelted:KZ > transit:RU', 'allow',
	 'smelted in KZ; transit through RU is not a transformation'),
	( 9, 'RU', NULL, '7601', '2023-04-09', 'smelted:RU@2023-01-01', 'allow',
	 'shipped before rule 2 is in force (rule 1 later still)'),
	(10, 'RU', NULL, '7601', '2023-04-10', 'smelted:RU@2023-01-01', 'review',
	 'shipped the day rule 2 comes into force'),
	(11, 'TR', NULL, '7208', '2023-10-01', 'smelted:RU > processed:TR', 'prohibit',
	 'RU input processed in TR'),
	(12, 'TR', NULL, '7208', '2023-09-29', 'smelted:RU > processed:TR', 'allow',
	 'shipped before rule 3 is in force'),
	(13, 'RU', NULL, '7208', '2023-10-01', 'smelted:RU > processed:RU', 'allow',
	 'processed further, but in RU: not processed in a third country (and XC has no origin rule for RU steel)'),
	(14, 'RU', NULL, '7208', '2023-10-01', 'processed:RU', 'allow',
	 'the only hop is the last transformation: not an input; no origin rule in XC for RU steel'),
	(15, 'RU', NULL, '7208', '2023-10-01', NULL, 'allow',
	 'no chain: the declared origin is never an input processed further'),
	(16, 'TR', NULL, '7208', '2023-10-01', 'smelted:RU > transit:TR', 'allow',
	 'smelted in RU but not transformed after: not an input'),
	(17, 'CN', NULL, '2615.90', '2024-09-01', 'mined:CD-NK#34@2024-05-01 > exported:RW > refined:CN', 'review',
	 'mined at Rubaya while M23 held it'),
	(18, 'CN', NULL, '2615.90', '2024-09-01', 'mined:CD-NK#34@2024-04-29 > exported:RW > refined:CN', 'review',
	 'mined the day before M23 took Rubaya: CD-NK is partly held by M23, so contested, and the rule reviews'),
	(19, 'CN', NULL, '2615.90', '2024-09-01', 'mined:CD-KN@2024-05-01 > exported:RW > refined:CN', 'allow',
	 'mined in Kinshasa, held by its sovereign'),
	(20, 'RW', NULL, '2615.90', '2024-09-01', 'exported:RW > refined:CN', 'allow',
	 'no mining hop: the declared origin RW stands in, and is not held by M23'),
	(21, 'PL', NULL, '2701', '2022-09-01', 'mined:KZ > transit:RU > exported:PL', 'prohibit',
	 'transited through RU'),
	(22, 'PL', NULL, '2701', '2022-08-09', 'mined:KZ > transit:RU > exported:PL', 'allow',
	 'shipped before rule 5 is in force'),
	(23, 'KZ', NULL, '2701', '2022-09-01', 'mined:KZ > exported:KZ', 'allow',
	 'neither exported from nor transited through RU'),
	(24, 'CN', NULL, '2606', '2023-01-01', 'mined:UA-23#16@2022-05-01 > refined:CN', 'prohibit',
	 'mined at Melitopol while RU held it'),
	(25, 'CN', NULL, '2606', '2023-01-01', 'mined:UA-23#20@2022-03-01 > refined:CN', 'review',
	 'mined at Kruta Balka (a site, no KATOTTH unit) before its own record: UA-23 is contested then, so the rule about control reviews'),
	(26, 'CN', NULL, '2606', '2023-01-01', 'mined:UA-23 > refined:CN', 'review',
	 'undated and no place: tagged on the shipment date, UA-23 alone is contested'),
	(27, 'BY', NULL, '2606', '2023-01-01', 'mined:KZ > refined:CN', 'licence',
	 'an origin rule judges the declared origin whatever the chain says'),
	(28, 'TR', NULL, '2823', '2023-01-01', 'processed:UA#32 > exported:TR', 'prohibit',
	 'place 32 (Crimean Titan) lies in UA-43, finer than the hop says'),
	(29, 'TR', NULL, '2823', '2023-01-01', 'processed:UA-12 > exported:TR', 'review',
	 'not in Crimea (rule 8); no transit hop declared, so the declared origin stands in for one (rule 9)'),
	(30, 'TR', NULL, '2823', '2023-01-01', 'processed:KZ > transit:GE > exported:TR', 'review',
	 'in transit (rule 9 looks at any territory)'),
	(31, 'TR', NULL, '2823', '2023-01-01', 'processed:UA#32 > transit:GE', 'prohibit',
	 'both: worked in Crimea, and in transit'),
	(32, 'DE', NULL, '7208', '2023-10-01', 'smelted:RU > processed:RU > manufactured:DE', 'prohibit',
	 'RU inputs transformed again in DE: both RU hops are inputs processed in a third country');
SELECT n, expected, screen(tag_origin(origin_territory, place, day), hs, day, 'XC', '{}', chain) AS actual,
       screen(tag_origin(origin_territory, place, day), hs, day, 'XC', '{}', chain) = expected AS ok, why
FROM cases ORDER BY n;
-- The rules behind each, and which hop each looked at (NULL: the declared origin).
SELECT c.n, e.rule_id - min(e.rule_id) OVER () + 1 AS test_rule, e.action, e.hop, e.why
FROM cases c, LATERAL explain(tag_origin(c.origin_territory, c.place, c.day), c.hs, c.day, 'XC', '{}', c.chain) e
WHERE c.n IN (1, 3, 5, 6, 11, 17, 18, 24, 28, 31, 32)
ORDER BY c.n, e.rule_id;
-- The overloads agree: without a chain, the 6-argument form with a NULL
-- chain, and the declared form by territory and place.
SELECT n, screen(o, hs, day, 'XC') AS five, screen(o, hs, day, 'XC', '{}', NULL) AS null_chain,
       screen(origin_territory, NULL, hs, day, 'XC', '{}', chain) = screen(o, hs, day, 'XC', '{}', chain) AS declared_agrees
FROM cases, LATERAL (SELECT tag_origin(origin_territory, place, day)) t(o) ORDER BY n;
-- NULLs: evidence NULL means none; a NULL hs, date, jurisdiction or origin gives NULL.
SELECT screen(tag_origin('RU', NULL::int, '2024-09-01'), '7601', '2024-09-01', 'XC', NULL, 'smelted:RU') AS null_evidence,
       screen(tag_origin('RU', NULL::int, '2024-09-01'), NULL, '2024-09-01', 'XC', '{}', 'smelted:RU') AS null_hs,
       screen(NULL::origin, '7601', '2024-09-01', 'XC', '{}', 'smelted:RU') AS null_origin,
       screen('RU'::territory, NULL, '7601', '2024-09-01', NULL, '{}', 'smelted:RU') AS null_jurisdiction,
       (SELECT count(*) FROM explain(NULL::origin, '7601', '2024-09-01', 'XC', '{}', 'smelted:RU')) AS explain_null;
-- A hop whose place is not within its territory is an error when screened.
SELECT pg_temp.error_of($$embargo.screen(embargo.tag_origin('CN', NULL::int, '2024-09-01'), '2615.90', '2024-09-01', 'XC', '{}', 'mined:RW#34')$$) AS error;
SELECT pg_temp.error_of($$embargo.screen(embargo.tag_origin('CN', NULL::int, '2024-09-01'), '2615.90', '2024-09-01', 'XC', '{}', 'mined:CD#999999')$$) AS error;

------------------------------------------------------------------------------
-- enforce() with custody=: the chain column is an input like the others.
------------------------------------------------------------------------------
CREATE TABLE public.imp_custody (
	id integer PRIMARY KEY,
	territory territory,
	hs hscode,
	shipped date,
	chain custody,
	verdict verdict,
	rules integer[]
);
CREATE TRIGGER screen_xc BEFORE INSERT OR UPDATE ON public.imp_custody FOR EACH ROW
	EXECUTE FUNCTION enforce('mode=flag', 'jurisdiction=XC', 'territory=territory', 'hs=hs',
	                         'date=shipped', 'custody=chain', 'key=id', 'verdict=verdict', 'rules=rules');
SELECT min(id) AS xc1 FROM rule WHERE jurisdiction = 'XC' \gset
INSERT INTO public.imp_custody (id, territory, hs, shipped, chain)
SELECT n, origin_territory, hs, day, chain FROM cases;
SELECT i.id, i.verdict, i.verdict = c.expected AS ok,
       ARRAY(SELECT r - :xc1 + 1 FROM unnest(i.rules) r ORDER BY 1) AS test_rules
FROM public.imp_custody i JOIN cases c ON c.n = i.id ORDER BY i.id;
-- changing only the chain screens the row again
UPDATE public.imp_custody SET chain = 'smelted:KZ > processed:TR' WHERE id = 1;
UPDATE public.imp_custody SET chain = NULL WHERE id = 3;
SELECT id, chain, verdict FROM public.imp_custody WHERE id IN (1, 3) ORDER BY id;
-- the reasons name the hop
SELECT regexp_replace(reasons, 'rule 1\d{6}', 'rule <user rule>') AS reasons FROM audit
WHERE source_table = 'public.imp_custody' AND row_key = '17' ORDER BY id DESC LIMIT 1;
-- mode=quarantine: a held row keeps its chain, and release() puts it back
-- (through jsonb and the chain's text form) unchanged
CREATE TABLE public.imp_custody_hold (id int PRIMARY KEY, territory territory, hs hscode, shipped date,
	chain custody);
CREATE TRIGGER screen_xc BEFORE INSERT OR UPDATE ON public.imp_custody_hold FOR EACH ROW
	EXECUTE FUNCTION enforce('mode=quarantine', 'jurisdiction=XC', 'territory=territory', 'hs=hs',
	                         'date=shipped', 'custody=chain', 'key=id');
INSERT INTO public.imp_custody_hold VALUES
	(1, 'TR', '7208', '2023-10-01', 'mined:CD-NK#34@2023-04-02 > smelted:RU@2023-05-02 > processed:TR@2023-06-01'),
	(2, 'TR', '7208', '2023-10-01', 'smelted:KZ > processed:TR');
SELECT id, chain FROM public.imp_custody_hold ORDER BY id;
SELECT max(id) AS held FROM quarantine WHERE source_table = 'public.imp_custody_hold' \gset
SELECT row_data->>'chain' AS held_chain, regexp_replace(reasons, 'rule 1\d{6}', 'rule <user rule>') AS reasons
FROM quarantine WHERE id = :held;
SELECT release(:held, 'custody test') IS NOT NULL AS released;
SELECT id, chain, chain = 'mined:CD-NK#34@2023-04-02 > smelted:RU@2023-05-02 > processed:TR@2023-06-01' AS same_chain
FROM public.imp_custody_hold ORDER BY id;
DROP TABLE public.imp_custody_hold;
-- a custody= column of another type
CREATE TABLE public.imp_custody_bad (id int, territory territory, hs hscode, shipped date, chain text);
CREATE TRIGGER screen_xc BEFORE INSERT OR UPDATE ON public.imp_custody_bad FOR EACH ROW
	EXECUTE FUNCTION enforce('mode=flag', 'jurisdiction=XC', 'territory=territory', 'hs=hs',
	                         'date=shipped', 'custody=chain');
INSERT INTO public.imp_custody_bad VALUES (1, 'RU', '7601', '2024-09-01', 'smelted:RU');
DROP TABLE public.imp_custody, public.imp_custody_bad;
DELETE FROM rule WHERE jurisdiction = 'XC';
