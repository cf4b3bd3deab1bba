// SPDX-License-Identifier: GPL-2.0
/*
 * Reading a kernel's modules on the spare cores while its vmlinux decodes.
 * Each module's file is read into its own slot, so what a lookup sees (the
 * blobs, the first error in module order) does not depend on the threads.
 */
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "../scanner/errmsg.h"
#include "../scanner/image.h"
#include "kernel.h"
#include "kmod_prefetch.h"

#define MAX_THREADS 64

struct slot {
	struct image_btf img;	/* what was read */
	int err;		/* image__read_btf's result */
	char *msg;		/* its message when @err */
	bool taken;		/* handed out by kmod_prefetch__take() */
};

struct kmod_prefetch {
	const struct kmod *mods;	/* whose files to read */
	size_t n;		/* entries in @mods and @slots */
	struct slot *slots;	/* one per module */
	size_t next;		/* next module to start, under @lock */
	pthread_mutex_t lock;	/* guards @next */
	pthread_t tids[MAX_THREADS];	/* the threads started */
	int started;		/* entries in @tids */
	bool finished;		/* every module read, every thread joined */
};

static void *_work(void *arg)
{
	struct kmod_prefetch *p = arg;
	size_t i;

	for (;;) {
		pthread_mutex_lock(&p->lock);
		i = p->next < p->n ? p->next++ : p->n;
		pthread_mutex_unlock(&p->lock);
		if (i >= p->n)
			return NULL;
		errmsg__clear();
		p->slots[i].err = image__read_btf(p->mods[i].path, &p->slots[i].img);
		if (p->slots[i].err)
			p->slots[i].msg = strdup(errmsg__get() ?: "");
	}
}

int kmod_prefetch__start(struct kmod *mods, size_t n, int threads, struct kmod_prefetch **out)
{
	struct kmod_prefetch *p;

	*out = NULL;
	if (threads < 2 || !n)
		return 0;
	p = calloc(1, sizeof(*p));
	if (!p || !(p->slots = calloc(n, sizeof(*p->slots)))) {
		free(p);
		return -ENOMEM;
	}
	p->mods = mods;
	p->n = n;
	pthread_mutex_init(&p->lock, NULL);
	for (int t = 1; t < threads && t < MAX_THREADS; t++)
		if (!pthread_create(&p->tids[p->started], NULL, _work, p))
			p->started++;
	*out = p;
	return 0;
}

void kmod_prefetch__finish(struct kmod_prefetch *p)
{
	char *kept;

	if (!p || p->finished)
		return;
	/* The caller's message (its vmlinux may have failed) outlives the work. */
	kept = errmsg__get() ? strdup(errmsg__get()) : NULL;
	_work(p);
	errmsg__clear();
	if (kept)
		errmsg__set(0, "%s", kept);
	free(kept);
	for (int t = 0; t < p->started; t++)
		pthread_join(p->tids[t], NULL);
	p->finished = true;
}

int kmod_prefetch__take(struct kmod_prefetch *p, size_t i, struct image_btf *img)
{
	struct slot *s = &p->slots[i];
	int err;

	kmod_prefetch__finish(p);
	if (s->taken)	/* asked again: read it again, as without a prefetch */
		return image__read_btf(p->mods[i].path, img);
	s->taken = true;
	*img = s->img;
	memset(&s->img, 0, sizeof(s->img));
	err = s->err;
	if (err)
		errmsg__set(err, "%s", s->msg ?: "");
	free(s->msg);
	s->msg = NULL;
	s->err = 0;
	return err;
}

void kmod_prefetch__free(struct kmod_prefetch *p)
{
	if (!p)
		return;
	kmod_prefetch__finish(p);
	for (size_t i = 0; i < p->n; i++) {
		image_btf_release(&p->slots[i].img);
		free(p->slots[i].msg);
	}
	pthread_mutex_destroy(&p->lock);
	free(p->slots);
	free(p);
}
