#!/usr/bin/env bash
# Benchmark parallel screening on a throwaway cluster: a screening aggregate
# over N rows in one process and with up to two workers, the plan the
# planner chose (with the functions' declared costs and default settings),
# the workers it launched, the speed-up and the issue's target; the
# parallel runs must give the serial runs' verdicts (the script fails
# otherwise).
#   bash tests/bench/parallel.sh [ROWS]     (default 5000000)
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"

rows=${1:-5000000}
setup_all
psql -X -q -v ON_ERROR_STOP=1 -c 'CREATE EXTENSION embargo'
psql -X -q -v ON_ERROR_STOP=1 -v rows="$rows" -P pager=off -f "$TOP/tests/bench/parallel.sql"
