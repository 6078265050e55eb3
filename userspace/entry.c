// SPDX-License-Identifier: GPL-2.0
/* Table entries on the wire and on screen; see entry.h. */

#include "entry.h"
#include "nl.h"

#include <errno.h>
#include <inttypes.h>
#include <linux/floodgate.h>
#include <linux/genetlink.h>
#include <string.h>
#include <sys/socket.h>

static size_t addr_len(int family)
{
	return family == AF_INET ? sizeof(struct in_addr)
				 : sizeof(struct in6_addr);
}

bool fg_entry_put(struct nlmsghdr *nlh, size_t size, const struct fg_prefix *p,
		  bool with_len, uint32_t timeout)
{
	struct nlattr *nest = mnl_attr_nest_start_check(nlh, size,
							FLOODGATE_A_ENTRY);

	if (!nest)
		return false;
	if (!mnl_attr_put_check(nlh, size, FLOODGATE_ENTRY_A_ADDR,
				addr_len(p->family), &p->addr) ||
	    (with_len && !mnl_attr_put_u8_check(nlh, size,
						FLOODGATE_ENTRY_A_PREFIXLEN,
						p->len)) ||
	    (timeout && !mnl_attr_put_u32_check(nlh, size,
						FLOODGATE_ENTRY_A_TIMEOUT,
						timeout))) {
		mnl_attr_nest_cancel(nlh, nest);
		return false;
	}
	mnl_attr_nest_end(nlh, nest);
	return true;
}

size_t fg_entry_size(const struct fg_prefix *p, bool with_len,
		     uint32_t timeout)
{
	size_t size = MNL_ATTR_HDRLEN +
		      MNL_ALIGN(MNL_ATTR_HDRLEN + addr_len(p->family));

	if (with_len)
		size += MNL_ALIGN(MNL_ATTR_HDRLEN + sizeof(uint8_t));
	if (timeout)
		size += MNL_ALIGN(MNL_ATTR_HDRLEN + sizeof(uint32_t));
	return size;
}

/* The attributes of an entry nest, by type; NULL if absent. */
struct entry_attrs {
	const struct nlattr *tb[FLOODGATE_ENTRY_A_MAX + 1];
};

static int entry_attr_cb(const struct nlattr *attr, void *data)
{
	/* The type each attribute of a reply must have; 0: not ours. */
	static const enum mnl_attr_data_type types[FLOODGATE_ENTRY_A_MAX + 1] = {
		[FLOODGATE_ENTRY_A_ADDR] = MNL_TYPE_BINARY,
		[FLOODGATE_ENTRY_A_PREFIXLEN] = MNL_TYPE_U8,
		[FLOODGATE_ENTRY_A_TIMEOUT] = MNL_TYPE_U32,
		[FLOODGATE_ENTRY_A_EXPIRES] = MNL_TYPE_U32,
		[FLOODGATE_ENTRY_A_HITS] = MNL_TYPE_U64,
		[FLOODGATE_ENTRY_A_LAST_HIT] = MNL_TYPE_U32,
		[FLOODGATE_ENTRY_A_ORIGIN] = MNL_TYPE_U8,
	};
	struct entry_attrs *ea = data;
	uint16_t type = mnl_attr_get_type(attr);

	/* Padding, newer modules' attributes. */
	if (type > FLOODGATE_ENTRY_A_MAX || types[type] == MNL_TYPE_UNSPEC)
		return MNL_CB_OK;
	if (mnl_attr_validate(attr, types[type]) < 0)
		return MNL_CB_ERROR;
	ea->tb[type] = attr;
	return MNL_CB_OK;
}

int fg_prefix_from_attrs(const struct nlattr *addr, const struct nlattr *len,
			 struct fg_prefix *p)
{
	unsigned int bits;

	memset(p, 0, sizeof(*p));
	if (!addr)
		return -EBADMSG;
	switch (mnl_attr_get_payload_len(addr)) {
	case sizeof(struct in_addr):
		p->family = AF_INET;
		bits = 32;
		break;
	case sizeof(struct in6_addr):
		p->family = AF_INET6;
		bits = 128;
		break;
	default:
		return -EBADMSG;
	}
	memcpy(&p->addr, mnl_attr_get_payload(addr), bits / 8);
	p->len = bits;
	if (len) {
		if (mnl_attr_get_u8(len) > bits)
			return -EBADMSG;
		p->len = mnl_attr_get_u8(len);
	}
	return 0;
}

int fg_entry_parse(const struct nlattr *nest, struct fg_entry *e)
{
	struct entry_attrs ea = { { NULL } };
	const struct nlattr *attr;

	memset(e, 0, sizeof(*e));
	if (!fg_nl_nest_ok(nest) ||
	    mnl_attr_parse_nested(nest, entry_attr_cb, &ea) != MNL_CB_OK ||
	    fg_prefix_from_attrs(ea.tb[FLOODGATE_ENTRY_A_ADDR],
				 ea.tb[FLOODGATE_ENTRY_A_PREFIXLEN],
				 &e->prefix))
		return -EBADMSG;
	attr = ea.tb[FLOODGATE_ENTRY_A_TIMEOUT];
	if (attr) {
		e->timeout = mnl_attr_get_u32(attr);
		e->has |= FG_ENTRY_TIMEOUT;
	}
	attr = ea.tb[FLOODGATE_ENTRY_A_EXPIRES];
	if (attr) {
		e->expires = mnl_attr_get_u32(attr);
		e->has |= FG_ENTRY_EXPIRES;
	}
	attr = ea.tb[FLOODGATE_ENTRY_A_HITS];
	if (attr) {
		e->hits = mnl_attr_get_u64(attr);
		e->has |= FG_ENTRY_HITS;
	}
	attr = ea.tb[FLOODGATE_ENTRY_A_LAST_HIT];
	if (attr) {
		e->last_hit = mnl_attr_get_u32(attr);
		e->has |= FG_ENTRY_LAST_HIT;
	}
	attr = ea.tb[FLOODGATE_ENTRY_A_ORIGIN];
	if (attr) {
		e->origin = mnl_attr_get_u8(attr);
		e->has |= FG_ENTRY_ORIGIN;
	}
	return 0;
}

struct msg_attrs {
	const struct nlattr *table;
};

/* First pass: every top-level attribute whole and of its type. */
static int msg_attr_cb(const struct nlattr *attr, void *data)
{
	struct msg_attrs *ma = data;

	switch (mnl_attr_get_type(attr)) {
	case FLOODGATE_A_TABLE:
		if (mnl_attr_validate(attr, MNL_TYPE_U8) < 0)
			return MNL_CB_ERROR;
		ma->table = attr;
		break;
	case FLOODGATE_A_ENTRY:
		if (mnl_attr_validate(attr, MNL_TYPE_NESTED) < 0 ||
		    !fg_nl_nest_ok(attr))
			return MNL_CB_ERROR;
		break;
	}
	return MNL_CB_OK;
}

int fg_entry_parse_msg(const struct nlmsghdr *nlh, uint8_t table,
		       int (*cb)(const struct fg_entry *e, void *data),
		       void *data)
{
	const struct genlmsghdr *genl = mnl_nlmsg_get_payload(nlh);
	struct msg_attrs ma = { NULL };
	const struct nlattr *attr;
	struct fg_entry e;
	int ret;

	/*
	 * The table may come after the entries: check it, and that the
	 * message is whole, before the first callback.
	 */
	if (mnl_nlmsg_get_payload_len(nlh) < GENL_HDRLEN ||
	    genl->cmd != FLOODGATE_CMD_ENTRY_GET ||
	    !fg_nl_attrs_ok(nlh, GENL_HDRLEN) ||
	    mnl_attr_parse(nlh, GENL_HDRLEN, msg_attr_cb, &ma) != MNL_CB_OK ||
	    (ma.table && mnl_attr_get_u8(ma.table) != table))
		return -EBADMSG;
	mnl_attr_for_each(attr, nlh, GENL_HDRLEN) {
		if (mnl_attr_get_type(attr) != FLOODGATE_A_ENTRY)
			continue;
		ret = fg_entry_parse(attr, &e);
		if (!ret)
			ret = cb(&e, data);
		if (ret)
			return ret;
	}
	return 0;
}

static const char *origin_name(uint8_t origin, char buf[4])
{
	switch (origin) {
	case FLOODGATE_ORIGIN_MANUAL:
		return "manual";
	case FLOODGATE_ORIGIN_AUTO:
		return "auto";
	}
	/* A newer module's origin: its number, rather than nothing. */
	snprintf(buf, 4, "%u", origin);
	return buf;
}

void fg_entry_print_text(FILE *f, const struct fg_entry *e)
{
	char prefix[FG_PREFIX_STRLEN], origin[4];

	fputs(format_prefix(&e->prefix, prefix), f);
	if (e->has & FG_ENTRY_EXPIRES)
		fprintf(f, " timeout %" PRIu32, e->expires);
	if (e->has & FG_ENTRY_HITS)
		fprintf(f, " hits %" PRIu64, e->hits);
	if (e->has & FG_ENTRY_LAST_HIT)
		fprintf(f, " last-hit %" PRIu32, e->last_hit);
	if (e->has & FG_ENTRY_ORIGIN)
		fprintf(f, " origin %s", origin_name(e->origin, origin));
}

void fg_entry_print_json(struct json *j, const char *key,
			 const struct fg_entry *e)
{
	char prefix[FG_PREFIX_STRLEN], origin[4];

	json_open_object(j, key);
	json_string(j, "prefix", format_prefix(&e->prefix, prefix));
	if (e->has & FG_ENTRY_EXPIRES)
		json_u64(j, "timeout", e->expires);
	if (e->has & FG_ENTRY_HITS)
		json_u64(j, "hits", e->hits);
	if (e->has & FG_ENTRY_LAST_HIT)
		json_u64(j, "last-hit", e->last_hit);
	if (e->has & FG_ENTRY_ORIGIN)
		json_string(j, "origin", origin_name(e->origin, origin));
	json_close(j);
}

int fg_prefix_cmp(const struct fg_prefix *x, const struct fg_prefix *y)
{
	int d;

	if (x->family != y->family)
		return x->family == AF_INET ? -1 : 1;
	d = memcmp(&x->addr, &y->addr, addr_len(x->family));
	if (d)
		return d;
	return (int)x->len - (int)y->len;
}

int fg_entry_cmp(const void *a, const void *b)
{
	return fg_prefix_cmp(&((const struct fg_entry *)a)->prefix,
			     &((const struct fg_entry *)b)->prefix);
}
