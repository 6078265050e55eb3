// SPDX-License-Identifier: GPL-2.0
/*
 * Prefix tables: the blocklist and the allowlist.
 *
 * Entries live in an rhashtable keyed by (family, prefix length, masked
 * address). A lookup masks the address once per prefix length in use,
 * longest first, and stops at the first live entry: its cost grows with the
 * number of distinct lengths, never with the number of entries. The lengths
 * in use are published to the packet path as a small RCU-managed array per
 * family, rebuilt only when a length comes into or goes out of use.
 *
 * Readers (the hooks, in softirq) take no lock. Writers (netlink requests
 * and the garbage collector, in process context) serialise on the table's
 * mutex. An entry past its expiry never matches, whether or not the
 * collector has removed it yet.
 */

#include <linux/inetdevice.h>
#include <linux/rhashtable.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <net/ipv6.h>
#include <kunit/visibility.h>

#include "table.h"

static const struct rhashtable_params fg_ht_params = {
	.key_len		= sizeof(struct fg_key),
	.key_offset		= offsetof(struct fg_entry, key),
	.head_offset		= offsetof(struct fg_entry, node),
	.automatic_shrinking	= true,
};

/*
 * The table clock: whole seconds since boot, plus one so that 0 can mean
 * "never" and "permanent". Coarse: a jiffy's precision is plenty here.
 */
u32 fg_table_now(void)
{
	return (u32)ktime_get_boottime_seconds() + 1;
}
EXPORT_SYMBOL_IF_KUNIT(fg_table_now);

static int fam_idx(u8 family)
{
	return family == NFPROTO_IPV6;
}

static void key_mask(struct fg_key *key, const union nf_inet_addr *addr)
{
	if (key->family == NFPROTO_IPV4)
		key->addr.ip = addr->ip & inet_make_mask(key->plen);
	else
		ipv6_addr_prefix(&key->addr.in6, &addr->in6, key->plen);
}

/* Clear the host bits and the unused words: the form keys are hashed in. */
void fg_table_canon(struct fg_key *key)
{
	union nf_inet_addr addr = key->addr;

	memset(&key->addr, 0, sizeof(key->addr));
	key->pad = 0;
	key_mask(key, &addr);
}
EXPORT_SYMBOL_IF_KUNIT(fg_table_canon);

static void gen_bump(struct fg_table *t)
{
	t->gen = t->gen + 1 ?: 1;
}

static bool plens_equal(const struct fg_plens *a, const struct fg_plens *b)
{
	return a->n == b->n && !memcmp(a->len, b->len, a->n);
}

/*
 * Publish the prefix lengths in use, for both families, if they changed.
 * On allocation failure the old list stays: after a removal that is a
 * superset (an extra, useless lookup); the caller of an add must undo.
 */
static int plens_sync(struct fg_table *t)
{
	int fam, len, err = 0;

	for (fam = 0; fam < 2; fam++) {
		struct fg_plens want = { .n = 0 }, *old, *new = NULL;

		for (len = fam ? 128 : 32; len >= 0; len--)
			if (t->plen_count[fam][len])
				want.len[want.n++] = len;

		old = rcu_dereference_protected(t->plens[fam],
						lockdep_is_held(&t->lock));
		if (old ? plens_equal(old, &want) : !want.n)
			continue;
		if (want.n) {
			new = kmemdup(&want, sizeof(want), GFP_KERNEL);
			if (!new) {
				err = -ENOMEM;
				continue;
			}
		}
		rcu_assign_pointer(t->plens[fam], new);
		if (old)
			kfree_rcu(old, rcu);
	}
	return err;
}

static void gc_schedule(struct fg_table *t, u32 expires, u32 now)
{
	unsigned long delay = 0;

	if (t->next_expiry && (s32)(expires - t->next_expiry) >= 0)
		return;
	t->next_expiry = expires;
	if ((s32)(expires - now) > 0)
		delay = (unsigned long)(expires - now) * HZ;
	mod_delayed_work(system_power_efficient_wq, &t->gc, delay);
}

/* Unlink an entry; the caller syncs the prefix lengths afterwards. */
static void entry_remove(struct fg_table *t, struct fg_entry *e)
{
	rhashtable_remove_fast(&t->ht, &e->node, fg_ht_params);
	t->plen_count[fam_idx(e->key.family)][e->key.plen]--;
	t->count--;
	if (e->expires)
		t->timed--;
	kfree_rcu(e, rcu);
}

struct fg_entry *fg_table_lookup(struct fg_table *t, u8 family,
				 const union nf_inet_addr *addr, u32 now)
{
	const struct fg_plens *pl = rcu_dereference(t->plens[fam_idx(family)]);
	struct fg_key key;
	unsigned int i;

	if (!pl)
		return NULL;

	memset(&key, 0, sizeof(key));
	key.family = family;
	for (i = 0; i < pl->n; i++) {
		struct fg_entry *e;

		key.plen = pl->len[i];
		key_mask(&key, addr);
		e = rhashtable_lookup(&t->ht, &key, fg_ht_params);
		if (!e)
			continue;
		if (READ_ONCE(e->expires) && !now)
			now = fg_table_now();
		if (!fg_entry_expired(e, now))
			return e;
	}
	return NULL;
}
EXPORT_SYMBOL_IF_KUNIT(fg_table_lookup);

/* Count a match. Racy by design: see struct fg_entry. */
void fg_table_hit(struct fg_entry *e, u32 now)
{
	if (!now)
		now = fg_table_now();
	WRITE_ONCE(e->hits, READ_ONCE(e->hits) + 1);
	if (READ_ONCE(e->last_hit) != now)
		WRITE_ONCE(e->last_hit, now);
}
EXPORT_SYMBOL_IF_KUNIT(fg_table_hit);

/* Exact match of a canonical key. Under rcu_read_lock() or the lock. */
struct fg_entry *fg_table_get(struct fg_table *t, const struct fg_key *key,
			      u32 now)
{
	struct fg_entry *e = rhashtable_lookup(&t->ht, key, fg_ht_params);

	return e && !fg_entry_expired(e, now) ? e : NULL;
}
EXPORT_SYMBOL_IF_KUNIT(fg_table_get);

struct fg_undo {
	struct fg_entry *e;
	u32 expires;
	u8 origin;
	bool created;
};

static void set_expires(struct fg_table *t, struct fg_entry *e, u32 expires)
{
	t->timed += !!expires - !!e->expires;
	WRITE_ONCE(e->expires, expires);
}

/*
 * Add a batch, all or nothing. An existing entry gets the new timeout and
 * origin, except that an automatic add leaves a manual entry alone; a
 * failure undoes every change the batch made and sets *bad to the index of
 * the entry that failed.
 */
int fg_table_add(struct fg_table *t, const struct fg_entry_spec *specs,
		 unsigned int n, u32 now, unsigned int *bad)
{
	struct fg_undo *undo;
	u32 earliest = 0;
	unsigned int i;
	int err = 0;

	undo = kvmalloc_array(n, sizeof(*undo), GFP_KERNEL);
	if (!undo)
		return -ENOMEM;

	mutex_lock(&t->lock);
	for (i = 0; i < n; i++) {
		const struct fg_entry_spec *s = &specs[i];
		u32 expires = s->timeout ? now + s->timeout : 0;
		struct fg_entry *e;

		e = rhashtable_lookup_fast(&t->ht, &s->key, fg_ht_params);
		if (e) {
			undo[i] = (struct fg_undo){ e, e->expires, e->origin };
			if (s->origin == FLOODGATE_ORIGIN_AUTO &&
			    e->origin == FLOODGATE_ORIGIN_MANUAL)
				continue;
			set_expires(t, e, expires);
			WRITE_ONCE(e->origin, s->origin);
		} else {
			if (t->count >= t->capacity) {
				err = -ENOSPC;
				break;
			}
			e = kzalloc(sizeof(*e), GFP_KERNEL);
			if (!e) {
				err = -ENOMEM;
				break;
			}
			e->key = s->key;
			e->expires = expires;
			e->origin = s->origin;
			err = rhashtable_insert_fast(&t->ht, &e->node,
						     fg_ht_params);
			if (err) {
				kfree(e);
				break;
			}
			t->plen_count[fam_idx(e->key.family)][e->key.plen]++;
			t->count++;
			t->timed += !!expires;
			undo[i] = (struct fg_undo){ .e = e, .created = true };
		}
		if (expires && (!earliest || (s32)(expires - earliest) < 0))
			earliest = expires;
	}
	if (!err && plens_sync(t)) {
		err = -ENOMEM;
		i = n;
	}
	if (err) {
		*bad = min(i, n - 1);
		while (i--) {
			struct fg_undo *u = &undo[i];

			if (u->created) {
				entry_remove(t, u->e);
			} else {
				set_expires(t, u->e, u->expires);
				WRITE_ONCE(u->e->origin, u->origin);
			}
		}
		plens_sync(t);
	} else if (earliest) {
		gc_schedule(t, earliest, now);
	}
	gen_bump(t);
	mutex_unlock(&t->lock);
	kvfree(undo);
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(fg_table_add);

/* Delete a batch, all or nothing: every entry must exist. */
int fg_table_del(struct fg_table *t, const struct fg_entry_spec *specs,
		 unsigned int n, unsigned int *bad)
{
	unsigned int i;

	mutex_lock(&t->lock);
	for (i = 0; i < n; i++) {
		if (!rhashtable_lookup_fast(&t->ht, &specs[i].key,
					    fg_ht_params)) {
			*bad = i;
			mutex_unlock(&t->lock);
			return -ENOENT;
		}
	}
	for (i = 0; i < n; i++) {
		struct fg_entry *e;

		/* NULL for an entry the batch lists twice. */
		e = rhashtable_lookup_fast(&t->ht, &specs[i].key, fg_ht_params);
		if (e)
			entry_remove(t, e);
	}
	plens_sync(t);
	gen_bump(t);
	mutex_unlock(&t->lock);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(fg_table_del);

/*
 * One walk over the table, removing the entries @match selects; returns
 * how many went, and in *kept_timed how many entries with a timeout it saw
 * and kept (counted over the walk's last rewind only, so a complete walk
 * counts each such entry once). With the lock held.
 *
 * An entry is removed one step late, once the walk has moved past it: the
 * walk stops and restarts every 1024 entries (RCU and the scheduler must
 * breathe in a million-entry table), and a restarted walk finds its place
 * again by looking for the last entry it returned in that bucket. Had that
 * entry been removed, 6.1's rhashtable_walk_start_check() would not find
 * it and would keep its old skip count, skipping entries of the bucket it
 * had not visited yet. The entry returned last is therefore never removed
 * while the walk may still restart from it.
 */
static unsigned int remove_pass(struct fg_table *t, u32 now,
				bool (*match)(struct fg_table *t,
					      struct fg_entry *e, u32 now),
				unsigned int *kept_timed)
{
	struct fg_entry *e, *doomed = NULL;
	unsigned int removed = 0, seen = 0;
	struct rhashtable_iter iter;

	*kept_timed = 0;
	rhashtable_walk_enter(&t->ht, &iter);
	rhashtable_walk_start(&iter);
	for (;;) {
		e = rhashtable_walk_next(&iter);
		/* The walk is past @doomed now, whatever it returned. */
		if (doomed) {
			entry_remove(t, doomed);
			removed++;
			doomed = NULL;
		}
		if (!e)
			break;
		if (IS_ERR(e)) {
			/* -EAGAIN: a resize rewound the walk; all over again. */
			*kept_timed = 0;
			continue;
		}
		if (match(t, e, now))
			doomed = e;
		else if (e->expires)
			(*kept_timed)++;
		/* A million entries: let RCU and the scheduler breathe. */
		if (!(++seen % 1024)) {
			rhashtable_walk_stop(&iter);
			cond_resched();
			if (rhashtable_walk_start_check(&iter) == -EAGAIN)
				*kept_timed = 0;
		}
	}
	rhashtable_walk_stop(&iter);
	rhashtable_walk_exit(&iter);
	return removed;
}

/*
 * Remove the entries @match selects; returns how many. With the lock held.
 * A walk that raced a resize may miss entries (rhashtable walks promise
 * no more), so the counts the table keeps are checked against what the
 * walk saw, and the walk is repeated, a few times at most, until they
 * agree: after a flush no entry is left (@all); after a collection every
 * entry with a timeout was seen. *complete tells whether they agreed.
 */
#define FG_REMOVE_PASSES 4

static unsigned int remove_matching(struct fg_table *t, u32 now,
				    bool (*match)(struct fg_table *t,
						  struct fg_entry *e, u32 now),
				    bool all, bool *complete)
{
	unsigned int removed = 0, kept_timed, pass;

	*complete = false;
	for (pass = 0; pass < FG_REMOVE_PASSES && !*complete; pass++) {
		removed += remove_pass(t, now, match, &kept_timed);
		*complete = all ? !t->count : t->timed == kept_timed;
	}
	plens_sync(t);
	if (removed)
		gen_bump(t);
	return removed;
}

static bool match_all(struct fg_table *t, struct fg_entry *e, u32 now)
{
	return true;
}

void fg_table_flush(struct fg_table *t)
{
	bool complete;

	mutex_lock(&t->lock);
	remove_matching(t, 0, match_all, true, &complete);
	t->next_expiry = 0;
	/* Never seen to happen; but an entry left must not be left for good. */
	if (t->timed)
		gc_schedule(t, fg_table_now() + 1, fg_table_now());
	mutex_unlock(&t->lock);
}
EXPORT_SYMBOL_IF_KUNIT(fg_table_flush);

/* Expired entries go; the others tell when the collector runs next. */
static bool match_expired(struct fg_table *t, struct fg_entry *e, u32 now)
{
	if (!e->expires)
		return false;
	if (fg_entry_expired(e, now)) {
		if (t->expired && e->origin == FLOODGATE_ORIGIN_AUTO)
			t->expired(t, e);
		return true;
	}
	if (!t->next_expiry || (s32)(e->expires - t->next_expiry) < 0)
		t->next_expiry = e->expires;
	return false;
}

/*
 * Collect expired entries; returns how many went. The collector runs
 * again at the earliest expiry left, and as long as entries with a
 * timeout remain it always runs again: if the walks could not account
 * for all of them (see remove_matching()), in a second.
 */
unsigned int fg_table_gc(struct fg_table *t, u32 now)
{
	unsigned int removed = 0;
	bool complete = true;
	unsigned long delay;

	mutex_lock(&t->lock);
	t->next_expiry = 0;
	if (t->timed)
		removed = remove_matching(t, now, match_expired, false,
					  &complete);
	if (t->timed && (!complete || !t->next_expiry))
		t->next_expiry = now + 1;
	if (t->next_expiry) {
		delay = (s32)(t->next_expiry - now) > 0 ?
			(unsigned long)(t->next_expiry - now) * HZ : HZ;
		mod_delayed_work(system_power_efficient_wq, &t->gc, delay);
	}
	mutex_unlock(&t->lock);
	return removed;
}
EXPORT_SYMBOL_IF_KUNIT(fg_table_gc);

static void gc_work(struct work_struct *work)
{
	struct fg_table *t = container_of(to_delayed_work(work),
					  struct fg_table, gc);

	fg_table_gc(t, fg_table_now());
}

void fg_table_set_capacity(struct fg_table *t, unsigned int capacity)
{
	mutex_lock(&t->lock);
	t->capacity = capacity;
	mutex_unlock(&t->lock);
}
EXPORT_SYMBOL_IF_KUNIT(fg_table_set_capacity);

unsigned int fg_table_plens(struct fg_table *t)
{
	unsigned int n = 0;
	int fam;

	rcu_read_lock();
	for (fam = 0; fam < 2; fam++) {
		const struct fg_plens *pl = rcu_dereference(t->plens[fam]);

		n += pl ? pl->n : 0;
	}
	rcu_read_unlock();
	return n;
}
EXPORT_SYMBOL_IF_KUNIT(fg_table_plens);

/* Entries, bucket array and prefix-length lists, in bytes. */
u64 fg_table_memory(struct fg_table *t)
{
	const struct bucket_table *tbl;
	u64 bytes;
	int fam;

	bytes = (u64)READ_ONCE(t->count) *
		kmalloc_size_roundup(sizeof(struct fg_entry));
	rcu_read_lock();
	tbl = rht_dereference_rcu(t->ht.tbl, &t->ht);
	bytes += sizeof(*tbl) + (u64)tbl->size * sizeof(tbl->buckets[0]);
	for (fam = 0; fam < 2; fam++)
		if (rcu_access_pointer(t->plens[fam]))
			bytes += sizeof(struct fg_plens);
	rcu_read_unlock();
	return bytes;
}
EXPORT_SYMBOL_IF_KUNIT(fg_table_memory);

int fg_table_init(struct fg_table *t, u8 id, unsigned int capacity)
{
	int err;

	memset(t, 0, sizeof(*t));
	err = rhashtable_init(&t->ht, &fg_ht_params);
	if (err)
		return err;
	mutex_init(&t->lock);
	INIT_DEFERRABLE_WORK(&t->gc, gc_work);
	t->id = id;
	t->capacity = capacity;
	t->gen = 1;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(fg_table_init);

static void entry_free(void *ptr, void *arg)
{
	kfree(ptr);
}

/*
 * Free everything. No reader may be left: the hooks are gone and a grace
 * period has passed since (see fg_net_pre_exit()).
 */
void fg_table_destroy(struct fg_table *t)
{
	int fam;

	cancel_delayed_work_sync(&t->gc);
	rhashtable_free_and_destroy(&t->ht, entry_free, NULL);
	for (fam = 0; fam < 2; fam++)
		kfree(rcu_dereference_protected(t->plens[fam], true));
	mutex_destroy(&t->lock);
}
EXPORT_SYMBOL_IF_KUNIT(fg_table_destroy);
