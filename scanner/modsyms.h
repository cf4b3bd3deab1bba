/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KABISCAN_MODSYMS_H
#define KABISCAN_MODSYMS_H

#include <stddef.h>

/*
 * The symbols module @path (.ko, .ko.xz, .ko.zst, .ko.gz) leaves undefined:
 * what it needs from the kernel and other modules. Sorted, unique, without
 * the module's own special symbols. Returns 0 and a malloc'ed array of
 * malloc'ed names in *@out (free with modsyms_free), or -errno with a
 * message naming @path.
 */
int modsyms__undefined(const char *path, char ***out, size_t *cnt);

void modsyms_free(char **syms, size_t cnt);

#endif
