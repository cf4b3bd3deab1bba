/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KABISCAN_DECOMP_H
#define KABISCAN_DECOMP_H

#include <stddef.h>
#include <stdbool.h>

/* Compression formats found in kernel images and modules. */
enum decomp_kind {
	DECOMP_NONE = 0,
	DECOMP_GZIP,
	DECOMP_XZ,
	DECOMP_ZSTD,
	DECOMP_LZ4,	/* LZ4 frame format (.ko.lz4, zboot) */
	DECOMP_LZ4_LEGACY,	/* LZ4 legacy format (x86 bzImage payloads) */
	DECOMP_BZIP2,
	DECOMP_LZMA,	/* legacy .lzma (lzma_alone) */
};

/*
 * Called with each decompressed chunk, in order. Return 0 to continue,
 * 1 to stop early (decomp__stream then returns 0), or a negative errno to
 * abort (decomp__stream returns it).
 */
typedef int (*decomp_sink_fn)(void *ctx, const void *data, size_t len);

/* Recognise a compression format by its magic bytes; DECOMP_NONE if none. */
enum decomp_kind decomp__detect(const void *buf, size_t len);

/* Short lowercase name: "gzip", "xz", "zstd", "lz4", "bzip2", "lzma", "none". */
const char *decomp__name(enum decomp_kind kind);

/*
 * Decompress @len bytes at @in as @kind, feeding output to @sink in chunks.
 * Trailing garbage after the end of the compressed stream is ignored (image
 * payloads are padded). Stops after @max_out bytes of output with -EFBIG
 * (a decompression bomb) unless @sink stopped first; 0 means no cap.
 * Returns 0 on success or early stop, -EINVAL for corrupt data, -EPIPE for
 * data that ends before the stream does (truncated), -ENOMEM, -EFBIG, or
 * the sink's negative value. @path only names the input in the error
 * message recorded with errmsg__set().
 */
int decomp__stream(enum decomp_kind kind, const void *in, size_t len, size_t max_out,
		   decomp_sink_fn sink, void *ctx, const char *path);

/*
 * Decompress all of @in into one malloc'ed buffer returned in @out/@out_len
 * (caller frees). Same errors and cap as decomp__stream().
 */
int decomp__all(enum decomp_kind kind, const void *in, size_t len, size_t max_out,
		void **out, size_t *out_len, const char *path);

#endif
