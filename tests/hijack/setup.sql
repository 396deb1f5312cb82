-- tests/t/search_path_hijack.sh: the setup of each of its two databases, run
-- as the superuser.  Three import tables, one per mode, owned by the
-- unprivileged writer (:writer), and the rows to write to them (public.stage).
SET client_min_messages = warning;
CREATE EXTENSION embargo;
-- a later release admits only tables owned by members of embargo_importer
SELECT format('GRANT embargo_importer TO %I', :'writer')
FROM pg_roles WHERE rolname = 'embargo_importer' \gexec

SET search_path = embargo, public;
\ir ../bench/import_mix.sql

-- The sanctions lists: the excerpts of the real files that sql/party_list.sql
-- loads (OFAC SDN with its four files, OFAC consolidated without its aliases
-- and comments, the OFSI ConList), read by the server from absolute paths.
-- Only US and UK lists: parties of rows to the other markets cannot be
-- screened.
\set sanctions `cd "$HJ_DIR/../data/sanctions" && pwd`
SELECT loaded FROM embargo.load_list('ofac_sdn', '2024-05-03', ARRAY[:'sanctions' || '/ofac_sdn/sdn.csv',
	:'sanctions' || '/ofac_sdn/add.csv', :'sanctions' || '/ofac_sdn/alt.csv', :'sanctions' || '/ofac_sdn/sdn_comments.csv']) \gset
SELECT loaded FROM embargo.load_list('ofac_cons', '2025-12-19',
	ARRAY[:'sanctions' || '/ofac_cons/cons_prim.csv', :'sanctions' || '/ofac_cons/cons_add.csv']) \gset
SELECT loaded FROM embargo.load_list('uk_ofsi', '2025-04-10', ARRAY[:'sanctions' || '/uk_ofsi/ConList.csv']) \gset

-- The parties a row may name: listed names as the lists spell them, their
-- Cyrillic spellings, typos and partial names (possible matches), names
-- whose listing the administrator's edit changes (Tifon is not in its newer
-- edition, Hijack Test Shipping only in it; the edit gives NS-PLC a meaning
-- of its own), and names on no list.
CREATE TEMP TABLE party_pool (i int, name text);
INSERT INTO party_pool VALUES
	(0, 'Sberbank of Russia'), (1, 'PAO Сбербанк России'), (2, 'Sberbnak of Russia'),
	(3, 'EMPRESA CUBANA DE PESCADOS Y MARISCOS'), (4, 'OOO Transoil'), (5, 'ООО Трансойл'),
	(6, 'Ротенберг Роман Борисович'), (7, 'Roman Rotenberg'), (8, 'Gazprombank'),
	(9, 'Газпромбанк'), (10, 'Russian Agricultural Bank'), (11, 'Moussa Ben Omar Ben Ali Essaadi'),
	(12, 'Муса Бен Омар Бен Али Эссаади'), (13, 'Federal United Enterprise Crimea Railway'),
	(14, 'SAM JONG 1'), (15, 'Tifon'), (16, 'Haniya, Ismail Abdul Salah'), (17, 'Hijack Test Shipping'),
	(18, 'Anton Andreyev'), (19, '7707083893'),
	(20, 'Acme Trading GmbH'), (21, 'Shenzhen Bright Metals Co Ltd'), (22, 'Nordic Copper AB'),
	(23, 'Bank of Russia'), (24, 'Иван Петров'), (25, 'Crimean Railway'),
	-- parties of the user's own in the ownership records (below, and
	-- tests/hijack/ownership.sql), named as recorded or folded otherwise
	-- (case, spaces, legal forms), and a listed entry owned by a listed one
	(26, 'Kestrel Holding'), (27, 'Kestrel Mining LLC'), (28, 'KESTREL  MINING'), (29, 'Osprey Metals'),
	(30, 'Heron Shipping Ltd'), (31, 'Plover Relief Fund'), (32, 'Tern Harbour Logistics'), (33, 'Grebe Bank'),
	(34, 'Curlew Terminal'), (35, 'Skua Alpha'), (36, 'Skua Beta'), (37, 'Gannet One'),
	(38, 'Petrel Trading'), (39, 'Fulmar Fund'), (40, 'Shag Capital'), (41, 'Eider Energy'),
	(42, 'JSC Russian Agricultural Bank');
SELECT count(*) AS pool_size FROM party_pool \gset

-- Ownership and control (issue 18): records inserted directly here; more
-- are staged and loaded by the administrator (tests/hijack/ownership.sql),
-- and the administrator's edit changes some (tests/hijack/admin_edit.sql).
-- Kestrel Holding is 60 % Volga Group's (SDN) and holds half of Kestrel
-- Mining (US: blocked, through the chain; the edit sells the stake); Osprey
-- is held 30 % + 25 % by two SDN entries (US adds them up); Russian
-- Agricultural Bank, restrictive on the consolidated list, is 60 % Volga
-- Group's (blocked by ownership); Heron is the vessel Tifon's, which the
-- edit's newer SDN edition delists; Plover is Haniya's, whose program NS-PLC
-- has no meaning until the edit gives it one (review, then prohibit).
INSERT INTO embargo.ownership (owner, owned, share, kind, valid_from, valid_until, source) VALUES
	('ofac_sdn:16806', 'Kestrel Holding', 60, 'shares', NULL, NULL, 'hijack test'),
	('Kestrel Holding', 'Kestrel Mining LLC', 50, 'shares', '2019-01-01', NULL, 'hijack test'),
	('ofac_sdn:18310', 'Osprey Metals', 30, 'shares', NULL, NULL, 'hijack test'),
	('ofac_sdn:16807', 'Osprey Metals', 25, 'shares', '2020-05-01', NULL, 'hijack test'),
	('ofac_sdn:16806', 'ofac_cons:17014', 60, 'shares', NULL, NULL, 'hijack test'),
	('ofac_sdn:4249', 'Heron Shipping', 100, 'shares', NULL, NULL, 'hijack test'),
	('ofac_cons:9639', 'Plover Relief Fund', 100, 'shares', NULL, NULL, 'hijack test');

-- Row n: an origin (territory, and a place for an eighth of the rows, by id
-- in one table and by name or alias, Cyrillic too, in the others), an HS
-- code, a date from mid-2021 to mid-2025, a market, evidence codes for some,
-- a chain of custody for half.  Batch 1 is written first, batch 2 after the
-- administrator's edit; then rows marked upd get new inputs and rows marked
-- touch a new note.
CREATE TEMP TABLE place_alias (place_id int, i int, name text);
INSERT INTO place_alias VALUES
	(1, 0, 'Donetsk'), (1, 1, 'Донецк'), (1, 2, 'Donetsk'),
	(15, 0, 'Zaporizhzhia'), (15, 1, 'Запоріжжя'), (15, 2, 'Zaporozhye'),
	(16, 0, 'Melitopol'), (16, 1, 'Мелітополь'), (16, 2, 'Melitopol Hijack'),
	(34, 0, 'Rubaya'), (34, 1, 'Rubaya coltan mines'), (34, 2, 'RUBAYA');
CREATE TEMP TABLE market_slot (lo int, hi int, market text);
INSERT INTO market_slot VALUES (0, 35, 'EU'), (35, 60, 'US'), (60, 80, 'UK'), (80, 88, 'CA'), (88, 94, 'JP'), (94, 100, 'AU');
CREATE TEMP TABLE evidence_code (i int, code text);
INSERT INTO evidence_code VALUES (0, 'ua-certificate-of-origin'), (1, 'contract-before-2022-02-23'),
	(2, 'outside-ru-before-2024-03-01'), (3, 'metal-produced-before-2024-04-13'), (4, 'uflpa-exception'),
	(5, 'contract-before-2014-06-25'), (6, 'diamond-below-0.5ct'), (7, 'hijack-test-proof');

CREATE TABLE public.stage AS
SELECT n::int AS id, CASE WHEN n <= 10000 THEN 1 ELSE 2 END AS batch,
       o.territory AS origin, o.place_id,
       -- the alias 'Melitopol Hijack' exists only after the rule edit (batch 2)
       (SELECT a.name FROM place_alias a WHERE a.place_id = o.place_id
          AND a.i = CASE WHEN n <= 10000 THEN pg_temp.h(n, 3, 2) ELSE pg_temp.h(n, 3, 3) END) AS place_name,
       g.hs, d.day AS shipped_on, m.market,
       CASE WHEN pg_temp.h(n, 6, 100) < 15
            THEN ARRAY(SELECT e.code FROM evidence_code e
                       WHERE e.i IN (pg_temp.h(n, 7, 8), pg_temp.h(n, 8, 8)) ORDER BY e.i)
            WHEN pg_temp.h(n, 6, 100) < 25 THEN '{}'::text[] END AS evidence,
       CASE WHEN pg_temp.h(n, 9, 100) < 50 THEN c.custody END AS chain,
       pg_temp.h(n, 10, 100) < 3 AS upd,
       pg_temp.h(n, 10, 100) BETWEEN 3 AND 4 AS touch,
       g2.hs AS hs2, m2.market AS market2,
       -- parties for 40% of rows: one to three names, now and then a NULL
       -- among them; an empty list for 3%
       CASE WHEN pg_temp.h(n, 13, 100) < 40
            THEN ARRAY(SELECT CASE WHEN pg_temp.h(n, 20 + k, 100) >= 5 THEN p.name END
                       FROM generate_series(0, pg_temp.h(n, 14, 3)) k
                       JOIN party_pool p ON p.i = pg_temp.h(n, 15 + k, :pool_size) ORDER BY k)
            WHEN pg_temp.h(n, 13, 100) < 43 THEN '{}'::text[] END AS drawn
FROM generate_series(1, 11000) n
CROSS JOIN LATERAL (SELECT date '2021-06-01' + pg_temp.h(n, 4, 1460) AS day) d
JOIN origin_slot o ON o.slot = pg_temp.h(n, 1, 100)
JOIN hs_slot g ON g.slot = pg_temp.h(n, 2, 100)
JOIN hs_slot g2 ON g2.slot = pg_temp.h(n, 12, 100)
JOIN market_slot m ON pg_temp.h(n, 5, 100) >= m.lo AND pg_temp.h(n, 5, 100) < m.hi
JOIN market_slot m2 ON pg_temp.h(n, 11, 100) >= m2.lo AND pg_temp.h(n, 11, 100) < m2.hi
CROSS JOIN LATERAL pg_temp.custody(n, o.territory, o.place_id, d.day) c;
ALTER TABLE public.stage ADD PRIMARY KEY (id);
-- Only rows to a market with lists (US, UK), before and after their update,
-- name their parties to prohibit and flag modes (parties, and party: the
-- first of them, for the table whose column is text): there a party that
-- cannot be screened would refuse the row, or the whole statement.  The
-- quarantine-mode table also gets the parties of a tenth of the other rows,
-- which it holds as rows that cannot be screened.
ALTER TABLE public.stage ADD COLUMN parties text[], ADD COLUMN party text, ADD COLUMN parties_q text[];
UPDATE public.stage s SET parties = CASE WHEN l.listed THEN s.drawn END, party = CASE WHEN l.listed THEN s.drawn[1] END,
	parties_q = CASE WHEN l.listed OR pg_temp.h(s.id, 19, 100) < 10 THEN s.drawn END
FROM (SELECT id, market IN ('US', 'UK') AND (NOT upd OR market2 IN ('US', 'UK')) AS listed FROM public.stage) l
WHERE l.id = s.id;
GRANT SELECT ON public.stage TO PUBLIC;

-- The parties the writer matches directly (tests/hijack/party_probe.sql):
-- every name of the pool, and some with a country or on a day before their
-- listing; and the shipments it screens and explains with parties.
CREATE TABLE public.party_probe AS
SELECT name, NULL::text AS country, date '2024-06-01' AS day FROM party_pool
UNION ALL
VALUES ('Sberbank of Russia', 'RU', date '2024-06-01'), ('Sberbank of Russia', 'IN', '2024-06-01'),
	('Moussa Ben Omar Ben Ali Essaadi', 'TN', '2023-01-01'),
	('Federal United Enterprise Crimea Railway', NULL, '2020-01-01'), ('SAM JONG 1', 'KP', '2018-01-01'),
	('', NULL, '2024-06-01'), ('   ', NULL, '2024-06-01'), (NULL, NULL, '2024-06-01'),
	-- owned parties on the days their records or their owners' listings
	-- start and end, and with a country
	('Petrel Trading', NULL, '2022-02-28'), ('Petrel Trading', NULL, '2023-06-01'), ('Petrel Trading', NULL, '2024-01-01'),
	('Tern Harbour Logistics', NULL, '2020-12-31'), ('Tern Harbour Logistics', NULL, '2021-01-01'),
	('Curlew Terminal', NULL, '2020-10-01'), ('Curlew Terminal', NULL, '2020-10-02'),
	('Kestrel Mining LLC', NULL, '2018-12-31'), ('Kestrel Mining LLC', NULL, '2024-02-29'),
	('Kestrel Mining LLC', 'RU', '2024-03-01'), ('Osprey Metals', NULL, '2020-04-30'),
	('Skua Beta', NULL, '2003-06-26'), ('Skua Beta', NULL, '2003-06-27');
CREATE TABLE public.party_screen (i int, territory territory, place text, hs hscode, day date, evidence text[],
	chain custody, parties text[]);
INSERT INTO public.party_screen VALUES
	(1, 'RU', NULL, '7601.10', '2024-06-01', NULL, NULL, '{Sberbank of Russia,Acme Trading GmbH}'),
	(2, 'CN', NULL, '2615.90', '2024-09-01', '{}', 'mined:CD-NK#34@2024-05-10 > exported:RW > refined:CN',
	    '{Nordic Copper AB,Газпромбанк,NULL,Муса Бен Омар Бен Али Эссаади}'),
	(3, 'CL', NULL, '2836.91', '2024-06-01', NULL, NULL, '{Hijack Test Shipping,Tifon,"Haniya, Ismail Abdul Salah"}'),
	(4, NULL, 'Мелітополь', '2805.30', '2023-06-01', '{}', NULL, '{Roman Rotenberg}'),
	(5, 'AU-WA', NULL, '7601.10', '2024-06-01', NULL, NULL, '{}'),
	(6, 'CA', NULL, '7403.11', '2022-03-01', NULL, NULL, NULL),
	(7, 'ZA', NULL, '7108.12', '2024-06-01', NULL, NULL, '{Shenzhen Bright Metals Co Ltd,Ротенберг Роман Борисович,Federal United Enterprise Crimea Railway}'),
	(8, 'CN', NULL, '7601.10', '2024-06-01', NULL, NULL, '{Kestrel Mining LLC,Osprey Metals,Curlew Terminal,Tern Harbour Logistics,Skua Alpha}'),
	(9, 'CL', NULL, '2836.91', '2023-06-01', NULL, NULL, '{Petrel Trading,Plover Relief Fund,Heron Shipping,Russian Agricultural Bank,Grebe Bank}'),
	(10, 'KZ', NULL, '7403.11', '2024-06-01', NULL, NULL, '{Fulmar Fund,Shag Capital,Eider Energy,Gannet One,Kestrel Holding}');
GRANT SELECT ON public.party_probe, public.party_screen TO PUBLIC;

-- The import tables: every input enforce() takes, the market per row.
CREATE TABLE public.imp_prohibit (
	id int PRIMARY KEY, origin territory, place int, hs hscode, shipped_on date, market text,
	evidence text[], chain custody, party text, verdict verdict, tag origin, rule_ids int[], note text);
CREATE TABLE public.imp_flag (
	id int PRIMARY KEY, origin territory, place text, hs hscode, shipped_on date, market text,
	evidence text[], chain custody, parties text[], verdict verdict, tag origin, rule_ids int[], note text);
CREATE TABLE public.imp_quarantine (LIKE public.imp_flag INCLUDING ALL);
CREATE TRIGGER screen BEFORE INSERT OR UPDATE ON public.imp_prohibit FOR EACH ROW
	EXECUTE FUNCTION embargo.enforce('mode=prohibit', 'key=id', 'territory=origin', 'place=place',
		'hs=hs', 'date=shipped_on', 'jurisdiction=market', 'evidence=evidence', 'custody=chain',
		'party=party', 'verdict=verdict', 'origin=tag', 'rules=rule_ids');
CREATE TRIGGER screen BEFORE INSERT OR UPDATE ON public.imp_flag FOR EACH ROW
	EXECUTE FUNCTION embargo.enforce('mode=flag', 'key=id', 'territory=origin', 'place=place',
		'hs=hs', 'date=shipped_on', 'jurisdiction=market', 'evidence=evidence', 'custody=chain',
		'party=parties', 'verdict=verdict', 'origin=tag', 'rules=rule_ids');
CREATE TRIGGER screen BEFORE INSERT OR UPDATE ON public.imp_quarantine FOR EACH ROW
	EXECUTE FUNCTION embargo.enforce('mode=quarantine', 'threshold=review', 'key=id', 'territory=origin',
		'place=place', 'hs=hs', 'date=shipped_on', 'jurisdiction=market', 'evidence=evidence',
		'custody=chain', 'party=parties', 'verdict=verdict', 'origin=tag', 'rules=rule_ids');
-- what the writer's row-at-a-time statements were refused: prohibit mode's
-- refusals (EM001), and any other error
CREATE TABLE public.write_log (tbl text, id int, op text, sqlstate text, message text, detail text, hint text,
	context text);
-- answers of the functions a writer calls directly, for comparison too
CREATE TABLE public.probe (n int, what text, answer text);

-- The writer's row-at-a-time writes.  Their bodies run under the caller's
-- search path, so they name everything qualified, as an honest writer's code
-- would have to beside a hostile schema; they catch and log each refused row.
-- load_prohibit(b): batch b into prohibit mode's table.
CREATE FUNCTION public.load_prohibit(b int) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	r record;
	st pg_catalog.text;
	msg pg_catalog.text;
	det pg_catalog.text;
	hnt pg_catalog.text;
	ctx pg_catalog.text;
BEGIN
	FOR r IN SELECT * FROM public.stage s WHERE s.batch OPERATOR(pg_catalog.=) b ORDER BY s.id LOOP
		BEGIN
			INSERT INTO public.imp_prohibit (id, origin, place, hs, shipped_on, market, evidence, chain, party)
			VALUES (r.id, r.origin, r.place_id, r.hs, r.shipped_on, r.market, r.evidence, r.chain, r.party);
		EXCEPTION WHEN OTHERS THEN
			GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT, det = PG_EXCEPTION_DETAIL,
				hnt = PG_EXCEPTION_HINT, ctx = PG_EXCEPTION_CONTEXT;
			INSERT INTO public.write_log VALUES ('imp_prohibit', r.id, 'insert', st, msg, det, hnt, ctx);
		END;
	END LOOP;
END $$;
-- update_rows(): in each table, in key order (one statement per row, so that
-- the audit trail's order does not depend on a join's plan), change the
-- inputs of the rows marked upd (screened again) and only the note of the
-- rows marked touch (not screened).
CREATE FUNCTION public.update_rows() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	t pg_catalog.text;
	r record;
	st pg_catalog.text;
	msg pg_catalog.text;
	det pg_catalog.text;
	hnt pg_catalog.text;
	ctx pg_catalog.text;
BEGIN
	FOREACH t IN ARRAY ARRAY['imp_flag', 'imp_quarantine', 'imp_prohibit']::pg_catalog.text[] LOOP
		FOR r IN SELECT * FROM public.stage s WHERE s.upd OR s.touch ORDER BY s.id LOOP
			BEGIN
				IF r.upd THEN
					EXECUTE pg_catalog.format('UPDATE public.%I SET hs = $1, market = $2 WHERE id OPERATOR(pg_catalog.=) $3', t)
					USING r.hs2, r.market2, r.id;
				ELSE
					EXECUTE pg_catalog.format('UPDATE public.%I SET note = $1 WHERE id OPERATOR(pg_catalog.=) $2', t)
					USING 'touched', r.id;
				END IF;
			EXCEPTION WHEN OTHERS THEN
				GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT, det = PG_EXCEPTION_DETAIL,
					hnt = PG_EXCEPTION_HINT, ctx = PG_EXCEPTION_CONTEXT;
				INSERT INTO public.write_log VALUES (t, r.id, 'update', st, msg, det, hnt, ctx);
			END;
		END LOOP;
	END LOOP;
END $$;
ALTER TABLE public.imp_prohibit OWNER TO :"writer";
ALTER TABLE public.imp_flag OWNER TO :"writer";
ALTER TABLE public.imp_quarantine OWNER TO :"writer";
ALTER TABLE public.write_log OWNER TO :"writer";
ALTER TABLE public.probe OWNER TO :"writer";
ALTER FUNCTION public.load_prohibit(int) OWNER TO :"writer";
ALTER FUNCTION public.update_rows() OWNER TO :"writer";
-- the reviewer releases held rows back into the quarantine-mode table,
-- and matches parties too
GRANT INSERT ON public.imp_quarantine TO :"reviewer";
GRANT INSERT ON public.probe TO :"reviewer";
-- the administrator records what its loads of ownership records answered
GRANT INSERT ON public.probe TO :"admin";
