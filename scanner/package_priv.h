/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KABISCAN_PACKAGE_PRIV_H
#define KABISCAN_PACKAGE_PRIV_H

#include <stdbool.h>
#include <stddef.h>

#include "image.h"

/* Shared by package.c (reading one package) and package_group.c (merging). */

/* What a file in a package is. */
enum pkg_kind {
	PKG_NONE,		/* of no interest */
	PKG_VMLINUX,		/* an image or vmlinux with BTF */
	PKG_DEBUG_VMLINUX,	/* a debug vmlinux (DWARF, and .BTF) */
	PKG_CONFIG,		/* boot/config-R */
	PKG_MODULE,		/* a module */
	PKG_DEBUG_MODULE,	/* a module's debug file */
};

/* No vmlinux yet: worse than any rank. */
#define PKG_NO_RANK 99

/* A module read from a package. */
struct pkg_mod {
	char *path;		/* "PACKAGE:/lib/modules/R/kernel/...ko" */
	char *inner;		/* its path inside the package, for sorting as kdir.c sorts */
	struct image_btf img;	/* its BTF and facts */
	char *bad;		/* why it could not be read (its message), or NULL */
};

/* What one package holds of one release. */
struct pkg_part {
	char *release;		/* "6.1.0-50-amd64" */
	struct image_btf vmlinux;	/* the best vmlinux so far, and its facts */
	char *vmlinux_path;	/* its name, or NULL */
	int vmlinux_rank;	/* its rank (kdir.c's order), PKG_NO_RANK if none */
	char *config_path;	/* the config's name, or NULL */
	char *config_arch;	/* the arch it names, or NULL */
	struct pkg_mod *mods;	/* modules, in archive order */
	size_t mods_cnt;	/* entries in @mods */
	size_t mods_cap;	/* allocated entries */
	int debug_fd;		/* memfd holding the debug vmlinux, or -1 */
	int debug_rank;		/* its rank among debug vmlinux places */
	bool mod_debug;		/* it holds debug files of modules (not read yet) */
};

/* A module's debug file, read on a second pass into a memfd. */
struct pkg_dbg {
	char *inner;		/* its path in the package */
	int fd;			/* the memfd, open for the rest of the process */
};

struct archive;

/* One package being read. */
struct pkg_read {
	const char *path;	/* the package file */
	struct pkg_part *parts;	/* what it holds, per release */
	size_t parts_cnt;	/* entries in @parts */
	bool saw_data;		/* it had files at all */
	struct archive *outer;	/* the package's archive while it is read */
	unsigned long long pos;	/* bytes read so far, as @tick was last told (its lock) */
	/* Told after each file how many bytes of the package were read, or NULL. */
	void (*tick)(void *arg, struct pkg_read *r, unsigned long long pos);
	void *tick_arg;		/* passed to @tick */
	/* Second pass: read only these module debug files (sorted), nothing else. */
	char **want;		/* paths in the package, or NULL on a first pass */
	size_t want_cnt;	/* entries in @want */
	struct pkg_dbg *dbg;	/* what the second pass read */
	size_t dbg_cnt;		/* entries in @dbg */
	/*
	 * Instead of the kernel's files: told each regular file (@name without
	 * "./", the archive on its data), to read what it wants. Or NULL.
	 */
	int (*visit)(void *arg, struct archive *a, const char *name);
	void *visit_arg;	/* passed to @visit */
	/* From a .deb's control archive, read before its data: */
	bool listed;		/* it has a file list (md5sums) */
	bool lists_kernel;	/* and the list names a kernel file */
	char name[64];		/* its Package field when well formed, else "" */
};

/*
 * The bytes of the file @a is on (for a @visit hook): malloc'ed into @buf,
 * at most image_max_output. Returns 0 or -errno with a message naming @name.
 */
int package__entry_data(struct archive *a, const char *name, void **buf, size_t *len);

/* Read package @r->path. Returns 0 or -errno with a message naming it. */
int package__read(struct pkg_read *r);

/* Free what package__read() filled in; open memfds are closed. */
void pkg_read_release(struct pkg_read *r);

#endif
