/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KABISCAN_CACHE_PRIV_H
#define KABISCAN_CACHE_PRIV_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <xxhash.h>

#include "cache.h"

/*
 * Shared by cache.c (the directory and its files), cache_index.c (keys) and
 * package_group.c (keys of packages).
 */

/* What the index knows about one file: its stat data and content hash. */
struct stat_rec {
	uint64_t dev;		/* st_dev */
	uint64_t ino;		/* st_ino */
	uint64_t size;		/* st_size */
	int64_t mtime_ns;	/* modification time */
	int64_t ctime_ns;	/* status change time: catches a restored mtime */
	XXH128_hash_t hash;	/* XXH3-128 of the contents */
	char *path;		/* where it was seen, for people reading the index */
};

/* An open cache directory. */
struct cache {
	char *dir;		/* the cache directory */
	char *kernels;		/* DIR/kernels */
	bool strict;		/* the user named it: failures are errors */
	pthread_mutex_t lock;	/* guards the index */
	struct stat_rec *recs;	/* the index, sorted by (dev, ino) up to @sorted */
	size_t recs_cnt;	/* entries in @recs */
	size_t recs_cap;	/* allocated entries */
	size_t sorted;		/* @recs[0, sorted) is sorted; the rest were added */
	bool dirty;		/* entries were added: save on free */
	char *failure;		/* first write that failed and was let go, or NULL; under @lock */
};

/* mkdir -p @path (written to, restored); 0 or -errno, -ENOTDIR if a file is there. */
int cache_dir__mkdir(char *path);

/*
 * Write @len bytes of @buf, then @len2 of @buf2 (NULL: none), to a temporary
 * file in @dir renamed to @path. 0 or -errno, said.
 */
int cache_dir__write(const char *dir, const char *path, const void *buf, size_t len,
		     const void *buf2, size_t len2);

/* @h as a key: 32 lowercase hex digits, high half first. */
void cache__hex(XXH128_hash_t h, char key[CACHE_KEY_HEX]);

/* Read the stat index DIR/index into @c; a damaged one is dropped. */
void cache_index__load(struct cache *c);

/* Merge @c's records with those saved meanwhile and write DIR/index. 0 or -errno. */
int cache_index__save(struct cache *c);

/* Free the records of @c. */
void cache_index__release(struct cache *c);

/*
 * The blobs of a decoded entry (cache_entry.c reads where they are,
 * cache_blob.c takes them out).
 */

/* One compressed run of blobs in an entry's data section. */
struct cache_chunk {
	uint64_t off;		/* offset into data */
	uint64_t csize;		/* compressed bytes */
	uint64_t rsize;		/* bytes once decompressed */
	uint64_t hash;		/* XXH3 of the compressed bytes */
	bool raw;		/* stored as it is, else a zstd frame */
	bool checked;		/* its checksum matched once: it is not hashed again */
};

/* Where one image's blob is: a slice of a chunk, decompressed. */
struct cache_blob {
	uint32_t chunk;		/* its chunk */
	uint64_t off;		/* offset in the decompressed chunk */
	uint64_t size;		/* bytes, 0: no blob */
	bool indexed;		/* the name index covers this module */
};

struct cache_blobs {
	struct cache_blob *img;	/* per image: [0] vmlinux, [1 + i] module i */
	struct cache_chunk *chunks;	/* the data section's chunks */
	size_t chunks_cnt;	/* entries in @chunks */
	unsigned char *last;	/* the chunk decompressed last, for its other modules */
	size_t last_idx;	/* its index in @chunks */
};

/* Free @b and what it holds; NULL is fine. */
void cache_blobs__free(struct cache_blobs *b);

#endif
