#!/usr/bin/env bash
# Run the whole test suite against a throwaway cluster: pg_regress over
# sql/ -> expected/, then the scripted tests in tests/t/.  Prints
# "N passed, N failed" last and exits non-zero on any failure.
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

passed=0
failed=0

run_regress() {
	local out status=0
	out=$(make -C "$TOP" -s PG_CONFIG="$PG_CONFIG" installcheck 2>&1) || status=$?
	printf '%s\n' "$out"
	# pg_regress 15 prints "test NAME ... ok"; 16+ prints "ok N - NAME".
	passed=$((passed + $(printf '%s\n' "$out" | grep -cE '^(ok [0-9]+ |test .*\.\.\. ok)' || true)))
	failed=$((failed + $(printf '%s\n' "$out" | grep -cE '^(not ok [0-9]+ |test .*\.\.\. FAILED)' || true)))
	if [ $status -ne 0 ]; then
		[ -f "$TOP/regression.diffs" ] && cat "$TOP/regression.diffs"
		[ -f "$TOP/output_iso/regression.diffs" ] && cat "$TOP/output_iso/regression.diffs"
		# A pg_regress failure that no test line reports still counts.
		printf '%s\n' "$out" | grep -qE 'FAILED|not ok' || failed=$((failed + 1))
	fi
}

run_scripts() {
	local t
	for t in "$TOP"/tests/t/*.sh; do
		[ -e "$t" ] || continue
		if bash "$t"; then
			echo "ok - $(basename "$t")"
			passed=$((passed + 1))
		else
			echo "not ok - $(basename "$t")"
			failed=$((failed + 1))
		fi
	done
}

setup_all
run_regress
run_scripts
cluster_shutdown "$failed"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
