// SPDX-License-Identifier: GPL-2.0
/*
 * How the report words one change of a comparison, for text and HTML alike:
 *   + NEW                      something added (member placed "decl @ offset")
 *   - OLD                      something removed
 *   [PATH: ][WORD ]OLD -> NEW  everything else: "vdev: offset 40 -> 72",
 *                              "size 1376 -> 1384", "flags: int -> long"
 * Function-pointer members, renames, enumerator values and kinds carry
 * their own names in OLD and NEW, so they go without a path.
 */
#include <stddef.h>

#include "../btf/compare.h"
#include "report.h"

void report__change_words(const struct abi_change *c, struct change_words *w)
{
	w->sign = !c->old ? '+' : !c->new ? '-' : 0;
	w->path = c->path && *c->path ? c->path : NULL;
	w->word = NULL;
	w->old = c->old;
	w->new = c->new;
	switch (c->cls) {
	case ABI_MEMBER_OFFSET:
	case ABI_BITFIELD:
		w->word = "offset";
		break;
	case ABI_SIZE_CHANGED:
		w->word = "size";
		break;
	case ABI_FUNC_RETURN:
		w->word = "return";
		break;
	case ABI_MEMBER_RENAMED:
		w->word = "renamed";
		w->path = NULL;
		break;
	case ABI_FPTR_CHANGED:
	case ABI_ENUM_CHANGED:
	case ABI_KIND_CHANGED:
		w->path = NULL;
		break;
	case ABI_EXPORT_REMOVED:
	case ABI_EXPORT_ADDED:
	case ABI_EXPORT_GPL:
	case ABI_EXPORT_NS:
	case ABI_EXPORT_CRC:
		/* "crc-changed 0x1 -> 0x2", "export-removed EXPORT_SYMBOL vmlinux -> not exported" */
		w->sign = 0;
		w->path = NULL;
		w->word = abi__class_name(c->cls);
		w->old = c->old ?: "not exported";
		w->new = c->new ?: "not exported";
		return;
	default:
		break;
	}
	if (w->sign)
		w->path = NULL;
}
