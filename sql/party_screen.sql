-- Party screening: names against the sanctions lists in force, in C
-- (src/party_*.c).  The lists are the small real excerpts of
-- tests/data/sanctions, as sql/party_list.sql loads them.
\set SHOW_CONTEXT never
\set d `pwd`/tests/data/sanctions
CREATE ROLE regress_party_user;
SET ROLE regress_party_user;
-- Before any list is loaded, a party cannot be screened: an error, not allow.
SELECT * FROM embargo.match_party('Sberbank');
SELECT embargo.party_verdict('Sberbank', NULL, '2025-01-10', 'US');
RESET ROLE;
SELECT loaded FROM embargo.load_list('ofac_sdn', '2024-05-03',
	ARRAY[:'d' || '/ofac_sdn/sdn.csv', :'d' || '/ofac_sdn/add.csv', :'d' || '/ofac_sdn/alt.csv', :'d' || '/ofac_sdn/sdn_comments.csv']);
SELECT loaded FROM embargo.load_list('ofac_cons', '2025-12-19', ARRAY[:'d' || '/ofac_cons/cons_prim.csv', :'d' || '/ofac_cons/cons_add.csv']);
SELECT loaded FROM embargo.load_list('uk_ofsi', '2025-04-10', ARRAY[:'d' || '/uk_ofsi/ConList.csv']);
SET ROLE regress_party_user;

-- Normalisation, one rule at a time: case, punctuation and quotes; accents;
-- Cyrillic, Greek, Georgian and Armenian to Latin; full-width letters (NFKC);
-- initials joined; legal forms set aside in their spellings and scripts;
-- romanisations meeting in the skeleton.
SELECT word, skeleton, legal_form FROM embargo.party_name_words('«Volga Group», O.O.O.');
SELECT word, skeleton, legal_form FROM embargo.party_name_words('Société Générale S.A.');
SELECT word, skeleton, legal_form FROM embargo.party_name_words('ООО «Волга Груп»');
SELECT word, skeleton, legal_form FROM embargo.party_name_words('Общество с ограниченной ответственностью Трансойл');
SELECT word, skeleton, legal_form FROM embargo.party_name_words('Товариство з обмеженою відповідальністю "Мар''янівка"');
SELECT word, skeleton, legal_form FROM embargo.party_name_words('ПАО Сбербанк');
SELECT word, skeleton, legal_form FROM embargo.party_name_words('Ελληνική Εταιρεία');
SELECT word, skeleton, legal_form FROM embargo.party_name_words('საქართველო');
SELECT word, skeleton, legal_form FROM embargo.party_name_words('Հայաստան');
SELECT word, skeleton, legal_form FROM embargo.party_name_words('ＶＯＬＧＡ　ＧＲＯＵＰ');
SELECT word, skeleton, legal_form FROM embargo.party_name_words('Public Joint Stock Company Khodorkovskiy Yuriy');
SELECT word, skeleton, legal_form FROM embargo.party_name_words('Limited Liability Company');
SELECT word, skeleton, legal_form FROM embargo.party_name_words('J. S. C. Shchukin & Co GmbH');
SELECT word, skeleton, legal_form FROM embargo.party_name_words('');

-- Matching: the listed name, and its variants: Cyrillic, legal forms in any
-- spelling, word order, typos, case and punctuation.
SELECT list, entry_id, matched_name, score, kind, programs, meaning FROM embargo.match_party('OOO VOLGA GROUP');
SELECT list, entry_id, matched_name, score, why FROM embargo.match_party('ООО «Волга Груп»');
SELECT list, entry_id, matched_name, score, why FROM embargo.match_party('Volga Group LLC');
SELECT list, entry_id, matched_name, score, why FROM embargo.match_party('Limited Liability Company Transoil');
SELECT list, entry_id, matched_name, score, why FROM embargo.match_party('Трансойл');
SELECT list, entry_id, matched_name, score, why FROM embargo.match_party('Sberbank of Russia PJSC');
SELECT list, entry_id, matched_name, score, why FROM embargo.match_party('Russia Sberbank of');
SELECT list, entry_id, matched_name, score, why FROM embargo.match_party('Rotenberg Roman');
SELECT list, entry_id, matched_name, score, why FROM embargo.match_party('Роман Ротенберг');
SELECT list, entry_id, matched_name, score, why FROM embargo.match_party('Roman Borisovich Rotenburg');
SELECT list, entry_id, matched_name, score, why FROM embargo.match_party('gazprombank, j.s.c.');
SELECT list, entry_id, matched_name, score, why FROM embargo.match_party('Empresa Cubana de Pescados y Mariscos');
SELECT list, entry_id, matched_name, score, why FROM embargo.match_party('Caribex');
SELECT list, entry_id, matched_name, score, why FROM embargo.match_party('Crimea Railway');
SELECT list, entry_id, matched_name, score, why FROM embargo.match_party('Yu Jong 1');
-- Words joined or split as the list does not write them: found, a little lower.
SELECT list, entry_id, matched_name, score, why FROM embargo.match_party('Volgagroup');
SELECT list, entry_id, matched_name, score, why FROM embargo.match_party('Trans Oil');
-- A name in the script the list gives it in (OFSI's Arabic).
SELECT list, entry_id, matched_name, score FROM embargo.match_party('موسى بن عمر بن علي السعدي');

-- Generic words alone do not match: the distinctive word is needed.
SELECT list, entry_id, matched_name, score, why FROM embargo.match_party('Volga Trading Group');
SELECT list, entry_id, matched_name, score, why FROM embargo.match_party('Group LLC');
SELECT list, entry_id, matched_name, score, why FROM embargo.match_party('Russian Agricultural Machinery Bank');
SELECT count(*) AS unlisted FROM embargo.match_party('Northern Gold Trading Company Ltd');
SELECT count(*) AS unlisted FROM embargo.match_party('Acme Rare Earths Inc');

-- Identifiers: an entry's INN, OGRN, SWIFT/BIC, IMO or passport in the name scores 1.
SELECT list, entry_id, kind, value FROM embargo.party_identifier WHERE entry_id IN ('16806', '4249', '17018') ORDER BY 1, 2, 3, 4;
SELECT list, entry_id, matched_name, score, why FROM embargo.match_party('INN 7707083893');
SELECT list, entry_id, matched_name, score, why FROM embargo.match_party('tug, IMO 7206512');

-- Short words and numbers are compared as written: a vessel's number is no typo.
SELECT list, entry_id, matched_name, score FROM embargo.match_party('Ark III');
SELECT count(*) AS other_vessels FROM embargo.match_party('Ark II') UNION ALL SELECT count(*) FROM embargo.match_party('Ark Y')
UNION ALL SELECT count(*) FROM embargo.match_party('Sam Jong 11');

-- A country the entry's addresses do not name lowers the score.
SELECT list, entry_id, score, why FROM embargo.match_party('Volga Group', 'RU');
SELECT list, entry_id, score, why FROM embargo.match_party('Volga Group', 'DE');
SELECT * FROM embargo.match_party('Volga Group', 'XX');
SELECT * FROM embargo.match_party('Volga Group', 'ru');

-- Dates: an entry is matched only from the day the list gives as its listing.
SELECT entry_id, listed_on FROM embargo.party_entry WHERE list = 'uk_ofsi' AND entry_id = '13930';
SELECT entry_id, score FROM embargo.match_party('Crimean Railway', on_date => '2020-10-01');
SELECT entry_id, score FROM embargo.match_party('Crimean Railway', on_date => '2020-10-02');
SELECT * FROM embargo.match_party('Crimean Railway', on_date => NULL);

-- Jurisdictions: what a listing means under each.
SELECT list, entry_id, meaning, citation FROM embargo.match_party('Sberbank of Russia', jurisdiction => 'US');
SELECT list, entry_id, meaning FROM embargo.match_party('Crimea Railway', jurisdiction => 'US');
SELECT embargo.party_verdict('OOO Volga Group', NULL, '2025-01-10', 'US') AS sdn,
       embargo.party_verdict('Gazprombank', NULL, '2025-01-10', 'US') AS ssi,
       embargo.party_verdict('Volga Trading Group', NULL, '2025-01-10', 'US') AS extra_word,
       embargo.party_verdict('Crimean Railway', NULL, '2025-01-10', 'UK') AS ofsi,
       embargo.party_verdict('Crimean Railway', NULL, '2025-01-10', 'US') AS ofsi_under_us,
       embargo.party_verdict('Maple Rare Earths Inc', 'CA', '2025-01-10', 'US') AS unlisted,
       embargo.party_verdict(NULL, NULL, '2025-01-10', 'US') AS no_name;
-- A listing by another jurisdiction's list alone: allow, or review if asked.
SET embargo.party_other_lists = review;
SELECT embargo.party_verdict('Crimean Railway', NULL, '2025-01-10', 'US');
RESET embargo.party_other_lists;
-- A program the meanings table does not know is review, never allow.
SELECT list, entry_id, programs, meaning, citation FROM embargo.match_party('Haniya Ismail');
SELECT embargo.party_verdict('Haniya Ismail', NULL, '2025-01-10', 'US');
-- Jurisdictions are read as screen() reads them: any case, GB for the UK.
SELECT embargo.party_verdict('OOO Volga Group', NULL, '2025-01-10', 'us') AS us,
       embargo.party_verdict('Crimean Railway', NULL, '2025-01-10', 'gb') AS gb;
SELECT list, entry_id, meaning FROM embargo.match_party('Crimean Railway', jurisdiction => 'Gb');
-- A jurisdiction without lists is an error.
SELECT embargo.party_verdict('OOO Volga Group', NULL, '2025-01-10', 'EU');

-- Thresholds are settings.
SET embargo.party_match_threshold = 0.99;
SELECT embargo.party_verdict('Roman Borisovich Rotenburg', NULL, '2025-01-10', 'US');
SET embargo.party_possible_threshold = 0.99;
SELECT embargo.party_verdict('Roman Borisovich Rotenburg', NULL, '2025-01-10', 'US');
RESET embargo.party_match_threshold;
-- the possible-match threshold may not exceed the match threshold
SET embargo.party_possible_threshold = 0.95;
SELECT embargo.party_verdict('Roman Borisovich Rotenburg', NULL, '2025-01-10', 'US');
RESET embargo.party_possible_threshold;
SET embargo.party_match_threshold = 1.5;

-- screen() and explain() with the shipment's parties: the strictest of
-- origin and parties.
SELECT embargo.screen('CA'::embargo.territory, NULL, '2846'::embargo.hscode, '2025-01-10', 'US', '{}', NULL,
	ARRAY['Maple Rare Earths Inc', 'OOO Transoil']) AS listed_party,
       embargo.screen('CA'::embargo.territory, NULL, '2846'::embargo.hscode, '2025-01-10', 'US', '{}', NULL,
	ARRAY['Maple Rare Earths Inc']) AS clean_parties,
       embargo.screen('UA-43'::embargo.territory, NULL, '2846'::embargo.hscode, '2025-01-10', 'US', '{}', NULL,
	ARRAY['Maple Rare Earths Inc']) AS crimea,
       embargo.screen('CA'::embargo.territory, NULL, '2846'::embargo.hscode, '2025-01-10', 'US', '{}', NULL, NULL) AS no_parties,
       embargo.screen(embargo.tag_origin('CA', NULL, '2025-01-10'), '2846', '2025-01-10', 'US', '{}', NULL,
	ARRAY['Gazprombank']) AS by_origin;
SELECT rule_id, action, hop, instrument, article, why FROM embargo.explain('UA-43'::embargo.territory, NULL, '2846'::embargo.hscode,
	'2025-01-10', 'US', '{}', NULL, ARRAY['Maple Rare Earths Inc', 'OOO Transoil', 'Gazprombank']);
SELECT embargo.screen('CA'::embargo.territory, NULL, '2846'::embargo.hscode, '2025-01-10', 'EU', '{}', NULL, ARRAY['OOO Transoil']);
RESET ROLE;

-- enforce() with a party column, text or text[].
CREATE TABLE party_imports (id int PRIMARY KEY, origin embargo.territory, hs embargo.hscode, shipped_on date,
	supplier text, parties text[], verdict embargo.verdict);
CREATE TRIGGER screen_supplier BEFORE INSERT OR UPDATE ON party_imports FOR EACH ROW
	EXECUTE FUNCTION embargo.enforce('mode=flag', 'jurisdiction=US', 'territory=origin', 'hs=hs', 'date=shipped_on',
	                                 'party=supplier', 'verdict=verdict', 'key=id');
INSERT INTO party_imports (id, origin, hs, shipped_on, supplier) VALUES
	(1, 'CA', '2846', '2025-01-10', 'Maple Rare Earths Inc'),
	(2, 'CA', '2846', '2025-01-10', 'ООО Трансойл'),
	(3, 'CA', '2846', '2025-01-10', 'Gazprombank JSC'),
	(4, 'CA', '2846', '2025-01-10', NULL);
SELECT id, supplier, verdict FROM party_imports ORDER BY id;
SELECT row_key, outcome, verdict, reasons, ruleset_version = embargo.ruleset_version() AS version_recorded
FROM embargo.audit WHERE source_table = 'public.party_imports' ORDER BY id;
DROP TRIGGER screen_supplier ON party_imports;
CREATE TRIGGER screen_parties BEFORE INSERT OR UPDATE ON party_imports FOR EACH ROW
	EXECUTE FUNCTION embargo.enforce('mode=prohibit', 'jurisdiction=US', 'territory=origin', 'hs=hs', 'date=shipped_on',
	                                 'party=parties', 'key=id');
INSERT INTO party_imports (id, origin, hs, shipped_on, parties) VALUES (5, 'CA', '2846', '2025-01-10', ARRAY['Maple Rare Earths Inc', 'Volga Group OOO']);
INSERT INTO party_imports (id, origin, hs, shipped_on, parties) VALUES (6, 'CA', '2846', '2025-01-10', ARRAY['Maple Rare Earths Inc']);
DROP TRIGGER screen_parties ON party_imports;
-- a party column of another type is refused when the trigger is created
CREATE TRIGGER bad BEFORE INSERT OR UPDATE ON party_imports FOR EACH ROW
	EXECUTE FUNCTION embargo.enforce('mode=flag', 'jurisdiction=US', 'territory=origin', 'hs=hs', 'date=shipped_on', 'party=id');

-- A new edition is seen at the next statement; the rule-set version takes the lists in.
SELECT embargo.ruleset_version() AS before \gset
DELETE FROM embargo.party_list_edition WHERE list = 'ofac_sdn';
SELECT count(*) AS sdn_matches FROM embargo.match_party('OOO Volga Group') WHERE list = 'ofac_sdn';
SELECT embargo.ruleset_version() <> :'before' AS version_changed;

DROP TABLE party_imports;
DELETE FROM embargo.party_list_edition;
DROP ROLE regress_party_user;
