-- embargo demo: tag shipments of critical minerals with territory and HS code.
-- Run by tests/run-demo.sh against a throwaway cluster.
\pset footer off
SET search_path = embargo, public;

-- A small import register.  Origins are ISO 3166-1 countries or ISO 3166-2
-- subdivisions; HS codes are written the way they arrive (dots, spaces, or
-- ten-digit US tariff lines) and stored in canonical form.
CREATE TABLE shipment (
	id         int PRIMARY KEY,
	shipped_on date NOT NULL,
	origin     territory NOT NULL,
	hs         hscode NOT NULL,
	goods      text NOT NULL
);
INSERT INTO shipment VALUES
	(1, '2025-03-04', 'ua-14',  '2805.30',      'rare-earth metals'),
	(2, '2025-03-11', 'UA-23',  '8108 20 00',   'unwrought titanium sponge'),
	(3, '2025-04-02', 'UA-43',  '2823.00.0000', 'titanium dioxide'),
	(4, '2025-04-15', 'RU',     '7601.10',      'unwrought aluminium'),
	(5, '2025-05-06', 'RU-KYA', '7502.10.0000', 'unwrought nickel'),
	(6, '2025-05-20', 'CD-NK',  '2615.90',      'coltan (tantalum ore)'),
	(7, '2025-06-01', 'CN-XJ',  '2804.61',      'polysilicon'),
	(8, '2025-06-12', 'CL',     '283691',       'lithium carbonate'),
	(9, '2025-06-30', 'UA-12',  '2614.00',      'ilmenite concentrate'),
	(10, '2025-07-09', 'MZ',    '2504.10',      'natural flake graphite'),
	(11, '2025-07-21', 'GE-AB', '2602.00',      'manganese ore'),
	(12, '2025-08-02', 'MD-SN', '7214.20',      'steel rebar');

-- Every shipment with its origin spelled out.
SELECT id, origin, territory_name(origin) AS origin_name, country(origin),
       territory_name(country(origin)) AS country_name, hs, goods
FROM shipment ORDER BY id;

-- Containment: anything from Ukraine, at any level of detail.
SELECT id, origin, territory_name(origin), hs, goods
FROM shipment WHERE origin <@ 'UA' ORDER BY id;

-- Containment on HS codes: all of chapter 28 (inorganic chemicals, rare
-- earths, lithium compounds), and titanium in any form (ores 2614, oxides
-- 2823, metal 8108).
SELECT id, hs, goods FROM shipment WHERE hs <@ '28' ORDER BY hs;
SELECT id, origin, hs, goods FROM shipment
WHERE hs <@ '2614' OR hs <@ '2823' OR hs <@ '8108' ORDER BY hs;

-- Hierarchy accessors.
SELECT hs, hs_chapter(hs), hs_heading(hs), hs_subheading(hs), hs_length(hs)
FROM shipment WHERE id IN (1, 3, 5);

-- Name lookup in the compiled-in ISO 3166 list (iso-codes).
SELECT code, name, parent FROM territories()
WHERE name ILIKE '%donet%' OR name ILIKE '%krym%' OR name ILIKE 'sevastopol'
   OR name ILIKE 'abkhaz%' OR name ILIKE '%kivu%' ORDER BY code;

-- Places finer than ISO codes, every unit of Ukraine's KATOTTH codifier
-- among them: one name in any script or spelling finds the same place, and
-- so does its KATOTTH code; an unknown name is an error, never a guess.
SELECT q AS written_as, p.name, p.territory, territory_name(p.territory), p.kind, p.katotth
FROM unnest(ARRAY['Мелітополь', 'Мелитополь', 'melitopol’', 'Zaporozhye', 'Armyansk',
                   'Rubaya', 'Rîbnița', 'Tighina', 'Bou Craa', 'UA14140050010029262'])
     WITH ORDINALITY v(q, n)
JOIN place p ON p.id = find_place(q) ORDER BY n;
-- A name the codifier repeats: every candidate, with its code.
SELECT * FROM find_places('Крута Балка');

-- Origin tags: who controlled the place on the shipment date.  Declared
-- places arrive in any script; the tag says the sovereign, the de facto
-- controller on that date, whether that is occupation, and how finely it
-- was decided.  A territory too coarse to tell is "contested", never
-- "sovereign".
CREATE TABLE consignment (
	id              int PRIMARY KEY,
	shipped_on      date NOT NULL,
	declared_origin territory,
	declared_place  text,
	goods           text NOT NULL
);
INSERT INTO consignment VALUES
	(1, '2022-06-15', 'UA-65', 'Херсон',                 'zircon sand'),
	(2, '2023-02-01', 'UA-65', 'Kherson',                'zircon sand'),
	(3, '2024-03-01', 'UA-23', 'Мелітополь',             'rare-earth concentrate'),
	(4, '2024-03-01', 'UA-23', 'Zaporozhye',             'titanium sponge'),
	(5, '2024-03-01', 'UA-23', NULL,                     'titanium sponge'),
	(6, '2023-09-01', NULL,    'Armyansk',               'titanium dioxide'),
	(7, '2024-02-01', 'CD',    'Rubaya',                 'coltan'),
	(8, '2024-06-01', 'CD',    'Rubaya',                 'coltan'),
	(9, '2025-01-10', 'MD',    'Рыбница',                'steel billets'),
	(10, '2025-03-01', 'GE',   'Ткварчели',              'coal'),
	(11, '2025-05-01', 'EH',   'Bou Craa',               'phosphate rock'),
	(12, '2025-05-01', 'CL',   NULL,                     'lithium carbonate'),
	(13, '2025-07-01', NULL,   'Шевченківське родовище', 'spodumene concentrate');
SELECT id, shipped_on, coalesce(declared_place, declared_origin::text) AS declared, goods,
       controller(tag), status(tag), decided_at(tag), tag
FROM consignment, LATERAL tag_origin(declared_origin, declared_place, shipped_on) tag
ORDER BY id;
-- Only the consignments from occupied places.
SELECT id, shipped_on, declared_place, goods FROM consignment
WHERE is_occupied(tag_origin(declared_origin, declared_place, shipped_on)) ORDER BY id;

-- Screening an import book: 6,000 consignments of critical minerals into
-- four jurisdictions over 2014-2025, from sovereign producers, Russia,
-- occupied and government-held Ukraine, eastern DR Congo and Xinjiang.
CREATE TABLE import_book AS
SELECT n AS id,
       (ARRAY['CL', 'AU-WA', 'CN-NM', 'RU', 'RU', 'UA-43', 'UA-23', 'UA-23', 'UA-14', 'UA-65',
              'CD-NK', 'CN-XJ', 'ZA', 'CA-QC', 'UA-23'])[1 + n % 15]::territory AS origin,
       (ARRAY[NULL, NULL, NULL, NULL, NULL, 'Armyansk', 'Мелітополь', 'Zaporozhye', 'Донецк', 'Kherson',
              'Rubaya', NULL, NULL, NULL, NULL])[1 + n % 15] AS place,
       (ARRAY['2805.30', '2846.90', '2836.91', '7601.10', '7403.11', '2823.00', '8108.20', '2614.00',
              '7208.10', '2615.90', '8103.20', '2804.61', '7108.12', '2701.12', '2504.10'])[1 + (n * 7) % 15]::hscode AS hs,
       '2014-01-01'::date + (n * 389) % 4380 AS shipped_on,
       (ARRAY['US', 'EU', 'UK', 'CA'])[1 + (n / 15) % 4] AS jurisdiction
FROM generate_series(1, 6000) n;
ALTER TABLE import_book ADD COLUMN tag origin;
UPDATE import_book SET tag = tag_origin(origin, place, shipped_on);
ALTER TABLE import_book ADD COLUMN verdict verdict;
UPDATE import_book SET verdict = screen(tag, hs, shipped_on, jurisdiction);

-- The compliance summary: verdicts per jurisdiction ...
SELECT jurisdiction, count(*) FILTER (WHERE verdict = 'allow') AS allow,
       count(*) FILTER (WHERE verdict = 'review') AS review,
       count(*) FILTER (WHERE verdict = 'licence') AS licence,
       count(*) FILTER (WHERE verdict = 'prohibit') AS prohibit
FROM import_book GROUP BY jurisdiction ORDER BY jurisdiction;
-- ... the rules hit most often, with their legal basis ...
SELECT e.rule_id, r.jurisdiction, e.action, r.instrument, r.article, r.citation, count(*) AS consignments
FROM import_book b, LATERAL explain(b.tag, b.hs, b.shipped_on, b.jurisdiction) e
JOIN rule r ON r.id = e.rule_id
WHERE e.action > 'allow'
GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY consignments DESC, rule_id LIMIT 10;
-- ... and the reasons for a few of them, ready for a case file.
\x on
SELECT b.id, b.origin, b.place, b.hs, b.shipped_on, b.jurisdiction, b.verdict, e.*
FROM import_book b, LATERAL explain(b.tag, b.hs, b.shipped_on, b.jurisdiction) e
WHERE b.id IN (
	(SELECT min(id) FROM import_book WHERE verdict = 'prohibit' AND place = 'Мелітополь' AND jurisdiction = 'EU'),
	(SELECT min(id) FROM import_book WHERE verdict = 'review' AND place IS NULL AND origin = 'UA-23'),
	(SELECT min(id) FROM import_book WHERE origin = 'RU' AND verdict = 'prohibit'))
ORDER BY b.id, e.action DESC;
\x off
-- The same goods, same origin, different jurisdictions: Russian copper
-- cathode in 2024.
SELECT j, screen(tag_origin('RU', NULL::int, '2024-06-01'), '7403.11', '2024-06-01', j) AS verdict
FROM unnest(ARRAY['US', 'EU', 'UK', 'CA']) j;
-- A Ukrainian certificate of origin lifts the EU ban on goods from occupied Melitopol.
SELECT screen(tag_origin(NULL, 'Melitopol', '2024-06-01'), '2805.30', '2024-06-01', 'EU') AS without,
       screen(tag_origin(NULL, 'Melitopol', '2024-06-01'), '2805.30', '2024-06-01', 'EU',
              '{ua-certificate-of-origin}') AS with_certificate;
-- Record this with the verdicts to reproduce them later.
SELECT ruleset_version();

-- Enforcement on an import table: the trigger tags and screens each row as
-- it arrives (here through COPY), and holds the ones the EU would stop in
-- the quarantine, with why; nothing is lost.
CREATE TABLE eu_imports (
	id          int PRIMARY KEY,
	origin      territory,
	place       text,
	hs          hscode NOT NULL,
	shipped_on  date NOT NULL,
	evidence    text[],
	verdict     verdict,
	tag         origin,
	rule_ids    int[]
);
CREATE TRIGGER screen BEFORE INSERT OR UPDATE ON eu_imports FOR EACH ROW
EXECUTE FUNCTION enforce('mode=quarantine', 'threshold=licence', 'jurisdiction=EU', 'key=id',
	'territory=origin', 'place=place', 'hs=hs', 'date=shipped_on', 'evidence=evidence',
	'verdict=verdict', 'origin=tag', 'rules=rule_ids');
COPY eu_imports (id, origin, place, hs, shipped_on, evidence) FROM stdin WITH (FORMAT csv);
1,CL,,2836.91,2024-05-02,
2,UA-23,Мелітополь,2805.30,2024-05-02,
3,UA-23,Zaporozhye,8108.20,2024-05-03,
4,UA-23,,8108.20,2024-05-03,
5,UA-43,Armyansk,2823.00,2024-05-06,
6,UA-43,Armyansk,2823.00,2024-05-06,{ua-certificate-of-origin}
7,RU,,7601.10,2024-05-07,
8,RU,,7108.12,2024-05-07,
9,CD,Rubaya,2615.90,2024-05-08,
10,AU-WA,,2530.90,2024-05-08,
\.
-- accepted (with their verdicts) ...
SELECT id, origin, place, hs, verdict, tag, rule_ids FROM eu_imports ORDER BY id;
-- ... and held, with the reasons
SELECT id AS held, row_key AS import_id, verdict, rule_ids, reasons FROM quarantine WHERE status = 'held' ORDER BY id;
SELECT (SELECT count(*) FROM eu_imports) + (SELECT count(*) FROM quarantine) AS rows_accounted_for;
-- A table that must never record a prohibited shipment refuses it outright.
CREATE TABLE eu_contracts (id int, origin territory, hs hscode, shipped_on date);
CREATE TRIGGER screen BEFORE INSERT OR UPDATE ON eu_contracts FOR EACH ROW
EXECUTE FUNCTION enforce('mode=prohibit', 'jurisdiction=EU', 'key=id', 'territory=origin', 'hs=hs', 'date=shipped_on');
\set ON_ERROR_STOP 0
INSERT INTO eu_contracts VALUES (1, 'UA-43', '2823.00', '2024-05-06');
\set ON_ERROR_STOP 1
-- A reviewer releases a held row (a licence was granted) and rejects another.
SELECT release(id, 'licence granted') FROM quarantine WHERE row_key = '2';
SELECT reject(id, 'no licence') FROM quarantine WHERE row_key = '5';
SELECT id, origin, verdict FROM eu_imports WHERE id IN (2, 5);
SELECT row_key, status, decided_by IS NOT NULL AS decided, decision_reason FROM quarantine ORDER BY id;
-- Every decision other than allow is in the audit trail.
SELECT row_key, operation, outcome, verdict, rule_ids FROM audit ORDER BY id;

-- Chains of custody: where the goods were mined, smelted, processed and
-- shipped from, hop by hop.  Rules look past the declared origin.
--
-- Case 1: Russian primary aluminium, smelted in June 2024 (after the US
-- metals cut-off), rolled into plate in Turkey and exported from there.  The
-- declared origin is Turkey.
CREATE TABLE us_imports (
	id        int PRIMARY KEY,
	origin    territory NOT NULL,
	hs        hscode NOT NULL,
	shipped   date NOT NULL,
	chain     custody,
	goods     text
);
INSERT INTO us_imports VALUES
	(1, 'TR', '7606.12', '2024-09-02', 'smelted:RU@2024-06-01 > processed:TR@2024-08-01 > exported:TR',
	 'aluminium plate rolled in Turkey from Russian primary aluminium'),
	(2, 'RU', '7601.10', '2024-09-02', 'smelted:RU@2024-03-15 > exported:RU',
	 'Russian primary aluminium produced before 13 Apr 2024'),
	(3, 'RU', '7601.10', '2024-09-02', 'smelted:RU@2024-06-01 > exported:RU',
	 'Russian primary aluminium produced after 13 Apr 2024'),
	(4, 'RU', '7601.10', '2024-09-02', NULL,
	 'Russian primary aluminium, no chain declared'),
	(5, 'CN', '2615.90', '2024-09-02', hop('mined', 'CD-NK', 'Rubaya', '2024-05-10') || 'exported:RW@2024-06-01 > refined:CN@2024-07-20',
	 'tantalum from coltan mined at Rubaya, exported as Rwandan, refined in China'),
	(6, 'RW', '2615.90', '2024-09-02', NULL,
	 'the same coltan, declared Rwandan, no chain');
-- The chains, hop by hop.
SELECT s.id, h.hop, h.role, h.territory, territory_name(h.territory), p.name AS place, h.on_date
FROM us_imports s, LATERAL hops(s.chain) h LEFT JOIN place p ON p.id = h.place_id
ORDER BY s.id, h.hop;
-- Verdicts with and without the chain: the plate rolled in Turkey is not
-- "Russian aluminium" for the US ban (substantially transformed abroad, OFAC
-- FAQ 1019), but the s232 tariff follows the smelter; metal produced before
-- the cut-off is outside the ban; coltan is flagged for the DRC and M23,
-- where it was mined, not only for Rwanda, where it was exported from.
SELECT id, goods, origin,
       screen(tag_origin(origin, NULL::int, shipped), hs, shipped, 'US') AS us_declared_only,
       screen(tag_origin(origin, NULL::int, shipped), hs, shipped, 'US', '{}', chain) AS us_with_chain,
       screen(tag_origin(origin, NULL::int, shipped), hs, shipped, 'EU', '{}', chain) AS eu_with_chain
FROM us_imports ORDER BY id;
-- Why, hop by hop, for the Turkish plate ...
SELECT e.rule_id, e.action, e.hop, e.instrument, e.why
FROM us_imports s, LATERAL explain(tag_origin(s.origin, NULL::int, s.shipped), s.hs, s.shipped, 'US', '{}', s.chain) e
WHERE s.id = 1;
-- ... and for the Rubaya coltan, in the US and the EU.
SELECT j AS jurisdiction, e.rule_id, e.action, e.hop, e.instrument, e.why
FROM us_imports s, unnest(ARRAY['US', 'EU']) j,
     LATERAL explain(tag_origin(s.origin, NULL::int, s.shipped), s.hs, s.shipped, j, '{}', s.chain) e
WHERE s.id = 5 ORDER BY j, e.rule_id;
-- Chains are searchable: everything smelted in Russia, whatever it became.
CREATE INDEX ON us_imports USING gin (chain);
SELECT id, goods FROM us_imports WHERE chain @> 'smelted:RU' ORDER BY id;
-- A bad chain is refused with the hop that is wrong.
\set ON_ERROR_STOP 0
SELECT 'mined:CD-NK@2024-05-10 > exported:RW@2024-04-01'::custody;
SELECT 'dug:CD-NK > exported:RW'::custody;
\set ON_ERROR_STOP 1

-- Bad input is refused with a reason.
\set ON_ERROR_STOP 0
INSERT INTO shipment VALUES (13, '2025-08-05', 'UA-99', '2805.30', 'typo in the oblast code');
INSERT INTO shipment VALUES (14, '2025-08-05', 'UKR', '2805.30', 'alpha-3 instead of alpha-2');
INSERT INTO shipment VALUES (15, '2025-08-05', 'UA-14', '2805.3', 'truncated HS code');
SELECT find_place('Atlantis');
SELECT tag_origin('UA-14', 'Melitopol', '2024-01-01');
SELECT screen(tag_origin('UA-23', NULL::int, '2024-01-01'), '2805.30', '2024-01-01', 'USA');
\set ON_ERROR_STOP 1

-- At scale, "hs <@ prefix" and "origin <@ country" are btree range scans.
CREATE TABLE import_line AS
SELECT g AS id,
       (SELECT code FROM territories() OFFSET (g * 7919) % 5376 LIMIT 1) AS origin,
       format('%s%s.%s', 25 + g % 57, lpad((g % 97 + 1)::text, 2, '0'),
              lpad((g % 9 * 10)::text, 2, '0'))::hscode AS hs
FROM generate_series(1, 100000) g;
CREATE INDEX ON import_line (hs);
CREATE INDEX ON import_line (origin);
ANALYZE import_line;
EXPLAIN (COSTS OFF) SELECT count(*) FROM import_line WHERE hs <@ '2805';
SELECT count(*) FROM import_line WHERE hs <@ '2805';
EXPLAIN (COSTS OFF) SELECT count(*) FROM import_line WHERE origin <@ 'UA';
SELECT count(*) FROM import_line WHERE origin <@ 'UA';
