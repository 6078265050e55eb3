#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# floodgate's counters under real traffic, and per-namespace isolation.
#
#   +---------------------------+                +---------------------------+
#   | $ns1: client              |                | $ns2: edge                |
#   |                     veth1 +----------------+ veth2                     |
#   |   192.0.2.1/24            |                |   192.0.2.2/24            |
#   |   2001:db8::1/64          |                |   2001:db8::2/64          |
#   |   ping, curl, craft.py    |                |   http.server, socat,     |
#   +---------------------------+                |   nft counters at -300    |
#   +---------------------------+                +---------------------------+
#   | $ns3: bystander, lo only  |
#   +---------------------------+
#
# floodgate.ko is loaded, so every namespace (the init one too) has its own
# hooks and counters: the edge counts what the client sends, the client
# counts the replies, the bystander counts nothing. Neighbours are static,
# so that no ARP or ND is needed, and DAD is off.
#
# Checks:
#  1. fresh namespaces report every counter, all zero
#  2. IPv4 ping is counted (seen/passed/ipv4, bytes), in both namespaces
#  3. IPv6 ping is counted likewise
#  4. a TCP transfer (http.server, curl) over IPv4 and IPv6 is counted
#  5. UDP over IPv4 and IPv6 is counted
#  6. clean traffic is never dropped: passed == seen, dropped stays 0
#  7. fragmented pings (-s 3000) get through and count as fragments
#  8. malformed packets move exactly their drop reason, and only it; the
#     totals add up (seen = passed + dropped = ipv4 + ipv6...)
#  9. malformed packets never reach a later PRE_ROUTING hook (nft at -300)
# 10. namespaces are isolated; loopback is not counted; `-n NETNS` works

# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

fg_require ping curl socat ss nft

ns1=$(fg_netns_name client)
ns2=$(fg_netns_name edge)
ns3=$(fg_netns_name bystander)
n1() { fg_exec ip netns exec "$ns1" "$@"; }
n2() { fg_exec ip netns exec "$ns2" "$@"; }
n3() { fg_exec ip netns exec "$ns3" "$@"; }
ip1() { ip -n "$ns1" "$@"; }
ip2() { ip -n "$ns2" "$@"; }

fg_plan 10

fg_load || bail "cannot load $FG_MODDIR/floodgate.ko"
for ns in "$ns1" "$ns2" "$ns3"; do
	fg_netns_add "$ns" || bail "cannot create namespace $ns"
done

check_fresh() {
	local ns bad
	for ns in "$ns1" "$ns2" "$ns3"; do
		fg_snap S "$ns" || continue
		bad=$(fg_all_zero S) || fail "fresh namespace $ns: non-zero counters: $bad"
	done
}
fg_check "fresh namespaces report every counter, all zero" check_fresh

# The link, after check 1 so that nothing can have been counted yet.
set -e
trap 'bail "setup failed at line $LINENO: $BASH_COMMAND"' ERR
fg_veth_link "$ns1" "$ns2"
mac2=$(fg_mac "$ns2" veth2)
trap - ERR
set +e

if ! fg_snap CLEAN1 "$ns1" || ! fg_snap CLEAN2 "$ns2"; then
	bail "cannot read counters"
fi

# file_size_is FILE BYTES
file_size_is() { [[ $(stat -c %s "$1" 2>/dev/null) == "$2" ]]; }

# counter_ge NS KEY VALUE
counter_ge() { [[ $(fg_counter "$1" "$2") -ge $3 ]]; }

# check_ping FAMILY ADDRESS IP_LENGTH: ping from the client to the edge and
# compare both namespaces' counters with what ping and the veth saw.
check_ping() {
	local fam=$1 addr=$2 len=$3 out tx rx rxp0 rxb0 rxp1 rxb1 d
	rxp0=$(fg_link_stat "$ns2" veth2 rx.packets)
	rxb0=$(fg_link_stat "$ns2" veth2 rx.bytes)
	fg_snap A1 "$ns1" && fg_snap A2 "$ns2" || return
	out=$(n1 ping "-${fam#ipv}" -c 10 -i 0.1 -w 60 "$addr" 2>&1)
	tx=$(fg_ping_count "$out" transmitted) rx=$(fg_ping_count "$out" received)
	[[ $tx == 10 && $rx == 10 ]] || { fail "ping $addr: $out"; return; }
	fg_snap B1 "$ns1" && fg_snap B2 "$ns2" || return
	rxp1=$(fg_link_stat "$ns2" veth2 rx.packets)
	rxb1=$(fg_link_stat "$ns2" veth2 rx.bytes)

	# At least every echo request...
	fg_expect A2 B2 seen.packets -ge "$tx" "edge"
	fg_expect A2 B2 passed.packets -ge "$tx" "edge"
	fg_expect A2 B2 "$fam" -ge "$tx" "edge"
	fg_expect A2 B2 seen.bytes -ge $((tx * len)) "edge"
	fg_expect A2 B2 passed.bytes -ge $((tx * len)) "edge"
	# ...and no more than what reached the interface (every frame on this
	# link is IP: neighbours are static).
	fg_expect A2 B2 seen.packets -le $((rxp1 - rxp0)) "edge (veth2 received $((rxp1 - rxp0)) frames)"
	fg_expect A2 B2 seen.bytes -le $((rxb1 - rxb0)) "edge (veth2 received $((rxb1 - rxb0)) bytes)"
	# The client's own hooks see the replies.
	fg_expect A1 B1 "$fam" -ge "$rx" "client"
	fg_expect A1 B1 passed.bytes -ge $((rx * len)) "client"
	d=$(fg_delta A2 B2 dropped.packets)
	[[ $d == 0 ]] || fail "edge dropped $d packets of a ping"
}
fg_check "IPv4 ping is counted (seen, passed, ipv4, bytes), in both namespaces" \
	check_ping ipv4 192.0.2.2 84
fg_check "IPv6 ping is counted (seen, passed, ipv6, bytes), in both namespaces" \
	check_ping ipv6 2001:db8::2 104

check_tcp() {
	local size=$((1024 * 1024)) url fam
	mkdir -p "$fg_tmp/www"
	head -c "$size" /dev/urandom >"$fg_tmp/www/blob"
	fg_bg n2 "$PYTHON" -m http.server --bind :: --directory "$fg_tmp/www" 8080 \
		>"$fg_tmp/http.log" 2>&1
	fg_wait 120 fg_listening "$ns2" 8080 tcp || {
		fail "http.server did not start: $(cat "$fg_tmp/http.log")"
		return
	}
	for url in ipv4:http://192.0.2.2:8080/blob "ipv6:http://[2001:db8::2]:8080/blob"; do
		fam=${url%%:*} url=${url#*:}
		fg_snap A1 "$ns1" && fg_snap A2 "$ns2" || return
		rm -f "$fg_tmp/got"
		n1 curl -sS -g --noproxy '*' --max-time 120 -o "$fg_tmp/got" "$url" ||
			{ fail "curl $url failed"; continue; }
		cmp -s "$fg_tmp/got" "$fg_tmp/www/blob" ||
			{ fail "curl $url: the file arrived damaged"; continue; }
		fg_snap B1 "$ns1" && fg_snap B2 "$ns2" || return
		# The client receives the whole file, in at most 64 KiB (GSO)
		# packets; the edge at least the handshake, request and ACKs.
		fg_expect A1 B1 seen.bytes -ge "$size" "client, $fam download"
		fg_expect A1 B1 passed.bytes -ge "$size" "client, $fam download"
		fg_expect A1 B1 "$fam" -ge $((size / 65536)) "client, $fam download"
		fg_expect A2 B2 "$fam" -ge 4 "edge, $fam download"
		fg_expect A2 B2 passed.packets -ge 4 "edge, $fam download"
	done
}
fg_check "a TCP transfer (http.server, curl) over IPv4 and IPv6 is counted" check_tcp

check_udp() {
	local n=50 payload=100 f
	fg_bg n2 socat -u UDP4-RECV:5002,bind=192.0.2.2 "OPEN:$fg_tmp/udp4,creat,append"
	fg_bg n2 socat -u "UDP6-RECV:5003,bind=[2001:db8::2]" "OPEN:$fg_tmp/udp6,creat,append"
	if ! fg_wait 60 fg_listening "$ns2" 5002 udp ||
	   ! fg_wait 60 fg_listening "$ns2" 5003 udp; then
		fail "socat did not start"
		return
	fi
	fg_snap A2 "$ns2" || return
	n1 "$PYTHON" -c '
import socket, sys
n, size = int(sys.argv[1]), int(sys.argv[2])
for fam, addr, port in ((socket.AF_INET, "192.0.2.2", 5002),
                        (socket.AF_INET6, "2001:db8::2", 5003)):
    s = socket.socket(fam, socket.SOCK_DGRAM)
    for i in range(n):
        s.sendto(b"u" * size, (addr, port))
' "$n" "$payload" || { fail "sending UDP failed"; return; }
	for f in udp4 udp6; do
		fg_wait 60 file_size_is "$fg_tmp/$f" $((n * payload)) ||
			fail "$f: the receiver got $(stat -c %s "$fg_tmp/$f" 2>/dev/null) bytes, want $((n * payload))"
	done
	fg_snap B2 "$ns2" || return
	fg_expect A2 B2 ipv4 -ge "$n" "edge"
	fg_expect A2 B2 ipv6 -ge "$n" "edge"
	fg_expect A2 B2 passed.packets -ge $((2 * n)) "edge"
	fg_expect A2 B2 seen.bytes -ge $((n * (payload + 28) + n * (payload + 48))) "edge"
}
fg_check "UDP over IPv4 and IPv6 is counted" check_udp

check_clean() {
	local k side
	fg_snap CLEAN1B "$ns1" && fg_snap CLEAN2B "$ns2" || return
	for side in 1 2; do
		for k in dropped.packets dropped.bytes dropped.reasons.malformed-ip \
			 dropped.reasons.malformed-l4 dropped.reasons.malformed-frag; do
			fg_expect "CLEAN$side" "CLEAN${side}B" "$k" -eq 0 "namespace $side"
		done
		fg_expect "CLEAN$side" "CLEAN${side}B" seen.packets -ge 40 "namespace $side"
		[[ $(fg_delta "CLEAN$side" "CLEAN${side}B" passed.packets) == \
		   $(fg_delta "CLEAN$side" "CLEAN${side}B" seen.packets) ]] ||
			fail "namespace $side: passed.packets and seen.packets moved apart"
		[[ $(fg_delta "CLEAN$side" "CLEAN${side}B" passed.bytes) == \
		   $(fg_delta "CLEAN$side" "CLEAN${side}B" seen.bytes) ]] ||
			fail "namespace $side: passed.bytes and seen.bytes moved apart"
	done
}
fg_check "clean traffic (checks 2-5) is never dropped: passed == seen, dropped == 0" check_clean

check_fragments() {
	local out4 out6 out tx rx
	fg_snap A1 "$ns1" && fg_snap A2 "$ns2" || return
	# 3000 bytes of ICMP data over a 1500-byte MTU: three fragments each
	# way, for either family.
	out4=$(n1 ping -4 -c 3 -s 3000 -M dont -w 60 192.0.2.2 2>&1)
	out6=$(n1 ping -6 -c 3 -s 3000 -M dont -w 60 2001:db8::2 2>&1)
	for out in "$out4" "$out6"; do
		[[ $(fg_ping_count "$out" received) == 3 ]] || fail "ping -s 3000: $out"
	done
	fg_snap B1 "$ns1" && fg_snap B2 "$ns2" || return
	tx=$(($(fg_ping_count "$out4" transmitted) + $(fg_ping_count "$out6" transmitted)))
	rx=$(($(fg_ping_count "$out4" received) + $(fg_ping_count "$out6" received)))
	fg_expect A2 B2 fragments -eq $((3 * tx)) "edge"
	fg_expect A1 B1 fragments -eq $((3 * rx)) "client"
	fg_expect A2 B2 passed.bytes -ge $((tx * 3000)) "edge"
	fg_expect A2 B2 dropped.packets -eq 0 "edge"
	fg_expect A1 B1 dropped.packets -eq 0 "client"
}
fg_check "fragmented pings (-s 3000, IPv4 and IPv6) get through and count as fragments" \
	check_fragments

# Malformed packets, sent N times each from the client's veth. The first
# column is the reason floodgate must drop it for ("pass" for the
# well-formed controls), the second its family.
N=5
KINDS=(
	"malformed-l4 ipv4 tcp4-doff4"
	"malformed-l4 ipv4 udp4-badlen"
	"malformed-frag ipv4 tcp4-frag8"
	"malformed-frag ipv4 tcp4-tinyfrag"
	"malformed-frag ipv6 tcp6-tinyfrag"
	"malformed-ip ipv6 ip6-dstopts9"
	"pass ipv4 tcp4-ok"
	"pass ipv4 tcp4-frag16"
	"pass ipv6 ip6-dstopts8"
)
nft_ok=0

# An nft rule with a counter per kind, matching its marker (IPv4 ID, IPv6
# flow label), in a chain after floodgate's hook (-500). Nothing here
# enables conntrack, so no defragmentation happens in between. Anonymous
# counters, found by the rule's comment: named ones need nft_objref, which
# the debug kernel does not have.
setup_nft() {
	local kind marker rules='' match
	while read -r kind marker; do
		case $kind in
		*4-*) match="ip id $marker" ;;
		*) match="ip6 flowlabel $marker" ;;
		esac
		rules+="$match counter comment \"$kind\""$'\n'
	done < <("$PYTHON" "$FG_SELFTESTS/craft.py" --markers)
	n2 nft -f - <<EOF
table inet fgst {
	chain pre {
		type filter hook prerouting priority -300; policy accept;
$rules
	}
}
EOF
}

nft_packets() {
	n2 nft -j list chain inet fgst pre |
		jq -er --arg k "$1" '.nftables[] | select(.rule.comment == $k) |
			.rule.expr[] | select(.counter) | .counter.packets'
}

check_malformed() {
	local e reason fam kind len drops=0 dbytes=0 v4=0 v6=0 frags=0 passes=0
	local -A want=([malformed-ip]=0 [malformed-l4]=0 [malformed-frag]=0)
	if setup_nft >"$fg_tmp/nft.log" 2>&1; then
		nft_ok=1
	else
		diag "nft unavailable, check 9 will skip: $(cat "$fg_tmp/nft.log")"
	fi
	# Check 10 looks at MA0/MB0 (init) and MA1/MB1 (client) too.
	fg_snap MA1 "$ns1" && fg_snap MA2 "$ns2" && fg_snap MA0 "" || return
	for e in "${KINDS[@]}"; do
		read -r reason fam kind <<<"$e"
		len=$(n1 "$PYTHON" "$FG_SELFTESTS/craft.py" veth1 "$mac2" "$kind" "$N") ||
			{ fail "craft.py $kind failed"; return; }
		if [[ $fam == ipv4 ]]; then v4=$((v4 + N)); else v6=$((v6 + N)); fi
		[[ $kind != *frag* ]] || frags=$((frags + N))
		if [[ $reason == pass ]]; then
			passes=$((passes + N))
		else
			want[$reason]=$((${want[$reason]} + N))
			drops=$((drops + N)) dbytes=$((dbytes + N * len))
		fi
	done
	# Frames are handled in softirq as they are sent; wait for the last.
	fg_wait 30 counter_ge "$ns2" dropped.packets $((${MA2[dropped.packets]} + drops)) ||
		diag "dropped.packets did not reach the expected value in time"
	fg_snap MB1 "$ns1" && fg_snap MB2 "$ns2" && fg_snap MB0 "" || return
	for reason in "${!want[@]}"; do
		fg_expect MA2 MB2 "dropped.reasons.$reason" -eq "${want[$reason]}" "edge"
	done
	fg_expect MA2 MB2 dropped.packets -eq "$drops" "edge"
	fg_expect MA2 MB2 dropped.bytes -eq "$dbytes" "edge"
	fg_expect MA2 MB2 fragments -eq "$frags" "edge"
	fg_expect MA2 MB2 ipv4 -eq "$v4" "edge"
	fg_expect MA2 MB2 ipv6 -ge "$v6" "edge"
	fg_expect MA2 MB2 passed.packets -ge "$passes" "edge"
	# After all the traffic of checks 2-8, the totals add up.
	fg_consistent MB2 "edge"
	fg_consistent MB1 "client"
}
fg_check "malformed packets move exactly their drop reason (l4, frag, ip); totals add up" check_malformed

check_nft() {
	local e reason fam kind got want
	[[ $nft_ok == 1 ]] || { skip "nft is not available in this kernel"; return; }
	for e in "${KINDS[@]}"; do
		read -r reason fam kind <<<"$e"
		want=0
		[[ $reason != pass ]] || want=$N
		got=$(nft_packets "$kind") || { fail "cannot read nft counter for $kind"; continue; }
		[[ $got == "$want" ]] ||
			fail "$kind ($reason): nft at priority -300 counted $got packets, want $want"
	done
}
fg_check "dropped packets never reach a later PRE_ROUTING hook, controls do (nft at -300)" check_nft

check_isolation() {
	local r edge bad
	# Check 8's malformed frames moved the edge's counters only.
	if [[ -v MB1[seen.packets] && -v MB0[seen.packets] ]]; then
		for r in dropped.packets dropped.reasons.malformed-ip \
			 dropped.reasons.malformed-l4 dropped.reasons.malformed-frag; do
			fg_expect MA1 MB1 "$r" -eq 0 "client, which sent the malformed packets"
			fg_expect MA0 MB0 "$r" -eq 0 "init namespace"
		done
	else
		fail "check 8 took no snapshots"
	fi
	# Loopback traffic is exempt, and nothing else reaches the bystander.
	n3 ping -c 3 -i 0.1 -w 30 127.0.0.1 >/dev/null || fail "ping 127.0.0.1 in the bystander"
	n3 ping -6 -c 3 -i 0.1 -w 30 ::1 >/dev/null || fail "ping ::1 in the bystander"
	if fg_snap S "$ns3"; then
		bad=$(fg_all_zero S) || fail "bystander namespace: counters moved: $bad"
	fi
	# The CLI's -n reads the named namespace, not its own.
	edge=$(fg_counter "$ns2" dropped.reasons.malformed-l4)
	r=$("$FG_CLI" -j -n "$ns2" stats | jq -r '.dropped.reasons."malformed-l4"')
	[[ $r == "$edge" && $edge -gt 0 ]] ||
		fail "floodgate -n $ns2 says malformed-l4=$r, the edge's is $edge"
}
fg_check "namespaces are isolated; loopback is not counted; -n NETNS reads that namespace" \
	check_isolation

fg_done
