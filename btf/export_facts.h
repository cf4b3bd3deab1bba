/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KABISCAN_EXPORT_FACTS_H
#define KABISCAN_EXPORT_FACTS_H

#include <stdbool.h>

struct fact_list;
struct kexports;
struct matrix;

/*
 * The export facts of symbol @name in kernel @k, appended to @out:
 * KABI_EXPORTED_<NAME> (1 or 0), KABI_EXPORT_GPL_<NAME> (1 or 0) and, when
 * the export has a namespace, KABI_EXPORT_NS_<NAME> ("NS", a C string).
 * A namespace that is not a plain name (letters, digits, "_:,.-*") is
 * refused with -EINVAL and a message: names never become code. Returns 0,
 * -ENOMEM or -EINVAL.
 */
int export_facts__add(const char *name, const struct kexports *k, struct fact_list *out);

/*
 * Give each func cell of @m its export in the kernel of the same column
 * (@ks: one per kernel of @m, display order; a NULL release means the
 * kernel's exports are unknown and leaves its cells unmarked). The cells
 * point into @ks, which must outlive the matrix's use.
 */
void export_facts__mark_cells(struct matrix *m, const struct kexports *ks);

/* Does @m ask for a function? (Only then are exports worth reading.) */
bool export_facts__has_funcs(const struct matrix *m);

#endif
