#!/usr/bin/env bash
# Randomised input test: feed 100,000 random strings per type (a fixed seed,
# so a failure reproduces) through the input functions.  Every string must
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
SELECT typ, try(typ, coalesce(s, '')) AS result, count(*) FROM probe GROUP BY 1, 2 ORDER BY 1, 2;
SQL
)
echo "$out"
# Only "ok" and "rejected" may appear, and both must, for each type.
for typ in territory hscode; do
	echo "$out" | grep -q "^$typ|ok|" && echo "$out" | grep -q "^$typ|rejected|" || exit 1
done
! echo "$out" | grep -vqE '^(territory|hscode)\|(ok|rejected)\|[0-9]+$'
