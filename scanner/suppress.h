/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KABISCAN_SUPPRESS_H
#define KABISCAN_SUPPRESS_H

#include <stdbool.h>
#include <stddef.h>

/*
 * A suppression file: changes the maintainers accepted, one rule a line,
 * each a set of KEY=GLOB fields that must all match:
 *
 *   # RHEL-style padding reserved for backports
 *   type="struct task_struct" member=rh_reserved* class=member-renamed
 *   type=cpuhp_state class=enum-value-added,enum-value-changed
 *   release=6.12.*-rt-* type="struct rt_mutex*"
 *
 * A value in double quotes may hold spaces.
 * type matches "struct task_struct" or the bare "task_struct"; member the
 * change's path ("vdev.ops"; "" for the type itself); class a comma list of
 * class names (checked by the caller's @valid_class); release the new
 * kernel's release. "#" starts a comment.
 */
struct suppression {
	char *type;		/* glob, or NULL for any */
	char *member;		/* glob, or NULL for any */
	char *classes;		/* ",a,b,": class names, or NULL for any */
	char *release;		/* glob, or NULL for any */
	size_t line;		/* line in the file, for --verbose */
};

struct suppressions {
	struct suppression *ptr;	/* rules in file order */
	size_t cnt;		/* entries in @ptr */
	char *path;		/* the file */
};

/*
 * Read @path into @s (release with suppressions_release). @valid_class
 * says whether a class name exists. Errors name the file and line. Returns
 * 0 or -errno with a message recorded.
 */
int suppress__read(const char *path, bool (*valid_class)(const char *), struct suppressions *s);

/*
 * The first rule matching a change of @type at @path (NULL: the type
 * itself) of class @cls in the kernel @release, or NULL.
 */
const struct suppression *suppress__match(const struct suppressions *s, const char *type,
					  const char *path, const char *cls,
					  const char *release);

/* Free what suppress__read() allocated; a zeroed struct is fine. */
void suppressions_release(struct suppressions *s);

#endif
