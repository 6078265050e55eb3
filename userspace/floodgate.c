// SPDX-License-Identifier: GPL-2.0
/*
 * floodgate: the command-line interface to the floodgate kernel module.
 * Global options, the table of objects, the dispatch to their commands and
 * the usage text; each object lives in its own file.
 */

#include "floodgate.h"
#include "util.h"

#include <assert.h>
#include <errno.h>
#include <getopt.h>
#include <linux/floodgate.h>
#include <stdio.h>
#include <string.h>

#ifndef FG_VERSION
#define FG_VERSION "unknown"
#endif

/* Enough for any object; checked when its commands are looked up. */
#define FG_MAX_COMMANDS 16

/* One row per object, in the order of the help text. */
static const struct fg_object *const objects[] = {
	&fg_stats_object,
	&fg_status_object,
	&fg_block_object,
	&fg_allow_object,
	&fg_limit_object,
	&fg_synproxy_object,
	&fg_monitor_object,
};

static const char usage_head[] =
	"Usage: floodgate [OPTIONS] OBJECT [COMMAND [ARGS]]\n"
	"       floodgate help [OBJECT]\n"
	"       floodgate OBJECT help\n"
	"\n"
	"Options (before the object):\n"
	"  -j, --json          print JSON instead of text\n"
	"  -p, --pretty        indent the JSON (with -j)\n"
	"  -n, --netns NETNS   act on the network namespace NETNS, the one that\n"
	"                      'ip netns add NETNS' made (as 'ip -n' does)\n"
	"  -V, --version       print the version and exit\n"
	"  -h, --help          print this help and exit\n"
	"\n"
	"Objects and commands:\n";

static const char help_usage[] =
	"floodgate help [OBJECT]\n"
	"    This help, or the usage of OBJECT alone.\n";

static const char usage_tail[] =
	"\n"
	"Objects and commands may be abbreviated to any unique prefix. Every\n"
	"command that talks to the module needs CAP_NET_ADMIN in the user\n"
	"namespace that owns the network namespace.\n"
	"Exit status: 0 success; 1 failure (module not loaded, netlink error,\n"
	"refused by the kernel); 2 usage error.\n";

static void print_usage(FILE *f)
{
	size_t i;

	fputs(usage_head, f);
	for (i = 0; i < ARRAY_SIZE(objects); i++) {
		fputc('\n', f);
		fputs(objects[i]->usage, f);
	}
	fputc('\n', f);
	fputs(help_usage, f);
	fputs(usage_tail, f);
}

/*
 * Finds @input among names[0..n) and the implicit "help", which the caller
 * left room for at names[n]. Returns the index (n for "help"), or -1 after
 * reporting an unknown or ambiguous object, or command of object @obj.
 */
static int lookup(const char *input, const char **names, size_t n,
		  const struct fg_object *obj)
{
	const char *kind = obj ? "command" : "object";
	char scope[64] = "", choices[256] = "";
	size_t i, idx, len = 0;
	enum parse_err err;

	names[n] = "help";
	err = parse_keyword(input, names, n + 1, &idx);
	if (err == PARSE_OK)
		return idx;
	if (obj)
		snprintf(scope, sizeof(scope), " for '%s'", obj->name);
	if (err != PARSE_AMBIGUOUS) {
		fg_err("unknown %s '%s'%s (try 'floodgate help%s%s')", kind,
		       input, scope, obj ? " " : "", obj ? obj->name : "");
		return -1;
	}
	for (i = 0; i <= n && len < sizeof(choices); i++)
		if (parse_is_prefix(input, names[i]))
			len += snprintf(choices + len, sizeof(choices) - len,
					"%s%s", len ? ", " : "", names[i]);
	fg_err("ambiguous %s '%s'%s (could be %s)", kind, input, scope,
	       choices);
	return -1;
}

/* Index into objects[], ARRAY_SIZE(objects) for "help", or -1. */
static int find_object(const char *input)
{
	const char *names[ARRAY_SIZE(objects) + 1];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(objects); i++)
		names[i] = objects[i]->name;
	return lookup(input, names, i, NULL);
}

/* Index into obj->commands, obj->n_commands for "help", or -1. */
static int find_command(const struct fg_object *obj, const char *input)
{
	const char *names[FG_MAX_COMMANDS + 1];
	size_t i;

	assert(obj->n_commands && obj->n_commands <= FG_MAX_COMMANDS);
	for (i = 0; i < obj->n_commands; i++)
		names[i] = obj->commands[i].name;
	return lookup(input, names, i, obj);
}

/* floodgate help [OBJECT] */
static int run_help(int argc, char *argv[])
{
	int o;

	if (argc > 1)
		return fg_usage_err("unexpected argument '%s' for 'help' (try 'floodgate help')",
				    argv[1]);
	if (argc == 0) {
		print_usage(stdout);
		return FG_EXIT_OK;
	}
	o = find_object(argv[0]);
	if (o < 0)
		return FG_EXIT_USAGE;
	fputs(o < (int)ARRAY_SIZE(objects) ? objects[o]->usage : help_usage,
	      stdout);
	return FG_EXIT_OK;
}

/* floodgate OBJECT [COMMAND [ARGS]], argv[0] being the object. */
static int run_object(struct fg_ctx *ctx, int argc, char *argv[])
{
	const struct fg_object *obj;
	int o, c;

	o = find_object(argv[0]);
	if (o < 0)
		return FG_EXIT_USAGE;
	if (o == ARRAY_SIZE(objects))
		return run_help(argc - 1, argv + 1);
	obj = objects[o];
	ctx->object = obj;
	if (argc == 1)
		return obj->commands[0].run(ctx, 0, argv + 1);
	c = find_command(obj, argv[1]);
	if (c < 0)
		return FG_EXIT_USAGE;
	if (c < (int)obj->n_commands)
		return obj->commands[c].run(ctx, argc - 2, argv + 2);
	if (argc > 2)
		return fg_unexpected_arg(obj->name, "help", argv[2]);
	fputs(obj->usage, stdout);
	return FG_EXIT_OK;
}

static const struct option long_options[] = {
	{ "json", no_argument, NULL, 'j' },
	{ "pretty", no_argument, NULL, 'p' },
	{ "netns", required_argument, NULL, 'n' },
	{ "version", no_argument, NULL, 'V' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* The option getopt_long() just rejected, as the user wrote it. */
static const char *bad_option(char *argv[])
{
	static char opt[3];

	if (optopt && strncmp(argv[optind - 1], "--", 2)) {
		snprintf(opt, sizeof(opt), "-%c", optopt);
		return opt;
	}
	return argv[optind - 1];
}

/* Returns -1 to go on to the object, or the exit code to end with. */
static int parse_options(struct fg_ctx *ctx, int argc, char *argv[])
{
	enum parse_err err;
	int c;

	/*
	 * '+': options end at the object, as in ip(8). ':' and opterr = 0:
	 * our own messages, prefixed "floodgate: " like every other one.
	 */
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:jpn:Vh", long_options,
				NULL)) != -1) {
		switch (c) {
		case 'j':
			ctx->json = true;
			break;
		case 'p':
			ctx->pretty = true;
			break;
		case 'n':
			err = parse_netns_name(optarg);
			if (err)
				return fg_bad_arg("network namespace name",
						  optarg, "--netns", err);
			ctx->netns = optarg;
			break;
		case 'V':
			printf("floodgate %s (genetlink family '%s', version %d)\n",
			       FG_VERSION, FLOODGATE_GENL_NAME,
			       FLOODGATE_GENL_VERSION);
			return FG_EXIT_OK;
		case 'h':
			print_usage(stdout);
			return FG_EXIT_OK;
		case ':':
			return fg_usage_err("option '%s' needs an argument",
					    argv[optind - 1]);
		default:
			return fg_usage_err("invalid option '%s' (try 'floodgate --help')",
					    bad_option(argv));
		}
	}
	return -1;
}

/* A failed write of the output (full disk, say) is a failure too. */
static int finish(int ret)
{
	if (fflush(stdout) == EOF || ferror(stdout)) {
		fg_err("cannot write the output: %s", strerror(errno));
		return FG_EXIT_FAIL;
	}
	return ret;
}

int main(int argc, char *argv[])
{
	struct fg_ctx ctx = { .json = false };
	int ret = parse_options(&ctx, argc, argv);

	if (ret >= 0)
		return finish(ret);
	if (optind == argc) {
		print_usage(stderr);
		return FG_EXIT_USAGE;
	}
	return finish(run_object(&ctx, argc - optind, argv + optind));
}
