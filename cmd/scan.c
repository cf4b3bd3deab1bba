// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../btf/kernel.h"
#include "../scanner/cache.h"
#include "cmd.h"

static int cmd_scan_run(int argc, char **argv);

static const struct cmd_opt opts[] = {
	{ "cache", 'K', "DIR", 0, "the cache to fill (default: the default cache)" },
	OPT_BASE, OPT_DEBUG_DIR, OPT_MAX_DECOMPRESSED, OPT_STRICT, OPT_JOBS, OPT_QUIET, OPT_HELP, { 0 },
};

const struct cmd cmd_scan = {
	"scan", cmd_scan_run, "KERNEL...", opts,
	"read kernels into a cache directory",
};

/* Read every kernel into the cache; one line per kernel as `cache ls` prints it. */
static int _run(char **paths, size_t cnt, struct cmd_opts *o)
{
	struct kernel **ks = NULL;
	size_t n = 0, i;
	int err;

	/* Each kernel's type data is stored, and then needed no more. */
	o->open.release = true;
	err = kernels_scan(paths, cnt, &o->open, NULL, NULL, NULL, &ks, &n);
	for (i = 0; !err && i < n; i++)
		print_cache_line(stdout, ks[i]->release, ks[i]->arch, ks[i]->cache_size,
				 ks[i]->cache_key);
	if (err)
		p_err("%s", strerror(-err));
	kernels_free(ks, n);
	return err ? EXIT_ERROR : EXIT_OK;
}

static int cmd_scan_run(int argc, char **argv)
{
	struct cmd_opts o = { 0 };
	char *dir = NULL;
	int c, ret = -1;

	while (ret < 0 && (c = cmd__getopt(&cmd_scan, argc, argv)) != -1)
		ret = cmd_opts__parse(&o, &cmd_scan, c, argv);
	if (ret < 0 && optind >= argc)
		ret = usage_error(&cmd_scan, "no KERNEL given");
	/* Scanning is the point: the default cache must work too. */
	if (ret < 0 && !o.open.cache_dir && !(o.open.cache_dir = dir = cache__default_dir())) {
		fprintf(stderr, "kabiscan: no cache directory: set XDG_CACHE_HOME or HOME, "
			"or give --cache DIR\n");
		ret = EXIT_ERROR;
	}
	o.open.cache_required = true;
	if (ret < 0)
		ret = _run(argv + optind, argc - optind, &o);
	name_list_release(&o.names);
	free(dir);
	return ret;
}
