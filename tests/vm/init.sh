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
cd "${0%/*}/../.."
repo=$PWD
cd /
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

# Setup is written to need few processes: under TCG, and even more so on
# the debug kernel, every fork and exec costs tens to hundreds of
# milliseconds, and boot time is paid by every test. Hence bash builtins
# where possible, one `mount -a` for all filesystems and one busybox shell
# for the rest.
# /proc is never mounted yet (the initramfs unmounts its own), and what is
# there is the host's, seen through 9p: do not look, mount.
$bb mount -t proc proc /proc
mounted() {
	local dir rest
	while read -r _ dir rest; do
		[ "$dir" != "$1" ] || return 0
	done </proc/self/mounts
	return 1
}
# The kernel mounts /dev itself on the debug kernel (DEVTMPFS_MOUNT); the
# initramfs hands its own over on the stock one.
mounted /dev || $bb mount -t devtmpfs devtmpfs /dev

kernel=unknown
kdir=
read -ra cmdline </proc/cmdline
for arg in "${cmdline[@]}"; do
	case $arg in
	fg.kernel=*) kernel=${arg#fg.kernel=} ;;
	fg.kdir=*) kdir=${arg#fg.kdir=} ;;
	esac
done
read -r release </proc/sys/kernel/osrelease
# The debug kernel's own modules (the few =m options) are not under the
# host's /lib/modules: scripts/debug-kernel.sh installs them into its build
# tree, shown here in place of the host's modules so that modprobe works.
modules=
if [ ! -d "/lib/modules/$release" ] && [ -d "$kdir/fg-modules/lib/modules/$release" ]; then
	modules=$kdir/fg-modules/lib/modules/$release
fi

# Everything below /run, /tmp and /var/tmp is scratch for the tests (ip
# netns keeps its mount points in /run/netns). The rest of the root stays
# read-only: tests write their results to $FG_OUT, vm-run's --out
# directory, shared read-write over 9p with the tag "out".
fstab=/dev/.fg-fstab
{
	echo "sysfs /sys sysfs defaults 0 0"
	echo "debugfs /sys/kernel/debug debugfs defaults 0 0"
	echo "devpts /dev/pts devpts gid=5,mode=620,ptmxmode=666,X-mount.mkdir 0 0"
	echo "tmpfs /dev/shm tmpfs mode=1777,X-mount.mkdir 0 0"
	echo "tmpfs /run tmpfs mode=755 0 0"
	echo "tmpfs /tmp tmpfs mode=1777 0 0"
	echo "tmpfs /var/tmp tmpfs mode=1777 0 0"
	echo "out $out 9p trans=virtio,version=9p2000.L,msize=512000,X-mount.mkdir 0 0"
	# After the tmpfs lines: a repository below /tmp or /run stays visible.
	echo "repo $repo 9p trans=virtio,version=9p2000.L,msize=512000,cache=loose,ro,X-mount.mkdir 0 0"
	[ -z "$modules" ] || echo "tmpfs /lib/modules tmpfs mode=755 0 0"
} >"$fstab"
# util-linux mount: skips what is already mounted, creates mount points.
mount -a -T "$fstab"

# devtmpfs has no /dev/fd and /dev/std*: bash process substitution and many
# scripts need them.
# shellcheck disable=SC2016 # expanded by busybox sh, from its arguments
$bb sh -c '
	set -e
	ln -sfn /proc/self/fd /dev/fd
	ln -sfn /proc/self/fd/0 /dev/stdin
	ln -sfn /proc/self/fd/1 /dev/stdout
	ln -sfn /proc/self/fd/2 /dev/stderr
	mkdir -p /run/lock
	[ -z "$1" ] || ln -s "$1" "/lib/modules/$2"
	ip link set lo up
' sh "$modules" "$release"

# Turn every WARN and oops into a panic: the guest stops at the first
# problem instead of carrying on in an undefined state, and vm-run sees it.
echo 1 >/proc/sys/kernel/panic_on_warn
echo 1 >/proc/sys/kernel/panic_on_oops
echo fg-guest >/proc/sys/kernel/hostname

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
