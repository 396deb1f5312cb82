#!/usr/bin/env bash
# Benchmark screen() with chains of custody on a throwaway cluster: rows per
# second with each row's chain (1 to 5 hops, 3 on average) against the same
# rows without one and against bare scans of the same table, at the shipped
# rule pack; against the same rules in PL/pgSQL over indexed rules (and, for
# reference, the naive unindexed version); the issue's target; and a
# row-by-row check that screen() with chains agrees with both (the script
# fails if it does not).
#   bash tests/bench/custody.sh [ROWS]     (default 1000000)
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"

rows=${1:-1000000}
setup_all
psql -X -q -v ON_ERROR_STOP=1 -c 'CREATE EXTENSION embargo'
psql -X -q -v ON_ERROR_STOP=1 -v rows="$rows" -P pager=off -f "$TOP/tests/bench/custody.sql"
