#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of `make bench` (scripts/bench.sh runs it through
# scripts/vm-run on the stock kernel). One network namespace per
# configuration, each with a dummy input device b0; tests/bench/fg_bench.ko
# pushes packets through that namespace's PRE_ROUTING hooks.
#
# Setup (once): the nftables interval-set and hash-set namespaces and the
# ipset namespaces, one per table size; the loads of the largest size are
# the first control-plane samples. Then, every round:
#   A. floodgate not loaded: the baselines (no hooks; this module's
#      accept-all, drop-all and drop-all-after-a-clock-read hooks at
#      priority -500), nftables and ipset floods, pass-through traffic,
#      nft's rate limiter (a meter) and pktgen's baseline;
#   B. floodgate loaded: its tables loaded (the largest timed), its floods,
#      its peacetime rows, its rate limiter's rows and its pktgen rows;
#      then unloaded, so that A sees no hook of it;
#   C. from the second round on, nft -f and ipset restore of the largest
#      list again, timed, into a scratch namespace.
# Rows are measured in a shuffled order within A and B, every round.
#
# Writes to $FG_OUT: rows.csv (what each row is), samples.csv (every
# measurement), guest.txt (kernel, CPU, memory). Every sample is checked:
# a drop row must see every packet dropped, a pass row every packet
# accepted, floodgate's own blocklist counter must match; a failed check
# prints "bench| FAIL ..." and makes the exit status 1.
#
# Environment (from scripts/bench.sh): FGB_MODE, FGB_SIZES, FGB_PACKETS,
# FGB_BATCH, FGB_ROUNDS, FGB_EXTRA (1: the /32-only floodgate row),
# FGB_SETTLE (0: no waiting for memory to settle), FGB_PKTGEN (1: the
# pktgen cross-check), FGB_PG_RUNS (pktgen runs a sample), FGB_RL_KEYS
# (sources the rate-limiter rows fill each table with), FGB_RL_MAX (the
# key table's capacity and the nft set's size), FGB_DATA, FGB_MOD,
# FG_MODDIR, FG_CLI.
set -uo pipefail

out=${FG_OUT:?}
data=${FGB_DATA:?}
read -ra sizes <<<"${FGB_SIZES:?}"
packets=${FGB_PACKETS:?}
batch=${FGB_BATCH:?}
rounds=${FGB_ROUNDS:?}
extra=${FGB_EXTRA:-0}
pktgen=${FGB_PKTGEN:-0}
cli=${FG_CLI:?}
moddir=${FG_MODDIR:?}
max=${sizes[${#sizes[@]} - 1]}
rl_keys=${FGB_RL_KEYS:?}
rl_max=${FGB_RL_MAX:?}
# pktgen: runs of a sample, packets a run (a multiple of its burst, 32).
PG_RUNS=${FGB_PG_RUNS:-5}
pg_count=$((packets / 2))
ctl=/sys/kernel/debug/fg_bench/run
rows=$out/rows.csv
samples=$out/samples.csv
failures=0
round=0

# Lines start with the guest's uptime, so that the console shows where
# the time goes.
say() {
	local up
	read -r up _ </proc/uptime
	echo "bench| [$up] $*"
}
fail() {
	say "FAIL round $round: $*"
	failures=$((failures + 1))
}
now_ns() { date +%s%N; }
ms_since() { echo $((($(now_ns) - $1) / 1000000)); }
# secs MS: milliseconds as seconds with three decimals.
secs() { echo "$(($1 / 1000)).$(printf %03d $(($1 % 1000)))"; }

# Kernel memory that tables and sets live in: unreclaimable slab (kmalloc)
# and vmalloc (big bucket arrays), in kB.
kmem() { awk '/^(SUnreclaim|VmallocUsed):/ { s += $2 } END { print s }' /proc/meminfo; }
# Wait until freeing that an earlier step left to RCU or a workqueue
# (a deleted namespace, a destroyed set) is over: two readings a second
# apart within 256 kB, or 30 s. FGB_SETTLE=0 (smoke runs) skips it.
settle() {
	local a b
	[ "${FGB_SETTLE:-1}" = 1 ] || return 0
	a=$(kmem)
	for _ in $(seq 30); do
		sleep 1
		b=$(kmem)
		[ $((a - b)) -lt 256 ] && [ $((b - a)) -lt 256 ] && return 0
		a=$b
	done
	say "memory did not settle ($a kB)"
}

# mkns NS...: namespaces with an input device b0 each (up; nothing uses
# lo). Two ip processes for all: exec is slow under emulation.
mkns() {
	printf 'netns add %s\n' "$@" | ip -b - &&
		printf 'link add b0 netns %s up type dummy\n' "$@" | ip -b -
}
inns() { local ns=$1; shift; nsenter --net="/run/netns/$ns" "$@"; }

# row ID GROUP KIND EXPECT ENTRIES LABEL
row() { echo "$1,$2,$3,$4,$5,$6" >>"$rows"; }

# fg_counter NS REASON: a drop reason's counter in floodgate's stats (in
# NS), or -1.
fg_counter() {
	"$cli" -n "$1" -j stats 2>/dev/null |
		sed -n "s/.*\"$2\":\([0-9]*\).*/\1/p" | grep . || echo -1
}
fg_blocked() { fg_counter "$1" blocklist; }

# measure ID: one sample of row ID: fg_bench with R_ARGS[ID] in the
# namespace R_NS[ID], its verdicts checked against R_EXPECT[ID] (drop,
# pass, or limit: all but the 1% a rate limiter lets through), and with
# R_FG[ID]=1 against floodgate's own counters. R_PKTS[ID]: packets other
# than FGB_PACKETS.
declare -A R_NS R_EXPECT R_ARGS R_FG R_PKTS
measure() {
	local id=$1 ns=${R_NS[$1]} expect=${R_EXPECT[$1]} args=${R_ARGS[$1]}
	local packets=${R_PKTS[$1]:-$packets}
	local res before=0 after v rl0=0 rl1
	local -A kv=()
	[ "${R_FG[$id]:-0}" = 1 ] && before=$(fg_blocked "$ns") rl0=$(fg_counter "$ns" ratelimit)
	if ! inns "$ns" sh -c "echo '$args packets=$packets batch=$batch seed=$round' >$ctl"; then
		fail "$id: fg_bench refused '$args' ($(dmesg | grep fg_bench | tail -n 1))"
		return
	fi
	res=$(cat "$ctl")
	for v in $res; do kv[${v%%=*}]=${v#*=}; done
	if [ "${kv[packets]:-0}" != "$packets" ]; then
		fail "$id: $res"
		return
	fi
	case $expect in
	drop) [ "${kv[dropped]}" = "$packets" ] || fail "$id: expected every packet dropped: $res" ;;
	pass) [ "${kv[accepted]}" = "$packets" ] || fail "$id: expected every packet accepted: $res" ;;
	limit) [ "${kv[dropped]}" -ge $((packets - packets / 100)) ] || fail "$id: expected all but 1% dropped: $res" ;;
	esac
	if [ "${R_FG[$id]:-0}" = 1 ]; then
		# Counted by floodgate itself: the timed packets and the
		# untimed warm-up batch, all dropped by the blocklist.
		after=$(fg_blocked "$ns")
		if [ "$expect" = drop ] && [ $((after - before)) != $((packets + batch)) ]; then
			fail "$id: floodgate counted $((after - before)) blocklist drops, expected $((packets + batch))"
		elif [ "$expect" != drop ] && [ "$after" != "$before" ]; then
			fail "$id: floodgate's blocklist dropped $((after - before)) packets"
		fi
		# The rate limiter's drops: the timed ones, and those of the
		# warm-up batch.
		rl1=$(fg_counter "$ns" ratelimit)
		if [ "$expect" = limit ] && { [ $((rl1 - rl0)) -lt "${kv[dropped]}" ] ||
			[ $((rl1 - rl0)) -gt $((kv[dropped] + batch)) ]; }; then
			fail "$id: floodgate counted $((rl1 - rl0)) rate-limit drops for ${kv[dropped]} timed ones"
		elif [ "$expect" != limit ] && [ "$rl1" != "$rl0" ]; then
			fail "$id: floodgate's rate limiter dropped $((rl1 - rl0)) packets"
		fi
	fi
	echo "$round,$id,pkt,${kv[pps_med]},${kv[ns_per_pkt_med]},${kv[pps]},${kv[packets]},${kv[accepted]},${kv[dropped]}" >>"$samples"
	say "round $round $id: ${kv[pps_med]} pps (median batch), ${kv[ns_per_pkt_med]} ns/pkt"
}

# pg_measure ID NS SRC EXPECT: the cross-check. pktgen injects packets
# with netif_receive_skb() on b0 (xmit_mode netif_receive), so they take
# the whole receive path: ip_rcv(), every PRE_ROUTING hook, and for those
# that pass, the route lookup, which finds a blackhole route and drops
# them (without a route each would get an ICMP error, whose rate limiter
# would be what we measure). One 46-byte UDP packet from SRC, reused 32
# times in a row (burst 32), as pktgen does in this mode. pktgen times a
# whole run, so a sample is PG_RUNS short runs after an untimed one (under
# TCG, the first run of a code path pays for its translation), and its
# figure the median run, as fg_bench's is the median batch.
declare -A PG_MAC
pg_measure() {
	local id=$1 ns=$2 src=$3 expect=$4 line usec n total=0 before after
	local -a per=()
	if [ -z "${PG_MAC[$ns]:-}" ]; then
		PG_MAC[$ns]=$(ip -n "$ns" link show b0 | awk '/link\/ether/ { print $2 }')
		ip -n "$ns" route replace blackhole 203.0.113.0/24 ||
			{ fail "$id: no blackhole route in $ns"; return; }
	fi
	before=$(fg_blocked "$ns")
	# The device is added once per namespace and kept: rem_device_all is
	# carried out later by the pktgen thread, and would race the next
	# add_device.
	inns "$ns" sh -c "
		pg() { echo \"\$2\" >\"\$1\" || exit 1; }
		d=/proc/net/pktgen/b0
		[ -e \$d ] || pg /proc/net/pktgen/kpktgend_0 'add_device b0'
		pg \$d 'xmit_mode netif_receive'
		pg \$d 'burst 32'
		pg \$d 'pkt_size 60'
		pg \$d 'dst 203.0.113.1'
		pg \$d 'src_min $src'
		pg \$d 'src_max $src'
		pg \$d 'dst_mac ${PG_MAC[$ns]}'
		pg \$d 'count $pg_count'
		pg /proc/net/pktgen/pgctrl start
		: >$out/pktgen.txt
		for i in \$(seq $PG_RUNS); do
			pg /proc/net/pktgen/pgctrl start
			grep '^Result' \$d >>$out/pktgen.txt
		done" || { fail "$id: pktgen failed"; return; }
	# Result: OK: 377892(c377872+d20) usec, 100000 (60byte,0frags)
	while read -r line; do
		usec=$(sed -n 's/.*Result: OK: \([0-9]*\)(.*/\1/p' <<<"$line")
		n=$(sed -n 's/.*usec, \([0-9]*\) (.*/\1/p' <<<"$line")
		if [ "${n:-0}" -lt "$pg_count" ] || [ "${usec:-0}" = 0 ]; then
			fail "$id: pktgen sent '$n' of $pg_count: $line"
			return
		fi
		per+=("$((usec * 1000000 / n))")
		total=$((total + n))
	done <"$out/pktgen.txt"
	if [ "${#per[@]}" != "$PG_RUNS" ]; then
		fail "$id: ${#per[@]} pktgen results of $PG_RUNS"
		return
	fi
	after=$(fg_blocked "$ns")
	if [ "$before" != -1 ]; then
		# The untimed run counts too.
		if [ "$expect" = drop ] && [ $((after - before)) != $((total + total / PG_RUNS)) ]; then
			fail "$id: floodgate counted $((after - before)) blocklist drops of $((total + total / PG_RUNS))"
		elif [ "$expect" = pass ] && [ "$after" != "$before" ]; then
			fail "$id: floodgate dropped $((after - before)) packets it should pass"
		fi
	fi
	# The median run's picoseconds per packet.
	n=$(printf '%s\n' "${per[@]}" | sort -n | sed -n "$(((PG_RUNS + 1) / 2))p")
	echo "$round,$id,pg,$((1000000000000 / n)),$((n / 1000)).$(printf %03d $((n % 1000))),,$total,," >>"$samples"
	say "round $round $id: $((1000000000000 / n)) pps (pktgen, median of $PG_RUNS runs)"
}

# Deterministic per-round shuffle, so that no row always runs first.
shuffled() { printf '%s\n' "$@" | shuf --random-source=<(yes "$round"); }

# cp ID SECONDS MEM_KB TOOL_MEM_BYTES: one control-plane sample.
cp_sample() {
	echo "$round,$1,cp,$2,$3,$4,,," >>"$samples"
	say "round $round $1: ${2}s, kernel memory +${3} kB, tool's own figure ${4:-none} B"
}

# timed_load NS CMD...: run CMD in NS, timed; sets TL_S (seconds) and
# TL_KB (kernel memory it added, from settled readings around it).
timed_load() {
	local ns=$1 m0 t0 ms m1 rc=0
	shift
	TL_S=0 TL_KB=0
	settle
	m0=$(kmem)
	t0=$(now_ns)
	inns "$ns" "$@" >"$out/load.log" 2>&1 || rc=$?
	ms=$(ms_since "$t0")
	if [ "$rc" -ne 0 ]; then
		fail "load in $ns failed ($*): $(head -c 300 "$out/load.log")"
		return 1
	fi
	settle
	m1=$(kmem)
	TL_S=$(secs "$ms")
	TL_KB=$((m1 - m0))
}

# rl_sample ID SECONDS KERNEL_KB TOOL_BYTES ENTRIES CAPACITY: one sample of
# a rate-limiter row that is not a flood (fields may be empty).
rl_sample() {
	echo "$round,$1,rl,$2,${3:-},${4:-},${5:-},${6:-}," >>"$samples"
	if [ -n "$2" ]; then
		say "round $round $1: $2 s"
	else
		say "round $round $1: kernel memory +$3 kB, its own figure ${4:-none} B, ${5:-?} keys of ${6:-?}"
	fi
}

# timed_cli ID NS ARGS...: the wall time of floodgate ARGS in NS, at most
# RL_CLI_TIMEOUT seconds (a sample of that many seconds marked "timeout"
# if it takes longer); its output in TC_OUT.
RL_CLI_TIMEOUT=60
timed_cli() {
	local id=$1 ns=$2 t0 ms rc=0
	shift 2
	t0=$(now_ns)
	TC_OUT=$(timeout "$RL_CLI_TIMEOUT" "$cli" -n "$ns" "$@" 2>&1) || rc=$?
	ms=$(ms_since "$t0")
	if [ "$rc" = 124 ]; then
		echo "$round,$id,rl,$RL_CLI_TIMEOUT,,,,,timeout" >>"$samples"
		say "round $round $id: no answer within $RL_CLI_TIMEOUT s"
		return 1
	elif [ "$rc" != 0 ]; then
		fail "$id: floodgate $* exited with $rc: $(head -c 300 <<<"$TC_OUT")"
		return 1
	fi
	rl_sample "$id" "$(secs "$ms")"
}

# rl_unit fg|nft: the rate limiter's rows, for floodgate (phase B) or
# nft's meter (phase A), in one go, since they share one table: fill the
# empty table with rl_keys new sources (rl-T-fill; for floodgate, the
# wall time of status and the keys it counts), then, while those keys are
# fresh (floodgate forgets a key idle for 60 s; the nft set's timeout is
# 10 minutes), a flood with a fresh random source a packet (rl-T-fresh)
# and one source over its budget (rl-T-one); for floodgate the wall time
# of limit top, whose first key must be that source; then the kernel
# memory the table took, from before the first limit (floodgate allocates
# the whole key table then) to after the floods. The table is emptied at
# the end: floodgate is unloaded after phase B, the nft set is flushed.
rl_unit() {
	local t=$1 ns=rl-$1 m0 t0 st=() top
	settle
	m0=$(kmem)
	if [ "$t" = fg ]; then
		if ! "$cli" -n "$ns" limit set max "$rl_max" >/dev/null ||
			! "$cli" -n "$ns" limit set pps 10 burst 10 >/dev/null; then
			fail "floodgate limit set in $ns"
			return
		fi
	fi
	t0=$(now_ns)
	measure "rl-$t-fill"
	if [ "$t" = fg ] && timed_cli rl-fg-status "$ns" -j status; then
		read -ra st < <(jq -r '.tables.limit | "\(.entries) \(.capacity) \(.memory)"' <<<"$TC_OUT")
		say "round $round: status answered $(ms_since "$t0") ms after the fill began"
	fi
	measure "rl-$t-fresh"
	measure "rl-$t-one"
	if [ "$t" = fg ]; then
		if timed_cli rl-fg-top "$ns" -j limit top; then
			top=$(jq -r '.[0].source' <<<"$TC_OUT")
			[ "$top" = 192.0.2.7 ] || fail "rl-fg-top: the top key is '$top', not 192.0.2.7"
		fi
	fi
	settle
	rl_sample "rl-$t-mem" "" $(($(kmem) - m0)) "${st[2]:-}" "${st[0]:-}" "${st[1]:-}"
	[ "$t" = nft ] && { inns "$ns" nft flush set ip fgb m || fail "nft flush set in $ns"; }
}

nft_load() { inns "$1" nft -f "$2"; }
ipset_load() { inns "$1" ipset restore -file "$2"; }
ipset_mem() { inns "$1" ipset list -t blk | sed -n 's/^Size in memory: //p'; }

# --- Setup -----------------------------------------------------------------

set_up() {
	local n release
	read -r release </proc/sys/kernel/osrelease
	{
		echo "guest_kernel=$release"
		echo "guest_version=$(cat /proc/version)"
		echo "guest_cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
		echo "guest_cpus=$(nproc)"
		echo "guest_mem_kb=$(awk '/^MemTotal:/ { print $2 }' /proc/meminfo)"
		echo "clocksource=$(cat /sys/devices/system/clocksource/clocksource0/current_clocksource)"
		echo "nft=$(nft --version)"
		echo "ipset=$(ipset --version | head -n 1)"
		echo "iptables=$(iptables-legacy --version)"
	} >"$out/guest.txt"
	: >"$rows"
	: >"$samples"

	insmod "$FGB_MOD" || { fail "cannot load $FGB_MOD"; return 1; }
	modprobe -a nf_tables ip_set_hash_net xt_set iptable_raw ||
		{ fail "cannot load nf_tables/ipset/iptables modules"; return 1; }
	if [ "$pktgen" = 1 ]; then
		modprobe pktgen || { fail "cannot load pktgen"; return 1; }
	fi
	mkns base || { fail "cannot make namespaces"; return 1; }

	# Rows, in the order of the table.
	row nohook baseline pkt pass 0 "no hooks (baseline)"
	row accept baseline pkt pass 0 "accept-all hook, priority -500"
	row drop baseline pkt drop 0 "drop-all hook, priority -500 (the floor)"
	row dropclock baseline pkt drop 0 "drop-all hook + one clock read (diagnostic)"
	R_NS[nohook]=base R_EXPECT[nohook]=pass R_ARGS[nohook]="dev=b0 src=random:198.18.0.0/15"
	R_NS[accept]=base R_EXPECT[accept]=pass R_ARGS[accept]="dev=b0 src=random:198.18.0.0/15 hook=accept"
	R_NS[drop]=base R_EXPECT[drop]=drop R_ARGS[drop]="dev=b0 src=random:198.18.0.0/15 hook=drop"
	R_NS[dropclock]=base R_EXPECT[dropclock]=drop R_ARGS[dropclock]="dev=b0 src=random:198.18.0.0/15 hook=dropclock"
	A_ROWS=(nohook accept drop dropclock)
	B_ROWS=()

	for n in "${sizes[@]}"; do
		row "fg-$n" drop pkt drop "$n" "floodgate blocklist"
		R_NS[fg-$n]=fg-$n R_EXPECT[fg-$n]=drop R_ARGS[fg-$n]="dev=b0 src=blocked:$n" R_FG[fg-$n]=1
		B_ROWS+=("fg-$n")
	done
	if [ "$extra" = 1 ]; then
		row "fg32-$max" drop pkt drop "$max" "floodgate blocklist, /32 only"
		R_NS[fg32-$max]=fg32 R_EXPECT[fg32-$max]=drop R_ARGS[fg32-$max]="dev=b0 src=blocked:$max" R_FG[fg32-$max]=1
		B_ROWS+=("fg32-$max")
	fi
	for n in "${sizes[@]}"; do
		row "nfti-$n" drop pkt drop "$n" "nft interval set, raw prerouting"
		R_NS[nfti-$n]=nfti-$n R_EXPECT[nfti-$n]=drop R_ARGS[nfti-$n]="dev=b0 src=blocked:$n"
		A_ROWS+=("nfti-$n")
	done
	for n in "${sizes[@]}"; do
		row "nfth-$n" drop pkt drop "$n" "nft hash set (/32 only), raw prerouting"
		R_NS[nfth-$n]=nfth-$n R_EXPECT[nfth-$n]=drop R_ARGS[nfth-$n]="dev=b0 src=blocked:$n"
		A_ROWS+=("nfth-$n")
	done
	for n in "${sizes[@]}"; do
		row "ipset-$n" drop pkt drop "$n" "ipset hash:net + iptables raw -m set"
		R_NS[ipset-$n]=ipset-$n R_EXPECT[ipset-$n]=drop R_ARGS[ipset-$n]="dev=b0 src=blocked:$n"
		A_ROWS+=("ipset-$n")
	done

	# The 1-entry rows' flood, one blocked source (entry 0, a /32 in every
	# layout), against the largest tables: the same packets, so the
	# difference is the table's size alone, with no more cache misses
	# than the 1-entry row (the issue's "1 entry against 1,000,000").
	local t
	for t in fg nfti nfth ipset; do
		R_NS[$t-one-$max]=$t-$max R_EXPECT[$t-one-$max]=drop R_ARGS[$t-one-$max]="dev=b0 src=blocked:1"
	done
	R_FG[fg-one-$max]=1
	row "fg-one-$max" drop1 pkt drop "$max" "floodgate blocklist"
	row "nfti-one-$max" drop1 pkt drop "$max" "nft interval set, raw prerouting"
	row "nfth-one-$max" drop1 pkt drop "$max" "nft hash set (/32 only), raw prerouting"
	row "ipset-one-$max" drop1 pkt drop "$max" "ipset hash:net + iptables raw -m set"
	B_ROWS+=("fg-one-$max")
	A_ROWS+=("nfti-one-$max" "nfth-one-$max" "ipset-one-$max")

	local pass="dev=b0 src=random:198.18.0.0/15"
	row fg-pass-empty peacetime pkt pass 0 "floodgate loaded, tables empty"
	R_NS[fg-pass-empty]=base R_EXPECT[fg-pass-empty]=pass R_ARGS[fg-pass-empty]=$pass R_FG[fg-pass-empty]=1
	row fg-pass-block peacetime pkt pass "$max" "floodgate, blocklist full"
	R_NS[fg-pass-block]=fg-$max R_EXPECT[fg-pass-block]=pass R_ARGS[fg-pass-block]=$pass R_FG[fg-pass-block]=1
	row fg-pass-both peacetime pkt pass "$max" "floodgate, blocklist full + 1,000 allowlist entries"
	R_NS[fg-pass-both]=fg-$max R_EXPECT[fg-pass-both]=pass R_ARGS[fg-pass-both]=$pass R_FG[fg-pass-both]=1
	B_ROWS+=(fg-pass-empty fg-pass-block)
	row nfti-pass peacetime pkt pass "$max" "nft interval set full"
	R_NS[nfti-pass]=nfti-$max R_EXPECT[nfti-pass]=pass R_ARGS[nfti-pass]=$pass
	row nfth-pass peacetime pkt pass "$max" "nft hash set full"
	R_NS[nfth-pass]=nfth-$max R_EXPECT[nfth-pass]=pass R_ARGS[nfth-pass]=$pass
	row ipset-pass peacetime pkt pass "$max" "ipset hash:net full"
	R_NS[ipset-pass]=ipset-$max R_EXPECT[ipset-pass]=pass R_ARGS[ipset-pass]=$pass
	A_ROWS+=(nfti-pass nfth-pass ipset-pass)

	# The rate limiter: the default policy at 10 packets/s, burst 10, per
	# /32 (floodgate limit set pps 10 burst 10); nft's equivalent is a
	# dynamic set of sources, each with its own limit (a "meter"). Both
	# hold up to $rl_max keys; rl_unit fills them with $rl_keys sources.
	for t in fg nft; do
		R_NS[rl-$t-fill]=rl-$t R_EXPECT[rl-$t-fill]=pass
		R_ARGS[rl-$t-fill]="dev=b0 src=seq:10.0.0.0" R_PKTS[rl-$t-fill]=$((rl_keys - batch))
		R_NS[rl-$t-fresh]=rl-$t R_EXPECT[rl-$t-fresh]=pass R_ARGS[rl-$t-fresh]="dev=b0 src=random:64.0.0.0/3"
		R_NS[rl-$t-one]=rl-$t R_EXPECT[rl-$t-one]=limit R_ARGS[rl-$t-one]="dev=b0 src=fixed:192.0.2.7"
	done
	R_FG[rl-fg-fill]=1 R_FG[rl-fg-fresh]=1 R_FG[rl-fg-one]=1
	row rl-fg-fill ratelimit pkt pass "$rl_keys" "floodgate: filling its empty key table, a new source a packet"
	row rl-fg-fresh ratelimit pkt pass "$rl_keys" "floodgate: a fresh random source a packet, table filled"
	row rl-fg-one ratelimit pkt limit "$rl_keys" "floodgate: one source over its budget, table filled"
	row rl-nft-fill ratelimit pkt pass "$rl_keys" "nft meter: filling its empty set, a new source a packet"
	row rl-nft-fresh ratelimit pkt pass "$rl_keys" "nft meter: a fresh random source a packet, set filled"
	row rl-nft-one ratelimit pkt limit "$rl_keys" "nft meter: one source over its budget, set filled"
	row rl-fg-mem ratelimit rl - "$rl_keys" "floodgate key table (limit set max $rl_max): memory, keys"
	row rl-nft-mem ratelimit rl - "$rl_keys" "nft meter set (size $rl_max): memory"
	row rl-fg-status ratelimit rl - "$rl_keys" "floodgate -j status, table filled (wall time)"
	row rl-fg-top ratelimit rl - "$rl_keys" "floodgate limit top, table filled (wall time)"
	A_ROWS+=(rl-nft)
	B_ROWS+=(rl-fg)

	if [ "$pktgen" = 1 ]; then
		row pg-nohook pktgen pg pass 0 "pktgen: no hooks (its baseline)"
		row pg-fg-pass pktgen pg pass "$max" "pktgen: floodgate, blocklist full, pass-through"
		row pg-fg-drop pktgen pg drop "${sizes[0]}" "pktgen: floodgate blocklist, drop"
		row xb-nohook pktgen pkt pass 0 "fg_bench: no hooks, pktgen's one source"
		R_NS[xb-nohook]=base R_EXPECT[xb-nohook]=pass R_ARGS[xb-nohook]="dev=b0 src=fixed:198.18.0.1"
		row xb-fg-pass pktgen pkt pass "$max" "fg_bench: floodgate, blocklist full, pktgen's one source"
		R_NS[xb-fg-pass]=fg-$max R_EXPECT[xb-fg-pass]=pass R_ARGS[xb-fg-pass]="dev=b0 src=fixed:198.18.0.1" R_FG[xb-fg-pass]=1
		A_ROWS+=(xb-nohook pg-nohook)
		B_ROWS+=(xb-fg-pass pg-fg-pass pg-fg-drop)
	fi

	row cp-fg control cp - "$max" "floodgate block load"
	row cp-nft control cp - "$max" "nft -f (interval set)"
	row cp-ipset control cp - "$max" "ipset restore (hash:net, presized)"

	# The SYN proxy: tests/bench/guest-synproxy.sh.
	sp_rows
	sp_setup || return 1

	local all=()
	for n in "${sizes[@]}"; do
		all+=("fg-$n" "nfti-$n" "nfth-$n" "ipset-$n")
	done
	[ "$extra" = 1 ] && all+=(fg32)
	all+=(rl-fg rl-nft)
	mkns "${all[@]}" || { fail "cannot make namespaces"; return 1; }

	# The nftables and ipset tables, once: round 1's control-plane
	# samples are the loads of the largest size.
	round=1
	for n in "${sizes[@]}"; do
		local t0
		if [ "$n" = "$max" ]; then
			timed_load "nfti-$n" nft -f "$data/nft-interval-$n.nft" &&
				cp_sample cp-nft "$TL_S" "$TL_KB" ""
		else
			t0=$(now_ns)
			nft_load "nfti-$n" "$data/nft-interval-$n.nft" || fail "nft -f nft-interval-$n"
			say "setup: nft interval $n entries in $(ms_since "$t0") ms"
		fi
		t0=$(now_ns)
		nft_load "nfth-$n" "$data/nft-hash-$n.nft" || fail "nft -f nft-hash-$n"
		say "setup: nft hash $n entries in $(ms_since "$t0") ms"
		if [ "$n" = "$max" ]; then
			timed_load "ipset-$n" ipset restore -file "$data/ipset-$n.txt" &&
				cp_sample cp-ipset "$TL_S" "$TL_KB" "$(ipset_mem "ipset-$n")"
		else
			t0=$(now_ns)
			ipset_load "ipset-$n" "$data/ipset-$n.txt" || fail "ipset restore ipset-$n"
			say "setup: ipset $n entries in $(ms_since "$t0") ms"
		fi
		inns "ipset-$n" iptables-legacy -t raw -A PREROUTING \
			-m set --match-set blk src -j DROP || fail "iptables-legacy in ipset-$n"
	done
	# The elements' timeout only has to outlast rl_unit: the set is
	# flushed at its end.
	inns rl-nft nft -f - <<-EOF || fail "nft meter in rl-nft"
		table ip fgb {
			set m {
				type ipv4_addr
				size $rl_max
				flags dynamic,timeout
				timeout 10m
			}
			chain pre {
				type filter hook prerouting priority raw; policy accept;
				add @m { ip saddr limit rate over 10/second burst 10 packets } drop
			}
		}
	EOF
	# Nothing may hook the baseline namespace but fg_bench itself (and
	# floodgate in phase B). Debian's 6.1 has no `nft list hooks`.
	[ -z "$(inns base nft list ruleset)" ] || fail "nftables rules in the baseline namespace"
	[ "$(inns base iptables-legacy-save | grep -c '^-A')" = 0 ] ||
		fail "iptables rules in the baseline namespace"
	return 0
}

# --- Rounds ----------------------------------------------------------------

phase_a() {
	local id
	! grep -q '^floodgate ' /proc/modules || fail "floodgate is loaded in phase A"
	for id in $(shuffled "${A_ROWS[@]}"); do
		case $id in
		pg-nohook) pg_measure pg-nohook base 198.18.0.1 pass ;;
		rl-nft) rl_unit nft ;;
		sp-*) sp_measure "$id" ;;
		*) measure "$id" ;;
		esac
	done
}

phase_b() {
	local n t0 st id
	# floodgate.ko uses nf_synproxy_core's symbols; insmod does not load it.
	modprobe nf_synproxy_core || { fail "cannot load nf_synproxy_core"; return; }
	insmod "$moddir/floodgate.ko" || { fail "cannot load floodgate"; return; }
	for n in "${sizes[@]}"; do
		[ "$n" = "$max" ] && continue
		t0=$(now_ns)
		"$cli" -n "fg-$n" block load "$data/fg-mixed-$n.txt" >/dev/null ||
			fail "floodgate block load fg-mixed-$n"
		say "round $round: floodgate $n entries in $(ms_since "$t0") ms"
	done
	if timed_load "fg-$max" "$cli" block load "$data/fg-mixed-$max.txt"; then
		st=$("$cli" -n "fg-$max" -j status | sed -n 's/.*"block":{"entries":\([0-9]*\),"capacity":[0-9]*,"memory":\([0-9]*\).*/\1 \2/p')
		[ "${st% *}" = "$max" ] || fail "floodgate has '${st% *}' entries, not $max"
		cp_sample cp-fg "$TL_S" "$TL_KB" "${st#* }"
	fi
	if [ "$extra" = 1 ]; then
		t0=$(now_ns)
		"$cli" -n fg32 block load "$data/fg-32-$max.txt" >/dev/null ||
			fail "floodgate block load fg-32-$max"
		say "round $round: floodgate $max /32 entries in $(ms_since "$t0") ms"
	fi
	for id in $(shuffled "${B_ROWS[@]}"); do
		case $id in
		pg-fg-pass) pg_measure pg-fg-pass "fg-$max" 198.18.0.1 pass ;;
		pg-fg-drop) pg_measure pg-fg-drop "fg-${sizes[0]}" 16.0.0.1 drop ;;
		rl-fg) rl_unit fg ;;
		sp-fg) sp_fg ;;
		*) measure "$id" ;;
		esac
	done
	"$cli" -n "fg-$max" allow load "$data/allow-1000.txt" >/dev/null ||
		fail "floodgate allow load"
	measure fg-pass-both
	t0=$(now_ns)
	rmmod floodgate || fail "cannot unload floodgate"
	say "round $round: floodgate unloaded in $(ms_since "$t0") ms"
}

phase_c() {
	mkns cp-nft || return
	timed_load cp-nft nft -f "$data/nft-interval-$max.nft" &&
		cp_sample cp-nft "$TL_S" "$TL_KB" ""
	ip netns del cp-nft
	mkns cp-ipset || return
	timed_load cp-ipset ipset restore -file "$data/ipset-$max.txt" &&
		cp_sample cp-ipset "$TL_S" "$TL_KB" "$(ipset_mem cp-ipset)"
	inns cp-ipset ipset destroy blk
	ip netns del cp-ipset
}

# The SYN proxy's rows.
# shellcheck source=tests/bench/guest-synproxy.sh
. "$(dirname "$0")/guest-synproxy.sh"

t_all=$(now_ns)
say "mode $FGB_MODE: sizes ${sizes[*]}, $rounds rounds, $packets packets a sample, rate limiter $rl_keys sources in $rl_max keys"
if set_up; then
	say "setup done in $(ms_since "$t_all") ms"
	for round in $(seq "$rounds"); do
		t0=$(now_ns)
		phase_a
		phase_b
		[ "$round" -gt 1 ] && phase_c
		say "round $round done in $(ms_since "$t0") ms"
	done
fi
say "finished in $(ms_since "$t_all") ms, $failures failures"
echo "failures=$failures" >>"$out/guest.txt"
[ "$failures" -eq 0 ]
