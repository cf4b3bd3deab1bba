// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "../btf/matrix.h"
#include "../reports/report.h"
#include "../scanner/errmsg.h"
#include "cmd.h"

static int cmd_report_run(int argc, char **argv);

const struct cmd cmd_report = {
	"report", cmd_report_run,
	"kabiscan report KERNEL... (-t NAME... | --spec FILE) [--format text|json|markdown|html] [--ascii] "
	"[--base FILE] [--debug-dir DIR] [--prefer btf|dwarf] [--max-decompressed MIB] [--strict] "
	"[--cache DIR | --no-cache] [-j N] [-q] [-o FILE]",
};

enum report_format { FMT_TEXT, FMT_JSON, FMT_MARKDOWN, FMT_HTML };

/* Options of report, filled by _parse. */
struct report_opts {
	struct cmd_opts cmd;	/* what every command takes */
	enum report_format format;	/* --format */
	bool ascii;		/* --ascii */
};

static int _format(struct report_opts *o, const char *arg)
{
	if (!strcmp(arg, "text"))
		o->format = FMT_TEXT;
	else if (!strcmp(arg, "json"))
		o->format = FMT_JSON;
	else if (!strcmp(arg, "markdown") || !strcmp(arg, "md"))
		o->format = FMT_MARKDOWN;
	else if (!strcmp(arg, "html"))
		o->format = FMT_HTML;
	else
		return usage_error(&cmd_report, "unknown format '%s'", arg);
	return 0;
}

/* 0 to go on with the report, -1 after -h, or an exit status. */
static int _parse(int argc, char **argv, struct report_opts *o)
{
	static const struct option longopts[] = {
		CMD_LONGOPTS,
		{ "format", required_argument, NULL, 'f' },
		{ "ascii", no_argument, NULL, 'a' },
		{ 0 },
	};
	int c, r = -1;

	while (r < 0 && (c = getopt_long(argc, argv, CMD_OPTSTRING "f:", longopts, NULL)) != -1) {
		if (c == 'f')
			r = _format(o, optarg) ?: -1;
		else if (c == 'a')
			o->ascii = true;
		else
			r = cmd_opts__parse(&o->cmd, &cmd_report, c, argv);
	}
	if (r >= 0)
		return r == EXIT_OK ? -1 : r;
	if (optind >= argc && !o->cmd.open.cache_dir)
		return usage_error(&cmd_report, "no KERNEL given (or --cache DIR to report its kernels)");
	if (!o->cmd.names.cnt)
		return usage_error(&cmd_report, "no type given (-t NAME or --spec FILE)");
	return 0;
}

/* Build the matrix, refuse names present nowhere, emit. Shared by show. */
int report_emit(char **paths, size_t cnt, const struct cmd_opts *o,
		int (*emit)(const struct matrix *, void *, FILE *), void *emit_arg)
{
	struct kernel **ks = NULL;
	struct matrix *m = NULL;
	const struct mx_type *miss;
	struct output out = { 0 };
	size_t n = 0, absent, nodata;
	int err;

	err = kernels_open(paths, cnt, &o->open, &o->names, &ks, &n, &m);
	if (!err && (miss = matrix__missing(m, &absent, &nodata)))
		err = errmsg__set(-ENOENT, "unknown type '%s': not found in %s%zu kernel%s "
				  "(%zu absent, %zu without type data)", miss->q.spelled,
				  n > 1 ? "any of " : "", n, n == 1 ? "" : "s", absent, nodata);
	err = err ?: output__open(&out, o->out);
	if (!err) {
		err = emit(m, emit_arg, out.f);
		err = output__close(&out, !err) ?: err;
	}
	if (err)
		p_err("%s", strerror(-err));
	matrix__free(m);
	kernels_free(ks, n);
	return err ? EXIT_ERROR : EXIT_OK;
}

static int _emit(const struct matrix *m, void *arg, FILE *f)
{
	const struct report_opts *o = arg;

	switch (o->format) {
	case FMT_JSON: return report_json__emit(m, f);
	case FMT_MARKDOWN: return report_md__emit(m, f);
	case FMT_HTML: return report_html__emit(m, f);
	default: return report_text__emit(m, o->ascii, f);
	}
}

static int cmd_report_run(int argc, char **argv)
{
	struct report_opts o = { 0 };
	int ret = _parse(argc, argv, &o);

	if (!ret)
		ret = report_emit(argv + optind, argc - optind, &o.cmd, _emit, &o);
	cmd_opts_release(&o.cmd);
	return ret < 0 ? EXIT_OK : ret;
}
