-- The baselines of the screening benchmarks (included with \ir by
-- screen.sql, enforce.sql and custody.sql): the rules as a competent SQL
-- user would keep and query them without screen() — in a plain table of
-- their own, indexed for each way a rule can be found from an origin, and
-- looked up by index, never by reading every rule of a jurisdiction.
--
-- What they cover: exactly the semantics of standing_rules.sql and the
-- README, chains of custody included.  What is judged is the declared
-- origin (h_role NULL), or one hop of the chain, tagged on its date (the
-- shipment's if undated): an enabled rule of the jurisdiction, in force on
-- the date, whose HS prefixes contain the goods' code (or which has none),
-- whose territory contains the origin's, whose place is the origin's, whose
-- controller is the origin's or the state backing it, whose status is the
-- origin's (occupied also matching a contested origin), not lifted by an
-- exception for evidence presented and in force on the date; a rule about
-- control (status occupied or a controller, not status contested) asks
-- only for review of a contested origin.  A rule with hop roles judges the
-- hops with one of them (any such hop; the last; or an earlier one, when a
-- transforming hop outside the rule's territory comes later: h_later_made),
-- dated on or after hop_date_from if dated, and the declared origin when
-- the chain (chain_roles: the roles it has hops for) has no hop with one
-- of them, unless the rule is about earlier hops.  With the defaults:
-- screening without a chain, which is what screen.sql and enforce.sql
-- measure (custody.sql passes the hops).  The verdict is the most severe
-- action.  The rules are as the organisation's overrides
-- (embargo.rule_override) leave them: switched off, or their dates
-- narrowed.  The rows screened present only evidence codes that some
-- exception of their jurisdiction names (screen() refuses others; for
-- enforce(), see enforce.sql) and canonical jurisdiction codes.
--
-- Why this is the best a competent user would write.  Four partial btree
-- indexes on (jurisdiction, X), each holding the enabled rules whose most
-- selective origin column is X — the place; else the territory; else the
-- controller; else the status (or none) — so that every enabled rule is in
-- exactly one.  The query probes them with the keys the origin can match —
-- its place; its territory and each of its ISO ancestors, from a small
-- lookup table (a rule on UA or on GB-SCT then finds UA-23 or GB-ABE by
-- equality, which a btree serves, instead of a containment test against
-- every rule); its controller and the state backing it; its status (and
-- occupied, for a contested origin) or none — as one bitmap OR of the four
-- index scans, which returns the handful of candidate rules that share a
-- key with the origin.  Dates, HS prefixes, hop roles and the rest of the
-- scope are checked on those few rows: HS prefixes are not indexed, since
-- the origin keys already leave a few candidates, and a GIN index on the
-- prefix array would only add a scan OR'ed with the rules on all goods.
-- Exceptions are looked up through an index on (rule_id, evidence), for a
-- rule that matches and only when evidence is presented.  All of it one
-- SQL statement, which the planner inlines into the query that calls it:
-- one statement per row in PL/pgSQL (the keys are computed within it: a
-- statement of their own would cost more than the lookup), a LATERAL join
-- in set-based SQL.  Of the forms we measured — a UNION ALL of four index
-- scans, the keys computed in PL/pgSQL first, this — this is the fastest.

------------------------------------------------------------------------------
-- The user's tables: copies of embargo.rule (as overridden),
-- embargo.rule_exception and the evidence codes each jurisdiction knows,
-- made again after each change to the rule set (pg_temp.copy_rules()); the
-- ISO ancestors of every territory.
------------------------------------------------------------------------------

CREATE TABLE public.bench_rule (
	id            integer PRIMARY KEY,
	jurisdiction  text NOT NULL,
	action        embargo.verdict NOT NULL,
	territory     embargo.territory,
	place_id      integer,
	controller    text,
	status        text,
	hs            embargo.hscode[] NOT NULL,
	valid_from    date,
	valid_until   date,
	hop_roles     embargo.hop_role[],
	hop_select    text,
	hop_date_from date,
	enabled       boolean NOT NULL,
	instrument    text NOT NULL,
	article       text,
	citation      text NOT NULL);
-- each enabled rule in exactly one of these, by the most selective column it names
CREATE INDEX bench_rule_place_idx ON public.bench_rule (jurisdiction, place_id)
	WHERE enabled AND place_id IS NOT NULL;
CREATE INDEX bench_rule_territory_idx ON public.bench_rule (jurisdiction, territory)
	WHERE enabled AND place_id IS NULL AND territory IS NOT NULL;
CREATE INDEX bench_rule_controller_idx ON public.bench_rule (jurisdiction, controller)
	WHERE enabled AND place_id IS NULL AND territory IS NULL AND controller IS NOT NULL;
CREATE INDEX bench_rule_rest_idx ON public.bench_rule (jurisdiction, coalesce(status, 'any'))
	WHERE enabled AND place_id IS NULL AND territory IS NULL AND controller IS NULL;

CREATE TABLE public.bench_rule_exception (
	rule_id       integer NOT NULL,
	evidence      text NOT NULL,
	valid_from    date,
	valid_until   date);
CREATE INDEX bench_rule_exception_idx ON public.bench_rule_exception (rule_id, evidence);

-- The evidence codes some exception of the jurisdiction names (of any rule,
-- enabled or not, in force or not), as view embargo.evidence_codes has them.
CREATE TABLE public.bench_evidence_code (
	jurisdiction  text,
	evidence      text,
	PRIMARY KEY (jurisdiction, evidence));

-- Every ISO 3166 code with itself and each of its ISO ancestors: a rule on
-- territory T applies to an origin in territory O when (O, T) is here.
CREATE TABLE public.bench_territory_up (
	territory     embargo.territory,
	up            embargo.territory,
	PRIMARY KEY (territory, up));
INSERT INTO public.bench_territory_up
WITH RECURSIVE up(territory, up) AS (
	SELECT code, code FROM embargo.territories()
	UNION ALL
	SELECT u.territory, t.parent FROM up u JOIN embargo.territories() t ON t.code = u.up
	WHERE t.parent IS NOT NULL)
SELECT territory, up FROM up;
VACUUM ANALYZE public.bench_territory_up;

-- Which rule status matches which origin status ('any': a rule without
-- one), for the set-based baseline's hash join (screen.sql).
CREATE TABLE public.bench_status_match (
	o_status      text,
	r_status      text,
	PRIMARY KEY (o_status, r_status));
INSERT INTO public.bench_status_match VALUES
	('sovereign', 'any'), ('sovereign', 'sovereign'), ('occupied', 'any'), ('occupied', 'occupied'),
	('contested', 'any'), ('contested', 'contested'), ('contested', 'occupied');
VACUUM ANALYZE public.bench_status_match;

CREATE FUNCTION pg_temp.copy_rules() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	TRUNCATE public.bench_rule, public.bench_rule_exception, public.bench_evidence_code;
	-- an override switches a rule off or narrows its dates (greatest() and
	-- least() ignore NULLs, an open end)
	INSERT INTO public.bench_rule
	SELECT r.id, r.jurisdiction, r.action, r.territory, r.place_id, r.controller, r.status, r.hs,
	       greatest(r.valid_from, o.valid_from), least(r.valid_until, o.valid_until),
	       r.hop_roles, r.hop_select, r.hop_date_from, r.enabled AND coalesce(o.enabled, true),
	       r.instrument, r.article, r.citation
	FROM embargo.rule r LEFT JOIN embargo.rule_override o ON o.rule_id = r.id;
	INSERT INTO public.bench_rule_exception
	SELECT rule_id, evidence, valid_from, valid_until FROM embargo.rule_exception;
	INSERT INTO public.bench_evidence_code
	SELECT DISTINCT r.jurisdiction, x.evidence FROM embargo.rule_exception x JOIN embargo.rule r ON r.id = x.rule_id;
	ANALYZE public.bench_rule;
	ANALYZE public.bench_rule_exception;
	ANALYZE public.bench_evidence_code;
END $$;

------------------------------------------------------------------------------
-- The rules that apply to what is judged (the declared origin, or a hop of
-- the chain: its territory, place, controller and status), for goods of an
-- HS code shipped on a date into a jurisdiction, and stand against the
-- evidence, with each rule's action after the cap for contested origins;
-- the parameters are those of bench_standing_rules() (standing_rules.sql),
-- less the backer, looked up here.  A plain SQL function, so that the
-- planner inlines it into the query that calls it.
------------------------------------------------------------------------------

CREATE FUNCTION public.bench_indexed_rules(o_terr embargo.territory, o_place integer, o_ctrl text,
                                           o_status text, goods embargo.hscode, d date, j text, ev text[],
                                           chain_roles embargo.hop_role[] DEFAULT '{}',
                                           h_role embargo.hop_role DEFAULT NULL,
                                           h_later embargo.hop_role[] DEFAULT '{}',	-- roles of the hops after it
                                           h_date date DEFAULT NULL,
                                           h_later_made embargo.territory[] DEFAULT '{}')
	RETURNS TABLE (id integer, action embargo.verdict, capped boolean, instrument text,
	               article text, citation text)
	LANGUAGE sql STABLE AS $$
	SELECT r.id, CASE WHEN c.capped THEN least(r.action, 'review') ELSE r.action END,
	       c.capped, r.instrument, r.article, r.citation
	  FROM -- the keys the origin can match, once per call
	       (SELECT ARRAY(SELECT u.up FROM public.bench_territory_up u WHERE u.territory = o_terr) AS ups,
	               ARRAY[o_ctrl, (SELECT a.backed_by::text FROM embargo.authority a WHERE a.code = o_ctrl)] AS ctrls,
	               CASE o_status WHEN 'contested' THEN ARRAY['any', 'contested', 'occupied']
	                             ELSE ARRAY['any', o_status] END AS statuses) k,
	       -- a bitmap OR of the four partial indexes
	       public.bench_rule r,
	       LATERAL (SELECT o_status = 'contested'
	                       AND (r.status = 'occupied' OR r.controller IS NOT NULL)
	                       AND r.status IS DISTINCT FROM 'contested' AS capped) c
	 WHERE r.enabled AND r.jurisdiction = j
	   AND (r.place_id = o_place
	        OR r.place_id IS NULL AND r.territory = ANY (k.ups)
	        OR r.place_id IS NULL AND r.territory IS NULL AND r.controller = ANY (k.ctrls)
	        OR r.place_id IS NULL AND r.territory IS NULL AND r.controller IS NULL
	           AND coalesce(r.status, 'any') = ANY (k.statuses))
	   AND CASE WHEN r.hop_roles IS NULL THEN h_role IS NULL
	            WHEN h_role IS NULL THEN NOT r.hop_roles && chain_roles
	                                     AND r.hop_select IS DISTINCT FROM 'earlier'
	            ELSE h_role = ANY (r.hop_roles)
	                 AND CASE r.hop_select
	                     WHEN 'last' THEN NOT r.hop_roles && h_later
	                     WHEN 'earlier' THEN EXISTS (SELECT FROM unnest(h_later_made) t
	                                                 WHERE r.territory IS NULL
	                                                    OR NOT t OPERATOR(embargo.<@) r.territory)
	                     ELSE true END
	                 AND (h_date IS NULL OR r.hop_date_from IS NULL OR h_date >= r.hop_date_from) END
	   AND (r.valid_from IS NULL OR r.valid_from <= d)
	   AND (r.valid_until IS NULL OR d < r.valid_until)
	   AND (cardinality(r.hs) = 0 OR goods OPERATOR(embargo.<@) ANY (r.hs))
	   -- the rest of the origin scope: a place rule may name a territory, controller or status too
	   AND (r.territory IS NULL OR r.territory = ANY (k.ups))
	   AND (r.controller IS NULL OR r.controller = ANY (k.ctrls))
	   AND (r.status IS NULL OR r.status = o_status OR (r.status = 'occupied' AND o_status = 'contested'))
	   AND (cardinality(ev) = 0 OR NOT EXISTS (
	        SELECT FROM public.bench_rule_exception x
	         WHERE x.rule_id = r.id AND x.evidence = ANY (ev)
	           AND (x.valid_from IS NULL OR x.valid_from <= d)
	           AND (x.valid_until IS NULL OR d < x.valid_until)))
$$;

------------------------------------------------------------------------------
-- (a) The indexed PL/pgSQL baseline: screen() as a PL/pgSQL function, one
-- statement per call (the query above, through the indexes).  The query
-- keeps a generic plan: left to itself, PL/pgSQL would plan it afresh for
-- the values of each call (a plan for a NULL place or no evidence looks
-- cheaper) and planning costs more than running it.
------------------------------------------------------------------------------

CREATE FUNCTION public.bench_screen_indexed(o embargo.origin, hs embargo.hscode, d date, j text, ev text[])
	RETURNS embargo.verdict LANGUAGE plpgsql STABLE
	SET plan_cache_mode = force_generic_plan AS $$
DECLARE
	result    embargo.verdict;
BEGIN
	SELECT max(m.action) INTO result
	  FROM public.bench_indexed_rules(embargo.territory(o), embargo.place(o), embargo.controller(o),
	                                  embargo.status(o), hs, d, j, ev) m;
	RETURN coalesce(result, 'allow');
END $$;
