#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make check: everything CI runs, in order, on a machine that may have
# nothing installed yet.
#
#   1. deps       scripts/deps.sh (Debian packages)
#   2. build      module against Debian's stock headers (W=1) and the CLI
#   3. lint       W=1 + sparse + checkpatch --strict (scripts/lint.sh)
#   4. unit       the CLI's unit tests under ASan/UBSan
#   5. kunit      KUnit suites on the debug kernel (KASAN, lockdep, kmemleak)
#   6. selftests  real packets across veth, on the debug kernel
#   7. stock      the same selftests on Debian's stock kernel
#   8. bench-smoke  scripts/bench.sh --smoke: make bench, tiny counts
#
# Every step runs even if an earlier one failed (as far as it can), so one
# run shows everything that is broken. Test counts are summed over the
# runners, plus one for each step that is a check by itself (build, lint),
# and the run ends with "N passed, N failed" alone on a line. Logs are in
# build/check/.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
cd "$FG_TOP" || exit 1

logs=$FG_TOP/build/check
rm -rf "$logs"
mkdir -p "$logs"
passed=0
failed=0
failed_steps=()
start=$(date +%s)

# failures LOG...: each failed test in each LOG ("not ok" in TAP, "FAILED" in
# the unit tests) with the dozen lines before it, which carry its
# diagnostics: a CI report shows only a log's tail, and the failing check
# may be far above it.
failures() {
	local f
	for f; do
		[ -f "$f" ] || continue
		awk -v f="$f" '{ buf[NR % 13] = $0 }
		     /(^|[ #|] *)not ok |^FAIL/ {
			if (!last)
				print "    failed tests in " f ", each with the lines before it:"
			for (i = NR - 12; i <= NR; i++)
				if (i > 0 && i > last) print "    | " buf[i % 13]
			last = NR; print "    | ----"
		     }' "$f" | head -n 151
	done
}

# step NAME COUNTS-FILE CMD...: run CMD with output in a log; add the
# "passed failed" pair CMD wrote to COUNTS-FILE, or count the step itself
# as one test when it writes none (COUNTS-FILE "-").
step() {
	local name=$1 counts=$2 rc t0
	shift 2
	t0=$(date +%s)
	echo "==> $name"
	[ "$counts" = - ] || rm -f "$counts"
	"$@" >"$logs/$name.log" 2>&1
	rc=$?
	if [ "$counts" != - ] && [ -s "$counts" ]; then
		read -r p f _ <"$counts"
		passed=$((passed + p))
		failed=$((failed + f))
		[ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && failed=$((failed + 1))
	elif [ "$rc" -eq 0 ]; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
	fi
	if [ "$rc" -ne 0 ]; then
		failed_steps+=("$name")
		echo "    FAILED (exit $rc) after $(($(date +%s) - t0)) s"
		# A guest's step log has only its console's tail: the whole
		# console is in build/NAME/ (scripts/vm-run --out).
		failures "$logs/$name.log" "$FG_TOP/build/$name/console.log"
		echo "    last lines of $logs/$name.log:"
		tail -n 25 "$logs/$name.log" | sed 's/^/    | /'
	else
		echo "    ok ($(($(date +%s) - t0)) s)"
	fi
	return "$rc"
}

step deps - scripts/deps.sh || {
	echo "deps failed: nothing else can run"
	echo "0 passed, 1 failed"
	exit 1
}

read -r _ stock_kdir < <(fg_stock_kdir)
step build - sh -c "scripts/kbuild.sh '$stock_kdir' build/stock && \
	make -C userspace && make -C tests/selftests"
step lint - scripts/lint.sh

step unit "$logs/unit.counts" sh -c "make -C userspace test; rc=\$?; \
	grep -E '^[0-9]+ passed, [0-9]+ failed' '$logs/unit.log' | tail -1 | \
	sed -E 's/^([0-9]+) passed, ([0-9]+) failed.*/\1 \2/' >'$logs/unit.counts'; exit \$rc"

step kunit "$logs/kunit.counts" scripts/kunit.sh --counts "$logs/kunit.counts"

# The selftests make check runs: those that passed on both kernels.
SELFTESTS=(counters.sh lifecycle.sh permissions.sh fg_genl
	blocklist.sh blocklist_load.sh ratelimit.sh ratelimit_spoof.sh synproxy.sh)

# selftests KERNEL MODDIR TIMEOUT: TIMEOUT in seconds for the whole guest
# run (run.sh also limits each test: FG_TEST_TIMEOUT).
selftests() {
	local kernel=$1 moddir=$2 limit=$3 out=$FG_TOP/build/selftests-$1 rc=0
	rm -rf "$out"
	mkdir -p "$out"
	scripts/vm-run --kernel "$kernel" --out "$out" --timeout "$limit" -- \
		env FG_MODDIR="$moddir" FG_CLI="$FG_TOP/userspace/floodgate" \
		tests/selftests/run.sh "${SELFTESTS[@]}" || rc=$?
	[ -s "$out/selftests.counts" ] && cp "$out/selftests.counts" "$logs/selftests-$kernel.counts"
	return "$rc"
}

if [ -e "$FG_TOP/build/debug/floodgate.ko" ]; then
	# All of them took some 25 min here (stock: 14), on a host shared
	# with other guests; a busier one is 2-3x slower.
	step selftests-debug "$logs/selftests-debug.counts" \
		selftests debug "$FG_TOP/build/debug" 5400
else
	echo "==> selftests-debug: no module for the debug kernel (see kunit)"
	failed=$((failed + 1))
	failed_steps+=(selftests-debug)
fi
step selftests-stock "$logs/selftests-stock.counts" \
	selftests stock "$FG_TOP/build/stock" 3000
step bench-smoke - scripts/bench.sh --smoke

echo
echo "check: $(($(date +%s) - start)) s; logs in $logs"
if [ ${#failed_steps[@]} -gt 0 ]; then
	echo "check: failed steps: ${failed_steps[*]}"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ ${#failed_steps[@]} -eq 0 ]
