// SPDX-License-Identifier: GPL-2.0
/*
 * The baseline reader, then what check does with a baseline that reads:
 * its BTF parsed and every named type compared with itself.
 */
#include <bpf/btf.h>

#include "../../btf/compare.h"
#include "../../scanner/baseline.h"
#include "../../scanner/errmsg.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_file(data, size);
	struct abi_opts o = { .recurse = true };
	struct abi_changes l = { 0 };
	struct baseline b;
	struct btf *btf;
	__u32 id;

	if (path && !baseline__read(path, &b)) {
		btf = btf__new(b.btf, b.btf_size);
		for (id = 1; btf && id < btf__type_cnt(btf) && id < 256; id++) {
			abi__compare(btf, id, btf, id, &o, &l);
			abi__digest(btf, id);
		}
		abi_changes_release(&l);
		btf__free(btf);
		baseline_release(&b);
	}
	errmsg__clear();
	fuzz_file_close();
	return 0;
}
