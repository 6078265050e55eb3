/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The "monitor" object: the rate limiter's events (FLOODGATE_CMD_EVENT on
 * the multicast group FLOODGATE_MCGRP_EVENTS), printed as they arrive.
 * Parsing and printing are apart from the socket, for the unit tests.
 */
#ifndef FG_MONITOR_H
#define FG_MONITOR_H

#include "entry.h"
#include "synproxy.h"

#include <libmnl/libmnl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct fg_event {
	uint8_t event;		/* enum floodgate_event */
	uint8_t table;		/* enum floodgate_table */
	struct fg_entry entry;	/* the prefix, and the timeout if sent */
	bool has_reason;
	uint32_t reason;	/* the FLOODGATE_STATS_A_* of the budget */
	bool has_count;
	uint32_t count;		/* the drops that made the block */
	/* A SYN proxy event: its port instead of @entry. */
	bool has_port;
	struct fg_synproxy port;
};

/*
 * Parses a message of the events group. Returns 0 with @ev filled, 1 for
 * a message of another command (to skip: a newer module may send more), or
 * -EBADMSG for an event without its type, without an entry or a port (a
 * FLOODGATE_A_SYNPROXY nest), or with an attribute of the wrong size.
 */
int fg_event_parse(const struct nlmsghdr *nlh, struct fg_event *ev);

/*
 * One line, newline included:
 *     autoblock 198.51.100.7 timeout 300 reason ratelimit drops 1234
 *     expired 198.51.100.7
 *     synproxy-engaged tcp/80 dst any mode auto threshold 1000 hold 30 rate 1500
 * and as one JSON object on one line (JSON lines):
 *     {"event":"autoblock","address":"198.51.100.7","prefix-length":32,
 *      "timeout":300,"reason":"ratelimit","drops":1234}
 * Each field only if the kernel sent it; the prefix as in 'block list'.
 */
void fg_event_print_text(FILE *f, const struct fg_event *ev);
void fg_event_print_json(FILE *f, const struct fg_event *ev);

#endif /* FG_MONITOR_H */
