// SPDX-License-Identifier: GPL-2.0
/*
 * The synproxy object without a socket: the grammar of "synproxy add" and
 * "del" (what each accepted command asks for), the request built from it,
 * and canned SYNPROXY_GET messages (canned.c) parsed, ordered and printed
 * as text and JSON. The refusals, with their messages and exit codes, are
 * tested through the program in test_cli.c.
 */

#include "tests.h"
#include "canned.h"
#include "nl.h"
#include "synproxy.h"
#include "util.h"

#include <errno.h>
#include <linux/genetlink.h>
#include <stdlib.h>
#include <string.h>

static _Alignas(struct nlmsghdr) char msgbuf[4096];

static const char *const names[FLOODGATE_SYNPROXY_A_MAX + 1] = {
	[FLOODGATE_SYNPROXY_A_PORT_MIN] = "port-min",
	[FLOODGATE_SYNPROXY_A_PORT_MAX] = "port-max",
	[FLOODGATE_SYNPROXY_A_ADDR] = "addr",
	[FLOODGATE_SYNPROXY_A_PREFIXLEN] = "prefixlen",
	[FLOODGATE_SYNPROXY_A_MODE] = "mode",
	[FLOODGATE_SYNPROXY_A_THRESHOLD] = "threshold",
	[FLOODGATE_SYNPROXY_A_HOLD] = "hold",
	[FLOODGATE_SYNPROXY_A_MSS] = "mss",
	[FLOODGATE_SYNPROXY_A_WSCALE] = "wscale",
	[FLOODGATE_SYNPROXY_A_FLAGS] = "flags",
};

/* The fields of @sp set, "port-min=80 ... addr=192.0.2.0/24", in order. */
static const char *describe(const struct fg_synproxy *sp)
{
	static char buf[512];
	char prefix[FG_PREFIX_STRLEN];
	size_t n = 0;
	unsigned int a;

	buf[0] = '\0';
	for (a = 0; a <= FLOODGATE_SYNPROXY_A_MAX; a++) {
		if (!sp->present[a])
			continue;
		if (a == FLOODGATE_SYNPROXY_A_ADDR)
			n += snprintf(buf + n, sizeof(buf) - n, "%saddr=%s",
				      n ? " " : "", format_prefix(&sp->dst, prefix));
		else
			n += snprintf(buf + n, sizeof(buf) - n, "%s%s=%llu",
				      n ? " " : "", names[a] ? names[a] : "?",
				      (unsigned long long)sp->value[a]);
	}
	return buf;
}

static int split(const char *line, char *store, size_t size, char *argv[32])
{
	char *save = NULL, *w;
	int n = 0;

	snprintf(store, size, "%s", line);
	for (w = strtok_r(store, " ", &save); w && n < 32;
	     w = strtok_r(NULL, " ", &save))
		argv[n++] = w;
	return n;
}

static void test_grammar(void)
{
	static const struct {
		bool add;
		const char *words;
		const char *want;
	} cases[] = {
		{ true, "80", "port-min=80 port-max=80" },
		{ true, "1-65535", "port-min=1 port-max=65535" },
		{ true, "8000-8080 mode on", "port-min=8000 port-max=8080 mode=0" },
		{ true, "443 mode auto", "port-min=443 port-max=443 mode=1" },
		{ true, "443 mode a threshold 1 hold 1",
		  "port-min=443 port-max=443 mode=1 threshold=1 hold=1" },
		/* Settings in any order, durations with units. */
		{ true, "443 hold 1d threshold 1000000000 mode auto",
		  "port-min=443 port-max=443 mode=1 threshold=1000000000 hold=86400" },
		{ true, "80 mss 536 wscale 0", "port-min=80 port-max=80 mss=536 wscale=0" },
		{ true, "80 mss 65495 wscale 14",
		  "port-min=80 port-max=80 mss=65495 wscale=14" },
		{ true, "80 mss auto wscale auto", "port-min=80 port-max=80" },
		{ true, "80 no-timestamps", "port-min=80 port-max=80 flags=1" },
		{ true, "80 no-sack", "port-min=80 port-max=80 flags=2" },
		{ true, "80 no-sack no-timestamps", "port-min=80 port-max=80 flags=3" },
		/* dst: canonical, with its length. */
		{ true, "80 dst 198.51.100.7/24",
		  "port-min=80 port-max=80 addr=198.51.100.0/24 prefixlen=24" },
		{ true, "80 dst 198.51.100.7",
		  "port-min=80 port-max=80 addr=198.51.100.7 prefixlen=32" },
		{ true, "80 mode on dst 2001:db8::1/48",
		  "port-min=80 port-max=80 addr=2001:db8::/48 prefixlen=48 mode=0" },
		{ false, "80", "port-min=80 port-max=80" },
		{ false, "1000-2000 dst 2001:db8::/32",
		  "port-min=1000 port-max=2000 addr=2001:db8::/32 prefixlen=32" },
	};
	char store[256], why[256], *argv[32];
	struct fg_synproxy sp;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		int argc = split(cases[i].words, store, sizeof(store), argv);
		const char *cmd = cases[i].add ? "add" : "del";
		int ret = cases[i].add ?
			  fg_synproxy_parse_add(argv, argc, &sp, why, sizeof(why)) :
			  fg_synproxy_parse_del(argv, argc, &sp, why, sizeof(why));

		if (!tap_ok(ret == 0, "synproxy %s %s: accepted", cmd,
			    cases[i].words)) {
			printf("#   %s\n", why);
			continue;
		}
		tap_str(describe(&sp), cases[i].want, "synproxy %s %s: asked for",
			cmd, cases[i].words);
	}
	argv[0] = "80";
	argv[1] = "dst";
	argv[2] = "198.51.100.7/24";
	tap_ok(!fg_synproxy_parse_add(argv, 3, &sp, why, sizeof(why)) &&
	       sp.dst.host_bits_cleared,
	       "synproxy add: a dst with host bits says so, for the warning");
}

/*
 * The request as the module's policy reads it: one FLOODGATE_A_SYNPROXY,
 * nested, filling the message, of attributes of the sizes it wants.
 */
static void test_request(void)
{
	static const unsigned int sizes[FLOODGATE_SYNPROXY_A_MAX + 1] = {
		[FLOODGATE_SYNPROXY_A_PORT_MIN] = 2,
		[FLOODGATE_SYNPROXY_A_PORT_MAX] = 2,
		[FLOODGATE_SYNPROXY_A_ADDR] = 16,
		[FLOODGATE_SYNPROXY_A_PREFIXLEN] = 1,
		[FLOODGATE_SYNPROXY_A_MODE] = 1,
		[FLOODGATE_SYNPROXY_A_THRESHOLD] = 4,
		[FLOODGATE_SYNPROXY_A_HOLD] = 4,
		[FLOODGATE_SYNPROXY_A_MSS] = 2,
		[FLOODGATE_SYNPROXY_A_WSCALE] = 1,
		[FLOODGATE_SYNPROXY_A_FLAGS] = 4,
	};
	static const char words[] =
		"8000-8080 dst 2001:db8::/32 mode auto threshold 5000 hold 1m "
		"mss 1400 wscale 7 no-timestamps no-sack";
	char store[256], why[256], *argv[32];
	const struct nlattr *attr, *a;
	struct fg_synproxy sp, back;
	struct nlmsghdr *nlh;
	unsigned int nests = 0;
	bool sizes_ok = true, nested = false;
	int argc = split(words, store, sizeof(store), argv);

	if (!tap_ok(!fg_synproxy_parse_add(argv, argc, &sp, why, sizeof(why)),
		    "synproxy add request: every keyword accepted"))
		return;
	nlh = fg_nl_put_header(msgbuf, CANNED_FAMILY,
			       FLOODGATE_CMD_SYNPROXY_ADD);
	fg_synproxy_put(nlh, &sp);
	mnl_attr_for_each(attr, nlh, GENL_HDRLEN) {
		if (mnl_attr_get_type(attr) != FLOODGATE_A_SYNPROXY)
			continue;
		nests++;
		nested = attr->nla_type & NLA_F_NESTED;
		mnl_attr_for_each_nested(a, attr) {
			uint16_t t = mnl_attr_get_type(a);

			if (t > FLOODGATE_SYNPROXY_A_MAX ||
			    mnl_attr_get_payload_len(a) != sizes[t])
				sizes_ok = false;
		}
		/* What the module reads back is what was asked for. */
		tap_ok(!fg_synproxy_parse(attr, &back),
		       "synproxy add request: parsed back");
		tap_str(describe(&back), describe(&sp),
			"synproxy add request: the attributes and their values");
	}
	tap_ok(nests == 1 && nested && fg_nl_attrs_ok(nlh, GENL_HDRLEN),
	       "synproxy add request: one FLOODGATE_A_SYNPROXY, NLA_F_NESTED, filling the message");
	tap_ok(sizes_ok, "synproxy add request: every attribute of the size the module wants");
}

static const struct canned_synproxy ports[] = {
	{ 80, 80, NULL, 0, FLOODGATE_SYNPROXY_ON, 1000, 30, -1, -1, 0, true,
	  0, 3600, { 123, 123, 10, 2, 0, 9, 0, 0 } },
	{ 443, 443, "198.51.100.0", 24, FLOODGATE_SYNPROXY_AUTO, 5000, 60,
	  1460, 7, FLOODGATE_SYNPROXY_F_NO_TIMESTAMPS |
	  FLOODGATE_SYNPROXY_F_NO_SACK, false, 12, 5,
	  { 40, 40, 3, 1, 7, 3, 2, 2 } },
	{ 8000, 8080, "2001:db8::", 32, FLOODGATE_SYNPROXY_AUTO, 1000, 30, -1,
	  0, FLOODGATE_SYNPROXY_F_NO_SACK, true, 20000, 1,
	  { 18446744073709551615ULL, 1, 0, 0, 0, 0, 1, 0 } },
};

static const char *const port_text[] = {
	"tcp/80 dst any mode on mss auto wscale auto engaged syn 123 "
	"cookies-sent 123 valid 10 invalid 2 noconn 0 handed-over 9",
	"tcp/443 dst 198.51.100.0/24 mode auto threshold 5000 hold 60 mss 1460 "
	"wscale 7 no-timestamps no-sack disengaged since 5 rate 12 syn 40 "
	"cookies-sent 40 valid 3 invalid 1 noconn 7 handed-over 3 engages 2 "
	"disengages 2",
	"tcp/8000-8080 dst 2001:db8::/32 mode auto threshold 1000 hold 30 "
	"mss auto wscale 0 no-sack engaged since 1 rate 20000 "
	"syn 18446744073709551615 cookies-sent 1 valid 0 invalid 0 noconn 0 "
	"handed-over 0 engages 1 disengages 0",
};

static const char *const port_json[] = {
	"{\"port-min\":80,\"port-max\":80,\"dst\":null,\"mode\":\"on\","
	"\"threshold\":1000,\"hold\":30,\"mss\":null,\"wscale\":null,"
	"\"no-timestamps\":false,\"no-sack\":false,\"engaged\":true,"
	"\"since\":3600,\"rate\":0,\"syn\":123,\"cookies-sent\":123,"
	"\"valid\":10,\"invalid\":2,\"noconn\":0,\"handed-over\":9,"
	"\"engages\":0,\"disengages\":0}\n",
	"{\"port-min\":443,\"port-max\":443,\"dst\":\"198.51.100.0/24\","
	"\"mode\":\"auto\",\"threshold\":5000,\"hold\":60,\"mss\":1460,"
	"\"wscale\":7,\"no-timestamps\":true,\"no-sack\":true,"
	"\"engaged\":false,\"since\":5,\"rate\":12,\"syn\":40,"
	"\"cookies-sent\":40,\"valid\":3,\"invalid\":1,\"noconn\":7,"
	"\"handed-over\":3,\"engages\":2,\"disengages\":2}\n",
	"{\"port-min\":8000,\"port-max\":8080,\"dst\":\"2001:db8::/32\","
	"\"mode\":\"auto\",\"threshold\":1000,\"hold\":30,\"mss\":null,"
	"\"wscale\":0,\"no-timestamps\":false,\"no-sack\":true,"
	"\"engaged\":true,\"since\":1,\"rate\":20000,"
	"\"syn\":18446744073709551615,\"cookies-sent\":1,\"valid\":0,"
	"\"invalid\":0,\"noconn\":0,\"handed-over\":0,\"engages\":1,"
	"\"disengages\":0}\n",
};

static int take(const struct fg_synproxy *sp, void *data)
{
	struct fg_synproxy *out = data;

	if (out->present[0])
		return -EEXIST;	/* one port a message, in these */
	*out = *sp;
	out->present[0] = true;
	return 0;
}

static void test_replies(void)
{
	struct fg_synproxy sp, sorted[3];
	struct capture c;
	struct json j;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ports); i++) {
		memset(&sp, 0, sizeof(sp));
		if (!tap_ok(!fg_synproxy_parse_msg(canned_synproxy(msgbuf, &ports[i]),
						   take, &sp) && sp.present[0],
			    "synproxy port %zu: parsed", i))
			continue;
		sp.present[0] = false;
		sorted[ARRAY_SIZE(ports) - 1 - i] = sp;
		fg_synproxy_print_text(capture_start(&c), &sp, true);
		tap_str(capture_end(&c), port_text[i], "synproxy port %zu: text", i);
		capture_free(&c);
		json_init(&j, capture_start(&c), false);
		json_open_object(&j, NULL);
		fg_synproxy_print_json(&j, &sp, true);
		json_close(&j);
		json_finish(&j);
		tap_str(capture_end(&c), port_json[i], "synproxy port %zu: JSON", i);
		capture_free(&c);
	}
	/* Reversed, then sorted: by range, no destination first. */
	qsort(sorted, 3, sizeof(sorted[0]), fg_synproxy_cmp);
	tap_ok(sorted[0].value[FLOODGATE_SYNPROXY_A_PORT_MIN] == 80 &&
	       sorted[1].value[FLOODGATE_SYNPROXY_A_PORT_MIN] == 443 &&
	       sorted[2].value[FLOODGATE_SYNPROXY_A_PORT_MIN] == 8000,
	       "synproxy: ports sorted by range");
	sorted[1] = sorted[0];
	sorted[1].present[FLOODGATE_SYNPROXY_A_ADDR] = true;
	tap_ok(fg_synproxy_cmp(&sorted[0], &sorted[1]) < 0 &&
	       fg_synproxy_cmp(&sorted[1], &sorted[0]) > 0 &&
	       !fg_synproxy_cmp(&sorted[0], &sorted[0]),
	       "synproxy: the same range, any destination first");
}

static void test_bad_replies(void)
{
	struct fg_synproxy sp;
	struct nlmsghdr *nlh;
	struct nlattr *nest;

	memset(&sp, 0, sizeof(sp));
	nlh = canned_header(msgbuf, FLOODGATE_CMD_SYNPROXY_GET);
	nest = mnl_attr_nest_start(nlh, FLOODGATE_A_SYNPROXY);
	mnl_attr_put_u16(nlh, FLOODGATE_SYNPROXY_A_PORT_MIN, 22);
	mnl_attr_put_u32(nlh, FLOODGATE_SYNPROXY_A_MAX + 1, 7);
	mnl_attr_nest_end(nlh, nest);
	tap_ok(!fg_synproxy_parse_msg(nlh, take, &sp) &&
	       sp.value[FLOODGATE_SYNPROXY_A_PORT_MAX] == 22 &&
	       !sp.present[FLOODGATE_SYNPROXY_A_MODE],
	       "synproxy: no PORT_MAX is PORT_MIN, a newer attribute skipped");

	nlh = canned_header(msgbuf, FLOODGATE_CMD_SYNPROXY_GET);
	nest = mnl_attr_nest_start(nlh, FLOODGATE_A_SYNPROXY);
	mnl_attr_put_u8(nlh, FLOODGATE_SYNPROXY_A_MODE, 0);
	mnl_attr_nest_end(nlh, nest);
	tap_ok(fg_synproxy_parse_msg(nlh, take, &sp) == -EBADMSG,
	       "synproxy: a port without its range is refused");

	nlh = canned_header(msgbuf, FLOODGATE_CMD_SYNPROXY_GET);
	nest = mnl_attr_nest_start(nlh, FLOODGATE_A_SYNPROXY);
	mnl_attr_put_u32(nlh, FLOODGATE_SYNPROXY_A_PORT_MIN, 22);
	mnl_attr_nest_end(nlh, nest);
	tap_ok(fg_synproxy_parse_msg(nlh, take, &sp) == -EBADMSG,
	       "synproxy: a port of the wrong size is refused");

	nlh = canned_header(msgbuf, FLOODGATE_CMD_SYNPROXY_GET);
	nest = mnl_attr_nest_start(nlh, FLOODGATE_A_SYNPROXY);
	mnl_attr_put_u16(nlh, FLOODGATE_SYNPROXY_A_PORT_MIN, 22);
	mnl_attr_put(nlh, FLOODGATE_SYNPROXY_A_ADDR, 5, "\1\2\3\4\5");
	mnl_attr_nest_end(nlh, nest);
	tap_ok(fg_synproxy_parse_msg(nlh, take, &sp) == -EBADMSG,
	       "synproxy: a 5-byte address is refused");

	nlh = canned_header(msgbuf, FLOODGATE_CMD_SYNPROXY_GET);
	nest = mnl_attr_nest_start(nlh, FLOODGATE_A_SYNPROXY);
	mnl_attr_put_u16(nlh, FLOODGATE_SYNPROXY_A_PORT_MIN, 22);
	mnl_attr_put(nlh, FLOODGATE_SYNPROXY_A_ADDR, 4, "\1\2\3\4");
	mnl_attr_put_u8(nlh, FLOODGATE_SYNPROXY_A_PREFIXLEN, 33);
	mnl_attr_nest_end(nlh, nest);
	tap_ok(fg_synproxy_parse_msg(nlh, take, &sp) == -EBADMSG,
	       "synproxy: a prefix length past the address is refused");

	nlh = canned_synproxy(msgbuf, &ports[0]);
	nlh->nlmsg_len -= 4;
	tap_ok(fg_synproxy_parse_msg(nlh, take, &sp) == -EBADMSG,
	       "synproxy: a message cut short is refused");

	nlh = canned_synproxy(msgbuf, &ports[0]);
	((struct genlmsghdr *)mnl_nlmsg_get_payload(nlh))->cmd =
		FLOODGATE_CMD_LIMIT_GET;
	tap_ok(fg_synproxy_parse_msg(nlh, take, &sp) == -EBADMSG,
	       "synproxy: a reply to another command is refused");
}

void test_synproxy(void)
{
	test_grammar();
	test_request();
	test_replies();
	test_bad_replies();
}
