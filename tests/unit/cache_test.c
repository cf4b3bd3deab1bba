// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <CUnit/CUnit.h>
#include <bpf/btf.h>
#include <linux/btf.h>

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

/* Take image @i's blob; compare it with @want (NULL: none). */
static void _check_blob(struct cache_entry *e, size_t i, const void *want, size_t len)
{
	void *data;
	size_t size;

	CU_ASSERT_FATAL(!cache_entry__blob(e, i, "f", &data, &size));
	CU_ASSERT_EQUAL(size, want ? len : 0);
	CU_ASSERT(want ? data && !memcmp(data, want, len) : !data);
	free(data);
}

static void test_round_trip(void)
{
	struct cache_entry *e;
	const void *view;
	size_t len, size;
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
	CU_ASSERT_EQUAL_FATAL(e->kf->modules_cnt, 2);
	CU_ASSERT_STRING_EQUAL(e->kf->modules[1], "/r/lib/modules/R/b.ko.xz");
	CU_ASSERT_PTR_NULL(e->kf->debug[0]);
	CU_ASSERT_STRING_EQUAL(e->kf->debug[1], "/r/usr/lib/debug/lib/modules/R/b.ko");
	CU_ASSERT_STRING_EQUAL(e->mods[0].vermagic, "R SMP mod_unload");
	CU_ASSERT_EQUAL(e->mods[0].size, sizeof(btf_blob));
	CU_ASSERT_EQUAL(e->mods[1].size, 0);
	CU_ASSERT_EQUAL(e->mods[1].e_machine, 62);
	/* Blobs stay in the entry until taken, then come out as they went in. */
	CU_ASSERT_PTR_NULL(e->vmlinux.data);
	/* vmlinux's lies in the entry as it is, for libbpf to copy from there. */
	CU_ASSERT_FATAL(!cache_entry__view(e, "f", &view, &size));
	CU_ASSERT(size == sizeof(btf_blob) && !memcmp(view, btf_blob, size));
	CU_ASSERT((const unsigned char *)view > (const unsigned char *)buf &&
		  (const unsigned char *)view + size <= (const unsigned char *)buf + len);
	_check_blob(e, CACHE_VMLINUX, btf_blob, sizeof(btf_blob));
	_check_blob(e, 0, btf_blob, sizeof(btf_blob));
	_check_blob(e, 1, NULL, 0);
	CU_ASSERT(!cache_entry__check(e));
	cache_entry__free(e);
	free(buf);
}

/* Bytes of @buf before its data section: header, meta and name index. */
static size_t _head_len(const unsigned char *buf)
{
	uint64_t meta, names;

	memcpy(&meta, buf + 16, 8);	/* little-endian, as the tests run */
	memcpy(&names, buf + 24, 8);
	return CACHE_ENTRY_HDR + meta + names;
}

/*
 * A flipped byte in the blobs is found when they are taken: one message
 * naming the entry and the file the blob came from.
 */
static int _blob_damage_found(const unsigned char *buf, size_t len)
{
	struct cache_entry *e;
	void *data = NULL;
	size_t size, i;
	int bad = 0, found = 0;

	errmsg__clear();
	if (cache_entry__decode(buf, len, false, "dir/kernels/K.kbc", &e))
		return 0;	/* the header and meta are intact: it must open */
	bad |= !cache_entry__check(e) || !errmsg__get() ||
	       !strstr(errmsg__get(), "cannot read cache entry 'dir/kernels/K.kbc': the blob of");
	errmsg__clear();
	if (cache_entry__view(e, "vmlinux", (const void **)&data, &size)) {
		found++;	/* vmlinux's chunk: refused before libbpf sees it */
		bad |= !errmsg__get() || !strstr(errmsg__get(), "the blob of 'vmlinux' is corrupt");
	}
	data = NULL;
	for (i = 0; i < 2; i++) {
		errmsg__clear();
		if (cache_entry__blob(e, i ? 0 : CACHE_VMLINUX, "f.ko", &data, &size)) {
			found++;
			bad |= !errmsg__get() ||
			       !strstr(errmsg__get(), "'dir/kernels/K.kbc': the blob of 'f.ko'");
		}
		free(data);
		data = NULL;
	}
	cache_entry__free(e);
	return !bad && found;
}

/* Every truncation and every flipped byte is refused with a message. */
static void test_damage(void)
{
	struct cache_entry *e;
	unsigned char *buf;
	size_t len, head, i;
	int bad = 0;

	CU_ASSERT_FATAL(!_encode((void **)&buf, &len));
	head = _head_len(buf);
	CU_ASSERT_FATAL(head < len);
	for (i = 0; i < len; i++) {
		errmsg__clear();
		if (!cache_entry__decode(buf, i, false, "x", &e) || !errmsg__get())
			bad++;
		buf[i] ^= 0x40;
		if (i < 56) {	/* bytes 56 to 63 are reserved */
			errmsg__clear();
			if (!cache_entry__decode(buf, len, false, "x", &e) || !errmsg__get())
				bad++;
		} else if (i >= head && !_blob_damage_found(buf, len)) {
			bad++;
		} else if (i >= 64 && i < head) {
			errmsg__clear();
			if (!cache_entry__decode(buf, len, false, "x", &e) || !errmsg__get())
				bad++;
		}
		buf[i] ^= 0x40;
	}
	CU_ASSERT_EQUAL(bad, 0);
	free(buf);
}

/* An entry of another format or version is stale, not corrupt: -ESTALE. */
static void test_stale(void)
{
	struct cache_entry *e;
	unsigned char *buf;
	size_t len;

	CU_ASSERT_FATAL(!_encode((void **)&buf, &len));
	buf[8] ^= 3;	/* the format */
	CU_ASSERT_EQUAL(cache_entry__decode(buf, len, true, "x", &e), -ESTALE);
	CU_ASSERT_EQUAL(cache_entry__decode(buf, len, false, "x", &e), -ESTALE);
	errmsg__clear();
	free(buf);
}

/*
 * A base with "int" and the string "create_store", and a module that
 * defines struct foo (its own string) and func create_store (the base's
 * string, as split BTF spells a name the base has): the index must know
 * both as the module's, and not the base's int.
 */
static void _split_pair(struct btf **base, struct btf **mod)
{
	int i, proto;

	*base = btf__new_empty();
	CU_ASSERT_FATAL(*base != NULL);
	i = btf__add_int(*base, "int", 4, BTF_INT_SIGNED);
	CU_ASSERT_FATAL(i > 0);
	CU_ASSERT_FATAL(btf__add_typedef(*base, "create_store", i) > 0);
	*mod = btf__new_empty_split(*base);
	CU_ASSERT_FATAL(*mod != NULL);
	CU_ASSERT_FATAL(btf__add_struct(*mod, "foo", 4) > 0);
	CU_ASSERT_FATAL(!btf__add_field(*mod, "x", i, 0, 0));
	proto = btf__add_func_proto(*mod, i);
	CU_ASSERT_FATAL(proto > 0);
	CU_ASSERT_FATAL(btf__add_func(*mod, "create_store", BTF_FUNC_STATIC, proto) > 0);
}

static void test_name_index(void)
{
	char *mods[] = { "/r/m/a.ko", "/r/m/b.ko" };
	struct kernel_files kf = { .origin = "/r", .release = "R", .vmlinux = "/r/vmlinux",
				   .modules = mods, .modules_cnt = 2 };
	struct image_btf imgs[2] = { 0 };
	struct cache_entry e = { .kf = &kf, .mods = imgs, .mods_cnt = 2, .version = "6.1",
				 .arch = "amd64", .flavour = "generic" }, *d;
	struct btf *base, *mod;
	uint32_t *found;
	size_t len, cnt;
	__u32 size;
	void *buf;

	_split_pair(&base, &mod);
	e.vmlinux.data = (void *)btf__raw_data(base, &size);
	e.vmlinux.size = size;
	imgs[0].data = (void *)btf__raw_data(mod, &size);
	imgs[0].size = size;
	CU_ASSERT_FATAL(!cache_entry__encode(&e, &buf, &len));
	CU_ASSERT_FATAL(!cache_entry__decode(buf, len, false, "x", &d));
	CU_ASSERT(cache_entry__indexed(d, 0));
	CU_ASSERT(!cache_entry__indexed(d, 1));	/* no BTF */
	CU_ASSERT(!cache_entry__defining(d, "foo", &found, &cnt));
	CU_ASSERT(cnt == 1 && found && found[0] == 0);
	free(found);
	CU_ASSERT(!cache_entry__defining(d, "create_store", &found, &cnt));
	CU_ASSERT(cnt == 1 && found && found[0] == 0);
	free(found);
	CU_ASSERT(!cache_entry__defining(d, "int", &found, &cnt));
	CU_ASSERT(cnt == 0 && !found);
	CU_ASSERT(!cache_entry__defining(d, "x", &found, &cnt));
	CU_ASSERT(cnt == 0 && !found);
	cache_entry__free(d);
	free(buf);
	btf__free(mod);
	btf__free(base);
}

int cache_test_register(void)
{
	CU_pSuite s = CU_add_suite("cache", NULL, NULL);

	if (!s || !CU_add_test(s, "entry round trip", test_round_trip) ||
	    !CU_add_test(s, "damaged entries", test_damage) ||
	    !CU_add_test(s, "stale entries", test_stale) ||
	    !CU_add_test(s, "name index", test_name_index))
		return -1;
	return 0;
}
