// SPDX-License-Identifier: GPL-2.0
/*
 * floodgate limit show|set|del|top: the rate limiter's policies, the keys
 * its budgets drop most, and the capacity of its key table.
 */

#include "limit.h"
#include "entry.h"
#include "floodgate.h"
#include "nl.h"
#include "util.h"

#include <errno.h>
#include <inttypes.h>
#include <linux/genetlink.h>
#include <stdlib.h>
#include <string.h>

/* The type of each attribute of a policy, in requests and replies. */
static const enum mnl_attr_data_type types[FLOODGATE_LIMIT_A_MAX + 1] = {
	[FLOODGATE_LIMIT_A_PROTO] = MNL_TYPE_U8,
	[FLOODGATE_LIMIT_A_PORT_MIN] = MNL_TYPE_U16,
	[FLOODGATE_LIMIT_A_PORT_MAX] = MNL_TYPE_U16,
	[FLOODGATE_LIMIT_A_PPS] = MNL_TYPE_U64,
	[FLOODGATE_LIMIT_A_BURST] = MNL_TYPE_U64,
	[FLOODGATE_LIMIT_A_SYN_PPS] = MNL_TYPE_U64,
	[FLOODGATE_LIMIT_A_SYN_BURST] = MNL_TYPE_U64,
	[FLOODGATE_LIMIT_A_BPS] = MNL_TYPE_U64,
	[FLOODGATE_LIMIT_A_BYTES_BURST] = MNL_TYPE_U64,
	[FLOODGATE_LIMIT_A_V4_PREFIX] = MNL_TYPE_U8,
	[FLOODGATE_LIMIT_A_V6_PREFIX] = MNL_TYPE_U8,
	[FLOODGATE_LIMIT_A_BLOCK_AFTER] = MNL_TYPE_U32,
	[FLOODGATE_LIMIT_A_BLOCK_WINDOW] = MNL_TYPE_U32,
	[FLOODGATE_LIMIT_A_BLOCK_TIME] = MNL_TYPE_U32,
};

enum key_kind {
	KEY_RATE,	/* 0: unlimited; "unlimited" in text, absent in JSON */
	KEY_BURST,	/* of the rate before it; 0 left out of both */
	KEY_NUMBER,
	KEY_SECONDS,	/* a duration: 90s, 10m, 12h, 1d */
};

/*
 * The settings of a policy after its selector: the one mapping from words
 * to attributes, in the order "limit show" prints them, for the grammar,
 * both outputs and the range in messages.
 */
static const struct key {
	const char *name;	/* the same in text and JSON */
	uint16_t attr;		/* FLOODGATE_LIMIT_A_* */
	enum key_kind kind;
	uint64_t min, max;
	const char *range;	/* for out of range: " (1 to 32)" */
} keys[] = {
	{ "pps", FLOODGATE_LIMIT_A_PPS, KEY_RATE, 0, FG_LIMIT_RATE_MAX,
	  " (0 to 1000000000000)" },
	{ "burst", FLOODGATE_LIMIT_A_BURST, KEY_BURST, 0, UINT64_MAX,
	  " (0 to 18446744073709551615)" },
	{ "syn-pps", FLOODGATE_LIMIT_A_SYN_PPS, KEY_RATE, 0, FG_LIMIT_RATE_MAX,
	  " (0 to 1000000000000)" },
	{ "syn-burst", FLOODGATE_LIMIT_A_SYN_BURST, KEY_BURST, 0, UINT64_MAX,
	  " (0 to 18446744073709551615)" },
	{ "bps", FLOODGATE_LIMIT_A_BPS, KEY_RATE, 0, FG_LIMIT_RATE_MAX,
	  " (0 to 1000000000000)" },
	{ "bytes-burst", FLOODGATE_LIMIT_A_BYTES_BURST, KEY_BURST, 0,
	  UINT64_MAX, " (0 to 18446744073709551615)" },
	{ "v4-prefix", FLOODGATE_LIMIT_A_V4_PREFIX, KEY_NUMBER, 1, 32,
	  " (1 to 32)" },
	{ "v6-prefix", FLOODGATE_LIMIT_A_V6_PREFIX, KEY_NUMBER, 1, 128,
	  " (1 to 128)" },
	{ "block-after", FLOODGATE_LIMIT_A_BLOCK_AFTER, KEY_NUMBER, 0,
	  UINT32_MAX, " (0 to 4294967295)" },
	{ "block-window", FLOODGATE_LIMIT_A_BLOCK_WINDOW, KEY_SECONDS, 1,
	  FG_LIMIT_WINDOW_MAX, " (1 to 86400 seconds)" },
	{ "block-time", FLOODGATE_LIMIT_A_BLOCK_TIME, KEY_SECONDS, 1,
	  FLOODGATE_TIMEOUT_MAX, " (1 to 2147483 seconds)" },
};

_Static_assert(FLOODGATE_TIMEOUT_MAX == 2147483 &&
	       FLOODGATE_CAPACITY_MAX == 16777216,
	       "the ranges in messages and help spell out these values");

/* "tcp port 65535-65535", "default", or a newer protocol's number. */
#define POLICY_NAME_SIZE 32

static const struct key *find_key(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(keys); i++)
		if (!strcmp(keys[i].name, name))
			return &keys[i];
	return NULL;
}

/*
 * A policy's selector as text: "default", "icmp", "tcp" (all ports), or
 * the protocol and ports joined by @sep: "udp port 53" for " port ",
 * "tcp/1000-2000" for "/".
 */
static const char *policy_name(bool has_proto, uint8_t proto,
			       uint16_t port_min, uint16_t port_max,
			       const char *sep, char buf[POLICY_NAME_SIZE])
{
	const char *name = proto_name(proto);
	char num[4];
	int n;

	if (!has_proto)
		return "default";
	if (!name) {
		snprintf(num, sizeof(num), "%u", proto);
		name = num;
	}
	n = snprintf(buf, POLICY_NAME_SIZE, "%s", name);
	if (!port_min || (port_min == 1 && port_max == UINT16_MAX))
		return buf;
	n += snprintf(buf + n, POLICY_NAME_SIZE - n, "%s%u", sep, port_min);
	if (port_max != port_min)
		snprintf(buf + n, POLICY_NAME_SIZE - n, "-%u", port_max);
	return buf;
}

static void set_attr(struct fg_limit *l, uint16_t attr, uint64_t v)
{
	l->present[attr] = true;
	l->value[attr] = v;
}

static int bad_value(char *why, size_t size, const char *input,
		     const char *key, enum parse_err err, const char *hint)
{
	fg_bad_arg_msg(why, size, "value", input, key, err, hint);
	return -1;
}

/*
 * The selector "[proto tcp|udp|icmp [port N[-M]]]" at argv[*i], which it
 * moves past. tcp and udp without a port: all ports, 1-65535.
 */
static int parse_selector(char *const argv[], int argc, int *i,
			  struct fg_limit *l, const char *cmd, char *why,
			  size_t size)
{
	struct fg_port_range ports = { 1, UINT16_MAX };
	enum parse_err err;
	uint8_t proto;

	if (*i >= argc || strcmp(argv[*i], "proto"))
		return 0;
	if (*i + 1 >= argc)
		return fg_refuse(why, size, "limit", cmd, "'proto' needs a value");
	err = parse_proto(argv[*i + 1], &proto);
	if (err)
		return bad_value(why, size, argv[*i + 1], "proto", err,
				 " (tcp, udp or icmp)");
	*i += 2;
	set_attr(l, FLOODGATE_LIMIT_A_PROTO, proto);
	if (*i < argc && !strcmp(argv[*i], "port")) {
		if (proto == IPPROTO_ICMP)
			return fg_refuse(why, size, "limit", cmd, "icmp has no ports");
		if (*i + 1 >= argc)
			return fg_refuse(why, size, "limit", cmd, "'port' needs a value");
		err = parse_port_range(argv[*i + 1], &ports);
		if (err)
			return bad_value(why, size, argv[*i + 1], "port", err,
					 " (1 to 65535)");
		*i += 2;
	}
	if (proto != IPPROTO_ICMP) {
		set_attr(l, FLOODGATE_LIMIT_A_PORT_MIN, ports.first);
		set_attr(l, FLOODGATE_LIMIT_A_PORT_MAX, ports.last);
	}
	return 0;
}

/*
 * A word after the selector that is no setting: "limit CMD" has no place
 * for it. "set" says where proto, port and max go.
 */
static int misplaced(const char *w, const struct fg_limit *l,
		     const char *cmd, char *why, size_t size)
{
	bool set = !strcmp(cmd, "set");

	if (!strcmp(w, "port") && !l->present[FLOODGATE_LIMIT_A_PROTO])
		return fg_refuse(why, size, "limit", cmd,
			      "'port' needs a protocol before it (proto tcp|udp port N[-M])");
	if (set && (!strcmp(w, "proto") || !strcmp(w, "port")))
		return fg_refuse(why, size, "limit", cmd,
			      "'%s' must come first (proto P [port N[-M]], then the settings)",
			      w);
	if (set && !strcmp(w, "max"))
		return fg_refuse(why, size, "limit", cmd,
			      "'max' stands alone (limit set max N)");
	fg_unexpected_arg_msg(why, size, "limit", cmd, w);
	return -1;
}

/* "limit set max N" */
static int parse_capacity(char *const argv[], int argc,
			  struct fg_limit_set *s, char *why, size_t size)
{
	enum parse_err err;
	uint64_t v;

	if (argc == 1)
		return fg_refuse(why, size, "limit", "set", "'max' needs a value");
	err = parse_uint(argv[1], 1, FLOODGATE_CAPACITY_MAX, &v);
	if (err)
		return bad_value(why, size, argv[1], "max", err,
				 " (1 to 16777216)");
	if (argc > 2) {
		fg_unexpected_arg_msg(why, size, "limit", "set max", argv[2]);
		return -1;
	}
	s->is_capacity = true;
	s->capacity = v;
	return 0;
}

int fg_limit_parse_set(char *const argv[], int argc, struct fg_limit_set *s,
		       char *why, size_t size)
{
	struct fg_limit *l = &s->policy;
	const struct key *k;
	enum parse_err err;
	size_t b;
	uint64_t v;
	int i = 0;

	memset(s, 0, sizeof(*s));
	if (argc && !strcmp(argv[0], "max"))
		return parse_capacity(argv, argc, s, why, size);
	if (parse_selector(argv, argc, &i, l, "set", why, size))
		return -1;
	for (; i < argc; i += 2) {
		k = find_key(argv[i]);
		if (!k)
			return misplaced(argv[i], l, "set", why, size);
		if (l->present[k->attr])
			return fg_refuse(why, size, "limit", "set", "'%s' given twice",
				      k->name);
		if (i + 1 >= argc)
			return fg_refuse(why, size, "limit", "set", "'%s' needs a value",
				      k->name);
		if (k->kind == KEY_SECONDS)
			err = parse_duration(argv[i + 1], k->min, k->max, &v);
		else
			err = parse_uint(argv[i + 1], k->min, k->max, &v);
		if (err)
			return bad_value(why, size, argv[i + 1], k->name, err,
					 k->range);
		set_attr(l, k->attr, v);
	}
	if (!i)
		return fg_refuse(why, size, "limit", "set",
			      "nothing to set (try 'floodgate help limit')");
	/* A burst of 0 next to a rate that is not: the kernel refuses it. */
	for (b = 1; b < ARRAY_SIZE(keys); b++) {
		const struct key *rate = &keys[b - 1];

		k = &keys[b];
		if (k->kind == KEY_BURST && l->present[k->attr] &&
		    !l->value[k->attr] && l->present[rate->attr] &&
		    l->value[rate->attr]) {
			snprintf(why, size,
				 "invalid value '0' for '%s': %s 0 with a non-zero %s",
				 k->name, k->name, rate->name);
			return -1;
		}
	}
	return 0;
}

int fg_limit_parse_del(char *const argv[], int argc, struct fg_limit *l,
		       char *why, size_t size)
{
	int i = 0;

	memset(l, 0, sizeof(*l));
	if (parse_selector(argv, argc, &i, l, "del", why, size))
		return -1;
	if (i < argc)
		return misplaced(argv[i], l, "del", why, size);
	if (!l->present[FLOODGATE_LIMIT_A_PROTO])
		return fg_refuse(why, size, "limit", "del",
			      "missing 'proto P' (the default policy cannot be deleted; set its rates to 0)");
	return 0;
}

int fg_limit_parse_top(char *const argv[], int argc, uint32_t *count,
		       char *why, size_t size)
{
	enum parse_err err;
	uint64_t v = FG_LIMIT_TOP_DEFAULT;

	if (argc > 1) {
		fg_unexpected_arg_msg(why, size, "limit", "top", argv[1]);
		return -1;
	}
	if (argc) {
		err = parse_uint(argv[0], 1, FG_LIMIT_TOP_MAX, &v);
		if (err) {
			fg_bad_arg_msg(why, size, "count", argv[0], "limit top",
				       err, " (1 to 1000)");
			return -1;
		}
	}
	*count = v;
	return 0;
}

void fg_limit_put(struct nlmsghdr *nlh, const struct fg_limit *l)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, FLOODGATE_A_LIMIT);
	uint16_t a;

	for (a = 0; a <= FLOODGATE_LIMIT_A_MAX; a++)
		if (l->present[a])
			fg_nl_put_uint(nlh, a, types[a], l->value[a]);
	mnl_attr_nest_end(nlh, nest);
}

static int policy_attr_cb(const struct nlattr *attr, void *data)
{
	struct fg_limit *l = data;
	uint16_t type = mnl_attr_get_type(attr);

	/* Padding, newer modules' attributes. */
	if (type > FLOODGATE_LIMIT_A_MAX || types[type] == MNL_TYPE_UNSPEC)
		return MNL_CB_OK;
	if (mnl_attr_validate(attr, types[type]) < 0)
		return MNL_CB_ERROR;
	set_attr(l, type, fg_nl_get_uint(attr, types[type]));
	return MNL_CB_OK;
}

struct policy_cb {
	int (*cb)(const struct fg_limit *l, void *data);
	void *data;
};

static int each_policy(const struct nlattr *nest, void *data)
{
	const struct policy_cb *pc = data;
	struct fg_limit l;

	memset(&l, 0, sizeof(l));
	if (mnl_attr_parse_nested(nest, policy_attr_cb, &l) != MNL_CB_OK)
		return -EBADMSG;
	return pc->cb(&l, pc->data);
}

int fg_limit_parse_msg(const struct nlmsghdr *nlh,
		       int (*cb)(const struct fg_limit *l, void *data),
		       void *data)
{
	struct policy_cb pc = { cb, data };

	return fg_nl_parse_nests(nlh, FLOODGATE_CMD_LIMIT_GET,
				 FLOODGATE_A_LIMIT, each_policy, &pc);
}

/* The selector of @l as text; see policy_name(). */
static const char *limit_name(const struct fg_limit *l, const char *sep,
			      char buf[POLICY_NAME_SIZE])
{
	const uint64_t *v = l->value;

	return policy_name(l->present[FLOODGATE_LIMIT_A_PROTO],
			   v[FLOODGATE_LIMIT_A_PROTO],
			   l->present[FLOODGATE_LIMIT_A_PORT_MIN] ?
			   v[FLOODGATE_LIMIT_A_PORT_MIN] : 0,
			   l->present[FLOODGATE_LIMIT_A_PORT_MAX] ?
			   v[FLOODGATE_LIMIT_A_PORT_MAX] : UINT16_MAX,
			   sep, buf);
}

void fg_limit_print_text(FILE *f, const struct fg_limit *l)
{
	char name[POLICY_NAME_SIZE];
	size_t i;

	fputs(limit_name(l, " port ", name), f);
	for (i = 0; i < ARRAY_SIZE(keys); i++) {
		const struct key *k = &keys[i];
		uint64_t v = l->value[k->attr];

		if (!l->present[k->attr] || (k->kind == KEY_BURST && !v))
			continue;
		if (k->kind == KEY_RATE && !v)
			fprintf(f, " %s unlimited", k->name);
		else
			fprintf(f, " %s %" PRIu64, k->name, v);
	}
}

void fg_limit_print_json(struct json *j, const struct fg_limit *l)
{
	const uint64_t *v = l->value;
	char name[4];
	size_t i;

	json_open_object(j, NULL);
	if (l->present[FLOODGATE_LIMIT_A_PROTO]) {
		const char *proto = proto_name(v[FLOODGATE_LIMIT_A_PROTO]);

		if (!proto) {
			snprintf(name, sizeof(name), "%u",
				 (unsigned int)v[FLOODGATE_LIMIT_A_PROTO]);
			proto = name;
		}
		json_string(j, "proto", proto);
	}
	if (l->present[FLOODGATE_LIMIT_A_PORT_MIN])
		json_u64(j, "port-min", v[FLOODGATE_LIMIT_A_PORT_MIN]);
	if (l->present[FLOODGATE_LIMIT_A_PORT_MAX])
		json_u64(j, "port-max", v[FLOODGATE_LIMIT_A_PORT_MAX]);
	for (i = 0; i < ARRAY_SIZE(keys); i++) {
		const struct key *k = &keys[i];

		if (l->present[k->attr] &&
		    (v[k->attr] || k->kind == KEY_NUMBER ||
		     k->kind == KEY_SECONDS))
			json_u64(j, k->name, v[k->attr]);
	}
	json_close(j);
}

static const enum mnl_attr_data_type
talker_types[FLOODGATE_TALKER_A_MAX + 1] = {
	[FLOODGATE_TALKER_A_ADDR] = MNL_TYPE_BINARY,
	[FLOODGATE_TALKER_A_PREFIXLEN] = MNL_TYPE_U8,
	[FLOODGATE_TALKER_A_PROTO] = MNL_TYPE_U8,
	[FLOODGATE_TALKER_A_PORT_MIN] = MNL_TYPE_U16,
	[FLOODGATE_TALKER_A_PORT_MAX] = MNL_TYPE_U16,
	[FLOODGATE_TALKER_A_PASSED] = MNL_TYPE_U64,
	[FLOODGATE_TALKER_A_DROPPED] = MNL_TYPE_U64,
	[FLOODGATE_TALKER_A_TOKENS] = MNL_TYPE_U64,
};

struct talker_attrs {
	const struct nlattr *tb[FLOODGATE_TALKER_A_MAX + 1];
};

static int talker_attr_cb(const struct nlattr *attr, void *data)
{
	struct talker_attrs *ta = data;
	uint16_t type = mnl_attr_get_type(attr);

	if (type > FLOODGATE_TALKER_A_MAX ||
	    talker_types[type] == MNL_TYPE_UNSPEC)
		return MNL_CB_OK;
	if (mnl_attr_validate(attr, talker_types[type]) < 0)
		return MNL_CB_ERROR;
	ta->tb[type] = attr;
	return MNL_CB_OK;
}

struct talker_cb {
	int (*cb)(const struct fg_talker *t, void *data);
	void *data;
};

static int each_talker(const struct nlattr *nest, void *data)
{
	const struct talker_cb *tc = data;
	struct talker_attrs ta = { { NULL } };
	const struct nlattr *const *tb = ta.tb;
	struct fg_talker t;

	memset(&t, 0, sizeof(t));
	if (mnl_attr_parse_nested(nest, talker_attr_cb, &ta) != MNL_CB_OK ||
	    fg_prefix_from_attrs(tb[FLOODGATE_TALKER_A_ADDR],
				 tb[FLOODGATE_TALKER_A_PREFIXLEN], &t.key) ||
	    !tb[FLOODGATE_TALKER_A_PASSED] || !tb[FLOODGATE_TALKER_A_DROPPED])
		return -EBADMSG;
	if (tb[FLOODGATE_TALKER_A_PROTO]) {
		t.has_proto = true;
		t.proto = mnl_attr_get_u8(tb[FLOODGATE_TALKER_A_PROTO]);
	}
	if (tb[FLOODGATE_TALKER_A_PORT_MIN] && tb[FLOODGATE_TALKER_A_PORT_MAX]) {
		t.has_ports = true;
		t.port_min = mnl_attr_get_u16(tb[FLOODGATE_TALKER_A_PORT_MIN]);
		t.port_max = mnl_attr_get_u16(tb[FLOODGATE_TALKER_A_PORT_MAX]);
	}
	t.passed = mnl_attr_get_u64(tb[FLOODGATE_TALKER_A_PASSED]);
	t.dropped = mnl_attr_get_u64(tb[FLOODGATE_TALKER_A_DROPPED]);
	if (tb[FLOODGATE_TALKER_A_TOKENS]) {
		t.has_tokens = true;
		t.tokens = mnl_attr_get_u64(tb[FLOODGATE_TALKER_A_TOKENS]);
	}
	return tc->cb(&t, tc->data);
}

int fg_talker_parse_msg(const struct nlmsghdr *nlh,
			int (*cb)(const struct fg_talker *t, void *data),
			void *data)
{
	struct talker_cb tc = { cb, data };

	return fg_nl_parse_nests(nlh, FLOODGATE_CMD_LIMIT_TOP,
				 FLOODGATE_A_TALKER, each_talker, &tc);
}

static const char *talker_policy(const struct fg_talker *t,
				 char buf[POLICY_NAME_SIZE])
{
	return policy_name(t->has_proto, t->proto,
			   t->has_ports ? t->port_min : 0,
			   t->has_ports ? t->port_max : UINT16_MAX, "/", buf);
}

enum { TOP_SOURCE, TOP_POLICY, TOP_PASSED, TOP_DROPPED, TOP_TOKENS, TOP_COLS };

/* Room for any cell of "limit top": a prefix is the longest. */
#define TOP_CELL_SIZE FG_PREFIX_STRLEN

int fg_talkers_print_text(FILE *f, const struct fg_talker *t, size_t n)
{
	static const char *const header[TOP_COLS] = {
		"source", "policy", "passed", "dropped", "tokens"
	};
	char (*buf)[TOP_COLS][TOP_CELL_SIZE];
	const char **cells;
	size_t i, c;

	if (!n)
		return 0;
	buf = calloc(n, sizeof(*buf));
	cells = calloc((n + 1) * TOP_COLS, sizeof(*cells));
	if (!buf || !cells) {
		free(buf);
		free(cells);
		return -ENOMEM;
	}
	for (c = 0; c < TOP_COLS; c++)
		cells[c] = header[c];
	for (i = 0; i < n; i++) {
		const char **row = &cells[(i + 1) * TOP_COLS];

		row[TOP_SOURCE] = format_prefix(&t[i].key, buf[i][TOP_SOURCE]);
		row[TOP_POLICY] = talker_policy(&t[i], buf[i][TOP_POLICY]);
		snprintf(buf[i][TOP_PASSED], TOP_CELL_SIZE, "%" PRIu64,
			 t[i].passed);
		snprintf(buf[i][TOP_DROPPED], TOP_CELL_SIZE, "%" PRIu64,
			 t[i].dropped);
		snprintf(buf[i][TOP_TOKENS], TOP_CELL_SIZE, "%" PRIu64,
			 t[i].tokens);
		row[TOP_PASSED] = buf[i][TOP_PASSED];
		row[TOP_DROPPED] = buf[i][TOP_DROPPED];
		row[TOP_TOKENS] = t[i].has_tokens ? buf[i][TOP_TOKENS] : "-";
	}
	fg_print_columns(f, cells, n + 1, TOP_COLS);
	free(buf);
	free(cells);
	return 0;
}

void fg_talkers_print_json(FILE *f, const struct fg_talker *t, size_t n,
			   bool pretty)
{
	char source[FG_PREFIX_STRLEN], policy[POLICY_NAME_SIZE];
	struct json j;
	size_t i;

	json_init(&j, f, pretty);
	json_open_array(&j, NULL);
	for (i = 0; i < n; i++) {
		json_open_object(&j, NULL);
		json_string(&j, "source", format_prefix(&t[i].key, source));
		json_string(&j, "policy", talker_policy(&t[i], policy));
		json_u64(&j, "passed", t[i].passed);
		json_u64(&j, "dropped", t[i].dropped);
		if (t[i].has_tokens)
			json_u64(&j, "tokens", t[i].tokens);
		json_close(&j);
	}
	json_close(&j);
	json_finish(&j);
}

/* The commands. */

/*
 * What the kernel said to a refused request, on one line; an unknown
 * command means a module from before the rate limiter.
 */
static void report(const struct fg_nl_reply *rp, int err, const char *what)
{
	if (err == -EOPNOTSUPP && rp->error)
		fg_err("%s: the running module has no rate limiter", what);
	else
		fg_nl_report(rp, err, what);
}

/* Sends @nlh and reads its reply into @cb; returns an exit code. */
static int request(struct fg_nl *nl, struct nlmsghdr *nlh, mnl_cb_t cb,
		   void *data, const char *what)
{
	struct fg_nl_reply rp;
	int ret = fg_nl_transact(nl, nlh, cb, data, &rp);

	report(&rp, ret, what);
	return ret ? FG_EXIT_FAIL : FG_EXIT_OK;
}

/* floodgate limit set ... */
static int limit_set(const struct fg_ctx *ctx, int argc, char *argv[])
{
	struct fg_limit_set s;
	struct nlmsghdr *nlh;
	struct fg_nl nl;
	char why[512];
	int ret;

	if (fg_limit_parse_set(argv, argc, &s, why, sizeof(why)))
		return fg_usage_err("%s", why);
	if (fg_nl_open(&nl, ctx->netns))
		return FG_EXIT_FAIL;
	if (s.is_capacity) {
		nlh = fg_nl_msg(&nl, FLOODGATE_CMD_SET_CONFIG);
		mnl_attr_put_u32(nlh, FLOODGATE_A_LIMIT_CAPACITY, s.capacity);
	} else {
		nlh = fg_nl_msg(&nl, FLOODGATE_CMD_LIMIT_SET);
		fg_limit_put(nlh, &s.policy);
	}
	ret = request(&nl, nlh, NULL, NULL, "limit set");
	fg_nl_close(&nl);
	return ret;
}

/* floodgate limit del proto P [port N[-M]] */
static int limit_del(const struct fg_ctx *ctx, int argc, char *argv[])
{
	char why[512], name[POLICY_NAME_SIZE];
	struct fg_nl_reply rp;
	struct nlmsghdr *nlh;
	struct fg_limit l;
	struct fg_nl nl;
	int ret;

	if (fg_limit_parse_del(argv, argc, &l, why, sizeof(why)))
		return fg_usage_err("%s", why);
	if (fg_nl_open(&nl, ctx->netns))
		return FG_EXIT_FAIL;
	nlh = fg_nl_msg(&nl, FLOODGATE_CMD_LIMIT_DEL);
	fg_limit_put(nlh, &l);
	ret = fg_nl_transact(&nl, nlh, NULL, NULL, &rp);
	fg_nl_close(&nl);
	if (ret == -ENOENT && rp.error)
		fg_err("limit del: %s: no such override",
		       limit_name(&l, " port ", name));
	else
		report(&rp, ret, "limit del");
	return ret ? FG_EXIT_FAIL : FG_EXIT_OK;
}

/* What a reply brought: its elements, and whether it came at all. */
struct collected {
	void *v;
	size_t n, cap;
	bool replied;
};

static int collect_policy(const struct fg_limit *l, void *data)
{
	struct collected *c = data;

	return fg_append(&c->v, &c->n, &c->cap, l, sizeof(*l));
}

static int policies_cb(const struct nlmsghdr *nlh, void *data)
{
	struct collected *c = data;
	int ret = fg_limit_parse_msg(nlh, collect_policy, c);

	c->replied = true;
	if (ret) {
		errno = -ret;
		return MNL_CB_ERROR;
	}
	return MNL_CB_OK;
}

/* floodgate limit [show] */
static int limit_show(const struct fg_ctx *ctx, int argc, char *argv[])
{
	struct collected c = { NULL, 0, 0, false };
	const struct fg_limit *l;
	struct fg_nl nl;
	struct json j;
	size_t i;
	int ret;

	if (argc)
		return fg_unexpected_arg("limit", "show", argv[0]);
	if (fg_nl_open(&nl, ctx->netns))
		return FG_EXIT_FAIL;
	ret = request(&nl, fg_nl_msg(&nl, FLOODGATE_CMD_LIMIT_GET),
		      policies_cb, &c, "limit show");
	fg_nl_close(&nl);
	if (!ret && !c.replied) {
		fg_err("limit show: the kernel acknowledged but sent no policies");
		ret = FG_EXIT_FAIL;
	}
	if (ret) {
		free(c.v);
		return ret;
	}
	l = c.v;
	if (ctx->json) {
		json_init(&j, stdout, ctx->pretty);
		json_open_array(&j, NULL);
		for (i = 0; i < c.n; i++)
			fg_limit_print_json(&j, &l[i]);
		json_close(&j);
		json_finish(&j);
	} else {
		for (i = 0; i < c.n; i++) {
			fg_limit_print_text(stdout, &l[i]);
			putchar('\n');
		}
	}
	free(c.v);
	return FG_EXIT_OK;
}

static int collect_talker(const struct fg_talker *t, void *data)
{
	struct collected *c = data;

	return fg_append(&c->v, &c->n, &c->cap, t, sizeof(*t));
}

static int talkers_cb(const struct nlmsghdr *nlh, void *data)
{
	struct collected *c = data;
	int ret = fg_talker_parse_msg(nlh, collect_talker, c);

	c->replied = true;
	if (ret) {
		errno = -ret;
		return MNL_CB_ERROR;
	}
	return MNL_CB_OK;
}

/* floodgate limit top [N] */
static int limit_top(const struct fg_ctx *ctx, int argc, char *argv[])
{
	struct collected c = { NULL, 0, 0, false };
	struct nlmsghdr *nlh;
	struct fg_nl nl;
	uint32_t count;
	char why[512];
	int ret;

	if (fg_limit_parse_top(argv, argc, &count, why, sizeof(why)))
		return fg_usage_err("%s", why);
	if (fg_nl_open(&nl, ctx->netns))
		return FG_EXIT_FAIL;
	nlh = fg_nl_msg(&nl, FLOODGATE_CMD_LIMIT_TOP);
	mnl_attr_put_u32(nlh, FLOODGATE_A_COUNT, count);
	ret = request(&nl, nlh, talkers_cb, &c, "limit top");
	fg_nl_close(&nl);
	if (!ret && !c.replied) {
		fg_err("limit top: the kernel acknowledged but sent no reply");
		ret = FG_EXIT_FAIL;
	}
	if (!ret && ctx->json) {
		fg_talkers_print_json(stdout, c.v, c.n, ctx->pretty);
	} else if (!ret && fg_talkers_print_text(stdout, c.v, c.n)) {
		fg_err("limit top: %s", strerror(ENOMEM));
		ret = FG_EXIT_FAIL;
	}
	free(c.v);
	return ret;
}

static const struct fg_command limit_commands[] = {
	{ "show", limit_show },
	{ "set", limit_set },
	{ "del", limit_del },
	{ "top", limit_top },
};

const struct fg_object fg_limit_object = {
	.name = "limit",
	.commands = limit_commands,
	.n_commands = ARRAY_SIZE(limit_commands),
	.usage =
	"floodgate limit [show]\n"
	"floodgate limit set [proto tcp|udp|icmp [port N[-M]]] [pps N] [burst N]\n"
	"                    [syn-pps N] [syn-burst N] [bps N] [bytes-burst N]\n"
	"                    [v4-prefix LEN] [v6-prefix LEN] [block-after N]\n"
	"                    [block-window S] [block-time S]\n"
	"floodgate limit set max N\n"
	"floodgate limit del proto tcp|udp [port N[-M]]\n"
	"floodgate limit del proto icmp\n"
	"floodgate limit top [N]\n"
	"    Per-source rate limits. A packet is held to the budgets of the policy\n"
	"    for its destination: the override for its protocol and destination\n"
	"    port with the narrowest port range, else the default policy. Each\n"
	"    source prefix (the source address cut to the policy's v4-prefix or\n"
	"    v6-prefix) has its own token buckets under each policy; a packet over\n"
	"    a budget is dropped ('floodgate help stats': ratelimit...).\n"
	"    show   every policy, the default first, one a line, with all its\n"
	"           settings in the words and order of 'set'; an unlimited rate\n"
	"           shows as 'unlimited', a burst of 0 not at all, and tcp or udp\n"
	"           for all ports without a port:\n"
	"               default pps 1000 burst 2000 syn-pps unlimited ...\n"
	"               udp port 53 pps 50 burst 100 ... block-time 300\n"
	"    set    changes the default policy, or with proto the override for\n"
	"           that protocol and port range (tcp or udp without port: all\n"
	"           ports, 1-65535; icmp, which takes ICMPv6 too, has no ports),\n"
	"           made if new, at most 64. Only the settings given change; a new\n"
	"           override starts unlimited with /32 and /64 keys, so that one\n"
	"           without settings exempts its traffic from the default's\n"
	"           budgets. Settings come in any order after proto and port:\n"
	"           pps N, syn-pps N: packets, TCP SYNs without ACK, per second;\n"
	"           bps N: bytes (not bits) per second, IP header included;\n"
	"               0 to 1000000000000, 0 being unlimited (the default).\n"
	"           burst N, syn-burst N, bytes-burst N: the bucket's depth, in\n"
	"               packets or bytes, at most an hour's worth of the rate. A\n"
	"               rate given without its burst keeps the policy's burst, or\n"
	"               gets one second's worth from the kernel if it has none. A\n"
	"               burst of 0 with a non-zero rate is refused.\n"
	"           v4-prefix LEN (1 to 32, default 32), v6-prefix LEN (1 to 128,\n"
	"               default 64): the source prefix each budget is kept for.\n"
	"           block-after N: a source prefix with more than N drops within\n"
	"               block-window S seconds (1 to 86400, default 10) is added\n"
	"               to the blocklist for block-time S seconds (1 to 2147483,\n"
	"               default 300), origin auto; 0 (the default): never. S may\n"
	"               take a unit: 90s, 10m, 12h, 1d.\n"
	"    set max N\n"
	"           the number of keys the rate limiter tracks, 1 to 16777216\n"
	"           (default: the module's limit_max). Changing it forgets every\n"
	"           key tracked: every source starts again with full buckets.\n"
	"    del    removes an override; the default policy stays (set its rates\n"
	"           to 0 to lift it).\n"
	"    top    the N keys (1 to 1000, default 10) with the most packets\n"
	"           dropped by their budgets, most first; nothing if none:\n"
	"               source         policy         passed  dropped  tokens\n"
	"               198.51.100.7   default        1234    56789    0\n"
	"               2001:db8::/64  tcp/1000-2000  12      3400     -\n"
	"           source: the key, a /32 or /128 without /LEN; policy: default,\n"
	"           icmp, tcp or udp (all ports), udp/53, tcp/1000-2000; passed,\n"
	"           dropped: packets since the key is tracked; tokens: packets\n"
	"           left in its pps bucket, '-' if pps is unlimited.\n"
	"    With -j, show prints an array of objects with the keys of the text,\n"
	"    numbers as numbers, an unlimited rate and a 0 burst left out; the\n"
	"    default policy has no \"proto\", tcp and udp have \"port-min\" and\n"
	"    \"port-max\":\n"
	"        [{\"pps\":1000,\"burst\":2000,\"v4-prefix\":32,...},\n"
	"         {\"proto\":\"udp\",\"port-min\":53,\"port-max\":53,\"pps\":50,...}]\n"
	"    and top an array of objects, tokens left out if pps is unlimited:\n"
	"        [{\"source\":\"198.51.100.7\",\"policy\":\"default\",\"passed\":1234,\n"
	"          \"dropped\":56789,\"tokens\":0}]\n",
};
