#!/usr/bin/env bash
# Coverage-guided fuzzing, brief: builds the libFuzzer harnesses of the text
# input and binary receive of territory, hscode, origin and custody
# (tests/fuzz/) against the current src/ and runs each for a few seconds on
# its seed corpus and kept reproducers.  Any crash, sanitizer report, leak
# or round-trip failure fails the test.  Needs no database.
#
# The long run (10,000,000 executions per harness) is a separate command:
#	bash tests/fuzz/run.sh long
set -euo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
FUZZ_PACKAGES=(clang-14 libclang-rt-14-dev)

missing=()
for p in "${FUZZ_PACKAGES[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "fuzz: missing packages ${missing[*]} (run as root, or install them)" >&2
		exit 1
	fi
	echo "== installing ${missing[*]}" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

exec bash "$TOP/tests/fuzz/run.sh" "${FUZZ_SECONDS:-3}"
