// SPDX-License-Identifier: GPL-2.0
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errmsg.h"
#include "lines.h"
#include "spec.h"

static const char *kinds[] = { "struct", "union", "enum", "typedef", "func" };

bool spec__is_ident(const char *s, size_t n)
{
	size_t i;

	if (!n || !(isalpha((unsigned char)s[0]) || s[0] == '_'))
		return false;
	for (i = 1; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '_')
			return false;
	return true;
}

/*
 * "struct  foo " -> "struct foo"; NULL if the line is not an entry. A last
 * word "alloc" sets *@alloc.
 */
static char *_entry(char *line, bool *alloc)
{
	char *w[4] = { 0 }, *w1, *w2, *save = NULL, *out;
	size_t i, n;

	for (n = 0; n < 4 && (w[n] = strtok_r(n ? NULL : line, " \t", &save)); n++)
		;
	*alloc = n > 1 && !strcmp(w[n - 1], "alloc");
	n -= *alloc;
	if (n < 1 || n > 2)
		return NULL;
	w1 = w[0];
	w2 = n > 1 ? w[1] : NULL;
	if (!w2)
		return spec__is_ident(w1, strlen(w1)) ? strdup(w1) : NULL;
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (!strcmp(w1, kinds[i]) && spec__is_ident(w2, strlen(w2)))
			return asprintf(&out, "%s %s", w1, w2) < 0 ? NULL : out;
	return NULL;
}

static int _add(struct spec *s, char *entry, bool alloc)
{
	char **p = realloc(s->names, (s->cnt + 1) * sizeof(*p));
	bool *a = p ? realloc(s->alloc, (s->cnt + 1) * sizeof(*a)) : NULL;

	if (p)
		s->names = p;
	if (!a) {
		free(entry);
		return -ENOMEM;
	}
	s->alloc = a;
	s->alloc[s->cnt] = alloc;
	s->names[s->cnt++] = entry;
	return 0;
}

struct spec_ctx {
	struct spec *s;
	const char *path;
};

static int _line(char *line, size_t lineno, void *arg)
{
	struct spec_ctx *c = arg;
	bool alloc;
	char *entry = _entry(line, &alloc);

	if (!entry)
		return errmsg__set(-EINVAL, "cannot read '%s': line %zu: expected NAME or "
				   "struct|union|enum|typedef|func NAME, then maybe alloc",
				   c->path, lineno);
	return _add(c->s, entry, alloc);
}

int spec__read(const char *path, struct spec *s)
{
	struct spec_ctx c = { s, path };
	int err;

	memset(s, 0, sizeof(*s));
	err = lines__read(path, _line, &c);
	if (!err && !s->cnt)
		err = errmsg__set(-EINVAL, "cannot read '%s': no entries", path);
	if (err)
		spec_release(s);
	return err;
}

void spec_release(struct spec *s)
{
	size_t i;

	for (i = 0; i < s->cnt; i++)
		free(s->names[i]);
	free(s->names);
	free(s->alloc);
	memset(s, 0, sizeof(*s));
}
