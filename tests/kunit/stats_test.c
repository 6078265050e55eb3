// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: per-CPU counters add up to what was accounted, by verdict and by
 * reason, and the drop reasons add up to the dropped total.
 */

#include <kunit/test.h>

#include "parse.h"
#include "stats.h"

#define C(attr) cnt[(attr) - FG_STATS_FIRST]

static void stats_account_test(struct kunit *test)
{
	struct fg_flow v4 = { .family = NFPROTO_IPV4, .len = 100 };
	struct fg_flow v6frag = { .family = NFPROTO_IPV6, .len = 1280,
				  .frag = FG_FRAG_LATER };
	struct fg_stats stats;
	u64 cnt[FG_STATS_NUM];
	int i;

	KUNIT_ASSERT_EQ(test, fg_stats_init(&stats), 0);

	fg_stats_read(&stats, cnt);
	for (i = 0; i < FG_STATS_NUM; i++)
		KUNIT_EXPECT_EQ(test, cnt[i], 0);

	local_bh_disable();
	for (i = 0; i < 3; i++)
		fg_stats_account(&stats, &v4, FG_PASS);
	fg_stats_account(&stats, &v6frag, FG_PASS);
	fg_stats_account(&stats, &v4, FG_DROP_MALFORMED_L4);
	fg_stats_account(&stats, &v6frag, FG_DROP_MALFORMED_FRAG);
	fg_stats_account(&stats, &v6frag, FG_DROP_MALFORMED_FRAG);
	local_bh_enable();

	fg_stats_read(&stats, cnt);
	KUNIT_EXPECT_EQ(test, C(FLOODGATE_STATS_A_SEEN_PKTS), 7);
	KUNIT_EXPECT_EQ(test, C(FLOODGATE_STATS_A_SEEN_BYTES), 4 * 100 + 3 * 1280);
	KUNIT_EXPECT_EQ(test, C(FLOODGATE_STATS_A_PASSED_PKTS), 4);
	KUNIT_EXPECT_EQ(test, C(FLOODGATE_STATS_A_PASSED_BYTES), 3 * 100 + 1280);
	KUNIT_EXPECT_EQ(test, C(FLOODGATE_STATS_A_DROPPED_PKTS), 3);
	KUNIT_EXPECT_EQ(test, C(FLOODGATE_STATS_A_DROPPED_BYTES), 100 + 2 * 1280);
	KUNIT_EXPECT_EQ(test, C(FLOODGATE_STATS_A_IPV4_PKTS), 4);
	KUNIT_EXPECT_EQ(test, C(FLOODGATE_STATS_A_IPV6_PKTS), 3);
	KUNIT_EXPECT_EQ(test, C(FLOODGATE_STATS_A_FRAGMENTS), 3);
	KUNIT_EXPECT_EQ(test, C(FLOODGATE_STATS_A_DROP_MALFORMED_IP), 0);
	KUNIT_EXPECT_EQ(test, C(FLOODGATE_STATS_A_DROP_MALFORMED_L4), 1);
	KUNIT_EXPECT_EQ(test, C(FLOODGATE_STATS_A_DROP_MALFORMED_FRAG), 2);

	fg_stats_free(&stats);
}

static struct kunit_case stats_test_cases[] = {
	KUNIT_CASE(stats_account_test),
	{}
};

static struct kunit_suite stats_test_suite = {
	.name = "floodgate_stats",
	.test_cases = stats_test_cases,
};

kunit_test_suite(stats_test_suite);
