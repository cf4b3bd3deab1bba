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
	default:
		break;
	}
	if (w->sign)
		w->path = NULL;
}
