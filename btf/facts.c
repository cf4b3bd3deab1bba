// SPDX-License-Identifier: GPL-2.0
/*
 * Facts for the compat header, from a looked-up cell. For
 *
 *   struct vfio_pci_regops { ssize_t (*rw)(struct vfio_pci_core_device *, ...); ... };
 *
 * they are KABI_HAVE_STRUCT_VFIO_PCI_REGOPS 1, KABI_SIZEOF_STRUCT_... 32, and
 * per member KABI_HAVE_MEMBER_VFIO_PCI_REGOPS_RW 1, KABI_OFFSETOF_..._RW 0,
 * KABI_RET_..._RW ssize_t, KABI_NARGS_..._RW 5, KABI_ARG_..._RW_1 struct
 * vfio_pci_core_device *, ... Types are spelled as the report prints them,
 * which is valid C.
 */
#include <ctype.h>
#include <stdarg.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/btf.h>

#include "facts.h"
#include "lookup.h"
#include "render.h"

char *facts__macro_name(const char *s)
{
	char *m = strdup(s), *p;

	for (p = m; p && *p; p++)
		*p = isalnum((unsigned char)*p) ? toupper((unsigned char)*p) : '_';
	return m;
}

static int _fact(struct fact_list *l, bool presence, const char *value, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int _fact(struct fact_list *l, bool presence, const char *value, const char *fmt, ...)
{
	struct fact *f = realloc(l->facts, (l->facts_cnt + 1) * sizeof(*f));
	va_list ap;
	int n;

	if (!f)
		return -ENOMEM;
	l->facts = f;
	f = &l->facts[l->facts_cnt];
	va_start(ap, fmt);
	n = vasprintf(&f->macro, fmt, ap);
	va_end(ap);
	f->value = strdup(value);
	f->presence = presence;
	if (n < 0 || !f->value) {
		free(n < 0 ? NULL : f->macro);
		free(f->value);
		return -ENOMEM;
	}
	l->facts_cnt++;
	return 0;
}

static int _check(struct fact_list *l, const char *expr, unsigned long long v)
{
	struct check *c = realloc(l->checks, (l->checks_cnt + 1) * sizeof(*c));

	if (!c)
		return -ENOMEM;
	l->checks = c;
	c = &l->checks[l->checks_cnt];
	c->expr = strdup(expr);
	if (asprintf(&c->value, "%llu", v) < 0)
		c->value = NULL;
	if (!c->expr || !c->value) {
		free(c->expr);
		free(c->value);
		return -ENOMEM;
	}
	l->checks_cnt++;
	return 0;
}

/* The id of the FUNC_PROTO a member's type points to (through typedefs), or 0. */
static __u32 _proto(const struct btf *btf, __u32 id)
{
	const struct btf_type *t = btf__type_by_id(btf, id);
	int n = 0;

	while (t && n++ < 16 && (btf_is_typedef(t) || btf_is_mod(t) ||
				 btf_kind(t) == BTF_KIND_TYPE_TAG))
		t = btf__type_by_id(btf, id = t->type);
	if (!t || !btf_is_ptr(t))
		return 0;
	t = btf__type_by_id(btf, id = t->type);
	while (t && n++ < 32 && (btf_is_mod(t) || btf_kind(t) == BTF_KIND_TYPE_TAG))
		t = btf__type_by_id(btf, id = t->type);
	return t && btf_is_func_proto(t) ? id : 0;
}

/*
 * Type @id spelled so that "SPELLING name" declares name: a function
 * pointer or an array cannot be written that way ("int (*)(void *) fn"),
 * so those become __typeof__(int (*)(void *)), which can (GNU C, as the
 * kernel is). NULL on allocation failure.
 */
static char *_usable_type(const struct btf *btf, __u32 id)
{
	char *s = render__decl(btf, id, ""), *w;

	if (!s || !strpbrk(s, "(["))
		return s;
	if (asprintf(&w, "__typeof__(%s)", s) < 0)
		w = NULL;
	free(s);
	return w;
}

/*
 * RET, NARGS, ARG_i, VARIADIC and PROTO facts of prototype @pid, under
 * macro prefix @pfx. PROTO is the whole declaration, "..." and all:
 * KABI_PROTO_FUNC_PCI_WALK_BUS(kabi_fn) declares kabi_fn with
 * pci_walk_bus's prototype.
 */
static int _proto_facts(struct fact_list *l, const struct btf *btf, __u32 pid,
			const char *pfx, const char *name)
{
	const struct btf_type *p = btf__type_by_id(btf, pid);
	const struct btf_param *prm = btf_params(p);
	__u16 i, n = btf_vlen(p);
	bool variadic = n && !prm[n - 1].type;
	char *s, nargs[8];
	int err;

	n -= variadic;	/* "...": not an argument a driver can name */
	s = _usable_type(btf, p->type);
	err = s ? _fact(l, false, s, "KABI_RET_%s%s", pfx, name) : -ENOMEM;
	free(s);
	snprintf(nargs, sizeof(nargs), "%u", n);
	err = err ?: _fact(l, false, nargs, "KABI_NARGS_%s%s", pfx, name);
	for (i = 0; !err && i < n; i++) {
		s = _usable_type(btf, prm[i].type);
		err = s ? _fact(l, false, s, "KABI_ARG_%s%s_%u", pfx, name, i + 1) : -ENOMEM;
		free(s);
	}
	if (!err && variadic)
		err = _fact(l, false, "1", "KABI_VARIADIC_%s%s", pfx, name);
	s = err ? NULL : render__decl(btf, pid, "kabi_fn");
	err = err ?: s ? _fact(l, false, s, "KABI_PROTO_%s%s(kabi_fn)", pfx, name) : -ENOMEM;
	free(s);
	return err;
}

static int _member_facts(struct fact_list *l, const struct cell *c, const struct rendering *r,
			 const char *kw, const char *name)
{
	char *mm, *pfx, *expr;
	size_t i;
	int err = 0;

	for (i = 0; !err && i < r->members_cnt; i++) {
		const struct member_row *m = &r->members[i];
		__u32 p;

		if (!*m->name)
			continue;
		mm = facts__macro_name(m->name);
		if (!mm)
			return -ENOMEM;
		err = _fact(l, true, "1", "KABI_HAVE_MEMBER_%s_%s", name, mm);
		if (!err && !m->bitfield_size) {
			char off[24];

			snprintf(off, sizeof(off), "%llu", (unsigned long long)m->bit_offset / 8);
			err = _fact(l, false, off, "KABI_OFFSETOF_%s_%s", name, mm);
			if (!err && asprintf(&expr, "__builtin_offsetof(%s %s, %s)", kw, r->name,
					     m->name) >= 0) {
				err = _check(l, expr, m->bit_offset / 8);
				free(expr);
			}
		}
		p = _proto(c->btf, m->type_id);
		if (!err && p && asprintf(&pfx, "%s_", name) >= 0) {
			err = _proto_facts(l, c->btf, p, pfx, mm);
			free(pfx);
		}
		free(mm);
	}
	return err;
}

static int _enum_facts(struct fact_list *l, const struct rendering *r)
{
	size_t i;
	int err = 0;

	for (i = 0; !err && i < r->members_cnt; i++) {
		char *v = facts__macro_name(r->members[i].name), val[24];

		if (!v)
			return -ENOMEM;
		if (r->members[i].value_unsigned && r->members[i].value < 0)
			snprintf(val, sizeof(val), "%lluULL", (unsigned long long)r->members[i].value);
		else
			snprintf(val, sizeof(val), "%lld", r->members[i].value);
		err = _fact(l, true, "1", "KABI_HAVE_ENUMVAL_%s", v);
		err = err ?: _fact(l, false, val, "KABI_ENUMVAL_%s", v);
		free(v);
	}
	return err;
}

/* The kind word of a query's macros: STRUCT, UNION, ENUM, TYPEDEF, FUNC. */
static const char *_kind(const struct type_query *q, const struct rendering *r)
{
	const char *k = r ? r->kind : q->kind == BTF_KIND_UNION ? "union" :
			q->kind == BTF_KIND_ENUM ? "enum" : q->kind == BTF_KIND_TYPEDEF ?
			"typedef" : q->kind == BTF_KIND_FUNC ? "func" : "struct";

	return !strcmp(k, "union") ? "UNION" : !strcmp(k, "enum") ? "ENUM" :
	       !strcmp(k, "typedef") ? "TYPEDEF" : !strcmp(k, "func") ? "FUNC" : "STRUCT";
}

int facts__add(const struct type_query *q, const struct cell *c, const struct rendering *r,
	       struct fact_list *out)
{
	const char *kind = _kind(q, c->state == CELL_PRESENT ? r : NULL);
	char *name = facts__macro_name(q->name), size[24], *expr = NULL;
	const struct btf_type *t;
	int err;

	if (!name)
		return -ENOMEM;
	err = _fact(out, true, c->state == CELL_PRESENT ? "1" : "0", "KABI_HAVE_%s_%s", kind, name);
	if (err || c->state != CELL_PRESENT)
		goto done;
	if (!strcmp(kind, "FUNC")) {
		__u32 pid = btf__type_by_id(c->btf, c->id)->type;

		t = btf__type_by_id(c->btf, pid);
		err = t && btf_is_func_proto(t) ? _proto_facts(out, c->btf, pid, "FUNC_", name) : 0;
		goto done;
	}
	if (!strcmp(kind, "ENUM")) {
		err = _enum_facts(out, r);
		goto done;
	}
	snprintf(size, sizeof(size), "%u", r->size);
	err = _fact(out, false, size, "KABI_SIZEOF_%s_%s", kind, name);
	if (!err && asprintf(&expr, "sizeof(%s%s%s)", strcmp(kind, "TYPEDEF") ? r->kind : "",
			     strcmp(kind, "TYPEDEF") ? " " : "", r->name) >= 0)
		err = _check(out, expr, r->size);
	if (!err && (!strcmp(kind, "STRUCT") || !strcmp(kind, "UNION")))
		err = _member_facts(out, c, r, r->kind, name);
done:
	free(expr);
	free(name);
	return err;
}

void fact_list__drop_checks(struct fact_list *l)
{
	size_t i;

	for (i = 0; i < l->checks_cnt; i++) {
		free(l->checks[i].expr);
		free(l->checks[i].value);
	}
	free(l->checks);
	l->checks = NULL;
	l->checks_cnt = 0;
	l->no_layout = true;
}

void fact_list_release(struct fact_list *l)
{
	size_t i;

	for (i = 0; i < l->facts_cnt; i++) {
		free(l->facts[i].macro);
		free(l->facts[i].value);
	}
	fact_list__drop_checks(l);
	free(l->facts);
	memset(l, 0, sizeof(*l));
}
