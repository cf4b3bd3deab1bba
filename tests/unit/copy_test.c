// SPDX-License-Identifier: GPL-2.0
/*
 * btf_copy__closure: each ref's new id, and the pointer size of an ILP32
 * kernel kept in a copy that has no "long" to guess it from (the report
 * compares copies once a kernel's BTF is released).
 */
#include <CUnit/CUnit.h>
#include <bpf/btf.h>
#include <linux/btf.h>

#include "../../btf/copy.h"

/* struct s { int a; struct t *p; }; struct t { int x; }; typedef int i_t; ILP32. */
static struct btf *_source(__u32 *s, __u32 *i_t)
{
	struct btf *b = btf__new_empty();
	int in, l, t, pt, st, td;

	if (!b)
		return NULL;
	in = btf__add_int(b, "int", 4, BTF_INT_SIGNED);
	l = btf__add_int(b, "long int", 4, BTF_INT_SIGNED);
	t = btf__add_struct(b, "t", 4);
	btf__add_field(b, "x", in, 0, 0);
	pt = btf__add_ptr(b, t);
	st = btf__add_struct(b, "s", 8);
	btf__add_field(b, "a", in, 0, 0);
	btf__add_field(b, "p", pt, 32, 0);
	td = btf__add_typedef(b, "i_t", in);
	if (in < 0 || l < 0 || t < 0 || pt < 0 || st < 0 || td < 0) {
		btf__free(b);
		return NULL;
	}
	*s = st;
	*i_t = td;
	btf__set_pointer_size(b, 4);
	return b;
}

static void test_ids(void)
{
	__u32 s = 0, i_t = 0, ids[4] = { 0 };
	struct btf *src = _source(&s, &i_t), *dst = NULL;
	const struct btf_type *x;

	CU_ASSERT_FATAL(src != NULL);
	CU_ASSERT_EQUAL(btf__pointer_size(src), 4);
	{
		const struct btf_ref refs[] = { { src, s }, { src, i_t }, { src, s }, { src, 0 } };

		CU_ASSERT_EQUAL_FATAL(btf_copy__closure(refs, 4, &dst, ids), 0);
	}
	x = btf__type_by_id(dst, ids[0]);
	CU_ASSERT_FATAL(x != NULL);
	CU_ASSERT(btf_is_struct(x));
	CU_ASSERT_STRING_EQUAL(btf__name_by_offset(dst, x->name_off), "s");
	CU_ASSERT_EQUAL(x->size, 8);
	x = btf__type_by_id(dst, ids[1]);
	CU_ASSERT_FATAL(x != NULL);
	CU_ASSERT(btf_is_typedef(x));
	CU_ASSERT_STRING_EQUAL(btf__name_by_offset(dst, x->name_off), "i_t");
	CU_ASSERT_EQUAL(ids[2], ids[0]);	/* one type asked twice is copied once */
	CU_ASSERT_EQUAL(ids[3], 0);		/* void */
	/* struct t behind the pointer is a declaration; "long int" is not copied. */
	CU_ASSERT(btf__find_by_name_kind(dst, "t", BTF_KIND_FWD) > 0);
	CU_ASSERT(btf__find_by_name(dst, "long int") < 0);
	CU_ASSERT_EQUAL(btf__pointer_size(dst), 4);
	btf__free(dst);
	btf__free(src);
}

int copy_test_register(void)
{
	CU_pSuite s = CU_add_suite("copy", NULL, NULL);

	if (!s || !CU_add_test(s, "new ids and pointer size", test_ids))
		return -1;
	return 0;
}
