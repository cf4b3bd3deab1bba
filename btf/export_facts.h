/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KABISCAN_EXPORT_FACTS_H
#define KABISCAN_EXPORT_FACTS_H

struct fact_list;
struct kexports;

/*
 * The export facts of symbol @name in kernel @k, appended to @out:
 * KABI_EXPORTED_<NAME> (1 or 0), KABI_EXPORT_GPL_<NAME> (1 or 0) and, when
 * the export has a namespace, KABI_EXPORT_NS_<NAME> ("NS", a C string).
 * A namespace that is not a plain name (letters, digits, "_:,.-*") is
 * refused with -EINVAL and a message: names never become code. Returns 0,
 * -ENOMEM or -EINVAL.
 */
int export_facts__add(const char *name, const struct kexports *k, struct fact_list *out);

#endif
