/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Running the program under test, and a fake kernel for it to talk to.
 *
 * The sanitizer build of the program (FG_TESTING, see nl.c) takes its
 * netlink socket from $FLOODGATE_TEST_NL_FD when set: here, one end of a
 * SOCK_SEQPACKET socketpair, which keeps message boundaries as netlink
 * does. The fake kernel at the other end answers the family lookup itself
 * and hands every floodgate request to a test's serve function, which
 * answers with canned messages; it also logs each request, one line in
 * words, for the test to compare.
 */
#ifndef FG_TESTS_CLI_H
#define FG_TESTS_CLI_H

#include <libmnl/libmnl.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct result {
	int status;		/* exit code, or -1 if it did not exit */
	char out[65536];
	char err[16384];
};

struct fake;
typedef void (*serve_fn)(struct fake *k, const struct nlmsghdr *req);

struct fake {
	serve_fn serve;
	/*
	 * Called when the program joins a multicast group (the test build
	 * tells the fake kernel so; see fg_nl_join()), to send it events.
	 */
	void (*joined)(struct fake *k, uint32_t group);
	void *data;		/* the test's own */
	/* The family has no events group (a module before the limiter). */
	bool no_events_group;
	pid_t pid;		/* the program's */
	int out_fd;		/* the file of its standard output */
	/*
	 * The program's socket: its send buffer to start with (SO_SNDBUF;
	 * 0: the system's default), and $FLOODGATE_TEST_WMEM_MAX (NULL:
	 * unset), which makes it act as without CAP_NET_ADMIN on a host with
	 * that net.core.wmem_max (see nl.c). Left as they are by run_cli().
	 */
	int sndbuf;
	const char *wmem_max;
	unsigned int requests;	/* floodgate requests, lookup excluded */
	char log[8192];		/* a line per request; see cli.c */
	size_t log_len;
	/* The replies being built, sent as one datagram by fake_send(). */
	_Alignas(struct nlmsghdr) char out[1 << 16];
	size_t out_len;
	int fd;
};

/*
 * Runs @prog with the NULL-terminated @args, standard input from @in (or
 * empty), talking to fake kernel @k if not NULL; captures both outputs.
 */
void run_cli(const char *prog, const char *const *args, const char *in,
	     struct fake *k, struct result *r);

/* Room for the next reply message, in k->out. */
void *fake_room(struct fake *k);
/* Ends the message built at fake_room(): it answers @req, with @flags. */
void fake_put(struct fake *k, const struct nlmsghdr *req,
	      struct nlmsghdr *nlh, uint16_t flags);
/* NLMSG_ERROR for @req: @error (0: the ACK), message and offset if set. */
void fake_ack(struct fake *k, const struct nlmsghdr *req, int error,
	      const char *msg, uint32_t offs);
/* NLMSG_DONE, ending a dump. */
void fake_done(struct fake *k, const struct nlmsghdr *req, uint16_t flags);
/* Sends what was put since the last send, as one datagram. */
void fake_send(struct fake *k);
/* Ends a message of the events group built at fake_room(). */
void fake_put_event(struct fake *k, struct nlmsghdr *nlh);
/*
 * Waits, up to 5 s, until the program has read every datagram sent;
 * returns whether it has.
 */
bool fake_wait_read(struct fake *k);
/*
 * Waits, up to 5 s, until the program has written @len bytes to its
 * standard output (a file, so fully buffered unless it flushes); returns
 * whether it has.
 */
bool fake_wait_output(struct fake *k, size_t len);

/* The events group the fake family has. */
#define FAKE_EVENTS_GROUP 42

/* The genetlink command of a request. */
uint8_t req_cmd(const struct nlmsghdr *req);
/*
 * The offset in @req of its entry @idx (its @idx'th top-level
 * FLOODGATE_A_ENTRY), or of that entry's attribute of type @type if @type
 * is not 0; 0 if none.
 */
uint32_t req_entry_offset(const struct nlmsghdr *req, unsigned int idx,
			  uint16_t type);

#endif /* FG_TESTS_CLI_H */
