// SPDX-License-Identifier: GPL-2.0
/*
 * kdiff__leaves on a synthetic old/new pair (gcc -g, pahole -J): each
 * changed type once at its own name, where it is reached from, direct and
 * indirect, and the report order.
 *
 *   byptr (asked for, by pointer) embeds inner and hidden
 *   held  (asked for, "alloc")    embeds mid (which embeds inner) and inner
 *   cbs   (asked for)             a callback table
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <CUnit/CUnit.h>
#include <bpf/btf.h>

#include "../../btf/kdiff.h"
#include "../../btf/lookup.h"
#include "fixture.h"

#define COMMON \
	"struct mid { struct inner in; int m; };\n" \
	"struct held { struct mid md; struct inner in2; };\n" \
	"struct byptr { struct inner in3; struct hidden hid; int q; };\n" \
	"struct held g1; struct byptr g2; struct cbs g3;\n"

static const char old_src[] =
	"struct inner { int a; int b; };\n"
	"struct hidden { int h; };\n"
	"struct cbs { int (*a)(int); int (*b)(int); int n; };\n" COMMON;

static const char new_src[] =
	"struct inner { int a; long x; int b; };\n"
	"struct hidden { long h; };\n"
	"struct cbs { int (*z)(int); int (*a)(int); int (*b)(int); int n; };\n" COMMON;

static struct btf *old_btf, *new_btf;

static int _init(void)
{
	old_btf = fixture__btf("leaf_old.o", old_src);
	new_btf = fixture__btf("leaf_new.o", new_src);
	return 0;
}

static int _fini(void)
{
	btf__free(old_btf);
	btf__free(new_btf);
	return 0;
}

static const char *const names[] = { "struct byptr", "struct held", "struct cbs" };
static const bool alloc[] = { false, true, false };

/* The leaf comparison of the three types asked for. */
static void _leaves(struct abi_result *r)
{
	struct type_query qs[3];
	struct cell ca[3], cb[3];
	size_t i;

	memset(r, 0, sizeof(*r));
	for (i = 0; i < 3; i++) {
		CU_ASSERT_FATAL(type_query__parse(names[i], &qs[i]) == 0);
		ca[i] = (struct cell){ .state = CELL_PRESENT, .btf = old_btf, .format = "BTF",
				       .id = btf__find_by_name_kind(old_btf, qs[i].name,
								    BTF_KIND_STRUCT) };
		cb[i] = ca[i];
		cb[i].btf = new_btf;
		cb[i].id = btf__find_by_name_kind(new_btf, qs[i].name, BTF_KIND_STRUCT);
		CU_ASSERT_FATAL((int)ca[i].id > 0 && (int)cb[i].id > 0);
	}
	CU_ASSERT_FATAL(kdiff__leaves(ca, cb, qs, alloc, 3, r) == 0);
	for (i = 0; i < 3; i++)
		type_query_release(&qs[i]);
}

static const struct abi_verdict *_verdict(const struct abi_result *r, const char *type)
{
	size_t i;

	for (i = 0; i < r->types_cnt; i++)
		if (!strcmp(r->types[i].type, type))
			return &r->types[i];
	return NULL;
}

static void test_order(void)
{
	static const char *const want[] = { "struct cbs", "struct held", "struct inner",
					    "struct mid", "struct byptr", "struct hidden" };
	struct abi_result r;
	size_t i;

	if (!old_btf || !new_btf)
		return;
	_leaves(&r);
	CU_ASSERT_EQUAL_FATAL(r.types_cnt, 6);
	for (i = 0; i < 6; i++)
		CU_ASSERT_STRING_EQUAL(r.types[i].type, want[i]);
	abi_result_release(&r);
}

static void test_once_at_own_name(void)
{
	const struct abi_verdict *v;
	struct abi_result r;
	size_t i;

	if (!old_btf || !new_btf)
		return;
	_leaves(&r);
	/* inner's member x once, under inner; none under a path into it. */
	for (i = 0; i < r.changes.cnt; i++) {
		const struct abi_change *c = &r.changes.ptr[i];

		CU_ASSERT(!c->path || !strchr(c->path, '.'));
		if (c->cls == ABI_MEMBER_ADDED && c->path && !strcmp(c->path, "x"))
			CU_ASSERT_STRING_EQUAL(c->type, "struct inner");
	}
	v = _verdict(&r, "struct inner");
	CU_ASSERT_FATAL(v != NULL);
	CU_ASSERT_STRING_EQUAL(v->reached, "byptr.in3, held.in2, held.md.in");
	CU_ASSERT_FALSE(v->indirect);
	v = _verdict(&r, "struct held");
	CU_ASSERT_PTR_NULL(v->reached);
	abi_result_release(&r);
}

static void test_direct_indirect(void)
{
	const struct abi_verdict *v;
	struct abi_result r;

	if (!old_btf || !new_btf)
		return;
	_leaves(&r);
	v = _verdict(&r, "struct hidden");
	CU_ASSERT_FATAL(v != NULL);
	CU_ASSERT_TRUE(v->indirect);
	CU_ASSERT_STRING_EQUAL(v->reached, "byptr.hid");
	CU_ASSERT_FALSE(_verdict(&r, "struct mid")->indirect);
	CU_ASSERT_FALSE(_verdict(&r, "struct byptr")->indirect);
	/* hidden's h: type and size; everything else is direct. */
	CU_ASSERT_EQUAL(abi_result__breaking(&r, true), v->cnt);
	CU_ASSERT(abi_result__breaking(&r, false) > 0);
	CU_ASSERT_EQUAL(r.unchanged, 0);
	abi_result_release(&r);
}

int leaf_test_register(void)
{
	CU_pSuite s = CU_add_suite("leaf", _init, _fini);

	if (!s || !CU_add_test(s, "report order", test_order) ||
	    !CU_add_test(s, "each type once, at its own name", test_once_at_own_name) ||
	    !CU_add_test(s, "direct and indirect", test_direct_indirect))
		return -1;
	return 0;
}
