// SPDX-License-Identifier: GPL-2.0
/*
 * CUnit suite "decomp" for scanner/decomp.c.
 *
 * The compressed inputs are made at suite start by each library's own
 * compressor from one deterministic, compressible pseudo-random buffer, so
 * the suite needs no data files and every format is checked against the
 * exact bytes it must reproduce.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>
#include <zlib.h>
#include <lzma.h>
#include <zstd.h>
#include <lz4.h>
#include <lz4frame.h>
#include <bzlib.h>

#include "../../scanner/decomp.h"
#include "../../scanner/errmsg.h"

int decomp_test_register(void);

#define ORIG_LEN	(3u << 20)	/* most samples */
#define BIG_LEN		(10u << 20)	/* multi-block lz4 legacy sample */
#define LEGACY_MAGIC	0x184C2102u
#define LEGACY_BLOCK	(8u << 20)
#define TEST_PATH	"tests/fake/vmlinux.bin"

typedef unsigned char *(*compress_fn)(const unsigned char *src, size_t n, size_t *out_len);

/* One compressed input: @data/@len decompress to the first @orig_len bytes of orig. */
struct sample {
	const char *label;
	enum decomp_kind kind;
	compress_fn compress;
	size_t orig_len;
	unsigned char *data;
	size_t len;
};

static unsigned char *orig;	/* BIG_LEN bytes of test data */

/* What a sink saw, compared on the fly with the expected output. */
struct check {
	const unsigned char *exp;
	size_t exp_len;
	size_t pos;		/* bytes received */
	size_t calls;
	size_t max_chunk;
	size_t stop_after;	/* return 1 on this call (0: never) */
	int fail_with;		/* return this on the first call (0: never) */
	bool set_msg;		/* record an own message before failing */
	bool mismatch;
	bool called_after_stop;
};

/* Assert @cond and name the sample in the failure report. */
#define S_ASSERT(s, cond) _s_assert(!!(cond), __LINE__, (s)->label, #cond)

static void _s_assert(int ok, unsigned int line, const char *label, const char *cond)
{
	char buf[256];

	snprintf(buf, sizeof(buf), "[%s] %s", label, cond);
	CU_assertImplementation(ok ? CU_TRUE : CU_FALSE, line, buf, __FILE__, "", CU_FALSE);
}

/* ---- test data ---------------------------------------------------------- */

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint64_t _rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/*
 * Text-like bytes: words from a random 512-word vocabulary with a sprinkle
 * of random binary, so every codec compresses it (about 2-4x) yet no two
 * regions are identical.
 */
static void _fill(unsigned char *buf, size_t n)
{
	static char words[512][12];
	size_t pos = 0, i, wl;
	uint64_t r;

	for (i = 0; i < 512; i++) {
		wl = 2 + _rng() % 10;
		words[i][wl] = '\0';
		while (wl--)
			words[i][wl] = 'a' + _rng() % 26;
	}
	while (pos < n) {
		r = _rng();
		if (r % 40 == 0) {
			for (i = 0; i < 16 && pos < n; i++)
				buf[pos++] = _rng();
			continue;
		}
		for (i = 0; words[r % 512][i] && pos < n; i++)
			buf[pos++] = words[r % 512][i];
		if (pos < n)
			buf[pos++] = (r >> 32) % 16 ? ' ' : '\n';
	}
}

static void _put_le32(unsigned char *p, uint32_t v)
{
	p[0] = v;
	p[1] = v >> 8;
	p[2] = v >> 16;
	p[3] = v >> 24;
}

static uint32_t _get_le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

/* ---- compressors -------------------------------------------------------- */

static unsigned char *_gzip(const unsigned char *src, size_t n, size_t *out_len)
{
	z_stream zs = {};
	unsigned char *out = NULL;
	size_t cap;

	if (deflateInit2(&zs, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return NULL;
	cap = deflateBound(&zs, n);
	out = malloc(cap);
	if (!out)
		goto done;
	zs.next_in = (Bytef *)src;
	zs.avail_in = n;
	zs.next_out = out;
	zs.avail_out = cap;
	if (deflate(&zs, Z_FINISH) != Z_STREAM_END) {
		free(out);
		out = NULL;
		goto done;
	}
	*out_len = zs.total_out;
done:
	deflateEnd(&zs);
	return out;
}

static unsigned char *_xz(const unsigned char *src, size_t n, size_t *out_len)
{
	size_t cap = lzma_stream_buffer_bound(n);
	unsigned char *out = malloc(cap);

	*out_len = 0;
	if (out && lzma_easy_buffer_encode(1, LZMA_CHECK_CRC32, NULL, src, n, out,
					   out_len, cap) != LZMA_OK) {
		free(out);
		out = NULL;
	}
	return out;
}

/* Legacy .lzma as "lzma -1" writes it: unknown size, end marker. */
static unsigned char *_lzma(const unsigned char *src, size_t n, size_t *out_len)
{
	lzma_stream ls = LZMA_STREAM_INIT;
	lzma_options_lzma opt;
	size_t cap = lzma_stream_buffer_bound(n) + 64;
	unsigned char *out = NULL;

	if (lzma_lzma_preset(&opt, 1) || lzma_alone_encoder(&ls, &opt) != LZMA_OK)
		return NULL;
	out = malloc(cap);
	if (!out)
		goto done;
	ls.next_in = src;
	ls.avail_in = n;
	ls.next_out = out;
	ls.avail_out = cap;
	if (lzma_code(&ls, LZMA_FINISH) != LZMA_STREAM_END) {
		free(out);
		out = NULL;
		goto done;
	}
	*out_len = ls.total_out;
done:
	lzma_end(&ls);
	return out;
}

/* With a content checksum, so that corruption is always detectable. */
static unsigned char *_zstd(const unsigned char *src, size_t n, size_t *out_len)
{
	ZSTD_CCtx *cc = ZSTD_createCCtx();
	size_t cap = ZSTD_compressBound(n), ret;
	unsigned char *out = malloc(cap);

	if (!cc || !out)
		goto fail;
	ZSTD_CCtx_setParameter(cc, ZSTD_c_compressionLevel, 3);
	ZSTD_CCtx_setParameter(cc, ZSTD_c_checksumFlag, 1);
	ret = ZSTD_compress2(cc, out, cap, src, n);
	if (ZSTD_isError(ret))
		goto fail;
	*out_len = ret;
	ZSTD_freeCCtx(cc);
	return out;
fail:
	ZSTD_freeCCtx(cc);
	free(out);
	return NULL;
}

/* With block and content checksums, so that corruption is always detectable. */
static unsigned char *_lz4f(const unsigned char *src, size_t n, size_t *out_len)
{
	LZ4F_preferences_t prefs = {};
	unsigned char *out;
	size_t cap, ret;

	prefs.frameInfo.contentChecksumFlag = LZ4F_contentChecksumEnabled;
	prefs.frameInfo.blockChecksumFlag = LZ4F_blockChecksumEnabled;
	prefs.frameInfo.contentSize = n;
	cap = LZ4F_compressFrameBound(n, &prefs);
	out = malloc(cap);
	if (!out)
		return NULL;
	ret = LZ4F_compressFrame(out, cap, src, n, &prefs);
	if (LZ4F_isError(ret)) {
		free(out);
		return NULL;
	}
	*out_len = ret;
	return out;
}

/* Legacy LZ4 with @bs-byte blocks; "lz4 -l" writes 8 MiB ones. */
static unsigned char *_lz4_legacy_bs(const unsigned char *src, size_t n, size_t bs,
				     size_t *out_len)
{
	size_t nblocks = (n + bs - 1) / bs, pos = 4, off, chunk;
	int bound = LZ4_compressBound(bs), c;
	unsigned char *out = malloc(4 + nblocks * (4 + (size_t)bound));

	if (!out)
		return NULL;
	_put_le32(out, LEGACY_MAGIC);
	for (off = 0; off < n; off += chunk) {
		chunk = n - off < bs ? n - off : bs;
		c = LZ4_compress_default((const char *)src + off, (char *)out + pos + 4,
					 chunk, bound);
		if (c <= 0) {
			free(out);
			return NULL;
		}
		_put_le32(out + pos, c);
		pos += 4 + c;
	}
	*out_len = pos;
	return out;
}

static unsigned char *_lz4_legacy(const unsigned char *src, size_t n, size_t *out_len)
{
	return _lz4_legacy_bs(src, n, LEGACY_BLOCK, out_len);
}

static unsigned char *_bzip2(const unsigned char *src, size_t n, size_t *out_len)
{
	unsigned int cap = n + n / 100 + 600;
	unsigned char *out = malloc(cap);

	if (out && BZ2_bzBuffToBuffCompress((char *)out, &cap, (char *)src, n, 9, 0, 0) != BZ_OK) {
		free(out);
		return NULL;
	}
	*out_len = cap;
	return out;
}

static struct sample samples[] = {
	{ .label = "gzip", .kind = DECOMP_GZIP, .compress = _gzip, .orig_len = ORIG_LEN },
	{ .label = "xz", .kind = DECOMP_XZ, .compress = _xz, .orig_len = ORIG_LEN },
	{ .label = "zstd", .kind = DECOMP_ZSTD, .compress = _zstd, .orig_len = ORIG_LEN },
	{ .label = "lz4", .kind = DECOMP_LZ4, .compress = _lz4f, .orig_len = ORIG_LEN },
	{ .label = "lz4-legacy", .kind = DECOMP_LZ4_LEGACY, .compress = _lz4_legacy, .orig_len = ORIG_LEN },
	{ .label = "lz4-legacy-2blocks", .kind = DECOMP_LZ4_LEGACY, .compress = _lz4_legacy, .orig_len = BIG_LEN },
	{ .label = "bzip2", .kind = DECOMP_BZIP2, .compress = _bzip2, .orig_len = ORIG_LEN },
	{ .label = "lzma", .kind = DECOMP_LZMA, .compress = _lzma, .orig_len = ORIG_LEN },
};

#define NSAMPLES (sizeof(samples) / sizeof(samples[0]))

static int suite_init(void)
{
	size_t i;

	orig = malloc(BIG_LEN);
	if (!orig)
		return -1;
	_fill(orig, BIG_LEN);
	for (i = 0; i < NSAMPLES; i++) {
		samples[i].data = samples[i].compress(orig, samples[i].orig_len, &samples[i].len);
		if (!samples[i].data)
			return -1;
	}
	return 0;
}

static int suite_cleanup(void)
{
	size_t i;

	for (i = 0; i < NSAMPLES; i++) {
		free(samples[i].data);
		samples[i].data = NULL;
	}
	free(orig);
	orig = NULL;
	return 0;
}

/* ---- helpers ------------------------------------------------------------ */

static int _check_sink(void *ctx, const void *data, size_t len)
{
	struct check *c = ctx;

	if (c->stop_after && c->calls >= c->stop_after)
		c->called_after_stop = true;
	c->calls++;
	if (len > c->max_chunk)
		c->max_chunk = len;
	if (len > c->exp_len - c->pos || memcmp(c->exp + c->pos, data, len))
		c->mismatch = true;
	else
		c->pos += len;
	if (c->fail_with) {
		if (c->set_msg)
			return errmsg__set(c->fail_with, "sink says no");
		return c->fail_with;
	}
	return c->stop_after && c->calls == c->stop_after;
}

static struct check _check(const unsigned char *exp, size_t exp_len)
{
	return (struct check){ .exp = exp, .exp_len = exp_len };
}

/* Is the recorded message there, and does it contain @a and @b? */
static bool _msg_has(const char *a, const char *b)
{
	const char *m = errmsg__get();

	return m && strstr(m, a) && (!b || strstr(m, b));
}

/* Decompress @in for @s from scratch and return what decomp__stream() said. */
static int _run(const struct sample *s, const unsigned char *in, size_t len,
		size_t max_out, struct check *c)
{
	errmsg__clear();
	return decomp__stream(s->kind, in, len, max_out, _check_sink, c, TEST_PATH);
}

/* A copy of @s's data with @extra spare bytes at the end. */
static unsigned char *_copy(const struct sample *s, size_t extra)
{
	unsigned char *p = malloc(s->len + extra);

	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	memcpy(p, s->data, s->len);
	return p;
}

/* ---- tests -------------------------------------------------------------- */

static void test_detect(void)
{
	size_t i;

	for (i = 0; i < NSAMPLES; i++) {
		const struct sample *s = &samples[i];

		S_ASSERT(s, decomp__detect(s->data, s->len) == s->kind);
		S_ASSERT(s, decomp__detect(s->data, 3) == DECOMP_NONE);
	}
}

static void test_detect_negative(void)
{
	/* lzma header with a 0x50000 dictionary: neither 2^n nor 2^n + 2^(n-1) */
	static const unsigned char odd_lzma[13] = { 0x5d, 0, 0, 5, 0, 0xff, 0xff, 0xff,
						    0xff, 0xff, 0xff, 0xff, 0xff };
	static const unsigned char ok_lzma[13] = { 0x5d, 0, 0, 0x10, 0, 0xff, 0xff, 0xff,
						   0xff, 0xff, 0xff, 0xff, 0xff };
	static const unsigned char bz0[10] = { 'B', 'Z', 'h', '0', 0x31, 0x41, 0x59, 0x26,
					       0x53, 0x59 };
	static const unsigned char bz9[10] = { 'B', 'Z', 'h', '9', 0x31, 0x41, 0x59, 0x26,
					       0x53, 0x59 };

	CU_ASSERT_EQUAL(decomp__detect(orig, ORIG_LEN), DECOMP_NONE);
	CU_ASSERT_EQUAL(decomp__detect(NULL, 0), DECOMP_NONE);
	CU_ASSERT_EQUAL(decomp__detect(odd_lzma, sizeof(odd_lzma)), DECOMP_NONE);
	CU_ASSERT_EQUAL(decomp__detect(ok_lzma, sizeof(ok_lzma)), DECOMP_LZMA);
	CU_ASSERT_EQUAL(decomp__detect(ok_lzma, 12), DECOMP_NONE);
	CU_ASSERT_EQUAL(decomp__detect(bz0, sizeof(bz0)), DECOMP_NONE);
	CU_ASSERT_EQUAL(decomp__detect(bz9, sizeof(bz9)), DECOMP_BZIP2);
	CU_ASSERT_EQUAL(decomp__detect("BZh9 hello", 10), DECOMP_NONE);
}

static void test_name(void)
{
	CU_ASSERT_STRING_EQUAL(decomp__name(DECOMP_GZIP), "gzip");
	CU_ASSERT_STRING_EQUAL(decomp__name(DECOMP_XZ), "xz");
	CU_ASSERT_STRING_EQUAL(decomp__name(DECOMP_ZSTD), "zstd");
	CU_ASSERT_STRING_EQUAL(decomp__name(DECOMP_LZ4), "lz4");
	CU_ASSERT_STRING_EQUAL(decomp__name(DECOMP_LZ4_LEGACY), "lz4");
	CU_ASSERT_STRING_EQUAL(decomp__name(DECOMP_BZIP2), "bzip2");
	CU_ASSERT_STRING_EQUAL(decomp__name(DECOMP_LZMA), "lzma");
	CU_ASSERT_STRING_EQUAL(decomp__name(DECOMP_NONE), "none");
	CU_ASSERT_STRING_EQUAL(decomp__name((enum decomp_kind)99), "none");
}

/* Byte-exact output, delivered in several bounded chunks, no message. */
static void test_stream(void)
{
	size_t i;

	for (i = 0; i < NSAMPLES; i++) {
		const struct sample *s = &samples[i];
		struct check c = _check(orig, s->orig_len);

		S_ASSERT(s, _run(s, s->data, s->len, 0, &c) == 0);
		S_ASSERT(s, !c.mismatch);
		S_ASSERT(s, c.pos == s->orig_len);
		S_ASSERT(s, c.calls >= s->orig_len / (1u << 20));
		S_ASSERT(s, c.max_chunk <= (1u << 20));
		S_ASSERT(s, errmsg__get() == NULL);
	}
}

static void test_all(void)
{
	size_t i, out_len;
	void *out;

	for (i = 0; i < NSAMPLES; i++) {
		const struct sample *s = &samples[i];

		out = NULL;
		S_ASSERT(s, decomp__all(s->kind, s->data, s->len, 0, &out, &out_len, TEST_PATH) == 0);
		S_ASSERT(s, out != NULL);
		S_ASSERT(s, out_len == s->orig_len);
		S_ASSERT(s, out && out_len == s->orig_len && !memcmp(out, orig, out_len));
		free(out);

		out = (void *)1;
		S_ASSERT(s, decomp__all(s->kind, s->data, s->len, s->orig_len / 3, &out,
					&out_len, TEST_PATH) == -EFBIG);
		S_ASSERT(s, out == NULL && out_len == 0);
	}
}

static void test_early_stop(void)
{
	size_t i, n;

	for (i = 0; i < NSAMPLES; i++) {
		const struct sample *s = &samples[i];

		for (n = 1; n <= 3; n += 2) {
			struct check c = _check(orig, s->orig_len);

			c.stop_after = n;
			S_ASSERT(s, _run(s, s->data, s->len, 0, &c) == 0);
			S_ASSERT(s, c.calls == n);
			S_ASSERT(s, !c.called_after_stop);
			S_ASSERT(s, !c.mismatch && c.pos < s->orig_len);
			S_ASSERT(s, errmsg__get() == NULL);
		}
	}
}

static void test_max_out(void)
{
	size_t i, cap;

	for (i = 0; i < NSAMPLES; i++) {
		const struct sample *s = &samples[i];
		struct check c = _check(orig, s->orig_len);

		cap = s->orig_len / 2 + 12345;
		S_ASSERT(s, _run(s, s->data, s->len, cap, &c) == -EFBIG);
		S_ASSERT(s, _msg_has("'" TEST_PATH "'", "exceeds"));
		S_ASSERT(s, !c.mismatch && c.pos == cap);

		/* exactly the output size is not too much */
		c = _check(orig, s->orig_len);
		S_ASSERT(s, _run(s, s->data, s->len, s->orig_len, &c) == 0);
		S_ASSERT(s, c.pos == s->orig_len);

		c = _check(orig, s->orig_len);
		S_ASSERT(s, _run(s, s->data, s->len, s->orig_len - 1, &c) == -EFBIG);
	}
}

/* Input that ends before the stream does is -EPIPE, wherever it is cut. */
static void test_truncated(void)
{
	size_t i, j, cut;

	for (i = 0; i < NSAMPLES; i++) {
		const struct sample *s = &samples[i];
		const size_t cuts[] = { s->len / 2, s->len - 1, s->len - 5, 5, 1, 0 };

		for (j = 0; j < sizeof(cuts) / sizeof(cuts[0]); j++) {
			struct check c = _check(orig, s->orig_len);
			/* a heap copy of exactly @cut bytes lets ASan catch overreads */
			unsigned char *p = malloc(cuts[j] ? cuts[j] : 1);

			cut = cuts[j];
			CU_ASSERT_PTR_NOT_NULL_FATAL(p);
			memcpy(p, s->data, cut);
			S_ASSERT(s, _run(s, p, cut, 0, &c) == -EPIPE);
			S_ASSERT(s, _msg_has("'" TEST_PATH "'", "truncated"));
			/* cutting off only a checksum leaves all the output intact */
			S_ASSERT(s, !c.mismatch && c.pos <= s->orig_len);
			free(p);
		}
	}
}

/*
 * Damage in the middle is an error. Every sample but legacy LZ4 carries a
 * checksum; legacy LZ4 has none, so its damage is a block size one byte
 * short, which always leaves the last sequence incomplete.
 */
static void test_corrupt(void)
{
	size_t i, j, mid;
	unsigned char *p;
	int ret;

	for (i = 0; i < NSAMPLES; i++) {
		const struct sample *s = &samples[i];
		struct check c = _check(orig, s->orig_len);

		p = _copy(s, 0);
		if (s->kind == DECOMP_LZ4_LEGACY) {
			_put_le32(p + 4, _get_le32(p + 4) - 1);
		} else {
			mid = s->len / 2;
			for (j = 0; j < 16; j++)
				p[mid + j] ^= 0x55;
		}
		ret = _run(s, p, s->len, 0, &c);
		S_ASSERT(s, ret == -EINVAL || (s->kind == DECOMP_LZMA && ret == -EPIPE));
		S_ASSERT(s, _msg_has("'" TEST_PATH "'", NULL));
		free(p);
	}
}

/* Plain data handed to a decoder that checks a magic is -EINVAL. */
static void test_wrong_format(void)
{
	size_t i;

	for (i = 0; i < NSAMPLES; i++) {
		const struct sample *s = &samples[i];
		struct check c = _check(orig, s->orig_len);

		if (s->kind == DECOMP_LZMA)	/* no magic to reject */
			continue;
		S_ASSERT(s, _run(s, orig, 4096, 0, &c) == -EINVAL);
		S_ASSERT(s, _msg_has("'" TEST_PATH "'", "corrupt"));
		S_ASSERT(s, c.calls == 0);
	}
}

/* Padding or junk after a complete stream is ignored. */
static void test_trailing_garbage(void)
{
	size_t i, j, pad = 4096;
	unsigned char *p;
	int zeros;

	for (i = 0; i < NSAMPLES; i++) {
		const struct sample *s = &samples[i];

		for (zeros = 0; zeros <= 1; zeros++) {
			struct check c = _check(orig, s->orig_len);

			p = _copy(s, pad);
			for (j = 0; j < pad; j++)
				p[s->len + j] = zeros ? 0 : _rng();
			S_ASSERT(s, _run(s, p, s->len + pad, 0, &c) == 0);
			S_ASSERT(s, !c.mismatch && c.pos == s->orig_len);
			free(p);
		}
	}
}

/*
 * The kernel build appends the uncompressed size (LE32) to the payload;
 * it must read as the end of the stream, also after a full 8 MiB block.
 */
static void test_lz4_legacy_trailer(void)
{
	static const size_t sizes[] = { ORIG_LEN, LEGACY_BLOCK, BIG_LEN };
	unsigned char *data, *p;
	size_t i, len;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		struct sample s = { .label = "lz4-legacy-trailer", .kind = DECOMP_LZ4_LEGACY };
		struct check c = _check(orig, sizes[i]);

		data = _lz4_legacy(orig, sizes[i], &len);
		CU_ASSERT_PTR_NOT_NULL_FATAL(data);
		p = realloc(data, len + 4 + 16);
		CU_ASSERT_PTR_NOT_NULL_FATAL(p);
		_put_le32(p + len, sizes[i]);
		S_ASSERT(&s, _run(&s, p, len + 4, 0, &c) == 0);
		S_ASSERT(&s, !c.mismatch && c.pos == sizes[i]);

		/* a block header promising more than is left, not at the very end: cut */
		c = _check(orig, sizes[i]);
		_put_le32(p + len, 100000);
		memset(p + len + 4, 0x42, 16);
		S_ASSERT(&s, _run(&s, p, len + 4 + 16, 0, &c) ==
			     (sizes[i] == LEGACY_BLOCK ? -EPIPE : 0));
		S_ASSERT(&s, !c.mismatch && c.pos == sizes[i]);

		/* a block that does not decode after a full block: corrupt */
		c = _check(orig, sizes[i]);
		_put_le32(p + len, 16);
		memset(p + len + 4, 0xff, 16);
		S_ASSERT(&s, _run(&s, p, len + 4 + 16, 0, &c) ==
			     (sizes[i] == LEGACY_BLOCK ? -EINVAL : 0));
		S_ASSERT(&s, !c.mismatch && c.pos == sizes[i]);
		free(p);
	}
}

/*
 * Blocks smaller than 8 MiB are not what lz4 writes, but nothing forbids
 * them and the kernel decodes them: all blocks must be decoded. Junk after
 * the last one, even junk that looks like a block header, is ignored.
 */
static void test_lz4_legacy_small_blocks(void)
{
	struct sample s = { .label = "lz4-legacy-1MiB", .kind = DECOMP_LZ4_LEGACY };
	struct check c = _check(orig, ORIG_LEN);
	unsigned char *data, *p;
	size_t len;

	data = _lz4_legacy_bs(orig, ORIG_LEN, 1u << 20, &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(data);
	S_ASSERT(&s, _run(&s, data, len, 0, &c) == 0);
	S_ASSERT(&s, !c.mismatch && c.pos == ORIG_LEN);

	p = realloc(data, len + 4 + 32);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	_put_le32(p + len, 32);
	memset(p + len + 4, 0xff, 32);
	c = _check(orig, ORIG_LEN);
	S_ASSERT(&s, _run(&s, p, len + 4 + 32, 0, &c) == 0);
	S_ASSERT(&s, !c.mismatch && c.pos == ORIG_LEN);
	free(p);
}

/* zstd and legacy LZ4 streams of several frames decode to all of them. */
static void test_concatenated(void)
{
	unsigned char *twice = malloc(2 * ORIG_LEN), *p;
	size_t i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(twice);
	memcpy(twice, orig, ORIG_LEN);
	memcpy(twice + ORIG_LEN, orig, ORIG_LEN);
	for (i = 0; i < NSAMPLES; i++) {
		const struct sample *s = &samples[i];
		struct check c = _check(twice, 2 * ORIG_LEN);

		if (s->orig_len != ORIG_LEN || (s->kind != DECOMP_ZSTD && s->kind != DECOMP_LZ4 &&
						s->kind != DECOMP_LZ4_LEGACY))
			continue;
		p = _copy(s, s->len);
		memcpy(p + s->len, s->data, s->len);
		S_ASSERT(s, _run(s, p, 2 * s->len, 0, &c) == 0);
		S_ASSERT(s, !c.mismatch && c.pos == 2 * ORIG_LEN);
		free(p);
	}
	free(twice);
}

/* A sink error is returned as is, with the sink's message or a generic one. */
static void test_sink_error(void)
{
	size_t i;

	for (i = 0; i < NSAMPLES; i++) {
		const struct sample *s = &samples[i];
		struct check c = _check(orig, s->orig_len);

		c.fail_with = -EIO;
		S_ASSERT(s, _run(s, s->data, s->len, 0, &c) == -EIO);
		S_ASSERT(s, c.calls == 1);
		S_ASSERT(s, _msg_has("'" TEST_PATH "'", NULL));

		c = _check(orig, s->orig_len);
		c.fail_with = -ENOSPC;
		c.set_msg = true;
		S_ASSERT(s, _run(s, s->data, s->len, 0, &c) == -ENOSPC);
		S_ASSERT(s, _msg_has("sink says no", NULL));
	}
}

static void test_none_and_unknown(void)
{
	struct sample s = { .label = "none", .kind = DECOMP_NONE };
	struct check c = _check(orig, ORIG_LEN);

	CU_ASSERT_EQUAL(_run(&s, orig, ORIG_LEN, 0, &c), 0);
	CU_ASSERT(!c.mismatch && c.pos == ORIG_LEN && c.calls > 1);

	c = _check(orig, ORIG_LEN);
	CU_ASSERT_EQUAL(_run(&s, orig, ORIG_LEN, 1000, &c), -EFBIG);
	CU_ASSERT(c.pos == 1000);

	s.kind = (enum decomp_kind)99;
	c = _check(orig, ORIG_LEN);
	CU_ASSERT_EQUAL(_run(&s, orig, ORIG_LEN, 0, &c), -EINVAL);
	CU_ASSERT(_msg_has("'" TEST_PATH "'", "unknown"));
	CU_ASSERT_EQUAL(c.calls, 0);
}

int decomp_test_register(void)
{
	static const struct {
		const char *name;
		CU_TestFunc fn;
	} tests[] = {
		{ "detect", test_detect },
		{ "detect_negative", test_detect_negative },
		{ "name", test_name },
		{ "stream", test_stream },
		{ "all", test_all },
		{ "early_stop", test_early_stop },
		{ "max_out", test_max_out },
		{ "truncated", test_truncated },
		{ "corrupt", test_corrupt },
		{ "wrong_format", test_wrong_format },
		{ "trailing_garbage", test_trailing_garbage },
		{ "lz4_legacy_trailer", test_lz4_legacy_trailer },
		{ "lz4_legacy_small_blocks", test_lz4_legacy_small_blocks },
		{ "concatenated", test_concatenated },
		{ "sink_error", test_sink_error },
		{ "none_and_unknown", test_none_and_unknown },
	};
	CU_pSuite suite;
	size_t i;

	suite = CU_add_suite("decomp", suite_init, suite_cleanup);
	if (!suite)
		return CU_get_error();
	for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++)
		if (!CU_add_test(suite, tests[i].name, tests[i].fn))
			return CU_get_error();
	return 0;
}
