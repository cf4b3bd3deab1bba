/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KABISCAN_DEPS_H
#define KABISCAN_DEPS_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>

struct btf;

/* One kernel type a module depends on. */
struct dep {
	char *spelled;		/* "struct pci_dev", "typedef spinlock_t", ... */
	bool alloc;		/* held by value in a module type: its size matters */
};

/* Is the module's own type @spelled really another module's type? */
typedef bool (*deps_foreign_fn)(const char *spelled, void *arg);

/*
 * The named kernel types (struct, union, enum, typedef of those) that the
 * module's own types in split BTF @mod refer to, directly or through
 * pointers, arrays, qualifiers and prototypes, stopping at the first named
 * kernel type on each path. Types of other modules are copied into a
 * module's BTF; @foreign (if not NULL) tells them apart. Sorted by
 * spelling. Returns 0 and a malloc'ed array (free with deps_free), or
 * -ENOMEM.
 */
int deps__types(const struct btf *mod, deps_foreign_fn foreign, void *arg, struct dep **out,
		size_t *cnt);

/*
 * The spellings of the module's own named types that could be another
 * module's: the candidates for @foreign. Returns 0 and a malloc'ed array
 * of malloc'ed strings (free with deps_names_free), or -ENOMEM.
 */
int deps__own_names(const struct btf *mod, char ***out, size_t *cnt);

void deps_names_free(char **names, size_t cnt);

void deps_free(struct dep *deps, size_t cnt);

#endif
