/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KABISCAN_LOOKUP_H
#define KABISCAN_LOOKUP_H

#include <stdbool.h>
#include <linux/types.h>

struct btf;
struct kernel;

/* What the user asked for: "task_struct", "struct task_struct", "func f". */
struct type_query {
	int kind;		/* BTF_KIND_STRUCT, _UNION, _ENUM, _TYPEDEF, _FUNC; 0 any */
	char *name;		/* bare name, malloc'ed */
	char *spelled;		/* as written, normalised: "struct task_struct" */
};

struct export;

/* The state of one (kernel, type) pair. */
enum cell_state {
	CELL_PRESENT,		/* found, in vmlinux or a module */
	CELL_ABSENT,		/* all type data was read and it is not there */
	CELL_NODATA,		/* where it could live has no type data */
};

/* One (kernel, type) lookup result. */
struct cell {
	enum cell_state state;	/* present, absent, no-data */
	const struct btf *btf;	/* where it was found (present only) */
	__u32 id;		/* its type id in @btf */
	const char *module;	/* module name, NULL for vmlinux */
	const char *path;	/* file it was read from */
	const char *format;	/* "BTF" or "DWARF" */
	unsigned int layouts;	/* DWARF: distinct layouts of the name, else 1 */
	unsigned int cus;	/* DWARF: compilation units defining it, else 0 */
	char reason[160];	/* why no-data, or "" */
	const struct export *export;	/* func: the kernel's export of it, NULL if none */
	bool export_known;	/* func: the kernel's exports were read (@export says) */
};

/*
 * Parse "NAME", "struct NAME", "union NAME", "enum NAME", "typedef NAME" or
 * "func NAME" into @q (release with type_query_release). Returns 0 or
 * -EINVAL with a message.
 */
int type_query__parse(const char *s, struct type_query *q);

/* Free what type_query__parse() allocated. */
void type_query_release(struct type_query *q);

/*
 * Look @q up in kernel @k: vmlinux first, then the modules. BTF is read
 * where it exists (modules only when their string table holds the name),
 * DWARF of the debug files where it does not, or first with prefer_dwarf.
 * The cell borrows from @k. Returns 0, or -errno with a message when a file
 * cannot be read.
 */
int kernel__find_type(struct kernel *k, const struct type_query *q, struct cell *out);

/*
 * The same for @n queries at once, filling @cells[i] for @qs[i]: each DWARF
 * file is read in one pass for all the names it may hold.
 */
int kernel__find_types(struct kernel *k, const struct type_query *qs, size_t n,
		       struct cell *cells);

#endif
