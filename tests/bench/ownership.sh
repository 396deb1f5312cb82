#!/usr/bin/env bash
# Benchmark ownership and control on a throwaway cluster (issue 18):
#  - the full lists (OFAC SDN of 2024-05-03 with the subset's aliases,
#    addresses and comments, the consolidated list, the OFSI excerpt), and
#    100,000 ownership records among 60,000 parties of the user's own and
#    2,300 listed entries (2,000 of the SDN list, 300 of OFSI's): companies
#    with one to three owners whose shares add up to at most 100 %, chains
#    up to six deep, a few cycles, unknown shares, control and votes, a few
#    dozen dates on which records start or end;
#  - the lists' cache part built with and without those records (best of 3,
#    after an invalidation): the difference is what ownership costs, and its
#    memory in pg_backend_memory_contexts;
#  - party_verdict() per query (median, p99, and all at once) for 6,000
#    names — a third owned parties of the graph, a third listed names, a
#    third unlisted names — with the records, against the same queries with
#    none (TRUNCATE embargo.ownership);
#  - what the owned parties come out as under the US and UK rules.
# Prints the issue's targets next to the measurements.
#   bash tests/bench/ownership.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"

setup_all
chmod -R a+rX "$TOP/tests/data/sanctions"
psql -X -q -v ON_ERROR_STOP=1 -c 'CREATE EXTENSION embargo'
psql -X -q -v ON_ERROR_STOP=1 -v data="$TOP/tests/data/sanctions/full" -P pager=off \
	-f "$TOP/tests/bench/ownership.sql"
