// SPDX-License-Identifier: GPL-2.0
/* Entries from words and from files; see load.h. */

#include "load.h"
#include "util.h"

#include <errno.h>
#include <linux/floodgate.h>
#include <stdlib.h>
#include <string.h>

/* "PREFIX timeout SECONDS", and room to see a word too many. */
#define MAX_WORDS 4
#define BLANKS " \t\r\n\v\f"

int fg_entry_words(char *const words[], int n, struct fg_entry_req *e,
		   char *why, size_t size)
{
	enum parse_err err;
	uint64_t secs;
	const char *reason;

	memset(e, 0, sizeof(*e));
	err = parse_prefix(words[0], &e->prefix);
	if (err) {
		reason = parse_strerror(err);
		snprintf(why, size, "invalid prefix '%s'%s%s", words[0],
			 reason ? ": " : "", reason ? reason : "");
		return -1;
	}
	if (n == 1)
		return 0;
	if (strcmp(words[1], "timeout"))
		return 1;
	if (n == 2) {
		snprintf(why, size, "'timeout' needs a value");
		return -1;
	}
	err = parse_duration(words[2], 0, FLOODGATE_TIMEOUT_MAX, &secs);
	if (err) {
		reason = parse_strerror(err);
		snprintf(why, size, "invalid timeout '%s'%s%s%s", words[2],
			 reason ? ": " : "", reason ? reason : "",
			 err == PARSE_RANGE ?
			 " (at most " FG_STR(FLOODGATE_TIMEOUT_MAX) " seconds)" :
			 "");
		return -1;
	}
	e->timeout = secs;
	return n > 3 ? 3 : 0;
}

/* Splits @line in place; returns the number of words, at most @max. */
static int split_words(char *line, char *words[], int max)
{
	char *save = NULL, *w;
	int n = 0;

	for (w = strtok_r(line, BLANKS, &save); w && n < max;
	     w = strtok_r(NULL, BLANKS, &save))
		words[n++] = w;
	return n;
}

/* Parses one line; returns 0 or -1 with err->msg set. */
static int parse_line(struct fg_load *ld, char *line, size_t len,
		      unsigned long lineno, struct fg_load_err *err)
{
	char *words[MAX_WORDS], *hash;
	struct fg_entry_req e;
	int n, ret;

	if (memchr(line, '\0', len)) {
		snprintf(err->msg, sizeof(err->msg),
			 "a NUL byte: not a text file");
		return -1;
	}
	hash = strchr(line, '#');
	if (hash)
		*hash = '\0';
	n = split_words(line, words, MAX_WORDS);
	if (!n)
		return 0;
	ret = fg_entry_words(words, n, &e, err->msg, sizeof(err->msg));
	if (ret > 0)
		snprintf(err->msg, sizeof(err->msg),
			 "unexpected '%s' (a line is PREFIX [timeout SECONDS])",
			 words[ret]);
	if (ret)
		return -1;
	e.line = lineno;
	if (e.prefix.host_bits_cleared && !ld->host_bits++) {
		ld->host_bits_first = ld->n;
		snprintf(ld->host_bits_input, sizeof(ld->host_bits_input),
			 "%s", words[0]);
	}
	if (fg_append(&ld->v, &ld->n, &ld->cap, &e, sizeof(e))) {
		snprintf(err->msg, sizeof(err->msg), "%s", strerror(ENOMEM));
		return -1;
	}
	return 0;
}

int fg_load_read(FILE *f, struct fg_load *ld, struct fg_load_err *err)
{
	unsigned long lineno = 0;
	size_t size = 0;
	char *line = NULL;
	ssize_t len;
	int ret = 0;

	memset(ld, 0, sizeof(*ld));
	memset(err, 0, sizeof(*err));
	errno = 0;
	while ((len = getline(&line, &size, f)) >= 0) {
		lineno++;
		ret = parse_line(ld, line, len, lineno, err);
		if (ret) {
			err->line = lineno;
			break;
		}
		errno = 0;
	}
	if (!ret && ferror(f)) {
		snprintf(err->msg, sizeof(err->msg), "%s",
			 strerror(errno ? errno : EIO));
		ret = -1;
	}
	free(line);
	return ret;
}

void fg_load_free(struct fg_load *ld)
{
	free(ld->v);
	ld->v = NULL;
	ld->n = ld->cap = 0;
}
