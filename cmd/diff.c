// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "../btf/kdiff.h"
#include "../btf/kernel.h"
#include "../btf/matrix.h"
#include "../btf/modcheck.h"
#include "../scanner/errmsg.h"
#include "cmd.h"
#include "exports.h"

static int cmd_diff_run(int argc, char **argv);

static const struct cmd_opt opts[] = {
	OPT_TYPE("a type to compare (default: every type of both kernels)"),
	OPT_SPEC, OPTS_ABI(OPT_FAIL_ON), OPT_COLOR, OPTS_OPEN, OPT_OUTPUT, OPT_HELP, { 0 },
};

const struct cmd cmd_diff = {
	"diff", cmd_diff_run, "OLD NEW [-t NAME... | --spec FILE]", opts,
	"list the ABI changes between two kernels, compatible or breaking",
};

/* Named types: the cells of both kernels, compared type by type. */
static int _named(const struct abi_cmd_opts *o, const struct matrix *m, struct abi_result *r)
{
	size_t a = matrix__column(m, 0), b = matrix__column(m, 1), i, n = m->types_cnt;
	struct cell *ca = calloc(n, sizeof(*ca)), *cb = calloc(n, sizeof(*cb));
	struct type_query *qs = calloc(n, sizeof(*qs));
	bool *alloc = abi_alloc_flags(o, m);
	int err = ca && cb && qs && alloc ? 0 : -ENOMEM;

	for (i = 0; !err && i < n; i++) {
		ca[i] = m->types[i].cells[a];
		cb[i] = m->types[i].cells[b];
		qs[i] = m->types[i].q;
	}
	err = err ?: kdiff__cells(ca, cb, qs, alloc, n, true, r);
	free(ca);
	free(cb);
	free(qs);
	free(alloc);
	return err;
}

static int _diff(const struct abi_cmd_opts *o, char **paths)
{
	struct abi_result r = { .gpl_module = o->license && modcheck__gpl_compatible(o->license) };
	struct kexports *exs = NULL;
	struct kernel **ks = NULL;
	struct matrix *m = NULL;
	bool named = o->cmd.names.cnt || o->cmd.syms.cnt;
	size_t n = 0, missing;
	int err, status = EXIT_ERROR;

	err = kernels_open(paths, 2, &o->cmd.open, &o->cmd.names, &ks, &n, &m);
	if (!err && n != 2)
		err = errmsg__set(-EINVAL, "diff compares two kernels; '%s' and '%s' hold %zu",
				  paths[0], paths[1], n);
	err = err ?: kernels_missing(ks, n, m, "either kernel", false, &missing);
	if (!err) {
		r.old_name = strdup(ks[0]->release);
		r.new_name = strdup(ks[1]->release);
		err = r.old_name && r.new_name ? 0 : -ENOMEM;
	}
	/*
	 * Functions asked for are compared as exports too, and "sym" entries
	 * only so; whole kernels compare every export besides the types.
	 */
	if (!err && named)
		err = abi_mark_exports(paths, 2, m, o->cmd.syms.cnt, &exs);
	else if (!err)
		err = exports_of_matrix(paths, 2, m, KEXP_AUTO, &exs);
	if (!err)
		err = named ? _named(o, m, &r) : kdiff__kernels(ks[0], ks[1], &r) ?:
		      kdiff__kernel_exports(abi_exports_of(exs, matrix__column(m, 0)),
					    abi_exports_of(exs, matrix__column(m, 1)), &r);
	if (!err && o->cmd.syms.cnt)
		err = kdiff__exports(o->cmd.syms.ptr, o->cmd.syms.cnt,
				     abi_exports_of(exs, matrix__column(m, 0)),
				     abi_exports_of(exs, matrix__column(m, 1)), &r);
	if (err)
		p_err("%s", strerror(-err));
	else
		status = abi_finish(o, &r, 1);
	abi_result_release(&r);
	exports_free_all(exs, m ? m->kernels_cnt : 0);
	matrix__free(m);
	kernels_free(ks, n);
	return status;
}

static int cmd_diff_run(int argc, char **argv)
{
	struct abi_cmd_opts o = { .emit.command = "diff" };
	int c, r = -1;

	while (r < 0 && (c = cmd__getopt(&cmd_diff, argc, argv)) != -1)
		r = abi_opts__parse(&o, &cmd_diff, c, argv);
	if (r < 0 && argc - optind != 2)
		r = usage_error(&cmd_diff, "diff takes two kernels, OLD and NEW");
	if (r < 0)
		r = abi_opts__done(&o, &cmd_diff) ?: -1;
	/* All types of both kernels: the summary first, then the changes. */
	o.emit.summary_first = !o.cmd.names.cnt && !o.cmd.syms.cnt;
	if (r < 0)
		r = _diff(&o, argv + optind);
	cmd_opts_release(&o.cmd);
	return r;
}
