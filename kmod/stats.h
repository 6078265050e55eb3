/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _FG_STATS_H
#define _FG_STATS_H

#include <linux/u64_stats_sync.h>
#include <linux/floodgate.h>

struct fg_flow;

/*
 * Counter index i holds uapi attribute FG_STATS_FIRST + i, so that the
 * netlink code can emit them in a loop and a reason (which is an attribute
 * number) indexes its own counter.
 */
#define FG_STATS_FIRST FLOODGATE_STATS_A_SEEN_PKTS
#define FG_STATS_NUM (__FLOODGATE_STATS_A_MAX - FG_STATS_FIRST)

/*
 * Why a packet got its verdict. The low byte is the uapi attribute of the
 * reason's own counter (none for a plain FG_PASS); FG_DROP marks the
 * reasons that drop.
 */
#define FG_DROP 0x100

enum fg_reason {
	FG_PASS = 0,
	FG_PASS_ALLOWLIST = FLOODGATE_STATS_A_PASS_ALLOWLIST,
	FG_DROP_MALFORMED_IP = FG_DROP | FLOODGATE_STATS_A_DROP_MALFORMED_IP,
	FG_DROP_MALFORMED_L4 = FG_DROP | FLOODGATE_STATS_A_DROP_MALFORMED_L4,
	FG_DROP_MALFORMED_FRAG = FG_DROP | FLOODGATE_STATS_A_DROP_MALFORMED_FRAG,
	FG_DROP_BLOCKLIST = FG_DROP | FLOODGATE_STATS_A_DROP_BLOCKLIST,
	FG_DROP_RATELIMIT = FG_DROP | FLOODGATE_STATS_A_DROP_RATELIMIT,
	FG_DROP_RATELIMIT_SYN = FG_DROP | FLOODGATE_STATS_A_DROP_RATELIMIT_SYN,
	FG_DROP_RATELIMIT_BYTES = FG_DROP |
				  FLOODGATE_STATS_A_DROP_RATELIMIT_BYTES,
	FG_DROP_SYNPROXY_SYN = FG_DROP | FLOODGATE_STATS_A_DROP_SYNPROXY_SYN,
	FG_DROP_SYNPROXY_ACK = FG_DROP | FLOODGATE_STATS_A_DROP_SYNPROXY_ACK,
	FG_DROP_SYNPROXY_INVALID = FG_DROP |
				   FLOODGATE_STATS_A_DROP_SYNPROXY_INVALID,
	FG_DROP_SYNPROXY_NOCONN = FG_DROP |
				  FLOODGATE_STATS_A_DROP_SYNPROXY_NOCONN,
};

static inline bool fg_reason_drops(enum fg_reason reason)
{
	return reason & FG_DROP;
}

struct fg_pcpu_stats {
	u64_stats_t cnt[FG_STATS_NUM];
	struct u64_stats_sync syncp;
};

struct fg_stats {
	struct fg_pcpu_stats __percpu *pcpu;
};

int fg_stats_init(struct fg_stats *stats);
void fg_stats_free(struct fg_stats *stats);
void fg_stats_account(struct fg_stats *stats, const struct fg_flow *flow,
		      enum fg_reason reason);
void fg_stats_inc(struct fg_stats *stats, unsigned int attr);
void fg_stats_read(const struct fg_stats *stats, u64 out[FG_STATS_NUM]);

#endif /* _FG_STATS_H */
