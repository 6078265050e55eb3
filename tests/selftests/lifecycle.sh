#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Module and namespace lifetimes, under traffic.
#
#   +--------------------------+              +--------------------------+
#   | $ns1: client             |              | $ns2: edge               |
#   |                    veth1 +--------------+ veth2                    |
#   |   192.0.2.1/24           |              |   192.0.2.2/24           |
#   |   ping -f, iperf3 -c     |              |   iperf3 -s              |
#   +--------------------------+              +--------------------------+
#
#   +--------------------------+              +--------------------------+
#   | $ns3: sender             |              | $ns4: victim, deleted    |
#   |                    veth3 +--------------+ veth4   while it is      |
#   |   198.51.100.1/24        |              |   198.51.100.2/24 flooded|
#   |   ping -f, UDP flood     |              |                          |
#   +--------------------------+              +--------------------------+
#
#   $ns-many-0 ... $ns-many-19: ten more pairs like the first, 203.0.113.0/24
#
# IPv6 is off on every veth and neighbours are static, so that no ND, MLD or
# ARP traffic exists and the counters of an idle link do not move: they can
# be compared exactly.
#
# Checks:
#  1. without the module, the CLI says "module not loaded" (exit 1), and the
#     kernel has no "floodgate" family
#  2. loading gives namespaces that already exist their counters: zero, then
#     exactly what crosses them
#  3. rmmod while ping -f, iperf3 and stats readers run: unloads, traffic
#     keeps flowing, readers only ever succeed or say "module not loaded"
#  4. reloading starts every counter from zero
#  5. a namespace deleted while it is flooded, then rmmod: both complete
#  6. 20 namespaces created with the module loaded start at zero, count
#     their own traffic only, and go away with it; then rmmod succeeds

# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

fg_require ping iperf3 ss timeout
fg_module_loaded && skip_all "floodgate is already loaded by someone else: this test loads and unloads it"

ns1=$(fg_netns_name client)
ns2=$(fg_netns_name edge)
ns3=$(fg_netns_name sender)
ns4=$(fg_netns_name victim)
n1() { fg_exec ip netns exec "$ns1" "$@"; }
n2() { fg_exec ip netns exec "$ns2" "$@"; }
n3() { fg_exec ip netns exec "$ns3" "$@"; }

# pair NS_A NS_B DEV_A DEV_B PREFIX: namespaces (created here) joined by a
# veth pair with PREFIX.1 and PREFIX.2, IPv6 off, static neighbours.
pair() {
	local a=$1 b=$2 da=$3 db=$4 p=$5 ns mac_a mac_b
	for ns in "$a" "$b"; do
		fg_netns_add "$ns" || return 1
		ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
			net.ipv6.conf.default.disable_ipv6=1 || return 1
	done
	ip -n "$a" link add "$da" type veth peer name "$db" netns "$b" || return 1
	ip -n "$a" addr add "$p.1/24" dev "$da" &&
		ip -n "$b" addr add "$p.2/24" dev "$db" || return 1
	mac_a=$(ip -n "$a" -j link show dev "$da" | jq -r '.[0].address')
	mac_b=$(ip -n "$b" -j link show dev "$db" | jq -r '.[0].address')
	ip -n "$a" neigh add "$p.2" lladdr "$mac_b" dev "$da" nud permanent &&
		ip -n "$b" neigh add "$p.1" lladdr "$mac_a" dev "$db" nud permanent &&
		ip -n "$a" link set "$da" up && ip -n "$b" link set "$db" up || return 1
	fg_wait 30 ip netns exec "$a" grep -qx up "/sys/class/net/$da/operstate" &&
		fg_wait 30 ip netns exec "$b" grep -qx up "/sys/class/net/$db/operstate"
}

# cli_says_not_loaded [NS]
cli_says_not_loaded() {
	local out rc
	if [[ -n ${1-} ]]; then
		out=$(ip netns exec "$1" "$FG_CLI" stats 2>&1)
	else
		out=$("$FG_CLI" -j stats 2>&1)
	fi
	rc=$?
	[[ $rc == 1 ]] || fail "floodgate stats without the module: exit $rc, want 1 ($out)"
	[[ $out == *"module not loaded"* ]] ||
		fail "floodgate stats without the module says '$out', want 'module not loaded'"
}

# Exactly N pings from $1 to $2 (an address), all answered.
ping_exact() {
	local out
	out=$(ip netns exec "$1" ping -c "$3" -i 0.1 -w 60 "$2" 2>&1)
	[[ $(fg_ping_count "$out" transmitted) == "$3" &&
	   $(fg_ping_count "$out" received) == "$3" ]] || {
		fail "ping $2 from $1: $out"
		return 1
	}
}

# A link is quiet when its receive counter stops moving for a second.
link_quiet() {
	local a b
	a=$(fg_link_stat "$1" "$2" rx.packets)
	sleep 1
	b=$(fg_link_stat "$1" "$2" rx.packets)
	[[ $a == "$b" ]]
}

rx_grew() { [[ $(fg_link_stat "$1" "$2" rx.packets) -ge $3 ]]; }
counter_ge() { [[ $(fg_counter "$1" "$2") -ge $3 ]]; }
gone() { [[ ! -e $1 ]]; }
no_link() { ! ip -n "$1" link show dev "$2" &>/dev/null; }

fg_plan 6

check_not_loaded() {
	local out rc
	cli_says_not_loaded
	out=$("$PYTHON" "$FG_SELFTESTS/genl_probe.py")
	rc=$?
	[[ $rc == 3 ]] || fail "the kernel resolves a 'floodgate' family without the module: $out"
}
fg_check "without the module the CLI says 'module not loaded' and exits 1" check_not_loaded

set -e
trap 'bail "setup failed at line $LINENO: $BASH_COMMAND"' ERR
pair "$ns1" "$ns2" veth1 veth2 192.0.2
trap - ERR
set +e

check_load() {
	local ns bad
	fg_load || { fail "insmod $FG_MODDIR/floodgate.ko failed"; return; }
	for ns in "$ns1" "$ns2"; do
		fg_snap S "$ns" || return
		bad=$(fg_all_zero S) || fail "namespace $ns after load: $bad"
	done
	ping_exact "$ns1" 192.0.2.2 5 || return
	fg_snap S "$ns2" && fg_snap C "$ns1" || return
	[[ ${S[seen.packets]} == 5 && ${S[passed.packets]} == 5 && ${S[ipv4]} == 5 ]] ||
		fail "edge after 5 echo requests: seen=${S[seen.packets]} passed=${S[passed.packets]} ipv4=${S[ipv4]}, want 5"
	[[ ${S[seen.bytes]} == $((5 * 84)) ]] ||
		fail "edge after 5 echo requests: seen.bytes=${S[seen.bytes]}, want $((5 * 84))"
	[[ ${C[seen.packets]} == 5 ]] ||
		fail "client after 5 echo replies: seen=${C[seen.packets]}, want 5"
}
fg_check "loading gives existing namespaces counters: zero, then exactly their traffic" check_load

check_unload_under_load() {
	local ping_pid iperf_pid reader_pid rx0 rc bad=0 ok=0 t0
	fg_module_loaded || fg_load || { fail "cannot load the module"; return; }

	fg_bg n2 iperf3 -s -1 -B 192.0.2.2 >"$fg_tmp/iperf-s.log" 2>&1
	fg_wait 120 fg_listening "$ns2" 5201 tcp || { fail "iperf3 -s did not start"; return; }
	fg_bg n1 iperf3 -c 192.0.2.2 -t 600 >"$fg_tmp/iperf-c.log" 2>&1
	iperf_pid=$!
	fg_bg n1 ping -q -f -w 600 192.0.2.2 >"$fg_tmp/ping-f.log" 2>&1
	ping_pid=$!
	# Stats readers hammering the family while it goes away.
	# shellcheck disable=SC2016 # expanded by the inner bash
	fg_bg n2 bash -c 'while :; do "$1" -j stats >/dev/null 2>>"$2"; echo $?; done' \
		reader "$FG_CLI" "$fg_tmp/reader.err" >"$fg_tmp/reader.rc"
	reader_pid=$!

	fg_wait 120 counter_ge "$ns2" seen.packets 1000 || {
		fail "the flood did not reach 1000 packets through the edge's hook: $(fg_stats "$ns2")"
		return
	}
	t0=$SECONDS
	timeout 120 rmmod floodgate
	rc=$?
	[[ $rc == 0 ]] || { fail "rmmod under load: exit $rc"; return; }
	fg_loaded=0
	diag "rmmod under load took $((SECONDS - t0))s"
	fg_wait 30 gone /sys/module/floodgate || fail "/sys/module/floodgate still exists after rmmod"

	# Traffic goes on without the hooks.
	rx0=$(fg_link_stat "$ns2" veth2 rx.packets)
	fg_wait 30 rx_grew "$ns2" veth2 $((rx0 + 100)) ||
		fail "traffic stopped after rmmod (veth2 rx stuck at $rx0)"
	kill -0 "$iperf_pid" 2>/dev/null || fail "iperf3 died across rmmod: $(tail -3 "$fg_tmp/iperf-c.log")"
	kill -0 "$ping_pid" 2>/dev/null || fail "ping -f died across rmmod: $(cat "$fg_tmp/ping-f.log")"

	kill "$reader_pid" "$ping_pid" "$iperf_pid" 2>/dev/null
	wait "$reader_pid" "$ping_pid" "$iperf_pid" 2>/dev/null
	while read -r rc; do
		case $rc in
		0) ok=$((ok + 1)) ;;
		1) ;;
		*) bad=$((bad + 1)) ;;
		esac
	done <"$fg_tmp/reader.rc"
	diag "stats readers: $ok succeeded, $(wc -l <"$fg_tmp/reader.rc") ran"
	[[ $bad == 0 ]] || fail "$bad stats readers exited with neither 0 nor 1: $(sort "$fg_tmp/reader.rc" | uniq -c | tr '\n' ' ')"
	[[ $ok -gt 0 ]] || fail "no stats reader succeeded while the module was loaded"
	grep -v "module not loaded" "$fg_tmp/reader.err" | sort | uniq -c | while read -r line; do
		diag "reader error: $line"
	done
	cli_says_not_loaded "$ns2"
	ping_exact "$ns1" 192.0.2.2 3
}
fg_check "rmmod during ping -f + iperf3 + stats readers unloads cleanly; traffic goes on" \
	check_unload_under_load

check_reload() {
	local ns bad
	fg_wait 60 link_quiet "$ns2" veth2 || { fail "the link did not go quiet"; return; }
	fg_load || { fail "insmod after rmmod failed"; return; }
	for ns in "$ns1" "$ns2"; do
		fg_snap S "$ns" || return
		bad=$(fg_all_zero S) || fail "namespace $ns after reload: $bad"
	done
	ping_exact "$ns1" 192.0.2.2 5 || return
	fg_snap S "$ns2" || return
	[[ ${S[seen.packets]} == 5 && ${S[passed.packets]} == 5 ]] ||
		fail "edge after reload and 5 echo requests: seen=${S[seen.packets]} passed=${S[passed.packets]}, want 5"
}
fg_check "reloading starts every counter from zero" check_reload

check_netns_death() {
	local t0
	fg_module_loaded || fg_load || { fail "cannot load the module"; return; }
	pair "$ns3" "$ns4" veth3 veth4 198.51.100 || { fail "cannot build $ns3 <-> $ns4"; return; }
	# The flood comes from $ns3 only: no process holds $ns4, so deleting its
	# name destroys it while packets are still arriving.
	fg_bg n3 ping -q -f -w 600 198.51.100.2 >/dev/null 2>&1
	fg_bg n3 "$PYTHON" -c '
import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
end = time.monotonic() + 600
while time.monotonic() < end:
    try:
        s.sendto(b"x" * 512, ("198.51.100.2", 9))
    except OSError:
        time.sleep(0.01)
' >/dev/null 2>&1
	fg_wait 120 counter_ge "$ns4" seen.packets 1000 || {
		fail "the flood did not reach 1000 packets through the victim's hook"
		return
	}
	t0=$SECONDS
	fg_netns_del "$ns4" || { fail "ip netns del $ns4 failed"; return; }
	# The peer disappears when the victim's netns is dismantled: that is the
	# cleanup that runs floodgate's pre_exit and exit.
	fg_wait 120 no_link "$ns3" veth3 ||
		{ fail "$ns4 was not dismantled within 120s"; return; }
	diag "namespace dismantled in $((SECONDS - t0))s"
	fg_netns_del "$ns3" || fail "ip netns del $ns3 failed"
	t0=$SECONDS
	timeout 120 rmmod floodgate || { fail "rmmod after the namespaces died failed"; return; }
	fg_loaded=0
	diag "rmmod took $((SECONDS - t0))s"
	fg_wait 30 gone /sys/module/floodgate || fail "/sys/module/floodgate still exists after rmmod"
}
fg_check "a namespace deleted while flooded, then rmmod: both complete" check_netns_death

# many_probe JQ_FILTER: ask the kernel (genl_probe.py, one process for all
# the namespaces) for the counters of every namespace in $many, and print
# what JQ_FILTER selects from its answers.
many_probe() {
	local args=() ns
	for ns in "${many[@]}"; do
		args+=(--netns "$ns")
	done
	"$PYTHON" "$FG_SELFTESTS/genl_probe.py" "${args[@]}" >"$fg_tmp/probe" ||
		{ echo "genl_probe.py failed: $(cat "$fg_tmp/probe")"; return; }
	jq -r "$1" "$fg_tmp/probe"
}

# Twenty namespaces in ten pairs, built with few commands: namespace and
# link creation is slow on the debug kernel, process creation is slow
# under emulation. MAC addresses are set so neighbours can be static, and
# addrgenmode none keeps IPv6 (link-local, MLD, RS) off the links.
check_many() {
	local i bad many=() refs t0=$SECONDS dev addr peer_addr peer_mac
	fg_module_loaded || fg_load || { fail "cannot load the module"; return; }
	for i in $(seq 0 19); do
		many+=("$(fg_netns_name "many-$i")")
	done
	printf 'netns add %s\n' "${many[@]}" | ip -b - ||
		{ fail "cannot create 20 namespaces"; return; }
	fg_namespaces+=("${many[@]}")
	diag "20 namespaces created in $((SECONDS - t0))s"
	bad=$(many_probe 'select(.error != 0 or ([.counters[]] | length) < 12 or
		([.counters[] | select(. != 0)] | length) > 0) | "\(.netns): \(.)"')
	[[ -z $bad ]] || fail "new namespaces without every counter at zero: $bad"
	for ((i = 0; i < 20; i += 2)); do
		echo "link add vethA address 02:00:00:00:00:01 netns ${many[i]} type veth" \
		     "peer name vethB address 02:00:00:00:00:02 netns ${many[i + 1]}"
	done | ip -b - || { fail "cannot create the veth pairs"; return; }
	for ((i = 0; i < 20; i++)); do
		if ((i % 2 == 0)); then
			dev=vethA addr=203.0.113.1 peer_addr=203.0.113.2 peer_mac=02:00:00:00:00:02
		else
			dev=vethB addr=203.0.113.2 peer_addr=203.0.113.1 peer_mac=02:00:00:00:00:01
		fi
		ip -n "${many[i]}" -b - <<-EOF || { fail "cannot configure ${many[i]}"; return; }
			link set lo up
			link set $dev addrgenmode none
			addr add $addr/24 dev $dev
			neigh add $peer_addr lladdr $peer_mac dev $dev nud permanent
			link set $dev up
		EOF
	done
	for ((i = 0; i < 20; i += 2)); do
		if ! fg_wait 30 ip netns exec "${many[i]}" grep -qx up /sys/class/net/vethA/operstate ||
		   ! fg_wait 30 ip netns exec "${many[i + 1]}" grep -qx up /sys/class/net/vethB/operstate; then
			fail "pair $i did not come up"
		fi
		ping_exact "${many[i]}" 203.0.113.2 2
	done
	diag "10 pairs pinged after $((SECONDS - t0))s"
	# Every pair counted its own two echo requests and two replies, and
	# nobody else's, though all pairs use the same addresses.
	# (FLOODGATE_STATS_A_SEEN_PKTS is 2, PASSED_PKTS 4.)
	bad=$(many_probe 'select(.error != 0 or .counters["2"] != 2 or .counters["4"] != 2) |
		"\(.netns): seen=\(.counters["2"]) passed=\(.counters["4"])"')
	[[ -z $bad ]] || fail "namespaces that did not count exactly their 2 packets: $bad"
	printf 'netns del %s\n' "${many[@]}" | ip -b - || fail "cannot delete the namespaces"
	fg_namespaces=("${fg_namespaces[@]:0:${#fg_namespaces[@]}-20}")
	# And a quick churn without traffic.
	for i in $(seq 0 19); do
		echo "netns add $(fg_netns_name "churn-$i")"
		echo "netns del $(fg_netns_name "churn-$i")"
	done | ip -b - || fail "netns churn failed"
	diag "namespaces deleted and churned after $((SECONDS - t0))s"
	refs=$(cat /sys/module/floodgate/refcnt)
	[[ $refs == 0 ]] || fail "floodgate refcnt is $refs with no users"
	timeout 300 rmmod floodgate || { fail "rmmod after 40 namespaces came and went failed"; return; }
	fg_loaded=0
	fg_wait 30 gone /sys/module/floodgate || fail "/sys/module/floodgate still exists after rmmod"
	cli_says_not_loaded
}
fg_check "20 namespaces start at zero, count their own traffic, die; then rmmod" check_many

fg_done
