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
#include <xxhash.h>

#include "../scanner/errmsg.h"
#include "../scanner/quote.h"
#include "facts.h"
#include "lookup.h"
#include "render.h"

/*
 * Names from type data go into #defines and _Static_asserts verbatim, so one
 * that is not a C identifier (a newline and "#define", a quote) would become
 * code. Every name the header writes passes here, or the header is refused
 * naming the type. A member path "a.b" (a member of an anonymous member) is
 * checked part by part.
 */
static int _name_ok(const struct type_query *q, const char *what, const char *name)
{
	char *dup = strdup(name), *part, *save = NULL;
	bool ok = dup && *dup;

	for (part = dup ? strtok_r(dup, ".", &save) : NULL; ok && part;
	     part = strtok_r(NULL, ".", &save))
		ok = quote__is_ident(part);
	ok = ok && name[0] != '.' && name[strlen(name) - 1] != '.' && !strstr(name, "..");
	free(dup);
	if (!dup)
		return -ENOMEM;
	return ok ? 0 : errmsg__set(-EINVAL, "cannot make a header for '%s': %s '%s' is not a C "
				    "identifier", q->spelled, what, name);
}

/* A base type's name: identifiers between single spaces ("long unsigned int"). */
static int _base_name_ok(const struct type_query *q, const char *name)
{
	char *dup = strdup(name), *w, *save = NULL;
	bool ok = dup && *dup && name[0] != ' ' && name[strlen(name) - 1] != ' ' &&
		  !strstr(name, "  ");

	for (w = ok ? strtok_r(dup, " ", &save) : NULL; ok && w; w = strtok_r(NULL, " ", &save))
		ok = quote__is_ident(w);
	free(dup);
	if (!dup)
		return -ENOMEM;
	return ok ? 0 : errmsg__set(-EINVAL, "cannot make a header for '%s': type name '%s' is "
				    "not a C identifier", q->spelled, name);
}

/* The names a declarator of type @id prints (render__decl), each through _name_ok(). */
static int _decl_names_ok(const struct type_query *q, const struct btf *btf, __u32 id,
			  int depth)
{
	const struct btf_type *t = btf__type_by_id(btf, id);
	const struct btf_param *p;
	int err;
	__u16 i;

	if (!id || !t)
		return 0;
	if (depth > 64)
		return errmsg__set(-ELOOP, "cannot make a header for '%s': its declarators nest "
				   "deeper than any C type, or loop", q->spelled);
	switch (btf_kind(t)) {
	case BTF_KIND_PTR:
	case BTF_KIND_CONST:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_TYPE_TAG:
		return _decl_names_ok(q, btf, t->type, depth + 1);
	case BTF_KIND_ARRAY:
		return _decl_names_ok(q, btf, btf_array(t)->type, depth + 1);
	case BTF_KIND_FUNC_PROTO:
		p = btf_params(t);
		err = _decl_names_ok(q, btf, t->type, depth + 1);
		for (i = 0; !err && i < btf_vlen(t); i++)
			err = _decl_names_ok(q, btf, p[i].type, depth + 1);
		return err;
	case BTF_KIND_INT:
	case BTF_KIND_FLOAT:
		return _base_name_ok(q, btf__name_by_offset(btf, t->name_off) ?: "");
	default:
		if (!t->name_off && (btf_is_composite(t) || btf_is_any_enum(t)))
			return 0;	/* "struct {...}" */
		return _name_ok(q, "type name", btf__name_by_offset(btf, t->name_off) ?: "");
	}
}

char *facts__macro_name(const char *s)
{
	char *m = strdup(s), *p;

	for (p = m; p && *p; p++)
		*p = isalnum((unsigned char)*p) ? toupper((unsigned char)*p) : '_';
	return m;
}

static size_t _macro_hash(const char *s)
{
	return XXH3_64bits(s, strlen(s));
}

const struct fact *facts__find(const struct fact_list *l, const char *macro)
{
	size_t i, s;

	if (!l->slots_cap)
		return NULL;
	for (i = _macro_hash(macro) & (l->slots_cap - 1); (s = l->slots[i]);
	     i = (i + 1) & (l->slots_cap - 1))
		if (!strcmp(l->facts[s - 1].macro, macro))
			return &l->facts[s - 1];
	return NULL;
}

/* Put fact @idx into the hash (grown to twice the facts: linear probing stays short). */
static int _slot_add(struct fact_list *l, size_t idx)
{
	size_t i, cap = l->slots_cap, *old = l->slots;

	if (2 * (l->facts_cnt + 1) > cap) {
		cap = cap ? cap * 2 : 64;
		l->slots = calloc(cap, sizeof(*l->slots));
		if (!l->slots) {
			l->slots = old;
			return -ENOMEM;
		}
		l->slots_cap = cap;
		free(old);
		for (i = 0; i < l->facts_cnt; i++)
			_slot_add(l, i);
	}
	for (i = _macro_hash(l->facts[idx].macro) & (cap - 1); l->slots[i]; i = (i + 1) & (cap - 1))
		;
	l->slots[i] = idx + 1;
	return 0;
}

/* Room for one more element in @*p (@cnt used of @*cap, each @size bytes). */
static int _grow(void **p, size_t cnt, size_t *cap, size_t size)
{
	size_t n = *cap ? *cap * 2 : 16;
	void *q;

	if (cnt < *cap)
		return 0;
	q = realloc(*p, n * size);
	if (!q)
		return -ENOMEM;
	*p = q;
	*cap = n;
	return 0;
}

int fact_list__add(struct fact_list *l, bool presence, const char *value, const char *fmt, ...)
{
	struct fact *f;
	va_list ap;
	int n;

	if (_grow((void **)&l->facts, l->facts_cnt, &l->facts_cap, sizeof(*f)))
		return -ENOMEM;
	f = &l->facts[l->facts_cnt];
	va_start(ap, fmt);
	n = vasprintf(&f->macro, fmt, ap);
	va_end(ap);
	f->value = strdup(value);
	f->presence = presence;
	if (n < 0 || !f->value || _slot_add(l, l->facts_cnt)) {
		free(n < 0 ? NULL : f->macro);
		free(f->value);
		return -ENOMEM;
	}
	l->facts_cnt++;
	return 0;
}

static int _check(struct fact_list *l, const char *expr, unsigned long long v)
{
	struct check *c;

	if (_grow((void **)&l->checks, l->checks_cnt, &l->checks_cap, sizeof(*c)))
		return -ENOMEM;
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
static int _proto_facts(struct fact_list *l, const struct type_query *q, const struct btf *btf,
			__u32 pid, const char *pfx, const char *name)
{
	const struct btf_type *p = btf__type_by_id(btf, pid);
	const struct btf_param *prm = btf_params(p);
	__u16 i, n = btf_vlen(p);
	bool variadic = n && !prm[n - 1].type;
	char *s, nargs[8];
	int err;

	n -= variadic;	/* "...": not an argument a driver can name */
	err = _decl_names_ok(q, btf, p->type, 0);
	for (i = 0; !err && i < n; i++)
		err = _decl_names_ok(q, btf, prm[i].type, 0);
	if (err)
		return err;
	s = _usable_type(btf, p->type);
	err = s ? fact_list__add(l, false, s, "KABI_RET_%s%s", pfx, name) : -ENOMEM;
	free(s);
	snprintf(nargs, sizeof(nargs), "%u", n);
	err = err ?: fact_list__add(l, false, nargs, "KABI_NARGS_%s%s", pfx, name);
	for (i = 0; !err && i < n; i++) {
		s = _usable_type(btf, prm[i].type);
		err = s ? fact_list__add(l, false, s, "KABI_ARG_%s%s_%u", pfx, name, i + 1) : -ENOMEM;
		free(s);
	}
	if (!err && variadic)
		err = fact_list__add(l, false, "1", "KABI_VARIADIC_%s%s", pfx, name);
	s = err ? NULL : render__decl(btf, pid, "kabi_fn");
	err = err ?: s ? fact_list__add(l, false, s, "KABI_PROTO_%s%s(kabi_fn)", pfx, name) : -ENOMEM;
	free(s);
	return err;
}

static int _member_facts(struct fact_list *l, const struct type_query *q, const struct cell *c,
			 const struct rendering *r, const char *kw, const char *name)
{
	char *mm, *pfx, *expr;
	size_t i;
	int err = 0;

	for (i = 0; !err && i < r->members_cnt; i++) {
		const struct member_row *m = &r->members[i];
		__u32 p;

		if (!*m->name)
			continue;
		err = _name_ok(q, "member name", m->name);
		if (err)
			return err;
		mm = facts__macro_name(m->name);
		if (!mm)
			return -ENOMEM;
		err = fact_list__add(l, true, "1", "KABI_HAVE_MEMBER_%s_%s", name, mm);
		if (!err && !m->bitfield_size) {
			char off[24];

			snprintf(off, sizeof(off), "%llu", (unsigned long long)m->bit_offset / 8);
			err = fact_list__add(l, false, off, "KABI_OFFSETOF_%s_%s", name, mm);
			if (!err && asprintf(&expr, "__builtin_offsetof(%s %s, %s)", kw, r->name,
					     m->name) >= 0) {
				err = _check(l, expr, m->bit_offset / 8);
				free(expr);
			}
		}
		p = _proto(c->btf, m->type_id);
		if (!err && p && asprintf(&pfx, "%s_", name) >= 0) {
			err = _proto_facts(l, q, c->btf, p, pfx, mm);
			free(pfx);
		}
		free(mm);
	}
	return err;
}

static int _enum_facts(struct fact_list *l, const struct type_query *q,
			const struct rendering *r)
{
	size_t i;
	int err = 0;

	for (i = 0; !err && i < r->members_cnt; i++) {
		char *v, val[24];

		err = _name_ok(q, "enumerator", r->members[i].name);
		if (err)
			return err;
		v = facts__macro_name(r->members[i].name);
		if (!v)
			return -ENOMEM;
		if (r->members[i].value_unsigned && r->members[i].value < 0)
			snprintf(val, sizeof(val), "%lluULL", (unsigned long long)r->members[i].value);
		else
			snprintf(val, sizeof(val), "%lld", r->members[i].value);
		err = fact_list__add(l, true, "1", "KABI_HAVE_ENUMVAL_%s", v);
		err = err ?: fact_list__add(l, false, val, "KABI_ENUMVAL_%s", v);
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
	err = _name_ok(q, "type name", q->name);
	err = err ?: fact_list__add(out, true, c->state == CELL_PRESENT ? "1" : "0", "KABI_HAVE_%s_%s",
			   kind, name);
	if (err || c->state != CELL_PRESENT)
		goto done;
	err = _name_ok(q, "type name", r->name);
	if (err)
		goto done;
	if (!strcmp(kind, "FUNC")) {
		__u32 pid = btf__type_by_id(c->btf, c->id)->type;

		t = btf__type_by_id(c->btf, pid);
		err = t && btf_is_func_proto(t) ? _proto_facts(out, q, c->btf, pid, "FUNC_", name) : 0;
		goto done;
	}
	if (!strcmp(kind, "ENUM")) {
		err = _enum_facts(out, q, r);
		goto done;
	}
	snprintf(size, sizeof(size), "%u", r->size);
	err = fact_list__add(out, false, size, "KABI_SIZEOF_%s_%s", kind, name);
	if (!err && asprintf(&expr, "sizeof(%s%s%s)", strcmp(kind, "TYPEDEF") ? r->kind : "",
			     strcmp(kind, "TYPEDEF") ? " " : "", r->name) >= 0)
		err = _check(out, expr, r->size);
	if (!err && (!strcmp(kind, "STRUCT") || !strcmp(kind, "UNION")))
		err = _member_facts(out, q, c, r, r->kind, name);
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
	l->checks_cnt = l->checks_cap = 0;
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
	free(l->slots);
	memset(l, 0, sizeof(*l));
}
