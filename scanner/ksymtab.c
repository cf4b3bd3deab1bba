// SPDX-License-Identifier: GPL-2.0
/*
 * Exported symbols from the binaries. The layouts, from the kernel sources
 * (include/linux/export.h up to 6.4, include/linux/export-internal.h and
 * .vmlinux.export.c from 6.5, kernel/module/main.c):
 *
 *   struct kernel_symbol { int value_offset, name_offset, namespace_offset; }
 *	with CONFIG_HAVE_ARCH_PREL32_RELOCATIONS (x86_64, arm64, riscv,
 *	powerpc64, s390): each field is "target - &field";
 *   struct kernel_symbol { unsigned long value; const char *name, *namespace; }
 *	otherwise (686, armhf): absolute pointers.
 *   Before 5.4 there is no namespace field.
 *
 * A namespace field of 0 (or NULL) means no namespace; "" means none too.
 * __kcrctab[i] is the CRC of __ksymtab[i] ("SYMBOL_CRC": .long 0xCRC); with
 * CONFIG_MODULE_REL_CRCS it was ".long __crc_sym - .", a reference to the
 * CRC. In a module (ET_REL) the fields are zero and relocations name the
 * targets, so they are read through the relocations (a CRC relocation
 * names an absolute __crc_ symbol whose value is the CRC, as in 5.10).
 */
#include <errno.h>
#include <gelf.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "errmsg.h"
#include "ksymtab.h"

/* One relocated field of a module section. */
struct kreloc {
	uint64_t off;		/* offset of the field in its section */
	size_t shndx;		/* section of the target, or SHN_ABS */
	uint64_t target;	/* offset in that section, or the absolute value */
};

/* A section the exports are read from. */
struct ksec {
	size_t idx;		/* section index, 0 if absent */
	const char *name;	/* its name */
	uint64_t addr;		/* sh_addr */
	const unsigned char *data;	/* its bytes in the file */
	size_t size;		/* bytes at @data */
	struct kreloc *rel;	/* modules: its relocations, sorted by offset */
	size_t rel_cnt;		/* entries in @rel */
};

/* Everything one read needs. */
struct kreader {
	Elf *elf;
	const char *path;	/* for messages */
	unsigned char *mem;	/* the file */
	size_t size;		/* bytes at @mem */
	bool be;		/* big-endian */
	bool rel;		/* ET_REL: fields through relocations */
	struct ksec tab[2], crc[2], strings, flags;	/* [0] plain, [1] _gpl */
};

/* An entry layout: size, width of a field, and place-relative or not. */
struct klayout {
	unsigned int esz;	/* bytes per entry */
	unsigned int w;		/* bytes per field */
	bool pcrel;		/* fields are "target - &field" */
	bool ns;		/* has a namespace field */
};

static const struct klayout layouts[] = {
	{ 12, 4, true, true }, { 24, 8, false, true }, { 12, 4, false, true },
	{ 8, 4, true, false }, { 16, 8, false, false }, { 8, 4, false, false },
};

static uint64_t _get(const struct kreader *r, const unsigned char *p, unsigned int w)
{
	uint64_t v = 0;
	unsigned int i;

	for (i = 0; i < w; i++)
		v |= (uint64_t)p[r->be ? w - 1 - i : i] << (8 * i);
	return v;
}

static int _rel_cmp(const void *a, const void *b)
{
	const struct kreloc *x = a, *y = b;

	return x->off < y->off ? -1 : x->off > y->off;
}

static const struct kreloc *_rel_at(const struct ksec *s, uint64_t off)
{
	size_t lo = 0, hi = s->rel_cnt;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (s->rel[mid].off < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < s->rel_cnt && s->rel[lo].off == off ? &s->rel[lo] : NULL;
}

/* The relocations in @rsec (REL or RELA) that apply to @s, through @symtab. */
static int _load_relocs(struct kreader *r, Elf_Scn *rsec, const GElf_Shdr *rsh, struct ksec *s)
{
	Elf_Scn *symscn = elf_getscn(r->elf, rsh->sh_link);
	Elf_Data *d = elf_getdata(rsec, NULL), *syms = symscn ? elf_getdata(symscn, NULL) : NULL;
	size_t i, n = d && rsh->sh_entsize ? d->d_size / rsh->sh_entsize : 0;

	if (!d || !syms)
		return errmsg__set(-EINVAL, "cannot read '%s': bad relocations for '%s'",
				   r->path, s->name);
	s->rel = calloc(n ?: 1, sizeof(*s->rel));
	if (!s->rel)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		struct kreloc *k = &s->rel[s->rel_cnt];
		int64_t addend = 0;
		uint64_t info;
		GElf_Sym sym;

		if (rsh->sh_type == SHT_RELA) {
			GElf_Rela ra;

			if (!gelf_getrela(d, i, &ra))
				break;
			k->off = ra.r_offset;
			info = ra.r_info;
			addend = ra.r_addend;
		} else {
			GElf_Rel rl;

			if (!gelf_getrel(d, i, &rl))
				break;
			k->off = rl.r_offset;
			info = rl.r_info;
			if (k->off <= s->size && s->size - k->off >= 4)
				addend = (int32_t)_get(r, s->data + k->off, 4);
		}
		if (!gelf_getsym(syms, GELF_R_SYM(info), &sym))
			return errmsg__set(-EINVAL, "cannot read '%s': relocation of '%s' names "
					   "a bad symbol", r->path, s->name);
		k->shndx = sym.st_shndx;
		k->target = sym.st_value + addend;
		s->rel_cnt++;
	}
	qsort(s->rel, s->rel_cnt, sizeof(*s->rel), _rel_cmp);
	return 0;
}

static struct ksec *_named(struct kreader *r, const char *name)
{
	static const char *const names[] = { "__ksymtab", "__ksymtab_gpl", "__kcrctab",
					     "__kcrctab_gpl", "__ksymtab_strings", "__kflagstab" };
	struct ksec *secs[] = { &r->tab[0], &r->tab[1], &r->crc[0], &r->crc[1], &r->strings,
				&r->flags };
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(name, names[i]))
			return secs[i];
	return NULL;
}

static int _sections(struct kreader *r)
{
	Elf_Scn *scn = NULL;
	size_t shstrndx;
	GElf_Shdr sh;
	int err = 0;

	if (elf_getshdrstrndx(r->elf, &shstrndx))
		return errmsg__set(-EINVAL, "cannot read '%s': corrupt ELF: %s", r->path,
				   elf_errmsg(-1));
	while ((scn = elf_nextscn(r->elf, scn))) {
		const char *name;
		struct ksec *s;

		if (!gelf_getshdr(scn, &sh) || !(name = elf_strptr(r->elf, shstrndx, sh.sh_name)))
			return errmsg__set(-EINVAL, "cannot read '%s': corrupt ELF section "
					   "header", r->path);
		s = _named(r, name);
		if (!s || sh.sh_type == SHT_NOBITS)
			continue;
		if (sh.sh_offset > r->size || sh.sh_size > r->size - sh.sh_offset)
			return errmsg__set(-EPIPE, "cannot read '%s': section '%s' extends past "
					   "the end of the file (truncated?)", r->path, name);
		s->idx = elf_ndxscn(scn);
		s->name = name;
		s->addr = sh.sh_addr;
		s->data = r->mem + sh.sh_offset;
		s->size = sh.sh_size;
	}
	scn = NULL;
	while (!err && r->rel && (scn = elf_nextscn(r->elf, scn))) {
		struct ksec *targets[] = { &r->tab[0], &r->tab[1], &r->crc[0], &r->crc[1] };
		size_t i;

		if (!gelf_getshdr(scn, &sh) || (sh.sh_type != SHT_RELA && sh.sh_type != SHT_REL))
			continue;
		for (i = 0; !err && i < 4; i++)
			if (targets[i]->idx && sh.sh_info == targets[i]->idx && !targets[i]->rel)
				err = _load_relocs(r, scn, &sh, targets[i]);
	}
	return err;
}

/*
 * The string a pointer field of @s at @off points to, as an offset into
 * __ksymtab_strings: >= 0, -1 for a null field, -2 for a pointer elsewhere.
 */
static int64_t _string_at(const struct kreader *r, const struct ksec *s, uint64_t off,
			  const struct klayout *l)
{
	const struct ksec *st = &r->strings;
	uint64_t raw, addr;

	if (r->rel) {
		const struct kreloc *k = _rel_at(s, off);

		if (!k)
			return -1;
		addr = k->target;
		if (k->shndx != st->idx)
			return -2;
	} else {
		raw = _get(r, s->data + off, l->w);
		if (!raw)
			return -1;
		addr = l->pcrel ? s->addr + off + (uint64_t)(int64_t)(int32_t)raw : raw;
		if (addr < st->addr)
			return -2;
		addr -= st->addr;
	}
	/* Strings are merged (SHF_MERGE): one may be the tail of another. */
	if (addr >= st->size || !memchr(st->data + addr, '\0', st->size - addr))
		return -2;
	return (int64_t)addr;
}

/* Does every whole entry of @s read as layout @l? */
static bool _fits(const struct kreader *r, const struct ksec *s, const struct klayout *l)
{
	size_t i, n = s->size / l->esz;

	if (!n || (r->rel && l->pcrel != (l->w == 4)))
		return false;
	for (i = 0; i < n; i++) {
		uint64_t off = i * l->esz;

		int64_t name = _string_at(r, s, off + l->w, l);

		if (name < 0 || !r->strings.data[name])
			return false;
		if (l->ns && _string_at(r, s, off + 2 * l->w, l) == -2)
			return false;
	}
	return true;
}

/* The bytes at address @addr of a vmlinux, 4 of them, or NULL. */
static const unsigned char *_at_addr(const struct kreader *r, uint64_t addr)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;

	while ((scn = elf_nextscn(r->elf, scn)))
		if (gelf_getshdr(scn, &sh) && sh.sh_type != SHT_NOBITS && (sh.sh_flags & SHF_ALLOC) &&
		    addr >= sh.sh_addr && addr - sh.sh_addr + 4 <= sh.sh_size &&
		    sh.sh_offset + sh.sh_size <= r->size)
			return r->mem + sh.sh_offset + (addr - sh.sh_addr);
	return NULL;
}

/* The CRC of entry @i from @c, into *@crc. */
static int _crc(const struct kreader *r, const struct ksec *c, size_t i, bool rel_crcs,
		uint32_t *crc)
{
	uint64_t off = i * 4;
	const unsigned char *p;

	if (r->rel) {
		const struct kreloc *k = _rel_at(c, off);

		if (k && k->shndx != SHN_ABS)
			return errmsg__set(-EINVAL, "cannot read '%s': CRC %zu of '%s' is not an "
					   "absolute value", r->path, i, c->name);
		*crc = k ? (uint32_t)k->target : (uint32_t)_get(r, c->data + off, 4);
		return 0;
	}
	if (!rel_crcs) {
		*crc = _get(r, c->data + off, 4);
		return 0;
	}
	p = _at_addr(r, c->addr + off + (uint64_t)(int64_t)(int32_t)_get(r, c->data + off, 4));
	if (!p)
		return errmsg__set(-EINVAL, "cannot read '%s': CRC reference %zu of '%s' points "
				   "outside the image", r->path, i, c->name);
	*crc = _get(r, p, 4);
	return 0;
}

static int _read_tab(struct kreader *r, int gpl, const char *owner, bool rel_crcs,
		     struct exports *ex)
{
	const struct ksec *s = &r->tab[gpl], *c = &r->crc[gpl];
	const struct klayout *l = NULL;
	size_t i, n;
	int err = 0;

	if (!s->idx || !s->size)
		return 0;
	if (!r->strings.idx)
		return errmsg__set(-EINVAL, "cannot read '%s': '%s' without __ksymtab_strings",
				   r->path, s->name);
	for (i = 0; !l && i < sizeof(layouts) / sizeof(layouts[0]); i++)
		if (_fits(r, s, &layouts[i]))
			l = &layouts[i];
	if (!l)
		return errmsg__set(-EINVAL, "cannot read '%s': '%s' entries do not point into "
				   "__ksymtab_strings (unknown layout or corrupt)", r->path, s->name);
	n = s->size / l->esz;
	if (s->size % l->esz)
		return errmsg__set(-EPIPE, "cannot read '%s': truncated '%s' (%zu bytes, not a "
				   "multiple of its %u-byte entries)", r->path, s->name, s->size,
				   l->esz);
	if (c->idx && c->size / 4 < n)
		return errmsg__set(-EINVAL, "cannot read '%s': CRC section '%s' is shorter than "
				   "its ksymtab (%zu CRCs for %zu symbols)", r->path, c->name,
				   c->size / 4, n);
	if (!gpl && r->flags.idx && r->flags.size < n)
		return errmsg__set(-EINVAL, "cannot read '%s': __kflagstab is shorter than "
				   "__ksymtab (%zu flags for %zu symbols)", r->path,
				   r->flags.size, n);
	for (i = 0; !err && i < n; i++) {
		uint64_t off = i * l->esz;
		int64_t name = _string_at(r, s, off + l->w, l);
		int64_t ns = l->ns ? _string_at(r, s, off + 2 * l->w, l) : -1;
		bool is_gpl = gpl || (r->flags.idx && (r->flags.data[i] & 1));
		uint32_t crc = 0;

		if (c->idx)
			err = _crc(r, c, i, rel_crcs, &crc);
		err = err ?: exports__add(ex, (const char *)r->strings.data + name, owner,
					  ns >= 0 ? (const char *)r->strings.data + ns : NULL,
					  crc, c->idx != 0, is_gpl);
	}
	return err;
}

int ksymtab__read(void *mem, size_t size, const char *path, const char *owner, bool rel_crcs,
		  struct exports *ex)
{
	struct kreader r = { .path = path, .mem = mem, .size = size };
	GElf_Ehdr eh;
	int err, i;

	elf_version(EV_CURRENT);
	r.elf = elf_memory(mem, size);
	if (!r.elf || elf_kind(r.elf) != ELF_K_ELF || !gelf_getehdr(r.elf, &eh)) {
		err = errmsg__set(-EINVAL, "cannot read '%s': not an ELF file", path);
		goto done;
	}
	r.be = eh.e_ident[EI_DATA] == ELFDATA2MSB;
	r.rel = eh.e_type == ET_REL;
	err = _sections(&r);
	err = err ?: _read_tab(&r, 0, owner, rel_crcs, ex);
	err = err ?: _read_tab(&r, 1, owner, rel_crcs, ex);
done:
	for (i = 0; i < 2; i++) {
		free(r.tab[i].rel);
		free(r.crc[i].rel);
	}
	elf_end(r.elf);
	return err;
}

/* Raw images: see ksymtab__read_raw(). */
#define RAW_MIN_ENTRIES 256
#define RAW_MAX_NAME 256
#define RAW_MAX_GAP 4096

static int32_t _s32le(const unsigned char *p)
{
	return (int32_t)((uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
			 (uint32_t)p[3] << 24);
}

/*
 * The identifier the field at @f points to, as an offset, or 0 if it is
 * none. A namespace (@ns) may be empty, and may be a "module:a,b-c*" list.
 */
static size_t _raw_ident(const unsigned char *m, size_t size, size_t f, bool ns)
{
	int64_t t = (int64_t)f + _s32le(m + f);
	size_t i;

	if (t <= (int64_t)f || (uint64_t)t >= size)
		return 0;
	for (i = 0; i < RAW_MAX_NAME && (size_t)t + i < size; i++) {
		unsigned char c = m[t + i];

		if (!c)
			return i || ns ? (size_t)t : 0;
		if (!(c == '_' || c == '.' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
		      (c >= 'A' && c <= 'Z') || (ns && strchr(":,-*", c))))
			return 0;
	}
	return 0;
}

static bool _raw_entry(const unsigned char *m, size_t size, size_t p)
{
	return p + 12 <= size && _raw_ident(m, size, p + 4, false) &&
	       (!_s32le(m + p + 8) || _raw_ident(m, size, p + 8, true));
}

int ksymtab__read_raw(const void *mem, size_t size, const char *path, const char *owner,
		      struct exports *ex)
{
	const unsigned char *m = mem;
	size_t run_start[3] = { 0 }, run_len[3] = { 0 }, best = 0, best_len = 0;
	size_t p, i, n, gpl_from, strings = size;
	bool crcs;
	int err = 0;

	/* The longest run of entries, per 4-byte phase of the 12-byte stride. */
	for (p = 0; p + 12 <= size; p += 4) {
		size_t ph = (p / 4) % 3;

		if (!_raw_entry(m, size, p)) {
			run_len[ph] = 0;
			continue;
		}
		if (!run_len[ph]++)
			run_start[ph] = p;
		if (run_len[ph] > best_len) {
			best_len = run_len[ph];
			best = run_start[ph];
		}
	}
	n = best_len;
	if (n < RAW_MIN_ENTRIES)
		return errmsg__set(-ENOENT, "cannot read '%s': no ksymtab found in the image",
				   path);
	/* __ksymtab_gpl starts where the name order restarts; once at most. */
	for (gpl_from = n, i = 1; i < n; i++) {
		const char *a = (const char *)m + _raw_ident(m, size, best + 12 * (i - 1) + 4, false);
		const char *b = (const char *)m + _raw_ident(m, size, best + 12 * i + 4, false);

		if (strcmp(a, b) <= 0)
			continue;
		if (gpl_from != n)
			return errmsg__set(-EINVAL, "cannot read '%s': the ksymtab found in the "
					   "image is not sorted by name", path);
		gpl_from = i;
	}
	for (i = 0; i < n; i++) {
		size_t s = _raw_ident(m, size, best + 12 * i + 4, false);

		strings = s < strings ? s : strings;
	}
	crcs = strings >= best + 12 * n + 4 * n;
	/*
	 * The tables end where __ksymtab_strings begins (after the CRCs); a run
	 * cut short by an entry we do not know ends far from there, and is
	 * refused rather than read with the wrong CRCs.
	 */
	if (strings - (best + 12 * n + (crcs ? 4 * n : 0)) > RAW_MAX_GAP)
		return errmsg__set(-ENOENT, "cannot read '%s': the ksymtab found in the image does "
				   "not end where its strings begin (%zu bytes apart)", path,
				   strings - (best + 12 * n + (crcs ? 4 * n : 0)));
	for (i = 0; !err && i < n; i++) {
		size_t e = best + 12 * i, name = _raw_ident(m, size, e + 4, false);
		size_t ns = _s32le(m + e + 8) ? _raw_ident(m, size, e + 8, true) : 0;
		uint32_t crc = crcs ? (uint32_t)_s32le(m + best + 12 * n + 4 * i) : 0;

		err = exports__add(ex, (const char *)m + name, owner,
				   ns ? (const char *)m + ns : NULL, crc, crcs, i >= gpl_from);
	}
	return err;
}
