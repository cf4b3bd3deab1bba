// SPDX-License-Identifier: GPL-2.0
/*
 * Streaming decompression of kernel images and modules.
 *
 * Every decoder writes into one fixed scratch chunk (DECOMP_CHUNK bytes) and
 * hands it to the caller's sink before reusing it, so memory use does not
 * depend on the output size. The input is always fully in memory (a mapped
 * file), so "the input ran out before the stream ended" is final: it means
 * the file is truncated, never "wait for more".
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>

#include <zlib.h>
#include <lzma.h>
#include <zstd.h>
#include <zstd_errors.h>
#include <lz4.h>
#include <lz4frame.h>
#include <bzlib.h>

#include "decomp.h"
#include "errmsg.h"

/* Size of the output chunks passed to the sink. */
#define DECOMP_CHUNK		(256 * 1024)

/* LZ4 legacy format: magic, then blocks that each decode to 8 MiB. */
#define LZ4_LEGACY_MAGIC	0x184C2102U
#define LZ4_LEGACY_BLOCK	(8 * 1024 * 1024)

/*
 * liblzma decoder memory limit. Kernel images use dictionaries of at most
 * 64 MiB; the limit stops a hostile header from asking for gigabytes.
 */
#define XZ_MEMLIMIT		(1ULL << 30)

/* State shared by all decoders of one decomp__stream() call. */
struct _out {
	decomp_sink_fn sink;
	void *ctx;
	size_t max_out;		/* 0: no cap */
	size_t total;		/* bytes handed to the sink so far */
	const char *path;	/* names the input in error messages */
	const char *name;	/* format name in error messages */
	unsigned char *buf;	/* DECOMP_CHUNK bytes of scratch output */
};

static uint32_t _le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

/* Clamp a size to what zlib and libbz2 take in one call (unsigned int). */
static unsigned int _clamp_uint(size_t n)
{
	return n > UINT_MAX ? UINT_MAX : (unsigned int)n;
}

/*
 * Record the one message for a decoder failure and return @err. The errno
 * picks the wording, so every decoder reports the same problem the same way.
 */
static int _err(const struct _out *o, int err)
{
	switch (err) {
	case -EPIPE:
		return errmsg__set(err, "cannot decompress '%s': truncated %s data",
				   o->path, o->name);
	case -ENOMEM:
		return errmsg__set(err, "cannot decompress '%s': out of memory", o->path);
	case -EFBIG:
		return errmsg__set(err, "cannot decompress '%s': output exceeds %zu bytes (decompression bomb?)",
				   o->path, o->max_out);
	default:
		return errmsg__set(-EINVAL, "cannot decompress '%s': corrupt %s data",
				   o->path, o->name);
	}
}

/*
 * Hand @len bytes of output to the sink, in slices of at most DECOMP_CHUNK,
 * enforcing the output cap: the sink gets everything up to the cap, then
 * the call fails with -EFBIG. Returns 0 to go on, 1 if the sink asked to
 * stop (any positive value counts), or a negative errno. A sink failure is
 * expected to have recorded its own message; a generic one is added only
 * if it did not.
 */
static int _emit(struct _out *o, const void *data, size_t len)
{
	const unsigned char *p = data;
	size_t n;
	int ret;

	while (len) {
		n = len < DECOMP_CHUNK ? len : DECOMP_CHUNK;
		if (o->max_out && n > o->max_out - o->total) {
			n = o->max_out - o->total;
			if (!n)
				return _err(o, -EFBIG);
		}
		ret = o->sink(o->ctx, p, n);
		if (ret < 0)
			return errmsg__add(ret, "cannot decompress '%s': output consumer failed (error %d)",
					   o->path, ret);
		if (ret > 0)
			return 1;
		o->total += n;
		p += n;
		len -= n;
	}
	return 0;
}

/*
 * Judge a decoder call that neither failed nor finished the stream. Decoders
 * return only when the input is used up or the output chunk is full, so a
 * chunk with room left and no input left means the stream is truncated.
 * A call that consumed and produced nothing with input left would loop
 * forever; call that corrupt rather than spin.
 */
static int _starved(const struct _out *o, size_t produced, size_t consumed, size_t left)
{
	if (produced < DECOMP_CHUNK && !left)
		return _err(o, -EPIPE);
	if (!produced && !consumed)
		return _err(o, -EINVAL);
	return 0;
}

/* gzip: the first member only; whatever follows it is ignored. */
static int _gzip(struct _out *o, const unsigned char *in, size_t len)
{
	z_stream zs = {};
	size_t pos = 0, n;
	unsigned int avail;
	int ret, err;

	ret = inflateInit2(&zs, 16 + MAX_WBITS);	/* gzip wrapper only */
	if (ret != Z_OK)
		return _err(o, ret == Z_MEM_ERROR ? -ENOMEM : -EINVAL);
	for (;;) {
		avail = _clamp_uint(len - pos);
		zs.next_in = (Bytef *)(in + pos);
		zs.avail_in = avail;
		zs.next_out = o->buf;
		zs.avail_out = DECOMP_CHUNK;
		ret = inflate(&zs, Z_NO_FLUSH);
		if (ret != Z_OK && ret != Z_STREAM_END && ret != Z_BUF_ERROR) {
			err = _err(o, ret == Z_MEM_ERROR ? -ENOMEM : -EINVAL);
			goto done;
		}
		pos += avail - zs.avail_in;
		n = DECOMP_CHUNK - zs.avail_out;
		err = _emit(o, o->buf, n);
		if (err || ret == Z_STREAM_END)
			goto done;
		err = _starved(o, n, avail - zs.avail_in, len - pos);
		if (err)
			goto done;
	}
done:
	inflateEnd(&zs);
	return err;
}

/* Map a failed lzma_code()/decoder-init result to one recorded error. */
static int _lzma_err(const struct _out *o, lzma_ret ret)
{
	switch (ret) {
	case LZMA_MEM_ERROR:
		return _err(o, -ENOMEM);
	case LZMA_MEMLIMIT_ERROR:
		return errmsg__set(-ENOMEM, "cannot decompress '%s': %s dictionary needs more than %llu MiB",
				   o->path, o->name, XZ_MEMLIMIT >> 20);
	case LZMA_BUF_ERROR:
		return _err(o, -EPIPE);
	default:
		return _err(o, -EINVAL);
	}
}

/*
 * xz (one stream) or legacy .lzma. Without LZMA_CONCATENATED the decoder
 * stops at the end of the first stream, so padding and trailing bytes are
 * never looked at. LZMA_FINISH is right from the start: all input is here.
 */
static int _lzma(struct _out *o, const unsigned char *in, size_t len, bool alone)
{
	lzma_stream ls = LZMA_STREAM_INIT;
	size_t n, before;
	lzma_ret ret;
	int err;

	ret = alone ? lzma_alone_decoder(&ls, XZ_MEMLIMIT) :
		      lzma_stream_decoder(&ls, XZ_MEMLIMIT, 0);
	if (ret != LZMA_OK)
		return _lzma_err(o, ret);
	ls.next_in = in;
	ls.avail_in = len;
	for (;;) {
		before = ls.avail_in;
		ls.next_out = o->buf;
		ls.avail_out = DECOMP_CHUNK;
		ret = lzma_code(&ls, LZMA_FINISH);
		if (ret != LZMA_OK && ret != LZMA_STREAM_END) {
			err = _lzma_err(o, ret);
			goto done;
		}
		n = DECOMP_CHUNK - ls.avail_out;
		err = _emit(o, o->buf, n);
		if (err || ret == LZMA_STREAM_END)
			goto done;
		err = _starved(o, n, before - ls.avail_in, ls.avail_in);
		if (err)
			goto done;
	}
done:
	lzma_end(&ls);
	return err;
}

/*
 * Does @p start another frame: @magic, or a skippable frame (magics
 * 0x184D2A50..5F, shared by zstd and LZ4)?
 */
static bool _more_frames(const unsigned char *p, size_t left, uint32_t magic)
{
	uint32_t v;

	if (left < 4)
		return false;
	v = _le32(p);
	return v == magic || (v & 0xFFFFFFF0U) == 0x184D2A50U;
}

/*
 * zstd: frames are decoded back to back as long as the next bytes carry a
 * frame magic (the zstd tool may write several); anything else after a
 * complete frame is trailing garbage.
 */
static int _zstd(struct _out *o, const unsigned char *in, size_t len)
{
	ZSTD_inBuffer ib = { in, len, 0 };
	ZSTD_outBuffer ob;
	ZSTD_DStream *ds;
	size_t ret, before;
	int err;

	ds = ZSTD_createDStream();
	if (!ds)
		return _err(o, -ENOMEM);
	for (;;) {
		ob = (ZSTD_outBuffer){ o->buf, DECOMP_CHUNK, 0 };
		before = ib.pos;
		ret = ZSTD_decompressStream(ds, &ob, &ib);
		if (ZSTD_isError(ret)) {
			err = ZSTD_getErrorCode(ret) == ZSTD_error_memory_allocation ?
			      _err(o, -ENOMEM) : _err(o, -EINVAL);
			goto done;
		}
		err = _emit(o, o->buf, ob.pos);
		if (err)
			goto done;
		if (ret == 0) {		/* frame complete and flushed */
			if (!_more_frames(in + ib.pos, len - ib.pos, ZSTD_MAGICNUMBER))
				goto done;
			continue;
		}
		err = _starved(o, ob.pos, ib.pos - before, len - ib.pos);
		if (err)
			goto done;
	}
done:
	ZSTD_freeDStream(ds);
	return err;
}

/* LZ4 frame format; concatenated frames as for zstd. */
static int _lz4f(struct _out *o, const unsigned char *in, size_t len)
{
	LZ4F_dctx *dctx = NULL;
	size_t pos = 0, src_n, dst_n, ret;
	int err;

	if (LZ4F_isError(LZ4F_createDecompressionContext(&dctx, LZ4F_VERSION)))
		return _err(o, -ENOMEM);
	for (;;) {
		src_n = len - pos;
		dst_n = DECOMP_CHUNK;
		ret = LZ4F_decompress(dctx, o->buf, &dst_n, in + pos, &src_n, NULL);
		if (LZ4F_isError(ret)) {
			err = _err(o, -EINVAL);
			goto done;
		}
		pos += src_n;
		err = _emit(o, o->buf, dst_n);
		if (err)
			goto done;
		if (ret == 0) {		/* frame complete and flushed */
			if (!_more_frames(in + pos, len - pos, LZ4F_MAGICNUMBER))
				goto done;
			continue;
		}
		err = _starved(o, dst_n, src_n, len - pos);
		if (err)
			goto done;
	}
done:
	LZ4F_freeDecompressionContext(dctx);
	return err;
}

/* Where a legacy LZ4 decode is. */
struct _legacy {
	size_t pos;
	size_t blocks;		/* decoded so far, over all frames */
	bool last_short;	/* the last block decoded to less than 8 MiB */
	bool tail;		/* the next block may be trailing junk */
};

/*
 * Read the next legacy block header. Returns 0 with the compressed block
 * size in *size, 1 at the end of the stream, or a negative errno.
 *
 * The format has no end marker, so the end is inferred. The stream may end
 * where real files do: at the end of the input, with fewer than 4 bytes
 * left, at zero padding, or at a 4-byte field that is the very last thing
 * in the input (the uncompressed-size trailer the kernel build appends).
 * lz4 writes 8 MiB blocks, so only the last block of a frame is short:
 * after a short block, a header that cannot be a block (or a block that
 * does not decode, see st->tail) is trailing junk. After a full block the
 * frame must go on, and a header promising more than is left means the
 * data was cut short.
 */
static int _legacy_header(const struct _out *o, const unsigned char *in, size_t len,
			  struct _legacy *st, size_t *size)
{
	size_t left;
	uint32_t v;

	st->tail = st->last_short;
	for (;;) {
		left = len - st->pos;
		if (left < 4)
			return st->blocks ? 1 : _err(o, -EPIPE);
		v = _le32(in + st->pos);
		if (v != LZ4_LEGACY_MAGIC)
			break;
		st->pos += 4;		/* a new, concatenated frame */
		st->tail = false;
	}
	st->pos += 4;
	left -= 4;
	if (st->blocks && (!left || !v))
		return 1;
	if (v > left || !v || v > LZ4_COMPRESSBOUND(LZ4_LEGACY_BLOCK)) {
		if (st->tail)
			return 1;
		return _err(o, v > left ? -EPIPE : -EINVAL);
	}
	*size = v;
	return 0;
}

/* LZ4 legacy format (x86 bzImage payloads built with CONFIG_KERNEL_LZ4). */
static int _lz4_legacy(struct _out *o, const unsigned char *in, size_t len)
{
	struct _legacy st = {};
	unsigned char *blk = NULL;
	size_t size = 0;
	int n, err;

	if (len < 4 || _le32(in) != LZ4_LEGACY_MAGIC)
		return _err(o, len < 4 ? -EPIPE : -EINVAL);
	blk = malloc(LZ4_LEGACY_BLOCK);
	if (!blk)
		return _err(o, -ENOMEM);
	for (;;) {
		err = _legacy_header(o, in, len, &st, &size);
		if (err)
			goto done;
		n = LZ4_decompress_safe((const char *)in + st.pos, (char *)blk,
					(int)size, LZ4_LEGACY_BLOCK);
		if (n < 0) {
			err = st.tail ? 1 : _err(o, -EINVAL);
			goto done;
		}
		st.pos += size;
		st.blocks++;
		st.last_short = n < LZ4_LEGACY_BLOCK;
		err = _emit(o, blk, n);
		if (err)
			goto done;
	}
done:
	free(blk);
	return err > 0 ? 0 : err;	/* end of stream is success */
}

/* bzip2: the first stream only; whatever follows it is ignored. */
static int _bzip2(struct _out *o, const unsigned char *in, size_t len)
{
	bz_stream bs = {};
	size_t pos = 0, n;
	unsigned int avail;
	int ret, err;

	ret = BZ2_bzDecompressInit(&bs, 0, 0);
	if (ret != BZ_OK)
		return _err(o, ret == BZ_MEM_ERROR ? -ENOMEM : -EINVAL);
	for (;;) {
		avail = _clamp_uint(len - pos);
		bs.next_in = (char *)(in + pos);
		bs.avail_in = avail;
		bs.next_out = (char *)o->buf;
		bs.avail_out = DECOMP_CHUNK;
		ret = BZ2_bzDecompress(&bs);
		if (ret != BZ_OK && ret != BZ_STREAM_END) {
			err = _err(o, ret == BZ_MEM_ERROR ? -ENOMEM : -EINVAL);
			goto done;
		}
		pos += avail - bs.avail_in;
		n = DECOMP_CHUNK - bs.avail_out;
		err = _emit(o, o->buf, n);
		if (err || ret == BZ_STREAM_END)
			goto done;
		err = _starved(o, n, avail - bs.avail_in, len - pos);
		if (err)
			goto done;
	}
done:
	BZ2_bzDecompressEnd(&bs);
	return err;
}

/*
 * A .lzma (lzma_alone) header has no magic: properties byte, dictionary
 * size, uncompressed size. Accept only what the lzma/xz tools write with
 * the default lc=3 lp=0 pb=2 (0x5d): a dictionary of 2^n or 2^n + 2^(n-1)
 * bytes, at least 64 KiB (the two zero bytes) and at most 1.5 GiB, and an
 * uncompressed size that is unknown (all ones) or below 256 GiB.
 */
static bool _is_lzma_alone(const unsigned char *p, size_t len)
{
	uint32_t dict, x;
	uint64_t size = 0;
	int i;

	if (len < 13 || p[0] != 0x5d || p[1] || p[2])
		return false;
	dict = _le32(p + 1);
	if (!dict || dict > (3U << 29))
		return false;
	for (x = dict; !(x & 1); x >>= 1)
		;
	if (x != 1 && x != 3)
		return false;
	for (i = 7; i >= 0; i--)
		size = size << 8 | p[5 + i];
	return size == UINT64_MAX || size < (1ULL << 38);
}

enum decomp_kind decomp__detect(const void *buf, size_t len)
{
	static const unsigned char xz_magic[6] = { 0xfd, '7', 'z', 'X', 'Z', 0 };
	static const unsigned char bz_block[6] = { 0x31, 0x41, 0x59, 0x26, 0x53, 0x59 };
	static const unsigned char bz_eos[6] = { 0x17, 0x72, 0x45, 0x38, 0x50, 0x90 };
	const unsigned char *p = buf;
	uint32_t magic;

	if (!p || len < 4)
		return DECOMP_NONE;
	/* gzip: magic, deflate method, reserved flag bits clear */
	if (p[0] == 0x1f && p[1] == 0x8b && p[2] == 8 && !(p[3] & 0xe0))
		return DECOMP_GZIP;
	if (len >= 6 && !memcmp(p, xz_magic, 6))
		return DECOMP_XZ;
	magic = _le32(p);
	if (magic == ZSTD_MAGICNUMBER)
		return DECOMP_ZSTD;
	if (magic == LZ4F_MAGICNUMBER)
		return DECOMP_LZ4;
	if (magic == LZ4_LEGACY_MAGIC)
		return DECOMP_LZ4_LEGACY;
	/* bzip2: "BZh", block size digit, then a block or end-of-stream magic */
	if (len >= 10 && p[0] == 'B' && p[1] == 'Z' && p[2] == 'h' &&
	    p[3] >= '1' && p[3] <= '9' &&
	    (!memcmp(p + 4, bz_block, 6) || !memcmp(p + 4, bz_eos, 6)))
		return DECOMP_BZIP2;
	if (_is_lzma_alone(p, len))
		return DECOMP_LZMA;
	return DECOMP_NONE;
}

const char *decomp__name(enum decomp_kind kind)
{
	static const char *const names[] = {
		[DECOMP_GZIP] = "gzip",
		[DECOMP_XZ] = "xz",
		[DECOMP_ZSTD] = "zstd",
		[DECOMP_LZ4] = "lz4",
		[DECOMP_LZ4_LEGACY] = "lz4",
		[DECOMP_BZIP2] = "bzip2",
		[DECOMP_LZMA] = "lzma",
	};

	if ((unsigned int)kind >= sizeof(names) / sizeof(names[0]) || !names[kind])
		return "none";
	return names[kind];
}

/* Run the decoder for @o->name's format; 1 from a decoder is an early stop. */
static int _dispatch(struct _out *o, enum decomp_kind kind, const unsigned char *in, size_t len)
{
	switch (kind) {
	case DECOMP_GZIP:
		return _gzip(o, in, len);
	case DECOMP_XZ:
		return _lzma(o, in, len, false);
	case DECOMP_LZMA:
		return _lzma(o, in, len, true);
	case DECOMP_ZSTD:
		return _zstd(o, in, len);
	case DECOMP_LZ4:
		return _lz4f(o, in, len);
	case DECOMP_LZ4_LEGACY:
		return _lz4_legacy(o, in, len);
	case DECOMP_BZIP2:
		return _bzip2(o, in, len);
	default:
		return errmsg__set(-EINVAL, "cannot decompress '%s': unknown compression format %d",
				   o->path, (int)kind);
	}
}

/*
 * DECOMP_NONE passes the input through unchanged (in chunks, under the same
 * cap), so callers can treat compressed and plain files alike.
 */
int decomp__stream(enum decomp_kind kind, const void *in, size_t len, size_t max_out,
		   decomp_sink_fn sink, void *ctx, const char *path)
{
	struct _out o = {
		.sink = sink,
		.ctx = ctx,
		.max_out = max_out,
		.path = path ? path : "(unnamed)",
		.name = kind == DECOMP_LZ4_LEGACY ? "lz4 legacy" : decomp__name(kind),
	};
	int err;

	if (!in) {
		in = "";
		len = 0;
	}
	if (kind == DECOMP_NONE) {
		err = _emit(&o, in, len);
		goto done;
	}
	o.buf = malloc(DECOMP_CHUNK);
	if (!o.buf) {
		err = _err(&o, -ENOMEM);
		goto done;
	}
	err = _dispatch(&o, kind, in, len);
done:
	free(o.buf);
	return err > 0 ? 0 : err;
}

/* decomp__all()'s sink: append to a buffer that grows by doubling. */
struct _grow {
	unsigned char *buf;
	size_t len;
	size_t cap;
	const char *path;
};

static int _grow_sink(void *ctx, const void *data, size_t len)
{
	struct _grow *g = ctx;
	size_t cap = g->cap ? g->cap : DECOMP_CHUNK;
	void *p;

	if (!g->buf || len > g->cap - g->len) {
		while (cap - g->len < len) {
			if (cap > SIZE_MAX / 2)
				goto nomem;
			cap *= 2;
		}
		p = realloc(g->buf, cap);
		if (!p)
			goto nomem;
		g->buf = p;
		g->cap = cap;
	}
	memcpy(g->buf + g->len, data, len);
	g->len += len;
	return 0;
nomem:
	return errmsg__set(-ENOMEM, "cannot decompress '%s': out of memory",
			   g->path ? g->path : "(unnamed)");
}

/* On success *out is never NULL, even for empty output. */
int decomp__all(enum decomp_kind kind, const void *in, size_t len, size_t max_out,
		void **out, size_t *out_len, const char *path)
{
	struct _grow g = { .path = path };
	int err;

	*out = NULL;
	*out_len = 0;
	err = decomp__stream(kind, in, len, max_out, _grow_sink, &g, path);
	if (!err && !g.buf)
		err = _grow_sink(&g, "", 0);	/* empty output still gets a buffer */
	if (err)
		goto done;
	*out = g.buf;
	*out_len = g.len;
	g.buf = NULL;
done:
	free(g.buf);
	return err;
}
