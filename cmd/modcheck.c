// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "../btf/exports.h"
#include "../btf/modcheck.h"
#include "../reports/report.h"
#include "../reports/symbols.h"
#include "../scanner/kdir.h"
#include "../scanner/modinfo.h"
#include "cmd.h"
#include "exports.h"

static int cmd_modcheck_run(int argc, char **argv);

static const struct cmd_opt opts[] = {
	{ "format", 'f', "text|json|junit", OPT_SYN_LONG, "the output format (default text)" },
	{ "from", 'F', "auto|symvers|binary", 0, "where the kernels' exports come from, as in "
	  "kabiscan symbols" },
	{ "symvers", 'V', "FILE", 0, "read FILE as the kernel's Module.symvers (one kernel)" },
	OPT_OUTPUT, OPT_HELP, { 0 },
};

const struct cmd cmd_modcheck = {
	"modcheck", cmd_modcheck_run, "MODULE KERNEL...", opts,
	"tell whether a built module loads on each kernel",
};

struct modcheck_opts {
	enum mc_format format;	/* --format */
	enum kexports_from from;	/* --from */
	const char *symvers;	/* --symvers FILE */
	const char *out;	/* -o */
};

static int _judge(const char *module, const struct exports_set *es,
		  const struct modcheck_opts *o, bool *fails)
{
	struct mc_result *rs = calloc(es->cnt ?: 1, sizeof(*rs));
	struct output out = { 0 };
	struct module_info mi = { 0 };
	size_t i;
	int err = rs ? 0 : -ENOMEM;

	err = err ?: modinfo__read(module, "", &mi, NULL);
	for (i = 0; !err && i < es->cnt; i++) {
		err = modcheck__judge(&mi, &es->ks[i], &rs[i]);
		*fails |= !err && !rs[i].loadable;
	}
	err = err ?: output__open(&out, o->out);
	if (!err) {
		err = report_modcheck__emit(module, &mi, rs, es->ks, es->cnt, o->format, out.f);
		err = output__close(&out, !err) ?: err;
	}
	for (i = 0; rs && i < es->cnt; i++)
		mc_result_release(&rs[i]);
	module_info_release(&mi);
	free(rs);
	return err;
}

static int _run(const char *module, char **paths, size_t cnt, const struct modcheck_opts *o)
{
	struct exports_set es;
	bool fails = false;
	int err;

	err = exports_set__load(paths, cnt, o->symvers, o->from, &es);
	if (!err && es.cnt > 1 && o->symvers) {
		exports_set_release(&es);
		return usage_error(&cmd_modcheck, "--symvers takes one kernel; %zu found", es.cnt);
	}
	err = err ?: _judge(module, &es, o, &fails);
	exports_set_release(&es);
	if (err) {
		p_err("%s", strerror(-err));
		return EXIT_ERROR;
	}
	return fails ? EXIT_BREAKING : EXIT_OK;
}

static int cmd_modcheck_run(int argc, char **argv)
{
	static const char *const formats[] = { "text", "json", "junit" };
	struct modcheck_opts o = { .format = MC_FMT_TEXT, .from = KEXP_AUTO };
	int c, r = -1;
	size_t i;

	while (r < 0 && (c = cmd__getopt(&cmd_modcheck, argc, argv)) != -1) {
		if (c == 'f') {
			for (i = 0; i < 3 && strcmp(optarg, formats[i]); i++)
				;
			if (i == 3)
				r = usage_error(&cmd_modcheck, "unknown format '%s'", optarg);
			o.format = (enum mc_format)i;
		} else if (c == 'F') {
			if (exports_from_parse(optarg, &o.from))
				r = usage_error(&cmd_modcheck, "unknown --from '%s'", optarg);
		} else if (c == 'V') {
			o.symvers = optarg;
		} else if (c == 'o') {
			o.out = optarg;
		} else if (c == 'h') {
			cmd__print_help(&cmd_modcheck, stdout);
			r = EXIT_OK;
		} else {
			r = bad_option(&cmd_modcheck, c, argv);
		}
	}
	if (r < 0 && argc - optind < 2)
		r = usage_error(&cmd_modcheck, argc - optind ? "no KERNEL given" :
				"no MODULE given");
	if (r < 0)
		r = _run(argv[optind], argv + optind + 1, argc - optind - 1, &o);
	return r;
}
