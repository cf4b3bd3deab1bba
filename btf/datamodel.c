// SPDX-License-Identifier: GPL-2.0
/*
 * Architectures compared honestly: amd64 against i386 or armhf, the same
 * declarations give other sizes and offsets (pointers and long are 4 bytes,
 * and i386 aligns 64-bit integers to 4). Such a comparison is one line
 * ("layout follows ILP32"), not a change per member; a declaration that
 * differs still counts.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/btf.h>

#include "datamodel.h"
#include "render.h"

/* Deeper than any struct a kernel embeds by value. */
#define DM_MAX_DEPTH 32

struct dm {
	const struct btf *a, *b;
	size_t ptr_a, ptr_b;	/* pointer sizes */
};

static bool _same(const struct dm *d, __u32 ia, __u32 ib, int depth);

static bool _same_name(const struct dm *d, const struct btf_type *ta, const struct btf_type *tb)
{
	const char *na = btf__name_by_offset(d->a, ta->name_off);
	const char *nb = btf__name_by_offset(d->b, tb->name_off);

	return na && nb && !strcmp(na, nb);
}

/* A pointer is a pointer on both sides: what it points to, as C spells it. */
static bool _same_spelling(const struct dm *d, __u32 ia, __u32 ib)
{
	char *sa = render__decl(d->a, ia, ""), *sb = render__decl(d->b, ib, "");
	bool same = sa && sb && !strcmp(sa, sb);

	free(sa);
	free(sb);
	return same;
}

/*
 * "long" against "long"; with @loose (a typedef's target: size_t) also
 * "long unsigned int" against "unsigned int", both of pointer size.
 */
static bool _same_int(const struct dm *d, const struct btf_type *ta, const struct btf_type *tb,
		      bool loose)
{
	__u32 ea = btf_int_encoding(ta), eb = btf_int_encoding(tb);

	if (btf_int_offset(ta) || btf_int_offset(tb) || ea != eb)
		return false;
	if (_same_name(d, ta, tb))
		return btf_int_bits(ta) == ta->size * 8 && btf_int_bits(tb) == tb->size * 8;
	return loose && ta->size == d->ptr_a && tb->size == d->ptr_b;
}

/* A typedef's targets: the same, or integers the data model sizes. */
static bool _same_target(const struct dm *d, __u32 ia, __u32 ib, int depth)
{
	const struct btf_type *ta = btf__type_by_id(d->a, ia), *tb = btf__type_by_id(d->b, ib);

	if (ta && tb && btf_is_int(ta) && btf_is_int(tb))
		return _same_int(d, ta, tb, true);
	return _same(d, ia, ib, depth + 1);
}

static bool _same_members(const struct dm *d, const struct btf_type *ta,
			  const struct btf_type *tb, int depth)
{
	const struct btf_member *ma = btf_members(ta), *mb = btf_members(tb);
	__u16 i, n = btf_vlen(ta);

	for (i = 0; i < n; i++) {
		const char *na = btf__name_by_offset(d->a, ma[i].name_off);
		const char *nb = btf__name_by_offset(d->b, mb[i].name_off);

		if (!na || !nb || strcmp(na, nb) ||
		    btf_member_bitfield_size(ta, i) != btf_member_bitfield_size(tb, i) ||
		    !_same(d, ma[i].type, mb[i].type, depth + 1))
			return false;
	}
	return true;
}

static bool _same_enum(const struct dm *d, const struct btf_type *ta, const struct btf_type *tb)
{
	__u16 i, n = btf_vlen(ta);

	if (ta->size != tb->size)
		return false;
	for (i = 0; i < n; i++) {
		__u32 oa = btf_is_enum(ta) ? btf_enum(ta)[i].name_off : btf_enum64(ta)[i].name_off;
		__u32 ob = btf_is_enum(tb) ? btf_enum(tb)[i].name_off : btf_enum64(tb)[i].name_off;
		const char *na = btf__name_by_offset(d->a, oa), *nb = btf__name_by_offset(d->b, ob);
		__u64 va = btf_is_enum(ta) ? (__u64)btf_enum(ta)[i].val : btf_enum64_value(&btf_enum64(ta)[i]);
		__u64 vb = btf_is_enum(tb) ? (__u64)btf_enum(tb)[i].val : btf_enum64_value(&btf_enum64(tb)[i]);

		if (!na || !nb || strcmp(na, nb) || va != vb)
			return false;
	}
	return true;
}

static bool _same_proto(const struct dm *d, const struct btf_type *ta, const struct btf_type *tb,
			int depth)
{
	const struct btf_param *pa = btf_params(ta), *pb = btf_params(tb);
	__u16 i, n = btf_vlen(ta);

	if (!_same(d, ta->type, tb->type, depth + 1))
		return false;
	for (i = 0; i < n; i++)
		if (!_same(d, pa[i].type, pb[i].type, depth + 1))
			return false;
	return true;
}

static bool _same(const struct dm *d, __u32 ia, __u32 ib, int depth)
{
	const struct btf_type *ta = btf__type_by_id(d->a, ia), *tb = btf__type_by_id(d->b, ib);

	if (!ia || !ib)
		return !ia && !ib;
	if (!ta || !tb || depth > DM_MAX_DEPTH || btf_kind(ta) != btf_kind(tb))
		return false;
	if (btf_vlen(ta) != btf_vlen(tb) || btf_kflag(ta) != btf_kflag(tb))
		return false;
	switch (btf_kind(ta)) {
	case BTF_KIND_INT:
		return _same_int(d, ta, tb, false);
	case BTF_KIND_PTR:
		return _same_spelling(d, ia, ib);
	case BTF_KIND_ARRAY:
		return btf_array(ta)->nelems == btf_array(tb)->nelems &&
		       _same(d, btf_array(ta)->type, btf_array(tb)->type, depth + 1);
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		return _same_name(d, ta, tb) && _same_members(d, ta, tb, depth);
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		return _same_name(d, ta, tb) && _same_enum(d, ta, tb);
	case BTF_KIND_FWD:
	case BTF_KIND_FLOAT:
		return _same_name(d, ta, tb) && ta->size == tb->size;
	case BTF_KIND_TYPEDEF:
		return _same_name(d, ta, tb) && _same_target(d, ta->type, tb->type, depth);
	case BTF_KIND_FUNC:
		return _same_name(d, ta, tb) && _same(d, ta->type, tb->type, depth + 1);
	case BTF_KIND_VOLATILE:
	case BTF_KIND_CONST:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_TYPE_TAG:
		return _same(d, ta->type, tb->type, depth + 1);
	case BTF_KIND_FUNC_PROTO:
		return _same_proto(d, ta, tb, depth);
	default:
		return false;
	}
}

const char *datamodel__explains(const struct btf *a, __u32 ia, const struct btf *b, __u32 ib)
{
	struct dm d = { .a = a, .b = b, .ptr_a = btf__pointer_size(a),
			.ptr_b = btf__pointer_size(b) };

	if (!d.ptr_a || !d.ptr_b || d.ptr_a == d.ptr_b || !_same(&d, ia, ib, 0))
		return NULL;
	return d.ptr_b == 4 ? "ILP32" : d.ptr_b == 8 ? "LP64" : NULL;
}
