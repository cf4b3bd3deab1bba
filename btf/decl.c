// SPDX-License-Identifier: GPL-2.0
/*
 * C declarators for BTF types, spelled the way pahole prints them.
 *
 * pahole's conventions are kept where they are a matter of style: base types
 * keep their DWARF names ("long unsigned int"), each pointer level is its own
 * " *" ("char * * argv"), and a qualifier on a non-pointer comes first
 * ("const char *"). Where pahole 1.24 prints invalid C from BTF (multi-
 * dimensional arrays flattened, arrays of function pointers, functions
 * returning function pointers, pointers to arrays, "* const"), we print the C
 * declaration instead; offsets and sizes are unaffected.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/btf.h>

#include "render.h"

/* Deeper than any real declarator; stops cycles in corrupt BTF. */
#define DECL_MAX_DEPTH 64

/* Skip type tags, which carry no layout ("__user", "__rcu"). */
static __u32 _skip_tags(const struct btf *btf, __u32 id)
{
	const struct btf_type *t = btf__type_by_id(btf, id);
	int n = 0;

	while (t && btf_kind(t) == BTF_KIND_TYPE_TAG && n++ < DECL_MAX_DEPTH) {
		id = t->type;
		t = btf__type_by_id(btf, id);
	}
	return id;
}

/* "a" + sep + "b", freeing neither; NULL on allocation failure. */
static char *_join3(const char *a, const char *sep, const char *b)
{
	char *s;

	if (asprintf(&s, "%s%s%s", a, sep, b) < 0)
		return NULL;
	return s;
}

/* Flags of one step of _decl(), beyond the caller's RENDER_DECL_* ones. */
#define DECL_PARAM_NAMES 0x100u	/* a FUNC's prototype: print parameter names */

/* One declaration being built. */
struct decl_ctx {
	const struct btf *btf;	/* the types */
	__u32 anon;		/* RENDER_DECL_SPLIT: the anonymous type met, or 0 */
	char *anon_quals;	/* its qualifiers ("const "), malloc'ed, or NULL */
};

static char *_decl(struct decl_ctx *d, __u32 id, char *inner, const char *quals,
		   unsigned int flags, int depth);

/* The parameter list of a FUNC_PROTO, without parentheses. */
static char *_params(struct decl_ctx *d, const struct btf_type *t, bool names, int depth)
{
	const struct btf_param *p = btf_params(t);
	__u16 i, n = btf_vlen(t);
	char *list = strdup(n ? "" : "void");

	for (i = 0; list && i < n; i++) {
		const char *pname = names ? btf__name_by_offset(d->btf, p[i].name_off) : "";
		char *one, *next;

		if (!p[i].type && i == n - 1)
			one = strdup("...");
		else
			one = _decl(d, p[i].type, strdup(pname ? pname : ""), "", 0, depth + 1);
		next = one ? _join3(list, i ? ", " : "", one) : NULL;
		free(one);
		free(list);
		list = next;
	}
	return list;
}

/* Name of a struct, union, enum or forward: "struct foo", "struct {...}". */
static char *_tag_name(const struct btf *btf, const struct btf_type *t)
{
	const char *name = btf__name_by_offset(btf, t->name_off);
	const char *tag;
	char *s;

	switch (btf_kind(t)) {
	case BTF_KIND_STRUCT: tag = "struct"; break;
	case BTF_KIND_UNION: tag = "union"; break;
	case BTF_KIND_FWD: tag = btf_kflag(t) ? "union" : "struct"; break;
	default: tag = "enum"; break;
	}
	if (asprintf(&s, "%s %s", tag, name && *name ? name : "{...}") < 0)
		return NULL;
	return s;
}

/* @inner with base type name @base in front: "char" + "* argv". */
static char *_finish(const char *quals, const char *base, char *inner)
{
	char *s;

	if (asprintf(&s, "%s%s%s%s", quals, base, *inner ? " " : "", inner) < 0)
		s = NULL;
	free(inner);
	return s;
}

/* Wrap @inner for a pointer to type @to: "* x", or "(*x)" before () or []. */
static char *_ptr_inner(const struct btf *btf, __u32 to, char *inner)
{
	const struct btf_type *tt = btf__type_by_id(btf, _skip_tags(btf, to));
	bool wrap = tt && (btf_is_func_proto(tt) || btf_is_array(tt));
	char *s;

	if (wrap)
		s = _join3("(*", inner, ")");
	else
		s = _join3("*", *inner ? " " : "", inner);
	free(inner);
	return s;
}

/* Qualifier words for the base type, or appended after a pointer star. */
static const char *_qual_word(const struct btf_type *t)
{
	switch (btf_kind(t)) {
	case BTF_KIND_CONST: return "const";
	case BTF_KIND_VOLATILE: return "volatile";
	default: return "restrict";
	}
}

/*
 * @quals with qualifier @word in front, unless it is there already: BTF
 * repeats "const" on a const array of const elements (struct filename's
 * "const char iname[]"), and C would warn about "const const".
 */
static char *_add_qual(const char *word, const char *quals)
{
	size_t n = strlen(word);
	const char *p;

	for (p = quals; (p = strstr(p, word)); p += n)
		if ((p == quals || p[-1] == ' ') && p[n] == ' ')
			return strdup(quals);
	return _join3(word, " ", quals);
}

/*
 * Build a declaration inside out. @inner is the declarator built so far
 * (owned, consumed), @quals the qualifiers waiting for the base type.
 * @flags are RENDER_DECL_FLEX (cleared by the first step that is not a
 * qualifier: only the outermost dimension next to the name may be "[]"),
 * RENDER_DECL_SPLIT (cleared inside parameter lists) and DECL_PARAM_NAMES.
 *
 * Example, "int (*(*fpret)(int))(char)":
 *   PTR  -> inner "(*fpret)"               (pointee is a FUNC_PROTO)
 *   PROTO-> inner "(*fpret)(int)"
 *   PTR  -> inner "(*(*fpret)(int))"
 *   PROTO-> inner "(*(*fpret)(int))(char)"
 *   INT  -> "int (*(*fpret)(int))(char)"
 */
static char *_decl(struct decl_ctx *d, __u32 id, char *inner, const char *quals,
		   unsigned int flags, int depth)
{
	unsigned int next = flags & RENDER_DECL_SPLIT;
	const struct btf_type *t;
	char *s, *q;

	if (!inner)
		return NULL;
	if (depth > DECL_MAX_DEPTH) {
		free(inner);
		errno = ELOOP;	/* render__decl's callers tell this from -ENOMEM */
		return NULL;
	}
	if (id == 0)
		return _finish(quals, "void", inner);
	t = btf__type_by_id(d->btf, id);
	if (!t)
		return _finish(quals, "<invalid>", inner);

	switch (btf_kind(t)) {
	case BTF_KIND_PTR:
		return _decl(d, t->type, _ptr_inner(d->btf, t->type, inner), quals, next,
			     depth + 1);
	case BTF_KIND_CONST:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_RESTRICT: {
		const struct btf_type *tt = btf__type_by_id(d->btf, _skip_tags(d->btf, t->type));

		if (tt && btf_is_ptr(tt)) {
			/* "* const p": the qualifier binds to the pointer */
			s = _join3(_qual_word(t), *inner ? " " : "", inner);
			free(inner);
			return _decl(d, t->type, s, quals, next, depth + 1);
		}
		q = _add_qual(_qual_word(t), quals);
		s = q ? _decl(d, t->type, inner, q, flags, depth + 1) : NULL;
		if (!q)
			free(inner);
		free(q);
		return s;
	}
	case BTF_KIND_TYPE_TAG:
		return _decl(d, t->type, inner, quals, flags, depth + 1);
	case BTF_KIND_ARRAY: {
		const struct btf_array *a = btf_array(t);
		char dim[24];

		/* BTF cannot tell "[0]" from "[]"; "[]" only where C allows it. */
		if (a->nelems || !(flags & RENDER_DECL_FLEX))
			snprintf(dim, sizeof(dim), "[%u]", a->nelems);
		else
			strcpy(dim, "[]");
		s = _join3(inner, "", dim);
		free(inner);
		return _decl(d, a->type, s, quals, next, depth + 1);
	}
	case BTF_KIND_FUNC_PROTO: {
		char *params = _params(d, t, flags & DECL_PARAM_NAMES, depth);

		s = params ? _join3(inner, "(", params) : NULL;
		q = s ? _join3(s, "", ")") : NULL;
		free(params);
		free(s);
		free(inner);
		return _decl(d, t->type, q, quals, next, depth + 1);
	}
	case BTF_KIND_FUNC:
		return _decl(d, t->type, inner, quals, next | DECL_PARAM_NAMES, depth + 1);
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
	case BTF_KIND_FWD:
		if ((flags & RENDER_DECL_SPLIT) && !t->name_off && !btf_is_fwd(t)) {
			/* The caller prints the body between quals and declarator. */
			d->anon = id;
			d->anon_quals = strdup(quals);
			if (!d->anon_quals) {
				free(inner);
				return NULL;
			}
			return inner;
		}
		s = _tag_name(d->btf, t);
		q = s ? _finish(quals, s, inner) : NULL;
		if (!s)
			free(inner);
		free(s);
		return q;
	default:
		return _finish(quals, btf__name_by_offset(d->btf, t->name_off) ?: "<invalid>", inner);
	}
}

char *render__decl_split(const struct btf *btf, __u32 id, const char *name, unsigned int flags,
			 __u32 *anon, char **anon_quals)
{
	struct decl_ctx d = { .btf = btf };
	char *s = _decl(&d, id, strdup(name), "", flags, 0);

	if (anon)
		*anon = s ? d.anon : 0;
	if (anon_quals && s && d.anon)
		*anon_quals = d.anon_quals;
	else
		free(d.anon_quals);
	if (anon_quals && !(s && d.anon))
		*anon_quals = NULL;
	return s;
}

char *render__decl(const struct btf *btf, __u32 id, const char *name)
{
	return render__decl_split(btf, id, name, RENDER_DECL_FLEX, NULL, NULL);
}
