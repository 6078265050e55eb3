// SPDX-License-Identifier: GPL-2.0
/*
 * The SYN proxy stage.
 *
 * floodgate decides which SYNs to answer; the kernel's nf_synproxy core
 * does the TCP work: the cookie SYN-ACK, the check of the client's ACK, the
 * SYN to the service, and (from its own hooks at LOCAL_IN and POST_ROUTING,
 * with conntrack's sequence adjustment) the splice of the two halves once
 * the service answers.
 *
 * floodgate runs at PRE_ROUTING priority -500, before defragmentation and
 * conntrack, so a SYN it answers and an ACK it refuses never reach
 * conntrack: a spoofed flood creates no conntrack entry, no half-open
 * socket and nothing in floodgate either. Packets to a protected port
 * that are not SYNs are looked up in conntrack: those of a connection go
 * on, an ACK without one is checked for a cookie, and anything else is
 * dropped. Conntrack (and the core's hooks) are engaged in a namespace
 * only while it has a protected port, or connections the proxy handed
 * over that would break without them. Documentation/design.md has the
 * details and the reasons.
 */

#include <asm/unaligned.h>
#include <linux/inetdevice.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/log2.h>
#include <linux/math64.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/tcp.h>
#include <net/dst_metadata.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/route.h>
#include <net/tcp.h>
#include <net/netfilter/nf_conntrack.h>
#include <net/netfilter/nf_conntrack_core.h>
#include <net/netfilter/nf_conntrack_synproxy.h>
#include <net/netfilter/nf_conntrack_zones.h>
#include <net/netfilter/nf_synproxy.h>
#include <linux/netfilter/nf_synproxy.h>
#include <kunit/visibility.h>

#include "floodgate.h"
#include "parse.h"
#include "synproxy.h"

/*
 * A disengaged auto port still honours the cookies it handed out: the
 * kernel accepts a cookie for two minutes (MAX_SYNCOOKIE_AGE), and a
 * little more covers the clock's granularity.
 */
#define FG_SP_DRAIN_NS (130 * NSEC_PER_SEC)

/*
 * For this long after conntrack is engaged in a namespace, a packet to a
 * protected port that belongs to no known connection is let through for
 * conntrack to pick up (connections older than the protection), instead
 * of being dropped.
 */
#define FG_SP_ADOPT_NS (10 * NSEC_PER_SEC)

/*
 * With no protected port left, how often the connections the proxy
 * handed over are counted, until none is left to hold conntrack for.
 */
#define FG_SP_HOLD_CHECK (10 * HZ)

/* The smallest MSS an IPv4 host must accept (RFC 9293, 3.7.1). */
#define FG_SP_MSS_MIN 536

#define FG_SP_DEFAULT_THRESHOLD 1000
#define FG_SP_DEFAULT_HOLD 30

static void sp_count(const struct fg_sp_port *port, enum fg_sp_counter c)
{
	struct fg_sp_pcpu *s = this_cpu_ptr(port->pcpu);

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->cnt[c]);
	u64_stats_update_end(&s->syncp);
}

void fg_sp_port_read(const struct fg_sp_port *port, u64 out[FG_SP_NCNT])
{
	int cpu, i;

	memset(out, 0, sizeof(u64) * FG_SP_NCNT);
	for_each_possible_cpu(cpu) {
		const struct fg_sp_pcpu *s = per_cpu_ptr(port->pcpu, cpu);
		u64 snap[FG_SP_NCNT];
		unsigned int start;

		do {
			start = u64_stats_fetch_begin(&s->syncp);
			for (i = 0; i < FG_SP_NCNT; i++)
				snap[i] = u64_stats_read(&s->cnt[i]);
		} while (u64_stats_fetch_retry(&s->syncp, start));
		for (i = 0; i < FG_SP_NCNT; i++)
			out[i] += snap[i];
	}
}
EXPORT_SYMBOL_IF_KUNIT(fg_sp_port_read);

/* Matching */

static bool prefix_equal(const union nf_inet_addr *a,
			 const union nf_inet_addr *b, u8 plen, u8 family)
{
	if (family == NFPROTO_IPV4)
		return !((a->ip ^ b->ip) & inet_make_mask(plen));
	return ipv6_prefix_equal(&a->in6, &b->in6, plen);
}

bool fg_sp_cfg_matches(const struct fg_sp_cfg *cfg, u8 family,
		       const union nf_inet_addr *daddr, u16 dport)
{
	if (dport < cfg->port_min || dport > cfg->port_max)
		return false;
	if (!cfg->family)
		return true;
	return cfg->family == family &&
	       prefix_equal(&cfg->addr, daddr, cfg->plen, family);
}
EXPORT_SYMBOL_IF_KUNIT(fg_sp_cfg_matches);

/*
 * Order of specificity: a port with a destination before one without, a
 * longer prefix first, then the narrower port range. Zero only for the
 * same selector (range and destination): the identity of a port.
 */
int fg_sp_cfg_cmp(const struct fg_sp_cfg *a, const struct fg_sp_cfg *b)
{
	u32 wa = a->port_max - a->port_min, wb = b->port_max - b->port_min;

	if (!a->family != !b->family)
		return a->family ? -1 : 1;
	if (a->family && a->plen != b->plen)
		return a->plen > b->plen ? -1 : 1;
	if (wa != wb)
		return wa < wb ? -1 : 1;
	if (a->port_min != b->port_min)
		return a->port_min < b->port_min ? -1 : 1;
	if (a->family != b->family)
		return a->family < b->family ? -1 : 1;
	if (!a->family)
		return 0;
	return memcmp(&a->addr, &b->addr, sizeof(a->addr));
}
EXPORT_SYMBOL_IF_KUNIT(fg_sp_cfg_cmp);

struct fg_sp_port *fg_sp_match(const struct fg_sp_set *set, u8 family,
			       const union nf_inet_addr *daddr, u16 dport)
{
	unsigned int i;

	if (!test_bit(dport, set->ports))
		return NULL;
	for (i = 0; i < set->n; i++)
		if (fg_sp_cfg_matches(&set->port[i]->cfg, family, daddr, dport))
			return set->port[i];
	return NULL;
}
EXPORT_SYMBOL_IF_KUNIT(fg_sp_match);

/* Options */

/*
 * The MSS to offer a client: what the path through this host can carry,
 * the smaller of the MTUs of the device the SYN came in by and of the
 * route to the service when it is forwarded, less the headers.
 */
u16 fg_sp_default_mss(u8 family, unsigned int in_mtu, unsigned int out_mtu)
{
	unsigned int mtu = in_mtu, hdrs, min;

	if (out_mtu && out_mtu < mtu)
		mtu = out_mtu;
	if (family == NFPROTO_IPV4) {
		hdrs = sizeof(struct iphdr) + sizeof(struct tcphdr);
		min = FG_SP_MSS_MIN;
	} else {
		hdrs = sizeof(struct ipv6hdr) + sizeof(struct tcphdr);
		min = IPV6_MIN_MTU - hdrs;
	}
	if (mtu < hdrs + min)
		return min;
	return min_t(unsigned int, mtu - hdrs, 65535 - hdrs);
}
EXPORT_SYMBOL_IF_KUNIT(fg_sp_default_mss);

/*
 * The window scale this host's stack offers (tcp_select_initial_window()):
 * enough to cover the largest receive buffer a socket can get. The service
 * keeps the window scale it chooses itself, and the client reads the
 * service's windows with the scale the proxy offered, so the two must
 * agree: this is right for services on this host and for others with
 * the same settings; the wscale option overrides it.
 */
u8 fg_sp_default_wscale(u32 rmem)
{
	if (!rmem)
		return 0;
	return clamp_t(int, ilog2(rmem) - 15, 0, TCP_MAX_WSCALE);
}
EXPORT_SYMBOL_IF_KUNIT(fg_sp_default_wscale);

static u8 sp_wscale(const struct net *net, const struct fg_sp_cfg *cfg)
{
	u32 rmem;

	if (cfg->wscale != FG_SP_WSCALE_AUTO)
		return cfg->wscale;
	rmem = max_t(u32, READ_ONCE(net->ipv4.sysctl_tcp_rmem[2]),
		     READ_ONCE(sysctl_rmem_max));
	return fg_sp_default_wscale(rmem);
}

/* The auto-mode state machine */

/*
 * One step, with the SYN rate of the last second: engage above the
 * threshold, disengage once the rate has stayed at or below it for @hold
 * seconds. Returns whether the state changed.
 */
bool fg_sp_auto_step(struct fg_sp_auto *st, u32 threshold, u32 hold,
		     u64 rate, u64 now_ns)
{
	if (!st->engaged) {
		if (rate <= threshold)
			return false;
		st->engaged = true;
		st->calm = false;
		st->since = now_ns;
		st->engages++;
		return true;
	}
	if (rate > threshold) {
		st->calm = false;
		return false;
	}
	if (!st->calm) {
		st->calm = true;
		st->calm_since = now_ns;
	}
	if (now_ns - st->calm_since < (u64)hold * NSEC_PER_SEC)
		return false;
	st->engaged = false;
	st->calm = false;
	st->since = now_ns;
	st->disengages++;
	return true;
}
EXPORT_SYMBOL_IF_KUNIT(fg_sp_auto_step);

/*
 * Between two ticks, an idle auto port engages at once when one CPU alone
 * sees more than @limit (the threshold) SYNs to it within a second: a
 * flood on one receive queue is answered from its first second on, not
 * after it. A flood spread over CPUs is caught by the tick's sum.
 */
bool fg_sp_window_hit(struct fg_sp_window *w, unsigned long now, u32 limit)
{
	if (time_after_eq(now, w->start + HZ) || time_before(now, w->start)) {
		w->start = now;
		w->count = 0;
	}
	return ++w->count > limit;
}
EXPORT_SYMBOL_IF_KUNIT(fg_sp_window_hit);

/* The packet path */

/*
 * The nf_synproxy core sends its IPv4 packets along the route of the packet
 * it answers (ip_route_me_harder() starts from its device), and at
 * PRE_ROUTING the packet has none yet: look it up as ip_rcv_finish() would,
 * which then keeps it.
 */
static int sp_route4(struct sk_buff *skb)
{
	const struct iphdr *iph = ip_hdr(skb);

	if (skb_valid_dst(skb))
		return 0;
	return ip_route_input_noref(skb, iph->daddr, iph->saddr, iph->tos,
				    skb->dev);
}

static const struct tcphdr *sp_tcp(struct sk_buff *skb,
				   const struct nf_hook_state *state,
				   const struct fg_flow *flow,
				   struct tcphdr *buf,
				   struct synproxy_options *opts)
{
	const struct tcphdr *th;

	th = skb_header_pointer(skb, flow->thoff, sizeof(*buf), buf);
	if (!th || nf_checksum(skb, state->hook, flow->thoff, IPPROTO_TCP,
			       flow->family))
		return NULL;
	if (!synproxy_parse_options(skb, flow->thoff, th, opts))
		return NULL;
	return th;
}

static enum fg_reason sp_answer_syn(struct fg_synproxy *sp,
				    const struct fg_sp_port *port,
				    struct sk_buff *skb,
				    const struct nf_hook_state *state,
				    const struct fg_flow *flow)
{
	const struct fg_sp_cfg *cfg = &port->cfg;
	struct synproxy_options opts = {};
	struct nf_synproxy_info info;
	struct net *net = state->net;
	unsigned int out_mtu = 0;
	const struct tcphdr *th;
	struct tcphdr _th;

	sp_count(port, FG_SP_SYN);
	th = sp_tcp(skb, state, flow, &_th, &opts);
	if (!th)
		return FG_DROP_SYNPROXY_SYN;
	if (flow->family == NFPROTO_IPV4) {
		const struct rtable *rt;

		if (sp_route4(skb))
			return FG_DROP_SYNPROXY_SYN;
		rt = skb_rtable(skb);
		if (rt->rt_type == RTN_UNICAST)
			out_mtu = dst_mtu(&rt->dst);
	}

	info.options = NF_SYNPROXY_OPT_MSS | NF_SYNPROXY_OPT_WSCALE |
		       NF_SYNPROXY_OPT_SACK_PERM | NF_SYNPROXY_OPT_TIMESTAMP;
	if (cfg->flags & FLOODGATE_SYNPROXY_F_NO_TIMESTAMPS)
		info.options &= ~NF_SYNPROXY_OPT_TIMESTAMP;
	if (cfg->flags & FLOODGATE_SYNPROXY_F_NO_SACK)
		info.options &= ~NF_SYNPROXY_OPT_SACK_PERM;
	info.mss = cfg->mss ?: fg_sp_default_mss(flow->family,
						 READ_ONCE(skb->dev->mtu),
						 out_mtu);
	info.wscale = sp_wscale(net, cfg);

	/* As nft_synproxy_tcp_options(), offering our MSS in any case. */
	opts.options &= info.options;
	opts.mss_encode = opts.mss_option;
	opts.mss_option = info.mss;
	opts.options |= NF_SYNPROXY_OPT_MSS;
	if (opts.options & NF_SYNPROXY_OPT_TIMESTAMP)
		synproxy_init_timestamp_cookie(&info, &opts);
	else
		opts.options &= ~(NF_SYNPROXY_OPT_WSCALE |
				  NF_SYNPROXY_OPT_SACK_PERM |
				  NF_SYNPROXY_OPT_ECN);

	this_cpu_inc(synproxy_pernet(net)->stats->syn_received);
	if (flow->family == NFPROTO_IPV4)
		synproxy_send_client_synack(net, skb, th, &opts);
	else
		synproxy_send_client_synack_ipv6(net, skb, th, &opts);
	sp_count(port, FG_SP_SENT);
	fg_stats_inc(sp->stats, FLOODGATE_STATS_A_SYNPROXY_COOKIES_SENT);
	return FG_DROP_SYNPROXY_SYN;
}

/* An ACK that belongs to no connection: does it carry one of our cookies? */
static bool sp_cookie_ack(struct sk_buff *skb,
			  const struct nf_hook_state *state,
			  const struct fg_flow *flow)
{
	struct synproxy_options opts = {};
	const struct tcphdr *th;
	struct tcphdr _th;

	th = sp_tcp(skb, state, flow, &_th, &opts);
	if (!th)
		return false;
	if (flow->family == NFPROTO_IPV4)
		return !sp_route4(skb) &&
		       synproxy_recv_client_ack(state->net, skb, th, &opts,
						ntohl(th->seq));
	return synproxy_recv_client_ack_ipv6(state->net, skb, th, &opts,
					     ntohl(th->seq));
}

/*
 * What conntrack knows of this packet's connection. An entry in TIME_WAIT
 * or CLOSE is a finished one, whose tuple a client may reuse at once (the
 * server closed first, so the client holds no TIME_WAIT): a cookie ACK
 * with it opens a new connection, as a SYN would (conntrack replaces the
 * old entry when the proxy's SYN reaches it). Anything else with it is a
 * late segment of the old connection, such as the client's ACK of a
 * retransmitted FIN, which the service's socket waits for in LAST_ACK.
 */
enum sp_conn {
	SP_CONN_NONE,
	SP_CONN_LIVE,
	SP_CONN_ENDED,
};

static bool sp_ct_ended(const struct nf_conn *ct)
{
	u8 state = READ_ONCE(ct->proto.tcp.state);

	return state == TCP_CONNTRACK_TIME_WAIT || state == TCP_CONNTRACK_CLOSE;
}

static enum sp_conn sp_conn_lookup(struct net *net, const struct fg_flow *flow)
{
	struct nf_conntrack_tuple_hash *h;
	struct nf_conntrack_tuple tuple;
	enum sp_conn conn;
	struct nf_conn *ct;

	memset(&tuple, 0, sizeof(tuple));
	tuple.src.l3num = flow->family;	/* NFPROTO_IPV4/6 are AF_INET/6 */
	tuple.src.u3 = flow->saddr;
	tuple.dst.u3 = flow->daddr;
	tuple.src.u.tcp.port = flow->sport;
	tuple.dst.u.tcp.port = flow->dport;
	tuple.dst.protonum = IPPROTO_TCP;
	tuple.dst.dir = IP_CT_DIR_ORIGINAL;
	h = nf_conntrack_find_get(net, &nf_ct_zone_dflt, &tuple);
	if (!h)
		return SP_CONN_NONE;
	ct = nf_ct_tuplehash_to_ctrack(h);
	conn = sp_ct_ended(ct) ? SP_CONN_ENDED : SP_CONN_LIVE;
	nf_ct_put(ct);
	return conn;
}

enum fg_reason fg_sp_judge_slow(struct fg_synproxy *sp, struct sk_buff *skb,
				const struct nf_hook_state *state,
				const struct fg_flow *flow)
{
	const struct fg_sp_set *set;
	struct fg_sp_port *port;
	bool engaged, lenient;
	enum sp_conn conn;
	u64 now;
	u8 fl;

	if (flow->proto != IPPROTO_TCP || flow->frag == FG_FRAG_LATER)
		return FG_PASS;
	set = rcu_dereference(sp->set);
	if (!set)
		return FG_PASS;
	port = fg_sp_match(set, flow->family, &flow->daddr, ntohs(flow->dport));
	if (!port)
		return FG_PASS;

	engaged = READ_ONCE(port->engaged);
	fl = flow->tcp_flags & (TCPHDR_SYN | TCPHDR_ACK | TCPHDR_RST |
				TCPHDR_FIN);
	if (fl == TCPHDR_SYN && flow->frag == FG_FRAG_NONE) {
		sp_count(port, FG_SP_SEEN);
		if (!engaged && port->cfg.mode == FLOODGATE_SYNPROXY_AUTO &&
		    fg_sp_window_hit(&this_cpu_ptr(port->pcpu)->win, jiffies,
				     port->cfg.threshold)) {
			/* The tick counts and announces it, now. */
			WRITE_ONCE(port->engaged, true);
			mod_delayed_work(system_wq, &sp->tick, 0);
			engaged = true;
		}
		if (!engaged)
			return FG_PASS;
		return sp_answer_syn(sp, port, skb, state, flow);
	}

	now = ktime_get_coarse_ns();
	if (!engaged && now >= READ_ONCE(port->drain_until))
		return FG_PASS;
	conn = sp_conn_lookup(state->net, flow);
	if (conn == SP_CONN_LIVE)
		return FG_PASS;
	/*
	 * A disengaged port, or a namespace that has just engaged conntrack,
	 * lets such packets on after the cookie check: they may be of a
	 * connection conntrack has not seen yet. So does a finished
	 * connection's entry: they may be its last segments.
	 */
	lenient = conn == SP_CONN_ENDED || !engaged ||
		  now - READ_ONCE(sp->ct_since) < FG_SP_ADOPT_NS;
	if (fl == TCPHDR_ACK && flow->frag == FG_FRAG_NONE) {
		if (sp_cookie_ack(skb, state, flow)) {
			sp_count(port, FG_SP_VALID);
			return FG_DROP_SYNPROXY_ACK;
		}
		if (lenient)
			return FG_PASS;
		sp_count(port, FG_SP_INVALID);
		return FG_DROP_SYNPROXY_INVALID;
	}
	if (lenient)
		return FG_PASS;
	sp_count(port, FG_SP_NOCONN);
	return FG_DROP_SYNPROXY_NOCONN;
}

/*
 * The TCP header of a packet at LOCAL_IN or POST_ROUTING; the core builds
 * bare IPv6 headers, and other packets are not ours to touch.
 */
static struct tcphdr *sp_out_tcp(struct sk_buff *skb, u8 pf,
				 unsigned int *thoff)
{
	if (pf == NFPROTO_IPV4) {
		if (ip_hdr(skb)->protocol != IPPROTO_TCP)
			return NULL;
		*thoff = ip_hdrlen(skb);
	} else {
		if (ipv6_hdr(skb)->nexthdr != IPPROTO_TCP)
			return NULL;
		*thoff = sizeof(struct ipv6hdr);
	}
	if (!pskb_may_pull(skb, *thoff + sizeof(struct tcphdr)))
		return NULL;
	return (struct tcphdr *)(skb->data + *thoff);
}

/*
 * The ACK that the nf_synproxy core sends the service when the service's
 * SYN-ACK arrives echoes the service's timestamp, which is already in the
 * service's clock. But the core sends it from its own hook, before it
 * sets up the sequence adjustment, and on its way out the core's hook
 * translates its timestamp echo once more, as if it came from the client
 * (6.1's ipv4_synproxy_hook(), synproxy_tstamp_adjust()). A service
 * answering with a syncookie reads the client's window scale and SACK
 * from that echo (cookie_timestamp_decode()), gets garbage, and the
 * connection crawls: a listener whose queue overflowed does exactly that.
 * Take the translation back before the core applies it: an ACK without
 * data, made by this host (no socket, no input device), of a proxied
 * connection whose sequence adjustment is not set up yet (so not the
 * client's), with a timestamp offset to undo.
 */
static void sp_fix_server_ack(struct sk_buff *skb, u8 pf,
			      const struct nf_conn *ct,
			      const struct nf_conn_synproxy *synproxy)
{
	unsigned int thoff, optoff, optend;
	u32 tsoff = READ_ONCE(synproxy->tsoff);
	struct tcphdr *th;

	if (!tsoff || skb->sk || skb->skb_iif ||
	    test_bit(IPS_SEQ_ADJUST_BIT, &ct->status))
		return;
	th = sp_out_tcp(skb, pf, &thoff);
	if (!th || tcp_flag_byte(th) != TCPHDR_ACK ||
	    skb->len != thoff + th->doff * 4)
		return;
	optend = thoff + th->doff * 4;
	if (skb_ensure_writable(skb, optend))
		return;
	th = (struct tcphdr *)(skb->data + thoff);
	for (optoff = thoff + sizeof(*th); optoff < optend;) {
		unsigned char *op = skb->data + optoff;
		u32 old, new;

		if (op[0] == TCPOPT_EOL)
			return;
		if (op[0] == TCPOPT_NOP) {
			optoff++;
			continue;
		}
		if (optoff + 1 == optend || op[1] < 2 ||
		    optoff + op[1] > optend)
			return;
		if (op[0] == TCPOPT_TIMESTAMP && op[1] == TCPOLEN_TIMESTAMP) {
			old = get_unaligned_be32(&op[6]);
			new = old - tsoff;
			put_unaligned_be32(new, &op[6]);
			inet_proto_csum_replace4(&th->check, skb,
						 cpu_to_be32(old),
						 cpu_to_be32(new), false);
			return;
		}
		optoff += op[1];
	}
}

/*
 * Around the splice, at LOCAL_IN and POST_ROUTING just before the core's
 * hook: the service's SYN-ACK on a connection the core proxies is a
 * hand-over, counted per port; the core's own ACK to the service has its
 * timestamp echo mended.
 */
static unsigned int sp_observe(void *priv, struct sk_buff *skb,
			       const struct nf_hook_state *state)
{
	struct fg_synproxy *sp = &fg_pernet(state->net)->sp;
	const struct nf_conntrack_tuple *reply;
	const struct nf_conn_synproxy *synproxy;
	enum ip_conntrack_info ctinfo;
	const struct fg_sp_port *port;
	const struct fg_sp_set *set;
	struct nf_conn *ct;

	ct = nf_ct_get(skb, &ctinfo);
	if (!ct || nf_ct_protonum(ct) != IPPROTO_TCP)
		return NF_ACCEPT;
	synproxy = nfct_synproxy(ct);
	if (!synproxy)
		return NF_ACCEPT;
	if (CTINFO2DIR(ctinfo) == IP_CT_DIR_ORIGINAL) {
		sp_fix_server_ack(skb, state->pf, ct, synproxy);
		return NF_ACCEPT;
	}
	if (READ_ONCE(ct->proto.tcp.state) != TCP_CONNTRACK_SYN_RECV)
		return NF_ACCEPT;
	/* The core's hook sees the same SYN-ACK next, and splices. */
	fg_stats_inc(sp->stats, FLOODGATE_STATS_A_SYNPROXY_HANDED_OVER);
	set = rcu_dereference(sp->set);
	if (!set)
		return NF_ACCEPT;
	reply = &ct->tuplehash[IP_CT_DIR_REPLY].tuple;
	port = fg_sp_match(set, nf_ct_l3num(ct), &reply->src.u3,
			   ntohs(reply->src.u.tcp.port));
	if (port) {
		local_bh_disable();
		sp_count(port, FG_SP_HANDED);
		local_bh_enable();
	}
	return NF_ACCEPT;
}

/*
 * floodgate's SYN-ACKs leave through LOCAL_OUT without a socket or a
 * conntrack entry; conntrack would allocate one for each, find a SYN-ACK
 * cannot open a connection, and free it again. Under a flood that is
 * wasted work: mark them untracked first.
 */
static unsigned int sp_untrack(void *priv, struct sk_buff *skb,
			       const struct nf_hook_state *state)
{
	struct fg_synproxy *sp = &fg_pernet(state->net)->sp;
	union nf_inet_addr saddr = {};
	const struct fg_sp_set *set;
	const struct tcphdr *th;
	struct tcphdr _th;
	unsigned int thoff;
	u8 family;

	if (skb->sk || skb_nfct(skb))
		return NF_ACCEPT;
	if (state->pf == NFPROTO_IPV4) {
		const struct iphdr *iph = ip_hdr(skb);

		if (iph->protocol != IPPROTO_TCP)
			return NF_ACCEPT;
		thoff = ip_hdrlen(skb);
		saddr.ip = iph->saddr;
		family = NFPROTO_IPV4;
	} else {
		const struct ipv6hdr *ip6h = ipv6_hdr(skb);

		/* The core builds a bare IPv6 header. */
		if (ip6h->nexthdr != IPPROTO_TCP)
			return NF_ACCEPT;
		thoff = sizeof(*ip6h);
		saddr.in6 = ip6h->saddr;
		family = NFPROTO_IPV6;
	}
	/*
	 * The core's SYN-ACK advertises a zero window; a listener's own
	 * (with no socket when it answers with a syncookie) never does.
	 */
	th = skb_header_pointer(skb, thoff, sizeof(_th), &_th);
	if (!th || tcp_flag_byte(th) != (TCPHDR_SYN | TCPHDR_ACK) ||
	    th->window)
		return NF_ACCEPT;
	set = rcu_dereference(sp->set);
	if (set && fg_sp_match(set, family, &saddr, ntohs(th->source)))
		nf_ct_set(skb, NULL, IP_CT_UNTRACKED);
	return NF_ACCEPT;
}

static const struct nf_hook_ops sp_hook_ops[] = {
	{
		.hook		= sp_observe,
		.pf		= NFPROTO_IPV4,
		.hooknum	= NF_INET_LOCAL_IN,
		.priority	= NF_IP_PRI_CONNTRACK_CONFIRM - 2,
	},
	{
		.hook		= sp_observe,
		.pf		= NFPROTO_IPV4,
		.hooknum	= NF_INET_POST_ROUTING,
		.priority	= NF_IP_PRI_CONNTRACK_CONFIRM - 2,
	},
	{
		.hook		= sp_observe,
		.pf		= NFPROTO_IPV6,
		.hooknum	= NF_INET_LOCAL_IN,
		.priority	= NF_IP6_PRI_LAST - 2,
	},
	{
		.hook		= sp_observe,
		.pf		= NFPROTO_IPV6,
		.hooknum	= NF_INET_POST_ROUTING,
		.priority	= NF_IP6_PRI_LAST - 2,
	},
	{
		.hook		= sp_untrack,
		.pf		= NFPROTO_IPV4,
		.hooknum	= NF_INET_LOCAL_OUT,
		.priority	= NF_IP_PRI_RAW,
	},
	{
		.hook		= sp_untrack,
		.pf		= NFPROTO_IPV6,
		.hooknum	= NF_INET_LOCAL_OUT,
		.priority	= NF_IP6_PRI_RAW,
	},
};

/* Conntrack engagement */

static int sp_ct_engage(struct fg_synproxy *sp)
{
	struct synproxy_net *snet = synproxy_pernet(sp->net);
	int err;

	err = nf_ct_netns_get(sp->net, NFPROTO_INET);
	if (err)
		return err;
	err = nf_synproxy_ipv4_init(snet, sp->net);
	if (err)
		goto err_ct;
	err = nf_synproxy_ipv6_init(snet, sp->net);
	if (err)
		goto err_v4;
	err = nf_register_net_hooks(sp->net, sp_hook_ops,
				    ARRAY_SIZE(sp_hook_ops));
	if (err)
		goto err_v6;
	sp->ct_engaged = true;
	WRITE_ONCE(sp->ct_since, ktime_get_coarse_ns());
	return 0;

err_v6:
	nf_synproxy_ipv6_fini(snet, sp->net);
err_v4:
	nf_synproxy_ipv4_fini(snet, sp->net);
err_ct:
	nf_ct_netns_put(sp->net, NFPROTO_INET);
	return err;
}

static void sp_ct_disengage(struct fg_synproxy *sp)
{
	struct synproxy_net *snet = synproxy_pernet(sp->net);

	if (!sp->ct_engaged)
		return;
	nf_unregister_net_hooks(sp->net, sp_hook_ops, ARRAY_SIZE(sp_hook_ops));
	nf_synproxy_ipv6_fini(snet, sp->net);
	nf_synproxy_ipv4_fini(snet, sp->net);
	nf_ct_netns_put(sp->net, NFPROTO_INET);
	sp->ct_engaged = false;
}

/*
 * A connection the proxy handed over (it has the core's extension, from
 * the template its SYN to the service carried) that has not ended: its
 * sequence numbers and timestamps are translated by conntrack and the
 * core's hooks for as long as it lasts.
 */
static int sp_count_proxied(struct nf_conn *ct, void *data)
{
	if (nf_ct_protonum(ct) == IPPROTO_TCP && nfct_synproxy(ct) &&
	    !sp_ct_ended(ct))
		(*(u32 *)data)++;
	return 0;	/* keep it */
}

static u32 sp_proxied(struct fg_synproxy *sp)
{
	u32 n = 0;
	struct nf_ct_iter_data it = { .net = sp->net, .data = &n };

	nf_ct_iterate_cleanup_net(sp_count_proxied, &it);
	return n;
}

/*
 * Conntrack engaged with no protected port: held for the connections the
 * proxy handed over. Under sp->lock.
 */
static bool sp_ct_held(struct fg_synproxy *sp)
{
	return sp->ct_engaged && !rcu_access_pointer(sp->set);
}

/*
 * The last port is gone: let go of conntrack, unless connections the
 * proxy handed over are still open, which would break without it; then
 * hold it and look again every FG_SP_HOLD_CHECK.
 */
static void sp_ct_release(struct fg_synproxy *sp)
{
	sp->proxied = sp_proxied(sp);
	if (sp->proxied)
		queue_delayed_work(system_wq, &sp->hold, FG_SP_HOLD_CHECK);
	else
		sp_ct_disengage(sp);
}

static void sp_hold_check(struct work_struct *work)
{
	struct fg_synproxy *sp = container_of(to_delayed_work(work),
					      struct fg_synproxy, hold);

	mutex_lock(&sp->lock);
	if (sp_ct_held(sp))
		sp_ct_release(sp);
	mutex_unlock(&sp->lock);
}

u8 fg_sp_ct_state(struct fg_synproxy *sp, u32 *proxied)
{
	u8 state;

	mutex_lock(&sp->lock);
	*proxied = 0;
	if (!sp->ct_engaged) {
		state = FLOODGATE_SYNPROXY_CT_OFF;
	} else if (sp_ct_held(sp)) {
		state = FLOODGATE_SYNPROXY_CT_HELD;
		*proxied = sp->proxied;
	} else {
		state = FLOODGATE_SYNPROXY_CT_ENGAGED;
	}
	mutex_unlock(&sp->lock);
	return state;
}

/* Configuration */

static void sp_port_free_rcu(struct rcu_head *head)
{
	struct fg_sp_port *port = container_of(head, struct fg_sp_port, rcu);

	if (port->owns_pcpu)
		free_percpu(port->pcpu);
	kfree(port);
}

static void sp_port_free(struct fg_sp_port *port)
{
	call_rcu(&port->rcu, sp_port_free_rcu);
}

static struct fg_sp_set *sp_set_alloc(unsigned int n)
{
	struct fg_sp_set *set;

	return kvzalloc(struct_size(set, port, n), GFP_KERNEL);
}

static int sp_port_cmp(const void *a, const void *b)
{
	const struct fg_sp_port *pa = *(const struct fg_sp_port **)a;
	const struct fg_sp_port *pb = *(const struct fg_sp_port **)b;

	return fg_sp_cfg_cmp(&pa->cfg, &pb->cfg);
}

/* Sort the ports, most specific first, and mark their ranges. */
void fg_sp_set_prepare(struct fg_sp_set *set)
{
	unsigned int i;

	sort(set->port, set->n, sizeof(set->port[0]), sp_port_cmp, NULL);
	bitmap_zero(set->ports, 65536);
	for (i = 0; i < set->n; i++)
		bitmap_set(set->ports, set->port[i]->cfg.port_min,
			   set->port[i]->cfg.port_max -
			   set->port[i]->cfg.port_min + 1);
}
EXPORT_SYMBOL_IF_KUNIT(fg_sp_set_prepare);

static void sp_set_publish(struct fg_synproxy *sp, struct fg_sp_set *set)
{
	struct fg_sp_set *old;

	fg_sp_set_prepare(set);
	old = rcu_replace_pointer(sp->set, set->n ? set : NULL,
				  lockdep_is_held(&sp->lock));
	if (!set->n)
		kvfree(set);
	if (old)
		kvfree_rcu(old, rcu);
	sp->gen++;
}

static struct fg_sp_set *sp_set(struct fg_synproxy *sp)
{
	return rcu_dereference_protected(sp->set, lockdep_is_held(&sp->lock));
}

static int sp_find(const struct fg_sp_set *set, const struct fg_sp_cfg *cfg)
{
	unsigned int i;

	for (i = 0; set && i < set->n; i++)
		if (!fg_sp_cfg_cmp(&set->port[i]->cfg, cfg))
			return i;
	return -1;
}

int fg_sp_cfg_check(struct fg_sp_cfg *cfg, const char **why)
{
	if (!cfg->port_min || cfg->port_min > cfg->port_max) {
		*why = "port range is empty or backwards";
		return -EINVAL;
	}
	if (cfg->family && cfg->family != NFPROTO_IPV4 &&
	    cfg->family != NFPROTO_IPV6) {
		*why = "unknown address family";
		return -EINVAL;
	}
	if (cfg->family &&
	    cfg->plen > (cfg->family == NFPROTO_IPV4 ? 32 : 128)) {
		*why = "prefix length too long for the address";
		return -EINVAL;
	}
	if (cfg->mode >= __FLOODGATE_SYNPROXY_MODE_MAX) {
		*why = "unknown mode";
		return -EINVAL;
	}
	if (cfg->wscale != FG_SP_WSCALE_AUTO && cfg->wscale > TCP_MAX_WSCALE) {
		*why = "wscale must be 0..14";
		return -EINVAL;
	}
	if (cfg->mss && cfg->mss < FG_SP_MSS_MIN) {
		*why = "mss must be at least 536";
		return -EINVAL;
	}
	if (cfg->flags & ~FLOODGATE_SYNPROXY_F_ALL) {
		*why = "unknown flags";
		return -EINVAL;
	}
	if (!cfg->threshold)
		cfg->threshold = FG_SP_DEFAULT_THRESHOLD;
	if (!cfg->hold)
		cfg->hold = FG_SP_DEFAULT_HOLD;
	if (cfg->family == NFPROTO_IPV4) {
		cfg->addr.ip &= inet_make_mask(cfg->plen);
	} else if (cfg->family == NFPROTO_IPV6) {
		struct in6_addr full = cfg->addr.in6;

		ipv6_addr_prefix(&cfg->addr.in6, &full, cfg->plen);
	}
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(fg_sp_cfg_check);

static void sp_tick_start(struct fg_synproxy *sp)
{
	queue_delayed_work(system_wq, &sp->tick, HZ);
}

int fg_sp_add(struct fg_synproxy *sp, const struct fg_sp_cfg *cfg,
	      const char **why)
{
	struct fg_sp_set *old = sp_set(sp), *set;
	unsigned int n = old ? old->n : 0;
	struct fg_sp_port *port, *prev = NULL;
	u64 now = ktime_get_coarse_ns();
	int idx, err;

	idx = sp_find(old, cfg);
	if (idx < 0 && n >= FLOODGATE_SYNPROXY_PORTS_MAX) {
		*why = "too many protected ports (64 at most)";
		return -ENOSPC;
	}
	if (idx >= 0)
		prev = old->port[idx];

	port = kzalloc(sizeof(*port), GFP_KERNEL);
	if (!port)
		return -ENOMEM;
	port->cfg = *cfg;
	if (prev) {
		port->pcpu = prev->pcpu;
		port->st = prev->st;
		port->rate = prev->rate;
		port->last_seen = prev->last_seen;
		port->last_tick = prev->last_tick;
		port->drain_until = prev->drain_until;
	} else {
		port->pcpu = alloc_percpu(struct fg_sp_pcpu);
		if (!port->pcpu) {
			kfree(port);
			return -ENOMEM;
		}
		port->last_tick = now;
		port->st.since = now;
	}
	port->owns_pcpu = true;
	/* Mode on is always engaged; a switch to auto starts engaged. */
	if (cfg->mode == FLOODGATE_SYNPROXY_ON || (prev && prev->engaged)) {
		port->st.engaged = true;
		port->st.calm = false;
	}
	port->engaged = port->st.engaged;

	set = sp_set_alloc(n + !prev);
	if (!set) {
		err = -ENOMEM;
		goto err_port;
	}
	if (!sp->ct_engaged) {
		err = sp_ct_engage(sp);
		if (err) {
			*why = "cannot engage conntrack in this namespace";
			goto err_set;
		}
	}
	set->n = 0;
	for (idx = 0; idx < n; idx++)
		if (old->port[idx] != prev)
			set->port[set->n++] = old->port[idx];
	set->port[set->n++] = port;
	sp_set_publish(sp, set);
	if (prev) {
		prev->owns_pcpu = false;
		sp_port_free(prev);
	}
	sp_tick_start(sp);
	return 0;

err_set:
	kvfree(set);
err_port:
	if (!prev)
		free_percpu(port->pcpu);
	kfree(port);
	return err;
}

int fg_sp_del(struct fg_synproxy *sp, const struct fg_sp_cfg *cfg)
{
	struct fg_sp_set *old = sp_set(sp), *set;
	struct fg_sp_port *gone;
	unsigned int i;
	int idx;

	idx = sp_find(old, cfg);
	if (idx < 0)
		return -ENOENT;
	gone = old->port[idx];
	set = sp_set_alloc(old->n - 1);
	if (!set)
		return -ENOMEM;
	for (i = 0; i < old->n; i++)
		if (old->port[i] != gone)
			set->port[set->n++] = old->port[i];
	sp_set_publish(sp, set);
	sp_port_free(gone);
	if (!rcu_access_pointer(sp->set))
		sp_ct_release(sp);
	return 0;
}

/* Once a second: SYN rates, and the auto ports' state machines. */
static void sp_tick(struct work_struct *work)
{
	struct fg_synproxy *sp = container_of(to_delayed_work(work),
					      struct fg_synproxy, tick);
	u64 now = ktime_get_coarse_ns();
	struct fg_sp_set *set;
	unsigned int i;

	mutex_lock(&sp->lock);
	set = sp_set(sp);
	for (i = 0; set && i < set->n; i++) {
		struct fg_sp_port *port = set->port[i];
		u64 cnt[FG_SP_NCNT], rate = 0, elapsed;

		fg_sp_port_read(port, cnt);
		elapsed = now - port->last_tick;
		if (elapsed)
			rate = mul_u64_u64_div_u64(cnt[FG_SP_SEEN] -
						   port->last_seen,
						   NSEC_PER_SEC, elapsed);
		port->rate = min_t(u64, rate, U32_MAX);
		port->last_seen = cnt[FG_SP_SEEN];
		port->last_tick = now;
		/* Engaged by the packet path since the last tick: step it so. */
		if (READ_ONCE(port->engaged) && !port->st.engaged)
			rate = max_t(u64, rate, (u64)port->cfg.threshold + 1);
		if (port->cfg.mode != FLOODGATE_SYNPROXY_AUTO ||
		    !fg_sp_auto_step(&port->st, port->cfg.threshold,
				     port->cfg.hold, rate, now))
			continue;
		WRITE_ONCE(port->engaged, port->st.engaged);
		if (!port->st.engaged)
			WRITE_ONCE(port->drain_until, now + FG_SP_DRAIN_NS);
		fg_stats_inc(sp->stats, port->st.engaged ?
			     FLOODGATE_STATS_A_SYNPROXY_ENGAGED :
			     FLOODGATE_STATS_A_SYNPROXY_DISENGAGED);
		sp->event(sp, port->st.engaged ?
			  FLOODGATE_EVENT_SYNPROXY_ENGAGED :
			  FLOODGATE_EVENT_SYNPROXY_DISENGAGED, port);
	}
	if (set)
		sp_tick_start(sp);
	mutex_unlock(&sp->lock);
}

int fg_sp_init(struct fg_synproxy *sp, struct net *net,
	       struct fg_stats *stats,
	       void (*event)(struct fg_synproxy *sp, u8 event,
			     const struct fg_sp_port *port))
{
	RCU_INIT_POINTER(sp->set, NULL);
	mutex_init(&sp->lock);
	sp->net = net;
	sp->stats = stats;
	sp->event = event;
	INIT_DELAYED_WORK(&sp->tick, sp_tick);
	INIT_DELAYED_WORK(&sp->hold, sp_hold_check);
	return 0;
}

/*
 * At namespace exit, after floodgate's PRE_ROUTING hooks are gone and a
 * grace period has passed.
 */
void fg_sp_destroy(struct fg_synproxy *sp)
{
	struct fg_sp_set *set;
	unsigned int i;

	cancel_delayed_work_sync(&sp->tick);
	cancel_delayed_work_sync(&sp->hold);
	mutex_lock(&sp->lock);
	sp_ct_disengage(sp);	/* unregisters our hooks: synchronize_net() */
	set = sp_set(sp);
	RCU_INIT_POINTER(sp->set, NULL);
	mutex_unlock(&sp->lock);
	mutex_destroy(&sp->lock);
	if (!set)
		return;
	for (i = 0; i < set->n; i++)
		sp_port_free(set->port[i]);
	kvfree_rcu(set, rcu);
}
