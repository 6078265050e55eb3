// SPDX-License-Identifier: GPL-2.0
/* Canned kernel replies; see canned.h. */

#include "canned.h"

#include <arpa/inet.h>
#include <linux/genetlink.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <string.h>
#include <sys/socket.h>

struct nlmsghdr *canned_header(void *buf, uint8_t cmd)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *genl;

	nlh->nlmsg_type = CANNED_FAMILY;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = cmd;
	genl->version = FLOODGATE_GENL_VERSION;
	return nlh;
}

static void put_table(struct nlmsghdr *nlh, const struct canned_table *t)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, 0);

	mnl_attr_put_u8(nlh, FLOODGATE_TABLE_A_ID, t->id);
	mnl_attr_put_u32(nlh, FLOODGATE_TABLE_A_ENTRIES, t->entries);
	mnl_attr_put_u32(nlh, FLOODGATE_TABLE_A_CAPACITY, t->capacity);
	mnl_attr_put(nlh, FLOODGATE_TABLE_A_PAD, 0, NULL);
	mnl_attr_put_u64(nlh, FLOODGATE_TABLE_A_MEMORY, t->memory);
	/* As the module: the limiter's keys have no prefix lengths. */
	if (t->id != FLOODGATE_TABLE_LIMIT)
		mnl_attr_put_u32(nlh, FLOODGATE_TABLE_A_PREFIXLENS, t->plens);
	mnl_attr_nest_end(nlh, nest);
}

struct nlmsghdr *canned_status(void *buf, const struct canned_table *t,
			       size_t n)
{
	struct nlmsghdr *nlh = canned_header(buf, FLOODGATE_CMD_GET_STATUS);
	struct nlattr *tables;
	size_t i;

	mnl_attr_put_strz(nlh, FLOODGATE_A_VERSION, "0.1.0");
	mnl_attr_put_u32(nlh, FLOODGATE_A_HOOK_PRIORITY, (uint32_t)-500);
	tables = mnl_attr_nest_start(nlh, FLOODGATE_A_TABLES);
	for (i = 0; i < n; i++)
		put_table(nlh, &t[i]);
	mnl_attr_nest_end(nlh, tables);
	return nlh;
}

static void put_entry(struct nlmsghdr *nlh, const struct canned_entry *c)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, FLOODGATE_A_ENTRY);
	bool v6 = strchr(c->addr, ':');
	unsigned char addr[16];

	inet_pton(v6 ? AF_INET6 : AF_INET, c->addr, addr);
	mnl_attr_put(nlh, FLOODGATE_ENTRY_A_ADDR, v6 ? 16 : 4, addr);
	if (c->plen >= 0)
		mnl_attr_put_u8(nlh, FLOODGATE_ENTRY_A_PREFIXLEN, c->plen);
	if (c->expires >= 0)
		mnl_attr_put_u32(nlh, FLOODGATE_ENTRY_A_EXPIRES, c->expires);
	mnl_attr_put(nlh, FLOODGATE_ENTRY_A_PAD, 0, NULL);
	mnl_attr_put_u64(nlh, FLOODGATE_ENTRY_A_HITS, c->hits);
	if (c->last_hit >= 0)
		mnl_attr_put_u32(nlh, FLOODGATE_ENTRY_A_LAST_HIT, c->last_hit);
	mnl_attr_put_u8(nlh, FLOODGATE_ENTRY_A_ORIGIN, c->origin);
	mnl_attr_nest_end(nlh, nest);
}

struct nlmsghdr *canned_entries(void *buf, uint8_t table,
				const struct canned_entry *e, size_t n)
{
	struct nlmsghdr *nlh = canned_header(buf, FLOODGATE_CMD_ENTRY_GET);
	size_t i;

	mnl_attr_put_u8(nlh, FLOODGATE_A_TABLE, table);
	for (i = 0; i < n; i++)
		put_entry(nlh, &e[i]);
	return nlh;
}

/* A u64 after a PAD, as nla_put_u64_64bit() does where it aligns. */
static void put_u64(struct nlmsghdr *nlh, uint16_t pad, uint16_t type,
		    uint64_t v)
{
	mnl_attr_put(nlh, pad, 0, NULL);
	mnl_attr_put_u64(nlh, type, v);
}

static void put_limit(struct nlmsghdr *nlh, const struct canned_limit *l)
{
	static const uint16_t rates[3] = {
		FLOODGATE_LIMIT_A_PPS, FLOODGATE_LIMIT_A_SYN_PPS,
		FLOODGATE_LIMIT_A_BPS,
	};
	static const uint16_t bursts[3] = {
		FLOODGATE_LIMIT_A_BURST, FLOODGATE_LIMIT_A_SYN_BURST,
		FLOODGATE_LIMIT_A_BYTES_BURST,
	};
	struct nlattr *nest = mnl_attr_nest_start(nlh, FLOODGATE_A_LIMIT);
	int b;

	if (l->proto) {
		mnl_attr_put_u8(nlh, FLOODGATE_LIMIT_A_PROTO, l->proto);
		if (l->proto != IPPROTO_ICMP) {
			mnl_attr_put_u16(nlh, FLOODGATE_LIMIT_A_PORT_MIN,
					 l->port_min);
			mnl_attr_put_u16(nlh, FLOODGATE_LIMIT_A_PORT_MAX,
					 l->port_max);
		}
	}
	for (b = 0; b < 3; b++) {
		put_u64(nlh, FLOODGATE_LIMIT_A_PAD, rates[b], l->rate[b]);
		put_u64(nlh, FLOODGATE_LIMIT_A_PAD, bursts[b], l->burst[b]);
	}
	mnl_attr_put_u8(nlh, FLOODGATE_LIMIT_A_V4_PREFIX, l->v4);
	mnl_attr_put_u8(nlh, FLOODGATE_LIMIT_A_V6_PREFIX, l->v6);
	mnl_attr_put_u32(nlh, FLOODGATE_LIMIT_A_BLOCK_AFTER, l->after);
	mnl_attr_put_u32(nlh, FLOODGATE_LIMIT_A_BLOCK_WINDOW, l->window);
	mnl_attr_put_u32(nlh, FLOODGATE_LIMIT_A_BLOCK_TIME, l->time);
	mnl_attr_nest_end(nlh, nest);
}

struct nlmsghdr *canned_limits(void *buf, const struct canned_limit *l,
			       size_t n)
{
	struct nlmsghdr *nlh = canned_header(buf, FLOODGATE_CMD_LIMIT_GET);
	size_t i;

	for (i = 0; i < n; i++)
		put_limit(nlh, &l[i]);
	return nlh;
}

static void put_talker(struct nlmsghdr *nlh, const struct canned_talker *t)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, FLOODGATE_A_TALKER);
	bool v6 = strchr(t->addr, ':');
	unsigned char addr[16];

	inet_pton(v6 ? AF_INET6 : AF_INET, t->addr, addr);
	mnl_attr_put(nlh, FLOODGATE_TALKER_A_ADDR, v6 ? 16 : 4, addr);
	mnl_attr_put_u8(nlh, FLOODGATE_TALKER_A_PREFIXLEN, t->plen);
	if (t->proto) {
		mnl_attr_put_u8(nlh, FLOODGATE_TALKER_A_PROTO, t->proto);
		if (t->proto != IPPROTO_ICMP) {
			mnl_attr_put_u16(nlh, FLOODGATE_TALKER_A_PORT_MIN,
					 t->port_min);
			mnl_attr_put_u16(nlh, FLOODGATE_TALKER_A_PORT_MAX,
					 t->port_max);
		}
	}
	put_u64(nlh, FLOODGATE_TALKER_A_PAD, FLOODGATE_TALKER_A_PASSED,
		t->passed);
	put_u64(nlh, FLOODGATE_TALKER_A_PAD, FLOODGATE_TALKER_A_DROPPED,
		t->dropped);
	if (t->tokens >= 0)
		put_u64(nlh, FLOODGATE_TALKER_A_PAD, FLOODGATE_TALKER_A_TOKENS,
			t->tokens);
	mnl_attr_nest_end(nlh, nest);
}

struct nlmsghdr *canned_talkers(void *buf, const struct canned_talker *t,
				size_t n)
{
	struct nlmsghdr *nlh = canned_header(buf, FLOODGATE_CMD_LIMIT_TOP);
	size_t i;

	for (i = 0; i < n; i++)
		put_talker(nlh, &t[i]);
	return nlh;
}

struct nlmsghdr *canned_event(void *buf, const struct canned_event *e)
{
	struct nlmsghdr *nlh = canned_header(buf, FLOODGATE_CMD_EVENT);
	bool v6 = strchr(e->addr, ':');
	unsigned char addr[16];
	struct nlattr *nest;

	inet_pton(v6 ? AF_INET6 : AF_INET, e->addr, addr);
	mnl_attr_put_u8(nlh, FLOODGATE_A_EVENT, e->event);
	mnl_attr_put_u8(nlh, FLOODGATE_A_TABLE, FLOODGATE_TABLE_BLOCK);
	nest = mnl_attr_nest_start(nlh, FLOODGATE_A_ENTRY);
	mnl_attr_put(nlh, FLOODGATE_ENTRY_A_ADDR, v6 ? 16 : 4, addr);
	mnl_attr_put_u8(nlh, FLOODGATE_ENTRY_A_PREFIXLEN, e->plen);
	if (e->timeout)
		mnl_attr_put_u32(nlh, FLOODGATE_ENTRY_A_TIMEOUT, e->timeout);
	mnl_attr_put_u8(nlh, FLOODGATE_ENTRY_A_ORIGIN, FLOODGATE_ORIGIN_AUTO);
	mnl_attr_nest_end(nlh, nest);
	if (e->reason >= 0)
		mnl_attr_put_u32(nlh, FLOODGATE_A_REASON, e->reason);
	if (e->count >= 0)
		mnl_attr_put_u32(nlh, FLOODGATE_A_COUNT, e->count);
	return nlh;
}

/* The selector and settings of a port; all but the state if @event. */
static void put_synproxy(struct nlmsghdr *nlh, const struct canned_synproxy *p,
			 bool event)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, FLOODGATE_A_SYNPROXY);
	unsigned char addr[16];
	uint16_t t;

	mnl_attr_put_u16(nlh, FLOODGATE_SYNPROXY_A_PORT_MIN, p->port_min);
	mnl_attr_put_u16(nlh, FLOODGATE_SYNPROXY_A_PORT_MAX, p->port_max);
	if (p->dst) {
		bool v6 = strchr(p->dst, ':');

		inet_pton(v6 ? AF_INET6 : AF_INET, p->dst, addr);
		mnl_attr_put(nlh, FLOODGATE_SYNPROXY_A_ADDR, v6 ? 16 : 4, addr);
		mnl_attr_put_u8(nlh, FLOODGATE_SYNPROXY_A_PREFIXLEN, p->plen);
	}
	mnl_attr_put_u8(nlh, FLOODGATE_SYNPROXY_A_MODE, p->mode);
	mnl_attr_put_u32(nlh, FLOODGATE_SYNPROXY_A_THRESHOLD, p->threshold);
	mnl_attr_put_u32(nlh, FLOODGATE_SYNPROXY_A_HOLD, p->hold);
	if (event) {
		mnl_attr_put_u32(nlh, FLOODGATE_SYNPROXY_A_RATE, p->rate);
		mnl_attr_nest_end(nlh, nest);
		return;
	}
	if (p->mss >= 0)
		mnl_attr_put_u16(nlh, FLOODGATE_SYNPROXY_A_MSS, p->mss);
	if (p->wscale >= 0)
		mnl_attr_put_u8(nlh, FLOODGATE_SYNPROXY_A_WSCALE, p->wscale);
	mnl_attr_put_u32(nlh, FLOODGATE_SYNPROXY_A_FLAGS, p->flags);
	mnl_attr_put_u8(nlh, FLOODGATE_SYNPROXY_A_ENGAGED, p->engaged);
	mnl_attr_put_u32(nlh, FLOODGATE_SYNPROXY_A_RATE, p->rate);
	mnl_attr_put_u32(nlh, FLOODGATE_SYNPROXY_A_SINCE, p->since);
	for (t = 0; t < 8; t++)
		put_u64(nlh, FLOODGATE_SYNPROXY_A_PAD,
			FLOODGATE_SYNPROXY_A_SYN + t, p->counters[t]);
	mnl_attr_nest_end(nlh, nest);
}

struct nlmsghdr *canned_synproxy(void *buf, const struct canned_synproxy *p)
{
	struct nlmsghdr *nlh = canned_header(buf, FLOODGATE_CMD_SYNPROXY_GET);

	put_synproxy(nlh, p, false);
	return nlh;
}

struct nlmsghdr *canned_synproxy_event(void *buf, uint8_t event,
				       const struct canned_synproxy *p)
{
	struct nlmsghdr *nlh = canned_header(buf, FLOODGATE_CMD_EVENT);

	mnl_attr_put_u8(nlh, FLOODGATE_A_EVENT, event);
	put_synproxy(nlh, p, true);
	return nlh;
}
