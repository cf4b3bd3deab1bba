/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KABISCAN_DATAMODEL_H
#define KABISCAN_DATAMODEL_H

#include <linux/types.h>

struct btf;

/*
 * Do types @ia of @a and @ib of @b differ only as their architectures' data
 * models make them differ? That is, when the pointer sizes of @a and @b
 * differ, the two have the same declarations member by member, enumerator
 * by enumerator and parameter by parameter, down through the structs and
 * unions they embed by value, where an integer of pointer size on one side
 * (long, size_t) may be one of pointer size on the other; sizes, offsets
 * and alignment (of 64-bit types on i386) are then the compiler's for that
 * data model. Returns the data model of @b ("ILP32", "LP64"), or NULL.
 */
const char *datamodel__explains(const struct btf *a, __u32 ia, const struct btf *b, __u32 ib);

#endif
