/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The "status" object: FLOODGATE_CMD_GET_STATUS, the module's version and
 * hook priority, the size of each table and whether the SYN proxy holds
 * conntrack, as text or JSON. Parsing and
 * printing are apart from the socket, for the unit tests.
 */
#ifndef FG_STATUS_H
#define FG_STATUS_H

#include "nl.h"

#include <linux/floodgate.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* Tables we keep; a module with more is not one this CLI knows anyway. */
#define FG_STATUS_TABLES 8

struct fg_table_status {
	uint8_t id;		/* enum floodgate_table */
	/* By attribute type, as for stats: a field is there iff @present. */
	bool present[FLOODGATE_TABLE_A_MAX + 1];
	uint64_t value[FLOODGATE_TABLE_A_MAX + 1];
};

struct fg_status {
	bool valid;		/* a GET_STATUS reply was parsed */
	bool has_version;
	bool has_priority;
	char version[64];
	int32_t hook_priority;
	unsigned int n_tables;
	struct fg_table_status tables[FG_STATUS_TABLES];
	bool has_sp_ct;
	bool has_proxied;
	uint8_t sp_ct;		/* enum floodgate_synproxy_ct */
	uint32_t proxied;
};

/*
 * Parses one FLOODGATE_CMD_GET_STATUS reply into @st (zeroed first).
 * Unknown attributes are skipped; a known one of the wrong size, or a
 * table without its id, is an error. Returns 0 or -EBADMSG.
 */
int fg_status_parse(const struct nlmsghdr *nlh, struct fg_status *st);

/* The table of id @id in @st, NULL if the module did not report it. */
const struct fg_table_status *fg_status_table(const struct fg_status *st,
					      uint8_t id);

/* Asks the module for its status; prints nothing. Returns 0 or -errno. */
int fg_status_query(struct fg_nl *nl, struct fg_status *st);

void fg_status_print_text(FILE *f, const struct fg_status *st);
void fg_status_print_json(FILE *f, const struct fg_status *st, bool pretty);

#endif /* FG_STATUS_H */
