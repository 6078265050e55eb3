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
 */

#ifndef _UAPI_LINUX_FLOODGATE_H
#define _UAPI_LINUX_FLOODGATE_H

#define FLOODGATE_GENL_NAME "floodgate"
#define FLOODGATE_GENL_VERSION 1

/*
 * Number of IPv6 extension headers the parser walks before it gives up and
 * counts the packet as DROP_MALFORMED_IP. Legitimate traffic carries a few at
 * most; long chains exist only to exhaust parsers.
 */
#define FLOODGATE_MAX_EXTHDRS 8

enum floodgate_cmd {
	FLOODGATE_CMD_UNSPEC,
	FLOODGATE_CMD_GET_STATS,
	__FLOODGATE_CMD_MAX
};

#define FLOODGATE_CMD_MAX (__FLOODGATE_CMD_MAX - 1)

enum floodgate_attr {
	FLOODGATE_A_UNSPEC,
	FLOODGATE_A_STATS,
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
	__FLOODGATE_STATS_A_MAX
};

#define FLOODGATE_STATS_A_MAX (__FLOODGATE_STATS_A_MAX - 1)

#endif /* _UAPI_LINUX_FLOODGATE_H */
