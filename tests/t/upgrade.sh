#!/usr/bin/env bash
# ALTER EXTENSION embargo UPDATE from 0.1 (to 0.2, to 0.4, to 0.5, then to
# the default version) keeps the user's rows and tables, and leaves the same
# extension as a fresh CREATE EXTENSION, which runs the one install script of
# the default version (scripts/embargo--0.6.sql and the data appended to it):
# the same member objects with the same definitions (pg_describe_object of
# every member; pg_dump --schema-only, and pg_dump --binary-upgrade, which
# writes every member's definition, its comment, privileges and extension
# membership), the same pg_dump configuration (pg_extension_config_dump), the
# same shipped rows, row by row (ownership_rule's too), the same data editions and the same
# embargo.version(); and after the update, as after CREATE EXTENSION, embargo.history
# holds every row of the knowledge tables as current, and a sealed change has the version
# ruleset_version() gives.
#
# The last step brings the shipped rows to the data files (data/*.csv): the
# test first makes the 0.5 rows differ from them (a rule changed, an alias
# and an exception missing, a place, an alias, a control row, a rule and an
# exception the data does not have), and checks that user rows in the way
# stop the update, with nothing changed, until they are moved.
set -euo pipefail
old=embargo_upgrade_old
new=embargo_upgrade_new
work=$(mktemp -d)
owner=embargo_upgrade_owner
trap 'rm -rf "$work"; dropdb --if-exists $old 2>/dev/null; dropdb --if-exists $new 2>/dev/null;
	command psql -X -q -c "DROP ROLE IF EXISTS $owner" >/dev/null 2>&1' EXIT

psql() { command psql -X -q -v ON_ERROR_STOP=1 "$@"; }
value() { command psql -X -q -At -v ON_ERROR_STOP=1 -d "$1" -c "$2"; }
fail() { echo "upgrade: $*" >&2; exit 1; }
# Compare two files; on a difference show (the start of) the diff and fail.
same() {
	local what=$1 a=$2 b=$3
	if ! diff -u --label "$old (0.1 updated)" --label "$new (fresh)" "$a" "$b" >"$work/diff"; then
		echo "upgrade: $what: the updated and the fresh database differ:" >&2
		head -40 "$work/diff" >&2
		[ "$(wc -l <"$work/diff")" -le 40 ] || echo "... ($(wc -l <"$work/diff") lines of diff)" >&2
		exit 1
	fi
}

dropdb --if-exists $old 2>/dev/null
dropdb --if-exists $new 2>/dev/null
createdb $old
createdb $new

# 0.1 with user data: a place, an alias of a shipped place, a table of values.
psql -d $old <<'SQL'
CREATE EXTENSION embargo VERSION '0.1';
INSERT INTO embargo.place (territory, kind, name, source)
VALUES ('UA-46', 'locality', 'Isoburg', 'upgrade test');
INSERT INTO embargo.place_name (place_id, name)
SELECT id, 'Melitopil' FROM embargo.place WHERE name = 'Melitopol';
CREATE TABLE public.shipment (id int PRIMARY KEY, origin embargo.territory, hs embargo.hscode);
INSERT INTO public.shipment VALUES
	(1, 'UA-46', '2805.30'), (2, 'UA-23', '2615 90'), (3, 'CL', '283691'),
	(4, 'UA-14', '25'), (5, NULL, NULL);
CREATE INDEX ON public.shipment (origin);
SQL
[ "$(value $old "SELECT extversion FROM pg_extension WHERE extname = 'embargo'")" = 0.1 ] ||
	fail "CREATE EXTENSION embargo VERSION '0.1' did not install 0.1"

# Until the update, the 0.2 library serves a 0.1 database: find_place() works
# without a timeline, and (0.1 having no invalidation triggers) follows a
# change within the same session at once.
out=$(command psql -X -q -At -v ON_ERROR_STOP=1 -d $old \
	-c "SELECT embargo.find_place('Isoburg') >= 1000000" \
	-c "INSERT INTO embargo.place_name (place_id, name) SELECT id, 'Isogorod' FROM embargo.place WHERE name = 'Isoburg'" \
	-c "SELECT embargo.find_place('Isogorod') = embargo.find_place('Isoburg')" \
	-c "DELETE FROM embargo.place_name WHERE name = 'Isogorod'" 2>&1) ||
	fail "find_place() fails on a 0.1 database with the 0.2 library: $out"
[ "$out" = $'t\nt' ] || fail "find_place() on a 0.1 database: expected t, t; got: $out"

user_rows() {
	value "$1" "SELECT string_agg(p::text, E'\n' ORDER BY p.id) FROM embargo.place p WHERE NOT shipped"
	value "$1" "SELECT string_agg(n::text, E'\n' ORDER BY n.place_id, n.name) FROM embargo.place_name n WHERE NOT shipped"
	value "$1" "SELECT string_agg(s::text, E'\n' ORDER BY s.id) FROM public.shipment s"
}
user_rows $old >"$work/user.before"

# A user place on a reserved id (below 1000000) stops the update, with
# nothing changed; renumbered, it goes through.
psql -d $old -c "INSERT INTO embargo.place (id, territory, kind, name, source)
	VALUES (50, 'UA-46', 'locality', 'Squatter', 'upgrade test')"
err=$(command psql -X -q -d $old -c "ALTER EXTENSION embargo UPDATE TO '0.2'" 2>&1) &&
	fail "the update ran over a user place with a shipped id"
[[ "$err" == *"user places have ids below 1000000"*"50 (Squatter)"* ]] ||
	fail "unexpected error for a user place on a shipped id: $err"
[ "$(value $old "SELECT extversion FROM pg_extension WHERE extname = 'embargo'")" = 0.1 ] ||
	fail "a refused update left the extension changed"
psql -d $old -c "DELETE FROM embargo.place WHERE id = 50"

psql -d $old -c "ALTER EXTENSION embargo UPDATE TO '0.2'"
[ "$(value $old "SELECT extversion FROM pg_extension WHERE extname = 'embargo'")" = 0.2 ] ||
	fail "ALTER EXTENSION ... UPDATE TO '0.2' did not reach 0.2"
user_rows $old >"$work/user.after"
diff -u "$work/user.before" "$work/user.after" >&2 || fail "the update changed the user's rows (diff above)"

# The user's rows work with 0.2: tag_origin() on the user place (by id and by
# name), through the user alias, and over the user table; a control row on
# the user place; lookups still unambiguous.
expect() {
	local got
	got=$(value $old "$1")
	[ "$got" = "$2" ] || fail "after the update, $1 gave '$got', expected '$2'"
}
expect "SELECT embargo.find_place('Isoburg') || '/' || embargo.find_place('Melitopil')" "1000000/16"
expect "SELECT embargo.tag_origin(NULL, 1000000, '2023-01-01')" "(UA-46,1000000,UA,UA,sovereign,subdivision)"
expect "SELECT embargo.tag_origin(NULL, 'Isoburg', '2023-01-01')" "(UA-46,1000000,UA,UA,sovereign,subdivision)"
expect "SELECT embargo.tag_origin(NULL, 'Melitopil', '2023-01-01')" "(UA-23,16,UA,RU,occupied,place)"
expect "SELECT string_agg(id || ' ' || coalesce(embargo.tag_origin(origin, NULL::int, '2023-01-01')::text, '-'), ', ' ORDER BY id)
	FROM public.shipment" "1 (UA-46,,UA,UA,sovereign,subdivision), 2 (UA-23,,UA,RU,contested,subdivision), 3 (CL,,CL,CL,sovereign,country), 4 (UA-14,,UA,RU,contested,subdivision), 5 -"
expect "INSERT INTO embargo.control (place_id, controller, valid_from, source)
	VALUES (1000000, 'RU', '2023-01-01', 'upgrade test') RETURNING id" "1000000"
expect "SELECT embargo.tag_origin(NULL, 1000000, '2023-01-01')" "(UA-46,1000000,UA,RU,occupied,place)"
expect "SELECT embargo.tag_origin('UA-46', NULL::int, '2023-01-01')" "(UA-46,,UA,RU,contested,subdivision)"

# 0.2 user data: an authority backed by RU, holding a user place.
expect "INSERT INTO embargo.authority (code, name, backed_by, source)
	VALUES ('UPGR', 'upgrade test militia', 'RU', 'upgrade test') RETURNING code" "UPGR"
expect "INSERT INTO embargo.place (territory, kind, name, source)
	VALUES ('UA-46', 'site', 'Upgrade quarry', 'upgrade test') RETURNING id" "1000001"
expect "INSERT INTO embargo.control (place_id, controller, valid_from, source)
	VALUES (1000001, 'UPGR', '2023-01-01', 'upgrade test') RETURNING id" "1000001"
rows_02="SELECT string_agg(r::text, E'\n' ORDER BY r::text) FROM (
	SELECT a::text AS r FROM embargo.authority a WHERE NOT shipped
	UNION ALL SELECT (c.id, c.territory, c.place_id, c.controller, c.authority, c.coverage,
	                  c.valid_from, c.valid_until, c.source, c.shipped)::text
	FROM embargo.control c WHERE NOT shipped) s"
value $old "$rows_02" >"$work/rows02.before"

# To 0.4, and 0.4 user data: a rule, an import table under enforce() with a
# row held in the quarantine, and its audit.
psql -d $old -c "ALTER EXTENSION embargo UPDATE TO '0.4'"
expect "INSERT INTO embargo.rule (jurisdiction, instrument, citation, action, territory, hs)
	VALUES ('XW', 'upgrade test', 'none', 'prohibit', 'RU', '{76}') RETURNING id" "1000000"
psql -d $old -c "CREATE TABLE public.imports (id int PRIMARY KEY, territory embargo.territory, hs embargo.hscode,
	shipped date, verdict embargo.verdict)"
psql -d $old -c "CREATE TRIGGER screen_xw BEFORE INSERT OR UPDATE ON public.imports FOR EACH ROW
	EXECUTE FUNCTION embargo.enforce('mode=quarantine', 'jurisdiction=XW', 'territory=territory', 'hs=hs',
	                                 'date=shipped', 'key=id', 'verdict=verdict')"
psql -d $old -c "INSERT INTO public.imports (id, territory, hs, shipped) VALUES
	(1, 'RU', '7601', '2024-09-01'), (2, 'KZ', '7601', '2024-09-01')"
rows_04="SELECT string_agg(r, E'\n' ORDER BY r) FROM (
	SELECT (id, jurisdiction, instrument, article, citation, action, territory, place_id, controller, status,
	        hs, valid_from, valid_until, enabled, note, shipped)::text AS r FROM embargo.rule WHERE NOT shipped
	UNION ALL SELECT (id, source_table, row_key, row_data, verdict, rule_ids, status)::text FROM embargo.quarantine
	UNION ALL SELECT (id, source_table, operation, outcome, row_key, verdict, rule_ids)::text FROM embargo.audit
	UNION ALL SELECT i::text FROM public.imports i) s"
value $old "$rows_04" >"$work/rows04.before"
grep -q 'held' "$work/rows04.before" || fail "0.4: the RU row was not held in the quarantine"
# an enforced table owned by an ordinary role: from 0.6 on such owners must
# be importers, and the update makes them so, so that no import stops
psql -d $old -c "DROP ROLE IF EXISTS $owner" -c "CREATE ROLE $owner"
psql -d $old -c "CREATE TABLE public.owned_imports (id int, territory embargo.territory, hs embargo.hscode,
	shipped date, verdict embargo.verdict)" -c "ALTER TABLE public.owned_imports OWNER TO $owner"
psql -d $old -c "CREATE TRIGGER screen_xw BEFORE INSERT OR UPDATE ON public.owned_imports FOR EACH ROW
	EXECUTE FUNCTION embargo.enforce('mode=flag', 'jurisdiction=XW', 'territory=territory', 'hs=hs',
	                                 'date=shipped', 'key=id', 'verdict=verdict')"

# To 0.5; then shipped rows that differ from the data files, as the next
# data edition will: a rule's note changed, an alias and an exception missing
# (the data adds them), a place with an alias and a control row, and a rule
# with an exception, that the data does not have (it withdraws them).  The
# shipped-row trigger is off in replica mode.
psql -d $old -c "ALTER EXTENSION embargo UPDATE TO '0.5'"
psql -d $old <<'SQL'
SET session_replication_role = replica;
UPDATE embargo.rule SET note = 'an older note' WHERE id = 1 AND shipped;
DELETE FROM embargo.place_name WHERE place_id = 11 AND name = 'Lugansk' AND shipped;
DELETE FROM embargo.rule_exception WHERE id = 3 AND shipped;
INSERT INTO embargo.place (id, territory, kind, name, source, shipped)
VALUES (999999, 'UA-14', 'locality', 'Withdrawn town', 'upgrade test', true);
INSERT INTO embargo.place_name (place_id, name, shipped) VALUES (999999, 'Vidklykane', true);
INSERT INTO embargo.control (id, place_id, controller, source, shipped)
VALUES (999999, 999999, 'RU', 'upgrade test', true);
INSERT INTO embargo.rule (id, jurisdiction, instrument, citation, action, shipped)
VALUES (999999, 'XT', 'withdrawn rule', 'none', 'review', true);
INSERT INTO embargo.rule_exception (id, rule_id, evidence, description, citation, shipped)
VALUES (999999, 999999, 'upgrade-test', 'withdrawn', 'none', true);
SQL
[ "$(value $old "SELECT count(*) FROM embargo.rule WHERE shipped AND note = 'an older note'")" = 1 ] ||
	fail "could not change a shipped rule of 0.5 for the test"

# User rows in the way of the data stop the update, with nothing changed: an
# alias the data ships, and rows on a place and a rule the data withdraws.
psql -d $old -c "INSERT INTO embargo.place_name (place_id, name) VALUES (11, 'Lugansk'), (999999, 'Mine')"
control_id=$(value $old "INSERT INTO embargo.control (place_id, controller, source)
	VALUES (999999, 'UA', 'upgrade test') RETURNING id")
exception_id=$(value $old "INSERT INTO embargo.rule_exception (rule_id, evidence, description, citation)
	VALUES (999999, 'upgrade-mine', 'mine', 'none') RETURNING id")
err=$(command psql -X -q -d $old -c "ALTER EXTENSION embargo UPDATE" 2>&1) &&
	fail "the update ran over user rows in the way of the shipped data"
for want in "rows of yours are in the way" "your aliases that the data now ships: Lugansk of place 11" \
	"your aliases of shipped places that the data withdraws: Mine of place 999999" \
	"your control rows on shipped places that the data withdraws: $control_id (place 999999)" \
	"your exceptions to shipped rules that the data withdraws: $exception_id (rule 999999)"; do
	[[ "$err" == *"$want"* ]] || fail "the refused update does not say \"$want\": $err"
done
[ "$(value $old "SELECT extversion || ' ' || (SELECT count(*) FROM embargo.rule WHERE shipped AND note = 'an older note')
	FROM pg_extension WHERE extname = 'embargo'")" = "0.5 1" ] || fail "a refused update left the extension changed"
psql -d $old -c "DELETE FROM embargo.place_name WHERE NOT shipped AND place_id IN (11, 999999)" \
	-c "DELETE FROM embargo.control WHERE NOT shipped AND place_id = 999999" \
	-c "DELETE FROM embargo.rule_exception WHERE NOT shipped AND rule_id = 999999"

# Then to the default version: the rules engine works over the user's data,
# which is kept.
psql -d $old -c "ALTER EXTENSION embargo UPDATE"
default=$(sed -n "s/^default_version = '\(.*\)'$/\1/p" "$(dirname "${BASH_SOURCE[0]}")/../../embargo.control")
[ "$(value $old "SELECT extversion FROM pg_extension WHERE extname = 'embargo'")" = "$default" ] ||
	fail "ALTER EXTENSION embargo UPDATE did not reach the default version $default"
# History (issue 19): the update records every row of the knowledge tables
# (embargo.knowledge_tables()) as a current row version of embargo.history,
# none more, and seals the change whose version is ruleset_version().
history_check() {  # db when
	local got
	got=$(value "$1" "SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD'; SET IntervalStyle = 'postgres'; SET extra_float_digits = 1;
	CREATE FUNCTION pg_temp.count_of(q text) RETURNS bigint LANGUAGE plpgsql AS \$f\$
		DECLARE n bigint; BEGIN EXECUTE q INTO n; RETURN n; END \$f\$;
	SELECT coalesce(string_agg(format('%s: %s rows, %s current row versions, %s rows without one', t, n, h, m), '; ' ORDER BY t)
	                FILTER (WHERE n <> h OR m > 0), 'every row current in the history')
	    || ', ' || count(*) || ' tables'
	    || ', sealed changes of the version now: ' || (SELECT count(*) FROM embargo.ruleset WHERE since IS NOT NULL AND version = embargo.ruleset_version())
	    || ', the latest: ' || ((SELECT version FROM embargo.ruleset WHERE since IS NOT NULL ORDER BY since DESC LIMIT 1) = embargo.ruleset_version())
	    || ', unsealed: ' || (SELECT count(*) FROM embargo.ruleset WHERE since IS NULL)
	FROM (SELECT t, pg_temp.count_of(format('SELECT count(*) FROM embargo.%I', t)) AS n,
	             (SELECT count(*) FROM embargo.history h WHERE h.table_name = t AND h.ended_in IS NULL) AS h,
	             pg_temp.count_of(format('SELECT count(*) FROM embargo.%I r WHERE NOT EXISTS (SELECT FROM embargo.history h
	                  WHERE h.table_name = %L AND h.ended_in IS NULL AND h.row_hash = embargo.history_row_hash(%L, to_jsonb(r)))',
	                  t, t, t)) AS m
	      FROM unnest(embargo.knowledge_tables()) t) s")
	[[ "$got" =~ ^every\ row\ current\ in\ the\ history,\ 24\ tables,\ sealed\ changes\ of\ the\ version\ now:\ [1-9][0-9]*,\ the\ latest:\ true,\ unsealed:\ 0$ ]] ||
		fail "$2, the history does not hold the knowledge tables' rows: $got"
}
history_check $old "after the update to $default"
value $old "$rows_02" >"$work/rows02.after"
diff -u "$work/rows02.before" "$work/rows02.after" >&2 ||
	fail "the update to $default changed the user's authorities or control rows (diff above)"
value $old "$rows_04" >"$work/rows04.after"
diff -u "$work/rows04.before" "$work/rows04.after" >&2 ||
	fail "the update to $default changed the user's rules, quarantine, audit or imports (diff above)"
expect "SELECT pg_has_role('$owner', 'embargo_importer', 'MEMBER')" "t"
expect "INSERT INTO public.owned_imports VALUES (1, 'RU', '7601', '2024-09-01') RETURNING verdict" "prohibit"
psql -d $old -c "DROP TABLE public.owned_imports"
# the 0.4 rule, now with a chain: a hop rule added beside it; the trigger still screens
expect "SELECT embargo.screen(embargo.tag_origin('RU', NULL::int, '2024-09-01'), '7601', '2024-09-01', 'XW', '{}', 'smelted:RU')" "prohibit"
expect "INSERT INTO embargo.rule (jurisdiction, instrument, citation, action, territory, hs, hop_roles)
	VALUES ('XW', 'upgrade test', 'none', 'review', 'RU', '{76}', '{smelted}') RETURNING id" "1000001"
expect "SELECT embargo.screen(embargo.tag_origin('KZ', NULL::int, '2024-09-01'), '7601', '2024-09-01', 'XW', '{}', 'smelted:RU > processed:KZ')" "review"
expect "INSERT INTO public.imports (id, territory, hs, shipped) VALUES (3, 'RU', '7601', '2024-09-01') RETURNING verdict" ""
expect "SELECT count(*) FROM embargo.quarantine WHERE row_key = '3'" "1"
psql -d $old -c "DROP TABLE public.imports" -c "DELETE FROM embargo.rule WHERE jurisdiction = 'XW'"
# a rule on RU reaches the place the user's RU-backed authority holds
expect "INSERT INTO embargo.rule (jurisdiction, instrument, citation, action, controller)
	VALUES ('XV', 'upgrade test', 'none', 'licence', 'RU') RETURNING id" "1000002"
expect "SELECT embargo.screen(embargo.tag_origin(NULL, 'Upgrade quarry', '2023-06-01'), '2805.30', '2023-06-01', 'XV')" "licence"
expect "DELETE FROM embargo.rule WHERE jurisdiction = 'XV' RETURNING id" "1000002"
expect "INSERT INTO embargo.rule (jurisdiction, instrument, citation, action, place_id)
	VALUES ('XU', 'upgrade test', 'none', 'review', 1000000) RETURNING id" "1000003"
expect "SELECT embargo.screen(embargo.tag_origin(NULL, 1000000, '2023-01-01'), '2805.30', '2023-01-01', 'XU')" "review"
expect "SELECT embargo.screen(embargo.tag_origin(NULL, 16, '2023-01-01'), '2805.30', '2023-01-01', 'XU')" "allow"

# The schema: the updated extension must be the fresh one.
psql -d $new -c "CREATE EXTENSION embargo"
history_check $old "after the user's rules were changed in $default"
history_check $new "after CREATE EXTENSION"

members="SELECT pg_describe_object(classid, objid, objsubid) FROM pg_depend
	WHERE refclassid = 'pg_extension'::regclass AND deptype = 'e'
	  AND refobjid = (SELECT oid FROM pg_extension WHERE extname = 'embargo')
	ORDER BY 1"
value $old "$members" >"$work/members.old"
value $new "$members" >"$work/members.new"
[ -s "$work/members.new" ] || fail "the fresh database lists no extension members"
same "the list of extension member objects" "$work/members.old" "$work/members.new"

# (each table with its condition; the order of the calls does not matter)
config="SELECT extversion, extrelocatable, extnamespace::regnamespace,
	       (SELECT array_agg(c::regclass || ' ' || w ORDER BY c::regclass::text) FROM unnest(extconfig, extcondition) u(c, w))
	FROM pg_extension WHERE extname = 'embargo'"
value $old "$config" >"$work/config.old"
value $new "$config" >"$work/config.new"
same "the extension's pg_dump configuration (pg_extension_config_dump)" "$work/config.old" "$work/config.new"

# pg_dump's own view.  --schema-only --schema=embargo shows what lies in the
# schema outside the extension (normally just the schema itself: pg_dump
# leaves extension members to CREATE EXTENSION).  --binary-upgrade is the
# only mode in which pg_dump writes every member's definition (as pg_upgrade
# needs): the OIDs, relfrozenxids and \restrict keys it embeds are blanked,
# and so are the values of the config sequences (user state: the user rows
# have used them) and the config conditions, which follow the order in which
# the tables were registered (compared, with their tables, above).
pg_dump --schema-only --schema=embargo -d $old | grep -vE '^\\(un)?restrict ' >"$work/dump.old"
pg_dump --schema-only --schema=embargo -d $new | grep -vE '^\\(un)?restrict ' >"$work/dump.new"
same "pg_dump --schema-only --schema=embargo" "$work/dump.old" "$work/dump.new"
normalize() {
	grep -vE '^\\(un)?restrict |binary_upgrade_set_next_' |
		sed -E -e "/binary_upgrade_create_empty_extension/s/'\{[0-9,]*\}'/'{OIDS}'/" \
			-e "/binary_upgrade_create_empty_extension/s/'\{\"[^']*\}'/'{CONDS}'/" \
			-e "s/relfrozenxid = '[0-9]+'/relfrozenxid = 'X'/" -e "s/WHERE oid = '[0-9]+'/WHERE oid = 'X'/" \
			-e "s/(pg_catalog\.setval\('[^']+'), [0-9]+, (true|false)\)/\1, N)/"
}
pg_dump --binary-upgrade --schema-only --exclude-table=public.shipment -d $old | normalize >"$work/full.old"
pg_dump --binary-upgrade --schema-only --exclude-table=public.shipment -d $new | normalize >"$work/full.new"
grep -q 'CREATE FUNCTION embargo.tag_origin' "$work/full.new" ||
	fail "pg_dump --binary-upgrade did not write the member definitions"
same "the definitions of the extension's objects (pg_dump --binary-upgrade --schema-only)" \
	"$work/full.old" "$work/full.new"

# The shipped rows, row by row (in text order, whatever the key): the
# gazetteer, the rules, the sanctions lists the loader reads, the country
# spellings it maps, what each list's programs mean, and how each regime
# counts ownership and control.
for table in place place_name authority control rule rule_exception hostility party_list party_country party_program \
	ownership_rule; do
	q="SELECT count(*) || ' shipped rows, md5 ' || coalesce(md5(string_agg(r::text, E'\n' ORDER BY r::text)), '-')
		FROM embargo.$table r WHERE shipped"
	a=$(value $old "$q")
	b=$(value $new "$q")
	if [ "$a" != "$b" ]; then
		value $old "SELECT r::text FROM embargo.$table r WHERE shipped ORDER BY 1" >"$work/rows.old"
		value $new "SELECT r::text FROM embargo.$table r WHERE shipped ORDER BY 1" >"$work/rows.new"
		same "the shipped rows of embargo.$table ($a vs $b)" "$work/rows.old" "$work/rows.new"
	fi
	[[ "$b" != 0\ * ]] || fail "the fresh database has no shipped rows in embargo.$table"
done
# The editions of the official lists the data ships (loaded_at aside).
q="SELECT string_agg((o.list, o.edition, o.source, o.shipped)::text, E'\n' ORDER BY o.list, o.edition)
	FROM embargo.official_list o"
value $old "$q" >"$work/lists.old"
value $new "$q" >"$work/lists.new"
grep -q '^(ua-occupied,2025-05-07,' "$work/lists.new" || fail "the fresh database has no shipped edition of ua-occupied"
same "the editions of the official lists (embargo.official_list)" "$work/lists.old" "$work/lists.new"
[ "$(value $old "SELECT count(*) FROM embargo.place WHERE id = 999999")" = 0 ] ||
	fail "the update did not withdraw the shipped place the data does not have"

# The data editions recorded, and what embargo.version() says.
q="SELECT string_agg(e::text, E'\n' ORDER BY e.name) FROM embargo.data_edition e"
value $old "$q" >"$work/editions.old"
value $new "$q" >"$work/editions.new"
grep -q '^(data,' "$work/editions.new" || fail "the fresh database records no data edition"
same "the data editions (embargo.data_edition)" "$work/editions.old" "$work/editions.new"
value $old "SELECT embargo.version()" >"$work/version.old"
value $new "SELECT embargo.version()" >"$work/version.new"
same "embargo.version()" "$work/version.old" "$work/version.new"
