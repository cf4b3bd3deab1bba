// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/btf.h>

#include "../btf/copy.h"
#include "../btf/kernel.h"
#include "../btf/matrix.h"
#include "../reports/report.h"
#include "../scanner/errmsg.h"
#include "cmd.h"
#include "exports.h"

static int cmd_snapshot_run(int argc, char **argv);

static const struct cmd_opt opts[] = {
	OPT_TYPE("a type the driver depends on"), OPT_SPEC,
	{ "output", 'o', "FILE", OPT_SHORT | OPT_NO_SYN, "write the baseline to FILE; required" },
	OPT_BASE, OPT_DEBUG_DIR, OPT_PREFER, OPT_MAX_DECOMPRESSED, OPT_CACHE, OPT_NO_CACHE,
	OPT_STRICT, OPT_QUIET, OPT_HELP, { 0 },
};

const struct cmd cmd_snapshot = {
	"snapshot", cmd_snapshot_run, "KERNEL (-t NAME... | --spec FILE) -o FILE", opts,
	"record the types a driver depends on as a baseline file",
};

static int _snapshot(const struct abi_cmd_opts *o, char *path)
{
	struct output out = { 0 };
	struct kernel **ks = NULL;
	struct matrix *m = NULL;
	struct btf_ref *refs = NULL;
	struct btf *btf = NULL;
	struct kexports *exs = NULL;
	bool *alloc = NULL;
	size_t n = 0, t;
	int err;

	err = kernels_open(&path, 1, &o->cmd.open, &o->cmd.names, &ks, &n, &m);
	if (!err && n != 1)
		err = errmsg__set(-EINVAL, "a snapshot is of one kernel; '%s' holds %zu", path, n);
	for (t = 0; !err && t < m->types_cnt; t++) {
		const struct cell *c = &m->types[t].cells[0];

		if (c->state == CELL_ABSENT)
			err = errmsg__set(-ENOENT, "unknown type '%s': not found in %s",
					  m->types[t].q.spelled, ks[0]->release);
		else if (c->state == CELL_NODATA)
			err = errmsg__set(-ENODATA, "cannot snapshot '%s' of %s: %s",
					  m->types[t].q.spelled, ks[0]->release, c->reason);
	}
	err = err ?: abi_mark_exports(&path, 1, m, o->cmd.syms.cnt, &exs);
	if (!err && o->cmd.syms.cnt && !abi_exports_of(exs, 0))
		err = errmsg__set(-ENOENT, "cannot snapshot 'sym %s' of %s: its exports are "
				  "unknown (no Module.symvers, image or module files)",
				  o->cmd.syms.ptr[0], ks[0]->release);
	if (!err) {
		alloc = abi_alloc_flags(o, m);
		refs = calloc(m->types_cnt, sizeof(*refs));
		err = alloc && refs ? 0 : -ENOMEM;
	}
	for (t = 0; !err && t < m->types_cnt; t++)
		refs[t] = (struct btf_ref){ m->types[t].cells[0].btf, m->types[t].cells[0].id };
	err = err ?: btf_copy__closure(refs, m->types_cnt, &btf, NULL);
	err = err ?: output__open(&out, o->cmd.out);
	if (!err) {
		err = report_baseline__emit(m, alloc, btf, o->cmd.syms.ptr, o->cmd.syms.cnt,
					    abi_exports_of(exs, 0), out.f);
		err = output__close(&out, !err) ?: err;
	}
	if (err)
		p_err("%s", strerror(-err));
	btf__free(btf);
	free(refs);
	free(alloc);
	exports_free_all(exs, m ? m->kernels_cnt : 0);
	matrix__free(m);
	kernels_free(ks, n);
	return err ? EXIT_ERROR : EXIT_OK;
}

static int cmd_snapshot_run(int argc, char **argv)
{
	struct abi_cmd_opts o = { 0 };
	int c, r = -1;

	while (r < 0 && (c = cmd__getopt(&cmd_snapshot, argc, argv)) != -1)
		r = cmd_opts__parse(&o.cmd, &cmd_snapshot, c, argv);
	if (r < 0 && argc - optind != 1)
		r = usage_error(&cmd_snapshot, "snapshot takes one KERNEL");
	else if (r < 0 && !o.cmd.names.cnt)
		r = usage_error(&cmd_snapshot, "no type given (-t NAME or --spec FILE)");
	else if (r < 0 && !o.cmd.out)
		r = usage_error(&cmd_snapshot, "no output given (-o FILE)");
	if (r < 0)
		r = _snapshot(&o, argv[optind]);
	cmd_opts_release(&o.cmd);
	return r;
}
