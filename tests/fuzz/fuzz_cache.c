// SPDX-License-Identifier: GPL-2.0
/* Cache entry files: a damaged entry must be refused, never trusted or crashed on. */
#include <stdlib.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "../../scanner/cache.h"
#include "../../scanner/errmsg.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cache_entry *e;
	struct btf *btf;
	uint32_t *mods;
	size_t i, n, len;
	void *blob;

	libbpf_set_print(NULL);
	if (!cache_entry__decode(data, size, true, "fuzz", &e))
		cache_entry__free(e);
	if (!cache_entry__decode(data, size, false, "fuzz", &e)) {
		/* What decodes is used as a scan would be: blobs parse as BTF. */
		cache_entry__check(e);
		for (i = 0; i <= e->mods_cnt; i++) {
			if (cache_entry__blob(e, i ? i - 1 : CACHE_VMLINUX, "fuzz", &blob, &len))
				continue;
			if (blob && len < 24)
				__builtin_trap();	/* checked BTF is never shorter than its header */
			btf = !i && blob ? btf__new(blob, len) : NULL;
			btf__free(btf);
			free(blob);
		}
		if (!cache_entry__defining(e, "vfio_device", &mods, &n)) {
			for (i = 0; i < n; i++)
				if (mods[i] >= e->mods_cnt)
					__builtin_trap();	/* the index names only modules */
			free(mods);
		}
		cache_entry__free(e);
	}
	errmsg__clear();
	return 0;
}
