// SPDX-License-Identifier: GPL-2.0
/* What symbols and modcheck share: finding kernels and --from. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../btf/exports.h"
#include "../scanner/kdir.h"
#include "cmd.h"
#include "exports.h"

int exports_find_kernels(char **paths, size_t cnt, struct kernel_files ***out, size_t *n)
{
	struct kdir_opts ko = { 0 };
	struct kernel_files **all = NULL;
	size_t i, j, total = 0;
	int err = 0;

	for (i = 0; !err && i < cnt; i++) {
		struct kernel_files **kfs = NULL, **p;
		size_t k = 0;

		err = kdir__find(paths[i], &ko, &kfs, &k);
		p = err ? NULL : realloc(all, (total + k + 1) * sizeof(*p));
		if (!err && !p) {
			kernel_files__free_all(kfs, k);
			err = -ENOMEM;
		}
		for (j = 0; p && j < k; j++)
			p[total++] = kfs[j];
		if (p)
			all = p;
		free(p ? kfs : NULL);
	}
	if (err) {
		kernel_files__free_all(all, total);
		return err;
	}
	*out = all;
	*n = total;
	return 0;
}

int exports_from_parse(const char *arg, enum kexports_from *from)
{
	static const char *const names[] = { "auto", "symvers", "binary" };
	size_t i;

	for (i = 0; i < 3; i++)
		if (!strcmp(arg, names[i])) {
			*from = (enum kexports_from)i;
			return 0;
		}
	return -EINVAL;
}
