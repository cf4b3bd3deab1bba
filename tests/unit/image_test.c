// SPDX-License-Identifier: GPL-2.0
/* BTF header checks: what a real module can carry, and what is corrupt. */
#include <errno.h>
#include <string.h>
#include <CUnit/CUnit.h>
#include <linux/btf.h>

#include "../../scanner/errmsg.h"
#include "../../scanner/image.h"

/* A header followed by @type_len type bytes and @str_len string bytes. */
static size_t _blob(unsigned char *buf, __u32 type_len, __u32 str_len)
{
	struct btf_header h = {
		.magic = BTF_MAGIC, .version = BTF_VERSION, .hdr_len = sizeof(h),
		.type_off = 0, .type_len = type_len, .str_off = type_len, .str_len = str_len,
	};

	memset(buf, 0, 256);
	memcpy(buf, &h, sizeof(h));
	return sizeof(h) + type_len + str_len;
}

static void test_empty_string_section(void)
{
	unsigned char buf[256];
	size_t n = _blob(buf, 16, 0);

	/* crypto/cast_common.ko in Debian 6.1: every name it uses is vmlinux's. */
	CU_ASSERT_EQUAL(image__check_btf(buf, n, "cast_common.ko"), 0);
}

static void test_truncated(void)
{
	unsigned char buf[256];
	size_t n = _blob(buf, 16, 8);

	CU_ASSERT_EQUAL(image__check_btf(buf, n, "x"), 0);
	CU_ASSERT_EQUAL(image__check_btf(buf, n - 1, "x"), -EPIPE);
	CU_ASSERT_PTR_NOT_NULL(strstr(errmsg__get(), "truncated BTF"));
	CU_ASSERT_EQUAL(image__check_btf(buf, 10, "x"), -EPIPE);
	CU_ASSERT_PTR_NOT_NULL(strstr(errmsg__get(), "'x': truncated BTF header"));
}

static void test_bad_header(void)
{
	unsigned char buf[256];
	size_t n = _blob(buf, 16, 8);

	buf[0] = 0;
	CU_ASSERT_EQUAL(image__check_btf(buf, n, "x"), -EINVAL);
	CU_ASSERT_STRING_EQUAL(errmsg__get(), "cannot read 'x': bad BTF magic");
	n = _blob(buf, 16, 8);
	buf[4] = 8;	/* hdr_len shorter than the header itself */
	CU_ASSERT_EQUAL(image__check_btf(buf, n, "x"), -EINVAL);
	CU_ASSERT_STRING_EQUAL(errmsg__get(), "cannot read 'x': bad BTF header section bounds");
}

int image_test_register(void)
{
	CU_pSuite s = CU_add_suite("image", NULL, NULL);

	if (!s || !CU_add_test(s, "empty string section", test_empty_string_section) ||
	    !CU_add_test(s, "truncated", test_truncated) ||
	    !CU_add_test(s, "bad header", test_bad_header))
		return -1;
	return 0;
}
