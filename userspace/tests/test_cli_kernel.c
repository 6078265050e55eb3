// SPDX-License-Identifier: GPL-2.0
/*
 * The program against a fake kernel (cli.h): for stats, status, each
 * table command, the rate limiter's commands and the monitor, the
 * requests it sends, exactly what it prints and its exit code, for the
 * kernel's answers and refusals that matter.
 */

#include "tests.h"
#include "batch.h"
#include "canned.h"
#include "cli.h"
#include "load.h"
#include "util.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/genetlink.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define ARGS(...) ((const char *const[]){ __VA_ARGS__, NULL })

static const char *prog;
static struct fake k;
static struct result r;

/* Runs the program against k; checks exit code, outputs and requests. */
static void expect(const char *name, const char *const *args,
		   const char *in, int status, const char *out,
		   const char *err, const char *log)
{
	run_cli(prog, args, in, &k, &r);
	if (!tap_ok(r.status == status, "kernel: %s: exit %d", name, status))
		printf("#   exit %d\n", r.status);
	tap_str(r.out, out, "kernel: %s: stdout", name);
	tap_str(r.err, err, "kernel: %s: stderr", name);
	if (log)
		tap_str(k.log, log, "kernel: %s: requests", name);
}

static const struct canned_table tables[] = {
	{ FLOODGATE_TABLE_BLOCK, 12, 1048576, 2, 2202009 },
	{ FLOODGATE_TABLE_ALLOW, 0, 1048576, 0, 1024 },
	{ FLOODGATE_TABLE_LIMIT, 0, 4096, 0, 0 },
};

static void serve_status(struct fake *f, const struct nlmsghdr *req)
{
	fake_put(f, req, canned_status(fake_room(f), tables, 3), 0);
	fake_ack(f, req, 0, NULL, 0);
}

/* GET_STATS: every counter the uapi header has, of value 100 + type. */
static void serve_stats(struct fake *f, const struct nlmsghdr *req)
{
	struct nlmsghdr *nlh = canned_header(fake_room(f),
					     FLOODGATE_CMD_GET_STATS);
	struct nlattr *nest = mnl_attr_nest_start(nlh, FLOODGATE_A_STATS);
	uint16_t t;

	for (t = FLOODGATE_STATS_A_PAD + 1; t <= FLOODGATE_STATS_A_MAX; t++) {
		mnl_attr_put(nlh, FLOODGATE_STATS_A_PAD, 0, NULL);
		mnl_attr_put_u64(nlh, t, 100 + t);
	}
	mnl_attr_nest_end(nlh, nest);
	fake_put(f, req, nlh, 0);
	fake_ack(f, req, 0, NULL, 0);
}

static void test_stats_show(void)
{
	k.serve = serve_stats;
	expect("stats, every counter", ARGS("stats"), NULL, 0,
	       "seen                   102 pkts  103 bytes\n"
	       "passed                 104 pkts  105 bytes\n"
	       "  allowlist            115 pkts\n"
	       "dropped                106 pkts  107 bytes\n"
	       "  malformed-ip         111 pkts\n"
	       "  malformed-l4         112 pkts\n"
	       "  malformed-frag       113 pkts\n"
	       "  blocklist            114 pkts\n"
	       "  ratelimit            116 pkts\n"
	       "  ratelimit-syn        117 pkts\n"
	       "  ratelimit-bytes      118 pkts\n"
	       "  synproxy-syn         121 pkts\n"
	       "  synproxy-ack         122 pkts\n"
	       "  synproxy-invalid     123 pkts\n"
	       "  synproxy-noconn      124 pkts\n"
	       "ipv4                   108 pkts\n"
	       "ipv6                   109 pkts\n"
	       "fragments              110 pkts\n"
	       "autoblocks             119\n"
	       "autoblock-lost         120\n"
	       "synproxy-cookies-sent  125\n"
	       "synproxy-handed-over   126\n"
	       "synproxy-engaged       127\n"
	       "synproxy-disengaged    128\n", "", "GET_STATS\n");
	expect("-j stats, every counter", ARGS("-j", "stats"),
	       NULL, 0,
	       "{\"seen\":{\"packets\":102,\"bytes\":103},"
	       "\"passed\":{\"packets\":104,\"bytes\":105,"
	       "\"reasons\":{\"allowlist\":115}},"
	       "\"dropped\":{\"packets\":106,\"bytes\":107,"
	       "\"reasons\":{\"malformed-ip\":111,\"malformed-l4\":112,"
	       "\"malformed-frag\":113,\"blocklist\":114,\"ratelimit\":116,"
	       "\"ratelimit-syn\":117,\"ratelimit-bytes\":118,"
	       "\"synproxy-syn\":121,\"synproxy-ack\":122,"
	       "\"synproxy-invalid\":123,\"synproxy-noconn\":124}},"
	       "\"ipv4\":108,\"ipv6\":109,\"fragments\":110,"
	       "\"autoblocks\":119,\"autoblock-lost\":120,"
	       "\"synproxy-cookies-sent\":125,\"synproxy-handed-over\":126,"
	       "\"synproxy-engaged\":127,\"synproxy-disengaged\":128}\n", "",
	       "GET_STATS\n");
}

static void test_status(void)
{
	k.serve = serve_status;
	expect("status", ARGS("status"), NULL, 0,
	       "floodgate 0.1.0, hook priority -500\n"
	       "table  entries  capacity  memory   prefix-lengths\n"
	       "block  12       1048576   2.1 MiB  2\n"
	       "allow  0        1048576   1.0 KiB  0\n"
	       "limit  0        4096      0 B      -\n", "", "GET_STATUS\n");
	expect("-j status show", ARGS("-j", "status", "show"), NULL, 0,
	       "{\"version\":\"0.1.0\",\"hook-priority\":-500,\"tables\":{"
	       "\"block\":{\"entries\":12,\"capacity\":1048576,"
	       "\"memory\":2202009,\"prefix-lengths\":2},"
	       "\"allow\":{\"entries\":0,\"capacity\":1048576,"
	       "\"memory\":1024,\"prefix-lengths\":0},"
	       "\"limit\":{\"entries\":0,\"capacity\":4096,"
	       "\"memory\":0}}}\n", "", "GET_STATUS\n");
}

/* Three dumps' worth of entries: what each attempt of a listing gets. */
static const struct canned_entry dump1[] = {
	{ "2001:db8::1", 128, -1, 7, 86400, FLOODGATE_ORIGIN_MANUAL },
	{ "198.51.100.0", 24, 118, 42, 3, FLOODGATE_ORIGIN_MANUAL },
	{ "203.0.113.7", 32, -1, 0, -1, FLOODGATE_ORIGIN_AUTO },
	{ "2001:db8::", 32, 5, 1, 0, FLOODGATE_ORIGIN_MANUAL },
	{ "10.0.0.0", 8, -1, 0, -1, FLOODGATE_ORIGIN_MANUAL },
};

static const char dump1_text[] =
	"10.0.0.0/8 hits 0 origin manual\n"
	"198.51.100.0/24 timeout 118 hits 42 last-hit 3 origin manual\n"
	"203.0.113.7 hits 0 origin auto\n"
	"2001:db8::/32 timeout 5 hits 1 last-hit 0 origin manual\n"
	"2001:db8::1 hits 7 last-hit 86400 origin manual\n";

static const char dump1_json[] =
	"[{\"prefix\":\"10.0.0.0/8\",\"hits\":0,\"origin\":\"manual\"},"
	"{\"prefix\":\"198.51.100.0/24\",\"timeout\":118,\"hits\":42,"
	"\"last-hit\":3,\"origin\":\"manual\"},"
	"{\"prefix\":\"203.0.113.7\",\"hits\":0,\"origin\":\"auto\"},"
	"{\"prefix\":\"2001:db8::/32\",\"timeout\":5,\"hits\":1,"
	"\"last-hit\":0,\"origin\":\"manual\"},"
	"{\"prefix\":\"2001:db8::1\",\"hits\":7,\"last-hit\":86400,"
	"\"origin\":\"manual\"}]\n";

struct dump_script {
	unsigned int intr_attempts;	/* attempts that race a change */
	unsigned int attempt;
};

/*
 * A dump as the kernel sends it: entries over several messages, each in
 * its own datagram, then NLMSG_DONE. An attempt that races a change has
 * NLM_F_DUMP_INTR on its second message and on NLMSG_DONE, and an entry
 * that a consistent dump would not have (a repeat).
 */
static void serve_dump(struct fake *f, const struct nlmsghdr *req)
{
	struct dump_script *s = f->data;
	const struct nlattr *attr;
	bool intr = ++s->attempt <= s->intr_attempts;
	uint8_t table = 0;

	mnl_attr_for_each(attr, req, GENL_HDRLEN)
		if (mnl_attr_get_type(attr) == FLOODGATE_A_TABLE)
			table = mnl_attr_get_u8(attr);
	fake_put(f, req, canned_entries(fake_room(f), table, dump1, 2),
		 NLM_F_MULTI);
	fake_send(f);
	fake_put(f, req, canned_entries(fake_room(f), table, dump1 + 2,
					intr ? 3 : 2),
		 NLM_F_MULTI | (intr ? NLM_F_DUMP_INTR : 0));
	fake_send(f);
	fake_put(f, req, canned_entries(fake_room(f), table, dump1 + 4, 1),
		 NLM_F_MULTI);
	fake_done(f, req, intr ? NLM_F_DUMP_INTR : 0);
}

static void test_list(void)
{
	struct dump_script s = { 0, 0 };

	k.serve = serve_dump;
	k.data = &s;
	expect("block list", ARGS("block", "list"), NULL, 0, dump1_text, "",
	       "ENTRY_GET dump table 0\n");
	s.attempt = 0;
	expect("block (list is the default)", ARGS("block"), NULL, 0,
	       dump1_text, "", "ENTRY_GET dump table 0\n");
	s.attempt = 0;
	expect("-j allow list", ARGS("-j", "allow", "li"), NULL, 0,
	       dump1_json, "", "ENTRY_GET dump table 1\n");

	s = (struct dump_script){ 1, 0 };
	expect("list raced once: redone, clean", ARGS("block", "list"), NULL,
	       0, dump1_text, "",
	       "ENTRY_GET dump table 0\nENTRY_GET dump table 0\n");
	s = (struct dump_script){ 2, 0 };
	expect("list raced twice: redone twice, clean", ARGS("block", "list"),
	       NULL, 0, dump1_text, "",
	       "ENTRY_GET dump table 0\nENTRY_GET dump table 0\n"
	       "ENTRY_GET dump table 0\n");

	/* Three races: the last attempt, repeat included, and a warning. */
	s = (struct dump_script){ 3, 0 };
	expect("list raced three times: printed, with a warning",
	       ARGS("block", "list"), NULL, 0,
	       "10.0.0.0/8 hits 0 origin manual\n"
	       "10.0.0.0/8 hits 0 origin manual\n"
	       "198.51.100.0/24 timeout 118 hits 42 last-hit 3 origin manual\n"
	       "203.0.113.7 hits 0 origin auto\n"
	       "2001:db8::/32 timeout 5 hits 1 last-hit 0 origin manual\n"
	       "2001:db8::1 hits 7 last-hit 86400 origin manual\n",
	       "floodgate: warning: the table changed during the listing; it may be inconsistent\n",
	       "ENTRY_GET dump table 0\nENTRY_GET dump table 0\n"
	       "ENTRY_GET dump table 0\n");
	k.data = NULL;
}

static void serve_empty_dump(struct fake *f, const struct nlmsghdr *req)
{
	fake_done(f, req, 0);
}

static void test_list_empty(void)
{
	k.serve = serve_empty_dump;
	expect("empty list", ARGS("block", "list"), NULL, 0, "", "", NULL);
	expect("-j empty list", ARGS("-j", "block", "list"), NULL, 0, "[]\n",
	       "", NULL);
}

/* A lookup: 198.51.100.0/24 matches 198.51.100.x, nothing else does. */
static void serve_lookup(struct fake *f, const struct nlmsghdr *req)
{
	static const struct canned_entry match = {
		"198.51.100.0", 24, 118, 42, 3, FLOODGATE_ORIGIN_MANUAL
	};

	if (!strstr(f->log, ": 198.51.100.")) {
		fake_ack(f, req, -ENOENT, "floodgate: no entry matches the address",
			 0);
		return;
	}
	fake_put(f, req, canned_entries(fake_room(f), FLOODGATE_TABLE_BLOCK,
					&match, 1), 0);
	fake_ack(f, req, 0, NULL, 0);
}

/* A lookup's reply that is not the one entry it must be. */
static void serve_lookup_odd(struct fake *f, const struct nlmsghdr *req)
{
	static const struct canned_entry two[] = {
		{ "198.51.100.0", 24, -1, 0, -1, FLOODGATE_ORIGIN_MANUAL },
		{ "198.51.100.0", 16, -1, 0, -1, FLOODGATE_ORIGIN_MANUAL },
	};
	const size_t *n = f->data;

	fake_put(f, req, canned_entries(fake_room(f), FLOODGATE_TABLE_BLOCK,
					two, *n), 0);
	fake_ack(f, req, 0, NULL, 0);
}

/*
 * A lookup's reply padded past 32 KiB with an attribute of a newer
 * module: received whole, into a buffer of its size.
 */
static void serve_lookup_big(struct fake *f, const struct nlmsghdr *req)
{
	static const struct canned_entry match = {
		"198.51.100.0", 24, -1, 1, -1, FLOODGATE_ORIGIN_MANUAL
	};
	static const char pad[40000];
	struct nlmsghdr *nlh = canned_entries(fake_room(f),
					      FLOODGATE_TABLE_BLOCK, &match, 1);

	mnl_attr_put(nlh, FLOODGATE_A_MAX + 1, sizeof(pad), pad);
	fake_put(f, req, nlh, 0);
	fake_ack(f, req, 0, NULL, 0);
}

static void test_test(void)
{
	size_t n;

	k.serve = serve_lookup;
	expect("test: a match", ARGS("block", "test", "198.51.100.7"), NULL, 0,
	       "198.51.100.7 matches 198.51.100.0/24 timeout 118 hits 42 last-hit 3 origin manual\n",
	       "", "ENTRY_GET table 0: 198.51.100.7\n");
	expect("-j test: a match", ARGS("-j", "block", "test", "198.51.100.7"),
	       NULL, 0,
	       "{\"address\":\"198.51.100.7\",\"match\":{\"prefix\":\"198.51.100.0/24\","
	       "\"timeout\":118,\"hits\":42,\"last-hit\":3,\"origin\":\"manual\"}}\n",
	       "", NULL);
	expect("test: no match", ARGS("block", "test", "192.0.2.1"), NULL, 1,
	       "192.0.2.1 is not in the blocklist\n", "",
	       "ENTRY_GET table 0: 192.0.2.1\n");
	expect("test: no match in the allowlist",
	       ARGS("allow", "test", "2001:DB8:0::1"), NULL, 1,
	       "2001:db8::1 is not in the allowlist\n", "",
	       "ENTRY_GET table 1: 2001:db8::1\n");
	expect("-j test: no match", ARGS("-j", "allow", "t", "2001:db8::1"),
	       NULL, 1, "{\"address\":\"2001:db8::1\",\"match\":null}\n", "",
	       NULL);

	k.serve = serve_lookup_big;
	expect("test: a reply larger than 32 KiB",
	       ARGS("block", "test", "198.51.100.7"), NULL, 0,
	       "198.51.100.7 matches 198.51.100.0/24 hits 1 origin manual\n",
	       "", NULL);

	k.serve = serve_lookup_odd;
	k.data = &n;
	n = 2;
	expect("test: a reply of two entries", ARGS("block", "test",
						    "198.51.100.7"), NULL, 1,
	       "", "floodgate: block test: malformed reply from the kernel\n",
	       "ENTRY_GET table 0: 198.51.100.7\n");
	n = 0;
	expect("test: a reply without an entry", ARGS("block", "test",
						      "198.51.100.7"), NULL, 1,
	       "",
	       "floodgate: block test: the kernel acknowledged but sent no entry\n",
	       NULL);
	k.data = NULL;
}

/* Answers every request with @error, a message and the first entry. */
struct refuse {
	int error;
	const char *msg;
};

static void serve_refuse(struct fake *f, const struct nlmsghdr *req)
{
	const struct refuse *rf = f->data;

	if (req_cmd(req) == FLOODGATE_CMD_GET_STATUS) {
		serve_status(f, req);
		return;
	}
	if (rf && rf->error) {
		fake_ack(f, req, rf->error, rf->msg, req_entry_offset(req, 0, 0));
		return;
	}
	fake_ack(f, req, 0, NULL, 0);
}

static void test_changes(void)
{
	struct refuse rf = { 0, NULL };

	k.serve = serve_refuse;
	k.data = &rf;
	expect("add", ARGS("block", "add", "198.51.100.0/24"), NULL, 0, "", "",
	       "ENTRY_ADD table 0: 198.51.100.0/24\n");
	expect("add with a timeout and host bits",
	       ARGS("block", "add", "198.51.100.7/24", "timeout", "10m"), NULL,
	       0, "",
	       "floodgate: warning: '198.51.100.7/24' has host bits set: stored as 198.51.100.0/24\n",
	       "ENTRY_ADD table 0: 198.51.100.0/24 timeout 600\n");
	expect("allow add of a host", ARGS("allow", "add", "2001:db8::1",
					   "timeout", "0"), NULL, 0, "", "",
	       "ENTRY_ADD table 1: 2001:db8::1/128\n");
	expect("del", ARGS("block", "del", "198.51.100.7/24"), NULL, 0, "",
	       "floodgate: warning: '198.51.100.7/24' has host bits set: deleted 198.51.100.0/24\n",
	       "ENTRY_DEL table 0: 198.51.100.0/24\n");
	expect("flush", ARGS("allow", "flush"), NULL, 0, "", "",
	       "TABLE_FLUSH table 1\n");
	expect("set max", ARGS("block", "set", "max", "5000"), NULL, 0, "", "",
	       "SET_CONFIG table 0 capacity 5000\n");

	rf = (struct refuse){ -ENOSPC, "floodgate: table full: its capacity is reached" };
	expect("add to a full table", ARGS("block", "add", "192.0.2.1"), NULL,
	       1, "",
	       "floodgate: block add: table full (capacity 1048576 reached; raise it with 'floodgate block set max N')\n",
	       "ENTRY_ADD table 0: 192.0.2.1/32\nGET_STATUS\n");
	rf = (struct refuse){ -ENOENT, "floodgate: no such entry" };
	expect("del of no entry", ARGS("block", "del", "198.51.100.7/24"),
	       NULL, 1, "",
	       "floodgate: block del: 198.51.100.0/24: no such entry\n",
	       "ENTRY_DEL table 0: 198.51.100.0/24\n");
	rf = (struct refuse){ -EINVAL, "floodgate: something is off" };
	expect("add refused", ARGS("allow", "add", "::/0"), NULL, 1, "",
	       "floodgate: allow add: Invalid argument (kernel: floodgate: something is off)\n",
	       NULL);
	rf = (struct refuse){ -EPERM, NULL };
	expect("flush without CAP_NET_ADMIN", ARGS("block", "flush"), NULL, 1,
	       "",
	       "floodgate: permission denied: CAP_NET_ADMIN is required in the network namespace's user namespace\n",
	       NULL);
	rf = (struct refuse){ -ERANGE, "integer out of range" };
	expect("set max refused", ARGS("block", "set", "max", "16777216"), NULL,
	       1, "",
	       "floodgate: block set: Numerical result out of range (kernel: integer out of range)\n",
	       NULL);
	k.data = NULL;
}

/*
 * Loads: the entries the fake kernel was sent, in order, one a line as
 * the request log writes them; requests refused from the @refuse_at'th
 * on (0: none), at entry @bad_entry of the request.
 */
#define MAX_REQUESTS 64

struct load_script {
	unsigned int refuse_at;
	unsigned int bad_entry;
	int error;
	const char *msg;
	FILE *got;		/* the entries taken */
	unsigned int taken;
	bool bad;		/* an entry did not parse back */
	/* Every ENTRY_ADD request: its length and its entries. */
	unsigned int adds;
	size_t len[MAX_REQUESTS];
	unsigned int entries[MAX_REQUESTS];
};

/* Entry @entry of a request, as the file would have it. */
static void take_entry(struct load_script *s, const struct nlattr *entry)
{
	const struct nlattr *a;
	struct fg_entry e;
	char addr[64];

	/* As the kernel's strict policy: a whole nest, NLA_F_NESTED. */
	if (!(entry->nla_type & NLA_F_NESTED) || fg_entry_parse(entry, &e))
		s->bad = true;
	mnl_attr_for_each_nested(a, entry) {
		switch (mnl_attr_get_type(a)) {
		case FLOODGATE_ENTRY_A_ADDR:
			inet_ntop(mnl_attr_get_payload_len(a) == 4 ?
				  AF_INET : AF_INET6,
				  mnl_attr_get_payload(a), addr, sizeof(addr));
			fputs(addr, s->got);
			break;
		case FLOODGATE_ENTRY_A_PREFIXLEN:
			fprintf(s->got, "/%u", mnl_attr_get_u8(a));
			break;
		case FLOODGATE_ENTRY_A_TIMEOUT:
			fprintf(s->got, " timeout %u", mnl_attr_get_u32(a));
			break;
		default:
			s->bad = true;
		}
	}
	fputc('\n', s->got);
	s->taken++;
}

static void serve_load(struct fake *f, const struct nlmsghdr *req)
{
	struct load_script *s = f->data;
	const struct nlattr *attr;
	unsigned int n = 0;

	if (req_cmd(req) == FLOODGATE_CMD_GET_STATUS) {
		serve_status(f, req);
		return;
	}
	mnl_attr_for_each(attr, req, GENL_HDRLEN)
		n += mnl_attr_get_type(attr) == FLOODGATE_A_ENTRY;
	if (s->adds < MAX_REQUESTS) {
		s->len[s->adds] = req->nlmsg_len;
		s->entries[s->adds] = n;
	}
	s->adds++;
	if (s->refuse_at && f->requests >= s->refuse_at) {
		fake_ack(f, req, s->error, s->msg,
			 req_entry_offset(req, s->bad_entry,
					  s->error == -ERANGE ?
					  FLOODGATE_ENTRY_A_PREFIXLEN : 0));
		return;
	}
	mnl_attr_for_each(attr, req, GENL_HDRLEN)
		if (mnl_attr_get_type(attr) == FLOODGATE_A_ENTRY)
			take_entry(s, attr);
	fake_ack(f, req, 0, NULL, 0);
}

#define LOAD_HEADER 2	/* comment lines before the first entry */

/*
 * A file of @lines entries after a two-line header; entry i (line i + 3)
 * is an IPv4 host, an IPv6 /64 or an IPv4 /24 with a timeout. Writes the
 * file to @path and what the kernel should get to @want.
 */
static void make_load_file(const char *path, unsigned int lines, char **want,
			   size_t *want_len)
{
	FILE *f = fopen(path, "w"), *w = open_memstream(want, want_len);
	char addr[64], canon[INET6_ADDRSTRLEN];
	unsigned char bin[16];
	unsigned int i;

	fprintf(f, "# generated\n\n");
	for (i = 0; i < lines; i++) {
		switch (i % 3) {
		case 0:
			snprintf(addr, sizeof(addr), "10.%u.%u.%u", i >> 16,
				 (i >> 8) & 0xff, i & 0xff);
			fprintf(f, "%s\n", addr);
			fprintf(w, "%s/32\n", addr);
			break;
		case 1:
			snprintf(addr, sizeof(addr), "2001:db8:%x:%x::", i >> 16,
				 i & 0xffff);
			inet_pton(AF_INET6, addr, bin);
			inet_ntop(AF_INET6, bin, canon, sizeof(canon));
			fprintf(f, "%s/64 # six\r\n", addr);
			fprintf(w, "%s/64\n", canon);
			break;
		default:
			fprintf(f, "  172.16.%u.0/24 timeout %u\n", i % 256,
				1 + i);
			fprintf(w, "172.16.%u.0/24 timeout %u\n", i % 256,
				1 + i);
		}
	}
	fclose(f);
	fclose(w);
}

/*
 * How the entries of file @path split at @room bytes a request, as the
 * program should send them: the entries of each request in @counts (up
 * to MAX_REQUESTS); returns the number of requests, and in @whole the
 * size of the one request that would hold them all.
 */
static unsigned int plan(const char *path, size_t room, unsigned int *counts,
			 size_t *whole)
{
	FILE *f = fopen(path, "r");
	struct fg_load_err err;
	struct fg_load ld;
	unsigned int requests = 0;
	size_t done = 0;
	char *buf;

	*whole = 0;
	if (!f)
		return 0;
	if (fg_load_read(f, &ld, &err)) {
		fclose(f);
		fg_load_free(&ld);
		return 0;
	}
	fclose(f);
	*whole = fg_batch_size(ld.v, ld.n);
	if (room > *whole)
		room = *whole;
	buf = malloc(room);
	while (buf && done < ld.n) {
		struct nlmsghdr *nlh;
		size_t k = fg_batch_build(buf, room, CANNED_FAMILY,
					  FLOODGATE_CMD_ENTRY_ADD, 0,
					  ld.v + done, ld.n - done, &nlh);

		if (!k)
			break;
		if (requests < MAX_REQUESTS)
			counts[requests] = k;
		requests++;
		done += k;
	}
	fg_load_free(&ld);
	free(buf);
	return requests;
}

/* The requests of @s are those of the plan, each within @room bytes. */
static bool as_planned(const struct load_script *s, const unsigned int *counts,
		       unsigned int requests, size_t room)
{
	unsigned int i;

	if (s->adds != requests || requests > MAX_REQUESTS)
		return false;
	for (i = 0; i < requests; i++)
		if (s->entries[i] != counts[i] || s->len[i] > room)
			return false;
	return true;
}

/*
 * Whether a request of @len bytes can go in one message here: the send
 * buffer raised by SO_SNDBUFFORCE (CAP_NET_ADMIN in the initial user
 * namespace), or by SO_SNDBUF within net.core.wmem_max.
 */
static bool can_send(size_t len)
{
	int sv[2], size = (len + 33) / 2, got = 0;
	socklen_t optlen = sizeof(got);

	if (socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv) < 0)
		return false;
	if (setsockopt(sv[1], SOL_SOCKET, SO_SNDBUFFORCE, &size,
		       sizeof(size)) < 0)
		setsockopt(sv[1], SOL_SOCKET, SO_SNDBUF, &size, sizeof(size));
	getsockopt(sv[1], SOL_SOCKET, SO_SNDBUF, &got, &optlen);
	close(sv[0]);
	close(sv[1]);
	return got >= 0 && (size_t)got >= len + 32;
}

/* The largest request a socket whose SO_SNDBUF was set to @val can send. */
static size_t room_at(long val)
{
	FILE *f = fopen("/proc/sys/net/core/wmem_max", "r");
	long max = val;

	if (f) {
		if (fscanf(f, "%ld", &max) != 1 || max > val)
			max = val;
		fclose(f);
	}
	return 2 * max - 32;
}

/* Runs a load of @path with script @s; @got gets the entries taken. */
static void run_load(const char *table, const char *path,
		     struct load_script *s, char **got)
{
	size_t got_len;

	s->got = open_memstream(got, &got_len);
	run_cli(prog, ARGS(table, "load", path), NULL, &k, &r);
	fclose(s->got);
}

/*
 * The single-message path: the send buffer raised to the file's size, the
 * whole file in one request, loaded all or nothing.
 */
static void test_load_single(const char *path, const char *big)
{
	char *want, *got, err[1024], log[128];
	struct load_script s = { 0 };
	unsigned int counts[MAX_REQUESTS];
	size_t want_len, whole;

	make_load_file(path, 10000, &want, &want_len);
	plan(path, SIZE_MAX >> 1, counts, &whole);
	if (!can_send(whole)) {
		tap_skip("the send buffer cannot be raised here (no CAP_NET_ADMIN, small net.core.wmem_max)",
			 "kernel: load in one request");
		free(want);
		return;
	}
	k.serve = serve_load;
	k.data = &s;

	run_load("block", path, &s, &got);
	tap_ok(r.status == 0 && !r.out[0] && !r.err[0],
	       "kernel: load of 10000 lines: exit 0, silent");
	tap_str(k.log, "ENTRY_ADD table 0: 10000 entries\n",
		"kernel: load of 10000 lines: one request");
	tap_ok(s.adds == 1 && s.len[0] == whole && !s.bad &&
	       s.taken == 10000 && !strcmp(got, want),
	       "kernel: load of 10000 lines: a request of %zu bytes, every entry once, in the file's order",
	       whole);
	free(got);

	/* Refused at its entry 5 (the kernel points at its prefix length). */
	s = (struct load_script){ 1, 5, -ERANGE, "integer out of range" };
	run_load("block", path, &s, &got);
	snprintf(err, sizeof(err),
		 "floodgate: %s:%u: integer out of range\n"
		 "floodgate: block load: nothing was loaded\n",
		 path, 5 + LOAD_HEADER + 1);
	tap_ok(r.status == 1 && !r.out[0] && k.requests == 1 && !s.taken,
	       "kernel: one request refused: exit 1");
	tap_str(r.err, err, "kernel: one request refused: the line, nothing loaded");
	free(got);

	/* A full table, the kernel pointing at the first entry's own attribute. */
	s = (struct load_script){ 1, 0, -ENOSPC,
				  "floodgate: table full: its capacity is reached" };
	run_load("block", path, &s, &got);
	snprintf(err, sizeof(err),
		 "floodgate: %s:3: table full (capacity 1048576 reached; raise it with 'floodgate block set max N')\n"
		 "floodgate: block load: nothing was loaded\n", path);
	tap_ok(r.status == 1, "kernel: one request, a full table: exit 1");
	tap_str(r.err, err, "kernel: one request, a full table: the capacity, nothing loaded");
	tap_str(k.log, "ENTRY_ADD table 0: 10000 entries\nGET_STATUS\n",
		"kernel: one request, a full table: the capacity asked for");
	free(got);
	free(want);

	/* 100,000 entries: one message, every attribute parsing back. */
	make_load_file(big, 100000, &want, &want_len);
	plan(big, SIZE_MAX >> 1, counts, &whole);
	s = (struct load_script){ 0 };
	run_load("allow", big, &s, &got);
	snprintf(log, sizeof(log), "ENTRY_ADD table 1: 100000 entries\n");
	tap_ok(r.status == 0 && !r.err[0],
	       "kernel: load of 100000 lines: exit 0, silent");
	tap_str(k.log, log, "kernel: load of 100000 lines: one request");
	tap_ok(s.adds == 1 && s.len[0] == whole && whole > (1 << 21) &&
	       !s.bad && s.taken == 100000 && !strcmp(got, want),
	       "kernel: load of 100000 lines: one request of %zu bytes, its 100000 entries all parse back, in order",
	       whole);
	free(got);

	/* Its entry 77777 refused: line 77780. */
	s = (struct load_script){ 1, 77777, -ERANGE, "integer out of range" };
	run_load("allow", big, &s, &got);
	snprintf(err, sizeof(err),
		 "floodgate: %s:%u: integer out of range\n"
		 "floodgate: allow load: nothing was loaded\n",
		 big, 77777 + LOAD_HEADER + 1);
	tap_ok(r.status == 1 && k.requests == 1,
	       "kernel: 100000 lines refused at entry 77777: exit 1");
	tap_str(r.err, err,
		"kernel: 100000 lines refused at entry 77777: its line");
	free(got);
	free(want);
	k.data = NULL;
}

/*
 * The split path: no CAP_NET_ADMIN in the initial user namespace (the
 * FLOODGATE_TEST_WMEM_MAX hook of the test build), the send buffer only
 * as large as net.core.wmem_max allows.
 */
static void test_load_split(const char *path)
{
	char *want, *got, err[1024];
	struct load_script s = { 0 };
	unsigned int counts[MAX_REQUESTS], requests, first_two;
	size_t want_len, whole, room;

	make_load_file(path, 10000, &want, &want_len);
	k.serve = serve_load;
	k.data = &s;

	/* A small buffer, raised to 2 x wmem_max = 32 KiB. */
	k.sndbuf = 4096;
	k.wmem_max = "16384";
	room = room_at(16384);
	requests = plan(path, room, counts, &whole);
	run_load("block", path, &s, &got);
	tap_ok(r.status == 0 && !r.out[0] && !r.err[0],
	       "kernel: load at a 32 KiB buffer: exit 0, silent");
	tap_ok(requests > 5 && as_planned(&s, counts, requests, room),
	       "kernel: load at a 32 KiB buffer: %u requests, each as full as %zu bytes allow",
	       s.adds, room);
	tap_ok(!s.bad && s.taken == 10000 && !strcmp(got, want),
	       "kernel: load at a 32 KiB buffer: every entry once, in the file's order");
	free(got);

	/*
	 * The third request refused at its entry 5: that entry's line is
	 * reported, the first two requests' entries stay.
	 */
	s = (struct load_script){ 3, 5, -ERANGE, "integer out of range" };
	run_load("block", path, &s, &got);
	first_two = counts[0] + counts[1];
	snprintf(err, sizeof(err),
		 "floodgate: %s:%u: integer out of range\n"
		 "floodgate: block load: the %u entries up to line %u, sent in 2 earlier requests, stay loaded; none after them was loaded\n",
		 path, first_two + 5 + LOAD_HEADER + 1, first_two,
		 first_two + LOAD_HEADER);
	tap_ok(r.status == 1 && !r.out[0] && k.requests == 3 &&
	       s.taken == first_two,
	       "kernel: load refused at the third request: exit 1, no more requests");
	tap_str(r.err, err, "kernel: load refused at the third request: the line, what stays");
	free(got);

	/* The first request refused: nothing stays. */
	s = (struct load_script){ 1, 0, -ENOSPC,
				  "floodgate: table full: its capacity is reached" };
	run_load("block", path, &s, &got);
	snprintf(err, sizeof(err),
		 "floodgate: %s:3: table full (capacity 1048576 reached; raise it with 'floodgate block set max N')\n"
		 "floodgate: block load: nothing was loaded\n", path);
	tap_ok(r.status == 1 && k.requests == 2,
	       "kernel: load refused at the first request: exit 1");
	tap_str(r.err, err, "kernel: load refused at the first request: nothing stays");
	free(got);

	/* A buffer larger than wmem_max already: kept, not lowered. */
	s = (struct load_script){ 0 };
	k.sndbuf = 65536;
	k.wmem_max = "8192";
	room = room_at(65536);
	requests = plan(path, room, counts, &whole);
	run_load("block", path, &s, &got);
	tap_ok(r.status == 0 && requests > 1 &&
	       as_planned(&s, counts, requests, room) && s.taken == 10000,
	       "kernel: load, wmem_max below the buffer: the buffer kept, %u requests of up to %zu bytes",
	       s.adds, room);
	free(got);

	/* wmem_max large enough for the file: one request all the same. */
	s = (struct load_script){ 0 };
	k.sndbuf = 4096;
	k.wmem_max = "4000000";
	run_load("block", path, &s, &got);
	tap_ok(r.status == 0 && s.adds == 1 && s.len[0] == whole &&
	       !strcmp(got, want),
	       "kernel: load without CAP_NET_ADMIN, wmem_max large enough: one request");
	free(got);

	k.sndbuf = 0;
	k.wmem_max = NULL;
	free(want);
	k.data = NULL;
}

static void test_load_file(void)
{
	char path[] = "/tmp/fg-load-XXXXXX", big[] = "/tmp/fg-load-XXXXXX";
	int fd = mkstemp(path), fd2 = mkstemp(big);

	if (fd < 0 || fd2 < 0) {
		tap_skip("mkstemp failed", "kernel: load");
		return;
	}
	close(fd);
	close(fd2);
	test_load_single(path, big);
	test_load_split(path);
	unlink(path);
	unlink(big);
}

static void test_load_stdin(void)
{
	struct load_script s = { 0 };
	size_t got_len;
	char *got;

	k.serve = serve_load;
	k.data = &s;
	s.got = open_memstream(&got, &got_len);
	expect("load from stdin, host bits",
	       ARGS("allow", "load", "-"),
	       "192.0.2.1\n10.1.2.3/8 timeout 1h\n\n2001:db8::1/64\n", 0, "",
	       "floodgate: warning: <stdin>:2: '10.1.2.3/8' has host bits set: stored as 10.0.0.0/8 (and 1 more line like it)\n",
	       "ENTRY_ADD table 1: 192.0.2.1/32, 10.0.0.0/8 timeout 3600, 2001:db8::/64\n");
	fclose(s.got);
	free(got);

	expect("load of a bad file: nothing sent",
	       ARGS("block", "load", "-"), "192.0.2.1\n\n1.2.3.4/33\n", 1, "",
	       "floodgate: <stdin>:3: invalid prefix '1.2.3.4/33': bad prefix length\n",
	       "");
	expect("load of a file without entries: nothing sent",
	       ARGS("block", "load", "-"), "# nothing yet\n\n", 0, "", "", "");
	k.data = NULL;
}

/* The rate limiter's commands: what the fake kernel answers. */
struct limit_script {
	int error;		/* refuse changes with it, 0: accept */
	const char *msg;
	bool no_reply;		/* ACK a LIMIT_GET without its reply */
};

static const struct canned_limit limit_policies[] = {
	{ 0, 0, 0, { 1000, 0, 0 }, { 2000, 0, 0 }, 32, 64, 0, 10, 300 },
	{ IPPROTO_UDP, 53, 53, { 50, 0, 0 }, { 100, 0, 0 }, 32, 64, 200, 10,
	  300 },
	{ IPPROTO_TCP, 1000, 2000, { 0, 20, 0 }, { 0, 40, 0 }, 24, 48, 0, 10,
	  300 },
};

static const struct canned_talker limit_talkers[] = {
	{ "198.51.100.7", 32, 0, 0, 0, 1234, 56789, 0 },
	{ "2001:db8:1::", 64, IPPROTO_UDP, 53, 53, 12, 3400, -1 },
	{ "203.0.113.0", 24, IPPROTO_TCP, 1000, 2000, 0, 77, 15 },
};

/* The count of a LIMIT_TOP request; 0 if it has none. */
static uint32_t req_count(const struct nlmsghdr *req)
{
	const struct nlattr *attr;

	mnl_attr_for_each(attr, req, GENL_HDRLEN)
		if (mnl_attr_get_type(attr) == FLOODGATE_A_COUNT)
			return mnl_attr_get_u32(attr);
	return 0;
}

static void serve_limit(struct fake *f, const struct nlmsghdr *req)
{
	static struct canned_talker many[400];
	static char addrs[400][40];
	const struct limit_script *s = f->data;
	uint32_t count = req_count(req);
	size_t i;

	if (s->error) {
		fake_ack(f, req, s->error, s->msg, 0);
		return;
	}
	switch (req_cmd(req)) {
	case FLOODGATE_CMD_LIMIT_GET:
		if (!s->no_reply)
			fake_put(f, req, canned_limits(fake_room(f),
						       limit_policies, 3), 0);
		break;
	case FLOODGATE_CMD_LIMIT_TOP:
		if (count <= 3) {
			fake_put(f, req, canned_talkers(fake_room(f),
							limit_talkers, count), 0);
			break;
		}
		/* As many IPv6 keys as asked, up to 400: some 40 KiB. */
		for (i = 0; i < count && i < 400; i++) {
			snprintf(addrs[i], sizeof(addrs[i]), "2001:db8:%zx::",
				 i);
			many[i] = (struct canned_talker){
				addrs[i], 64, IPPROTO_TCP, 1000, 2000, i,
				1000 - i, i
			};
		}
		fake_put(f, req, canned_talkers(fake_room(f), many, i), 0);
		break;
	}
	fake_ack(f, req, 0, NULL, 0);
}

static void test_limit_commands(void)
{
	struct limit_script s = { 0 };

	k.serve = serve_limit;
	k.data = &s;
	expect("limit (show is the default)", ARGS("limit"), NULL, 0,
	       "default pps 1000 burst 2000 syn-pps unlimited bps unlimited "
	       "v4-prefix 32 v6-prefix 64 block-after 0 block-window 10 "
	       "block-time 300\n"
	       "udp port 53 pps 50 burst 100 syn-pps unlimited bps unlimited "
	       "v4-prefix 32 v6-prefix 64 block-after 200 block-window 10 "
	       "block-time 300\n"
	       "tcp port 1000-2000 pps unlimited syn-pps 20 syn-burst 40 "
	       "bps unlimited v4-prefix 24 v6-prefix 48 block-after 0 "
	       "block-window 10 block-time 300\n", "", "LIMIT_GET\n");
	expect("-j limit show", ARGS("-j", "limit", "show"), NULL, 0,
	       "[{\"pps\":1000,\"burst\":2000,\"v4-prefix\":32,"
	       "\"v6-prefix\":64,\"block-after\":0,\"block-window\":10,"
	       "\"block-time\":300},"
	       "{\"proto\":\"udp\",\"port-min\":53,\"port-max\":53,"
	       "\"pps\":50,\"burst\":100,\"v4-prefix\":32,\"v6-prefix\":64,"
	       "\"block-after\":200,\"block-window\":10,\"block-time\":300},"
	       "{\"proto\":\"tcp\",\"port-min\":1000,\"port-max\":2000,"
	       "\"syn-pps\":20,\"syn-burst\":40,\"v4-prefix\":24,"
	       "\"v6-prefix\":48,\"block-after\":0,\"block-window\":10,"
	       "\"block-time\":300}]\n", "", "LIMIT_GET\n");

	expect("limit set of the default", ARGS("limit", "set", "pps", "1000",
						"burst", "2000"), NULL, 0,
	       "", "", "LIMIT_SET {pps 1000 burst 2000}\n");
	expect("-j limit set: no output either",
	       ARGS("-j", "limit", "set", "bps", "125000000"), NULL, 0, "", "",
	       "LIMIT_SET {bps 125000000}\n");
	expect("limit set of a port",
	       ARGS("limit", "set", "proto", "udp", "port", "53", "pps", "50"),
	       NULL, 0, "", "",
	       "LIMIT_SET {proto 17 port-min 53 port-max 53 pps 50}\n");
	expect("limit set of tcp, all ports",
	       ARGS("limit", "set", "proto", "tcp", "syn-pps", "20"), NULL, 0,
	       "", "",
	       "LIMIT_SET {proto 6 port-min 1 port-max 65535 syn-pps 20}\n");
	expect("limit set of icmp, every other keyword",
	       ARGS("limit", "set", "proto", "icmp", "block-time", "10m",
		    "block-window", "30s", "block-after", "100", "v6-prefix",
		    "48", "v4-prefix", "24", "bytes-burst", "3000", "syn-burst",
		    "4"), NULL, 0, "", "",
	       "LIMIT_SET {proto 1 syn-burst 4 bytes-burst 3000 v4-prefix 24 "
	       "v6-prefix 48 block-after 100 block-window 30 block-time 600}\n");
	expect("limit set max", ARGS("limit", "set", "max", "100000"), NULL, 0,
	       "", "", "SET_CONFIG limit-capacity 100000\n");
	expect("limit del of a port range",
	       ARGS("limit", "del", "proto", "tcp", "port", "1000-2000"), NULL,
	       0, "", "", "LIMIT_DEL {proto 6 port-min 1000 port-max 2000}\n");
	expect("limit del of icmp", ARGS("limit", "del", "proto", "icmp"),
	       NULL, 0, "", "", "LIMIT_DEL {proto 1}\n");

	run_cli(prog, ARGS("limit", "top"), NULL, &k, &r);
	tap_ok(r.status == 0 && !r.err[0] &&
	       !strcmp(k.log, "LIMIT_TOP count 10\n") &&
	       strstr(r.out, "\n2001:db8:9::/64  tcp/1000-2000  9       991      9\n"),
	       "kernel: limit top: 10 keys asked for and printed");
	expect("limit top 3", ARGS("limit", "top", "3"), NULL, 0,
	       "source           policy         passed  dropped  tokens\n"
	       "198.51.100.7     default        1234    56789    0\n"
	       "2001:db8:1::/64  udp/53         12      3400     -\n"
	       "203.0.113.0/24   tcp/1000-2000  0       77       15\n", "",
	       "LIMIT_TOP count 3\n");
	expect("-j limit top 2", ARGS("-j", "limit", "top", "2"), NULL, 0,
	       "[{\"source\":\"198.51.100.7\",\"policy\":\"default\","
	       "\"passed\":1234,\"dropped\":56789,\"tokens\":0},"
	       "{\"source\":\"2001:db8:1::/64\",\"policy\":\"udp/53\","
	       "\"passed\":12,\"dropped\":3400}]\n", "",
	       "LIMIT_TOP count 2\n");
	run_cli(prog, ARGS("limit", "top", "400"), NULL, &k, &r);
	tap_ok(r.status == 0 && !r.err[0] &&
	       !strncmp(r.out, "source             policy         passed  dropped  tokens\n", 58) &&
	       strstr(r.out, "\n2001:db8:18f::/64  tcp/1000-2000  399     601      399\n") &&
	       !strcmp(k.log, "LIMIT_TOP count 400\n"),
	       "kernel: limit top 400: a reply past 32 KiB, all 400 keys");

	/* Refusals: the kernel's words. */
	s = (struct limit_script){ -EINVAL, "burst is 0 while pps is not" };
	expect("limit set refused", ARGS("limit", "set", "burst", "0"), NULL, 1,
	       "",
	       "floodgate: limit set: Invalid argument (kernel: burst is 0 while pps is not)\n",
	       "LIMIT_SET {burst 0}\n");
	s = (struct limit_script){ -ERANGE, "burst is more than an hour of pps" };
	expect("limit set refused: range", ARGS("limit", "set", "pps", "1",
						"burst", "3601"), NULL, 1, "",
	       "floodgate: limit set: Numerical result out of range (kernel: burst is more than an hour of pps)\n",
	       NULL);
	s = (struct limit_script){ -ENOSPC,
				   "floodgate: too many overrides (64 at most)" };
	expect("limit set refused: too many overrides",
	       ARGS("limit", "set", "proto", "udp", "port", "9"), NULL, 1, "",
	       "floodgate: limit set: No space left on device (kernel: floodgate: too many overrides (64 at most))\n",
	       NULL);
	s = (struct limit_script){ -ENOENT, "floodgate: no such override" };
	expect("limit del of no override",
	       ARGS("limit", "del", "proto", "udp", "port", "53"), NULL, 1, "",
	       "floodgate: limit del: udp port 53: no such override\n", NULL);
	expect("limit del of no override, all ports",
	       ARGS("limit", "del", "proto", "tcp"), NULL, 1, "",
	       "floodgate: limit del: tcp: no such override\n", NULL);
	s = (struct limit_script){ -EOPNOTSUPP, NULL };
	expect("limit show, a module without the rate limiter", ARGS("limit"),
	       NULL, 1, "",
	       "floodgate: limit show: the running module has no rate limiter\n",
	       NULL);
	expect("limit top, a module without the rate limiter",
	       ARGS("limit", "top"), NULL, 1, "",
	       "floodgate: limit top: the running module has no rate limiter\n",
	       NULL);
	s = (struct limit_script){ -EINVAL, "Unknown attribute type" };
	expect("limit set max, a module without the rate limiter",
	       ARGS("limit", "set", "max", "5"), NULL, 1, "",
	       "floodgate: limit set: Invalid argument (kernel: Unknown attribute type)\n",
	       NULL);
	s = (struct limit_script){ -EPERM, NULL };
	expect("limit set without CAP_NET_ADMIN",
	       ARGS("limit", "set", "pps", "5"), NULL, 1, "",
	       "floodgate: permission denied: CAP_NET_ADMIN is required in the network namespace's user namespace\n",
	       NULL);
	s = (struct limit_script){ 0, NULL, true };
	expect("limit show: an ACK without the policies", ARGS("limit"), NULL,
	       1, "",
	       "floodgate: limit show: the kernel acknowledged but sent no policies\n",
	       NULL);
	k.data = NULL;
}

/* The SYN proxy's commands: what the fake kernel answers. */
struct synproxy_script {
	int error;		/* refuse with it, 0: accept */
	const char *msg;
	unsigned int intr_attempts;	/* dumps that race a change */
	unsigned int attempt;
};

/* Out of order, as the kernel's list may be. */
static const struct canned_synproxy synproxy_ports[] = {
	{ 443, 443, "198.51.100.0", 24, FLOODGATE_SYNPROXY_AUTO, 5000, 60,
	  1460, 7, FLOODGATE_SYNPROXY_F_NO_TIMESTAMPS |
	  FLOODGATE_SYNPROXY_F_NO_SACK, false, 12, 5,
	  { 40, 40, 3, 1, 7, 3, 2, 2 } },
	{ 80, 80, NULL, 0, FLOODGATE_SYNPROXY_ON, 1000, 30, -1, -1, 0, true,
	  0, 3600, { 123, 123, 10, 2, 0, 9, 0, 0 } },
};

static const char synproxy_text[] =
	"tcp/80 dst any mode on mss auto wscale auto engaged syn 123 "
	"cookies-sent 123 valid 10 invalid 2 noconn 0 handed-over 9\n"
	"tcp/443 dst 198.51.100.0/24 mode auto threshold 5000 hold 60 mss 1460 "
	"wscale 7 no-timestamps no-sack disengaged since 5 rate 12 syn 40 "
	"cookies-sent 40 valid 3 invalid 1 noconn 7 handed-over 3 engages 2 "
	"disengages 2\n";

static void serve_synproxy(struct fake *f, const struct nlmsghdr *req)
{
	struct synproxy_script *s = f->data;
	bool intr;

	if (s->error) {
		fake_ack(f, req, s->error, s->msg, 0);
		return;
	}
	if (req_cmd(req) != FLOODGATE_CMD_SYNPROXY_GET) {
		fake_ack(f, req, 0, NULL, 0);
		return;
	}
	/* A message a port, each in its own datagram, as a dump does. */
	intr = ++s->attempt <= s->intr_attempts;
	fake_put(f, req, canned_synproxy(fake_room(f), &synproxy_ports[0]),
		 NLM_F_MULTI);
	fake_send(f);
	fake_put(f, req, canned_synproxy(fake_room(f), &synproxy_ports[1]),
		 NLM_F_MULTI | (intr ? NLM_F_DUMP_INTR : 0));
	fake_done(f, req, intr ? NLM_F_DUMP_INTR : 0);
}

static void test_synproxy_commands(void)
{
	struct synproxy_script s = { 0 };

	k.serve = serve_synproxy;
	k.data = &s;
	expect("synproxy (list is the default)", ARGS("synproxy"), NULL, 0,
	       synproxy_text, "", "SYNPROXY_GET dump\n");
	s.attempt = 0;
	expect("-j synproxy list", ARGS("-j", "synproxy", "list"), NULL, 0,
	       "[{\"port-min\":80,\"port-max\":80,\"dst\":null,\"mode\":\"on\","
	       "\"threshold\":1000,\"hold\":30,\"mss\":null,\"wscale\":null,"
	       "\"no-timestamps\":false,\"no-sack\":false,\"engaged\":true,"
	       "\"since\":3600,\"rate\":0,\"syn\":123,\"cookies-sent\":123,"
	       "\"valid\":10,\"invalid\":2,\"noconn\":0,\"handed-over\":9,"
	       "\"engages\":0,\"disengages\":0},"
	       "{\"port-min\":443,\"port-max\":443,\"dst\":\"198.51.100.0/24\","
	       "\"mode\":\"auto\",\"threshold\":5000,\"hold\":60,\"mss\":1460,"
	       "\"wscale\":7,\"no-timestamps\":true,\"no-sack\":true,"
	       "\"engaged\":false,\"since\":5,\"rate\":12,\"syn\":40,"
	       "\"cookies-sent\":40,\"valid\":3,\"invalid\":1,\"noconn\":7,"
	       "\"handed-over\":3,\"engages\":2,\"disengages\":2}]\n", "",
	       "SYNPROXY_GET dump\n");
	s = (struct synproxy_script){ .intr_attempts = 1 };
	expect("synproxy list raced once: redone, clean", ARGS("synproxy"),
	       NULL, 0, synproxy_text, "",
	       "SYNPROXY_GET dump\nSYNPROXY_GET dump\n");
	s = (struct synproxy_script){ .intr_attempts = 3 };
	expect("synproxy list raced three times: printed, with a warning",
	       ARGS("synproxy", "list"), NULL, 0, synproxy_text,
	       "floodgate: warning: the ports changed during the listing; it may be inconsistent\n",
	       "SYNPROXY_GET dump\nSYNPROXY_GET dump\nSYNPROXY_GET dump\n");

	s = (struct synproxy_script){ 0 };
	expect("synproxy add of a port", ARGS("synproxy", "add", "80"), NULL, 0,
	       "", "", "SYNPROXY_ADD {port-min 80 port-max 80}\n");
	expect("synproxy add, every setting",
	       ARGS("synproxy", "add", "8000-8080", "dst", "2001:db8::/32",
		    "mode", "auto", "threshold", "5000", "hold", "1m", "mss",
		    "1400", "wscale", "7", "no-timestamps", "no-sack"), NULL, 0,
	       "", "",
	       "SYNPROXY_ADD {port-min 8000 port-max 8080 addr 2001:db8:: "
	       "prefixlen 32 mode 1 threshold 5000 hold 60 mss 1400 wscale 7 "
	       "flags 3}\n");
	expect("synproxy add: a dst with host bits, warned",
	       ARGS("synproxy", "add", "443", "dst", "198.51.100.7/24", "mode",
		    "on"), NULL, 0, "",
	       "floodgate: warning: '198.51.100.7/24' has host bits set: stored as 198.51.100.0/24\n",
	       "SYNPROXY_ADD {port-min 443 port-max 443 addr 198.51.100.0 "
	       "prefixlen 24 mode 0}\n");
	expect("synproxy del", ARGS("synproxy", "del", "443", "dst",
				    "198.51.100.0/24"), NULL, 0, "", "",
	       "SYNPROXY_DEL {port-min 443 port-max 443 addr 198.51.100.0 "
	       "prefixlen 24}\n");

	/* Refusals: exit 1, the kernel's words. */
	s = (struct synproxy_script){ -ENOSPC,
				      "floodgate: too many protected ports (64 at most)" };
	expect("synproxy add refused: too many ports",
	       ARGS("synproxy", "add", "9"), NULL, 1, "",
	       "floodgate: synproxy add: No space left on device (kernel: floodgate: too many protected ports (64 at most))\n",
	       NULL);
	s = (struct synproxy_script){ -EINVAL, "conntrack is not available" };
	expect("synproxy add refused", ARGS("synproxy", "add", "80"), NULL, 1,
	       "",
	       "floodgate: synproxy add: Invalid argument (kernel: conntrack is not available)\n",
	       NULL);
	s = (struct synproxy_script){ -ENOENT, "floodgate: no such port" };
	expect("synproxy del of no port",
	       ARGS("synproxy", "del", "1000-2000", "dst", "2001:db8::1"), NULL,
	       1, "",
	       "floodgate: synproxy del: tcp/1000-2000 dst 2001:db8::1: no such port\n",
	       NULL);
	expect("synproxy del of no port, any destination",
	       ARGS("synproxy", "del", "80"), NULL, 1, "",
	       "floodgate: synproxy del: tcp/80 dst any: no such port\n", NULL);
	s = (struct synproxy_script){ -EOPNOTSUPP, NULL };
	expect("synproxy list, a module without the SYN proxy",
	       ARGS("synproxy"), NULL, 1, "",
	       "floodgate: synproxy list: the running module has no SYN proxy\n",
	       NULL);
	expect("synproxy add, a module without the SYN proxy",
	       ARGS("synproxy", "add", "80"), NULL, 1, "",
	       "floodgate: synproxy add: the running module has no SYN proxy\n",
	       NULL);
	s = (struct synproxy_script){ -EPERM, NULL };
	expect("synproxy add without CAP_NET_ADMIN",
	       ARGS("synproxy", "add", "80"), NULL, 1, "",
	       "floodgate: permission denied: CAP_NET_ADMIN is required in the network namespace's user namespace\n",
	       NULL);
	k.serve = serve_empty_dump;
	expect("synproxy list of no port", ARGS("synproxy"), NULL, 0, "", "",
	       "SYNPROXY_GET dump\n");
	expect("-j synproxy list of no port", ARGS("-j", "synproxy"), NULL, 0,
	       "[]\n", "", NULL);
	k.data = NULL;
}

/* What the fake kernel sends a monitor once it has joined the group. */
struct monitor_script {
	int sig;		/* to end it with */
	bool events;		/* send the events below, else nothing */
	size_t out_len;		/* bytes of output to wait for first */
	bool read, written;	/* it read them all; printed them at once */
	uint32_t group;		/* the group it joined */
};

static const struct canned_event monitor_events[] = {
	{ FLOODGATE_EVENT_AUTOBLOCK, "198.51.100.7", 32, 300,
	  FLOODGATE_STATS_A_DROP_RATELIMIT, 1234 },
	{ FLOODGATE_EVENT_AUTOBLOCK, "2001:db8:1::", 64, 600,
	  FLOODGATE_STATS_A_DROP_RATELIMIT_SYN, 77 },
	{ FLOODGATE_EVENT_EXPIRED, "198.51.100.7", 32, 0, -1, -1 },
	{ FLOODGATE_EVENT_EXPIRED, "2001:db8:1::", 64, 0, -1, -1 },
};

static const char monitor_text[] =
	"autoblock 198.51.100.7 timeout 300 reason ratelimit drops 1234\n"
	"autoblock 2001:db8:1::/64 timeout 600 reason ratelimit-syn drops 77\n"
	"expired 198.51.100.7\n"
	"expired 2001:db8:1::/64\n";

static const char monitor_json[] =
	"{\"event\":\"autoblock\",\"address\":\"198.51.100.7\","
	"\"prefix-length\":32,\"timeout\":300,\"reason\":\"ratelimit\","
	"\"drops\":1234}\n"
	"{\"event\":\"autoblock\",\"address\":\"2001:db8:1::\","
	"\"prefix-length\":64,\"timeout\":600,\"reason\":\"ratelimit-syn\","
	"\"drops\":77}\n"
	"{\"event\":\"expired\",\"address\":\"198.51.100.7\","
	"\"prefix-length\":32}\n"
	"{\"event\":\"expired\",\"address\":\"2001:db8:1::\","
	"\"prefix-length\":64}\n";

/*
 * Events as the kernel multicasts them, one message a datagram: two
 * blocks; a message of another command and a malformed event, to be
 * skipped; the two expiries. Then, once the monitor has read them all
 * and printed (not just buffered) what it should, the signal.
 */
static void joined_monitor(struct fake *f, uint32_t group)
{
	struct monitor_script *s = f->data;
	struct nlmsghdr *nlh;
	size_t i;

	s->group = group;
	for (i = 0; s->events && i < ARRAY_SIZE(monitor_events); i++) {
		if (i == 2) {
			nlh = canned_header(fake_room(f), FLOODGATE_CMD_MAX + 1);
			mnl_attr_put_u32(nlh, FLOODGATE_A_MAX + 1, 1);
			fake_put_event(f, nlh);
			fake_send(f);
			nlh = canned_header(fake_room(f), FLOODGATE_CMD_EVENT);
			mnl_attr_put_u8(nlh, FLOODGATE_A_EVENT,
					FLOODGATE_EVENT_EXPIRED);
			fake_put_event(f, nlh);
			fake_send(f);
		}
		fake_put_event(f, canned_event(fake_room(f),
					       &monitor_events[i]));
		fake_send(f);
	}
	s->read = fake_wait_read(f);
	s->written = fake_wait_output(f, s->out_len);
	if (!s->out_len)
		usleep(100000);	/* idle a little, as before any event */
	kill(f->pid, s->sig);
}

static void test_monitor_events(void)
{
	static const char skipped[] =
		"floodgate: warning: a malformed event from the kernel was skipped\n";
	struct monitor_script s = { SIGTERM, true, sizeof(monitor_text) - 1 };
	char log[64];

	snprintf(log, sizeof(log), "ADD_MEMBERSHIP group %u\n",
		 FAKE_EVENTS_GROUP);
	k.joined = joined_monitor;
	k.data = &s;
	expect("monitor, ended by SIGTERM", ARGS("monitor"), NULL, 0,
	       monitor_text, skipped, log);
	tap_ok(s.read && s.written,
	       "kernel: monitor: each event read and written out as it came, before any signal");

	s = (struct monitor_script){ SIGINT, true, sizeof(monitor_json) - 1 };
	expect("-j monitor events, ended by SIGINT",
	       ARGS("-j", "monitor", "events"), NULL, 0, monitor_json,
	       skipped, log);
	tap_ok(s.read && s.written, "kernel: -j monitor: JSON lines written out at once");
	s = (struct monitor_script){ SIGTERM, true, sizeof(monitor_json) - 1 };
	expect("-j -p monitor: still one object a line",
	       ARGS("-j", "-p", "monitor"), NULL, 0, monitor_json, skipped,
	       NULL);

	/* Started before any event: it joins, waits, and ends cleanly. */
	s = (struct monitor_script){ SIGINT, false, 0 };
	expect("monitor without an event, SIGINT", ARGS("monitor"), NULL, 0,
	       "", "", log);
	s = (struct monitor_script){ SIGTERM, false, 0 };
	expect("-j monitor without an event, SIGTERM", ARGS("-j", "monitor"),
	       NULL, 0, "", "", log);

	/* A module without the events group: no join, exit 1. */
	k.no_events_group = true;
	expect("monitor, a module without events", ARGS("monitor"), NULL, 1,
	       "",
	       "floodgate: monitor: the module has no 'events' multicast group (it predates the rate limiter)\n",
	       "");
	k.no_events_group = false;
	k.joined = NULL;
	k.data = NULL;
}

void test_cli_kernel(const char *floodgate)
{
	if (!floodgate) {
		tap_skip("$FLOODGATE is not set", "CLI tests against a fake kernel");
		return;
	}
	prog = floodgate;
	test_stats_show();
	test_status();
	test_list();
	test_list_empty();
	test_test();
	test_changes();
	test_load_file();
	test_load_stdin();
	test_limit_commands();
	test_synproxy_commands();
	test_monitor_events();
}
