/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KABISCAN_FACTS_H
#define KABISCAN_FACTS_H

#include <stdbool.h>
#include <stddef.h>

struct cell;
struct rendering;
struct type_query;

/*
 * What a driver can compile against, for one type in one kernel: #define
 * facts (KABI_HAVE_STRUCT_X 1, KABI_OFFSETOF_X_Y 8, KABI_ARG_X_Y_1 char *)
 * and the C expressions a layout check asserts (sizeof, offsetof).
 */
struct fact {
	char *macro;		/* "KABI_SIZEOF_STRUCT_VFIO_PCI_REGOPS" */
	char *value;		/* "32", "1", "struct pci_dev *" */
	bool presence;		/* a 0/1 flag: defined as 0 where the thing is missing */
};

struct check {
	char *expr;		/* "sizeof(struct vfio_pci_regops)" */
	char *value;		/* "32" */
};

struct fact_list {
	struct fact *facts;	/* in a stable order: type, members, enumerators */
	size_t facts_cnt;	/* entries in @facts */
	size_t facts_cap;	/* allocated entries */
	size_t *slots;		/* hash of @facts by macro: index + 1, 0 for empty */
	size_t slots_cap;	/* entries in @slots, a power of two */
	struct check *checks;	/* sizes and offsets to assert */
	size_t checks_cnt;	/* entries in @checks */
	size_t checks_cap;	/* allocated entries */
	bool no_layout;		/* the spec said "nolayout": its checks were dropped */
};

/*
 * The facts of query @q in cell @c (rendered as @r when present). An absent
 * type yields its presence flag as 0. Appends to @out; returns 0 or -ENOMEM.
 */
int facts__add(const struct type_query *q, const struct cell *c, const struct rendering *r,
	       struct fact_list *out);

/*
 * Append "#define MACRO @value" to @l, MACRO made from @fmt; @presence for
 * a 0/1 flag. It is indexed for facts__find(). Returns 0 or -ENOMEM.
 */
int fact_list__add(struct fact_list *l, bool presence, const char *value, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/*
 * The fact of @l whose macro is @macro, or NULL: a hash lookup, so that a
 * header of a struct with 65,535 members is made in linear time.
 */
const struct fact *facts__find(const struct fact_list *l, const char *macro);

/* "vfio_pci_regops" -> "VFIO_PCI_REGOPS": upper case, other characters '_'. */
char *facts__macro_name(const char *s);

/*
 * Leave @l's type out of the layout checks (a spec's "nolayout": a type a
 * driver cannot see, declared in a private header), keeping its facts.
 */
void fact_list__drop_checks(struct fact_list *l);

/* Free a fact list's contents; a zeroed list is fine. */
void fact_list_release(struct fact_list *l);

#endif
