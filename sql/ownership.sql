-- Ownership and control (issue 18): the 50 % rules per regime, computed
-- from the user's records over the lists in force (the excerpts of
-- tests/data/sanctions), with the path and the arithmetic in why.
\set SHOW_CONTEXT never
\set d `pwd`/tests/data/sanctions
SELECT loaded FROM embargo.load_list('ofac_sdn', '2024-05-03',
	ARRAY[:'d' || '/ofac_sdn/sdn.csv', :'d' || '/ofac_sdn/add.csv', :'d' || '/ofac_sdn/alt.csv', :'d' || '/ofac_sdn/sdn_comments.csv']);
SELECT loaded FROM embargo.load_list('uk_ofsi', '2025-04-10', ARRAY[:'d' || '/uk_ofsi/ConList.csv']);
-- An EU list of the administrator's own (the EU's consolidated list has no loader yet).
INSERT INTO embargo.party_list (list, title, publisher, jurisdiction) VALUES ('eu_test', 'EU test list', 'regression test', 'EU');
INSERT INTO embargo.party_list_edition (list, edition, source, entries, names, addresses, identifiers)
VALUES ('eu_test', '2025-01-01', 'regression test', 1, 1, 0, 0);
INSERT INTO embargo.party_entry (list, edition, entry_id, kind, programs) VALUES ('eu_test', '2025-01-01', '1', 'entity', '{RUSSIA}');
INSERT INTO embargo.party_name (list, edition, entry_id, name, kind) VALUES ('eu_test', '2025-01-01', '1', 'EU LISTED HOLDING', 'primary');
INSERT INTO embargo.party_program (list, program, meaning, citation) VALUES ('eu_test', '*', 'blocking', 'Council Regulation (EU) No 269/2014, Art. 2');

-- The rules as shipped, with their citations.
SELECT jurisdiction, threshold, at_threshold, aggregate, votes_count, control_blocks, left(citation, 60) AS citation
FROM embargo.ownership_rule ORDER BY jurisdiction;

-- Records are checked: a list reference must name a list (a foreign key); shares are
-- percentages; control has no share; dates run forward.
INSERT INTO embargo.ownership (owner, owned, share, source) VALUES ('ofac_xxx:1', 'Acme', 10, 'test');
INSERT INTO embargo.ownership (owner, owned, share, source) VALUES ('ofac_sdn:16806', 'Acme', 0, 'test');
INSERT INTO embargo.ownership (owner, owned, share, source) VALUES ('ofac_sdn:16806', 'Acme', 100.5, 'test');
INSERT INTO embargo.ownership (owner, owned, share, kind, source) VALUES ('ofac_sdn:16806', 'Acme', 60, 'control', 'test');
INSERT INTO embargo.ownership (owner, owned, share, kind, source) VALUES ('ofac_sdn:16806', 'Acme', 60, 'board seats', 'test');
INSERT INTO embargo.ownership (owner, owned, share, source) VALUES ('Acme', 'Acme', 60, 'test');
INSERT INTO embargo.ownership (owner, owned, share, valid_from, valid_until, source) VALUES ('ofac_sdn:16806', 'Acme', 60, '2024-01-01', '2023-01-01', 'test');
-- a reference is in lower case (OFAC_SDN:16806 would be taken for a name), names are trimmed
INSERT INTO embargo.ownership (owner, owned, share, source) VALUES ('OFAC_SDN:16806', 'Acme', 60, 'test');
INSERT INTO embargo.ownership (owner, owned, share, source) VALUES ('ofac_sdn:16806', ' Acme', 60, 'test');

-- Bulk loading: \copy into the staging table, then one call; a malformed
-- row stops it all, naming it (row 1 is the first staged).
INSERT INTO embargo.ownership_staging (owner, owned, share, kind, valid_from, valid_until, source) VALUES
	('ofac_sdn:16806', 'Alpha Trading LLC', '30', 'shares', '', '', 'register A'),
	('ofac_sdn:16807', 'ALPHA TRADING', '25', '', '', '', 'register A'),
	('ofac_sdn:16806', 'Beta Holding GmbH', 'sixty', 'shares', '', '', 'register B');
SELECT * FROM embargo.load_ownership('company registers, Dec 2026');
UPDATE embargo.ownership_staging SET share = '60' WHERE share = 'sixty';
INSERT INTO embargo.ownership_staging (owner, owned, share, valid_from, source) VALUES ('ofac_sdn:16806', 'Zeta', '60', '2024-02-30', 'register');
SELECT * FROM embargo.load_ownership('company registers, Dec 2026');
DELETE FROM embargo.ownership_staging WHERE owned = 'Zeta';
SELECT * FROM embargo.load_ownership('company registers, Dec 2026');
-- the same records again: nothing added
INSERT INTO embargo.ownership_staging (owner, owned, share, source) VALUES ('ofac_sdn:16807', 'ALPHA TRADING', '25', 'register A');
SELECT * FROM embargo.load_ownership();
SELECT owner, owned, share, kind, source FROM embargo.ownership ORDER BY id;

-- The worked examples.
INSERT INTO embargo.ownership (owner, owned, share, kind, valid_from, valid_until, source) VALUES
	-- through a blocked intermediate: Beta Holding (60 % SDN) holds 50 % of Beta Mining
	('Beta Holding', 'Beta Mining', 50, 'shares', NULL, NULL, 'example'),
	-- a non-blocked intermediate breaks the chain: Gamma is 40 % SDN
	('ofac_sdn:16806', 'Gamma', 40, 'shares', NULL, NULL, 'example'),
	('Gamma', 'Gamma Sub', 100, 'shares', NULL, NULL, 'example'),
	-- exactly 50 %, by a party listed in each jurisdiction
	('ofac_sdn:16806', 'Delta', 50, 'shares', NULL, NULL, 'example'),
	('uk_ofsi:13930', 'Delta', 50, 'shares', NULL, NULL, 'example'),
	('eu_test:1', 'Delta EU', 50, 'shares', NULL, NULL, 'example'),
	-- control without a majority
	('ofac_sdn:16806', 'Epsilon', NULL, 'control', NULL, NULL, 'example'),
	('uk_ofsi:13930', 'Epsilon', NULL, 'control', NULL, NULL, 'example'),
	('eu_test:1', 'Epsilon', NULL, 'control', NULL, NULL, 'example'),
	-- an unknown share
	('ofac_sdn:16806', 'Zeta', NULL, 'shares', NULL, NULL, 'example'),
	-- a stake sold at the start of 2024
	('ofac_sdn:16807', 'Eta', 60, 'shares', NULL, '2024-01-01', 'example'),
	-- a cycle, fed by a blocked owner
	('ofac_sdn:16807', 'X Corp', 60, 'shares', NULL, NULL, 'example'),
	('X Corp', 'Y Corp', 60, 'shares', NULL, NULL, 'example'),
	('Y Corp', 'X Corp', 30, 'shares', NULL, NULL, 'example'),
	-- a cycle no blocked party feeds
	('P Corp', 'Q Corp', 60, 'shares', NULL, NULL, 'example'),
	('Q Corp', 'P Corp', 60, 'shares', NULL, NULL, 'example'),
	-- aggregation under EU and UK: two owners of 30 % each
	('uk_ofsi:13930', 'Theta', 30, 'shares', NULL, NULL, 'example'),
	('uk_ofsi:7798', 'Theta', 30, 'shares', NULL, NULL, 'example'),
	-- voting rights
	('ofac_sdn:16806', 'Iota', 60, 'votes', NULL, NULL, 'example'),
	('uk_ofsi:13930', 'Iota', 60, 'votes', NULL, NULL, 'example'),
	-- a listed entry owned by a party another regime lists
	('ofac_sdn:16806', 'uk_ofsi:13650', 70, 'shares', NULL, NULL, 'example'),
	-- shares and votes are two measures, not added up
	('uk_ofsi:13930', 'Kappa', 30, 'shares', NULL, NULL, 'example'),
	('uk_ofsi:13930', 'Kappa', 30, 'votes', NULL, NULL, 'example'),
	-- two tranches of one owner are one holding (not "one owner alone" twice)
	('uk_ofsi:13930', 'Lambda', 30, 'shares', NULL, '2030-01-01', 'example'),
	('uk_ofsi:13930', 'Lambda', 25, 'shares', '2020-01-01', NULL, 'example'),
	-- long names are told apart by every word
	('Small Holder', repeat('Abcdefghijklmn ', 30) || 'Firstco', 10, 'shares', NULL, NULL, 'example'),
	('ofac_sdn:16806', repeat('Abcdefghijklmn ', 30) || 'Thirdco', 60, 'shares', NULL, NULL, 'example');
SELECT n, embargo.party_verdict(n, NULL, '2025-01-10', 'US') AS us, embargo.party_verdict(n, NULL, '2025-01-10', 'UK') AS uk,
       embargo.party_verdict(n, NULL, '2025-01-10', 'EU') AS eu
FROM unnest(ARRAY['Alpha Trading', 'alpha trading ltd', 'Beta Holding', 'Beta Mining', 'Gamma', 'Gamma Sub', 'Delta', 'Delta EU',
                  'Epsilon', 'Zeta', 'Eta', 'X Corp', 'Y Corp', 'P Corp', 'Theta', 'Iota', 'Kappa', 'Lambda', 'Unrecorded Ltd']) n;
SELECT embargo.party_verdict(repeat('Abcdefghijklmn ', 30) || 'Firstco', NULL, '2025-01-10', 'US') AS firstco,
       embargo.party_verdict(repeat('Abcdefghijklmn ', 30) || 'Thirdco', NULL, '2025-01-10', 'US') AS thirdco;
-- Dates: the stake in Eta counts until it was sold; the UK listing of its owner from its listing day.
SELECT embargo.party_verdict('Eta', NULL, '2023-12-31', 'US') AS before_sale, embargo.party_verdict('Eta', NULL, '2024-01-01', 'US') AS after_sale,
       embargo.party_verdict('Epsilon', NULL, '2020-10-01', 'UK') AS before_listing, embargo.party_verdict('Epsilon', NULL, '2020-10-02', 'UK') AS listed;

-- What match_party() and explain() say: the path and the arithmetic.
SELECT list, entry_id, matched_name, score, meaning, left(citation, 40) AS citation, why
FROM embargo.match_party('Alpha Trading LLC', on_date => '2025-01-10', jurisdiction => 'US') WHERE list = 'own';
SELECT list, entry_id, meaning, why FROM embargo.match_party('Beta Mining', on_date => '2025-01-10', jurisdiction => 'US');
SELECT list, entry_id, meaning, why FROM embargo.match_party('Theta', on_date => '2025-01-10', jurisdiction => 'UK');
SELECT list, entry_id, meaning, why FROM embargo.match_party('Sam Jong 1', on_date => '2025-01-10', jurisdiction => 'US');
SELECT rule_id, action, instrument, article, why FROM embargo.explain('CA'::embargo.territory, NULL, '2846'::embargo.hscode,
	'2025-01-10', 'US', '{}', NULL, ARRAY['Maple Rare Earths Inc', 'Beta Mining']);
SELECT embargo.screen('CA'::embargo.territory, NULL, '2846'::embargo.hscode, '2025-01-10', 'UK', '{}', NULL, ARRAY['Epsilon']);

-- enforce() with an owned party.
CREATE TABLE owned_imports (id int PRIMARY KEY, origin embargo.territory, hs embargo.hscode, shipped_on date, supplier text,
	verdict embargo.verdict);
CREATE TRIGGER e BEFORE INSERT OR UPDATE ON owned_imports FOR EACH ROW
	EXECUTE FUNCTION embargo.enforce('mode=flag', 'jurisdiction=US', 'territory=origin', 'hs=hs', 'date=shipped_on',
	                                 'party=supplier', 'verdict=verdict', 'key=id');
INSERT INTO owned_imports (id, origin, hs, shipped_on, supplier) VALUES
	(1, 'CA', '2846', '2025-01-10', 'Beta Mining'), (2, 'CA', '2846', '2023-06-01', 'Eta Ltd'), (3, 'CA', '2846', '2025-01-10', 'Eta Ltd'),
	(4, 'CA', '2846', '2025-01-10', 'Zeta');
SELECT id, supplier, verdict FROM owned_imports ORDER BY id;
SELECT row_key, verdict, reasons FROM embargo.audit WHERE source_table = 'public.owned_imports' ORDER BY id;

-- An edit is seen at the next statement, and changes the version.
SELECT embargo.ruleset_version() AS before \gset
UPDATE embargo.ownership SET valid_until = '2025-01-01' WHERE owner = 'Beta Holding' AND owned = 'Beta Mining';
SELECT embargo.party_verdict('Beta Mining', NULL, '2025-01-10', 'US');
SELECT embargo.ruleset_version() <> :'before' AS version_changed;
-- An ownership rule of one's own, for a jurisdiction the data has none for, is kept; shipped ones are protected.
INSERT INTO embargo.ownership_rule (jurisdiction, threshold, at_threshold, aggregate, votes_count, control_blocks, citation)
VALUES ('CA', 50, true, false, true, true, 'regression test');
UPDATE embargo.ownership_rule SET threshold = 25 WHERE jurisdiction = 'US';

DROP TABLE owned_imports;
DELETE FROM embargo.ownership_rule WHERE NOT shipped;
DELETE FROM embargo.ownership;
DELETE FROM embargo.party_program WHERE list = 'eu_test';
DELETE FROM embargo.party_list_edition;
DELETE FROM embargo.party_list WHERE list = 'eu_test';
