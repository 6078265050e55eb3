// SPDX-License-Identifier: GPL-2.0
/*
 * The limit object without a socket: the grammar of "limit set", "del"
 * and "top" (what each accepted command asks for), the LIMIT_SET request
 * built from it, and canned LIMIT_GET and LIMIT_TOP replies (canned.c)
 * parsed and printed as text and JSON. The refusals, with their messages
 * and exit codes, are tested through the program in test_cli.c.
 */

#include "tests.h"
#include "canned.h"
#include "limit.h"
#include "nl.h"
#include "util.h"

#include <errno.h>
#include <linux/genetlink.h>
#include <stdlib.h>
#include <string.h>

static _Alignas(struct nlmsghdr) char msgbuf[65536];

/* Names of the attributes of a policy, for the descriptions below. */
static const char *const names[FLOODGATE_LIMIT_A_MAX + 1] = {
	[FLOODGATE_LIMIT_A_PROTO] = "proto",
	[FLOODGATE_LIMIT_A_PORT_MIN] = "port-min",
	[FLOODGATE_LIMIT_A_PORT_MAX] = "port-max",
	[FLOODGATE_LIMIT_A_PPS] = "pps",
	[FLOODGATE_LIMIT_A_BURST] = "burst",
	[FLOODGATE_LIMIT_A_SYN_PPS] = "syn-pps",
	[FLOODGATE_LIMIT_A_SYN_BURST] = "syn-burst",
	[FLOODGATE_LIMIT_A_BPS] = "bps",
	[FLOODGATE_LIMIT_A_BYTES_BURST] = "bytes-burst",
	[FLOODGATE_LIMIT_A_V4_PREFIX] = "v4-prefix",
	[FLOODGATE_LIMIT_A_V6_PREFIX] = "v6-prefix",
	[FLOODGATE_LIMIT_A_BLOCK_AFTER] = "block-after",
	[FLOODGATE_LIMIT_A_BLOCK_WINDOW] = "block-window",
	[FLOODGATE_LIMIT_A_BLOCK_TIME] = "block-time",
};

/* The fields of @l set, as "proto=17 port-min=53 ...", in type order. */
static const char *describe(const struct fg_limit *l)
{
	static char buf[512];
	size_t n = 0;
	unsigned int a;

	buf[0] = '\0';
	for (a = 0; a <= FLOODGATE_LIMIT_A_MAX; a++)
		if (l->present[a])
			n += snprintf(buf + n, sizeof(buf) - n, "%s%s=%llu",
				      n ? " " : "", names[a] ? names[a] : "?",
				      (unsigned long long)l->value[a]);
	return buf;
}

/* Splits @line at spaces into @argv, in @store. */
static int split(const char *line, char *store, size_t size, char *argv[64])
{
	char *save = NULL, *w;
	int n = 0;

	snprintf(store, size, "%s", line);
	for (w = strtok_r(store, " ", &save); w && n < 64;
	     w = strtok_r(NULL, " ", &save))
		argv[n++] = w;
	return n;
}

static void test_set_grammar(void)
{
	static const struct {
		const char *words;
		const char *want;	/* describe(); or "max=N" */
	} cases[] = {
		{ "pps 1000", "pps=1000" },
		{ "pps 1000 burst 2000", "pps=1000 burst=2000" },
		/* Keywords in any order after the selector. */
		{ "burst 2000 pps 1000", "pps=1000 burst=2000" },
		{ "syn-pps 50", "syn-pps=50" },
		{ "syn-burst 7", "syn-burst=7" },
		{ "bps 125000000", "bps=125000000" },
		{ "bytes-burst 1500", "bytes-burst=1500" },
		{ "v4-prefix 24", "v4-prefix=24" },
		{ "v6-prefix 48", "v6-prefix=48" },
		{ "block-after 100", "block-after=100" },
		{ "block-window 30", "block-window=30" },
		{ "block-time 600", "block-time=600" },
		/* Every keyword at once, at the edges of its range. */
		{ "block-time 2147483 block-window 86400 block-after 4294967295 "
		  "v6-prefix 128 v4-prefix 1 bytes-burst 18446744073709551615 "
		  "bps 1000000000000 syn-burst 0 syn-pps 0 burst 1 pps 1",
		  "pps=1 burst=1 syn-pps=0 syn-burst=0 bps=1000000000000 "
		  "bytes-burst=18446744073709551615 v4-prefix=1 v6-prefix=128 "
		  "block-after=4294967295 block-window=86400 block-time=2147483" },
		/* Durations take units, as timeouts do. */
		{ "block-window 1m block-time 1d", "block-window=60 block-time=86400" },
		{ "block-window 1d", "block-window=86400" },
		/* Zero: unlimited, and a burst of 0 with it. */
		{ "pps 0 burst 0", "pps=0 burst=0" },
		{ "burst 0", "burst=0" },
		{ "bps 0 bytes-burst 0 syn-pps 0", "syn-pps=0 bps=0 bytes-burst=0" },
		{ "block-after 0", "block-after=0" },
		/* Selectors: tcp and udp without a port are all ports. */
		{ "proto udp port 53 pps 50 burst 100",
		  "proto=17 port-min=53 port-max=53 pps=50 burst=100" },
		{ "proto tcp port 1000-2000 syn-pps 10",
		  "proto=6 port-min=1000 port-max=2000 syn-pps=10" },
		{ "proto tcp", "proto=6 port-min=1 port-max=65535" },
		{ "proto udp pps 5", "proto=17 port-min=1 port-max=65535 pps=5" },
		{ "proto udp port 1-65535", "proto=17 port-min=1 port-max=65535" },
		{ "proto tcp port 65535", "proto=6 port-min=65535 port-max=65535" },
		{ "proto icmp pps 10", "proto=1 pps=10" },
		{ "proto icmpv6 pps 10", "proto=1 pps=10" },
		{ "max 5000", "max=5000" },
		{ "max 1", "max=1" },
		{ "max 16777216", "max=16777216" },
	};
	char store[512], why[256], *argv[64], want[64];
	struct fg_limit_set s;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		int argc = split(cases[i].words, store, sizeof(store), argv);
		int ret = fg_limit_parse_set(argv, argc, &s, why, sizeof(why));

		if (!tap_ok(ret == 0, "limit set %s: accepted", cases[i].words)) {
			printf("#   %s\n", why);
			continue;
		}
		if (s.is_capacity) {
			snprintf(want, sizeof(want), "max=%u", s.capacity);
			tap_str(want, cases[i].want, "limit set %s: the capacity",
				cases[i].words);
		} else {
			tap_str(describe(&s.policy), cases[i].want,
				"limit set %s: the policy asked for",
				cases[i].words);
		}
	}
}

static void test_del_top_grammar(void)
{
	static const struct {
		const char *words;
		const char *want;
	} cases[] = {
		{ "proto udp port 53", "proto=17 port-min=53 port-max=53" },
		{ "proto tcp port 1000-2000", "proto=6 port-min=1000 port-max=2000" },
		{ "proto tcp", "proto=6 port-min=1 port-max=65535" },
		{ "proto icmp", "proto=1" },
	};
	char store[256], why[256], *argv[64];
	struct fg_limit l;
	uint32_t count;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		int argc = split(cases[i].words, store, sizeof(store), argv);

		if (tap_ok(!fg_limit_parse_del(argv, argc, &l, why, sizeof(why)),
			   "limit del %s: accepted", cases[i].words))
			tap_str(describe(&l), cases[i].want,
				"limit del %s: the override named",
				cases[i].words);
	}
	tap_ok(!fg_limit_parse_top(NULL, 0, &count, why, sizeof(why)) &&
	       count == 10, "limit top: 10 keys when not told");
	argv[0] = "1000";
	tap_ok(!fg_limit_parse_top(argv, 1, &count, why, sizeof(why)) &&
	       count == 1000, "limit top 1000");
	argv[0] = "1";
	tap_ok(!fg_limit_parse_top(argv, 1, &count, why, sizeof(why)) &&
	       count == 1, "limit top 1");
}

/*
 * The request's attributes as the module's policy reads them: a nested
 * FLOODGATE_A_LIMIT, filling the message, of attributes of the sizes the
 * module wants.
 */
static void test_request(void)
{
	static const unsigned int sizes[FLOODGATE_LIMIT_A_MAX + 1] = {
		[FLOODGATE_LIMIT_A_PROTO] = 1,
		[FLOODGATE_LIMIT_A_PORT_MIN] = 2,
		[FLOODGATE_LIMIT_A_PORT_MAX] = 2,
		[FLOODGATE_LIMIT_A_PPS] = 8,
		[FLOODGATE_LIMIT_A_BURST] = 8,
		[FLOODGATE_LIMIT_A_SYN_PPS] = 8,
		[FLOODGATE_LIMIT_A_SYN_BURST] = 8,
		[FLOODGATE_LIMIT_A_BPS] = 8,
		[FLOODGATE_LIMIT_A_BYTES_BURST] = 8,
		[FLOODGATE_LIMIT_A_V4_PREFIX] = 1,
		[FLOODGATE_LIMIT_A_V6_PREFIX] = 1,
		[FLOODGATE_LIMIT_A_BLOCK_AFTER] = 4,
		[FLOODGATE_LIMIT_A_BLOCK_WINDOW] = 4,
		[FLOODGATE_LIMIT_A_BLOCK_TIME] = 4,
	};
	static const char words[] =
		"proto tcp port 8000-8080 pps 1000 burst 2000 syn-pps 50 "
		"syn-burst 100 bps 1000000000000 bytes-burst 3000000 "
		"v4-prefix 24 v6-prefix 56 block-after 500 block-window 1m "
		"block-time 1h";
	static const char want[] =
		"proto=6 port-min=8000 port-max=8080 pps=1000 burst=2000 "
		"syn-pps=50 syn-burst=100 bps=1000000000000 "
		"bytes-burst=3000000 v4-prefix=24 v6-prefix=56 block-after=500 "
		"block-window=60 block-time=3600";
	char store[512], why[256], *argv[64];
	const struct nlattr *attr, *a;
	struct fg_limit_set s;
	struct fg_limit got;
	struct nlmsghdr *nlh;
	unsigned int nests = 0;
	bool sizes_ok = true, nested = false;
	int argc;

	argc = split(words, store, sizeof(store), argv);
	if (!tap_ok(!fg_limit_parse_set(argv, argc, &s, why, sizeof(why)),
		    "limit set request: every keyword accepted"))
		return;
	nlh = fg_nl_put_header(msgbuf, CANNED_FAMILY, FLOODGATE_CMD_LIMIT_SET);
	fg_limit_put(nlh, &s.policy);
	memset(&got, 0, sizeof(got));
	mnl_attr_for_each(attr, nlh, GENL_HDRLEN) {
		if (mnl_attr_get_type(attr) != FLOODGATE_A_LIMIT)
			continue;
		nests++;
		nested = attr->nla_type & NLA_F_NESTED;
		mnl_attr_for_each_nested(a, attr) {
			uint16_t t = mnl_attr_get_type(a);
			unsigned int len = mnl_attr_get_payload_len(a);

			if (t > FLOODGATE_LIMIT_A_MAX || len != sizes[t]) {
				sizes_ok = false;
				continue;
			}
			got.present[t] = true;
			got.value[t] = len == 1 ? mnl_attr_get_u8(a) :
				       len == 2 ? mnl_attr_get_u16(a) :
				       len == 4 ? mnl_attr_get_u32(a) :
				       mnl_attr_get_u64(a);
		}
	}
	tap_ok(nests == 1 && nested && fg_nl_attrs_ok(nlh, GENL_HDRLEN),
	       "limit set request: one FLOODGATE_A_LIMIT, NLA_F_NESTED, filling the message");
	tap_ok(sizes_ok, "limit set request: every attribute of the size the module wants");
	tap_str(describe(&got), want, "limit set request: the attributes and their values");

	/* The default policy: no selector at all. */
	argc = split("pps 10", store, sizeof(store), argv);
	fg_limit_parse_set(argv, argc, &s, why, sizeof(why));
	nlh = fg_nl_put_header(msgbuf, CANNED_FAMILY, FLOODGATE_CMD_LIMIT_SET);
	fg_limit_put(nlh, &s.policy);
	attr = mnl_nlmsg_get_payload_offset(nlh, GENL_HDRLEN);
	a = mnl_attr_get_payload(attr);
	tap_ok(mnl_attr_get_type(attr) == FLOODGATE_A_LIMIT &&
	       mnl_attr_get_payload_len(attr) == 12 &&
	       mnl_attr_get_type(a) == FLOODGATE_LIMIT_A_PPS &&
	       mnl_attr_get_u64(a) == 10,
	       "limit set pps 10: the nest holds pps alone");
}

static const struct canned_limit policies[] = {
	{ 0, 0, 0, { 1000, 0, 0 }, { 2000, 0, 0 }, 32, 64, 0, 10, 300 },
	{ IPPROTO_UDP, 53, 53, { 50, 0, 125000 }, { 100, 0, 250000 }, 32, 64,
	  200, 10, 300 },
	{ IPPROTO_TCP, 1000, 2000, { 0, 20, 0 }, { 500, 40, 0 }, 24, 48,
	  1000, 60, 3600 },
	{ IPPROTO_TCP, 1, 65535, { 0, 0, 0 }, { 0, 0, 0 }, 32, 64, 0, 10,
	  300 },
	{ IPPROTO_ICMP, 0, 0, { 10, 0, 0 }, { 10, 0, 0 }, 32, 64, 0, 10,
	  300 },
};

static const char policies_text[] =
	"default pps 1000 burst 2000 syn-pps unlimited bps unlimited "
	"v4-prefix 32 v6-prefix 64 block-after 0 block-window 10 block-time 300\n"
	"udp port 53 pps 50 burst 100 syn-pps unlimited bps 125000 "
	"bytes-burst 250000 v4-prefix 32 v6-prefix 64 block-after 200 "
	"block-window 10 block-time 300\n"
	"tcp port 1000-2000 pps unlimited burst 500 syn-pps 20 syn-burst 40 "
	"bps unlimited v4-prefix 24 v6-prefix 48 block-after 1000 "
	"block-window 60 block-time 3600\n"
	"tcp pps unlimited syn-pps unlimited bps unlimited v4-prefix 32 "
	"v6-prefix 64 block-after 0 block-window 10 block-time 300\n"
	"icmp pps 10 burst 10 syn-pps unlimited bps unlimited v4-prefix 32 "
	"v6-prefix 64 block-after 0 block-window 10 block-time 300\n";

static const char policies_json[] =
	"[{\"pps\":1000,\"burst\":2000,\"v4-prefix\":32,\"v6-prefix\":64,"
	"\"block-after\":0,\"block-window\":10,\"block-time\":300},"
	"{\"proto\":\"udp\",\"port-min\":53,\"port-max\":53,\"pps\":50,"
	"\"burst\":100,\"bps\":125000,\"bytes-burst\":250000,\"v4-prefix\":32,"
	"\"v6-prefix\":64,\"block-after\":200,\"block-window\":10,"
	"\"block-time\":300},"
	"{\"proto\":\"tcp\",\"port-min\":1000,\"port-max\":2000,\"burst\":500,"
	"\"syn-pps\":20,\"syn-burst\":40,\"v4-prefix\":24,\"v6-prefix\":48,"
	"\"block-after\":1000,\"block-window\":60,\"block-time\":3600},"
	"{\"proto\":\"tcp\",\"port-min\":1,\"port-max\":65535,\"v4-prefix\":32,"
	"\"v6-prefix\":64,\"block-after\":0,\"block-window\":10,"
	"\"block-time\":300},"
	"{\"proto\":\"icmp\",\"pps\":10,\"burst\":10,\"v4-prefix\":32,"
	"\"v6-prefix\":64,\"block-after\":0,\"block-window\":10,"
	"\"block-time\":300}]\n";

struct policies {
	struct fg_limit l[8];
	size_t n;
};

static int policy_cb(const struct fg_limit *l, void *data)
{
	struct policies *p = data;

	if (p->n == ARRAY_SIZE(p->l))
		return -E2BIG;
	p->l[p->n++] = *l;
	return 0;
}

/* Parses @nlh and prints what it held: text lines, or a JSON array. */
static int show(const struct nlmsghdr *nlh, bool json, bool pretty,
		char **out)
{
	struct policies p = { .n = 0 };
	struct capture c;
	struct json j;
	size_t i;
	int ret = fg_limit_parse_msg(nlh, policy_cb, &p);

	capture_start(&c);
	if (json) {
		json_init(&j, c.f, pretty);
		json_open_array(&j, NULL);
		for (i = 0; i < p.n; i++)
			fg_limit_print_json(&j, &p.l[i]);
		json_close(&j);
		json_finish(&j);
	} else {
		for (i = 0; i < p.n; i++) {
			fg_limit_print_text(c.f, &p.l[i]);
			fputc('\n', c.f);
		}
	}
	capture_end(&c);
	*out = c.buf;
	return ret;
}

static void test_show(void)
{
	struct nlmsghdr *nlh = canned_limits(msgbuf, policies,
					     ARRAY_SIZE(policies));
	struct nlattr *nest;
	char *out;

	tap_ok(show(nlh, false, false, &out) == 0,
	       "limit show: a reply of five policies parsed");
	tap_str(out, policies_text, "limit show: text");
	free(out);
	show(nlh, true, false, &out);
	tap_str(out, policies_json, "limit show: JSON");
	free(out);
	show(canned_limits(msgbuf, policies + 1, 1), true, true, &out);
	tap_str(out,
		"[\n"
		"    {\n"
		"        \"proto\": \"udp\",\n"
		"        \"port-min\": 53,\n"
		"        \"port-max\": 53,\n"
		"        \"pps\": 50,\n"
		"        \"burst\": 100,\n"
		"        \"bps\": 125000,\n"
		"        \"bytes-burst\": 250000,\n"
		"        \"v4-prefix\": 32,\n"
		"        \"v6-prefix\": 64,\n"
		"        \"block-after\": 200,\n"
		"        \"block-window\": 10,\n"
		"        \"block-time\": 300\n"
		"    }\n"
		"]\n", "limit show: pretty JSON");
	free(out);

	/* A newer module's attributes, inside a policy and beside it. */
	nlh = canned_limits(msgbuf, policies, 1);
	mnl_attr_put_u32(nlh, FLOODGATE_A_MAX + 1, 7);
	nest = mnl_attr_nest_start(nlh, FLOODGATE_A_LIMIT);
	mnl_attr_put_u8(nlh, FLOODGATE_LIMIT_A_PROTO, IPPROTO_UDP);
	mnl_attr_put_u16(nlh, FLOODGATE_LIMIT_A_PORT_MIN, 53);
	mnl_attr_put_u16(nlh, FLOODGATE_LIMIT_A_PORT_MAX, 53);
	mnl_attr_put_u64(nlh, FLOODGATE_LIMIT_A_MAX + 1, 1);
	mnl_attr_put_u64(nlh, FLOODGATE_LIMIT_A_PPS, 5);
	mnl_attr_nest_end(nlh, nest);
	show(nlh, false, false, &out);
	tap_str(out,
		"default pps 1000 burst 2000 syn-pps unlimited bps unlimited "
		"v4-prefix 32 v6-prefix 64 block-after 0 block-window 10 "
		"block-time 300\n"
		"udp port 53 pps 5\n",
		"limit show: unknown attributes skipped, missing ones left out");
	free(out);

	/* A protocol this program has no name for: its number. */
	nlh = canned_header(msgbuf, FLOODGATE_CMD_LIMIT_GET);
	nest = mnl_attr_nest_start(nlh, FLOODGATE_A_LIMIT);
	mnl_attr_put_u8(nlh, FLOODGATE_LIMIT_A_PROTO, 132);
	mnl_attr_put_u16(nlh, FLOODGATE_LIMIT_A_PORT_MIN, 9);
	mnl_attr_put_u16(nlh, FLOODGATE_LIMIT_A_PORT_MAX, 10);
	mnl_attr_nest_end(nlh, nest);
	show(nlh, false, false, &out);
	tap_str(out, "132 port 9-10\n", "limit show: a newer protocol's number");
	free(out);
	show(nlh, true, false, &out);
	tap_str(out, "[{\"proto\":\"132\",\"port-min\":9,\"port-max\":10}]\n",
		"limit show: a newer protocol's number, JSON");
	free(out);
}

static void test_show_bad(void)
{
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	char *out;

	nlh = canned_header(msgbuf, FLOODGATE_CMD_LIMIT_GET);
	nest = mnl_attr_nest_start(nlh, FLOODGATE_A_LIMIT);
	mnl_attr_put_u32(nlh, FLOODGATE_LIMIT_A_PPS, 5);
	mnl_attr_nest_end(nlh, nest);
	tap_ok(show(nlh, false, false, &out) == -EBADMSG,
	       "limit show: a rate of the wrong size is refused");
	free(out);

	nlh = canned_limits(msgbuf, policies, 2);
	mnl_attr_put_u32(nlh, FLOODGATE_A_LIMIT, 1);
	tap_ok(show(nlh, false, false, &out) == -EBADMSG && !out[0],
	       "limit show: a FLOODGATE_A_LIMIT that is no nest is refused, before any policy");
	free(out);

	nlh = canned_limits(msgbuf, policies, 2);
	nlh->nlmsg_len -= 8;
	tap_ok(show(nlh, false, false, &out) == -EBADMSG && !out[0],
	       "limit show: a message cut short is refused, before any policy");
	free(out);

	nlh = canned_limits(msgbuf, policies, 1);
	((struct genlmsghdr *)mnl_nlmsg_get_payload(nlh))->cmd =
		FLOODGATE_CMD_LIMIT_TOP;
	tap_ok(show(nlh, false, false, &out) == -EBADMSG,
	       "limit show: a reply to another command is refused");
	free(out);
}

static const struct canned_talker talkers[] = {
	{ "198.51.100.7", 32, 0, 0, 0, 1234, 56789, 0 },
	{ "2001:db8:1::", 64, IPPROTO_UDP, 53, 53, 12, 3400, -1 },
	{ "203.0.113.0", 24, IPPROTO_TCP, 1000, 2000, 0, 77, 15 },
	{ "2001:db8::7", 128, IPPROTO_ICMP, 0, 0, 5, 6, 7 },
	{ "192.0.2.1", 32, IPPROTO_TCP, 1, 65535, 18446744073709551615ULL, 1,
	  -1 },
};

static const char talkers_text[] =
	"source           policy         passed                dropped  tokens\n"
	"198.51.100.7     default        1234                  56789    0\n"
	"2001:db8:1::/64  udp/53         12                    3400     -\n"
	"203.0.113.0/24   tcp/1000-2000  0                     77       15\n"
	"2001:db8::7      icmp           5                     6        7\n"
	"192.0.2.1        tcp            18446744073709551615  1        -\n";

static const char talkers_json[] =
	"[{\"source\":\"198.51.100.7\",\"policy\":\"default\",\"passed\":1234,"
	"\"dropped\":56789,\"tokens\":0},"
	"{\"source\":\"2001:db8:1::/64\",\"policy\":\"udp/53\",\"passed\":12,"
	"\"dropped\":3400},"
	"{\"source\":\"203.0.113.0/24\",\"policy\":\"tcp/1000-2000\","
	"\"passed\":0,\"dropped\":77,\"tokens\":15},"
	"{\"source\":\"2001:db8::7\",\"policy\":\"icmp\",\"passed\":5,"
	"\"dropped\":6,\"tokens\":7},"
	"{\"source\":\"192.0.2.1\",\"policy\":\"tcp\","
	"\"passed\":18446744073709551615,\"dropped\":1}]\n";

struct talkers {
	struct fg_talker *t;
	size_t n, cap;
};

static int talker_cb(const struct fg_talker *t, void *data)
{
	struct talkers *ts = data;

	return fg_append(&ts->t, &ts->n, &ts->cap, t, sizeof(*t));
}

static int top(const struct nlmsghdr *nlh, bool json, char **out,
	       size_t *n)
{
	struct talkers ts = { NULL, 0, 0 };
	struct capture c;
	int ret = fg_talker_parse_msg(nlh, talker_cb, &ts);

	capture_start(&c);
	if (json)
		fg_talkers_print_json(c.f, ts.t, ts.n, false);
	else
		fg_talkers_print_text(c.f, ts.t, ts.n);
	capture_end(&c);
	*out = c.buf;
	if (n)
		*n = ts.n;
	free(ts.t);
	return ret;
}

static void test_top(void)
{
	static const char head[] =
		"source             policy         passed  dropped  tokens\n"
		"2001:db8::/64      tcp/1000-2000  0       1000     0\n";
	static struct canned_talker many[400];
	static char addrs[400][40];
	struct nlmsghdr *nlh = canned_talkers(msgbuf, talkers,
					      ARRAY_SIZE(talkers));
	struct nlattr *nest;
	char *out;
	size_t i, n;

	tap_ok(top(nlh, false, &out, NULL) == 0, "limit top: a reply of five keys parsed");
	tap_str(out, talkers_text, "limit top: text, aligned");
	free(out);
	top(nlh, true, &out, NULL);
	tap_str(out, talkers_json, "limit top: JSON");
	free(out);

	nlh = canned_talkers(msgbuf, NULL, 0);
	tap_ok(top(nlh, false, &out, NULL) == 0 && !out[0],
	       "limit top: no key, no output");
	free(out);
	top(nlh, true, &out, NULL);
	tap_str(out, "[]\n", "limit top: no key, JSON");
	free(out);

	/* 400 IPv6 keys: a reply of some 45 KiB, as the module makes it. */
	for (i = 0; i < ARRAY_SIZE(many); i++) {
		snprintf(addrs[i], sizeof(addrs[i]), "2001:db8:%zx::", i);
		many[i] = (struct canned_talker){ addrs[i], 64, IPPROTO_TCP,
						  1000, 2000, i, 1000 - i, i };
	}
	nlh = canned_talkers(msgbuf, many, ARRAY_SIZE(many));
	tap_ok(top(nlh, false, &out, &n) == 0 && n == 400 &&
	       nlh->nlmsg_len > 40000,
	       "limit top: 400 keys in a %u-byte reply", nlh->nlmsg_len);
	tap_ok(!strncmp(out, head, strlen(head)) &&
	       strstr(out, "\n2001:db8:18f::/64  tcp/1000-2000  399     601      399\n"),
	       "limit top: 400 keys, in order, aligned");
	free(out);

	/* Refusals. */
	nlh = canned_header(msgbuf, FLOODGATE_CMD_LIMIT_TOP);
	nest = mnl_attr_nest_start(nlh, FLOODGATE_A_TALKER);
	mnl_attr_put_u64(nlh, FLOODGATE_TALKER_A_PASSED, 1);
	mnl_attr_put_u64(nlh, FLOODGATE_TALKER_A_DROPPED, 1);
	mnl_attr_nest_end(nlh, nest);
	tap_ok(top(nlh, false, &out, NULL) == -EBADMSG,
	       "limit top: a key without its address is refused");
	free(out);
	nlh = canned_header(msgbuf, FLOODGATE_CMD_LIMIT_TOP);
	nest = mnl_attr_nest_start(nlh, FLOODGATE_A_TALKER);
	mnl_attr_put(nlh, FLOODGATE_TALKER_A_ADDR, 4, "\x01\x02\x03\x04");
	mnl_attr_put_u8(nlh, FLOODGATE_TALKER_A_PREFIXLEN, 33);
	mnl_attr_put_u64(nlh, FLOODGATE_TALKER_A_PASSED, 1);
	mnl_attr_put_u64(nlh, FLOODGATE_TALKER_A_DROPPED, 1);
	mnl_attr_nest_end(nlh, nest);
	tap_ok(top(nlh, false, &out, NULL) == -EBADMSG,
	       "limit top: a /33 IPv4 key is refused");
	free(out);
	nlh = canned_header(msgbuf, FLOODGATE_CMD_LIMIT_TOP);
	nest = mnl_attr_nest_start(nlh, FLOODGATE_A_TALKER);
	mnl_attr_put(nlh, FLOODGATE_TALKER_A_ADDR, 4, "\x01\x02\x03\x04");
	mnl_attr_put_u64(nlh, FLOODGATE_TALKER_A_PASSED, 1);
	mnl_attr_nest_end(nlh, nest);
	tap_ok(top(nlh, false, &out, NULL) == -EBADMSG,
	       "limit top: a key without its dropped count is refused");
	free(out);
	nlh = canned_talkers(msgbuf, talkers, 1);
	nest = mnl_attr_nest_start(nlh, FLOODGATE_A_TALKER);
	mnl_attr_put(nlh, FLOODGATE_TALKER_A_ADDR, 4, "\x01\x02\x03\x04");
	mnl_attr_put_u32(nlh, FLOODGATE_TALKER_A_PASSED, 1);
	mnl_attr_put_u64(nlh, FLOODGATE_TALKER_A_DROPPED, 1);
	mnl_attr_nest_end(nlh, nest);
	tap_ok(top(nlh, false, &out, NULL) == -EBADMSG,
	       "limit top: a passed count of the wrong size is refused");
	free(out);
}

void test_limit(void)
{
	test_set_grammar();
	test_del_top_grammar();
	test_request();
	test_show();
	test_show_bad();
	test_top();
}
