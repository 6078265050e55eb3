/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Batches of entries for FLOODGATE_CMD_ENTRY_ADD and _DEL: as many entries
 * as fit in one request, and the way back from the kernel's extack offset
 * to the entry it refused. Apart from the socket, for the unit tests.
 */
#ifndef FG_BATCH_H
#define FG_BATCH_H

#include "entry.h"

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <stdint.h>

/*
 * The largest batch request. Whatever the socket allows, the entries go in
 * one FLOODGATE_A_ENTRIES nest, and an attribute's length is 16 bits: some
 * 3,000 IPv4 or 1,600 IPv6 entries a request, and larger loads take
 * several requests.
 */
#define FG_BATCH_MAX_NEST UINT16_MAX
#define FG_BATCH_MAX_MSG \
	(MNL_NLMSG_HDRLEN + GENL_HDRLEN + MNL_ATTR_HDRLEN + \
	 MNL_ALIGN(sizeof(uint8_t)) + MNL_ALIGN(FG_BATCH_MAX_NEST))

/*
 * Builds in @buf a request @cmd for table @table, of genetlink family
 * @family, no longer than @size bytes, holding as many of the entries
 * @e[0..n) as fit, in order. Sets *@nlh to it and returns how many entries
 * it holds; 0 if @n is 0 or @size is too small for even one.
 */
size_t fg_batch_build(void *buf, size_t size, uint16_t family, uint8_t cmd,
		      uint8_t table, const struct fg_entry_req *e, size_t n,
		      struct nlmsghdr **nlh);

/*
 * The index, among the entries of the batch request @req, of the one that
 * holds byte @offset of the request (the kernel's NLMSGERR_ATTR_OFFS, which
 * points at the entry's nest or one of its attributes); -1 if no entry
 * holds it.
 */
long fg_batch_entry_at(const struct nlmsghdr *req, uint32_t offset);

#endif /* FG_BATCH_H */
