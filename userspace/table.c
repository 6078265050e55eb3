// SPDX-License-Identifier: GPL-2.0
/*
 * floodgate block|allow list|add|del|flush|load|test|set: the commands of
 * the two prefix tables, FLOODGATE_TABLE_BLOCK and FLOODGATE_TABLE_ALLOW.
 * One implementation; each command finds its table in ctx->object->data.
 */

#include "table.h"
#include "batch.h"
#include "entry.h"
#include "floodgate.h"
#include "json.h"
#include "load.h"
#include "nl.h"
#include "status.h"
#include "util.h"

#include <errno.h>
#include <inttypes.h>
#include <linux/floodgate.h>
#include <stdlib.h>
#include <string.h>

struct table {
	uint8_t id;		/* enum floodgate_table */
	const char *name;	/* the object's name */
	const char *list;	/* what users call it */
};

static const struct table block = {
	FLOODGATE_TABLE_BLOCK, "block", "blocklist"
};
static const struct table allow = {
	FLOODGATE_TABLE_ALLOW, "allow", "allowlist"
};

/* "block add" and the like, to name what failed. */
#define WHAT_SIZE 32

const char *fg_table_name(uint8_t id, char buf[4])
{
	switch (id) {
	case FLOODGATE_TABLE_BLOCK:
		return block.name;
	case FLOODGATE_TABLE_ALLOW:
		return allow.name;
	case FLOODGATE_TABLE_LIMIT:
		return "limit";
	}
	snprintf(buf, 4, "%u", id);
	return buf;
}

static const struct table *table_of(const struct fg_ctx *ctx)
{
	return ctx->object->data;
}

static const char *what(const struct table *t, const char *cmd,
			char buf[WHAT_SIZE])
{
	snprintf(buf, WHAT_SIZE, "%s %s", t->name, cmd);
	return buf;
}

static int missing_arg(const struct table *t, const char *cmd,
		       const char *arg)
{
	return fg_usage_err("%s %s: missing %s (try 'floodgate help %s')",
			    t->name, cmd, arg, t->name);
}

/*
 * What the kernel said when it refused a change: the capacity for a full
 * table (which the extack message does not give), else its message.
 */
static void refusal(struct fg_nl *nl, const struct table *t,
		    const struct fg_nl_reply *rp, int err, char *buf,
		    size_t size)
{
	const struct fg_table_status *ts = NULL;
	struct fg_status st;

	if (err == -ENOSPC) {
		if (!fg_status_query(nl, &st))
			ts = fg_status_table(&st, t->id);
		if (ts && ts->present[FLOODGATE_TABLE_A_CAPACITY])
			snprintf(buf, size,
				 "table full (capacity %" PRIu64 " reached; raise it with 'floodgate %s set max N')",
				 ts->value[FLOODGATE_TABLE_A_CAPACITY],
				 t->name);
		else
			snprintf(buf, size,
				 "table full (raise its capacity with 'floodgate %s set max N')",
				 t->name);
	} else if (rp->extack[0]) {
		snprintf(buf, size, "%s", rp->extack);
	} else {
		snprintf(buf, size, "%s", strerror(-err));
	}
}

/* Where a batch of ADD or DEL requests stopped. */
struct batch_result {
	size_t done;		/* entries of the requests the kernel took */
	size_t requests;	/* how many requests it took */
	size_t refused;		/* entries of the request it refused */
	long bad;		/* index of the entry it named, or -1 */
	struct fg_nl_reply rp;	/* its answer to the last request */
};

/*
 * Sends @e[0..n) in as few @cmd requests as @size bytes allow, built in
 * @buf, one after the other: one, if @size is fg_batch_size() of them all.
 * Each is all-or-nothing in the kernel: on a refusal, the entries of the
 * earlier requests stay. Returns 0 or -errno, and in @r where it stopped;
 * prints nothing but the kernel's warnings.
 */
static int send_batches(struct fg_nl *nl, const struct table *t, uint8_t cmd,
			const struct fg_entry_req *e, size_t n, void *buf,
			size_t size, struct batch_result *r, const char *name)
{
	memset(r, 0, sizeof(*r));
	r->bad = -1;
	while (r->done < n) {
		struct nlmsghdr *nlh;
		size_t k = fg_batch_build(buf, size, nl->family, cmd, t->id,
					  e + r->done, n - r->done, &nlh);
		long idx;
		int ret;

		if (!k)
			return -EMSGSIZE;	/* no room for one entry */
		ret = fg_nl_transact(nl, nlh, NULL, NULL, &r->rp);
		if (ret) {
			r->refused = k;
			idx = fg_batch_entry_at(nlh, r->rp.bad_attr);
			if (idx >= 0)
				r->bad = r->done + idx;
			return ret;
		}
		fg_nl_report(&r->rp, 0, name);
		r->done += k;
		r->requests++;
	}
	return 0;
}

/* floodgate TABLE add PREFIX [timeout SECONDS] */
static int table_add(const struct fg_ctx *ctx, int argc, char *argv[])
{
	const struct table *t = table_of(ctx);
	char name[WHAT_SIZE], why[256];
	struct batch_result r;
	struct fg_entry_req e;
	struct fg_nl nl;
	int ret;

	if (!argc)
		return missing_arg(t, "add", "PREFIX");
	ret = fg_entry_words(argv, argc, &e, why, sizeof(why));
	if (ret > 0)
		return fg_unexpected_arg(t->name, "add", argv[ret]);
	if (ret)
		return fg_usage_err("%s add: %s", t->name, why);
	if (fg_nl_open(&nl, ctx->netns))
		return FG_EXIT_FAIL;
	what(t, "add", name);
	ret = send_batches(&nl, t, FLOODGATE_CMD_ENTRY_ADD, &e, 1, nl.tx,
			   sizeof(nl.tx), &r, name);
	if (ret == -ENOSPC && r.rp.error) {
		refusal(&nl, t, &r.rp, ret, why, sizeof(why));
		fg_err("%s: %s", name, why);
	} else if (ret) {
		fg_nl_report(&r.rp, ret, name);
	} else if (e.prefix.host_bits_cleared) {
		fg_warn_host_bits("", argv[0], &e.prefix, "stored as", 0);
	}
	fg_nl_close(&nl);
	return ret ? FG_EXIT_FAIL : FG_EXIT_OK;
}

/* floodgate TABLE del PREFIX */
static int table_del(const struct fg_ctx *ctx, int argc, char *argv[])
{
	const struct table *t = table_of(ctx);
	char name[WHAT_SIZE], why[256], canon[FG_PREFIX_STRLEN];
	struct batch_result r;
	struct fg_entry_req e;
	struct fg_nl nl;
	int ret;

	if (!argc)
		return missing_arg(t, "del", "PREFIX");
	if (argc > 1)
		return fg_unexpected_arg(t->name, "del", argv[1]);
	if (fg_entry_words(argv, 1, &e, why, sizeof(why)))
		return fg_usage_err("%s del: %s", t->name, why);
	if (fg_nl_open(&nl, ctx->netns))
		return FG_EXIT_FAIL;
	what(t, "del", name);
	ret = send_batches(&nl, t, FLOODGATE_CMD_ENTRY_DEL, &e, 1, nl.tx,
			   sizeof(nl.tx), &r, name);
	fg_nl_close(&nl);
	if (ret == -ENOENT && r.rp.error)
		fg_err("%s: %s: no such entry", name,
		       format_prefix(&e.prefix, canon));
	else if (ret)
		fg_nl_report(&r.rp, ret, name);
	else if (e.prefix.host_bits_cleared)
		fg_warn_host_bits("", argv[0], &e.prefix, "deleted", 0);
	return ret ? FG_EXIT_FAIL : FG_EXIT_OK;
}

/* A request that is the table's id alone, or with one more u32. */
static int simple_request(const struct fg_ctx *ctx, const char *cmd_name,
			  uint8_t cmd, uint16_t attr, uint32_t value)
{
	const struct table *t = table_of(ctx);
	char name[WHAT_SIZE];
	struct nlmsghdr *nlh;
	struct fg_nl nl;
	int ret;

	if (fg_nl_open(&nl, ctx->netns))
		return FG_EXIT_FAIL;
	nlh = fg_nl_msg(&nl, cmd);
	mnl_attr_put_u8(nlh, FLOODGATE_A_TABLE, t->id);
	if (attr)
		mnl_attr_put_u32(nlh, attr, value);
	ret = fg_nl_request(&nl, nlh, NULL, NULL, what(t, cmd_name, name));
	fg_nl_close(&nl);
	return ret ? FG_EXIT_FAIL : FG_EXIT_OK;
}

/* floodgate TABLE flush */
static int table_flush(const struct fg_ctx *ctx, int argc, char *argv[])
{
	if (argc)
		return fg_unexpected_arg(table_of(ctx)->name, "flush", argv[0]);
	return simple_request(ctx, "flush", FLOODGATE_CMD_TABLE_FLUSH, 0, 0);
}

_Static_assert(FLOODGATE_CAPACITY_MAX == 16777216,
	       "the usage text and messages spell out the largest capacity");

/* floodgate TABLE set max N */
static int table_set(const struct fg_ctx *ctx, int argc, char *argv[])
{
	const struct table *t = table_of(ctx);
	const char *reason;
	enum parse_err err;
	uint64_t max;

	if (!argc)
		return missing_arg(t, "set", "'max N'");
	if (strcmp(argv[0], "max"))
		return fg_usage_err("%s set: unknown setting '%s' (try 'floodgate help %s')",
				    t->name, argv[0], t->name);
	if (argc == 1)
		return fg_usage_err("%s set: 'max' needs a value", t->name);
	err = parse_uint(argv[1], 1, FLOODGATE_CAPACITY_MAX, &max);
	if (err) {
		reason = parse_strerror(err);
		return fg_usage_err("%s set: invalid capacity '%s'%s%s%s",
				    t->name, argv[1], reason ? ": " : "",
				    reason ? reason : "",
				    err == PARSE_RANGE ? " (1 to 16777216)" : "");
	}
	if (argc > 2)
		return fg_unexpected_arg(t->name, "set", argv[2]);
	return simple_request(ctx, "set", FLOODGATE_CMD_SET_CONFIG,
			      FLOODGATE_A_CAPACITY, max);
}

/* The entries of a listing, in the order they arrived. */
struct entries {
	struct fg_entry *v;
	size_t n;
	size_t cap;
};

static int collect_cb(const struct fg_entry *e, void *data)
{
	struct entries *ents = data;

	return fg_append(&ents->v, &ents->n, &ents->cap, e, sizeof(*e));
}

struct dump {
	uint8_t table;
	struct entries ents;
};

static int dump_cb(const struct nlmsghdr *nlh, void *data)
{
	struct dump *d = data;
	int ret = fg_entry_parse_msg(nlh, d->table, collect_cb, &d->ents);

	if (ret) {
		errno = -ret;
		return MNL_CB_ERROR;
	}
	return MNL_CB_OK;
}

/*
 * Dumps the table into d->ents. A dump that raced a change may miss or
 * repeat entries: it is redone whole, and the entries are kept, not
 * printed, until one completes without NLM_F_DUMP_INTR (or the last try).
 * Returns 0 or -errno after reporting.
 */
static int dump_table(struct fg_nl *nl, const struct table *t,
		      struct dump *d, bool *intr)
{
	struct fg_nl_reply rp;
	char name[WHAT_SIZE];
	int attempt, ret;

	what(t, "list", name);
	for (attempt = 1;; attempt++) {
		struct nlmsghdr *nlh = fg_nl_msg(nl, FLOODGATE_CMD_ENTRY_GET);

		nlh->nlmsg_flags |= NLM_F_DUMP;
		mnl_attr_put_u8(nlh, FLOODGATE_A_TABLE, t->id);
		d->ents.n = 0;
		ret = fg_nl_transact(nl, nlh, dump_cb, d, &rp);
		fg_nl_report(&rp, ret, name);
		if (ret || !rp.dump_intr || attempt == FG_DUMP_ATTEMPTS)
			break;
	}
	*intr = rp.dump_intr;
	return ret;
}

/* floodgate TABLE [list] */
static int table_list(const struct fg_ctx *ctx, int argc, char *argv[])
{
	const struct table *t = table_of(ctx);
	struct dump d = { .table = t->id };
	struct fg_nl nl;
	bool intr;
	size_t i;
	int ret;

	if (argc)
		return fg_unexpected_arg(t->name, "list", argv[0]);
	if (fg_nl_open(&nl, ctx->netns))
		return FG_EXIT_FAIL;
	ret = dump_table(&nl, t, &d, &intr);
	fg_nl_close(&nl);
	if (ret) {
		free(d.ents.v);
		return FG_EXIT_FAIL;
	}
	if (intr)
		fg_err("warning: the table changed during the listing; it may be inconsistent");
	/* The kernel's order is its hash table's: sort, for people and diff. */
	if (d.ents.n)	/* qsort() of NULL is undefined, even for none */
		qsort(d.ents.v, d.ents.n, sizeof(*d.ents.v), fg_entry_cmp);
	if (ctx->json) {
		struct json j;

		json_init(&j, stdout, ctx->pretty);
		json_open_array(&j, NULL);
		for (i = 0; i < d.ents.n; i++)
			fg_entry_print_json(&j, NULL, &d.ents.v[i]);
		json_close(&j);
		json_finish(&j);
	} else {
		for (i = 0; i < d.ents.n; i++) {
			fg_entry_print_text(stdout, &d.ents.v[i]);
			putchar('\n');
		}
	}
	free(d.ents.v);
	return FG_EXIT_OK;
}

struct lookup {
	uint8_t table;
	bool found;
	struct fg_entry e;
};

/* A lookup's reply has the request's layout: exactly one entry. */
static int lookup_entry_cb(const struct fg_entry *e, void *data)
{
	struct lookup *lk = data;

	if (lk->found)
		return -EBADMSG;
	lk->e = *e;
	lk->found = true;
	return 0;
}

static int lookup_cb(const struct nlmsghdr *nlh, void *data)
{
	struct lookup *lk = data;
	int ret = fg_entry_parse_msg(nlh, lk->table, lookup_entry_cb, lk);

	if (ret) {
		errno = -ret;
		return MNL_CB_ERROR;
	}
	return MNL_CB_OK;
}

/* floodgate TABLE test ADDRESS: the entry the packet path would match. */
static int table_test(const struct fg_ctx *ctx, int argc, char *argv[])
{
	const struct table *t = table_of(ctx);
	struct lookup lk = { .table = t->id };
	char name[WHAT_SIZE], addr[FG_PREFIX_STRLEN];
	struct fg_nl_reply rp;
	struct fg_prefix p;
	struct nlmsghdr *nlh;
	enum parse_err err;
	struct fg_nl nl;
	int ret;

	if (!argc)
		return missing_arg(t, "test", "ADDRESS");
	if (argc > 1)
		return fg_unexpected_arg(t->name, "test", argv[1]);
	if (strchr(argv[0], '/'))
		return fg_usage_err("%s test: invalid address '%s': an address, not a prefix",
				    t->name, argv[0]);
	err = parse_prefix(argv[0], &p);
	if (err)
		return fg_usage_err("%s test: invalid address '%s'", t->name,
				    argv[0]);
	if (fg_nl_open(&nl, ctx->netns))
		return FG_EXIT_FAIL;
	nlh = fg_nl_msg(&nl, FLOODGATE_CMD_ENTRY_GET);
	mnl_attr_put_u8(nlh, FLOODGATE_A_TABLE, t->id);
	/* One FLOODGATE_A_ENTRY, without a prefix length: longest match. */
	fg_entry_put(nlh, sizeof(nl.tx), &p, false, 0);
	ret = fg_nl_transact(&nl, nlh, lookup_cb, &lk, &rp);
	fg_nl_close(&nl);
	what(t, "test", name);
	if (ret == -ENOENT && rp.error) {
		lk.found = false;
	} else if (ret) {
		fg_nl_report(&rp, ret, name);
		return FG_EXIT_FAIL;
	} else if (!lk.found) {
		fg_err("%s: the kernel acknowledged but sent no entry", name);
		return FG_EXIT_FAIL;
	}
	format_prefix(&p, addr);
	if (ctx->json) {
		struct json j;

		json_init(&j, stdout, ctx->pretty);
		json_open_object(&j, NULL);
		json_string(&j, "address", addr);
		if (lk.found)
			fg_entry_print_json(&j, "match", &lk.e);
		else
			json_null(&j, "match");
		json_close(&j);
		json_finish(&j);
	} else if (lk.found) {
		printf("%s matches ", addr);
		fg_entry_print_text(stdout, &lk.e);
		putchar('\n');
	} else {
		printf("%s is not in the %s\n", addr, t->list);
	}
	return lk.found ? FG_EXIT_OK : FG_EXIT_FAIL;
}

/* How a load that the kernel refused part of ended. */
static void report_load(struct fg_nl *nl, const struct table *t,
			const char *file, const struct fg_load *ld,
			const struct batch_result *r, int err)
{
	const struct fg_entry_req *first = &ld->v[r->done];
	char why[512], name[WHAT_SIZE];

	if (!r->rp.error || err == -EPERM) {
		fg_nl_report(&r->rp, err, what(t, "load", name));
	} else {
		refusal(nl, t, &r->rp, err, why, sizeof(why));
		if (r->bad >= 0)
			fg_err("%s:%lu: %s", file, ld->v[r->bad].line, why);
		else
			fg_err("%s: lines %lu to %lu: %s", file, first->line,
			       first[r->refused - 1].line, why);
	}
	if (!r->done)
		fg_err("%s load: nothing was loaded", t->name);
	else
		fg_err("%s load: the %zu entries up to line %lu, sent in %zu earlier request%s, stay loaded; none after them was loaded",
		       t->name, r->done, first[-1].line, r->requests,
		       r->requests == 1 ? "" : "s");
}

/* floodgate TABLE load FILE|- */
static int table_load(const struct fg_ctx *ctx, int argc, char *argv[])
{
	const struct table *t = table_of(ctx);
	bool is_stdin = argc && !strcmp(argv[0], "-");
	const char *file = is_stdin ? "<stdin>" : argv[0];
	struct fg_load_err err;
	struct batch_result r;
	char name[WHAT_SIZE];
	struct fg_load ld;
	struct fg_nl nl;
	size_t size;
	void *buf;
	FILE *f;
	int ret;

	if (!argc)
		return missing_arg(t, "load", "FILE");
	if (argc > 1)
		return fg_unexpected_arg(t->name, "load", argv[1]);
	f = is_stdin ? stdin : fopen(file, "r");
	if (!f) {
		fg_err("%s load: cannot open '%s': %s", t->name, file,
		       strerror(errno));
		return FG_EXIT_FAIL;
	}
	/* Read and check it all first: a bad line, and nothing is sent. */
	ret = fg_load_read(f, &ld, &err);
	if (!is_stdin)
		fclose(f);
	if (ret) {
		if (err.line)
			fg_err("%s:%lu: %s", file, err.line, err.msg);
		else
			fg_err("%s load: cannot read '%s': %s", t->name, file,
			       err.msg);
		fg_load_free(&ld);
		return FG_EXIT_FAIL;
	}
	if (!ld.n) {
		fg_load_free(&ld);
		return FG_EXIT_OK;
	}
	if (fg_nl_open(&nl, ctx->netns)) {
		fg_load_free(&ld);
		return FG_EXIT_FAIL;
	}
	/*
	 * The whole file in one request (all or nothing) if the send buffer
	 * can be raised to its size, else in requests as large as it allows.
	 */
	size = fg_nl_max_request(&nl, fg_batch_size(ld.v, ld.n));
	buf = malloc(size ? size : 1);
	if (!buf) {
		fg_err("%s load: %s", t->name, strerror(ENOMEM));
		ret = -ENOMEM;
	} else {
		ret = send_batches(&nl, t, FLOODGATE_CMD_ENTRY_ADD, ld.v, ld.n,
				   buf, size, &r, what(t, "load", name));
		if (ret)
			report_load(&nl, t, file, &ld, &r, ret);
	}
	if (!ret && ld.host_bits) {
		char where[1024];

		snprintf(where, sizeof(where), "%s:%lu: ", file,
			 ld.v[ld.host_bits_first].line);
		fg_warn_host_bits(where, ld.host_bits_input,
			       &ld.v[ld.host_bits_first].prefix, "stored as",
			       ld.host_bits - 1);
	}
	free(buf);
	fg_nl_close(&nl);
	fg_load_free(&ld);
	return ret ? FG_EXIT_FAIL : FG_EXIT_OK;
}

static const struct fg_command table_commands[] = {
	{ "list", table_list },
	{ "add", table_add },
	{ "del", table_del },
	{ "flush", table_flush },
	{ "load", table_load },
	{ "test", table_test },
	{ "set", table_set },
};

_Static_assert(FLOODGATE_TIMEOUT_MAX == 2147483,
	       "the usage text spells out the longest timeout");

/* The grammar of either table, @obj being its object's name. */
#define TABLE_GRAMMAR(obj) \
	"floodgate " obj " [list]\n" \
	"floodgate " obj " add PREFIX [timeout SECONDS]\n" \
	"floodgate " obj " del PREFIX\n" \
	"floodgate " obj " flush\n" \
	"floodgate " obj " load FILE|-\n" \
	"floodgate " obj " test ADDRESS\n" \
	"floodgate " obj " set max N\n"

const struct fg_object fg_block_object = {
	.name = "block",
	.commands = table_commands,
	.n_commands = ARRAY_SIZE(table_commands),
	.data = &block,
	.usage = TABLE_GRAMMAR("block")
	"    The blocklist: packets from a source that matches an entry are dropped.\n"
	"    PREFIX is an IPv4 or IPv6 address with an optional /LEN (without it,\n"
	"    the one address); bits past LEN are cleared, with a warning.\n"
	"    list   the entries, sorted, one a line, with keys as in 'ip':\n"
	"               PREFIX [timeout LEFT] hits N [last-hit AGO] origin manual|auto\n"
	"           timeout: seconds left, for entries that expire; last-hit:\n"
	"           seconds since the last packet, for entries ever hit; origin\n"
	"           auto: added by the rate limiter. A /32 or /128 shows no /LEN.\n"
	"    add    adds the entry, or gives an existing one the new timeout (like\n"
	"           'ipset add -exist'). SECONDS: 0 (permanent, the default) to\n"
	"           2147483, or with a unit: 90s, 10m, 12h, 7d.\n"
	"    del    removes the entry of exactly PREFIX.\n"
	"    flush  removes every entry.\n"
	"    load   adds the entries of FILE (- for standard input), one a line as\n"
	"           'PREFIX [timeout SECONDS]'; '#' starts a comment, blank lines\n"
	"           are skipped. The whole file is checked first: a bad line is\n"
	"           reported as FILE:LINE and nothing is sent. With CAP_NET_ADMIN\n"
	"           in the initial user namespace the whole file is sent in one\n"
	"           request and loaded all or nothing; otherwise it is split into\n"
	"           requests as large as net.core.wmem_max allows, each all or\n"
	"           nothing. If a request is refused, the line of the entry at\n"
	"           fault is reported, and the entries of the requests before it\n"
	"           stay.\n"
	"    test   the entry a packet from ADDRESS matches (the longest prefix):\n"
	"               ADDRESS matches PREFIX [timeout LEFT] hits N ...\n"
	"           or 'ADDRESS is not in the blocklist' and exit status 1.\n"
	"    set    max N: the capacity, 1 to 16777216 entries (default: the\n"
	"           module's table_max). Adds beyond it fail; lowering it below\n"
	"           the entries there are removes none.\n"
	"    With -j, list prints an array of objects, a key left out when the\n"
	"    text leaves it out:\n"
	"        [{\"prefix\":\"198.51.100.0/24\",\"timeout\":118,\"hits\":42,\n"
	"          \"last-hit\":3,\"origin\":\"manual\"}]\n"
	"    and test {\"address\":\"198.51.100.7\",\"match\":{...}}, or \"match\":null.\n",
};

const struct fg_object fg_allow_object = {
	.name = "allow",
	.commands = table_commands,
	.n_commands = ARRAY_SIZE(table_commands),
	.data = &allow,
	.usage = TABLE_GRAMMAR("allow")
	"    The allowlist: packets from a source that matches an entry pass every\n"
	"    later check. It is looked up first, so it wins over the blocklist.\n"
	"    Its commands, their output and -j are those of 'floodgate help block'\n"
	"    (test says 'ADDRESS is not in the allowlist').\n",
};
