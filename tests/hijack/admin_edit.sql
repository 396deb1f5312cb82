-- tests/t/search_path_hijack.sh: an administrator's edit, in its own
-- session, while the writer's session is open: rules, a place alias, the
-- sanctions lists and the ownership records.
INSERT INTO embargo.rule (jurisdiction, instrument, citation, action, territory, hs, valid_from) VALUES
	('EU', 'Hijack Test Act', 'HT/1', 'prohibit', 'CL', '{2836}', '2022-01-01'),
	('US', 'Hijack Test Act', 'HT/2', 'licence', 'AU-WA', '{2846,7601}', NULL),
	('UK', 'Hijack Test Act', 'HT/3', 'review', 'ZA', '{}', '2023-01-01');
UPDATE embargo.rule SET action = 'licence' WHERE citation = 'HT/3';
INSERT INTO embargo.rule_exception (rule_id, evidence, description, citation)
SELECT id, 'hijack-test-proof', 'hijack test evidence', 'HT/1(2)' FROM embargo.rule WHERE citation = 'HT/1';
INSERT INTO embargo.place_name (place_id, name) VALUES (16, 'Melitopol Hijack');

-- The sanctions lists: a meaning of the administrator's own for a program
-- that has none (the consolidated list's NS-PLC), and a newer edition of the
-- SDN list, staged from the client: the excerpt's four files, without one
-- vessel (Tifon) and with one alias more (ARK III a.k.a. HIJACK TEST
-- SHIPPING).  The edition in force is the newer one from here on.
INSERT INTO embargo.party_program (list, program, meaning, citation, note)
VALUES ('ofac_cons', 'NS-PLC', 'blocking', 'HT/party', 'hijack test: the administrator''s own meaning');
\copy embargo.party_staging_ofac (ent_num, sdn_name, sdn_type, program, title, call_sign, vess_type, tonnage, grt, vess_flag, vess_owner, remarks) FROM PROGRAM 'cat "$HJ_DIR/../data/sanctions/ofac_sdn/sdn.csv"' WITH (FORMAT csv, ENCODING 'WIN1252')
\copy embargo.party_staging_ofac_add (ent_num, add_num, address, city, country, add_remarks) FROM PROGRAM 'cat "$HJ_DIR/../data/sanctions/ofac_sdn/add.csv"' WITH (FORMAT csv, ENCODING 'WIN1252')
\copy embargo.party_staging_ofac_alt (ent_num, alt_num, alt_type, alt_name, alt_remarks) FROM PROGRAM 'cat "$HJ_DIR/../data/sanctions/ofac_sdn/alt.csv"' WITH (FORMAT csv, ENCODING 'WIN1252')
\copy embargo.party_staging_ofac_comments (ent_num, remarks) FROM PROGRAM 'cat "$HJ_DIR/../data/sanctions/ofac_sdn/sdn_comments.csv"' WITH (FORMAT csv, ENCODING 'WIN1252')
DELETE FROM embargo.party_staging_ofac WHERE ent_num = '4249';
DELETE FROM embargo.party_staging_ofac_add WHERE ent_num = '4249';
INSERT INTO embargo.party_staging_ofac_alt (file, ent_num, alt_num, alt_type, alt_name, alt_remarks)
VALUES ('alt.csv', '15037', '999999', 'aka', 'HIJACK TEST SHIPPING', '-0- ');
SELECT loaded FROM embargo.load_list_staged('ofac_sdn', '2024-06-01', 'SDN of 1 June 2024 (hijack test)');

-- Ownership: Kestrel Holding sells its stake in Kestrel Mining on 1 March
-- 2024 (Kestrel Mining is no longer blocked from that day); the UK-listed
-- railway buys Gannet One, which a cycle ties to Gannet Two (both blocked
-- under UK rules); Eider's record is withdrawn.  With the newer SDN edition
-- above, Heron's owner (Tifon) is delisted, and with NS-PLC's meaning,
-- Plover's owner blocks.
UPDATE embargo.ownership SET valid_until = '2024-03-01'
WHERE owner = 'Kestrel Holding' AND owned = 'Kestrel Mining LLC';
INSERT INTO embargo.ownership (owner, owned, share, valid_from, source)
VALUES ('uk_ofsi:13930', 'Gannet One', 75, '2022-01-01', 'hijack test: the edit');
DELETE FROM embargo.ownership WHERE owned = 'Eider Energy';
