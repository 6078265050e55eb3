// SPDX-License-Identifier: GPL-2.0
/* Batches of entries in ADD and DEL requests; see batch.h. */

#include "batch.h"
#include "nl.h"

#include <linux/floodgate.h>

size_t fg_batch_build(void *buf, size_t size, uint16_t family, uint8_t cmd,
		      uint8_t table, const struct fg_entry_req *e, size_t n,
		      struct nlmsghdr **nlh)
{
	struct nlattr *nest;
	size_t limit, i;

	*nlh = fg_nl_put_header(buf, family, cmd);
	if (!mnl_attr_put_u8_check(*nlh, size, FLOODGATE_A_TABLE, table))
		return 0;
	nest = mnl_attr_nest_start_check(*nlh, size, FLOODGATE_A_ENTRIES);
	if (!nest)
		return 0;
	/* Entries end the message: the nest may grow to here, no further. */
	limit = (char *)nest - (char *)*nlh + FG_BATCH_MAX_NEST;
	if (limit > size)
		limit = size;
	for (i = 0; i < n; i++)
		if (!fg_entry_put(*nlh, limit, &e[i].prefix, true,
				  e[i].timeout))
			break;
	if (i)
		mnl_attr_nest_end(*nlh, nest);
	return i;
}

long fg_batch_entry_at(const struct nlmsghdr *req, uint32_t offset)
{
	const char *base = (const char *)req;
	const struct nlattr *attr, *entry;
	long idx = 0;

	if (offset >= req->nlmsg_len)
		return -1;
	mnl_attr_for_each(attr, req, GENL_HDRLEN) {
		if (mnl_attr_get_type(attr) != FLOODGATE_A_ENTRIES)
			continue;
		mnl_attr_for_each_nested(entry, attr) {
			size_t start = (const char *)entry - base;

			if (offset >= start && offset < start + entry->nla_len)
				return idx;
			idx++;
		}
	}
	return -1;
}
