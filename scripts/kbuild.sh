#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the module from this working tree against one kernel, in a separate
# directory, so that builds for several kernels (Debian's stock kernel, the
# debug kernel) do not overwrite each other's objects in the source tree.
#
#   scripts/kbuild.sh KDIR OUTDIR [make arguments...]
#
# Leaves OUTDIR/floodgate.ko (and floodgate_kunit.ko when the kernel has
# KUnit).
set -euo pipefail

kdir=$1 out=$2
shift 2
top=$(cd "$(dirname "$0")/.." && pwd)

if [ ! -e "$kdir/Makefile" ]; then
	echo "kbuild: no kernel build tree at $kdir" >&2
	exit 1
fi
mkdir -p "$out"
out=$(cd "$out" && pwd)
# Copy only the module's sources; keep the objects of earlier builds so
# that make rebuilds only what changed.
tar -C "$top" -cf - Kbuild kmod include tests/kunit | tar -C "$out" -xf -
make -C "$kdir" M="$out" W=1 "$@" modules
