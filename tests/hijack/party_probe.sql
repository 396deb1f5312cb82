-- tests/hijack/writer.sql: match_party() of every probed party (public.party_probe,
-- from setup.sql) with each jurisdiction's view and none, as probe :n;
-- a party that matches nothing leaves a row saying so.
INSERT INTO public.probe
SELECT :n, 'match_party', pg_catalog.concat_ws(' ', a.name, a.country, a.day, j.j, coalesce(pg_catalog.row_to_json(m)::pg_catalog.text, 'no match'))
FROM public.party_probe a CROSS JOIN (VALUES (NULL::pg_catalog.text), ('US'), ('UK')) j(j)
LEFT JOIN LATERAL embargo.match_party(a.name, a.country, a.day, j.j) m ON true;
