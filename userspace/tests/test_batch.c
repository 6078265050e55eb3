// SPDX-License-Identifier: GPL-2.0
/*
 * Batches of entries, each a top-level FLOODGATE_A_ENTRY: their exact
 * size; a whole batch in one request however large, or split over
 * requests under a size limit with none lost, repeated or reordered; and
 * from the kernel's extack offset back to the entry and its line.
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


/*
 * The offset in @req of its entry @idx, or of that entry's attribute of
 * type @type if not 0; found by walking the request, apart from the code
 * under test.
 */
static uint32_t req_entry_attr(const struct nlmsghdr *req, size_t idx,
			       uint16_t type)
{
	const struct nlattr *attr, *a;

	mnl_attr_for_each(attr, req, GENL_HDRLEN) {
		if (mnl_attr_get_type(attr) != FLOODGATE_A_ENTRY || idx--)
			continue;
		if (!type)
			return (const char *)attr - (const char *)req;
		mnl_attr_for_each_nested(a, attr)
			if (mnl_attr_get_type(a) == type)
				return (const char *)a - (const char *)req;
	}
	return 0;
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
 * the blocklist, its attributes filling it exactly, FLOODGATE_A_TABLE
 * first, then exactly those entries in order, each a FLOODGATE_A_ENTRY
 * nest (NLA_F_NESTED, as strict parsing wants) of an address, a prefix
 * length and the timeout if there is one, nothing else.
 */
static bool check_request(const struct nlmsghdr *nlh,
			  const struct fg_entry_req *want, size_t k)
{
	const struct genlmsghdr *genl = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *attr, *a;
	bool table = false;
	size_t i = 0;

	if (nlh->nlmsg_type != FAMILY || genl->cmd != FLOODGATE_CMD_ENTRY_ADD ||
	    genl->version != FLOODGATE_GENL_VERSION ||
	    !fg_nl_attrs_ok(nlh, GENL_HDRLEN))
		return false;
	mnl_attr_for_each(attr, nlh, GENL_HDRLEN) {
		struct fg_entry got;
		bool has_timeout = false, has_len = false;
		uint32_t timeout = 0;

		switch (mnl_attr_get_type(attr)) {
		case FLOODGATE_A_TABLE:
			if (table || i ||
			    mnl_attr_validate(attr, MNL_TYPE_U8) < 0 ||
			    mnl_attr_get_u8(attr) != FLOODGATE_TABLE_BLOCK)
				return false;
			table = true;
			break;
		case FLOODGATE_A_ENTRY:
			if (!table || i == k ||
			    !(attr->nla_type & NLA_F_NESTED) ||
			    fg_entry_parse(attr, &got))
				return false;
			mnl_attr_for_each_nested(a, attr) {
				switch (mnl_attr_get_type(a)) {
				case FLOODGATE_ENTRY_A_ADDR:
					break;
				case FLOODGATE_ENTRY_A_PREFIXLEN:
					has_len = true;
					break;
				case FLOODGATE_ENTRY_A_TIMEOUT:
					if (mnl_attr_validate(a,
							      MNL_TYPE_U32) < 0)
						return false;
					has_timeout = true;
					timeout = mnl_attr_get_u32(a);
					break;
				default:
					return false;
				}
			}
			if (!has_len ||
			    !same_entry(&want[i], &got, has_timeout, timeout))
				return false;
			i++;
			break;
		default:
			return false;
		}
	}
	return table && i == k;
}

/* Entry sizes, and a batch's size, are those of the requests built. */
static void test_sizes(void)
{
	struct fg_entry_req *e = make_entries(64);
	_Alignas(struct nlmsghdr) char buf[4096];
	struct nlmsghdr *nlh;
	bool ok = true;
	size_t i;

	for (i = 0; i < 64; i++) {
		fg_batch_build(buf, sizeof(buf), FAMILY,
			       FLOODGATE_CMD_ENTRY_ADD, FLOODGATE_TABLE_BLOCK,
			       e + i, 1, &nlh);
		ok &= nlh->nlmsg_len ==
		      FG_BATCH_HDRLEN + fg_batch_entry_size(&e[i]);
		ok &= fg_batch_build(buf, sizeof(buf), FAMILY,
				     FLOODGATE_CMD_ENTRY_ADD,
				     FLOODGATE_TABLE_BLOCK, e, i + 1, &nlh) ==
		      i + 1 && nlh->nlmsg_len == fg_batch_size(e, i + 1);
		/* A byte short of the whole: one entry fewer. */
		ok &= fg_batch_build(buf, fg_batch_size(e, i + 1) - 1, FAMILY,
				     FLOODGATE_CMD_ENTRY_ADD,
				     FLOODGATE_TABLE_BLOCK, e, i + 1, &nlh) ==
		      i;
	}
	tap_ok(ok, "batch: fg_batch_entry_size() and fg_batch_size() are the bytes built, to the byte");
	tap_ok(fg_batch_entry_size(&e[0]) == 28 &&	/* IPv4, timeout */
	       fg_batch_entry_size(&e[1]) == 32 &&	/* IPv6 */
	       fg_batch_entry_size(&e[2]) == 20 &&	/* IPv4 */
	       fg_batch_entry_size(&e[5]) == 40,	/* IPv6, timeout */
	       "batch: an entry takes 20 to 40 bytes");
	free(e);
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
		    nlh->nlmsg_len != fg_batch_size(e + done, k) ||
		    !check_request(nlh, e + done, k))
			return 0;
		/* As full as can be: the next entry would not have fitted. */
		if (done + k < n &&
		    nlh->nlmsg_len + fg_batch_entry_size(&e[done + k]) <= size)
			return 0;
		done += k;
		requests++;
	}
	return requests;
}

static void test_split(void)
{
	const size_t n = 5000;
	struct fg_entry_req *e = make_entries(n);
	const size_t whole = fg_batch_size(e, n);
	const size_t sizes[] = { 100, 128, 200, 333, 1000, 4096, FG_NL_BUFSIZE,
				 65535, 65536 + 333, whole - 1, whole };
	char *buf = malloc(whole);
	size_t i, prev = 0;

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		size_t requests = split(e, n, sizes[i], buf);

		tap_ok(requests > 0 && (!prev || requests <= prev),
		       "batch: %zu entries at %zu bytes a request: all there once, in order, each request within the size and full (%zu requests)",
		       n, sizes[i], requests);
		prev = requests;
	}
	tap_ok(prev == 1 && split(e, n, whole - 1, buf) == 2,
	       "batch: at the batch's size, one request; a byte less, two");
	free(buf);
	free(e);
}

/* No 16-bit nest length to stop a large batch any more. */
static void test_no_nest_limit(void)
{
	const size_t n = 20000, size = 1 << 20;
	struct fg_entry_req *e = calloc(n, sizeof(*e));
	char *buf = malloc(size);
	struct nlmsghdr *nlh;
	size_t i, k;

	for (i = 0; i < n; i++) {
		e[i].prefix.family = AF_INET;
		e[i].prefix.len = 32;
		e[i].prefix.addr.v4.s_addr = htonl(0xc0000000 | i);
	}
	k = fg_batch_build(buf, size, FAMILY, FLOODGATE_CMD_ENTRY_ADD,
			   FLOODGATE_TABLE_BLOCK, e, n, &nlh);
	tap_ok(k == n && nlh->nlmsg_len == FG_BATCH_HDRLEN + 20 * n &&
	       nlh->nlmsg_len > 65536 && check_request(nlh, e, n),
	       "batch: 20000 IPv4 hosts in a 1 MiB buffer: one request of %u bytes, past 64 KiB",
	       nlh->nlmsg_len);
	free(buf);
	free(e);
}

/*
 * The single-message path of a load: 100,000 entries in one request of
 * exactly fg_batch_size() bytes, whose attributes all parse back.
 */
static void test_single_100k(void)
{
	const size_t n = 100000;
	struct fg_entry_req *e = make_entries(n);
	size_t size = fg_batch_size(e, n), k;
	char *buf = malloc(size);
	struct nlmsghdr *nlh;

	k = fg_batch_build(buf, size, FAMILY, FLOODGATE_CMD_ENTRY_ADD,
			   FLOODGATE_TABLE_BLOCK, e, n, &nlh);
	tap_ok(k == n && nlh->nlmsg_len == size,
	       "batch: 100000 entries in one request of %zu bytes", size);
	tap_ok(check_request(nlh, e, n),
	       "batch: its 100000 FLOODGATE_A_ENTRY attributes all parse back, in order");
	free(buf);
	free(e);
}

static void test_too_small(void)
{
	struct fg_entry_req *e = make_entries(2);
	_Alignas(struct nlmsghdr) char buf[256];
	struct nlmsghdr *nlh;

	tap_ok(fg_batch_build(buf, FG_BATCH_HDRLEN +
			      fg_batch_entry_size(&e[0]) - 1, FAMILY,
			      FLOODGATE_CMD_ENTRY_ADD, FLOODGATE_TABLE_BLOCK,
			      e, 2, &nlh) == 0,
	       "batch: no room for one entry: 0");
	tap_ok(fg_batch_build(buf, sizeof(buf), FAMILY, FLOODGATE_CMD_ENTRY_ADD,
			      FLOODGATE_TABLE_BLOCK, e, 0, &nlh) == 0,
	       "batch: no entries: 0");
	free(e);
}

/*
 * Every offset the kernel can name in @nlh maps to the entry that holds
 * it: the entry's attribute, each attribute inside, its last byte; the
 * headers and the table to none. @step: check one entry in @step.
 */
static bool check_offsets(const struct nlmsghdr *nlh, size_t n, size_t step)
{
	const char *base = (const char *)nlh;
	const struct nlattr *attr, *a;
	bool ok = true;
	long idx = 0;

	mnl_attr_for_each(attr, nlh, GENL_HDRLEN) {
		uint32_t off = (const char *)attr - base;

		if (mnl_attr_get_type(attr) != FLOODGATE_A_ENTRY) {
			ok &= fg_batch_entry_at(nlh, off) == -1 &&
			      fg_batch_entry_at(nlh, off + 4) == -1;
			continue;
		}
		if (idx % step == 0 || (size_t)idx == n - 1) {
			ok &= fg_batch_entry_at(nlh, off) == idx;
			ok &= fg_batch_entry_at(nlh, off + attr->nla_len - 1) ==
			      idx;
			mnl_attr_for_each_nested(a, attr)
				ok &= fg_batch_entry_at(nlh,
						       (const char *)a - base) ==
				      idx;
		}
		idx++;
	}
	return ok && (size_t)idx == n;
}

static void test_offsets(void)
{
	const size_t big = 100000;
	struct fg_entry_req *e = make_entries(big);
	_Alignas(struct nlmsghdr) char buf[1024];
	struct nlmsghdr *nlh;
	char *large;

	if (!tap_ok(fg_batch_build(buf, sizeof(buf), FAMILY,
				   FLOODGATE_CMD_ENTRY_ADD,
				   FLOODGATE_TABLE_BLOCK, e, 6, &nlh) == 6,
		    "batch offsets: six entries built"))
		return;
	tap_ok(check_offsets(nlh, 6, 1),
	       "batch offsets: each entry's attribute, the attributes in it and its last byte map to its index");
	tap_ok(fg_batch_entry_at(nlh, 0) == -1 &&
	       fg_batch_entry_at(nlh, NLMSG_HDRLEN) == -1 &&
	       fg_batch_entry_at(nlh, FG_BATCH_HDRLEN - 1) == -1 &&
	       fg_batch_entry_at(nlh, nlh->nlmsg_len) == -1 &&
	       fg_batch_entry_at(nlh, UINT32_MAX) == -1,
	       "batch offsets: headers, the table and offsets past the end map to none");

	large = malloc(fg_batch_size(e, big));
	fg_batch_build(large, fg_batch_size(e, big), FAMILY,
		       FLOODGATE_CMD_ENTRY_ADD, FLOODGATE_TABLE_BLOCK, e, big,
		       &nlh);
	tap_ok(check_offsets(nlh, big, 97),
	       "batch offsets: in a request of 100000 entries too");
	free(large);
	free(e);
}

/*
 * The whole way: the kernel refuses batch @req and points, in its capped
 * ACK, at byte @off; the reply code keeps the offset, and the batch maps
 * it to an entry. Returns the entry's index, or -2 if the offset was lost.
 */
static long refuse_at(const struct nlmsghdr *req, int error, uint32_t off)
{
	static _Alignas(struct nlmsghdr) char ack_buf[512];
	struct nlmsghdr *ack;
	struct fg_nl_reply rp;
	struct nlmsgerr *err;

	ack = mnl_nlmsg_put_header(ack_buf);
	ack->nlmsg_type = NLMSG_ERROR;
	ack->nlmsg_flags = NLM_F_CAPPED | NLM_F_ACK_TLVS;
	ack->nlmsg_seq = req->nlmsg_seq;
	err = mnl_nlmsg_put_extra_header(ack, sizeof(*err));
	err->error = error;
	err->msg = *req;	/* its nlmsg_len is the whole request's */
	mnl_attr_put_strz(ack, NLMSGERR_ATTR_MSG, "refused");
	mnl_attr_put_u32(ack, NLMSGERR_ATTR_OFFS, off);

	fg_nl_reply_init(&rp, req, 0, NULL, NULL);
	if (fg_nl_reply_run(&rp, ack_buf, ack->nlmsg_len) != error ||
	    rp.bad_attr != off || strcmp(rp.extack, "refused"))
		return -2;
	return fg_batch_entry_at(req, rp.bad_attr);
}

static void test_refusal(void)
{
	static _Alignas(struct nlmsghdr) char req_buf[1024];
	const size_t big = 100000;
	struct fg_entry_req *e = make_entries(big);
	struct nlmsghdr *req;
	char *large;
	long bad;

	e[3].timeout = 7;
	e[3].line = 42;
	fg_batch_build(req_buf, sizeof(req_buf), FAMILY,
		       FLOODGATE_CMD_ENTRY_ADD, FLOODGATE_TABLE_BLOCK, e, 6,
		       &req);
	req->nlmsg_seq = 9;
	bad = refuse_at(req, -ERANGE,
			req_entry_attr(req, 3, FLOODGATE_ENTRY_A_TIMEOUT));
	tap_ok(bad == 3 && e[bad].line == 42,
	       "batch refusal: the timeout of the fourth entry: index 3, line 42");

	/* A 100000-entry request: a 3 MB request, a capped 60-byte ACK. */
	e[77777].line = 80001;
	large = malloc(fg_batch_size(e, big));
	fg_batch_build(large, fg_batch_size(e, big), FAMILY,
		       FLOODGATE_CMD_ENTRY_ADD, FLOODGATE_TABLE_BLOCK, e, big,
		       &req);
	req->nlmsg_seq = 10;
	bad = refuse_at(req, -EINVAL,
			req_entry_attr(req, 77777,
				       FLOODGATE_ENTRY_A_PREFIXLEN));
	tap_ok(bad == 77777 && e[bad].line == 80001,
	       "batch refusal in 100000 entries: the prefix length of entry 77777, its line");
	bad = refuse_at(req, -ENOSPC, req_entry_attr(req, 99999, 0));
	tap_ok(bad == 99999,
	       "batch refusal in 100000 entries: the last entry's own attribute (a full table)");
	bad = refuse_at(req, -ENOENT, req_entry_attr(req, 0, 0));
	tap_ok(bad == 0, "batch refusal in 100000 entries: the first entry");
	free(large);
	free(e);
}

void test_batch(void)
{
	test_sizes();
	test_split();
	test_no_nest_limit();
	test_single_100k();
	test_too_small();
	test_offsets();
	test_refusal();
}
