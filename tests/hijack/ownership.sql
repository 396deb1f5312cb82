-- tests/t/search_path_hijack.sh: ownership records the administrator
-- (:admin, a member of embargo_admin) stages and loads with
-- load_ownership(), before the writer's session, with the hostile schema
-- first on its path (-v hostile=1) or with the default path (-v hostile=0):
-- load_ownership() and the foreign keys that check a record's list
-- references run on that path.  What each call answers,
-- or the error it raises, goes to public.probe as probe 20, to be compared.
\if :hostile
\ir temp_shadows.sql
SET search_path = w, pg_catalog, embargo, public;
\endif

\ir attempt.sql

-- A file with a malformed line is refused whole, naming the line: nothing
-- is loaded, the staged rows stay.
COPY embargo.ownership_staging (owner, owned, share, kind, valid_from, valid_until, source) FROM STDIN WITH (FORMAT csv);
uk_ofsi:13930,Tern Harbour Logistics,51,shares,2021-01-01,,
Gannet One,Gannet Two,about half,shares,,,
\.
SELECT pg_temp.attempt(20, 'load: a share that is not a number',
	'SELECT pg_catalog.row_to_json(l)::pg_catalog.text FROM embargo.load_ownership(''hijack test: staged'') l');
TRUNCATE embargo.ownership_staging;
COPY embargo.ownership_staging (owner, owned, share, kind, valid_from, valid_until, source) FROM STDIN WITH (FORMAT csv);
Curlew Terminal,Tern Harbour Logistics,40,shares,2024-01-01,2023-01-01,
nolist:1,Grebe Bank,10,shares,,,
\.
SELECT pg_temp.attempt(20, 'load: dates in the wrong order',
	'SELECT pg_catalog.row_to_json(l)::pg_catalog.text FROM embargo.load_ownership(''hijack test: staged'') l');
DELETE FROM embargo.ownership_staging WHERE owner OPERATOR(pg_catalog.=) 'Curlew Terminal';
SELECT pg_temp.attempt(20, 'load: a list that does not exist',
	'SELECT pg_catalog.row_to_json(l)::pg_catalog.text FROM embargo.load_ownership(''hijack test: staged'') l');
TRUNCATE embargo.ownership_staging;

-- The file loaded: a UK-listed railway holds 51 % of Tern from 2021; an
-- unknown share of Grebe is Sberbank's (US: review); Curlew is controlled by
-- a UK-listed party (UK: control blocks) and by an SDN one (US: review); a
-- cycle, Skua Alpha and Beta holding each other, with a UK-listed owner of
-- 55 % of Alpha; a cycle with no listed owner (Gannet One holds all of
-- Gannet Two, which holds a fifth of Gannet One); Petrel, 70 % an SDN
-- individual's from 2022-03-01 until 2024-01-01; votes: 60 % of Fulmar's
-- (US does not count votes: review) and of Shag's (UK counts them); Eider,
-- 80 % a restrictive listing's (US: review).  Kind, share and dates as a
-- file writes them: spaces, upper case, empty fields; a line twice, and a
-- line with a source of its own.
COPY embargo.ownership_staging (owner, owned, share, kind, valid_from, valid_until, source) FROM STDIN WITH (FORMAT csv);
uk_ofsi:13930,Tern Harbour Logistics,51,shares,2021-01-01,,
ofac_sdn:17018,Grebe Bank,,shares,,,
uk_ofsi:13930,Curlew Terminal,,control,,,
ofac_sdn:16806, Curlew Terminal ,,CONTROL,,,
uk_ofsi:7798,Skua Alpha,55,,,,
Skua Alpha,Skua Beta,60,shares,,,
Skua Beta,Skua Alpha,40,shares,,,
Gannet One,Gannet Two,100,shares,,,
Gannet Two,Gannet One,20,shares,,,
ofac_sdn:18310,Petrel Trading, 70 ,shares,2022-03-01,2024-01-01,
ofac_sdn:29703,Fulmar Fund,60,votes,,,
uk_ofsi:7798,Shag Capital,60,votes,,,
ofac_cons:17016,Eider Energy,80,shares,,,register of the hijack test
ofac_cons:17016,Eider Energy,80,shares,,,register of the hijack test
\.
SELECT pg_temp.attempt(20, 'load: the file',
	'SELECT pg_catalog.row_to_json(l)::pg_catalog.text FROM embargo.load_ownership(''hijack test: staged'') l');
-- the same file again adds nothing
COPY embargo.ownership_staging (owner, owned, share, kind, valid_from, valid_until, source) FROM STDIN WITH (FORMAT csv);
uk_ofsi:13930,Tern Harbour Logistics,51,shares,2021-01-01,,
Skua Beta,Skua Alpha,40,shares,,,
\.
SELECT pg_temp.attempt(20, 'load: again',
	'SELECT pg_catalog.row_to_json(l)::pg_catalog.text FROM embargo.load_ownership() l');

-- Direct writes, through the foreign keys on the lists: one they refuse,
-- one they pass, and an update of a record.
SELECT pg_temp.attempt(20, 'insert: a list that does not exist',
	'INSERT INTO embargo.ownership (owner, owned, share, source) VALUES (''nolist:7'', ''Grebe Bank'', 20, ''hijack test'') RETURNING id');
SELECT pg_temp.attempt(20, 'insert: owned, a list that does not exist',
	'INSERT INTO embargo.ownership (owner, owned, share, source) VALUES (''Grebe Bank'', ''nolist:9'', 20, ''hijack test'') RETURNING id');
SELECT pg_temp.attempt(20, 'insert: a party of its own owning a listed entry',
	'INSERT INTO embargo.ownership (owner, owned, share, source) VALUES (''Gannet Two'', ''uk_ofsi:13650'', 10, ''hijack test'') RETURNING id');
SELECT pg_temp.attempt(20, 'update: to a list that does not exist',
	'UPDATE embargo.ownership SET owner = ''nolist:8'' WHERE owned OPERATOR(pg_catalog.=) ''uk_ofsi:13650'' RETURNING id');
SELECT pg_temp.attempt(20, 'update: a share',
	'UPDATE embargo.ownership SET share = 20 WHERE owned OPERATOR(pg_catalog.=) ''uk_ofsi:13650'' RETURNING id');
SELECT pg_temp.attempt(20, 'records', 'SELECT pg_catalog.count(*) FROM embargo.ownership');
