// SPDX-License-Identifier: GPL-2.0
/*
 * DWARF lookups through the scan cache. A pass over a debug vmlinux's DWARF
 * takes seconds; what it yields for a list of names (the BTF it encoded and
 * where each name is in it) depends only on the debug file's contents and
 * the names, so it is kept under a key of both. Blob layout, native byte
 * order (the checksum header is the cache's):
 *
 *   u32 n, then per name: u32 layouts, u32 cus, u32 ids[DWARF_MAX_LAYOUTS]
 *   u32 pointer size (libbpf guesses it from a parsed BTF's longs, which a
 *   32-bit DWARF encoding may lack), u32 BTF size (0: no BTF), the raw BTF
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/btf.h>

#include "../scanner/cache.h"
#include "../scanner/errmsg.h"
#include "dwarf.h"
#include "lookup.h"

#define HIT_WORDS (2 + DWARF_MAX_LAYOUTS)

/*
 * The first part of every key: bump it when what the reader yields for the
 * same file and names changes (enumerator values, types inside functions),
 * so that no answer of an older reader is read back.
 */
#define DWARF_READER_VERSION "dwarf-reader 2"

static int _encode(const struct btf *btf, const struct dwarf_hit *hits, size_t n, void **out,
		   size_t *len)
{
	__u32 btf_size = 0, *w, i, j;
	const void *raw = btf ? btf__raw_data(btf, &btf_size) : NULL;
	size_t words = 1 + n * HIT_WORDS + 2;
	unsigned char *b;

	if (btf && !raw)
		return -ENOMEM;
	b = malloc(words * 4 + btf_size);
	if (!b)
		return -ENOMEM;
	w = (__u32 *)b;
	*w++ = n;
	for (i = 0; i < n; i++) {
		*w++ = hits[i].layouts;
		*w++ = hits[i].cus;
		for (j = 0; j < DWARF_MAX_LAYOUTS; j++)
			*w++ = hits[i].ids[j];
	}
	*w++ = btf ? (__u32)btf__pointer_size(btf) : 0;
	*w++ = btf_size;
	if (btf_size)
		memcpy(w, raw, btf_size);
	*out = b;
	*len = words * 4 + btf_size;
	return 0;
}

/* 0 and the BTF and hits of a blob made by _encode() for @n names, or -EINVAL. */
static int _decode(const void *buf, size_t len, size_t n, struct btf **btf,
		   struct dwarf_hit *hits)
{
	size_t words = 1 + n * HIT_WORDS + 2, i, j;
	const __u32 *w = buf;
	__u32 btf_size, ptr_size, cnt;

	*btf = NULL;
	if (len < words * 4 || w[0] != n)
		return -EINVAL;
	ptr_size = w[words - 2];
	btf_size = w[words - 1];
	if (len != words * 4 + btf_size || (btf_size && ptr_size != 4 && ptr_size != 8))
		return -EINVAL;
	if (btf_size && !(*btf = btf__new((const char *)buf + words * 4, btf_size)))
		return -EINVAL;
	if (*btf)
		btf__set_pointer_size(*btf, ptr_size);
	cnt = *btf ? btf__type_cnt(*btf) : 0;
	for (i = 0, w++; i < n; i++, w += HIT_WORDS) {
		hits[i].layouts = w[0];
		hits[i].cus = w[1];
		for (j = 0; j < DWARF_MAX_LAYOUTS; j++)
			hits[i].ids[j] = w[2 + j];
		if (hits[i].layouts > DWARF_MAX_LAYOUTS)
			break;
		for (j = 0; j < hits[i].layouts && hits[i].ids[j] && hits[i].ids[j] < cnt; j++)
			;
		if (j < hits[i].layouts)
			break;
	}
	if (i < n) {
		btf__free(*btf);
		*btf = NULL;
		return -EINVAL;
	}
	return 0;
}

int dwarf_cache__find_types(struct cache *c, const char *path, const struct type_query *qs,
			    size_t n, const struct dwarf_progress *progress, struct btf **btf,
			    struct dwarf_hit *hits)
{
	const char **parts = c ? calloc(n + 1, sizeof(*parts)) : NULL;
	char key[CACHE_KEY_HEX];
	void *buf = NULL;
	size_t i, len;
	int err;

	if (parts)
		parts[0] = DWARF_READER_VERSION;
	for (i = 0; parts && i < n; i++)
		parts[i + 1] = qs[i].spelled;
	if (!parts || cache__derived_key(c, path, parts, n + 1, key)) {
		/* No cache, or the file cannot be hashed: the reader will say why. */
		errmsg__clear();
		free(parts);
		return dwarf__find_types(path, qs, n, progress, btf, hits);
	}
	free(parts);
	if (!cache__blob_get(c, key, &buf, &len)) {
		err = _decode(buf, len, n, btf, hits);
		free(buf);
		if (!err)
			return 0;	/* a damaged blob is read again below */
	}
	err = dwarf__find_types(path, qs, n, progress, btf, hits);
	if (!err && !_encode(*btf, hits, n, &buf, &len)) {
		if (cache__blob_put(c, key, buf, len))
			errmsg__clear();	/* derived data: the answer stands without it */
		free(buf);
	}
	return err;
}
