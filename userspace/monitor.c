// SPDX-License-Identifier: GPL-2.0
/*
 * floodgate monitor: subscribes to the events group of the network
 * namespace and prints each event as it arrives, one line each, until
 * SIGINT or SIGTERM.
 */

#include "monitor.h"
#include "floodgate.h"
#include "json.h"
#include "nl.h"
#include "stats.h"
#include "synproxy.h"
#include "util.h"

#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <linux/floodgate.h>
#include <linux/genetlink.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>

struct event_attrs {
	const struct nlattr *tb[FLOODGATE_A_MAX + 1];
};

static int event_attr_cb(const struct nlattr *attr, void *data)
{
	static const enum mnl_attr_data_type types[FLOODGATE_A_MAX + 1] = {
		[FLOODGATE_A_EVENT] = MNL_TYPE_U8,
		[FLOODGATE_A_TABLE] = MNL_TYPE_U8,
		[FLOODGATE_A_ENTRY] = MNL_TYPE_NESTED,
		[FLOODGATE_A_REASON] = MNL_TYPE_U32,
		[FLOODGATE_A_COUNT] = MNL_TYPE_U32,
		[FLOODGATE_A_SYNPROXY] = MNL_TYPE_NESTED,
	};
	struct event_attrs *ea = data;
	uint16_t type = mnl_attr_get_type(attr);

	if (type > FLOODGATE_A_MAX || types[type] == MNL_TYPE_UNSPEC)
		return MNL_CB_OK;
	if (mnl_attr_validate(attr, types[type]) < 0)
		return MNL_CB_ERROR;
	ea->tb[type] = attr;
	return MNL_CB_OK;
}

int fg_event_parse(const struct nlmsghdr *nlh, struct fg_event *ev)
{
	const struct genlmsghdr *genl = mnl_nlmsg_get_payload(nlh);
	struct event_attrs ea = { { NULL } };
	const struct nlattr *const *tb = ea.tb;

	memset(ev, 0, sizeof(*ev));
	if (mnl_nlmsg_get_payload_len(nlh) < GENL_HDRLEN)
		return -EBADMSG;
	if (genl->cmd != FLOODGATE_CMD_EVENT)
		return 1;
	if (!fg_nl_attrs_ok(nlh, GENL_HDRLEN) ||
	    mnl_attr_parse(nlh, GENL_HDRLEN, event_attr_cb, &ea) !=
	    MNL_CB_OK || !tb[FLOODGATE_A_EVENT])
		return -EBADMSG;
	/* An event is about an entry, or about a port of the SYN proxy. */
	if (tb[FLOODGATE_A_ENTRY]) {
		if (fg_entry_parse(tb[FLOODGATE_A_ENTRY], &ev->entry))
			return -EBADMSG;
	} else if (tb[FLOODGATE_A_SYNPROXY]) {
		if (fg_synproxy_parse(tb[FLOODGATE_A_SYNPROXY], &ev->port))
			return -EBADMSG;
		ev->has_port = true;
	} else {
		return -EBADMSG;
	}
	ev->event = mnl_attr_get_u8(tb[FLOODGATE_A_EVENT]);
	ev->table = tb[FLOODGATE_A_TABLE] ?
		    mnl_attr_get_u8(tb[FLOODGATE_A_TABLE]) :
		    FLOODGATE_TABLE_BLOCK;
	if (tb[FLOODGATE_A_REASON]) {
		ev->has_reason = true;
		ev->reason = mnl_attr_get_u32(tb[FLOODGATE_A_REASON]);
	}
	if (tb[FLOODGATE_A_COUNT]) {
		ev->has_count = true;
		ev->count = mnl_attr_get_u32(tb[FLOODGATE_A_COUNT]);
	}
	return 0;
}

/* Room for a newer module's event or reason number. */
#define NUMBER_SIZE 12

static const char *event_name(uint8_t event, char buf[NUMBER_SIZE])
{
	switch (event) {
	case FLOODGATE_EVENT_AUTOBLOCK:
		return "autoblock";
	case FLOODGATE_EVENT_EXPIRED:
		return "expired";
	case FLOODGATE_EVENT_SYNPROXY_ENGAGED:
		return "synproxy-engaged";
	case FLOODGATE_EVENT_SYNPROXY_DISENGAGED:
		return "synproxy-disengaged";
	}
	snprintf(buf, NUMBER_SIZE, "%u", event);
	return buf;
}

/* The budget, by the name of its counter in 'stats': "ratelimit-syn". */
static const char *reason_name(uint32_t reason, char buf[NUMBER_SIZE])
{
	const char *name = reason <= UINT16_MAX ? fg_stats_name(reason) : NULL;

	if (name)
		return name;
	snprintf(buf, NUMBER_SIZE, "%" PRIu32, reason);
	return buf;
}

void fg_event_print_text(FILE *f, const struct fg_event *ev)
{
	char prefix[FG_PREFIX_STRLEN], event[NUMBER_SIZE], reason[NUMBER_SIZE];

	if (ev->has_port) {
		fprintf(f, "%s ", event_name(ev->event, event));
		fg_synproxy_print_text(f, &ev->port, false);
		fputc('\n', f);
		return;
	}
	fprintf(f, "%s %s", event_name(ev->event, event),
		format_prefix(&ev->entry.prefix, prefix));
	if (ev->entry.has & FG_ENTRY_TIMEOUT)
		fprintf(f, " timeout %" PRIu32, ev->entry.timeout);
	if (ev->has_reason)
		fprintf(f, " reason %s", reason_name(ev->reason, reason));
	if (ev->has_count)
		fprintf(f, " drops %" PRIu32, ev->count);
	fputc('\n', f);
}

void fg_event_print_json(FILE *f, const struct fg_event *ev)
{
	char addr[INET6_ADDRSTRLEN], event[NUMBER_SIZE], reason[NUMBER_SIZE];
	const struct fg_prefix *p = &ev->entry.prefix;
	struct json j;

	/* One object a line, whatever -p says: the output is JSON lines. */
	json_init(&j, f, false);
	json_open_object(&j, NULL);
	json_string(&j, "event", event_name(ev->event, event));
	if (ev->has_port) {
		fg_synproxy_print_json(&j, &ev->port, false);
		json_close(&j);
		json_finish(&j);
		return;
	}
	if (!inet_ntop(p->family, &p->addr, addr, sizeof(addr)))
		strcpy(addr, "?");	/* not AF_INET(6): fg_entry_parse()'s bug */
	json_string(&j, "address", addr);
	json_u64(&j, "prefix-length", p->len);
	if (ev->entry.has & FG_ENTRY_TIMEOUT)
		json_u64(&j, "timeout", ev->entry.timeout);
	if (ev->has_reason)
		json_string(&j, "reason", reason_name(ev->reason, reason));
	if (ev->has_count)
		json_u64(&j, "drops", ev->count);
	json_close(&j);
	json_finish(&j);
}

struct printer {
	bool json;
	bool malformed;		/* an event could not be parsed */
};

static int event_cb(const struct nlmsghdr *nlh, void *data)
{
	struct printer *pr = data;
	struct fg_event ev;
	int ret = fg_event_parse(nlh, &ev);

	if (ret < 0)
		pr->malformed = true;
	else if (ret == 0 && pr->json)
		fg_event_print_json(stdout, &ev);
	else if (ret == 0)
		fg_event_print_text(stdout, &ev);
	return MNL_CB_OK;
}

static volatile sig_atomic_t stopped;

static void stop(int sig)
{
	(void)sig;
	stopped = 1;
}

/*
 * SIGINT and SIGTERM end the monitor, with exit status 0. They are
 * blocked but while it waits in ppoll(), so that an event received is
 * always printed whole, and a signal never falls between the test of
 * @stopped and the wait. Sets @wait_mask to the mask to wait with.
 */
static void catch_signals(sigset_t *wait_mask)
{
	struct sigaction sa;
	sigset_t block;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = stop;	/* no SA_RESTART: ppoll() returns EINTR */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigprocmask(SIG_BLOCK, &block, wait_mask);
	sigdelset(wait_mask, SIGINT);
	sigdelset(wait_mask, SIGTERM);
}

/*
 * Reads and prints the events that have arrived. Returns 0, or -errno
 * after printing why the monitor cannot go on.
 */
static int read_events(struct fg_nl *nl, struct printer *pr)
{
	/* What the events are checked against: the family, any sequence. */
	struct nlmsghdr filter = { .nlmsg_type = nl->family, .nlmsg_seq = 0 };
	struct fg_nl_reply rp;
	ssize_t n;
	int ret;

	n = recv(mnl_socket_get_fd(nl->sock), nl->rx, sizeof(nl->rx), 0);
	if (n < 0 && errno == ENOBUFS) {
		/* The kernel dropped events: say so, and go on. */
		fg_err("warning: events were lost (the socket's receive buffer overran)");
		return 0;
	}
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return 0;
	if (n < 0) {
		ret = -errno;
		fg_err("monitor: netlink: %s", strerror(-ret));
		return ret;
	}
	if (n == 0) {
		fg_err("monitor: the netlink socket was closed");
		return -ECONNRESET;
	}
	fg_nl_reply_init(&rp, &filter, 0, event_cb, pr);
	pr->malformed = false;
	ret = fg_nl_reply_run(&rp, nl->rx, n);
	if (ret < 0 || pr->malformed)
		fg_err("warning: a malformed event from the kernel was skipped");
	if (fflush(stdout) == EOF || ferror(stdout)) {
		ret = -errno;
		fg_err("cannot write the output: %s", strerror(-ret));
		return ret;
	}
	return 0;
}

/* floodgate monitor [events] */
static int monitor_events(const struct fg_ctx *ctx, int argc, char *argv[])
{
	struct printer pr = { .json = ctx->json };
	sigset_t wait_mask;
	struct pollfd pfd;
	struct fg_nl nl;
	int ret;

	if (argc)
		return fg_unexpected_arg("monitor", "events", argv[0]);
	catch_signals(&wait_mask);
	if (fg_nl_open(&nl, ctx->netns))
		return FG_EXIT_FAIL;
	if (!nl.events_group) {
		fg_err("monitor: the module has no '%s' multicast group (it predates the rate limiter)",
		       FLOODGATE_MCGRP_EVENTS);
		fg_nl_close(&nl);
		return FG_EXIT_FAIL;
	}
	ret = fg_nl_join(&nl, nl.events_group);
	if (ret) {
		fg_err("monitor: cannot join the '%s' multicast group: %s",
		       FLOODGATE_MCGRP_EVENTS, strerror(-ret));
		fg_nl_close(&nl);
		return FG_EXIT_FAIL;
	}
	pfd.fd = mnl_socket_get_fd(nl.sock);
	pfd.events = POLLIN;
	while (!stopped && !ret) {
		if (ppoll(&pfd, 1, NULL, &wait_mask) < 0) {
			if (errno != EINTR) {
				ret = -errno;
				fg_err("monitor: %s", strerror(-ret));
			}
			continue;
		}
		ret = read_events(&nl, &pr);
	}
	fg_nl_close(&nl);
	return ret ? FG_EXIT_FAIL : FG_EXIT_OK;
}

static const struct fg_command monitor_commands[] = {
	{ "events", monitor_events },
};

const struct fg_object fg_monitor_object = {
	.name = "monitor",
	.commands = monitor_commands,
	.n_commands = ARRAY_SIZE(monitor_commands),
	.usage =
	"floodgate monitor [events]\n"
	"    Prints the events of the rate limiter and the SYN proxy in the\n"
	"    network namespace as they happen, one a line, each written out at\n"
	"    once (stdout may be a pipe), until SIGINT or SIGTERM (exit status 0):\n"
	"        autoblock PREFIX timeout SECONDS reason REASON drops N\n"
	"        expired PREFIX\n"
	"        synproxy-engaged tcp/PORTS dst PREFIX|any mode auto threshold N\n"
	"            hold S rate R\n"
	"        synproxy-disengaged tcp/PORTS dst PREFIX|any mode auto ...\n"
	"    autoblock: the source prefix had more than block-after drops within\n"
	"    block-window ('floodgate help limit') and was added to the blocklist\n"
	"    for SECONDS; REASON is the budget that dropped most of them, by its\n"
	"    counter in 'floodgate stats': ratelimit, ratelimit-syn or\n"
	"    ratelimit-bytes; N is the drops that counted. expired: such an entry\n"
	"    ran out. PREFIX as in 'block list': a /32 or /128 without /LEN.\n"
	"    synproxy-engaged, -disengaged: a port in mode auto switched the SYN\n"
	"    proxy on or off; R is its SYNs over the last full second; the port\n"
	"    and settings as in 'synproxy list' ('floodgate help synproxy').\n"
	"    Events from before the start are not shown. If the kernel drops\n"
	"    events (the reader too slow), a warning says so on stderr.\n"
	"    With -j, one JSON object a line (JSON lines; -p does not apply):\n"
	"        {\"event\":\"autoblock\",\"address\":\"198.51.100.7\",\"prefix-length\":32,\n"
	"         \"timeout\":300,\"reason\":\"ratelimit\",\"drops\":1234}\n"
	"        {\"event\":\"expired\",\"address\":\"198.51.100.7\",\"prefix-length\":32}\n"
	"        {\"event\":\"synproxy-engaged\",\"port-min\":80,\"port-max\":80,\n"
	"         \"dst\":null,\"mode\":\"auto\",\"threshold\":1000,\"hold\":30,\n"
	"         \"rate\":1500}\n",
};
