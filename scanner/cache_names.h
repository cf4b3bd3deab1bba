/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KABISCAN_CACHE_NAMES_H
#define KABISCAN_CACHE_NAMES_H

#include <stddef.h>
#include <stdint.h>

/* The hash a name is indexed under (@len bytes at @name). */
uint32_t cache_names__hash(const char *name, size_t len);

/*
 * The names of the types module BTF @mod defines on base BTF @base (the
 * kinds a lookup matches; see cache_names.c), as a new sorted array of
 * distinct hashes. Returns 0, -ENOMEM, or -EINVAL when the blobs cannot be
 * walked (malformed, unknown kind, a name that does not start a string):
 * such a module is not indexed, and lookups read it as they always did.
 */
int cache_names__defined(const void *base, size_t base_size, const void *mod, size_t mod_size,
			 uint32_t **out, size_t *cnt);

#endif
