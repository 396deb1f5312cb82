#!/usr/bin/env bash
# tests/fuzz/run.sh — build and run the libFuzzer harnesses of embargo's types.
#
#   tests/fuzz/run.sh              brief: every harness for 3 seconds
#   tests/fuzz/run.sh SECONDS      brief, SECONDS each
#   tests/fuzz/run.sh long [RUNS]  long: every harness to RUNS executions
#                                  (default 10,000,000)
#
# Environment: FUZZ_JOBS (harnesses run at once; default: the number of
# CPUs), FUZZ_HARNESSES (a subset, e.g. "custody_in custody_recv"),
# FUZZ_BUILD (build directory; default under $TMPDIR), PG_CONFIG.
#
# Each harness runs on its seed corpus (corpus/<harness>/) and on any
# reproducers kept in findings/<harness>/, both read-only: new inputs go to a
# temporary directory, as do crash and leak artefacts, so the committed corpus
# never grows.  Prints a table of executions, crashes and leaks per harness;
# exits non-zero if any harness crashed, leaked, failed a round trip or did
# not run.  A failing harness's report and artefacts are kept under
# $FUZZ_OUT (default: a temporary directory, printed).
set -euo pipefail

FUZZ_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP=$(cd "$FUZZ_DIR/../.." && pwd)
ALL_HARNESSES="territory_in territory_recv hscode_in hscode_recv origin_in origin_recv custody_in custody_recv party_name"
HARNESSES=${FUZZ_HARNESSES:-$ALL_HARNESSES}
JOBS=${FUZZ_JOBS:-$(nproc 2>/dev/null || echo 1)}

if [ -z "${PG_CONFIG:-}" ]; then
	PG_CONFIG=/usr/lib/postgresql/15/bin/pg_config
	[ -x "$PG_CONFIG" ] || PG_CONFIG=pg_config
fi
# One build directory per tree and PostgreSQL installation: objects built
# against one major's headers must not be reused for another.
BUILD=${FUZZ_BUILD:-${TMPDIR:-/tmp}/embargo-fuzz-$(printf '%s %s' "$TOP" "$PG_CONFIG" | cksum | cut -d' ' -f1)}

mode=brief
seconds=3
runs=10000000
case "${1:-}" in
	'') ;;
	long)
		mode=long
		runs=${2:-$runs}
		;;
	*[!0-9]* | 0)
		echo "usage: $0 [SECONDS | long [RUNS]]" >&2
		exit 2
		;;
	*) seconds=$1 ;;
esac

for tool in clang-14 make; do
	if ! command -v "$tool" >/dev/null; then
		echo "fuzz: $tool is missing (Debian: apt-get install clang-14 libclang-rt-14-dev make)" >&2
		exit 1
	fi
done

echo "== building the harnesses in $BUILD" >&2
make -C "$FUZZ_DIR" -s -j"$JOBS" O="$BUILD" PG_CONFIG="$PG_CONFIG" >&2

WORK=$(mktemp -d "${TMPDIR:-/tmp}/embargo-fuzz-run.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
if [ -z "${ASAN_SYMBOLIZER_PATH:-}" ] && command -v llvm-symbolizer-14 >/dev/null; then
	export ASAN_SYMBOLIZER_PATH=$(command -v llvm-symbolizer-14)
fi

# Run one harness; its summary line goes to $WORK/<harness>.result:
# harness executions crashes leaks seconds exit-status
run_one() {
	local h=$1 type=${1%_*}
	local dir=$WORK/$h
	local args=(-max_len=4096 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
		-artifact_prefix="$dir/artefacts/")
	local start end status=0 execs crashes leaks

	mkdir -p "$dir/new" "$dir/artefacts"
	if [ "$mode" = long ]; then
		args+=(-runs="$runs")
	else
		args+=(-max_total_time="$seconds")
	fi
	if [ "${h#*_}" = in ] && [ -f "$FUZZ_DIR/dict/$type.dict" ]; then
		args+=(-dict="$FUZZ_DIR/dict/$type.dict")
	fi
	local corpora=("$dir/new" "$FUZZ_DIR/corpus/$h")
	[ -d "$FUZZ_DIR/findings/$h" ] && corpora+=("$FUZZ_DIR/findings/$h")

	start=$(date +%s.%N)
	"$BUILD/fuzz_$h" "${args[@]}" "${corpora[@]}" >"$dir/log" 2>&1 || status=$?
	end=$(date +%s.%N)

	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/log" | tail -1)
	if [ -z "$execs" ]; then
		# no final stats after a crash: the last progress line says how far it got
		execs=$(grep -oE '^#[0-9]+' "$dir/log" | tail -1 | tr -d '#')
	fi
	crashes=$(find "$dir/artefacts" -type f \( -name 'crash-*' -o -name 'oom-*' -o -name 'timeout-*' \) | wc -l)
	leaks=$(find "$dir/artefacts" -type f -name 'leak-*' | wc -l)
	if [ "$status" -ne 0 ] && [ "$crashes" -eq 0 ] && [ "$leaks" -eq 0 ]; then
		# failed without an artefact (e.g. during start-up): still a failure
		crashes=1
	fi
	printf '%s %s %s %s %s %s\n' "$h" "${execs:-0}" "$crashes" "$leaks" \
		"$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')" "$status" \
		>"$WORK/$h.result"
}

echo "== fuzzing ($mode: $([ "$mode" = long ] && echo "$runs executions" || echo "$seconds s") per harness, $JOBS at a time)" >&2
started=$(date +%s)
for h in $HARNESSES; do
	[ -x "$BUILD/fuzz_$h" ] || { echo "fuzz: no harness $h" >&2; exit 2; }
	while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do
		wait -n || true
	done
	run_one "$h" &
done
wait
elapsed=$(($(date +%s) - started))

failed=0
printf '%-16s %12s %8s %6s %9s %10s\n' harness executions crashes leaks seconds 'exec/s'
for h in $HARNESSES; do
	read -r name execs crashes leaks secs status <"$WORK/$h.result"
	printf '%-16s %12s %8s %6s %9s %10s\n' "$name" "$execs" "$crashes" "$leaks" "$secs" \
		"$(awk -v n="$execs" -v s="$secs" 'BEGIN { printf "%d", (s > 0 ? n / s : 0) }')"
	if [ "$status" -ne 0 ] || [ "$crashes" -ne 0 ] || [ "$leaks" -ne 0 ] ||
		{ [ "$mode" = long ] && [ "$execs" -lt "$runs" ]; }; then
		failed=$((failed + 1))
	fi
done
echo "wall time: ${elapsed} s"

if [ "$failed" -ne 0 ]; then
	out=${FUZZ_OUT:-$(mktemp -d "${TMPDIR:-/tmp}/embargo-fuzz-failed.XXXXXX")}
	mkdir -p "$out"
	for h in $HARNESSES; do
		read -r _ _ crashes leaks _ status <"$WORK/$h.result"
		[ "$status" -eq 0 ] && [ "$crashes" -eq 0 ] && [ "$leaks" -eq 0 ] && continue
		cp -r "$WORK/$h" "$out/"
		echo "---- $h (exit status $status): report"
		grep -E '^==embargo-fuzz==|ERROR: |SUMMARY: |^ +#[0-9]+ .* in ' "$WORK/$h/log" | head -40 || true
		ls "$WORK/$h/artefacts"
	done
	echo "fuzz: $failed harness(es) failed; logs and artefacts in $out" >&2
	echo "fuzz: reproduce with $BUILD/fuzz_<harness> <artefact>" >&2
	exit 1
fi
