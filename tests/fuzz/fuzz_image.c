// SPDX-License-Identifier: GPL-2.0
/* Any file a user may give: format detection, ELF, compression, images. */
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "../../btf/render.h"
#include "../../scanner/errmsg.h"
#include "../../scanner/image.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_file(data, size);
	struct image_btf img;
	struct btf *btf;
	__u32 i;

	if (!path)
		return 0;
	libbpf_set_print(NULL);
	image_max_output = 64 << 20;	/* a bomb is refused, not followed */
	if (!image__read_btf(path, &img) && img.data) {
		btf = btf__new(img.data, img.size);
		/* What parses must also render without crashing. */
		for (i = 1; btf && i < btf__type_cnt(btf) && i < 4096; i++) {
			struct rendering *r;

			if (!render__type(btf, i, &r))
				rendering__free(r);
		}
		btf__free(btf);
	}
	image_btf_release(&img);
	errmsg__clear();
	fuzz_file_close();
	return 0;
}
