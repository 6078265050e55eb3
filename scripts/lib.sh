# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Shared helpers for the host-side scripts. Source it; it defines functions
# and FG_CACHE, and runs nothing.

# shellcheck disable=SC2034 # used by the scripts that source this
FG_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
FG_CACHE=${FG_CACHE:-/var/cache/floodgate}

# The Debian linux-source-6.1 tree, extracted once into the cache. Prints
# its path. checkpatch, kunit.py, kselftest_harness.h and the debug kernel
# all come from it, so they always match the kernel we target.
fg_ksrc() {
	local ver dir
	ver=$(dpkg-query -W -f='${Version}' linux-source-6.1 2>/dev/null) || {
		echo "floodgate: linux-source-6.1 is not installed (run scripts/deps.sh)" >&2
		return 1
	}
	dir=$FG_CACHE/src/linux-source-$ver
	if [ ! -e "$dir/.extracted" ]; then
		rm -rf "$dir"
		mkdir -p "$dir"
		tar -C "$dir" --strip-components=1 -xf /usr/src/linux-source-6.1.tar.xz
		touch "$dir/.extracted"
	fi
	echo "$dir"
}

# The build tree of the newest installed Debian stock kernel whose image and
# headers are both installed. Prints "RELEASE KDIR".
fg_stock_kdir() {
	local img rel
	for img in $(printf '%s\n' /boot/vmlinuz-*-amd64 | sort -rV); do
		[ -e "$img" ] || continue
		rel=${img#/boot/vmlinuz-}
		if [ -e "/usr/src/linux-headers-$rel/Makefile" ]; then
			echo "$rel /usr/src/linux-headers-$rel"
			return 0
		fi
	done
	echo "floodgate: no Debian amd64 kernel with matching headers installed (run scripts/deps.sh)" >&2
	return 1
}
