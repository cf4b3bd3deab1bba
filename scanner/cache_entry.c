// SPDX-License-Identifier: GPL-2.0
/*
 * The bytes of one cache entry. Integers are little-endian.
 *
 *   header (64 bytes)
 *     0  magic "kabiscac"      8  u32 format (ENTRY_FORMAT)
 *     12 u32 CACHE_TOOL_VERSION
 *     16 u64 meta length      24 u64 data length
 *     32 u64 XXH3 of meta     40 u64 XXH3 of data
 *     48 16 bytes: zero
 *   meta: the kernel's files (release, origin, vmlinux, config, module
 *     root, debug vmlinux, flags, per module its path and debug file), the
 *     config's arch, the identity (version, arch, flavour), the vmlinux
 *     facts, then per module its facts. A blob is an offset and a size into
 *     data. Strings are a u32 length (0xffffffff for none) and the bytes.
 *   data: the BTF blobs, back to back.
 *
 * The total must equal the file's size, and both checksums must match, so
 * a truncated, grown or damaged entry is refused as a whole.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "cache.h"
#include "errmsg.h"
#include "kdir.h"

static const char entry_magic[8] = { 'k', 'a', 'b', 'i', 's', 'c', 'a', 'c' };

/* Bump with any change of the layout above. */
#define ENTRY_FORMAT 1

#define NO_STR 0xffffffffu

/* A growing output buffer; @err sticks once set. */
struct wr {
	unsigned char *p;	/* bytes */
	size_t len;		/* used */
	size_t cap;		/* allocated */
	int err;		/* -ENOMEM once an allocation failed */
};

static void _put(struct wr *w, const void *d, size_t n)
{
	if (w->err || !n)
		return;
	if (w->len + n > w->cap) {
		size_t cap = w->cap ? w->cap : 4096;
		unsigned char *p;

		while (cap < w->len + n)
			cap *= 2;
		p = realloc(w->p, cap);
		if (!p) {
			w->err = -ENOMEM;
			return;
		}
		w->p = p;
		w->cap = cap;
	}
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

static void _put_str(struct wr *w, const char *s)
{
	_put_u32(w, s ? (uint32_t)strlen(s) : NO_STR);
	if (s)
		_put(w, s, strlen(s));
}

/* Facts of one image; its blob goes to @data and is named by offset. */
static void _put_image(struct wr *w, struct wr *data, const struct image_btf *img)
{
	_put_u64(w, img->data ? data->len : 0);
	_put_u64(w, img->data ? img->size : 0);
	_put_u32(w, img->data != NULL);
	if (img->data)
		_put(data, img->data, img->size);
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

static void _put_meta(struct wr *w, struct wr *data, const struct cache_entry *e)
{
	const struct kernel_files *kf = e->kf;
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
	_put_image(w, data, &e->vmlinux);
	_put_u32(w, (uint32_t)kf->modules_cnt);
	for (i = 0; i < kf->modules_cnt; i++) {
		_put_str(w, kf->modules[i]);
		_put_str(w, kf->debug ? kf->debug[i] : NULL);
		_put_image(w, data, &e->mods[i]);
	}
}

/* Bytes of every blob of @e, to size the data section once. */
static size_t _data_len(const struct cache_entry *e)
{
	size_t i, n = e->vmlinux.data ? e->vmlinux.size : 0;

	for (i = 0; i < e->kf->modules_cnt; i++)
		n += e->mods[i].data ? e->mods[i].size : 0;
	return n;
}

int cache_entry__encode_parts(const struct cache_entry *e, void **head, size_t *head_len,
			      void **data, size_t *data_len)
{
	size_t cap = _data_len(e);
	struct wr meta = { 0 }, dw = { .p = malloc(cap ?: 1), .cap = cap }, out = { 0 };
	unsigned char zero[16] = { 0 };

	if (!dw.p)
		return -ENOMEM;
	_put_meta(&meta, &dw, e);
	_put(&out, entry_magic, 8);
	_put_u32(&out, ENTRY_FORMAT);
	_put_u32(&out, CACHE_TOOL_VERSION);
	_put_u64(&out, meta.len);
	_put_u64(&out, dw.len);
	_put_u64(&out, XXH3_64bits(meta.p, meta.len));
	_put_u64(&out, XXH3_64bits(dw.p, dw.len));
	_put(&out, zero, sizeof(zero));
	_put(&out, meta.p, meta.len);
	free(meta.p);
	if (meta.err || dw.err || out.err) {
		free(out.p);
		free(dw.p);
		return -ENOMEM;
	}
	*head = out.p;
	*head_len = out.len;
	*data = dw.p;
	*data_len = dw.len;
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

static uint64_t _get_u64(struct rd *r)
{
	const unsigned char *b = _get(r, 8);
	uint64_t v = 0;
	int i;

	for (i = 7; b && i >= 0; i--)
		v = v << 8 | b[i];
	return v;
}

static uint32_t _get_u32(struct rd *r)
{
	const unsigned char *b = _get(r, 4);

	return b ? (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
		   (uint32_t)b[3] << 24 : 0;
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

/* The data section, and whether blobs are wanted. */
struct blobs {
	const unsigned char *p;	/* data section */
	size_t len;		/* its length */
	bool skip;		/* listing: facts only */
	const char *path;	/* entry file, for messages */
};

static void _get_image(struct rd *r, const struct blobs *b, struct image_btf *img)
{
	uint64_t off = _get_u64(r), size = _get_u64(r);
	bool has = _get_u32(r);
	const unsigned char *id;
	uint32_t flags;
	char *how = _get_req(r);

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
	if (r->err || !has)
		return;
	if (off > b->len || size > b->len - off || !size) {
		r->err = -EINVAL;
		return;
	}
	img->size = size;
	if (b->skip)
		return;
	/* A blob is used as image__read_btf() would return it: checked BTF. */
	if (image__check_btf(b->p + off, size, b->path)) {
		r->err = -EINVAL;
		return;
	}
	img->data = malloc(size);
	if (!img->data)
		r->err = -ENOMEM;
	else
		memcpy(img->data, b->p + off, size);
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

static int _get_mods(struct rd *r, const struct blobs *b, struct cache_entry *e)
{
	struct kernel_files *kf = e->kf;
	uint32_t n = _get_u32(r), i;

	/* Each module takes at least 60 bytes of meta: a bound before allocating. */
	if (r->err || n > (r->len - r->off) / 60)
		return r->err ?: -EINVAL;
	kf->modules = calloc(n ?: 1, sizeof(*kf->modules));
	kf->debug = calloc(n ?: 1, sizeof(*kf->debug));
	e->mods = calloc(n ?: 1, sizeof(*e->mods));
	if (!kf->modules || !kf->debug || !e->mods)
		return -ENOMEM;
	for (i = 0; !r->err && i < n; i++) {
		kf->modules[i] = _get_req(r);
		kf->debug[i] = _get_str(r);
		kf->modules_cnt++;
		e->mods_cnt++;
		_get_image(r, b, &e->mods[i]);
	}
	return r->err;
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

/* Magic, versions, lengths and checksums of the entry in @buf. */
static int _check_header(struct rd *r, bool meta_only, const char *path, uint64_t *meta_len,
			 uint64_t *data_len)
{
	const unsigned char *magic = _get(r, 8);
	uint32_t format = _get_u32(r), tool = _get_u32(r);
	uint64_t meta_hash, data_hash;

	*meta_len = _get_u64(r);
	*data_len = _get_u64(r);
	meta_hash = _get_u64(r);
	data_hash = _get_u64(r);
	if (r->err || r->len < CACHE_ENTRY_HDR)
		return errmsg__set(-EPIPE, "cannot read cache entry '%s': truncated header "
				   "(%zu bytes)", path, r->len);
	if (memcmp(magic, entry_magic, 8))
		return errmsg__set(-EINVAL, "cannot read cache entry '%s': bad magic", path);
	if (format != ENTRY_FORMAT || tool != CACHE_TOOL_VERSION)
		return errmsg__set(-EINVAL, "cannot read cache entry '%s': written by another "
				   "version (format %u, tool %u)", path, format, tool);
	if (*meta_len > r->len - CACHE_ENTRY_HDR ||
	    (!meta_only && *data_len != r->len - CACHE_ENTRY_HDR - *meta_len))
		return errmsg__set(-EPIPE, "cannot read cache entry '%s': truncated (%zu bytes, "
				   "header says %llu)", path, r->len, (unsigned long long)
				   (CACHE_ENTRY_HDR + *meta_len + *data_len));
	if (XXH3_64bits(r->p + CACHE_ENTRY_HDR, *meta_len) != meta_hash ||
	    (!meta_only && XXH3_64bits(r->p + CACHE_ENTRY_HDR + *meta_len, *data_len) != data_hash))
		return errmsg__set(-EINVAL, "cannot read cache entry '%s': checksum mismatch "
				   "(corrupt entry)", path);
	return 0;
}

int cache_entry__decode(const void *buf, size_t len, bool meta_only, const char *path,
			struct cache_entry **out)
{
	struct rd r = { .p = buf, .len = len };
	struct cache_entry *e;
	struct blobs b = { .skip = meta_only, .path = path };
	uint64_t meta_len, data_len;
	int err;

	*out = NULL;
	err = _check_header(&r, meta_only, path, &meta_len, &data_len);
	if (err)
		return err;
	e = calloc(1, sizeof(*e));
	if (!e || !(e->kf = calloc(1, sizeof(*e->kf)))) {
		free(e);
		return -ENOMEM;
	}
	r.off = CACHE_ENTRY_HDR;
	r.len = CACHE_ENTRY_HDR + meta_len;
	b.p = (const unsigned char *)buf + r.len;
	b.len = meta_only ? data_len : len - r.len;
	err = _get_kf(&r, e->kf, e);
	if (!err)
		_get_image(&r, &b, &e->vmlinux);
	err = err ?: r.err ?: _get_mods(&r, &b, e);
	if (!err && r.off != r.len)
		err = -EINVAL;
	e->file_size = len;
	if (err) {
		cache_entry__free(e);
		return err == -ENOMEM ? err : errmsg__set(-EINVAL, "cannot read cache entry "
							  "'%s': malformed metadata", path);
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
	free(e);
}

void cache_entry__free_all(struct cache_entry **es, size_t cnt)
{
	size_t i;

	for (i = 0; i < cnt; i++)
		cache_entry__free(es[i]);
	free(es);
}
