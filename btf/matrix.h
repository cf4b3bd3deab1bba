/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KABISCAN_MATRIX_H
#define KABISCAN_MATRIX_H

#include <stdbool.h>
#include <stddef.h>

#include "compare.h"
#include "lookup.h"

struct kernel;
struct rendering;

/* How a kernel is placed in a report. */
enum mx_group {
	MX_REGULAR,		/* baseline arch, generic flavour: compared in version order */
	MX_ARCH,		/* other arch, generic: compared with the baseline arch */
	MX_FLAVOUR,		/* other flavour: compared with generic, same arch */
};

/* One kernel of the matrix, in display order. */
struct mx_kernel {
	struct kernel *k;	/* borrowed */
	size_t input;		/* position among the kernels as given */
	enum mx_group group;	/* which group it is shown in */
	char *label;		/* short unique label: "6.1", "arm64", "rt", or the release */
	long partner;		/* index of the kernel an arch/flavour is compared with, -1 */
	char *partner_label;	/* how the partner is named in that comparison */
};

/* One comparison of two present cells. */
struct mx_comparison {
	size_t a;		/* old / baseline kernel index */
	size_t b;		/* new / compared kernel index */
	enum mx_group group;	/* group of the comparison */
	const char *label_a;	/* borrowed label of @a as shown in this comparison */
	const char *label_b;	/* borrowed label of @b */
	/*
	 * What changed, as `kabiscan diff A B -t T` sees it without following
	 * embedded types (abi__compare); empty when the two are the same.
	 */
	struct abi_changes changes;
	/*
	 * "ILP32" when the two differ only as the data model of @b makes them
	 * differ (datamodel__explains): then @changes is empty.
	 */
	const char *model;
};

/*
 * The name of one kernel closest to a type it lacks, kept for "did you
 * mean" when the kernel's type data is released before the question comes.
 */
struct mx_near {
	char *name;		/* the closest name, malloc'ed; NULL if none is close */
	int kind;		/* its BTF kind */
	bool stop;		/* reading the kernel's names failed: ask no later kernel */
};

/* What the cells of a kernel point into once matrix__detach copied them. */
struct mx_own {
	struct btf *btf;	/* the types its present cells hold; NULL if none */
	char **strs;		/* the module and file names they name, malloc'ed */
	size_t strs_cnt;	/* entries in @strs */
};

/* One type across all kernels. */
struct mx_type {
	struct type_query q;	/* the type asked for */
	struct cell *cells;	/* one per kernel, display order */
	struct rendering **renders;	/* one per kernel, NULL unless present */
	struct mx_comparison *cmps;	/* comparisons, display order */
	size_t cmps_cnt;	/* entries in @cmps */
	/*
	 * With @matrix.released: one per kernel as given, filled for those
	 * that lack the type while no kernel was known to hold it; NULL
	 * until then. Freed with the matrix.
	 */
	struct mx_near *near;
};

/* Kernels grouped and labelled, types looked up, renderings compared. */
struct matrix {
	struct mx_kernel *kernels;	/* display order */
	size_t kernels_cnt;	/* entries in @kernels */
	struct mx_type *types;	/* in the order asked */
	size_t types_cnt;	/* entries in @types */
	const char *base_arch;	/* the baseline arch ("amd64") */
	struct mx_own *own;	/* per kernel as given: what its detached cells point into */
	/*
	 * The kernels' type data was released once they were looked up:
	 * every kernel's cells are detached, and close names for "did you
	 * mean" are in mx_type.near, not to be read from the kernels.
	 */
	bool released;
};

/*
 * A matrix is made in three steps, so that lookups can run while other
 * kernels are still being opened:
 *   matrix__new      parse the type names, make room for @ks_cnt kernels
 *   matrix__lookup   look every type up in kernel @i (as given); calls for
 *                    different @i may run on different threads at once
 *   matrix__finish   group, order and label the kernels, compare the cells
 *                    (on up to @jobs threads, 0: one per online CPU)
 * Each returns 0 or -errno with a message recorded. The kernels are
 * borrowed and must outlive the matrix.
 */
int matrix__new(char **names, size_t names_cnt, size_t ks_cnt, struct matrix **out);
int matrix__lookup(struct matrix *m, size_t i, struct kernel *k);
int matrix__finish(struct matrix *m, struct kernel **ks, int jobs);

/*
 * After matrix__lookup(@m, @i, @k): copy the types kernel @i's present
 * cells hold, and what their layouts depend on (btf_copy__closure), into
 * one small BTF the matrix owns, copy the module and file names they name,
 * and point the cells at the copies, so that the kernel's type data and
 * module list can be freed (kernel__release_types) before matrix__finish
 * compares the cells. Calls for different @i may run on different threads
 * at once.
 */
int matrix__detach(struct matrix *m, size_t i, const struct kernel *k);

/* All three steps on one thread. Free *@out with matrix__free. */
int matrix__build(struct kernel **ks, size_t ks_cnt, char **names, size_t names_cnt,
		  struct matrix **out);

/*
 * The first type at or after index *@pos present in no kernel, or NULL;
 * *@pos is left just past it, so repeated calls visit each such type once.
 * Such a name is a typo or a type these kernels never had; commands treat
 * it as an error. @absent and @nodata count its cells in those states.
 */
const struct mx_type *matrix__missing(const struct matrix *m, size_t *pos, size_t *absent,
				     size_t *nodata);

/* The display position of the kernel given @input-th; kernels_cnt if none. */
size_t matrix__column(const struct matrix *m, size_t input);

/* Free a matrix; NULL is fine. The kernels are not freed. */
void matrix__free(struct matrix *m);

#endif
