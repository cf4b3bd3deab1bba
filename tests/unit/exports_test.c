// SPDX-License-Identifier: GPL-2.0
#include <string.h>
#include <CUnit/CUnit.h>

#include "../../btf/exports.h"
#include "../../btf/modcheck.h"
#include "../../scanner/errmsg.h"
#include "../../scanner/modinfo.h"
#include "../../scanner/symvers.h"

static int _parse(const char *text, struct exports *ex)
{
	memset(ex, 0, sizeof(*ex));
	return symvers__parse(text, strlen(text), "test.symvers", ex);
}

/* The three Module.symvers layouts: 5.10 on, 5.4 to 5.9, older. */
static void test_symvers_formats(void)
{
	struct exports ex;
	const struct export *e;

	CU_ASSERT_EQUAL(_parse("0x00000001\ta\tvmlinux\tEXPORT_SYMBOL\t\n"
			       "0x00000002\tb\tNS1\tdrivers/x\tEXPORT_SYMBOL_GPL\n"
			       "0x00000003\tc\tdrivers/y\tEXPORT_SYMBOL_GPL\n"
			       "0xffffffff\td\tvmlinux\tEXPORT_SYMBOL_GPL\tDMA_BUF", &ex), 0);
	CU_ASSERT_EQUAL(ex.cnt, 4);
	exports__sort(&ex);
	e = exports__find(&ex, "b");
	CU_ASSERT_FATAL(e != NULL);
	CU_ASSERT_STRING_EQUAL(e->owner, "drivers/x");
	CU_ASSERT_STRING_EQUAL(e->ns, "NS1");
	CU_ASSERT(e->gpl);
	e = exports__find(&ex, "c");
	CU_ASSERT_FATAL(e != NULL);
	CU_ASSERT_STRING_EQUAL(e->owner, "drivers/y");
	CU_ASSERT_STRING_EQUAL(e->ns, "");
	e = exports__find(&ex, "d");
	CU_ASSERT_FATAL(e != NULL);
	CU_ASSERT_EQUAL(e->crc, 0xffffffffu);
	CU_ASSERT_STRING_EQUAL(e->ns, "DMA_BUF");
	CU_ASSERT_PTR_NULL(exports__find(&ex, "e"));
	CU_ASSERT(ex.has_crcs);
	exports_release(&ex);
}

static void _bad(const char *text, const char *msg)
{
	struct exports ex;

	errmsg__clear();
	CU_ASSERT_EQUAL(_parse(text, &ex), -EINVAL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(errmsg__get());
	CU_ASSERT_PTR_NOT_NULL(strstr(errmsg__get(), msg));
	exports_release(&ex);
}

static void test_symvers_bad(void)
{
	_bad("0x1\ta\n", "line 1: expected 4 or 5");
	_bad("\n0x100000000\ta\tvmlinux\tEXPORT_SYMBOL\t\n", "line 2: the CRC is not");
	_bad("1234\ta\tvmlinux\tEXPORT_SYMBOL\t\n", "the CRC is not");
	_bad("0x1\ta\tvmlinux\tEXPORT\t\n", "no export type");
	_bad("0x1\t\tvmlinux\tEXPORT_SYMBOL\t\n", "empty or malformed");
	_bad("0x1\ta b\tvmlinux\tEXPORT_SYMBOL\t\n", "empty or malformed");
}

static void test_gpl_compatible(void)
{
	CU_ASSERT(modcheck__gpl_compatible("GPL"));
	CU_ASSERT(modcheck__gpl_compatible("GPL v2"));
	CU_ASSERT(modcheck__gpl_compatible("Dual MIT/GPL"));
	CU_ASSERT(!modcheck__gpl_compatible("GPL v3"));
	CU_ASSERT(!modcheck__gpl_compatible("MIT"));
	CU_ASSERT(!modcheck__gpl_compatible("Proprietary"));
	CU_ASSERT(!modcheck__gpl_compatible(NULL));
}

/* vermagic: the release part counts only for a module without versions. */
static void test_vermagic(void)
{
	struct module_info mi = { .name = "m", .license = "GPL" };
	struct kexports k = { .release = "6.12.1-amd64" };
	struct mc_result r;

	k.vermagic = "6.12.1-amd64 SMP preempt mod_unload modversions ";
	mi.vermagic = "6.12.9-amd64 SMP preempt mod_unload modversions ";
	mi.has_versions = true;
	CU_ASSERT_EQUAL(modcheck__judge(&mi, &k, &r), 0);
	CU_ASSERT(r.loadable);
	mc_result_release(&r);
	mi.has_versions = false;
	CU_ASSERT_EQUAL(modcheck__judge(&mi, &k, &r), 0);
	CU_ASSERT(!r.loadable);
	CU_ASSERT_EQUAL_FATAL(r.cnt, 1);
	CU_ASSERT_EQUAL(r.problems[0].kind, MC_VERMAGIC);
	CU_ASSERT_STRING_EQUAL(modcheck__kind(r.problems[0].kind), "vermagic");
	mc_result_release(&r);
}

/* "module:" namespaces (6.16) name the modules that may use an export. */
static void test_module_namespace(void)
{
	struct modimport imp = { .name = "f" };
	struct module_info mi = { .name = "kvm_amd", .license = "GPL", .imports = &imp,
				  .imports_cnt = 1, .vermagic = "r x" };
	struct kexports k = { .release = "r", .vermagic = "r x" };
	struct mc_result r;

	CU_ASSERT_EQUAL(exports__add(&k.ex, "f", "vmlinux", "module:kvm,kvm_*", 0, false, true), 0);
	exports__sort(&k.ex);
	CU_ASSERT_EQUAL(modcheck__judge(&mi, &k, &r), 0);
	CU_ASSERT(r.loadable);
	mc_result_release(&r);
	mi.name = "other";
	CU_ASSERT_EQUAL(modcheck__judge(&mi, &k, &r), 0);
	CU_ASSERT_EQUAL_FATAL(r.cnt, 1);
	CU_ASSERT_EQUAL(r.problems[0].kind, MC_NAMESPACE);
	mc_result_release(&r);
	exports_release(&k.ex);
}

int exports_test_register(void)
{
	CU_pSuite s = CU_add_suite("exports", NULL, NULL);

	if (!s || !CU_add_test(s, "Module.symvers formats", test_symvers_formats) ||
	    !CU_add_test(s, "Module.symvers bad lines", test_symvers_bad) ||
	    !CU_add_test(s, "GPL-compatible licenses", test_gpl_compatible) ||
	    !CU_add_test(s, "vermagic", test_vermagic) ||
	    !CU_add_test(s, "module: namespaces", test_module_namespace))
		return -1;
	return 0;
}
