#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make demo: boot Debian's stock kernel in a VM, load floodgate, and show it
# at work on a small topology (scripts/demo-guest.sh): a client, an
# attacker, an edge host running floodgate, and a server. Three acts, each
# with the edge's counters printed live: a UDP flood blocked by hand, a
# flood the rate limiter blocks by itself (about 20 seconds for these two),
# and a spoofed SYN flood the SYN proxy answers with cookies (about 30
# more), then a summary.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$FG_TOP"

scripts/deps.sh
read -r _ kdir < <(fg_stock_kdir)
echo "demo: building floodgate for $(basename "$kdir" | sed 's/^linux-headers-//')"
scripts/kbuild.sh "$kdir" build/stock >/dev/null
make -s -C userspace

out=$FG_TOP/build/demo
rm -rf "$out"
mkdir -p "$out"
: >"$out/console.log"
echo "demo: booting the stock kernel (an emulated machine: give it a minute)"
rc=0
scripts/vm-run --kernel stock --out "$out" --log "$out/console.log" \
	--timeout 600 -- env FG_MODDIR="$FG_TOP/build/stock" \
	FG_CLI="$FG_TOP/userspace/floodgate" scripts/demo-guest.sh &
vm=$!
# Show the demo's own lines as they come; the console has the rest.
tail -n +1 -f "$out/console.log" --pid "$vm" |
	sed -un 's/\r$//; s/^demo| \{0,1\}//p' || true
wait "$vm" || rc=$?
if [ "$rc" -ne 0 ]; then
	echo "demo: failed (exit $rc); console in $out/console.log" >&2
fi
exit "$rc"
