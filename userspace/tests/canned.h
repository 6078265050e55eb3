/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Canned kernel replies, built with libmnl as kmod/netlink.c builds them
 * (u64 attributes after PAD ones), for the unit tests and the fake kernel
 * of the CLI tests.
 */
#ifndef FG_TESTS_CANNED_H
#define FG_TESTS_CANNED_H

#include <libmnl/libmnl.h>
#include <linux/floodgate.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The genetlink family id the canned replies carry. */
#define CANNED_FAMILY 0x1d

/* A reply's netlink and genetlink headers, in @buf. */
struct nlmsghdr *canned_header(void *buf, uint8_t cmd);

/* A table of GET_STATUS; FLOODGATE_TABLE_LIMIT's without @plens. */
struct canned_table {
	uint8_t id;
	uint32_t entries, capacity, plens;
	uint64_t memory;
};

/* A GET_STATUS reply: version 0.1.0, hook priority -500, @n tables. */
struct nlmsghdr *canned_status(void *buf, const struct canned_table *t,
			       size_t n);

struct canned_entry {
	const char *addr;	/* IPv4 or IPv6, as text */
	int plen;		/* -1: none sent */
	long expires;		/* -1: none sent */
	uint64_t hits;
	long last_hit;		/* -1: none sent */
	int origin;
};

/*
 * An ENTRY_GET reply, or a message of a dump, of table @table: the table,
 * then each entry in a top-level FLOODGATE_A_ENTRY.
 */
struct nlmsghdr *canned_entries(void *buf, uint8_t table,
				const struct canned_entry *e, size_t n);

/* A policy, as kmod/netlink.c's put_policy() sends it: every field. */
struct canned_limit {
	uint8_t proto;		/* 0: the default policy */
	uint16_t port_min, port_max;	/* not sent for the default, icmp */
	uint64_t rate[3];	/* pps, syn-pps, bps */
	uint64_t burst[3];	/* burst, syn-burst, bytes-burst */
	uint8_t v4, v6;
	uint32_t after, window, time;
};

/* A LIMIT_GET reply: a FLOODGATE_A_LIMIT nest per policy. */
struct nlmsghdr *canned_limits(void *buf, const struct canned_limit *l,
			       size_t n);

/* A key of LIMIT_TOP, as put_talker() sends it. */
struct canned_talker {
	const char *addr;	/* IPv4 or IPv6, as text */
	uint8_t plen;
	uint8_t proto;		/* 0: the default policy, no PROTO sent */
	uint16_t port_min, port_max;	/* sent for tcp and udp */
	uint64_t passed, dropped;
	int64_t tokens;		/* -1: pps unlimited, none sent */
};

/* A LIMIT_TOP reply: a FLOODGATE_A_TALKER nest per key. */
struct nlmsghdr *canned_talkers(void *buf, const struct canned_talker *t,
				size_t n);

/* An event, as kmod/netlink.c's fg_genl_event() sends it. */
struct canned_event {
	uint8_t event;		/* enum floodgate_event */
	const char *addr;	/* IPv4 or IPv6, as text */
	uint8_t plen;
	uint32_t timeout;	/* 0: none sent */
	int64_t reason;		/* -1: none sent */
	int64_t count;		/* -1: none sent */
};

/* A FLOODGATE_CMD_EVENT message of the events group. */
struct nlmsghdr *canned_event(void *buf, const struct canned_event *e);

/* A protected port, as kmod/netlink.c sends it in a SYNPROXY_GET dump. */
struct canned_synproxy {
	uint16_t port_min, port_max;
	const char *dst;	/* IPv4 or IPv6, as text; NULL: any */
	uint8_t plen;
	uint8_t mode;		/* enum floodgate_synproxy_mode */
	uint32_t threshold, hold;
	int32_t mss;		/* -1: auto, none sent */
	int16_t wscale;		/* -1: auto, none sent */
	uint32_t flags;
	bool engaged;
	uint32_t rate, since;
	/* syn, cookies-sent, -valid, -invalid, noconn, handed-over,
	 * engages, disengages */
	uint64_t counters[8];
};

/* A message of a SYNPROXY_GET dump: one FLOODGATE_A_SYNPROXY nest. */
struct nlmsghdr *canned_synproxy(void *buf, const struct canned_synproxy *p);
/*
 * A SYNPROXY_ENGAGED or _DISENGAGED event: the port's range, destination,
 * mode, threshold, hold and rate.
 */
struct nlmsghdr *canned_synproxy_event(void *buf, uint8_t event,
				       const struct canned_synproxy *p);

#endif /* FG_TESTS_CANNED_H */
