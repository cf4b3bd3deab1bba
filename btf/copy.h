/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KABISCAN_COPY_H
#define KABISCAN_COPY_H

#include <stddef.h>
#include <linux/types.h>

struct btf;

/* One type to copy: type @id of @btf (vmlinux BTF or a module's split BTF). */
struct btf_ref {
	const struct btf *btf;
	__u32 id;
};

/*
 * A new standalone BTF holding types @refs[0..@n) and everything their
 * layout depends on: types held by value in full, named structs and unions
 * reached only through pointers as forward declarations (their spelling is
 * all a pointer member shows). Types are written in a deterministic order,
 * and the copy keeps the sources' pointer size. @ids, if not NULL, receives
 * the new id of each ref (0 for a ref to id 0, void). Returns 0 and *@out
 * (free with btf__free), or -errno.
 */
int btf_copy__closure(const struct btf_ref *refs, size_t n, struct btf **out, __u32 *ids);

#endif
