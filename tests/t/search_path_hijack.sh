#!/usr/bin/env bash
# search_path hijacking (issue 12).  A writer whose own schema w comes first
# on its path, ahead of pg_catalog, shadows every function, operator,
# collation, cast type and relation that the extension's internal SQL names
# (tests/hijack/derive.pl derives the names from src/*.c and the install and
# upgrade scripts, so that a new query is covered without editing this test;
# tests/hijack/hostile.sql creates the shadows), plus the issue's
# reproduction (a look-alike verdict enum and =(oid, regtype)); its sessions
# also shadow the types and relations in pg_temp.  Both databases have the
# excerpts of the sanctions lists loaded (tests/data/sanctions: US and UK
# lists only).  In a fresh session on that path, 11,000 mixed rows go
# through enforce() in each mode (flag and quarantine in bulk, prohibit row
# by row), many naming parties (listed names, Cyrillic spellings, typos,
# unlisted names; as text[] or text; parties of rows to markets without
# lists are held as rows that cannot be screened; parties of the user's own
# that ownership records tie to listed entries, blocked or for review), an
# administrator's edit in another session (rules, an exception, a place
# alias, a program's meaning, a newer edition of a sanctions list, and
# ownership records: a stake sold, one bought, one withdrawn) makes every
# cache rebuild under the path, inputs are updated, and a reviewer releases
# and rejects held rows on the same path; the writer and the reviewer also
# call match_party(), party_verdict(), and screen() and explain() with
# parties.  Before that, the administrator stages ownership records and
# loads them with load_ownership() (refused files too) and writes some
# directly, on the hostile path (tests/hijack/ownership.sql).
# Critical and conflict minerals (issue 20), on the same path: the CAHRA
# list and smelters loaded, a list-scoped rule, critical(), and screen()
# and explain() with facilities and listed areas (tests/hijack/conflict.sql).
# History (issue 19), on the same path: before the edit the writer notes a
# moment and screens and explains a set of shipments; after it, it asks
# screen() and explain() as of that moment (they must answer as then, in
# the clean run) and now, ruleset_at() then and now, and re-screens its
# three tables with rescreen(), by delta and then in full (which must find
# nothing more to change, in the clean run).
# A clean database where the same is done on the default path must come out
# identical: the tables, the refusals, the quarantine, the audit trail and
# the direct calls' answers, the re-screenings' log and audit rows, the
# tables' versions and the history; and no verdict anywhere may be other
# than embargo.verdict's own.
# HJ_KEEP=1 keeps the databases, the roles and the work files for inspection.
set -euo pipefail
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
HJ_DIR=$TOP/tests/hijack
clean=embargo_hj_clean
hostile=embargo_hj_hostile
writer=embargo_hj_writer
reviewer=embargo_hj_reviewer
admin=embargo_hj_admin
work=$(mktemp -d)
export HJ_DIR HJ_ADMIN=$admin

cleanup() {
	dropdb --if-exists $clean 2>/dev/null || true
	dropdb --if-exists $hostile 2>/dev/null || true
	command psql -X -q -d postgres -c "DROP ROLE IF EXISTS $writer, $reviewer, $admin" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT
[ -n "${HJ_KEEP:-}" ] && trap 'echo "kept $work" >&2' EXIT

psql() { command psql -X -q -v ON_ERROR_STOP=1 "$@"; }
log() { printf '== %s\n' "$*" >&2; }
problems=()
problem() { problems+=("$1"); printf 'FAIL: %s\n' "$1" >&2; }

dropdb --if-exists $clean 2>/dev/null
dropdb --if-exists $hostile 2>/dev/null
# roles are cluster-wide: create them if an earlier run left none
psql -d postgres <<SQL
SET client_min_messages = warning;
DO \$\$ BEGIN
	IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$writer') THEN CREATE ROLE $writer LOGIN; END IF;
	IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$reviewer') THEN CREATE ROLE $reviewer LOGIN; END IF;
	IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$admin') THEN CREATE ROLE $admin LOGIN; END IF;
END \$\$;
SQL
createdb $clean
createdb $hostile
for db in $clean $hostile; do
	psql -d $db -v writer=$writer -v reviewer=$reviewer -v admin=$admin -f "$HJ_DIR/setup.sql"
done
# the extension's roles exist now
psql -d postgres -c "SET client_min_messages = warning" \
	-c "GRANT embargo_reviewer TO $reviewer; GRANT embargo_admin TO $admin"

# ---- the hostile schema, derived from the source ---------------------------
derived=$(perl "$HJ_DIR/derive.pl" "$TOP")
list() { printf '%s\n' "$derived" | awk -F'\t' -v k="$1" '$1 == k { print $2 }'; }
psql -d $hostile -c "CREATE SCHEMA w AUTHORIZATION $writer"
summary=$(psql -d $hostile -At -v writer=$writer -f "$HJ_DIR/hostile.sql" \
	-v functions="$(list functions)" -v operators="$(list operators)" \
	-v collations="$(list collations)" -v types="$(list types)" -v relations="$(list relations)")
printf '%s\n' "$summary" | grep '^hijack ' | sed 's/^/== /' >&2
matched() { printf '%s\n' "$summary" | awk -v k="$1" '$1 == "hijack-matched" && $2 == k { print $3 }'; }
# an extraction that broke finds next to nothing
[ "$(matched function)" -ge 5 ] && [ "$(matched operator)" -ge 5 ] &&
	[ "$(matched collation)" -ge 1 ] && [ "$(matched type)" -ge 1 ] && [ "$(matched relation)" -ge 3 ] ||
	{ echo "the names derived from the source are implausibly few: the extraction broke" >&2
	  printf '%s\n' "$derived" >&2; exit 1; }
# what ownership's SQL names is among them: the cache part's loader
# (src/ownership_load.c: its tables, float8) and load_ownership() (scripts:
# btrim, lower, split_part, format, count, numeric, date, ~ and !~, the
# staging table and party_list, written @extschema@.ownership_staging)
for want in "function btrim" "function lower" "function split_part" "function format" "function count" \
	"type float8" "type numeric" "type date" "operator ~" "operator !~" "operator =" "operator <>" \
	"relation ownership" "relation ownership_rule" "relation ownership_staging" "relation party_list"; do
	list "${want%% *}s" | tr ' ' '\n' | grep -qxF -- "${want#* }" ||
		{ echo "derive.pl does not find the $want that ownership's SQL names" >&2; exit 1; }
done

# The hostile objects work: a test that passes because its traps are not
# reached would prove nothing.  On the writer's hostile path, an unqualified
# = on text is a trap, a function of the list is a trap, a cast to a type of
# the list fails, COLLATE "C" is the hostile collation, a relation of the
# list raises, and the issue's unqualified enum lookup answers with the
# look-alike enum; the temporary shadows work on a path without pg_temp.
on_path() {
	command psql -X -q -At -d $hostile -U $writer -c "SET search_path = w, pg_catalog, embargo, public" \
		-c "$1" 2>&1 || true
}
fn=$(psql -d $hostile -At -c "SELECT proname FROM pg_proc WHERE pronamespace = 'w'::regnamespace
	AND proname !~ '^(hijacked_op_|eq$)' AND proargtypes = '25'::oidvector ORDER BY proname LIMIT 1")
ty=$(psql -d $hostile -At -c "SELECT quote_ident(typname) FROM pg_type WHERE typnamespace = 'w'::regnamespace
	AND typtype = 'd' ORDER BY typname LIMIT 1")
co=$(psql -d $hostile -At -c "SELECT quote_ident(collname) FROM pg_collation WHERE collnamespace = 'w'::regnamespace
	ORDER BY collname LIMIT 1")
re=$(psql -d $hostile -At -c "SELECT quote_ident(relname) FROM pg_class WHERE relnamespace = 'w'::regnamespace
	AND relkind = 'v' ORDER BY relname <> 'place', relname LIMIT 1")
[[ "$(on_path "SELECT 'a'::pg_catalog.text = 'a'")" == *"hijacked: operator pg_catalog.=(text, text)"* ]] ||
	{ echo "the hostile = (text, text) is not reached on the writer's path" >&2; exit 1; }
[[ -z "$fn" || "$(on_path "SELECT $fn('a'::pg_catalog.text)")" == *"hijacked: function "*".$fn(text)"* ]] ||
	{ echo "the hostile $fn(text) is not reached on the writer's path" >&2; exit 1; }
[[ "$(on_path "SELECT NULL::$ty")" == *"violates check constraint"* ]] ||
	{ echo "the hostile domain $ty is not reached on the writer's path" >&2; exit 1; }
[ "$(on_path "SELECT 'a'::pg_catalog.text COLLATE $co OPERATOR(pg_catalog.=) 'A'")" = t ] ||
	{ echo "the hostile collation $co is not reached on the writer's path" >&2; exit 1; }
[ "$(on_path "SELECT e.enumlabel FROM pg_catalog.pg_enum e
	WHERE e.enumtypid = 'embargo.verdict'::pg_catalog.regtype ORDER BY e.enumsortorder DESC LIMIT 1")" = 'allоw' ] ||
	{ echo "the issue's reproduction (=(oid, regtype)) is not reached on the writer's path" >&2; exit 1; }
[[ "$(on_path "SELECT 1 FROM $re LIMIT 1")" == *"hijacked: relation "*".$re"* ]] ||
	{ echo "the hostile view $re is not reached on the writer's path" >&2; exit 1; }
# what the sanctions lists' loader names (src/party_load.c): max() of an
# edition, and the lists' tables
[[ "$(on_path "SELECT max(e.edition) FROM embargo.party_list_edition e")" == *"hijacked: function pg_catalog.max(date)"* ]] ||
	{ echo "the hostile max(date) is not reached on the writer's path" >&2; exit 1; }
[[ "$(on_path "SELECT 1 FROM party_entry LIMIT 1")" == *"hijacked: relation embargo.party_entry"* ]] ||
	{ echo "the hostile view party_entry is not reached on the writer's path" >&2; exit 1; }
# what ownership's SQL names: its tables, btrim() and split_part() of
# load_ownership(), the cast to date (numeric, like integer, is a keyword
# the grammar itself makes pg_catalog's)
for rel in ownership ownership_rule ownership_staging; do
	[[ "$(on_path "SELECT 1 FROM $rel LIMIT 1")" == *"hijacked: relation embargo.$rel"* ]] ||
		{ echo "the hostile view $rel is not reached on the writer's path" >&2; exit 1; }
done
[[ "$(on_path "SELECT split_part('a:b'::pg_catalog.text, ':'::pg_catalog.text, 1)")" == *"hijacked: function pg_catalog.split_part(text, text, integer)"* ]] ||
	{ echo "the hostile split_part(text, text, integer) is not reached on the writer's path" >&2; exit 1; }
[[ "$(on_path "SELECT btrim(' a'::pg_catalog.text)")" == *"hijacked: function pg_catalog.btrim(text)"* ]] ||
	{ echo "the hostile btrim(text) is not reached on the writer's path" >&2; exit 1; }
[[ "$(on_path "SELECT '2024-01-01'::date")" == *"violates check constraint"* ]] ||
	{ echo "the hostile domain date is not reached on the writer's path" >&2; exit 1; }
# the session's own temporary shadows, for a path that does not list pg_temp
[[ "$(command psql -X -q -At -d $hostile -U $writer -v types="$(list types)" -v relations="$(list relations)" \
	-f "$HJ_DIR/temp_shadows.sql" -c "SET search_path = pg_catalog" -c "SELECT NULL::$ty" -c "SELECT 1 FROM $re LIMIT 1" 2>&1)" == \
	*"violates check constraint"*"hijacked: relation pg_temp.$re"* ]] ||
	{ echo "the temporary shadows are not reached on a path without pg_temp" >&2; exit 1; }
log "the hostile objects are live on the writer's path (=, $fn(text), ::$ty, COLLATE $co, $re, max(date), party_entry, ownership's tables, split_part, btrim, ::date, the reproduction)"

# ---- ownership records, staged and loaded by the administrator ------------
# on the hostile path in the hostile database (load_ownership() and the
# foreign keys on the lists run there), on the default path in the clean one
for db in $clean $hostile; do
	h=$([ $db = $hostile ] && echo 1 || echo 0)
	command psql -X -q -d $db -U $admin -v hostile=$h -v ON_ERROR_STOP=1 -v types="$(list types)" \
		-v relations="$(list relations)" -f "$HJ_DIR/ownership.sql" >"$work/$db.ownership.out" 2>&1 ||
		{ cat "$work/$db.ownership.out" >&2; echo "the administrator's ownership session failed in $db" >&2; exit 1; }
done

# ---- critical and conflict minerals (issue 20) ------------------------------
# loaded and screened on the hostile path in the hostile database, on the
# default path in the clean one (as the superuser: the loaders read files)
for db in $clean $hostile; do
	h=$([ $db = $hostile ] && echo 1 || echo 0)
	command psql -X -q -d $db -v hostile=$h -v ON_ERROR_STOP=1 -v types="$(list types)" \
		-v relations="$(list relations)" -v cahra_file="$TOP/data/cahra/cahra-2026-06.json" \
		-v smelter_file="$TOP/tests/data/smelters/cmrt_smelter_list.csv" \
		-f "$HJ_DIR/conflict.sql" >"$work/$db.conflict.out" 2>&1 ||
		{ cat "$work/$db.conflict.out" >&2; echo "the conflict-minerals session failed in $db" >&2; exit 1; }
done
conflict_mix=$(psql -d $clean -At -c "SELECT string_agg(what || '=' || left(answer, 40), '; ' ORDER BY what)
	FROM probe WHERE n = 21 AND (what LIKE 'load%' OR what LIKE 'screen%')")
for fact in 'load_cahra=no error: {"areas":' 'load_smelters=no error: {' 'load_smelters_csv=no error: {' \
	'screen CD-NK 8001.10 EU=no error: review' 'screen AU 8001.10 EU=no error: allow' \
	'screen AU 8001.10 EU mined:AU > smelted:MY@2026-03-01/CID900777=no error: review' \
	'screen AU 2825.20 HJ=no error: review' 'screen AU 2825.10 HJ=no error: allow'; do
	[[ "$conflict_mix" == *"$fact"* ]] ||
		{ echo "the clean run's conflict-minerals answers are not what they should be (no \"$fact\"): $conflict_mix" >&2; exit 1; }
done

# ---- the same work in both databases ---------------------------------------
run_writer() {  # db hostile(0|1)
	local vars=(-v hostile="$2" -v ON_ERROR_STOP="$((1 - $2))" -v types="$(list types)" -v relations="$(list relations)")
	HJ_DB=$1 command psql -X -q -d "$1" -U $writer "${vars[@]}" \
		-f "$HJ_DIR/writer.sql" >"$work/$1.writer.out" 2>"$work/$1.writer.err" || return 1
	command psql -X -q -d "$1" -U $reviewer "${vars[@]}" \
		-f "$HJ_DIR/reviewer.sql" >"$work/$1.reviewer.out" 2>"$work/$1.reviewer.err"
}
log "writing 11,000 rows to each table in the clean database"
run_writer $clean 0 || { cat "$work/$clean".*.err >&2; echo "the clean run failed" >&2; exit 1; }
log "writing 11,000 rows to each table with the hostile schema first on the path"
run_writer $hostile 1 || true
# What failed, once per error and internal statement, most frequent first
errors() {
	awk '/ERROR:/ { if (m != "") print m; m = $0; sub(/^.*ERROR: */, "", m); next }
	     /^SQL statement/ && m != "" { m = m "  <-  " $0 }
	     END { if (m != "") print m }' "$@" | sort | uniq -c | sort -rn | head -20 | cut -c1-400
}
if grep -q 'ERROR' "$work/$hostile".*.err; then
	problem "statements failed under the hostile path (below: count, error <- internal statement)"
	errors "$work/$hostile".writer.err "$work/$hostile".reviewer.err >&2
fi
trapped=$(psql -d $hostile -At -F ' ' -c "SELECT count(*), tbl, op || ':', message,
	coalesce(' <- ' || substring(context from 'SQL statement \"[^\n]*'), '')
	FROM write_log WHERE sqlstate NOT IN ('EM001', '22023') GROUP BY 2, 3, 4, 5 ORDER BY 1 DESC LIMIT 20" | cut -c1-400)
[ -z "$trapped" ] || { problem "row-at-a-time writes failed with errors other than a refusal (EM001) or an unknown evidence code (22023) under the hostile path (below)"
	printf '%s\n' "$trapped" >&2; }

# The clean run covers what it should: every verdict, refusals, held,
# released and rejected rows, chains, evidence, place names, the rule edit;
# parties decided on (audited with their matches), parties that cannot be
# screened (held), and the newer list edition in force after the edit.
mix=$(psql -d $clean -At -c "
	SELECT (SELECT string_agg(v || '=' || n, ' ' ORDER BY v) FROM
	        (SELECT verdict AS v, count(*) AS n FROM imp_flag GROUP BY 1) f)
	    || ' refused=' || (SELECT count(*) FROM write_log WHERE sqlstate = 'EM001')
	    || ' held=' || (SELECT count(*) FROM embargo.quarantine)
	    || ' released=' || (SELECT count(*) FROM embargo.quarantine WHERE status = 'released')
	    || ' rejected=' || (SELECT count(*) FROM embargo.quarantine WHERE status = 'rejected')
	    || ' audited=' || (SELECT count(*) FROM embargo.audit)
	    || ' chains=' || (SELECT count(chain) FROM imp_flag)
	    || ' evidence=' || (SELECT count(*) FROM imp_flag WHERE cardinality(evidence) > 0)
	    || ' by-name=' || (SELECT count(place) FROM imp_flag)
	    || ' edited=' || (SELECT count(*) FROM embargo.rule WHERE citation LIKE 'HT/%')
	    || '/' || (SELECT count(*) FROM imp_flag WHERE place = 'Melitopol Hijack')
	    || ' parties=' || (SELECT count(*) FROM embargo.audit WHERE reasons LIKE '%party _ \"%')
	    || '/' || (SELECT count(*) FROM embargo.quarantine WHERE reasons LIKE '%no sanctions list%')
	    || '/' || (SELECT count(*) FROM imp_flag f JOIN stage s USING (id) WHERE s.batch = 2 AND f.market = 'US'
	               AND 'Hijack Test Shipping' = ANY (f.parties) AND f.verdict = 'prohibit')")
log "clean run: $mix"
[[ "$mix" =~ ^allow=[1-9][0-9]*\ review=[1-9][0-9]*\ licence=[1-9][0-9]*\ prohibit=[1-9][0-9]*\ refused=[1-9][0-9]*\ held=[1-9][0-9]*\ released=5\ rejected=5\ audited=[1-9][0-9]*\ chains=[1-9][0-9]*\ evidence=[1-9][0-9]*\ by-name=[1-9][0-9]*\ edited=3/[1-9][0-9]*\ parties=[1-9][0-9]*/[1-9][0-9]*/[1-9][0-9]*$ ]] ||
	{ echo "the clean run does not have the mix of rows the test needs: $mix" >&2; exit 1; }
# ... and of ownership: the records (7 inserted by the setup, 14 staged
# lines of which 13 records, one written by the administrator, one more and
# one fewer by the edit), the loads' answers and refusals (the line numbers
# are compared with the hostile run's below, not here); rows decided by
# ownership, blocked and for review, in the audit trail and the quarantine;
# owned parties before (probe 7) and after (probe 8) the edit on the same
# day: Kestrel Mining's stake sold, Heron's owner delisted, Plover's owner's
# program blocking, Gannet One bought by a listed owner.
own_mix=$(psql -d $clean -At -c "
	SELECT 'records=' || (SELECT count(*) FROM embargo.ownership)
	    || ' loads=' || (SELECT string_agg(what || ': ' || regexp_replace(rtrim(coalesce(substring(answer from '^(no error: .*|[0-9A-Z]{5} \| [^|]*)'), answer)), 'staged row [0-9]+', 'staged row N'), '; ' ORDER BY what)
	                     FROM probe WHERE n = 20)
	    || ' audit=' || (SELECT count(*) FROM embargo.audit WHERE reasons LIKE '%is blocked by ownership or control under%')
	    || '/' || (SELECT count(*) FROM embargo.audit WHERE reasons LIKE '%is for review by its ownership or control under%')
	    || ' held=' || (SELECT count(*) FROM embargo.quarantine WHERE reasons LIKE '%by its ownership or control%' OR reasons LIKE '%by ownership or control%')
	    || ' edit=' || (SELECT string_agg(p.name || ': ' || coalesce(b.m, '-') || ' then ' || coalesce(a.m, '-'), ', ' ORDER BY p.name)
	                    FROM (VALUES ('Kestrel Mining LLC', 'US'), ('Heron Shipping Ltd', 'US'), ('Plover Relief Fund', 'US'),
	                                 ('Gannet One', 'UK')) p(name, j)
	                    LEFT JOIN LATERAL (SELECT string_agg(DISTINCT substring(answer from '\"meaning\":\"([^\"]*ownership[^\"]*)\"'), '+') AS m
	                                       FROM probe WHERE n = 7 AND answer LIKE p.name || ' 2024-06-01 ' || p.j || ' %') b ON true
	                    LEFT JOIN LATERAL (SELECT string_agg(DISTINCT substring(answer from '\"meaning\":\"([^\"]*ownership[^\"]*)\"'), '+') AS m
	                                       FROM probe WHERE n = 8 AND answer LIKE p.name || ' 2024-06-01 ' || p.j || ' %') a ON true)")
log "clean run, ownership: $own_mix"
want_own='records=21 loads=insert: a list that does not exist: 23503 | insert or update on table "ownership" violates foreign key constraint "ownership_owner_list_fkey"; '
want_own+='insert: a party of its own owning a listed entry: no error: 23; '
want_own+='insert: owned, a list that does not exist: 23503 | insert or update on table "ownership" violates foreign key constraint "ownership_owned_list_fkey"; '
want_own+='load: a list that does not exist: 22023 | ownership records not loaded: staged row N: "nolist:1" names no sanctions list; '
want_own+='load: a share that is not a number: 22P02 | ownership records not loaded: staged row N: share "about half" is not a number; '
want_own+='load: again: no error: {"loaded":0,"already":2}; '
want_own+='load: dates in the wrong order: 22023 | ownership records not loaded: staged row N: valid_from 2024-01-01 is not before valid_until 2023-01-01; '
want_own+='load: the file: no error: {"loaded":13,"already":1}; records: no error: 21; update: a share: no error: 23; '
want_own+='update: to a list that does not exist: 23503 | insert or update on table "ownership" violates foreign key constraint "ownership_owner_list_fkey"'
want_edit='Gannet One: - then blocked by ownership, Heron Shipping Ltd: blocked by ownership then -, '
want_edit+='Kestrel Mining LLC: blocked by ownership then -, Plover Relief Fund: ownership to review then blocked by ownership'
[[ "$own_mix" == "$want_own audit="[1-9]*/[1-9]*" held="[1-9]*" edit=$want_edit" ]] ||
	{ printf 'the clean run does not have the ownership the test needs:\n  got:      %s\n  expected: %s audit=N/N held=N edit=%s\n' \
		"$own_mix" "$want_own" "$want_edit" >&2; exit 1; }

# ... and of history (issue 19): screen() and explain() as of a moment
# before the edit, asked after it, answer as they did before it (probes 31
# and 32 against 33 and 34), and the edit changed some answers (35 and 36);
# ruleset_at() then is the version then, and now the version now; rescreen()
# by delta changed rows of the flag-mode table, and a full one after it
# nothing.
as_of_mix=$(psql -d $clean -At -c "
	WITH d AS (SELECT v.a, v.b, (SELECT count(*) FROM (
	               (SELECT what, answer FROM probe WHERE n = v.a EXCEPT ALL SELECT what, answer FROM probe WHERE n = v.b)
	               UNION ALL
	               (SELECT what, answer FROM probe WHERE n = v.b EXCEPT ALL SELECT what, answer FROM probe WHERE n = v.a)) x) AS differ
	           FROM (VALUES (31, 33), (32, 34), (31, 35), (32, 36)) v(a, b))
	SELECT 'probes=' || (SELECT string_agg(n || ':' || c, ',' ORDER BY n) FROM (SELECT n, count(*) c FROM probe
	                     WHERE n BETWEEN 31 AND 36 GROUP BY n) p)
	    || ' as_of_differs=' || (SELECT string_agg(differ::text, ',' ORDER BY a, b) FROM d WHERE b < 35)
	    || ' edit_changed=' || (SELECT bool_and(differ > 0) FROM d WHERE b >= 35)
	    || ' ruleset_at=' || (SELECT substring(answer from ' (.*)$') FROM probe WHERE n = 37)
	    || ' delta=' || (SELECT string_agg(what || ':' || answer, ',' ORDER BY what) FROM probe WHERE n = 38)
	    || ' full=' || (SELECT string_agg(answer, ',' ORDER BY what) FROM probe WHERE n = 39)")
log "clean run, history: $as_of_mix"
[[ "$as_of_mix" =~ ^probes=31:[1-9][0-9]*,32:[1-9][0-9]*,33:[1-9][0-9]*,34:[1-9][0-9]*,35:[1-9][0-9]*,36:[1-9][0-9]*\ as_of_differs=0,0\ edit_changed=true\ ruleset_at=t\ t\ delta=rescreen\ imp_flag:[1-9][0-9]*,rescreen\ imp_prohibit:[0-9]+,rescreen\ imp_quarantine:[0-9]+\ full=0,0,0$ ]] ||
	{ echo "the clean run's answers as of before the edit, or its rescreen(), are not what they should be: $as_of_mix" >&2; exit 1; }

# ---- compare, from clean sessions ------------------------------------------
queries=(
	"imp_prohibit:SELECT * FROM public.imp_prohibit ORDER BY id"
	"imp_flag:SELECT * FROM public.imp_flag ORDER BY id"
	"imp_quarantine:SELECT * FROM public.imp_quarantine ORDER BY id"
	"write_log:SELECT * FROM public.write_log ORDER BY tbl, id, op"
	"probe:SELECT * FROM public.probe ORDER BY n, answer"
	"ownership:SELECT * FROM embargo.ownership ORDER BY id"
	"quarantine:SELECT source_table, row_key, row_data, verdict, origin, rule_ids, reasons, ruleset_version,
		held_by, status, decided_by, decision_reason, rescreened_verdict, rescreened_rule_ids, rescreened_version,
		would_pass FROM embargo.quarantine ORDER BY id"
	"audit:SELECT by, source_table, operation, outcome, row_key, origin, jurisdiction, verdict, rule_ids,
		reasons, ruleset_version FROM embargo.audit WHERE outcome <> 'rescreened' ORDER BY id"
	# rescreen() reads rows in their physical order: its decisions by key
	"audit_rescreened:SELECT by, source_table, operation, outcome, row_key, quarantine_id, origin, jurisdiction,
		verdict, rule_ids, reasons, ruleset_version FROM embargo.audit WHERE outcome = 'rescreened'
		ORDER BY source_table, quarantine_id NULLS FIRST, row_key"
	"rescreen_log:SELECT by, source_table, row_key, quarantine_id, old_verdict, new_verdict, old_rule_ids, new_rule_ids,
		old_version, new_version FROM embargo.rescreen_log ORDER BY source_table, quarantine_id NULLS FIRST, row_key"
	"rescreen_state:SELECT tbl::text, version, by FROM embargo.rescreen_state ORDER BY 1"
	"history:SELECT table_name, row_hash, created_how, ended_how, ended_in IS NULL FROM embargo.history
		ORDER BY 1, 2, 3, 4, 5"
)
for q in "${queries[@]}"; do
	name=${q%%:*}
	for db in $clean $hostile; do
		psql -d $db -c "COPY (${q#*:}) TO STDOUT" >"$work/$db.$name" 2>&1 ||
			echo "(query failed)" >>"$work/$db.$name"
	done
	if ! diff -u "$work/$clean.$name" "$work/$hostile.$name" >"$work/diff.$name"; then
		problem "$name differs under the hostile path: $(grep -c '^[-+][^-+]' "$work/diff.$name") lines (clean -, hostile +)"
		grep '^[-+][^-+]' "$work/diff.$name" | head -6 | cut -c1-300 >&2 || true
	fi
done

# Every value of type verdict in the hostile database is one of
# embargo.verdict's own (a look-alike label, or another enum's value with the
# same label, is not).
bad=$(psql -d $hostile -At <<'SQL'
SET client_min_messages = warning;
CREATE TEMP TABLE bad (col text, n bigint);
DO $$
DECLARE
	c record;
	n bigint;
BEGIN
	FOR c IN SELECT a.attrelid::regclass AS rel, quote_ident(a.attname) AS col
	         FROM pg_attribute a JOIN pg_class r ON r.oid = a.attrelid
	         WHERE a.atttypid = 'embargo.verdict'::regtype AND r.relkind = 'r' AND NOT a.attisdropped
	LOOP
		EXECUTE format('SELECT count(*) FROM %s WHERE %s IS NOT NULL AND CASE
			WHEN %2$s::text = ANY (enum_range(NULL::embargo.verdict)::text[])
			THEN %2$s <> %2$s::text::embargo.verdict ELSE true END', c.rel, c.col) INTO n;
		IF n > 0 THEN
			INSERT INTO bad VALUES (c.rel || '.' || c.col, n);
		END IF;
	END LOOP;
END $$;
SELECT string_agg(col || ' (' || n || ' rows)', ', ') FROM bad;
SQL
) || bad="(the check failed: $bad)"
[ -z "$bad" ] || problem "values that are not embargo.verdict's: $bad"
for t in audit quarantine; do
	psql -d $hostile -c "SELECT * FROM embargo.$t" >/dev/null 2>"$work/select.err" ||
		problem "SELECT * FROM embargo.$t fails in the hostile database: $(head -1 "$work/select.err")"
done
pg_dump -d $hostile -f /dev/null 2>"$work/dump.err" ||
	problem "pg_dump of the hostile database fails: $(head -3 "$work/dump.err")"

if [ ${#problems[@]} -gt 0 ]; then
	echo "search_path_hijack: ${#problems[@]} problem(s):" >&2
	printf '  %s\n' "${problems[@]}" >&2
	exit 1
fi
log "hostile path: verdicts, refusals, quarantine and audit identical to the clean run"
