// SPDX-License-Identifier: GPL-2.0
/* Rendering of every declarator shape, on BTF that pahole -J made from gcc -g. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <CUnit/CUnit.h>
#include <bpf/btf.h>

#include "../../btf/render.h"
#include "fixture.h"

static const char fx_src[] =
	"typedef unsigned long size_t;\n"
	"typedef long ssize_t;\n"
	"typedef int (*cb_t)(int);\n"
	"struct inner { int a; char b; };\n"
	"enum color { RED = -1, GREEN = 5, BIG = 0x7fffffff };\n"
	"enum big64 { B0 = 0, B1 = 0x1234567890ULL };\n"
	"struct all {\n"
	"	const char *name;\n"
	"	char **argv;\n"
	"	const char * const *cargv;\n"
	"	volatile int vi;\n"
	"	void *ptrs[6];\n"
	"	unsigned int bf1:3, bf2:5;\n"
	"	struct inner in;\n"
	"	union { int u1; long u2; struct { short s1, s2; }; };\n"
	"	struct { int x; } named_anon;\n"
	"	ssize_t (*rw)(struct inner *, char *, size_t, long long *, _Bool);\n"
	"	int (*(*fpret)(int))(char);\n"
	"	void (*fparr[2])(void);\n"
	"	int (*parr)[4];\n"
	"	enum color c;\n"
	"	cb_t cb;\n"
	"	struct inner * const pcin;\n"
	"	char flex[];\n"
	"};\n"
	"typedef struct { int q; } anon_t;\n"
	"struct withenum { int a; enum { E1, E2 = 7 } st; };\n"
	"struct all g_all; anon_t g_anon; enum big64 g_b64; struct withenum g_we;\n"
	"int func1(struct all *a, const char *s, ...) { return a->vi + (s != 0); }\n";

static struct btf *fx_btf;

static int _init(void)
{
	const char *obj = fixture__build("render_fx.o", fx_src);

	fx_btf = obj ? btf__parse(obj, NULL) : NULL;
	return 0;
}

static int _fini(void)
{
	btf__free(fx_btf);
	return 0;
}

static struct rendering *_render(const char *name, int kind)
{
	struct rendering *r = NULL;
	int id;

	if (!fx_btf)
		return NULL;
	id = btf__find_by_name_kind(fx_btf, name, kind);
	CU_ASSERT_FATAL(id > 0);
	CU_ASSERT_FATAL(render__type(fx_btf, id, &r) == 0);
	return r;
}

static void test_struct_definition(void)
{
	static const char want[] =
		"struct all {\n"
		"const char * name;\n"
		"char * * argv;\n"
		"const char * const * cargv;\n"
		"volatile int vi;\n"
		"void * ptrs[6];\n"
		"unsigned int bf1:3;\n"
		"unsigned int bf2:5;\n"
		"struct inner in;\n"
		"union {\n"
		"\tint u1;\n"
		"\tlong int u2;\n"
		"\tstruct {\n"
		"\t\tshort int s1;\n"
		"\t\tshort int s2;\n"
		"\t};\n"
		"};\n"
		"struct {\n"
		"\tint x;\n"
		"} named_anon;\n"
		"ssize_t (*rw)(struct inner *, char *, size_t, long long int *, _Bool);\n"
		"int (*(*fpret)(int))(char);\n"
		"void (*fparr[2])(void);\n"
		"int (*parr)[4];\n"
		"enum color c;\n"
		"cb_t cb;\n"
		"struct inner * const pcin;\n"
		"char flex[];\n"
		"};\n";
	struct rendering *r = _render("all", BTF_KIND_STRUCT);

	if (!r)
		return;
	CU_ASSERT_STRING_EQUAL(r->definition, want);
	CU_ASSERT_EQUAL(r->size, 176);	/* pahole: size: 176 */
	rendering__free(r);
}

static void test_member_table(void)
{
	struct rendering *r = _render("all", BTF_KIND_STRUCT);
	const struct member_row *m;

	if (!r)
		return;
	m = rendering__member(r, "bf2");
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	CU_ASSERT_EQUAL(m->bit_offset, 80 * 8 + 3);	/* pahole: 80: 3 */
	CU_ASSERT_EQUAL(m->bitfield_size, 5);
	CU_ASSERT_EQUAL(m->size, 4);
	m = rendering__member(r, "s2");	/* flattened from the anonymous struct in the union */
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	CU_ASSERT_EQUAL(m->bit_offset, 98 * 8);	/* pahole: 98 */
	CU_ASSERT_STRING_EQUAL(m->type, "short int");
	m = rendering__member(r, "named_anon.x");
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	CU_ASSERT_EQUAL(m->bit_offset, 104 * 8);	/* pahole: 104 */
	m = rendering__member(r, "rw");
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	CU_ASSERT_STRING_EQUAL(m->type,
			       "ssize_t (*)(struct inner *, char *, size_t, long long int *, _Bool)");
	CU_ASSERT_EQUAL(m->size, 8);
	m = rendering__member(r, "flex");
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	CU_ASSERT_EQUAL(m->size, 0);
	CU_ASSERT_EQUAL(m->bit_offset, 176 * 8);	/* pahole: 176 */
	rendering__free(r);
}

static void test_enums(void)
{
	struct rendering *r = _render("color", BTF_KIND_ENUM);

	if (!r)
		return;
	CU_ASSERT_STRING_EQUAL(r->definition,
			       "enum color {\nRED = -1,\nGREEN = 5,\nBIG = 2147483647,\n};\n");
	rendering__free(r);
	r = _render("big64", BTF_KIND_ENUM64);
	CU_ASSERT_STRING_EQUAL(r->definition, "enum big64 {\nB0 = 0,\nB1 = 78187493520,\n};\n");
	CU_ASSERT_EQUAL(r->size, 8);
	rendering__free(r);
}

static void test_typedefs_and_funcs(void)
{
	struct rendering *r = _render("anon_t", BTF_KIND_TYPEDEF);

	if (!r)
		return;
	CU_ASSERT_STRING_EQUAL(r->definition, "typedef struct {\nint q;\n} anon_t;\n");
	CU_ASSERT_EQUAL(r->size, 4);
	rendering__free(r);
	r = _render("cb_t", BTF_KIND_TYPEDEF);
	CU_ASSERT_STRING_EQUAL(r->definition, "typedef int (*cb_t)(int);\n");
	rendering__free(r);
	r = _render("func1", BTF_KIND_FUNC);
	CU_ASSERT_STRING_EQUAL(r->definition,
			       "int func1(struct all * a, const char * s, ...);\n");
	CU_ASSERT_EQUAL(r->members_cnt, 3);
	rendering__free(r);
}

/* An anonymous enum member is one row; its values are in its declaration. */
static void test_anon_enum_member(void)
{
	struct rendering *r = _render("withenum", BTF_KIND_STRUCT);

	if (!r)
		return;
	CU_ASSERT_STRING_EQUAL(r->definition, "struct withenum {\nint a;\nenum {\n"
			       "\tE1 = 0,\n\tE2 = 7,\n} st;\n};\n");
	CU_ASSERT_EQUAL_FATAL(r->members_cnt, 2);
	CU_ASSERT_STRING_EQUAL(r->members[1].name, "st");
	CU_ASSERT_STRING_EQUAL(r->members[1].decl, "enum {E1 = 0, E2 = 7} st");
	CU_ASSERT_EQUAL(r->members[1].bit_offset, 32);
	rendering__free(r);
}

/* Corrupt BTF: a qualifier cycle, and anonymous structs nested 40 deep. */
static void test_cycles_and_depth(void)
{
	struct btf *b = btf__new_empty();
	struct rendering *r = NULL;
	int i, in, s, err;

	CU_ASSERT_PTR_NOT_NULL_FATAL(b);
	in = btf__add_int(b, "int", 4, BTF_INT_SIGNED);	/* 1 */
	CU_ASSERT_EQUAL(btf__add_const(b, 3), 2);	/* 2 -> 3 */
	CU_ASSERT_EQUAL(btf__add_volatile(b, 2), 3);	/* 3 -> 2: a cycle */
	s = btf__add_struct(b, "loop", 4);
	CU_ASSERT_FATAL(s > 0 && !btf__add_field(b, "x", 2, 0, 0));
	err = render__type(b, s, &r);
	CU_ASSERT(err < 0 || r);	/* either way it returned */
	rendering__free(r);
	r = NULL;
	s = btf__add_struct(b, NULL, 4);
	CU_ASSERT_FATAL(!btf__add_field(b, "leaf", in, 0, 0));
	for (i = 0; i < 40; i++) {
		int next = btf__add_struct(b, i == 39 ? "deep" : NULL, 4);

		CU_ASSERT_FATAL(next > 0 && !btf__add_field(b, NULL, s, 0, 0));
		s = next;
	}
	CU_ASSERT_EQUAL(render__type(b, s, &r), -ELOOP);
	CU_ASSERT_PTR_NULL(r);
	btf__free(b);
}

static void test_not_renderable(void)
{
	struct rendering *r = (void *)1;
	int id;

	if (!fx_btf)
		return;
	id = btf__find_by_name_kind(fx_btf, "int", BTF_KIND_INT);
	CU_ASSERT_FATAL(id > 0);
	CU_ASSERT_EQUAL(render__type(fx_btf, id, &r), -EINVAL);
	CU_ASSERT_PTR_NULL(r);
}

int render_test_register(void)
{
	CU_pSuite s = CU_add_suite("render", _init, _fini);

	if (!s || !CU_add_test(s, "struct definition", test_struct_definition) ||
	    !CU_add_test(s, "member table", test_member_table) ||
	    !CU_add_test(s, "enums", test_enums) ||
	    !CU_add_test(s, "typedefs and funcs", test_typedefs_and_funcs) ||
	    !CU_add_test(s, "anonymous enum member", test_anon_enum_member) ||
	    !CU_add_test(s, "cycles and depth", test_cycles_and_depth) ||
	    !CU_add_test(s, "not renderable", test_not_renderable))
		return -1;
	return 0;
}
