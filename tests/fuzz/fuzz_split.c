// SPDX-License-Identifier: GPL-2.0
/*
 * Module BTF on a base: split BTF parsing, the wrong-base check, lookup and
 * rendering. The base is the raw BTF named by $KABISCAN_FUZZ_BASE (make fuzz
 * sets it to a corpus kernel's), so module seeds from that kernel parse.
 */
#include <stdint.h>
#include <stdlib.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "../../btf/kernel.h"
#include "../../btf/render.h"
#include "../../scanner/errmsg.h"

static struct btf *base;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *p = getenv("KABISCAN_FUZZ_BASE");

	(void)argc;
	(void)argv;
	libbpf_set_print(NULL);
	base = p ? btf__parse(p, NULL) : NULL;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kernel k = { .base = base, .vmlinux_path = "base", .version = "", .release = "" };
	struct kmod m = { .path = "fuzz", .raw = (void *)data, .raw_size = size };
	struct btf *btf = NULL;
	__u32 i;

	if (!base || size < 24)
		return 0;
	if (!kernel__module_btf(&k, &m, &btf) && btf) {
		for (i = btf__type_cnt(base); i < btf__type_cnt(btf) &&
		     i < btf__type_cnt(base) + 8192; i++) {
			struct rendering *r;

			if (!render__type(btf, i, &r))
				rendering__free(r);
		}
	}
	btf__free(m.btf);
	free(m.bad);	/* a module that cannot be used is set aside with its message */
	errmsg__clear();
	return 0;
}
