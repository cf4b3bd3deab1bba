// SPDX-License-Identifier: GPL-2.0
/* Every decompressor on arbitrary bytes, with a small output cap. */
#include <stdint.h>
#include <stdlib.h>

#include "../../scanner/decomp.h"
#include "../../scanner/errmsg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum decomp_kind k;
	size_t len;
	void *out;

	for (k = DECOMP_GZIP; k <= DECOMP_LZMA; k++) {
		out = NULL;
		if (!decomp__all(k, data, size, 8 << 20, &out, &len, "fuzz"))
			free(out);
	}
	errmsg__clear();
	return 0;
}
