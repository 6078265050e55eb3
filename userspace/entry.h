/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Entries of the blocklist and the allowlist on the wire and on screen: the
 * FLOODGATE_ENTRY_A_* nest we put in requests, the one the kernel sends in
 * replies, and the single rendering of an entry, as text and as JSON, that
 * "list" and "test" share.
 */
#ifndef FG_ENTRY_H
#define FG_ENTRY_H

#include "json.h"
#include "parse.h"

#include <libmnl/libmnl.h>
#include <stdio.h>

/* An entry to add or delete, and where it came from. */
struct fg_entry_req {
	struct fg_prefix prefix;
	uint32_t timeout;	/* seconds; 0: permanent */
	unsigned long line;	/* its line in a file; 0 if none */
};

/* Which optional fields of struct fg_entry the kernel sent. */
enum {
	FG_ENTRY_EXPIRES = 1 << 0,
	FG_ENTRY_HITS = 1 << 1,
	FG_ENTRY_LAST_HIT = 1 << 2,
	FG_ENTRY_ORIGIN = 1 << 3,
	FG_ENTRY_TIMEOUT = 1 << 4,
};

/* An entry as the kernel reports it. */
struct fg_entry {
	struct fg_prefix prefix;
	uint64_t hits;
	uint32_t expires;	/* seconds left */
	uint32_t last_hit;	/* seconds since the last hit */
	/* The timeout it was added with: in events, not in listings. */
	uint32_t timeout;
	uint8_t origin;		/* enum floodgate_origin */
	uint8_t has;		/* FG_ENTRY_* */
};

/*
 * Appends a FLOODGATE_A_ENTRY nest for @p to @nlh (a top-level attribute,
 * repeated once per entry of a batch), keeping the message within @size
 * bytes: the address, the prefix length if @with_len (without it, a lookup
 * is longest-match), and the timeout if it is not 0. Returns false, with
 * the message as it was, when the entry does not fit.
 */
bool fg_entry_put(struct nlmsghdr *nlh, size_t size, const struct fg_prefix *p,
		  bool with_len, uint32_t timeout);
/* The bytes fg_entry_put() adds for the same arguments. */
size_t fg_entry_size(const struct fg_prefix *p, bool with_len,
		     uint32_t timeout);

/*
 * A prefix from the attributes of a reply that hold its address (4 or 16
 * bytes, network order) and, if not NULL, its prefix length (a validated
 * u8; without it, the whole address): an entry's, or a rate limiter key's.
 * Returns 0, or -EBADMSG for no address, an address of another size or a
 * prefix length longer than the address.
 */
int fg_prefix_from_attrs(const struct nlattr *addr, const struct nlattr *len,
			 struct fg_prefix *p);

/*
 * Parses an entry nest of a reply. Unknown attributes are skipped; a known
 * one of the wrong size, a missing address or a prefix length longer than
 * the address is an error. Returns 0 or -EBADMSG.
 */
int fg_entry_parse(const struct nlattr *nest, struct fg_entry *e);

/*
 * Parses a FLOODGATE_CMD_ENTRY_GET reply (a lookup's, or one message of a
 * dump) for table @table: FLOODGATE_A_TABLE and any number of top-level
 * FLOODGATE_A_ENTRY nests. The message's shape is checked first (a
 * truncated attribute, an entry attribute that is no whole nest, another
 * table: -EBADMSG before any callback); then each entry is parsed and
 * handed to @cb, in order, up to the first bad one. No entry at all is no
 * error. Unknown top-level attributes are skipped. Returns 0, -EBADMSG, or
 * what @cb returned if not 0.
 */
int fg_entry_parse_msg(const struct nlmsghdr *nlh, uint8_t table,
		       int (*cb)(const struct fg_entry *e, void *data),
		       void *data);

/*
 * The text form, without a newline, in iproute2's key-value style:
 *     198.51.100.0/24 timeout 118 hits 42 last-hit 3 origin manual
 * Each key only when the kernel sent its field ("timeout": the entry
 * expires; "last-hit": it was ever hit); a single host without "/len".
 */
void fg_entry_print_text(FILE *f, const struct fg_entry *e);
/* The same as a JSON object, member @key (NULL in an array). */
void fg_entry_print_json(struct json *j, const char *key,
			 const struct fg_entry *e);

/* Orders prefixes by family (IPv4 first), address, then length. */
int fg_prefix_cmp(const struct fg_prefix *x, const struct fg_prefix *y);
/* Orders entries by family, address, then prefix length, for qsort(). */
int fg_entry_cmp(const void *a, const void *b);

#endif /* FG_ENTRY_H */
