// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../btf/export_facts.h"
#include "../btf/matrix.h"
#include "../reports/report.h"
#include "../scanner/errmsg.h"
#include "cmd.h"
#include "exports.h"

static int cmd_report_run(int argc, char **argv);

static const struct cmd_opt opts[] = {
	OPT_TYPE("a type to report"),
	OPT_SPEC,
	{ "format", 'f', "text|json|markdown|html", OPT_SHORT | OPT_SYN_LONG,
	  "the output format (default text; md is markdown)" },
	{ "ascii", 'a', NULL, 0, "in text, plain ASCII words and arrows instead of emoji" },
	{ "max-bytes", 'L', "N", 0, "in markdown, write at most N bytes (default 65536, what a "
	  "GitHub comment holds; 0: no limit), leaving out definitions, then types, as it says" },
	OPT_COLOR, OPTS_OPEN, OPT_OUTPUT, OPT_HELP, { 0 },
};

const struct cmd cmd_report = {
	"report", cmd_report_run, "KERNEL... (-t NAME... | --spec FILE)", opts,
	"compare type layouts across kernels",
};

enum report_format { FMT_TEXT, FMT_JSON, FMT_MARKDOWN, FMT_HTML };

/* Options of report, filled by _parse. */
struct report_opts {
	struct cmd_opts cmd;	/* what every command takes */
	enum report_format format;	/* --format */
	bool ascii;		/* --ascii */
	long max_bytes;		/* --max-bytes; -1 if not given */
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

static int _max_bytes(struct report_opts *o, const char *arg)
{
	char *end;

	errno = 0;
	o->max_bytes = strtol(arg, &end, 10);
	if (errno || *end || end == arg || o->max_bytes < 0)
		return usage_error(&cmd_report, "--max-bytes takes a number of bytes, not '%s'", arg);
	return -1;
}

/* 0 to go on with the report, -1 after -h, or an exit status. */
static int _parse(int argc, char **argv, struct report_opts *o)
{
	int c, r = -1;

	while (r < 0 && (c = cmd__getopt(&cmd_report, argc, argv)) != -1) {
		if (c == 'f')
			r = _format(o, optarg) ?: -1;
		else if (c == 'a')
			o->ascii = true;
		else if (c == 'L')
			r = _max_bytes(o, optarg);
		else
			r = cmd_opts__parse(&o->cmd, &cmd_report, c, argv);
	}
	if (r >= 0)
		return r == EXIT_OK ? -1 : r;
	if (optind >= argc && !o->cmd.open.cache_dir)
		return usage_error(&cmd_report, "no KERNEL given (or --cache DIR to report its kernels)");
	if (!o->cmd.names.cnt)
		return usage_error(&cmd_report, "no type given (-t NAME or --spec FILE)");
	if (o->max_bytes >= 0 && o->format != FMT_MARKDOWN)
		return usage_error(&cmd_report, "--max-bytes is for the markdown format");
	return 0;
}

/* Build the matrix, refuse names present nowhere, emit. Shared by show. */
int report_emit(char **paths, size_t cnt, const struct cmd_opts *o, bool partial,
		int (*emit)(const struct matrix *, void *, FILE *), void *emit_arg)
{
	struct open_opts how = o->open;
	struct kernel **ks = NULL;
	struct matrix *m = NULL;
	struct kexports *exs = NULL;
	struct output out = { 0 };
	char where[48];
	size_t n = 0, missing = 0;
	int err;

	/* What is emitted comes from the matrix alone: no kernel's BTF is kept. */
	how.release = true;
	err = kernels_open(paths, cnt, &how, &o->names, &ks, &n, &m);
	/*
	 * Functions carry their export status ("exported GPL", "not exported")
	 * where a Module.symvers tells it: cheap, and the same for a package
	 * and its unpacked tree.
	 */
	if (!err && export_facts__has_funcs(m) &&
	    !(err = exports_of_matrix(paths, cnt, m, KEXP_SYMVERS, &exs)))
		export_facts__mark_cells(m, exs);
	/* The comparisons say what changed in a function's export. */
	err = err ?: (exs ? export_facts__compare(m) : 0);
	snprintf(where, sizeof(where), "%s%zu kernel%s", n > 1 ? "any of " : "", n,
		 n == 1 ? "" : "s");
	err = err ?: kernels_missing(ks, n, m, where, partial, &missing);
	err = err ?: output__open(&out, o->out);
	if (!err) {
		err = emit(m, emit_arg, out.f);
		err = output__close(&out, !err) ?: err;
	}
	/* With @partial, every missing type has been named already. */
	if (err && !(partial && err == -ENOENT && missing))
		p_err("%s", strerror(-err));
	matrix__free(m);
	exports_free_all(exs, n);
	kernels_free(ks, n);
	return err || missing ? EXIT_ERROR : EXIT_OK;
}

static int _emit(const struct matrix *m, void *arg, FILE *f)
{
	const struct report_opts *o = arg;

	switch (o->format) {
	case FMT_JSON: return report_json__emit(m, f);
	case FMT_MARKDOWN: return report_md__emit(m, o->max_bytes < 0 ? 65536 : o->max_bytes, f);
	case FMT_HTML: return report_html__emit(m, f);
	default: return report_text__emit(m, o->ascii, cmd_opts__color(&o->cmd), f);
	}
}

static int cmd_report_run(int argc, char **argv)
{
	struct report_opts o = { .max_bytes = -1 };
	int ret = _parse(argc, argv, &o);

	if (!ret)
		ret = report_emit(argv + optind, argc - optind, &o.cmd, false, _emit, &o);
	cmd_opts_release(&o.cmd);
	return ret < 0 ? EXIT_OK : ret;
}
