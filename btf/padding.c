// SPDX-License-Identifier: GPL-2.0
/*
 * Padding that gives a printed struct the BTF's exact layout.
 *
 * BTF keeps no member for an unnamed bitfield ("unsigned int :0;",
 * "__u8 :5;") nor for an alignment attribute, only the offsets they cause.
 * A definition printed from the named members alone would let the compiler
 * lay the struct out differently. So, member by member, we work out where C
 * would put the next member after the previous one, and where the BTF says
 * it is; a gap C would not leave is filled with unnamed bitfields, and a
 * struct whose members sit where C never puts them is packed.
 *
 * Example, struct fred_ss on 7.2 (u64 ss:16 at bit 0, sti:1 at bit 16, ...,
 * vector:8 at bit 32): after "u64 nmi:1;" C is at bit 19 and would put
 * vector there, so "long :13;" comes first.
 *
 * The filling is libbpf's btf_dump_emit_bit_padding(): the largest of long,
 * int, short and char whose boundary lies in the gap, a ":0" marker where
 * the compiler would not align by itself, then whole units. Unnamed
 * bitfields do not change a struct's alignment (SysV ABI).
 */
#include <stdbool.h>
#include <stdio.h>
#include <bpf/btf.h>

#include "render.h"

static __u64 _roundup(__u64 x, __u64 y)
{
	return y ? (x + y - 1) / y * y : x;
}

/* Deeper by-value nesting than this is corrupt BTF (a struct holding itself). */
#define ALIGN_MAX_DEPTH 32

static int _align(const struct btf *btf, __u32 id, int depth);

/*
 * The largest alignment of the members of struct or union @t, and in
 * *@packed whether C must pack it to lay them out where the BTF says (like
 * libbpf's btf_is_struct_packed(): a member off its alignment, or a size
 * that is no multiple of it). One pass over the members: a second would
 * make nested types cost 2^depth.
 */
static int _members_align(const struct btf *btf, const struct btf_type *t, int depth,
			  bool *packed)
{
	const struct btf_member *m = btf_members(t);
	int max_align = 1, align;
	__u16 i;

	*packed = false;
	for (i = 0; i < btf_vlen(t); i++, m++) {
		align = _align(btf, m->type, depth + 1);
		if (!btf_member_bitfield_size(t, i) && btf_member_bit_offset(t, i) % (8 * align))
			*packed = true;
		max_align = align > max_align ? align : max_align;
	}
	if (t->size % max_align)
		*packed = true;
	return max_align;
}

/*
 * libbpf's btf__align_of(), which recurses without end on a struct that
 * holds itself; 1 for that and for kinds without alignment.
 */
static int _align(const struct btf *btf, __u32 id, int depth)
{
	const struct btf_type *t = btf__type_by_id(btf, id);
	bool packed;
	int a;

	if (!t || depth > ALIGN_MAX_DEPTH)
		return 1;
	switch (btf_kind(t)) {
	case BTF_KIND_INT:
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
	case BTF_KIND_FLOAT:
		/* Long long is 4-aligned where pointers are 4 bytes (i386). */
		a = (int)(btf__pointer_size(btf) ?: 8);
		a = (int)t->size < a ? (int)t->size : a;
		return a > 0 ? a : 1;
	case BTF_KIND_PTR:
		return btf__pointer_size(btf) ?: 8;
	case BTF_KIND_ARRAY:
		return _align(btf, btf_array(t)->type, depth + 1);
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_CONST:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_TYPE_TAG:
		return _align(btf, t->type, depth + 1);
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		a = _members_align(btf, t, depth, &packed);
		return packed ? 1 : a;
	default:
		return 1;
	}
}

int padding__align(const struct btf *btf, __u32 id)
{
	return _align(btf, id, 0);
}

bool padding__packed(const struct btf *btf, const struct btf_type *t)
{
	bool packed;

	_members_align(btf, t, 0, &packed);
	return packed;
}

__u64 padding__natural(const struct btf *btf, __u32 type, __u64 cur, __u32 bits, bool packed)
{
	int align = packed ? 1 : padding__align(btf, type);
	__u64 unit = align > 0 ? 8 * (__u64)align : 8;

	if (packed)
		return cur;
	if (!bits)
		return _roundup(cur, unit);
	/* A bitfield does not straddle a unit of its type's alignment. */
	if (cur / unit != (cur + bits - 1) / unit)
		return _roundup(cur, unit);
	return cur;
}

void padding__emit(FILE *out, const struct btf *btf, int depth, __u64 cur, __u64 next,
		   int next_align, bool in_bitfield)
{
	const struct {
		const char *name;	/* type of the unnamed bitfield */
		__u64 bits;		/* its width and alignment */
	} pads[] = {
		{ "long", btf__pointer_size(btf) * 8 ?: 64 }, { "int", 32 }, { "short", 16 },
		{ "char", 8 },
	};
	const int n = sizeof(pads) / sizeof(pads[0]);
	__u64 new_off = 0, pad_bits = 0, bits;
	const char *pad_type = NULL;
	int i, d;

	if (cur >= next)
		return;
	for (i = 0; i < n; i++) {
		pad_bits = pads[i].bits;
		pad_type = pads[i].name;
		new_off = _roundup(cur, pad_bits);
		if (new_off <= next)
			break;
	}
	if (new_off > cur && new_off <= next) {
		/*
		 * A marker is needed when the compiler would not align to
		 * new_off by itself, or when "T :X" would fit in the hole
		 * before it and so be ignored.
		 */
		if (in_bitfield || (new_off == next && _roundup(cur, next_align * 8) != new_off) ||
		    (new_off != next && next - new_off <= new_off - cur)) {
			for (d = 0; d < depth; d++)
				fputc('\t', out);
			fprintf(out, "%s :%llu;\n", pad_type,
				in_bitfield ? (unsigned long long)(new_off - cur) : 0ULL);
		}
		cur = new_off;
	}
	while (cur < next) {
		bits = next - cur < pad_bits ? next - cur : pad_bits;
		if (bits < pad_bits) {
			/* The remainder in the smallest type that holds it. */
			for (i = n - 1; i >= 0 && pads[i].bits < bits; i--)
				;
			pad_type = pads[i < 0 ? 0 : i].name;
		}
		for (d = 0; d < depth; d++)
			fputc('\t', out);
		fprintf(out, "%s :%llu;\n", pad_type, (unsigned long long)bits);
		cur += bits;
	}
}
