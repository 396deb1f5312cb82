#!/usr/bin/env bash
# Benchmark screen() on a throwaway cluster: rows per second against a scan
# reading the same columns and against the baselines a competent SQL user
# would write without it — an indexed PL/pgSQL function, set-based SQL with a
# LATERAL join over the indexed rules, and set-based SQL joining the rules
# key by key — at the shipped rule pack, 1,000 and 100,000 rules; the cost
# of building the rule cache; the issue's targets; and a row-by-row check
# that screen() and every baseline agree (the script fails if they do not).
#   bash tests/bench/screen.sh [ROWS]     (default 1000000)
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"

rows=${1:-1000000}
setup_all
psql -X -q -v ON_ERROR_STOP=1 -c 'CREATE EXTENSION embargo'
psql -X -q -v ON_ERROR_STOP=1 -v rows="$rows" -P pager=off -f "$TOP/tests/bench/screen.sql"
