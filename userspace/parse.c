// SPDX-License-Identifier: GPL-2.0
/*
 * Parsers of user input; see parse.h. Numbers are read by hand rather than
 * with strtoull(), which skips blanks, accepts signs ("-1" wraps to a huge
 * value) and reads "010" as octal with base 0.
 */

#include "parse.h"

#include <arpa/inet.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

const char *parse_strerror(enum parse_err err)
{
	switch (err) {
	case PARSE_OK:
		return "success";
	case PARSE_EMPTY:
		return "empty";
	case PARSE_SYNTAX:
		return NULL;
	case PARSE_LEADING_ZERO:
		return "leading zeros are not allowed";
	case PARSE_RANGE:
		return "out of range";
	case PARSE_ORDER:
		return "the range ends before it starts";
	case PARSE_PREFIXLEN:
		return "bad prefix length";
	case PARSE_UNKNOWN:
		return "unknown name";
	case PARSE_AMBIGUOUS:
		return "ambiguous";
	}
	return NULL;
}

/* The decimal number in s[0..len), checked against [min, max]. */
static enum parse_err parse_digits(const char *s, size_t len, uint64_t min,
				   uint64_t max, uint64_t *out)
{
	bool overflow = false;
	uint64_t v = 0;
	size_t i;

	if (len == 0)
		return PARSE_SYNTAX;
	/* Scan to the end even after an overflow: "99...9x" is junk, not big. */
	for (i = 0; i < len; i++) {
		unsigned int d = (unsigned char)s[i] - '0';

		if (d > 9)
			return PARSE_SYNTAX;
		if (v > (UINT64_MAX - d) / 10)
			overflow = true;
		v = v * 10 + d;
	}
	if (len > 1 && s[0] == '0')
		return PARSE_LEADING_ZERO;
	if (overflow || v < min || v > max)
		return PARSE_RANGE;
	*out = v;
	return PARSE_OK;
}

enum parse_err parse_uint(const char *s, uint64_t min, uint64_t max,
			  uint64_t *out)
{
	if (!*s)
		return PARSE_EMPTY;
	return parse_digits(s, strlen(s), min, max, out);
}

enum parse_err parse_duration(const char *s, uint64_t min, uint64_t max,
			      uint64_t *secs)
{
	static const struct {
		char suffix;
		uint64_t secs;
	} units[] = { { 's', 1 }, { 'm', 60 }, { 'h', 3600 }, { 'd', 86400 } };
	size_t len = strlen(s), i;
	uint64_t unit = 1, v;
	enum parse_err err;

	if (!len)
		return PARSE_EMPTY;
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (s[len - 1] == units[i].suffix) {
			unit = units[i].secs;
			len--;
			break;
		}
	}
	/* Read up to max / unit, so that the product cannot overflow. */
	err = parse_digits(s, len, 0, max / unit, &v);
	if (err == PARSE_OK && v * unit < min)
		err = PARSE_RANGE;
	if (err == PARSE_OK)
		*secs = v * unit;
	return err;
}

enum parse_err parse_port(const char *s, uint16_t *out)
{
	uint64_t v;
	enum parse_err err = parse_uint(s, 1, UINT16_MAX, &v);

	if (err == PARSE_OK)
		*out = v;
	return err;
}

enum parse_err parse_port_range(const char *s, struct fg_port_range *out)
{
	const char *dash = strchr(s, '-');
	uint64_t first, last;
	enum parse_err err;

	if (!dash) {
		err = parse_port(s, &out->first);
		out->last = out->first;
		return err;
	}
	if (!*s)
		return PARSE_EMPTY;
	err = parse_digits(s, dash - s, 1, UINT16_MAX, &first);
	if (err == PARSE_OK)
		err = parse_digits(dash + 1, strlen(dash + 1), 1, UINT16_MAX,
				   &last);
	if (err == PARSE_OK && last < first)
		err = PARSE_ORDER;
	if (err == PARSE_OK) {
		out->first = first;
		out->last = last;
	}
	return err;
}

static const struct {
	const char *name;
	uint8_t proto;
} protos[] = {
	{ "tcp", IPPROTO_TCP },
	{ "udp", IPPROTO_UDP },
	{ "icmp", IPPROTO_ICMP },
	{ "icmpv6", IPPROTO_ICMP },	/* an alias: after "icmp" */
};

enum parse_err parse_proto(const char *s, uint8_t *out)
{
	size_t i;

	if (!*s)
		return PARSE_EMPTY;
	for (i = 0; i < sizeof(protos) / sizeof(protos[0]); i++) {
		if (!strcmp(s, protos[i].name)) {
			*out = protos[i].proto;
			return PARSE_OK;
		}
	}
	return PARSE_UNKNOWN;
}

const char *proto_name(uint8_t proto)
{
	size_t i;

	for (i = 0; i < sizeof(protos) / sizeof(protos[0]); i++)
		if (protos[i].proto == proto)
			return protos[i].name;
	return NULL;
}

/* Clear the bits of @addr past the first @len; report whether any were set. */
static bool clear_host_bits(uint8_t *addr, size_t size, unsigned int len)
{
	bool cleared = false;
	size_t i;

	for (i = 0; i < size; i++) {
		unsigned int start = i * 8;
		uint8_t keep;

		if (start >= len)
			keep = 0;
		else if (len - start >= 8)
			keep = 0xff;
		else
			keep = 0xff << (8 - (len - start));
		cleared |= (addr[i] & ~keep) != 0;
		addr[i] &= keep;
	}
	return cleared;
}

enum parse_err parse_prefix(const char *s, struct fg_prefix *out)
{
	char addr[INET6_ADDRSTRLEN];
	const char *slash = strchr(s, '/');
	size_t alen = slash ? (size_t)(slash - s) : strlen(s);
	unsigned int bits;
	uint64_t len;

	if (!*s)
		return PARSE_EMPTY;
	if (alen == 0 || alen >= sizeof(addr))
		return PARSE_SYNTAX;
	memcpy(addr, s, alen);
	addr[alen] = '\0';

	memset(out, 0, sizeof(*out));
	out->family = strchr(addr, ':') ? AF_INET6 : AF_INET;
	/* inet_pton() is strict: no blanks, no octal, no short IPv4 forms. */
	if (inet_pton(out->family, addr, &out->addr) != 1)
		return PARSE_SYNTAX;
	bits = out->family == AF_INET ? 32 : 128;
	len = bits;
	if (slash && parse_digits(slash + 1, strlen(slash + 1), 0, bits,
				  &len) != PARSE_OK)
		return PARSE_PREFIXLEN;
	out->len = len;
	out->host_bits_cleared = clear_host_bits(out->addr.bytes, bits / 8,
						 out->len);
	return PARSE_OK;
}

const char *format_prefix(const struct fg_prefix *p,
			  char buf[FG_PREFIX_STRLEN])
{
	unsigned int bits = p->family == AF_INET ? 32 : 128;
	size_t n;

	if (!inet_ntop(p->family, &p->addr, buf, INET6_ADDRSTRLEN)) {
		strcpy(buf, "?");	/* not AF_INET(6): a caller's bug */
		return buf;
	}
	n = strlen(buf);
	if (p->len != bits)
		snprintf(buf + n, FG_PREFIX_STRLEN - n, "/%u", p->len);
	return buf;
}

bool parse_is_prefix(const char *s, const char *name)
{
	size_t len = strlen(s);

	return len && !strncmp(s, name, len);
}

enum parse_err parse_keyword(const char *s, const char *const *names,
			     size_t n, size_t *index)
{
	size_t i, found = 0, matches = 0;

	if (!*s)
		return PARSE_EMPTY;
	for (i = 0; i < n; i++) {
		if (!strcmp(s, names[i])) {
			*index = i;
			return PARSE_OK;
		}
		if (parse_is_prefix(s, names[i])) {
			found = i;
			matches++;
		}
	}
	if (matches > 1)
		return PARSE_AMBIGUOUS;
	if (!matches)
		return PARSE_UNKNOWN;
	*index = found;
	return PARSE_OK;
}

enum parse_err parse_netns_name(const char *s)
{
	if (!*s)
		return PARSE_EMPTY;
	if (strchr(s, '/') || !strcmp(s, ".") || !strcmp(s, "..") ||
	    strlen(s) > NAME_MAX)
		return PARSE_SYNTAX;
	return PARSE_OK;
}
