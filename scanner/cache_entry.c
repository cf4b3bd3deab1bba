// SPDX-License-Identifier: GPL-2.0
/*
 * The bytes of one cache entry. Integers are little-endian.
 *
 *   header (64 bytes)
 *     0  magic "kabiscac"      8  u32 format (ENTRY_FORMAT)
 *     12 u32 CACHE_TOOL_VERSION
 *     16 u64 meta length      24 u64 names length
 *     32 u64 data length      40 u64 XXH3 of meta
 *     48 u64 XXH3 of names    56 8 bytes: zero
 *   meta: the kernel's files (release, origin, vmlinux, config, module
 *     root, debug vmlinux, flags, per module its path and debug file), the
 *     config's arch, the identity (version, arch, flavour), the vmlinux
 *     facts, then per module its facts, then the chunk table. Strings are
 *     a u32 length (0xffffffff for none) and the bytes.
 *     An image's blob: u32 chunk, u64 offset and u64 size in the chunk
 *     decompressed, u32 flags (1: has a blob, 2: the name index covers it).
 *     The chunk table: u32 count, then per chunk u64 offset into data,
 *     u64 compressed size, u64 size decompressed, u64 XXH3 of the
 *     compressed bytes, u32 flags (1: stored as it is, else a zstd frame).
 *   names: which modules define which type names (cache_names.c): u32
 *     count N, N u32 name hashes sorted ascending, then N u16 module
 *     indices, the module of each hash in the same order.
 *   data: the chunks, back to back: vmlinux's blob, if any, alone in
 *     the first, then the modules' blobs in module order, a chunk closed
 *     once it holds ENTRY_CHUNK bytes.
 *
 * Worked example: module 7's blob is "chunk 2, offset 40960, size 13000";
 * a lookup that needs it checks chunk 2's checksum, decompresses its 270
 * KiB, and copies bytes 40960 to 53960 out. Module 8, next to it in chunk
 * 2, is then copied out of the same decompressed chunk.
 *
 * The total must equal the file's size, and the meta and names checksums
 * must match; both are checked when the entry is opened. A chunk's
 * checksum is checked when a blob of it is first used, so that a lookup
 * touches only the chunks it needs: a damaged chunk fails the run that
 * needs it, with a message naming the entry.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <xxhash.h>
#include <zstd.h>

#include "cache.h"
#include "cache_names.h"
#include "cache_priv.h"
#include "errmsg.h"
#include "kdir.h"

static const char entry_magic[8] = { 'k', 'a', 'b', 'i', 's', 'c', 'a', 'c' };

/* Bump with any change of the layout above. */
#define ENTRY_FORMAT 2

/*
 * Blobs are kept in chunks. vmlinux's, read by every run, is a chunk of
 * its own, stored as it is: libbpf parses it straight out of the mapped
 * entry, with the one copy it makes itself (in LZ4, 2x smaller, a warm
 * corpus report took 20% more CPU, to decompress it and for the buffer
 * it needs). The
 * modules', of which a lookup reads a few, are gathered in path order into
 * zstd frames of ENTRY_CHUNK bytes or more: module BTF is small (14 KiB on
 * average), and neighbours share most of what compresses, so 256 KiB
 * frames take 3.3x where one frame per module takes 2.4x, and a module
 * costs a 256 KiB decompression. Level 1: level 3 gains 3% in size for 45%
 * more time.
 */
#define ENTRY_ZSTD_LEVEL 1
#define ENTRY_CHUNK ((size_t)256 << 10)

#define NO_STR 0xffffffffu

/* Image flags in meta. */
#define IMG_HAS_BLOB 1u
#define IMG_INDEXED 2u

/* Chunk flags in meta. */
#define CHUNK_RAW 1u		/* stored as it is */

/* A growing output buffer; @err sticks once set. */
struct wr {
	unsigned char *p;	/* bytes */
	size_t len;		/* used */
	size_t cap;		/* allocated */
	int err;		/* -ENOMEM once an allocation failed */
};

static bool _reserve(struct wr *w, size_t n)
{
	size_t cap = w->cap ? w->cap : 4096;
	unsigned char *p;

	if (w->err)
		return false;
	if (w->len + n <= w->cap)
		return true;
	while (cap < w->len + n)
		cap *= 2;
	p = realloc(w->p, cap);
	if (!p) {
		w->err = -ENOMEM;
		return false;
	}
	w->p = p;
	w->cap = cap;
	return true;
}

static void _put(struct wr *w, const void *d, size_t n)
{
	if (!n || !_reserve(w, n))
		return;
	memcpy(w->p + w->len, d, n);
	w->len += n;
}

static void _put_u64(struct wr *w, uint64_t v)
{
	unsigned char b[8];
	int i;

	for (i = 0; i < 8; i++)
		b[i] = v >> (8 * i);
	_put(w, b, 8);
}

static void _put_u32(struct wr *w, uint32_t v)
{
	unsigned char b[4] = { v, v >> 8, v >> 16, v >> 24 };

	_put(w, b, 4);
}

static void _put_u16(struct wr *w, uint16_t v)
{
	unsigned char b[2] = { v, v >> 8 };

	_put(w, b, 2);
}

static void _put_str(struct wr *w, const char *s)
{
	_put_u32(w, s ? (uint32_t)strlen(s) : NO_STR);
	if (s)
		_put(w, s, strlen(s));
}

/* What encoding one entry needs beyond the output buffers. */
struct enc {
	struct wr meta;		/* meta section */
	struct wr names;	/* (hash << 32 | module) pairs, native, sorted at the end */
	struct wr data;		/* data section */
	struct wr chunks;	/* the chunk table, written to meta last */
	uint32_t chunks_cnt;	/* chunks in @chunks */
	struct wr raw;		/* module blobs gathered for the next chunk */
	ZSTD_CCtx *zc;		/* one compression context for every chunk */
	const struct image_btf *base;	/* vmlinux, whose strings modules name */
};

/* @len bytes at @src, compressed onto the data section as the next chunk. */
static void _put_chunk(struct enc *x, const void *src, size_t len, bool raw)
{
	size_t off = x->data.len, bound, n = 0;

	bound = raw ? len : ZSTD_compressBound(len);
	if (!_reserve(&x->data, bound))
		return;
	/* zstd only fails for want of memory when given the bound. */
	if (raw) {
		memcpy(x->data.p + off, src, len);
		n = len;
	} else {
		n = ZSTD_compressCCtx(x->zc, x->data.p + off, bound, src, len, ENTRY_ZSTD_LEVEL);
		n = ZSTD_isError(n) ? 0 : n;
	}
	x->data.err = n ? 0 : -ENOMEM;
	x->data.len += n;
	_put_u64(&x->chunks, off);
	_put_u64(&x->chunks, n);
	_put_u64(&x->chunks, len);
	_put_u64(&x->chunks, n ? XXH3_64bits(x->data.p + off, n) : 0);
	_put_u32(&x->chunks, raw ? CHUNK_RAW : 0);
	x->chunks_cnt++;
}

/* The gathered module blobs as a chunk. */
static void _flush(struct enc *x)
{
	if (x->raw.len)
		_put_chunk(x, x->raw.p, x->raw.len, false);
	x->raw.len = 0;
}

/*
 * @img's blob into a chunk, its place into meta: vmlinux's alone as it is,
 * a module's gathered with its neighbours' up to ENTRY_CHUNK bytes.
 */
static void _put_blob(struct enc *x, const struct image_btf *img, bool indexed, bool vmlinux)
{
	_put_u32(&x->meta, img->data ? x->chunks_cnt : 0);
	_put_u64(&x->meta, img->data && !vmlinux ? x->raw.len : 0);
	_put_u64(&x->meta, img->data ? img->size : 0);
	_put_u32(&x->meta, (img->data ? IMG_HAS_BLOB : 0) | (indexed ? IMG_INDEXED : 0));
	if (img->data && vmlinux)
		_put_chunk(x, img->data, img->size, true);
	else if (img->data)
		_put(&x->raw, img->data, img->size);
	if (x->raw.len >= ENTRY_CHUNK)
		_flush(x);
}

/* Facts of one image, and its blob. */
static void _put_image(struct enc *x, const struct image_btf *img, bool indexed, bool vmlinux)
{
	struct wr *w = &x->meta;

	_put_blob(x, img, indexed, vmlinux);
	_put_str(w, img->how);
	_put_u32(w, (uint32_t)img->e_machine);
	_put_u32(w, (uint32_t)img->ptr_size);
	_put_u32(w, img->big_endian | img->has_debug_info << 1);
	_put_u32(w, (uint32_t)img->build_id_len);
	_put(w, img->build_id, img->build_id_len);
	_put_str(w, img->vermagic);
	_put_str(w, img->modname);
	_put_str(w, img->depends);
}

/* Module @i's defined names into the index; false if it cannot be indexed. */
static bool _index_module(struct enc *x, const struct image_btf *img, size_t i)
{
	uint32_t *h;
	size_t n, k;
	int err;

	if (!img->data || !x->base->data || i > UINT16_MAX)
		return false;
	err = cache_names__defined(x->base->data, x->base->size, img->data, img->size, &h, &n);
	if (err == -ENOMEM)
		x->names.err = err;
	if (err)
		return false;
	for (k = 0; k < n; k++) {
		uint64_t pair = (uint64_t)h[k] << 32 | i;

		_put(&x->names, &pair, sizeof(pair));
	}
	free(h);
	return true;
}

static void _put_meta(struct enc *x, const struct cache_entry *e)
{
	const struct kernel_files *kf = e->kf;
	struct wr *w = &x->meta;
	size_t i;

	_put_str(w, kf->release);
	_put_str(w, kf->origin);
	_put_str(w, kf->vmlinux);
	_put_str(w, kf->config);
	_put_str(w, kf->module_root);
	_put_str(w, kf->vmlinux_debug);
	_put_u32(w, kf->running | kf->single_module << 1);
	_put_str(w, e->config_arch);
	_put_str(w, e->version);
	_put_str(w, e->arch);
	_put_str(w, e->flavour);
	_put_image(x, &e->vmlinux, false, true);
	_put_u32(w, (uint32_t)kf->modules_cnt);
	for (i = 0; i < kf->modules_cnt; i++) {
		_put_str(w, kf->modules[i]);
		_put_str(w, kf->debug ? kf->debug[i] : NULL);
		_put_image(x, &e->mods[i], _index_module(x, &e->mods[i], i), false);
	}
	_flush(x);
	_put_u32(w, x->chunks_cnt);
	_put(w, x->chunks.p, x->chunks.len);
	w->err = w->err ?: x->chunks.err ?: x->raw.err;
}

static int _cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* The name index section from the collected pairs. */
static void _put_names(struct wr *out, struct wr *pairs)
{
	uint64_t *p = (uint64_t *)pairs->p;
	size_t i, n = pairs->len / sizeof(*p);

	if (n)
		qsort(p, n, sizeof(*p), _cmp_u64);
	_put_u32(out, (uint32_t)n);
	for (i = 0; i < n; i++)
		_put_u32(out, p[i] >> 32);
	for (i = 0; i < n; i++)
		_put_u16(out, (uint16_t)p[i]);
	out->err = out->err ?: pairs->err;
}

int cache_entry__encode_parts(const struct cache_entry *e, void **head, size_t *head_len,
			      void **data, size_t *data_len)
{
	struct enc x = { .zc = ZSTD_createCCtx(), .base = &e->vmlinux };
	struct wr names = { 0 }, out = { 0 };
	int err;

	_put_meta(&x, e);
	_put_names(&names, &x.names);
	_put(&out, entry_magic, 8);
	_put_u32(&out, ENTRY_FORMAT);
	_put_u32(&out, CACHE_TOOL_VERSION);
	_put_u64(&out, x.meta.len);
	_put_u64(&out, names.len);
	_put_u64(&out, x.data.len);
	_put_u64(&out, XXH3_64bits(x.meta.p, x.meta.len));
	_put_u64(&out, XXH3_64bits(names.p, names.len));
	_put_u64(&out, 0);
	_put(&out, x.meta.p, x.meta.len);
	_put(&out, names.p, names.len);
	if (!x.data.p)
		_reserve(&x.data, 1);	/* no blob: still a buffer */
	err = !x.zc || x.meta.err || names.err || x.data.err || out.err ? -ENOMEM : 0;
	free(x.meta.p);
	free(x.names.p);
	free(x.chunks.p);
	free(x.raw.p);
	free(names.p);
	ZSTD_freeCCtx(x.zc);
	if (err) {
		free(out.p);
		free(x.data.p);
		return err;
	}
	*head = out.p;
	*head_len = out.len;
	*data = x.data.p;
	*data_len = x.data.len;
	return 0;
}

int cache_entry__encode(const struct cache_entry *e, void **buf, size_t *len)
{
	void *head, *data;
	size_t hlen, dlen;
	char *b;
	int err = cache_entry__encode_parts(e, &head, &hlen, &data, &dlen);

	if (err)
		return err;
	b = malloc(hlen + dlen);
	if (b) {
		memcpy(b, head, hlen);
		memcpy(b + hlen, data, dlen);
		*buf = b;
		*len = hlen + dlen;
	}
	free(head);
	free(data);
	return b ? 0 : -ENOMEM;
}

/* A bounded reader; @err sticks at the first overrun. */
struct rd {
	const unsigned char *p;	/* bytes */
	size_t len;		/* their number */
	size_t off;		/* next to read */
	int err;		/* -EINVAL once anything was out of bounds */
};

static const unsigned char *_get(struct rd *r, size_t n)
{
	const unsigned char *p = r->p + r->off;

	if (r->err || n > r->len - r->off) {
		r->err = r->err ?: -EINVAL;
		return NULL;
	}
	r->off += n;
	return p;
}

static uint64_t _le(const unsigned char *b, int n)
{
	uint64_t v = 0;

	while (b && n-- > 0)
		v = v << 8 | b[n];
	return v;
}

static uint64_t _get_u64(struct rd *r)
{
	return _le(_get(r, 8), 8);
}

static uint32_t _get_u32(struct rd *r)
{
	return (uint32_t)_le(_get(r, 4), 4);
}

static char *_get_str(struct rd *r)
{
	uint32_t n = _get_u32(r);
	const unsigned char *s;
	char *copy;

	if (r->err || n == NO_STR)
		return NULL;
	s = _get(r, n);
	if (!s || memchr(s, '\0', n)) {
		r->err = r->err ?: -EINVAL;
		return NULL;
	}
	copy = strndup((const char *)s, n);
	if (!copy)
		r->err = -ENOMEM;
	return copy;
}

/* A string field that must be there. */
static char *_get_req(struct rd *r)
{
	char *s = _get_str(r);

	if (!s && !r->err)
		r->err = -EINVAL;
	return s;
}

/* Where an image's blob is; checked against the chunk table later (_check_blobs). */
static void _get_blob(struct rd *r, struct cache_blob *b, size_t *size)
{
	uint32_t flags;

	b->chunk = _get_u32(r);
	b->off = _get_u64(r);
	b->size = _get_u64(r);
	flags = _get_u32(r);
	b->indexed = flags & IMG_INDEXED;
	if (!(flags & IMG_HAS_BLOB))
		b->size = 0;
	/* Blobs are checked BTF: at least a header. */
	else if (b->size < 24)
		r->err = r->err ?: -EINVAL;
	*size = b->size;
}

static void _get_image(struct rd *r, struct cache_blob *b, struct image_btf *img)
{
	const unsigned char *id;
	uint32_t flags;
	char *how;

	_get_blob(r, b, &img->size);
	how = _get_req(r);
	if (how)
		snprintf(img->how, sizeof(img->how), "%s", how);
	free(how);
	img->e_machine = (int)_get_u32(r);
	img->ptr_size = (int)_get_u32(r);
	flags = _get_u32(r);
	img->big_endian = flags & 1;
	img->has_debug_info = flags & 2;
	img->build_id_len = _get_u32(r);
	if (img->build_id_len > sizeof(img->build_id))
		r->err = r->err ?: -EINVAL;
	id = _get(r, r->err ? 0 : img->build_id_len);
	if (id)
		memcpy(img->build_id, id, img->build_id_len);
	img->vermagic = _get_str(r);
	img->modname = _get_str(r);
	img->depends = _get_str(r);
}

static int _get_kf(struct rd *r, struct kernel_files *kf, struct cache_entry *e)
{
	uint32_t flags;

	kf->release = _get_req(r);
	kf->origin = _get_req(r);
	kf->vmlinux = _get_str(r);
	kf->config = _get_str(r);
	kf->module_root = _get_str(r);
	kf->vmlinux_debug = _get_str(r);
	flags = _get_u32(r);
	kf->running = flags & 1;
	kf->single_module = flags & 2;
	e->config_arch = _get_str(r);
	e->version = _get_req(r);
	e->arch = _get_req(r);
	e->flavour = _get_req(r);
	return r->err;
}

static int _get_mods(struct rd *r, struct cache_entry *e)
{
	struct kernel_files *kf = e->kf;
	uint32_t n = _get_u32(r), i;
	struct cache_blob *b;

	/* Each module takes at least 60 bytes of meta: a bound before allocating. */
	if (r->err || n > (r->len - r->off) / 60)
		return r->err ?: -EINVAL;
	kf->modules = calloc(n ?: 1, sizeof(*kf->modules));
	kf->debug = calloc(n ?: 1, sizeof(*kf->debug));
	e->mods = calloc(n ?: 1, sizeof(*e->mods));
	b = realloc(e->blobs->img, (n + 1) * sizeof(*b));
	if (!kf->modules || !kf->debug || !e->mods || !b)
		return -ENOMEM;
	e->blobs->img = b;
	memset(b + 1, 0, n * sizeof(*b));
	for (i = 0; !r->err && i < n; i++) {
		kf->modules[i] = _get_req(r);
		kf->debug[i] = _get_str(r);
		kf->modules_cnt++;
		e->mods_cnt++;
		_get_image(r, &b[1 + i], &e->mods[i]);
	}
	return r->err;
}

/* The chunk table, each chunk within the data section's @data_len bytes. */
static int _get_chunks(struct rd *r, uint64_t data_len, struct cache_blobs *bs)
{
	uint32_t n = _get_u32(r), i;

	if (r->err || n > (r->len - r->off) / 36)	/* 36 bytes a chunk */
		return r->err ?: -EINVAL;
	bs->chunks = calloc(n ?: 1, sizeof(*bs->chunks));
	if (!bs->chunks)
		return -ENOMEM;
	bs->chunks_cnt = n;
	for (i = 0; !r->err && i < n; i++) {
		struct cache_chunk *c = &bs->chunks[i];

		c->off = _get_u64(r);
		c->csize = _get_u64(r);
		c->rsize = _get_u64(r);
		c->hash = _get_u64(r);
		c->raw = _get_u32(r) & CHUNK_RAW;
		if (!c->csize || c->off > data_len || c->csize > data_len - c->off ||
		    c->rsize > image_max_output ||
		    (c->raw && c->csize != c->rsize))
			r->err = r->err ?: -EINVAL;
	}
	return r->err;
}

/* Every blob within its chunk. */
static int _check_blobs(const struct cache_entry *e)
{
	const struct cache_blobs *bs = e->blobs;
	size_t i;

	for (i = 0; i <= e->mods_cnt; i++) {
		const struct cache_blob *b = &bs->img[i];

		if (b->size && (b->chunk >= bs->chunks_cnt ||
				b->off > bs->chunks[b->chunk].rsize ||
				b->size > bs->chunks[b->chunk].rsize - b->off))
			return -EINVAL;
	}
	return 0;
}

size_t cache_entry__meta_len(const void *hdr, size_t len)
{
	struct rd r = { .p = hdr, .len = len, .off = 16 };
	uint64_t meta;

	if (len < CACHE_ENTRY_HDR || memcmp(hdr, entry_magic, 8))
		return 0;
	meta = _get_u64(&r);
	return meta > ((size_t)1 << 30) ? 0 : CACHE_ENTRY_HDR + meta;
}

/* The sections' lengths, from the header. */
struct sections {
	uint64_t meta;		/* meta bytes */
	uint64_t names;		/* name index bytes */
	uint64_t data;		/* data bytes */
};

/* Magic, versions, lengths and checksums of the entry in @r. */
static int _check_header(struct rd *r, bool meta_only, const char *path, struct sections *s)
{
	const unsigned char *magic = _get(r, 8);
	uint32_t format = _get_u32(r), tool = _get_u32(r);
	uint64_t meta_hash, names_hash;

	s->meta = _get_u64(r);
	s->names = _get_u64(r);
	s->data = _get_u64(r);
	meta_hash = _get_u64(r);
	names_hash = _get_u64(r);
	if (r->err || r->len < CACHE_ENTRY_HDR)
		return errmsg__set(-EPIPE, "cannot read cache entry '%s': truncated header "
				   "(%zu bytes)", path, r->len);
	if (memcmp(magic, entry_magic, 8))
		return errmsg__set(-EINVAL, "cannot read cache entry '%s': bad magic", path);
	if (format != ENTRY_FORMAT || tool != CACHE_TOOL_VERSION)
		return errmsg__set(-ESTALE, "cannot read cache entry '%s': written by another "
				   "version (format %u, tool %u)", path, format, tool);
	if (s->meta > r->len - CACHE_ENTRY_HDR || (!meta_only &&
	    (s->names > r->len - CACHE_ENTRY_HDR - s->meta ||
	     s->data != r->len - CACHE_ENTRY_HDR - s->meta - s->names)))
		return errmsg__set(-EPIPE, "cannot read cache entry '%s': truncated (%zu bytes, "
				   "header says %llu)", path, r->len, (unsigned long long)
				   (CACHE_ENTRY_HDR + s->meta + s->names + s->data));
	if (XXH3_64bits(r->p + CACHE_ENTRY_HDR, s->meta) != meta_hash ||
	    (!meta_only && XXH3_64bits(r->p + CACHE_ENTRY_HDR + s->meta, s->names) != names_hash))
		return errmsg__set(-EINVAL, "cannot read cache entry '%s': checksum mismatch "
				   "(corrupt entry)", path);
	return 0;
}

/* The name index at @p (@len bytes, checksummed): count and arrays, checked. */
static int _get_names(struct cache_entry *e, const unsigned char *p, uint64_t len)
{
	uint64_t n, i;

	if (len < 4)
		return -EINVAL;
	n = _le(p, 4);
	if (len != 4 + 6 * n)
		return -EINVAL;
	e->names = p + 4;
	e->names_cnt = n;
	for (i = 0; i < n; i++)
		if (_le(e->names + 4 * n + 2 * i, 2) >= e->mods_cnt)
			return -EINVAL;
	return 0;
}

int cache_entry__decode(const void *buf, size_t len, bool meta_only, const char *path,
			struct cache_entry **out)
{
	struct rd r = { .p = buf, .len = len };
	struct cache_entry *e;
	struct sections s;
	int err;

	*out = NULL;
	err = _check_header(&r, meta_only, path, &s);
	if (err)
		return err;
	e = calloc(1, sizeof(*e));
	if (!e || !(e->kf = calloc(1, sizeof(*e->kf))) ||
	    !(e->blobs = calloc(1, sizeof(*e->blobs))) ||
	    !(e->blobs->img = calloc(1, sizeof(*e->blobs->img))) || !(e->path = strdup(path))) {
		cache_entry__free(e);
		return -ENOMEM;
	}
	r.off = CACHE_ENTRY_HDR;
	r.len = CACHE_ENTRY_HDR + s.meta;
	err = _get_kf(&r, e->kf, e);
	if (!err)
		_get_image(&r, &e->blobs->img[0], &e->vmlinux);
	err = err ?: r.err ?: _get_mods(&r, e) ?: _get_chunks(&r, s.data, e->blobs) ?:
	      _check_blobs(e);
	if (!err && r.off != r.len)
		err = -EINVAL;
	if (!err && !meta_only) {
		err = _get_names(e, (const unsigned char *)buf + r.len, s.names);
		e->data = (const unsigned char *)buf + r.len + s.names;
	}
	e->file_size = len;
	if (err) {
		cache_entry__free(e);
		return err == -ENOMEM ? err : errmsg__set(-EINVAL, "cannot read cache entry "
							  "'%s': malformed metadata", path);
	}
	if (meta_only) {	/* no blob is reachable */
		cache_blobs__free(e->blobs);
		e->blobs = NULL;
	} else {
		e->bytes = buf;
		e->bytes_len = len;
	}
	*out = e;
	return 0;
}

void cache_entry__free(struct cache_entry *e)
{
	size_t i;

	if (!e)
		return;
	for (i = 0; e->mods && i < e->mods_cnt; i++)
		image_btf_release(&e->mods[i]);
	free(e->mods);
	kernel_files__free(e->kf);
	image_btf_release(&e->vmlinux);
	free(e->config_arch);
	free(e->version);
	free(e->arch);
	free(e->flavour);
	cache_blobs__free(e->blobs);
	free(e->path);
	if (e->mapped)
		munmap((void *)e->bytes, e->bytes_len);
	free(e);
}

void cache_entry__free_all(struct cache_entry **es, size_t cnt)
{
	size_t i;

	for (i = 0; i < cnt; i++)
		cache_entry__free(es[i]);
	free(es);
}
