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
	int no_rows;		/* > 0: text only, inside a type reached by pointer */
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

static void _emit_body(struct render_ctx *c, __u32 id, int depth, __u64 base_off,
		       const char *path);

/*
 * The one-line declaration of a member of anonymous type: "struct {...} x",
 * and for an enum its values, so that a changed value shows in a diff:
 * "enum {XSK_READY = 0, XSK_BOUND = 1} state:8". @declarator is "x[2]".
 */
static char *_anon_decl(const struct btf *btf, const struct btf_type *at, const char *quals,
			const char *declarator, __u32 bits)
{
	char width[16] = "";
	char *vals = NULL, *s = NULL;
	size_t len = 0;
	FILE *f;
	__u16 i;

	if (!btf_is_any_enum(at)) {
		if (asprintf(&s, "%s%s {...} %s", quals, btf_is_struct(at) ? "struct" : "union",
			     declarator) < 0)
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
	if (bits)
		snprintf(width, sizeof(width), ":%u", bits);
	if (fclose(f) || asprintf(&s, "%senum {%s} %s%s", quals, vals, declarator, width) < 0)
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

	if (c->no_rows) {
		free(decl);
		return;
	}
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

/* Fewest bytes (1, 2, 4, 8) that hold every value of enum @t. */
static unsigned int _enum_bytes(const struct btf_type *t)
{
	long long lo = 0, hi = 0, v;
	unsigned long long uhi = 0;
	unsigned int n;
	__u16 i;

	for (i = 0; i < btf_vlen(t); i++) {
		if (btf_is_enum(t))
			v = btf_kflag(t) ? (long long)btf_enum(t)[i].val
					 : (long long)(__u32)btf_enum(t)[i].val;
		else
			v = (long long)btf_enum64_value(&btf_enum64(t)[i]);
		if (btf_is_enum64(t) && !btf_kflag(t)) {
			if ((unsigned long long)v > uhi)
				uhi = (unsigned long long)v;
			continue;
		}
		lo = v < lo ? v : lo;
		hi = v > hi ? v : hi;
	}
	if (uhi > (unsigned long long)hi)
		return uhi >> 32 ? 8 : uhi >> 16 ? 4 : uhi >> 8 ? 2 : 1;
	for (n = 1; n < 8; n *= 2)
		if (lo < 0 ? lo >= -(1LL << (8 * n - 1)) && hi < (1LL << (8 * n - 1))
			   : hi < (1LL << (8 * n)))
			return n;
	return 8;
}

/*
 * What follows the "}" of a type so that C gives it the BTF's layout:
 * " __attribute__((__packed__))" for a struct C must pack, and for an enum
 * of fewer bytes than int (a packed enum); a mode where packing would not
 * give the BTF's size.
 */
static const char *_attrs(const struct btf *btf, __u32 id)
{
	static const char *const modes[] = {
		[1] = " __attribute__((__mode__(__QI__)))", [2] = " __attribute__((__mode__(__HI__)))",
		[4] = " __attribute__((__mode__(__SI__)))", [8] = " __attribute__((__mode__(__DI__)))",
	};
	const struct btf_type *t = btf__type_by_id(btf, id);
	unsigned int need;

	if (t && btf_is_composite(t))
		return padding__packed(btf, t) ? " __attribute__((__packed__))" : "";
	if (!t || !btf_is_any_enum(t) || !btf_vlen(t))
		return "";
	need = _enum_bytes(t);
	if (t->size == (need > 4 ? 8 : 4) || (t->size != 1 && t->size != 2 && t->size != 4 &&
					      t->size != 8))
		return "";	/* what C picks by itself */
	return need == t->size ? " __attribute__((__packed__))" : modes[t->size];
}

/*
 * The rows of a named struct or union embedded without a member name
 * ("struct __filename_head;" in 7.2's struct filename, -fms-extensions):
 * its members are the outer type's, as an anonymous type's are. The text
 * keeps the one line. False if the member is not such a type.
 */
static bool _embedded_rows(struct render_ctx *c, __u32 type, int depth, __u64 off,
			   const char *path)
{
	int resolved = btf__resolve_type(c->btf, type);
	const struct btf_type *t;
	char *scratch = NULL;
	size_t len = 0;
	FILE *keep = c->out;

	type = resolved < 0 ? type : (__u32)resolved;
	t = btf__type_by_id(c->btf, type);
	if (!t || !btf_is_composite(t) || !t->name_off)
		return false;
	c->out = open_memstream(&scratch, &len);
	if (!c->out) {
		c->out = keep;
		c->err = -ENOMEM;
		return true;
	}
	_emit_body(c, type, depth + 1, off, path);
	fclose(c->out);
	free(scratch);
	c->out = keep;
	return true;
}

/*
 * A member whose declarator leads to an anonymous type, printed with its
 * body in place: "struct {" ... "} x[2];". Held by value (through arrays
 * and qualifiers only), its members are rows of the outer type; behind a
 * pointer ("} * parts;") they are not part of its layout.
 */
static void _emit_anon_member(struct render_ctx *c, __u32 type, __u32 anon, const char *quals,
			      const char *declarator, const char *name, __u32 bits, int depth,
			      __u64 off, const char *full, const char *path)
{
	const struct btf_type *at = btf__type_by_id(c->btf, anon);
	char q[32];
	bool by_value = _anon_core(c->btf, type, q, sizeof(q)) == anon;
	char *decl = NULL;

	_indent(c, depth);
	fprintf(c->out, "%s%s {\n", quals, btf_is_struct(at) ? "struct" :
				     btf_is_union(at) ? "union" : "enum");
	if (*name)
		decl = by_value ? _anon_decl(c->btf, at, quals, declarator, bits)
				: render__decl(c->btf, type, name);
	if (decl)
		_member_row(c, full, type, decl, off, bits, depth);
	if (by_value) {
		_emit_body(c, anon, depth + 1, off, *name ? full : path);
	} else {
		c->no_rows++;
		_emit_body(c, anon, depth + 1, 0, "");
		c->no_rows--;
	}
	_indent(c, depth);
	fprintf(c->out, "}%s%s%s", _attrs(c->btf, anon), *declarator ? " " : "", declarator);
	if (bits)
		fprintf(c->out, ":%u", bits);
	fputs(";\n", c->out);
}

/*
 * One member of a struct or union: a line, or an expanded anonymous type.
 * @flex: a zero-length array may print as "[]" (the last member of a
 * struct with others before it).
 */
static void _emit_member(struct render_ctx *c, const struct btf_type *t, __u32 i, int depth,
			 __u64 base_off, const char *path, bool flex)
{
	const struct btf_member *m = btf_members(t) + i;
	const char *name = btf__name_by_offset(c->btf, m->name_off) ?: "";
	char *quals = NULL, *full = NULL, *decl;
	__u32 anon = 0, bits;
	__u64 off;

	_member_bits(c->btf, t, i, &off, &bits);
	off += base_off;
	decl = render__decl_split(c->btf, m->type, name,
				  RENDER_DECL_SPLIT | (flex ? RENDER_DECL_FLEX : 0), &anon, &quals);
	if (!decl || asprintf(&full, "%s%s%s", path, *path && *name ? "." : "", name) < 0) {
		c->err = decl ? -ENOMEM : _decl_err();
		free(decl);
		free(quals);
		return;
	}
	if (anon) {
		_emit_anon_member(c, m->type, anon, quals, decl, name, bits, depth, off, full,
				  path);
		free(decl);
	} else {
		if (bits) {
			char *b;

			if (asprintf(&b, "%s:%u", decl, bits) < 0)
				b = NULL;
			free(decl);
			decl = b;
		}
		_indent(c, depth);
		fprintf(c->out, "%s;\n", decl ?: "");
		if (*name || !_embedded_rows(c, m->type, depth, off, path))
			_member_row(c, full, m->type, decl, off, bits, depth);
		else
			free(decl);
	}
	free(quals);
	free(full);
}

static __u64 _roundup(__u64 x, __u64 y)
{
	return (x + y - 1) / y * y;
}

/*
 * The gap before bitfield member of @type at bit @off, C being at @cur, as
 * the kernel's sources write it: "unsigned int :0;" when @off is the next
 * unit of @type, "u64 :13;" when the gap lies within one. False if it is
 * neither (padding.c fills it then).
 */
static bool _pad_as(struct render_ctx *c, __u32 type, __u64 cur, __u64 off, int depth)
{
	int align = padding__align(c->btf, type);
	__u64 unit = 8 * (__u64)(align > 0 ? align : 1);
	char *quals = NULL, *spelled;
	__u32 anon = 0;
	bool done = false;

	spelled = render__decl_split(c->btf, type, "", RENDER_DECL_SPLIT, &anon, &quals);
	if (spelled && !anon && off == _roundup(cur, unit)) {
		_indent(c, depth);
		fprintf(c->out, "%s :0;\n", spelled);
		done = true;
	} else if (spelled && !anon && cur / unit == (off - 1) / unit) {
		_indent(c, depth);
		fprintf(c->out, "%s :%llu;\n", spelled, (unsigned long long)(off - cur));
		done = true;
	}
	free(spelled);
	free(quals);
	return done;
}

/*
 * The members of a struct or union, with the padding C needs to put each
 * where the BTF says, tail padding included (see padding.c). A union
 * larger than its members (7.2's "typedef union { } aes_encrypt_arg",
 * whose members BTF lost) gets an unnamed bitfield of its size.
 */
static void _emit_members(struct render_ctx *c, __u32 id, const struct btf_type *t, int depth,
			  __u64 base_off, const char *path)
{
	bool packed = padding__packed(c->btf, t), in_bitfield = false;
	bool is_struct = btf_is_struct(t);
	__u16 i, n = btf_vlen(t);
	__u64 cur = 0, off, align, end;
	__u32 bits, type;
	__s64 sz;

	align = packed || padding__align(c->btf, id) <= 0 ? 1 : padding__align(c->btf, id);
	for (i = 0; i < n && !c->err; i++) {
		type = btf_members(t)[i].type;
		_member_bits(c->btf, t, i, &off, &bits);
		if (is_struct && padding__natural(c->btf, type, cur, bits, packed) != off &&
		    !(bits && !packed && _pad_as(c, type, cur, off, depth)))
			padding__emit(c->out, c->btf, depth, cur, off,
				      packed ? 1 : padding__align(c->btf, type), in_bitfield);
		sz = btf__resolve_size(c->btf, type);
		end = off + (bits ?: (sz > 0 ? (__u64)sz * 8 : 0));
		cur = is_struct || end > cur ? end : cur;
		/* "[]" must end the struct: not before tail padding. */
		_emit_member(c, t, i, depth, base_off, path, is_struct && i == n - 1 && n > 1 &&
			     depth == 0 && _roundup(cur, 8 * align) == (__u64)t->size * 8);
		in_bitfield = bits;
	}
	/* Tail padding the compiler would not add by itself. */
	if (c->err || _roundup(cur, 8 * align) >= (__u64)t->size * 8)
		return;
	if (is_struct) {
		padding__emit(c->out, c->btf, depth, cur, (__u64)t->size * 8, align, in_bitfield);
	} else if (t->size <= btf__pointer_size(c->btf)) {
		/* One unnamed bitfield gives a union its size. */
		padding__emit(c->out, c->btf, depth, 0, (__u64)t->size * 8, align, false);
	} else {
		_indent(c, depth);
		fputs("struct {\n", c->out);
		padding__emit(c->out, c->btf, depth + 1, 0, (__u64)t->size * 8, align, false);
		_indent(c, depth);
		fputs("};\n", c->out);
	}
}

/* The lines between "{" and "}" of a struct, union or enum. */
static void _emit_body(struct render_ctx *c, __u32 id, int depth, __u64 base_off,
		       const char *path)
{
	const struct btf_type *t = btf__type_by_id(c->btf, id);

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
	_emit_members(c, id, t, depth, base_off, path);
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

/*
 * "typedef unsigned int u32;", or an anonymous type expanded in place:
 * "typedef struct {" ... "} name;", "} * name;" (its members are rows only
 * when held by value).
 */
static void _emit_typedef(struct render_ctx *c, const struct btf_type *t, const char *name)
{
	char q[32], *quals = NULL, *decl;
	__u32 anon = 0;

	decl = render__decl_split(c->btf, t->type, name, RENDER_DECL_SPLIT, &anon, &quals);
	if (!decl) {
		c->err = _decl_err();
		return;
	}
	if (anon) {
		bool by_value = _anon_core(c->btf, t->type, q, sizeof(q)) == anon;

		fprintf(c->out, "typedef %s%s {\n", quals,
			render__kind_word(btf__type_by_id(c->btf, anon)));
		c->no_rows += !by_value;
		_emit_body(c, anon, 0, 0, "");
		c->no_rows -= !by_value;
		fprintf(c->out, "}%s %s;\n", _attrs(c->btf, anon), decl);
	} else {
		fprintf(c->out, "typedef %s;\n", decl);
	}
	free(quals);
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
		c->r->size = t->size;
		if (btf_is_any_enum(t) && !btf_vlen(t)) {
			/* No enumerators: "enum X { };" is not C. */
			fprintf(c->out, "%s %s;\n", kind, name);
			break;
		}
		fprintf(c->out, "%s%s%s {\n", kind, *name ? " " : "", name);
		_emit_body(c, id, 0, 0, "");
		fprintf(c->out, "}%s;\n", _attrs(c->btf, id));
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

const struct member_row *rendering__member(const struct rendering *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->members_cnt; i++)
		if (!strcmp(r->members[i].name, name))
			return &r->members[i];
	return NULL;
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
