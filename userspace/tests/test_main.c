// SPDX-License-Identifier: GPL-2.0
/*
 * The test runner: every suite in one TAP stream, ending with the line
 * "N passed, N failed". The CLI suite runs the program named by $FLOODGATE
 * (the Makefile passes a sanitizer build) and is skipped without it.
 */

#include "tests.h"

#include <stdlib.h>

int main(void)
{
	test_parse();
	test_json();
	test_stats();
	test_nl();
	test_load();
	test_batch();
	test_table();
	test_limit();
	test_synproxy();
	test_monitor();
	test_cli(getenv("FLOODGATE"));
	test_cli_kernel(getenv("FLOODGATE"));
	return tap_done();
}
