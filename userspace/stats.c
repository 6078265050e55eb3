// SPDX-License-Identifier: GPL-2.0
/*
 * floodgate stats [show]: the module's counters, from one
 * FLOODGATE_CMD_GET_STATS request, as an aligned table or as JSON.
 */

#include "stats.h"
#include "floodgate.h"
#include "json.h"
#include "nl.h"
#include "util.h"

#include <errno.h>
#include <inttypes.h>
#include <linux/genetlink.h>
#include <string.h>

enum row_kind {
	ROW_TRAFFIC,	/* packets and bytes; an object in JSON */
	ROW_REASON,	/* packets passed or dropped for one reason; under
			 * the ROW_TRAFFIC row before it ("reasons" in JSON) */
	ROW_COUNT,	/* packets only; a number in JSON */
	ROW_EVENT,	/* not packets: no unit in text; a number in JSON */
};

struct stat_row {
	const char *name;	/* kebab-case, the same in text and JSON */
	enum row_kind kind;
	uint16_t pkts;		/* FLOODGATE_STATS_A_* */
	uint16_t bytes;		/* ROW_TRAFFIC only */
};

#define TRAFFIC(name, pkts, bytes) { name, ROW_TRAFFIC, pkts, bytes }
#define REASON(name, attr) { name, ROW_REASON, attr, 0 }
#define COUNT(name, attr) { name, ROW_COUNT, attr, 0 }
#define EVENT(name, attr) { name, ROW_EVENT, attr, 0 }

/*
 * The one mapping from attributes to names, in output order, for both
 * outputs. A counter added to the uapi header needs just a row here.
 */
static const struct stat_row rows[] = {
	TRAFFIC("seen", FLOODGATE_STATS_A_SEEN_PKTS,
		FLOODGATE_STATS_A_SEEN_BYTES),
	TRAFFIC("passed", FLOODGATE_STATS_A_PASSED_PKTS,
		FLOODGATE_STATS_A_PASSED_BYTES),
	REASON("allowlist", FLOODGATE_STATS_A_PASS_ALLOWLIST),
	TRAFFIC("dropped", FLOODGATE_STATS_A_DROPPED_PKTS,
		FLOODGATE_STATS_A_DROPPED_BYTES),
	REASON("malformed-ip", FLOODGATE_STATS_A_DROP_MALFORMED_IP),
	REASON("malformed-l4", FLOODGATE_STATS_A_DROP_MALFORMED_L4),
	REASON("malformed-frag", FLOODGATE_STATS_A_DROP_MALFORMED_FRAG),
	REASON("blocklist", FLOODGATE_STATS_A_DROP_BLOCKLIST),
	REASON("ratelimit", FLOODGATE_STATS_A_DROP_RATELIMIT),
	REASON("ratelimit-syn", FLOODGATE_STATS_A_DROP_RATELIMIT_SYN),
	REASON("ratelimit-bytes", FLOODGATE_STATS_A_DROP_RATELIMIT_BYTES),
	REASON("synproxy-syn", FLOODGATE_STATS_A_DROP_SYNPROXY_SYN),
	REASON("synproxy-ack", FLOODGATE_STATS_A_DROP_SYNPROXY_ACK),
	REASON("synproxy-invalid", FLOODGATE_STATS_A_DROP_SYNPROXY_INVALID),
	REASON("synproxy-noconn", FLOODGATE_STATS_A_DROP_SYNPROXY_NOCONN),
	COUNT("ipv4", FLOODGATE_STATS_A_IPV4_PKTS),
	COUNT("ipv6", FLOODGATE_STATS_A_IPV6_PKTS),
	COUNT("fragments", FLOODGATE_STATS_A_FRAGMENTS),
	EVENT("autoblocks", FLOODGATE_STATS_A_AUTOBLOCKS),
	EVENT("autoblock-lost", FLOODGATE_STATS_A_AUTOBLOCK_LOST),
	EVENT("synproxy-cookies-sent", FLOODGATE_STATS_A_SYNPROXY_COOKIES_SENT),
	EVENT("synproxy-handed-over", FLOODGATE_STATS_A_SYNPROXY_HANDED_OVER),
	EVENT("synproxy-engaged", FLOODGATE_STATS_A_SYNPROXY_ENGAGED),
	EVENT("synproxy-disengaged", FLOODGATE_STATS_A_SYNPROXY_DISENGAGED),
};

/* Indentation of reasons in the text output. */
#define REASON_INDENT 2
/* The longest counter in decimal, and its NUL. */
#define COUNTER_TEXT_SIZE sizeof("18446744073709551615")

static int counter_cb(const struct nlattr *attr, void *data)
{
	struct fg_stats *st = data;
	uint16_t type = mnl_attr_get_type(attr);

	/* Padding, and the counters of newer modules, are not for us. */
	if (type == FLOODGATE_STATS_A_UNSPEC || type == FLOODGATE_STATS_A_PAD ||
	    type > FLOODGATE_STATS_A_MAX)
		return MNL_CB_OK;
	if (mnl_attr_validate(attr, MNL_TYPE_U64) < 0)
		return MNL_CB_ERROR;
	st->value[type] = mnl_attr_get_u64(attr);
	st->present[type] = true;
	return MNL_CB_OK;
}

static int nest_cb(const struct nlattr *attr, void *data)
{
	const struct nlattr **nest = data;

	if (mnl_attr_get_type(attr) == FLOODGATE_A_STATS)
		*nest = attr;
	return MNL_CB_OK;
}

int fg_stats_parse(const struct nlmsghdr *nlh, struct fg_stats *st)
{
	const struct genlmsghdr *genl = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *nest = NULL;

	memset(st, 0, sizeof(*st));
	if (mnl_nlmsg_get_payload_len(nlh) < GENL_HDRLEN ||
	    genl->cmd != FLOODGATE_CMD_GET_STATS)
		return -EBADMSG;
	if (mnl_attr_parse(nlh, GENL_HDRLEN, nest_cb, &nest) != MNL_CB_OK ||
	    !nest || !fg_nl_nest_ok(nest) ||
	    mnl_attr_parse_nested(nest, counter_cb, st) != MNL_CB_OK)
		return -EBADMSG;
	st->valid = true;
	return 0;
}

const char *fg_stats_name(uint16_t attr)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(rows); i++)
		if (rows[i].kind != ROW_TRAFFIC && rows[i].pkts == attr)
			return rows[i].name;
	return NULL;
}

static bool row_present(const struct fg_stats *st, const struct stat_row *r)
{
	return st->present[r->pkts] ||
	       (r->kind == ROW_TRAFFIC && st->present[r->bytes]);
}

/* A counter as text; "-" for one the running module does not have. */
static const char *counter_text(const struct fg_stats *st, uint16_t attr,
				char buf[COUNTER_TEXT_SIZE])
{
	if (!st->present[attr])
		return "-";
	snprintf(buf, COUNTER_TEXT_SIZE, "%" PRIu64, st->value[attr]);
	return buf;
}

static int max_int(int a, int b)
{
	return a > b ? a : b;
}

static int text_indent(const struct stat_row *r)
{
	return r->kind == ROW_REASON ? REASON_INDENT : 0;
}

void fg_stats_print_text(FILE *f, const struct fg_stats *st)
{
	int wname = 0, wpkts = 0, wbytes = 0;
	char buf[COUNTER_TEXT_SIZE];
	size_t i;

	/* Column widths from the values: aligned, yet no wider than needed. */
	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		const struct stat_row *r = &rows[i];

		wname = max_int(wname, text_indent(r) + strlen(r->name));
		wpkts = max_int(wpkts, strlen(counter_text(st, r->pkts, buf)));
		if (r->kind == ROW_TRAFFIC)
			wbytes = max_int(wbytes,
					 strlen(counter_text(st, r->bytes, buf)));
	}
	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		const struct stat_row *r = &rows[i];
		int indent = text_indent(r);

		fprintf(f, "%*s%-*s  %*s%s", indent, "", wname - indent,
			r->name, wpkts, counter_text(st, r->pkts, buf),
			r->kind == ROW_EVENT ? "" : " pkts");
		if (r->kind == ROW_TRAFFIC)
			fprintf(f, "  %*s bytes", wbytes,
				counter_text(st, r->bytes, buf));
		fputc('\n', f);
	}
}

/* JSON leaves out what the module lacks: a key is there iff supported. */
static void json_counter(struct json *j, const char *key,
			 const struct fg_stats *st, uint16_t attr)
{
	if (st->present[attr])
		json_u64(j, key, st->value[attr]);
}

static bool any_present(const struct fg_stats *st, size_t first, size_t end)
{
	size_t i;

	for (i = first; i < end; i++)
		if (row_present(st, &rows[i]))
			return true;
	return false;
}

/* A ROW_TRAFFIC row and the reasons after it; returns the next row. */
static size_t json_traffic(struct json *j, const struct fg_stats *st,
			   size_t row)
{
	const struct stat_row *r = &rows[row];
	size_t end = row + 1, i;

	while (end < ARRAY_SIZE(rows) && rows[end].kind == ROW_REASON)
		end++;
	if (!any_present(st, row, end))
		return end;
	json_open_object(j, r->name);
	json_counter(j, "packets", st, r->pkts);
	json_counter(j, "bytes", st, r->bytes);
	if (any_present(st, row + 1, end)) {
		json_open_object(j, "reasons");
		for (i = row + 1; i < end; i++)
			json_counter(j, rows[i].name, st, rows[i].pkts);
		json_close(j);
	}
	json_close(j);
	return end;
}

void fg_stats_print_json(FILE *f, const struct fg_stats *st, bool pretty)
{
	struct json j;
	size_t i = 0;

	json_init(&j, f, pretty);
	json_open_object(&j, NULL);
	while (i < ARRAY_SIZE(rows)) {
		if (rows[i].kind == ROW_TRAFFIC) {
			i = json_traffic(&j, st, i);
		} else {
			json_counter(&j, rows[i].name, st, rows[i].pkts);
			i++;
		}
	}
	json_close(&j);
	json_finish(&j);
}

static int reply_cb(const struct nlmsghdr *nlh, void *data)
{
	if (fg_stats_parse(nlh, data) < 0) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	return MNL_CB_OK;
}

static int stats_show(const struct fg_ctx *ctx, int argc, char *argv[])
{
	struct fg_stats st = { .valid = false };
	struct fg_nl nl;
	int ret;

	if (argc)
		return fg_unexpected_arg("stats", "show", argv[0]);
	if (fg_nl_open(&nl, ctx->netns))
		return FG_EXIT_FAIL;
	ret = fg_nl_request(&nl, fg_nl_msg(&nl, FLOODGATE_CMD_GET_STATS),
			    reply_cb, &st, "get stats");
	fg_nl_close(&nl);
	if (ret)
		return FG_EXIT_FAIL;
	if (!st.valid) {
		fg_err("get stats: the kernel acknowledged but sent no counters");
		return FG_EXIT_FAIL;
	}
	if (ctx->json)
		fg_stats_print_json(stdout, &st, ctx->pretty);
	else
		fg_stats_print_text(stdout, &st);
	return FG_EXIT_OK;
}

static const struct fg_command stats_commands[] = {
	{ "show", stats_show },
};

const struct fg_object fg_stats_object = {
	.name = "stats",
	.commands = stats_commands,
	.n_commands = ARRAY_SIZE(stats_commands),
	.usage =
	"floodgate stats [show]\n"
	"    The counters of the network namespace: 64-bit, summed over all CPUs,\n"
	"    never reset (sample twice for rates). One counter per line, columns\n"
	"    aligned; packets passed or dropped for a given reason are indented\n"
	"    under 'passed' or 'dropped' (the drop reasons add up to 'dropped'):\n"
	"        seen                   PKTS pkts  BYTES bytes\n"
	"        passed                 PKTS pkts  BYTES bytes\n"
	"          allowlist            PKTS pkts\n"
	"        dropped                PKTS pkts  BYTES bytes\n"
	"          malformed-ip         PKTS pkts\n"
	"          malformed-l4         PKTS pkts\n"
	"          malformed-frag       PKTS pkts\n"
	"          blocklist            PKTS pkts\n"
	"          ratelimit            PKTS pkts\n"
	"          ratelimit-syn        PKTS pkts\n"
	"          ratelimit-bytes      PKTS pkts\n"
	"          synproxy-syn         PKTS pkts\n"
	"          synproxy-ack         PKTS pkts\n"
	"          synproxy-invalid     PKTS pkts\n"
	"          synproxy-noconn      PKTS pkts\n"
	"        ipv4                   PKTS pkts\n"
	"        ipv6                   PKTS pkts\n"
	"        fragments              PKTS pkts\n"
	"        autoblocks             N\n"
	"        autoblock-lost         N\n"
	"        synproxy-cookies-sent  N\n"
	"        synproxy-handed-over   N\n"
	"        synproxy-engaged       N\n"
	"        synproxy-disengaged    N\n"
	"    ratelimit, ratelimit-syn, ratelimit-bytes: over the source's pps,\n"
	"    syn-pps or bps budget ('floodgate help limit'). autoblocks: sources\n"
	"    the rate limiter added to the blocklist; autoblock-lost: automatic\n"
	"    blocks that could not be made (queue or blocklist full). These two\n"
	"    count sources, not packets.\n"
	"    The SYN proxy's ('floodgate help synproxy'): synproxy-syn: SYNs to a\n"
	"    port it protects, answered with a cookie; synproxy-ack: ACKs with a\n"
	"    valid cookie, replaced by a SYN to the service; synproxy-invalid:\n"
	"    ACKs of no connection without a valid cookie (forged, too old, bad\n"
	"    checksum); synproxy-noconn: other packets of no connection.\n"
	"    synproxy-cookies-sent: SYN-ACKs sent; synproxy-handed-over:\n"
	"    connections handed to the service; synproxy-engaged, -disengaged:\n"
	"    times a port in mode auto switched the proxy on or off. These four\n"
	"    count those, not packets dropped.\n"
	"    A counter the running module does not have shows as '-'.\n"
	"    With -j, one object whose keys are the names above; a counter the\n"
	"    module does not have is left out:\n"
	"        {\"seen\":{\"packets\":N,\"bytes\":N},\n"
	"         \"passed\":{\"packets\":N,\"bytes\":N,\"reasons\":{\"allowlist\":N}},\n"
	"         \"dropped\":{\"packets\":N,\"bytes\":N,\"reasons\":{\"malformed-ip\":N,\n"
	"         \"malformed-l4\":N,\"malformed-frag\":N,\"blocklist\":N,\"ratelimit\":N,\n"
	"         \"ratelimit-syn\":N,\"ratelimit-bytes\":N,\"synproxy-syn\":N,\n"
	"         \"synproxy-ack\":N,\"synproxy-invalid\":N,\"synproxy-noconn\":N}},\n"
	"         \"ipv4\":N,\"ipv6\":N,\"fragments\":N,\"autoblocks\":N,\"autoblock-lost\":N,\n"
	"         \"synproxy-cookies-sent\":N,\"synproxy-handed-over\":N,\n"
	"         \"synproxy-engaged\":N,\"synproxy-disengaged\":N}\n",
};
