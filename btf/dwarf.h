/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KABISCAN_DWARF_H
#define KABISCAN_DWARF_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>

struct btf;
struct type_query;

/* Most distinct layouts of one name kept from one DWARF file. */
#define DWARF_MAX_LAYOUTS 8

/*
 * Where one wanted name was found in DWARF. DWARF becomes BTF here, at the
 * edge: nothing downstream sees a libdwarf type.
 */
struct dwarf_hit {
	__u32 ids[DWARF_MAX_LAYOUTS];	/* the type in the BTF, one id per distinct layout */
	unsigned int layouts;	/* distinct layouts of the name across CUs, 0 if absent */
	unsigned int cus;	/* compilation units that define the name */
};

/*
 * Told how far a DWARF pass has got: @done of @total bytes of .debug_info,
 * about every percent. Called on the reading thread; it must not fail.
 */
struct dwarf_progress {
	void (*fn)(void *arg, const char *path, unsigned long long done,
		   unsigned long long total);
	void *arg;		/* passed to @fn */
};

/*
 * Find the @n queries @qs in the DWARF of the ELF file @path (a debug
 * module, ET_REL with .rela.debug_* applied by libdwarf, or a debug vmlinux)
 * in one pass over its compilation units, and encode the types found, with
 * everything they refer to, into one new BTF in *@btf (NULL if none was
 * found; the caller frees it), as pahole -J would: named structs and unions
 * reached only through pointers become forward declarations. Where a name
 * has several layouts in different CUs, each distinct one is kept.
 * @hits[i] tells where @qs[i] is; layouts 0 means not defined. @progress,
 * if not NULL, hears how far the pass is. Returns 0, or
 * -errno with a message naming @path (corrupt or missing DWARF).
 */
int dwarf__find_types(const char *path, const struct type_query *qs, size_t n,
		      const struct dwarf_progress *progress, struct btf **btf,
		      struct dwarf_hit *hits);

/*
 * Are the debug sections of the ELF file @path compressed (SHF_COMPRESSED or
 * .zdebug_*)? Then its names cannot be found by looking at its bytes, and
 * only reading its DWARF tells whether it has them. False if unreadable.
 */
bool dwarf__compressed(const char *path);

struct cache;

/*
 * dwarf__find_types() through the scan cache @c (NULL: straight through):
 * what the DWARF of @path yields for these names is kept under a key of
 * the file's contents and the names, and read back next time. The same
 * contract otherwise.
 */
int dwarf_cache__find_types(struct cache *c, const char *path, const struct type_query *qs,
			    size_t n, const struct dwarf_progress *progress, struct btf **btf,
			    struct dwarf_hit *hits);

#endif
