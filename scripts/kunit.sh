#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run floodgate's KUnit suites on the debug kernel and parse the results
# with the kernel's own kunit.py.
#
#   scripts/kunit.sh [--counts FILE]
#
# Builds the debug kernel if needed, builds floodgate.ko and
# floodgate_kunit.ko against it (build/debug), runs tests/kunit/guest.sh in
# the guest, then feeds every suite's KTAP to `kunit.py parse`. Exits
# non-zero if a test failed, the guest kernel reported a problem (KASAN,
# lockdep, kmemleak...), or no suite ran. With --counts, writes
# "passed failed" test counts to FILE.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

counts=
[ "${1:-}" = --counts ] && counts=$2

kdir=$("$FG_TOP/scripts/debug-kernel.sh")
"$FG_TOP/scripts/kbuild.sh" "$kdir" "$FG_TOP/build/debug" >/dev/null

out=$FG_TOP/build/kunit
rm -rf "$out"
mkdir -p "$out"
rc=0
"$FG_TOP/scripts/vm-run" --kernel debug --out "$out" --timeout 900 \
	-- tests/kunit/guest.sh "$FG_TOP/build/debug" || rc=$?

# One KTAP document with every suite as a subtest, as a kernel with the
# suites built in prints it at boot: a module's suites come without the
# top-level header.
ktap=$out/all.ktap
suites=0
if [ -e "$out/kunit/kunit.log" ]; then
	suites=$(grep -c '^    # Subtest: ' "$out/kunit/kunit.log" || true)
fi
{
	echo "KTAP version 1"
	echo "1..$suites"
	[ -e "$out/kunit/kunit.log" ] &&
		sed -n '/^    KTAP version 1$/,$p' "$out/kunit/kunit.log"
} >"$ktap"

ksrc=$(fg_ksrc)
parsed=$out/kunit.parsed
prc=0
python3 "$ksrc/tools/testing/kunit/kunit.py" parse "$ktap" >"$parsed" 2>&1 ||
	prc=$?
cat "$parsed"

# "Testing complete. Ran 52 tests: passed: 50, failed: 2" (6.1 wording).
summary=$(grep -o 'Ran [0-9]* tests:.*' "$parsed" | tail -1)
passed=$(grep -o 'passed: [0-9]*' <<<"$summary" | grep -o '[0-9]*' || echo 0)
failed=$(grep -o 'failed: [0-9]*' <<<"$summary" | grep -o '[0-9]*' || echo 0)
[ -n "$counts" ] && echo "${passed:-0} ${failed:-0}" >"$counts"

if [ "$rc" -ne 0 ]; then
	echo "kunit: the guest run failed (vm-run exit $rc); console: $out/console.log" >&2
	exit 1
fi
if [ "$suites" -eq 0 ] || [ "$prc" -ne 0 ] || [ "${passed:-0}" -eq 0 ]; then
	echo "kunit: FAILED" >&2
	exit 1
fi
