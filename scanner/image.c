// SPDX-License-Identifier: GPL-2.0
/*
 * Find the BTF blob in whatever file a user has. The file is mapped once and
 * recognised by its magic: raw BTF, ELF, a compressed module, an x86 bzImage,
 * an EFI zboot image, or an image with BTF inline (arm64 and riscv Image).
 * Compressed payloads are decompressed in a stream that stops as soon as the
 * BTF blob is complete, keeping in memory only the blob itself.
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <linux/btf.h>

#include "decomp.h"
#include "errmsg.h"
#include "image.h"

size_t image_max_output = (size_t)2 << 30;

/* BTF headers start with these 8 bytes: magic, version 1, flags 0, hdr_len 24. */
static const unsigned char btf_sig_le[8] = { 0x9f, 0xeb, 1, 0, 24, 0, 0, 0 };
static const unsigned char btf_sig_be[8] = { 0xeb, 0x9f, 1, 0, 0, 0, 0, 24 };

/* Largest BTF blob we accept; vmlinux BTF is 3 to 6 MiB. */
#define BTF_MAX_SIZE ((size_t)512 << 20)

static __u32 _get32(const unsigned char *p, bool be)
{
	return be ? (__u32)p[0] << 24 | (__u32)p[1] << 16 | (__u32)p[2] << 8 | p[3]
		  : (__u32)p[3] << 24 | (__u32)p[2] << 16 | (__u32)p[1] << 8 | p[0];
}

/*
 * Total size a BTF header claims, or 0 if the header is malformed. An empty
 * string section is valid (a module whose names are all in vmlinux's); the
 * finder that searches decompressed images for a header passes @strict to
 * refuse it, as a real vmlinux blob always has strings.
 */
static size_t _btf_total_ex(const unsigned char *p, size_t avail, bool strict)
{
	bool be = p[0] == 0xeb;
	__u64 hdr_len, type_end, str_end;

	if (avail < sizeof(struct btf_header))
		return 0;
	hdr_len = _get32(p + 4, be);
	type_end = (__u64)_get32(p + 8, be) + _get32(p + 12, be);
	str_end = (__u64)_get32(p + 16, be) + _get32(p + 20, be);
	if (hdr_len < sizeof(struct btf_header) || hdr_len > 256 || (strict && !_get32(p + 20, be)))
		return 0;
	if (hdr_len + type_end > BTF_MAX_SIZE || hdr_len + str_end > BTF_MAX_SIZE)
		return 0;
	return hdr_len + (type_end > str_end ? type_end : str_end);
}

static size_t _btf_total(const unsigned char *p, size_t avail)
{
	return _btf_total_ex(p, avail, false);
}

int image__check_btf(const void *data, size_t size, const char *path)
{
	const unsigned char *p = data;
	size_t total;

	if (size < 4 || (memcmp(p, btf_sig_le, 2) && memcmp(p, btf_sig_be, 2)))
		return errmsg__set(-EINVAL, "cannot read '%s': bad BTF magic", path);
	if (p[2] != 1)
		return errmsg__set(-EINVAL, "cannot read '%s': unsupported BTF version %u",
				   path, p[2]);
	if (size < sizeof(struct btf_header))
		return errmsg__set(-EPIPE, "cannot read '%s': truncated BTF header (%zu bytes)",
				   path, size);
	total = _btf_total(p, size);
	if (!total)
		return errmsg__set(-EINVAL, "cannot read '%s': bad BTF header section bounds",
				   path);
	if (total > size)
		return errmsg__set(-EPIPE, "cannot read '%s': truncated BTF (header says %zu "
				   "bytes, %zu present)", path, total, size);
	return 0;
}

static int _copy_btf(struct image_btf *out, const void *p, size_t size, const char *path)
{
	int err = image__check_btf(p, size, path);

	if (err)
		return err;
	size = _btf_total(p, size);
	out->data = malloc(size);
	if (!out->data)
		return errmsg__set(-ENOMEM, "cannot read '%s': out of memory", path);
	memcpy(out->data, p, size);
	out->size = size;
	out->big_endian = ((const unsigned char *)p)[0] == 0xeb;
	return 0;
}

/* libelf's reason, or a plain one where libelf has none ("no error"). */
static const char *_elf_reason(void)
{
	int e = elf_errno();	/* reading it clears it: elf_errmsg(-1) would say "no error" */

	return e ? elf_errmsg(e) : "truncated or malformed";
}

/* The value of "key=" in a .modinfo section, malloc'ed, or NULL. */
static char *_modinfo(const char *p, size_t n, const char *key)
{
	size_t klen = strlen(key), i = 0;

	while (i < n) {
		const char *s = p + i;
		size_t len = strnlen(s, n - i);

		if (len > klen && !strncmp(s, key, klen) && s[klen] == '=')
			return strndup(s + klen + 1, len - klen - 1);
		i += len + 1;
	}
	return NULL;
}

/* The GNU build-id in note section @scn, if it has one. */
static void _build_id(Elf_Scn *scn, unsigned char *id, size_t *len)
{
	Elf_Data *d = elf_getdata(scn, NULL);
	size_t off = 0, next, name_off, desc_off;
	GElf_Nhdr nh;

	while (d && (next = gelf_getnote(d, off, &nh, &name_off, &desc_off)) > 0) {
		if (nh.n_type == NT_GNU_BUILD_ID && nh.n_namesz == 4 &&
		    !memcmp((char *)d->d_buf + name_off, "GNU", 4) && nh.n_descsz <= 64) {
			memcpy(id, (char *)d->d_buf + desc_off, nh.n_descsz);
			*len = nh.n_descsz;
			return;
		}
		off = next;
	}
}

/*
 * A section's bytes: from the image when @elf was opened on memory (no copy),
 * else read from the file with pread by libelf, which owns the buffer.
 */
static const char *_section_bytes(Elf_Scn *scn, const GElf_Shdr *sh, const char *path)
{
	Elf_Data *d = elf_rawdata(scn, NULL);

	if (!d || d->d_size != sh->sh_size || (sh->sh_size && !d->d_buf)) {
		errmsg__set(-EIO, "cannot read '%s': cannot read ELF section at offset %llu: %s",
			    path, (unsigned long long)sh->sh_offset, _elf_reason());
		return NULL;
	}
	return d->d_buf;
}

/* Look at the sections we care about: .BTF, .modinfo, .debug_info, notes. */
static int _elf_sections(Elf *elf, size_t size, struct image_btf *out, const char *path)
{
	Elf_Scn *scn = NULL;
	size_t shstrndx;
	GElf_Shdr sh;

	if (elf_getshdrstrndx(elf, &shstrndx))
		return errmsg__set(-EINVAL, "cannot read '%s': corrupt ELF: %s", path,
				   _elf_reason());
	while ((scn = elf_nextscn(elf, scn))) {
		const char *name, *b;

		if (!gelf_getshdr(scn, &sh))
			return errmsg__set(-EINVAL, "cannot read '%s': corrupt ELF section "
					   "header: %s", path, _elf_reason());
		name = elf_strptr(elf, shstrndx, sh.sh_name);
		if (!name || sh.sh_type == SHT_NOBITS)
			continue;
		if (sh.sh_offset > size || sh.sh_size > size - sh.sh_offset)
			return errmsg__set(-EINVAL, "cannot read '%s': ELF section '%s' "
					   "extends past the end of the file", path, name);
		if (!strcmp(name, ".BTF")) {
			int err = (b = _section_bytes(scn, &sh, path)) ?
				  _copy_btf(out, b, sh.sh_size, path) : -EIO;

			if (err)
				return err;
		} else if (!strcmp(name, ".modinfo") && !out->vermagic && !out->modname) {
			/* The first .modinfo counts; a second one must not leak it. */
			if (!(b = _section_bytes(scn, &sh, path)))
				return -EIO;
			out->vermagic = _modinfo(b, sh.sh_size, "vermagic");
			out->modname = _modinfo(b, sh.sh_size, "name");
			out->depends = _modinfo(b, sh.sh_size, "depends");
		} else if (!strcmp(name, ".debug_info") || !strcmp(name, ".zdebug_info")) {
			/* .zdebug_: the legacy GNU compressed form, which the DWARF reader reads. */
			out->has_debug_info = true;
		} else if (sh.sh_type == SHT_NOTE) {
			_build_id(scn, out->build_id, &out->build_id_len);
		}
	}
	return 0;
}

/*
 * The ELF @elf of @size bytes (from memory, or from a file descriptor, read
 * lazily with pread: only the headers and the sections looked at).
 */
static int _from_elf_handle(Elf *elf, size_t size, struct image_btf *out, const char *path)
{
	GElf_Ehdr eh;

	if (!elf || elf_kind(elf) != ELF_K_ELF || !gelf_getehdr(elf, &eh))
		return errmsg__set(-EINVAL, "cannot read '%s': corrupt ELF header: %s", path,
				   _elf_reason());
	if (eh.e_shoff > size || (__u64)eh.e_shnum * eh.e_shentsize > size - eh.e_shoff)
		return errmsg__set(-EPIPE, "cannot read '%s': truncated ELF (section headers lie "
				   "past the end of the file)", path);
	out->e_machine = eh.e_machine;
	out->ptr_size = eh.e_ident[EI_CLASS] == ELFCLASS32 ? 4 : 8;
	out->big_endian = eh.e_ident[EI_DATA] == ELFDATA2MSB;
	return _elf_sections(elf, size, out, path);
}

static int _from_elf(char *mem, size_t size, struct image_btf *out, const char *path)
{
	Elf *elf;
	int err;

	elf_version(EV_CURRENT);
	elf = elf_memory(mem, size);
	err = _from_elf_handle(elf, size, out, path);
	elf_end(elf);
	return err;
}

/*
 * Streaming BTF finder: a decompression sink that looks for a BTF header in
 * the output without copying it, keeps bytes from the header on, and stops
 * the stream as soon as the blob is complete. The last bytes of each chunk
 * are carried over, in case a header straddles two chunks.
 */
#define HDR_LEN sizeof(struct btf_header)

struct btf_finder {
	unsigned char *buf;	/* the blob so far, once a header is found */
	size_t len;		/* bytes in @buf */
	size_t need;		/* total blob size once a header is found, else 0 */
	unsigned char tail[HDR_LEN];	/* end of the previous chunk */
	size_t tail_len;	/* bytes in @tail */
	size_t seen;		/* decompressed bytes so far */
	struct image_btf *out;	/* where the ELF header facts go */
	bool keep;		/* keep the output (image__read_elf) */
	bool whole;		/* with @keep: go on to the end, past the BTF */
	unsigned char *all;	/* all the output so far, when @keep */
	size_t all_cap;		/* bytes allocated at @all; @seen are used */
};

/* Keep @len more bytes of output; the stream goes on to its end. */
static int _finder_keep(struct btf_finder *f, const unsigned char *d, size_t len)
{
	if (f->seen + len > f->all_cap) {
		size_t cap = f->all_cap ? f->all_cap : (size_t)16 << 20;
		unsigned char *p;

		while (cap < f->seen + len)
			cap *= 2;
		p = realloc(f->all, cap);
		if (!p)
			return -ENOMEM;
		f->all = p;
		f->all_cap = cap;
	}
	memcpy(f->all + f->seen, d, len);
	return 0;
}

static void _finder_elf_facts(struct btf_finder *f, const unsigned char *p, size_t len)
{
	bool be;

	if (f->seen || len < 20 || memcmp(p, ELFMAG, SELFMAG))
		return;
	be = p[EI_DATA] == ELFDATA2MSB;
	f->out->ptr_size = p[EI_CLASS] == ELFCLASS32 ? 4 : 8;
	f->out->e_machine = be ? p[18] << 8 | p[19] : p[19] << 8 | p[18];
	f->out->big_endian = be;
}

/* First valid header with signature @sig starting in p[0, @starts), or -1. */
static long _finder_scan_sig(const unsigned char *p, size_t len, size_t starts,
			     const unsigned char *sig)
{
	const unsigned char *c = p, *end = p + starts;

	while (c < end && (c = memchr(c, sig[0], end - c))) {
		if (!memcmp(c, sig, 8) && _btf_total_ex(c, len - (c - p), true))
			return c - p;
		c++;
	}
	return -1;
}

/*
 * Offset of the first plausible BTF header starting in p[0, @starts), or
 * -1. Only the byte order the payload's ELF header declares is looked for.
 */
static long _finder_scan(const struct btf_finder *f, const unsigned char *p, size_t len,
			 size_t starts)
{
	long le = -1, be = -1;

	if (!f->out->e_machine || !f->out->big_endian)
		le = _finder_scan_sig(p, len, starts, btf_sig_le);
	if (!f->out->e_machine || f->out->big_endian)
		be = _finder_scan_sig(p, len, starts, btf_sig_be);
	return le < 0 ? be : be < 0 ? le : le < be ? le : be;
}

/*
 * Start the blob whose header is at @hdr (HDR_LEN bytes at least): allocate
 * its full size once and copy @a then @b into it, up to that size.
 */
static int _finder_start(struct btf_finder *f, const unsigned char *hdr,
			 const unsigned char *a, size_t alen, const unsigned char *b, size_t blen)
{
	f->need = _btf_total_ex(hdr, HDR_LEN, true);
	f->buf = malloc(f->need);
	if (!f->buf)
		return -ENOMEM;
	alen = alen < f->need ? alen : f->need;
	blen = blen < f->need - alen ? blen : f->need - alen;
	memcpy(f->buf, a, alen);
	if (blen)
		memcpy(f->buf + alen, b, blen);
	f->len = alen + blen;
	return 0;
}

/* The GNU build-id note, as a little-endian vmlinux's .notes holds it. */
static const unsigned char gnu_note_le[16] = { 4, 0, 0, 0, 20, 0, 0, 0, 3, 0, 0, 0,
					       'G', 'N', 'U', 0 };

/*
 * The build-id: the last GNU note before the BTF. vmlinux's .notes sits
 * just before .BTF; earlier notes belong to the vDSO images in .rodata.
 */
static void _finder_build_id(struct btf_finder *f, const unsigned char *d, size_t len)
{
	const unsigned char *p = d, *end = d + len;

	if (f->need || f->out->big_endian)
		return;
	while ((p = memmem(p, end - p, gnu_note_le, sizeof(gnu_note_le)))) {
		if ((size_t)(end - p) < sizeof(gnu_note_le) + 20)
			break;
		memcpy(f->out->build_id, p + sizeof(gnu_note_le), 20);
		f->out->build_id_len = 20;
		p += sizeof(gnu_note_le);
	}
}

static int _finder_sink(void *ctx, const void *data, size_t len)
{
	struct btf_finder *f = ctx;
	unsigned char tmp[2 * HDR_LEN];
	const unsigned char *d = data;
	size_t n;
	long at = -1;
	int err;

	_finder_elf_facts(f, d, len);
	_finder_build_id(f, d, len);
	if (f->keep && (err = _finder_keep(f, d, len)))
		return err;
	f->seen += len;
	if (f->need) {
		n = len < f->need - f->len ? len : f->need - f->len;
		memcpy(f->buf + f->len, d, n);
		f->len += n;
		return !(f->keep && f->whole) && f->len >= f->need;
	}
	if (f->tail_len) {
		/* A header that begins in the carried tail and ends in @data. */
		n = len < HDR_LEN ? len : HDR_LEN;
		memcpy(tmp, f->tail, f->tail_len);
		memcpy(tmp + f->tail_len, d, n);
		at = _finder_scan(f, tmp, f->tail_len + n, f->tail_len);
	}
	if (at >= 0)
		err = _finder_start(f, tmp + at, f->tail + at, f->tail_len - at, d, len);
	else if (len >= HDR_LEN && (at = _finder_scan(f, d, len, len - HDR_LEN + 1)) >= 0)
		err = _finder_start(f, d + at, d + at, len - at, NULL, 0);
	if (at >= 0)
		return err ?: !(f->keep && f->whole) && f->len >= f->need;
	f->tail_len = len < HDR_LEN - 1 ? len : HDR_LEN - 1;
	memcpy(f->tail, d + len - f->tail_len, f->tail_len);
	return 0;
}

/*
 * Decompress a payload looking for BTF; 0 with no data if there is none.
 * With @keep (not NULL), the output is kept there as well: all of it with
 * @whole, else up to the end of the BTF.
 */
static int _from_payload_keep(const char *mem, size_t size, enum decomp_kind kind,
			      struct image_btf *out, const char *path, struct image_file *keep,
			      bool whole)
{
	struct btf_finder f = { .out = out, .keep = keep != NULL, .whole = whole };
	int err;

	err = decomp__stream(kind, mem, size, image_max_output, _finder_sink, &f, path);
	if (!err && f.need && f.len >= f.need)
		err = _copy_btf(out, f.buf, f.need, path);
	else if (!err && f.need)
		err = errmsg__set(-EPIPE, "cannot read '%s': %s payload ends inside the BTF "
				  "data", path, decomp__name(kind));
	free(f.buf);
	if (!err && keep) {
		keep->mem = f.all;
		keep->size = f.seen;
		keep->mapped = false;
	} else {
		free(f.all);
	}
	return err;
}

static int _from_payload(const char *mem, size_t size, enum decomp_kind kind,
			 struct image_btf *out, const char *path)
{
	return _from_payload_keep(mem, size, kind, out, path, NULL, false);
}

/* A whole compressed file (a module): decompress, then read it as ELF or BTF. */
static int _from_compressed(const char *mem, size_t size, enum decomp_kind kind,
			    struct image_btf *out, const char *path)
{
	size_t len = 0;
	void *buf = NULL;
	int err;

	err = decomp__all(kind, mem, size, image_max_output, &buf, &len, path);
	if (err)
		return err;
	if (len >= SELFMAG && !memcmp(buf, ELFMAG, SELFMAG))
		err = _from_elf(buf, len, out, path);
	else if (len >= 2 && (!memcmp(buf, btf_sig_le, 2) || !memcmp(buf, btf_sig_be, 2)))
		err = _copy_btf(out, buf, len, path);
	else
		err = _from_payload(mem, size, kind, out, path);
	free(buf);
	return err;
}

/* BTF sitting uncompressed somewhere in an image (arm64 and riscv Image). */
static int _from_inline(const char *mem, size_t size, struct image_btf *out, const char *path)
{
	const char *p = mem, *end = mem + size;

	while ((p = memmem(p, end - p, btf_sig_le, 2))) {
		if ((size_t)(end - p) >= 8 && !memcmp(p, btf_sig_le, 8) &&
		    _btf_total_ex((const unsigned char *)p, end - p, true))
			return _copy_btf(out, p, end - p, path);
		p++;
	}
	return 0;
}

/* Compressed payloads at any offset, for images we do not know the layout of. */
static int _from_any_payload(const char *mem, size_t size, struct image_btf *out,
			     const char *path)
{
	static const char *magics[] = { "\xfd" "7zXZ", "\x28\xb5\x2f\xfd", "\x1f\x8b\x08",
					 "\x02\x21\x4c\x18", "\x04\x22\x4d\x18" };
	size_t i, tries = 0;

	for (i = 0; i < sizeof(magics) / sizeof(magics[0]) && tries < 16; i++) {
		size_t mlen = strlen(magics[i]) ?: 1;
		const char *p = mem;

		while (tries < 16 && (p = memmem(p, mem + size - p, magics[i], mlen))) {
			enum decomp_kind kind = decomp__detect(p, mem + size - p);
			int err;

			tries++;
			errmsg__clear();
			err = kind ? _from_payload(p, mem + size - p, kind, out, path) : -EINVAL;
			if (!err && out->data) {
				snprintf(out->how, sizeof(out->how), "image, %s payload",
					 decomp__name(kind));
				return 0;
			}
			p++;
		}
	}
	errmsg__clear();
	return 0;
}

/* An x86 bzImage: the payload's place and size are in the setup header. */
static int _from_bzimage(const char *mem, size_t size, struct image_btf *out, const char *path,
			 struct image_file *keep, bool whole)
{
	const unsigned char *u = (const unsigned char *)mem;
	size_t setup = ((size_t)(u[0x1f1] ?: 4) + 1) * 512;
	size_t off = setup + _get32(u + 0x248, false), len = _get32(u + 0x24c, false);
	enum decomp_kind kind;
	int err;

	if (_get32(u + 0x206, false) < 0x208 || off >= size || len > size - off)
		return errmsg__set(-EINVAL, "cannot read '%s': bzImage payload lies outside "
				   "the file (truncated image?)", path);
	kind = decomp__detect(mem + off, len);
	if (!kind)
		return errmsg__set(-EINVAL, "cannot read '%s': unknown compression in bzImage "
				   "payload (magic %02x %02x %02x %02x)", path, u[off],
				   u[off + 1], u[off + 2], u[off + 3]);
	err = _from_payload_keep(mem + off, len, kind, out, path, keep, whole);
	snprintf(out->how, sizeof(out->how), "bzImage, %s payload", decomp__name(kind));
	return err;
}

/* An EFI zboot image: "zimg" names the payload's offset, size and format. */
static int _from_zboot(const char *mem, size_t size, struct image_btf *out, const char *path,
		       struct image_file *keep, bool whole)
{
	const unsigned char *u = (const unsigned char *)mem;
	size_t off = _get32(u + 8, false), len = _get32(u + 12, false);
	enum decomp_kind kind;
	int err;

	if (off >= size || len > size - off)
		return errmsg__set(-EINVAL, "cannot read '%s': zboot payload lies outside "
				   "the file (truncated image?)", path);
	kind = decomp__detect(mem + off, len);
	if (!kind)
		return errmsg__set(-EINVAL, "cannot read '%s': unknown compression '%.8s' in "
				   "EFI zboot payload", path, mem + 24);
	err = _from_payload_keep(mem + off, len, kind, out, path, keep, whole);
	snprintf(out->how, sizeof(out->how), "EFI zboot, %s payload", decomp__name(kind));
	return err;
}

static void _set_how(struct image_btf *out, const char *how)
{
	if (!out->how[0])
		snprintf(out->how, sizeof(out->how), "%s", how);
}

/* Recognise the format of a mapped file and read its BTF. */
static int _dispatch(char *mem, size_t size, struct image_btf *out, const char *path)
{
	enum decomp_kind kind = decomp__detect(mem, size);
	int err;

	if (size >= 2 && (!memcmp(mem, btf_sig_le, 2) || !memcmp(mem, btf_sig_be, 2))) {
		_set_how(out, "raw BTF");
		return _copy_btf(out, mem, size, path);
	}
	if (size >= SELFMAG && !memcmp(mem, ELFMAG, SELFMAG)) {
		_set_how(out, "ELF");
		return _from_elf(mem, size, out, path);
	}
	if (kind) {
		snprintf(out->how, sizeof(out->how), "%s-compressed", decomp__name(kind));
		return _from_compressed(mem, size, kind, out, path);
	}
	if (size > 0x250 && !memcmp(mem + 0x202, "HdrS", 4))
		return _from_bzimage(mem, size, out, path, NULL, false);
	if (size > 64 && !memcmp(mem, "MZ", 2) && !memcmp(mem + 4, "zimg", 4))
		return _from_zboot(mem, size, out, path, NULL, false);
	if (size > 64 && !memcmp(mem + 0x38, "ARMd", 4)) {
		out->e_machine = EM_AARCH64;
		out->ptr_size = 8;
		_set_how(out, "arm64 Image");
	} else if (size > 64 && !memcmp(mem + 0x38, "RSC\x05", 4)) {
		out->e_machine = EM_RISCV;
		out->ptr_size = 8;
		_set_how(out, "riscv Image");
	}
	err = _from_inline(mem, size, out, path);
	if (!err && !out->data)
		err = _from_any_payload(mem, size, out, path);
	if (!err && !out->data)
		err = errmsg__set(-ENOENT, "cannot read '%s': no BTF found (not raw BTF, ELF, "
				  "a known kernel image or a known compression)", path);
	return err;
}

/*
 * The whole file in memory: a private writable mapping (libelf may touch the
 * image; nothing is written back), else read() into a buffer, for files
 * that cannot be mapped that way such as /sys/kernel/btf/vmlinux.
 */
static int _load(int fd, size_t size, void **mem, bool *mapped, const char *path)
{
	size_t got = 0;
	ssize_t n;
	char *buf;

	*mem = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	*mapped = *mem != MAP_FAILED;
	if (*mapped)
		return 0;
	buf = malloc(size);
	if (!buf)
		return errmsg__set(-ENOMEM, "cannot read '%s': out of memory", path);
	while (got < size && (n = pread(fd, buf + got, size - got, got)) > 0)
		got += n;
	if (got < size) {
		free(buf);
		return errmsg__set(-EIO, "cannot read '%s': %s", path,
				   got ? "file shrank while reading" : strerror(errno));
	}
	*mem = buf;
	return 0;
}

/* The BTF of a file's bytes, whatever they came from. */
static int _read_mem(void *mem, size_t size, struct image_btf *out, const char *path)
{
	int err = _dispatch(mem, size, out, path);

	/* An ELF may lack BTF (DWARF may serve); any other file must have it. */
	if (!err && !out->data && !out->e_machine)
		err = errmsg__set(-ENOENT, "cannot read '%s': no BTF found (%s)", path,
				  out->how[0] ? out->how : "unknown format");
	return err;
}

int image__read_btf_mem(void *mem, size_t size, const char *name, struct image_btf *out)
{
	int err;

	memset(out, 0, sizeof(*out));
	if (!size)
		return errmsg__set(-EINVAL, "cannot read '%s': empty file", name);
	err = _read_mem(mem, size, out, name);
	if (err)
		image_btf_release(out);
	return err;
}

int image__open_file(const char *path, struct image_file *f)
{
	struct stat st;
	int fd, err;

	memset(f, 0, sizeof(*f));
	/* O_NONBLOCK: a FIFO must not hang the open; it is refused below. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return errmsg__set(-errno, "cannot open '%s': %s", path, strerror(errno));
	if (fstat(fd, &st) || !S_ISREG(st.st_mode))
		err = errmsg__set(-EINVAL, "cannot read '%s': not a regular file", path);
	else if (st.st_size == 0)
		err = errmsg__set(-EINVAL, "cannot read '%s': empty file", path);
	else
		err = _load(fd, st.st_size, &f->mem, &f->mapped, path);
	if (!err)
		f->size = st.st_size;
	close(fd);
	return err;
}

int image__open_plain(const char *path, struct image_file *f)
{
	enum decomp_kind kind;
	void *plain = NULL;
	size_t len = 0;
	int err = image__open_file(path, f);

	if (err)
		return err;
	kind = decomp__detect(f->mem, f->size);
	if (!kind)
		return 0;
	err = decomp__all(kind, f->mem, f->size, image_max_output, &plain, &len, path);
	image_file_close(f);
	if (!err && !len)
		err = errmsg__set(-EINVAL, "cannot read '%s': empty after decompression", path);
	if (err) {
		free(plain);
		return err;
	}
	f->mem = plain;
	f->size = len;
	return 0;
}

int image__read_elf(const char *path, struct image_btf *out, struct image_file *elf, bool whole)
{
	struct image_file f;
	int err;

	memset(out, 0, sizeof(*out));
	memset(elf, 0, sizeof(*elf));
	err = image__open_file(path, &f);
	if (err)
		return err;
	if (f.size >= SELFMAG && !memcmp(f.mem, ELFMAG, SELFMAG)) {
		_set_how(out, "ELF");
		err = _from_elf(f.mem, f.size, out, path);
		*elf = f;
		if (err)
			image_file_close(elf);
		else
			return 0;
		image_btf_release(out);
		return err;
	}
	if (f.size > 0x250 && !memcmp((char *)f.mem + 0x202, "HdrS", 4))
		err = _from_bzimage(f.mem, f.size, out, path, elf, whole);
	else if (f.size > 64 && !memcmp(f.mem, "MZ", 2) && !memcmp((char *)f.mem + 4, "zimg", 4))
		err = _from_zboot(f.mem, f.size, out, path, elf, whole);
	else
		err = errmsg__set(-ENOENT, "cannot read '%s': no kernel ELF in it (not an ELF "
				  "vmlinux, x86 bzImage or EFI zboot image)", path);
	image_file_close(&f);
	if (!err && (elf->size < SELFMAG || memcmp(elf->mem, ELFMAG, SELFMAG)))
		err = errmsg__set(-ENOENT, "cannot read '%s': the %s is no ELF file", path,
				  out->how);
	elf->prefix = !err && !whole;
	if (err) {
		image_file_close(elf);
		image_btf_release(out);
	}
	return err;
}

void image_file_close(struct image_file *f)
{
	if (f->mapped)
		munmap(f->mem, f->size);
	else
		free(f->mem);
	memset(f, 0, sizeof(*f));
}

/*
 * An uncompressed ELF file (a module, a vmlinux) is read with pread: its
 * headers and the few sections looked at, not the whole file. Anything else
 * is mapped (or read) whole. 1 if @fd was read here, 0 if it is not ELF.
 */
static int _read_elf_fd(int fd, size_t size, struct image_btf *out, const char *path)
{
	unsigned char magic[SELFMAG];
	Elf *elf;
	int err;

	if (pread(fd, magic, SELFMAG, 0) != SELFMAG || memcmp(magic, ELFMAG, SELFMAG))
		return 0;
	_set_how(out, "ELF");
	elf_version(EV_CURRENT);
	elf = elf_begin(fd, ELF_C_READ, NULL);
	err = _from_elf_handle(elf, size, out, path);
	elf_end(elf);
	return err ?: 1;
}

int image__read_btf(const char *path, struct image_btf *out)
{
	struct image_file f;
	struct stat st;
	int fd, err;

	memset(out, 0, sizeof(*out));
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return errmsg__set(-errno, "cannot open '%s': %s", path, strerror(errno));
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) || st.st_size == 0)
		err = 0;	/* image__open_file says why */
	else
		err = _read_elf_fd(fd, st.st_size, out, path);
	close(fd);
	if (err > 0)
		return 0;
	if (err)
		goto fail;
	err = image__open_file(path, &f);
	if (err)
		return err;
	err = _read_mem(f.mem, f.size, out, path);
	image_file_close(&f);
fail:
	if (err)
		image_btf_release(out);
	return err;
}

void image_btf_release(struct image_btf *img)
{
	if (!img)
		return;
	free(img->data);
	free(img->vermagic);
	free(img->modname);
	free(img->depends);
	memset(img, 0, sizeof(*img));
}

/*
 * A rough cost of reading @path's BTF, for scheduling: the file size,
 * weighted by how slow its payload's decompressor is. An xz bzImage costs
 * about ten times a raw BTF file of the same size.
 */
size_t image__cost(const char *path)
{
	static const unsigned int weight[] = {
		[DECOMP_NONE] = 1, [DECOMP_GZIP] = 8, [DECOMP_XZ] = 40, [DECOMP_ZSTD] = 3,
		[DECOMP_LZ4] = 2, [DECOMP_LZ4_LEGACY] = 2, [DECOMP_BZIP2] = 30, [DECOMP_LZMA] = 40,
	};
	unsigned char h[0x260], p[8];
	enum decomp_kind kind = DECOMP_NONE;
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);

	if (fd < 0)
		return 0;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		close(fd);
		return 0;
	}
	if (pread(fd, h, sizeof(h), 0) == (ssize_t)sizeof(h)) {
		kind = decomp__detect(h, sizeof(h));
		if (!kind && !memcmp(h + 0x202, "HdrS", 4) &&
		    pread(fd, p, sizeof(p), ((size_t)(h[0x1f1] ?: 4) + 1) * 512 +
			  _get32(h + 0x248, false)) == (ssize_t)sizeof(p))
			kind = decomp__detect(p, sizeof(p));
	}
	close(fd);
	return (size_t)st.st_size * weight[kind];
}

int image__elf_id(const char *path, struct elf_id *id)
{
	struct image_btf img;
	int err;

	unsigned char magic[SELFMAG];
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	bool elf;

	memset(id, 0, sizeof(*id));
	if (fd < 0)
		return errmsg__set(-errno, "cannot open '%s': %s", path, strerror(errno));
	elf = pread(fd, magic, SELFMAG, 0) == SELFMAG && !memcmp(magic, ELFMAG, SELFMAG);
	close(fd);
	if (!elf)
		return errmsg__set(-EINVAL, "cannot read '%s': not an ELF file", path);
	err = image__read_btf(path, &img);
	if (err)
		return err;
	if (!img.e_machine)
		err = errmsg__set(-EINVAL, "cannot read '%s': not an ELF file", path);
	id->e_machine = img.e_machine;
	memcpy(id->build_id, img.build_id, img.build_id_len);
	id->build_id_len = img.build_id_len;
	image_btf_release(&img);
	return err;
}
