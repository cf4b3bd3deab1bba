// SPDX-License-Identifier: GPL-2.0
/*
 * Leaf changes for a gate, as libabigail's leaf-changes mode: each changed
 * type is reported once, at its own name, and not again under every path
 * that embeds it. For a baseline of
 *
 *   struct pci_dev          { ... struct device dev; ... };
 *   struct vfio_device alloc { struct device device; const struct vfio_device_ops *ops; ... };
 *   struct kvm              { ... struct kvm_arch arch; ... };
 *
 * the members of struct device are compared once, as "struct device",
 * reached as pci_dev.dev and vfio_device.device, and pci_dev and
 * vfio_device show only what changed in their own members (offsets that
 * moved because device grew, say). struct kvm_arch, embedded in a type
 * the driver reaches only by pointer, is indirect: the driver sees it only
 * by dereferencing kvm. struct device is direct, as the driver holds a
 * vfio_device by value (and names struct device itself).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/btf.h>

#include "compare.h"
#include "kdiff.h"
#include "lookup.h"
#include "render.h"

/* Paths kept per type; more are counted. */
#define LEAF_PATHS 3

/* One type compared at its own name. */
struct leaf {
	char *spelled;		/* "struct device" */
	char *label;		/* how paths through it start: "pci_dev", "pci_dev.dev" */
	const struct btf *a, *b;	/* the old and the new type data */
	__u32 ia, ib;		/* the type in @a and @b */
	size_t verdict;		/* its verdict in the result; SIZE_MAX before compared */
	bool spec;		/* asked for, not only embedded */
	bool by_value;		/* reached by value from an "alloc" type asked for */
	bool ops;		/* a callback table: most named members are function pointers */
	char *paths[LEAF_PATHS];	/* where it is embedded: "pci_dev.dev" */
	size_t paths_cnt;	/* all such paths, also those not kept */
};

/* @child is embedded in @parent. */
struct edge {
	size_t parent, child;	/* indexes of leaves */
};

struct leaves {
	struct leaf *ptr;	/* the types, asked for first, then as found */
	size_t cnt, cap;	/* used and allocated entries */
	struct edge *edges;	/* what embeds what */
	size_t edges_cnt, edges_cap;	/* used and allocated entries */
};

static int _ensure(void **p, size_t *cap, size_t cnt, size_t size)
{
	void *n;

	if (cnt < *cap)
		return 0;
	n = realloc(*p, (*cap ? *cap * 2 : 16) * size);
	if (!n)
		return -ENOMEM;
	*p = n;
	*cap = *cap ? *cap * 2 : 16;
	return 0;
}

static size_t _find(const struct leaves *ls, const char *spelled)
{
	size_t i;

	for (i = 0; i < ls->cnt; i++)
		if (!strcmp(ls->ptr[i].spelled, spelled))
			return i;
	return SIZE_MAX;
}

/* Append a leaf; takes @spelled and @label. Returns its index or SIZE_MAX. */
static size_t _add(struct leaves *ls, char *spelled, char *label, const struct btf *a,
		   __u32 ia, const struct btf *b, __u32 ib)
{
	struct leaf *l;

	if (!spelled || !label || _ensure((void **)&ls->ptr, &ls->cap, ls->cnt, sizeof(*l))) {
		free(spelled);
		free(label);
		return SIZE_MAX;
	}
	l = &ls->ptr[ls->cnt];
	*l = (struct leaf){ .spelled = spelled, .label = label, .a = a, .ia = ia, .b = b,
			    .ib = ib, .verdict = SIZE_MAX };
	return ls->cnt++;
}

/* @child is embedded in @parent at @path (taken). */
static int _embed(struct leaves *ls, size_t parent, size_t child, char *path)
{
	struct leaf *c = &ls->ptr[child];

	if (!path)
		return -ENOMEM;
	if (c->paths_cnt < LEAF_PATHS)
		c->paths[c->paths_cnt] = path;
	else
		free(path);
	c->paths_cnt++;
	if (_ensure((void **)&ls->edges, &ls->edges_cap, ls->edges_cnt, sizeof(*ls->edges)))
		return -ENOMEM;
	ls->edges[ls->edges_cnt++] = (struct edge){ parent, child };
	return 0;
}

/* Are most of @r's named members function pointers (in @btf)? */
static bool _ops(const struct btf *btf, const struct rendering *r)
{
	size_t i, named = 0, fptrs = 0;

	for (i = 0; i < r->members_cnt; i++) {
		if (!*r->members[i].name)
			continue;
		named++;
		fptrs += abi__is_fptr(btf, r->members[i].type_id);
	}
	return named && fptrs * 2 > named;
}

/*
 * The named structs and unions leaf @i embeds, in both kernels, under a
 * member of the same name and type (a member whose type changed is its
 * parent's change, not a path into the new type).
 */
static int _walk(struct leaves *ls, size_t i)
{
	const struct btf_type *t = btf__type_by_id(ls->ptr[i].a, ls->ptr[i].ia);
	struct rendering *ra = NULL, *rb = NULL;
	size_t k, c;
	int err;

	if (!t || !btf_is_composite(t))
		return 0;
	err = render__type(ls->ptr[i].a, ls->ptr[i].ia, &ra) ?:
	      render__type(ls->ptr[i].b, ls->ptr[i].ib, &rb);
	ls->ptr[i].ops = !err && _ops(ls->ptr[i].a, ra);
	for (k = 0; !err && k < ra->members_cnt; k++) {
		const struct member_row *ma = &ra->members[k], *mb;
		bool arr_a, arr_b;
		__u32 ea, eb;
		char *path, *spelled;

		mb = *ma->name ? rendering__member(rb, ma->name) : NULL;
		if (!mb || strcmp(ma->type, mb->type))
			continue;
		ea = abi__embedded(ls->ptr[i].a, ma->type_id, &arr_a);
		eb = abi__embedded(ls->ptr[i].b, mb->type_id, &arr_b);
		if (!ea || !eb)
			continue;
		if (asprintf(&path, "%s.%s%s", ls->ptr[i].label, ma->name, arr_a ? "[]" : "") < 0)
			return -ENOMEM;
		spelled = abi__spell(ls->ptr[i].a, ea);
		c = spelled ? _find(ls, spelled) : SIZE_MAX;
		if (spelled && c == SIZE_MAX)
			c = _add(ls, spelled, strdup(path), ls->ptr[i].a, ea, ls->ptr[i].b, eb);
		else
			free(spelled);
		err = c == SIZE_MAX ? -ENOMEM : _embed(ls, i, c, path);
		if (c == SIZE_MAX)
			free(path);
	}
	rendering__free(ra);
	rendering__free(rb);
	return err;
}

/* Held by value from an "alloc" type: so is everything it embeds. */
static void _by_value(struct leaves *ls)
{
	bool changed = true;
	size_t e;

	while (changed) {
		changed = false;
		for (e = 0; e < ls->edges_cnt; e++) {
			struct leaf *c = &ls->ptr[ls->edges[e].child];

			if (ls->ptr[ls->edges[e].parent].by_value && !c->by_value)
				changed = c->by_value = true;
		}
	}
}

/* "pci_dev.dev, vfio_device.device and 3 more", or NULL without paths. */
static int _reached(const struct leaf *l, char **out)
{
	size_t i, n = l->paths_cnt < LEAF_PATHS ? l->paths_cnt : LEAF_PATHS;
	char *s = NULL, *t;

	*out = NULL;
	for (i = 0; i < n; i++) {
		if (asprintf(&t, "%s%s%s", s ?: "", i ? ", " : "", l->paths[i]) < 0)
			t = NULL;
		free(s);
		if (!(s = t))
			return -ENOMEM;
	}
	if (s && l->paths_cnt > n) {
		if (asprintf(&t, "%s and %zu more", s, l->paths_cnt - n) < 0)
			t = NULL;
		free(s);
		if (!(s = t))
			return -ENOMEM;
	}
	*out = s;
	return 0;
}

/* Verdicts by rank, each rank in its order. */
static int _order(struct abi_result *r, size_t from)
{
	size_t n = r->types_cnt - from, i, k = 0;
	struct abi_verdict *v = malloc((n ?: 1) * sizeof(*v));
	int rank;

	if (!v)
		return -ENOMEM;
	for (rank = 0; rank <= 4; rank++)
		for (i = from; i < r->types_cnt; i++)
			if (r->types[i].rank == rank)
				v[k++] = r->types[i];
	memcpy(r->types + from, v, n * sizeof(*v));
	free(v);
	return 0;
}

/* Compare the embedded leaves, and mark where every leaf is reached from. */
static int _verdicts(struct leaves *ls, struct abi_result *r)
{
	struct abi_opts o = { .recurse = false, .alloc = true };
	size_t i, first;
	int err = 0;

	for (i = 0; !err && i < ls->cnt; i++) {
		struct leaf *l = &ls->ptr[i];

		if (!l->spec) {
			/* Embedded: its size is part of its parent's layout. */
			first = r->changes.cnt;
			err = abi__compare(l->a, l->ia, l->b, l->ib, &o, &r->changes);
			/* Unchanged, it is no news: only the types asked for are counted. */
			if (err || r->changes.cnt == first)
				continue;
			err = abi_result__verdict(r, l->spelled, first, NULL);
			l->verdict = r->types_cnt - 1;
		}
		if (!err) {
			struct abi_verdict *v = &r->types[l->verdict];

			v->indirect = !l->spec && !l->by_value;
			v->rank = l->ops ? 0 : l->spec && v->rank == 1 ? 1 : v->indirect ? 4 :
				  l->by_value ? 2 : 3;
			err = _reached(l, &v->reached);
		}
	}
	return err;
}

static void _release(struct leaves *ls)
{
	size_t i, k;

	for (i = 0; i < ls->cnt; i++) {
		free(ls->ptr[i].spelled);
		free(ls->ptr[i].label);
		for (k = 0; k < ls->ptr[i].paths_cnt && k < LEAF_PATHS; k++)
			free(ls->ptr[i].paths[k]);
	}
	free(ls->ptr);
	free(ls->edges);
}

int kdiff__leaves(const struct cell *ca, const struct cell *cb, const struct type_query *qs,
		  const bool *alloc, size_t n, struct abi_result *r)
{
	struct leaves ls = { 0 };
	size_t from = r->types_cnt, i, l;
	int err;

	/* The types asked for, each compared without opening embedded types. */
	err = kdiff__cells(ca, cb, qs, alloc, n, false, r);
	for (i = 0; !err && i < n; i++)
		r->types[from + i].rank = qs[i].kind == BTF_KIND_FUNC ? 1 : alloc && alloc[i] ? 2 : 3;
	for (i = 0; !err && i < n; i++) {
		if (ca[i].state != CELL_PRESENT || cb[i].state != CELL_PRESENT)
			continue;
		l = _add(&ls, abi__spell(ca[i].btf, ca[i].id), strdup(qs[i].name), ca[i].btf,
			 ca[i].id, cb[i].btf, cb[i].id);
		if (l == SIZE_MAX) {
			err = -ENOMEM;
			break;
		}
		ls.ptr[l].spec = true;
		ls.ptr[l].by_value = alloc && alloc[i];
		ls.ptr[l].verdict = from + i;
	}
	/* Then what they embed, breadth first: the list grows as it is walked. */
	for (i = 0; !err && i < ls.cnt; i++)
		err = _walk(&ls, i);
	if (!err)
		_by_value(&ls);
	err = err ?: _verdicts(&ls, r);
	err = err ?: _order(r, from);
	_release(&ls);
	return err;
}
