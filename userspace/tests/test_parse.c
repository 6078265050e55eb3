// SPDX-License-Identifier: GPL-2.0
/* Tables of good and bad inputs for every parser in parse.c. */

#include "tests.h"
#include "parse.h"
#include "util.h"

#include <limits.h>
#include <string.h>
#include <sys/socket.h>

#define OK PARSE_OK

static const char *err_name(enum parse_err err)
{
	static const char *const names[] = {
		[PARSE_OK] = "OK",
		[PARSE_EMPTY] = "EMPTY",
		[PARSE_SYNTAX] = "SYNTAX",
		[PARSE_LEADING_ZERO] = "LEADING_ZERO",
		[PARSE_RANGE] = "RANGE",
		[PARSE_ORDER] = "ORDER",
		[PARSE_PREFIXLEN] = "PREFIXLEN",
		[PARSE_UNKNOWN] = "UNKNOWN",
		[PARSE_AMBIGUOUS] = "AMBIGUOUS",
	};

	return err < ARRAY_SIZE(names) ? names[err] : "?";
}

/* One TAP line for a parser's verdict and, when it succeeded, its value. */
static void check(const char *parser, const char *in, enum parse_err got,
		  enum parse_err want, bool value_ok)
{
	if (!tap_ok(got == want && (got != OK || value_ok), "%s(\"%s\") -> %s",
		    parser, in, err_name(want)))
		printf("#   got %s%s\n", err_name(got),
		       got == OK && !value_ok ? " with a wrong value" : "");
}

static const struct {
	const char *in;
	uint64_t min, max;
	enum parse_err err;
	uint64_t want;
} uint_cases[] = {
	{ "0", 0, 10, OK, 0 },
	{ "10", 0, 10, OK, 10 },
	{ "7", 7, 7, OK, 7 },
	{ "11", 0, 10, PARSE_RANGE },
	{ "0", 1, 10, PARSE_RANGE },
	{ "18446744073709551615", 0, UINT64_MAX, OK, UINT64_MAX },
	{ "18446744073709551616", 0, UINT64_MAX, PARSE_RANGE },
	{ "99999999999999999999999", 0, UINT64_MAX, PARSE_RANGE },
	{ "99999999999999999999x", 0, UINT64_MAX, PARSE_SYNTAX },
	{ "4294967295", 0, UINT32_MAX, OK, UINT32_MAX },
	{ "4294967296", 0, UINT32_MAX, PARSE_RANGE },
	{ "", 0, 10, PARSE_EMPTY },
	{ " 1", 0, 10, PARSE_SYNTAX },
	{ "1 ", 0, 10, PARSE_SYNTAX },
	{ "1\n", 0, 10, PARSE_SYNTAX },
	{ "+1", 0, 10, PARSE_SYNTAX },
	{ "-1", 0, 10, PARSE_SYNTAX },
	{ "-0", 0, 10, PARSE_SYNTAX },
	{ "0x1", 0, 10, PARSE_SYNTAX },
	{ "1e1", 0, 100, PARSE_SYNTAX },
	{ "1.0", 0, 10, PARSE_SYNTAX },
	{ "x1", 0, 10, PARSE_SYNTAX },
	{ "010", 0, 100, PARSE_LEADING_ZERO },
	{ "00", 0, 100, PARSE_LEADING_ZERO },
};

static void test_uint(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(uint_cases); i++) {
		uint64_t v = 12345;
		enum parse_err err = parse_uint(uint_cases[i].in,
						uint_cases[i].min,
						uint_cases[i].max, &v);

		check("parse_uint", uint_cases[i].in, err, uint_cases[i].err,
		      v == uint_cases[i].want);
	}
}

static const struct {
	const char *in;
	uint64_t min, max;
	enum parse_err err;
	uint64_t want;
} duration_cases[] = {
	{ "0", 0, 3600, OK, 0 },
	{ "30", 0, 3600, OK, 30 },
	{ "30s", 0, 3600, OK, 30 },
	{ "5m", 0, 3600, OK, 300 },
	{ "60m", 0, 3600, OK, 3600 },
	{ "61m", 0, 3600, PARSE_RANGE },
	{ "1h", 0, 3600, OK, 3600 },
	{ "1h", 0, 3599, PARSE_RANGE },
	{ "3599", 0, 3599, OK, 3599 },
	{ "2d", 0, UINT32_MAX, OK, 172800 },
	{ "0", 1, 3600, PARSE_RANGE },
	{ "0s", 1, 3600, PARSE_RANGE },
	{ "213503982334601d", 0, UINT64_MAX, OK, 213503982334601ULL * 86400 },
	{ "213503982334602d", 0, UINT64_MAX, PARSE_RANGE },
	{ "", 0, 10, PARSE_EMPTY },
	{ "s", 0, 10, PARSE_SYNTAX },
	{ "1x", 0, 10, PARSE_SYNTAX },
	{ "1ms", 0, 10, PARSE_SYNTAX },
	{ "1M", 0, 100, PARSE_SYNTAX },
	{ "1 m", 0, 100, PARSE_SYNTAX },
	{ "1ss", 0, 100, PARSE_SYNTAX },
	{ "-1", 0, 100, PARSE_SYNTAX },
	{ "1h30m", 0, 10000, PARSE_SYNTAX },
	{ "05m", 0, 1000, PARSE_LEADING_ZERO },
};

static void test_duration(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(duration_cases); i++) {
		uint64_t v = 12345;
		enum parse_err err = parse_duration(duration_cases[i].in,
						    duration_cases[i].min,
						    duration_cases[i].max, &v);

		check("parse_duration", duration_cases[i].in, err,
		      duration_cases[i].err, v == duration_cases[i].want);
	}
}

static const struct {
	const char *in;
	enum parse_err err;
	uint16_t first, last;
} port_cases[] = {
	{ "1", OK, 1, 1 },
	{ "80", OK, 80, 80 },
	{ "65535", OK, 65535, 65535 },
	{ "1-65535", OK, 1, 65535 },
	{ "80-80", OK, 80, 80 },
	{ "1024-2047", OK, 1024, 2047 },
	{ "0", PARSE_RANGE },
	{ "65536", PARSE_RANGE },
	{ "0-10", PARSE_RANGE },
	{ "10-65536", PARSE_RANGE },
	{ "90-80", PARSE_ORDER },
	{ "", PARSE_EMPTY },
	{ "-", PARSE_SYNTAX },
	{ "-80", PARSE_SYNTAX },
	{ "80-", PARSE_SYNTAX },
	{ "1-2-3", PARSE_SYNTAX },
	{ "80 - 90", PARSE_SYNTAX },
	{ " 80", PARSE_SYNTAX },
	{ "http", PARSE_SYNTAX },
	{ "080", PARSE_LEADING_ZERO },
	{ "80-090", PARSE_LEADING_ZERO },
};

static void test_ports(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(port_cases); i++) {
		struct fg_port_range r = { 7, 7 };
		enum parse_err err = parse_port_range(port_cases[i].in, &r);

		check("parse_port_range", port_cases[i].in, err,
		      port_cases[i].err, r.first == port_cases[i].first &&
		      r.last == port_cases[i].last);
		/* parse_port() takes exactly the single-port forms. */
		if (!strchr(port_cases[i].in, '-')) {
			uint16_t p = 7;

			err = parse_port(port_cases[i].in, &p);
			check("parse_port", port_cases[i].in, err,
			      port_cases[i].err, p == port_cases[i].first);
		}
	}
}

static const struct {
	const char *in;
	enum parse_err err;
	uint8_t proto;
} proto_cases[] = {
	{ "tcp", OK, IPPROTO_TCP },
	{ "udp", OK, IPPROTO_UDP },
	{ "icmp", OK, IPPROTO_ICMP },
	{ "icmpv6", OK, IPPROTO_ICMP },
	{ "", PARSE_EMPTY },
	{ "TCP", PARSE_UNKNOWN },
	{ "tc", PARSE_UNKNOWN },
	{ "tcp ", PARSE_UNKNOWN },
	{ "6", PARSE_UNKNOWN },
	{ "sctp", PARSE_UNKNOWN },
};

static void test_protos(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(proto_cases); i++) {
		uint8_t p = 255;
		enum parse_err err = parse_proto(proto_cases[i].in, &p);

		check("parse_proto", proto_cases[i].in, err,
		      proto_cases[i].err, p == proto_cases[i].proto);
	}
	tap_str(proto_name(IPPROTO_TCP), "tcp", "proto_name(6)");
	tap_str(proto_name(IPPROTO_UDP), "udp", "proto_name(17)");
	tap_str(proto_name(IPPROTO_ICMP), "icmp", "proto_name(1)");
	tap_ok(!proto_name(IPPROTO_ICMPV6) && !proto_name(0),
	       "proto_name() of protocols without a name is NULL");
}

/* @text: the canonical form format_prefix() must give back. */
static const struct {
	const char *in;
	enum parse_err err;
	const char *text;
	bool cleared;
} prefix_cases[] = {
	{ "1.2.3.4", OK, "1.2.3.4", false },
	{ "1.2.3.4/32", OK, "1.2.3.4", false },
	{ "1.2.3.4/24", OK, "1.2.3.0/24", true },
	{ "1.2.3.0/24", OK, "1.2.3.0/24", false },
	{ "10.1.2.255/25", OK, "10.1.2.128/25", true },
	{ "10.0.0.1/31", OK, "10.0.0.0/31", true },
	{ "1.2.3.4/1", OK, "0.0.0.0/1", true },
	{ "128.0.0.0/1", OK, "128.0.0.0/1", false },
	{ "0.0.0.0/0", OK, "0.0.0.0/0", false },
	{ "255.255.255.255/0", OK, "0.0.0.0/0", true },
	{ "255.255.255.255", OK, "255.255.255.255", false },
	{ "::", OK, "::", false },
	{ "::/0", OK, "::/0", false },
	{ "::1", OK, "::1", false },
	{ "::1/128", OK, "::1", false },
	{ "2001:db8::1/64", OK, "2001:db8::/64", true },
	{ "2001:DB8::/32", OK, "2001:db8::/32", false },
	{ "2001:0db8:0000:0000:0000:0000:0000:0001", OK, "2001:db8::1", false },
	{ "2001:db8::ff/121", OK, "2001:db8::80/121", true },
	{ "2001:db8::1/127", OK, "2001:db8::/127", true },
	{ "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/1", OK, "8000::/1", true },
	{ "::ffff:1.2.3.4", OK, "::ffff:1.2.3.4", false },
	{ "::ffff:1.2.3.4/96", OK, "::ffff:0.0.0.0/96", true },
	{ "1.2.3.4/33", PARSE_PREFIXLEN },
	{ "1.2.3.4/", PARSE_PREFIXLEN },
	{ "1.2.3.4/024", PARSE_PREFIXLEN },
	{ "1.2.3.4/-1", PARSE_PREFIXLEN },
	{ "1.2.3.4/+8", PARSE_PREFIXLEN },
	{ "1.2.3.4/ 24", PARSE_PREFIXLEN },
	{ "1.2.3.4/24 ", PARSE_PREFIXLEN },
	{ "1.2.3.4/24/8", PARSE_PREFIXLEN },
	{ "1.2.3.4//24", PARSE_PREFIXLEN },
	{ "1.2.3.4/255.255.255.0", PARSE_PREFIXLEN },
	{ "::/129", PARSE_PREFIXLEN },
	{ "::/1280", PARSE_PREFIXLEN },
	{ "::1/99999999999999999999999", PARSE_PREFIXLEN },
	{ "", PARSE_EMPTY },
	{ "/24", PARSE_SYNTAX },
	{ "/", PARSE_SYNTAX },
	{ "01.2.3.4", PARSE_SYNTAX },
	{ "1.2.3.04", PARSE_SYNTAX },
	{ "1.2.3", PARSE_SYNTAX },
	{ "1.2.3.4.5", PARSE_SYNTAX },
	{ "256.1.1.1", PARSE_SYNTAX },
	{ "0x1.2.3.4", PARSE_SYNTAX },
	{ " 1.2.3.4", PARSE_SYNTAX },
	{ "1.2.3.4 ", PARSE_SYNTAX },
	{ "localhost", PARSE_SYNTAX },
	{ ":::", PARSE_SYNTAX },
	{ "1:2:3:4:5:6:7:8:9", PARSE_SYNTAX },
	{ "fe80::1%eth0", PARSE_SYNTAX },
	{ "[::1]", PARSE_SYNTAX },
	{ "2001:db8:::1", PARSE_SYNTAX },
	{ "1111:2222:3333:4444:5555:6666:7777:8888:9999:aaaa", PARSE_SYNTAX },
};

static void test_prefixes(void)
{
	char buf[FG_PREFIX_STRLEN];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(prefix_cases); i++) {
		struct fg_prefix p, again;
		enum parse_err err = parse_prefix(prefix_cases[i].in, &p);
		bool value_ok = false;

		if (err == OK) {
			format_prefix(&p, buf);
			value_ok = !strcmp(buf, prefix_cases[i].text) &&
				   p.host_bits_cleared == prefix_cases[i].cleared &&
				   parse_prefix(buf, &again) == OK &&
				   !again.host_bits_cleared &&
				   again.len == p.len &&
				   !memcmp(&again.addr, &p.addr, sizeof(p.addr));
		}
		check("parse_prefix", prefix_cases[i].in, err,
		      prefix_cases[i].err, value_ok);
		if (err == OK && !value_ok)
			printf("#   formatted as %s, host bits %s\n", buf,
			       p.host_bits_cleared ? "cleared" : "none");
	}
}

static void test_prefix_fields(void)
{
	struct fg_prefix p;
	char buf[FG_PREFIX_STRLEN];

	tap_ok(parse_prefix("192.0.2.1/24", &p) == OK &&
	       p.family == AF_INET && p.len == 24 &&
	       p.addr.bytes[0] == 192 && p.addr.bytes[2] == 2 &&
	       p.addr.bytes[3] == 0, "IPv4 prefix: family, length, bytes");
	tap_ok(parse_prefix("::ffff:1.2.3.4", &p) == OK &&
	       p.family == AF_INET6 && p.len == 128 &&
	       p.addr.bytes[10] == 0xff && p.addr.bytes[15] == 4,
	       "::ffff:1.2.3.4 stays IPv6 (v4-mapped), /128");
	tap_ok(parse_prefix("2001:db8::/0", &p) == OK && p.len == 0 &&
	       p.host_bits_cleared, "/0 clears every bit");
	/* The longest text there is must fit FG_PREFIX_STRLEN. */
	parse_prefix("ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255/127", &p);
	p.addr.bytes[15] = 0xfe;
	tap_str(format_prefix(&p, buf),
		"ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe/127",
		"format_prefix() of a long prefix");
}

static const char *const objects[] = {
	"stats", "status", "block", "allow", "limit", "synproxy", "monitor",
	"help",
};

static const struct {
	const char *in;
	enum parse_err err;
	size_t index;
} keyword_cases[] = {
	{ "stats", OK, 0 },
	{ "status", OK, 1 },
	{ "statu", OK, 1 },
	{ "b", OK, 2 },
	{ "sy", OK, 5 },
	{ "mon", OK, 6 },
	{ "h", OK, 7 },
	{ "help", OK, 7 },
	{ "stat", PARSE_AMBIGUOUS },
	{ "st", PARSE_AMBIGUOUS },
	{ "s", PARSE_AMBIGUOUS },
	{ "", PARSE_EMPTY },
	{ "x", PARSE_UNKNOWN },
	{ "statsx", PARSE_UNKNOWN },
	{ "STATS", PARSE_UNKNOWN },
	{ " stats", PARSE_UNKNOWN },
};

static void test_keywords(void)
{
	static const char *const cmds[] = { "show", "showall" };
	size_t i, idx;

	for (i = 0; i < ARRAY_SIZE(keyword_cases); i++) {
		enum parse_err err;

		idx = 99;
		err = parse_keyword(keyword_cases[i].in, objects,
				    ARRAY_SIZE(objects), &idx);
		check("parse_keyword", keyword_cases[i].in, err,
		      keyword_cases[i].err, idx == keyword_cases[i].index);
	}
	idx = 99;
	tap_ok(parse_keyword("show", cmds, 2, &idx) == OK && idx == 0,
	       "parse_keyword: an exact match wins over longer names");
	tap_ok(parse_keyword("sh", cmds, 2, &idx) == PARSE_AMBIGUOUS,
	       "parse_keyword: a prefix of two names is ambiguous");
	tap_ok(parse_keyword("showa", cmds, 2, &idx) == OK && idx == 1,
	       "parse_keyword: a prefix of one name picks it");
}

static void test_netns_names(void)
{
	char name[NAME_MAX + 2];

	tap_ok(parse_netns_name("blue") == OK, "netns name 'blue'");
	tap_ok(parse_netns_name("..a") == OK, "netns name '..a'");
	tap_ok(parse_netns_name("") == PARSE_EMPTY, "netns name ''");
	tap_ok(parse_netns_name(".") == PARSE_SYNTAX, "netns name '.'");
	tap_ok(parse_netns_name("..") == PARSE_SYNTAX, "netns name '..'");
	tap_ok(parse_netns_name("a/b") == PARSE_SYNTAX, "netns name 'a/b'");
	tap_ok(parse_netns_name("../../proc/1/ns/net") == PARSE_SYNTAX,
	       "netns name cannot leave /run/netns");
	memset(name, 'n', NAME_MAX);
	name[NAME_MAX] = '\0';
	tap_ok(parse_netns_name(name) == OK, "netns name of NAME_MAX bytes");
	name[NAME_MAX] = 'n';
	name[NAME_MAX + 1] = '\0';
	tap_ok(parse_netns_name(name) == PARSE_SYNTAX,
	       "netns name longer than NAME_MAX");
}

static void test_strerror(void)
{
	enum parse_err e;
	bool ok = true;

	for (e = PARSE_OK; e <= PARSE_AMBIGUOUS; e++)
		ok &= (parse_strerror(e) == NULL) == (e == PARSE_SYNTAX);
	tap_ok(ok, "parse_strerror() has a reason for every error but SYNTAX");
}

void test_parse(void)
{
	test_uint();
	test_duration();
	test_ports();
	test_protos();
	test_prefixes();
	test_prefix_fields();
	test_keywords();
	test_netns_names();
	test_strerror();
}
