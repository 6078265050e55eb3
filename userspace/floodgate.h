/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The command-line grammar: floodgate [OPTIONS] OBJECT [COMMAND [ARGS]].
 *
 * An object is one file that defines a struct fg_object; adding one means
 * writing that file, declaring its object below and adding one row to the
 * table in floodgate.c. Objects and commands may be abbreviated to a unique
 * prefix; every object also answers "help".
 */
#ifndef FG_FLOODGATE_H
#define FG_FLOODGATE_H

#include <stdbool.h>
#include <stddef.h>

struct fg_object;

/* The global options, given before the object, and the object run. */
struct fg_ctx {
	bool json;		/* -j */
	bool pretty;		/* -p: indent JSON */
	const char *netns;	/* -n NETNS, or NULL */
	const struct fg_object *object;
};

struct fg_command {
	const char *name;
	/* @argv holds the arguments after the command name. */
	int (*run)(const struct fg_ctx *ctx, int argc, char *argv[]);
};

struct fg_object {
	const char *name;
	/* The object's grammar and output, printed by help; ends in '\n'. */
	const char *usage;
	/* The first command is the default one, run when none is given. */
	const struct fg_command *commands;
	size_t n_commands;
	/*
	 * For objects that share their commands (block and allow): what tells
	 * them apart, for the commands to find in ctx->object.
	 */
	const void *data;
};

extern const struct fg_object fg_stats_object;
extern const struct fg_object fg_status_object;
extern const struct fg_object fg_block_object;
extern const struct fg_object fg_allow_object;
extern const struct fg_object fg_limit_object;
extern const struct fg_object fg_synproxy_object;
extern const struct fg_object fg_monitor_object;

#endif /* FG_FLOODGATE_H */
