// SPDX-License-Identifier: GPL-2.0
/*
 * The cache directory and its files, read and written whole: entries,
 * notes and derived data. Keys and the stat index are cache_index.c's
 * business, the bytes of an entry cache_entry.c's.
 *
 *   DIR/index               stat index, text (see cache_index__save)
 *   DIR/kernels/KEY.kbc     one entry per kernel
 *   DIR/kernels/.tmp.*      entries being written, renamed when complete
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include "cache.h"
#include "cache_priv.h"
#include "cleanup.h"
#include "errmsg.h"
#include "kdir.h"

int cache_dir__mkdir(char *path)
{
	char *p;
	struct stat st;

	for (p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0755) && errno != EEXIST) {
			*p = '/';
			return -errno;
		}
		*p = '/';
	}
	if (mkdir(path, 0755) && errno != EEXIST)
		return -errno;
	if (stat(path, &st))
		return -errno;
	return S_ISDIR(st.st_mode) ? 0 : -ENOTDIR;
}

char *cache__default_dir(void)
{
	const char *x = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	char *d = NULL;

	if (x && x[0] == '/') {
		if (asprintf(&d, "%s/kabiscan", x) < 0)
			d = NULL;
	} else if (home && home[0]) {
		if (asprintf(&d, "%s/.cache/kabiscan", home) < 0)
			d = NULL;
	}
	return d;
}

/* Is @path (if it exists) owned by us or root, and writable by nobody else? */
static int _trusted(const struct cache *c, const char *path)
{
	struct stat st;

	if (lstat(path, &st))
		return errno == ENOENT ? 0 : -errno;
	if (st.st_uid != geteuid() && st.st_uid != 0)
		return errmsg__set(-EPERM, "cannot use cache directory '%s': '%s' belongs to uid "
				   "%u, not to you (uid %u); set KABISCAN_TRUST_CACHE=1 if you trust "
				   "everyone who can write it", c->dir, path, (unsigned)st.st_uid,
				   (unsigned)geteuid());
	if (st.st_mode & (S_IWGRP | S_IWOTH))
		return errmsg__set(-EPERM, "cannot use cache directory '%s': '%s' is writable by "
				   "others (mode %04o); set KABISCAN_TRUST_CACHE=1 if you trust "
				   "everyone who can write it", c->dir, path,
				   (unsigned)(st.st_mode & 07777));
	return 0;
}

/* The trust model (cache.h): the directory and what decides what it says. */
static int _check_trust(const struct cache *c)
{
	static const char *const subs[] = { "", "/kernels", "/derived", "/notes", "/index" };
	const char *t = getenv("KABISCAN_TRUST_CACHE");
	char *p;
	size_t i;
	int err = 0;

	if (t && !strcmp(t, "1"))
		return 0;
	for (i = 0; !err && i < sizeof(subs) / sizeof(subs[0]); i++) {
		if (asprintf(&p, "%s%s", c->dir, subs[i]) < 0)
			return -ENOMEM;
		err = _trusted(c, p);
		free(p);
	}
	return err;
}

int cache__failed(struct cache *c, int err)
{
	if (!err || c->strict || err == -ENOMEM)
		return err;
	pthread_mutex_lock(&c->lock);
	if (!c->failure)
		c->failure = strdup(errmsg__get() ?: strerror(-err));
	pthread_mutex_unlock(&c->lock);
	errmsg__clear();
	return 0;
}

const char *cache__failure(const struct cache *c)
{
	return c->failure;
}

int cache__open(const char *dir, bool strict, struct cache **out)
{
	struct cache *c = calloc(1, sizeof(*c));
	DIR *d;
	int err;

	*out = NULL;
	if (!c)
		return -ENOMEM;
	c->strict = strict;
	c->dir = dir ? strdup(dir) : cache__default_dir();
	if (!c->dir) {
		free(c);
		return dir ? -ENOMEM : 0;	/* no HOME: no default cache */
	}
	pthread_mutex_init(&c->lock, NULL);
	err = asprintf(&c->kernels, "%s/kernels", c->dir) < 0 ? -ENOMEM : 0;
	if (!err)
		err = cache_dir__mkdir(c->kernels);
	if (!err && !(d = opendir(c->kernels)))
		err = -errno;
	else if (!err)
		closedir(d);
	if (err && err != -ENOMEM)
		err = errmsg__set(err, "cannot use cache directory '%s': %s", c->dir,
				  strerror(-err));
	if (!err && (err = _check_trust(c))) {
		cache__free(c);	/* untrusted: an error even for the default cache */
		return err;
	}
	if (err) {
		c->dirty = false;
		cache__free(c);
		if (!strict && err != -ENOMEM) {
			if (!dir)
				errmsg__clear();
			return 0;
		}
		return err;
	}
	cache_index__load(c);
	*out = c;
	return 0;
}

const char *cache__dir(const struct cache *c)
{
	return c->dir;
}

bool cache__strict(const struct cache *c)
{
	return c->strict;
}

/* All of @len bytes of @buf to @fd; 0 or -errno. */
static int _write_fd(int fd, const void *buf, size_t len)
{
	size_t done = 0;
	ssize_t n;

	while (done < len && (n = write(fd, (const char *)buf + done, len - done)) > 0)
		done += n;
	return done < len ? -(errno ?: EIO) : 0;
}

int cache_dir__write(const char *dir, const char *path, const void *buf, size_t len,
		     const void *buf2, size_t len2)
{
	char *tmp = NULL;
	int fd, err, handle;

	if (asprintf(&tmp, "%s/.tmp.XXXXXX", dir) < 0)
		return -ENOMEM;
	fd = mkstemp(tmp);
	if (fd < 0) {
		err = errmsg__set(-errno, "cannot write '%s': %s", path, strerror(errno));
		free(tmp);
		return err;
	}
	handle = cleanup__add(tmp);
	err = _write_fd(fd, buf, len) ?: buf2 ? _write_fd(fd, buf2, len2) : 0;
	if (err)
		err = errmsg__set(err, "cannot write '%s': %s", path, strerror(-err));
	/* mkstemp makes 0600; entries are as shareable as the directory. */
	if (!err && fchmod(fd, 0644))
		err = errmsg__set(-errno, "cannot write '%s': %s", path, strerror(errno));
	if (close(fd) && !err)
		err = errmsg__set(-errno, "cannot write '%s': %s", path, strerror(errno));
	if (!err && rename(tmp, path))
		err = errmsg__set(-errno, "cannot write '%s': %s", path, strerror(errno));
	if (err)
		unlink(tmp);
	cleanup__remove(handle);
	free(tmp);
	return err;
}

void cache__free(struct cache *c)
{
	if (!c)
		return;
	if (c->dirty && cache_index__save(c))
		errmsg__clear();	/* the index is a hint: a run does not fail for it */
	cache_index__release(c);
	free(c->failure);
	pthread_mutex_destroy(&c->lock);
	free(c->kernels);
	free(c->dir);
	free(c);
}

static int _read_all(const char *path, size_t limit, void **buf, size_t *len);

static char *_note_path(const struct cache *c, const char *name)
{
	char *p;

	return asprintf(&p, "%s/notes/%s", c->dir, name) < 0 ? NULL : p;
}

int cache__note_get(struct cache *c, const char *name, char **text)
{
	char *path = _note_path(c, name), *buf = NULL, *end;
	unsigned long long want;
	size_t len = 0;
	int err;

	*text = NULL;
	if (!path)
		return -ENOMEM;
	err = _read_all(path, 0, (void **)&buf, &len);
	free(path);
	if (err) {
		errmsg__clear();
		return err == -ENOMEM ? err : -ENOENT;
	}
	/* The text, then "end XXH3\n" over it. */
	end = len >= 21 ? buf + len - 21 : NULL;
	if (!end || strncmp(end, "end ", 4) || buf[len - 1] != '\n' ||
	    sscanf(end + 4, "%16llx", &want) != 1 || want != XXH3_64bits(buf, end - buf)) {
		free(buf);
		return -ENOENT;
	}
	*end = '\0';
	*text = buf;
	return 0;
}

int cache__note_put(struct cache *c, const char *name, const char *text)
{
	char *dir = NULL, *path = _note_path(c, name), *buf = NULL;
	int err = path ? 0 : -ENOMEM;

	if (!err && (asprintf(&dir, "%s/notes", c->dir) < 0 ||
		     asprintf(&buf, "%send %016llx\n", text,
			      (unsigned long long)XXH3_64bits(text, strlen(text))) < 0))
		err = -ENOMEM;
	if (!err && (err = cache_dir__mkdir(dir)))
		err = errmsg__set(err, "cannot write '%s': %s", dir, strerror(-err));
	err = err ?: cache_dir__write(dir, path, buf, strlen(buf), NULL, 0);
	free(dir);
	free(path);
	free(buf);
	return err;
}

static const char blob_magic[8] = { 'k', 'a', 'b', 'i', 's', 'c', 'a', 'd' };

int cache__blob_get(struct cache *c, const char *key, void **buf, size_t *len)
{
	unsigned char *b = NULL;
	uint64_t n, sum;
	size_t got = 0;
	char *path;
	int err;

	*buf = NULL;
	*len = 0;
	if (asprintf(&path, "%s/derived/%s", c->dir, key) < 0)
		return -ENOMEM;
	err = _read_all(path, 0, (void **)&b, &got);
	free(path);
	errmsg__clear();
	if (err)
		return err == -ENOMEM ? err : -ENOENT;
	if (got < 24 || memcmp(b, blob_magic, 8)) {
		free(b);
		return -ENOENT;
	}
	memcpy(&n, b + 8, 8);
	memcpy(&sum, b + 16, 8);
	if (n != got - 24 || sum != XXH3_64bits(b + 24, n)) {
		free(b);
		return -ENOENT;
	}
	memmove(b, b + 24, n);
	*buf = b;
	*len = n;
	return 0;
}

int cache__blob_put(struct cache *c, const char *key, const void *buf, size_t len)
{
	char *dir = NULL, *path = NULL;
	unsigned char *b = malloc(len + 24);
	uint64_t n = len, sum = XXH3_64bits(buf, len);
	int err = b ? 0 : -ENOMEM;

	if (!err && (asprintf(&dir, "%s/derived", c->dir) < 0 ||
		     asprintf(&path, "%s/%s", dir, key) < 0))
		err = -ENOMEM;
	if (!err && (err = cache_dir__mkdir(dir)))
		err = errmsg__set(err, "cannot write '%s': %s", dir, strerror(-err));
	if (!err) {
		/* Native byte order: another machine's blob fails the length check. */
		memcpy(b, blob_magic, 8);
		memcpy(b + 8, &n, 8);
		memcpy(b + 16, &sum, 8);
		memcpy(b + 24, buf, len);
		err = cache_dir__write(dir, path, b, len + 24, NULL, 0);
	}
	free(b);
	free(dir);
	free(path);
	return err;
}

/* The whole of @path in a new buffer. */
static int _read_all(const char *path, size_t limit, void **buf, size_t *len)
{
	struct stat st;
	size_t got = 0;
	ssize_t n;
	char *b;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK), err = 0;

	if (fd < 0)
		return errno == ENOENT ? -ENOENT :
		       errmsg__set(-errno, "cannot open '%s': %s", path, strerror(errno));
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		close(fd);
		return errmsg__set(-EINVAL, "cannot read cache entry '%s': not a regular file",
				   path);
	}
	if (limit && (size_t)st.st_size > limit)
		st.st_size = limit;
	b = malloc(st.st_size ?: 1);
	if (!b) {
		close(fd);
		return -ENOMEM;
	}
	while (got < (size_t)st.st_size && (n = read(fd, b + got, st.st_size - got)) > 0)
		got += n;
	if (got < (size_t)st.st_size && !limit)
		err = errmsg__set(-EIO, "cannot read cache entry '%s': %s", path,
				  strerror(errno ?: EIO));
	close(fd);
	if (err) {
		free(b);
		return err;
	}
	*buf = b;
	*len = got;
	return 0;
}

static char *_entry_path(const struct cache *c, const char *key)
{
	char *p;

	return asprintf(&p, "%s/%s.kbc", c->kernels, key) < 0 ? NULL : p;
}

/*
 * Map the entry file @path: its pages are read only where a blob is used.
 * Entries are replaced by rename, never rewritten in place, so the mapping
 * keeps the bytes it was opened with.
 */
static int _map(const char *path, void **buf, size_t *len)
{
	struct stat st;
	void *p;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK), err = 0;

	if (fd < 0)
		return errno == ENOENT ? -ENOENT :
		       errmsg__set(-errno, "cannot open '%s': %s", path, strerror(errno));
	if (fstat(fd, &st) || !S_ISREG(st.st_mode))
		err = errmsg__set(-EINVAL, "cannot read cache entry '%s': not a regular file",
				  path);
	else if (st.st_size < CACHE_ENTRY_HDR)
		err = errmsg__set(-EPIPE, "cannot read cache entry '%s': truncated header "
				  "(%lld bytes)", path, (long long)st.st_size);
	if (!err) {
		p = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
		if (p == MAP_FAILED)
			err = errmsg__set(-errno, "cannot read cache entry '%s': %s", path,
					  strerror(errno));
		*buf = p;
		*len = st.st_size;
	}
	close(fd);
	return err;
}

int cache__load(struct cache *c, const char *key, struct cache_entry **out)
{
	char *path = _entry_path(c, key);
	void *buf = NULL;
	size_t len = 0;
	int err;

	*out = NULL;
	if (!path)
		return -ENOMEM;
	err = _map(path, &buf, &len);
	if (!err && (err = cache_entry__decode(buf, len, false, path, out)))
		munmap(buf, len);
	if (!err) {
		(*out)->mapped = true;
		snprintf((*out)->key, CACHE_KEY_HEX, "%s", key);
	}
	free(path);
	return err;
}

int cache__load_kernel(struct cache *c, const char *key, struct cache_entry **out)
{
	const void *view;
	size_t size;
	int err = cache__load(c, key, out);

	if (err)
		return err;
	err = cache_entry__view(*out, (*out)->kf->vmlinux ?: "vmlinux", &view, &size);
	if (err == -ENOENT)	/* no vmlinux blob */
		err = 0;
	if (err) {
		cache_entry__free(*out);
		*out = NULL;
	}
	return err;
}

int cache__store(struct cache *c, struct cache_entry *e)
{
	char *path = _entry_path(c, e->key);
	void *head = NULL, *data = NULL;
	size_t hlen = 0, dlen = 0;
	int err = 0;

	if (!path)
		return -ENOMEM;
	if (e->bytes)	/* read from a cache: its bytes are the entry */
		err = cache_dir__write(c->kernels, path, e->bytes, hlen = e->bytes_len, NULL, 0);
	else
		err = cache_entry__encode_parts(e, &head, &hlen, &data, &dlen) ?:
		      cache_dir__write(c->kernels, path, head, hlen, data, dlen);
	if (!err)
		e->file_size = hlen + dlen;
	free(head);
	free(data);
	free(path);
	return err;
}

/* An entry file's name, "KEY.kbc", gives its key; else NULL. */
static bool _entry_name(const char *name, char key[CACHE_KEY_HEX])
{
	size_t n = strspn(name, "0123456789abcdef");

	if (n != CACHE_KEY_HEX - 1 || strcmp(name + n, ".kbc"))
		return false;
	snprintf(key, CACHE_KEY_HEX, "%.*s", (int)n, name);
	return true;
}

/* Identity of one entry: its header and metadata, not its blobs. */
static int _list_one(struct cache *c, const char *key, struct cache_entry **out)
{
	char *path = _entry_path(c, key);
	void *buf = NULL;
	size_t len = 0, want;
	struct stat st;
	int err;

	if (!path)
		return -ENOMEM;
	err = _read_all(path, CACHE_ENTRY_HDR, &buf, &len);
	want = err ? 0 : cache_entry__meta_len(buf, len);
	free(buf);
	buf = NULL;
	if (!err && !want)
		err = errmsg__set(-EINVAL, "cannot read cache entry '%s': bad magic or "
				  "truncated header", path);
	err = err ?: _read_all(path, want, &buf, &len);
	err = err ?: cache_entry__decode(buf, len, true, path, out);
	if (!err) {
		snprintf((*out)->key, CACHE_KEY_HEX, "%s", key);
		(*out)->file_size = stat(path, &st) ? len : (size_t)st.st_size;
	}
	free(buf);
	free(path);
	return err;
}

static int _cmp_entry(const void *a, const void *b)
{
	const struct cache_entry *x = *(struct cache_entry *const *)a;
	const struct cache_entry *y = *(struct cache_entry *const *)b;

	return strcmp(x->kf->origin, y->kf->origin) ?: strcmp(x->kf->release, y->kf->release) ?:
	       strcmp(x->key, y->key);
}

/* Call @fn with the key of each entry in DIR/kernels; stops at its first error. */
static int _each_entry(struct cache *c, int (*fn)(struct cache *c, const char *key, void *arg),
		       void *arg)
{
	char key[CACHE_KEY_HEX];
	struct dirent *de;
	DIR *d = opendir(c->kernels);
	int err = 0;

	if (!d)
		return errmsg__set(-errno, "cannot list cache directory '%s': %s", c->kernels,
				   strerror(errno));
	while (!err && (de = readdir(d)))
		if (_entry_name(de->d_name, key))
			err = fn(c, key, arg);
	closedir(d);
	return err;
}

/* Entries read so far by cache__list(). */
struct listing {
	struct cache_entry **es;	/* entries */
	size_t n;		/* their number */
	size_t stale;		/* entries another version wrote, skipped */
	size_t stale_bytes;	/* their bytes */
};

static int _list_add(struct cache *c, const char *key, void *arg)
{
	struct listing *l = arg;
	struct cache_entry **p = realloc(l->es, (l->n + 1) * sizeof(*p)), *e;
	struct stat st;
	char *path;
	int err;

	if (!p)
		return -ENOMEM;
	l->es = p;
	err = _list_one(c, key, &e);
	if (err != -ESTALE) {
		if (!err)
			l->es[l->n++] = e;
		return err;
	}
	/* Not an error: the next scan of its kernel writes it again. */
	errmsg__clear();
	l->stale++;
	path = _entry_path(c, key);
	if (path && !stat(path, &st))
		l->stale_bytes += st.st_size;
	free(path);
	return path ? 0 : -ENOMEM;
}

static int _list(struct cache *c, struct listing *l)
{
	int err = _each_entry(c, _list_add, l);

	if (err) {
		cache_entry__free_all(l->es, l->n);
		l->es = NULL;
		l->n = 0;
	}
	return err;
}

int cache__list(struct cache *c, struct cache_entry ***out, size_t *cnt)
{
	struct listing l = { 0 };
	int err = _list(c, &l);

	if (err)
		return err;
	if (l.n)
		qsort(l.es, l.n, sizeof(*l.es), _cmp_entry);
	*out = l.es;
	*cnt = l.n;
	return 0;
}

int cache__stale(struct cache *c, size_t *cnt, size_t *bytes)
{
	struct listing l = { 0 };
	int err = _list(c, &l);

	cache_entry__free_all(l.es, l.n);
	*cnt = err ? 0 : l.stale;
	*bytes = err ? 0 : l.stale_bytes;
	return err;
}

static bool _matches(const struct cache_entry *e, const char *name)
{
	size_t n = name ? strlen(name) : 0;

	if (!name || !strcmp(e->kf->release, name))
		return true;
	return n >= 8 && n < CACHE_KEY_HEX && !strncmp(e->key, name, n);
}

int cache__find(struct cache *c, const char *name, struct kernel_files ***out, size_t *cnt)
{
	struct cache_entry **es;
	struct kernel_files **kfs;
	size_t i, n = 0, m = 0;
	int err = cache__list(c, &es, &n);

	*out = NULL;
	*cnt = 0;
	if (err)
		return err;
	kfs = calloc(n ?: 1, sizeof(*kfs));
	for (i = 0; kfs && i < n; i++) {
		if (!_matches(es[i], name))
			continue;
		kfs[m] = es[i]->kf;
		es[i]->kf = NULL;
		snprintf(kfs[m]->cache_key, sizeof(kfs[m]->cache_key), "%s", es[i]->key);
		m++;
	}
	cache_entry__free_all(es, n);
	if (!kfs)
		return -ENOMEM;
	if (!m) {
		free(kfs);
		if (name)
			return errmsg__set(-ENOENT, "cannot open '%s': no such file, and no kernel "
					   "of that release or key in cache '%s'", name, c->dir);
		return errmsg__set(-ENOENT, "no kernel in cache '%s' (fill it with kabiscan "
				   "scan)", c->dir);
	}
	*out = kfs;
	*cnt = m;
	return 0;
}

/*
 * Remove the files of DIR/@sub that are ours: entries (counted in @removed
 * and @bytes, for kernels/), temporary files, notes and derived data.
 */
static int _clear_dir(struct cache *c, const char *sub, bool all, size_t *removed,
		      size_t *tmps, size_t *bytes)
{
	char key[CACHE_KEY_HEX], *dir, *p;
	struct dirent *de;
	struct stat st;
	DIR *d;
	int err = 0;

	if (asprintf(&dir, "%s/%s", c->dir, sub) < 0)
		return -ENOMEM;
	d = opendir(dir);
	if (!d) {
		err = errno == ENOENT ? 0 : errmsg__set(-errno, "cannot list cache directory "
							"'%s': %s", dir, strerror(errno));
		free(dir);
		return err;
	}
	while (!err && (de = readdir(d))) {
		bool entry = !all && _entry_name(de->d_name, key);

		if (de->d_name[0] == '.' && strncmp(de->d_name, ".tmp.", 5))
			continue;
		if (!all && !entry && strncmp(de->d_name, ".tmp.", 5))
			continue;
		if (asprintf(&p, "%s/%s", dir, de->d_name) < 0) {
			err = -ENOMEM;
			break;
		}
		if (!stat(p, &st) && (entry || !strncmp(de->d_name, ".tmp.", 5))) {
			*(entry ? removed : tmps) += 1;
			*bytes += st.st_size;
		}
		if (unlink(p) && errno != ENOENT)
			err = errmsg__set(-errno, "cannot remove '%s': %s", p, strerror(errno));
		free(p);
	}
	closedir(d);
	free(dir);
	return err;
}

int cache__temporaries(struct cache *c, size_t *cnt, size_t *bytes)
{
	static const char *const subs[] = { "kernels", "notes", "derived" };
	struct dirent *de;
	struct stat st;
	char *dir, *p;
	size_t i;
	DIR *d;

	*cnt = *bytes = 0;
	for (i = 0; i < sizeof(subs) / sizeof(subs[0]); i++) {
		if (asprintf(&dir, "%s/%s", c->dir, subs[i]) < 0)
			return -ENOMEM;
		d = opendir(dir);
		while (d && (de = readdir(d))) {
			if (strncmp(de->d_name, ".tmp.", 5) || asprintf(&p, "%s/%s", dir,
									 de->d_name) < 0)
				continue;
			if (!lstat(p, &st) && S_ISREG(st.st_mode)) {
				*cnt += 1;
				*bytes += st.st_size;
			}
			free(p);
		}
		if (d)
			closedir(d);
		free(dir);
	}
	return 0;
}

int cache__clear(struct cache *c, size_t *removed, size_t *tmps, size_t *bytes)
{
	size_t others = 0, other_bytes = 0;
	char *p;
	int err;

	*removed = *tmps = *bytes = 0;
	err = _clear_dir(c, "kernels", false, removed, tmps, bytes);
	/* Notes and DWARF lookups are not counted, only their temporary files. */
	err = err ?: _clear_dir(c, "notes", true, &others, tmps, &other_bytes);
	err = err ?: _clear_dir(c, "derived", true, &others, tmps, &other_bytes);
	if (!err && asprintf(&p, "%s/index", c->dir) >= 0) {
		if (unlink(p) && errno != ENOENT)
			err = errmsg__set(-errno, "cannot remove '%s': %s", p, strerror(errno));
		free(p);
	}
	pthread_mutex_lock(&c->lock);
	cache_index__release(c);
	c->dirty = false;
	pthread_mutex_unlock(&c->lock);
	return err;
}

int cache__check_dir(const char *dir)
{
	struct stat st;
	char *kernels;
	int err = 0;

	if (asprintf(&kernels, "%s/kernels", dir) < 0)
		return -ENOMEM;
	if (stat(kernels, &st) || !S_ISDIR(st.st_mode))
		err = errmsg__set(-ENOENT, "'%s' is not a kabiscan cache (no kernels/ directory)",
				  dir);
	free(kernels);
	return err;
}
