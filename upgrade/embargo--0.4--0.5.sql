/* embargo--0.4--0.5.sql: chains of custody, and rules that look at every hop */

\echo Use "ALTER EXTENSION embargo UPDATE TO '0.5'" to load this file. \quit

-- (The build appends the rule pack's changes, data/rule_pack_0.5.sql.)

------------------------------------------------------------------------------
-- Hop roles: what happened to the goods at a hop.  Every role but transit
-- and exported transforms the goods; record a hop as processed only when it
-- changed what the goods are (a new heading, a new article), not for
-- sorting, packing or cutting to length.  The C code knows these names in
-- this order (src/custody.c): add a value only together with it.
------------------------------------------------------------------------------

CREATE TYPE hop_role AS ENUM ('mined', 'concentrated', 'smelted', 'cast', 'refined',
                              'processed', 'manufactured', 'transit', 'exported');
COMMENT ON TYPE hop_role IS 'what happened to goods at one hop of a chain of custody: mined, concentrated, smelted, cast, refined, processed, manufactured (these transform the goods), transit or exported';

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
COMMENT ON TYPE custody IS 'chain of custody: ordered hops role:territory[#place][@date], separated by ">"';

CREATE CAST (custody AS text) WITH INOUT;
CREATE CAST (text AS custody) WITH INOUT;

CREATE FUNCTION hops(chain custody)
	RETURNS TABLE (hop integer, role hop_role, territory territory, place_id integer, on_date date)
	AS 'MODULE_PATHNAME', 'custody_hops' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 4;
COMMENT ON FUNCTION hops(custody) IS 'the hops of a chain of custody, numbered from 1, in order';

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
	AS 'MODULE_PATHNAME', 'custody_hop_by_name' LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION hop(hop_role, territory, text, date) IS
	'a one-hop chain: role, territory, optionally a place name (looked up in embargo.place_name) and a date; join hops with ||';
CREATE FUNCTION hop(role hop_role, territory territory, place_id integer,
                    on_date date DEFAULT NULL) RETURNS custody
	AS 'MODULE_PATHNAME', 'custody_hop_by_id' LANGUAGE C STABLE PARALLEL SAFE;
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
-- "earlier").  Rules without hop_roles judge the declared origin, as before.
------------------------------------------------------------------------------

ALTER TABLE rule
	ADD COLUMN hop_roles hop_role[]
		CHECK (array_ndims(hop_roles) = 1 AND cardinality(hop_roles) > 0
		       AND array_position(hop_roles, NULL) IS NULL),
	ADD COLUMN hop_select text CHECK (hop_select IN ('any', 'last', 'earlier')),
	ADD COLUMN hop_date_from date,
	ADD CONSTRAINT rule_hop_scope
		CHECK (hop_roles IS NOT NULL OR (hop_select IS NULL AND hop_date_from IS NULL));
COMMENT ON COLUMN rule.hop_roles IS 'hop scope: judge the hops of the chain of custody with these roles (NULL: judge the declared origin)';
COMMENT ON COLUMN rule.hop_select IS 'which of those hops: any (NULL means any), last, or earlier (transformed again later, outside the rule''s territory)';
COMMENT ON COLUMN rule.hop_date_from IS 'the hop''s own date (production, passage) must be on or after this; undated hops count as on or after';

------------------------------------------------------------------------------
-- Screening with a chain of custody.  Not STRICT: a NULL chain means none
-- was declared, and NULL evidence means none; NULL in any other argument
-- gives NULL.
------------------------------------------------------------------------------

CREATE FUNCTION screen(origin origin, hs hscode, on_date date, jurisdiction text,
                       evidence text[], custody custody) RETURNS verdict
	AS 'MODULE_PATHNAME', 'screen_origin' LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION screen(origin, hscode, date, text, text[], custody) IS
	'screen() with the shipment''s chain of custody: rules with hop roles look at its hops';

CREATE FUNCTION screen(territory territory, place text, hs hscode, on_date date, jurisdiction text,
                       evidence text[], custody custody) RETURNS verdict
	AS 'MODULE_PATHNAME', 'screen_declared' LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION screen(territory, text, hscode, date, text, text[], custody) IS
	'screen goods declared by territory and/or place name, with their chain of custody';

CREATE FUNCTION explain(origin origin, hs hscode, on_date date, jurisdiction text,
                        evidence text[], custody custody)
	RETURNS TABLE (rule_id integer, action verdict, hop integer, instrument text, article text,
	               citation text, why text)
	AS 'MODULE_PATHNAME', 'explain_origin' LANGUAGE C STABLE PARALLEL SAFE ROWS 4;
COMMENT ON FUNCTION explain(origin, hscode, date, text, text[], custody) IS
	'explain() with the chain of custody: hop is the hop a rule matched (NULL: the declared origin)';
