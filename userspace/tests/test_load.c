// SPDX-License-Identifier: GPL-2.0
/*
 * The grammar of an entry and the load-file parser: good files (comments,
 * blank lines, CRLF), every kind of bad line with its exact message and
 * line number, empty files, and a large generated file.
 */

#include "tests.h"
#include "load.h"
#include "util.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

/* Parses @len bytes of @text as a file; returns fg_load_read()'s result. */
static int load_text(const char *text, size_t len, struct fg_load *ld,
		     struct fg_load_err *err)
{
	FILE *f = fmemopen((void *)text, len, "r");
	int ret;

	if (!f) {
		perror("fmemopen");
		exit(EXIT_FAILURE);
	}
	ret = fg_load_read(f, ld, err);
	fclose(f);
	return ret;
}

static const char *prefix_text(const struct fg_prefix *p)
{
	static char buf[FG_PREFIX_STRLEN];

	return format_prefix(p, buf);
}

static void test_words(void)
{
	static const struct {
		const char *words[5];
		int ret;		/* 0, -1, or the unexpected word */
		const char *why;	/* for -1 */
		const char *prefix;	/* for 0 */
		uint32_t timeout;
	} cases[] = {
		{ { "198.51.100.7" }, 0, NULL, "198.51.100.7", 0 },
		{ { "198.51.100.0/24", "timeout", "600" }, 0, NULL,
		  "198.51.100.0/24", 600 },
		{ { "2001:db8::/32", "timeout", "10m" }, 0, NULL,
		  "2001:db8::/32", 600 },
		{ { "2001:db8::1", "timeout", "0" }, 0, NULL, "2001:db8::1", 0 },
		{ { "10.0.0.0/8", "timeout", "2147483" }, 0, NULL, "10.0.0.0/8",
		  2147483 },
		{ { "10.1.2.3/8" }, 0, NULL, "10.0.0.0/8", 0 },
		{ { "1.2.3.4/33" }, -1,
		  "invalid prefix '1.2.3.4/33': bad prefix length" },
		{ { "1.2.3" }, -1, "invalid prefix '1.2.3'" },
		{ { "" }, -1, "invalid prefix '': empty" },
		{ { "1.2.3.4", "timeout" }, -1, "'timeout' needs a value" },
		{ { "1.2.3.4", "timeout", "2147484" }, -1,
		  "invalid timeout '2147484': out of range (at most 2147483 seconds)" },
		{ { "1.2.3.4", "timeout", "25d" }, -1,
		  "invalid timeout '25d': out of range (at most 2147483 seconds)" },
		{ { "1.2.3.4", "timeout", "-1" }, -1, "invalid timeout '-1'" },
		{ { "1.2.3.4", "timeout", "010" }, -1,
		  "invalid timeout '010': leading zeros are not allowed" },
		{ { "1.2.3.4", "600" }, 1 },
		{ { "1.2.3.4", "Timeout", "600" }, 1 },
		{ { "1.2.3.4", "timeout", "600", "x" }, 3 },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct fg_entry_req e;
		char why[256] = "";
		int n = 0, ret;

		while (cases[i].words[n])
			n++;
		ret = fg_entry_words((char *const *)cases[i].words, n, &e, why,
				     sizeof(why));
		if (cases[i].ret < 0) {
			tap_ok(ret == -1, "entry words %zu: refused", i);
			tap_str(why, cases[i].why, "entry words %zu: message", i);
		} else if (cases[i].ret > 0) {
			tap_ok(ret == cases[i].ret,
			       "entry words %zu: word %d is unexpected", i,
			       cases[i].ret);
		} else {
			tap_ok(ret == 0 && !strcmp(prefix_text(&e.prefix),
						   cases[i].prefix) &&
			       e.timeout == cases[i].timeout,
			       "entry words %zu: %s timeout %u", i,
			       cases[i].prefix, cases[i].timeout);
		}
	}
}

static void test_good(void)
{
	static const char text[] =
		"# blocklist of 2024-05-01\n"
		"\n"
		"198.51.100.0/24\n"
		"   203.0.113.7   timeout 600   # a scanner\n"
		"\t2001:db8::/32\ttimeout\t1h\t\n"
		"#198.51.100.9\n"
		"192.0.2.1#no blank before the comment\n"
		"   \n"
		"2001:db8::1/128 timeout 0\n";
	static const struct {
		const char *prefix;
		uint32_t timeout;
		unsigned long line;
	} want[] = {
		{ "198.51.100.0/24", 0, 3 },
		{ "203.0.113.7", 600, 4 },
		{ "2001:db8::/32", 3600, 5 },
		{ "192.0.2.1", 0, 7 },
		{ "2001:db8::1", 0, 9 },
	};
	struct fg_load_err err;
	struct fg_load ld;
	bool same;
	size_t i;

	same = load_text(text, strlen(text), &ld, &err) == 0 &&
	       ld.n == ARRAY_SIZE(want) && !ld.host_bits;
	for (i = 0; same && i < ld.n; i++)
		same = !strcmp(prefix_text(&ld.v[i].prefix), want[i].prefix) &&
		       ld.v[i].timeout == want[i].timeout &&
		       ld.v[i].line == want[i].line;
	tap_ok(same, "load: comments, blanks, tabs: entries and their lines");
	fg_load_free(&ld);
}

static void test_crlf(void)
{
	static const char text[] =
		"# from Windows\r\n"
		"198.51.100.0/24 timeout 60\r\n"
		"\r\n"
		"2001:db8::1\r\n"
		"203.0.113.0/24";	/* no newline at the end */
	struct fg_load_err err;
	struct fg_load ld;

	tap_ok(load_text(text, strlen(text), &ld, &err) == 0 && ld.n == 3 &&
	       ld.v[0].timeout == 60 && ld.v[0].line == 2 &&
	       !strcmp(prefix_text(&ld.v[1].prefix), "2001:db8::1") &&
	       ld.v[2].line == 5,
	       "load: CRLF line endings, last line without a newline");
	fg_load_free(&ld);
}

static void test_host_bits(void)
{
	static const char text[] =
		"198.51.100.0/24\n"
		"198.51.100.7/24\n"
		"10.1.0.0/8 timeout 5\n"
		"2001:db8::1/64\n";
	struct fg_load_err err;
	struct fg_load ld;

	tap_ok(load_text(text, strlen(text), &ld, &err) == 0 && ld.n == 4 &&
	       ld.host_bits == 3 && ld.host_bits_first == 1 &&
	       !strcmp(ld.host_bits_input, "198.51.100.7/24") &&
	       !strcmp(prefix_text(&ld.v[1].prefix), "198.51.100.0/24") &&
	       !strcmp(prefix_text(&ld.v[3].prefix), "2001:db8::/64"),
	       "load: host bits are cleared, counted, the first one kept");
	fg_load_free(&ld);
}

static void test_empty(void)
{
	static const char *const texts[] = {
		"", "\n", "# nothing\n\n   # at all\n", "\r\n\t\n",
	};
	struct fg_load_err err;
	struct fg_load ld;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(texts); i++) {
		tap_ok(load_text(texts[i], strlen(texts[i]), &ld, &err) == 0 &&
		       ld.n == 0, "load: empty file %zu: no entries, no error",
		       i);
		fg_load_free(&ld);
	}
}

static void test_bad(void)
{
	static const struct {
		const char *text;
		unsigned long line;
		const char *msg;
	} cases[] = {
		{ "10.0.0.0/8\n1.2.3.4/33\n", 2,
		  "invalid prefix '1.2.3.4/33': bad prefix length" },
		{ "# first\n\n\n1.2.3\n", 4, "invalid prefix '1.2.3'" },
		{ "1.2.3.4 600\n", 1,
		  "unexpected '600' (a line is PREFIX [timeout SECONDS])" },
		{ "1.2.3.4 timeout 60 extra\n", 1,
		  "unexpected 'extra' (a line is PREFIX [timeout SECONDS])" },
		{ "1.2.3.4\n1.2.3.5 timeout\n", 2, "'timeout' needs a value" },
		{ "1.2.3.4 timeout 1y\n", 1, "invalid timeout '1y'" },
		{ "::1 timeout 99999999\n", 1,
		  "invalid timeout '99999999': out of range (at most 2147483 seconds)" },
		{ "timeout 60\n", 1, "invalid prefix 'timeout'" },
		{ "1.2.3.4\r\n1.2.3.0/24 1.2.3.5\r\n", 2,
		  "unexpected '1.2.3.5' (a line is PREFIX [timeout SECONDS])" },
		/* The first bad line is the one reported. */
		{ "1.2.3.4\nx\ny\n", 2, "invalid prefix 'x'" },
	};
	struct fg_load_err err;
	struct fg_load ld;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		int ret = load_text(cases[i].text, strlen(cases[i].text), &ld,
				    &err);

		if (!tap_ok(ret == -1 && err.line == cases[i].line,
			    "load: bad file %zu: refused at line %lu", i,
			    cases[i].line))
			printf("#   returned %d, line %lu\n", ret, err.line);
		tap_str(err.msg, cases[i].msg, "load: bad file %zu: message", i);
		fg_load_free(&ld);
	}

	/* fmemopen() with an explicit length keeps the NUL. */
	tap_ok(load_text("1.2.3.4\n1.2.3.5\0x\n", 18, &ld, &err) == -1 &&
	       err.line == 2 && !strcmp(err.msg, "a NUL byte: not a text file"),
	       "load: a NUL byte is refused at its line");
	fg_load_free(&ld);
}

/* 100,000 lines, IPv4 and IPv6, some with timeouts and comments. */
static void test_large(void)
{
	const size_t lines = 100000;
	struct fg_load_err err;
	struct timespec t0, t1;
	struct capture c;
	struct fg_load ld;
	const char *text;
	bool in_order = true;
	double secs;
	size_t i;
	FILE *f = capture_start(&c);

	for (i = 0; i < lines; i++) {
		if (i % 3 == 0)
			fprintf(f, "10.%zu.%zu.0/24\n", i >> 8 & 0xff, i & 0xff);
		else if (i % 3 == 1)
			fprintf(f, "2001:db8:%zx::%zx timeout %zu # n%zu\n",
				i >> 16, i & 0xffff, i % 1000, i);
		else
			fprintf(f, "  198.%zu.%zu.%zu\r\n", i >> 16 & 0xff,
				i >> 8 & 0xff, i & 0xff);
	}
	text = capture_end(&c);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	tap_ok(load_text(text, c.len, &ld, &err) == 0 && ld.n == lines,
	       "load: 100000 lines parse");
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	for (i = 0; in_order && i < ld.n; i++)
		in_order = ld.v[i].line == i + 1 &&
			   ld.v[i].timeout == (i % 3 == 1 ? i % 1000 : 0);
	tap_ok(in_order, "load: 100000 lines: every entry, in order");
	/* Some 0.05 s without sanitizers; far less than this even with them. */
	if (!tap_ok(secs < 3.0, "load: 100000 lines parse quickly"))
		printf("#   took %.2f s\n", secs);
	printf("# 100000 lines parsed in %.3f s\n", secs);
	fg_load_free(&ld);
	capture_free(&c);
}

void test_load(void)
{
	test_words();
	test_good();
	test_crlf();
	test_host_bits();
	test_empty();
	test_bad();
	test_large();
}
