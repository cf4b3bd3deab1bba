// SPDX-License-Identifier: GPL-2.0
/*
 * Module.symvers against the binaries: both are sorted by name, walked
 * together, and every difference is kept with its two values, never
 * resolved silently.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exports.h"

static int _diff(struct export_check *c, const char *name, const char *what, const char *sv,
		 const char *bin)
{
	struct export_diff *p = realloc(c->diffs, (c->cnt + 1) * sizeof(*p));

	if (!p)
		return -ENOMEM;
	c->diffs = p;
	p += c->cnt++;
	p->name = name;
	p->what = what;
	snprintf(p->symvers, sizeof(p->symvers), "%s", sv);
	snprintf(p->binary, sizeof(p->binary), "%s", bin);
	return 0;
}


static int _cmp_pstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool _owner_in(const char *owner, bool have_vmlinux, char *const *owners, size_t n)
{
	if (!strcmp(owner, "vmlinux"))
		return have_vmlinux;
	return n && bsearch(&owner, owners, n, sizeof(*owners), _cmp_pstr);
}

/* Same name in both: owner, type, namespace, CRC. */
static int _compare(struct export_check *c, const struct export *s, const struct export *b)
{
	char x[16], y[16];
	int err = 0;

	c->compared++;
	if (strcmp(s->owner, b->owner))
		err = _diff(c, s->name, "owner", s->owner, b->owner);
	if (!err && s->gpl != b->gpl)
		err = _diff(c, s->name, "type", export__type(s), export__type(b));
	if (!err && strcmp(s->ns, b->ns))
		err = _diff(c, s->name, "namespace", s->ns, b->ns);
	if (!err && (b->has_crc ? s->crc != b->crc : s->crc != 0)) {
		snprintf(x, sizeof(x), "0x%08x", s->crc);
		snprintf(y, sizeof(y), b->has_crc ? "0x%08x" : "none", b->crc);
		err = _diff(c, s->name, "crc", x, y);
	}
	return err;
}

int kexports__check(const struct exports *sv, const struct exports *bin, bool have_vmlinux,
		    char *const *owners, size_t owners_cnt, struct export_check *out)
{
	size_t i = 0, j = 0;
	int err = 0;

	memset(out, 0, sizeof(*out));
	while (!err && (i < sv->cnt || j < bin->cnt)) {
		const struct export *s = i < sv->cnt ? &sv->syms[i] : NULL;
		const struct export *b = j < bin->cnt ? &bin->syms[j] : NULL;
		int cmp = !s ? 1 : !b ? -1 : strcmp(s->name, b->name);

		if (cmp < 0) {
			if (_owner_in(s->owner, have_vmlinux, owners, owners_cnt))
				err = _diff(out, s->name, "only-in-symvers", s->owner, "");
			else
				out->skipped++;
			i++;
		} else if (cmp > 0) {
			err = _diff(out, b->name, "only-in-binaries", "", b->owner);
			j++;
		} else {
			err = _compare(out, s, b);
			i++;
			j++;
		}
		/* A name twice in one source: each extra one is a difference. */
		while (!err && s && i < sv->cnt && cmp <= 0 && !strcmp(sv->syms[i].name, s->name))
			err = _diff(out, s->name, "duplicate", sv->syms[i++].owner, "");
		while (!err && b && j < bin->cnt && cmp >= 0 && !strcmp(bin->syms[j].name, b->name))
			err = _diff(out, b->name, "duplicate", "", bin->syms[j++].owner);
	}
	return err;
}

void export_check_release(struct export_check *c)
{
	if (!c)
		return;
	free(c->diffs);
	memset(c, 0, sizeof(*c));
}
