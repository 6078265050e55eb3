// SPDX-License-Identifier: GPL-2.0
/*
 * fg_bench: the packet-path half of `make bench` (scripts/bench.sh).
 *
 * Pushes prepared IPv4 packets through the NF_INET_PRE_ROUTING hooks of the
 * calling process's network namespace, exactly as ip_rcv() hands them over
 * (skb->data at the IP header, transport header set, input device set),
 * and times the hooks alone: building the packets is left out of the
 * clock. Whatever is registered there runs: floodgate, nftables chains,
 * iptables tables, or this module's own accept-all and drop-all hooks.
 * With path=rx it times the whole receive path instead (see below).
 *
 * One debugfs file, /sys/kernel/debug/fg_bench/run:
 *   write  "key=value ..." runs one measurement, in the writer's netns,
 *          and returns when it is done (or fails with the reason in dmesg)
 *   read   the result of the last measurement, one line of key=value
 *
 * Keys (defaults in brackets):
 *   dev=NAME        input device, in the writer's netns (required; not a
 *                   loopback device, whose packets floodgate ignores)
 *   packets=N       packets to time [100000]
 *   batch=N         packets built, then pushed, at a time [256]; the
 *                   clock is read around each batch's push, never inside
 *   proto=udp|tcp   UDP datagrams or TCP SYNs [udp]
 *   len=N           IP total length [46 for UDP, 40 for TCP]
 *   src=MODE        where sources come from [fixed:16.0.0.1]
 *                     fixed:A.B.C.D   one source
 *                     random:A.B.C.D/L  uniformly random in a prefix
 *                     seq:A.B.C.D     A.B.C.D, then the next address for
 *                                     each packet (warm-up batch first):
 *                                     a new source every packet
 *                     blocked:N       uniformly random among the N entries
 *                                     of the bench layout (see below)
 *   dst=A.B.C.D     destination [203.0.113.1]
 *   hook=MODE       this module's own hook at priority -500 (that of
 *                   floodgate), registered in the netns for the duration
 *                   of the run: none, accept (accepts everything), drop
 *                   (drops everything), dropclock (reads the clock as
 *                   floodgate's table clock does, then drops) [none]
 *   seed=N          seed of the source and port generator [1]
 *   path=hook|rx    hook: nf_hook(PRE_ROUTING) alone; rx: each packet
 *                   handed to netif_receive_skb() on dev, bottom halves
 *                   disabled, as pktgen's netif_receive mode does [hook]
 *
 * The bench layout: entry k (0 <= k < 2^20) owns the /24
 * 16.0.0.0 + (scramble(k) << 8), scramble(k) = k * 2654435761 mod 2^20 (a
 * permutation), and its prefix is the /24, /28 or /30 at the start of that
 * block, or the /32 of its .1 address. "blocked:N" sends from the .1 of a
 * random entry below N, which every layout's entry k contains; the
 * generator in scripts/bench.sh writes the entries.
 *
 * Each packet's fate comes from nf_hook()'s return: accepted (then freed
 * here, as an okfn would), dropped (freed by the core) or stolen. The
 * result counts each, so that the caller can check that a configuration
 * really dropped or passed what it should.
 *
 * path=rx (the SYN proxy's rows): the packet goes through everything
 * after the driver: ip_rcv(), PRE_ROUTING, the route lookup, INPUT or
 * FORWARD, the socket layer, and whatever the stack or a proxy sends in
 * reply, transmitted before netif_receive_skb() returns if dev's queue
 * is noqueue (a dummy device's is: it counts and frees). accepted counts
 * NET_RX_SUCCESS, dropped anything else, stolen nothing: a SYN answered
 * and consumed by a proxy is a success as much as one delivered. tx is
 * how many packets dev transmitted during the timed batches (its
 * tx_packets before the first and after the last), so that the caller
 * can count the replies; a TCP packet's checksum is correct (and
 * CHECKSUM_UNNECESSARY set, as a NIC that checked it would).
 *
 * The result line: packets, accepted, dropped, stolen; ns, the time of all
 * timed batches, and pps, packets over that time; batch_ns_med and
 * batch_ns_min, the median and fastest full batch, and pps_med and
 * ns_per_pkt_med from the median batch; path and tx. Under emulation a vCPU is often
 * descheduled for milliseconds: the median batch is what the hooks cost,
 * the total is what that run happened to get.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/etherdevice.h>
#include <linux/inet.h>
#include <linux/ip.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/netdevice.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/sched/signal.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/checksum.h>
#include <net/ip.h>
#include <net/net_namespace.h>

#define FGB_PRIORITY		(-500)	/* floodgate's FG_HOOK_PRIORITY */
#define FGB_LAYOUT_BITS		20
#define FGB_LAYOUT_BASE		0x10000000U	/* 16.0.0.0/4 */
#define FGB_BATCH_MAX		4096
#define FGB_BATCHES_MAX		BIT(20)
#define FGB_CMD_MAX		512
#define FGB_RESULT_MAX		448

enum fgb_src_mode {
	FGB_SRC_FIXED,
	FGB_SRC_RANDOM,
	FGB_SRC_BLOCKED,
	FGB_SRC_SEQ,
};

enum fgb_hook_mode {
	FGB_HOOK_NONE,
	FGB_HOOK_ACCEPT,
	FGB_HOOK_DROP,
	FGB_HOOK_DROPCLOCK,
};

static const char *const fgb_hook_names[] = {
	"none", "accept", "drop", "dropclock",
};

enum fgb_path {
	FGB_PATH_HOOK,
	FGB_PATH_RX,
};

static const char *const fgb_path_names[] = {
	"hook", "rx",
};

struct fgb_params {
	char dev[IFNAMSIZ];
	u64 packets;
	unsigned int batch;
	unsigned int len;
	u8 proto;
	enum fgb_src_mode src_mode;
	u32 src;		/* fixed, seq: the address; random: the prefix */
	u32 src_arg;		/* random: prefix length; blocked: N */
	u32 dst;
	enum fgb_hook_mode hook;
	enum fgb_path path;
	u64 seed;
};

struct fgb_result {
	u64 packets;
	u64 accepted;
	u64 dropped;
	u64 stolen;
	u64 ns;
	u64 tx;		/* path=rx: packets dev sent during the timed batches */
	/* Timed batches: their count, and the time of each full one. */
	unsigned int batches;
	unsigned int full;
	u32 *batch_ns;
};

static DEFINE_MUTEX(fgb_lock);
static char fgb_last[FGB_RESULT_MAX] = "none\n";
static struct dentry *fgb_dir;

/* The packet generator's state: a random stream and a packet count. */
struct fgb_gen {
	u64 rng;
	u32 seq;
};

/* xorshift64*: cheap, seedable, and the same on every run. */
static u64 fgb_rand(struct fgb_gen *g)
{
	u64 x = g->rng;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	g->rng = x;
	return x * 0x2545f4914f6cdd1dULL;
}

/* Uniform enough in [0, n) for n far below 2^32. */
static u32 fgb_below(struct fgb_gen *g, u32 n)
{
	return (u32)(((fgb_rand(g) >> 32) * n) >> 32);
}

static u32 fgb_layout_addr(u32 k)
{
	u32 block = (u32)((u64)k * 2654435761ULL) & ((1U << FGB_LAYOUT_BITS) - 1);

	return FGB_LAYOUT_BASE | block << 8 | 1;
}

static u32 fgb_source(const struct fgb_params *p, struct fgb_gen *g)
{
	u32 host;

	switch (p->src_mode) {
	case FGB_SRC_RANDOM:
		if (p->src_arg >= 32)
			return p->src;
		host = (u32)(fgb_rand(g) >> 32);
		return p->src | (host & (U32_MAX >> p->src_arg));
	case FGB_SRC_BLOCKED:
		return fgb_layout_addr(fgb_below(g, p->src_arg));
	case FGB_SRC_SEQ:
		return p->src + g->seq++;
	default:
		return p->src;
	}
}

static struct sk_buff *fgb_build(struct net_device *dev,
				 const struct fgb_params *p, struct fgb_gen *g)
{
	unsigned int l4len = p->len - sizeof(struct iphdr);
	u32 r = (u32)fgb_rand(g);
	struct sk_buff *skb;
	struct ethhdr *eth;
	struct iphdr *iph;

	skb = alloc_skb(NET_SKB_PAD + ETH_HLEN + p->len, GFP_KERNEL);
	if (!skb)
		return NULL;
	skb_reserve(skb, NET_SKB_PAD + ETH_HLEN);
	skb_reset_network_header(skb);
	iph = skb_put_zero(skb, p->len);
	skb_set_transport_header(skb, sizeof(*iph));
	skb_set_mac_header(skb, -ETH_HLEN);

	eth = eth_hdr(skb);
	ether_addr_copy(eth->h_dest, dev->dev_addr);
	eth_zero_addr(eth->h_source);
	eth->h_source[0] = 0x02;	/* locally administered */
	eth->h_proto = htons(ETH_P_IP);

	iph->version = 4;
	iph->ihl = 5;
	iph->tot_len = htons(p->len);
	iph->id = htons((u16)r);
	iph->ttl = 64;
	iph->protocol = p->proto;
	iph->saddr = htonl(fgb_source(p, g));
	iph->daddr = htonl(p->dst);
	ip_send_check(iph);

	if (p->proto == IPPROTO_TCP) {
		struct tcphdr *th = tcp_hdr(skb);

		th->source = htons(1024 + (r >> 16) % 64512);
		th->dest = htons(80);
		th->seq = htonl(r);
		th->doff = sizeof(*th) / 4;
		th->syn = 1;
		th->window = htons(64240);
		th->check = csum_tcpudp_magic(iph->saddr, iph->daddr, l4len,
					      IPPROTO_TCP,
					      csum_partial(th, l4len, 0));
	} else {
		struct udphdr *uh = udp_hdr(skb);

		uh->source = htons(1024 + (r >> 16) % 64512);
		uh->dest = htons(53);
		uh->len = htons(l4len);
	}

	skb->protocol = htons(ETH_P_IP);
	skb->pkt_type = PACKET_HOST;
	skb->ip_summed = CHECKSUM_UNNECESSARY;
	skb->dev = dev;
	skb->skb_iif = dev->ifindex;
	return skb;
}

/* What a real okfn would do with an accepted packet, here: free it. */
static int fgb_okfn(struct net *net, struct sock *sk, struct sk_buff *skb)
{
	consume_skb(skb);
	return 0;
}

static unsigned int fgb_hook_accept(void *priv, struct sk_buff *skb,
				    const struct nf_hook_state *state)
{
	return NF_ACCEPT;
}

static unsigned int fgb_hook_drop(void *priv, struct sk_buff *skb,
				  const struct nf_hook_state *state)
{
	return NF_DROP;
}

/*
 * Drop, after reading the clock the way floodgate's table clock does
 * (fg_table_now()): what one clock read per packet costs on this machine.
 */
static unsigned int fgb_hook_dropclock(void *priv, struct sk_buff *skb,
				       const struct nf_hook_state *state)
{
	time64_t now = ktime_get_boottime_seconds();

	return now >= 0 ? NF_DROP : NF_ACCEPT;
}

static nf_hookfn *const fgb_hooks[] = {
	[FGB_HOOK_ACCEPT] = fgb_hook_accept,
	[FGB_HOOK_DROP] = fgb_hook_drop,
	[FGB_HOOK_DROPCLOCK] = fgb_hook_dropclock,
};

static struct nf_hook_ops fgb_ops = {
	.pf		= NFPROTO_IPV4,
	.hooknum	= NF_INET_PRE_ROUTING,
	.priority	= FGB_PRIORITY,
};

/* Push @n packets through PRE_ROUTING, as the receive softirq would. */
static u64 fgb_push(struct net *net, struct net_device *dev,
		    struct sk_buff **skbs, unsigned int n,
		    struct fgb_result *res)
{
	unsigned int i;
	u64 t0, t1;
	int ret;

	local_bh_disable();
	t0 = ktime_get_ns();
	for (i = 0; i < n; i++) {
		ret = nf_hook(NFPROTO_IPV4, NF_INET_PRE_ROUTING, net, NULL,
			      skbs[i], dev, NULL, fgb_okfn);
		if (ret == 1) {
			fgb_okfn(net, NULL, skbs[i]);
			res->accepted++;
		} else if (ret < 0) {
			res->dropped++;
		} else {
			res->stolen++;
		}
	}
	t1 = ktime_get_ns();
	local_bh_enable();
	res->ns += t1 - t0;
	res->packets += n;
	return t1 - t0;
}

/*
 * Hand @n packets to the receive path of their device, as pktgen's
 * netif_receive mode does: with bottom halves disabled, as in the
 * receive softirq, and each packet on its own.
 */
static u64 fgb_push_rx(struct sk_buff **skbs, unsigned int n,
		       struct fgb_result *res)
{
	unsigned int i;
	u64 t0, t1;

	local_bh_disable();
	t0 = ktime_get_ns();
	for (i = 0; i < n; i++) {
		if (netif_receive_skb(skbs[i]) == NET_RX_SUCCESS)
			res->accepted++;
		else
			res->dropped++;
	}
	t1 = ktime_get_ns();
	local_bh_enable();
	res->ns += t1 - t0;
	res->packets += n;
	return t1 - t0;
}

static u64 fgb_tx_packets(struct net_device *dev)
{
	struct rtnl_link_stats64 st;

	dev_get_stats(dev, &st);
	return st.tx_packets;
}

static int fgb_run(struct net *net, const struct fgb_params *p,
		   struct fgb_result *res)
{
	struct fgb_result warm = { 0 };
	struct net_device *dev;
	struct sk_buff **skbs;
	struct fgb_gen gen = { .rng = p->seed ?: 1 };
	bool warmup = true;
	unsigned int i, n;
	u64 ns, tx0 = 0;
	int err = 0;

	dev = dev_get_by_name(net, p->dev);
	if (!dev) {
		pr_warn("no device %s in this netns\n", p->dev);
		return -ENODEV;
	}
	if (p->path == FGB_PATH_RX && !(dev->flags & IFF_UP)) {
		pr_warn("%s is down\n", p->dev);
		err = -ENETDOWN;
		goto out_dev;
	}
	if (dev->flags & IFF_LOOPBACK) {
		pr_warn("%s is a loopback device\n", p->dev);
		err = -EINVAL;
		goto out_dev;
	}
	skbs = kcalloc(p->batch, sizeof(*skbs), GFP_KERNEL);
	if (!skbs) {
		err = -ENOMEM;
		goto out_dev;
	}
	if (p->hook != FGB_HOOK_NONE) {
		fgb_ops.hook = fgb_hooks[p->hook];
		err = nf_register_net_hook(net, &fgb_ops);
		if (err)
			goto out_skbs;
	}

	/* One untimed batch first: caches, lazily built state, the clock. */
	while (warmup || res->packets < p->packets) {
		n = warmup ? p->batch : min_t(u64, p->batch,
					      p->packets - res->packets);
		for (i = 0; i < n; i++) {
			skbs[i] = fgb_build(dev, p, &gen);
			if (!skbs[i])
				break;
		}
		if (i < n) {
			while (i--)
				kfree_skb(skbs[i]);
			err = -ENOMEM;
			break;
		}
		if (p->path == FGB_PATH_RX)
			ns = fgb_push_rx(skbs, n, warmup ? &warm : res);
		else
			ns = fgb_push(net, dev, skbs, n, warmup ? &warm : res);
		/* After the warm-up, so that its replies are not counted. */
		if (warmup && p->path == FGB_PATH_RX)
			tx0 = fgb_tx_packets(dev);
		if (!warmup && n == p->batch)
			res->batch_ns[res->full++] = min_t(u64, ns, U32_MAX);
		res->batches += !warmup;
		warmup = false;
		cond_resched();
		if (signal_pending(current)) {
			err = -EINTR;
			break;
		}
	}

	if (p->path == FGB_PATH_RX)
		res->tx = fgb_tx_packets(dev) - tx0;
	if (p->hook != FGB_HOOK_NONE)
		nf_unregister_net_hook(net, &fgb_ops);
out_skbs:
	kfree(skbs);
out_dev:
	dev_put(dev);
	return err;
}

static int fgb_parse_src(const char *val, struct fgb_params *p)
{
	const char *end;
	__be32 a;

	if (str_has_prefix(val, "blocked:")) {
		p->src_mode = FGB_SRC_BLOCKED;
		if (kstrtou32(val + 8, 0, &p->src_arg) || !p->src_arg ||
		    p->src_arg > 1U << FGB_LAYOUT_BITS)
			return -EINVAL;
		return 0;
	}
	if (str_has_prefix(val, "fixed:") || str_has_prefix(val, "seq:")) {
		p->src_mode = *val == 'f' ? FGB_SRC_FIXED : FGB_SRC_SEQ;
		if (!in4_pton(strchr(val, ':') + 1, -1, (u8 *)&a, -1, NULL))
			return -EINVAL;
		p->src = ntohl(a);
		return 0;
	}
	if (str_has_prefix(val, "random:")) {
		p->src_mode = FGB_SRC_RANDOM;
		if (!in4_pton(val + 7, -1, (u8 *)&a, '/', &end) || *end != '/' ||
		    kstrtou32(end + 1, 10, &p->src_arg) || p->src_arg > 32)
			return -EINVAL;
		p->src = ntohl(a) & (p->src_arg ? U32_MAX << (32 - p->src_arg) : 0);
		return 0;
	}
	return -EINVAL;
}

static int fgb_parse_one(char *key, char *val, struct fgb_params *p)
{
	__be32 a;

	if (!strcmp(key, "dev")) {
		if (strscpy(p->dev, val, sizeof(p->dev)) < 0)
			return -EINVAL;
	} else if (!strcmp(key, "packets")) {
		if (kstrtou64(val, 0, &p->packets) || !p->packets)
			return -EINVAL;
	} else if (!strcmp(key, "batch")) {
		if (kstrtouint(val, 0, &p->batch) || !p->batch ||
		    p->batch > FGB_BATCH_MAX)
			return -EINVAL;
	} else if (!strcmp(key, "len")) {
		if (kstrtouint(val, 0, &p->len) || p->len > 1500)
			return -EINVAL;
	} else if (!strcmp(key, "proto")) {
		if (!strcmp(val, "udp"))
			p->proto = IPPROTO_UDP;
		else if (!strcmp(val, "tcp"))
			p->proto = IPPROTO_TCP;
		else
			return -EINVAL;
	} else if (!strcmp(key, "src")) {
		return fgb_parse_src(val, p);
	} else if (!strcmp(key, "dst")) {
		if (!in4_pton(val, -1, (u8 *)&a, -1, NULL))
			return -EINVAL;
		p->dst = ntohl(a);
	} else if (!strcmp(key, "hook")) {
		int i = match_string(fgb_hook_names,
				     ARRAY_SIZE(fgb_hook_names), val);

		if (i < 0)
			return -EINVAL;
		p->hook = i;
	} else if (!strcmp(key, "path")) {
		int i = match_string(fgb_path_names,
				     ARRAY_SIZE(fgb_path_names), val);

		if (i < 0)
			return -EINVAL;
		p->path = i;
	} else if (!strcmp(key, "seed")) {
		if (kstrtou64(val, 0, &p->seed))
			return -EINVAL;
	} else {
		return -EINVAL;
	}
	return 0;
}

static int fgb_parse(char *buf, struct fgb_params *p)
{
	unsigned int min_len;
	char *word, *val;
	int err;

	*p = (struct fgb_params){
		.packets = 100000,
		.batch = 256,
		.proto = IPPROTO_UDP,
		.src_mode = FGB_SRC_FIXED,
		.src = FGB_LAYOUT_BASE | 1,
		.dst = 0xcb007101,	/* 203.0.113.1 */
		.hook = FGB_HOOK_NONE,
		.path = FGB_PATH_HOOK,
		.seed = 1,
	};
	while ((word = strsep(&buf, " \t\n"))) {
		if (!*word)
			continue;
		val = strchr(word, '=');
		if (!val) {
			pr_warn("expected key=value, got '%s'\n", word);
			return -EINVAL;
		}
		*val++ = '\0';
		err = fgb_parse_one(word, val, p);
		if (err) {
			pr_warn("bad value for %s: '%s'\n", word, val);
			return err;
		}
	}
	if (div_u64(p->packets, p->batch) >= FGB_BATCHES_MAX) {
		pr_warn("packets/batch must stay below %lu\n", FGB_BATCHES_MAX);
		return -EINVAL;
	}
	if (!p->dev[0]) {
		pr_warn("dev= is required\n");
		return -EINVAL;
	}
	min_len = sizeof(struct iphdr) + (p->proto == IPPROTO_TCP ?
		  sizeof(struct tcphdr) : sizeof(struct udphdr));
	if (!p->len)
		p->len = p->proto == IPPROTO_TCP ? min_len : 46;
	if (p->len < min_len) {
		pr_warn("len=%u is below the headers' %u bytes\n", p->len,
			min_len);
		return -EINVAL;
	}
	return 0;
}

static int fgb_cmp_u32(const void *a, const void *b)
{
	u32 x = *(const u32 *)a, y = *(const u32 *)b;

	return x < y ? -1 : x > y;
}

static void fgb_report(const struct fgb_params *p, struct fgb_result *res)
{
	u64 pps, pps_med = 0, ps_med = 0, med = 0, min = 0;

	pps = res->ns ? div64_u64(res->packets * NSEC_PER_SEC, res->ns) : 0;
	if (res->full) {
		sort(res->batch_ns, res->full, sizeof(u32), fgb_cmp_u32, NULL);
		min = res->batch_ns[0];
		med = res->batch_ns[res->full / 2];
		if (!(res->full & 1))
			med = (med + res->batch_ns[res->full / 2 - 1]) / 2;
	}
	if (med) {
		pps_med = div64_u64((u64)p->batch * NSEC_PER_SEC, med);
		ps_med = div64_u64(med * 1000, p->batch);
	}
	snprintf(fgb_last, sizeof(fgb_last),
		 "packets=%llu accepted=%llu dropped=%llu stolen=%llu ns=%llu pps=%llu batch=%u batches=%u batch_ns_med=%llu batch_ns_min=%llu pps_med=%llu ns_per_pkt_med=%llu.%03llu hook=%s path=%s tx=%llu\n",
		 res->packets, res->accepted, res->dropped, res->stolen,
		 res->ns, pps, p->batch, res->batches, med, min, pps_med,
		 ps_med / 1000, ps_med % 1000, fgb_hook_names[p->hook],
		 fgb_path_names[p->path], res->tx);
}

static ssize_t fgb_write(struct file *file, const char __user *ubuf,
			 size_t count, loff_t *ppos)
{
	struct fgb_result res = { 0 };
	struct fgb_params p;
	char *buf;
	int err;

	if (count >= FGB_CMD_MAX)
		return -E2BIG;
	buf = memdup_user_nul(ubuf, count);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	err = fgb_parse(buf, &p);
	kfree(buf);
	if (err)
		return err;
	res.batch_ns = kvcalloc(div_u64(p.packets, p.batch) + 1,
				sizeof(*res.batch_ns), GFP_KERNEL);
	if (!res.batch_ns)
		return -ENOMEM;

	mutex_lock(&fgb_lock);
	err = fgb_run(current->nsproxy->net_ns, &p, &res);
	if (!err)
		fgb_report(&p, &res);
	else
		snprintf(fgb_last, sizeof(fgb_last), "error=%d\n", err);
	mutex_unlock(&fgb_lock);
	kvfree(res.batch_ns);
	return err ?: count;
}

static ssize_t fgb_read(struct file *file, char __user *ubuf, size_t count,
			loff_t *ppos)
{
	char buf[FGB_RESULT_MAX];

	mutex_lock(&fgb_lock);
	strscpy(buf, fgb_last, sizeof(buf));
	mutex_unlock(&fgb_lock);
	return simple_read_from_buffer(ubuf, count, ppos, buf, strlen(buf));
}

static const struct file_operations fgb_fops = {
	.owner	= THIS_MODULE,
	.open	= simple_open,
	.read	= fgb_read,
	.write	= fgb_write,
	.llseek	= default_llseek,
};

static int __init fgb_init(void)
{
	fgb_dir = debugfs_create_dir(KBUILD_MODNAME, NULL);
	debugfs_create_file("run", 0600, fgb_dir, NULL, &fgb_fops);
	return 0;
}

static void __exit fgb_exit(void)
{
	debugfs_remove(fgb_dir);
}

module_init(fgb_init);
module_exit(fgb_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("The floodgate developers");
MODULE_DESCRIPTION("Times the PRE_ROUTING hooks of a netns (make bench)");
