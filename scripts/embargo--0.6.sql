/* embargo--0.6.sql: origin tagging and sanctions screening for critical-mineral shipments */

\echo Use "CREATE EXTENSION embargo" to load this file. \quit

------------------------------------------------------------------------------
-- The whole schema of embargo 0.6, top to bottom: the roles; the types
-- territory and hscode; the places and their names; the authorities, the
-- control timeline and the origin tag; the rules and screening; enforcement
-- on import tables (quarantine, audit); chains of custody; rule overrides;
-- the audit seal; the version of the installation.
--
-- The build appends the shipped data (places, names, authorities, control
-- timeline, rules and their exceptions, generated from data/*.csv by
-- tools/data_to_sql.py), so that this file is the install script only once
-- built; the same data ends the latest upgrade step, embargo--0.5--0.6.sql.
-- Objects are created in the order in which the releases added them, so
-- that an installation and an updated 0.1 have them in the same order
-- (tests/t/upgrade.sh compares the two).
------------------------------------------------------------------------------

------------------------------------------------------------------------------
-- Roles.  Roles belong to the cluster, not the database: they are created
-- once, by the first database that installs the extension, and left in place
-- by DROP EXTENSION.
--   embargo_admin     manages rules, places, the control timeline; reviews;
--                     grants embargo_importer
--   embargo_reviewer  releases or rejects quarantined rows; reads the audit
--   embargo_importer  owns import tables under enforce(): enforce() writes
--                     the shared quarantine and audit trail only for tables
--                     whose owner is a member (or a superuser)
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
	IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname OPERATOR(pg_catalog.=) 'embargo_importer') THEN
		CREATE ROLE embargo_importer NOLOGIN;
	END IF;
	IF NOT EXISTS (SELECT FROM pg_catalog.pg_auth_members m
	               WHERE m.roleid OPERATOR(pg_catalog.=) 'embargo_importer'::pg_catalog.regrole
	                 AND m.member OPERATOR(pg_catalog.=) 'embargo_admin'::pg_catalog.regrole
	                 AND m.admin_option) THEN
		GRANT embargo_importer TO embargo_admin WITH ADMIN OPTION;
	END IF;
END $$;

GRANT USAGE ON SCHEMA @extschema@ TO PUBLIC;

------------------------------------------------------------------------------
-- embargo.territory: ISO 3166-1 alpha-2 country or ISO 3166-2 subdivision.
-- A pass-by-value int4 whose integer order is the code order, so comparison
-- and hashing are the int4 built-ins.
------------------------------------------------------------------------------

CREATE TYPE territory;

CREATE FUNCTION territory_in(cstring) RETURNS territory
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION territory_out(territory) RETURNS cstring
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION territory_recv(internal) RETURNS territory
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION territory_send(territory) RETURNS bytea
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE territory (
	INPUT = territory_in,
	OUTPUT = territory_out,
	RECEIVE = territory_recv,
	SEND = territory_send,
	LIKE = pg_catalog.int4
);
COMMENT ON TYPE territory IS
	'ISO 3166-1 alpha-2 country code or ISO 3166-2 subdivision code, e.g. UA or UA-43';

CREATE FUNCTION territory(text) RETURNS territory
	AS 'MODULE_PATHNAME', 'territory_from_text' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION text(territory) RETURNS text
	AS 'MODULE_PATHNAME', 'territory_to_text' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE CAST (text AS territory) WITH FUNCTION territory(text) AS ASSIGNMENT;
CREATE CAST (territory AS text) WITH FUNCTION text(territory) AS ASSIGNMENT;
COMMENT ON FUNCTION territory(text) IS 'parse and validate an ISO 3166 code';
COMMENT ON FUNCTION text(territory) IS 'canonical text form of a territory';

-- Comparison: the int4 built-ins, valid because of the encoding.
CREATE FUNCTION territory_eq(territory, territory) RETURNS bool
	AS 'int4eq' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION territory_ne(territory, territory) RETURNS bool
	AS 'int4ne' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION territory_lt(territory, territory) RETURNS bool
	AS 'int4lt' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION territory_le(territory, territory) RETURNS bool
	AS 'int4le' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION territory_gt(territory, territory) RETURNS bool
	AS 'int4gt' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION territory_ge(territory, territory) RETURNS bool
	AS 'int4ge' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION territory_cmp(territory, territory) RETURNS int4
	AS 'btint4cmp' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION territory_sortsupport(internal) RETURNS void
	AS 'btint4sortsupport' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION territory_hash(territory) RETURNS int4
	AS 'hashint4' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION territory_hash_extended(territory, int8) RETURNS int8
	AS 'hashint4extended' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION territory_eq(territory, territory) IS 'equal (implements the operator)';
COMMENT ON FUNCTION territory_ne(territory, territory) IS 'not equal (implements the operator)';
COMMENT ON FUNCTION territory_lt(territory, territory) IS 'less than (implements the operator)';
COMMENT ON FUNCTION territory_le(territory, territory) IS 'less than or equal (implements the operator)';
COMMENT ON FUNCTION territory_gt(territory, territory) IS 'greater than (implements the operator)';
COMMENT ON FUNCTION territory_ge(territory, territory) IS 'greater than or equal (implements the operator)';
COMMENT ON FUNCTION territory_cmp(territory, territory) IS 'btree comparison for territory';
COMMENT ON FUNCTION territory_sortsupport(internal) IS 'btree sort support for territory';
COMMENT ON FUNCTION territory_hash(territory) IS 'hash of a territory';
COMMENT ON FUNCTION territory_hash_extended(territory, int8) IS 'seeded 64-bit hash of a territory';

CREATE OPERATOR = (
	LEFTARG = territory, RIGHTARG = territory, PROCEDURE = territory_eq,
	COMMUTATOR = =, NEGATOR = <>, RESTRICT = eqsel, JOIN = eqjoinsel,
	HASHES, MERGES
);
CREATE OPERATOR <> (
	LEFTARG = territory, RIGHTARG = territory, PROCEDURE = territory_ne,
	COMMUTATOR = <>, NEGATOR = =, RESTRICT = neqsel, JOIN = neqjoinsel
);
CREATE OPERATOR < (
	LEFTARG = territory, RIGHTARG = territory, PROCEDURE = territory_lt,
	COMMUTATOR = >, NEGATOR = >=, RESTRICT = scalarltsel, JOIN = scalarltjoinsel
);
CREATE OPERATOR <= (
	LEFTARG = territory, RIGHTARG = territory, PROCEDURE = territory_le,
	COMMUTATOR = >=, NEGATOR = >, RESTRICT = scalarlesel, JOIN = scalarlejoinsel
);
CREATE OPERATOR > (
	LEFTARG = territory, RIGHTARG = territory, PROCEDURE = territory_gt,
	COMMUTATOR = <, NEGATOR = <=, RESTRICT = scalargtsel, JOIN = scalargtjoinsel
);
CREATE OPERATOR >= (
	LEFTARG = territory, RIGHTARG = territory, PROCEDURE = territory_ge,
	COMMUTATOR = <=, NEGATOR = <, RESTRICT = scalargesel, JOIN = scalargejoinsel
);

CREATE OPERATOR CLASS territory_ops DEFAULT FOR TYPE territory USING btree AS
	OPERATOR 1 <,
	OPERATOR 2 <=,
	OPERATOR 3 =,
	OPERATOR 4 >=,
	OPERATOR 5 >,
	FUNCTION 1 territory_cmp(territory, territory),
	FUNCTION 2 territory_sortsupport(internal),
	FUNCTION 4 btequalimage(oid);

CREATE OPERATOR CLASS territory_ops DEFAULT FOR TYPE territory USING hash AS
	OPERATOR 1 =,
	FUNCTION 1 territory_hash(territory),
	FUNCTION 2 territory_hash_extended(territory, int8);

CREATE FUNCTION territory_smaller(territory, territory) RETURNS territory
	AS 'int4smaller' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION territory_larger(territory, territory) RETURNS territory
	AS 'int4larger' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE;
CREATE AGGREGATE min(territory) (
	SFUNC = territory_smaller, STYPE = territory, SORTOP = <,
	COMBINEFUNC = territory_smaller, PARALLEL = SAFE
);
CREATE AGGREGATE max(territory) (
	SFUNC = territory_larger, STYPE = territory, SORTOP = >,
	COMBINEFUNC = territory_larger, PARALLEL = SAFE
);
COMMENT ON FUNCTION territory_smaller(territory, territory) IS 'the lesser of two territory values';
COMMENT ON FUNCTION territory_larger(territory, territory) IS 'the greater of two territory values';
COMMENT ON AGGREGATE min(territory) IS 'the first territory in code order';
COMMENT ON AGGREGATE max(territory) IS 'the last territory in code order';

-- Containment.  The support functions let "col <@ const" and "const @> col"
-- use a btree index on col as a range scan (src/index_support.c).
-- Bounds of the btree range holding everything a territory contains; the
-- planner calls them when the container is not a constant (joins).
CREATE FUNCTION territory_range_start(territory) RETURNS territory
	AS 'MODULE_PATHNAME', 'territory_range_start_fn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION territory_range_end(territory) RETURNS territory
	AS 'MODULE_PATHNAME', 'territory_range_end_fn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION territory_range_start(territory) IS
	'first value of the btree range holding everything the territory contains (index support)';
COMMENT ON FUNCTION territory_range_end(territory) IS
	'last value of the btree range holding everything the territory contains (index support)';

CREATE FUNCTION territory_contains_support(internal) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION territory_contained_support(internal) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION territory_contains_support(internal) IS 'planner support: index conditions for @>';
COMMENT ON FUNCTION territory_contained_support(internal) IS 'planner support: index conditions for <@';

CREATE FUNCTION territory_contains(territory, territory) RETURNS bool
	AS 'MODULE_PATHNAME', 'territory_contains_fn'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE SUPPORT territory_contains_support;
CREATE FUNCTION territory_contained(territory, territory) RETURNS bool
	AS 'MODULE_PATHNAME', 'territory_contained_fn'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE SUPPORT territory_contained_support;
COMMENT ON FUNCTION territory_contains(territory, territory) IS
	'true if the first territory is or contains the second (implements @>)';
COMMENT ON FUNCTION territory_contained(territory, territory) IS
	'true if the first territory is or lies within the second (implements <@)';

CREATE OPERATOR @> (
	LEFTARG = territory, RIGHTARG = territory, PROCEDURE = territory_contains,
	COMMUTATOR = <@, RESTRICT = matchingsel, JOIN = matchingjoinsel
);
CREATE OPERATOR <@ (
	LEFTARG = territory, RIGHTARG = territory, PROCEDURE = territory_contained,
	COMMUTATOR = @>, RESTRICT = matchingsel, JOIN = matchingjoinsel
);
COMMENT ON OPERATOR @> (territory, territory) IS 'contains (a territory contains itself)';
COMMENT ON OPERATOR <@ (territory, territory) IS 'is contained by (a territory contains itself)';

-- Accessors.
CREATE FUNCTION country(territory) RETURNS territory
	AS 'MODULE_PATHNAME', 'territory_country_fn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION is_subdivision(territory) RETURNS bool
	AS 'MODULE_PATHNAME', 'territory_is_subdivision_fn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION territory_parent(territory) RETURNS territory
	AS 'MODULE_PATHNAME', 'territory_parent_fn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION territory_name(territory) RETURNS text
	AS 'MODULE_PATHNAME', 'territory_name_fn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION territories(OUT code territory, OUT name text, OUT parent territory)
	RETURNS SETOF record
	AS 'MODULE_PATHNAME', 'territory_list' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
	ROWS 5400;
COMMENT ON FUNCTION country(territory) IS 'the ISO 3166-1 country of a territory';
COMMENT ON FUNCTION is_subdivision(territory) IS 'true for an ISO 3166-2 subdivision code';
COMMENT ON FUNCTION territory_parent(territory) IS
	'the immediate ISO 3166 parent of a subdivision (NULL for a country)';
COMMENT ON FUNCTION territory_name(territory) IS 'the ISO 3166 name of a territory';
COMMENT ON FUNCTION territories() IS 'every ISO 3166 code this build knows, in code order';

------------------------------------------------------------------------------
-- embargo.hscode: Harmonized System code of 2, 4, 6, 8 or 10 digits.
-- A pass-by-value int8 whose integer order is the code order, so comparison
-- and hashing are the int8 built-ins.
------------------------------------------------------------------------------

CREATE TYPE hscode;

CREATE FUNCTION hscode_in(cstring) RETURNS hscode
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hscode_out(hscode) RETURNS cstring
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hscode_recv(internal) RETURNS hscode
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hscode_send(hscode) RETURNS bytea
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE hscode (
	INPUT = hscode_in,
	OUTPUT = hscode_out,
	RECEIVE = hscode_recv,
	SEND = hscode_send,
	LIKE = pg_catalog.int8
);
COMMENT ON TYPE hscode IS
	'Harmonized System code: chapter, heading, subheading or national line (2-10 digits)';

CREATE FUNCTION hscode(text) RETURNS hscode
	AS 'MODULE_PATHNAME', 'hscode_from_text' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION text(hscode) RETURNS text
	AS 'MODULE_PATHNAME', 'hscode_to_text' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE CAST (text AS hscode) WITH FUNCTION hscode(text) AS ASSIGNMENT;
CREATE CAST (hscode AS text) WITH FUNCTION text(hscode) AS ASSIGNMENT;
COMMENT ON FUNCTION hscode(text) IS 'parse an HS code in any accepted form';
COMMENT ON FUNCTION text(hscode) IS 'canonical text form of an HS code';

CREATE FUNCTION hscode_eq(hscode, hscode) RETURNS bool
	AS 'int8eq' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hscode_ne(hscode, hscode) RETURNS bool
	AS 'int8ne' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hscode_lt(hscode, hscode) RETURNS bool
	AS 'int8lt' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hscode_le(hscode, hscode) RETURNS bool
	AS 'int8le' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hscode_gt(hscode, hscode) RETURNS bool
	AS 'int8gt' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hscode_ge(hscode, hscode) RETURNS bool
	AS 'int8ge' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hscode_cmp(hscode, hscode) RETURNS int4
	AS 'btint8cmp' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hscode_sortsupport(internal) RETURNS void
	AS 'btint8sortsupport' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hscode_hash(hscode) RETURNS int4
	AS 'hashint8' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hscode_hash_extended(hscode, int8) RETURNS int8
	AS 'hashint8extended' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION hscode_eq(hscode, hscode) IS 'equal (implements the operator)';
COMMENT ON FUNCTION hscode_ne(hscode, hscode) IS 'not equal (implements the operator)';
COMMENT ON FUNCTION hscode_lt(hscode, hscode) IS 'less than (implements the operator)';
COMMENT ON FUNCTION hscode_le(hscode, hscode) IS 'less than or equal (implements the operator)';
COMMENT ON FUNCTION hscode_gt(hscode, hscode) IS 'greater than (implements the operator)';
COMMENT ON FUNCTION hscode_ge(hscode, hscode) IS 'greater than or equal (implements the operator)';
COMMENT ON FUNCTION hscode_cmp(hscode, hscode) IS 'btree comparison for hscode';
COMMENT ON FUNCTION hscode_sortsupport(internal) IS 'btree sort support for hscode';
COMMENT ON FUNCTION hscode_hash(hscode) IS 'hash of a hscode';
COMMENT ON FUNCTION hscode_hash_extended(hscode, int8) IS 'seeded 64-bit hash of a hscode';

CREATE OPERATOR = (
	LEFTARG = hscode, RIGHTARG = hscode, PROCEDURE = hscode_eq,
	COMMUTATOR = =, NEGATOR = <>, RESTRICT = eqsel, JOIN = eqjoinsel,
	HASHES, MERGES
);
CREATE OPERATOR <> (
	LEFTARG = hscode, RIGHTARG = hscode, PROCEDURE = hscode_ne,
	COMMUTATOR = <>, NEGATOR = =, RESTRICT = neqsel, JOIN = neqjoinsel
);
CREATE OPERATOR < (
	LEFTARG = hscode, RIGHTARG = hscode, PROCEDURE = hscode_lt,
	COMMUTATOR = >, NEGATOR = >=, RESTRICT = scalarltsel, JOIN = scalarltjoinsel
);
CREATE OPERATOR <= (
	LEFTARG = hscode, RIGHTARG = hscode, PROCEDURE = hscode_le,
	COMMUTATOR = >=, NEGATOR = >, RESTRICT = scalarlesel, JOIN = scalarlejoinsel
);
CREATE OPERATOR > (
	LEFTARG = hscode, RIGHTARG = hscode, PROCEDURE = hscode_gt,
	COMMUTATOR = <, NEGATOR = <=, RESTRICT = scalargtsel, JOIN = scalargtjoinsel
);
CREATE OPERATOR >= (
	LEFTARG = hscode, RIGHTARG = hscode, PROCEDURE = hscode_ge,
	COMMUTATOR = <=, NEGATOR = <, RESTRICT = scalargesel, JOIN = scalargejoinsel
);

CREATE OPERATOR CLASS hscode_ops DEFAULT FOR TYPE hscode USING btree AS
	OPERATOR 1 <,
	OPERATOR 2 <=,
	OPERATOR 3 =,
	OPERATOR 4 >=,
	OPERATOR 5 >,
	FUNCTION 1 hscode_cmp(hscode, hscode),
	FUNCTION 2 hscode_sortsupport(internal),
	FUNCTION 4 btequalimage(oid);

CREATE OPERATOR CLASS hscode_ops DEFAULT FOR TYPE hscode USING hash AS
	OPERATOR 1 =,
	FUNCTION 1 hscode_hash(hscode),
	FUNCTION 2 hscode_hash_extended(hscode, int8);

CREATE FUNCTION hscode_smaller(hscode, hscode) RETURNS hscode
	AS 'int8smaller' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hscode_larger(hscode, hscode) RETURNS hscode
	AS 'int8larger' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE;
CREATE AGGREGATE min(hscode) (
	SFUNC = hscode_smaller, STYPE = hscode, SORTOP = <,
	COMBINEFUNC = hscode_smaller, PARALLEL = SAFE
);
CREATE AGGREGATE max(hscode) (
	SFUNC = hscode_larger, STYPE = hscode, SORTOP = >,
	COMBINEFUNC = hscode_larger, PARALLEL = SAFE
);
COMMENT ON FUNCTION hscode_smaller(hscode, hscode) IS 'the lesser of two hscode values';
COMMENT ON FUNCTION hscode_larger(hscode, hscode) IS 'the greater of two hscode values';
COMMENT ON AGGREGATE min(hscode) IS 'the first hscode in code order';
COMMENT ON AGGREGATE max(hscode) IS 'the last hscode in code order';

-- The last code under a code (index support for non-constant containers).
CREATE FUNCTION hscode_range_end(hscode) RETURNS hscode
	AS 'MODULE_PATHNAME', 'hscode_range_end_fn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION hscode_range_end(hscode) IS
	'the greatest code contained in the given code (index support)';

CREATE FUNCTION hscode_contains_support(internal) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hscode_contained_support(internal) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION hscode_contains_support(internal) IS 'planner support: index conditions for @>';
COMMENT ON FUNCTION hscode_contained_support(internal) IS 'planner support: index conditions for <@';

CREATE FUNCTION hscode_contains(hscode, hscode) RETURNS bool
	AS 'MODULE_PATHNAME', 'hscode_contains_fn'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE SUPPORT hscode_contains_support;
CREATE FUNCTION hscode_contained(hscode, hscode) RETURNS bool
	AS 'MODULE_PATHNAME', 'hscode_contained_fn'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE SUPPORT hscode_contained_support;
COMMENT ON FUNCTION hscode_contains(hscode, hscode) IS
	'true if the first code is or contains the second (implements @>)';
COMMENT ON FUNCTION hscode_contained(hscode, hscode) IS
	'true if the first code is or lies within the second (implements <@)';

CREATE OPERATOR @> (
	LEFTARG = hscode, RIGHTARG = hscode, PROCEDURE = hscode_contains,
	COMMUTATOR = <@, RESTRICT = matchingsel, JOIN = matchingjoinsel
);
CREATE OPERATOR <@ (
	LEFTARG = hscode, RIGHTARG = hscode, PROCEDURE = hscode_contained,
	COMMUTATOR = @>, RESTRICT = matchingsel, JOIN = matchingjoinsel
);
COMMENT ON OPERATOR @> (hscode, hscode) IS 'contains (a code contains itself)';
COMMENT ON OPERATOR <@ (hscode, hscode) IS 'is contained by (a code contains itself)';

CREATE FUNCTION hs_chapter(hscode) RETURNS hscode
	AS 'MODULE_PATHNAME', 'hscode_chapter_fn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hs_heading(hscode) RETURNS hscode
	AS 'MODULE_PATHNAME', 'hscode_heading_fn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hs_subheading(hscode) RETURNS hscode
	AS 'MODULE_PATHNAME', 'hscode_subheading_fn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hs_length(hscode) RETURNS int4
	AS 'MODULE_PATHNAME', 'hscode_length_fn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION hs_chapter(hscode) IS 'the 2-digit chapter of an HS code';
COMMENT ON FUNCTION hs_heading(hscode) IS 'the 4-digit heading of an HS code (NULL for a chapter)';
COMMENT ON FUNCTION hs_subheading(hscode) IS
	'the 6-digit subheading of an HS code (NULL for a chapter or heading)';
COMMENT ON FUNCTION hs_length(hscode) IS 'the number of digits of an HS code: 2, 4, 6, 8 or 10';

COMMENT ON FUNCTION territory_in(cstring) IS 'text input of a territory';
COMMENT ON FUNCTION territory_out(territory) IS 'text output of a territory';
COMMENT ON FUNCTION territory_recv(internal) IS 'binary input of a territory';
COMMENT ON FUNCTION territory_send(territory) IS 'binary output of a territory';
COMMENT ON FUNCTION hscode_in(cstring) IS 'text input of an HS code';
COMMENT ON FUNCTION hscode_out(hscode) IS 'text output of an HS code';
COMMENT ON FUNCTION hscode_recv(internal) IS 'binary input of an HS code';
COMMENT ON FUNCTION hscode_send(hscode) IS 'binary output of an HS code';
COMMENT ON OPERATOR = (territory, territory) IS 'equal';
COMMENT ON OPERATOR <> (territory, territory) IS 'not equal';
COMMENT ON OPERATOR < (territory, territory) IS 'less than (code order)';
COMMENT ON OPERATOR <= (territory, territory) IS 'less than or equal (code order)';
COMMENT ON OPERATOR > (territory, territory) IS 'greater than (code order)';
COMMENT ON OPERATOR >= (territory, territory) IS 'greater than or equal (code order)';
COMMENT ON OPERATOR = (hscode, hscode) IS 'equal';
COMMENT ON OPERATOR <> (hscode, hscode) IS 'not equal';
COMMENT ON OPERATOR < (hscode, hscode) IS 'less than (code order)';
COMMENT ON OPERATOR <= (hscode, hscode) IS 'less than or equal (code order)';
COMMENT ON OPERATOR > (hscode, hscode) IS 'greater than (code order)';
COMMENT ON OPERATOR >= (hscode, hscode) IS 'greater than or equal (code order)';

------------------------------------------------------------------------------
-- Places finer than ISO 3166-2: localities, districts, sites (mines,
-- deposits, plants, ports), with names and aliases in several scripts.
------------------------------------------------------------------------------

CREATE FUNCTION name_key(text) RETURNS text
	AS 'MODULE_PATHNAME', 'place_name_key_fn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION name_key(text) IS
	'script-, case-, accent- and punctuation-insensitive key of a place name (ICU Any-Latin; Latin-ASCII); reindex after an ICU upgrade';

CREATE TABLE place (
	-- shipped rows have fixed ids below 1000000; user rows are numbered from there
	id         integer GENERATED BY DEFAULT AS IDENTITY (START WITH 1000000) PRIMARY KEY,
	territory  territory NOT NULL,
	kind       text NOT NULL
		CHECK (kind IN ('locality', 'district', 'community', 'region', 'site', 'port',
		                'oblast', 'raion', 'hromada', 'city', 'selyshche', 'village', 'city_district')),
	name       text NOT NULL CHECK (name_key(name) <> ''),
	katotth    text CHECK (katotth ~ '^UA[0-9]{17}$'),
	latitude   double precision CHECK (latitude BETWEEN -90 AND 90),
	longitude  double precision CHECK (longitude BETWEEN -180 AND 180),
	source     text NOT NULL,
	shipped    boolean NOT NULL DEFAULT false,
	CONSTRAINT place_user_ids CHECK (shipped OR id >= 1000000),
	parent_id  integer REFERENCES place
);
CREATE INDEX place_name_key_idx ON place (name_key(name));
CREATE INDEX place_territory_idx ON place (territory);
CREATE UNIQUE INDEX place_katotth_idx ON place (katotth);
CREATE INDEX place_parent_idx ON place (parent_id);
COMMENT ON TABLE place IS 'places finer than ISO 3166-2, each within an ISO territory';
COMMENT ON COLUMN place.kind IS
	'locality, district, community, region, site (mine, deposit, plant) or port; for KATOTTH units their category: oblast, raion, hromada, city, selyshche, village, city_district';
COMMENT ON COLUMN place.name IS 'the English name (aliases are in embargo.place_name)';
COMMENT ON COLUMN place.katotth IS 'Ukrainian KATOTTH code, when known';
COMMENT ON COLUMN place.parent_id IS 'the place this one lies in (a settlement''s hromada, a hromada''s raion, ...), if recorded';
COMMENT ON COLUMN place.source IS 'where the facts of this row come from; [U] marks unverified';
COMMENT ON COLUMN place.shipped IS 'true for rows shipped with the extension (not dumped by pg_dump)';

CREATE TABLE place_name (
	place_id   integer NOT NULL REFERENCES place ON DELETE CASCADE,
	name       text NOT NULL CHECK (name_key(name) <> ''),
	shipped    boolean NOT NULL DEFAULT false,
	PRIMARY KEY (place_id, name)
);
CREATE INDEX place_name_key_lookup_idx ON place_name (name_key(name));
COMMENT ON TABLE place_name IS
	'other names of a place: other scripts and transliterations, historical and common spellings';

-- pg_dump keeps what users add; CREATE EXTENSION recreates the shipped rows.
SELECT pg_catalog.pg_extension_config_dump('place', 'WHERE NOT shipped');
SELECT pg_catalog.pg_extension_config_dump('place_name', 'WHERE NOT shipped');
SELECT pg_catalog.pg_extension_config_dump('place_id_seq', '');

GRANT SELECT ON place, place_name TO PUBLIC;
GRANT INSERT, UPDATE, DELETE ON place, place_name TO embargo_admin;
GRANT USAGE ON SEQUENCE place_id_seq TO embargo_admin;

CREATE FUNCTION find_place(name text, within territory DEFAULT NULL) RETURNS integer
	AS 'MODULE_PATHNAME', 'find_place_fn' LANGUAGE C STABLE PARALLEL SAFE COST 100;
COMMENT ON FUNCTION find_place(text, territory) IS
	'the id of the one place with this name or alias (in any script), optionally within a territory; errors on no match or several (reads embargo.place)';

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

-- Shipped rows are the extension's: CREATE EXTENSION recreates them and
-- pg_dump leaves them out, so a change to one would be lost on restore.
-- The shipped data (data/, appended by the build) is loaded with these
-- triggers disabled.
CREATE FUNCTION protect_shipped_rows() RETURNS trigger
	LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		IF NEW.shipped THEN
			RAISE EXCEPTION 'cannot add a row marked shipped to %', TG_TABLE_NAME
				USING ERRCODE = 'insufficient_privilege',
				      HINT = 'Leave "shipped" false: only the extension ships rows.';
		END IF;
		RETURN NEW;
	END IF;
	IF OLD.shipped THEN
		RAISE EXCEPTION 'cannot % a shipped row of %', lower(TG_OP), TG_TABLE_NAME
			USING ERRCODE = 'insufficient_privilege',
			      DETAIL = 'Shipped rows are recreated by CREATE EXTENSION and are not dumped, so changes to them would be lost.',
			      HINT = 'Add your own row or alias instead.';
	END IF;
	RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
END $$;
COMMENT ON FUNCTION protect_shipped_rows() IS
	'trigger: refuses to change or delete shipped rows, and to mark new rows shipped';
CREATE TRIGGER protect_shipped BEFORE INSERT OR UPDATE OR DELETE ON place
	FOR EACH ROW EXECUTE FUNCTION protect_shipped_rows();
CREATE TRIGGER protect_shipped BEFORE INSERT OR UPDATE OR DELETE ON place_name
	FOR EACH ROW EXECUTE FUNCTION protect_shipped_rows();

------------------------------------------------------------------------------
-- Non-state authorities that control territory de facto.  A controller is
-- either an ISO 3166-1 country (two letters) or one of these codes (three to
-- five letters and digits), so the two can never be confused.
------------------------------------------------------------------------------

CREATE TABLE authority (
	code       text PRIMARY KEY CHECK (code ~ '^[A-Z][A-Z0-9]{2,4}$'),
	name       text NOT NULL,
	backed_by  territory CHECK (NOT is_subdivision(backed_by)),
	source     text NOT NULL,
	shipped    boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE authority IS 'non-state authorities that control territory de facto (controllers that are not ISO 3166-1 countries)';
COMMENT ON COLUMN authority.code IS 'three to five of A-Z and 0-9, starting with a letter; used as embargo.control.controller';
COMMENT ON COLUMN authority.backed_by IS 'the state that backs the authority, where a source says so';
COMMENT ON COLUMN authority.source IS 'where the facts of this row come from; [U] marks unverified';
COMMENT ON COLUMN authority.shipped IS 'true for rows shipped with the extension (not dumped by pg_dump)';

------------------------------------------------------------------------------
-- The control timeline: who de facto controls a territory or a place, over
-- which dates, over all of it or only part.  embargo.tag_origin() reads it
-- through a per-backend cache (src/gazetteer.c).
------------------------------------------------------------------------------

CREATE TABLE control (
	-- shipped rows have fixed ids below 1000000; user rows are numbered from there
	id           integer GENERATED BY DEFAULT AS IDENTITY (START WITH 1000000) PRIMARY KEY,
	territory    territory,
	place_id     integer REFERENCES place,
	controller   text NOT NULL CHECK (CASE WHEN length(controller) = 2
		THEN controller ~ '^[A-Z]{2}$' AND NOT is_subdivision(controller::territory)
		ELSE controller ~ '^[A-Z][A-Z0-9]{2,4}$' END),
	-- an authority controller must be registered; a country needs no row
	authority    text GENERATED ALWAYS AS
		(CASE WHEN length(controller) > 2 THEN controller END) STORED REFERENCES authority,
	coverage     text NOT NULL DEFAULT 'full' CHECK (coverage IN ('full', 'partial')),
	valid_from   date,
	valid_until  date CHECK (valid_until > valid_from),
	source       text NOT NULL,
	shipped      boolean NOT NULL DEFAULT false,
	CHECK ((territory IS NULL) <> (place_id IS NULL)),
	CONSTRAINT control_user_ids CHECK (shipped OR id >= 1000000),
	list         text,
	edition      text,
	CONSTRAINT control_list_edition CHECK ((list IS NULL) = (edition IS NULL))
);
CREATE INDEX control_territory_idx ON control (territory);
CREATE INDEX control_place_id_idx ON control (place_id);
CREATE INDEX control_authority_idx ON control (authority);
COMMENT ON TABLE control IS 'who de facto controls a territory or place, over which dates (the finest level known wins)';
COMMENT ON COLUMN control.territory IS 'the ISO 3166 territory this row is about (or NULL when it is about a place)';
COMMENT ON COLUMN control.place_id IS 'the place this row is about (or NULL when it is about a territory)';
COMMENT ON COLUMN control.controller IS 'ISO 3166-1 country or embargo.authority code in de facto control';
COMMENT ON COLUMN control.authority IS 'the controller when it is an authority (kept for the foreign key)';
COMMENT ON COLUMN control.coverage IS 'full: the controller holds all of it; partial: only part, so the area alone cannot tell';
COMMENT ON COLUMN control.valid_from IS 'first day of control; NULL if since before any date of interest';
COMMENT ON COLUMN control.valid_until IS 'first day no longer in control; NULL if still';
COMMENT ON COLUMN control.source IS 'citation for this row; [U] marks unverified';
COMMENT ON COLUMN control.shipped IS 'true for rows shipped with the extension (not dumped by pg_dump)';

SELECT pg_catalog.pg_extension_config_dump('authority', 'WHERE NOT shipped');
SELECT pg_catalog.pg_extension_config_dump('control', 'WHERE NOT shipped');
SELECT pg_catalog.pg_extension_config_dump('control_id_seq', '');

GRANT SELECT ON authority, control TO PUBLIC;
GRANT INSERT, UPDATE, DELETE ON authority, control TO embargo_admin;
GRANT USAGE ON SEQUENCE control_id_seq TO embargo_admin;

CREATE TRIGGER protect_shipped BEFORE INSERT OR UPDATE OR DELETE ON authority
	FOR EACH ROW EXECUTE FUNCTION protect_shipped_rows();
CREATE TRIGGER protect_shipped BEFORE INSERT OR UPDATE OR DELETE ON control
	FOR EACH ROW EXECUTE FUNCTION protect_shipped_rows();

-- Plain DML sends no cache invalidation; these triggers send one so that
-- every session rebuilds its cache before its next statement (the rule
-- matcher is compiled into the same cache: the rule tables have them too,
-- and authority for its backers).
CREATE FUNCTION invalidate_gazetteer() RETURNS trigger
	AS 'MODULE_PATHNAME' LANGUAGE C;
COMMENT ON FUNCTION invalidate_gazetteer() IS
	'trigger: tells every session that its cached copy of the places and control timeline is stale';
CREATE TRIGGER invalidate_gazetteer AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON place
	FOR EACH STATEMENT EXECUTE FUNCTION invalidate_gazetteer();
CREATE TRIGGER invalidate_gazetteer AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON place_name
	FOR EACH STATEMENT EXECUTE FUNCTION invalidate_gazetteer();
CREATE TRIGGER invalidate_gazetteer AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON control
	FOR EACH STATEMENT EXECUTE FUNCTION invalidate_gazetteer();
CREATE TRIGGER invalidate_gazetteer AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON authority
	FOR EACH STATEMENT EXECUTE FUNCTION invalidate_gazetteer();
-- also when replication or a restore runs with session_replication_role = replica
ALTER TABLE place ENABLE ALWAYS TRIGGER invalidate_gazetteer;
ALTER TABLE place_name ENABLE ALWAYS TRIGGER invalidate_gazetteer;
ALTER TABLE control ENABLE ALWAYS TRIGGER invalidate_gazetteer;
ALTER TABLE authority ENABLE ALWAYS TRIGGER invalidate_gazetteer;

------------------------------------------------------------------------------
-- embargo.origin: the result of tagging.  16 bytes, fixed size; text form
-- (territory,place,sovereign,controller,status,precision).
------------------------------------------------------------------------------

CREATE TYPE origin;

CREATE FUNCTION origin_in(cstring) RETURNS origin
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION origin_out(origin) RETURNS cstring
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION origin_recv(internal) RETURNS origin
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION origin_send(origin) RETURNS bytea
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE origin (
	INPUT = origin_in,
	OUTPUT = origin_out,
	RECEIVE = origin_recv,
	SEND = origin_send,
	INTERNALLENGTH = 16,
	ALIGNMENT = int4,
	STORAGE = plain
);
COMMENT ON FUNCTION origin_in(cstring) IS 'text input of an origin';
COMMENT ON FUNCTION origin_out(origin) IS 'text output of an origin';
COMMENT ON FUNCTION origin_recv(internal) IS 'binary input of an origin';
COMMENT ON FUNCTION origin_send(origin) IS 'binary output of an origin';
COMMENT ON TYPE origin IS
	'where goods come from and who controlled it on the date: (territory,place,sovereign,controller,status,precision)';

CREATE FUNCTION origin_eq(origin, origin) RETURNS bool
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION origin_ne(origin, origin) RETURNS bool
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION origin_lt(origin, origin) RETURNS bool
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION origin_le(origin, origin) RETURNS bool
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION origin_gt(origin, origin) RETURNS bool
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION origin_ge(origin, origin) RETURNS bool
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION origin_cmp(origin, origin) RETURNS int4
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION origin_hash(origin) RETURNS int4
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION origin_hash_extended(origin, int8) RETURNS int8
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION origin_eq(origin, origin) IS 'equal (implements the operator)';
COMMENT ON FUNCTION origin_ne(origin, origin) IS 'not equal (implements the operator)';
COMMENT ON FUNCTION origin_lt(origin, origin) IS 'less than (implements the operator)';
COMMENT ON FUNCTION origin_le(origin, origin) IS 'less than or equal (implements the operator)';
COMMENT ON FUNCTION origin_gt(origin, origin) IS 'greater than (implements the operator)';
COMMENT ON FUNCTION origin_ge(origin, origin) IS 'greater than or equal (implements the operator)';
COMMENT ON FUNCTION origin_cmp(origin, origin) IS 'btree comparison for origin';
COMMENT ON FUNCTION origin_hash(origin) IS 'hash of an origin';
COMMENT ON FUNCTION origin_hash_extended(origin, int8) IS 'seeded 64-bit hash of an origin';

CREATE OPERATOR = (
	LEFTARG = origin, RIGHTARG = origin, PROCEDURE = origin_eq,
	COMMUTATOR = =, NEGATOR = <>, RESTRICT = eqsel, JOIN = eqjoinsel,
	HASHES, MERGES
);
CREATE OPERATOR <> (
	LEFTARG = origin, RIGHTARG = origin, PROCEDURE = origin_ne,
	COMMUTATOR = <>, NEGATOR = =, RESTRICT = neqsel, JOIN = neqjoinsel
);
CREATE OPERATOR < (
	LEFTARG = origin, RIGHTARG = origin, PROCEDURE = origin_lt,
	COMMUTATOR = >, NEGATOR = >=, RESTRICT = scalarltsel, JOIN = scalarltjoinsel
);
CREATE OPERATOR <= (
	LEFTARG = origin, RIGHTARG = origin, PROCEDURE = origin_le,
	COMMUTATOR = >=, NEGATOR = >, RESTRICT = scalarlesel, JOIN = scalarlejoinsel
);
CREATE OPERATOR > (
	LEFTARG = origin, RIGHTARG = origin, PROCEDURE = origin_gt,
	COMMUTATOR = <, NEGATOR = <=, RESTRICT = scalargtsel, JOIN = scalargtjoinsel
);
CREATE OPERATOR >= (
	LEFTARG = origin, RIGHTARG = origin, PROCEDURE = origin_ge,
	COMMUTATOR = <=, NEGATOR = <, RESTRICT = scalargesel, JOIN = scalargejoinsel
);
COMMENT ON OPERATOR = (origin, origin) IS 'equal';
COMMENT ON OPERATOR <> (origin, origin) IS 'not equal';
COMMENT ON OPERATOR < (origin, origin) IS 'less than (territory, then place, controller, status, precision)';
COMMENT ON OPERATOR <= (origin, origin) IS 'less than or equal';
COMMENT ON OPERATOR > (origin, origin) IS 'greater than';
COMMENT ON OPERATOR >= (origin, origin) IS 'greater than or equal';

CREATE OPERATOR CLASS origin_ops DEFAULT FOR TYPE origin USING btree AS
	OPERATOR 1 <,
	OPERATOR 2 <=,
	OPERATOR 3 =,
	OPERATOR 4 >=,
	OPERATOR 5 >,
	FUNCTION 1 origin_cmp(origin, origin),
	FUNCTION 4 btequalimage(oid);

CREATE OPERATOR CLASS origin_ops DEFAULT FOR TYPE origin USING hash AS
	OPERATOR 1 =,
	FUNCTION 1 origin_hash(origin),
	FUNCTION 2 origin_hash_extended(origin, int8);

-- Accessors.  territory() and sovereign() return ISO codes; controller() is
-- text because it may be an authority code.
CREATE FUNCTION territory(origin) RETURNS territory
	AS 'MODULE_PATHNAME', 'origin_territory_fn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION place(origin) RETURNS integer
	AS 'MODULE_PATHNAME', 'origin_place_fn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION sovereign(origin) RETURNS territory
	AS 'MODULE_PATHNAME', 'origin_sovereign_fn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION controller(origin) RETURNS text
	AS 'MODULE_PATHNAME', 'origin_controller_fn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION status(origin) RETURNS text
	AS 'MODULE_PATHNAME', 'origin_status_fn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION decided_at(origin) RETURNS text
	AS 'MODULE_PATHNAME', 'origin_precision_fn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION is_occupied(origin) RETURNS boolean
	AS 'MODULE_PATHNAME', 'origin_is_occupied_fn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION territory(origin) IS 'the ISO 3166 territory the goods come from';
COMMENT ON FUNCTION place(origin) IS 'the embargo.place id, or NULL when only the territory is known';
COMMENT ON FUNCTION sovereign(origin) IS 'the de jure sovereign: the country of the territory';
COMMENT ON FUNCTION controller(origin) IS 'the de facto controller on the date: an ISO country or an embargo.authority code';
COMMENT ON FUNCTION status(origin) IS 'sovereign, occupied, or contested (partly held by another and too coarse to tell)';
COMMENT ON FUNCTION decided_at(origin) IS 'the level the control was decided at: place, subdivision or country';
COMMENT ON FUNCTION is_occupied(origin) IS 'true when the status is occupied';

-- Tagging.  STABLE: the answer depends on the place and control tables
-- (read through the per-backend cache, never per row).
--
-- Truthful costs, here and for screen(), explain(), hop() and the name
-- lookups.  COST is in units of cpu_operator_cost, the price of one operator
-- such as int4eq (a few ns).  Measured per call on the benchmarks
-- (tests/bench/): tagging 50-100 ns, screening 100-200 ns, a declared origin
-- tagged and screened 150-300 ns, a name looked up through ICU 1-2 us,
-- explain() a few us.  With COST 1 the planner saw no gain in running them
-- in parallel workers.
CREATE FUNCTION tag_origin(territory territory, place integer, on_date date) RETURNS origin
	AS 'MODULE_PATHNAME', 'tag_origin_by_id' LANGUAGE C STABLE PARALLEL SAFE COST 10;
CREATE FUNCTION tag_origin(territory territory, place text, on_date date) RETURNS origin
	AS 'MODULE_PATHNAME', 'tag_origin_by_name' LANGUAGE C STABLE PARALLEL SAFE COST 100;
COMMENT ON FUNCTION tag_origin(territory, integer, date) IS
	'origin tag of goods from a territory and/or place (by id) on a date (reads embargo.place and embargo.control)';
COMMENT ON FUNCTION tag_origin(territory, text, date) IS
	'origin tag of goods from a territory and/or place (by name, as find_place) on a date (reads embargo.place and embargo.control)';

------------------------------------------------------------------------------
-- Verdicts, in order of severity: the most severe matching rule wins.
------------------------------------------------------------------------------

CREATE TYPE verdict AS ENUM ('allow', 'review', 'licence', 'prohibit');
COMMENT ON TYPE verdict IS 'screening verdict, ordered allow < review < licence < prohibit';

------------------------------------------------------------------------------
-- Hop roles: what happened to the goods at a hop of a chain of custody (see
-- embargo.custody below; rules name them).  Every role but transit and
-- exported transforms the goods; record a hop as processed only when it
-- changed what the goods are (a new heading, a new article), not for
-- sorting, packing or cutting to length.  The C code knows these names in
-- this order (src/custody.c): add a value only together with it.
------------------------------------------------------------------------------

CREATE TYPE hop_role AS ENUM ('mined', 'concentrated', 'smelted', 'cast', 'refined',
                              'processed', 'manufactured', 'transit', 'exported');
COMMENT ON TYPE hop_role IS 'what happened to goods at one hop of a chain of custody: mined, concentrated, smelted, cast, refined, processed, manufactured (these transform the goods), transit or exported';

------------------------------------------------------------------------------
-- Rules: which goods from which origins an importing jurisdiction forbids or
-- restricts, over which shipment dates, and under which instrument.
--
-- Rules that look at hops.  A rule with hop_roles is judged on the hops of
-- the chain with one of those roles, picked by hop_select:
--   any      every such hop (smelted in RU; transited through RU);
--   last     the last such hop: with the transforming roles, the country of
--            the last substantial transformation, i.e. the origin under the
--            EU and OFAC tests;
--   earlier  a such hop followed, later in the chain, by a transforming hop
--            outside the rule's territory: inputs processed further elsewhere
--            ("processed in a third country from Russian inputs").
-- hop_date_from: that hop's date (production, passage) must be on or after
-- it; an undated hop cannot show it is earlier, so it counts as on or after.
-- When the chain has no hop with any of the rule's roles, or no chain is
-- given, the declared origin stands in for that hop (undated; never
-- "earlier").  Rules without hop_roles judge the declared origin.
------------------------------------------------------------------------------

CREATE TABLE rule (
	-- shipped rows have fixed ids below 1000000; user rows are numbered from there
	id            integer GENERATED BY DEFAULT AS IDENTITY (START WITH 1000000) PRIMARY KEY,
	jurisdiction  text NOT NULL CHECK (jurisdiction ~ '^[A-Z][A-Z0-9_]{1,15}$'),
	instrument    text NOT NULL CHECK (instrument ~ '\S'),
	article       text,
	citation      text NOT NULL CHECK (citation ~ '\S'),
	action        verdict NOT NULL CHECK (action <> 'allow'),
	-- origin scope: every condition given must hold; none given = any origin
	territory     territory,
	place_id      integer REFERENCES place,
	controller    text CHECK (CASE WHEN length(controller) = 2
		THEN controller ~ '^[A-Z]{2}$' AND NOT is_subdivision(controller::territory)
		ELSE controller ~ '^[A-Z][A-Z0-9]{2,4}$' END),
	-- an authority controller must be registered, as in embargo.control
	authority     text GENERATED ALWAYS AS
		(CASE WHEN length(controller) > 2 THEN controller END) STORED REFERENCES authority,
	status        text CHECK (status IN ('sovereign', 'occupied', 'contested')),
	-- goods scope: HS prefixes, empty = all goods
	hs            hscode[] NOT NULL DEFAULT '{}' CHECK (array_position(hs, NULL) IS NULL),
	valid_from    date,
	valid_until   date CHECK (valid_until > valid_from),
	enabled       boolean NOT NULL DEFAULT true,
	note          text,
	shipped       boolean NOT NULL DEFAULT false,
	-- hop scope: NULL judges the declared origin
	hop_roles     hop_role[]
		CHECK (array_ndims(hop_roles) = 1 AND cardinality(hop_roles) > 0
		       AND array_position(hop_roles, NULL) IS NULL),
	hop_select    text CHECK (hop_select IN ('any', 'last', 'earlier')),
	hop_date_from date,
	CONSTRAINT rule_user_ids CHECK (shipped OR id >= 1000000),
	CONSTRAINT rule_hop_scope
		CHECK (hop_roles IS NOT NULL OR (hop_select IS NULL AND hop_date_from IS NULL))
);
CREATE INDEX rule_jurisdiction_idx ON rule (jurisdiction);
CREATE INDEX rule_place_id_idx ON rule (place_id);
CREATE INDEX rule_authority_idx ON rule (authority);
COMMENT ON TABLE rule IS 'sanctions and import rules: jurisdiction, origin and goods scope, shipment dates, action, legal basis';
COMMENT ON COLUMN rule.jurisdiction IS 'importing jurisdiction: US, EU, UK, CA, JP, AU, or your own code';
COMMENT ON COLUMN rule.instrument IS 'the legal instrument, e.g. Council Regulation (EU) 2022/263';
COMMENT ON COLUMN rule.article IS 'article or section, e.g. Art. 2(1)(a)';
COMMENT ON COLUMN rule.citation IS 'where the text can be found (official journal reference, register)';
COMMENT ON COLUMN rule.action IS 'the verdict when the rule applies: review, licence or prohibit';
COMMENT ON COLUMN rule.territory IS 'origin scope: the origin lies within this ISO territory';
COMMENT ON COLUMN rule.place_id IS 'origin scope: the origin is this place';
COMMENT ON COLUMN rule.controller IS 'origin scope: controlled on the date by this country or authority, or by an authority it backs';
COMMENT ON COLUMN rule.authority IS 'the controller when it is an authority (kept for the foreign key)';
COMMENT ON COLUMN rule.status IS 'origin scope: sovereign, occupied or contested';
COMMENT ON COLUMN rule.hs IS 'goods scope: HS prefixes; empty means all goods';
COMMENT ON COLUMN rule.valid_from IS 'first shipment date the rule applies to; NULL if always';
COMMENT ON COLUMN rule.valid_until IS 'first shipment date it no longer applies to; NULL if still in force';
COMMENT ON COLUMN rule.enabled IS 'false to switch a rule off without deleting it';
COMMENT ON COLUMN rule.note IS 'remarks; says so where the facts are uncertain and the verdict was made conservative';
COMMENT ON COLUMN rule.shipped IS 'true for the shipped rule pack (not dumped by pg_dump)';
COMMENT ON COLUMN rule.hop_roles IS 'hop scope: judge the hops of the chain of custody with these roles (NULL: judge the declared origin)';
COMMENT ON COLUMN rule.hop_select IS 'which of those hops: any (NULL means any), last, or earlier (transformed again later, outside the rule''s territory)';
COMMENT ON COLUMN rule.hop_date_from IS 'the hop''s own date (production, passage) must be on or after this; undated hops count as on or after';

CREATE TABLE rule_exception (
	id           integer GENERATED BY DEFAULT AS IDENTITY (START WITH 1000000) PRIMARY KEY,
	rule_id      integer NOT NULL REFERENCES rule ON DELETE CASCADE,
	evidence     text NOT NULL CHECK (evidence ~ '^[a-z0-9][a-z0-9_.:-]*$'),
	valid_from   date,
	valid_until  date CHECK (valid_until > valid_from),
	description  text NOT NULL CHECK (description ~ '\S'),
	citation     text NOT NULL CHECK (citation ~ '\S'),
	shipped      boolean NOT NULL DEFAULT false,
	CONSTRAINT rule_exception_user_ids CHECK (shipped OR id >= 1000000),
	UNIQUE (rule_id, evidence, valid_from)
);
COMMENT ON TABLE rule_exception IS 'evidence that lifts one rule, e.g. a Ukrainian certificate of origin, over a window of shipment dates';
COMMENT ON COLUMN rule_exception.evidence IS 'the evidence code a caller passes to screen(), e.g. ua-certificate-of-origin';
COMMENT ON COLUMN rule_exception.valid_from IS 'first shipment date the exception lifts the rule for; NULL if always';
COMMENT ON COLUMN rule_exception.valid_until IS 'first shipment date it no longer does; NULL if still';
COMMENT ON COLUMN rule_exception.shipped IS 'true for the shipped rule pack (not dumped by pg_dump)';

SELECT pg_catalog.pg_extension_config_dump('rule', 'WHERE NOT shipped');
SELECT pg_catalog.pg_extension_config_dump('rule_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('rule_exception', 'WHERE NOT shipped');
SELECT pg_catalog.pg_extension_config_dump('rule_exception_id_seq', '');

GRANT SELECT ON rule, rule_exception TO PUBLIC;
GRANT INSERT, UPDATE, DELETE ON rule, rule_exception TO embargo_admin;
GRANT USAGE ON SEQUENCE rule_id_seq, rule_exception_id_seq TO embargo_admin;

CREATE TRIGGER protect_shipped BEFORE INSERT OR UPDATE OR DELETE ON rule
	FOR EACH ROW EXECUTE FUNCTION protect_shipped_rows();
CREATE TRIGGER protect_shipped BEFORE INSERT OR UPDATE OR DELETE ON rule_exception
	FOR EACH ROW EXECUTE FUNCTION protect_shipped_rows();

-- The matcher is compiled into the per-backend cache; these tables feed it.
CREATE TRIGGER invalidate_gazetteer AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON rule
	FOR EACH STATEMENT EXECUTE FUNCTION invalidate_gazetteer();
CREATE TRIGGER invalidate_gazetteer AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON rule_exception
	FOR EACH STATEMENT EXECUTE FUNCTION invalidate_gazetteer();
ALTER TABLE rule ENABLE ALWAYS TRIGGER invalidate_gazetteer;
ALTER TABLE rule_exception ENABLE ALWAYS TRIGGER invalidate_gazetteer;

------------------------------------------------------------------------------
-- Screening.  STABLE: the verdict depends on the rule and control tables,
-- read through the per-backend cache, never per row.
------------------------------------------------------------------------------




CREATE FUNCTION ruleset_version() RETURNS text
	AS 'MODULE_PATHNAME', 'ruleset_version' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ruleset_version() IS
	'md5 of the rules, exceptions and authority backers this session screens with: record it with a verdict to show which rule set produced it';

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
	operation        text CHECK (operation IN ('INSERT', 'UPDATE')),
	jurisdiction     text,
	old_row_data     jsonb,
	CHECK ((status = 'held') = (decided_at IS NULL))
);
CREATE INDEX quarantine_held_idx ON quarantine (source_table) WHERE status = 'held';
COMMENT ON TABLE quarantine IS 'rows held back by embargo.enforce() in quarantine mode, until released or rejected';
COMMENT ON COLUMN quarantine.row_data IS 'the row as it was written, as jsonb';
COMMENT ON COLUMN quarantine.status IS 'held, released (put back by embargo.release) or rejected';
COMMENT ON COLUMN quarantine.old_row_data IS 'for a held UPDATE, the row it would have replaced, as jsonb: release() finds it by its primary key';
COMMENT ON COLUMN quarantine.jurisdiction IS 'the jurisdiction the row was screened for; NULL for rows held before 0.6';
COMMENT ON COLUMN quarantine.operation IS
	'the statement that was held: an INSERT is released by inserting the row, an UPDATE by updating the row with the same primary key; NULL for rows held before 0.6 (released by inserting)';
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
	outcome          text NOT NULL CHECK (outcome IN ('passed', 'flagged', 'held', 'released', 'rejected', 'rescreened')),
	row_key          text,
	origin           origin,
	jurisdiction     text NOT NULL,
	verdict          verdict NOT NULL,
	rule_ids         integer[] NOT NULL,
	reasons          text,
	ruleset_version  text,
	quarantine_id    bigint,
	decision_reason  text
);
COMMENT ON TABLE audit IS 'append-only record of every decision of embargo.enforce() other than allow';
COMMENT ON COLUMN audit.outcome IS
	'passed (prohibit mode, below prohibit), flagged, held, or released or rejected by a reviewer';
COMMENT ON COLUMN audit.quarantine_id IS 'the quarantine row held, released or rejected';
COMMENT ON COLUMN audit.decision_reason IS 'why the reviewer released or rejected the row';
SELECT pg_catalog.pg_extension_config_dump('audit', '');
SELECT pg_catalog.pg_extension_config_dump('quarantine_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('audit_id_seq', '');

-- Also guards the seals and the log of rule overrides (below).
CREATE FUNCTION refuse_change() RETURNS trigger
	LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
	RAISE EXCEPTION 'embargo.% is append-only', TG_TABLE_NAME
		USING ERRCODE = 'insufficient_privilege',
		      DETAIL = CASE TG_TABLE_NAME
		               WHEN 'audit_seal' THEN 'Seals record digests of the audit trail and are never changed or removed.'
		               WHEN 'rule_override_log' THEN 'The log records every change to rule overrides; it is never changed or removed.'
		               ELSE 'Audit rows record decisions and are never changed or removed.' END;
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

-- Not STRICT: a reason is required, and release(id, NULL) must not silently
-- do nothing.
CREATE FUNCTION release(id bigint, reason text) RETURNS void
	AS 'MODULE_PATHNAME', 'enforce_release' LANGUAGE C;
COMMENT ON FUNCTION release(bigint, text) IS
	'put a quarantined row back into its table, overriding its verdict (embargo_reviewer only; audited)';

CREATE FUNCTION reject(id bigint, reason text) RETURNS void
	AS 'MODULE_PATHNAME', 'enforce_reject' LANGUAGE C;
COMMENT ON FUNCTION reject(bigint, text) IS
	'close a quarantined row as rejected (embargo_reviewer only)';
REVOKE EXECUTE ON FUNCTION release(bigint, text), reject(bigint, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION release(bigint, text), reject(bigint, text) TO embargo_reviewer;

------------------------------------------------------------------------------
-- embargo.custody: the chain of custody of a shipment, an ordered list of
-- 1 to 32 hops, each a role, a territory, optionally a place (by id) and
-- optionally a date (of production, or of passage).  Text form:
--   mined:CD-NK#34@2024-05-01 > exported:RW > refined:CN@2024-07-01
-- Variable length, 16 bytes a hop.
------------------------------------------------------------------------------

CREATE TYPE custody;

CREATE FUNCTION custody_in(cstring) RETURNS custody
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION custody_in(cstring) IS 'input function of type embargo.custody';
CREATE FUNCTION custody_out(custody) RETURNS cstring
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION custody_out(custody) IS 'output function of type embargo.custody';
CREATE FUNCTION custody_recv(internal) RETURNS custody
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION custody_recv(internal) IS 'binary input function of type embargo.custody';
CREATE FUNCTION custody_send(custody) RETURNS bytea
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION custody_send(custody) IS 'binary output function of type embargo.custody';

CREATE TYPE custody (
	INPUT = custody_in,
	OUTPUT = custody_out,
	RECEIVE = custody_recv,
	SEND = custody_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = int4,
	STORAGE = extended
);
COMMENT ON TYPE custody IS 'chain of custody: ordered hops role:territory[#place][@date][/facility], separated by ">"';

CREATE CAST (custody AS text) WITH INOUT;
CREATE CAST (text AS custody) WITH INOUT;

CREATE FUNCTION hops(chain custody)
	RETURNS TABLE (hop integer, role hop_role, territory territory, place_id integer, on_date date,
	               facility text)
	AS 'MODULE_PATHNAME', 'custody_hops' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 4;
COMMENT ON FUNCTION hops(custody) IS 'the hops of a chain of custody, numbered from 1, in order, with the facility each names';

CREATE FUNCTION hop_count(chain custody) RETURNS integer
	AS 'MODULE_PATHNAME', 'custody_hop_count' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION hop_count(custody) IS 'the number of hops of a chain of custody';

CREATE FUNCTION has_hop(chain custody, role hop_role, within territory) RETURNS boolean
	AS 'MODULE_PATHNAME', 'custody_has_hop' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION has_hop(custody, hop_role, territory) IS
	'whether a hop with this role lies within the territory (chain @> ''role:territory'' says the same, and can use a GIN index)';

-- A chain from its pieces; the place by name, resolved as tag_origin() does.
CREATE FUNCTION hop(role hop_role, territory territory, place text DEFAULT NULL,
                    on_date date DEFAULT NULL) RETURNS custody
	AS 'MODULE_PATHNAME', 'custody_hop_by_name' LANGUAGE C STABLE PARALLEL SAFE COST 100;
COMMENT ON FUNCTION hop(hop_role, territory, text, date) IS
	'a one-hop chain: role, territory, optionally a place name (looked up in embargo.place_name) and a date; join hops with ||';
CREATE FUNCTION hop(role hop_role, territory territory, place_id integer,
                    on_date date DEFAULT NULL) RETURNS custody
	AS 'MODULE_PATHNAME', 'custody_hop_by_id' LANGUAGE C STABLE PARALLEL SAFE COST 10;
COMMENT ON FUNCTION hop(hop_role, territory, integer, date) IS
	'a one-hop chain: role, territory, optionally a place id (checked against embargo.place) and a date; join hops with ||';

CREATE FUNCTION custody_concat(custody, custody) RETURNS custody
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION custody_concat(custody, custody) IS 'implementation of || for chains of custody';
CREATE OPERATOR || (LEFTARG = custody, RIGHTARG = custody, FUNCTION = custody_concat);
COMMENT ON OPERATOR ||(custody, custody) IS 'the hops of the left chain, then those of the right';

-- Equality, ordering (hop by hop: territory, role, place, date; a prefix
-- first) and hashing, so that chains can be compared, grouped, made
-- DISTINCT and indexed with btree or hash.
CREATE FUNCTION custody_cmp(custody, custody) RETURNS integer
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION custody_cmp(custody, custody) IS 'btree comparison of chains of custody';
CREATE FUNCTION custody_eq(custody, custody) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION custody_eq(custody, custody) IS 'implementation of = for chains of custody';
CREATE FUNCTION custody_ne(custody, custody) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION custody_ne(custody, custody) IS 'implementation of <> for chains of custody';
CREATE FUNCTION custody_lt(custody, custody) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION custody_lt(custody, custody) IS 'implementation of < for chains of custody';
CREATE FUNCTION custody_le(custody, custody) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION custody_le(custody, custody) IS 'implementation of <= for chains of custody';
CREATE FUNCTION custody_gt(custody, custody) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION custody_gt(custody, custody) IS 'implementation of > for chains of custody';
CREATE FUNCTION custody_ge(custody, custody) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION custody_ge(custody, custody) IS 'implementation of >= for chains of custody';
CREATE FUNCTION custody_hash(custody) RETURNS integer
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION custody_hash(custody) IS 'hash of a chain of custody';
CREATE FUNCTION custody_hash_extended(custody, bigint) RETURNS bigint
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION custody_hash_extended(custody, bigint) IS 'seeded hash of a chain of custody';

CREATE OPERATOR = (LEFTARG = custody, RIGHTARG = custody, FUNCTION = custody_eq,
	COMMUTATOR = =, NEGATOR = <>, RESTRICT = eqsel, JOIN = eqjoinsel, HASHES, MERGES);
COMMENT ON OPERATOR =(custody, custody) IS 'the same hops in the same order';
CREATE OPERATOR <> (LEFTARG = custody, RIGHTARG = custody, FUNCTION = custody_ne,
	COMMUTATOR = <>, NEGATOR = =, RESTRICT = neqsel, JOIN = neqjoinsel);
COMMENT ON OPERATOR <>(custody, custody) IS 'not the same hops in the same order';
CREATE OPERATOR < (LEFTARG = custody, RIGHTARG = custody, FUNCTION = custody_lt,
	COMMUTATOR = >, NEGATOR = >=, RESTRICT = scalarltsel, JOIN = scalarltjoinsel);
COMMENT ON OPERATOR <(custody, custody) IS 'sorts before';
CREATE OPERATOR <= (LEFTARG = custody, RIGHTARG = custody, FUNCTION = custody_le,
	COMMUTATOR = >=, NEGATOR = >, RESTRICT = scalarlesel, JOIN = scalarlejoinsel);
COMMENT ON OPERATOR <=(custody, custody) IS 'sorts before or equal';
CREATE OPERATOR > (LEFTARG = custody, RIGHTARG = custody, FUNCTION = custody_gt,
	COMMUTATOR = <, NEGATOR = <=, RESTRICT = scalargtsel, JOIN = scalargtjoinsel);
COMMENT ON OPERATOR >(custody, custody) IS 'sorts after';
CREATE OPERATOR >= (LEFTARG = custody, RIGHTARG = custody, FUNCTION = custody_ge,
	COMMUTATOR = <=, NEGATOR = <, RESTRICT = scalargesel, JOIN = scalargejoinsel);
COMMENT ON OPERATOR >=(custody, custody) IS 'sorts after or equal';

CREATE OPERATOR CLASS custody_btree_ops DEFAULT FOR TYPE custody USING btree AS
	OPERATOR 1 <, OPERATOR 2 <=, OPERATOR 3 =, OPERATOR 4 >=, OPERATOR 5 >,
	FUNCTION 1 custody_cmp(custody, custody);
CREATE OPERATOR CLASS custody_hash_ops DEFAULT FOR TYPE custody USING hash AS
	OPERATOR 1 =,
	FUNCTION 1 custody_hash(custody),
	FUNCTION 2 custody_hash_extended(custody, bigint);

-- a @> b: every hop of b is matched by a hop of a with the same role, a
-- territory within b's, and b's place and date where b gives them.
CREATE FUNCTION custody_contains(custody, custody) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION custody_contains(custody, custody) IS 'implementation of @> for chains of custody';
CREATE FUNCTION custody_contained(custody, custody) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION custody_contained(custody, custody) IS 'implementation of <@ for chains of custody';
CREATE OPERATOR @> (LEFTARG = custody, RIGHTARG = custody, FUNCTION = custody_contains,
	COMMUTATOR = <@, RESTRICT = contsel, JOIN = contjoinsel);
COMMENT ON OPERATOR @>(custody, custody) IS 'the chain has, for every hop on the right, a hop of that role within its territory';
CREATE OPERATOR <@ (LEFTARG = custody, RIGHTARG = custody, FUNCTION = custody_contained,
	COMMUTATOR = @>, RESTRICT = contsel, JOIN = contjoinsel);
COMMENT ON OPERATOR <@(custody, custody) IS 'every hop on the left is matched by a hop of the chain on the right';

-- GIN: a chain is indexed under (role, territory) for each hop and each ISO
-- parent of its territory, so chain @> 'smelted:RU' finds every chain with
-- a hop smelted anywhere in RU.
CREATE FUNCTION custody_gin_extract_value(custody, internal) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION custody_gin_extract_value(custody, internal) IS 'GIN support for embargo.custody';
CREATE FUNCTION custody_gin_extract_query(custody, internal, int2, internal, internal, internal, internal)
	RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION custody_gin_extract_query(custody, internal, int2, internal, internal, internal, internal) IS
	'GIN support for embargo.custody';
CREATE FUNCTION custody_gin_consistent(internal, int2, custody, int4, internal, internal, internal, internal)
	RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION custody_gin_consistent(internal, int2, custody, int4, internal, internal, internal, internal) IS
	'GIN support for embargo.custody';

CREATE OPERATOR CLASS custody_ops DEFAULT FOR TYPE custody USING gin AS
	OPERATOR 7 @> (custody, custody),
	FUNCTION 1 pg_catalog.btint4cmp(int4, int4),
	FUNCTION 2 custody_gin_extract_value(custody, internal),
	FUNCTION 3 custody_gin_extract_query(custody, internal, int2, internal, internal, internal, internal),
	FUNCTION 4 custody_gin_consistent(internal, int2, custody, int4, internal, internal, internal, internal),
	STORAGE int4;


------------------------------------------------------------------------------
-- Screening with a chain of custody.  Not STRICT: a NULL chain means none
-- was declared, and NULL evidence means none; NULL in any other argument
-- gives NULL.
------------------------------------------------------------------------------




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
-- Official lists (Ukraine's list of occupied territories, Order No. 376):
-- each edition loaded is recorded here; its rows in control (and hostility)
-- carry the list and the edition.  The latest edition of a list is the one in
-- force: the cache reads only its rows, so a newer edition loaded by an
-- administrator replaces the shipped one, also after pg_dump and restore.
------------------------------------------------------------------------------

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



------------------------------------------------------------------------------
------------------------------------------------------------------------------
-- Sanctions lists as data (issue 17, first part): the lists, each edition
-- loaded, and its entries with their names, addresses and identifiers, as
-- the list publishes them.  Every loaded row carries its edition; the latest
-- edition of a list is the one in force.  Older editions stay until an
-- administrator deletes them (their rows go with them).
------------------------------------------------------------------------------

CREATE TABLE party_list (
	list          text PRIMARY KEY CHECK (list ~ '^[a-z][a-z0-9_]*$'),
	title         text NOT NULL,
	publisher     text NOT NULL,
	jurisdiction  text NOT NULL CHECK (jurisdiction ~ '^[A-Z]{2}$'),
	shipped       boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE party_list IS
	'the sanctions lists load_list() reads: their publisher and the jurisdiction whose law they carry';
COMMENT ON COLUMN party_list.jurisdiction IS 'the jurisdiction of the list: US, UK';

CREATE TABLE party_list_edition (
	list         text NOT NULL REFERENCES party_list,
	edition      date NOT NULL,
	source       text NOT NULL,
	loaded_at    timestamptz NOT NULL DEFAULT pg_catalog.now(),
	loaded_by    text NOT NULL DEFAULT CURRENT_USER,
	entries      integer NOT NULL,
	names        integer NOT NULL,
	addresses    integer NOT NULL,
	identifiers  integer NOT NULL,
	PRIMARY KEY (list, edition)
);
COMMENT ON TABLE party_list_edition IS
	'the editions of sanctions lists loaded, with their row counts; the latest edition of each list is in force';
COMMENT ON COLUMN party_list_edition.source IS 'the files the edition was loaded from, or what the administrator said';

CREATE TABLE party_entry (
	list       text NOT NULL,
	edition    date NOT NULL,
	entry_id   text NOT NULL,
	kind       text NOT NULL CHECK (kind IN ('entity', 'individual', 'vessel', 'aircraft')),
	programs   text[] NOT NULL,
	listed_on  date,
	remarks    text,
	PRIMARY KEY (list, edition, entry_id),
	FOREIGN KEY (list, edition) REFERENCES party_list_edition ON DELETE CASCADE
);
COMMENT ON TABLE party_entry IS 'the entries of an edition of a sanctions list';
COMMENT ON COLUMN party_entry.entry_id IS 'the list''s own id of the entry: OFAC ent_num, OFSI Group ID';
COMMENT ON COLUMN party_entry.programs IS 'the programs (OFAC) or regimes (OFSI) the entry is listed under';
COMMENT ON COLUMN party_entry.listed_on IS 'the day the entry was first listed, where the list gives it (OFSI "Listed On")';
COMMENT ON COLUMN party_entry.remarks IS 'the list''s remarks: OFAC Remarks with their overflow (comments file), OFSI Other Information';

CREATE TABLE party_name (
	list        text NOT NULL,
	edition     date NOT NULL,
	entry_id    text NOT NULL,
	name        text NOT NULL,
	kind        text NOT NULL CHECK (kind IN ('primary', 'alias')),
	alias_type  text,
	quality     text,
	script      text,
	language    text,
	FOREIGN KEY (list, edition, entry_id) REFERENCES party_entry ON DELETE CASCADE
);
CREATE INDEX party_name_entry_idx ON party_name (list, edition, entry_id);
COMMENT ON TABLE party_name IS 'the names of the entries of sanctions lists: the primary name and aliases, as written';
COMMENT ON COLUMN party_name.alias_type IS 'the list''s alias type: OFAC aka, fka, nka; OFSI Alias Type';
COMMENT ON COLUMN party_name.quality IS
	'the list''s quality mark: weak for an OFAC a.k.a. given in quotes in the remarks, OFSI Alias Quality (Good, Low, …)';
COMMENT ON COLUMN party_name.script IS 'for a name in a non-Latin script, the script (OFSI Non-Latin Script Type)';

CREATE TABLE party_address (
	list          text NOT NULL,
	edition       date NOT NULL,
	entry_id      text NOT NULL,
	address       text,
	city          text,
	country       text,
	country_code  text CHECK (country_code ~ '^[A-Z]{2}$'),
	remarks       text,
	FOREIGN KEY (list, edition, entry_id) REFERENCES party_entry ON DELETE CASCADE
);
CREATE INDEX party_address_entry_idx ON party_address (list, edition, entry_id);
COMMENT ON TABLE party_address IS 'the addresses of the entries of sanctions lists, as written';
COMMENT ON COLUMN party_address.city IS 'OFAC City/State/Province/Postal Code';
COMMENT ON COLUMN party_address.country IS 'the country as the list writes it';
COMMENT ON COLUMN party_address.country_code IS
	'ISO 3166-1 alpha-2 of the country, where embargo.party_country knows the name; NULL otherwise (never guessed)';

CREATE TABLE party_identifier (
	list      text NOT NULL,
	edition   date NOT NULL,
	entry_id  text NOT NULL,
	kind      text NOT NULL,
	value     text NOT NULL,
	country   text,
	FOREIGN KEY (list, edition, entry_id) REFERENCES party_entry ON DELETE CASCADE
);
CREATE INDEX party_identifier_entry_idx ON party_identifier (list, edition, entry_id);
CREATE INDEX party_identifier_value_idx ON party_identifier (value);
COMMENT ON TABLE party_identifier IS
	'identifiers of the entries parsed from the lists: OFAC remarks ("Tax ID No. X (Russia)", "Registration Number X", "IMO X", …), OFSI passport, national id and "(Business Reg No)"';
COMMENT ON COLUMN party_identifier.kind IS
	'tax_id (INN in Russia), registration (OGRN in Russia), national_id, passport, lei, imo, cedula, business_registration, …';
COMMENT ON COLUMN party_identifier.country IS 'the country the list names in parentheses after the value, as written';

-- Country names as lists write them, to ISO 3166-1 alpha-2: every name,
-- official name and common name of Debian's iso-codes (iso_3166-1.json),
-- and the OFAC and OFSI spellings of the same countries, each named here
-- (names such as Kosovo, Gaza or "Region: Crimea" stay unmapped).
CREATE TABLE party_country (
	name     text PRIMARY KEY,
	code     text NOT NULL CHECK (code ~ '^[A-Z]{2}$'),
	source   text NOT NULL,
	shipped  boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE party_country IS
	'country names as the sanctions lists write them, to ISO 3166-1 alpha-2 (iso-codes names, and lists'' spellings of the same country)';

SELECT pg_catalog.pg_extension_config_dump('party_list', 'WHERE NOT shipped');
SELECT pg_catalog.pg_extension_config_dump('party_list_edition', '');
SELECT pg_catalog.pg_extension_config_dump('party_entry', '');
SELECT pg_catalog.pg_extension_config_dump('party_name', '');
SELECT pg_catalog.pg_extension_config_dump('party_address', '');
SELECT pg_catalog.pg_extension_config_dump('party_identifier', '');
SELECT pg_catalog.pg_extension_config_dump('party_country', 'WHERE NOT shipped');
GRANT SELECT ON party_list, party_list_edition, party_entry, party_name, party_address, party_identifier, party_country TO PUBLIC;
GRANT INSERT, UPDATE, DELETE ON party_list, party_list_edition, party_entry, party_name, party_address, party_identifier, party_country
	TO embargo_admin;
INSERT INTO party_list (list, title, publisher, jurisdiction, shipped) VALUES
	('ofac_sdn', 'Specially Designated Nationals and Blocked Persons List (SDN)', 'US Department of the Treasury, Office of Foreign Assets Control (OFAC)', 'US', true),
	('ofac_cons', 'Consolidated Sanctions List (non-SDN)', 'US Department of the Treasury, Office of Foreign Assets Control (OFAC)', 'US', true),
	('uk_ofsi', 'Consolidated List of Financial Sanctions Targets in the UK (ConList)', 'HM Treasury, Office of Financial Sanctions Implementation (OFSI)', 'UK', true);
INSERT INTO party_country (name, code, source, shipped) VALUES
	('Congo (Democratic Republic)', 'CD', 'OFSI spelling of the ISO 3166-1 country', true),
	('DPRK', 'KP', 'OFSI spelling of the ISO 3166-1 country', true),
	('Democratic Republic of the Congo', 'CD', 'OFSI spelling of the ISO 3166-1 country', true),
	('UK', 'GB', 'OFSI spelling of the ISO 3166-1 country', true),
	('Afghanistan', 'AF', 'iso-codes 3166-1 name', true),
	('Albania', 'AL', 'iso-codes 3166-1 name', true),
	('Algeria', 'DZ', 'iso-codes 3166-1 name', true),
	('American Samoa', 'AS', 'iso-codes 3166-1 name', true),
	('Andorra', 'AD', 'iso-codes 3166-1 name', true),
	('Angola', 'AO', 'iso-codes 3166-1 name', true),
	('Anguilla', 'AI', 'iso-codes 3166-1 name', true),
	('Antarctica', 'AQ', 'iso-codes 3166-1 name', true),
	('Antigua and Barbuda', 'AG', 'iso-codes 3166-1 name', true),
	('Arab Republic of Egypt', 'EG', 'iso-codes 3166-1 official_name', true),
	('Argentina', 'AR', 'iso-codes 3166-1 name', true),
	('Argentine Republic', 'AR', 'iso-codes 3166-1 official_name', true),
	('Armenia', 'AM', 'iso-codes 3166-1 name', true),
	('Aruba', 'AW', 'iso-codes 3166-1 name', true),
	('Australia', 'AU', 'iso-codes 3166-1 name', true),
	('Austria', 'AT', 'iso-codes 3166-1 name', true),
	('Azerbaijan', 'AZ', 'iso-codes 3166-1 name', true),
	('Bahamas', 'BS', 'iso-codes 3166-1 name', true),
	('Bahamas, The', 'BS', 'OFAC spelling of the ISO 3166-1 country', true),
	('Bahrain', 'BH', 'iso-codes 3166-1 name', true),
	('Bangladesh', 'BD', 'iso-codes 3166-1 name', true),
	('Barbados', 'BB', 'iso-codes 3166-1 name', true),
	('Belarus', 'BY', 'iso-codes 3166-1 name', true),
	('Belgium', 'BE', 'iso-codes 3166-1 name', true),
	('Belize', 'BZ', 'iso-codes 3166-1 name', true),
	('Benin', 'BJ', 'iso-codes 3166-1 name', true),
	('Bermuda', 'BM', 'iso-codes 3166-1 name', true),
	('Bhutan', 'BT', 'iso-codes 3166-1 name', true),
	('Bolivarian Republic of Venezuela', 'VE', 'iso-codes 3166-1 official_name', true),
	('Bolivia', 'BO', 'iso-codes 3166-1 common_name', true),
	('Bolivia, Plurinational State of', 'BO', 'iso-codes 3166-1 name', true),
	('Bonaire, Sint Eustatius and Saba', 'BQ', 'iso-codes 3166-1 name', true),
	('Bosnia and Herzegovina', 'BA', 'iso-codes 3166-1 name', true),
	('Botswana', 'BW', 'iso-codes 3166-1 name', true),
	('Bouvet Island', 'BV', 'iso-codes 3166-1 name', true),
	('Brazil', 'BR', 'iso-codes 3166-1 name', true),
	('British Indian Ocean Territory', 'IO', 'iso-codes 3166-1 name', true),
	('British Virgin Islands', 'VG', 'iso-codes 3166-1 official_name', true),
	('Brunei Darussalam', 'BN', 'iso-codes 3166-1 name', true),
	('Bulgaria', 'BG', 'iso-codes 3166-1 name', true),
	('Burkina Faso', 'BF', 'iso-codes 3166-1 name', true),
	('Burma', 'MM', 'OFAC spelling of the ISO 3166-1 country', true),
	('Burundi', 'BI', 'iso-codes 3166-1 name', true),
	('Cabo Verde', 'CV', 'iso-codes 3166-1 name', true),
	('Cambodia', 'KH', 'iso-codes 3166-1 name', true),
	('Cameroon', 'CM', 'iso-codes 3166-1 name', true),
	('Canada', 'CA', 'iso-codes 3166-1 name', true),
	('Cayman Islands', 'KY', 'iso-codes 3166-1 name', true),
	('Central African Republic', 'CF', 'iso-codes 3166-1 name', true),
	('Chad', 'TD', 'iso-codes 3166-1 name', true),
	('Chile', 'CL', 'iso-codes 3166-1 name', true),
	('China', 'CN', 'iso-codes 3166-1 name', true),
	('Christmas Island', 'CX', 'iso-codes 3166-1 name', true),
	('Cocos (Keeling) Islands', 'CC', 'iso-codes 3166-1 name', true),
	('Colombia', 'CO', 'iso-codes 3166-1 name', true),
	('Commonwealth of Dominica', 'DM', 'iso-codes 3166-1 official_name', true),
	('Commonwealth of the Bahamas', 'BS', 'iso-codes 3166-1 official_name', true),
	('Commonwealth of the Northern Mariana Islands', 'MP', 'iso-codes 3166-1 official_name', true),
	('Comoros', 'KM', 'iso-codes 3166-1 name', true),
	('Congo', 'CG', 'iso-codes 3166-1 name', true),
	('Congo, Democratic Republic of the', 'CD', 'OFAC spelling of the ISO 3166-1 country', true),
	('Congo, Republic of the', 'CG', 'OFAC spelling of the ISO 3166-1 country', true),
	('Congo, The Democratic Republic of the', 'CD', 'iso-codes 3166-1 name', true),
	('Cook Islands', 'CK', 'iso-codes 3166-1 name', true),
	('Costa Rica', 'CR', 'iso-codes 3166-1 name', true),
	('Cote d Ivoire', 'CI', 'OFAC spelling of the ISO 3166-1 country', true),
	('Croatia', 'HR', 'iso-codes 3166-1 name', true),
	('Cuba', 'CU', 'iso-codes 3166-1 name', true),
	('Curaçao', 'CW', 'iso-codes 3166-1 name', true),
	('Cyprus', 'CY', 'iso-codes 3166-1 name', true),
	('Czech Republic', 'CZ', 'iso-codes 3166-1 official_name', true),
	('Czechia', 'CZ', 'iso-codes 3166-1 name', true),
	('Côte d''Ivoire', 'CI', 'iso-codes 3166-1 name', true),
	('Democratic People''s Republic of Korea', 'KP', 'iso-codes 3166-1 official_name', true),
	('Democratic Republic of Sao Tome and Principe', 'ST', 'iso-codes 3166-1 official_name', true),
	('Democratic Republic of Timor-Leste', 'TL', 'iso-codes 3166-1 official_name', true),
	('Democratic Socialist Republic of Sri Lanka', 'LK', 'iso-codes 3166-1 official_name', true),
	('Denmark', 'DK', 'iso-codes 3166-1 name', true),
	('Djibouti', 'DJ', 'iso-codes 3166-1 name', true),
	('Dominica', 'DM', 'iso-codes 3166-1 name', true),
	('Dominican Republic', 'DO', 'iso-codes 3166-1 name', true),
	('Eastern Republic of Uruguay', 'UY', 'iso-codes 3166-1 official_name', true),
	('Ecuador', 'EC', 'iso-codes 3166-1 name', true),
	('Egypt', 'EG', 'iso-codes 3166-1 name', true),
	('El Salvador', 'SV', 'iso-codes 3166-1 name', true),
	('Equatorial Guinea', 'GQ', 'iso-codes 3166-1 name', true),
	('Eritrea', 'ER', 'iso-codes 3166-1 name', true),
	('Estonia', 'EE', 'iso-codes 3166-1 name', true),
	('Eswatini', 'SZ', 'iso-codes 3166-1 name', true),
	('Ethiopia', 'ET', 'iso-codes 3166-1 name', true),
	('Falkland Islands (Malvinas)', 'FK', 'iso-codes 3166-1 name', true),
	('Faroe Islands', 'FO', 'iso-codes 3166-1 name', true),
	('Federal Democratic Republic of Ethiopia', 'ET', 'iso-codes 3166-1 official_name', true),
	('Federal Democratic Republic of Nepal', 'NP', 'iso-codes 3166-1 official_name', true),
	('Federal Republic of Germany', 'DE', 'iso-codes 3166-1 official_name', true),
	('Federal Republic of Nigeria', 'NG', 'iso-codes 3166-1 official_name', true),
	('Federal Republic of Somalia', 'SO', 'iso-codes 3166-1 official_name', true),
	('Federated States of Micronesia', 'FM', 'iso-codes 3166-1 official_name', true),
	('Federative Republic of Brazil', 'BR', 'iso-codes 3166-1 official_name', true),
	('Fiji', 'FJ', 'iso-codes 3166-1 name', true),
	('Finland', 'FI', 'iso-codes 3166-1 name', true),
	('France', 'FR', 'iso-codes 3166-1 name', true),
	('French Guiana', 'GF', 'iso-codes 3166-1 name', true),
	('French Polynesia', 'PF', 'iso-codes 3166-1 name', true),
	('French Republic', 'FR', 'iso-codes 3166-1 official_name', true),
	('French Southern Territories', 'TF', 'iso-codes 3166-1 name', true),
	('Gabon', 'GA', 'iso-codes 3166-1 name', true),
	('Gabonese Republic', 'GA', 'iso-codes 3166-1 official_name', true),
	('Gambia', 'GM', 'iso-codes 3166-1 name', true),
	('Georgia', 'GE', 'iso-codes 3166-1 name', true),
	('Germany', 'DE', 'iso-codes 3166-1 name', true),
	('Ghana', 'GH', 'iso-codes 3166-1 name', true),
	('Gibraltar', 'GI', 'iso-codes 3166-1 name', true),
	('Grand Duchy of Luxembourg', 'LU', 'iso-codes 3166-1 official_name', true),
	('Greece', 'GR', 'iso-codes 3166-1 name', true),
	('Greenland', 'GL', 'iso-codes 3166-1 name', true),
	('Grenada', 'GD', 'iso-codes 3166-1 name', true),
	('Guadeloupe', 'GP', 'iso-codes 3166-1 name', true),
	('Guam', 'GU', 'iso-codes 3166-1 name', true),
	('Guatemala', 'GT', 'iso-codes 3166-1 name', true),
	('Guernsey', 'GG', 'iso-codes 3166-1 name', true),
	('Guinea', 'GN', 'iso-codes 3166-1 name', true),
	('Guinea-Bissau', 'GW', 'iso-codes 3166-1 name', true),
	('Guyana', 'GY', 'iso-codes 3166-1 name', true),
	('Haiti', 'HT', 'iso-codes 3166-1 name', true),
	('Hashemite Kingdom of Jordan', 'JO', 'iso-codes 3166-1 official_name', true),
	('Heard Island and McDonald Islands', 'HM', 'iso-codes 3166-1 name', true),
	('Hellenic Republic', 'GR', 'iso-codes 3166-1 official_name', true),
	('Holy See (Vatican City State)', 'VA', 'iso-codes 3166-1 name', true),
	('Honduras', 'HN', 'iso-codes 3166-1 name', true),
	('Hong Kong', 'HK', 'iso-codes 3166-1 name', true),
	('Hong Kong Special Administrative Region of China', 'HK', 'iso-codes 3166-1 official_name', true),
	('Hungary', 'HU', 'iso-codes 3166-1 name', true),
	('Iceland', 'IS', 'iso-codes 3166-1 name', true),
	('Independent State of Papua New Guinea', 'PG', 'iso-codes 3166-1 official_name', true),
	('Independent State of Samoa', 'WS', 'iso-codes 3166-1 official_name', true),
	('India', 'IN', 'iso-codes 3166-1 name', true),
	('Indonesia', 'ID', 'iso-codes 3166-1 name', true),
	('Iran', 'IR', 'iso-codes 3166-1 common_name', true),
	('Iran, Islamic Republic of', 'IR', 'iso-codes 3166-1 name', true),
	('Iraq', 'IQ', 'iso-codes 3166-1 name', true),
	('Ireland', 'IE', 'iso-codes 3166-1 name', true),
	('Islamic Republic of Afghanistan', 'AF', 'iso-codes 3166-1 official_name', true),
	('Islamic Republic of Iran', 'IR', 'iso-codes 3166-1 official_name', true),
	('Islamic Republic of Mauritania', 'MR', 'iso-codes 3166-1 official_name', true),
	('Islamic Republic of Pakistan', 'PK', 'iso-codes 3166-1 official_name', true),
	('Isle of Man', 'IM', 'iso-codes 3166-1 name', true),
	('Israel', 'IL', 'iso-codes 3166-1 name', true),
	('Italian Republic', 'IT', 'iso-codes 3166-1 official_name', true),
	('Italy', 'IT', 'iso-codes 3166-1 name', true),
	('Jamaica', 'JM', 'iso-codes 3166-1 name', true),
	('Japan', 'JP', 'iso-codes 3166-1 name', true),
	('Jersey', 'JE', 'iso-codes 3166-1 name', true),
	('Jordan', 'JO', 'iso-codes 3166-1 name', true),
	('Kazakhstan', 'KZ', 'iso-codes 3166-1 name', true),
	('Kenya', 'KE', 'iso-codes 3166-1 name', true),
	('Kingdom of Bahrain', 'BH', 'iso-codes 3166-1 official_name', true),
	('Kingdom of Belgium', 'BE', 'iso-codes 3166-1 official_name', true),
	('Kingdom of Bhutan', 'BT', 'iso-codes 3166-1 official_name', true),
	('Kingdom of Cambodia', 'KH', 'iso-codes 3166-1 official_name', true),
	('Kingdom of Denmark', 'DK', 'iso-codes 3166-1 official_name', true),
	('Kingdom of Eswatini', 'SZ', 'iso-codes 3166-1 official_name', true),
	('Kingdom of Lesotho', 'LS', 'iso-codes 3166-1 official_name', true),
	('Kingdom of Morocco', 'MA', 'iso-codes 3166-1 official_name', true),
	('Kingdom of Norway', 'NO', 'iso-codes 3166-1 official_name', true),
	('Kingdom of Saudi Arabia', 'SA', 'iso-codes 3166-1 official_name', true),
	('Kingdom of Spain', 'ES', 'iso-codes 3166-1 official_name', true),
	('Kingdom of Sweden', 'SE', 'iso-codes 3166-1 official_name', true),
	('Kingdom of Thailand', 'TH', 'iso-codes 3166-1 official_name', true),
	('Kingdom of Tonga', 'TO', 'iso-codes 3166-1 official_name', true),
	('Kingdom of the Netherlands', 'NL', 'iso-codes 3166-1 official_name', true),
	('Kiribati', 'KI', 'iso-codes 3166-1 name', true),
	('Korea, Democratic People''s Republic of', 'KP', 'iso-codes 3166-1 name', true),
	('Korea, North', 'KP', 'OFAC spelling of the ISO 3166-1 country', true),
	('Korea, Republic of', 'KR', 'iso-codes 3166-1 name', true),
	('Korea, South', 'KR', 'OFAC spelling of the ISO 3166-1 country', true),
	('Kuwait', 'KW', 'iso-codes 3166-1 name', true),
	('Kyrgyz Republic', 'KG', 'iso-codes 3166-1 official_name', true),
	('Kyrgyzstan', 'KG', 'iso-codes 3166-1 name', true),
	('Lao People''s Democratic Republic', 'LA', 'iso-codes 3166-1 name', true),
	('Laos', 'LA', 'iso-codes 3166-1 common_name', true),
	('Latvia', 'LV', 'iso-codes 3166-1 name', true),
	('Lebanese Republic', 'LB', 'iso-codes 3166-1 official_name', true),
	('Lebanon', 'LB', 'iso-codes 3166-1 name', true),
	('Lesotho', 'LS', 'iso-codes 3166-1 name', true),
	('Liberia', 'LR', 'iso-codes 3166-1 name', true),
	('Libya', 'LY', 'iso-codes 3166-1 name', true),
	('Liechtenstein', 'LI', 'iso-codes 3166-1 name', true),
	('Lithuania', 'LT', 'iso-codes 3166-1 name', true),
	('Luxembourg', 'LU', 'iso-codes 3166-1 name', true),
	('Macao', 'MO', 'iso-codes 3166-1 name', true),
	('Macao Special Administrative Region of China', 'MO', 'iso-codes 3166-1 official_name', true),
	('Macau', 'MO', 'OFAC spelling of the ISO 3166-1 country', true),
	('Madagascar', 'MG', 'iso-codes 3166-1 name', true),
	('Malawi', 'MW', 'iso-codes 3166-1 name', true),
	('Malaysia', 'MY', 'iso-codes 3166-1 name', true),
	('Maldives', 'MV', 'iso-codes 3166-1 name', true),
	('Mali', 'ML', 'iso-codes 3166-1 name', true),
	('Malta', 'MT', 'iso-codes 3166-1 name', true),
	('Man, Isle of', 'IM', 'OFAC spelling of the ISO 3166-1 country', true),
	('Marshall Islands', 'MH', 'iso-codes 3166-1 name', true),
	('Martinique', 'MQ', 'iso-codes 3166-1 name', true),
	('Mauritania', 'MR', 'iso-codes 3166-1 name', true),
	('Mauritius', 'MU', 'iso-codes 3166-1 name', true),
	('Mayotte', 'YT', 'iso-codes 3166-1 name', true),
	('Mexico', 'MX', 'iso-codes 3166-1 name', true),
	('Micronesia, Federated States of', 'FM', 'iso-codes 3166-1 name', true),
	('Moldova', 'MD', 'iso-codes 3166-1 common_name', true),
	('Moldova, Republic of', 'MD', 'iso-codes 3166-1 name', true),
	('Monaco', 'MC', 'iso-codes 3166-1 name', true),
	('Mongolia', 'MN', 'iso-codes 3166-1 name', true),
	('Montenegro', 'ME', 'iso-codes 3166-1 name', true),
	('Montserrat', 'MS', 'iso-codes 3166-1 name', true),
	('Morocco', 'MA', 'iso-codes 3166-1 name', true),
	('Mozambique', 'MZ', 'iso-codes 3166-1 name', true),
	('Myanmar', 'MM', 'iso-codes 3166-1 name', true),
	('Namibia', 'NA', 'iso-codes 3166-1 name', true),
	('Nauru', 'NR', 'iso-codes 3166-1 name', true),
	('Nepal', 'NP', 'iso-codes 3166-1 name', true),
	('Netherlands', 'NL', 'iso-codes 3166-1 name', true),
	('New Caledonia', 'NC', 'iso-codes 3166-1 name', true),
	('New Zealand', 'NZ', 'iso-codes 3166-1 name', true),
	('Nicaragua', 'NI', 'iso-codes 3166-1 name', true),
	('Niger', 'NE', 'iso-codes 3166-1 name', true),
	('Nigeria', 'NG', 'iso-codes 3166-1 name', true),
	('Niue', 'NU', 'iso-codes 3166-1 name', true),
	('Norfolk Island', 'NF', 'iso-codes 3166-1 name', true),
	('North Korea', 'KP', 'iso-codes 3166-1 common_name', true),
	('North Macedonia', 'MK', 'iso-codes 3166-1 name', true),
	('North Macedonia, The Republic of', 'MK', 'OFAC spelling of the ISO 3166-1 country', true),
	('Northern Mariana Islands', 'MP', 'iso-codes 3166-1 name', true),
	('Norway', 'NO', 'iso-codes 3166-1 name', true),
	('Oman', 'OM', 'iso-codes 3166-1 name', true),
	('Pakistan', 'PK', 'iso-codes 3166-1 name', true),
	('Palau', 'PW', 'iso-codes 3166-1 name', true),
	('Palestine, State of', 'PS', 'iso-codes 3166-1 name', true),
	('Panama', 'PA', 'iso-codes 3166-1 name', true),
	('Papua New Guinea', 'PG', 'iso-codes 3166-1 name', true),
	('Paraguay', 'PY', 'iso-codes 3166-1 name', true),
	('People''s Democratic Republic of Algeria', 'DZ', 'iso-codes 3166-1 official_name', true),
	('People''s Republic of Bangladesh', 'BD', 'iso-codes 3166-1 official_name', true),
	('People''s Republic of China', 'CN', 'iso-codes 3166-1 official_name', true),
	('Peru', 'PE', 'iso-codes 3166-1 name', true),
	('Philippines', 'PH', 'iso-codes 3166-1 name', true),
	('Pitcairn', 'PN', 'iso-codes 3166-1 name', true),
	('Plurinational State of Bolivia', 'BO', 'iso-codes 3166-1 official_name', true),
	('Poland', 'PL', 'iso-codes 3166-1 name', true),
	('Portugal', 'PT', 'iso-codes 3166-1 name', true),
	('Portuguese Republic', 'PT', 'iso-codes 3166-1 official_name', true),
	('Principality of Andorra', 'AD', 'iso-codes 3166-1 official_name', true),
	('Principality of Liechtenstein', 'LI', 'iso-codes 3166-1 official_name', true),
	('Principality of Monaco', 'MC', 'iso-codes 3166-1 official_name', true),
	('Puerto Rico', 'PR', 'iso-codes 3166-1 name', true),
	('Qatar', 'QA', 'iso-codes 3166-1 name', true),
	('Republic of Albania', 'AL', 'iso-codes 3166-1 official_name', true),
	('Republic of Angola', 'AO', 'iso-codes 3166-1 official_name', true),
	('Republic of Armenia', 'AM', 'iso-codes 3166-1 official_name', true),
	('Republic of Austria', 'AT', 'iso-codes 3166-1 official_name', true),
	('Republic of Azerbaijan', 'AZ', 'iso-codes 3166-1 official_name', true),
	('Republic of Belarus', 'BY', 'iso-codes 3166-1 official_name', true),
	('Republic of Benin', 'BJ', 'iso-codes 3166-1 official_name', true),
	('Republic of Bosnia and Herzegovina', 'BA', 'iso-codes 3166-1 official_name', true),
	('Republic of Botswana', 'BW', 'iso-codes 3166-1 official_name', true),
	('Republic of Bulgaria', 'BG', 'iso-codes 3166-1 official_name', true),
	('Republic of Burundi', 'BI', 'iso-codes 3166-1 official_name', true),
	('Republic of Cabo Verde', 'CV', 'iso-codes 3166-1 official_name', true),
	('Republic of Cameroon', 'CM', 'iso-codes 3166-1 official_name', true),
	('Republic of Chad', 'TD', 'iso-codes 3166-1 official_name', true),
	('Republic of Chile', 'CL', 'iso-codes 3166-1 official_name', true),
	('Republic of Colombia', 'CO', 'iso-codes 3166-1 official_name', true),
	('Republic of Costa Rica', 'CR', 'iso-codes 3166-1 official_name', true),
	('Republic of Croatia', 'HR', 'iso-codes 3166-1 official_name', true),
	('Republic of Cuba', 'CU', 'iso-codes 3166-1 official_name', true),
	('Republic of Cyprus', 'CY', 'iso-codes 3166-1 official_name', true),
	('Republic of Côte d''Ivoire', 'CI', 'iso-codes 3166-1 official_name', true),
	('Republic of Djibouti', 'DJ', 'iso-codes 3166-1 official_name', true),
	('Republic of Ecuador', 'EC', 'iso-codes 3166-1 official_name', true),
	('Republic of El Salvador', 'SV', 'iso-codes 3166-1 official_name', true),
	('Republic of Equatorial Guinea', 'GQ', 'iso-codes 3166-1 official_name', true),
	('Republic of Estonia', 'EE', 'iso-codes 3166-1 official_name', true),
	('Republic of Fiji', 'FJ', 'iso-codes 3166-1 official_name', true),
	('Republic of Finland', 'FI', 'iso-codes 3166-1 official_name', true),
	('Republic of Ghana', 'GH', 'iso-codes 3166-1 official_name', true),
	('Republic of Guatemala', 'GT', 'iso-codes 3166-1 official_name', true),
	('Republic of Guinea', 'GN', 'iso-codes 3166-1 official_name', true),
	('Republic of Guinea-Bissau', 'GW', 'iso-codes 3166-1 official_name', true),
	('Republic of Guyana', 'GY', 'iso-codes 3166-1 official_name', true),
	('Republic of Haiti', 'HT', 'iso-codes 3166-1 official_name', true),
	('Republic of Honduras', 'HN', 'iso-codes 3166-1 official_name', true),
	('Republic of Iceland', 'IS', 'iso-codes 3166-1 official_name', true),
	('Republic of India', 'IN', 'iso-codes 3166-1 official_name', true),
	('Republic of Indonesia', 'ID', 'iso-codes 3166-1 official_name', true),
	('Republic of Iraq', 'IQ', 'iso-codes 3166-1 official_name', true),
	('Republic of Kazakhstan', 'KZ', 'iso-codes 3166-1 official_name', true),
	('Republic of Kenya', 'KE', 'iso-codes 3166-1 official_name', true),
	('Republic of Kiribati', 'KI', 'iso-codes 3166-1 official_name', true),
	('Republic of Latvia', 'LV', 'iso-codes 3166-1 official_name', true),
	('Republic of Liberia', 'LR', 'iso-codes 3166-1 official_name', true),
	('Republic of Lithuania', 'LT', 'iso-codes 3166-1 official_name', true),
	('Republic of Madagascar', 'MG', 'iso-codes 3166-1 official_name', true),
	('Republic of Malawi', 'MW', 'iso-codes 3166-1 official_name', true),
	('Republic of Maldives', 'MV', 'iso-codes 3166-1 official_name', true),
	('Republic of Mali', 'ML', 'iso-codes 3166-1 official_name', true),
	('Republic of Malta', 'MT', 'iso-codes 3166-1 official_name', true),
	('Republic of Mauritius', 'MU', 'iso-codes 3166-1 official_name', true),
	('Republic of Moldova', 'MD', 'iso-codes 3166-1 official_name', true),
	('Republic of Mozambique', 'MZ', 'iso-codes 3166-1 official_name', true),
	('Republic of Myanmar', 'MM', 'iso-codes 3166-1 official_name', true),
	('Republic of Namibia', 'NA', 'iso-codes 3166-1 official_name', true),
	('Republic of Nauru', 'NR', 'iso-codes 3166-1 official_name', true),
	('Republic of Nicaragua', 'NI', 'iso-codes 3166-1 official_name', true),
	('Republic of North Macedonia', 'MK', 'iso-codes 3166-1 official_name', true),
	('Republic of Palau', 'PW', 'iso-codes 3166-1 official_name', true),
	('Republic of Panama', 'PA', 'iso-codes 3166-1 official_name', true),
	('Republic of Paraguay', 'PY', 'iso-codes 3166-1 official_name', true),
	('Republic of Peru', 'PE', 'iso-codes 3166-1 official_name', true),
	('Republic of Poland', 'PL', 'iso-codes 3166-1 official_name', true),
	('Republic of San Marino', 'SM', 'iso-codes 3166-1 official_name', true),
	('Republic of Senegal', 'SN', 'iso-codes 3166-1 official_name', true),
	('Republic of Serbia', 'RS', 'iso-codes 3166-1 official_name', true),
	('Republic of Seychelles', 'SC', 'iso-codes 3166-1 official_name', true),
	('Republic of Sierra Leone', 'SL', 'iso-codes 3166-1 official_name', true),
	('Republic of Singapore', 'SG', 'iso-codes 3166-1 official_name', true),
	('Republic of Slovenia', 'SI', 'iso-codes 3166-1 official_name', true),
	('Republic of South Africa', 'ZA', 'iso-codes 3166-1 official_name', true),
	('Republic of South Sudan', 'SS', 'iso-codes 3166-1 official_name', true),
	('Republic of Suriname', 'SR', 'iso-codes 3166-1 official_name', true),
	('Republic of Tajikistan', 'TJ', 'iso-codes 3166-1 official_name', true),
	('Republic of Trinidad and Tobago', 'TT', 'iso-codes 3166-1 official_name', true),
	('Republic of Tunisia', 'TN', 'iso-codes 3166-1 official_name', true),
	('Republic of Türkiye', 'TR', 'iso-codes 3166-1 official_name', true),
	('Republic of Uganda', 'UG', 'iso-codes 3166-1 official_name', true),
	('Republic of Uzbekistan', 'UZ', 'iso-codes 3166-1 official_name', true),
	('Republic of Vanuatu', 'VU', 'iso-codes 3166-1 official_name', true),
	('Republic of Yemen', 'YE', 'iso-codes 3166-1 official_name', true),
	('Republic of Zambia', 'ZM', 'iso-codes 3166-1 official_name', true),
	('Republic of Zimbabwe', 'ZW', 'iso-codes 3166-1 official_name', true),
	('Republic of the Congo', 'CG', 'iso-codes 3166-1 official_name', true),
	('Republic of the Gambia', 'GM', 'iso-codes 3166-1 official_name', true),
	('Republic of the Marshall Islands', 'MH', 'iso-codes 3166-1 official_name', true),
	('Republic of the Niger', 'NE', 'iso-codes 3166-1 official_name', true),
	('Republic of the Philippines', 'PH', 'iso-codes 3166-1 official_name', true),
	('Republic of the Sudan', 'SD', 'iso-codes 3166-1 official_name', true),
	('Romania', 'RO', 'iso-codes 3166-1 name', true),
	('Russia', 'RU', 'OFAC spelling of the ISO 3166-1 country', true),
	('Russian Federation', 'RU', 'iso-codes 3166-1 name', true),
	('Rwanda', 'RW', 'iso-codes 3166-1 name', true),
	('Rwandese Republic', 'RW', 'iso-codes 3166-1 official_name', true),
	('Réunion', 'RE', 'iso-codes 3166-1 name', true),
	('Saint Barthélemy', 'BL', 'iso-codes 3166-1 name', true),
	('Saint Helena, Ascension and Tristan da Cunha', 'SH', 'iso-codes 3166-1 name', true),
	('Saint Kitts and Nevis', 'KN', 'iso-codes 3166-1 name', true),
	('Saint Lucia', 'LC', 'iso-codes 3166-1 name', true),
	('Saint Martin (French part)', 'MF', 'iso-codes 3166-1 name', true),
	('Saint Pierre and Miquelon', 'PM', 'iso-codes 3166-1 name', true),
	('Saint Vincent and the Grenadines', 'VC', 'iso-codes 3166-1 name', true),
	('Samoa', 'WS', 'iso-codes 3166-1 name', true),
	('San Marino', 'SM', 'iso-codes 3166-1 name', true),
	('Sao Tome and Principe', 'ST', 'iso-codes 3166-1 name', true),
	('Saudi Arabia', 'SA', 'iso-codes 3166-1 name', true),
	('Senegal', 'SN', 'iso-codes 3166-1 name', true),
	('Serbia', 'RS', 'iso-codes 3166-1 name', true),
	('Seychelles', 'SC', 'iso-codes 3166-1 name', true),
	('Sierra Leone', 'SL', 'iso-codes 3166-1 name', true),
	('Singapore', 'SG', 'iso-codes 3166-1 name', true),
	('Sint Maarten (Dutch part)', 'SX', 'iso-codes 3166-1 name', true),
	('Slovak Republic', 'SK', 'iso-codes 3166-1 official_name', true),
	('Slovakia', 'SK', 'iso-codes 3166-1 name', true),
	('Slovenia', 'SI', 'iso-codes 3166-1 name', true),
	('Socialist Republic of Viet Nam', 'VN', 'iso-codes 3166-1 official_name', true),
	('Solomon Islands', 'SB', 'iso-codes 3166-1 name', true),
	('Somalia', 'SO', 'iso-codes 3166-1 name', true),
	('South Africa', 'ZA', 'iso-codes 3166-1 name', true),
	('South Georgia and the South Sandwich Islands', 'GS', 'iso-codes 3166-1 name', true),
	('South Korea', 'KR', 'iso-codes 3166-1 common_name', true),
	('South Sudan', 'SS', 'iso-codes 3166-1 name', true),
	('Spain', 'ES', 'iso-codes 3166-1 name', true),
	('Sri Lanka', 'LK', 'iso-codes 3166-1 name', true),
	('State of Israel', 'IL', 'iso-codes 3166-1 official_name', true),
	('State of Kuwait', 'KW', 'iso-codes 3166-1 official_name', true),
	('State of Qatar', 'QA', 'iso-codes 3166-1 official_name', true),
	('Sudan', 'SD', 'iso-codes 3166-1 name', true),
	('Sultanate of Oman', 'OM', 'iso-codes 3166-1 official_name', true),
	('Suriname', 'SR', 'iso-codes 3166-1 name', true),
	('Svalbard and Jan Mayen', 'SJ', 'iso-codes 3166-1 name', true),
	('Sweden', 'SE', 'iso-codes 3166-1 name', true),
	('Swiss Confederation', 'CH', 'iso-codes 3166-1 official_name', true),
	('Switzerland', 'CH', 'iso-codes 3166-1 name', true),
	('Syria', 'SY', 'iso-codes 3166-1 common_name', true),
	('Syrian Arab Republic', 'SY', 'iso-codes 3166-1 name', true),
	('Taiwan', 'TW', 'iso-codes 3166-1 common_name', true),
	('Taiwan, Province of China', 'TW', 'iso-codes 3166-1 name', true),
	('Tajikistan', 'TJ', 'iso-codes 3166-1 name', true),
	('Tanzania', 'TZ', 'iso-codes 3166-1 common_name', true),
	('Tanzania, United Republic of', 'TZ', 'iso-codes 3166-1 name', true),
	('Thailand', 'TH', 'iso-codes 3166-1 name', true),
	('The Gambia', 'GM', 'OFAC spelling of the ISO 3166-1 country', true),
	('Timor-Leste', 'TL', 'iso-codes 3166-1 name', true),
	('Togo', 'TG', 'iso-codes 3166-1 name', true),
	('Togolese Republic', 'TG', 'iso-codes 3166-1 official_name', true),
	('Tokelau', 'TK', 'iso-codes 3166-1 name', true),
	('Tonga', 'TO', 'iso-codes 3166-1 name', true),
	('Trinidad and Tobago', 'TT', 'iso-codes 3166-1 name', true),
	('Tunisia', 'TN', 'iso-codes 3166-1 name', true),
	('Turkey', 'TR', 'OFAC spelling of the ISO 3166-1 country', true),
	('Turkmenistan', 'TM', 'iso-codes 3166-1 name', true),
	('Turks and Caicos Islands', 'TC', 'iso-codes 3166-1 name', true),
	('Tuvalu', 'TV', 'iso-codes 3166-1 name', true),
	('Türkiye', 'TR', 'iso-codes 3166-1 name', true),
	('Uganda', 'UG', 'iso-codes 3166-1 name', true),
	('Ukraine', 'UA', 'iso-codes 3166-1 name', true),
	('Union of the Comoros', 'KM', 'iso-codes 3166-1 official_name', true),
	('United Arab Emirates', 'AE', 'iso-codes 3166-1 name', true),
	('United Kingdom', 'GB', 'iso-codes 3166-1 name', true),
	('United Kingdom of Great Britain and Northern Ireland', 'GB', 'iso-codes 3166-1 official_name', true),
	('United Mexican States', 'MX', 'iso-codes 3166-1 official_name', true),
	('United Republic of Tanzania', 'TZ', 'iso-codes 3166-1 official_name', true),
	('United States', 'US', 'iso-codes 3166-1 name', true),
	('United States Minor Outlying Islands', 'UM', 'iso-codes 3166-1 name', true),
	('United States of America', 'US', 'iso-codes 3166-1 official_name', true),
	('Uruguay', 'UY', 'iso-codes 3166-1 name', true),
	('Uzbekistan', 'UZ', 'iso-codes 3166-1 name', true),
	('Vanuatu', 'VU', 'iso-codes 3166-1 name', true),
	('Venezuela', 'VE', 'iso-codes 3166-1 common_name', true),
	('Venezuela, Bolivarian Republic of', 'VE', 'iso-codes 3166-1 name', true),
	('Viet Nam', 'VN', 'iso-codes 3166-1 name', true),
	('Vietnam', 'VN', 'iso-codes 3166-1 common_name', true),
	('Virgin Islands of the United States', 'VI', 'iso-codes 3166-1 official_name', true),
	('Virgin Islands, British', 'VG', 'iso-codes 3166-1 name', true),
	('Virgin Islands, U.S.', 'VI', 'iso-codes 3166-1 name', true),
	('Wallis and Futuna', 'WF', 'iso-codes 3166-1 name', true),
	('Western Sahara', 'EH', 'iso-codes 3166-1 name', true),
	('Yemen', 'YE', 'iso-codes 3166-1 name', true),
	('Zambia', 'ZM', 'iso-codes 3166-1 name', true),
	('Zimbabwe', 'ZW', 'iso-codes 3166-1 name', true),
	('the State of Eritrea', 'ER', 'iso-codes 3166-1 official_name', true),
	('the State of Palestine', 'PS', 'iso-codes 3166-1 official_name', true),
	('Åland Islands', 'AX', 'iso-codes 3166-1 name', true);
CREATE TRIGGER protect_shipped BEFORE INSERT OR UPDATE OR DELETE ON party_list
	FOR EACH ROW EXECUTE FUNCTION protect_shipped_rows();
CREATE TRIGGER protect_shipped BEFORE INSERT OR UPDATE OR DELETE ON party_country
	FOR EACH ROW EXECUTE FUNCTION protect_shipped_rows();

------------------------------------------------------------------------------
-- Staging: one table per file as published, the fields as text, filled by
-- \copy (client side) or by load_list() from server-side files; then
-- load_list_staged() checks every row and loads the edition.
------------------------------------------------------------------------------

CREATE TABLE party_staging_ofac (
	line        bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
	file        text,
	ent_num     text, sdn_name text, sdn_type text, program text, title text, call_sign text,
	vess_type   text, tonnage text, grt text, vess_flag text, vess_owner text, remarks text
);
COMMENT ON TABLE party_staging_ofac IS
	'the rows of OFAC''s sdn.csv or cons_prim.csv, as text, for load_list_staged() (not dumped)';
CREATE TABLE party_staging_ofac_add (
	line bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, file text,
	ent_num text, add_num text, address text, city text, country text, add_remarks text
);
COMMENT ON TABLE party_staging_ofac_add IS 'the rows of OFAC''s add.csv or cons_add.csv, as text (not dumped)';
CREATE TABLE party_staging_ofac_alt (
	line bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, file text,
	ent_num text, alt_num text, alt_type text, alt_name text, alt_remarks text
);
COMMENT ON TABLE party_staging_ofac_alt IS 'the rows of OFAC''s alt.csv or cons_alt.csv, as text (not dumped)';
CREATE TABLE party_staging_ofac_comments (
	line bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, file text,
	ent_num text, remarks text
);
COMMENT ON TABLE party_staging_ofac_comments IS
	'the rows of OFAC''s sdn_comments.csv or cons_comments.csv (the overflow of Remarks), as text (not dumped)';
CREATE TABLE party_staging_ofsi (
	line bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, file text,
	name6 text, name1 text, name2 text, name3 text, name4 text, name5 text, title text,
	name_non_latin text, non_latin_script text, non_latin_language text,
	dob text, town_of_birth text, country_of_birth text, nationality text,
	passport_number text, passport_details text, national_id_number text, national_id_details text,
	position text, address1 text, address2 text, address3 text, address4 text, address5 text, address6 text,
	post_code text, country text, other_information text, group_type text, alias_type text, alias_quality text,
	regime text, listed_on text, designated_on text, last_updated text, group_id text
);
COMMENT ON TABLE party_staging_ofsi IS
	'the rows of OFSI''s Consolidated List CSV (after its two header lines), as text (not dumped)';
REVOKE ALL ON party_staging_ofac, party_staging_ofac_add, party_staging_ofac_alt, party_staging_ofac_comments,
	party_staging_ofsi FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON party_staging_ofac, party_staging_ofac_add, party_staging_ofac_alt,
	party_staging_ofac_comments, party_staging_ofsi TO embargo_admin;
GRANT USAGE ON SEQUENCE party_staging_ofac_line_seq, party_staging_ofac_add_line_seq, party_staging_ofac_alt_line_seq,
	party_staging_ofac_comments_line_seq, party_staging_ofsi_line_seq TO embargo_admin;

-- A CSV text (RFC 4180: quotes doubled inside quoted fields) as records:
-- each with the line it starts on and its fields, unquoted.  Every
-- character falls in some field (the last alternative takes anything up to
-- a comma or line end), so nothing is skipped; a record with a field that
-- holds a quote yet is not a quoted field (a stray or unclosed quote) has
-- NULL fields, so the loader can name its line.
CREATE FUNCTION party_csv_records(content text)
	RETURNS TABLE (line integer, fields text[])
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
	SET search_path = pg_catalog, pg_temp
	AS $$
	WITH m AS (
		SELECT t.k, t.m[1] AS field, t.m[2] AS delim
		-- a CR at the very end (a CRLF file whose last newline was cut) ends the last record
		FROM pg_catalog.regexp_matches($1, '("(?:[^"]|"")*"|[^,\r\n]*)(,|\r?\n|\r?$)', 'g') WITH ORDINALITY AS t(m, k)
	), c AS (
		SELECT m.*,
		       COALESCE(pg_catalog.sum(CASE WHEN m.delim OPERATOR(pg_catalog.<>) ',' THEN 1 ELSE 0 END)
		                OVER (ORDER BY m.k ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS rec,
		       1 OPERATOR(pg_catalog.+) COALESCE(pg_catalog.sum(pg_catalog.length(m.field OPERATOR(pg_catalog.||) m.delim)
		                   OPERATOR(pg_catalog.-) pg_catalog.length(pg_catalog.replace(m.field OPERATOR(pg_catalog.||) m.delim, E'\n', '')))
		                OVER (ORDER BY m.k ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS at_line
		FROM m
	), r AS (
		SELECT c.rec, pg_catalog.min(c.at_line)::integer AS line,
		       pg_catalog.string_agg(c.field OPERATOR(pg_catalog.||) c.delim, '' ORDER BY c.k) AS raw,
		       pg_catalog.bool_and(c.field OPERATOR(pg_catalog.!~) '"' OR c.field OPERATOR(pg_catalog.~) '^"([^"]|"")*"$') AS well_formed,
		       pg_catalog.array_agg(CASE WHEN c.field OPERATOR(pg_catalog.~~) '"%'
		                                 THEN pg_catalog.replace(pg_catalog.substr(c.field, 2, pg_catalog.length(c.field) OPERATOR(pg_catalog.-) 2), '""', '"')
		                                 ELSE c.field END ORDER BY c.k) AS fields
		FROM c GROUP BY c.rec
	)
	SELECT r.line, CASE WHEN r.well_formed THEN r.fields END
	FROM r
	WHERE r.raw OPERATOR(pg_catalog.!~) '^\r?\n?$'
	ORDER BY r.rec
	$$;
COMMENT ON FUNCTION party_csv_records(text) IS
	'the records of a CSV text, with the line each starts on and its fields unquoted; NULL fields where a record does not parse (a stray quote)';

-- "-0-" (with or without its trailing space) is OFAC's NULL.
CREATE FUNCTION party_ofac_value(field text) RETURNS text
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
	SET search_path = pg_catalog, pg_temp
	AS $$
	SELECT CASE WHEN pg_catalog.btrim($1) OPERATOR(pg_catalog.=) ANY (ARRAY['-0-', '']) THEN NULL ELSE pg_catalog.btrim($1) END
	$$;
COMMENT ON FUNCTION party_ofac_value(text) IS 'an OFAC legacy CSV field: NULL for "-0-" (with or without its trailing space) or empty, else trimmed';

-- A country as a list writes it, to ISO 3166-1 alpha-2 (NULL if unknown).
CREATE FUNCTION party_country_code(name text) RETURNS text
	LANGUAGE sql STABLE STRICT PARALLEL SAFE
	SET search_path = pg_catalog, @extschema@, pg_temp
	AS $$
	SELECT c.code FROM @extschema@.party_country c
	WHERE pg_catalog.lower(c.name) OPERATOR(pg_catalog.=) pg_catalog.lower(pg_catalog.btrim($1))
	ORDER BY c.shipped DESC, c.name LIMIT 1
	$$;
COMMENT ON FUNCTION party_country_code(text) IS
	'ISO 3166-1 alpha-2 of a country name as a sanctions list writes it, from embargo.party_country (reads it: STABLE); NULL if unknown';

-- The identifiers in OFAC remarks: the "; "-separated items that begin
-- with a known label, a value, and optionally "(Country)".
CREATE FUNCTION party_ofac_identifiers(remarks text)
	RETURNS TABLE (kind text, value text, country text)
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
	SET search_path = pg_catalog, pg_temp
	AS $$
	SELECT CASE x.m[1]
		WHEN 'Tax ID No.' THEN 'tax_id' WHEN 'National ID No.' THEN 'national_id' WHEN 'Cedula No.' THEN 'cedula'
		WHEN 'Registration Number' THEN 'registration' WHEN 'Registration ID' THEN 'registration'
		WHEN 'Business Registration Number' THEN 'business_registration' WHEN 'Company Number' THEN 'company_number'
		WHEN 'Passport' THEN 'passport' WHEN 'Legal Entity Number' THEN 'lei'
		WHEN 'Vessel Registration Identification IMO' THEN 'imo' WHEN 'IMO' THEN 'imo'
		WHEN 'C.R. No.' THEN 'commercial_registry' WHEN 'Trade License No.' THEN 'trade_license'
		WHEN 'SWIFT/BIC' THEN 'swift_bic' WHEN 'D-U-N-S Number' THEN 'duns' END,
	       x.m[2], x.m[4]
	FROM pg_catalog.regexp_split_to_table($1, ';[[:space:]]*') AS t(item),
	     LATERAL pg_catalog.regexp_match(pg_catalog.btrim(t.item),
	        '^(?:alt\. )?(Tax ID No\.|National ID No\.|Cedula No\.|Registration Number|Registration ID|Business Registration Number|Company Number|Passport|Legal Entity Number|Vessel Registration Identification IMO|IMO|C\.R\. No\.|Trade License No\.|SWIFT/BIC|D-U-N-S Number) ([A-Za-z0-9][A-Za-z0-9/-]*)( \(([^()]+)\))?(?:[ .].*)?$') AS x(m)
	WHERE x.m IS NOT NULL
	$$;
COMMENT ON FUNCTION party_ofac_identifiers(text) IS
	'the identifiers an OFAC remark gives ("Tax ID No. 7744001497 (Russia)", "Registration Number …", "Vessel Registration Identification IMO …"), with the country in parentheses';

-- The loader.  Checks every staged row of the list's files, in file order,
-- and stops at the first problem with nothing changed; then makes the
-- edition's entries, names, addresses and identifiers set-wise and records
-- the edition.  An edition loaded before is left as it is (loaded false).
-- The staging tables of the list are emptied after a load.
CREATE FUNCTION load_list_staged(list text, edition date, source text DEFAULT NULL)
	RETURNS TABLE (loaded boolean, entries integer, names integer, addresses integer, identifiers integer)
	LANGUAGE plpgsql VOLATILE
	SET search_path = pg_catalog, @extschema@, pg_temp
	AS $$
DECLARE
	list_name CONSTANT text := load_list_staged.list;
	ed CONSTANT date := load_list_staged.edition;
	in_force date;
	problem text;
	cite text := COALESCE(pg_catalog.btrim(load_list_staged.source), 'staged by ' OPERATOR(pg_catalog.||) CURRENT_USER);
	main_file text := CASE list_name WHEN 'ofac_cons' THEN 'cons_prim.csv' ELSE 'sdn.csv' END;
	prefix text := CASE list_name WHEN 'ofac_cons' THEN 'cons_' ELSE '' END;
BEGIN
	IF list_name IS NULL OR ed IS NULL THEN
		RAISE EXCEPTION 'the list and edition of load_list_staged() must not be null' USING ERRCODE = 'null_value_not_allowed';
	END IF;
	IF NOT EXISTS (SELECT FROM @extschema@.party_list p WHERE p.list OPERATOR(pg_catalog.=) list_name) THEN
		RAISE EXCEPTION 'sanctions list "%" is not one the loader reads', list_name
			USING ERRCODE = 'invalid_parameter_value', HINT = 'The loader reads ofac_sdn, ofac_cons and uk_ofsi.';
	END IF;
	LOCK TABLE @extschema@.party_list_edition IN SHARE ROW EXCLUSIVE MODE;
	IF EXISTS (SELECT FROM @extschema@.party_list_edition e
	           WHERE e.list OPERATOR(pg_catalog.=) list_name AND e.edition OPERATOR(pg_catalog.=) ed) THEN
		RAISE NOTICE 'edition % of sanctions list "%" is already loaded: nothing changed', pg_catalog.to_char(ed, 'YYYY-MM-DD'), list_name;
		RETURN QUERY SELECT false, e.entries, e.names, e.addresses, e.identifiers
			FROM @extschema@.party_list_edition e
			WHERE e.list OPERATOR(pg_catalog.=) list_name AND e.edition OPERATOR(pg_catalog.=) ed;
		RETURN;
	END IF;
	SELECT pg_catalog.max(e.edition) INTO in_force FROM @extschema@.party_list_edition e WHERE e.list OPERATOR(pg_catalog.=) list_name;
	IF in_force OPERATOR(pg_catalog.>) ed THEN
		RAISE EXCEPTION 'edition % of sanctions list "%" is older than edition %, which is in force', pg_catalog.to_char(ed, 'YYYY-MM-DD'), list_name, pg_catalog.to_char(in_force, 'YYYY-MM-DD')
			USING ERRCODE = 'invalid_parameter_value';
	END IF;

	IF list_name OPERATOR(pg_catalog.=) 'uk_ofsi' THEN
		IF NOT EXISTS (SELECT FROM @extschema@.party_staging_ofsi) THEN
			RAISE EXCEPTION 'embargo.party_staging_ofsi is empty: there is no edition to load' USING ERRCODE = 'no_data_found',
				HINT = 'Fill it from the ConList CSV without its two header lines, e.g. \copy embargo.party_staging_ofsi (name6, …, group_id) FROM PROGRAM ''tail -n +3 ConList.csv'' WITH (FORMAT csv).';
		END IF;
		SELECT pg_catalog.format('%s, line %s: %s', COALESCE(s.file, 'the ConList CSV'), s.n, s.why) INTO problem
		FROM (SELECT s.file, pg_catalog.row_number() OVER (ORDER BY s.line) OPERATOR(pg_catalog.+) 2 AS n,
		             CASE WHEN s.group_id IS NULL OR s.group_id OPERATOR(pg_catalog.!~) '^[0-9]+$' THEN pg_catalog.format('Group ID "%s" is not a number', s.group_id)
		                  WHEN s.group_type IS NULL OR s.group_type OPERATOR(pg_catalog.<>) ALL ('{Individual,Entity,Ship}') THEN pg_catalog.format('Group Type "%s" is none of Individual, Entity, Ship', s.group_type)
		                  WHEN s.regime IS NULL OR s.regime OPERATOR(pg_catalog.=) '' THEN 'the row has no Regime'
		                  WHEN s.listed_on IS NOT NULL AND s.listed_on OPERATOR(pg_catalog.<>) '' AND s.listed_on OPERATOR(pg_catalog.!~) '^[0-9]{2}/[0-9]{2}/[0-9]{4}$' THEN pg_catalog.format('Listed On "%s" is not DD/MM/YYYY', s.listed_on)
		                  WHEN pg_catalog.btrim(pg_catalog.concat_ws(' ', s.name1, s.name2, s.name3, s.name4, s.name5, s.name6)) OPERATOR(pg_catalog.=) '' THEN 'the row has no name'
		             END AS why
		      FROM @extschema@.party_staging_ofsi s) AS s
		WHERE s.why IS NOT NULL ORDER BY s.n LIMIT 1;
	ELSE
		IF NOT EXISTS (SELECT FROM @extschema@.party_staging_ofac) THEN
			RAISE EXCEPTION 'embargo.party_staging_ofac is empty: there is no edition to load' USING ERRCODE = 'no_data_found',
				HINT = pg_catalog.format('Fill it from %s with \copy embargo.party_staging_ofac (ent_num, sdn_name, sdn_type, program, title, call_sign, vess_type, tonnage, grt, vess_flag, vess_owner, remarks) FROM PROGRAM ''iconv -f cp1252 -t utf-8 %s | tr -d "\032"'' WITH (FORMAT csv), or use embargo.load_list().', main_file, main_file);
		END IF;
		SELECT pg_catalog.format('%s, line %s: %s', x.file, x.n, x.why) INTO problem FROM (
			SELECT 1 AS f, COALESCE(s.file, main_file) AS file, s.n, CASE
				WHEN s.ent_num IS NULL OR s.ent_num OPERATOR(pg_catalog.!~) '^[0-9]+$' THEN pg_catalog.format('ent_num "%s" is not a number', s.ent_num)
				WHEN s.first OPERATOR(pg_catalog.<>) s.n THEN pg_catalog.format('ent_num %s is already on line %s', s.ent_num, s.first)
				WHEN s.sdn_name IS NULL THEN 'the entry has no name'
				WHEN s.sdn_type IS NOT NULL AND s.sdn_type OPERATOR(pg_catalog.<>) ALL ('{individual,vessel,aircraft}') THEN pg_catalog.format('SDN_Type "%s" is none of individual, vessel, aircraft or -0- (entity)', s.sdn_type)
				WHEN s.program IS NULL THEN 'the entry has no program' END AS why
			FROM (SELECT s.file, s.n, @extschema@.party_ofac_value(s.ent_num) AS ent_num, @extschema@.party_ofac_value(s.sdn_name) AS sdn_name,
			             @extschema@.party_ofac_value(s.sdn_type) AS sdn_type, @extschema@.party_ofac_value(s.program) AS program,
			             pg_catalog.min(s.n) OVER (PARTITION BY @extschema@.party_ofac_value(s.ent_num)) AS first
			      FROM (SELECT s.*, pg_catalog.row_number() OVER (ORDER BY s.line) AS n FROM @extschema@.party_staging_ofac s) AS s) AS s
			UNION ALL
			SELECT 2, COALESCE(s.file, prefix OPERATOR(pg_catalog.||) 'add.csv'), s.n, CASE
				WHEN s.ent_num IS NULL OR k.e IS NULL
					THEN pg_catalog.format('ent_num "%s" is no entry of %s', s.ent_num, main_file) END
			FROM (SELECT s.file, pg_catalog.row_number() OVER (ORDER BY s.line) AS n, @extschema@.party_ofac_value(s.ent_num) AS ent_num
			      FROM @extschema@.party_staging_ofac_add s) AS s
			LEFT JOIN (SELECT DISTINCT @extschema@.party_ofac_value(p.ent_num) AS e FROM @extschema@.party_staging_ofac p) AS k ON k.e OPERATOR(pg_catalog.=) s.ent_num
			UNION ALL
			SELECT 3, COALESCE(s.file, prefix OPERATOR(pg_catalog.||) 'alt.csv'), s.n, CASE
				WHEN s.ent_num IS NULL OR k.e IS NULL
					THEN pg_catalog.format('ent_num "%s" is no entry of %s', s.ent_num, main_file)
				WHEN s.alt_type IS NULL OR s.alt_type OPERATOR(pg_catalog.<>) ALL ('{aka,fka,nka}') THEN pg_catalog.format('alt_type "%s" is none of aka, fka, nka', s.alt_type)
				WHEN s.alt_name IS NULL THEN 'the alias has no name' END
			FROM (SELECT s.file, pg_catalog.row_number() OVER (ORDER BY s.line) AS n, @extschema@.party_ofac_value(s.ent_num) AS ent_num,
			             @extschema@.party_ofac_value(s.alt_type) AS alt_type, @extschema@.party_ofac_value(s.alt_name) AS alt_name
			      FROM @extschema@.party_staging_ofac_alt s) AS s
			LEFT JOIN (SELECT DISTINCT @extschema@.party_ofac_value(p.ent_num) AS e FROM @extschema@.party_staging_ofac p) AS k ON k.e OPERATOR(pg_catalog.=) s.ent_num
			UNION ALL
			SELECT 4, COALESCE(s.file, prefix OPERATOR(pg_catalog.||) CASE WHEN prefix OPERATOR(pg_catalog.=) '' THEN 'sdn_' ELSE '' END OPERATOR(pg_catalog.||) 'comments.csv'), s.n, CASE
				WHEN s.ent_num IS NULL OR k.e IS NULL
					THEN pg_catalog.format('ent_num "%s" is no entry of %s', s.ent_num, main_file) END
			FROM (SELECT s.file, pg_catalog.row_number() OVER (ORDER BY s.line) AS n, @extschema@.party_ofac_value(s.ent_num) AS ent_num
			      FROM @extschema@.party_staging_ofac_comments s) AS s
			LEFT JOIN (SELECT DISTINCT @extschema@.party_ofac_value(p.ent_num) AS e FROM @extschema@.party_staging_ofac p) AS k ON k.e OPERATOR(pg_catalog.=) s.ent_num
		) AS x WHERE x.why IS NOT NULL ORDER BY x.f, x.n LIMIT 1;
	END IF;
	IF problem IS NOT NULL THEN
		RAISE EXCEPTION 'edition % of sanctions list "%" is not loaded: %', pg_catalog.to_char(ed, 'YYYY-MM-DD'), list_name, problem
			USING ERRCODE = 'invalid_text_representation', HINT = 'Nothing was changed; correct the file and load it again.';
	END IF;

	INSERT INTO @extschema@.party_list_edition (list, edition, source, entries, names, addresses, identifiers)
	VALUES (list_name, ed, cite, 0, 0, 0, 0);
	IF list_name OPERATOR(pg_catalog.=) 'uk_ofsi' THEN
		INSERT INTO @extschema@.party_entry (list, edition, entry_id, kind, programs, listed_on, remarks)
		SELECT list_name, ed, s.group_id,
		       CASE pg_catalog.min(s.group_type) WHEN 'Individual' THEN 'individual' WHEN 'Ship' THEN 'vessel' ELSE 'entity' END,
		       pg_catalog.array_agg(DISTINCT s.regime ORDER BY s.regime),
		       pg_catalog.min(pg_catalog.to_date(NULLIF(s.listed_on, ''), 'DD/MM/YYYY')),
		       pg_catalog.min(NULLIF(s.other_information, ''))
		FROM @extschema@.party_staging_ofsi s GROUP BY s.group_id;
		INSERT INTO @extschema@.party_name (list, edition, entry_id, name, kind, alias_type, quality, script, language)
		SELECT DISTINCT list_name, ed, s.group_id, n.name, n.kind, n.alias_type, n.quality, n.script, n.language
		FROM @extschema@.party_staging_ofsi s,
		     LATERAL (VALUES (pg_catalog.btrim(pg_catalog.concat_ws(' ', NULLIF(s.name1, ''), NULLIF(s.name2, ''), NULLIF(s.name3, ''),
		                                                          NULLIF(s.name4, ''), NULLIF(s.name5, ''), NULLIF(s.name6, ''))),
		                      CASE WHEN s.alias_type OPERATOR(pg_catalog.=) 'Primary name' THEN 'primary' ELSE 'alias' END,
		                      NULLIF(s.alias_type, ''), NULLIF(s.alias_quality, ''), NULL::text, NULL::text),
		                     (NULLIF(pg_catalog.btrim(s.name_non_latin), ''), 'alias', 'Non-Latin script', NULL, NULLIF(s.non_latin_script, ''),
		                      NULLIF(s.non_latin_language, ''))) AS n(name, kind, alias_type, quality, script, language)
		WHERE n.name IS NOT NULL;
		INSERT INTO @extschema@.party_address (list, edition, entry_id, address, city, country, country_code)
		SELECT DISTINCT list_name, ed, s.group_id,
		       NULLIF(pg_catalog.concat_ws(', ', NULLIF(s.address1, ''), NULLIF(s.address2, ''), NULLIF(s.address3, ''), NULLIF(s.address4, ''),
		                                   NULLIF(s.address5, ''), NULLIF(s.address6, ''), NULLIF(s.post_code, '')), ''),
		       NULL::text, NULLIF(s.country, ''), @extschema@.party_country_code(NULLIF(s.country, ''))
		FROM @extschema@.party_staging_ofsi s
		WHERE pg_catalog.concat(s.address1, s.address2, s.address3, s.address4, s.address5, s.address6, s.post_code, s.country) OPERATOR(pg_catalog.<>) '';
		INSERT INTO @extschema@.party_identifier (list, edition, entry_id, kind, value, country)
		SELECT DISTINCT list_name, ed, s.group_id, i.kind, pg_catalog.btrim(i.value), NULL::text
		FROM @extschema@.party_staging_ofsi s,
		     LATERAL (SELECT 'passport', v FROM pg_catalog.regexp_split_to_table(s.passport_number, '\([0-9]+\)') AS v
		              UNION ALL SELECT 'national_id', v FROM pg_catalog.regexp_split_to_table(s.national_id_number, '\([0-9]+\)') AS v
		              -- a single value after "(Business Reg No):"; INN/TIN (10 or 12
		              -- digits), OGRN (13 or 15) and IMO numbers wherever labelled so
		              UNION ALL SELECT 'business_registration', m[1]
		                        FROM pg_catalog.regexp_matches(s.other_information, '\(Business Reg No\):?[[:space:]]*([A-Za-z0-9/-]*[0-9][A-Za-z0-9/-]*)(?=\.|$|[[:space:]]*\()', 'g') AS m
		              UNION ALL SELECT 'tax_id', m[1]
		                        FROM pg_catalog.regexp_matches(s.other_information, '\m(?:TIN|INN)[[:space:]]*[:–-]?[[:space:]]*([0-9]{12}|[0-9]{10})\M', 'g') AS m
		              UNION ALL SELECT 'registration', m[1]
		                        FROM pg_catalog.regexp_matches(s.other_information, '\mOGRN[[:space:]]*[:–-]?[[:space:]]*([0-9]{15}|[0-9]{13})\M', 'g') AS m
		              UNION ALL SELECT 'imo', m[1]
		                        FROM pg_catalog.regexp_matches(s.other_information, 'IMO number\)?:?[[:space:]]*([0-9]{7})\M', 'g') AS m) AS i(kind, value)
		WHERE pg_catalog.btrim(i.value) OPERATOR(pg_catalog.~) '^[A-Za-z0-9][A-Za-z0-9/ -]*$';
	ELSE
		CREATE TEMPORARY TABLE embargo_party_ofac ON COMMIT DROP AS
		SELECT @extschema@.party_ofac_value(s.ent_num) AS entry_id, @extschema@.party_ofac_value(s.sdn_name) AS name,
		       COALESCE(@extschema@.party_ofac_value(s.sdn_type), 'entity') AS kind,
		       ARRAY(SELECT pg_catalog.btrim(p, ' []') FROM pg_catalog.regexp_split_to_table(@extschema@.party_ofac_value(s.program), '\][[:space:]]*\[') AS p) AS programs,
		       NULLIF(COALESCE(@extschema@.party_ofac_value(s.remarks), '') OPERATOR(pg_catalog.||)
		              COALESCE((SELECT pg_catalog.string_agg(pg_catalog.rtrim(c.remarks), '' ORDER BY c.line) FROM @extschema@.party_staging_ofac_comments c
		                        WHERE @extschema@.party_ofac_value(c.ent_num) OPERATOR(pg_catalog.=) @extschema@.party_ofac_value(s.ent_num)), ''), '') AS remarks
		FROM @extschema@.party_staging_ofac s;
		INSERT INTO @extschema@.party_entry (list, edition, entry_id, kind, programs, listed_on, remarks)
		SELECT list_name, ed, o.entry_id, o.kind, o.programs, NULL, o.remarks FROM pg_temp.embargo_party_ofac o;
		INSERT INTO @extschema@.party_name (list, edition, entry_id, name, kind, alias_type, quality)
		SELECT list_name, ed, o.entry_id, o.name, 'primary', NULL, NULL FROM pg_temp.embargo_party_ofac o
		UNION ALL
		SELECT list_name, ed, @extschema@.party_ofac_value(a.ent_num), @extschema@.party_ofac_value(a.alt_name), 'alias',
		       @extschema@.party_ofac_value(a.alt_type), @extschema@.party_ofac_value(a.alt_remarks)
		FROM @extschema@.party_staging_ofac_alt a
		UNION ALL
		SELECT list_name, ed, o.entry_id, m[1], 'alias', 'aka', 'weak'
		FROM pg_temp.embargo_party_ofac o, pg_catalog.regexp_matches(o.remarks, 'a\.k\.a\. ''([^'']+)''', 'g') AS m;
		INSERT INTO @extschema@.party_address (list, edition, entry_id, address, city, country, country_code, remarks)
		SELECT list_name, ed, @extschema@.party_ofac_value(a.ent_num), @extschema@.party_ofac_value(a.address),
		       @extschema@.party_ofac_value(a.city), @extschema@.party_ofac_value(a.country),
		       @extschema@.party_country_code(@extschema@.party_ofac_value(a.country)), @extschema@.party_ofac_value(a.add_remarks)
		FROM @extschema@.party_staging_ofac_add a
		WHERE pg_catalog.concat(@extschema@.party_ofac_value(a.address), @extschema@.party_ofac_value(a.city),
		                        @extschema@.party_ofac_value(a.country)) OPERATOR(pg_catalog.<>) '';
		INSERT INTO @extschema@.party_identifier (list, edition, entry_id, kind, value, country)
		SELECT DISTINCT list_name, ed, o.entry_id, i.kind, i.value, i.country
		FROM pg_temp.embargo_party_ofac o, @extschema@.party_ofac_identifiers(o.remarks) AS i;
		DROP TABLE pg_temp.embargo_party_ofac;
	END IF;

	UPDATE @extschema@.party_list_edition e SET
		entries = (SELECT pg_catalog.count(*) FROM @extschema@.party_entry x WHERE x.list OPERATOR(pg_catalog.=) list_name AND x.edition OPERATOR(pg_catalog.=) ed),
		names = (SELECT pg_catalog.count(*) FROM @extschema@.party_name x WHERE x.list OPERATOR(pg_catalog.=) list_name AND x.edition OPERATOR(pg_catalog.=) ed),
		addresses = (SELECT pg_catalog.count(*) FROM @extschema@.party_address x WHERE x.list OPERATOR(pg_catalog.=) list_name AND x.edition OPERATOR(pg_catalog.=) ed),
		identifiers = (SELECT pg_catalog.count(*) FROM @extschema@.party_identifier x WHERE x.list OPERATOR(pg_catalog.=) list_name AND x.edition OPERATOR(pg_catalog.=) ed)
	WHERE e.list OPERATOR(pg_catalog.=) list_name AND e.edition OPERATOR(pg_catalog.=) ed;
	IF list_name OPERATOR(pg_catalog.=) 'uk_ofsi' THEN
		DELETE FROM @extschema@.party_staging_ofsi;
	ELSE
		DELETE FROM @extschema@.party_staging_ofac;
		DELETE FROM @extschema@.party_staging_ofac_add;
		DELETE FROM @extschema@.party_staging_ofac_alt;
		DELETE FROM @extschema@.party_staging_ofac_comments;
	END IF;
	RETURN QUERY SELECT true, e.entries, e.names, e.addresses, e.identifiers
		FROM @extschema@.party_list_edition e
		WHERE e.list OPERATOR(pg_catalog.=) list_name AND e.edition OPERATOR(pg_catalog.=) ed;
END $$;
COMMENT ON FUNCTION load_list_staged(text, date, text) IS
	'load an edition of a sanctions list (ofac_sdn, ofac_cons, uk_ofsi) from the staging tables, all or nothing; malformed rows refused with file, line and reason; an edition loaded before changes nothing (embargo_admin only)';
REVOKE ALL ON FUNCTION load_list_staged(text, date, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION load_list_staged(text, date, text) TO embargo_admin;

-- A server-side file of a sanctions list, as text: OFAC's files are cp1252
-- and end with an 0x1A byte, OFSI's CSV is UTF-8.  A byte the encoding
-- does not have is reported with the file's line.
CREATE FUNCTION party_read_file(path text, encoding text) RETURNS text
	LANGUAGE plpgsql VOLATILE STRICT
	SET search_path = pg_catalog, pg_temp
	AS $$
DECLARE
	bytes bytea := pg_catalog.pg_read_binary_file(path);
	k integer;
BEGIN
	IF pg_catalog.length(bytes) OPERATOR(pg_catalog.>) 0
	   AND pg_catalog.get_byte(bytes, pg_catalog.length(bytes) OPERATOR(pg_catalog.-) 1) OPERATOR(pg_catalog.=) 26 THEN
		bytes := pg_catalog.substr(bytes, 1, pg_catalog.length(bytes) OPERATOR(pg_catalog.-) 1);
	END IF;
	BEGIN
		RETURN pg_catalog.convert_from(bytes, encoding);
	EXCEPTION WHEN character_not_in_repertoire OR untranslatable_character THEN
		SELECT t.k INTO k
		FROM pg_catalog.regexp_split_to_table(pg_catalog.encode(bytes, 'escape'), E'\n') WITH ORDINALITY AS t(l, k)
		WHERE NOT @extschema@.party_converts(pg_catalog.decode(t.l, 'escape'), encoding)
		ORDER BY t.k LIMIT 1;
		RAISE EXCEPTION '%, line %: the bytes are not %', pg_catalog.regexp_replace(path, '^.*/', ''), k, encoding
			USING ERRCODE = 'character_not_in_repertoire',
			      HINT = CASE encoding WHEN 'UTF8' THEN 'OFSI publishes its CSV in UTF-8.' ELSE 'OFAC publishes its legacy CSV files in Windows-1252.' END;
	END;
END $$;
COMMENT ON FUNCTION party_read_file(text, text) IS
	'a server-side file as text in the given encoding, without a trailing 0x1A byte; a byte the encoding lacks is reported with its line';

CREATE FUNCTION party_converts(bytes bytea, encoding text) RETURNS boolean
	LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
	SET search_path = pg_catalog, pg_temp
	AS $$
BEGIN
	PERFORM pg_catalog.convert_from(bytes, encoding);
	RETURN true;
EXCEPTION WHEN character_not_in_repertoire OR untranslatable_character THEN
	RETURN false;
END $$;
COMMENT ON FUNCTION party_converts(bytea, text) IS 'whether the bytes are text in the encoding';

-- The server-side loader: the files as published, recognised by name,
-- parsed into the staging tables, then load_list_staged().
CREATE FUNCTION load_list(list text, edition date, files text[])
	RETURNS TABLE (loaded boolean, entries integer, names integer, addresses integer, identifiers integer)
	LANGUAGE plpgsql VOLATILE
	SET search_path = pg_catalog, @extschema@, pg_temp
	AS $$
DECLARE
	list_name CONSTANT text := load_list.list;
	ed CONSTANT date := load_list.edition;
	prefix text := CASE list_name WHEN 'ofac_cons' THEN 'cons_' ELSE '' END;
	wanted text[];
	path text;
	base text;
	kind text;
	n integer;
	bad record;
BEGIN
	IF list_name IS NULL OR ed IS NULL OR files IS NULL THEN
		RAISE EXCEPTION 'the list, edition and files of load_list() must not be null' USING ERRCODE = 'null_value_not_allowed';
	END IF;
	IF NOT (SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname OPERATOR(pg_catalog.=) CURRENT_USER)
	   AND NOT pg_catalog.pg_has_role(CURRENT_USER, 'pg_read_server_files', 'MEMBER') THEN
		RAISE EXCEPTION 'permission denied to read server-side files for sanctions list "%"', list_name
			USING ERRCODE = 'insufficient_privilege',
			      HINT = 'Only superusers and members of pg_read_server_files may; fill the staging tables with \copy and call embargo.load_list_staged() instead.';
	END IF;
	IF NOT EXISTS (SELECT FROM @extschema@.party_list p WHERE p.list OPERATOR(pg_catalog.=) list_name) THEN
		RAISE EXCEPTION 'sanctions list "%" is not one the loader reads', list_name
			USING ERRCODE = 'invalid_parameter_value', HINT = 'The loader reads ofac_sdn, ofac_cons and uk_ofsi.';
	END IF;
	IF EXISTS (SELECT FROM @extschema@.party_list_edition e
	           WHERE e.list OPERATOR(pg_catalog.=) list_name AND e.edition OPERATOR(pg_catalog.=) ed) THEN
		RETURN QUERY SELECT * FROM @extschema@.load_list_staged(list_name, ed);
		RETURN;
	END IF;
	IF list_name OPERATOR(pg_catalog.=) 'uk_ofsi' THEN
		IF pg_catalog.cardinality(files) OPERATOR(pg_catalog.<>) 1 THEN
			RAISE EXCEPTION 'sanctions list "uk_ofsi" is one file, not %', pg_catalog.cardinality(files) USING ERRCODE = 'invalid_parameter_value';
		END IF;
		DELETE FROM @extschema@.party_staging_ofsi;
		base := pg_catalog.regexp_replace(files[1], '^.*/', '');
		CREATE TEMPORARY TABLE embargo_party_file ON COMMIT DROP AS
		SELECT * FROM @extschema@.party_csv_records(@extschema@.party_read_file(files[1], 'UTF8'));
		-- the header: "Last Updated,DD/MM/YYYY", then the column names
		IF NOT EXISTS (SELECT FROM pg_temp.embargo_party_file r WHERE r.line OPERATOR(pg_catalog.=) 1
		               AND r.fields[1] OPERATOR(pg_catalog.=) 'Last Updated')
		   OR NOT EXISTS (SELECT FROM pg_temp.embargo_party_file r WHERE r.line OPERATOR(pg_catalog.=) 2
		                  AND r.fields[1] OPERATOR(pg_catalog.=) 'Name 6' AND r.fields[36] OPERATOR(pg_catalog.=) 'Group ID') THEN
			RAISE EXCEPTION 'edition % of sanctions list "%" is not loaded: %, lines 1 and 2: not the header of the OFSI Consolidated List',
				pg_catalog.to_char(ed, 'YYYY-MM-DD'), list_name, base
				USING ERRCODE = 'invalid_text_representation',
				      HINT = 'The ConList CSV begins with "Last Updated,DD/MM/YYYY" and the line of column names from "Name 6" to "Group ID".';
		END IF;
		SELECT r.line, r.fields INTO bad FROM pg_temp.embargo_party_file AS r
		WHERE r.line OPERATOR(pg_catalog.>) 2 AND (r.fields IS NULL OR pg_catalog.cardinality(r.fields) OPERATOR(pg_catalog.<>) 36)
		ORDER BY r.line LIMIT 1;
		IF FOUND THEN
			RAISE EXCEPTION 'edition % of sanctions list "%" is not loaded: %, line %: %', pg_catalog.to_char(ed, 'YYYY-MM-DD'), list_name, base, bad.line,
				CASE WHEN bad.fields IS NULL THEN 'a field has a quote that neither opens nor closes it' ELSE pg_catalog.format('%s fields, not 36', pg_catalog.cardinality(bad.fields)) END
				USING ERRCODE = 'invalid_text_representation', HINT = 'Nothing was changed; correct the file and load it again.';
		END IF;
		INSERT INTO @extschema@.party_staging_ofsi (line, file, name6, name1, name2, name3, name4, name5, title, name_non_latin,
			non_latin_script, non_latin_language, dob, town_of_birth, country_of_birth, nationality, passport_number, passport_details,
			national_id_number, national_id_details, position, address1, address2, address3, address4, address5, address6, post_code,
			country, other_information, group_type, alias_type, alias_quality, regime, listed_on, designated_on, last_updated, group_id)
		SELECT r.line, base, f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9], f[10], f[11], f[12], f[13], f[14], f[15], f[16], f[17],
		       f[18], f[19], f[20], f[21], f[22], f[23], f[24], f[25], f[26], f[27], f[28], f[29], f[30], f[31], f[32], f[33], f[34], f[35], f[36]
		FROM (SELECT r.line, r.fields AS f FROM pg_temp.embargo_party_file r WHERE r.line OPERATOR(pg_catalog.>) 2) AS r;
		DROP TABLE pg_temp.embargo_party_file;
	ELSE
		DELETE FROM @extschema@.party_staging_ofac;
		DELETE FROM @extschema@.party_staging_ofac_add;
		DELETE FROM @extschema@.party_staging_ofac_alt;
		DELETE FROM @extschema@.party_staging_ofac_comments;
		wanted := ARRAY[prefix OPERATOR(pg_catalog.||) CASE WHEN prefix OPERATOR(pg_catalog.=) '' THEN 'sdn' ELSE 'prim' END OPERATOR(pg_catalog.||) '.csv',
		                prefix OPERATOR(pg_catalog.||) 'add.csv', prefix OPERATOR(pg_catalog.||) 'alt.csv', CASE WHEN prefix OPERATOR(pg_catalog.=) '' THEN 'sdn_' ELSE prefix END OPERATOR(pg_catalog.||) 'comments.csv'];
		FOREACH path IN ARRAY files LOOP
			base := pg_catalog.regexp_replace(path, '^.*/', '');
			kind := CASE pg_catalog.array_position(wanted, base) WHEN 1 THEN 'main' WHEN 2 THEN 'add' WHEN 3 THEN 'alt' WHEN 4 THEN 'comments' END;
			IF kind IS NULL THEN
				RAISE EXCEPTION 'file "%" is none of the files of sanctions list "%"', base, list_name
					USING ERRCODE = 'invalid_parameter_value', HINT = pg_catalog.format('The files are named %s.', pg_catalog.array_to_string(wanted, ', '));
			END IF;
			n := CASE kind WHEN 'main' THEN 12 WHEN 'add' THEN 6 WHEN 'alt' THEN 5 ELSE 2 END;
			CREATE TEMPORARY TABLE embargo_party_file ON COMMIT DROP AS
			SELECT * FROM @extschema@.party_csv_records(@extschema@.party_read_file(path, 'WIN1252'));
			SELECT r.line, r.fields INTO bad FROM pg_temp.embargo_party_file r
			WHERE r.fields IS NULL OR pg_catalog.cardinality(r.fields) OPERATOR(pg_catalog.<>) n
			ORDER BY r.line LIMIT 1;
			IF FOUND THEN
				DROP TABLE pg_temp.embargo_party_file;
				RAISE EXCEPTION 'edition % of sanctions list "%" is not loaded: %, line %: %', pg_catalog.to_char(ed, 'YYYY-MM-DD'), list_name, base, bad.line,
					CASE WHEN bad.fields IS NULL THEN 'a field has a quote that neither opens nor closes it' ELSE pg_catalog.format('%s fields, not %s', pg_catalog.cardinality(bad.fields), n) END
					USING ERRCODE = 'invalid_text_representation', HINT = 'Nothing was changed; correct the file and load it again.';
			END IF;
			IF kind OPERATOR(pg_catalog.=) 'main' THEN
				INSERT INTO @extschema@.party_staging_ofac (line, file, ent_num, sdn_name, sdn_type, program, title, call_sign, vess_type,
					tonnage, grt, vess_flag, vess_owner, remarks)
				SELECT r.line, base, f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9], f[10], f[11], f[12]
				FROM (SELECT r.line, r.fields AS f FROM pg_temp.embargo_party_file r) AS r;
			ELSIF kind OPERATOR(pg_catalog.=) 'add' THEN
				INSERT INTO @extschema@.party_staging_ofac_add (line, file, ent_num, add_num, address, city, country, add_remarks)
				SELECT r.line, base, f[1], f[2], f[3], f[4], f[5], f[6] FROM (SELECT r.line, r.fields AS f FROM pg_temp.embargo_party_file r) AS r;
			ELSIF kind OPERATOR(pg_catalog.=) 'alt' THEN
				INSERT INTO @extschema@.party_staging_ofac_alt (line, file, ent_num, alt_num, alt_type, alt_name, alt_remarks)
				SELECT r.line, base, f[1], f[2], f[3], f[4], f[5] FROM (SELECT r.line, r.fields AS f FROM pg_temp.embargo_party_file r) AS r;
			ELSE
				INSERT INTO @extschema@.party_staging_ofac_comments (line, file, ent_num, remarks)
				SELECT r.line, base, f[1], f[2] FROM (SELECT r.line, r.fields AS f FROM pg_temp.embargo_party_file r) AS r;
			END IF;
			DROP TABLE pg_temp.embargo_party_file;
		END LOOP;
		IF NOT EXISTS (SELECT FROM @extschema@.party_staging_ofac) THEN
			RAISE EXCEPTION 'the files of sanctions list "%" lack %', list_name, wanted[1] USING ERRCODE = 'invalid_parameter_value';
		END IF;
		FOR base IN SELECT w FROM pg_catalog.unnest(wanted[2:4]) AS w
		            WHERE w OPERATOR(pg_catalog.<>) ALL (ARRAY(SELECT pg_catalog.regexp_replace(x, '^.*/', '') FROM pg_catalog.unnest(files) AS x)) LOOP
			RAISE NOTICE 'no % among the files of sanctions list "%": loading without it', base, list_name;
		END LOOP;
	END IF;
	RETURN QUERY SELECT * FROM @extschema@.load_list_staged(list_name, ed, pg_catalog.array_to_string(files, ', '));
END $$;
COMMENT ON FUNCTION load_list(text, date, text[]) IS
	'load an edition of a sanctions list from server-side files as published (OFAC sdn.csv, add.csv, alt.csv, sdn_comments.csv or cons_*.csv; the OFSI ConList CSV), all or nothing (embargo_admin who is superuser or in pg_read_server_files)';
REVOKE ALL ON FUNCTION load_list(text, date, text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION load_list(text, date, text[]) TO embargo_admin;
REVOKE ALL ON FUNCTION party_read_file(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION party_read_file(text, text) TO embargo_admin;

------------------------------------------------------------------------------
-- Screening parties (issue 17): what a listing under each program means in
-- its list's jurisdiction (data, with citations), match_party() and
-- party_verdict(), and the invalidation of the sanctions lists' part of the
-- per-backend cache.
------------------------------------------------------------------------------

CREATE TABLE party_program (
	list      text NOT NULL REFERENCES party_list,
	program   text NOT NULL,
	meaning   text NOT NULL CHECK (meaning IN ('blocking', 'restrictive')),
	citation  text NOT NULL,
	note      text,
	shipped   boolean NOT NULL DEFAULT false,
	PRIMARY KEY (list, program)
);
COMMENT ON TABLE party_program IS
	'what a listing under a program (OFAC) or regime (OFSI) means in the list''s jurisdiction: blocking (all dealings, so prohibit) or restrictive (some dealings, so review); program * stands for every program of the list without a row; a program with neither is unknown (review)';
SELECT pg_catalog.pg_extension_config_dump('party_program', 'WHERE NOT shipped');
GRANT SELECT ON party_program TO PUBLIC;
GRANT INSERT, UPDATE, DELETE ON party_program TO embargo_admin;
CREATE TRIGGER protect_shipped BEFORE INSERT OR UPDATE OR DELETE ON party_program
	FOR EACH ROW EXECUTE FUNCTION protect_shipped_rows();

-- Every table the matcher's cache is built from sends an invalidation.
CREATE TRIGGER invalidate_gazetteer AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON party_list
	FOR EACH STATEMENT EXECUTE FUNCTION invalidate_gazetteer();
CREATE TRIGGER invalidate_gazetteer AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON party_list_edition
	FOR EACH STATEMENT EXECUTE FUNCTION invalidate_gazetteer();
CREATE TRIGGER invalidate_gazetteer AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON party_entry
	FOR EACH STATEMENT EXECUTE FUNCTION invalidate_gazetteer();
CREATE TRIGGER invalidate_gazetteer AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON party_name
	FOR EACH STATEMENT EXECUTE FUNCTION invalidate_gazetteer();
CREATE TRIGGER invalidate_gazetteer AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON party_address
	FOR EACH STATEMENT EXECUTE FUNCTION invalidate_gazetteer();
CREATE TRIGGER invalidate_gazetteer AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON party_identifier
	FOR EACH STATEMENT EXECUTE FUNCTION invalidate_gazetteer();
CREATE TRIGGER invalidate_gazetteer AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON party_program
	FOR EACH STATEMENT EXECUTE FUNCTION invalidate_gazetteer();

CREATE FUNCTION match_party(name text, country text DEFAULT NULL, on_date date DEFAULT CURRENT_DATE,
                            jurisdiction text DEFAULT NULL)
	RETURNS TABLE (list text, entry_id text, matched_name text, score real, kind text, programs text[],
	               meaning text, citation text, why text)
	AS 'MODULE_PATHNAME', 'match_party' LANGUAGE C STABLE PARALLEL SAFE COST 100 ROWS 2;
COMMENT ON FUNCTION match_party(text, text, date, text) IS
	'the entries of the sanctions lists in force that a party''s name matches or possibly matches (score at or above embargo.party_possible_threshold), best first, with what the listing means under the jurisdiction (NULL: each list''s own) and what matched';

CREATE FUNCTION party_verdict(name text, country text, on_date date, jurisdiction text) RETURNS verdict
	AS 'MODULE_PATHNAME', 'party_verdict' LANGUAGE C STABLE PARALLEL SAFE COST 100;
COMMENT ON FUNCTION party_verdict(text, text, date, text) IS
	'prohibit for a match to a listing that blocks dealings under the jurisdiction on that date, review for a possible match or a restrictive listing, else allow; an error if no list of the jurisdiction is loaded; NULL if name, on_date or jurisdiction is';

CREATE FUNCTION party_name_words(name text)
	RETURNS TABLE (word text, skeleton text, legal_form boolean)
	AS 'MODULE_PATHNAME', 'party_name_words' LANGUAGE C STABLE STRICT PARALLEL SAFE COST 10 ROWS 4;
COMMENT ON FUNCTION party_name_words(text) IS
	'the words match_party() compares a name by (folded to ASCII through ICU, initials joined), the skeleton each is looked up by, and the legal forms it sets aside; STABLE: the words follow the ICU version';

-- screen() and explain() with the shipment's parties: the verdict is the
-- strictest of the origin's and the parties'; explain() adds a row for each
-- party match (no rule id; the list entry in article).

------------------------------------------------------------------------------
-- Ownership and control (issue 18): who owns or controls whom, as the user
-- records it, and how each regime counts it (data, with citations).  The
-- status it gives a party is computed with the lists' part of the
-- per-backend cache, per regime and per period between recorded dates.

------------------------------------------------------------------------------

CREATE TABLE ownership (
	id           bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
	owner        text NOT NULL CHECK (owner ~ '[^[:space:]]'),
	owned        text NOT NULL CHECK (owned ~ '[^[:space:]]'),
	share        numeric CHECK (share > 0 AND share <= 100),
	kind         text NOT NULL DEFAULT 'shares' CHECK (kind IN ('shares', 'votes', 'control')),
	valid_from   date,
	valid_until  date,
	source       text NOT NULL CHECK (source ~ '[^[:space:]]'),
	-- the list of a reference list:entry, which must exist (a foreign key, so
	-- that a restore brings the lists back first)
	owner_list   text GENERATED ALWAYS AS (CASE WHEN owner ~ '^[a-z][a-z0-9_]*:[^[:space:]]+$'
	                                            THEN pg_catalog.split_part(owner, ':', 1) END) STORED REFERENCES party_list,
	owned_list   text GENERATED ALWAYS AS (CASE WHEN owned ~ '^[a-z][a-z0-9_]*:[^[:space:]]+$'
	                                            THEN pg_catalog.split_part(owned, ':', 1) END) STORED REFERENCES party_list,
	CONSTRAINT ownership_trimmed CHECK (owner OPERATOR(pg_catalog.=) pg_catalog.btrim(owner) AND owned OPERATOR(pg_catalog.=) pg_catalog.btrim(owned)),
	-- a reference is list:entry in lower case: OFAC_SDN:1 would be taken for a name
	CONSTRAINT ownership_reference_lower_case CHECK
		((owner !~ '^[A-Za-z][A-Za-z0-9_]*:[^[:space:]]+$' OR owner ~ '^[a-z][a-z0-9_]*:[^[:space:]]+$')
		 AND (owned !~ '^[A-Za-z][A-Za-z0-9_]*:[^[:space:]]+$' OR owned ~ '^[a-z][a-z0-9_]*:[^[:space:]]+$')),
	CHECK (valid_from < valid_until),
	CHECK (kind OPERATOR(pg_catalog.<>) 'control' OR share IS NULL),
	CHECK (owner OPERATOR(pg_catalog.<>) owned)
);
CREATE INDEX ownership_owned_idx ON ownership (owned);
CREATE INDEX ownership_owner_idx ON ownership (owner);
COMMENT ON TABLE ownership IS
	'who owns or controls whom: owner and owned are party references, list:entry for a listed entry (ofac_sdn:12345) or a plain name for a party of your own (the same name after folding case, spaces and legal forms)';
COMMENT ON COLUMN ownership.share IS 'the percentage held, 0 to 100; NULL: unknown (a control record has none)';
COMMENT ON COLUMN ownership.kind IS 'shares (ownership), votes (voting rights), control (by other means, such as appointing the board)';
COMMENT ON COLUMN ownership.valid_from IS 'the first day the holding stands; NULL: always before';
COMMENT ON COLUMN ownership.valid_until IS 'the day it ends (sold, diluted): it no longer counts from that day; NULL: still';
COMMENT ON COLUMN ownership.owner_list IS 'the list of owner, when it is a reference list:entry (must be a list of embargo.party_list)';
COMMENT ON COLUMN ownership.owned_list IS 'the list of owned, when it is a reference list:entry (must be a list of embargo.party_list)';


CREATE TABLE ownership_rule (
	jurisdiction    text PRIMARY KEY CHECK (jurisdiction ~ '^[A-Z]{2}$'),
	threshold       numeric NOT NULL CHECK (threshold > 0 AND threshold < 100),
	at_threshold    boolean NOT NULL,
	aggregate       boolean NOT NULL,
	votes_count     boolean NOT NULL,
	control_blocks  boolean NOT NULL,
	citation        text NOT NULL,
	note            text,
	shipped         boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE ownership_rule IS
	'how a regime counts ownership and control: an entity is blocked when blocked parties own more than threshold % of it (or exactly that, with at_threshold), added up across owners (aggregate) or one owner alone, through owned entities that are blocked themselves; by voting rights too (votes_count); or when one controls it (control_blocks). What a rule cannot settle gives review';
SELECT pg_catalog.pg_extension_config_dump('ownership', '');
SELECT pg_catalog.pg_extension_config_dump('ownership_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('ownership_rule', 'WHERE NOT shipped');
GRANT SELECT ON ownership, ownership_rule TO PUBLIC;
GRANT INSERT, UPDATE, DELETE ON ownership, ownership_rule TO embargo_admin;
GRANT USAGE ON SEQUENCE ownership_id_seq TO embargo_admin;
CREATE TRIGGER protect_shipped BEFORE INSERT OR UPDATE OR DELETE ON ownership_rule
	FOR EACH ROW EXECUTE FUNCTION protect_shipped_rows();
CREATE TRIGGER invalidate_gazetteer AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ownership
	FOR EACH STATEMENT EXECUTE FUNCTION invalidate_gazetteer();
CREATE TRIGGER invalidate_gazetteer AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ownership_rule
	FOR EACH STATEMENT EXECUTE FUNCTION invalidate_gazetteer();

-- Bulk loading: \copy into the staging table, then one call.
CREATE TABLE ownership_staging (
	line bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
	owner text, owned text, share text, kind text, valid_from text, valid_until text, source text
);
COMMENT ON TABLE ownership_staging IS
	'ownership records as text, filled by \copy, for load_ownership() (not dumped)';
REVOKE ALL ON ownership_staging FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON ownership_staging TO embargo_admin;
GRANT USAGE ON SEQUENCE ownership_staging_line_seq TO embargo_admin;

CREATE FUNCTION load_ownership(source text DEFAULT NULL)
	RETURNS TABLE (loaded integer, already integer)
	LANGUAGE plpgsql VOLATILE
	SET search_path = pg_catalog, @extschema@, pg_temp
	AS $$
DECLARE
	cite text := COALESCE(pg_catalog.btrim(load_ownership.source), 'staged by ' OPERATOR(pg_catalog.||) CURRENT_USER);
	bad record;
	n_new integer;
	n_all integer;
BEGIN
	SELECT s.line, CASE
		WHEN pg_catalog.btrim(COALESCE(s.owner, '')) OPERATOR(pg_catalog.=) '' THEN 'no owner'
		WHEN pg_catalog.btrim(COALESCE(s.owned, '')) OPERATOR(pg_catalog.=) '' THEN 'nothing owned'
		WHEN pg_catalog.btrim(s.owner) OPERATOR(pg_catalog.=) pg_catalog.btrim(s.owned) THEN 'owner and owned are the same'
		WHEN pg_catalog.btrim(s.owner) OPERATOR(pg_catalog.~) '^[A-Za-z][A-Za-z0-9_]*:[^[:space:]]+$'
		     AND pg_catalog.btrim(s.owner) OPERATOR(pg_catalog.!~) '^[a-z][a-z0-9_]*:[^[:space:]]+$'
			THEN pg_catalog.format('"%s": a list reference is list:entry in lower case', pg_catalog.btrim(s.owner))
		WHEN pg_catalog.btrim(s.owned) OPERATOR(pg_catalog.~) '^[A-Za-z][A-Za-z0-9_]*:[^[:space:]]+$'
		     AND pg_catalog.btrim(s.owned) OPERATOR(pg_catalog.!~) '^[a-z][a-z0-9_]*:[^[:space:]]+$'
			THEN pg_catalog.format('"%s": a list reference is list:entry in lower case', pg_catalog.btrim(s.owned))
		WHEN COALESCE(pg_catalog.lower(pg_catalog.btrim(s.kind)), 'shares') OPERATOR(pg_catalog.<>) ALL (ARRAY['', 'shares', 'votes', 'control'])
			THEN pg_catalog.format('kind "%s" is none of shares, votes, control', s.kind)
		WHEN NULLIF(pg_catalog.btrim(s.share), '') IS NOT NULL
		     AND pg_catalog.btrim(s.share) OPERATOR(pg_catalog.!~) '^[0-9]+(\.[0-9]+)?$'
			THEN pg_catalog.format('share "%s" is not a number', s.share)
		WHEN NULLIF(pg_catalog.btrim(s.share), '') IS NOT NULL
		     AND NOT (pg_catalog.btrim(s.share)::numeric OPERATOR(pg_catalog.>) 0 AND pg_catalog.btrim(s.share)::numeric OPERATOR(pg_catalog.<=) 100)
			THEN pg_catalog.format('share %s is not a percentage above 0 and at most 100', s.share)
		WHEN pg_catalog.lower(pg_catalog.btrim(s.kind)) OPERATOR(pg_catalog.=) 'control' AND NULLIF(pg_catalog.btrim(s.share), '') IS NOT NULL
			THEN 'a control record has no share'
		WHEN NULLIF(pg_catalog.btrim(s.valid_from), '') IS NOT NULL AND pg_catalog.btrim(s.valid_from) OPERATOR(pg_catalog.!~) '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'
			THEN pg_catalog.format('valid_from "%s" is not a date (YYYY-MM-DD)', s.valid_from)
		WHEN NULLIF(pg_catalog.btrim(s.valid_until), '') IS NOT NULL AND pg_catalog.btrim(s.valid_until) OPERATOR(pg_catalog.!~) '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'
			THEN pg_catalog.format('valid_until "%s" is not a date (YYYY-MM-DD)', s.valid_until)
		END AS problem
	INTO bad
	FROM (SELECT pg_catalog.row_number() OVER (ORDER BY t.line) AS line, t.owner, t.owned, t.share, t.kind, t.valid_from,
	             t.valid_until, t.source
	      FROM @extschema@.ownership_staging t) s
	WHERE pg_catalog.btrim(COALESCE(s.owner, '')) OPERATOR(pg_catalog.=) '' OR pg_catalog.btrim(COALESCE(s.owned, '')) OPERATOR(pg_catalog.=) ''
	   OR pg_catalog.btrim(s.owner) OPERATOR(pg_catalog.=) pg_catalog.btrim(s.owned)
	   OR (pg_catalog.btrim(s.owner) OPERATOR(pg_catalog.~) '^[A-Za-z][A-Za-z0-9_]*:[^[:space:]]+$'
	       AND pg_catalog.btrim(s.owner) OPERATOR(pg_catalog.!~) '^[a-z][a-z0-9_]*:[^[:space:]]+$')
	   OR (pg_catalog.btrim(s.owned) OPERATOR(pg_catalog.~) '^[A-Za-z][A-Za-z0-9_]*:[^[:space:]]+$'
	       AND pg_catalog.btrim(s.owned) OPERATOR(pg_catalog.!~) '^[a-z][a-z0-9_]*:[^[:space:]]+$')
	   OR COALESCE(pg_catalog.lower(pg_catalog.btrim(s.kind)), 'shares') OPERATOR(pg_catalog.<>) ALL (ARRAY['', 'shares', 'votes', 'control'])
	   OR (NULLIF(pg_catalog.btrim(s.share), '') IS NOT NULL AND (pg_catalog.btrim(s.share) OPERATOR(pg_catalog.!~) '^[0-9]+(\.[0-9]+)?$'
	       OR NOT (pg_catalog.btrim(s.share)::numeric OPERATOR(pg_catalog.>) 0 AND pg_catalog.btrim(s.share)::numeric OPERATOR(pg_catalog.<=) 100)
	       OR pg_catalog.lower(pg_catalog.btrim(s.kind)) OPERATOR(pg_catalog.=) 'control'))
	   OR (NULLIF(pg_catalog.btrim(s.valid_from), '') IS NOT NULL AND pg_catalog.btrim(s.valid_from) OPERATOR(pg_catalog.!~) '^[0-9]{4}-[0-9]{2}-[0-9]{2}$')
	   OR (NULLIF(pg_catalog.btrim(s.valid_until), '') IS NOT NULL AND pg_catalog.btrim(s.valid_until) OPERATOR(pg_catalog.!~) '^[0-9]{4}-[0-9]{2}-[0-9]{2}$')
	ORDER BY s.line LIMIT 1;
	IF FOUND THEN
		RAISE EXCEPTION 'ownership records not loaded: staged row %: %', bad.line, bad.problem
			USING ERRCODE = 'invalid_text_representation',
			      HINT = 'Nothing was changed (row 1 is the first staged row: with \copy ... HEADER, the line after the header); correct the staged rows and call load_ownership() again.';
	END IF;
	-- the rows' own checks (dates, references) name the line too
	BEGIN
		CREATE TEMPORARY TABLE embargo_ownership_new ON COMMIT DROP AS
		SELECT pg_catalog.row_number() OVER (ORDER BY s.line) AS line, pg_catalog.btrim(s.owner) AS owner, pg_catalog.btrim(s.owned) AS owned,
		       NULLIF(pg_catalog.btrim(s.share), '')::numeric AS share,
		       COALESCE(NULLIF(pg_catalog.lower(pg_catalog.btrim(s.kind)), ''), 'shares') AS kind,
		       NULLIF(pg_catalog.btrim(s.valid_from), '')::date AS valid_from,
		       NULLIF(pg_catalog.btrim(s.valid_until), '')::date AS valid_until,
		       COALESCE(NULLIF(pg_catalog.btrim(s.source), ''), cite) AS source
		FROM @extschema@.ownership_staging s;
	EXCEPTION WHEN datetime_field_overflow OR invalid_datetime_format THEN
		RAISE EXCEPTION 'ownership records not loaded: a date is not a day of the calendar (%)', SQLERRM
			USING ERRCODE = 'invalid_datetime_format', HINT = 'Nothing was changed; correct the staged rows and call load_ownership() again.';
	END;
	SELECT n.line, pg_catalog.format('valid_from %s is not before valid_until %s', n.valid_from, n.valid_until) AS problem INTO bad
	FROM pg_temp.embargo_ownership_new n WHERE n.valid_from OPERATOR(pg_catalog.>=) n.valid_until ORDER BY n.line LIMIT 1;
	IF NOT FOUND THEN
		SELECT n.line, pg_catalog.format('"%s" names no sanctions list', r) AS problem INTO bad
		FROM pg_temp.embargo_ownership_new n, LATERAL (VALUES (n.owner), (n.owned)) AS v(r)
		WHERE r OPERATOR(pg_catalog.~) '^[a-z][a-z0-9_]*:[^[:space:]]+$'
		  AND NOT EXISTS (SELECT FROM @extschema@.party_list l WHERE l.list OPERATOR(pg_catalog.=) pg_catalog.split_part(r, ':', 1))
		ORDER BY n.line LIMIT 1;
	END IF;
	IF FOUND THEN
		RAISE EXCEPTION 'ownership records not loaded: staged row %: %', bad.line, bad.problem
			USING ERRCODE = 'invalid_parameter_value', HINT = 'Nothing was changed; correct the staged rows and call load_ownership() again.';
	END IF;
	SELECT pg_catalog.count(*) INTO n_all FROM pg_temp.embargo_ownership_new;
	-- a record already there is not added twice: loading the same file again changes nothing
	INSERT INTO @extschema@.ownership (owner, owned, share, kind, valid_from, valid_until, source)
	SELECT DISTINCT n.owner, n.owned, n.share, n.kind, n.valid_from, n.valid_until, n.source
	FROM pg_temp.embargo_ownership_new n
	WHERE NOT EXISTS (SELECT FROM @extschema@.ownership o
	                  WHERE o.owner OPERATOR(pg_catalog.=) n.owner AND o.owned OPERATOR(pg_catalog.=) n.owned
	                    AND o.share IS NOT DISTINCT FROM n.share AND o.kind OPERATOR(pg_catalog.=) n.kind
	                    AND o.valid_from IS NOT DISTINCT FROM n.valid_from AND o.valid_until IS NOT DISTINCT FROM n.valid_until);
	GET DIAGNOSTICS n_new = ROW_COUNT;
	DROP TABLE pg_temp.embargo_ownership_new;
	DELETE FROM @extschema@.ownership_staging;
	RETURN QUERY SELECT n_new, n_all OPERATOR(pg_catalog.-) n_new;
END $$;
COMMENT ON FUNCTION load_ownership(text) IS
	'load the ownership records staged in embargo.ownership_staging, all or nothing: a malformed row is refused with its line and why; records already there are not added again (embargo_admin only)';
REVOKE ALL ON FUNCTION load_ownership(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION load_ownership(text) TO embargo_admin;

------------------------------------------------------------------------------
-- Critical-mineral lists (issue 20): the official lists (US 2022 and 2025,
-- EU CRMA Annexes I and II) as data, each mineral mapped to the HS codes of
-- its chain (ore, intermediate, metal, product).  A code is critical under a
-- list if it lies under one of the list's codes (hscode containment).  Rules
-- may be scoped to a list (rule.hs_list); the cache expands the list into
-- the rule's HS prefixes when it compiles the rules, so screening costs the
-- same as with prefixes written out.
------------------------------------------------------------------------------

CREATE TABLE critical_list (
	name        text PRIMARY KEY CHECK (name ~ '^[a-z][a-z0-9_]{1,31}$'),
	title       text NOT NULL CHECK (title ~ '\S'),
	jurisdiction text NOT NULL CHECK (jurisdiction ~ '^[A-Z][A-Z0-9_]{1,15}$'),
	instrument  text NOT NULL CHECK (instrument ~ '\S'),
	citation    text NOT NULL CHECK (citation ~ '\S'),
	published   date NOT NULL,
	note        text,
	shipped     boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE critical_list IS 'official critical-mineral lists: the instrument that made each and when';
COMMENT ON COLUMN critical_list.name IS 'the list''s name, as rules and critical() give it: us_2022, us_2025, eu_crma_strategic, eu_crma_critical, or your own';
COMMENT ON COLUMN critical_list.jurisdiction IS 'whose list it is: US, EU, or your own code';
COMMENT ON COLUMN critical_list.published IS 'the date of the instrument (publication, or adoption)';
COMMENT ON COLUMN critical_list.shipped IS 'true for the shipped lists (not dumped by pg_dump)';

CREATE TABLE critical_mineral (
	list        text NOT NULL REFERENCES critical_list ON UPDATE CASCADE ON DELETE CASCADE,
	mineral     text NOT NULL CHECK (mineral ~ '^[a-z][a-z0-9 ()-]*[a-z0-9)]$'),
	hs          hscode NOT NULL,
	category    text NOT NULL CHECK (category IN ('ore', 'intermediate', 'metal', 'product')),
	uncertain   boolean NOT NULL DEFAULT false,
	note        text,
	shipped     boolean NOT NULL DEFAULT false,
	PRIMARY KEY (list, mineral, hs)
);
CREATE INDEX critical_mineral_hs_idx ON critical_mineral (hs);
COMMENT ON TABLE critical_mineral IS 'which HS codes each list''s minerals are traded under, along the chain from ore to product';
COMMENT ON COLUMN critical_mineral.hs IS 'an HS prefix: every code under it counts as this mineral';
COMMENT ON COLUMN critical_mineral.category IS 'the stage of the chain: ore, intermediate, metal or product';
COMMENT ON COLUMN critical_mineral.uncertain IS 'true where the sources do not settle the mapping (a shared or "ex" code): explain() says so';
COMMENT ON COLUMN critical_mineral.shipped IS 'true for the shipped mappings (not dumped by pg_dump)';

SELECT pg_catalog.pg_extension_config_dump('critical_list', 'WHERE NOT shipped');
SELECT pg_catalog.pg_extension_config_dump('critical_mineral', 'WHERE NOT shipped');
GRANT SELECT ON critical_list, critical_mineral TO PUBLIC;
GRANT INSERT, UPDATE, DELETE ON critical_list, critical_mineral TO embargo_admin;
CREATE TRIGGER protect_shipped BEFORE INSERT OR UPDATE OR DELETE ON critical_list
	FOR EACH ROW EXECUTE FUNCTION protect_shipped_rows();
CREATE TRIGGER protect_shipped BEFORE INSERT OR UPDATE OR DELETE ON critical_mineral
	FOR EACH ROW EXECUTE FUNCTION protect_shipped_rows();

-- (critical() follows)

-- Which lists count a code as critical: those with a code that contains it
-- (a national line lies under its subheading; a chapter lies under no
-- heading).  A seq scan: the table has a few hundred rows, and an index
-- cannot serve "column contains constant"; about 25 us a call, hence the
-- COST.  Ordered in the C collation, so that the answer does not depend on
-- the database's.
CREATE FUNCTION critical(hs hscode)
	RETURNS TABLE (list text, mineral text, category text, citation text)
	LANGUAGE sql STABLE STRICT PARALLEL SAFE COST 2500 ROWS 2
	SET search_path = pg_catalog, pg_temp
	AS $$
	SELECT m.list,
	       pg_catalog.string_agg(DISTINCT m.mineral COLLATE pg_catalog."C", ', ' ORDER BY m.mineral COLLATE pg_catalog."C"),
	       pg_catalog.string_agg(DISTINCT m.category, ', ' ORDER BY m.category),
	       pg_catalog.concat_ws(', ', l.instrument, l.citation)
	FROM @extschema@.critical_mineral m
	JOIN @extschema@.critical_list l ON l.name OPERATOR(pg_catalog.=) m.list
	WHERE m.hs OPERATOR(@extschema@.@>) $1
	GROUP BY m.list, l.instrument, l.citation
	ORDER BY m.list COLLATE pg_catalog."C"
	$$;
COMMENT ON FUNCTION critical(hscode) IS
	'the critical-mineral lists that count an HS code as critical: one row per list, with the minerals and stages whose codes contain it, and the list''s instrument and citation';

-- The mappings behind critical(), one row each, with what is uncertain.
CREATE FUNCTION critical_detail(code hscode)
	RETURNS TABLE (list text, mineral text, category text, hs hscode, uncertain boolean, note text)
	LANGUAGE sql STABLE STRICT PARALLEL SAFE COST 2500 ROWS 3
	SET search_path = pg_catalog, pg_temp
	AS $$
	SELECT m.list, m.mineral, m.category, m.hs, m.uncertain, m.note
	FROM @extschema@.critical_mineral m
	WHERE m.hs OPERATOR(@extschema@.@>) $1
	ORDER BY m.list COLLATE pg_catalog."C", m.mineral COLLATE pg_catalog."C", m.hs
	$$;
COMMENT ON FUNCTION critical_detail(hscode) IS
	'the rows of embargo.critical_mineral whose code contains an HS code: each list''s mineral, stage and code, whether the mapping is uncertain, and why';

------------------------------------------------------------------------------
-- Conflict-affected and high-risk areas (issue 20): the EU's indicative
-- CAHRA list (Regulation (EU) 2017/821), as published, one edition per
-- load_cahra().  Screening reads the edition in force on the date of the
-- origin or hop: the latest dated on or before it, else the earliest.
------------------------------------------------------------------------------

CREATE TABLE cahra_edition (
	edition     date PRIMARY KEY,
	title       text NOT NULL CHECK (title ~ '\S'),
	source      text NOT NULL CHECK (source ~ '\S'),
	retrieved   date,
	areas       integer NOT NULL CHECK (areas >= 0),
	rejected    jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(rejected) = 'array'),
	loaded_by   name NOT NULL DEFAULT current_user,
	loaded_at   timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE cahra_edition IS 'editions of the EU indicative CAHRA list loaded by load_cahra(): the list in force from edition on';
COMMENT ON COLUMN cahra_edition.edition IS 'the date of the edition: it is the list in force from that day until the next edition';
COMMENT ON COLUMN cahra_edition.title IS 'the edition as the file names it (meta.version)';
COMMENT ON COLUMN cahra_edition.areas IS 'how many areas the file gave that were loaded (areas added by hand later are not counted)';
COMMENT ON COLUMN cahra_edition.rejected IS 'the entries not loaded and why (a code that is not ISO 3166-2, or a name that contradicts its code)';

CREATE TABLE cahra_area (
	edition           date NOT NULL REFERENCES cahra_edition ON DELETE CASCADE,
	territory         territory NOT NULL,
	name              text NOT NULL CHECK (name ~ '\S'),
	-- NULL: the list does not say (it names a whole country without its kind)
	conflict_affected boolean,
	high_risk         boolean,
	PRIMARY KEY (edition, territory)
);
COMMENT ON TABLE cahra_area IS 'the areas each CAHRA edition names: a subdivision, or a whole country';
COMMENT ON COLUMN cahra_area.name IS 'the area''s name as the list gives it';
COMMENT ON COLUMN cahra_area.conflict_affected IS 'the list marks the area conflict-affected; NULL where it does not say (a whole country)';
COMMENT ON COLUMN cahra_area.high_risk IS 'the list marks the area high-risk; NULL where it does not say (a whole country)';

SELECT pg_catalog.pg_extension_config_dump('cahra_edition', '');
SELECT pg_catalog.pg_extension_config_dump('cahra_area', '');
GRANT SELECT ON cahra_edition, cahra_area TO PUBLIC;
GRANT INSERT, UPDATE, DELETE ON cahra_edition, cahra_area TO embargo_admin;

-- (load_cahra() follows)

-- The loader: the JSON file as published (cahraslist.net's list as one
-- document: "meta", and "entries", one per country, each with its "regions"
-- or "wholeCountry": true), as one edition.  An edition loaded before is
-- replaced, all in one transaction, so that a corrected file can be loaded
-- again under the same date.  A malformed file is refused with nothing
-- changed; an area that cannot be loaded as the file gives it (a code that
-- is no ISO 3166-2 subdivision of its country, or a name that the gazetteer
-- places elsewhere) is left out with a warning and kept in the edition's
-- rejected entries, for the administrator to decide: it is never guessed.
CREATE FUNCTION load_cahra(edition date, file text)
	RETURNS TABLE (areas integer, rejected integer, replaced boolean)
	LANGUAGE plpgsql VOLATILE
	SET search_path = pg_catalog, @extschema@, pg_temp
	-- reads a file and looks every name up: one call per edition, never per row
	COST 1000000
	AS $$
DECLARE
	ed CONSTANT date := load_cahra.edition;
	path CONSTANT text := load_cahra.file;
	base text;
	bytes bytea;
	doc jsonb;
	meta jsonb;
	e record;
	r record;
	country @extschema@.territory;
	code @extschema@.territory;
	area_name text;
	why text;
	hint_code text;
	names_of text;
	fits boolean;
	new_areas jsonb := '[]';
	refused jsonb := '[]';
	seen text[] := '{}';
	err_detail text;
	was record;
	n_was bigint;
	src text;
	got date;
BEGIN
	IF ed IS NULL OR path IS NULL THEN
		RAISE EXCEPTION 'the edition and file of load_cahra() must not be null' USING ERRCODE = 'null_value_not_allowed';
	END IF;
	IF NOT pg_catalog.isfinite(ed) THEN
		RAISE EXCEPTION 'edition % of the CAHRA list is not a day', ed
			USING ERRCODE = 'invalid_parameter_value', HINT = 'The edition is the date of the list''s report.';
	END IF;
	IF ed OPERATOR(pg_catalog.>) CURRENT_DATE THEN
		RAISE EXCEPTION 'edition % of the CAHRA list is in the future', pg_catalog.to_char(ed, 'YYYY-MM-DD')
			USING ERRCODE = 'invalid_parameter_value',
			      HINT = 'The edition is the date of the list''s report, the day from which it is in force: today or earlier.';
	END IF;
	IF NOT (SELECT u.rolsuper FROM pg_catalog.pg_roles u WHERE u.rolname OPERATOR(pg_catalog.=) CURRENT_USER)
	   AND NOT pg_catalog.pg_has_role(CURRENT_USER, 'pg_read_server_files', 'MEMBER') THEN
		RAISE EXCEPTION 'permission denied to read server-side files for the CAHRA list'
			USING ERRCODE = 'insufficient_privilege',
			      HINT = 'Only superusers and members of pg_read_server_files may.';
	END IF;
	base := pg_catalog.regexp_replace(path, '^.*/', '');

	-- The file, as UTF-8 text, as JSON: each failure keeps its SQLSTATE.
	BEGIN
		bytes := pg_catalog.pg_read_binary_file(path);
	EXCEPTION WHEN OTHERS THEN
		RAISE EXCEPTION 'could not read CAHRA file "%"', base
			USING ERRCODE = SQLSTATE, DETAIL = pg_catalog.upper(pg_catalog.left(SQLERRM, 1)) OPERATOR(pg_catalog.||) pg_catalog.substr(SQLERRM, 2) OPERATOR(pg_catalog.||) '.',
			      HINT = 'The database server reads the file: give its path on the server.';
	END;
	BEGIN
		doc := pg_catalog.convert_from(bytes, 'UTF8')::jsonb;
	EXCEPTION
		WHEN character_not_in_repertoire OR untranslatable_character THEN
			RAISE EXCEPTION 'CAHRA file "%" is not text the database can hold', base
				USING ERRCODE = SQLSTATE, DETAIL = pg_catalog.upper(pg_catalog.left(SQLERRM, 1)) OPERATOR(pg_catalog.||) pg_catalog.substr(SQLERRM, 2) OPERATOR(pg_catalog.||) '.',
				      HINT = 'The list is published in UTF-8; its names need a UTF8 database.';
		WHEN invalid_text_representation THEN
			GET STACKED DIAGNOSTICS err_detail = PG_EXCEPTION_DETAIL;
			RAISE EXCEPTION 'CAHRA file "%" is not JSON', base
				USING ERRCODE = 'invalid_text_representation', DETAIL = err_detail;
	END;
	IF pg_catalog.jsonb_typeof(doc) OPERATOR(pg_catalog.<>) 'object'
	   OR pg_catalog.jsonb_typeof(doc OPERATOR(pg_catalog.->) 'entries') IS DISTINCT FROM 'array' THEN
		RAISE EXCEPTION 'CAHRA file "%" has no "entries" array', base
			USING ERRCODE = 'sql_json_array_not_found',
			      HINT = 'The file is the list as cahraslist.net publishes it: an object with "meta" and "entries", one entry per country.';
	END IF;
	IF pg_catalog.jsonb_array_length(doc OPERATOR(pg_catalog.->) 'entries') OPERATOR(pg_catalog.=) 0 THEN
		RAISE EXCEPTION 'CAHRA file "%" lists no areas', base
			USING ERRCODE = 'no_data_found', HINT = 'An edition that names no area is not loaded; check the file.';
	END IF;
	meta := CASE WHEN pg_catalog.jsonb_typeof(doc OPERATOR(pg_catalog.->) 'meta') OPERATOR(pg_catalog.=) 'object'
	             THEN doc OPERATOR(pg_catalog.->) 'meta' ELSE '{}' END;

	FOR e IN SELECT x.v, x.k FROM pg_catalog.jsonb_array_elements(doc OPERATOR(pg_catalog.->) 'entries') WITH ORDINALITY AS x(v, k) LOOP
		-- A malformed entry refuses the file: its areas cannot be told.
		IF pg_catalog.jsonb_typeof(e.v) OPERATOR(pg_catalog.<>) 'object' THEN
			RAISE EXCEPTION 'edition % of the CAHRA list is not loaded: %, entry %: not an object', pg_catalog.to_char(ed, 'YYYY-MM-DD'), base, e.k
				USING ERRCODE = 'sql_json_object_not_found', HINT = 'Nothing was changed; correct the file and load it again.';
		END IF;
		IF pg_catalog.jsonb_typeof(e.v OPERATOR(pg_catalog.->) 'iso2') IS DISTINCT FROM 'string' THEN
			RAISE EXCEPTION 'edition % of the CAHRA list is not loaded: %, entry %: no "iso2"', pg_catalog.to_char(ed, 'YYYY-MM-DD'), base, e.k
				USING ERRCODE = 'sql_json_member_not_found',
				      DETAIL = pg_catalog.format('The entry is %s.', pg_catalog.left(e.v::text, 200)),
				      HINT = 'Nothing was changed; correct the file and load it again.';
		END IF;
		BEGIN
			country := pg_catalog.btrim(e.v OPERATOR(pg_catalog.->>) 'iso2')::@extschema@.territory;
		EXCEPTION WHEN invalid_text_representation THEN
			country := NULL;
		END;
		IF country IS NULL OR @extschema@.is_subdivision(country) THEN
			RAISE EXCEPTION 'edition % of the CAHRA list is not loaded: %, entry %: "iso2" "%" is not an ISO 3166-1 code', pg_catalog.to_char(ed, 'YYYY-MM-DD'), base, e.k, e.v OPERATOR(pg_catalog.->>) 'iso2'
				USING ERRCODE = 'invalid_text_representation', HINT = 'Nothing was changed; correct the file and load it again.';
		END IF;
		IF pg_catalog.jsonb_typeof(e.v OPERATOR(pg_catalog.->) 'regions') OPERATOR(pg_catalog.<>) ALL ('{array,"null"}') THEN
			RAISE EXCEPTION 'edition % of the CAHRA list is not loaded: %, entry % (%): "regions" is not a list', pg_catalog.to_char(ed, 'YYYY-MM-DD'), base, e.k, country
				USING ERRCODE = 'sql_json_array_not_found', HINT = 'Nothing was changed; correct the file and load it again.';
		END IF;
		IF e.v OPERATOR(pg_catalog.->) 'wholeCountry' IS DISTINCT FROM 'true'
		   AND pg_catalog.jsonb_typeof(e.v OPERATOR(pg_catalog.->) 'regions') IS DISTINCT FROM 'array' THEN
			RAISE EXCEPTION 'edition % of the CAHRA list is not loaded: %, entry % (%): neither "regions" nor "wholeCountry": true', pg_catalog.to_char(ed, 'YYYY-MM-DD'), base, e.k, country
				USING ERRCODE = 'sql_json_member_not_found', HINT = 'Nothing was changed; correct the file and load it again.';
		END IF;

		-- A whole-country designation is the country itself.  The file gives
		-- it no flags: unless the entry has its own, they are NULL (unknown).
		IF e.v OPERATOR(pg_catalog.->) 'wholeCountry' OPERATOR(pg_catalog.=) 'true' THEN
			IF country::text OPERATOR(pg_catalog.=) ANY (seen) THEN
				refused := refused OPERATOR(pg_catalog.||) pg_catalog.jsonb_build_array(pg_catalog.jsonb_build_object(
					'iso2', country::text, 'entry', e.v, 'why', pg_catalog.format('%s is listed twice; the first is loaded', country),
					'hint_code', ''));
			ELSE
				new_areas := new_areas OPERATOR(pg_catalog.||) pg_catalog.jsonb_build_object(
					'territory', country::text,
					'name', COALESCE(NULLIF(pg_catalog.btrim(e.v OPERATOR(pg_catalog.->>) 'countryName'), ''), @extschema@.territory_name(country)),
					'conflict_affected', CASE pg_catalog.jsonb_typeof(e.v OPERATOR(pg_catalog.->) 'conflictAffected') WHEN 'boolean' THEN (e.v OPERATOR(pg_catalog.->) 'conflictAffected')::boolean END,
					'high_risk', CASE pg_catalog.jsonb_typeof(e.v OPERATOR(pg_catalog.->) 'highRisk') WHEN 'boolean' THEN (e.v OPERATOR(pg_catalog.->) 'highRisk')::boolean END);
				seen := seen OPERATOR(pg_catalog.||) country::text;
			END IF;
		END IF;

		FOR r IN SELECT x.v, x.k FROM pg_catalog.jsonb_array_elements(
		             CASE WHEN pg_catalog.jsonb_typeof(e.v OPERATOR(pg_catalog.->) 'regions') OPERATOR(pg_catalog.=) 'array'
		                  THEN e.v OPERATOR(pg_catalog.->) 'regions' ELSE '[]' END) WITH ORDINALITY AS x(v, k) LOOP
			why := NULL;
			hint_code := NULL;
			code := NULL;
			area_name := CASE WHEN pg_catalog.jsonb_typeof(r.v) OPERATOR(pg_catalog.=) 'object'
			                  THEN NULLIF(pg_catalog.btrim(r.v OPERATOR(pg_catalog.->>) 'name'), '') END;
			IF pg_catalog.jsonb_typeof(r.v) OPERATOR(pg_catalog.<>) 'object' THEN
				why := 'the region is not an object';
			ELSIF pg_catalog.jsonb_typeof(r.v OPERATOR(pg_catalog.->) 'code') IS DISTINCT FROM 'string' THEN
				why := 'the region has no code';
			ELSIF area_name IS NULL THEN
				why := 'the region has no name';
			ELSIF pg_catalog.jsonb_typeof(r.v OPERATOR(pg_catalog.->) 'conflictAffected') IS DISTINCT FROM 'boolean'
			      OR pg_catalog.jsonb_typeof(r.v OPERATOR(pg_catalog.->) 'highRisk') IS DISTINCT FROM 'boolean' THEN
				why := '"conflictAffected" and "highRisk" are not both true or false';
			ELSE
				BEGIN
					code := pg_catalog.btrim(r.v OPERATOR(pg_catalog.->>) 'code')::@extschema@.territory;
				EXCEPTION WHEN invalid_text_representation THEN
					GET STACKED DIAGNOSTICS err_detail = PG_EXCEPTION_DETAIL;
					why := pg_catalog.format('"%s" is not an ISO 3166-2 code', r.v OPERATOR(pg_catalog.->>) 'code')
					       OPERATOR(pg_catalog.||) COALESCE(': ' OPERATOR(pg_catalog.||) pg_catalog.rtrim(NULLIF(err_detail, ''), '.'), '');
				END;
				IF why IS NOT NULL THEN
					NULL;
				ELSIF NOT @extschema@.is_subdivision(code) THEN
					why := pg_catalog.format('%s is a country, not an ISO 3166-2 subdivision', code);
				ELSIF NOT code OPERATOR(@extschema@.<@) country THEN
					why := pg_catalog.format('ISO 3166-2 %s lies in %s, not in %s', code, @extschema@.country(code), country);
				ELSIF code::text OPERATOR(pg_catalog.=) ANY (seen) THEN
					why := pg_catalog.format('%s is listed twice; the first is loaded', code);
					hint_code := '';
				ELSE
					-- The name against the code: where the gazetteer knows
					-- places of this name in the country and none lies in
					-- the area (or holds it), the two contradict each other.
					SELECT pg_catalog.string_agg(DISTINCT pg_catalog.format('%s (%s)', p.territory, @extschema@.territory_name(p.territory)), ', '),
					       pg_catalog.bool_or(p.territory OPERATOR(@extschema@.<@) code OR code OPERATOR(@extschema@.<@) p.territory)
					INTO names_of, fits
					FROM @extschema@.find_places(area_name, country) AS p;
					IF names_of IS NOT NULL AND NOT fits THEN
						why := pg_catalog.format('ISO 3166-2 %s is %s; the name "%s" is that of %s',
						                         code, @extschema@.territory_name(code), area_name, names_of);
						hint_code := pg_catalog.split_part(names_of, ' ', 1);
					END IF;
				END IF;
			END IF;
			IF why IS NULL THEN
				new_areas := new_areas OPERATOR(pg_catalog.||) pg_catalog.jsonb_build_object(
					'territory', code::text, 'name', area_name,
					'conflict_affected', (r.v OPERATOR(pg_catalog.->) 'conflictAffected')::boolean,
					'high_risk', (r.v OPERATOR(pg_catalog.->) 'highRisk')::boolean);
				seen := seen OPERATOR(pg_catalog.||) code::text;
			ELSE
				refused := refused OPERATOR(pg_catalog.||) pg_catalog.jsonb_build_array(pg_catalog.jsonb_build_object(
					'iso2', country::text, 'entry', r.v, 'why', why,
					'hint_code', hint_code));
			END IF;
		END LOOP;
	END LOOP;

	-- Every area checked: the warnings, then the edition, in one go.
	FOR r IN SELECT x.v OPERATOR(pg_catalog.->>) 'hint_code' AS hint_code, x.v OPERATOR(pg_catalog.->>) 'iso2' AS iso2,
	                COALESCE(x.v OPERATOR(pg_catalog.#>>) '{entry,name}', x.v OPERATOR(pg_catalog.#>>) '{entry,countryName}', '…') AS name,
	                COALESCE(x.v OPERATOR(pg_catalog.#>>) '{entry,code}', x.v OPERATOR(pg_catalog.->>) 'iso2') AS code,
	                x.v OPERATOR(pg_catalog.->>) 'why' AS why,
	                CASE pg_catalog.jsonb_typeof(x.v OPERATOR(pg_catalog.#>) '{entry,conflictAffected}') WHEN 'boolean'
	                     THEN x.v OPERATOR(pg_catalog.#>>) '{entry,conflictAffected}' ELSE '…' END AS ca,
	                CASE pg_catalog.jsonb_typeof(x.v OPERATOR(pg_catalog.#>) '{entry,highRisk}') WHEN 'boolean'
	                     THEN x.v OPERATOR(pg_catalog.#>>) '{entry,highRisk}' ELSE '…' END AS hr
	         FROM pg_catalog.jsonb_array_elements(refused) AS x(v) LOOP
		why := pg_catalog.upper(pg_catalog.left(r.why, 1)) OPERATOR(pg_catalog.||) pg_catalog.substr(r.why, 2) OPERATOR(pg_catalog.||) '.';
		IF r.hint_code OPERATOR(pg_catalog.=) '' THEN
			RAISE WARNING 'CAHRA area "%" (%) not loaded', r.name, r.code USING DETAIL = why;
		ELSE
			RAISE WARNING 'CAHRA area "%" (%) not loaded', r.name, r.code
				USING DETAIL = why,
				      HINT = pg_catalog.format('To load the area the list means, add it by hand, e.g. INSERT INTO %s.cahra_area (edition, territory, name, conflict_affected, high_risk) VALUES (%L, %L, %L, %s, %s);',
				                               '@extschema@', pg_catalog.to_char(ed, 'YYYY-MM-DD'), COALESCE(r.hint_code, r.iso2 OPERATOR(pg_catalog.||) '-…'),
				                               r.name, r.ca, r.hr);
		END IF;
	END LOOP;
	refused := COALESCE((SELECT pg_catalog.jsonb_agg(x.v OPERATOR(pg_catalog.-) 'hint_code' ORDER BY x.k)
	                     FROM pg_catalog.jsonb_array_elements(refused) WITH ORDINALITY AS x(v, k)), '[]');
	-- an edition naming no area would put every origin outside the list: refuse it
	IF pg_catalog.jsonb_array_length(new_areas) OPERATOR(pg_catalog.=) 0 THEN
		RAISE EXCEPTION 'edition % of the CAHRA list is not loaded: %: no area of it could be loaded', pg_catalog.to_char(ed, 'YYYY-MM-DD'), base
			USING ERRCODE = 'no_data_found',
			      DETAIL = pg_catalog.format('All %s areas of the file were left out (see the warnings above).', pg_catalog.jsonb_array_length(refused)),
			      HINT = 'Nothing was changed.';
	END IF;

	src := NULLIF(pg_catalog.concat_ws(', ', NULLIF(pg_catalog.btrim(meta OPERATOR(pg_catalog.->>) 'website'), ''),
	                                   NULLIF(pg_catalog.btrim(meta OPERATOR(pg_catalog.->>) 'source'), '')), '');
	BEGIN
		got := (meta OPERATOR(pg_catalog.->>) 'retrieved')::date;
	EXCEPTION WHEN invalid_datetime_format OR datetime_field_overflow THEN
		got := NULL;
	END;
	LOCK TABLE @extschema@.cahra_edition IN SHARE ROW EXCLUSIVE MODE;
	SELECT c.loaded_by INTO was
	FROM @extschema@.cahra_edition c WHERE c.edition OPERATOR(pg_catalog.=) ed;
	replaced := FOUND;
	IF replaced THEN
		-- the areas added by hand go too: the file is the edition
		DELETE FROM @extschema@.cahra_area a WHERE a.edition OPERATOR(pg_catalog.=) ed;
		GET DIAGNOSTICS n_was = ROW_COUNT;
		DELETE FROM @extschema@.cahra_edition c WHERE c.edition OPERATOR(pg_catalog.=) ed;
		RAISE NOTICE 'edition % of the CAHRA list replaced', pg_catalog.to_char(ed, 'YYYY-MM-DD')
			USING DETAIL = pg_catalog.format('The edition loaded by %s had %s areas.', was.loaded_by, n_was);
	END IF;
	INSERT INTO @extschema@.cahra_edition (edition, title, source, retrieved, areas, rejected)
	VALUES (ed, COALESCE(NULLIF(pg_catalog.btrim(meta OPERATOR(pg_catalog.->>) 'version'), ''), base),
	        COALESCE(src, path), got, pg_catalog.jsonb_array_length(new_areas), refused);
	INSERT INTO @extschema@.cahra_area (edition, territory, name, conflict_affected, high_risk)
	SELECT ed, a.territory::@extschema@.territory, a.name, a.conflict_affected, a.high_risk
	FROM pg_catalog.jsonb_to_recordset(new_areas) AS a(territory text, name text, conflict_affected boolean, high_risk boolean);
	areas := pg_catalog.jsonb_array_length(new_areas);
	rejected := pg_catalog.jsonb_array_length(refused);
	RETURN NEXT;
END $$;
COMMENT ON FUNCTION load_cahra(date, text) IS
	'load an edition of the EU indicative CAHRA list from the JSON file as published (server-side), replacing the edition of that date if loaded; an area whose code is no ISO 3166-2 subdivision of its country, or whose name the gazetteer places elsewhere, is left out with a warning and recorded in cahra_edition.rejected (embargo_admin who is superuser or in pg_read_server_files)';
REVOKE ALL ON FUNCTION load_cahra(date, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION load_cahra(date, text) TO embargo_admin;

------------------------------------------------------------------------------
-- Smelters and refiners (issue 20): the facilities a chain of custody may
-- name on a hop (smelted:CN@2024-01-10/CID001070), filled by the user from
-- the "Smelter List" tab of their CMRT or EMRT, with each facility's status
-- (RMAP conformance) from a date on.  Nothing shipped: the RMI's lists are
-- not redistributable.
------------------------------------------------------------------------------

CREATE TABLE smelter (
	facility    text PRIMARY KEY CHECK (facility ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$'),
	name        text NOT NULL CHECK (name ~ '\S'),
	metal       text NOT NULL CHECK (metal ~ '^[a-z][a-z ]*[a-z]$'),
	country     territory CHECK (NOT is_subdivision(country)),
	source      text,
	loaded_by   name NOT NULL DEFAULT current_user,
	loaded_at   timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE smelter IS 'smelters and refiners a chain of custody may name, from your CMRT/EMRT smelter lists';
COMMENT ON COLUMN smelter.facility IS 'the facility''s id, such as the RMI''s CID (CID001070): what a hop names after /';
COMMENT ON COLUMN smelter.metal IS 'the metal it smelts or refines, in lower case: tin, tantalum, tungsten, gold, cobalt, ...';
COMMENT ON COLUMN smelter.country IS 'the country of the facility (ISO 3166-1)';

CREATE TABLE smelter_status (
	facility    text NOT NULL REFERENCES smelter ON UPDATE CASCADE ON DELETE CASCADE,
	since       date NOT NULL,
	status      text NOT NULL CHECK (status IN ('conformant', 'active', 'non-conformant', 'suspended', 'not-enrolled')),
	source      text,
	PRIMARY KEY (facility, since)
);
COMMENT ON TABLE smelter_status IS 'a facility''s status (RMI RMAP) from a date until the next record';
COMMENT ON COLUMN smelter_status.status IS 'conformant, active (in the assessment), non-conformant, suspended, or not-enrolled';

SELECT pg_catalog.pg_extension_config_dump('smelter', '');
SELECT pg_catalog.pg_extension_config_dump('smelter_status', '');
GRANT SELECT ON smelter, smelter_status TO PUBLIC;
GRANT INSERT, UPDATE, DELETE ON smelter, smelter_status TO embargo_admin;

-- (load_smelters() follows)

-- The loader reads the "Smelter List" tab of a CMRT or EMRT as its user
-- exports it: a CSV whose columns are recognised by their header, not their
-- place, as the templates' versions word and order them differently, mark
-- required ones "(*)" and put lines of instructions above them.  The
-- RMAP status is not in the template; a column the user adds gives it,
-- as of the date given to the loader.

-- A header of the Smelter List as what the loader reads from its column:
-- facility, metal, name, lookup, country or status; NULL for the columns
-- it does not read.  Case, "(*)", footnote marks ("(1)", "*") and runs of
-- space, line breaks included, do not count.
CREATE FUNCTION smelter_column(header text) RETURNS text
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
	SET search_path = pg_catalog, pg_temp
	AS $$
	SELECT CASE pg_catalog.btrim(pg_catalog.regexp_replace(pg_catalog.regexp_replace(pg_catalog.lower($1),
	            '\([[:space:]]*(\*|[0-9]{1,2})[[:space:]]*\)|\*', ' ', 'g'), '[[:space:]]+', ' ', 'g'))
		WHEN 'smelter identification' THEN 'facility'
		WHEN 'smelter identification number' THEN 'facility'
		WHEN 'smelter id' THEN 'facility'
		WHEN 'facility id' THEN 'facility'
		WHEN 'metal' THEN 'metal'
		WHEN 'mineral' THEN 'metal'
		WHEN 'smelter name' THEN 'name'
		WHEN 'smelter or refiner name' THEN 'name'
		WHEN 'smelter or processor name' THEN 'name'
		WHEN 'processor name' THEN 'name'
		WHEN 'facility name' THEN 'name'
		WHEN 'smelter look-up' THEN 'lookup'
		WHEN 'smelter lookup' THEN 'lookup'
		WHEN 'smelter look up' THEN 'lookup'
		WHEN 'smelter country' THEN 'country'
		WHEN 'smelter facility location: country' THEN 'country'
		WHEN 'country' THEN 'country'
		WHEN 'rmi conformance status' THEN 'status'
		WHEN 'rmap conformance status' THEN 'status'
		WHEN 'conformance status' THEN 'status'
		WHEN 'rmap status' THEN 'status'
		WHEN 'rmi status' THEN 'status'
		WHEN 'status' THEN 'status'
	END
	$$;
COMMENT ON FUNCTION smelter_column(text) IS
	'what load_smelters() reads from a column of a CMRT/EMRT Smelter List with this header (facility, metal, name, lookup, country, status), or NULL';

-- The loader proper, from the CSV as text: the client side can pass a file
-- with psql (\set csv `cat list.csv`), load_smelters() passes a server-side
-- one.  Every row is checked, in file order, and the first problem stops the
-- load with nothing changed; then the facilities are added or updated
-- set-wise (a row whose values are unchanged is not rewritten, so that
-- history keeps no new version of it) and the statuses recorded.
CREATE FUNCTION load_smelters_csv(csv text, status_date date DEFAULT NULL, source text DEFAULT NULL)
	RETURNS TABLE (added integer, updated integer, unchanged integer, statuses integer, skipped integer)
	LANGUAGE plpgsql VOLATILE
	SET search_path = pg_catalog, @extschema@, pg_temp
	COST 10000
	AS $$
DECLARE
	on_date CONSTANT date := load_smelters_csv.status_date;
	src CONSTANT text := NULLIF(pg_catalog.btrim(load_smelters_csv.source), '');
	label CONSTANT text := CASE WHEN NULLIF(pg_catalog.btrim(load_smelters_csv.source), '') IS NULL THEN 'the smelter list'
	                            ELSE pg_catalog.format('smelter list "%s"', pg_catalog.btrim(load_smelters_csv.source)) END;
	content text := load_smelters_csv.csv;
	hdr record;
	bad record;
	roles CONSTANT text[] := ARRAY['facility', 'metal', 'name', 'lookup', 'country', 'status'];
	cols integer[] := ARRAY[NULL, NULL, NULL, NULL, NULL, NULL]::integer[];
	j integer;
	col_fac integer;
	col_metal integer;
	col_name integer;
	col_lookup integer;
	col_country integer;
	col_status integer;
	i integer;
	n_added integer;
	n_updated integer;
	n_all integer;
	n_status integer;
	n_skipped integer;
	lines text;
BEGIN
	IF content IS NULL THEN
		RAISE EXCEPTION 'the CSV of load_smelters_csv() must not be null' USING ERRCODE = 'null_value_not_allowed';
	END IF;
	-- Excel's "CSV UTF-8" begins with a byte order mark.  Lines end in LF
	-- for the parser, which would drop a field before a lone CR (the end of
	-- a CRLF file that psql's backquotes cut short).
	IF pg_catalog.ascii(content) OPERATOR(pg_catalog.=) 65279 THEN
		content := pg_catalog.substr(content, 2);
	END IF;
	content := pg_catalog.regexp_replace(content, '\r\n?', E'\n', 'g');

	CREATE TEMPORARY TABLE embargo_smelter_csv ON COMMIT DROP AS
	SELECT * FROM @extschema@.party_csv_records(content);

	-- The header: the first line naming at least two columns the loader
	-- reads (lines of instructions may come first).
	SELECT r.line, r.fields INTO hdr
	FROM pg_temp.embargo_smelter_csv r
	WHERE (SELECT pg_catalog.count(*) FROM pg_catalog.unnest(r.fields) AS f
	       WHERE @extschema@.smelter_column(f) IS NOT NULL) OPERATOR(pg_catalog.>=) 2
	ORDER BY r.line LIMIT 1;
	IF NOT FOUND THEN
		RAISE EXCEPTION '% has no header', label
			USING ERRCODE = 'invalid_text_representation',
			      DETAIL = 'No line names the columns "Metal" and "Smelter Identification".',
			      HINT = 'Export the Smelter List tab of the CMRT or EMRT as comma-separated CSV, its header line included.';
	END IF;
	FOR i IN 1 .. pg_catalog.cardinality(hdr.fields) LOOP
		j := pg_catalog.array_position(roles, @extschema@.smelter_column(hdr.fields[i]));
		CONTINUE WHEN j IS NULL;
		IF cols[j] IS NOT NULL THEN
			RAISE EXCEPTION '%, line %: two columns give the %', label, hdr.line, roles[j]
				USING ERRCODE = 'invalid_text_representation',
				      DETAIL = pg_catalog.format('Columns %s ("%s") and %s ("%s") are both read as the %s.',
				                                 cols[j], hdr.fields[cols[j]], i, hdr.fields[i], roles[j]),
				      HINT = 'Remove or rename one of them.';
		END IF;
		cols[j] := i;
	END LOOP;
	col_fac := cols[1];
	col_metal := cols[2];
	col_name := cols[3];
	col_lookup := cols[4];
	col_country := cols[5];
	col_status := cols[6];
	IF col_fac IS NULL OR col_metal IS NULL THEN
		RAISE EXCEPTION '%, line %: no "%" column', label, hdr.line,
			CASE WHEN col_fac IS NULL THEN 'Smelter Identification' ELSE 'Metal' END
			USING ERRCODE = 'invalid_text_representation',
			      DETAIL = pg_catalog.format('The header names %s.', (SELECT pg_catalog.string_agg(pg_catalog.format('"%s"', f), ', ' ORDER BY k)
			                                                     FROM pg_catalog.unnest(hdr.fields) WITH ORDINALITY AS t(f, k) WHERE f OPERATOR(pg_catalog.~) '\S')),
			      HINT = 'A facility is read from "Smelter Identification" (or "Smelter ID", "Facility ID") and its metal from "Metal" (or "Mineral").';
	END IF;

	SELECT r.line INTO bad FROM pg_temp.embargo_smelter_csv r
	WHERE r.line OPERATOR(pg_catalog.>) hdr.line AND r.fields IS NULL ORDER BY r.line LIMIT 1;
	IF FOUND THEN
		RAISE EXCEPTION '%, line %: a field has a quote that neither opens nor closes it', label, bad.line
			USING ERRCODE = 'invalid_text_representation', HINT = 'Nothing was loaded; correct the file and load it again.';
	END IF;

	-- The rows below the header, trimmed (a line break inside a field is a
	-- space), without the empty ones a spreadsheet exports.
	CREATE TEMPORARY TABLE embargo_smelter_row ON COMMIT DROP AS
	SELECT v.*,
	       CASE pg_catalog.regexp_replace(pg_catalog.lower(v.status_raw), '[[:space:]_-]+', '-', 'g')
	            WHEN 'conformant' THEN 'conformant'
	            WHEN 'active' THEN 'active'
	            WHEN 'non-conformant' THEN 'non-conformant'
	            WHEN 'nonconformant' THEN 'non-conformant'
	            WHEN 'suspended' THEN 'suspended'
	            WHEN 'not-enrolled' THEN 'not-enrolled' END AS status,
	       COALESCE(@extschema@.party_country_code(v.country_raw),
	                -- the template's "Bolivia (Plurinational State Of)" is ISO's "Bolivia, Plurinational State of"
	                @extschema@.party_country_code(pg_catalog.regexp_replace(v.country_raw, '^(.*[^[:space:]])[[:space:]]*\(([^()]+)\)$', '\1, \2'))) AS code
	FROM (SELECT r.line, x.f[1] AS facility, pg_catalog.lower(x.f[2]) AS metal,
	             COALESCE(x.f[3], CASE WHEN x.f[4] OPERATOR(pg_catalog.!~*) '^smelter not (listed|yet identified)' THEN x.f[4] END) AS name,
	             x.f[4] AS lookup, x.f[5] AS country_raw, x.f[6] AS status_raw
	      FROM pg_temp.embargo_smelter_csv r,
	           LATERAL (SELECT ARRAY(SELECT NULLIF(pg_catalog.btrim(pg_catalog.regexp_replace(r.fields[c], '[[:space:]]+', ' ', 'g')), '')
	                                 FROM pg_catalog.unnest(ARRAY[col_fac, col_metal, col_name, col_lookup, col_country, col_status])
	                                      WITH ORDINALITY AS t(c, k) ORDER BY t.k)) AS x(f)
	      WHERE r.line OPERATOR(pg_catalog.>) hdr.line
	        AND EXISTS (SELECT FROM pg_catalog.unnest(r.fields) AS f WHERE f OPERATOR(pg_catalog.~) '[^[:space:]]')) AS v;

	IF on_date IS NULL AND EXISTS (SELECT FROM pg_temp.embargo_smelter_row r WHERE r.status_raw IS NOT NULL) THEN
		RAISE EXCEPTION '% gives statuses but no date they apply from', label
			USING ERRCODE = 'invalid_parameter_value',
			      DETAIL = pg_catalog.format('Column %s ("%s") gives a status.', col_status, hdr.fields[col_status]),
			      HINT = 'Pass the date of the statuses as status_date, or remove the column.';
	END IF;
	IF on_date IS NOT NULL AND NOT EXISTS (SELECT FROM pg_temp.embargo_smelter_row r WHERE r.status_raw IS NOT NULL) THEN
		RAISE NOTICE '% gives no status: none recorded as of %', label, pg_catalog.to_char(on_date, 'YYYY-MM-DD')
			USING HINT = 'Add a column "RMI Conformance Status" to give them.';
	END IF;

	-- Every row with a facility checked, in file order.  A facility listed
	-- again (a smelter the template lists once per mine) must be of the same
	-- metal and status; its first row gives its name and country.
	SELECT c.line, c.problem INTO bad FROM (
		SELECT r.line, CASE
			WHEN r.facility OPERATOR(pg_catalog.!~) '^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$' THEN
				pg_catalog.format('smelter identification "%s" is not letters and digits (with . _ -), at most 32', r.facility)
			WHEN r.metal IS NULL THEN
				pg_catalog.format('facility %s has no metal', r.facility)
			WHEN r.metal OPERATOR(pg_catalog.!~) '^[a-z][a-z ]*[a-z]$' THEN
				pg_catalog.format('metal "%s" of facility %s is not a word', r.metal, r.facility)
			WHEN r.name IS NULL THEN
				pg_catalog.format('facility %s has no name', r.facility)
			WHEN r.status_raw IS NOT NULL AND r.status IS NULL THEN
				pg_catalog.format('status "%s" of facility %s is none of Conformant, Active, Non-Conformant, Suspended, Not Enrolled', r.status_raw, r.facility)
			WHEN r.metal OPERATOR(pg_catalog.<>) r.first_metal THEN
				pg_catalog.format('facility %s is %s here but %s on line %s', r.facility, r.metal, r.first_metal, r.first_line)
			WHEN r.status OPERATOR(pg_catalog.<>) r.first_status THEN
				pg_catalog.format('facility %s is %s here but %s on line %s', r.facility, r.status, r.first_status, r.status_line)
			END AS problem
		FROM (SELECT r.*,
		             pg_catalog.first_value(r.line) OVER (PARTITION BY r.facility ORDER BY r.line) AS first_line,
		             pg_catalog.first_value(r.metal) OVER (PARTITION BY r.facility ORDER BY r.line) AS first_metal,
		             pg_catalog.first_value(r.status) OVER (PARTITION BY r.facility ORDER BY r.status IS NULL, r.line) AS first_status,
		             pg_catalog.first_value(r.line) OVER (PARTITION BY r.facility ORDER BY r.status IS NULL, r.line) AS status_line
		      FROM pg_temp.embargo_smelter_row r WHERE r.facility IS NOT NULL) AS r) AS c
	WHERE c.problem IS NOT NULL ORDER BY c.line LIMIT 1;
	IF FOUND THEN
		RAISE EXCEPTION '%, line %: %', label, bad.line, bad.problem
			USING ERRCODE = 'invalid_text_representation', HINT = 'Nothing was loaded; correct the file and load it again.';
	END IF;

	-- A row without an id cannot be named by a hop: reported, not loaded.
	SELECT pg_catalog.count(*), pg_catalog.string_agg(pg_catalog.format('line %s: %s', r.line,
	           COALESCE(pg_catalog.format('"%s"', COALESCE(r.name, r.lookup)), 'no name')), '; ' ORDER BY r.line)
	INTO n_skipped, lines
	FROM pg_temp.embargo_smelter_row r WHERE r.facility IS NULL;
	IF n_skipped OPERATOR(pg_catalog.>) 0 THEN
		RAISE NOTICE '% of % % no smelter identification: not loaded',
			CASE n_skipped WHEN 1 THEN '1 row' ELSE n_skipped OPERATOR(pg_catalog.||) ' rows' END, label,
			CASE n_skipped WHEN 1 THEN 'has' ELSE 'have' END
			USING DETAIL = pg_catalog.upper(pg_catalog.left(lines, 1)) OPERATOR(pg_catalog.||) pg_catalog.substr(lines, 2) OPERATOR(pg_catalog.||) '.',
			      HINT = 'A hop names a facility by its identification; give these rows one (the RMI''s CID, or your own) to load them.';
	END IF;
	SELECT pg_catalog.string_agg(pg_catalog.format('line %s, %s: "%s"', r.line, r.facility, r.country_raw), '; ' ORDER BY r.line)
	INTO lines
	FROM (SELECT DISTINCT ON (r.facility) r.* FROM pg_temp.embargo_smelter_row r
	      WHERE r.facility IS NOT NULL ORDER BY r.facility, r.line) AS r
	WHERE r.country_raw IS NOT NULL AND r.code IS NULL;
	IF lines IS NOT NULL THEN
		RAISE NOTICE '% names countries that are not known: those facilities are loaded without one', label
			USING DETAIL = pg_catalog.upper(pg_catalog.left(lines, 1)) OPERATOR(pg_catalog.||) pg_catalog.substr(lines, 2) OPERATOR(pg_catalog.||) '.',
			      HINT = 'Add each name with its ISO 3166-1 code to embargo.party_country and load the list again.';
	END IF;

	-- One load at a time; readers are not blocked.
	LOCK TABLE @extschema@.smelter, @extschema@.smelter_status IN SHARE ROW EXCLUSIVE MODE;
	CREATE TEMPORARY TABLE embargo_smelter_new ON COMMIT DROP AS
	SELECT DISTINCT ON (r.facility) r.facility, r.name, r.metal, r.code::@extschema@.territory AS country,
	       pg_catalog.first_value(r.status) OVER (PARTITION BY r.facility ORDER BY r.status IS NULL, r.line) AS status
	FROM pg_temp.embargo_smelter_row r WHERE r.facility IS NOT NULL
	ORDER BY r.facility, r.line;
	SELECT pg_catalog.count(*) INTO n_all FROM pg_temp.embargo_smelter_new;

	-- A country the list does not give, or that is not known, leaves the
	-- one recorded.
	UPDATE @extschema@.smelter AS s
	SET name = n.name, metal = n.metal, country = COALESCE(n.country, s.country), source = src,
	    loaded_by = CURRENT_USER, loaded_at = pg_catalog.now()
	FROM pg_temp.embargo_smelter_new n
	WHERE s.facility OPERATOR(pg_catalog.=) n.facility
	  AND (s.name, s.metal, s.country, s.source) IS DISTINCT FROM (n.name, n.metal, COALESCE(n.country, s.country), src);
	GET DIAGNOSTICS n_updated = ROW_COUNT;
	INSERT INTO @extschema@.smelter (facility, name, metal, country, source)
	SELECT n.facility, n.name, n.metal, n.country, src
	FROM pg_temp.embargo_smelter_new n
	WHERE NOT EXISTS (SELECT FROM @extschema@.smelter s WHERE s.facility OPERATOR(pg_catalog.=) n.facility);
	GET DIAGNOSTICS n_added = ROW_COUNT;

	INSERT INTO @extschema@.smelter_status AS t (facility, since, status, source)
	SELECT n.facility, on_date, n.status, src
	FROM pg_temp.embargo_smelter_new n WHERE n.status IS NOT NULL
	ON CONFLICT (facility, since) DO UPDATE SET status = excluded.status, source = excluded.source
	WHERE (t.status, t.source) IS DISTINCT FROM (excluded.status, excluded.source);
	GET DIAGNOSTICS n_status = ROW_COUNT;

	DROP TABLE pg_temp.embargo_smelter_csv, pg_temp.embargo_smelter_row, pg_temp.embargo_smelter_new;
	RETURN QUERY SELECT n_added, n_updated, n_all OPERATOR(pg_catalog.-) n_added OPERATOR(pg_catalog.-) n_updated, n_status, n_skipped;
END $$;
COMMENT ON FUNCTION load_smelters_csv(text, date, text) IS
	'load the smelters and refiners of a CMRT/EMRT Smelter List given as CSV text, with their statuses as of status_date, all or nothing (embargo_admin only)';
REVOKE ALL ON FUNCTION load_smelters_csv(text, date, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION load_smelters_csv(text, date, text) TO embargo_admin;

-- The server-side loader: a file as Excel saves the tab, in UTF-8 (with
-- or without its byte order mark).  Its source is the file's name unless
-- given.
CREATE FUNCTION load_smelters(file text, status_date date DEFAULT NULL, source text DEFAULT NULL)
	RETURNS TABLE (added integer, updated integer, unchanged integer, statuses integer, skipped integer)
	LANGUAGE plpgsql VOLATILE
	SET search_path = pg_catalog, @extschema@, pg_temp
	COST 10000
	AS $$
DECLARE
	path CONSTANT text := load_smelters.file;
	base CONSTANT text := pg_catalog.regexp_replace(load_smelters.file, '^.*/', '');
	bytes bytea;
	content text;
	k integer;
BEGIN
	IF path IS NULL THEN
		RAISE EXCEPTION 'the file of load_smelters() must not be null' USING ERRCODE = 'null_value_not_allowed';
	END IF;
	IF NOT (SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname OPERATOR(pg_catalog.=) CURRENT_USER)
	   AND NOT pg_catalog.pg_has_role(CURRENT_USER, 'pg_read_server_files', 'MEMBER') THEN
		RAISE EXCEPTION 'permission denied to read server-side file "%"', base
			USING ERRCODE = 'insufficient_privilege',
			      HINT = 'Only superusers and members of pg_read_server_files may; from psql, \set csv `cat file.csv` and call embargo.load_smelters_csv(:''csv'', ...) instead.';
	END IF;
	-- (PostgreSQL 15's pg_read_binary_file() has no missing_ok without a length)
	IF pg_catalog.pg_stat_file(path, true) IS NULL THEN
		RAISE EXCEPTION 'smelter list file "%" does not exist', path
			USING ERRCODE = 'undefined_file', HINT = 'Give the path of the file on the database server.';
	END IF;
	bytes := pg_catalog.pg_read_binary_file(path);
	IF pg_catalog.substr(bytes, 1, 3) OPERATOR(pg_catalog.=) '\xefbbbf'::bytea THEN
		bytes := pg_catalog.substr(bytes, 4);
	END IF;
	BEGIN
		content := pg_catalog.convert_from(bytes, 'UTF8');
	EXCEPTION WHEN character_not_in_repertoire OR untranslatable_character THEN
		SELECT t.k INTO k
		FROM pg_catalog.regexp_split_to_table(pg_catalog.encode(bytes, 'escape'), E'\n') WITH ORDINALITY AS t(l, k)
		WHERE NOT @extschema@.party_converts(pg_catalog.decode(t.l, 'escape'), 'UTF8')
		ORDER BY t.k LIMIT 1;
		RAISE EXCEPTION 'smelter list "%", line %: the bytes are not UTF-8', base, k
			USING ERRCODE = 'character_not_in_repertoire',
			      HINT = 'Save the tab from Excel as "CSV UTF-8 (Comma delimited)".';
	END;
	RETURN QUERY SELECT * FROM @extschema@.load_smelters_csv(content, load_smelters.status_date,
		COALESCE(NULLIF(pg_catalog.btrim(load_smelters.source), ''), base));
END $$;
COMMENT ON FUNCTION load_smelters(text, date, text) IS
	'load the smelters and refiners of a CMRT/EMRT Smelter List from a server-side CSV file, with their statuses as of status_date, all or nothing (embargo_admin who is superuser or in pg_read_server_files)';
REVOKE ALL ON FUNCTION load_smelters(text, date, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION load_smelters(text, date, text) TO embargo_admin;

------------------------------------------------------------------------------
-- Rules about critical and conflict minerals (issue 20): a goods scope by
-- list, an origin scope by the CAHRA list, and a hop scope by the named
-- facility's status.  Added after the table's other columns, in a new
-- database as in an updated one.
------------------------------------------------------------------------------

ALTER TABLE rule
	ADD COLUMN hs_list text REFERENCES critical_list ON UPDATE CASCADE,
	ADD COLUMN cahra boolean,
	ADD COLUMN smelter_conformant boolean,
	ADD CONSTRAINT rule_smelter_scope CHECK (smelter_conformant IS NULL OR hop_roles IS NOT NULL);
CREATE INDEX rule_hs_list_idx ON rule (hs_list);
COMMENT ON COLUMN rule.hs_list IS 'goods scope: the HS codes of this critical-mineral list (with hs, both must hold)';
COMMENT ON COLUMN rule.cahra IS 'origin scope: true, the origin (or judged hop) lies in an area the CAHRA list in force names, or none is loaded, or it is too coarse to tell; false, it lies outside them';
COMMENT ON COLUMN rule.smelter_conformant IS 'hop scope: the judged hop names a facility that is (true) or is not (false: unknown, or another status) conformant on the hop''s date';

-- Whether a place lies in an area the CAHRA edition in force on a day
-- names, as the rules' CAHRA scope sees it (read through the rule cache).
CREATE FUNCTION cahra(territory territory, on_date date)
	RETURNS TABLE (status text, edition date, edition_stands_in boolean, area territory, name text,
	               conflict_affected boolean, high_risk boolean)
	AS 'MODULE_PATHNAME', 'cahra_of' LANGUAGE C STABLE STRICT PARALLEL SAFE COST 10 ROWS 1;
COMMENT ON FUNCTION cahra(territory, date) IS
	'whether a territory lies in an area the CAHRA edition in force on the day names: listed (the area), too coarse (a country the list names parts of: one of them), not listed, or no list loaded; the edition, and whether it stands in (none is dated on or before the day)';

-- The matcher is compiled from these too.
DO $$
DECLARE
	t text;
BEGIN
	FOREACH t IN ARRAY ARRAY['critical_list', 'critical_mineral', 'cahra_edition', 'cahra_area',
	                         'smelter', 'smelter_status'] LOOP
		EXECUTE format('CREATE TRIGGER invalidate_gazetteer AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE '
		               'ON @extschema@.%I FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.invalidate_gazetteer()', t);
		EXECUTE format('ALTER TABLE @extschema@.%I ENABLE ALWAYS TRIGGER invalidate_gazetteer', t);
	END LOOP;
END $$;

------------------------------------------------------------------------------
-- History (issue 19).  Every committed change to the knowledge verdicts
-- depend on keeps the row versions it ended and makes a rule-set version:
-- embargo.history holds every version of every row of the knowledge tables
-- (the current ones open, ended_in NULL), each made current by one change
-- and ended by another; embargo.ruleset holds one row per committed change,
-- with the version it made (the md5 of every current row version, the hash
-- ruleset_version(), the audit and the quarantine record), when it became
-- current (its commit), who made it and what it changed.
--
-- Statement-level triggers with transition tables record the rows each
-- statement wrote (one set-based insert and update per statement, not per
-- row); the first in a transaction opens its change (knowledge_change(),
-- which inserts the change's embargo.ruleset row), and a deferred
-- constraint trigger on that row seals it at commit: under a lock, so that
-- changes are sealed in commit order, it hashes the current row versions
-- and stamps the time.  screen(..., as_of => t) rebuilds the parts of the
-- knowledge that changed since t from these rows (history_delta()).
------------------------------------------------------------------------------

CREATE TABLE ruleset (
	id       uuid PRIMARY KEY,
	version  text,
	since    timestamptz,
	by       name NOT NULL,
	summary  jsonb,
	CONSTRAINT ruleset_sealed CHECK ((since IS NULL) = (summary IS NULL))
);
CREATE INDEX ruleset_since_idx ON ruleset (since);
CREATE INDEX ruleset_version_idx ON ruleset (version);
COMMENT ON TABLE ruleset IS
	'one row per committed change to the knowledge verdicts depend on: the rule-set version it made, since when, by whom, what changed';
COMMENT ON COLUMN ruleset.version IS 'md5 of every current row version of the knowledge tables after the change: what ruleset_version(), the audit and the quarantine record';
COMMENT ON COLUMN ruleset.since IS 'when the change was committed and its version became current; NULL until then';
COMMENT ON COLUMN ruleset.by IS 'the role that made the change';
COMMENT ON COLUMN ruleset.summary IS 'per table, the row versions the change added and ended';
SELECT pg_catalog.pg_extension_config_dump('ruleset', '');

CREATE TABLE history (
	table_name   text NOT NULL,
	row_data     jsonb NOT NULL,
	row_hash     text NOT NULL,
	created_in   uuid NOT NULL,
	created_how  text NOT NULL CHECK (created_how IN ('INSERT', 'UPDATE')),
	ended_in     uuid,
	ended_how    text CHECK (ended_how IN ('UPDATE', 'DELETE', 'TRUNCATE')),
	CHECK ((ended_in IS NULL) = (ended_how IS NULL))
);
CREATE INDEX history_current_idx ON history (row_hash) WHERE ended_in IS NULL;
CREATE INDEX history_created_idx ON history (created_in);
CREATE INDEX history_ended_idx ON history (ended_in);
CREATE INDEX history_hash_idx ON history (table_name, row_hash);
COMMENT ON TABLE history IS
	'every version of every row of the knowledge tables: made current by the change created_in, ended by the change ended_in (NULL: current)';
COMMENT ON COLUMN history.row_data IS 'the row version, as jsonb';
COMMENT ON COLUMN history.row_hash IS 'history_row_hash() of the row version: the versions'' hash covers these';
COMMENT ON COLUMN history.created_in IS 'the change (embargo.ruleset.id) that made the row version current';
COMMENT ON COLUMN history.ended_in IS 'the change that ended it, or NULL while it is current';
SELECT pg_catalog.pg_extension_config_dump('history', '');

-- How far back history reaches: what prune_history() removed.
CREATE TABLE history_pruned (
	before  timestamptz NOT NULL,
	rows    bigint NOT NULL,
	by      name NOT NULL,
	at      timestamptz NOT NULL DEFAULT pg_catalog.clock_timestamp()
);
COMMENT ON TABLE history_pruned IS 'each prune_history(): row versions ended before "before" were removed; as-of answers before it are refused';
SELECT pg_catalog.pg_extension_config_dump('history_pruned', '');
CREATE TRIGGER invalidate_cache AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON history_pruned
	FOR EACH STATEMENT EXECUTE FUNCTION invalidate_gazetteer();

-- History is read and pruned by administrators only; the rule-set versions
-- are read by whoever reads the audit trail that records them.
REVOKE ALL ON ruleset, history, history_pruned FROM PUBLIC;
GRANT SELECT ON history, history_pruned TO embargo_admin;
GRANT SELECT ON ruleset TO embargo_reviewer;

-- The knowledge tables: what verdicts depend on, and what history keeps.
CREATE FUNCTION knowledge_tables() RETURNS text[]
	LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT ARRAY['place', 'place_name', 'authority', 'control', 'official_list', 'hostility',
                'rule', 'rule_exception', 'rule_override', 'party_list', 'party_list_edition',
                'party_entry', 'party_name', 'party_address', 'party_identifier', 'party_program',
                'ownership', 'ownership_rule', 'critical_list', 'critical_mineral', 'cahra_edition',
                'cahra_area', 'smelter', 'smelter_status']::pg_catalog.text[] $$;
COMMENT ON FUNCTION knowledge_tables() IS 'the tables whose rows verdicts depend on: every change to them is kept in embargo.history';

CREATE FUNCTION knowledge_change() RETURNS uuid
	AS 'MODULE_PATHNAME', 'knowledge_change' LANGUAGE C VOLATILE STRICT;
COMMENT ON FUNCTION knowledge_change() IS
	'the change this transaction makes to the knowledge tables, opened (an embargo.ruleset row, sealed at commit) at the first call';
REVOKE ALL ON FUNCTION knowledge_change() FROM PUBLIC;

-- A row version's hash: of its table and its values, less who recorded it
-- when (an override's set_by and set_at, a load's loaded_by and loaded_at),
-- so that the same knowledge has the same version in any database.
CREATE FUNCTION history_row_hash(table_name text, row_data jsonb) RETURNS text
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS
$$ SELECT pg_catalog.md5($1 OPERATOR(pg_catalog.||) ':' OPERATOR(pg_catalog.||)
          ($2 OPERATOR(pg_catalog.-) '{set_by,set_at,loaded_by,loaded_at}'::pg_catalog.text[])::pg_catalog.text) $$;
COMMENT ON FUNCTION history_row_hash(text, jsonb) IS
	'md5 of a row version of a knowledge table, less who recorded it when: what rule-set versions hash';

-- The row versions a statement ended and made, as the row's jsonb (with
-- settings pinned, so that the same row always hashes the same).
CREATE FUNCTION keep_history() RETURNS trigger
	LANGUAGE plpgsql SECURITY DEFINER
	SET search_path = pg_catalog, pg_temp SET TimeZone = 'UTC' SET DateStyle = 'ISO, YMD'
	SET IntervalStyle = 'postgres' SET extra_float_digits = 1 AS $$
DECLARE
	change uuid;
BEGIN
	-- a statement that wrote no row opens no change (each branch names only
	-- the transition tables its event has)
	IF TG_OP = 'INSERT' THEN
		IF NOT EXISTS (SELECT FROM new_rows) THEN RETURN NULL; END IF;
	ELSIF TG_OP = 'TRUNCATE' THEN
		IF NOT EXISTS (SELECT FROM @extschema@.history h
		               WHERE h.table_name = TG_TABLE_NAME AND h.ended_in IS NULL) THEN
			RETURN NULL;
		END IF;
	ELSIF NOT EXISTS (SELECT FROM old_rows) THEN
		RETURN NULL;
	END IF;
	change := @extschema@.knowledge_change();
	IF TG_OP IN ('UPDATE', 'DELETE') THEN
		UPDATE @extschema@.history h SET ended_in = change, ended_how = TG_OP
		FROM (SELECT DISTINCT @extschema@.history_row_hash(TG_TABLE_NAME, to_jsonb(o)) AS row_hash FROM old_rows o) o
		WHERE h.table_name = TG_TABLE_NAME AND h.ended_in IS NULL AND h.row_hash = o.row_hash;
	ELSIF TG_OP = 'TRUNCATE' THEN
		UPDATE @extschema@.history SET ended_in = change, ended_how = TG_OP
		WHERE table_name = TG_TABLE_NAME AND ended_in IS NULL;
	END IF;
	IF TG_OP IN ('INSERT', 'UPDATE') THEN
		INSERT INTO @extschema@.history (table_name, row_data, row_hash, created_in, created_how)
		SELECT TG_TABLE_NAME, n.j, @extschema@.history_row_hash(TG_TABLE_NAME, n.j), change, TG_OP
		FROM (SELECT to_jsonb(n) AS j FROM new_rows n) n;
	END IF;
	RETURN NULL;
END $$;
COMMENT ON FUNCTION keep_history() IS
	'trigger: keeps the row versions a statement on a knowledge table ended and made in embargo.history';

-- Bring history to the tables: row versions no longer in them ended, rows
-- not yet in it added.  The install and update run it; an administrator
-- runs it after changing knowledge with triggers disabled.
CREATE FUNCTION history_resync() RETURNS bigint
	LANGUAGE plpgsql SECURITY DEFINER
	SET search_path = pg_catalog, pg_temp SET TimeZone = 'UTC' SET DateStyle = 'ISO, YMD'
	SET IntervalStyle = 'postgres' SET extra_float_digits = 1 AS $$
DECLARE
	t text;
	n bigint;
	total bigint := 0;
	change uuid;
BEGIN
	FOREACH t IN ARRAY @extschema@.knowledge_tables() LOOP
		EXECUTE format('CREATE TEMPORARY TABLE embargo_resync ON COMMIT DROP AS '
		               'SELECT j, @extschema@.history_row_hash(%L, j) AS row_hash FROM (SELECT to_jsonb(r) AS j FROM @extschema@.%I r) r',
		               t, t);
		IF EXISTS (SELECT FROM @extschema@.history h WHERE h.table_name = t AND h.ended_in IS NULL
		           AND NOT EXISTS (SELECT FROM pg_temp.embargo_resync r WHERE r.row_hash = h.row_hash))
		   OR EXISTS (SELECT FROM pg_temp.embargo_resync r WHERE NOT EXISTS
		              (SELECT FROM @extschema@.history h WHERE h.table_name = t AND h.ended_in IS NULL
		               AND h.row_hash = r.row_hash)) THEN
			change := @extschema@.knowledge_change();
			UPDATE @extschema@.history h SET ended_in = change, ended_how = 'DELETE'
			WHERE h.table_name = t AND h.ended_in IS NULL
			  AND NOT EXISTS (SELECT FROM pg_temp.embargo_resync r WHERE r.row_hash = h.row_hash);
			GET DIAGNOSTICS n = ROW_COUNT;
			total := total + n;
			INSERT INTO @extschema@.history (table_name, row_data, row_hash, created_in, created_how)
			SELECT DISTINCT ON (r.row_hash) t, r.j, r.row_hash, change, 'INSERT' FROM pg_temp.embargo_resync r
			WHERE NOT EXISTS (SELECT FROM @extschema@.history h WHERE h.table_name = t AND h.ended_in IS NULL
			                  AND h.row_hash = r.row_hash);
			GET DIAGNOSTICS n = ROW_COUNT;
			total := total + n;
		END IF;
		DROP TABLE pg_temp.embargo_resync;
	END LOOP;
	RETURN total;
END $$;
COMMENT ON FUNCTION history_resync() IS
	'end the row versions in embargo.history that the knowledge tables no longer hold and add those they hold that it lacks, as one change; returns how many (embargo_admin only)';
REVOKE ALL ON FUNCTION history_resync() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION history_resync() TO embargo_admin;

CREATE FUNCTION seal_change() RETURNS trigger
	AS 'MODULE_PATHNAME', 'seal_change' LANGUAGE C SECURITY DEFINER;
COMMENT ON FUNCTION seal_change() IS
	'trigger: at commit, stamps the change with the version it made, the time and what it changed';
CREATE CONSTRAINT TRIGGER seal AFTER INSERT ON ruleset DEFERRABLE INITIALLY DEFERRED
	FOR EACH ROW EXECUTE FUNCTION seal_change();
CREATE TRIGGER invalidate_cache AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ruleset
	FOR EACH STATEMENT EXECUTE FUNCTION invalidate_gazetteer();

DO $$
DECLARE
	t text;
BEGIN
	FOREACH t IN ARRAY @extschema@.knowledge_tables() LOOP
		EXECUTE format('CREATE TRIGGER keep_history_insert AFTER INSERT ON @extschema@.%I '
		               'REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.keep_history()', t);
		EXECUTE format('CREATE TRIGGER keep_history_update AFTER UPDATE ON @extschema@.%I '
		               'REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.keep_history()', t);
		EXECUTE format('CREATE TRIGGER keep_history_delete AFTER DELETE ON @extschema@.%I '
		               'REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.keep_history()', t);
		EXECUTE format('CREATE TRIGGER keep_history_truncate AFTER TRUNCATE ON @extschema@.%I '
		               'FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.keep_history()', t);
	END LOOP;
END $$;
-- the rows already there: in a new database none, in an updated one all
SELECT @extschema@.history_resync();

-- How a version differed from the knowledge now, per table: what the cache
-- rebuilds an older version from (as the extension's owner).
CREATE FUNCTION history_delta(rowtype anyelement, table_name text, version_id uuid, made boolean)
	RETURNS SETOF anyelement
	LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
	WITH v AS (
		SELECT r.since FROM @extschema@.ruleset r WHERE r.id = $3
	), touched AS (
		-- the few changes since drive, each through the index (OFFSET 0 keeps it so)
		SELECT h.row_hash, h.row_data, h.ended_in IS NULL AS open, false AS made_before
		FROM @extschema@.ruleset c, LATERAL (SELECT * FROM @extschema@.history h
		                                     WHERE h.created_in = c.id AND h.table_name = $2 OFFSET 0) h
		WHERE c.since IS NULL OR c.since > (SELECT since FROM v)
		UNION
		SELECT h.row_hash, h.row_data, false, c.since IS NOT NULL AND c.since <= (SELECT since FROM v)
		FROM @extschema@.ruleset e, LATERAL (SELECT * FROM @extschema@.history h
		                                     WHERE h.ended_in = e.id AND h.table_name = $2 OFFSET 0) h
		JOIN @extschema@.ruleset c ON c.id = h.created_in
		WHERE e.since IS NULL OR e.since > (SELECT since FROM v)
	), valid_then AS (
		SELECT DISTINCT t.row_hash FROM touched t
		WHERE EXISTS (SELECT FROM @extschema@.history h JOIN @extschema@.ruleset c ON c.id = h.created_in
		              LEFT JOIN @extschema@.ruleset e ON e.id = h.ended_in
		              WHERE h.table_name = $2 AND h.row_hash = t.row_hash AND c.since <= (SELECT since FROM v)
		                AND (h.ended_in IS NULL OR e.since IS NULL OR e.since > (SELECT since FROM v)))
	)
	SELECT jsonb_populate_record($1, d.row_data)
	FROM (SELECT DISTINCT ON (t.row_hash) t.row_data FROM touched t
	      WHERE CASE WHEN $4
	                 THEN t.open AND NOT t.made_before AND t.row_hash NOT IN (SELECT row_hash FROM valid_then)
	                 ELSE t.made_before AND NOT t.open AND t.row_hash IN (SELECT row_hash FROM valid_then)
	                      AND NOT EXISTS (SELECT FROM @extschema@.history o WHERE o.table_name = $2
	                                      AND o.row_hash = t.row_hash AND o.ended_in IS NULL) END) d
$$;
COMMENT ON FUNCTION history_delta(anyelement, text, uuid, boolean) IS
	'the rows of a knowledge table a rule-set version lacks (made: made since, and current) or had (not made: ended since): the cache reads a table as it was as its rows now, less the first, plus the second';
REVOKE ALL ON FUNCTION history_delta(anyelement, text, uuid, boolean) FROM PUBLIC;

CREATE FUNCTION ruleset_at(at timestamptz) RETURNS text
	AS 'MODULE_PATHNAME', 'ruleset_at' LANGUAGE C STABLE STRICT PARALLEL RESTRICTED COST 10;
COMMENT ON FUNCTION ruleset_at(timestamptz) IS
	'the rule-set version in force at a moment: the version made by the latest change committed by then';

CREATE FUNCTION ruleset_since(version text) RETURNS timestamptz
	LANGUAGE sql STABLE STRICT PARALLEL SAFE SECURITY DEFINER
	SET search_path = pg_catalog, pg_temp AS $$
	SELECT max(r.since) FROM @extschema@.ruleset r WHERE r.version = $1
$$;
COMMENT ON FUNCTION ruleset_since(text) IS
	'when a rule-set version (last) became current, or NULL if no change made it: screen(..., as_of => ruleset_since(v)) screens with it';

CREATE FUNCTION prune_history(before timestamptz) RETURNS bigint
	LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
	n bigint;
BEGIN
	IF before IS NULL THEN
		RAISE EXCEPTION 'the moment to prune history before must not be NULL'
			USING ERRCODE = 'null_value_not_allowed';
	END IF;
	IF before > pg_catalog.now() THEN
		RAISE EXCEPTION 'cannot prune history before a moment in the future'
			USING ERRCODE = 'invalid_parameter_value';
	END IF;
	DELETE FROM @extschema@.history h USING @extschema@.ruleset e
	WHERE e.id = h.ended_in AND e.since < before;
	GET DIAGNOSTICS n = ROW_COUNT;
	INSERT INTO @extschema@.history_pruned (before, rows, by) VALUES (before, n, session_user);
	RETURN n;
END $$;
COMMENT ON FUNCTION prune_history(timestamptz) IS
	'remove the row versions ended before a moment (embargo_admin only); as-of answers before it are refused from then on; returns how many';
REVOKE ALL ON FUNCTION prune_history(timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION prune_history(timestamptz) TO embargo_admin;

-- Who changed what, when: each row version with the changes that made and
-- ended it (administrators only, as the history).
CREATE VIEW history_log AS
	SELECT h.table_name, h.row_data, c.since AS valid_from, e.since AS valid_until,
	       c.by AS created_by, e.by AS ended_by, h.created_how, h.ended_how,
	       c.version AS created_version, e.version AS ended_version
	FROM @extschema@.history h
	JOIN @extschema@.ruleset c ON c.id = h.created_in
	LEFT JOIN @extschema@.ruleset e ON e.id = h.ended_in;
COMMENT ON VIEW history_log IS
	'every row version of the knowledge tables, when it became current and stopped being, who made and ended it';
REVOKE ALL ON history_log FROM PUBLIC;
GRANT SELECT ON history_log TO embargo_admin;

-- screen() and explain(): one function each for a declared origin tag and
-- for a territory and place name, every argument after the jurisdiction
-- optional and nameable, so that a call names one function whatever it
-- gives (evidence, custody, parties, as_of).  NULL evidence, custody or
-- parties mean none; a NULL origin, HS code, date or jurisdiction gives
-- NULL (screen) or no rows (explain).  as_of (issue 19) screens with the
-- knowledge in force at that moment, NULL meaning now.
CREATE FUNCTION screen(origin origin, hs hscode, on_date date, jurisdiction text,
                       evidence text[] DEFAULT '{}', custody custody DEFAULT NULL,
                       parties text[] DEFAULT NULL, as_of timestamptz DEFAULT NULL) RETURNS verdict
	AS 'MODULE_PATHNAME', 'screen_origin_as_of' LANGUAGE C STABLE PARALLEL SAFE COST 30;
COMMENT ON FUNCTION screen(origin, hscode, date, text, text[], custody, text[], timestamptz) IS
	'the verdict for goods of this origin and HS code shipped on a date into a jurisdiction: the most severe rule in force (rules with hop roles look at the chain of custody), and the strictest of that and each party''s against the jurisdiction''s sanctions lists; allow if none.  as_of: with the knowledge in force then';
CREATE FUNCTION screen(territory territory, place text, hs hscode, on_date date, jurisdiction text,
                       evidence text[] DEFAULT '{}', custody custody DEFAULT NULL,
                       parties text[] DEFAULT NULL, as_of timestamptz DEFAULT NULL) RETURNS verdict
	AS 'MODULE_PATHNAME', 'screen_declared_as_of' LANGUAGE C STABLE PARALLEL SAFE COST 130;
COMMENT ON FUNCTION screen(territory, text, hscode, date, text, text[], custody, text[], timestamptz) IS
	'screen goods declared by territory and/or place name: tag_origin() on the date, then screen()';
CREATE FUNCTION explain(origin origin, hs hscode, on_date date, jurisdiction text,
                        evidence text[] DEFAULT '{}', custody custody DEFAULT NULL,
                        parties text[] DEFAULT NULL, as_of timestamptz DEFAULT NULL)
	RETURNS TABLE (rule_id integer, action verdict, hop integer, instrument text, article text,
	               citation text, why text)
	AS 'MODULE_PATHNAME', 'explain_origin_as_of' LANGUAGE C STABLE PARALLEL SAFE COST 1500 ROWS 6;
COMMENT ON FUNCTION explain(origin, hscode, date, text, text[], custody, text[], timestamptz) IS
	'every rule that applies to these goods, or would but for an exception, with its legal basis and why (hop: the hop of the chain it matched), then each party match (article: list:entry)';
CREATE FUNCTION explain(territory territory, place text, hs hscode, on_date date, jurisdiction text,
                        evidence text[] DEFAULT '{}', custody custody DEFAULT NULL,
                        parties text[] DEFAULT NULL, as_of timestamptz DEFAULT NULL)
	RETURNS TABLE (rule_id integer, action verdict, hop integer, instrument text, article text,
	               citation text, why text)
	AS 'MODULE_PATHNAME', 'explain_declared_as_of' LANGUAGE C STABLE PARALLEL SAFE COST 1500 ROWS 6;
COMMENT ON FUNCTION explain(territory, text, hscode, date, text, text[], custody, text[], timestamptz) IS
	'explain() for goods declared by territory and/or place name; a name that means several places is named with their codes';

------------------------------------------------------------------------------
-- Re-screening (issue 19): rescreen(tbl) brings the rows of a table with an
-- enforce() trigger to the current knowledge, by default only those the
-- changes since the version the table was last screened with can affect.
-- Each changed decision goes to rescreen_log and the audit trail; held rows
-- are re-evaluated and marked, never released; stored rows are flagged
-- (their output columns updated), never deleted.
------------------------------------------------------------------------------

-- Per table, the oldest version any of its rows may have been screened with
-- since its last re-screening: enforce() records it at its first row of a
-- session unless one is recorded (never waiting for another writer), and
-- rescreen() moves it on.  Nothing is kept per row.
CREATE TABLE rescreen_state (
	tbl      regclass PRIMARY KEY,
	version  text NOT NULL,
	by       name NOT NULL,
	at       timestamptz NOT NULL DEFAULT pg_catalog.clock_timestamp()
);
COMMENT ON TABLE rescreen_state IS
	'per table with an enforce() trigger: the oldest rule-set version its rows may have been screened with since its last re-screening';
SELECT pg_catalog.pg_extension_config_dump('rescreen_state', '');

CREATE TABLE rescreen_log (
	id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	at            timestamptz NOT NULL DEFAULT pg_catalog.clock_timestamp(),
	by            name NOT NULL,
	source_table  text NOT NULL,
	row_key       text,
	quarantine_id bigint,
	old_verdict   verdict,
	new_verdict   verdict NOT NULL,
	old_rule_ids  integer[],
	new_rule_ids  integer[] NOT NULL,
	old_version   text,
	new_version   text NOT NULL
);
CREATE INDEX rescreen_log_row_idx ON rescreen_log (source_table, row_key);
COMMENT ON TABLE rescreen_log IS
	'every decision rescreen() changed: the row (or the held row), its old and new verdict, rules and rule-set version, when and by whom; append-only';
COMMENT ON COLUMN rescreen_log.quarantine_id IS 'the held row re-evaluated, or NULL for a row of the table';
COMMENT ON COLUMN rescreen_log.old_version IS 'the version the table was last screened with, NULL if unknown';
SELECT pg_catalog.pg_extension_config_dump('rescreen_log', '');
SELECT pg_catalog.pg_extension_config_dump('rescreen_log_id_seq', '');
CREATE TRIGGER append_only BEFORE UPDATE OR DELETE ON rescreen_log
	FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER append_only_truncate BEFORE TRUNCATE ON rescreen_log
	FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
ALTER TABLE rescreen_log ENABLE ALWAYS TRIGGER append_only;
ALTER TABLE rescreen_log ENABLE ALWAYS TRIGGER append_only_truncate;
REVOKE ALL ON rescreen_state, rescreen_log FROM PUBLIC;
GRANT SELECT ON rescreen_state, rescreen_log TO embargo_reviewer;

-- A dropped table's version goes with it: kept, its OID could name another
-- table one day (after a restore, say).
CREATE FUNCTION forget_dropped_tables() RETURNS event_trigger
	LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
	DELETE FROM @extschema@.rescreen_state s
	USING pg_event_trigger_dropped_objects() d
	WHERE d.classid = 'pg_class'::regclass AND d.objsubid = 0 AND s.tbl::oid = d.objid;
END $$;
COMMENT ON FUNCTION forget_dropped_tables() IS
	'event trigger: removes the rescreen_state row of a table that is dropped';
REVOKE ALL ON FUNCTION forget_dropped_tables() FROM PUBLIC;
CREATE EVENT TRIGGER embargo_forget_dropped_tables ON sql_drop
	EXECUTE FUNCTION forget_dropped_tables();

-- Held rows re-evaluated: what the current knowledge says of them.
ALTER TABLE quarantine ADD COLUMN rescreened_verdict verdict,
	ADD COLUMN rescreened_rule_ids integer[],
	ADD COLUMN rescreened_version text,
	ADD COLUMN rescreened_at timestamptz,
	ADD COLUMN would_pass boolean;
COMMENT ON COLUMN quarantine.rescreened_verdict IS 'the verdict rescreen() last gave the held row; it stays held until a reviewer decides';
COMMENT ON COLUMN quarantine.would_pass IS 'whether the held row would now be written (its verdict below the trigger''s threshold): for a reviewer, who may release it';

-- What the changes since a moment can affect: per changed row version (made
-- or ended since), the jurisdiction, territory, HS prefixes and shipment
-- dates of the rows it can change the verdict of, or that it concerns
-- parties, or everything.  NULL means any.  Read as the history's owner.
CREATE FUNCTION rescreen_scope(since timestamptz)
	RETURNS TABLE (everything boolean, jurisdiction text, territory territory, hs hscode[],
	               valid_from date, valid_until date, parties boolean)
	LANGUAGE sql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
	WITH changed AS (
		-- the few changes since drive, each through the index (OFFSET 0 keeps it so)
		SELECT h.table_name, h.row_data
		FROM @extschema@.ruleset c, LATERAL (SELECT * FROM @extschema@.history h
		                                     WHERE h.created_in = c.id OFFSET 0) h
		WHERE c.since IS NULL OR c.since > $1
		UNION
		SELECT h.table_name, h.row_data
		FROM @extschema@.ruleset e, LATERAL (SELECT * FROM @extschema@.history h
		                                     WHERE h.ended_in = e.id OFFSET 0) h
		WHERE e.since IS NULL OR e.since > $1
	), rules AS (
		SELECT c.row_data AS r FROM changed c WHERE c.table_name = 'rule'
		UNION
		SELECT to_jsonb(r) FROM changed c JOIN @extschema@.rule r
		  ON r.id = (c.row_data->>'rule_id')::integer
		WHERE c.table_name IN ('rule_exception', 'rule_override')
	), places AS (
		SELECT (c.row_data->>'territory')::@extschema@.territory AS territory
		FROM changed c WHERE c.table_name = 'place'
		UNION
		SELECT p.territory FROM changed c JOIN @extschema@.place p ON p.id = (c.row_data->>'place_id')::integer
		WHERE c.table_name = 'place_name'
	)
	SELECT DISTINCT false, r->>'jurisdiction',
	       CASE WHEN r->'hop_roles' = 'null'::jsonb OR r->'hop_roles' IS NULL
	            THEN (r->>'territory')::@extschema@.territory END,
	       -- a rule scoped to a list: any goods (the list's codes are read at screening)
	       CASE WHEN r->'hs_list' = 'null'::jsonb OR r->'hs_list' IS NULL
	            THEN ARRAY(SELECT h::@extschema@.hscode FROM jsonb_array_elements_text(r->'hs') h) END,
	       CASE WHEN r->'hop_roles' = 'null'::jsonb OR r->'hop_roles' IS NULL THEN (r->>'valid_from')::date END,
	       CASE WHEN r->'hop_roles' = 'null'::jsonb OR r->'hop_roles' IS NULL THEN (r->>'valid_until')::date END,
	       false
	FROM rules
	UNION
	-- an exception also makes its evidence code known (or unknown) to the
	-- rule's jurisdiction: rows of any origin that present it are screened
	-- otherwise (an unknown code is for review)
	SELECT DISTINCT false, r.jurisdiction, NULL::@extschema@.territory, NULL::@extschema@.hscode[], NULL::date, NULL::date, false
	FROM changed c LEFT JOIN @extschema@.rule r ON r.id = (c.row_data->>'rule_id')::integer
	WHERE c.table_name = 'rule_exception'
	UNION
	SELECT DISTINCT false, NULL::text, COALESCE((c.row_data->>'territory')::@extschema@.territory, p.territory),
	       NULL::@extschema@.hscode[], (c.row_data->>'valid_from')::date, (c.row_data->>'valid_until')::date, false
	FROM changed c LEFT JOIN @extschema@.place p ON p.id = (c.row_data->>'place_id')::integer
	WHERE c.table_name = 'control'
	UNION
	SELECT DISTINCT false, NULL::text, places.territory, NULL::@extschema@.hscode[], NULL::date, NULL::date, false
	FROM places
	UNION
	SELECT DISTINCT false, l.jurisdiction, NULL::@extschema@.territory, NULL::@extschema@.hscode[],
	       NULL::date, NULL::date, true
	FROM changed c LEFT JOIN @extschema@.party_list l ON l.list = c.row_data->>'list'
	WHERE c.table_name IN ('party_list', 'party_list_edition', 'party_entry', 'party_name', 'party_address',
	                       'party_identifier', 'party_program')
	UNION
	SELECT DISTINCT false, CASE WHEN c.table_name = 'ownership_rule' THEN c.row_data->>'jurisdiction' END,
	       NULL::@extschema@.territory, NULL::@extschema@.hscode[], NULL::date, NULL::date, true
	FROM changed c WHERE c.table_name IN ('ownership', 'ownership_rule')
	UNION
	-- a critical-mineral list's code: the goods under it (rules scoped to the list)
	SELECT DISTINCT false, NULL::text, NULL::@extschema@.territory, ARRAY[(c.row_data->>'hs')::@extschema@.hscode],
	       NULL::date, NULL::date, false
	FROM changed c WHERE c.table_name = 'critical_mineral'
	UNION
	-- a CAHRA edition or area (an origin or any hop may lie there), a smelter
	-- (any hop may name it): every row
	SELECT DISTINCT true, NULL::text, NULL::@extschema@.territory, NULL::@extschema@.hscode[],
	       NULL::date, NULL::date, false
	FROM changed c WHERE c.table_name IN ('authority', 'official_list', 'critical_list', 'cahra_edition',
	                                      'cahra_area', 'smelter', 'smelter_status')
$$;
COMMENT ON FUNCTION rescreen_scope(timestamptz) IS
	'what the changes to the knowledge committed after a moment can affect, as rescreen() selects rows by it';
REVOKE ALL ON FUNCTION rescreen_scope(timestamptz) FROM PUBLIC;

CREATE FUNCTION rescreen(tbl regclass, since text DEFAULT NULL, full boolean DEFAULT false) RETURNS bigint
	AS 'MODULE_PATHNAME', 'rescreen' LANGUAGE C VOLATILE PARALLEL UNSAFE COST 100000;
COMMENT ON FUNCTION rescreen(regclass, text, boolean) IS
	'screen again the rows of a table with an enforce() trigger that the changes since a rule-set version (NULL: the table''s last) can affect, or all (full); updates its output columns, re-evaluates its held rows, logs each changed decision; returns how many changed';

-- Which stored shipments changed verdict since a version, and one
-- shipment's verdicts over time (reviewers).
CREATE FUNCTION verdict_changes(since text)
	RETURNS SETOF rescreen_log
	LANGUAGE sql STABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
	SELECT l.* FROM @extschema@.rescreen_log l
	WHERE l.at > (SELECT min(r.since) FROM @extschema@.ruleset r WHERE r.version = $1)
	ORDER BY l.id
$$;
COMMENT ON FUNCTION verdict_changes(text) IS
	'the decisions rescreen() changed after a rule-set version first became current (embargo_reviewer)';
REVOKE ALL ON FUNCTION verdict_changes(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION verdict_changes(text) TO embargo_reviewer;

CREATE FUNCTION verdict_history(tbl regclass, key text)
	RETURNS TABLE (at timestamptz, event text, verdict verdict, rule_ids integer[], ruleset_version text,
	               by name, detail text)
	LANGUAGE sql STABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
	SELECT a.at, a.outcome, a.verdict, a.rule_ids, a.ruleset_version, a.by, a.reasons
	FROM @extschema@.audit a
	WHERE a.source_table = $1::text AND a.row_key = $2 AND a.outcome <> 'rescreened'
	UNION ALL
	SELECT l.at, CASE WHEN l.quarantine_id IS NULL THEN 'rescreened' ELSE 'rescreened (held)' END,
	       l.new_verdict, l.new_rule_ids, l.new_version, l.by,
	       format('was %s (rules %s) under %s', COALESCE(l.old_verdict::text, 'unknown'),
	              COALESCE(l.old_rule_ids::text, 'unknown'), COALESCE(l.old_version, 'an unknown version'))
	FROM @extschema@.rescreen_log l
	WHERE l.source_table = $1::text AND l.row_key = $2
	ORDER BY 1
$$;
COMMENT ON FUNCTION verdict_history(regclass, text) IS
	'the decisions on one shipment of a table over time: enforce()''s and reviewers'' (from the audit trail) and rescreen()''s (embargo_reviewer)';
REVOKE ALL ON FUNCTION verdict_history(regclass, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION verdict_history(regclass, text) TO embargo_reviewer;

-- The shipped data follows, appended by the build: generated from data/*.csv
-- by tools/data_to_sql.py (see data/README.md).
------------------------------------------------------------------------------
