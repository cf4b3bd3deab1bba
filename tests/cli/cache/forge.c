// SPDX-License-Identifier: GPL-2.0
/*
 * forge ENTRY FROM TO: what someone who can write a shared cache can do.
 * Replace the first FROM in the vmlinux blob of cache entry ENTRY by TO
 * (same length): decompress its chunk, edit it, compress it again in its
 * place, and write the chunk's size and checksum and the meta checksum
 * again, so the entry passes every check kabiscan makes when it reads it.
 * Layout: scanner/cache_entry.c (vmlinux's chunk is the first, in LZ4).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lz4.h>
#include <lz4hc.h>
#include <xxhash.h>

static uint64_t _u64(const unsigned char *p)
{
	uint64_t v;

	memcpy(&v, p, 8);	/* little-endian, as the tests run */
	return v;
}

/* The chunk table record of chunk 0 in meta: offset 0, LZ4, its checksum right. */
static unsigned char *_chunk0(unsigned char *meta, uint64_t meta_len, const unsigned char *d,
			      uint64_t data_len)
{
	uint64_t i, csize;
	uint32_t flags;

	for (i = 0; i + 36 <= meta_len; i++) {
		csize = _u64(meta + i + 8);
		memcpy(&flags, meta + i + 32, 4);
		if (!_u64(meta + i) && csize && csize <= data_len && flags == 1 &&
		    _u64(meta + i + 24) == XXH3_64bits(d, csize))
			return meta + i;
	}
	return NULL;
}

int main(int argc, char **argv)
{
	static unsigned char buf[64 << 20];
	uint64_t meta, names, data, h, csize, rsize;
	unsigned char *d, *rec, *raw, *hit;
	size_t n, i, len = argc == 4 ? strlen(argv[2]) : 0;
	int c;
	FILE *f;

	if (argc != 4 || len != strlen(argv[3]))
		return fprintf(stderr, "usage: forge ENTRY FROM TO (same length)\n"), 2;
	f = fopen(argv[1], "r+b");
	if (!f)
		return perror(argv[1]), 1;
	n = fread(buf, 1, sizeof(buf), f);
	meta = _u64(buf + 16);
	names = _u64(buf + 24);
	data = _u64(buf + 32);
	if (n < 64 || 64 + meta + names + data != n)
		return fprintf(stderr, "%s: not an entry\n", argv[1]), 1;
	d = buf + 64 + meta + names;
	rec = _chunk0(buf + 64, meta, d, data);
	if (!rec)
		return fprintf(stderr, "%s: no vmlinux chunk\n", argv[1]), 1;
	csize = _u64(rec + 8);
	rsize = _u64(rec + 16);
	raw = malloc(rsize);
	if (!raw || LZ4_decompress_safe((char *)d, (char *)raw, (int)csize, (int)rsize) !=
		    (int)rsize)
		return fprintf(stderr, "%s: vmlinux chunk does not decompress\n", argv[1]), 1;
	hit = NULL;
	for (i = 0; !hit && i + len < rsize; i++)
		if (!memcmp(raw + i, argv[2], len) && (!i || !raw[i - 1]) && !raw[i + len])
			hit = raw + i;
	if (!hit)
		return fprintf(stderr, "%s: no string '%s' in its vmlinux blob\n", argv[1],
			       argv[2]), 1;
	memcpy(hit, argv[3], len);
	/* HC packs at least as tight as the fast mode that wrote it: it fits in place. */
	c = LZ4_compress_HC((char *)raw, (char *)d, (int)rsize, (int)csize, LZ4HC_CLEVEL_MAX);
	if (c <= 0)
		return fprintf(stderr, "%s: the edited blob does not fit\n", argv[1]), 1;
	csize = (uint64_t)c;
	memcpy(rec + 8, &csize, 8);
	h = XXH3_64bits(d, csize);
	memcpy(rec + 24, &h, 8);
	h = XXH3_64bits(buf + 64, meta);
	memcpy(buf + 40, &h, 8);
	rewind(f);
	if (fwrite(buf, 1, n, f) != n || fclose(f))
		return perror(argv[1]), 1;
	free(raw);
	return 0;
}
