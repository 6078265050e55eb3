/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _FG_NETLINK_H
#define _FG_NETLINK_H

int fg_genl_init(void);
void fg_genl_exit(void);

#endif /* _FG_NETLINK_H */
