#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of the KUnit run (started by scripts/kunit.sh through
# scripts/vm-run): load floodgate.ko and floodgate_kunit.ko, whose suites
# run as the module loads, and copy every floodgate suite's KTAP results
# from debugfs to $FG_OUT/kunit/ for the host to parse.
#
#   tests/kunit/guest.sh MODDIR
set -euo pipefail

moddir=$1
out=$FG_OUT/kunit
mkdir -p "$out"

insmod "$moddir/floodgate.ko"
insmod "$moddir/floodgate_kunit.ko"

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
