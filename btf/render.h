/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KABISCAN_RENDER_H
#define KABISCAN_RENDER_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>

struct btf;

/*
 * One row of a type's member table. Members of unnamed (anonymous) structs
 * and unions are flattened into their parent, with offsets from the start of
 * the outermost type, the way pahole prints them. Children of a named member
 * whose own type is anonymous ("struct { int x; } named;") get the path
 * "named.x". For enums a row is one enumerator; for functions, a parameter.
 */
struct member_row {
	char *name;		/* member name or path; "" for unnamed bitfields */
	char *type;		/* type as C spells it: "struct pci_dev *" */
	char *decl;		/* one-line declaration: "struct pci_dev * pdev" */
	__u64 bit_offset;	/* offset from the start of the type, in bits */
	__u32 size;		/* size of the member's type in bytes */
	__u32 bitfield_size;	/* width of a bitfield, 0 if not one */
	long long value;	/* enumerator value (enums only) */
	bool value_unsigned;	/* @value is unsigned (an unsigned 64-bit enum) */
	int depth;		/* nesting depth, 0 for direct members */
	__u32 type_id;		/* the member's type in the rendered BTF, 0 for enumerators */
};

/*
 * Canonical text of one type: the definition as pahole -C prints it, minus
 * offset comments, column padding and alignment attributes, with single
 * spaces, and the member table. Reports, diffs and headers all read this,
 * so they agree with each other.
 */
struct rendering {
	char *kind;		/* "struct", "union", "enum", "typedef", "func" */
	char *name;		/* the type's own name */
	char *definition;	/* full text, one member a line, ends in "};\n" */
	__u32 size;		/* sizeof the type in bytes; 0 for functions */
	struct member_row *members;	/* member table, in declaration order */
	size_t members_cnt;		/* number of rows in @members */
};

/*
 * Render type @id of @btf (a struct, union, enum, enum64, typedef or func;
 * modifiers are not skipped). On success *@out is a new rendering the caller
 * frees with rendering__free(). Returns 0, -EINVAL for a kind that has no
 * definition, or -ENOMEM.
 */
int render__type(const struct btf *btf, __u32 id, struct rendering **out);

struct btf_type;

/* "struct", "union", "enum" (enum64 too), "typedef", "func", or NULL. */
const char *render__kind_word(const struct btf_type *t);

/* The member row of @r named @name (a path through anonymous members), or NULL. */
const struct member_row *rendering__member(const struct rendering *r, const char *name);

/* Free a rendering; NULL is fine. */
void rendering__free(struct rendering *r);

/*
 * The C spelling of type @id declaring @name ("" for an abstract type), in
 * pahole's style: "char * * argv", "ssize_t (*rw)(struct file *, char *)".
 * Returns a malloc'ed string or NULL on allocation failure.
 */
char *render__decl(const struct btf *btf, __u32 id, const char *name);

#endif
