# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Shared helpers for the floodgate selftests. Source it from a test script:
#
#	. "$(dirname "$0")/lib.sh"
#
# It runs nothing but `trap`: it defines helpers and state, and leaves the
# topology to the test. The style is the kernel's WireGuard netns.sh:
# namespace names made unique with $$, `n1 cmd` helpers, cleanup on EXIT,
# plain [[ ]] assertions. Results are KTAP, one line per numbered check:
#
#	fg_plan 3
#	fg_check "IPv4 ping is counted" check_ping4
#	...
#	fg_done
#
# where check_ping4 is a function that calls `fail "why"` for every
# assertion that does not hold (and carries on, or returns when what follows
# depends on it), or `skip "why"` when the check cannot run here.
#
# Environment (see run.sh):
#	FG_MODDIR	directory holding floodgate.ko
#	FG_CLI		the floodgate CLI binary
#	FG_OUT		optional, a writable directory for logs

export LANG=C LC_ALL=C

readonly KSFT_PASS=0 KSFT_FAIL=1 KSFT_SKIP=4

FG_SELFTESTS=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
FG_TOP=$(cd "$FG_SELFTESTS/../.." && pwd)
FG_CLI=${FG_CLI:-$FG_TOP/userspace/floodgate}
FG_MODDIR=${FG_MODDIR:-}
# Debian's python, not a user's pyenv shim that may not work as another user
# or on a read-only root.
if [[ -x /usr/bin/python3 ]]; then PYTHON=/usr/bin/python3; else PYTHON=python3; fi

# Every counter `floodgate -j stats` reports, as flattened JSON paths.
FG_COUNTERS=(
	seen.packets seen.bytes passed.packets passed.bytes
	dropped.packets dropped.bytes
	dropped.reasons.malformed-ip dropped.reasons.malformed-l4
	dropped.reasons.malformed-frag
	ipv4 ipv6 fragments
)

# Namespaces get this prefix so that run.sh can remove what a killed test
# left behind.
FG_NS_PREFIX=fgst

fg_namespaces=()	# to delete on exit
fg_pids=()		# background processes we started
fg_loaded=0		# 1 while floodgate.ko is loaded by us
fg_tmp=$(mktemp -d /tmp/fgst.XXXXXX)

_fg_plan=0 _fg_n=0 _fg_nfail=0 _fg_nskip=0
_fg_cur_fail=0 _fg_cur_skip=

# --- output -------------------------------------------------------------------

diag() { printf '# %s\n' "$*"; }
fail() { printf '# FAIL: %s\n' "$*"; _fg_cur_fail=1; }
skip() { _fg_cur_skip=$*; }
# A broken fixture: nothing after it means anything.
bail() {
	printf 'Bail out! %s\n' "$*"
	exit $KSFT_FAIL
}
# The whole test cannot run here (kselftest's exit code 4).
skip_all() {
	printf '# SKIP: %s\n' "$*"
	exit $KSFT_SKIP
}

fg_plan() {
	_fg_plan=$1
	echo "KTAP version 1"
	echo "1..$1"
}

# fg_check DESCRIPTION FUNCTION [ARGS...]: one numbered KTAP result.
fg_check() {
	local desc=$1 start=$SECONDS
	shift
	_fg_n=$((_fg_n + 1))
	_fg_cur_fail=0 _fg_cur_skip=
	diag "$_fg_n. $desc"
	"$@"
	diag "$_fg_n. took $((SECONDS - start))s"
	if [[ $_fg_cur_fail != 0 ]]; then
		echo "not ok $_fg_n $desc"
		_fg_nfail=$((_fg_nfail + 1))
	elif [[ -n $_fg_cur_skip ]]; then
		echo "ok $_fg_n $desc # SKIP $_fg_cur_skip"
		_fg_nskip=$((_fg_nskip + 1))
	else
		echo "ok $_fg_n $desc"
	fi
}

fg_done() {
	if [[ $_fg_n != "$_fg_plan" ]]; then
		diag "planned $_fg_plan checks but ran $_fg_n"
		exit $KSFT_FAIL
	fi
	diag "$_fg_n checks: $((_fg_n - _fg_nfail - _fg_nskip)) passed, $_fg_nfail failed, $_fg_nskip skipped"
	[[ $_fg_nfail == 0 ]] || exit $KSFT_FAIL
	[[ $_fg_nskip != "$_fg_n" ]] || exit $KSFT_SKIP
	exit $KSFT_PASS
}

# --- cleanup ------------------------------------------------------------------

fg_cleanup() {
	local pid ns
	set +e
	trap - ERR
	for pid in "${fg_pids[@]}"; do
		kill "$pid" 2>/dev/null
	done
	# Anything still running inside our namespaces was started by us too
	# (servers, floods); it would keep a deleted namespace alive.
	for ns in "${fg_namespaces[@]}"; do
		for pid in $(ip netns pids "$ns" 2>/dev/null); do
			kill "$pid" 2>/dev/null
		done
	done
	for pid in "${fg_pids[@]}"; do
		wait "$pid" 2>/dev/null
	done
	for ns in "${fg_namespaces[@]}"; do
		ip netns del "$ns" 2>/dev/null
	done
	if [[ $fg_loaded == 1 ]]; then
		# A dying namespace may still be on its way out; rmmod waits for
		# that by itself, but give a busy module a few tries.
		fg_wait 30 rmmod floodgate 2>/dev/null ||
			diag "cleanup: rmmod floodgate failed"
	fi
	rm -rf "$fg_tmp"
}
trap fg_cleanup EXIT
# Make a timeout's SIGTERM (and ^C) run the EXIT trap.
trap 'exit 143' TERM
trap 'exit 130' INT

# Run a command; in a subshell (a background job, a command substitution)
# exec it, so that $! is the command itself and killing it stops it. The
# `n1 cmd` helpers go through this, as in WireGuard's netns.sh.
fg_exec() {
	if [[ $BASHPID == "$$" ]]; then
		"$@"
	else
		exec "$@"
	fi
}

# Background a command and remember its pid for cleanup: fg_bg CMD...
# Sets $! as usual.
fg_bg() {
	"$@" &
	fg_pids+=("$!")
}

# --- time ---------------------------------------------------------------------

# fg_wait SECONDS CMD...: poll CMD until it succeeds or SECONDS pass. The
# guest is an emulated machine that may be ten times slower than real
# hardware, so wait for conditions instead of sleeping for fixed times.
fg_wait() {
	local deadline=$((SECONDS + $1))
	shift
	until "$@"; do
		((SECONDS < deadline)) || return 1
		sleep 0.1
	done
}

# --- namespaces ---------------------------------------------------------------

# fg_netns_add NAME: create a namespace (deleted on exit), loopback up.
fg_netns_add() {
	ip netns add "$1" || return 1
	fg_namespaces+=("$1")
	ip -n "$1" link set lo up
}

fg_netns_name() { echo "$FG_NS_PREFIX-$1-$$"; }

fg_netns_del() {
	local ns=$1 pid i
	for pid in $(ip netns pids "$ns" 2>/dev/null); do
		kill "$pid" 2>/dev/null
	done
	ip netns del "$ns" || return 1
	for i in "${!fg_namespaces[@]}"; do
		[[ ${fg_namespaces[$i]} != "$ns" ]] || unset 'fg_namespaces[i]'
	done
}

# fg_link_stat NS DEV FIELD: a field of the device's stats64, e.g. rx.packets.
fg_link_stat() {
	ip -n "$1" -s -j link show dev "$2" | jq -er ".[0].stats64.$3"
}

# fg_addr_up NS ADDR PORT tcp|udp: is something listening there?
fg_listening() {
	local ns=$1 port=$2 proto=$3
	[[ -n $(ip netns exec "$ns" ss -Hln"${proto:0:1}" "sport = :$port") ]]
}

# fg_ping_count OUTPUT transmitted|received: from ping's summary line.
fg_ping_count() {
	grep -oE "[0-9]+ (packets )?$2" <<<"$1" | grep -oE '^[0-9]+'
}

# --- the module ---------------------------------------------------------------

fg_module_loaded() { [[ -e /sys/module/floodgate ]]; }

# floodgate.ko uses conntrack and the nf_synproxy core: modules on Debian's
# kernel (insmod does not load them as modprobe would), built into the
# debug kernel (then modprobe has nothing to do, and may fail: ignore).
fg_load_deps() { modprobe -q nf_synproxy_core 2>/dev/null || :; }

fg_load() {
	if fg_module_loaded; then
		diag "floodgate is already loaded; using it"
		return 0
	fi
	[[ -n $FG_MODDIR && -r $FG_MODDIR/floodgate.ko ]] || {
		diag "no floodgate.ko in FG_MODDIR='$FG_MODDIR'"
		return 1
	}
	fg_load_deps
	insmod "$FG_MODDIR/floodgate.ko" || return 1
	fg_loaded=1
}

fg_unload() {
	rmmod floodgate || return 1
	fg_loaded=0
}

# --- counters -----------------------------------------------------------------

# fg_stats NS: `floodgate -j stats` as run inside namespace NS ("" for ours).
fg_stats() {
	if [[ -z $1 ]]; then
		"$FG_CLI" -j stats
	else
		ip netns exec "$1" "$FG_CLI" -j stats
	fi
}

# Flatten a JSON object into "a.b.c value" lines.
_fg_flatten() {
	jq -r 'paths(scalars) as $p | "\($p | map(tostring) | join(".")) \(getpath($p))"'
}

# fg_snap VAR NS: read every counter of NS into the associative array VAR
# (keys as in FG_COUNTERS). One CLI call, so the values are one snapshot.
# Calls fail and returns 1 if the CLI fails or a counter is missing.
fg_snap() {
	local json k v
	declare -p "$1" &>/dev/null || declare -gA "$1"
	local -n _fg_s=$1
	_fg_s=()
	json=$(fg_stats "$2") || {
		fail "floodgate -j stats in namespace '${2:-init}' failed"
		return 1
	}
	while read -r k v; do
		_fg_s["$k"]=$v
	done < <(_fg_flatten <<<"$json")
	for k in "${FG_COUNTERS[@]}"; do
		[[ ${_fg_s[$k]-} =~ ^[0-9]+$ ]] || {
			fail "counter $k missing in namespace '${2:-init}': $json"
			return 1
		}
	done
}

# fg_counter NS PATH: one counter, e.g. `fg_counter $ns dropped.reasons.malformed-l4`.
fg_counter() {
	local json
	json=$(fg_stats "$1") || return 1
	_fg_flatten <<<"$json" | awk -v k="$2" '$1 == k { print $2; f = 1 } END { exit !f }'
}

# fg_delta BEFORE AFTER KEY: AFTER[KEY] - BEFORE[KEY].
fg_delta() {
	local -n _fg_a=$1 _fg_b=$2
	echo $((${_fg_b[$3]} - ${_fg_a[$3]}))
}

# fg_expect BEFORE AFTER KEY OP VALUE WHO: assert that the change of KEY
# between two snapshots compares (OP: -eq -ge -le...) to VALUE.
fg_expect() {
	local d
	d=$(fg_delta "$1" "$2" "$3")
	test "$d" "$4" "$5" || fail "$6: $3 moved by $d, want $4 $5"
}

# fg_consistent VAR WHO: do the counters of snapshot VAR add up as the uapi
# header says? Only exact while the namespace carries no traffic.
fg_consistent() {
	local -n _fg_c=$1
	local k reasons=0
	local seen=${_fg_c[seen.packets]} passed=${_fg_c[passed.packets]}
	local dropped=${_fg_c[dropped.packets]} v4=${_fg_c[ipv4]} v6=${_fg_c[ipv6]}
	local sb=${_fg_c[seen.bytes]} pb=${_fg_c[passed.bytes]} db=${_fg_c[dropped.bytes]}
	for k in "${!_fg_c[@]}"; do
		[[ $k != dropped.reasons.* ]] || reasons=$((reasons + ${_fg_c[$k]}))
	done
	[[ $seen == $((passed + dropped)) ]] ||
		fail "$2: seen.packets $seen != passed $passed + dropped $dropped"
	[[ $sb == $((pb + db)) ]] ||
		fail "$2: seen.bytes $sb != passed $pb + dropped $db"
	[[ $seen == $((v4 + v6)) ]] ||
		fail "$2: seen.packets $seen != ipv4 $v4 + ipv6 $v6"
	[[ $dropped == "$reasons" ]] ||
		fail "$2: dropped.packets $dropped != the sum of its reasons, $reasons"
	[[ ${_fg_c[fragments]} -le $seen ]] ||
		fail "$2: fragments ${_fg_c[fragments]} > seen.packets $seen"
}

# fg_all_zero VAR: are all counters in snapshot VAR zero (those the CLI
# knows beyond FG_COUNTERS too)? Names the others.
fg_all_zero() {
	local -n _fg_z=$1
	local k bad=
	for k in "${!_fg_z[@]}"; do
		[[ ${_fg_z[$k]} == 0 ]] || bad+=" $k=${_fg_z[$k]}"
	done
	[[ -z $bad ]] || { echo "${bad# }"; return 1; }
}

# --- checks shared by tests ---------------------------------------------------

# Common preconditions. Skips the whole test when it cannot run here.
fg_require() {
	local t
	[[ $(id -u) == 0 ]] || skip_all "must run as root (inside the test VM)"
	for t in ip jq "$PYTHON" "$@"; do
		command -v "$t" >/dev/null || skip_all "$t not found"
	done
	[[ -x $FG_CLI ]] || bail "FG_CLI='$FG_CLI' is not an executable"
	ip netns add "$FG_NS_PREFIX-probe-$$" 2>/dev/null ||
		skip_all "cannot create network namespaces"
	ip netns del "$FG_NS_PREFIX-probe-$$"
}
