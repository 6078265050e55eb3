/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Parsers of user input. Pure functions: no I/O, no allocation, no global
 * state, so that every one of them is unit-tested and fuzzed on its own. Each
 * returns an enum parse_err; the caller turns it into a message that names
 * the input and the argument it was given for (fg_bad_arg() in util.h).
 */
#ifndef FG_PARSE_H
#define FG_PARSE_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum parse_err {
	PARSE_OK,
	PARSE_EMPTY,		/* the input is the empty string */
	PARSE_SYNTAX,		/* not of the expected form */
	PARSE_LEADING_ZERO,	/* a number written with leading zeros */
	PARSE_RANGE,		/* well formed, but out of range */
	PARSE_ORDER,		/* a range whose end is below its start */
	PARSE_PREFIXLEN,	/* an address followed by a bad "/len" */
	PARSE_UNKNOWN,		/* not one of the accepted names */
	PARSE_AMBIGUOUS,	/* a prefix of more than one accepted name */
};

/* What went wrong, to follow the quoted input; NULL for PARSE_SYNTAX. */
const char *parse_strerror(enum parse_err err);

/* Decimal, no sign, no blanks, no leading zeros (so "010" cannot be octal). */
enum parse_err parse_uint(const char *s, uint64_t min, uint64_t max,
			  uint64_t *out);

/* Seconds: "N" or "N" followed by one unit of s, m, h or d. */
enum parse_err parse_duration(const char *s, uint64_t min, uint64_t max,
			      uint64_t *secs);

struct fg_port_range {
	uint16_t first;
	uint16_t last;		/* == first for a single port */
};

/* 1..65535. */
enum parse_err parse_port(const char *s, uint16_t *out);
/* "N" or "N-M" with 1 <= N <= M <= 65535. */
enum parse_err parse_port_range(const char *s, struct fg_port_range *out);

/*
 * "tcp", "udp" or "icmp", as an IP protocol number. floodgate matches "icmp"
 * against ICMP in IPv4 and ICMPv6 in IPv6, so "icmpv6" is accepted as another
 * name for it and also yields IPPROTO_ICMP.
 */
enum parse_err parse_proto(const char *s, uint8_t *out);
/* The name parse_proto() accepts for @proto, NULL if there is none. */
const char *proto_name(uint8_t proto);

struct fg_prefix {
	int family;		/* AF_INET or AF_INET6 */
	uint8_t len;		/* 0..32 or 0..128 */
	/* Set when the input had bits past @len, which were cleared. */
	bool host_bits_cleared;
	union {
		struct in_addr v4;
		struct in6_addr v6;
		uint8_t bytes[16];
	} addr;
};

/* Address, '/', up to three digits, NUL. */
#define FG_PREFIX_STRLEN (INET6_ADDRSTRLEN + 4)

/*
 * An IPv4 or IPv6 address with an optional "/len" (default: a host, /32 or
 * /128), in the forms inet_pton() accepts. The result is canonical: host
 * bits are cleared, and out->host_bits_cleared says whether there were any.
 */
enum parse_err parse_prefix(const char *s, struct fg_prefix *out);
/* The text form, "/len" left out for a single host. Returns @buf. */
const char *format_prefix(const struct fg_prefix *p,
			  char buf[FG_PREFIX_STRLEN]);

/* Whether @s is a non-empty prefix of (or equal to) @name. */
bool parse_is_prefix(const char *s, const char *name);
/*
 * Find @s among @n names: an exact match wins, otherwise it must be the
 * prefix of exactly one name (iproute2's abbreviations, without its "first
 * in table order wins" rule: adding a name can make an abbreviation
 * ambiguous, but never silently change what it means).
 */
enum parse_err parse_keyword(const char *s, const char *const *names,
			     size_t n, size_t *index);

/* A name under /run/netns: non-empty, no '/', not "." or "..". */
enum parse_err parse_netns_name(const char *s);

#endif /* FG_PARSE_H */
