// SPDX-License-Identifier: GPL-2.0
/*
 * One synthetic old/new pair per change class, built with gcc -g and
 * pahole -J: every class, verdict and rule abi__compare can give.
 */
#include <stdlib.h>
#include <string.h>
#include <CUnit/CUnit.h>
#include <bpf/btf.h>

#include "../../btf/compare.h"
#include "../../scanner/exports.h"
#include "fixture.h"

static const char old_src[] =
	"typedef int myint; typedef int base_t;\n"
	"struct k1 { int a; };\n"
	"struct s_shrink { long a; long b; };\n"
	"struct s_grow { int a; };\n"
	"struct s_pad { int a; char c; long b; };\n"
	"struct s_ins { int a; int b; };\n"
	"struct s_rm { int a; int b; };\n"
	"struct s_ren { int a; int b; };\n"
	"struct s_type { int a; long b; };\n"
	"struct s_same { int a; };\n"
	"struct s_off { int a; int b; };\n"
	"struct s_bits { unsigned a:3, b:5; };\n"
	"struct ops { int (*op)(int); };\n"
	"struct inner { int a; int b; };\n"
	"struct outer { struct inner in; int z; };\n"
	"enum e_add { EA0, EA1 };\n"
	"enum e_rm { ER0, ER1, ER2 };\n"
	"enum e_chg { EC0 = 1 };\n"
	"typedef int td_change; typedef int td_same;\n"
	"struct k1 g1; struct s_shrink g2; struct s_grow g3; struct s_pad g4; struct s_ins g5;\n"
	"struct s_rm g6; struct s_ren g7; struct s_type g8; struct s_same g9; struct s_off g10;\n"
	"struct s_bits g11; struct ops g12; struct outer g13; enum e_add g14; enum e_rm g15;\n"
	"enum e_chg g16; td_change g17; td_same g18; myint g19; base_t g20;\n"
	"int f_ret(int x) { return x; }\n"
	"int f_padd(int x) { return x; }\n"
	"int f_prm(int x, int y) { return x + y; }\n"
	"int f_pchg(int x) { return x; }\n";

static const char new_src[] =
	"typedef int myint; typedef int base_t;\n"
	"union k1 { int a; };\n"
	"struct s_shrink { long a; };\n"
	"struct s_grow { int a; int b; };\n"
	"struct s_pad { int a; char c; char d; long b; };\n"
	"struct s_ins { int a; int x; int b; };\n"
	"struct s_rm { int a; };\n"
	"struct s_ren { int a; int bb; };\n"
	"struct s_type { int a; unsigned long b; };\n"
	"struct s_same { myint a; };\n"
	"struct s_off { long a; int b; };\n"
	"struct s_bits { unsigned a:4, b:5; };\n"
	"struct ops { int (*op)(long); };\n"
	"struct inner { int a; long x; int b; };\n"
	"struct outer { struct inner in; int z; };\n"
	"enum e_add { EA0, EA1, EA2 };\n"
	"enum e_rm { ER0, ER1 };\n"
	"enum e_chg { EC0 = 2 };\n"
	"typedef long td_change; typedef base_t td_same;\n"
	"union k1 g1; struct s_shrink g2; struct s_grow g3; struct s_pad g4; struct s_ins g5;\n"
	"struct s_rm g6; struct s_ren g7; struct s_type g8; struct s_same g9; struct s_off g10;\n"
	"struct s_bits g11; struct ops g12; struct outer g13; enum e_add g14; enum e_rm g15;\n"
	"enum e_chg g16; td_change g17; td_same g18; myint g19; base_t g20;\n"
	"long f_ret(int x) { return x; }\n"
	"int f_padd(int x, int y) { return x + y; }\n"
	"int f_prm(int x) { return x; }\n"
	"int f_pchg(long x) { return x; }\n";

static struct btf *old_btf, *new_btf;

static int _init(void)
{
	old_btf = fixture__btf("cmp_old.o", old_src);
	new_btf = fixture__btf("cmp_new.o", new_src);
	return 0;
}

static int _fini(void)
{
	btf__free(old_btf);
	btf__free(new_btf);
	return 0;
}

/* The named type of any comparable kind. */
static __u32 _find(const struct btf *btf, const char *name)
{
	static const int kinds[] = { BTF_KIND_STRUCT, BTF_KIND_UNION, BTF_KIND_ENUM,
				     BTF_KIND_TYPEDEF, BTF_KIND_FUNC };
	size_t i;
	int id;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		id = btf__find_by_name_kind(btf, name, kinds[i]);
		if (id > 0)
			return id;
	}
	return 0;
}

/* Compare @name; the list of changes in *@l (caller releases). */
static void _compare(const char *name, bool alloc, struct abi_changes *l)
{
	struct abi_opts o = { .recurse = true, .alloc = alloc };
	__u32 a = _find(old_btf, name), b = _find(new_btf, name);

	memset(l, 0, sizeof(*l));
	CU_ASSERT_FATAL(a && b);
	CU_ASSERT_FATAL(abi__compare(old_btf, a, new_btf, b, &o, l) == 0);
}

/* Is there a change of @cls at @path with @breaking and @rule? */
static bool _has(const struct abi_changes *l, enum abi_class cls, const char *path,
		 bool breaking, const char *rule)
{
	size_t i;

	for (i = 0; i < l->cnt; i++) {
		const struct abi_change *c = &l->ptr[i];

		if (c->cls == cls && !strcmp(c->path ?: "", path ?: "") &&
		    c->breaking == breaking && !strcmp(c->rule, rule))
			return true;
	}
	return false;
}

static const struct {
	const char *type;
	bool alloc;
	enum abi_class cls;
	const char *path;
	bool breaking;
	const char *rule;
} cases[] = {
	{ "k1", false, ABI_KIND_CHANGED, NULL, true, "kind" },
	{ "s_shrink", false, ABI_SIZE_CHANGED, NULL, true, "shrunk" },
	{ "s_shrink", false, ABI_MEMBER_REMOVED, "b", true, "removed" },
	{ "s_grow", false, ABI_SIZE_CHANGED, NULL, false, "grown-by-reference" },
	{ "s_grow", false, ABI_MEMBER_ADDED, "b", false, "append-at-end" },
	{ "s_grow", true, ABI_SIZE_CHANGED, NULL, true, "allocated-size" },
	{ "s_grow", true, ABI_MEMBER_ADDED, "b", true, "allocated-size" },
	{ "s_pad", true, ABI_MEMBER_ADDED, "d", false, "in-padding" },
	{ "s_ins", false, ABI_MEMBER_ADDED, "x", true, "inserted" },
	{ "s_ins", false, ABI_MEMBER_OFFSET, "b", true, "layout" },
	{ "s_rm", false, ABI_MEMBER_REMOVED, "b", true, "removed" },
	{ "s_ren", false, ABI_MEMBER_RENAMED, "b", true, "renamed" },
	{ "s_type", false, ABI_MEMBER_TYPE, "b", true, "type" },
	{ "s_same", false, ABI_MEMBER_TYPE, "a", false, "same-underlying-type" },
	{ "s_off", false, ABI_MEMBER_OFFSET, "b", true, "layout" },
	{ "s_bits", false, ABI_BITFIELD, "a", true, "layout" },
	{ "s_bits", false, ABI_BITFIELD, "b", true, "layout" },
	{ "ops", false, ABI_FPTR_CHANGED, "op", true, "prototype" },
	{ "outer", false, ABI_SIZE_CHANGED, "in", true, "allocated-size" },
	{ "outer", false, ABI_MEMBER_OFFSET, "in.b", true, "layout" },
	{ "outer", false, ABI_MEMBER_ADDED, "in.x", true, "inserted" },
	{ "outer", false, ABI_MEMBER_OFFSET, "z", true, "layout" },
	{ "e_add", false, ABI_ENUM_ADDED, "EA2", false, "new-enumerator" },
	{ "e_rm", false, ABI_ENUM_REMOVED, "ER2", true, "removed" },
	{ "e_chg", false, ABI_ENUM_CHANGED, "EC0", true, "value" },
	{ "td_change", false, ABI_TYPEDEF_CHANGED, NULL, true, "typedef-target" },
	{ "td_same", false, ABI_TYPEDEF_CHANGED, NULL, false, "same-underlying-type" },
	{ "f_ret", false, ABI_FUNC_RETURN, NULL, true, "prototype" },
	{ "f_padd", false, ABI_PARAM_ADDED, "y", true, "prototype" },
	{ "f_prm", false, ABI_PARAM_REMOVED, "y", true, "prototype" },
	{ "f_pchg", false, ABI_PARAM_CHANGED, "x", true, "prototype" },
};

static void test_every_class(void)
{
	struct abi_changes l;
	size_t i;

	if (!old_btf || !new_btf)
		return;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		_compare(cases[i].type, cases[i].alloc, &l);
		if (!_has(&l, cases[i].cls, cases[i].path, cases[i].breaking, cases[i].rule))
			fprintf(stderr, "\nmissing: %s %s %s\n", cases[i].type,
				abi__class_name(cases[i].cls), cases[i].path ?: "");
		CU_ASSERT(_has(&l, cases[i].cls, cases[i].path, cases[i].breaking, cases[i].rule));
		abi_changes_release(&l);
	}
}

/* Unchanged types give nothing; renamed members are not also added/removed. */
static void test_exact(void)
{
	struct abi_changes l;

	if (!old_btf || !new_btf)
		return;
	_compare("myint", false, &l);
	CU_ASSERT_EQUAL(l.cnt, 0);
	abi_changes_release(&l);
	_compare("s_ren", false, &l);
	CU_ASSERT_EQUAL(l.cnt, 1);
	abi_changes_release(&l);
	_compare("e_add", false, &l);
	CU_ASSERT_EQUAL(l.cnt, 1);
	abi_changes_release(&l);
	/* Same type in both: a digest equal to itself, and no change. */
	CU_ASSERT_EQUAL(abi__digest(old_btf, _find(old_btf, "outer")),
			abi__digest(old_btf, _find(old_btf, "outer")));
	CU_ASSERT_NOT_EQUAL(abi__digest(old_btf, _find(old_btf, "s_off")),
			    abi__digest(new_btf, _find(new_btf, "s_off")));
	CU_ASSERT_EQUAL(abi__digest(old_btf, _find(old_btf, "s_rm")) ==
			abi__digest(old_btf, _find(old_btf, "s_ren")), true);
}

static void test_class_names(void)
{
	int i;

	for (i = 0; i < ABI_CLASS_CNT; i++) {
		CU_ASSERT_PTR_NOT_NULL(abi__class_name(i));
		CU_ASSERT_EQUAL(abi__class_parse(abi__class_name(i)), i);
	}
	CU_ASSERT_EQUAL(abi__class_parse("no-such-class"), -1);
	CU_ASSERT_PTR_NULL(abi__class_name(ABI_CLASS_CNT));
}

/*
 * pahole -J's flattening: int m[6] (BTF) against int m[2][3] (DWARF) is the
 * same layout, said as flattened-array; another count or element type is
 * not. Built by hand: no compiler writes the flattened side.
 */
static void test_flattened(void)
{
	struct btf *a = btf__new_empty(), *b = btf__new_empty();
	struct abi_opts o = { 0 };
	struct abi_changes l = { 0 };
	int sa, sb;

	CU_ASSERT_FATAL(a && b);
	/* old: 1 int, 2 int [6], 3 struct s */
	btf__add_int(a, "int", 4, BTF_INT_SIGNED);
	btf__add_array(a, 1, 1, 6);
	sa = btf__add_struct(a, "s", 72);
	btf__add_field(a, "m", 2, 0, 0);
	btf__add_field(a, "count", 2, 192, 0);
	btf__add_field(a, "elem", 2, 384, 0);
	/* new: 1 int, 2 unsigned int, 3 int [3], 4 [2] of 3, 5 int [4], 6 [2] of 5,
	 * 7 unsigned int [3], 8 [2] of 7, 9 struct s */
	btf__add_int(b, "int", 4, BTF_INT_SIGNED);
	btf__add_int(b, "unsigned int", 4, 0);
	btf__add_array(b, 1, 1, 3);
	btf__add_array(b, 1, 3, 2);
	btf__add_array(b, 1, 1, 4);
	btf__add_array(b, 1, 5, 2);
	btf__add_array(b, 1, 2, 3);
	btf__add_array(b, 1, 7, 2);
	sb = btf__add_struct(b, "s", 72);
	btf__add_field(b, "m", 4, 0, 0);
	btf__add_field(b, "count", 6, 192, 0);
	btf__add_field(b, "elem", 8, 384, 0);
	CU_ASSERT_FATAL(sa > 0 && sb > 0);
	CU_ASSERT_FATAL(abi__compare(a, sa, b, sb, &o, &l) == 0);
	CU_ASSERT(_has(&l, ABI_MEMBER_TYPE, "m", false, "flattened-array"));
	CU_ASSERT(_has(&l, ABI_MEMBER_TYPE, "count", true, "type"));
	CU_ASSERT(_has(&l, ABI_MEMBER_TYPE, "elem", true, "type"));
	abi_changes_release(&l);
	/* And the other way round. */
	CU_ASSERT_FATAL(abi__compare(b, sb, a, sa, &o, &l) == 0);
	CU_ASSERT(_has(&l, ABI_MEMBER_TYPE, "m", false, "flattened-array"));
	CU_ASSERT_EQUAL(l.cnt, 3);
	abi_changes_release(&l);
	btf__free(a);
	btf__free(b);
}

/* Export changes: every class, both license verdicts, and no change where none is seen. */
static void test_exports(void)
{
	struct export plain = { "f", "vmlinux", "", 0x1111, false, true, 0 };
	struct export gpl = plain, ns = plain, crc = plain, nocrc = plain, moved = plain;
	struct abi_changes l = { 0 };

	gpl.gpl = true;
	ns.ns = "DMA_BUF";
	crc.crc = 0x2222;
	nocrc.has_crc = false;
	moved.owner = "drivers/x";
	CU_ASSERT_EQUAL(abi__compare_export(&plain, NULL, false, "func f", &l), 0);
	CU_ASSERT_EQUAL(abi__compare_export(NULL, &gpl, false, "func f", &l), 0);
	CU_ASSERT_EQUAL(abi__compare_export(&plain, &gpl, false, "func f", &l), 0);
	CU_ASSERT_EQUAL(abi__compare_export(&plain, &gpl, true, "func f", &l), 0);
	CU_ASSERT_EQUAL(abi__compare_export(&plain, &ns, false, "func f", &l), 0);
	CU_ASSERT_EQUAL(abi__compare_export(&plain, &crc, false, "func f", &l), 0);
	CU_ASSERT_FATAL(l.cnt == 6);
	CU_ASSERT(l.ptr[0].cls == ABI_EXPORT_REMOVED && l.ptr[0].breaking &&
		  !strcmp(l.ptr[0].old, "EXPORT_SYMBOL vmlinux") && !l.ptr[0].new);
	CU_ASSERT(l.ptr[1].cls == ABI_EXPORT_ADDED && !l.ptr[1].breaking &&
		  !strcmp(l.ptr[1].new, "EXPORT_SYMBOL_GPL vmlinux"));
	CU_ASSERT(l.ptr[2].cls == ABI_EXPORT_GPL && l.ptr[2].breaking &&
		  !strcmp(l.ptr[2].rule, "gpl-only"));
	CU_ASSERT(l.ptr[3].cls == ABI_EXPORT_GPL && !l.ptr[3].breaking &&
		  !strcmp(l.ptr[3].rule, "gpl-module"));
	CU_ASSERT(l.ptr[4].cls == ABI_EXPORT_NS && l.ptr[4].breaking &&
		  !strcmp(l.ptr[4].old, "(none)") && !strcmp(l.ptr[4].new, "DMA_BUF"));
	CU_ASSERT(l.ptr[5].cls == ABI_EXPORT_CRC && l.ptr[5].breaking &&
		  !strcmp(l.ptr[5].old, "0x00001111") && !strcmp(l.ptr[5].new, "0x00002222"));
	CU_ASSERT_STRING_EQUAL(abi__class_name(ABI_EXPORT_GPL), "export-now-gpl-only");
	/* Not seen by a driver: GPL-only lifted, another owner, a CRC on one side only. */
	abi__compare_export(&gpl, &plain, false, "func f", &l);
	abi__compare_export(&plain, &moved, false, "func f", &l);
	abi__compare_export(&crc, &nocrc, false, "func f", &l);
	abi__compare_export(NULL, NULL, false, "func f", &l);
	CU_ASSERT_EQUAL(l.cnt, 6);
	abi_changes_release(&l);
}

int compare_test_register(void)
{
	CU_pSuite s = CU_add_suite("compare", _init, _fini);

	if (!s || !CU_add_test(s, "every change class", test_every_class) ||
	    !CU_add_test(s, "nothing more", test_exact) ||
	    !CU_add_test(s, "class names", test_class_names) ||
	    !CU_add_test(s, "flattened arrays", test_flattened) ||
	    !CU_add_test(s, "export changes", test_exports))
		return -1;
	return 0;
}
