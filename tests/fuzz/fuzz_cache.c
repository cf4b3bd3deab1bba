// SPDX-License-Identifier: GPL-2.0
/* Cache entry files: a damaged entry must be refused, never trusted or crashed on. */
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "../../scanner/cache.h"
#include "../../scanner/errmsg.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cache_entry *e;
	size_t i;

	libbpf_set_print(NULL);
	if (!cache_entry__decode(data, size, true, "fuzz", &e))
		cache_entry__free(e);
	if (!cache_entry__decode(data, size, false, "fuzz", &e)) {
		/* What decodes is used as a scan would be: blobs parse as BTF. */
		struct btf *btf = e->vmlinux.data ? btf__new(e->vmlinux.data, e->vmlinux.size)
						  : NULL;

		for (i = 0; i < e->mods_cnt; i++)
			if (e->mods[i].data && e->mods[i].size < 24)
				__builtin_trap();	/* checked BTF is never shorter than its header */
		btf__free(btf);
		cache_entry__free(e);
	}
	errmsg__clear();
	return 0;
}
