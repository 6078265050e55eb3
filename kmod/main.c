// SPDX-License-Identifier: GPL-2.0
/*
 * floodgate: in-kernel DDoS mitigation for edge hosts.
 *
 * Module entry points and per-network-namespace lifetime. Each netns gets
 * its own state (struct fg_net) and its own pair of PRE_ROUTING hooks;
 * nothing mutable is shared between namespaces.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <net/genetlink.h>
#include <net/net_namespace.h>

#include "floodgate.h"
#include "hook.h"
#include "netlink.h"

unsigned int fg_net_id __read_mostly;

static unsigned int table_max = 1U << 20;
module_param(table_max, uint, 0444);
MODULE_PARM_DESC(table_max,
		 "Capacity of each blocklist and allowlist in a new network namespace (default 1048576)");

static unsigned int limit_max;
module_param(limit_max, uint, 0444);
MODULE_PARM_DESC(limit_max,
		 "Keys the rate limiter tracks per network namespace (default 0: 1/256 of RAM, 4096..1048576)");

/* The rate limiter's verdict on a source: block it, and tell listeners. */
static void fg_autoblock(struct fg_ratelimit *rl,
			 const struct fg_rl_block_req *req)
{
	struct fg_net *fgn = container_of(rl, struct fg_net, rl);
	struct fg_entry_spec spec = {
		.key = {
			.family = req->family,
			.plen = req->plen,
			.addr = req->addr,
		},
		.timeout = req->timeout,
		.origin = FLOODGATE_ORIGIN_AUTO,
	};
	unsigned int bad;

	fg_table_canon(&spec.key);
	if (fg_table_add(&fgn->tables[FLOODGATE_TABLE_BLOCK], &spec, 1,
			 fg_table_now(), &bad)) {
		fg_stats_inc(&fgn->stats, FLOODGATE_STATS_A_AUTOBLOCK_LOST);
		return;
	}
	fg_stats_inc(&fgn->stats, FLOODGATE_STATS_A_AUTOBLOCKS);
	fg_genl_event(fgn->net, FLOODGATE_EVENT_AUTOBLOCK, &spec.key,
		      req->timeout, req->reason, req->drops);
}

static void fg_autoblock_expired(struct fg_table *t, const struct fg_entry *e)
{
	struct fg_net *fgn = container_of(t, struct fg_net,
					  tables[FLOODGATE_TABLE_BLOCK]);

	fg_genl_event(fgn->net, FLOODGATE_EVENT_EXPIRED, &e->key, 0, 0, 0);
}

static void fg_synproxy_event(struct fg_synproxy *sp, u8 event,
			      const struct fg_sp_port *port)
{
	fg_genl_sp_event(sp->net, event, port);
}

static int __net_init fg_net_init(struct net *net)
{
	struct fg_net *fgn = fg_pernet(net);
	int err, i;

	fgn->net = net;
	err = fg_stats_init(&fgn->stats);
	if (err)
		return err;
	for (i = 0; i < __FLOODGATE_TABLE_MAX; i++) {
		err = fg_table_init(&fgn->tables[i], i, table_max);
		if (err)
			goto err_tables;
	}
	fgn->tables[FLOODGATE_TABLE_BLOCK].expired = fg_autoblock_expired;
	err = fg_rl_init(&fgn->rl, limit_max, &fgn->stats, fg_autoblock);
	if (err)
		goto err_tables;
	err = fg_sp_init(&fgn->sp, net, &fgn->stats, fg_synproxy_event);
	if (err)
		goto err_rl;
	err = fg_hook_register(net);
	if (err)
		goto err_sp;
	return 0;

err_sp:
	fg_sp_destroy(&fgn->sp);
err_rl:
	fg_rl_destroy(&fgn->rl);
err_tables:
	while (i--)
		fg_table_destroy(&fgn->tables[i]);
	fg_stats_free(&fgn->stats);
	return err;
}

/*
 * Hooks go first, in pre_exit: the netns core runs synchronize_rcu()
 * between pre_exit and exit, so no packet can still be inside a hook when
 * exit frees the state the hook uses.
 */
static void __net_exit fg_net_pre_exit(struct net *net)
{
	fg_hook_unregister(net);
}

static void __net_exit fg_net_exit(struct net *net)
{
	struct fg_net *fgn = fg_pernet(net);
	int i;

	/* The SYN proxy's own hooks and conntrack's go first. */
	fg_sp_destroy(&fgn->sp);
	/* The limiter's blocking work adds to the blocklist: it goes first. */
	fg_rl_destroy(&fgn->rl);
	for (i = 0; i < __FLOODGATE_TABLE_MAX; i++)
		fg_table_destroy(&fgn->tables[i]);
	fg_stats_free(&fgn->stats);
}

static struct pernet_operations fg_net_ops = {
	.init		= fg_net_init,
	.pre_exit	= fg_net_pre_exit,
	.exit		= fg_net_exit,
	.id		= &fg_net_id,
	.size		= sizeof(struct fg_net),
};

static int __init fg_init(void)
{
	int err;

	if (!table_max || table_max > FLOODGATE_CAPACITY_MAX) {
		pr_err("table_max must be 1..%u\n", FLOODGATE_CAPACITY_MAX);
		return -EINVAL;
	}
	if (limit_max > FLOODGATE_CAPACITY_MAX) {
		pr_err("limit_max must be at most %u\n", FLOODGATE_CAPACITY_MAX);
		return -EINVAL;
	}
	if (!limit_max)
		limit_max = fg_rl_default_capacity();

	err = register_pernet_subsys(&fg_net_ops);
	if (err)
		return err;
	err = fg_genl_init();
	if (err)
		goto err_pernet;
	pr_info("version " FG_VERSION " loaded\n");
	return 0;

err_pernet:
	unregister_pernet_subsys(&fg_net_ops);
	return err;
}

/*
 * Configuration goes first, so that nothing can change while namespaces
 * are torn down; then every netns's hooks and state.
 */
static void __exit fg_exit(void)
{
	fg_genl_exit();
	unregister_pernet_subsys(&fg_net_ops);
	/* Key tables replaced at run time are freed by our RCU callback. */
	rcu_barrier();
}

module_init(fg_init);
module_exit(fg_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("The floodgate developers");
MODULE_DESCRIPTION("In-kernel DDoS mitigation: blocklists, rate limits, SYN proxy");
MODULE_VERSION(FG_VERSION);
MODULE_ALIAS_GENL_FAMILY(FLOODGATE_GENL_NAME);
