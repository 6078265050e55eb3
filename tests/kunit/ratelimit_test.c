// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the rate limiter's token arithmetic, keys, policy matching, the
 * behaviour of a full key table, collection, automatic blocking and
 * concurrent use. Time is injected (the now_ns arguments).
 */

#include <kunit/test.h>
#include <linux/kthread.h>
#include <linux/random.h>
#include <net/tcp.h>

#include "parse.h"
#include "ratelimit.h"

#define SEC NSEC_PER_SEC
#define T0 (1000 * SEC)

struct rl_fixture {
	struct fg_ratelimit rl;
	struct fg_stats stats;
	unsigned int blocked;
	struct fg_rl_block_req last;
};

static void record_block(struct fg_ratelimit *rl,
			 const struct fg_rl_block_req *req)
{
	struct rl_fixture *f = container_of(rl, struct rl_fixture, rl);

	f->blocked++;
	f->last = *req;
}

static int rl_test_init(struct kunit *test)
{
	struct rl_fixture *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);

	if (!f || fg_stats_init(&f->stats))
		return -ENOMEM;
	fg_rl_init(&f->rl, 1024, &f->stats, record_block);
	test->priv = f;
	return 0;
}

static void rl_test_exit(struct kunit *test)
{
	struct rl_fixture *f = test->priv;

	fg_rl_destroy(&f->rl);
	fg_stats_free(&f->stats);
}

/* Set a policy as the netlink side does: get, change, check, put. */
static int set_policy(struct fg_ratelimit *rl, u8 proto, u16 pmin, u16 pmax,
		      u64 pps, u64 burst, u64 syn_pps, u64 syn_burst)
{
	struct fg_rl_policy p;
	const char *why;
	int err;

	mutex_lock(&rl->lock);
	fg_rl_policy_get(rl, proto, pmin, pmax, &p);
	p.rate[FG_RL_PKT] = pps;
	p.burst[FG_RL_PKT] = burst;
	p.rate[FG_RL_SYN] = syn_pps;
	p.burst[FG_RL_SYN] = syn_burst;
	err = fg_rl_policy_check(&p, &why);
	if (!err)
		err = fg_rl_policy_put(rl, &p);
	mutex_unlock(&rl->lock);
	return err;
}

static struct fg_flow flow4(u32 saddr, u8 proto, u16 dport, u8 flags)
{
	struct fg_flow f = {
		.family = NFPROTO_IPV4,
		.proto = proto,
		.dport = htons(dport),
		.tcp_flags = flags,
		.len = 100,
	};

	f.saddr.ip = htonl(saddr);
	return f;
}

static enum fg_reason judge(struct fg_ratelimit *rl, const struct fg_flow *f,
			    u64 now)
{
	enum fg_reason r;

	rcu_read_lock();
	local_bh_disable();
	r = fg_rl_judge_at(rl, f, now);
	local_bh_enable();
	rcu_read_unlock();
	return r;
}

/* How many of @n packets at @now pass. */
static unsigned int burst_of(struct fg_ratelimit *rl, const struct fg_flow *f,
			     unsigned int n, u64 now)
{
	unsigned int i, passed = 0;

	for (i = 0; i < n; i++)
		passed += judge(rl, f, now) == FG_PASS;
	return passed;
}

static void rl_refill_math(struct kunit *test)
{
	u64 last = 100;

	KUNIT_EXPECT_EQ(test, fg_rl_refill(0, 10, 100), 10);
	KUNIT_EXPECT_EQ(test, fg_rl_refill(95, 10, 100), 100);
	KUNIT_EXPECT_EQ(test, fg_rl_refill(100, 10, 100), 100);
	/* A very long idle period saturates instead of wrapping. */
	KUNIT_EXPECT_EQ(test, fg_rl_refill(50, U64_MAX, 100), 100);
	KUNIT_EXPECT_EQ(test, fg_rl_refill(U64_MAX - 1, 5, U64_MAX), U64_MAX);

	KUNIT_EXPECT_EQ(test, fg_rl_elapsed(&last, 150), 50);
	KUNIT_EXPECT_EQ(test, last, 150);
	/* Backwards: no time passed, and the mark stays. */
	KUNIT_EXPECT_EQ(test, fg_rl_elapsed(&last, 120), 0);
	KUNIT_EXPECT_EQ(test, last, 150);
	KUNIT_EXPECT_EQ(test, fg_rl_elapsed(&last, 150), 0);
	/* Across the 32-bit boundary of the nanosecond clock. */
	last = U32_MAX - 10;
	KUNIT_EXPECT_EQ(test, fg_rl_elapsed(&last, (u64)U32_MAX + 10), 20);
}

static void rl_policy_check(struct kunit *test)
{
	struct fg_rl_policy p = { .plen = { 32, 64 } };
	const char *why = NULL;

	p.rate[FG_RL_PKT] = 100;
	KUNIT_EXPECT_EQ(test, fg_rl_policy_check(&p, &why), -EINVAL);
	KUNIT_EXPECT_STREQ(test, why, "burst is 0 while pps is not");
	p.burst[FG_RL_PKT] = 100 * 3600 + 1;
	KUNIT_EXPECT_EQ(test, fg_rl_policy_check(&p, &why), -ERANGE);
	p.burst[FG_RL_PKT] = 50;
	KUNIT_EXPECT_EQ(test, fg_rl_policy_check(&p, &why), 0);
	KUNIT_EXPECT_EQ(test, p.cost[FG_RL_PKT], SEC / 100);
	KUNIT_EXPECT_EQ(test, p.depth[FG_RL_PKT], 50 * (SEC / 100));
	p.rate[FG_RL_BYTES] = 1000;
	p.burst[FG_RL_BYTES] = 1500;
	KUNIT_EXPECT_EQ(test, fg_rl_policy_check(&p, &why), 0);
	KUNIT_EXPECT_EQ(test, p.depth[FG_RL_BYTES], 1500 * SEC / 1000);
	p.proto = IPPROTO_TCP;
	p.port_min = 90;
	p.port_max = 80;
	KUNIT_EXPECT_EQ(test, fg_rl_policy_check(&p, &why), -EINVAL);
	KUNIT_EXPECT_STREQ(test, why, "port range is backwards");
}

static void rl_budget(struct kunit *test)
{
	struct fg_ratelimit *rl = &((struct rl_fixture *)test->priv)->rl;
	struct fg_flow a = flow4(0xc6336402, IPPROTO_UDP, 53, 0);
	struct fg_flow b = flow4(0xc6336403, IPPROTO_UDP, 53, 0);

	/* Nothing configured: everything passes, no table. */
	KUNIT_EXPECT_EQ(test, burst_of(rl, &a, 50, T0), 50);
	KUNIT_EXPECT_NULL(test, rcu_access_pointer(rl->tbl));

	KUNIT_ASSERT_EQ(test, set_policy(rl, 0, 0, 0, 10, 20, 0, 0), 0);
	KUNIT_EXPECT_NOT_NULL(test, rcu_access_pointer(rl->tbl));
	/* A fresh key has its whole burst, then nothing. */
	KUNIT_EXPECT_EQ(test, burst_of(rl, &a, 50, T0), 20);
	/* Another source has its own bucket. */
	KUNIT_EXPECT_EQ(test, burst_of(rl, &b, 50, T0), 20);
	/* A second refills one packet at 10 pps... */
	KUNIT_EXPECT_EQ(test, burst_of(rl, &a, 50, T0 + SEC / 10), 1);
	/* ...and an hour refills the burst, never more. */
	KUNIT_EXPECT_EQ(test, burst_of(rl, &a, 50, T0 + 3600 * SEC), 20);
	/* Over 10 s at 100 pps offered, about 10 pps get through. */
	{
		unsigned int i, passed = 0;

		for (i = 0; i < 1000; i++)
			passed += judge(rl, &a, T0 + 3601 * SEC +
					i * (SEC / 100)) == FG_PASS;
		KUNIT_EXPECT_GE(test, passed, 99);
		KUNIT_EXPECT_LE(test, passed, 101 + 20);
	}
	KUNIT_EXPECT_EQ(test, judge(rl, &a, T0 + 3700 * SEC - 1), FG_PASS);
}

static void rl_syn_budget(struct kunit *test)
{
	struct fg_ratelimit *rl = &((struct rl_fixture *)test->priv)->rl;
	struct fg_flow syn = flow4(0xc6336402, IPPROTO_TCP, 80, TCPHDR_SYN);
	struct fg_flow ack = flow4(0xc6336402, IPPROTO_TCP, 80, TCPHDR_ACK);
	struct fg_flow synack = flow4(0xc6336402, IPPROTO_TCP, 80,
				      TCPHDR_SYN | TCPHDR_ACK);

	KUNIT_ASSERT_EQ(test, set_policy(rl, 0, 0, 0, 0, 0, 5, 5), 0);
	KUNIT_EXPECT_EQ(test, burst_of(rl, &syn, 20, T0), 5);
	KUNIT_EXPECT_EQ(test, judge(rl, &syn, T0), FG_DROP_RATELIMIT_SYN);
	/* The established connection's data is not a SYN. */
	KUNIT_EXPECT_EQ(test, burst_of(rl, &ack, 100, T0), 100);
	KUNIT_EXPECT_EQ(test, burst_of(rl, &synack, 10, T0), 10);
}

static void rl_key_prefix(struct kunit *test)
{
	struct fg_ratelimit *rl = &((struct rl_fixture *)test->priv)->rl;
	struct fg_flow a = flow4(0xc6336402, IPPROTO_UDP, 53, 0);
	struct fg_flow b = flow4(0xc63364fe, IPPROTO_UDP, 53, 0);
	struct fg_flow v6a = { .family = NFPROTO_IPV6, .proto = IPPROTO_UDP,
			       .len = 100 };
	struct fg_flow v6b;
	struct fg_rl_policy p;
	const char *why;

	mutex_lock(&rl->lock);
	fg_rl_policy_get(rl, 0, 0, 0, &p);
	p.rate[FG_RL_PKT] = 1;
	p.burst[FG_RL_PKT] = 10;
	p.plen[0] = 24;
	KUNIT_EXPECT_EQ(test, fg_rl_policy_check(&p, &why), 0);
	KUNIT_EXPECT_EQ(test, fg_rl_policy_put(rl, &p), 0);
	mutex_unlock(&rl->lock);

	/* Two hosts of one /24 share one budget. */
	KUNIT_EXPECT_EQ(test, burst_of(rl, &a, 6, T0), 6);
	KUNIT_EXPECT_EQ(test, burst_of(rl, &b, 6, T0), 4);

	/* IPv6 keys are /64 by default: one host's /64 is one key. */
	v6a.saddr.ip6[0] = htonl(0x20010db8);
	v6a.saddr.ip6[3] = htonl(1);
	v6b = v6a;
	v6b.saddr.ip6[3] = htonl(2);
	KUNIT_EXPECT_EQ(test, burst_of(rl, &v6a, 6, T0), 6);
	KUNIT_EXPECT_EQ(test, burst_of(rl, &v6b, 6, T0), 4);
	v6b.saddr.ip6[1] = htonl(1);	/* another /64 */
	KUNIT_EXPECT_EQ(test, burst_of(rl, &v6b, 6, T0), 6);
}

static void rl_policy_match(struct kunit *test)
{
	struct fg_ratelimit *rl = &((struct rl_fixture *)test->priv)->rl;
	struct fg_flow dns = flow4(0x0a000001, IPPROTO_UDP, 53, 0);
	struct fg_flow ntp = flow4(0x0a000001, IPPROTO_UDP, 123, 0);
	struct fg_flow smtp = flow4(0x0a000001, IPPROTO_TCP, 25, TCPHDR_ACK);
	struct fg_flow ping = flow4(0x0a000001, IPPROTO_ICMP, 0, 0);
	const struct fg_rl_config *cfg;

	KUNIT_ASSERT_EQ(test, set_policy(rl, 0, 0, 0, 1000, 1000, 0, 0), 0);
	KUNIT_ASSERT_EQ(test, set_policy(rl, IPPROTO_UDP, 1, 1024, 100, 100,
					 0, 0), 0);
	KUNIT_ASSERT_EQ(test, set_policy(rl, IPPROTO_UDP, 53, 53, 2, 2, 0, 0),
			0);
	KUNIT_ASSERT_EQ(test, set_policy(rl, IPPROTO_TCP, 25, 25, 3, 3, 0, 0),
			0);
	KUNIT_ASSERT_EQ(test, set_policy(rl, IPPROTO_ICMP, 0, 0, 4, 4, 0, 0),
			0);

	rcu_read_lock();
	cfg = rcu_dereference(rl->cfg);
	KUNIT_EXPECT_EQ(test, cfg->n, 5);
	/* The narrowest range wins, whatever the order of creation. */
	KUNIT_EXPECT_EQ(test, cfg->pol[fg_rl_match(cfg, &dns)].rate[0], 2);
	KUNIT_EXPECT_EQ(test, cfg->pol[fg_rl_match(cfg, &ntp)].rate[0], 100);
	KUNIT_EXPECT_EQ(test, cfg->pol[fg_rl_match(cfg, &smtp)].rate[0], 3);
	KUNIT_EXPECT_EQ(test, cfg->pol[fg_rl_match(cfg, &ping)].rate[0], 4);
	smtp.dport = htons(26);
	KUNIT_EXPECT_EQ(test, fg_rl_match(cfg, &smtp), 0);
	rcu_read_unlock();

	/* Budgets per policy: DNS is held to 2 while NTP gets 100. */
	KUNIT_EXPECT_EQ(test, burst_of(rl, &dns, 10, T0), 2);
	KUNIT_EXPECT_EQ(test, burst_of(rl, &ntp, 200, T0), 100);

	mutex_lock(&rl->lock);
	KUNIT_EXPECT_EQ(test, fg_rl_policy_del(rl, IPPROTO_UDP, 53, 53), 0);
	KUNIT_EXPECT_EQ(test, fg_rl_policy_del(rl, IPPROTO_UDP, 53, 53),
			-ENOENT);
	mutex_unlock(&rl->lock);
	/*
	 * DNS now falls under the UDP 1-1024 override, whose budget this
	 * source spent on NTP; another source has all of it.
	 */
	KUNIT_EXPECT_EQ(test, burst_of(rl, &dns, 200, T0), 0);
	dns.saddr.ip = htonl(0x0a000002);
	KUNIT_EXPECT_EQ(test, burst_of(rl, &dns, 200, T0), 100);
}

/*
 * A table of 1024 keys under a spoofed flood of 20,000 sources: every
 * packet is still judged, a heavy source that keeps sending keeps its key
 * (and stays limited), and memory does not move.
 */
static void rl_table_full(struct kunit *test)
{
	struct fg_ratelimit *rl = &((struct rl_fixture *)test->priv)->rl;
	struct fg_flow heavy = flow4(0xc0000201, IPPROTO_UDP, 53, 0);
	unsigned int i, heavy_passed = 0, spoofed_passed = 0;
	u64 mem;

	KUNIT_ASSERT_EQ(test, set_policy(rl, 0, 0, 0, 10, 10, 0, 0), 0);
	mem = fg_rl_memory(rl);
	for (i = 0; i < 20000; i++) {
		struct fg_flow f = flow4(0x0a000000 + i, IPPROTO_UDP, 53, 0);
		u64 now = T0 + i * 1000;	/* 1 us apart: no refill */

		spoofed_passed += judge(rl, &f, now) == FG_PASS;
		heavy_passed += judge(rl, &heavy, now) == FG_PASS;
	}
	/* Each spoofed source sent one packet within its burst. */
	KUNIT_EXPECT_EQ(test, spoofed_passed, 20000);
	/* The heavy one got its burst and then nothing: never evicted. */
	KUNIT_EXPECT_EQ(test, heavy_passed, 10);
	KUNIT_EXPECT_EQ(test, fg_rl_entries(rl), 1024);
	KUNIT_EXPECT_EQ(test, fg_rl_memory(rl), mem);
}

/* Used slots, counted the slow way: the truth fg_rl_entries() must tell. */
static unsigned int count_used(struct fg_ratelimit *rl)
{
	struct fg_rl_table *tbl;
	unsigned int i, w, n = 0;

	mutex_lock(&rl->lock);
	tbl = rcu_dereference_protected(rl->tbl, lockdep_is_held(&rl->lock));
	for (i = 0; tbl && i < tbl->nsets; i++) {
		spin_lock_bh(&tbl->sets[i].lock);
		for (w = 0; w < FG_RL_WAYS; w++)
			n += tbl->sets[i].way[w].used;
		spin_unlock_bh(&tbl->sets[i].lock);
	}
	mutex_unlock(&rl->lock);
	return n;
}

static const unsigned int capacities[] = { 1, 7, 13, 1000, 1024, 4099 };

static void capacity_desc(const unsigned int *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "capacity %u", *c);
}

KUNIT_ARRAY_PARAM(capacity, capacities, capacity_desc);

/*
 * The capacity is the operator's bound: a table of N keys has exactly N
 * slots, whatever N (not the next power of two), memory to match, and
 * the count status reports is the number of slots in use.
 */
static void rl_capacity(struct kunit *test)
{
	struct fg_ratelimit *rl = &((struct rl_fixture *)test->priv)->rl;
	unsigned int cap = *(const unsigned int *)test->param_value;
	unsigned int i, n = max(cap * 20, 1000U);
	struct fg_rl_table *tbl;
	u64 mem;

	KUNIT_ASSERT_EQ(test, fg_rl_set_capacity(rl, cap), 0);
	KUNIT_ASSERT_EQ(test, set_policy(rl, 0, 0, 0, 10, 10, 0, 0), 0);
	rcu_read_lock();
	tbl = rcu_dereference(rl->tbl);
	KUNIT_EXPECT_EQ(test, tbl->slots, cap);
	KUNIT_EXPECT_EQ(test, tbl->nsets, DIV_ROUND_UP(cap, FG_RL_WAYS));
	rcu_read_unlock();
	mem = fg_rl_memory(rl);
	KUNIT_EXPECT_LE(test, mem, (u64)DIV_ROUND_UP(cap, FG_RL_WAYS) *
			sizeof(struct fg_rl_set) + 4096 +
			num_possible_cpus() * sizeof(long));
	KUNIT_EXPECT_EQ(test, fg_rl_entries(rl), 0);

	/* Many more sources than slots: every slot fills, none more. */
	for (i = 0; i < n; i++) {
		struct fg_flow f = flow4(0x0a000000 + i, IPPROTO_UDP, 53, 0);

		judge(rl, &f, T0 + i * 1000ULL);
		if (!(i % 1024))
			cond_resched();
	}
	KUNIT_EXPECT_EQ(test, fg_rl_entries(rl), cap);
	KUNIT_EXPECT_EQ(test, count_used(rl), cap);
	KUNIT_EXPECT_EQ(test, fg_rl_memory(rl), mem);

	/* The count follows the collector. */
	KUNIT_EXPECT_EQ(test, fg_rl_gc(rl, T0 + n * 1000ULL + 60 * SEC,
				       60 * SEC), cap);
	KUNIT_EXPECT_EQ(test, fg_rl_entries(rl), 0);
	KUNIT_EXPECT_EQ(test, count_used(rl), 0);
}

static void rl_gc(struct kunit *test)
{
	struct fg_ratelimit *rl = &((struct rl_fixture *)test->priv)->rl;
	unsigned int i;

	KUNIT_ASSERT_EQ(test, set_policy(rl, 0, 0, 0, 10, 10, 0, 0), 0);
	for (i = 0; i < 100; i++) {
		struct fg_flow f = flow4(0x0a000000 + i, IPPROTO_UDP, 53, 0);

		judge(rl, &f, T0);
	}
	KUNIT_EXPECT_EQ(test, fg_rl_entries(rl), 100);
	/* Nothing is idle for a minute yet... */
	KUNIT_EXPECT_EQ(test, fg_rl_gc(rl, T0 + 59 * SEC, 60 * SEC), 0);
	/* ...but a minute later everything is. */
	KUNIT_EXPECT_EQ(test, fg_rl_gc(rl, T0 + 60 * SEC, 60 * SEC), 100);
	KUNIT_EXPECT_EQ(test, fg_rl_entries(rl), 0);
	/* Removing the last limit frees the key table. */
	KUNIT_ASSERT_EQ(test, set_policy(rl, 0, 0, 0, 0, 0, 0, 0), 0);
	KUNIT_EXPECT_NULL(test, rcu_access_pointer(rl->tbl));
}

static void rl_autoblock_and_top(struct kunit *test)
{
	struct rl_fixture *f = test->priv;
	struct fg_ratelimit *rl = &f->rl;
	struct fg_flow bad = flow4(0xc6336466, IPPROTO_UDP, 53, 0);
	struct fg_flow meh = flow4(0xc6336467, IPPROTO_UDP, 53, 0);
	struct fg_rl_talker top[4];
	struct fg_rl_policy p;
	const char *why;

	mutex_lock(&rl->lock);
	fg_rl_policy_get(rl, 0, 0, 0, &p);
	p.rate[FG_RL_PKT] = 10;
	p.burst[FG_RL_PKT] = 10;
	p.block_after = 50;
	p.block_window = 5;
	p.block_time = 60;
	KUNIT_EXPECT_EQ(test, fg_rl_policy_check(&p, &why), 0);
	KUNIT_EXPECT_EQ(test, fg_rl_policy_put(rl, &p), 0);
	mutex_unlock(&rl->lock);

	/* 10 pass, 50 dropped: not yet over block-after. */
	KUNIT_EXPECT_EQ(test, burst_of(rl, &bad, 60, T0), 10);
	flush_work(&rl->block_work);
	KUNIT_EXPECT_EQ(test, f->blocked, 0);
	/* Drops spread past the window start over. */
	KUNIT_EXPECT_EQ(test, burst_of(rl, &bad, 1, T0 + 6 * SEC), 1);
	KUNIT_EXPECT_EQ(test, burst_of(rl, &bad, 50, T0 + 6 * SEC), 9);
	flush_work(&rl->block_work);
	KUNIT_EXPECT_EQ(test, f->blocked, 0);
	KUNIT_EXPECT_EQ(test, burst_of(rl, &bad, 10, T0 + 6 * SEC), 0);
	flush_work(&rl->block_work);
	KUNIT_EXPECT_EQ(test, f->blocked, 1);
	KUNIT_EXPECT_EQ(test, ntohl(f->last.addr.ip), 0xc6336466);
	KUNIT_EXPECT_EQ(test, f->last.plen, 32);
	KUNIT_EXPECT_EQ(test, f->last.timeout, 60);
	KUNIT_EXPECT_EQ(test, f->last.reason, FLOODGATE_STATS_A_DROP_RATELIMIT);

	KUNIT_EXPECT_EQ(test, burst_of(rl, &meh, 15, T0), 10);
	KUNIT_EXPECT_EQ(test, fg_rl_top(rl, top, 4), 2);
	KUNIT_EXPECT_EQ(test, ntohl(top[0].key.addr.ip), 0xc6336466);
	KUNIT_EXPECT_EQ(test, top[0].dropped, 50 + 41 + 10);
	KUNIT_EXPECT_EQ(test, top[0].passed, 20);
	KUNIT_EXPECT_EQ(test, top[0].tokens, 0);
	KUNIT_EXPECT_EQ(test, ntohl(top[1].key.addr.ip), 0xc6336467);
	KUNIT_EXPECT_EQ(test, top[1].dropped, 5);
	KUNIT_EXPECT_EQ(test, fg_rl_top(rl, top, 1), 1);
	KUNIT_EXPECT_EQ(test, ntohl(top[0].key.addr.ip), 0xc6336466);
}

struct rl_race {
	struct fg_ratelimit *rl;
	int id;
};

static int rl_racer(void *arg)
{
	struct rl_race *r = arg;
	unsigned int i;

	for (i = 0; i < 20000; i++) {
		struct fg_flow f = flow4(0x0a000000 + (get_random_u32() & 0xfff),
					 IPPROTO_UDP, 53, 0);

		judge(r->rl, &f, T0 + i * 100000ULL);
		if (r->id == 0 && !(i % 2000)) {
			set_policy(r->rl, IPPROTO_UDP, 50 + i % 7, 60, 5, 5,
				   0, 0);
			fg_rl_gc(r->rl, T0 + i * 100000ULL, SEC / 100);
		}
		if (r->id == 1 && !(i % 5000))
			fg_rl_set_capacity(r->rl, 512 << (i % 3));
		cond_resched();
	}
	return 0;
}

/* Judges, policy changes, collection and table swaps, all at once. */
static void rl_concurrent(struct kunit *test)
{
	struct fg_ratelimit *rl = &((struct rl_fixture *)test->priv)->rl;
	struct rl_race r[3] = { { rl, 0 }, { rl, 1 }, { rl, 2 } };
	struct task_struct *t[3];
	int i;

	KUNIT_ASSERT_EQ(test, set_policy(rl, 0, 0, 0, 100, 100, 0, 0), 0);
	for (i = 0; i < 3; i++) {
		t[i] = kthread_run(rl_racer, &r[i], "fg_rl%d", i);
		KUNIT_ASSERT_FALSE(test, IS_ERR(t[i]));
		get_task_struct(t[i]);
	}
	for (i = 0; i < 3; i++) {
		kthread_stop(t[i]);
		put_task_struct(t[i]);
	}
	KUNIT_EXPECT_LE(test, fg_rl_entries(rl), rl->capacity);
	KUNIT_EXPECT_EQ(test, fg_rl_entries(rl), count_used(rl));
}

static struct kunit_case rl_test_cases[] = {
	KUNIT_CASE(rl_refill_math),
	KUNIT_CASE(rl_policy_check),
	KUNIT_CASE(rl_budget),
	KUNIT_CASE(rl_syn_budget),
	KUNIT_CASE(rl_key_prefix),
	KUNIT_CASE(rl_policy_match),
	KUNIT_CASE(rl_table_full),
	KUNIT_CASE_PARAM(rl_capacity, capacity_gen_params),
	KUNIT_CASE(rl_gc),
	KUNIT_CASE(rl_autoblock_and_top),
	KUNIT_CASE(rl_concurrent),
	{}
};

static struct kunit_suite rl_test_suite = {
	.name = "floodgate_ratelimit",
	.init = rl_test_init,
	.exit = rl_test_exit,
	.test_cases = rl_test_cases,
};

kunit_test_suite(rl_test_suite);
