/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KABISCAN_EXPORTS_H
#define KABISCAN_EXPORTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The symbols a kernel exports to modules, as Module.symvers lists them or
 * as the binaries' __ksymtab/__kcrctab/__ksymtab_strings hold them.
 */
struct export {
	const char *name;	/* "__kmalloc" */
	const char *owner;	/* "vmlinux", or the module as Module.symvers names it:
				 * "drivers/vfio/vfio" */
	const char *ns;		/* namespace ("DMA_BUF"), "" for none */
	uint32_t crc;		/* symbol version; 0 without CONFIG_MODVERSIONS */
	bool gpl;		/* EXPORT_SYMBOL_GPL */
	bool has_crc;		/* the source carries a CRC for it */
	uint32_t seq;		/* order of reading: Module.symvers' line order */
};

struct exports_block;

/* One kernel's exports; strings live in the set's own blocks. */
struct exports {
	struct export *syms;	/* sorted by name once exports__sort() ran */
	size_t cnt;		/* used entries */
	size_t cap;		/* allocated entries */
	struct exports_block *blocks;	/* string storage, freed with the set */
	bool has_crcs;		/* some export carries a non-zero CRC (modversions) */
};

/*
 * Add one export; @name, @owner and @ns (NULL for none) are copied.
 * Returns 0 or -ENOMEM.
 */
int exports__add(struct exports *ex, const char *name, const char *owner, const char *ns,
		 uint32_t crc, bool has_crc, bool gpl);

/* Copy @len bytes of @s into the set's storage as a string; NULL on no memory. */
const char *exports__intern(struct exports *ex, const char *s, size_t len);

/*
 * Sort by name (then owner), stable for equal keys. A name exported twice
 * stays twice: a kernel that loads refuses that, and a cross-check shows it.
 */
void exports__sort(struct exports *ex);

/* The export named @name in a sorted set, or NULL. */
const struct export *exports__find(const struct exports *ex, const char *name);

/* Append every export of @from to @to. Returns 0 or -ENOMEM. */
int exports__merge(struct exports *to, const struct exports *from);

/* Free the set's memory; a zeroed struct is fine. */
void exports_release(struct exports *ex);

/* "EXPORT_SYMBOL" or "EXPORT_SYMBOL_GPL". */
const char *export__type(const struct export *e);

#endif
