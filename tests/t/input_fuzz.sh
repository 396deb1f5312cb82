#!/usr/bin/env bash
# Randomised input test: feed 100,000 random strings per type (a fixed seed,
# so a failure reproduces; for origin and custody, 50,000 valid texts each
# with random edits)
# through the input functions.  Every string must
# either be rejected with SQLSTATE 22P02 or be accepted, print in canonical
# form, and read back to the same value; the server must stay up throughout.
set -euo pipefail
db=embargo_fuzz
trap 'dropdb --if-exists $db 2>/dev/null' EXIT
dropdb --if-exists $db 2>/dev/null
createdb $db
out=$(psql -X -q -At -v ON_ERROR_STOP=1 -d $db <<'SQL'
CREATE EXTENSION embargo;
SET search_path = embargo, public;
CREATE FUNCTION try(typ regtype, s text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	canon text;
	again text;
BEGIN
	EXECUTE format('SELECT (%L::%s)::text', s, typ) INTO canon;
	EXECUTE format('SELECT (%L::%s)::text', canon, typ) INTO again;
	IF again IS DISTINCT FROM canon THEN
		RETURN 'unstable: ' || s;
	END IF;
	IF typ = 'territory'::regtype AND canon !~ '^[A-Z]{2}(-[A-Z0-9]{1,3})?$' THEN
		RETURN 'bad canonical territory: ' || canon;
	END IF;
	IF typ = 'hscode'::regtype AND canon !~ '^[0-9]{2}([0-9]{2}(\.[0-9]{2}){0,3})?$' THEN
		RETURN 'bad canonical hscode: ' || canon;
	END IF;
	IF typ = 'origin'::regtype AND canon !~
		'^\([A-Z]{2}(-[A-Z0-9]{1,3})?,[0-9]*,[A-Z]{2},[A-Z][A-Z0-9]{1,4},(sovereign|occupied|contested),(country|subdivision|place)\)$' THEN
		RETURN 'bad canonical origin: ' || canon;
	END IF;
	IF typ = 'custody'::regtype AND canon !~
		'^[a-z]+:[A-Z]{2}(-[A-Z0-9]{1,3})?(#[0-9]+)?(@[0-9]{4}-[0-9]{2}-[0-9]{2})?( > [a-z]+:[A-Z]{2}(-[A-Z0-9]{1,3})?(#[0-9]+)?(@[0-9]{4}-[0-9]{2}-[0-9]{2})?)*$' THEN
		RETURN 'bad canonical custody: ' || canon;
	END IF;
	RETURN 'ok';
EXCEPTION WHEN invalid_text_representation THEN
	RETURN 'rejected';
END $$;
SELECT setseed(0.4242) \gset
-- Strings biased towards near-valid input: letters, digits, separators.
CREATE TEMP TABLE probe AS
SELECT typ::regtype, (SELECT string_agg(substr(alphabet, 1 + floor(random() * length(alphabet))::int + 0 * i, 1), '')
        FROM generate_series(1, floor(random() * 14)::int + 0 * g) i) AS s
FROM generate_series(1, 100000) g,
     (VALUES ('territory', 'UAGBCDRUMDXZ-0123456789 ua'), ('hscode', '0123456789. 28a-')) v(typ, alphabet);
-- Origins and chains: valid texts with one to three random edits (replace,
-- insert or delete a character, drawn from the characters they are made of).
CREATE FUNCTION mutate(s text, alphabet text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	pos int;
	c text;
BEGIN
	FOR i IN 1..1 + floor(random() * 3)::int LOOP
		pos := 1 + floor(random() * greatest(length(s), 1))::int;
		c := substr(alphabet, 1 + floor(random() * length(alphabet))::int, 1);
		s := CASE floor(random() * 3)::int
			WHEN 0 THEN overlay(s PLACING c FROM pos FOR 1)
			WHEN 1 THEN overlay(s PLACING c FROM pos FOR 0)
			ELSE overlay(s PLACING '' FROM pos FOR 1) END;
	END LOOP;
	RETURN s;
END $$;
INSERT INTO probe
SELECT 'origin', mutate((ARRAY['(UA-23,16,UA,RU,occupied,place)', '(UA-23,,UA,RU,contested,subdivision)',
                              '(UA,,UA,RU,contested,country)', '(CD-NK,34,CD,M23,occupied,place)',
                              '(CY-06,,CY,TRNC,occupied,subdivision)', '(FR,,FR,FR,sovereign,country)',
                              '(GB-SCT,,GB,GB,sovereign,subdivision)'])[1 + floor(random() * 7)::int],
               '(),-0123456789ACDEGHIKLMNOPRSTUVYacdeiloprstuvy ')
FROM generate_series(1, 50000);
INSERT INTO probe
SELECT 'custody', mutate((ARRAY['mined:CD-NK#34@2024-05-01 > exported:RW > refined:CN',
                               'smelted:RU@2024-06-01 > processed:TR@2024-08-01 > exported:TR',
                               'mined:UA-23#16 > transit:RU@2022-05-01', 'cast:RU',
                               'concentrated:AU > smelted:CN > refined:JP@2023-12-31 > manufactured:DE'])[1 + floor(random() * 5)::int],
               ':#@>-0123456789ACDEJKNPRTUWacdefimnoprstxz ')
FROM generate_series(1, 50000);
SELECT typ, try(typ, coalesce(s, '')) AS result, count(*) FROM probe GROUP BY 1, 2 ORDER BY 1, 2;
SQL
)
echo "$out"
# Only "ok" and "rejected" may appear, and both must, for each type.
for typ in territory hscode origin custody; do
	echo "$out" | grep -q "^$typ|ok|" && echo "$out" | grep -q "^$typ|rejected|" || exit 1
done
! echo "$out" | grep -vqE '^(territory|hscode|origin|custody)\|(ok|rejected)\|[0-9]+$'
