/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A table of IPv4 and IPv6 prefixes with timeouts and hit counters: the
 * blocklist and the allowlist are two of these.
 */

#ifndef _FG_TABLE_H
#define _FG_TABLE_H

#include <linux/mutex.h>
#include <linux/netfilter.h>
#include <linux/rhashtable-types.h>
#include <linux/workqueue.h>
#include <linux/floodgate.h>

/* Hashed whole: pad must stay zero. */
struct fg_key {
	u8 family;		/* NFPROTO_IPV4 or NFPROTO_IPV6 */
	u8 plen;
	u16 pad;
	union nf_inet_addr addr;	/* bits past plen are zero */
};

/*
 * One entry: 64 bytes, one cache line. Times are fg_table_now() seconds.
 * hits and last_hit are written by every CPU that matches the entry,
 * without atomics: cheap, and approximate under contention.
 */
struct fg_entry {
	struct rhash_head node;
	struct fg_key key;
	u32 expires;		/* 0: permanent */
	u32 last_hit;		/* 0: never */
	u8 origin;		/* enum floodgate_origin */
	u64 hits;
	struct rcu_head rcu;
};

/* Prefix lengths in use for one family, longest first. */
struct fg_plens {
	struct rcu_head rcu;
	unsigned int n;
	u8 len[129];
};

struct fg_table {
	struct rhashtable ht;
	/* [0]: IPv4, [1]: IPv6; NULL when the family has no entry. */
	struct fg_plens __rcu *plens[2];
	/* Everything below is written under lock only. */
	struct mutex lock;
	u32 plen_count[2][129];
	unsigned int count;
	unsigned int capacity;
	unsigned int timed;	/* entries with a timeout */
	u32 next_expiry;	/* earliest expiry to collect, 0: none */
	u32 gen;		/* changes with every change; never 0 */
	struct delayed_work gc;
	u8 id;			/* enum floodgate_table */
	/* Called for an automatic entry the collector removes (optional). */
	void (*expired)(struct fg_table *t, const struct fg_entry *e);
};

/* What a request asks for; the key is canonical (see fg_table_canon()). */
struct fg_entry_spec {
	struct fg_key key;
	u32 timeout;
	u8 origin;		/* enum floodgate_origin */
};

u32 fg_table_now(void);
void fg_table_canon(struct fg_key *key);

int fg_table_init(struct fg_table *t, u8 id, unsigned int capacity);
void fg_table_destroy(struct fg_table *t);

struct fg_entry *fg_table_lookup(struct fg_table *t, u8 family,
				 const union nf_inet_addr *addr, u32 now);
void fg_table_hit(struct fg_entry *e, u32 now);

int fg_table_add(struct fg_table *t, const struct fg_entry_spec *specs,
		 unsigned int n, u32 now, unsigned int *bad);
int fg_table_del(struct fg_table *t, const struct fg_entry_spec *specs,
		 unsigned int n, unsigned int *bad);
void fg_table_flush(struct fg_table *t);
struct fg_entry *fg_table_get(struct fg_table *t, const struct fg_key *key,
			      u32 now);
unsigned int fg_table_gc(struct fg_table *t, u32 now);
void fg_table_set_capacity(struct fg_table *t, unsigned int capacity);
unsigned int fg_table_plens(struct fg_table *t);
u64 fg_table_memory(struct fg_table *t);

static inline bool fg_entry_expired(const struct fg_entry *e, u32 now)
{
	u32 expires = READ_ONCE(e->expires);

	return expires && (s32)(now - expires) >= 0;
}

int fg_table_cache_init(void);
void fg_table_cache_exit(void);

#endif /* _FG_TABLE_H */
