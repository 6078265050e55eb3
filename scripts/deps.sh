#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install every Debian package that building and testing floodgate needs.
# Idempotent: packages already present are skipped, and the package lists
# are refreshed at most once per run (only when something is missing).
set -euo pipefail

packages=(
	# module and CLI build
	build-essential make gcc flex bison bc kmod cpio xz-utils zstd
	libelf-dev libssl-dev dwarves ccache sparse pkg-config git
	libmnl-dev libnl-genl-3-dev
	# the debug kernel is LZ4-compressed (tests/vm/base.config); lint
	# runs shellcheck on the test rig's scripts
	lz4 shellcheck
	# target kernels: Debian's stock kernel, its headers, and the source
	# tree the debug kernel, checkpatch and kunit.py come from
	linux-source-6.1 linux-headers-amd64 linux-image-amd64
	# the guest
	qemu-system-x86 busybox-static
	# tools the tests and the demo run inside the guest (over 9p)
	iproute2 nftables ipset iptables conntrack iperf3 curl hping3
	netsniff-ng socat python3 procps tcpdump ethtool iputils-ping
	# the selftests read the CLI's JSON with jq; setpriv and unshare (util-linux)
	jq util-linux
	# bench output
	gnuplot-nox
)

missing=()
for p in "${packages[@]}"; do
	if ! dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null | grep -qx installed; then
		missing+=("$p")
	fi
done

if [ ${#missing[@]} -eq 0 ]; then
	exit 0
fi

echo "deps: installing ${missing[*]}"
SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
