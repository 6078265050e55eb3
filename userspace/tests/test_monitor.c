// SPDX-License-Identifier: GPL-2.0
/*
 * The monitor object without a socket: canned messages of the events
 * group (canned.c, built as the module builds them) parsed and printed,
 * as text lines and as JSON lines.
 */

#include "tests.h"
#include "canned.h"
#include "monitor.h"
#include "util.h"

#include <errno.h>
#include <linux/genetlink.h>
#include <string.h>

static _Alignas(struct nlmsghdr) char msgbuf[1024];

static const struct {
	struct canned_event e;
	const char *text;
	const char *json;
} events[] = {
	{ { FLOODGATE_EVENT_AUTOBLOCK, "198.51.100.7", 32, 300,
	    FLOODGATE_STATS_A_DROP_RATELIMIT, 1234 },
	  "autoblock 198.51.100.7 timeout 300 reason ratelimit drops 1234\n",
	  "{\"event\":\"autoblock\",\"address\":\"198.51.100.7\",\"prefix-length\":32,"
	  "\"timeout\":300,\"reason\":\"ratelimit\",\"drops\":1234}\n" },
	{ { FLOODGATE_EVENT_EXPIRED, "198.51.100.7", 32, 0, -1, -1 },
	  "expired 198.51.100.7\n",
	  "{\"event\":\"expired\",\"address\":\"198.51.100.7\",\"prefix-length\":32}\n" },
	{ { FLOODGATE_EVENT_AUTOBLOCK, "2001:db8:1::", 64, 2147483,
	    FLOODGATE_STATS_A_DROP_RATELIMIT_SYN, 4294967295U },
	  "autoblock 2001:db8:1::/64 timeout 2147483 reason ratelimit-syn drops 4294967295\n",
	  "{\"event\":\"autoblock\",\"address\":\"2001:db8:1::\",\"prefix-length\":64,"
	  "\"timeout\":2147483,\"reason\":\"ratelimit-syn\",\"drops\":4294967295}\n" },
	{ { FLOODGATE_EVENT_AUTOBLOCK, "203.0.113.0", 24, 60,
	    FLOODGATE_STATS_A_DROP_RATELIMIT_BYTES, 11 },
	  "autoblock 203.0.113.0/24 timeout 60 reason ratelimit-bytes drops 11\n",
	  "{\"event\":\"autoblock\",\"address\":\"203.0.113.0\",\"prefix-length\":24,"
	  "\"timeout\":60,\"reason\":\"ratelimit-bytes\",\"drops\":11}\n" },
	{ { FLOODGATE_EVENT_EXPIRED, "2001:db8::7", 128, 0, -1, -1 },
	  "expired 2001:db8::7\n",
	  "{\"event\":\"expired\",\"address\":\"2001:db8::7\",\"prefix-length\":128}\n" },
	/* A newer module's event and reason: their numbers. */
	{ { 7, "192.0.2.1", 32, 0, 99, -1 },
	  "7 192.0.2.1 reason 99\n",
	  "{\"event\":\"7\",\"address\":\"192.0.2.1\",\"prefix-length\":32,"
	  "\"reason\":\"99\"}\n" },
};

static void test_events(void)
{
	struct fg_event ev;
	struct capture c;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(events); i++) {
		struct nlmsghdr *nlh = canned_event(msgbuf, &events[i].e);

		if (!tap_ok(fg_event_parse(nlh, &ev) == 0,
			    "event %zu: parsed", i))
			continue;
		fg_event_print_text(capture_start(&c), &ev);
		tap_str(capture_end(&c), events[i].text, "event %zu: text", i);
		capture_free(&c);
		fg_event_print_json(capture_start(&c), &ev);
		tap_str(capture_end(&c), events[i].json,
			"event %zu: one JSON line", i);
		capture_free(&c);
	}
}

/* The SYN proxy's events: a port instead of an entry. */
static void test_synproxy_events(void)
{
	static const struct canned_synproxy any80 = {
		80, 80, NULL, 0, FLOODGATE_SYNPROXY_AUTO, 1000, 30, -1, -1, 0,
		true, 1500
	};
	static const struct canned_synproxy v6 = {
		8000, 8080, "2001:db8::", 32, FLOODGATE_SYNPROXY_AUTO, 5000,
		86400, -1, -1, 0, false, 0
	};
	static const struct {
		uint8_t event;
		const struct canned_synproxy *p;
		const char *text;
		const char *json;
	} cases[] = {
		{ FLOODGATE_EVENT_SYNPROXY_ENGAGED, &any80,
		  "synproxy-engaged tcp/80 dst any mode auto threshold 1000 hold 30 rate 1500\n",
		  "{\"event\":\"synproxy-engaged\",\"port-min\":80,\"port-max\":80,"
		  "\"dst\":null,\"mode\":\"auto\",\"threshold\":1000,\"hold\":30,"
		  "\"rate\":1500}\n" },
		{ FLOODGATE_EVENT_SYNPROXY_DISENGAGED, &v6,
		  "synproxy-disengaged tcp/8000-8080 dst 2001:db8::/32 mode auto threshold 5000 hold 86400 rate 0\n",
		  "{\"event\":\"synproxy-disengaged\",\"port-min\":8000,"
		  "\"port-max\":8080,\"dst\":\"2001:db8::/32\",\"mode\":\"auto\","
		  "\"threshold\":5000,\"hold\":86400,\"rate\":0}\n" },
	};
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	struct fg_event ev;
	struct capture c;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		nlh = canned_synproxy_event(msgbuf, cases[i].event, cases[i].p);
		if (!tap_ok(fg_event_parse(nlh, &ev) == 0 && ev.has_port,
			    "synproxy event %zu: parsed", i))
			continue;
		fg_event_print_text(capture_start(&c), &ev);
		tap_str(capture_end(&c), cases[i].text, "synproxy event %zu: text", i);
		capture_free(&c);
		fg_event_print_json(capture_start(&c), &ev);
		tap_str(capture_end(&c), cases[i].json,
			"synproxy event %zu: one JSON line", i);
		capture_free(&c);
	}

	nlh = canned_header(msgbuf, FLOODGATE_CMD_EVENT);
	mnl_attr_put_u8(nlh, FLOODGATE_A_EVENT, FLOODGATE_EVENT_SYNPROXY_ENGAGED);
	tap_ok(fg_event_parse(nlh, &ev) == -EBADMSG,
	       "synproxy event: an event without its port is refused");

	nlh = canned_header(msgbuf, FLOODGATE_CMD_EVENT);
	mnl_attr_put_u8(nlh, FLOODGATE_A_EVENT, FLOODGATE_EVENT_SYNPROXY_ENGAGED);
	nest = mnl_attr_nest_start(nlh, FLOODGATE_A_SYNPROXY);
	mnl_attr_put_u8(nlh, FLOODGATE_SYNPROXY_A_PORT_MIN, 80);
	mnl_attr_nest_end(nlh, nest);
	tap_ok(fg_event_parse(nlh, &ev) == -EBADMSG,
	       "synproxy event: a port of the wrong size is refused");
}

static void test_bad_events(void)
{
	static const struct canned_event e = {
		FLOODGATE_EVENT_AUTOBLOCK, "198.51.100.7", 32, 300,
		FLOODGATE_STATS_A_DROP_RATELIMIT, 1234
	};
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	struct fg_event ev;

	nlh = canned_event(msgbuf, &e);
	((struct genlmsghdr *)mnl_nlmsg_get_payload(nlh))->cmd =
		FLOODGATE_CMD_MAX + 1;
	tap_ok(fg_event_parse(nlh, &ev) == 1,
	       "event: a message of another command is for skipping");

	nlh = canned_event(msgbuf, &e);
	mnl_attr_put_u32(nlh, FLOODGATE_A_MAX + 1, 5);
	tap_ok(fg_event_parse(nlh, &ev) == 0 && ev.has_count &&
	       ev.count == 1234, "event: a newer module's attribute is skipped");

	nlh = canned_header(msgbuf, FLOODGATE_CMD_EVENT);
	mnl_attr_put_u8(nlh, FLOODGATE_A_EVENT, FLOODGATE_EVENT_EXPIRED);
	tap_ok(fg_event_parse(nlh, &ev) == -EBADMSG,
	       "event: an event without its entry is refused");

	nlh = canned_header(msgbuf, FLOODGATE_CMD_EVENT);
	nest = mnl_attr_nest_start(nlh, FLOODGATE_A_ENTRY);
	mnl_attr_put(nlh, FLOODGATE_ENTRY_A_ADDR, 4, "\xc6\x33\x64\x07");
	mnl_attr_nest_end(nlh, nest);
	tap_ok(fg_event_parse(nlh, &ev) == -EBADMSG,
	       "event: an event without its type is refused");

	nlh = canned_header(msgbuf, FLOODGATE_CMD_EVENT);
	mnl_attr_put_u32(nlh, FLOODGATE_A_EVENT, FLOODGATE_EVENT_EXPIRED);
	nest = mnl_attr_nest_start(nlh, FLOODGATE_A_ENTRY);
	mnl_attr_put(nlh, FLOODGATE_ENTRY_A_ADDR, 4, "\xc6\x33\x64\x07");
	mnl_attr_nest_end(nlh, nest);
	tap_ok(fg_event_parse(nlh, &ev) == -EBADMSG,
	       "event: a type of the wrong size is refused");

	nlh = canned_header(msgbuf, FLOODGATE_CMD_EVENT);
	mnl_attr_put_u8(nlh, FLOODGATE_A_EVENT, FLOODGATE_EVENT_EXPIRED);
	nest = mnl_attr_nest_start(nlh, FLOODGATE_A_ENTRY);
	mnl_attr_put(nlh, FLOODGATE_ENTRY_A_ADDR, 5, "\xc6\x33\x64\x07\x01");
	mnl_attr_nest_end(nlh, nest);
	tap_ok(fg_event_parse(nlh, &ev) == -EBADMSG,
	       "event: a 5-byte address is refused");

	nlh = canned_event(msgbuf, &e);
	nlh->nlmsg_len -= 4;
	tap_ok(fg_event_parse(nlh, &ev) == -EBADMSG,
	       "event: a message cut short is refused");
}

void test_monitor(void)
{
	test_events();
	test_synproxy_events();
	test_bad_events();
}
