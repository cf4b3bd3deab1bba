// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel-level comparisons: named types looked up on both sides, or every
 * named type of two kernels matched by kind and name.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/btf.h>

#include "../scanner/errmsg.h"
#include "../scanner/exports.h"
#include "kdiff.h"
#include "kernel.h"
#include "lookup.h"

int abi_result__verdict(struct abi_result *r, const char *type, size_t first, const char *note)
{
	struct abi_verdict *v = realloc(r->types, (r->types_cnt + 1) * sizeof(*v));

	if (!v)
		return -ENOMEM;
	r->types = v;
	v = &r->types[r->types_cnt];
	v->type = strdup(type);
	v->first = first;
	v->cnt = r->changes.cnt - first;
	v->note = note ? strdup(note) : NULL;
	v->module = NULL;
	v->indirect = false;
	v->rank = 0;
	v->reached = NULL;
	v->export = false;
	if (!v->type || (note && !v->note)) {
		free(v->type);
		free(v->note);
		return -ENOMEM;
	}
	r->types_cnt++;
	r->unchanged += !v->cnt && !note;
	return 0;
}

/* Say where the last verdict's type lives: "vmlinux" or @module. */
static int _where(struct abi_result *r, const char *module)
{
	struct abi_verdict *v = &r->types[r->types_cnt - 1];

	v->module = strdup(module ?: "vmlinux");
	return v->module ? 0 : -ENOMEM;
}

/* A function's export changes, where both kernels' exports are known. */
static int _export(struct abi_result *r, const struct cell *a, const struct cell *b,
		   const char *spelled)
{
	if (!a->export_known || !b->export_known)
		return 0;
	return abi__compare_export(a->export, b->export, r->gpl_module, spelled, &r->changes);
}

/* Compare one pair of present types, recording the verdict. */
static int _pair(struct abi_result *r, const struct cell *a, const struct cell *b,
		 const struct abi_opts *o, const char *spelled)
{
	size_t first = r->changes.cnt;
	int err = abi__compare(a->btf, a->id, b->btf, b->id, o, &r->changes);

	err = err ?: _export(r, a, b, spelled);
	return err ?: abi_result__verdict(r, spelled, first, NULL);
}

int kdiff__cells(const struct cell *ca, const struct cell *cb, const struct type_query *qs,
		 const bool *alloc, size_t n, bool recurse, struct abi_result *r)
{
	size_t i, first;
	int err = 0;

	for (i = 0; !err && i < n; i++) {
		struct abi_opts o = { .recurse = recurse, .alloc = alloc && alloc[i] };
		const struct cell *a = &ca[i], *b = &cb[i];
		const struct cell *p = a->state == CELL_PRESENT ? a : b;
		char *spelled = p->state == CELL_PRESENT ? abi__spell(p->btf, p->id)
							  : strdup(qs[i].spelled);
		char note[256];

		if (!spelled)
			return -ENOMEM;
		first = r->changes.cnt;
		if (a->state == CELL_PRESENT && b->state == CELL_PRESENT) {
			err = _pair(r, a, b, &o, spelled) ?:
			      _where(r, b->module);
		} else if (a->state == CELL_NODATA || b->state == CELL_NODATA) {
			const struct cell *nd = a->state == CELL_NODATA ? a : b;

			snprintf(note, sizeof(note), "no type data in %s: %s",
				 nd == a ? r->old_name : r->new_name, nd->reason);
			err = abi_result__verdict(r, spelled, first, note);
		} else if (a->state == CELL_PRESENT || b->state == CELL_PRESENT) {
			err = abi__type_change(p->btf, p->id, p == b, &r->changes) ?:
			      _export(r, a, b, spelled) ?: abi_result__verdict(r, spelled, first, NULL) ?: _where(r, p->module);
		} else {
			err = abi_result__verdict(r, spelled, first, "in neither kernel");
		}
		free(spelled);
	}
	return err;
}

int kdiff__exports(char *const *syms, size_t n, const struct exports *a, const struct exports *b,
		   struct abi_result *r)
{
	size_t i, first;
	int err = 0;

	for (i = 0; !err && i < n; i++) {
		const struct export *ea = a ? exports__find(a, syms[i]) : NULL;
		const struct export *eb = b ? exports__find(b, syms[i]) : NULL;
		char *type = NULL, note[256];

		if (asprintf(&type, "sym %s", syms[i]) < 0)
			return -ENOMEM;
		first = r->changes.cnt;
		if (!a || !b) {
			snprintf(note, sizeof(note), "the exports of %s are unknown (no Module.symvers, "
				 "image or module files)", a ? r->new_name : r->old_name);
			err = abi_result__verdict(r, type, first, note);
		} else {
			err = abi__compare_export(ea, eb, r->gpl_module, type, &r->changes) ?:
			      abi_result__verdict(r, type, first, NULL) ?:
			      _where(r, eb ? eb->owner : ea ? ea->owner : NULL);
		}
		if (!err)
			r->types[r->types_cnt - 1].export = true;
		free(type);
	}
	return err;
}

/* Past the exports named as @ex->syms[@i] (a name exported twice is one). */
static size_t _name_end(const struct exports *ex, size_t i)
{
	size_t j = i + 1;

	while (j < ex->cnt && !strcmp(ex->syms[j].name, ex->syms[i].name))
		j++;
	return j;
}

/* One export that changed, or r->exports_unchanged counted. */
static int _kernel_export(const struct export *ea, const struct export *eb,
			  struct abi_result *r)
{
	size_t first = r->changes.cnt;
	char *type = NULL;
	int err;

	if (asprintf(&type, "sym %s", (eb ?: ea)->name) < 0)
		return -ENOMEM;
	err = abi__compare_export(ea, eb, r->gpl_module, type, &r->changes);
	if (!err && r->changes.cnt == first)
		r->exports_unchanged++;
	else if (!err)
		err = abi_result__verdict(r, type, first, NULL) ?: _where(r, (eb ?: ea)->owner);
	if (!err && r->changes.cnt > first)
		r->types[r->types_cnt - 1].export = true;
	free(type);
	return err;
}

int kdiff__kernel_exports(const struct exports *a, const struct exports *b,
			  struct abi_result *r)
{
	size_t i = 0, j = 0;
	int err = 0, d;

	/* Files without an export table at all (objects, raw BTF) have none to compare. */
	if ((!a || !a->cnt) && (!b || !b->cnt))
		return 0;
	/* One kernel without a single export: its table was not found, not empty. */
	a = a && a->cnt ? a : NULL;
	b = b && b->cnt ? b : NULL;
	r->kernel_exports = true;
	if (!a || !b) {
		if (asprintf(&r->exports_note, "exports not compared: the exports of %s%s%s are "
			     "unknown (no Module.symvers, image or module files)",
			     a ? "" : r->old_name, !a && !b ? " and " : "",
			     b ? "" : r->new_name) < 0) {
			r->exports_note = NULL;
			return -ENOMEM;
		}
		return 0;
	}
	while (!err && (i < a->cnt || j < b->cnt)) {
		d = i >= a->cnt ? 1 : j >= b->cnt ? -1 : strcmp(a->syms[i].name, b->syms[j].name);
		err = _kernel_export(d <= 0 ? &a->syms[i] : NULL, d >= 0 ? &b->syms[j] : NULL, r);
		if (d <= 0)
			i = _name_end(a, i);
		if (d >= 0)
			j = _name_end(b, j);
	}
	return err;
}

/* --- whole kernels --- */

/* One named type of a kernel. */
struct entry {
	const char *name;	/* borrowed from its BTF */
	const struct btf *btf;
	__u32 id;
	int cls;		/* struct or union, enum, typedef, func: 0..3 */
	const char *module;	/* NULL for vmlinux, else its module's name (borrowed) */
	size_t order;		/* position found: vmlinux first, then modules */
};

struct index {
	struct entry *ptr;
	size_t cnt, cap;
};

/*
 * Names are matched within a class. Structs and unions share one, as they
 * share C's tag namespace, so that one becoming the other is kind-changed.
 */
static int _class(const struct btf_type *t)
{
	switch (btf_kind(t)) {
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION: return 0;
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64: return 1;
	case BTF_KIND_TYPEDEF: return 2;
	case BTF_KIND_FUNC: return 3;
	default: return -1;
	}
}

static int _collect(struct index *x, const struct btf *btf, __u32 from, const char *module)
{
	__u32 id, n = btf__type_cnt(btf);

	for (id = from; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);
		int cls = _class(t);
		const char *name;

		if (cls < 0 || !t->name_off)
			continue;
		name = btf__name_by_offset(btf, t->name_off);
		if (!name || !*name)
			continue;
		if (x->cnt == x->cap) {
			size_t cap = x->cap ? x->cap * 2 : 65536;
			struct entry *p = realloc(x->ptr, cap * sizeof(*p));

			if (!p)
				return -ENOMEM;
			x->ptr = p;
			x->cap = cap;
		}
		x->ptr[x->cnt] = (struct entry){ name, btf, id, cls, module, x->cnt };
		x->cnt++;
	}
	return 0;
}

/* Class and name: what matches a type across kernels. */
static int _key_cmp(const struct entry *a, const struct entry *b)
{
	return a->cls != b->cls ? a->cls - b->cls : strcmp(a->name, b->name);
}

/* Key, then the order found, so that a kernel's first layout of a name leads. */
static int _entry_cmp(const void *pa, const void *pb)
{
	const struct entry *a = pa, *b = pb;
	int d = _key_cmp(a, b);

	if (d)
		return d;
	return a->order < b->order ? -1 : a->order > b->order;
}

static int _index(struct kernel *k, struct index *x)
{
	size_t i;
	int err;

	if (!k->base)
		return errmsg__set(-ENOTSUP, "cannot compare all types of '%s': it has no vmlinux "
				   "BTF (name the types with -t)", k->origin);
	err = _collect(x, k->base, 1, NULL) ?: kernel__read_modules(k);
	for (i = 0; !err && i < k->mods_cnt; i++) {
		struct btf *mb;

		err = kernel__module_btf(k, &k->mods[i], &mb);
		if (!err && mb)
			err = _collect(x, mb, btf__type_cnt(k->base), k->mods[i].name);
	}
	if (!err)
		qsort(x->ptr, x->cnt, sizeof(*x->ptr), _entry_cmp);
	return err;
}

/* Entries from @i with the same class and name: the group's end. */
static size_t _group_end(const struct index *x, size_t i)
{
	size_t j = i + 1;

	while (j < x->cnt && !_key_cmp(&x->ptr[j], &x->ptr[i]))
		j++;
	return j;
}

/* Does any old layout of the name equal any new one? */
static bool _same_digest(const struct index *xa, size_t a0, size_t a1, const struct index *xb,
			 size_t b0, size_t b1)
{
	size_t i, j;

	for (i = a0; i < a1; i++) {
		__u64 d = abi__digest(xa->ptr[i].btf, xa->ptr[i].id);

		for (j = b0; j < b1; j++)
			if (d == abi__digest(xb->ptr[j].btf, xb->ptr[j].id))
				return true;
	}
	return false;
}

int kdiff__kernels(struct kernel *a, struct kernel *b, struct abi_result *r)
{
	struct abi_opts o = { 0 };
	struct index xa = { 0 }, xb = { 0 };
	size_t i = 0, j = 0, ie, je, first;
	int err = _index(a, &xa) ?: _index(b, &xb);

	while (!err && (i < xa.cnt || j < xb.cnt)) {
		int d = i >= xa.cnt ? 1 : j >= xb.cnt ? -1 : _key_cmp(&xa.ptr[i], &xb.ptr[j]);
		const struct entry *e = d <= 0 ? &xa.ptr[i] : &xb.ptr[j];
		char *spelled = abi__spell(e->btf, e->id);

		if (!spelled) {
			err = -ENOMEM;
			break;
		}
		first = r->changes.cnt;
		if (d == 0) {
			ie = _group_end(&xa, i);
			je = _group_end(&xb, j);
			if (!_same_digest(&xa, i, ie, &xb, j, je))
				err = abi__compare(xa.ptr[i].btf, xa.ptr[i].id, xb.ptr[j].btf,
						   xb.ptr[j].id, &o, &r->changes);
			/* Only changed types are listed; digests may differ in nothing reported. */
			if (!err && r->changes.cnt > first)
				err = abi_result__verdict(r, spelled, first, NULL) ?:
				      _where(r, xb.ptr[j].module);
			else if (!err)
				r->unchanged++;
			i = ie;
			j = je;
		} else {
			err = abi__type_change(e->btf, e->id, d > 0, &r->changes) ?:
			      abi_result__verdict(r, spelled, first, NULL) ?: _where(r, e->module);
			if (d < 0)
				i = _group_end(&xa, i);
			else
				j = _group_end(&xb, j);
		}
		free(spelled);
	}
	free(xa.ptr);
	free(xb.ptr);
	return err;
}

void abi_result__count(const struct abi_result *r, size_t *breaking, size_t *compatible,
		       size_t *suppressed)
{
	size_t i;

	*breaking = *compatible = *suppressed = 0;
	for (i = 0; i < r->changes.cnt; i++) {
		const struct abi_change *c = &r->changes.ptr[i];

		if (c->suppressed)
			(*suppressed)++;
		else if (c->breaking)
			(*breaking)++;
		else
			(*compatible)++;
	}
}

size_t abi_result__breaking(const struct abi_result *r, bool indirect)
{
	size_t i, k, n = 0;

	for (i = 0; i < r->types_cnt; i++)
		for (k = r->types[i].first; r->types[i].indirect == indirect &&
		     k < r->types[i].first + r->types[i].cnt; k++)
			n += r->changes.ptr[k].breaking && !r->changes.ptr[k].suppressed;
	return n;
}

void abi_result_release(struct abi_result *r)
{
	size_t i;

	for (i = 0; i < r->types_cnt; i++) {
		free(r->types[i].type);
		free(r->types[i].note);
		free(r->types[i].module);
		free(r->types[i].reached);
	}
	free(r->types);
	free(r->old_name);
	free(r->new_name);
	free(r->exports_note);
	abi_changes_release(&r->changes);
	memset(r, 0, sizeof(*r));
}
