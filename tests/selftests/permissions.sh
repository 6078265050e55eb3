#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Who may read floodgate's counters: CAP_NET_ADMIN in the user namespace
# that owns the network namespace (GENL_UNS_ADMIN_PERM), nobody else.
#
#   init user namespace
#   +---------------------------------------------------------------------+
#   |  +--------------------------+            +--------------------------+|
#   |  | $ns1                     |            | $ns2                     ||
#   |  |   192.0.2.1/24     veth1 +------------+ veth2     192.0.2.2/24   ||
#   |  |   (counters non-zero)    |            |                          ||
#   |  +--------------------------+            +--------------------------+|
#   |   in $ns1: root / nobody / root without CAP_NET_ADMIN / nobody with  |
#   |   ambient CAP_NET_ADMIN / unshare -Ur (new userns, same netns)       |
#   +---------------------------------------------------------------------+
#   unshare -Urn from $ns1: a new user namespace owning a new netns
#   +--------------------------+
#   | root of that userns      |
#   | (lo only: counters zero) |
#   +--------------------------+
#
# Every case asks twice: through the CLI (exit status and message), and
# through genl_probe.py, a second netlink client, for the kernel's errno.
#
# Checks:
#  1. root reads $ns1's counters (the control: they are non-zero)
#  2. an unprivileged user (uid 65534, no capabilities) is refused with
#     EPERM, though the family resolves
#  3. root without CAP_NET_ADMIN is refused; uid 65534 with CAP_NET_ADMIN
#     is allowed: the capability decides, not the uid
#  4. unshare -Ur (root of a new user namespace, same netns) is refused
#  5. unshare -Urn (a user namespace owning a new netns) reads its own
#     netns: every counter present and zero
#  6. the same from an unprivileged user (a rootless container)

# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

fg_require setpriv unshare ping

ns1=$(fg_netns_name perm)
ns2=$(fg_netns_name peer)
n1() { fg_exec ip netns exec "$ns1" "$@"; }
NOBODY=(setpriv --reuid=65534 --regid=65534 --clear-groups)

fg_plan 6

set -e
trap 'bail "setup failed at line $LINENO: $BASH_COMMAND"' ERR
fg_load
fg_netns_add "$ns1"
fg_netns_add "$ns2"
ip -n "$ns1" link add veth1 type veth peer name veth2 netns "$ns2"
ip -n "$ns1" addr add 192.0.2.1/24 dev veth1
ip -n "$ns2" addr add 192.0.2.2/24 dev veth2
ip -n "$ns1" link set veth1 up
ip -n "$ns2" link set veth2 up
n1 ping -c 3 -i 0.1 -w 60 192.0.2.2 >/dev/null
trap - ERR
set +e

# as WHO...: run the CLI and the probe as WHO inside $ns1. Sets cli_rc,
# cli_out, cli_err, probe_rc, probe (JSON).
as() {
	cli_out=$(n1 "$@" "$FG_CLI" -j stats 2>"$fg_tmp/cli.err")
	cli_rc=$?
	cli_err=$(cat "$fg_tmp/cli.err")
	probe=$(n1 "$@" "$PYTHON" "$FG_SELFTESTS/genl_probe.py" 2>&1)
	probe_rc=$?
}

# expect_refused WHAT: the CLI said no with a permission message, and the
# kernel answered the resolved family's request with EPERM.
expect_refused() {
	[[ $cli_rc == 1 ]] || fail "$1: floodgate stats exited $cli_rc, want 1"
	[[ -z $cli_out ]] || fail "$1: floodgate stats printed counters: $cli_out"
	[[ $cli_err =~ [Pp]ermission|CAP_NET_ADMIN|not\ permitted ]] ||
		fail "$1: floodgate stats says '$cli_err', want a permission message"
	[[ $probe_rc == 1 && $(jq -r .errname <<<"$probe") == EPERM ]] ||
		fail "$1: the kernel answered (probe exit $probe_rc): $probe, want EPERM"
	[[ $(jq -r .family <<<"$probe") =~ ^[0-9]+$ ]] ||
		fail "$1: the family did not resolve: $probe"
}

# expect_allowed WHAT zero|nonzero
expect_allowed() {
	local n bad
	[[ $cli_rc == 0 ]] || { fail "$1: floodgate stats exited $cli_rc: $cli_err"; return; }
	[[ $probe_rc == 0 && $(jq -r .error <<<"$probe") == 0 ]] ||
		{ fail "$1: the kernel refused (probe exit $probe_rc): $probe"; return; }
	# Every FLOODGATE_STATS_A_* counter, SEEN_PKTS (2) to DROP_MALFORMED_FRAG (13).
	n=$(jq '[.counters | to_entries[] | select((.key | tonumber) >= 2 and
		(.key | tonumber) <= 13 and (.value | type) == "number")] | length' <<<"$probe")
	[[ $n == 12 ]] || fail "$1: the kernel sent $n of 12 counters: $probe"
	n=$(jq '.seen.packets' <<<"$cli_out")
	case $2 in
	zero)
		bad=$(jq -r '[paths(scalars) as $p | select(getpath($p) != 0) |
			$p | map(tostring) | join(".")] | join(" ")' <<<"$cli_out")
		[[ -z $bad ]] || fail "$1: non-zero counters in a fresh netns: $bad"
		[[ $(jq '[.counters[] | select(. != 0)] | length' <<<"$probe") == 0 ]] ||
			fail "$1: the kernel reports non-zero counters in a fresh netns: $probe"
		;;
	nonzero)
		[[ $n -ge 3 ]] || fail "$1: seen.packets is $n in $ns1, want >= 3"
		[[ $(jq '.counters["2"]' <<<"$probe") -ge 3 ]] ||
			fail "$1: the kernel says SEEN_PKTS=$(jq '.counters["2"]' <<<"$probe"), want >= 3"
		;;
	esac
}

check_root() {
	as env
	expect_allowed "root" nonzero
}
fg_check "root reads the counters of its netns (the control)" check_root

check_nobody() {
	as "${NOBODY[@]}"
	expect_refused "uid 65534"
}
fg_check "an unprivileged user is refused with EPERM; the family still resolves" check_nobody

check_caps() {
	as setpriv --bounding-set=-net_admin
	expect_refused "root without CAP_NET_ADMIN"
	as "${NOBODY[@]}" --inh-caps=+net_admin --ambient-caps=+net_admin
	expect_allowed "uid 65534 with CAP_NET_ADMIN" nonzero
}
fg_check "CAP_NET_ADMIN decides, not the uid" check_caps

check_userns() {
	unshare -Ur true 2>/dev/null || { skip "cannot create user namespaces here"; return; }
	as unshare -Ur
	expect_refused "unshare -Ur (root of a new user namespace, same netns)"
}
fg_check "unshare -Ur (new user namespace, same netns) is refused" check_userns

check_userns_netns() {
	unshare -Urn true 2>/dev/null || { skip "cannot create user namespaces here"; return; }
	as unshare -Urn
	expect_allowed "unshare -Urn" zero
}
fg_check "unshare -Urn (user namespace owning a new netns) reads its own netns" check_userns_netns

check_rootless() {
	n1 "${NOBODY[@]}" unshare -Urn true 2>/dev/null ||
		{ skip "unprivileged users cannot create user namespaces here"; return; }
	as "${NOBODY[@]}" unshare -Urn
	expect_allowed "uid 65534, unshare -Urn" zero
}
fg_check "an unprivileged user's unshare -Urn reads its own netns (rootless container)" check_rootless

fg_done
