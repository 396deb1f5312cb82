--
-- Who may write into the shared quarantine and audit trail: only tables
-- whose owner is a member of embargo_importer (or a superuser).  Others
-- get a clear error at their first row, whatever its verdict.
--
CREATE ROLE regress_outsider;
CREATE ROLE regress_ops_admin IN ROLE embargo_admin;
CREATE SCHEMA outside AUTHORIZATION regress_outsider;
SET ROLE regress_outsider;
CREATE TABLE outside.imports (id int, origin embargo.territory, hs embargo.hscode, shipped date,
                              verdict embargo.verdict);
CREATE TRIGGER screen BEFORE INSERT OR UPDATE ON outside.imports FOR EACH ROW
	EXECUTE FUNCTION embargo.enforce('mode=quarantine', 'key=id', 'territory=origin', 'hs=hs',
	                                 'date=shipped', 'jurisdiction=US', 'verdict=verdict');
-- an allowed row and a prohibited one: both refused, nothing held or audited
INSERT INTO outside.imports (id, origin, hs, shipped) VALUES (1, 'CL', '2836.91', '2024-03-01');
INSERT INTO outside.imports (id, origin, hs, shipped) VALUES (2, 'UA-43', '2614.00', '2024-03-01');
RESET ROLE;
SELECT count(*) AS held FROM embargo.quarantine WHERE source_table = 'outside.imports';
SELECT count(*) AS audited FROM embargo.audit WHERE source_table = 'outside.imports';

-- An administrator lets the owner in; the next row of the same session goes
-- through (a GRANT is seen at once).
SET ROLE regress_ops_admin;
GRANT embargo_importer TO regress_outsider;
RESET ROLE;
SET ROLE regress_outsider;
INSERT INTO outside.imports (id, origin, hs, shipped) VALUES (1, 'CL', '2836.91', '2024-03-01');
INSERT INTO outside.imports (id, origin, hs, shipped) VALUES (2, 'UA-43', '2614.00', '2024-03-01');
RESET ROLE;
SELECT id, verdict FROM outside.imports ORDER BY id;
SELECT verdict, status FROM embargo.quarantine WHERE source_table = 'outside.imports';

-- A REVOKE is seen at once too; so is a change of owner.  (The administrator
-- revokes: from PostgreSQL 16 on, a membership is revoked by its grantor.)
SET ROLE regress_ops_admin;
REVOKE embargo_importer FROM regress_outsider;
RESET ROLE;
SET ROLE regress_outsider;
INSERT INTO outside.imports (id, origin, hs, shipped) VALUES (3, 'CL', '2836.91', '2024-03-01');
RESET ROLE;
ALTER TABLE outside.imports OWNER TO regress_ops_admin;
INSERT INTO outside.imports (id, origin, hs, shipped) VALUES (3, 'CL', '2836.91', '2024-03-01');
SELECT id, verdict FROM outside.imports ORDER BY id;

-- Only administrators hand out the role (insufficient_privilege; the message
-- differs between PostgreSQL majors).
SET ROLE regress_outsider;
SELECT regress_sqlstate_of('GRANT embargo_importer TO regress_outsider') AS self_grant;
RESET ROLE;

DROP SCHEMA outside CASCADE;
DROP ROLE regress_outsider;
DROP ROLE regress_ops_admin;
