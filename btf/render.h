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

/* A zero-length outermost array next to the name prints "[]", not "[0]". */
#define RENDER_DECL_FLEX 0x1u
/* Stop at an anonymous struct, union or enum: see render__decl_split(). */
#define RENDER_DECL_SPLIT 0x2u

/*
 * render__decl() with @flags (RENDER_DECL_*). With RENDER_DECL_SPLIT, when
 * the declarator of @name leads (through pointers, arrays, qualifiers and
 * return types, not parameters) to an anonymous struct, union or enum, the
 * declarator alone is returned ("* parts", "x[2]"), *@anon is that type's id
 * and *@anon_quals (malloc'ed) the qualifiers in front of it ("const "), so
 * that the caller can print its body between them. Otherwise *@anon is 0
 * and *@anon_quals NULL. Returns a malloc'ed string or NULL on allocation
 * failure.
 */
char *render__decl_split(const struct btf *btf, __u32 id, const char *name, unsigned int flags,
			 __u32 *anon, char **anon_quals);

#include <stdio.h>

/*
 * Does struct or union @t need __attribute__((__packed__)) for C to lay
 * its members out where the BTF says (a member off its alignment, or a
 * size that is no multiple of it)?
 */
bool padding__packed(const struct btf *btf, const struct btf_type *t);

/*
 * The alignment C gives type @id as the BTF lays it out: natural, or 1 for
 * a struct or union that must be packed. Like libbpf's btf__align_of(),
 * but safe on a struct that holds itself (corrupt BTF).
 */
int padding__align(const struct btf *btf, __u32 id);

/*
 * Where C puts a member of type @type (a bitfield of @bits, or 0) that
 * follows bit @cur, in a struct that is @packed or not.
 */
__u64 padding__natural(const struct btf *btf, __u32 type, __u64 cur, __u32 bits, bool packed);

/*
 * Write the unnamed bitfields, one a line indented by @depth tabs, that
 * take C from bit @cur to bit @next, where a member of alignment
 * @next_align bytes (or the end of the struct) follows; @in_bitfield says
 * the member before @cur was a bitfield.
 */
void padding__emit(FILE *out, const struct btf *btf, int depth, __u64 cur, __u64 next,
		   int next_align, bool in_bitfield);

#endif
