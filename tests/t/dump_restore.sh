#!/usr/bin/env bash
# pg_dump / pg_restore keeps territory and hscode columns, values and indexes,
# in both the custom (text COPY) and binary COPY paths.
set -euo pipefail
src=embargo_dump_src
dst=embargo_dump_dst
work=$(mktemp -d)
trap 'rm -rf "$work"; dropdb --if-exists $src; dropdb --if-exists $dst' EXIT

psql() { command psql -X -q -v ON_ERROR_STOP=1 "$@"; }

dropdb --if-exists $src 2>/dev/null
dropdb --if-exists $dst 2>/dev/null
createdb $src
createdb $dst
psql -d $src <<'SQL'
CREATE EXTENSION embargo;
CREATE TABLE shipment (id int PRIMARY KEY, origin embargo.territory, hs embargo.hscode);
INSERT INTO shipment
SELECT i * 3 + n, t.code,
       format('%s%s', lpad((1 + (i + n) % 97)::text, 2, '0'), lpad(((i * n) % 100)::text, 2, '0'))::embargo.hscode
FROM embargo.territories() WITH ORDINALITY t(code, name, parent, i), generate_series(0, 2) n;
INSERT INTO shipment VALUES (100000, 'UA-43', '2805.30.00.00'), (100001, NULL, NULL);
CREATE INDEX ON shipment (hs);
CREATE INDEX ON shipment (origin);
-- a user place and a user alias of a shipped place
INSERT INTO embargo.place (territory, kind, name, source)
VALUES ('KG-C', 'locality', 'Tokmok', 'dump test');
INSERT INTO embargo.place_name (place_id, name)
SELECT id, 'Melitopil' FROM embargo.place WHERE name = 'Melitopol';
SQL

pg_dump -Fc -d $src -f "$work/dump"
pg_restore -d $dst "$work/dump"

checksum() {
	command psql -X -At -d "$1" -c "SELECT count(*) || ':' || md5(string_agg(
		concat_ws('|', id, origin, hs), ',' ORDER BY id)) FROM shipment"
}
a=$(checksum $src)
b=$(checksum $dst)
[ "$a" = "$b" ] || { echo "dump/restore changed the data: $a vs $b" >&2; exit 1; }

# The restored indexes answer containment queries as a sequential scan does.
q="SELECT (SELECT count(*) FROM shipment WHERE hs <@ '28') || '/' ||
	(SELECT count(*) FROM shipment WHERE origin <@ 'UA')"
count() {
	command psql -X -At -v ON_ERROR_STOP=1 -d "$1" -c "SET search_path = embargo, public; $2; $q" | tail -1
}
no_index="SET enable_indexscan = off; SET enable_indexonlyscan = off; SET enable_bitmapscan = off"
only_index="SET enable_seqscan = off; SET enable_bitmapscan = off"
expected=$(count $src "$no_index")
[[ "$expected" =~ ^[1-9][0-9]*/[1-9][0-9]*$ ]] || { echo "no rows match the containment query" >&2; exit 1; }
for db in $src $dst; do
	[[ "$(command psql -X -At -d $db -c "SET search_path = embargo, public; $only_index;
		EXPLAIN (COSTS OFF) SELECT 1 FROM shipment WHERE hs <@ '28' UNION ALL
		SELECT 1 FROM shipment WHERE origin <@ 'UA'")" == *"Index Cond: ((hs >="*"Index Cond: ((origin >="* ]] ||
		{ echo "containment does not use the restored indexes in $db" >&2; exit 1; }
	[ "$(count $db "$only_index")" = "$expected" ] ||
		{ echo "index answer differs in $db" >&2; exit 1; }
done

# Shipped places come back once (from CREATE EXTENSION), user rows from the
# dump, and the lookup finds both.
places() {
	command psql -X -At -v ON_ERROR_STOP=1 -d "$1" -c "SELECT count(*) || '/' ||
		(SELECT count(*) FROM embargo.place_name) || '/' ||
		embargo.find_place('Tokmok') || '/' || embargo.find_place('Melitopil')
		FROM embargo.place"
}
[[ "$(places $src)" =~ ^[0-9]+/[0-9]+/1000000/16$ ]] ||
	{ echo "unexpected places before dump: $(places $src)" >&2; exit 1; }
[ "$(places $src)" = "$(places $dst)" ] ||
	{ echo "places differ after restore: $(places $src) vs $(places $dst)" >&2; exit 1; }
# New user rows after the restore continue the user id range.
[ "$(command psql -X -At -d $dst -c "INSERT INTO embargo.place (territory, kind, name, source)
	VALUES ('KG-C', 'locality', 'Kant', 'dump test') RETURNING id" | head -1)" = 1000001 ] ||
	{ echo "user id sequence not restored" >&2; exit 1; }

# Binary COPY round trip between databases.
command psql -X -q -d $src -c "\\copy shipment TO '$work/ship.bin' WITH (FORMAT binary)"
psql -d $dst -c "TRUNCATE shipment"
command psql -X -d $dst -c "\\copy shipment FROM '$work/ship.bin' WITH (FORMAT binary)" >/dev/null
b=$(checksum $dst)
[ "$a" = "$b" ] || { echo "binary COPY changed the data: $a vs $b" >&2; exit 1; }
