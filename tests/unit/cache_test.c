// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>
#include <CUnit/CUnit.h>

#include "../../scanner/cache.h"
#include "../../scanner/errmsg.h"
#include "../../scanner/kdir.h"

/* The smallest valid BTF: a header, no types, one empty string. */
static unsigned char btf_blob[25] = { 0x9f, 0xeb, 1, 0, 24, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
				      0, 0, 0, 0, 1, 0, 0, 0, 0 };

/* An entry of a kernel with one module that has BTF and one that has none. */
static int _encode(void **buf, size_t *len)
{
	char *mods[] = { "/r/lib/modules/R/a.ko", "/r/lib/modules/R/b.ko.xz" };
	char *debug[] = { NULL, "/r/usr/lib/debug/lib/modules/R/b.ko" };
	struct kernel_files kf = { .origin = "/r", .release = "R", .vmlinux = "/r/boot/vmlinuz-R",
				   .modules = mods, .modules_cnt = 2, .debug = debug };
	struct image_btf imgs[2] = { { .data = btf_blob, .size = sizeof(btf_blob),
				       .vermagic = "R SMP mod_unload", .e_machine = 62 },
				     { .e_machine = 62, .build_id_len = 20 } };
	struct cache_entry e = { .kf = &kf, .config_arch = "amd64", .mods = imgs, .mods_cnt = 2,
				 .version = "6.1", .arch = "amd64", .flavour = "generic" };

	e.vmlinux.data = btf_blob;
	e.vmlinux.size = sizeof(btf_blob);
	e.vmlinux.build_id_len = 20;
	memset(e.vmlinux.build_id, 0xab, 20);
	snprintf(e.vmlinux.how, sizeof(e.vmlinux.how), "bzImage, xz payload");
	return cache_entry__encode(&e, buf, len);
}

static void test_round_trip(void)
{
	struct cache_entry *e;
	size_t len;
	void *buf;

	CU_ASSERT_FATAL(!_encode(&buf, &len));
	CU_ASSERT_FATAL(!cache_entry__decode(buf, len, false, "x", &e));
	CU_ASSERT_STRING_EQUAL(e->kf->release, "R");
	CU_ASSERT_STRING_EQUAL(e->kf->vmlinux, "/r/boot/vmlinuz-R");
	CU_ASSERT_PTR_NULL(e->kf->config);
	CU_ASSERT_STRING_EQUAL(e->config_arch, "amd64");
	CU_ASSERT_STRING_EQUAL(e->vmlinux.how, "bzImage, xz payload");
	CU_ASSERT_EQUAL(e->vmlinux.build_id_len, 20);
	CU_ASSERT_EQUAL(e->vmlinux.build_id[19], 0xab);
	CU_ASSERT_EQUAL(e->vmlinux.size, sizeof(btf_blob));
	CU_ASSERT(e->vmlinux.data && !memcmp(e->vmlinux.data, btf_blob, sizeof(btf_blob)));
	CU_ASSERT_EQUAL_FATAL(e->kf->modules_cnt, 2);
	CU_ASSERT_STRING_EQUAL(e->kf->modules[1], "/r/lib/modules/R/b.ko.xz");
	CU_ASSERT_PTR_NULL(e->kf->debug[0]);
	CU_ASSERT_STRING_EQUAL(e->kf->debug[1], "/r/usr/lib/debug/lib/modules/R/b.ko");
	CU_ASSERT_STRING_EQUAL(e->mods[0].vermagic, "R SMP mod_unload");
	CU_ASSERT_PTR_NOT_NULL(e->mods[0].data);
	CU_ASSERT_PTR_NULL(e->mods[1].data);
	CU_ASSERT_EQUAL(e->mods[1].e_machine, 62);
	cache_entry__free(e);
	free(buf);
}

/* Every truncation and every flipped byte is refused with a message. */
static void test_damage(void)
{
	struct cache_entry *e;
	unsigned char *buf;
	size_t len, i;
	int bad = 0;

	CU_ASSERT_FATAL(!_encode((void **)&buf, &len));
	for (i = 0; i < len; i++) {
		errmsg__clear();
		if (!cache_entry__decode(buf, i, false, "x", &e) || !errmsg__get())
			bad++;
		buf[i] ^= 0x40;
		if (i < 48 || i >= 64) {	/* bytes 48 to 63 are reserved */
			errmsg__clear();
			if (!cache_entry__decode(buf, len, false, "x", &e) || !errmsg__get())
				bad++;
		}
		buf[i] ^= 0x40;
	}
	CU_ASSERT_EQUAL(bad, 0);
	free(buf);
}

int cache_test_register(void)
{
	CU_pSuite s = CU_add_suite("cache", NULL, NULL);

	if (!s || !CU_add_test(s, "entry round trip", test_round_trip) ||
	    !CU_add_test(s, "damaged entries", test_damage))
		return -1;
	return 0;
}
