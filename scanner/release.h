/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KABISCAN_RELEASE_H
#define KABISCAN_RELEASE_H

#include <stdbool.h>
#include <stddef.h>

/* What a kernel release string says about the build. */
struct release_info {
	char version[16];	/* "6.12" (major.minor), "" if not a kernel release */
	char arch[16];		/* Debian arch name ("amd64", "i386"), "" if not named */
	char flavour[32];	/* "generic", "cloud", "rt", "16k", "lowlatency" */
};

/*
 * Parse Debian ("6.1.0-50-cloud-amd64", "6.12.117+deb13-rt-amd64",
 * "7.2.13+deb14-arm64-16k") and Ubuntu ("5.15.0-91-generic") release names.
 * Fields the name does not carry are left empty; flavour defaults to
 * "generic".
 */
void release__parse(const char *release, struct release_info *ri);

/* Debian arch name for an ELF machine, or NULL. */
const char *release__arch_from_elf(int e_machine, int ptr_size, bool big_endian);

/* Debian arch name from a kernel config file's CONFIG_ lines, or NULL. */
const char *release__arch_from_config(const char *config_path);

/* Debian arch name for uname's machine ("x86_64"), or NULL. */
const char *release__arch_from_uname(const char *machine);

/*
 * The build part of a release, without flavour and arch: "6.12.117+deb13"
 * for "6.12.117+deb13-rt-amd64", "6.1.0-50" for "6.1.0-50-cloud-amd64".
 * Kernels of one build share it. Writes at most @cap bytes to @buf.
 */
void release__build(const char *release, char *buf, size_t cap);

/*
 * Is @release a release the header may write: 1 to 64 characters (uname's
 * limit) of letters, digits and "._+~-", starting with a letter or digit?
 * A release comes from file and package member names, which can hold
 * anything, and the header writes it into a string and a macro name.
 */
bool release__valid(const char *release);

/* Compare two versions "6.1" < "6.12" numerically, like strverscmp. */
int release__cmp(const char *a, const char *b);

#endif
