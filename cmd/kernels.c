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
#include "../btf/lookup.h"
#include "../btf/matrix.h"
#include "../scanner/cache.h"
#include "../scanner/errmsg.h"
#include "../scanner/image.h"
#include "../scanner/kdir.h"
#include "../scanner/package.h"
#include "../scanner/quote.h"
#include "../scanner/spec.h"
#include "cmd.h"

static pthread_mutex_t progress_lock = PTHREAD_MUTEX_INITIALIZER;

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

int name_list__add_spec(struct name_list *l, struct name_list *alloc,
			struct name_list *nolayout, struct name_list *syms, const char *path)
{
	struct spec sp;
	size_t i;
	int err = spec__read(path, &sp);

	for (i = 0; !err && i < sp.cnt; i++) {
		err = name_list__add(l, sp.names[i]);
		if (!err && alloc && sp.alloc[i])
			err = name_list__add(alloc, sp.names[i]);
		if (!err && nolayout && sp.nolayout[i])
			err = name_list__add(nolayout, sp.names[i]);
	}
	for (i = 0; !err && syms && i < sp.syms_cnt; i++)
		err = name_list__add(syms, sp.syms[i]);
	spec_release(&sp);
	return err;
}

/* Each name -t added to @l from @from on must parse: a usage error if not. */
static int _check_names(const struct name_list *l, size_t from, const struct cmd *cmd)
{
	struct type_query q;

	for (; from < l->cnt; from++) {
		if (type_query__parse(l->ptr[from], &q))
			return usage_error(cmd, "%s", errmsg__get() ?: "bad type name");
		type_query_release(&q);
	}
	return 0;
}

/*
 * -t NAME or --spec FILE: 1 if @c is one, 0 if not, -EXIT_ERROR if
 * unreadable, -EXIT_USAGE for a name that is no type name.
 */
static int _names_opt(struct cmd_opts *o, int c, const char *arg, const struct cmd *cmd)
{
	size_t from = o->names.cnt;

	if (c == 't') {
		if (name_list__add(&o->names, arg))
			return -EXIT_ERROR;
		return _check_names(&o->names, from, cmd) ? -EXIT_USAGE : 1;
	}
	if (c != 'S')
		return 0;
	if (name_list__add_spec(&o->names, &o->alloc, &o->nolayout, &o->syms, arg)) {
		p_err("cannot read '%s'", arg);
		return -EXIT_ERROR;
	}
	return 1;
}

void cmd_opts_release(struct cmd_opts *o)
{
	name_list_release(&o->names);
	name_list_release(&o->alloc);
	name_list_release(&o->nolayout);
	name_list_release(&o->syms);
}

void name_list_release(struct name_list *l)
{
	size_t i;

	for (i = 0; i < l->cnt; i++)
		free(l->ptr[i]);
	free(l->ptr);
	memset(l, 0, sizeof(*l));
}

/*
 * The kernels @path names: a file or directory, else, with a cache the user
 * named, the cached kernels of that release or key.
 */
static int _find_one(const char *path, const struct kdir_opts *ko, struct cache *c,
		     bool named, struct kernel_files ***kfs, size_t *n)
{
	int err = kdir__find(path, ko, kfs, n);

	if (err == -ENOENT && c && named && access(path, F_OK) && errno == ENOENT)
		err = cache__find(c, path, kfs, n);
	return err;
}

/* "kabiscan: reading packages: 42%", in place, cleared at the end. */
static void _packages_read(void *arg, size_t done, size_t total)
{
	(void)arg;
	pthread_mutex_lock(&progress_lock);
	if (done >= total)
		fputs("\r\033[K", stderr);
	else
		fprintf(stderr, "\r\033[Kkabiscan: reading packages: %zu%%", done * 100 / total);
	fflush(stderr);
	pthread_mutex_unlock(&progress_lock);
}

/*
 * The packages among @paths, read together (one kernel per release they
 * hold), in place of the first of them; the others are dropped from @paths.
 */
static int _find_packages(char **paths, size_t *cnt, const struct open_opts *o, struct cache *c,
			  size_t *at, struct kernel_files ***kfs, size_t *n)
{
	char **pkgs = calloc(*cnt ?: 1, sizeof(*pkgs));
	size_t i, m = 0, keep = 0;
	int err;

	if (!pkgs)
		return -ENOMEM;
	*at = *cnt;
	for (i = 0; i < *cnt; i++) {
		if (!package__is_package(paths[i])) {
			paths[keep++] = paths[i];
			continue;
		}
		*at = *at < *cnt ? *at : keep;
		pkgs[m++] = paths[i];
	}
	*cnt = keep;
	err = m ? package__find(pkgs, m, c, o->jobs, isatty(STDERR_FILENO) && !o->quiet ?
				_packages_read : NULL, NULL, kfs, n) : 0;
	free(pkgs);
	return err;
}

/* Append @kcnt kernels (then freed) to @all. */
static int _append(struct kernel_files ***all, size_t *n, struct kernel_files **kfs, size_t kcnt)
{
	struct kernel_files **p = realloc(*all, (*n + kcnt) * sizeof(*p));
	size_t j;

	if (!p) {
		kernel_files__free_all(kfs, kcnt);
		return -ENOMEM;
	}
	*all = p;
	for (j = 0; j < kcnt; j++)
		p[(*n)++] = kfs[j];
	free(kfs);
	return 0;
}

/* All kernel_files named by @paths, in order; none: all the cache holds. */
static int _find_all(char **paths, size_t cnt, const struct open_opts *o, struct cache *c,
		     struct kernel_files ***out, size_t *out_cnt)
{
	struct kdir_opts ko = { .base = o->base, .debug_dir = o->debug_dir };
	struct kernel_files **all = NULL, **kfs, **pkg = NULL;
	size_t i, n = 0, kcnt, pkg_at, pkg_cnt = 0;
	int err;

	if (!cnt)
		return cache__find(c, NULL, out, out_cnt);
	err = _find_packages(paths, &cnt, o, c, &pkg_at, &pkg, &pkg_cnt);
	for (i = 0; !err && i <= cnt; i++) {
		if (i == pkg_at) {
			err = _append(&all, &n, pkg, pkg_cnt);
			pkg = NULL;
			pkg_cnt = 0;
		}
		if (!err && i < cnt) {
			err = _find_one(paths[i], &ko, c, o->cache_dir != NULL, &kfs, &kcnt);
			err = err ?: _append(&all, &n, kfs, kcnt);
		}
	}
	kernel_files__free_all(pkg, pkg_cnt);
	if (err) {
		kernel_files__free_all(all, n);
		return err;
	}
	*out = all;
	*out_cnt = n;
	return 0;
}

/* -q, -j, --max-decompressed, --base, --debug-dir, --prefer, --[no-]cache: as _names_opt. */
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
	case 'N':
	case 'K':
		if (c == 'N' ? !!o->cache_dir : o->no_cache)
			return -usage_error(cmd, "--no-cache and --cache DIR exclude each other");
		o->no_cache = c == 'N';
		o->cache_dir = c == 'K' ? arg : NULL;
		return 1;
	case 'j': {
		char *end;
		long n = strtol(arg, &end, 10);

		if (*end || n < 1 || n > 64)
			return -usage_error(cmd, "-j takes a number of jobs from 1 to 64, not '%s'",
					    arg);
		o->jobs = (int)n;
		return 1;
	}
	case 'Z':
		o->strict = true;
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
	int r = _open_opt(&o->open, c, optarg, cmd) ?: _names_opt(o, c, optarg, cmd);

	if (r)
		return r < 0 ? -r : -1;
	switch (c) {
	case 'o':
		o->out = optarg;
		return -1;
	case 'C':
		if (!strcmp(optarg, "auto") || !strcmp(optarg, "always") || !strcmp(optarg, "never"))
			o->color = !strcmp(optarg, "auto") ? COLOR_AUTO : !strcmp(optarg, "always") ?
				   COLOR_ALWAYS : COLOR_NEVER;
		else
			return usage_error(cmd, "--color takes auto, always or never, not '%s'",
					   optarg);
		return -1;
	case 'h':
		cmd__print_help(cmd, stdout);
		return EXIT_OK;
	default:
		return bad_option(cmd, c, argv);
	}
}

bool cmd_opts__color(const struct cmd_opts *o)
{
	const char *no_color = getenv("NO_COLOR"), *term = getenv("TERM");

	if (o->color != COLOR_AUTO)
		return o->color == COLOR_ALWAYS;
	return !o->out && isatty(STDOUT_FILENO) && !(no_color && *no_color) &&
	       !(term && !strcmp(term, "dumb"));
}

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

/* "kabiscan: scanned 7/18 kernels", in place, cleared after the last. */
static void _scanned(void *arg, size_t done, size_t total)
{
	(void)arg;
	pthread_mutex_lock(&progress_lock);
	if (done >= total)
		fputs("\r\033[K", stderr);
	else
		fprintf(stderr, "\r\033[Kkabiscan: scanned %zu/%zu kernels", done, total);
	fflush(stderr);
	pthread_mutex_unlock(&progress_lock);
}

/* "kabiscan: warning: MESSAGE; WHAT", escaped, on one line. */
static void _warn(const char *msg, const char *what)
{
	fputs("kabiscan: warning: ", stderr);
	quote__fputs(msg, false, stderr);
	fprintf(stderr, "; %s\n", what);
}

/*
 * The scan cache @o asks for: NULL with --no-cache. A cache the user named
 * that cannot be made or written is one warning, not a failed job (the cache
 * is an optimisation), except for scan, whose job it is. Returns 0 or
 * -errno, said once.
 */
static int _open_cache(const struct open_opts *o, struct cache **c)
{
	int err;

	*c = NULL;
	if (o->no_cache)
		return 0;
	err = cache__open(o->cache_dir, o->cache_required, c);
	if (!err && !*c && o->cache_dir && errmsg__get()) {
		_warn(errmsg__get(), "going on without a cache");
		errmsg__clear();
	}
	return err;
}

/* Warn of @msg once: *@said remembers it was. */
static void _warn_once(const char *msg, bool *said, const char *what)
{
	if (msg && !*said)
		_warn(msg, what);
	*said = *said || msg;
}

/*
 * One line per file set aside as unreadable (see --strict), in kernel
 * order, each once: called when the kernels are open, and again when they
 * are freed, for what lookups after that found.
 */
static void _warn_bad_modules(struct kernel **ks, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		if (!ks[i])
			continue;
		_warn_once(ks[i]->vmlinux_debug_bad, &ks[i]->debug_bad_said,
			   "debug vmlinux skipped");
		_warn_once(ks[i]->cache_bad, &ks[i]->cache_bad_said,
			   "the entry is removed, and the next run reads the kernel's files again");
		for (j = 0; j < ks[i]->mods_cnt; j++)
			_warn_once(ks[i]->mods[j].bad, &ks[i]->mods[j].bad_said, "module skipped");
	}
}

int kernels_scan(char **paths, size_t cnt, const struct open_opts *o, kernel_then_fn then,
		 void *arg, void *(*before)(size_t n, void *arg), struct kernel ***out,
		 size_t *out_cnt)
{
	bool tty = isatty(STDERR_FILENO) && !o->quiet;
	struct kernel_opts kopts = {
		.prefer_dwarf = o->prefer_dwarf,
		.strict = o->strict,
		.progress = tty ? &tty_progress : NULL,
	};
	struct kernel_files **kfs = NULL;
	struct kernel **ks = NULL;
	struct cache *c = NULL;
	size_t n = 0;
	int err;

	err = _open_cache(o, &c);
	if (!err && !c && !cnt)
		err = errmsg__set(-EINVAL, "no KERNEL given and no cache to read kernels from");
	err = err ?: _find_all(paths, cnt, o, c, &kfs, &n);
	kopts.cache = c;
	kopts.scanned = tty && n > 1 ? _scanned : NULL;
	kopts.release_types = o->release;
	if (!err && before && !before(n, arg))
		err = -ENOMEM;
	if (!err && !(ks = calloc(n ?: 1, sizeof(*ks))))
		err = -ENOMEM;
	/* Each kernel's lookups run on the thread that opened it. */
	err = err ?: kernel__open_many(kfs, n, o->jobs, &kopts, then, arg, ks);
	if (!err)
		_warn_bad_modules(ks, n);
	if (!err && c && o->cache_dir && cache__failure(c))
		_warn(cache__failure(c), "the cache is not updated");
	kernel_files__free_all(kfs, n);
	cache__free(c);
	if (err) {
		kernels_free(ks, ks ? n : 0);
		return err;
	}
	*out = ks;
	*out_cnt = n;
	return 0;
}

/* The matrix for kernels_scan's @before: made once the kernels are counted. */
struct mx_arg {
	const struct name_list *names;	/* the names to look up */
	struct matrix *m;	/* the new matrix */
	bool release;		/* the kernels' type data is released after lookups */
	bool *held;		/* per type: a kernel looked up so far holds it */
	pthread_mutex_t lock;	/* guards @held and mx_type.near */
};

static void *_new_matrix(size_t n, void *arg)
{
	struct mx_arg *a = arg;

	if (matrix__new(a->names->ptr, a->names->cnt, n, &a->m))
		return NULL;
	a->m->released = a->release;
	a->held = calloc(a->m->types_cnt ?: 1, sizeof(*a->held));
	return a->held ? a->m : NULL;
}

/*
 * The types kernel @i lacks while no kernel is known to hold them (those
 * that may end in "did you mean"), into @qs; returns how many. Marks those
 * it holds.
 */
static size_t _lacking(struct mx_arg *a, size_t i, const struct type_query **qs, size_t *idx)
{
	size_t j, n = 0;

	pthread_mutex_lock(&a->lock);
	for (j = 0; j < a->m->types_cnt; j++) {
		struct mx_type *t = &a->m->types[j];

		if (t->cells[i].state == CELL_PRESENT)
			a->held[j] = true;
		else if (!a->held[j]) {
			qs[n] = &t->q;
			idx[n++] = j;
		}
	}
	pthread_mutex_unlock(&a->lock);
	return n;
}

/* Keep kernel @i's closest names to the types it lacks, for kernels_missing. */
static int _keep_near(struct mx_arg *a, size_t i, struct kernel *k)
{
	const struct type_query **qs = calloc(a->m->types_cnt ?: 1, sizeof(*qs));
	size_t *idx = calloc(a->m->types_cnt ?: 1, sizeof(*idx));
	struct mx_near *near = calloc(a->m->types_cnt ?: 1, sizeof(*near));
	size_t j, n = qs && idx && near ? _lacking(a, i, qs, idx) : 0;
	int err = qs && idx && near ? 0 : -ENOMEM;

	err = err ?: n ? names_near(k, qs, n, near) : 0;
	pthread_mutex_lock(&a->lock);
	for (j = 0; !err && j < n; j++) {
		struct mx_type *t = &a->m->types[idx[j]];

		if (!t->near && !(t->near = calloc(a->m->kernels_cnt, sizeof(*t->near))))
			err = -ENOMEM;
		if (!err) {
			t->near[i] = near[j];
			near[j].name = NULL;
		}
	}
	pthread_mutex_unlock(&a->lock);
	for (j = 0; j < n; j++)
		free(near[j].name);
	free(qs);
	free(idx);
	free(near);
	return err;
}

/*
 * Look kernel @i up; when its type data is to be released, keep what is
 * needed of it afterwards: its close names, a copy of the types found.
 */
static int _lookup(struct kernel *k, size_t i, void *arg)
{
	struct mx_arg *a = arg;
	int err = matrix__lookup(a->m, i, k);

	if (!err && a->release)
		err = _keep_near(a, i, k) ?: matrix__detach(a->m, i, k);
	return err;
}

/*
 * With -t globs, the names are known once every kernel is read: read them,
 * expand the globs over their names, then look the names up.
 */
static int _open_globs(char **paths, size_t cnt, const struct open_opts *o,
		       const struct name_list *names, struct kernel ***ks, size_t *n,
		       struct matrix **m)
{
	struct name_list all = { 0 };
	int err;

	err = kernels_scan(paths, cnt, o, NULL, NULL, NULL, ks, n);
	err = err ?: names_expand(*ks, *n, names, false, &all);
	err = err ?: matrix__build(*ks, *n, all.ptr, all.cnt, m);
	name_list_release(&all);
	return err;
}

int kernels_open(char **paths, size_t cnt, const struct open_opts *o,
		 const struct name_list *names, struct kernel ***out, size_t *out_cnt,
		 struct matrix **mx)
{
	struct mx_arg a = { .names = names, .lock = PTHREAD_MUTEX_INITIALIZER };
	struct open_opts lo = *o;
	struct kernel **ks = NULL;
	bool glob = false;
	size_t n = 0, i;
	int err;

	for (i = 0; i < names->cnt; i++)
		glob |= name_is_glob(names->ptr[i]);
	/* Globs are expanded over every kernel's names before any lookup. */
	lo.release = a.release = o->release && !glob;
	if (glob)
		err = _open_globs(paths, cnt, &lo, names, &ks, &n, &a.m);
	else
		err = kernels_scan(paths, cnt, &lo, _lookup, &a, _new_matrix, &ks, &n) ?:
		      matrix__finish(a.m, ks, o->jobs);
	free(a.held);
	pthread_mutex_destroy(&a.lock);
	if (err) {
		matrix__free(a.m);
		kernels_free(ks, n);
		return err;
	}
	*out = ks;
	*out_cnt = n;
	*mx = a.m;
	return 0;
}

int kernels_missing(struct kernel **ks, size_t n, const struct matrix *m, const char *where,
		    bool partial, size_t *cnt)
{
	const struct mx_type *miss;
	size_t i = 0, absent, nodata;
	char *near;
	int err;

	*cnt = 0;
	while ((miss = matrix__missing(m, &i, &absent, &nodata))) {
		/* A name no kernel could be asked about (no type data) is no typo. */
		near = !absent ? NULL : m->released ? names_suggest_kept(miss, n) :
		       names_suggest(ks, n, &miss->q);
		err = errmsg__set(-ENOENT, "unknown type '%s': not found in %s (%zu absent, %zu "
				  "without type data)%s%s%s", miss->q.spelled, where, absent, nodata,
				  near ? "; did you mean '" : "", near ?: "", near ? "'?" : "");
		free(near);
		if (!partial)
			return err;
		p_err("%s", strerror(-err));
		errmsg__clear();
		(*cnt)++;
	}
	return *cnt && *cnt == m->types_cnt ? -ENOENT : 0;
}

void kernels_free(struct kernel **ks, size_t cnt)
{
	size_t i;

	_warn_bad_modules(ks, cnt);
	for (i = 0; i < cnt; i++)
		kernel__free(ks[i]);
	free(ks);
}
