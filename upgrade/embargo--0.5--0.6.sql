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
		      DETAIL = CASE TG_TABLE_NAME WHEN 'audit_seal'
		               THEN 'Seals record digests of the audit trail and are never changed or removed.'
		               ELSE 'Audit rows record decisions and are never changed or removed.' END;
END $$;

