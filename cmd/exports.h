/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KABISCAN_CMD_EXPORTS_H
#define KABISCAN_CMD_EXPORTS_H

#include <stddef.h>

#include "../btf/exports.h"

struct kernel_files;

/*
 * The kernels found at each of @paths (roots, directories of roots, images,
 * modules), in order. Returns 0 and a new array (kernel_files__free_all) or
 * -errno with a message recorded.
 */
int exports_find_kernels(char **paths, size_t cnt, struct kernel_files ***out, size_t *n);

/* --from auto|symvers|binary. Returns 0 or -EINVAL. */
int exports_from_parse(const char *arg, enum kexports_from *from);

#endif
