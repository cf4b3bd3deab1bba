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

#endif
