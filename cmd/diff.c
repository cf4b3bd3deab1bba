// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "../btf/kdiff.h"
#include "../btf/kernel.h"
#include "../btf/matrix.h"
#include "../scanner/errmsg.h"
#include "cmd.h"

static int cmd_diff_run(int argc, char **argv);

const struct cmd cmd_diff = {
	"diff", cmd_diff_run,
	"kabiscan diff OLD NEW [-t NAME... | --spec FILE] [--format text|json|markdown|junit] "
	"[--suppress FILE] [--fail-on compatible|breaking|none] [-v] [--ascii] [--base FILE] "
	"[--debug-dir DIR] [--prefer btf|dwarf] [--max-decompressed MIB] [--strict] "
	"[--cache DIR | --no-cache] [-j N] [-q] [-o FILE]",
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
	struct abi_result r = { 0 };
	struct kernel **ks = NULL;
	struct matrix *m = NULL;
	const struct mx_type *miss;
	size_t n = 0, absent, nodata;
	int err, status = EXIT_ERROR;

	err = kernels_open(paths, 2, &o->cmd.open, &o->cmd.names, &ks, &n, &m);
	if (!err && n != 2)
		err = errmsg__set(-EINVAL, "diff compares two kernels; '%s' and '%s' hold %zu",
				  paths[0], paths[1], n);
	if (!err && (miss = matrix__missing(m, &absent, &nodata)))
		err = errmsg__set(-ENOENT, "unknown type '%s': not found in either kernel "
				  "(%zu absent, %zu without type data)", miss->q.spelled, absent,
				  nodata);
	if (!err) {
		r.old_name = strdup(ks[0]->release);
		r.new_name = strdup(ks[1]->release);
		err = r.old_name && r.new_name ? 0 : -ENOMEM;
	}
	if (!err)
		err = o->cmd.names.cnt ? _named(o, m, &r) : kdiff__kernels(ks[0], ks[1], &r);
	if (err)
		p_err("%s", strerror(-err));
	else
		status = abi_finish(o, &r, 1);
	abi_result_release(&r);
	matrix__free(m);
	kernels_free(ks, n);
	return status;
}

static int cmd_diff_run(int argc, char **argv)
{
	static const struct option longopts[] = { ABI_LONGOPTS, { 0 } };
	struct abi_cmd_opts o = { .emit.command = "diff" };
	int c, r = -1;

	while (r < 0 && (c = getopt_long(argc, argv, CMD_OPTSTRING "f:v", longopts, NULL)) != -1)
		r = abi_opts__parse(&o, &cmd_diff, c, argv);
	if (r < 0 && argc - optind != 2)
		r = usage_error(&cmd_diff, "diff takes two kernels, OLD and NEW");
	if (r < 0)
		r = _diff(&o, argv + optind);
	cmd_opts_release(&o.cmd);
	return r;
}
