// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/btf.h>

#include "../btf/export_facts.h"
#include "../btf/facts.h"
#include "../btf/kernel.h"
#include "../btf/matrix.h"
#include "../reports/report.h"
#include "../scanner/errmsg.h"
#include "../scanner/release.h"
#include "cmd.h"
#include "exports.h"

static int cmd_header_run(int argc, char **argv);

static const struct cmd_opt opts[] = {
	OPT_TYPE("a type to write facts of"), OPT_SPEC, OPTS_OPEN, OPT_OUTPUT, OPT_HELP, { 0 },
};

const struct cmd cmd_header = {
	"header", cmd_header_run, "KERNEL... (-t NAME... | --spec FILE)", opts,
	"write a compat header of kernel facts for a driver build",
};

/* Is @spelled marked "nolayout" in the spec? */
static bool _no_layout(const struct name_list *nl, const char *spelled)
{
	size_t i;

	for (i = 0; i < nl->cnt; i++)
		if (!strcmp(nl->ptr[i], spelled))
			return true;
	return false;
}

/* Facts of every (kernel, type); a single target must know every type. */
static int _facts(const struct matrix *m, const struct name_list *nl, struct fact_list **out)
{
	size_t cnt = m->kernels_cnt * m->types_cnt;
	struct fact_list *fl = calloc(cnt ? cnt : 1, sizeof(*fl));
	size_t k, t;
	int err = fl ? 0 : -ENOMEM;

	for (k = 0; !err && k < m->kernels_cnt; k++) {
		if (!release__valid(m->kernels[k].k->release))
			err = errmsg__set(-EINVAL, "cannot make a header for '%s': its release "
					  "'%s' is not a kernel release (up to 64 letters, digits "
					  "and ._+~-)", m->kernels[k].k->origin,
					  m->kernels[k].k->release);
		for (t = 0; !err && t < m->types_cnt; t++) {
			const struct mx_type *ty = &m->types[t];

			if (m->kernels_cnt == 1 && ty->cells[k].state == CELL_NODATA)
				err = errmsg__set(-ENODATA, "cannot make a header for %s: '%s' has no "
						  "type data (%s)", m->kernels[k].k->release,
						  ty->q.spelled, ty->cells[k].reason);
			else
				err = facts__add(&ty->q, &ty->cells[k], ty->renders[k],
						 &fl[k * m->types_cnt + t]);
			if (!err && _no_layout(nl, ty->q.spelled))
				fact_list__drop_checks(&fl[k * m->types_cnt + t]);
		}
	}
	*out = fl;
	return err;
}

/*
 * Macro names are NAME_MEMBER, so two entries can spell one macro
 * (struct kmem_cache.cpu_slab and struct kmem_cache_cpu.slab). Conflicting
 * #defines would be worse than none: refuse, naming both.
 */
static int _collisions(const struct matrix *m, const struct fact_list *fl)
{
	size_t k, t, u, i;

	for (k = 0; k < m->kernels_cnt; k++)
		for (t = 0; t < m->types_cnt; t++)
			for (u = t + 1; u < m->types_cnt; u++) {
				const struct fact_list *a = &fl[k * m->types_cnt + t];
				const struct fact_list *b = &fl[k * m->types_cnt + u];

				for (i = 0; i < a->facts_cnt; i++)
					if (facts__find(b, a->facts[i].macro))
						return errmsg__set(-EINVAL, "cannot make a header: "
							"%s would stand for both '%s' and '%s'; "
							"leave one out", a->facts[i].macro,
							m->types[t].q.spelled,
							m->types[u].q.spelled);
			}
	return 0;
}

/*
 * KABI_EXPORTED_, KABI_EXPORT_GPL_ and KABI_EXPORT_NS_ of each func entry,
 * after its type facts, in kernels whose exports are known.
 */
static int _export_facts(char **paths, size_t cnt, const struct matrix *m, struct fact_list *fl)
{
	struct kexports *ks = NULL;
	size_t k, t;
	int err = exports_of_matrix(paths, cnt, m, KEXP_AUTO, &ks);

	for (k = 0; !err && k < m->kernels_cnt; k++)
		for (t = 0; !err && ks[k].release && t < m->types_cnt; t++)
			if (m->types[t].q.kind == BTF_KIND_FUNC)
				err = export_facts__add(m->types[t].q.name, &ks[k],
							&fl[k * m->types_cnt + t]);
	exports_free_all(ks, m->kernels_cnt);
	return err;
}

static int _run(char **paths, size_t cnt, const struct cmd_opts *o)
{
	struct fact_list *fl = NULL;
	struct kernel **ks = NULL;
	struct matrix *m = NULL;
	struct output out = { 0 };
	size_t n = 0, i;
	int err;

	err = kernels_open(paths, cnt, &o->open, &o->names, &ks, &n, &m);
	err = err ?: _facts(m, &o->nolayout, &fl);
	err = err ?: _export_facts(paths, cnt, m, fl);
	err = err ?: _collisions(m, fl);
	err = err ?: output__open(&out, o->out);
	if (!err) {
		err = report_header__emit(m, fl, out.f);
		err = output__close(&out, !err) ?: err;
	}
	if (err)
		p_err("%s", strerror(-err));
	for (i = 0; fl && m && i < m->kernels_cnt * m->types_cnt; i++)
		fact_list_release(&fl[i]);
	free(fl);
	matrix__free(m);
	kernels_free(ks, n);
	return err ? EXIT_ERROR : EXIT_OK;
}

static int cmd_header_run(int argc, char **argv)
{
	struct cmd_opts o = { 0 };
	int c, ret = -1;

	while (ret < 0 && (c = cmd__getopt(&cmd_header, argc, argv)) != -1)
		ret = cmd_opts__parse(&o, &cmd_header, c, argv);
	if (ret < 0 && !o.names.cnt)
		ret = usage_error(&cmd_header, "no type given (-t NAME or --spec FILE)");
	if (ret < 0 && optind >= argc && !o.open.cache_dir)
		ret = usage_error(&cmd_header, "no KERNEL given (or --cache DIR to use its kernels)");
	if (ret < 0)
		ret = _run(argv + optind, argc - optind, &o);
	cmd_opts_release(&o);
	return ret;
}
