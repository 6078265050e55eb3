/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The "stats" object: FLOODGATE_CMD_GET_STATS, parsed and printed as text or
 * JSON. Parsing and printing are apart from the socket so that the unit
 * tests run them on canned kernel messages.
 */
#ifndef FG_STATS_H
#define FG_STATS_H

#include <linux/floodgate.h>
#include <libmnl/libmnl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct fg_stats {
	bool valid;	/* a reply carrying FLOODGATE_A_STATS was parsed */
	/* By attribute type; a counter the module lacks is not @present. */
	bool present[FLOODGATE_STATS_A_MAX + 1];
	uint64_t value[FLOODGATE_STATS_A_MAX + 1];
};

/*
 * Parses one FLOODGATE_CMD_GET_STATS reply into @st (zeroed first). Unknown
 * attributes are skipped (newer modules add counters); a known counter of
 * the wrong size is an error. Returns 0 or -EBADMSG.
 */
int fg_stats_parse(const struct nlmsghdr *nlh, struct fg_stats *st);

/*
 * The name "stats" gives the counter of type @attr (FLOODGATE_STATS_A_*)
 * when it is a count of its own, such as a drop reason ("ratelimit-syn"):
 * the rate limiter's events name their reason so. NULL if none.
 */
const char *fg_stats_name(uint16_t attr);

void fg_stats_print_text(FILE *f, const struct fg_stats *st);
void fg_stats_print_json(FILE *f, const struct fg_stats *st, bool pretty);

#endif /* FG_STATS_H */
