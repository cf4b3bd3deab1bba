// SPDX-License-Identifier: GPL-2.0
/*
 * Type names over the kernels read: -t globs ('vfio_*', 'struct vfio_*')
 * expanded to the names the kernels hold, and the closest name suggested
 * for a name found nowhere.
 */
#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/btf.h>

#include "../btf/kernel.h"
#include "../btf/lookup.h"
#include "../btf/matrix.h"
#include "../btf/names.h"
#include "../reports/report.h"
#include "../scanner/errmsg.h"
#include "cmd.h"

bool name_is_glob(const char *name)
{
	return strpbrk(name, "*?[") != NULL;
}

/* The kind word a spelled name starts with, for the kinds a query takes. */
static const char *_kind_word(int kind)
{
	switch (kind) {
	case BTF_KIND_STRUCT: return "struct ";
	case BTF_KIND_UNION: return "union ";
	case BTF_KIND_ENUM: return "enum ";
	case BTF_KIND_TYPEDEF: return "typedef ";
	case BTF_KIND_FUNC: return "func ";
	default: return "";
	}
}

/*
 * Does a name of @kind answer a query of @want_kind? A bare query (0)
 * takes types, not functions: 'vfio_*' should not bring every vfio
 * function along; 'func vfio_*' asks for those.
 */
static bool _kind_ok(int want_kind, int kind)
{
	return want_kind ? kind == want_kind : kind != BTF_KIND_FUNC;
}

/* What one glob gathers: the names it matched, spelled as the query is. */
struct glob_arg {
	const struct type_query *q;	/* the glob, its kind */
	struct name_list found;		/* spelled names, may repeat */
};

static bool _glob_want(const char *name, void *arg)
{
	return !fnmatch(((struct glob_arg *)arg)->q->name, name, 0);
}

static int _glob_add(const char *name, int kind, void *arg)
{
	struct glob_arg *a = arg;
	char *s;
	int err;

	if (!_kind_ok(a->q->kind, kind))
		return 0;
	if (asprintf(&s, "%s%s", _kind_word(a->q->kind), name) < 0)
		return -ENOMEM;
	/* name_list__add splits at commas; a type name has none. */
	err = name_list__add(&a->found, s);
	free(s);
	return err;
}

static int _cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A name and where it is in its list, to find repeats by sorting. */
struct slot {
	const char *name;	/* borrowed */
	size_t at;		/* its index */
};

static int _slot_cmp(const void *pa, const void *pb)
{
	const struct slot *a = pa, *b = pb;
	int c = strcmp(a->name, b->name);

	return c ?: (a->at > b->at) - (a->at < b->at);
}

/* Drop every repeat of a name from @l, keeping its first place. */
static int _dedupe(struct name_list *l)
{
	struct slot *s = malloc((l->cnt + 1) * sizeof(*s));
	bool *drop = calloc(l->cnt + 1, sizeof(*drop));
	size_t i, keep = 0;

	if (!s || !drop) {
		free(s);
		free(drop);
		return -ENOMEM;
	}
	for (i = 0; i < l->cnt; i++)
		s[i] = (struct slot){ l->ptr[i], i };
	qsort(s, l->cnt, sizeof(*s), _slot_cmp);
	for (i = 1; i < l->cnt; i++)
		drop[s[i].at] = !strcmp(s[i].name, s[i - 1].name);
	for (i = 0; i < l->cnt; i++) {
		if (drop[i])
			free(l->ptr[i]);
		else
			l->ptr[keep++] = l->ptr[i];
	}
	l->cnt = keep;
	free(s);
	free(drop);
	return 0;
}

/* Add what glob @g matches in @ks to @out, sorted; none matching is an error. */
static int _expand_one(struct kernel **ks, size_t n, const char *g, struct name_list *out)
{
	struct type_query q;
	struct glob_arg a = { .q = &q };
	size_t i;
	int err = type_query__parse(g, &q);

	for (i = 0; !err && i < n; i++)
		err = kernel__each_name(ks[i], _glob_want, _glob_add, &a);
	if (!err && !a.found.cnt)
		err = errmsg__set(-ENOENT, "no type matches '%s' in %s%zu kernel%s", g,
				  n > 1 ? "any of " : "", n, n == 1 ? "" : "s");
	if (!err)
		qsort(a.found.ptr, a.found.cnt, sizeof(*a.found.ptr), _cmp_str);
	for (i = 0; !err && i < a.found.cnt; i++)
		err = name_list__add(out, a.found.ptr[i]);
	name_list_release(&a.found);
	type_query_release(&q);
	return err;
}

int names_expand(struct kernel **ks, size_t n, const struct name_list *names, bool all,
		 struct name_list *out)
{
	size_t i;
	int err = 0;

	for (i = 0; !err && i < names->cnt; i++)
		err = all || name_is_glob(names->ptr[i]) ?
		      _expand_one(ks, n, names->ptr[i], out) : name_list__add(out, names->ptr[i]);
	err = err ?: _dedupe(out);
	if (err)
		name_list_release(out);
	return err;
}

/* The closest name seen so far to a query found nowhere. */
struct near_arg {
	const struct type_query *q;	/* what was asked for */
	size_t best;		/* distance of @name; the farthest suggested while NULL */
	char *name;		/* the closest name, malloc'ed, or NULL */
	int kind;		/* its kind */
};

static bool _near_want(const char *name, void *arg)
{
	struct near_arg *a = arg;

	return edit_distance(a->q->name, name, a->best) <= a->best;
}

/*
 * Keep @name if it is closer than the best so far; ties go to the name
 * first in byte order, so the choice does not depend on reading order. The
 * name itself counts for a query of another kind ('struct foo' asked, only
 * 'typedef foo' there).
 */
static int _near_add(const char *name, int kind, void *arg)
{
	struct near_arg *a = arg;
	size_t d = edit_distance(a->q->name, name, a->best);
	char *s;

	if (d > a->best || (d == 0 && (!a->q->kind || kind == a->q->kind)))
		return 0;
	if (a->name && d == a->best && strcmp(name, a->name) >= 0)
		return 0;
	s = strdup(name);
	if (!s)
		return -ENOMEM;
	free(a->name);
	a->name = s;
	a->best = d;
	a->kind = kind;
	return 0;
}

/* The suggestion @a found, spelled as its query, malloc'ed, or NULL; frees @a. */
static char *_near_spell(struct near_arg *a)
{
	char *s = NULL;

	if (a->name && asprintf(&s, "%s%s", a->q->kind ? _kind_word(a->kind) : "", a->name) < 0)
		s = NULL;
	free(a->name);
	return s;
}

char *names_suggest(struct kernel **ks, size_t n, const struct type_query *q)
{
	struct near_arg a = { .q = q, .best = suggest_max_distance(q->name) };
	size_t i;

	if (name_is_glob(q->name))
		return NULL;
	for (i = 0; i < n; i++)
		if (kernel__each_name(ks[i], _near_want, _near_add, &a))
			break;
	errmsg__clear();	/* a module that cannot be read costs only the suggestion */
	return _near_spell(&a);
}

/* Several queries' closest names, found in one walk of a kernel's names. */
struct near_many {
	struct near_arg *a;	/* one per query */
	size_t n;		/* entries in @a */
};

static bool _many_want(const char *name, void *arg)
{
	struct near_many *x = arg;
	size_t i;

	for (i = 0; i < x->n; i++)
		if (_near_want(name, &x->a[i]))
			return true;
	return false;
}

static int _many_add(const char *name, int kind, void *arg)
{
	struct near_many *x = arg;
	size_t i;
	int err = 0;

	for (i = 0; !err && i < x->n; i++)
		err = _near_add(name, kind, &x->a[i]);
	return err;
}

int names_near(struct kernel *k, const struct type_query *const *qs, size_t n,
	       struct mx_near *out)
{
	struct near_many x = { calloc(n ?: 1, sizeof(*x.a)), n };
	size_t i;
	int err;

	if (!x.a)
		return -ENOMEM;
	for (i = 0; i < n; i++)
		x.a[i] = (struct near_arg){ .q = qs[i], .best = suggest_max_distance(qs[i]->name) };
	err = kernel__each_name(k, _many_want, _many_add, &x);
	errmsg__clear();	/* as names_suggest: the walk stops here, and no later kernel */
	for (i = 0; i < n; i++)
		out[i] = (struct mx_near){ x.a[i].name, x.a[i].kind, err != 0 };
	free(x.a);
	return err == -ENOMEM ? err : 0;
}

char *names_suggest_kept(const struct mx_type *t, size_t n)
{
	struct near_arg a = { .q = &t->q, .best = suggest_max_distance(t->q.name) };
	size_t i;

	if (name_is_glob(t->q.name))
		return NULL;
	/* In the order of the kernels as given, as names_suggest walks them. */
	for (i = 0; t->near && i < n; i++) {
		if (t->near[i].name && _near_add(t->near[i].name, t->near[i].kind, &a))
			break;
		if (t->near[i].stop)
			break;
	}
	return _near_spell(&a);
}

static int cmd_names_run(int argc, char **argv);

static const struct cmd_opt opts[] = {
	OPT_TYPE("which names to list (default '*', every type)"),
	OPTS_OPEN, OPT_OUTPUT, OPT_HELP, { 0 },
};

const struct cmd cmd_names = {
	"names", cmd_names_run, "KERNEL... [-t GLOB...]", opts,
	"list the type names kernels hold",
};

static int _names(char **paths, size_t cnt, const struct cmd_opts *o)
{
	struct name_list list = { 0 };
	struct output out = { 0 };
	struct kernel **ks = NULL;
	size_t n = 0, i;
	int err;

	err = kernels_scan(paths, cnt, &o->open, NULL, NULL, NULL, &ks, &n);
	err = err ?: names_expand(ks, n, &o->names, true, &list);
	err = err ?: output__open(&out, o->out);
	if (!err) {
		for (i = 0; i < list.cnt; i++)
			fprintf(out.f, "%s\n", list.ptr[i]);
		err = ferror(out.f) ? -EIO : 0;
		err = output__close(&out, !err) ?: err;
	}
	if (err)
		p_err("%s", strerror(-err));
	name_list_release(&list);
	kernels_free(ks, n);
	return err ? EXIT_ERROR : EXIT_OK;
}

static int cmd_names_run(int argc, char **argv)
{
	struct cmd_opts o = { 0 };
	int c, ret = -1;

	while (ret < 0 && (c = cmd__getopt(&cmd_names, argc, argv)) != -1)
		ret = cmd_opts__parse(&o, &cmd_names, c, argv);
	if (ret < 0 && !o.names.cnt && name_list__add(&o.names, "*"))
		ret = EXIT_ERROR;
	if (ret < 0 && optind >= argc && !o.open.cache_dir)
		ret = usage_error(&cmd_names, "no KERNEL given (or --cache DIR to list its kernels)");
	if (ret < 0)
		ret = _names(argv + optind, argc - optind, &o);
	cmd_opts_release(&o);
	return ret;
}
