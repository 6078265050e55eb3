#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# PID 1 of the test guests started by scripts/vm-run, on both kernels: the
# debug kernel execs it directly from the 9p root (init=), the stock kernel
# via tests/vm/initramfs-init.
#
# The root filesystem is the host's, read-only. This script makes the few
# writable and virtual filesystems tools expect, mounts vm-run's output
# directory (9p tag "out") at /run/fg-out, runs /run/fg-out/cmd from the
# repository with the console as stdout and stderr, lets kmemleak have its
# say on the debug kernel, records the exit status and powers off.
#
# Contract with scripts/vm-run:
#   kernel command line   fg.kernel=debug|stock   fg.kdir=<KDIR of the kernel>
#   /run/fg-out/cmd       bash script to run (written by vm-run)
#   /run/fg-out/status    its exit status, written here
#   console               "FG-GUEST-EXIT: <status>" once everything is done
#
# The command's environment: FG_OUT=/run/fg-out, FG_KERNEL=debug|stock,
# FG_REPO=<repository>, FG_KDIR=<KDIR of the running kernel>, cwd=FG_REPO,
# stdin=/dev/null.
set -euo pipefail

export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
# Output goes to a serial log, not a terminal: no colours, no pagers.
export TERM=dumb
export HOME=/root
export PYTHONDONTWRITEBYTECODE=1

out=/run/fg-out
repo=${0%/*}/../..
repo=$(cd "$repo" && pwd)

# Setup uses busybox (static) and bash builtins rather than the root's
# dynamically linked tools: under TCG every exec of a dynamic binary costs
# tens of milliseconds in the loader alone, and boot time is paid by every
# test.
bb=/bin/busybox

# PID 1 must never return: the kernel would panic, and vm-run would report a
# kernel panic instead of the real problem (no exit marker). Whatever
# happens, sync and power off; QEMU runs with -no-reboot, so the reboot
# fallback ends it too.
shutdown() {
	$bb sync
	$bb poweroff -f
	$bb reboot -f
}
trap shutdown EXIT

# mnt TYPE DIR [OPTIONS]: mount unless something already is (the kernel
# mounts /dev itself with DEVTMPFS_MOUNT, the initramfs hands it over).
# The source is named after the type, except for 9p where it is the tag.
mnt() {
	local src=$1 dir rest
	[ "$1" != 9p ] || src=out
	if [ -e /proc/self/mounts ]; then
		while read -r _ dir rest; do
			[ "$dir" != "$2" ] || return 0
		done </proc/self/mounts
	fi
	$bb mount -t "$1" ${3:+-o "$3"} "$src" "$2"
}
mnt proc /proc
mnt sysfs /sys
mnt devtmpfs /dev
$bb mkdir -p /dev/pts /dev/shm
mnt devpts /dev/pts gid=5,mode=620,ptmxmode=666
mnt tmpfs /dev/shm mode=1777
# devtmpfs has no /dev/fd: bash process substitution and many scripts need it.
$bb ln -sfn /proc/self/fd /dev/fd
$bb ln -sfn /proc/self/fd/0 /dev/stdin
$bb ln -sfn /proc/self/fd/1 /dev/stdout
$bb ln -sfn /proc/self/fd/2 /dev/stderr
mnt debugfs /sys/kernel/debug
# Everything below /run, /tmp and /var/tmp is scratch for the tests (ip
# netns keeps its mount points in /run/netns). The rest of the root stays
# read-only: tests write their results to $FG_OUT.
mnt tmpfs /run mode=755
mnt tmpfs /tmp mode=1777
mnt tmpfs /var/tmp mode=1777
$bb mkdir -p /run/lock "$out"
mnt 9p "$out" trans=virtio,version=9p2000.L,msize=512000

kernel=unknown
kdir=
read -ra cmdline </proc/cmdline
for arg in "${cmdline[@]}"; do
	case $arg in
	fg.kernel=*) kernel=${arg#fg.kernel=} ;;
	fg.kdir=*) kdir=${arg#fg.kdir=} ;;
	esac
done

# The debug kernel's own modules (the few =m options) are not under the
# host's /lib/modules: scripts/debug-kernel.sh installs them into its build
# tree, shown here in place of the host's modules so that modprobe works.
read -r release </proc/sys/kernel/osrelease
if [ ! -d "/lib/modules/$release" ] && [ -d "$kdir/fg-modules/lib/modules/$release" ]; then
	$bb mount -t tmpfs -o mode=755 tmpfs /lib/modules
	$bb ln -s "$kdir/fg-modules/lib/modules/$release" "/lib/modules/$release"
fi

# Turn every WARN and oops into a panic: the guest stops at the first
# problem instead of carrying on in an undefined state, and vm-run sees it.
echo 1 >/proc/sys/kernel/panic_on_warn
echo 1 >/proc/sys/kernel/panic_on_oops
echo fg-guest >/proc/sys/kernel/hostname
$bb ip link set lo up

kmemleak=/sys/kernel/debug/kmemleak
[ -w "$kmemleak" ] || kmemleak=

read -r uptime _ </proc/uptime
echo "fg-init: $release ($kernel), running command at ${uptime}s"

status=0
(
	cd "$repo"
	export FG_OUT=$out FG_KERNEL=$kernel FG_REPO=$repo FG_KDIR=$kdir
	exec bash "$out/cmd" </dev/null
) || status=$?

if [ -n "$kmemleak" ]; then
	# kmemleak ignores objects younger than 5 s, and a pointer that only
	# sat in a register during one scan makes a false positive that the
	# next scan clears. So: let the test's last allocations age (and
	# asynchronous cleanup such as netns teardown finish), scan twice,
	# and show what the last scan still finds unreferenced. Each scan
	# takes seconds under TCG, hence only two.
	$bb sleep 5
	echo scan >"$kmemleak"
	echo scan >"$kmemleak"
	cat "$kmemleak"
fi

echo "$status" >"$out/status"
$bb sync
echo "FG-GUEST-EXIT: $status"
# shutdown() runs from the EXIT trap.
