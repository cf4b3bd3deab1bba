/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KABISCAN_KMOD_PREFETCH_H
#define KABISCAN_KMOD_PREFETCH_H

#include <stddef.h>

struct image_btf;
struct kmod;
struct kmod_prefetch;

/*
 * Start reading the files of @mods (image__read_btf) on @threads - 1 new
 * threads, while the caller goes on (decoding vmlinux); @threads < 2 starts
 * nothing and returns 0 with *@out NULL. @mods must outlive the prefetch.
 * Returns 0 or -ENOMEM.
 */
int kmod_prefetch__start(struct kmod *mods, size_t n, int threads, struct kmod_prefetch **out);

/* Help with the modules not yet started, then wait for every thread. */
void kmod_prefetch__finish(struct kmod_prefetch *p);

/*
 * Module @i as image__read_btf() would have returned it: 0 and *@img (the
 * caller releases it), or its -errno with its message set on this thread.
 * Finishes the prefetch first if need be; a module taken twice is read again.
 */
int kmod_prefetch__take(struct kmod_prefetch *p, size_t i, struct image_btf *img);

/* Finish, and free what was not taken; NULL is fine. */
void kmod_prefetch__free(struct kmod_prefetch *p);

#endif
