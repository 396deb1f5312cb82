#!/usr/bin/env bash
# pg_dump / pg_restore keeps the sealed audit trail verifiable: the seals and
# the audit rows come back through their pg_extension_config_dump filters,
# verify_audit() finds nothing wrong in the copy, the latest digest (the one
# an auditor keeps outside the database) is the same, the next seal in the
# copy chains to it, and tampering in the copy is still found.  Dump and
# restore run under other session settings than the sealing did.
set -euo pipefail
src=embargo_seal_src
dst=embargo_seal_dst
work=$(mktemp -d)
trap 'rm -rf "$work"; dropdb --if-exists $src; dropdb --if-exists $dst' EXIT

psql() { command psql -X -q -v ON_ERROR_STOP=1 "$@"; }
value() { command psql -X -q -At -v ON_ERROR_STOP=1 -d "$1" -c "$2"; }
fail() { echo "audit_seal_dump: $*" >&2; exit 1; }

dropdb --if-exists $src 2>/dev/null
dropdb --if-exists $dst 2>/dev/null
createdb $src
createdb $dst
psql -d $src >/dev/null <<'SQL'
CREATE EXTENSION embargo;
CREATE TABLE imports (id int, origin embargo.territory, hs embargo.hscode, shipped_on date);
CREATE TRIGGER screen BEFORE INSERT OR UPDATE ON imports FOR EACH ROW EXECUTE FUNCTION embargo.enforce(
	'mode=quarantine', 'threshold=prohibit', 'key=id', 'territory=origin', 'hs=hs',
	'date=shipped_on', 'jurisdiction=EU');
-- held (Crimea: prohibit), flagged (UA-23: review), allowed (Chile): 14 audit rows
INSERT INTO imports SELECT i, CASE i % 3 WHEN 0 THEN 'UA-43' WHEN 1 THEN 'UA-23' ELSE 'CL' END,
	'2805.30', '2024-01-01' FROM generate_series(1, 21) i;
-- a write that rolls back leaves a gap in the audit ids
BEGIN;
INSERT INTO imports VALUES (100, 'UA-23', '2805.30', '2024-01-01');
ROLLBACK;
INSERT INTO imports VALUES (101, 'UA-23', '2805.30', '2024-01-01');
SET TimeZone = 'Pacific/Chatham';
SELECT seals FROM embargo.seal_audit(max_rows => 4);
-- one row written after the latest seal: restored, sealed later
INSERT INTO imports VALUES (102, 'UA-43', '2805.30', '2024-01-01');
SQL

[ "$(value $src "SELECT count(*) FROM embargo.audit_seal")" = 4 ] ||
	fail "expected 4 seals of at most 4 rows over 15 audit rows, got $(value $src "SELECT count(*) FROM embargo.audit_seal")"
[ "$(value $src "SELECT count(*) FROM embargo.verify_audit()")" = 0 ] ||
	fail "the trail does not verify before the dump: $(value $src "SELECT * FROM embargo.verify_audit()")"

export PGOPTIONS='-c TimeZone=Asia/Kathmandu -c DateStyle=SQL,DMY -c IntervalStyle=sql_standard'
pg_dump -Fc -d $src -f "$work/dump"
pg_restore -d $dst "$work/dump" 2>"$work/restore.err" || { cat "$work/restore.err" >&2; fail "pg_restore failed"; }
unset PGOPTIONS

# The seals and the audit rows come back exactly; the copy verifies.
for q in "SELECT count(*) || ' ' || md5(string_agg(s::text, ';' ORDER BY s.id)) FROM embargo.audit_seal s" \
         "SELECT count(*) || ' ' || md5(string_agg(a::text, ';' ORDER BY a.id)) FROM embargo.audit a" \
         "SELECT md5(string_agg(d.digest::text, ';' ORDER BY d.id)) FROM embargo.audit_digest d"; do
	[ "$(value $src "$q")" = "$(value $dst "$q")" ] ||
		fail "differs after restore: $q: $(value $src "$q") vs $(value $dst "$q")"
done
problems=$(value $dst "SELECT seal_id || ' ' || problem || ': ' || detail FROM embargo.verify_audit()")
[ -z "$problems" ] || fail "the restored trail does not verify: $problems"
latest="SELECT id || ' ' || encode(digest, 'hex') FROM embargo.audit_seal ORDER BY id DESC LIMIT 1"
kept=$(value $src "$latest")
[ -n "$kept" ] && [ "$kept" = "$(value $dst "$latest")" ] ||
	fail "the latest digest differs after restore: $kept vs $(value $dst "$latest")"

# The next seal in the copy takes the next id, covers the row written after
# the latest seal, and chains to the digest kept.
out=$(value $dst "SELECT seal_id || ' ' || seals || ' ' || rows_sealed FROM embargo.seal_audit()")
[ "$out" = "$(( ${kept%% *} + 1 )) 1 1" ] ||
	fail "the first seal after restore: expected '$(( ${kept%% *} + 1 )) 1 1', got '$out'"
[ "$(value $dst "SELECT encode(previous_digest, 'hex') FROM embargo.audit_seal ORDER BY id DESC LIMIT 1")" = "${kept#* }" ] ||
	fail "the first seal after restore does not chain to the digest kept"
[ "$(value $dst "SELECT count(*) FROM embargo.verify_audit()")" = 0 ] ||
	fail "the restored trail does not verify after a new seal"

# Tampering in the copy is found and the row named.
victim=$(value $dst "SELECT row_ids[2] FROM embargo.audit_seal ORDER BY id LIMIT 1 OFFSET 1")
first=$(value $dst "SELECT id FROM embargo.audit_seal ORDER BY id LIMIT 1")
psql -d $dst -c "ALTER TABLE embargo.audit DISABLE TRIGGER ALL" \
	-c "UPDATE embargo.audit SET verdict = 'allow' WHERE id = $victim"
out=$(value $dst "SELECT seal_id - $first || ' ' || audit_id || ' ' || problem FROM embargo.verify_audit()")
[ "$out" = "1 $victim altered" ] || fail "an altered row in the restored trail: expected '1 $victim altered', got '$out'"
psql -d $dst -c "DELETE FROM embargo.audit WHERE id = $victim"
out=$(value $dst "SELECT seal_id - $first || ' ' || audit_id || ' ' || problem FROM embargo.verify_audit()")
[ "$out" = "1 $victim missing" ] || fail "a deleted row in the restored trail: expected '1 $victim missing', got '$out'"
# ... and the original is untouched.
[ "$(value $src "SELECT count(*) FROM embargo.verify_audit()")" = 0 ] || fail "the source no longer verifies"
