// SPDX-License-Identifier: GPL-2.0
/*
 * ABI comparison of one type between two kernels, on the renderings the
 * reports print, so that what a diff says matches what a report shows.
 *
 * Members are matched by name (paths through anonymous members, as the
 * member table spells them). An old and a new member that match no name
 * but sit at the same offset with the same type are one renamed member.
 * Each change is then judged compatible or breaking by a named rule:
 *
 *   new-type, new-function, new-enumerator   additions nobody used before
 *   in-padding        a member added inside the old size, old members kept
 *   append-at-end     a member added past the old end of a type the driver
 *                     only reaches by pointer (not --alloc / "alloc")
 *   grown-by-reference  the size grew, same condition
 *   same-underlying-type  a typedef spelling changed, not what it names
 *   flattened-array   an array of several dimensions against one of one
 *                     dimension, same element type and count: pahole -J
 *                     flattens int m[6][18] to int m[108], so the same
 *                     build read from DWARF and from BTF differs so
 *   removed, kind, shrunk, allocated-size, inserted, renamed, type,
 *   layout, value, prototype, typedef-target   breaking
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/btf.h>

#include "compare.h"
#include "render.h"

/* Nesting of embedded named types; real kernels stay far below. */
#define RECURSE_MAX_DEPTH 16
/* Deeper than any real declarator; stops cycles in corrupt BTF. */
#define DIGEST_MAX_DEPTH 64

static const char *const class_names[ABI_CLASS_CNT] = {
	[ABI_TYPE_ADDED] = "type-added",
	[ABI_TYPE_REMOVED] = "type-removed",
	[ABI_KIND_CHANGED] = "kind-changed",
	[ABI_SIZE_CHANGED] = "size-changed",
	[ABI_MEMBER_ADDED] = "member-added",
	[ABI_MEMBER_REMOVED] = "member-removed",
	[ABI_MEMBER_RENAMED] = "member-renamed",
	[ABI_MEMBER_TYPE] = "member-type-changed",
	[ABI_MEMBER_OFFSET] = "member-offset-changed",
	[ABI_BITFIELD] = "bitfield-changed",
	[ABI_ENUM_ADDED] = "enum-value-added",
	[ABI_ENUM_REMOVED] = "enum-value-removed",
	[ABI_ENUM_CHANGED] = "enum-value-changed",
	[ABI_FUNC_ADDED] = "func-added",
	[ABI_FUNC_REMOVED] = "func-removed",
	[ABI_FUNC_RETURN] = "func-return-changed",
	[ABI_PARAM_ADDED] = "param-added",
	[ABI_PARAM_REMOVED] = "param-removed",
	[ABI_PARAM_CHANGED] = "param-changed",
	[ABI_FPTR_CHANGED] = "fptr-changed",
	[ABI_TYPEDEF_CHANGED] = "typedef-changed",
	[ABI_EXPORT_REMOVED] = "export-removed",
	[ABI_EXPORT_ADDED] = "export-added",
	[ABI_EXPORT_GPL] = "export-now-gpl-only",
	[ABI_EXPORT_NS] = "namespace-changed",
	[ABI_EXPORT_CRC] = "crc-changed",
};

const char *abi__class_name(enum abi_class cls)
{
	return (unsigned int)cls < ABI_CLASS_CNT ? class_names[cls] : NULL;
}

int abi__class_parse(const char *name)
{
	int i;

	for (i = 0; i < ABI_CLASS_CNT; i++)
		if (!strcmp(class_names[i], name))
			return i;
	return -1;
}

int abi_changes__add(struct abi_changes *l, enum abi_class cls, bool breaking,
		     const char *rule, const char *type, const char *path,
		     const char *old, const char *new)
{
	struct abi_change *c;

	if (l->cnt == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;

		c = realloc(l->ptr, cap * sizeof(*c));
		if (!c)
			return -ENOMEM;
		l->ptr = c;
		l->cap = cap;
	}
	c = &l->ptr[l->cnt];
	memset(c, 0, sizeof(*c));
	c->cls = cls;
	c->breaking = breaking;
	c->rule = rule;
	c->type = strdup(type);
	c->path = path ? strdup(path) : NULL;
	c->old = old ? strdup(old) : NULL;
	c->new = new ? strdup(new) : NULL;
	if (!c->type || (path && !c->path) || (old && !c->old) || (new && !c->new)) {
		free(c->type);
		free(c->path);
		free(c->old);
		free(c->new);
		return -ENOMEM;
	}
	l->cnt++;
	return 0;
}

void abi_changes_release(struct abi_changes *l)
{
	size_t i;

	for (i = 0; i < l->cnt; i++) {
		free(l->ptr[i].type);
		free(l->ptr[i].path);
		free(l->ptr[i].old);
		free(l->ptr[i].new);
	}
	free(l->ptr);
	memset(l, 0, sizeof(*l));
}

char *abi__spell(const struct btf *btf, __u32 id)
{
	const struct btf_type *t = btf__type_by_id(btf, id);
	char *s;

	if (!t || !render__kind_word(t))
		return NULL;
	if (asprintf(&s, "%s %s", render__kind_word(t), btf__name_by_offset(btf, t->name_off) ?: "") < 0)
		return NULL;
	return s;
}

int abi__type_change(const struct btf *btf, __u32 id, bool added, struct abi_changes *out)
{
	const struct btf_type *t = btf__type_by_id(btf, id);
	bool func = t && btf_is_func(t);
	char *name = abi__spell(btf, id);
	int err;

	if (!name)
		return -ENOMEM;
	if (added)
		err = abi_changes__add(out, func ? ABI_FUNC_ADDED : ABI_TYPE_ADDED, false,
				       func ? "new-function" : "new-type", name, NULL, NULL, NULL);
	else
		err = abi_changes__add(out, func ? ABI_FUNC_REMOVED : ABI_TYPE_REMOVED, true,
				       "removed", name, NULL, NULL, NULL);
	free(name);
	return err;
}

/* --- digest --- */

static __u64 _mix(__u64 h, __u64 v)
{
	h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
	return h * 0x100000001b3ULL;
}

static __u64 _mix_str(__u64 h, const char *s)
{
	if (!s)
		return _mix(h, 0);
	while (*s)
		h = (h ^ (unsigned char)*s++) * 0x100000001b3ULL;
	return _mix(h, 0xff);
}

static __u64 _digest(const struct btf *btf, __u32 id, int depth);

/*
 * A member's type as its spelling depends on it: named types by name,
 * anonymous ones by their whole body, the way they are rendered.
 */
static __u64 _shallow(const struct btf *btf, __u32 id, int depth)
{
	const struct btf_type *t = btf__type_by_id(btf, id);
	const struct btf_param *p;
	__u64 h = 0;
	__u16 i;

	if (!id || !t || depth > DIGEST_MAX_DEPTH)
		return id;
	switch (btf_kind(t)) {
	case BTF_KIND_INT:
		h = _mix(_mix_str(h, btf__name_by_offset(btf, t->name_off)), t->size);
		return _mix(h, btf_int_encoding(t) << 16 | btf_int_bits(t) << 8 |
			    btf_int_offset(t));
	case BTF_KIND_PTR:
	case BTF_KIND_CONST:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_TYPE_TAG:
		return _mix(btf_kind(t), _shallow(btf, t->type, depth + 1));
	case BTF_KIND_ARRAY:
		return _mix(_mix(BTF_KIND_ARRAY, btf_array(t)->nelems),
			    _shallow(btf, btf_array(t)->type, depth + 1));
	case BTF_KIND_FUNC_PROTO:
		h = _mix(BTF_KIND_FUNC_PROTO, _shallow(btf, t->type, depth + 1));
		p = btf_params(t);
		for (i = 0; i < btf_vlen(t); i++)
			h = _mix(h, _shallow(btf, p[i].type, depth + 1));
		return h;
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		if (!t->name_off)
			return _digest(btf, id, depth + 1);
		/* fall through */
	case BTF_KIND_FWD: {
		/* A forward declaration spells like the type it declares. */
		int k = btf_kind(t);

		if (k == BTF_KIND_FWD)
			k = btf_kflag(t) ? BTF_KIND_UNION : BTF_KIND_STRUCT;
		if (k == BTF_KIND_ENUM64)
			k = BTF_KIND_ENUM;
		return _mix_str(_mix(h, k), btf__name_by_offset(btf, t->name_off));
	}
	default:
		return _mix_str(_mix(h, btf_kind(t)), btf__name_by_offset(btf, t->name_off));
	}
}

static __u64 _digest(const struct btf *btf, __u32 id, int depth)
{
	const struct btf_type *t = btf__type_by_id(btf, id);
	__u64 h;
	__u16 i;

	if (!t || depth > DIGEST_MAX_DEPTH)
		return id;
	h = _mix(btf_is_enum64(t) ? BTF_KIND_ENUM : btf_kind(t), btf_vlen(t));
	switch (btf_kind(t)) {
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		h = _mix(h, t->size);
		for (i = 0; i < btf_vlen(t); i++) {
			const struct btf_member *m = btf_members(t) + i;

			h = _mix_str(h, btf__name_by_offset(btf, m->name_off));
			h = _mix(h, btf_member_bit_offset(t, i) << 8 |
				 btf_member_bitfield_size(t, i));
			h = _mix(h, _shallow(btf, m->type, depth + 1));
		}
		return h;
	case BTF_KIND_ENUM:
		h = _mix(_mix(h, t->size), btf_kflag(t));
		for (i = 0; i < btf_vlen(t); i++) {
			h = _mix_str(h, btf__name_by_offset(btf, btf_enum(t)[i].name_off));
			h = _mix(h, (__u32)btf_enum(t)[i].val);
		}
		return h;
	case BTF_KIND_ENUM64:
		h = _mix(_mix(h, t->size), btf_kflag(t));
		for (i = 0; i < btf_vlen(t); i++) {
			h = _mix_str(h, btf__name_by_offset(btf, btf_enum64(t)[i].name_off));
			h = _mix(h, btf_enum64_value(&btf_enum64(t)[i]));
		}
		return h;
	default:
		return _mix(h, _shallow(btf, t->type, depth + 1));
	}
}

__u64 abi__digest(const struct btf *btf, __u32 id)
{
	return _digest(btf, id, 0);
}

/* --- comparison --- */

struct cmp_ctx {
	const struct btf *a, *b;	/* old, new */
	const struct abi_opts *o;
	struct abi_changes *out;
	const char *type;		/* spelled name the changes belong to */
	const char *stack[RECURSE_MAX_DEPTH];	/* embedded types being compared */
	int depth;
};

static int _add(struct cmp_ctx *c, enum abi_class cls, bool breaking, const char *rule,
		const char *prefix, const char *path, const char *old, const char *new)
{
	char *full = NULL;
	int err;

	/* "" names the embedded type itself: "vdev." becomes "vdev". */
	if (path && asprintf(&full, "%.*s%s", (int)(strlen(prefix) - (!*path && *prefix)),
			     prefix, path) < 0)
		return -ENOMEM;
	err = abi_changes__add(c->out, cls, breaking, rule, c->type, full, old, new);
	free(full);
	return err;
}

/*
 * Skip typedefs and qualifiers: the type a spelling stands for (libbpf's
 * btf__resolve_type); @id itself in BTF too corrupt to resolve.
 */
static __u32 _resolve(const struct btf *btf, __u32 id)
{
	int r = btf__resolve_type(btf, id);

	return r < 0 ? id : (__u32)r;
}

/* Full spelling of @id with every typedef resolved: "unsigned int *". */
static char *_canonical(const struct btf *btf, __u32 id, int depth)
{
	const struct btf_type *t;
	char *inner, *s = NULL;

	id = _resolve(btf, id);
	t = btf__type_by_id(btf, id);
	if (!t || depth > DIGEST_MAX_DEPTH)
		return strdup("?");
	if (btf_is_ptr(t) || btf_is_array(t)) {
		inner = _canonical(btf, btf_is_ptr(t) ? t->type : btf_array(t)->type, depth + 1);
		if (inner && asprintf(&s, btf_is_ptr(t) ? "%s *" : "%s [%u]", inner,
				      btf_is_ptr(t) ? 0 : btf_array(t)->nelems) < 0)
			s = NULL;
		free(inner);
		return s;
	}
	return render__decl(btf, id, "");
}

/* Do two spellings name the same thing under their typedefs? */
static bool _same_underlying(struct cmp_ctx *c, __u32 ta, __u32 tb)
{
	char *ca = _canonical(c->a, ta, 0), *cb = _canonical(c->b, tb, 0);
	bool same = ca && cb && !strcmp(ca, cb) &&
		    btf__resolve_size(c->a, ta) == btf__resolve_size(c->b, tb);

	free(ca);
	free(cb);
	return same;
}

/* Dimensions of the array @id (under typedefs), its innermost element and count. */
static int _array_dims(const struct btf *btf, __u32 id, __u32 *elem, __u64 *count)
{
	const struct btf_type *t = btf__type_by_id(btf, _resolve(btf, id));
	int dims = 0;

	*count = 1;
	while (t && btf_is_array(t) && dims < DIGEST_MAX_DEPTH) {
		dims++;
		*count *= btf_array(t)->nelems;
		id = btf_array(t)->type;
		t = btf__type_by_id(btf, _resolve(btf, id));
	}
	*elem = id;
	return dims;
}

/*
 * Is one of @ta, @tb the other flattened, as pahole -J encodes a
 * multi-dimensional array: one dimension against several, with the same
 * element type and the same number of elements? amd_iommu.stored_l1 is
 * u64 [6][18] in DWARF and u64 [108] in the BTF of the same build.
 */
static bool _flattened(struct cmp_ctx *c, __u32 ta, __u32 tb)
{
	__u32 ea, eb;
	__u64 na, nb;
	int da = _array_dims(c->a, ta, &ea, &na), db = _array_dims(c->b, tb, &eb, &nb);

	if (!da || !db || da == db || (da != 1 && db != 1) || na != nb)
		return false;
	return _same_underlying(c, ea, eb);
}

/* A pointer to a function, maybe under qualifiers and typedefs. */
static bool _is_fptr(const struct btf *btf, __u32 id)
{
	const struct btf_type *t = btf__type_by_id(btf, _resolve(btf, id));

	if (!t || !btf_is_ptr(t))
		return false;
	t = btf__type_by_id(btf, _resolve(btf, t->type));
	return t && btf_is_func_proto(t);
}

/* An anonymous struct, union or enum under arrays and qualifiers. */
static bool _is_anon(const struct btf *btf, __u32 id)
{
	const struct btf_type *t = btf__type_by_id(btf, id);
	int n = 0;

	while (t && n++ < 8 && (btf_is_array(t) || btf_is_mod(t) || btf_is_type_tag(t))) {
		id = btf_is_array(t) ? btf_array(t)->type : t->type;
		t = btf__type_by_id(btf, id);
	}
	return t && !t->name_off && (btf_is_composite(t) || btf_is_any_enum(t));
}

/* The named struct or union @id holds by value (under arrays), or 0. */
static __u32 _embedded(const struct btf *btf, __u32 id, bool *array)
{
	const struct btf_type *t = btf__type_by_id(btf, id);
	int n = 0;

	*array = false;
	while (t && n++ < 8 && (btf_is_array(t) || btf_is_mod(t) || btf_is_type_tag(t))) {
		*array |= btf_is_array(t);
		id = btf_is_array(t) ? btf_array(t)->type : t->type;
		t = btf__type_by_id(btf, id);
	}
	return t && t->name_off && btf_is_composite(t) ? id : 0;
}

bool abi__is_fptr(const struct btf *btf, __u32 id)
{
	return _is_fptr(btf, id);
}

__u32 abi__embedded(const struct btf *btf, __u32 id, bool *array)
{
	return _embedded(btf, id, array);
}

/* "8" or "8:3" (byte:bit) for a bit offset. */
static void _offset(char *buf, size_t n, __u64 bits)
{
	if (bits % 8)
		snprintf(buf, n, "%llu:%llu", (unsigned long long)bits / 8,
			 (unsigned long long)bits % 8);
	else
		snprintf(buf, n, "%llu", (unsigned long long)bits / 8);
}

/* "8:3/5": a bitfield's byte, bit and width; or a plain offset. */
static void _bits(char *buf, size_t n, const struct member_row *m)
{
	char off[48];

	_offset(off, sizeof(off), m->bit_offset);
	if (m->bitfield_size)
		snprintf(buf, n, "%s/%u", off, m->bitfield_size);
	else
		snprintf(buf, n, "%s", off);
}

/* "int x @ 8": a member's declaration and where it sits. */
static char *_placed(const struct member_row *m)
{
	char off[64], *s;

	_bits(off, sizeof(off), m);
	if (asprintf(&s, "%s @ %s", m->decl, off) < 0)
		return NULL;
	return s;
}

static int _cmp_type(struct cmp_ctx *c, __u32 ia, __u32 ib, const char *prefix, bool alloc);

/* Two members matched by name. */
static int _cmp_member(struct cmp_ctx *c, const struct member_row *ma,
		       const struct member_row *mb, const char *prefix)
{
	char oa[64], ob[64], *path = NULL;
	bool anon = _is_anon(c->a, ma->type_id) || _is_anon(c->b, mb->type_id);
	bool array_a, array_b;
	__u32 ea, eb;
	int err = 0;

	if (anon) {
		/* The body is compared row by row; only an enum's values show here. */
		if (strcmp(ma->decl, mb->decl))
			err = _add(c, ABI_MEMBER_TYPE, true, "type", prefix, ma->name, ma->decl,
				   mb->decl);
	} else if (strcmp(ma->type, mb->type)) {
		if (_is_fptr(c->a, ma->type_id) || _is_fptr(c->b, mb->type_id))
			err = _add(c, ABI_FPTR_CHANGED, true, "prototype", prefix, ma->name,
				   ma->decl, mb->decl);
		else if (_same_underlying(c, ma->type_id, mb->type_id))
			err = _add(c, ABI_MEMBER_TYPE, false, "same-underlying-type", prefix,
				   ma->name, ma->type, mb->type);
		else if (_flattened(c, ma->type_id, mb->type_id))
			err = _add(c, ABI_MEMBER_TYPE, false, "flattened-array", prefix,
				   ma->name, ma->type, mb->type);
		else
			err = _add(c, ABI_MEMBER_TYPE, true, "type", prefix, ma->name, ma->type,
				   mb->type);
	}
	if (err)
		return err;
	if (ma->bitfield_size || mb->bitfield_size) {
		if (ma->bit_offset != mb->bit_offset || ma->bitfield_size != mb->bitfield_size) {
			_bits(oa, sizeof(oa), ma);
			_bits(ob, sizeof(ob), mb);
			err = _add(c, ABI_BITFIELD, true, "layout", prefix, ma->name, oa, ob);
		}
	} else if (ma->bit_offset != mb->bit_offset) {
		_offset(oa, sizeof(oa), ma->bit_offset);
		_offset(ob, sizeof(ob), mb->bit_offset);
		err = _add(c, ABI_MEMBER_OFFSET, true, "layout", prefix, ma->name, oa, ob);
	}
	if (err || !c->o->recurse || anon || strcmp(ma->type, mb->type))
		return err;
	ea = _embedded(c->a, ma->type_id, &array_a);
	eb = _embedded(c->b, mb->type_id, &array_b);
	if (!ea || !eb)
		return 0;
	if (asprintf(&path, "%s%s%s.", prefix, ma->name, array_a ? "[]" : "") < 0)
		return -ENOMEM;
	/* Embedded by value: its size is part of the parent's layout. */
	err = _cmp_type(c, ea, eb, path, true);
	free(path);
	return err;
}

/* Do old members all keep their offsets? Then additions may be compatible. */
static bool _old_layout_kept(const struct rendering *ra, const struct rendering *rb)
{
	size_t i;

	for (i = 0; i < ra->members_cnt; i++) {
		const struct member_row *ma = &ra->members[i], *mb;

		if (!*ma->name)
			continue;
		mb = rendering__member(rb, ma->name);
		if (mb && (mb->bit_offset != ma->bit_offset ||
			   mb->bitfield_size != ma->bitfield_size))
			return false;
	}
	return true;
}

/* Old row @ma and new row @mb: one member under a new name? */
static bool _renamed(const struct member_row *ma, const struct member_row *mb)
{
	return ma->bit_offset == mb->bit_offset && ma->bitfield_size == mb->bitfield_size &&
	       !strcmp(ma->type, mb->type) && ma->depth == mb->depth;
}

static int _cmp_members(struct cmp_ctx *c, const struct rendering *ra,
			const struct rendering *rb, const char *prefix, bool alloc)
{
	bool *used_b = calloc(rb->members_cnt + 1, sizeof(bool));
	bool *gone_a = calloc(ra->members_cnt + 1, sizeof(bool));
	bool kept = _old_layout_kept(ra, rb);
	__u64 old_bits = (__u64)ra->size * 8;
	size_t i, j;
	int err = 0;

	if (!used_b || !gone_a) {
		err = -ENOMEM;
		goto out;
	}
	for (i = 0; !err && i < ra->members_cnt; i++) {
		const struct member_row *ma = &ra->members[i];
		const struct member_row *mb = *ma->name ? rendering__member(rb, ma->name) : NULL;

		if (!*ma->name)
			continue;
		if (!mb) {
			gone_a[i] = true;
			continue;
		}
		used_b[mb - rb->members] = true;
		err = _cmp_member(c, ma, mb, prefix);
	}
	/* Unmatched old members: renamed where a new one took their place. */
	for (i = 0; !err && i < ra->members_cnt; i++) {
		const struct member_row *ma = &ra->members[i];
		char *placed;

		if (!gone_a[i])
			continue;
		for (j = 0; j < rb->members_cnt; j++) {
			const struct member_row *mb = &rb->members[j];

			if (!used_b[j] && *mb->name && !rendering__member(ra, mb->name) &&
			    _renamed(ma, mb))
				break;
		}
		if (j < rb->members_cnt) {
			used_b[j] = true;
			err = _add(c, ABI_MEMBER_RENAMED, true, "renamed", prefix, ma->name,
				   ma->name, rb->members[j].name);
			continue;
		}
		placed = _placed(ma);
		err = placed ? _add(c, ABI_MEMBER_REMOVED, true, "removed", prefix, ma->name,
				    placed, NULL) : -ENOMEM;
		free(placed);
	}
	for (j = 0; !err && j < rb->members_cnt; j++) {
		const struct member_row *mb = &rb->members[j];
		__u64 end = mb->bit_offset + (mb->bitfield_size ?: (__u64)mb->size * 8);
		const char *rule = "inserted";
		bool breaking = true;
		char *placed;

		if (used_b[j] || !*mb->name)
			continue;
		if (kept && end <= old_bits) {
			rule = "in-padding";
			breaking = false;
		} else if (kept && mb->bit_offset >= old_bits) {
			rule = alloc ? "allocated-size" : "append-at-end";
			breaking = alloc;
		}
		placed = _placed(mb);
		err = placed ? _add(c, ABI_MEMBER_ADDED, breaking, rule, prefix, mb->name, NULL,
				    placed) : -ENOMEM;
		free(placed);
	}
out:
	free(used_b);
	free(gone_a);
	return err;
}

static int _cmp_size(struct cmp_ctx *c, const struct rendering *ra, const struct rendering *rb,
		     const char *prefix, bool alloc, bool is_enum)
{
	char oa[24], ob[24];
	const char *rule;
	bool breaking = true;

	if (ra->size == rb->size)
		return 0;
	snprintf(oa, sizeof(oa), "%u", ra->size);
	snprintf(ob, sizeof(ob), "%u", rb->size);
	if (is_enum)
		rule = "layout";
	else if (rb->size < ra->size)
		rule = "shrunk";
	else if (alloc)
		rule = "allocated-size";
	else {
		rule = "grown-by-reference";
		breaking = false;
	}
	/* A change at a path is that member's size, under its parent. */
	return _add(c, ABI_SIZE_CHANGED, breaking, rule, prefix, *prefix ? "" : NULL, oa, ob);
}

static int _cmp_enum(struct cmp_ctx *c, const struct rendering *ra, const struct rendering *rb,
		     const char *prefix)
{
	char va[96], vb[96];
	size_t i;
	int err = _cmp_size(c, ra, rb, prefix, true, true);

	for (i = 0; !err && i < ra->members_cnt; i++) {
		const struct member_row *ma = &ra->members[i];
		const struct member_row *mb = rendering__member(rb, ma->name);

		snprintf(va, sizeof(va), ma->value_unsigned ? "%s = %llu" : "%s = %lld",
			 ma->name, ma->value);
		if (!mb) {
			err = _add(c, ABI_ENUM_REMOVED, true, "removed", prefix, ma->name, va, NULL);
			continue;
		}
		snprintf(vb, sizeof(vb), mb->value_unsigned ? "%s = %llu" : "%s = %lld",
			 mb->name, mb->value);
		if (ma->value != mb->value)
			err = _add(c, ABI_ENUM_CHANGED, true, "value", prefix, ma->name, va, vb);
	}
	for (i = 0; !err && i < rb->members_cnt; i++) {
		const struct member_row *mb = &rb->members[i];

		if (rendering__member(ra, mb->name))
			continue;
		snprintf(vb, sizeof(vb), mb->value_unsigned ? "%s = %llu" : "%s = %lld",
			 mb->name, mb->value);
		err = _add(c, ABI_ENUM_ADDED, false, "new-enumerator", prefix, mb->name, NULL, vb);
	}
	return err;
}

/* Parameter @i's name for a path, or "#i" when unnamed. */
static void _param_path(char *buf, size_t n, const struct member_row *m, size_t i)
{
	if (*m->name)
		snprintf(buf, n, "%s", m->name);
	else
		snprintf(buf, n, "#%zu", i + 1);
}

static int _cmp_func(struct cmp_ctx *c, __u32 ia, __u32 ib, const struct rendering *ra,
		     const struct rendering *rb, const char *prefix)
{
	const struct btf_type *pa = btf__type_by_id(c->a, btf__type_by_id(c->a, ia)->type);
	const struct btf_type *pb = btf__type_by_id(c->b, btf__type_by_id(c->b, ib)->type);
	char *reta = pa ? render__decl(c->a, pa->type, "") : NULL;
	char *retb = pb ? render__decl(c->b, pb->type, "") : NULL;
	size_t i, n = ra->members_cnt > rb->members_cnt ? ra->members_cnt : rb->members_cnt;
	char where[80];
	int err = 0;

	if (!reta || !retb)
		err = -ENOMEM;
	else if (strcmp(reta, retb))
		err = _add(c, ABI_FUNC_RETURN, true, "prototype", prefix, NULL, reta, retb);
	for (i = 0; !err && i < n; i++) {
		const struct member_row *ma = i < ra->members_cnt ? &ra->members[i] : NULL;
		const struct member_row *mb = i < rb->members_cnt ? &rb->members[i] : NULL;

		_param_path(where, sizeof(where), mb ?: ma, i);
		if (!mb)
			err = _add(c, ABI_PARAM_REMOVED, true, "prototype", prefix, where, ma->decl,
				   NULL);
		else if (!ma)
			err = _add(c, ABI_PARAM_ADDED, true, "prototype", prefix, where, NULL,
				   mb->decl);
		else if (strcmp(ma->type, mb->type))
			err = _add(c, ABI_PARAM_CHANGED, true, "prototype", prefix, where, ma->decl,
				   mb->decl);
	}
	free(reta);
	free(retb);
	return err;
}

static int _cmp_typedef(struct cmp_ctx *c, __u32 ia, __u32 ib, const struct rendering *ra,
			const struct rendering *rb, const char *prefix, bool alloc)
{
	__u32 ta = btf__type_by_id(c->a, ia)->type, tb = btf__type_by_id(c->b, ib)->type;
	char *sa, *sb;
	int err = 0;

	if (_is_anon(c->a, ta) && _is_anon(c->b, tb) && ra->members_cnt + rb->members_cnt) {
		/* typedef struct { ... } name: the body is the ABI. */
		err = _cmp_size(c, ra, rb, prefix, alloc, false);
		return err ?: _cmp_members(c, ra, rb, prefix, alloc);
	}
	sa = render__decl(c->a, ta, "");
	sb = render__decl(c->b, tb, "");
	if (!sa || !sb)
		err = -ENOMEM;
	else if (strcmp(sa, sb))
		err = _same_underlying(c, ta, tb)
			? _add(c, ABI_TYPEDEF_CHANGED, false, "same-underlying-type", prefix,
			       *prefix ? "" : NULL, sa, sb)
			: _add(c, ABI_TYPEDEF_CHANGED, true, "typedef-target", prefix,
			       *prefix ? "" : NULL, sa, sb);
	free(sa);
	free(sb);
	return err;
}

static int _cmp_type(struct cmp_ctx *c, __u32 ia, __u32 ib, const char *prefix, bool alloc)
{
	const struct btf_type *ta = btf__type_by_id(c->a, ia), *tb = btf__type_by_id(c->b, ib);
	struct rendering *ra = NULL, *rb = NULL;
	const char *name;
	int err, d;

	if (!ta || !tb || !render__kind_word(ta) || !render__kind_word(tb))
		return -EINVAL;
	if (strcmp(render__kind_word(ta), render__kind_word(tb)))
		return _add(c, ABI_KIND_CHANGED, true, "kind", prefix, *prefix ? "" : NULL,
			    render__kind_word(ta), render__kind_word(tb));
	/* An embedded type inside itself only happens in corrupt BTF. */
	name = btf__name_by_offset(c->a, ta->name_off) ?: "";
	for (d = 0; d < c->depth; d++)
		if (!strcmp(c->stack[d], name))
			return 0;
	if (c->depth >= RECURSE_MAX_DEPTH)
		return -ELOOP;
	c->stack[c->depth++] = name;
	err = render__type(c->a, ia, &ra) ?: render__type(c->b, ib, &rb);
	if (err)
		goto out;
	switch (btf_kind(ta)) {
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		err = _cmp_size(c, ra, rb, prefix, alloc, false) ?:
		      _cmp_members(c, ra, rb, prefix, alloc);
		break;
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		err = _cmp_enum(c, ra, rb, prefix);
		break;
	case BTF_KIND_TYPEDEF:
		err = _cmp_typedef(c, ia, ib, ra, rb, prefix, alloc);
		break;
	default:
		err = _cmp_func(c, ia, ib, ra, rb, prefix);
		break;
	}
out:
	c->depth--;
	rendering__free(ra);
	rendering__free(rb);
	return err;
}

int abi__compare(const struct btf *a, __u32 ida, const struct btf *b, __u32 idb,
		 const struct abi_opts *o, struct abi_changes *out)
{
	struct cmp_ctx c = { .a = a, .b = b, .o = o, .out = out };
	char *name = abi__spell(a, ida);
	int err;

	if (!name)
		return -EINVAL;
	c.type = name;
	err = _cmp_type(&c, ida, idb, "", o->alloc);
	free(name);
	return err;
}
