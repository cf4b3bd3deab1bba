// SPDX-License-Identifier: GPL-2.0
/*
 * Definitions and member tables. A struct is printed one member a line, as
 * pahole -C prints it without comments and padding:
 *
 *   struct vfio_pci_regops {
 *   ssize_t (*rw)(struct vfio_pci_core_device *, char *, size_t, loff_t *, bool);
 *   ...
 *   };
 *
 * Members of anonymous structs and unions are expanded in place, indented by
 * one tab a level, and flattened into the member table with offsets from the
 * start of the outer type.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/btf.h>

#include "render.h"

/* Deeper nesting of anonymous types than this is treated as corrupt. */
#define NEST_MAX_DEPTH 32

struct render_ctx {
	const struct btf *btf;	/* types being rendered */
	FILE *out;		/* definition text, an open_memstream */
	struct rendering *r;	/* the rendering being built */
	__u32 root;		/* id of the type being rendered */
	size_t rows_cap;	/* allocated rows in r->members */
	int err;		/* first error, -errno */
};

static int _push_row(struct render_ctx *c, struct member_row *row)
{
	struct member_row *rows;

	if (c->r->members_cnt == c->rows_cap) {
		size_t cap = c->rows_cap ? c->rows_cap * 2 : 16;

		rows = realloc(c->r->members, cap * sizeof(*rows));
		if (!rows)
			return -ENOMEM;
		c->r->members = rows;
		c->rows_cap = cap;
	}
	c->r->members[c->r->members_cnt++] = *row;
	return 0;
}

static void _indent(struct render_ctx *c, int depth)
{
	int i;

	for (i = 0; i < depth; i++)
		fputc('\t', c->out);
}

/*
 * An anonymous struct, union or enum under arrays and qualifiers, or 0: it
 * gets expanded, as pahole does ("const struct { ... };" in struct
 * vm_fault). The qualifiers met on the way are written to @quals.
 */
static __u32 _anon_core(const struct btf *btf, __u32 id, char *quals, size_t qcap)
{
	const struct btf_type *t = btf__type_by_id(btf, id);
	int n = 0;

	quals[0] = '\0';
	while (t && n++ < 8) {
		if (btf_is_array(t)) {
			id = btf_array(t)->type;
		} else if (btf_is_const(t) || btf_is_volatile(t) ||
			   btf_kind(t) == BTF_KIND_TYPE_TAG) {
			if (btf_kind(t) != BTF_KIND_TYPE_TAG)
				strncat(quals, btf_is_const(t) ? "const " : "volatile ",
					qcap - strlen(quals) - 1);
			id = t->type;
		} else {
			break;
		}
		t = btf__type_by_id(btf, id);
	}
	if (t && !t->name_off && (btf_is_composite(t) || btf_is_any_enum(t)))
		return id;
	return 0;
}

/* The "[2][3]" part of an array member whose element type is anonymous. */
static char *_array_dims(const struct btf *btf, __u32 id)
{
	const struct btf_type *t = btf__type_by_id(btf, id);
	char *dims = strdup(""), *next;

	while (dims && t && btf_is_array(t)) {
		__u32 n = btf_array(t)->nelems;

		if ((n ? asprintf(&next, "%s[%u]", dims, n) : asprintf(&next, "%s[]", dims)) >= 0) {
			free(dims);
			dims = next;
		}
		t = btf__type_by_id(btf, btf_array(t)->type);
	}
	return dims;
}

static void _emit_body(struct render_ctx *c, __u32 id, int depth, __u64 base_off,
		       const char *path);

/*
 * The one-line declaration of a member of anonymous type: "struct {...} x",
 * and for an enum its values, so that a changed value shows in a diff:
 * "enum {XSK_READY = 0, XSK_BOUND = 1} state".
 */
static char *_anon_decl(const struct btf *btf, const struct btf_type *at, const char *quals,
			const char *name, const char *dims)
{
	char *vals = NULL, *s = NULL;
	size_t len = 0;
	FILE *f;
	__u16 i;

	if (!btf_is_any_enum(at)) {
		if (asprintf(&s, "%s%s {...} %s%s", quals, btf_is_struct(at) ? "struct" : "union",
			     name, dims) < 0)
			s = NULL;
		return s;
	}
	f = open_memstream(&vals, &len);
	if (!f)
		return NULL;
	for (i = 0; i < btf_vlen(at); i++) {
		const char *n;
		long long v;

		if (btf_is_enum(at)) {
			n = btf__name_by_offset(btf, btf_enum(at)[i].name_off);
			v = btf_kflag(at) ? (long long)btf_enum(at)[i].val
					  : (long long)(__u32)btf_enum(at)[i].val;
		} else {
			n = btf__name_by_offset(btf, btf_enum64(at)[i].name_off);
			v = (long long)btf_enum64_value(&btf_enum64(at)[i]);
		}
		fprintf(f, "%s%s = %lld", i ? ", " : "", n ?: "", v);
	}
	if (fclose(f) || asprintf(&s, "%senum {%s} %s%s", quals, vals, name, dims) < 0)
		s = NULL;
	free(vals);
	return s;
}

/* Enumerators, one a line: "PIDTYPE_PID = 0,". */
static void _emit_enum_body(struct render_ctx *c, const struct btf_type *t, int depth,
			    bool rows)
{
	bool is_signed = btf_kflag(t);
	__u16 i, n = btf_vlen(t);

	for (i = 0; i < n && !c->err; i++) {
		struct member_row row = { 0 };
		const char *name;
		long long v;

		if (btf_is_enum(t)) {
			name = btf__name_by_offset(c->btf, btf_enum(t)[i].name_off);
			v = is_signed ? (long long)btf_enum(t)[i].val
				      : (long long)(__u32)btf_enum(t)[i].val;
		} else {
			name = btf__name_by_offset(c->btf, btf_enum64(t)[i].name_off);
			v = (long long)btf_enum64_value(&btf_enum64(t)[i]);
		}
		_indent(c, depth);
		if (is_signed || btf_is_enum(t))
			fprintf(c->out, "%s = %lld,\n", name ?: "", v);
		else
			fprintf(c->out, "%s = %llu,\n", name ?: "", (unsigned long long)v);
		if (!rows)
			continue;
		row.name = strdup(name ?: "");
		row.type = strdup("");
		row.decl = strdup(name ?: "");
		row.value = v;
		row.value_unsigned = !is_signed;
		row.size = t->size;
		if (!row.name || !row.type || !row.decl || _push_row(c, &row))
			c->err = -ENOMEM;
	}
}

/* Bit offset and bitfield width of member @i, for either BTF encoding. */
static void _member_bits(const struct btf *btf, const struct btf_type *t, __u32 i,
			 __u64 *off, __u32 *bits)
{
	const struct btf_member *m = btf_members(t) + i;
	const struct btf_type *mt;

	*off = btf_member_bit_offset(t, i);
	*bits = btf_member_bitfield_size(t, i);
	if (btf_kflag(t))
		return;
	/* Old encoding: the width lives in the INT itself. */
	mt = btf__type_by_id(btf, m->type);
	if (mt && btf_is_int(mt) && btf_int_bits(mt) != mt->size * 8) {
		*bits = btf_int_bits(mt);
		*off += btf_int_offset(mt);
	}
}

/* Why render__decl() returned NULL: a loop or too deep (ELOOP), or no memory. */
static int _decl_err(void)
{
	return errno == ELOOP ? -ELOOP : -ENOMEM;
}

/* Add the member-table row for one member; @decl is consumed. */
static void _member_row(struct render_ctx *c, const char *path, __u32 type, char *decl,
			__u64 off, __u32 bits, int depth)
{
	struct member_row row = { 0 };
	__s64 sz = btf__resolve_size(c->btf, type);

	row.name = strdup(path);
	row.type = render__decl(c->btf, type, "");
	row.decl = decl;
	row.bit_offset = off;
	row.size = sz > 0 ? (__u32)sz : 0;
	row.bitfield_size = bits;
	row.depth = depth;
	row.type_id = type;
	if (!row.name || !row.type || !row.decl || _push_row(c, &row)) {
		c->err = row.name && (!row.type || !row.decl) ? _decl_err() : -ENOMEM;
		free(row.name);
		free(row.type);
		free(row.decl);
	}
}

/* One member of a struct or union: a line, or an expanded anonymous type. */
static void _emit_member(struct render_ctx *c, const struct btf_type *t, __u32 i, int depth,
			 __u64 base_off, const char *path)
{
	const struct btf_member *m = btf_members(t) + i;
	const char *name = btf__name_by_offset(c->btf, m->name_off) ?: "";
	char quals[32], *full = NULL, *decl;
	__u32 anon = _anon_core(c->btf, m->type, quals, sizeof(quals)), bits;
	__u64 off;

	_member_bits(c->btf, t, i, &off, &bits);
	off += base_off;
	if (asprintf(&full, "%s%s%s", path, *path && *name ? "." : "", name) < 0) {
		c->err = -ENOMEM;
		return;
	}
	if (anon) {
		const struct btf_type *at = btf__type_by_id(c->btf, anon);
		char *dims = _array_dims(c->btf, m->type);

		_indent(c, depth);
		fprintf(c->out, "%s%s {\n", quals, btf_is_struct(at) ? "struct" :
					     btf_is_union(at) ? "union" : "enum");
		decl = *name && dims ? _anon_decl(c->btf, at, quals, name, dims) : NULL;
		if (decl)
			_member_row(c, full, m->type, decl, off, bits, depth);
		_emit_body(c, anon, depth + 1, off, *name ? full : path);
		_indent(c, depth);
		fprintf(c->out, "}%s%s%s;\n", *name ? " " : "", name, dims ?: "");
		free(dims);
	} else {
		decl = render__decl(c->btf, m->type, name);
		if (decl && bits) {
			char *b;

			if (asprintf(&b, "%s:%u", decl, bits) < 0)
				b = NULL;
			free(decl);
			decl = b;
		}
		_indent(c, depth);
		fprintf(c->out, "%s;\n", decl ?: "");
		_member_row(c, full, m->type, decl, off, bits, depth);
	}
	free(full);
}

/* The lines between "{" and "}" of a struct, union or enum. */
static void _emit_body(struct render_ctx *c, __u32 id, int depth, __u64 base_off,
		       const char *path)
{
	const struct btf_type *t = btf__type_by_id(c->btf, id);
	__u16 i;

	if (depth > NEST_MAX_DEPTH) {
		c->err = -ELOOP;
		return;
	}
	if (btf_is_any_enum(t)) {
		/* Enumerators are rows of an enum, not of a struct holding one. */
		_emit_enum_body(c, t, depth, depth == 0 && !base_off && !*path &&
				btf_is_any_enum(btf__type_by_id(c->btf, c->root)));
		return;
	}
	for (i = 0; i < btf_vlen(t) && !c->err; i++)
		_emit_member(c, t, i, depth, base_off, path);
}

/* Parameters of a function as member-table rows. */
static void _func_rows(struct render_ctx *c, const struct btf_type *proto)
{
	const struct btf_param *p = btf_params(proto);
	__u16 i;

	for (i = 0; i < btf_vlen(proto) && !c->err; i++) {
		const char *name = btf__name_by_offset(c->btf, p[i].name_off) ?: "";

		if (!p[i].type)
			_member_row(c, "...", 0, strdup("..."), 0, 0, 0);
		else
			_member_row(c, name, p[i].type, render__decl(c->btf, p[i].type, name),
				    0, 0, 0);
	}
}

const char *render__kind_word(const struct btf_type *t)
{
	switch (btf_kind(t)) {
	case BTF_KIND_STRUCT: return "struct";
	case BTF_KIND_UNION: return "union";
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64: return "enum";
	case BTF_KIND_TYPEDEF: return "typedef";
	case BTF_KIND_FUNC: return "func";
	default: return NULL;
	}
}

/* "typedef unsigned int u32;" or an expanded "typedef struct {...} name;". */
static void _emit_typedef(struct render_ctx *c, const struct btf_type *t, const char *name)
{
	char quals[32], *decl;
	__u32 anon = _anon_core(c->btf, t->type, quals, sizeof(quals));

	if (anon) {
		const struct btf_type *at = btf__type_by_id(c->btf, anon);
		char *dims = _array_dims(c->btf, t->type);

		fprintf(c->out, "typedef %s%s {\n", quals, render__kind_word(at));
		_emit_body(c, anon, 0, 0, "");
		fprintf(c->out, "} %s%s;\n", name, dims ?: "");
		free(dims);
		return;
	}
	decl = render__decl(c->btf, t->type, name);
	if (!decl) {
		c->err = _decl_err();
		return;
	}
	fprintf(c->out, "typedef %s;\n", decl);
	free(decl);
}

static void _emit_definition(struct render_ctx *c, __u32 id, const struct btf_type *t,
			     const char *name)
{
	const char *kind = render__kind_word(t);
	char *decl;

	switch (btf_kind(t)) {
	case BTF_KIND_TYPEDEF:
		_emit_typedef(c, t, name);
		c->r->size = btf__resolve_size(c->btf, id) > 0 ? btf__resolve_size(c->btf, id) : 0;
		break;
	case BTF_KIND_FUNC:
		decl = render__decl(c->btf, id, name);
		fprintf(c->out, "%s;\n", decl ?: "");
		c->err = decl ? 0 : _decl_err();
		free(decl);
		t = btf__type_by_id(c->btf, t->type);
		if (t && btf_is_func_proto(t))
			_func_rows(c, t);
		break;
	default:
		fprintf(c->out, "%s%s%s {\n", kind, *name ? " " : "", name);
		_emit_body(c, id, 0, 0, "");
		fputs("};\n", c->out);
		c->r->size = t->size;
		break;
	}
}

int render__type(const struct btf *btf, __u32 id, struct rendering **out)
{
	const struct btf_type *t = btf__type_by_id(btf, id);
	struct render_ctx c = { .btf = btf, .root = id };
	size_t len = 0;
	const char *name;
	int err;

	*out = NULL;
	if (!t || !render__kind_word(t))
		return -EINVAL;
	name = btf__name_by_offset(btf, t->name_off) ?: "";
	c.r = calloc(1, sizeof(*c.r));
	if (!c.r)
		return -ENOMEM;
	c.r->kind = strdup(render__kind_word(t));
	c.r->name = strdup(name);
	c.out = open_memstream(&c.r->definition, &len);
	if (!c.r->kind || !c.r->name || !c.out) {
		err = -ENOMEM;
		goto done;
	}
	_emit_definition(&c, id, t, name);
	err = c.err;
done:
	if (c.out && fclose(c.out) && !err)
		err = -ENOMEM;
	if (err) {
		rendering__free(c.r);
		return err;
	}
	*out = c.r;
	return 0;
}

void rendering__free(struct rendering *r)
{
	size_t i;

	if (!r)
		return;
	for (i = 0; i < r->members_cnt; i++) {
		free(r->members[i].name);
		free(r->members[i].type);
		free(r->members[i].decl);
	}
	free(r->members);
	free(r->kind);
	free(r->name);
	free(r->definition);
	free(r);
}
