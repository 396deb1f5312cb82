-- tests/t/search_path_hijack.sh: an administrator's edit, in its own
-- session, while the writer's session is open.
INSERT INTO embargo.rule (jurisdiction, instrument, citation, action, territory, hs, valid_from) VALUES
	('EU', 'Hijack Test Act', 'HT/1', 'prohibit', 'CL', '{2836}', '2022-01-01'),
	('US', 'Hijack Test Act', 'HT/2', 'licence', 'AU-WA', '{2846,7601}', NULL),
	('UK', 'Hijack Test Act', 'HT/3', 'review', 'ZA', '{}', '2023-01-01');
UPDATE embargo.rule SET action = 'licence' WHERE citation = 'HT/3';
INSERT INTO embargo.rule_exception (rule_id, evidence, description, citation)
SELECT id, 'hijack-test-proof', 'hijack test evidence', 'HT/1(2)' FROM embargo.rule WHERE citation = 'HT/1';
INSERT INTO embargo.place_name (place_id, name) VALUES (16, 'Melitopol Hijack');
