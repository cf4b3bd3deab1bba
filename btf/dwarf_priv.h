/* SPDX-License-Identifier: GPL-2.0 */
/* Shared by the DWARF reader's files; no libdwarf type leaves them. */
#ifndef KABISCAN_DWARF_PRIV_H
#define KABISCAN_DWARF_PRIV_H

#include <stdbool.h>
#include <linux/types.h>
#include <libdwarf/libdwarf.h>

struct btf;

/* Deeper by-value nesting than this is corrupt DWARF, not C. */
#define PLAN_MAX_DEPTH 256

enum node_kind {
	NK_INDEX,		/* the int used as every array's index type */
	NK_BASE, NK_PTR, NK_CONST, NK_VOLATILE, NK_RESTRICT, NK_TYPEDEF,
	NK_FWD, NK_STRUCT, NK_UNION, NK_ENUM, NK_ARRAY, NK_PROTO, NK_FUNC,
};

/* One planned BTF type (or run of types, for arrays and functions). */
struct plan_node {
	Dwarf_Off off;		/* DIE offset in .debug_info */
	enum node_kind kind;	/* what to emit */
	__u32 id;		/* first BTF id it emits */
	__u32 nids;		/* how many ids: array dimensions, 2 for a function */
	bool by_value;		/* reached by value: named structs below are defined */
};

/* Open-addressing map from (DIE offset, fwd) to planned id. */
struct idmap {
	__u64 *keys;		/* key + 1, 0 is empty */
	__u32 *ids;		/* planned ids */
	size_t cap;		/* slots, a power of two */
	size_t cnt;		/* used slots */
};

struct dw_ctx {
	Dwarf_Debug dbg;	/* the open DWARF */
	const char *path;	/* for messages */
	bool big_endian;	/* target byte order, for DWARF 2 bit offsets */
	int ptr_size;		/* target pointer size: 4 for ELFCLASS32, else 8 */
	struct dw_obj *obj;	/* the mapped file libdwarf reads */
	struct btf *btf;	/* output */
	struct idmap map;	/* planned ids */
	struct plan_node *nodes;	/* planned types, in id order */
	size_t nodes_cnt;	/* used entries */
	size_t nodes_cap;	/* allocated entries */
	__u32 next_id;		/* next id to give */
	__u32 index_id;		/* id of the array index int, 0 until needed */
	int err;		/* first error */
};

/* The file handed to libdwarf from a private mapping (dwarf_obj.c). */
struct dw_obj;

/*
 * Map the ELF file open at @fd for libdwarf, relocating the debug sections
 * of a relocatable object as they are loaded. Returns 0 or -errno with a
 * message naming @path.
 */
int dw_obj__open(int fd, const char *path, struct dw_obj **out);

/* What dwarf_object_init_b() takes; valid until dw_obj__close(). */
Dwarf_Obj_Access_Interface *dw_obj__iface(struct dw_obj *o);

/* Unmap; NULL is fine. Call after dwarf_object_finish(). */
void dw_obj__close(struct dw_obj *o);

/*
 * The bytes of section @name as libdwarf sees them (relocated once libdwarf
 * has loaded it), or NULL if there is none; valid until dw_obj__close().
 */
const unsigned char *dw_obj__section(struct dw_obj *o, const char *name, size_t *len);

bool dw_obj__big_endian(const struct dw_obj *o);

/* The CU name prefilter (dwarf_filter.c): which names may a CU mention? */
struct dw_filter {
	const char *const *names;	/* the names, borrowed */
	size_t n;		/* entries in @names */
	bool big_endian;	/* byte order of string offsets */
	bool all;		/* no usable filter: every CU may hold every name */
	bool *maybe;		/* per name: too many offsets, every CU may hold it */
	bool *inline_;		/* per name: look for "name\0" in the CU bytes too */
	unsigned char *bits;	/* a bit per .debug_str offset where a name starts */
	size_t str_len;		/* bytes of .debug_str */
	struct str_off *offs;	/* (offset, name) pairs, sorted by offset */
	size_t offs_cnt;	/* used entries */
	size_t offs_cap;	/* allocated entries */
};

/* Prepare for @names (borrowed until release). Returns 0 or -ENOMEM. */
int dw_filter__init(struct dw_filter *f, struct dw_obj *o, const char *const *names, size_t n);

/*
 * Set @hit[i] for each name not @skip[i] that the CU whose bytes are @cu
 * (@len of them; NULL: unknown, so maybe) may mention; returns how many.
 */
size_t dw_filter__cu(const struct dw_filter *f, const unsigned char *cu, size_t len,
		     const bool *skip, bool *hit);

void dw_filter__release(struct dw_filter *f);

/* DIE access (dwarf_die.c). */
__u64 dw_hash(__u64 k);
int dw_err(struct dw_ctx *c, Dwarf_Error e, const char *what);
bool dw_udata(Dwarf_Die die, Dwarf_Half at, Dwarf_Unsigned *v);
bool dw_flag(Dwarf_Die die, Dwarf_Half at);
Dwarf_Off dw_type_ref(Dwarf_Die die);
const char *dw_name(Dwarf_Die die);
int dw_die_at(struct dw_ctx *c, Dwarf_Off off, Dwarf_Die *die);
Dwarf_Unsigned dw_member_location(Dwarf_Die die);

/*
 * The sibling after @die, or NULL at the end of the list; NULL with c->err
 * set when the DWARF points backwards, which would loop forever.
 */
Dwarf_Die dw_next(struct dw_ctx *c, Dwarf_Die die);

/* DWARF to BTF (dwarf_encode.c). */

/* The BTF id type @off will have, planning it and its closure on first sight. */
__u32 dw_plan(struct dw_ctx *c, Dwarf_Off off, bool by_value, int depth);

/* Add every planned type to c->btf, checking each lands on its planned id. */
int dw_emit_all(struct dw_ctx *c);

#endif
