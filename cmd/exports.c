// SPDX-License-Identifier: GPL-2.0
/* What symbols and modcheck share: finding kernels and --from. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../btf/exports.h"
#include "../btf/kernel.h"
#include "../btf/matrix.h"
#include "../scanner/errmsg.h"
#include "../scanner/package.h"
#include "../scanner/symvers_pkg.h"
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

int exports_of_matrix(char **paths, size_t cnt, const struct matrix *m, enum kexports_from from,
		      struct kexports **out)
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
		struct kernel_files **own = NULL, *kf = NULL;
		size_t own_cnt = 0;

		for (j = 0; !kf && j < n; j++)
			if (!strcmp(kfs[j]->release, k->release) && !strcmp(kfs[j]->origin, k->origin))
				kf = kfs[j];
		/* A kernel from the scan cache: its files where they were scanned, if still there. */
		if (!kf && !access(k->origin, F_OK) &&
		    !exports_find_kernels((char **)&k->origin, 1, &own, &own_cnt))
			for (j = 0; !kf && j < own_cnt; j++)
				if (!strcmp(own[j]->release, k->release))
					kf = own[j];
		errmsg__clear();
		err = kf ? kexports__load(kf, NULL, from, &ks[i]) : 0;
		if (err == -ENOENT) {
			kexports_release(&ks[i]);
			errmsg__clear();
			err = 0;
		}
		/* The release was borrowed from @kf, which may go now. */
		if (ks[i].release)
			ks[i].release = k->release;
		kernel_files__free_all(own, own_cnt);
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

/* Append @k to @s's kernels, from package release @pkg (1-based) or none (0). */
static int _push(struct exports_set *s, const struct kexports *k, size_t pkg)
{
	struct kexports *p = realloc(s->ks, (s->cnt + 1) * sizeof(*p));
	size_t *q = p ? realloc(s->pkg_of, (s->cnt + 1) * sizeof(*q)) : NULL;

	if (p)
		s->ks = p;
	if (!q)
		return -ENOMEM;
	s->pkg_of = q;
	p[s->cnt] = *k;
	q[s->cnt++] = pkg;
	return 0;
}

static int _package(struct exports_set *s, const char *path, enum kexports_from from)
{
	struct symvers_pkg *found = NULL, *p;
	struct kexports none = { 0 };
	size_t n = 0, i;
	int err;

	if (from == KEXP_BINARY)
		return errmsg__set(-EINVAL, "cannot read the binaries' exports of '%s': it is a "
				   "package (read its Module.symvers, or unpack it)", path);
	err = symvers_pkg__read(path, &found, &n);
	p = err ? NULL : realloc(s->pkgs, (s->pkgs_cnt + n) * sizeof(*p));
	if (!err && !p)
		err = -ENOMEM;
	if (err) {
		symvers_pkg_free_all(found, n);
		return err;
	}
	/* Moved, not copied: their strings now belong to @s. */
	memcpy(p + s->pkgs_cnt, found, n * sizeof(*found));
	free(found);
	s->pkgs = p;
	/* Loaded once @s->pkgs stops moving: the kexports borrow from it. */
	for (i = 0; !err && i < n; i++)
		err = _push(s, &none, ++s->pkgs_cnt);
	return err;
}

int exports_set__load(char **paths, size_t cnt, const char *symvers, enum kexports_from from,
		      struct exports_set *s)
{
	size_t i, j;
	int err = 0;

	memset(s, 0, sizeof(*s));
	for (i = 0; !err && i < cnt; i++) {
		struct kernel_files **kfs = NULL, **p;
		size_t k = 0, first = s->kfs_cnt;

		if (package__is_package(paths[i])) {
			err = _package(s, paths[i], from);
			continue;
		}
		err = exports_find_kernels(&paths[i], 1, &kfs, &k);
		p = err ? NULL : realloc(s->kfs, (s->kfs_cnt + k + 1) * sizeof(*p));
		if (!err && !p) {
			kernel_files__free_all(kfs, k);
			err = -ENOMEM;
		}
		if (err)
			break;
		memcpy(p + s->kfs_cnt, kfs, k * sizeof(*kfs));
		free(kfs);
		s->kfs = p;
		s->kfs_cnt += k;
		for (j = first; !err && j < s->kfs_cnt; j++) {
			struct kexports ke;

			err = kexports__load(s->kfs[j], symvers, from, &ke);
			err = err ?: _push(s, &ke, 0);
			if (err)
				kexports_release(&ke);
		}
	}
	for (i = 0; !err && i < s->cnt; i++)
		if (s->pkg_of[i])
			err = kexports__load_package(&s->pkgs[s->pkg_of[i] - 1], &s->ks[i]);
	return err;
}

void exports_set_release(struct exports_set *s)
{
	size_t i;

	for (i = 0; i < s->cnt; i++)
		kexports_release(&s->ks[i]);
	free(s->ks);
	free(s->pkg_of);
	kernel_files__free_all(s->kfs, s->kfs_cnt);
	symvers_pkg_free_all(s->pkgs, s->pkgs_cnt);
	memset(s, 0, sizeof(*s));
}
