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

#include "floodgate.h"
#include "netlink.h"

static const struct nla_policy fg_policy[FLOODGATE_A_MAX + 1] = {
	[FLOODGATE_A_STATS] = { .type = NLA_REJECT,
				.reject_message = "statistics are read-only" },
};

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

static const struct genl_small_ops fg_genl_ops[] = {
	{
		.cmd	= FLOODGATE_CMD_GET_STATS,
		.doit	= fg_get_stats_doit,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
};

static struct genl_family fg_genl_family __ro_after_init = {
	.name		= FLOODGATE_GENL_NAME,
	.version	= FLOODGATE_GENL_VERSION,
	.maxattr	= FLOODGATE_A_MAX,
	.policy		= fg_policy,
	.netnsok	= true,
	/* Handlers take their own per-netns locks where they need them. */
	.parallel_ops	= true,
	.module		= THIS_MODULE,
	.small_ops	= fg_genl_ops,
	.n_small_ops	= ARRAY_SIZE(fg_genl_ops),
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
