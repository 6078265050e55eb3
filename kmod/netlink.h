/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _FG_NETLINK_H
#define _FG_NETLINK_H

int fg_genl_init(void);
void fg_genl_exit(void);

struct fg_key;
struct net;
void fg_genl_event(struct net *net, u8 event, const struct fg_key *key,
		   u32 timeout, u32 reason, u32 count);

struct fg_sp_port;
void fg_genl_sp_event(struct net *net, u8 event,
		      const struct fg_sp_port *port);

#endif /* _FG_NETLINK_H */
