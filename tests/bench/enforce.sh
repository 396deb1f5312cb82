#!/usr/bin/env bash
# Benchmark the enforce() trigger on a throwaway cluster: COPY of N rows into
# an import table with no trigger, with enforce() in flag mode, in quarantine
# mode (about 5% of the rows held), and with the same tagging, screening and
# auditing written as a PL/pgSQL trigger; the issue's targets next to the
# measurements; and a row-by-row check that enforce() and the PL/pgSQL
# trigger set the same verdict, origin tag and rule ids (the script fails if
# they do not, or if quarantine mode loses or duplicates a row).
#   bash tests/bench/enforce.sh [ROWS]     (default 1000000)
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"

rows=${1:-1000000}
setup_all
psql -X -q -v ON_ERROR_STOP=1 -c 'CREATE EXTENSION embargo'
psql -X -q -v ON_ERROR_STOP=1 -v rows="$rows" -P pager=off -f "$TOP/tests/bench/enforce.sql"
