// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "exports.h"

#define BLOCK_SIZE ((size_t)64 << 10)

/* A chunk of string storage; strings never move once stored. */
struct exports_block {
	struct exports_block *next;	/* the block filled before this one */
	size_t used;		/* bytes of @data in use */
	size_t size;		/* bytes at @data */
	char data[];		/* the strings */
};

const char *exports__intern(struct exports *ex, const char *s, size_t len)
{
	struct exports_block *b = ex->blocks;
	char *p;

	if (!b || b->size - b->used < len + 1) {
		size_t size = len + 1 > BLOCK_SIZE ? len + 1 : BLOCK_SIZE;

		b = malloc(sizeof(*b) + size);
		if (!b)
			return NULL;
		b->next = ex->blocks;
		b->used = 0;
		b->size = size;
		ex->blocks = b;
	}
	p = b->data + b->used;
	memcpy(p, s, len);
	p[len] = '\0';
	b->used += len + 1;
	return p;
}

int exports__add(struct exports *ex, const char *name, const char *owner, const char *ns,
		 uint32_t crc, bool has_crc, bool gpl)
{
	struct export *e;

	if (ex->cnt == ex->cap) {
		size_t cap = ex->cap ? ex->cap * 2 : 1024;
		struct export *p = realloc(ex->syms, cap * sizeof(*p));

		if (!p)
			return -ENOMEM;
		ex->syms = p;
		ex->cap = cap;
	}
	e = &ex->syms[ex->cnt];
	e->name = exports__intern(ex, name, strlen(name));
	/* Owners repeat: reuse the previous entry's copy when it is the same. */
	if (ex->cnt && !strcmp(ex->syms[ex->cnt - 1].owner, owner))
		e->owner = ex->syms[ex->cnt - 1].owner;
	else
		e->owner = exports__intern(ex, owner, strlen(owner));
	e->ns = ns && *ns ? exports__intern(ex, ns, strlen(ns)) : "";
	if (!e->name || !e->owner || !e->ns)
		return -ENOMEM;
	e->crc = crc;
	e->has_crc = has_crc;
	e->gpl = gpl;
	e->seq = ex->cnt;
	ex->has_crcs |= has_crc && crc;
	ex->cnt++;
	return 0;
}

static int _cmp(const void *a, const void *b)
{
	const struct export *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	return c ?: strcmp(x->owner, y->owner);
}

void exports__sort(struct exports *ex)
{
	if (ex->cnt)
		qsort(ex->syms, ex->cnt, sizeof(*ex->syms), _cmp);
}

const struct export *exports__find(const struct exports *ex, const char *name)
{
	size_t lo = 0, hi = ex->cnt;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(ex->syms[mid].name, name);

		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < ex->cnt && !strcmp(ex->syms[lo].name, name) ? &ex->syms[lo] : NULL;
}

int exports__merge(struct exports *to, const struct exports *from)
{
	size_t i;
	int err = 0;

	for (i = 0; !err && i < from->cnt; i++) {
		const struct export *e = &from->syms[i];

		err = exports__add(to, e->name, e->owner, e->ns, e->crc, e->has_crc, e->gpl);
	}
	return err;
}

void exports_release(struct exports *ex)
{
	struct exports_block *b, *next;

	if (!ex)
		return;
	for (b = ex->blocks; b; b = next) {
		next = b->next;
		free(b);
	}
	free(ex->syms);
	memset(ex, 0, sizeof(*ex));
}

const char *export__type(const struct export *e)
{
	return e->gpl ? "EXPORT_SYMBOL_GPL" : "EXPORT_SYMBOL";
}
