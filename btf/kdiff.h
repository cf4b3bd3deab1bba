/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KABISCAN_KDIFF_H
#define KABISCAN_KDIFF_H

#include <stdbool.h>
#include <stddef.h>

#include "compare.h"

struct cell;
struct kernel;
struct type_query;

/* One type that was compared, and where its changes sit in the list. */
struct abi_verdict {
	char *type;		/* "struct vfio_pci_regops" */
	size_t first;		/* index of its first change in the result's list */
	size_t cnt;		/* its changes, suppressed ones included */
	char *note;		/* why it could not be compared, or NULL */
	char *module;		/* "vmlinux" or the module defining it (the new side's when
				 * both have it), NULL when neither kernel has it */
	bool indirect;		/* leaf mode: seen only inside types reached by pointer */
	int rank;		/* leaf mode: report order, see kdiff__leaves */
	char *reached;		/* leaf mode: "pci_dev.dev, vfio_device.device", or NULL */
	bool export;		/* an export compared on its own ("sym NAME"), owned by
				 * @module as Module.symvers names it */
};

/* The comparison of an old kernel (or baseline) with a new kernel. */
struct abi_result {
	char *old_name;		/* "6.1.0-50-amd64" or the baseline's release */
	char *new_name;		/* "6.12.117+deb12-amd64" */
	struct abi_changes changes;	/* grouped by type, in the order of @types */
	struct abi_verdict *types;	/* types compared, in report order */
	size_t types_cnt;	/* entries in @types */
	size_t unchanged;	/* types compared without change */
	bool gpl_module;	/* input: the driver's license is GPL-compatible, so an
				 * export becoming GPL-only does not break it */
	bool kernel_exports;	/* whole kernels: their exports were compared too, or
				 * @exports_note says why not */
	size_t exports_unchanged;	/* with @kernel_exports: exports compared without change */
	char *exports_note;	/* why the exports could not be compared, or NULL */
};

/*
 * Compare @n types looked up on both sides: @ca[i] (old) and @cb[i] (new)
 * are the cells of @qs[i]; @alloc[i] (or all false if NULL) says the
 * driver allocates type i. A type present on one side only is added or
 * removed; one without type data on either side gets a note. A function
 * whose exports both kernels know (cell export_known) has its export
 * compared too (abi__compare_export), under the same verdict. Appends to
 * @r. Returns 0 or -errno.
 */
int kdiff__cells(const struct cell *ca, const struct cell *cb, const struct type_query *qs,
		 const bool *alloc, size_t n, bool recurse, struct abi_result *r);

/*
 * Record the verdict of type @type, whose changes are those of @r from
 * @first on (@note: why it could not be compared, or NULL). Returns 0 or
 * -ENOMEM.
 */
int abi_result__verdict(struct abi_result *r, const char *type, size_t first, const char *note);

/*
 * Leaf changes, for a gate: like kdiff__cells, but each changed type is
 * compared once, at its own name. Named structs and unions embedded by
 * value in the types asked for (and in those) are compared as types of
 * their own, their verdicts saying where they are reached from (those
 * that changed: the types asked for alone count as unchanged); none is
 * opened inside another. A type is indirect when it is reached only inside
 * a type the driver holds by pointer (not "alloc"), so the driver sees it
 * only by dereferencing. Verdicts are ordered by rank, then as asked:
 * 0 callback tables (structs of function pointers: the driver fills or
 * calls them, and a moved slot is a silent miscall), 1 functions, 2 types
 * held by value, 3 other direct types, 4 indirect types. Appends to @r.
 * Returns 0 or -errno.
 */
int kdiff__leaves(const struct cell *ca, const struct cell *cb, const struct type_query *qs,
		  const bool *alloc, size_t n, struct abi_result *r);

struct exports;

/*
 * Compare the exports of the @n symbols @syms (a spec's "sym NAME"
 * entries) in @a (old) and @b (new), each as type "sym NAME" with
 * abi__compare_export's changes, owned by its new (else old) owner. A side
 * whose exports are unknown (NULL) gets a note: nothing can be said of
 * its symbols. Appends to @r.
 * Returns 0 or -ENOMEM.
 */
int kdiff__exports(char *const *syms, size_t n, const struct exports *a, const struct exports *b,
		   struct abi_result *r);

/*
 * Compare every export of @a (old) with @b (new), matched by name, as
 * kdiff__exports does: a changed one is a verdict "sym NAME" of its own,
 * owned by its new (else old) owner. Exports found twice under one name
 * are compared once, by the first. When one side's exports are unknown
 * (NULL, or none at all), nothing is compared and r->exports_note says so;
 * when neither kernel has any, nothing is said (r->kernel_exports stays
 * false). Returns 0 or -ENOMEM.
 */
int kdiff__kernel_exports(const struct exports *a, const struct exports *b,
			  struct abi_result *r);

/*
 * Compare every struct, union, enum, typedef and function of kernel @a
 * with kernel @b, vmlinux and modules, in name order. Named types are
 * compared on their own, so embedded ones are not opened. Both kernels need
 * BTF. Returns 0 or -errno with a message.
 */
int kdiff__kernels(struct kernel *a, struct kernel *b, struct abi_result *r);

/* Changes of @r that are not suppressed: breaking and compatible ones. */
void abi_result__count(const struct abi_result *r, size_t *breaking, size_t *compatible,
		       size_t *suppressed);

/* Breaking changes of @r, not suppressed, in its direct or its indirect verdicts. */
size_t abi_result__breaking(const struct abi_result *r, bool indirect);

/* Free what @r holds and zero it. */
void abi_result_release(struct abi_result *r);

#endif
