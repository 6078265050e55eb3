/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The "synproxy" object: the SYN proxy's protected ports
 * (FLOODGATE_CMD_SYNPROXY_ADD, _DEL and the _GET dump). The grammar, the
 * requests and the replies are apart from the socket, for the unit tests;
 * the monitor prints the proxy's events with the same words.
 */
#ifndef FG_SYNPROXY_H
#define FG_SYNPROXY_H

#include "json.h"
#include "parse.h"

#include <libmnl/libmnl.h>
#include <linux/floodgate.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* The bounds of the settings, as the module's policy has them. */
#define FG_SYNPROXY_THRESHOLD_MAX 1000000000
#define FG_SYNPROXY_HOLD_MAX 86400
#define FG_SYNPROXY_MSS_MIN 536
#define FG_SYNPROXY_MSS_MAX 65495
#define FG_SYNPROXY_WSCALE_MAX 14

/*
 * A protected port, or the part of one a request carries: the integer
 * attributes by FLOODGATE_SYNPROXY_A_* type, a value iff @present, as for
 * a policy of the rate limiter. The destination is @dst, there iff
 * present[FLOODGATE_SYNPROXY_A_ADDR] (its length is dst.len, whether or
 * not the kernel sent FLOODGATE_SYNPROXY_A_PREFIXLEN).
 */
struct fg_synproxy {
	bool present[FLOODGATE_SYNPROXY_A_MAX + 1];
	uint64_t value[FLOODGATE_SYNPROXY_A_MAX + 1];
	struct fg_prefix dst;
};

/*
 * The grammar of "synproxy add" and "synproxy del", from the words after
 * the command. Each returns 0, or -1 with the message in @why, one line
 * that names the bad word (the caller adds "floodgate: "); every refusal
 * is a usage error. A dst prefix with host bits has them cleared, and
 * dst.host_bits_cleared set, for the caller to warn.
 */
int fg_synproxy_parse_add(char *const argv[], int argc, struct fg_synproxy *sp,
			  char *why, size_t size);
int fg_synproxy_parse_del(char *const argv[], int argc, struct fg_synproxy *sp,
			  char *why, size_t size);

/* Appends a FLOODGATE_A_SYNPROXY nest of @sp's attributes, in type order. */
void fg_synproxy_put(struct nlmsghdr *nlh, const struct fg_synproxy *sp);

/*
 * Parses a FLOODGATE_A_SYNPROXY nest of a reply or an event. Unknown
 * attributes are skipped; a known one of the wrong size, a port range
 * without its start, an address of another size than 4 or 16 bytes or a
 * prefix length longer than it is an error. Returns 0 or -EBADMSG.
 */
int fg_synproxy_parse(const struct nlattr *nest, struct fg_synproxy *sp);

/*
 * Parses a message of a FLOODGATE_CMD_SYNPROXY_GET dump: each
 * FLOODGATE_A_SYNPROXY nest, in order, to @cb. Returns 0, -EBADMSG, or
 * what @cb returned if not 0.
 */
int fg_synproxy_parse_msg(const struct nlmsghdr *nlh,
			  int (*cb)(const struct fg_synproxy *sp, void *data),
			  void *data);

/* Orders ports by range, then destination (none first), for qsort(). */
int fg_synproxy_cmp(const void *a, const void *b);

/*
 * A port as a line of "synproxy list", without the newline:
 *     tcp/80 dst any mode on mss auto wscale auto engaged syn 123
 *     cookies-sent 123 valid 10 invalid 2 noconn 0 handed-over 9
 * (see the usage text in synproxy.c for every key). With @listing false
 * (an event), only what the kernel sent: no "mss auto", "wscale auto".
 */
void fg_synproxy_print_text(FILE *f, const struct fg_synproxy *sp,
			    bool listing);
/*
 * The members of the same as JSON, into the object open in @j: every
 * attribute the kernel sent, "dst" null for any destination; with
 * @listing, also "mss" and "wscale" as null when absent (auto) and the
 * options as false.
 */
void fg_synproxy_print_json(struct json *j, const struct fg_synproxy *sp,
			    bool listing);

#endif /* FG_SYNPROXY_H */
