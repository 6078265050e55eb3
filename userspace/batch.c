// SPDX-License-Identifier: GPL-2.0
/* Batches of entries in ADD and DEL requests; see batch.h. */

#include "batch.h"
#include "nl.h"

#include <linux/floodgate.h>

size_t fg_batch_entry_size(const struct fg_entry_req *e)
{
	return fg_entry_size(&e->prefix, true, e->timeout);
}

size_t fg_batch_size(const struct fg_entry_req *e, size_t n)
{
	size_t size = FG_BATCH_HDRLEN, i;

	for (i = 0; i < n; i++)
		size += fg_batch_entry_size(&e[i]);
	return size;
}

size_t fg_batch_build(void *buf, size_t size, uint16_t family, uint8_t cmd,
		      uint8_t table, const struct fg_entry_req *e, size_t n,
		      struct nlmsghdr **nlh)
{
	size_t i;

	*nlh = fg_nl_put_header(buf, family, cmd);
	if (!mnl_attr_put_u8_check(*nlh, size, FLOODGATE_A_TABLE, table))
		return 0;
	/* No nest around them: the entries take all the room there is. */
	for (i = 0; i < n; i++)
		if (!fg_entry_put(*nlh, size, &e[i].prefix, true,
				  e[i].timeout))
			break;
	return i;
}

long fg_batch_entry_at(const struct nlmsghdr *req, uint32_t offset)
{
	const char *base = (const char *)req;
	const struct nlattr *attr;
	long idx = 0;

	if (offset >= req->nlmsg_len)
		return -1;
	mnl_attr_for_each(attr, req, GENL_HDRLEN) {
		size_t start = (const char *)attr - base;

		if (offset < start)
			break;		/* in the padding before this one */
		if (mnl_attr_get_type(attr) != FLOODGATE_A_ENTRY)
			continue;
		if (offset < start + attr->nla_len)
			return idx;
		idx++;
	}
	return -1;
}
