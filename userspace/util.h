/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Exit codes and error reporting shared by every object. Every error is one
 * line on stderr that starts with "floodgate: " and quotes the bad input.
 * Also the little that several objects need besides: growing arrays and
 * text in aligned columns.
 */
#ifndef FG_UTIL_H
#define FG_UTIL_H

#include "parse.h"

#include <stdio.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
/* A macro's value as a string literal: FG_STR(FLOODGATE_TIMEOUT_MAX). */
#define FG_STR(x) FG_STR_(x)
#define FG_STR_(x) #x

enum {
	FG_EXIT_OK = 0,
	FG_EXIT_FAIL = 1,	/* netlink error, kernel refused, no module */
	FG_EXIT_USAGE = 2,	/* the command line is wrong */
};

/* Prints "floodgate: <message>\n" on stderr. */
void fg_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* fg_err(), then returns FG_EXIT_USAGE for the caller to return. */
int fg_usage_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Reports a parse failure as "invalid <kind> '<input>' for '<what>'", with
 * the reason appended when there is more to say than "invalid"; returns
 * FG_EXIT_USAGE. Example: invalid number 'x1' for 'timeout'.
 */
int fg_bad_arg(const char *kind, const char *input, const char *what,
	       enum parse_err err);
/*
 * The same message in @buf, for grammars that report through a buffer,
 * with @hint (" (1 to 32)", or NULL) after the reason when the input was
 * out of range or not one of the accepted names.
 */
void fg_bad_arg_msg(char *buf, size_t size, const char *kind,
		    const char *input, const char *what, enum parse_err err,
		    const char *hint);

/*
 * "OBJECT CMD: <message>" in @why, for grammars that report through a
 * buffer; returns -1 for the caller to return.
 */
int fg_refuse(char *why, size_t size, const char *object, const char *cmd,
	      const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Reports an argument that "floodgate OBJECT COMMAND" does not take. */
int fg_unexpected_arg(const char *object, const char *command,
		      const char *arg);
/* The same message in @buf. */
void fg_unexpected_arg_msg(char *buf, size_t size, const char *object,
			   const char *command, const char *arg);

/*
 * The kernel clears a prefix's host bits: a warning that the prefix the
 * user wrote as @input (at @where: "", or "FILE:LINE: ") is @done ("stored
 * as", "deleted") as @p, and how many @more lines had the same fate.
 */
void fg_warn_host_bits(const char *where, const char *input,
		       const struct fg_prefix *p, const char *done,
		       size_t more);

/*
 * Appends the @size bytes at @elem to the array *@v of *@n elements, room
 * for *@cap, which it grows as needed (free *@v when done). Returns 0 or
 * -ENOMEM, the array left as it was.
 */
int fg_append(void *v, size_t *n, size_t *cap, const void *elem,
	      size_t size);

/*
 * A table of @rows rows of @cols cells, row-major, the first row its
 * header: columns left-aligned, two spaces apart, as wide as their widest
 * cell; the last one is not padded.
 */
void fg_print_columns(FILE *f, const char *const *cells, size_t rows,
		      size_t cols);

#endif /* FG_UTIL_H */
