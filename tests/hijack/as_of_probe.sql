-- tests/hijack/writer.sql: screen() and explain() with as_of => :as_of (SQL:
-- NULL for now, or a moment), as probes :n_screen and :n_explain, of the
-- shipments of public.party_screen under US and UK rules, and of origins the
-- administrator's edit concerns (its rules HT/1 to HT/3, Melitopol by id).
-- The answers name no moment: those before the edit, taken then with NULL,
-- and those as of a moment before it, taken after it, must be the same.
INSERT INTO public.probe
SELECT :n_screen, pg_catalog.concat_ws(' ', 'declared', s.i, j.j), pg_catalog.concat_ws(' ',
	embargo.screen(s.territory, s.place, s.hs, s.day, j.j, s.evidence, s.chain, s.parties, :as_of),
	embargo.screen(embargo.tag_origin(s.territory, s.place, s.day), s.hs, s.day, j.j, s.evidence, s.chain, s.parties,
	               as_of => :as_of))
FROM public.party_screen s CROSS JOIN (VALUES ('US'), ('UK')) j(j);
INSERT INTO public.probe
SELECT :n_screen, pg_catalog.concat_ws(' ', 'origin', o.t, o.place, o.hs, o.day, o.j, o.evidence), pg_catalog.concat_ws(' ',
	embargo.screen(embargo.tag_origin(o.t, o.place, o.day), o.hs, o.day, o.j, o.evidence, as_of => :as_of),
	embargo.screen(o.t, NULL::pg_catalog.text, o.hs, o.day, o.j, o.evidence, as_of => :as_of))
FROM (VALUES ('CL'::embargo.territory, NULL::pg_catalog.int4, '2836.91'::embargo.hscode, '2023-06-01'::pg_catalog.date, 'EU', NULL::pg_catalog.text[]),
             ('CL', NULL, '2836.91', '2021-06-01', 'EU', NULL),
             ('AU-WA', NULL, '7601.10', '2024-06-01', 'US', NULL),
             ('ZA', NULL, '7108.12', '2024-06-01', 'UK', NULL),
             ('UA-23', 16, '2805.30', '2023-06-01', 'EU', NULL),
             ('UA-43', NULL, '2805.30', '2023-06-01', 'EU', '{ua-certificate-of-origin}')) o(t, place, hs, day, j, evidence);
INSERT INTO public.probe
SELECT :n_explain, pg_catalog.concat_ws(' ', 'declared', s.i, j.j), pg_catalog.row_to_json(e)::pg_catalog.text
FROM public.party_screen s CROSS JOIN (VALUES ('US'), ('UK')) j(j)
CROSS JOIN LATERAL embargo.explain(s.territory, s.place, s.hs, s.day, j.j, s.evidence, s.chain, s.parties, :as_of) e;
INSERT INTO public.probe
SELECT :n_explain, pg_catalog.concat_ws(' ', 'origin', o.t, o.hs, o.day, o.j), pg_catalog.row_to_json(e)::pg_catalog.text
FROM (VALUES ('CL'::embargo.territory, '2836.91'::embargo.hscode, '2023-06-01'::pg_catalog.date, 'EU'),
             ('AU-WA', '7601.10', '2024-06-01', 'US'), ('ZA', '7108.12', '2024-06-01', 'UK')) o(t, hs, day, j)
CROSS JOIN LATERAL embargo.explain(embargo.tag_origin(o.t, NULL::pg_catalog.int4, o.day), o.hs, o.day, o.j,
                                   as_of => :as_of) e;
