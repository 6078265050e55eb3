// SPDX-License-Identifier: GPL-2.0
/* Running the program under test, and its fake kernel; see cli.h. */

#include "cli.h"
#include "canned.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/genetlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/sockios.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

static void slurp(FILE *f, char *buf, size_t size)
{
	size_t n;

	rewind(f);
	n = fread(buf, 1, size - 1, f);
	buf[n] = '\0';
	fclose(f);
}

void *fake_room(struct fake *k)
{
	return k->out + k->out_len;
}

void fake_put(struct fake *k, const struct nlmsghdr *req,
	      struct nlmsghdr *nlh, uint16_t flags)
{
	nlh->nlmsg_flags |= flags;
	nlh->nlmsg_seq = req->nlmsg_seq;
	nlh->nlmsg_pid = 0;
	k->out_len += MNL_ALIGN(nlh->nlmsg_len);
}

void fake_ack(struct fake *k, const struct nlmsghdr *req, int error,
	      const char *msg, uint32_t offs)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(fake_room(k));
	struct nlmsgerr *err;

	/* As with NETLINK_CAP_ACK: our request's header, not all of it. */
	nlh->nlmsg_type = NLMSG_ERROR;
	nlh->nlmsg_flags = NLM_F_CAPPED;
	err = mnl_nlmsg_put_extra_header(nlh, sizeof(*err));
	err->error = error;
	err->msg = *req;
	if (msg || offs)
		nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
	if (msg)
		mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, msg);
	if (offs)
		mnl_attr_put_u32(nlh, NLMSGERR_ATTR_OFFS, offs);
	fake_put(k, req, nlh, 0);
}

void fake_done(struct fake *k, const struct nlmsghdr *req, uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(fake_room(k));

	nlh->nlmsg_type = NLMSG_DONE;
	memset(mnl_nlmsg_put_extra_header(nlh, sizeof(int)), 0, sizeof(int));
	fake_put(k, req, nlh, NLM_F_MULTI | flags);
}

void fake_send(struct fake *k)
{
	if (k->out_len && send(k->fd, k->out, k->out_len, 0) < 0)
		perror("fake kernel: send");
	k->out_len = 0;
}

void fake_put_event(struct fake *k, struct nlmsghdr *nlh)
{
	/* From the kernel to a group: no sequence, no port. */
	nlh->nlmsg_seq = 0;
	nlh->nlmsg_pid = 0;
	k->out_len += MNL_ALIGN(nlh->nlmsg_len);
}

bool fake_wait_read(struct fake *k)
{
	int i, queued = -1;

	/* A datagram counts against our end until the peer has read it. */
	for (i = 0; i < 500; i++) {
		if (ioctl(k->fd, SIOCOUTQ, &queued) < 0)
			return false;
		if (!queued)
			return true;
		usleep(10000);
	}
	return false;
}

bool fake_wait_output(struct fake *k, size_t len)
{
	struct stat st;
	int i;

	for (i = 0; i < 500; i++) {
		if (fstat(k->out_fd, &st) < 0)
			return false;
		if ((size_t)st.st_size >= len)
			return true;
		usleep(10000);
	}
	return false;
}

uint8_t req_cmd(const struct nlmsghdr *req)
{
	const struct genlmsghdr *genl = mnl_nlmsg_get_payload(req);

	return genl->cmd;
}

uint32_t req_entry_offset(const struct nlmsghdr *req, unsigned int idx,
			  uint16_t type)
{
	const struct nlattr *entry, *a;

	mnl_attr_for_each(entry, req, GENL_HDRLEN) {
		if (mnl_attr_get_type(entry) != FLOODGATE_A_ENTRY || idx--)
			continue;
		if (!type)
			return (const char *)entry - (const char *)req;
		mnl_attr_for_each_nested(a, entry)
			if (mnl_attr_get_type(a) == type)
				return (const char *)a - (const char *)req;
		return 0;
	}
	return 0;
}

static const char *const cmd_names[] = {
	[FLOODGATE_CMD_GET_STATS] = "GET_STATS",
	[FLOODGATE_CMD_GET_STATUS] = "GET_STATUS",
	[FLOODGATE_CMD_SET_CONFIG] = "SET_CONFIG",
	[FLOODGATE_CMD_ENTRY_ADD] = "ENTRY_ADD",
	[FLOODGATE_CMD_ENTRY_DEL] = "ENTRY_DEL",
	[FLOODGATE_CMD_ENTRY_GET] = "ENTRY_GET",
	[FLOODGATE_CMD_TABLE_FLUSH] = "TABLE_FLUSH",
	[FLOODGATE_CMD_LIMIT_SET] = "LIMIT_SET",
	[FLOODGATE_CMD_LIMIT_DEL] = "LIMIT_DEL",
	[FLOODGATE_CMD_LIMIT_GET] = "LIMIT_GET",
	[FLOODGATE_CMD_LIMIT_TOP] = "LIMIT_TOP",
	[FLOODGATE_CMD_SYNPROXY_ADD] = "SYNPROXY_ADD",
	[FLOODGATE_CMD_SYNPROXY_DEL] = "SYNPROXY_DEL",
	[FLOODGATE_CMD_SYNPROXY_GET] = "SYNPROXY_GET",
};

/*
 * The attributes of a policy, by name and the size the module's policy
 * wants (kmod/netlink.c, fg_limit_policy), written out here rather than
 * taken from the program, so that the log checks it.
 */
static const struct {
	const char *name;
	unsigned int size;
} limit_attrs[] = {
	[FLOODGATE_LIMIT_A_PROTO] = { "proto", 1 },
	[FLOODGATE_LIMIT_A_PORT_MIN] = { "port-min", 2 },
	[FLOODGATE_LIMIT_A_PORT_MAX] = { "port-max", 2 },
	[FLOODGATE_LIMIT_A_PPS] = { "pps", 8 },
	[FLOODGATE_LIMIT_A_BURST] = { "burst", 8 },
	[FLOODGATE_LIMIT_A_SYN_PPS] = { "syn-pps", 8 },
	[FLOODGATE_LIMIT_A_SYN_BURST] = { "syn-burst", 8 },
	[FLOODGATE_LIMIT_A_BPS] = { "bps", 8 },
	[FLOODGATE_LIMIT_A_BYTES_BURST] = { "bytes-burst", 8 },
	[FLOODGATE_LIMIT_A_V4_PREFIX] = { "v4-prefix", 1 },
	[FLOODGATE_LIMIT_A_V6_PREFIX] = { "v6-prefix", 1 },
	[FLOODGATE_LIMIT_A_BLOCK_AFTER] = { "block-after", 4 },
	[FLOODGATE_LIMIT_A_BLOCK_WINDOW] = { "block-window", 4 },
	[FLOODGATE_LIMIT_A_BLOCK_TIME] = { "block-time", 4 },
};

/*
 * A policy of a request as "{proto 17 port-min 53 pps 50}", each
 * attribute in the order sent; one of another size than the module
 * wants as "pps(size 4)", an unknown one as "attrN".
 */
static void describe_limit(FILE *f, const struct nlattr *limit)
{
	const struct nlattr *a;
	const char *sep = "";

	fputs(" {", f);
	if (!(limit->nla_type & NLA_F_NESTED))
		fputs("(not nested) ", f);
	mnl_attr_for_each_nested(a, limit) {
		uint16_t type = mnl_attr_get_type(a);
		unsigned int len = mnl_attr_get_payload_len(a);
		uint64_t v;

		fputs(sep, f);
		sep = " ";
		if (type >= sizeof(limit_attrs) / sizeof(limit_attrs[0]) ||
		    !limit_attrs[type].name) {
			fprintf(f, "attr%u", type);
			continue;
		}
		if (len != limit_attrs[type].size) {
			fprintf(f, "%s(size %u)", limit_attrs[type].name, len);
			continue;
		}
		switch (len) {
		case 1:
			v = mnl_attr_get_u8(a);
			break;
		case 2:
			v = mnl_attr_get_u16(a);
			break;
		case 4:
			v = mnl_attr_get_u32(a);
			break;
		default:
			v = mnl_attr_get_u64(a);
		}
		fprintf(f, "%s %llu", limit_attrs[type].name,
			(unsigned long long)v);
	}
	fputc('}', f);
}

/*
 * The attributes a request may carry for a port, by name and the size the
 * module's policy wants (kmod/netlink.c); the address: 4 or 16 bytes.
 */
static const struct {
	const char *name;
	unsigned int size;
} synproxy_attrs[] = {
	[FLOODGATE_SYNPROXY_A_PORT_MIN] = { "port-min", 2 },
	[FLOODGATE_SYNPROXY_A_PORT_MAX] = { "port-max", 2 },
	[FLOODGATE_SYNPROXY_A_ADDR] = { "addr", 0 },
	[FLOODGATE_SYNPROXY_A_PREFIXLEN] = { "prefixlen", 1 },
	[FLOODGATE_SYNPROXY_A_MODE] = { "mode", 1 },
	[FLOODGATE_SYNPROXY_A_THRESHOLD] = { "threshold", 4 },
	[FLOODGATE_SYNPROXY_A_HOLD] = { "hold", 4 },
	[FLOODGATE_SYNPROXY_A_MSS] = { "mss", 2 },
	[FLOODGATE_SYNPROXY_A_WSCALE] = { "wscale", 1 },
	[FLOODGATE_SYNPROXY_A_FLAGS] = { "flags", 4 },
};

/*
 * A port of a request as "{port-min 80 port-max 80 addr 192.0.2.0
 * prefixlen 24 mode 1}", in the order sent; sizes and unknown attributes
 * as for a policy. Attributes of replies only are unknown here.
 */
static void describe_synproxy(FILE *f, const struct nlattr *nest)
{
	char addr[INET6_ADDRSTRLEN] = "?";
	const struct nlattr *a;
	const char *sep = "";

	fputs(" {", f);
	if (!(nest->nla_type & NLA_F_NESTED))
		fputs("(not nested) ", f);
	mnl_attr_for_each_nested(a, nest) {
		uint16_t type = mnl_attr_get_type(a);
		unsigned int len = mnl_attr_get_payload_len(a);
		unsigned int want;

		fputs(sep, f);
		sep = " ";
		if (type >= sizeof(synproxy_attrs) / sizeof(synproxy_attrs[0]) ||
		    !synproxy_attrs[type].name) {
			fprintf(f, "attr%u", type);
			continue;
		}
		want = synproxy_attrs[type].size;
		if (type == FLOODGATE_SYNPROXY_A_ADDR && (len == 4 || len == 16)) {
			inet_ntop(len == 4 ? AF_INET : AF_INET6,
				  mnl_attr_get_payload(a), addr, sizeof(addr));
			fprintf(f, "addr %s", addr);
			continue;
		}
		if (len != want) {
			fprintf(f, "%s(size %u)", synproxy_attrs[type].name, len);
			continue;
		}
		fprintf(f, "%s %u", synproxy_attrs[type].name,
			len == 1 ? mnl_attr_get_u8(a) :
			len == 2 ? mnl_attr_get_u16(a) : mnl_attr_get_u32(a));
	}
	fputc('}', f);
}

/* An entry of a request as "ADDR[/LEN][ timeout N]"; /LEN iff sent. */
static void describe_entry(FILE *f, const struct nlattr *entry)
{
	char addr[INET6_ADDRSTRLEN] = "?";
	const struct nlattr *a;

	mnl_attr_for_each_nested(a, entry) {
		switch (mnl_attr_get_type(a)) {
		case FLOODGATE_ENTRY_A_ADDR:
			inet_ntop(mnl_attr_get_payload_len(a) == 4 ? AF_INET :
				  AF_INET6, mnl_attr_get_payload(a), addr,
				  sizeof(addr));
			fputs(addr, f);
			break;
		case FLOODGATE_ENTRY_A_PREFIXLEN:
			fprintf(f, "/%u", mnl_attr_get_u8(a));
			break;
		case FLOODGATE_ENTRY_A_TIMEOUT:
			fprintf(f, " timeout %u", mnl_attr_get_u32(a));
			break;
		default:
			fprintf(f, " attr%u", mnl_attr_get_type(a));
		}
	}
}

/* Whether the attributes of @req fill it exactly, as the kernel checks. */
static bool whole(const struct nlmsghdr *req)
{
	const struct nlattr *attr;
	size_t used = 0;

	mnl_attr_for_each(attr, req, GENL_HDRLEN)
		used += MNL_ALIGN(attr->nla_len);
	return used == mnl_nlmsg_get_payload_len(req) - GENL_HDRLEN;
}

/*
 * One line per request: "ENTRY_ADD table 0: 198.51.100.0/24 timeout 600",
 * "ENTRY_GET dump table 1", "SET_CONFIG table 0 capacity 5000",
 * "LIMIT_SET {proto 17 port-min 53 port-max 53 pps 50}"; the
 * entries (top-level FLOODGATE_A_ENTRY attributes) after a colon, or as
 * "N entries" when there are more than four. A request of a kind that
 * needs an ACK but did not ask for one, or a dump that did, says so; so
 * does one that the kernel's strict parsing would refuse: "(malformed)"
 * for attributes that do not fill it, "(not nested)" for an entry without
 * NLA_F_NESTED.
 */
static void log_request(struct fake *k, const struct nlmsghdr *req)
{
	uint8_t cmd = req_cmd(req);
	bool dump = (req->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP;
	bool ack = req->nlmsg_flags & NLM_F_ACK;
	const struct nlattr *attr;
	unsigned int n = 0, i = 0;
	FILE *f = fmemopen(k->log + k->log_len,
			   sizeof(k->log) - k->log_len, "w");

	fputs(cmd < sizeof(cmd_names) / sizeof(cmd_names[0]) && cmd_names[cmd] ?
	      cmd_names[cmd] : "?", f);
	if (dump)
		fputs(" dump", f);
	if (dump == ack)
		fputs(ack ? " with an ACK" : " without an ACK", f);
	if (!whole(req))
		fputs(" (malformed)", f);
	mnl_attr_for_each(attr, req, GENL_HDRLEN)
		n += mnl_attr_get_type(attr) == FLOODGATE_A_ENTRY;
	mnl_attr_for_each(attr, req, GENL_HDRLEN) {
		switch (mnl_attr_get_type(attr)) {
		case FLOODGATE_A_TABLE:
			fprintf(f, " table %u", mnl_attr_get_u8(attr));
			break;
		case FLOODGATE_A_CAPACITY:
			fprintf(f, " capacity %u", mnl_attr_get_u32(attr));
			break;
		case FLOODGATE_A_LIMIT_CAPACITY:
			fprintf(f, " limit-capacity %u", mnl_attr_get_u32(attr));
			break;
		case FLOODGATE_A_COUNT:
			fprintf(f, " count %u", mnl_attr_get_u32(attr));
			break;
		case FLOODGATE_A_LIMIT:
			describe_limit(f, attr);
			break;
		case FLOODGATE_A_SYNPROXY:
			describe_synproxy(f, attr);
			break;
		case FLOODGATE_A_ENTRY:
			if (!i++) {
				fputc(':', f);
				if (n > 4)
					fprintf(f, " %u entries", n);
			}
			if (!(attr->nla_type & NLA_F_NESTED))
				fputs(" (not nested)", f);
			if (n > 4)
				break;
			fputs(i > 1 ? ", " : " ", f);
			describe_entry(f, attr);
			break;
		default:
			fprintf(f, " attr%u", mnl_attr_get_type(attr));
		}
	}
	fputc('\n', f);
	fclose(f);
	k->log_len += strlen(k->log + k->log_len);
}

/*
 * CTRL_CMD_GETFAMILY: the family's id, CANNED_FAMILY, and its multicast
 * groups: FLOODGATE_MCGRP_EVENTS is FAKE_EVENTS_GROUP.
 */
static void serve_family(struct fake *k, const struct nlmsghdr *req)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(fake_room(k));
	struct nlattr *groups, *group;
	struct genlmsghdr *genl;

	nlh->nlmsg_type = GENL_ID_CTRL;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = CTRL_CMD_NEWFAMILY;
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, FLOODGATE_GENL_NAME);
	mnl_attr_put_u16(nlh, CTRL_ATTR_FAMILY_ID, CANNED_FAMILY);
	/* Its groups, as the controller lists them: another one first. */
	groups = mnl_attr_nest_start(nlh, CTRL_ATTR_MCAST_GROUPS);
	group = mnl_attr_nest_start(nlh, 1);
	mnl_attr_put_u32(nlh, CTRL_ATTR_MCAST_GRP_ID, 41);
	mnl_attr_put_strz(nlh, CTRL_ATTR_MCAST_GRP_NAME, "other");
	mnl_attr_nest_end(nlh, group);
	if (!k->no_events_group) {
		group = mnl_attr_nest_start(nlh, 2);
		mnl_attr_put_u32(nlh, CTRL_ATTR_MCAST_GRP_ID,
				 FAKE_EVENTS_GROUP);
		mnl_attr_put_strz(nlh, CTRL_ATTR_MCAST_GRP_NAME,
				  FLOODGATE_MCGRP_EVENTS);
		mnl_attr_nest_end(nlh, group);
	}
	mnl_attr_nest_end(nlh, groups);
	fake_put(k, req, nlh, 0);
	fake_ack(k, req, 0, NULL, 0);
	fake_send(k);
}

/*
 * The test build's word that the program joined a group (fg_nl_join()):
 * logged as "ADD_MEMBERSHIP group N", then the test's to answer.
 */
static void serve_join(struct fake *k, const struct nlmsghdr *req)
{
	uint32_t group;
	size_t room = sizeof(k->log) - k->log_len;

	memcpy(&group, mnl_nlmsg_get_payload(req), sizeof(group));
	snprintf(k->log + k->log_len, room, "ADD_MEMBERSHIP group %u\n",
		 group);
	k->log_len += strlen(k->log + k->log_len);
	if (k->joined)
		k->joined(k, group);
	fake_send(k);
}

/*
 * Answers requests until the program closes its end. A request may be
 * megabytes long (a whole load file): each is read whole, into a buffer
 * grown to its size.
 */
static void serve(struct fake *k)
{
	char *buf = NULL;
	size_t size = 0;
	ssize_t n;

	while ((n = recv(k->fd, NULL, 0, MSG_PEEK | MSG_TRUNC)) > 0) {
		const struct nlmsghdr *req;

		if ((size_t)n > size) {
			free(buf);
			size = n;
			buf = malloc(size);
			if (!buf) {
				perror("fake kernel");
				exit(EXIT_FAILURE);
			}
		}
		n = recv(k->fd, buf, size, 0);
		req = (const struct nlmsghdr *)buf;
		if (n <= 0)
			break;
		if (mnl_nlmsg_ok(req, n) && req->nlmsg_type == NLMSG_NOOP &&
		    mnl_nlmsg_get_payload_len(req) == sizeof(uint32_t)) {
			serve_join(k, req);
			continue;
		}
		if (!mnl_nlmsg_ok(req, n) ||
		    mnl_nlmsg_get_payload_len(req) < GENL_HDRLEN) {
			fprintf(stderr, "fake kernel: a malformed request\n");
			continue;
		}
		if (req->nlmsg_type == GENL_ID_CTRL) {
			serve_family(k, req);
			continue;
		}
		k->requests++;
		log_request(k, req);
		k->serve(k, req);
		fake_send(k);
	}
	free(buf);
}

/*
 * libmnl takes only replies whose source address has the length of a
 * sockaddr_nl: bind our end to an abstract name of that length.
 */
static int bind_fake(int fd)
{
	static unsigned int count;
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	socklen_t len = sizeof(struct sockaddr_nl);
	char name[16];

	snprintf(name, sizeof(name), "f%05x%03x", getpid() & 0xfffff,
		 count++ & 0xfff);
	memcpy(sun.sun_path + 1, name, len - sizeof(sa_family_t) - 1);
	return bind(fd, (struct sockaddr *)&sun, len);
}

void run_cli(const char *prog, const char *const *args, const char *in,
	     struct fake *k, struct result *r)
{
	FILE *out = tmpfile(), *err = tmpfile(), *input = tmpfile();
	const char *argv[32] = { prog };
	struct timeval timeout = { .tv_sec = 10 };
	int status, sv[2] = { -1, -1 };
	char fd[16];
	size_t i;
	pid_t pid;

	for (i = 0; args[i] && i + 2 < sizeof(argv) / sizeof(argv[0]); i++)
		argv[i + 1] = args[i];
	if (in)
		fputs(in, input);
	rewind(input);
	if (k) {
		k->requests = 0;
		k->log_len = 0;
		k->log[0] = '\0';
		k->out_len = 0;
		if (socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv) < 0 ||
		    bind_fake(sv[0]) < 0) {
			perror("fake kernel");
			exit(EXIT_FAILURE);
		}
		/* A fake that fails to answer must not hang the tests. */
		setsockopt(sv[1], SOL_SOCKET, SO_RCVTIMEO, &timeout,
			   sizeof(timeout));
		if (k->sndbuf)
			setsockopt(sv[1], SOL_SOCKET, SO_SNDBUF, &k->sndbuf,
				   sizeof(k->sndbuf));
		k->fd = sv[0];
	}
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		if (k) {
			close(sv[0]);
			snprintf(fd, sizeof(fd), "%d", sv[1]);
			setenv("FLOODGATE_TEST_NL_FD", fd, 1);
			if (k->wmem_max)
				setenv("FLOODGATE_TEST_WMEM_MAX", k->wmem_max,
				       1);
			else
				unsetenv("FLOODGATE_TEST_WMEM_MAX");
		}
		dup2(fileno(input), STDIN_FILENO);
		dup2(fileno(out), STDOUT_FILENO);
		dup2(fileno(err), STDERR_FILENO);
		execv(prog, (char *const *)argv);
		_exit(127);
	}
	if (k) {
		close(sv[1]);
		k->pid = pid;
		k->out_fd = fileno(out);
		if (pid > 0)
			serve(k);
		close(sv[0]);
	}
	r->status = -1;
	if (pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status))
		r->status = WEXITSTATUS(status);
	fclose(input);
	slurp(out, r->out, sizeof(r->out));
	slurp(err, r->err, sizeof(r->err));
}
