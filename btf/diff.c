// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "render.h"

/* A copy of @s without its trailing ";\n", for one-line definitions. */
static char *_chomp(const char *s)
{
	size_t n = strlen(s);

	while (n && (s[n - 1] == '\n' || s[n - 1] == ';'))
		n--;
	return strndup(s, n);
}

static int _add(struct change_list *l, enum change_kind kind, const char *member,
		const char *old, const char *new)
{
	struct change *c;

	if (l->cnt == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 8;

		c = realloc(l->ptr, cap * sizeof(*c));
		if (!c)
			return -ENOMEM;
		l->ptr = c;
		l->cap = cap;
	}
	c = &l->ptr[l->cnt];
	c->kind = kind;
	c->member = member ? strdup(member) : NULL;
	c->old = old ? _chomp(old) : NULL;
	c->new = new ? _chomp(new) : NULL;
	if ((member && !c->member) || (old && !c->old) || (new && !c->new)) {
		free(c->member);
		free(c->old);
		free(c->new);
		return -ENOMEM;
	}
	l->cnt++;
	return 0;
}

/* Row @name in @r, or NULL; unnamed rows never match. */
static const struct member_row *_row(const struct rendering *r, const char *name)
{
	size_t i;

	if (!*name)
		return NULL;
	for (i = 0; i < r->members_cnt; i++)
		if (!strcmp(r->members[i].name, name))
			return &r->members[i];
	return NULL;
}

/* Enumerators compare as "NAME = value"; members by their declaration. */
static char *_line(const struct rendering *r, const struct member_row *m)
{
	char *s;

	if (strcmp(r->kind, "enum"))
		return strdup(m->decl);
	if (asprintf(&s, "%s = %lld", m->decl, m->value) < 0)
		return NULL;
	return s;
}

static char *_offset(const struct member_row *m)
{
	char *s;
	int n;

	if (m->bitfield_size || m->bit_offset % 8)
		n = asprintf(&s, "%llu:%llu", (unsigned long long)m->bit_offset / 8,
			     (unsigned long long)m->bit_offset % 8);
	else
		n = asprintf(&s, "%llu", (unsigned long long)m->bit_offset / 8);
	return n < 0 ? NULL : s;
}

/* Compare one old row with its new counterpart (or none). */
static int _cmp_row(const struct rendering *a, const struct rendering *b,
		    const struct member_row *ma, const struct member_row *mb,
		    struct change_list *out)
{
	char *la = _line(a, ma), *lb = mb ? _line(b, mb) : NULL, *oa = NULL, *ob = NULL;
	int err = 0;

	if (!la || (mb && !lb))
		err = -ENOMEM;
	else if (!mb)
		err = _add(out, CHANGE_REMOVED, ma->name, la, NULL);
	else if (strcmp(la, lb))
		err = _add(out, CHANGE_MEMBER, ma->name, la, lb);
	else if (ma->bit_offset != mb->bit_offset && strcmp(a->kind, "enum")) {
		oa = _offset(ma);
		ob = _offset(mb);
		err = oa && ob ? _add(out, CHANGE_OFFSET, ma->name, oa, ob) : -ENOMEM;
	}
	free(la);
	free(lb);
	free(oa);
	free(ob);
	return err;
}

static int _by_name(const struct rendering *a, const struct rendering *b,
		    struct change_list *out)
{
	size_t i;
	int err = 0;

	for (i = 0; !err && i < a->members_cnt; i++)
		if (*a->members[i].name)
			err = _cmp_row(a, b, &a->members[i], _row(b, a->members[i].name), out);
	for (i = 0; !err && i < b->members_cnt; i++) {
		const struct member_row *m = &b->members[i];
		char *l;

		if (!*m->name || _row(a, m->name))
			continue;
		l = _line(b, m);
		err = l ? _add(out, CHANGE_ADDED, m->name, NULL, l) : -ENOMEM;
		free(l);
	}
	return err;
}

static int _by_position(const struct rendering *a, const struct rendering *b,
			struct change_list *out)
{
	size_t i, n = a->members_cnt > b->members_cnt ? a->members_cnt : b->members_cnt;
	int err = 0;

	for (i = 0; !err && i < n; i++) {
		if (i >= b->members_cnt)
			err = _add(out, CHANGE_REMOVED, a->members[i].name, a->members[i].decl,
				   NULL);
		else if (i >= a->members_cnt)
			err = _add(out, CHANGE_ADDED, b->members[i].name, NULL,
				   b->members[i].decl);
		else if (strcmp(a->members[i].decl, b->members[i].decl))
			err = _add(out, CHANGE_MEMBER, b->members[i].name, a->members[i].decl,
				   b->members[i].decl);
	}
	return err;
}

int diff__renderings(const struct rendering *a, const struct rendering *b,
		     struct change_list *out)
{
	char sa[24], sb[24];
	int err = 0;

	if (strcmp(a->kind, b->kind))
		return _add(out, CHANGE_KIND, NULL, a->kind, b->kind);
	if (!strcmp(a->kind, "func")) {
		const char *pa = strchr(a->definition, '('), *pb = strchr(b->definition, '(');

		/* The return type is what precedes the name. */
		if (pa && pb && (pa - a->definition != pb - b->definition ||
				 strncmp(a->definition, b->definition, pa - a->definition)))
			err = _add(out, CHANGE_MEMBER, "return", a->definition, b->definition);
		return err ?: _by_position(a, b, out);
	}
	if (strcmp(a->kind, "typedef") && a->size != b->size) {
		snprintf(sa, sizeof(sa), "%u", a->size);
		snprintf(sb, sizeof(sb), "%u", b->size);
		err = _add(out, CHANGE_SIZE, NULL, sa, sb);
	}
	if (!err && !strcmp(a->kind, "typedef") && !a->members_cnt &&
	    strcmp(a->definition, b->definition))
		err = _add(out, CHANGE_MEMBER, NULL, a->definition, b->definition);
	return err ?: _by_name(a, b, out);
}

const char *diff__kind_name(enum change_kind kind)
{
	static const char *names[] = { "kind", "size", "member", "offset", "added", "removed",
				       "export" };

	return kind <= CHANGE_EXPORT ? names[kind] : "?";
}

int change_list__add(struct change_list *l, enum change_kind kind, const char *member,
		     const char *old, const char *new)
{
	return _add(l, kind, member, old, new);
}

void change_list_release(struct change_list *l)
{
	size_t i;

	for (i = 0; i < l->cnt; i++) {
		free(l->ptr[i].member);
		free(l->ptr[i].old);
		free(l->ptr[i].new);
	}
	free(l->ptr);
	memset(l, 0, sizeof(*l));
}
