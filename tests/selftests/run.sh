#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run floodgate's selftests inside the test guest and print KTAP.
#
#   FG_MODDIR=DIR FG_CLI=BIN [FG_OUT=DIR] tests/selftests/run.sh [TEST...]
#
# e.g. from the host:
#   scripts/vm-run --kernel debug -- env FG_MODDIR=$PWD/build/debug \
#       FG_CLI=$PWD/userspace/floodgate tests/selftests/run.sh
#
# TEST names a script (NAME.sh) or C program (NAME, from NAME.c) in this
# directory; the default is every one of them: the scripts in name order,
# then the C programs. Each runs under a timeout, its output nested
# (indented) in this runner's KTAP; lib.sh and run.sh are not tests.
# The runner loads floodgate.ko only for the C programs; the scripts load
# and unload it themselves. After each test it removes what a failed test
# may have left: the module, and namespaces named fgst-*.
#
# Environment:
#   FG_MODDIR        directory holding floodgate.ko, built for this kernel
#   FG_CLI           the floodgate CLI
#   FG_OUT           if set, receives selftests.ktap (this output) and
#                    selftests.counts: "PASSED FAILED SKIPPED", counted over
#                    the individual checks (the `ok`/`not ok` lines of each
#                    test; a test that dies or times out adds one failure)
#   FG_TEST_TIMEOUT  seconds per test (default 1200: the guest is emulated)
#   FG_SELFTESTS_BIN directory with the built C programs; by default this
#                    directory when `make` there is up to date, else they are
#                    built into a temporary directory
#
# Exit status: 0 when nothing failed, 1 otherwise.

here=$(cd "$(dirname "$0")" && pwd)
TEST_PROGS=()
TEST_GEN_PROGS=()
for f in "$here"/*.sh; do
	case ${f##*/} in
	lib.sh | run.sh) ;;
	*) TEST_PROGS+=("${f##*/}") ;;
	esac
done
for f in "$here"/*.c; do
	[[ ! -e $f ]] || { f=${f##*/}; TEST_GEN_PROGS+=("${f%.c}"); }
done
timeout_s=${FG_TEST_TIMEOUT:-1200}
tmp=$(mktemp -d /tmp/fg-selftests.XXXXXX)
tee_pid=
finish() {
	rm -rf "$tmp"
	# Let tee write the last lines before the guest powers off.
	if [[ -n $tee_pid ]]; then
		exec >&- 2>&-
		wait "$tee_pid"
	fi
}
trap finish EXIT

export FG_MODDIR=${FG_MODDIR:-}
export FG_CLI=${FG_CLI:-$here/../../userspace/floodgate}

if [[ -n ${FG_OUT:-} ]]; then
	exec > >(tee "$FG_OUT/selftests.ktap") 2>&1
	tee_pid=$!
fi

tests=("$@")
[[ ${#tests[@]} -gt 0 ]] || tests=("${TEST_PROGS[@]}" "${TEST_GEN_PROGS[@]}")

pass=0 fail=0 skip=0 n=0 top_fail=0 start=$SECONDS

echo "KTAP version 1"
echo "1..${#tests[@]}"
echo "# floodgate selftests on $(uname -r); FG_MODDIR=$FG_MODDIR FG_CLI=$FG_CLI"

[[ -r $FG_MODDIR/floodgate.ko ]] || echo "# warning: no floodgate.ko in FG_MODDIR='$FG_MODDIR'"
[[ -x $FG_CLI ]] || echo "# warning: FG_CLI='$FG_CLI' is not executable"

# The C programs: prebuilt, or built now.
bindir=${FG_SELFTESTS_BIN:-}
build_bins() {
	if [[ -z $bindir ]]; then
		if make -s -q -C "$here" all 2>/dev/null; then
			bindir=$here
		else
			echo "# building the C selftests into $tmp/bin"
			make -s -C "$here" O="$tmp/bin" all 2>&1 | sed 's/^/# /'
			bindir=$tmp/bin
		fi
	fi
}

module_loaded() { [[ -e /sys/module/floodgate ]]; }

# What a test left behind, whether it passed or not.
sweep() {
	local ns pid
	for ns in $(ip netns list 2>/dev/null | awk '$1 ~ /^fgst-/ { print $1 }'); do
		echo "# $1 left namespace $ns behind; deleting it"
		for pid in $(ip netns pids "$ns" 2>/dev/null); do
			kill "$pid" 2>/dev/null
		done
		ip netns del "$ns"
	done
	if module_loaded && [[ $2 == 0 ]]; then
		echo "# $1 left floodgate loaded; unloading it"
		rmmod floodgate || echo "# rmmod floodgate failed"
	fi
}

# count_leaves LOG RC: add the test's own results to the totals.
count_leaves() {
	local p f s
	p=$(grep -cE '^ok [0-9]+' "$1")
	s=$(grep -cE '^ok [0-9]+.*# (SKIP|skip)' "$1")
	f=$(grep -cE '^not ok [0-9]+' "$1")
	p=$((p - s))
	# A test that failed without saying which check (a crash, a bail out,
	# a timeout) still failed; one that skipped as a whole skipped once.
	if [[ $2 != 0 && $2 != 4 && $f == 0 ]]; then
		f=1
	elif [[ $2 == 4 && $((p + s + f)) == 0 ]]; then
		s=1
	elif [[ $2 == 0 && $((p + s + f)) == 0 ]]; then
		p=1
	fi
	pass=$((pass + p)) fail=$((fail + f)) skip=$((skip + s))
}

for t in "${tests[@]}"; do
	n=$((n + 1))
	log=$tmp/$t.log
	loaded_before=0
	module_loaded && loaded_before=1
	cmd=()
	desc=$t
	case $t in
	*.sh)
		[[ -e $here/$t ]] && cmd=(bash "$here/$t")
		;;
	*)
		build_bins
		if [[ -x $bindir/$t ]]; then
			cmd=("$bindir/$t")
			# The C programs talk to the module; they do not load it.
			if ! module_loaded; then
				# Its dependencies, as lib.sh's fg_load_deps.
				modprobe -q nf_synproxy_core 2>/dev/null
				insmod "$FG_MODDIR/floodgate.ko" ||
					echo "# insmod $FG_MODDIR/floodgate.ko failed"
			fi
		fi
		;;
	esac

	echo "# Subtest: $t"
	t0=$SECONDS
	if [[ ${#cmd[@]} == 0 ]]; then
		echo "# $t: not found (or not built)" | tee "$log" | sed 's/^/    /'
		rc=1
	else
		# timeout signals its whole process group: a test's servers and
		# floods go with it (and the test's TERM trap cleans up).
		(cd "$here" && exec timeout --kill-after=30 "$timeout_s" "${cmd[@]}") \
			</dev/null 2>&1 | tee "$log" | sed -u 's/^/    /'
		rc=${PIPESTATUS[0]}
	fi
	count_leaves "$log" "$rc"
	[[ $t == *.sh ]] || [[ $loaded_before == 1 ]] || ! module_loaded || rmmod floodgate ||
		echo "# rmmod floodgate after $t failed"
	sweep "$t" "$loaded_before"

	echo "# $t took $((SECONDS - t0))s"
	case $rc in
	0) echo "ok $n $desc" ;;
	4) echo "ok $n $desc # SKIP" ;;
	124 | 137) echo "not ok $n $desc # TIMEOUT after ${timeout_s}s"; top_fail=1 ;;
	*) echo "not ok $n $desc # exit status $rc"; top_fail=1 ;;
	esac
done

echo "# Totals: pass:$pass fail:$fail xfail:0 xpass:0 skip:$skip error:0"
echo "# took $((SECONDS - start))s"
echo "selftests: $pass passed, $fail failed, $skip skipped"
[[ -z ${FG_OUT:-} ]] || echo "$pass $fail $skip" >"$FG_OUT/selftests.counts"
[[ $fail == 0 && $top_fail == 0 ]]
