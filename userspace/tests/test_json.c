// SPDX-License-Identifier: GPL-2.0
/* The JSON writer: layout, compact and pretty, and string escaping. */

#include "tests.h"
#include "json.h"
#include "util.h"

#include <stdint.h>

/* Every kind of value and container, empty ones included. */
static void write_sample(FILE *f, bool pretty)
{
	struct json j;

	json_init(&j, f, pretty);
	json_open_object(&j, NULL);
	json_u64(&j, "a", 1);
	json_open_object(&j, "b");
	json_string(&j, "c", "x");
	json_open_array(&j, "d");
	json_u64(&j, NULL, 1);
	json_u64(&j, NULL, UINT64_MAX);
	json_close(&j);
	json_close(&j);
	json_open_object(&j, "e");
	json_close(&j);
	json_open_array(&j, "f");
	json_close(&j);
	json_bool(&j, "g", true);
	json_bool(&j, "h", false);
	json_close(&j);
	json_finish(&j);
}

static void test_signed_null(void)
{
	struct capture c;
	struct json j;

	json_init(&j, capture_start(&c), false);
	json_open_array(&j, NULL);
	json_s64(&j, NULL, -500);
	json_s64(&j, NULL, INT64_MIN);
	json_s64(&j, NULL, INT64_MAX);
	json_null(&j, NULL);
	json_open_object(&j, NULL);
	json_null(&j, "match");
	json_close(&j);
	json_close(&j);
	json_finish(&j);
	tap_str(capture_end(&c),
		"[-500,-9223372036854775808,9223372036854775807,null,"
		"{\"match\":null}]\n", "json: signed numbers and null");
	capture_free(&c);
}

static void test_layout(void)
{
	struct capture c;

	write_sample(capture_start(&c), false);
	tap_str(capture_end(&c),
		"{\"a\":1,\"b\":{\"c\":\"x\",\"d\":[1,18446744073709551615]},"
		"\"e\":{},\"f\":[],\"g\":true,\"h\":false}\n",
		"json: compact layout");
	capture_free(&c);

	write_sample(capture_start(&c), true);
	tap_str(capture_end(&c),
		"{\n"
		"    \"a\": 1,\n"
		"    \"b\": {\n"
		"        \"c\": \"x\",\n"
		"        \"d\": [\n"
		"            1,\n"
		"            18446744073709551615\n"
		"        ]\n"
		"    },\n"
		"    \"e\": {},\n"
		"    \"f\": [],\n"
		"    \"g\": true,\n"
		"    \"h\": false\n"
		"}\n",
		"json: pretty layout");
	capture_free(&c);
}

static const struct {
	const char *name, *in, *want;
} escapes[] = {
	{ "plain", "floodgate", "\"floodgate\"" },
	{ "empty", "", "\"\"" },
	{ "quote and backslash", "a\"b\\c", "\"a\\\"b\\\\c\"" },
	{ "slash stays", "a/b", "\"a/b\"" },
	{ "newline and tab", "a\nb\tc", "\"a\\nb\\tc\"" },
	{ "other controls", "\x01\b\f\r\x1f", "\"\\u0001\\u0008\\u000c\\u000d\\u001f\"" },
	{ "DEL", "\x7f", "\"\\u007f\"" },
	{ "2-byte UTF-8", "caf\xc3\xa9", "\"caf\xc3\xa9\"" },
	{ "3-byte UTF-8", "\xe2\x9c\x93", "\"\xe2\x9c\x93\"" },
	{ "4-byte UTF-8", "\xf0\x9f\x98\x80", "\"\xf0\x9f\x98\x80\"" },
	{ "U+10FFFF", "\xf4\x8f\xbf\xbf", "\"\xf4\x8f\xbf\xbf\"" },
	{ "stray continuation", "a\x80z", "\"a\\ufffdz\"" },
	{ "bad lead byte", "\xff", "\"\\ufffd\"" },
	{ "overlong /", "\xc0\xaf", "\"\\ufffd\\ufffd\"" },
	{ "overlong 3-byte", "\xe0\x80\xaf", "\"\\ufffd\\ufffd\\ufffd\"" },
	{ "surrogate", "\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\"" },
	{ "past U+10FFFF", "\xf4\x90\x80\x80", "\"\\ufffd\\ufffd\\ufffd\\ufffd\"" },
	{ "truncated at the end", "x\xe2\x82", "\"x\\ufffd\\ufffd\"" },
	{ "truncated mid-string", "\xe2\x82x", "\"\\ufffd\\ufffdx\"" },
};

static void test_escapes(void)
{
	struct capture c;
	struct json j;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(escapes); i++) {
		json_init(&j, capture_start(&c), false);
		json_string(&j, NULL, escapes[i].in);
		tap_str(capture_end(&c), escapes[i].want, "json escape: %s",
			escapes[i].name);
		capture_free(&c);
	}

	json_init(&j, capture_start(&c), false);
	json_open_object(&j, NULL);
	json_u64(&j, "k\"\n", 0);
	json_close(&j);
	tap_str(capture_end(&c), "{\"k\\\"\\n\":0}", "json: keys are escaped");
	capture_free(&c);
}

void test_json(void)
{
	test_layout();
	test_signed_null();
	test_escapes();
}
