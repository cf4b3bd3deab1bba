// SPDX-License-Identifier: GPL-2.0
#include <elf.h>
#include <string.h>
#include <CUnit/CUnit.h>

#include "../../scanner/release.h"

static void _expect(const char *rel, const char *ver, const char *arch, const char *flav)
{
	struct release_info ri;

	release__parse(rel, &ri);
	CU_ASSERT_STRING_EQUAL(ri.version, ver);
	CU_ASSERT_STRING_EQUAL(ri.arch, arch);
	CU_ASSERT_STRING_EQUAL(ri.flavour, flav);
}

static void test_debian(void)
{
	_expect("6.1.0-50-amd64", "6.1", "amd64", "generic");
	_expect("6.1.0-50-cloud-amd64", "6.1", "amd64", "cloud");
	_expect("6.12.117+deb13-rt-amd64", "6.12", "amd64", "rt");
	_expect("7.2.13+deb14-arm64-16k", "7.2", "arm64", "16k");
	_expect("6.1.0-50-686", "6.1", "i386", "generic");
	_expect("6.1.0-50-686-pae", "6.1", "i386", "pae");
	_expect("6.1.0-50-armmp", "6.1", "armhf", "generic");
	_expect("6.1.0-50-powerpc64le", "6.1", "ppc64el", "generic");
	_expect("7.2.13+deb14-riscv64", "7.2", "riscv64", "generic");
	_expect("5.10.0-32-s390x", "5.10", "s390x", "generic");
}

static void test_ubuntu(void)
{
	_expect("5.15.0-91-generic", "5.15", "", "generic");
	_expect("5.15.0-91-lowlatency", "5.15", "", "lowlatency");
	_expect("6.8.0-1012-aws", "6.8", "", "aws");
	_expect("6.5.0-1025-azure", "6.5", "", "azure");
	_expect("6.8.0-1008-gcp", "6.8", "", "gcp");
	_expect("6.8.0-31-generic-64k", "6.8", "", "generic-64k");
}

/* Styles without known words name no flavour and no arch. */
static void test_other_styles(void)
{
	_expect("6.18.44-fc-v782", "6.18", "", "generic");
	_expect("6.5.6-300.fc39.x86_64", "6.5", "", "generic");
	_expect("5.14.0-362.8.1.el9_3.x86_64", "5.14", "", "generic");
	_expect("6.6.1-arch1-1", "6.6", "", "generic");
	_expect("6.1.0", "6.1", "", "generic");
	_expect("6.12.12+bpo-cloud-amd64", "6.12", "amd64", "cloud");
}

static void test_not_a_release(void)
{
	_expect("vmlinux", "", "", "generic");
	_expect("", "", "", "generic");
}

static void test_build_and_order(void)
{
	char b[64];

	release__build("6.12.117+deb13-rt-amd64", b, sizeof(b));
	CU_ASSERT_STRING_EQUAL(b, "6.12.117+deb13");
	release__build("6.1.0-50-cloud-amd64", b, sizeof(b));
	CU_ASSERT_STRING_EQUAL(b, "6.1.0-50");
	CU_ASSERT(release__cmp("6.1", "6.12") < 0);
	CU_ASSERT(release__cmp("5.10", "6.1") < 0);
	CU_ASSERT(release__cmp("7.2", "6.12") > 0);
}

static void test_arch_from_elf(void)
{
	CU_ASSERT_STRING_EQUAL(release__arch_from_elf(EM_X86_64, 8, false), "amd64");
	CU_ASSERT_STRING_EQUAL(release__arch_from_elf(EM_386, 4, false), "i386");
	CU_ASSERT_STRING_EQUAL(release__arch_from_elf(EM_PPC64, 8, false), "ppc64el");
	CU_ASSERT_STRING_EQUAL(release__arch_from_elf(EM_PPC64, 8, true), "ppc64");
	CU_ASSERT_PTR_NULL(release__arch_from_elf(EM_NONE, 8, false));
}

int release_test_register(void)
{
	CU_pSuite s = CU_add_suite("release", NULL, NULL);

	if (!s || !CU_add_test(s, "debian names", test_debian) ||
	    !CU_add_test(s, "ubuntu names", test_ubuntu) ||
	    !CU_add_test(s, "other release styles", test_other_styles) ||
	    !CU_add_test(s, "not a release", test_not_a_release) ||
	    !CU_add_test(s, "build part and version order", test_build_and_order) ||
	    !CU_add_test(s, "arch from ELF machine", test_arch_from_elf))
		return -1;
	return 0;
}
