#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build (or reuse) the debug guest kernel and print its build directory.
#
#   scripts/debug-kernel.sh        -> /var/cache/floodgate/kernels/debug-...
#
# The kernel is Debian's linux-source-6.1 configured as `make tinyconfig` +
# tests/vm/base.config + tests/vm/debug.config. It is built out of tree
# (O=) in $FG_CACHE/kernels/debug-<source package version>-<fragment hash>,
# so that changing a fragment or upgrading linux-source gets a new tree and
# old trees stay valid for whoever still uses them. The printed directory
# is a complete KDIR: `make -C <dir> M=<module dir> modules` works, and
# <dir>/arch/x86/boot/bzImage is what scripts/vm-run boots.
#
# stdout carries only that path; progress goes to stderr and the full build
# log to <dir>/fg-build.log.
#
# Environment:
#   FG_CACHE   cache root (default /var/cache/floodgate)
#   FG_JOBS    make -j (default: nproc)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
FG_CACHE=${FG_CACHE:-/var/cache/floodgate}
jobs=${FG_JOBS:-$(nproc)}
fragments=("$repo/tests/vm/base.config" "$repo/tests/vm/debug.config")

log() { echo "debug-kernel: $*" >&2; }
die() { log "$*"; exit 1; }

pkgver=$(dpkg-query -W -f='${Version}' linux-source-6.1 2>/dev/null) ||
	die "linux-source-6.1 is not installed: run scripts/deps.sh"
tarball=/usr/src/linux-source-6.1.tar.xz
[ -r "$tarball" ] || die "$tarball missing: reinstall linux-source-6.1"

src=$FG_CACHE/linux-source-$pkgver
# Bump when the way the tree is configured or built changes, so that
# existing trees are not reused.
recipe=1
# The tree is named after what the fragments ask for, not how they are
# worded: editing a comment must not cost a rebuild.
hash=$({
	echo "recipe $recipe"
	grep -hE '^(CONFIG_|# CONFIG_[A-Za-z0-9_]+ is not set)' "${fragments[@]}" | LC_ALL=C sort
} | sha256sum | cut -c1-12)
kdir=$FG_CACHE/kernels/debug-$pkgver-$hash
mkdir -p "$FG_CACHE/kernels"

# Several `make check` jobs may ask for the kernel at once: one builds, the
# others wait for it. The lock files live next to, not inside, the trees.
exec 9>"$FG_CACHE/linux-source-$pkgver.lock"
flock 9
if [ ! -e "$src/Makefile" ]; then
	log "extracting $tarball into $src"
	tmp=$(mktemp -d "$FG_CACHE/.extract.XXXXXX")
	# Extract beside the final location and rename, so that an interrupted
	# extraction never leaves a half tree that looks complete.
	tar -xf "$tarball" -C "$tmp"
	rm -rf "$src"
	mv "$tmp/linux-source-6.1" "$src"
	rmdir "$tmp"
fi
flock -u 9

exec 9>"$kdir.lock"
flock 9

# fg-built is touched only after a complete build: bzImage alone can exist
# after a build that failed in the modules stage.
stamp=$kdir/fg-built
uptodate=1
[ -e "$kdir/arch/x86/boot/bzImage" ] && [ -e "$stamp" ] || uptodate=0
for f in "${fragments[@]}"; do
	[ "$stamp" -nt "$f" ] || uptodate=0
done
if [ "$uptodate" = 1 ]; then
	echo "$kdir"
	exit 0
fi

mkdir -p "$kdir"
buildlog=$kdir/fg-build.log
: >"$buildlog"
export CCACHE_DIR=$FG_CACHE/ccache
# nice: this is a background chore, tests and editors running beside it
# should not feel it.
# kmake <output dir> <make arguments...>
kmake() {
	local o=$1
	shift
	nice -n 10 make -C "$src" O="$o" CC="ccache gcc" "$@" >>"$buildlog" 2>&1
}
fail() {
	log "FAILED: $* (last lines of $buildlog follow)"
	tail -n 40 "$buildlog" >&2
	exit 1
}

log "building $kdir with -j$jobs (log: $buildlog)"
start=$SECONDS

# Configuration: tinyconfig, fragments merged on top, then olddefconfig so
# that newly visible options get their defaults. The result goes to a
# scratch file first: rewriting an identical .config would still make
# kbuild re-check everything.
cfgdir=$(mktemp -d)
trap 'rm -rf "$cfgdir"' EXIT
# ARCH=x86_64: a plain tinyconfig is i386, and flipping 64BIT afterwards
# keeps 32-bit values (FRAME_WARN=1024, for one) that olddefconfig does not
# revisit. Later steps need no ARCH: the .config says 64BIT.
kmake "$cfgdir" ARCH=x86_64 tinyconfig || fail "make tinyconfig"
"$src/scripts/kconfig/merge_config.sh" -m -O "$cfgdir" "$cfgdir/.config" \
	"${fragments[@]}" >>"$buildlog" 2>&1 || fail "merge_config.sh"
kmake "$cfgdir" olddefconfig || fail "make olddefconfig"

# merge_config.sh only warns about requested values that did not survive
# (an unmet dependency, a typo, an option that does not exist in this
# version). Every line of the fragments is a requirement: check them all.
missing=()
while IFS= read -r line; do
	case $line in
	CONFIG_*=*)
		sym=${line%%=*}
		grep -qxF -- "$line" "$cfgdir/.config" ||
			missing+=("$line (got: $(grep -E "^(# )?${sym}[= ]" "$cfgdir/.config" || echo absent))")
		;;
	"# CONFIG_"*" is not set")
		sym=${line#\# }
		sym=${sym%% *}
		if grep -qE "^$sym=" "$cfgdir/.config"; then
			missing+=("$line (got: $(grep -E "^$sym=" "$cfgdir/.config"))")
		fi
		;;
	esac
done < <(cat "${fragments[@]}")
if [ ${#missing[@]} -gt 0 ]; then
	log "these fragment options did not land in .config (unmet dependency, typo or option absent from $pkgver):"
	printf '  %s\n' "${missing[@]}" >&2
	exit 1
fi

if ! cmp -s "$cfgdir/.config" "$kdir/.config"; then
	cp "$cfgdir/.config" "$kdir/.config"
fi

# `all` builds vmlinux, bzImage and the modules, and leaves the tree
# prepared for external modules (modules_prepare is part of it).
kmake "$kdir" -j"$jobs" all || fail "make all"
# Install the =m modules into the tree itself, so that the guest can see
# them through its 9p root: init.sh links /lib/modules/<release> there.
rm -rf "$kdir/fg-modules"
kmake "$kdir" INSTALL_MOD_PATH="$kdir/fg-modules" modules_install || fail "make modules_install"

touch "$stamp"
log "built $(cat "$kdir/include/config/kernel.release") in $((SECONDS - start))s"
echo "$kdir"
