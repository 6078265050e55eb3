// SPDX-License-Identifier: GPL-2.0
/*
 * The "floodgate" generic netlink family, as include/uapi/linux/floodgate.h
 * specifies it, checked by a second client: libnl-genl-3 here, where the
 * CLI uses libmnl, so that the two cannot share a misreading of the
 * protocol.
 *
 * Needs floodgate.ko loaded and root. The harness runs every test in a
 * child of its own, so a test may drop privileges or move to another
 * namespace without affecting the next one.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <grp.h>
#include <linux/capability.h>

#include <netlink/netlink.h>
#include <netlink/attr.h>
#include <netlink/msg.h>
#include <netlink/genl/genl.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/family.h>

#include <linux/floodgate.h>

#include "kselftest_harness.h"

#define FG_FIRST_COUNTER FLOODGATE_STATS_A_SEEN_PKTS
#define FG_NOBODY 65534

/* What the kernel answered to one request. */
struct reply {
	bool done;
	int error;		/* from NLMSG_ERROR: 0 (ACK) or -errno */
	char extack[256];	/* NLMSGERR_ATTR_MSG, "" if none */
	int msgs;		/* data messages */
	bool has_stats;		/* FLOODGATE_A_STATS was in the reply */
	int other_attrs;	/* top-level attributes other than that */
	bool present[FLOODGATE_STATS_A_MAX + 1];
	int len[FLOODGATE_STATS_A_MAX + 1];
	uint64_t value[FLOODGATE_STATS_A_MAX + 1];
};

/* How to deviate from a well-formed GET_STATS request. */
struct req {
	uint8_t cmd;
	int flags;		/* extra nlmsg flags, e.g. NLM_F_DUMP */
	uint16_t reserved;	/* genlmsghdr.reserved */
	int attr;		/* an attribute type to add, 0 for none */
	bool nested;		/* add it as a nest (holding a counter) rather
				 * than a u32
				 */
};

static struct nl_sock *fg_socket(void)
{
	struct nl_sock *sk = nl_socket_alloc();
	int one = 1;

	if (!sk)
		return NULL;
	if (genl_connect(sk) ||
	    setsockopt(nl_socket_get_fd(sk), SOL_NETLINK, NETLINK_EXT_ACK,
		       &one, sizeof(one)) ||
	    setsockopt(nl_socket_get_fd(sk), SOL_NETLINK, NETLINK_CAP_ACK,
		       &one, sizeof(one))) {
		nl_socket_free(sk);
		return NULL;
	}
	return sk;
}

static int valid_cb(struct nl_msg *msg, void *arg)
{
	struct reply *rp = arg;
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct nlattr *a, *c;
	int rem, crem;

	rp->msgs++;
	nla_for_each_attr(a, genlmsg_attrdata(nlmsg_data(nlh), 0),
			  genlmsg_attrlen(nlmsg_data(nlh), 0), rem) {
		if (nla_type(a) != FLOODGATE_A_STATS) {
			rp->other_attrs++;
			continue;
		}
		rp->has_stats = true;
		nla_for_each_nested(c, a, crem) {
			int t = nla_type(c);

			/* Padding, or a counter newer than this test. */
			if (t <= FLOODGATE_STATS_A_PAD || t > FLOODGATE_STATS_A_MAX)
				continue;
			rp->present[t] = true;
			rp->len[t] = nla_len(c);
			if (nla_len(c) == sizeof(uint64_t))
				rp->value[t] = nla_get_u64(c);
		}
	}
	return NL_OK;
}

static int err_cb(struct sockaddr_nl *nla __attribute__((unused)),
		  struct nlmsgerr *err, void *arg)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)((char *)err - NLMSG_HDRLEN);
	struct reply *rp = arg;
	struct nlattr *a;
	size_t off = sizeof(*err);
	int rem;

	rp->error = err->error;
	rp->done = true;
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return NL_STOP;
	/* Without NETLINK_CAP_ACK the whole request is echoed first. */
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += err->msg.nlmsg_len - NLMSG_HDRLEN;
	if (nlh->nlmsg_len < NLMSG_HDRLEN + off)
		return NL_STOP;
	nla_for_each_attr(a, (struct nlattr *)((char *)err + off),
			  nlh->nlmsg_len - NLMSG_HDRLEN - off, rem) {
		if (nla_type(a) == NLMSGERR_ATTR_MSG)
			snprintf(rp->extack, sizeof(rp->extack), "%.*s",
				 nla_len(a), (char *)nla_data(a));
	}
	return NL_STOP;
}

static int ack_cb(struct nl_msg *msg __attribute__((unused)), void *arg)
{
	struct reply *rp = arg;

	rp->done = true;
	return NL_STOP;
}

/* Send one request (GET_STATS unless @rq says otherwise) and collect the
 * answer up to the kernel's ACK or error. Returns 0 or a libnl error.
 */
static int fg_request(struct nl_sock *sk, int family, const struct req *rq,
		      struct reply *rp)
{
	struct nl_msg *msg;
	struct nl_cb *cb;
	void *hdr;
	int err;

	memset(rp, 0, sizeof(*rp));
	msg = nlmsg_alloc();
	if (!msg)
		return -NLE_NOMEM;
	hdr = genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, family, 0,
			  NLM_F_ACK | (rq ? rq->flags : 0),
			  rq && rq->cmd ? rq->cmd : FLOODGATE_CMD_GET_STATS,
			  FLOODGATE_GENL_VERSION);
	if (!hdr) {
		nlmsg_free(msg);
		return -NLE_NOMEM;
	}
	if (rq && rq->reserved)
		((struct genlmsghdr *)nlmsg_data(nlmsg_hdr(msg)))->reserved =
			rq->reserved;
	if (rq && rq->attr) {
		if (rq->nested) {
			/* Not empty: libnl drops empty nests from messages. */
			struct nlattr *nest = nla_nest_start(msg, rq->attr);

			if (!nest ||
			    nla_put_u64(msg, FLOODGATE_STATS_A_SEEN_PKTS, 0) ||
			    nla_nest_end(msg, nest)) {
				nlmsg_free(msg);
				return -NLE_NOMEM;
			}
		} else if (nla_put_u32(msg, rq->attr, 1)) {
			nlmsg_free(msg);
			return -NLE_NOMEM;
		}
	}

	cb = nl_cb_clone(nl_socket_get_cb(sk));
	if (!cb) {
		nlmsg_free(msg);
		return -NLE_NOMEM;
	}
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, valid_cb, rp);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, ack_cb, rp);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, ack_cb, rp);
	nl_cb_err(cb, NL_CB_CUSTOM, err_cb, rp);

	err = nl_send_auto(sk, msg);
	nlmsg_free(msg);
	if (err >= 0) {
		err = 0;
		while (!rp->done) {
			int r = nl_recvmsgs(sk, cb);

			/* An error we stopped on is in rp->error. */
			if (r < 0 && !rp->done) {
				err = r;
				break;
			}
		}
	}
	nl_cb_put(cb);
	return err;
}

/* Has the reply got every counter, each with an 8-byte payload? */
static int missing_counter(const struct reply *rp)
{
	int t;

	for (t = FG_FIRST_COUNTER; t <= FLOODGATE_STATS_A_MAX; t++)
		if (!rp->present[t] || rp->len[t] != sizeof(uint64_t))
			return t;
	return 0;
}

static int drop_caps(uint32_t keep_mask_low)
{
	struct __user_cap_header_struct h = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct d[2];

	if (syscall(SYS_capget, &h, d))
		return -1;
	d[0].effective &= keep_mask_low;
	d[0].permitted &= keep_mask_low;
	d[0].inheritable &= keep_mask_low;
	return syscall(SYS_capset, &h, d);
}

static int become_nobody(void)
{
	if (setgroups(0, NULL) || setresgid(FG_NOBODY, FG_NOBODY, FG_NOBODY) ||
	    setresuid(FG_NOBODY, FG_NOBODY, FG_NOBODY))
		return -1;
	return 0;
}

FIXTURE(fg)
{
	struct nl_sock *sk;
	int family;
};

FIXTURE_SETUP(fg)
{
	self->sk = fg_socket();
	ASSERT_NE(NULL, self->sk);
	self->family = genl_ctrl_resolve(self->sk, FLOODGATE_GENL_NAME);
	ASSERT_GT(self->family, 0)
		TH_LOG("family '%s' not found (%d): is floodgate.ko loaded?",
		       FLOODGATE_GENL_NAME, self->family);
}

FIXTURE_TEARDOWN(fg)
{
	if (self->sk)
		nl_socket_free(self->sk);
}

/* The family exists, with the header's version. */
TEST_F(fg, family_resolves)
{
	struct nl_cache *cache = NULL;
	struct genl_family *f;

	ASSERT_EQ(0, genl_ctrl_alloc_cache(self->sk, &cache));
	f = genl_ctrl_search_by_name(cache, FLOODGATE_GENL_NAME);
	ASSERT_NE(NULL, f);
	EXPECT_EQ(self->family, genl_family_get_id(f));
	EXPECT_EQ(FLOODGATE_GENL_VERSION, (int)genl_family_get_version(f));
	genl_family_put(f);
	nl_cache_free(cache);
}

/* One reply, one FLOODGATE_A_STATS nest, every counter of the header as
 * 8 bytes (the module is built from the same tree), and totals that add
 * up the way the header says.
 */
TEST_F(fg, get_stats_has_every_counter)
{
	struct reply rp;
	uint64_t *v = rp.value;

	ASSERT_EQ(0, fg_request(self->sk, self->family, NULL, &rp));
	ASSERT_EQ(0, rp.error) TH_LOG("kernel: %s", rp.extack);
	ASSERT_EQ(1, rp.msgs);
	ASSERT_TRUE(rp.has_stats);
	EXPECT_EQ(0, rp.other_attrs);
	ASSERT_EQ(0, missing_counter(&rp))
		TH_LOG("counter %d missing or not 8 bytes (len %d)",
		       missing_counter(&rp), rp.len[missing_counter(&rp)]);
	/* Only exact while nothing moves them: the init netns of the test
	 * guest, or a netns of its own, carries no traffic during this test.
	 */
	EXPECT_EQ(v[FLOODGATE_STATS_A_SEEN_PKTS],
		  v[FLOODGATE_STATS_A_PASSED_PKTS] + v[FLOODGATE_STATS_A_DROPPED_PKTS]);
	EXPECT_EQ(v[FLOODGATE_STATS_A_SEEN_BYTES],
		  v[FLOODGATE_STATS_A_PASSED_BYTES] + v[FLOODGATE_STATS_A_DROPPED_BYTES]);
	EXPECT_EQ(v[FLOODGATE_STATS_A_SEEN_PKTS],
		  v[FLOODGATE_STATS_A_IPV4_PKTS] + v[FLOODGATE_STATS_A_IPV6_PKTS]);
	/* The breakdown of drops by reason is checked by counters.sh, on
	 * real drops and over whatever reasons the module has.
	 */
}

/* Counters never go backwards. */
TEST_F(fg, counters_are_monotonic)
{
	struct reply a, b;
	int t;

	ASSERT_EQ(0, fg_request(self->sk, self->family, NULL, &a));
	ASSERT_EQ(0, a.error);
	ASSERT_EQ(0, fg_request(self->sk, self->family, NULL, &b));
	ASSERT_EQ(0, b.error);
	for (t = FG_FIRST_COUNTER; t <= FLOODGATE_STATS_A_MAX; t++)
		EXPECT_LE(a.value[t], b.value[t]) TH_LOG("counter %d", t);
}

/* Strict policy: an attribute the family does not define is refused. */
TEST_F(fg, unknown_attribute_refused)
{
	struct req rq = { .attr = FLOODGATE_A_MAX + 1 };
	struct reply rp;

	ASSERT_EQ(0, fg_request(self->sk, self->family, &rq, &rp));
	EXPECT_EQ(-EINVAL, rp.error);
	EXPECT_EQ(0, rp.msgs);
	EXPECT_NE((size_t)0, strlen(rp.extack)) TH_LOG("no extack message");
	TH_LOG("kernel: \"%s\"", rp.extack);
}

/* The request carries no attributes: FLOODGATE_A_STATS is reply-only, as
 * a u32 or as the nest a careless client might echo back.
 */
TEST_F(fg, stats_attribute_refused)
{
	struct req u32 = { .attr = FLOODGATE_A_STATS };
	struct req nest = { .attr = FLOODGATE_A_STATS, .nested = true };
	struct reply rp;

	ASSERT_EQ(0, fg_request(self->sk, self->family, &u32, &rp));
	EXPECT_EQ(-EINVAL, rp.error);
	EXPECT_EQ(0, rp.msgs);
	EXPECT_NE((size_t)0, strlen(rp.extack)) TH_LOG("no extack message");
	TH_LOG("kernel: \"%s\"", rp.extack);

	ASSERT_EQ(0, fg_request(self->sk, self->family, &nest, &rp));
	EXPECT_EQ(-EINVAL, rp.error);
	EXPECT_EQ(0, rp.msgs);
	EXPECT_NE((size_t)0, strlen(rp.extack)) TH_LOG("no extack message");
}

/* GET_STATS is not a dump. */
TEST_F(fg, dump_refused)
{
	struct req rq = { .flags = NLM_F_DUMP };
	struct reply rp;

	ASSERT_EQ(0, fg_request(self->sk, self->family, &rq, &rp));
	EXPECT_GT(0, rp.error) TH_LOG("a GET_STATS dump was answered");
	EXPECT_FALSE(rp.has_stats);
	TH_LOG("kernel: %s (%s)", strerror(-rp.error), rp.extack);
}

/* Strict header checks (resv_start_op): a non-zero reserved field. */
TEST_F(fg, reserved_header_refused)
{
	struct req rq = { .reserved = 1 };
	struct reply rp;

	ASSERT_EQ(0, fg_request(self->sk, self->family, &rq, &rp));
	EXPECT_EQ(-EINVAL, rp.error);
	EXPECT_EQ(0, rp.msgs);
	EXPECT_NE((size_t)0, strlen(rp.extack)) TH_LOG("no extack message");
}

TEST_F(fg, unknown_command_refused)
{
	struct req rq = { .cmd = FLOODGATE_CMD_MAX + 1 };
	struct reply rp;

	ASSERT_EQ(0, fg_request(self->sk, self->family, &rq, &rp));
	EXPECT_EQ(-EOPNOTSUPP, rp.error);
	EXPECT_EQ(0, rp.msgs);
}

/* uid 65534 has no capabilities: refused, with a socket of its own and
 * with the socket root opened (the check is on the sender too).
 */
TEST_F(fg, unprivileged_user_refused)
{
	struct nl_sock *sk;
	struct reply rp;
	int family;

	ASSERT_EQ(0, become_nobody());
	sk = fg_socket();
	ASSERT_NE(NULL, sk);
	/* Resolving is not privileged: the refusal below is floodgate's. */
	family = genl_ctrl_resolve(sk, FLOODGATE_GENL_NAME);
	ASSERT_EQ(self->family, family);
	ASSERT_EQ(0, fg_request(sk, family, NULL, &rp));
	EXPECT_EQ(-EPERM, rp.error);
	EXPECT_EQ(0, rp.msgs);
	nl_socket_free(sk);

	ASSERT_EQ(0, fg_request(self->sk, self->family, NULL, &rp));
	EXPECT_EQ(-EPERM, rp.error);
	EXPECT_EQ(0, rp.msgs);
}

/* root without CAP_NET_ADMIN (every other capability kept). */
TEST_F(fg, no_cap_net_admin_refused)
{
	struct reply rp;

	ASSERT_EQ(0, drop_caps(~(1u << CAP_NET_ADMIN)));
	ASSERT_EQ(0, fg_request(self->sk, self->family, NULL, &rp));
	EXPECT_EQ(-EPERM, rp.error);
	EXPECT_EQ(0, rp.msgs);
}

/* A netns made now has its own counters, all zero. */
TEST_F(fg, fresh_netns_all_zero)
{
	struct nl_sock *sk;
	struct reply rp;
	int t;

	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	sk = fg_socket();
	ASSERT_NE(NULL, sk);
	ASSERT_EQ(0, fg_request(sk, genl_ctrl_resolve(sk, FLOODGATE_GENL_NAME),
				NULL, &rp));
	ASSERT_EQ(0, rp.error) TH_LOG("kernel: %s", rp.extack);
	ASSERT_EQ(0, missing_counter(&rp));
	for (t = FG_FIRST_COUNTER; t <= FLOODGATE_STATS_A_MAX; t++)
		EXPECT_EQ((uint64_t)0, rp.value[t]) TH_LOG("counter %d", t);
	nl_socket_free(sk);
}

/* CAP_NET_ADMIN counts in the user namespace that owns the netns: root of
 * a new user namespace may not read the init netns, but may read a netns
 * that namespace owns.
 */
TEST_F(fg, user_namespace_owns_its_netns)
{
	struct nl_sock *sk;
	struct reply rp;
	int t;

	if (unshare(CLONE_NEWUSER))
		SKIP(return, "no user namespaces: %s", strerror(errno));
	sk = fg_socket();
	ASSERT_NE(NULL, sk);
	ASSERT_EQ(0, fg_request(sk, self->family, NULL, &rp));
	EXPECT_EQ(-EPERM, rp.error);
	nl_socket_free(sk);

	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	sk = fg_socket();
	ASSERT_NE(NULL, sk);
	ASSERT_EQ(0, fg_request(sk, self->family, NULL, &rp));
	ASSERT_EQ(0, rp.error) TH_LOG("kernel: %s", rp.extack);
	ASSERT_EQ(0, missing_counter(&rp));
	for (t = FG_FIRST_COUNTER; t <= FLOODGATE_STATS_A_MAX; t++)
		EXPECT_EQ((uint64_t)0, rp.value[t]) TH_LOG("counter %d", t);
	nl_socket_free(sk);
}

TEST_HARNESS_MAIN
