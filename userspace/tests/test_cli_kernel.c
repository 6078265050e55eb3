// SPDX-License-Identifier: GPL-2.0
/*
 * The program against a fake kernel (cli.h): for status and each table
 * command, the requests it sends, exactly what it prints and its exit
 * code, for the kernel's answers and refusals that matter.
 */

#include "tests.h"
#include "canned.h"
#include "cli.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/genetlink.h>
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
};

static void serve_status(struct fake *f, const struct nlmsghdr *req)
{
	fake_put(f, req, canned_status(fake_room(f), tables, 2), 0);
	fake_ack(f, req, 0, NULL, 0);
}

static void test_status(void)
{
	k.serve = serve_status;
	expect("status", ARGS("status"), NULL, 0,
	       "floodgate 0.1.0, hook priority -500\n"
	       "table  entries  capacity  memory   prefix-lengths\n"
	       "block  12       1048576   2.1 MiB  2\n"
	       "allow  0        1048576   1.0 KiB  0\n", "", "GET_STATUS\n");
	expect("-j status show", ARGS("-j", "status", "show"), NULL, 0,
	       "{\"version\":\"0.1.0\",\"hook-priority\":-500,\"tables\":{"
	       "\"block\":{\"entries\":12,\"capacity\":1048576,"
	       "\"memory\":2202009,\"prefix-lengths\":2},"
	       "\"allow\":{\"entries\":0,\"capacity\":1048576,"
	       "\"memory\":1024,\"prefix-lengths\":0}}}\n", "", "GET_STATUS\n");
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

static void test_test(void)
{
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
struct load_script {
	unsigned int refuse_at;
	unsigned int bad_entry;
	int error;
	const char *msg;
	FILE *got;		/* the entries taken */
	unsigned int taken;
	size_t max_len;		/* the largest request */
};

static void take_entries(struct load_script *s, const struct nlmsghdr *req)
{
	const struct nlattr *attr, *entry, *a;
	char addr[64];

	mnl_attr_for_each(attr, req, GENL_HDRLEN) {
		if (mnl_attr_get_type(attr) != FLOODGATE_A_ENTRIES)
			continue;
		mnl_attr_for_each_nested(entry, attr) {
			mnl_attr_for_each_nested(a, entry) {
				switch (mnl_attr_get_type(a)) {
				case FLOODGATE_ENTRY_A_ADDR:
					inet_ntop(mnl_attr_get_payload_len(a) == 4 ?
						  AF_INET : AF_INET6,
						  mnl_attr_get_payload(a), addr,
						  sizeof(addr));
					fputs(addr, s->got);
					break;
				case FLOODGATE_ENTRY_A_PREFIXLEN:
					fprintf(s->got, "/%u",
						mnl_attr_get_u8(a));
					break;
				case FLOODGATE_ENTRY_A_TIMEOUT:
					fprintf(s->got, " timeout %u",
						mnl_attr_get_u32(a));
					break;
				}
			}
			fputc('\n', s->got);
			s->taken++;
		}
	}
}

static void serve_load(struct fake *f, const struct nlmsghdr *req)
{
	struct load_script *s = f->data;

	if (req_cmd(req) == FLOODGATE_CMD_GET_STATUS) {
		serve_status(f, req);
		return;
	}
	if (req->nlmsg_len > s->max_len)
		s->max_len = req->nlmsg_len;
	if (s->refuse_at && f->requests >= s->refuse_at) {
		fake_ack(f, req, s->error, s->msg,
			 req_entry_offset(req, s->bad_entry,
					  s->error == -ERANGE ?
					  FLOODGATE_ENTRY_A_PREFIXLEN : 0));
		return;
	}
	take_entries(s, req);
	fake_ack(f, req, 0, NULL, 0);
}

#define LOAD_LINES 10000
#define LOAD_HEADER 2	/* comment lines before the first entry */

/*
 * A file of LOAD_LINES entries after a two-line header; entry i (line
 * i + 3) is an IPv4 host, an IPv6 /64 or an IPv4 /24 with a timeout.
 * Writes the file to @path and what the kernel should get to @want.
 */
static void make_load_file(const char *path, char **want, size_t *want_len)
{
	FILE *f = fopen(path, "w"), *w = open_memstream(want, want_len);
	unsigned int i;

	fprintf(f, "# generated\n\n");
	for (i = 0; i < LOAD_LINES; i++) {
		switch (i % 3) {
		case 0:
			fprintf(f, "10.%u.%u.1\n", i >> 8, i & 0xff);
			fprintf(w, "10.%u.%u.1/32\n", i >> 8, i & 0xff);
			break;
		case 1:
			fprintf(f, "2001:db8:%x::/64 # six\r\n", i);
			fprintf(w, "2001:db8:%x::/64\n", i);
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

static void test_load_file(void)
{
	char path[] = "/tmp/fg-load-XXXXXX", *want, *got, err[512];
	struct load_script s = { 0 };
	size_t want_len, got_len;
	unsigned int first_two;
	int fd = mkstemp(path);

	if (fd < 0) {
		tap_skip("mkstemp failed", "kernel: load");
		return;
	}
	close(fd);
	make_load_file(path, &want, &want_len);
	k.serve = serve_load;
	k.data = &s;

	s.got = open_memstream(&got, &got_len);
	expect("load of 10000 lines", ARGS("block", "load", path), NULL, 0, "",
	       "", NULL);
	fclose(s.got);
	tap_ok(k.requests >= 4 && k.requests <= 5 &&
	       s.max_len <= 65564,
	       "kernel: load: in %u requests of at most 64 KiB",
	       k.requests);
	tap_ok(s.taken == LOAD_LINES && !strcmp(got, want),
	       "kernel: load: every entry sent once, in the file's order");
	free(got);

	/*
	 * The third request refused at its entry 5 (the kernel points at its
	 * prefix length): that entry's line is reported, the first two requests'
	 * entries stay.
	 */
	s = (struct load_script){ 3, 5, -ERANGE, "integer out of range" };
	s.got = open_memstream(&got, &got_len);
	run_cli(prog, ARGS("block", "load", path), NULL, &k, &r);
	fclose(s.got);
	first_two = s.taken;
	snprintf(err, sizeof(err),
		 "floodgate: %s:%u: integer out of range\n"
		 "floodgate: block load: the %u entries up to line %u, sent in 2 earlier requests, stay loaded; none after them was loaded\n",
		 path, first_two + 5 + LOAD_HEADER + 1, first_two,
		 first_two + LOAD_HEADER);
	tap_ok(r.status == 1 && !r.out[0] && k.requests == 3,
	       "kernel: load refused at the third request: exit 1, no more requests");
	tap_str(r.err, err, "kernel: load refused at the third request: the line, what stays");
	free(got);

	/* The first request refused: nothing stays. A full table. */
	s = (struct load_script){ 1, 0, -ENOSPC,
				  "floodgate: table full: its capacity is reached" };
	s.got = open_memstream(&got, &got_len);
	snprintf(err, sizeof(err),
		 "floodgate: %s:3: table full (capacity 1048576 reached; raise it with 'floodgate block set max N')\n"
		 "floodgate: block load: nothing was loaded\n", path);
	expect("load refused at once", ARGS("block", "load", path), NULL, 1, "",
	       err, NULL);
	fclose(s.got);
	free(got);

	unlink(path);
	free(want);
	k.data = NULL;
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

void test_cli_kernel(const char *floodgate)
{
	if (!floodgate) {
		tap_skip("$FLOODGATE is not set", "CLI tests against a fake kernel");
		return;
	}
	prog = floodgate;
	test_status();
	test_list();
	test_list_empty();
	test_test();
	test_changes();
	test_load_file();
	test_load_stdin();
}
