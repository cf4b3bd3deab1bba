// SPDX-License-Identifier: GPL-2.0
#include <getopt.h>
#include <stdio.h>

#include "../btf/matrix.h"
#include "../reports/report.h"
#include "cmd.h"

static int cmd_show_run(int argc, char **argv);

static const struct cmd_opt opts[] = {
	OPT_TYPE("a type to print"), OPT_SPEC, OPTS_OPEN, OPT_OUTPUT, OPT_HELP, { 0 },
};

const struct cmd cmd_show = {
	"show", cmd_show_run, "[KERNEL] (-t NAME... | --spec FILE)", opts,
	"print type definitions from one kernel",
};

static int _emit(const struct matrix *m, void *arg, FILE *f)
{
	(void)arg;
	return report_show__emit(m, f);
}

static int cmd_show_run(int argc, char **argv)
{
	struct cmd_opts o = { 0 };
	char *root[] = { "/" };
	int c, ret = -1;

	while (ret < 0 && (c = cmd__getopt(&cmd_show, argc, argv)) != -1)
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
