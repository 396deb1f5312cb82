#!/usr/bin/env bash
# Benchmark screen() on a throwaway cluster: rows per second against a bare
# scan of the same table and against the same rules written in PL/pgSQL, at
# the shipped rule pack, 1,000 and 100,000 rules; the cost of building the
# rule cache; and a row-by-row check that the two implementations agree
# (the script fails if they do not).
#   bash tests/bench/screen.sh [ROWS]     (default 1000000)
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"

rows=${1:-1000000}
setup_all
psql -X -q -v ON_ERROR_STOP=1 -c 'CREATE EXTENSION embargo'
psql -X -q -v ON_ERROR_STOP=1 -v rows="$rows" -P pager=off -f "$TOP/tests/bench/screen.sql"
