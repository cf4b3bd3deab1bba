// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/btf.h>

#include "../btf/kdiff.h"
#include "../btf/kernel.h"
#include "../btf/lookup.h"
#include "../btf/matrix.h"
#include "../scanner/baseline.h"
#include "../scanner/errmsg.h"
#include "cmd.h"

static int cmd_check_run(int argc, char **argv);

const struct cmd cmd_check = {
	"check", cmd_check_run,
	"kabiscan check --baseline FILE KERNEL... [--format text|json|markdown|junit] "
	"[--suppress FILE] [--fail-on compatible|breaking|none] [-v] [--ascii] [--base FILE] "
	"[--debug-dir DIR] [--prefer btf|dwarf] [--max-decompressed MIB] [--strict] "
	"[--cache DIR | --no-cache] [-j N] [-q] [-o FILE]",
};

/* The baseline's own cells: each name found in its BTF. */
static int _baseline_cells(const struct baseline *b, const struct btf *btf, const char *path,
			   struct type_query *qs, struct cell *cells)
{
	size_t i;
	int err = 0;

	for (i = 0; !err && i < b->cnt; i++) {
		int kind = qs[i].kind, id;

		id = btf__find_by_name_kind(btf, qs[i].name, kind);
		if (id < 0 && kind == BTF_KIND_ENUM)
			id = btf__find_by_name_kind(btf, qs[i].name, BTF_KIND_ENUM64);
		if (id <= 0) {
			err = errmsg__set(-EINVAL, "cannot read baseline '%s': '%s' is not in its "
					  "BTF", path, b->names[i]);
			break;
		}
		cells[i] = (struct cell){ .state = CELL_PRESENT, .btf = btf, .id = id,
					  .format = "BTF", .layouts = 1 };
	}
	return err;
}

static int _check(const struct abi_cmd_opts *o, char **paths, size_t cnt)
{
	struct baseline b = { 0 };
	struct btf *btf = NULL;
	struct type_query *qs = NULL;
	struct cell *base_cells = NULL, *cells = NULL;
	struct abi_result *rs = NULL;
	struct kernel **ks = NULL;
	struct matrix *m = NULL;
	struct name_list names = { 0 };
	size_t n = 0, i, k, nq = 0;
	int err, status = EXIT_ERROR;

	err = baseline__read(o->baseline, &b);
	if (!err && !(btf = btf__new(b.btf, b.btf_size)))
		err = errmsg__set(-EINVAL, "cannot read baseline '%s': invalid BTF (%s)",
				  o->baseline, strerror(errno));
	if (!err) {
		qs = calloc(b.cnt, sizeof(*qs));
		base_cells = calloc(b.cnt, sizeof(*base_cells));
		cells = calloc(b.cnt, sizeof(*cells));
		err = qs && base_cells && cells ? 0 : -ENOMEM;
	}
	for (i = 0; !err && i < b.cnt; i++) {
		err = type_query__parse(b.names[i], &qs[i]);
		if (err == -EINVAL)
			err = errmsg__set(-EINVAL, "cannot read baseline '%s': bad type name '%s'",
					  o->baseline, b.names[i]);
		nq += !err;
		err = err ?: name_list__add(&names, b.names[i]);
	}
	err = err ?: _baseline_cells(&b, btf, o->baseline, qs, base_cells);
	err = err ?: kernels_open(paths, cnt, &o->cmd.open, &names, &ks, &n, &m);
	if (!err && !(rs = calloc(n, sizeof(*rs))))
		err = -ENOMEM;
	/* Kernels in the order given; the matrix holds them in display order. */
	for (i = 0; !err && i < n; i++) {
		size_t d = matrix__column(m, i);

		for (k = 0; k < b.cnt; k++)
			cells[k] = m->types[k].cells[d];
		rs[i].old_name = strdup(b.release);
		rs[i].new_name = strdup(ks[i]->release);
		err = rs[i].old_name && rs[i].new_name ? 0 : -ENOMEM;
		err = err ?: kdiff__cells(base_cells, cells, qs, b.alloc, b.cnt, true, &rs[i]);
	}
	if (err)
		p_err("%s", strerror(-err));
	else
		status = abi_finish(o, rs, n);
	for (i = 0; rs && i < n; i++)
		abi_result_release(&rs[i]);
	for (i = 0; i < nq; i++)
		type_query_release(&qs[i]);
	free(rs);
	free(qs);
	free(base_cells);
	free(cells);
	name_list_release(&names);
	matrix__free(m);
	kernels_free(ks, n);
	btf__free(btf);
	baseline_release(&b);
	return status;
}

static int cmd_check_run(int argc, char **argv)
{
	static const struct option longopts[] = {
		ABI_LONGOPTS,
		{ "baseline", required_argument, NULL, 'B' },
		{ 0 },
	};
	struct abi_cmd_opts o = { .emit.command = "check" };
	int c, r = -1;

	while (r < 0 && (c = getopt_long(argc, argv, CMD_OPTSTRING "f:v", longopts, NULL)) != -1) {
		if (c == 'B')
			o.baseline = optarg;
		else if (c == 't' || c == 'S')
			r = usage_error(&cmd_check, "check takes its types from the baseline");
		else
			r = abi_opts__parse(&o, &cmd_check, c, argv);
	}
	if (r < 0 && !o.baseline)
		r = usage_error(&cmd_check, "no baseline given (--baseline FILE)");
	else if (r < 0 && optind >= argc)
		r = usage_error(&cmd_check, "no KERNEL given");
	if (r < 0)
		r = _check(&o, argv + optind, argc - optind);
	cmd_opts_release(&o.cmd);
	return r;
}
