// SPDX-License-Identifier: GPL-2.0
/*
 * The status object and table entries on canned kernel replies (canned.c):
 * parsing, text and JSON; and a dump's messages, NLM_F_DUMP_INTR included,
 * through the reply code that "list" uses.
 */

#include "tests.h"
#include "canned.h"
#include "entry.h"
#include "nl.h"
#include "status.h"
#include "util.h"

#include <errno.h>
#include <linux/genetlink.h>
#include <stdlib.h>
#include <string.h>

static _Alignas(struct nlmsghdr) char msgbuf[8192];

static void check_status(const char *name, const struct nlmsghdr *nlh,
			 const char *text, const char *json,
			 const char *pretty)
{
	struct fg_status st;
	struct capture c;

	if (!tap_ok(fg_status_parse(nlh, &st) == 0 && st.valid,
		    "status %s: parsed", name))
		return;
	fg_status_print_text(capture_start(&c), &st);
	tap_str(capture_end(&c), text, "status %s: text", name);
	capture_free(&c);
	fg_status_print_json(capture_start(&c), &st, false);
	tap_str(capture_end(&c), json, "status %s: JSON", name);
	capture_free(&c);
	if (!pretty)
		return;
	fg_status_print_json(capture_start(&c), &st, true);
	tap_str(capture_end(&c), pretty, "status %s: pretty JSON", name);
	capture_free(&c);
}

static void test_status(void)
{
	static const struct canned_table tables[] = {
		{ FLOODGATE_TABLE_BLOCK, 12, 1048576, 2, 2202009 },
		{ FLOODGATE_TABLE_ALLOW, 0, 1048576, 0, 1024 },
		{ FLOODGATE_TABLE_LIMIT, 3017, 262144, 0, 27262976 },
	};
	static const struct canned_table odd[] = {
		{ FLOODGATE_TABLE_BLOCK, 4000000, 16777216, 129,
		  1073741824ULL * 3 / 2 },
		{ FLOODGATE_TABLE_ALLOW, 1, 1, 1, 1023 },
		{ 7, 0, 5, 0, 1048525 },	/* 1023.95 KiB: 1.0 MiB */
	};
	struct nlmsghdr *nlh;
	struct fg_status st;

	check_status("two tables", canned_status(msgbuf, tables, 2),
		     "floodgate 0.1.0, hook priority -500\n"
		     "table  entries  capacity  memory   prefix-lengths\n"
		     "block  12       1048576   2.1 MiB  2\n"
		     "allow  0        1048576   1.0 KiB  0\n",
		     "{\"version\":\"0.1.0\",\"hook-priority\":-500,\"tables\":{"
		     "\"block\":{\"entries\":12,\"capacity\":1048576,"
		     "\"memory\":2202009,\"prefix-lengths\":2},"
		     "\"allow\":{\"entries\":0,\"capacity\":1048576,"
		     "\"memory\":1024,\"prefix-lengths\":0}}}\n", NULL);
	check_status("with the limiter's keys", canned_status(msgbuf, tables, 3),
		     "floodgate 0.1.0, hook priority -500\n"
		     "table  entries  capacity  memory    prefix-lengths\n"
		     "block  12       1048576   2.1 MiB   2\n"
		     "allow  0        1048576   1.0 KiB   0\n"
		     "limit  3017     262144    26.0 MiB  -\n",
		     "{\"version\":\"0.1.0\",\"hook-priority\":-500,\"tables\":{"
		     "\"block\":{\"entries\":12,\"capacity\":1048576,"
		     "\"memory\":2202009,\"prefix-lengths\":2},"
		     "\"allow\":{\"entries\":0,\"capacity\":1048576,"
		     "\"memory\":1024,\"prefix-lengths\":0},"
		     "\"limit\":{\"entries\":3017,\"capacity\":262144,"
		     "\"memory\":27262976}}}\n",
		     "{\n"
		     "    \"version\": \"0.1.0\",\n"
		     "    \"hook-priority\": -500,\n"
		     "    \"tables\": {\n"
		     "        \"block\": {\n"
		     "            \"entries\": 12,\n"
		     "            \"capacity\": 1048576,\n"
		     "            \"memory\": 2202009,\n"
		     "            \"prefix-lengths\": 2\n"
		     "        },\n"
		     "        \"allow\": {\n"
		     "            \"entries\": 0,\n"
		     "            \"capacity\": 1048576,\n"
		     "            \"memory\": 1024,\n"
		     "            \"prefix-lengths\": 0\n"
		     "        },\n"
		     "        \"limit\": {\n"
		     "            \"entries\": 3017,\n"
		     "            \"capacity\": 262144,\n"
		     "            \"memory\": 27262976\n"
		     "        }\n"
		     "    }\n"
		     "}\n");
	check_status("wide values, bytes, a newer module's table",
		     canned_status(msgbuf, odd, 3),
		     "floodgate 0.1.0, hook priority -500\n"
		     "table  entries  capacity  memory   prefix-lengths\n"
		     "block  4000000  16777216  1.5 GiB  129\n"
		     "allow  1        1         1023 B   1\n"
		     "7      0        5         1.0 MiB  0\n",
		     "{\"version\":\"0.1.0\",\"hook-priority\":-500,\"tables\":{"
		     "\"block\":{\"entries\":4000000,\"capacity\":16777216,"
		     "\"memory\":1610612736,\"prefix-lengths\":129},"
		     "\"allow\":{\"entries\":1,\"capacity\":1,\"memory\":1023,"
		     "\"prefix-lengths\":1},"
		     "\"7\":{\"entries\":0,\"capacity\":5,\"memory\":1048525,"
		     "\"prefix-lengths\":0}}}\n", NULL);

	/* A table reporting only its id: '-' in text, nothing in JSON. */
	nlh = canned_header(msgbuf, FLOODGATE_CMD_GET_STATUS);
	{
		struct nlattr *tables = mnl_attr_nest_start(nlh,
							    FLOODGATE_A_TABLES);
		struct nlattr *t = mnl_attr_nest_start(nlh, 0);

		mnl_attr_put_u8(nlh, FLOODGATE_TABLE_A_ID, 0);
		mnl_attr_put_u32(nlh, 99, 1);	/* a newer field */
		mnl_attr_nest_end(nlh, t);
		mnl_attr_nest_end(nlh, tables);
	}
	check_status("missing fields", nlh,
		     "floodgate -\n"
		     "table  entries  capacity  memory  prefix-lengths\n"
		     "block  -        -         -       -\n",
		     "{\"tables\":{\"block\":{}}}\n", NULL);

	/* The SYN proxy's hold on conntrack, after the tables. */
	nlh = canned_status(msgbuf, tables, 1);
	mnl_attr_put_u8(nlh, FLOODGATE_A_SYNPROXY_CT, FLOODGATE_SYNPROXY_CT_HELD);
	mnl_attr_put_u32(nlh, FLOODGATE_A_SYNPROXY_PROXIED, 3);
	check_status("synproxy held", nlh,
		     "floodgate 0.1.0, hook priority -500\n"
		     "table  entries  capacity  memory   prefix-lengths\n"
		     "block  12       1048576   2.1 MiB  2\n"
		     "synproxy: conntrack held, 3 proxied connections open\n",
		     "{\"version\":\"0.1.0\",\"hook-priority\":-500,\"tables\":{"
		     "\"block\":{\"entries\":12,\"capacity\":1048576,"
		     "\"memory\":2202009,\"prefix-lengths\":2}},"
		     "\"synproxy\":{\"conntrack\":\"held\",\"proxied\":3}}\n", NULL);
	nlh = canned_status(msgbuf, tables, 0);
	mnl_attr_put_u8(nlh, FLOODGATE_A_SYNPROXY_CT, FLOODGATE_SYNPROXY_CT_HELD);
	mnl_attr_put_u32(nlh, FLOODGATE_A_SYNPROXY_PROXIED, 1);
	check_status("synproxy held, one connection", nlh,
		     "floodgate 0.1.0, hook priority -500\n"
		     "synproxy: conntrack held, 1 proxied connection open\n",
		     "{\"version\":\"0.1.0\",\"hook-priority\":-500,\"tables\":{},"
		     "\"synproxy\":{\"conntrack\":\"held\",\"proxied\":1}}\n", NULL);
	nlh = canned_status(msgbuf, tables, 0);
	mnl_attr_put_u8(nlh, FLOODGATE_A_SYNPROXY_CT, FLOODGATE_SYNPROXY_CT_ENGAGED);
	check_status("synproxy engaged", nlh,
		     "floodgate 0.1.0, hook priority -500\n"
		     "synproxy: conntrack engaged\n",
		     "{\"version\":\"0.1.0\",\"hook-priority\":-500,\"tables\":{},"
		     "\"synproxy\":{\"conntrack\":\"engaged\"}}\n", NULL);
	nlh = canned_status(msgbuf, tables, 0);
	mnl_attr_put_u8(nlh, FLOODGATE_A_SYNPROXY_CT, 9);
	check_status("synproxy: a newer state", nlh,
		     "floodgate 0.1.0, hook priority -500\n"
		     "synproxy: conntrack 9\n",
		     "{\"version\":\"0.1.0\",\"hook-priority\":-500,\"tables\":{},"
		     "\"synproxy\":{\"conntrack\":\"9\"}}\n", NULL);
	nlh = canned_status(msgbuf, tables, 0);
	mnl_attr_put_u32(nlh, FLOODGATE_A_SYNPROXY_CT, 1);
	tap_ok(fg_status_parse(nlh, &st) == -EBADMSG,
	       "status: a synproxy conntrack state of the wrong size is refused");

	nlh = canned_status(msgbuf, tables, 2);
	((struct genlmsghdr *)mnl_nlmsg_get_payload(nlh))->cmd =
		FLOODGATE_CMD_GET_STATS;
	tap_ok(fg_status_parse(nlh, &st) == -EBADMSG && !st.valid,
	       "status: a reply to another command is refused");

	nlh = canned_header(msgbuf, FLOODGATE_CMD_GET_STATUS);
	mnl_attr_put_u64(nlh, FLOODGATE_A_HOOK_PRIORITY, 1);
	tap_ok(fg_status_parse(nlh, &st) == -EBADMSG,
	       "status: a hook priority of the wrong size is refused");

	nlh = canned_header(msgbuf, FLOODGATE_CMD_GET_STATUS);
	{
		struct nlattr *tables = mnl_attr_nest_start(nlh,
							    FLOODGATE_A_TABLES);
		struct nlattr *t = mnl_attr_nest_start(nlh, 0);

		mnl_attr_put_u32(nlh, FLOODGATE_TABLE_A_ENTRIES, 1);
		mnl_attr_nest_end(nlh, t);
		mnl_attr_nest_end(nlh, tables);
	}
	tap_ok(fg_status_parse(nlh, &st) == -EBADMSG,
	       "status: a table without its id is refused");

	nlh = canned_status(msgbuf, tables, 3);
	tap_ok(fg_status_parse(nlh, &st) == 0 &&
	       fg_status_table(&st, FLOODGATE_TABLE_ALLOW) == &st.tables[1] &&
	       fg_status_table(&st, FLOODGATE_TABLE_LIMIT) == &st.tables[2] &&
	       !fg_status_table(&st, 5),
	       "status: tables are found by id");
}

static const struct canned_entry sample[] = {
	{ "198.51.100.0", 24, 118, 42, 3, FLOODGATE_ORIGIN_MANUAL },
	{ "203.0.113.7", 32, -1, 0, -1, FLOODGATE_ORIGIN_AUTO },
	{ "2001:db8::", 32, 5, 18446744073709551615ULL, 0,
	  FLOODGATE_ORIGIN_MANUAL },
	{ "2001:db8::1", 128, -1, 7, 86400, 9 },
	{ "192.0.2.1", -1, -1, 1, -1, FLOODGATE_ORIGIN_MANUAL },
};

static const char *const sample_text[] = {
	"198.51.100.0/24 timeout 118 hits 42 last-hit 3 origin manual",
	"203.0.113.7 hits 0 origin auto",
	"2001:db8::/32 timeout 5 hits 18446744073709551615 last-hit 0 origin manual",
	"2001:db8::1 hits 7 last-hit 86400 origin 9",
	"192.0.2.1 hits 1 origin manual",
};

static const char *const sample_json[] = {
	"{\"prefix\":\"198.51.100.0/24\",\"timeout\":118,\"hits\":42,\"last-hit\":3,\"origin\":\"manual\"}",
	"{\"prefix\":\"203.0.113.7\",\"hits\":0,\"origin\":\"auto\"}",
	"{\"prefix\":\"2001:db8::/32\",\"timeout\":5,\"hits\":18446744073709551615,\"last-hit\":0,\"origin\":\"manual\"}",
	"{\"prefix\":\"2001:db8::1\",\"hits\":7,\"last-hit\":86400,\"origin\":\"9\"}",
	"{\"prefix\":\"192.0.2.1\",\"hits\":1,\"origin\":\"manual\"}",
};

struct seen {
	struct fg_entry e[16];
	size_t n;
};

static int seen_cb(const struct fg_entry *e, void *data)
{
	struct seen *s = data;

	if (s->n == ARRAY_SIZE(s->e))
		return -E2BIG;
	s->e[s->n++] = *e;
	return 0;
}

/* Entries counted, and whether entry i had i hits and length 24. */
struct in_order {
	size_t n;
	bool in_order;
};

static int count_cb(const struct fg_entry *e, void *data)
{
	struct in_order *got = data;

	got->in_order &= e->hits == got->n && e->prefix.len == 24;
	got->n++;
	return 0;
}

static void test_entries(void)
{
	struct seen s = { .n = 0 };
	struct nlmsghdr *nlh = canned_entries(msgbuf, FLOODGATE_TABLE_BLOCK,
					      sample, ARRAY_SIZE(sample));
	struct capture c;
	struct json j;
	size_t i;

	if (!tap_ok(fg_entry_parse_msg(nlh, FLOODGATE_TABLE_BLOCK, seen_cb,
				       &s) == 0 && s.n == ARRAY_SIZE(sample),
		    "entries: a reply's entries parsed"))
		return;
	for (i = 0; i < s.n; i++) {
		fg_entry_print_text(capture_start(&c), &s.e[i]);
		tap_str(capture_end(&c), sample_text[i], "entries: text %zu", i);
		capture_free(&c);
		json_init(&j, capture_start(&c), false);
		fg_entry_print_json(&j, NULL, &s.e[i]);
		tap_str(capture_end(&c), sample_json[i], "entries: JSON %zu", i);
		capture_free(&c);
	}

	s.n = 0;
	tap_ok(fg_entry_parse_msg(nlh, FLOODGATE_TABLE_ALLOW, seen_cb, &s) ==
	       -EBADMSG && !s.n,
	       "entries: a reply about the other table is refused");
}

/* The attribute of @nlh of @type that comes last, or NULL. */
static struct nlattr *last_attr(struct nlmsghdr *nlh, uint16_t type)
{
	struct nlattr *a, *last = NULL;

	mnl_attr_for_each(a, nlh, GENL_HDRLEN)
		if (mnl_attr_get_type(a) == type)
			last = a;
	return last;
}

static void test_bad_entries(void)
{
	static const struct canned_entry too_long[] = {
		{ "192.0.2.0", 33, -1, 0, -1, 0 },
	};
	struct seen s = { .n = 0 };
	struct nlmsghdr *nlh;
	struct nlattr *e;

	nlh = canned_entries(msgbuf, FLOODGATE_TABLE_BLOCK, too_long, 1);
	tap_ok(fg_entry_parse_msg(nlh, FLOODGATE_TABLE_BLOCK, seen_cb, &s) ==
	       -EBADMSG, "entries: a prefix length past the address is refused");

	nlh = canned_header(msgbuf, FLOODGATE_CMD_ENTRY_GET);
	e = mnl_attr_nest_start(nlh, FLOODGATE_A_ENTRY);
	mnl_attr_put(nlh, FLOODGATE_ENTRY_A_ADDR, 5, "abcde");
	mnl_attr_nest_end(nlh, e);
	tap_ok(fg_entry_parse_msg(nlh, FLOODGATE_TABLE_BLOCK, seen_cb, &s) ==
	       -EBADMSG, "entries: a 5-byte address is refused");

	nlh = canned_header(msgbuf, FLOODGATE_CMD_ENTRY_GET);
	e = mnl_attr_nest_start(nlh, FLOODGATE_A_ENTRY);
	mnl_attr_put_u8(nlh, FLOODGATE_ENTRY_A_PREFIXLEN, 8);
	mnl_attr_nest_end(nlh, e);
	tap_ok(fg_entry_parse_msg(nlh, FLOODGATE_TABLE_BLOCK, seen_cb, &s) ==
	       -EBADMSG, "entries: an entry without an address is refused");

	/* Cut the last attribute of the last entry in half. */
	nlh = canned_entries(msgbuf, FLOODGATE_TABLE_BLOCK, sample, 2);
	last_attr(nlh, FLOODGATE_A_ENTRY)->nla_len -= 4;
	nlh->nlmsg_len -= 4;
	s.n = 0;
	tap_ok(fg_entry_parse_msg(nlh, FLOODGATE_TABLE_BLOCK, seen_cb, &s) ==
	       -EBADMSG && !s.n,
	       "entries: a truncated entry nest is refused, before any entry is taken");

	/* Cut the message inside its last entry, the entry left as it was. */
	nlh = canned_entries(msgbuf, FLOODGATE_TABLE_BLOCK, sample, 3);
	nlh->nlmsg_len -= 8;
	s.n = 0;
	tap_ok(fg_entry_parse_msg(nlh, FLOODGATE_TABLE_BLOCK, seen_cb, &s) ==
	       -EBADMSG && !s.n,
	       "entries: a message cut inside its last entry is refused, before any entry is taken");

	nlh = canned_entries(msgbuf, FLOODGATE_TABLE_BLOCK, sample, 2);
	mnl_attr_put_u32(nlh, FLOODGATE_A_ENTRY, 1);
	s.n = 0;
	tap_ok(fg_entry_parse_msg(nlh, FLOODGATE_TABLE_BLOCK, seen_cb, &s) ==
	       -EBADMSG && !s.n,
	       "entries: a FLOODGATE_A_ENTRY that is no nest is refused");

	/* The table may come after the entries: still checked first. */
	nlh = canned_entries(msgbuf, FLOODGATE_TABLE_BLOCK, sample, 2);
	mnl_attr_put_u8(nlh, FLOODGATE_A_TABLE, FLOODGATE_TABLE_ALLOW);
	s.n = 0;
	tap_ok(fg_entry_parse_msg(nlh, FLOODGATE_TABLE_BLOCK, seen_cb, &s) ==
	       -EBADMSG && !s.n,
	       "entries: another table named after the entries is refused, before any entry is taken");

	/* The timeout an entry was added with: taken, of its size. */
	nlh = canned_header(msgbuf, FLOODGATE_CMD_ENTRY_GET);
	e = mnl_attr_nest_start(nlh, FLOODGATE_A_ENTRY);
	mnl_attr_put(nlh, FLOODGATE_ENTRY_A_ADDR, 4, "\xc6\x33\x64\x07");
	mnl_attr_put_u32(nlh, FLOODGATE_ENTRY_A_TIMEOUT, 300);
	mnl_attr_nest_end(nlh, e);
	s.n = 0;
	tap_ok(fg_entry_parse_msg(nlh, FLOODGATE_TABLE_BLOCK, seen_cb, &s) ==
	       0 && s.n == 1 && s.e[0].has == FG_ENTRY_TIMEOUT &&
	       s.e[0].timeout == 300 && s.e[0].prefix.len == 32,
	       "entries: the timeout an entry was added with is taken");
	nlh = canned_header(msgbuf, FLOODGATE_CMD_ENTRY_GET);
	e = mnl_attr_nest_start(nlh, FLOODGATE_A_ENTRY);
	mnl_attr_put(nlh, FLOODGATE_ENTRY_A_ADDR, 4, "\xc6\x33\x64\x07");
	mnl_attr_put_u8(nlh, FLOODGATE_ENTRY_A_TIMEOUT, 3);
	mnl_attr_nest_end(nlh, e);
	tap_ok(fg_entry_parse_msg(nlh, FLOODGATE_TABLE_BLOCK, seen_cb, &s) ==
	       -EBADMSG, "entries: a timeout of the wrong size is refused");

	nlh = canned_header(msgbuf, FLOODGATE_CMD_ENTRY_GET);
	mnl_attr_put_u8(nlh, FLOODGATE_A_TABLE, FLOODGATE_TABLE_BLOCK);
	s.n = 0;
	tap_ok(fg_entry_parse_msg(nlh, FLOODGATE_TABLE_BLOCK, seen_cb, &s) ==
	       0 && !s.n,
	       "entries: a message with the table and no FLOODGATE_A_ENTRY: no entry, no error");
}

/* Entries and unknown attributes mixed, as a newer module may send. */
static void test_mixed(void)
{
	struct seen s = { .n = 0 };
	struct nlmsghdr *nlh = canned_header(msgbuf, FLOODGATE_CMD_ENTRY_GET);
	struct nlmsghdr *one;
	size_t i;
	bool ok;

	mnl_attr_put_u32(nlh, FLOODGATE_A_MAX + 1, 5);
	for (i = 0; i < 3; i++) {
		_Alignas(struct nlmsghdr) char tmp[512];
		struct nlattr *a;

		/* Entry i, copied from a reply of it alone. */
		one = canned_entries(tmp, FLOODGATE_TABLE_BLOCK, sample + i, 1);
		a = last_attr(one, FLOODGATE_A_ENTRY);
		memcpy(mnl_nlmsg_get_payload_tail(nlh), a, a->nla_len);
		nlh->nlmsg_len += MNL_ALIGN(a->nla_len);
		if (i == 1)
			mnl_attr_put_u8(nlh, FLOODGATE_A_TABLE,
					FLOODGATE_TABLE_BLOCK);
		mnl_attr_put(nlh, FLOODGATE_A_MAX + 2, 0, NULL);
	}
	ok = fg_entry_parse_msg(nlh, FLOODGATE_TABLE_BLOCK, seen_cb, &s) == 0 &&
	     s.n == 3;
	for (i = 0; ok && i < 3; i++) {
		struct capture c;

		fg_entry_print_text(capture_start(&c), &s.e[i]);
		ok = !strcmp(capture_end(&c), sample_text[i]);
		capture_free(&c);
	}
	tap_ok(ok, "entries: unknown attributes around and between the entries, the table among them: skipped");
}

/* A dump message as full as the kernel makes them (32 KiB). */
static void test_full_message(void)
{
	static _Alignas(struct nlmsghdr) char big[32768];
	static struct canned_entry many[700];
	static char addrs[700][16];
	struct nlmsghdr *nlh = canned_header(big, FLOODGATE_CMD_ENTRY_GET);
	struct in_order got = { 0, true };
	size_t i, n = 0;

	for (i = 0; i < ARRAY_SIZE(many); i++) {
		snprintf(addrs[i], sizeof(addrs[i]), "10.%zu.%zu.0", i >> 8,
			 i & 0xff);
		many[i] = (struct canned_entry){ addrs[i], 24, -1, i, -1, 0 };
	}
	/* As many as fit, as the kernel's dump does. */
	mnl_attr_put_u8(nlh, FLOODGATE_A_TABLE, FLOODGATE_TABLE_BLOCK);
	while (n < ARRAY_SIZE(many) &&
	       nlh->nlmsg_len + 64 < sizeof(big)) {
		_Alignas(struct nlmsghdr) char tmp[512];
		struct nlmsghdr *one = canned_entries(tmp, FLOODGATE_TABLE_BLOCK,
						      &many[n], 1);
		struct nlattr *a = last_attr(one, FLOODGATE_A_ENTRY);

		memcpy(mnl_nlmsg_get_payload_tail(nlh), a, a->nla_len);
		nlh->nlmsg_len += MNL_ALIGN(a->nla_len);
		n++;
	}
	tap_ok(fg_entry_parse_msg(nlh, FLOODGATE_TABLE_BLOCK, count_cb,
				  &got) == 0 && got.n == n && got.in_order &&
	       n > 600,
	       "entries: a 32 KiB dump message of %zu entries, all parsed, in order",
	       n);
}

static void test_sort(void)
{
	struct seen s = { .n = 0 };
	static const struct canned_entry unsorted[] = {
		{ "2001:db8::1", 128, -1, 0, -1, 0 },
		{ "10.0.0.0", 8, -1, 0, -1, 0 },
		{ "9.255.255.255", 32, -1, 0, -1, 0 },
		{ "10.0.0.0", 16, -1, 0, -1, 0 },
		{ "::", 0, -1, 0, -1, 0 },
	};
	static const char *const want[] = {
		"9.255.255.255", "10.0.0.0/8", "10.0.0.0/16", "::/0",
		"2001:db8::1",
	};
	char buf[FG_PREFIX_STRLEN];
	bool ok;
	size_t i;

	fg_entry_parse_msg(canned_entries(msgbuf, FLOODGATE_TABLE_BLOCK,
					  unsorted, 5),
			   FLOODGATE_TABLE_BLOCK, seen_cb, &s);
	qsort(s.e, s.n, sizeof(s.e[0]), fg_entry_cmp);
	ok = s.n == 5;
	for (i = 0; ok && i < s.n; i++)
		ok = !strcmp(format_prefix(&s.e[i].prefix, buf), want[i]);
	tap_ok(ok, "entries: sorted IPv4 first, by address, then length");
}

/* A dump of three messages and NLMSG_DONE, through the reply code. */
static size_t dump_len;
static _Alignas(struct nlmsghdr) char dump_buf[8192];

static void dump_add(struct nlmsghdr *nlh, uint16_t flags)
{
	nlh->nlmsg_flags |= NLM_F_MULTI | flags;
	nlh->nlmsg_seq = 3;
	dump_len += nlh->nlmsg_len;
}

static void dump_done(uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(dump_buf + dump_len);

	nlh->nlmsg_type = NLMSG_DONE;
	memset(mnl_nlmsg_put_extra_header(nlh, sizeof(int)), 0, sizeof(int));
	dump_add(nlh, flags);
}

static int dump_cb(const struct nlmsghdr *nlh, void *data)
{
	return fg_entry_parse_msg(nlh, FLOODGATE_TABLE_BLOCK, seen_cb, data) ?
	       MNL_CB_ERROR : MNL_CB_OK;
}

/* Runs a dump whose message @intr_at (1-based; 4: NLMSG_DONE) is INTR. */
static bool run_dump(int intr_at, struct seen *s, struct fg_nl_reply *rp)
{
	struct nlmsghdr req = { .nlmsg_type = CANNED_FAMILY, .nlmsg_seq = 3 };
	int i;

	dump_len = 0;
	for (i = 0; i < 3; i++)
		dump_add(canned_entries(dump_buf + dump_len,
					FLOODGATE_TABLE_BLOCK, sample + i, i + 1),
			 intr_at == i + 1 ? NLM_F_DUMP_INTR : 0);
	dump_done(intr_at == 4 ? NLM_F_DUMP_INTR : 0);
	s->n = 0;
	fg_nl_reply_init(rp, &req, 0, dump_cb, s);
	return fg_nl_reply_run(rp, dump_buf, dump_len) == MNL_CB_STOP;
}

static void test_dump(void)
{
	struct fg_nl_reply rp;
	struct seen s;
	int at;

	tap_ok(run_dump(0, &s, &rp) && s.n == 6 && !rp.dump_intr,
	       "dump: three messages, six entries, consistent");
	for (at = 1; at <= 4; at++)
		tap_ok(run_dump(at, &s, &rp) && s.n == 6 && rp.dump_intr,
		       "dump: NLM_F_DUMP_INTR on %s is noticed",
		       at == 4 ? "NLMSG_DONE" : at == 1 ? "the first message" :
		       "a later message");
}

void test_table(void)
{
	test_status();
	test_entries();
	test_bad_entries();
	test_mixed();
	test_full_message();
	test_sort();
	test_dump();
}
