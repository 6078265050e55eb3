#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench: floodgate against nftables and ipset (iptables raw + set
# match), side by side, in one boot of Debian's stock kernel under QEMU.
#
#   scripts/bench.sh            full run: 1 to 1,000,000 entries, the rate
#                               limiter with 1,000,000 sources, 5 rounds
#                               (about 30 minutes on an idle 2-CPU host)
#   QUICK=1 scripts/bench.sh    quick run (make bench QUICK=1): up to
#                               100,000 entries and sources, 3 rounds
#                               (about 2 minutes; under 5 on a busy host)
#   scripts/bench.sh --smoke    smoke test for make check: 1 and 1,000
#                               entries, 10,000 sources, 2 rounds, tiny
#                               packet counts (about 1 minute); exits 1
#                               if anything fails
#
# What it does (Documentation/benchmarks.md explains what the figures mean):
#   1. builds floodgate.ko (scripts/kbuild.sh, build/stock), the CLI and
#      the bench module tests/bench/fg_bench.ko (build/bench/mod, W=1: any
#      compiler warning fails the run) against the stock kernel's headers;
#   2. writes the entry lists every tool loads, the same prefixes in each
#      tool's format (build/bench/MODE/data);
#   3. boots the stock kernel once (scripts/vm-run) and runs
#      tests/bench/guest.sh there: every configuration, round after round;
#   4. turns the samples into one table, a CSV and a PNG chart
#      (tests/bench/report.py, gnuplot), in bench/:
#        bench/bench-MODE.txt          the table (also printed)
#        bench/bench-MODE.csv          one line per row: medians, spread
#        bench/bench-MODE-samples.csv  every sample of every round
#        bench/bench-MODE.png          the drop path and the control plane
#        bench/bench-MODE-console.log  the guest's console
#
# Environment: QUICK=1 (quick mode), FGB_ROUNDS (override the number of
# rounds), FGB_KEEP=1 (keep build/bench/MODE after a successful run).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$FG_TOP"

mode=full
[ "${QUICK:-0}" = 0 ] || [ -z "${QUICK:-}" ] || mode=quick
case ${1:-} in
--smoke) mode=smoke ;;
--quick) mode=quick ;;
--full) mode=full ;;
'') ;;
*)
	sed -n '6,17s/^# \{0,1\}//p' "$0" >&2
	exit 2
	;;
esac

# Per mode: table sizes, packets per sample, rounds, guest memory, timeout.
# The largest size is also the control-plane size (the list each tool
# loads, timed, every round) and the table behind the peacetime rows.
case $mode in
full)
	sizes="1 1000 100000 1000000" packets=51200 rounds=5 mem=4096
	timeout=10800 extra=1 settle=1 pktgen=1 pg_runs=5 rl_keys=1000000
	;;
quick)
	sizes="1 1000 100000" packets=12800 rounds=3 mem=2048
	timeout=600 extra=0 settle=0 pktgen=0 pg_runs=0 rl_keys=100000
	;;
smoke)
	sizes="1 1000" packets=2560 rounds=2 mem=1536 timeout=420 extra=1
	settle=0 pktgen=1 pg_runs=3 rl_keys=10000
	;;
esac
# The rate limiter's key table (and the nft meter's set) holds twice the
# sources it is filled with, rounded up to a power of two: 8-way sets
# filled to the brim would push some of them out (at 1,000,000 keys in
# 1,048,576 slots, about one in eight).
rl_max=1
while [ "$rl_max" -lt $((2 * rl_keys)) ]; do rl_max=$((rl_max * 2)); done
rounds=${FGB_ROUNDS:-$rounds}
batch=256

log() { echo "bench: $*" >&2; }
t_start=$(date +%s)

scripts/deps.sh
read -r release kdir < <(fg_stock_kdir)

# 1. Builds. The bench module goes in a directory of its own, like
# scripts/kbuild.sh does for floodgate, so that nothing lands in the tree.
log "$mode run: building floodgate, the CLI and fg_bench for $release"
scripts/kbuild.sh "$kdir" build/stock >/dev/null
make -s -C userspace >/dev/null
mod=$FG_TOP/build/bench/mod
mkdir -p "$mod"
cp tests/bench/fg_bench.c tests/bench/Kbuild "$mod/"
blog=$mod/build.log
if ! make -C "$kdir" M="$mod" W=1 modules >"$blog" 2>&1; then
	cat "$blog" >&2
	log "fg_bench.ko does not build"
	exit 1
fi
if grep -vE '^(make(\[[0-9]+\])?: (Entering|Leaving) directory|  (CC|LD|MODPOST|BTF)( \[M\])? |Skipping BTF generation)' "$blog" >&2; then
	log "fg_bench.ko built with warnings (above)"
	exit 1
fi

# 2. The entry lists. Entry k of the bench layout owns the /24 at
# 16.0.0.0 + (k * 2654435761 mod 2^20) << 8 (tests/bench/fg_bench.c sends
# "blocked:N" floods from the .1 of a random entry below N). In the mixed
# layout entries k = 13, 14, 15 mod 16 are that block's /30, /28 and /24,
# the others the /32 of its .1: four prefix lengths, 1 in 16 of each
# shorter one. The /32 layout has only the .1 addresses: a hash set holds
# nothing else. No two entries overlap, so nft's interval sets take them.
run=$FG_TOP/build/bench/$mode
rm -rf "$run"
data=$run/data
mkdir -p "$data" "$run/bin"
# The guest runs copies: a long run must not see a module or CLI that
# someone rebuilds in the meantime (make check does), nor a guest script
# edited under it (bash reads a script as it goes).
cp build/stock/floodgate.ko userspace/floodgate "$mod/fg_bench.ko" \
	tests/bench/guest.sh tests/bench/guest-synproxy.sh "$run/bin/"

gen() { # gen N LAYOUT FORMAT
	awk -v n="$1" -v layout="$2" -v fmt="$3" '
	function entry(k,   b, r, p, h, a) {
		b = (k * 2654435761) % 1048576
		p = 32; h = 1
		if (layout == "mixed") {
			r = k % 16
			if (r == 13) { p = 30; h = 0 }
			else if (r == 14) { p = 28; h = 0 }
			else if (r == 15) { p = 24; h = 0 }
		}
		a = sprintf("%d.%d.%d.%d", 16 + int(b / 65536), int(b / 256) % 256, b % 256, h)
		return p == 32 ? a : a "/" p
	}
	BEGIN {
		if (fmt == "nft") {
			print "table ip fgb {"
			print "\tset blk {"
			print "\t\ttype ipv4_addr"
			if (layout == "mixed")
				print "\t\tflags interval"
			print "\t}"
			print "\tchain pre {"
			print "\t\ttype filter hook prerouting priority raw; policy accept;"
			print "\t\tip saddr @blk drop"
			print "\t}"
			print "}"
		} else if (fmt == "ipset") {
			hs = 1024
			while (hs < n) hs *= 2
			printf "create blk hash:net family inet hashsize %d maxelem %d\n", hs, (n > 65536 ? n : 65536)
		}
		for (k = 0; k < n; k++) {
			if (fmt == "fg") {
				print entry(k)
			} else if (fmt == "ipset") {
				print "add blk " entry(k)
			} else {
				if (k % 1000 == 0)
					printf "add element ip fgb blk { %s", entry(k)
				else
					printf ", %s", entry(k)
				if (k % 1000 == 999 || k == n - 1)
					print " }"
			}
		}
	}'
}
max=${sizes##* }
for n in $sizes; do
	gen "$n" mixed fg >"$data/fg-mixed-$n.txt"
	gen "$n" mixed nft >"$data/nft-interval-$n.nft"
	gen "$n" 32 nft >"$data/nft-hash-$n.nft"
	gen "$n" mixed ipset >"$data/ipset-$n.txt"
done
[ "$extra" = 0 ] || gen "$max" 32 fg >"$data/fg-32-$max.txt"
# The allowlist of the peacetime rows: 1,000 entries in 100.64.0.0/10,
# /24, /28, /30 and /32 in turn, none of them the flood's 198.18.0.0/15.
awk 'BEGIN {
	split("24 28 30 32", len, " ")
	for (j = 0; j < 1000; j++) {
		p = len[j % 4 + 1]
		a = sprintf("100.%d.%d.%d", 64 + int(j / 256), j % 256, p == 32 ? 1 : 0)
		print p == 32 ? a : a "/" p
	}
}' >"$data/allow-1000.txt"

# What the guest cannot see: the host it emulates on, and how busy it is.
{
	echo "host_cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
	echo "host_cpus=$(nproc)"
	echo "host_kernel=$(uname -r)"
	echo "host_load_before=$(cut -d' ' -f1-3 /proc/loadavg)"
	echo "qemu=$(qemu-system-x86_64 --version | head -n 1)"
	echo "mode=$mode"
	echo "rounds=$rounds"
	echo "packets=$packets"
	echo "batch=$batch"
	echo "sizes=$sizes"
	echo "rl_keys=$rl_keys"
	echo "rl_max=$rl_max"
	echo "guest_mem_mb=$mem"
	echo "commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD -- kmod include 2>/dev/null || echo '+dirty(kmod)')"
	echo "date=$(date -u +%FT%TZ)"
} >"$run/host.txt"

# 3. One boot, every configuration. vm-run runs from a private copy next
# to the original: bash reads a script as it goes, and the run is long
# enough for someone to edit scripts/vm-run in the meantime.
log "booting the stock kernel ($mem MB, 2 vCPUs, timeout ${timeout}s)"
vmrun=$(mktemp "$FG_TOP/scripts/.vm-run.bench.XXXXXX")
trap 'rm -f "$vmrun"' EXIT
cp scripts/vm-run "$vmrun"
chmod 755 "$vmrun"
rc=0
"$vmrun" --kernel stock --mem "$mem" --timeout "$timeout" --out "$run" \
	-- env FGB_MODE="$mode" FGB_SIZES="$sizes" FGB_PACKETS="$packets" \
	FGB_BATCH="$batch" FGB_ROUNDS="$rounds" FGB_EXTRA="$extra" \
	FGB_SETTLE="$settle" FGB_PKTGEN="$pktgen" FGB_PG_RUNS="$pg_runs" \
	FGB_RL_KEYS="$rl_keys" FGB_RL_MAX="$rl_max" \
	FGB_DATA="$data" FGB_MOD="$run/bin/fg_bench.ko" \
	FG_MODDIR="$run/bin" FG_CLI="$run/bin/floodgate" \
	"$run/bin/guest.sh" || rc=$?
echo "host_load_after=$(cut -d' ' -f1-3 /proc/loadavg)" >>"$run/host.txt"
echo "wall_seconds=$(($(date +%s) - t_start))" >>"$run/host.txt"

mkdir -p bench
cp "$run/console.log" "bench/bench-$mode-console.log" 2>/dev/null || true
if [ "$rc" -ne 0 ]; then
	log "the guest run failed (exit $rc); console: bench/bench-$mode-console.log"
	grep -a 'bench| FAIL' "$run/console.log" | sed 's/^/  /' >&2 || true
fi

# 4. The report. It fails if a sample is missing or a check failed.
prc=0
python3 tests/bench/report.py "$run" bench "$mode" || prc=$?
if [ "$prc" -eq 0 ] && [ "$rc" -eq 0 ]; then
	log "done in $(($(date +%s) - t_start)) s: bench/bench-$mode.{txt,csv,png}"
	[ "${FGB_KEEP:-0}" = 1 ] || rm -rf "$data"
	exit 0
fi
log "FAILED (guest exit $rc, report exit $prc); run directory: $run"
exit 1
