/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KABISCAN_BTF_EXPORTS_H
#define KABISCAN_BTF_EXPORTS_H

#include <stdbool.h>
#include <stddef.h>

#include "../scanner/exports.h"

struct kernel_files;

/* Where a kernel's exports come from. */
enum kexports_from {
	KEXP_AUTO,		/* Module.symvers if there is one, else the binaries */
	KEXP_SYMVERS,		/* Module.symvers only */
	KEXP_BINARY,		/* the vmlinux image and the module files only */
};

/* One kernel's exports and what a module must match to load on it. */
struct kexports {
	const char *release;	/* the kernel's release (borrowed from its files) */
	struct exports ex;	/* sorted by name */
	char *symvers;		/* the Module.symvers read, or NULL */
	char *image;		/* the vmlinux image read, or NULL */
	char **owners;		/* owners of the module files read, sorted */
	size_t owners_cnt;	/* entries in @owners */
	char *vermagic;		/* the kernel's vermagic */
	char vermagic_from[16];	/* "module" or "config" */
	bool from_symvers;	/* @ex is Module.symvers' */
};

/*
 * Gather the exports of kernel @kf: from @symvers (--symvers, or NULL to
 * look in the root), or from the binaries, as @from says. The kernel's
 * vermagic comes from one of its modules, else from its config. Returns 0
 * or -errno with one message (a kernel with no source of exports is an
 * error). Release @out with kexports_release() either way.
 */
int kexports__load(const struct kernel_files *kf, const char *symvers, enum kexports_from from,
		   struct kexports *out);

struct symvers_pkg;

/*
 * The exports of a release found in a package (@p, see symvers_pkg__read):
 * its Module.symvers, and the vermagic built from the config beside it.
 * @p must outlive @out (the release is borrowed). Returns 0 or -errno with
 * a message; release @out with kexports_release() either way.
 */
int kexports__load_package(const struct symvers_pkg *p, struct kexports *out);

void kexports_release(struct kexports *k);

/*
 * The owner name Module.symvers gives the module file @path of release
 * @rel: "ROOT/lib/modules/R/kernel/drivers/vfio/vfio.ko.xz" ->
 * "drivers/vfio/vfio". Malloc'ed; NULL on no memory.
 */
char *kexports__owner(const char *path, const char *rel);

/* One way two sources of a kernel's exports disagree. */
struct export_diff {
	const char *name;	/* the symbol */
	const char *what;	/* "crc", "type", "namespace", "owner", "only-in-symvers",
				 * "only-in-binaries", "duplicate" */
	char symvers[96];	/* the value Module.symvers gives, "" if none */
	char binary[96];	/* the value the binaries give, "" if none */
};

/* How two sources compared. */
struct export_check {
	struct export_diff *diffs;	/* every disagreement, by name */
	size_t cnt;		/* entries in @diffs */
	size_t compared;	/* symbols found in both */
	size_t skipped;		/* Module.symvers entries of modules not in the root */
};

/*
 * Compare Module.symvers' exports @sv with the binaries' @bin of the same
 * kernel. Every binary export must be in @sv with the same owner, type,
 * namespace and CRC; every @sv export of vmlinux must be in @bin when
 * @have_vmlinux, and of a module whose file was read (owners in @owners,
 * sorted, @owners_cnt) likewise. Returns 0 or -ENOMEM.
 */
int kexports__check(const struct exports *sv, const struct exports *bin, bool have_vmlinux,
		    char *const *owners, size_t owners_cnt, struct export_check *out);

void export_check_release(struct export_check *c);

#endif
