// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "../btf/exports.h"
#include "../reports/report.h"
#include "../reports/symbols.h"
#include "../scanner/errmsg.h"
#include "../scanner/kdir.h"
#include "../scanner/package.h"
#include "cmd.h"
#include "exports.h"

static int cmd_symbols_run(int argc, char **argv);

static const struct cmd_opt opts[] = {
	{ "symbol", 's', "GLOB", OPT_SHORT | OPT_NO_SYN, "print only the symbols whose name matches GLOB; "
	  "repeats, and takes comma-separated lists" },
	{ "format", 'f', "symvers|json", OPT_SYN_LONG, "Module.symvers lines (the default; "
	  "one kernel) or JSON" },
	{ "from", 'F', "auto|symvers|binary", 0, "read Module.symvers where there is one, "
	  "else the binaries (auto, the default), or only one of them" },
	{ "symvers", 'V', "FILE", 0, "read FILE as the kernel's Module.symvers (one kernel)" },
	{ "check", 'c', NULL, 0, "compare Module.symvers with the binaries' ksymtabs, symbol "
	  "by symbol; exit 8 on a disagreement" },
	OPT_OUTPUT, OPT_HELP, { 0 },
};

const struct cmd cmd_symbols = {
	"symbols", cmd_symbols_run, "KERNEL... [-s GLOB...]", opts,
	"list the symbols a kernel exports to modules",
};

struct symbols_opts {
	struct name_list globs;	/* -s */
	bool json;		/* --format json */
	enum kexports_from from;	/* --from */
	const char *symvers;	/* --symvers FILE */
	bool check;		/* --check */
	const char *out;	/* -o */
};

/* --check: both sources of each kernel, compared. Sets *@disagree. */
static int _check(struct kernel_files **kfs, size_t n, const struct symbols_opts *o, FILE *f,
		  bool *disagree)
{
	size_t i;
	int err = 0;

	for (i = 0; !err && i < n; i++) {
		struct kexports sv, bin;
		struct export_check c = { 0 };

		err = kexports__load(kfs[i], o->symvers, KEXP_SYMVERS, &sv);
		err = err ?: kexports__load(kfs[i], NULL, KEXP_BINARY, &bin);
		if (err == -ENOENT && sv.symvers) {
			/* Nothing to compare with: said, and the others go on. */
			fprintf(f, "%s: not checked: %s\n", kfs[i]->release, errmsg__get());
			errmsg__clear();
			err = 0;
			goto next;
		}
		err = err ?: kexports__check(&sv.ex, &bin.ex, bin.image != NULL, bin.owners,
					     bin.owners_cnt, &c);
		err = err ?: report_exports_check__emit(&sv, &bin, &c, f);
		*disagree |= c.cnt > 0;
next:
		export_check_release(&c);
		kexports_release(&sv);
		kexports_release(&bin);
	}
	return err;
}

static int _list(const struct exports_set *es, const struct symbols_opts *o, FILE *f)
{
	struct symbols_filter sf = { o->globs.ptr, o->globs.cnt };

	if (o->json)
		return report_symbols_json__emit(es->ks, es->cnt, &sf, f);
	return report_symvers__emit(&es->ks[0], &sf, f);
}

/* --check reads roots' binaries: no package. */
static int _check_paths(char **paths, size_t cnt)
{
	size_t i;

	for (i = 0; i < cnt; i++)
		if (package__is_package(paths[i]))
			return errmsg__set(-EINVAL, "cannot check '%s': a package has no binaries to "
					   "compare its Module.symvers with (unpack it)", paths[i]);
	return 0;
}

static int _run(char **paths, size_t cnt, const struct symbols_opts *o)
{
	struct kernel_files **kfs = NULL;
	struct exports_set es = { 0 };
	struct output out = { 0 };
	bool disagree = false;
	size_t n = 0;
	int err;

	if (o->check) {
		err = _check_paths(paths, cnt);
		err = err ?: exports_find_kernels(paths, cnt, &kfs, &n);
	} else {
		err = exports_set__load(paths, cnt, o->symvers, o->from, &es);
		n = es.cnt;
	}
	if (!err && !n)
		err = errmsg__set(-ENOENT, "no kernel found in '%s'", paths[0]);
	if (!err && n > 1 && (o->symvers || (!o->json && !o->check))) {
		kernel_files__free_all(kfs, o->check ? n : 0);
		exports_set_release(&es);
		return usage_error(&cmd_symbols, "%s takes one kernel; %zu found",
				   o->symvers ? "--symvers" : "--format symvers", n);
	}
	err = err ?: output__open(&out, o->out);
	if (!err) {
		err = o->check ? _check(kfs, n, o, out.f, &disagree) : _list(&es, o, out.f);
		err = output__close(&out, !err) ?: err;
	}
	kernel_files__free_all(kfs, o->check ? n : 0);
	exports_set_release(&es);
	if (err) {
		p_err("%s", strerror(-err));
		return EXIT_ERROR;
	}
	return disagree ? EXIT_BREAKING : EXIT_OK;
}

static int cmd_symbols_run(int argc, char **argv)
{
	struct symbols_opts o = { .from = KEXP_AUTO };
	int c, r = -1;

	while (r < 0 && (c = cmd__getopt(&cmd_symbols, argc, argv)) != -1) {
		if (c == 's')
			r = name_list__add(&o.globs, optarg) ? EXIT_ERROR : -1;
		else if (c == 'f' && (!strcmp(optarg, "json") || !strcmp(optarg, "symvers")))
			o.json = !strcmp(optarg, "json");
		else if (c == 'f')
			r = usage_error(&cmd_symbols, "unknown format '%s'", optarg);
		else if (c == 'F' && exports_from_parse(optarg, &o.from))
			r = usage_error(&cmd_symbols, "unknown --from '%s'", optarg);
		else if (c == 'V')
			o.symvers = optarg;
		else if (c == 'c')
			o.check = true;
		else if (c == 'o')
			o.out = optarg;
		else if (c == 'h') {
			cmd__print_help(&cmd_symbols, stdout);
			r = EXIT_OK;
		} else if (c != 'F')
			r = bad_option(&cmd_symbols, c, argv);
	}
	if (r < 0 && optind >= argc)
		r = usage_error(&cmd_symbols, "no KERNEL given");
	if (r < 0 && o.check && (o.json || o.globs.cnt || o.from != KEXP_AUTO))
		r = usage_error(&cmd_symbols, "--check compares both sources; it takes no "
				"--format, -s or --from");
	if (r < 0)
		r = _run(argv + optind, argc - optind, &o);
	name_list_release(&o.globs);
	return r;
}
