/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * floodgate: in-kernel DDoS mitigation for edge hosts.
 *
 * Documentation
 * =============
 *
 * floodgate is configured and observed through the generic netlink family
 * FLOODGATE_GENL_NAME, version FLOODGATE_GENL_VERSION. The family is network
 * namespace aware: every request acts on the network namespace of the
 * netlink socket it arrives on, and every command requires CAP_NET_ADMIN in
 * the user namespace that owns that network namespace.
 *
 * Attribute policies are strict: unknown attributes, attributes of the wrong
 * size and values outside the documented ranges are refused with -EINVAL (or
 * -ERANGE) and an extended ACK message naming the offending attribute. Clients
 * should set NETLINK_EXT_ACK on their socket to receive these messages.
 *
 * Counters are 64 bit, summed over all CPUs at the time of the request. They
 * are monotonic for the life of the network namespace and are never reset
 * by the kernel; compute rates by sampling twice.
 *
 * FLOODGATE_CMD_GET_STATS
 * -----------------------
 *
 * May only be called via NLM_F_REQUEST (not a dump). The request carries no
 * attributes. The reply is a single message of the same command containing:
 *
 *    FLOODGATE_A_STATS: NLA_NESTED
 *        FLOODGATE_STATS_A_SEEN_PKTS: NLA_U64
 *        FLOODGATE_STATS_A_SEEN_BYTES: NLA_U64
 *        ...one NLA_U64 per enum floodgate_stats_attr value...
 *
 * Every counter the running module knows is present. A client must ignore
 * counters it does not know (newer modules add counters at the end of the
 * enum) and must treat a missing counter as "not supported by this module".
 * NLA_U64 attributes may be preceded by FLOODGATE_STATS_A_PAD for alignment.
 *
 * The counters are:
 *
 *  SEEN_PKTS, SEEN_BYTES
 *      IPv4 and IPv6 packets that entered floodgate's PRE_ROUTING hook in this
 *      namespace (loopback traffic is not inspected and not counted). Bytes
 *      are the network-layer length (IP header included).
 *  PASSED_PKTS, PASSED_BYTES
 *      Packets that every stage let through.
 *  DROPPED_PKTS, DROPPED_BYTES
 *      Packets dropped by floodgate, for any reason; the DROP_* counters
 *      below break the packet count down by reason and add up to
 *      DROPPED_PKTS.
 *  IPV4_PKTS, IPV6_PKTS
 *      Packets seen, by family.
 *  FRAGMENTS
 *      IP fragments seen (first and later ones). Later fragments carry no
 *      transport header and are judged on addresses only.
 *  DROP_MALFORMED_IP
 *      The network header or the IPv6 extension-header chain is truncated,
 *      inconsistent with the packet length, or longer than the parser
 *      accepts (FLOODGATE_MAX_EXTHDRS extension headers).
 *  DROP_MALFORMED_L4
 *      A TCP, UDP, ICMP or ICMPv6 header is truncated or inconsistent (for
 *      example a TCP data offset below 5 words or beyond the packet).
 *  DROP_MALFORMED_FRAG
 *      A first fragment too short to hold its whole transport header
 *      (RFC 1858, RFC 7112), or an IPv4 TCP fragment at offset 8 bytes,
 *      which can only serve to overwrite the TCP header on reassembly.
 *  DROP_BLOCKLIST
 *      The source address matched an entry of the blocklist.
 *  PASS_ALLOWLIST
 *      The source address matched an entry of the allowlist: the packet
 *      was passed without any later stage looking at it. Counted in
 *      PASSED_PKTS as well.
 *  DROP_RATELIMIT, DROP_RATELIMIT_SYN, DROP_RATELIMIT_BYTES
 *      The source was over its pps, syn-pps or bps budget (see "Rate
 *      limits" below).
 *  AUTOBLOCKS
 *      Sources the rate limiter added to the blocklist (not packets).
 *  AUTOBLOCK_LOST
 *      Automatic blocks that could not be made: the queue of pending
 *      blocks was full, or the blocklist refused the entry (full).
 *  DROP_SYNPROXY_SYN
 *      SYNs to a port the SYN proxy protects, while it is engaged there:
 *      answered by floodgate with a SYN cookie and not delivered.
 *  DROP_SYNPROXY_ACK
 *      ACKs that carried a valid cookie: floodgate sends the service a SYN
 *      in their place (the connection is handed over once it answers).
 *  DROP_SYNPROXY_INVALID
 *      ACKs to a protected port that belong to no connection and carry no
 *      valid cookie (forged, or too old), or whose TCP checksum is wrong.
 *  DROP_SYNPROXY_NOCONN
 *      Other packets to a protected port (RST, FIN, data without ACK...)
 *      that belong to no connection.
 *  SYNPROXY_COOKIES_SENT
 *      SYN-ACKs with a cookie handed to the stack for sending (a SYN the
 *      proxy cannot route back to its source gets none).
 *  SYNPROXY_HANDED_OVER
 *      Connections whose service answered the proxy's SYN: from then on
 *      conntrack translates their sequence numbers and floodgate is out of
 *      the way.
 *  SYNPROXY_ENGAGED, SYNPROXY_DISENGAGED
 *      Times a protected port in mode auto switched the proxy on or off.
 *
 * FLOODGATE_CMD_GET_STATUS
 * ------------------------
 *
 * May only be called via NLM_F_REQUEST, with no attributes. The reply:
 *
 *    FLOODGATE_A_VERSION: NLA_NUL_STRING, the module's version
 *    FLOODGATE_A_HOOK_PRIORITY: NLA_S32, the PRE_ROUTING priority
 *    FLOODGATE_A_TABLES: NLA_NESTED
 *        0: NLA_NESTED, one per table (array; the type is ignored)
 *            FLOODGATE_TABLE_A_ID: NLA_U8, enum floodgate_table
 *            FLOODGATE_TABLE_A_ENTRIES: NLA_U32, entries now
 *            FLOODGATE_TABLE_A_CAPACITY: NLA_U32, the capacity
 *            FLOODGATE_TABLE_A_MEMORY: NLA_U64, bytes used by the entries
 *                and the hash table's bucket arrays
 *            FLOODGATE_TABLE_A_PREFIXLENS: NLA_U32, distinct prefix lengths
 *                in use (IPv4 and IPv6 together): the number of hash
 *                lookups a packet costs in this table at most
 *    FLOODGATE_A_SYNPROXY_CT: NLA_U8, enum floodgate_synproxy_ct: whether
 *        the SYN proxy holds conntrack and the nf_synproxy core's hooks in
 *        this namespace
 *    FLOODGATE_A_SYNPROXY_PROXIED: NLA_U32, with FLOODGATE_SYNPROXY_CT_HELD
 *        only: the connections the proxy handed over that are still open
 *        (not in TIME_WAIT or CLOSE), as counted at the last check
 *
 * Tables: FLOODGATE_CMD_ENTRY_ADD, _DEL, _GET and FLOODGATE_CMD_TABLE_FLUSH
 * ------------------------------------------------------------------------
 *
 * Two tables of address prefixes exist in every network namespace:
 * FLOODGATE_TABLE_BLOCK (a source that matches is dropped) and
 * FLOODGATE_TABLE_ALLOW (a source that matches passes every later stage;
 * the allowlist is consulted first, so it wins over the blocklist). Every
 * table command carries FLOODGATE_A_TABLE: NLA_U8.
 *
 * An entry is described by this nest:
 *
 *    FLOODGATE_ENTRY_A_ADDR: NLA_BINARY, 4 bytes (IPv4) or 16 (IPv6), network
 *        order; the family is given by the length
 *    FLOODGATE_ENTRY_A_PREFIXLEN: NLA_U8, 0..32 or 0..128; default: all bits
 *    FLOODGATE_ENTRY_A_TIMEOUT: NLA_U32, seconds, 0 or absent: permanent,
 *        at most FLOODGATE_TIMEOUT_MAX
 *
 * and, in replies only:
 *
 *    FLOODGATE_ENTRY_A_EXPIRES: NLA_U32, seconds left (entries with a timeout)
 *    FLOODGATE_ENTRY_A_HITS: NLA_U64, packets that matched the entry; cheap
 *        and approximate: concurrent hits on several CPUs may lose counts
 *    FLOODGATE_ENTRY_A_LAST_HIT: NLA_U32, seconds since the last hit (absent
 *        if the entry never matched)
 *    FLOODGATE_ENTRY_A_ORIGIN: NLA_U8, enum floodgate_origin
 *
 * Address bits past the prefix length are cleared by the kernel: entries
 * are stored and reported in canonical form (198.51.100.7/24 is
 * 198.51.100.0/24).
 *
 * FLOODGATE_CMD_ENTRY_ADD and FLOODGATE_CMD_ENTRY_DEL, NLM_F_REQUEST only,
 * carry a batch of entries, each in its own top-level attribute (repeated
 * as many times as there are entries, so that a batch is not limited by
 * the 64 KiB an attribute can hold):
 *
 *    FLOODGATE_A_TABLE: NLA_U8
 *    FLOODGATE_A_ENTRY: NLA_NESTED, an entry as above
 *    FLOODGATE_A_ENTRY: NLA_NESTED, the next entry
 *    ...
 *
 * A batch is all-or-nothing: it is validated whole before anything
 * changes, and a failure while applying it undoes the part already
 * applied. A bad entry is reported with -EINVAL or -ERANGE, an extack
 * message, and the extack attribute offset (NLMSGERR_ATTR_OFFS) pointing
 * into that entry, from which the client can tell its index. Adding an entry that
 * exists is not an error: it updates the entry's timeout (absent or 0 makes
 * it permanent) and makes its origin MANUAL, keeping its hit counters, like
 * `ipset add -exist`. Deleting an entry that does not exist fails the batch
 * with -ENOENT. An add that would take the table past its capacity fails
 * with -ENOSPC and changes nothing. The size of a batch is limited only by
 * the netlink message size, that is by the sender's socket send buffer
 * (SO_SNDBUF, or SO_SNDBUFFORCE for a sender with CAP_NET_ADMIN in the
 * initial user namespace): a million entries fit in one message of some
 * 40 MB. A client that has to split a load over several messages gets
 * all-or-nothing per message only.
 *
 * FLOODGATE_CMD_TABLE_FLUSH, NLM_F_REQUEST only, with FLOODGATE_A_TABLE,
 * empties the table.
 *
 * FLOODGATE_CMD_ENTRY_GET without NLM_F_DUMP looks up one address:
 *
 *    FLOODGATE_A_TABLE: NLA_U8
 *    FLOODGATE_A_ENTRY: NLA_NESTED, with FLOODGATE_ENTRY_A_ADDR and,
 *        optionally, FLOODGATE_ENTRY_A_PREFIXLEN
 *
 * Without a prefix length it returns the longest entry that matches the
 * address (the one the packet path would find), with one it returns the
 * entry of exactly that prefix; the reply has the request's layout with
 * the entry's attributes filled in. No match: -ENOENT.
 *
 * FLOODGATE_CMD_ENTRY_GET with NLM_F_DUMP lists a whole table: the request
 * carries FLOODGATE_A_TABLE, and every reply message carries
 * FLOODGATE_A_TABLE and as many FLOODGATE_A_ENTRY attributes as fit.
 * The order is unspecified. If the table changed while the dump was in
 * progress, or was resized under it, the message where that was noticed
 * (possibly the final NLMSG_DONE) has NLM_F_DUMP_INTR set: entries may
 * then have been missed or repeated, and the client should dump again.
 *
 * FLOODGATE_CMD_SET_CONFIG
 * ------------------------
 *
 * NLM_F_REQUEST only. Sets a table's capacity (its maximum number of
 * entries):
 *
 *    FLOODGATE_A_TABLE: NLA_U8
 *    FLOODGATE_A_CAPACITY: NLA_U32, 1..FLOODGATE_CAPACITY_MAX
 *
 * Lowering the capacity below the current number of entries removes
 * nothing; adds fail until the table is below the new capacity. The
 * default capacity of new namespaces is the module parameter table_max.
 *
 * Rate limits: FLOODGATE_CMD_LIMIT_SET, _DEL, _GET, _TOP
 * ------------------------------------------------------
 *
 * Every source is held to a token-bucket budget per policy. A policy is
 * either the namespace's default (no FLOODGATE_LIMIT_A_PROTO) or an
 * override for a destination: a protocol and a destination port range. A
 * packet is judged by the most specific policy that matches it (the
 * override with the narrowest port range; the default when none does).
 * At most FLOODGATE_LIMIT_OVERRIDES_MAX overrides per namespace.
 *
 * The source key is the source address masked to the policy's prefix
 * length for its family (default /32 and /64). Each (policy, key) has
 * three buckets, each 0 (unlimited) unless configured:
 *
 *    pps, burst          all packets
 *    syn-pps, syn-burst  TCP SYNs without ACK (new connections)
 *    bps, bytes-burst    network-layer bytes
 *
 * A packet over a budget is dropped and counted as DROP_RATELIMIT,
 * DROP_RATELIMIT_SYN or DROP_RATELIMIT_BYTES. With block-after non-zero, a
 * key that has more than block-after packets dropped by its budgets
 * within block-window seconds is added to the blocklist for block-time
 * seconds with origin FLOODGATE_ORIGIN_AUTO, and an event is sent.
 *
 * A policy's attributes (all optional in a request; a request changes
 * only those it carries, a new override starts unlimited with the default
 * prefix lengths):
 *
 *    FLOODGATE_LIMIT_A_PROTO: NLA_U8, IPPROTO_TCP, _UDP or _ICMP (_ICMP
 *        also matches ICMPv6); absent: the default policy
 *    FLOODGATE_LIMIT_A_PORT_MIN, _PORT_MAX: NLA_U16, 1..65535, with PROTO
 *        TCP or UDP; MIN <= MAX (absent: all ports)
 *    FLOODGATE_LIMIT_A_PPS, _BURST, _SYN_PPS, _SYN_BURST, _BPS,
 *        _BYTES_BURST: NLA_U64, rates per second (at most 10^12) and
 *        bursts in packets or bytes (at most an hour of the rate); a rate
 *        without a burst gets a burst of one second's worth; a non-zero
 *        rate with a zero burst is refused
 *    FLOODGATE_LIMIT_A_V4_PREFIX: NLA_U8, 1..32
 *    FLOODGATE_LIMIT_A_V6_PREFIX: NLA_U8, 1..128
 *    FLOODGATE_LIMIT_A_BLOCK_AFTER: NLA_U32, drops; 0 disables auto-block
 *    FLOODGATE_LIMIT_A_BLOCK_WINDOW: NLA_U32, seconds, 1..86400
 *    FLOODGATE_LIMIT_A_BLOCK_TIME: NLA_U32, seconds, 1..FLOODGATE_TIMEOUT_MAX
 *
 * FLOODGATE_CMD_LIMIT_SET creates or changes a policy; LIMIT_DEL (with
 * PROTO and the port range) deletes an override (-ENOENT if absent; the
 * default cannot be deleted, set its rates to 0). LIMIT_GET (doit) returns
 * every policy, default first, each in a FLOODGATE_A_LIMIT nest of the
 * attributes above.
 *
 * FLOODGATE_CMD_LIMIT_TOP takes FLOODGATE_A_COUNT (NLA_U32, 1..1000,
 * default 10) and returns the keys with the most packets dropped by their
 * budgets, most first, each a FLOODGATE_A_TALKER nest:
 *
 *    FLOODGATE_TALKER_A_ADDR, _PREFIXLEN: the key, as in an entry
 *    FLOODGATE_TALKER_A_PROTO, _PORT_MIN, _PORT_MAX: its policy (none for
 *        the default)
 *    FLOODGATE_TALKER_A_PASSED, _DROPPED: NLA_U64, packets since tracked
 *    FLOODGATE_TALKER_A_TOKENS: NLA_U64, packets left in the pps bucket
 *        (absent if pps is unlimited)
 *
 * The rate limiter keeps its keys in a fixed-size table allocated when
 * the first limit is set: FLOODGATE_A_LIMIT_CAPACITY keys (module
 * parameter limit_max, or FLOODGATE_CMD_SET_CONFIG with that attribute
 * and no FLOODGATE_A_TABLE; changing it forgets every key). The table is
 * set-associative: a new key takes the longest-idle slot of its set, so
 * the table never refuses a source and never stops limiting; a flood of
 * new (spoofed) sources can only push out keys that have gone quiet.
 * GET_STATUS reports it as a FLOODGATE_A_TABLES element with
 * FLOODGATE_TABLE_A_ID FLOODGATE_TABLE_LIMIT.
 *
 * SYN proxy: FLOODGATE_CMD_SYNPROXY_ADD, _DEL, _GET
 * -------------------------------------------------
 *
 * A protected port is a TCP destination port range, optionally restricted
 * to a destination prefix. While the proxy is engaged on it, floodgate
 * answers every SYN to it with a SYN-ACK carrying a SYN cookie and keeps no
 * state; only a client that returns a valid cookie gets a connection to
 * the service (local or forwarded), which the kernel's nf_synproxy core
 * and conntrack then splice. Conntrack runs in a namespace only while it
 * has a protected port, or connections the proxy handed over: when the
 * last port is removed, conntrack and the core's hooks stay (status:
 * FLOODGATE_SYNPROXY_CT_HELD) until the last of those connections has
 * ended, checked every 10 seconds, since their sequence numbers are
 * translated for as long as they last. A packet is judged by the most
 * specific port that matches it: one with a destination prefix before one
 * without, a longer prefix first, then the narrower port range. At most
 * FLOODGATE_SYNPROXY_PORTS_MAX ports per namespace.
 *
 * A port is described by a FLOODGATE_A_SYNPROXY nest:
 *
 *    FLOODGATE_SYNPROXY_A_PORT_MIN, _PORT_MAX: NLA_U16, 1..65535, MIN <=
 *        MAX (MAX absent: MIN)
 *    FLOODGATE_SYNPROXY_A_ADDR: NLA_BINARY, 4 or 16 bytes, and
 *    FLOODGATE_SYNPROXY_A_PREFIXLEN: NLA_U8 (default: all bits): only
 *        traffic to this destination prefix (absent: any destination)
 *    FLOODGATE_SYNPROXY_A_MODE: NLA_U8, enum floodgate_synproxy_mode
 *        (default ON)
 *    FLOODGATE_SYNPROXY_A_THRESHOLD: NLA_U32, SYN/s, 1..10^9 (mode AUTO;
 *        default 1000): engage when a second's SYNs exceed it
 *    FLOODGATE_SYNPROXY_A_HOLD: NLA_U32, seconds, 1..86400 (default 30):
 *        disengage after this long at or below the threshold
 *    FLOODGATE_SYNPROXY_A_MSS: NLA_U16, 536..65495; absent: the MTU of the
 *        route the SYN came in by and would go out by, less the headers
 *    FLOODGATE_SYNPROXY_A_WSCALE: NLA_U8, 0..14; absent: what this host's
 *        stack would choose (from net.ipv4.tcp_rmem and net.core.rmem_max)
 *    FLOODGATE_SYNPROXY_A_FLAGS: NLA_U32, FLOODGATE_SYNPROXY_F_*: options
 *        the proxy does not offer to clients
 *
 * and, in replies only:
 *
 *    FLOODGATE_SYNPROXY_A_ENGAGED: NLA_U8, 1 while the proxy answers SYNs
 *    FLOODGATE_SYNPROXY_A_RATE: NLA_U32, SYN/s over the last full second
 *        (mode AUTO)
 *    FLOODGATE_SYNPROXY_A_SINCE: NLA_U32, seconds in the current state
 *    FLOODGATE_SYNPROXY_A_SYN, _COOKIES_SENT, _COOKIES_VALID,
 *        _COOKIES_INVALID, _NOCONN, _HANDED_OVER, _ENGAGES, _DISENGAGES:
 *        NLA_U64 counters of this port, as the DROP_SYNPROXY_* and
 *        SYNPROXY_* totals of GET_STATS
 *
 * FLOODGATE_CMD_SYNPROXY_ADD adds a port; if one with the same range and
 * destination exists, its settings are replaced by the request's (absent
 * attributes take their defaults) and its counters are kept.
 * FLOODGATE_CMD_SYNPROXY_DEL removes the port with that range and
 * destination (-ENOENT if none). FLOODGATE_CMD_SYNPROXY_GET is a dump: a
 * message per port, with NLM_F_DUMP_INTR if the ports changed during it.
 *
 * Events
 * ------
 *
 * The multicast group FLOODGATE_MCGRP_EVENTS carries
 * FLOODGATE_CMD_EVENT messages, to sockets of the namespace whose owner has
 * CAP_NET_ADMIN in the namespace's user namespace (binding needs it):
 *
 *    FLOODGATE_A_EVENT: NLA_U8, enum floodgate_event
 *    FLOODGATE_A_TABLE: NLA_U8, the table of the entry
 *    FLOODGATE_A_ENTRY: NLA_NESTED, the entry (address, prefix length,
 *        and the timeout it was added with)
 *    FLOODGATE_A_REASON: NLA_U32, for AUTOBLOCK: the FLOODGATE_STATS_A_*
 *        counter of the budget that dropped the most
 *    FLOODGATE_A_COUNT: NLA_U32, for AUTOBLOCK: the drops that triggered it
 *
 * SYNPROXY_ENGAGED and SYNPROXY_DISENGAGED events carry instead
 * FLOODGATE_A_EVENT and FLOODGATE_A_SYNPROXY, the port (range, destination,
 * mode, threshold, hold, rate).
 */

#ifndef _UAPI_LINUX_FLOODGATE_H
#define _UAPI_LINUX_FLOODGATE_H

#define FLOODGATE_GENL_NAME "floodgate"
#define FLOODGATE_GENL_VERSION 1
#define FLOODGATE_MCGRP_EVENTS "events"

/*
 * Number of IPv6 extension headers the parser walks before it gives up and
 * counts the packet as DROP_MALFORMED_IP. Legitimate traffic carries a few at
 * most; long chains exist only to exhaust parsers.
 */
#define FLOODGATE_MAX_EXTHDRS 8

/* Longest entry timeout, in seconds (as ipset's). */
#define FLOODGATE_TIMEOUT_MAX 2147483

/* Largest capacity a table can be given, per table and namespace. */
#define FLOODGATE_CAPACITY_MAX (1U << 24)

enum floodgate_table {
	FLOODGATE_TABLE_BLOCK,
	FLOODGATE_TABLE_ALLOW,
	__FLOODGATE_TABLE_MAX
};

/* In GET_STATUS only: the rate limiter's key table. */
#define FLOODGATE_TABLE_LIMIT 16

#define FLOODGATE_LIMIT_OVERRIDES_MAX 64

#define FLOODGATE_SYNPROXY_PORTS_MAX 64

enum floodgate_synproxy_mode {
	FLOODGATE_SYNPROXY_ON,		/* always answer SYNs */
	FLOODGATE_SYNPROXY_AUTO,	/* answer them above a SYN rate */
	__FLOODGATE_SYNPROXY_MODE_MAX
};

/* FLOODGATE_A_SYNPROXY_CT, in GET_STATUS */
enum floodgate_synproxy_ct {
	FLOODGATE_SYNPROXY_CT_OFF,	/* no protected port, nothing held */
	FLOODGATE_SYNPROXY_CT_ENGAGED,	/* held for the protected ports */
	FLOODGATE_SYNPROXY_CT_HELD,	/* no port; held for proxied connections */
	__FLOODGATE_SYNPROXY_CT_MAX
};

/* FLOODGATE_SYNPROXY_A_FLAGS */
#define FLOODGATE_SYNPROXY_F_NO_TIMESTAMPS	(1U << 0)
#define FLOODGATE_SYNPROXY_F_NO_SACK		(1U << 1)
#define FLOODGATE_SYNPROXY_F_ALL		(FLOODGATE_SYNPROXY_F_NO_TIMESTAMPS | \
						 FLOODGATE_SYNPROXY_F_NO_SACK)

enum floodgate_event {
	FLOODGATE_EVENT_AUTOBLOCK,	/* the rate limiter blocked a source */
	FLOODGATE_EVENT_EXPIRED,	/* an automatic entry expired */
	FLOODGATE_EVENT_SYNPROXY_ENGAGED,	/* an auto port engaged */
	FLOODGATE_EVENT_SYNPROXY_DISENGAGED,	/* ... and disengaged */
	__FLOODGATE_EVENT_MAX
};

#define FLOODGATE_TABLE_MAX (__FLOODGATE_TABLE_MAX - 1)

enum floodgate_origin {
	FLOODGATE_ORIGIN_MANUAL,	/* added through netlink */
	FLOODGATE_ORIGIN_AUTO,		/* added by the rate limiter */
	__FLOODGATE_ORIGIN_MAX
};

enum floodgate_cmd {
	FLOODGATE_CMD_UNSPEC,
	FLOODGATE_CMD_GET_STATS,
	FLOODGATE_CMD_GET_STATUS,
	FLOODGATE_CMD_SET_CONFIG,
	FLOODGATE_CMD_ENTRY_ADD,
	FLOODGATE_CMD_ENTRY_DEL,
	FLOODGATE_CMD_ENTRY_GET,
	FLOODGATE_CMD_TABLE_FLUSH,
	FLOODGATE_CMD_LIMIT_SET,
	FLOODGATE_CMD_LIMIT_DEL,
	FLOODGATE_CMD_LIMIT_GET,
	FLOODGATE_CMD_LIMIT_TOP,
	FLOODGATE_CMD_EVENT,
	FLOODGATE_CMD_SYNPROXY_ADD,
	FLOODGATE_CMD_SYNPROXY_DEL,
	FLOODGATE_CMD_SYNPROXY_GET,
	__FLOODGATE_CMD_MAX
};

#define FLOODGATE_CMD_MAX (__FLOODGATE_CMD_MAX - 1)

enum floodgate_attr {
	FLOODGATE_A_UNSPEC,
	FLOODGATE_A_STATS,
	FLOODGATE_A_VERSION,
	FLOODGATE_A_HOOK_PRIORITY,
	FLOODGATE_A_TABLES,
	FLOODGATE_A_TABLE,
	FLOODGATE_A_CAPACITY,
	FLOODGATE_A_ENTRY,
	FLOODGATE_A_LIMIT,
	FLOODGATE_A_LIMIT_CAPACITY,
	FLOODGATE_A_COUNT,
	FLOODGATE_A_TALKER,
	FLOODGATE_A_EVENT,
	FLOODGATE_A_REASON,
	FLOODGATE_A_SYNPROXY,
	FLOODGATE_A_SYNPROXY_CT,
	FLOODGATE_A_SYNPROXY_PROXIED,
	__FLOODGATE_A_MAX
};

#define FLOODGATE_A_MAX (__FLOODGATE_A_MAX - 1)

enum floodgate_stats_attr {
	FLOODGATE_STATS_A_UNSPEC,
	FLOODGATE_STATS_A_PAD,
	FLOODGATE_STATS_A_SEEN_PKTS,
	FLOODGATE_STATS_A_SEEN_BYTES,
	FLOODGATE_STATS_A_PASSED_PKTS,
	FLOODGATE_STATS_A_PASSED_BYTES,
	FLOODGATE_STATS_A_DROPPED_PKTS,
	FLOODGATE_STATS_A_DROPPED_BYTES,
	FLOODGATE_STATS_A_IPV4_PKTS,
	FLOODGATE_STATS_A_IPV6_PKTS,
	FLOODGATE_STATS_A_FRAGMENTS,
	FLOODGATE_STATS_A_DROP_MALFORMED_IP,
	FLOODGATE_STATS_A_DROP_MALFORMED_L4,
	FLOODGATE_STATS_A_DROP_MALFORMED_FRAG,
	FLOODGATE_STATS_A_DROP_BLOCKLIST,
	FLOODGATE_STATS_A_PASS_ALLOWLIST,
	FLOODGATE_STATS_A_DROP_RATELIMIT,
	FLOODGATE_STATS_A_DROP_RATELIMIT_SYN,
	FLOODGATE_STATS_A_DROP_RATELIMIT_BYTES,
	FLOODGATE_STATS_A_AUTOBLOCKS,
	FLOODGATE_STATS_A_AUTOBLOCK_LOST,
	FLOODGATE_STATS_A_DROP_SYNPROXY_SYN,
	FLOODGATE_STATS_A_DROP_SYNPROXY_ACK,
	FLOODGATE_STATS_A_DROP_SYNPROXY_INVALID,
	FLOODGATE_STATS_A_DROP_SYNPROXY_NOCONN,
	FLOODGATE_STATS_A_SYNPROXY_COOKIES_SENT,
	FLOODGATE_STATS_A_SYNPROXY_HANDED_OVER,
	FLOODGATE_STATS_A_SYNPROXY_ENGAGED,
	FLOODGATE_STATS_A_SYNPROXY_DISENGAGED,
	__FLOODGATE_STATS_A_MAX
};

#define FLOODGATE_STATS_A_MAX (__FLOODGATE_STATS_A_MAX - 1)

enum floodgate_table_attr {
	FLOODGATE_TABLE_A_UNSPEC,
	FLOODGATE_TABLE_A_PAD,
	FLOODGATE_TABLE_A_ID,
	FLOODGATE_TABLE_A_ENTRIES,
	FLOODGATE_TABLE_A_CAPACITY,
	FLOODGATE_TABLE_A_MEMORY,
	FLOODGATE_TABLE_A_PREFIXLENS,
	__FLOODGATE_TABLE_A_MAX
};

#define FLOODGATE_TABLE_A_MAX (__FLOODGATE_TABLE_A_MAX - 1)

enum floodgate_entry_attr {
	FLOODGATE_ENTRY_A_UNSPEC,
	FLOODGATE_ENTRY_A_PAD,
	FLOODGATE_ENTRY_A_ADDR,
	FLOODGATE_ENTRY_A_PREFIXLEN,
	FLOODGATE_ENTRY_A_TIMEOUT,
	FLOODGATE_ENTRY_A_EXPIRES,
	FLOODGATE_ENTRY_A_HITS,
	FLOODGATE_ENTRY_A_LAST_HIT,
	FLOODGATE_ENTRY_A_ORIGIN,
	__FLOODGATE_ENTRY_A_MAX
};

#define FLOODGATE_ENTRY_A_MAX (__FLOODGATE_ENTRY_A_MAX - 1)

enum floodgate_limit_attr {
	FLOODGATE_LIMIT_A_UNSPEC,
	FLOODGATE_LIMIT_A_PAD,
	FLOODGATE_LIMIT_A_PROTO,
	FLOODGATE_LIMIT_A_PORT_MIN,
	FLOODGATE_LIMIT_A_PORT_MAX,
	FLOODGATE_LIMIT_A_PPS,
	FLOODGATE_LIMIT_A_BURST,
	FLOODGATE_LIMIT_A_SYN_PPS,
	FLOODGATE_LIMIT_A_SYN_BURST,
	FLOODGATE_LIMIT_A_BPS,
	FLOODGATE_LIMIT_A_BYTES_BURST,
	FLOODGATE_LIMIT_A_V4_PREFIX,
	FLOODGATE_LIMIT_A_V6_PREFIX,
	FLOODGATE_LIMIT_A_BLOCK_AFTER,
	FLOODGATE_LIMIT_A_BLOCK_WINDOW,
	FLOODGATE_LIMIT_A_BLOCK_TIME,
	__FLOODGATE_LIMIT_A_MAX
};

#define FLOODGATE_LIMIT_A_MAX (__FLOODGATE_LIMIT_A_MAX - 1)

enum floodgate_talker_attr {
	FLOODGATE_TALKER_A_UNSPEC,
	FLOODGATE_TALKER_A_PAD,
	FLOODGATE_TALKER_A_ADDR,
	FLOODGATE_TALKER_A_PREFIXLEN,
	FLOODGATE_TALKER_A_PROTO,
	FLOODGATE_TALKER_A_PORT_MIN,
	FLOODGATE_TALKER_A_PORT_MAX,
	FLOODGATE_TALKER_A_PASSED,
	FLOODGATE_TALKER_A_DROPPED,
	FLOODGATE_TALKER_A_TOKENS,
	__FLOODGATE_TALKER_A_MAX
};

#define FLOODGATE_TALKER_A_MAX (__FLOODGATE_TALKER_A_MAX - 1)

enum floodgate_synproxy_attr {
	FLOODGATE_SYNPROXY_A_UNSPEC,
	FLOODGATE_SYNPROXY_A_PAD,
	FLOODGATE_SYNPROXY_A_PORT_MIN,
	FLOODGATE_SYNPROXY_A_PORT_MAX,
	FLOODGATE_SYNPROXY_A_ADDR,
	FLOODGATE_SYNPROXY_A_PREFIXLEN,
	FLOODGATE_SYNPROXY_A_MODE,
	FLOODGATE_SYNPROXY_A_THRESHOLD,
	FLOODGATE_SYNPROXY_A_HOLD,
	FLOODGATE_SYNPROXY_A_MSS,
	FLOODGATE_SYNPROXY_A_WSCALE,
	FLOODGATE_SYNPROXY_A_FLAGS,
	FLOODGATE_SYNPROXY_A_ENGAGED,
	FLOODGATE_SYNPROXY_A_RATE,
	FLOODGATE_SYNPROXY_A_SINCE,
	FLOODGATE_SYNPROXY_A_SYN,
	FLOODGATE_SYNPROXY_A_COOKIES_SENT,
	FLOODGATE_SYNPROXY_A_COOKIES_VALID,
	FLOODGATE_SYNPROXY_A_COOKIES_INVALID,
	FLOODGATE_SYNPROXY_A_NOCONN,
	FLOODGATE_SYNPROXY_A_HANDED_OVER,
	FLOODGATE_SYNPROXY_A_ENGAGES,
	FLOODGATE_SYNPROXY_A_DISENGAGES,
	__FLOODGATE_SYNPROXY_A_MAX
};

#define FLOODGATE_SYNPROXY_A_MAX (__FLOODGATE_SYNPROXY_A_MAX - 1)

#endif /* _UAPI_LINUX_FLOODGATE_H */
