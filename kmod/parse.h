/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _FG_PARSE_H
#define _FG_PARSE_H

#include <linux/netfilter.h>
#include <linux/skbuff.h>

#include "stats.h"

enum fg_frag {
	FG_FRAG_NONE,	/* not a fragment, or an atomic IPv6 fragment */
	FG_FRAG_FIRST,	/* offset 0, more fragments follow */
	FG_FRAG_LATER,	/* non-zero offset: no transport header */
};

/*
 * What the engine knows about a packet after parsing: the flow key every
 * later stage matches on. Ports and TCP flags are zero when the packet has
 * no transport header we understand, or is a later fragment.
 */
struct fg_flow {
	union nf_inet_addr saddr;
	union nf_inet_addr daddr;
	u32 len;		/* network-layer length, IP header included */
	u16 thoff;		/* TCP only: offset of the TCP header in skb */
	__be16 sport;
	__be16 dport;
	u8 family;		/* NFPROTO_IPV4 or NFPROTO_IPV6 */
	u8 proto;		/* transport protocol, after IPv6 ext headers */
	u8 frag;		/* enum fg_frag */
	u8 tcp_flags;		/* TCPHDR_* bits */
	u8 icmp_type;
	u8 icmp_code;
};

/*
 * Fill @flow from the packet. Returns FG_PASS for a packet the later stages
 * can judge, or one of the FG_DROP_MALFORMED_* reasons.
 */
enum fg_reason fg_parse_ipv4(const struct sk_buff *skb, struct fg_flow *flow);
enum fg_reason fg_parse_ipv6(const struct sk_buff *skb, struct fg_flow *flow);

#endif /* _FG_PARSE_H */
