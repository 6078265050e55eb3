// SPDX-License-Identifier: GPL-2.0
/*
 * The program itself: grammar, help, exit codes and the exact error lines
 * that test scripts may match. The host cannot load the module, so the one
 * netlink outcome tested here is "module not loaded".
 */

#include "tests.h"
#include "cli.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Runs @prog with the NULL-terminated @args, capturing both outputs. */
static void run(const char *prog, const char *const *args, struct result *r)
{
	run_cli(prog, args, NULL, NULL, r);
}

static const char *prog;

/* Checks the exit code, stderr exactly, and that stdout is empty. */
static void expect_error(const char *const *args, int status,
			 const char *err, const char *name)
{
	static struct result r;

	run(prog, args, &r);
	if (!tap_ok(r.status == status && !r.out[0], "cli: %s: exit %d", name,
		    status))
		printf("#   exit %d, stdout '%s'\n", r.status, r.out);
	tap_str(r.err, err, "cli: %s: message", name);
}

#define ARGS(...) ((const char *const[]){ __VA_ARGS__, NULL })

static void test_errors(void)
{
	char name[64], want[160];

	expect_error(ARGS("foo"), 2,
		     "floodgate: unknown object 'foo' (try 'floodgate help')\n",
		     "unknown object");
	expect_error(ARGS("stats", "frob"), 2,
		     "floodgate: unknown command 'frob' for 'stats' (try 'floodgate help stats')\n",
		     "unknown command");
	expect_error(ARGS("stats", "show", "extra"), 2,
		     "floodgate: unexpected argument 'extra' for 'stats show' (try 'floodgate help stats')\n",
		     "extra argument");
	expect_error(ARGS("help", "foo"), 2,
		     "floodgate: unknown object 'foo' (try 'floodgate help')\n",
		     "help of an unknown object");
	expect_error(ARGS("-x", "stats"), 2,
		     "floodgate: invalid option '-x' (try 'floodgate --help')\n",
		     "unknown short option");
	expect_error(ARGS("--frob"), 2,
		     "floodgate: invalid option '--frob' (try 'floodgate --help')\n",
		     "unknown long option");
	expect_error(ARGS("-n"), 2,
		     "floodgate: option '-n' needs an argument\n",
		     "option without its argument");
	expect_error(ARGS("-n", "a/b", "stats"), 2,
		     "floodgate: invalid network namespace name 'a/b' for '--netns'\n",
		     "bad netns name");
	snprintf(name, sizeof(name), "fg-test-absent-%d", (int)getpid());
	snprintf(want, sizeof(want),
		 "floodgate: cannot open network namespace '%s': No such file or directory\n",
		 name);
	expect_error(ARGS("-n", name, "stats"), 1, want, "absent netns");
}

/* The grammar of status and of the table objects, wrong in every place. */
static void test_table_errors(void)
{
	static const struct {
		const char *args[6];
		const char *err;
	} cases[] = {
		{ { "status", "show", "extra" },
		  "unexpected argument 'extra' for 'status show' (try 'floodgate help status')" },
		{ { "stat" },
		  "ambiguous object 'stat' (could be stats, status)" },
		{ { "block", "frob" },
		  "unknown command 'frob' for 'block' (try 'floodgate help block')" },
		{ { "block", "l" },
		  "ambiguous command 'l' for 'block' (could be list, load)" },
		{ { "block", "list", "all" },
		  "unexpected argument 'all' for 'block list' (try 'floodgate help block')" },
		{ { "block", "add" },
		  "block add: missing PREFIX (try 'floodgate help block')" },
		{ { "block", "add", "1.2.3.4/33" },
		  "block add: invalid prefix '1.2.3.4/33': bad prefix length" },
		{ { "allow", "add", "example.com" },
		  "allow add: invalid prefix 'example.com'" },
		{ { "block", "add", "1.2.3.4", "timeout" },
		  "block add: 'timeout' needs a value" },
		{ { "block", "add", "1.2.3.4", "timeout", "2147484" },
		  "block add: invalid timeout '2147484': out of range (at most 2147483 seconds)" },
		{ { "block", "add", "1.2.3.4", "timeout", "5x" },
		  "block add: invalid timeout '5x'" },
		/* One prefix a command: a batch is what load is for. */
		{ { "block", "add", "1.2.3.4", "5.6.7.8" },
		  "unexpected argument '5.6.7.8' for 'block add' (try 'floodgate help block')" },
		{ { "block", "add", "1.2.3.4", "60" },
		  "unexpected argument '60' for 'block add' (try 'floodgate help block')" },
		{ { "block", "add", "1.2.3.4", "timeout", "60", "x" },
		  "unexpected argument 'x' for 'block add' (try 'floodgate help block')" },
		{ { "block", "del" },
		  "block del: missing PREFIX (try 'floodgate help block')" },
		{ { "block", "del", "1.2.3.4", "timeout", "5" },
		  "unexpected argument 'timeout' for 'block del' (try 'floodgate help block')" },
		{ { "allow", "del", "1::2::3" },
		  "allow del: invalid prefix '1::2::3'" },
		{ { "block", "flush", "now" },
		  "unexpected argument 'now' for 'block flush' (try 'floodgate help block')" },
		{ { "block", "test" },
		  "block test: missing ADDRESS (try 'floodgate help block')" },
		{ { "block", "test", "198.51.100.0/24" },
		  "block test: invalid address '198.51.100.0/24': an address, not a prefix" },
		{ { "allow", "test", "198.51.100" },
		  "allow test: invalid address '198.51.100'" },
		{ { "block", "test", "1.2.3.4", "5.6.7.8" },
		  "unexpected argument '5.6.7.8' for 'block test' (try 'floodgate help block')" },
		{ { "block", "set" },
		  "block set: missing 'max N' (try 'floodgate help block')" },
		{ { "block", "set", "size", "5" },
		  "block set: unknown setting 'size' (try 'floodgate help block')" },
		{ { "block", "set", "max" },
		  "block set: 'max' needs a value" },
		{ { "block", "set", "max", "0" },
		  "block set: invalid capacity '0': out of range (1 to 16777216)" },
		{ { "allow", "set", "max", "16777217" },
		  "allow set: invalid capacity '16777217': out of range (1 to 16777216)" },
		{ { "block", "set", "max", "1k" },
		  "block set: invalid capacity '1k'" },
		{ { "block", "set", "max", "10", "more" },
		  "unexpected argument 'more' for 'block set' (try 'floodgate help block')" },
		{ { "block", "load" },
		  "block load: missing FILE (try 'floodgate help block')" },
		{ { "block", "load", "a", "b" },
		  "unexpected argument 'b' for 'block load' (try 'floodgate help block')" },
	};
	char want[256], name[64];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		snprintf(want, sizeof(want), "floodgate: %s\n", cases[i].err);
		snprintf(name, sizeof(name), "usage %zu (%s %s)", i,
			 cases[i].args[0],
			 cases[i].args[1] ? cases[i].args[1] : "");
		expect_error(cases[i].args, 2, want, name);
	}
}

/*
 * The grammar of limit and monitor, wrong in every place: one line naming
 * the bad word, exit 2, nothing sent (no module needed to get there).
 */
static void test_limit_errors(void)
{
	static const struct {
		const char *args[10];
		const char *err;
	} cases[] = {
		{ { "limit", "frob" },
		  "unknown command 'frob' for 'limit' (try 'floodgate help limit')" },
		{ { "limit", "s" },
		  "ambiguous command 's' for 'limit' (could be show, set)" },
		{ { "limit", "show", "all" },
		  "unexpected argument 'all' for 'limit show' (try 'floodgate help limit')" },
		{ { "limit", "set" },
		  "limit set: nothing to set (try 'floodgate help limit')" },
		/* Each keyword without its value, and out of its range. */
		{ { "limit", "set", "pps" }, "limit set: 'pps' needs a value" },
		{ { "limit", "set", "pps", "1000000000001" },
		  "invalid value '1000000000001' for 'pps': out of range (0 to 1000000000000)" },
		{ { "limit", "set", "pps", "-1" }, "invalid value '-1' for 'pps'" },
		{ { "limit", "set", "pps", "010" },
		  "invalid value '010' for 'pps': leading zeros are not allowed" },
		{ { "limit", "set", "burst" }, "limit set: 'burst' needs a value" },
		{ { "limit", "set", "burst", "18446744073709551616" },
		  "invalid value '18446744073709551616' for 'burst': out of range (0 to 18446744073709551615)" },
		{ { "limit", "set", "syn-pps", "1000000000001" },
		  "invalid value '1000000000001' for 'syn-pps': out of range (0 to 1000000000000)" },
		{ { "limit", "set", "syn-burst", "x" },
		  "invalid value 'x' for 'syn-burst'" },
		{ { "limit", "set", "bps", "1e9" }, "invalid value '1e9' for 'bps'" },
		{ { "limit", "set", "bps", "1000000000001" },
		  "invalid value '1000000000001' for 'bps': out of range (0 to 1000000000000)" },
		{ { "limit", "set", "bytes-burst", "" },
		  "invalid value '' for 'bytes-burst': empty" },
		{ { "limit", "set", "v4-prefix", "33" },
		  "invalid value '33' for 'v4-prefix': out of range (1 to 32)" },
		{ { "limit", "set", "v4-prefix", "0" },
		  "invalid value '0' for 'v4-prefix': out of range (1 to 32)" },
		{ { "limit", "set", "v4-prefix", "/24" },
		  "invalid value '/24' for 'v4-prefix'" },
		{ { "limit", "set", "v6-prefix", "129" },
		  "invalid value '129' for 'v6-prefix': out of range (1 to 128)" },
		{ { "limit", "set", "block-after", "4294967296" },
		  "invalid value '4294967296' for 'block-after': out of range (0 to 4294967295)" },
		{ { "limit", "set", "block-window", "0" },
		  "invalid value '0' for 'block-window': out of range (1 to 86400 seconds)" },
		{ { "limit", "set", "block-window", "86401" },
		  "invalid value '86401' for 'block-window': out of range (1 to 86400 seconds)" },
		{ { "limit", "set", "block-window", "2d" },
		  "invalid value '2d' for 'block-window': out of range (1 to 86400 seconds)" },
		{ { "limit", "set", "block-time", "0" },
		  "invalid value '0' for 'block-time': out of range (1 to 2147483 seconds)" },
		{ { "limit", "set", "block-time", "2147484" },
		  "invalid value '2147484' for 'block-time': out of range (1 to 2147483 seconds)" },
		{ { "limit", "set", "block-time", "5w" },
		  "invalid value '5w' for 'block-time'" },
		/* A burst of 0 beside a rate that is not, in the same command. */
		{ { "limit", "set", "pps", "1000", "burst", "0" },
		  "invalid value '0' for 'burst': burst 0 with a non-zero pps" },
		{ { "limit", "set", "burst", "0", "pps", "1000" },
		  "invalid value '0' for 'burst': burst 0 with a non-zero pps" },
		{ { "limit", "set", "syn-pps", "5", "syn-burst", "0" },
		  "invalid value '0' for 'syn-burst': syn-burst 0 with a non-zero syn-pps" },
		{ { "limit", "set", "proto", "tcp", "bytes-burst", "0", "bps", "1" },
		  "invalid value '0' for 'bytes-burst': bytes-burst 0 with a non-zero bps" },
		{ { "limit", "set", "pps", "5", "pps", "6" },
		  "limit set: 'pps' given twice" },
		{ { "limit", "set", "frob", "5" },
		  "unexpected argument 'frob' for 'limit set' (try 'floodgate help limit')" },
		{ { "limit", "set", "pps", "5", "frob" },
		  "unexpected argument 'frob' for 'limit set' (try 'floodgate help limit')" },
		/* The selector. */
		{ { "limit", "set", "proto" }, "limit set: 'proto' needs a value" },
		{ { "limit", "set", "proto", "sctp" },
		  "invalid value 'sctp' for 'proto': unknown name (tcp, udp or icmp)" },
		{ { "limit", "set", "proto", "TCP" },
		  "invalid value 'TCP' for 'proto': unknown name (tcp, udp or icmp)" },
		{ { "limit", "set", "proto", "udp", "port" },
		  "limit set: 'port' needs a value" },
		{ { "limit", "set", "proto", "udp", "port", "2000-1000" },
		  "invalid value '2000-1000' for 'port': the range ends before it starts" },
		{ { "limit", "set", "proto", "udp", "port", "0" },
		  "invalid value '0' for 'port': out of range (1 to 65535)" },
		{ { "limit", "set", "proto", "tcp", "port", "65536" },
		  "invalid value '65536' for 'port': out of range (1 to 65535)" },
		{ { "limit", "set", "proto", "tcp", "port", "http" },
		  "invalid value 'http' for 'port'" },
		{ { "limit", "set", "proto", "icmp", "port", "7" },
		  "limit set: icmp has no ports" },
		{ { "limit", "set", "port", "53", "pps", "5" },
		  "limit set: 'port' needs a protocol before it (proto tcp|udp port N[-M])" },
		{ { "limit", "set", "pps", "5", "proto", "udp" },
		  "limit set: 'proto' must come first (proto P [port N[-M]], then the settings)" },
		{ { "limit", "set", "proto", "udp", "pps", "5", "port", "53" },
		  "limit set: 'port' must come first (proto P [port N[-M]], then the settings)" },
		{ { "limit", "set", "proto", "udp", "proto", "tcp" },
		  "limit set: 'proto' must come first (proto P [port N[-M]], then the settings)" },
		/* The key table's capacity. */
		{ { "limit", "set", "max" }, "limit set: 'max' needs a value" },
		{ { "limit", "set", "max", "0" },
		  "invalid value '0' for 'max': out of range (1 to 16777216)" },
		{ { "limit", "set", "max", "16777217" },
		  "invalid value '16777217' for 'max': out of range (1 to 16777216)" },
		{ { "limit", "set", "max", "1k" }, "invalid value '1k' for 'max'" },
		{ { "limit", "set", "max", "10", "pps", "5" },
		  "unexpected argument 'pps' for 'limit set max' (try 'floodgate help limit')" },
		{ { "limit", "set", "pps", "5", "max", "10" },
		  "limit set: 'max' stands alone (limit set max N)" },
		/* del */
		{ { "limit", "del" },
		  "limit del: missing 'proto P' (the default policy cannot be deleted; set its rates to 0)" },
		{ { "limit", "del", "udp" },
		  "unexpected argument 'udp' for 'limit del' (try 'floodgate help limit')" },
		{ { "limit", "del", "port", "53" },
		  "limit del: 'port' needs a protocol before it (proto tcp|udp port N[-M])" },
		{ { "limit", "del", "proto", "udp", "port", "53", "pps", "5" },
		  "unexpected argument 'pps' for 'limit del' (try 'floodgate help limit')" },
		{ { "limit", "del", "proto", "udp", "port", "53", "port", "54" },
		  "unexpected argument 'port' for 'limit del' (try 'floodgate help limit')" },
		{ { "limit", "del", "proto", "icmp", "port", "1" },
		  "limit del: icmp has no ports" },
		{ { "limit", "del", "proto", "udp", "port", "9-8" },
		  "invalid value '9-8' for 'port': the range ends before it starts" },
		{ { "limit", "del", "proto", "gre" },
		  "invalid value 'gre' for 'proto': unknown name (tcp, udp or icmp)" },
		/* top */
		{ { "limit", "top", "0" },
		  "invalid count '0' for 'limit top': out of range (1 to 1000)" },
		{ { "limit", "top", "1001" },
		  "invalid count '1001' for 'limit top': out of range (1 to 1000)" },
		{ { "limit", "top", "ten" }, "invalid count 'ten' for 'limit top'" },
		{ { "limit", "top", "5", "6" },
		  "unexpected argument '6' for 'limit top' (try 'floodgate help limit')" },
		/* monitor */
		{ { "monitor", "all" },
		  "unknown command 'all' for 'monitor' (try 'floodgate help monitor')" },
		{ { "monitor", "events", "now" },
		  "unexpected argument 'now' for 'monitor events' (try 'floodgate help monitor')" },
		{ { "m", "e", "x" },
		  "unexpected argument 'x' for 'monitor events' (try 'floodgate help monitor')" },
	};
	char want[256], name[64];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		snprintf(want, sizeof(want), "floodgate: %s\n", cases[i].err);
		snprintf(name, sizeof(name), "usage %zu (%s %s %s)", i,
			 cases[i].args[0], cases[i].args[1],
			 cases[i].args[2] ? cases[i].args[2] : "");
		expect_error(cases[i].args, 2, want, name);
	}
}

/* A load file that cannot be read, or is bad: exit 1, nothing sent. */
/* The grammar of synproxy, wrong in every place: exit 2, one line. */
static void test_synproxy_errors(void)
{
	static const struct {
		const char *args[10];
		const char *err;
	} cases[] = {
		{ { "synproxy", "frob" },
		  "unknown command 'frob' for 'synproxy' (try 'floodgate help synproxy')" },
		{ { "synproxy", "list", "all" },
		  "unexpected argument 'all' for 'synproxy list' (try 'floodgate help synproxy')" },
		{ { "synproxy", "add" },
		  "synproxy add: missing PORT[-PORT] (try 'floodgate help synproxy')" },
		{ { "synproxy", "del" },
		  "synproxy del: missing PORT[-PORT] (try 'floodgate help synproxy')" },
		{ { "synproxy", "add", "0" },
		  "invalid port '0' for 'synproxy add': out of range (1 to 65535)" },
		{ { "synproxy", "add", "65536" },
		  "invalid port '65536' for 'synproxy add': out of range (1 to 65535)" },
		{ { "synproxy", "add", "90-80" },
		  "invalid port '90-80' for 'synproxy add': the range ends before it starts" },
		{ { "synproxy", "del", "http" },
		  "invalid port 'http' for 'synproxy del'" },
		{ { "synproxy", "add", "80", "dst" },
		  "synproxy add: 'dst' needs a value" },
		{ { "synproxy", "add", "80", "dst", "1.2.3.4/33" },
		  "invalid prefix '1.2.3.4/33' for 'dst': bad prefix length" },
		{ { "synproxy", "del", "80", "dst", "example.com" },
		  "invalid prefix 'example.com' for 'dst'" },
		{ { "synproxy", "add", "80", "mode", "always" },
		  "invalid value 'always' for 'mode': unknown name (on or auto)" },
		{ { "synproxy", "add", "80", "mode", "auto", "threshold", "0" },
		  "invalid value '0' for 'threshold': out of range (1 to 1000000000)" },
		{ { "synproxy", "add", "80", "mode", "auto", "threshold",
		    "1000000001" },
		  "invalid value '1000000001' for 'threshold': out of range (1 to 1000000000)" },
		{ { "synproxy", "add", "80", "mode", "auto", "hold", "0" },
		  "invalid value '0' for 'hold': out of range (1 to 86400 seconds)" },
		{ { "synproxy", "add", "80", "mode", "auto", "hold", "86401" },
		  "invalid value '86401' for 'hold': out of range (1 to 86400 seconds)" },
		{ { "synproxy", "add", "80", "mss", "535" },
		  "invalid value '535' for 'mss': out of range (536 to 65495)" },
		{ { "synproxy", "add", "80", "mss", "65496" },
		  "invalid value '65496' for 'mss': out of range (536 to 65495)" },
		{ { "synproxy", "add", "80", "mss", "1e3" },
		  "invalid value '1e3' for 'mss'" },
		{ { "synproxy", "add", "80", "wscale", "15" },
		  "invalid value '15' for 'wscale': out of range (0 to 14)" },
		{ { "synproxy", "add", "80", "wscale", "-1" },
		  "invalid value '-1' for 'wscale'" },
		{ { "synproxy", "add", "80", "threshold", "5" },
		  "synproxy add: 'threshold' needs 'mode auto' (a port in mode on is always engaged)" },
		{ { "synproxy", "add", "80", "mode", "on", "hold", "5" },
		  "synproxy add: 'hold' needs 'mode auto' (a port in mode on is always engaged)" },
		{ { "synproxy", "add", "80", "mss", "1400", "mss", "1400" },
		  "synproxy add: 'mss' given twice" },
		{ { "synproxy", "add", "80", "no-sack", "no-sack" },
		  "synproxy add: 'no-sack' given twice" },
		{ { "synproxy", "add", "80", "sack" },
		  "unexpected argument 'sack' for 'synproxy add' (try 'floodgate help synproxy')" },
		{ { "synproxy", "add", "80", "81" },
		  "unexpected argument '81' for 'synproxy add' (try 'floodgate help synproxy')" },
		{ { "synproxy", "del", "80", "mode", "on" },
		  "unexpected argument 'mode' for 'synproxy del' (try 'floodgate help synproxy')" },
		{ { "synproxy", "del", "80", "no-sack" },
		  "unexpected argument 'no-sack' for 'synproxy del' (try 'floodgate help synproxy')" },
	};
	char want[256], name[64];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		snprintf(want, sizeof(want), "floodgate: %s\n", cases[i].err);
		snprintf(name, sizeof(name), "synproxy usage %zu (%s %s)", i,
			 cases[i].args[1], cases[i].args[2] ? cases[i].args[2] : "");
		expect_error(cases[i].args, 2, want, name);
	}
}

static void test_load_errors(void)
{
	char path[] = "/tmp/fg-cli-XXXXXX", want[256];
	int fd = mkstemp(path);
	FILE *f;

	expect_error(ARGS("block", "load", "/nonexistent/blocks.txt"), 1,
		     "floodgate: block load: cannot open '/nonexistent/blocks.txt': No such file or directory\n",
		     "load of a missing file");
	expect_error(ARGS("block", "load", "/"), 1,
		     "floodgate: block load: cannot read '/': Is a directory\n",
		     "load of a directory");
	if (fd < 0) {
		tap_skip("mkstemp failed", "cli: load of a bad file");
		return;
	}
	f = fdopen(fd, "w");
	fputs("# blocks\n198.51.100.0/24\n\n203.0.113.7 timeout 60 # scanner\n"
	      "203.0.113.8 timeout sixty\n", f);
	fclose(f);
	snprintf(want, sizeof(want),
		 "floodgate: %s:5: invalid timeout 'sixty'\n", path);
	expect_error(ARGS("block", "load", path), 1, want,
		     "load of a bad file: FILE:LINE");
	unlink(path);
}

static void test_module_absent(void)
{
	static const char want[] =
		"floodgate: module not loaded (genetlink family 'floodgate' not found)\n";

	if (!access("/sys/module/floodgate", F_OK)) {
		tap_skip("the module is loaded here", "cli: module not loaded");
		return;
	}
	expect_error(ARGS("stats"), 1, want, "stats without the module");
	expect_error(ARGS("-j", "stats", "sh"), 1, want,
		     "-j stats sh without the module");
	expect_error(ARGS("limit"), 1, want, "limit without the module");
	expect_error(ARGS("monitor"), 1, want, "monitor without the module");
	expect_error(ARGS("-j", "monitor", "events"), 1, want,
		     "-j monitor events without the module");
	expect_error(ARGS("limit", "set", "pps", "5"), 1, want,
		     "limit set without the module");
	expect_error(ARGS("synproxy"), 1, want, "synproxy without the module");
	expect_error(ARGS("synproxy", "add", "80"), 1, want,
		     "synproxy add without the module");
}

static void test_help(void)
{
	static struct result full, r;

	run(prog, ARGS("--help"), &full);
	tap_ok(full.status == 0 && !full.err[0] &&
	       !strncmp(full.out, "Usage: floodgate [OPTIONS] OBJECT", 33) &&
	       strstr(full.out, "\nfloodgate stats [show]\n") &&
	       strstr(full.out, "\nfloodgate status [show]\n") &&
	       strstr(full.out, "\nfloodgate block [list]\n") &&
	       strstr(full.out, "\nfloodgate block load FILE|-\n") &&
	       strstr(full.out, "\nfloodgate allow [list]\n") &&
	       strstr(full.out, "\nfloodgate allow set max N\n") &&
	       strstr(full.out, "\nfloodgate help [OBJECT]\n"),
	       "cli: --help prints the whole grammar");
	run(prog, ARGS("-h"), &r);
	tap_str(r.out, full.out, "cli: -h is --help");
	run(prog, ARGS("help"), &r);
	tap_str(r.out, full.out, "cli: help is --help");
	run(prog, ARGS("he"), &r);
	tap_str(r.out, full.out, "cli: objects take unique prefixes");

	run(prog, ARGS("help", "stats"), &full);
	tap_ok(full.status == 0 &&
	       !strncmp(full.out, "floodgate stats [show]\n", 23),
	       "cli: help stats");
	run(prog, ARGS("stats", "help"), &r);
	tap_str(r.out, full.out, "cli: stats help is help stats");
	run(prog, ARGS("stats", "h"), &r);
	tap_str(r.out, full.out, "cli: commands take unique prefixes");

	run(prog, ARGS("help", "block"), &full);
	tap_ok(full.status == 0 && !full.err[0] &&
	       !strncmp(full.out, "floodgate block [list]\n"
			"floodgate block add PREFIX [timeout SECONDS]\n", 68),
	       "cli: help block");
	tap_ok(strstr(full.out,
		      "           reported as FILE:LINE and nothing is sent. With CAP_NET_ADMIN\n"
		      "           in the initial user namespace the whole file is sent in one\n"
		      "           request and loaded all or nothing; otherwise it is split into\n"
		      "           requests as large as net.core.wmem_max allows, each all or\n"
		      "           nothing. If a request is refused, the line of the entry at\n"
		      "           fault is reported, and the entries of the requests before it\n"
		      "           stay.\n") != NULL,
	       "cli: help block: how load sends the file");
	run(prog, ARGS("block", "help"), &r);
	tap_str(r.out, full.out, "cli: block help is help block");
	run(prog, ARGS("help", "allow"), &r);
	tap_ok(r.status == 0 && strstr(r.out, "floodgate allow test ADDRESS\n") &&
	       strstr(r.out, "'floodgate help block'"),
	       "cli: help allow");
	run(prog, ARGS("help", "limit"), &full);
	tap_ok(full.status == 0 && !full.err[0] &&
	       !strncmp(full.out, "floodgate limit [show]\n"
			"floodgate limit set [proto tcp|udp|icmp [port N[-M]]] [pps N] [burst N]\n", 95) &&
	       strstr(full.out, "\nfloodgate limit set max N\n") &&
	       strstr(full.out, "\nfloodgate limit del proto tcp|udp [port N[-M]]\n") &&
	       strstr(full.out, "\nfloodgate limit top [N]\n") &&
	       strstr(full.out, "gets one second's worth from the kernel") &&
	       strstr(full.out, "forgets every\n"),
	       "cli: help limit: the grammar, the default burst, what max forgets");
	run(prog, ARGS("limit", "help"), &r);
	tap_str(r.out, full.out, "cli: limit help is help limit");
	run(prog, ARGS("--help"), &r);
	tap_ok(strstr(r.out, "\nfloodgate limit [show]\n") != NULL,
	       "cli: --help has limit");

	run(prog, ARGS("help", "synproxy"), &full);
	tap_ok(full.status == 0 && !full.err[0] &&
	       !strncmp(full.out, "floodgate synproxy [list]\n"
			"floodgate synproxy add PORT[-PORT] [dst PREFIX] [mode on|auto]\n", 89) &&
	       strstr(full.out, "\nfloodgate synproxy del PORT[-PORT] [dst PREFIX]\n") &&
	       strstr(full.out, "[no-timestamps] [no-sack]\n"),
	       "cli: help synproxy: the grammar");
	run(prog, ARGS("synproxy", "help"), &r);
	tap_str(r.out, full.out, "cli: synproxy help is help synproxy");
	run(prog, ARGS("--help"), &r);
	tap_ok(strstr(r.out, "\nfloodgate synproxy [list]\n") != NULL,
	       "cli: --help has synproxy");

	run(prog, ARGS("help", "monitor"), &full);
	tap_ok(full.status == 0 && !full.err[0] &&
	       !strncmp(full.out, "floodgate monitor [events]\n", 27) &&
	       strstr(full.out, "        autoblock PREFIX timeout SECONDS reason REASON drops N\n"
		      "        expired PREFIX\n") &&
	       strstr(full.out, "JSON lines"),
	       "cli: help monitor: the lines it prints, text and JSON");
	run(prog, ARGS("monitor", "help"), &r);
	tap_str(r.out, full.out, "cli: monitor help is help monitor");
	run(prog, ARGS("--help"), &r);
	tap_ok(strstr(r.out, "\nfloodgate monitor [events]\n") != NULL,
	       "cli: --help has monitor");
	tap_ok(!strchr(r.out, '\t'), "cli: --help has no tabs");
	{
		const char *line = r.out;
		size_t longest = 0, n;

		for (; *line; line += n + (line[n] == '\n')) {
			n = strcspn(line, "\n");
			if (n > longest)
				longest = n;
		}
		tap_ok(longest <= 80, "cli: --help fits 80 columns (longest line %zu)",
		       longest);
	}

	run(prog, ARGS("help", "status"), &r);
	tap_ok(r.status == 0 &&
	       !strncmp(r.out, "floodgate status [show]\n", 24),
	       "cli: help status");

	run(prog, ARGS("-V"), &r);
	tap_ok(r.status == 0 && !strncmp(r.out, "floodgate ", 10) &&
	       strstr(r.out, "(genetlink family 'floodgate', version 1)\n"),
	       "cli: -V prints the version");

	run(prog, ARGS("-j"), &r);
	tap_ok(r.status == 2 && !r.out[0] &&
	       !strncmp(r.err, "Usage: floodgate", 16),
	       "cli: no object: usage on stderr, exit 2");
}

void test_cli(const char *floodgate)
{
	if (!floodgate) {
		tap_skip("$FLOODGATE is not set", "cli tests");
		return;
	}
	prog = floodgate;
	test_help();
	test_errors();
	test_table_errors();
	test_limit_errors();
	test_synproxy_errors();
	test_load_errors();
	test_module_absent();
}
