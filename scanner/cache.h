/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KABISCAN_CACHE_H
#define KABISCAN_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "image.h"

struct kernel_files;

/*
 * The scan cache: what reading a kernel's files extracted (the vmlinux BTF
 * blob, every module's split BTF blob, and the facts that identify them),
 * kept in a directory so that later runs skip decompressing and parsing
 * images. One file per kernel under DIR/kernels/, named by its key: a hash
 * of the input files' contents, their paths below the kernel's root, the
 * release and CACHE_TOOL_VERSION. DIR/index maps a file's stat data to its
 * content hash, so unchanged files are not read again to be hashed.
 *
 * Entries are written to a temporary file and renamed, so readers never see
 * half an entry and concurrent writers (shards of one scan) only race to put
 * the same bytes in place. An entry that is truncated or corrupt fails its
 * magic, length or checksum test and is treated as missing.
 */

/* Bump when what a scan extracts changes: every older entry is then missed. */
#define CACHE_TOOL_VERSION 2

/* A cache key: 128-bit hash, printed as 32 hex digits. */
#define CACHE_KEY_HEX 33

struct cache;
struct cache_blobs;

/*
 * What a scan extracted from one kernel's files: enough to open the kernel
 * again without reading them. In an entry read from the cache every pointer
 * is owned, and the blobs stay in the mapped entry file until
 * cache_entry__blob() takes them (image_btf.size says how big each is); one
 * built for cache__store() may borrow them all, and holds them in memory.
 */
struct cache_entry {
	struct kernel_files *kf;	/* the files as found: paths, release, debug files */
	char *config_arch;	/* arch the kernel config names, or NULL */
	struct image_btf vmlinux;	/* vmlinux blob and facts (no data: none) */
	struct image_btf *mods;	/* per module of @kf, its blob and facts */
	size_t mods_cnt;	/* entries in @mods */
	char *version;		/* identity, for listing: "6.1" */
	char *arch;		/* "amd64" */
	char *flavour;		/* "generic" */
	char key[CACHE_KEY_HEX];	/* the entry's key, hex */
	size_t file_size;	/* bytes of the entry file, once read or written */
	char *path;		/* the entry file (decoded entries), for messages */
	const unsigned char *bytes;	/* the entry's bytes (decoded entries), or NULL */
	size_t bytes_len;	/* bytes at @bytes */
	bool mapped;		/* @bytes is a mapping of the file, unmapped on free */
	struct cache_blobs *blobs;	/* where each blob is in @data (cache_priv.h) */
	const unsigned char *data;	/* the data section in @bytes */
	const unsigned char *names;	/* the name index in @bytes (cache_entry.c) */
	size_t names_cnt;	/* names in @names */
};

/*
 * Trust model. An entry is believed as it stands: its checksum catches
 * damage, not intent, so whoever can write the cache directory decides what
 * every report read from it says (and, through names, what a header holds).
 * The cache is therefore refused when the directory, its kernels/,
 * derived/ or notes/ subdirectory or its index is writable by group or
 * others, or owned by another user than the one running (root excepted),
 * unless KABISCAN_TRUST_CACHE=1 says every writer is trusted. `kabiscan
 * cache verify` re-derives entries from their files to catch what slipped in.
 */

/*
 * Open the cache in @dir, or in the default place ($XDG_CACHE_HOME/kabiscan,
 * else ~/.cache/kabiscan) for NULL, creating it if needed. With @strict,
 * failures to create, read or write it are errors; without, a cache that
 * cannot be used is skipped: 0 with *@out NULL, and for a named @dir the
 * reason left recorded (errmsg) for a warning. An untrusted cache is an
 * error either way. Returns 0 or -errno with a message naming the
 * directory. Free with cache__free(), which also saves the stat index.
 */
int cache__open(const char *dir, bool strict, struct cache **out);

/*
 * 0 if @dir holds a cache (a kernels/ directory), else -ENOENT with a
 * message; nothing is created (cache import reads shards with it).
 */
int cache__check_dir(const char *dir);

/*
 * A write to @c failed with @err (message recorded). In a strict cache that
 * is the caller's error: returns @err. Otherwise the cache is an
 * optimisation: the first such message is kept for cache__failure(), the
 * record cleared, and 0 returned. Thread-safe.
 */
int cache__failed(struct cache *c, int err);

/* The first failure cache__failed() let go, or NULL. */
const char *cache__failure(const struct cache *c);

/* The default cache directory, malloc'ed; NULL when neither variable is set. */
char *cache__default_dir(void);

/* Save the stat index if it changed, then free; NULL is fine. */
void cache__free(struct cache *c);

/* The cache's directory. */
const char *cache__dir(const struct cache *c);

/* True if the user named the directory: failures are errors. */
bool cache__strict(const struct cache *c);

/*
 * The key of the kernel @kf: its files are hashed unless the stat index
 * knows them. Thread-safe. Returns 0 or -errno with a message naming the
 * file that could not be read.
 */
int cache__key(struct cache *c, const struct kernel_files *kf, char key[CACHE_KEY_HEX]);

/* The content hash of @path as 32 hex digits, through the stat index. */
int cache__hash_file(struct cache *c, const char *path, char hex[CACHE_KEY_HEX]);

/*
 * A small text note kept beside the entries (DIR/notes/NAME), such as what
 * releases a package holds. cache__note_get() returns 0 and a new string,
 * or -ENOENT if there is none or it is damaged; cache__note_put() writes it
 * atomically. The text must not contain the line "end ".
 */
int cache__note_get(struct cache *c, const char *name, char **text);
int cache__note_put(struct cache *c, const char *name, const char *text);

/*
 * A key for data derived from the file @path and the strings @parts (a
 * DWARF lookup: the debug file and the names looked up): XXH3-128 of the
 * file's content hash, the parts in order and CACHE_TOOL_VERSION.
 */
int cache__derived_key(struct cache *c, const char *path, const char *const *parts, size_t n,
		       char key[CACHE_KEY_HEX]);

/*
 * Opaque bytes kept under @key (DIR/derived/KEY), behind a magic, a length
 * and a checksum. cache__blob_get() returns 0 and a new buffer, or -ENOENT
 * when there is none or it is damaged (no message); cache__blob_put()
 * writes it atomically.
 */
int cache__blob_get(struct cache *c, const char *key, void **buf, size_t *len);
int cache__blob_put(struct cache *c, const char *key, const void *buf, size_t len);

/*
 * Read the entry @key: map it, check its header, metadata and name index;
 * blobs are checked and decompressed when taken (cache_entry__blob).
 * Returns 0 and a new entry (cache_entry__free), or -ENOENT when there is
 * none, -ESTALE when another version wrote it, or -EINVAL/-EPIPE with a
 * message naming the entry file when it is corrupt or truncated (callers
 * scanning the files anyway ignore it).
 */
int cache__load(struct cache *c, const char *key, struct cache_entry **out);

/*
 * cache__load(), and the vmlinux blob checked: opening the kernel needs it
 * at once, and a damaged one is then an error of the load, a miss like any
 * damaged entry.
 */
int cache__load_kernel(struct cache *c, const char *key, struct cache_entry **out);

/*
 * Write @e under @e->key, atomically (temporary file, then rename), and set
 * @e->file_size: encoded from its blobs in memory, or, for an entry read
 * from a cache, its bytes as they are. Returns 0 or -errno with a message
 * naming the file.
 */
int cache__store(struct cache *c, struct cache_entry *e);

/*
 * Every entry's identity (no blobs are read): new array of entries whose
 * vmlinux and mods hold facts only, sorted by origin, release and key.
 * Free with cache_entry__free_all(). Corrupt entries are an error naming
 * the file; entries another version wrote are left out (cache__stale).
 */
int cache__list(struct cache *c, struct cache_entry ***out, size_t *cnt);

/*
 * Entries written by another version of kabiscan: never read (a scan
 * writes them again under their new key), removed by cache__clear(). How
 * many, and their bytes.
 */
int cache__stale(struct cache *c, size_t *cnt, size_t *bytes);

/* What cache__verify() found for one entry. */
enum cache_verdict {
	CACHE_OK,		/* re-read from its files: the same bytes */
	CACHE_MISMATCH,		/* its files are the same, its blobs are not: not to be trusted */
	CACHE_STALE,		/* its files changed since: no longer used for them */
	CACHE_GONE,		/* a file it was read from is gone or unreadable */
	CACHE_UNCHECKED,	/* read from packages, which are not read again here */
	CACHE_DAMAGED,		/* the entry itself is truncated or corrupt */
};

struct cache_check {
	enum cache_verdict verdict;	/* what was found */
	char release[128];	/* the entry's release, "" if unreadable */
	char why[512];		/* the detail of any verdict but CACHE_OK */
};

/*
 * Check entry @key against the files it was read from (see cache_verify.c).
 * Returns 0 with @out filled, or -ENOMEM.
 */
int cache__verify(struct cache *c, const char *key, struct cache_check *out);

/*
 * The kernels kept in the cache, as kernel_files read from their entries,
 * each with its cache_key set: every one for a NULL @name, else those whose
 * release is @name or whose key starts with @name (8 hex digits or more).
 * Returns 0 and a new array (kernel_files__free_all), or -ENOENT with a
 * message when nothing matches, or the error of a corrupt entry.
 */
int cache__find(struct cache *c, const char *name, struct kernel_files ***out, size_t *cnt);

/*
 * Remove every entry, DWARF lookup, note, the stat index and temporary files
 * (.tmp.*: left by a write that was killed, or being written). *@removed
 * counts entries, *@tmps temporary files, *@bytes the bytes of both.
 */
int cache__clear(struct cache *c, size_t *removed, size_t *tmps, size_t *bytes);

/* The temporary files (.tmp.*) in the cache: how many, and their bytes. */
int cache__temporaries(struct cache *c, size_t *cnt, size_t *bytes);

/*
 * Serialise @e (the layout is described in cache_entry.c). Returns 0 and a
 * malloc'ed buffer, or -ENOMEM.
 */
int cache_entry__encode(const struct cache_entry *e, void **buf, size_t *len);

/*
 * The same in two malloc'ed parts, written one after the other: the header
 * and metadata, and the blobs (so that they are copied once).
 */
int cache_entry__encode_parts(const struct cache_entry *e, void **head, size_t *head_len,
			      void **data, size_t *data_len);

/*
 * Parse an entry file's bytes, @buf, which must outlive the entry (it
 * points into them). With @meta_only, @buf may hold the header and
 * metadata only (listing), and no blob can be taken. Returns 0 and a new
 * entry, or -ESTALE (another version's entry), -EINVAL or -EPIPE with a
 * message naming @path.
 */
int cache_entry__decode(const void *buf, size_t len, bool meta_only, const char *path,
			struct cache_entry **out);

/* The image index of vmlinux for cache_entry__blob(); modules are 0 and up. */
#define CACHE_VMLINUX ((size_t)-1)

/*
 * Take the blob of image @i (CACHE_VMLINUX or a module index) of @e, which
 * came from the file @what (for messages: a package's entry no longer has
 * its kf): a new buffer in *@data (the caller frees it) of *@size bytes,
 * NULL if it has none. A blob in memory is moved out; one in the entry file
 * has its chunk's checksum checked and is decompressed, then checked as
 * BTF. Returns 0, or -ENOMEM, or -EINVAL with a message naming the entry
 * and @what.
 */
int cache_entry__blob(struct cache_entry *e, size_t i, const char *what, void **data,
		      size_t *size);

/*
 * Remove the file of @e, found damaged by cache_entry__blob(), so that the
 * next run reads its kernel's files again instead of failing on it too. The
 * mapping stays valid until the entry is freed. Returns 0 or -errno.
 */
int cache_entry__discard(const struct cache_entry *e);

/*
 * vmlinux's blob where it lies in @e's mapping, for a caller that copies it
 * at once (btf__new does): *@data is valid until @e is freed, after its
 * checksum and BTF header are checked (a message naming the entry and
 * @what if not: -EINVAL). -ENOENT, with nothing said, when it does not lie
 * there as it is (none, or an entry built in memory): take it with
 * cache_entry__blob(). cache_entry__view_done() says it was copied, so
 * that its pages need not stay in the process.
 */
int cache_entry__view(struct cache_entry *e, const char *what, const void **data, size_t *size);
void cache_entry__view_done(struct cache_entry *e);

/* Check every blob's checksum (cache import). 0, or -EINVAL with a message. */
int cache_entry__check(const struct cache_entry *e);

/*
 * True if the name index of @e covers module @mod: the names of the types
 * it defines are indexed. Without an index (an entry built in memory, a
 * module that could not be walked), it is false.
 */
bool cache_entry__indexed(const struct cache_entry *e, size_t mod);

/*
 * The modules that may define a type named @name (struct, union, enum,
 * typedef or func), as a new sorted array *@mods of *@cnt module indices
 * (NULL if none); indexed modules not in it define no such type. Returns 0
 * or -ENOMEM.
 */
int cache_entry__defining(const struct cache_entry *e, const char *name, uint32_t **mods,
			  size_t *cnt);

/* Bytes of an entry's fixed header, the part cache_entry__meta_len() reads. */
#define CACHE_ENTRY_HDR 64

/* Header and metadata length of the entry whose header is @hdr, or 0 if not an entry. */
size_t cache_entry__meta_len(const void *hdr, size_t len);

/* Free an entry and what it owns; NULL is fine. */
void cache_entry__free(struct cache_entry *e);

/* Free an array from cache__list(). */
void cache_entry__free_all(struct cache_entry **es, size_t cnt);

#endif
