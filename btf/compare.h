/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KABISCAN_COMPARE_H
#define KABISCAN_COMPARE_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>

struct btf;

/*
 * ABI change classes, in the order reports list them within one type. The
 * names (abi__class_name) are what suppression files and JSON use.
 */
enum abi_class {
	ABI_TYPE_ADDED,		/* "type-added": new struct, union, enum or typedef */
	ABI_TYPE_REMOVED,	/* "type-removed" */
	ABI_KIND_CHANGED,	/* "kind-changed": struct became union, ... */
	ABI_SIZE_CHANGED,	/* "size-changed" */
	ABI_MEMBER_ADDED,	/* "member-added" */
	ABI_MEMBER_REMOVED,	/* "member-removed" */
	ABI_MEMBER_RENAMED,	/* "member-renamed": same offset and type, new name */
	ABI_MEMBER_TYPE,	/* "member-type-changed" */
	ABI_MEMBER_OFFSET,	/* "member-offset-changed" */
	ABI_BITFIELD,		/* "bitfield-changed": bit offset or width */
	ABI_ENUM_ADDED,		/* "enum-value-added" */
	ABI_ENUM_REMOVED,	/* "enum-value-removed" */
	ABI_ENUM_CHANGED,	/* "enum-value-changed" */
	ABI_FUNC_ADDED,		/* "func-added" */
	ABI_FUNC_REMOVED,	/* "func-removed" */
	ABI_FUNC_RETURN,	/* "func-return-changed" */
	ABI_PARAM_ADDED,	/* "param-added" */
	ABI_PARAM_REMOVED,	/* "param-removed" */
	ABI_PARAM_CHANGED,	/* "param-changed" */
	ABI_FPTR_CHANGED,	/* "fptr-changed": function-pointer member prototype */
	ABI_TYPEDEF_CHANGED,	/* "typedef-changed": typedef target */
	ABI_EXPORT_REMOVED,	/* "export-removed": no longer exported to modules */
	ABI_EXPORT_ADDED,	/* "export-added" */
	ABI_EXPORT_GPL,		/* "export-now-gpl-only": EXPORT_SYMBOL became _GPL */
	ABI_EXPORT_NS,		/* "namespace-changed": the export's namespace */
	ABI_EXPORT_CRC,		/* "crc-changed": the symbol version (modversions) */
	ABI_CLASS_CNT
};

/*
 * One change of one type between an old and a new kernel. Every change is
 * compatible or breaking, by the rule named in @rule.
 */
struct abi_change {
	enum abi_class cls;	/* what changed */
	bool breaking;		/* breaks a driver built against the old kernel */
	const char *rule;	/* why, static: "append-at-end", "layout", ... */
	char *type;		/* "struct vfio_pci_core_device", "func f" */
	char *path;		/* member, enumerator or parameter path; NULL for the type */
	char *old;		/* old value (declaration, offset, size); NULL if none */
	char *new;		/* new value; NULL if none */
	bool suppressed;	/* matched a suppression; kept, counted, not gating */
};

/* A growable list of changes, in report order. */
struct abi_changes {
	struct abi_change *ptr;	/* the changes */
	size_t cnt;		/* used entries */
	size_t cap;		/* allocated entries */
};

/* How a type is judged. */
struct abi_opts {
	bool recurse;		/* follow structs and unions embedded by value */
	bool alloc;		/* the driver allocates or embeds the type: its size is ABI */
};

/*
 * Compare type @ida of @a (old) with type @idb of @b (new), both named
 * types of one kind class (struct, union, enum, typedef or func), and
 * append what changed to @out under the type's spelled name. Returns 0 or
 * -ENOMEM / -ELOOP (nesting deeper than any real kernel).
 */
int abi__compare(const struct btf *a, __u32 ida, const struct btf *b, __u32 idb,
		 const struct abi_opts *o, struct abi_changes *out);

/*
 * A 64-bit digest of type @id's ABI as abi__compare sees it: two types
 * with equal digests compare without changes (unless recursing into
 * embedded named types, which the digest names but does not open).
 */
__u64 abi__digest(const struct btf *btf, __u32 id);

/* Record that type @id of @btf was added (@added) or removed. */
int abi__type_change(const struct btf *btf, __u32 id, bool added, struct abi_changes *out);

/*
 * The named struct or union a member of type @id embeds by value (through
 * arrays and qualifiers), or 0; *@array says whether through an array.
 */
__u32 abi__embedded(const struct btf *btf, __u32 id, bool *array);

/* Is type @id a function pointer (through typedefs and qualifiers)? */
bool abi__is_fptr(const struct btf *btf, __u32 id);

/* "struct foo", "union u", "enum e", "typedef t", "func f" for type @id. */
char *abi__spell(const struct btf *btf, __u32 id);

/* Append one change; strings are copied. Returns 0 or -ENOMEM. */
int abi_changes__add(struct abi_changes *l, enum abi_class cls, bool breaking,
		     const char *rule, const char *type, const char *path,
		     const char *old, const char *new);

struct export;

/*
 * Compare the export of one symbol in an old kernel (@a) with its export in
 * a new one (@b), NULL where the kernel does not export it, and append what
 * changed under @type ("func f", "sym jiffies"):
 *   export-removed       breaking    [unexported]
 *   export-added         compatible  [new-export]
 *   export-now-gpl-only  breaking    [gpl-only], compatible [gpl-module]
 *                        when @gpl_module (the driver's license is GPL-compatible)
 *   namespace-changed    breaking    [namespace]: the driver must import the new one
 *   crc-changed          breaking    [modversions]: a driver built with CRCs of the
 *                        old kernel does not load; only when both kernels carry CRCs
 * An export that stopped being GPL-only, or moved to another owner, is no
 * change a driver sees. Returns 0 or -ENOMEM.
 */
int abi__compare_export(const struct export *a, const struct export *b, bool gpl_module,
			const char *type, struct abi_changes *out);

/* "member-added", ...; NULL for an invalid class. */
const char *abi__class_name(enum abi_class cls);

/* The class named @name, or -1. */
int abi__class_parse(const char *name);

/* Free the changes in @l and reset it; a zeroed list is fine. */
void abi_changes_release(struct abi_changes *l);

#endif
