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

struct matrix;

/*
 * The exports of each kernel of @m (read from @paths, matched by origin and
 * release, as @from says), for KABI_EXPORTED_ facts and func cells: a new
 * array of m->kernels_cnt in *@out (exports_free_all), where a kernel whose
 * exports cannot be found (no Module.symvers, or with KEXP_AUTO no image or
 * module either: a cached or packaged kernel, raw BTF) has a NULL release.
 * Returns 0 or -errno with a message (a source that exists but cannot be
 * read is an error).
 */
int exports_of_matrix(char **paths, size_t cnt, const struct matrix *m, enum kexports_from from,
		      struct kexports **out);

void exports_free_all(struct kexports *ks, size_t cnt);

struct symvers_pkg;

/* The exports of every kernel the KERNEL arguments name, and what they borrow from. */
struct exports_set {
	struct kexports *ks;	/* one per kernel, in argument order */
	size_t cnt;		/* entries in @ks */
	struct kernel_files **kfs;	/* kernels of roots, images and modules */
	size_t kfs_cnt;		/* entries in @kfs */
	struct symvers_pkg *pkgs;	/* releases found in packages (linux-headers, kernel-devel) */
	size_t pkgs_cnt;	/* entries in @pkgs */
	size_t *pkg_of;		/* per kernel: 1 + its index in @pkgs, 0 if no package's */
};

/*
 * Load the exports of every kernel in @paths: roots, images and modules as
 * kexports__load() reads them (@symvers and @from apply), and packages by
 * the Module.symvers they hold (a package has no binaries: @from binary
 * refuses it). Returns 0 or -errno with a message; release @s with
 * exports_set_release() either way.
 */
int exports_set__load(char **paths, size_t cnt, const char *symvers, enum kexports_from from,
		      struct exports_set *s);

void exports_set_release(struct exports_set *s);

/* --from auto|symvers|binary. Returns 0 or -EINVAL. */
int exports_from_parse(const char *arg, enum kexports_from *from);

#endif
