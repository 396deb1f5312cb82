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
ALTER FUNCTION find_places(text, territory) COST 200;

