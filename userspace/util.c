// SPDX-License-Identifier: GPL-2.0
/* Error reporting; see util.h. */

#include "util.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

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

void fg_bad_arg_msg(char *buf, size_t size, const char *kind,
		    const char *input, const char *what, enum parse_err err,
		    const char *hint)
{
	const char *why = parse_strerror(err);

	if (!hint || (err != PARSE_RANGE && err != PARSE_UNKNOWN))
		hint = "";
	snprintf(buf, size, "invalid %s '%s' for '%s'%s%s%s", kind, input,
		 what, why ? ": " : "", why ? why : "", hint);
}

int fg_bad_arg(const char *kind, const char *input, const char *what,
	       enum parse_err err)
{
	char msg[512];

	fg_bad_arg_msg(msg, sizeof(msg), kind, input, what, err, NULL);
	return fg_usage_err("%s", msg);
}

int fg_refuse(char *why, size_t size, const char *object, const char *cmd,
	      const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(why, size, "%s %s: ", object, cmd);

	va_start(ap, fmt);
	if (n >= 0 && (size_t)n < size)
		vsnprintf(why + n, size - n, fmt, ap);
	va_end(ap);
	return -1;
}

void fg_unexpected_arg_msg(char *buf, size_t size, const char *object,
			   const char *command, const char *arg)
{
	snprintf(buf, size,
		 "unexpected argument '%s' for '%s %s' (try 'floodgate help %s')",
		 arg, object, command, object);
}

int fg_unexpected_arg(const char *object, const char *command,
		      const char *arg)
{
	char msg[512];

	fg_unexpected_arg_msg(msg, sizeof(msg), object, command, arg);
	return fg_usage_err("%s", msg);
}

void fg_warn_host_bits(const char *where, const char *input,
		       const struct fg_prefix *p, const char *done,
		       size_t more)
{
	char canon[FG_PREFIX_STRLEN], tail[64] = "";

	if (more)
		snprintf(tail, sizeof(tail), " (and %zu more line%s like it)",
			 more, more == 1 ? "" : "s");
	fg_err("warning: %s'%s' has host bits set: %s %s%s", where, input,
	       done, format_prefix(p, canon), tail);
}

int fg_append(void *v, size_t *n, size_t *cap, const void *elem,
	      size_t size)
{
	char *array;

	/* *@v is some T *: copied, not accessed through a char **. */
	memcpy(&array, v, sizeof(array));
	if (*n == *cap) {
		size_t more = *cap ? 2 * *cap : 64;
		char *p = reallocarray(array, more, size);

		if (!p)
			return -ENOMEM;
		array = p;
		memcpy(v, &array, sizeof(array));
		*cap = more;
	}
	memcpy(array + *n * size, elem, size);
	(*n)++;
	return 0;
}

void fg_print_columns(FILE *f, const char *const *cells, size_t rows,
		      size_t cols)
{
	size_t r, c, w, width[16] = { 0 };

	if (cols > ARRAY_SIZE(width))
		cols = ARRAY_SIZE(width);	/* a caller's bug */
	for (r = 0; r < rows; r++)
		for (c = 0; c < cols; c++) {
			w = strlen(cells[r * cols + c]);
			if (w > width[c])
				width[c] = w;
		}
	for (r = 0; r < rows; r++) {
		for (c = 0; c < cols; c++)
			fprintf(f, "%s%-*s", c ? "  " : "",
				c + 1 < cols ? (int)width[c] : 0,
				cells[r * cols + c]);
		fputc('\n', f);
	}
}
