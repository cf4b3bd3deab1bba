// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <gelf.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "decomp.h"
#include "errmsg.h"
#include "image.h"
#include "modsyms.h"

static int _cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int _push(char ***syms, size_t *n, size_t *cap, const char *name)
{
	if (*n == *cap) {
		size_t c = *cap ? *cap * 2 : 64;
		char **p = realloc(*syms, c * sizeof(*p));

		if (!p)
			return -ENOMEM;
		*syms = p;
		*cap = c;
	}
	(*syms)[*n] = strdup(name);
	return (*syms)[(*n)++] ? 0 : -ENOMEM;
}

/* Undefined global symbols of the ELF relocatable at @mem. */
static int _from_elf(void *mem, size_t size, const char *path, char ***syms, size_t *n)
{
	Elf *elf = elf_memory(mem, size);
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;
	GElf_Ehdr eh;
	size_t cap = 0;
	int err = 0;
	bool symtab = false;

	if (!elf || !gelf_getehdr(elf, &eh) || eh.e_type != ET_REL) {
		err = errmsg__set(-EINVAL, "cannot read '%s': not a kernel module (%s)", path,
				  elf ? "not an ELF relocatable" : elf_errmsg(-1));
		goto out;
	}
	while (!err && (scn = elf_nextscn(elf, scn))) {
		Elf_Data *d;
		size_t i, cnt;

		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_SYMTAB || !sh.sh_entsize)
			continue;
		symtab = true;
		d = elf_getdata(scn, NULL);
		cnt = d ? d->d_size / sh.sh_entsize : 0;
		for (i = 1; !err && i < cnt; i++) {
			GElf_Sym s;
			const char *name;

			if (!gelf_getsym(d, i, &s) || s.st_shndx != SHN_UNDEF ||
			    GELF_ST_BIND(s.st_info) == STB_LOCAL)
				continue;
			name = elf_strptr(elf, sh.sh_link, s.st_name);
			if (!name) {
				err = errmsg__set(-EINVAL, "cannot read '%s': bad symbol name", path);
				break;
			}
			if (*name && strcmp(name, "__this_module"))
				err = _push(syms, n, &cap, name);
		}
	}
	if (!err && !symtab)
		err = errmsg__set(-EINVAL, "cannot read '%s': no symbol table", path);
out:
	elf_end(elf);
	return err;
}

int modsyms__undefined(const char *path, char ***out, size_t *cnt)
{
	struct image_file f;
	void *plain = NULL;
	size_t plain_size, i, j;
	char **syms = NULL;
	size_t n = 0;
	enum decomp_kind kind;
	int err;

	*out = NULL;
	*cnt = 0;
	elf_version(EV_CURRENT);
	err = image__open_file(path, &f);
	if (err)
		return err;
	kind = decomp__detect(f.mem, f.size);
	if (kind != DECOMP_NONE) {
		err = decomp__all(kind, f.mem, f.size, image_max_output, &plain, &plain_size, path);
		err = err ?: _from_elf(plain, plain_size, path, &syms, &n);
	} else {
		err = _from_elf(f.mem, f.size, path, &syms, &n);
	}
	image_file_close(&f);
	free(plain);
	if (err) {
		modsyms_free(syms, n);
		return err;
	}
	qsort(syms, n, sizeof(*syms), _cmp);
	for (i = j = 0; i < n; i++) {
		if (j && !strcmp(syms[j - 1], syms[i]))
			free(syms[i]);
		else
			syms[j++] = syms[i];
	}
	*out = syms;
	*cnt = j;
	return 0;
}

void modsyms_free(char **syms, size_t cnt)
{
	size_t i;

	for (i = 0; i < cnt; i++)
		free(syms[i]);
	free(syms);
}
