/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one place for kernel-version differences. floodgate targets Linux 6.1
 * (Debian 12); code elsewhere calls the helpers below and never tests
 * LINUX_VERSION_CODE itself.
 */

#ifndef _FG_COMPAT_H
#define _FG_COMPAT_H

#include <linux/version.h>
#include <linux/ip.h>

/*
 * IPv4 BIG TCP (6.3) lets GRO build packets over 64 KiB whose tot_len is 0;
 * iph_totlen() knows how to read those. Before 6.3 tot_len is always valid.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
#define fg_iph_totlen(skb, iph) iph_totlen(skb, iph)
#else
#define fg_iph_totlen(skb, iph) ntohs((iph)->tot_len)
#endif

#endif /* _FG_COMPAT_H */
