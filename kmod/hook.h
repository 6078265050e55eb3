/* SPDX-License-Identifier: GPL-2.0 */

#ifndef _FG_HOOK_H
#define _FG_HOOK_H

struct net;

int fg_hook_register(struct net *net);
void fg_hook_unregister(struct net *net);

#endif /* _FG_HOOK_H */
