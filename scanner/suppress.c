// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errmsg.h"
#include "lines.h"
#include "suppress.h"

static void _rule_free(struct suppression *r)
{
	free(r->type);
	free(r->member);
	free(r->classes);
	free(r->release);
}

/* Check each name of a comma list and wrap it as ",a,b,". */
static int _classes(const char *list, bool (*valid)(const char *), char **out,
		    const char *path, size_t line)
{
	char *copy = strdup(list), *tok, *save = NULL, *s;
	size_t len = strlen(list) + 3;
	int err = 0;

	*out = NULL;
	s = malloc(len);
	if (!copy || !s) {
		free(copy);
		free(s);
		return -ENOMEM;
	}
	strcpy(s, ",");
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (!valid(tok)) {
			err = errmsg__set(-EINVAL, "cannot read '%s': line %zu: unknown change "
					  "class '%s'", path, line, tok);
			break;
		}
		strcat(s, tok);
		strcat(s, ",");
	}
	if (!err && !strcmp(s, ","))
		err = errmsg__set(-EINVAL, "cannot read '%s': line %zu: empty class list", path,
				  line);
	free(copy);
	if (err)
		free(s);
	else
		*out = s;
	return err;
}

/*
 * The next KEY=VALUE field of @*p, where VALUE may be "double quoted" to
 * hold spaces ("struct task_struct"). NULL at the end of the line; *@bad
 * is set for an unterminated quote.
 */
static char *_field(char **p, bool *bad)
{
	char *s = *p + strspn(*p, " \t"), *start = s, *d = s;
	bool quoted = false;

	if (!*s)
		return NULL;
	for (; *s && (quoted || (*s != ' ' && *s != '\t')); s++) {
		if (*s == '"')
			quoted = !quoted;
		else
			*d++ = *s;
	}
	*bad = quoted;
	*p = *s ? s + 1 : s;
	*d = '\0';
	return start;
}

static int _parse_line(char *line, struct suppression *r, bool (*valid)(const char *),
		       const char *path, size_t lineno)
{
	char *tok, *eq, **slot, *p = line;
	bool bad = false;
	int err = 0;

	while (!err && (tok = _field(&p, &bad))) {
		if (bad)
			return errmsg__set(-EINVAL, "cannot read '%s': line %zu: unterminated quote",
					   path, lineno);
		eq = strchr(tok, '=');
		if (!eq || eq == tok || !eq[1])
			return errmsg__set(-EINVAL, "cannot read '%s': line %zu: expected KEY=VALUE, "
					   "not '%s'", path, lineno, tok);
		*eq++ = '\0';
		if (!strcmp(tok, "type"))
			slot = &r->type;
		else if (!strcmp(tok, "member"))
			slot = &r->member;
		else if (!strcmp(tok, "release"))
			slot = &r->release;
		else if (!strcmp(tok, "class"))
			slot = &r->classes;
		else
			return errmsg__set(-EINVAL, "cannot read '%s': line %zu: unknown key '%s' "
					   "(type, member, class, release)", path, lineno, tok);
		if (*slot)
			return errmsg__set(-EINVAL, "cannot read '%s': line %zu: '%s' given twice",
					   path, lineno, tok);
		if (slot == &r->classes)
			err = _classes(eq, valid, slot, path, lineno);
		else if (!(*slot = strdup(eq)))
			err = -ENOMEM;
	}
	return err;
}

struct read_ctx {
	struct suppressions *s;
	bool (*valid)(const char *);
	const char *path;
};

static int _line(char *line, size_t lineno, void *arg)
{
	struct read_ctx *c = arg;
	struct suppression r = { .line = lineno }, *p;
	int err = _parse_line(line, &r, c->valid, c->path, lineno);

	p = err ? NULL : realloc(c->s->ptr, (c->s->cnt + 1) * sizeof(*p));
	if (!p) {
		_rule_free(&r);
		return err ?: -ENOMEM;
	}
	c->s->ptr = p;
	c->s->ptr[c->s->cnt++] = r;
	return 0;
}

int suppress__read(const char *path, bool (*valid_class)(const char *), struct suppressions *s)
{
	struct read_ctx c = { s, valid_class, path };
	int err;

	memset(s, 0, sizeof(*s));
	s->path = strdup(path);
	err = s->path ? lines__read(path, _line, &c) : -ENOMEM;
	if (!err && !s->cnt)
		err = errmsg__set(-EINVAL, "cannot read '%s': no suppressions", path);
	if (err)
		suppressions_release(s);
	return err;
}

static bool _glob(const char *pattern, const char *s)
{
	return !pattern || !fnmatch(pattern, s ?: "", 0);
}

const struct suppression *suppress__match(const struct suppressions *s, const char *type,
					  const char *path, const char *cls,
					  const char *release)
{
	const char *bare = strchr(type, ' ');
	char key[96];
	size_t i;

	snprintf(key, sizeof(key), ",%s,", cls);
	for (i = 0; i < s->cnt; i++) {
		const struct suppression *r = &s->ptr[i];

		if ((_glob(r->type, type) || (bare && _glob(r->type, bare + 1))) &&
		    _glob(r->member, path) && _glob(r->release, release) &&
		    (!r->classes || strstr(r->classes, key)))
			return r;
	}
	return NULL;
}

void suppressions_release(struct suppressions *s)
{
	size_t i;

	for (i = 0; i < s->cnt; i++)
		_rule_free(&s->ptr[i]);
	free(s->ptr);
	free(s->path);
	memset(s, 0, sizeof(*s));
}
