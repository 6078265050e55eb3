// SPDX-License-Identifier: GPL-2.0
/* The generic netlink socket to the floodgate family; see nl.h. */

#include "nl.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/floodgate.h>
#include <linux/genetlink.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* What netlink_sendmsg() keeps of the send buffer for itself. */
#define SNDBUF_SLACK 32
/*
 * The largest request when a refusal echoes it whole (no NETLINK_CAP_ACK):
 * the echo, the headers around it and any extack TLVs must fit in nl->rx.
 */
#define UNCAPPED_MAX_REQUEST (FG_NL_BUFSIZE - 1024)

/* The extended ACK TLVs we use: attributes of the reply, or NULL. */
struct extack {
	const struct nlattr *msg;	/* NLMSGERR_ATTR_MSG */
	const struct nlattr *offs;	/* NLMSGERR_ATTR_OFFS */
	const struct nlattr *miss_type;	/* NLMSGERR_ATTR_MISS_TYPE */
};

static int extack_attr_cb(const struct nlattr *attr, void *data)
{
	struct extack *ea = data;

	switch (mnl_attr_get_type(attr)) {
	case NLMSGERR_ATTR_MSG:
		if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0)
			ea->msg = attr;
		break;
	case NLMSGERR_ATTR_OFFS:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) == 0)
			ea->offs = attr;
		break;
	case NLMSGERR_ATTR_MISS_TYPE:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) == 0)
			ea->miss_type = attr;
		break;
	}
	return MNL_CB_OK;
}

static void save_extack(struct fg_nl_reply *rp, const struct nlmsghdr *nlh,
			size_t offset)
{
	struct extack ea = { NULL, NULL, NULL };

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS) ||
	    offset > mnl_nlmsg_get_payload_len(nlh))
		return;
	mnl_attr_parse(nlh, offset, extack_attr_cb, &ea);
	/*
	 * GENL_REQ_ATTR_CHECK() reports a missing attribute without a message;
	 * its type is still worth showing.
	 */
	if (ea.msg)
		snprintf(rp->extack, sizeof(rp->extack), "%s",
			 mnl_attr_get_str(ea.msg));
	else if (ea.miss_type)
		snprintf(rp->extack, sizeof(rp->extack),
			 "missing attribute of type %u",
			 mnl_attr_get_u32(ea.miss_type));
	if (ea.offs)
		rp->bad_attr = mnl_attr_get_u32(ea.offs);
}

/* Records a failure the kernel reported, for errno and for rp->error. */
static int kernel_error(struct fg_nl_reply *rp, int error)
{
	/* Subsystems disagree on the sign; past MAX_ERRNO is no errno at all. */
	if (error > 0)
		error = -error;
	if (error < -4095)
		error = -EBADMSG;
	rp->error = error;
	errno = -error;
	return MNL_CB_ERROR;
}

/* NLMSG_ERROR: the ACK (error 0) or the refusal of our request. */
static int error_cb(const struct nlmsghdr *nlh, void *data)
{
	struct fg_nl_reply *rp = data;
	const struct nlmsgerr *err = mnl_nlmsg_get_payload(nlh);
	size_t offset = sizeof(*err);

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*err)) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	/*
	 * The TLVs follow our request's header, or all of our request unless
	 * NETLINK_CAP_ACK took effect (the kernel says so with NLM_F_CAPPED).
	 */
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED) &&
	    err->msg.nlmsg_len > sizeof(err->msg))
		offset += err->msg.nlmsg_len - sizeof(err->msg);
	save_extack(rp, nlh, offset);
	if (err->error)
		return kernel_error(rp, err->error);
	return MNL_CB_STOP;
}

/* NLMSG_DONE ends a dump; it carries the dump's error as an int. */
static int done_cb(const struct nlmsghdr *nlh, void *data)
{
	struct fg_nl_reply *rp = data;
	int error = 0;

	if (mnl_nlmsg_get_payload_len(nlh) >= sizeof(error))
		memcpy(&error, mnl_nlmsg_get_payload(nlh), sizeof(error));
	save_extack(rp, nlh, sizeof(error));
	if (error)
		return kernel_error(rp, error);
	return MNL_CB_STOP;
}

/* Data messages: make sure they are what the request asked for. */
static int data_cb(const struct nlmsghdr *nlh, void *data)
{
	struct fg_nl_reply *rp = data;

	if (nlh->nlmsg_type != rp->family ||
	    mnl_nlmsg_get_payload_len(nlh) < GENL_HDRLEN) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	return rp->cb ? rp->cb(nlh, rp->data) : MNL_CB_OK;
}

/*
 * Control messages. NOOP and OVERRUN are ignored, as libmnl's defaults do.
 * Not const only because mnl_cb_run2() takes a non-const array.
 */
static mnl_cb_t ctl_cbs[NLMSG_MIN_TYPE] = {
	[NLMSG_ERROR] = error_cb,
	[NLMSG_DONE] = done_cb,
};

void fg_nl_reply_init(struct fg_nl_reply *rp, const struct nlmsghdr *req,
		      uint32_t portid, mnl_cb_t cb, void *data)
{
	memset(rp, 0, sizeof(*rp));
	rp->seq = req->nlmsg_seq;
	rp->portid = portid;
	rp->family = req->nlmsg_type;
	rp->cb = cb;
	rp->data = data;
}

/*
 * libmnl fails with EINTR at a message that has NLM_F_DUMP_INTR, leaving
 * the rest of the dump unread on the socket. Note the flag and clear it
 * instead: the dump is read to its end (NLMSG_DONE carries the flag too),
 * and the caller decides what to do with it.
 */
static void take_dump_intr(struct fg_nl_reply *rp, void *buf, size_t len)
{
	struct nlmsghdr *nlh = buf;
	int rem = len;

	for (; mnl_nlmsg_ok(nlh, rem); nlh = mnl_nlmsg_next(nlh, &rem)) {
		if (nlh->nlmsg_flags & NLM_F_DUMP_INTR) {
			rp->dump_intr = true;
			nlh->nlmsg_flags &= ~NLM_F_DUMP_INTR;
		}
	}
}

int fg_nl_reply_run(struct fg_nl_reply *rp, void *buf, size_t len)
{
	int ret;

	take_dump_intr(rp, buf, len);
	errno = 0;
	ret = mnl_cb_run2(buf, len, rp->seq, rp->portid, data_cb, rp, ctl_cbs,
			  ARRAY_SIZE(ctl_cbs));
	if (ret < 0)
		return errno ? -errno : -EBADMSG;
	return ret;
}

static struct nlmsghdr *put_genl_header(void *buf, uint16_t type,
					uint8_t cmd, uint8_t version)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *genl;

	nlh->nlmsg_type = type;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = cmd;
	genl->version = version;
	return nlh;
}

struct nlmsghdr *fg_nl_put_header(void *buf, uint16_t family, uint8_t cmd)
{
	return put_genl_header(buf, family, cmd, FLOODGATE_GENL_VERSION);
}

struct nlmsghdr *fg_nl_msg(struct fg_nl *nl, uint8_t cmd)
{
	return fg_nl_put_header(nl->tx, nl->family, cmd);
}

/* netlink_sendmsg() refuses a message longer than this. */
static size_t sndbuf_room(int fd)
{
	int size = 0;
	socklen_t len = sizeof(size);

	if (getsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, &len) < 0 ||
	    size <= SNDBUF_SLACK)
		return 0;
	return size - SNDBUF_SLACK;
}

#ifdef FG_TESTING
/*
 * The CLI tests' build only: $FLOODGATE_TEST_WMEM_MAX plays a user without
 * CAP_NET_ADMIN in the initial user namespace on a host whose
 * net.core.wmem_max is its value: SO_SNDBUFFORCE is refused, and the
 * sysctl reads as that value.
 */
static const char *test_wmem_max(void)
{
	return getenv("FLOODGATE_TEST_WMEM_MAX");
}
#else
static const char *test_wmem_max(void)
{
	return NULL;
}
#endif

/* Sets the send buffer past net.core.wmem_max: CAP_NET_ADMIN only. */
static int sndbuf_force(int fd, int size)
{
	if (test_wmem_max()) {
		errno = EPERM;
		return -1;
	}
	return setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &size, sizeof(size));
}

/* net.core.wmem_max: the most that SO_SNDBUF takes; 0 if unknown. */
static long wmem_max(void)
{
	const char *test = test_wmem_max();
	long max = 0;
	FILE *f;

	if (test)
		return atol(test);
	f = fopen("/proc/sys/net/core/wmem_max", "re");
	if (!f)
		return 0;
	if (fscanf(f, "%ld", &max) != 1 || max < 0)
		max = 0;
	fclose(f);
	return max;
}

size_t fg_nl_max_request(struct fg_nl *nl, size_t want)
{
	int fd = mnl_socket_get_fd(nl->sock);
	size_t room, half;
	long max;
	int size;

	if (!nl->capped_acks && want > UNCAPPED_MAX_REQUEST)
		want = UNCAPPED_MAX_REQUEST;
	room = sndbuf_room(fd);
	if (room >= want)
		return want;
	/* The kernel doubles the value for its overhead: ask for half. */
	half = (want + SNDBUF_SLACK + 1) / 2;
	size = half > INT_MAX / 2 ? INT_MAX / 2 : (int)half;
	if (sndbuf_force(fd, size) < 0) {
		/* SO_SNDBUF takes at most wmem_max, silently; never lower it. */
		max = wmem_max();
		if (max > 0 && size > max)
			size = max;
		if ((size_t)size * 2 > room + SNDBUF_SLACK)
			setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size,
				   sizeof(size));
	}
	room = sndbuf_room(fd);
	return room < want ? room : want;
}

/*
 * Receives the next datagram into nl->rx, or into *@big (grown to fit)
 * when it is larger: a reply to a request (not a dump) is one message of
 * whatever size the kernel made it, and a LIMIT_TOP of 1000 keys takes
 * some 100 KiB. Returns its length and sets *@buf to it, or -errno.
 */
static ssize_t receive(struct fg_nl *nl, void **big, size_t *big_size,
		       void **buf)
{
	ssize_t len = recv(mnl_socket_get_fd(nl->sock), NULL, 0,
			   MSG_PEEK | MSG_TRUNC);
	size_t size = sizeof(nl->rx);
	ssize_t n;

	*buf = nl->rx;
	if (len < 0)
		return -errno;
	if ((size_t)len > size) {
		if ((size_t)len > *big_size) {
			void *p = realloc(*big, len);

			if (!p)
				return -ENOMEM;
			*big = p;
			*big_size = len;
		}
		*buf = *big;
		size = *big_size;
	}
	n = mnl_socket_recvfrom(nl->sock, *buf, size);
	return n < 0 ? -errno : n;
}

int fg_nl_transact(struct fg_nl *nl, struct nlmsghdr *nlh, mnl_cb_t cb,
		   void *data, struct fg_nl_reply *rp)
{
	size_t big_size = 0;
	void *big = NULL;
	int ret;

	/* A dump ends with NLMSG_DONE, never an ACK: do not ask for one. */
	nlh->nlmsg_flags |= NLM_F_REQUEST;
	if ((nlh->nlmsg_flags & NLM_F_DUMP) != NLM_F_DUMP)
		nlh->nlmsg_flags |= NLM_F_ACK;
	nlh->nlmsg_seq = ++nl->seq;
	fg_nl_reply_init(rp, nlh, nl->portid, cb, data);
	if (mnl_socket_sendto(nl->sock, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	do {
		void *buf;
		ssize_t n = receive(nl, &big, &big_size, &buf);

		if (n < 0) {
			ret = n;
			break;
		}
		ret = fg_nl_reply_run(rp, buf, n);
	} while (ret == MNL_CB_OK);
	free(big);
	return ret;
}

void fg_nl_report(const struct fg_nl_reply *rp, int err, const char *what)
{
	char kernel[sizeof(rp->extack) + 16] = "";

	if (!err) {
		if (rp->extack[0])
			fg_err("warning: %s", rp->extack);
		return;
	}
	if (rp->extack[0])
		snprintf(kernel, sizeof(kernel), " (kernel: %s)", rp->extack);
	if (!rp->error && err == -EBADMSG)
		fg_err("%s: malformed reply from the kernel", what);
	else if (!rp->error)
		fg_err("%s: netlink: %s", what, strerror(-err));
	else if (err == -EPERM)
		fg_err("permission denied: CAP_NET_ADMIN is required in the network namespace's user namespace%s",
		       kernel);
	else
		fg_err("%s: %s%s", what, strerror(-err), kernel);
}

int fg_nl_request(struct fg_nl *nl, struct nlmsghdr *nlh, mnl_cb_t cb,
		  void *data, const char *what)
{
	struct fg_nl_reply rp;
	int ret = fg_nl_transact(nl, nlh, cb, data, &rp);

	fg_nl_report(&rp, ret, what);
	return ret;
}

bool fg_nl_nest_ok(const struct nlattr *nest)
{
	const struct nlattr *attr;
	size_t used = 0;

	mnl_attr_for_each_nested(attr, nest)
		used += MNL_ALIGN(attr->nla_len);
	return used == mnl_attr_get_payload_len(nest);
}

bool fg_nl_attrs_ok(const struct nlmsghdr *nlh, size_t offset)
{
	const struct nlattr *attr;
	size_t used = 0;

	if (offset > mnl_nlmsg_get_payload_len(nlh))
		return false;
	mnl_attr_for_each(attr, nlh, offset)
		used += MNL_ALIGN(attr->nla_len);
	return used == mnl_nlmsg_get_payload_len(nlh) - offset;
}

/* One group of CTRL_ATTR_MCAST_GROUPS: its name and id. */
struct mcast_group {
	const char *name;
	uint32_t id;
};

static int mcast_group_cb(const struct nlattr *attr, void *data)
{
	struct mcast_group *g = data;

	switch (mnl_attr_get_type(attr)) {
	case CTRL_ATTR_MCAST_GRP_NAME:
		if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) < 0)
			return MNL_CB_ERROR;
		g->name = mnl_attr_get_str(attr);
		break;
	case CTRL_ATTR_MCAST_GRP_ID:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
			return MNL_CB_ERROR;
		g->id = mnl_attr_get_u32(attr);
		break;
	}
	return MNL_CB_OK;
}

/* The family's multicast groups: the id of FLOODGATE_MCGRP_EVENTS. */
static int mcast_groups(const struct nlattr *groups, struct fg_nl *nl)
{
	const struct nlattr *nest;

	if (mnl_attr_validate(groups, MNL_TYPE_NESTED) < 0 ||
	    !fg_nl_nest_ok(groups))
		return MNL_CB_ERROR;
	mnl_attr_for_each_nested(nest, groups) {
		struct mcast_group g = { NULL, 0 };

		if (mnl_attr_validate(nest, MNL_TYPE_NESTED) < 0 ||
		    mnl_attr_parse_nested(nest, mcast_group_cb, &g) !=
		    MNL_CB_OK)
			return MNL_CB_ERROR;
		if (g.name && !strcmp(g.name, FLOODGATE_MCGRP_EVENTS))
			nl->events_group = g.id;
	}
	return MNL_CB_OK;
}

static int family_attr_cb(const struct nlattr *attr, void *data)
{
	struct fg_nl *nl = data;

	switch (mnl_attr_get_type(attr)) {
	case CTRL_ATTR_FAMILY_ID:
		if (mnl_attr_validate(attr, MNL_TYPE_U16) < 0)
			break;
		nl->family = mnl_attr_get_u16(attr);
		return MNL_CB_OK;
	case CTRL_ATTR_MCAST_GROUPS:
		if (mcast_groups(attr, nl) != MNL_CB_OK)
			break;
		return MNL_CB_OK;
	default:
		return MNL_CB_OK;
	}
	errno = EBADMSG;
	return MNL_CB_ERROR;
}

static int family_cb(const struct nlmsghdr *nlh, void *data)
{
	return mnl_attr_parse(nlh, GENL_HDRLEN, family_attr_cb, data);
}

static int resolve_family(struct fg_nl *nl)
{
	/* The controller does not look at the version; 1 is customary. */
	struct nlmsghdr *nlh = put_genl_header(nl->tx, GENL_ID_CTRL,
					       CTRL_CMD_GETFAMILY, 1);
	struct fg_nl_reply rp;
	int ret;

	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, FLOODGATE_GENL_NAME);
	ret = fg_nl_transact(nl, nlh, family_cb, nl, &rp);
	if (ret == 0 && nl->family == 0)	/* 0 is never a family id */
		ret = -EBADMSG;
	if (ret == -ENOENT && rp.error)
		fg_err("module not loaded (genetlink family '%s' not found)",
		       FLOODGATE_GENL_NAME);
	else if (ret)
		fg_nl_report(&rp, ret, "resolve genetlink family");
	return ret;
}

/* Like 'ip -n NAME': the netns that 'ip netns add NAME' pinned. */
static int enter_netns(const char *name)
{
	char path[PATH_MAX];
	int fd, err = 0;

	snprintf(path, sizeof(path), "/run/netns/%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		err = -errno;
		fg_err("cannot open network namespace '%s': %s", name,
		       strerror(-err));
		return err;
	}
	if (setns(fd, CLONE_NEWNET) < 0) {
		err = -errno;
		fg_err("cannot enter network namespace '%s': %s", name,
		       strerror(-err));
	}
	close(fd);
	return err;
}

#ifdef FG_TESTING
/*
 * The CLI tests' build only: talk to the fake kernel of tests/test_cli.c,
 * the peer of the socket FLOODGATE_TEST_NL_FD names, instead of the kernel.
 */
static bool open_test_socket(struct fg_nl *nl)
{
	const char *fd = getenv("FLOODGATE_TEST_NL_FD");

	if (!fd)
		return false;
	nl->sock = mnl_socket_fdopen(atoi(fd));
	nl->portid = 0;
	nl->capped_acks = true;		/* the fake kernel caps its refusals */
	return nl->sock != NULL;
}
#else
static bool open_test_socket(struct fg_nl *nl)
{
	(void)nl;
	return false;
}
#endif

#ifdef FG_TESTING
/*
 * The fake kernel cannot see a setsockopt() on its socketpair: tell it
 * instead, with an NLMSG_NOOP whose payload is the group (see cli.c).
 */
static bool join_test_group(struct fg_nl *nl, uint32_t group, int *err)
{
	_Alignas(struct nlmsghdr) char buf[MNL_NLMSG_HDRLEN + sizeof(group)];
	struct nlmsghdr *nlh;

	if (!getenv("FLOODGATE_TEST_NL_FD"))
		return false;
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = NLMSG_NOOP;
	memcpy(mnl_nlmsg_put_extra_header(nlh, sizeof(group)), &group,
	       sizeof(group));
	*err = mnl_socket_sendto(nl->sock, nlh, nlh->nlmsg_len) < 0 ?
	       -errno : 0;
	return true;
}
#else
static bool join_test_group(struct fg_nl *nl, uint32_t group, int *err)
{
	(void)nl;
	(void)group;
	(void)err;
	return false;
}
#endif

int fg_nl_join(struct fg_nl *nl, uint32_t group)
{
	int err;

	if (join_test_group(nl, group, &err))
		return err;
	if (mnl_socket_setsockopt(nl->sock, NETLINK_ADD_MEMBERSHIP, &group,
				  sizeof(group)) < 0)
		return -errno;
	return 0;
}

static int open_socket(struct fg_nl *nl)
{
	int one = 1;

	if (open_test_socket(nl))
		return 0;
	nl->sock = mnl_socket_open(NETLINK_GENERIC);
	if (!nl->sock || mnl_socket_bind(nl->sock, 0, MNL_SOCKET_AUTOPID) < 0) {
		int err = -errno;

		fg_err("cannot open a generic netlink socket: %s",
		       strerror(-err));
		return err;
	}
	/*
	 * Best effort: without them (kernels before 4.12 and 4.3) requests
	 * still work, only the kernel's explanations are missing, and batches
	 * are kept small enough for a refusal that echoes them whole.
	 */
	mnl_socket_setsockopt(nl->sock, NETLINK_EXT_ACK, &one, sizeof(one));
	nl->capped_acks = mnl_socket_setsockopt(nl->sock, NETLINK_CAP_ACK,
						&one, sizeof(one)) == 0;
	nl->portid = mnl_socket_get_portid(nl->sock);
	return 0;
}

int fg_nl_open(struct fg_nl *nl, const char *netns)
{
	int ret;

	nl->sock = NULL;
	nl->seq = 0;
	nl->family = 0;
	nl->events_group = 0;
	nl->capped_acks = false;
	if (netns) {
		ret = enter_netns(netns);
		if (ret)
			return ret;
	}
	ret = open_socket(nl);
	if (!ret)
		ret = resolve_family(nl);
	if (ret)
		fg_nl_close(nl);
	return ret;
}

void fg_nl_close(struct fg_nl *nl)
{
	if (nl->sock)
		mnl_socket_close(nl->sock);
	nl->sock = NULL;
}

struct nests {
	uint16_t type;		/* the top-level attribute of each */
};

/* First pass: every top-level attribute whole, and each nest of ours. */
static int nest_check_cb(const struct nlattr *attr, void *data)
{
	const struct nests *ns = data;

	if (mnl_attr_get_type(attr) == ns->type &&
	    (mnl_attr_validate(attr, MNL_TYPE_NESTED) < 0 ||
	     !fg_nl_nest_ok(attr)))
		return MNL_CB_ERROR;
	return MNL_CB_OK;
}

int fg_nl_parse_nests(const struct nlmsghdr *nlh, uint8_t cmd, uint16_t type,
		      int (*each)(const struct nlattr *nest, void *data),
		      void *data)
{
	const struct genlmsghdr *genl = mnl_nlmsg_get_payload(nlh);
	struct nests ns = { type };
	const struct nlattr *attr;
	int ret;

	if (mnl_nlmsg_get_payload_len(nlh) < GENL_HDRLEN ||
	    genl->cmd != cmd || !fg_nl_attrs_ok(nlh, GENL_HDRLEN) ||
	    mnl_attr_parse(nlh, GENL_HDRLEN, nest_check_cb, &ns) != MNL_CB_OK)
		return -EBADMSG;
	mnl_attr_for_each(attr, nlh, GENL_HDRLEN) {
		if (mnl_attr_get_type(attr) != type)
			continue;
		ret = each(attr, data);
		if (ret)
			return ret;
	}
	return 0;
}

uint64_t fg_nl_get_uint(const struct nlattr *attr,
			enum mnl_attr_data_type type)
{
	switch (type) {
	case MNL_TYPE_U8:
		return mnl_attr_get_u8(attr);
	case MNL_TYPE_U16:
		return mnl_attr_get_u16(attr);
	case MNL_TYPE_U32:
		return mnl_attr_get_u32(attr);
	default:
		return mnl_attr_get_u64(attr);
	}
}

void fg_nl_put_uint(struct nlmsghdr *nlh, uint16_t attr,
		    enum mnl_attr_data_type type, uint64_t v)
{
	switch (type) {
	case MNL_TYPE_U8:
		mnl_attr_put_u8(nlh, attr, v);
		break;
	case MNL_TYPE_U16:
		mnl_attr_put_u16(nlh, attr, v);
		break;
	case MNL_TYPE_U32:
		mnl_attr_put_u32(nlh, attr, v);
		break;
	case MNL_TYPE_U64:
		mnl_attr_put_u64(nlh, attr, v);
		break;
	default:
		break;	/* not an integer: a caller's bug */
	}
}
