// SPDX-License-Identifier: GPL-2.0
/* What symbols and modcheck share: finding kernels and --from. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../btf/exports.h"
#include "../btf/kernel.h"
#include "../btf/matrix.h"
#include "../scanner/errmsg.h"
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

int exports_of_matrix(char **paths, size_t cnt, const struct matrix *m, struct kexports **out)
{
	struct kexports *ks = calloc(m->kernels_cnt ?: 1, sizeof(*ks));
	struct kernel_files **kfs = NULL;
	size_t n = 0, i, j;
	int err = ks ? 0 : -ENOMEM;

	/* Packages and cached kernels are no kernel_files here: their exports are unknown. */
	for (i = 0; !err && i < cnt; i++) {
		struct kernel_files **one = NULL, **p;
		size_t k = 0;

		if (exports_find_kernels(&paths[i], 1, &one, &k)) {
			errmsg__clear();
			continue;
		}
		p = realloc(kfs, (n + k + 1) * sizeof(*p));
		if (!p) {
			kernel_files__free_all(one, k);
			err = -ENOMEM;
			break;
		}
		kfs = p;
		memcpy(kfs + n, one, k * sizeof(*one));
		n += k;
		free(one);
	}
	for (i = 0; !err && i < m->kernels_cnt; i++) {
		const struct kernel *k = m->kernels[i].k;

		for (j = 0; j < n; j++)
			if (!strcmp(kfs[j]->release, k->release) && !strcmp(kfs[j]->origin, k->origin))
				break;
		if (j == n)
			continue;
		err = kexports__load(kfs[j], NULL, KEXP_AUTO, &ks[i]);
		if (err == -ENOENT) {
			kexports_release(&ks[i]);
			errmsg__clear();
			err = 0;
		}
	}
	kernel_files__free_all(kfs, n);
	if (err) {
		exports_free_all(ks, m->kernels_cnt);
		return err;
	}
	*out = ks;
	return 0;
}

void exports_free_all(struct kexports *ks, size_t cnt)
{
	size_t i;

	for (i = 0; ks && i < cnt; i++)
		kexports_release(&ks[i]);
	free(ks);
}
