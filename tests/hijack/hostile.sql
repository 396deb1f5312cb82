-- tests/t/search_path_hijack.sh: the hostile schema w, made by its owner,
-- the unprivileged writer (-v writer; the script runs as the superuser).
-- psql variables functions, operators, collations, types and relations hold
-- the names derive.pl found in the extension's source.  For each, every
-- object of pg_catalog and embargo of that name gets a shadow in w: a
-- function or operator with the same argument types that raises 'hijacked:
-- ...' when called; a collation that compares differently; a domain over the
-- type that no value passes; a view of the relation that raises when read.
-- A function with an argument of type "any" (count, format), which PL/pgSQL
-- cannot take, is shadowed by the built-in that refuses values of type "any"
-- (made by the superuser: LANGUAGE internal is not for writers); what still
-- cannot be made is skipped and counted.
SET ROLE :"writer";
SET search_path = pg_catalog;
SET client_min_messages = warning;

-- The issue's reproduction: a look-alike verdict enum and =(oid, regtype).
-- (eq pins its own path: the domains below would otherwise catch its casts.)
CREATE TYPE w.fake AS ENUM ('allow', 'review', 'licence', 'allоw');   -- Cyrillic о in the last
CREATE FUNCTION w.eq(a oid, b regtype) RETURNS bool LANGUAGE sql SET search_path = pg_catalog AS
 $$SELECT CASE WHEN b::oid OPERATOR(pg_catalog.=) 'embargo.verdict'::regtype::oid
   THEN a OPERATOR(pg_catalog.=) 'w.fake'::regtype::oid ELSE a OPERATOR(pg_catalog.=) b::oid END$$;
CREATE OPERATOR w.= (LEFTARG = oid, RIGHTARG = regtype, PROCEDURE = w.eq);

CREATE TEMP TABLE derived (kind text, name text);
INSERT INTO derived
SELECT k, unnest(string_to_array(v, ' '))
FROM (VALUES ('function', :'functions'), ('operator', :'operators'),
             ('collation', :'collations'), ('type', :'types'), ('relation', :'relations')) d(k, v);
CREATE TEMP TABLE made (kind text, name text, target text, ok bool, why text, fn oid);
-- a view of a hijacked relation calls this with a constant: immutable, so
-- that planning any query that reads the view raises, rows or none
CREATE FUNCTION w.hijacked_relation(rel text) RETURNS bool LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
	RAISE EXCEPTION USING MESSAGE = pg_catalog.concat('hijacked: relation ', rel);
END $$;

DO $$
DECLARE
	f record;
	sig text;
	trap text;
	n int := 0;
BEGIN
	-- functions (and aggregates, window functions: a plain function of the
	-- same name and arguments earlier on the path is called instead)
	FOR f IN
		SELECT p.oid, p.proname, ns.nspname,
		       array_to_string(ARRAY(
		           SELECT CASE WHEN p.provariadic <> 0 AND a.i = p.pronargs THEN 'VARIADIC ' ELSE '' END
		                  || format_type(a.t, NULL)
		           FROM unnest(p.proargtypes::oid[]) WITH ORDINALITY a(t, i) ORDER BY a.i), ', ') AS args,
		       CASE WHEN p.proretset THEN 'SETOF ' ELSE '' END || format_type(p.prorettype, NULL) AS ret
		FROM pg_proc p JOIN pg_namespace ns ON ns.oid = p.pronamespace
		WHERE ns.nspname IN ('pg_catalog', 'embargo') AND p.prokind <> 'p'
		  AND p.proname IN (SELECT name FROM derived WHERE kind = 'function')
		ORDER BY p.proname, p.oid
	LOOP
		sig := format('%s.%s(%s)', f.nspname, f.proname, f.args);
		BEGIN
			EXECUTE format('CREATE FUNCTION w.%I(%s) RETURNS %s LANGUAGE plpgsql AS %L',
			               f.proname, f.args, f.ret,
			               format('BEGIN RAISE EXCEPTION USING MESSAGE = %L; END', 'hijacked: function ' || sig));
			INSERT INTO made VALUES ('function', f.proname, sig, true, NULL);
		EXCEPTION WHEN OTHERS THEN
			INSERT INTO made VALUES ('function', f.proname, sig, false, SQLERRM, f.oid);
		END;
	END LOOP;

	-- operators: one trap function per operator, same operand types
	FOR f IN
		SELECT o.oid, o.oprname, ns.nspname, o.oprleft, o.oprright,
		       CASE WHEN o.oprleft <> 0 THEN format_type(o.oprleft, NULL) END AS l,
		       format_type(o.oprright, NULL) AS r, format_type(o.oprresult, NULL) AS ret
		FROM pg_operator o JOIN pg_namespace ns ON ns.oid = o.oprnamespace
		WHERE ns.nspname IN ('pg_catalog', 'embargo')
		  AND o.oprname IN (SELECT name FROM derived WHERE kind = 'operator')
		ORDER BY o.oprname, o.oid
	LOOP
		sig := format('%s.%s(%s, %s)', f.nspname, f.oprname, coalesce(f.l, 'NONE'), f.r);
		n := n + 1;
		trap := format('w.hijacked_op_%s', n);
		BEGIN
			EXECUTE format('CREATE FUNCTION %s(%s) RETURNS %s LANGUAGE plpgsql AS %L',
			               trap, concat_ws(', ', f.l, f.r), f.ret,
			               format('BEGIN RAISE EXCEPTION USING MESSAGE = %L; END', 'hijacked: operator ' || sig));
			EXECUTE format('CREATE OPERATOR w.%s (%s RIGHTARG = %s, FUNCTION = %s)',
			               f.oprname, CASE WHEN f.l IS NOT NULL THEN format('LEFTARG = %s,', f.l) ELSE '' END,
			               f.r, trap);
			INSERT INTO made VALUES ('operator', f.oprname, sig, true, NULL);
		EXCEPTION WHEN OTHERS THEN
			INSERT INTO made VALUES ('operator', f.oprname, sig, false, SQLERRM);
		END;
	END LOOP;

	-- collations: nondeterministic, blind to case and accents, digits after
	-- letters (and LIKE and regular expressions refuse to run under it)
	FOR f IN SELECT DISTINCT name FROM derived WHERE kind = 'collation' ORDER BY name LOOP
		BEGIN
			EXECUTE format('CREATE COLLATION w.%I (provider = icu, locale = %L, deterministic = false)',
			               f.name, 'und-u-ks-level1-kr-latn-digit');
			INSERT INTO made VALUES ('collation', f.name, f.name, true, NULL);
		EXCEPTION WHEN OTHERS THEN
			INSERT INTO made VALUES ('collation', f.name, f.name, false, SQLERRM);
		END;
	END LOOP;

	-- types named in casts: a domain that refuses every value (w is not on
	-- this session's path, so the names above still mean pg_catalog's)
	FOR f IN
		SELECT DISTINCT ON (t.typname) t.typname, format('%I.%I', ns.nspname, t.typname) AS real
		FROM pg_type t JOIN pg_namespace ns ON ns.oid = t.typnamespace
		WHERE ns.nspname IN ('pg_catalog', 'embargo')
		  AND t.typname IN (SELECT name FROM derived WHERE kind = 'type')
		ORDER BY t.typname, ns.nspname DESC
	LOOP
		BEGIN
			EXECUTE format('CREATE DOMAIN w.%I AS %s CHECK (false)', f.typname, f.real);
			INSERT INTO made VALUES ('type', f.typname, f.real, true, NULL);
		EXCEPTION WHEN OTHERS THEN
			INSERT INTO made VALUES ('type', f.typname, f.real, false, SQLERRM);
		END;
	END LOOP;

	-- relations: a view that raises when read
	FOR f IN
		SELECT DISTINCT ON (c.relname) c.relname, format('%I.%I', ns.nspname, c.relname) AS real
		FROM pg_class c JOIN pg_namespace ns ON ns.oid = c.relnamespace
		WHERE ns.nspname IN ('pg_catalog', 'embargo') AND c.relkind IN ('r', 'v', 'm', 'p', 'f')
		  AND c.relname IN (SELECT name FROM derived WHERE kind = 'relation')
		ORDER BY c.relname, ns.nspname DESC
	LOOP
		BEGIN
			EXECUTE format('CREATE VIEW w.%I AS SELECT * FROM %s WHERE w.hijacked_relation(%L)',
			               f.relname, f.real, f.real);
			INSERT INTO made VALUES ('relation', f.relname, f.real, true, NULL);
		EXCEPTION WHEN OTHERS THEN
			INSERT INTO made VALUES ('relation', f.relname, f.real, false, SQLERRM);
		END;
	END LOOP;
END $$;

-- "any" arguments: any_in raises 'cannot accept a value of type any'
-- without reading its arguments, whatever they are
RESET ROLE;
DO $$
DECLARE
	f record;
BEGIN
	FOR f IN SELECT m.ctid AS row, p.proname,
	                array_to_string(ARRAY(
	                    SELECT CASE WHEN p.provariadic <> 0 AND a.i = p.pronargs THEN 'VARIADIC ' ELSE '' END
	                           || format_type(a.t, NULL)
	                    FROM unnest(p.proargtypes::oid[]) WITH ORDINALITY a(t, i) ORDER BY a.i), ', ') AS args,
	                CASE WHEN p.proretset THEN 'SETOF ' ELSE '' END || format_type(p.prorettype, NULL) AS ret
	         FROM made m JOIN pg_proc p ON p.oid = m.fn
	         WHERE m.kind = 'function' AND NOT m.ok AND m.why LIKE '%cannot accept type "any"%'
	LOOP
		BEGIN
			EXECUTE format('CREATE FUNCTION w.%I(%s) RETURNS %s LANGUAGE internal AS %L',
			               f.proname, f.args, f.ret, 'any_in');
			UPDATE made SET ok = true, why = 'any_in' WHERE ctid = f.row;
		EXCEPTION WHEN OTHERS THEN
			UPDATE made SET why = why || '; ' || SQLERRM WHERE ctid = f.row;
		END;
	END LOOP;
END $$;

-- everyone with the schema on the path sees it (the reviewer, the owner of
-- the quarantine and the audit trail)
GRANT USAGE ON SCHEMA w TO PUBLIC;

-- the summary the test prints and checks
SELECT format('%s %s: %s names derived, %s matched, %s objects created%s, %s skipped%s',
              'hijack', d.kind || 's', d.derived, coalesce(m.names, 0), coalesce(m.ok, 0),
              CASE WHEN m.any_in > 0 THEN format(' (%s of them as any_in)', m.any_in) ELSE '' END,
              coalesce(m.bad, 0), CASE WHEN m.bad > 0 THEN ' (' || m.why || ')' ELSE '' END)
FROM (SELECT kind, count(DISTINCT name) AS derived FROM derived WHERE name <> '' GROUP BY kind) d
LEFT JOIN (SELECT kind, count(DISTINCT name) AS names, count(*) FILTER (WHERE ok) AS ok,
                  count(*) FILTER (WHERE NOT ok) AS bad, count(*) FILTER (WHERE why = 'any_in') AS any_in,
                  string_agg(DISTINCT regexp_replace(why, '^(.{0,60}).*$', '\1'), '; ') FILTER (WHERE NOT ok) AS why
           FROM made GROUP BY kind) m USING (kind)
ORDER BY array_position('{function,operator,collation,type,relation}', d.kind);
SELECT format('hijack-matched %s %s', kind, count(DISTINCT name) FILTER (WHERE ok))
FROM made GROUP BY kind ORDER BY kind;
