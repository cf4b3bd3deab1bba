// SPDX-License-Identifier: GPL-2.0
/*
 * The DWARF reader against pahole's BTF encoder, btfdiff style: one object
 * compiled with -gdwarf-4 and with -gdwarf-5, each type rendered from its
 * DWARF (our encoder) and from the .BTF that pahole -J added to it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <CUnit/CUnit.h>
#include <bpf/btf.h>

#include "../../btf/dwarf.h"
#include "../../btf/lookup.h"
#include "../../btf/render.h"
#include "../../scanner/errmsg.h"
#include "fixture.h"

static const char dw_src[] =
	"typedef unsigned long size_t;\n"
	"struct node { struct node *next, *prev; const char *name; };\n"
	"enum sign { NEG = -5, ZERO = 0, POS = 7 };\n"
	"enum wide { W0 = 0, WBIG = 0x1234567890ULL };\n"
	"struct bits {\n"
	"	unsigned int a:3, b:13;\n"
	"	signed char c:2;\n"
	"	unsigned long long d:40, e:30;\n"
	"	union { int i; struct { unsigned short lo:4, hi:12; }; };\n"
	"	struct { int x, y; } pt;\n"
	"	int (*(*fpret)(int))(char);\n"
	"	void (*fparr[3])(size_t);\n"
	"	int (*parr)[4];\n"
	"	const char * const cpc;\n"
	"	volatile unsigned int vol;\n"
	"	struct node list;\n"
	"	enum sign s;\n"
	"	enum wide w;\n"
	"	char tail[];\n"
	"};\n"
	"struct bits g_bits; enum wide g_wide;\n"
	"size_t take(struct bits *b, const struct node *n) { return b->a + (n != 0); }\n";

static const char *names[] = {
	"struct bits", "struct node", "enum sign", "enum wide", "func take", "typedef size_t",
};

#define NAMES (sizeof(names) / sizeof(names[0]))

/* Render every name from DWARF and from BTF of @obj and compare. */
static void _compare(const char *obj)
{
	struct type_query qs[NAMES];
	struct dwarf_hit hits[NAMES];
	struct btf *dw = NULL, *bt;
	size_t i;

	if (!obj)
		return;
	bt = btf__parse(obj, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(bt);
	for (i = 0; i < NAMES; i++)
		CU_ASSERT_FATAL(type_query__parse(names[i], &qs[i]) == 0);
	if (dwarf__find_types(obj, qs, NAMES, NULL, &dw, hits))
		printf("\n%s\n", errmsg__get());
	CU_ASSERT_PTR_NOT_NULL_FATAL(dw);
	CU_ASSERT_PTR_NOT_NULL_FATAL(dw);
	for (i = 0; i < NAMES; i++) {
		struct rendering *rd = NULL, *rb = NULL;
		int kind = qs[i].kind == BTF_KIND_ENUM && !strcmp(qs[i].name, "wide") ?
			   BTF_KIND_ENUM64 : qs[i].kind;
		int id = btf__find_by_name_kind(bt, qs[i].name, kind);

		CU_ASSERT_EQUAL(hits[i].layouts, 1);
		CU_ASSERT_FATAL(id > 0);
		CU_ASSERT_FATAL(render__type(dw, hits[i].ids[0], &rd) == 0);
		CU_ASSERT_FATAL(render__type(bt, id, &rb) == 0);
		CU_ASSERT_STRING_EQUAL(rd->definition, rb->definition);
		CU_ASSERT_EQUAL(rd->size, rb->size);
		CU_ASSERT_EQUAL_FATAL(rd->members_cnt, rb->members_cnt);
		for (size_t j = 0; j < rd->members_cnt; j++) {
			CU_ASSERT_STRING_EQUAL(rd->members[j].name, rb->members[j].name);
			CU_ASSERT_EQUAL(rd->members[j].bit_offset, rb->members[j].bit_offset);
			CU_ASSERT_EQUAL(rd->members[j].bitfield_size, rb->members[j].bitfield_size);
			CU_ASSERT_EQUAL(rd->members[j].size, rb->members[j].size);
		}
		rendering__free(rd);
		rendering__free(rb);
		type_query_release(&qs[i]);
	}
	btf__free(dw);
	btf__free(bt);
}

static void test_dwarf4(void)
{
	_compare(fixture__build_flags("dwarf4_fx.o", dw_src, "-gdwarf-4"));
}

static void test_dwarf5(void)
{
	_compare(fixture__build_flags("dwarf5_fx.o", dw_src, "-gdwarf-5"));
}

/* A linked executable goes through the mapped, relocation-free reader. */
static void test_linked(void)
{
	static char src[sizeof(dw_src) + 64];

	snprintf(src, sizeof(src), "%sint main(void) { return 0; }\n", dw_src);
	_compare(fixture__link("dwarf_linked", src, "-gdwarf-5"));
}

/* Where pahole's BTF loses a dimension, DWARF keeps the C declaration. */
static void test_multidim(void)
{
	const char *obj = fixture__build_flags("dwarf_md.o",
					       "struct md { int m[2][3]; char z[0]; }; struct md g;\n",
					       "-gdwarf-5");
	struct type_query q;
	struct dwarf_hit hit;
	struct rendering *r;
	struct btf *dw;

	if (!obj)
		return;
	CU_ASSERT_FATAL(type_query__parse("md", &q) == 0);
	CU_ASSERT_FATAL(dwarf__find_types(obj, &q, 1, NULL, &dw, &hit) == 0 && dw);
	CU_ASSERT_FATAL(render__type(dw, hit.ids[0], &r) == 0);
	CU_ASSERT_STRING_EQUAL(r->definition, "struct md {\nint m[2][3];\nchar z[];\n};\n");
	CU_ASSERT_EQUAL(r->size, 24);
	rendering__free(r);
	btf__free(dw);
	type_query_release(&q);
}

static void test_absent(void)
{
	const char *obj = fixture__build_flags("dwarf_abs.o", "int x;\n", "-gdwarf-5");
	struct type_query q;
	struct dwarf_hit hit;
	struct btf *dw = (void *)1;

	if (!obj)
		return;
	CU_ASSERT_FATAL(type_query__parse("struct nothere", &q) == 0);
	CU_ASSERT(dwarf__find_types(obj, &q, 1, NULL, &dw, &hit) == 0);
	CU_ASSERT_PTR_NULL(dw);
	CU_ASSERT_EQUAL(hit.layouts, 0);
	type_query_release(&q);
}

int dwarf_test_register(void)
{
	CU_pSuite s = CU_add_suite("dwarf", NULL, NULL);

	if (!s || !CU_add_test(s, "DWARF 4 equals pahole BTF", test_dwarf4) ||
	    !CU_add_test(s, "DWARF 5 equals pahole BTF", test_dwarf5) ||
	    !CU_add_test(s, "linked executable", test_linked) ||
	    !CU_add_test(s, "multi-dimensional and zero-length arrays", test_multidim) ||
	    !CU_add_test(s, "absent name", test_absent))
		return -1;
	return 0;
}
