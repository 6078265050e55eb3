#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make lint: the module must build with no warnings at W=1, be clean under
# sparse, and pass checkpatch --strict; the shell scripts must pass
# ShellCheck (warnings and errors). checkpatch comes from Debian's
# linux-source-6.1 tree, never from a copy in this repository.
#
# Any line of compiler or sparse output other than kbuild's progress lines
# counts as a warning and fails the run.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

KDIR=${KDIR:-$(fg_stock_kdir | cut -d' ' -f2)}
ksrc=$(fg_ksrc)
fail=0

echo "lint: W=1 + sparse build against $KDIR"
out=$FG_TOP/build/lint
rm -rf "$out"
log=$(mktemp)
if ! "$FG_TOP/scripts/kbuild.sh" "$KDIR" "$out" C=2 >"$log" 2>&1; then
	cat "$log"
	fail=1
fi
# kbuild's own progress lines and the BTF note of headers-only trees are
# not warnings.
if grep -vE '^(make(\[[0-9]+\])?: (Entering|Leaving) directory|  (CC|CHECK|LD|MODPOST|BTF|AR)( \[M\])? |Skipping BTF generation)' "$log"; then
	echo "lint: the build above printed warnings" >&2
	fail=1
fi
rm -f "$log"

echo "lint: checkpatch --strict"
cd "$FG_TOP"
mapfile -t files < <(git ls-files 'kmod/*.[ch]' 'tests/kunit/*.[ch]' \
	'tests/bench/*.[ch]' 'include/uapi/*.h' | grep -v '^kmod/compat\.h$')
cp=("$ksrc/scripts/checkpatch.pl" --strict --no-tree --terse --show-types
    --quiet -f)
"${cp[@]}" "${files[@]}" || fail=1
# compat.h exists to hold the version checks checkpatch warns about.
"${cp[@]}" --ignore LINUX_VERSION_CODE,CONSTANT_COMPARISON kmod/compat.h || fail=1

echo "lint: shellcheck"
mapfile -t shells < <(git ls-files 'scripts/*' 'tests/vm/*' 'tests/kunit/*' \
	'tests/bench/*' '.ci/run' |
	while read -r f; do
		case $f in *.config|*.py|*.c|*.h) continue ;; esac
		head -c 64 "$f" | grep -q '^#!.*\(ba\)\{0,1\}sh' && echo "$f"
	done)
shellcheck -x -P scripts -S warning "${shells[@]}" || fail=1

if [ "$fail" -ne 0 ]; then
	echo "lint: FAILED" >&2
	exit 1
fi
echo "lint: clean"
