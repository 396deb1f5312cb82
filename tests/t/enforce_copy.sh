#!/usr/bin/env bash
# embargo.enforce() with the jurisdiction taken from a column: a row whose
# jurisdiction is NULL, written by INSERT or by COPY, must be refused like any
# other row missing an input (SQLSTATE 23502, "cannot screen a row of table
# ...: its jurisdiction is missing"), and the backend must survive it.  This is a script, not
# part of sql/enforce.sql, because a failure here has been a server crash
# (SIGSEGV), which would take the rest of the pg_regress run down with it; the
# script waits for the server to be back before it exits either way.
set -euo pipefail
db=embargo_enforce_copy
wait_for_server() {
	for _ in $(seq 1 60); do
		pg_isready -q && command psql -X -q -d postgres -c 'SELECT 1' >/dev/null 2>&1 && return 0
		sleep 0.5
	done
}
trap 'wait_for_server; dropdb --if-exists $db 2>/dev/null' EXIT
dropdb --if-exists $db 2>/dev/null
createdb -E UTF8 -T template0 $db
psql() { command psql -X -q -At -v ON_ERROR_STOP=1 -d $db "$@"; }

psql <<'SQL'
CREATE EXTENSION embargo;
CREATE TABLE import_line (id integer, territory embargo.territory, hs embargo.hscode, shipped date,
                          market text, verdict embargo.verdict);
CREATE TRIGGER screen BEFORE INSERT OR UPDATE ON import_line FOR EACH ROW
	EXECUTE FUNCTION embargo.enforce('mode=flag', 'jurisdiction=market', 'territory=territory', 'hs=hs',
	                                 'date=shipped', 'key=id', 'verdict=verdict');
INSERT INTO import_line VALUES (1, 'UA-43', '2805.30', '2023-06-01', 'EU');
SQL

fail=0
# One session per case: the statement must fail with 23502 and the same
# session must still answer afterwards.
check() {
	local what=$1 out
	out=$(command psql -X -q -At -d $db -v VERBOSITY=verbose 2>&1 <<SQL
$2
SELECT 'alive';
SQL
) || true
	if [[ "$out" != *"ERROR:  23502: cannot screen shipment \""*"\" of table \"public.import_line\": its jurisdiction is missing"* ||
		"$out" != *alive* ]]; then
		echo "$what: expected error 23502 (its jurisdiction is missing) and a live session, got:" >&2
		printf '%s\n' "$out" >&2
		fail=1
		wait_for_server
	fi
}
check "INSERT with a NULL jurisdiction" \
	"INSERT INTO import_line VALUES (2, 'UA-43', '2805.30', '2023-06-01', NULL);"
check "UPDATE to a NULL jurisdiction" \
	"UPDATE import_line SET market = NULL WHERE id = 1;"
check "COPY with a NULL jurisdiction" \
	"COPY import_line (id, territory, hs, shipped, market) FROM STDIN;
3	CL	2836.91	2023-06-01	EU
4	UA-43	2805.30	2023-06-01	\\N
\\."
# a COPY that is a fresh session's first use of the library (loaded by the
# trigger, in the middle of the COPY) still writes its audit rows
before=$(psql -c "SELECT count(*) FROM embargo.audit")
command psql -X -q -v ON_ERROR_STOP=1 -d $db <<'SQL' || { echo "the first-use COPY failed" >&2; fail=1; }
COPY import_line (id, territory, hs, shipped, market) FROM STDIN;
10	UA-43	2805.30	2023-06-01	EU
11	UA-43	2805.30	2023-06-01	EU
\.
SQL
after=$(psql -c "SELECT count(*) FROM embargo.audit")
[ $((after - before)) -eq 2 ] || { echo "a first-use COPY audited $((after - before)) rows, expected 2" >&2; fail=1; }
psql -c "DELETE FROM import_line WHERE id >= 10" >/dev/null
# nothing of the refused statements was kept
wait_for_server
rows=$(psql -c "SELECT string_agg(id || ':' || market || ':' || verdict, ',' ORDER BY id) FROM import_line")
[ "$rows" = "1:EU:prohibit" ] || { echo "import_line holds '$rows', expected '1:EU:prohibit'" >&2; fail=1; }
exit $fail
