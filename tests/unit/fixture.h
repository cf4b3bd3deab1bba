/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KABISCAN_TEST_FIXTURE_H
#define KABISCAN_TEST_FIXTURE_H

/*
 * Fixtures compiled at test time: C source written to a temporary
 * directory, built with gcc -g, BTF added with pahole -J. Returns the path
 * of the object (under the fixture directory, named @name), or NULL with a
 * reason printed when gcc or pahole is missing.
 */
const char *fixture__build(const char *name, const char *c_source);

/* The same with extra gcc flags, e.g. "-gdwarf-4". */
const char *fixture__build_flags(const char *name, const char *c_source, const char *cflags);

/* Like fixture__build_flags, but linked into an executable (not -c). */
const char *fixture__link(const char *name, const char *c_source, const char *cflags);

struct btf;

/* fixture__build's object parsed as BTF, or NULL (reason printed). */
struct btf *fixture__btf(const char *name, const char *c_source);

/* Remove the fixture directory. */
void fixture__cleanup(void);

#endif
