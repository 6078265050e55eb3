/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The "limit" object: the rate limiter's policies (FLOODGATE_CMD_LIMIT_SET,
 * _DEL and _GET), the keys its budgets drop most (LIMIT_TOP) and the
 * capacity of its key table (SET_CONFIG). The grammar, the requests and
 * the replies are apart from the socket, for the unit tests.
 */
#ifndef FG_LIMIT_H
#define FG_LIMIT_H

#include "json.h"
#include "parse.h"

#include <libmnl/libmnl.h>
#include <linux/floodgate.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* The highest rate the module takes (the bound of its bucket arithmetic). */
#define FG_LIMIT_RATE_MAX 1000000000000ULL
/* The longest block-window, in seconds. */
#define FG_LIMIT_WINDOW_MAX 86400
/* Keys LIMIT_TOP returns: at most, and when not told. */
#define FG_LIMIT_TOP_MAX 1000
#define FG_LIMIT_TOP_DEFAULT 10

/*
 * A policy, or the part of one that a request sets: by FLOODGATE_LIMIT_A_*
 * type, as for stats, a value iff @present. Without FLOODGATE_LIMIT_A_PROTO
 * it is the default policy.
 */
struct fg_limit {
	bool present[FLOODGATE_LIMIT_A_MAX + 1];
	uint64_t value[FLOODGATE_LIMIT_A_MAX + 1];
};

/* What "limit set" asks for: a policy's change, or the key table's size. */
struct fg_limit_set {
	bool is_capacity;	/* "set max N" */
	uint32_t capacity;
	struct fg_limit policy;
};

/*
 * The grammar of "limit set", "limit del" and "limit top", from the words
 * after the command. Each returns 0, or -1 with the message in @why, one
 * line that names the bad word (the caller adds "floodgate: "); every
 * refusal is a usage error.
 */
int fg_limit_parse_set(char *const argv[], int argc, struct fg_limit_set *s,
		       char *why, size_t size);
int fg_limit_parse_del(char *const argv[], int argc, struct fg_limit *l,
		       char *why, size_t size);
int fg_limit_parse_top(char *const argv[], int argc, uint32_t *count,
		       char *why, size_t size);

/* Appends a FLOODGATE_A_LIMIT nest of the attributes of @l, in type order. */
void fg_limit_put(struct nlmsghdr *nlh, const struct fg_limit *l);

/*
 * Parses a FLOODGATE_CMD_LIMIT_GET reply: checks its shape, then hands each
 * FLOODGATE_A_LIMIT nest, in order, to @cb. Unknown attributes are skipped;
 * a known one of the wrong size is an error. Returns 0, -EBADMSG, or what
 * @cb returned if not 0.
 */
int fg_limit_parse_msg(const struct nlmsghdr *nlh,
		       int (*cb)(const struct fg_limit *l, void *data),
		       void *data);

/*
 * A policy as a line of "limit show", without the newline, in the words of
 * "limit set": "udp port 53 pps 50 burst 100 syn-pps unlimited ...". A
 * rate of 0 is "unlimited", a burst of 0 is left out, and so is the port
 * of a tcp or udp policy for all ports.
 */
void fg_limit_print_text(FILE *f, const struct fg_limit *l);
/* The same as a JSON object: unlimited rates and 0 bursts left out. */
void fg_limit_print_json(struct json *j, const struct fg_limit *l);

/* A key of LIMIT_TOP, and its policy. */
struct fg_talker {
	struct fg_prefix key;
	bool has_proto;		/* false: the default policy */
	uint8_t proto;
	bool has_ports;
	uint16_t port_min, port_max;
	uint64_t passed, dropped;
	bool has_tokens;	/* false: its pps is unlimited */
	uint64_t tokens;
};

/*
 * Parses a FLOODGATE_CMD_LIMIT_TOP reply, as fg_limit_parse_msg() does:
 * each FLOODGATE_A_TALKER to @cb. A talker without its address, passed or
 * dropped count is an error.
 */
int fg_talker_parse_msg(const struct nlmsghdr *nlh,
			int (*cb)(const struct fg_talker *t, void *data),
			void *data);

/*
 * "limit top": a header and one aligned line per key; nothing for no key.
 * Returns 0 or -ENOMEM (nothing printed).
 */
int fg_talkers_print_text(FILE *f, const struct fg_talker *t, size_t n);
void fg_talkers_print_json(FILE *f, const struct fg_talker *t, size_t n,
			   bool pretty);

#endif /* FG_LIMIT_H */
