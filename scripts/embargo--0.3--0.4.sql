/* embargo--0.3--0.4.sql: enforcement on import tables: enforce(), quarantine, audit, roles */

\echo Use "ALTER EXTENSION embargo UPDATE TO '0.4'" to load this file. \quit

------------------------------------------------------------------------------
-- Roles.  Roles belong to the cluster, not the database: they are created
-- once, by the first database that installs this version, and left in place
-- by DROP EXTENSION.
--   embargo_admin     manages rules, places, the control timeline; reviews
--   embargo_reviewer  releases or rejects quarantined rows; reads the audit
-- Everyone may read the reference tables (screening needs them); writers of
-- import tables need nothing more.
------------------------------------------------------------------------------

DO $$
BEGIN
	IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname OPERATOR(pg_catalog.=) 'embargo_admin') THEN
		CREATE ROLE embargo_admin NOLOGIN;
	END IF;
	IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname OPERATOR(pg_catalog.=) 'embargo_reviewer') THEN
		CREATE ROLE embargo_reviewer NOLOGIN;
	END IF;
	IF NOT pg_catalog.pg_has_role('embargo_admin', 'embargo_reviewer', 'MEMBER') THEN
		GRANT embargo_reviewer TO embargo_admin;
	END IF;
END $$;

GRANT USAGE ON SCHEMA @extschema@ TO PUBLIC;
GRANT SELECT ON place, place_name, authority, control, rule, rule_exception TO PUBLIC;
GRANT INSERT, UPDATE, DELETE ON place, place_name, authority, control, rule, rule_exception
	TO embargo_admin;
GRANT USAGE ON SEQUENCE place_id_seq, control_id_seq, rule_id_seq, rule_exception_id_seq
	TO embargo_admin;

------------------------------------------------------------------------------
-- The quarantine: rows held back by enforce() in quarantine mode, whole, with
-- why; released back into their table or rejected by a reviewer.
------------------------------------------------------------------------------

CREATE TABLE quarantine (
	id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	source_table     text NOT NULL,
	row_key          text,
	row_data         jsonb NOT NULL,
	verdict          verdict NOT NULL,
	origin           origin,
	rule_ids         integer[] NOT NULL,
	reasons          text,
	ruleset_version  text,
	held_by          name NOT NULL,
	held_at          timestamptz NOT NULL DEFAULT pg_catalog.clock_timestamp(),
	status           text NOT NULL DEFAULT 'held' CHECK (status IN ('held', 'released', 'rejected')),
	decided_by       name,
	decided_at       timestamptz,
	decision_reason  text,
	CHECK ((status = 'held') = (decided_at IS NULL))
);
CREATE INDEX quarantine_held_idx ON quarantine (source_table) WHERE status = 'held';
COMMENT ON TABLE quarantine IS 'rows held back by embargo.enforce() in quarantine mode, until released or rejected';
COMMENT ON COLUMN quarantine.row_data IS 'the row as it was written, as jsonb';
COMMENT ON COLUMN quarantine.status IS 'held, released (put back by embargo.release) or rejected';
SELECT pg_catalog.pg_extension_config_dump('quarantine', '');

------------------------------------------------------------------------------
-- The audit trail: every decision other than allow, append-only.
------------------------------------------------------------------------------

CREATE TABLE audit (
	id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	at               timestamptz NOT NULL DEFAULT pg_catalog.clock_timestamp(),
	by               name NOT NULL,
	source_table     text NOT NULL,
	operation        text NOT NULL,
	outcome          text NOT NULL CHECK (outcome IN ('passed', 'flagged', 'held', 'released')),
	row_key          text,
	origin           origin,
	jurisdiction     text NOT NULL,
	verdict          verdict NOT NULL,
	rule_ids         integer[] NOT NULL,
	reasons          text,
	ruleset_version  text
);
COMMENT ON TABLE audit IS 'append-only record of every decision of embargo.enforce() other than allow';
COMMENT ON COLUMN audit.outcome IS 'passed (prohibit mode, below prohibit), flagged, held, or released by a reviewer';
SELECT pg_catalog.pg_extension_config_dump('audit', '');

CREATE FUNCTION refuse_change() RETURNS trigger
	LANGUAGE plpgsql SET search_path = pg_catalog AS $$
BEGIN
	RAISE EXCEPTION 'embargo.% is append-only', TG_TABLE_NAME
		USING ERRCODE = 'insufficient_privilege',
		      DETAIL = 'Audit rows record decisions and are never changed or removed.';
END $$;
COMMENT ON FUNCTION refuse_change() IS 'trigger: refuses UPDATE, DELETE and TRUNCATE of the audit trail';
CREATE TRIGGER append_only BEFORE UPDATE OR DELETE ON audit
	FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER append_only_truncate BEFORE TRUNCATE ON audit
	FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
ALTER TABLE audit ENABLE ALWAYS TRIGGER append_only;
ALTER TABLE audit ENABLE ALWAYS TRIGGER append_only_truncate;

-- Only the extension writes these tables (enforce(), release() and reject(),
-- as their owner, in a security-restricted context: a deferrable constraint
-- or constraint trigger added to either would make every write fail);
-- reviewers read them.
REVOKE ALL ON quarantine, audit FROM PUBLIC;
GRANT SELECT ON quarantine, audit TO embargo_reviewer;

------------------------------------------------------------------------------
-- The trigger and the reviewer's functions.
------------------------------------------------------------------------------

CREATE FUNCTION enforce() RETURNS trigger
	AS 'MODULE_PATHNAME' LANGUAGE C;
COMMENT ON FUNCTION enforce() IS
	'trigger: screens each row written to an import table; arguments key=value name the mode and columns (see README)';

CREATE FUNCTION release(id bigint, reason text) RETURNS void
	AS 'MODULE_PATHNAME', 'enforce_release' LANGUAGE C STRICT;
COMMENT ON FUNCTION release(bigint, text) IS
	'put a quarantined row back into its table, overriding its verdict (embargo_reviewer only; audited)';

CREATE FUNCTION reject(id bigint, reason text) RETURNS void
	AS 'MODULE_PATHNAME', 'enforce_reject' LANGUAGE C STRICT;
COMMENT ON FUNCTION reject(bigint, text) IS
	'close a quarantined row as rejected (embargo_reviewer only)';
REVOKE EXECUTE ON FUNCTION release(bigint, text), reject(bigint, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION release(bigint, text), reject(bigint, text) TO embargo_reviewer;
SELECT pg_catalog.pg_extension_config_dump('quarantine_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('audit_id_seq', '');
