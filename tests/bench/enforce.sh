#!/usr/bin/env bash
# Benchmark the enforce() trigger on a throwaway cluster: COPY of N rows into
# an import table with no trigger, with the floor (an empty C row trigger,
# built here), with enforce() in flag mode and in quarantine mode (about 5%
# of the rows held), and with the same tagging, screening and auditing
# written as a PL/pgSQL trigger over indexed rules; at the shipped rule pack
# and at 100,000 rules with most rows audited; the cost of an audited row
# over an allowed one; the issue's targets next to the measurements; and a
# row-by-row check that enforce() and the PL/pgSQL trigger set the same
# verdict, origin tag and rule ids and write the same audit rows (the script
# fails if they do not, or if quarantine mode loses or duplicates a row).
#   bash tests/bench/enforce.sh [ROWS]     (default 1000000)
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"

rows=${1:-1000000}
setup_all

# The floor every row trigger pays: a C trigger function that returns its
# row and does nothing else, built against this server's headers into the
# throwaway cluster's directory (removed with it), readable by the server.
floor_dir=$CLUSTER_DIR/floor
mkdir "$floor_dir"
cat >"$floor_dir/floor.c" <<'EOF'
#include "postgres.h"
#include "commands/trigger.h"
#include "fmgr.h"

PG_MODULE_MAGIC;
PG_FUNCTION_INFO_V1(floor_trigger);

/* A BEFORE ROW trigger that lets the row through unchanged. */
Datum
floor_trigger(PG_FUNCTION_ARGS)
{
	TriggerData *td = (TriggerData *) fcinfo->context;

	if (!CALLED_AS_TRIGGER(fcinfo))
		elog(ERROR, "floor_trigger: not called as a trigger");
	return PointerGetDatum(TRIGGER_FIRED_BY_UPDATE(td->tg_event) ? td->tg_newtuple : td->tg_trigtuple);
}
EOF
gcc -O2 -Wall -Werror -fPIC -shared -I"$("$PG_CONFIG" --includedir-server)" \
	-o "$floor_dir/floor.so" "$floor_dir/floor.c"
chmod 755 "$floor_dir"
chmod 644 "$floor_dir/floor.so"

psql -X -q -v ON_ERROR_STOP=1 -c 'CREATE EXTENSION embargo'
psql -X -q -v ON_ERROR_STOP=1 -v rows="$rows" -v floor_so="$floor_dir/floor.so" -P pager=off \
	-f "$TOP/tests/bench/enforce.sql"
