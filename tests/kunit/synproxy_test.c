// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the SYN proxy's own logic. Which port a packet belongs to (range,
 * destination prefix, most specific first), the checks and canonical form
 * of a port's settings, the auto mode's state machine on an injected
 * clock, and the MSS and window scale offered by default. The TCP work is
 * the kernel's nf_synproxy core, tested by the selftests with real
 * packets.
 */

#include <kunit/test.h>
#include <linux/slab.h>
#include <net/tcp.h>

#include "synproxy.h"

#define SEC NSEC_PER_SEC

static union nf_inet_addr v4(u8 a, u8 b, u8 c, u8 d)
{
	union nf_inet_addr x = {};

	x.ip = htonl((a << 24) | (b << 16) | (c << 8) | d);
	return x;
}

static union nf_inet_addr v6(u16 w0, u16 w1, u16 w7)
{
	union nf_inet_addr x = {};

	x.in6.s6_addr16[0] = htons(w0);
	x.in6.s6_addr16[1] = htons(w1);
	x.in6.s6_addr16[7] = htons(w7);
	return x;
}

static struct fg_sp_cfg cfg_ports(u16 lo, u16 hi)
{
	struct fg_sp_cfg c = {
		.port_min = lo,
		.port_max = hi,
		.wscale = FG_SP_WSCALE_AUTO,
	};

	return c;
}

static struct fg_sp_cfg cfg_dst(u16 lo, u16 hi, u8 family,
				union nf_inet_addr addr, u8 plen)
{
	struct fg_sp_cfg c = cfg_ports(lo, hi);

	c.family = family;
	c.addr = addr;
	c.plen = plen;
	return c;
}

static void sp_test_cfg_matches(struct kunit *test)
{
	struct fg_sp_cfg any = cfg_ports(80, 80);
	struct fg_sp_cfg range = cfg_ports(8000, 8099);
	struct fg_sp_cfg net4 = cfg_dst(443, 443, NFPROTO_IPV4,
					v4(192, 0, 2, 0), 24);
	struct fg_sp_cfg net6 = cfg_dst(443, 443, NFPROTO_IPV6,
					v6(0x2001, 0xdb8, 0), 32);
	union nf_inet_addr a4 = v4(192, 0, 2, 77), b4 = v4(192, 0, 3, 1);
	union nf_inet_addr a6 = v6(0x2001, 0xdb8, 5), b6 = v6(0x2001, 0xdb9, 5);

	KUNIT_EXPECT_TRUE(test, fg_sp_cfg_matches(&any, NFPROTO_IPV4, &a4, 80));
	KUNIT_EXPECT_TRUE(test, fg_sp_cfg_matches(&any, NFPROTO_IPV6, &a6, 80));
	KUNIT_EXPECT_FALSE(test, fg_sp_cfg_matches(&any, NFPROTO_IPV4, &a4, 81));
	KUNIT_EXPECT_FALSE(test, fg_sp_cfg_matches(&any, NFPROTO_IPV4, &a4, 79));
	KUNIT_EXPECT_TRUE(test, fg_sp_cfg_matches(&range, NFPROTO_IPV4, &a4, 8000));
	KUNIT_EXPECT_TRUE(test, fg_sp_cfg_matches(&range, NFPROTO_IPV4, &a4, 8099));
	KUNIT_EXPECT_FALSE(test, fg_sp_cfg_matches(&range, NFPROTO_IPV4, &a4, 8100));
	KUNIT_EXPECT_TRUE(test, fg_sp_cfg_matches(&net4, NFPROTO_IPV4, &a4, 443));
	KUNIT_EXPECT_FALSE(test, fg_sp_cfg_matches(&net4, NFPROTO_IPV4, &b4, 443));
	/* A family's prefix never matches the other family. */
	KUNIT_EXPECT_FALSE(test, fg_sp_cfg_matches(&net4, NFPROTO_IPV6, &a6, 443));
	KUNIT_EXPECT_TRUE(test, fg_sp_cfg_matches(&net6, NFPROTO_IPV6, &a6, 443));
	KUNIT_EXPECT_FALSE(test, fg_sp_cfg_matches(&net6, NFPROTO_IPV6, &b6, 443));
	KUNIT_EXPECT_FALSE(test, fg_sp_cfg_matches(&net6, NFPROTO_IPV4, &a4, 443));
}

static void sp_test_cfg_check(struct kunit *test)
{
	struct fg_sp_cfg c = cfg_dst(25, 25, NFPROTO_IPV4,
				     v4(198, 51, 100, 7), 24);
	const char *why = NULL;

	KUNIT_EXPECT_EQ(test, fg_sp_cfg_check(&c, &why), 0);
	/* Host bits cleared, defaults filled in. */
	KUNIT_EXPECT_EQ(test, c.addr.ip, v4(198, 51, 100, 0).ip);
	KUNIT_EXPECT_EQ(test, c.threshold, 1000U);
	KUNIT_EXPECT_EQ(test, c.hold, 30U);

	c = cfg_dst(25, 25, NFPROTO_IPV6, v6(0x2001, 0xdb8, 0xff), 64);
	KUNIT_EXPECT_EQ(test, fg_sp_cfg_check(&c, &why), 0);
	KUNIT_EXPECT_EQ(test, c.addr.in6.s6_addr16[7], 0);
	KUNIT_EXPECT_EQ(test, c.addr.in6.s6_addr16[0], htons(0x2001));

	c = cfg_ports(100, 99);
	KUNIT_EXPECT_EQ(test, fg_sp_cfg_check(&c, &why), -EINVAL);
	KUNIT_EXPECT_NOT_NULL(test, why);
	c = cfg_ports(0, 10);
	KUNIT_EXPECT_EQ(test, fg_sp_cfg_check(&c, &why), -EINVAL);
	c = cfg_dst(1, 1, NFPROTO_IPV4, v4(10, 0, 0, 0), 33);
	KUNIT_EXPECT_EQ(test, fg_sp_cfg_check(&c, &why), -EINVAL);
	c = cfg_ports(1, 1);
	c.wscale = 15;
	KUNIT_EXPECT_EQ(test, fg_sp_cfg_check(&c, &why), -EINVAL);
	c = cfg_ports(1, 1);
	c.mss = 100;
	KUNIT_EXPECT_EQ(test, fg_sp_cfg_check(&c, &why), -EINVAL);
	c = cfg_ports(1, 1);
	c.mode = __FLOODGATE_SYNPROXY_MODE_MAX;
	KUNIT_EXPECT_EQ(test, fg_sp_cfg_check(&c, &why), -EINVAL);
	c = cfg_ports(1, 1);
	c.flags = 1U << 7;
	KUNIT_EXPECT_EQ(test, fg_sp_cfg_check(&c, &why), -EINVAL);
}

static void sp_test_cmp(struct kunit *test)
{
	struct fg_sp_cfg any = cfg_ports(80, 80);
	struct fg_sp_cfg wide = cfg_ports(1, 1024);
	struct fg_sp_cfg d24 = cfg_dst(1, 1024, NFPROTO_IPV4,
				       v4(192, 0, 2, 0), 24);
	struct fg_sp_cfg d32 = cfg_dst(1, 65535, NFPROTO_IPV4,
				       v4(192, 0, 2, 1), 32);
	struct fg_sp_cfg same = cfg_ports(80, 80);

	/* A destination beats none, however wide its range. */
	KUNIT_EXPECT_LT(test, fg_sp_cfg_cmp(&d24, &any), 0);
	KUNIT_EXPECT_GT(test, fg_sp_cfg_cmp(&any, &d24), 0);
	/* The longer prefix first. */
	KUNIT_EXPECT_LT(test, fg_sp_cfg_cmp(&d32, &d24), 0);
	/* Then the narrower range. */
	KUNIT_EXPECT_LT(test, fg_sp_cfg_cmp(&any, &wide), 0);
	/* Zero only for the same selector. */
	KUNIT_EXPECT_EQ(test, fg_sp_cfg_cmp(&any, &same), 0);
	same.mode = FLOODGATE_SYNPROXY_AUTO;	/* settings are not identity */
	KUNIT_EXPECT_EQ(test, fg_sp_cfg_cmp(&any, &same), 0);
	KUNIT_EXPECT_NE(test, fg_sp_cfg_cmp(&d24, &d32), 0);
}

static void sp_test_match_order(struct kunit *test)
{
	struct fg_sp_cfg cfgs[] = {
		cfg_ports(1, 1024),
		cfg_ports(80, 80),
		cfg_dst(80, 80, NFPROTO_IPV4, v4(192, 0, 2, 0), 24),
		cfg_dst(1, 65535, NFPROTO_IPV4, v4(192, 0, 2, 9), 32),
	};
	union nf_inet_addr a = v4(192, 0, 2, 1), b = v4(203, 0, 113, 1);
	union nf_inet_addr host = v4(192, 0, 2, 9);
	struct fg_sp_port *ports;
	struct fg_sp_set *set;
	unsigned int i;

	ports = kunit_kcalloc(test, ARRAY_SIZE(cfgs), sizeof(*ports),
			      GFP_KERNEL);
	set = kunit_kzalloc(test, struct_size(set, port, ARRAY_SIZE(cfgs)),
			    GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ports);
	KUNIT_ASSERT_NOT_NULL(test, set);
	for (i = 0; i < ARRAY_SIZE(cfgs); i++) {
		ports[i].cfg = cfgs[i];
		set->port[set->n++] = &ports[i];
	}
	fg_sp_set_prepare(set);

	KUNIT_EXPECT_PTR_EQ(test, fg_sp_match(set, NFPROTO_IPV4, &a, 80),
			    (const struct fg_sp_port *)&ports[2]);
	KUNIT_EXPECT_PTR_EQ(test, fg_sp_match(set, NFPROTO_IPV4, &b, 80),
			    (const struct fg_sp_port *)&ports[1]);
	KUNIT_EXPECT_PTR_EQ(test, fg_sp_match(set, NFPROTO_IPV4, &b, 22),
			    (const struct fg_sp_port *)&ports[0]);
	KUNIT_EXPECT_PTR_EQ(test, fg_sp_match(set, NFPROTO_IPV4, &host, 80),
			    (const struct fg_sp_port *)&ports[3]);
	KUNIT_EXPECT_PTR_EQ(test, fg_sp_match(set, NFPROTO_IPV4, &host, 5000),
			    (const struct fg_sp_port *)&ports[3]);
	KUNIT_EXPECT_NULL(test, fg_sp_match(set, NFPROTO_IPV4, &b, 5000));
	KUNIT_EXPECT_TRUE(test, test_bit(1024, set->ports));
	KUNIT_EXPECT_TRUE(test, test_bit(65535, set->ports));
	KUNIT_EXPECT_FALSE(test, test_bit(0, set->ports));
}

static void sp_test_auto(struct kunit *test)
{
	struct fg_sp_auto st = {};
	u64 t = 1000 * SEC;

	/* At the threshold is not above it. */
	KUNIT_EXPECT_FALSE(test, fg_sp_auto_step(&st, 100, 5, 100, t));
	KUNIT_EXPECT_FALSE(test, st.engaged);
	t += SEC;
	KUNIT_EXPECT_TRUE(test, fg_sp_auto_step(&st, 100, 5, 101, t));
	KUNIT_EXPECT_TRUE(test, st.engaged);
	KUNIT_EXPECT_EQ(test, st.engages, 1ULL);
	KUNIT_EXPECT_EQ(test, st.since, t);

	/* Calm for 4 s, then a burst: the hold starts again. */
	for (int i = 0; i < 4; i++) {
		t += SEC;
		KUNIT_EXPECT_FALSE(test, fg_sp_auto_step(&st, 100, 5, 10, t));
	}
	t += SEC;
	KUNIT_EXPECT_FALSE(test, fg_sp_auto_step(&st, 100, 5, 5000, t));
	KUNIT_EXPECT_TRUE(test, st.engaged);

	/* Then calm: the first calm second starts the hold of 5 s. */
	t += SEC;
	KUNIT_EXPECT_FALSE(test, fg_sp_auto_step(&st, 100, 5, 0, t));
	for (int i = 0; i < 4; i++) {
		t += SEC;
		KUNIT_EXPECT_FALSE(test, fg_sp_auto_step(&st, 100, 5, 0, t));
	}
	t += SEC;
	KUNIT_EXPECT_TRUE(test, fg_sp_auto_step(&st, 100, 5, 0, t));
	KUNIT_EXPECT_FALSE(test, st.engaged);
	KUNIT_EXPECT_EQ(test, st.disengages, 1ULL);
	KUNIT_EXPECT_EQ(test, st.since, t);

	/* A late tick (the work was delayed) counts the time that passed. */
	t += SEC;
	KUNIT_EXPECT_TRUE(test, fg_sp_auto_step(&st, 100, 5, 200, t));
	t += SEC;
	KUNIT_EXPECT_FALSE(test, fg_sp_auto_step(&st, 100, 5, 0, t));
	t += 60 * SEC;
	KUNIT_EXPECT_TRUE(test, fg_sp_auto_step(&st, 100, 5, 0, t));
	KUNIT_EXPECT_EQ(test, st.engages, 2ULL);
	KUNIT_EXPECT_EQ(test, st.disengages, 2ULL);
}

static void sp_test_defaults(struct kunit *test)
{
	/* Ethernet in, nothing forwarded: 1500 - 40. */
	KUNIT_EXPECT_EQ(test, fg_sp_default_mss(NFPROTO_IPV4, 1500, 0), 1460);
	KUNIT_EXPECT_EQ(test, fg_sp_default_mss(NFPROTO_IPV6, 1500, 0), 1440);
	/* Forwarded over a smaller MTU (a tunnel): the smaller wins. */
	KUNIT_EXPECT_EQ(test, fg_sp_default_mss(NFPROTO_IPV4, 1500, 1420), 1380);
	KUNIT_EXPECT_EQ(test, fg_sp_default_mss(NFPROTO_IPV4, 1400, 9000), 1360);
	/* Jumbo frames, and absurdly small MTUs clamp to the minimum. */
	KUNIT_EXPECT_EQ(test, fg_sp_default_mss(NFPROTO_IPV4, 9000, 9000), 8960);
	KUNIT_EXPECT_EQ(test, fg_sp_default_mss(NFPROTO_IPV4, 300, 0), 536);
	KUNIT_EXPECT_EQ(test, fg_sp_default_mss(NFPROTO_IPV6, 600, 0), 1220);
	KUNIT_EXPECT_EQ(test, fg_sp_default_mss(NFPROTO_IPV4, 65536, 0), 65495);

	/* Debian's default tcp_rmem max, 6 MiB: the stack offers 7. */
	KUNIT_EXPECT_EQ(test, fg_sp_default_wscale(6291456), 7);
	KUNIT_EXPECT_EQ(test, fg_sp_default_wscale(65535), 0);
	KUNIT_EXPECT_EQ(test, fg_sp_default_wscale(131072), 2);
	KUNIT_EXPECT_EQ(test, fg_sp_default_wscale(0), 0);
	KUNIT_EXPECT_EQ(test, fg_sp_default_wscale(U32_MAX), 14);
}

static struct kunit_case sp_test_cases[] = {
	KUNIT_CASE(sp_test_cfg_matches),
	KUNIT_CASE(sp_test_cfg_check),
	KUNIT_CASE(sp_test_cmp),
	KUNIT_CASE(sp_test_match_order),
	KUNIT_CASE(sp_test_auto),
	KUNIT_CASE(sp_test_defaults),
	{}
};

static struct kunit_suite sp_test_suite = {
	.name = "floodgate_synproxy",
	.test_cases = sp_test_cases,
};

kunit_test_suite(sp_test_suite);
