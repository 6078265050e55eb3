// SPDX-License-Identifier: GPL-2.0
/*
 * Per-source rate limits.
 *
 * Keys (a policy and a source prefix) live in a fixed-size,
 * set-associative table allocated when the first limit is configured:
 * FG_RL_WAYS slots per set, a set chosen by a keyed siphash of the key, a
 * spinlock per set. A key not in its set takes a free slot or the one that
 * has been idle longest. So the packet path never allocates, memory is
 * bounded by the capacity, and a full table neither stops limiting (no
 * fail-open: every packet is still judged) nor refuses newcomers (no
 * fail-closed): a flood of spoofed sources churns through slots of keys
 * that went quiet, while a source that keeps sending keeps its slot and
 * its empty bucket. A key pushed out and seen again starts with a full
 * bucket: it can gain at most one burst per eviction.
 *
 * Policies are an immutable array behind an RCU pointer, replaced whole by
 * the netlink side under the mutex. Sources over budget past the policy's
 * block-after threshold are queued (a fixed ring, no allocation) for a
 * work item that adds them to the blocklist.
 */

#include <linux/inetdevice.h>
#include <linux/jiffies.h>
#include <linux/math.h>
#include <linux/math64.h>
#include <linux/mm.h>
#include <linux/percpu.h>
#include <linux/sort.h>
#include <linux/vmalloc.h>
#include <net/ipv6.h>
#include <net/tcp.h>
#include <kunit/visibility.h>

#include "parse.h"
#include "ratelimit.h"

/* Keys idle this long are forgotten by the collector. */
#define FG_RL_IDLE (60 * NSEC_PER_SEC)
#define FG_RL_GC_INTERVAL (10 * HZ)

static const enum fg_reason bucket_reason[FG_RL_NBUCKETS] = {
	[FG_RL_PKT] = FG_DROP_RATELIMIT,
	[FG_RL_SYN] = FG_DROP_RATELIMIT_SYN,
	[FG_RL_BYTES] = FG_DROP_RATELIMIT_BYTES,
};

/* Default capacity: 1/256 of RAM, at most 2^20 keys, at least 2^12. */
unsigned int fg_rl_default_capacity(void)
{
	u64 bytes = (u64)totalram_pages() << PAGE_SHIFT;
	u64 keys = div_u64(bytes >> 8, sizeof(struct fg_rl_set) / FG_RL_WAYS);

	return clamp_t(u64, rounddown_pow_of_two(max_t(u64, keys, 1)),
		       1U << 12, 1U << 20);
}

/* Saturating refill: tokens + elapsed, at most @depth. */
u64 fg_rl_refill(u64 tokens, u64 elapsed, u64 depth)
{
	if (tokens >= depth || elapsed >= depth - tokens)
		return depth;
	return tokens + elapsed;
}
EXPORT_SYMBOL_IF_KUNIT(fg_rl_refill);

/*
 * Time since the last packet; a clock read that went backwards (another
 * CPU's coarse clock a tick behind) counts as no time at all, and never
 * moves the mark back.
 */
u64 fg_rl_elapsed(u64 *last_ns, u64 now_ns)
{
	u64 elapsed;

	if (now_ns <= *last_ns)
		return 0;
	elapsed = now_ns - *last_ns;
	*last_ns = now_ns;
	return elapsed;
}
EXPORT_SYMBOL_IF_KUNIT(fg_rl_elapsed);

/* The policy for a flow: pol[0], or the first (most specific) override. */
unsigned int fg_rl_match(const struct fg_rl_config *cfg,
			 const struct fg_flow *flow)
{
	u8 proto = flow->proto == IPPROTO_ICMPV6 ? IPPROTO_ICMP : flow->proto;
	u16 port = ntohs(flow->dport);
	unsigned int i;

	for (i = 1; i < cfg->n; i++) {
		const struct fg_rl_policy *p = &cfg->pol[i];

		if (p->proto != proto)
			continue;
		if (proto == IPPROTO_ICMP || (port >= p->port_min &&
					      port <= p->port_max))
			return i;
	}
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(fg_rl_match);

static void rl_key_init(struct fg_rl_key *key, const struct fg_rl_policy *p,
			const struct fg_flow *flow)
{
	memset(key, 0, sizeof(*key));
	key->family = flow->family;
	key->policy = p->id;
	if (flow->family == NFPROTO_IPV4) {
		key->plen = p->plen[0];
		key->addr.ip = flow->saddr.ip & inet_make_mask(key->plen);
	} else {
		key->plen = p->plen[1];
		ipv6_addr_prefix(&key->addr.in6, &flow->saddr.in6, key->plen);
	}
}

/*
 * Which of two used slots to give up: the one idle longer, and between
 * two seen in the same clock tick (the clock is coarse), the one that
 * sent less, so that a heavy source is the last to lose its key.
 */
static bool worse_victim(const struct fg_rl_entry *a,
			 const struct fg_rl_entry *b)
{
	if (a->last_seen != b->last_seen)
		return a->last_seen < b->last_seen;
	return a->passed + a->dropped < b->passed + b->dropped;
}

/* The slot for @key: its own, a free one, or the best one to give up. */
static struct fg_rl_entry *slot(struct fg_rl_set *set, unsigned int ways,
				const struct fg_rl_key *key, bool *fresh)
{
	struct fg_rl_entry *victim = NULL;
	unsigned int i;

	for (i = 0; i < ways; i++) {
		struct fg_rl_entry *e = &set->way[i];

		if (!e->used) {
			if (!victim || victim->used)
				victim = e;
			continue;
		}
		if (!memcmp(&e->key, key, sizeof(*key))) {
			*fresh = false;
			return e;
		}
		if (!victim || (victim->used && worse_victim(e, victim)))
			victim = e;
	}
	*fresh = true;
	return victim;
}

static void queue_block(struct fg_ratelimit *rl, const struct fg_rl_entry *e,
			const struct fg_rl_policy *p)
{
	struct fg_rl_block_req *req;
	unsigned int b, worst = FG_RL_PKT;

	for (b = 1; b < FG_RL_NBUCKETS; b++)
		if (e->drops_by[b] > e->drops_by[worst])
			worst = b;

	spin_lock(&rl->qlock);
	if (rl->qlen == FG_RL_QUEUE) {
		spin_unlock(&rl->qlock);
		fg_stats_inc(rl->stats, FLOODGATE_STATS_A_AUTOBLOCK_LOST);
		return;
	}
	req = &rl->queue[rl->qlen++];
	req->family = e->key.family;
	req->addr = e->key.addr;
	req->plen = e->key.plen;
	req->timeout = p->block_time;
	req->drops = e->window_drops;
	req->reason = bucket_reason[worst] & ~FG_DROP;
	spin_unlock(&rl->qlock);
	schedule_work(&rl->block_work);
}

/* Count a drop against the key's window; block it past the threshold. */
static void account_drop(struct fg_ratelimit *rl, struct fg_rl_entry *e,
			 const struct fg_rl_policy *p, unsigned int bucket,
			 u64 now_ns)
{
	u32 now_s = (u32)div_u64(now_ns, NSEC_PER_SEC);

	e->dropped++;
	if (!p->block_after)
		return;
	if (now_s - e->window_start >= p->block_window) {
		e->window_start = now_s;
		e->window_drops = 0;
		memset(e->drops_by, 0, sizeof(e->drops_by));
	}
	e->window_drops++;
	e->drops_by[bucket]++;
	if (e->window_drops > p->block_after) {
		queue_block(rl, e, p);
		/* Its packets now stop at the blocklist; start over. */
		e->window_start = now_s;
		e->window_drops = 0;
		memset(e->drops_by, 0, sizeof(e->drops_by));
	}
}

/*
 * Judge a packet against its source's budgets. Runs in softirq under
 * rcu_read_lock(); @now_ns is a coarse monotonic clock.
 */
enum fg_reason fg_rl_judge_at(struct fg_ratelimit *rl,
			      const struct fg_flow *flow, u64 now_ns)
{
	const struct fg_rl_config *cfg = rcu_dereference(rl->cfg);
	struct fg_rl_table *tbl = rcu_dereference(rl->tbl);
	u64 cost[FG_RL_NBUCKETS] = {};
	const struct fg_rl_policy *p;
	enum fg_reason reason = FG_PASS;
	struct fg_rl_entry *e;
	unsigned int b, idx, ways;
	struct fg_rl_set *set;
	struct fg_rl_key key;
	u64 elapsed;
	bool fresh;

	if (!cfg || !tbl)
		return FG_PASS;
	p = &cfg->pol[fg_rl_match(cfg, flow)];

	cost[FG_RL_PKT] = p->cost[FG_RL_PKT];
	if (flow->proto == IPPROTO_TCP &&
	    (flow->tcp_flags & (TCPHDR_SYN | TCPHDR_ACK)) == TCPHDR_SYN)
		cost[FG_RL_SYN] = p->cost[FG_RL_SYN];
	if (p->rate[FG_RL_BYTES])
		cost[FG_RL_BYTES] = div64_u64((u64)flow->len * NSEC_PER_SEC,
					      p->rate[FG_RL_BYTES]);
	if (!p->rate[FG_RL_PKT] && !cost[FG_RL_SYN] && !p->rate[FG_RL_BYTES])
		return FG_PASS;

	rl_key_init(&key, p, flow);
	/* Any number of sets: a multiply and a shift, not a mask. */
	idx = reciprocal_scale((u32)siphash(&key, sizeof(key), &tbl->seed),
			       tbl->nsets);
	set = &tbl->sets[idx];
	ways = min_t(unsigned int, FG_RL_WAYS, tbl->slots - idx * FG_RL_WAYS);

	spin_lock(&set->lock);
	e = slot(set, ways, &key, &fresh);
	if (fresh) {
		if (!e->used)
			this_cpu_inc(*tbl->used);
		memset(e, 0, sizeof(*e));
		e->key = key;
		e->used = true;
		e->last_ns = now_ns;
		for (b = 0; b < FG_RL_NBUCKETS; b++)
			e->tokens[b] = p->depth[b];
	}
	e->last_seen = now_ns;
	elapsed = fg_rl_elapsed(&e->last_ns, now_ns);
	for (b = 0; b < FG_RL_NBUCKETS; b++)
		if (p->rate[b])
			e->tokens[b] = fg_rl_refill(e->tokens[b], elapsed,
						    p->depth[b]);
	for (b = 0; b < FG_RL_NBUCKETS; b++) {
		if (p->rate[b] && cost[b] && e->tokens[b] < cost[b]) {
			reason = bucket_reason[b];
			account_drop(rl, e, p, b, now_ns);
			break;
		}
	}
	if (reason == FG_PASS) {
		for (b = 0; b < FG_RL_NBUCKETS; b++)
			if (p->rate[b])
				e->tokens[b] -= cost[b];
		e->passed++;
	}
	spin_unlock(&set->lock);
	return reason;
}
EXPORT_SYMBOL_IF_KUNIT(fg_rl_judge_at);

/* A new policy: unlimited, /32 and /64 keys, auto-block off. */
static void policy_defaults(struct fg_rl_policy *p, u8 proto, u16 port_min,
			    u16 port_max)
{
	memset(p, 0, sizeof(*p));
	p->proto = proto;
	p->port_min = port_min;
	p->port_max = port_max;
	p->plen[0] = 32;
	p->plen[1] = 64;
	p->block_window = 10;
	p->block_time = 300;
}

static int policy_find(const struct fg_rl_config *cfg, u8 proto,
		       u16 port_min, u16 port_max)
{
	unsigned int i;

	if (!proto)
		return 0;
	for (i = 1; cfg && i < cfg->n; i++)
		if (cfg->pol[i].proto == proto &&
		    cfg->pol[i].port_min == port_min &&
		    cfg->pol[i].port_max == port_max)
			return i;
	return -ENOENT;
}

/* The policy for a selector, or a new one with the defaults. */
void fg_rl_policy_get(struct fg_ratelimit *rl, u8 proto, u16 port_min,
		      u16 port_max, struct fg_rl_policy *out)
{
	const struct fg_rl_config *cfg;
	int i;

	cfg = rcu_dereference_protected(rl->cfg, lockdep_is_held(&rl->lock));
	i = policy_find(cfg, proto, port_min, port_max);
	if (cfg && i >= 0)
		*out = cfg->pol[i];
	else
		policy_defaults(out, proto, port_min, port_max);
}
EXPORT_SYMBOL_IF_KUNIT(fg_rl_policy_get);

/* Rates and bursts within which the bucket arithmetic cannot overflow. */
#define FG_RL_RATE_MAX 1000000000000ULL	/* 10^12 per second */
#define FG_RL_BURST_SECONDS 3600		/* a burst of an hour, at most */

/*
 * Validate a policy and derive its costs and bucket depths. On error,
 * *why says what is wrong, for the extack.
 */
int fg_rl_policy_check(struct fg_rl_policy *p, const char **why)
{
	static const char * const zero_burst[FG_RL_NBUCKETS] = {
		"burst is 0 while pps is not",
		"syn-burst is 0 while syn-pps is not",
		"bytes-burst is 0 while bps is not",
	};
	static const char * const long_burst[FG_RL_NBUCKETS] = {
		"burst is more than an hour of pps",
		"syn-burst is more than an hour of syn-pps",
		"bytes-burst is more than an hour of bps",
	};
	unsigned int b;

	if (p->proto && p->port_min > p->port_max) {
		*why = "port range is backwards";
		return -EINVAL;
	}
	for (b = 0; b < FG_RL_NBUCKETS; b++) {
		u64 rate = p->rate[b];

		p->cost[b] = 0;
		p->depth[b] = 0;
		if (!rate)
			continue;
		if (rate > FG_RL_RATE_MAX) {
			*why = "rate too high";
			return -ERANGE;
		}
		if (!p->burst[b]) {
			*why = zero_burst[b];
			return -EINVAL;
		}
		if (p->burst[b] > rate * FG_RL_BURST_SECONDS) {
			*why = long_burst[b];
			return -ERANGE;
		}
		/* burst / rate <= 3600 s, so depth <= 3.6e12 ns. */
		p->depth[b] = div64_u64(p->burst[b] * NSEC_PER_SEC, rate);
		if (b != FG_RL_BYTES)
			p->cost[b] = div64_u64(NSEC_PER_SEC, rate);
	}
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(fg_rl_policy_check);

/* Narrowest port range first; ICMP has no ports. */
static int policy_cmp(const void *a, const void *b)
{
	const struct fg_rl_policy *x = a, *y = b;
	u32 wx = x->port_max - x->port_min, wy = y->port_max - y->port_min;

	return wx < wy ? -1 : wx > wy;
}

static bool any_limit(const struct fg_rl_config *cfg)
{
	unsigned int i, b;

	for (i = 0; i < cfg->n; i++)
		for (b = 0; b < FG_RL_NBUCKETS; b++)
			if (cfg->pol[i].rate[b])
				return true;
	return false;
}

/*
 * A table of exactly @capacity slots: the operator's maximum bounds the
 * keys and the memory, and status reports what is really there. The last
 * set holds the slots left over (capacity % FG_RL_WAYS, if any), so every
 * capacity from 1 up is honoured.
 */
static struct fg_rl_table *table_alloc(unsigned int capacity)
{
	unsigned int nsets = DIV_ROUND_UP(capacity, FG_RL_WAYS);
	struct fg_rl_table *tbl;
	unsigned int i;

	if (WARN_ON_ONCE(!capacity))
		return NULL;
	tbl = kvzalloc(struct_size(tbl, sets, nsets), GFP_KERNEL);
	if (!tbl)
		return NULL;
	tbl->used = alloc_percpu(long);
	if (!tbl->used) {
		kvfree(tbl);
		return NULL;
	}
	tbl->nsets = nsets;
	tbl->slots = capacity;
	get_random_bytes(&tbl->seed, sizeof(tbl->seed));
	for (i = 0; i < nsets; i++)
		spin_lock_init(&tbl->sets[i].lock);
	return tbl;
}

static void table_free(struct fg_rl_table *tbl)
{
	if (!tbl)
		return;
	free_percpu(tbl->used);
	kvfree(tbl);
}

static void table_free_rcu(struct rcu_head *head)
{
	table_free(container_of(head, struct fg_rl_table, rcu));
}

/* Slots in use: the per-CPU counts summed. */
static unsigned int table_used(struct fg_rl_table *tbl)
{
	long n = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		n += *per_cpu_ptr(tbl->used, cpu);
	/* A sum read while CPUs count may be off for a moment. */
	return clamp_t(long, n, 0, tbl->slots);
}

/*
 * Publish a new configuration (with rl->lock held). The key table is
 * allocated with the first limit and freed with the last, so a namespace
 * without limits spends no memory on it. Keys name their policy by id, so
 * they survive changes to the other policies.
 */
static int config_publish(struct fg_ratelimit *rl, struct fg_rl_config *cfg)
{
	struct fg_rl_config *old_cfg;
	struct fg_rl_table *tbl;

	tbl = rcu_dereference_protected(rl->tbl, lockdep_is_held(&rl->lock));
	if (any_limit(cfg) && !tbl) {
		tbl = table_alloc(rl->capacity);
		if (!tbl) {
			kfree(cfg);
			return -ENOMEM;
		}
		rcu_assign_pointer(rl->tbl, tbl);
		mod_delayed_work(system_power_efficient_wq, &rl->gc,
				 FG_RL_GC_INTERVAL);
	} else if (!any_limit(cfg) && tbl) {
		RCU_INIT_POINTER(rl->tbl, NULL);
		call_rcu(&tbl->rcu, table_free_rcu);
	}
	old_cfg = rcu_replace_pointer(rl->cfg, cfg, lockdep_is_held(&rl->lock));
	if (old_cfg)
		kfree_rcu(old_cfg, rcu);
	return 0;
}

static struct fg_rl_config *config_copy(struct fg_ratelimit *rl,
					unsigned int extra)
{
	const struct fg_rl_config *old;
	struct fg_rl_config *cfg;
	unsigned int n;

	old = rcu_dereference_protected(rl->cfg, lockdep_is_held(&rl->lock));
	n = old ? old->n : 1;
	cfg = kzalloc(struct_size(cfg, pol, n + extra), GFP_KERNEL);
	if (!cfg)
		return NULL;
	cfg->n = n;
	if (old)
		memcpy(cfg->pol, old->pol, n * sizeof(cfg->pol[0]));
	else
		policy_defaults(&cfg->pol[0], 0, 0, 0);
	return cfg;
}

/* Create or replace the policy @p selects (checked by the caller). */
int fg_rl_policy_put(struct fg_ratelimit *rl, const struct fg_rl_policy *p)
{
	struct fg_rl_config *cfg = config_copy(rl, 1);
	int i;

	if (!cfg)
		return -ENOMEM;
	i = policy_find(cfg, p->proto, p->port_min, p->port_max);
	if (i < 0) {
		if (cfg->n > FLOODGATE_LIMIT_OVERRIDES_MAX) {
			kfree(cfg);
			return -ENOSPC;
		}
		i = cfg->n++;
		cfg->pol[i] = *p;
		/* Ids are not reused while keys of the old one may linger. */
		cfg->pol[i].id = ++rl->next_id ?: ++rl->next_id;
	} else {
		u16 id = cfg->pol[i].id;

		cfg->pol[i] = *p;
		cfg->pol[i].id = id;
	}
	sort(cfg->pol + 1, cfg->n - 1, sizeof(cfg->pol[0]), policy_cmp, NULL);
	return config_publish(rl, cfg);
}
EXPORT_SYMBOL_IF_KUNIT(fg_rl_policy_put);

int fg_rl_policy_del(struct fg_ratelimit *rl, u8 proto, u16 port_min,
		     u16 port_max)
{
	struct fg_rl_config *cfg;
	int i;

	if (!proto)
		return -EINVAL;
	cfg = config_copy(rl, 0);
	if (!cfg)
		return -ENOMEM;
	i = policy_find(cfg, proto, port_min, port_max);
	if (i <= 0) {
		kfree(cfg);
		return -ENOENT;
	}
	memmove(&cfg->pol[i], &cfg->pol[i + 1],
		(cfg->n - i - 1) * sizeof(cfg->pol[0]));
	cfg->n--;
	return config_publish(rl, cfg);
}
EXPORT_SYMBOL_IF_KUNIT(fg_rl_policy_del);

/* A new capacity forgets every key (the table is reallocated). */
int fg_rl_set_capacity(struct fg_ratelimit *rl, unsigned int capacity)
{
	struct fg_rl_table *tbl, *new_tbl = NULL;

	mutex_lock(&rl->lock);
	tbl = rcu_dereference_protected(rl->tbl, lockdep_is_held(&rl->lock));
	if (tbl) {
		new_tbl = table_alloc(capacity);
		if (!new_tbl) {
			mutex_unlock(&rl->lock);
			return -ENOMEM;
		}
		rcu_assign_pointer(rl->tbl, new_tbl);
		call_rcu(&tbl->rcu, table_free_rcu);
	}
	rl->capacity = capacity;
	mutex_unlock(&rl->lock);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(fg_rl_set_capacity);

/*
 * Walk every used slot with the set locked, with rl->lock held (so the
 * table stays), calling @fn; rescheduling between sets.
 */
static void table_walk(struct fg_ratelimit *rl,
		       void (*fn)(struct fg_rl_entry *e, void *arg), void *arg)
{
	struct fg_rl_table *tbl;
	unsigned int i, w;

	tbl = rcu_dereference_protected(rl->tbl, lockdep_is_held(&rl->lock));
	if (!tbl)
		return;
	for (i = 0; i < tbl->nsets; i++) {
		struct fg_rl_set *set = &tbl->sets[i];

		spin_lock_bh(&set->lock);
		for (w = 0; w < FG_RL_WAYS; w++)
			if (set->way[w].used)
				fn(&set->way[w], arg);
		spin_unlock_bh(&set->lock);
		if (!(i % 256))
			cond_resched();
	}
}

/* Keys tracked: a sum over CPUs, whatever the size of the table. */
unsigned int fg_rl_entries(struct fg_ratelimit *rl)
{
	struct fg_rl_table *tbl;
	unsigned int n = 0;

	rcu_read_lock();
	tbl = rcu_dereference(rl->tbl);
	if (tbl)
		n = table_used(tbl);
	rcu_read_unlock();
	return n;
}
EXPORT_SYMBOL_IF_KUNIT(fg_rl_entries);

u64 fg_rl_memory(struct fg_ratelimit *rl)
{
	const struct fg_rl_config *cfg;
	struct fg_rl_table *tbl;
	u64 bytes = 0;

	mutex_lock(&rl->lock);
	tbl = rcu_dereference_protected(rl->tbl, lockdep_is_held(&rl->lock));
	cfg = rcu_dereference_protected(rl->cfg, lockdep_is_held(&rl->lock));
	if (tbl)
		bytes += struct_size(tbl, sets, tbl->nsets) +
			 (u64)num_possible_cpus() * sizeof(long);
	if (cfg)
		bytes += struct_size(cfg, pol, cfg->n);
	mutex_unlock(&rl->lock);
	return bytes;
}
EXPORT_SYMBOL_IF_KUNIT(fg_rl_memory);

struct gc_arg {
	struct fg_rl_table *tbl;
	u64 now;
	u64 idle;
	unsigned int removed;
};

/* With the set's lock held, as every change of a slot's use. */
static void gc_one(struct fg_rl_entry *e, void *arg)
{
	struct gc_arg *g = arg;

	if (g->now >= e->last_seen && g->now - e->last_seen >= g->idle) {
		e->used = false;
		this_cpu_dec(*g->tbl->used);
		g->removed++;
	}
}

/* Forget keys idle for @idle_ns at @now_ns; returns how many. */
unsigned int fg_rl_gc(struct fg_ratelimit *rl, u64 now_ns, u64 idle_ns)
{
	struct gc_arg g = { .now = now_ns, .idle = idle_ns };

	mutex_lock(&rl->lock);
	g.tbl = rcu_dereference_protected(rl->tbl, lockdep_is_held(&rl->lock));
	table_walk(rl, gc_one, &g);
	if (rcu_access_pointer(rl->tbl))
		mod_delayed_work(system_power_efficient_wq, &rl->gc,
				 FG_RL_GC_INTERVAL);
	mutex_unlock(&rl->lock);
	return g.removed;
}
EXPORT_SYMBOL_IF_KUNIT(fg_rl_gc);

static void gc_work(struct work_struct *work)
{
	struct fg_ratelimit *rl = container_of(to_delayed_work(work),
					       struct fg_ratelimit, gc);

	fg_rl_gc(rl, ktime_get_coarse_ns(), FG_RL_IDLE);
}

struct top_arg {
	struct fg_rl_talker *out;
	unsigned int n, len;
	const struct fg_rl_config *cfg;
};

static int talker_cmp(const void *a, const void *b)
{
	const struct fg_rl_talker *x = a, *y = b;

	return x->dropped > y->dropped ? -1 : x->dropped < y->dropped;
}

/*
 * Keep the n worst in out[], a small array kept sorted by insertion: n is
 * at most 1000 and most keys never beat the smallest, so a scan of a
 * million keys costs a million comparisons.
 */
static void top_one(struct fg_rl_entry *e, void *arg)
{
	struct top_arg *t = arg;
	const struct fg_rl_policy *p = NULL;
	struct fg_rl_talker cand = {
		.key = e->key,
		.passed = e->passed,
		.dropped = e->dropped,
		.tokens = U64_MAX,
	};
	unsigned int i;

	if (!e->dropped)
		return;
	for (i = 0; i < t->cfg->n && !p; i++)
		if (t->cfg->pol[i].id == e->key.policy)
			p = &t->cfg->pol[i];
	if (!p)
		return;	/* its policy is gone */
	cand.proto = p->proto;
	cand.port_min = p->port_min;
	cand.port_max = p->port_max;
	if (t->len == t->n && e->dropped <= t->out[t->len - 1].dropped)
		return;
	if (p->rate[FG_RL_PKT])
		cand.tokens = div64_u64(e->tokens[FG_RL_PKT],
					p->cost[FG_RL_PKT] ?: 1);
	i = t->len < t->n ? t->len++ : t->len - 1;
	while (i > 0 && t->out[i - 1].dropped < cand.dropped) {
		t->out[i] = t->out[i - 1];
		i--;
	}
	t->out[i] = cand;
}

/* The @n keys with the most drops; returns how many were found. */
int fg_rl_top(struct fg_ratelimit *rl, struct fg_rl_talker *out,
	      unsigned int n)
{
	struct top_arg t = { .out = out, .n = n };

	mutex_lock(&rl->lock);
	t.cfg = rcu_dereference_protected(rl->cfg, lockdep_is_held(&rl->lock));
	if (t.cfg)
		table_walk(rl, top_one, &t);
	mutex_unlock(&rl->lock);
	sort(out, t.len, sizeof(*out), talker_cmp, NULL);
	return t.len;
}
EXPORT_SYMBOL_IF_KUNIT(fg_rl_top);

static void block_work(struct work_struct *work)
{
	struct fg_ratelimit *rl = container_of(work, struct fg_ratelimit,
					       block_work);
	struct fg_rl_block_req req;

	for (;;) {
		spin_lock_bh(&rl->qlock);
		if (!rl->qlen) {
			spin_unlock_bh(&rl->qlock);
			return;
		}
		req = rl->queue[--rl->qlen];
		spin_unlock_bh(&rl->qlock);
		rl->block(rl, &req);
	}
}

int fg_rl_init(struct fg_ratelimit *rl, unsigned int capacity,
	       struct fg_stats *stats,
	       void (*block)(struct fg_ratelimit *rl,
			     const struct fg_rl_block_req *req))
{
	memset(rl, 0, sizeof(*rl));
	mutex_init(&rl->lock);
	spin_lock_init(&rl->qlock);
	INIT_DEFERRABLE_WORK(&rl->gc, gc_work);
	INIT_WORK(&rl->block_work, block_work);
	rl->capacity = capacity;
	rl->stats = stats;
	rl->block = block;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(fg_rl_init);

/* No packet may be left in the hooks (see fg_net_pre_exit()). */
void fg_rl_destroy(struct fg_ratelimit *rl)
{
	cancel_delayed_work_sync(&rl->gc);
	cancel_work_sync(&rl->block_work);
	table_free(rcu_dereference_protected(rl->tbl, true));
	kfree(rcu_dereference_protected(rl->cfg, true));
	mutex_destroy(&rl->lock);
}
EXPORT_SYMBOL_IF_KUNIT(fg_rl_destroy);
