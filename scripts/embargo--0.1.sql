/* embargo--0.1.sql: origin tagging and sanctions screening for critical-mineral shipments */

\echo Use "CREATE EXTENSION embargo" to load this file. \quit

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
		CHECK (kind IN ('locality', 'district', 'community', 'region', 'site', 'port')),
	name       text NOT NULL CHECK (name_key(name) <> ''),
	katotth    text CHECK (katotth ~ '^UA[0-9]{17}$'),
	latitude   double precision CHECK (latitude BETWEEN -90 AND 90),
	longitude  double precision CHECK (longitude BETWEEN -180 AND 180),
	source     text NOT NULL,
	shipped    boolean NOT NULL DEFAULT false
);
CREATE INDEX place_name_key_idx ON place (name_key(name));
CREATE INDEX place_territory_idx ON place (territory);
COMMENT ON TABLE place IS 'places finer than ISO 3166-2, each within an ISO territory';
COMMENT ON COLUMN place.kind IS 'locality, district, community, region, site (mine, deposit, plant) or port';
COMMENT ON COLUMN place.name IS 'the English name (aliases are in embargo.place_name)';
COMMENT ON COLUMN place.katotth IS 'Ukrainian KATOTTH code, when known';
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

CREATE FUNCTION find_place(name text, within territory DEFAULT NULL) RETURNS integer
	AS 'MODULE_PATHNAME', 'find_place_fn' LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION find_place(text, territory) IS
	'the id of the one place with this name or alias (in any script), optionally within a territory; errors on no match or several (reads embargo.place)';

CREATE FUNCTION find_places(name text, within territory DEFAULT NULL)
	RETURNS TABLE (id integer, territory territory, kind text, place text)
	LANGUAGE sql STABLE PARALLEL SAFE
	AS $$
	SELECT p.id, p.territory, p.kind, p.name
	FROM embargo.place p
	WHERE p.id OPERATOR(pg_catalog.=) ANY (ARRAY(
	        SELECT q.id FROM embargo.place q
	        WHERE embargo.name_key(q.name) OPERATOR(pg_catalog.=) embargo.name_key($1)
	        UNION
	        SELECT n.place_id FROM embargo.place_name n
	        WHERE embargo.name_key(n.name) OPERATOR(pg_catalog.=) embargo.name_key($1)))
	  AND ($2 IS NULL OR p.territory OPERATOR(embargo.<@) $2)
	ORDER BY p.id
	$$;
COMMENT ON FUNCTION find_places(text, territory) IS
	'every place with this name or alias, optionally within a territory (reads embargo.place)';

-- The shipped gazetteer.  Aliases are only what ICU transliteration cannot
-- derive from another name (name_key already folds script, case, accents and
-- apostrophes: Мелітополь, Мелитополь and Melitopol share one key).
WITH gazetteer (id, territory, kind, name, aliases, source) AS (VALUES
	-- Donetsk oblast
	(1, 'UA-14', 'locality', 'Donetsk', '{Донецк}',
	 'UA admin. division (Verkhovna Rada Res. 807-IX, 17 Jul 2020)'),
	(2, 'UA-14', 'locality', 'Makiivka', '{Макеевка,Makeyevka}',
	 'UA admin. division (Verkhovna Rada Res. 807-IX, 17 Jul 2020)'),
	(3, 'UA-14', 'locality', 'Horlivka', '{Горлівка,Gorlovka}',
	 'UA admin. division (Verkhovna Rada Res. 807-IX, 17 Jul 2020)'),
	(4, 'UA-14', 'locality', 'Mariupol', '{}',
	 'UA admin. division (Verkhovna Rada Res. 807-IX, 17 Jul 2020)'),
	(5, 'UA-14', 'locality', 'Yenakiieve', '{Єнакієве,Yenakiyevo,Enakievo}',
	 'UA admin. division (Verkhovna Rada Res. 807-IX, 17 Jul 2020)'),
	(6, 'UA-14', 'locality', 'Kramatorsk', '{}',
	 'UA admin. division (Verkhovna Rada Res. 807-IX, 17 Jul 2020)'),
	(7, 'UA-14', 'locality', 'Sloviansk', '{Слов’янськ,Славянск,Slavyansk}',
	 'UA admin. division (Verkhovna Rada Res. 807-IX, 17 Jul 2020)'),
	(8, 'UA-14', 'locality', 'Bakhmut', '{Бахмут,Artemivsk,Артёмовск,Artyomovsk}',
	 'UA admin. division (Verkhovna Rada Res. 807-IX, 17 Jul 2020); Artemivsk 1924-2016'),
	(9, 'UA-14', 'site', 'Azov rare-earth deposit', '{Azovske deposit,Азовське родовище,Азовское месторождение}',
	 'rare-earth (Zr-REE) deposit near Mariupol [U]'),
	(10, 'UA-14', 'site', 'Shevchenko lithium deposit', '{Shevchenkivske deposit,Шевченківське родовище,Шевченковское месторождение}',
	 'facts file §1 [S40] (RF claimed the site 26 Jun 2025, UA disputed 27 Jun)'),
	-- Luhansk oblast
	(11, 'UA-09', 'locality', 'Luhansk', '{Lugansk}',
	 'UA admin. division (Verkhovna Rada Res. 807-IX, 17 Jul 2020)'),
	(12, 'UA-09', 'locality', 'Alchevsk', '{Алчевск}',
	 'UA admin. division (Verkhovna Rada Res. 807-IX, 17 Jul 2020)'),
	(13, 'UA-09', 'locality', 'Sievierodonetsk', '{Северодонецк,Severodonetsk}',
	 'UA admin. division (Verkhovna Rada Res. 807-IX, 17 Jul 2020)'),
	(14, 'UA-09', 'locality', 'Lysychansk', '{Лисичанск,Lisichansk}',
	 'UA admin. division (Verkhovna Rada Res. 807-IX, 17 Jul 2020)'),
	-- Zaporizhzhia oblast
	(15, 'UA-23', 'locality', 'Zaporizhzhia', '{Запоріжжя,Запорожье,Zaporozhye,Zaporizhia}',
	 'UA admin. division (Verkhovna Rada Res. 807-IX, 17 Jul 2020); facts file §1'),
	(16, 'UA-23', 'locality', 'Melitopol', '{}',
	 'UA admin. division (Verkhovna Rada Res. 807-IX, 17 Jul 2020)'),
	(17, 'UA-23', 'locality', 'Berdiansk', '{Бердянск,Berdyansk}',
	 'UA admin. division (Verkhovna Rada Res. 807-IX, 17 Jul 2020)'),
	(18, 'UA-23', 'locality', 'Enerhodar', '{Energodar}',
	 'UA admin. division (Verkhovna Rada Res. 807-IX, 17 Jul 2020)'),
	(19, 'UA-23', 'locality', 'Tokmak', '{}',
	 'UA admin. division (Verkhovna Rada Res. 807-IX, 17 Jul 2020)'),
	(20, 'UA-23', 'site', 'Kruta Balka lithium deposit', '{Kruta Balka,Крутая Балка}',
	 'facts file §1 [S40]: about 30 km north of Berdiansk, occupied'),
	(21, 'UA-23', 'site', 'Novopoltavka deposit', '{Novopoltavske deposit,Новополтавське родовище,Новополтавское месторождение}',
	 'rare-earth and phosphate deposit, Zaporizhzhia oblast [U]'),
	(22, 'UA-23', 'site', 'Zaporizhzhia Titanium-Magnesium Combine', '{ZTMK,ZTMC,Запорізький титано-магнієвий комбінат,Запорожский титано-магниевый комбинат}',
	 'titanium sponge plant in Zaporizhzhia city [U]'),
	-- Kherson oblast
	(23, 'UA-65', 'locality', 'Kherson', '{Херсон}',
	 'UA admin. division (Verkhovna Rada Res. 807-IX, 17 Jul 2020); facts file §1 [S30]'),
	(24, 'UA-65', 'locality', 'Nova Kakhovka', '{Нова Каховка,Новая Каховка}',
	 'UA admin. division (Verkhovna Rada Res. 807-IX, 17 Jul 2020)'),
	(25, 'UA-65', 'locality', 'Henichesk', '{Геническ,Genichesk}',
	 'UA admin. division (Verkhovna Rada Res. 807-IX, 17 Jul 2020); facts file §1 [S30]'),
	(26, 'UA-65', 'locality', 'Skadovsk', '{}',
	 'UA admin. division (Verkhovna Rada Res. 807-IX, 17 Jul 2020)'),
	-- Crimea and Sevastopol
	(27, 'UA-43', 'locality', 'Simferopol', '{Akmescit,Aqmescit}',
	 'UA admin. division (Verkhovna Rada Res. 807-IX, 17 Jul 2020)'),
	(28, 'UA-43', 'locality', 'Armiansk', '{Армянск,Armyansk}',
	 'UA admin. division (Verkhovna Rada Res. 807-IX, 17 Jul 2020)'),
	(29, 'UA-43', 'locality', 'Kerch', '{Керч}',
	 'UA admin. division (Verkhovna Rada Res. 807-IX, 17 Jul 2020)'),
	(30, 'UA-43', 'locality', 'Feodosia', '{Feodosiya,Theodosia}',
	 'UA admin. division (Verkhovna Rada Res. 807-IX, 17 Jul 2020)'),
	(31, 'UA-43', 'locality', 'Krasnoperekopsk', '{Yany Kapu,Яни Капу}',
	 'UA admin. division (Verkhovna Rada Res. 807-IX, 17 Jul 2020); renamed Yany Kapu by Res. 1037-VIII of 12 May 2016 [U]'),
	(32, 'UA-43', 'site', 'Crimean Titan', '{Crimea Titan,Krymsky Titan,Кримський Титан,Крымский титан}',
	 'titanium dioxide plant at Armiansk [U]'),
	(33, 'UA-40', 'locality', 'Sevastopol', '{}',
	 'ISO 3166-2 UA-40 (city with special status); facts file §1'),
	-- eastern DR Congo
	(34, 'CD-NK', 'locality', 'Rubaya', '{Rubaya coltan mines}',
	 'facts file §1 [S37]: coltan area held by AFC/M23 from 30 Apr 2024'),
	(35, 'CD-NK', 'locality', 'Goma', '{}', 'facts file §1 [S37][S38]'),
	(36, 'CD-SK', 'locality', 'Bukavu', '{}', 'facts file §1 [S37][S38]'),
	-- Western Sahara
	(37, 'EH', 'site', 'Bou Craa', '{Bu Craa,بوكراع}', 'phosphate mine; facts file [S35]'),
	(38, 'EH', 'locality', 'Laayoune', '{El Aaiun,العيون}', 'facts file §1 [S34]'),
	(39, 'EH', 'locality', 'Dakhla', '{Ad-Dakhla,Villa Cisneros,الداخلة}', 'facts file §1 [S34]'),
	-- Abkhazia and South Ossetia (Georgia)
	(40, 'GE-AB', 'locality', 'Sukhumi', '{Sokhumi,Sukhum,Сухуми,Сухум}', 'facts file §1 [S32]'),
	(41, 'GE-AB', 'locality', 'Tkvarcheli', '{Tkuarchal,Ткварчели,Ткуарчал,ტყვარჩელი}',
	 'coal-mining town in Abkhazia [U]'),
	(42, 'GE-SK', 'locality', 'Tskhinvali', '{Цхинвали,Цхинвал}',
	 'facts file §1 [S32]; ISO 3166-2 has no South Ossetia code'),
	-- Transnistria (Moldova)
	(43, 'MD-SN', 'locality', 'Tiraspol', '{}', 'facts file §1 [S33]'),
	(44, 'MD-SN', 'locality', 'Rîbnița', '{Rybnitsa,Rybnytsia,Рыбница,Рибниця}', 'facts file §1 [S33]'),
	(45, 'MD-BD', 'locality', 'Bender', '{Tighina,Bendery,Бендери}',
	 'ISO 3166-2 MD-BD; held by the PMR (facts file §0, §1 [S26][S33])')
),
inserted AS (
	INSERT INTO place (id, territory, kind, name, source, shipped) OVERRIDING SYSTEM VALUE
	SELECT id, territory::territory, kind, name, source, true FROM gazetteer
	RETURNING id
)
INSERT INTO place_name (place_id, name, shipped)
SELECT i.id, a.alias, true
FROM inserted i JOIN gazetteer g USING (id), unnest(g.aliases::text[]) a(alias);

-- Shipped rows are the extension's: CREATE EXTENSION recreates them and
-- pg_dump leaves them out, so a change to one would be lost on restore.
CREATE FUNCTION protect_shipped_rows() RETURNS trigger
	LANGUAGE plpgsql SET search_path = pg_catalog AS $$
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
