-- The screening semantics as a user would write them in SQL (included with
-- \ir by screen.sql and enforce.sql, whose PL/pgSQL baselines select from
-- it): the rules that apply to goods of an origin, shipped on a date into a
-- jurisdiction, and are not lifted by the evidence, with each rule's action
-- after the cap for contested origins.  A plain SQL function, so that the
-- planner inlines it into the baselines' queries.
CREATE FUNCTION public.bench_standing_rules(o_terr embargo.territory, o_place integer, o_ctrl text,
                                            o_backer text, o_status text, goods embargo.hscode,
                                            d date, j text, ev text[])
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
