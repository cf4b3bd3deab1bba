/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KABISCAN_NAMES_H
#define KABISCAN_NAMES_H

#include <stdbool.h>

struct kernel;

/* Told each wanted name of a kernel's types; returns 0 or -errno to stop. */
typedef int (*name_fn)(const char *name, int kind, void *arg);

/*
 * Call @fn with each named struct, union, enum, typedef and function of
 * @k's BTF (vmlinux, then the modules with BTF) whose name @want accepts;
 * -t globs and close-name suggestions are made from these. A module's
 * BTF is parsed only when a string of its table is wanted. A name defined
 * in several places is told once per place. Types read from DWARF are not
 * listed: a debug file is read for names asked for, never listed whole.
 * Returns 0, @fn's error, or -errno with a message naming the file.
 */
int kernel__each_name(struct kernel *k, bool (*want)(const char *name, void *arg),
		      name_fn fn, void *arg);

#endif
