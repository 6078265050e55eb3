// SPDX-License-Identifier: GPL-2.0
/*
 * floodgate status [show]: the module's version and hook priority, and for
 * each table its entries, capacity, memory and prefix lengths in use.
 */

#include "status.h"
#include "floodgate.h"
#include "json.h"
#include "table.h"
#include "util.h"

#include <errno.h>
#include <inttypes.h>
#include <linux/genetlink.h>
#include <string.h>

/* The columns of the text table after "table", and the JSON keys. */
static const struct column {
	const char *name;
	uint16_t attr;		/* FLOODGATE_TABLE_A_* */
	bool bytes;		/* human-readable in text (exact in JSON) */
} columns[] = {
	{ "entries", FLOODGATE_TABLE_A_ENTRIES, false },
	{ "capacity", FLOODGATE_TABLE_A_CAPACITY, false },
	{ "memory", FLOODGATE_TABLE_A_MEMORY, true },
	{ "prefix-lengths", FLOODGATE_TABLE_A_PREFIXLENS, false },
};

/* Room for "1023.9 KiB" and for any u64 in decimal. */
#define CELL_SIZE 24

static int table_attr_cb(const struct nlattr *attr, void *data)
{
	static const enum mnl_attr_data_type types[FLOODGATE_TABLE_A_MAX + 1] = {
		[FLOODGATE_TABLE_A_ID] = MNL_TYPE_U8,
		[FLOODGATE_TABLE_A_ENTRIES] = MNL_TYPE_U32,
		[FLOODGATE_TABLE_A_CAPACITY] = MNL_TYPE_U32,
		[FLOODGATE_TABLE_A_MEMORY] = MNL_TYPE_U64,
		[FLOODGATE_TABLE_A_PREFIXLENS] = MNL_TYPE_U32,
	};
	struct fg_table_status *t = data;
	uint16_t type = mnl_attr_get_type(attr);

	if (type > FLOODGATE_TABLE_A_MAX || types[type] == MNL_TYPE_UNSPEC)
		return MNL_CB_OK;	/* padding, newer modules' fields */
	if (mnl_attr_validate(attr, types[type]) < 0)
		return MNL_CB_ERROR;
	switch (types[type]) {
	case MNL_TYPE_U8:
		t->value[type] = mnl_attr_get_u8(attr);
		break;
	case MNL_TYPE_U32:
		t->value[type] = mnl_attr_get_u32(attr);
		break;
	default:
		t->value[type] = mnl_attr_get_u64(attr);
		break;
	}
	t->present[type] = true;
	return MNL_CB_OK;
}

static int parse_tables(const struct nlattr *tables, struct fg_status *st)
{
	const struct nlattr *nest;

	if (!fg_nl_nest_ok(tables))
		return -EBADMSG;
	mnl_attr_for_each_nested(nest, tables) {
		struct fg_table_status *t;

		if (st->n_tables == FG_STATUS_TABLES)
			break;
		t = &st->tables[st->n_tables];
		if (mnl_attr_validate(nest, MNL_TYPE_NESTED) < 0 ||
		    !fg_nl_nest_ok(nest) ||
		    mnl_attr_parse_nested(nest, table_attr_cb, t) != MNL_CB_OK ||
		    !t->present[FLOODGATE_TABLE_A_ID])
			return -EBADMSG;
		t->id = t->value[FLOODGATE_TABLE_A_ID];
		st->n_tables++;
	}
	return 0;
}

static int status_attr_cb(const struct nlattr *attr, void *data)
{
	struct fg_status *st = data;

	switch (mnl_attr_get_type(attr)) {
	case FLOODGATE_A_VERSION:
		if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) < 0)
			return MNL_CB_ERROR;
		snprintf(st->version, sizeof(st->version), "%s",
			 mnl_attr_get_str(attr));
		st->has_version = true;
		break;
	case FLOODGATE_A_HOOK_PRIORITY:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
			return MNL_CB_ERROR;
		st->hook_priority = (int32_t)mnl_attr_get_u32(attr);
		st->has_priority = true;
		break;
	case FLOODGATE_A_TABLES:
		if (mnl_attr_validate(attr, MNL_TYPE_NESTED) < 0 ||
		    parse_tables(attr, st))
			return MNL_CB_ERROR;
		break;
	case FLOODGATE_A_SYNPROXY_CT:
		if (mnl_attr_validate(attr, MNL_TYPE_U8) < 0)
			return MNL_CB_ERROR;
		st->sp_ct = mnl_attr_get_u8(attr);
		st->has_sp_ct = true;
		break;
	case FLOODGATE_A_SYNPROXY_PROXIED:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
			return MNL_CB_ERROR;
		st->proxied = mnl_attr_get_u32(attr);
		st->has_proxied = true;
		break;
	}
	return MNL_CB_OK;
}

int fg_status_parse(const struct nlmsghdr *nlh, struct fg_status *st)
{
	const struct genlmsghdr *genl = mnl_nlmsg_get_payload(nlh);

	memset(st, 0, sizeof(*st));
	if (mnl_nlmsg_get_payload_len(nlh) < GENL_HDRLEN ||
	    genl->cmd != FLOODGATE_CMD_GET_STATUS ||
	    mnl_attr_parse(nlh, GENL_HDRLEN, status_attr_cb, st) != MNL_CB_OK) {
		memset(st, 0, sizeof(*st));
		return -EBADMSG;
	}
	st->valid = true;
	return 0;
}

const struct fg_table_status *fg_status_table(const struct fg_status *st,
					      uint8_t id)
{
	unsigned int i;

	for (i = 0; i < st->n_tables; i++)
		if (st->tables[i].id == id)
			return &st->tables[i];
	return NULL;
}

static int reply_cb(const struct nlmsghdr *nlh, void *data)
{
	if (fg_status_parse(nlh, data) < 0) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	return MNL_CB_OK;
}

int fg_status_query(struct fg_nl *nl, struct fg_status *st)
{
	struct fg_nl_reply rp;
	int ret;

	st->valid = false;
	ret = fg_nl_transact(nl, fg_nl_msg(nl, FLOODGATE_CMD_GET_STATUS),
			     reply_cb, st, &rp);
	if (!ret && !st->valid)
		ret = -EBADMSG;
	return ret;
}

/* 512 B, 1.0 KiB, 2.1 MiB: one decimal, binary units. */
static const char *human_bytes(uint64_t v, char buf[CELL_SIZE])
{
	static const char *const units[] = { "KiB", "MiB", "GiB", "TiB",
					     "PiB", "EiB" };
	double d = v / 1024.0;
	size_t u = 0;

	if (v < 1024) {
		snprintf(buf, CELL_SIZE, "%" PRIu64 " B", v);
		return buf;
	}
	/* Whatever would print as 1024.0 goes to the next unit. */
	while (d >= 1023.95 && u + 1 < ARRAY_SIZE(units)) {
		d /= 1024;
		u++;
	}
	snprintf(buf, CELL_SIZE, "%.1f %s", d, units[u]);
	return buf;
}

/* A cell of the text table; "-" for a field the module did not send. */
static const char *cell(const struct fg_table_status *t,
			const struct column *c, char buf[CELL_SIZE])
{
	if (!t->present[c->attr])
		return "-";
	if (c->bytes)
		return human_bytes(t->value[c->attr], buf);
	snprintf(buf, CELL_SIZE, "%" PRIu64, t->value[c->attr]);
	return buf;
}

/* FLOODGATE_SYNPROXY_CT_*: off, engaged, held; a newer value as a number. */
static const char *sp_ct_name(uint8_t ct, char buf[CELL_SIZE])
{
	static const char *const names[] = {
		[FLOODGATE_SYNPROXY_CT_OFF] = "off",
		[FLOODGATE_SYNPROXY_CT_ENGAGED] = "engaged",
		[FLOODGATE_SYNPROXY_CT_HELD] = "held",
	};

	if (ct < ARRAY_SIZE(names))
		return names[ct];
	snprintf(buf, CELL_SIZE, "%u", ct);
	return buf;
}

static void print_sp_text(FILE *f, const struct fg_status *st)
{
	char buf[CELL_SIZE];

	if (!st->has_sp_ct)
		return;
	fprintf(f, "synproxy: conntrack %s", sp_ct_name(st->sp_ct, buf));
	if (st->has_proxied)
		fprintf(f, ", %" PRIu32 " proxied connection%s open",
			st->proxied, st->proxied == 1 ? "" : "s");
	fputc('\n', f);
}

void fg_status_print_text(FILE *f, const struct fg_status *st)
{
	enum { COLS = 1 + ARRAY_SIZE(columns) };
	char buf[FG_STATUS_TABLES][COLS][CELL_SIZE];
	const char *cells[(1 + FG_STATUS_TABLES) * COLS];
	unsigned int i;
	size_t c;

	fprintf(f, "floodgate %s", st->has_version ? st->version : "-");
	if (st->has_priority)
		fprintf(f, ", hook priority %" PRId32, st->hook_priority);
	fputc('\n', f);
	if (!st->n_tables) {
		print_sp_text(f, st);
		return;
	}

	cells[0] = "table";
	for (c = 0; c < ARRAY_SIZE(columns); c++)
		cells[1 + c] = columns[c].name;
	for (i = 0; i < st->n_tables; i++) {
		const struct fg_table_status *t = &st->tables[i];
		const char **row = &cells[(1 + i) * COLS];

		row[0] = fg_table_name(t->id, buf[i][0]);
		for (c = 0; c < ARRAY_SIZE(columns); c++)
			row[1 + c] = cell(t, &columns[c], buf[i][1 + c]);
	}
	fg_print_columns(f, cells, 1 + st->n_tables, COLS);
	print_sp_text(f, st);
}

void fg_status_print_json(FILE *f, const struct fg_status *st, bool pretty)
{
	struct json j;
	unsigned int i;
	char name[4];
	size_t c;

	json_init(&j, f, pretty);
	json_open_object(&j, NULL);
	if (st->has_version)
		json_string(&j, "version", st->version);
	if (st->has_priority)
		json_s64(&j, "hook-priority", st->hook_priority);
	json_open_object(&j, "tables");
	for (i = 0; i < st->n_tables; i++) {
		const struct fg_table_status *t = &st->tables[i];

		json_open_object(&j, fg_table_name(t->id, name));
		for (c = 0; c < ARRAY_SIZE(columns); c++)
			if (t->present[columns[c].attr])
				json_u64(&j, columns[c].name,
					 t->value[columns[c].attr]);
		json_close(&j);
	}
	json_close(&j);
	if (st->has_sp_ct) {
		char buf[CELL_SIZE];

		json_open_object(&j, "synproxy");
		json_string(&j, "conntrack", sp_ct_name(st->sp_ct, buf));
		if (st->has_proxied)
			json_u64(&j, "proxied", st->proxied);
		json_close(&j);
	}
	json_close(&j);
	json_finish(&j);
}

static int status_show(const struct fg_ctx *ctx, int argc, char *argv[])
{
	struct fg_status st;
	struct fg_nl nl;
	int ret;

	if (argc)
		return fg_unexpected_arg("status", "show", argv[0]);
	if (fg_nl_open(&nl, ctx->netns))
		return FG_EXIT_FAIL;
	st.valid = false;
	ret = fg_nl_request(&nl, fg_nl_msg(&nl, FLOODGATE_CMD_GET_STATUS),
			    reply_cb, &st, "get status");
	fg_nl_close(&nl);
	if (ret)
		return FG_EXIT_FAIL;
	if (!st.valid) {
		fg_err("get status: the kernel acknowledged but sent no status");
		return FG_EXIT_FAIL;
	}
	if (ctx->json)
		fg_status_print_json(stdout, &st, ctx->pretty);
	else
		fg_status_print_text(stdout, &st);
	return FG_EXIT_OK;
}

static const struct fg_command status_commands[] = {
	{ "show", status_show },
};

const struct fg_object fg_status_object = {
	.name = "status",
	.commands = status_commands,
	.n_commands = ARRAY_SIZE(status_commands),
	.usage =
	"floodgate status [show]\n"
	"    The module's version and netfilter hook priority, then a table of\n"
	"    the blocklist, the allowlist and the rate limiter's keys, columns\n"
	"    aligned:\n"
	"        floodgate VERSION, hook priority PRIORITY\n"
	"        table  entries  capacity  memory   prefix-lengths\n"
	"        block  N        N         SIZE     N\n"
	"        allow  N        N         SIZE     N\n"
	"        limit  N        N         SIZE     -\n"
	"    entries: entries now; capacity: the most the table takes ('set max');\n"
	"    memory: bytes of the entries and hash buckets, as 512 B, 2.1 MiB;\n"
	"    prefix-lengths: distinct prefix lengths in use, the most hash\n"
	"    lookups a packet costs in the table. '-': not reported by the module.\n"
	"    limit: the keys (policy and source prefix) the rate limiter tracks\n"
	"    ('floodgate help limit'), in a table allocated when the first limit\n"
	"    is set; it never refuses a source: a new key takes the slot of the\n"
	"    longest idle one. prefix-lengths does not apply to it: '-'.\n"
	"    Last, whether the SYN proxy ('floodgate help synproxy') holds\n"
	"    conntrack and the kernel's synproxy hooks in this namespace:\n"
	"        synproxy: conntrack off|engaged|held[, N proxied connections open]\n"
	"    engaged: ports are protected; held: no port is, but N connections\n"
	"    the proxy handed over are still open and need conntrack's sequence\n"
	"    translation, so it stays until they end (counted every 10 s).\n"
	"    With -j, memory in bytes and a field the module lacks, or that does\n"
	"    not apply, left out:\n"
	"        {\"version\":\"0.1.0\",\"hook-priority\":-500,\n"
	"         \"tables\":{\"block\":{\"entries\":N,\"capacity\":N,\"memory\":N,\n"
	"         \"prefix-lengths\":N},\"allow\":{...},\n"
	"         \"limit\":{\"entries\":N,\"capacity\":N,\"memory\":N}},\n"
	"         \"synproxy\":{\"conntrack\":\"held\",\"proxied\":N}}\n",
};
