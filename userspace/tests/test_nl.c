// SPDX-License-Identifier: GPL-2.0
/*
 * The reply side of a netlink request on canned kernel messages: ACKs,
 * refusals with and without extended ACK messages (capped or carrying our
 * whole request), the end of a dump, and replies that must be refused.
 */

#include "tests.h"
#include "nl.h"
#include "stats.h"
#include "util.h"

#include <errno.h>
#include <limits.h>
#include <linux/genetlink.h>
#include <string.h>

#define FAMILY 0x1d
#define SEQ 7
#define PORTID 4242

static _Alignas(struct nlmsghdr) char req_buf[256];
static _Alignas(struct nlmsghdr) char buf[4096];
static size_t buf_len;

static struct fg_nl_reply rp;
static unsigned int data_msgs;

static int count_cb(const struct nlmsghdr *nlh, void *data)
{
	(void)nlh;
	(void)data;
	data_msgs++;
	return MNL_CB_OK;
}

static int failing_cb(const struct nlmsghdr *nlh, void *data)
{
	(void)nlh;
	(void)data;
	errno = ENOMSG;
	return MNL_CB_ERROR;
}

/* The request the replies answer: GET_STATS with one attribute. */
static struct nlmsghdr *request(void)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(req_buf);
	struct genlmsghdr *genl;

	nlh->nlmsg_type = FAMILY;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = SEQ;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = FLOODGATE_CMD_GET_STATS;
	mnl_attr_put_u32(nlh, FLOODGATE_A_STATS, 0xdeadbeef);
	return nlh;
}

static void start(mnl_cb_t cb)
{
	fg_nl_reply_init(&rp, request(), PORTID, cb, NULL);
	buf_len = 0;
	data_msgs = 0;
}

/* Appends a message header to buf, addressed as the kernel would. */
static struct nlmsghdr *append(uint16_t type, uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf + buf_len);

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = flags;
	nlh->nlmsg_seq = SEQ;
	nlh->nlmsg_pid = PORTID;
	return nlh;
}

static void done_with(struct nlmsghdr *nlh)
{
	buf_len += nlh->nlmsg_len;
}

static void append_data(void)
{
	struct nlmsghdr *nlh = append(FAMILY, 0);
	struct genlmsghdr *genl = mnl_nlmsg_put_extra_header(nlh,
							     sizeof(*genl));

	genl->cmd = FLOODGATE_CMD_GET_STATS;
	done_with(nlh);
}

/*
 * An NLMSG_ERROR answering request(): capped to its header as with
 * NETLINK_CAP_ACK, or with all of it; then the extack TLVs, if @msg.
 */
static void append_error(int error, bool capped, const char *msg)
{
	struct nlmsghdr *nlh = append(NLMSG_ERROR, 0);
	const struct nlmsghdr *req = (const struct nlmsghdr *)req_buf;
	struct nlmsgerr *err;

	err = mnl_nlmsg_put_extra_header(nlh, sizeof(*err));
	err->error = error;
	err->msg = *req;
	if (capped)
		nlh->nlmsg_flags |= NLM_F_CAPPED;
	else
		memcpy(mnl_nlmsg_put_extra_header(nlh, req->nlmsg_len -
						  sizeof(*req)),
		       mnl_nlmsg_get_payload(req),
		       req->nlmsg_len - sizeof(*req));
	if (msg) {
		nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
		mnl_attr_put_u32(nlh, NLMSGERR_ATTR_OFFS, 20);
		mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, msg);
	}
	done_with(nlh);
}

static int run(void)
{
	return fg_nl_reply_run(&rp, buf, buf_len);
}

static void test_acks(void)
{
	start(count_cb);
	append_data();
	append_error(0, true, NULL);
	tap_ok(run() == MNL_CB_STOP && data_msgs == 1 && !rp.error &&
	       !rp.extack[0], "nl: data and ACK in one read: done");

	start(count_cb);
	append_data();
	tap_ok(run() == MNL_CB_OK && data_msgs == 1,
	       "nl: data without the ACK: more to read");

	start(count_cb);
	append_error(0, true, "flushed 0 entries");
	tap_ok(run() == MNL_CB_STOP && !rp.error,
	       "nl: an ACK with a message is still an ACK");
	tap_str(rp.extack, "flushed 0 entries", "nl: the ACK's message is kept");

	start(count_cb);
	done_with(append(NLMSG_NOOP, 0));
	append_error(0, true, NULL);
	tap_ok(run() == MNL_CB_STOP, "nl: NLMSG_NOOP is ignored");
}

static void test_errors(void)
{
	start(count_cb);
	append_error(-EINVAL, true, "floodgate: bad attribute");
	tap_ok(run() == -EINVAL && rp.error == -EINVAL,
	       "nl: a refusal returns the kernel's -errno");
	tap_str(rp.extack, "floodgate: bad attribute",
		"nl: extack message after a capped ACK");
	tap_ok(rp.bad_attr == 20, "nl: extack offset of the bad attribute");

	start(count_cb);
	append_error(-EPERM, false, "no CAP_NET_ADMIN");
	tap_ok(run() == -EPERM && rp.error == -EPERM,
	       "nl: a refusal carrying our request returns -errno");
	tap_str(rp.extack, "no CAP_NET_ADMIN",
		"nl: extack message after our whole request");

	start(count_cb);
	append_error(ENOENT, true, NULL);
	tap_ok(run() == -ENOENT && rp.error == -ENOENT && !rp.extack[0],
	       "nl: a positive error is an errno too; no TLVs, no message");

	start(count_cb);
	append_error(INT_MIN, true, NULL);
	tap_ok(run() == -EBADMSG && rp.error == -EBADMSG,
	       "nl: an error past MAX_ERRNO is a bad message");

	start(count_cb);
	append_error(-EINVAL, true, "ignored");
	((struct nlmsghdr *)buf)->nlmsg_flags &= ~NLM_F_ACK_TLVS;
	tap_ok(run() == -EINVAL && !rp.extack[0],
	       "nl: TLVs are read only with NLM_F_ACK_TLVS");
}

/* As GENL_REQ_ATTR_CHECK() answers: a missing type and no message. */
static void test_missing_attr(void)
{
	struct nlmsghdr *nlh;
	struct nlmsgerr *err;

	start(count_cb);
	nlh = append(NLMSG_ERROR, NLM_F_CAPPED | NLM_F_ACK_TLVS);
	err = mnl_nlmsg_put_extra_header(nlh, sizeof(*err));
	err->error = -EINVAL;
	err->msg = *(const struct nlmsghdr *)req_buf;
	mnl_attr_put_u32(nlh, NLMSGERR_ATTR_MISS_TYPE, FLOODGATE_A_STATS);
	done_with(nlh);
	tap_ok(run() == -EINVAL && !rp.bad_attr,
	       "nl: a missing attribute is refused, no offset");
	tap_str(rp.extack, "missing attribute of type 1",
		"nl: the missing attribute's type is the message");
}

static void test_dump_end(void)
{
	struct nlmsghdr *nlh;
	int error = -ENOBUFS;

	start(count_cb);
	append_data();
	append_data();
	nlh = append(NLMSG_DONE, NLM_F_MULTI);
	memcpy(mnl_nlmsg_put_extra_header(nlh, sizeof(int)), &(int){ 0 },
	       sizeof(int));
	done_with(nlh);
	tap_ok(run() == MNL_CB_STOP && data_msgs == 2,
	       "nl: NLMSG_DONE ends a dump");

	start(count_cb);
	nlh = append(NLMSG_DONE, NLM_F_MULTI | NLM_F_ACK_TLVS);
	memcpy(mnl_nlmsg_put_extra_header(nlh, sizeof(error)), &error,
	       sizeof(error));
	mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, "dump failed");
	done_with(nlh);
	tap_ok(run() == -ENOBUFS && rp.error == -ENOBUFS,
	       "nl: NLMSG_DONE carrying an error fails");
	tap_str(rp.extack, "dump failed", "nl: NLMSG_DONE's extack message");
}

static void test_refused(void)
{
	struct nlmsghdr *nlh;

	start(count_cb);
	done_with(append(FAMILY + 1, 0));
	tap_ok(run() == -EBADMSG && !rp.error && !data_msgs,
	       "nl: a message of another family is refused");

	start(count_cb);
	done_with(append(FAMILY, 0));
	tap_ok(run() == -EBADMSG && !data_msgs,
	       "nl: a message without a genetlink header is refused");

	start(count_cb);
	append_data();
	((struct nlmsghdr *)buf)->nlmsg_seq = SEQ + 1;
	tap_ok(run() == -EPROTO, "nl: a wrong sequence number is refused");

	start(count_cb);
	append_data();
	((struct nlmsghdr *)buf)->nlmsg_pid = PORTID + 1;
	tap_ok(run() == -ESRCH, "nl: a wrong port id is refused");

	start(count_cb);
	nlh = append(NLMSG_ERROR, 0);
	mnl_nlmsg_put_extra_header(nlh, sizeof(int));
	done_with(nlh);
	tap_ok(run() == -EBADMSG && !rp.error,
	       "nl: a truncated NLMSG_ERROR is refused");

	start(failing_cb);
	append_data();
	append_error(0, true, NULL);
	tap_ok(run() == -ENOMSG && !rp.error,
	       "nl: the data callback's errno is returned");
}

/*
 * The refusal of a 40 MB request (a million entries in one batch): with
 * NETLINK_CAP_ACK it carries the request's header alone, nlmsg_len and
 * all, and the extack TLVs right after it; the reply fits our buffer.
 */
static void test_large_request(void)
{
	struct nlmsghdr *nlh;
	struct nlmsgerr *err;

	start(count_cb);
	((struct nlmsghdr *)req_buf)->nlmsg_len = 40000000;
	nlh = append(NLMSG_ERROR, NLM_F_CAPPED | NLM_F_ACK_TLVS);
	err = mnl_nlmsg_put_extra_header(nlh, sizeof(*err));
	err->error = -EINVAL;
	err->msg = *(const struct nlmsghdr *)req_buf;
	mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, "bad entry");
	mnl_attr_put_u32(nlh, NLMSGERR_ATTR_OFFS, 39999964);
	done_with(nlh);
	tap_ok(run() == -EINVAL && rp.bad_attr == 39999964 &&
	       buf_len < 100,
	       "nl: the capped refusal of a 40 MB request: %zu bytes, offset kept",
	       buf_len);
	tap_str(rp.extack, "bad entry", "nl: its extack message");

	/* Not capped, the request not echoed after all: no TLVs read. */
	nlh = (struct nlmsghdr *)buf;
	nlh->nlmsg_flags &= ~NLM_F_CAPPED;
	fg_nl_reply_init(&rp, (const struct nlmsghdr *)req_buf, PORTID,
			 count_cb, NULL);
	tap_ok(run() == -EINVAL && !rp.bad_attr && !rp.extack[0],
	       "nl: an uncapped refusal without the echo it announces: TLVs not looked for");
	request();	/* back to the real length */
}

/* The stats reply through the same path "floodgate stats" takes. */
static int stats_cb(const struct nlmsghdr *nlh, void *data)
{
	return fg_stats_parse(nlh, data) ? MNL_CB_ERROR : MNL_CB_OK;
}

static void test_stats_reply(void)
{
	struct fg_stats st = { .valid = false };
	struct nlmsghdr *nlh;
	struct nlattr *nest;

	fg_nl_reply_init(&rp, request(), PORTID, stats_cb, &st);
	buf_len = 0;
	nlh = append(FAMILY, 0);
	((struct genlmsghdr *)mnl_nlmsg_put_extra_header(nlh,
		sizeof(struct genlmsghdr)))->cmd = FLOODGATE_CMD_GET_STATS;
	nest = mnl_attr_nest_start(nlh, FLOODGATE_A_STATS);
	mnl_attr_put(nlh, FLOODGATE_STATS_A_PAD, 0, NULL);
	mnl_attr_put_u64(nlh, FLOODGATE_STATS_A_DROPPED_PKTS, 42);
	mnl_attr_nest_end(nlh, nest);
	done_with(nlh);
	append_error(0, true, NULL);
	tap_ok(run() == MNL_CB_STOP && st.valid &&
	       st.present[FLOODGATE_STATS_A_DROPPED_PKTS] &&
	       st.value[FLOODGATE_STATS_A_DROPPED_PKTS] == 42 &&
	       !st.present[FLOODGATE_STATS_A_SEEN_PKTS],
	       "nl: a stats reply and its ACK, parsed");
}

void test_nl(void)
{
	test_acks();
	test_errors();
	test_missing_attr();
	test_dump_end();
	test_refused();
	test_large_request();
	test_stats_reply();
}
