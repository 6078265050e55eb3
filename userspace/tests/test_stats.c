// SPDX-License-Identifier: GPL-2.0
/*
 * The stats object on canned kernel replies: a FLOODGATE_A_STATS nest built
 * with libmnl as the module builds it (u64 counters after PAD attributes),
 * run through the same parsing and printing the CLI uses.
 */

#include "tests.h"
#include "stats.h"
#include "util.h"

#include <errno.h>
#include <inttypes.h>
#include <linux/genetlink.h>
#include <string.h>

#define FAKE_FAMILY 0x1d

struct counter {
	uint16_t type;
	uint64_t value;
};

static _Alignas(struct nlmsghdr) char msgbuf[4096];

/* A reply's headers, before its attributes. */
static struct nlmsghdr *reply_header(uint8_t cmd)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(msgbuf);
	struct genlmsghdr *genl;

	nlh->nlmsg_type = FAKE_FAMILY;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = cmd;
	genl->version = FLOODGATE_GENL_VERSION;
	return nlh;
}

/* A GET_STATS reply with @n counters, each after a PAD as on x86-64. */
static struct nlmsghdr *stats_reply(const struct counter *c, size_t n)
{
	struct nlmsghdr *nlh = reply_header(FLOODGATE_CMD_GET_STATS);
	struct nlattr *nest = mnl_attr_nest_start(nlh, FLOODGATE_A_STATS);
	size_t i;

	for (i = 0; i < n; i++) {
		mnl_attr_put(nlh, FLOODGATE_STATS_A_PAD, 0, NULL);
		mnl_attr_put_u64(nlh, c[i].type, c[i].value);
	}
	mnl_attr_nest_end(nlh, nest);
	return nlh;
}

static const struct counter full[] = {
	{ FLOODGATE_STATS_A_SEEN_PKTS, 123456 },
	{ FLOODGATE_STATS_A_SEEN_BYTES, 98765432 },
	{ FLOODGATE_STATS_A_PASSED_PKTS, 123000 },
	{ FLOODGATE_STATS_A_PASSED_BYTES, 98000000 },
	{ FLOODGATE_STATS_A_DROPPED_PKTS, 456 },
	{ FLOODGATE_STATS_A_DROPPED_BYTES, 765432 },
	{ FLOODGATE_STATS_A_IPV4_PKTS, 120000 },
	{ FLOODGATE_STATS_A_IPV6_PKTS, 3456 },
	{ FLOODGATE_STATS_A_FRAGMENTS, 12 },
	{ FLOODGATE_STATS_A_DROP_MALFORMED_IP, 300 },
	{ FLOODGATE_STATS_A_DROP_MALFORMED_L4, 50 },
	{ FLOODGATE_STATS_A_DROP_MALFORMED_FRAG, 6 },
	{ FLOODGATE_STATS_A_DROP_BLOCKLIST, 0 },
	{ FLOODGATE_STATS_A_PASS_ALLOWLIST, 1000 },
	{ FLOODGATE_STATS_A_DROP_RATELIMIT, 70 },
	{ FLOODGATE_STATS_A_DROP_RATELIMIT_SYN, 20 },
	{ FLOODGATE_STATS_A_DROP_RATELIMIT_BYTES, 10 },
	{ FLOODGATE_STATS_A_AUTOBLOCKS, 3 },
	{ FLOODGATE_STATS_A_AUTOBLOCK_LOST, 1 },
	{ FLOODGATE_STATS_A_DROP_SYNPROXY_SYN, 40 },
	{ FLOODGATE_STATS_A_DROP_SYNPROXY_ACK, 9 },
	{ FLOODGATE_STATS_A_DROP_SYNPROXY_INVALID, 5 },
	{ FLOODGATE_STATS_A_DROP_SYNPROXY_NOCONN, 2 },
	{ FLOODGATE_STATS_A_SYNPROXY_COOKIES_SENT, 39 },
	{ FLOODGATE_STATS_A_SYNPROXY_HANDED_OVER, 8 },
	{ FLOODGATE_STATS_A_SYNPROXY_ENGAGED, 2 },
	{ FLOODGATE_STATS_A_SYNPROXY_DISENGAGED, 1 },
	/* A newer module's counters: skipped whatever their size. */
	{ 200, 777 },
};

static const char full_text[] =
	"seen                   123456 pkts  98765432 bytes\n"
	"passed                 123000 pkts  98000000 bytes\n"
	"  allowlist              1000 pkts\n"
	"dropped                   456 pkts    765432 bytes\n"
	"  malformed-ip            300 pkts\n"
	"  malformed-l4             50 pkts\n"
	"  malformed-frag            6 pkts\n"
	"  blocklist                 0 pkts\n"
	"  ratelimit                70 pkts\n"
	"  ratelimit-syn            20 pkts\n"
	"  ratelimit-bytes          10 pkts\n"
	"  synproxy-syn             40 pkts\n"
	"  synproxy-ack              9 pkts\n"
	"  synproxy-invalid          5 pkts\n"
	"  synproxy-noconn           2 pkts\n"
	"ipv4                   120000 pkts\n"
	"ipv6                     3456 pkts\n"
	"fragments                  12 pkts\n"
	"autoblocks                  3\n"
	"autoblock-lost              1\n"
	"synproxy-cookies-sent      39\n"
	"synproxy-handed-over        8\n"
	"synproxy-engaged            2\n"
	"synproxy-disengaged         1\n";

static const char full_json[] =
	"{\"seen\":{\"packets\":123456,\"bytes\":98765432},"
	"\"passed\":{\"packets\":123000,\"bytes\":98000000,"
	"\"reasons\":{\"allowlist\":1000}},"
	"\"dropped\":{\"packets\":456,\"bytes\":765432,"
	"\"reasons\":{\"malformed-ip\":300,\"malformed-l4\":50,"
	"\"malformed-frag\":6,\"blocklist\":0,\"ratelimit\":70,"
	"\"ratelimit-syn\":20,\"ratelimit-bytes\":10,\"synproxy-syn\":40,"
	"\"synproxy-ack\":9,\"synproxy-invalid\":5,\"synproxy-noconn\":2}},"
	"\"ipv4\":120000,\"ipv6\":3456,\"fragments\":12,"
	"\"autoblocks\":3,\"autoblock-lost\":1,\"synproxy-cookies-sent\":39,"
	"\"synproxy-handed-over\":8,\"synproxy-engaged\":2,"
	"\"synproxy-disengaged\":1}\n";

static const char full_pretty[] =
	"{\n"
	"    \"seen\": {\n"
	"        \"packets\": 123456,\n"
	"        \"bytes\": 98765432\n"
	"    },\n"
	"    \"passed\": {\n"
	"        \"packets\": 123000,\n"
	"        \"bytes\": 98000000,\n"
	"        \"reasons\": {\n"
	"            \"allowlist\": 1000\n"
	"        }\n"
	"    },\n"
	"    \"dropped\": {\n"
	"        \"packets\": 456,\n"
	"        \"bytes\": 765432,\n"
	"        \"reasons\": {\n"
	"            \"malformed-ip\": 300,\n"
	"            \"malformed-l4\": 50,\n"
	"            \"malformed-frag\": 6,\n"
	"            \"blocklist\": 0,\n"
	"            \"ratelimit\": 70,\n"
	"            \"ratelimit-syn\": 20,\n"
	"            \"ratelimit-bytes\": 10,\n"
	"            \"synproxy-syn\": 40,\n"
	"            \"synproxy-ack\": 9,\n"
	"            \"synproxy-invalid\": 5,\n"
	"            \"synproxy-noconn\": 2\n"
	"        }\n"
	"    },\n"
	"    \"ipv4\": 120000,\n"
	"    \"ipv6\": 3456,\n"
	"    \"fragments\": 12,\n"
	"    \"autoblocks\": 3,\n"
	"    \"autoblock-lost\": 1,\n"
	"    \"synproxy-cookies-sent\": 39,\n"
	"    \"synproxy-handed-over\": 8,\n"
	"    \"synproxy-engaged\": 2,\n"
	"    \"synproxy-disengaged\": 1\n"
	"}\n";

/* Parses @nlh and compares both outputs (and pretty JSON if given). */
static void check_outputs(const char *name, const struct nlmsghdr *nlh,
			  const char *text, const char *json,
			  const char *pretty)
{
	struct fg_stats st;
	struct capture c;

	if (!tap_ok(fg_stats_parse(nlh, &st) == 0 && st.valid,
		    "stats %s: parsed", name))
		return;
	fg_stats_print_text(capture_start(&c), &st);
	tap_str(capture_end(&c), text, "stats %s: text", name);
	capture_free(&c);
	fg_stats_print_json(capture_start(&c), &st, false);
	tap_str(capture_end(&c), json, "stats %s: JSON", name);
	capture_free(&c);
	if (!pretty)
		return;
	fg_stats_print_json(capture_start(&c), &st, true);
	tap_str(capture_end(&c), pretty, "stats %s: pretty JSON", name);
	capture_free(&c);
}

static void test_full(void)
{
	struct nlmsghdr *nlh = stats_reply(full, ARRAY_SIZE(full));
	struct nlattr *odd;

	check_outputs("full", nlh, full_text, full_json, full_pretty);

	/* Unknown attributes of odd sizes, in and next to the nest. */
	odd = mnl_attr_nest_start(nlh, FLOODGATE_A_MAX + 1);
	mnl_attr_put(nlh, 3, 3, "abc");
	mnl_attr_nest_end(nlh, odd);
	check_outputs("with an unknown top-level attribute", nlh, full_text,
		      full_json, NULL);
}

static void test_missing(void)
{
	static const struct counter some[] = {
		{ FLOODGATE_STATS_A_SEEN_PKTS, 10 },
		{ FLOODGATE_STATS_A_DROPPED_PKTS, 3 },
		{ FLOODGATE_STATS_A_DROP_MALFORMED_L4, 3 },
		{ FLOODGATE_STATS_A_IPV6_PKTS, 10 },
	};

	check_outputs("missing counters", stats_reply(some, ARRAY_SIZE(some)),
		      "seen                   10 pkts  - bytes\n"
		      "passed                  - pkts  - bytes\n"
		      "  allowlist             - pkts\n"
		      "dropped                 3 pkts  - bytes\n"
		      "  malformed-ip          - pkts\n"
		      "  malformed-l4          3 pkts\n"
		      "  malformed-frag        - pkts\n"
		      "  blocklist             - pkts\n"
		      "  ratelimit             - pkts\n"
		      "  ratelimit-syn         - pkts\n"
		      "  ratelimit-bytes       - pkts\n"
		      "  synproxy-syn          - pkts\n"
		      "  synproxy-ack          - pkts\n"
		      "  synproxy-invalid      - pkts\n"
		      "  synproxy-noconn       - pkts\n"
		      "ipv4                    - pkts\n"
		      "ipv6                   10 pkts\n"
		      "fragments               - pkts\n"
		      "autoblocks              -\n"
		      "autoblock-lost          -\n"
		      "synproxy-cookies-sent   -\n"
		      "synproxy-handed-over    -\n"
		      "synproxy-engaged        -\n"
		      "synproxy-disengaged     -\n",
		      "{\"seen\":{\"packets\":10},"
		      "\"dropped\":{\"packets\":3,\"reasons\":{\"malformed-l4\":3}},"
		      "\"ipv6\":10}\n", NULL);
	check_outputs("empty nest", stats_reply(NULL, 0),
		      "seen                   - pkts  - bytes\n"
		      "passed                 - pkts  - bytes\n"
		      "  allowlist            - pkts\n"
		      "dropped                - pkts  - bytes\n"
		      "  malformed-ip         - pkts\n"
		      "  malformed-l4         - pkts\n"
		      "  malformed-frag       - pkts\n"
		      "  blocklist            - pkts\n"
		      "  ratelimit            - pkts\n"
		      "  ratelimit-syn        - pkts\n"
		      "  ratelimit-bytes      - pkts\n"
		      "  synproxy-syn         - pkts\n"
		      "  synproxy-ack         - pkts\n"
		      "  synproxy-invalid     - pkts\n"
		      "  synproxy-noconn      - pkts\n"
		      "ipv4                   - pkts\n"
		      "ipv6                   - pkts\n"
		      "fragments              - pkts\n"
		      "autoblocks             -\n"
		      "autoblock-lost         -\n"
		      "synproxy-cookies-sent  -\n"
		      "synproxy-handed-over   -\n"
		      "synproxy-engaged       -\n"
		      "synproxy-disengaged    -\n",
		      "{}\n", "{}\n");

	/*
	 * A module of before the rate limiter: its counters shown as '-',
	 * left out of JSON, the drop reasons under "dropped" as they were.
	 */
	check_outputs("a module without the rate limiter",
		      stats_reply(full, 14),
		      "seen                   123456 pkts  98765432 bytes\n"
		      "passed                 123000 pkts  98000000 bytes\n"
		      "  allowlist              1000 pkts\n"
		      "dropped                   456 pkts    765432 bytes\n"
		      "  malformed-ip            300 pkts\n"
		      "  malformed-l4             50 pkts\n"
		      "  malformed-frag            6 pkts\n"
		      "  blocklist                 0 pkts\n"
		      "  ratelimit                 - pkts\n"
		      "  ratelimit-syn             - pkts\n"
		      "  ratelimit-bytes           - pkts\n"
		      "  synproxy-syn              - pkts\n"
		      "  synproxy-ack              - pkts\n"
		      "  synproxy-invalid          - pkts\n"
		      "  synproxy-noconn           - pkts\n"
		      "ipv4                   120000 pkts\n"
		      "ipv6                     3456 pkts\n"
		      "fragments                  12 pkts\n"
		      "autoblocks                  -\n"
		      "autoblock-lost              -\n"
		      "synproxy-cookies-sent       -\n"
		      "synproxy-handed-over        -\n"
		      "synproxy-engaged            -\n"
		      "synproxy-disengaged         -\n",
		      "{\"seen\":{\"packets\":123456,\"bytes\":98765432},"
		      "\"passed\":{\"packets\":123000,\"bytes\":98000000,"
		      "\"reasons\":{\"allowlist\":1000}},"
		      "\"dropped\":{\"packets\":456,\"bytes\":765432,"
		      "\"reasons\":{\"malformed-ip\":300,\"malformed-l4\":50,"
		      "\"malformed-frag\":6,\"blocklist\":0}},"
		      "\"ipv4\":120000,\"ipv6\":3456,\"fragments\":12}\n",
		      NULL);

	/* A module of before the SYN proxy: the same for its counters. */
	check_outputs("a module without the SYN proxy",
		      stats_reply(full, 19),
		      "seen                   123456 pkts  98765432 bytes\n"
		      "passed                 123000 pkts  98000000 bytes\n"
		      "  allowlist              1000 pkts\n"
		      "dropped                   456 pkts    765432 bytes\n"
		      "  malformed-ip            300 pkts\n"
		      "  malformed-l4             50 pkts\n"
		      "  malformed-frag            6 pkts\n"
		      "  blocklist                 0 pkts\n"
		      "  ratelimit                70 pkts\n"
		      "  ratelimit-syn            20 pkts\n"
		      "  ratelimit-bytes          10 pkts\n"
		      "  synproxy-syn              - pkts\n"
		      "  synproxy-ack              - pkts\n"
		      "  synproxy-invalid          - pkts\n"
		      "  synproxy-noconn           - pkts\n"
		      "ipv4                   120000 pkts\n"
		      "ipv6                     3456 pkts\n"
		      "fragments                  12 pkts\n"
		      "autoblocks                  3\n"
		      "autoblock-lost              1\n"
		      "synproxy-cookies-sent       -\n"
		      "synproxy-handed-over        -\n"
		      "synproxy-engaged            -\n"
		      "synproxy-disengaged         -\n",
		      "{\"seen\":{\"packets\":123456,\"bytes\":98765432},"
		      "\"passed\":{\"packets\":123000,\"bytes\":98000000,"
		      "\"reasons\":{\"allowlist\":1000}},"
		      "\"dropped\":{\"packets\":456,\"bytes\":765432,"
		      "\"reasons\":{\"malformed-ip\":300,\"malformed-l4\":50,"
		      "\"malformed-frag\":6,\"blocklist\":0,\"ratelimit\":70,"
		      "\"ratelimit-syn\":20,\"ratelimit-bytes\":10}},"
		      "\"ipv4\":120000,\"ipv6\":3456,\"fragments\":12,"
		      "\"autoblocks\":3,\"autoblock-lost\":1}\n",
		      NULL);
}

static void test_extremes(void)
{
	static const struct counter big[] = {
		{ FLOODGATE_STATS_A_SEEN_PKTS, UINT64_MAX },
		{ FLOODGATE_STATS_A_SEEN_BYTES, 0 },
		{ FLOODGATE_STATS_A_DROP_MALFORMED_FRAG, UINT64_MAX - 1 },
		{ FLOODGATE_STATS_A_AUTOBLOCK_LOST, UINT64_MAX - 2 },
	};
	char want[2048];

	snprintf(want, sizeof(want),
		 "seen                   %s pkts  0 bytes\n"
		 "passed                 %20s pkts  - bytes\n"
		 "  allowlist            %20s pkts\n"
		 "dropped                %20s pkts  - bytes\n"
		 "  malformed-ip         %20s pkts\n"
		 "  malformed-l4         %20s pkts\n"
		 "  malformed-frag       %s pkts\n"
		 "  blocklist            %20s pkts\n"
		 "  ratelimit            %20s pkts\n"
		 "  ratelimit-syn        %20s pkts\n"
		 "  ratelimit-bytes      %20s pkts\n"
		 "  synproxy-syn         %20s pkts\n"
		 "  synproxy-ack         %20s pkts\n"
		 "  synproxy-invalid     %20s pkts\n"
		 "  synproxy-noconn      %20s pkts\n"
		 "ipv4                   %20s pkts\n"
		 "ipv6                   %20s pkts\n"
		 "fragments              %20s pkts\n"
		 "autoblocks             %20s\n"
		 "autoblock-lost         %s\n"
		 "synproxy-cookies-sent  %20s\n"
		 "synproxy-handed-over   %20s\n"
		 "synproxy-engaged       %20s\n"
		 "synproxy-disengaged    %20s\n",
		 "18446744073709551615", "-", "-", "-", "-", "-",
		 "18446744073709551614", "-", "-", "-", "-", "-", "-", "-", "-",
		 "-", "-", "-", "-", "18446744073709551613", "-", "-", "-",
		 "-");
	check_outputs("extremes", stats_reply(big, ARRAY_SIZE(big)), want,
		      "{\"seen\":{\"packets\":18446744073709551615,\"bytes\":0},"
		      "\"dropped\":{\"reasons\":{\"malformed-frag\":18446744073709551614}},"
		      "\"autoblock-lost\":18446744073709551613}\n",
		      NULL);
}

/*
 * Every counter the uapi header knows is printed, exactly once: a counter
 * added to the header needs its row in stats.c.
 */
static void test_coverage(void)
{
	struct fg_stats st = { .valid = true };
	char needle[32];
	struct capture c;
	const char *out;
	unsigned int t, missing = 0, twice = 0;

	for (t = FLOODGATE_STATS_A_PAD + 1; t <= FLOODGATE_STATS_A_MAX; t++) {
		st.present[t] = true;
		st.value[t] = 1000000 + t;
	}
	fg_stats_print_json(capture_start(&c), &st, false);
	out = capture_end(&c);
	for (t = FLOODGATE_STATS_A_PAD + 1; t <= FLOODGATE_STATS_A_MAX; t++) {
		const char *at;

		snprintf(needle, sizeof(needle), ":%u", 1000000 + t);
		at = strstr(out, needle);
		if (!at) {
			printf("#   counter %u is not printed\n", t);
			missing++;
		} else if (strstr(at + 1, needle)) {
			twice++;
		}
	}
	tap_ok(!twice, "stats: no counter is printed twice");
	tap_ok(!missing, "stats: every counter of the uapi header is printed");
	capture_free(&c);
}

static void test_bad(void)
{
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	struct fg_stats st;

	nlh = reply_header(FLOODGATE_CMD_GET_STATS);
	nest = mnl_attr_nest_start(nlh, FLOODGATE_A_STATS);
	mnl_attr_put_u32(nlh, FLOODGATE_STATS_A_SEEN_PKTS, 1);
	mnl_attr_nest_end(nlh, nest);
	tap_ok(fg_stats_parse(nlh, &st) == -EBADMSG && !st.valid,
	       "stats: a known counter of the wrong size is refused");

	nlh = reply_header(FLOODGATE_CMD_GET_STATS);
	tap_ok(fg_stats_parse(nlh, &st) == -EBADMSG,
	       "stats: a reply without FLOODGATE_A_STATS is refused");

	nlh = reply_header(FLOODGATE_CMD_GET_STATS);
	mnl_attr_put_u64(nlh, FLOODGATE_A_STATS, 1);
	tap_ok(fg_stats_parse(nlh, &st) == -EBADMSG,
	       "stats: FLOODGATE_A_STATS that is not a nest is refused");

	nlh = stats_reply(full, ARRAY_SIZE(full));
	((struct genlmsghdr *)mnl_nlmsg_get_payload(nlh))->cmd =
		FLOODGATE_CMD_UNSPEC;
	tap_ok(fg_stats_parse(nlh, &st) == -EBADMSG,
	       "stats: a reply to another command is refused");

	nlh = mnl_nlmsg_put_header(msgbuf);
	nlh->nlmsg_type = FAKE_FAMILY;
	tap_ok(fg_stats_parse(nlh, &st) == -EBADMSG,
	       "stats: a reply without a genetlink header is refused");
}

void test_stats(void)
{
	test_full();
	test_missing();
	test_extremes();
	test_coverage();
	test_bad();
}
