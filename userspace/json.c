// SPDX-License-Identifier: GPL-2.0
/* A small streaming JSON writer; see json.h. */

#include "json.h"

#include <assert.h>

void json_init(struct json *j, FILE *f, bool pretty)
{
	j->f = f;
	j->pretty = pretty;
	j->has_members = false;
	j->depth = 0;
}

static void newline_indent(struct json *j, unsigned int depth)
{
	if (!j->pretty)
		return;
	fputc('\n', j->f);
	while (depth--)
		fputs("    ", j->f);
}

/*
 * Length of the well-formed UTF-8 sequence (RFC 3629: no overlong forms, no
 * surrogates, nothing past U+10FFFF) that starts at @s, 0 if there is none.
 * Stops at the first bad byte, so it never reads past a terminating NUL.
 */
static size_t utf8_len(const unsigned char *s)
{
	unsigned char lo = 0x80, hi = 0xbf;
	size_t n, i;

	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		if (s[0] == 0xe0)
			lo = 0xa0;
		else if (s[0] == 0xed)
			hi = 0x9f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		if (s[0] == 0xf0)
			lo = 0x90;
		else if (s[0] == 0xf4)
			hi = 0x8f;
	} else {
		return 0;
	}
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return n;
}

static void put_string(FILE *f, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t n;

	fputc('"', f);
	while (*s) {
		if (*s == '"' || *s == '\\') {
			fprintf(f, "\\%c", *s);
		} else if (*s == '\n') {
			fputs("\\n", f);
		} else if (*s == '\t') {
			fputs("\\t", f);
		} else if (*s < 0x20 || *s == 0x7f) {
			fprintf(f, "\\u%04x", *s);
		} else if (*s < 0x80) {
			fputc(*s, f);
		} else if ((n = utf8_len(s))) {
			fwrite(s, 1, n, f);
			s += n;
			continue;
		} else {
			fputs("\\ufffd", f);
		}
		s++;
	}
	fputc('"', f);
}

/* Separator, indentation and key that come before every value. */
static void begin_value(struct json *j, const char *key)
{
	/* Keys exactly inside objects; a bare value only at the top level once. */
	assert(j->depth ? !key == (j->closers[j->depth - 1] == ']')
			: !key && !j->has_members);
	if (j->has_members)
		fputc(',', j->f);
	if (j->depth)
		newline_indent(j, j->depth);
	if (key) {
		put_string(j->f, key);
		fputs(j->pretty ? ": " : ":", j->f);
	}
	j->has_members = true;
}

static void open_container(struct json *j, const char *key, char opener,
			   char closer)
{
	assert(j->depth < JSON_MAX_DEPTH);
	begin_value(j, key);
	fputc(opener, j->f);
	j->closers[j->depth++] = closer;
	j->has_members = false;
}

void json_open_object(struct json *j, const char *key)
{
	open_container(j, key, '{', '}');
}

void json_open_array(struct json *j, const char *key)
{
	open_container(j, key, '[', ']');
}

void json_close(struct json *j)
{
	assert(j->depth > 0);
	j->depth--;
	/* An empty container stays on one line: {} or []. */
	if (j->has_members)
		newline_indent(j, j->depth);
	fputc(j->closers[j->depth], j->f);
	/* The container just closed is a member of its parent. */
	j->has_members = true;
}

void json_u64(struct json *j, const char *key, uint64_t v)
{
	begin_value(j, key);
	fprintf(j->f, "%llu", (unsigned long long)v);
}

void json_s64(struct json *j, const char *key, int64_t v)
{
	begin_value(j, key);
	fprintf(j->f, "%lld", (long long)v);
}

void json_string(struct json *j, const char *key, const char *s)
{
	begin_value(j, key);
	put_string(j->f, s);
}

void json_bool(struct json *j, const char *key, bool v)
{
	begin_value(j, key);
	fputs(v ? "true" : "false", j->f);
}

void json_null(struct json *j, const char *key)
{
	begin_value(j, key);
	fputs("null", j->f);
}

void json_finish(struct json *j)
{
	assert(j->depth == 0);
	fputc('\n', j->f);
}
