// SPDX-License-Identifier: GPL-2.0
/*
 * A module's side of loading: .modinfo (license, vermagic, import_ns,
 * depends), the CRCs it was built against and the symbols it leaves
 * undefined.
 *
 * The version table is "struct modversion_info { unsigned long crc;
 * char name[64 - sizeof(unsigned long)]; }" in __versions (64-byte records;
 * the CRC is 4 bytes on 32-bit kernels, 8 on 64-bit), or, with
 * CONFIG_EXTENDED_MODVERSIONS (6.14 on, for names longer than 55 bytes),
 * u32 CRCs in __version_ext_crcs and their names, NUL-separated, in
 * __version_ext_names; the kernel reads the extended table when there is
 * one (kernel/module/version.c).
 */
#include <errno.h>
#include <gelf.h>
#include <stdlib.h>
#include <string.h>

#include "errmsg.h"
#include "image.h"
#include "ksymtab.h"
#include "modinfo.h"

static int _push_str(char ***arr, size_t *cnt, const char *s, size_t len)
{
	char **p = realloc(*arr, (*cnt + 1) * sizeof(*p));

	if (!p)
		return -ENOMEM;
	*arr = p;
	p[*cnt] = strndup(s, len);
	return p[*cnt] ? (++*cnt, 0) : -ENOMEM;
}

static int _set(char **field, const char *v)
{
	if (*field)
		return 0;	/* the first one counts, as get_modinfo() finds it */
	*field = strdup(v);
	return *field ? 0 : -ENOMEM;
}

/* "key=value" strings, NUL-separated. */
static int _modinfo(struct module_info *mi, const char *p, size_t n)
{
	size_t i = 0;
	int err = 0;

	while (!err && i < n) {
		const char *s = p + i, *v;
		size_t len = strnlen(s, n - i);

		i += len + 1;
		if (!len || !(v = memchr(s, '=', len)))
			continue;
		v++;
		if (!strncmp(s, "license=", 8))
			err = _set(&mi->license, v);
		else if (!strncmp(s, "vermagic=", 9))
			err = _set(&mi->vermagic, v);
		else if (!strncmp(s, "name=", 5))
			err = _set(&mi->name, v);
		else if (!strncmp(s, "import_ns=", 10))
			err = _push_str(&mi->import_ns, &mi->import_ns_cnt, v, strlen(v));
		else if (!strncmp(s, "depends=", 8))
			while (!err && *v) {
				size_t l = strcspn(v, ",");

				err = l ? _push_str(&mi->depends, &mi->depends_cnt, v, l) : 0;
				v += l + (v[l] == ',');
			}
	}
	return err;
}

static int _add_version(struct module_info *mi, const char *name, size_t len, uint32_t crc)
{
	struct modversion *p = realloc(mi->versions, (mi->versions_cnt + 1) * sizeof(*p));

	if (!p)
		return -ENOMEM;
	mi->versions = p;
	p[mi->versions_cnt].name = strndup(name, len);
	p[mi->versions_cnt].crc = crc;
	return p[mi->versions_cnt].name ? (mi->versions_cnt++, 0) : -ENOMEM;
}

static uint32_t _u32(const unsigned char *p, bool be)
{
	return be ? (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3]
		  : (uint32_t)p[3] << 24 | p[2] << 16 | p[1] << 8 | p[0];
}

static int _versions(struct module_info *mi, const unsigned char *p, size_t n, bool be,
		     const char *path)
{
	size_t i, crcsz = mi->ptr_size == 4 ? 4 : 8;
	int err = 0;

	if (n % 64)
		return errmsg__set(-EPIPE, "cannot read '%s': truncated __versions (%zu bytes, "
				   "not a multiple of 64)", path, n);
	for (i = 0; !err && i < n; i += 64) {
		const char *name = (const char *)p + i + crcsz;
		size_t len = strnlen(name, 64 - crcsz);

		if (len == 64 - crcsz)
			return errmsg__set(-EINVAL, "cannot read '%s': __versions entry %zu has "
					   "an unterminated name", path, i / 64);
		/* The CRC is an unsigned long: its low 32 bits sit at the end on BE. */
		err = _add_version(mi, name, len, _u32(p + i + (be ? crcsz - 4 : 0), be));
	}
	return err;
}

static int _versions_ext(struct module_info *mi, const unsigned char *crcs, size_t ncrc,
			 const char *names, size_t nnames, bool be, const char *path)
{
	size_t i, off = 0;
	int err = 0;

	for (i = 0; !err && i < ncrc / 4; i++) {
		size_t len = off < nnames ? strnlen(names + off, nnames - off) : 0;

		if (off >= nnames || off + len == nnames)
			return errmsg__set(-EINVAL, "cannot read '%s': __version_ext_names holds "
					   "fewer names than __version_ext_crcs has CRCs", path);
		err = _add_version(mi, names + off, len, _u32(crcs + 4 * i, be));
		off += len + 1;
	}
	return err;
}

static int _import_cmp(const void *a, const void *b)
{
	return strcmp(((const struct modimport *)a)->name, ((const struct modimport *)b)->name);
}

/* Undefined global symbols, sorted and unique. */
static int _imports(struct module_info *mi, Elf *elf, Elf_Scn *scn, const GElf_Shdr *sh,
		    const char *path)
{
	Elf_Data *d = elf_getdata(scn, NULL);
	size_t i, j, cnt = d && sh->sh_entsize ? d->d_size / sh->sh_entsize : 0;

	mi->imports = calloc(cnt ?: 1, sizeof(*mi->imports));
	if (!mi->imports)
		return -ENOMEM;
	for (i = 1; i < cnt; i++) {
		const char *name;
		GElf_Sym s;

		if (!gelf_getsym(d, i, &s) || s.st_shndx != SHN_UNDEF ||
		    GELF_ST_BIND(s.st_info) == STB_LOCAL)
			continue;
		name = elf_strptr(elf, sh->sh_link, s.st_name);
		if (!name)
			return errmsg__set(-EINVAL, "cannot read '%s': bad symbol name", path);
		if (!*name || !strcmp(name, "__this_module"))
			continue;
		mi->imports[mi->imports_cnt].weak = GELF_ST_BIND(s.st_info) == STB_WEAK;
		mi->imports[mi->imports_cnt].name = strdup(name);
		if (!mi->imports[mi->imports_cnt++].name)
			return -ENOMEM;
	}
	qsort(mi->imports, mi->imports_cnt, sizeof(*mi->imports), _import_cmp);
	for (i = j = 0; i < mi->imports_cnt; i++) {
		if (j && !strcmp(mi->imports[j - 1].name, mi->imports[i].name)) {
			mi->imports[j - 1].weak &= mi->imports[i].weak;
			free(mi->imports[i].name);
		} else {
			mi->imports[j++] = mi->imports[i];
		}
	}
	mi->imports_cnt = j;
	return 0;
}

/* The sections of the module at @mem. */
static int _sections(struct module_info *mi, Elf *elf, const unsigned char *mem, size_t size,
		     bool be, const char *path)
{
	const unsigned char *ext_crcs = NULL, *ext_names = NULL;
	size_t shstrndx, ext_crcs_n = 0, ext_names_n = 0;
	bool modinfo = false, symtab = false;
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;
	int err = 0;

	if (elf_getshdrstrndx(elf, &shstrndx))
		return errmsg__set(-EINVAL, "cannot read '%s': corrupt ELF: %s", path,
				   elf_errmsg(-1));
	while (!err && (scn = elf_nextscn(elf, scn))) {
		const char *name;
		const unsigned char *p;

		if (!gelf_getshdr(scn, &sh) || !(name = elf_strptr(elf, shstrndx, sh.sh_name)))
			return errmsg__set(-EINVAL, "cannot read '%s': corrupt ELF section "
					   "header", path);
		if (sh.sh_type == SHT_NOBITS)
			continue;
		if (sh.sh_offset > size || sh.sh_size > size - sh.sh_offset)
			return errmsg__set(-EPIPE, "cannot read '%s': section '%s' extends past "
					   "the end of the file (truncated?)", path, name);
		p = mem + sh.sh_offset;
		if (!strcmp(name, ".modinfo") && !modinfo) {
			modinfo = true;
			err = _modinfo(mi, (const char *)p, sh.sh_size);
		} else if (!strcmp(name, "__versions")) {
			mi->has_versions = true;
			err = _versions(mi, p, sh.sh_size, be, path);
		} else if (!strcmp(name, "__version_ext_crcs")) {
			ext_crcs = p;
			ext_crcs_n = sh.sh_size;
		} else if (!strcmp(name, "__version_ext_names")) {
			ext_names = p;
			ext_names_n = sh.sh_size;
		} else if (sh.sh_type == SHT_SYMTAB && !symtab) {
			symtab = true;
			err = _imports(mi, elf, scn, &sh, path);
		}
	}
	if (!err && ext_crcs) {
		while (mi->versions_cnt)
			free(mi->versions[--mi->versions_cnt].name);
		mi->has_versions = true;
		err = _versions_ext(mi, ext_crcs, ext_crcs_n, (const char *)ext_names,
				    ext_names_n, be, path);
	}
	if (!err && !modinfo)
		err = errmsg__set(-EINVAL, "cannot read '%s': no .modinfo section (not a kernel "
				  "module)", path);
	if (!err && !symtab)
		err = errmsg__set(-EINVAL, "cannot read '%s': no symbol table", path);
	return err;
}

/* The module's name from its file name: "vfio-pci-core.ko.xz" -> "vfio_pci_core". */
static char *_name_from_path(const char *path)
{
	const char *b = strrchr(path, '/');
	char *n = strdup(b ? b + 1 : path), *p;

	if (n && (p = strstr(n, ".ko")))
		*p = '\0';
	for (p = n; p && *p; p++)
		if (*p == '-')
			*p = '_';
	return n;
}

static int _read(const char *path, const char *owner, struct module_info *mi,
		 struct exports *own)
{
	struct image_file f;
	Elf *elf = NULL;
	GElf_Ehdr eh;
	int err;

	elf_version(EV_CURRENT);
	err = image__open_plain(path, &f);
	if (err)
		return err;
	elf = elf_memory(f.mem, f.size);
	if (!elf || elf_kind(elf) != ELF_K_ELF || !gelf_getehdr(elf, &eh) || eh.e_type != ET_REL) {
		err = errmsg__set(-EINVAL, "cannot read '%s': not a kernel module (not an ELF "
				  "relocatable)", path);
		goto done;
	}
	if (mi) {
		mi->e_machine = eh.e_machine;
		mi->ptr_size = eh.e_ident[EI_CLASS] == ELFCLASS32 ? 4 : 8;
		err = _sections(mi, elf, f.mem, f.size, eh.e_ident[EI_DATA] == ELFDATA2MSB, path);
		if (!err && !mi->name && !(mi->name = _name_from_path(path)))
			err = -ENOMEM;
	}
	if (!err && own)
		err = ksymtab__read(f.mem, f.size, path, owner, false, own);
done:
	elf_end(elf);
	image_file_close(&f);
	if (err == -ENOMEM)
		err = errmsg__add(err, "cannot read '%s': out of memory", path);
	return err;
}

int modinfo__read(const char *path, const char *owner, struct module_info *mi,
		  struct exports *own)
{
	memset(mi, 0, sizeof(*mi));
	return _read(path, owner, mi, own);
}

int modinfo__exports(const char *path, const char *owner, struct exports *ex)
{
	return _read(path, owner, NULL, ex);
}

const struct modversion *module_info__version(const struct module_info *mi, const char *name)
{
	size_t i;

	for (i = 0; i < mi->versions_cnt; i++)
		if (!strcmp(mi->versions[i].name, name))
			return &mi->versions[i];
	return NULL;
}

void module_info_release(struct module_info *mi)
{
	size_t i;

	if (!mi)
		return;
	for (i = 0; i < mi->import_ns_cnt; i++)
		free(mi->import_ns[i]);
	for (i = 0; i < mi->depends_cnt; i++)
		free(mi->depends[i]);
	for (i = 0; i < mi->versions_cnt; i++)
		free(mi->versions[i].name);
	for (i = 0; i < mi->imports_cnt; i++)
		free(mi->imports[i].name);
	free(mi->import_ns);
	free(mi->depends);
	free(mi->versions);
	free(mi->imports);
	free(mi->name);
	free(mi->license);
	free(mi->vermagic);
	memset(mi, 0, sizeof(*mi));
}
