// SPDX-License-Identifier: GPL-2.0
/*
 * DWARF to BTF for the types a lookup needs, on libdwarf.
 *
 * Two passes over the DIEs of the closure. The plan pass walks from the
 * wanted DIE and gives every type it reaches the BTF id it will have, before
 * visiting what that type refers to, so cycles (struct list_head { struct
 * list_head *next; }) end at an id already given. The emit pass then adds
 * the types with libbpf's btf__add_* in id order; references to ids not yet
 * added are fine, libbpf only checks their range.
 *
 * A named struct or union is defined only where it is reached by value; a
 * pointer to it gets a forward declaration, keyed (offset, fwd), as pahole
 * does. For "struct a { struct b b; struct a *next; };" the plan is
 *   1 struct a,  2 struct b (by value),  3 ptr -> 4,  4 fwd struct a
 * which keeps the closure of a kernel struct small.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/btf.h>
#include <libdwarf/dwarf.h>
#include <libdwarf/libdwarf.h>

#include "../scanner/errmsg.h"
#include "dwarf.h"
#include "lookup.h"

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
	struct btf *btf;	/* output */
	struct idmap map;	/* planned ids */
	struct plan_node *nodes;	/* planned types, in id order */
	size_t nodes_cnt;	/* used entries */
	size_t nodes_cap;	/* allocated entries */
	__u32 next_id;		/* next id to give */
	__u32 index_id;		/* id of the array index int, 0 until needed */
	int err;		/* first error */
};

static __u64 _hash(__u64 k)
{
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdULL;
	return k ^ (k >> 33);
}

static __u32 *_map_slot(struct idmap *m, __u64 key, bool *found)
{
	size_t i = _hash(key) & (m->cap - 1);

	while (m->keys[i] && m->keys[i] != key + 1)
		i = (i + 1) & (m->cap - 1);
	*found = m->keys[i] != 0;
	m->keys[i] = key + 1;
	return &m->ids[i];
}

static int _map_grow(struct idmap *m)
{
	struct idmap n = { .cap = m->cap ? m->cap * 2 : 256 };
	bool found;
	size_t i;

	n.keys = calloc(n.cap, sizeof(*n.keys));
	n.ids = calloc(n.cap, sizeof(*n.ids));
	if (!n.keys || !n.ids) {
		free(n.keys);
		free(n.ids);
		return -ENOMEM;
	}
	for (i = 0; i < m->cap; i++)
		if (m->keys[i])
			*_map_slot(&n, m->keys[i] - 1, &found) = m->ids[i];
	n.cnt = m->cnt;
	free(m->keys);
	free(m->ids);
	*m = n;
	return 0;
}

/* The id planned for @key, or 0. */
static __u32 _map_get(struct idmap *m, __u64 key)
{
	size_t i;

	if (!m->cap)
		return 0;
	for (i = _hash(key) & (m->cap - 1); m->keys[i]; i = (i + 1) & (m->cap - 1))
		if (m->keys[i] == key + 1)
			return m->ids[i];
	return 0;
}

static int _map_put(struct idmap *m, __u64 key, __u32 id)
{
	bool found;

	if ((m->cnt + 1) * 2 > m->cap && _map_grow(m))
		return -ENOMEM;
	*_map_slot(m, key, &found) = id;
	m->cnt += !found;
	return 0;
}

static int _dw_err(struct dw_ctx *c, Dwarf_Error e, const char *what)
{
	if (!c->err)
		c->err = errmsg__set(-EINVAL, "cannot read DWARF in '%s': %s: %s", c->path, what,
				     e ? dwarf_errmsg(e) : "malformed");
	return c->err;
}

/* Attribute @at as an unsigned or signed constant; false if missing. */
static bool _udata(Dwarf_Die die, Dwarf_Half at, Dwarf_Unsigned *v)
{
	Dwarf_Attribute a;
	Dwarf_Error e = NULL;
	bool ok;

	if (dwarf_attr(die, at, &a, &e) != DW_DLV_OK)
		return false;
	ok = dwarf_formudata(a, v, &e) == DW_DLV_OK;
	if (!ok) {
		Dwarf_Signed s;

		ok = dwarf_formsdata(a, &s, &e) == DW_DLV_OK;
		*v = (Dwarf_Unsigned)s;
	}
	dwarf_dealloc_attribute(a);
	return ok;
}

static bool _flag(Dwarf_Die die, Dwarf_Half at)
{
	Dwarf_Bool b = 0;
	Dwarf_Error e = NULL;

	return dwarf_hasattr(die, at, &b, &e) == DW_DLV_OK && b;
}

/* Global offset of the DIE that attribute DW_AT_type names; 0 for void. */
static Dwarf_Off _type_ref(Dwarf_Die die)
{
	Dwarf_Attribute a;
	Dwarf_Error e = NULL;
	Dwarf_Off off = 0;

	if (dwarf_attr(die, DW_AT_type, &a, &e) != DW_DLV_OK)
		return 0;
	if (dwarf_global_formref(a, &off, &e) != DW_DLV_OK)
		off = 0;
	dwarf_dealloc_attribute(a);
	return off;
}

static const char *_name(Dwarf_Die die)
{
	Dwarf_Error e = NULL;
	char *n = NULL;

	return dwarf_diename(die, &n, &e) == DW_DLV_OK ? n : NULL;
}

static int _die_at(struct dw_ctx *c, Dwarf_Off off, Dwarf_Die *die)
{
	Dwarf_Error e = NULL;

	if (dwarf_offdie_b(c->dbg, off, true, die, &e) != DW_DLV_OK)
		return _dw_err(c, e, "bad type reference");
	return 0;
}

/*
 * The map key of a DIE reached as @kind. The same qualifier, typedef or
 * array DIE leads to a definition by value and to a forward declaration
 * through a pointer, so for those kinds how it was reached is in the key.
 */
static __u64 _key(Dwarf_Off off, enum node_kind kind, bool by_value)
{
	bool carries = kind == NK_CONST || kind == NK_VOLATILE || kind == NK_RESTRICT ||
		       kind == NK_TYPEDEF || kind == NK_ARRAY;

	return off * 4 + (carries && by_value ? 2 : 0) + (kind == NK_FWD);
}

static int _add_node(struct dw_ctx *c, Dwarf_Off off, enum node_kind kind, __u32 nids,
		     bool by_value, __u32 *id)
{
	struct plan_node *n;

	if (c->nodes_cnt == c->nodes_cap) {
		size_t cap = c->nodes_cap ? c->nodes_cap * 2 : 64;

		n = realloc(c->nodes, cap * sizeof(*n));
		if (!n)
			return c->err = -ENOMEM;
		c->nodes = n;
		c->nodes_cap = cap;
	}
	n = &c->nodes[c->nodes_cnt++];
	n->off = off;
	n->kind = kind;
	n->id = c->next_id;
	n->nids = nids;
	n->by_value = by_value;
	*id = c->next_id;
	c->next_id += nids;
	return 0;
}

/* Number of DW_TAG_subrange_type children: the array's dimensions. */
static __u32 _dims(struct dw_ctx *c, Dwarf_Die die)
{
	Dwarf_Die ch, next;
	Dwarf_Error e = NULL;
	Dwarf_Half tag;
	__u32 n = 0;

	if (dwarf_child(die, &ch, &e) != DW_DLV_OK)
		return 1;
	do {
		if (dwarf_tag(ch, &tag, &e) == DW_DLV_OK && tag == DW_TAG_subrange_type)
			n++;
		if (dwarf_siblingof_b(c->dbg, ch, true, &next, &e) != DW_DLV_OK)
			next = NULL;
		dwarf_dealloc_die(ch);
		ch = next;
	} while (ch);
	return n ?: 1;
}

static enum node_kind _kind_of(Dwarf_Die die, Dwarf_Half tag, bool by_value, bool *skip)
{
	*skip = false;
	switch (tag) {
	case DW_TAG_base_type: return NK_BASE;
	case DW_TAG_pointer_type: return NK_PTR;
	case DW_TAG_const_type: return NK_CONST;
	case DW_TAG_volatile_type: return NK_VOLATILE;
	case DW_TAG_restrict_type: return NK_RESTRICT;
	case DW_TAG_typedef: return NK_TYPEDEF;
	case DW_TAG_enumeration_type: return NK_ENUM;
	case DW_TAG_array_type: return NK_ARRAY;
	case DW_TAG_subroutine_type: return NK_PROTO;
	case DW_TAG_subprogram: return NK_FUNC;
	case DW_TAG_structure_type:
	case DW_TAG_union_type:
	case DW_TAG_class_type:
		if (_flag(die, DW_AT_declaration) || (!by_value && _name(die)))
			return NK_FWD;
		return tag == DW_TAG_union_type ? NK_UNION : NK_STRUCT;
	default:
		/* _Atomic and friends carry no layout of their own: look through. */
		*skip = true;
		return NK_BASE;
	}
}

static __u32 _plan(struct dw_ctx *c, Dwarf_Off off, bool by_value, int depth);

/* Plan what @die refers to: its DW_AT_type and, for aggregates, children. */
static void _plan_refs(struct dw_ctx *c, Dwarf_Die die, enum node_kind kind, bool by_value,
		       int depth)
{
	Dwarf_Die ch, next;
	Dwarf_Error e = NULL;
	Dwarf_Half tag;

	switch (kind) {
	case NK_PTR:
		_plan(c, _type_ref(die), false, depth + 1);
		return;
	case NK_ARRAY:
		if (!c->index_id)
			_add_node(c, 0, NK_INDEX, 1, false, &c->index_id);
		_plan(c, _type_ref(die), by_value, depth + 1);
		return;
	case NK_CONST: case NK_VOLATILE: case NK_RESTRICT: case NK_TYPEDEF:
		_plan(c, _type_ref(die), by_value, depth + 1);
		return;
	case NK_PROTO: case NK_FUNC:
		_plan(c, _type_ref(die), false, depth + 1);
		break;
	case NK_STRUCT: case NK_UNION:
		break;
	default:
		return;
	}
	if (dwarf_child(die, &ch, &e) != DW_DLV_OK)
		return;
	while (ch && !c->err) {
		if (dwarf_tag(ch, &tag, &e) == DW_DLV_OK &&
		    (tag == DW_TAG_member || tag == DW_TAG_formal_parameter))
			_plan(c, _type_ref(ch), tag == DW_TAG_member, depth + 1);
		if (dwarf_siblingof_b(c->dbg, ch, true, &next, &e) != DW_DLV_OK)
			next = NULL;
		dwarf_dealloc_die(ch);
		ch = next;
	}
}

/* The id type @off will have, planning it and its closure on first sight. */
static __u32 _plan(struct dw_ctx *c, Dwarf_Off off, bool by_value, int depth)
{
	enum node_kind kind;
	Dwarf_Error e = NULL;
	Dwarf_Half tag;
	Dwarf_Die die;
	bool skip;
	__u32 id;

	if (!off || c->err)
		return 0;
	if (depth > PLAN_MAX_DEPTH) {
		_dw_err(c, NULL, "types nested too deeply (a reference cycle?)");
		return 0;
	}
	if (_die_at(c, off, &die))
		return 0;
	if (dwarf_tag(die, &tag, &e) != DW_DLV_OK) {
		_dw_err(c, e, "bad DIE");
		dwarf_dealloc_die(die);
		return 0;
	}
	kind = _kind_of(die, tag, by_value, &skip);
	if (skip || (tag == DW_TAG_base_type && !_name(die))) {
		Dwarf_Off to = tag == DW_TAG_unspecified_type ? 0 : _type_ref(die);

		dwarf_dealloc_die(die);
		return _plan(c, to, by_value, depth + 1);
	}
	id = _map_get(&c->map, _key(off, kind, by_value));
	if (!id && !_add_node(c, off, kind, kind == NK_ARRAY ? _dims(c, die) :
			      kind == NK_FUNC ? 2 : 1, by_value, &id)) {
		if (_map_put(&c->map, _key(off, kind, by_value), id))
			c->err = -ENOMEM;
		else
			_plan_refs(c, die, kind, by_value, depth);
	}
	dwarf_dealloc_die(die);
	return c->err ? 0 : id;
}

/* The id already planned for the type @die's attribute names. */
static __u32 _ref(struct dw_ctx *c, Dwarf_Die die, bool by_value)
{
	return _plan(c, _type_ref(die), by_value, 0);
}

static int _emit_base(struct dw_ctx *c, Dwarf_Die die)
{
	Dwarf_Unsigned size = 0, enc = 0;
	const char *name = _name(die);

	_udata(die, DW_AT_byte_size, &size);
	_udata(die, DW_AT_encoding, &enc);
	if (enc == DW_ATE_float && (size == 2 || size == 4 || size == 8 || size == 12 ||
				    size == 16))
		return btf__add_float(c->btf, name, size);
	return btf__add_int(c->btf, name, size ?: 1,
			    enc == DW_ATE_boolean ? BTF_INT_BOOL :
			    enc == DW_ATE_signed || enc == DW_ATE_signed_char ? BTF_INT_SIGNED : 0);
}

/* DW_AT_data_member_location as a constant or a DW_OP_plus_uconst block. */
static Dwarf_Unsigned _member_location(Dwarf_Die die)
{
	Dwarf_Unsigned v = 0;
	Dwarf_Attribute a;
	Dwarf_Error e = NULL;
	Dwarf_Block *b;

	if (_udata(die, DW_AT_data_member_location, &v))
		return v;
	if (dwarf_attr(die, DW_AT_data_member_location, &a, &e) != DW_DLV_OK)
		return 0;
	if (dwarf_formblock(a, &b, &e) == DW_DLV_OK) {
		const unsigned char *p = b->bl_data;
		unsigned int shift = 0;
		size_t i;

		for (i = 1; b->bl_len && p[0] == DW_OP_plus_uconst && i < b->bl_len; i++) {
			v |= (Dwarf_Unsigned)(p[i] & 0x7f) << shift;
			shift += 7;
			if (!(p[i] & 0x80))
				break;
		}
	}
	dwarf_dealloc_attribute(a);
	return v;
}

/* Offset in bits and bitfield width of a member, for DWARF 2 to 5. */
static void _member_bits(struct dw_ctx *c, Dwarf_Die die, __u32 *off, __u32 *bits)
{
	Dwarf_Unsigned v, bit_size = 0, old_off, byte_size;

	_udata(die, DW_AT_bit_size, &bit_size);
	*bits = bit_size;
	if (_udata(die, DW_AT_data_bit_offset, &v)) {
		*off = v;
		return;
	}
	*off = _member_location(die) * 8;
	if (bit_size && _udata(die, DW_AT_bit_offset, &old_off)) {
		/* DWARF 2/3: bits counted from the storage unit's most significant end. */
		if (!_udata(die, DW_AT_byte_size, &byte_size))
			byte_size = 4;
		*off += c->big_endian ? old_off : byte_size * 8 - old_off - bit_size;
	}
}

static int _emit_composite(struct dw_ctx *c, Dwarf_Die die, bool is_union)
{
	Dwarf_Unsigned size = 0;
	Dwarf_Die ch, next;
	Dwarf_Error e = NULL;
	Dwarf_Half tag;
	int id, err = 0;

	_udata(die, DW_AT_byte_size, &size);
	id = is_union ? btf__add_union(c->btf, _name(die), size)
		      : btf__add_struct(c->btf, _name(die), size);
	if (id < 0 || dwarf_child(die, &ch, &e) != DW_DLV_OK)
		return id;
	while (ch && !err) {
		if (dwarf_tag(ch, &tag, &e) == DW_DLV_OK && tag == DW_TAG_member) {
			__u32 off, bits;

			_member_bits(c, ch, &off, &bits);
			err = btf__add_field(c->btf, _name(ch), _ref(c, ch, true),
					     is_union && !bits ? 0 : off, bits);
		}
		if (dwarf_siblingof_b(c->dbg, ch, true, &next, &e) != DW_DLV_OK)
			next = NULL;
		dwarf_dealloc_die(ch);
		ch = next;
	}
	return err ?: id;
}

/* Is the enum's underlying type signed? Negative values say so too. */
static bool _enum_signed(struct dw_ctx *c, Dwarf_Die die)
{
	Dwarf_Unsigned enc = 0;
	Dwarf_Off to = _type_ref(die);
	Dwarf_Die t;
	bool s = false;

	if (to && !_die_at(c, to, &t)) {
		s = _udata(t, DW_AT_encoding, &enc) &&
		    (enc == DW_ATE_signed || enc == DW_ATE_signed_char);
		dwarf_dealloc_die(t);
	}
	return s;
}

static int _emit_enum(struct dw_ctx *c, Dwarf_Die die)
{
	Dwarf_Unsigned size = 4;
	bool is_signed = _enum_signed(c, die);
	Dwarf_Die ch, next;
	Dwarf_Error e = NULL;
	Dwarf_Attribute a;
	int id, err = 0;

	_udata(die, DW_AT_byte_size, &size);
	id = size == 8 ? btf__add_enum64(c->btf, _name(die), 8, is_signed)
		       : btf__add_enum(c->btf, _name(die), size);
	if (id < 0 || dwarf_child(die, &ch, &e) != DW_DLV_OK)
		return id;
	while (ch && !err) {
		Dwarf_Signed sv = 0;
		Dwarf_Unsigned uv = 0;

		if (dwarf_attr(ch, DW_AT_const_value, &a, &e) == DW_DLV_OK) {
			if (is_signed || dwarf_formudata(a, &uv, &e) != DW_DLV_OK) {
				dwarf_formsdata(a, &sv, &e);
				uv = (Dwarf_Unsigned)sv;
			}
			dwarf_dealloc_attribute(a);
			err = size == 8 ? btf__add_enum64_value(c->btf, _name(ch), uv) :
			      btf__add_enum_value(c->btf, _name(ch), is_signed ? (__s64)sv :
						  (__s64)(__u32)uv);
		}
		if (dwarf_siblingof_b(c->dbg, ch, true, &next, &e) != DW_DLV_OK)
			next = NULL;
		dwarf_dealloc_die(ch);
		ch = next;
	}
	return err ?: id;
}

/* One BTF array per dimension, outermost first: int a[2][3] is [2] of [3]. */
static int _emit_array(struct dw_ctx *c, Dwarf_Die die, const struct plan_node *n)
{
	__u32 elem = _ref(c, die, n->by_value), i = 0;
	Dwarf_Die ch, next;
	Dwarf_Error e = NULL;
	Dwarf_Half tag;
	int id, first = -EINVAL;

	if (dwarf_child(die, &ch, &e) != DW_DLV_OK)
		return btf__add_array(c->btf, c->index_id, elem, 0);
	while (ch && i < n->nids) {
		Dwarf_Unsigned cnt = 0, ub;

		if (dwarf_tag(ch, &tag, &e) == DW_DLV_OK && tag == DW_TAG_subrange_type) {
			if (!_udata(ch, DW_AT_count, &cnt) && _udata(ch, DW_AT_upper_bound, &ub))
				cnt = (Dwarf_Signed)ub < 0 ? 0 : ub + 1;
			i++;
			id = btf__add_array(c->btf, c->index_id, i < n->nids ? n->id + i : elem,
					    cnt);
			first = i == 1 || id < 0 ? id : first;
		}
		if (dwarf_siblingof_b(c->dbg, ch, true, &next, &e) != DW_DLV_OK)
			next = NULL;
		dwarf_dealloc_die(ch);
		ch = next;
	}
	return first;
}

/* A FUNC_PROTO from a subroutine type or a subprogram's parameters. */
static int _emit_proto(struct dw_ctx *c, Dwarf_Die die, bool names)
{
	Dwarf_Die ch, next;
	Dwarf_Error e = NULL;
	Dwarf_Half tag;
	int id, err = 0;

	id = btf__add_func_proto(c->btf, _ref(c, die, false));
	if (id < 0 || dwarf_child(die, &ch, &e) != DW_DLV_OK)
		return id;
	while (ch && !err) {
		if (dwarf_tag(ch, &tag, &e) == DW_DLV_OK && tag == DW_TAG_formal_parameter)
			err = btf__add_func_param(c->btf, names ? _name(ch) : NULL,
						  _ref(c, ch, false));
		else if (tag == DW_TAG_unspecified_parameters)
			err = btf__add_func_param(c->btf, NULL, 0);
		if (dwarf_siblingof_b(c->dbg, ch, true, &next, &e) != DW_DLV_OK)
			next = NULL;
		dwarf_dealloc_die(ch);
		ch = next;
	}
	return err ?: id;
}

static int _emit_node(struct dw_ctx *c, const struct plan_node *n, Dwarf_Die die)
{
	int id;

	switch (n->kind) {
	case NK_INDEX: return btf__add_int(c->btf, "__ARRAY_SIZE_TYPE__", 4, 0);
	case NK_BASE: return _emit_base(c, die);
	case NK_PTR: return btf__add_ptr(c->btf, _ref(c, die, false));
	case NK_CONST: return btf__add_const(c->btf, _ref(c, die, n->by_value));
	case NK_VOLATILE: return btf__add_volatile(c->btf, _ref(c, die, n->by_value));
	case NK_RESTRICT: return btf__add_restrict(c->btf, _ref(c, die, n->by_value));
	case NK_TYPEDEF: return btf__add_typedef(c->btf, _name(die), _ref(c, die, n->by_value));
	case NK_STRUCT: return _emit_composite(c, die, false);
	case NK_UNION: return _emit_composite(c, die, true);
	case NK_ENUM: return _emit_enum(c, die);
	case NK_ARRAY: return _emit_array(c, die, n);
	case NK_PROTO: return _emit_proto(c, die, false);
	case NK_FWD: {
		Dwarf_Half tag = 0;
		Dwarf_Error e = NULL;

		dwarf_tag(die, &tag, &e);
		return btf__add_fwd(c->btf, _name(die) ?: "",
				    tag == DW_TAG_union_type ? BTF_FWD_UNION : BTF_FWD_STRUCT);
	}
	case NK_FUNC:
		id = btf__add_func(c->btf, _name(die), _flag(die, DW_AT_external) ?
				   BTF_FUNC_GLOBAL : BTF_FUNC_STATIC, n->id + 1);
		return id < 0 ? id : _emit_proto(c, die, true) < 0 ? -EINVAL : id;
	}
	return -EINVAL;
}

/* Add every planned type, checking that each lands on its planned id. */
static int _emit_all(struct dw_ctx *c)
{
	size_t i;

	for (i = 0; i < c->nodes_cnt && !c->err; i++) {
		const struct plan_node *n = &c->nodes[i];
		Dwarf_Die die = NULL;
		int id;

		if (n->kind != NK_INDEX && _die_at(c, n->off, &die))
			break;
		id = _emit_node(c, n, die);
		if (die)
			dwarf_dealloc_die(die);
		if (id < 0 || (__u32)id != n->id)
			return errmsg__set(id < 0 ? id : -EINVAL, "cannot read DWARF in '%s': "
					   "cannot encode the type at DIE 0x%llx as BTF", c->path,
					   (unsigned long long)n->off);
	}
	return c->err;
}

/* The wanted DIEs of one query, found by scanning every CU's top level. */
struct root_scan {
	const struct type_query *q;	/* what is wanted */
	int rank;		/* best kind rank seen (struct < union < enum < ...) */
	Dwarf_Off offs[DWARF_MAX_LAYOUTS];	/* one DIE per distinct layout */
	__u64 sigs[DWARF_MAX_LAYOUTS];	/* their layout signatures */
	unsigned int layouts;	/* used entries */
	unsigned int cus;	/* CUs defining the name */
	long next_same;		/* next scan with the same name hash, or -1 */
};

/* All queries of one pass, found by name through a small hash table. */
struct scan_set {
	struct root_scan *scans;	/* one per query */
	size_t n;		/* entries in @scans */
	long *heads;		/* hash bucket -> first scan, -1 if none */
	size_t buckets;		/* a power of two */
};

static __u64 _str_hash(const char *s)
{
	__u64 h = 1469598103934665603ULL;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

static int _scan_set_init(struct scan_set *ss, const struct type_query *qs, size_t n)
{
	size_t i;

	ss->n = n;
	for (ss->buckets = 16; ss->buckets < 2 * n; ss->buckets *= 2)
		;
	ss->scans = calloc(n ?: 1, sizeof(*ss->scans));
	ss->heads = malloc(ss->buckets * sizeof(*ss->heads));
	if (!ss->scans || !ss->heads)
		return -ENOMEM;
	for (i = 0; i < ss->buckets; i++)
		ss->heads[i] = -1;
	for (i = 0; i < n; i++) {
		size_t b = _str_hash(qs[i].name) & (ss->buckets - 1);

		ss->scans[i].q = &qs[i];
		ss->scans[i].rank = 99;
		ss->scans[i].next_same = ss->heads[b];
		ss->heads[b] = i;
	}
	return 0;
}

static void _scan_set_release(struct scan_set *ss)
{
	free(ss->scans);
	free(ss->heads);
}

/* Rank of a tag for query @q, or -1 if it cannot answer it. */
static int _rank(const struct type_query *q, Dwarf_Half tag)
{
	static const struct {
		Dwarf_Half tag;
		int kind;
	} ranks[] = {
		{ DW_TAG_structure_type, BTF_KIND_STRUCT }, { DW_TAG_union_type, BTF_KIND_UNION },
		{ DW_TAG_enumeration_type, BTF_KIND_ENUM }, { DW_TAG_typedef, BTF_KIND_TYPEDEF },
		{ DW_TAG_subprogram, BTF_KIND_FUNC },
	};
	int i;

	for (i = 0; i < 5; i++)
		if (ranks[i].tag == tag && (!q->kind || q->kind == ranks[i].kind))
			return i;
	return -1;
}

/* A layout signature: size, and each child's name, offset and width. */
static __u64 _signature(struct dw_ctx *c, Dwarf_Die die)
{
	Dwarf_Unsigned size = 0, v;
	__u64 h = 1469598103934665603ULL;
	Dwarf_Die ch, next;
	Dwarf_Error e = NULL;

	_udata(die, DW_AT_byte_size, &size);
	h = _hash(h ^ size);
	if (dwarf_child(die, &ch, &e) != DW_DLV_OK)
		return h;
	while (ch) {
		h = _hash(h ^ _str_hash(_name(ch) ?: ""));
		h = _hash(h ^ _member_location(ch));
		if (_udata(ch, DW_AT_const_value, &v) || _udata(ch, DW_AT_bit_size, &v) ||
		    _udata(ch, DW_AT_data_bit_offset, &v))
			h = _hash(h ^ v);
		if (dwarf_siblingof_b(c->dbg, ch, true, &next, &e) != DW_DLV_OK)
			next = NULL;
		dwarf_dealloc_die(ch);
		ch = next;
	}
	return h;
}

static void _consider(struct dw_ctx *c, struct root_scan *s, Dwarf_Die die, int rank)
{
	Dwarf_Error e = NULL;
	Dwarf_Off off;
	__u64 sig;
	unsigned int i;

	if (rank < s->rank) {
		s->rank = rank;
		s->layouts = s->cus = 0;
	}
	s->cus++;
	sig = _signature(c, die);
	for (i = 0; i < s->layouts; i++)
		if (s->sigs[i] == sig)
			return;
	if (s->layouts == DWARF_MAX_LAYOUTS || dwarf_dieoffset(die, &off, &e) != DW_DLV_OK)
		return;
	s->offs[s->layouts] = off;
	s->sigs[s->layouts++] = sig;
}

/* Does top-level DIE @d define a wanted name? Then note it. */
static void _match(struct dw_ctx *c, struct scan_set *ss, Dwarf_Die d, Dwarf_Half tag)
{
	const char *n = _name(d);
	long i;
	int rank;

	if (!n)
		return;
	for (i = ss->heads[_str_hash(n) & (ss->buckets - 1)]; i >= 0; i = ss->scans[i].next_same) {
		struct root_scan *s = &ss->scans[i];

		rank = _rank(s->q, tag);
		if (rank >= 0 && rank <= s->rank && !strcmp(n, s->q->name) &&
		    !_flag(d, DW_AT_declaration))
			_consider(c, s, d, rank);
	}
}

/* Look at the top-level DIEs of one CU; their children are skipped. */
static void _scan_cu(struct dw_ctx *c, Dwarf_Die cu, struct scan_set *ss)
{
	Dwarf_Die d, next;
	Dwarf_Error e = NULL;
	Dwarf_Half tag;

	if (dwarf_child(cu, &d, &e) != DW_DLV_OK)
		return;
	while (d) {
		if (dwarf_tag(d, &tag, &e) == DW_DLV_OK &&
		    (tag == DW_TAG_structure_type || tag == DW_TAG_union_type ||
		     tag == DW_TAG_enumeration_type || tag == DW_TAG_typedef ||
		     tag == DW_TAG_subprogram))
			_match(c, ss, d, tag);
		if (dwarf_siblingof_b(c->dbg, d, true, &next, &e) != DW_DLV_OK)
			next = NULL;
		dwarf_dealloc_die(d);
		d = next;
	}
}

static int _scan(struct dw_ctx *c, struct scan_set *ss, const struct dwarf_progress *pr)
{
	Dwarf_Unsigned hlen, next_cu = 0, typeoff, total = 0, step, said = 0;
	Dwarf_Addr addr;
	Dwarf_Half ver, asz, osz, xsz, cut;
	Dwarf_Error e = NULL;
	Dwarf_Off abbrev;
	Dwarf_Sig8 sig;
	Dwarf_Die cu;
	int ret;

	if (pr && dwarf_get_section_info_by_name(c->dbg, ".debug_info", &addr, &total, &e) !=
		  DW_DLV_OK)
		pr = NULL;
	step = total / 100 + 1;
	while ((ret = dwarf_next_cu_header_d(c->dbg, true, &hlen, &ver, &abbrev, &asz, &osz,
					     &xsz, &sig, &typeoff, &next_cu, &cut, &e)) ==
	       DW_DLV_OK) {
		if (dwarf_siblingof_b(c->dbg, NULL, true, &cu, &e) != DW_DLV_OK)
			return _dw_err(c, e, "bad compilation unit");
		_scan_cu(c, cu, ss);
		dwarf_dealloc_die(cu);
		if (pr && next_cu >= said + step) {
			said = next_cu;
			pr->fn(pr->arg, c->path, next_cu, total);
		}
	}
	if (pr && ret == DW_DLV_NO_ENTRY)
		pr->fn(pr->arg, c->path, total, total);
	return ret == DW_DLV_ERROR ? _dw_err(c, e, "bad compilation unit header") : 0;
}

static int _open(struct dw_ctx *c, int *fd)
{
	unsigned char ident[16];
	Dwarf_Error e = NULL;
	int ret;

	*fd = open(c->path, O_RDONLY | O_CLOEXEC);
	if (*fd < 0)
		return errmsg__set(-errno, "cannot open '%s': %s", c->path, strerror(errno));
	if (pread(*fd, ident, sizeof(ident), 0) == (ssize_t)sizeof(ident))
		c->big_endian = ident[5] == 2;	/* EI_DATA == ELFDATA2MSB */
	ret = dwarf_init_b(*fd, DW_DLC_READ, DW_GROUPNUMBER_ANY, NULL, NULL, &c->dbg, &e);
	if (ret == DW_DLV_NO_ENTRY)
		return errmsg__set(-ENODATA, "cannot read DWARF in '%s': no debug information",
				   c->path);
	if (ret != DW_DLV_OK) {
		c->dbg = NULL;
		return errmsg__set(-EINVAL, "cannot read DWARF in '%s': %s", c->path,
				   e ? dwarf_errmsg(e) : "corrupt ELF or DWARF");
	}
	return 0;
}

/* Plan every layout found, then emit the whole closure once. */
static int _encode(struct dw_ctx *c, struct scan_set *ss, struct dwarf_hit *hits)
{
	size_t i;
	unsigned int l;

	c->btf = btf__new_empty();
	if (!c->btf)
		return -ENOMEM;
	for (i = 0; i < ss->n && !c->err; i++) {
		for (l = 0; l < ss->scans[i].layouts; l++)
			hits[i].ids[l] = _plan(c, ss->scans[i].offs[l], true, 0);
		hits[i].layouts = ss->scans[i].layouts;
		hits[i].cus = ss->scans[i].cus;
	}
	return c->err ?: _emit_all(c);
}

int dwarf__find_types(const char *path, const struct type_query *qs, size_t n,
		      const struct dwarf_progress *progress, struct btf **btf,
		      struct dwarf_hit *hits)
{
	struct dw_ctx c = { .path = path, .next_id = 1 };
	struct scan_set ss = { 0 };
	Dwarf_Error e = NULL;
	size_t i, found = 0;
	int fd = -1, err;

	*btf = NULL;
	memset(hits, 0, n * sizeof(*hits));
	err = _scan_set_init(&ss, qs, n);
	err = err ?: _open(&c, &fd);
	err = err ?: _scan(&c, &ss, progress);
	for (i = 0; !err && i < n; i++)
		found += ss.scans[i].layouts > 0;
	if (!err && found)
		err = _encode(&c, &ss, hits);
	if (!err && found) {
		*btf = c.btf;
		c.btf = NULL;
	}
	if (err)
		memset(hits, 0, n * sizeof(*hits));
	btf__free(c.btf);
	free(c.nodes);
	free(c.map.keys);
	free(c.map.ids);
	_scan_set_release(&ss);
	if (c.dbg)
		dwarf_finish(c.dbg, &e);
	if (fd >= 0)
		close(fd);
	return err;
}
