/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KABISCAN_SYMVERS_H
#define KABISCAN_SYMVERS_H

#include "exports.h"

/*
 * Read the Module.symvers file @path (plain or compressed, as RHEL's
 * boot/symvers-R.gz) into @ex, unsorted. Lines are tab-separated: crc, name,
 * owner, type, namespace (5.10 and later); crc, name, namespace, owner, type
 * (5.4 to 5.9); crc, name, owner, type (older). Returns 0, or -errno with one
 * message naming @path and the first bad line.
 */
int symvers__read(const char *path, struct exports *ex);

/* The same for @size bytes at @mem, named @name in messages. */
int symvers__parse(const char *mem, size_t size, const char *name, struct exports *ex);

/*
 * The Module.symvers of release @rel under root directory @root, or NULL:
 * usr/src/linux-headers-R/Module.symvers, {usr/,}lib/modules/R/build/
 * Module.symvers (an absolute "build" link is resolved inside @root), then
 * boot/symvers-R.gz and boot/symvers-R. Returns a malloc'ed path.
 */
char *symvers__find(const char *root, const char *rel);

#endif
