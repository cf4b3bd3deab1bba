// SPDX-License-Identifier: GPL-2.0
/*
 * Keys: content hashes of files, through the stat index (DIR/index), which
 * maps a file's stat data to its hash so unchanged files are not read
 * again; and the keys of kernels and derived data made from them.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cache.h"
#include "cache_priv.h"
#include "errmsg.h"
#include "kdir.h"

static int _cmp_rec(const void *a, const void *b)
{
	const struct stat_rec *x = a, *y = b;

	if (x->dev != y->dev)
		return x->dev < y->dev ? -1 : 1;
	if (x->ino != y->ino)
		return x->ino < y->ino ? -1 : 1;
	return 0;
}

static int _add_rec(struct cache *c, const struct stat_rec *r)
{
	if (c->recs_cnt == c->recs_cap) {
		size_t cap = c->recs_cap ? c->recs_cap * 2 : 256;
		struct stat_rec *p = realloc(c->recs, cap * sizeof(*p));

		if (!p)
			return -ENOMEM;
		c->recs = p;
		c->recs_cap = cap;
	}
	c->recs[c->recs_cnt] = *r;
	c->recs[c->recs_cnt].path = r->path ? strdup(r->path) : NULL;
	c->recs_cnt++;
	return 0;
}

void cache_index__release(struct cache *c)
{
	size_t i;

	for (i = 0; i < c->recs_cnt; i++)
		free(c->recs[i].path);
	free(c->recs);
	c->recs = NULL;
	c->recs_cnt = c->recs_cap = c->sorted = 0;
}

/*
 * Read DIR/index into @c. A damaged index (bad line, bad checksum) is
 * dropped whole: files are hashed again, never trusted to a broken record.
 */
void cache_index__load(struct cache *c)
{
	char *path = NULL, *line = NULL;
	size_t cap = 0, n = 0;
	unsigned long long want = 0, cnt = 0;
	XXH3_state_t *st = XXH3_createState();
	bool ok = false;
	ssize_t len;
	FILE *f;

	if (!st || asprintf(&path, "%s/index", c->dir) < 0 || !(f = fopen(path, "re"))) {
		free(path);
		XXH3_freeState(st);
		return;
	}
	XXH3_64bits_reset(st);
	if ((len = getline(&line, &cap, f)) > 0 && !strcmp(line, "kabiscan-index 1\n"))
		XXH3_64bits_update(st, line, len);
	else
		len = -1;
	while (len > 0 && (len = getline(&line, &cap, f)) > 0) {
		struct stat_rec r = { 0 };
		unsigned long long hi, lo;
		int pos = 0;

		if (sscanf(line, "end %llu %llx\n", &cnt, &want) == 2) {
			ok = cnt == n && want == XXH3_64bits_digest(st);
			break;
		}
		XXH3_64bits_update(st, line, len);
		if (sscanf(line, "%" SCNu64 " %" SCNu64 " %" SCNu64 " %" SCNd64 " %" SCNd64
			   " %16llx%16llx %n", &r.dev, &r.ino, &r.size, &r.mtime_ns, &r.ctime_ns,
			   &hi, &lo, &pos) != 7 || !pos || line[len - 1] != '\n')
			break;
		line[len - 1] = '\0';
		r.hash.high64 = hi;
		r.hash.low64 = lo;
		r.path = line + pos;
		if (_add_rec(c, &r))
			break;
		n++;
	}
	fclose(f);
	free(line);
	free(path);
	XXH3_freeState(st);
	if (!ok)
		cache_index__release(c);
	if (c->recs_cnt)
		qsort(c->recs, c->recs_cnt, sizeof(*c->recs), _cmp_rec);
	c->sorted = c->recs_cnt;
}

/*
 * The index as text: a "kabiscan-index 1" line, then one line per file,
 * "DEV INO SIZE MTIME_NS CTIME_NS HASH PATH", then "end COUNT XXH3" over
 * the lines before it. Records another process saved meanwhile are merged
 * in first, so concurrent runs lose nothing but a race's last records.
 */
int cache_index__save(struct cache *c)
{
	char *path = NULL, *buf = NULL, *p;
	size_t i, len = 0, n = 0;
	struct cache fresh = { .dir = c->dir };
	FILE *f;
	int err;

	cache_index__load(&fresh);
	for (i = 0; i < fresh.recs_cnt; i++)
		if (!c->sorted ||
		    !bsearch(&fresh.recs[i], c->recs, c->sorted, sizeof(*c->recs), _cmp_rec))
			_add_rec(c, &fresh.recs[i]);
	cache_index__release(&fresh);
	f = open_memstream(&buf, &len);
	if (!f)
		return -ENOMEM;
	fputs("kabiscan-index 1\n", f);
	for (i = 0; i < c->recs_cnt; i++) {
		const struct stat_rec *r = &c->recs[i];

		fprintf(f, "%" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRId64 " %" PRId64
			" %016llx%016llx ", r->dev, r->ino, r->size, r->mtime_ns, r->ctime_ns,
			(unsigned long long)r->hash.high64, (unsigned long long)r->hash.low64);
		for (p = r->path; p && *p; p++)
			fputc(*p == '\n' ? '?' : *p, f);
		fputc('\n', f);
		n++;
	}
	fflush(f);
	fprintf(f, "end %zu %016llx\n", n, (unsigned long long)XXH3_64bits(buf, len));
	if (fclose(f))
		return -ENOMEM;
	err = asprintf(&path, "%s/index", c->dir) < 0 ? -ENOMEM :
	      cache_dir__write(c->dir, path, buf, len, NULL, 0);
	free(path);
	free(buf);
	return err;
}

/* XXH3-128 of the file open as @fd. */
static int _hash_fd(int fd, XXH128_hash_t *h, const char *path)
{
	static const size_t chunk = (size_t)1 << 20;
	XXH3_state_t *st = XXH3_createState();
	char *buf = malloc(chunk);
	ssize_t n;
	int err = 0;

	if (!st || !buf) {
		err = -ENOMEM;
		goto done;
	}
	XXH3_128bits_reset(st);
	while ((n = read(fd, buf, chunk)) > 0)
		XXH3_128bits_update(st, buf, n);
	if (n < 0)
		err = errmsg__set(-errno, "cannot read '%s': %s", path, strerror(errno));
	*h = XXH3_128bits_digest(st);
done:
	free(buf);
	XXH3_freeState(st);
	return err;
}

/* Content hash of @path: from the index if its stat data is unchanged. */
static int _file_hash(struct cache *c, const char *path, XXH128_hash_t *h)
{
	struct stat_rec r = { 0 }, *hit;
	struct stat st;
	int fd, err;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return errmsg__set(-errno, "cannot open '%s': %s", path, strerror(errno));
	if (fstat(fd, &st)) {
		err = errmsg__set(-errno, "cannot open '%s': %s", path, strerror(errno));
		close(fd);
		return err;
	}
	r.dev = st.st_dev;
	r.ino = st.st_ino;
	r.size = st.st_size;
	r.mtime_ns = (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
	r.ctime_ns = (int64_t)st.st_ctim.tv_sec * 1000000000 + st.st_ctim.tv_nsec;
	r.path = (char *)path;
	pthread_mutex_lock(&c->lock);
	hit = c->sorted ? bsearch(&r, c->recs, c->sorted, sizeof(*c->recs), _cmp_rec) : NULL;
	if (hit && hit->size == r.size && hit->mtime_ns == r.mtime_ns &&
	    hit->ctime_ns == r.ctime_ns) {
		*h = hit->hash;
		pthread_mutex_unlock(&c->lock);
		close(fd);
		return 0;
	}
	pthread_mutex_unlock(&c->lock);
	err = _hash_fd(fd, &r.hash, path);
	close(fd);
	if (err)
		return err;
	*h = r.hash;
	pthread_mutex_lock(&c->lock);
	if (hit) {	/* the file changed: the old record goes */
		free(hit->path);
		*hit = r;
		hit->path = strdup(path);
	} else {
		_add_rec(c, &r);	/* unsorted until the next run: found by hashing again */
	}
	c->dirty = true;
	pthread_mutex_unlock(&c->lock);
	return 0;
}

void cache__hex(XXH128_hash_t h, char key[CACHE_KEY_HEX])
{
	snprintf(key, CACHE_KEY_HEX, "%016llx%016llx", (unsigned long long)h.high64,
		 (unsigned long long)h.low64);
}

int cache__hash_file(struct cache *c, const char *path, char hex[CACHE_KEY_HEX])
{
	XXH128_hash_t h;
	int err = _file_hash(c, path, &h);

	cache__hex(h, hex);
	return err;
}

int cache__derived_key(struct cache *c, const char *path, const char *const *parts, size_t n,
		       char key[CACHE_KEY_HEX])
{
	XXH3_state_t *st = XXH3_createState();
	uint32_t v = CACHE_TOOL_VERSION;
	XXH128_hash_t h;
	size_t i;
	int err;

	if (!st)
		return -ENOMEM;
	err = _file_hash(c, path, &h);
	XXH3_128bits_reset(st);
	XXH3_128bits_update(st, "kabiscan-derived", 17);
	XXH3_128bits_update(st, &v, sizeof(v));
	XXH3_128bits_update(st, &h, sizeof(h));
	for (i = 0; i < n; i++)
		XXH3_128bits_update(st, parts[i], strlen(parts[i]) + 1);
	h = XXH3_128bits_digest(st);
	XXH3_freeState(st);
	cache__hex(h, key);
	return err;
}

/* @path below @root, or the whole path when it is elsewhere. */
static const char *_rel(const char *root, const char *path)
{
	size_t n = strlen(root);

	if (!strncmp(path, root, n) && (path[n] == '/' || !path[n]))
		return path + n;
	return path;
}

/* One input file into the key: its tag, place and contents. */
static int _key_file(struct cache *c, XXH3_state_t *st, const char *tag,
		     const struct kernel_files *kf, const char *path)
{
	XXH128_hash_t h;
	int err;

	XXH3_128bits_update(st, tag, strlen(tag) + 1);
	if (!path)
		return 0;
	err = _file_hash(c, path, &h);
	if (err)
		return err;
	XXH3_128bits_update(st, _rel(kf->origin, path), strlen(_rel(kf->origin, path)) + 1);
	XXH3_128bits_update(st, &h, sizeof(h));
	return 0;
}

int cache__key(struct cache *c, const struct kernel_files *kf, char key[CACHE_KEY_HEX])
{
	XXH3_state_t *st = XXH3_createState();
	uint32_t v[2] = { CACHE_TOOL_VERSION, kf->running | kf->single_module << 1 };
	XXH128_hash_t h;
	size_t i;
	int err;

	if (!st)
		return -ENOMEM;
	XXH3_128bits_reset(st);
	XXH3_128bits_update(st, "kabiscan-cache", 15);
	XXH3_128bits_update(st, v, sizeof(v));
	XXH3_128bits_update(st, kf->release, strlen(kf->release) + 1);
	err = _key_file(c, st, "vmlinux", kf, kf->vmlinux);
	err = err ?: _key_file(c, st, "config", kf, kf->config);
	for (i = 0; !err && i < kf->modules_cnt; i++)
		err = _key_file(c, st, "module", kf, kf->modules[i]);
	h = XXH3_128bits_digest(st);
	XXH3_freeState(st);
	cache__hex(h, key);
	return err;
}
