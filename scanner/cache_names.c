// SPDX-License-Identifier: GPL-2.0
/*
 * The name index of a cache entry: which modules define a type of a given
 * name, so that a lookup decompresses only those (and vmlinux).
 *
 * A module's split BTF defines types past the base's last id; a name is
 * its string offset, below the base's string length into the base's table
 * (the base had the string already: mdev.ko's create_store) and above it
 * into the module's own. A module's string table therefore does not say
 * what it defines, but a walk of its type section does. The kinds indexed
 * are those a lookup matches (btf/lookup.c: struct, union, enum, enum64,
 * typedef, func).
 *
 * Worked example: vfio.ko defines struct vfio_device whose name offset is
 * past the base's strings, and a func create_store whose offset is in the
 * base's table. Both names are hashed (XXH3, low 32 bits) and stored with
 * vfio's module index; a query for "create_store" finds vfio and every
 * other module that defines one, and nothing else. Hash collisions only
 * add a module to scan, never hide one.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <linux/btf.h>
#include <xxhash.h>

#include "cache_names.h"

/* A BTF blob's strings and types, read in its own byte order. */
struct btf_view {
	const unsigned char *p;	/* the blob */
	size_t size;		/* its bytes */
	bool be;		/* big-endian */
	const unsigned char *types;	/* type section */
	uint32_t types_len;	/* its bytes */
	const char *strs;	/* string section */
	uint32_t strs_len;	/* its bytes */
};

static uint32_t _u32(const unsigned char *p, bool be)
{
	return be ? (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3] :
		    (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

/* Header of @p: 0, or -EINVAL if its sections are out of bounds. */
static int _view(const void *p, size_t size, struct btf_view *v)
{
	const unsigned char *b = p;
	uint32_t hdr_len, type_off, str_off;

	if (size < sizeof(struct btf_header) || (b[0] != 0x9f && b[0] != 0xeb))
		return -EINVAL;
	v->p = b;
	v->size = size;
	v->be = b[0] == 0xeb;
	hdr_len = _u32(b + 4, v->be);
	type_off = _u32(b + 8, v->be);
	v->types_len = _u32(b + 12, v->be);
	str_off = _u32(b + 16, v->be);
	v->strs_len = _u32(b + 20, v->be);
	if (hdr_len < sizeof(struct btf_header) || hdr_len > size ||
	    (uint64_t)type_off + v->types_len > size - hdr_len ||
	    (uint64_t)str_off + v->strs_len > size - hdr_len)
		return -EINVAL;
	v->types = b + hdr_len + type_off;
	v->strs = (const char *)b + hdr_len + str_off;
	return 0;
}

/* Bytes that follow a btf_type of @kind with @vlen entries; -1 for an unknown kind. */
static long _extra(unsigned int kind, uint32_t vlen)
{
	switch (kind) {
	case BTF_KIND_INT: case BTF_KIND_VAR: case BTF_KIND_DECL_TAG: return 4;
	case BTF_KIND_PTR: case BTF_KIND_FWD: case BTF_KIND_TYPEDEF: case BTF_KIND_VOLATILE:
	case BTF_KIND_CONST: case BTF_KIND_RESTRICT: case BTF_KIND_FUNC: case BTF_KIND_FLOAT:
	case BTF_KIND_TYPE_TAG: return 0;
	case BTF_KIND_ARRAY: return sizeof(struct btf_array);
	case BTF_KIND_STRUCT: case BTF_KIND_UNION: return (long)vlen * sizeof(struct btf_member);
	case BTF_KIND_ENUM: return (long)vlen * sizeof(struct btf_enum);
	case BTF_KIND_FUNC_PROTO: return (long)vlen * sizeof(struct btf_param);
	case BTF_KIND_DATASEC: return (long)vlen * sizeof(struct btf_var_secinfo);
	case BTF_KIND_ENUM64: return (long)vlen * sizeof(struct btf_enum64);
	default: return -1;
	}
}

static bool _indexed_kind(unsigned int kind)
{
	return kind == BTF_KIND_STRUCT || kind == BTF_KIND_UNION || kind == BTF_KIND_ENUM ||
	       kind == BTF_KIND_ENUM64 || kind == BTF_KIND_TYPEDEF || kind == BTF_KIND_FUNC;
}

/* The string at split offset @off: in the base's table or in the module's. */
static const char *_name(const struct btf_view *base, const struct btf_view *m, uint32_t off,
			 size_t *len)
{
	const char *s, *tab = base->strs;
	uint32_t n = base->strs_len;

	if (off >= n) {
		off -= n;
		tab = m->strs;
		n = m->strs_len;
	}
	if (off >= n || (off && tab[off - 1]))
		return NULL;	/* out of the table, or not the start of a string */
	s = tab + off;
	*len = strnlen(s, n - off);
	return *len < n - off ? s : NULL;
}

uint32_t cache_names__hash(const char *name, size_t len)
{
	return (uint32_t)XXH3_64bits(name, len);
}

static int _cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

int cache_names__defined(const void *base, size_t base_size, const void *mod, size_t mod_size,
			 uint32_t **out, size_t *cnt)
{
	struct btf_view b, m;
	const unsigned char *t, *end;
	uint32_t *h = NULL, *p;
	size_t n = 0, cap = 0, len, i, k;

	*out = NULL;
	*cnt = 0;
	if (_view(base, base_size, &b) || _view(mod, mod_size, &m) || b.be != m.be)
		return -EINVAL;
	for (t = m.types, end = m.types + m.types_len; t < end;) {
		uint32_t name_off, info;
		unsigned int kind;
		const char *s;
		long extra;

		if (end - t < 12)
			goto bad;
		name_off = _u32(t, m.be);
		info = _u32(t + 4, m.be);
		kind = info >> 24 & 0x1f;
		extra = _extra(kind, info & 0xffff);
		if (extra < 0 || end - t - 12 < extra)
			goto bad;
		t += 12 + extra;
		if (!name_off || !_indexed_kind(kind))
			continue;
		if (!(s = _name(&b, &m, name_off, &len)))
			goto bad;
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			p = realloc(h, cap * sizeof(*h));
			if (!p) {
				free(h);
				return -ENOMEM;
			}
			h = p;
		}
		h[n++] = cache_names__hash(s, len);
	}
	if (n)
		qsort(h, n, sizeof(*h), _cmp_u32);
	for (i = k = 0; i < n; i++)	/* each name once */
		if (!k || h[k - 1] != h[i])
			h[k++] = h[i];
	*out = h;
	*cnt = k;
	return 0;
bad:
	free(h);
	return -EINVAL;
}
