/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The grammar of an entry, "PREFIX [timeout SECONDS]", as words on the
 * command line ("add") and as the lines of a file ("load"): one parser for
 * both, so that a line of a file means what the same words mean to "add".
 */
#ifndef FG_LOAD_H
#define FG_LOAD_H

#include "entry.h"

#include <stdio.h>

/*
 * One entry from its @n words. Returns 0; or -1 after writing to @why the
 * reason, which quotes the bad word ("invalid prefix '1.2.3.4/33': bad
 * prefix length", "'timeout' needs a value"); or, when a word has no place
 * in the grammar, its index (at least 1), for the caller to report.
 */
int fg_entry_words(char *const words[], int n, struct fg_entry_req *e,
		   char *why, size_t size);

/* The entries of a file, in the order of its lines. */
struct fg_load {
	struct fg_entry_req *v;
	size_t n;
	size_t cap;
	/*
	 * How many entries had host bits set, the index in @v of the first,
	 * and its prefix as the file wrote it.
	 */
	size_t host_bits;
	size_t host_bits_first;
	char host_bits_input[FG_PREFIX_STRLEN];
};

struct fg_load_err {
	unsigned long line;	/* 0: the file could not be read */
	char msg[256];		/* the reason; for line 0, strerror() */
};

/*
 * Reads @f to its end, one entry a line: "PREFIX [timeout SECONDS]" words
 * separated by blanks, '#' to the end of the line a comment, blank lines
 * and CRLF endings accepted. Returns 0 with every entry in @ld, or -1 at
 * the first bad line, with its number and the reason in @err; free @ld
 * with fg_load_free() either way.
 */
int fg_load_read(FILE *f, struct fg_load *ld, struct fg_load_err *err);
void fg_load_free(struct fg_load *ld);

#endif /* FG_LOAD_H */
