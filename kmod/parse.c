// SPDX-License-Identifier: GPL-2.0
/*
 * The packet parser: turns an skb at PRE_ROUTING into a struct fg_flow.
 *
 * We run before defragmentation, so we see every fragment, and before the
 * transport layers have looked at anything, so nothing past the network
 * header has been validated. Every read goes through skb_header_pointer()
 * against lengths taken from the headers themselves and checked against the
 * packet; no length is trusted.
 */

#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <net/ipv6.h>
#include <net/tcp.h>
#include <kunit/visibility.h>

#include "compat.h"
#include "parse.h"

/*
 * Parse the transport header at @off, of which @avail bytes are present in
 * this packet (or fragment). A header that does not fit is malformed, except
 * in a first fragment, where it is a fragmentation attack (RFC 1858,
 * RFC 7112): the rest of the header would only arrive with later fragments.
 */
static enum fg_reason parse_l4(const struct sk_buff *skb, unsigned int off,
			       unsigned int avail, struct fg_flow *flow)
{
	enum fg_reason truncated = FG_DROP_MALFORMED_L4;

	if (flow->frag == FG_FRAG_FIRST)
		truncated = FG_DROP_MALFORMED_FRAG;

	switch (flow->proto) {
	case IPPROTO_TCP: {
		struct tcphdr _th;
		const struct tcphdr *th;
		unsigned int doff;

		if (avail < sizeof(_th))
			return truncated;
		th = skb_header_pointer(skb, off, sizeof(_th), &_th);
		if (!th)
			return FG_DROP_MALFORMED_L4;
		doff = th->doff * 4;
		if (doff < sizeof(_th))
			return FG_DROP_MALFORMED_L4;
		if (doff > avail)
			return truncated;
		flow->sport = th->source;
		flow->dport = th->dest;
		flow->tcp_flags = tcp_flag_byte(th);
		flow->thoff = off;
		return FG_PASS;
	}
	case IPPROTO_UDP:
	case IPPROTO_UDPLITE: {
		struct udphdr _uh;
		const struct udphdr *uh;
		unsigned int ulen;

		if (avail < sizeof(_uh))
			return truncated;
		uh = skb_header_pointer(skb, off, sizeof(_uh), &_uh);
		if (!uh)
			return FG_DROP_MALFORMED_L4;
		/*
		 * The UDP length covers the whole datagram, which a first
		 * fragment does not hold. UDP-Lite's field is a checksum
		 * coverage, not a length.
		 */
		ulen = ntohs(uh->len);
		if (flow->proto == IPPROTO_UDP && flow->frag == FG_FRAG_NONE &&
		    (ulen < sizeof(_uh) || ulen > avail))
			return FG_DROP_MALFORMED_L4;
		flow->sport = uh->source;
		flow->dport = uh->dest;
		return FG_PASS;
	}
	case IPPROTO_SCTP: {
		/* Common header: ports, verification tag, checksum. */
		__be16 _ports[2];
		const __be16 *ports;

		if (avail < 12)
			return truncated;
		ports = skb_header_pointer(skb, off, sizeof(_ports), &_ports);
		if (!ports)
			return FG_DROP_MALFORMED_L4;
		flow->sport = ports[0];
		flow->dport = ports[1];
		return FG_PASS;
	}
	case IPPROTO_ICMP:
	case IPPROTO_ICMPV6: {
		/* Type, code, checksum and the 4-byte rest of header. */
		u8 _tc[2];
		const u8 *tc;

		/*
		 * ICMP belongs to IPv4 and ICMPv6 to IPv6; in the other family
		 * either is just a protocol with no header we know.
		 */
		u8 native = flow->family == NFPROTO_IPV4 ? IPPROTO_ICMP :
							   IPPROTO_ICMPV6;

		if (flow->proto != native)
			return FG_PASS;
		if (avail < 8)
			return truncated;
		tc = skb_header_pointer(skb, off, sizeof(_tc), &_tc);
		if (!tc)
			return FG_DROP_MALFORMED_L4;
		flow->icmp_type = tc[0];
		flow->icmp_code = tc[1];
		return FG_PASS;
	}
	default:
		return FG_PASS;
	}
}

enum fg_reason fg_parse_ipv4(const struct sk_buff *skb, struct fg_flow *flow)
{
	unsigned int nhoff = skb_network_offset(skb);
	unsigned int ihl, tot_len, frag_off;
	struct iphdr _iph;
	const struct iphdr *iph;

	memset(flow, 0, sizeof(*flow));
	flow->family = NFPROTO_IPV4;

	iph = skb_header_pointer(skb, nhoff, sizeof(_iph), &_iph);
	if (!iph || iph->version != 4)
		return FG_DROP_MALFORMED_IP;
	ihl = iph->ihl * 4;
	tot_len = fg_iph_totlen(skb, iph);
	if (ihl < sizeof(_iph) || tot_len < ihl || tot_len > skb->len - nhoff)
		return FG_DROP_MALFORMED_IP;

	flow->saddr.ip = iph->saddr;
	flow->daddr.ip = iph->daddr;
	flow->proto = iph->protocol;
	flow->len = tot_len;

	frag_off = ntohs(iph->frag_off);
	if (frag_off & IP_OFFSET) {
		flow->frag = FG_FRAG_LATER;
		/*
		 * A TCP fragment at offset 8 bytes can only exist to rewrite
		 * the flags and ports of the first one on reassembly
		 * (RFC 1858, section 3.2).
		 */
		if ((frag_off & IP_OFFSET) == 1 && flow->proto == IPPROTO_TCP)
			return FG_DROP_MALFORMED_FRAG;
		return FG_PASS;
	}
	if (frag_off & IP_MF)
		flow->frag = FG_FRAG_FIRST;

	return parse_l4(skb, nhoff + ihl, tot_len - ihl, flow);
}
EXPORT_SYMBOL_IF_KUNIT(fg_parse_ipv4);

enum fg_reason fg_parse_ipv6(const struct sk_buff *skb, struct fg_flow *flow)
{
	unsigned int nhoff = skb_network_offset(skb);
	unsigned int off, end, payload_len, exthdrs = 0;
	struct ipv6hdr _ip6h;
	const struct ipv6hdr *ip6h;
	enum fg_reason truncated = FG_DROP_MALFORMED_IP;
	u8 nexthdr;

	memset(flow, 0, sizeof(*flow));
	flow->family = NFPROTO_IPV6;

	ip6h = skb_header_pointer(skb, nhoff, sizeof(_ip6h), &_ip6h);
	if (!ip6h || ip6h->version != 6)
		return FG_DROP_MALFORMED_IP;

	payload_len = ntohs(ip6h->payload_len);
	if (!payload_len && ip6h->nexthdr == NEXTHDR_HOP) {
		/*
		 * A jumbogram (or a BIG TCP GRO packet): its length is in the
		 * hop-by-hop jumbo option, which ip6_rcv_core() has checked
		 * against the packet before PRE_ROUTING. Otherwise a zero
		 * payload length just means an empty payload.
		 */
		payload_len = skb->len - nhoff - sizeof(_ip6h);
	}
	if (payload_len > skb->len - nhoff - sizeof(_ip6h))
		return FG_DROP_MALFORMED_IP;

	flow->saddr.in6 = ip6h->saddr;
	flow->daddr.in6 = ip6h->daddr;
	flow->len = sizeof(_ip6h) + payload_len;

	off = nhoff + sizeof(_ip6h);
	end = off + payload_len;
	nexthdr = ip6h->nexthdr;

	for (;;) {
		struct ipv6_opt_hdr _hdr;
		const struct ipv6_opt_hdr *hdr;
		unsigned int hdrlen;

		switch (nexthdr) {
		case NEXTHDR_HOP:
		case NEXTHDR_ROUTING:
		case NEXTHDR_DEST:
		case NEXTHDR_AUTH:
		case NEXTHDR_FRAGMENT:
			break;
		default:
			/* The upper-layer header, or one we cannot see past
			 * (ESP, no next header): parse_l4() knows which.
			 */
			flow->proto = nexthdr;
			return parse_l4(skb, off, end - off, flow);
		}

		/* Hop-by-hop options may only follow the fixed header. */
		if (nexthdr == NEXTHDR_HOP && exthdrs)
			return FG_DROP_MALFORMED_IP;
		if (++exthdrs > FLOODGATE_MAX_EXTHDRS)
			return FG_DROP_MALFORMED_IP;
		if (end - off < sizeof(_hdr))
			return truncated;
		hdr = skb_header_pointer(skb, off, sizeof(_hdr), &_hdr);
		if (!hdr)
			return FG_DROP_MALFORMED_IP;

		if (nexthdr == NEXTHDR_FRAGMENT) {
			struct frag_hdr _fh;
			const struct frag_hdr *fh;
			u16 frag_off;

			if (end - off < sizeof(_fh))
				return truncated;
			fh = skb_header_pointer(skb, off, sizeof(_fh), &_fh);
			if (!fh)
				return FG_DROP_MALFORMED_IP;
			frag_off = ntohs(fh->frag_off);
			if (frag_off & IP6_OFFSET) {
				/* Later fragment: no upper-layer header. */
				flow->frag = FG_FRAG_LATER;
				flow->proto = fh->nexthdr;
				return FG_PASS;
			}
			/*
			 * A first fragment must hold the whole header chain
			 * (RFC 7112). An atomic fragment (offset 0, no M
			 * flag, RFC 6946) is a whole packet.
			 */
			if (frag_off & IP6_MF) {
				flow->frag = FG_FRAG_FIRST;
				truncated = FG_DROP_MALFORMED_FRAG;
			}
			hdrlen = sizeof(_fh);
		} else if (nexthdr == NEXTHDR_AUTH) {
			hdrlen = ipv6_authlen(hdr);
		} else {
			hdrlen = ipv6_optlen(hdr);
		}

		if (hdrlen > end - off)
			return truncated;
		off += hdrlen;
		nexthdr = hdr->nexthdr;
	}
}
EXPORT_SYMBOL_IF_KUNIT(fg_parse_ipv6);
