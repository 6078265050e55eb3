#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The blocklist and the allowlist under real traffic: what is dropped, what
# is counted, prefixes, timeouts, capacity, IPv6, permissions, isolation.
#
#   +-------------------------------+              +-----------------------------+
#   | $ns1: client                  |              | $ns2: edge                  |
#   |                         veth1 +--------------+ veth2                       |
#   |   192.0.2.1/24                |              |   192.0.2.2/24              |
#   |   2001:db8::1/64              |              |   2001:db8::2/64            |
#   |   sources, each a /32 or /128:|              |   svc.py: TCP and UDP 7000  |
#   |    198.51.100.{1,7,8,254}     |              |     on ::, logs each peer   |
#   |    203.0.113.{127,128}        |              |   routes to the sources via |
#   |    2001:db8:b::{1,2}          |              |     192.0.2.1, 2001:db8::1  |
#   |    2001:db8:b:1::1            |              |   floodgate entries go here |
#   |   agent.py: ICMP, UDP, TCP    |              |                             |
#   +-------------------------------+              +-----------------------------+
#   +-------------------------------+
#   | $ns3: bystander, lo only      |
#   +-------------------------------+
#
# The client sends from one of its source addresses at a time (agent.py
# binds its sockets to it; check 8's stream is ping -I); the edge's service
# logs who reached it. Neighbours are static and
# DAD is off, so no ARP or ND crosses the link: what the edge's veth receives
# is what the client sent, plus some link-local MLD.
#
# Checks:
#  1. the control: before any entry, every source reaches the service over
#     ICMP, UDP and TCP; the tables are empty
#  2. a blocked source's ICMP, UDP and TCP are dropped: blocklist and
#     dropped counters move by what was sent (no more than the veth got),
#     the service sees none of it, nothing is passed
#  3. meanwhile other sources (another network, the next host) pass, the
#     blocklist counter does not move, and the entry's hits moved by the
#     drops of check 2
#  4. a /24 entry drops every host in it and nothing outside; a /25 drops
#     .127 and not its neighbour .128; the hits go to the matching entry
#  5. block test names the longest matching entry (text and -j), exits 1
#     when none matches
#  6. canonical form: add 198.51.100.7/24 warns about host bits and is
#     listed as 198.51.100.0/24, once
#  7. the allowlist beats the blocklist: a source in both passes
#     (passed.reasons.allowlist moves, blocklist does not), an allowed /24
#     beats a blocked /32; without the allow entry it is dropped again
#  8. an entry with timeout 2 drops, then stops matching after expiry:
#     traffic passes again and the collector removes it (status, list)
#  9. block del restores traffic, block flush empties the table; status
#     shows entries and memory rise and fall; del of a missing entry fails
# 10. capacity: with block set max 10, the 11th entry fails (exit 1, table
#     full) and nothing is lost; lowering max below the count removes none
# 11. IPv6: a blocked /128 source's ICMPv6, UDP and TCP are dropped and
#     counted; a /64 blocks its hosts and not the next /64
# 12. an unprivileged user (uid 65534) cannot add, delete, flush, load or
#     set max: exit 1, a permission message, the table unchanged
# 13. namespaces are isolated: an entry in one netns does not touch another
#     netns's traffic or tables; -n NETNS edits the named one only

# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

fg_require ping setpriv ss

ns1=$(fg_netns_name client)
ns2=$(fg_netns_name edge)
ns3=$(fg_netns_name bystander)
n1() { fg_exec ip netns exec "$ns1" "$@"; }
n2() { fg_exec ip netns exec "$ns2" "$@"; }
ip1() { ip -n "$ns1" "$@"; }
ip2() { ip -n "$ns2" "$@"; }
# The CLI acting on the edge, or (fgn NS) on namespace NS ("": the init one).
fge() { "$FG_CLI" -n "$ns2" "$@"; }
fgn() {
	local ns=$1
	shift
	if [[ -n $ns ]]; then "$FG_CLI" -n "$ns" "$@"; else "$FG_CLI" "$@"; fi
}
NOBODY=(setpriv --reuid=65534 --regid=65534 --clear-groups)

PORT=7000
SRC4=(198.51.100.1 198.51.100.7 198.51.100.8 198.51.100.254 203.0.113.127 203.0.113.128)
SRC6=(2001:db8:b::1 2001:db8:b::2 2001:db8:b:1::1)

fg_plan 13

fg_load || bail "cannot load $FG_MODDIR/floodgate.ko"

set -e
trap 'bail "setup failed at line $LINENO: $BASH_COMMAND"' ERR
for ns in "$ns1" "$ns2" "$ns3"; do
	fg_netns_add "$ns"
done
fg_veth_link "$ns1" "$ns2"
for a in "${SRC4[@]}"; do ip1 addr add "$a/32" dev veth1; done
for a in "${SRC6[@]}"; do ip1 addr add "$a/128" dev veth1 nodad; done
ip2 route add 198.51.100.0/24 via 192.0.2.1 dev veth2
ip2 route add 203.0.113.0/24 via 192.0.2.1 dev veth2
ip2 route add 2001:db8:b::/48 via 2001:db8::1 dev veth2

# The service: TCP and UDP on one port, both families; one log line per
# connection or datagram, "tcp|udp PEER".
cat >"$fg_tmp/svc.py" <<'EOF'
import select, socket, sys

log = open(sys.argv[1], "a", buffering=1)
port = int(sys.argv[2])
socks = []
for kind in (socket.SOCK_STREAM, socket.SOCK_DGRAM):
    s = socket.socket(socket.AF_INET6, kind)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
    s.bind(("::", port))
    if kind == socket.SOCK_STREAM:
        s.listen(64)
    socks.append(s)

def peer(a):
    return a[0][7:] if a[0].startswith("::ffff:") else a[0]

while True:
    for s in select.select(socks, [], [])[0]:
        if s.type == socket.SOCK_STREAM:
            c, a = s.accept()
            log.write("tcp %s\n" % peer(a))
            try:
                c.sendall(b"hello\n")
            except OSError:
                pass
            c.close()
        else:
            d, a = s.recvfrom(65536)
            log.write("udp %s\n" % peer(a))
EOF

# The client's agent: one process in the client namespace that sends what
# it is told, from the source address it is told, and says what came back.
# Starting a program (ping, python3, ip netns exec) costs the emulated debug
# guest seconds; a line to the agent costs nothing. One request a line:
#   icmp N SRC...     N echo requests (56 bytes of data, as ping's) from
#                     each SRC to the edge, 50 ms apart, answers awaited 2 s
#                     after the last: "TX:RX" per SRC
#   udp SRC N         N datagrams of 64 bytes to the service: "SENT"
#   tcp SRC           one connection to the service, its SYN sent at most
#                     twice (TCP_SYNCNT 1, so a blocked one costs exactly
#                     two packets): "1" if the service said hello, else "0"
cat >"$fg_tmp/agent.py" <<'EOF'
import os, select, socket, struct, sys, time

dst4, dst6, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
calls = 0

def dst(src):
    return dst6 if ":" in src else dst4

def fam(src):
    return socket.AF_INET6 if ":" in src else socket.AF_INET

def csum(b):
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    s = (s >> 16) + (s & 0xFFFF)
    s += s >> 16
    return ~s & 0xFFFF

def icmp(n, srcs):
    global calls
    calls += 1
    socks, ids, got, tx = [], [], [], []
    for i, src in enumerate(srcs):
        v6 = ":" in src
        s = socket.socket(fam(src), socket.SOCK_RAW,
                          socket.IPPROTO_ICMPV6 if v6 else socket.IPPROTO_ICMP)
        s.bind((src, 0))
        socks.append(s)
        ids.append((os.getpid() * 64 + calls * 16 + i) & 0xFFFF)
        got.append(set())
        tx.append(0)
    for seq in range(n):
        for i, s in enumerate(socks):
            v6 = s.family == socket.AF_INET6
            data = b"f" * 56
            hdr = struct.pack("!BBHHH", 128 if v6 else 8, 0, 0, ids[i], seq)
            if not v6:  # the kernel sums ICMPv6 itself
                hdr = struct.pack("!BBHHH", 8, 0, csum(hdr + data), ids[i], seq)
            tx[i] += s.sendto(hdr + data, (dst(srcs[i]), 0)) == 64
        time.sleep(0.05)
    deadline = time.monotonic() + 2
    while time.monotonic() < deadline and any(len(g) < n for g in got):
        for s in select.select(socks, [], [], max(0, deadline - time.monotonic()))[0]:
            i = socks.index(s)
            d = s.recv(2048)
            if s.family == socket.AF_INET:
                d = d[(d[0] & 15) * 4:]
            typ, _, _, ident, seq = struct.unpack("!BBHHH", d[:8])
            if typ == (129 if s.family == socket.AF_INET6 else 0) and ident == ids[i]:
                got[i].add(seq)
    for s in socks:
        s.close()
    return " ".join("%d:%d" % (tx[i], len(got[i])) for i in range(len(srcs)))

def udp(src, n):
    u = socket.socket(fam(src), socket.SOCK_DGRAM)
    u.bind((src, 0))
    sent = sum(u.sendto(b"u" * 64, (dst(src), port)) == 64 for i in range(n))
    u.close()
    return str(sent)

def tcp(src):
    t = socket.socket(fam(src), socket.SOCK_STREAM)
    t.setsockopt(socket.IPPROTO_TCP, socket.TCP_SYNCNT, 1)
    t.settimeout(60)
    t.bind((src, 0))
    try:
        t.connect((dst(src), port))
        ok = t.recv(16) == b"hello\n"
    except OSError:
        ok = False
    t.close()
    return "1" if ok else "0"

print("ready", flush=True)
for line in sys.stdin:
    w = line.split()
    try:
        if w[0] == "icmp":
            r = icmp(int(w[1]), w[2:])
        elif w[0] == "udp":
            r = udp(w[1], int(w[2]))
        else:
            r = tcp(w[1])
    except Exception as e:
        r = "error " + repr(e)
    print(r, flush=True)
EOF

touch "$fg_tmp/svc.log"
fg_bg n2 "$PYTHON" -S "$fg_tmp/svc.py" "$fg_tmp/svc.log" "$PORT" 2>"$fg_tmp/svc.err"
fg_wait 120 fg_listening "$ns2" "$PORT" tcp
fg_wait 60 fg_listening "$ns2" "$PORT" udp
coproc AGENT { exec ip netns exec "$ns1" "$PYTHON" -S "$fg_tmp/agent.py" 192.0.2.2 2001:db8::2 "$PORT" 2>"$fg_tmp/agent.err"; }
fg_pids+=("$AGENT_PID")
read -r -t 120 ready <&"${AGENT[0]}"
[[ $ready == ready ]]
trap - ERR
set +e

# --- helpers --------------------------------------------------------------------

# svc_count PROTO PEER: connections or datagrams the service logged from PEER.
svc_count() {
	local l n=0
	while read -r l; do
		[[ $l != "$1 $2" ]] || n=$((n + 1))
	done <"$fg_tmp/svc.log"
	echo "$n"
}
svc_ge() { [[ $(svc_count "$1" "$2") -ge $3 ]]; }

# dst_for SRC: the edge's address of SRC's family.
dst_for() { if [[ $1 == *:* ]]; then echo 2001:db8::2; else echo 192.0.2.2; fi; }

# agent REQUEST...: ask the client's agent; the answer is in $reply.
agent() {
	reply=
	echo "$*" >&"${AGENT[1]}" && read -r -t 120 reply <&"${AGENT[0]}"
	[[ -n $reply && $reply != error* ]] ||
		{ fail "agent: '$*': '$reply' $(cat "$fg_tmp/agent.err")"; return 1; }
}

# ping_from SRC N: N echo requests from SRC to the edge. Sets p_tx, p_rx.
ping_from() {
	p_tx=0 p_rx=0
	agent icmp "$2" "$1" || return
	p_tx=${reply%:*} p_rx=${reply#*:}
}

# traffic SRC NPING NUDP NTCP: ICMP, UDP and TCP from SRC to the edge's
# service. Sets p_tx p_rx u_sent t_ok t_failed, and sent: the IP packets
# SRC sent if nothing got through (a failed connection: two SYNs), and
# sbytes, their IP bytes.
traffic() {
	local src=$1 hl=20 i
	[[ $src != *:* ]] || hl=40
	ping_from "$src" "$2"
	u_sent=0 t_ok=0 t_failed=0
	agent udp "$src" "$3" && u_sent=$reply
	for ((i = 0; i < $4; i++)); do
		agent tcp "$src" || continue
		if [[ $reply == 1 ]]; then t_ok=$((t_ok + 1)); else t_failed=$((t_failed + 1)); fi
	done
	sent=$((p_tx + u_sent + 2 * t_failed))
	# echo: 8 + 56; UDP: 8 + 64; SYN: 20 + options (at least 0).
	sbytes=$((p_tx * (hl + 64) + u_sent * (hl + 72) + 2 * t_failed * (hl + 20)))
}

# expect_passes SRC: traffic from SRC reaches the service, all of it.
expect_passes() {
	local src=$1 u0 t0
	u0=$(svc_count udp "$src") t0=$(svc_count tcp "$src")
	traffic "$src" 5 10 1
	[[ $p_tx == 5 && $p_rx == 5 ]] || fail "ping from $src: $p_rx of $p_tx answered, want 5 of 5"
	[[ $t_ok == 1 ]] || fail "TCP from $src: $t_ok connections made, $t_failed failed, want 1"
	fg_wait 30 svc_ge udp "$src" $((u0 + u_sent)) ||
		fail "UDP from $src: the service got $(($(svc_count udp "$src") - u0)) of $u_sent datagrams"
	[[ $(svc_count tcp "$src") == $((t0 + 1)) ]] ||
		fail "TCP from $src: the service logged $(($(svc_count tcp "$src") - t0)) connections, want 1"
}

# expect_dropped SRC: nothing from SRC reaches anything. Sets sent, sbytes.
expect_dropped() {
	local src=$1 u0 t0
	u0=$(svc_count udp "$src") t0=$(svc_count tcp "$src")
	traffic "$src" 5 10 1
	[[ $p_tx == 5 && $p_rx == 0 ]] || fail "ping from $src: $p_rx of $p_tx answered, want 0 of 5"
	[[ $u_sent == 10 ]] || fail "UDP from $src: the agent sent $u_sent of 10 datagrams"
	[[ $t_ok == 0 && $t_failed == 1 ]] ||
		fail "TCP from $src: $t_ok connections made, $t_failed failed, want 0 and 1"
	[[ $(svc_count udp "$src") == "$u0" && $(svc_count tcp "$src") == "$t0" ]] ||
		fail "the service saw $src: $(($(svc_count udp "$src") - u0)) datagrams, $(($(svc_count tcp "$src") - t0)) connections"
}

# pings ok|blocked SRC...: 3 echo requests from each SRC, all at once; all
# answered, or none.
pings() {
	local want=$1 src r i=0 res
	shift
	agent icmp 3 "$@" || return
	read -ra res <<<"$reply"
	for src in "$@"; do
		r=${res[i]-0:0}
		i=$((i + 1))
		if [[ $want == ok ]]; then
			[[ $r == 3:3 ]] || fail "ping from $src: sent:answered $r, want 3:3"
		else
			[[ $r == 3:0 ]] || fail "ping from $src: sent:answered $r, want 3:0"
		fi
	done
}
ping_ok() { pings ok "$@"; }
ping_blocked() { pings blocked "$@"; }

# Starting a program costs the emulated guest a second and more (jq, ip
# netns exec, python3): the helpers below make one CLI call each and parse
# its output in bash.

# snap VAR NS: every counter of NS into the associative array VAR, with
# fg_snap's keys (seen.packets, dropped.reasons.blocklist, ipv4...), from
# one `floodgate -n NS stats`. Calls fail and returns 1 if it fails.
snap() {
	local out line name a b c d parent=
	declare -p "$1" &>/dev/null || declare -gA "$1"
	local -n _bl_s=$1
	_bl_s=()
	out=$(fgn "$2" stats 2>&1) || { fail "floodgate stats in '${2:-init}': $out"; return 1; }
	while IFS= read -r line; do
		read -r name a b c d <<<"$line"
		if [[ $line == "  "* ]]; then
			_bl_s[$parent.reasons.$name]=$a
		elif [[ $b == pkts && $d == bytes ]]; then
			parent=$name
			_bl_s[$name.packets]=$a _bl_s[$name.bytes]=$c
		else
			_bl_s["$name"]=$a
		fi
	done <<<"$out"
	for name in seen.packets passed.packets dropped.packets dropped.bytes ipv6 \
		    dropped.reasons.blocklist passed.reasons.allowlist; do
		[[ ${_bl_s[$name]-} =~ ^[0-9]+$ ]] ||
			{ fail "floodgate stats in '${2:-init}' lacks $name: $out"; return 1; }
	done
}

# counter NS KEY: one counter, e.g. counter "$ns2" dropped.reasons.blocklist.
counter() {
	local -A _bl_c
	snap _bl_c "$1" && echo "${_bl_c[$2]}"
}
blocklist() { counter "$ns2" dropped.reasons.blocklist; }
allowlist() { counter "$ns2" passed.reasons.allowlist; }
blocklist_ge() { [[ $(blocklist) -ge $1 ]]; }

# rx_pkts: packets the edge's veth received.
rx_pkts() {
	local out l next=0
	out=$(ip -n "$ns2" -s link show dev veth2) || return 1
	while read -r -a l; do
		((!next)) || { echo "${l[1]}"; return 0; }
		[[ ${l[0]} != RX: ]] || next=1
	done <<<"$out"
	return 1
}

rx_ge() { [[ $(rx_pkts) -ge $1 ]]; }

block_entries_are() { [[ $(fg_status "$ns2" block entries) == "$1" ]]; }

# prefixes NS TABLE: its prefixes, sorted, one a line.
prefixes() {
	local out p rest all=()
	out=$(fgn "$1" "$2" list) || return 1
	while read -r p rest; do
		[[ -z $p ]] || all+=("$p")
	done <<<"$out"
	((${#all[@]})) || return 0
	printf '%s\n' "${all[@]}" | sort
}

# entry_field NS TABLE PREFIX KEY: the number after KEY (hits, timeout,
# last-hit) in PREFIX's line of the list; "none" if there is no such line
# or key.
entry_field() {
	local out p rest re="(^| )$4 ([0-9]+)( |\$)"
	out=$(fgn "$1" "$2" list) || return 1
	while read -r p rest; do
		[[ $p == "$3" ]] || continue
		[[ " $rest" =~ $re ]] && { echo "${BASH_REMATCH[2]}"; return 0; }
	done <<<"$out"
	echo none
}
hits() { entry_field "$1" "$2" "$3" hits; }

# expect_count NS TABLE N WHO: the table has N entries (status and list).
expect_count() {
	local e l
	e=$(fg_status "$1" "$2" entries) l=$(prefixes "$1" "$2" | wc -l)
	[[ $e == "$3" && $l == "$3" ]] ||
		fail "$4: $2 table has $e entries (status), $l listed, want $3"
}

# expect_hits_moved NS TABLE PREFIX BEFORE N WHO: hits are approximate under
# concurrency, but one sender's packets on an otherwise idle link count:
# at least half of N and at most N.
expect_hits_moved() {
	local h d
	h=$(hits "$1" "$2" "$3")
	[[ $h =~ ^[0-9]+$ ]] || { fail "$6: no entry $3 in the $2 list"; return; }
	d=$((h - $4))
	((d * 2 >= $5 && d <= $5)) || fail "$6: $3 hits moved by $d, want $5 (at least half)"
}

# --- checks -----------------------------------------------------------------------

check_control() {
	local src
	[[ -z $(fge block list) && -z $(fge allow list) ]] || fail "the tables are not empty at start"
	expect_count "$ns2" block 0 "fresh edge"
	expect_count "$ns2" allow 0 "fresh edge"
	snap A "$ns2" || return
	[[ ${A[dropped.reasons.blocklist]-} == 0 && ${A[passed.reasons.allowlist]-} == 0 ]] ||
		fail "stats lacks blocklist/allowlist counters, or they are not 0: blocklist=${A[dropped.reasons.blocklist]-missing} allowlist=${A[passed.reasons.allowlist]-missing}"
	for src in 192.0.2.1 198.51.100.7 2001:db8::1 2001:db8:b::1; do
		expect_passes "$src"
	done
	ping_ok "${SRC4[@]}" "${SRC6[@]}"
	snap B "$ns2" || return
	fg_expect A B dropped.packets -eq 0 "edge without entries"
	fg_expect A B passed.packets -ge $((4 * (5 + 10 + 3) + 9 * 3)) "edge without entries"
}
fg_check "control: with empty tables every source reaches the service (ICMP, UDP, TCP)" check_control

check_blocked() {
	local out rx0 rx1
	out=$(fge block add 198.51.100.7 2>&1) || { fail "block add 198.51.100.7: $out"; return; }
	[[ $(prefixes "$ns2" block) == 198.51.100.7 ]] ||
		fail "block list after adding 198.51.100.7: $(fge block list)"
	# The link's counter first: the window it counts holds floodgate's.
	rx0=$(rx_pkts)
	snap A "$ns2" || return
	expect_dropped 198.51.100.7
	fg_wait 30 blocklist_ge $((${A[dropped.reasons.blocklist]} + sent))
	snap B "$ns2" || return
	rx1=$(rx_pkts)
	diag "sent $sent packets ($p_tx echo, $u_sent UDP, $((2 * t_failed)) SYN), veth2 got $((rx1 - rx0)) frames, blocklist moved by $(fg_delta A B dropped.reasons.blocklist)"
	fg_expect A B dropped.reasons.blocklist -ge "$sent" "edge"
	fg_expect A B dropped.reasons.blocklist -le $((rx1 - rx0)) "edge (veth2 received $((rx1 - rx0)) frames)"
	[[ $(fg_delta A B dropped.packets) == $(fg_delta A B dropped.reasons.blocklist) ]] ||
		fail "dropped.packets moved by $(fg_delta A B dropped.packets), the blocklist by $(fg_delta A B dropped.reasons.blocklist)"
	fg_expect A B dropped.bytes -ge "$sbytes" "edge"
	fg_expect A B passed.reasons.allowlist -eq 0 "edge"
	# Nothing of it was passed: what passed is at most the link-local chatter.
	fg_expect A B passed.packets -le $((rx1 - rx0 - sent)) "edge"
	BLOCKED_SENT=$sent
}
fg_check "a blocked source's ICMP, UDP and TCP are dropped and counted; the service sees none" \
	check_blocked

check_others_pass() {
	local b0
	b0=$(blocklist)
	expect_passes 192.0.2.1
	expect_passes 198.51.100.8
	expect_passes 2001:db8::1
	[[ $(blocklist) == "$b0" ]] || fail "the blocklist counter moved by $(($(blocklist) - b0)) for unblocked sources"
	expect_hits_moved "$ns2" block 198.51.100.7 0 "${BLOCKED_SENT:-1}" "after check 2"
	fge block list | grep -qE '^198\.51\.100\.7 hits [0-9]+ last-hit [0-9]+ origin manual$' ||
		fail "block list does not show 198.51.100.7 with hits, last-hit and origin: $(fge block list)"
	fge block del 198.51.100.7 || fail "block del 198.51.100.7"
}
fg_check "other sources pass meanwhile; the entry's hits count the drops" check_others_pass

check_prefixes() {
	local b0 h24 h25
	{ fge block add 198.51.100.0/24 && fge block add 203.0.113.0/25; } ||
		{ fail "block add of the prefixes failed"; return; }
	b0=$(blocklist)
	h24=$(hits "$ns2" block 198.51.100.0/24) h25=$(hits "$ns2" block 203.0.113.0/25)
	ping_blocked 198.51.100.1 198.51.100.7 198.51.100.254 203.0.113.127
	ping_ok 192.0.2.1 203.0.113.128
	[[ $(blocklist) -ge $((b0 + 12)) ]] ||
		fail "blocklist counter moved by $(($(blocklist) - b0)), want >= 12"
	expect_hits_moved "$ns2" block 198.51.100.0/24 "$h24" 9 "/24"
	expect_hits_moved "$ns2" block 203.0.113.0/25 "$h25" 3 "/25"
	fge block flush || fail "block flush"
}
fg_check "a /24 drops every host in it and nothing outside; a /25 spares its neighbour .128" \
	check_prefixes

# expect_test ADDR PREFIX: block test names PREFIX, in text and JSON.
expect_test() {
	local out rc j
	out=$(fge block test "$1" 2>&1)
	rc=$?
	[[ $rc == 0 && $out == "$1 matches $2 "* ]] ||
		fail "block test $1: exit $rc, '$out', want a match of $2"
	j=$(fge -j block test "$1")
	[[ $j == "{\"address\":\"$1\",\"match\":{\"prefix\":\"$2\","* ]] ||
		fail "-j block test $1: $j, want match $2"
}

# expect_no_match ADDR
expect_no_match() {
	local out rc
	out=$(fge block test "$1" 2>&1)
	rc=$?
	[[ $rc == 1 && $out == *"$1 is not in the blocklist"* ]] ||
		fail "block test $1: exit $rc, '$out', want exit 1, not in the blocklist"
	out=$(fge -j block test "$1")
	rc=$?
	[[ $rc == 1 && $out == "{\"address\":\"$1\",\"match\":null}" ]] ||
		fail "-j block test $1: exit $rc, '$out', want exit 1, match null"
}

check_test() {
	local p
	for p in 203.0.113.0/24 203.0.113.0/25 203.0.113.7 198.51.100.0/24 \
		 2001:db8:b::/48 2001:db8:b::/64 2001:db8:b::1; do
		fge block add "$p" || { fail "block add $p"; return; }
	done
	expect_test 203.0.113.7 203.0.113.7
	expect_test 203.0.113.8 203.0.113.0/25
	expect_test 203.0.113.127 203.0.113.0/25
	expect_test 203.0.113.128 203.0.113.0/24
	expect_test 198.51.100.0 198.51.100.0/24
	expect_test 198.51.100.255 198.51.100.0/24
	expect_test 2001:db8:b::1 2001:db8:b::1
	expect_test 2001:db8:b::2 2001:db8:b::/64
	expect_test 2001:db8:b:1::1 2001:db8:b::/48
	expect_no_match 198.51.101.0
	expect_no_match 198.51.99.255
	expect_no_match 192.0.2.1
	expect_no_match 2001:db8:c::1
	expect_no_match 2001:db8::1
	fge block flush || fail "block flush"
	expect_no_match 203.0.113.7
}
fg_check "block test names the longest matching entry; exit 1 when none matches" check_test

check_canonical() {
	local out rc
	out=$(fge block add 198.51.100.7/24 2>&1)
	rc=$?
	[[ $rc == 0 ]] || { fail "block add 198.51.100.7/24: exit $rc: $out"; return; }
	[[ $out == *"host bits"* && $out == *198.51.100.0/24* ]] ||
		fail "block add 198.51.100.7/24 says '$out', want a host-bits warning naming 198.51.100.0/24"
	[[ $(prefixes "$ns2" block) == 198.51.100.0/24 ]] ||
		fail "block list: '$(fge block list)', want 198.51.100.0/24"
	fge block list | grep -q '^198\.51\.100\.0/24 ' ||
		fail "block list text: '$(fge block list)', want 198.51.100.0/24"
	# The same entry written canonically: one entry, no warning.
	out=$(fge block add 198.51.100.0/24 2>&1) || fail "block add 198.51.100.0/24: $out"
	[[ -z $out ]] || fail "block add 198.51.100.0/24 printed '$out'"
	out=$(fge block add 2001:db8:b::1/64 2>&1) || fail "block add 2001:db8:b::1/64: $out"
	[[ $out == *"host bits"* ]] || fail "block add 2001:db8:b::1/64 says '$out', want a host-bits warning"
	[[ $(prefixes "$ns2" block | tr '\n' ' ') == "198.51.100.0/24 2001:db8:b::/64 " ]] ||
		fail "block list: '$(fge block list)', want 198.51.100.0/24 and 2001:db8:b::/64"
	expect_count "$ns2" block 2 "after three adds of two prefixes"
	ping_blocked 198.51.100.7
	fge block flush || fail "block flush"
}
fg_check "block add 198.51.100.7/24 warns and is listed as 198.51.100.0/24, once" check_canonical

check_allow_wins() {
	local a0 b0 bh
	{ fge block add 198.51.100.7 && fge allow add 198.51.100.7; } ||
		{ fail "adding 198.51.100.7 to both tables failed"; return; }
	snap A "$ns2" || return
	bh=$(hits "$ns2" block 198.51.100.7)
	expect_passes 198.51.100.7
	snap B "$ns2" || return
	fg_expect A B passed.reasons.allowlist -ge $((5 + 10 + 1)) "edge"
	fg_expect A B dropped.reasons.blocklist -eq 0 "edge"
	fg_expect A B dropped.packets -eq 0 "edge"
	[[ $(hits "$ns2" block 198.51.100.7) == "$bh" ]] ||
		fail "the block entry's hits moved from $bh to $(hits "$ns2" block 198.51.100.7) while the allowlist passed the source"
	expect_hits_moved "$ns2" allow 198.51.100.7 0 "$(fg_delta A B passed.reasons.allowlist)" "allow entry"
	# A broader allow entry wins over a narrower block entry too.
	{ fge allow del 198.51.100.7 && fge allow add 198.51.100.0/24; } || fail "allow del/add"
	a0=$(allowlist) b0=$(blocklist)
	ping_ok 198.51.100.7
	[[ $(allowlist) -ge $((a0 + 3)) && $(blocklist) == "$b0" ]] ||
		fail "allow 198.51.100.0/24 over block 198.51.100.7: allowlist moved by $(($(allowlist) - a0)), blocklist by $(($(blocklist) - b0))"
	# Without the allow entry, the block entry is back in force.
	fge allow flush || fail "allow flush"
	b0=$(blocklist)
	ping_blocked 198.51.100.7
	[[ $(blocklist) -ge $((b0 + 3)) ]] || fail "after allow flush the blocklist moved by $(($(blocklist) - b0))"
	fge block flush || fail "block flush"
}
fg_check "the allowlist beats the blocklist: a source in both passes, counted as allowlist" \
	check_allow_wins

# matches ADDR: does block test find an entry?
matches() { fge block test "$1" >/dev/null 2>&1; }
not_matches() { ! matches "$1"; }

check_timeout() {
	local t0 t1 ms b0 b1 r0 pid out left
	b0=$(blocklist)
	# A stream from the source (100 packets a second) while the entry lives
	# and dies, so that packets arrive in its short life however slow the
	# guest is.
	r0=$(rx_pkts)
	fg_bg n1 ping -n -q -i 0.01 -w 300 -I 198.51.100.7 192.0.2.2 >"$fg_tmp/tping" 2>&1
	pid=$!
	fg_wait 60 rx_ge $((r0 + 20)) || { fail "the ping stream did not start: $(cat "$fg_tmp/tping")"; kill "$pid"; return; }
	t0=${EPOCHREALTIME/./}
	out=$(fge block add 198.51.100.7 timeout 2 2>&1) || { fail "block add timeout 2: $out"; kill "$pid"; return; }
	left=$(entry_field "$ns2" block 198.51.100.7 timeout)
	if [[ $left == none ]]; then
		diag "the entry was gone before block list ran"
	else
		[[ $left =~ ^[0-9]+$ && $left -le 2 ]] || fail "block list right after add: timeout '$left', want <= 2"
	fi
	# Stops matching: poll with a deadline.
	fg_wait 60 not_matches 198.51.100.7 || fail "198.51.100.7 still matches 60 s after a 2 s timeout"
	t1=${EPOCHREALTIME/./}
	b1=$(blocklist)
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	ms=$(((t1 - t0) / 1000))
	diag "the entry matched for less than $ms ms, dropping $((b1 - b0)) packets"
	[[ $b1 -gt $b0 ]] || fail "the entry dropped nothing while it lived (100 packets a second)"
	# Timeouts are whole seconds: the entry lived more than one second.
	((ms >= 1000)) || fail "the entry stopped matching $ms ms after the add, before 1 s"
	# Traffic passes again, the blocklist counter stays.
	b0=$(blocklist)
	expect_passes 198.51.100.7
	[[ $(blocklist) == "$b0" ]] || fail "the expired entry still dropped $(($(blocklist) - b0)) packets"
	# The collector removes it.
	fg_wait 60 block_entries_are 0 ||
		fail "status still counts $(fg_status "$ns2" block entries) entries 60 s after expiry"
	[[ -z $(fge block list) ]] || fail "block list after expiry: $(fge block list)"
}
fg_check "an entry with timeout 2 stops matching after expiry and is collected" check_timeout

check_del_flush() {
	local m0 m1 m2 m3 e1 out i
	m0=$(fg_status "$ns2" block memory)
	for i in $(seq 1 199); do echo "203.0.113.$((i % 100 + 1))/32"; done | sort -u >"$fg_tmp/some"
	for i in $(seq 0 99); do echo "2001:db8:d:$((i + 1))::/64 timeout 3600"; done >>"$fg_tmp/some"
	echo 198.51.100.7 >>"$fg_tmp/some"
	out=$(fge block load "$fg_tmp/some" 2>&1) || { fail "block load of $(wc -l <"$fg_tmp/some") lines: $out"; return; }
	e1=$(fg_status "$ns2" block entries) m1=$(fg_status "$ns2" block memory)
	[[ $e1 == 201 ]] || fail "status: $e1 entries after loading 201, want 201"
	[[ $m1 -gt $m0 ]] || fail "status: memory $m1 after loading 201 entries, was $m0"
	[[ $(fg_status "$ns2" block prefix-lengths) == 2 ]] ||
		fail "status: prefix-lengths $(fg_status "$ns2" block prefix-lengths), want 2 (/32, /64)"
	ping_blocked 198.51.100.7
	# A missing entry: exit 1, nothing changes.
	out=$(fge block del 198.51.100.8 2>&1)
	[[ $? == 1 && $out == *"no such entry"* ]] || fail "block del of a missing entry: '$out'"
	[[ $(fg_status "$ns2" block entries) == 201 ]] || fail "a failed del changed the table"
	fge block del 198.51.100.7 || fail "block del 198.51.100.7"
	m2=$(fg_status "$ns2" block memory)
	[[ $(fg_status "$ns2" block entries) == 200 ]] || fail "status: $(fg_status "$ns2" block entries) entries after a del, want 200"
	[[ $m2 -lt $m1 ]] || fail "status: memory $m2 after a del, was $m1"
	ping_ok 198.51.100.7
	fge block flush || fail "block flush"
	m3=$(fg_status "$ns2" block memory)
	expect_count "$ns2" block 0 "after flush"
	[[ $(fg_status "$ns2" block prefix-lengths) == 0 ]] || fail "prefix-lengths after flush: $(fg_status "$ns2" block prefix-lengths)"
	[[ $m3 -lt $m2 ]] || fail "status: memory $m3 after flush, was $m2"
	diag "block memory: empty $m0, 201 entries $m1, 200 $m2, flushed $m3"
	# Emptied, not disabled.
	fge block add 198.51.100.7 || fail "block add after flush"
	ping_blocked 198.51.100.7
	fge block flush || fail "block flush"
}
fg_check "block del restores traffic, block flush empties; status entries and memory follow" \
	check_del_flush

check_capacity() {
	local out rc before i
	fge block set max 10 || { fail "block set max 10"; return; }
	[[ $(fg_status "$ns2" block capacity) == 10 ]] || fail "status: capacity $(fg_status "$ns2" block capacity), want 10"
	for i in $(seq 1 9); do echo "203.0.113.$i"; done >"$fg_tmp/nine"
	{ fge block load "$fg_tmp/nine" && fge block add 198.51.100.7; } ||
		{ fail "adding 10 entries under max 10 failed"; fge block set max 1048576; return; }
	before=$(prefixes "$ns2" block)
	out=$(fge block add 203.0.113.200 2>&1)
	rc=$?
	[[ $rc == 1 ]] || fail "the 11th entry: exit $rc, want 1 ($out)"
	[[ $out == *"table full"* || $out == *"is full"* ]] || fail "the 11th entry says '$out', want 'table full'"
	[[ $(prefixes "$ns2" block) == "$before" ]] || fail "the table changed: $(fge block list)"
	expect_count "$ns2" block 10 "after a refused 11th entry"
	# A batch that would overflow loads nothing.
	printf '203.0.113.201\n203.0.113.202\n' >"$fg_tmp/two"
	out=$(fge block load "$fg_tmp/two" 2>&1)
	[[ $? == 1 && $out == *full* ]] || fail "loading 2 more: '$out', want exit 1, table full"
	[[ $(prefixes "$ns2" block) == "$before" ]] || fail "a refused load changed the table: $(fge block list)"
	# Updating an entry that exists is not an addition.
	out=$(fge block add 203.0.113.1 timeout 3600 2>&1) || fail "updating an entry of a full table: $out"
	[[ $(entry_field "$ns2" block 203.0.113.1 timeout) -gt 3000 ]] || fail "the update did not set the timeout"
	# The entries still work.
	ping_blocked 198.51.100.7
	# Lowering the capacity below the count removes nothing.
	fge block set max 5 || fail "block set max 5"
	[[ $(prefixes "$ns2" block) == "$before" ]] || fail "set max 5 changed the table: $(fge block list)"
	out=$(fge block add 203.0.113.200 2>&1)
	[[ $? == 1 && $out == *full* ]] || fail "an add over max 5 with 10 entries: '$out'"
	fge block set max 1048576 || fail "block set max 1048576"
	fge block add 203.0.113.200 || fail "an add after raising the capacity"
	expect_count "$ns2" block 11 "after raising the capacity"
	fge block flush || fail "block flush"
}
fg_check "block set max 10: the 11th entry fails (exit 1, table full), nothing is lost" \
	check_capacity

check_ipv6() {
	local rx0 rx1 b0 b1 h
	fge block add 2001:db8:b::1 || { fail "block add 2001:db8:b::1"; return; }
	# The link's counter first: the window it counts holds floodgate's.
	rx0=$(rx_pkts)
	snap A "$ns2" || return
	expect_dropped 2001:db8:b::1
	fg_wait 30 blocklist_ge $((${A[dropped.reasons.blocklist]} + sent))
	snap B "$ns2" || return
	rx1=$(rx_pkts)
	diag "sent $sent packets, veth2 got $((rx1 - rx0)) frames, blocklist moved by $(fg_delta A B dropped.reasons.blocklist)"
	fg_expect A B dropped.reasons.blocklist -ge "$sent" "edge"
	fg_expect A B dropped.reasons.blocklist -le $((rx1 - rx0)) "edge"
	fg_expect A B dropped.bytes -ge "$sbytes" "edge"
	fg_expect A B ipv6 -ge "$sent" "edge"
	expect_hits_moved "$ns2" block 2001:db8:b::1 0 "$sent" "IPv6 /128"
	# Others pass, IPv4 from the same host too.
	b0=$(blocklist)
	expect_passes 2001:db8:b::2
	expect_passes 2001:db8::1
	ping_ok 198.51.100.7
	[[ $(blocklist) == "$b0" ]] || fail "blocklist moved by $(($(blocklist) - b0)) for unblocked sources"
	# A /64.
	{ fge block del 2001:db8:b::1 && fge block add 2001:db8:b::/64; } || { fail "block del/add"; return; }
	b0=$(blocklist)
	expect_dropped 2001:db8:b::2
	ping_blocked 2001:db8:b::1
	b1=$(blocklist)
	[[ $b1 -ge $((b0 + sent + 3)) ]] || fail "/64: blocklist moved by $((b1 - b0)), want >= $((sent + 3))"
	ping_ok 2001:db8:b:1::1 2001:db8::1
	h=$(hits "$ns2" block 2001:db8:b::/64)
	[[ $h -ge $(((sent + 3) / 2)) ]] || fail "/64 hits $h, want about $((sent + 3))"
	[[ $(blocklist) == "$b1" ]] || fail "the /64 dropped $(($(blocklist) - b1)) packets from outside it"
	fge block flush || fail "block flush"
}
fg_check "IPv6: a blocked source is dropped and counted; a /64 blocks its hosts, not the next /64" \
	check_ipv6

# as_nobody CMD...: floodgate CMD as uid 65534 in the edge namespace, one
# entry on its standard input (for load -); sets rc and out.
as_nobody() {
	out=$(echo 203.0.113.9 | n2 "${NOBODY[@]}" "$FG_CLI" "$@" 2>&1)
	rc=$?
}

check_unprivileged() {
	local before status0 cmd
	{ fge block add 198.51.100.0/24 && fge block add 2001:db8:b::/64; } || { fail "block add"; return; }
	before=$(prefixes "$ns2" block)
	status0="$(fg_status "$ns2" block entries) $(fg_status "$ns2" block capacity)"
	for cmd in "block add 203.0.113.9" "block add 203.0.113.9 timeout 60" \
		   "block del 198.51.100.0/24" "block flush" "block set max 1" \
		   "block load -" "allow add 198.51.100.7"; do
		# shellcheck disable=SC2086 # words on purpose
		as_nobody $cmd
		[[ $rc == 1 ]] || fail "uid 65534: floodgate $cmd: exit $rc, want 1 ($out)"
		[[ $out =~ [Pp]ermission|CAP_NET_ADMIN|not\ permitted ]] ||
			fail "uid 65534: floodgate $cmd says '$out', want a permission message"
	done
	[[ $(prefixes "$ns2" block) == "$before" ]] || fail "the blocklist changed: $(fge block list)"
	[[ -z $(fge allow list) ]] || fail "the allowlist changed: $(fge allow list)"
	[[ "$(fg_status "$ns2" block entries) $(fg_status "$ns2" block capacity)" == "$status0" ]] ||
		fail "status changed: $(fge -j status)"
	ping_blocked 198.51.100.7
	# The control: root with the same commands works.
	n2 "$FG_CLI" block add 203.0.113.9 || fail "root: block add 203.0.113.9 in the edge"
	fge block flush || fail "block flush"
}
fg_check "an unprivileged user cannot change the tables: exit 1, permission message" \
	check_unprivileged

check_isolation() {
	local out
	# An entry for the edge's own address in the edge: the client still
	# gets the edge's replies.
	fge block add 192.0.2.2 || { fail "block add 192.0.2.2 in the edge"; return; }
	fgn "$ns3" block add 198.51.100.7 || fail "block add 198.51.100.7 in the bystander"
	ping_ok 198.51.100.7
	expect_passes 192.0.2.1
	[[ $(counter "$ns1" dropped.reasons.blocklist) == 0 ]] ||
		fail "the client dropped $(counter "$ns1" dropped.reasons.blocklist) packets for entries of other namespaces"
	# The same entry in the client drops the replies there, not in the edge.
	fgn "$ns1" block add 192.0.2.2 || fail "block add 192.0.2.2 in the client"
	snap A "$ns2" || return
	ping_from 198.51.100.7 3
	[[ $p_tx == 3 && $p_rx == 0 ]] || fail "ping with 192.0.2.2 blocked in the client: $p_rx of $p_tx answered, want 0"
	[[ $(counter "$ns1" dropped.reasons.blocklist) -ge 3 ]] ||
		fail "the client's blocklist counter is $(counter "$ns1" dropped.reasons.blocklist), want >= 3"
	snap B "$ns2" || return
	fg_expect A B passed.packets -ge 3 "edge (the requests passed there)"
	fg_expect A B dropped.reasons.blocklist -eq 0 "edge"
	# Each namespace lists its own; the init namespace has nothing.
	[[ $(prefixes "$ns1" block) == 192.0.2.2 && $(prefixes "$ns2" block) == 192.0.2.2 &&
	   $(prefixes "$ns3" block) == 198.51.100.7 ]] ||
		fail "lists: client '$(prefixes "$ns1" block)', edge '$(prefixes "$ns2" block)', bystander '$(prefixes "$ns3" block)'"
	out=$("$FG_CLI" block list 2>&1)
	[[ -z $out ]] || fail "the init namespace's blocklist: $out"
	[[ $(fg_status "" block entries) == 0 ]] ||
		fail "the init namespace's status counts $(fg_status "" block entries) entries"
	# A flush in one leaves the others.
	fgn "$ns3" block flush || fail "block flush in the bystander"
	[[ $(prefixes "$ns1" block) == 192.0.2.2 && $(prefixes "$ns2" block) == 192.0.2.2 ]] ||
		fail "a flush in the bystander changed the others"
	{ fgn "$ns1" block flush && fge block flush; } || fail "block flush"
	ping_ok 198.51.100.7
}
fg_check "an entry in one namespace does not affect another's traffic or tables" check_isolation

fg_done
