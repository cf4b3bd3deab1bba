// SPDX-License-Identifier: GPL-2.0
/*
 * Where a kernel keeps its type data, by release R:
 *   sys/kernel/btf/vmlinux            raw BTF (only "/" or a single-release root)
 *   boot/vmlinux-R, usr/lib/debug/boot/vmlinux-R, boot/vmlinuz-R,
 *   usr/lib/modules/R/vmlinuz         images, in that order of preference
 *   {usr/,}lib/modules/R/ (any depth) .ko, .ko.xz, .ko.zst, .ko.gz modules
 */
#include <dirent.h>
#include <errno.h>
#include <fts.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "cache.h"
#include "errmsg.h"
#include "kdir.h"

/* A growable list of strings: ptr / _cnt / _cap. */
struct strlist {
	char **ptr;
	size_t cnt;
	size_t cap;
};

static int _strlist_add(struct strlist *l, char *s)
{
	if (!s)
		return -ENOMEM;
	if (l->cnt == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		char **p = realloc(l->ptr, cap * sizeof(*p));

		if (!p) {
			free(s);
			return -ENOMEM;
		}
		l->ptr = p;
		l->cap = cap;
	}
	l->ptr[l->cnt++] = s;
	return 0;
}

static void _strlist_free(struct strlist *l)
{
	size_t i;

	for (i = 0; i < l->cnt; i++)
		free(l->ptr[i]);
	free(l->ptr);
}

static int _cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

bool kdir__is_module_name(const char *name)
{
	static const char *sfx[] = { ".ko", ".ko.xz", ".ko.zst", ".ko.gz" };
	size_t i, n = strlen(name);

	for (i = 0; i < 4; i++) {
		size_t m = strlen(sfx[i]);

		if (n > m && !strcmp(name + n - m, sfx[i]))
			return true;
	}
	return false;
}

/* ROOT/FMT(rel), without doubled slashes when ROOT ends in one ("/"). */
static char *_path(const char *root, const char *fmt, const char *rel)
{
	size_t n = strlen(root);
	char *s, *sub;

	while (n > 0 && root[n - 1] == '/')
		n--;
	if (asprintf(&sub, fmt, rel) < 0)
		return NULL;
	if (asprintf(&s, "%.*s/%s", (int)n, root, sub) < 0)
		s = NULL;
	free(sub);
	return s;
}

/* @p, if it is a file; else free it and return NULL. Loops are errors. */
static char *_if_file(char *p, int *err)
{
	struct stat st;

	if (p && !stat(p, &st) && S_ISREG(st.st_mode))
		return p;
	if (p && errno == ELOOP && !*err)
		*err = errmsg__set(-ELOOP, "cannot open '%s': symbolic link loop", p);
	free(p);
	return NULL;
}

/* The first existing file among the usual vmlinux places for @rel. */
static char *_find_vmlinux(const char *root, const char *rel, bool sys_btf, int *err)
{
	static const char *places[] = {
		"boot/vmlinux-%s", "usr/lib/debug/boot/vmlinux-%s", "boot/vmlinuz-%s",
		"usr/lib/modules/%s/vmlinuz", "lib/modules/%s/vmlinuz",
	};
	char *p = NULL;
	size_t i;

	if (sys_btf)
		p = _if_file(_path(root, "%ssys/kernel/btf/vmlinux", ""), err);
	for (i = 0; !p && !*err && i < sizeof(places) / sizeof(places[0]); i++)
		p = _if_file(_path(root, places[i], rel), err);
	return p;
}

/* Add every module file under @dir; symlinked directories are not followed. */
static int _walk_modules(const char *dir, struct strlist *mods)
{
	char *argv[] = { (char *)dir, NULL };
	FTSENT *e;
	FTS *fts;
	int err = 0;

	fts = fts_open(argv, FTS_PHYSICAL | FTS_NOCHDIR, NULL);
	if (!fts)
		return errmsg__set(-errno, "cannot list '%s': %s", dir, strerror(errno));
	while (!err && (e = fts_read(fts))) {
		if (e->fts_info == FTS_DNR || e->fts_info == FTS_ERR)
			err = errmsg__set(-e->fts_errno, "cannot list '%s': %s", e->fts_path,
					  strerror(e->fts_errno));
		else if ((e->fts_info == FTS_F || e->fts_info == FTS_SL) &&
			 kdir__is_module_name(e->fts_name) && e->fts_level > 0)
			err = _strlist_add(mods, strdup(e->fts_path));
	}
	fts_close(fts);
	return err;
}

/* Modules of @rel: usr/lib/modules/R and lib/modules/R, same file once. */
static int _find_modules(const char *root, const char *rel, struct kernel_files *kf)
{
	static const char *places[] = { "usr/lib/modules/%s", "lib/modules/%s" };
	struct strlist mods = { 0 };
	struct stat st, seen = { 0 };
	size_t i;
	int err = 0;

	for (i = 0; !err && i < 2; i++) {
		char *dir = _path(root, places[i], rel);

		if (!dir)
			return -ENOMEM;
		if (!stat(dir, &st) && S_ISDIR(st.st_mode) &&
		    !(st.st_dev == seen.st_dev && st.st_ino == seen.st_ino)) {
			seen = st;
			err = _walk_modules(dir, &mods);
			if (!kf->module_root)
				kf->module_root = strdup(dir);
		}
		free(dir);
	}
	if (err) {
		_strlist_free(&mods);
		return err;
	}
	if (mods.cnt)
		qsort(mods.ptr, mods.cnt, sizeof(*mods.ptr), _cmp_str);
	kf->modules = mods.ptr;
	kf->modules_cnt = mods.cnt;
	return 0;
}

/* Release names seen in boot/ and {usr/,}lib/modules/ of a root. */
static int _find_releases(const char *root, struct strlist *rels)
{
	static const char *dirs[] = { "boot", "lib/modules", "usr/lib/modules",
				      "usr/lib/debug/boot" };
	static const char *pfx[] = { "vmlinuz-", "vmlinux-", "config-" };
	size_t i, j;
	int err = 0;

	for (i = 0; !err && i < 4; i++) {
		char *dir = _path(root, "%s", dirs[i]);
		DIR *d = dir ? opendir(dir) : NULL;
		struct dirent *de;

		while (d && !err && (de = readdir(d))) {
			const char *rel = NULL;

			if (de->d_name[0] == '.')
				continue;
			if (i == 1 || i == 2)
				rel = de->d_name;
			for (j = 0; !rel && j < 3; j++)
				if (!strncmp(de->d_name, pfx[j], strlen(pfx[j])))
					rel = de->d_name + strlen(pfx[j]);
			if (rel && *rel)
				err = _strlist_add(rels, strdup(rel));
		}
		if (d)
			closedir(d);
		free(dir);
	}
	return err;
}

static void _dedup(struct strlist *l)
{
	size_t i, n = 0;

	if (l->cnt)
		qsort(l->ptr, l->cnt, sizeof(*l->ptr), _cmp_str);
	for (i = 0; i < l->cnt; i++) {
		if (n && !strcmp(l->ptr[n - 1], l->ptr[i]))
			free(l->ptr[i]);
		else
			l->ptr[n++] = l->ptr[i];
	}
	l->cnt = n;
}

/* A regular file at @p (freed otherwise). */
static char *_file_or_free(char *p)
{
	struct stat st;

	if (p && !stat(p, &st) && S_ISREG(st.st_mode))
		return p;
	free(p);
	return NULL;
}

/*
 * The debug file of module @mod of release @rel: the same path below
 * lib/modules/REL, uncompressed, under ROOT/usr/lib/debug or the debug
 * directory ("kernel/drivers/vfio/vfio.ko.xz" -> ".../kernel/drivers/vfio/vfio.ko").
 */
static char *_module_debug(const char *root, const char *rel, const char *mod,
			   const char *debug_dir)
{
	static const char *places[] = { "%s/usr/lib/debug/lib/modules/%s/%s",
					"%s/lib/modules/%s/%s" };
	const char *m = strstr(mod, "/modules/");
	size_t rlen = strlen(rel), i;
	char *sub, *dot, *p = NULL;

	if (!m || strncmp(m + 9, rel, rlen) || m[9 + rlen] != '/')
		return NULL;
	sub = strdup(m + 10 + rlen);
	dot = sub ? strstr(sub, ".ko") : NULL;
	if (dot)
		dot[3] = '\0';
	if (dot && root && asprintf(&p, places[0], strcmp(root, "/") ? root : "", rel, sub) >= 0)
		p = _file_or_free(p);
	for (i = 0; dot && !p && debug_dir && i < 2; i++)
		if (asprintf(&p, places[i], debug_dir, rel, sub) >= 0)
			p = _file_or_free(p);
	if (dot && !p && debug_dir && asprintf(&p, "%s/%s", debug_dir, sub) >= 0)
		p = _file_or_free(p);
	free(sub);
	return p;
}

/* Debug files for the modules and vmlinux of @kf. */
static int _find_debug(const char *root, struct kernel_files *kf, const char *debug_dir)
{
	size_t i;

	kf->debug = calloc(kf->modules_cnt ?: 1, sizeof(*kf->debug));
	if (!kf->debug)
		return -ENOMEM;
	for (i = 0; i < kf->modules_cnt; i++)
		kf->debug[i] = _module_debug(root, kf->release, kf->modules[i], debug_dir);
	if (root)
		kf->vmlinux_debug = _file_or_free(_path(root, "usr/lib/debug/boot/vmlinux-%s",
							kf->release));
	if (!kf->vmlinux_debug && root)
		kf->vmlinux_debug = _file_or_free(_path(root, "usr/lib/debug/lib/modules/%s/vmlinux",
							kf->release));
	for (i = 0; !kf->vmlinux_debug && debug_dir && i < 3; i++)
		kf->vmlinux_debug = _file_or_free(_path(debug_dir, (const char *[]){
			"boot/vmlinux-%s", "usr/lib/debug/boot/vmlinux-%s",
			"usr/lib/debug/lib/modules/%s/vmlinux" }[i], kf->release));
	return 0;
}

static int _push_kernel(struct kernel_files ***arr, size_t *cnt, struct kernel_files *kf)
{
	struct kernel_files **p = realloc(*arr, (*cnt + 1) * sizeof(*p));

	if (!p) {
		kernel_files__free(kf);
		return -ENOMEM;
	}
	p[(*cnt)++] = kf;
	*arr = p;
	return 0;
}

/* Is @rel the release of the running kernel? */
static bool _is_running(const char *rel)
{
	struct utsname u;

	return !uname(&u) && !strcmp(u.release, rel);
}

/* One release under a root directory. */
static int _root_kernel(const char *root, const char *rel, bool sys_btf,
			const struct kdir_opts *o, struct kernel_files **out)
{
	struct kernel_files *kf = calloc(1, sizeof(*kf));
	int err = 0;

	*out = kf;
	if (!kf)
		return -ENOMEM;
	kf->origin = strdup(root);
	kf->release = strdup(rel);
	kf->running = !strcmp(root, "/") && _is_running(rel);
	kf->vmlinux = _find_vmlinux(root, rel, sys_btf, &err);
	kf->config = _if_file(_path(root, "boot/config-%s", rel), &err);
	err = err ?: _find_modules(root, rel, kf);
	err = err ?: _find_debug(root, kf, o->debug_dir);
	if (!err && (!kf->origin || !kf->release))
		err = -ENOMEM;
	return err;
}

static int _find_in_root(const char *root, const struct kdir_opts *o,
			 struct kernel_files ***arr, size_t *cnt, bool parent);

/*
 * A directory of kernel roots (a corpus, a mirror of extracted packages):
 * every subdirectory that is a root, in name order. Returns -ENOENT with no
 * message when there is none.
 */
static int _find_in_parent(const char *dir, const struct kdir_opts *o,
			   struct kernel_files ***arr, size_t *cnt)
{
	struct strlist subs = { 0 };
	struct dirent *de;
	struct stat st;
	DIR *d = opendir(dir);
	size_t i, before = *cnt;
	int err = 0;

	while (d && !err && (de = readdir(d))) {
		char *p = de->d_name[0] == '.' ? NULL : _path(dir, "%s", de->d_name);

		if (p && !lstat(p, &st) && S_ISDIR(st.st_mode))
			err = _strlist_add(&subs, p);
		else
			free(p);
	}
	if (d)
		closedir(d);
	if (subs.cnt)
		qsort(subs.ptr, subs.cnt, sizeof(*subs.ptr), _cmp_str);
	for (i = 0; !err && i < subs.cnt; i++) {
		err = _find_in_root(subs.ptr[i], o, arr, cnt, false);
		if (err == -ENOENT) {
			errmsg__clear();
			err = 0;
		}
	}
	_strlist_free(&subs);
	return err ?: (*cnt > before ? 0 : -ENOENT);
}

/* The kernels of a root; with @parent, of the roots one level below it. */
static int _find_in_root(const char *root, const struct kdir_opts *o,
			 struct kernel_files ***arr, size_t *cnt, bool parent)
{
	struct strlist rels = { 0 };
	struct kernel_files *kf;
	struct utsname u;
	char *sys = _path(root, "%ssys/kernel/btf/vmlinux", "");
	bool sys_btf;
	size_t i;
	int err = 0;

	sys_btf = sys && !access(sys, R_OK);
	free(sys);
	if (!strcmp(root, "/")) {
		uname(&u);
		err = _strlist_add(&rels, strdup(u.release));
	} else {
		err = _find_releases(root, &rels);
		_dedup(&rels);
		if (!err && !rels.cnt && sys_btf) {
			const char *b = strrchr(root, '/');

			err = _strlist_add(&rels, strdup(b && b[1] ? b + 1 : root));
		}
	}
	if (!err && !rels.cnt && parent && strcmp(root, "/"))
		err = _find_in_parent(root, o, arr, cnt);
	else if (!err && !rels.cnt)
		err = -ENOENT;
	if (err == -ENOENT && !errmsg__get())
		err = errmsg__set(-ENOENT, "no kernel found in '%s': no boot/vmlinu[xz]-*, "
				  "lib/modules/*, sys/kernel/btf/vmlinux or kernel roots below it",
				  root);
	if (!rels.cnt) {
		_strlist_free(&rels);
		return err;
	}
	for (i = 0; !err && i < rels.cnt; i++) {
		err = _root_kernel(root, rels.ptr[i], sys_btf && rels.cnt == 1, o, &kf);
		err = err ? (kernel_files__free(kf), err) : _push_kernel(arr, cnt, kf);
	}
	_strlist_free(&rels);
	return err;
}

/* "R" from "vmlinuz-R"/"vmlinux-R", else the file's own name. */
static char *_release_from_name(const char *path)
{
	const char *b = strrchr(path, '/');

	b = b ? b + 1 : path;
	if (!strncmp(b, "vmlinuz-", 8) || !strncmp(b, "vmlinux-", 8))
		return b[8] ? strdup(b + 8) : strdup(b);
	return strdup(b);
}

void kdir__module_root(const char *path, char **root, char **rel)
{
	const char *m = strstr(path, "lib/modules/");
	size_t n;

	*root = *rel = NULL;
	if (!m)
		return;
	n = strcspn(m + 12, "/");
	if (!m[12 + n])
		return;
	*rel = strndup(m + 12, n);
	n = m - path;
	if (n >= 4 && !strncmp(m - 4, "usr/", 4))
		n -= 4;
	while (n > 1 && path[n - 1] == '/')
		n--;
	*root = n ? strndup(path, n) : strdup(".");
}

static int _find_file(const char *path, const struct kdir_opts *o, struct kernel_files **out)
{
	struct kernel_files *kf = calloc(1, sizeof(*kf));
	char *root = NULL, *rel = NULL;
	int err = 0;

	*out = kf;
	if (!kf)
		return -ENOMEM;
	kf->origin = strdup(path);
	if (kdir__is_module_name(path)) {
		kdir__module_root(path, &root, &rel);
		kf->single_module = true;
		kf->modules = calloc(1, sizeof(char *));
		if (kf->modules && (kf->modules[0] = strdup(path)))
			kf->modules_cnt = 1;
		kf->vmlinux = o->base ? strdup(o->base) :
			      root ? _find_vmlinux(root, rel, true, &err) : NULL;
		kf->release = rel ? strdup(rel) : _release_from_name(path);
		err = err ?: _find_debug(root, kf, o->debug_dir);
	} else {
		kf->vmlinux = strdup(path);
		kf->release = _release_from_name(path);
		err = kf->release ? _find_debug(NULL, kf, o->debug_dir) : -ENOMEM;
	}
	free(root);
	free(rel);
	if (!err && (!kf->origin || !kf->release))
		err = -ENOMEM;
	return err;
}

/*
 * "ROOT/[usr/]lib/modules/R", a directory, stands for release R of ROOT
 * alone: what a build for R (Kbuild's $(KERNELRELEASE)) names, also on "/"
 * when R is not the running kernel. Sets *@root and *@rel (malloc'ed), or
 * leaves them NULL for any other directory.
 */
static void _modules_dir(const char *path, char **root, char **rel)
{
	size_t n = strlen(path), len;
	char *p;

	while (n > 1 && path[n - 1] == '/')
		n--;
	*root = *rel = NULL;
	/* kdir__module_root reads a module's path: give it one inside. */
	if (asprintf(&p, "%.*s/m.ko", (int)n, path) < 0)
		return;
	kdir__module_root(p, root, rel);
	len = *rel ? strlen(*rel) : 0;
	if (*rel && (n < len + 12 || strncmp(path + n - len, *rel, len) ||
		     strncmp(path + n - len - 12, "lib/modules/", 12))) {
		free(*root);
		free(*rel);
		*root = *rel = NULL;
	}
	free(p);
}

/* Release @rel of @root, from _modules_dir(); a missing release is an error. */
static int _find_release(const char *path, const char *root, const char *rel,
			 const struct kdir_opts *o, struct kernel_files ***arr, size_t *cnt)
{
	bool running = !strcmp(root, "/") && _is_running(rel);
	char *sys = _path(root, "%ssys/kernel/btf/vmlinux", "");
	struct kernel_files *kf;
	int err;

	err = _root_kernel(root, rel, running && sys && !access(sys, R_OK), o, &kf);
	free(sys);
	if (!err && !kf->vmlinux && !kf->modules_cnt)
		err = errmsg__set(-ENOENT, "no kernel %s found in '%s' (from '%s')", rel, root,
				  path);
	return err ? (kernel_files__free(kf), err) : _push_kernel(arr, cnt, kf);
}

int kdir__find(const char *path, const struct kdir_opts *o, struct kernel_files ***out,
	       size_t *cnt)
{
	char *root, *rel;
	struct kernel_files *kf;
	struct stat st;
	int err;

	*out = NULL;
	*cnt = 0;
	if (stat(path, &st)) {
		if (errno == ELOOP)
			return errmsg__set(-ELOOP, "cannot open '%s': symbolic link loop", path);
		return errmsg__set(-errno, "cannot open '%s': %s", path, strerror(errno));
	}
	if (S_ISDIR(st.st_mode)) {
		_modules_dir(path, &root, &rel);
		err = rel ? _find_release(path, root, rel, o, out, cnt) :
		      _find_in_root(path, o, out, cnt, true);
		free(root);
		free(rel);
	} else {
		err = _find_file(path, o, &kf);
		err = err ? (kernel_files__free(kf), err) : _push_kernel(out, cnt, kf);
	}
	if (err) {
		kernel_files__free_all(*out, *cnt);
		*out = NULL;
		*cnt = 0;
	}
	return err;
}

void kernel_files__free(struct kernel_files *kf)
{
	size_t i;

	if (!kf)
		return;
	for (i = 0; i < kf->modules_cnt; i++)
		free(kf->modules[i]);
	free(kf->modules);
	free(kf->origin);
	free(kf->release);
	free(kf->vmlinux);
	free(kf->config);
	for (i = 0; kf->debug && i < kf->modules_cnt; i++)
		free(kf->debug[i]);
	free(kf->debug);
	for (i = 0; kf->bad && i < kf->modules_cnt; i++)
		free(kf->bad[i]);
	free(kf->bad);
	free(kf->vmlinux_debug);
	free(kf->module_root);
	cache_entry__free(kf->entry);
	free(kf);
}

void kernel_files__free_all(struct kernel_files **kfs, size_t cnt)
{
	size_t i;

	for (i = 0; i < cnt; i++)
		kernel_files__free(kfs[i]);
	free(kfs);
}
