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
 * Room for any request we build and any message the kernel sends us:
 * genetlink replies fit in a page, dumps fill at most 32 KiB (the size
 * iproute2 reads with), and a message larger than the buffer would fail
 * with ENOSPC rather than be truncated.
 */
#define FG_NL_BUFSIZE 32768

struct fg_nl {
	struct mnl_socket *sock;
	uint32_t portid;
	uint32_t seq;
	uint16_t family;	/* floodgate's genetlink id */
	_Alignas(struct nlmsghdr) char tx[FG_NL_BUFSIZE];
	_Alignas(struct nlmsghdr) char rx[FG_NL_BUFSIZE];
};

/*
 * Switches to network namespace @netns (a name under /run/netns, or NULL for
 * the current one), opens the socket and resolves the family. Returns 0, or
 * -errno after printing the one-line error: "module not loaded (genetlink
 * family 'floodgate' not found)" when the module is absent.
 */
int fg_nl_open(struct fg_nl *nl, const char *netns);
void fg_nl_close(struct fg_nl *nl);

/* A floodgate request for @cmd in nl->tx, ready for attributes. */
struct nlmsghdr *fg_nl_msg(struct fg_nl *nl, uint8_t cmd);

/*
 * Sends @nlh with NLM_F_REQUEST | NLM_F_ACK (plus the flags it already has)
 * and reads replies until the kernel's ACK. Each data message is checked to
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
};

void fg_nl_reply_init(struct fg_nl_reply *rp, const struct nlmsghdr *req,
		      uint32_t portid, mnl_cb_t cb, void *data);
/*
 * Handles the messages in @buf. Returns MNL_CB_OK when more are to come,
 * MNL_CB_STOP after the ACK (or the end of a dump), or -errno; rp->error
 * tells whether that errno came from the kernel.
 */
int fg_nl_reply_run(struct fg_nl_reply *rp, const void *buf, size_t len);

#endif /* FG_NL_H */
