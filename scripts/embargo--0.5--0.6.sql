/* embargo--0.5--0.6.sql: hardening — pinned search_path, the importer role, a sealed audit trail */

\echo Use "ALTER EXTENSION embargo UPDATE TO '0.6'" to load this file. \quit

-- The schema changes of 0.6.  The build appends the shipped data (data/*.csv,
-- through tools/data_to_sql.py), which brings the shipped rows to the 0.6
-- data and leaves the user's rows alone.

------------------------------------------------------------------------------
-- The importer role.  enforce() writes the shared quarantine and audit trail
-- only for tables whose owner is a member of embargo_importer (or a
-- superuser).  Administrators grant it.  Owners of tables already under
-- enforce() get it here, so that updating stops no import.
------------------------------------------------------------------------------

DO $$
DECLARE
	owner name;
BEGIN
	IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname OPERATOR(pg_catalog.=) 'embargo_importer') THEN
		CREATE ROLE embargo_importer NOLOGIN;
	END IF;
	IF NOT EXISTS (SELECT FROM pg_catalog.pg_auth_members m
	               WHERE m.roleid OPERATOR(pg_catalog.=) 'embargo_importer'::pg_catalog.regrole
	                 AND m.member OPERATOR(pg_catalog.=) 'embargo_admin'::pg_catalog.regrole
	                 AND m.admin_option) THEN
		GRANT embargo_importer TO embargo_admin WITH ADMIN OPTION;
	END IF;
	FOR owner IN
		SELECT DISTINCT r.rolname
		FROM pg_catalog.pg_trigger t
		JOIN pg_catalog.pg_class c ON c.oid OPERATOR(pg_catalog.=) t.tgrelid
		JOIN pg_catalog.pg_roles r ON r.oid OPERATOR(pg_catalog.=) c.relowner
		WHERE t.tgfoid OPERATOR(pg_catalog.=) '@extschema@.enforce()'::pg_catalog.regprocedure
		  AND NOT r.rolsuper
		  AND NOT pg_catalog.pg_has_role(r.oid, 'embargo_importer', 'MEMBER')
		ORDER BY r.rolname
	LOOP
		RAISE NOTICE 'granting embargo_importer to role "%", which owns tables under embargo.enforce()', owner;
		EXECUTE pg_catalog.format('GRANT embargo_importer TO %I', owner);
	END LOOP;
END $$;

------------------------------------------------------------------------------
-- Functions in SQL and PL/pgSQL run under the same pinned search_path as the
-- extension's internal queries in C.
------------------------------------------------------------------------------

ALTER FUNCTION refuse_change() SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION protect_shipped_rows() SET search_path = pg_catalog, pg_temp;

-- refuse_change() now guards the seals too: its detail names what it guards.
CREATE OR REPLACE FUNCTION refuse_change() RETURNS trigger
	LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
	RAISE EXCEPTION 'embargo.% is append-only', TG_TABLE_NAME
		USING ERRCODE = 'insufficient_privilege',
		      DETAIL = CASE TG_TABLE_NAME
		               WHEN 'audit_seal' THEN 'Seals record digests of the audit trail and are never changed or removed.'
		               WHEN 'rule_override_log' THEN 'The log records every change to rule overrides; it is never changed or removed.'
		               ELSE 'Audit rows record decisions and are never changed or removed.' END;
END $$;

------------------------------------------------------------------------------
-- Decisions on held rows reach the audit trail: a release and a rejection
-- each leave an audit row naming the quarantine row and the reviewer's
-- reason.  The quarantine records which statement held a row, so that a
-- held UPDATE is released as an update.
------------------------------------------------------------------------------

ALTER TABLE audit ADD COLUMN quarantine_id bigint, ADD COLUMN decision_reason text;
ALTER TABLE audit DROP CONSTRAINT audit_outcome_check;
ALTER TABLE audit ADD CONSTRAINT audit_outcome_check
	CHECK (outcome IN ('passed', 'flagged', 'held', 'released', 'rejected'));
COMMENT ON COLUMN audit.outcome IS
	'passed (prohibit mode, below prohibit), flagged, held, or released or rejected by a reviewer';
COMMENT ON COLUMN audit.quarantine_id IS 'the quarantine row held, released or rejected';
COMMENT ON COLUMN audit.decision_reason IS 'why the reviewer released or rejected the row';
ALTER TABLE quarantine ADD COLUMN operation text CHECK (operation IN ('INSERT', 'UPDATE')),
	ADD COLUMN jurisdiction text, ADD COLUMN old_row_data jsonb;
COMMENT ON COLUMN quarantine.old_row_data IS 'for a held UPDATE, the row it would have replaced, as jsonb: release() finds it by its primary key';
COMMENT ON COLUMN quarantine.jurisdiction IS 'the jurisdiction the row was screened for; NULL for rows held before 0.6';
COMMENT ON COLUMN quarantine.operation IS
	'the statement that was held: an INSERT is released by inserting the row, an UPDATE by updating the row with the same primary key; NULL for rows held before 0.6 (released by inserting)';

-- A reason is required: release(id, NULL) must not silently do nothing.
ALTER FUNCTION release(bigint, text) CALLED ON NULL INPUT;
ALTER FUNCTION reject(bigint, text) CALLED ON NULL INPUT;

------------------------------------------------------------------------------
-- A writer sees what it held: the rows of the quarantine it wrote, not
-- others'.  The view reads the quarantine with its owner's rights and shows
-- only rows whose held_by is the current user.
------------------------------------------------------------------------------

CREATE VIEW my_held_rows WITH (security_barrier) AS
	SELECT q.id, q.source_table, q.row_key, q.row_data, q.operation, q.verdict, q.origin,
	       q.rule_ids, q.reasons, q.held_at, q.status, q.decided_by, q.decided_at, q.decision_reason
	FROM @extschema@.quarantine q
	WHERE q.held_by OPERATOR(pg_catalog.=) CURRENT_USER;
COMMENT ON VIEW my_held_rows IS 'the rows of embargo.quarantine that the current user''s writes held, and what became of them';
GRANT SELECT ON my_held_rows TO PUBLIC;

------------------------------------------------------------------------------
-- Evidence codes: every code an exception names, with its rule's
-- jurisdiction and window.  screen() refuses a code its jurisdiction does
-- not know; the hint lists the codes in force.
------------------------------------------------------------------------------

CREATE VIEW evidence_codes AS
	SELECT r.jurisdiction, x.evidence, x.rule_id, x.valid_from, x.valid_until, x.description, x.citation
	FROM @extschema@.rule_exception x
	JOIN @extschema@.rule r ON r.id OPERATOR(pg_catalog.=) x.rule_id;
COMMENT ON VIEW evidence_codes IS
	'the evidence codes screen() and enforce() know, per jurisdiction: each exception with its rule and window of shipment dates';
GRANT SELECT ON evidence_codes TO PUBLIC;

------------------------------------------------------------------------------
-- Overrides of rules for one organisation: switch a rule (a shipped one
-- too) off, or narrow its window of shipment dates.  User data: kept by
-- pg_dump and by ALTER EXTENSION UPDATE; every change is logged.
------------------------------------------------------------------------------

CREATE TABLE rule_override (
	rule_id      integer PRIMARY KEY REFERENCES rule ON DELETE CASCADE,
	enabled      boolean NOT NULL DEFAULT false,
	valid_from   date,
	valid_until  date CHECK (valid_until > valid_from),
	reason       text NOT NULL CHECK (reason ~ '\S'),
	set_by       name NOT NULL DEFAULT CURRENT_USER,
	set_at       timestamptz NOT NULL DEFAULT pg_catalog.now(),
	CHECK (enabled OR (valid_from IS NULL AND valid_until IS NULL))
);
COMMENT ON TABLE rule_override IS
	'this organisation''s overrides of rules: a rule switched off (enabled false), or its shipment dates narrowed to [valid_from, valid_until)';
COMMENT ON COLUMN rule_override.enabled IS 'false switches the rule off; true keeps it, narrowed to the dates given';
COMMENT ON COLUMN rule_override.valid_from IS 'the rule applies from this shipment date on, if later than its own start';
COMMENT ON COLUMN rule_override.valid_until IS 'the rule stops applying on this shipment date, if earlier than its own end';
SELECT pg_catalog.pg_extension_config_dump('rule_override', '');

CREATE TABLE rule_override_log (
	id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	at          timestamptz NOT NULL DEFAULT pg_catalog.clock_timestamp(),
	by          name NOT NULL,
	operation   text NOT NULL CHECK (operation IN ('INSERT', 'UPDATE', 'DELETE')),
	rule_id     integer NOT NULL,
	old         jsonb,
	new         jsonb
);
COMMENT ON TABLE rule_override_log IS 'append-only record of every change to embargo.rule_override';
SELECT pg_catalog.pg_extension_config_dump('rule_override_log', '');
SELECT pg_catalog.pg_extension_config_dump('rule_override_log_id_seq', '');

-- Overrides change only through these two functions (EXECUTE is granted to
-- embargo_admin only), which log each change in the same transaction, with
-- the session user.  (A trigger would log again when pg_restore reloads the
-- table.)
CREATE FUNCTION log_override(operation text, id integer, old @extschema@.rule_override,
                             new @extschema@.rule_override) RETURNS void
	LANGUAGE sql SET search_path = pg_catalog, pg_temp AS $$
	INSERT INTO @extschema@.rule_override_log (by, operation, rule_id, old, new)
	VALUES (session_user, $1, $2, pg_catalog.to_jsonb($3), pg_catalog.to_jsonb($4))
$$;
COMMENT ON FUNCTION log_override(text, integer, rule_override, rule_override) IS
	'records a change of embargo.rule_override in embargo.rule_override_log (used by override_rule and drop_override)';
REVOKE EXECUTE ON FUNCTION log_override(text, integer, rule_override, rule_override) FROM PUBLIC;

CREATE FUNCTION override_rule(rule_id integer, enabled boolean, valid_from date, valid_until date,
                              reason text) RETURNS rule_override
	LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
	old @extschema@.rule_override;
	new @extschema@.rule_override;
BEGIN
	IF $1 IS NULL OR $2 IS NULL THEN
		RAISE EXCEPTION 'the rule id and enabled must not be null' USING ERRCODE = 'null_value_not_allowed';
	END IF;
	SELECT * INTO old FROM @extschema@.rule_override o WHERE o.rule_id OPERATOR(pg_catalog.=) $1 FOR UPDATE;
	INSERT INTO @extschema@.rule_override AS o (rule_id, enabled, valid_from, valid_until, reason, set_by, set_at)
	VALUES ($1, $2, $3, $4, $5, session_user, pg_catalog.now())
	ON CONFLICT ON CONSTRAINT rule_override_pkey DO UPDATE
		SET enabled = EXCLUDED.enabled, valid_from = EXCLUDED.valid_from, valid_until = EXCLUDED.valid_until,
		    reason = EXCLUDED.reason, set_by = EXCLUDED.set_by, set_at = EXCLUDED.set_at
	RETURNING o.* INTO new;
	PERFORM @extschema@.log_override(CASE WHEN old.rule_id IS NULL THEN 'INSERT' ELSE 'UPDATE' END, $1, old, new);
	RETURN new;
END $$;
COMMENT ON FUNCTION override_rule(integer, boolean, date, date, text) IS
	'switch a rule off (enabled false) or narrow its shipment dates, with a reason; logged (embargo_admin only)';
REVOKE EXECUTE ON FUNCTION override_rule(integer, boolean, date, date, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION override_rule(integer, boolean, date, date, text) TO embargo_admin;

CREATE FUNCTION drop_override(rule_id integer, reason text) RETURNS void
	LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
	old @extschema@.rule_override;
BEGIN
	IF $2 IS NULL OR $2 !~ '\S' THEN
		RAISE EXCEPTION 'a reason is required to drop a rule override' USING ERRCODE = 'null_value_not_allowed';
	END IF;
	DELETE FROM @extschema@.rule_override o WHERE o.rule_id OPERATOR(pg_catalog.=) $1 RETURNING o.* INTO old;
	IF old.rule_id IS NULL THEN
		RAISE EXCEPTION 'rule % has no override', $1 USING ERRCODE = 'no_data_found';
	END IF;
	old.reason := $2;
	PERFORM @extschema@.log_override('DELETE', $1, old, NULL);
END $$;
COMMENT ON FUNCTION drop_override(integer, text) IS
	'remove the override of a rule, with a reason; logged (embargo_admin only)';
REVOKE EXECUTE ON FUNCTION drop_override(integer, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION drop_override(integer, text) TO embargo_admin;

CREATE TRIGGER append_only BEFORE UPDATE OR DELETE ON rule_override_log
	FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER append_only_truncate BEFORE TRUNCATE ON rule_override_log
	FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
ALTER TABLE rule_override_log ENABLE ALWAYS TRIGGER append_only;
ALTER TABLE rule_override_log ENABLE ALWAYS TRIGGER append_only_truncate;
CREATE TRIGGER invalidate_gazetteer AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON rule_override
	FOR EACH STATEMENT EXECUTE FUNCTION invalidate_gazetteer();
ALTER TABLE rule_override ENABLE ALWAYS TRIGGER invalidate_gazetteer;

GRANT SELECT ON rule_override TO PUBLIC;
REVOKE ALL ON rule_override_log FROM PUBLIC;
GRANT SELECT ON rule_override_log TO embargo_reviewer;

------------------------------------------------------------------------------
-- Trigger arguments are checked when the trigger is created, not only at
-- its first row.
------------------------------------------------------------------------------

CREATE FUNCTION check_enforce_triggers() RETURNS event_trigger
	AS 'MODULE_PATHNAME', 'enforce_check_created' LANGUAGE C;
COMMENT ON FUNCTION check_enforce_triggers() IS
	'event trigger: checks the arguments, columns and events of every embargo.enforce() trigger as it is created';
CREATE EVENT TRIGGER embargo_check_enforce ON ddl_command_end
	WHEN TAG IN ('CREATE TRIGGER')
	EXECUTE FUNCTION check_enforce_triggers();

------------------------------------------------------------------------------
-- Truthful costs.  COST is in units of cpu_operator_cost, the price of one
-- operator such as int4eq (a few ns).  Measured per call on the benchmarks
-- (tests/bench/): tagging 50-100 ns, screening 100-200 ns, a declared
-- origin tagged and screened 150-300 ns, a name looked up through ICU
-- 1-2 us, explain() a few us.  With COST 1 the planner saw no gain in
-- running them in parallel workers.
------------------------------------------------------------------------------

ALTER FUNCTION tag_origin(territory, integer, date) COST 10;
ALTER FUNCTION tag_origin(territory, text, date) COST 100;
ALTER FUNCTION screen(origin, hscode, date, text, text[]) COST 20;
ALTER FUNCTION screen(origin, hscode, date, text, text[], custody) COST 30;
ALTER FUNCTION screen(territory, text, hscode, date, text, text[]) COST 120;
ALTER FUNCTION screen(territory, text, hscode, date, text, text[], custody) COST 130;
ALTER FUNCTION explain(origin, hscode, date, text, text[]) COST 1000;
ALTER FUNCTION explain(origin, hscode, date, text, text[], custody) COST 1000;
ALTER FUNCTION hop(hop_role, territory, text, date) COST 100;
ALTER FUNCTION hop(hop_role, territory, integer, date) COST 10;
ALTER FUNCTION find_place(text, territory) COST 100;

------------------------------------------------------------------------------
-- Sealing the audit trail (issue 12 §6).  The append-only triggers stop the
-- extension's users; they do not stop a superuser, or an owner who disables
-- them.  A seal records a SHA-256 digest chaining every audit row since the
-- previous seal, so that removing, changing or slipping in a sealed row, or
-- changing or removing a seal, is found by verify_audit().  The digest of
-- the latest seal is what an auditor keeps outside the database.  Nothing
-- here runs per audit row as it is written: enforce() is unchanged.
--
-- Format 1 (the format column lets the canonical form evolve):
--   row digest  = sha256(convert_to(jsonb_build_array(id, at AT TIME ZONE
--                 'UTC', by, source_table, operation, outcome, row_key,
--                 origin::text, jurisdiction, verdict::text, rule_ids,
--                 reasons, ruleset_version, quarantine_id,
--                 decision_reason)::text, 'UTF8'))
--                 over this fixed column list: a column added to audit later,
--                 a dump and restore, or a session's TimeZone, DateStyle or
--                 search_path leave it unchanged (embargo.audit_digest).
--   seal digest = sha256(previous_digest
--                 || convert_to(jsonb_build_array('embargo.audit_seal',
--                    format, id, sealed_at AT TIME ZONE 'UTC', sealed_by,
--                    first_audit_id, last_audit_id, row_count, row_ids)::text,
--                    'UTF8')
--                 || row_digests)
--                 (embargo.audit_seal_digest); previous_digest is 32 zero
--                 bytes for the first seal.
------------------------------------------------------------------------------

CREATE TABLE audit_seal (
	id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	format           smallint NOT NULL,
	sealed_at        timestamptz NOT NULL,
	sealed_by        name NOT NULL,
	first_audit_id   bigint NOT NULL,
	last_audit_id    bigint NOT NULL,
	row_count        integer NOT NULL,
	row_ids          bigint[] NOT NULL,
	row_digests      bytea NOT NULL,
	previous_digest  bytea NOT NULL,
	digest           bytea NOT NULL
);
COMMENT ON TABLE audit_seal IS
	'append-only chain of seals of embargo.audit, written by embargo.seal_audit() and checked by embargo.verify_audit()';
COMMENT ON COLUMN audit_seal.format IS 'version of the canonical row and seal forms the digests are computed over (1)';
COMMENT ON COLUMN audit_seal.sealed_by IS 'the session user who sealed (SET ROLE does not change it)';
COMMENT ON COLUMN audit_seal.first_audit_id IS
	'first audit id of the range this seal covers: 1, or the previous seal''s last_audit_id + 1';
COMMENT ON COLUMN audit_seal.last_audit_id IS 'last audit id of the range this seal covers (inclusive)';
COMMENT ON COLUMN audit_seal.row_ids IS 'ids of the audit rows sealed, ascending (the range has gaps where writes rolled back)';
COMMENT ON COLUMN audit_seal.row_digests IS 'the 32-byte digest of each sealed audit row, in the order of row_ids';
COMMENT ON COLUMN audit_seal.previous_digest IS 'the digest of the previous seal; 32 zero bytes for the first';
COMMENT ON COLUMN audit_seal.digest IS
	'sha256 of previous_digest, this seal''s header and row_digests; the latest one is what an auditor keeps outside the database';
CREATE TRIGGER append_only BEFORE UPDATE OR DELETE ON audit_seal
	FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER append_only_truncate BEFORE TRUNCATE ON audit_seal
	FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
ALTER TABLE audit_seal ENABLE ALWAYS TRIGGER append_only;
ALTER TABLE audit_seal ENABLE ALWAYS TRIGGER append_only_truncate;
SELECT pg_catalog.pg_extension_config_dump('audit_seal', '');
SELECT pg_catalog.pg_extension_config_dump('audit_seal_id_seq', '');
REVOKE ALL ON audit_seal FROM PUBLIC;
GRANT SELECT ON audit_seal TO embargo_reviewer;

-- The digest of every audit row, format 1.  A view, not a function: its
-- query is bound once, here, so no caller's search_path, operator or cast can
-- reach into it, and reading it costs no function call per row.  The custom
-- types are turned into text explicitly so that a cast to json added later
-- cannot change the form.
CREATE VIEW audit_digest AS
SELECT a.id,
       pg_catalog.sha256(pg_catalog.convert_to(pg_catalog.jsonb_build_array(
           a.id, pg_catalog.timezone('UTC'::pg_catalog.text, a.at), a.by, a.source_table, a.operation,
           a.outcome, a.row_key, a.origin::pg_catalog.text, a.jurisdiction, a.verdict::pg_catalog.text,
           a.rule_ids, a.reasons, a.ruleset_version, a.quarantine_id,
           a.decision_reason)::pg_catalog.text, 'UTF8'::pg_catalog.name)) AS digest
FROM @extschema@.audit a;
COMMENT ON VIEW audit_digest IS
	'the SHA-256 digest of each audit row as embargo.seal_audit() seals it (format 1; independent of session settings)';
REVOKE ALL ON audit_digest FROM PUBLIC;
GRANT SELECT ON audit_digest TO embargo_reviewer;

CREATE FUNCTION audit_seal_digest(seal audit_seal) RETURNS bytea
	LANGUAGE sql STABLE STRICT PARALLEL SAFE
	SET search_path = pg_catalog, @extschema@, pg_temp
	AS $$
	SELECT CASE WHEN ($1).format OPERATOR(pg_catalog.=) 1 THEN pg_catalog.sha256(
	           ($1).previous_digest
	           OPERATOR(pg_catalog.||) pg_catalog.convert_to(pg_catalog.jsonb_build_array(
	               'embargo.audit_seal'::pg_catalog.text, ($1).format, ($1).id,
	               pg_catalog.timezone('UTC'::pg_catalog.text, ($1).sealed_at), ($1).sealed_by,
	               ($1).first_audit_id, ($1).last_audit_id, ($1).row_count,
	               ($1).row_ids)::pg_catalog.text, 'UTF8'::pg_catalog.name)
	           OPERATOR(pg_catalog.||) ($1).row_digests) END
	$$;
COMMENT ON FUNCTION audit_seal_digest(audit_seal) IS
	'the digest a seal should have, recomputed from its other columns (NULL for a format this version does not know)';

------------------------------------------------------------------------------
-- seal_audit(): seal every audit row written since the latest seal.
--
-- Audit ids come from an identity sequence, and writers commit out of id
-- order: a row with a lower id may still be in flight when a higher one is
-- visible.  So the function first locks the seal table (SHARE ROW EXCLUSIVE:
-- concurrent seals run one after the other) and then the audit trail in SHARE
-- mode, which waits for every transaction that has written audit rows and
-- holds back new ones until the sealing transaction ends; the next statement
-- then sees every row with an id up to the highest it sees.  It must run at
-- READ COMMITTED, where that statement takes a new snapshot (at REPEATABLE
-- READ the snapshot would predate the wait).  Rows are sealed at most
-- max_rows to a seal, set-based: one statement per seal.
------------------------------------------------------------------------------

CREATE FUNCTION seal_audit(max_rows integer DEFAULT 1000000,
                           OUT seal_id bigint, OUT last_audit_id bigint, OUT seals integer,
                           OUT rows_sealed bigint, OUT digest bytea)
	LANGUAGE plpgsql VOLATILE SECURITY DEFINER
	SET search_path = pg_catalog, @extschema@, pg_temp
	COST 1000000
	AS $$
DECLARE
	zero constant bytea := pg_catalog.decode(pg_catalog.repeat('0', 64), 'hex');  -- 32 zero bytes
	latest @extschema@.audit_seal;
	s @extschema@.audit_seal;
	sealed_time timestamptz;
	next_after bigint;
	chain bytea;
	n integer;
	high bigint;
	ids bigint[];
	digests bytea;
BEGIN
	IF max_rows IS NULL OR max_rows OPERATOR(pg_catalog.<) 1 OR max_rows OPERATOR(pg_catalog.>) 10000000 THEN
		RAISE EXCEPTION 'max_rows must be between 1 and 10000000'
			USING ERRCODE = 'invalid_parameter_value';
	END IF;
	IF pg_catalog.current_setting('transaction_isolation') OPERATOR(pg_catalog.<>) 'read committed' THEN
		RAISE EXCEPTION 'embargo.seal_audit() must run at READ COMMITTED'
			USING ERRCODE = 'invalid_transaction_state',
			      DETAIL = pg_catalog.format('At %s, audit rows committed while it waits for writers would not be seen.',
			                                 pg_catalog.upper(pg_catalog.current_setting('transaction_isolation'))),
			      HINT = 'Call it in a transaction of its own, at the default isolation level.';
	END IF;
	LOCK TABLE @extschema@.audit_seal IN SHARE ROW EXCLUSIVE MODE;
	LOCK TABLE @extschema@.audit IN SHARE MODE;
	sealed_time := pg_catalog.clock_timestamp();

	SELECT * INTO latest FROM @extschema@.audit_seal x ORDER BY x.id DESC LIMIT 1;
	IF FOUND THEN
		seal_id := latest.id;
		last_audit_id := latest.last_audit_id;
		digest := latest.digest;
		next_after := latest.last_audit_id;
		chain := latest.digest;
	ELSE
		next_after := 0;
		chain := zero;
	END IF;
	seals := 0;
	rows_sealed := 0;

	LOOP
		SELECT pg_catalog.count(*)::pg_catalog.int4, pg_catalog.max(r.id),
		       pg_catalog.array_agg(r.id ORDER BY r.id),
		       pg_catalog.string_agg(r.digest, ''::pg_catalog.bytea ORDER BY r.id)
		INTO n, high, ids, digests
		FROM (SELECT d.id, d.digest FROM @extschema@.audit_digest d
		      WHERE d.id OPERATOR(pg_catalog.>) next_after
		      ORDER BY d.id LIMIT max_rows) r;
		EXIT WHEN n OPERATOR(pg_catalog.=) 0;

		s.id := pg_catalog.nextval('@extschema@.audit_seal_id_seq'::pg_catalog.regclass);
		s.format := 1;
		s.sealed_at := sealed_time;
		s.sealed_by := session_user;
		s.first_audit_id := next_after OPERATOR(pg_catalog.+) 1;
		s.last_audit_id := high;
		s.row_count := n;
		s.row_ids := ids;
		s.row_digests := digests;
		s.previous_digest := chain;
		s.digest := @extschema@.audit_seal_digest(s);
		INSERT INTO @extschema@.audit_seal (id, format, sealed_at, sealed_by, first_audit_id, last_audit_id,
		                                    row_count, row_ids, row_digests, previous_digest, digest)
		OVERRIDING SYSTEM VALUE
		VALUES (s.id, s.format, s.sealed_at, s.sealed_by, s.first_audit_id, s.last_audit_id,
		        s.row_count, s.row_ids, s.row_digests, s.previous_digest, s.digest);

		seal_id := s.id;
		last_audit_id := s.last_audit_id;
		digest := s.digest;
		seals := seals OPERATOR(pg_catalog.+) 1;
		rows_sealed := rows_sealed OPERATOR(pg_catalog.+) n;
		next_after := high;
		chain := s.digest;
		EXIT WHEN n OPERATOR(pg_catalog.<) max_rows;
	END LOOP;

	IF seals OPERATOR(pg_catalog.=) 0 THEN
		IF seal_id IS NULL THEN
			RAISE NOTICE 'nothing to seal: the audit trail is empty';
		ELSE
			RAISE NOTICE 'nothing to seal: no audit rows since the latest seal';
		END IF;
	END IF;
END $$;
COMMENT ON FUNCTION seal_audit(integer) IS
	'seal the audit rows written since the latest seal, at most max_rows to a seal (embargo_admin only); returns the latest seal, its digest and what this call sealed';
REVOKE EXECUTE ON FUNCTION seal_audit(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION seal_audit(integer) TO embargo_admin;

------------------------------------------------------------------------------
-- verify_audit(): recompute every seal, in id order, against the audit rows
-- of today; report the first seal that fails, and in it the first audit row
-- (by id) that is missing, altered or was not sealed.  One consistent
-- snapshot (STABLE).
------------------------------------------------------------------------------

CREATE FUNCTION verify_audit()
	RETURNS TABLE (seal_id bigint, sealed_at timestamptz, audit_id bigint, problem text, detail text)
	LANGUAGE plpgsql STABLE SECURITY DEFINER
	SET search_path = pg_catalog, @extschema@, pg_temp
	COST 1000000 ROWS 1
	AS $$
DECLARE
	zero constant bytea := pg_catalog.decode(pg_catalog.repeat('0', 64), 'hex');  -- 32 zero bytes
	s @extschema@.audit_seal;
	prev_id bigint;            -- NULL until the first seal is checked
	prev_last bigint := 0;
	chain bytea := zero;
	low bigint;
	bad_id bigint;
	bad_problem text;
	bad_count bigint;
BEGIN
	FOR s IN SELECT * FROM @extschema@.audit_seal x ORDER BY x.id LOOP
		seal_id := s.id;
		sealed_at := s.sealed_at;
		audit_id := NULL;

		-- The seal itself: its digest recomputes from its columns, and they agree.
		IF s.format OPERATOR(pg_catalog.<>) 1 THEN
			problem := 'seal altered';
			detail := pg_catalog.format('seal %s has format %s, which this version does not know', s.id, s.format);
			RETURN NEXT;
			RETURN;
		END IF;
		IF NOT COALESCE(s.digest OPERATOR(pg_catalog.=) @extschema@.audit_seal_digest(s), false) THEN
			problem := 'seal altered';
			detail := pg_catalog.format('the digest of seal %s does not recompute from its contents', s.id);
			RETURN NEXT;
			RETURN;
		END IF;
		IF s.row_count OPERATOR(pg_catalog.<>) pg_catalog.cardinality(s.row_ids)
		   OR pg_catalog.octet_length(s.row_digests) OPERATOR(pg_catalog.<>) (32 OPERATOR(pg_catalog.*) s.row_count)
		   OR s.first_audit_id OPERATOR(pg_catalog.>) s.last_audit_id THEN
			problem := 'seal altered';
			detail := pg_catalog.format('seal %s is inconsistent: %s rows, %s ids, %s bytes of row digests, audit rows %s to %s',
			                            s.id, s.row_count, pg_catalog.cardinality(s.row_ids),
			                            pg_catalog.octet_length(s.row_digests), s.first_audit_id, s.last_audit_id);
			RETURN NEXT;
			RETURN;
		END IF;

		-- Its place in the chain: it starts where the previous seal ended,
		-- and names that seal's digest.
		IF s.first_audit_id OPERATOR(pg_catalog.>) (prev_last OPERATOR(pg_catalog.+) 1) THEN
			problem := 'seal missing';
			audit_id := prev_last OPERATOR(pg_catalog.+) 1;
			detail := CASE WHEN prev_id IS NULL
				THEN pg_catalog.format('the first seal, %s, starts at audit row %s: the seal of audit rows 1 to %s is missing',
				                       s.id, s.first_audit_id, s.first_audit_id OPERATOR(pg_catalog.-) 1)
				ELSE pg_catalog.format('seal %s starts at audit row %s, but seal %s ends at %s: the seal of audit rows %s to %s is missing',
				                       s.id, s.first_audit_id, prev_id, prev_last, prev_last OPERATOR(pg_catalog.+) 1,
				                       s.first_audit_id OPERATOR(pg_catalog.-) 1) END;
			RETURN NEXT;
			RETURN;
		END IF;
		IF s.first_audit_id OPERATOR(pg_catalog.<) (prev_last OPERATOR(pg_catalog.+) 1) THEN
			problem := 'seal altered';
			detail := CASE WHEN prev_id IS NULL
				THEN pg_catalog.format('the first seal, %s, starts at audit row %s, not 1', s.id, s.first_audit_id)
				ELSE pg_catalog.format('seal %s starts at audit row %s, inside seal %s, which ends at %s',
				                       s.id, s.first_audit_id, prev_id, prev_last) END;
			RETURN NEXT;
			RETURN;
		END IF;
		IF s.previous_digest OPERATOR(pg_catalog.<>) chain THEN
			problem := 'seal altered';
			detail := CASE WHEN prev_id IS NULL
				THEN pg_catalog.format('the first seal, %s, does not start the chain: its previous digest is not 32 zero bytes', s.id)
				ELSE pg_catalog.format('seal %s does not chain to seal %s: its previous digest is not the digest of seal %s',
				                       s.id, prev_id, prev_id) END;
			RETURN NEXT;
			RETURN;
		END IF;

		-- Its rows: every sealed row is there with its digest, and no other
		-- row lies in its range (for the first seal, at or below it).
		low := CASE WHEN prev_id IS NULL THEN (-9223372036854775807 OPERATOR(pg_catalog.-) 1) ELSE s.first_audit_id END;
		SELECT x.id, x.problem, x.n INTO bad_id, bad_problem, bad_count
		FROM (SELECT COALESCE(k.id, c.id) AS id,
		             CASE WHEN c.id IS NULL THEN 'missing' WHEN k.id IS NULL THEN 'inserted' ELSE 'altered' END AS problem,
		             pg_catalog.count(*) OVER () AS n
		      FROM (SELECT u.id,
		                   pg_catalog.substr(s.row_digests,
		                                     (((u.i OPERATOR(pg_catalog.-) 1) OPERATOR(pg_catalog.*) 32)
		                                      OPERATOR(pg_catalog.+) 1)::pg_catalog.int4, 32) AS digest
		            FROM pg_catalog.unnest(s.row_ids) WITH ORDINALITY AS u(id, i)) k
		      FULL JOIN (SELECT d.id, d.digest FROM @extschema@.audit_digest d
		                 WHERE d.id OPERATOR(pg_catalog.>=) low
		                   AND d.id OPERATOR(pg_catalog.<=) s.last_audit_id) c
		        ON k.id OPERATOR(pg_catalog.=) c.id
		      WHERE NOT COALESCE(k.digest OPERATOR(pg_catalog.=) c.digest, false)) x
		ORDER BY x.id
		LIMIT 1;
		IF FOUND THEN
			audit_id := bad_id;
			problem := bad_problem;
			detail := CASE
				WHEN bad_problem OPERATOR(pg_catalog.=) 'missing'
				THEN pg_catalog.format('audit row %s, sealed by seal %s, no longer exists', bad_id, s.id)
				WHEN bad_problem OPERATOR(pg_catalog.=) 'altered'
				THEN pg_catalog.format('audit row %s no longer matches its digest in seal %s', bad_id, s.id)
				ELSE pg_catalog.format('audit row %s was not sealed by seal %s, which covers audit rows %s to %s',
				                       bad_id, s.id, s.first_audit_id, s.last_audit_id) END
				OPERATOR(pg_catalog.||) CASE WHEN bad_count OPERATOR(pg_catalog.>) 1
				        THEN pg_catalog.format(' (and %s more rows of this seal differ)', bad_count OPERATOR(pg_catalog.-) 1)
				        ELSE '' END;
			RETURN NEXT;
			RETURN;
		END IF;

		prev_id := s.id;
		prev_last := s.last_audit_id;
		chain := s.digest;
	END LOOP;
END $$;
COMMENT ON FUNCTION verify_audit() IS
	'check every seal of the audit trail; no rows if all hold, else the first seal that fails and the audit row it names (embargo_reviewer)';
REVOKE EXECUTE ON FUNCTION verify_audit() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION verify_audit() TO embargo_reviewer, embargo_admin;

------------------------------------------------------------------------------
-- The editions of the shipped data: the edition of the data files this
-- database carries, and of their sources where a source gives one
-- (data/editions.csv).  Written with the shipped rows by CREATE EXTENSION
-- and by the upgrade steps that bring data; not user data (pg_dump leaves
-- it to CREATE EXTENSION).
------------------------------------------------------------------------------

CREATE TABLE data_edition (
	name     text PRIMARY KEY,
	edition  text NOT NULL,
	source   text NOT NULL
);
COMMENT ON TABLE data_edition IS
	'the edition of the shipped data (name ''data'') and of its sources, where they give one, as installed or last updated';
COMMENT ON COLUMN data_edition.name IS '''data'' for the shipped data as a whole, else the source';
COMMENT ON COLUMN data_edition.edition IS 'the edition: a date (YYYY-MM-DD) for the data, as the source gives it for a source';
COMMENT ON COLUMN data_edition.source IS 'what the edition is of';
GRANT SELECT ON data_edition TO PUBLIC;

------------------------------------------------------------------------------
-- The version of the installation, as PostGIS's postgis_full_version() gives
-- it: the extension's (the scripts this database ran), the library's (the
-- one loaded: compiled in) and the editions of the shipped data.  After the
-- library is upgraded and before ALTER EXTENSION embargo UPDATE, the two
-- versions differ: version() says so, with a notice.  Always qualified:
-- pg_catalog.version() comes first on every search_path, so callers write
-- embargo.version().
------------------------------------------------------------------------------

CREATE FUNCTION library_version() RETURNS text
	AS 'MODULE_PATHNAME', 'embargo_library_version' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION library_version() IS
	'the version of the embargo library loaded (compiled in; STABLE, not IMMUTABLE: another library can be installed under a running database)';

CREATE FUNCTION @extschema@.version() RETURNS text
	LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
	SET search_path = pg_catalog, pg_temp
	AS $$
DECLARE
	extension text;
	library text := @extschema@.library_version();
	editions text;
	result text;
BEGIN
	SELECT e.extversion INTO extension
	FROM pg_catalog.pg_extension e WHERE e.extname OPERATOR(pg_catalog.=) 'embargo';
	SELECT pg_catalog.string_agg(pg_catalog.format(' %s="%s"',
	           CASE WHEN d.name OPERATOR(pg_catalog.=) 'data' THEN 'DATA'
	                ELSE 'DATA_' OPERATOR(pg_catalog.||) pg_catalog.upper(pg_catalog.regexp_replace(d.name, '[^A-Za-z0-9]+', '_', 'g')) END,
	           d.edition), '' ORDER BY d.name OPERATOR(pg_catalog.<>) 'data', d.name)
	INTO editions
	FROM @extschema@.data_edition d;
	result := pg_catalog.format('EMBARGO="%s" LIBRARY="%s"', extension, library)
	          OPERATOR(pg_catalog.||) COALESCE(editions, ' DATA="none"');
	IF extension IS DISTINCT FROM library THEN
		RAISE NOTICE 'the embargo library loaded and the extension in this database are of different versions'
			USING DETAIL = pg_catalog.format('The extension is version %s, the library version %s.', extension, library),
			      HINT = 'If the extension is the older, run ALTER EXTENSION embargo UPDATE; if the library is, install the library of the extension''s version and reconnect.';
		result := result OPERATOR(pg_catalog.||) pg_catalog.format(
			' (the extension is %s, the library %s: ALTER EXTENSION embargo UPDATE, or install the library of version %s and reconnect)',
			extension, library, extension);
	END IF;
	RETURN result;
END $$;
COMMENT ON FUNCTION @extschema@.version() IS
	'the versions of the extension (installed), the library (loaded) and the shipped data: EMBARGO="..." LIBRARY="..." DATA="..." and the data''s sources; says so, with a notice, when the library and the extension differ';

------------------------------------------------------------------------------
-- Ukraine's KATOTTH codifier: every unit a place under its parent (settlement
-- in hromada, hromada in raion, raion in oblast), found by its code too.
------------------------------------------------------------------------------

ALTER TABLE place DROP CONSTRAINT place_kind_check;
ALTER TABLE place ADD CONSTRAINT place_kind_check
	CHECK (kind IN ('locality', 'district', 'community', 'region', 'site', 'port',
	                'oblast', 'raion', 'hromada', 'city', 'selyshche', 'village', 'city_district'));
ALTER TABLE place ADD COLUMN parent_id integer REFERENCES place;
CREATE UNIQUE INDEX place_katotth_idx ON place (katotth);
CREATE INDEX place_parent_idx ON place (parent_id);
COMMENT ON COLUMN place.kind IS
	'locality, district, community, region, site (mine, deposit, plant) or port; for KATOTTH units their category: oblast, raion, hromada, city, selyshche, village, city_district';
COMMENT ON COLUMN place.parent_id IS 'the place this one lies in (a settlement''s hromada, a hromada''s raion, ...), if recorded';

DROP FUNCTION find_places(text, territory);
CREATE FUNCTION find_places(name text, within territory DEFAULT NULL)
	RETURNS TABLE (id integer, territory territory, kind text, place text, katotth text)
	LANGUAGE sql STABLE PARALLEL SAFE COST 200
	SET search_path = pg_catalog, @extschema@, pg_temp
	AS $$
	SELECT p.id, p.territory, p.kind, p.name, p.katotth
	FROM embargo.place p
	WHERE p.id OPERATOR(pg_catalog.=) ANY (ARRAY(
	        SELECT q.id FROM embargo.place q
	        WHERE embargo.name_key(q.name) OPERATOR(pg_catalog.=) embargo.name_key($1)
	           OR q.katotth OPERATOR(pg_catalog.=) pg_catalog.upper(pg_catalog.btrim($1))
	        UNION
	        SELECT n.place_id FROM embargo.place_name n
	        WHERE embargo.name_key(n.name) OPERATOR(pg_catalog.=) embargo.name_key($1)))
	  AND ($2 IS NULL OR p.territory OPERATOR(embargo.<@) $2)
	ORDER BY p.id
	$$;
COMMENT ON FUNCTION find_places(text, territory) IS
	'every place with this name, alias or KATOTTH code, optionally within a territory, with its code (reads embargo.place)';

------------------------------------------------------------------------------
-- Official lists (Ukraine's list of occupied territories, Order No. 376):
-- editions, and the list and edition of each control row taken from one.
------------------------------------------------------------------------------

ALTER TABLE control ADD COLUMN list text;
ALTER TABLE control ADD COLUMN edition text;
ALTER TABLE control ADD CONSTRAINT control_list_edition CHECK ((list IS NULL) = (edition IS NULL));
CREATE TABLE official_list (
	list       text NOT NULL CHECK (list ~ '^[a-z][a-z0-9-]*$'),
	edition    text NOT NULL CHECK (edition ~ '^\d{4}-\d{2}-\d{2}$'),
	source     text NOT NULL,
	loaded_at  timestamptz NOT NULL DEFAULT pg_catalog.now(),
	loaded_by  text NOT NULL DEFAULT CURRENT_USER,
	shipped    boolean NOT NULL DEFAULT false,
	PRIMARY KEY (list, edition)
);
COMMENT ON TABLE official_list IS
	'the editions of official lists loaded (shipped or by an administrator); the latest edition of each list is in force';
COMMENT ON COLUMN official_list.edition IS 'the day the edition came into force (YYYY-MM-DD)';

CREATE TABLE hostility (
	id          integer GENERATED BY DEFAULT AS IDENTITY (START WITH 1000000) PRIMARY KEY,
	place_id    integer NOT NULL REFERENCES place,
	category    text NOT NULL
		CHECK (category IN ('active_hostilities', 'active_hostilities_with_e_resources', 'possible_hostilities')),
	valid_from  date,
	valid_until date CHECK (valid_until > valid_from),
	list        text NOT NULL,
	edition     text NOT NULL,
	source      text NOT NULL,
	shipped     boolean NOT NULL DEFAULT false,
	CONSTRAINT hostility_user_ids CHECK (shipped OR id >= 1000000),
	FOREIGN KEY (list, edition) REFERENCES official_list ON DELETE CASCADE
);
CREATE INDEX hostility_place_id_idx ON hostility (place_id);
COMMENT ON TABLE hostility IS
	'areas of hostilities as an official list gives them: information explain() reports; they do not make a place occupied';

ALTER TABLE control ADD FOREIGN KEY (list, edition) REFERENCES official_list ON DELETE CASCADE;
COMMENT ON COLUMN control.list IS 'the official list this row comes from (NULL: a row of its own, as the hand-made timeline)';
COMMENT ON COLUMN control.edition IS 'the edition of that list';

SELECT pg_catalog.pg_extension_config_dump('official_list', 'WHERE NOT shipped');
SELECT pg_catalog.pg_extension_config_dump('hostility', 'WHERE NOT shipped');
SELECT pg_catalog.pg_extension_config_dump('hostility_id_seq', '');
GRANT SELECT ON official_list, hostility TO PUBLIC;
GRANT INSERT, UPDATE, DELETE ON official_list, hostility TO embargo_admin;
GRANT USAGE ON SEQUENCE hostility_id_seq TO embargo_admin;
CREATE TRIGGER protect_shipped BEFORE INSERT OR UPDATE OR DELETE ON official_list
	FOR EACH ROW EXECUTE FUNCTION protect_shipped_rows();
CREATE TRIGGER protect_shipped BEFORE INSERT OR UPDATE OR DELETE ON hostility
	FOR EACH ROW EXECUTE FUNCTION protect_shipped_rows();
CREATE TRIGGER invalidate_gazetteer AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON official_list
	FOR EACH STATEMENT EXECUTE FUNCTION invalidate_gazetteer();
CREATE TRIGGER invalidate_gazetteer AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON hostility
	FOR EACH STATEMENT EXECUTE FUNCTION invalidate_gazetteer();
ALTER TABLE official_list ENABLE ALWAYS TRIGGER invalidate_gazetteer;
ALTER TABLE hostility ENABLE ALWAYS TRIGGER invalidate_gazetteer;

------------------------------------------------------------------------------
-- Loading an edition of an official list.  An administrator fills the
-- staging table with \copy from the list's CSV (tools/occupied_to_csv.py
-- converts the published document) and calls load_official_list(), which
-- checks every row, turns the edition into control and hostility rows and
-- records it in official_list, all or nothing.  The install and update
-- scripts load the shipped edition the same way.
------------------------------------------------------------------------------

CREATE TABLE official_list_staging (
	line            bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
	edition         text,
	section         text,
	category        text,
	oblast          text,
	raion           text,
	katotth         text,
	name_uk         text,
	date_start      text,
	date_end        text,
	n_periods       text,
	date_start_raw  text,
	date_end_raw    text,
	note            text
);
COMMENT ON TABLE official_list_staging IS
	'the rows of an official list''s CSV, as text, for load_official_list() to check and load (\copy fills it; not dumped)';
COMMENT ON COLUMN official_list_staging.line IS
	'the order of the rows as the file has them: the loader numbers them from it as the file''s lines, the header being line 1';
COMMENT ON COLUMN official_list_staging.edition IS 'the edition of the list the row belongs to (YYYY-MM-DD), if the file says';
COMMENT ON COLUMN official_list_staging.katotth IS 'the KATOTTH code of the unit the row is about';
COMMENT ON COLUMN official_list_staging.name_uk IS
	'the unit''s name as the list gives it; "… за винятком с. X, с. Y" is the unit except those settlements';
COMMENT ON COLUMN official_list_staging.date_start IS 'the first day of each period, DD.MM.YYYY, joined by "|"';
COMMENT ON COLUMN official_list_staging.date_end IS
	'the last day of each period, DD.MM.YYYY, joined by "|"; the last period may have none (still going on)';
REVOKE ALL ON official_list_staging FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON official_list_staging TO embargo_admin;
GRANT USAGE ON SEQUENCE official_list_staging_line_seq TO embargo_admin;

-- The list's date cells: DD.MM.YYYY joined by "|".  A day is checked
-- before make_date() sees it, so a bad cell is NULL, never an error.
CREATE FUNCTION official_list_dates(cell text) RETURNS date[]
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
	SET search_path = pg_catalog, pg_temp
	AS $$
	SELECT CASE
		WHEN $1 OPERATOR(pg_catalog.=) '' THEN '{}'::date[]
		WHEN $1 OPERATOR(pg_catalog.!~) '^[0-9]{2}\.[0-9]{2}\.[0-9]{4}(\|[0-9]{2}\.[0-9]{2}\.[0-9]{4})*$' THEN NULL
		ELSE (SELECT CASE WHEN pg_catalog.bool_and(d.day IS NOT NULL) THEN pg_catalog.array_agg(d.day ORDER BY d.k) END
		      FROM (SELECT t.k, CASE WHEN x.m OPERATOR(pg_catalog.>=) 1 AND x.m OPERATOR(pg_catalog.<=) 12
		                               AND x.y OPERATOR(pg_catalog.>=) 1 AND x.d OPERATOR(pg_catalog.>=) 1
		                               AND x.d OPERATOR(pg_catalog.<=) pg_catalog.date_part('day',
		                                   pg_catalog.make_date(x.y, x.m, 1) OPERATOR(pg_catalog.+) '1 month -1 day'::interval)
		                          THEN pg_catalog.make_date(x.y, x.m, x.d) END AS day
		            FROM pg_catalog.regexp_split_to_table($1, '\|') WITH ORDINALITY AS t(item, k),
		                 LATERAL (SELECT pg_catalog.substr(t.item, 1, 2)::integer AS d,
		                                 pg_catalog.substr(t.item, 4, 2)::integer AS m,
		                                 pg_catalog.substr(t.item, 7, 4)::integer AS y) AS x) AS d)
	END
	$$;
COMMENT ON FUNCTION official_list_dates(text) IS
	'the days of an official list''s date cell (DD.MM.YYYY joined by "|"), in order; empty for an empty cell, NULL if the cell is malformed or names no day';

-- "… за винятком с. X, с-ще Y, частина м. Z (Z-5)": the settlements a row
-- leaves out.  Items are separated by commas or "та"; a settlement-type
-- abbreviation starts one even where the comma is missing.
CREATE FUNCTION official_list_exceptions(name text)
	RETURNS TABLE (n integer, item text, part boolean, kind text, place text, aside text)
	LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
	SET search_path = pg_catalog, pg_temp
	AS $$
DECLARE
	clause text := pg_catalog.substring(pg_catalog.translate($1, E'\u00a0', ' '), 'за винятком:?(.*)$');
	piece text;
BEGIN
	IF clause IS NULL THEN
		RETURN;
	END IF;
	clause := pg_catalog.regexp_replace(clause, '[[:space:]]+та[[:space:]]+', ', ', 'g');
	clause := pg_catalog.regexp_replace(clause, '([^,[:space:]])(?<!частина)[[:space:]]+((частина[[:space:]]+)?(с-ще|с-ща|с|c|м)\.)',
	                                    '\1, \2', 'g');
	n := 0;
	FOREACH piece IN ARRAY pg_catalog.regexp_split_to_array(clause, ',') LOOP
		piece := pg_catalog.btrim(pg_catalog.regexp_replace(piece, '[[:space:]]+', ' ', 'g'));
		CONTINUE WHEN piece OPERATOR(pg_catalog.=) '';
		n := n OPERATOR(pg_catalog.+) 1;
		item := piece;
		part := piece OPERATOR(pg_catalog.~) '^частина ';
		piece := pg_catalog.regexp_replace(piece, '^частина ', '');
		aside := pg_catalog.btrim(pg_catalog.substring(piece, '\(([^()]*)\)$'));
		piece := pg_catalog.btrim(pg_catalog.regexp_replace(piece, '\([^()]*\)$', ''));
		kind := CASE pg_catalog.substring(piece, '^(с-ще|с-ща|с|c|м)\.?( |$)')
			WHEN 'м' THEN 'city' WHEN 'с' THEN 'village' WHEN 'c' THEN 'village'
			WHEN 'с-ще' THEN 'selyshche' WHEN 'с-ща' THEN 'selyshche' END;
		place := pg_catalog.btrim(pg_catalog.regexp_replace(piece, '^(с-ще|с-ща|с|c|м)\.?( |$)', ''));
		RETURN NEXT;
	END LOOP;
END $$;
COMMENT ON FUNCTION official_list_exceptions(text) IS
	'the settlements an official list''s row leaves out ("… за винятком с. X, с. Y"), in order, as written: whether only part of one is, its kind (city, selyshche, village) by the abbreviation, its name, and the text in parentheses after it (a KATOTTH code, another name, or the part)';

-- The loader.  One pass checks every staged row, in the file's order, and
-- stops at the first problem with nothing changed; then the edition's rows
-- are made set-wise:
--   * each period of a temporarily_occupied row is a control row on the
--     unit of its code, held by RU (partial where the row is "частина …",
--     part of a settlement); its last day is the list's end date, so the row
--     ends the day after ([from, until)); no end date: still occupied;
--   * a settlement a row leaves out ("за винятком") is held by UA over the
--     row's periods, except where a row of its own, or of a unit between it
--     and the excepting unit, says otherwise; part of a settlement left out
--     makes it partial (RU holds the rest), full where the part is listed
--     in a row of its own;
--   * where the hand-made timeline (rows without a list) has an authority
--     backed by RU administering the unit's territory, the periods are split
--     at its dates and that part is the authority's;
--   * the hostility categories become hostility rows, one per period.
-- The rows of the same edition, if loaded before, are replaced when they
-- differ; older editions go (the loader's own: non-shipped for an
-- administrator's load, shipped for the extension's).  The report compares
-- each unit's own rows in the edition in force before and after.
CREATE FUNCTION load_official_list(list text, edition date, source text, shipped boolean DEFAULT false)
	RETURNS TABLE (place_id integer, katotth text, name text, old_status text, new_status text, valid_from date)
	LANGUAGE plpgsql VOLATILE
	SET search_path = pg_catalog, @extschema@, pg_temp
	AS $$
DECLARE
	list_name CONSTANT text := load_official_list.list;
	is_shipped CONSTANT boolean := load_official_list.shipped;
	cite CONSTANT text := pg_catalog.btrim(load_official_list.source);
	-- the list's occupier, and the ids of the shipped rows of its edition
	occupier CONSTANT text := 'RU';
	sovereign CONSTANT text := 'UA';
	shipped_ids CONSTANT integer := 200000;
	ed text;
	in_force text;
	in_force_after text;
	have_edition boolean;
	loaded_shipped boolean;
	loaded_source text;
	r record;
	x record;
	problem text;
	found_ids integer[];
	kind_ids integer[];
	between_ids integer[];
	key text;
	changed boolean;
BEGIN
	IF list_name IS NULL OR load_official_list.edition IS NULL OR cite IS NULL OR is_shipped IS NULL THEN
		RAISE EXCEPTION 'the list, edition, source and shipped of load_official_list() must not be null'
			USING ERRCODE = 'null_value_not_allowed';
	END IF;
	IF list_name OPERATOR(pg_catalog.<>) 'ua-occupied' THEN
		RAISE EXCEPTION 'official list "%" is not one the loader reads', list_name
			USING ERRCODE = 'invalid_parameter_value',
			      HINT = 'The loader reads ua-occupied: Ukraine''s list of territories of hostilities or temporary occupation (Order No. 376 of 28.02.2025).';
	END IF;
	IF cite OPERATOR(pg_catalog.=) '' THEN
		RAISE EXCEPTION 'the source of an edition must cite it'
			USING ERRCODE = 'invalid_parameter_value',
			      HINT = 'Name the order, its amendments and where the edition was published.';
	END IF;
	IF load_official_list.edition OPERATOR(pg_catalog.<) '1000-01-01' OR load_official_list.edition OPERATOR(pg_catalog.>) '9999-12-31' THEN
		RAISE EXCEPTION 'edition % is not a day of a four-digit year', load_official_list.edition
			USING ERRCODE = 'invalid_parameter_value';
	END IF;
	ed := pg_catalog.to_char(load_official_list.edition, 'YYYY-MM-DD');

	-- One load at a time; readers are not blocked.
	LOCK TABLE @extschema@.official_list IN SHARE ROW EXCLUSIVE MODE;
	SELECT pg_catalog.max(o.edition) INTO in_force
	FROM @extschema@.official_list o WHERE o.list OPERATOR(pg_catalog.=) list_name;
	SELECT o.shipped, o.source INTO loaded_shipped, loaded_source
	FROM @extschema@.official_list o
	WHERE o.list OPERATOR(pg_catalog.=) list_name AND o.edition OPERATOR(pg_catalog.=) ed;
	have_edition := FOUND;
	IF NOT is_shipped AND in_force OPERATOR(pg_catalog.>) ed THEN
		RAISE EXCEPTION 'edition % of official list "%" is older than edition %, which is in force', ed, list_name, in_force
			USING ERRCODE = 'invalid_parameter_value',
			      HINT = 'Load a newer edition. To go back to an older one, delete the newer from embargo.official_list (its rows go with it) and load the older again.';
	END IF;
	IF is_shipped AND have_edition AND NOT loaded_shipped THEN
		RAISE EXCEPTION 'your edition % of official list "%" is in the way of the one the extension now ships', ed, list_name
			USING ERRCODE = 'check_violation',
			      HINT = pg_catalog.format('Delete it (DELETE FROM embargo.official_list WHERE list = %L AND edition = %L), then update again.', list_name, ed);
	END IF;
	IF NOT EXISTS (SELECT FROM @extschema@.official_list_staging) THEN
		RAISE EXCEPTION 'embargo.official_list_staging is empty: there is no edition to load'
			USING ERRCODE = 'no_data_found',
			      HINT = 'Fill it from the list''s CSV with \copy embargo.official_list_staging (edition, section, category, oblast, raion, katotth, name_uk, date_start, date_end, n_periods, date_start_raw, date_end_raw, note) FROM ''file.csv'' WITH (FORMAT csv, HEADER).';
	END IF;

	-- The staged rows, numbered as the file's lines, with their unit and dates.
	CREATE TEMPORARY TABLE embargo_list_row AS
	SELECT n.*, p.id AS unit, p.territory, p.name AS unit_name, p.katotth AS unit_code,
	       p.territory OPERATOR(@extschema@.<@) sovereign::@extschema@.territory AS in_country,
	       @extschema@.official_list_dates(COALESCE(n.date_start, '')) AS starts,
	       @extschema@.official_list_dates(COALESCE(n.date_end, '')) AS ends,
	       n.name_uk OPERATOR(pg_catalog.~) '^частина[[:space:]]' AS part,
	       pg_catalog.substring(n.name_uk, '^частина[^(]*\(([^()]*)\)') AS label,
	       pg_catalog.min(n.line) OVER (PARTITION BY n.category, n.katotth) AS first_line
	FROM (SELECT (pg_catalog.row_number() OVER (ORDER BY s.line))::integer OPERATOR(pg_catalog.+) 1 AS line,
	             s.edition, s.section, s.category, s.katotth, s.name_uk, s.date_start, s.date_end, s.n_periods
	      FROM @extschema@.official_list_staging s) AS n
	LEFT JOIN @extschema@.place p ON p.katotth OPERATOR(pg_catalog.=) n.katotth;
	ALTER TABLE pg_temp.embargo_list_row ADD PRIMARY KEY (line);
	ANALYZE pg_temp.embargo_list_row;
	CREATE TEMPORARY TABLE embargo_list_except (
		line integer, unit integer, via integer, part boolean, label text, between_units integer[]);

	-- Every row checked, in order: the first problem stops the load.
	FOR r IN SELECT * FROM pg_temp.embargo_list_row l ORDER BY l.line LOOP
		problem := CASE
			WHEN r.edition IS NOT NULL AND r.edition OPERATOR(pg_catalog.<>) ed THEN
				pg_catalog.format('the row is of edition %s, not %s', r.edition, ed)
			WHEN r.category IS NULL OR r.category OPERATOR(pg_catalog.<>) ALL ('{temporarily_occupied,active_hostilities,active_hostilities_with_e_resources,possible_hostilities}') THEN
				pg_catalog.format('category "%s" is none of temporarily_occupied, active_hostilities, active_hostilities_with_e_resources, possible_hostilities', r.category)
			WHEN r.section IS NOT NULL AND r.section OPERATOR(pg_catalog.<>) CASE r.category
				WHEN 'possible_hostilities' THEN 'I.1' WHEN 'active_hostilities' THEN 'I.2'
				WHEN 'active_hostilities_with_e_resources' THEN 'I.3' ELSE 'II' END THEN
				pg_catalog.format('section %s does not list %s', r.section, r.category)
			WHEN r.katotth IS NULL OR r.katotth OPERATOR(pg_catalog.!~) '^UA[0-9]{17}$' THEN
				pg_catalog.format('code "%s" is not UA and 17 digits', r.katotth)
			WHEN r.unit IS NULL THEN
				pg_catalog.format('code %s is no place of the gazetteer (embargo.place.katotth)', r.katotth)
			WHEN NOT r.in_country THEN
				pg_catalog.format('code %s is place %s, which lies in %s, not in %s', r.katotth, r.unit, r.territory, sovereign)
			WHEN r.first_line OPERATOR(pg_catalog.<>) r.line THEN
				pg_catalog.format('code %s is already listed as %s, on line %s', r.katotth, r.category, r.first_line)
			WHEN pg_catalog.btrim(COALESCE(r.name_uk, '')) OPERATOR(pg_catalog.=) '' THEN
				'the row has no name'
			WHEN r.starts IS NULL THEN
				pg_catalog.format('date_start "%s" is not days (DD.MM.YYYY) joined by "|"', r.date_start)
			WHEN pg_catalog.cardinality(r.starts) OPERATOR(pg_catalog.=) 0 THEN
				'the row has no start date'
			WHEN r.ends IS NULL THEN
				pg_catalog.format('date_end "%s" is not days (DD.MM.YYYY) joined by "|"', r.date_end)
			WHEN r.n_periods IS NOT NULL AND r.n_periods OPERATOR(pg_catalog.<>) pg_catalog.cardinality(r.starts)::text THEN
				pg_catalog.format('n_periods is %s, but there are %s start dates', r.n_periods, pg_catalog.cardinality(r.starts))
			WHEN pg_catalog.cardinality(r.ends) OPERATOR(pg_catalog.>) pg_catalog.cardinality(r.starts)
			  OR pg_catalog.cardinality(r.ends) OPERATOR(pg_catalog.<) (pg_catalog.cardinality(r.starts) OPERATOR(pg_catalog.-) 1) THEN
				pg_catalog.format('%s start dates and %s end dates: every period but the last must end',
				                  pg_catalog.cardinality(r.starts), pg_catalog.cardinality(r.ends))
			END;
		IF problem IS NULL THEN
			-- each period ends on or after its first day, before the next begins
			SELECT pg_catalog.format('period %s %s', i, CASE
				WHEN r.ends[i] OPERATOR(pg_catalog.<) r.starts[i] THEN
					pg_catalog.format('ends on %s, before it starts on %s',
					                  pg_catalog.to_char(r.ends[i], 'DD.MM.YYYY'), pg_catalog.to_char(r.starts[i], 'DD.MM.YYYY'))
				ELSE pg_catalog.format('starts on %s, before period %s has ended (%s)',
				                       pg_catalog.to_char(r.starts[i], 'DD.MM.YYYY'), i OPERATOR(pg_catalog.-) 1,
				                       pg_catalog.to_char(r.ends[i OPERATOR(pg_catalog.-) 1], 'DD.MM.YYYY')) END)
			INTO problem
			FROM pg_catalog.generate_subscripts(r.starts, 1) AS i
			WHERE r.ends[i] OPERATOR(pg_catalog.<) r.starts[i]
			   OR (i OPERATOR(pg_catalog.>) 1 AND r.starts[i] OPERATOR(pg_catalog.<=) r.ends[i OPERATOR(pg_catalog.-) 1])
			ORDER BY i LIMIT 1;
		END IF;
		-- the settlements an occupied unit is listed without: each must be
		-- one KATOTTH unit within it, by code or by name (in any script)
		IF problem IS NULL AND r.category OPERATOR(pg_catalog.=) 'temporarily_occupied' THEN
			FOR x IN SELECT * FROM @extschema@.official_list_exceptions(r.name_uk) ORDER BY 1 LOOP
				FOREACH key IN ARRAY ARRAY[x.place, pg_catalog.regexp_replace(x.aside, '^(с-ще|с-ща|с|c|м)\.?[[:space:]]*', '')] LOOP
					WITH RECURSIVE below(id) AS (
						SELECT c.id FROM @extschema@.place c WHERE c.parent_id OPERATOR(pg_catalog.=) r.unit
						UNION
						SELECT c.id FROM below b JOIN @extschema@.place c ON c.parent_id OPERATOR(pg_catalog.=) b.id)
					SELECT pg_catalog.array_agg(p.id ORDER BY p.id) INTO found_ids
					FROM @extschema@.place p
					WHERE p.id OPERATOR(pg_catalog.=) ANY (ARRAY(SELECT b.id FROM below b))
					  AND p.katotth IS NOT NULL
					  AND CASE WHEN x.aside OPERATOR(pg_catalog.~) '^UA[0-9]{17}$' THEN p.katotth OPERATOR(pg_catalog.=) x.aside
					      ELSE @extschema@.name_key(p.name) OPERATOR(pg_catalog.=) @extschema@.name_key(key)
					        OR EXISTS (SELECT FROM @extschema@.place_name a WHERE a.place_id OPERATOR(pg_catalog.=) p.id
					                   AND @extschema@.name_key(a.name) OPERATOR(pg_catalog.=) @extschema@.name_key(key)) END;
					-- of the kind the abbreviation says, where the name alone is not enough
					IF pg_catalog.cardinality(found_ids) OPERATOR(pg_catalog.>) 1 AND x.kind IS NOT NULL THEN
						SELECT pg_catalog.array_agg(p.id ORDER BY p.id) INTO kind_ids
						FROM @extschema@.place p
						WHERE p.id OPERATOR(pg_catalog.=) ANY (found_ids) AND p.kind OPERATOR(pg_catalog.=) ANY (ARRAY[x.kind, 'locality']);
						found_ids := COALESCE(kind_ids, found_ids);
					END IF;
					-- the text in parentheses, if the name finds nothing, is another name
					EXIT WHEN found_ids IS NOT NULL OR x.part OR x.aside IS NULL
						OR x.aside OPERATOR(pg_catalog.~) '^UA[0-9]{17}$';
				END LOOP;
				IF found_ids IS NULL THEN
					problem := pg_catalog.format('the exception "%s" names no unit within %s (%s)', x.item, r.unit_name, r.katotth);
				ELSIF pg_catalog.cardinality(found_ids) OPERATOR(pg_catalog.>) 1 THEN
					problem := pg_catalog.format('the exception "%s" names %s units within %s (%s): %s', x.item,
						pg_catalog.cardinality(found_ids), r.unit_name, r.katotth,
						(SELECT pg_catalog.string_agg(pg_catalog.format('%s %s', p.katotth, p.name), ', ' ORDER BY p.katotth)
						 FROM @extschema@.place p WHERE p.id OPERATOR(pg_catalog.=) ANY (found_ids)));
				END IF;
				EXIT WHEN problem IS NOT NULL;
				-- the units between the excepted one and the excepting one
				WITH RECURSIVE up(id, depth) AS (
					SELECT q.parent_id, 1 FROM @extschema@.place q WHERE q.id OPERATOR(pg_catalog.=) found_ids[1]
					UNION ALL
					SELECT q.parent_id, u.depth OPERATOR(pg_catalog.+) 1 FROM up u JOIN @extschema@.place q ON q.id OPERATOR(pg_catalog.=) u.id
					WHERE u.id OPERATOR(pg_catalog.<>) r.unit AND u.depth OPERATOR(pg_catalog.<) 16)
				SELECT pg_catalog.array_agg(u.id) INTO between_ids FROM up u
				WHERE u.id OPERATOR(pg_catalog.<>) r.unit;
				INSERT INTO pg_temp.embargo_list_except VALUES
					(r.line, found_ids[1], r.unit, x.part, x.aside, COALESCE(between_ids, '{}'));
			END LOOP;
		END IF;
		IF problem IS NOT NULL THEN
			RAISE EXCEPTION 'line % of the staged list: %', r.line, problem
				USING ERRCODE = 'data_exception',
				      DETAIL = pg_catalog.format('The row: %s, %s, %s, %s, %s–%s.', r.section, r.category, r.katotth,
				                                 r.name_uk, r.date_start, r.date_end),
				      HINT = pg_catalog.format('Nothing was loaded. Correct the row (the header of the file is line 1), fill embargo.official_list_staging again, and load edition %s again.', ed);
		END IF;
	END LOOP;

	-- The periods: [first day, the day after the last), open if no last day.
	CREATE TEMPORARY TABLE embargo_list_period AS
	SELECT l.line, i AS period, l.starts[i] AS valid_from,
	       COALESCE(l.ends[i] OPERATOR(pg_catalog.+) 1, 'infinity'::date) AS valid_until
	FROM pg_temp.embargo_list_row l, pg_catalog.generate_subscripts(l.starts, 1) AS i;
	ANALYZE pg_temp.embargo_list_period, pg_temp.embargo_list_except;

	-- Who held each unit the list names or leaves out, period by period:
	-- the units' periods cut at every date that matters to them, each piece
	-- decided, equal neighbours joined again.
	CREATE TEMPORARY TABLE embargo_list_control AS
	WITH listed AS (
		SELECT l.unit, l.line, l.part, @extschema@.name_key(l.label) AS label, p.valid_from AS f, p.valid_until AS u
		FROM pg_temp.embargo_list_row l JOIN pg_temp.embargo_list_period p ON p.line OPERATOR(pg_catalog.=) l.line
		WHERE l.category OPERATOR(pg_catalog.=) 'temporarily_occupied'),
	excepted AS (
		SELECT e.unit, e.line, e.part, @extschema@.name_key(e.label) AS label, e.between_units, p.valid_from AS f, p.valid_until AS u
		FROM pg_temp.embargo_list_except e JOIN pg_temp.embargo_list_period p ON p.line OPERATOR(pg_catalog.=) e.line),
	units AS (
		SELECT listed.unit FROM listed UNION SELECT excepted.unit FROM excepted),
	administered AS (
		SELECT n.unit, c.id AS control_id, c.controller,
		       COALESCE(c.valid_from, '-infinity'::date) AS f, COALESCE(c.valid_until, 'infinity'::date) AS u
		FROM units n
		JOIN @extschema@.place p ON p.id OPERATOR(pg_catalog.=) n.unit
		JOIN @extschema@.control c ON c.list IS NULL AND c.territory OPERATOR(@extschema@.@>) p.territory
		JOIN @extschema@.authority a ON a.code OPERATOR(pg_catalog.=) c.authority
		WHERE a.backed_by OPERATOR(@extschema@.=) occupier::@extschema@.territory),
	bounds AS (
		SELECT listed.unit, b.day FROM listed, LATERAL (VALUES (listed.f), (listed.u)) AS b(day)
		UNION
		SELECT excepted.unit, b.day FROM excepted, LATERAL (VALUES (excepted.f), (excepted.u)) AS b(day)
		UNION
		SELECT e.unit, b.day FROM excepted e JOIN listed m ON m.unit OPERATOR(pg_catalog.=) ANY (e.between_units),
		       LATERAL (VALUES (m.f), (m.u)) AS b(day)
		UNION
		SELECT a.unit, b.day FROM administered a, LATERAL (VALUES (a.f), (a.u)) AS b(day)),
	pieces AS (
		SELECT s.unit, s.day AS f, s.next AS u
		FROM (SELECT b.unit, b.day, pg_catalog.lead(b.day) OVER (PARTITION BY b.unit ORDER BY b.day) AS next FROM bounds b) AS s
		WHERE s.next IS NOT NULL),
	by_listing AS (
		SELECT g.unit, g.f, pg_catalog.bool_or(NOT m.part) AS whole,
		       pg_catalog.array_agg(m.label) FILTER (WHERE m.part) AS parts,
		       pg_catalog.array_agg(DISTINCT m.line) AS lines
		FROM pieces g JOIN listed m ON m.unit OPERATOR(pg_catalog.=) g.unit
		     AND m.f OPERATOR(pg_catalog.<=) g.f AND g.f OPERATOR(pg_catalog.<) m.u
		GROUP BY g.unit, g.f),
	by_exception AS (
		SELECT g.unit, g.f,
		       pg_catalog.array_agg(e.label) FILTER (WHERE e.part) AS parts,
		       pg_catalog.array_agg(DISTINCT e.line) FILTER (WHERE e.part) AS part_lines,
		       pg_catalog.array_agg(DISTINCT e.line) FILTER (WHERE NOT e.part AND NOT EXISTS (
		           SELECT FROM listed m WHERE m.unit OPERATOR(pg_catalog.=) ANY (e.between_units)
		           AND m.f OPERATOR(pg_catalog.<=) g.f AND g.f OPERATOR(pg_catalog.<) m.u)) AS free_lines
		FROM pieces g JOIN excepted e ON e.unit OPERATOR(pg_catalog.=) g.unit
		     AND e.f OPERATOR(pg_catalog.<=) g.f AND g.f OPERATOR(pg_catalog.<) e.u
		GROUP BY g.unit, g.f),
	administrator AS (
		SELECT DISTINCT ON (g.unit, g.f) g.unit, g.f, a.controller, a.control_id
		FROM pieces g JOIN administered a ON a.unit OPERATOR(pg_catalog.=) g.unit
		     AND a.f OPERATOR(pg_catalog.<=) g.f AND g.f OPERATOR(pg_catalog.<) a.u
		ORDER BY g.unit, g.f, a.f, a.control_id),
	decided AS (
		SELECT g.unit, g.f, g.u,
		       CASE WHEN bl.whole OR bl.parts OPERATOR(pg_catalog.&&) be.parts THEN 'full'
		            WHEN bl.parts IS NOT NULL OR be.parts IS NOT NULL THEN 'partial'
		            WHEN be.free_lines IS NOT NULL THEN 'free' END AS outcome,
		       COALESCE(bl.lines, '{}') AS listed_lines,
		       CASE WHEN bl.whole OR bl.parts IS NOT NULL OR be.parts IS NOT NULL
		            THEN COALESCE(be.part_lines, '{}') ELSE be.free_lines END AS excepted_lines,
		       ad.controller AS administrator, ad.control_id
		FROM pieces g
		LEFT JOIN by_listing bl ON bl.unit OPERATOR(pg_catalog.=) g.unit AND bl.f OPERATOR(pg_catalog.=) g.f
		LEFT JOIN by_exception be ON be.unit OPERATOR(pg_catalog.=) g.unit AND be.f OPERATOR(pg_catalog.=) g.f
		LEFT JOIN administrator ad ON ad.unit OPERATOR(pg_catalog.=) g.unit AND ad.f OPERATOR(pg_catalog.=) g.f),
	held AS (
		SELECT d.unit, d.f, d.u, d.listed_lines, d.excepted_lines,
		       CASE WHEN d.outcome OPERATOR(pg_catalog.=) 'free' THEN sovereign ELSE COALESCE(d.administrator, occupier) END AS controller,
		       CASE WHEN d.outcome OPERATOR(pg_catalog.=) 'partial' THEN 'partial' ELSE 'full' END AS coverage,
		       CASE WHEN d.outcome OPERATOR(pg_catalog.<>) 'free' THEN d.control_id END AS control_id
		FROM decided d WHERE d.outcome IS NOT NULL),
	joined AS (
		SELECT h.*, pg_catalog.sum(h.breaks) OVER (PARTITION BY h.unit ORDER BY h.f) AS run
		FROM (SELECT h.*, CASE WHEN (pg_catalog.lag(h.u) OVER w, pg_catalog.lag(h.controller) OVER w, pg_catalog.lag(h.coverage) OVER w,
		                              pg_catalog.lag(h.listed_lines) OVER w, pg_catalog.lag(h.excepted_lines) OVER w,
		                              pg_catalog.lag(h.control_id) OVER w)
		                             IS NOT DISTINCT FROM (h.f, h.controller, h.coverage, h.listed_lines, h.excepted_lines, h.control_id)
		                        THEN 0 ELSE 1 END AS breaks
		      FROM held h WINDOW w AS (PARTITION BY h.unit ORDER BY h.f)) AS h)
	SELECT j.unit, j.controller, j.coverage, pg_catalog.min(j.f) AS valid_from, pg_catalog.max(j.u) AS valid_until,
	       j.listed_lines, j.excepted_lines, j.control_id
	FROM joined j
	GROUP BY j.unit, j.run, j.controller, j.coverage, j.listed_lines, j.excepted_lines, j.control_id;

	-- The rows the edition makes, each citing the lines it comes from.
	ALTER TABLE pg_temp.embargo_list_control
		ADD COLUMN first_line integer, ADD COLUMN source text;
	UPDATE pg_temp.embargo_list_control c SET
		first_line = (SELECT pg_catalog.min(i) FROM pg_catalog.unnest(c.listed_lines OPERATOR(pg_catalog.||) c.excepted_lines) AS i),
		valid_until = NULLIF(c.valid_until, 'infinity'::date),
		source = cite OPERATOR(pg_catalog.||) '; ' OPERATOR(pg_catalog.||) pg_catalog.concat_ws('; ',
			(SELECT pg_catalog.string_agg(pg_catalog.format('line %s (section %s): %s', l.line, l.section, l.name_uk), '; ' ORDER BY l.line)
			 FROM pg_temp.embargo_list_row l WHERE l.line OPERATOR(pg_catalog.=) ANY (c.listed_lines)),
			(SELECT pg_catalog.string_agg(pg_catalog.format('line %s (section %s) leaves %s out: %s', l.line, l.section,
			                              CASE WHEN c.controller OPERATOR(pg_catalog.=) sovereign THEN 'it' ELSE 'part of it' END, l.name_uk),
			                              '; ' ORDER BY l.line)
			 FROM pg_temp.embargo_list_row l WHERE l.line OPERATOR(pg_catalog.=) ANY (c.excepted_lines)),
			CASE WHEN c.control_id IS NOT NULL THEN
				pg_catalog.format('administered by %s (the timeline''s control row %s)', c.controller, c.control_id) END);
	CREATE TEMPORARY TABLE embargo_list_hostility AS
	SELECT l.unit, l.category, p.valid_from, NULLIF(p.valid_until, 'infinity'::date) AS valid_until, l.line AS first_line,
	       cite OPERATOR(pg_catalog.||) pg_catalog.format('; line %s (section %s): %s', l.line, l.section, l.name_uk) AS source
	FROM pg_temp.embargo_list_row l JOIN pg_temp.embargo_list_period p ON p.line OPERATOR(pg_catalog.=) l.line
	WHERE l.category OPERATOR(pg_catalog.<>) 'temporarily_occupied';

	-- Loaded before: are the facts, and the citations, the same?
	changed := NOT have_edition OR EXISTS (
		(SELECT c.unit, c.controller, c.coverage, c.valid_from, c.valid_until FROM pg_temp.embargo_list_control c
		 EXCEPT
		 SELECT c.place_id, c.controller, c.coverage, c.valid_from, c.valid_until FROM @extschema@.control c
		 WHERE c.list OPERATOR(pg_catalog.=) list_name AND c.edition OPERATOR(pg_catalog.=) ed)
		UNION ALL
		(SELECT c.place_id, c.controller, c.coverage, c.valid_from, c.valid_until FROM @extschema@.control c
		 WHERE c.list OPERATOR(pg_catalog.=) list_name AND c.edition OPERATOR(pg_catalog.=) ed
		 EXCEPT
		 SELECT c.unit, c.controller, c.coverage, c.valid_from, c.valid_until FROM pg_temp.embargo_list_control c))
	OR EXISTS (
		(SELECT h.unit, h.category, h.valid_from, h.valid_until FROM pg_temp.embargo_list_hostility h
		 EXCEPT
		 SELECT h.place_id, h.category, h.valid_from, h.valid_until FROM @extschema@.hostility h
		 WHERE h.list OPERATOR(pg_catalog.=) list_name AND h.edition OPERATOR(pg_catalog.=) ed)
		UNION ALL
		(SELECT h.place_id, h.category, h.valid_from, h.valid_until FROM @extschema@.hostility h
		 WHERE h.list OPERATOR(pg_catalog.=) list_name AND h.edition OPERATOR(pg_catalog.=) ed
		 EXCEPT
		 SELECT h.unit, h.category, h.valid_from, h.valid_until FROM pg_temp.embargo_list_hostility h));
	IF have_edition AND loaded_shipped AND NOT is_shipped THEN
		-- the shipped edition is the extension's: the same facts are no news
		IF changed THEN
			RAISE EXCEPTION 'edition % of official list "%" is shipped with the extension, and the staged rows differ from it', ed, list_name
				USING ERRCODE = 'check_violation',
				      HINT = 'Load the file as the edition it is: a later one.';
		END IF;
	ELSIF NOT changed THEN
		changed := loaded_source OPERATOR(pg_catalog.<>) cite OR EXISTS (
			(SELECT c.unit, c.valid_from, c.source FROM pg_temp.embargo_list_control c
			 EXCEPT
			 SELECT c.place_id, c.valid_from, c.source FROM @extschema@.control c
			 WHERE c.list OPERATOR(pg_catalog.=) list_name AND c.edition OPERATOR(pg_catalog.=) ed)
			UNION ALL
			(SELECT h.unit, h.valid_from, h.source FROM pg_temp.embargo_list_hostility h
			 EXCEPT
			 SELECT h.place_id, h.valid_from, h.source FROM @extschema@.hostility h
			 WHERE h.list OPERATOR(pg_catalog.=) list_name AND h.edition OPERATOR(pg_catalog.=) ed));
	END IF;

	CREATE TEMPORARY TABLE embargo_list_before AS
	SELECT c.place_id AS unit, c.controller, c.coverage, c.valid_from, c.valid_until
	FROM @extschema@.control c
	WHERE c.list OPERATOR(pg_catalog.=) list_name AND c.edition OPERATOR(pg_catalog.=) in_force;

	IF changed AND NOT (have_edition AND loaded_shipped AND NOT is_shipped) THEN
		IF NOT have_edition THEN
			INSERT INTO @extschema@.official_list (list, edition, source, shipped)
			VALUES (list_name, ed, cite, is_shipped);
		ELSE
			UPDATE @extschema@.official_list o
			SET source = cite, loaded_at = pg_catalog.now(), loaded_by = CURRENT_USER
			WHERE o.list OPERATOR(pg_catalog.=) list_name AND o.edition OPERATOR(pg_catalog.=) ed;
			DELETE FROM @extschema@.control c
			WHERE c.list OPERATOR(pg_catalog.=) list_name AND c.edition OPERATOR(pg_catalog.=) ed;
			DELETE FROM @extschema@.hostility h
			WHERE h.list OPERATOR(pg_catalog.=) list_name AND h.edition OPERATOR(pg_catalog.=) ed;
		END IF;
		IF is_shipped THEN
			-- fixed ids, in the order of the lines
			INSERT INTO @extschema@.control (id, place_id, controller, coverage, valid_from, valid_until, source, shipped, list, edition)
			SELECT shipped_ids OPERATOR(pg_catalog.+) (pg_catalog.row_number() OVER (ORDER BY c.first_line, c.unit, c.valid_from))::integer,
			       c.unit, c.controller, c.coverage, c.valid_from, c.valid_until, c.source, true, list_name, ed
			FROM pg_temp.embargo_list_control c;
			INSERT INTO @extschema@.hostility (id, place_id, category, valid_from, valid_until, list, edition, source, shipped)
			SELECT shipped_ids OPERATOR(pg_catalog.+) (pg_catalog.row_number() OVER (ORDER BY h.first_line, h.valid_from))::integer,
			       h.unit, h.category, h.valid_from, h.valid_until, list_name, ed, h.source, true
			FROM pg_temp.embargo_list_hostility h;
		ELSE
			INSERT INTO @extschema@.control (place_id, controller, coverage, valid_from, valid_until, source, list, edition)
			SELECT c.unit, c.controller, c.coverage, c.valid_from, c.valid_until, c.source, list_name, ed
			FROM pg_temp.embargo_list_control c ORDER BY c.first_line, c.unit, c.valid_from;
			INSERT INTO @extschema@.hostility (place_id, category, valid_from, valid_until, list, edition, source)
			SELECT h.unit, h.category, h.valid_from, h.valid_until, list_name, ed, h.source
			FROM pg_temp.embargo_list_hostility h ORDER BY h.first_line, h.valid_from;
		END IF;
	END IF;
	-- Older editions of the loader's own kind go, and their rows with them.
	IF EXISTS (SELECT FROM @extschema@.official_list o
	           WHERE o.list OPERATOR(pg_catalog.=) list_name AND o.shipped OPERATOR(pg_catalog.=) is_shipped
	             AND o.edition OPERATOR(pg_catalog.<) ed) THEN
		DELETE FROM @extschema@.official_list o
		WHERE o.list OPERATOR(pg_catalog.=) list_name AND o.shipped OPERATOR(pg_catalog.=) is_shipped
		  AND o.edition OPERATOR(pg_catalog.<) ed;
		changed := true;
	END IF;

	-- What changed: each unit's own rows in the edition in force before and
	-- after, compared day by day (as runs of days).
	SELECT pg_catalog.max(o.edition) INTO in_force_after
	FROM @extschema@.official_list o WHERE o.list OPERATOR(pg_catalog.=) list_name;
	IF changed AND (in_force_after IS DISTINCT FROM in_force OR in_force_after OPERATOR(pg_catalog.=) ed) THEN
		RETURN QUERY
		WITH recs AS (
			SELECT false AS after, b.unit, b.controller, b.coverage,
			       COALESCE(b.valid_from, '-infinity'::date) AS f, COALESCE(b.valid_until, 'infinity'::date) AS u
			FROM pg_temp.embargo_list_before b
			UNION ALL
			SELECT true, c.place_id, c.controller, c.coverage,
			       COALESCE(c.valid_from, '-infinity'::date), COALESCE(c.valid_until, 'infinity'::date)
			FROM @extschema@.control c
			WHERE c.list OPERATOR(pg_catalog.=) list_name AND c.edition OPERATOR(pg_catalog.=) in_force_after),
		bounds AS (
			SELECT rc.unit, b.day FROM recs rc, LATERAL (VALUES (rc.f), (rc.u)) AS b(day)
			UNION SELECT DISTINCT rc.unit, '-infinity'::date FROM recs rc),
		pieces AS (
			SELECT s.unit, s.day AS f
			FROM (SELECT b.unit, b.day, pg_catalog.lead(b.day) OVER (PARTITION BY b.unit ORDER BY b.day) AS next FROM bounds b) AS s
			WHERE s.next IS NOT NULL),
		states AS (
			SELECT g.unit, g.f, rc.after, pg_catalog.min(CASE
			           WHEN rc.coverage OPERATOR(pg_catalog.=) 'partial' THEN pg_catalog.format('contested (%s)', rc.controller)
			           WHEN rc.controller OPERATOR(pg_catalog.=) sovereign THEN 'sovereign'
			           ELSE pg_catalog.format('occupied (%s)', rc.controller) END) AS status
			FROM pieces g JOIN recs rc ON rc.unit OPERATOR(pg_catalog.=) g.unit
			     AND rc.f OPERATOR(pg_catalog.<=) g.f AND g.f OPERATOR(pg_catalog.<) rc.u
			GROUP BY g.unit, g.f, rc.after),
		compared AS (
			SELECT g.unit, g.f, COALESCE(b.status, 'not listed') AS before,
			       COALESCE(a.status, 'not listed') AS after
			FROM pieces g
			LEFT JOIN states b ON b.unit OPERATOR(pg_catalog.=) g.unit AND b.f OPERATOR(pg_catalog.=) g.f AND NOT b.after
			LEFT JOIN states a ON a.unit OPERATOR(pg_catalog.=) g.unit AND a.f OPERATOR(pg_catalog.=) g.f AND a.after),
		runs AS (
			SELECT c.*, (pg_catalog.lag(c.before) OVER w, pg_catalog.lag(c.after) OVER w)
			            IS DISTINCT FROM (c.before, c.after) AS starts
			FROM compared c WINDOW w AS (PARTITION BY c.unit ORDER BY c.f))
		SELECT p.id, p.katotth, p.name, rn.before, rn.after, NULLIF(rn.f, '-infinity'::date)
		FROM runs rn JOIN @extschema@.place p ON p.id OPERATOR(pg_catalog.=) rn.unit
		WHERE rn.starts AND rn.before OPERATOR(pg_catalog.<>) rn.after
		ORDER BY p.katotth, rn.f;
	END IF;

	DROP TABLE pg_temp.embargo_list_row, pg_temp.embargo_list_period, pg_temp.embargo_list_except,
		pg_temp.embargo_list_control, pg_temp.embargo_list_hostility, pg_temp.embargo_list_before;
END $$;
COMMENT ON FUNCTION load_official_list(text, date, text, boolean) IS
	'load an edition of an official list (ua-occupied: Order No. 376) from embargo.official_list_staging into control, hostility and official_list, all or nothing; returns the units whose status changes against the edition in force before (embargo_admin; shipped is for the extension''s own scripts)';
REVOKE EXECUTE ON FUNCTION load_official_list(text, date, text, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION load_official_list(text, date, text, boolean) TO embargo_admin;

------------------------------------------------------------------------------
-- explain() by place name, as screen(): where the name means several
-- places, each row names them with their KATOTTH codes.
------------------------------------------------------------------------------

CREATE FUNCTION explain(territory territory, place text, hs hscode, on_date date, jurisdiction text,
                        evidence text[] DEFAULT '{}')
	RETURNS TABLE (rule_id integer, action verdict, instrument text, article text, citation text, why text)
	AS 'MODULE_PATHNAME', 'explain_declared' LANGUAGE C STABLE PARALLEL SAFE COST 1000 ROWS 4;
COMMENT ON FUNCTION explain(territory, text, hscode, date, text, text[]) IS
	'explain() for goods declared by territory and/or place name; a name that means several places is named with their codes';
CREATE FUNCTION explain(territory territory, place text, hs hscode, on_date date, jurisdiction text,
                        evidence text[], custody custody)
	RETURNS TABLE (rule_id integer, action verdict, hop integer, instrument text, article text,
	               citation text, why text)
	AS 'MODULE_PATHNAME', 'explain_declared' LANGUAGE C STABLE PARALLEL SAFE COST 1000 ROWS 4;
COMMENT ON FUNCTION explain(territory, text, hscode, date, text, text[], custody) IS
	'explain() by place name, with the chain of custody';


------------------------------------------------------------------------------
-- The shipped data follows, appended by the build: generated from data/*.csv
-- by tools/data_to_sql.py (see data/README.md).
------------------------------------------------------------------------------
