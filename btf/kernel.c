// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <libelf.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <linux/btf.h>

#include "../scanner/cache.h"
#include "../scanner/errmsg.h"
#include "../scanner/image.h"
#include "../scanner/kdir.h"
#include "../scanner/release.h"
#include "../scanner/workers.h"
#include "kernel.h"
#include "kmod_prefetch.h"

/* "vfio_pci_core" from ".../vfio-pci-core.ko.xz", as the kernel names it. */
static char *_module_name(const char *path)
{
	const char *b = strrchr(path, '/');
	char *name = strdup(b ? b + 1 : path), *p;

	if (!name)
		return NULL;
	p = strstr(name, ".ko");
	if (p)
		*p = '\0';
	for (p = name; *p; p++)
		if (*p == '-')
			*p = '_';
	return name;
}

static int _parse_base(struct kernel *k, struct image_btf *img)
{
	k->base = btf__new(img->data, img->size);
	if (!k->base)
		return errmsg__set(-EINVAL, "cannot read '%s': invalid BTF data (%s)",
				   k->vmlinux_path, strerror(errno));
	return 0;
}

/* Arch from the strongest evidence: config, ELF machine, release name. */
static const char *_arch(const struct kernel_files *kf, const struct image_btf *img,
			 const struct release_info *ri, const char *config_arch)
{
	const char *a = config_arch;
	struct utsname u;

	if (!a && img->e_machine)
		a = release__arch_from_elf(img->e_machine, img->ptr_size, img->big_endian);
	if (!a && ri->arch[0])
		a = ri->arch;
	if (!a && kf->running && !uname(&u))
		a = release__arch_from_uname(u.machine);
	return a;
}

/*
 * The modules of @kf, not read yet; one a package could not read is set
 * aside with its message now (@strict: it fails the kernel instead).
 */
static int _list_modules(struct kernel *k, const struct kernel_files *kf, bool strict)
{
	size_t i;

	k->mods = calloc(kf->modules_cnt ?: 1, sizeof(*k->mods));
	if (!k->mods)
		return -ENOMEM;
	for (i = 0; i < kf->modules_cnt; i++) {
		k->mods[i].path = strdup(kf->modules[i]);
		k->mods[i].name = _module_name(kf->modules[i]);
		if (kf->debug && kf->debug[i])
			k->mods[i].debug_path = strdup(kf->debug[i]);
		if (!k->mods[i].path || !k->mods[i].name ||
		    (kf->debug && kf->debug[i] && !k->mods[i].debug_path))
			return -ENOMEM;
		k->mods_cnt++;
		if (kf->bad && kf->bad[i] && strict)
			return errmsg__set(-EINVAL, "%s", kf->bad[i]);
		if (kf->bad && kf->bad[i]) {
			k->mods[i].read = true;
			k->mods[i].bad = strdup(kf->bad[i]);
			k->mods_bad++;
			if (!k->mods[i].bad)
				return -ENOMEM;
		}
	}
	return 0;
}

/*
 * A vmlinux named on the command line without BTF: its DWARF, if it has
 * any, is the kernel's type data (a debug vmlinux); without either it is
 * an error, where inside a root it would only mean no data.
 */
static int _file_without_btf(const struct kernel_files *kf, const struct image_btf *img,
			     struct kernel *k)
{
	if (strcmp(kf->vmlinux, kf->origin))
		return 0;
	/* Its own DWARF, for when it has no BTF or DWARF is preferred. */
	if (img->has_debug_info && !k->vmlinux_debug)
		return (k->vmlinux_debug = strdup(kf->vmlinux)) ? 0 : -ENOMEM;
	if (img->data || k->base || k->vmlinux_debug || kf->vmlinux_debug)
		return 0;
	return errmsg__set(-ENOENT, "cannot read '%s': no BTF or DWARF found", kf->vmlinux);
}

/*
 * The scan of @kf in cache @c, if there is one: *@ce is set on a hit. A
 * damaged entry is a miss (the files are read again and it is replaced),
 * and so is a file that cannot be hashed (reading it will say why); a
 * kernel listed from the cache alone has no files to fall back on.
 */
static int _cache_lookup(struct kernel *k, const struct kernel_files *kf, struct cache *c,
			 struct cache_entry **ce)
{
	int err;

	*ce = NULL;
	k->cache = c;	/* for DWARF lookups, whatever the kernel came from */
	if (kf->entry)
		return 0;	/* read from packages, which stored it themselves */
	if (kf->cache_key[0]) {
		snprintf(k->cache_key, sizeof(k->cache_key), "%s", kf->cache_key);
		err = cache__load_kernel(c, kf->cache_key, ce);
		if (err == -ENOENT)
			err = errmsg__set(err, "cannot read cache entry '%s/kernels/%s.kbc': no "
					  "such entry", cache__dir(c), kf->cache_key);
		return err;
	}
	if (cache__key(c, kf, k->cache_key)) {
		errmsg__clear();
		k->cache_key[0] = '\0';
		return 0;
	}
	if (cache__load_kernel(c, k->cache_key, ce))
		errmsg__clear();
	return 0;
}

/* What the files of @kf hold, from the cache entry @ce or else from the files. */
static int _scan(struct kernel *k, const struct kernel_files *kf, struct cache_entry *ce,
		 struct image_btf *img, char **config_arch)
{
	const char *a;
	int err;

	if (ce) {
		const char *what = kf->vmlinux ?: "vmlinux";
		const void *view;
		void *data = NULL;
		size_t size;

		/* In the mapping as it is: libbpf's copy is the only one. */
		err = cache_entry__view(ce, what, &view, &size);
		if (!err && !(k->base = btf__new(view, size)))
			err = errmsg__set(-EINVAL, "cannot read cache entry '%s': invalid BTF "
					  "data for '%s' (%s)", ce->path, what, strerror(errno));
		if (!err)
			cache_entry__view_done(ce);
		if (err == -ENOENT)
			err = cache_entry__blob(ce, CACHE_VMLINUX, what, &data, &size);
		if (err)
			return err;
		*img = ce->vmlinux;
		memset(&ce->vmlinux, 0, sizeof(ce->vmlinux));
		img->data = data;
		img->size = size;
		*config_arch = ce->config_arch;
		ce->config_arch = NULL;
		k->cached = ce;
		k->from_cache = true;
		k->cache_size = ce->file_size;
		return 0;
	}
	a = release__arch_from_config(kf->config);
	if (a && !(*config_arch = strdup(a)))
		return -ENOMEM;
	err = kf->vmlinux ? image__read_btf(kf->vmlinux, img) : 0;
	/*
	 * The debug vmlinux standing in for a missing image: one that cannot be
	 * read is set aside by the first lookup, as any debug vmlinux is.
	 */
	if (err && err != -ENOMEM && kf->vmlinux_debug && !strcmp(kf->vmlinux, kf->vmlinux_debug)) {
		image_btf_release(img);
		memset(img, 0, sizeof(*img));
		errmsg__clear();
		err = 0;
	}
	return err;
}

/*
 * Keep what a fresh scan read of vmlinux (its blob too: libbpf keeps its
 * copy byte-swapped on big-endian BTF) until kernel__cache_store().
 */
static int _keep_scan(struct kernel *k, struct image_btf *img, char **config_arch)
{
	if (!k->cache || !k->cache_key[0] || k->from_cache)
		return 0;
	k->scan = calloc(1, sizeof(*k->scan));
	if (!k->scan)
		return -ENOMEM;
	k->scan->vmlinux = *img;
	memset(img, 0, sizeof(*img));
	k->scan->config_arch = *config_arch;
	*config_arch = NULL;
	return 0;
}

int kernel__open(const struct kernel_files *kf, const struct kernel_opts *o,
		 struct kernel **out)
{
	struct cache_entry *ce = NULL;
	struct image_btf img = { 0 };
	struct release_info ri;
	char *config_arch = NULL;
	struct kernel *k;
	const char *arch;
	int err = 0;

	*out = NULL;
	k = calloc(1, sizeof(*k));
	if (!k)
		return -ENOMEM;
	if (o && o->cache)
		err = _cache_lookup(k, kf, o->cache, &ce);
	if (!ce && kf->entry) {
		/*
		 * Read from packages already: the kernel takes the entry, whose
		 * modules are read after @kf is gone (kabiscan names).
		 */
		ce = k->cached = kf->entry;
		((struct kernel_files *)kf)->entry = NULL;
		snprintf(k->cache_key, sizeof(k->cache_key), "%s", ce->key);
	}
	/* A fresh scan: the modules are read on the spare threads meanwhile. */
	if (!err && !ce && o && o->module_threads > 1 && kf->modules_cnt) {
		err = _list_modules(k, kf, o->strict || kf->single_module) ?:
		      kmod_prefetch__start(k->mods, k->mods_cnt, o->module_threads, &k->prefetch);
	}
	err = err ?: _scan(k, kf, ce, &img, &config_arch);
	kmod_prefetch__finish(k->prefetch);
	if (kf->vmlinux) {
		k->vmlinux_path = strdup(kf->vmlinux);
		if (!err && img.data)
			err = _parse_base(k, &img);
		err = err ?: _file_without_btf(kf, &img, k);
		k->vmlinux_how = strdup(img.how);
		for (size_t i = 0; i < img.build_id_len && i < 20; i++)
			snprintf(k->build_id + 2 * i, 3, "%02x", img.build_id[i]);
	}
	release__parse(kf->release, &ri);
	arch = _arch(kf, &img, &ri, config_arch);
	k->origin = strdup(kf->origin);
	k->release = strdup(kf->release);
	k->version = strdup(ri.version);
	k->arch = strdup(arch ?: "unknown");
	k->flavour = strdup(ri.flavour);
	k->module_first = kf->single_module;
	k->no_modules = kf->running && !kf->module_root;
	k->prefer_dwarf = o && o->prefer_dwarf;
	k->strict = (o && o->strict) || kf->single_module;
	k->progress = o ? o->progress : NULL;
	if (kf->vmlinux_debug && !k->vmlinux_debug &&
	    !(k->vmlinux_debug = strdup(kf->vmlinux_debug)))
		err = err ?: -ENOMEM;
	if (!err && (!k->origin || !k->release || !k->version || !k->arch || !k->flavour))
		err = -ENOMEM;
	if (!err && !k->mods)
		err = _list_modules(k, kf, k->strict);
	err = err ?: _keep_scan(k, &img, &config_arch);
	image_btf_release(&img);
	free(config_arch);
	if (err) {
		kernel__free(k);
		return err;
	}
	*out = k;
	return 0;
}

/* Work shared by the threads of kernel__open_many. */
struct open_job {
	struct kernel_files **kfs;	/* what to open; freed as released */
	struct kernel **out;	/* results, in order */
	const struct kernel_opts *opts;	/* how to read them */
	kernel_then_fn then;	/* run after each open, or NULL */
	void *then_arg;		/* its argument */
	int *errs;		/* per-kernel error */
	char (*msgs)[1024];	/* per-kernel message: errmsg is per thread */
	size_t n;		/* number of kernels */
	size_t *order;		/* indices by falling cost: slowest first */
	size_t next;		/* next position in @order, under @lock */
	size_t done;		/* kernels finished, under @lock */
	pthread_mutex_t lock;	/* guards @next and @done */
};

/* Keep what was read in the cache; only a cache the user named must take it. */
static int _store(struct kernel *k, const struct kernel_files *kf)
{
	struct cache *c = k->cache;
	int err = kernel__cache_store(k, kf);

	return err && c ? cache__failed(c, err) : err;
}

static void _finished(struct open_job *j)
{
	size_t done;

	pthread_mutex_lock(&j->lock);
	done = ++j->done;
	pthread_mutex_unlock(&j->lock);
	if (j->opts && j->opts->scanned)
		j->opts->scanned(j->opts->scanned_arg, done, j->n);
}

/* Kernel @i is stored: free its type data, and its files' list (4,000 modules). */
static void _release(struct open_job *j, size_t i)
{
	kernel__release_types(j->out[i]);
	kernel_files__free(j->kfs[i]);
	j->kfs[i] = NULL;
}

static void *_open_worker(void *arg)
{
	struct open_job *j = arg;
	size_t i;

	for (;;) {
		pthread_mutex_lock(&j->lock);
		i = j->next < j->n ? j->order[j->next] : j->n;
		j->next++;
		pthread_mutex_unlock(&j->lock);
		if (i >= j->n)
			return NULL;
		errmsg__clear();
		j->errs[i] = kernel__open(j->kfs[i], j->opts, &j->out[i]);
		if (!j->errs[i] && j->then)
			j->errs[i] = j->then(j->out[i], i, j->then_arg);
		if (!j->errs[i])
			j->errs[i] = _store(j->out[i], j->kfs[i]);
		if (!j->errs[i] && j->opts->release_types)
			_release(j, i);
		if (j->errs[i])
			snprintf(j->msgs[i], sizeof(j->msgs[i]), "%s", errmsg__get() ?:
				 strerror(-j->errs[i]));
		_finished(j);
	}
}

/*
 * Slowest first: one xz bzImage takes longer than all raw BTF files
 * together, so it must not start last.
 */
static void _order_by_cost(struct kernel_files *const *kfs, size_t n, size_t *order)
{
	size_t *cost = calloc(n ?: 1, sizeof(*cost)), i, k;

	for (i = 0; i < n; i++) {
		order[i] = i;
		if (cost && kfs[i]->vmlinux)
			cost[i] = image__cost(kfs[i]->vmlinux);
	}
	for (i = 1; cost && i < n; i++) {	/* insertion sort: n is small, stable */
		size_t o = order[i];

		for (k = i; k > 0 && cost[order[k - 1]] < cost[o]; k--)
			order[k] = order[k - 1];
		order[k] = o;
	}
	free(cost);
}

int kernel__open_many(struct kernel_files **kfs, size_t n, int jobs,
		      const struct kernel_opts *o, kernel_then_fn then, void *arg,
		      struct kernel **out)
{
	struct kernel_opts lo = o ? *o : (struct kernel_opts){ 0 };
	struct open_job j = { .kfs = kfs, .out = out, .n = n, .opts = &lo, .then = then,
			      .then_arg = arg };
	size_t i;
	int err = 0;

	jobs = workers__jobs(jobs);
	/* Jobs beyond one per kernel read its modules while its vmlinux decodes. */
	lo.module_threads = n ? (int)((size_t)jobs / n) : 0;
	j.errs = calloc(n ?: 1, sizeof(*j.errs));
	j.msgs = calloc(n ?: 1, sizeof(*j.msgs));
	j.order = calloc(n ?: 1, sizeof(*j.order));
	if (!j.errs || !j.msgs || !j.order) {
		free(j.errs);
		free(j.msgs);
		free(j.order);
		return -ENOMEM;
	}
	_order_by_cost(kfs, n, j.order);
	elf_version(EV_CURRENT);	/* libelf's one global, set before any thread */
	libbpf_set_print(NULL);
	pthread_mutex_init(&j.lock, NULL);
	workers__run(_open_worker, &j, jobs, n);
	pthread_mutex_destroy(&j.lock);
	for (i = 0; i < n && !err; i++)
		if (j.errs[i])
			err = errmsg__set(j.errs[i], "%s", j.msgs[i]);
	for (i = 0; err && i < n; i++) {
		kernel__free(out[i]);
		out[i] = NULL;
	}
	free(j.errs);
	free(j.msgs);
	free(j.order);
	return err;
}

/* Free module @m, all but what says why it was set aside (if it was). */
static void _kmod_release(struct kmod *m)
{
	btf__free(m->btf);
	free(m->raw);
	free(m->debug_path);
	free(m->vermagic);
	free(m->depends);
	if (!m->bad) {
		free(m->path);
		free(m->name);
	}
	*m = (struct kmod){ .path = m->bad ? m->path : NULL, .name = m->bad ? m->name : NULL,
			    .bad = m->bad, .bad_said = m->bad_said, .read = m->read };
}

void kernel__release_types(struct kernel *k)
{
	size_t i, kept = 0;

	kmod_prefetch__free(k->prefetch);
	k->prefetch = NULL;
	/* A kernel of 4,000 modules lists 1.5 MiB of them: keep the unreadable ones. */
	k->mods_total = k->released ? k->mods_total : k->mods_cnt;
	for (i = 0; i < k->mods_cnt; i++) {
		_kmod_release(&k->mods[i]);
		if (k->mods[i].bad)
			k->mods[kept++] = k->mods[i];
	}
	k->mods_cnt = kept;
	if (!kept) {
		free(k->mods);
		k->mods = NULL;
	} else {
		struct kmod *p = realloc(k->mods, kept * sizeof(*p));

		k->mods = p ?: k->mods;	/* a smaller block, else the same */
	}
	cache_entry__free(k->cached);
	k->cached = NULL;
	cache_entry__free(k->scan);
	k->scan = NULL;
	for (i = 0; i < k->dwarf_btfs_cnt; i++)
		btf__free(k->dwarf_btfs[i]);
	free(k->dwarf_btfs);
	k->dwarf_btfs = NULL;
	k->dwarf_btfs_cnt = 0;
	btf__free(k->base);
	k->base = NULL;
	k->released = true;
}

size_t kernel__modules_cnt(const struct kernel *k)
{
	return k->released ? k->mods_total : k->mods_cnt;
}

void kernel__free(struct kernel *k)
{
	size_t i;

	if (!k)
		return;
	/* Left: the identity, and the modules set aside with why. */
	kernel__release_types(k);
	for (i = 0; i < k->mods_cnt; i++) {
		free(k->mods[i].path);
		free(k->mods[i].name);
		free(k->mods[i].bad);
	}
	free(k->mods);
	free(k->vmlinux_debug);
	free(k->vmlinux_debug_bad);
	free(k->cache_bad);
	free(k->origin);
	free(k->release);
	free(k->version);
	free(k->arch);
	free(k->flavour);
	free(k->vmlinux_path);
	free(k->vmlinux_how);
	free(k);
}

/* The release a module says it was built for: vermagic's first word. */
static bool _vermagic_matches(const struct kernel *k, const char *vermagic)
{
	size_t n = strcspn(vermagic, " ");

	/* Only a real release name can be compared ("vmlinux" cannot). */
	if (!k->version[0])
		return true;
	return strlen(k->release) == n && !strncmp(k->release, vermagic, n);
}

/* Module @i's blob and facts: from the cache entry if the kernel has one. */
static int _module_image(struct kernel *k, size_t i, struct image_btf *img)
{
	if (k->cached) {
		*img = k->cached->mods[i];
		memset(&k->cached->mods[i], 0, sizeof(*img));
		return 0;
	}
	if (k->prefetch)
		return kmod_prefetch__take(k->prefetch, i, img);
	return image__read_btf(k->mods[i].path, img);
}

/*
 * A file of @k cannot be used (@err, its message recorded). One bad file
 * must not sink a run: unless the kernel is strict, its message moves to
 * *@why, and the types it might hold become no-data.
 */
static int _set_aside(struct kernel *k, char **why, int err)
{
	if (k->strict || err == -ENOMEM)
		return err;
	*why = strdup(errmsg__get() ?: strerror(-err));
	errmsg__clear();
	return *why ? 0 : -ENOMEM;
}

int kernel__module_bad(struct kernel *k, struct kmod *m, int err)
{
	err = _set_aside(k, &m->bad, err);
	if (err)
		return err;
	m->read = true;
	k->mods_bad++;
	return 0;
}

/* Module @m's blob is @data (@size bytes of checked BTF), now its own; NULL: none. */
static void _set_raw(struct kmod *m, void *data, size_t size)
{
	const struct btf_header *h = data;

	if (!data) {
		m->raw_size = 0;
		return;
	}
	m->raw = data;
	m->raw_size = size;
	m->strs = (const char *)data + h->hdr_len + h->str_off;
	m->strs_len = h->str_len;
}

/*
 * Module @m's blob from its own file, the cache entry it was to come from
 * being damaged: read as a fresh scan reads it. A package's member has no
 * file of its own, and is set aside.
 */
static int _module_from_file(struct kernel *k, struct kmod *m)
{
	struct image_btf img;
	int err;

	m->raw_cached = false;
	if (access(m->path, R_OK)) {
		/* Its types are no-data with this reason; k->cache_bad is the warning. */
		err = kernel__module_bad(k, m, errmsg__set(-EIO, "cannot read '%s': its blob is in "
							   "a damaged cache entry", m->path));
		m->bad_said = true;
		return err;
	}
	err = image__read_btf(m->path, &img);
	if (err)
		return kernel__module_bad(k, m, err);
	_set_raw(m, img.data, img.size);
	img.data = NULL;
	image_btf_release(&img);
	return 0;
}

int kernel__module_raw(struct kernel *k, struct kmod *m)
{
	void *data;
	size_t size;
	int err;

	if (!m->raw_cached)
		return 0;
	if (k->cache_bad)
		return _module_from_file(k, m);
	err = cache_entry__blob(k->cached, m - k->mods, m->path, &data, &size);
	if (err == -ENOMEM)
		return err;
	if (err) {
		/*
		 * The cache is only a shortcut: a damaged entry must sink neither
		 * this run nor every run after it. It is said once and removed, so
		 * that the next run reads the kernel's files again, and the
		 * modules still in it are read from their files (a package's
		 * modules, which have none, are no-data for this run).
		 */
		cache_entry__discard(k->cached);
		if (k->strict)
			return err;
		k->cache_bad = strdup(errmsg__get() ?: strerror(-err));
		errmsg__clear();
		if (!k->cache_bad)
			return -ENOMEM;
		return _module_from_file(k, m);
	}
	m->raw_cached = false;
	_set_raw(m, data, size);
	return 0;
}

int kernel__vmlinux_debug_bad(struct kernel *k, int err)
{
	/* The file the user named is not one among many. */
	if (!strcmp(k->vmlinux_debug, k->origin))
		return err;
	return _set_aside(k, &k->vmlinux_debug_bad, err);
}

static int _read_module(struct kernel *k, size_t i)
{
	struct kmod *m = &k->mods[i];
	struct image_btf img;
	int err;

	err = _module_image(k, i, &img);
	if (err)
		return kernel__module_bad(k, m, err);
	m->read = true;
	m->e_machine = img.e_machine;
	memcpy(m->build_id, img.build_id, img.build_id_len);
	m->build_id_len = img.build_id_len;
	m->vermagic = img.vermagic;
	img.vermagic = NULL;
	m->depends = img.depends;
	img.depends = NULL;
	if (m->vermagic && !_vermagic_matches(k, m->vermagic)) {
		err = errmsg__set(-EINVAL, "cannot use '%s': built for kernel %.*s, not %s",
				  m->path, (int)strcspn(m->vermagic, " "), m->vermagic,
				  k->release);
	} else if (img.data) {
		_set_raw(m, img.data, img.size);
		img.data = NULL;
	} else if (img.size && k->cached) {
		m->raw_size = img.size;	/* taken from the entry when a lookup needs it */
		m->raw_cached = true;
	} else if (!m->debug_path) {
		k->mods_nodata++;
	}
	image_btf_release(&img);
	return err ? kernel__module_bad(k, m, err) : 0;
}

int kernel__read_modules(struct kernel *k)
{
	size_t i;
	int err = 0;

	if (k->mods_read)
		return 0;
	for (i = 0; !err && i < k->mods_cnt; i++)
		if (!k->mods[i].read)
			err = _read_module(k, i);
	k->mods_read = !err;
	if (k->mods_read) {
		kmod_prefetch__free(k->prefetch);	/* every module has been taken */
		k->prefetch = NULL;
	}
	return err;
}

/* The facts of @k's modules as images, borrowing their blobs. */
static struct image_btf *_module_views(const struct kernel *k)
{
	struct image_btf *v = calloc(k->mods_cnt ?: 1, sizeof(*v));
	size_t i;

	for (i = 0; v && i < k->mods_cnt; i++) {
		const struct kmod *m = &k->mods[i];

		v[i].data = m->raw;
		v[i].size = m->raw_size;
		v[i].e_machine = m->e_machine;
		memcpy(v[i].build_id, m->build_id, m->build_id_len);
		v[i].build_id_len = m->build_id_len;
		v[i].vermagic = m->vermagic;
		v[i].depends = m->depends;
	}
	return v;
}

int kernel__cache_store(struct kernel *k, const struct kernel_files *kf)
{
	struct cache_entry *e = k->scan;
	int err;

	if (!k->cache || !e)
		return 0;
	err = kernel__read_modules(k);
	if (!err && k->mods_bad) {
		/* A cached kernel would forget which modules were unreadable. */
		cache_entry__free(e);
		k->scan = NULL;
		return 0;
	}
	if (!err && !(e->mods = _module_views(k)))
		err = -ENOMEM;
	if (!err) {
		/* Borrowed for the write: kf, identity, module blobs. */
		e->kf = (struct kernel_files *)kf;
		e->version = k->version;
		e->arch = k->arch;
		e->flavour = k->flavour;
		snprintf(e->key, sizeof(e->key), "%s", k->cache_key);
		err = cache__store(k->cache, e);
		k->cache_size = e->file_size;
	}
	free(e->mods);
	e->mods = NULL;
	e->kf = NULL;
	e->version = e->arch = e->flavour = NULL;
	cache_entry__free(e);
	k->scan = NULL;
	return err;
}

/* True if @off starts a string in @btf's string section. */
static bool _starts_string(const struct btf *btf, __u32 off)
{
	const char *s = btf__str_by_offset(btf, off);

	return off == 0 || (s && s[-1] == '\0');
}

/*
 * A module's split BTF names its strings by offsets that continue the base's
 * string section. On another kernel's base the offsets land in the middle of
 * strings, so every name must start right after a NUL.
 */
static int _check_split(const struct kernel *k, const struct kmod *m, const struct btf *btf)
{
	__u32 i, start = btf__type_cnt(k->base), n = btf__type_cnt(btf);

	for (i = start; i < n; i++) {
		const struct btf_type *t = btf__type_by_id(btf, i);

		if (!_starts_string(btf, t->name_off))
			return errmsg__set(-EINVAL, "cannot use '%s': its BTF does not match the "
					   "base BTF '%s' (module from another kernel?)",
					   m->path, k->vmlinux_path);
	}
	return 0;
}

/*
 * libbpf 1.1 (Debian 12) does not export btf__new_split(), only the path
 * based btf__parse_raw_split(); hand it the blob through a memfd.
 */
static struct btf *_new_split(const void *data, size_t size, struct btf *base)
{
	char path[64];
	struct btf *btf = NULL;
	int fd = memfd_create("kabiscan-btf", MFD_CLOEXEC);

	if (fd < 0)
		return NULL;
	if (write(fd, data, size) == (ssize_t)size) {
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
		btf = btf__parse_raw_split(path, base);
	} else {
		errno = EIO;
	}
	close(fd);
	return btf;
}

int kernel__module_btf(struct kernel *k, struct kmod *m, struct btf **out)
{
	int err;

	*out = NULL;
	if (m->bad)
		return 0;
	err = kernel__module_raw(k, m);
	if (err || !m->raw)
		return err;
	if (!m->btf) {
		if (!k->base)
			return errmsg__set(-ENOENT, "cannot read '%s': no base vmlinux BTF for its "
					   "split BTF (give one with --base)", m->path);
		m->btf = _new_split(m->raw, m->raw_size, k->base);
		if (!m->btf)
			return kernel__module_bad(k, m, errmsg__set(-EINVAL, "cannot read '%s': invalid "
					   "split BTF or wrong base BTF '%s' (%s)", m->path,
					   k->vmlinux_path, strerror(errno)));
		err = _check_split(k, m, m->btf);
		if (err) {
			btf__free(m->btf);
			m->btf = NULL;
			return kernel__module_bad(k, m, err);
		}
	}
	*out = m->btf;
	return 0;
}

int kernel__own_btf(struct kernel *k, struct btf *btf)
{
	struct btf **p = realloc(k->dwarf_btfs, (k->dwarf_btfs_cnt + 1) * sizeof(*p));

	if (!p) {
		btf__free(btf);
		return -ENOMEM;
	}
	k->dwarf_btfs = p;
	p[k->dwarf_btfs_cnt++] = btf;
	return 0;
}
