// SPDX-License-Identifier: GPL-2.0
#include <archive.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errmsg.h"
#include "image.h"
#include "package_priv.h"
#include "symvers_pkg.h"

/* Where exports and configs sit in a package: prefix, release, then suffix. */
static const struct {
	const char *pfx;	/* path up to the release */
	const char *sfx;	/* after it */
	bool config;		/* a config, not a Module.symvers */
} places[] = {
	{ "usr/src/linux-headers-", "/Module.symvers", false },
	{ "usr/src/kernels/", "/Module.symvers", false },
	{ "lib/modules/", "/symvers.gz", false },
	{ "usr/lib/modules/", "/symvers.gz", false },
	{ "boot/symvers-", ".gz", false },
	{ "usr/src/linux-headers-", "/.config", true },
	{ "usr/src/kernels/", "/.config", true },
	{ "boot/config-", "", true },
};

/* Reading state: the package and what was found so far. */
struct spkg {
	const char *path;	/* the package */
	struct symvers_pkg *found;	/* one per release */
	size_t cnt;		/* entries in @found */
};

static struct symvers_pkg *_release(struct spkg *s, const char *rel, size_t n)
{
	struct symvers_pkg *p;
	size_t i;

	for (i = 0; i < s->cnt; i++)
		if (strlen(s->found[i].release) == n && !strncmp(s->found[i].release, rel, n))
			return &s->found[i];
	p = realloc(s->found, (s->cnt + 1) * sizeof(*p));
	if (!p)
		return NULL;
	s->found = p;
	p += s->cnt;
	memset(p, 0, sizeof(*p));
	if (!(p->release = strndup(rel, n)))
		return NULL;
	s->cnt++;
	return p;
}

/* One file of the package: kept if it is a Module.symvers or a config. */
static int _entry(void *arg, struct archive *a, const char *name)
{
	struct spkg *s = arg;
	struct symvers_pkg *p;
	size_t i, n, len = 0;
	void *buf = NULL;

	int err;

	for (i = 0; i < sizeof(places) / sizeof(places[0]); i++) {
		size_t pl = strlen(places[i].pfx), sl = strlen(places[i].sfx), nl = strlen(name);
		const char *rel = name + pl;

		if (nl <= pl + sl || strncmp(name, places[i].pfx, pl) ||
		    strcmp(name + nl - sl, places[i].sfx))
			continue;
		n = nl - pl - sl;
		if (memchr(rel, '/', n))
			continue;
		p = _release(s, rel, n);
		if (!p)
			return -ENOMEM;
		if (places[i].config ? p->config != NULL : p->symvers != NULL)
			return 0;	/* the first place that has it counts */
		err = package__entry_data(a, name, &buf, &len);
		if (err)
			return err;
		if (places[i].config) {
			p->config = strndup(buf, len);
			free(buf);
			if (!p->config)
				return -ENOMEM;
		} else {
			p->symvers = buf;
			p->symvers_len = len;
			if (asprintf(&p->where, "%s:/%s", s->path, name) < 0)
				return -ENOMEM;
		}
		return 0;
	}
	return 0;
}

int symvers_pkg__read(const char *path, struct symvers_pkg **out, size_t *cnt)
{
	struct spkg s = { .path = path };
	struct pkg_read r = { .path = path, .visit = _entry, .visit_arg = &s };
	size_t i, j;
	int err = package__read(&r);

	pkg_read_release(&r);
	/* Keep the releases that have a Module.symvers. */
	for (i = j = 0; i < s.cnt; i++) {
		if (s.found[i].symvers) {
			s.found[j++] = s.found[i];
		} else {
			free(s.found[i].release);
			free(s.found[i].config);
		}
	}
	s.cnt = j;
	if (!err && !s.cnt)
		err = errmsg__set(-ENOENT, "cannot use '%s': no Module.symvers in this package "
				  "(linux-headers, kernel-devel)", path);
	if (err) {
		symvers_pkg_free_all(s.found, s.cnt);
		return err;
	}
	*out = s.found;
	*cnt = s.cnt;
	return 0;
}

void symvers_pkg_free_all(struct symvers_pkg *p, size_t cnt)
{
	size_t i;

	for (i = 0; i < cnt; i++) {
		free(p[i].release);
		free(p[i].where);
		free(p[i].symvers);
		free(p[i].config);
	}
	free(p);
}
