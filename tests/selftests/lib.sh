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

# fg_mac NS DEV: the device's MAC address.
fg_mac() {
	ip -n "$1" -j link show dev "$2" | jq -er '.[0].address'
}

# fg_veth_link NS1 NS2 [v4]: the link most tests build, veth1 in NS1 and
# veth2 in NS2:
#
#	NS1 veth1 192.0.2.1/24 2001:db8::1/64 --- NS2 veth2 192.0.2.2/24 2001:db8::2/64
#
# with static neighbours both ways (no ARP or ND to count), up. With v4,
# IPv6 is off in both namespaces instead: no MLD or router solicitations
# either. Other addresses and routes are the test's own.
fg_veth_link() {
	local ns1=$1 ns2=$2 mode=${3:-} mac1 mac2 ns
	ip -n "$ns1" link add veth1 type veth peer name veth2 netns "$ns2" &&
		ip -n "$ns1" addr add 192.0.2.1/24 dev veth1 &&
		ip -n "$ns2" addr add 192.0.2.2/24 dev veth2 &&
		mac1=$(fg_mac "$ns1" veth1) && mac2=$(fg_mac "$ns2" veth2) &&
		ip -n "$ns1" neigh add 192.0.2.2 lladdr "$mac2" dev veth1 nud permanent &&
		ip -n "$ns2" neigh add 192.0.2.1 lladdr "$mac1" dev veth2 nud permanent ||
		return 1
	if [[ $mode == v4 ]]; then
		for ns in "$ns1" "$ns2"; do
			ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
				net.ipv6.conf.default.disable_ipv6=1 || return 1
		done
	else
		ip -n "$ns1" addr add 2001:db8::1/64 dev veth1 nodad &&
			ip -n "$ns2" addr add 2001:db8::2/64 dev veth2 nodad &&
			ip -n "$ns1" neigh add 2001:db8::2 lladdr "$mac2" dev veth1 nud permanent &&
			ip -n "$ns2" neigh add 2001:db8::1 lladdr "$mac1" dev veth2 nud permanent ||
			return 1
	fi
	ip -n "$ns1" link set veth1 up && ip -n "$ns2" link set veth2 up &&
		fg_wait 30 ip netns exec "$ns1" grep -qx up /sys/class/net/veth1/operstate &&
		fg_wait 30 ip netns exec "$ns2" grep -qx up /sys/class/net/veth2/operstate
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

# --- arithmetic and JSON ------------------------------------------------------

# fg_calc EXPR: an awk expression, rounded down to an integer.
fg_calc() { awk "BEGIN { v = $1; printf(\"%d\", (v >= 0 ? v : v - 0.999999)) }"; }

# fg_between VALUE MIN MAX WHAT: VALUE is within [MIN, MAX], or fail.
fg_between() {
	[[ $1 =~ ^-?[0-9]+$ ]] || { fail "$4: '$1' is not a number"; return 1; }
	(($1 >= $2 && $1 <= $3)) || { fail "$4: $1, want $2..$3"; return 1; }
}

# fg_json_num JSON KEY: the first number under "KEY" in compact JSON.
fg_json_num() {
	local re="\"$2\":(-?[0-9]+)"
	[[ $1 =~ $re ]] && echo "${BASH_REMATCH[1]}"
}

# fg_status NS TABLE FIELD...: fields (entries, capacity, memory,
# prefix-lengths) of TABLE (block, allow, limit) in `floodgate -j status`
# of NS ("": the init namespace), on one line, from one request.
fg_status() {
	local ns=$1 table=$2 cli=("$FG_CLI")
	shift 2
	[[ -z $ns ]] || cli+=(-n "$ns")
	"${cli[@]}" -j status | jq -er --arg t "$table" \
		'[.tables[$t][$ARGS.positional[]]] |
		 if any(. == null) then empty else map(tostring) | join(" ") end' \
		--args "$@"
}

# --- the UDP sink (rl_udp.py sink) ----------------------------------------------

# A test starts `rl_udp.py sink $fg_tmp/sink.log PORT...`, which logs a
# line "PEER PORT" per datagram.

# fg_sink_count PEER PORT: datagrams the sink got from PEER on PORT.
fg_sink_count() { grep -cx "$1 $2" "$fg_tmp/sink.log"; }

# fg_sink_settled PEER PORT: the count stopped moving (0.5 s apart).
fg_sink_settled() {
	local a b
	a=$(fg_sink_count "$1" "$2")
	sleep 0.5
	b=$(fg_sink_count "$1" "$2")
	[[ $a == "$b" ]]
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
