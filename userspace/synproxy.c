// SPDX-License-Identifier: GPL-2.0
/*
 * floodgate synproxy list|add|del: the ports the SYN proxy protects, with
 * their settings, state and counters.
 */

#include "synproxy.h"
#include "entry.h"
#include "floodgate.h"
#include "nl.h"
#include "util.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

/* The type of each attribute of a port, in requests and replies. */
static const enum mnl_attr_data_type types[FLOODGATE_SYNPROXY_A_MAX + 1] = {
	[FLOODGATE_SYNPROXY_A_PORT_MIN] = MNL_TYPE_U16,
	[FLOODGATE_SYNPROXY_A_PORT_MAX] = MNL_TYPE_U16,
	[FLOODGATE_SYNPROXY_A_ADDR] = MNL_TYPE_BINARY,
	[FLOODGATE_SYNPROXY_A_PREFIXLEN] = MNL_TYPE_U8,
	[FLOODGATE_SYNPROXY_A_MODE] = MNL_TYPE_U8,
	[FLOODGATE_SYNPROXY_A_THRESHOLD] = MNL_TYPE_U32,
	[FLOODGATE_SYNPROXY_A_HOLD] = MNL_TYPE_U32,
	[FLOODGATE_SYNPROXY_A_MSS] = MNL_TYPE_U16,
	[FLOODGATE_SYNPROXY_A_WSCALE] = MNL_TYPE_U8,
	[FLOODGATE_SYNPROXY_A_FLAGS] = MNL_TYPE_U32,
	[FLOODGATE_SYNPROXY_A_ENGAGED] = MNL_TYPE_U8,
	[FLOODGATE_SYNPROXY_A_RATE] = MNL_TYPE_U32,
	[FLOODGATE_SYNPROXY_A_SINCE] = MNL_TYPE_U32,
	[FLOODGATE_SYNPROXY_A_SYN] = MNL_TYPE_U64,
	[FLOODGATE_SYNPROXY_A_COOKIES_SENT] = MNL_TYPE_U64,
	[FLOODGATE_SYNPROXY_A_COOKIES_VALID] = MNL_TYPE_U64,
	[FLOODGATE_SYNPROXY_A_COOKIES_INVALID] = MNL_TYPE_U64,
	[FLOODGATE_SYNPROXY_A_NOCONN] = MNL_TYPE_U64,
	[FLOODGATE_SYNPROXY_A_HANDED_OVER] = MNL_TYPE_U64,
	[FLOODGATE_SYNPROXY_A_ENGAGES] = MNL_TYPE_U64,
	[FLOODGATE_SYNPROXY_A_DISENGAGES] = MNL_TYPE_U64,
};

/* By enum floodgate_synproxy_mode, for the grammar and both outputs. */
static const char *const mode_names[__FLOODGATE_SYNPROXY_MODE_MAX] = {
	[FLOODGATE_SYNPROXY_ON] = "on",
	[FLOODGATE_SYNPROXY_AUTO] = "auto",
};

enum key_kind {
	KEY_PREFIX,	/* dst: the destination prefix */
	KEY_MODE,
	KEY_NUMBER,	/* "auto" too if @auto_word: the attribute left out */
	KEY_SECONDS,	/* a duration: 90s, 10m, 12h, 1d */
	KEY_FLAG,	/* a word alone; @max is its FLOODGATE_SYNPROXY_F_* */
};

/* The words of "synproxy add" after the ports, in the order of the help. */
static const struct key {
	const char *name;
	uint16_t attr;		/* FLOODGATE_SYNPROXY_A_* */
	enum key_kind kind;
	uint64_t min, max;
	const char *range;	/* for out of range: " (0 to 14)" */
	bool auto_word;
	bool auto_mode;		/* only with mode auto */
} keys[] = {
	{ .name = "dst", .attr = FLOODGATE_SYNPROXY_A_ADDR, .kind = KEY_PREFIX },
	{ .name = "mode", .attr = FLOODGATE_SYNPROXY_A_MODE, .kind = KEY_MODE },
	{ .name = "threshold", .attr = FLOODGATE_SYNPROXY_A_THRESHOLD,
	  .kind = KEY_NUMBER, .min = 1, .max = FG_SYNPROXY_THRESHOLD_MAX,
	  .range = " (1 to 1000000000)", .auto_mode = true },
	{ .name = "hold", .attr = FLOODGATE_SYNPROXY_A_HOLD,
	  .kind = KEY_SECONDS, .min = 1, .max = FG_SYNPROXY_HOLD_MAX,
	  .range = " (1 to 86400 seconds)", .auto_mode = true },
	{ .name = "mss", .attr = FLOODGATE_SYNPROXY_A_MSS, .kind = KEY_NUMBER,
	  .min = FG_SYNPROXY_MSS_MIN, .max = FG_SYNPROXY_MSS_MAX,
	  .range = " (536 to 65495)", .auto_word = true },
	{ .name = "wscale", .attr = FLOODGATE_SYNPROXY_A_WSCALE,
	  .kind = KEY_NUMBER, .max = FG_SYNPROXY_WSCALE_MAX,
	  .range = " (0 to 14)", .auto_word = true },
	{ .name = "no-timestamps", .attr = FLOODGATE_SYNPROXY_A_FLAGS,
	  .kind = KEY_FLAG, .max = FLOODGATE_SYNPROXY_F_NO_TIMESTAMPS },
	{ .name = "no-sack", .attr = FLOODGATE_SYNPROXY_A_FLAGS,
	  .kind = KEY_FLAG, .max = FLOODGATE_SYNPROXY_F_NO_SACK },
};

_Static_assert(FG_SYNPROXY_THRESHOLD_MAX == 1000000000 &&
	       FG_SYNPROXY_HOLD_MAX == 86400 && FG_SYNPROXY_MSS_MIN == 536 &&
	       FG_SYNPROXY_MSS_MAX == 65495 && FG_SYNPROXY_WSCALE_MAX == 14,
	       "the ranges in messages and help spell out these values");

/* The numbers after the state, in output order; some for mode auto only. */
static const struct number {
	const char *name;	/* the same in text and JSON */
	uint16_t attr;
	bool auto_mode;
} numbers[] = {
	{ "since", FLOODGATE_SYNPROXY_A_SINCE, true },
	{ "rate", FLOODGATE_SYNPROXY_A_RATE, true },
	{ "syn", FLOODGATE_SYNPROXY_A_SYN, false },
	{ "cookies-sent", FLOODGATE_SYNPROXY_A_COOKIES_SENT, false },
	{ "valid", FLOODGATE_SYNPROXY_A_COOKIES_VALID, false },
	{ "invalid", FLOODGATE_SYNPROXY_A_COOKIES_INVALID, false },
	{ "noconn", FLOODGATE_SYNPROXY_A_NOCONN, false },
	{ "handed-over", FLOODGATE_SYNPROXY_A_HANDED_OVER, false },
	{ "engages", FLOODGATE_SYNPROXY_A_ENGAGES, true },
	{ "disengages", FLOODGATE_SYNPROXY_A_DISENGAGES, true },
};

/* "tcp/65535-65535 dst " and a prefix. */
#define PORT_NAME_SIZE (24 + FG_PREFIX_STRLEN)

static void set_attr(struct fg_synproxy *sp, uint16_t attr, uint64_t v)
{
	sp->present[attr] = true;
	sp->value[attr] = v;
}

static const struct key *find_key(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(keys); i++)
		if (!strcmp(keys[i].name, name))
			return &keys[i];
	return NULL;
}

/* The value @input of key @k into @sp; returns 0 or -1. */
static int parse_value(const struct key *k, const char *input,
		       struct fg_synproxy *sp, char *why, size_t size)
{
	enum parse_err err;
	size_t mode;
	uint64_t v;

	switch (k->kind) {
	case KEY_PREFIX:
		err = parse_prefix(input, &sp->dst);
		if (err) {
			fg_bad_arg_msg(why, size, "prefix", input, k->name, err,
				       NULL);
			return -1;
		}
		set_attr(sp, FLOODGATE_SYNPROXY_A_ADDR, 0);
		set_attr(sp, FLOODGATE_SYNPROXY_A_PREFIXLEN, sp->dst.len);
		return 0;
	case KEY_MODE:
		err = parse_keyword(input, mode_names, ARRAY_SIZE(mode_names),
				    &mode);
		v = mode;
		break;
	case KEY_SECONDS:
		err = parse_duration(input, k->min, k->max, &v);
		break;
	default:
		if (k->auto_word && !strcmp(input, "auto"))
			return 0;
		err = parse_uint(input, k->min, k->max, &v);
		break;
	}
	if (err) {
		fg_bad_arg_msg(why, size, "value", input, k->name, err,
			       k->kind == KEY_MODE ? " (on or auto)" : k->range);
		return -1;
	}
	set_attr(sp, k->attr, v);
	return 0;
}

/*
 * "PORT[-PORT] [KEY [VALUE]]...": the ports, then the keys that @cmd
 * takes (del: dst alone), each at most once.
 */
static int parse_words(char *const argv[], int argc, struct fg_synproxy *sp,
		       const char *cmd, bool settings, char *why, size_t size)
{
	bool given[ARRAY_SIZE(keys)] = { false };
	struct fg_port_range ports;
	char what[16];
	const struct key *k;
	enum parse_err err;
	size_t i;
	int w;

	memset(sp, 0, sizeof(*sp));
	if (!argc)
		return fg_refuse(why, size, "synproxy", cmd,
			      "missing PORT[-PORT] (try 'floodgate help synproxy')");
	err = parse_port_range(argv[0], &ports);
	if (err) {
		snprintf(what, sizeof(what), "synproxy %s", cmd);
		fg_bad_arg_msg(why, size, "port", argv[0], what, err,
			       " (1 to 65535)");
		return -1;
	}
	set_attr(sp, FLOODGATE_SYNPROXY_A_PORT_MIN, ports.first);
	set_attr(sp, FLOODGATE_SYNPROXY_A_PORT_MAX, ports.last);
	for (w = 1; w < argc; w++) {
		k = find_key(argv[w]);
		if (!k || (!settings && k->kind != KEY_PREFIX)) {
			fg_unexpected_arg_msg(why, size, "synproxy", cmd,
					      argv[w]);
			return -1;
		}
		i = k - keys;
		if (given[i])
			return fg_refuse(why, size, "synproxy", cmd, "'%s' given twice",
				      k->name);
		given[i] = true;
		if (k->kind == KEY_FLAG) {
			set_attr(sp, k->attr, sp->value[k->attr] | k->max);
			continue;
		}
		if (w + 1 >= argc)
			return fg_refuse(why, size, "synproxy", cmd, "'%s' needs a value",
				      k->name);
		if (parse_value(k, argv[++w], sp, why, size))
			return -1;
	}
	for (i = 0; i < ARRAY_SIZE(keys); i++)
		if (given[i] && keys[i].auto_mode &&
		    sp->value[FLOODGATE_SYNPROXY_A_MODE] !=
		    FLOODGATE_SYNPROXY_AUTO)
			return fg_refuse(why, size, "synproxy", cmd,
				      "'%s' needs 'mode auto' (a port in mode on is always engaged)",
				      keys[i].name);
	return 0;
}

int fg_synproxy_parse_add(char *const argv[], int argc, struct fg_synproxy *sp,
			  char *why, size_t size)
{
	return parse_words(argv, argc, sp, "add", true, why, size);
}

int fg_synproxy_parse_del(char *const argv[], int argc, struct fg_synproxy *sp,
			  char *why, size_t size)
{
	return parse_words(argv, argc, sp, "del", false, why, size);
}

static size_t addr_size(const struct fg_prefix *p)
{
	return p->family == AF_INET ? sizeof(struct in_addr) :
				      sizeof(struct in6_addr);
}

void fg_synproxy_put(struct nlmsghdr *nlh, const struct fg_synproxy *sp)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, FLOODGATE_A_SYNPROXY);
	uint16_t a;

	for (a = 0; a <= FLOODGATE_SYNPROXY_A_MAX; a++) {
		if (!sp->present[a])
			continue;
		if (a == FLOODGATE_SYNPROXY_A_ADDR)
			mnl_attr_put(nlh, a, addr_size(&sp->dst),
				     &sp->dst.addr);
		else
			fg_nl_put_uint(nlh, a, types[a], sp->value[a]);
	}
	mnl_attr_nest_end(nlh, nest);
}

struct port_attrs {
	struct fg_synproxy *sp;
	const struct nlattr *addr, *len;
};

static int port_attr_cb(const struct nlattr *attr, void *data)
{
	struct port_attrs *pa = data;
	uint16_t type = mnl_attr_get_type(attr);

	/* Padding, newer modules' attributes. */
	if (type > FLOODGATE_SYNPROXY_A_MAX || types[type] == MNL_TYPE_UNSPEC)
		return MNL_CB_OK;
	if (mnl_attr_validate(attr, types[type]) < 0)
		return MNL_CB_ERROR;
	if (type == FLOODGATE_SYNPROXY_A_ADDR)
		pa->addr = attr;
	else
		set_attr(pa->sp, type, fg_nl_get_uint(attr, types[type]));
	if (type == FLOODGATE_SYNPROXY_A_PREFIXLEN)
		pa->len = attr;
	return MNL_CB_OK;
}

int fg_synproxy_parse(const struct nlattr *nest, struct fg_synproxy *sp)
{
	struct port_attrs pa = { sp, NULL, NULL };

	memset(sp, 0, sizeof(*sp));
	if (!fg_nl_nest_ok(nest) ||
	    mnl_attr_parse_nested(nest, port_attr_cb, &pa) != MNL_CB_OK ||
	    !sp->present[FLOODGATE_SYNPROXY_A_PORT_MIN])
		return -EBADMSG;
	if (!sp->present[FLOODGATE_SYNPROXY_A_PORT_MAX])
		set_attr(sp, FLOODGATE_SYNPROXY_A_PORT_MAX,
			 sp->value[FLOODGATE_SYNPROXY_A_PORT_MIN]);
	if (pa.addr) {
		if (fg_prefix_from_attrs(pa.addr, pa.len, &sp->dst))
			return -EBADMSG;
		set_attr(sp, FLOODGATE_SYNPROXY_A_ADDR, 0);
		set_attr(sp, FLOODGATE_SYNPROXY_A_PREFIXLEN, sp->dst.len);
	}
	return 0;
}

struct port_cb {
	int (*cb)(const struct fg_synproxy *sp, void *data);
	void *data;
};

static int each_port(const struct nlattr *nest, void *data)
{
	const struct port_cb *pc = data;
	struct fg_synproxy sp;

	if (fg_synproxy_parse(nest, &sp))
		return -EBADMSG;
	return pc->cb(&sp, pc->data);
}

int fg_synproxy_parse_msg(const struct nlmsghdr *nlh,
			  int (*cb)(const struct fg_synproxy *sp, void *data),
			  void *data)
{
	struct port_cb pc = { cb, data };

	return fg_nl_parse_nests(nlh, FLOODGATE_CMD_SYNPROXY_GET,
				 FLOODGATE_A_SYNPROXY, each_port, &pc);
}

int fg_synproxy_cmp(const void *a, const void *b)
{
	const struct fg_synproxy *x = a, *y = b;
	static const uint16_t order[] = {
		FLOODGATE_SYNPROXY_A_PORT_MIN, FLOODGATE_SYNPROXY_A_PORT_MAX,
		FLOODGATE_SYNPROXY_A_ADDR,
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(order); i++) {
		uint16_t t = order[i];

		if (x->present[t] != y->present[t])
			return x->present[t] ? 1 : -1;
		if (x->value[t] != y->value[t])
			return x->value[t] < y->value[t] ? -1 : 1;
	}
	return x->present[FLOODGATE_SYNPROXY_A_ADDR] ?
	       fg_prefix_cmp(&x->dst, &y->dst) : 0;
}

/* "tcp/80", "tcp/1000-2000". */
static const char *port_name(const struct fg_synproxy *sp,
			     char buf[PORT_NAME_SIZE])
{
	uint64_t min = sp->value[FLOODGATE_SYNPROXY_A_PORT_MIN];
	uint64_t max = sp->value[FLOODGATE_SYNPROXY_A_PORT_MAX];

	if (max == min)
		snprintf(buf, PORT_NAME_SIZE, "tcp/%" PRIu64, min);
	else
		snprintf(buf, PORT_NAME_SIZE, "tcp/%" PRIu64 "-%" PRIu64, min,
			 max);
	return buf;
}

/* "tcp/80 dst any", "tcp/443 dst 198.51.100.0/24": a port, in messages. */
static const char *port_text(const struct fg_synproxy *sp,
			     char buf[PORT_NAME_SIZE])
{
	char prefix[FG_PREFIX_STRLEN];
	size_t n = strlen(port_name(sp, buf));

	snprintf(buf + n, PORT_NAME_SIZE - n, " dst %s",
		 sp->present[FLOODGATE_SYNPROXY_A_ADDR] ?
		 format_prefix(&sp->dst, prefix) : "any");
	return buf;
}

/* The mode's name, or a newer module's number. */
static const char *mode_name(uint64_t mode, char buf[24])
{
	if (mode < ARRAY_SIZE(mode_names))
		return mode_names[mode];
	snprintf(buf, 24, "%" PRIu64, mode);
	return buf;
}

static bool is_auto(const struct fg_synproxy *sp)
{
	return sp->present[FLOODGATE_SYNPROXY_A_MODE] &&
	       sp->value[FLOODGATE_SYNPROXY_A_MODE] == FLOODGATE_SYNPROXY_AUTO;
}

void fg_synproxy_print_text(FILE *f, const struct fg_synproxy *sp,
			    bool listing)
{
	const uint64_t *v = sp->value;
	const bool *has = sp->present;
	char name[PORT_NAME_SIZE], mode[24];
	bool mode_auto = is_auto(sp);
	size_t i;

	fputs(port_text(sp, name), f);
	if (has[FLOODGATE_SYNPROXY_A_MODE])
		fprintf(f, " mode %s",
			mode_name(v[FLOODGATE_SYNPROXY_A_MODE], mode));
	for (i = 0; i < ARRAY_SIZE(keys); i++) {
		const struct key *k = &keys[i];

		if (k->kind == KEY_PREFIX || k->kind == KEY_MODE ||
		    (k->auto_mode && !mode_auto))
			continue;
		if (k->kind == KEY_FLAG) {
			if (v[k->attr] & k->max)
				fprintf(f, " %s", k->name);
		} else if (has[k->attr]) {
			fprintf(f, " %s %" PRIu64, k->name, v[k->attr]);
		} else if (k->auto_word && listing) {
			fprintf(f, " %s auto", k->name);
		}
	}
	if (has[FLOODGATE_SYNPROXY_A_ENGAGED])
		fputs(v[FLOODGATE_SYNPROXY_A_ENGAGED] ? " engaged" :
		      " disengaged", f);
	for (i = 0; i < ARRAY_SIZE(numbers); i++)
		if (has[numbers[i].attr] && (mode_auto || !numbers[i].auto_mode))
			fprintf(f, " %s %" PRIu64, numbers[i].name,
				v[numbers[i].attr]);
}

void fg_synproxy_print_json(struct json *j, const struct fg_synproxy *sp,
			    bool listing)
{
	const uint64_t *v = sp->value;
	const bool *has = sp->present;
	char prefix[FG_PREFIX_STRLEN], mode[24];
	size_t i;

	json_u64(j, "port-min", v[FLOODGATE_SYNPROXY_A_PORT_MIN]);
	json_u64(j, "port-max", v[FLOODGATE_SYNPROXY_A_PORT_MAX]);
	if (has[FLOODGATE_SYNPROXY_A_ADDR])
		json_string(j, "dst", format_prefix(&sp->dst, prefix));
	else
		json_null(j, "dst");
	if (has[FLOODGATE_SYNPROXY_A_MODE])
		json_string(j, "mode",
			    mode_name(v[FLOODGATE_SYNPROXY_A_MODE], mode));
	for (i = 0; i < ARRAY_SIZE(keys); i++) {
		const struct key *k = &keys[i];

		if (k->kind == KEY_PREFIX || k->kind == KEY_MODE)
			continue;
		if (k->kind == KEY_FLAG) {
			if (listing || has[k->attr])
				json_bool(j, k->name, v[k->attr] & k->max);
		} else if (has[k->attr]) {
			json_u64(j, k->name, v[k->attr]);
		} else if (k->auto_word && listing) {
			json_null(j, k->name);
		}
	}
	if (has[FLOODGATE_SYNPROXY_A_ENGAGED])
		json_bool(j, "engaged", v[FLOODGATE_SYNPROXY_A_ENGAGED]);
	for (i = 0; i < ARRAY_SIZE(numbers); i++)
		if (has[numbers[i].attr])
			json_u64(j, numbers[i].name, v[numbers[i].attr]);
}

/* The commands. */

/*
 * What the kernel said to a refused request, on one line; an unknown
 * command means a module from before the SYN proxy.
 */
static void report(const struct fg_nl_reply *rp, int err, const char *what)
{
	if (err == -EOPNOTSUPP && rp->error)
		fg_err("%s: the running module has no SYN proxy", what);
	else
		fg_nl_report(rp, err, what);
}

/* The word after "dst" in @argv, as the user wrote it. */
static const char *dst_input(char *const argv[], int argc)
{
	int i;

	for (i = 1; i + 1 < argc; i++)
		if (!strcmp(argv[i], "dst"))
			return argv[i + 1];
	return "";
}

/* floodgate synproxy add|del PORT[-PORT] [dst PREFIX] ... */
static int change(const struct fg_ctx *ctx, int argc, char *argv[],
		  bool add)
{
	const char *what = add ? "synproxy add" : "synproxy del";
	char why[512], name[PORT_NAME_SIZE];
	struct fg_synproxy sp;
	struct fg_nl_reply rp;
	struct nlmsghdr *nlh;
	struct fg_nl nl;
	int ret;

	ret = add ? fg_synproxy_parse_add(argv, argc, &sp, why, sizeof(why)) :
		    fg_synproxy_parse_del(argv, argc, &sp, why, sizeof(why));
	if (ret)
		return fg_usage_err("%s", why);
	if (fg_nl_open(&nl, ctx->netns))
		return FG_EXIT_FAIL;
	nlh = fg_nl_msg(&nl, add ? FLOODGATE_CMD_SYNPROXY_ADD :
			     FLOODGATE_CMD_SYNPROXY_DEL);
	fg_synproxy_put(nlh, &sp);
	ret = fg_nl_transact(&nl, nlh, NULL, NULL, &rp);
	fg_nl_close(&nl);
	if (!add && ret == -ENOENT && rp.error)
		fg_err("%s: %s: no such port", what, port_text(&sp, name));
	else
		report(&rp, ret, what);
	if (!ret && sp.dst.host_bits_cleared)
		fg_warn_host_bits("", dst_input(argv, argc), &sp.dst,
				  add ? "stored as" : "deleted", 0);
	return ret ? FG_EXIT_FAIL : FG_EXIT_OK;
}

static int synproxy_add(const struct fg_ctx *ctx, int argc, char *argv[])
{
	return change(ctx, argc, argv, true);
}

static int synproxy_del(const struct fg_ctx *ctx, int argc, char *argv[])
{
	return change(ctx, argc, argv, false);
}

/* The ports of a listing, in the order they arrived. */
struct ports {
	struct fg_synproxy *v;
	size_t n, cap;
};

static int collect_port(const struct fg_synproxy *sp, void *data)
{
	struct ports *p = data;

	return fg_append(&p->v, &p->n, &p->cap, sp, sizeof(*sp));
}

static int dump_cb(const struct nlmsghdr *nlh, void *data)
{
	int ret = fg_synproxy_parse_msg(nlh, collect_port, data);

	if (ret) {
		errno = -ret;
		return MNL_CB_ERROR;
	}
	return MNL_CB_OK;
}

/*
 * Dumps the ports into @p: a dump that raced a change is redone whole, as
 * "block list" does, up to FG_DUMP_ATTEMPTS times. Returns 0 or -errno
 * after reporting; @intr says whether the last attempt raced too.
 */
static int dump_ports(struct fg_nl *nl, struct ports *p, bool *intr)
{
	struct fg_nl_reply rp;
	int attempt, ret;

	for (attempt = 1;; attempt++) {
		struct nlmsghdr *nlh = fg_nl_msg(nl, FLOODGATE_CMD_SYNPROXY_GET);

		nlh->nlmsg_flags |= NLM_F_DUMP;
		p->n = 0;
		ret = fg_nl_transact(nl, nlh, dump_cb, p, &rp);
		report(&rp, ret, "synproxy list");
		if (ret || !rp.dump_intr || attempt == FG_DUMP_ATTEMPTS)
			break;
	}
	*intr = rp.dump_intr;
	return ret;
}

/* floodgate synproxy [list] */
static int synproxy_list(const struct fg_ctx *ctx, int argc, char *argv[])
{
	struct ports p = { NULL, 0, 0 };
	struct fg_nl nl;
	struct json j;
	bool intr;
	size_t i;
	int ret;

	if (argc)
		return fg_unexpected_arg("synproxy", "list", argv[0]);
	if (fg_nl_open(&nl, ctx->netns))
		return FG_EXIT_FAIL;
	ret = dump_ports(&nl, &p, &intr);
	fg_nl_close(&nl);
	if (ret) {
		free(p.v);
		return FG_EXIT_FAIL;
	}
	if (intr)
		fg_err("warning: the ports changed during the listing; it may be inconsistent");
	if (p.n)	/* qsort() of NULL is undefined, even for none */
		qsort(p.v, p.n, sizeof(*p.v), fg_synproxy_cmp);
	if (ctx->json) {
		json_init(&j, stdout, ctx->pretty);
		json_open_array(&j, NULL);
		for (i = 0; i < p.n; i++) {
			json_open_object(&j, NULL);
			fg_synproxy_print_json(&j, &p.v[i], true);
			json_close(&j);
		}
		json_close(&j);
		json_finish(&j);
	} else {
		for (i = 0; i < p.n; i++) {
			fg_synproxy_print_text(stdout, &p.v[i], true);
			putchar('\n');
		}
	}
	free(p.v);
	return FG_EXIT_OK;
}

static const struct fg_command synproxy_commands[] = {
	{ "list", synproxy_list },
	{ "add", synproxy_add },
	{ "del", synproxy_del },
};

const struct fg_object fg_synproxy_object = {
	.name = "synproxy",
	.commands = synproxy_commands,
	.n_commands = ARRAY_SIZE(synproxy_commands),
	.usage =
	"floodgate synproxy [list]\n"
	"floodgate synproxy add PORT[-PORT] [dst PREFIX] [mode on|auto]\n"
	"                       [threshold N] [hold S] [mss N] [wscale N]\n"
	"                       [no-timestamps] [no-sack]\n"
	"floodgate synproxy del PORT[-PORT] [dst PREFIX]\n"
	"    The SYN proxy: while it is engaged on a protected TCP port, floodgate\n"
	"    answers every SYN to it with a SYN cookie and keeps no state; only a\n"
	"    client that returns a valid cookie gets a connection to the service.\n"
	"    A port is a range, 1 to 65535, optionally only towards the\n"
	"    destination PREFIX (an IPv4 or IPv6 address with an optional /LEN;\n"
	"    bits past LEN are cleared, with a warning). A packet is judged by\n"
	"    the most specific port: one with a destination first, the longer\n"
	"    prefix first, then the narrower range. At most 64 ports.\n"
	"    add    protects the port, or replaces the settings of the one with\n"
	"           the same range and destination (settings not given take\n"
	"           their defaults; its counters are kept):\n"
	"           mode on (the default): always engaged; mode auto: engaged\n"
	"               when a second's SYNs exceed threshold N (1 to\n"
	"               1000000000, default 1000), disengaged after hold S\n"
	"               seconds at or below it (1 to 86400, default 30; S may\n"
	"               take a unit: 90s, 10m, 1d). threshold and hold need\n"
	"               mode auto.\n"
	"           mss N (536 to 65495): the MSS offered to clients; without it\n"
	"               (or with 'auto'), the route's MTU less the headers.\n"
	"           wscale N (0 to 14): the window scale offered; without it (or\n"
	"               with 'auto'), what this host's stack would choose.\n"
	"           no-timestamps, no-sack: do not offer these TCP options.\n"
	"    del    stops protecting the port of exactly that range and\n"
	"           destination. Connections the proxy already handed over keep\n"
	"           working: when the last port goes, conntrack stays in the\n"
	"           namespace until they have ended ('floodgate status' says\n"
	"           'conntrack held' and how many are open).\n"
	"    list   the ports, sorted by range then destination, one a line, with\n"
	"           the settings in the words of 'add', the state and counters:\n"
	"               tcp/PORTS dst PREFIX|any mode on|auto [threshold N hold S]\n"
	"               mss N|auto wscale N|auto [no-timestamps] [no-sack]\n"
	"               engaged|disengaged [since S rate R] syn N cookies-sent N\n"
	"               valid N invalid N noconn N handed-over N\n"
	"               [engages N disengages N]\n"
	"           The bracketed threshold, hold, since, rate, engages and\n"
	"           disengages are shown in mode auto only. since: seconds in the\n"
	"           current state; rate: SYNs over the last full second; syn:\n"
	"           SYNs answered with a cookie; cookies-sent: SYN-ACKs sent;\n"
	"           valid, invalid: ACKs with a valid cookie, and of no connection\n"
	"           without one; noconn: other packets of no connection;\n"
	"           handed-over: connections handed to the service; engages,\n"
	"           disengages: switches of mode auto. A key the module does not\n"
	"           send is left out. A listing that raced a change is redone; if\n"
	"           it kept racing, a warning says so on stderr.\n"
	"    With -j, list prints an array of objects with every attribute,\n"
	"    numbers as numbers; dst, mss and wscale are null when any or auto:\n"
	"        [{\"port-min\":80,\"port-max\":80,\"dst\":null,\"mode\":\"on\",\n"
	"          \"mss\":null,\"wscale\":null,\"no-timestamps\":false,\n"
	"          \"no-sack\":false,\"engaged\":true,\"syn\":123,...}]\n",
};
