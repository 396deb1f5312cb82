#!/usr/bin/env bash
# Benchmark party screening on a throwaway cluster (issue 17):
#  - match_party() per query against the full OFAC SDN file of 2024-05-03
#    (14,965 entries) with the subset's aliases, addresses and comments,
#    the consolidated list and the OFSI excerpt, next to the baseline a
#    competent user would write: pg_trgm similarity over a GIN trigram
#    index on the lower-cased names;
#  - the same against 100,000 synthetic entries, and the cache's build time
#    and memory at that size;
#  - COPY of ROWS import rows through enforce() with one party column,
#    against the same COPY through enforce() without it.
# Prints the issue's targets next to the measurements.
#   bash tests/bench/party.sh [ROWS]     (default 1000000)
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"

rows=${1:-1000000}
setup_all
chmod -R a+rX "$TOP/tests/data/sanctions"
psql -X -q -v ON_ERROR_STOP=1 -c 'CREATE EXTENSION embargo' -c 'CREATE EXTENSION pg_trgm'
psql -X -q -v ON_ERROR_STOP=1 -v rows="$rows" -v data="$TOP/tests/data/sanctions/full" -P pager=off \
	-f "$TOP/tests/bench/party.sql"
