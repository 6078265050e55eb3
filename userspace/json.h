/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small streaming JSON writer: compact by default ({"a":1,"b":{"c":"x"}}),
 * or indented by four spaces per level when pretty (like 'ip -j -p').
 * Members of objects take a key; top-level values and array elements take
 * a NULL key. Strings are escaped and made valid UTF-8 (bad bytes become
 * U+FFFD), so output stays parseable whatever the kernel or user sent.
 */
#ifndef FG_JSON_H
#define FG_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH 16

struct json {
	FILE *f;
	bool pretty;
	bool has_members;	/* the innermost open container is not empty */
	unsigned int depth;
	char closers[JSON_MAX_DEPTH];
};

void json_init(struct json *j, FILE *f, bool pretty);
void json_open_object(struct json *j, const char *key);
void json_open_array(struct json *j, const char *key);
/* Closes the innermost open object or array. */
void json_close(struct json *j);
void json_u64(struct json *j, const char *key, uint64_t v);
void json_s64(struct json *j, const char *key, int64_t v);
void json_string(struct json *j, const char *key, const char *s);
void json_bool(struct json *j, const char *key, bool v);
void json_null(struct json *j, const char *key);
/* Ends the document (a newline); every container must be closed. */
void json_finish(struct json *j);

#endif /* FG_JSON_H */
