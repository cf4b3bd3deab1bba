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

/* Take a last word @flag off the @n words at @w: is it there? */
static bool _flag(char **w, size_t *n, const char *flag)
{
	if (*n < 2 || strcmp(w[*n - 1], flag))
		return false;
	w[--*n] = NULL;
	return true;
}

/*
 * "struct  foo " -> "struct foo"; NULL if the line is not an entry. Last
 * words "alloc" and "nolayout", in either order, set *@alloc and *@nolayout.
 */
static char *_entry(char *line, bool *alloc, bool *nolayout)
{
	char *w[5] = { 0 }, *w1, *w2, *save = NULL, *out;
	size_t i, n;

	for (n = 0; n < 5 && (w[n] = strtok_r(n ? NULL : line, " \t", &save)); n++)
		;
	*nolayout = _flag(w, &n, "nolayout");
	*alloc = _flag(w, &n, "alloc");
	*nolayout = _flag(w, &n, "nolayout") || *nolayout;
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

static int _add(struct spec *s, char *entry, bool alloc, bool nolayout)
{
	char **p = realloc(s->names, (s->cnt + 1) * sizeof(*p));
	bool *a = p ? realloc(s->alloc, (s->cnt + 1) * sizeof(*a)) : NULL;
	bool *nl = a ? realloc(s->nolayout, (s->cnt + 1) * sizeof(*nl)) : NULL;

	if (p)
		s->names = p;
	if (a)
		s->alloc = a;
	if (!nl) {
		free(entry);
		return -ENOMEM;
	}
	s->nolayout = nl;
	s->alloc[s->cnt] = alloc;
	s->nolayout[s->cnt] = nolayout;
	s->names[s->cnt++] = entry;
	return 0;
}

/* "sym NAME": a symbol, kept apart from the types. */
static int _sym(struct spec *s, const char *line)
{
	char **p;
	const char *name = line + 3;
	size_t n;

	name += strspn(name, " \t");
	n = strcspn(name, " \t");
	if (name[n + strspn(name + n, " \t")] || !spec__is_ident(name, n))
		return -EINVAL;
	p = realloc(s->syms, (s->syms_cnt + 1) * sizeof(*p));
	if (!p)
		return -ENOMEM;
	s->syms = p;
	return (p[s->syms_cnt] = strndup(name, n)) ? (s->syms_cnt++, 0) : -ENOMEM;
}

struct spec_ctx {
	struct spec *s;
	const char *path;
};

static int _line(char *line, size_t lineno, void *arg)
{
	struct spec_ctx *c = arg;
	bool alloc, nolayout;
	char *entry;
	int err = -EINVAL;

	line += strspn(line, " \t");
	if (!strncmp(line, "sym", 3) && (line[3] == ' ' || line[3] == '\t'))
		err = _sym(c->s, line);
	entry = err == -EINVAL ? _entry(line, &alloc, &nolayout) : NULL;
	if (err == -EINVAL && !entry)
		return errmsg__set(-EINVAL, "cannot read '%s': line %zu: expected NAME, "
				   "struct|union|enum|typedef|func NAME, then maybe alloc or "
				   "nolayout, or sym NAME", c->path, lineno);
	if (!entry)
		return err;
	return _add(c->s, entry, alloc, nolayout);
}

int spec__read(const char *path, struct spec *s)
{
	struct spec_ctx c = { s, path };
	int err;

	memset(s, 0, sizeof(*s));
	err = lines__read(path, _line, &c);
	if (!err && !s->cnt && !s->syms_cnt)
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
	for (i = 0; i < s->syms_cnt; i++)
		free(s->syms[i]);
	free(s->syms);
	free(s->alloc);
	free(s->nolayout);
	memset(s, 0, sizeof(*s));
}
