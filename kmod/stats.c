// SPDX-License-Identifier: GPL-2.0
/*
 * Per-CPU packet counters. The packet path only ever touches its own CPU's
 * copy, with no atomics; readers sum all CPUs. u64_stats_sync makes the
 * 64-bit reads consistent on 32-bit machines and costs nothing on 64-bit.
 */

#include <linux/percpu.h>
#include <kunit/visibility.h>

#include "parse.h"
#include "stats.h"

#define IDX(attr) ((attr) - FG_STATS_FIRST)

int fg_stats_init(struct fg_stats *stats)
{
	int cpu;

	stats->pcpu = alloc_percpu(struct fg_pcpu_stats);
	if (!stats->pcpu)
		return -ENOMEM;
	for_each_possible_cpu(cpu)
		u64_stats_init(&per_cpu_ptr(stats->pcpu, cpu)->syncp);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(fg_stats_init);

void fg_stats_free(struct fg_stats *stats)
{
	free_percpu(stats->pcpu);
	stats->pcpu = NULL;
}
EXPORT_SYMBOL_IF_KUNIT(fg_stats_free);

/*
 * Account one packet with its final verdict. Called once per packet, from
 * the hook, in softirq context with preemption disabled.
 */
void fg_stats_account(struct fg_stats *stats, const struct fg_flow *flow,
		      enum fg_reason reason)
{
	struct fg_pcpu_stats *s = this_cpu_ptr(stats->pcpu);
	u64_stats_t *c = s->cnt;

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&c[IDX(FLOODGATE_STATS_A_SEEN_PKTS)]);
	u64_stats_add(&c[IDX(FLOODGATE_STATS_A_SEEN_BYTES)], flow->len);
	u64_stats_inc(&c[IDX(flow->family == NFPROTO_IPV4 ?
			      FLOODGATE_STATS_A_IPV4_PKTS :
			      FLOODGATE_STATS_A_IPV6_PKTS)]);
	if (flow->frag != FG_FRAG_NONE)
		u64_stats_inc(&c[IDX(FLOODGATE_STATS_A_FRAGMENTS)]);
	if (fg_reason_drops(reason)) {
		u64_stats_inc(&c[IDX(FLOODGATE_STATS_A_DROPPED_PKTS)]);
		u64_stats_add(&c[IDX(FLOODGATE_STATS_A_DROPPED_BYTES)],
			      flow->len);
	} else {
		u64_stats_inc(&c[IDX(FLOODGATE_STATS_A_PASSED_PKTS)]);
		u64_stats_add(&c[IDX(FLOODGATE_STATS_A_PASSED_BYTES)],
			      flow->len);
	}
	if (reason != FG_PASS)
		u64_stats_inc(&c[IDX(reason & ~FG_DROP)]);
	u64_stats_update_end(&s->syncp);
}
EXPORT_SYMBOL_IF_KUNIT(fg_stats_account);

/* One event counter (not a packet's), from any context. */
void fg_stats_inc(struct fg_stats *stats, unsigned int attr)
{
	struct fg_pcpu_stats *s;

	local_bh_disable();
	s = this_cpu_ptr(stats->pcpu);
	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->cnt[IDX(attr)]);
	u64_stats_update_end(&s->syncp);
	local_bh_enable();
}
EXPORT_SYMBOL_IF_KUNIT(fg_stats_inc);

void fg_stats_read(const struct fg_stats *stats, u64 out[FG_STATS_NUM])
{
	int cpu, i;

	memset(out, 0, sizeof(u64) * FG_STATS_NUM);
	for_each_possible_cpu(cpu) {
		const struct fg_pcpu_stats *s = per_cpu_ptr(stats->pcpu, cpu);
		u64 snap[FG_STATS_NUM];
		unsigned int start;

		do {
			start = u64_stats_fetch_begin(&s->syncp);
			for (i = 0; i < FG_STATS_NUM; i++)
				snap[i] = u64_stats_read(&s->cnt[i]);
		} while (u64_stats_fetch_retry(&s->syncp, start));

		for (i = 0; i < FG_STATS_NUM; i++)
			out[i] += snap[i];
	}
}
EXPORT_SYMBOL_IF_KUNIT(fg_stats_read);
