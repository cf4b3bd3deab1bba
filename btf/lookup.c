// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/btf.h>

#include "../scanner/errmsg.h"
#include "dwarf.h"
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

/* "struct" alone is a kind without a name, not a type called "struct". */
static bool _is_kind_word(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < sizeof(query_kinds) / sizeof(query_kinds[0]); i++)
		if (strlen(query_kinds[i].word) == n && !strncmp(s, query_kinds[i].word, n))
			return true;
	return false;
}

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
	if (!n || name[n + strspn(name + n, " \t")] || _is_kind_word(name, n))
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
		     const char *path, const char *format)
{
	c->state = CELL_PRESENT;
	c->btf = btf;
	c->id = id;
	c->module = module;
	c->path = path;
	c->format = format;
	c->layouts = 1;
}

/* Cheap test before reading DWARF: does the name occur in the file at all? */
static bool _file_may_define(const char *path, const char *name)
{
	size_t n = strlen(name) + 1;
	struct stat st;
	bool found = true;
	void *mem;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return true;	/* let the reader report the problem */
	if (!fstat(fd, &st) && st.st_size > 0) {
		mem = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
		if (mem != MAP_FAILED) {
			found = memmem(mem, st.st_size, name, n) != NULL;
			munmap(mem, st.st_size);
		}
	}
	close(fd);
	return found;
}

/* Look @q up in the DWARF of @path; a hit's BTF is kept by the kernel. */
static int _find_in_dwarf(struct kernel *k, const char *path, const char *module,
			  const struct type_query *q, struct cell *c)
{
	struct dwarf_hit hit;
	int err;

	if (!_file_may_define(path, q->name))
		return 0;
	err = dwarf__find_type(path, q, &hit);
	if (err || !hit.layouts)
		return err;
	err = kernel__own_btf(k, hit.btf);
	if (err)
		return err;
	_present(c, hit.btf, hit.ids[0], module, path, "DWARF");
	c->layouts = hit.layouts;
	c->cus = hit.cus;
	return 0;
}

static int _find_in_module(struct kernel *k, struct kmod *m, const struct type_query *q,
			   struct cell *c)
{
	struct btf *btf;
	__u32 id;
	int err;

	if (m->debug_path && (!m->raw || !k->base || k->prefer_dwarf))
		return _find_in_dwarf(k, m->debug_path, m->name, q, c);
	if (m->raw && !k->base)
		return kernel__module_btf(k, m, &btf);	/* says a base is needed */
	if (!m->raw || !_may_define(m, q->name))
		return 0;
	err = kernel__module_btf(k, m, &btf);
	if (err || !btf)
		return err;
	id = _scan(btf, btf__type_cnt(k->base), btf__type_cnt(btf), q);
	if (id)
		_present(c, btf, id, m->name, m->path, "BTF");
	return 0;
}

/* Modules whose types cannot be known: no BTF (or no base for it), no DWARF. */
static size_t _modules_without_data(const struct kernel *k)
{
	size_t i, n = 0;

	for (i = 0; i < k->mods_cnt; i++)
		n += !k->mods[i].debug_path && (!k->mods[i].raw || !k->base);
	return n;
}

int kernel__find_type(struct kernel *k, const struct type_query *q, struct cell *c)
{
	size_t i, nodata;
	__u32 id;
	int err = 0;

	memset(c, 0, sizeof(*c));
	c->state = CELL_ABSENT;
	if (k->vmlinux_debug && (!k->base || k->prefer_dwarf)) {
		err = _find_in_dwarf(k, k->vmlinux_debug, NULL, q, c);
	} else if (k->base) {
		id = _scan(k->base, 1, btf__type_cnt(k->base), q);
		if (id)
			_present(c, k->base, id, NULL, k->vmlinux_path, "BTF");
	}
	err = err ?: kernel__read_modules(k);
	for (i = 0; !err && c->state != CELL_PRESENT && i < k->mods_cnt; i++)
		err = _find_in_module(k, &k->mods[i], q, c);
	if (err || c->state == CELL_PRESENT)
		return err;
	nodata = _modules_without_data(k);
	if (!k->base && !k->vmlinux_debug) {
		c->state = CELL_NODATA;
		snprintf(c->reason, sizeof(c->reason), "%s", k->vmlinux_path ?
			 "vmlinux carries no BTF and no debug vmlinux was found" :
			 "kernel has no type data: no BTF or DWARF found");
	} else if (nodata) {
		c->state = CELL_NODATA;
		snprintf(c->reason, sizeof(c->reason), "not in vmlinux; %zu of %zu modules "
			 "carry no BTF or DWARF", nodata, k->mods_cnt);
	}
	return 0;
}
