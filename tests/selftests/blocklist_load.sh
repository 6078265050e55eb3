#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The blocklist at scale: block load of a 100,000-line file, all or nothing,
# and a dump of 100,000 entries.
#
#   +-------------------------------+              +-----------------------------+
#   | $ns1: client                  |              | $ns2: edge                  |
#   |                         veth1 +--------------+ veth2                       |
#   |   192.0.2.1/24                |              |   192.0.2.2/24              |
#   |   2001:db8::1/64              |              |   2001:db8::2/64            |
#   |   198.51.100.7/32 (in file)   |              |   routes to the sources via |
#   |   2001:db8:b::1/128 (in file) |              |     192.0.2.1, 2001:db8::1  |
#   |   ping                        |              |   blocklist: the file       |
#   +-------------------------------+              +-----------------------------+
#
# The file (generated here, one entry a line, all distinct):
#   198.51.100.7, 2001:db8:b::1        the two sources that must be dropped
#   80,000 IPv4 /32 in 10.0.0.0/8      every 2nd written with /32, every
#                                      10th with a timeout, some comments
#    4,000 IPv4 /24 in 172.16.0.0/12
#    2,000 IPv4 /28 in 100.64.0.0/10   written with host bits set
#       20 IPv4 /16 in 11.0.0.0/8
#   10,000 IPv6 /128 in 2001:db8:1::/48
#    3,000 IPv6 /64 in 2001:db8:2::/48
#      978 IPv6 /48 from 2001:db8:1000::/48
# that is 7 prefix lengths. None covers 192.0.2.1 or 2001:db8::1.
#
# The time each big operation takes is printed as a diagnostic, never
# asserted: the guest is emulated.
#
# Checks:
#  1. a file with one bad line (line 50,000) loads nothing: exit 1, the
#     error names FILE:50000, the table stays empty
#  2. the file into a table of capacity 99,999 loads nothing: exit 1, table
#     full, the kernel undoes the 99,999 entries it had added
#  3. block load of the 100,000-line file works: status shows 100,000
#     entries, 7 prefix lengths, memory risen; a host-bits warning
#  4. a source in the file is dropped (IPv4 and IPv6), others pass; block
#     test finds entries of every kind, the longest
#  5. block list returns exactly 100,000 lines, the file's prefixes in
#     canonical form, each once; -j likewise
#  6. block flush empties the 100,000 entries: status 0, memory falls,
#     the sources pass again
#  7. 20,001 of 40,001 entries have timeout 2: once expired, they no longer
#     match (198.51.100.7 passes again) and the collector removes all of
#     them and nothing else

# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

fg_require ping awk

ns1=$(fg_netns_name client)
ns2=$(fg_netns_name edge)
n1() { fg_exec ip netns exec "$ns1" "$@"; }
ip1() { ip -n "$ns1" "$@"; }
ip2() { ip -n "$ns2" "$@"; }
fge() { "$FG_CLI" -n "$ns2" "$@"; }

N=100000
FILE=$fg_tmp/blocklist.txt
BAD=$fg_tmp/bad.txt
CANON=$fg_tmp/canonical.txt

fg_plan 7

fg_load || bail "cannot load $FG_MODDIR/floodgate.ko"

set -e
trap 'bail "setup failed at line $LINENO: $BASH_COMMAND"' ERR
fg_netns_add "$ns1"
fg_netns_add "$ns2"
fg_veth_link "$ns1" "$ns2"
ip1 addr add 198.51.100.7/32 dev veth1
ip1 addr add 2001:db8:b::1/128 dev veth1 nodad
ip2 route add 198.51.100.0/24 via 192.0.2.1 dev veth2
ip2 route add 2001:db8:b::/48 via 2001:db8::1 dev veth2

# The file, and the same prefixes as block list prints them (host bits
# cleared, no /32 or /128).
t0=$SECONDS
awk -v file="$FILE" -v canon="$CANON" 'BEGIN {
	print "198.51.100.7" >file; print "198.51.100.7" >canon
	print "2001:db8:b::1" >file; print "2001:db8:b::1" >canon
	for (i = 0; i < 80000; i++) {
		a = sprintf("10.%d.%d.%d", int(i / 65536), int(i / 256) % 256, i % 256)
		line = a (i % 2 ? "/32" : "")
		if (i % 10 == 0)
			line = line " timeout 86400"
		if (i % 1000 == 1)
			line = line "   # a comment"
		print line >file; print a >canon
	}
	for (i = 0; i < 4000; i++) {
		p = sprintf("172.%d.%d.0/24", 16 + int(i / 256), i % 256)
		print p >file; print p >canon
	}
	for (i = 0; i < 2000; i++) {
		print sprintf("100.64.%d.%d/28", int(i / 16), i % 16 * 16 + 5) >file
		print sprintf("100.64.%d.%d/28", int(i / 16), i % 16 * 16) >canon
	}
	for (i = 0; i < 20; i++) {
		p = sprintf("11.%d.0.0/16", i)
		print p >file; print p >canon
	}
	for (i = 1; i <= 10000; i++) {
		p = sprintf("2001:db8:1::%x", i)
		print p >file; print p >canon
	}
	for (i = 1; i <= 3000; i++) {
		p = sprintf("2001:db8:2:%x::/64", i)
		print p >file; print p >canon
	}
	for (i = 0; i < 978; i++) {
		p = sprintf("2001:db8:%x::/48", 4096 + i)
		print p >file; print p >canon
	}
}'
sort -o "$CANON" "$CANON"
[[ $(wc -l <"$FILE") == "$N" && $(sort -u "$CANON" | wc -l) == "$N" ]]
# The bad file: line 50,000 is not a prefix.
awk 'NR == 50000 { print "10.0.300.1"; next } { print }' "$FILE" >"$BAD"
diag "generated $N lines in $((SECONDS - t0))s"
trap - ERR
set +e

# --- helpers --------------------------------------------------------------------

# Starting a program costs the emulated guest a second and more (jq, ip
# netns exec): these make one CLI call and parse its output in bash.

# status FIELD: a field of the edge's blocklist in `floodgate -j status`.
status() { fg_status "$ns2" block "$1"; }
entries_are() { [[ $(status entries) == "$1" ]]; }
block_empty() { entries_are 0; }
no_match() { ! fge block test "$1" >/dev/null; }

# blocklist: the edge's dropped.reasons.blocklist counter.
blocklist() {
	local name n
	while read -r name n _; do
		[[ $name != blocklist ]] || { echo "$n"; return 0; }
	done < <(fge stats)
	return 1
}

# timed VAR CMD...: run CMD, its output in $fg_tmp/out (stdout) and
# $fg_tmp/err; VAR gets the seconds it took. Returns CMD's status.
timed() {
	local -n _t=$1
	local a rc
	shift
	a=$EPOCHREALTIME
	"$@" >"$fg_tmp/out" 2>"$fg_tmp/err"
	rc=$?
	_t=$(awk -v a="$a" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.2f", b - a }')
	return "$rc"
}

# pings ok|blocked SRC...: 3 pings from each SRC at once to the edge.
pings() {
	local want=$1 src dst out pids=() i=0 tx rx
	shift
	for src in "$@"; do
		dst=192.0.2.2
		[[ $src != *:* ]] || dst=2001:db8::2
		n1 ping -n -c 3 -i 0.2 -W 2 -I "$src" "$dst" >"$fg_tmp/ping.$i" 2>&1 &
		pids+=("$!")
		i=$((i + 1))
	done
	wait "${pids[@]}"
	i=0
	for src in "$@"; do
		out=$(cat "$fg_tmp/ping.$i")
		i=$((i + 1))
		tx=$(fg_ping_count "$out" transmitted) rx=$(fg_ping_count "$out" received)
		if [[ $want == ok ]]; then
			[[ $tx == 3 && $rx == 3 ]] || fail "ping from $src: want 3 of 3 answered: $out"
		else
			[[ $tx == 3 && $rx == 0 ]] || fail "ping from $src: want 0 of 3 answered: $out"
		fi
	done
}

# --- checks -----------------------------------------------------------------------

M0=$(status memory)

check_bad_line() {
	local t rc
	timed t fge block load "$BAD"
	rc=$?
	diag "block load of the file with a bad line: exit $rc in ${t}s: $(head -c 300 "$fg_tmp/err")"
	[[ $rc == 1 ]] || fail "exit $rc, want 1"
	grep -q "$BAD:50000:" "$fg_tmp/err" || fail "the error does not name $BAD:50000: $(cat "$fg_tmp/err")"
	grep -qv "$BAD:50000:" "$fg_tmp/err" &&
		diag "more on stderr: $(grep -v "$BAD:50000:" "$fg_tmp/err" | head -3)"
	[[ $(status entries) == 0 ]] || fail "status: $(status entries) entries, want 0"
	[[ -z $(fge block list) ]] || fail "block list is not empty: $(fge block list | head -3)"
	pings ok 198.51.100.7
}
fg_check "a file with a bad line 50,000 loads nothing; the error names FILE:50000" check_bad_line

check_too_many() {
	local t rc
	fge block set max $((N - 1)) || { fail "block set max $((N - 1))"; return; }
	timed t fge block load "$FILE"
	rc=$?
	diag "block load of $N lines under max $((N - 1)): exit $rc in ${t}s: $(head -c 300 "$fg_tmp/err")"
	[[ $rc == 1 ]] || fail "exit $rc, want 1"
	grep -q 'full' "$fg_tmp/err" || fail "stderr does not say the table is full: $(cat "$fg_tmp/err")"
	[[ $(status entries) == 0 ]] || fail "status: $(status entries) entries after a refused load, want 0"
	[[ $(status prefix-lengths) == 0 ]] || fail "status: $(status prefix-lengths) prefix lengths after a refused load, want 0"
	[[ -z $(fge block list) ]] || fail "block list is not empty: $(fge block list | head -3)"
	pings ok 198.51.100.7 2001:db8:b::1
	fge block set max 1048576 || fail "block set max 1048576"
}
fg_check "$N entries into a table of capacity $((N - 1)) load nothing (table full)" check_too_many

check_load() {
	local t rc m
	timed t fge block load "$FILE"
	rc=$?
	diag "block load of $N lines: exit $rc in ${t}s"
	[[ $rc == 0 ]] || { fail "block load: exit $rc: $(cat "$fg_tmp/err")"; return; }
	grep -q 'host bits' "$fg_tmp/err" ||
		fail "no host-bits warning for the /28 lines: '$(cat "$fg_tmp/err")'"
	diag "stderr: $(head -c 300 "$fg_tmp/err")"
	[[ $(status entries) == "$N" ]] || fail "status: $(status entries) entries, want $N"
	[[ $(status prefix-lengths) == 7 ]] || fail "status: $(status prefix-lengths) prefix lengths, want 7"
	m=$(status memory)
	diag "block memory: $M0 empty, $m with $N entries"
	# Whatever an entry costs, it is more than its 20-byte key.
	[[ $m -ge $((M0 + N * 20)) ]] || fail "status: memory $m with $N entries, was $M0 empty"
	LOADED=1
}
fg_check "block load of a $N-line file: $N entries, 7 prefix lengths, memory risen" check_load

# expect_test ADDR PREFIX
expect_test() {
	local out
	out=$(fge -j block test "$1")
	[[ $out == "{\"address\":\"$1\",\"match\":{\"prefix\":\"$2\","* ]] ||
		fail "block test $1: $out, want $2"
}

check_dropped() {
	local b0 b1
	[[ -n ${LOADED:-} ]] || { fail "nothing loaded (check 3)"; return; }
	b0=$(blocklist)
	pings blocked 198.51.100.7 2001:db8:b::1
	pings ok 192.0.2.1 2001:db8::1
	b1=$(blocklist)
	[[ $((b1 - b0)) -ge 6 ]] || fail "the blocklist counter moved by $((b1 - b0)), want >= 6"
	expect_test 198.51.100.7 198.51.100.7
	expect_test 10.1.2.3 10.1.2.3
	expect_test 10.0.0.1 10.0.0.1
	expect_test 172.20.5.9 172.20.5.0/24
	expect_test 100.64.3.37 100.64.3.32/28
	expect_test 11.5.77.1 11.5.0.0/16
	expect_test 2001:db8:1::2710 2001:db8:1::2710
	expect_test 2001:db8:2:5::42 2001:db8:2:5::/64
	expect_test 2001:db8:13c1::9 2001:db8:13c1::/48
	expect_test 2001:db8:b::1 2001:db8:b::1
	[[ $(fg_json_num "$(fge -j block test 10.0.0.10)" timeout) -gt 80000 ]] ||
		fail "10.0.0.10 was loaded with timeout 86400: $(fge -j block test 10.0.0.10)"
	fge block test 10.1.56.128 >/dev/null && fail "10.1.56.128 (beyond the 80,000th /32) matches"
	fge block test 2001:db8:1::2711 >/dev/null && fail "2001:db8:1::2711 matches"
	fge block list | grep -qE '^198\.51\.100\.7 hits ([2-9]|[1-9][0-9]+) ' ||
		fail "198.51.100.7's hits did not move: $(fge block list | grep '^198\.51\.100\.7 ')"
}
fg_check "a source in the file is dropped, others pass; block test finds each kind" check_dropped

check_dump() {
	local t n
	[[ -n ${LOADED:-} ]] || { fail "nothing loaded (check 3)"; return; }
	timed t fge block list || { fail "block list: $(cat "$fg_tmp/err")"; return; }
	n=$(wc -l <"$fg_tmp/out")
	diag "block list of $N entries: $n lines in ${t}s"
	[[ $n == "$N" ]] || fail "block list printed $n lines, want $N"
	awk '{ print $1 }' "$fg_tmp/out" | sort >"$fg_tmp/listed"
	[[ $(uniq -d "$fg_tmp/listed" | wc -l) == 0 ]] ||
		fail "block list repeats entries: $(uniq -d "$fg_tmp/listed" | head -3 | tr '\n' ' ')"
	cmp -s "$fg_tmp/listed" "$CANON" ||
		fail "block list differs from the file: $(diff "$CANON" "$fg_tmp/listed" | grep '^[<>]' | head -6 | tr '\n' ' ')"
	# Every 10th /32 with its timeout.
	n=$(grep -c '^10\.[0-9.]* timeout [0-9]* hits ' "$fg_tmp/out")
	[[ $n == 8000 ]] || fail "$n entries of 10.0.0.0/8 listed with a timeout, want 8000"
	timed t fge -j block list || { fail "-j block list: $(cat "$fg_tmp/err")"; return; }
	diag "-j block list: ${t}s"
	n=$(jq length "$fg_tmp/out")
	[[ $n == "$N" ]] || fail "-j block list has $n entries, want $N"
	jq -r '.[].prefix' "$fg_tmp/out" | sort | cmp -s - "$CANON" ||
		fail "-j block list differs from the file"
}
fg_check "block list of $N entries returns exactly $N lines, each entry once" check_dump

check_flush() {
	local t m1 m2
	m1=$(status memory)
	timed t fge block flush || { fail "block flush: $(cat "$fg_tmp/err")"; return; }
	diag "block flush of $N entries: ${t}s"
	m2=$(status memory)
	diag "block memory: $m1 with $N entries, $m2 flushed"
	[[ $(status entries) == 0 ]] || fail "status: $(status entries) entries after flush"
	[[ $(status prefix-lengths) == 0 ]] || fail "status: $(status prefix-lengths) prefix lengths after flush"
	[[ $m2 -lt $m1 && $m2 -le $((m1 - N * 20)) ]] || fail "status: memory $m2 after flush, was $m1"
	[[ -z $(fge block list) ]] || fail "block list after flush: $(fge block list | head -3)"
	pings ok 198.51.100.7 2001:db8:b::1
}
fg_check "block flush of $N entries: status 0, memory falls, the sources pass" check_flush

check_expiry() {
	local t left odd=0 even=0 p rest
	# 10.0.0.0 to 10.0.156.63: the odd ones for 2 s, the even ones for good;
	# and 198.51.100.7 for 2 s. One request: they all expire together.
	awk 'BEGIN { print "198.51.100.7 timeout 2"
		for (i = 0; i < 40000; i++)
		printf "10.%d.%d.%d%s\n", int(i / 65536), int(i / 256) % 256, i % 256,
			i % 2 ? " timeout 2" : "" }' >"$fg_tmp/half"
	# An empty table to start with (check 6 may have failed).
	fge block flush
	block_empty || { diag "flush again: $(status entries) entries left"; fge block flush; }
	block_empty || { fail "cannot empty the table: $(status entries) entries"; return; }
	timed t fge block load "$fg_tmp/half" || { fail "block load: $(cat "$fg_tmp/err")"; return; }
	diag "block load of 40001 entries, 20001 with timeout 2: ${t}s"
	# Expired entries stop matching at once, and are collected soon after.
	fg_wait 60 no_match 10.0.0.1 || fail "10.0.0.1 still matches 60 s after its timeout of 2 s"
	fg_wait 60 no_match 198.51.100.7 || fail "198.51.100.7 still matches 60 s after its timeout of 2 s"
	fg_wait 120 entries_are 20000
	left=$(status entries)
	diag "after expiry: $left entries"
	[[ $left == 20000 ]] || fail "status counts $left entries 120 s after 20,001 of 40,001 expired, want 20000"
	fge block list >"$fg_tmp/out" || { fail "block list"; return; }
	while read -r p rest; do
		case $p in
		*[13579]) odd=$((odd + 1)) ;;
		*) even=$((even + 1)) ;;
		esac
	done <"$fg_tmp/out"
	[[ $odd == 0 && $even == 20000 ]] || fail "block list after expiry: $even permanent, $odd expired entries, want 20000 and 0"
	fge block test 10.0.155.254 >/dev/null || fail "the permanent 10.0.155.254 does not match"
	fge block test 10.0.155.255 >/dev/null && fail "the expired 10.0.155.255 matches"
	pings ok 198.51.100.7
	fge block flush || fail "block flush"
	[[ $(status entries) == 0 ]] || fail "status: $(status entries) entries after flush"
}
fg_check "20,001 of 40,001 entries with timeout 2 expire and are all collected, no other" \
	check_expiry

fg_done
