/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KABISCAN_SPEC_H
#define KABISCAN_SPEC_H

#include <stdbool.h>
#include <stddef.h>

/*
 * A spec file: the types and functions a driver depends on, one a line:
 *
 *   # vfio-pci variant driver
 *   struct vfio_pci_regops
 *   func vfio_pci_core_register_device
 *   enum vfio_pci_irq_type
 *   pci_dev                      (any kind)
 *   struct vfio_pci_core_device alloc
 *   struct vfio_pci_regops nolayout
 *   sym jiffies
 *
 * "alloc" marks a type the driver allocates, embeds or copies, so that its
 * size is part of the ABI it depends on (see kabiscan-diff(1)). "nolayout"
 * leaves a type out of a compat header's layout checks (one the driver
 * cannot see, declared in a private header; see kabiscan-header(1)).
 * "sym NAME" is a symbol the driver imports (exported data such as
 * jiffies, or a function): not a type, it is kept apart in @syms, and its
 * export is what diff, check and header read.
 * "#" starts a comment; blank lines are ignored.
 */
struct spec {
	char **names;		/* entries as written, normalised: "struct vfio_pci_regops" */
	bool *alloc;		/* per entry: marked "alloc" */
	bool *nolayout;		/* per entry: marked "nolayout" */
	size_t cnt;		/* entries in @names */
	char **syms;		/* "sym NAME" entries: the bare names */
	size_t syms_cnt;	/* entries in @syms */
};

/*
 * Read the spec at @path into @s (release with spec_release). Each entry is
 * NAME or one of struct, union, enum, typedef, func followed by NAME, where
 * NAME is a C identifier, or sym NAME; anything else is an error naming the file and the
 * line. Returns 0 or -errno with a message recorded.
 */
int spec__read(const char *path, struct spec *s);

/* Are the @n bytes at @s a C identifier, as a spec NAME must be? */
bool spec__is_ident(const char *s, size_t n);

/* Free what spec__read() allocated; a zeroed spec is fine. */
void spec_release(struct spec *s);

#endif
