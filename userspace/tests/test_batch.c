// SPDX-License-Identifier: GPL-2.0
/*
 * Batches of entries: split over requests under a size limit (and under
 * the 16-bit length of the entries nest) with none lost, repeated or
 * reordered; and from the kernel's extack offset back to the entry.
 */

#include "tests.h"
#include "batch.h"
#include "nl.h"
#include "util.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/floodgate.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#define FAMILY 0x1d

/* Entries 0..n-1: IPv4 and IPv6, hosts and prefixes, some with timeouts. */
static struct fg_entry_req *make_entries(size_t n)
{
	struct fg_entry_req *v = calloc(n, sizeof(*v));
	size_t i;

	for (i = 0; v && i < n; i++) {
		struct fg_prefix *p = &v[i].prefix;

		if (i % 2) {
			p->family = AF_INET6;
			p->len = i % 4 == 1 ? 128 : 64;
			p->addr.bytes[0] = 0x20;
			p->addr.bytes[1] = 0x01;
			p->addr.bytes[12] = i >> 24;
			p->addr.bytes[13] = i >> 16;
			p->addr.bytes[14] = i >> 8;
			p->addr.bytes[15] = i;
			if (p->len == 64)
				memset(&p->addr.bytes[8], 0, 8);
		} else {
			p->family = AF_INET;
			p->len = i % 3 ? 32 : 24;
			p->addr.v4.s_addr = htonl(0x0a000000 | (i << 8) |
						  (p->len == 32 ? 1 : 0));
		}
		v[i].timeout = i % 5 ? 0 : 60 + i;
		v[i].line = i + 1;
	}
	return v;
}

static bool same_entry(const struct fg_entry_req *want,
		       const struct fg_entry *got, bool timeout_there,
		       uint32_t timeout)
{
	size_t len = want->prefix.family == AF_INET ? 4 : 16;

	return got->prefix.family == want->prefix.family &&
	       got->prefix.len == want->prefix.len &&
	       !memcmp(&got->prefix.addr, &want->prefix.addr, len) &&
	       timeout_there == (want->timeout != 0) &&
	       (!timeout_there || timeout == want->timeout);
}

/*
 * Checks request @nlh against @want[0..k): a well-formed ADD request for
 * the blocklist whose entries nest holds exactly those entries, in order.
 */
static bool check_request(const struct nlmsghdr *nlh,
			  const struct fg_entry_req *want, size_t k)
{
	const struct genlmsghdr *genl = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *attr, *entry, *a;
	bool table = false, entries = false;
	size_t i = 0;

	if (nlh->nlmsg_type != FAMILY || genl->cmd != FLOODGATE_CMD_ENTRY_ADD ||
	    genl->version != FLOODGATE_GENL_VERSION)
		return false;
	mnl_attr_for_each(attr, nlh, GENL_HDRLEN) {
		switch (mnl_attr_get_type(attr)) {
		case FLOODGATE_A_TABLE:
			table = mnl_attr_get_u8(attr) == FLOODGATE_TABLE_BLOCK;
			break;
		case FLOODGATE_A_ENTRIES:
			/* The length field must not have wrapped. */
			if (!(attr->nla_type & NLA_F_NESTED) ||
			    (const char *)attr + attr->nla_len !=
			    (const char *)nlh + nlh->nlmsg_len ||
			    !fg_nl_nest_ok(attr))
				return false;
			entries = true;
			mnl_attr_for_each_nested(entry, attr) {
				struct fg_entry got;
				bool has_timeout = false;
				uint32_t timeout = 0;

				if (i == k || fg_entry_parse(entry, &got) ||
				    !(entry->nla_type & NLA_F_NESTED))
					return false;
				mnl_attr_for_each_nested(a, entry)
					if (mnl_attr_get_type(a) ==
					    FLOODGATE_ENTRY_A_TIMEOUT) {
						has_timeout = true;
						timeout = mnl_attr_get_u32(a);
					}
				if (!same_entry(&want[i], &got, has_timeout,
						timeout))
					return false;
				i++;
			}
			break;
		default:
			return false;
		}
	}
	return table && entries && i == k;
}

/* The bytes @e takes in a request, measured on a request of it alone. */
static size_t entry_size(const struct fg_entry_req *e)
{
	static _Alignas(struct nlmsghdr) char one[256];
	struct nlmsghdr *nlh;

	fg_batch_build(one, sizeof(one), FAMILY, FLOODGATE_CMD_ENTRY_ADD,
		       FLOODGATE_TABLE_BLOCK, e, 1, &nlh);
	/* Less the headers, the table and the entries nest's header. */
	return nlh->nlmsg_len - (MNL_NLMSG_HDRLEN + GENL_HDRLEN +
				 2 * MNL_ATTR_HDRLEN + MNL_ALIGN(1));
}

/*
 * Splits @n entries at @size bytes a request; checks that every request
 * fits, that the requests hold every entry once and in order, and that no
 * request could have held one more. Returns the number of requests, 0 on
 * a failure.
 */
static size_t split(const struct fg_entry_req *e, size_t n, size_t size,
		    void *buf)
{
	size_t done = 0, requests = 0;

	while (done < n) {
		struct nlmsghdr *nlh;
		size_t k = fg_batch_build(buf, size, FAMILY,
					  FLOODGATE_CMD_ENTRY_ADD,
					  FLOODGATE_TABLE_BLOCK, e + done,
					  n - done, &nlh);

		if (!k || nlh->nlmsg_len > size ||
		    !check_request(nlh, e + done, k))
			return 0;
		/* As full as can be: the next entry would not have fitted. */
		if (done + k < n &&
		    nlh->nlmsg_len + entry_size(&e[done + k]) <= size)
			return 0;
		done += k;
		requests++;
	}
	return requests;
}

static void test_split(void)
{
	static const size_t sizes[] = { 100, 128, 200, 333, 1000, 4096,
					FG_NL_BUFSIZE, FG_BATCH_MAX_MSG };
	const size_t n = 5000;
	struct fg_entry_req *e = make_entries(n);
	char *buf = malloc(FG_BATCH_MAX_MSG + 1024);
	size_t i, prev = 0;

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		size_t requests = split(e, n, sizes[i], buf);

		tap_ok(requests > 0 && (!prev || requests <= prev),
		       "batch: %zu entries at %zu bytes a request: all there once, in order, each request within the size (%zu requests)",
		       n, sizes[i], requests);
		prev = requests;
	}
	free(buf);
	free(e);
}

/* The nest's 16-bit length, not the buffer, limits a large batch. */
static void test_nest_limit(void)
{
	const size_t n = 20000, size = 1 << 20;
	struct fg_entry_req *e = calloc(n, sizeof(*e));
	char *buf = malloc(size);
	size_t i, done = 0, requests = 0;
	bool ok = true;

	for (i = 0; i < n; i++) {
		e[i].prefix.family = AF_INET;
		e[i].prefix.len = 32;
		e[i].prefix.addr.v4.s_addr = htonl(0xc0000000 | i);
	}
	while (ok && done < n) {
		struct nlmsghdr *nlh;
		size_t k = fg_batch_build(buf, size, FAMILY,
					  FLOODGATE_CMD_ENTRY_ADD,
					  FLOODGATE_TABLE_BLOCK, e + done,
					  n - done, &nlh);

		ok = k && check_request(nlh, e + done, k) &&
		     nlh->nlmsg_len <= FG_BATCH_MAX_MSG &&
		     (done + k == n || k == 3276);
		done += k;
		requests++;
	}
	tap_ok(ok && done == n && requests == 7,
	       "batch: 20000 IPv4 hosts in a 1 MiB buffer: 3276 a request (a 64 KiB nest), 7 requests");
	free(buf);
	free(e);
}

static void test_too_small(void)
{
	struct fg_entry_req *e = make_entries(2);
	_Alignas(struct nlmsghdr) char buf[256];
	struct nlmsghdr *nlh;

	tap_ok(fg_batch_build(buf, 40, FAMILY, FLOODGATE_CMD_ENTRY_ADD,
			      FLOODGATE_TABLE_BLOCK, e, 2, &nlh) == 0,
	       "batch: no room for one entry: 0");
	tap_ok(fg_batch_build(buf, sizeof(buf), FAMILY, FLOODGATE_CMD_ENTRY_ADD,
			      FLOODGATE_TABLE_BLOCK, e, 0, &nlh) == 0,
	       "batch: no entries: 0");
	free(e);
}

/* Offsets of an entry's nest and of its attributes. */
static void test_offsets(void)
{
	struct fg_entry_req *e = make_entries(6);
	_Alignas(struct nlmsghdr) char buf[1024];
	const struct nlattr *attr, *entry, *a;
	struct nlmsghdr *nlh;
	bool ok = true;
	long idx = 0;

	if (!tap_ok(fg_batch_build(buf, sizeof(buf), FAMILY,
				   FLOODGATE_CMD_ENTRY_ADD,
				   FLOODGATE_TABLE_BLOCK, e, 6, &nlh) == 6,
		    "batch offsets: six entries built"))
		return;
	mnl_attr_for_each(attr, nlh, GENL_HDRLEN) {
		uint32_t off = (const char *)attr - buf;

		if (mnl_attr_get_type(attr) != FLOODGATE_A_ENTRIES) {
			ok &= fg_batch_entry_at(nlh, off) == -1;
			continue;
		}
		/* The entries nest itself ("no entries") is no entry. */
		ok &= fg_batch_entry_at(nlh, off) == -1;
		mnl_attr_for_each_nested(entry, attr) {
			off = (const char *)entry - buf;
			ok &= fg_batch_entry_at(nlh, off) == idx;
			ok &= fg_batch_entry_at(nlh, off + entry->nla_len - 1) ==
			      idx;
			mnl_attr_for_each_nested(a, entry)
				ok &= fg_batch_entry_at(nlh,
						       (const char *)a - buf) ==
				      idx;
			idx++;
		}
	}
	tap_ok(ok && idx == 6,
	       "batch offsets: each entry's nest, attributes and last byte map to its index");
	tap_ok(fg_batch_entry_at(nlh, 0) == -1 &&
	       fg_batch_entry_at(nlh, NLMSG_HDRLEN) == -1 &&
	       fg_batch_entry_at(nlh, nlh->nlmsg_len) == -1 &&
	       fg_batch_entry_at(nlh, UINT32_MAX) == -1,
	       "batch offsets: headers and offsets past the end map to none");
	free(e);
}

/*
 * The whole way: the kernel refuses a batch and points, in its capped
 * ACK, at the timeout of the fourth entry; the reply code keeps the
 * offset, and the batch maps it to that entry and its line.
 */
static void test_refusal(void)
{
	static _Alignas(struct nlmsghdr) char req_buf[1024], ack_buf[512];
	struct fg_entry_req *e = make_entries(6);
	const struct nlattr *attr, *entry, *a;
	struct nlmsghdr *req, *ack;
	struct fg_nl_reply rp;
	struct nlmsgerr *err;
	uint32_t off = 0;
	long idx = 0, bad;

	e[3].timeout = 7;
	e[3].line = 42;
	fg_batch_build(req_buf, sizeof(req_buf), FAMILY,
		       FLOODGATE_CMD_ENTRY_ADD, FLOODGATE_TABLE_BLOCK, e, 6,
		       &req);
	req->nlmsg_seq = 9;
	mnl_attr_for_each(attr, req, GENL_HDRLEN) {
		if (mnl_attr_get_type(attr) != FLOODGATE_A_ENTRIES)
			continue;
		mnl_attr_for_each_nested(entry, attr) {
			if (idx++ != 3)
				continue;
			mnl_attr_for_each_nested(a, entry)
				if (mnl_attr_get_type(a) ==
				    FLOODGATE_ENTRY_A_TIMEOUT)
					off = (const char *)a - req_buf;
		}
	}

	ack = mnl_nlmsg_put_header(ack_buf);
	ack->nlmsg_type = NLMSG_ERROR;
	ack->nlmsg_flags = NLM_F_CAPPED | NLM_F_ACK_TLVS;
	ack->nlmsg_seq = 9;
	err = mnl_nlmsg_put_extra_header(ack, sizeof(*err));
	err->error = -ERANGE;
	err->msg = *req;
	mnl_attr_put_strz(ack, NLMSGERR_ATTR_MSG, "integer out of range");
	mnl_attr_put_u32(ack, NLMSGERR_ATTR_OFFS, off);

	fg_nl_reply_init(&rp, req, 0, NULL, NULL);
	tap_ok(fg_nl_reply_run(&rp, ack_buf, ack->nlmsg_len) == -ERANGE &&
	       rp.bad_attr == off && off != 0,
	       "batch refusal: the kernel's offset is kept");
	bad = fg_batch_entry_at(req, rp.bad_attr);
	tap_ok(bad == 3 && e[bad].line == 42,
	       "batch refusal: the offset maps to the fourth entry, line 42");
	free(e);
}

void test_batch(void)
{
	test_split();
	test_nest_limit();
	test_too_small();
	test_offsets();
	test_refusal();
}
