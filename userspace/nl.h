/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The generic netlink socket to the "floodgate" family: open (in another
 * network namespace if asked), resolve the family, and run requests that
 * the kernel acknowledges, reporting its extended ACK messages.
 */
#ifndef FG_NL_H
#define FG_NL_H

#include <libmnl/libmnl.h>
#include <stdbool.h>
#include <stdint.h>

/*
 * Room for any request but a batch, and for the replies the kernel sends
 * us but the largest: dumps fill at most 32 KiB (the size iproute2 reads
 * with), most replies fit in a page, and refusals fit too, however large
 * the request, as long as the kernel caps them (NETLINK_CAP_ACK). A
 * larger reply (LIMIT_TOP of many keys) is received into a buffer of its
 * size, allocated for it.
 */
#define FG_NL_BUFSIZE 32768

struct fg_nl {
	struct mnl_socket *sock;
	uint32_t portid;
	uint32_t seq;
	uint16_t family;	/* floodgate's genetlink id */
	/* Its multicast group FLOODGATE_MCGRP_EVENTS; 0: it has none. */
	uint32_t events_group;
	/*
	 * NETLINK_CAP_ACK took: a refusal carries our request's header, not
	 * all of it, whatever the request's size.
	 */
	bool capped_acks;
	_Alignas(struct nlmsghdr) char tx[FG_NL_BUFSIZE];
	_Alignas(struct nlmsghdr) char rx[FG_NL_BUFSIZE];
};

/*
 * Switches to network namespace @netns (a name under /run/netns, or NULL for
 * the current one), opens the socket and resolves the family and its
 * events group. Returns 0, or -errno after printing the one-line error:
 * "module not loaded (genetlink family 'floodgate' not found)" when the
 * module is absent.
 */
int fg_nl_open(struct fg_nl *nl, const char *netns);
void fg_nl_close(struct fg_nl *nl);

/*
 * Subscribes the socket to multicast group @group (NETLINK_ADD_MEMBERSHIP)
 * of the network namespace it was opened in. Returns 0 or -errno; prints
 * nothing.
 */
int fg_nl_join(struct fg_nl *nl, uint32_t group);

/* A floodgate request for @cmd in nl->tx, ready for attributes. */
struct nlmsghdr *fg_nl_msg(struct fg_nl *nl, uint8_t cmd);
/* The same in @buf, for requests larger than nl->tx (batches). */
struct nlmsghdr *fg_nl_put_header(void *buf, uint16_t family, uint8_t cmd);

/*
 * The largest request, up to @want bytes, that the socket can send: the
 * kernel refuses one longer than the send buffer less 32 bytes. When the
 * buffer is too small, raises it to fit @want: with SO_SNDBUFFORCE, which
 * takes any size with CAP_NET_ADMIN in the initial user namespace, or else
 * with SO_SNDBUF, as far as net.core.wmem_max lets it (never lowering it).
 * Without capped ACKs (kernels before 4.3), at most what a refusal echoing
 * the request leaves room for in nl->rx.
 */
size_t fg_nl_max_request(struct fg_nl *nl, size_t want);

/*
 * Sends @nlh with NLM_F_REQUEST | NLM_F_ACK (plus the flags it already has)
 * and reads replies until the kernel's ACK, or for a dump (NLM_F_DUMP, sent
 * without NLM_F_ACK) until its NLMSG_DONE. Each data message is checked to
 * be a genetlink message of the right family and handed to @cb. Returns 0,
 * or -errno after printing one line that names @what ("get stats") and
 * appends the kernel's extack message if it sent one. EPERM is reported as
 * the missing CAP_NET_ADMIN it means.
 */
int fg_nl_request(struct fg_nl *nl, struct nlmsghdr *nlh, mnl_cb_t cb,
		  void *data, const char *what);

/*
 * The reply side of a request, apart from the socket so that the unit tests
 * can feed it canned kernel messages.
 */
struct fg_nl_reply {
	uint32_t seq;
	uint32_t portid;
	uint16_t family;	/* data messages must be of this type */
	mnl_cb_t cb;
	void *data;
	int error;		/* the kernel's -errno; 0 if none (yet) */
	/* The kernel's message, or the missing attribute it named; "" if none */
	char extack[256];
	/*
	 * Offset in our request of the attribute the kernel refused
	 * (NLMSGERR_ATTR_OFFS), so that a batch can name its bad entry; 0 if
	 * the kernel did not say (0 is the message header, never an attribute).
	 */
	uint32_t bad_attr;
	/*
	 * A message of the dump had NLM_F_DUMP_INTR: the kernel's data changed
	 * while it was dumped, and entries may be missing or repeated.
	 */
	bool dump_intr;
};

void fg_nl_reply_init(struct fg_nl_reply *rp, const struct nlmsghdr *req,
		      uint32_t portid, mnl_cb_t cb, void *data);
/*
 * Handles the messages in @buf. Returns MNL_CB_OK when more are to come,
 * MNL_CB_STOP after the ACK (or the end of a dump), or -errno; rp->error
 * tells whether that errno came from the kernel. NLM_F_DUMP_INTR flags are
 * cleared in @buf once noted in rp->dump_intr.
 */
int fg_nl_reply_run(struct fg_nl_reply *rp, void *buf, size_t len);

/*
 * Whether the nest's payload is exactly a sequence of whole attributes:
 * libmnl's walks stop quietly at a truncated one, which would lose, say,
 * the last entries of a dump message without a word.
 */
bool fg_nl_nest_ok(const struct nlattr *nest);
/* The same for the attributes of @nlh from @offset of its payload on. */
bool fg_nl_attrs_ok(const struct nlmsghdr *nlh, size_t offset);

/*
 * Each top-level @type nest of @nlh, a reply to @cmd, to @each, in order,
 * once the whole message is known to be well formed (every attribute
 * whole, each @type attribute a whole nest). Returns 0, -EBADMSG, or what
 * @each returned if not 0.
 */
int fg_nl_parse_nests(const struct nlmsghdr *nlh, uint8_t cmd, uint16_t type,
		      int (*each)(const struct nlattr *nest, void *data),
		      void *data);

/* The value of a validated integer attribute of libmnl type @type. */
uint64_t fg_nl_get_uint(const struct nlattr *attr,
			enum mnl_attr_data_type type);
/* Appends attribute @attr of integer type @type; others are not put. */
void fg_nl_put_uint(struct nlmsghdr *nlh, uint16_t attr,
		    enum mnl_attr_data_type type, uint64_t v);

/* A listing that raced changes is redone, up to this many times in all. */
#define FG_DUMP_ATTEMPTS 3

/*
 * fg_nl_request() in two halves, for callers that handle some refusals
 * themselves (no such entry, a batch's bad entry, a dump to redo):
 * fg_nl_transact() prints nothing and leaves in @rp what the kernel said;
 * fg_nl_report() prints the line fg_nl_request() would have printed for
 * its return value @err (for 0: the kernel's message, if any, as a warning).
 */
int fg_nl_transact(struct fg_nl *nl, struct nlmsghdr *nlh, mnl_cb_t cb,
		   void *data, struct fg_nl_reply *rp);
void fg_nl_report(const struct fg_nl_reply *rp, int err, const char *what);

#endif /* FG_NL_H */
