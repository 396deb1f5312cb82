--
-- Sealing the audit trail: embargo.seal_audit() and embargo.verify_audit().
-- The tests before write audit rows (none seals), and this one may run again
-- in the same database: audit and seal ids vary, so they are captured and
-- compared, never shown, as are digests and times.
--
SET search_path = embargo, public;
-- What verify_audit() reports: whether it names the expected seal and audit
-- row, the problem, and the detail with its numbers masked.
CREATE FUNCTION pg_temp.verify(seal bigint, audit_row bigint)
RETURNS TABLE (names_seal boolean, names_row boolean, problem text, detail text)
LANGUAGE sql AS $$
	SELECT v.seal_id = seal, v.audit_id IS NOT DISTINCT FROM audit_row, v.problem,
	       regexp_replace(v.detail, '\d+', 'N', 'g')
	FROM embargo.verify_audit() v
$$;
-- An import table under enforce() in flag mode: a row from UA-23 alone
-- (contested: review) is audited as flagged.
CREATE TABLE public.seal_imports (id integer PRIMARY KEY, territory territory, hs hscode, shipped date);
CREATE TRIGGER screen BEFORE INSERT OR UPDATE ON public.seal_imports FOR EACH ROW
	EXECUTE FUNCTION enforce('mode=flag', 'jurisdiction=EU', 'territory=territory', 'hs=hs', 'date=shipped',
	                         'key=id');
CREATE FUNCTION pg_temp.ship(first integer, n integer) RETURNS void LANGUAGE sql AS $$
	INSERT INTO public.seal_imports SELECT g, 'UA-23', '2805.30', '2023-06-01' FROM generate_series(first, first + n - 1) g
$$;

------------------------------------------------------------------------------
-- A seal covers every audit row since the latest seal (in a fresh database,
-- every audit row) and chains to it; the first seal of the chain starts at
-- audit row 1 and at 32 zero bytes.
------------------------------------------------------------------------------
SELECT coalesce(max(id), 0) AS seal0, coalesce(max(last_audit_id), 0) AS sealed0,
       coalesce((SELECT digest FROM audit_seal ORDER BY id DESC LIMIT 1), decode(repeat('00', 32), 'hex')) AS chain0
FROM audit_seal \gset
SELECT pg_temp.ship(1, 3);
SELECT max(id) AS audit_a FROM audit \gset
SELECT * FROM seal_audit() \gset s1_
SELECT :s1_seals AS seals, :s1_rows_sealed = (SELECT count(*) FROM audit WHERE id > :sealed0) AS sealed_every_new_row,
       :s1_last_audit_id = :audit_a AS up_to_the_latest, :s1_seal_id > :seal0 AS new_seal;
SELECT format, first_audit_id = :sealed0 + 1 AS after_the_chain, last_audit_id = :audit_a AS to_latest,
       previous_digest = :'chain0' AS chained,
       row_ids = (SELECT array_agg(id ORDER BY id) FROM audit WHERE id > :sealed0) AS every_new_id,
       row_count = cardinality(row_ids) AS counted, octet_length(row_digests) = 32 * row_count AS digest_per_row,
       digest = :'s1_digest' AS returned_digest, sealed_by = session_user AS by_me,
       sealed_at BETWEEN now() - interval '1 minute' AND now() AS sealed_just_now
FROM audit_seal WHERE id = :s1_seal_id;
SELECT first_audit_id = 1 AS from_1, previous_digest = decode(repeat('00', 32), 'hex') AS starts_the_chain
FROM audit_seal ORDER BY id LIMIT 1;
-- The digests are what the README says they are, computed here independently.
SELECT s.row_digests = (
           SELECT string_agg(sha256(convert_to(jsonb_build_array(
                      a.id, a.at AT TIME ZONE 'UTC', a.by, a.source_table, a.operation, a.outcome, a.row_key,
                      a.origin::text, a.jurisdiction, a.verdict::text, a.rule_ids, a.reasons,
                      a.ruleset_version, a.quarantine_id, a.decision_reason)::text, 'UTF8')), ''::bytea ORDER BY a.id)
           FROM audit a WHERE a.id BETWEEN s.first_audit_id AND s.last_audit_id) AS row_digests_as_documented,
       s.digest = sha256(s.previous_digest
                         || convert_to(jsonb_build_array('embargo.audit_seal', s.format, s.id,
                                                         s.sealed_at AT TIME ZONE 'UTC', s.sealed_by,
                                                         s.first_audit_id, s.last_audit_id, s.row_count,
                                                         s.row_ids)::text, 'UTF8')
                         || s.row_digests) AS digest_as_documented,
       s.digest = audit_seal_digest(s) AS recomputed
FROM audit_seal s WHERE s.id = :s1_seal_id;
SELECT count(*) AS problems FROM verify_audit();

------------------------------------------------------------------------------
-- Nothing new: no new seal; the latest is returned, with a notice.
------------------------------------------------------------------------------
SELECT seal_id = :s1_seal_id AS latest, seals, rows_sealed, last_audit_id = :audit_a AS to_latest,
       digest = :'s1_digest' AS same_digest
FROM seal_audit();
SELECT max(id) = :s1_seal_id AS no_new_seal FROM audit_seal;

------------------------------------------------------------------------------
-- The second seal chains to the first and covers the range after it,
-- including ids of writes that rolled back.
------------------------------------------------------------------------------
BEGIN;
SELECT pg_temp.ship(4, 2);
ROLLBACK;
SELECT pg_temp.ship(6, 2);
SELECT * FROM seal_audit() \gset s2_
SELECT :s2_seals AS seals, :s2_rows_sealed AS rows_sealed, :s2_seal_id > :s1_seal_id AS later_seal;
SELECT previous_digest = :'s1_digest' AS chains_to_first, first_audit_id = :s1_last_audit_id + 1 AS after_first,
       row_ids = (SELECT array_agg(id ORDER BY id) FROM audit WHERE id > :s1_last_audit_id) AS new_rows,
       row_ids[1] > first_audit_id AS gap_covered, digest = :'s2_digest' AS returned_digest
FROM audit_seal WHERE id = :s2_seal_id;
-- an id in the range of the second seal with no row: a write that rolled back
SELECT row_ids[1] - 1 AS gap_id, row_ids[2] AS victim FROM audit_seal WHERE id = :s2_seal_id \gset

------------------------------------------------------------------------------
-- At most max_rows rows to a seal: one call makes as many seals as needed,
-- each chained to the one before.
------------------------------------------------------------------------------
SELECT pg_temp.ship(8, 5);
SELECT seals, rows_sealed FROM seal_audit(max_rows => 2);
SELECT array_agg(s.row_count ORDER BY s.id) AS row_counts,
       bool_and(s.previous_digest = p.digest AND s.first_audit_id = p.last_audit_id + 1) AS chained
FROM audit_seal s JOIN audit_seal p ON p.id = (SELECT max(q.id) FROM audit_seal q WHERE q.id < s.id)
WHERE s.id > :s2_seal_id;
SELECT * FROM seal_audit(0);
SELECT count(*) AS problems FROM verify_audit();
SELECT id AS latest_seal, digest AS kept_digest FROM audit_seal ORDER BY id DESC LIMIT 1 \gset
SELECT min(id) AS first_seal FROM audit_seal \gset
SELECT min(id) AS second_seal FROM audit_seal WHERE id > :first_seal \gset
SELECT row_ids[1] AS latest_row FROM audit_seal WHERE id = :latest_seal \gset

------------------------------------------------------------------------------
-- Tampering with sealed audit rows, as a superuser with the append-only
-- triggers disabled, is found and the row named.  Each case is undone before
-- the next; a row put back exactly verifies again.
------------------------------------------------------------------------------
ALTER TABLE audit DISABLE TRIGGER ALL;
CREATE TEMP TABLE saved AS SELECT * FROM audit;
CREATE FUNCTION pg_temp.restore_row(audit_row bigint) RETURNS void LANGUAGE sql AS $$
	DELETE FROM embargo.audit WHERE id = audit_row;
	INSERT INTO embargo.audit OVERRIDING SYSTEM VALUE SELECT * FROM saved WHERE id = audit_row;
$$;
-- deleted
DELETE FROM audit WHERE id = :victim;
SELECT * FROM pg_temp.verify(:s2_seal_id, :victim);
INSERT INTO audit OVERRIDING SYSTEM VALUE SELECT * FROM saved WHERE id = :victim;
SELECT count(*) AS problems FROM verify_audit();
-- altered: one character of its reasons, one microsecond of its time
UPDATE audit SET reasons = reasons || '.' WHERE id = :victim;
SELECT * FROM pg_temp.verify(:s2_seal_id, :victim);
SELECT pg_temp.restore_row(:victim);
SELECT count(*) AS problems FROM verify_audit();
UPDATE audit SET at = at + interval '1 microsecond' WHERE id = :victim;
SELECT * FROM pg_temp.verify(:s2_seal_id, :victim);
SELECT pg_temp.restore_row(:victim);
SELECT count(*) AS problems FROM verify_audit();
-- inserted into a sealed range, with an id that was never sealed
INSERT INTO audit (id, at, by, source_table, operation, outcome, row_key, origin, jurisdiction, verdict,
                   rule_ids, reasons, ruleset_version)
OVERRIDING SYSTEM VALUE
SELECT :gap_id, at, by, source_table, operation, outcome, row_key, origin, jurisdiction, verdict,
       rule_ids, reasons, ruleset_version FROM saved WHERE id = :victim;
SELECT * FROM pg_temp.verify(:s2_seal_id, :gap_id);
DELETE FROM audit WHERE id = :gap_id;
-- inserted below every seal: reported at the first seal of the chain
INSERT INTO audit (id, at, by, source_table, operation, outcome, row_key, origin, jurisdiction, verdict,
                   rule_ids, reasons, ruleset_version)
OVERRIDING SYSTEM VALUE
SELECT 0, at, by, source_table, operation, outcome, row_key, origin, jurisdiction, verdict,
       rule_ids, reasons, ruleset_version FROM saved WHERE id = :victim;
SELECT * FROM pg_temp.verify(:first_seal, 0);
DELETE FROM audit WHERE id = 0;
-- several: the first seal that fails, its first row, and how many more
DELETE FROM audit WHERE id = :victim;
UPDATE audit SET row_key = row_key || '0' WHERE id > :audit_a - 2 AND id <= :audit_a;
SELECT * FROM pg_temp.verify(:s1_seal_id, :audit_a - 1);
SELECT FROM (SELECT pg_temp.restore_row(id) FROM saved WHERE id IN (:victim, :audit_a - 1, :audit_a)) restored;
SELECT count(*) AS problems FROM verify_audit();
ALTER TABLE audit ENABLE ALWAYS TRIGGER append_only;
ALTER TABLE audit ENABLE ALWAYS TRIGGER append_only_truncate;

------------------------------------------------------------------------------
-- Tampering with the seals themselves.
------------------------------------------------------------------------------
-- Seals are append-only too, for a superuser.
UPDATE audit_seal SET sealed_by = 'someone' WHERE id = :s2_seal_id;
DELETE FROM audit_seal WHERE id = :s2_seal_id;
TRUNCATE audit_seal;
ALTER TABLE audit_seal DISABLE TRIGGER ALL;
CREATE TEMP TABLE saved_seals AS SELECT * FROM audit_seal;
CREATE FUNCTION pg_temp.restore_seal(seal bigint) RETURNS void LANGUAGE sql AS $$
	DELETE FROM embargo.audit_seal WHERE id = seal;
	INSERT INTO embargo.audit_seal OVERRIDING SYSTEM VALUE SELECT * FROM saved_seals WHERE id = seal;
$$;
-- a column of a seal
UPDATE audit_seal SET sealed_by = 'someone' WHERE id = :s2_seal_id;
SELECT * FROM pg_temp.verify(:s2_seal_id, NULL);
SELECT pg_temp.restore_seal(:s2_seal_id);
UPDATE audit_seal SET row_ids[1] = :gap_id WHERE id = :s2_seal_id;
SELECT * FROM pg_temp.verify(:s2_seal_id, NULL);
SELECT pg_temp.restore_seal(:s2_seal_id);
-- a seal rewritten, digest and all, to cover a changed row: it recomputes,
-- but the next seal no longer chains to it
ALTER TABLE audit DISABLE TRIGGER ALL;
UPDATE audit SET reasons = reasons || '.' WHERE id = :victim;
UPDATE audit_seal s SET row_digests = (SELECT string_agg(d.digest, ''::bytea ORDER BY d.id)
                                       FROM audit_digest d WHERE d.id = ANY (s.row_ids))
WHERE id = :s2_seal_id;
UPDATE audit_seal s SET digest = audit_seal_digest(s) WHERE id = :s2_seal_id;
SELECT names_row, problem, detail FROM pg_temp.verify(NULL, NULL);
SELECT seal_id > :s2_seal_id AS at_the_next_seal FROM verify_audit();
SELECT pg_temp.restore_seal(:s2_seal_id);
SELECT pg_temp.restore_row(:victim);
SELECT count(*) AS problems FROM verify_audit();
-- the same done to the latest seal verifies: only the digest kept outside
-- the database shows it
UPDATE audit SET reasons = reasons || '.' WHERE id = :latest_row;
SELECT * FROM pg_temp.verify(:latest_seal, :latest_row);
UPDATE audit_seal s SET row_digests = (SELECT string_agg(d.digest, ''::bytea ORDER BY d.id)
                                       FROM audit_digest d WHERE d.id = ANY (s.row_ids))
WHERE id = :latest_seal;
UPDATE audit_seal s SET digest = audit_seal_digest(s) WHERE id = :latest_seal;
SELECT count(*) AS problems FROM verify_audit();
SELECT digest = :'kept_digest' AS latest_is_the_kept_digest FROM audit_seal ORDER BY id DESC LIMIT 1;
SELECT pg_temp.restore_seal(:latest_seal);
SELECT pg_temp.restore_row(:latest_row);
ALTER TABLE audit ENABLE ALWAYS TRIGGER append_only;
ALTER TABLE audit ENABLE ALWAYS TRIGGER append_only_truncate;
SELECT count(*) AS problems FROM verify_audit();
-- a seal removed from the chain: the gap is named by its first audit id
DELETE FROM audit_seal WHERE id = :s2_seal_id;
SELECT names_row, problem, detail FROM pg_temp.verify(NULL, :s1_last_audit_id + 1);
SELECT seal_id > :s2_seal_id AS at_the_next_seal FROM verify_audit();
SELECT pg_temp.restore_seal(:s2_seal_id);
-- the first seal removed
DELETE FROM audit_seal WHERE id = :first_seal;
SELECT * FROM pg_temp.verify(:second_seal, 1);
SELECT pg_temp.restore_seal(:first_seal);
-- the latest seal removed: nothing inside the database shows it, but the
-- kept digest is gone from the chain
DELETE FROM audit_seal WHERE id = :latest_seal;
SELECT count(*) AS problems FROM verify_audit();
SELECT count(*) AS kept_digest_in_chain FROM audit_seal WHERE digest = :'kept_digest';
SELECT pg_temp.restore_seal(:latest_seal);
SELECT count(*) AS kept_digest_in_chain FROM audit_seal WHERE digest = :'kept_digest';
ALTER TABLE audit_seal ENABLE ALWAYS TRIGGER append_only;
ALTER TABLE audit_seal ENABLE ALWAYS TRIGGER append_only_truncate;
SELECT count(*) AS problems FROM verify_audit();
SELECT tgrelid::regclass AS "table", tgname, tgenabled FROM pg_trigger
WHERE tgrelid IN ('embargo.audit'::regclass, 'embargo.audit_seal'::regclass) ORDER BY 1, 2;

------------------------------------------------------------------------------
-- Independent of the session: settings, and a hostile search_path.
------------------------------------------------------------------------------
SET TimeZone = 'America/St_Johns';
SET DateStyle = 'SQL, DMY';
SET IntervalStyle = 'postgres_verbose';
SET standard_conforming_strings = off;
SET bytea_output = 'escape';
SELECT count(*) AS problems FROM verify_audit();
SELECT pg_temp.ship(13, 2);
SELECT seals, rows_sealed FROM seal_audit();
RESET TimeZone;
RESET DateStyle;
RESET IntervalStyle;
RESET standard_conforming_strings;
RESET bytea_output;
SELECT count(*) AS problems FROM verify_audit();
CREATE SCHEMA seal_hostile;
CREATE FUNCTION seal_hostile.trap(bigint, bigint) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'hijacked: % %', $1, $2;
END $$;
CREATE OPERATOR seal_hostile.= (LEFTARG = bigint, RIGHTARG = bigint, PROCEDURE = seal_hostile.trap);
CREATE OPERATOR seal_hostile.> (LEFTARG = bigint, RIGHTARG = bigint, PROCEDURE = seal_hostile.trap);
CREATE FUNCTION seal_hostile.trap_bytea(bytea, bytea) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'hijacked bytea';
END $$;
CREATE OPERATOR seal_hostile.= (LEFTARG = bytea, RIGHTARG = bytea, PROCEDURE = seal_hostile.trap_bytea);
CREATE FUNCTION seal_hostile.sha256(bytea) RETURNS bytea LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'hijacked sha256';
END $$;
CREATE DOMAIN seal_hostile.text AS pg_catalog.text CHECK (VALUE <> '');
SET search_path = seal_hostile, pg_catalog, embargo, public;
SELECT 1::bigint = 1::bigint AS hijacked_here;
SELECT pg_temp.ship(15, 1);
SELECT seals, rows_sealed FROM embargo.seal_audit();
SELECT pg_catalog.count(*) AS problems FROM embargo.verify_audit();
SELECT pg_catalog.count(d.digest) OPERATOR(pg_catalog.=) (SELECT pg_catalog.count(*) FROM embargo.audit) AS every_row_digested
FROM embargo.audit_digest d;
RESET search_path;
DROP SCHEMA seal_hostile CASCADE;
SET search_path = embargo, public;

-- At REPEATABLE READ the snapshot would predate the wait for writers.
BEGIN ISOLATION LEVEL REPEATABLE READ;
SELECT * FROM seal_audit();
ROLLBACK;

------------------------------------------------------------------------------
-- Privileges: administrators seal; reviewers (auditors) verify and read the
-- seals; nobody else does either.
------------------------------------------------------------------------------
CREATE ROLE regress_seal_nobody;
CREATE ROLE regress_seal_reviewer IN ROLE embargo_reviewer;
CREATE ROLE regress_seal_admin IN ROLE embargo_admin;
SELECT pg_temp.ship(16, 1);
SET ROLE regress_seal_nobody;
SELECT * FROM embargo.seal_audit();
SELECT * FROM embargo.verify_audit();
SELECT count(*) FROM embargo.audit_seal;
SELECT count(*) FROM embargo.audit_digest;
RESET ROLE;
SET ROLE regress_seal_reviewer;
SELECT * FROM embargo.seal_audit();
SELECT count(*) AS problems FROM embargo.verify_audit();
SELECT count(*) > 0 AS reads_seals FROM embargo.audit_seal;
RESET ROLE;
SET ROLE regress_seal_admin;
SELECT seals, rows_sealed FROM embargo.seal_audit();
SELECT count(*) AS problems FROM embargo.verify_audit();
RESET ROLE;
SELECT sealed_by = session_user AS by_session_user FROM audit_seal ORDER BY id DESC LIMIT 1;

DROP ROLE regress_seal_nobody, regress_seal_reviewer, regress_seal_admin;
DROP TABLE public.seal_imports;
