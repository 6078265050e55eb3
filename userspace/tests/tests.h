/* SPDX-License-Identifier: GPL-2.0 */
/* A minimal TAP producer and the test suites of the floodgate CLI. */
#ifndef FG_TESTS_H
#define FG_TESTS_H

#include <stdbool.h>
#include <stdio.h>

/* "ok N - name" or "not ok N - name"; returns @pass. */
bool tap_ok(bool pass, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Like tap_ok(), comparing strings and showing both when they differ. */
bool tap_str(const char *got, const char *want, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* "ok N - name # SKIP why". */
void tap_skip(const char *why, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/*
 * A check of something known to be missing: "not ok N - name # TODO why"
 * when it fails, which TAP does not count as a failure (nor do we: it is
 * reported as skipped).
 */
bool tap_todo(bool pass, const char *why, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The plan and "N passed, N failed, N skipped"; returns the exit status. */
int tap_done(void);

/* Output captured in memory, for code that writes to a FILE. */
struct capture {
	FILE *f;
	char *buf;
	size_t len;
};

FILE *capture_start(struct capture *c);
/* Ends the capture; the text stays in c->buf until capture_free(). */
const char *capture_end(struct capture *c);
void capture_free(struct capture *c);

void test_parse(void);
void test_json(void);
void test_stats(void);
void test_nl(void);
void test_load(void);
void test_batch(void);
void test_table(void);
void test_limit(void);
void test_synproxy(void);
void test_monitor(void);
void test_cli(const char *floodgate);
void test_cli_kernel(const char *floodgate);

#endif /* FG_TESTS_H */
