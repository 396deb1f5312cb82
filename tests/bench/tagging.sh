#!/usr/bin/env bash
# Benchmark tag_origin() on a throwaway cluster: rows per second against a
# bare scan of the same table, and the cost of building the cache.
#   bash tests/bench/tagging.sh [ROWS]     (default 1000000)
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"

rows=${1:-1000000}
setup_all
psql -X -q -v ON_ERROR_STOP=1 -c 'CREATE EXTENSION embargo'
psql -X -q -v ON_ERROR_STOP=1 -v rows="$rows" -P pager=off -f "$TOP/tests/bench/tagging.sql"
