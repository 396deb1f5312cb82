--
-- Catalogue sanity: every object of the extension is documented and every
-- function is marked truthfully.
--
-- Functions, aggregates, operators, types, tables and views without a comment.
-- An object that exists only as part of another is documented by that one: an
-- array type by its element type, the row type of a table or view by the
-- relation, and a sequence owned by a column by its table.  PostgreSQL 18
-- records such row types as members of the extension too (earlier majors
-- only through their relation), so they are told apart by what they are, not
-- by how they belong to the extension.
SELECT pg_describe_object(classid, objid, 0) AS undocumented
FROM pg_depend d
WHERE refclassid = 'pg_extension'::regclass
  AND refobjid = (SELECT oid FROM pg_extension WHERE extname = 'embargo')
  AND deptype = 'e'
  AND classid IN ('pg_proc'::regclass, 'pg_operator'::regclass, 'pg_type'::regclass,
                  'pg_class'::regclass)
  AND obj_description(objid, classid::regclass::text) IS NULL
  AND NOT (classid = 'pg_type'::regclass AND EXISTS (
		SELECT 1 FROM pg_type t LEFT JOIN pg_class c ON c.oid = t.typrelid
		WHERE t.oid = objid AND (t.typelem <> 0 OR c.relkind <> 'c')))
  AND NOT (classid = 'pg_class'::regclass AND EXISTS (
		SELECT 1 FROM pg_depend o
		WHERE o.classid = 'pg_class'::regclass AND o.objid = d.objid
		  AND o.refclassid = 'pg_class'::regclass AND o.deptype IN ('a', 'i')))
ORDER BY 1;

-- Volatility and parallel safety: everything is PARALLEL SAFE and IMMUTABLE
-- except the functions listed here: the lookups and tag_origin read
-- embargo.place and embargo.control (STABLE, not STRICT as the territory or
-- place may be NULL), hop() (reads embargo.place; the place and date may be
-- NULL), the screen() and explain() overloads with a chain of custody (not
-- STRICT: a NULL chain or NULL evidence means none), the trigger
-- functions, and the audit seal: seal_audit() locks and writes (VOLATILE,
-- PARALLEL UNSAFE), verify_audit() reads the whole trail in one snapshot
-- (STABLE; not for parallel plans), audit_seal_digest() reads nothing but
-- its argument yet is STABLE, as the casts it makes are; and the versions:
-- library_version() is STABLE as another library can be installed under a
-- running database, version() reads the catalog and embargo.data_edition;
-- and load_official_list() writes the timeline (VOLATILE, PARALLEL UNSAFE,
-- not STRICT: a NULL argument is an error, not a silent no-op), as do
-- load_list() and load_list_staged() for the sanctions lists,
-- load_cahra() for the CAHRA list, and load_smelters() and
-- load_smelters_csv() for the smelters;
-- party_read_file() reads a server file (VOLATILE) and party_country_code()
-- reads embargo.party_country (STABLE), as critical() and critical_detail()
-- read the critical-mineral lists.
SELECT p.oid::regprocedure AS function, provolatile, proparallel, proisstrict
FROM pg_proc p
JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
WHERE d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'embargo')
  AND (provolatile <> 'i' OR proparallel <> 's' OR (NOT proisstrict AND prokind <> 'a'))
ORDER BY 1;

-- Every object lives in schema embargo.
SELECT DISTINCT n.nspname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
WHERE d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'embargo');

-- The extension can be dropped and created again in the same database.
DROP EXTENSION embargo;
CREATE EXTENSION embargo;
SELECT extversion, extnamespace::regnamespace FROM pg_extension WHERE extname = 'embargo';
