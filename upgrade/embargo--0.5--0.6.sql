/* embargo--0.5--0.6.sql: hardening — pinned search_path, the importer role, a sealed audit trail */

\echo Use "ALTER EXTENSION embargo UPDATE TO '0.6'" to load this file. \quit

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

ALTER FUNCTION find_places(text, territory) SET search_path = pg_catalog, @extschema@, pg_temp;
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
	ADD COLUMN jurisdiction text;
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

CREATE FUNCTION log_rule_override() RETURNS trigger
	LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
	INSERT INTO @extschema@.rule_override_log (by, operation, rule_id, old, new)
	VALUES (CURRENT_USER OPERATOR(pg_catalog.||) CASE WHEN session_user OPERATOR(pg_catalog.<>) CURRENT_USER
	                                                  THEN ' (session ' OPERATOR(pg_catalog.||) session_user OPERATOR(pg_catalog.||) ')'
	                                                  ELSE '' END,
	        TG_OP,
	        CASE TG_OP WHEN 'DELETE' THEN OLD.rule_id ELSE NEW.rule_id END,
	        CASE WHEN TG_OP OPERATOR(pg_catalog.<>) 'INSERT' THEN pg_catalog.to_jsonb(OLD) END,
	        CASE WHEN TG_OP OPERATOR(pg_catalog.<>) 'DELETE' THEN pg_catalog.to_jsonb(NEW) END);
	RETURN NULL;
END $$;
COMMENT ON FUNCTION log_rule_override() IS 'trigger: logs every change to embargo.rule_override in embargo.rule_override_log';
REVOKE EXECUTE ON FUNCTION log_rule_override() FROM PUBLIC;
CREATE TRIGGER log_change AFTER INSERT OR UPDATE OR DELETE ON rule_override
	FOR EACH ROW EXECUTE FUNCTION log_rule_override();
ALTER TABLE rule_override ENABLE ALWAYS TRIGGER log_change;
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
GRANT INSERT, UPDATE, DELETE ON rule_override TO embargo_admin;
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
ALTER FUNCTION find_places(text, territory) COST 200;

