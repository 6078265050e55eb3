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

static int __net_init fg_net_init(struct net *net)
{
	struct fg_net *fgn = fg_pernet(net);
	int err;

	fgn->net = net;
	err = fg_stats_init(&fgn->stats);
	if (err)
		return err;
	err = fg_hook_register(net);
	if (err)
		goto err_stats;
	return 0;

err_stats:
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
	fg_stats_free(&fg_pernet(net)->stats);
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
}

module_init(fg_init);
module_exit(fg_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("The floodgate developers");
MODULE_DESCRIPTION("In-kernel DDoS mitigation: blocklists, rate limits, SYN proxy");
MODULE_VERSION(FG_VERSION);
MODULE_ALIAS_GENL_FAMILY(FLOODGATE_GENL_NAME);
