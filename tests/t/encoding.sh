#!/usr/bin/env bash
# ISO names are UTF-8.  A UTF-8 database gets them as they are; a database in
# another encoding (LATIN1 here) gets their ASCII rendering, so that name
# lookups never fail on a character the encoding lacks ("Babək", "Butel †").
set -euo pipefail
db=embargo_latin1
utf8=embargo_utf8
trap 'dropdb --if-exists $db 2>/dev/null; dropdb --if-exists $utf8 2>/dev/null' EXIT
dropdb --if-exists $db 2>/dev/null
dropdb --if-exists $utf8 2>/dev/null
createdb -E LATIN1 --locale=C -T template0 $db
createdb -E UTF8 -T template0 $utf8
psql() { command psql -X -q -At -v ON_ERROR_STOP=1 "$@"; }
psql -d $db -c "CREATE EXTENSION embargo"
expect() {
	local got
	got=$(PGCLIENTENCODING=UTF8 psql -d "$1" -c "$2")
	[ "$got" = "$3" ] || { echo "$1: $2 gave '$got', expected '$3'" >&2; exit 1; }
}
expect $db "SELECT embargo.territory_name('AX')" "Aland Islands"
expect $db "SELECT embargo.territory_name('AZ-BAB')" "Babek"
expect $db "SELECT name FROM embargo.territories() WHERE code::text = 'MK-803'" "Butel "
expect $db "SELECT count(*) FROM embargo.territories() WHERE name ~ '[^ -~]'" "0"
# A UTF-8 database keeps the original spelling.
psql -d $utf8 -c "CREATE EXTENSION embargo"
expect $utf8 "SELECT embargo.territory_name('AX')" "Åland Islands"
expect $utf8 "SELECT embargo.territory_name('AZ-BAB')" "Babək"
