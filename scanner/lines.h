/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KABISCAN_LINES_H
#define KABISCAN_LINES_H

#include <stddef.h>

/* Told one line of a file; returns 0 to go on or a negative errno to stop. */
typedef int (*lines_fn)(char *line, size_t lineno, void *arg);

/*
 * Call @fn with each line of the text file @path that holds more than
 * blanks once "#" comments and line ends are cut, with its line number.
 * The line may be modified. Returns 0, @fn's error, or -errno with a
 * message naming @path when it cannot be opened or read.
 */
int lines__read(const char *path, lines_fn fn, void *arg);

#endif
