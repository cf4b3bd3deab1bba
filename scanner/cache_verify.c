// SPDX-License-Identifier: GPL-2.0
/*
 * `kabiscan cache verify`: an entry is believed as it stands, so check it
 * against the files it was read from, where they still exist. The key is
 * computed again from the files' contents (not through the stat index,
 * which lives in the same directory and could lie as well), then every blob
 * is read again from its file and compared byte for byte.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cache.h"
#include "cache_priv.h"
#include "errmsg.h"
#include "kdir.h"
#include "package.h"

/* The key of @kf from its files' contents alone. */
static int _fresh_key(struct cache *c, const struct kernel_files *kf, char key[CACHE_KEY_HEX])
{
	struct cache shadow = { .dir = c->dir, .kernels = c->kernels, .strict = true };
	int err;

	pthread_mutex_init(&shadow.lock, NULL);
	err = cache__key(&shadow, kf, key);
	cache_index__release(&shadow);
	pthread_mutex_destroy(&shadow.lock);
	return err;
}

/* Does what @path holds now equal @kept? A message in @why when not. */
static int _same_blob(const char *path, const struct image_btf *kept, char *why, size_t cap)
{
	struct image_btf now = { 0 };
	int err = image__read_btf(path, &now);

	if (err) {
		snprintf(why, cap, "%s", errmsg__get() ?: strerror(-err));
		errmsg__clear();
		return 0;
	}
	if (now.size != kept->size || (now.size && memcmp(now.data, kept->data, now.size)))
		snprintf(why, cap, "'%s': its BTF (%zu bytes) is not the entry's (%zu bytes%s)",
			 path, now.size, kept->size, now.size == kept->size ? ", other bytes" : "");
	else if (!!now.vermagic != !!kept->vermagic ||
		 (now.vermagic && strcmp(now.vermagic, kept->vermagic)))
		snprintf(why, cap, "'%s': its vermagic differs from the entry's", path);
	else if (now.build_id_len != kept->build_id_len ||
		 memcmp(now.build_id, kept->build_id, now.build_id_len))
		snprintf(why, cap, "'%s': its build-id differs from the entry's", path);
	image_btf_release(&now);
	return 0;
}

/* Every blob of @e, decompressed and checked, into its image. */
static int _take_blobs(struct cache_entry *e)
{
	size_t i;
	int err = cache_entry__blob(e, CACHE_VMLINUX, e->kf->vmlinux ?: "vmlinux", &e->vmlinux.data,
				    &e->vmlinux.size);

	for (i = 0; !err && i < e->mods_cnt; i++)
		err = cache_entry__blob(e, i, e->kf->modules[i], &e->mods[i].data,
					&e->mods[i].size);
	return err;
}

/* The first of @kf's files that is gone, or NULL. */
static const char *_gone(const struct kernel_files *kf)
{
	size_t i;

	if (kf->vmlinux && access(kf->vmlinux, F_OK))
		return kf->vmlinux;
	if (kf->config && access(kf->config, F_OK))
		return kf->config;
	for (i = 0; i < kf->modules_cnt; i++)
		if (access(kf->modules[i], F_OK))
			return kf->modules[i];
	return NULL;
}

int cache__verify(struct cache *c, const char *key, struct cache_check *out)
{
	struct cache_entry *e = NULL;
	char fresh[CACHE_KEY_HEX];
	const char *gone;
	size_t i;
	int err;

	memset(out, 0, sizeof(*out));
	err = cache__load(c, key, &e);
	if (!err && (err = _take_blobs(e)))
		cache_entry__free(e);
	if (err) {
		out->verdict = CACHE_DAMAGED;
		snprintf(out->why, sizeof(out->why), "%s", errmsg__get() ?: strerror(-err));
		errmsg__clear();
		return err == -ENOMEM ? err : 0;
	}
	snprintf(out->release, sizeof(out->release), "%s", e->kf->release);
	if (package__is_package(e->kf->origin)) {
		out->verdict = CACHE_UNCHECKED;
		snprintf(out->why, sizeof(out->why), "read from packages ('%s'); report them with "
			 "--no-cache to compare", e->kf->origin);
	} else if ((gone = _gone(e->kf))) {
		out->verdict = CACHE_GONE;
		snprintf(out->why, sizeof(out->why), "'%s' no longer exists", gone);
	} else if ((err = _fresh_key(c, e->kf, fresh))) {
		out->verdict = CACHE_GONE;
		snprintf(out->why, sizeof(out->why), "%s", errmsg__get() ?: strerror(-err));
		errmsg__clear();
	} else if (strcmp(fresh, key)) {
		out->verdict = CACHE_STALE;
		snprintf(out->why, sizeof(out->why), "the files changed since (now key %s): it "
			 "is no longer used for them", fresh);
	} else {
		if (e->kf->vmlinux)
			_same_blob(e->kf->vmlinux, &e->vmlinux, out->why, sizeof(out->why));
		for (i = 0; !out->why[0] && i < e->kf->modules_cnt && i < e->mods_cnt; i++)
			_same_blob(e->kf->modules[i], &e->mods[i], out->why, sizeof(out->why));
		out->verdict = out->why[0] ? CACHE_MISMATCH : CACHE_OK;
	}
	cache_entry__free(e);
	return err == -ENOMEM ? err : 0;
}
