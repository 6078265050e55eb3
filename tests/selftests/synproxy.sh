#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The SYN proxy with real clients, services and floods: a service on the
# edge itself and one behind it, IPv4 and IPv6, curl, iperf3 and hping3.
#
#   +------------------------+        +--------------------------+        +------------------------+
#   | $nsc: client           |        | $nse: edge (floodgate)   |        | $nss: server           |
#   |                  vc0   +--------+ ve0              ve1     +--------+ vs0                    |
#   | 192.0.2.1/24           |        | 192.0.2.2/24             |        | 198.51.100.2/24        |
#   | 2001:db8:1::1/64       |        | 2001:db8:1::2/64         |        | 2001:db8:2::2/64       |
#   | curl, iperf3 -c,       |        | 198.51.100.1/24          |        | http.server :80        |
#   | hping3 (floods)        |        | 2001:db8:2::1/64         |        | iperf3 -s :5201        |
#   |                        |        | http.server :80, :8080   |        |                        |
#   |                        |        | forwarding; default      |        |                        |
#   |                        |        | routes via the client    |        |                        |
#   +------------------------+        +--------------------------+        +------------------------+
#
# The edge's default routes point back at the client, so the SYN-ACKs it
# sends to a flood's random sources leave by ve0 and die in the client
# namespace (which does not forward). Bounds are generous and come from
# counters: the guest is emulated.
#
# Checks:
#  1. synproxy add 80 and 5201: list shows them engaged, mode on; the
#     CLI and the kernel refuse bad ports (backwards range, a 65th port)
#  2. IPv4, service on the edge: curl fetches 10 MB byte-exact; the port's
#     syn, cookies-sent, valid and handed-over counters moved
#  3. IPv6, service on the edge: the same
#  4. IPv4, forwarded to the server: curl 10 MB byte-exact, iperf3 runs
#  5. IPv6, forwarded: the same
#  6. the client's tcp_window_scaling, tcp_sack and tcp_timestamps, each
#     off in turn: the local and the forwarded download stay byte-exact
#  7. a server that answers the proxy with syncookies (tcp_syncookies=2, as
#     a listener whose queue overflowed does): the options it reads back
#     from the proxy's ACK survive, downloads stay fast and byte-exact
#  8. a spoofed SYN flood (hping3 --flood --rand-source) at port 80: every
#     SYN is answered with a cookie, conntrack holds no entry of a spoofed
#     source, the listener has no SYN-RECV from one, and the client's
#     downloads during the flood all complete
#  9. forged ACKs (bad cookies) and RSTs from random sources: dropped and
#     counted (invalid, noconn), no conntrack entry; but late segments of
#     a finished connection (conntrack TIME_WAIT) go on, uncounted
# 10. mode auto (threshold 20, hold 3) on port 8080: idle under a few
#     connections; a flood engages it (event, counter, list) before more
#     than a few dozen spoofed SYNs reach the listener, the client keeps
#     working; it disengages after the flood (event)
# 11. mss and wscale: by default the proxy offers the MTU's MSS (1460)
#     and this host's window scale (7); `mss 1200 wscale 5` offers those,
#     and a download still completes
# 12. the earlier stages come first: an allowlisted client reaches the
#     listener without the proxy; a blocklisted one and one over its
#     syn-pps budget get no SYN-ACK, and the proxy never sees their SYNs
# 13. a download the proxy handed over is under way when every port is
#     removed: status says conntrack is held for it, the download
#     completes byte-exact, and once it has ended conntrack is let go
#     (status off, nothing tracked in the namespace)
# 14. protecting a port again, then removing it with no connection open:
#     conntrack is let go at once; protecting again and unloading the
#     module leaves no conntrack hooks and (on a modular kernel) no user
#     of the nf_synproxy core

# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

fg_require curl hping3 iperf3 ss conntrack sha256sum

nsc=$(fg_netns_name client)
nse=$(fg_netns_name edge)
nss=$(fg_netns_name server)
nc() { fg_exec ip netns exec "$nsc" "$@"; }
ne() { fg_exec ip netns exec "$nse" "$@"; }
nsv() { fg_exec ip netns exec "$nss" "$@"; }
fge() { "$FG_CLI" -n "$nse" "$@"; }

EDGE4=192.0.2.2 EDGE6=2001:db8:1::2
SRV4=198.51.100.2 SRV6=2001:db8:2::2
CLI4=192.0.2.1 CLI6=2001:db8:1::1
SIZE=$((10 * 1024 * 1024))

fg_plan 14

# The nf_synproxy core's users before floodgate: on Debian's kernel a
# module whose reference count we can compare after the unload.
fg_load_deps
core_refs_before=$(cat /sys/module/nf_synproxy_core/refcnt 2>/dev/null || echo builtin)
fg_load || bail "cannot load $FG_MODDIR/floodgate.ko"

set -e
trap 'bail "setup failed at line $LINENO: $BASH_COMMAND"' ERR
for ns in "$nsc" "$nse" "$nss"; do
	fg_netns_add "$ns"
	ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.accept_dad=0 \
		net.ipv6.conf.default.accept_dad=0
done
ip -n "$nsc" link add vc0 type veth peer name ve0 netns "$nse"
ip -n "$nss" link add vs0 type veth peer name ve1 netns "$nse"
ip -n "$nsc" addr add "$CLI4/24" dev vc0
ip -n "$nsc" addr add "$CLI6/64" dev vc0 nodad
for a in 10 11 12; do ip -n "$nsc" addr add "192.0.2.$a/24" dev vc0; done
ip -n "$nse" addr add "$EDGE4/24" dev ve0
ip -n "$nse" addr add "$EDGE6/64" dev ve0 nodad
ip -n "$nse" addr add 198.51.100.1/24 dev ve1
ip -n "$nse" addr add 2001:db8:2::1/64 dev ve1 nodad
ip -n "$nss" addr add "$SRV4/24" dev vs0
ip -n "$nss" addr add "$SRV6/64" dev vs0 nodad
ip -n "$nsc" link set vc0 up
ip -n "$nse" link set ve0 up
ip -n "$nse" link set ve1 up
ip -n "$nss" link set vs0 up
ip -n "$nsc" route add 198.51.100.0/24 via "$EDGE4"
ip -n "$nsc" -6 route add 2001:db8:2::/64 via "$EDGE6"
ip -n "$nss" route add default via 198.51.100.1
ip -n "$nss" -6 route add default via 2001:db8:2::1
ip -n "$nse" route add default via "$CLI4"
ip -n "$nse" -6 route add default via "$CLI6"
ne sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
fg_wait 30 nc grep -qx up /sys/class/net/vc0/operstate
fg_wait 30 nsv grep -qx up /sys/class/net/vs0/operstate

mkdir -p "$fg_tmp/www"
head -c "$SIZE" /dev/urandom >"$fg_tmp/www/blob"
head -c $((1024 * 1024)) /dev/urandom >"$fg_tmp/www/small"
want=$(sha256sum <"$fg_tmp/www/blob" | cut -d' ' -f1)
want_small=$(sha256sum <"$fg_tmp/www/small" | cut -d' ' -f1)
# http.server binds one address: an IPv6 socket bound to :: takes both.
fg_bg ne "$PYTHON" -m http.server --bind :: --directory "$fg_tmp/www" 80 \
	>"$fg_tmp/http-edge.log" 2>&1
fg_bg ne "$PYTHON" -m http.server --bind :: --directory "$fg_tmp/www" 8080 \
	>"$fg_tmp/http-edge8080.log" 2>&1
fg_bg nsv "$PYTHON" -m http.server --bind :: --directory "$fg_tmp/www" 80 \
	>"$fg_tmp/http-server.log" 2>&1
fg_bg nsv iperf3 -s -p 5201 >"$fg_tmp/iperf3-server.log" 2>&1
fg_wait 120 fg_listening "$nse" 80 tcp
fg_wait 120 fg_listening "$nse" 8080 tcp
fg_wait 120 fg_listening "$nss" 80 tcp
fg_wait 120 fg_listening "$nss" 5201 tcp
trap - ERR
set +e

# --- helpers ------------------------------------------------------------------

# port_json PORT: the `synproxy list -j` object of tcp/PORT (any dst).
port_json() {
	fge -j synproxy list | jq -ec --argjson p "$1" \
		'.[] | select(.["port-min"] == $p and .dst == null)'
}

# pcount PORT FIELD: one counter of the port.
pcount() { port_json "$1" | jq -er --arg f "$2" '.[$f]'; }

# fetch URL [FILE]: download URL (from the client namespace) and compare
# it with FILE (default: the 10 MB blob). Calls fail with what went wrong.
fetch() {
	local url=$1 sum expect=$want out
	[[ ${2-} != small ]] || expect=$want_small
	out=$(nc curl -sS -g -m 120 -o "$fg_tmp/got" -w '%{http_code} %{size_download}' "$url" 2>&1)
	sum=$(sha256sum <"$fg_tmp/got" 2>/dev/null | cut -d' ' -f1)
	rm -f "$fg_tmp/got"
	[[ $sum == "$expect" ]] || {
		fail "curl $url: $out, sha256 ${sum:-none}, want $expect"
		return 1
	}
}

# counters_moved PORT BEFORE-JSON: syn, cookies-sent, valid and handed-over
# of the port grew since BEFORE.
counters_moved() {
	local now f
	now=$(port_json "$1") || { fail "tcp/$1 missing from synproxy list"; return; }
	for f in syn cookies-sent valid handed-over; do
		(($(jq -r ".[\"$f\"]" <<<"$now") > $(jq -r ".[\"$f\"]" <<<"$2"))) ||
			fail "tcp/$1: $f did not move: before $2, after $now"
	done
}

# iperf URL-HOST: a 2-second iperf3 run to the server through the edge.
iperf() {
	local out
	out=$(nc iperf3 -c "$1" -p 5201 -t 2 -J 2>&1)
	jq -e '.end.sum_received.bytes > 0' <<<"$out" >/dev/null ||
		fail "iperf3 to $1: $(jq -c '.error // .end.sum_received' <<<"$out" 2>/dev/null || echo "$out" | tail -3)"
}

# spoofed_ct: conntrack entries of the edge from anyone but the client.
spoofed_ct() {
	ne conntrack -L 2>/dev/null |
		grep -v -e "src=$CLI4 " -e "src=$CLI6 " -e "src=$SRV4 " -e "src=$SRV6 " -c
}

# spoofed_synrecv: the edge's sockets in SYN-RECV from anyone but the client.
spoofed_synrecv() {
	ne ss -Htn state syn-recv | grep -v -e "$CLI4:" -e "\[$CLI6\]:" -c
}

# wait_adopt: conntrack lets unknown connections through for 10 s after it
# is engaged (FG_SP_ADOPT_NS); checks about drops start after that.
wait_adopt() {
	local left=$((t_engaged + 12 - SECONDS))
	((left <= 0)) || sleep "$left"
}

# --- checks -------------------------------------------------------------------

check_add() {
	local out rc p
	out=$(fge synproxy add 80 2>&1) || { fail "synproxy add 80: $out"; return; }
	t_engaged=$SECONDS
	fge synproxy add 5201 >/dev/null || fail "synproxy add 5201 failed"
	out=$(fge -j synproxy list) || { fail "synproxy list failed"; return; }
	[[ $(jq length <<<"$out") == 2 ]] || fail "synproxy list: want 2 ports: $out"
	jq -e 'all(.[]; .engaged == true and .mode == "on" and .syn == 0)' <<<"$out" >/dev/null ||
		fail "ports not engaged in mode on, or counters not 0: $out"
	fge synproxy list | grep -q '^tcp/80 dst any mode on .* engaged ' ||
		fail "text list: $(fge synproxy list)"

	out=$(fge synproxy add 90-80 2>&1)
	rc=$?
	[[ $rc == 2 && $out == *90-80* ]] || fail "backwards range: exit $rc, '$out'"
	out=$(fge synproxy add 70000 2>&1)
	rc=$?
	[[ $rc == 2 && $out == *70000* ]] || fail "port 70000: exit $rc, '$out'"
	# 62 more fill the table to 64; the 65th is refused by the kernel.
	for p in $(seq 10001 10062); do
		fge synproxy add "$p" >/dev/null || { fail "synproxy add $p failed"; break; }
	done
	out=$(fge synproxy add 10063 2>&1)
	rc=$?
	[[ $rc == 1 && $out == *64* ]] || fail "65th port: exit $rc, '$out'"
	for p in $(seq 10001 10062); do
		fge synproxy del "$p" >/dev/null || { fail "synproxy del $p failed"; break; }
	done
	out=$(fge synproxy del 10063 2>&1)
	rc=$?
	[[ $rc == 1 ]] || fail "del of a port that is not there: exit $rc, '$out'"
	[[ $(fge -j synproxy list | jq length) == 2 ]] ||
		fail "after the 64-port round trip: $(fge -j synproxy list)"
}

check_local() {
	local before
	before=$(port_json 80) || { fail "tcp/80 missing"; return; }
	fetch "http://$1/blob" || return
	counters_moved 80 "$before"
}

check_forwarded() {
	local before
	before=$(port_json 80) || { fail "tcp/80 missing"; return; }
	fetch "http://$1/blob" || return
	counters_moved 80 "$before"
	before=$(port_json 5201)
	iperf "$2"
	counters_moved 5201 "$before"
}

check_sysctls() {
	local s
	for s in tcp_window_scaling tcp_sack tcp_timestamps; do
		nc sysctl -qw "net.ipv4.$s=0"
		diag "client $s=0"
		fetch "http://$EDGE4/blob"
		fetch "http://[$SRV6]/blob"
		nc sysctl -qw "net.ipv4.$s=1"
	done
}

check_cookie_server() {
	local i
	nsv sysctl -qw net.ipv4.tcp_syncookies=2
	fetch "http://$SRV4/blob"
	fetch "http://[$SRV6]/blob"
	# Each connection gets a cookie of its own: try a few.
	for i in 1 2 3 4; do
		nc curl -sS -g -m 20 -o /dev/null "http://$SRV4/small" ||
			fail "small download $i from a syncookie server failed"
	done
	nsv sysctl -qw net.ipv4.tcp_syncookies=1
}

check_flood() {
	local before after sent syn ok=0 bad=0 i ct sr
	before=$(port_json 80) || { fail "tcp/80 missing"; return; }
	fg_bg nc timeout 8 hping3 --flood --rand-source -S -p 80 -q "$EDGE4" \
		>"$fg_tmp/hping3.log" 2>&1
	local flood=$!
	sleep 1
	for i in 1 2 3; do
		if fetch "http://$EDGE4/small" small; then
			ok=$((ok + 1))
		else
			bad=$((bad + 1))
		fi
	done
	ct=$(spoofed_ct)
	sr=$(spoofed_synrecv)
	wait "$flood"
	after=$(port_json 80)
	sent=$(($(jq -r '.["cookies-sent"]' <<<"$after") - $(jq -r '.["cookies-sent"]' <<<"$before")))
	syn=$(($(jq -r .syn <<<"$after") - $(jq -r .syn <<<"$before")))
	diag "flood: $syn SYNs, $sent cookies sent; client: $ok downloads, $bad failed; conntrack entries of others $ct, SYN-RECV of others $sr"
	# hping3 is slow on the debug kernel: a hundred SYNs make a flood here.
	((syn >= 100)) || fail "only $syn SYNs reached the proxy during the flood"
	# hping3's random sources include martians (0/8, 127/8, 224/3: about
	# 14%), to which the stack has no route back and no cookie goes.
	((sent * 100 >= syn * 80)) || fail "$sent cookies sent for $syn SYNs"
	((ok == 3)) || fail "the client's downloads during the flood: $ok of 3"
	[[ $ct == 0 ]] || fail "conntrack holds $ct entries of spoofed sources: $(ne conntrack -L 2>&1 | head -5)"
	[[ $sr == 0 ]] || fail "the listener has $sr SYN-RECV sockets of spoofed sources"
	ct=$(spoofed_ct)
	[[ $ct == 0 ]] || fail "after the flood, conntrack holds $ct entries of spoofed sources"
}

check_forged() {
	local before after inv nc_ ct
	wait_adopt
	before=$(port_json 80) || { fail "tcp/80 missing"; return; }
	nc hping3 -A -p 80 --rand-source -c 300 -i u2000 -q "$EDGE4" >/dev/null 2>&1
	nc hping3 -R -p 80 --rand-source -c 100 -i u2000 -q "$EDGE4" >/dev/null 2>&1
	after=$(port_json 80)
	inv=$(($(jq -r .invalid <<<"$after") - $(jq -r .invalid <<<"$before")))
	nc_=$(($(jq -r .noconn <<<"$after") - $(jq -r .noconn <<<"$before")))
	diag "300 forged ACKs: $inv invalid; 100 RSTs: $nc_ noconn"
	((inv >= 290 && inv <= 300)) || fail "forged ACKs counted invalid: $inv of 300"
	((nc_ >= 90 && nc_ <= 100)) || fail "RSTs counted noconn: $nc_ of 100"
	(($(fg_counter "$nse" dropped.reasons.synproxy-invalid) >= inv)) ||
		fail "stats synproxy-invalid below the port's count"
	ct=$(spoofed_ct)
	[[ $ct == 0 ]] || fail "forged packets left $ct conntrack entries"
	# The client's own connection still works.
	fetch "http://$EDGE4/small" small
	check_late_segments
}

# ended PORT: the edge's conntrack holds the client's connection from PORT
# as finished (TIME_WAIT, or CLOSE).
ended() {
	ne conntrack -L -p tcp --orig-src "$CLI4" --sport "$1" 2>/dev/null |
		grep -q -E 'TIME_WAIT|CLOSE '
}

# The client's ACKs and FINs with the tuple of a connection that has just
# ended are late segments of it (an ACK of a retransmitted FIN), not
# forged cookies: they go on to the stack, uncounted.
check_late_segments() {
	local out before after d0 d1 lport=40080 f
	out=$(nc curl -sS -g -m 60 --local-port "$lport" -o /dev/null "http://$EDGE4/small" 2>&1) ||
		{ fail "curl from port $lport: $out"; return; }
	fg_wait 30 ended "$lport" ||
		{ fail "no finished conntrack entry for port $lport: $(ne conntrack -L -p tcp --sport "$lport" 2>&1)"; return; }
	before=$(port_json 80)
	d0=$(fg_counter "$nse" dropped.packets)
	nc hping3 -A -s "$lport" -k -p 80 -c 5 -i u20000 -q "$EDGE4" >/dev/null 2>&1
	nc hping3 -F -A -s "$lport" -k -p 80 -c 5 -i u20000 -q "$EDGE4" >/dev/null 2>&1
	after=$(port_json 80)
	d1=$(fg_counter "$nse" dropped.packets)
	for f in invalid noconn valid; do
		[[ $(jq -r ".$f" <<<"$after") == $(jq -r ".$f" <<<"$before") ]] ||
			fail "5 ACKs and 5 FINs of a finished connection moved $f by $(($(jq -r ".$f" <<<"$after") - $(jq -r ".$f" <<<"$before")))"
	done
	((d1 == d0)) || fail "floodgate dropped $((d1 - d0)) of a finished connection's 10 late segments"
}

check_auto() {
	local out rc ok=0 ct
	fg_bg ne "$FG_CLI" -j monitor >"$fg_tmp/monitor.log" 2>&1
	local mon=$!
	out=$(fge synproxy add 8080 mode auto threshold 20 hold 3 2>&1) ||
		{ fail "synproxy add 8080 mode auto: $out"; return; }
	fetch "http://$EDGE4:8080/small" small
	fetch "http://[$EDGE6]:8080/small" small
	sleep 2
	out=$(port_json 8080)
	jq -e '.engaged == false and .mode == "auto" and .threshold == 20 and .hold == 3' \
		<<<"$out" >/dev/null || fail "idle auto port: $out"

	fg_bg nc timeout 120 hping3 --flood --rand-source -S -p 8080 -q "$EDGE4" \
		>/dev/null 2>&1
	local flood=$!
	fg_wait 60 sh -c "'$FG_CLI' -n '$nse' -j synproxy list |
		jq -e '.[] | select(.[\"port-min\"] == 8080) | .engaged' >/dev/null" ||
		fail "the port did not engage within 60 s of the flood: $(port_json 8080)"
	# Engaged from the first second over the threshold (one CPU sees the
	# whole flood here): the SYNs that reached the listener before are a
	# few dozen, not a second's worth.
	ct=$(spoofed_ct)
	diag "conntrack entries of spoofed sources once engaged: $ct"
	((ct <= 100)) || fail "$ct conntrack entries of spoofed sources: the port engaged late"
	fetch "http://$EDGE4:8080/small" small && ok=1
	kill "$flood" 2>/dev/null
	wait "$flood"
	out=$(port_json 8080)
	diag "under the flood: $out"
	(($(jq -r '.["cookies-sent"]' <<<"$out") > 0)) || fail "no cookies sent on 8080"
	((ok == 1)) || fail "the client could not fetch during the flood"
	fg_wait 30 sh -c "'$FG_CLI' -n '$nse' -j synproxy list |
		jq -e '.[] | select(.[\"port-min\"] == 8080) | .engaged == false' >/dev/null" ||
		fail "the port did not disengage within 30 s: $(port_json 8080)"
	out=$(port_json 8080)
	jq -e '.engages == 1 and .disengages == 1' <<<"$out" >/dev/null ||
		fail "engages/disengages: $out"
	(($(fg_counter "$nse" synproxy-engaged) == 1 &&
		$(fg_counter "$nse" synproxy-disengaged) == 1)) ||
		fail "stats synproxy-engaged/-disengaged: $(fg_stats "$nse" | jq -c '{e: .["synproxy-engaged"], d: .["synproxy-disengaged"]}')"
	sleep 0.5
	kill "$mon" 2>/dev/null
	wait "$mon" 2>/dev/null
	rc=$(grep -c '"event":"synproxy-engaged".*"port-min":8080' "$fg_tmp/monitor.log")
	[[ $rc == 1 ]] || fail "monitor: $rc synproxy-engaged events: $(head -c 600 "$fg_tmp/monitor.log")"
	rc=$(grep -c '"event":"synproxy-disengaged".*"port-min":8080' "$fg_tmp/monitor.log")
	[[ $rc == 1 ]] || fail "monitor: $rc synproxy-disengaged events"
	fetch "http://$EDGE4:8080/small" small
}

# synack_opts URL: fetch URL from the client and set $opts to the options
# of the SYN-ACK it got, as tcpdump prints them.
synack_opts() {
	local cap=$fg_tmp/synack.txt dump
	rm -f "$cap"
	# Only the SYN-ACK to the client itself: the listener of the auto
	# port may still be retransmitting SYN-ACKs to a flood's sources.
	fg_bg nc timeout 60 tcpdump -l -c 1 -nni vc0 \
		"dst host $CLI4 and tcp src port 80 and tcp[tcpflags] & (tcp-syn|tcp-ack) == (tcp-syn|tcp-ack)" \
		>"$cap" 2>/dev/null
	dump=$!
	sleep 2
	fetch "$1" small
	wait "$dump"
	opts=$(sed -n 's/.*options \[\(.*\)\].*/\1/p' "$cap")
}

check_options() {
	local opts
	synack_opts "http://$EDGE4/small"
	diag "default SYN-ACK options: $opts"
	[[ $opts == *"mss 1460"* && $opts == *"wscale 7"* ]] ||
		fail "default SYN-ACK options '$opts', want mss 1460 and wscale 7"
	fge synproxy add 80 mss 1200 wscale 5 >/dev/null || fail "synproxy add 80 mss 1200 wscale 5 failed"
	port_json 80 | jq -e '.mss == 1200 and .wscale == 5' >/dev/null ||
		fail "list after mss/wscale: $(port_json 80)"
	synack_opts "http://$EDGE4/small"
	diag "with mss 1200 wscale 5: $opts"
	[[ $opts == *"mss 1200"* && $opts == *"wscale 5"* ]] ||
		fail "SYN-ACK options '$opts', want mss 1200 and wscale 5"
	fge synproxy add 80 >/dev/null || fail "synproxy add 80 (defaults again) failed"
	port_json 80 | jq -e '.mss == null and .wscale == null' >/dev/null ||
		fail "list after going back to the defaults: $(port_json 80)"
}

# fetch_from SRC: fetch the small file from the edge with source SRC;
# succeeds when the download did.
fetch_from() {
	nc curl -sS -m 4 --interface "$1" -o /dev/null "http://$EDGE4/small" 2>/dev/null
}

check_stages() {
	local before after d
	fge allow add 192.0.2.10 >/dev/null || fail "allow add failed"
	fge block add 192.0.2.11 >/dev/null || fail "block add failed"
	before=$(port_json 80)
	fetch_from 192.0.2.10 || fail "the allowlisted client's download failed"
	after=$(port_json 80)
	d=$(($(jq -r .syn <<<"$after") - $(jq -r .syn <<<"$before")))
	[[ $d == 0 ]] || fail "the proxy answered $d SYNs of the allowlisted client"

	before=$after
	! fetch_from 192.0.2.11 || fail "the blocklisted client's download worked"
	after=$(port_json 80)
	d=$(($(jq -r .syn <<<"$after") - $(jq -r .syn <<<"$before")))
	[[ $d == 0 ]] || fail "the proxy answered $d SYNs of the blocklisted client"

	fge limit set syn-pps 1 syn-burst 1 >/dev/null || fail "limit set syn-pps 1 failed"
	before=$(port_json 80)
	local rl0
	rl0=$(fg_counter "$nse" dropped.reasons.ratelimit-syn)
	nc hping3 -S -p 80 -a 192.0.2.12 -c 20 -i u20000 -q "$EDGE4" >/dev/null 2>&1
	after=$(port_json 80)
	d=$(($(jq -r .syn <<<"$after") - $(jq -r .syn <<<"$before")))
	local rl=$(($(fg_counter "$nse" dropped.reasons.ratelimit-syn) - rl0))
	diag "20 SYNs over a budget of 1/s: $rl dropped by the limiter, $d answered by the proxy"
	((rl >= 14 && d <= 6 && rl + d == 20)) ||
		fail "20 SYNs at syn-pps 1: $rl rate-limited, $d answered"

	fge limit set syn-pps 0 >/dev/null || fail "limit set syn-pps 0 failed"
	fge allow del 192.0.2.10 >/dev/null
	fge block del 192.0.2.11 >/dev/null
}

# A TCP connection from the client; sets $tracked to the conntrack entries
# it left (none without a connection: fetch fails the check).
track_fetch() {
	ip netns exec "$nse" conntrack -F >/dev/null 2>&1
	fetch "http://$EDGE4/small" small
	tracked=$(ip netns exec "$nse" conntrack -C 2>/dev/null)
}

# sp_ct: the SYN proxy's hold on conntrack in status, as JSON.
sp_ct() { fge -j status | jq -c '.synproxy'; }
sp_ct_is() { [[ $(sp_ct | jq -r '.conntrack') == "$1" ]]; }
slow_started() { (($(stat -c %s "$fg_tmp/slow" 2>/dev/null || echo 0) >= 1048576)); }

check_hold() {
	local p pid st sum out
	[[ $(sp_ct) == '{"conntrack":"engaged"}' ]] || fail "status with ports protected: $(sp_ct)"
	# A download at 1 MB/s: some 10 s, through port 80's proxy.
	rm -f "$fg_tmp/slow"
	nc "$PYTHON" "$FG_SELFTESTS/slow_get.py" "$EDGE4" 80 /blob "$fg_tmp/slow" 1000000 \
		>"$fg_tmp/slow.out" 2>&1 &
	pid=$!
	fg_wait 120 slow_started || fail "the slow download did not start: $(cat "$fg_tmp/slow.out")"
	for p in 80 5201 8080; do
		fge synproxy del "$p" >/dev/null || fail "synproxy del $p failed"
	done
	[[ $(fge -j synproxy list) == "[]" ]] || fail "list after del: $(fge -j synproxy list)"
	st=$(sp_ct)
	diag "status with the download under way and no port: $st"
	jq -e '.conntrack == "held" and .proxied >= 1' <<<"$st" >/dev/null ||
		fail "status after the last del with a proxied download open: $st, want held, proxied >= 1"
	wait "$pid" || fail "the download under way when the ports went failed: $(cat "$fg_tmp/slow.out")"
	out=$(cat "$fg_tmp/slow.out")
	sum=$(sha256sum <"$fg_tmp/slow" | cut -d' ' -f1)
	[[ $sum == "$want" ]] || fail "the download under way when the ports went: ${out:-no error}, sha256 $sum, want $want"
	# Counted every 10 s: off within a few checks of its end.
	fg_wait 60 sp_ct_is off || fail "status 60 s after the download ended: $(sp_ct), want off"
	track_fetch
	[[ $tracked == 0 ]] || fail "conntrack still tracks in the namespace after the hold: $tracked entries"
}

check_remove() {
	local p refs tracked
	# Whatever the last check left.
	for p in 80 5201 8080; do fge synproxy del "$p" >/dev/null 2>&1; done
	fge synproxy add 80 >/dev/null || fail "synproxy add 80 again failed"
	track_fetch
	[[ $tracked -ge 1 ]] || fail "conntrack does not track with a port protected: $tracked entries"
	fge synproxy del 80 >/dev/null || fail "synproxy del 80 failed"
	# Off at once, unless the last fetch had not quite closed (then at the
	# next check, 10 s later).
	fg_wait 15 sp_ct_is off || fail "status after del with no connection open: $(sp_ct), want off"
	track_fetch
	[[ $tracked == 0 ]] || fail "conntrack still tracks in the namespace after the last del: $tracked entries"

	fge synproxy add 80 >/dev/null || fail "synproxy add 80 again failed"
	track_fetch
	[[ $tracked -ge 1 ]] || fail "conntrack does not track with a port protected: $tracked entries"
	fg_unload || { fail "rmmod floodgate with a protected port failed"; return; }
	track_fetch
	[[ $tracked == 0 ]] || fail "conntrack still tracks after the unload: $tracked entries"
	if [[ $core_refs_before != builtin ]]; then
		refs=$(cat /sys/module/nf_synproxy_core/refcnt)
		[[ $refs == "$core_refs_before" ]] ||
			fail "nf_synproxy_core has $refs users after the unload, $core_refs_before before"
	fi
}

fg_check "synproxy add/list, and refusals" check_add
fg_check "IPv4 to a service on the edge: 10 MB byte-exact" check_local "$EDGE4"
fg_check "IPv6 to a service on the edge: 10 MB byte-exact" check_local "[$EDGE6]"
fg_check "IPv4 forwarded: curl 10 MB, iperf3" check_forwarded "$SRV4" "$SRV4"
fg_check "IPv6 forwarded: curl 10 MB, iperf3" check_forwarded "[$SRV6]" "$SRV6"
fg_check "client without wscale, sack, timestamps in turn" check_sysctls
fg_check "a server answering with syncookies keeps its options" check_cookie_server
fg_check "spoofed SYN flood: cookies, no state, the client keeps working" check_flood
fg_check "forged ACKs and RSTs are dropped and counted" check_forged
fg_check "mode auto engages under a flood and disengages after it" check_auto
fg_check "MSS and window scale: derived by default, or as set" check_options
fg_check "allowlist, blocklist and rate limits come before the proxy" check_stages
fg_check "a proxied download survives the removal of its port" check_hold
fg_check "del and unload leave no conntrack hooks or users" check_remove
fg_done
