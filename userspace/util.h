/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Exit codes and error reporting shared by every object. Every error is one
 * line on stderr that starts with "floodgate: " and quotes the bad input.
 */
#ifndef FG_UTIL_H
#define FG_UTIL_H

#include "parse.h"

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

/* Reports an argument that "floodgate OBJECT COMMAND" does not take. */
int fg_unexpected_arg(const char *object, const char *command,
		      const char *arg);

#endif /* FG_UTIL_H */
