#!/usr/bin/env bash
# Benchmark re-screening and screening as of a past moment (issue 19) on a
# throwaway cluster, over N stored import rows (a table with an enforce()
# trigger in flag mode keeping verdict and rule ids, indexes on hs and
# jurisdiction):
#  - rescreen(t, full => true) after a rule change against the UPDATE a user
#    would write over an identical table without the trigger (best of 3);
#  - rescreen(t), re-screening only what a rule change of about 1% of the
#    rows can affect, against the full re-screen (best of 3), and checks
#    that it leaves the table as a full re-screen and a fresh load would;
#  - the first screen(..., as_of => before the change) in a fresh session
#    (compiling the older rule set) against the normal cache build, and
#    screen() with as_of against without over all rows, once cached.
# Prints the issue's targets next to the measurements (MISSED where one is
# missed); fails only on errors and failed checks.  See rescreen.sql.
#   bash tests/bench/rescreen.sh [ROWS]     (default 1000000)
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"

rows=${1:-1000000}
setup_all
psql -X -q -v ON_ERROR_STOP=1 -c 'CREATE EXTENSION embargo'
psql -X -q -v ON_ERROR_STOP=1 -v rows="$rows" -v cores="$(nproc)" -P pager=off \
	-f "$TOP/tests/bench/rescreen.sql"
