/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-network-namespace state, shared by every stage.
 */

#ifndef _FG_FLOODGATE_H
#define _FG_FLOODGATE_H

#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include "stats.h"
#include "ratelimit.h"
#include "synproxy.h"
#include "table.h"

#define FG_VERSION "0.1.0"

/*
 * The PRE_ROUTING priority of both hooks: before the raw tables that may run
 * before defragmentation (NF_IP_PRI_RAW_BEFORE_DEFRAG, -450), before
 * defragmentation itself (-400) and before conntrack (-200), so that a
 * dropped packet costs no reassembly memory and no conntrack entry.
 * Documentation/design.md explains the choice.
 */
#define FG_HOOK_PRIORITY (-500)

struct fg_net {
	struct net *net;
	struct fg_stats stats;
	struct fg_table tables[__FLOODGATE_TABLE_MAX];
	struct fg_ratelimit rl;
	struct fg_synproxy sp;
};

extern unsigned int fg_net_id;

static inline struct fg_net *fg_pernet(const struct net *net)
{
	return net_generic(net, fg_net_id);
}

#endif /* _FG_FLOODGATE_H */
