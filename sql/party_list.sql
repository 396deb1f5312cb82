-- Sanctions lists as data: load_list() reads the files as published (OFAC
-- legacy CSV: sdn.csv, add.csv, alt.csv, sdn_comments.csv and the cons_*
-- files; the OFSI ConList CSV under any name); load_list_staged() loads
-- what \copy put into the staging tables.  The data are small excerpts of
-- the real files, in tests/data/sanctions.
\set SHOW_CONTEXT never
\set d `pwd`/tests/data/sanctions
CREATE ROLE regress_party_admin IN ROLE embargo_admin;
CREATE ROLE regress_party_reader;

-- The lists the loader reads, readable by anyone.
SET ROLE regress_party_reader;
SELECT list, publisher, jurisdiction FROM embargo.party_list ORDER BY list;
-- Loading is for administrators ...
SELECT * FROM embargo.load_list('ofac_sdn', '2024-05-03', ARRAY[:'d' || '/ofac_sdn/sdn.csv']);
SELECT * FROM embargo.load_list_staged('ofac_sdn', '2024-05-03');
RESET ROLE;
-- ... and reading server-side files for those who may read them.
SET ROLE regress_party_admin;
SELECT * FROM embargo.load_list('ofac_sdn', '2024-05-03', ARRAY[:'d' || '/ofac_sdn/sdn.csv']);
RESET ROLE;

-- OFAC SDN, all four files.
SELECT * FROM embargo.load_list('ofac_sdn', '2024-05-03',
	ARRAY[:'d' || '/ofac_sdn/sdn.csv', :'d' || '/ofac_sdn/add.csv', :'d' || '/ofac_sdn/alt.csv', :'d' || '/ofac_sdn/sdn_comments.csv']);
-- OFAC consolidated without its aliases and comments: a notice for each.
SELECT * FROM embargo.load_list('ofac_cons', '2025-12-19', ARRAY[:'d' || '/ofac_cons/cons_prim.csv', :'d' || '/ofac_cons/cons_add.csv']);
-- OFSI ConList, under any file name.
SELECT * FROM embargo.load_list('uk_ofsi', '2025-04-10', ARRAY[:'d' || '/uk_ofsi/ConList.csv']);
SELECT list, edition, loaded_by, entries, names, addresses, identifiers FROM embargo.party_list_edition ORDER BY list;

SELECT list, entry_id, kind, programs, listed_on FROM embargo.party_entry ORDER BY list, entry_id::integer;
-- Primary names and aliases: OFAC aka/fka, the weak a.k.a. of the remarks,
-- OFSI alias types and qualities, a name in Arabic script.
SELECT list, entry_id, name, kind, alias_type, quality, script
FROM embargo.party_name WHERE entry_id IN ('17018', '751', '7798', '13930') ORDER BY list, entry_id, kind DESC, name;
-- Addresses with their country as written and as ISO 3166-1.
SELECT list, entry_id, address, city, country, country_code FROM embargo.party_address ORDER BY list, entry_id::integer, address, city;
-- The remarks continue in the comments file.
SELECT pg_catalog.right(remarks, 60) FROM embargo.party_entry WHERE list = 'ofac_sdn' AND entry_id = '17018';
-- Identifiers: tax ids (INN), registration numbers (OGRN), passports, IMO, SWIFT.
SELECT list, entry_id, kind, value, country FROM embargo.party_identifier ORDER BY list, entry_id::integer, kind, value;

-- The same edition twice changes nothing.
SELECT * FROM embargo.load_list('uk_ofsi', '2025-04-10', ARRAY[:'d' || '/uk_ofsi/ConList.csv']);
-- An older edition than the one in force is refused.
SELECT * FROM embargo.load_list('uk_ofsi', '2025-01-01', ARRAY[:'d' || '/uk_ofsi/ConList.csv']);
-- Malformed files are refused whole, with file, line and reason.
SELECT * FROM embargo.load_list('ofac_sdn', '2024-06-01', ARRAY[:'d' || '/bad_fields/sdn.csv']);
SELECT * FROM embargo.load_list('ofac_sdn', '2024-06-01', ARRAY[:'d' || '/bad_encoding/sdn.csv']);
SELECT * FROM embargo.load_list('ofac_sdn', '2024-06-01', ARRAY[:'d' || '/ofac_sdn/sdn.csv', :'d' || '/bad_quote/alt.csv']);
SELECT * FROM embargo.load_list('ofac_sdn', '2024-06-01', ARRAY[:'d' || '/ofac_sdn/sdn.csv', :'d' || '/ofac_cons/cons_add.csv']);
SELECT * FROM embargo.load_list('ofac_sdn', '2024-06-01', ARRAY[:'d' || '/ofac_sdn/add.csv']);
-- an OFSI list is the ConList CSV, recognised by its header
SELECT * FROM embargo.load_list('uk_ofsi', '2025-05-01', ARRAY[:'d' || '/ofac_cons/cons_prim.csv']);
SELECT * FROM embargo.load_list('ofac_cons', '2025-12-20', ARRAY[:'d' || '/ofac_cons/cons_prim.csv', :'d' || '/ofac_sdn/add.csv']);
SELECT list, edition FROM embargo.party_list_edition ORDER BY list, edition;

-- The client side: \copy into the staging tables, then one call.
SET ROLE regress_party_admin;
\copy embargo.party_staging_ofac (ent_num, sdn_name, sdn_type, program, title, call_sign, vess_type, tonnage, grt, vess_flag, vess_owner, remarks) FROM 'tests/data/sanctions/ofac_sdn/sdn.csv' WITH (FORMAT csv, ENCODING 'WIN1252')
\copy embargo.party_staging_ofac_alt (ent_num, alt_num, alt_type, alt_name, alt_remarks) FROM 'tests/data/sanctions/ofac_sdn/alt.csv' WITH (FORMAT csv, ENCODING 'WIN1252')
-- a staged row that is wrong stops the load, with its line
UPDATE embargo.party_staging_ofac SET sdn_type = 'ship' WHERE ent_num = '15037';
SELECT * FROM embargo.load_list_staged('ofac_sdn', '2024-06-01', 'SDN of 1 June 2024 (test)');
UPDATE embargo.party_staging_ofac SET sdn_type = 'vessel' WHERE ent_num = '15037';
SELECT * FROM embargo.load_list_staged('ofac_sdn', '2024-06-01', 'SDN of 1 June 2024 (test)');
SELECT count(*) AS staged_left FROM embargo.party_staging_ofac;
RESET ROLE;
-- The edition in force is the latest of each list.
SELECT DISTINCT ON (list) list, edition, regexp_replace(source, '[^ ,]*/', '', 'g') AS source, entries, names, addresses
FROM embargo.party_list_edition ORDER BY list, edition DESC;

-- The CSV reader the loaders share: records and their lines, quoted fields
-- over lines; a CR at the very end (a CRLF file whose last newline was cut,
-- as psql's backquotes cut it) still ends the last field, which is kept.
SELECT t.n, r.* FROM unnest(ARRAY[E'a,b\r\nc,d\r', E'a,b\nc,d\n', E'a,"x\r\ny"\r\nc,""""', E'a,b\r\n\r\nc,d'])
       WITH ORDINALITY AS t(csv, n), embargo.party_csv_records(t.csv) r ORDER BY t.n, r.line;

DELETE FROM embargo.party_list_edition;
DROP ROLE regress_party_admin, regress_party_reader;
