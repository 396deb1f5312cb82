#!/usr/bin/env bash
# pg_dump / pg_restore keeps territory and hscode columns, values and indexes,
# in both the custom (text COPY) and binary COPY paths, and the user rows of
# the extension's tables (places, aliases, authorities, control), which
# tag_origin() then reads as before; an edition of Ukraine's list of
# occupied territories that an administrator loaded stays in force; and the
# editions of the sanctions lists loaded, every row loaded with them, the
# administrator's program meanings and country spellings come back without
# duplicating the shipped ones, and match_party(), party_verdict(), screen()
# and explain() with parties answer as before; and the ownership records,
# inserted and loaded with load_ownership(), come back whole with their ids,
# an ownership rule of the administrator's own (CA) too, the shipped rules
# once, and owned parties get the same answers and the same rule set version;
# and the history of the knowledge (issue 19): every row version and change
# (embargo.history, embargo.ruleset) as it was, the tables' versions and the
# re-screenings' log (rescreen_state, rescreen_log), screen() and explain()
# as of moments before the dump answering as they did, every version the
# audit, the quarantine and the log record still known.
set -euo pipefail
src=embargo_dump_src
dst=embargo_dump_dst
dst2=embargo_dump_dst2
work=$(mktemp -d)
trap 'rm -rf "$work"; dropdb --if-exists $src; dropdb --if-exists $dst; dropdb --if-exists $dst2' EXIT

psql() { command psql -X -q -v ON_ERROR_STOP=1 "$@"; }

dropdb --if-exists $src 2>/dev/null
dropdb --if-exists $dst 2>/dev/null
dropdb --if-exists $dst2 2>/dev/null
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
-- a user authority, and control rows of it on a shipped place (the
-- Zaporizhzhia titanium combine, 22, held by UA: part of it for January
-- 2024; a site, so that the official list does not decide for it) and on
-- the user place
INSERT INTO embargo.authority (code, name, backed_by, source)
VALUES ('WAGN', 'Wagner Group', 'RU', 'dump test');
INSERT INTO embargo.control (place_id, controller, coverage, valid_from, valid_until, source)
VALUES (22, 'WAGN', 'partial', '2024-01-01', '2024-02-01', 'dump test');
INSERT INTO embargo.control (place_id, controller, valid_from, source)
SELECT id, 'WAGN', '2023-01-01', 'dump test' FROM embargo.place WHERE name = 'Tokmok';
-- a user rule on the user authority, with an exception, and a disabled one
INSERT INTO embargo.rule (jurisdiction, instrument, citation, action, controller, hs, valid_from)
VALUES ('XD', 'Dump Act', 'D/1', 'prohibit', 'WAGN', '{2805,81}', '2023-01-01'),
       ('XD', 'Dump Act', 'D/2', 'licence', NULL, '{}', NULL);
UPDATE embargo.rule SET enabled = false WHERE citation = 'D/2';
-- a user hop rule: metal last smelted in RU from 13 Apr 2024
INSERT INTO embargo.rule (jurisdiction, instrument, citation, action, territory, hs, hop_roles, hop_select, hop_date_from)
VALUES ('XD', 'Dump Act', 'D/3', 'review', 'RU', '{76}', '{smelted,cast}', 'last', '2024-04-13');
-- chains of custody in a user table
CREATE TABLE chains (id int PRIMARY KEY, chain embargo.custody);
INSERT INTO chains VALUES (1, 'mined:CD-NK#34@2024-05-01 > exported:RW > refined:CN'), (2, 'smelted:RU@2024-06-01 > processed:TR');
INSERT INTO embargo.rule_exception (rule_id, evidence, valid_until, description, citation)
SELECT id, 'dump-proof', '2024-01-01', 'dump test evidence', 'D/1(2)' FROM embargo.rule WHERE citation = 'D/1';
-- an override of a shipped rule (logged), and one of the user rule
SELECT FROM embargo.override_rule(100, true, '2015-01-01', NULL, 'dump test: narrowed');
SELECT count(embargo.override_rule(id, false, NULL, NULL, 'dump test: off')) FROM embargo.rule WHERE citation = 'D/2';
-- an import table under enforce(): one row held, one flagged, one accepted
CREATE TABLE imports (id int, origin embargo.territory, hs embargo.hscode, shipped_on date);
CREATE TRIGGER screen BEFORE INSERT OR UPDATE ON imports FOR EACH ROW EXECUTE FUNCTION embargo.enforce(
	'mode=quarantine', 'threshold=prohibit', 'key=id', 'territory=origin', 'hs=hs',
	'date=shipped_on', 'jurisdiction=EU');
INSERT INTO imports VALUES (1, 'UA-43', '2823.00', '2024-01-01'), (2, 'UA-23', '2805.30', '2024-01-01'),
	(3, 'CL', '2836.91', '2024-01-01');
-- moments of the history, to screen as of them before and after the dump
CREATE TABLE moments (step text PRIMARY KEY, at timestamptz NOT NULL);
INSERT INTO moments VALUES ('setup', clock_timestamp());
SQL

# An administrator loads a newer edition of the official list (fictional:
# the shipped file without Mospanove's row, dated 2025-08-01).
csv=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../data" && pwd)/ua_occupied.csv
psql -d $src <<SQL
\\copy embargo.official_list_staging (edition, section, category, oblast, raion, katotth, name_uk, date_start, date_end, n_periods, date_start_raw, date_end_raw, note) FROM '$csv' WITH (FORMAT csv, HEADER)
UPDATE embargo.official_list_staging SET edition = '2025-08-01';
DELETE FROM embargo.official_list_staging WHERE katotth = 'UA63140050020095509' AND category = 'temporarily_occupied';
SELECT count(*) FROM embargo.load_official_list('ua-occupied', '2025-08-01', 'dump test: a fictional edition');
SQL

# The sanctions lists: the excerpts of the real files (tests/data/sanctions,
# as sql/party_list.sql loads them), read by the server; a newer edition of
# the SDN list staged from the client (the excerpt without the vessel Tifon),
# which is then in force; a program meaning and a country spelling of the
# administrator's own.
sanctions=$(cd "$(dirname "${BASH_SOURCE[0]}")/../data/sanctions" && pwd)
psql -d $src <<SQL
SET client_min_messages = warning;
SELECT count(*) FROM embargo.load_list('ofac_sdn', '2024-05-03', ARRAY['$sanctions/ofac_sdn/sdn.csv',
	'$sanctions/ofac_sdn/add.csv', '$sanctions/ofac_sdn/alt.csv', '$sanctions/ofac_sdn/sdn_comments.csv']) WHERE loaded;
SELECT count(*) FROM embargo.load_list('ofac_cons', '2025-12-19',
	ARRAY['$sanctions/ofac_cons/cons_prim.csv', '$sanctions/ofac_cons/cons_add.csv']) WHERE loaded;
SELECT count(*) FROM embargo.load_list('uk_ofsi', '2025-04-10', ARRAY['$sanctions/uk_ofsi/ConList.csv']) WHERE loaded;
INSERT INTO moments VALUES ('lists loaded', clock_timestamp());
\\copy embargo.party_staging_ofac (ent_num, sdn_name, sdn_type, program, title, call_sign, vess_type, tonnage, grt, vess_flag, vess_owner, remarks) FROM '$sanctions/ofac_sdn/sdn.csv' WITH (FORMAT csv, ENCODING 'WIN1252')
\\copy embargo.party_staging_ofac_add (ent_num, add_num, address, city, country, add_remarks) FROM '$sanctions/ofac_sdn/add.csv' WITH (FORMAT csv, ENCODING 'WIN1252')
\\copy embargo.party_staging_ofac_alt (ent_num, alt_num, alt_type, alt_name, alt_remarks) FROM '$sanctions/ofac_sdn/alt.csv' WITH (FORMAT csv, ENCODING 'WIN1252')
\\copy embargo.party_staging_ofac_comments (ent_num, remarks) FROM '$sanctions/ofac_sdn/sdn_comments.csv' WITH (FORMAT csv, ENCODING 'WIN1252')
DELETE FROM embargo.party_staging_ofac WHERE ent_num = '4249';
DELETE FROM embargo.party_staging_ofac_add WHERE ent_num = '4249';
SELECT count(*) FROM embargo.load_list_staged('ofac_sdn', '2024-06-01', 'dump test: a newer edition') WHERE loaded;
INSERT INTO embargo.party_program (list, program, meaning, citation, note)
VALUES ('ofac_cons', 'NS-PLC', 'blocking', 'dump test', 'the administrator''s own meaning');
INSERT INTO embargo.party_country (name, code, source) VALUES ('Rossiya', 'RU', 'dump test');
SQL

# Ownership and control: records inserted directly (a chain from an SDN
# entity, a dated stake, control by a UK-listed entity, an unknown share) and
# staged and loaded with load_ownership() (an aggregate of two SDN owners,
# votes, a cycle, a listed entry owned by a listed one, a line twice), and a
# rule of the administrator's own for CA.
psql -d $src <<'SQL'
INSERT INTO embargo.ownership (owner, owned, share, kind, valid_from, valid_until, source) VALUES
	('ofac_sdn:16806', 'Beta Holding', 60, 'shares', NULL, NULL, 'dump test'),
	('Beta Holding', 'Beta Mining LLC', 50, 'shares', '2020-01-01', NULL, 'dump test'),
	('ofac_sdn:18310', 'Eta Trading', 70, 'shares', '2022-03-01', '2024-01-01', 'dump test'),
	('uk_ofsi:13930', 'Zeta Terminal', NULL, 'control', '2021-01-01', NULL, 'dump test'),
	('ofac_sdn:17018', 'Epsilon Bank', NULL, 'shares', NULL, NULL, 'dump test');
COPY embargo.ownership_staging (owner, owned, share, kind, valid_from, valid_until, source) FROM STDIN WITH (FORMAT csv);
ofac_sdn:18310,Gamma Metals,30,shares,,,
ofac_sdn:16807,Gamma Metals,25.5,shares,2020-05-01,,
uk_ofsi:7798,Kappa Fund,60,votes,,,
Theta A,Theta B,60,shares,,,
Theta B,Theta A,40,shares,,,
ofac_sdn:16806,Theta A,55,shares,,,
ofac_sdn:16806,ofac_cons:17014,60,shares,,,
ofac_cons:17016,Lambda Energy,80,shares,2019-01-01,2030-01-01,a register
ofac_cons:17016,Lambda Energy,80,shares,2019-01-01,2030-01-01,a register
\.
SELECT format('loaded %s, already %s', loaded, already) FROM embargo.load_ownership('dump test: staged');
INSERT INTO embargo.ownership_rule (jurisdiction, threshold, at_threshold, aggregate, votes_count, control_blocks, citation, note)
VALUES ('CA', 50, true, false, true, true, 'dump test: a rule of the administrator''s own', 'for Canada');
SQL
[ "$(command psql -X -At -d $src -c "SELECT count(*) || '/' || count(*) FILTER (WHERE source = 'dump test: staged')
	|| '/' || (SELECT count(*) FROM embargo.ownership_rule WHERE shipped) || '/' || (SELECT count(*) FROM embargo.ownership_rule WHERE NOT shipped)
	FROM embargo.ownership")" = 13/7/3/1 ] ||
	{ echo "expected 13 ownership records (7 loaded), 3 shipped ownership rules and one of the administrator's before the dump" >&2; exit 1; }

# History and re-screening (issue 19): an import table that keeps its
# verdict, a rule of the administrator's that changes one of its rows, and
# rescreen(), which logs the change; the moments to screen as of.
psql -d $src <<'SQL'
SET client_min_messages = warning;
CREATE TABLE flagged (id int PRIMARY KEY, origin embargo.territory, hs embargo.hscode, shipped_on date,
	verdict embargo.verdict);
CREATE TRIGGER screen BEFORE INSERT OR UPDATE ON flagged FOR EACH ROW EXECUTE FUNCTION embargo.enforce(
	'mode=flag', 'key=id', 'territory=origin', 'hs=hs', 'date=shipped_on', 'jurisdiction=XD', 'verdict=verdict');
INSERT INTO flagged VALUES (1, 'KZ', '2603.00', '2024-06-01'), (2, 'CL', '2836.91', '2024-06-01');
INSERT INTO embargo.rule (jurisdiction, instrument, citation, action, territory, hs)
VALUES ('XD', 'Dump Act', 'D/4', 'review', 'KZ', '{2603}');
INSERT INTO moments VALUES ('rule D/4', clock_timestamp());
SELECT embargo.rescreen('flagged');
INSERT INTO moments VALUES ('before the dump', clock_timestamp());
SQL
# screen() and explain() as of each moment: the knowledge then (the lists
# loaded before the newer SDN edition, the official list's edition, rule
# D/4), and ruleset_at()
as_of() {
	command psql -X -q -At -v ON_ERROR_STOP=1 -d "$1" <<'SQL'
SELECT m.step, embargo.screen('KZ'::embargo.territory, NULL::text, '2603.00', '2024-06-01', 'XD', as_of => m.at),
       embargo.ruleset_at(m.at) = embargo.ruleset_version() AS now,
       (SELECT string_agg(concat_ws(' ', e.action, e.rule_id, e.instrument), ', ' ORDER BY e.rule_id)
        FROM embargo.explain('KZ'::embargo.territory, NULL::text, '2603.00', '2024-06-01', 'XD', as_of => m.at) e)
FROM moments m ORDER BY m.at;
SELECT m.step, embargo.screen('CL'::embargo.territory, NULL::text, '2836.91', '2024-06-01', 'US', parties => '{Tifon}', as_of => m.at),
       embargo.screen('CL'::embargo.territory, NULL::text, '2836.91', '2024-06-01', 'US', parties => '{Beta Mining LLC}', as_of => m.at),
       (SELECT string_agg(concat_ws(' ', e.action, e.rule_id, e.article), ', ' ORDER BY e.rule_id, e.article)
        FROM embargo.explain('CL'::embargo.territory, NULL::text, '2836.91', '2024-06-01', 'US',
                             parties => '{Tifon,Sberbank of Russia}', as_of => m.at) e)
FROM moments m WHERE m.step <> 'setup' ORDER BY m.at;
SQL
}
as_of_src=$(as_of $src)
for fact in 'setup|allow|f|' 'lists loaded|allow|f|' 'rule D/4|review|t|review 1000003 Dump Act' \
	'lists loaded|prohibit|allow|prohibit ofac_sdn:17018, prohibit ofac_sdn:4249' \
	'before the dump|allow|prohibit|prohibit ofac_sdn:17018'; do
	[[ $'\n'"$as_of_src"$'\n' == *$'\n'"$fact"$'\n'* ]] ||
		{ printf 'unexpected answers as of the moments before the dump (no "%s"):\n%s\n' "$fact" "$as_of_src" >&2; exit 1; }
done
# Critical and conflict minerals (issue 20): a list of the administrator's
# with a rule scoped to it, the June 2026 CAHRA edition loaded, a smelter
# and its statuses, chains naming facilities in a user table.
psql -d $src -v cahra_file="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../data/cahra" && pwd)/cahra-2026-06.json" <<'SQL'
SET client_min_messages = error;
INSERT INTO embargo.critical_list (name, title, jurisdiction, instrument, citation, published)
VALUES ('xd_watch', 'XD watch list', 'XD', 'Dump Act', 'D/5', '2024-01-01');
INSERT INTO embargo.critical_mineral (list, mineral, hs, category, uncertain, note)
VALUES ('xd_watch', 'lithium', '2825.20', 'intermediate', false, NULL),
       ('xd_watch', 'lithium', '2530.90', 'ore', true, 'shared code');
INSERT INTO embargo.rule (jurisdiction, instrument, citation, action, hs_list)
VALUES ('XD', 'Dump Act', 'D/5', 'review', 'xd_watch');
SELECT count(*) FROM embargo.load_cahra('2026-06-27', :'cahra_file');
INSERT INTO embargo.smelter (facility, name, metal, country) VALUES ('CID900001', 'Dump Tin Smelter', 'tin', 'MY');
INSERT INTO embargo.smelter_status (facility, since, status)
VALUES ('CID900001', '2023-01-01', 'conformant'), ('CID900001', '2024-01-15', 'suspended');
INSERT INTO chains VALUES (3, 'mined:AU > smelted:MY@2023-06-01/CID900001'), (4, 'mined:AU > smelted:MY@2024-02-01/CID900001');
SQL
conflict() {
	command psql -X -q -At -v ON_ERROR_STOP=1 -d "$1" <<'SQL'
SELECT t, count(*), md5(string_agg(r, E'\n' ORDER BY r)) FROM (
	SELECT 'critical_list', r::text FROM embargo.critical_list r WHERE NOT shipped UNION ALL
	SELECT 'critical_mineral', r::text FROM embargo.critical_mineral r WHERE NOT shipped UNION ALL
	SELECT 'cahra_edition', (r.edition, r.title, r.source, r.retrieved, r.areas, r.rejected)::text FROM embargo.cahra_edition r UNION ALL
	SELECT 'cahra_area', r::text FROM embargo.cahra_area r UNION ALL
	SELECT 'smelter', (r.facility, r.name, r.metal, r.country)::text FROM embargo.smelter r UNION ALL
	SELECT 'smelter_status', r::text FROM embargo.smelter_status r) x(t, r)
GROUP BY t ORDER BY t;
SELECT c.id, c.chain, embargo.screen('AU'::embargo.territory, NULL::text, '8001.10', '2024-05-01', 'EU', custody => c.chain)
FROM chains c WHERE c.id >= 3 ORDER BY c.id;
SELECT t, embargo.screen(t::embargo.territory, NULL::text, '2615.90', '2026-07-01', 'EU'),
       embargo.screen(t::embargo.territory, NULL::text, '2530.90', '2026-07-01', 'XD')
FROM unnest(ARRAY['CD-NK', 'AU', 'UA-09']) t ORDER BY t;
SQL
}
conflict_src=$(conflict $src)
for fact in 'cahra_area|' 'smelter_status|2|' 'critical_mineral|2|' '3|mined:AU > smelted:MY@2023-06-01/CID900001|allow' \
	'4|mined:AU > smelted:MY@2024-02-01/CID900001|review' 'AU|allow|review' 'CD-NK|review|review'; do
	[[ $'\n'"$conflict_src" == *$'\n'"$fact"* ]] ||
		{ printf 'unexpected conflict-minerals knowledge before the dump (no "%s"):\n%s\n' "$fact" "$conflict_src" >&2; exit 1; }
done
# The answers as of the moments again, as they are just before the dump:
# the changes above made a newer version, so "now" is false for every moment.
as_of_src=$(as_of $src)
pg_dump -Fc -d $src -f "$work/dump"
# The user rows of the extension's tables come back through their
# pg_extension_config_dump filters; control refers to place and authority,
# so their data must be restored in foreign-key order.
pg_restore -d $dst "$work/dump" 2>"$work/restore.err" || {
	cat "$work/restore.err" >&2
	if grep -q 'violates foreign key constraint' "$work/restore.err"; then
		echo "pg_restore failed on a foreign key between the extension's config tables:" \
			"pg_dump did not order their data (see above)" >&2
	else
		echo "pg_restore failed (see above)" >&2
	fi
	exit 1
}

# The lists, CAHRA editions and smelters of the administrator come back
# whole, and screening with them answers alike.
[ "$(conflict $dst)" = "$conflict_src" ] ||
	{ printf 'conflict-minerals knowledge differs after restore:\n%s\n' "$(diff <(echo "$conflict_src") <(conflict $dst))" >&2; exit 1; }

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

# The user rows of all four config tables are restored exactly, the shipped
# ones come from CREATE EXTENSION once, and tag_origin() answers alike.
for table in place place_name authority control rule rule_exception official_list hostility \
	party_list party_program party_country ownership_rule; do
	q="SELECT count(*) FILTER (WHERE shipped) || ' shipped, ' || count(*) FILTER (WHERE NOT shipped) ||
		' user rows: ' || coalesce(string_agg(r::text, '; ' ORDER BY r::text) FILTER (WHERE NOT shipped), '-')
		FROM embargo.$table r"
	before=$(command psql -X -At -v ON_ERROR_STOP=1 -d $src -c "$q")
	after=$(command psql -X -At -v ON_ERROR_STOP=1 -d $dst -c "$q")
	[ "$before" = "$after" ] || { printf 'embargo.%s differs after restore:\n  before: %s\n  after:  %s\n' \
		"$table" "$before" "$after" >&2; exit 1; }
done
# The editions of the sanctions lists and every row loaded with them are all
# user data, restored whole.
for table in party_list_edition party_entry party_name party_address party_identifier; do
	q="SELECT count(*) || ' rows, ' || coalesce(md5(string_agg(r::text, E'\\n' ORDER BY r::text)), '-')
		|| ' (' || coalesce(string_agg(DISTINCT r.list || ' ' || r.edition, ', '), '-') || ')' FROM embargo.$table r"
	before=$(command psql -X -At -v ON_ERROR_STOP=1 -d $src -c "$q")
	after=$(command psql -X -At -v ON_ERROR_STOP=1 -d $dst -c "$q")
	[[ "$before" == [1-9]*"(ofac_cons 2025-12-19, ofac_sdn 2024-05-03, ofac_sdn 2024-06-01, uk_ofsi 2025-04-10)" ]] ||
		{ echo "embargo.$table does not hold the four editions loaded before the dump: $before" >&2; exit 1; }
	[ "$before" = "$after" ] || { printf 'embargo.%s differs after restore:\n  before: %s\n  after:  %s\n' \
		"$table" "$before" "$after" >&2; exit 1; }
done
# match_party(), party_verdict() and screen() with parties answer alike: the
# newer SDN edition is in force (Tifon is not in it), the administrator's
# program meaning holds (NS-PLC blocks), the excerpts' names match.
parties() {
	command psql -X -q -At -v ON_ERROR_STOP=1 -d "$1" <<'SQL'
SELECT n, m.list, m.entry_id, m.matched_name, m.score, m.kind, m.programs, m.meaning, m.citation, m.why
FROM unnest(ARRAY['Sberbank of Russia', 'PAO Сбербанк России', 'Sberbnak of Russia', 'Tifon', 'ARK III',
                  'Haniya, Ismail Abdul Salah', 'Gazprombank', 'Roman Rotenberg', 'Муса Бен Омар Бен Али Эссаади',
                  'SAM JONG 1', '7707083893', 'Acme Trading GmbH']) WITH ORDINALITY AS p(n, i)
LEFT JOIN LATERAL embargo.match_party(p.n, NULL, '2024-06-01') m ON true
ORDER BY p.i, m.score DESC, m.list, m.entry_id;
SELECT string_agg(n || ': ' || embargo.party_verdict(n, NULL, '2024-06-01', j), ', ' ORDER BY j, n COLLATE "C")
FROM unnest(ARRAY['Sberbank of Russia', 'Tifon', 'Haniya, Ismail Abdul Salah', 'SAM JONG 1']) n, unnest(ARRAY['UK', 'US']) j;
SELECT embargo.screen('CL'::embargo.territory, NULL::text, '2836.91', '2024-06-01', 'US', NULL, NULL,
                      ARRAY['Acme Trading GmbH', 'Sberbank of Russia']);
SELECT rule_id, action, instrument, article, citation, why
FROM embargo.explain('RU'::embargo.territory, NULL::text, '7601.10', '2024-06-01', 'UK', NULL, NULL,
                     ARRAY['Муса Бен Омар Бен Али Эссаади', 'Gazprombank']) ORDER BY rule_id, article;
SQL
}
party_src=$(parties $src)
for fact in 'Tifon||||||||' 'Haniya, Ismail Abdul Salah|ofac_cons|9639|HANIYA, Ismail Abdul Salah|1|individual|{NS-PLC}|blocking|dump test|' \
	'Sberbank of Russia|ofac_sdn|17018|' 'ARK III|ofac_sdn|15037|ARK III|1|vessel|' 'Acme Trading GmbH||||||||' \
	'Haniya, Ismail Abdul Salah: allow, SAM JONG 1: prohibit, Sberbank of Russia: allow, Tifon: allow, Haniya, Ismail Abdul Salah: prohibit, SAM JONG 1: allow, Sberbank of Russia: prohibit, Tifon: allow' \
	'7707083893|ofac_sdn|17018|7707083893|1|entity|' \
	'|prohibit|sanctions list uk_ofsi, edition 2025-04-10|uk_ofsi:7798|'; do
	[[ "$party_src" == *"$fact"* ]] ||
		{ printf 'unexpected party matches before the dump (no "%s"):\n%s\n' "$fact" "$party_src" >&2; exit 1; }
done
[ "$(parties $dst)" = "$party_src" ] ||
	{ printf 'party matches differ after restore:\n%s\n' "$(diff <(echo "$party_src") <(parties $dst))" >&2; exit 1; }
# The ownership records are all user data: restored whole, with their ids;
# and a new record continues the ids.
q="SELECT count(*) || ' records, ' || md5(string_agg(r::text, E'\\n' ORDER BY r.id)) FROM embargo.ownership r"
before=$(command psql -X -At -v ON_ERROR_STOP=1 -d $src -c "$q")
after=$(command psql -X -At -v ON_ERROR_STOP=1 -d $dst -c "$q")
[[ "$before" == "13 records, "* ]] && [ "$before" = "$after" ] ||
	{ printf 'embargo.ownership differs after restore:\n  before: %s\n  after:  %s\n' "$before" "$after" >&2; exit 1; }
# owned parties: blocked through a chain, by an aggregate, by control (UK),
# by votes (UK counts them, the US does not), in a cycle; for review for an
# unknown share and a restrictive owner; a dated stake before, during and
# after; a listed entry blocked by ownership; with the CA rule in the table
owned() {
	command psql -X -q -At -v ON_ERROR_STOP=1 -d "$1" <<'SQL'
SELECT string_agg(format('%s %s %s: %s', n, d, j, embargo.party_verdict(n, NULL, d, j)), E'\n' ORDER BY n, d, j)
FROM unnest(ARRAY['Beta Holding', 'BETA MINING', 'Eta Trading', 'Zeta Terminal', 'Epsilon Bank', 'Gamma Metals',
                  'Kappa Fund', 'Theta A', 'Theta B', 'Russian Agricultural Bank', 'Lambda Energy']) n,
     unnest(ARRAY['2019-06-01', '2023-06-01', '2024-06-01']::date[]) d, unnest(ARRAY['UK', 'US']) j;
SELECT m.list, m.entry_id, m.matched_name, m.score, m.meaning, m.citation, m.why
FROM unnest(ARRAY['Beta Mining LLC', 'Gamma Metals', 'Zeta Terminal', 'Theta B', 'JSC Russian Agricultural Bank']) WITH ORDINALITY p(n, i),
     embargo.match_party(p.n, NULL, '2024-06-01') m
ORDER BY p.i, m.score DESC, m.list, m.entry_id;
SELECT embargo.screen('CL'::embargo.territory, NULL::text, '2836.91', '2024-06-01', 'US', NULL, NULL, ARRAY['Gamma Metals', 'Epsilon Bank']);
SELECT action, article, citation, why FROM embargo.explain('CL'::embargo.territory, NULL::text, '2836.91', '2024-06-01', 'UK',
	NULL, NULL, ARRAY['Zeta Terminal', 'Kappa Fund', 'Theta B']) ORDER BY article;
SELECT embargo.ruleset_version();
SQL
}
owned_src=$(owned $src)
for fact in 'Beta Holding 2024-06-01 US: prohibit' 'BETA MINING 2019-06-01 US: allow' 'BETA MINING 2023-06-01 US: prohibit' \
	'Eta Trading 2019-06-01 US: allow' 'Eta Trading 2023-06-01 US: prohibit' 'Eta Trading 2024-06-01 US: allow' \
	'Zeta Terminal 2019-06-01 UK: allow' 'Zeta Terminal 2023-06-01 UK: prohibit' 'Epsilon Bank 2024-06-01 US: review' \
	'Gamma Metals 2019-06-01 US: allow' 'Gamma Metals 2023-06-01 US: prohibit' 'Kappa Fund 2024-06-01 UK: prohibit' \
	'Theta B 2024-06-01 US: prohibit' 'Russian Agricultural Bank 2024-06-01 US: prohibit' 'Lambda Energy 2024-06-01 US: review' \
	'own|Beta Mining LLC|Beta Mining LLC|1|blocked by ownership|' 'held by ofac_sdn:18310 (ROTENBERG, Roman Borisovich) 30 % + ofac_sdn:16807 (OOO TRANSOIL) 25.5 %; blocked parties hold 55.5 % together' \
	'ofac_cons|17014|JOINT STOCK COMPANY RUSSIAN AGRICULTURAL BANK|1|blocked by ownership|' \
	'prohibit|own:Zeta Terminal|The Russia (Sanctions) (EU Exit) Regulations 2019'; do
	[[ "$owned_src" == *"$fact"* ]] ||
		{ printf 'unexpected answers for owned parties before the dump (no "%s"):\n%s\n' "$fact" "$owned_src" >&2; exit 1; }
done
[ "$(owned $dst)" = "$owned_src" ] ||
	{ printf 'answers for owned parties differ after restore:\n%s\n' "$(diff <(echo "$owned_src") <(owned $dst))" >&2; exit 1; }
# The quarantine and the audit trail are all user data, restored whole;
# the import table holds what passed, and its trigger works after restore.
for table in quarantine audit rule_override_log; do
	q="SELECT count(*) || ': ' || coalesce(string_agg(r::text, '; ' ORDER BY r.id), '-') FROM embargo.$table r"
	before=$(command psql -X -At -v ON_ERROR_STOP=1 -d $src -c "$q")
	after=$(command psql -X -At -v ON_ERROR_STOP=1 -d $dst -c "$q")
	[[ "$before" == [1-9]* ]] || { echo "embargo.$table is empty before the dump" >&2; exit 1; }
	[ "$before" = "$after" ] || { printf 'embargo.%s differs after restore:\n  before: %s\n  after:  %s\n' \
		"$table" "$before" "$after" >&2; exit 1; }
done
# History and re-screening (issue 19) come back: every row version of the
# history and every change of embargo.ruleset as they were (CREATE
# EXTENSION and the restore add their own after them: sealed, a restored
# change keeps its version and time), the tables' versions and the
# re-screenings' log; screen() and explain() as of the moments before the
# dump answer as they did; every version the audit, the quarantine and the
# log record is known; the restored table needs no re-screening.
for q in "history:SELECT concat_ws('|', table_name, row_hash, created_in, created_how, ended_in, ended_how) FROM embargo.history" \
	"ruleset:SELECT concat_ws('|', id, version, since, by, summary) FROM embargo.ruleset"; do
	command psql -X -At -v ON_ERROR_STOP=1 -d $src -c "${q#*:}" | sort >"$work/${q%%:*}.src"
	command psql -X -At -v ON_ERROR_STOP=1 -d $dst -c "${q#*:}" | sort >"$work/${q%%:*}.dst"
	[ -s "$work/${q%%:*}.src" ] || { echo "embargo.${q%%:*} is empty before the dump" >&2; exit 1; }
	lost=$(comm -23 "$work/${q%%:*}.src" "$work/${q%%:*}.dst" | wc -l)
	[ "$lost" -eq 0 ] || { printf 'embargo.%s lost or changed %s of its %s rows in the restore, e.g.:\n%s\n' "${q%%:*}" "$lost" \
		"$(wc -l <"$work/${q%%:*}.src")" "$(comm -23 "$work/${q%%:*}.src" "$work/${q%%:*}.dst" | head -3 | cut -c1-300)" >&2; exit 1; }
done
for q in "rescreen_state:SELECT string_agg(concat_ws(' ', tbl, version, by, at), '; ' ORDER BY tbl::text) FROM embargo.rescreen_state" \
	"rescreen_log:SELECT count(*) || ': ' || string_agg(l::text, '; ' ORDER BY l.id) FROM embargo.rescreen_log l"; do
	before=$(command psql -X -At -v ON_ERROR_STOP=1 -d $src -c "${q#*:}")
	after=$(command psql -X -At -v ON_ERROR_STOP=1 -d $dst -c "${q#*:}")
	[[ -n "$before" && "$before" != 0:* ]] || { echo "embargo.${q%%:*} is empty before the dump" >&2; exit 1; }
	[ "$before" = "$after" ] || { printf 'embargo.%s differs after restore:\n  before: %s\n  after:  %s\n' \
		"${q%%:*}" "$before" "$after" >&2; exit 1; }
done
[[ "$(command psql -X -At -d $src -c "SELECT string_agg(tbl::text, ' ' ORDER BY tbl::text) FROM embargo.rescreen_state")" = "flagged imports" ]] ||
	{ echo "expected the versions of tables flagged and imports in embargo.rescreen_state before the dump" >&2; exit 1; }
as_of_dst=$(as_of $dst 2>&1) || true
[ "$as_of_dst" = "$as_of_src" ] ||
	{ printf 'screen() and explain() as of the moments before the dump answer otherwise after the restore:\n%s\n' \
		"$(diff <(echo "$as_of_src") <(echo "$as_of_dst"))" >&2; exit 1; }
unknown="SELECT (SELECT count(*) FROM embargo.audit a WHERE a.ruleset_version IS NOT NULL AND embargo.ruleset_since(a.ruleset_version) IS NULL)
	|| '/' || (SELECT count(*) FROM embargo.quarantine q WHERE q.ruleset_version IS NOT NULL AND embargo.ruleset_since(q.ruleset_version) IS NULL)
	|| '/' || (SELECT count(*) FROM embargo.rescreen_log l WHERE embargo.ruleset_since(l.new_version) IS NULL
	           OR (l.old_version IS NOT NULL AND embargo.ruleset_since(l.old_version) IS NULL))
	|| ' rederived ' || (SELECT count(*) || '/' || count(*) FILTER (WHERE a.verdict = embargo.screen(f.origin, NULL::text, f.hs, f.shipped_on,
	                                          a.jurisdiction, as_of => embargo.ruleset_since(a.ruleset_version)))
	                    FROM embargo.audit a JOIN flagged f ON f.id::text = a.row_key WHERE a.source_table = 'public.flagged')"
for db in $src $dst; do
	[ "$(command psql -X -At -d $db -c "$unknown")" = "0/0/0 rederived 1/1" ] ||
		{ echo "in $db, versions recorded by the audit, the quarantine or rescreen_log are unknown to embargo.ruleset, or an audit row is not re-derived: $(command psql -X -At -d $db -c "$unknown")" >&2; exit 1; }
done
[ "$(command psql -X -q -At -d $dst -c "SET client_min_messages = warning" -c "SELECT embargo.rescreen('flagged') || '/' || embargo.rescreen('flagged', full => true)")" = 0/0 ] ||
	{ echo "after the restore, rescreen() changes the restored table's rows" >&2; exit 1; }
# the overrides too, and screening follows them after restore
q="SELECT string_agg(r::text, '; ' ORDER BY r.rule_id) || ' / ' || embargo.ruleset_version() FROM embargo.rule_override r"
[ "$(command psql -X -At -d $src -c "$q")" = "$(command psql -X -At -d $dst -c "$q")" ] ||
	{ echo "embargo.rule_override, or the rule set version it makes, differs after restore" >&2; exit 1; }
[ "$(command psql -X -At -d $dst -c "SELECT embargo.screen('UA-43'::embargo.territory, NULL, '2823.00', '2014-12-01', 'EU')")" = allow ] ||
	{ echo "the narrowed rule 100 applies before its override's date after restore" >&2; exit 1; }
[ "$(command psql -X -At -d $dst -c "SELECT string_agg(id::text, ',' ORDER BY id) FROM imports")" = "2,3" ] ||
	{ echo "the import table differs after restore" >&2; exit 1; }
[ "$(command psql -X -At -d $dst -c "INSERT INTO imports VALUES (4, 'UA-40', '2823.00', '2024-01-01');
	SELECT max(id) || '/' || count(*) FROM embargo.quarantine" | tail -1)" = "2/2" ] ||
	{ echo "after restore, enforce() does not hold rows or the quarantine ids do not continue" >&2; exit 1; }
[[ "$(command psql -X -At -d $src -c "SELECT count(*) FROM embargo.control WHERE NOT shipped AND list IS NULL")" = 2 ]] ||
	{ echo "expected 2 user control rows before the dump" >&2; exit 1; }
tags() {
	command psql -X -q -At -v ON_ERROR_STOP=1 -d "$1" <<'SQL'
SET search_path = embargo, public;
SELECT tag_origin(NULL, 22, '2024-01-15');        -- the user row on the shipped combine: contested
SELECT tag_origin(NULL, 22, '2024-02-01');        -- after it: UA again
SELECT tag_origin(NULL, 'Tokmok', '2023-06-01');  -- the user place, by name: held by WAGN
SELECT tag_origin('KG-C', NULL::int, '2023-06-01');
SELECT tag_origin('KG', NULL::int, '2023-06-01');
SELECT tag_origin(NULL, 'Melitopil', '2023-06-01'); -- the user alias
SELECT tag_origin('UA-14', NULL::int, '2015-01-01');
SELECT screen(tag_origin(NULL, 'Tokmok', '2023-06-01'), '2805.30', '2023-06-01', 'XD');
SELECT screen(tag_origin(NULL, 'Tokmok', '2023-06-01'), '2805.30', '2023-06-01', 'XD', '{dump-proof}');
SELECT screen(tag_origin(NULL, 'Tokmok', '2024-06-01'), '8108.20', '2024-06-01', 'XD', '{dump-proof}');
SELECT screen(tag_origin('CL', NULL::int, '2024-06-01'), '2836.91', '2024-06-01', 'XD');
SELECT string_agg(chain::text, ' | ' ORDER BY id) FROM chains;
SELECT screen(tag_origin('TR', NULL::int, '2024-09-01'), '7606', '2024-09-01', 'XD', '{}', 'smelted:RU@2024-06-01 > cast:RU');
SELECT screen(tag_origin('TR', NULL::int, '2024-09-01'), '7606', '2024-09-01', 'XD', '{}', 'smelted:RU@2024-06-01 > cast:TR');
SQL
}
expected_tags="(UA-23,22,UA,WAGN,contested,place)
(UA-23,22,UA,UA,sovereign,place)
(KG-C,1000000,KG,WAGN,occupied,place)
(KG-C,,KG,WAGN,contested,subdivision)
(KG,,KG,WAGN,contested,country)
(UA-23,16,UA,RU,occupied,place)
(UA-14,,UA,DNR,contested,subdivision)
prohibit
allow
prohibit
allow
mined:CD-NK#34@2024-05-01 > exported:RW > refined:CN | smelted:RU@2024-06-01 > processed:TR | mined:AU > smelted:MY@2023-06-01/CID900001 | mined:AU > smelted:MY@2024-02-01/CID900001
review
allow"
[ "$(tags $src)" = "$expected_tags" ] ||
	{ printf 'unexpected tags before the dump:\n%s\n' "$(tags $src)" >&2; exit 1; }
[ "$(tags $dst)" = "$expected_tags" ] ||
	{ printf 'tags differ after restore:\n%s\nexpected:\n%s\n' "$(tags $dst)" "$expected_tags" >&2; exit 1; }
# New user control rows after the restore continue the user id range (after
# the rows of the list's edition).
next_control=$(command psql -X -At -d $src -c "SELECT max(id) + 1 FROM embargo.control WHERE NOT shipped")
[ "$next_control" = 1001678 ] || { echo "expected 1677 user control rows before the dump, not $((next_control - 1000000))" >&2; exit 1; }
[ "$(command psql -X -At -d $dst -c "INSERT INTO embargo.control (territory, controller, source)
	VALUES ('KG-C', 'KG', 'dump test') RETURNING id" | head -1)" = "$next_control" ] ||
	{ echo "user control id sequence not restored" >&2; exit 1; }

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

# The administrator's edition of the official list is in force after the
# restore as before it, beside the shipped one CREATE EXTENSION brought back.
lists() {
	command psql -X -q -At -v ON_ERROR_STOP=1 -d "$1" <<'SQL'
SELECT string_agg(format('%s %s shipped=%s: %s control, %s hostility rows', o.list, o.edition, o.shipped,
       (SELECT count(*) FROM embargo.control c WHERE c.list = o.list AND c.edition = o.edition),
       (SELECT count(*) FROM embargo.hostility h WHERE h.list = o.list AND h.edition = o.edition)), '; ' ORDER BY o.edition)
FROM embargo.official_list o;
SELECT embargo.tag_origin(NULL, 'UA63140050020095509', '2022-03-01');  -- Mospanove: not in the new edition
SELECT embargo.tag_origin(NULL, 'UA14140050010029262', '2022-06-01');  -- Mariupol, as in both
SQL
}
expected_lists="ua-occupied 2025-05-07 shipped=t: 1677 control, 1668 hostility rows; ua-occupied 2025-08-01 shipped=f: 1676 control, 1668 hostility rows
(UA-63,126367,UA,UA,sovereign,place)
(UA-14,4,UA,DNR,occupied,place)"
[ "$(lists $src)" = "$expected_lists" ] ||
	{ printf 'unexpected official list editions before the dump:\n%s\n' "$(lists $src)" >&2; exit 1; }
[ "$(lists $dst)" = "$expected_lists" ] ||
	{ printf 'official list editions differ after restore:\n%s\nexpected:\n%s\n' "$(lists $dst)" "$expected_lists" >&2; exit 1; }

# A new ownership record after the restore continues the ids, and is applied
# (after the comparisons above: it changes the rule set version).
next_own=$(command psql -X -At -d $src -c "SELECT max(id) + 1 FROM embargo.ownership")
[ "$(command psql -X -At -d $dst -c "INSERT INTO embargo.ownership (owner, owned, share, source)
	VALUES ('Beta Holding', 'Beta Trading', 100, 'dump test') RETURNING id" | head -1)" = "$next_own" ] ||
	{ echo "the ownership id sequence is not restored" >&2; exit 1; }
[ "$(command psql -X -At -d $dst -c "SELECT embargo.party_verdict('Beta Trading', NULL, '2024-06-01', 'US')")" = prohibit ] ||
	{ echo "a record added after the restore is not applied" >&2; exit 1; }

# A sanctions list of the administrator's own, for the jurisdiction of the
# administrator's ownership rule (CA): its entry owns parties, and the CA
# rule decides them.  Dumped and restored again, into a third database: the
# records that refer to the list come back with the list, and answer alike.
psql -d $src <<'SQL'
INSERT INTO embargo.party_list (list, title, publisher, jurisdiction) VALUES ('ca_sema', 'SEMA schedule (dump test)', 'dump test', 'CA');
INSERT INTO embargo.party_list_edition (list, edition, source, entries, names, addresses, identifiers)
VALUES ('ca_sema', '2025-01-01', 'dump test', 1, 1, 0, 0);
INSERT INTO embargo.party_entry (list, edition, entry_id, kind, programs) VALUES ('ca_sema', '2025-01-01', '1', 'entity', '{RUSSIA}');
INSERT INTO embargo.party_name (list, edition, entry_id, name, kind) VALUES ('ca_sema', '2025-01-01', '1', 'Maple Steel Holdings', 'primary');
INSERT INTO embargo.party_program (list, program, meaning, citation) VALUES ('ca_sema', '*', 'blocking', 'dump test');
INSERT INTO embargo.ownership (owner, owned, share, kind, source) VALUES
	('ca_sema:1', 'Birch Forge', 50, 'shares', 'dump test'), ('ca_sema:1', 'Cedar Mills', NULL, 'control', 'dump test');
SQL
canada() {
	command psql -X -q -At -v ON_ERROR_STOP=1 -d "$1" <<'SQL'
SELECT string_agg(format('%s: %s', n, embargo.party_verdict(n, NULL, '2025-06-01', 'CA')), ', ' ORDER BY n)
FROM unnest(ARRAY['Birch Forge', 'Cedar Mills', 'Maple Steel Holdings', 'Beta Mining LLC']) n;
SELECT count(*) || ' records, ' || md5(string_agg(r::text, E'\n' ORDER BY r.id)) FROM embargo.ownership r;
SQL
}
canada_src=$(canada $src)
[[ "$canada_src" == "Beta Mining LLC: allow, Birch Forge: prohibit, Cedar Mills: prohibit, Maple Steel Holdings: prohibit"* ]] ||
	{ printf 'unexpected answers under the CA rule before the dump:\n%s\n' "$canada_src" >&2; exit 1; }
createdb $dst2
pg_dump -Fc -d $src -f "$work/dump2"
pg_restore -d $dst2 "$work/dump2" 2>"$work/restore2.err" || {
	cat "$work/restore2.err" >&2
	echo "pg_restore failed: ownership records that refer to a sanctions list of the administrator's own" \
		"(embargo.party_list) are checked before the list is restored" >&2
	exit 1
}
[ "$(canada $dst2)" = "$canada_src" ] ||
	{ printf 'answers under the CA rule differ after restore:\n%s\n' "$(diff <(echo "$canada_src") <(canada $dst2))" >&2; exit 1; }
