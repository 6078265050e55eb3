/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Batches of entries for FLOODGATE_CMD_ENTRY_ADD and _DEL: each entry a
 * top-level FLOODGATE_A_ENTRY attribute, repeated as many times as fit in
 * a request (a whole file, when the socket's send buffer allows), and the
 * way back from the kernel's extack offset to the entry it refused. Apart
 * from the socket, for the unit tests.
 */
#ifndef FG_BATCH_H
#define FG_BATCH_H

#include "entry.h"

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <stdint.h>

/* A batch request's headers and its FLOODGATE_A_TABLE, before the entries. */
#define FG_BATCH_HDRLEN \
	(MNL_NLMSG_HDRLEN + GENL_HDRLEN + \
	 MNL_ALIGN(MNL_ATTR_HDRLEN + sizeof(uint8_t)))

/* The bytes entry @e takes in a batch request. */
size_t fg_batch_entry_size(const struct fg_entry_req *e);

/* The length of the one request that would hold all of @e[0..n). */
size_t fg_batch_size(const struct fg_entry_req *e, size_t n);

/*
 * Builds in @buf a request @cmd for table @table, of genetlink family
 * @family, no longer than @size bytes, holding as many of the entries
 * @e[0..n) as fit, in order. Sets *@nlh to it and returns how many entries
 * it holds; 0 if @n is 0 or @size is too small for even one. With @size at
 * least fg_batch_size(@e, @n), it holds them all, in exactly that many
 * bytes.
 */
size_t fg_batch_build(void *buf, size_t size, uint16_t family, uint8_t cmd,
		      uint8_t table, const struct fg_entry_req *e, size_t n,
		      struct nlmsghdr **nlh);

/*
 * The index, among the entries of the batch request @req, of the one that
 * holds byte @offset of the request (the kernel's NLMSGERR_ATTR_OFFS, which
 * points at the entry's FLOODGATE_A_ENTRY attribute or at one of the
 * attributes inside it): the number of FLOODGATE_A_ENTRY attributes before
 * the one that holds the offset. -1 if no entry holds it (the headers, the
 * table, past the end).
 */
long fg_batch_entry_at(const struct nlmsghdr *req, uint32_t offset);

#endif /* FG_BATCH_H */
