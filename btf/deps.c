// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/btf.h>

#include "compare.h"
#include "deps.h"

/* Deeper than any real type graph. */
#define DEPS_MAX_DEPTH 256

enum { SEEN_PTR = 1, SEEN_VALUE = 2, USED = 4, USED_ALLOC = 8 };

struct walk {
	const struct btf *btf;
	__u32 base_cnt;		/* ids below are kernel (base) types */
	unsigned char *state;	/* per id: SEEN_* and USED* bits */
	deps_foreign_fn foreign;
	void *arg;
};

/* A kernel type worth naming in a spec: a named struct, union, enum or such a typedef. */
static bool _nameable(const struct btf *btf, const struct btf_type *t)
{
	const struct btf_type *r;

	if (!t->name_off)
		return false;
	if (btf_is_composite(t) || btf_is_any_enum(t))
		return true;
	if (!btf_is_typedef(t))
		return false;
	/* What the typedef names under typedefs and qualifiers; NULL if corrupt. */
	r = btf__type_by_id(btf, btf__resolve_type(btf, t->type));
	return r && (btf_is_composite(r) || btf_is_any_enum(r));
}

static bool _foreign(struct walk *w, __u32 id)
{
	char *spelled;
	bool yes;

	if (!w->foreign)
		return false;
	spelled = abi__spell(w->btf, id);
	yes = spelled && w->foreign(spelled, w->arg);
	free(spelled);
	return yes;
}

static void _walk(struct walk *w, __u32 id, bool by_value, int depth)
{
	const struct btf_type *t = btf__type_by_id(w->btf, id);
	unsigned char seen = by_value ? SEEN_VALUE : SEEN_PTR;
	__u16 i;

	if (!id || !t || depth > DEPS_MAX_DEPTH || (w->state[id] & seen))
		return;
	w->state[id] |= seen;
	if (_nameable(w->btf, t) && (id < w->base_cnt || _foreign(w, id))) {
		w->state[id] |= USED | (by_value && !btf_is_any_enum(t) ? USED_ALLOC : 0);
		return;
	}
	switch (btf_kind(t)) {
	case BTF_KIND_PTR:
		_walk(w, t->type, false, depth + 1);
		break;
	case BTF_KIND_CONST:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_TYPE_TAG:
		_walk(w, t->type, by_value, depth + 1);
		break;
	case BTF_KIND_ARRAY:
		_walk(w, btf_array(t)->type, by_value, depth + 1);
		break;
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		for (i = 0; i < btf_vlen(t); i++)
			_walk(w, btf_members(t)[i].type, true, depth + 1);
		break;
	case BTF_KIND_FUNC_PROTO:
		_walk(w, t->type, false, depth + 1);
		for (i = 0; i < btf_vlen(t); i++)
			_walk(w, btf_params(t)[i].type, false, depth + 1);
		break;
	case BTF_KIND_FUNC:
		_walk(w, t->type, false, depth + 1);
		break;
	case BTF_KIND_VAR:
		_walk(w, t->type, true, depth + 1);
		break;
	default:
		break;
	}
}

static int _cmp(const void *a, const void *b)
{
	return strcmp(((const struct dep *)a)->spelled, ((const struct dep *)b)->spelled);
}

int deps__own_names(const struct btf *mod, char ***out, size_t *cnt)
{
	const struct btf *base = btf__base_btf(mod);
	__u32 id, n = btf__type_cnt(mod);
	char **names = NULL, **p;
	size_t k = 0;

	*out = NULL;
	*cnt = 0;
	for (id = base ? btf__type_cnt(base) : 1; id < n; id++) {
		if (!_nameable(mod, btf__type_by_id(mod, id)))
			continue;
		p = realloc(names, (k + 1) * sizeof(*p));
		if (!p || !(p[k] = abi__spell(mod, id))) {
			deps_names_free(p ?: names, k);
			return -ENOMEM;
		}
		names = p;
		k++;
	}
	*out = names;
	*cnt = k;
	return 0;
}

void deps_names_free(char **names, size_t cnt)
{
	size_t i;

	for (i = 0; i < cnt; i++)
		free(names[i]);
	free(names);
}

int deps__types(const struct btf *mod, deps_foreign_fn foreign, void *arg, struct dep **out,
		size_t *cnt)
{
	const struct btf *base = btf__base_btf(mod);
	struct walk w = { .btf = mod, .base_cnt = base ? btf__type_cnt(base) : 1,
			  .foreign = foreign, .arg = arg };
	__u32 id, n = btf__type_cnt(mod);
	struct dep *deps = NULL;
	size_t k = 0;

	*out = NULL;
	*cnt = 0;
	w.state = calloc(n, 1);
	if (!w.state)
		return -ENOMEM;
	/* Another module's types are where walks stop, not where they start. */
	for (id = w.base_cnt; id < n; id++)
		if (!_nameable(mod, btf__type_by_id(mod, id)) || !_foreign(&w, id))
			_walk(&w, id, false, 0);
	for (id = 1; id < n; id++)
		k += !!(w.state[id] & USED);
	deps = calloc(k + 1, sizeof(*deps));
	for (id = 1, k = 0; deps && id < n; id++) {
		if (!(w.state[id] & USED))
			continue;
		deps[k].spelled = abi__spell(mod, id);
		deps[k].alloc = w.state[id] & USED_ALLOC;
		if (!deps[k++].spelled) {
			deps_free(deps, k);
			deps = NULL;
		}
	}
	free(w.state);
	if (!deps)
		return -ENOMEM;
	qsort(deps, k, sizeof(*deps), _cmp);
	/* A type copied into the module and also in the base is one entry. */
	for (id = 0, n = 0; id < k; id++) {
		if (n && !strcmp(deps[n - 1].spelled, deps[id].spelled)) {
			deps[n - 1].alloc |= deps[id].alloc;
			free(deps[id].spelled);
		} else {
			deps[n++] = deps[id];
		}
	}
	*out = deps;
	*cnt = n;
	return 0;
}

void deps_free(struct dep *deps, size_t cnt)
{
	size_t i;

	for (i = 0; deps && i < cnt; i++)
		free(deps[i].spelled);
	free(deps);
}
