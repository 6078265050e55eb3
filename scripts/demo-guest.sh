#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of `make demo` (see scripts/demo.sh): an edge host running
# floodgate between the Internet and a server, a legitimate client fetching
# pages, and two attackers flooding the server. Output lines start with
# "demo| " so that the host can pick them out of the console.
#
#   client    192.0.2.2 ------.
#   attacker  198.51.100.2 ----+-- edge (floodgate, forwarding) -- server
#   bot       203.0.113.66 ---'   203.0.113.1          203.0.113.2 :8080
#
# The story, in three acts: a UDP flood from the attacker, which the
# operator blocks by hand; a flood from a "botnet" host, which the rate
# limits the operator set catch, and block automatically; and a SYN flood
# from forged sources at the server's web port, which no per-source limit
# can catch, and which the SYN proxy (mode auto) answers with SYN cookies
# while it lasts.
#
# The edge's default route (the rest of the Internet) points at the
# attacker's namespace: the SYN-ACKs it sends to forged sources go there
# and die, as they would on the Internet. Every address is a documentation
# prefix on veth pairs inside this VM.
set -uo pipefail

FG_CLI=${FG_CLI:?}
FG_MODDIR=${FG_MODDIR:?}
DURATION=${DEMO_SECONDS:-20}
ns=demo$$
tmp=$(mktemp -d)
bot_flood=

say() { printf 'demo| %s\n' "$*"; }
cleanup() {
	local n pid
	for n in client attacker bot edge server; do
		for pid in $(ip netns pids "$ns-$n" 2>/dev/null); do
			kill "$pid" 2>/dev/null
		done
	done
	sleep 0.5
	for n in client attacker bot edge server; do
		ip netns del "$ns-$n" 2>/dev/null
	done
	rmmod floodgate 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
fg() { ip netns exec "$ns-edge" "$FG_CLI" "$@"; }

# floodgate.ko needs conntrack and the nf_synproxy core, modules on Debian's
# kernel that insmod does not load (built in elsewhere: then modprobe may
# fail, and that is fine).
modprobe -q nf_synproxy_core 2>/dev/null || :
insmod "$FG_MODDIR/floodgate.ko" || exit 1
say "floodgate $(cat /sys/module/floodgate/version) loaded into $(uname -r)"

for n in client attacker bot edge server; do
	ip netns add "$ns-$n"
	ip -n "$ns-$n" link set lo up
done
link() {	# link NS ADDR EDGE-ADDR PREFIXLEN
	ip link add "d-$1" netns "$ns-$1" type veth peer "e-$1" netns "$ns-edge"
	ip -n "$ns-$1" addr add "$2/$4" dev "d-$1"
	ip -n "$ns-edge" addr add "$3/$4" dev "e-$1"
	ip -n "$ns-$1" link set "d-$1" up
	ip -n "$ns-edge" link set "e-$1" up
	ip -n "$ns-$1" route add default via "$3"
}
link client 192.0.2.2 192.0.2.1 24
link attacker 198.51.100.2 198.51.100.1 24
link server 203.0.113.2 203.0.113.1 26
link bot 203.0.113.66 203.0.113.65 26
ip -n "$ns-edge" route add default via 198.51.100.2
ip netns exec "$ns-edge" sysctl -qw net.ipv4.ip_forward=1

mkdir -p "$tmp/www"
head -c 65536 /dev/urandom >"$tmp/www/page"
(cd "$tmp/www" && exec ip netns exec "$ns-server" \
	python3 -m http.server -b 203.0.113.2 8080 >/dev/null 2>&1) &
for _ in $(seq 100); do
	ip netns exec "$ns-server" ss -Hlnt 'sport = :8080' | grep -q . && break
	sleep 0.1
done

# The client fetches the page in a loop and tallies what worked.
echo 0 >"$tmp/ok"
echo 0 >"$tmp/fail"
: >"$tmp/failures"
: >"$tmp/times"
(
	ok=0 fail=0
	while :; do
		if r=$(ip netns exec "$ns-client" curl -sf -m 5 -o /dev/null \
			-w '%{time_connect} %{time_starttransfer} %{time_total} %{size_download}' \
			http://203.0.113.2:8080/page); then
			ok=$((ok + 1)); echo $ok >"$tmp/ok"
			echo "${r#* * }" >>"$tmp/times"
		else
			rc=$?
			fail=$((fail + 1)); echo $fail >"$tmp/fail"
			read -r tc tf tt size <<<"$r"
			echo "client: curl exit $rc: connected after ${tc}s, first byte after ${tf}s, gave up after ${tt}s with $size bytes" >>"$tmp/failures"
		fi
		sleep 0.2
	done
) &

# The attacker: a UDP flood at the server, about 5,000 packets a second.
ip netns exec "$ns-attacker" hping3 --udp -p 53 -d 64 -i u200 -q \
	203.0.113.2 >/dev/null 2>&1 &
udp_flood=$!

fg -j monitor >"$tmp/events" 2>/dev/null &

counters() {
	fg -j stats | jq -r '[.seen.packets, .passed.packets,
		(.dropped.reasons.blocklist // 0),
		(.dropped.reasons.ratelimit // 0)] | @tsv'
}
operator() {
	say ""
	say ">>> $1"
	shift
	while [ $# -gt 0 ]; do
		say ">>> floodgate $1"
		# shellcheck disable=SC2086
		fg $1 | sed 's/^/demo|   /'
		shift
	done
	say ""
}
say ""
say "$(printf '%5s %10s %10s %10s %10s %9s %11s' time seen passed blocklist \
	ratelimit client-ok client-fail)"
start=$SECONDS
step=0
while ((SECONDS - start < DURATION)); do
	t=$((SECONDS - start))
	if ((step == 0 && t >= DURATION / 4)); then
		operator "the operator blocks the attacker's network:" \
			"block add 198.51.100.0/24 timeout 600"
		step=1
	elif ((step == 1 && t >= DURATION * 2 / 5)); then
		operator "a botnet host starts flooding; the operator allows its own servers and sets a budget for every source:" \
			"allow add 203.0.113.0/26" \
			"limit set pps 100 burst 200 block-after 300 block-window 10 block-time 60"
		ip netns exec "$ns-bot" hping3 --udp -p 123 -d 64 -i u100 -q \
			203.0.113.2 >/dev/null 2>&1 &
		bot_flood=$!
		step=2
	fi
	read -r seen passed bl rl < <(counters)
	say "$(printf '%4ss %10s %10s %10s %10s %9s %11s' "$t" "$seen" "$passed" \
		"$bl" "$rl" "$(cat "$tmp/ok")" "$(cat "$tmp/fail")")"
	sleep 2
done

say ""
say "blocklist (the bot was added automatically):"
fg block list | sed 's/^/demo|   /'
say ""
say "top talkers:"
fg limit top 3 | sed 's/^/demo|   /'
say ""
say "events seen by 'floodgate monitor':"
sed 's/^/demo|   /' "$tmp/events"
nev=$(wc -l <"$tmp/events")
ok=$(cat "$tmp/ok") fail=$(cat "$tmp/fail")
dropped=$(fg -j stats | jq -r '.dropped.packets')
say ""
say "the client fetched the page $ok times ($fail failures) while $dropped flood packets were dropped"
sed 's/^/demo|   /' "$tmp/failures"
nfail=$(wc -l <"$tmp/failures")

# Act 3. The blocks and budgets of act 2 stay in place, on purpose: every
# SYN of this flood comes from a new forged address, well within any
# per-source budget, so the rate limiter lets it through to the SYN proxy,
# and the demo says so.
kill "$udp_flood" ${bot_flood:+"$bot_flood"} 2>/dev/null
say ""
say "act 3: the UDP floods end. Next comes a SYN flood at the web server, from"
say "forged source addresses: act 2's blocks and budgets stay in place, but they"
say "cannot stop it, since every SYN comes from a new address, well within its"
say "budget. Each SYN that reaches the server would cost it a half-open"
say "connection and the edge a conntrack entry."
operator "the operator protects the web port with the SYN proxy, in mode auto: it answers SYNs with SYN cookies while more than 200 arrive a second, and stops after 5 quiet seconds:" \
	"synproxy add 8080 mode auto threshold 200 hold 5" \
	"synproxy list"
sleep 2
say ">>> the attacker, for ${DURATION}s: hping3 --flood --rand-source -S -p 8080 203.0.113.2"
say ""
say "syn/s, proxy, cookies, handed-over: 'floodgate synproxy list' for tcp/8080;"
say "conntrack: entries in the edge's table ('conntrack -L'), forged: those of"
say "forged sources; syn-recv: the server's half-open connections ('ss -tan"
say "state syn-recv'); client: the client's fetches since act 3 began."
say ""

# The events the monitor printed and the client's failures since the last
# call, then a line of the table. Sets $engaged, $cookies, $forged and
# $synrecv.
sample() {
	local rate handed ct n
	n=$(wc -l <"$tmp/events")
	if ((n > nev)); then
		sed -n "$((nev + 1)),${n}p" "$tmp/events" | sed 's/^/demo|   monitor: /'
		nev=$n
	fi
	n=$(wc -l <"$tmp/failures")
	if ((n > nfail)); then
		sed -n "$((nfail + 1)),${n}p" "$tmp/failures" | sed 's/^/demo|   /'
		nfail=$n
	fi
	read -r rate engaged cookies handed < <(fg -j synproxy list | jq -r \
		'.[] | select(.["port-min"] == 8080) | [.rate,
		(if .engaged then "engaged" else "idle" end),
		.["cookies-sent"], .["handed-over"]] | @tsv')
	ip netns exec "$ns-edge" conntrack -L >"$tmp/ct" 2>/dev/null
	ct=$(wc -l <"$tmp/ct")
	forged=$(grep -vc 'src=192\.0\.2\.2 ' "$tmp/ct")
	synrecv=$(ip netns exec "$ns-server" ss -Htn state syn-recv | wc -l)
	say "$(printf '%5s %7s %8s %10s %11s %9s %7s %8s %9s %11s' "$1" \
		"$rate" "$engaged" "$cookies" "$handed" "$ct" "$forged" \
		"$synrecv" $(($(cat "$tmp/ok") - ok0)) $(($(cat "$tmp/fail") - fail0)))"
}
say "$(printf '%5s %7s %8s %10s %11s %9s %7s %8s %9s %11s' time syn/s proxy \
	cookies handed-over conntrack forged syn-recv client-ok client-fail)"
ok0=$(cat "$tmp/ok") fail0=$(cat "$tmp/fail") times0=$(wc -l <"$tmp/times")
sample before
forged0=$forged
# Two vCPUs under emulation: at its normal priority the flood would leave
# the rest of the VM (the client, the server, this script) little time.
ip netns exec "$ns-attacker" timeout -s INT "$DURATION" nice -n 19 \
	hping3 --flood --rand-source -S -p 8080 203.0.113.2 >/dev/null 2>&1 &
syn_flood=$!
start=$SECONDS
forged_engaged=
while ((SECONDS - start < DURATION)); do
	sample "$((SECONDS - start))s"
	[ "$engaged" = engaged ] && : "${forged_engaged:=$forged}"
	sleep 1
done
wait "$syn_flood"
say "  the flood stops; the proxy lets go after 5 quiet seconds"
while ((SECONDS - start < DURATION + 20)); do
	sample "$((SECONDS - start))s"
	[ "$engaged" = idle ] && break
	sleep 1
done

say ""
say "the protected port:"
fg synproxy list | sed 's/^/demo|   /'
say ""
say "summary (edge namespace):"
fg stats | sed 's/^/demo|   /'
say ""
engages=$(fg -j synproxy list | jq -r '.[] | select(.["port-min"] == 8080) | .engages')
ok3=$(($(cat "$tmp/ok") - ok0)) fail3=$(($(cat "$tmp/fail") - fail0))
say "act 3: the SYN proxy engaged $engages time(s) and sent $cookies SYN cookies; the"
say "client fetched the page $ok3 times ($fail3 failures). The edge's conntrack holds"
say "$forged entries of forged sources: $forged0 before the flood, ${forged_engaged:-?} when the proxy"
say "was first seen engaged (in mode auto, up to 'threshold' SYNs per CPU go"
say "through before it engages). The server has $synrecv half-open connections."
slowest=$(tail -n +"$((times0 + 1))" "$tmp/times" | sort -n | tail -n 1 | cut -d' ' -f1)
say "The client's slowest successful fetch in act 3 took ${slowest:-?}s (curl gives up after 5 s)."
[ "$ok" -gt 0 ] && [ "$dropped" -gt 0 ] && [ "$engages" -gt 0 ] &&
	[ "$cookies" -gt 0 ] && [ "$ok3" -gt 0 ]
