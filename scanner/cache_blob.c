// SPDX-License-Identifier: GPL-2.0
/*
 * The blobs of an entry read from the cache, taken when a lookup needs
 * them: a chunk's checksum is checked and the chunk decompressed on first
 * use (cache_entry.c describes the layout), and the name index says which
 * modules a lookup needs at all.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <xxhash.h>
#include <zstd.h>

#include "cache.h"
#include "cache_names.h"
#include "cache_priv.h"
#include "errmsg.h"
#include "kdir.h"

void cache_blobs__free(struct cache_blobs *b)
{
	if (!b)
		return;
	free(b->img);
	free(b->chunks);
	free(b->last);
	free(b);
}

/* The file image @i was read from, for messages, while the entry has its kf. */
static const char *_image_file(const struct cache_entry *e, size_t i)
{
	const char *f = !e->kf ? NULL : i == CACHE_VMLINUX ? e->kf->vmlinux : e->kf->modules[i];

	return f ?: "?";
}

static uint64_t _le(const unsigned char *b, int n)
{
	uint64_t v = 0;

	while (n-- > 0)
		v = v << 8 | b[n];
	return v;
}

/* Chunk @c, whose compressed bytes are @src, into @dst (c->rsize bytes); *@why if not. */
static int _decompress(const struct cache_chunk *c, const unsigned char *src, void *dst,
		       const char **why)
{
	size_t n;

	*why = "wrong size";
	if (c->raw) {
		memcpy(dst, src, c->rsize);	/* decode checked csize == rsize */
		return 0;
	}
	n = ZSTD_decompress(dst, c->rsize, src, c->csize);
	if (ZSTD_isError(n))
		*why = ZSTD_getErrorName(n);
	return !ZSTD_isError(n) && n == c->rsize ? 0 : -EINVAL;
}

/*
 * A chunk is decompressed once: its pages of the mapped entry need not stay
 * in the process (they stay in the page cache), so that a kernel's resident
 * memory is its parsed BTF, not that and the entry too.
 */
static void _drop(const struct cache_entry *e, const struct cache_chunk *c)
{
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
	uintptr_t from = ((uintptr_t)(e->data + c->off) + page - 1) & ~(page - 1);
	uintptr_t to = (uintptr_t)(e->data + c->off + c->csize) & ~(page - 1);

	if (e->mapped && to > from)
		madvise((void *)from, to - from, MADV_DONTNEED);
}

/* Chunk @c of @e: is it as written? One message naming the entry and @what if not. */
static int _check_chunk(const struct cache_entry *e, struct cache_chunk *c, const char *what)
{
	if (!c->checked && XXH3_64bits(e->data + c->off, c->csize) != c->hash)
		return errmsg__set(-EINVAL, "cannot read cache entry '%s': the blob of '%s' is "
				   "corrupt (checksum mismatch)", e->path, what);
	c->checked = true;
	return 0;
}

/* Chunk @k of @e, checked and decompressed into a new buffer; @what for messages. */
static int _chunk(struct cache_entry *e, size_t k, const char *what, unsigned char **out)
{
	struct cache_chunk *c = &e->blobs->chunks[k];
	const char *why;
	unsigned char *buf;
	int err;

	*out = NULL;
	err = _check_chunk(e, c, what);
	if (err)
		return err;
	buf = malloc(c->rsize ?: 1);
	if (!buf)
		return -ENOMEM;
	err = _decompress(c, e->data + c->off, buf, &why);
	_drop(e, c);
	if (err) {
		free(buf);
		return errmsg__set(err, "cannot read cache entry '%s': the blob of '%s' does not "
				   "decompress (%s)", e->path, what, why);
	}
	*out = buf;
	return 0;
}

/*
 * Blob @b (from the file @what) out of its chunk, into a new buffer. A blob that is
 * its whole chunk (vmlinux) is the decompressed buffer itself; others are
 * copied out of it, and the chunk is kept for the next module, which is
 * likely its neighbour in the same chunk.
 */
static int _slice(struct cache_entry *e, const struct cache_blob *b, const char *what,
		  void **out)
{
	struct cache_blobs *bs = e->blobs;
	unsigned char *chunk;
	int err;

	*out = NULL;
	if (bs->last && bs->last_idx == b->chunk) {
		chunk = bs->last;
	} else {
		err = _chunk(e, b->chunk, what, &chunk);
		if (err)
			return err;
		if (!b->off && b->size == bs->chunks[b->chunk].rsize) {
			*out = chunk;
			return 0;
		}
		free(bs->last);
		bs->last = chunk;
		bs->last_idx = b->chunk;
	}
	*out = malloc(b->size);
	if (!*out)
		return -ENOMEM;
	memcpy(*out, chunk + b->off, b->size);
	return 0;
}

int cache_entry__blob(struct cache_entry *e, size_t i, const char *what, void **data,
		      size_t *size)
{
	struct image_btf *img = i == CACHE_VMLINUX ? &e->vmlinux : &e->mods[i];
	const struct cache_blob *b = e->blobs ? &e->blobs->img[i == CACHE_VMLINUX ? 0 : i + 1]
					      : NULL;
	void *buf;
	int err;

	*data = NULL;
	*size = 0;
	if (img->data || !b || !b->size) {	/* in memory (a fresh scan), or none */
		*data = img->data;
		*size = img->data ? img->size : 0;
		img->data = NULL;
		return 0;
	}
	err = _slice(e, b, what, &buf);
	/* A blob is used as image__read_btf() would return it: checked BTF. */
	err = err ?: image__check_btf(buf, b->size, e->path);
	if (err) {
		free(buf);
		return err;
	}
	*data = buf;
	*size = b->size;
	return 0;
}

int cache_entry__discard(const struct cache_entry *e)
{
	if (!e->path || (unlink(e->path) && errno != ENOENT))
		return e->path ? -errno : -ENOENT;
	return 0;
}

int cache_entry__view(struct cache_entry *e, const char *what, const void **data, size_t *size)
{
	const struct cache_blob *b = e->blobs ? &e->blobs->img[0] : NULL;
	struct cache_chunk *c;
	int err;

	*data = NULL;
	*size = 0;
	if (e->vmlinux.data || !b || !b->size || !e->blobs->chunks[b->chunk].raw)
		return -ENOENT;
	c = &e->blobs->chunks[b->chunk];
	err = _check_chunk(e, c, what);
	/* As image__read_btf() would return it: checked BTF. */
	err = err ?: image__check_btf(e->data + c->off + b->off, b->size, e->path);
	if (err)
		return err;
	*data = e->data + c->off + b->off;
	*size = b->size;
	return 0;
}

void cache_entry__view_done(struct cache_entry *e)
{
	if (e->blobs && e->blobs->img[0].size)
		_drop(e, &e->blobs->chunks[e->blobs->img[0].chunk]);
}

int cache_entry__check(const struct cache_entry *e)
{
	size_t i, k;
	int err = 0;

	for (k = 0; !err && e->blobs && k < e->blobs->chunks_cnt; k++) {
		for (i = 0; i <= e->mods_cnt && (!e->blobs->img[i].size ||
						   e->blobs->img[i].chunk != k); i++)
			;
		err = _check_chunk(e, &e->blobs->chunks[k], i && i <= e->mods_cnt ?
				   _image_file(e, i - 1) : _image_file(e, CACHE_VMLINUX));
	}
	return err;
}

bool cache_entry__indexed(const struct cache_entry *e, size_t mod)
{
	return e->blobs && e->names && mod < e->mods_cnt && e->blobs->img[mod + 1].indexed;
}

int cache_entry__defining(const struct cache_entry *e, const char *name, uint32_t **mods,
			  size_t *cnt)
{
	uint32_t h = cache_names__hash(name, strlen(name)), *m;
	size_t lo = 0, hi = e->names_cnt, mid, k;

	*mods = NULL;
	*cnt = 0;
	while (lo < hi) {	/* the first hash >= h */
		mid = lo + (hi - lo) / 2;
		if (_le(e->names + 4 * mid, 4) < h)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (hi = lo; hi < e->names_cnt && _le(e->names + 4 * hi, 4) == h; hi++)
		;
	if (hi == lo)
		return 0;
	m = malloc((hi - lo) * sizeof(*m));
	if (!m)
		return -ENOMEM;
	for (k = lo; k < hi; k++)
		m[k - lo] = (uint32_t)_le(e->names + 4 * e->names_cnt + 2 * k, 2);
	*mods = m;
	*cnt = hi - lo;
	return 0;
}
