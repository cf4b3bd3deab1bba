// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../btf/dwarf.h"
#include "../btf/kernel.h"
#include "../btf/matrix.h"
#include "../scanner/errmsg.h"
#include "../scanner/image.h"
#include "../scanner/kdir.h"
#include "../scanner/spec.h"
#include "cmd.h"

int name_list__add(struct name_list *l, const char *arg)
{
	char *copy = strdup(arg), *save = NULL, *tok;
	int err = copy ? 0 : -ENOMEM;

	for (tok = copy ? strtok_r(copy, ",", &save) : NULL; !err && tok;
	     tok = strtok_r(NULL, ",", &save)) {
		if (l->cnt == l->cap) {
			size_t cap = l->cap ? l->cap * 2 : 8;
			char **p = realloc(l->ptr, cap * sizeof(*p));

			if (!p) {
				err = -ENOMEM;
				break;
			}
			l->ptr = p;
			l->cap = cap;
		}
		l->ptr[l->cnt] = strdup(tok);
		err = l->ptr[l->cnt] ? 0 : -ENOMEM;
		l->cnt += !err;
	}
	free(copy);
	return err;
}

int name_list__add_spec(struct name_list *l, struct name_list *alloc, const char *path)
{
	struct spec sp;
	size_t i;
	int err = spec__read(path, &sp);

	for (i = 0; !err && i < sp.cnt; i++) {
		err = name_list__add(l, sp.names[i]);
		if (!err && alloc && sp.alloc[i])
			err = name_list__add(alloc, sp.names[i]);
	}
	spec_release(&sp);
	return err;
}

/* -t NAME or --spec FILE: 1 if @c is one, 0 if not, -EXIT_ERROR if unreadable. */
static int _names_opt(struct name_list *l, struct name_list *alloc, int c, const char *arg)
{
	if (c == 't')
		return name_list__add(l, arg) ? -EXIT_ERROR : 1;
	if (c != 'S')
		return 0;
	if (name_list__add_spec(l, alloc, arg)) {
		p_err("cannot read '%s'", arg);
		return -EXIT_ERROR;
	}
	return 1;
}

void cmd_opts_release(struct cmd_opts *o)
{
	name_list_release(&o->names);
	name_list_release(&o->alloc);
}

void name_list_release(struct name_list *l)
{
	size_t i;

	for (i = 0; i < l->cnt; i++)
		free(l->ptr[i]);
	free(l->ptr);
	memset(l, 0, sizeof(*l));
}

/* All kernel_files named by @paths, in order. */
static int _find_all(char **paths, size_t cnt, const struct kdir_opts *ko,
		     struct kernel_files ***out, size_t *out_cnt)
{
	struct kernel_files **all = NULL, **kfs, **p;
	size_t i, j, n = 0, kcnt;
	int err = 0;

	for (i = 0; !err && i < cnt; i++) {
		err = kdir__find(paths[i], ko, &kfs, &kcnt);
		if (err)
			break;
		p = realloc(all, (n + kcnt) * sizeof(*p));
		if (!p) {
			kernel_files__free_all(kfs, kcnt);
			err = -ENOMEM;
			break;
		}
		all = p;
		for (j = 0; j < kcnt; j++)
			all[n++] = kfs[j];
		free(kfs);
	}
	if (err) {
		kernel_files__free_all(all, n);
		return err;
	}
	*out = all;
	*out_cnt = n;
	return 0;
}

/* -q, --max-decompressed, --base, --debug-dir, --prefer: as _names_opt. */
static int _open_opt(struct open_opts *o, int c, const char *arg, const struct cmd *cmd)
{
	switch (c) {
	case 'q':
		o->quiet = true;
		return 1;
	case 'M': {
		char *end;
		unsigned long mib = strtoul(arg, &end, 10);

		if (*end || !mib || mib > (1UL << 20))
			return -usage_error(cmd, "--max-decompressed takes MiB from 1 to %lu, not '%s'",
					    1UL << 20, arg);
		image_max_output = (size_t)mib << 20;
		return 1;
	}
	case 'b':
		o->base = arg;
		return 1;
	case 'D':
		o->debug_dir = arg;
		return 1;
	case 'P':
		if (strcmp(arg, "btf") && strcmp(arg, "dwarf"))
			return -usage_error(cmd, "--prefer takes btf or dwarf, not '%s'", arg);
		o->prefer_dwarf = !strcmp(arg, "dwarf");
		return 1;
	default:
		return 0;
	}
}

int cmd_opts__parse(struct cmd_opts *o, const struct cmd *cmd, int c, char **argv)
{
	int r = _open_opt(&o->open, c, optarg, cmd) ?: _names_opt(&o->names, &o->alloc, c, optarg);

	if (r)
		return r < 0 ? -r : -1;
	switch (c) {
	case 'o':
		o->out = optarg;
		return -1;
	case 'h':
		print_usage(cmd);
		return EXIT_OK;
	default:
		return bad_option(cmd, c, argv);
	}
}

static pthread_mutex_t progress_lock = PTHREAD_MUTEX_INITIALIZER;

/* "kabiscan: reading DWARF of 'vmlinux-6.1.0-50-amd64': 42%", on one line. */
static void _progress(void *arg, const char *path, unsigned long long done,
		      unsigned long long total)
{
	const char *base = strrchr(path, '/');

	(void)arg;
	if (total < (32ULL << 20))
		return;	/* modules take a blink; a debug vmlinux takes seconds */
	pthread_mutex_lock(&progress_lock);
	if (done >= total)
		fputs("\r\033[K", stderr);
	else
		fprintf(stderr, "\r\033[Kkabiscan: reading DWARF of '%s': %llu%%",
			base ? base + 1 : path, total ? done * 100 / total : 0);
	fflush(stderr);
	pthread_mutex_unlock(&progress_lock);
}

static const struct dwarf_progress tty_progress = { _progress, NULL };

static int _lookup(struct kernel *k, size_t i, void *matrix)
{
	return matrix__lookup(matrix, i, k);
}

int kernels_open(char **paths, size_t cnt, const struct open_opts *o,
		 const struct name_list *names, struct kernel ***out, size_t *out_cnt,
		 struct matrix **mx)
{
	struct kdir_opts ko = { .base = o->base, .debug_dir = o->debug_dir };
	struct kernel_opts kopts = {
		.prefer_dwarf = o->prefer_dwarf,
		.progress = isatty(STDERR_FILENO) && !o->quiet ? &tty_progress : NULL,
	};
	struct kernel_files **kfs = NULL;
	struct kernel **ks = NULL;
	struct matrix *m = NULL;
	size_t n = 0;
	int err;

	err = _find_all(paths, cnt, &ko, &kfs, &n);
	err = err ?: matrix__new(names->ptr, names->cnt, n, &m);
	if (!err && !(ks = calloc(n ?: 1, sizeof(*ks))))
		err = -ENOMEM;
	/* Each kernel's lookups run on the thread that opened it. */
	err = err ?: kernel__open_many(kfs, n, 0, &kopts, _lookup, m, ks);
	err = err ?: matrix__finish(m, ks);
	kernel_files__free_all(kfs, n);
	if (err) {
		matrix__free(m);
		kernels_free(ks, ks ? n : 0);
		return err;
	}
	*out = ks;
	*out_cnt = n;
	*mx = m;
	return 0;
}

void kernels_free(struct kernel **ks, size_t cnt)
{
	size_t i;

	for (i = 0; i < cnt; i++)
		kernel__free(ks[i]);
	free(ks);
}
