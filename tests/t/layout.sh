#!/usr/bin/env bash
# The shape of src/ that DESIGN and the README promise, checked:
#  - no include cycles between modules (a module is a .c file and its .h);
#  - data flows one way: the rules engine below screening (loader aside)
#    never reaches tagging, the gazetteer, the cache or SPI, nor does the
#    party matcher;
#  - no source file over 600 lines (the generated ISO 3166 table aside).
set -euo pipefail
cd "$(dirname "$0")/../../src"

fail=0
edges=$(for f in *.c *.h; do
	mod=${f%.*}
	sed -n 's/^#include "\([^"]*\)\.h".*/\1/p' "$f" | while read -r dep; do
		if [ -e "$dep.h" ] && [ "$dep" != "$mod" ]; then echo "$mod $dep"; fi
	done
done | sort -u)

# What a module reaches through its includes, itself excluded unless by a cycle.
reach() {
	local seen=" " frontier="$1" next m d
	while [ -n "$frontier" ]; do
		next=""
		for m in $frontier; do
			for d in $(awk -v m="$m" '$1 == m { print $2 }' <<<"$edges"); do
				case "$seen" in *" $d "*) ;; *) seen="$seen$d "; next="$next $d" ;; esac
			done
		done
		frontier=$next
	done
	echo "$seen"
}

for f in *.c; do
	mod=${f%.c}
	case "$(reach "$mod")" in *" $mod "*)
		echo "layout: include cycle through module $mod" >&2; fail=1 ;;
	esac
done

for mod in rule_set rule_index rule_memo rule_match rule_evidence rule_jurisdiction rule_hop conflict_match; do
	for above in tagging gazetteer cache place internal_sql screening rule_load rule_cache conflict_load; do
		case "$(reach "$mod")" in *" $above "*)
			echo "layout: $mod reaches up to $above" >&2; fail=1 ;;
		esac
	done
	if grep -q '#include "executor/spi.h"' "$mod.c" "$mod.h" 2>/dev/null; then
		echo "layout: $mod uses SPI" >&2
		fail=1
	fi
done

# The party matcher is as pure: a name in, scored entries out.
for mod in party_norm party_index party_match party_why; do
	for above in cache internal_sql party_load party screening tagging gazetteer; do
		case "$(reach "$mod")" in *" $above "*)
			echo "layout: $mod reaches up to $above" >&2; fail=1 ;;
		esac
	done
	if grep -q '#include "executor/spi.h"' "$mod.c" "$mod.h" 2>/dev/null; then
		echo "layout: $mod uses SPI" >&2
		fail=1
	fi
done

for f in *.c *.h; do
	[ "$f" = iso3166_table.c ] && continue
	n=$(wc -l <"$f")
	if [ "$n" -gt 600 ]; then
		echo "layout: $f has $n lines (over 600)" >&2
		fail=1
	fi
done
exit $fail
