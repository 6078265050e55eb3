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
# The story: a UDP flood from the attacker, which the operator blocks by
# hand; then a flood from a "botnet" host, which the rate limits the
# operator set catch, and block automatically.
#
# Every address is a documentation prefix on veth pairs inside this VM.
set -uo pipefail

FG_CLI=${FG_CLI:?}
FG_MODDIR=${FG_MODDIR:?}
DURATION=${DEMO_SECONDS:-20}
ns=demo$$
tmp=$(mktemp -d)

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
(
	ok=0 fail=0
	while :; do
		if ip netns exec "$ns-client" curl -sf -m 5 -o /dev/null \
			http://203.0.113.2:8080/page; then
			ok=$((ok + 1)); echo $ok >"$tmp/ok"
		else
			fail=$((fail + 1)); echo $fail >"$tmp/fail"
		fi
		sleep 0.2
	done
) &

# The attacker: a UDP flood at the server, about 5,000 packets a second.
ip netns exec "$ns-attacker" hping3 --udp -p 53 -d 64 -i u200 -q \
	203.0.113.2 >/dev/null 2>&1 &

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
		fg $1
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
		step=2
	fi
	read -r seen passed bl rl < <(counters)
	say "$(printf '%4ss %10s %10s %10s %10s %9s %11s' "$t" "$seen" "$passed" \
		"$bl" "$rl" "$(cat "$tmp/ok")" "$(cat "$tmp/fail")")"
	sleep 2
done

say ""
say "summary (edge namespace):"
fg stats | sed 's/^/demo|   /'
say ""
say "blocklist (the bot was added automatically):"
fg block list | sed 's/^/demo|   /'
say ""
say "top talkers:"
fg limit top 3 | sed 's/^/demo|   /'
say ""
say "events seen by 'floodgate monitor':"
sed 's/^/demo|   /' "$tmp/events"
say ""
ok=$(cat "$tmp/ok") fail=$(cat "$tmp/fail")
dropped=$(fg -j stats | jq -r '.dropped.packets')
say "the client fetched the page $ok times ($fail failures) while $dropped flood packets were dropped"
[ "$ok" -gt 0 ] && [ "$dropped" -gt 0 ]
