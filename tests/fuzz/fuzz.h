/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KABISCAN_FUZZ_H
#define KABISCAN_FUZZ_H

#include <stddef.h>
#include <stdint.h>

/*
 * The input as a file, for readers that take a path: a memfd, named
 * /proc/self/fd/N. Returns the path (static) or NULL; close with
 * fuzz_file_close().
 */
const char *fuzz_file(const uint8_t *data, size_t size);
void fuzz_file_close(void);

#endif
