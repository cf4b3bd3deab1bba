// SPDX-License-Identifier: GPL-2.0
/*
 * libdwarf's object access on a private mapping of the file. libdwarf's own
 * ELF reader copies every section it touches and, for Debian's 6.1 debug
 * vmlinux (linked with --emit-relocs), reads and applies 257 MB of
 * .rela.debug_info that a linked file does not need: 1.5 s and 850 MB for a
 * lookup that takes 20 ms and 40 MB here. It also leaves process state that
 * breaks a later dwarf_object_init_b, so every file comes through here.
 *
 * Relocatable objects (modules) do need their .rel[a].debug_* applied: a
 * module's .debug_info names its strings and abbreviations by relocations
 * against section symbols. relocate_a_section applies the absolute 32- and
 * 64-bit types of each machine (S + A) in place, on the copy-on-write pages.
 *
 * Compressed debug sections (SHF_COMPRESSED with zlib or zstd, as objcopy
 * --compress-debug-sections=zlib-gabi|zstd and several distributions' debug
 * packages make them, and the legacy .zdebug_* of GNU zlib) are
 * decompressed when the file is opened, within --max-decompressed for the
 * whole file, and libdwarf is shown them as plain .debug_* sections.
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>
#include <libdwarf/libdwarf.h>

#include "../scanner/errmsg.h"
#include "../scanner/image.h"
#include "dwarf.h"
#include "dwarf_priv.h"

#ifndef ELFCOMPRESS_ZSTD
#define ELFCOMPRESS_ZSTD 2
#endif

/* One section as libdwarf is shown it. */
struct dw_sec {
	const char *name;	/* its name; ".debug_info" for a legacy ".zdebug_info" */
	unsigned char *data;	/* its bytes: in the mapping, or @owned */
	size_t size;		/* bytes at @data */
	unsigned char *owned;	/* decompressed bytes, freed on close */
	char *owned_name;	/* the renamed name of a .zdebug_ section */
};

/* The mapped file and its section table. */
struct dw_obj {
	Elf *elf;		/* libelf handle on @map */
	char *map;		/* the whole file, private and writable */
	size_t size;		/* bytes at @map */
	size_t shstrndx;	/* section name string table */
	size_t nsec;		/* number of sections */
	bool big_endian;	/* ELFDATA2MSB */
	bool relocatable;	/* ET_REL: debug sections need relocating */
	int machine;		/* e_machine */
	int ptr_size;		/* 4 or 8 */
	struct dw_sec *secs;	/* per section index, @nsec of them */
	Dwarf_Obj_Access_Interface iface;	/* what libdwarf is given */
};

/*
 * The DWARF sections a type lookup reads. libdwarf is shown no other: it
 * loads .debug_rnglists and friends with the CUs, has a double free on a
 * corrupt .debug_rnglists (libdwarf 20210528, found by tests/fuzz), and
 * kabiscan needs no ranges, locations, lines or frames.
 */
static bool _wanted(const char *name)
{
	static const char *keep[] = { "info", "abbrev", "str", "str_offsets", "line_str",
				      "types" };
	const char *base = name;
	size_t i;

	if (!strncmp(base, ".rela", 5))
		base += 5;
	else if (!strncmp(base, ".rel", 4))
		base += 4;
	if (strncmp(base, ".debug_", 7))
		return true;
	for (i = 0; i < sizeof(keep) / sizeof(keep[0]); i++)
		if (!strcmp(base + 7, keep[i]))
			return true;
	return false;
}

static int _section_info(void *obj, Dwarf_Half i, Dwarf_Obj_Access_Section *out, int *err)
{
	struct dw_obj *o = obj;
	Elf_Scn *scn = elf_getscn(o->elf, i);
	GElf_Shdr sh;

	if (!scn || !gelf_getshdr(scn, &sh) || i >= o->nsec) {
		*err = DW_DLE_MDE;
		return DW_DLV_ERROR;
	}
	out->addr = sh.sh_addr;
	out->type = sh.sh_type;
	out->size = o->secs[i].size;
	out->name = o->secs[i].name;
	if (!_wanted(out->name)) {
		/* An empty, nameless section: libdwarf passes over it. */
		out->name = "";
		out->type = SHT_NULL;
		out->size = 0;
	}
	out->link = sh.sh_link;
	out->info = sh.sh_info;
	out->entrysize = sh.sh_entsize;
	return DW_DLV_OK;
}

static Dwarf_Endianness _byte_order(void *obj)
{
	return ((struct dw_obj *)obj)->big_endian ? DW_OBJECT_MSB : DW_OBJECT_LSB;
}

static Dwarf_Small _length_size(void *obj)
{
	(void)obj;
	return 4;
}

static Dwarf_Small _pointer_size(void *obj)
{
	return ((struct dw_obj *)obj)->ptr_size;
}

static Dwarf_Unsigned _section_count(void *obj)
{
	return ((struct dw_obj *)obj)->nsec;
}

/* Section @i's bytes in the mapping, bounds-checked. */
static char *_section_data(struct dw_obj *o, size_t i, GElf_Shdr *sh)
{
	Elf_Scn *scn = elf_getscn(o->elf, i);

	if (!scn || !gelf_getshdr(scn, sh) || sh->sh_type == SHT_NOBITS ||
	    sh->sh_offset > o->size || sh->sh_size > o->size - sh->sh_offset)
		return NULL;
	return o->map + sh->sh_offset;
}

/* Section @i's bytes and size as libdwarf is given them, or NULL. */
static unsigned char *_section_bytes(struct dw_obj *o, size_t i, size_t *len)
{
	*len = i < o->nsec && o->secs[i].data ? o->secs[i].size : 0;
	return i < o->nsec ? o->secs[i].data : NULL;
}

static int _load_section(void *obj, Dwarf_Half i, Dwarf_Small **data, int *err)
{
	size_t len;

	*data = _section_bytes(obj, i, &len);
	if (!*data) {
		*err = DW_DLE_MDE;
		return DW_DLV_ERROR;
	}
	return DW_DLV_OK;
}

/* Bytes an absolute relocation of @type writes on @machine, or 0 for others. */
static int _reloc_size(int machine, unsigned int type)
{
	switch (machine) {
	case EM_X86_64: return type == 1 ? 8 : type == 10 || type == 11 ? 4 : 0;
	case EM_386: return type == 1 ? 4 : 0;
	case EM_AARCH64: return type == 257 ? 8 : type == 258 ? 4 : 0;
	case EM_PPC64: return type == 38 ? 8 : type == 1 ? 4 : 0;
	case EM_S390: return type == 22 ? 8 : type == 4 ? 4 : 0;
	case EM_RISCV: return type == 2 ? 8 : type == 1 ? 4 : 0;
	case EM_ARM: return type == 2 ? 4 : 0;
	case 258: return type == 2 ? 8 : type == 1 ? 4 : 0;	/* EM_LOONGARCH */
	default: return 0;
	}
}

static __u64 _get(const struct dw_obj *o, const unsigned char *p, int n)
{
	__u64 v = 0;
	int i;

	for (i = 0; i < n; i++)
		v |= (__u64)p[o->big_endian ? n - 1 - i : i] << (8 * i);
	return v;
}

static void _put(const struct dw_obj *o, unsigned char *p, int n, __u64 v)
{
	int i;

	for (i = 0; i < n; i++)
		p[o->big_endian ? n - 1 - i : i] = v >> (8 * i);
}

/* Apply one relocation section @rs (SHT_REL or SHT_RELA) to @data. */
static int _apply(struct dw_obj *o, Elf_Scn *rs, const GElf_Shdr *rsh, char *data, size_t len)
{
	Elf_Data *rd = elf_getdata(rs, NULL), *sd;
	Elf_Scn *symscn = elf_getscn(o->elf, rsh->sh_link);
	size_t i, cnt = rsh->sh_entsize ? rsh->sh_size / rsh->sh_entsize : 0;
	bool rela = rsh->sh_type == SHT_RELA;

	sd = symscn ? elf_getdata(symscn, NULL) : NULL;
	if (!rd || !sd)
		return DW_DLE_RELOC_SECTION_MISSING_INDEX;
	for (i = 0; i < cnt; i++) {
		GElf_Rela r = { 0 };
		GElf_Rel rel;
		GElf_Sym sym;
		__u64 a;
		int n;

		if (rela ? !gelf_getrela(rd, i, &r) : !gelf_getrel(rd, i, &rel))
			return DW_DLE_RELOC_SECTION_PTR_NULL;
		if (!rela) {
			r.r_offset = rel.r_offset;
			r.r_info = rel.r_info;
		}
		n = _reloc_size(o->machine, GELF_R_TYPE(r.r_info));
		if (!n || r.r_offset > len || n > (int)(len - r.r_offset))
			continue;
		if (!gelf_getsym(sd, GELF_R_SYM(r.r_info), &sym))
			return DW_DLE_RELOC_SECTION_SYMBOL_INDEX_BAD;
		a = rela ? (__u64)r.r_addend : _get(o, (unsigned char *)data + r.r_offset, n);
		_put(o, (unsigned char *)data + r.r_offset, n, sym.st_value + a);
	}
	return 0;
}

static int _relocate(void *obj, Dwarf_Half index, Dwarf_Debug dbg, int *err)
{
	struct dw_obj *o = obj;
	Elf_Scn *scn = NULL;
	GElf_Shdr rsh;
	size_t len;
	char *data;

	(void)dbg;
	/* Nothing to relocate is success: libdwarf gives up on NO_ENTRY. */
	if (!o->relocatable)
		return DW_DLV_OK;
	data = (char *)_section_bytes(o, index, &len);
	if (!data)
		return DW_DLV_OK;
	while ((scn = elf_nextscn(o->elf, scn))) {
		if (!gelf_getshdr(scn, &rsh) || rsh.sh_info != index ||
		    (rsh.sh_type != SHT_RELA && rsh.sh_type != SHT_REL))
			continue;
		*err = _apply(o, scn, &rsh, data, len);
		return *err ? DW_DLV_ERROR : DW_DLV_OK;
	}
	return DW_DLV_OK;
}

static const Dwarf_Obj_Access_Methods methods = {
	.get_section_info = _section_info,
	.get_byte_order = _byte_order,
	.get_length_size = _length_size,
	.get_pointer_size = _pointer_size,
	.get_section_count = _section_count,
	.load_section = _load_section,
	.relocate_a_section = _relocate,
};

/* Is @name a debug section libdwarf reads, once any .z prefix is taken off? */
static bool _debug_section(const char *name)
{
	return !strncmp(name, ".debug_", 7) && _wanted(name);
}

/*
 * Decompress @len bytes at @in, made by @method (ELFCOMPRESS_ZLIB or
 * ELFCOMPRESS_ZSTD), into @out bytes of new memory at @s. @budget is what
 * --max-decompressed still allows for this file.
 */
static int _inflate(struct dw_sec *s, const char *path, unsigned int method,
		    const unsigned char *in, size_t len, __u64 out, size_t *budget)
{
	uLongf got = out;

	if (method != ELFCOMPRESS_ZLIB && method != ELFCOMPRESS_ZSTD)
		return errmsg__set(-EINVAL, "cannot read DWARF in '%s': section '%s' is compressed "
				   "with an unknown method (%u)", path, s->name, method);
	if (out > *budget)
		return errmsg__set(-EFBIG, "cannot read DWARF in '%s': section '%s' decompresses "
				   "past --max-decompressed (%zu MiB)", path, s->name,
				   image_max_output >> 20);
	*budget -= out;
	s->owned = malloc(out ?: 1);
	if (!s->owned)
		return -ENOMEM;
	if (method == ELFCOMPRESS_ZSTD ? ZSTD_decompress(s->owned, out, in, len) != out :
	    uncompress(s->owned, &got, in, len) != Z_OK || got != out)
		return errmsg__set(-EINVAL, "cannot read DWARF in '%s': section '%s' is corrupt "
				   "(it does not decompress to the %llu bytes its header says)",
				   path, s->name, (unsigned long long)out);
	s->data = s->owned;
	s->size = out;
	return 0;
}

/* A compressed debug section @s, SHF_COMPRESSED or .zdebug_, made plain. */
static int _uncompress(struct dw_obj *o, struct dw_sec *s, const GElf_Shdr *sh,
		       const char *path, size_t *budget)
{
	const unsigned char *p = s->data;
	size_t hdr = o->ptr_size == 8 ? 24 : 12;
	__u64 out;
	int i;

	if (!(sh->sh_flags & SHF_COMPRESSED)) {
		/* .zdebug_: "ZLIB", the size as 8 bytes big-endian, a zlib stream. */
		if (s->size < 12 || memcmp(p, "ZLIB", 4))
			return 0;	/* not compressed after all: read as it is */
		for (out = 0, i = 4; i < 12; i++)
			out = out << 8 | p[i];
		return _inflate(s, path, ELFCOMPRESS_ZLIB, p + 12, s->size - 12, out, budget);
	}
	/* Elf32_Chdr: type, size, align; Elf64_Chdr: type, reserved, size, align. */
	if (s->size < hdr)
		return errmsg__set(-EINVAL, "cannot read DWARF in '%s': compressed section '%s' "
				   "is truncated", path, s->name);
	out = o->ptr_size == 8 ? _get(o, p + 8, 8) : _get(o, p + 4, 4);
	return _inflate(s, path, _get(o, p, 4), p + hdr, s->size - hdr, out, budget);
}

/* Fill o->secs: every section's name and bytes, debug sections decompressed. */
static int _sections(struct dw_obj *o, const char *path)
{
	size_t i, budget = image_max_output;
	int err = 0;

	o->secs = calloc(o->nsec ?: 1, sizeof(*o->secs));
	if (!o->secs)
		return -ENOMEM;
	for (i = 0; i < o->nsec && !err; i++) {
		struct dw_sec *s = &o->secs[i];
		const char *name;
		GElf_Shdr sh;

		s->data = (unsigned char *)_section_data(o, i, &sh);
		if (!gelf_getshdr(elf_getscn(o->elf, i), &sh))
			sh.sh_flags = 0;
		s->size = s->data ? sh.sh_size : 0;
		name = elf_strptr(o->elf, o->shstrndx, sh.sh_name) ?: "";
		s->name = name;
		if (!strncmp(name, ".zdebug_", 8)) {
			if (asprintf(&s->owned_name, ".%s", name + 2) < 0) {
				s->owned_name = NULL;
				return -ENOMEM;
			}
			s->name = s->owned_name;
		}
		if (s->data && _debug_section(s->name) &&
		    (sh.sh_flags & SHF_COMPRESSED || s->owned_name))
			err = _uncompress(o, s, &sh, path, &budget);
	}
	return err;
}

int dw_obj__open(int fd, const char *path, struct dw_obj **out)
{
	struct dw_obj *o = calloc(1, sizeof(*o));
	struct stat st;
	GElf_Ehdr eh;
	int err;

	*out = NULL;
	if (!o)
		return -ENOMEM;
	if (fstat(fd, &st) || !st.st_size)
		goto bad;
	o->size = st.st_size;
	/* Private: relocations land on copy-on-write pages, never in the file. */
	o->map = mmap(NULL, o->size, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	if (o->map == MAP_FAILED) {
		o->map = NULL;
		goto bad;
	}
	elf_version(EV_CURRENT);
	o->elf = elf_memory(o->map, o->size);
	if (!o->elf || elf_kind(o->elf) != ELF_K_ELF || !gelf_getehdr(o->elf, &eh) ||
	    elf_getshdrstrndx(o->elf, &o->shstrndx) || elf_getshdrnum(o->elf, &o->nsec))
		goto bad;
	o->big_endian = eh.e_ident[EI_DATA] == ELFDATA2MSB;
	o->ptr_size = eh.e_ident[EI_CLASS] == ELFCLASS32 ? 4 : 8;
	o->relocatable = eh.e_type == ET_REL;
	o->machine = eh.e_machine;
	o->iface.object = o;
	o->iface.methods = &methods;
	err = _sections(o, path);
	if (err) {
		dw_obj__close(o);
		return err;
	}
	*out = o;
	return 0;
bad:
	dw_obj__close(o);
	return errmsg__set(-EINVAL, "cannot read DWARF in '%s': corrupt or truncated ELF", path);
}

Dwarf_Obj_Access_Interface *dw_obj__iface(struct dw_obj *o)
{
	return &o->iface;
}

void dw_obj__close(struct dw_obj *o)
{
	size_t i;

	if (!o)
		return;
	for (i = 0; o->secs && i < o->nsec; i++) {
		free(o->secs[i].owned);
		free(o->secs[i].owned_name);
	}
	free(o->secs);
	elf_end(o->elf);
	if (o->map)
		munmap(o->map, o->size);
	free(o);
}

const unsigned char *dw_obj__section(struct dw_obj *o, const char *name, size_t *len)
{
	size_t i;

	*len = 0;
	for (i = 0; i < o->nsec; i++)
		if (!strcmp(o->secs[i].name, name))
			return _section_bytes(o, i, len);
	return NULL;
}

bool dw_obj__big_endian(const struct dw_obj *o)
{
	return o->big_endian;
}

bool dwarf__compressed(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	Elf_Scn *scn = NULL;
	bool found = false;
	size_t shstrndx;
	GElf_Shdr sh;
	Elf *elf;

	if (fd < 0)
		return false;
	elf_version(EV_CURRENT);
	elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	if (elf && !elf_getshdrstrndx(elf, &shstrndx)) {
		while (!found && (scn = elf_nextscn(elf, scn))) {
			const char *n = gelf_getshdr(scn, &sh) ?
					elf_strptr(elf, shstrndx, sh.sh_name) : NULL;

			found = n && (!strncmp(n, ".zdebug_", 8) ||
				      (!strncmp(n, ".debug_", 7) && sh.sh_flags & SHF_COMPRESSED));
		}
	}
	elf_end(elf);
	close(fd);
	return found;
}
