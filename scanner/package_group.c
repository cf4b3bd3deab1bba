// SPDX-License-Identifier: GPL-2.0
/*
 * Packages named together, merged per release into kernels: read in
 * parallel (package.c), then for each release the best vmlinux (in kdir.c's
 * order of preference), the config, the debug vmlinux and every module,
 * sorted by its path inside the package as kdir.c sorts a root's.
 *
 * The cache remembers, per package content hash, which releases the
 * package holds (a note), and per release the merged kernel under a key
 * made of the release and the hashes of the packages holding it. When
 * every package is known and every kernel is there, no package is read.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <xxhash.h>

#include "cache.h"
#include "cache_priv.h"
#include "errmsg.h"
#include "kdir.h"
#include "package.h"
#include "package_priv.h"
#include "release.h"
#include "workers.h"

/* The packages of one run, and the work shared by the reading threads. */
struct group {
	char **paths;		/* the packages */
	size_t n;		/* their number */
	char (*hashes)[CACHE_KEY_HEX];	/* their content hashes, with a cache */
	struct pkg_read *reads;	/* what each holds */
	int *errs;		/* per package: the error of reading it */
	char (*msgs)[1024];	/* and its message (errmsg is per thread) */
	size_t next;		/* next package to read, under @lock */
	unsigned long long total;	/* bytes of all packages */
	unsigned int pct;	/* percent of @total read, as last told */
	pthread_mutex_t lock;	/* guards @next, @pct and each read's pos */
	package_progress_fn progress;	/* told as the bytes read grow, or NULL */
	void *progress_arg;	/* its argument */
};

/* After each file of a package: tell the percentage of all bytes read, if it grew. */
static void _tick(void *arg, struct pkg_read *r, unsigned long long pos)
{
	struct group *g = arg;
	unsigned long long done = 0;
	unsigned int pct;
	size_t i;

	pthread_mutex_lock(&g->lock);
	r->pos = pos;
	for (i = 0; i < g->n; i++)
		done += g->reads[i].pos;
	pct = g->total ? done * 100 / g->total : 100;
	if (pct > g->pct && pct < 100) {
		g->pct = pct;
		g->progress(g->progress_arg, pct, 100);
	}
	pthread_mutex_unlock(&g->lock);
}

static void *_reader(void *arg)
{
	struct group *g = arg;
	size_t i;

	for (;;) {
		pthread_mutex_lock(&g->lock);
		i = g->next++;
		pthread_mutex_unlock(&g->lock);
		if (i >= g->n)
			return NULL;
		errmsg__clear();
		g->errs[i] = package__read(&g->reads[i]);
		if (g->errs[i])
			snprintf(g->msgs[i], sizeof(g->msgs[i]), "%s", errmsg__get() ?: "");
	}
}

/* Read every package, on up to @jobs threads; the first error in order wins. */
static int _read_all(struct group *g, int jobs)
{
	size_t k;

	for (k = 0; g->progress && k < g->n; k++) {
		struct stat st;

		g->total += stat(g->paths[k], &st) ? 0 : (unsigned long long)st.st_size;
		g->reads[k].tick = _tick;
		g->reads[k].tick_arg = g;
	}
	pthread_mutex_init(&g->lock, NULL);
	workers__run(_reader, g, jobs, g->n);
	pthread_mutex_destroy(&g->lock);
	if (g->progress)
		g->progress(g->progress_arg, 100, 100);	/* done: clear the line */
	for (k = 0; k < g->n; k++)
		if (g->errs[k])
			return errmsg__set(g->errs[k], "%s", g->msgs[k]);
	return 0;
}

static int _cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int _cmp_mod(const void *a, const void *b)
{
	return strcmp(((const struct pkg_mod *)a)->inner, ((const struct pkg_mod *)b)->inner);
}

/* The releases the packages hold, sorted, once each. */
static int _releases(const struct group *g, char ***out, size_t *cnt)
{
	char **r = NULL, **p;
	size_t i, j, n = 0, k;

	for (i = 0; i < g->n; i++)
		for (j = 0; j < g->reads[i].parts_cnt; j++) {
			const char *rel = g->reads[i].parts[j].release;

			for (k = 0; k < n && strcmp(r[k], rel); k++)
				;
			if (k < n)
				continue;
			p = realloc(r, (n + 1) * sizeof(*p));
			if (!p)
				return free(r), -ENOMEM;
			r = p;
			r[n++] = (char *)rel;
		}
	if (n)
		qsort(r, n, sizeof(*r), _cmp_str);
	*out = r;
	*cnt = n;
	return 0;
}

/* Identity for `cache ls`, as kernel__open works it out. */
static int _identity(struct cache_entry *e)
{
	struct release_info ri;
	const char *a;

	release__parse(e->kf->release, &ri);
	a = e->config_arch;
	if (!a && e->vmlinux.e_machine)
		a = release__arch_from_elf(e->vmlinux.e_machine, e->vmlinux.ptr_size,
					   e->vmlinux.big_endian);
	if (!a && ri.arch[0])
		a = ri.arch;
	e->version = strdup(ri.version);
	e->arch = strdup(a ?: "unknown");
	e->flavour = strdup(ri.flavour);
	return e->version && e->arch && e->flavour ? 0 : -ENOMEM;
}

/* Move the modules of every part of @rel into @e, sorted; *@inners: their paths inside. */
static int _merge_mods(struct group *g, const char *rel, struct cache_entry *e, char ***inners)
{
	struct kernel_files *kf = e->kf;
	struct pkg_mod *all = NULL, *p;
	size_t i, j, k, n = 0;

	for (i = 0; i < g->n; i++)
		for (j = 0; j < g->reads[i].parts_cnt; j++) {
			struct pkg_part *pt = &g->reads[i].parts[j];

			if (strcmp(pt->release, rel) || !pt->mods_cnt)
				continue;
			p = realloc(all, (n + pt->mods_cnt) * sizeof(*p));
			if (!p)
				return free(all), -ENOMEM;
			all = p;
			memcpy(all + n, pt->mods, pt->mods_cnt * sizeof(*p));
			n += pt->mods_cnt;
			pt->mods_cnt = 0;	/* moved */
		}
	if (n)
		qsort(all, n, sizeof(*all), _cmp_mod);
	kf->modules = calloc(n ?: 1, sizeof(*kf->modules));
	kf->debug = calloc(n ?: 1, sizeof(*kf->debug));
	kf->bad = calloc(n ?: 1, sizeof(*kf->bad));
	e->mods = calloc(n ?: 1, sizeof(*e->mods));
	*inners = calloc(n ?: 1, sizeof(**inners));
	for (k = 0; k < n; k++) {
		if (kf->modules && kf->bad && e->mods && *inners) {
			kf->modules[k] = all[k].path;
			kf->bad[k] = all[k].bad;
			e->mods[k] = all[k].img;
			(*inners)[k] = all[k].inner;
			kf->modules_cnt = e->mods_cnt = k + 1;
		} else {
			free(all[k].path);
			free(all[k].inner);
			free(all[k].bad);
			image_btf_release(&all[k].img);
		}
	}
	free(all);
	return kf->modules && kf->debug && kf->bad && e->mods && *inners ? 0 : -ENOMEM;
}

/*
 * Where the debug file of the module at @inner (lib/modules/R/SUB.ko.xz)
 * is in a -dbg package: usr/lib/debug/lib/modules/R/SUB.ko, as kdir.c
 * looks for it under a root. NULL if @inner is not under R.
 */
static char *_debug_inner(const char *inner, const char *rel)
{
	const char *m = strstr(inner, "modules/");
	size_t rlen = strlen(rel);
	char *d, *dot;

	if (!m || strncmp(m + 8, rel, rlen) || m[8 + rlen] != '/')
		return NULL;
	if (asprintf(&d, "usr/lib/debug/lib/modules/%s", m + 8) < 0)
		return NULL;
	dot = strstr(d + 26 + rlen, ".ko");
	if (dot)
		dot[3] = '\0';
	return d;
}

/* A wanted debug file and the module it is for. */
struct want {
	char *inner;		/* its path in the package */
	size_t mod;		/* index of the module */
};

static int _cmp_want(const void *a, const void *b)
{
	return strcmp(((const struct want *)a)->inner, ((const struct want *)b)->inner);
}

/* Give module @w's debug file the memfd @d read, if it has none yet. */
static void _attach_one(struct cache_entry *e, struct want *ws, size_t n, struct pkg_dbg *d)
{
	struct want key = { .inner = d->inner }, *w;

	w = bsearch(&key, ws, n, sizeof(*ws), _cmp_want);
	if (!w || e->kf->debug[w->mod])
		return;
	if (asprintf(&e->kf->debug[w->mod], "/proc/self/fd/%d", d->fd) < 0)
		e->kf->debug[w->mod] = NULL;
	else
		d->fd = -1;	/* open for the rest of the process */
}

/*
 * Debug files for the modules of @e that have no BTF, out of the packages
 * holding module debug files of release @rel: read on a second pass, into
 * memfds, only those (a -dbg package holds one per module).
 */
static int _attach_debug(struct group *g, const char *rel, struct cache_entry *e, char **inners)
{
	struct want *ws = calloc(e->mods_cnt ?: 1, sizeof(*ws));
	char **names = calloc(e->mods_cnt ?: 1, sizeof(*names));
	size_t i, j, k, n = 0;
	int err = ws && names ? 0 : -ENOMEM;

	for (i = 0; !err && i < e->mods_cnt; i++) {
		if (e->mods[i].data || !(ws[n].inner = _debug_inner(inners[i], rel)))
			continue;
		ws[n++].mod = i;
	}
	if (n)
		qsort(ws, n, sizeof(*ws), _cmp_want);
	for (i = 0; i < n; i++)
		names[i] = ws[i].inner;
	for (i = 0; !err && n && i < g->n; i++)
		for (j = 0; !err && j < g->reads[i].parts_cnt; j++) {
			struct pkg_part *p = &g->reads[i].parts[j];
			struct pkg_read r = { .path = g->paths[i], .want = names, .want_cnt = n };

			if (strcmp(p->release, rel) || !p->mod_debug)
				continue;
			err = package__read(&r);
			for (k = 0; !err && k < r.dbg_cnt; k++)
				_attach_one(e, ws, n, &r.dbg[k]);
			pkg_read_release(&r);
		}
	for (i = 0; ws && i < n; i++)
		free(ws[i].inner);
	free(ws);
	free(names);
	return err;
}

/* The best of each part of @rel: vmlinux, config, debug vmlinux. */
static void _merge_files(struct group *g, const char *rel, struct cache_entry *e)
{
	struct kernel_files *kf = e->kf;
	struct pkg_part *vm = NULL, *dbg = NULL;
	size_t i, j;

	for (i = 0; i < g->n; i++)
		for (j = 0; j < g->reads[i].parts_cnt; j++) {
			struct pkg_part *p = &g->reads[i].parts[j];

			if (strcmp(p->release, rel))
				continue;
			if (!kf->origin)
				kf->origin = strdup(g->paths[i]);
			if (p->vmlinux_path && (!vm || p->vmlinux_rank < vm->vmlinux_rank)) {
				vm = p;
				free(kf->origin);
				kf->origin = strdup(g->paths[i]);
			}
			if (p->config_path && !kf->config) {
				kf->config = p->config_path;
				e->config_arch = p->config_arch;
				p->config_path = p->config_arch = NULL;
			}
			if (p->debug_fd >= 0 && (!dbg || p->debug_rank < dbg->debug_rank))
				dbg = p;
		}
	if (vm) {
		kf->vmlinux = vm->vmlinux_path;
		e->vmlinux = vm->vmlinux;
		vm->vmlinux_path = NULL;
		memset(&vm->vmlinux, 0, sizeof(vm->vmlinux));
	}
	if (dbg && asprintf(&kf->vmlinux_debug, "/proc/self/fd/%d", dbg->debug_fd) >= 0)
		dbg->debug_fd = -1;	/* open for the rest of the process */
}

/* The cache key of release @rel held by the packages whose hashes are @hs. */
static void _key(const char *rel, char **hs, size_t n, char key[CACHE_KEY_HEX])
{
	XXH3_state_t *st = XXH3_createState();
	unsigned int v = CACHE_TOOL_VERSION;
	XXH128_hash_t h = { 0 };
	size_t i;

	if (st) {
		XXH3_128bits_reset(st);
		XXH3_128bits_update(st, "kabiscan-packages", 18);
		XXH3_128bits_update(st, &v, sizeof(v));
		XXH3_128bits_update(st, rel, strlen(rel) + 1);
		for (i = 0; i < n; i++)
			XXH3_128bits_update(st, hs[i], strlen(hs[i]) + 1);
		h = XXH3_128bits_digest(st);
		XXH3_freeState(st);
	}
	cache__hex(h, key);
}

/* The sorted hashes of the packages whose note or read lists @rel. */
static size_t _holders(const struct group *g, char **notes, const char *rel, char **hs)
{
	size_t i, n = 0, len = strlen(rel);

	for (i = 0; i < g->n; i++) {
		const char *t = notes[i];
		bool has = false;

		while (t && *t && !has) {
			has = !strncmp(t, rel, len) && (t[len] == '\n' || t[len] == ' ');
			t = strchr(t, '\n');
			t = t ? t + 1 : NULL;
		}
		if (has)
			hs[n++] = g->hashes[i];
	}
	qsort(hs, n, sizeof(*hs), _cmp_str);
	return n;
}

/* Notes are "RELEASE\n" per release held, "RELEASE debug\n" with a debug vmlinux. */
static char *_note_of(const struct pkg_read *r)
{
	char *t = NULL;
	size_t len = 0, i;
	FILE *f = open_memstream(&t, &len);

	for (i = 0; f && i < r->parts_cnt; i++)
		fprintf(f, "%s%s\n", r->parts[i].release,
			r->parts[i].debug_fd >= 0 || r->parts[i].mod_debug ? " debug" : "");
	if (f && fclose(f))
		return NULL;
	return t;
}

/* The kernels from the cache alone, if every package and kernel is known there. */
static int _from_cache(struct group *g, struct cache *c, struct kernel_files ***out, size_t *cnt)
{
	char **notes = calloc(g->n, sizeof(*notes)), **rels = NULL, **hs = NULL, key[CACHE_KEY_HEX];
	struct kernel_files **kfs = NULL;
	size_t i, n = 0, k = 0;
	int err = notes ? 0 : -ENOMEM;

	for (i = 0; !err && i < g->n; i++) {
		char name[CACHE_KEY_HEX + 8];

		snprintf(name, sizeof(name), "pkg-%s", g->hashes[i]);
		err = cache__note_get(c, name, &notes[i]);
		if (!err && strstr(notes[i], " debug\n"))
			err = -ENOENT;	/* a debug vmlinux is read from its package */
	}
	/* Each note's lines are releases: gather them, once each. */
	for (i = 0; !err && i < g->n; i++) {
		char *t = notes[i], *nl, **p;

		for (; (nl = strchr(t, '\n')); t = nl + 1) {
			size_t j;

			*nl = '\0';
			for (j = 0; j < n && strcmp(rels[j], t); j++)
				;
			if (j == n && (p = realloc(rels, (n + 1) * sizeof(*p)))) {
				rels = p;
				rels[n++] = t;
			}
			*nl = '\n';
		}
	}
	if (!err && n)
		qsort(rels, n, sizeof(*rels), _cmp_str);
	if (!err && (!(hs = calloc(g->n, sizeof(*hs))) || !(kfs = calloc(n ?: 1, sizeof(*kfs)))))
		err = -ENOMEM;
	for (k = 0; !err && k < n; k++) {
		char rel[256];
		struct cache_entry *e;

		snprintf(rel, sizeof(rel), "%.*s", (int)strcspn(rels[k], "\n"), rels[k]);
		_key(rel, hs, _holders(g, notes, rel, hs), key);
		err = cache__load_kernel(c, key, &e);
		if (err)
			break;
		kfs[k] = e->kf;
		e->kf = NULL;
		kfs[k]->entry = e;
	}
	if (err)
		errmsg__clear();
	for (i = 0; i < g->n; i++)
		free(notes[i]);
	free(notes);
	free(rels);
	free(hs);
	if (err || !n) {
		kernel_files__free_all(kfs, err ? k : 0);
		return -ENOENT;
	}
	*out = kfs;
	*cnt = n;
	return 0;
}

/* Keep a merged kernel in the cache; only a strict cache must take it. */
static int _store(struct group *g, struct cache *c, char **notes, struct cache_entry *e)
{
	char **hs = calloc(g->n, sizeof(*hs));
	size_t i;

	if (!hs)
		return -ENOMEM;
	_key(e->kf->release, hs, _holders(g, notes, e->kf->release, hs), e->key);
	free(hs);
	/*
	 * Debug files are memfds, gone next time: such a kernel is read again;
	 * so is one with an unreadable module, so that every run warns.
	 */
	for (i = 0; i < e->kf->modules_cnt; i++)
		if (e->kf->debug[i] || e->kf->bad[i])
			return 0;
	if (e->kf->vmlinux_debug)
		return 0;
	return cache__failed(c, cache__store(c, e));
}

/* What each package holds, for the next run; only a strict cache must take it. */
static int _put_notes(struct group *g, struct cache *c, char **notes)
{
	char name[CACHE_KEY_HEX + 8];
	size_t i;
	int err = 0;

	for (i = 0; !err && i < g->n; i++) {
		snprintf(name, sizeof(name), "pkg-%s", g->hashes[i]);
		err = notes[i] ? cache__note_put(c, name, notes[i]) : -ENOMEM;
	}
	return cache__failed(c, err);
}

/* One kernel per release of the packages read. */
static int _merge(struct group *g, struct cache *c, char **notes, struct kernel_files ***out,
		  size_t *cnt)
{
	struct kernel_files **kfs;
	struct cache_entry *e;
	char **rels = NULL, **inners = NULL;
	size_t i, k, n = 0;
	int err = _releases(g, &rels, &n);

	kfs = err ? NULL : calloc(n ?: 1, sizeof(*kfs));
	if (!err && !kfs)
		err = -ENOMEM;
	for (k = 0; !err && k < n; k++) {
		e = calloc(1, sizeof(*e));
		if (!e || !(e->kf = calloc(1, sizeof(*e->kf))) ||
		    !(e->kf->release = strdup(rels[k]))) {
			cache_entry__free(e);
			err = -ENOMEM;
			break;
		}
		_merge_files(g, rels[k], e);
		err = _merge_mods(g, rels[k], e, &inners);
		err = err ?: _attach_debug(g, rels[k], e, inners);
		for (i = 0; inners && i < e->mods_cnt; i++)
			free(inners[i]);
		free(inners);
		inners = NULL;
		err = err ?: e->kf->origin ? 0 : -ENOMEM;
		err = err ?: _identity(e);
		err = err ?: c ? _store(g, c, notes, e) : 0;
		kfs[k] = e->kf;
		e->kf = NULL;
		kfs[k]->entry = e;
	}
	free(rels);
	if (err) {
		kernel_files__free_all(kfs, k);
		return err;
	}
	*out = kfs;
	*cnt = n;
	return 0;
}

int package__find(char **paths, size_t n, struct cache *c, int jobs,
		  package_progress_fn progress, void *arg, struct kernel_files ***out,
		  size_t *cnt)
{
	struct group g = { .paths = paths, .n = n, .progress = progress, .progress_arg = arg };
	char **notes = calloc(n ?: 1, sizeof(*notes));
	size_t i;
	int err = 0;

	*out = NULL;
	*cnt = 0;
	g.hashes = calloc(n ?: 1, sizeof(*g.hashes));
	g.reads = calloc(n ?: 1, sizeof(*g.reads));
	g.errs = calloc(n ?: 1, sizeof(*g.errs));
	g.msgs = calloc(n ?: 1, sizeof(*g.msgs));
	if (!notes || !g.hashes || !g.reads || !g.errs || !g.msgs)
		err = -ENOMEM;
	for (i = 0; !err && i < n; i++) {
		g.reads[i].path = paths[i];
		err = c ? cache__hash_file(c, paths[i], g.hashes[i]) : 0;
	}
	if (!err && c && !_from_cache(&g, c, out, cnt))
		goto done;
	err = err ?: _read_all(&g, jobs);
	for (i = 0; !err && i < n; i++)
		notes[i] = _note_of(&g.reads[i]);
	err = err ?: _merge(&g, c, notes, out, cnt);
	err = err ?: c ? _put_notes(&g, c, notes) : 0;
	if (err && *out) {
		kernel_files__free_all(*out, *cnt);
		*out = NULL;
		*cnt = 0;
	}
done:
	for (i = 0; g.reads && i < n; i++)
		pkg_read_release(&g.reads[i]);
	for (i = 0; notes && i < n; i++)
		free(notes[i]);
	free(notes);
	free(g.hashes);
	free(g.reads);
	free(g.errs);
	free(g.msgs);
	return err;
}
