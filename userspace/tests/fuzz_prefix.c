// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for parse_prefix() (make fuzz). Beyond not crashing, it
 * checks the properties the blocklist relies on: a parsed prefix has no
 * host bits, its text form fits FG_PREFIX_STRLEN, and that text parses
 * back to the same prefix, already canonical.
 */

#include "parse.h"

#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

static void check(bool ok)
{
	if (!ok)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char buf[FG_PREFIX_STRLEN], *s;
	struct fg_prefix p, again;

	s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	if (parse_prefix(s, &p) == PARSE_OK) {
		check(p.family == AF_INET ? p.len <= 32 : p.len <= 128);
		format_prefix(&p, buf);
		check(strlen(buf) < sizeof(buf));
		check(parse_prefix(buf, &again) == PARSE_OK);
		check(!again.host_bits_cleared && again.family == p.family &&
		      again.len == p.len &&
		      !memcmp(&again.addr, &p.addr, sizeof(p.addr)));
	}
	free(s);
	return 0;
}
