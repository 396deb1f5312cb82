#!/usr/bin/env bash
# The gazetteer is multi-script, so embargo needs a UTF8 database: in LATIN1
# CREATE EXTENSION fails cleanly (22P05, nothing left behind); in UTF8 the ISO
# and place names come back exactly as shipped.
set -euo pipefail
latin1=embargo_latin1
utf8=embargo_utf8
trap 'dropdb --if-exists $latin1 2>/dev/null; dropdb --if-exists $utf8 2>/dev/null' EXIT
dropdb --if-exists $latin1 2>/dev/null
dropdb --if-exists $utf8 2>/dev/null
createdb -E LATIN1 --locale=C -T template0 $latin1
createdb -E UTF8 -T template0 $utf8
psql() { command psql -X -q -At -v ON_ERROR_STOP=1 "$@"; }

out=$(psql -d $latin1 -v VERBOSITY=verbose -c "CREATE EXTENSION embargo" 2>&1) && {
	echo "CREATE EXTENSION succeeded in a LATIN1 database" >&2; exit 1; }
[[ "$out" == *22P05* ]] || { echo "unexpected error in LATIN1: $out" >&2; exit 1; }
[ "$(psql -d $latin1 -c "SELECT count(*) FROM pg_namespace WHERE nspname = 'embargo'")" = 0 ] ||
	{ echo "a failed CREATE EXTENSION left schema embargo behind" >&2; exit 1; }

psql -d $utf8 -c "CREATE EXTENSION embargo"
expect() {
	local got
	got=$(PGCLIENTENCODING=UTF8 psql -d $utf8 -c "$1")
	[ "$got" = "$2" ] || { echo "$1 gave '$got', expected '$2'" >&2; exit 1; }
}
expect "SELECT embargo.territory_name('AX')" "Åland Islands"
expect "SELECT embargo.territory_name('AZ-BAB')" "Babək"
expect "SELECT string_agg(name, ',' ORDER BY name) FROM embargo.place_name
	WHERE place_id = embargo.find_place('Bou Craa')" "Bu Craa,بوكراع"
# A LATIN1 client still gets what LATIN1 can show.
got=$(PGCLIENTENCODING=LATIN1 psql -d $utf8 -c "SELECT embargo.territory_name('AX')" | iconv -f LATIN1 -t UTF-8)
[ "$got" = "Åland Islands" ] || { echo "LATIN1 client got '$got'" >&2; exit 1; }
