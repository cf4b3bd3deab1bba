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
 * A type found in DWARF, encoded into BTF. DWARF becomes BTF here, at the
 * edge: nothing downstream sees a libdwarf type.
 */
struct dwarf_hit {
	struct btf *btf;	/* new BTF with the type and its closure; caller frees */
	__u32 ids[DWARF_MAX_LAYOUTS];	/* the type, one id per distinct layout */
	unsigned int layouts;	/* distinct layouts of the name across CUs, 0 if absent */
	unsigned int cus;	/* compilation units that define the name */
};

/*
 * Find @q in the DWARF of the ELF file @path (a debug module, ET_REL with
 * .rela.debug_* applied by libdwarf, or a debug vmlinux) and encode the type
 * with everything it refers to into a new BTF, as pahole -J would: named
 * structs and unions reached only through pointers become forward
 * declarations. Where the name has several layouts in different CUs, each
 * distinct one is kept. Returns 0 with @out->layouts 0 if the name is not
 * defined, or -errno with a message naming @path (corrupt or missing DWARF).
 */
int dwarf__find_type(const char *path, const struct type_query *q, struct dwarf_hit *out);

/* Free what dwarf__find_type() returned; a zeroed hit is fine. */
void dwarf_hit_release(struct dwarf_hit *hit);

#endif
