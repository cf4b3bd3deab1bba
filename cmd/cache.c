// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../scanner/cache.h"
#include "../scanner/errmsg.h"
#include "../scanner/kdir.h"
#include "../scanner/quote.h"
#include "cmd.h"

static int cmd_cache_run(int argc, char **argv);

static const struct cmd_opt opts[] = {
	{ "cache", 'K', "DIR", 0, "the cache directory (default: $XDG_CACHE_HOME/kabiscan, "
	  "else ~/.cache/kabiscan); import fills it" },
	OPT_HELP, { 0 },
};

const struct cmd cmd_cache = {
	"cache", cmd_cache_run, "(ls | clear | verify | import DIR...)", opts,
	"list, empty, verify or merge scan caches",
};

/* @size in bytes as "4.2MiB". */
static void _size(FILE *f, size_t size)
{
	static const char *units[] = { "B", "KiB", "MiB", "GiB" };
	double v = (double)size;
	int u = 0;

	while (v >= 1024 && u < 3) {
		v /= 1024;
		u++;
	}
	fprintf(f, "%.*f%s", u ? 1 : 0, v, units[u]);
}

void print_cache_line(FILE *f, const char *release, const char *arch, size_t size,
		      const char *key)
{
	fprintf(f, "%s %s ", release, arch);
	_size(f, size);
	fprintf(f, " %s\n", key);
}

/* "WHAT: N, SIZE (WHY)" for files ls sums up on a line of their own, if any. */
static void _files_line(const char *what, size_t n, size_t bytes, const char *why)
{
	if (!n)
		return;
	printf("%s: %zu, ", what, n);
	_size(stdout, bytes);
	printf(" (%s)\n", why);
}

static int _ls(struct cache *c)
{
	struct cache_entry **es;
	size_t i, n, bytes;
	int err = cache__list(c, &es, &n);

	for (i = 0; !err && i < n; i++)
		print_cache_line(stdout, es[i]->kf->release, es[i]->arch, es[i]->file_size,
				 es[i]->key);
	if (!err)
		cache_entry__free_all(es, n);
	err = err ?: cache__stale(c, &n, &bytes);
	if (!err)
		_files_line("stale entries", n, bytes, "written by another version of kabiscan, "
			    "and no longer read; scans replace them, cache clear removes them");
	err = err ?: cache__temporaries(c, &n, &bytes);
	if (!err)
		_files_line("temporary files", n, bytes, "left by interrupted writes, or being "
			    "written; cache clear removes them");
	return err;
}

static int _clear(struct cache *c)
{
	size_t n, tmps, bytes;
	int err = cache__clear(c, &n, &tmps, &bytes);

	if (!err) {
		printf("removed %zu entr%s", n, n == 1 ? "y" : "ies");
		if (tmps)
			printf(" and %zu temporary file%s", tmps, tmps == 1 ? "" : "s");
		printf(" (%zu bytes) from %s\n", bytes, cache__dir(c));
	}
	return err;
}

/*
 * One line per entry, "VERDICT RELEASE KEY[: WHY]"; an entry whose files
 * still say something else than it does fails the command.
 */
static int _verify(struct cache *c)
{
	static const char *const words[] = { "ok", "MISMATCH", "stale", "gone", "unchecked",
					     "DAMAGED" };
	struct cache_entry **es;
	struct cache_check chk;
	size_t i, n, bad = 0;
	int err = cache__list(c, &es, &n);

	for (i = 0; !err && i < n; i++) {
		err = cache__verify(c, es[i]->key, &chk);
		if (err)
			break;
		printf("%s ", words[chk.verdict]);
		quote__fputs(chk.release[0] ? chk.release : "?", false, stdout);
		printf(" %s", es[i]->key);
		if (chk.verdict != CACHE_OK) {
			fputs(": ", stdout);
			quote__fputs(chk.why, false, stdout);
		}
		fputc('\n', stdout);
		bad += chk.verdict == CACHE_MISMATCH || chk.verdict == CACHE_DAMAGED;
	}
	if (!err)
		cache_entry__free_all(es, n);
	if (!err && bad)
		err = errmsg__set(-EINVAL, "%zu of %zu entries in '%s' do not match their files; "
				  "do not trust reports made from it (kabiscan cache clear)", bad, n,
				  cache__dir(c));
	return err;
}

/* Copy one shard's entries into @c, checked on the way; a line per kernel. */
static int _import_one(struct cache *c, const char *dir)
{
	struct cache_entry **es = NULL, *e, *have;
	struct cache *src = NULL;
	size_t i, n = 0;
	int err = cache__check_dir(dir) ?: cache__open(dir, true, &src);

	err = err ?: cache__list(src, &es, &n);
	for (i = 0; !err && i < n; i++) {
		/* Loading checks the whole entry (magic, length, checksums). */
		err = cache__load(src, es[i]->key, &e);
		if (!err && (err = cache_entry__check(e))) {
			cache_entry__free(e);
			break;
		}
		/* An entry the cache has already (same key, same files) stays. */
		if (!err && cache__load(c, e->key, &have)) {
			errmsg__clear();
			err = cache__store(c, e);
		} else if (!err) {
			cache_entry__free(have);
		}
		if (!err)
			print_cache_line(stdout, e->kf->release, es[i]->arch, es[i]->file_size,
					 e->key);
		cache_entry__free(e);
	}
	cache_entry__free_all(es, n);
	cache__free(src);
	return err;
}

/* cache import DIR...: the entries of caches filled apart (CI shards) into this one. */
static int _import(struct cache *c, char **dirs, int n)
{
	int i, err = 0;

	for (i = 0; !err && i < n; i++)
		err = _import_one(c, dirs[i]);
	return err;
}

static int cmd_cache_run(int argc, char **argv)
{
	const char *dir = NULL, *verb;
	struct cache *c = NULL;
	int ch, err;

	while ((ch = cmd__getopt(&cmd_cache, argc, argv)) != -1) {
		if (ch == 'h') {
			cmd__print_help(&cmd_cache, stdout);
			return EXIT_OK;
		}
		if (ch != 'K')
			return bad_option(&cmd_cache, ch, argv);
		dir = optarg;
	}
	if (optind >= argc)
		return usage_error(&cmd_cache, "no subcommand given (ls, clear, verify or import)");
	verb = argv[optind];
	if (strcmp(verb, "ls") && strcmp(verb, "clear") && strcmp(verb, "verify") &&
	    strcmp(verb, "import"))
		return usage_error(&cmd_cache, "unknown subcommand '%s'", verb);
	if (strcmp(verb, "import") && optind + 1 < argc)
		return usage_error(&cmd_cache, "'cache %s' takes no argument '%s'", verb,
				   argv[optind + 1]);
	if (!strcmp(verb, "import") && optind + 1 >= argc)
		return usage_error(&cmd_cache, "'cache import' takes the cache directories to import");
	err = cache__open(dir, true, &c);
	if (!err && !c)
		err = errmsg__set(-ENOENT, "no cache directory: set XDG_CACHE_HOME or HOME, "
				  "or give --cache DIR");
	if (!err && !strcmp(verb, "import"))
		err = _import(c, argv + optind + 1, argc - optind - 1);
	else if (!err)
		err = !strcmp(verb, "ls") ? _ls(c) : !strcmp(verb, "clear") ? _clear(c) : _verify(c);
	cache__free(c);
	if (err) {
		p_err("%s", strerror(-err));
		return EXIT_ERROR;
	}
	return EXIT_OK;
}
