// SPDX-License-Identifier: GPL-2.0
/*
 * Copy a few types and their closure out of a kernel's BTF into a small
 * standalone BTF, for baselines. Ids are planned first (depth first, in the
 * order met), then each type is added with btf__add_type() and its
 * references rewritten to the planned ids; libbpf accepts references to
 * ids not added yet, so cycles through pointers need nothing special.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/btf.h>

#include "copy.h"

/* Deeper than any real type graph along by-value edges. */
#define COPY_MAX_DEPTH 256

struct source {
	const struct btf *btf;	/* a BTF types are copied from */
	__u32 *full;		/* source id -> new id by value, 0 if not planned */
	__u32 *ptr;		/* the same behind a pointer, for kinds where that differs */
};

struct planned {
	struct source *src;
	__u32 id;		/* source id */
	bool by_ptr;		/* reached behind a pointer */
	bool fwd;		/* write a forward declaration */
};

struct copier {
	struct source **srcs;	/* vmlinux, modules, DWARF encodings: as many as refs name */
	size_t srcs_cnt, srcs_cap;
	struct planned *plan;	/* index i is new id i + 1 */
	size_t plan_cnt, plan_cap;
};

/* The source owning @id: a module's base types belong to the base. */
static struct source *_source(struct copier *c, const struct btf *btf, __u32 id)
{
	const struct btf *base = btf__base_btf(btf);
	struct source *s, **p;
	size_t i;

	while (base && id < btf__type_cnt(base)) {
		btf = base;
		base = btf__base_btf(btf);
	}
	for (i = 0; i < c->srcs_cnt; i++)
		if (c->srcs[i]->btf == btf)
			return c->srcs[i];
	if (c->srcs_cnt == c->srcs_cap) {
		size_t cap = c->srcs_cap ? c->srcs_cap * 2 : 8;

		p = realloc(c->srcs, cap * sizeof(*p));
		if (!p)
			return NULL;
		c->srcs = p;
		c->srcs_cap = cap;
	}
	s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	s->btf = btf;
	s->full = calloc(btf__type_cnt(btf), sizeof(*s->full));
	s->ptr = calloc(btf__type_cnt(btf), sizeof(*s->ptr));
	if (!s->full || !s->ptr) {
		free(s->full);
		free(s->ptr);
		free(s);
		return NULL;
	}
	c->srcs[c->srcs_cnt++] = s;
	return s;
}

static int _plan(struct copier *c, const struct btf *btf, __u32 id, bool by_ptr, int depth,
		 __u32 *out);

/*
 * Does a copy of @t depend on being behind a pointer? Named structs and
 * unions become forward declarations there, and so what qualifiers,
 * typedefs and arrays lead to changes too.
 */
static bool _ctx_dependent(const struct btf_type *t)
{
	switch (btf_kind(t)) {
	case BTF_KIND_CONST:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_TYPE_TAG:
	case BTF_KIND_ARRAY:
		return true;
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		return t->name_off;
	default:
		return false;
	}
}

/* The slot of @id in context @by_ptr. */
static __u32 *_slot(struct source *s, const struct btf_type *t, __u32 id, bool by_ptr)
{
	return by_ptr && _ctx_dependent(t) ? &s->ptr[id] : &s->full[id];
}

static __u32 _push(struct copier *c, struct source *s, __u32 id, bool by_ptr, bool fwd)
{
	if (c->plan_cnt == c->plan_cap) {
		size_t cap = c->plan_cap ? c->plan_cap * 2 : 64;
		struct planned *p = realloc(c->plan, cap * sizeof(*p));

		if (!p)
			return 0;
		c->plan = p;
		c->plan_cap = cap;
	}
	c->plan[c->plan_cnt] = (struct planned){ s, id, by_ptr, fwd };
	return ++c->plan_cnt;
}

/* Plan what type @id refers to. */
static int _plan_refs(struct copier *c, const struct btf *btf, const struct btf_type *t,
		      bool by_ptr, int depth)
{
	__u32 dummy;
	__u16 i;
	int err = 0;

	switch (btf_kind(t)) {
	case BTF_KIND_PTR:
		return _plan(c, btf, t->type, true, depth + 1, &dummy);
	case BTF_KIND_CONST:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_TYPE_TAG:
		return _plan(c, btf, t->type, by_ptr, depth + 1, &dummy);
	case BTF_KIND_ARRAY:
		return _plan(c, btf, btf_array(t)->type, by_ptr, depth + 1, &dummy) ?:
		       _plan(c, btf, btf_array(t)->index_type, false, depth + 1, &dummy);
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		for (i = 0; !err && i < btf_vlen(t); i++)
			err = _plan(c, btf, btf_members(t)[i].type, false, depth + 1, &dummy);
		return err;
	case BTF_KIND_FUNC_PROTO:
		err = _plan(c, btf, t->type, false, depth + 1, &dummy);
		for (i = 0; !err && i < btf_vlen(t); i++)
			err = _plan(c, btf, btf_params(t)[i].type, false, depth + 1, &dummy);
		return err;
	case BTF_KIND_FUNC:
		return _plan(c, btf, t->type, false, depth + 1, &dummy);
	default:
		return 0;
	}
}

static int _plan(struct copier *c, const struct btf *btf, __u32 id, bool by_ptr, int depth,
		 __u32 *out)
{
	const struct btf_type *t;
	struct source *s;
	__u32 *slot;
	bool fwd;

	*out = 0;
	if (!id)
		return 0;
	if (depth > COPY_MAX_DEPTH)
		return -ELOOP;
	t = btf__type_by_id(btf, id);
	s = t ? _source(c, btf, id) : NULL;
	if (!t)
		return -EINVAL;
	if (!s)
		return -ENOMEM;
	by_ptr = by_ptr && _ctx_dependent(t);
	fwd = by_ptr && btf_is_composite(t);
	slot = _slot(s, t, id, by_ptr);
	if (*slot) {
		*out = *slot;
		return 0;
	}
	*out = _push(c, s, id, by_ptr, fwd);
	if (!*out)
		return -ENOMEM;
	*slot = *out;
	return fwd ? 0 : _plan_refs(c, s->btf, t, by_ptr, depth);
}

/* The new id of what @id (of @s) refers to in @by_ptr context. */
static __u32 _new_id(struct copier *c, struct source *s, __u32 id, bool by_ptr)
{
	const struct btf_type *t = btf__type_by_id(s->btf, id);
	struct source *o;

	if (!id || !t)
		return 0;
	o = _source(c, s->btf, id);
	return o ? *_slot(o, t, id, by_ptr) : 0;
}

/* Rewrite the references of copied type @t, planned from source @s. */
static void _remap(struct copier *c, struct source *s, struct btf_type *t, bool by_ptr)
{
	__u16 i;

	switch (btf_kind(t)) {
	case BTF_KIND_PTR:
		t->type = _new_id(c, s, t->type, true);
		break;
	case BTF_KIND_CONST:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_TYPE_TAG:
		t->type = _new_id(c, s, t->type, by_ptr);
		break;
	case BTF_KIND_ARRAY:
		btf_array(t)->type = _new_id(c, s, btf_array(t)->type, by_ptr);
		btf_array(t)->index_type = _new_id(c, s, btf_array(t)->index_type, false);
		break;
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		for (i = 0; i < btf_vlen(t); i++)
			btf_members(t)[i].type = _new_id(c, s, btf_members(t)[i].type, false);
		break;
	case BTF_KIND_FUNC_PROTO:
		t->type = _new_id(c, s, t->type, false);
		for (i = 0; i < btf_vlen(t); i++)
			btf_params(t)[i].type = _new_id(c, s, btf_params(t)[i].type, false);
		break;
	case BTF_KIND_FUNC:
		t->type = _new_id(c, s, t->type, false);
		break;
	default:
		break;
	}
}

static int _emit(struct copier *c, struct btf *dst)
{
	size_t i;
	int id;

	for (i = 0; i < c->plan_cnt; i++) {
		const struct planned *p = &c->plan[i];
		const struct btf_type *t = btf__type_by_id(p->src->btf, p->id);

		if (p->fwd)
			id = btf__add_fwd(dst, btf__name_by_offset(p->src->btf, t->name_off),
					  btf_is_union(t) ? BTF_FWD_UNION : BTF_FWD_STRUCT);
		else
			id = btf__add_type(dst, p->src->btf, t);
		if (id < 0)
			return id;
		if ((size_t)id != i + 1)
			return -EINVAL;
		if (!p->fwd)
			_remap(c, p->src, (struct btf_type *)btf__type_by_id(dst, id), p->by_ptr);
	}
	return 0;
}

int btf_copy__closure(const struct btf_ref *refs, size_t n, struct btf **out, __u32 *ids)
{
	struct copier c = { 0 };
	struct btf *dst = NULL;
	size_t i, ptr_sz = 0;
	__u32 id;
	int err = 0;

	*out = NULL;
	for (i = 0; !err && i < n; i++) {
		err = _plan(&c, refs[i].btf, refs[i].id, false, 0, &id);
		if (ids)
			ids[i] = id;
		ptr_sz = ptr_sz ?: btf__pointer_size(refs[i].btf);
	}
	if (!err) {
		dst = btf__new_empty();
		err = dst ? _emit(&c, dst) : -ENOMEM;
	}
	/*
	 * libbpf guesses a BTF's pointer size from its "long" types, which the
	 * copy may lack: an ILP32 kernel's would pass for the host's.
	 */
	if (!err && ptr_sz)
		err = btf__set_pointer_size(dst, ptr_sz);
	for (i = 0; i < c.srcs_cnt; i++) {
		free(c.srcs[i]->full);
		free(c.srcs[i]->ptr);
		free(c.srcs[i]);
	}
	free(c.srcs);
	free(c.plan);
	if (err) {
		btf__free(dst);
		return err;
	}
	*out = dst;
	return 0;
}
