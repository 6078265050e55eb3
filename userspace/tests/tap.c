// SPDX-License-Identifier: GPL-2.0
/* A minimal TAP producer; see tests.h. */

#include "tests.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static unsigned int passed, failed, skipped;

static unsigned int next(void)
{
	return passed + failed + skipped + 1;
}

static void vreport(bool pass, const char *fmt, va_list ap)
{
	printf("%sok %u - ", pass ? "" : "not ", next());
	vprintf(fmt, ap);
	putchar('\n');
	if (pass)
		passed++;
	else
		failed++;
}

bool tap_ok(bool pass, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(pass, fmt, ap);
	va_end(ap);
	return pass;
}

/* Each line of @s as a TAP comment, so that a harness shows it verbatim. */
static void diag(const char *label, const char *s)
{
	printf("#   %s:\n", label);
	if (!s) {
		printf("#     (null)\n");
		return;
	}
	while (*s) {
		size_t n = strcspn(s, "\n");

		printf("#     |%.*s|\n", (int)n, s);
		s += n + (s[n] == '\n');
	}
}

bool tap_str(const char *got, const char *want, const char *fmt, ...)
{
	bool pass = got && want && !strcmp(got, want);
	va_list ap;

	va_start(ap, fmt);
	vreport(pass, fmt, ap);
	va_end(ap);
	if (!pass) {
		diag("got", got);
		diag("want", want);
	}
	return pass;
}

static void vdirective(bool pass, const char *directive, const char *why,
		       const char *fmt, va_list ap)
{
	printf("%sok %u - ", pass ? "" : "not ", next());
	vprintf(fmt, ap);
	printf(" # %s %s\n", directive, why);
	skipped++;
}

void tap_skip(const char *why, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vdirective(true, "SKIP", why, fmt, ap);
	va_end(ap);
}

bool tap_todo(bool pass, const char *why, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (pass)
		vreport(true, fmt, ap);
	else
		vdirective(false, "TODO", why, fmt, ap);
	va_end(ap);
	return pass;
}

int tap_done(void)
{
	printf("1..%u\n", passed + failed + skipped);
	printf("%u passed, %u failed, %u skipped\n", passed, failed, skipped);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

FILE *capture_start(struct capture *c)
{
	c->buf = NULL;
	c->len = 0;
	c->f = open_memstream(&c->buf, &c->len);
	if (!c->f) {
		perror("open_memstream");
		exit(EXIT_FAILURE);
	}
	return c->f;
}

const char *capture_end(struct capture *c)
{
	fclose(c->f);
	c->f = NULL;
	return c->buf;
}

void capture_free(struct capture *c)
{
	free(c->buf);
	c->buf = NULL;
}
