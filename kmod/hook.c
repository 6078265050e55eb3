// SPDX-License-Identifier: GPL-2.0
/*
 * The netfilter hooks: one for IPv4 and one for IPv6 at PRE_ROUTING, in
 * every network namespace. This is the packet path: it runs in softirq
 * context under rcu_read_lock(), must not sleep, and keeps its cost in
 * order of the stages' cost, cheapest first.
 */

#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <linux/netdevice.h>

#include "floodgate.h"
#include "hook.h"
#include "parse.h"

/*
 * The address tables, allowlist first: an allowlisted source skips every
 * later stage, so it wins over the blocklist.
 */
static enum fg_reason judge_source(struct fg_net *fgn,
				   const struct fg_flow *flow)
{
	struct fg_entry *e;

	e = fg_table_lookup(&fgn->tables[FLOODGATE_TABLE_ALLOW], flow->family,
			    &flow->saddr, 0);
	if (e) {
		fg_table_hit(e, 0);
		return FG_PASS_ALLOWLIST;
	}
	e = fg_table_lookup(&fgn->tables[FLOODGATE_TABLE_BLOCK], flow->family,
			    &flow->saddr, 0);
	if (e) {
		fg_table_hit(e, 0);
		return FG_DROP_BLOCKLIST;
	}
	return FG_PASS;
}

/* Inlined into each hook, so @ipv6 is a constant and the branch goes. */
static __always_inline unsigned int fg_judge(struct sk_buff *skb,
					     const struct nf_hook_state *state,
					     bool ipv6)
{
	struct fg_net *fgn;
	struct fg_flow flow;
	enum fg_reason reason;

	/*
	 * Loopback traffic was sent by this host to itself: it cannot be a
	 * flood from outside, and limiting it would only hurt local services.
	 */
	if (state->in && (state->in->flags & IFF_LOOPBACK))
		return NF_ACCEPT;

	fgn = fg_pernet(state->net);
	reason = ipv6 ? fg_parse_ipv6(skb, &flow) : fg_parse_ipv4(skb, &flow);
	if (reason == FG_PASS)
		reason = judge_source(fgn, &flow);
	if (reason == FG_PASS)
		reason = fg_rl_judge(&fgn->rl, &flow);
	if (reason == FG_PASS)
		reason = fg_sp_judge(&fgn->sp, skb, state, &flow);

	fg_stats_account(&fgn->stats, &flow, reason);
	return fg_reason_drops(reason) ? NF_DROP : NF_ACCEPT;
}

static unsigned int fg_hook_ipv4(void *priv, struct sk_buff *skb,
				 const struct nf_hook_state *state)
{
	return fg_judge(skb, state, false);
}

static unsigned int fg_hook_ipv6(void *priv, struct sk_buff *skb,
				 const struct nf_hook_state *state)
{
	return fg_judge(skb, state, true);
}

static const struct nf_hook_ops fg_hook_ops[] = {
	{
		.hook		= fg_hook_ipv4,
		.pf		= NFPROTO_IPV4,
		.hooknum	= NF_INET_PRE_ROUTING,
		.priority	= FG_HOOK_PRIORITY,
	},
	{
		.hook		= fg_hook_ipv6,
		.pf		= NFPROTO_IPV6,
		.hooknum	= NF_INET_PRE_ROUTING,
		.priority	= FG_HOOK_PRIORITY,
	},
};

int fg_hook_register(struct net *net)
{
	return nf_register_net_hooks(net, fg_hook_ops, ARRAY_SIZE(fg_hook_ops));
}

void fg_hook_unregister(struct net *net)
{
	nf_unregister_net_hooks(net, fg_hook_ops, ARRAY_SIZE(fg_hook_ops));
}
