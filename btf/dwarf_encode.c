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

#include "dwarf_priv.h"

static __u32 *_map_slot(struct idmap *m, __u64 key, bool *found)
{
	size_t i = dw_hash(key) & (m->cap - 1);

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
	for (i = dw_hash(key) & (m->cap - 1); m->keys[i]; i = (i + 1) & (m->cap - 1))
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
		next = dw_next(c, ch);
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
		if (dw_flag(die, DW_AT_declaration) || (!by_value && dw_name(die)))
			return NK_FWD;
		return tag == DW_TAG_union_type ? NK_UNION : NK_STRUCT;
	default:
		/* _Atomic and friends carry no layout of their own: look through. */
		*skip = true;
		return NK_BASE;
	}
}


/* Plan what @die refers to: its DW_AT_type and, for aggregates, children. */
static void _plan_refs(struct dw_ctx *c, Dwarf_Die die, enum node_kind kind, bool by_value,
		       int depth)
{
	Dwarf_Die ch, next;
	Dwarf_Error e = NULL;
	Dwarf_Half tag;

	switch (kind) {
	case NK_PTR:
		dw_plan(c, dw_type_ref(die), false, depth + 1);
		return;
	case NK_ARRAY:
		if (!c->index_id)
			_add_node(c, 0, NK_INDEX, 1, false, &c->index_id);
		dw_plan(c, dw_type_ref(die), by_value, depth + 1);
		return;
	case NK_CONST: case NK_VOLATILE: case NK_RESTRICT: case NK_TYPEDEF:
		dw_plan(c, dw_type_ref(die), by_value, depth + 1);
		return;
	case NK_PROTO: case NK_FUNC:
		dw_plan(c, dw_type_ref(die), false, depth + 1);
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
			dw_plan(c, dw_type_ref(ch), tag == DW_TAG_member, depth + 1);
		next = dw_next(c, ch);
		dwarf_dealloc_die(ch);
		ch = next;
	}
}

/* The id type @off will have, planning it and its closure on first sight. */
__u32 dw_plan(struct dw_ctx *c, Dwarf_Off off, bool by_value, int depth)
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
		dw_err(c, NULL, "types nested too deeply (a reference cycle?)");
		return 0;
	}
	if (dw_die_at(c, off, &die))
		return 0;
	if (dwarf_tag(die, &tag, &e) != DW_DLV_OK) {
		dw_err(c, e, "bad DIE");
		dwarf_dealloc_die(die);
		return 0;
	}
	kind = _kind_of(die, tag, by_value, &skip);
	if (skip || (tag == DW_TAG_base_type && !dw_name(die))) {
		Dwarf_Off to = tag == DW_TAG_unspecified_type ? 0 : dw_type_ref(die);

		dwarf_dealloc_die(die);
		return dw_plan(c, to, by_value, depth + 1);
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
	return dw_plan(c, dw_type_ref(die), by_value, 0);
}

static int _emit_base(struct dw_ctx *c, Dwarf_Die die)
{
	Dwarf_Unsigned size = 0, enc = 0;
	const char *name = dw_name(die);

	dw_udata(die, DW_AT_byte_size, &size);
	dw_udata(die, DW_AT_encoding, &enc);
	if (enc == DW_ATE_float && (size == 2 || size == 4 || size == 8 || size == 12 ||
				    size == 16))
		return btf__add_float(c->btf, name, size);
	return btf__add_int(c->btf, name, size ?: 1,
			    enc == DW_ATE_boolean ? BTF_INT_BOOL :
			    enc == DW_ATE_signed || enc == DW_ATE_signed_char ? BTF_INT_SIGNED : 0);
}


/* Offset in bits and bitfield width of a member, for DWARF 2 to 5. */
static void _member_bits(struct dw_ctx *c, Dwarf_Die die, __u32 *off, __u32 *bits)
{
	Dwarf_Unsigned v, bit_size = 0, old_off, byte_size;

	dw_udata(die, DW_AT_bit_size, &bit_size);
	*bits = bit_size;
	if (dw_udata(die, DW_AT_data_bit_offset, &v)) {
		*off = v;
		return;
	}
	*off = dw_member_location(die) * 8;
	if (bit_size && dw_udata(die, DW_AT_bit_offset, &old_off)) {
		/* DWARF 2/3: bits counted from the storage unit's most significant end. */
		if (!dw_udata(die, DW_AT_byte_size, &byte_size))
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

	dw_udata(die, DW_AT_byte_size, &size);
	id = is_union ? btf__add_union(c->btf, dw_name(die), size)
		      : btf__add_struct(c->btf, dw_name(die), size);
	if (id < 0 || dwarf_child(die, &ch, &e) != DW_DLV_OK)
		return id;
	while (ch && !err) {
		if (dwarf_tag(ch, &tag, &e) == DW_DLV_OK && tag == DW_TAG_member) {
			__u32 off, bits;

			_member_bits(c, ch, &off, &bits);
			err = btf__add_field(c->btf, dw_name(ch), _ref(c, ch, true),
					     is_union && !bits ? 0 : off, bits);
		}
		next = dw_next(c, ch);
		dwarf_dealloc_die(ch);
		ch = next;
	}
	return err ?: id;
}

/* Is the enum's underlying type signed? Negative values say so too. */
static bool _enum_signed(struct dw_ctx *c, Dwarf_Die die)
{
	Dwarf_Unsigned enc = 0;
	Dwarf_Off to = dw_type_ref(die);
	Dwarf_Die t;
	bool s = false;

	if (to && !dw_die_at(c, to, &t)) {
		s = dw_udata(t, DW_AT_encoding, &enc) &&
		    (enc == DW_ATE_signed || enc == DW_ATE_signed_char);
		dwarf_dealloc_die(t);
	}
	return s;
}

/* Bytes of a fixed-size constant form, 0 for the others. */
static int _form_width(Dwarf_Half form)
{
	switch (form) {
	case DW_FORM_data1: return 1;
	case DW_FORM_data2: return 2;
	case DW_FORM_data4: return 4;
	case DW_FORM_data8: return 8;
	default: return 0;
	}
}

/*
 * An enumerator's value as DWARF defines it. DW_FORM_sdata (and DWARF 5's
 * implicit_const) is signed; DW_FORM_udata is unsigned; DW_FORM_data1/2/4/8
 * have no sign of their own: they are zero-extended, unless they fill the
 * whole width of an enum whose underlying type is signed. gcc writes every
 * negative value as sdata, so "CPUHP_... = 225" in a signed one-byte data1
 * (0xe1) is 225, as pahole and the kernel's BTF say, not -31.
 */
static bool _enum_value(Dwarf_Attribute a, bool is_signed, Dwarf_Unsigned size, __u64 *v)
{
	Dwarf_Error e = NULL;
	Dwarf_Half form = 0;
	Dwarf_Unsigned uv;
	Dwarf_Signed sv;
	int w;

	if (dwarf_whatform(a, &form, &e) != DW_DLV_OK)
		return false;
	w = _form_width(form);
	if (form == DW_FORM_sdata || form == DW_FORM_implicit_const ||
	    (is_signed && w && (Dwarf_Unsigned)w == size)) {
		if (dwarf_formsdata(a, &sv, &e) != DW_DLV_OK)
			return false;
		*v = (__u64)sv;
		return true;
	}
	if (dwarf_formudata(a, &uv, &e) != DW_DLV_OK)
		return false;
	*v = uv;
	return true;
}

static int _emit_enum(struct dw_ctx *c, Dwarf_Die die)
{
	Dwarf_Unsigned size = 4;
	bool is_signed = _enum_signed(c, die);
	Dwarf_Die ch, next;
	Dwarf_Error e = NULL;
	Dwarf_Attribute a;
	int id, err = 0;

	dw_udata(die, DW_AT_byte_size, &size);
	id = size == 8 ? btf__add_enum64(c->btf, dw_name(die), 8, is_signed)
		       : btf__add_enum(c->btf, dw_name(die), size);
	if (id < 0 || dwarf_child(die, &ch, &e) != DW_DLV_OK)
		return id;
	while (ch && !err) {
		__u64 v = 0;

		if (dwarf_attr(ch, DW_AT_const_value, &a, &e) == DW_DLV_OK) {
			if (!_enum_value(a, is_signed, size, &v))
				err = dw_err(c, NULL, "bad enumerator value");
			dwarf_dealloc_attribute(a);
			/* A 32-bit BTF enum holds the value's low 32 bits, signed if negative. */
			if (!err && size == 8)
				err = btf__add_enum64_value(c->btf, dw_name(ch), v);
			else if (!err)
				err = btf__add_enum_value(c->btf, dw_name(ch), (__s64)v < 0 ?
							  (__s64)(__s32)v : (__s64)(__u32)v);
		}
		next = dw_next(c, ch);
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
			if (!dw_udata(ch, DW_AT_count, &cnt) && dw_udata(ch, DW_AT_upper_bound, &ub))
				cnt = (Dwarf_Signed)ub < 0 ? 0 : ub + 1;
			i++;
			id = btf__add_array(c->btf, c->index_id, i < n->nids ? n->id + i : elem,
					    cnt);
			first = i == 1 || id < 0 ? id : first;
		}
		next = dw_next(c, ch);
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
			err = btf__add_func_param(c->btf, names ? dw_name(ch) : NULL,
						  _ref(c, ch, false));
		else if (tag == DW_TAG_unspecified_parameters)
			err = btf__add_func_param(c->btf, NULL, 0);
		next = dw_next(c, ch);
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
	case NK_TYPEDEF: return btf__add_typedef(c->btf, dw_name(die), _ref(c, die, n->by_value));
	case NK_STRUCT: return _emit_composite(c, die, false);
	case NK_UNION: return _emit_composite(c, die, true);
	case NK_ENUM: return _emit_enum(c, die);
	case NK_ARRAY: return _emit_array(c, die, n);
	case NK_PROTO: return _emit_proto(c, die, false);
	case NK_FWD: {
		Dwarf_Half tag = 0;
		Dwarf_Error e = NULL;

		dwarf_tag(die, &tag, &e);
		return btf__add_fwd(c->btf, dw_name(die) ?: "",
				    tag == DW_TAG_union_type ? BTF_FWD_UNION : BTF_FWD_STRUCT);
	}
	case NK_FUNC:
		id = btf__add_func(c->btf, dw_name(die), dw_flag(die, DW_AT_external) ?
				   BTF_FUNC_GLOBAL : BTF_FUNC_STATIC, n->id + 1);
		return id < 0 ? id : _emit_proto(c, die, true) < 0 ? -EINVAL : id;
	}
	return -EINVAL;
}

/* Add every planned type, checking that each lands on its planned id. */
int dw_emit_all(struct dw_ctx *c)
{
	size_t i;

	for (i = 0; i < c->nodes_cnt && !c->err; i++) {
		const struct plan_node *n = &c->nodes[i];
		Dwarf_Die die = NULL;
		int id;

		if (n->kind != NK_INDEX && dw_die_at(c, n->off, &die))
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
