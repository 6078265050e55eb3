// SPDX-License-Identifier: GPL-2.0
/*
 * floodgate_kunit.ko: KUnit suites for floodgate's logic. Each suite lives
 * in its own file and registers itself with kunit_test_suite(); this file
 * only carries the module's metadata. The code under test is floodgate.ko
 * itself, reached through the symbols it exports in the
 * EXPORTED_FOR_KUNIT_TESTING namespace when built for a KUnit kernel.
 */

#include <linux/module.h>

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests for floodgate");
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
