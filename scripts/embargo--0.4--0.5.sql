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
------------------------------------------------------------------------------
-- The shipped rule pack, 0.5 changes: rules that look at the chain of custody.
--
-- What this is.  The changes embargo 0.5 makes to the shipped rules of
-- data/rule_pack.sql (0.3): shipped rules turned into hop rules, new hop
-- rules and new exceptions.  `make` appends this file to
-- upgrade/embargo--0.4--0.5.sql, so it runs inside CREATE EXTENSION / ALTER
-- EXTENSION UPDATE, in schema embargo, after the hop columns of
-- embargo.rule exist.  Facts and sources: the shared legal facts file, §0
-- (origin tests), §2 (US, EU, UK) and §3 (EU 2017/821, Dodd-Frank §1502,
-- UFLPA); every citation names its source key [Sn] from that file.  Nothing
-- here is legal advice: verify against EUR-Lex, OFAC, legislation.gov.uk.
-- The conventions of data/rule_pack.sql hold (ids, actions, [U] facts,
-- [valid_from, valid_until) shipment dates, "until D" read strictly).
--
-- Why.  0.3 judged only the declared origin, so it could not see what the
-- instruments reach beyond it (§0: "EU/UK iron & steel, diamonds and UK gold
-- also reach third-country-processed goods"; OFAC origin is the country of
-- substantial transformation; the US aluminium tariff uses the smelt/cast
-- country; 3TG due diligence follows the mine, not the exporter).  0.5
-- screens a shipment with its chain of custody, hops like
-- 'mined:CD-NK#34@2024-05-01 > exported:RW > refined:CN', and a rule with
-- hop_roles judges the hops with those roles instead of the declared origin:
--   any      every such hop (smelted in RU; transited through RU);
--   last     only the last such hop; with the transforming roles, the country
--            of last substantial transformation (EU and OFAC origin);
--   earlier  a such hop followed later by a transforming hop outside the
--            rule's territory: an input processed further ("processed in a
--            third country from Russian inputs").
-- Transforming roles: mined, concentrated, smelted, cast, refined,
-- processed, manufactured (not transit, exported).  hop_date_from: the hop's
-- own date (production, passage) must be on or after it; an undated hop
-- counts as on or after (conservative).  Territory, place, controller,
-- status, HS and shipment dates apply to the judged hop as they did to the
-- origin; controller and status are tagged on the hop's date (the shipment
-- date if the hop is undated).  With no chain, or no hop with any of the
-- rule's roles, the declared origin stands in as one undated hop with every
-- role but never "earlier": rules turned into `any`/`last` hop rules screen
-- chainless shipments as before, and `earlier` rules do not fire without a
-- chain (the declared-origin rules still do).
--
-- What changed (rule ids; * = an existing rule changed):
--   US   *1, *2 notes; 7, 8 E.O. 13685 Crimea "directly or indirectly":
--        any transforming hop in Crimea or Sevastopol.
--        *12 note; 17, 18 E.O. 14114 / 89 FR 16450 diamonds cut abroad from
--        RF stones (>=1.0 ct from 1 Mar 2024, >=0.5 ct from 1 Sep 2024).
--        *15, *16 metals determination: the last transforming hop, produced
--        on or after 13 Apr 2024 (OFAC FAQ 1019).
--        *20 note; 21 s232: primary aluminium smelted or cast in RF, from
--        10 Apr 2023, whatever the declared origin.
--   EU   *111 note; 113 Art 3g(1)(d) iron and steel processed in a third
--        country from RF inputs, from 30 Sep 2023.
--        *121 note; 122, 123 Art 3j coal exported from RF (wind-down review,
--        then prohibit); 124 any RF export or transit hop (review, [U]).
--        *125 note; 127, 128 Art 3o gold exported from RF; 129 gold
--        jewellery processed abroad from RF inputs (review, [U]); 137 any
--        RF export hop (review, [U]).
--        *130 note; 131, 132 Art 3p diamonds processed abroad (>=1.0 ct from
--        1 Mar 2024, >=0.5 ct incl. jewellery from 1 Sep 2024); 133 other
--        Annex XXXVIIIA goods (review, [U]); 134, 135 diamonds exported from
--        or transited through RF from 1 Jan 2024; 136 any RF export or
--        transit hop (review, [U]).
--   UK   *210 note; 214 Ch 4CA iron and steel processed abroad from RF
--        inputs, from 30 Sep 2023, with 219 as its review floor.
--        *215 note; 217 gold processed abroad from RF gold, from 1 Jan 2023,
--        with 218 (review) as its floor and for gold jewellery ([U]).
--        *230 note; 231, 232 diamonds processed abroad (>=1.0 ct from 1 Mar
--        2024, >=0.5 ct from 1 Sep 2024); 233 jewellery (review, [U]); 234
--        synthetic diamonds processed abroad from 24 Apr 2025.
--   3TG  *500–509, *520–529 EU 2017/821 and Dodd-Frank §1502: judged on
--        where the ore was mined or concentrated, not where it was exported
--        from (Rubaya coltan exported as Rwandan [S37] is Congolese ore).
--        *540–545 AFC/M23: likewise, controller M23 on the hop's date.
--   UFLPA *560 note; 561 goods made "wholly or in part" in Xinjiang: any
--        transforming hop there.
--
-- "Exported from" and "transited through".  A chain records the passage of
-- inputs too ('mined:RU > exported:RU > processed:IN': rough exported from
-- RF, then cut in India).  That export is not the imported goods' export:
-- counting it would prohibit every stone cut from RF rough from 1 Jan 2024
-- and make the processed-diamond thresholds void.  So the prohibit rules
-- take roles = the transforming roles + exported (or + transit) with
-- `last`: the last hop that made or moved the goods that way is in RF,
-- i.e. they were exported from (transited through) RF after their last
-- transformation, or last transformed there (RF origin).  What `last` cannot
-- see (an earlier RF passage: an input's, or one followed by a re-export or
-- a transit elsewhere) is caught by a review rule on any exported/transit
-- hop in RF ([U]: the facts do not say whether it counts).  An `after`
-- hop_select (a hop not followed by a transforming hop) would say this in
-- one rule; the 0.5 schema has only any/last/earlier.
--
-- Floors.  Where evidence should lower a prohibit to review rather than to
-- allow (the fact it rests on is [U]), the exception lifts the prohibit
-- rule and a review rule of the same scope stays, as rules 310/311 do
-- (UK 214/219, 217/218).
--
-- New evidence codes (pass them to screen()/explain()); each lifts only the
-- rules it is attached to, on shipment dates in its window:
--   diamond-below-1.0ct, diamond-below-0.5ct
--       every diamond of the goods (loose, or set in the article) weighs
--       less than 1.0 ct / 0.5 ct (0.5 ct = 0.1 g).  The engine does not
--       know carats: the thresholds of the processed-diamond rules are
--       these exceptions.  A stone below 0.5 ct is below 1.0 ct too, so
--       diamond-below-0.5ct also lifts the 1.0 ct rules.
--   outside-ru-before-2024-03-01, outside-ru-before-2024-09-01
--       (now also) US GL 104: the stones were outside RF before that day;
--       lifts rules 17/18 until GL 104 expired on 1 Sep 2025 (that day
--       itself is under the rules).
--   ru-steel-inputs-7201-7204
--       the only RF iron and steel inputs are pig iron (7201) or ferrous
--       waste and scrap (7204), not Annex XVII goods: Art 3g(1)(d) does not
--       catch the product (EC FAQ [S4]).
--   ru-steel-inputs-7207.12.10-7224.90
--       every other RF iron or steel input is a slab of CN 7207 12 10 or a
--       semi-finished product of 7224 90: caught only from 1 Oct 2028.
--   ru-steel-inputs-7207.11-7207.12.10-7224.90
--       every other RF iron or steel input is of 7207 11, 7207 12 10 or
--       7224 90: caught from 1 Apr 2024 at the earliest.
--       ("other" = other than 7201/7204.  With mixed inputs, pass the code
--       whose list holds them all; none fits if an input is caught already.)
--   outside-ru-before-2022-07-21 (now also) on UK rule 217: the RF gold
--       was exported from RF before 21 Jul 2022.
--
-- Ambiguous facts and the choices made are in each rule's note; in short:
--   * US E.O. 13685: the hop rules catch Crimean hops that transform the
--     goods; a hop that only transits or exports through Crimea is not
--     caught (the facts do not say passage makes goods "from" Crimea).
--   * US diamonds: the determinations the facts give reach stones (7102),
--     not jewellery set abroad with RF stones: no rule for that.
--   * EU/UK iron and steel: mined and concentrated hops (iron ore) are not
--     iron and steel inputs and do not trigger; a smelted hop does (it may
--     be steel), pig iron only is lifted by ru-steel-inputs-7201-7204.  The
--     UK input carve-outs are not in the facts file: the EU codes lower the
--     UK rule to review, not to allow.
--   * EU coal, gold, diamonds: "exported from" (and for diamonds "transited
--     through") RF is judged after the last transformation (see above);
--     coal transit, and any RF passage before processing or a re-export,
--     are [U]: review.  EU gold jewellery processed abroad is [U] in the
--     facts: review.  EU Annex XXXVIIIA beyond 7102/7113 [U]: review.
--   * UK processed gold: 7108 is certain; jewellery and gold that left RF
--     before 21 Jul 2022 are [U]: review.
--   * Quotas, the Annex I thresholds of 2017/821, the evidence duty of
--     Art 3g(1)(d) and entity lists stay unmodelled.
------------------------------------------------------------------------------

ALTER TABLE rule DISABLE TRIGGER protect_shipped;
ALTER TABLE rule_exception DISABLE TRIGGER protect_shipped;

------------------------------------------------------------------------------
-- Existing rules turned into hop rules, and notes that pointed at 0.5.
------------------------------------------------------------------------------

-- US E.O. 13685: the declared origin stays with rules 1/2; hops with 7/8.
UPDATE rule SET note = 'all goods from Crimea, "directly or indirectly": this rule judges the declared origin; goods mined, made or worked in Crimea and processed or shipped on elsewhere are caught at their hop by rule 7. GL 4 is export-only, so no exception'
WHERE id = 1 AND shipped;
UPDATE rule SET note = 'as rule 1, for Sevastopol (hops: rule 8)'
WHERE id = 2 AND shipped;

-- US diamonds: stones cut abroad now have rules of their own.
UPDATE rule SET note = 'RF non-industrial diamonds (unsorted too from 1 Mar 2024), judged on the declared origin; the facts map the measure to 7102, which also holds industrial diamonds: check those by hand. Stones from RF cut abroad (>=1.0 ct from 1 Mar 2024, >=0.5 ct from 1 Sep 2024, E.O. 14114): rules 17 and 18'
WHERE id = 12 AND shipped;

-- US metals determination: the country of last substantial transformation,
-- and the production date, read from the chain (OFAC FAQ 1019).
UPDATE rule SET hop_roles = '{mined,concentrated,smelted,cast,refined,processed,manufactured}',
                hop_select = 'last', hop_date_from = '2024-04-13',
                note = 'RF aluminium, copper, nickel produced on or after 13 Apr 2024, incl. FTZ admission: the unwrought metal (7601, 7403, 7502) is surely covered; the rest of chapters 74–76 is review (rule 16) because the exact HTS list is [U]. Judged on the last transforming hop of the chain (the country of last substantial transformation, OFAC FAQ 1019), whose production date must be on or after 13 Apr 2024: metal produced earlier, and goods substantially transformed abroad, are not covered. An undated hop counts as produced on or after that day. Without a chain, or with no transforming hop in it, the declared origin stands in, undated: evidence metal-produced-before-2024-04-13 then shows metal produced earlier'
WHERE id = 15 AND shipped;
UPDATE rule SET hop_roles = '{mined,concentrated,smelted,cast,refined,processed,manufactured}',
                hop_select = 'last', hop_date_from = '2024-04-13',
                note = '[U] the exact HTS list of the metals determination is not in the facts file: chapters 74, 75 and 76 are review, their unwrought metal prohibit (rule 15). Judged like rule 15: the last transforming hop, produced on or after 13 Apr 2024 (undated counts as on or after); evidence metal-produced-before-2024-04-13 for shipments without a dated chain'
WHERE id = 16 AND shipped;

-- s232: rule 20 keeps the RF articles (declared origin); rule 21 the hops.
UPDATE rule SET note = 'a 200% tariff, not a ban and not a licence: review flags the duty and the smelt/cast country declaration. Judges the declared origin (RF articles from 10 Mar 2023); aluminium smelted or cast in RF and worked elsewhere, from 10 Apr 2023: rule 21. Goods declared at 6 digits do not match the 8-digit HTS lines'
WHERE id = 20 AND shipped;

-- EU notes that said "not modelled"
UPDATE rule SET note = 'RF iron and steel, headings 7206–7229 and chapter 73 as the facts give them, judged on the declared origin; 7201 and 7204 are not Annex XVII goods and 7201/7203 fall under Art 3i (rules 115/116). Third-country goods processed from RF steel (Art 3g(1)(d), from 30 Sep 2023, with later dates for some inputs): rule 113'
WHERE id = 111 AND shipped;
UPDATE rule SET note = 'coal, coke and tars originating in RF (the declared origin); exported from RF whatever the declared origin: rules 122/123; any RF export or transit hop in the chain: rule 124 (review)'
WHERE id = 121 AND shipped;
UPDATE rule SET note = 'RF gold: unwrought, semi-manufactured, powder, scrap, coins, jewellery, judged on the declared origin. [U] full CN list: only the headings the facts name. Gold exported from RF: rules 127/128 (any RF export hop: rule 137, review); third-country-processed jewellery [U]: review, rule 129. The facts give 21–22 Jul 2022: prohibit from 22 Jul, 21 Jul is review (rule 126)'
WHERE id = 125 AND shipped;
UPDATE rule SET note = 'RF diamonds (the declared origin). [U] full list: only 7102, 7104, 7113. Exported from or transited through RF: rules 134–136; processed in a third country (>=1.0 ct from 1 Mar 2024; >=0.5 ct or 0.1 g incl. jewellery and watches from 1 Sep 2024): rules 131–133'
WHERE id = 130 AND shipped;

-- UK notes that said "not modelled"
UPDATE rule SET note = 'RF iron and steel, chapters 72/73 as the facts give them, less 7206/7207 (added 2023, rules 211/212), judged on the declared origin. In force 5 pm on 14 Apr 2022: that day is review (rule 213). Third-country-processed goods (Ch 4CA, from 30 Sep 2023): rules 214/219'
WHERE id = 210 AND shipped;
UPDATE rule SET note = 'gold originating in RF and exported from it on or after 21 Jul 2022 (earlier exports: evidence outside-ru-before-2022-07-21). The HS scope of "gold" beyond 7108 is not in the facts file. Third-country-processed gold (from 1 Jan 2023): rules 217/218'
WHERE id = 215 AND shipped;
UPDATE rule SET note = 'RF diamonds (the declared origin); processed abroad (>=1 ct from 1 Mar 2024, >=0.5 ct from 1 Sep 2024, regs 46Z16Q–R; synthetic 7104 21/91 from 24 Apr 2025): rules 231–234'
WHERE id = 230 AND shipped;

-- Conflict minerals: the mine decides, not the exporter.  Rules 500–509
-- (EU 2017/821) and 520–529 (Dodd-Frank §1502) judge the mined and
-- concentrated hops; without a chain, the declared origin as before.
UPDATE rule SET hop_roles = '{mined,concentrated}', hop_select = 'any'
WHERE (id BETWEEN 500 AND 509 OR id BETWEEN 520 AND 529) AND shipped;
UPDATE rule SET note = 'not an import ban: Union importers above the Annex I volume thresholds (not modelled) owe OECD-based CAHRA due diligence, audit and disclosure. "ex" headings are taken whole. Judged on where the ore was mined or concentrated (every such hop), not where the goods were exported, refined or made: coltan mined in the Kivus and exported as Rwandan is caught here [S37]; without a chain, the declared origin. Incl. the M23-held parts of North and South Kivu (see rule 541)'
WHERE id = 500 AND shipped;
UPDATE rule SET note = 'as rule 501; judged on mined and concentrated hops, so ore mined in the DRC and exported through Rwanda (UN Group of Experts: Rubaya coltan [S37]) falls under rule 500, and ore only exported from Rwanda is not caught here'
WHERE id = 505 AND shipped;
UPDATE rule SET note = 'not an import control: SEC issuers report 3TG from the covered countries on Form SD (due 31 May, first 2014); review flags the goods. 3TG = cassiterite, columbite-tantalite, gold, wolframite and derivatives, mapped along the §4 chains. Judged on where the ore was mined or concentrated (every such hop), not where it was exported from; without a chain, the declared origin. Incl. the M23-held parts of the Kivus (see rule 540)'
WHERE id = 520 AND shipped;
UPDATE rule SET note = 'as rule 521; judged on mined and concentrated hops, so ore mined in the DRC and exported through Rwanda [S37] falls under rule 520'
WHERE id = 525 AND shipped;
UPDATE rule SET hop_roles = '{mined,concentrated}', hop_select = 'any'
WHERE id BETWEEN 540 AND 545 AND shipped;
UPDATE rule SET note = '3TG mined or concentrated in areas held by AFC/M23 (Rubaya from 30 Apr 2024, Goma, Bukavu), the controller tagged on the hop''s date (the shipment date if undated): M23 levies on the trade (UN GoE: >=US$800k/month, "most significant contamination" of 3T chains). The facts state no import ban, so review; contested origins match too. Without a chain, the declared origin'
WHERE id = 540 AND shipped;

-- UFLPA: rule 560 judges the declared origin, rule 561 the hops.
UPDATE rule SET note = 'rebuttable presumption: goods made wholly or in part in Xinjiang are barred; CBP exception on clear and convincing evidence (evidence uflpa-exception). This rule judges the declared origin; goods made elsewhere with Xinjiang inputs: rule 561. The UFLPA Entity List is not modelled'
WHERE id = 560 AND shipped;

-- The metals evidence stays for callers without a dated chain.
UPDATE rule_exception SET description = 'aluminium, copper or nickel produced before 13 Apr 2024 (for shipments without a chain, or whose last transforming hop is undated; a dated hop shows it by itself)'
WHERE id IN (3, 4) AND shipped;

------------------------------------------------------------------------------
-- New hop rules.
-- Each row: id, jurisdiction, action, territory, controller, HS prefixes,
-- valid from, valid until (exclusive), hop roles, hop select, hop date from;
-- then instrument, article, citation; then the note.
------------------------------------------------------------------------------

INSERT INTO rule (id, jurisdiction, instrument, article, citation, action, territory, status, controller,
                  hs, valid_from, valid_until, hop_roles, hop_select, hop_date_from, note, shipped)
OVERRIDING SYSTEM VALUE
SELECT id, jurisdiction, instrument, article, citation, action::verdict, territory::territory, NULL, controller,
       hs::hscode[], valid_from::date, valid_until::date,
       CASE roles WHEN 'transforming' THEN '{mined,concentrated,smelted,cast,refined,processed,manufactured}'
                  WHEN 'transforming+exported' THEN '{mined,concentrated,smelted,cast,refined,processed,manufactured,exported}'
                  WHEN 'transforming+transit' THEN '{mined,concentrated,smelted,cast,refined,processed,manufactured,transit}'
                  WHEN 'steel' THEN '{smelted,cast,refined,processed,manufactured}'
                  ELSE roles END::hop_role[],
       hop_select, hop_date_from::date, note, true
FROM (VALUES
	----------------------------------------------------------------------
	-- United States
	----------------------------------------------------------------------
	-- E.O. 13685: Crimea, "directly or indirectly"
	(  7, 'US', 'prohibit', 'UA-43', NULL,  '{}', '2014-12-19', NULL, 'transforming', 'any', NULL,
	 'Executive Order 13685', NULL, 'E.O. 13685 (19 Dec 2014); 31 CFR part 589 [S13]',
	 'all goods from Crimea "directly or indirectly": goods mined, made or worked in Crimea at any hop of the chain, then processed or shipped elsewhere, whoever controls it (as rule 1). A hop that only transits or exports through Crimea is not caught: the facts do not say passage makes goods "from" Crimea. GL 4 is export-only, so no exception'),
	(  8, 'US', 'prohibit', 'UA-40', NULL,  '{}', '2014-12-19', NULL, 'transforming', 'any', NULL,
	 'Executive Order 13685', NULL, 'E.O. 13685 (19 Dec 2014); 31 CFR part 589 [S13]',
	 'as rule 7, for Sevastopol'),
	-- E.O. 14068 as amended by E.O. 14114: RF diamonds cut abroad (89 FR 16450)
	( 17, 'US', 'prohibit', 'RU',    NULL,  '{7102}', '2024-03-01', NULL, 'transforming', 'earlier', NULL,
	 'Executive Order 14068', 'diamond determinations', 'E.O. 14068, as amended by E.O. 14114 (22 Dec 2023); determinations, 89 FR 16450; GL 104 [S11]',
	 'non-industrial diamonds of 1.0 ct or more mined (or otherwise made wholly or in part) in RF and cut or worked abroad, even if substantially transformed there (E.O. 14114): an RF hop followed by a transforming hop. Carats are unknown to the engine: evidence diamond-below-1.0ct (or diamond-below-0.5ct) lifts it; stones of 0.5 ct or more from 1 Sep 2024: rule 18. GL 104, stones outside RF before 1 Mar 2024, until it expired on 1 Sep 2025: evidence outside-ru-before-2024-03-01. 7102 also holds industrial diamonds: check those by hand, as rule 12. Jewellery set abroad with RF stones is not in the determinations the facts give (rule 13 is RF jewellery): not caught'),
	( 18, 'US', 'prohibit', 'RU',    NULL,  '{7102}', '2024-09-01', NULL, 'transforming', 'earlier', NULL,
	 'Executive Order 14068', 'diamond determinations', 'E.O. 14068, as amended by E.O. 14114 (22 Dec 2023); determinations, 89 FR 16450; GL 104 [S11]',
	 'as rule 17, for stones of 0.5 ct or more from 1 Sep 2024: evidence diamond-below-0.5ct lifts it. GL 104, stones outside RF before 1 Sep 2024, until 1 Sep 2025: evidence outside-ru-before-2024-09-01 (or -2024-03-01). A stone of 1.0 ct or more stays under rule 17'),
	-- Proclamation 10522 (s232): the smelt and cast countries
	( 21, 'US', 'review',   'RU',    NULL,  '{7601,7604,7605,7606,7607,7608,7609,7614.10.50,7614.90.20,7614.90.40,7614.90.50,7616.99.51,8708.10.30,8708.29.21}', '2023-04-10', NULL,
	 '{smelted,cast}', 'any', NULL,
	 'Proclamation 10522 (Section 232)', NULL, 'Proclamation 10522, 88 FR 13267 [S12]',
	 'from 10 Apr 2023 the 200% duty also reaches aluminium articles from any country whose primary aluminium was smelted in RF or which were cast in RF: every smelted or cast hop of the chain, whatever the declared origin or the hop''s date. A tariff, not a ban: review. Without a chain (or with no smelted or cast hop) the declared origin stands in, as rule 20. Goods declared at 6 digits do not match the 8-digit HTS lines'),

	----------------------------------------------------------------------
	-- European Union: Reg (EU) No 833/2014
	----------------------------------------------------------------------
	-- Art 3g(1)(d): iron and steel processed in a third country from RF inputs
	(113, 'EU', 'prohibit', 'RU',    NULL,  '{7206,7207,7208,7209,7210,7211,7212,7213,7214,7215,7216,7217,7218,7219,7220,7221,7222,7223,7224,7225,7226,7227,7228,7229,73}', '2023-09-30', NULL,
	 'steel', 'earlier', NULL,
	 'Council Regulation (EU) No 833/2014', 'Art. 3g(1)(d), Annex XVII', 'Reg (EU) No 833/2014, Art 3g(1)(d), as amended by Reg (EU) 2023/1214 and 2023/2878; EC FAQ on Art 3g(1)(d) [S3][S4][S5]',
	 'iron and steel products (headings 7206–7229, chapter 73) processed in a third country incorporating RF iron and steel: an RF smelted, cast, refined, processed or manufactured hop followed by a transforming hop. Mined and concentrated hops (iron ore) are not iron and steel inputs and do not count. Inputs caught later (Reg 2023/2878): 7207 11 from 1 Apr 2024, evidence ru-steel-inputs-7207.11-7207.12.10-7224.90; 7207 12 10 and 7224 90 from 1 Oct 2028, evidence ru-steel-inputs-7207.12.10-7224.90. Pig iron (7201) and scrap (7204) are not Annex XVII goods and are not caught (EC FAQ): evidence ru-steel-inputs-7201-7204. The importer''s duty to show the inputs'' origin (mill certificates; not for Annex XXXVI partners, incl. CH and NO from Dec 2023) and the slab and 7224 90 quotas are not modelled: a chain is taken at its word'),
	-- Art 3j: coal exported from RF
	(122, 'EU', 'review',   'RU',    NULL,  '{2701,2702,2703,2704,2705,2706,2707,2708}', '2022-04-08', '2022-08-10',
	 'transforming+exported', 'last', NULL,
	 'Council Regulation (EU) No 833/2014', 'Art. 3j, Annex XXII', 'Reg (EU) No 833/2014, Art 3j; Reg (EU) 2022/576 [S7]',
	 'coal, coke and tars exported from RF whatever their origin, judged as rule 123, during the wind-down to 10 Aug 2022: review, as rule 120 (prohibit from 10 Aug, rule 123)'),
	(123, 'EU', 'prohibit', 'RU',    NULL,  '{2701,2702,2703,2704,2705,2706,2707,2708}', '2022-08-10', NULL,
	 'transforming+exported', 'last', NULL,
	 'Council Regulation (EU) No 833/2014', 'Art. 3j, Annex XXII', 'Reg (EU) No 833/2014, Art 3j; Reg (EU) 2022/576 [S7]',
	 'coal, coke and tars "originating in or exported from Russia", whatever the declared origin: the last hop that made or exported the goods is in RF (exported from RF after their last transformation, or last transformed there). An exported hop of an input that was transformed later (coal coked abroad) is not the goods'' export, and a re-export from a third country after the RF export hides it: both are review by rule 124. RF origin declared: rule 121'),
	(124, 'EU', 'review',   'RU',    NULL,  '{2701,2702,2703,2704,2705,2706,2707,2708}', '2022-04-08', NULL,
	 '{exported,transit}', 'any', NULL,
	 'Council Regulation (EU) No 833/2014', 'Art. 3j, Annex XXII', 'Reg (EU) No 833/2014, Art 3j; Reg (EU) 2022/576 [S7]',
	 '[U] any exported or transit hop in RF, wherever it lies in the chain: the facts give "origin or exported from RF" for coal, not transit, and do not say whether an input exported from RF and processed abroad, or goods re-exported from a third country, count as exported from RF: review, not prohibit'),
	-- Art 3o: gold exported from RF; jewellery processed abroad
	(127, 'EU', 'prohibit', 'RU',    NULL,  '{7108,7112,7113,7118}', '2022-07-22', NULL,
	 'transforming+exported', 'last', NULL,
	 'Council Regulation (EU) No 833/2014', 'Art. 3o', 'Reg (EU) No 833/2014, Art 3o; Reg (EU) 2022/1269 [S7]',
	 'gold "originating in or exported from Russia", whatever the declared origin: the last hop that made or exported the goods is in RF (as rule 123). [U] full CN list: only the headings the facts name. An RF export of an input refined or worked later, or a re-export from a third country: review, rule 137. 21 Jul 2022 is review (rule 128), as for rule 125'),
	(128, 'EU', 'review',   'RU',    NULL,  '{7108,7112,7113,7118}', '2022-07-21', '2022-07-22',
	 'transforming+exported', 'last', NULL,
	 'Council Regulation (EU) No 833/2014', 'Art. 3o', 'Reg (EU) No 833/2014, Art 3o; Reg (EU) 2022/1269 [S7]',
	 '[U] start 21 or 22 Jul 2022: the uncertain first day is review (prohibit from 22 Jul, rule 127)'),
	(129, 'EU', 'review',   'RU',    NULL,  '{7113}', '2022-07-21', NULL,
	 'transforming', 'earlier', NULL,
	 'Council Regulation (EU) No 833/2014', 'Art. 3o', 'Reg (EU) No 833/2014, Art 3o; Reg (EU) 2022/1269 [S7]',
	 '[U] the facts mark third-country-processed gold jewellery uncertain: jewellery made abroad after an RF hop (any transforming role: the engine cannot tell the gold from the stones) is review, not prohibit, from the first possible day, 21 Jul 2022'),
	(137, 'EU', 'review',   'RU',    NULL,  '{7108,7112,7113,7118}', '2022-07-21', NULL,
	 '{exported}', 'any', NULL,
	 'Council Regulation (EU) No 833/2014', 'Art. 3o', 'Reg (EU) No 833/2014, Art 3o; Reg (EU) 2022/1269 [S7]',
	 '[U] any exported hop in RF, wherever it lies in the chain: whether gold refined or worked abroad from an input exported from RF, or re-exported from a third country, counts as exported from RF is not in the facts file: review, not prohibit, from the first possible day'),
	-- Art 3j, 3o, 3p "originating in Russia", seen in the chain: the country of
	-- the last transformation (wholly obtained: where mined) is RF, whatever was
	-- declared and wherever the goods were exported from afterwards
	(140, 'EU', 'prohibit', 'RU',    NULL,  '{2701,2702,2703,2704,2705,2706,2707,2708}', '2022-08-10', NULL,
	 'transforming', 'last', NULL,
	 'Council Regulation (EU) No 833/2014', 'Art. 3j, Annex XXII', 'Reg (EU) No 833/2014, Art 3j; Reg (EU) 2022/576 [S7]',
	 'coal, coke and tars originating in RF by the chain of custody: last transformed (for coal: mined) in RF, even when re-exported from a third country or declared of another origin (non-preferential origin, Reg 692/2014 Art 1(c) test as for every EU origin rule [S1]); declared RF origin: rule 121'),
	(143, 'EU', 'review',   'RU',    NULL,  '{2701,2702,2703,2704,2705,2706,2707,2708}', '2022-04-08', '2022-08-10',
	 'transforming', 'last', NULL,
	 'Council Regulation (EU) No 833/2014', 'Art. 3j, Annex XXII', 'Reg (EU) No 833/2014, Art 3j; Reg (EU) 2022/576 [S7]',
	 'as rule 140, during the wind-down to 10 Aug 2022: review, as rule 120'),
	(141, 'EU', 'prohibit', 'RU',    NULL,  '{7108,7112,7113,7118}', '2022-07-22', NULL,
	 'transforming', 'last', NULL,
	 'Council Regulation (EU) No 833/2014', 'Art. 3o', 'Reg (EU) No 833/2014, Art 3o; Reg (EU) 2022/1269 [S7]',
	 'gold originating in RF by the chain of custody: last transformed (mined, refined, worked) in RF, even when re-exported from a third country or declared of another origin; declared RF origin: rule 125. 21 Jul 2022 is review (rule 144)'),
	(144, 'EU', 'review',   'RU',    NULL,  '{7108,7112,7113,7118}', '2022-07-21', '2022-07-22',
	 'transforming', 'last', NULL,
	 'Council Regulation (EU) No 833/2014', 'Art. 3o', 'Reg (EU) No 833/2014, Art 3o; Reg (EU) 2022/1269 [S7]',
	 '[U] start 21 or 22 Jul 2022: the uncertain first day is review (prohibit from 22 Jul, rule 141)'),
	(142, 'EU', 'prohibit', 'RU',    NULL,  '{7102,7104,7113}', '2024-01-01', NULL,
	 'transforming', 'last', NULL,
	 'Council Regulation (EU) No 833/2014', 'Art. 3p, Annex XXXVIII', 'Reg (EU) No 833/2014, Art 3p; Reg (EU) 2023/2878 [S3][S8]',
	 'diamonds originating in RF by the chain of custody: last transformed (mined, cut, set) in RF, even when re-exported from a third country or declared of another origin; declared RF origin: rule 130'),
	-- Art 3p: diamonds processed abroad, exported from or transited through RF
	(131, 'EU', 'prohibit', 'RU',    NULL,  '{7102}', '2024-03-01', NULL, 'transforming', 'earlier', NULL,
	 'Council Regulation (EU) No 833/2014', 'Art. 3p, Annex XXXVIIIA', 'Reg (EU) No 833/2014, Art 3p; Reg (EU) 2023/2878 [S3][S8]',
	 'non-industrial diamonds of 1.0 ct or more processed in a third country from RF diamonds, from 1 Mar 2024: an RF hop followed by a transforming hop. Carats are unknown to the engine: evidence diamond-below-1.0ct (or diamond-below-0.5ct) lifts it; 0.5 ct or more from 1 Sep 2024: rule 132'),
	(132, 'EU', 'prohibit', 'RU',    NULL,  '{7102,7113}', '2024-09-01', NULL, 'transforming', 'earlier', NULL,
	 'Council Regulation (EU) No 833/2014', 'Art. 3p, Annex XXXVIIIA', 'Reg (EU) No 833/2014, Art 3p; Reg (EU) 2023/2878 [S3][S8]',
	 'diamonds of 0.5 ct (0.1 g) or more processed in a third country from RF diamonds, incl. jewellery containing them (Annex XXXVIIIA), from 1 Sep 2024: evidence diamond-below-0.5ct lifts it (every stone below 0.5 ct). Watches and the rest of Annex XXXVIIIA: rule 133'),
	(133, 'EU', 'review',   'RU',    NULL,  '{7104,7116,9101,9102}', '2024-09-01', NULL, 'transforming', 'earlier', NULL,
	 'Council Regulation (EU) No 833/2014', 'Art. 3p, Annex XXXVIIIA', 'Reg (EU) No 833/2014, Art 3p; Reg (EU) 2023/2878 [S3][S8]',
	 '[U] Annex XXXVIIIA''s list is not in the facts file (they name 7102, 7104, 7113 and "jewellery/watches"): synthetic diamonds (7104), articles of precious stones (7116) and watches (9101, 9102, mapped by heading title) processed abroad after an RF hop are review, not prohibit; evidence diamond-below-0.5ct lifts it'),
	(134, 'EU', 'prohibit', 'RU',    NULL,  '{7102,7104,7113}', '2024-01-01', NULL, 'transforming+exported', 'last', NULL,
	 'Council Regulation (EU) No 833/2014', 'Art. 3p, Annex XXXVIII', 'Reg (EU) No 833/2014, Art 3p; Reg (EU) 2023/2878 [S3][S8]',
	 'diamonds "originating in or exported from Russia", whatever the declared origin, from 1 Jan 2024: the last hop that made or exported the goods is in RF (exported from RF after their last transformation, or last transformed there). Not an RF export of rough cut later abroad: those stones are under the processed-diamond thresholds (rules 131–133), the export is review by rule 136. [U] full list: only 7102, 7104, 7113, as rule 130'),
	(135, 'EU', 'prohibit', 'RU',    NULL,  '{7102,7104,7113}', '2024-01-01', NULL, 'transforming+transit', 'last', NULL,
	 'Council Regulation (EU) No 833/2014', 'Art. 3p, Annex XXXVIII', 'Reg (EU) No 833/2014, Art 3p; Reg (EU) 2023/2878 [S3][S8]',
	 'diamonds "transited through Russia", from 1 Jan 2024: the last hop that made the goods or carried them in transit is in RF (transited through RF after their last transformation, or last transformed there). A transit through RF followed by a transit elsewhere, or by processing: review, rule 136'),
	(136, 'EU', 'review',   'RU',    NULL,  '{7102,7104,7113}', '2024-01-01', NULL, '{exported,transit}', 'any', NULL,
	 'Council Regulation (EU) No 833/2014', 'Art. 3p, Annex XXXVIII', 'Reg (EU) No 833/2014, Art 3p; Reg (EU) 2023/2878 [S3][S8]',
	 '[U] any exported or transit hop in RF, wherever it lies in the chain: rules 134/135 see only the passage after the last transformation, and only the last one; whether an earlier passage (rough exported from RF and cut abroad below the thresholds, goods re-exported or transited on from a third country) counts is not in the facts file: review, not prohibit'),

	----------------------------------------------------------------------
	-- United Kingdom: SI 2019/855
	----------------------------------------------------------------------
	-- Ch 4CA: iron and steel processed in a third country
	(214, 'UK', 'prohibit', 'RU',    NULL,  '{72,73}', '2023-09-30', NULL, 'steel', 'earlier', NULL,
	 'Russia (Sanctions) (EU Exit) Regulations 2019 (SI 2019/855)', 'Ch. 4CA, Sched. 3B', 'SI 2019/855 Ch 4CA, Sched 3B; SI 2022/452 [S17]',
	 'iron and steel goods (chapters 72/73) processed in a third country from RF iron and steel, from 30 Sep 2023: an RF smelted, cast, refined, processed or manufactured hop followed by a transforming hop (iron ore hops do not count, as rule 113). [U] the UK input carve-outs are not in the facts file: the EU''s input evidence (ru-steel-inputs-7201-7204, -7207.12.10-7224.90 until 1 Oct 2028, -7207.11-7207.12.10-7224.90 until 1 Apr 2024) lifts this rule only to the review of rule 219'),
	(219, 'UK', 'review',   'RU',    NULL,  '{72,73}', '2023-09-30', NULL, 'steel', 'earlier', NULL,
	 'Russia (Sanctions) (EU Exit) Regulations 2019 (SI 2019/855)', 'Ch. 4CA, Sched. 3B', 'SI 2019/855 Ch 4CA, Sched 3B; SI 2022/452 [S17]',
	 'floor under rule 214: goods whose RF inputs the EU catches later or not at all stay under review, since the UK rules on them are [U]'),
	-- Ch 4J: gold processed abroad from RF gold
	(217, 'UK', 'prohibit', 'RU',    NULL,  '{7108}', '2023-01-01', NULL, 'transforming', 'earlier', NULL,
	 'Russia (Sanctions) (EU Exit) Regulations 2019 (SI 2019/855)', 'Ch. 4J, reg. 46Z11', 'SI 2019/855 Ch 4J, reg 46Z11, inserted by the (Amendment) (No. 14) Regulations 2022 [S17]',
	 'gold (7108) processed in a third country incorporating RF gold, from 1 Jan 2023: an RF hop (mined, refined, ...) followed by a transforming hop. [U] whether gold that left RF before 21 Jul 2022 is caught is not in the facts file: evidence outside-ru-before-2022-07-21 lifts this rule only to the review of rule 218'),
	(218, 'UK', 'review',   'RU',    NULL,  '{7108,7113}', '2023-01-01', NULL, 'transforming', 'earlier', NULL,
	 'Russia (Sanctions) (EU Exit) Regulations 2019 (SI 2019/855)', 'Ch. 4J, reg. 46Z11', 'SI 2019/855 Ch 4J, reg 46Z11, inserted by the (Amendment) (No. 14) Regulations 2022 [S17]',
	 '[U] floor under rule 217 (gold that left RF before 21 Jul 2022) and, for jewellery (7113) made abroad after an RF hop, review: the facts name jewellery only as RF jewellery (rule 216), the HS scope of processed "gold" beyond 7108 is not in the facts file. The engine cannot tell a gold hop from a diamond hop'),
	-- regs 46Z16Q–R: diamonds processed abroad
	(231, 'UK', 'prohibit', 'RU',    NULL,  '{7102}', '2024-03-01', NULL, 'transforming', 'earlier', NULL,
	 'Russia (Sanctions) (EU Exit) Regulations 2019 (SI 2019/855)', 'regs. 46Z16Q–46Z16R', 'SI 2019/855 regs 46Z16Q–R; gov.uk diamonds guidance [S16]',
	 'diamonds of 1 ct or more processed in a third country from RF diamonds, from 1 Mar 2024: an RF hop followed by a transforming hop. Evidence diamond-below-1.0ct (or diamond-below-0.5ct) lifts it; 0.5 ct or more from 1 Sep 2024: rule 232'),
	(232, 'UK', 'prohibit', 'RU',    NULL,  '{7102}', '2024-09-01', NULL, 'transforming', 'earlier', NULL,
	 'Russia (Sanctions) (EU Exit) Regulations 2019 (SI 2019/855)', 'regs. 46Z16Q–46Z16R', 'SI 2019/855 regs 46Z16Q–R; gov.uk diamonds guidance [S16]',
	 'as rule 231, for 0.5 ct or more from 1 Sep 2024: evidence diamond-below-0.5ct lifts it'),
	(233, 'UK', 'review',   'RU',    NULL,  '{7113}', '2024-09-01', NULL, 'transforming', 'earlier', NULL,
	 'Russia (Sanctions) (EU Exit) Regulations 2019 (SI 2019/855)', 'regs. 46Z16Q–46Z16R', 'SI 2019/855 regs 46Z16Q–R; gov.uk diamonds guidance [S16]',
	 '[U] whether the UK processed-diamond rules reach jewellery set abroad with RF stones is not in the facts file (they list 7113 for the measure as a whole): review, not prohibit, from the 0.5 ct date; evidence diamond-below-0.5ct lifts it'),
	(234, 'UK', 'prohibit', 'RU',    NULL,  '{7104.21,7104.91}', '2025-04-24', NULL, 'transforming', 'earlier', NULL,
	 'Russia (Sanctions) (EU Exit) Regulations 2019 (SI 2019/855)', 'regs. 46Z16Q–46Z16R', 'SI 2019/855 regs 46Z16Q–R; gov.uk diamonds guidance [S16]',
	 'synthetic diamonds (7104 21, 7104 91) of 0.5 ct or more processed in a third country from RF synthetic diamonds, from 24 Apr 2025: an RF hop followed by a transforming hop; evidence diamond-below-0.5ct lifts it'),

	----------------------------------------------------------------------
	-- UFLPA: made "wholly or in part" in Xinjiang
	----------------------------------------------------------------------
	(561, 'US', 'prohibit', 'CN-XJ', NULL,  '{}', '2022-06-21', NULL, 'transforming', 'any', NULL,
	 'Uyghur Forced Labor Prevention Act (P.L. 117-78)', '§3', 'UFLPA, P.L. 117-78, 135 Stat. 1525, §3; 19 USC 1307 [S23]',
	 'rebuttable presumption on goods mined, produced or manufactured wholly or in part in Xinjiang: any transforming hop there, wherever the goods were finished (rule 560 judges the declared origin). A hop that only transits Xinjiang is not caught. CBP exception on clear and convincing evidence: evidence uflpa-exception. The UFLPA Entity List is not modelled')
) AS r (id, jurisdiction, action, territory, controller, hs, valid_from, valid_until, roles, hop_select, hop_date_from,
        instrument, article, citation, note);

------------------------------------------------------------------------------
-- New exceptions: id, rule, evidence code, valid from, valid until
-- (exclusive), description, citation.
------------------------------------------------------------------------------

INSERT INTO rule_exception (id, rule_id, evidence, valid_from, valid_until, description, citation, shipped)
OVERRIDING SYSTEM VALUE
SELECT id, rule_id, evidence, valid_from::date, valid_until::date, description, citation, true
FROM (VALUES
	-- US diamonds cut abroad: carat thresholds and GL 104
	(  5,  17, 'diamond-below-1.0ct',               '2024-03-01', NULL,
	 'every diamond of the goods weighs less than 1.0 ct: below the threshold of 1 Mar 2024', 'E.O. 14068 determinations, 89 FR 16450 [S11]'),
	(  6,  17, 'diamond-below-0.5ct',               '2024-03-01', NULL,
	 'every diamond of the goods weighs less than 0.5 ct (so less than 1.0 ct)', 'E.O. 14068 determinations, 89 FR 16450 [S11]'),
	(  7,  17, 'outside-ru-before-2024-03-01',      '2024-03-01', '2025-09-01',
	 'GL 104: the stones were outside the Russian Federation before 1 Mar 2024; GL 104 expired on 1 Sep 2025 (that day itself excluded)', 'OFAC GL 104; 89 FR 16450 [S11]'),
	(  8,  18, 'diamond-below-0.5ct',               '2024-09-01', NULL,
	 'every diamond of the goods weighs less than 0.5 ct: below the threshold of 1 Sep 2024', 'E.O. 14068 determinations, 89 FR 16450 [S11]'),
	(  9,  18, 'outside-ru-before-2024-09-01',      '2024-09-01', '2025-09-01',
	 'GL 104: the stones were outside the Russian Federation before 1 Sep 2024; GL 104 expired on 1 Sep 2025 (that day itself excluded)', 'OFAC GL 104; 89 FR 16450 [S11]'),
	( 10,  18, 'outside-ru-before-2024-03-01',      '2024-09-01', '2025-09-01',
	 'GL 104: the stones were outside the Russian Federation before 1 Mar 2024, so before 1 Sep 2024 too; until 1 Sep 2025 (excluded)', 'OFAC GL 104; 89 FR 16450 [S11]'),
	-- EU Art 3g(1)(d): inputs caught later, and inputs not caught
	(110, 113, 'ru-steel-inputs-7201-7204',         '2023-09-30', NULL,
	 'the only RF iron and steel inputs are pig iron (7201) or ferrous waste and scrap (7204), which are not Annex XVII goods', 'Reg (EU) No 833/2014, Art 3g(1)(d); EC FAQ [S4]'),
	(111, 113, 'ru-steel-inputs-7207.11-7207.12.10-7224.90', '2023-09-30', '2024-04-01',
	 'every RF iron or steel input other than 7201/7204 is of 7207 11, 7207 12 10 or 7224 90: none is caught before 1 Apr 2024 (that day itself excluded)', 'Reg (EU) No 833/2014, Art 3g(1)(d); Reg (EU) 2023/2878 [S3][S5]'),
	(112, 113, 'ru-steel-inputs-7207.12.10-7224.90', '2023-09-30', '2028-10-01',
	 'every RF iron or steel input other than 7201/7204 is a slab of CN 7207 12 10 or of 7224 90: none is caught before 1 Oct 2028 (that day itself excluded)', 'Reg (EU) No 833/2014, Art 3g(1)(d); Reg (EU) 2023/2878 [S3][S5]'),
	-- EU Art 3p: carat thresholds of the processed-diamond rules
	(113, 131, 'diamond-below-1.0ct',               '2024-03-01', NULL,
	 'every diamond of the goods weighs less than 1.0 ct: below the threshold of 1 Mar 2024', 'Reg (EU) No 833/2014, Art 3p; Reg (EU) 2023/2878 [S3][S8]'),
	(114, 131, 'diamond-below-0.5ct',               '2024-03-01', NULL,
	 'every diamond of the goods weighs less than 0.5 ct (so less than 1.0 ct)', 'Reg (EU) No 833/2014, Art 3p; Reg (EU) 2023/2878 [S3][S8]'),
	(115, 132, 'diamond-below-0.5ct',               '2024-09-01', NULL,
	 'every diamond of the goods, loose or set, weighs less than 0.5 ct (0.1 g): below the threshold of 1 Sep 2024', 'Reg (EU) No 833/2014, Art 3p; Reg (EU) 2023/2878 [S3][S8]'),
	(116, 133, 'diamond-below-0.5ct',               '2024-09-01', NULL,
	 'every diamond of the goods, loose or set, weighs less than 0.5 ct (0.1 g): below the threshold of 1 Sep 2024', 'Reg (EU) No 833/2014, Art 3p; Reg (EU) 2023/2878 [S3][S8]'),
	-- UK Ch 4CA: the EU input evidence lowers rule 214 to the review of rule 219
	(210, 214, 'ru-steel-inputs-7201-7204',         '2023-09-30', NULL,
	 'the only RF iron and steel inputs are pig iron (7201) or ferrous waste and scrap (7204): the EU does not catch them, the UK rule is [U], so the shipment stays under review (rule 219)', 'SI 2019/855 Ch 4CA [S17]; EC FAQ on Art 3g(1)(d) [S4]'),
	(211, 214, 'ru-steel-inputs-7207.11-7207.12.10-7224.90', '2023-09-30', '2024-04-01',
	 'every RF iron or steel input other than 7201/7204 is of 7207 11, 7207 12 10 or 7224 90: the EU catches none before 1 Apr 2024, the UK rule is [U], so the shipment stays under review (rule 219)', 'SI 2019/855 Ch 4CA [S17]; Reg (EU) 2023/2878 [S5]'),
	(212, 214, 'ru-steel-inputs-7207.12.10-7224.90', '2023-09-30', '2028-10-01',
	 'every RF iron or steel input other than 7201/7204 is of CN 7207 12 10 or 7224 90: the EU catches none before 1 Oct 2028, the UK rule is [U], so the shipment stays under review (rule 219)', 'SI 2019/855 Ch 4CA [S17]; Reg (EU) 2023/2878 [S5]'),
	-- UK Ch 4J: RF gold that left RF before the ban lowers rule 217 to the review of rule 218
	(217, 217, 'outside-ru-before-2022-07-21',      '2023-01-01', NULL,
	 'the RF gold incorporated was exported from the Russian Federation before 21 Jul 2022: whether it is caught is [U], so the shipment stays under review (rule 218)', 'SI 2019/855 reg 46Z11 [S17]'),
	-- UK regs 46Z16Q–R: carat thresholds
	(231, 231, 'diamond-below-1.0ct',               '2024-03-01', NULL,
	 'every diamond of the goods weighs less than 1 ct: below the threshold of 1 Mar 2024', 'SI 2019/855 regs 46Z16Q–R [S16]'),
	(232, 231, 'diamond-below-0.5ct',               '2024-03-01', NULL,
	 'every diamond of the goods weighs less than 0.5 ct (so less than 1 ct)', 'SI 2019/855 regs 46Z16Q–R [S16]'),
	(233, 232, 'diamond-below-0.5ct',               '2024-09-01', NULL,
	 'every diamond of the goods weighs less than 0.5 ct: below the threshold of 1 Sep 2024', 'SI 2019/855 regs 46Z16Q–R [S16]'),
	(234, 233, 'diamond-below-0.5ct',               '2024-09-01', NULL,
	 'every diamond set in the article weighs less than 0.5 ct', 'SI 2019/855 regs 46Z16Q–R [S16]'),
	(235, 234, 'diamond-below-0.5ct',               '2025-04-24', NULL,
	 'every synthetic diamond of the goods weighs less than 0.5 ct: below the threshold of 24 Apr 2025', 'SI 2019/855 regs 46Z16Q–R [S16]'),
	-- UFLPA
	(501, 561, 'uflpa-exception',                   '2022-06-21', NULL,
	 'CBP granted an exception to the UFLPA presumption: full compliance with the guidance, complete answers to CBP, clear and convincing evidence that the goods are not made with forced labour', 'UFLPA §3(b), P.L. 117-78 [S23]')
) AS e (id, rule_id, evidence, valid_from, valid_until, description, citation);

ALTER TABLE rule ENABLE TRIGGER protect_shipped;
ALTER TABLE rule_exception ENABLE TRIGGER protect_shipped;
