// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the packet parser on well-formed and malformed IPv4 and IPv6
 * packets. Every case is parsed twice: from a linear skb, and from an skb
 * whose bytes after the first few sit in a page fragment, as a GRO'd or
 * scatter-gather packet's would.
 */

#include <kunit/test.h>
#include <linux/ip.h>
#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/ipv6.h>
#include <net/tcp.h>

#include "parse.h"

#define PKT_MAX 512

struct pkt {
	u8 buf[PKT_MAX];
	unsigned int len;
	unsigned int l3len;	/* length the IP header claims; 0: all */
	bool v6;
};

static void *put(struct pkt *p, unsigned int len)
{
	void *at = p->buf + p->len;

	p->len += len;
	return at;
}

/* IPv4 header with @optlen bytes of NOP options; lengths set by finish(). */
static void ipv4(struct pkt *p, u8 proto, unsigned int optlen, u16 frag_off)
{
	struct iphdr *iph = put(p, sizeof(*iph));

	iph->version = 4;
	iph->ihl = 5 + optlen / 4;
	iph->ttl = 64;
	iph->protocol = proto;
	iph->frag_off = htons(frag_off);
	iph->saddr = htonl(0xc6336407);	/* 198.51.100.7 */
	iph->daddr = htonl(0xcb007101);	/* 203.0.113.1 */
	memset(put(p, optlen), IPOPT_NOOP, optlen);
}

static void ipv6(struct pkt *p, u8 nexthdr)
{
	struct ipv6hdr *ip6h = put(p, sizeof(*ip6h));

	p->v6 = true;
	ip6h->version = 6;
	ip6h->nexthdr = nexthdr;
	ip6h->hop_limit = 64;
	ip6h->saddr.s6_addr[0] = 0x20;
	ip6h->saddr.s6_addr[1] = 0x01;
	ip6h->saddr.s6_addr[15] = 7;
	ip6h->daddr.s6_addr[0] = 0x20;
	ip6h->daddr.s6_addr[1] = 0x01;
	ip6h->daddr.s6_addr[15] = 1;
}

/* An options-style extension header of @len bytes (a multiple of 8). */
static void exthdr(struct pkt *p, u8 nexthdr, unsigned int len)
{
	struct ipv6_opt_hdr *h = put(p, len);

	h->nexthdr = nexthdr;
	h->hdrlen = len / 8 - 1;
}

static void fraghdr(struct pkt *p, u8 nexthdr, u16 offset, bool more)
{
	struct frag_hdr *fh = put(p, sizeof(*fh));

	fh->nexthdr = nexthdr;
	fh->frag_off = htons(offset << 3 | (more ? IP6_MF : 0));
	fh->identification = htonl(42);
}

static void tcp(struct pkt *p, u8 flags, unsigned int doff_words)
{
	struct tcphdr *th = put(p, sizeof(*th));

	th->source = htons(40000);
	th->dest = htons(80);
	th->doff = doff_words;
	((u8 *)th)[13] = flags;
}

static void udp(struct pkt *p, unsigned int ulen)
{
	struct udphdr *uh = put(p, sizeof(*uh));

	uh->source = htons(5353);
	uh->dest = htons(53);
	uh->len = htons(ulen);
}

static void bytes(struct pkt *p, unsigned int len)
{
	memset(put(p, len), 0xab, len);
}

/* Set the length fields the way a sender would, unless a case forced one. */
static void finish(struct pkt *p)
{
	unsigned int l3len = p->l3len ?: p->len;

	if (p->v6)
		((struct ipv6hdr *)p->buf)->payload_len =
			htons(l3len - sizeof(struct ipv6hdr));
	else
		((struct iphdr *)p->buf)->tot_len = htons(l3len);
}

struct parse_case {
	const char *name;
	void (*build)(struct pkt *p);
	enum fg_reason want;
	u8 proto;
	u8 frag;
	u16 sport;
	u16 dport;
	u8 tcp_flags;
	u8 icmp_type;
	bool jumbo;	/* the length is the packet's, not the header's */
};

/* IPv4 */
static void v4_tcp_syn(struct pkt *p)
{
	ipv4(p, IPPROTO_TCP, 0, 0);
	tcp(p, TCPHDR_SYN, 5);
}

static void v4_tcp_options(struct pkt *p)
{
	ipv4(p, IPPROTO_TCP, 12, 0);
	tcp(p, TCPHDR_SYN | TCPHDR_ACK, 8);
	bytes(p, 12);
}

static void v4_udp(struct pkt *p)
{
	ipv4(p, IPPROTO_UDP, 0, 0);
	udp(p, 8 + 20);
	bytes(p, 20);
}

static void v4_icmp_echo(struct pkt *p)
{
	ipv4(p, IPPROTO_ICMP, 0, 0);
	*(u8 *)put(p, 1) = ICMP_ECHO;
	bytes(p, 7);
}

static void v4_gre(struct pkt *p)
{
	ipv4(p, IPPROTO_GRE, 0, 0);
	bytes(p, 4);
}

static void v4_short_header(struct pkt *p)
{
	bytes(p, 12);
	p->buf[0] = 0x45;
}

static void v4_ihl_4(struct pkt *p)
{
	ipv4(p, IPPROTO_TCP, 0, 0);
	tcp(p, TCPHDR_SYN, 5);
	((struct iphdr *)p->buf)->ihl = 4;
}

static void v4_wrong_version(struct pkt *p)
{
	ipv4(p, IPPROTO_TCP, 0, 0);
	tcp(p, TCPHDR_SYN, 5);
	((struct iphdr *)p->buf)->version = 6;
}

static void v4_totlen_beyond_packet(struct pkt *p)
{
	ipv4(p, IPPROTO_UDP, 0, 0);
	udp(p, 8);
	p->l3len = p->len + 1;
}

static void v4_totlen_below_ihl(struct pkt *p)
{
	ipv4(p, IPPROTO_UDP, 8, 0);
	udp(p, 8);
	p->l3len = 24;
}

static void v4_tcp_truncated(struct pkt *p)
{
	ipv4(p, IPPROTO_TCP, 0, 0);
	bytes(p, 10);
}

static void v4_tcp_doff_small(struct pkt *p)
{
	ipv4(p, IPPROTO_TCP, 0, 0);
	tcp(p, TCPHDR_SYN, 4);
}

static void v4_tcp_doff_beyond(struct pkt *p)
{
	ipv4(p, IPPROTO_TCP, 0, 0);
	tcp(p, TCPHDR_SYN, 15);
}

/* The TCP header is in the buffer, but past what tot_len covers. */
static void v4_tcp_past_totlen(struct pkt *p)
{
	ipv4(p, IPPROTO_TCP, 0, 0);
	tcp(p, TCPHDR_SYN, 5);
	p->l3len = 30;
}

static void v4_udp_len_small(struct pkt *p)
{
	ipv4(p, IPPROTO_UDP, 0, 0);
	udp(p, 4);
}

static void v4_udp_len_beyond(struct pkt *p)
{
	ipv4(p, IPPROTO_UDP, 0, 0);
	udp(p, 100);
	bytes(p, 20);
}

static void v4_icmp_truncated(struct pkt *p)
{
	ipv4(p, IPPROTO_ICMP, 0, 0);
	bytes(p, 4);
}

static void v4_first_frag_tcp_cut(struct pkt *p)
{
	ipv4(p, IPPROTO_TCP, 0, IP_MF);
	bytes(p, 16);
}

static void v4_first_frag_tcp(struct pkt *p)
{
	ipv4(p, IPPROTO_TCP, 0, IP_MF);
	tcp(p, TCPHDR_SYN, 5);
	bytes(p, 40);
}

static void v4_first_frag_udp(struct pkt *p)
{
	ipv4(p, IPPROTO_UDP, 0, IP_MF);
	udp(p, 3000);	/* covers the whole datagram */
	bytes(p, 64);
}

static void v4_later_frag(struct pkt *p)
{
	ipv4(p, IPPROTO_UDP, 0, 100);
	bytes(p, 64);
}

static void v4_tcp_frag_offset_8(struct pkt *p)
{
	ipv4(p, IPPROTO_TCP, 0, 1 | IP_MF);
	bytes(p, 16);
}

/* IPv6 */
static void v6_tcp_syn(struct pkt *p)
{
	ipv6(p, IPPROTO_TCP);
	tcp(p, TCPHDR_SYN, 5);
}

static void v6_udp_exthdrs(struct pkt *p)
{
	ipv6(p, NEXTHDR_HOP);
	exthdr(p, NEXTHDR_DEST, 8);
	exthdr(p, NEXTHDR_ROUTING, 16);
	exthdr(p, IPPROTO_UDP, 24);
	udp(p, 8);
}

static void v6_too_many_exthdrs(struct pkt *p)
{
	int i;

	ipv6(p, NEXTHDR_DEST);
	for (i = 0; i < FLOODGATE_MAX_EXTHDRS; i++)
		exthdr(p, NEXTHDR_DEST, 8);
	exthdr(p, IPPROTO_UDP, 8);
	udp(p, 8);
}

static void v6_max_exthdrs(struct pkt *p)
{
	int i;

	ipv6(p, NEXTHDR_DEST);
	for (i = 0; i < FLOODGATE_MAX_EXTHDRS - 1; i++)
		exthdr(p, NEXTHDR_DEST, 8);
	exthdr(p, IPPROTO_UDP, 8);
	udp(p, 8);
}

static void v6_hop_not_first(struct pkt *p)
{
	ipv6(p, NEXTHDR_DEST);
	exthdr(p, NEXTHDR_HOP, 8);
	exthdr(p, IPPROTO_UDP, 8);
	udp(p, 8);
}

static void v6_exthdr_beyond(struct pkt *p)
{
	ipv6(p, NEXTHDR_DEST);
	exthdr(p, IPPROTO_UDP, 8);
	((struct ipv6_opt_hdr *)(p->buf + sizeof(struct ipv6hdr)))->hdrlen = 3;
	udp(p, 8);
}

static void v6_auth(struct pkt *p)
{
	struct ipv6_opt_hdr *ah;

	ipv6(p, NEXTHDR_AUTH);
	ah = put(p, 24);
	ah->nexthdr = IPPROTO_TCP;
	ah->hdrlen = 24 / 4 - 2;
	tcp(p, TCPHDR_ACK, 5);
}

static void v6_first_frag_tcp(struct pkt *p)
{
	ipv6(p, NEXTHDR_FRAGMENT);
	fraghdr(p, IPPROTO_TCP, 0, true);
	tcp(p, TCPHDR_SYN, 5);
	bytes(p, 64);
}

static void v6_first_frag_tcp_cut(struct pkt *p)
{
	ipv6(p, NEXTHDR_FRAGMENT);
	fraghdr(p, IPPROTO_TCP, 0, true);
	bytes(p, 12);
}

static void v6_first_frag_chain_cut(struct pkt *p)
{
	ipv6(p, NEXTHDR_FRAGMENT);
	fraghdr(p, NEXTHDR_DEST, 0, true);
	exthdr(p, IPPROTO_UDP, 16);
	p->len -= 8;
}

static void v6_later_frag(struct pkt *p)
{
	ipv6(p, NEXTHDR_FRAGMENT);
	fraghdr(p, IPPROTO_UDP, 181, true);
	bytes(p, 64);
}

static void v6_atomic_frag(struct pkt *p)
{
	ipv6(p, NEXTHDR_FRAGMENT);
	fraghdr(p, IPPROTO_TCP, 0, false);
	tcp(p, TCPHDR_SYN, 5);
}

static void v6_icmpv6_echo(struct pkt *p)
{
	ipv6(p, IPPROTO_ICMPV6);
	*(u8 *)put(p, 1) = ICMPV6_ECHO_REQUEST;
	bytes(p, 7);
}

static void v6_icmpv4_inside(struct pkt *p)
{
	ipv6(p, IPPROTO_ICMP);
	bytes(p, 2);
}

static void v6_payload_beyond(struct pkt *p)
{
	ipv6(p, IPPROTO_TCP);
	tcp(p, TCPHDR_SYN, 5);
	p->l3len = p->len + 8;
}

/* A zero payload length is an empty payload: the UDP header lies past it. */
static void v6_payload_zero(struct pkt *p)
{
	ipv6(p, IPPROTO_UDP);
	udp(p, 8);
	p->l3len = sizeof(struct ipv6hdr);
}

/* Zero payload length with hop-by-hop options: a jumbogram. */
static void v6_jumbo(struct pkt *p)
{
	ipv6(p, NEXTHDR_HOP);
	exthdr(p, IPPROTO_TCP, 8);
	tcp(p, TCPHDR_ACK, 5);
	p->l3len = sizeof(struct ipv6hdr);
}

static void v6_no_next_header(struct pkt *p)
{
	ipv6(p, NEXTHDR_NONE);
}

static void v6_short_header(struct pkt *p)
{
	bytes(p, 30);
	p->buf[0] = 0x60;
	p->v6 = true;
	p->l3len = 0;
}

static void v6_tcp_truncated(struct pkt *p)
{
	ipv6(p, IPPROTO_TCP);
	bytes(p, 19);
}

#define OK(n, pr, fr, sp, dp, fl, it) \
	{ #n, n, FG_PASS, pr, fr, sp, dp, fl, it }
#define BAD(n, why) { #n, n, why }

static const struct parse_case parse_cases[] = {
	OK(v4_tcp_syn, IPPROTO_TCP, FG_FRAG_NONE, 40000, 80,
	   TCPHDR_SYN, 0),
	OK(v4_tcp_options, IPPROTO_TCP, FG_FRAG_NONE, 40000, 80,
	   TCPHDR_SYN | TCPHDR_ACK, 0),
	OK(v4_udp, IPPROTO_UDP, FG_FRAG_NONE, 5353, 53, 0, 0),
	OK(v4_icmp_echo, IPPROTO_ICMP, FG_FRAG_NONE, 0, 0, 0,
	   ICMP_ECHO),
	OK(v4_gre, IPPROTO_GRE, FG_FRAG_NONE, 0, 0, 0, 0),
	OK(v4_first_frag_tcp, IPPROTO_TCP, FG_FRAG_FIRST, 40000,
	   80, TCPHDR_SYN, 0),
	OK(v4_first_frag_udp, IPPROTO_UDP, FG_FRAG_FIRST, 5353,
	   53, 0, 0),
	OK(v4_later_frag, IPPROTO_UDP, FG_FRAG_LATER, 0, 0, 0, 0),
	BAD(v4_short_header, FG_DROP_MALFORMED_IP),
	BAD(v4_ihl_4, FG_DROP_MALFORMED_IP),
	BAD(v4_wrong_version, FG_DROP_MALFORMED_IP),
	BAD(v4_totlen_beyond_packet, FG_DROP_MALFORMED_IP),
	BAD(v4_totlen_below_ihl, FG_DROP_MALFORMED_IP),
	BAD(v4_tcp_truncated, FG_DROP_MALFORMED_L4),
	BAD(v4_tcp_doff_small, FG_DROP_MALFORMED_L4),
	BAD(v4_tcp_doff_beyond, FG_DROP_MALFORMED_L4),
	BAD(v4_tcp_past_totlen, FG_DROP_MALFORMED_L4),
	BAD(v4_udp_len_small, FG_DROP_MALFORMED_L4),
	BAD(v4_udp_len_beyond, FG_DROP_MALFORMED_L4),
	BAD(v4_icmp_truncated, FG_DROP_MALFORMED_L4),
	BAD(v4_first_frag_tcp_cut, FG_DROP_MALFORMED_FRAG),
	BAD(v4_tcp_frag_offset_8, FG_DROP_MALFORMED_FRAG),

	OK(v6_tcp_syn, IPPROTO_TCP, FG_FRAG_NONE, 40000, 80,
	   TCPHDR_SYN, 0),
	OK(v6_udp_exthdrs, IPPROTO_UDP, FG_FRAG_NONE, 5353, 53,
	   0, 0),
	OK(v6_max_exthdrs, IPPROTO_UDP, FG_FRAG_NONE, 5353, 53,
	   0, 0),
	OK(v6_auth, IPPROTO_TCP, FG_FRAG_NONE, 40000, 80,
	   TCPHDR_ACK, 0),
	OK(v6_first_frag_tcp, IPPROTO_TCP, FG_FRAG_FIRST, 40000,
	   80, TCPHDR_SYN, 0),
	OK(v6_later_frag, IPPROTO_UDP, FG_FRAG_LATER, 0, 0, 0, 0),
	OK(v6_atomic_frag, IPPROTO_TCP, FG_FRAG_NONE, 40000, 80,
	   TCPHDR_SYN, 0),
	OK(v6_icmpv6_echo, IPPROTO_ICMPV6, FG_FRAG_NONE, 0, 0, 0,
	   ICMPV6_ECHO_REQUEST),
	OK(v6_icmpv4_inside, IPPROTO_ICMP, FG_FRAG_NONE, 0, 0, 0,
	   0),
	{ "v6_jumbo", v6_jumbo, FG_PASS, IPPROTO_TCP, FG_FRAG_NONE, 40000, 80,
	  TCPHDR_ACK, 0, true },
	OK(v6_no_next_header, NEXTHDR_NONE, FG_FRAG_NONE, 0, 0, 0,
	   0),
	BAD(v6_too_many_exthdrs, FG_DROP_MALFORMED_IP),
	BAD(v6_hop_not_first, FG_DROP_MALFORMED_IP),
	BAD(v6_exthdr_beyond, FG_DROP_MALFORMED_IP),
	BAD(v6_first_frag_tcp_cut, FG_DROP_MALFORMED_FRAG),
	BAD(v6_first_frag_chain_cut, FG_DROP_MALFORMED_FRAG),
	BAD(v6_payload_beyond, FG_DROP_MALFORMED_IP),
	BAD(v6_payload_zero, FG_DROP_MALFORMED_L4),
	BAD(v6_short_header, FG_DROP_MALFORMED_IP),
	BAD(v6_tcp_truncated, FG_DROP_MALFORMED_L4),
};

static void parse_case_desc(const struct parse_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(parse, parse_cases, parse_case_desc);

/*
 * Build the packet into an skb: all of it linear when @linear is at least
 * its length, else @linear bytes in the head and the rest in a page frag.
 */
static struct sk_buff *pkt_to_skb(const struct pkt *p, unsigned int linear)
{
	struct sk_buff *skb;
	struct page *page;

	linear = min(linear, p->len);
	skb = alloc_skb(linear, GFP_KERNEL);
	if (!skb)
		return NULL;
	skb_put_data(skb, p->buf, linear);
	skb_reset_network_header(skb);
	skb->protocol = htons(p->v6 ? ETH_P_IPV6 : ETH_P_IP);
	if (linear == p->len)
		return skb;

	page = alloc_page(GFP_KERNEL);
	if (!page) {
		kfree_skb(skb);
		return NULL;
	}
	memcpy(page_address(page), p->buf + linear, p->len - linear);
	skb_add_rx_frag(skb, 0, page, 0, p->len - linear, PAGE_SIZE);
	return skb;
}

static void parse_one(struct kunit *test, const struct parse_case *c,
		      const struct pkt *p, unsigned int linear)
{
	struct sk_buff *skb = pkt_to_skb(p, linear);
	struct fg_flow flow;
	enum fg_reason got;

	KUNIT_ASSERT_NOT_NULL(test, skb);
	got = p->v6 ? fg_parse_ipv6(skb, &flow) : fg_parse_ipv4(skb, &flow);
	kfree_skb(skb);

	KUNIT_EXPECT_EQ_MSG(test, got, c->want, "linear=%u", linear);
	if (c->want != FG_PASS)
		return;
	KUNIT_EXPECT_EQ(test, flow.family, p->v6 ? NFPROTO_IPV6 : NFPROTO_IPV4);
	KUNIT_EXPECT_EQ(test, flow.proto, c->proto);
	KUNIT_EXPECT_EQ(test, flow.frag, c->frag);
	KUNIT_EXPECT_EQ(test, ntohs(flow.sport), c->sport);
	KUNIT_EXPECT_EQ(test, ntohs(flow.dport), c->dport);
	KUNIT_EXPECT_EQ(test, flow.tcp_flags, c->tcp_flags);
	KUNIT_EXPECT_EQ(test, flow.icmp_type, c->icmp_type);
	KUNIT_EXPECT_EQ(test, flow.len, c->jumbo ? p->len : p->l3len ?: p->len);
	if (p->v6) {
		KUNIT_EXPECT_EQ(test, flow.saddr.in6.s6_addr[15], 7);
		KUNIT_EXPECT_EQ(test, flow.daddr.in6.s6_addr[15], 1);
	} else {
		KUNIT_EXPECT_EQ(test, ntohl(flow.saddr.ip), 0xc6336407);
		KUNIT_EXPECT_EQ(test, ntohl(flow.daddr.ip), 0xcb007101);
	}
}

static void parse_test(struct kunit *test)
{
	const struct parse_case *c = test->param_value;
	struct pkt *p;

	p = kunit_kzalloc(test, sizeof(*p), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p);
	c->build(p);
	finish(p);

	parse_one(test, c, p, PKT_MAX);
	/* Only the first 8 bytes linear: every header crosses into frags. */
	parse_one(test, c, p, 8);
}

static struct kunit_case parse_test_cases[] = {
	KUNIT_CASE_PARAM(parse_test, parse_gen_params),
	{}
};

static struct kunit_suite parse_test_suite = {
	.name = "floodgate_parse",
	.test_cases = parse_test_cases,
};

kunit_test_suite(parse_test_suite);
