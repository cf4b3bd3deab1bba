// SPDX-License-Identifier: GPL-2.0
#include <getopt.h>
#include <stdio.h>

#include "../btf/matrix.h"
#include "../reports/report.h"
#include "cmd.h"

static int cmd_show_run(int argc, char **argv);

const struct cmd cmd_show = {
	"show", cmd_show_run,
	"kabiscan show [KERNEL] (-t NAME... | --spec FILE) [--base FILE] [--debug-dir DIR] [--prefer btf|dwarf] "
	"[--max-decompressed MIB] [--strict] [--cache DIR | --no-cache] [-j N] [-q] [-o FILE]",
};

static int _emit(const struct matrix *m, void *arg, FILE *f)
{
	(void)arg;
	return report_show__emit(m, f);
}

static int cmd_show_run(int argc, char **argv)
{
	static const struct option longopts[] = { CMD_LONGOPTS, { 0 } };
	struct cmd_opts o = { 0 };
	char *root[] = { "/" };
	int c, ret = -1;

	while (ret < 0 && (c = getopt_long(argc, argv, CMD_OPTSTRING, longopts, NULL)) != -1)
		ret = cmd_opts__parse(&o, &cmd_show, c, argv);
	if (ret < 0 && !o.names.cnt)
		ret = usage_error(&cmd_show, "no type given (-t NAME or --spec FILE)");
	if (ret < 0 && argc - optind > 1)
		ret = usage_error(&cmd_show, "show takes one KERNEL; use report for several");
	if (ret < 0)
		ret = report_emit(optind < argc ? argv + optind : root, 1, &o, _emit, NULL);
	cmd_opts_release(&o);
	return ret;
}
