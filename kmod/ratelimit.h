/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-source rate limits: token buckets per (policy, source prefix), with
 * automatic blocking of the worst offenders.
 */

#ifndef _FG_RATELIMIT_H
#define _FG_RATELIMIT_H

#include <linux/mutex.h>
#include <linux/netfilter.h>
#include <linux/siphash.h>
#include <linux/spinlock.h>
#include <linux/timekeeping.h>
#include <linux/workqueue.h>
#include <linux/floodgate.h>

#include "stats.h"

struct fg_flow;
struct fg_net;

enum fg_rl_bucket {
	FG_RL_PKT,
	FG_RL_SYN,
	FG_RL_BYTES,
	FG_RL_NBUCKETS
};

/* One policy: a destination selector and its budgets. */
struct fg_rl_policy {
	u16 id;			/* stable for the policy's life; 0: default */
	u8 proto;		/* 0: the default policy */
	u16 port_min, port_max;
	u64 rate[FG_RL_NBUCKETS];	/* per second; 0: unlimited */
	u64 burst[FG_RL_NBUCKETS];	/* packets or bytes */
	/* Derived by fg_rl_policy_check(): */
	u64 cost[FG_RL_NBUCKETS];	/* ns per packet (pps, syn) */
	u64 depth[FG_RL_NBUCKETS];	/* bucket size, ns */
	u8 plen[2];		/* [0] IPv4, [1] IPv6 */
	u32 block_after;	/* 0: no auto-block */
	u32 block_window;	/* seconds */
	u32 block_time;		/* seconds */
};

/*
 * The policies, replaced whole on every change and read under RCU by the
 * packet path. pol[0] is the default; overrides follow, most specific
 * (narrowest port range) first.
 */
struct fg_rl_config {
	struct rcu_head rcu;
	unsigned int n;
	struct fg_rl_policy pol[];
};

struct fg_rl_key {
	u8 family;
	u8 plen;
	u16 policy;		/* the policy's id */
	union nf_inet_addr addr;	/* masked to plen */
};

/*
 * A tracked key. Tokens are nanoseconds of budget (as in WireGuard's rate
 * limiter): a packet costs NSEC_PER_SEC / rate, and idle time refills
 * the bucket up to burst * cost, so rates are exact without floating point
 * and a long idle period cannot overflow anything.
 */
struct fg_rl_entry {
	struct fg_rl_key key;
	bool used;
	u64 last_seen;		/* ns, for eviction and collection */
	u64 last_ns;
	u64 tokens[FG_RL_NBUCKETS];
	u64 passed;
	u64 dropped;
	u32 window_start;	/* seconds */
	u32 window_drops;
	u32 drops_by[FG_RL_NBUCKETS];	/* in the window, for the event */
};

#define FG_RL_WAYS 8

struct fg_rl_set {
	spinlock_t lock;	/* the ways; taken in softirq */
	struct fg_rl_entry way[FG_RL_WAYS];
};

/*
 * The key table: exactly @slots slots (the capacity), in sets of
 * FG_RL_WAYS but the last, which holds what is left. @used counts the
 * slots in use, per CPU (a CPU's count may go negative: a key taken on
 * one CPU can be collected on another); the sum is the truth.
 */
struct fg_rl_table {
	struct rcu_head rcu;
	unsigned int nsets;	/* DIV_ROUND_UP(slots, FG_RL_WAYS) */
	unsigned int slots;
	long __percpu *used;
	siphash_key_t seed;
	struct fg_rl_set sets[];
};

/* A source to block, queued from softirq to the blocking work. */
struct fg_rl_block_req {
	union nf_inet_addr addr;
	u8 family;
	u8 plen;
	u32 timeout;
	u32 drops;
	u32 reason;
};

#define FG_RL_QUEUE 64

struct fg_ratelimit {
	struct fg_rl_config __rcu *cfg;
	struct fg_rl_table __rcu *tbl;
	struct mutex lock;		/* cfg and tbl changes */
	unsigned int capacity;		/* keys */
	u16 next_id;			/* for new policies */
	struct delayed_work gc;
	spinlock_t qlock;	/* qlen and queue */
	unsigned int qlen;
	struct fg_rl_block_req queue[FG_RL_QUEUE];
	struct work_struct block_work;
	struct fg_stats *stats;
	/* Blocks a queued request; runs in process context. */
	void (*block)(struct fg_ratelimit *rl,
		      const struct fg_rl_block_req *req);
};

int fg_rl_init(struct fg_ratelimit *rl, unsigned int capacity,
	       struct fg_stats *stats,
	       void (*block)(struct fg_ratelimit *rl,
			     const struct fg_rl_block_req *req));
void fg_rl_destroy(struct fg_ratelimit *rl);

enum fg_reason fg_rl_judge_at(struct fg_ratelimit *rl,
			      const struct fg_flow *flow, u64 now_ns);

/* Judge a packet; a namespace without limits pays one pointer test. */
static inline enum fg_reason fg_rl_judge(struct fg_ratelimit *rl,
					 const struct fg_flow *flow)
{
	if (!rcu_access_pointer(rl->tbl))
		return FG_PASS;
	return fg_rl_judge_at(rl, flow, ktime_get_coarse_ns());
}

unsigned int fg_rl_default_capacity(void);

/* Policy changes: callers hold rl->lock. */
void fg_rl_policy_get(struct fg_ratelimit *rl, u8 proto, u16 port_min,
		      u16 port_max, struct fg_rl_policy *out);
int fg_rl_policy_check(struct fg_rl_policy *p, const char **why);
int fg_rl_policy_put(struct fg_ratelimit *rl, const struct fg_rl_policy *p);
int fg_rl_policy_del(struct fg_ratelimit *rl, u8 proto, u16 port_min,
		     u16 port_max);
int fg_rl_set_capacity(struct fg_ratelimit *rl, unsigned int capacity);

unsigned int fg_rl_match(const struct fg_rl_config *cfg,
			 const struct fg_flow *flow);
u64 fg_rl_refill(u64 tokens, u64 elapsed, u64 depth);
u64 fg_rl_elapsed(u64 *last_ns, u64 now_ns);

struct fg_rl_talker {
	struct fg_rl_key key;
	u8 proto;		/* the key's policy */
	u16 port_min, port_max;
	u64 passed;
	u64 dropped;
	u64 tokens;		/* packets left; U64_MAX: unlimited */
};

int fg_rl_top(struct fg_ratelimit *rl, struct fg_rl_talker *out,
	      unsigned int n);
unsigned int fg_rl_entries(struct fg_ratelimit *rl);
u64 fg_rl_memory(struct fg_ratelimit *rl);
unsigned int fg_rl_gc(struct fg_ratelimit *rl, u64 now_ns, u64 idle_ns);

#endif /* _FG_RATELIMIT_H */
