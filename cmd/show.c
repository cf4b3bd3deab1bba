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
	"[--max-decompressed MIB] [-q] [-o FILE]",
};

static int _emit(const struct matrix *m, void *arg, FILE *f)
{
	(void)arg;
	return report_show__emit(m, f);
}

static int cmd_show_run(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "type", required_argument, NULL, 't' },
		{ "spec", required_argument, NULL, 'S' },
		{ "output", required_argument, NULL, 'o' },
		OPEN_LONGOPTS,
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct name_list names = { 0 };
	struct open_opts oo = { 0 };
	const char *out = NULL;
	char *root[] = { "/" };
	int c, r, ret = -1;

	while (ret < 0 && (c = getopt_long(argc, argv, ":t:o:hq", longopts, NULL)) != -1) {
		r = open_opts__parse(&oo, c, optarg, &cmd_show) ?:
		    name_list__parse_opt(&names, c, optarg);
		if (r) {
			ret = r < 0 ? -r : -1;
			continue;
		}
		switch (c) {
		case 'o': out = optarg; break;
		case 'h': print_usage(&cmd_show); ret = EXIT_OK; break;
		default: ret = bad_option(&cmd_show, c, argv); break;
		}
	}
	if (ret < 0 && !names.cnt)
		ret = usage_error(&cmd_show, "no type given (-t NAME or --spec FILE)");
	if (ret < 0 && argc - optind > 1)
		ret = usage_error(&cmd_show, "show takes one KERNEL; use report for several");
	if (ret < 0)
		ret = report_emit(optind < argc ? argv + optind : root, 1, &names, &oo, out,
				  _emit, NULL);
	name_list_release(&names);
	return ret;
}
