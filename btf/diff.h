/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KABISCAN_DIFF_H
#define KABISCAN_DIFF_H

#include <stddef.h>

struct rendering;

/* What changed between two renderings of one type. */
enum change_kind {
	CHANGE_KIND,		/* struct became union, enum became typedef, ... */
	CHANGE_SIZE,		/* sizeof changed */
	CHANGE_MEMBER,		/* a member's declaration changed */
	CHANGE_OFFSET,		/* same declaration, other offset */
	CHANGE_ADDED,		/* member, enumerator or parameter added */
	CHANGE_REMOVED,		/* member, enumerator or parameter removed */
	CHANGE_EXPORT,		/* a function's export: @member is the class
				 * ("crc-changed", ...), @old and @new the exports */
};

/* One change. Strings are malloc'ed; absent ones are NULL. */
struct change {
	enum change_kind kind;	/* what changed */
	char *member;		/* member name or path; NULL for the type itself */
	char *old;		/* old declaration or value */
	char *new;		/* new declaration or value */
};

/* A growable list of changes. */
struct change_list {
	struct change *ptr;	/* changes, in member order */
	size_t cnt;		/* used entries */
	size_t cap;		/* allocated entries */
};

/*
 * Compare renderings @a (old) and @b (new) member by member: by name for
 * structs, unions and enums, by position for function parameters. Changes
 * are appended to @out. Returns 0 or -ENOMEM.
 */
int diff__renderings(const struct rendering *a, const struct rendering *b,
		     struct change_list *out);

/* Append one change; strings are copied. Returns 0 or -ENOMEM. */
int change_list__add(struct change_list *l, enum change_kind kind, const char *member,
		     const char *old, const char *new);

/* Short name of a change kind: "member", "offset", "added", ... */
const char *diff__kind_name(enum change_kind kind);

/* Free the changes in @l and reset it; a zeroed list is fine. */
void change_list_release(struct change_list *l);

#endif
