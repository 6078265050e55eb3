// SPDX-License-Identifier: GPL-2.0
/* Error reporting; see util.h. */

#include "util.h"

#include <stdarg.h>
#include <stdio.h>

static void vreport(const char *fmt, va_list ap)
{
	char msg[1024];

	/*
	 * Format first and write the line at once: stderr is unbuffered, and
	 * piecewise writes could interleave with another process's output.
	 */
	vsnprintf(msg, sizeof(msg), fmt, ap);
	fprintf(stderr, "floodgate: %s\n", msg);
}

void fg_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(fmt, ap);
	va_end(ap);
}

int fg_usage_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(fmt, ap);
	va_end(ap);
	return FG_EXIT_USAGE;
}

int fg_bad_arg(const char *kind, const char *input, const char *what,
	       enum parse_err err)
{
	const char *why = parse_strerror(err);

	return fg_usage_err("invalid %s '%s' for '%s'%s%s", kind, input, what,
			    why ? ": " : "", why ? why : "");
}

int fg_unexpected_arg(const char *object, const char *command,
		      const char *arg)
{
	return fg_usage_err("unexpected argument '%s' for '%s %s' (try 'floodgate help %s')",
			    arg, object, command, object);
}
