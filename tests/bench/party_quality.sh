#!/usr/bin/env bash
# Measure the quality of party screening on a throwaway cluster (issue 17):
#  - self-recall: every primary name and every alias (but OFAC's weak and
#    OFSI's Low-quality ones) of the full OFAC SDN file of 2024-05-03 with
#    the subset's aliases, the consolidated list and the OFSI excerpt, given
#    to match_party(): is its own entry among the best-scored results?
#  - the labelled variants of tests/data/sanctions/variants.csv (typos,
#    word order, legal forms, transliterations, aliases, near-misses): true
#    and false positives and negatives at the match and at the possible-match
#    threshold, precision, recall per category, and the rows it gets wrong.
# No timing here (tests/bench/party.sh measures speed).
#   bash tests/bench/party_quality.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"

setup_all
chmod -R a+rX "$TOP/tests/data/sanctions"
psql -X -q -v ON_ERROR_STOP=1 -c 'CREATE EXTENSION embargo'
psql -X -q -v ON_ERROR_STOP=1 -v data="$TOP/tests/data/sanctions/full" \
	-v variants="$TOP/tests/data/sanctions/variants.csv" -P pager=off \
	-f "$TOP/tests/bench/party_quality.sql"
