#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of the KUnit run (started by scripts/kunit.sh through
# scripts/vm-run): load floodgate.ko and floodgate_kunit.ko, whose suites
# run as the module loads, and save their KTAP output for the host to
# parse: the kernel log of the load (kunit.log), and each suite's debugfs
# results file. The host parses the log: in 6.1 a debugfs results file
# keeps only the last case of a parameterized test.
#
#   tests/kunit/guest.sh MODDIR
set -euo pipefail

moddir=$1
out=$FG_OUT/kunit
mkdir -p "$out"

insmod "$moddir/floodgate.ko"
dmesg -C
insmod "$moddir/floodgate_kunit.ko"
dmesg --notime >"$out/kunit.log"

n=0
for d in /sys/kernel/debug/kunit/floodgate_*; do
	[ -e "$d/results" ] || continue
	cp "$d/results" "$out/$(basename "$d").ktap"
	n=$((n + 1))
done
echo "kunit: $n suites"

rmmod floodgate_kunit
rmmod floodgate
[ "$n" -gt 0 ]
