/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KABISCAN_KSYMTAB_H
#define KABISCAN_KSYMTAB_H

#include <stdbool.h>
#include <stddef.h>

#include "exports.h"

/*
 * The exports an ELF file defines itself, as the kernel's loader reads
 * them: the entries of __ksymtab and __ksymtab_gpl (or, from 6.19 on, one
 * __ksymtab with GPL-only flags in __kflagstab), names and namespaces in
 * __ksymtab_strings, and the CRC of entry i at index i of __kcrctab(_gpl).
 *
 * @mem/@size is a vmlinux (entries place-relative under
 * CONFIG_HAVE_ARCH_PREL32_RELOCATIONS, else absolute pointers; found by
 * trying both against the string section) or a module (an ELF relocatable,
 * whose fields are read through its relocations). @rel_crcs: the kernel
 * had CONFIG_MODULE_REL_CRCS (powerpc64 before 5.19), so a vmlinux
 * __kcrctab holds place-relative references to the CRCs, not the CRCs.
 * Each export gets @owner. @path names the file in messages. Returns 0
 * (an ELF with no ksymtab adds nothing), or -errno with one message.
 */
int ksymtab__read(void *mem, size_t size, const char *path, const char *owner, bool rel_crcs,
		  struct exports *ex);

/*
 * The same for a raw arm64 or riscv Image (@mem/@size: the kernel's memory
 * image, no section headers). Its entries are place-relative, so they are
 * found by what they are: the longest run of 12-byte entries whose name
 * and namespace fields point forward to NUL-terminated identifiers. The
 * run is __ksymtab then __ksymtab_gpl, each sorted by name, so the GPL part
 * starts where the order restarts; __kcrctab and __kcrctab_gpl follow it,
 * 4 bytes an entry, when there is room for them before the strings.
 * Returns 0, or -errno with one message (-ENOENT: no such run).
 */
int ksymtab__read_raw(const void *mem, size_t size, const char *path, const char *owner,
		      struct exports *ex);

#endif
