/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KABISCAN_MODINFO_H
#define KABISCAN_MODINFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "exports.h"

/* One symbol a module was built against, with the CRC modpost gave it. */
struct modversion {
	char *name;		/* "__kmalloc" */
	uint32_t crc;		/* CRC in the module's build */
};

/* One symbol the module leaves undefined. */
struct modimport {
	char *name;		/* the symbol */
	bool weak;		/* an undefined weak symbol: may stay unresolved */
};

/* What a module needs to load: its imports and .modinfo. */
struct module_info {
	char *name;		/* .modinfo name=, else the file name without extension */
	char *license;		/* .modinfo license=, NULL if none */
	char *vermagic;		/* .modinfo vermagic=, NULL if none */
	char **import_ns;	/* .modinfo import_ns= values, in order */
	size_t import_ns_cnt;	/* entries in @import_ns */
	char **depends;		/* .modinfo depends= split at commas */
	size_t depends_cnt;	/* entries in @depends */
	struct modversion *versions;	/* __versions, or __version_ext_* from 6.14 */
	size_t versions_cnt;	/* entries in @versions */
	bool has_versions;	/* the module has a version table (built with modversions) */
	struct modimport *imports;	/* undefined symbols, sorted by name, unique */
	size_t imports_cnt;	/* entries in @imports */
	int e_machine;		/* ELF machine */
	int ptr_size;		/* 4 or 8 */
};

/*
 * Read the module @path (.ko, .ko.xz, .ko.zst, .ko.gz): its .modinfo,
 * version table and undefined symbols into @mi, and, if @own is not NULL,
 * the exports it defines itself, owned by @owner. A module without .modinfo
 * is an error. Returns 0 or -errno with one message naming @path; release
 * @mi with module_info_release() either way.
 */
int modinfo__read(const char *path, const char *owner, struct module_info *mi,
		  struct exports *own);

/*
 * The exports a module file defines (its __ksymtab), owned by @owner, added
 * to @ex. Returns 0 or -errno with a message naming @path.
 */
int modinfo__exports(const char *path, const char *owner, struct exports *ex);

/* The entry of @mi's version table for @name, or NULL. */
const struct modversion *module_info__version(const struct module_info *mi, const char *name);

void module_info_release(struct module_info *mi);

#endif
