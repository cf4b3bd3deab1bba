// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/btf.h>

#include "../scanner/errmsg.h"
#include "kernel.h"
#include "lookup.h"

static const struct {
	const char *word;	/* how the user writes the kind */
	int kind;		/* BTF kind */
} query_kinds[] = {
	{ "struct", BTF_KIND_STRUCT }, { "union", BTF_KIND_UNION },
	{ "enum", BTF_KIND_ENUM }, { "typedef", BTF_KIND_TYPEDEF },
	{ "func", BTF_KIND_FUNC },
};

int type_query__parse(const char *s, struct type_query *q)
{
	const char *name = s + strspn(s, " \t");
	size_t i, n;

	memset(q, 0, sizeof(*q));
	for (i = 0; i < sizeof(query_kinds) / sizeof(query_kinds[0]); i++) {
		n = strlen(query_kinds[i].word);
		if (!strncmp(name, query_kinds[i].word, n) && (name[n] == ' ' || name[n] == '\t')) {
			q->kind = query_kinds[i].kind;
			name += n + strspn(name + n, " \t");
			break;
		}
	}
	n = strcspn(name, " \t");
	if (!n || name[n + strspn(name + n, " \t")])
		return errmsg__set(-EINVAL, "bad type name '%s': expected NAME, struct NAME, "
				   "union NAME, enum NAME, typedef NAME or func NAME", s);
	q->name = strndup(name, n);
	if (q->name && asprintf(&q->spelled, "%s%s%s", q->kind ? query_kinds[i].word : "",
				q->kind ? " " : "", q->name) < 0)
		q->spelled = NULL;
	if (!q->name || !q->spelled) {
		type_query_release(q);
		return -ENOMEM;
	}
	return 0;
}

void type_query_release(struct type_query *q)
{
	free(q->name);
	free(q->spelled);
	q->name = q->spelled = NULL;
}

static bool _kind_matches(const struct type_query *q, const struct btf_type *t)
{
	int k = btf_kind(t);

	if (q->kind == BTF_KIND_ENUM)
		return k == BTF_KIND_ENUM || k == BTF_KIND_ENUM64;
	if (q->kind)
		return k == q->kind;
	return k == BTF_KIND_STRUCT || k == BTF_KIND_UNION || k == BTF_KIND_ENUM ||
	       k == BTF_KIND_ENUM64 || k == BTF_KIND_TYPEDEF || k == BTF_KIND_FUNC;
}

/* Rank of a kind for a bare NAME: a struct wins over a typedef of that name. */
static int _rank(const struct btf_type *t)
{
	switch (btf_kind(t)) {
	case BTF_KIND_STRUCT: return 0;
	case BTF_KIND_UNION: return 1;
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64: return 2;
	case BTF_KIND_TYPEDEF: return 3;
	default: return 4;
	}
}

/* Best matching type with ids in [from, to), or 0. */
static __u32 _scan(const struct btf *btf, __u32 from, __u32 to, const struct type_query *q)
{
	__u32 i, best = 0;
	int best_rank = 99;

	for (i = from; i < to; i++) {
		const struct btf_type *t = btf__type_by_id(btf, i);
		const char *n;

		if (!t->name_off || !_kind_matches(q, t) || _rank(t) >= best_rank)
			continue;
		n = btf__name_by_offset(btf, t->name_off);
		if (n && !strcmp(n, q->name)) {
			best = i;
			best_rank = _rank(t);
		}
	}
	return best;
}

/* Cheap test before parsing a module: is NAME in its string table at all? */
static bool _may_define(const struct kmod *m, const char *name)
{
	size_t n = strlen(name);
	const char *p = m->strs, *end = m->strs + m->strs_len;

	while (p && p < end && (p = memmem(p, end - p, name, n))) {
		if ((p == m->strs || p[-1] == '\0') && p + n < end && p[n] == '\0')
			return true;
		p++;
	}
	return false;
}

static void _present(struct cell *c, const struct btf *btf, __u32 id, const char *module,
		     const char *path)
{
	c->state = CELL_PRESENT;
	c->btf = btf;
	c->id = id;
	c->module = module;
	c->path = path;
	c->format = "BTF";
}

static int _find_in_modules(struct kernel *k, const struct type_query *q, struct cell *c)
{
	size_t i;
	int err = kernel__read_modules(k);

	for (i = 0; !err && i < k->mods_cnt; i++) {
		struct kmod *m = &k->mods[i];
		struct btf *btf;
		__u32 id;

		if (!m->raw || !_may_define(m, q->name))
			continue;
		err = kernel__module_btf(k, m, &btf);
		if (err || !btf)
			continue;
		id = _scan(btf, btf__type_cnt(k->base), btf__type_cnt(btf), q);
		if (id) {
			_present(c, btf, id, m->name, m->path);
			return 0;
		}
	}
	return err;
}

int kernel__find_type(struct kernel *k, const struct type_query *q, struct cell *c)
{
	__u32 id;
	int err;

	memset(c, 0, sizeof(*c));
	c->state = CELL_ABSENT;
	if (!k->base) {
		c->state = CELL_NODATA;
		snprintf(c->reason, sizeof(c->reason), "%s", k->vmlinux_path ?
			 "vmlinux carries no BTF" : "kernel has no type data: no BTF found");
		return 0;
	}
	id = _scan(k->base, 1, btf__type_cnt(k->base), q);
	if (id) {
		_present(c, k->base, id, NULL, k->vmlinux_path);
		return 0;
	}
	err = _find_in_modules(k, q, c);
	if (err || c->state == CELL_PRESENT)
		return err;
	if (k->mods_nodata) {
		c->state = CELL_NODATA;
		snprintf(c->reason, sizeof(c->reason), "not in vmlinux; %zu of %zu modules "
			 "carry no BTF", k->mods_nodata, k->mods_cnt);
	} else {
		c->state = CELL_ABSENT;
	}
	return 0;
}
