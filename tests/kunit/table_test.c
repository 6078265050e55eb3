// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the prefix tables behind the blocklist and the allowlist. The
 * clock is injected (the "now" arguments), so expiry is tested without
 * sleeping.
 */

#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/inet.h>
#include <linux/kthread.h>
#include <linux/random.h>

#include "table.h"

#define NOW 1000

struct table_fixture {
	struct fg_table t;
};

static int table_test_init(struct kunit *test)
{
	struct table_fixture *f;

	f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);
	if (!f)
		return -ENOMEM;
	if (fg_table_init(&f->t, FLOODGATE_TABLE_BLOCK, 1000))
		return -ENOMEM;
	test->priv = f;
	return 0;
}

static void table_test_exit(struct kunit *test)
{
	struct table_fixture *f = test->priv;

	fg_table_destroy(&f->t);
}

/* "a.b.c.d/len" or "x::y/len" into a canonical spec. */
static struct fg_entry_spec spec(struct kunit *test, const char *s,
				 u32 timeout)
{
	struct fg_entry_spec sp = { .timeout = timeout };
	const char *slash = strchr(s, '/'), *end;
	unsigned int plen;

	if (in4_pton(s, slash ? slash - s : -1, (u8 *)&sp.key.addr.ip, -1,
		     &end)) {
		sp.key.family = NFPROTO_IPV4;
		plen = 32;
	} else {
		KUNIT_ASSERT_TRUE(test, in6_pton(s, slash ? slash - s : -1,
						 sp.key.addr.in6.s6_addr, -1,
						 &end));
		sp.key.family = NFPROTO_IPV6;
		plen = 128;
	}
	if (slash)
		KUNIT_ASSERT_EQ(test, kstrtouint(slash + 1, 10, &plen), 0);
	sp.key.plen = plen;
	fg_table_canon(&sp.key);
	return sp;
}

static int add(struct kunit *test, struct fg_table *t, const char *s,
	       u32 timeout)
{
	struct fg_entry_spec sp = spec(test, s, timeout);
	unsigned int bad;

	return fg_table_add(t, &sp, 1, NOW, &bad);
}

static int del(struct kunit *test, struct fg_table *t, const char *s)
{
	struct fg_entry_spec sp = spec(test, s, 0);
	unsigned int bad;

	return fg_table_del(t, &sp, 1, &bad);
}

/* The prefix length of the entry an address matches, or -1. */
static int match_len(struct kunit *test, struct fg_table *t, const char *addr,
		     u32 now)
{
	struct fg_entry_spec sp = spec(test, addr, 0);
	struct fg_entry *e;
	int len;

	rcu_read_lock();
	e = fg_table_lookup(t, sp.key.family, &sp.key.addr, now);
	len = e ? e->key.plen : -1;
	rcu_read_unlock();
	return len;
}

static void table_v4_lengths(struct kunit *test)
{
	struct fg_table *t = &((struct table_fixture *)test->priv)->t;

	KUNIT_EXPECT_EQ(test, match_len(test, t, "192.0.2.1", NOW), -1);
	KUNIT_EXPECT_EQ(test, add(test, t, "192.0.2.1", 0), 0);
	KUNIT_EXPECT_EQ(test, add(test, t, "198.51.100.0/24", 0), 0);
	KUNIT_EXPECT_EQ(test, add(test, t, "10.0.0.0/8", 0), 0);
	KUNIT_EXPECT_EQ(test, add(test, t, "10.1.0.0/16", 0), 0);
	KUNIT_EXPECT_EQ(test, t->count, 4);
	KUNIT_EXPECT_EQ(test, fg_table_plens(t), 4);

	KUNIT_EXPECT_EQ(test, match_len(test, t, "192.0.2.1", NOW), 32);
	KUNIT_EXPECT_EQ(test, match_len(test, t, "192.0.2.2", NOW), -1);
	KUNIT_EXPECT_EQ(test, match_len(test, t, "198.51.100.77", NOW), 24);
	KUNIT_EXPECT_EQ(test, match_len(test, t, "198.51.101.1", NOW), -1);
	/* Longest first. */
	KUNIT_EXPECT_EQ(test, match_len(test, t, "10.1.2.3", NOW), 16);
	KUNIT_EXPECT_EQ(test, match_len(test, t, "10.2.2.3", NOW), 8);
	/* IPv4 entries never match IPv6 addresses. */
	KUNIT_EXPECT_EQ(test, match_len(test, t, "::a01:203", NOW), -1);

	KUNIT_EXPECT_EQ(test, del(test, t, "10.1.0.0/16"), 0);
	KUNIT_EXPECT_EQ(test, match_len(test, t, "10.1.2.3", NOW), 8);
	KUNIT_EXPECT_EQ(test, fg_table_plens(t), 3);
	KUNIT_EXPECT_EQ(test, del(test, t, "10.0.0.0/8"), 0);
	KUNIT_EXPECT_EQ(test, match_len(test, t, "10.1.2.3", NOW), -1);
	KUNIT_EXPECT_EQ(test, fg_table_plens(t), 2);
	KUNIT_EXPECT_EQ(test, t->count, 2);
}

static void table_v6_lengths(struct kunit *test)
{
	struct fg_table *t = &((struct table_fixture *)test->priv)->t;

	KUNIT_EXPECT_EQ(test, add(test, t, "2001:db8::1", 0), 0);
	KUNIT_EXPECT_EQ(test, add(test, t, "2001:db8:1::/48", 0), 0);
	KUNIT_EXPECT_EQ(test, add(test, t, "2001:db8:1:2::/64", 0), 0);
	KUNIT_EXPECT_EQ(test, add(test, t, "::/0", 0), 0);

	KUNIT_EXPECT_EQ(test, match_len(test, t, "2001:db8::1", NOW), 128);
	KUNIT_EXPECT_EQ(test, match_len(test, t, "2001:db8:1:2::9", NOW), 64);
	KUNIT_EXPECT_EQ(test, match_len(test, t, "2001:db8:1:3::9", NOW), 48);
	KUNIT_EXPECT_EQ(test, match_len(test, t, "2001:db9::1", NOW), 0);
	KUNIT_EXPECT_EQ(test, match_len(test, t, "192.0.2.1", NOW), -1);

	KUNIT_EXPECT_EQ(test, del(test, t, "::/0"), 0);
	KUNIT_EXPECT_EQ(test, match_len(test, t, "2001:db9::1", NOW), -1);
	KUNIT_EXPECT_EQ(test, del(test, t, "::/0"), -ENOENT);
}

static void table_canonical(struct kunit *test)
{
	struct fg_entry_spec a = spec(test, "198.51.100.7/24", 0);
	struct fg_entry_spec b = spec(test, "2001:db8:ffff::1/32", 0);
	struct fg_entry_spec c = spec(test, "203.0.113.9/0", 0);

	KUNIT_EXPECT_EQ(test, ntohl(a.key.addr.ip), 0xc6336400);
	KUNIT_EXPECT_EQ(test, a.key.plen, 24);
	KUNIT_EXPECT_EQ(test, ntohl(b.key.addr.ip6[0]), 0x20010db8);
	KUNIT_EXPECT_EQ(test, b.key.addr.ip6[1] | b.key.addr.ip6[2] |
			      b.key.addr.ip6[3], 0);
	KUNIT_EXPECT_EQ(test, c.key.addr.ip, 0);
}

static void table_expiry(struct kunit *test)
{
	struct fg_table *t = &((struct table_fixture *)test->priv)->t;

	KUNIT_EXPECT_EQ(test, add(test, t, "192.0.2.0/24", 10), 0);
	KUNIT_EXPECT_EQ(test, add(test, t, "192.0.2.7", 0), 0);
	KUNIT_EXPECT_EQ(test, add(test, t, "198.51.100.1", 5), 0);
	KUNIT_EXPECT_EQ(test, t->timed, 2);

	KUNIT_EXPECT_EQ(test, match_len(test, t, "192.0.2.1", NOW + 9), 24);
	/* Expired before the collector runs: no match, not even once. */
	KUNIT_EXPECT_EQ(test, match_len(test, t, "192.0.2.1", NOW + 10), -1);
	KUNIT_EXPECT_EQ(test, match_len(test, t, "192.0.2.7", NOW + 10), 32);
	KUNIT_EXPECT_EQ(test, match_len(test, t, "198.51.100.1", NOW + 4), 32);
	KUNIT_EXPECT_EQ(test, match_len(test, t, "198.51.100.1", NOW + 5), -1);

	KUNIT_EXPECT_EQ(test, fg_table_gc(t, NOW + 6), 1);
	KUNIT_EXPECT_EQ(test, t->count, 2);
	KUNIT_EXPECT_EQ(test, t->next_expiry, NOW + 10);
	KUNIT_EXPECT_EQ(test, fg_table_gc(t, NOW + 11), 1);
	KUNIT_EXPECT_EQ(test, t->count, 1);
	KUNIT_EXPECT_EQ(test, t->timed, 0);
	KUNIT_EXPECT_EQ(test, t->next_expiry, 0);
	KUNIT_EXPECT_EQ(test, fg_table_plens(t), 1);

	/* Re-adding refreshes the timeout; timeout 0 makes it permanent. */
	KUNIT_EXPECT_EQ(test, add(test, t, "192.0.2.7", 3), 0);
	KUNIT_EXPECT_EQ(test, match_len(test, t, "192.0.2.7", NOW + 3), -1);
	KUNIT_EXPECT_EQ(test, add(test, t, "192.0.2.7", 0), 0);
	KUNIT_EXPECT_EQ(test, match_len(test, t, "192.0.2.7", NOW + 99999), 32);
	KUNIT_EXPECT_EQ(test, t->timed, 0);
	KUNIT_EXPECT_EQ(test, t->count, 1);
}

static void table_capacity(struct kunit *test)
{
	struct fg_table *t = &((struct table_fixture *)test->priv)->t;
	struct fg_entry_spec batch[4];
	unsigned int bad = 99;

	fg_table_set_capacity(t, 3);
	KUNIT_EXPECT_EQ(test, add(test, t, "192.0.2.1", 0), 0);
	batch[0] = spec(test, "192.0.2.1", 60);	/* update, not new */
	batch[1] = spec(test, "192.0.2.2", 0);
	batch[2] = spec(test, "2001:db8::/64", 0);
	batch[3] = spec(test, "192.0.2.4", 0);
	KUNIT_EXPECT_EQ(test, fg_table_add(t, batch, 4, NOW, &bad), -ENOSPC);
	KUNIT_EXPECT_EQ(test, bad, 3);
	/* Nothing of the batch stayed, and the old entry is as it was. */
	KUNIT_EXPECT_EQ(test, t->count, 1);
	KUNIT_EXPECT_EQ(test, t->timed, 0);
	KUNIT_EXPECT_EQ(test, fg_table_plens(t), 1);
	KUNIT_EXPECT_EQ(test, match_len(test, t, "192.0.2.1", NOW + 3600), 32);
	KUNIT_EXPECT_EQ(test, match_len(test, t, "2001:db8::1", NOW), -1);

	KUNIT_EXPECT_EQ(test, fg_table_add(t, batch, 3, NOW, &bad), 0);
	KUNIT_EXPECT_EQ(test, t->count, 3);
	KUNIT_EXPECT_EQ(test, add(test, t, "192.0.2.9", 0), -ENOSPC);
	/* Updating an entry of a full table is fine. */
	KUNIT_EXPECT_EQ(test, add(test, t, "192.0.2.2", 5), 0);
	KUNIT_EXPECT_EQ(test, t->count, 3);
}

static void table_batch_del(struct kunit *test)
{
	struct fg_table *t = &((struct table_fixture *)test->priv)->t;
	struct fg_entry_spec batch[3];
	unsigned int bad = 99;

	KUNIT_EXPECT_EQ(test, add(test, t, "192.0.2.1", 0), 0);
	KUNIT_EXPECT_EQ(test, add(test, t, "192.0.2.2", 0), 0);
	batch[0] = spec(test, "192.0.2.1", 0);
	batch[1] = spec(test, "192.0.2.3", 0);
	batch[2] = spec(test, "192.0.2.2", 0);
	KUNIT_EXPECT_EQ(test, fg_table_del(t, batch, 3, &bad), -ENOENT);
	KUNIT_EXPECT_EQ(test, bad, 1);
	KUNIT_EXPECT_EQ(test, t->count, 2);

	/* The same entry twice in a batch is deleted once. */
	batch[1] = batch[0];
	KUNIT_EXPECT_EQ(test, fg_table_del(t, batch, 3, &bad), 0);
	KUNIT_EXPECT_EQ(test, t->count, 0);
	KUNIT_EXPECT_EQ(test, fg_table_plens(t), 0);
}

static void table_flush(struct kunit *test)
{
	struct fg_table *t = &((struct table_fixture *)test->priv)->t;
	char addr[16];
	int i;

	for (i = 0; i < 300; i++) {
		snprintf(addr, sizeof(addr), "10.0.%d.%d", i / 250, i % 250);
		KUNIT_ASSERT_EQ(test, add(test, t, addr, i % 2 ? 60 : 0), 0);
	}
	KUNIT_EXPECT_EQ(test, t->count, 300);
	KUNIT_EXPECT_GT(test, fg_table_memory(t), 300 * sizeof(struct fg_entry));
	fg_table_flush(t);
	KUNIT_EXPECT_EQ(test, t->count, 0);
	KUNIT_EXPECT_EQ(test, t->timed, 0);
	KUNIT_EXPECT_EQ(test, fg_table_plens(t), 0);
	KUNIT_EXPECT_EQ(test, match_len(test, t, "10.0.0.1", NOW), -1);
}

/*
 * Tens of thousands of entries: enough for the collector's and the flush's
 * walks to stop and restart dozens of times (every 1024 entries), with
 * chains of several entries per bucket. Entry i is 10.0.0.0 + i; those
 * with @timed(i) get a timeout of 10 s, the others are permanent.
 */
#define MANY 40001
#define BATCH 1024

static void add_many(struct kunit *test, struct fg_table *t,
		     bool (*timed)(unsigned int i))
{
	struct fg_entry_spec *b;
	unsigned int i, n = 0, bad;

	b = kunit_kmalloc_array(test, BATCH, sizeof(*b), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, b);
	fg_table_set_capacity(t, MANY);
	for (i = 0; i < MANY; i++) {
		memset(&b[n], 0, sizeof(b[n]));
		b[n].key.family = NFPROTO_IPV4;
		b[n].key.plen = 32;
		b[n].key.addr.ip = htonl(0x0a000000 + i);
		b[n].timeout = timed(i) ? 10 : 0;
		if (++n == BATCH || i == MANY - 1) {
			KUNIT_ASSERT_EQ(test, fg_table_add(t, b, n, NOW, &bad),
					0);
			n = 0;
			cond_resched();
		}
	}
	KUNIT_ASSERT_EQ(test, t->count, MANY);
}

/* How many of the MANY addresses match an entry at @now. */
static unsigned int matching(struct fg_table *t, u32 now)
{
	union nf_inet_addr a = {};
	unsigned int i, n = 0;

	for (i = 0; i < MANY; i++) {
		a.ip = htonl(0x0a000000 + i);
		rcu_read_lock();
		n += !!fg_table_lookup(t, NFPROTO_IPV4, &a, now);
		rcu_read_unlock();
		if (!(i % 1024))
			cond_resched();
	}
	return n;
}

static bool every_other(unsigned int i)
{
	return !(i % 2);
}

static bool all_timed(unsigned int i)
{
	return true;
}

/*
 * Expiry of 20,001 of 40,001 entries leaves exactly the 20,000 permanent
 * ones: none of the expired may survive the collector, holding capacity
 * with no collection scheduled for it.
 */
static void table_expiry_many(struct kunit *test)
{
	struct fg_table *t = &((struct table_fixture *)test->priv)->t;

	add_many(test, t, every_other);
	KUNIT_EXPECT_EQ(test, t->timed, MANY / 2 + 1);
	KUNIT_EXPECT_EQ(test, fg_table_gc(t, NOW + 9), 0);
	KUNIT_EXPECT_EQ(test, t->next_expiry, NOW + 10);
	KUNIT_EXPECT_EQ(test, fg_table_gc(t, NOW + 10), MANY / 2 + 1);
	KUNIT_EXPECT_EQ(test, t->count, MANY / 2);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->ht.nelems), MANY / 2);
	KUNIT_EXPECT_EQ(test, t->timed, 0);
	KUNIT_EXPECT_EQ(test, t->next_expiry, 0);
	KUNIT_EXPECT_EQ(test, matching(t, NOW), MANY / 2);
}

/*
 * A collection that leaves entries with a timeout behind schedules the
 * next one for them.
 */
static void table_expiry_resched(struct kunit *test)
{
	struct fg_table *t = &((struct table_fixture *)test->priv)->t;
	struct fg_entry_spec s = spec(test, "192.0.2.1", 100);
	unsigned int bad;

	add_many(test, t, all_timed);
	fg_table_set_capacity(t, MANY + 1);
	KUNIT_EXPECT_EQ(test, fg_table_add(t, &s, 1, NOW, &bad), 0);
	KUNIT_EXPECT_EQ(test, fg_table_gc(t, NOW + 10), MANY);
	KUNIT_EXPECT_EQ(test, t->count, 1);
	KUNIT_EXPECT_EQ(test, t->timed, 1);
	/*
	 * At the entry's expiry; or, when the table shrinking under the walk
	 * rewound it more often than remove_matching() retries, a second
	 * later (it cannot tell what it missed): either way, soon enough.
	 */
	KUNIT_EXPECT_TRUE_MSG(test, t->next_expiry == NOW + 100 ||
			      t->next_expiry == NOW + 11,
			      "next_expiry %u", t->next_expiry);
	KUNIT_EXPECT_TRUE(test, delayed_work_pending(&t->gc));
	KUNIT_EXPECT_EQ(test, fg_table_gc(t, NOW + 100), 1);
	KUNIT_EXPECT_EQ(test, t->count, 0);
	KUNIT_EXPECT_EQ(test, t->next_expiry, 0);
}

/* A flush of tens of thousands of entries leaves none. */
static void table_flush_many(struct kunit *test)
{
	struct fg_table *t = &((struct table_fixture *)test->priv)->t;

	add_many(test, t, every_other);
	fg_table_flush(t);
	KUNIT_EXPECT_EQ(test, t->count, 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->ht.nelems), 0);
	KUNIT_EXPECT_EQ(test, t->timed, 0);
	KUNIT_EXPECT_EQ(test, fg_table_plens(t), 0);
	KUNIT_EXPECT_EQ(test, matching(t, NOW), 0);
}

/*
 * Writers add and delete while readers look up, under KASAN and lockdep:
 * a use-after-free or a locking mistake shows up as a report, which fails
 * the run. The final state must also be exact.
 */
struct race {
	struct fg_table *t;
	atomic_t stop;
	atomic_long_t lookups;
	int id;
};

static int race_writer(void *arg)
{
	struct race *r = arg;
	struct fg_entry_spec s = { .key.family = NFPROTO_IPV4 };
	unsigned int bad, i;

	for (i = 0; i < 2000; i++) {
		s.key.addr.ip = htonl(0x0a000000 | (r->id << 16) | (i % 64));
		s.key.plen = 24 + i % 9;
		fg_table_canon(&s.key);
		s.timeout = i % 3;
		if (fg_table_add(r->t, &s, 1, NOW, &bad) == 0 && i % 2)
			fg_table_del(r->t, &s, 1, &bad);
		if (!(i % 64))
			fg_table_gc(r->t, NOW + i % 5);
		cond_resched();
	}
	return 0;
}

static int race_reader(void *arg)
{
	struct race *r = arg;
	union nf_inet_addr a = {};

	while (!atomic_read(&r->stop)) {
		a.ip = htonl(0x0a000000 | (get_random_u32() & 0x1ffff));
		rcu_read_lock();
		if (fg_table_lookup(r->t, NFPROTO_IPV4, &a, NOW))
			atomic_long_inc(&r->lookups);
		rcu_read_unlock();
		cond_resched();
	}
	return 0;
}

static void table_concurrent(struct kunit *test)
{
	struct fg_table *t = &((struct table_fixture *)test->priv)->t;
	struct race r[2] = { { .t = t, .id = 0 }, { .t = t, .id = 1 } };
	struct race rd = { .t = t };
	struct task_struct *w[2], *rt[2];
	int i;

	for (i = 0; i < 2; i++) {
		rt[i] = kthread_run(race_reader, &rd, "fg_reader%d", i);
		KUNIT_ASSERT_FALSE(test, IS_ERR(rt[i]));
		get_task_struct(rt[i]);
	}
	for (i = 0; i < 2; i++) {
		w[i] = kthread_run(race_writer, &r[i], "fg_writer%d", i);
		KUNIT_ASSERT_FALSE(test, IS_ERR(w[i]));
		get_task_struct(w[i]);
	}
	for (i = 0; i < 2; i++) {
		kthread_stop(w[i]);
		put_task_struct(w[i]);
	}
	atomic_set(&rd.stop, 1);
	for (i = 0; i < 2; i++) {
		kthread_stop(rt[i]);
		put_task_struct(rt[i]);
	}

	/*
	 * Every odd i was deleted again; the even ones stay, one entry per
	 * distinct (address, length) key a writer used an even i for.
	 */
	fg_table_gc(t, NOW + 10);
	KUNIT_EXPECT_EQ(test, t->timed, 0);
	KUNIT_EXPECT_GT(test, t->count, 0);
	kunit_info(test, "%u entries left, %ld lookups matched\n", t->count,
		   atomic_long_read(&rd.lookups));
}

static unsigned int expired_auto;

static void count_expired(struct fg_table *t, const struct fg_entry *e)
{
	expired_auto++;
}

/*
 * Entries the rate limiter adds are AUTO; an automatic add never
 * overrides a manual entry, a manual add takes an automatic one over, and
 * the collector reports automatic entries it removes.
 */
static void table_origin(struct kunit *test)
{
	struct fg_table *t = &((struct table_fixture *)test->priv)->t;
	struct fg_entry_spec a = spec(test, "192.0.2.1", 30);
	struct fg_entry_spec m = spec(test, "192.0.2.2", 0);
	unsigned int bad;
	struct fg_entry *e;

	t->expired = count_expired;
	expired_auto = 0;
	a.origin = FLOODGATE_ORIGIN_AUTO;
	KUNIT_EXPECT_EQ(test, fg_table_add(t, &a, 1, NOW, &bad), 0);
	KUNIT_EXPECT_EQ(test, fg_table_add(t, &m, 1, NOW, &bad), 0);
	m.origin = FLOODGATE_ORIGIN_AUTO;
	m.timeout = 5;
	KUNIT_EXPECT_EQ(test, fg_table_add(t, &m, 1, NOW, &bad), 0);

	rcu_read_lock();
	e = fg_table_get(t, &a.key, NOW);
	KUNIT_EXPECT_EQ(test, e ? e->origin : 99, FLOODGATE_ORIGIN_AUTO);
	e = fg_table_get(t, &m.key, NOW);
	KUNIT_EXPECT_EQ(test, e ? e->origin : 99, FLOODGATE_ORIGIN_MANUAL);
	KUNIT_EXPECT_EQ(test, e ? e->expires : 99, 0);
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, t->timed, 1);

	KUNIT_EXPECT_EQ(test, fg_table_gc(t, NOW + 30), 1);
	KUNIT_EXPECT_EQ(test, expired_auto, 1);
	KUNIT_EXPECT_EQ(test, t->count, 1);
}

static struct kunit_case table_test_cases[] = {
	KUNIT_CASE(table_origin),
	KUNIT_CASE(table_v4_lengths),
	KUNIT_CASE(table_v6_lengths),
	KUNIT_CASE(table_canonical),
	KUNIT_CASE(table_expiry),
	KUNIT_CASE(table_capacity),
	KUNIT_CASE(table_batch_del),
	KUNIT_CASE(table_flush),
	KUNIT_CASE(table_flush_many),
	KUNIT_CASE(table_expiry_many),
	KUNIT_CASE(table_expiry_resched),
	KUNIT_CASE(table_concurrent),
	{}
};

static struct kunit_suite table_test_suite = {
	.name = "floodgate_table",
	.init = table_test_init,
	.exit = table_test_exit,
	.test_cases = table_test_cases,
};

kunit_test_suite(table_test_suite);
