-- The screening semantics as a user would write them in SQL, without
-- indexes (included with \ir by screen.sql and custody.sql, whose naive
-- PL/pgSQL versions, kept for reference, select from it; the baselines are
-- in indexed_rules.sql): the rules that apply to what is judged, for goods
-- shipped on a date into a jurisdiction, and are not lifted by the
-- evidence, with each rule's action after the cap for contested origins.
-- What is judged is the declared origin (h_role NULL), or one hop of the
-- chain of custody, tagged on its date (the shipment's if undated).  Rules
-- without hop roles judge the declared origin.  A rule with hop roles
-- judges a hop with one of them: any such hop, the last (no later hop with
-- one of them), or an earlier one (a transforming hop outside the rule's
-- territory comes later: h_later_made, the territories of later
-- transforming hops), dated
-- on or after hop_date_from if dated; and the declared origin when the
-- chain (chain_roles: the roles it has hops for; none without a chain) has
-- no hop with one of them, unless the rule is about earlier hops.  With
-- the defaults, screening without a chain.  A plain SQL function, so that
-- the planner inlines it into the baselines' queries.
CREATE FUNCTION public.bench_standing_rules(o_terr embargo.territory, o_place integer, o_ctrl text,
                                            o_backer text, o_status text, goods embargo.hscode,
                                            d date, j text, ev text[],
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
	  FROM embargo.rule r,
	       LATERAL (SELECT o_status = 'contested'
	                       AND (r.status = 'occupied' OR r.controller IS NOT NULL)
	                       AND r.status IS DISTINCT FROM 'contested' AS capped) c
	 WHERE r.jurisdiction = j
	   AND r.enabled
	   AND (r.valid_from IS NULL OR r.valid_from <= d)
	   AND (r.valid_until IS NULL OR d < r.valid_until)
	   AND (cardinality(r.hs) = 0 OR goods OPERATOR(embargo.<@) ANY (r.hs))
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
	   AND (r.territory IS NULL OR o_terr OPERATOR(embargo.<@) r.territory)
	   AND (r.place_id IS NULL OR r.place_id = o_place)
	   AND (r.controller IS NULL OR r.controller = o_ctrl OR r.controller = o_backer)
	   AND (r.status IS NULL OR r.status = o_status
	        OR (r.status = 'occupied' AND o_status = 'contested'))
	   AND (cardinality(ev) = 0 OR NOT EXISTS (
	        SELECT FROM embargo.rule_exception x
	         WHERE x.rule_id = r.id AND x.evidence = ANY (ev)
	           AND (x.valid_from IS NULL OR x.valid_from <= d)
	           AND (x.valid_until IS NULL OR d < x.valid_until)))
$$;
