#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Per-source rate limits under real traffic: budgets, SYN budgets,
# per-destination overrides, top talkers, refused values, automatic
# blocking and its events. (The spoofed flood is ratelimit_spoof.sh.)
#
#   +--------------------------------+              +--------------------------------+
#   | $ns1: clients                  |              | $ns2: edge (the limits)        |
#   |                          veth1 +--------------+ veth2                          |
#   |   192.0.2.1/24                 |              |   192.0.2.2/24                 |
#   |   sources, each a /32:         |              |   rl_udp.py sink: UDP 7000,    |
#   |     198.51.100.10  flooder     |              |     53, 54; logs "PEER PORT"   |
#   |     198.51.100.11  bystander   |              |   http.server: TCP 8080        |
#   |     198.51.100.20  SYN burst   |              |   floodgate -j monitor         |
#   |     198.51.100.21  curl        |              |   routes 198.51.100.0/24       |
#   |     198.51.100.30-31 UDP 53/54 |              |     via 192.0.2.1              |
#   |     198.51.100.40  auto-block  |              |                                |
#   |   rl_udp.py send, hping3, curl |              |                                |
#   +--------------------------------+              +--------------------------------+
#
# Every source has its own address, so every check starts with fresh keys
# (a fresh key starts with a full bucket). Neighbours are static and DAD is
# off. Bounds are generous: the guest is emulated, so a check measures how
# long its sender took (D) and never asserts on speed itself.
#
# Checks:
#  1. before any limit: limit show has the default policy, unlimited; the
#     key table (status 'limit') holds nothing and takes no memory
#  2. pps 100 burst 100: a source sending 3000 datagrams as fast as it can
#     gets burst + pps*D through, give or take: the sink's count, and
#     dropped.reasons.ratelimit holds the rest
#  3. meanwhile a second source at 20 pps is unaffected: all of it arrives
#  4. limit top lists the flooder first, with exactly its drops and passes;
#     the second source, which lost nothing, is not listed
#  5. syn-pps 5 syn-burst 5: a 4 MB download over one connection completes
#     with no rate-limit drop; then 50 SYNs at once (hping3, sequential
#     source ports) lose all but about syn-burst + syn-pps*D to
#     ratelimit-syn, and only the others are answered
#  6. an override, proto udp port 53 pps 10 burst 10, holds UDP/53 to its
#     budget while UDP/54 from the same source passes under the default;
#     limit show lists it; limit del puts UDP/53 back under the default
#  7. the CLI refuses out-of-range values with exit 2 and changes nothing
#  8. the kernel refuses them too when sent directly (rl_probe.py): burst 0
#     with pps, v4-prefix 33, a backwards port range...; errno, extack,
#     and LIMIT_GET unchanged
#  9. auto-block (block-after 50 block-window 5 block-time 10): a flooding
#     source lands in block list with origin auto; monitor shows the
#     autoblock event, then the expired event; the entry goes;
#     stats autoblocks moved by 1
# 10. setting every rate to 0 frees the key table (the memory left is the
#     policies') and lets a flood through whole

# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

fg_require curl hping3 ss

ns1=$(fg_netns_name client)
ns2=$(fg_netns_name edge)
n1() { fg_exec ip netns exec "$ns1" "$@"; }
n2() { fg_exec ip netns exec "$ns2" "$@"; }
ip1() { ip -n "$ns1" "$@"; }
ip2() { ip -n "$ns2" "$@"; }
# The CLI acting on the edge.
fge() { "$FG_CLI" -n "$ns2" "$@"; }

EDGE=192.0.2.2
FLOODER=198.51.100.10
SECOND=198.51.100.11
SYNSRC=198.51.100.20
CURLSRC=198.51.100.21
DNSSRC=198.51.100.30
DNSSRC2=198.51.100.31
AUTOSRC=198.51.100.40
SOURCES=("$FLOODER" "$SECOND" "$SYNSRC" "$CURLSRC" "$DNSSRC" "$DNSSRC2" "$AUTOSRC")
UDP_PORT=7000
HTTP_PORT=8080

fg_plan 10

fg_load || bail "cannot load $FG_MODDIR/floodgate.ko"

set -e
trap 'bail "setup failed at line $LINENO: $BASH_COMMAND"' ERR
fg_netns_add "$ns1"
fg_netns_add "$ns2"
# No IPv6 on the link: no MLD or router solicitations to count around.
fg_veth_link "$ns1" "$ns2" v4
for a in "${SOURCES[@]}"; do ip1 addr add "$a/32" dev veth1; done
ip2 route add 198.51.100.0/24 via 192.0.2.1 dev veth2

touch "$fg_tmp/sink.log"
fg_bg n2 "$PYTHON" "$FG_SELFTESTS/rl_udp.py" sink "$fg_tmp/sink.log" "$UDP_PORT" 53 54 \
	2>"$fg_tmp/sink.err"
mkdir -p "$fg_tmp/www"
head -c $((4 * 1024 * 1024)) /dev/urandom >"$fg_tmp/www/blob"
fg_bg n2 "$PYTHON" -m http.server --bind "$EDGE" --directory "$fg_tmp/www" "$HTTP_PORT" \
	>"$fg_tmp/http.log" 2>&1
fg_wait 120 fg_listening "$ns2" "$UDP_PORT" udp
fg_wait 60 fg_listening "$ns2" 54 udp
fg_wait 120 fg_listening "$ns2" "$HTTP_PORT" tcp
trap - ERR
set +e

# --- helpers ------------------------------------------------------------------
# send SRC PORTS COUNT RATE [nice]: rl_udp.py from the client to the edge
# (under nice 10 with "nice"). Sets s_sent and s_secs (time from the first
# datagram to the last).
send() {
	local out pre=()
	[[ ${5-} != nice ]] || pre=(nice -n 10)
	out=$(n1 "${pre[@]}" "$PYTHON" "$FG_SELFTESTS/rl_udp.py" send "$1" "$EDGE" "$2" "$3" "$4" 2>&1)
	read -r s_sent s_secs <<<"$out"
	[[ $s_sent =~ ^[0-9]+$ && $s_secs =~ ^[0-9.]+$ ]] || {
		fail "rl_udp.py send from $1: $out"
		s_sent=0 s_secs=0
	}
}

# budget_max BURST RATE SECONDS: the most a fresh key may pass in SECONDS
# of flooding: the burst, and the rate over SECONDS with 50% to spare for
# a coarse clock and an emulated machine, plus 5.
budget_max() { fg_calc "$1 + $2 * $3 * 1.5 + 5"; }
# budget_min BURST RATE SECONDS: the least: the burst (a fresh key's bucket
# is full) and half of what the rate brings in SECONDS, less 5.
budget_min() { fg_calc "$1 + $2 * $3 * 0.5 - 5"; }

ratelimit() { fg_counter "$ns2" "dropped.reasons.ratelimit"; }
link_stat() { fg_link_stat "$1" "$2" "$3"; }

# lstatus FIELD: a field of the edge's key table in `floodgate -j status`.
lstatus() { fg_status "$ns2" limit "$1"; }

# policies: `limit show -j` of the edge, compact.
policies() { fge -j limit show | jq -c .; }

# top_json [N]: `limit top -j` of the edge.
top_json() { fge -j limit top "$@"; }

# talker JSON: "SOURCE POLICY PASSED DROPPED" of a talker object (a /32
# source is printed without /32).
talker() {
	jq -r '"\(.source) \(.policy) \(.passed) \(.dropped)"' <<<"$1"
}

# no_limits: every rate of the default policy 0 and auto-block off (the
# checks delete the overrides they make): the limiter forgets every key.
no_limits() {
	fge limit set pps 0 syn-pps 0 bps 0 block-after 0 >/dev/null ||
		fail "limit set pps 0 syn-pps 0 bps 0 block-after 0 failed"
}

# --- checks -------------------------------------------------------------------

check_fresh() {
	local d n out
	out=$(fge -j limit show 2>&1) || { fail "limit show: $out"; return; }
	n=$(jq length <<<"$out")
	[[ $n == 1 ]] || fail "limit show on a fresh namespace lists $n policies, want the default only: $out"
	d=$(jq -c '.[0]' <<<"$out")
	[[ $(jq -r '[.pps // 0, .["syn-pps"] // 0, .bps // 0, .["block-after"] // 0] | add' <<<"$d") == 0 ]] ||
		fail "the default policy is not unlimited: $d"
	[[ $(jq -r '.proto // "none"' <<<"$d") == none ]] || fail "the default policy has a protocol: $d"
	fge limit show >/dev/null || fail "limit show (text) failed"
	[[ $(lstatus entries) == 0 ]] || fail "status: limit entries $(lstatus entries), want 0"
	[[ $(lstatus memory) == 0 ]] ||
		fail "status: limit memory $(lstatus memory) before any limit, want 0 (allocated with the first limit)"
	[[ $(lstatus capacity) -ge 4096 ]] || fail "status: limit capacity $(lstatus capacity), want >= 4096"
	[[ -z $(fge -j limit top | jq -r '.[]') ]] || fail "limit top on a fresh namespace: $(fge -j limit top)"
}
fg_check "before any limit: the default policy is unlimited, the key table empty and unallocated" \
	check_fresh

# Check 2's flood, with check 3's second source beside it.
check_flood() {
	local out pid burst=100 pps=100 lo hi rl rx0 rx1 txd0 txd1 lost passed
	out=$(fge limit set pps "$pps" burst "$burst" 2>&1) || { fail "limit set pps $pps burst $burst: $out"; return; }
	[[ $(lstatus memory) -gt 0 ]] || fail "status: limit memory $(lstatus memory) after the first limit, want > 0"
	# The link's counter first: the window it counts holds floodgate's.
	rx0=$(link_stat "$ns2" veth2 rx.packets)
	fg_snap A "$ns2" || return
	txd0=$(link_stat "$ns1" veth1 tx.dropped)
	# The second source: 40 datagrams at 20 pps, for about the flood's time.
	n1 "$PYTHON" "$FG_SELFTESTS/rl_udp.py" send "$SECOND" "$EDGE" "$UDP_PORT" 40 20 \
		>"$fg_tmp/second.out" 2>&1 &
	pid=$!
	send "$FLOODER" "$UDP_PORT" 3000 0
	f_sent=$s_sent f_secs=$s_secs
	wait "$pid"
	read -r sec_sent _ <"$fg_tmp/second.out"
	fg_wait 30 fg_sink_settled "$FLOODER" "$UDP_PORT"
	fg_wait 30 fg_sink_settled "$SECOND" "$UDP_PORT"
	fg_snap B "$ns2" || return
	rx1=$(link_stat "$ns2" veth2 rx.packets)
	txd1=$(link_stat "$ns1" veth1 tx.dropped)
	lost=$((txd1 - txd0))
	passed=$(fg_sink_count "$FLOODER" "$UDP_PORT")
	rl=$(fg_delta A B dropped.reasons.ratelimit)
	f_passed=$passed f_dropped=$rl
	diag "flooder: sent $f_sent in ${f_secs}s, the sink got $passed, ratelimit dropped $rl; veth lost $lost; veth2 got $((rx1 - rx0)) frames"
	[[ $f_sent == 3000 ]] || fail "the flooder sent $f_sent of 3000 datagrams"
	lo=$(budget_min "$burst" "$pps" "$f_secs") hi=$(budget_max "$burst" "$pps" "$f_secs")
	fg_between "$passed" "$lo" "$hi" "datagrams through a pps $pps burst $burst budget in ${f_secs}s"
	# Every datagram floodgate saw was passed (the sink got it) or dropped
	# for the rate limit, and nothing else was dropped.
	[[ $((passed + rl)) -le $f_sent && $((passed + rl)) -ge $((f_sent - lost)) ]] ||
		fail "passed $passed + ratelimit $rl = $((passed + rl)), want $((f_sent - lost))..$f_sent (sent $f_sent, veth lost $lost)"
	fg_expect A B dropped.packets -eq "$rl" "edge: drops other than ratelimit"
	fg_expect A B dropped.reasons.ratelimit-syn -eq 0 "edge"
	fg_expect A B dropped.reasons.ratelimit-bytes -eq 0 "edge"
	fg_expect A B seen.packets -le $((rx1 - rx0)) "edge (veth2 received $((rx1 - rx0)) frames)"
	fg_expect A B seen.packets -ge $((passed + rl)) "edge"
	sec_got=$(fg_sink_count "$SECOND" "$UDP_PORT")
}
fg_check "pps 100 burst 100: a flood of 3000 datagrams gets about burst + pps*D through" check_flood

check_second() {
	[[ ${sec_sent-} =~ ^[0-9]+$ ]] || { fail "the second source did not run: $(cat "$fg_tmp/second.out")"; return; }
	diag "second source: sent $sec_sent at 20 pps, the sink got $sec_got"
	[[ $sec_sent == 40 ]] || fail "the second source sent $sec_sent of 40 datagrams"
	[[ $sec_got == "$sec_sent" ]] ||
		fail "the second source, within its budget, got $sec_got of $sec_sent datagrams through during the flood"
}
fg_check "meanwhile a second source at 20 pps is unaffected: all of it arrives" check_second

check_top() {
	local out first n addr pol p d
	out=$(top_json 2>&1) || { fail "limit top: $out"; return; }
	n=$(jq length <<<"$out")
	[[ $n == 1 ]] || fail "limit top lists $n sources, want 1 (the flooder; the others lost nothing): $out"
	first=$(jq -c '.[0]' <<<"$out")
	read -r addr pol p d <<<"$(talker "$first")"
	[[ $addr == "$FLOODER" ]] || fail "limit top's first is '$addr', want $FLOODER: $out"
	[[ $pol == default ]] || fail "limit top: $addr's policy is '$pol', want default"
	[[ $(jq -r .tokens <<<"$first") =~ ^[0-9]+$ ]] || fail "limit top: no tokens for a pps policy: $first"
	[[ $d == "${f_dropped-}" ]] || fail "limit top: $addr dropped $d, stats counted ${f_dropped-?} ratelimit drops"
	[[ $p == "${f_passed-}" ]] || fail "limit top: $addr passed $p, the sink got ${f_passed-?}"
	jq -e --arg s "$SECOND" 'all(.[]; .source != $s)' <<<"$out" >/dev/null ||
		fail "limit top lists the second source, which lost nothing: $out"
	out=$(top_json 1 2>&1) || fail "limit top 1: $out"
	[[ $(jq length <<<"$out") == 1 ]] || fail "limit top 1: $out"
	out=$(fge limit top 2>&1) || fail "limit top (text): $out"
	grep -q "$FLOODER" <<<"$out" || fail "limit top (text) does not name $FLOODER: $out"
	diag "limit top: $(head -3 <<<"$out" | tr '\n' '|')"
}
fg_check "limit top lists the flooder first with its drops and passes, and only it" check_top

check_syn() {
	local out t0 secs syn rl_d drops lo hi tx0 tx1 answered r n=50
	no_limits
	out=$(fge limit set syn-pps 5 syn-burst 5 2>&1) || { fail "limit set syn-pps 5 syn-burst 5: $out"; return; }
	# One established connection: a 4 MB download, far more than 5
	# packets from the client, none of them a SYN but the first.
	fg_snap A "$ns2" || return
	rm -f "$fg_tmp/got"
	out=$(n1 curl -sS --noproxy '*' --interface "$CURLSRC" --max-time 300 \
		-o "$fg_tmp/got" "http://$EDGE:$HTTP_PORT/blob" 2>&1) || fail "curl: $out"
	cmp -s "$fg_tmp/got" "$fg_tmp/www/blob" || fail "the download arrived incomplete or damaged"
	fg_snap B "$ns2" || return
	diag "download: the edge saw $(fg_delta A B seen.packets) packets from the client"
	for r in ratelimit ratelimit-syn ratelimit-bytes; do
		fg_expect A B "dropped.reasons.$r" -eq 0 "edge, during the download"
	done
	fg_expect A B dropped.packets -eq 0 "edge, during the download"
	fg_expect A B seen.packets -ge 20 "edge, during the download (the SYN budget is 5)"
	# 50 SYNs from sequential source ports, 2 ms apart. hping3 waits a
	# second for answers after the last: D is at most the time it ran.
	fg_snap A "$ns2" || return
	tx0=$(link_stat "$ns2" veth2 tx.packets)
	t0=$EPOCHREALTIME
	out=$(n1 hping3 -q -n -S -p "$HTTP_PORT" -s 20000 -a "$SYNSRC" -c "$n" -i u2000 "$EDGE" 2>&1)
	secs=$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.3f", b - a }')
	grep -q "$n packets transmitted" <<<"$out" || { fail "hping3: $out"; return; }
	sleep 1
	fg_snap B "$ns2" || return
	tx1=$(link_stat "$ns2" veth2 tx.packets)
	syn=$(fg_delta A B dropped.reasons.ratelimit-syn)
	rl_d=$(fg_delta A B dropped.reasons.ratelimit)
	answered=$((tx1 - tx0))
	diag "SYN burst: $n SYNs in at most ${secs}s, ratelimit-syn dropped $syn, the edge answered $answered"
	lo=$((n - $(budget_max 5 5 "$secs"))) hi=$((n - 5))
	fg_between "$syn" "$lo" "$hi" "SYNs dropped by syn-pps 5 syn-burst 5 out of $n"
	[[ $rl_d == 0 ]] || fail "ratelimit (pps, unlimited here) dropped $rl_d"
	# Each SYN let through got its SYN-ACK, and nothing else went out.
	[[ $answered == $((n - syn)) ]] ||
		fail "the edge sent $answered packets, want a SYN-ACK for each of the $((n - syn)) SYNs let through"
	# The established connection is not charged for SYNs: after the burst
	# a second download still completes without a drop.
	fg_snap A "$ns2" || return
	out=$(n1 curl -sS --noproxy '*' --interface "$CURLSRC" --max-time 300 \
		-o /dev/null -w '%{size_download}' "http://$EDGE:$HTTP_PORT/blob" 2>&1)
	[[ $out == $((4 * 1024 * 1024)) ]] || fail "second download: $out"
	fg_snap B "$ns2" || return
	drops=$(fg_delta A B dropped.packets)
	[[ $drops == 0 ]] || fail "the second download lost $drops packets to floodgate"
}
fg_check "syn-pps 5 syn-burst 5: SYNs over budget dropped (ratelimit-syn), a connection's data never" \
	check_syn

check_override() {
	local out lo hi p53 p54 rl n=60 o
	no_limits
	out=$(fge limit set pps 100 burst 100 2>&1) || { fail "limit set pps 100 burst 100: $out"; return; }
	out=$(fge limit set proto udp port 53 pps 10 burst 10 2>&1) ||
		{ fail "limit set proto udp port 53 pps 10 burst 10: $out"; return; }
	out=$(policies)
	o=$(jq -c '[.[] | select(.proto == "udp")]' <<<"$out")
	[[ $(jq length <<<"$out") == 2 && $(jq length <<<"$o") == 1 ]] ||
		fail "limit show: want the default and one udp override: $out"
	[[ $(jq -r '.[0] | "\(.["port-min"]) \(.["port-max"]) \(.pps) \(.burst)"' <<<"$o") == "53 53 10 10" ]] ||
		fail "limit show: the override is $o, want port 53 pps 10 burst 10"
	[[ $(jq -r '.[0] | "\(.pps) \(.burst)"' <<<"$out") == "100 100" ]] ||
		fail "limit show: the default is $(jq -c '.[0]' <<<"$out"), want pps 100 burst 100"
	fge limit show | grep -q '^udp port 53 pps 10 burst 10 ' ||
		fail "limit show (text) does not show 'udp port 53 pps 10 burst 10': $(fge limit show)"
	# 2n datagrams as fast as possible, alternating between 53 and 54: n
	# each, n < the default's burst.
	fg_snap A "$ns2" || return
	send "$DNSSRC" 53,54 $((2 * n)) 0
	fg_wait 30 fg_sink_settled "$DNSSRC" 53
	fg_wait 30 fg_sink_settled "$DNSSRC" 54
	fg_snap B "$ns2" || return
	p53=$(fg_sink_count "$DNSSRC" 53) p54=$(fg_sink_count "$DNSSRC" 54)
	rl=$(fg_delta A B dropped.reasons.ratelimit)
	diag "sent $s_sent in ${s_secs}s: UDP/53 got $p53, UDP/54 got $p54, ratelimit dropped $rl"
	lo=$(budget_min 10 10 "$s_secs") hi=$(budget_max 10 10 "$s_secs")
	fg_between "$p53" "$lo" "$hi" "UDP/53 datagrams through pps 10 burst 10 in ${s_secs}s"
	[[ $p54 == "$n" ]] || fail "UDP/54 (the default's pps 100 burst 100) got $p54 of $n"
	[[ $rl == $((n - p53)) ]] || fail "ratelimit dropped $rl, want the $((n - p53)) UDP/53 datagrams not let through"
	# Without the override, UDP/53 falls under the default.
	out=$(fge limit del proto udp port 53 2>&1) || fail "limit del proto udp port 53: $out"
	[[ $(policies | jq length) == 1 ]] || fail "limit show after del: $(policies)"
	out=$(fge limit del proto udp port 53 2>&1)
	[[ $? == 1 ]] || fail "a second limit del proto udp port 53: exit $?, want 1 ($out)"
	send "$DNSSRC2" 53 "$n" 0
	fg_wait 30 fg_sink_settled "$DNSSRC2" 53
	[[ $(fg_sink_count "$DNSSRC2" 53) == "$n" ]] ||
		fail "after limit del, UDP/53 under the default got $(fg_sink_count "$DNSSRC2" 53) of $n"
}
fg_check "override udp port 53 pps 10 burst 10 holds UDP/53, UDP/54 passes under the default" \
	check_override

# Each line: arguments that are out of range, or do not parse.
BAD_CLI=(
	"limit set pps 10 burst 0"
	"limit set syn-pps 10 syn-burst 0"
	"limit set bps 1000 bytes-burst 0"
	"limit set v4-prefix 33"
	"limit set v4-prefix 0"
	"limit set v6-prefix 129"
	"limit set proto udp port 60-50"
	"limit set proto udp port 0 pps 1"
	"limit set proto udp port 65536 pps 1"
	"limit set proto icmp port 53 pps 1"
	"limit set proto sctp pps 1"
	"limit set pps 1000000000001"
	"limit set pps -1"
	"limit set pps ten"
	"limit set block-window 0"
	"limit set block-window 86401"
	"limit set block-time 0"
	"limit set block-time 2147484"
	"limit set block-after -1"
	"limit set"
	"limit set max 0"
	"limit set max 16777217"
	"limit del"
	"limit del pps 10"
	"limit top 0"
	"limit top 1001"
)

check_cli_refuses() {
	local before args out rc
	before=$(policies)
	for args in "${BAD_CLI[@]}"; do
		# shellcheck disable=SC2086 # words on purpose
		out=$(fge $args 2>&1)
		rc=$?
		[[ $rc == 2 ]] || fail "floodgate $args: exit $rc, want 2 ($out)"
		[[ -n $out ]] || fail "floodgate $args: exit $rc without a message"
	done
	[[ $(policies) == "$before" ]] || fail "the policies changed: $before -> $(policies)"
	[[ $(lstatus capacity) -ge 4096 ]] || fail "the key table's capacity changed: $(lstatus capacity)"
}
fg_check "the CLI refuses out-of-range values with exit 2, changing nothing" check_cli_refuses

# Requests the kernel must refuse, as rl_probe.py arguments: values the
# uapi header puts out of range, selectors it does not allow. It answers
# EINVAL or ERANGE ("refused with -EINVAL (or -ERANGE) and an extended ACK
# message"), or what follows the colon.
BAD_NL=(
	"set pps=10 burst=0"
	"set syn-pps=10 syn-burst=0"
	"set bps=1000 bytes-burst=0"
	"set v4-prefix=33"
	"set v4-prefix=0"
	"set v6-prefix=129"
	"set v6-prefix=0"
	"set proto=17 port-min=60 port-max=50"
	"set proto=17 port-min=0"
	"set proto=17 port-max=0"
	"set proto=1 port-min=53"
	"set proto=132"
	"set port-min=53"
	"set pps=1000000000001"
	"set pps=1 burst=3601"
	"set block-window=0"
	"set block-window=86401"
	"set block-time=0"
	"set block-time=2147484"
	"del"
	"del proto=17 port-min=5353 port-max=5353:ENOENT"
	"top 0"
	"top 1001"
	"config limit-capacity=0"
	"config limit-capacity=16777217"
)

# probe_batch: rl_probe.py in the edge, requests on stdin, one JSON line
# each on stdout.
probe_batch() { n2 "$PYTHON" "$FG_SELFTESTS/rl_probe.py" -; }

check_kernel_refuses() {
	local out e req want i err msg before after
	out=$({
		echo get
		for e in "${BAD_NL[@]}"; do echo "${e%%:*}"; done
		echo get
	} | probe_batch)
	[[ $(wc -l <<<"$out") == $((${#BAD_NL[@]} + 2)) ]] || { fail "rl_probe.py: $out"; return; }
	before=$(sed -n 1p <<<"$out" | jq -r .reply)
	after=$(sed -n '$p' <<<"$out" | jq -r .reply)
	[[ -n $before ]] || { fail "LIMIT_GET: $(sed -n 1p <<<"$out")"; return; }
	i=1
	for e in "${BAD_NL[@]}"; do
		i=$((i + 1))
		req=${e%%:*} want=EINVAL\|ERANGE
		[[ $e != *:* ]] || want=${e##*:}
		err=$(sed -n "${i}p" <<<"$out" | jq -r .errname)
		msg=$(sed -n "${i}p" <<<"$out" | jq -r .extack)
		[[ $err =~ ^($want)$ ]] || fail "kernel, $req: ${err/null/accepted}, want ${want/|/ or }"
		[[ -n $msg || $err == null ]] || fail "kernel, $req: $err without an extack message"
	done
	[[ $after == "$before" ]] || fail "LIMIT_GET changed across the refused requests"
	[[ $(lstatus capacity) -ge 4096 ]] || fail "the key table's capacity changed: $(lstatus capacity)"
	# The control: a well-formed set and del of the same selector are
	# accepted and leave the policies as they were.
	out=$(printf '%s\n' get "set proto=17 port-min=5353 port-max=5353 pps=10 burst=10" \
		"del proto=17 port-min=5353 port-max=5353" get | probe_batch)
	[[ $(jq -r .errname <<<"$out" | tr '\n' ' ') == "null null null null " ]] ||
		fail "kernel, a valid get, set, del, get: $out"
	[[ $(sed -n 1p <<<"$out" | jq -r .reply) == $(sed -n 4p <<<"$out" | jq -r .reply) ]] ||
		fail "LIMIT_GET changed across a set and del of the same override"
}
fg_check "the kernel refuses out-of-range values sent directly: errno, extack, nothing changes" \
	check_kernel_refuses

# monitor_events: the monitor's events about AUTOSRC, one JSON a line.
# monitor_has KIND: one of them is of KIND (autoblock, expired). (Slurped:
# jq 1.6's -e judges by the last input alone.)
monitor_events() {
	jq -c --arg a "$AUTOSRC" 'select(.address == $a)' "$fg_tmp/monitor.json" 2>/dev/null
}
monitor_has() {
	monitor_events | jq -se --arg k "$1" 'any(.[]; .event == $k)' >/dev/null 2>&1
}
auto_listed() {
	fge -j block list | jq -e --arg a "$AUTOSRC" 'any(.[]; .prefix == $a)' >/dev/null
}
auto_gone() { ! auto_listed; }

# watch_block FILE: poll block list for 60 s at most until AUTOSRC is in
# it, and save that listing in FILE. Started before the flood: the entry
# lives 10 s from a moment early in the flood, which lasts seconds on the
# debug kernel, where a CLI call takes a second: so nothing but the CLI in
# the loop.
watch_block() {
	local deadline=$((SECONDS + 60)) out
	while ((SECONDS < deadline)); do
		out=$(fge -j block list 2>/dev/null)
		if [[ $out == *"\"$AUTOSRC\""* ]]; then
			echo "$out" >"$1"
			return 0
		fi
		sleep 0.02
	done
	return 1
}

# monitor_ready PID: the monitor holds a netlink socket (it subscribes right
# after opening it).
monitor_ready() {
	local fd
	for fd in /proc/"$1"/fd/*; do
		[[ $(readlink "$fd") != socket:* ]] || return 0
	done
	return 1
}

check_autoblock() {
	local out mpid wpid t0 t1 entry ev rl a
	no_limits
	: >"$fg_tmp/monitor.json"
	fg_bg n2 "$FG_CLI" -j monitor >"$fg_tmp/monitor.json" 2>"$fg_tmp/monitor.err"
	mpid=$!
	fg_wait 30 monitor_ready "$mpid" || { fail "floodgate -j monitor did not start: $(cat "$fg_tmp/monitor.err")"; return; }
	sleep 1
	out=$(fge limit set pps 100 burst 100 block-after 50 block-window 5 block-time 10 2>&1) ||
		{ fail "limit set ... block-after 50 block-window 5 block-time 10: $out"; return; }
	fg_snap A "$ns2" || return
	fg_bg watch_block "$fg_tmp/listed.json"
	wpid=$!
	# 600 datagrams as fast as possible: about 100 pass (more if the
	# flood is slow: 100 a second refill), the next 51 drops block the
	# source, the rest stop at the blocklist. Short, so that the flood is
	# over long before the 10 s block expires (and does not start
	# another): it takes up to 3 s on the debug kernel with a second guest
	# on the same two cores.
	# (niced: the poller must get its turns while it lasts)
	send "$AUTOSRC" "$UDP_PORT" 600 0 nice
	t0=$EPOCHREALTIME
	wait "$wpid" || fail "$AUTOSRC was not in block list within 60 s of its flood: $(fge block list)"
	entry=$(jq -c --arg a "$AUTOSRC" '.[] | select(.prefix == $a)' "$fg_tmp/listed.json" 2>/dev/null)
	diag "flood: $s_sent in ${s_secs}s; block entry: $entry"
	[[ $(jq -r .origin <<<"$entry") == auto ]] || fail "the entry's origin is not auto: $entry"
	a=$(jq -r '.timeout // "none"' <<<"$entry")
	[[ $a =~ ^[0-9]+$ && $a -le 10 ]] || fail "the entry's timeout is $a, want <= 10 (block-time 10)"
	fg_snap B "$ns2" || return
	rl=$(fg_delta A B dropped.reasons.ratelimit)
	[[ $rl -gt 50 ]] || fail "ratelimit dropped $rl before the block, want > 50 (block-after 50)"
	fg_expect A B dropped.reasons.blocklist -ge 1 "edge: the rest of the flood stops at the blocklist"
	# The event, then the expiry.
	fg_wait 30 monitor_has autoblock || fail "no autoblock event for $AUTOSRC: $(cat "$fg_tmp/monitor.json")"
	fg_wait 60 auto_gone || fail "$AUTOSRC still listed 60 s later: $(fge block list)"
	t1=$EPOCHREALTIME
	diag "the entry was gone $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') s after the flood"
	fg_wait 30 monitor_has expired || fail "no expired event for $AUTOSRC: $(cat "$fg_tmp/monitor.json")"
	ev=$(monitor_events)
	diag "monitor: $(tr '\n' ' ' <<<"$ev")"
	[[ $(monitor_events | jq -r .event | tr '\n' ' ') == "autoblock expired " ]] ||
		fail "monitor events for $AUTOSRC: $(tr '\n' ' ' <<<"$ev"), want one autoblock, then one expired"
	monitor_events | jq -se 'any(.[]; .event == "autoblock" and .timeout == 10 and
		.reason == "ratelimit" and .drops > 50 and .["prefix-length"] == 32)' >/dev/null ||
		fail "the autoblock event does not say timeout 10, reason ratelimit, drops > 50, /32: $ev"
	fg_snap C "$ns2" || return
	fg_expect A C autoblocks -eq 1 "stats"
	fg_expect A C autoblock-lost -eq 0 "stats"
	# The source is free again: a few datagrams within budget arrive.
	a=$(fg_sink_count "$AUTOSRC" "$UDP_PORT")
	send "$AUTOSRC" "$UDP_PORT" 5 10
	fg_wait 30 fg_sink_settled "$AUTOSRC" "$UDP_PORT"
	[[ $(fg_sink_count "$AUTOSRC" "$UDP_PORT") == $((a + 5)) ]] ||
		fail "after the block expired, $AUTOSRC got $(($(fg_sink_count "$AUTOSRC" "$UDP_PORT") - a)) of 5 datagrams through"
	kill "$mpid" 2>/dev/null
	wait "$mpid" 2>/dev/null
}
fg_check "auto-block: block list origin auto, monitor autoblock then expired, autoblocks +1" \
	check_autoblock

check_off() {
	local out rl0 a
	no_limits
	# What memory remains is the policies' (about 150 bytes each).
	[[ $(lstatus entries) == 0 && $(lstatus memory) -lt 16384 ]] ||
		fail "with every rate 0, status limit: entries $(lstatus entries) memory $(lstatus memory), want 0 and the policies' few bytes"
	[[ $(lstatus capacity) -ge 4096 ]] || fail "status: limit capacity $(lstatus capacity)"
	rl0=$(ratelimit)
	a=$(fg_sink_count "$FLOODER" "$UDP_PORT")
	send "$FLOODER" "$UDP_PORT" 500 0
	fg_wait 30 fg_sink_settled "$FLOODER" "$UDP_PORT"
	out=$(($(fg_sink_count "$FLOODER" "$UDP_PORT") - a))
	[[ $out == "$s_sent" ]] || fail "without limits the flooder got $out of $s_sent through"
	[[ $(ratelimit) == "$rl0" ]] || fail "ratelimit moved by $(($(ratelimit) - rl0)) without limits"
	[[ -z $(fge -j limit top | jq -r '.[]') ]] || fail "limit top without limits: $(fge -j limit top)"
}
fg_check "every rate 0: the key table is freed and a flood passes whole" check_off

fg_done
