// SPDX-License-Identifier: GPL-2.0
/*
 * forge ENTRY FROM TO: what someone who can write a shared cache can do.
 * Replace the first FROM in the vmlinux blob of cache entry ENTRY by TO
 * (same length), then write the blob's chunk checksum and the meta checksum
 * again, so the entry passes every check kabiscan makes when it reads it.
 * Layout: scanner/cache_entry.c (vmlinux's blob is the first chunk, stored
 * as it is).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

static uint64_t _u64(const unsigned char *p)
{
	uint64_t v;

	memcpy(&v, p, 8);	/* little-endian, as the tests run */
	return v;
}

/* The chunk table record of chunk 0 in meta: offset 0, stored as it is, its checksum right. */
static unsigned char *_chunk0(unsigned char *meta, uint64_t meta_len, const unsigned char *d,
			      uint64_t data_len)
{
	uint64_t i, csize;
	uint32_t flags;

	for (i = 0; i + 36 <= meta_len; i++) {
		csize = _u64(meta + i + 8);
		memcpy(&flags, meta + i + 32, 4);
		if (!_u64(meta + i) && csize && csize <= data_len && _u64(meta + i + 16) == csize &&
		    flags == 1 && _u64(meta + i + 24) == XXH3_64bits(d, csize))
			return meta + i;
	}
	return NULL;
}

int main(int argc, char **argv)
{
	static unsigned char buf[128 << 20];
	uint64_t meta, names, data, h, size;
	unsigned char *d, *rec, *hit;
	size_t n, i, len = argc == 4 ? strlen(argv[2]) : 0;
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
	size = _u64(rec + 8);
	hit = NULL;
	for (i = 0; !hit && i + len < size; i++)
		if (!memcmp(d + i, argv[2], len) && (!i || !d[i - 1]) && !d[i + len])
			hit = d + i;
	if (!hit)
		return fprintf(stderr, "%s: no string '%s' in its vmlinux blob\n", argv[1],
			       argv[2]), 1;
	memcpy(hit, argv[3], len);
	h = XXH3_64bits(d, size);
	memcpy(rec + 24, &h, 8);
	h = XXH3_64bits(buf + 64, meta);
	memcpy(buf + 40, &h, 8);
	rewind(f);
	if (fwrite(buf, 1, n, f) != n || fclose(f))
		return perror(argv[1]), 1;
	return 0;
}
