// SPDX-License-Identifier: GPL-2.0
/*
 * The "floodgate" generic netlink family. include/uapi/linux/floodgate.h is
 * its specification. Every operation acts on the netns of the requesting
 * socket and needs CAP_NET_ADMIN in that netns's user namespace
 * (GENL_UNS_ADMIN_PERM), so a container's root configures its own netns and
 * nobody else's.
 */

#include <net/genetlink.h>
#include <linux/floodgate.h>
#include <linux/rhashtable.h>
#include <net/sock.h>

#include "floodgate.h"
#include "netlink.h"

static struct genl_family fg_genl_family;

static int fg_put_stats(struct sk_buff *msg, struct fg_net *fgn)
{
	u64 cnt[FG_STATS_NUM];
	struct nlattr *nest;
	int i;

	fg_stats_read(&fgn->stats, cnt);

	nest = nla_nest_start(msg, FLOODGATE_A_STATS);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < FG_STATS_NUM; i++) {
		if (nla_put_u64_64bit(msg, FG_STATS_FIRST + i, cnt[i],
				      FLOODGATE_STATS_A_PAD)) {
			nla_nest_cancel(msg, nest);
			return -EMSGSIZE;
		}
	}
	nla_nest_end(msg, nest);
	return 0;
}

static int fg_get_stats_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct fg_net *fgn = fg_pernet(genl_info_net(info));
	struct sk_buff *msg;
	void *hdr;
	int err;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;

	hdr = genlmsg_put_reply(msg, info, &fg_genl_family, 0,
				FLOODGATE_CMD_GET_STATS);
	if (!hdr) {
		err = -EMSGSIZE;
		goto err_free;
	}
	err = fg_put_stats(msg, fgn);
	if (err)
		goto err_free;
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

err_free:
	nlmsg_free(msg);
	return err;
}

static int fg_get_status_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct fg_net *fgn = fg_pernet(genl_info_net(info));
	struct nlattr *tables, *nest;
	struct sk_buff *msg;
	u32 proxied;
	void *hdr;
	u8 ct;
	int i;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &fg_genl_family, 0,
				FLOODGATE_CMD_GET_STATUS);
	if (!hdr)
		goto err_size;
	if (nla_put_string(msg, FLOODGATE_A_VERSION, FG_VERSION) ||
	    nla_put_s32(msg, FLOODGATE_A_HOOK_PRIORITY, FG_HOOK_PRIORITY))
		goto err_size;
	tables = nla_nest_start(msg, FLOODGATE_A_TABLES);
	if (!tables)
		goto err_size;
	for (i = 0; i < __FLOODGATE_TABLE_MAX; i++) {
		struct fg_table *t = &fgn->tables[i];

		nest = nla_nest_start(msg, 0);
		if (!nest ||
		    nla_put_u8(msg, FLOODGATE_TABLE_A_ID, i) ||
		    nla_put_u32(msg, FLOODGATE_TABLE_A_ENTRIES,
				READ_ONCE(t->count)) ||
		    nla_put_u32(msg, FLOODGATE_TABLE_A_CAPACITY,
				READ_ONCE(t->capacity)) ||
		    nla_put_u64_64bit(msg, FLOODGATE_TABLE_A_MEMORY,
				      fg_table_memory(t),
				      FLOODGATE_TABLE_A_PAD) ||
		    nla_put_u32(msg, FLOODGATE_TABLE_A_PREFIXLENS,
				fg_table_plens(t)))
			goto err_size;
		nla_nest_end(msg, nest);
	}
	nest = nla_nest_start(msg, 0);
	if (!nest ||
	    nla_put_u8(msg, FLOODGATE_TABLE_A_ID, FLOODGATE_TABLE_LIMIT) ||
	    nla_put_u32(msg, FLOODGATE_TABLE_A_ENTRIES,
			fg_rl_entries(&fgn->rl)) ||
	    nla_put_u32(msg, FLOODGATE_TABLE_A_CAPACITY,
			READ_ONCE(fgn->rl.capacity)) ||
	    nla_put_u64_64bit(msg, FLOODGATE_TABLE_A_MEMORY,
			      fg_rl_memory(&fgn->rl), FLOODGATE_TABLE_A_PAD))
		goto err_size;
	nla_nest_end(msg, nest);
	nla_nest_end(msg, tables);
	ct = fg_sp_ct_state(&fgn->sp, &proxied);
	if (nla_put_u8(msg, FLOODGATE_A_SYNPROXY_CT, ct) ||
	    (ct == FLOODGATE_SYNPROXY_CT_HELD &&
	     nla_put_u32(msg, FLOODGATE_A_SYNPROXY_PROXIED, proxied)))
		goto err_size;
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

err_size:
	nlmsg_free(msg);
	return -EMSGSIZE;
}

static struct fg_table *req_table(struct genl_info *info)
{
	struct fg_net *fgn = fg_pernet(genl_info_net(info));

	if (GENL_REQ_ATTR_CHECK(info, FLOODGATE_A_TABLE))
		return NULL;
	return &fgn->tables[nla_get_u8(info->attrs[FLOODGATE_A_TABLE])];
}

static struct netlink_range_validation fg_timeout_range = {
	.max = FLOODGATE_TIMEOUT_MAX,
};

static struct netlink_range_validation fg_capacity_range = {
	.min = 1,
	.max = FLOODGATE_CAPACITY_MAX,
};

static const struct nla_policy fg_entry_policy[FLOODGATE_ENTRY_A_MAX + 1] = {
	[FLOODGATE_ENTRY_A_ADDR] = NLA_POLICY_RANGE(NLA_BINARY,
						    sizeof(struct in_addr),
						    sizeof(struct in6_addr)),
	[FLOODGATE_ENTRY_A_PREFIXLEN] = NLA_POLICY_MAX(NLA_U8, 128),
	[FLOODGATE_ENTRY_A_TIMEOUT] = NLA_POLICY_FULL_RANGE(NLA_U32,
							    &fg_timeout_range),
	[FLOODGATE_ENTRY_A_EXPIRES] = { .type = NLA_REJECT,
					.reject_message = "read-only attribute" },
	[FLOODGATE_ENTRY_A_HITS] = { .type = NLA_REJECT,
				     .reject_message = "read-only attribute" },
	[FLOODGATE_ENTRY_A_LAST_HIT] = { .type = NLA_REJECT,
					 .reject_message = "read-only attribute" },
	[FLOODGATE_ENTRY_A_ORIGIN] = { .type = NLA_REJECT,
				       .reject_message = "read-only attribute" },
};

/*
 * One entry of a request into a canonical spec. *has_plen tells whether
 * the prefix length was given (a lookup without one is longest-match).
 */
static int parse_entry(const struct nlattr *nla, struct fg_entry_spec *s,
		       bool *has_plen, struct netlink_ext_ack *extack)
{
	struct nlattr *tb[FLOODGATE_ENTRY_A_MAX + 1];
	unsigned int alen, bits;
	int err;

	err = nla_parse_nested(tb, FLOODGATE_ENTRY_A_MAX, nla, fg_entry_policy,
			       extack);
	if (err)
		return err;
	if (NL_REQ_ATTR_CHECK(extack, nla, tb, FLOODGATE_ENTRY_A_ADDR))
		return -EINVAL;

	memset(s, 0, sizeof(*s));
	alen = nla_len(tb[FLOODGATE_ENTRY_A_ADDR]);
	if (alen == sizeof(struct in_addr)) {
		s->key.family = NFPROTO_IPV4;
		bits = 32;
	} else if (alen == sizeof(struct in6_addr)) {
		s->key.family = NFPROTO_IPV6;
		bits = 128;
	} else {
		NL_SET_ERR_MSG_ATTR(extack, tb[FLOODGATE_ENTRY_A_ADDR],
				    "address must be 4 (IPv4) or 16 (IPv6) bytes");
		return -EINVAL;
	}
	nla_memcpy(&s->key.addr, tb[FLOODGATE_ENTRY_A_ADDR], alen);

	s->key.plen = bits;
	*has_plen = tb[FLOODGATE_ENTRY_A_PREFIXLEN];
	if (*has_plen) {
		s->key.plen = nla_get_u8(tb[FLOODGATE_ENTRY_A_PREFIXLEN]);
		if (s->key.plen > bits) {
			NL_SET_ERR_MSG_ATTR(extack,
					    tb[FLOODGATE_ENTRY_A_PREFIXLEN],
					    "prefix length longer than the address");
			return -EINVAL;
		}
	}
	if (tb[FLOODGATE_ENTRY_A_TIMEOUT])
		s->timeout = nla_get_u32(tb[FLOODGATE_ENTRY_A_TIMEOUT]);
	fg_table_canon(&s->key);
	return 0;
}

/*
 * A batch repeats FLOODGATE_A_ENTRY at the top level, so the entries are
 * found by walking the message's attributes (info->attrs holds the last).
 */
#define for_each_attr(nla, info, rem) \
	nlmsg_for_each_attr(nla, (info)->nlhdr, GENL_HDRLEN, rem)

/* The entry attribute at index @idx, to point the extack at it. */
static const struct nlattr *nth_entry(struct genl_info *info,
				      unsigned int idx)
{
	const struct nlattr *nla;
	int rem;

	for_each_attr(nla, info, rem)
		if (nla_type(nla) == FLOODGATE_A_ENTRY && !idx--)
			return nla;
	return NULL;
}

/*
 * Parse every entry before anything changes: a batch is all-or-nothing.
 * Returns the number of entries, or -errno.
 */
static int parse_entries(struct genl_info *info, struct fg_entry_spec **out,
			 bool *has_plen)
{
	struct fg_entry_spec *specs;
	const struct nlattr *nla;
	unsigned int n = 0;
	int rem, err;

	if (GENL_REQ_ATTR_CHECK(info, FLOODGATE_A_ENTRY))
		return -EINVAL;
	for_each_attr(nla, info, rem)
		n += nla_type(nla) == FLOODGATE_A_ENTRY;
	specs = kvmalloc_array(n, sizeof(*specs), GFP_KERNEL);
	if (!specs)
		return -ENOMEM;
	n = 0;
	for_each_attr(nla, info, rem) {
		if (nla_type(nla) != FLOODGATE_A_ENTRY)
			continue;
		err = parse_entry(nla, &specs[n++], has_plen, info->extack);
		if (err) {
			kvfree(specs);
			return err;
		}
	}
	*out = specs;
	return n;
}

static int fg_entry_change(struct genl_info *info, bool add)
{
	struct fg_table *t = req_table(info);
	struct fg_entry_spec *specs;
	unsigned int bad = 0;
	bool has_plen;
	int n, err;

	if (!t)
		return -EINVAL;
	n = parse_entries(info, &specs, &has_plen);
	if (n < 0)
		return n;

	if (add)
		err = fg_table_add(t, specs, n, fg_table_now(), &bad);
	else
		err = fg_table_del(t, specs, n, &bad);
	kvfree(specs);

	if (err) {
		const struct nlattr *nla;

		nla = nth_entry(info, bad);
		if (err == -ENOSPC)
			NL_SET_ERR_MSG_ATTR(info->extack, nla,
					    "table full: its capacity is reached");
		else if (err == -ENOENT)
			NL_SET_ERR_MSG_ATTR(info->extack, nla, "no such entry");
		else if (err == -ENOMEM)
			NL_SET_ERR_MSG_MOD(info->extack,
					   "out of memory: nothing was changed");
		else
			NL_SET_ERR_MSG_ATTR(info->extack, nla,
					    "entry could not be inserted: nothing was changed");
	}
	return err;
}

static int fg_entry_add_doit(struct sk_buff *skb, struct genl_info *info)
{
	return fg_entry_change(info, true);
}

static int fg_entry_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	return fg_entry_change(info, false);
}

static int fg_table_flush_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct fg_table *t = req_table(info);

	if (!t)
		return -EINVAL;
	fg_table_flush(t);
	return 0;
}

static int fg_set_config_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct fg_net *fgn = fg_pernet(genl_info_net(info));
	struct nlattr *cap = info->attrs[FLOODGATE_A_CAPACITY];
	struct nlattr *lcap = info->attrs[FLOODGATE_A_LIMIT_CAPACITY];
	struct fg_table *t;
	int err;

	if (!cap && !lcap) {
		NL_SET_ERR_MSG_MOD(info->extack, "nothing to set");
		return -EINVAL;
	}
	if (lcap) {
		err = fg_rl_set_capacity(&fgn->rl, nla_get_u32(lcap));
		if (err) {
			NL_SET_ERR_MSG_ATTR(info->extack, lcap,
					    "out of memory for the new key table");
			return err;
		}
	}
	if (cap) {
		t = req_table(info);
		if (!t)
			return -EINVAL;
		fg_table_set_capacity(t, nla_get_u32(cap));
	}
	return 0;
}

/* Under rcu_read_lock(): @e stays valid while we copy it out. */
static int put_entry(struct sk_buff *msg, const struct fg_entry *e, u32 now)
{
	u32 expires = READ_ONCE(e->expires);
	u32 last_hit = READ_ONCE(e->last_hit);
	struct nlattr *nest;

	nest = nla_nest_start(msg, FLOODGATE_A_ENTRY);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put(msg, FLOODGATE_ENTRY_A_ADDR,
		    e->key.family == NFPROTO_IPV4 ? sizeof(struct in_addr) :
						    sizeof(struct in6_addr),
		    &e->key.addr) ||
	    nla_put_u8(msg, FLOODGATE_ENTRY_A_PREFIXLEN, e->key.plen) ||
	    (expires && nla_put_u32(msg, FLOODGATE_ENTRY_A_EXPIRES,
				    max_t(s32, expires - now, 0))) ||
	    nla_put_u64_64bit(msg, FLOODGATE_ENTRY_A_HITS, READ_ONCE(e->hits),
			      FLOODGATE_ENTRY_A_PAD) ||
	    (last_hit && nla_put_u32(msg, FLOODGATE_ENTRY_A_LAST_HIT,
				     max_t(s32, now - last_hit, 0))) ||
	    nla_put_u8(msg, FLOODGATE_ENTRY_A_ORIGIN, READ_ONCE(e->origin))) {
		nla_nest_cancel(msg, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return 0;
}

static int fg_entry_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct fg_table *t = req_table(info);
	struct fg_entry_spec *spec;
	struct fg_entry *e;
	struct sk_buff *msg;
	u32 now = fg_table_now();
	bool has_plen;
	void *hdr;
	int n, err;

	if (!t)
		return -EINVAL;
	n = parse_entries(info, &spec, &has_plen);
	if (n < 0)
		return n;
	if (n != 1) {
		kvfree(spec);
		NL_SET_ERR_MSG_ATTR(info->extack, nth_entry(info, 1),
				    "a lookup takes exactly one entry");
		return -EINVAL;
	}

	err = -ENOMEM;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		goto out;
	err = -EMSGSIZE;
	hdr = genlmsg_put_reply(msg, info, &fg_genl_family, 0,
				FLOODGATE_CMD_ENTRY_GET);
	if (!hdr || nla_put_u8(msg, FLOODGATE_A_TABLE, t->id))
		goto err_msg;

	rcu_read_lock();
	if (has_plen)
		e = fg_table_get(t, &spec->key, now);
	else
		e = fg_table_lookup(t, spec->key.family, &spec->key.addr, now);
	err = e ? put_entry(msg, e, now) : -ENOENT;
	rcu_read_unlock();
	if (err) {
		if (err == -ENOENT)
			NL_SET_ERR_MSG_MOD(info->extack,
					   "no entry matches the address");
		goto err_msg;
	}
	genlmsg_end(msg, hdr);
	kvfree(spec);
	return genlmsg_reply(msg, info);

err_msg:
	nlmsg_free(msg);
out:
	kvfree(spec);
	return err;
}

struct fg_dump_ctx {
	struct rhashtable_iter iter;
	struct fg_table *t;
	u32 restarts;	/* the walk was rewound by a resize */
	bool done;
};

static int fg_entry_dump_start(struct netlink_callback *cb)
{
	const struct genl_dumpit_info *info = genl_dumpit_info(cb);
	struct fg_net *fgn = fg_pernet(sock_net(cb->skb->sk));
	struct fg_dump_ctx *ctx;

	if (NL_REQ_ATTR_CHECK(cb->extack, NULL, info->attrs, FLOODGATE_A_TABLE))
		return -EINVAL;
	ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);
	if (!ctx)
		return -ENOMEM;
	ctx->t = &fgn->tables[nla_get_u8(info->attrs[FLOODGATE_A_TABLE])];
	rhashtable_walk_enter(&ctx->t->ht, &ctx->iter);
	cb->args[0] = (long)ctx;
	return 0;
}

static int fg_entry_dump_done(struct netlink_callback *cb)
{
	struct fg_dump_ctx *ctx = (struct fg_dump_ctx *)cb->args[0];

	if (ctx) {
		rhashtable_walk_exit(&ctx->iter);
		kfree(ctx);
	}
	return 0;
}

/*
 * The dump's generation: the table's, plus the times a resize rewound the
 * walk. Any change between two messages makes the later one (or the final
 * NLMSG_DONE) carry NLM_F_DUMP_INTR.
 */
static void dump_seq(struct netlink_callback *cb, struct fg_dump_ctx *ctx)
{
	cb->seq = READ_ONCE(ctx->t->gen) + ctx->restarts;
}

/*
 * As many entries per message as fit. The walk resumes where the last
 * message stopped: rhashtable_walk_peek() returns the entry that did not
 * fit.
 */
static int fg_entry_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct fg_dump_ctx *ctx = (struct fg_dump_ctx *)cb->args[0];
	u32 now = fg_table_now();
	unsigned int n = 0;
	struct fg_entry *e;
	void *hdr;

	if (ctx->done)
		return 0;

	dump_seq(cb, ctx);
	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &fg_genl_family, NLM_F_MULTI, FLOODGATE_CMD_ENTRY_GET);
	if (!hdr)
		return -EMSGSIZE;
	genl_dump_check_consistent(cb, hdr);
	if (nla_put_u8(skb, FLOODGATE_A_TABLE, ctx->t->id)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}

	if (rhashtable_walk_start_check(&ctx->iter) == -EAGAIN)
		ctx->restarts++;
	for (e = rhashtable_walk_peek(&ctx->iter); e;
	     e = rhashtable_walk_next(&ctx->iter)) {
		if (IS_ERR(e)) {
			ctx->restarts++;	/* -EAGAIN: rewound */
			continue;
		}
		if (fg_entry_expired(e, now))
			continue;
		if (put_entry(skb, e, now))
			break;
		n++;
	}
	ctx->done = !e;
	rhashtable_walk_stop(&ctx->iter);
	dump_seq(cb, ctx);

	if (!n) {
		/* Nothing left: end the dump without an empty message. */
		genlmsg_cancel(skb, hdr);
		return 0;
	}
	genlmsg_end(skb, hdr);
	return skb->len;
}

/* Put an address and prefix length under the given attribute types. */
static int put_prefix(struct sk_buff *msg, int addr_type, int plen_type,
		      u8 family, const union nf_inet_addr *addr, u8 plen)
{
	return nla_put(msg, addr_type,
		       family == NFPROTO_IPV4 ? sizeof(struct in_addr) :
						sizeof(struct in6_addr), addr) ||
	       nla_put_u8(msg, plen_type, plen);
}

/*
 * Tell the events group that the limiter blocked a source, or that such a
 * block expired. May run under rcu_read_lock() (the table's collector), so
 * it does not sleep; a lost event is only a lost notification.
 */
void fg_genl_event(struct net *net, u8 event, const struct fg_key *key,
		   u32 timeout, u32 reason, u32 count)
{
	struct nlattr *nest;
	struct sk_buff *msg;
	void *hdr;

	if (!genl_has_listeners(&fg_genl_family, net, 0))
		return;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_ATOMIC);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &fg_genl_family, 0, FLOODGATE_CMD_EVENT);
	if (!hdr)
		goto err;
	if (nla_put_u8(msg, FLOODGATE_A_EVENT, event) ||
	    nla_put_u8(msg, FLOODGATE_A_TABLE, FLOODGATE_TABLE_BLOCK))
		goto err;
	nest = nla_nest_start(msg, FLOODGATE_A_ENTRY);
	if (!nest ||
	    put_prefix(msg, FLOODGATE_ENTRY_A_ADDR, FLOODGATE_ENTRY_A_PREFIXLEN,
		       key->family, &key->addr, key->plen) ||
	    (timeout && nla_put_u32(msg, FLOODGATE_ENTRY_A_TIMEOUT, timeout)) ||
	    nla_put_u8(msg, FLOODGATE_ENTRY_A_ORIGIN, FLOODGATE_ORIGIN_AUTO))
		goto err;
	nla_nest_end(msg, nest);
	if (event == FLOODGATE_EVENT_AUTOBLOCK &&
	    (nla_put_u32(msg, FLOODGATE_A_REASON, reason) ||
	     nla_put_u32(msg, FLOODGATE_A_COUNT, count)))
		goto err;
	genlmsg_end(msg, hdr);
	genlmsg_multicast_netns(&fg_genl_family, net, msg, 0, 0, GFP_ATOMIC);
	return;
err:
	nlmsg_free(msg);
}

static struct netlink_range_validation fg_u64_rate_range = {
	.max = 1000000000000ULL,
};

static struct netlink_range_validation fg_block_time_range = {
	.min = 1,
	.max = FLOODGATE_TIMEOUT_MAX,
};

static struct netlink_range_validation fg_window_range = {
	.min = 1,
	.max = 86400,
};

static const struct nla_policy fg_limit_policy[FLOODGATE_LIMIT_A_MAX + 1] = {
	[FLOODGATE_LIMIT_A_PROTO] = NLA_POLICY_MAX(NLA_U8, IPPROTO_UDP),
	[FLOODGATE_LIMIT_A_PORT_MIN] = NLA_POLICY_MIN(NLA_U16, 1),
	[FLOODGATE_LIMIT_A_PORT_MAX] = NLA_POLICY_MIN(NLA_U16, 1),
	[FLOODGATE_LIMIT_A_PPS] = NLA_POLICY_FULL_RANGE(NLA_U64,
							&fg_u64_rate_range),
	[FLOODGATE_LIMIT_A_BURST] = { .type = NLA_U64 },
	[FLOODGATE_LIMIT_A_SYN_PPS] = NLA_POLICY_FULL_RANGE(NLA_U64,
							    &fg_u64_rate_range),
	[FLOODGATE_LIMIT_A_SYN_BURST] = { .type = NLA_U64 },
	[FLOODGATE_LIMIT_A_BPS] = NLA_POLICY_FULL_RANGE(NLA_U64,
							&fg_u64_rate_range),
	[FLOODGATE_LIMIT_A_BYTES_BURST] = { .type = NLA_U64 },
	[FLOODGATE_LIMIT_A_V4_PREFIX] = NLA_POLICY_RANGE(NLA_U8, 1, 32),
	[FLOODGATE_LIMIT_A_V6_PREFIX] = NLA_POLICY_RANGE(NLA_U8, 1, 128),
	[FLOODGATE_LIMIT_A_BLOCK_AFTER] = { .type = NLA_U32 },
	[FLOODGATE_LIMIT_A_BLOCK_WINDOW] = NLA_POLICY_FULL_RANGE(NLA_U32,
								 &fg_window_range),
	[FLOODGATE_LIMIT_A_BLOCK_TIME] = NLA_POLICY_FULL_RANGE(NLA_U32,
							       &fg_block_time_range),
};

static const int limit_rate_attr[FG_RL_NBUCKETS] = {
	FLOODGATE_LIMIT_A_PPS, FLOODGATE_LIMIT_A_SYN_PPS, FLOODGATE_LIMIT_A_BPS,
};

static const int limit_burst_attr[FG_RL_NBUCKETS] = {
	FLOODGATE_LIMIT_A_BURST, FLOODGATE_LIMIT_A_SYN_BURST,
	FLOODGATE_LIMIT_A_BYTES_BURST,
};

/* The selector of a request: proto and port range (all zero: default). */
static int parse_selector(struct nlattr **tb, u8 *proto, u16 *pmin,
			  u16 *pmax, struct netlink_ext_ack *extack)
{
	struct nlattr *pa = tb[FLOODGATE_LIMIT_A_PROTO];

	*proto = 0;
	*pmin = 0;
	*pmax = 0;
	if (!pa) {
		if (tb[FLOODGATE_LIMIT_A_PORT_MIN] ||
		    tb[FLOODGATE_LIMIT_A_PORT_MAX]) {
			NL_SET_ERR_MSG_MOD(extack, "a port needs a protocol");
			return -EINVAL;
		}
		return 0;
	}
	*proto = nla_get_u8(pa);
	if (*proto != IPPROTO_TCP && *proto != IPPROTO_UDP &&
	    *proto != IPPROTO_ICMP) {
		NL_SET_ERR_MSG_ATTR(extack, pa, "protocol must be tcp, udp or icmp");
		return -EINVAL;
	}
	if (*proto == IPPROTO_ICMP) {
		if (tb[FLOODGATE_LIMIT_A_PORT_MIN] ||
		    tb[FLOODGATE_LIMIT_A_PORT_MAX]) {
			NL_SET_ERR_MSG_ATTR(extack, pa, "icmp has no ports");
			return -EINVAL;
		}
		return 0;
	}
	*pmin = tb[FLOODGATE_LIMIT_A_PORT_MIN] ?
		nla_get_u16(tb[FLOODGATE_LIMIT_A_PORT_MIN]) : 1;
	*pmax = tb[FLOODGATE_LIMIT_A_PORT_MAX] ?
		nla_get_u16(tb[FLOODGATE_LIMIT_A_PORT_MAX]) : 65535;
	if (*pmin > *pmax) {
		NL_SET_ERR_MSG_ATTR(extack, tb[FLOODGATE_LIMIT_A_PORT_MAX],
				    "port range is backwards");
		return -EINVAL;
	}
	return 0;
}

static int fg_limit_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct fg_ratelimit *rl = &fg_pernet(genl_info_net(info))->rl;
	struct nlattr *tb[FLOODGATE_LIMIT_A_MAX + 1];
	struct fg_rl_policy p;
	const char *why = NULL;
	u16 pmin, pmax;
	unsigned int b;
	int err;
	u8 proto;

	if (GENL_REQ_ATTR_CHECK(info, FLOODGATE_A_LIMIT))
		return -EINVAL;
	err = nla_parse_nested(tb, FLOODGATE_LIMIT_A_MAX,
			       info->attrs[FLOODGATE_A_LIMIT], fg_limit_policy,
			       info->extack);
	if (err)
		return err;
	err = parse_selector(tb, &proto, &pmin, &pmax, info->extack);
	if (err)
		return err;

	mutex_lock(&rl->lock);
	fg_rl_policy_get(rl, proto, pmin, pmax, &p);
	for (b = 0; b < FG_RL_NBUCKETS; b++) {
		struct nlattr *rate = tb[limit_rate_attr[b]];
		struct nlattr *burst = tb[limit_burst_attr[b]];

		if (rate)
			p.rate[b] = nla_get_u64(rate);
		if (burst)
			p.burst[b] = nla_get_u64(burst);
		else if (rate && !p.burst[b])
			p.burst[b] = p.rate[b];	/* one second's worth */
	}
	if (tb[FLOODGATE_LIMIT_A_V4_PREFIX])
		p.plen[0] = nla_get_u8(tb[FLOODGATE_LIMIT_A_V4_PREFIX]);
	if (tb[FLOODGATE_LIMIT_A_V6_PREFIX])
		p.plen[1] = nla_get_u8(tb[FLOODGATE_LIMIT_A_V6_PREFIX]);
	if (tb[FLOODGATE_LIMIT_A_BLOCK_AFTER])
		p.block_after = nla_get_u32(tb[FLOODGATE_LIMIT_A_BLOCK_AFTER]);
	if (tb[FLOODGATE_LIMIT_A_BLOCK_WINDOW])
		p.block_window = nla_get_u32(tb[FLOODGATE_LIMIT_A_BLOCK_WINDOW]);
	if (tb[FLOODGATE_LIMIT_A_BLOCK_TIME])
		p.block_time = nla_get_u32(tb[FLOODGATE_LIMIT_A_BLOCK_TIME]);

	err = fg_rl_policy_check(&p, &why);
	/* NL_SET_ERR_MSG() wants a literal; @why is a static string. */
	if (err && info->extack)
		info->extack->_msg = why;
	else if (!err)
		err = fg_rl_policy_put(rl, &p);
	mutex_unlock(&rl->lock);
	if (err == -ENOSPC)
		NL_SET_ERR_MSG_MOD(info->extack, "too many overrides (64 at most)");
	else if (err == -ENOMEM)
		NL_SET_ERR_MSG_MOD(info->extack, "out of memory");
	return err;
}

static int fg_limit_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct fg_ratelimit *rl = &fg_pernet(genl_info_net(info))->rl;
	struct nlattr *tb[FLOODGATE_LIMIT_A_MAX + 1];
	u16 pmin, pmax;
	u8 proto;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, FLOODGATE_A_LIMIT))
		return -EINVAL;
	err = nla_parse_nested(tb, FLOODGATE_LIMIT_A_MAX,
			       info->attrs[FLOODGATE_A_LIMIT], fg_limit_policy,
			       info->extack);
	if (!err)
		err = parse_selector(tb, &proto, &pmin, &pmax, info->extack);
	if (err)
		return err;
	if (!proto) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "the default policy cannot be deleted (set its rates to 0)");
		return -EINVAL;
	}
	mutex_lock(&rl->lock);
	err = fg_rl_policy_del(rl, proto, pmin, pmax);
	mutex_unlock(&rl->lock);
	if (err == -ENOENT)
		NL_SET_ERR_MSG_MOD(info->extack, "no such override");
	return err;
}

static int put_policy(struct sk_buff *msg, const struct fg_rl_policy *p)
{
	struct nlattr *nest = nla_nest_start(msg, FLOODGATE_A_LIMIT);
	unsigned int b;

	if (!nest)
		return -EMSGSIZE;
	if (p->proto &&
	    (nla_put_u8(msg, FLOODGATE_LIMIT_A_PROTO, p->proto) ||
	     (p->proto != IPPROTO_ICMP &&
	      (nla_put_u16(msg, FLOODGATE_LIMIT_A_PORT_MIN, p->port_min) ||
	       nla_put_u16(msg, FLOODGATE_LIMIT_A_PORT_MAX, p->port_max)))))
		goto err;
	for (b = 0; b < FG_RL_NBUCKETS; b++)
		if (nla_put_u64_64bit(msg, limit_rate_attr[b], p->rate[b],
				      FLOODGATE_LIMIT_A_PAD) ||
		    nla_put_u64_64bit(msg, limit_burst_attr[b], p->burst[b],
				      FLOODGATE_LIMIT_A_PAD))
			goto err;
	if (nla_put_u8(msg, FLOODGATE_LIMIT_A_V4_PREFIX, p->plen[0]) ||
	    nla_put_u8(msg, FLOODGATE_LIMIT_A_V6_PREFIX, p->plen[1]) ||
	    nla_put_u32(msg, FLOODGATE_LIMIT_A_BLOCK_AFTER, p->block_after) ||
	    nla_put_u32(msg, FLOODGATE_LIMIT_A_BLOCK_WINDOW, p->block_window) ||
	    nla_put_u32(msg, FLOODGATE_LIMIT_A_BLOCK_TIME, p->block_time))
		goto err;
	nla_nest_end(msg, nest);
	return 0;
err:
	nla_nest_cancel(msg, nest);
	return -EMSGSIZE;
}

static int fg_limit_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct fg_ratelimit *rl = &fg_pernet(genl_info_net(info))->rl;
	const struct fg_rl_config *cfg;
	struct fg_rl_policy def;
	struct sk_buff *msg;
	unsigned int i;
	void *hdr;
	int err = -EMSGSIZE;

	/* 65 policies of about 150 bytes. */
	msg = genlmsg_new(16384, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &fg_genl_family, 0,
				FLOODGATE_CMD_LIMIT_GET);
	if (!hdr)
		goto err_msg;
	mutex_lock(&rl->lock);
	cfg = rcu_dereference_protected(rl->cfg, lockdep_is_held(&rl->lock));
	if (!cfg) {
		fg_rl_policy_get(rl, 0, 0, 0, &def);
		err = put_policy(msg, &def);
	} else {
		for (i = 0, err = 0; i < cfg->n && !err; i++)
			err = put_policy(msg, &cfg->pol[i]);
	}
	mutex_unlock(&rl->lock);
	if (err)
		goto err_msg;
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

err_msg:
	nlmsg_free(msg);
	return err;
}

static int put_talker(struct sk_buff *msg, const struct fg_rl_talker *t)
{
	struct nlattr *nest = nla_nest_start(msg, FLOODGATE_A_TALKER);

	if (!nest ||
	    put_prefix(msg, FLOODGATE_TALKER_A_ADDR, FLOODGATE_TALKER_A_PREFIXLEN,
		       t->key.family, &t->key.addr, t->key.plen) ||
	    (t->proto &&
	     nla_put_u8(msg, FLOODGATE_TALKER_A_PROTO, t->proto)) ||
	    (t->proto && t->proto != IPPROTO_ICMP &&
	     (nla_put_u16(msg, FLOODGATE_TALKER_A_PORT_MIN, t->port_min) ||
	      nla_put_u16(msg, FLOODGATE_TALKER_A_PORT_MAX, t->port_max))) ||
	    nla_put_u64_64bit(msg, FLOODGATE_TALKER_A_PASSED, t->passed,
			      FLOODGATE_TALKER_A_PAD) ||
	    nla_put_u64_64bit(msg, FLOODGATE_TALKER_A_DROPPED, t->dropped,
			      FLOODGATE_TALKER_A_PAD) ||
	    (t->tokens != U64_MAX &&
	     nla_put_u64_64bit(msg, FLOODGATE_TALKER_A_TOKENS, t->tokens,
			       FLOODGATE_TALKER_A_PAD)))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

static int fg_limit_top_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct fg_ratelimit *rl = &fg_pernet(genl_info_net(info))->rl;
	struct nlattr *cnt = info->attrs[FLOODGATE_A_COUNT];
	unsigned int want = cnt ? nla_get_u32(cnt) : 10;
	struct fg_rl_talker *top;
	struct sk_buff *msg;
	int n, i, err = -EMSGSIZE;
	void *hdr;

	top = kvcalloc(want, sizeof(*top), GFP_KERNEL);
	if (!top)
		return -ENOMEM;
	n = fg_rl_top(rl, top, want);
	/* A talker takes some 100 bytes. */
	msg = genlmsg_new(NLMSG_GOODSIZE + n * 128, GFP_KERNEL);
	if (!msg) {
		err = -ENOMEM;
		goto out;
	}
	hdr = genlmsg_put_reply(msg, info, &fg_genl_family, 0,
				FLOODGATE_CMD_LIMIT_TOP);
	if (!hdr)
		goto err_msg;
	for (i = 0; i < n; i++)
		if (put_talker(msg, &top[i]))
			goto err_msg;
	genlmsg_end(msg, hdr);
	kvfree(top);
	return genlmsg_reply(msg, info);

err_msg:
	nlmsg_free(msg);
out:
	kvfree(top);
	return err;
}

/* SYN proxy */

#define FG_READ_ONLY \
	{ .type = NLA_REJECT, .reject_message = "read-only attribute" }

/* Past what the policy's s16 bounds can hold. */
static struct netlink_range_validation fg_sp_mss_range = {
	.min = 536,
	.max = 65495,
};

static struct netlink_range_validation fg_sp_threshold_range = {
	.min = 1,
	.max = 1000000000,
};

static const struct nla_policy fg_sp_policy[FLOODGATE_SYNPROXY_A_MAX + 1] = {
	[FLOODGATE_SYNPROXY_A_PORT_MIN] = NLA_POLICY_MIN(NLA_U16, 1),
	[FLOODGATE_SYNPROXY_A_PORT_MAX] = NLA_POLICY_MIN(NLA_U16, 1),
	[FLOODGATE_SYNPROXY_A_ADDR] = NLA_POLICY_RANGE(NLA_BINARY,
						       sizeof(struct in_addr),
						       sizeof(struct in6_addr)),
	[FLOODGATE_SYNPROXY_A_PREFIXLEN] = NLA_POLICY_MAX(NLA_U8, 128),
	[FLOODGATE_SYNPROXY_A_MODE] =
		NLA_POLICY_MAX(NLA_U8, __FLOODGATE_SYNPROXY_MODE_MAX - 1),
	[FLOODGATE_SYNPROXY_A_THRESHOLD] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &fg_sp_threshold_range),
	[FLOODGATE_SYNPROXY_A_HOLD] = NLA_POLICY_FULL_RANGE(NLA_U32,
							    &fg_window_range),
	[FLOODGATE_SYNPROXY_A_MSS] = NLA_POLICY_FULL_RANGE(NLA_U16,
							   &fg_sp_mss_range),
	[FLOODGATE_SYNPROXY_A_WSCALE] = NLA_POLICY_MAX(NLA_U8, 14),
	[FLOODGATE_SYNPROXY_A_FLAGS] =
		NLA_POLICY_MASK(NLA_U32, FLOODGATE_SYNPROXY_F_ALL),
	[FLOODGATE_SYNPROXY_A_ENGAGED] = FG_READ_ONLY,
	[FLOODGATE_SYNPROXY_A_RATE] = FG_READ_ONLY,
	[FLOODGATE_SYNPROXY_A_SINCE] = FG_READ_ONLY,
	[FLOODGATE_SYNPROXY_A_SYN] = FG_READ_ONLY,
	[FLOODGATE_SYNPROXY_A_COOKIES_SENT] = FG_READ_ONLY,
	[FLOODGATE_SYNPROXY_A_COOKIES_VALID] = FG_READ_ONLY,
	[FLOODGATE_SYNPROXY_A_COOKIES_INVALID] = FG_READ_ONLY,
	[FLOODGATE_SYNPROXY_A_NOCONN] = FG_READ_ONLY,
	[FLOODGATE_SYNPROXY_A_HANDED_OVER] = FG_READ_ONLY,
	[FLOODGATE_SYNPROXY_A_ENGAGES] = FG_READ_ONLY,
	[FLOODGATE_SYNPROXY_A_DISENGAGES] = FG_READ_ONLY,
};

/*
 * A port from a request: the selector always, the settings (with their
 * defaults) for an add.
 */
static int parse_sp(struct genl_info *info, struct fg_sp_cfg *cfg)
{
	struct nlattr *tb[FLOODGATE_SYNPROXY_A_MAX + 1], *a;
	const char *why = NULL;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, FLOODGATE_A_SYNPROXY))
		return -EINVAL;
	err = nla_parse_nested(tb, FLOODGATE_SYNPROXY_A_MAX,
			       info->attrs[FLOODGATE_A_SYNPROXY], fg_sp_policy,
			       info->extack);
	if (err)
		return err;
	if (NL_REQ_ATTR_CHECK(info->extack, info->attrs[FLOODGATE_A_SYNPROXY],
			      tb, FLOODGATE_SYNPROXY_A_PORT_MIN))
		return -EINVAL;

	memset(cfg, 0, sizeof(*cfg));
	cfg->port_min = nla_get_u16(tb[FLOODGATE_SYNPROXY_A_PORT_MIN]);
	cfg->port_max = cfg->port_min;
	if (tb[FLOODGATE_SYNPROXY_A_PORT_MAX])
		cfg->port_max = nla_get_u16(tb[FLOODGATE_SYNPROXY_A_PORT_MAX]);
	if (cfg->port_min > cfg->port_max) {
		NL_SET_ERR_MSG_ATTR(info->extack,
				    tb[FLOODGATE_SYNPROXY_A_PORT_MAX],
				    "port range is backwards");
		return -EINVAL;
	}
	a = tb[FLOODGATE_SYNPROXY_A_ADDR];
	if (a) {
		if (nla_len(a) != sizeof(struct in_addr) &&
		    nla_len(a) != sizeof(struct in6_addr)) {
			NL_SET_ERR_MSG_ATTR(info->extack, a,
					    "address must be 4 or 16 bytes");
			return -EINVAL;
		}
		cfg->family = nla_len(a) == sizeof(struct in_addr) ?
			      NFPROTO_IPV4 : NFPROTO_IPV6;
		nla_memcpy(&cfg->addr, a, sizeof(cfg->addr));
		cfg->plen = cfg->family == NFPROTO_IPV4 ? 32 : 128;
		if (tb[FLOODGATE_SYNPROXY_A_PREFIXLEN])
			cfg->plen =
				nla_get_u8(tb[FLOODGATE_SYNPROXY_A_PREFIXLEN]);
		if (cfg->plen > (cfg->family == NFPROTO_IPV4 ? 32 : 128)) {
			NL_SET_ERR_MSG_ATTR(info->extack,
					    tb[FLOODGATE_SYNPROXY_A_PREFIXLEN],
					    "prefix length too long for the address");
			return -ERANGE;
		}
	} else if (tb[FLOODGATE_SYNPROXY_A_PREFIXLEN]) {
		NL_SET_ERR_MSG_ATTR(info->extack,
				    tb[FLOODGATE_SYNPROXY_A_PREFIXLEN],
				    "a prefix length needs an address");
		return -EINVAL;
	}
	cfg->mode = FLOODGATE_SYNPROXY_ON;
	if (tb[FLOODGATE_SYNPROXY_A_MODE])
		cfg->mode = nla_get_u8(tb[FLOODGATE_SYNPROXY_A_MODE]);
	if (tb[FLOODGATE_SYNPROXY_A_THRESHOLD])
		cfg->threshold = nla_get_u32(tb[FLOODGATE_SYNPROXY_A_THRESHOLD]);
	if (tb[FLOODGATE_SYNPROXY_A_HOLD])
		cfg->hold = nla_get_u32(tb[FLOODGATE_SYNPROXY_A_HOLD]);
	if (tb[FLOODGATE_SYNPROXY_A_MSS])
		cfg->mss = nla_get_u16(tb[FLOODGATE_SYNPROXY_A_MSS]);
	cfg->wscale = FG_SP_WSCALE_AUTO;
	if (tb[FLOODGATE_SYNPROXY_A_WSCALE])
		cfg->wscale = nla_get_u8(tb[FLOODGATE_SYNPROXY_A_WSCALE]);
	if (tb[FLOODGATE_SYNPROXY_A_FLAGS])
		cfg->flags = nla_get_u32(tb[FLOODGATE_SYNPROXY_A_FLAGS]);

	err = fg_sp_cfg_check(cfg, &why);
	/* NL_SET_ERR_MSG() wants a literal; @why is a static string. */
	if (err && info->extack)
		info->extack->_msg = why;
	return err;
}

static int fg_sp_add_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct fg_synproxy *sp = &fg_pernet(genl_info_net(info))->sp;
	const char *why = "out of memory";
	struct fg_sp_cfg cfg;
	int err;

	err = parse_sp(info, &cfg);
	if (err)
		return err;
	mutex_lock(&sp->lock);
	err = fg_sp_add(sp, &cfg, &why);
	mutex_unlock(&sp->lock);
	if (err && info->extack)
		info->extack->_msg = why;
	return err;
}

static int fg_sp_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct fg_synproxy *sp = &fg_pernet(genl_info_net(info))->sp;
	struct fg_sp_cfg cfg;
	int err;

	err = parse_sp(info, &cfg);
	if (err)
		return err;
	mutex_lock(&sp->lock);
	err = fg_sp_del(sp, &cfg);
	mutex_unlock(&sp->lock);
	if (err == -ENOENT)
		NL_SET_ERR_MSG_MOD(info->extack, "no such protected port");
	else if (err)
		NL_SET_ERR_MSG_MOD(info->extack, "out of memory");
	return err;
}

/* A port's settings, state and (with @counters) counters. */
static int put_sp(struct sk_buff *msg, const struct fg_sp_port *port,
		  bool counters)
{
	static const int cnt_attr[FG_SP_NCNT] = {
		[FG_SP_SYN] = FLOODGATE_SYNPROXY_A_SYN,
		[FG_SP_SENT] = FLOODGATE_SYNPROXY_A_COOKIES_SENT,
		[FG_SP_VALID] = FLOODGATE_SYNPROXY_A_COOKIES_VALID,
		[FG_SP_INVALID] = FLOODGATE_SYNPROXY_A_COOKIES_INVALID,
		[FG_SP_NOCONN] = FLOODGATE_SYNPROXY_A_NOCONN,
		[FG_SP_HANDED] = FLOODGATE_SYNPROXY_A_HANDED_OVER,
	};
	const struct fg_sp_cfg *cfg = &port->cfg;
	u64 cnt[FG_SP_NCNT];
	struct nlattr *nest;
	int i;

	nest = nla_nest_start(msg, FLOODGATE_A_SYNPROXY);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u16(msg, FLOODGATE_SYNPROXY_A_PORT_MIN, cfg->port_min) ||
	    nla_put_u16(msg, FLOODGATE_SYNPROXY_A_PORT_MAX, cfg->port_max) ||
	    (cfg->family &&
	     put_prefix(msg, FLOODGATE_SYNPROXY_A_ADDR,
			FLOODGATE_SYNPROXY_A_PREFIXLEN, cfg->family,
			&cfg->addr, cfg->plen)) ||
	    nla_put_u8(msg, FLOODGATE_SYNPROXY_A_MODE, cfg->mode) ||
	    nla_put_u32(msg, FLOODGATE_SYNPROXY_A_THRESHOLD, cfg->threshold) ||
	    nla_put_u32(msg, FLOODGATE_SYNPROXY_A_HOLD, cfg->hold) ||
	    (cfg->mss && nla_put_u16(msg, FLOODGATE_SYNPROXY_A_MSS, cfg->mss)) ||
	    (cfg->wscale != FG_SP_WSCALE_AUTO &&
	     nla_put_u8(msg, FLOODGATE_SYNPROXY_A_WSCALE, cfg->wscale)) ||
	    nla_put_u32(msg, FLOODGATE_SYNPROXY_A_FLAGS, cfg->flags) ||
	    nla_put_u8(msg, FLOODGATE_SYNPROXY_A_ENGAGED,
		       READ_ONCE(port->engaged)) ||
	    nla_put_u32(msg, FLOODGATE_SYNPROXY_A_RATE, port->rate))
		goto err;
	if (counters) {
		u64 since = ktime_get_coarse_ns() - port->st.since;

		fg_sp_port_read(port, cnt);
		for (i = 0; i < FG_SP_NCNT; i++)
			if (cnt_attr[i] &&
			    nla_put_u64_64bit(msg, cnt_attr[i], cnt[i],
					      FLOODGATE_SYNPROXY_A_PAD))
				goto err;
		if (nla_put_u32(msg, FLOODGATE_SYNPROXY_A_SINCE,
				div_u64(since, NSEC_PER_SEC)) ||
		    nla_put_u64_64bit(msg, FLOODGATE_SYNPROXY_A_ENGAGES,
				      port->st.engages,
				      FLOODGATE_SYNPROXY_A_PAD) ||
		    nla_put_u64_64bit(msg, FLOODGATE_SYNPROXY_A_DISENGAGES,
				      port->st.disengages,
				      FLOODGATE_SYNPROXY_A_PAD))
			goto err;
	}
	nla_nest_end(msg, nest);
	return 0;
err:
	nla_nest_cancel(msg, nest);
	return -EMSGSIZE;
}

/* A message per port; cb->args[0] is the next port's index. */
static int fg_sp_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct fg_synproxy *sp = &fg_pernet(sock_net(cb->skb->sk))->sp;
	const struct fg_sp_set *set;
	unsigned long i;
	void *hdr;
	int err = 0;

	mutex_lock(&sp->lock);
	set = rcu_dereference_protected(sp->set, lockdep_is_held(&sp->lock));
	cb->seq = sp->gen;
	for (i = cb->args[0]; set && i < set->n; i++) {
		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, &fg_genl_family,
				  NLM_F_MULTI, FLOODGATE_CMD_SYNPROXY_GET);
		if (!hdr) {
			err = -EMSGSIZE;
			break;
		}
		genl_dump_check_consistent(cb, hdr);
		err = put_sp(skb, set->port[i], true);
		if (err) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
	}
	mutex_unlock(&sp->lock);
	/* A port too big for an empty message would loop forever. */
	if (err && i == cb->args[0])
		return err;
	cb->args[0] = i;
	return skb->len;
}

/* Tell the events group an auto port engaged or disengaged. */
void fg_genl_sp_event(struct net *net, u8 event,
		      const struct fg_sp_port *port)
{
	struct sk_buff *msg;
	void *hdr;

	if (!genl_has_listeners(&fg_genl_family, net, 0))
		return;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_ATOMIC);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &fg_genl_family, 0, FLOODGATE_CMD_EVENT);
	if (!hdr || nla_put_u8(msg, FLOODGATE_A_EVENT, event) ||
	    put_sp(msg, port, false)) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_end(msg, hdr);
	genlmsg_multicast_netns(&fg_genl_family, net, msg, 0, 0, GFP_ATOMIC);
}

static const struct nla_policy fg_limit_req_policy[FLOODGATE_A_MAX + 1] = {
	[FLOODGATE_A_LIMIT] = NLA_POLICY_NESTED(fg_limit_policy),
};

static const struct nla_policy fg_sp_req_policy[FLOODGATE_A_MAX + 1] = {
	[FLOODGATE_A_SYNPROXY] = NLA_POLICY_NESTED(fg_sp_policy),
};

static const struct nla_policy fg_top_policy[FLOODGATE_A_MAX + 1] = {
	[FLOODGATE_A_COUNT] = NLA_POLICY_RANGE(NLA_U32, 1, 1000),
};

static const struct nla_policy fg_table_policy[FLOODGATE_A_MAX + 1] = {
	[FLOODGATE_A_TABLE] = NLA_POLICY_MAX(NLA_U8, FLOODGATE_TABLE_MAX),
};

static const struct nla_policy fg_entries_policy[FLOODGATE_A_MAX + 1] = {
	[FLOODGATE_A_TABLE] = NLA_POLICY_MAX(NLA_U8, FLOODGATE_TABLE_MAX),
	[FLOODGATE_A_ENTRY] = NLA_POLICY_NESTED(fg_entry_policy),
};

static const struct nla_policy fg_config_policy[FLOODGATE_A_MAX + 1] = {
	[FLOODGATE_A_TABLE] = NLA_POLICY_MAX(NLA_U8, FLOODGATE_TABLE_MAX),
	[FLOODGATE_A_CAPACITY] = NLA_POLICY_FULL_RANGE(NLA_U32,
						       &fg_capacity_range),
	[FLOODGATE_A_LIMIT_CAPACITY] = NLA_POLICY_FULL_RANGE(NLA_U32,
							     &fg_capacity_range),
};

/*
 * Commands without a policy take no attributes at all: with resv_start_op
 * covering every command, the core rejects any attribute sent to them.
 */
static const struct genl_ops fg_genl_ops[] = {
	{
		.cmd		= FLOODGATE_CMD_GET_STATS,
		.doit		= fg_get_stats_doit,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= FLOODGATE_CMD_GET_STATUS,
		.doit		= fg_get_status_doit,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= FLOODGATE_CMD_SET_CONFIG,
		.doit		= fg_set_config_doit,
		.policy		= fg_config_policy,
		.maxattr	= FLOODGATE_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= FLOODGATE_CMD_ENTRY_ADD,
		.doit		= fg_entry_add_doit,
		.policy		= fg_entries_policy,
		.maxattr	= FLOODGATE_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= FLOODGATE_CMD_ENTRY_DEL,
		.doit		= fg_entry_del_doit,
		.policy		= fg_entries_policy,
		.maxattr	= FLOODGATE_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= FLOODGATE_CMD_ENTRY_GET,
		.doit		= fg_entry_get_doit,
		.start		= fg_entry_dump_start,
		.dumpit		= fg_entry_dumpit,
		.done		= fg_entry_dump_done,
		.policy		= fg_entries_policy,
		.maxattr	= FLOODGATE_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= FLOODGATE_CMD_TABLE_FLUSH,
		.doit		= fg_table_flush_doit,
		.policy		= fg_table_policy,
		.maxattr	= FLOODGATE_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= FLOODGATE_CMD_LIMIT_SET,
		.doit		= fg_limit_set_doit,
		.policy		= fg_limit_req_policy,
		.maxattr	= FLOODGATE_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= FLOODGATE_CMD_LIMIT_DEL,
		.doit		= fg_limit_del_doit,
		.policy		= fg_limit_req_policy,
		.maxattr	= FLOODGATE_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= FLOODGATE_CMD_LIMIT_GET,
		.doit		= fg_limit_get_doit,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= FLOODGATE_CMD_LIMIT_TOP,
		.doit		= fg_limit_top_doit,
		.policy		= fg_top_policy,
		.maxattr	= FLOODGATE_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},	{
		.cmd		= FLOODGATE_CMD_SYNPROXY_ADD,
		.doit		= fg_sp_add_doit,
		.policy		= fg_sp_req_policy,
		.maxattr	= FLOODGATE_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= FLOODGATE_CMD_SYNPROXY_DEL,
		.doit		= fg_sp_del_doit,
		.policy		= fg_sp_req_policy,
		.maxattr	= FLOODGATE_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= FLOODGATE_CMD_SYNPROXY_GET,
		.dumpit		= fg_sp_dumpit,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
};

/* Events name attacking addresses: for the namespace's admins only. */
static const struct genl_multicast_group fg_mcgrps[] = {
	{ .name = FLOODGATE_MCGRP_EVENTS, .flags = GENL_MCAST_CAP_NET_ADMIN, },
};

static struct genl_family fg_genl_family __ro_after_init = {
	.name		= FLOODGATE_GENL_NAME,
	.version	= FLOODGATE_GENL_VERSION,
	.netnsok	= true,
	/* Handlers take their own per-netns locks where they need them. */
	.parallel_ops	= true,
	.module		= THIS_MODULE,
	.ops		= fg_genl_ops,
	.n_ops		= ARRAY_SIZE(fg_genl_ops),
	.mcgrps		= fg_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(fg_mcgrps),
	/* Strict validation and reserved-field checks for every command. */
	.resv_start_op	= FLOODGATE_CMD_GET_STATS,
};

int __init fg_genl_init(void)
{
	return genl_register_family(&fg_genl_family);
}

void fg_genl_exit(void)
{
	genl_unregister_family(&fg_genl_family);
}
