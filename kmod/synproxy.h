/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The SYN proxy stage: which SYNs floodgate answers with a cookie, and
 * when. The TCP work itself (cookies, the SYN to the service, sequence
 * translation) is the kernel's nf_synproxy core and conntrack.
 */

#ifndef _FG_SYNPROXY_H
#define _FG_SYNPROXY_H

#include <linux/bitmap.h>
#include <linux/mutex.h>
#include <linux/netfilter.h>
#include <linux/u64_stats_sync.h>
#include <linux/workqueue.h>
#include <linux/floodgate.h>

#include "stats.h"

struct fg_flow;
struct sk_buff;
struct nf_hook_state;

/* Per-port counters; FG_SP_SEEN (every SYN, engaged or not) feeds auto. */
enum fg_sp_counter {
	FG_SP_SEEN,
	FG_SP_SYN,
	FG_SP_SENT,
	FG_SP_VALID,
	FG_SP_INVALID,
	FG_SP_NOCONN,
	FG_SP_HANDED,
	FG_SP_NCNT
};

/* A CPU's SYNs to an idle auto port in the current second (jiffies). */
struct fg_sp_window {
	unsigned long start;
	u32 count;
};

struct fg_sp_pcpu {
	u64_stats_t cnt[FG_SP_NCNT];
	struct u64_stats_sync syncp;
	struct fg_sp_window win;
};

#define FG_SP_WSCALE_AUTO 0xff

/* What the operator configured for a port. */
struct fg_sp_cfg {
	u16 port_min, port_max;
	u8 family;		/* NFPROTO_IPV4/6; 0: any destination */
	u8 plen;
	union nf_inet_addr addr;	/* masked to plen */
	u8 mode;		/* enum floodgate_synproxy_mode */
	u8 wscale;		/* FG_SP_WSCALE_AUTO: the stack's */
	u16 mss;		/* 0: from the route */
	u32 threshold;		/* SYN/s, mode auto */
	u32 hold;		/* seconds, mode auto */
	u32 flags;		/* FLOODGATE_SYNPROXY_F_* */
};

/* The auto-mode state machine, stepped once a second. */
struct fg_sp_auto {
	bool engaged;
	bool calm;		/* at or below the threshold since calm_since */
	u64 since;		/* ns: the current state began */
	u64 calm_since;
	u64 engages, disengages;
};

/*
 * A protected port. The configuration never changes once published (a
 * change publishes a new port that takes over the counters and state);
 * engaged and rate are written by the once-a-second work only.
 */
struct fg_sp_port {
	struct rcu_head rcu;
	struct fg_sp_cfg cfg;
	bool engaged;		/* read by the packet path */
	bool owns_pcpu;
	u32 rate;		/* SYN/s in the last tick */
	u64 last_seen;		/* FG_SP_SEEN at the last tick */
	u64 last_tick;		/* ns */
	u64 drain_until;	/* ns: cookies of a disengaged port still valid */
	struct fg_sp_auto st;
	struct fg_sp_pcpu __percpu *pcpu;
};

/* The ports of a namespace, replaced whole on every change. */
struct fg_sp_set {
	struct rcu_head rcu;
	unsigned int n;
	DECLARE_BITMAP(ports, 65536);	/* a port of some range */
	struct fg_sp_port *port[];	/* most specific first */
};

struct fg_synproxy {
	struct fg_sp_set __rcu *set;
	struct mutex lock;	/* set changes, conntrack engagement */
	struct net *net;
	struct fg_stats *stats;
	bool ct_engaged;
	u32 proxied;		/* held with no port: open at the last check */
	u64 ct_since;		/* ns: conntrack engaged */
	u32 gen;		/* changes, for consistent dumps */
	struct delayed_work tick;
	struct delayed_work hold;	/* checks the proxied connections */
	/* Tells the events group a port engaged or disengaged. */
	void (*event)(struct fg_synproxy *sp, u8 event,
		      const struct fg_sp_port *port);
};

int fg_sp_init(struct fg_synproxy *sp, struct net *net,
	       struct fg_stats *stats,
	       void (*event)(struct fg_synproxy *sp, u8 event,
			     const struct fg_sp_port *port));
void fg_sp_destroy(struct fg_synproxy *sp);
/* FLOODGATE_SYNPROXY_CT_*, and the proxied connections if held. */
u8 fg_sp_ct_state(struct fg_synproxy *sp, u32 *proxied);

/*
 * Judge a TCP packet that every earlier stage passed. FG_PASS, or a
 * FG_DROP_SYNPROXY_* reason; for SYN and ACK reasons the proxy has already
 * answered in the packet's place.
 */
enum fg_reason fg_sp_judge_slow(struct fg_synproxy *sp, struct sk_buff *skb,
				const struct nf_hook_state *state,
				const struct fg_flow *flow);

static inline enum fg_reason fg_sp_judge(struct fg_synproxy *sp,
					 struct sk_buff *skb,
					 const struct nf_hook_state *state,
					 const struct fg_flow *flow)
{
	if (!rcu_access_pointer(sp->set))
		return FG_PASS;
	return fg_sp_judge_slow(sp, skb, state, flow);
}

/* Configuration, under sp->lock. */
int fg_sp_cfg_check(struct fg_sp_cfg *cfg, const char **why);
int fg_sp_add(struct fg_synproxy *sp, const struct fg_sp_cfg *cfg,
	      const char **why);
int fg_sp_del(struct fg_synproxy *sp, const struct fg_sp_cfg *cfg);

/* Logic, exported for KUnit. */
bool fg_sp_cfg_matches(const struct fg_sp_cfg *cfg, u8 family,
		       const union nf_inet_addr *daddr, u16 dport);
int fg_sp_cfg_cmp(const struct fg_sp_cfg *a, const struct fg_sp_cfg *b);
void fg_sp_set_prepare(struct fg_sp_set *set);
struct fg_sp_port *fg_sp_match(const struct fg_sp_set *set, u8 family,
			       const union nf_inet_addr *daddr, u16 dport);
bool fg_sp_window_hit(struct fg_sp_window *w, unsigned long now, u32 limit);
bool fg_sp_auto_step(struct fg_sp_auto *st, u32 threshold, u32 hold,
		     u64 rate, u64 now_ns);
u16 fg_sp_default_mss(u8 family, unsigned int in_mtu, unsigned int out_mtu);
u8 fg_sp_default_wscale(u32 rmem);
void fg_sp_port_read(const struct fg_sp_port *port, u64 out[FG_SP_NCNT]);

#endif /* _FG_SYNPROXY_H */
