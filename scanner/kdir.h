/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KABISCAN_KDIR_H
#define KABISCAN_KDIR_H

#include <stdbool.h>
#include <stddef.h>

struct cache_entry;

/*
 * The files that make up one kernel build, found under a root directory (an
 * installed system, an extracted package, a corpus folder) or named alone.
 * Nothing is opened here beyond directory listings.
 */
struct kernel_files {
	char *origin;		/* the argument the user gave */
	char *release;		/* "6.1.0-50-amd64", or a name derived from the file */
	char *vmlinux;		/* chosen vmlinux type source, or NULL if none */
	char *config;		/* boot/config-RELEASE, or NULL */
	char **modules;		/* module files (.ko, .ko.xz, ...), sorted by path */
	size_t modules_cnt;	/* entries in @modules */
	char *module_root;	/* directory the module paths are listed under, or NULL */
	char **debug;		/* per module: its unstripped debug file, or NULL */
	char **bad;		/* per module: why it could not be read (in a package), or
				 * NULL; the array is NULL but for packages */
	char *vmlinux_debug;	/* debug vmlinux with DWARF, or NULL */
	bool running;		/* the running kernel ("/") */
	bool single_module;	/* the argument was one module file */
	char cache_key[33];	/* read from this cache entry, not the files; "" if not */
	struct cache_entry *entry;	/* already read (packages): kernel__open takes it */
};

/* Where to look beyond the obvious. */
struct kdir_opts {
	const char *base;	/* vmlinux BTF for lone module files (--base), or NULL */
	const char *debug_dir;	/* more debug files (--debug-dir), or NULL */
};

/*
 * Find the kernels at @path: a root directory yields one per release found
 * ("/" yields the running kernel only); a file yields one. Debug files
 * come from ROOT/usr/lib/debug and @o->debug_dir. Returns 0 and a new
 * array in *@out (free with kernel_files__free_all), or -errno with a
 * message naming @path.
 */
int kdir__find(const char *path, const struct kdir_opts *o, struct kernel_files ***out,
	       size_t *cnt);

/* Free one kernel_files; NULL is fine. */
void kernel_files__free(struct kernel_files *kf);

/* Free an array from kdir__find() and its entries. */
void kernel_files__free_all(struct kernel_files **kfs, size_t cnt);

/*
 * A lone module: "ROOT/[usr/]lib/modules/REL/..." names its root and release,
 * where its base BTF and debug file are looked for. Both are malloc'ed, or
 * NULL when the path says nothing (or memory ran out).
 */
void kdir__module_root(const char *path, char **root, char **rel);

/* True if @name ends like a kernel module file: .ko, .ko.xz, .ko.zst, .ko.gz. */
bool kdir__is_module_name(const char *name);

#endif
