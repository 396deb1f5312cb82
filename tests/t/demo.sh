#!/usr/bin/env bash
# The demo of the README's first command runs to the end in a fresh database
# (its deliberate errors sit between ON_ERROR_STOP 0 and 1).
set -euo pipefail
db=embargo_demo
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
trap 'dropdb --if-exists $db 2>/dev/null' EXIT
dropdb --if-exists $db 2>/dev/null
createdb $db
psql -X -q -v ON_ERROR_STOP=1 -d $db -c 'CREATE EXTENSION embargo'
out=$(psql -X -q -v ON_ERROR_STOP=1 -d $db -f "$here/demo.sql" 2>&1) ||
	{ printf '%s\n' "$out" | tail -5 >&2; exit 1; }
