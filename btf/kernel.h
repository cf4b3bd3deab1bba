/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KABISCAN_KERNEL_H
#define KABISCAN_KERNEL_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>

struct btf;
struct cache;
struct cache_entry;
struct dwarf_progress;
struct kernel_files;
struct kmod_prefetch;

/* One module of a kernel. Its BTF is read on the first lookup that needs it. */
struct kmod {
	char *path;		/* module file */
	char *name;		/* module name as lsmod shows it: "vfio_pci_core" */
	char *vermagic;		/* its .modinfo vermagic, once read; NULL if none */
	char *depends;		/* its .modinfo depends ("vfio,kvm"), once read; NULL if none */
	bool read;		/* the file has been read */
	void *raw;		/* raw split BTF blob, NULL if it has none or not yet taken */
	size_t raw_size;	/* bytes of its blob, 0 if it has none */
	bool raw_cached;	/* @raw is still in the kernel's cache entry: kernel__module_raw() */
	const char *strs;	/* the blob's string section, for the name prefilter */
	size_t strs_len;	/* bytes in @strs */
	struct btf *btf;	/* split BTF on the kernel's base, parsed on demand */
	char *debug_path;	/* unstripped copy with DWARF, or NULL */
	int e_machine;		/* ELF machine of the module file, once read */
	unsigned char build_id[64];	/* its GNU build-id, once read */
	size_t build_id_len;	/* bytes in @build_id, 0 if none */
	bool debug_checked;	/* @debug_path was checked against the module */
	int debug_err;		/* the result of that check */
	char *bad;		/* why the file could not be used (its error message), or NULL */
	bool bad_said;		/* a command has warned of @bad */
};

/* How kernels are read. */
struct kernel_opts {
	bool prefer_dwarf;	/* read DWARF where both DWARF and BTF exist (--prefer) */
	bool strict;		/* --strict: a module that cannot be read fails its kernel */
	const struct dwarf_progress *progress;	/* told how long DWARF passes take, or NULL */
	struct cache *cache;	/* scans are reused from and stored in it, or NULL */
	/* Told after each kernel of kernel__open_many() is done, from any thread. */
	void (*scanned)(void *arg, size_t done, size_t total);
	void *scanned_arg;	/* passed to @scanned */
	/*
	 * Threads that read a freshly scanned kernel's modules while its vmlinux
	 * decodes (the opening thread included); < 2 reads them on first use.
	 * kernel__open_many() sets it from its jobs per kernel.
	 */
	int module_threads;
	/*
	 * kernel__open_many(): once @then has run and the scan is stored, free
	 * each kernel's type data (kernel__release_types) and its files (its
	 * entry of @kfs becomes NULL), so that memory does not grow with the
	 * number of kernels.
	 */
	bool release_types;
};

/*
 * One kernel build: its identity and its type data, the vmlinux base BTF
 * and the modules' split BTF. A type in a module is as present as one in
 * vmlinux.
 */
struct kernel {
	char *origin;		/* what the user named */
	char *release;		/* "6.1.0-50-amd64" */
	char *version;		/* "6.1"; "" if unknown */
	char *arch;		/* Debian arch name; "unknown" if nothing tells */
	char *flavour;		/* "generic", "cloud", "rt", ... */
	char *vmlinux_path;	/* where the base BTF was read, or NULL */
	char *vmlinux_how;	/* how it was decoded: "bzImage, xz payload" */
	char build_id[41];	/* vmlinux GNU build-id in hex, "" if unknown (raw BTF) */
	struct btf *base;	/* vmlinux BTF, NULL if the kernel has none */
	struct kmod *mods;	/* modules, sorted by path */
	size_t mods_cnt;	/* entries in @mods */
	size_t mods_nodata;	/* modules read so far with neither BTF nor DWARF */
	size_t mods_bad;	/* modules set aside as unreadable (kmod.bad) */
	bool strict;		/* an unreadable module fails the kernel: --strict, or a lone module */
	bool mods_read;		/* every module has been read */
	char *vmlinux_debug;	/* debug vmlinux with DWARF, or NULL */
	char *vmlinux_debug_bad;	/* why @vmlinux_debug could not be read, or NULL */
	char *cache_bad;	/* why @cached was found damaged (and removed), or NULL */
	bool debug_bad_said;	/* a command has warned of @vmlinux_debug_bad */
	bool cache_bad_said;	/* ... and of @cache_bad */
	bool module_first;	/* one module file was named: its own types win over vmlinux's */
	bool no_modules;	/* the running kernel has no /lib/modules/R: modules unknown */
	bool prefer_dwarf;	/* see struct kernel_opts */
	const struct dwarf_progress *progress;	/* see struct kernel_opts */
	struct btf **dwarf_btfs;	/* BTF encoded from DWARF by lookups, owned */
	size_t dwarf_btfs_cnt;	/* entries in @dwarf_btfs */
	struct cache *cache;	/* see struct kernel_opts: entries and DWARF lookups */
	struct cache_entry *cached;	/* the scan read from @cache, mapped: blobs not yet taken */
	struct cache_entry *scan;	/* facts kept to store a fresh scan in @cache */
	char cache_key[33];	/* key of its cache entry, "" without a cache */
	size_t cache_size;	/* bytes of that entry, once read or written */
	bool from_cache;	/* opened from a cache entry, not from its files */
	struct kmod_prefetch *prefetch;	/* modules read ahead, or NULL */
	bool released;		/* kernel__release_types() freed its type data */
	size_t mods_total;	/* once released: modules it had; @mods holds the bad ones */
};

/*
 * Open the kernel described by @kf: read and parse the vmlinux BTF and work
 * out version, arch and flavour. Modules are only listed. The kernel takes
 * kf->entry (packages), leaving NULL there. On success *@out
 * is a new kernel the caller frees with kernel__free(). Returns -errno with
 * a message naming the file on failure.
 */
int kernel__open(const struct kernel_files *kf, const struct kernel_opts *o,
		 struct kernel **out);

/* Work done on a kernel right after it is opened, on the same thread. */
typedef int (*kernel_then_fn)(struct kernel *k, size_t i, void *arg);

/*
 * Open @n kernels on up to @jobs threads (0: one per online CPU), calling
 * @then (if not NULL) on each right after it opens. @out receives them in
 * the order of @kfs, so results do not depend on timing. On failure, every
 * opened kernel is freed, the error of the first failing kernel in order
 * is returned and its message recorded.
 */
int kernel__open_many(struct kernel_files **kfs, size_t n, int jobs,
		      const struct kernel_opts *o, kernel_then_fn then, void *arg,
		      struct kernel **out);

/*
 * Store what was read of @k's files (@kf, as opened) in its cache, once:
 * every module is read first. Does nothing for a kernel opened from the
 * cache or without one. Returns 0 or -errno with a message naming the
 * file; a failure matters only for a cache the user named.
 */
int kernel__cache_store(struct kernel *k, const struct kernel_files *kf);

/*
 * Free @k's type data: the vmlinux and module BTF, the module blobs, the BTF
 * encoded from DWARF, what is left of its cache entry and of the modules
 * read ahead, and the module list but for the modules set aside (kmod.bad,
 * for the warnings). Its identity, its number of modules
 * (kernel__modules_cnt) and its cache facts stay; nothing can be looked up
 * in it any more, and what its cells borrowed is gone. For a caller that
 * kept what it needs (matrix__detach).
 */
void kernel__release_types(struct kernel *k);

/* How many modules @k has, also once released. */
size_t kernel__modules_cnt(const struct kernel *k);

/* Free a kernel and its BTF; NULL is fine. */
void kernel__free(struct kernel *k);

/*
 * Read every module's BTF blob (not parsed), once. A module that cannot be
 * read (corrupt, truncated, of another build) is set aside: its kmod.bad
 * holds the message, and lookups treat it as a module without type data.
 * With k->strict it fails the kernel instead. Returns 0 or -errno with a
 * message naming the module.
 */
int kernel__read_modules(struct kernel *k);

/*
 * Module @m, or its debug file, cannot be used: @err, its message recorded.
 * Unless @k is strict (or @err is -ENOMEM), @m is set aside as kernel__read_modules()
 * does, with the message moved to m->bad, and 0 is returned; else @err.
 */
int kernel__module_bad(struct kernel *k, struct kmod *m, int err);

/*
 * The debug vmlinux cannot be read: @err, its message recorded. As for a
 * module, unless @k is strict or the file is the one the user named, it is
 * set aside (k->vmlinux_debug_bad holds
 * the message; lookups fall back on the BTF, or say no-data) and 0 is
 * returned; else @err.
 */
int kernel__vmlinux_debug_bad(struct kernel *k, int err);

/* Keep @btf (encoded from DWARF) until the kernel is freed. */
int kernel__own_btf(struct kernel *k, struct btf *btf);

/*
 * Module @m's raw blob (m->raw, m->strs) in memory, once: a blob still in
 * the cache entry is taken from it. Returns 0 (m->raw stays NULL for a
 * module without BTF) or -errno with a message naming the entry.
 */
int kernel__module_raw(struct kernel *k, struct kmod *m);

/* Parse module @m's split BTF on the kernel's base, once. */
int kernel__module_btf(struct kernel *k, struct kmod *m, struct btf **out);

#endif
