// SPDX-License-Identifier: GPL-2.0
/*
 * bench/floor.c: the data's floor for a cold run, the reference the bench
 * scripts divide kabiscan's time by. For each kernel root (or lone file) it
 * does only what any reader of the type data must do, on one thread:
 *
 *   vmlinux  sys/kernel/btf/vmlinux: read it; boot/vmlinuz-*: an x86 bzImage's
 *            payload (xz, zstd, gzip, legacy lz4) is decoded only up to the end
 *            of its BTF blob (found by its header), a raw Image is searched
 *            for the blob; then btf__new on the blob.
 *   modules  every .ko[.xz/.zst/.gz] under {usr/,}lib/modules: the ELF header,
 *            the section headers and .BTF are read with pread (a compressed
 *            module is decoded whole first), then btf__new_split on vmlinux.
 *
 * (libbpf 1.1 has no btf__new_split: split blobs go through a memfd.)
 * No names are looked up and nothing is rendered: a report cannot cost less
 * than this. Modules without .BTF (DWARF only) are counted, not read.
 * Built by the bench scripts: cc -O2 -o floor bench/floor.c -lbpf -llzma -lzstd -llz4 -lz
 * Prints one line per kernel: the vmlinux blob's size and the module counts.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <bpf/btf.h>
#include <lz4.h>
#include <lzma.h>
#include <zlib.h>
#include <zstd.h>

#define CHUNK (1u << 20)

struct grow {
	unsigned char *p;
	size_t len, cap;
};

static void die(const char *what, const char *file)
{
	fprintf(stderr, "floor: %s: %s\n", file, what);
	exit(1);
}

static unsigned char *grow_room(struct grow *g, size_t want)
{
	if (g->cap - g->len < want) {
		size_t cap = g->cap ? g->cap : 4 * CHUNK;

		while (cap - g->len < want)
			cap *= 2;
		g->p = realloc(g->p, cap);
		if (!g->p)
			die("out of memory", "-");
		g->cap = cap;
	}
	return g->p + g->len;
}

static uint32_t le32(const unsigned char *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
}

/* The end of a BTF blob at p (header checked), or 0 while it is unknown. */
static size_t btf_end(const unsigned char *p, size_t avail)
{
	uint32_t (*rd)(const unsigned char *);
	uint32_t hl, to, tl, so, sl;

	if (avail < 24)
		return 0;
	rd = p[0] == 0x9f ? le32 : be32;
	hl = rd(p + 4);
	to = rd(p + 8);
	tl = rd(p + 12);
	so = rd(p + 16);
	sl = rd(p + 20);
	if (hl != 24 || to != 0 || so != tl)
		return 0;
	return (size_t)hl + so + sl;
}

/*
 * Scan g for a BTF blob from *from, in the byte order of the ELF header at
 * its start (little-endian when it is not ELF); its offset, or -1 with *from
 * advanced so that a blob cut by the end of g is seen on the next call.
 */
static long find_blob(struct grow *g, size_t *from)
{
	static const unsigned char le[] = { 0x9f, 0xeb, 0x01, 0x00, 0x18, 0x00, 0x00, 0x00 };
	static const unsigned char be[] = { 0xeb, 0x9f, 0x01, 0x00, 0x00, 0x00, 0x00, 0x18 };
	const unsigned char *m = g->len > 5 && !memcmp(g->p, ELFMAG, SELFMAG) &&
				 g->p[EI_DATA] == ELFDATA2MSB ? be : le;
	size_t i = *from;

	while (i + 8 <= g->len) {
		unsigned char *q = memmem(g->p + i, g->len - i, m, 8);

		if (!q)
			break;
		i = q - g->p;
		if (btf_end(q, g->len - i))
			return (long)i;
		i++;
	}
	*from = g->len > 23 ? g->len - 23 : 0;
	return -1;
}

enum codec { XZ, ZSTD, GZIP, LZ4L };

/* Decode in[0..n) until a whole BTF blob is in g; its offset, or -1. */
static long decode_to_btf(enum codec c, const unsigned char *in, size_t n, struct grow *g,
			  const char *file)
{
	size_t from = 0, end = 0;
	long at = -1;
	lzma_stream xs = LZMA_STREAM_INIT;
	ZSTD_DStream *zs = NULL;
	ZSTD_inBuffer zin = { in, n, 0 };
	z_stream gz = { 0 };
	size_t lpos = 4;
	int done = 0;

	if (c == XZ && lzma_stream_decoder(&xs, UINT64_MAX, 0) != LZMA_OK)
		die("lzma init", file);
	if (c == ZSTD && !(zs = ZSTD_createDStream()))
		die("zstd init", file);
	if (c == GZIP && inflateInit2(&gz, 16 + MAX_WBITS) != Z_OK)
		die("zlib init", file);
	xs.next_in = in;
	xs.avail_in = n;
	gz.next_in = (unsigned char *)in;
	gz.avail_in = n;
	while (!done) {
		unsigned char *out = grow_room(g, c == LZ4L ? 8u << 20 : CHUNK);
		size_t got = 0;

		if (c == XZ) {
			xs.next_out = out;
			xs.avail_out = CHUNK;
			lzma_ret r = lzma_code(&xs, LZMA_RUN);

			if (r != LZMA_OK && r != LZMA_STREAM_END)
				die("xz error", file);
			got = CHUNK - xs.avail_out;
			done = r == LZMA_STREAM_END;
		} else if (c == ZSTD) {
			ZSTD_outBuffer o = { out, CHUNK, 0 };
			size_t r = ZSTD_decompressStream(zs, &o, &zin);

			if (ZSTD_isError(r))
				die("zstd error", file);
			got = o.pos;
			done = r == 0 || (zin.pos == zin.size && !got);
		} else if (c == GZIP) {
			gz.next_out = out;
			gz.avail_out = CHUNK;
			int r = inflate(&gz, Z_NO_FLUSH);

			if (r != Z_OK && r != Z_STREAM_END)
				die("gzip error", file);
			got = CHUNK - gz.avail_out;
			done = r == Z_STREAM_END;
		} else {
			uint32_t bl;
			int r;

			if (lpos + 4 > n || le32(in + lpos) == 0x184c2102)
				break;
			bl = le32(in + lpos);
			lpos += 4;
			if (bl > n - lpos)
				break;
			r = LZ4_decompress_safe((const char *)in + lpos, (char *)out, (int)bl, 8 << 20);
			if (r < 0)
				die("lz4 error", file);
			lpos += bl;
			got = (size_t)r;
		}
		g->len += got;
		if (at < 0 && (at = find_blob(g, &from)) >= 0)
			end = at + btf_end(g->p + at, g->len - at);
		if (at >= 0 && g->len >= end)
			break;
	}
	if (c == XZ)
		lzma_end(&xs);
	if (zs)
		ZSTD_freeDStream(zs);
	if (c == GZIP)
		inflateEnd(&gz);
	return at >= 0 && g->len >= end ? at : -1;
}

static unsigned char *map_file(const char *file, size_t *size)
{
	int fd = open(file, O_RDONLY);
	struct stat st;
	void *p;

	if (fd < 0 || fstat(fd, &st))
		die(strerror(errno), file);
	p = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		die(strerror(errno), file);
	*size = st.st_size;
	return p;
}

static struct btf *vmlinux_btf(const char *file, size_t *blob)
{
	size_t n;
	unsigned char *d = map_file(file, &n);
	struct grow g = { 0 };
	struct btf *btf = NULL;
	long at = -1;

	if (n >= 0x250 && !memcmp(d + 0x202, "HdrS", 4)) {
		size_t off = ((d[0x1f1] ? d[0x1f1] : 4) + 1) * 512 + le32(d + 0x248);
		size_t len = le32(d + 0x24c);
		const unsigned char *pl = d + off;
		enum codec c;

		if (off + len > n || len < 6)
			die("bad bzImage payload", file);
		if (!memcmp(pl, "\xfd" "7zXZ", 5))
			c = XZ;
		else if (!memcmp(pl, "\x28\xb5\x2f\xfd", 4))
			c = ZSTD;
		else if (!memcmp(pl, "\x1f\x8b", 2))
			c = GZIP;
		else if (!memcmp(pl, "\x02\x21\x4c\x18", 4))
			c = LZ4L;
		else
			die("payload compression not handled by the floor", file);
		at = decode_to_btf(c, pl, len, &g, file);
		if (at >= 0) {
			*blob = btf_end(g.p + at, g.len - at);
			btf = btf__new(g.p + at, *blob);
		}
	} else {
		/* a raw BTF file or a raw Image holding the blob */
		g.p = d;
		g.len = n;
		size_t from = 0;

		at = find_blob(&g, &from);
		if (at >= 0) {
			*blob = btf_end(d + at, n - at);
			btf = btf__new(d + at, *blob);
		}
		g.p = NULL;
	}
	free(g.p);
	munmap(d, n);
	if (at < 0)
		return NULL;
	if (!btf)
		die("btf__new failed", file);
	return btf;
}

/* ---- modules ---------------------------------------------------------- */

struct elfr {
	int fd;                    /* pread from fd, or from mem when fd < 0 */
	const unsigned char *mem;
	size_t size;
	int be, c64;
};

static int rd(struct elfr *e, void *buf, size_t len, uint64_t off)
{
	if (e->fd >= 0)
		return pread(e->fd, buf, len, off) == (ssize_t)len ? 0 : -1;
	if (off > e->size || len > e->size - off)
		return -1;
	memcpy(buf, e->mem + off, len);
	return 0;
}

static uint64_t field(struct elfr *e, const unsigned char *p, int width)
{
	uint64_t v = 0;

	for (int i = 0; i < width; i++)
		v |= (uint64_t)p[e->be ? width - 1 - i : i] << (8 * i);
	return v;
}

/* .BTF of an ELF object, malloc'd (*len set), or NULL when it has none. */
static void *elf_btf(struct elfr *e, size_t *len, const char *file)
{
	unsigned char eh[64], *sh = NULL, *names = NULL;
	void *out = NULL;
	uint64_t shoff;
	unsigned shentsize, shnum, shstrndx, w;

	if (rd(e, eh, 52, 0) || memcmp(eh, ELFMAG, SELFMAG))
		die("not an ELF file", file);
	e->c64 = eh[EI_CLASS] == ELFCLASS64;
	e->be = eh[EI_DATA] == ELFDATA2MSB;
	if (e->c64 && rd(e, eh, 64, 0))
		die("short ELF header", file);
	w = e->c64 ? 8 : 4;
	shoff = field(e, eh + (e->c64 ? 0x28 : 0x20), w);
	shentsize = field(e, eh + (e->c64 ? 0x3a : 0x2e), 2);
	shnum = field(e, eh + (e->c64 ? 0x3c : 0x30), 2);
	shstrndx = field(e, eh + (e->c64 ? 0x3e : 0x32), 2);
	if (!shnum || shstrndx >= shnum || shentsize < (e->c64 ? 64u : 40u))
		die("bad section headers", file);
	sh = malloc((size_t)shnum * shentsize);
	if (!sh || rd(e, sh, (size_t)shnum * shentsize, shoff))
		die("cannot read section headers", file);
#define SH(i, o64, o32) field(e, sh + (size_t)(i) * shentsize + (e->c64 ? (o64) : (o32)), \
			      (e->c64 && (o64) >= 0x08) ? w : 4)
	uint64_t noff = SH(shstrndx, 0x18, 0x10), nlen = SH(shstrndx, 0x20, 0x14);

	names = malloc(nlen + 1);
	if (!names || rd(e, names, nlen, noff))
		die("cannot read section names", file);
	names[nlen] = 0;
	for (unsigned i = 0; i < shnum; i++) {
		uint64_t nm = field(e, sh + (size_t)i * shentsize, 4);

		if (nm >= nlen || strcmp((char *)names + nm, ".BTF"))
			continue;
		uint64_t off = SH(i, 0x18, 0x10), sz = SH(i, 0x20, 0x14);

		out = malloc(sz ? sz : 1);
		if (!out || rd(e, out, sz, off))
			die("cannot read .BTF", file);
		*len = sz;
		break;
	}
#undef SH
	free(sh);
	free(names);
	return out;
}

static int ends_with(const char *s, const char *t)
{
	size_t a = strlen(s), b = strlen(t);

	return a >= b && !strcmp(s + a - b, t);
}

static void decode_whole(enum codec c, const unsigned char *in, size_t n, struct grow *g,
			 const char *file)
{
	if (c == XZ) {
		lzma_stream xs = LZMA_STREAM_INIT;
		lzma_ret r = LZMA_OK;

		if (lzma_stream_decoder(&xs, UINT64_MAX, 0) != LZMA_OK)
			die("lzma init", file);
		xs.next_in = in;
		xs.avail_in = n;
		while (r == LZMA_OK) {
			xs.next_out = grow_room(g, CHUNK);
			xs.avail_out = CHUNK;
			r = lzma_code(&xs, LZMA_FINISH);
			g->len += CHUNK - xs.avail_out;
		}
		lzma_end(&xs);
		if (r != LZMA_STREAM_END)
			die("xz error", file);
	} else if (c == ZSTD) {
		unsigned long long sz = ZSTD_getFrameContentSize(in, n);

		if (sz == ZSTD_CONTENTSIZE_ERROR || sz == ZSTD_CONTENTSIZE_UNKNOWN)
			die("zstd module without a content size", file);
		grow_room(g, sz);
		if (ZSTD_isError(ZSTD_decompress(g->p, sz, in, n)))
			die("zstd error", file);
		g->len = sz;
	} else {
		z_stream gz = { 0 };
		int r = Z_OK;

		if (inflateInit2(&gz, 16 + MAX_WBITS) != Z_OK)
			die("zlib init", file);
		gz.next_in = (unsigned char *)in;
		gz.avail_in = n;
		while (r == Z_OK) {
			gz.next_out = grow_room(g, CHUNK);
			gz.avail_out = CHUNK;
			r = inflate(&gz, Z_NO_FLUSH);
			g->len += CHUNK - gz.avail_out;
		}
		inflateEnd(&gz);
		if (r != Z_STREAM_END)
			die("gzip error", file);
	}
}

struct tally {
	unsigned with, without;
};

/*
 * libbpf 1.1 (Debian 12) exports no btf__new_split(), only the path-based
 * btf__parse_raw_split(): the blob goes through a memfd, as in kabiscan.
 */
static struct btf *new_split(const void *data, size_t size, struct btf *base)
{
	char path[64];
	struct btf *btf = NULL;
	int fd = memfd_create("floor-btf", MFD_CLOEXEC);

	if (fd < 0)
		return NULL;
	if (write(fd, data, size) == (ssize_t)size) {
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
		btf = btf__parse_raw_split(path, base);
	}
	close(fd);
	return btf;
}

static void module(const char *file, struct btf *base, struct tally *t)
{
	struct elfr e = { .fd = -1 };
	struct grow g = { 0 };
	size_t n = 0, len = 0;
	unsigned char *d = NULL;
	void *blob;

	if (ends_with(file, ".ko")) {
		e.fd = open(file, O_RDONLY);
		if (e.fd < 0)
			die(strerror(errno), file);
	} else {
		d = map_file(file, &n);
		decode_whole(ends_with(file, ".xz") ? XZ : ends_with(file, ".zst") ? ZSTD : GZIP,
			     d, n, &g, file);
		e.mem = g.p;
		e.size = g.len;
	}
	blob = elf_btf(&e, &len, file);
	if (e.fd >= 0)
		close(e.fd);
	if (d)
		munmap(d, n);
	free(g.p);
	if (!blob) {
		t->without++;
		return;
	}
	struct btf *b = new_split(blob, len, base);

	if (!b)
		die("btf__new_split failed", file);
	btf__free(b);
	free(blob);
	t->with++;
}

static void walk(const char *dir, struct btf *base, struct tally *t)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	if (!d)
		return;
	while ((de = readdir(d))) {
		char path[4096];

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (de->d_type == DT_DIR)
			walk(path, base, t);
		else if (ends_with(de->d_name, ".ko") || ends_with(de->d_name, ".ko.xz") ||
			 ends_with(de->d_name, ".ko.zst") || ends_with(de->d_name, ".ko.gz"))
			module(path, base, t);
	}
	closedir(d);
}

static void kernel(const char *arg)
{
	char path[4096];
	struct stat st;
	struct btf *vm = NULL;
	struct tally t = { 0 };
	size_t blob = 0;

	if (stat(arg, &st))
		die(strerror(errno), arg);
	if (!S_ISDIR(st.st_mode)) {
		vm = vmlinux_btf(arg, &blob);
	} else {
		snprintf(path, sizeof(path), "%s/sys/kernel/btf/vmlinux", arg);
		if (!access(path, R_OK)) {
			vm = vmlinux_btf(path, &blob);
		} else {
			snprintf(path, sizeof(path), "%s/boot", arg);
			DIR *d = opendir(path);
			struct dirent *de;

			while (d && (de = readdir(d)) && !vm)
				if (!strncmp(de->d_name, "vmlinuz-", 8) || !strncmp(de->d_name, "vmlinux-", 8)) {
					snprintf(path, sizeof(path), "%s/boot/%s", arg, de->d_name);
					vm = vmlinux_btf(path, &blob);
				}
			if (d)
				closedir(d);
		}
		if (vm) {
			snprintf(path, sizeof(path), "%s/lib/modules", arg);
			walk(path, vm, &t);
			snprintf(path, sizeof(path), "%s/usr/lib/modules", arg);
			walk(path, vm, &t);
		}
	}
	printf("%s: vmlinux %s, %u types; modules: %u with BTF, %u without\n", arg,
	       vm ? "BTF" : "no BTF", vm ? btf__type_cnt(vm) - 1 : 0, t.with, t.without);
	btf__free(vm);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: floor ROOT|FILE...\n");
		return 2;
	}
	for (int i = 1; i < argc; i++)
		kernel(argv[i]);
	return 0;
}
