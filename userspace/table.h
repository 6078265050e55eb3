/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The "block" and "allow" objects: one implementation of the table
 * commands (list, add, del, flush, load, test, set) that both objects
 * share, told apart by the table their struct fg_object carries.
 */
#ifndef FG_TABLE_H
#define FG_TABLE_H

#include <stdint.h>

/*
 * "block", "allow", "limit" (the rate limiter's key table, in GET_STATUS
 * only), or the number of a table only a newer module has.
 */
const char *fg_table_name(uint8_t id, char buf[4]);

#endif /* FG_TABLE_H */
