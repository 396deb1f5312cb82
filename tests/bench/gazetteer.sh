#!/usr/bin/env bash
# Benchmark the gazetteer at the scale of Ukraine's KATOTTH codifier on a
# throwaway cluster: CREATE EXTENSION (best of 3), the cache parts' build
# time (best of 3, after an invalidation) and memory, and screening ROWS
# import rows whose places are names drawn from the whole codifier (in
# Ukrainian or in the national transliteration, with their oblast) against
# the same rows given as place ids, the baseline a user with ids would
# write.  Prints the issue's targets, measured in this run.
#   bash tests/bench/gazetteer.sh [ROWS]     (default 1000000)
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"

rows=${1:-1000000}
setup_all
best=
for i in 1 2 3; do
	createdb bench_create_$i
	start=$(date +%s%N)
	psql -X -q -v ON_ERROR_STOP=1 -d bench_create_$i -c 'CREATE EXTENSION embargo'
	ms=$(( ($(date +%s%N) - start) / 1000000 ))
	dropdb bench_create_$i
	{ [ -z "$best" ] || [ "$ms" -lt "$best" ]; } && best=$ms
done
psql -X -q -v ON_ERROR_STOP=1 -c 'CREATE EXTENSION embargo'
psql -X -q -v ON_ERROR_STOP=1 -v rows="$rows" -v create_ms="$best" -P pager=off \
	-f "$TOP/tests/bench/gazetteer.sql"
