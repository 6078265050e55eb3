#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The SYN proxy's rows of `make bench`, sourced by tests/bench/guest.sh,
# whose helpers (say, fail, row, inns, fg_counter) and state (round,
# batch, packets, cli, out, A_ROWS, B_ROWS) they use.
#
# A spoofed SYN flood to port 80 of 203.0.113.1, the address of the dummy
# device b0 of a namespace of its own per configuration, from random
# sources in 198.18.0.0/15, through the whole receive path (fg_bench
# path=rx: netif_receive_skb() on b0). The namespace's default route is
# b0, so every reply leaves by b0, whose transmit counts and frees it:
#
#   fg_bench --SYN--> b0 --> ip_rcv --> PRE_ROUTING --> route --> INPUT --> TCP
#                      ^                 (sp-fg)                 (sp-nft) (sp-ck,
#                      |                                                   sp-rst)
#                      +--tx_packets <-- SYN-ACK or RST <-- LOCAL_OUT <----+
#
#   sp-rst  nothing listens on port 80: the stack answers each SYN with a
#           RST, the cheapest answer it has. The baseline: ratio = the
#           row's replies a second / this row's, in the same round
#   sp-ck   a listener on port 80, net.ipv4.tcp_syncookies=2: the kernel
#           answers every SYN with a cookie SYN-ACK, no proxy
#   sp-nft  a listener, and nft's synproxy as its documentation sets it up
#           (notrack for SYNs at raw, synproxy at INPUT for invalid and
#           untracked packets, nf_conntrack_tcp_loose=0)
#   sp-fg   a listener, and `floodgate synproxy add 80 mode on` (phase B:
#           floodgate loaded)
#
# Each sample is checked: every SYN got a reply from b0 (fg_bench's tx);
# every SYN was counted by the configuration's own counter (TcpOutRsts,
# TcpExtSyncookiesSent, /proc/net/stat/synproxy's "SYN received",
# floodgate's synproxy-cookies-sent; the warm-up batch included); every
# SYN was dropped by floodgate once answered, and none by the receive
# path elsewhere; no SYN-RECV socket was left (ss); and floodgate left no
# conntrack entry (conntrack -C). nft's and the kernel's conntrack counts
# are reported, not checked.
#
# shellcheck disable=SC2154 # guest.sh's variables

SP_DST=203.0.113.1
SP_SRC=random:198.18.0.0/15
declare -A SP_DESC

# sp_mkns NS: a namespace with b0 (IPv6 off, so that b0 sends nothing of
# its own: router solicitations and MLD reports would be counted as
# replies), SP_DST on it and the default route through it.
sp_mkns() {
	ip netns add "$1" &&
		inns "$1" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
			net.ipv6.conf.default.disable_ipv6=1 &&
		ip -n "$1" link add b0 up type dummy &&
		ip -n "$1" addr add "$SP_DST/24" dev b0 &&
		ip -n "$1" route add default dev b0
}

# sp_listen NS: a listener on port 80 in NS, the service the proxy
# protects (it never accepts: no client completes a handshake here).
sp_listen() {
	local i
	inns "$1" socat TCP4-LISTEN:80,reuseaddr,backlog=1024 /dev/null </dev/null >/dev/null 2>&1 &
	for i in $(seq 50); do
		[ -n "$(inns "$1" ss -Hltn 'sport = :80')" ] && return 0
		sleep 0.1
	done
	fail "no listener on port 80 in $1 ($i tries)"
	return 1
}

# sp_counter ID: the configuration's own count of answered SYNs.
sp_counter() {
	local ns=$1
	case $1 in
	sp-rst) inns "$ns" nstat -asz TcpOutRsts | awk '$1 == "TcpOutRsts" { print $2 }' ;;
	sp-ck) inns "$ns" nstat -asz TcpExtSyncookiesSent | awk '$1 == "TcpExtSyncookiesSent" { print $2 }' ;;
	sp-nft)
		# A line per CPU, in hex; the second column is "SYN received".
		local n=0 syn
		while read -r _ syn _; do
			n=$((n + 16#$syn))
		done < <(inns "$ns" tail -n +2 /proc/net/stat/synproxy)
		echo "$n"
		;;
	sp-fg) fg_counter "$ns" synproxy-cookies-sent ;;
	esac
}

# sp_conntrack NS: conntrack's entries in NS (0 if conntrack is not
# loaded at all).
sp_conntrack() {
	if [ -e /proc/sys/net/netfilter/nf_conntrack_count ]; then
		inns "$1" conntrack -C 2>/dev/null || echo -1
	else
		echo 0
	fi
}

sp_rows() {
	row sp-rst synproxy syn reply 0 "closed port 80: the stack's RSTs (baseline)"
	row sp-ck synproxy syn reply 0 "tcp_syncookies=2, listener on 80, no proxy"
	row sp-nft synproxy syn reply 0 "nft synproxy (INPUT), as documented"
	row sp-fg synproxy syn reply 0 "floodgate synproxy add 80 mode on (PRE_ROUTING)"
	A_ROWS+=(sp-rst sp-ck sp-nft)
	B_ROWS+=(sp-fg)
}

sp_setup() {
	local ns
	for ns in sp-rst sp-ck sp-nft sp-fg; do
		sp_mkns "$ns" || { fail "cannot make namespace $ns"; return 1; }
	done
	for ns in sp-ck sp-nft sp-fg; do
		sp_listen "$ns" || return 1
	done
	inns sp-ck sysctl -qw net.ipv4.tcp_syncookies=2 || fail "tcp_syncookies=2 in sp-ck"
	# The nftables wiki's synproxy recipe (and nft(8)'s SYNPROXY
	# statement): SYNs untracked at raw priority, then synproxy for
	# untracked and invalid packets at INPUT; conntrack must not pick up
	# the client's ACK as a connection (tcp_loose). The sysctl exists once
	# the table has loaded nf_conntrack.
	inns sp-nft nft -f - <<-EOF || fail "nft synproxy table in sp-nft"
		table ip fgsp {
			chain pre {
				type filter hook prerouting priority raw; policy accept;
				tcp dport 80 tcp flags syn notrack
			}
			chain in {
				type filter hook input priority filter; policy accept;
				tcp dport 80 ct state invalid,untracked synproxy mss 1460 wscale 7 timestamp sack-perm
				ct state invalid drop
			}
		}
	EOF
	inns sp-nft sysctl -qw net.netfilter.nf_conntrack_tcp_loose=0 ||
		fail "nf_conntrack_tcp_loose=0 in sp-nft"
	SP_DESC[sp-rst]="RSTs (TcpOutRsts)"
	SP_DESC[sp-ck]="cookie SYN-ACKs (TcpExtSyncookiesSent)"
	SP_DESC[sp-nft]="SYNs answered (synproxy's SYN received)"
	SP_DESC[sp-fg]="cookies sent (floodgate's synproxy-cookies-sent)"
	return 0
}

# sp_measure ID: one sample of a SYN row, in the namespace of that name.
sp_measure() {
	local id=$1 ns=$1 res v c0 c1 ct rcv sps
	local -A kv=()
	c0=$(sp_counter "$ns")
	if ! inns "$ns" sh -c "echo 'dev=b0 path=rx proto=tcp src=$SP_SRC dst=$SP_DST packets=$packets batch=$batch seed=$round' >$ctl"; then
		fail "$id: fg_bench refused the SYN flood ($(dmesg | grep fg_bench | tail -n 1))"
		return
	fi
	res=$(cat "$ctl")
	for v in $res; do kv[${v%%=*}]=${v#*=}; done
	if [ "${kv[packets]:-0}" != "$packets" ] || [ "${kv[ns]:-0}" = 0 ]; then
		fail "$id: $res"
		return
	fi
	c1=$(sp_counter "$ns")
	ct=$(sp_conntrack "$ns")
	rcv=$(inns "$ns" ss -Htn state syn-recv | wc -l)
	# floodgate drops the SYNs it answered (at PRE_ROUTING, so that
	# nothing after it sees them): netif_receive_skb() says NET_RX_DROP.
	# Everywhere else the SYN is delivered or stolen: NET_RX_SUCCESS.
	if [ "$id" = sp-fg ]; then
		[ "${kv[dropped]}" = "$packets" ] ||
			fail "$id: floodgate let $((packets - kv[dropped])) SYNs go on: $res"
	elif [ "${kv[accepted]}" != "$packets" ]; then
		fail "$id: the receive path refused $((packets - kv[accepted])) SYNs: $res"
	fi
	[ "${kv[tx]}" = "$packets" ] ||
		fail "$id: b0 sent ${kv[tx]} replies to $packets SYNs: $res"
	# The warm-up batch is counted too.
	[ $((c1 - c0)) = $((packets + batch)) ] ||
		fail "$id: ${SP_DESC[$id]} grew by $((c1 - c0)), expected $((packets + batch))"
	[ "$rcv" = 0 ] || fail "$id: $rcv SYN-RECV sockets after the flood"
	[ "$id" != sp-fg ] || [ "$ct" = 0 ] || fail "$id: $ct conntrack entries after the flood"
	sps=$((kv[tx] * 1000000000 / kv[ns]))
	echo "$round,$id,syn,$sps,${kv[ns_per_pkt_med]},${kv[pps_med]},$packets,${kv[tx]},$ct,$rcv" >>"$samples"
	say "round $round $id: $sps replies/s (counted over ${kv[ns]} ns), ${kv[ns_per_pkt_med]} ns/SYN (median batch), conntrack $ct, SYN-RECV $rcv"
}

# sp_fg: floodgate's row (phase B, floodgate just loaded): protect the
# port, then measure.
sp_fg() {
	"$cli" -n sp-fg synproxy add 80 mode on >/dev/null ||
		{ fail "floodgate synproxy add 80 in sp-fg"; return; }
	sp_measure sp-fg
}
