// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "../btf/deps.h"
#include "../btf/kernel.h"
#include "../btf/matrix.h"
#include "../reports/report.h"
#include "../scanner/errmsg.h"
#include "../scanner/kdir.h"
#include "../scanner/modsyms.h"
#include "../scanner/spec.h"
#include "cmd.h"

static int cmd_deps_run(int argc, char **argv);

static const struct cmd_opt opts[] = {
	OPT_BASE, OPT_DEBUG_DIR, OPT_MAX_DECOMPRESSED, OPT_CACHE, OPT_NO_CACHE, OPT_STRICT,
	OPT_QUIET, OPT_OUTPUT, OPT_HELP, { 0 },
};

const struct cmd cmd_deps = {
	"deps", cmd_deps_run, "MODULE [KERNEL]", opts,
	"write the spec of what a built module takes from the kernel",
};

struct deps_out {
	const char *module;
	const struct kernel *mk;	/* the module on its base */
	char **syms;
	size_t syms_cnt;
	const bool *is_func;	/* per symbol */
	const struct dep *deps;
	size_t deps_cnt;
	bool has_btf;
};

static int _emit(const struct deps_out *d, FILE *f)
{
	size_t i, n = 0;

	fprintf(f, "# kabiscan deps: %s (%s)\n", d->module, d->mk->release);
	fputs("# functions it calls, found in the kernel's type data\n", f);
	for (i = 0; i < d->syms_cnt; i++)
		if (d->is_func[i])
			fprintf(f, "func %s\n", d->syms[i]);
	for (i = 0; i < d->syms_cnt; i++)
		n += !d->is_func[i];
	if (n)
		fputs("# symbols it uses that are no function in the kernel's type data "
		      "(variables, or not in BTF)\n", f);
	for (i = 0; i < d->syms_cnt; i++)
		if (!d->is_func[i])
			fprintf(f, "#   %s\n", d->syms[i]);
	if (!d->has_btf) {
		fputs("# kernel types: the module has no BTF to read them from\n", f);
	} else {
		fputs("# kernel types its BTF refers to; \"alloc\": held by value in the module\n",
		      f);
		for (i = 0; i < d->deps_cnt; i++)
			fprintf(f, "%s%s\n", d->deps[i].spelled, d->deps[i].alloc ? " alloc" : "");
	}
	return ferror(f) ? -EIO : 0;
}

/* What the module's kernel says about the symbols and own type names. */
struct lookups {
	struct name_list names;	/* "func SYM"..., then own type names */
	size_t *sym_of;		/* per "func" name: its index in the symbols */
	size_t funcs;		/* "func" names first in @names */
	const struct mx_type *types;	/* the matrix's types, as @names */
	size_t col;		/* the module's kernel in the matrix */
	const char *self;	/* the module's name */
};

static bool _foreign(const char *spelled, void *arg)
{
	const struct lookups *l = arg;
	size_t i;

	for (i = l->funcs; i < l->names.cnt; i++) {
		const struct cell *c = &l->types[i].cells[l->col];

		if (!strcmp(l->names.ptr[i], spelled))
			return c->state == CELL_PRESENT && (!c->module || strcmp(c->module, l->self));
	}
	return false;
}

static int _names(struct lookups *l, char **syms, size_t n, const struct btf *mb)
{
	char **own = NULL, *q;
	size_t i, own_cnt = 0;
	int err = 0;

	l->sym_of = calloc(n + 1, sizeof(*l->sym_of));
	if (!l->sym_of)
		return -ENOMEM;
	for (i = 0; !err && i < n; i++) {
		/* What a spec cannot name ("foo.cold") is left out. */
		if (!spec__is_ident(syms[i], strlen(syms[i])))
			continue;
		if (asprintf(&q, "func %s", syms[i]) < 0)
			return -ENOMEM;
		err = name_list__add(&l->names, q);
		free(q);
		l->sym_of[l->funcs++] = i;
	}
	err = err ?: (mb ? deps__own_names(mb, &own, &own_cnt) : 0);
	for (i = 0; !err && i < own_cnt; i++)
		err = name_list__add(&l->names, own[i]);
	deps_names_free(own, own_cnt);
	return err;
}

static int _deps(const struct cmd_opts *o, char *module, const char *kernel)
{
	struct name_list none = { 0 };
	struct deps_out d = { .module = module };
	struct lookups l = { 0 };
	struct output out = { 0 };
	struct kernel **ks = NULL, **rks = NULL;
	struct matrix *m = NULL, *rm = NULL;
	struct dep *deps = NULL;
	struct btf *mb = NULL;
	bool *is_func = NULL;
	char *root = NULL, *rel = NULL;
	const char *kpath;
	size_t n = 0, rn = 0, i;
	int err;

	/* The module's own kernel, by default the root its path names. */
	if (!kernel)
		kdir__module_root(module, &root, &rel);
	kpath = kernel ?: root ?: module;
	err = modsyms__undefined(module, &d.syms, &d.syms_cnt);
	err = err ?: kernels_open(&module, 1, &o->open, &none, &ks, &n, &m);
	if (!err && (n != 1 || ks[0]->mods_cnt != 1))
		err = errmsg__set(-EINVAL, "'%s' is not one kernel module", module);
	err = err ?: kernel__read_modules(ks[0]);
	err = err ?: kernel__module_btf(ks[0], &ks[0]->mods[0], &mb);
	err = err ?: _names(&l, d.syms, d.syms_cnt, mb);
	err = err ?: kernels_open((char **)&kpath, 1, &o->open,
				  &l.names, &rks, &rn, &rm);
	/* A root may hold several releases: the module's own one. */
	for (l.col = 0; !err && l.col < rm->kernels_cnt && rm->kernels_cnt > 1 &&
	     strcmp(rm->kernels[l.col].k->release, ks[0]->release); l.col++)
		;
	if (!err && l.col == rm->kernels_cnt)
		err = errmsg__set(-ENOENT, "'%s' holds no kernel %s", kpath, ks[0]->release);
	if (!err && !(is_func = calloc(d.syms_cnt + 1, sizeof(*is_func))))
		err = -ENOMEM;
	for (i = 0; !err && i < l.funcs; i++)
		is_func[l.sym_of[i]] = rm->types[i].cells[l.col].state == CELL_PRESENT;
	if (!err && mb) {
		l.types = rm->types;
		l.self = ks[0]->mods[0].name;
		err = deps__types(mb, _foreign, &l, &deps, &d.deps_cnt);
	}
	err = err ?: output__open(&out, o->out);
	if (!err) {
		d.mk = ks[0];
		d.is_func = is_func;
		d.deps = deps;
		d.has_btf = mb;
		err = _emit(&d, out.f);
		err = output__close(&out, !err) ?: err;
	}
	if (err)
		p_err("%s", strerror(-err));
	for (i = 0; i < d.syms_cnt; i++)
		free(d.syms[i]);
	free(d.syms);
	deps_free(deps, d.deps_cnt);
	name_list_release(&l.names);
	free(l.sym_of);
	free(is_func);
	free(root);
	free(rel);
	matrix__free(rm);
	kernels_free(rks, rn);
	matrix__free(m);
	kernels_free(ks, n);
	return err ? EXIT_ERROR : EXIT_OK;
}

static int cmd_deps_run(int argc, char **argv)
{
	struct cmd_opts o = { 0 };
	int c, r = -1;

	while (r < 0 && (c = cmd__getopt(&cmd_deps, argc, argv)) != -1)
		r = cmd_opts__parse(&o, &cmd_deps, c, argv);
	if (r < 0 && (argc - optind < 1 || argc - optind > 2))
		r = usage_error(&cmd_deps, "deps takes one MODULE and maybe its KERNEL");
	if (r < 0)
		r = _deps(&o, argv[optind], argc - optind > 1 ? argv[optind + 1] : NULL);
	cmd_opts_release(&o);
	return r;
}
