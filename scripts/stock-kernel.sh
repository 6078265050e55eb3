#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Locate Debian's stock kernel and build (or reuse) the small initramfs that
# lets it boot from the host's root filesystem over virtio-9p.
#
#   scripts/stock-kernel.sh
#   KERNEL=/boot/vmlinuz-6.1.0-56-amd64
#   INITRD=/var/cache/floodgate/stock-6.1.0-56-amd64/initramfs.cpio.gz
#   KDIR=/usr/src/linux-headers-6.1.0-56-amd64
#   RELEASE=6.1.0-56-amd64
#
# The kernel is the newest /boot/vmlinuz-*-amd64 whose headers are
# installed, so that modules built against KDIR load into it. Debian builds
# virtio and 9p as modules, hence the initramfs: busybox-static, the .ko
# files needed to reach the 9p root (resolved with modprobe --show-depends,
# insmod-ed in that order) and tests/vm/initramfs-init as /init, which
# mounts the root and hands over to tests/vm/init.sh. Everything past that
# point, including modprobe of other in-tree modules, uses the host's
# /lib/modules/<release> through the 9p root.
#
# stdout carries only the KEY=value lines above; diagnostics go to stderr.
#
# Environment:
#   FG_CACHE   cache root (default /var/cache/floodgate)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
FG_CACHE=${FG_CACHE:-/var/cache/floodgate}
init_script=$repo/tests/vm/initramfs-init
# What the guest needs to mount its root: PCI transport, 9p over virtio, the
# 9p filesystem. Dependencies (virtio_ring, netfs, fscache...) are resolved
# below rather than listed, so a kernel update that splits a module does not
# break the boot.
root_modules=(virtio_pci 9pnet_virtio 9p)

log() { echo "stock-kernel: $*" >&2; }
die() { log "$*"; exit 1; }

release=
while read -r vmlinuz; do
	rel=${vmlinuz#/boot/vmlinuz-}
	if [ -e "/usr/src/linux-headers-$rel/Makefile" ] && [ -d "/lib/modules/$rel" ]; then
		release=$rel
	fi
done < <(find /boot -maxdepth 1 -name 'vmlinuz-*-amd64' | sort -V)
[ -n "$release" ] ||
	die "no /boot/vmlinuz-*-amd64 with matching /usr/src/linux-headers-*: run scripts/deps.sh"
kernel=/boot/vmlinuz-$release
# Debian installs vmlinuz mode 0600; QEMU reads it as the invoking user.
[ -r "$kernel" ] || die "$kernel is not readable (it is root-only): run as root"

cachedir=$FG_CACHE/stock-$release
initrd=$cachedir/initramfs.cpio.gz
mkdir -p "$cachedir"

# Resolve the module list first: it is part of what the cached initramfs
# must match, together with /init and this script.
mods=()
for m in "${root_modules[@]}"; do
	deps=$(modprobe --show-depends -S "$release" "$m") ||
		die "modprobe cannot resolve $m for $release"
	while read -r verb path _; do
		[ "$verb" = insmod ] || continue # "builtin x": nothing to load
		case " ${mods[*]} " in
		*" $path "*) ;;
		*) mods+=("$path") ;;
		esac
	done <<<"$deps"
done

key=$({
	sha256sum "$init_script" "${BASH_SOURCE[0]}" /bin/busybox
	printf '%s\n' "${mods[@]}"
} | sha256sum | cut -c1-16)

exec 9>"$cachedir/initramfs.lock"
flock 9
if [ ! -e "$initrd" ] || [ "$(cat "$cachedir/initramfs.key" 2>/dev/null)" != "$key" ]; then
	log "building $initrd"
	stage=$(mktemp -d)
	trap 'rm -rf "$stage"' EXIT
	chmod 755 "$stage"
	mkdir -p "$stage"/{bin,dev,proc,sys,newroot,modules}
	cp /bin/busybox "$stage/bin/busybox"
	cp "$init_script" "$stage/init"
	chmod 755 "$stage/init"
	# Numbered copies keep the insmod order without a separate list.
	i=0
	for path in "${mods[@]}"; do
		i=$((i + 1))
		cp "$path" "$stage/modules/$(printf %02d "$i")-$(basename "$path")"
	done
	# The kernel opens /dev/console for /init before anything can mount
	# devtmpfs; without the node /init would run with no stdout.
	mknod -m 600 "$stage/dev/console" c 5 1
	(cd "$stage" && find . | LC_ALL=C sort | cpio --quiet -o -H newc -R 0:0) |
		gzip -1 >"$initrd.tmp"
	mv "$initrd.tmp" "$initrd"
	echo "$key" >"$cachedir/initramfs.key"
fi
flock -u 9

echo "KERNEL=$kernel"
echo "INITRD=$initrd"
echo "KDIR=/usr/src/linux-headers-$release"
echo "RELEASE=$release"
