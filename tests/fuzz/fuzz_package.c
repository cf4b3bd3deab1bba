// SPDX-License-Identifier: GPL-2.0
/* Kernel packages: ar, tar, cpio and RPM through libarchive, then each file's BTF. */
#include <bpf/libbpf.h>

#include "../../scanner/errmsg.h"
#include "../../scanner/image.h"
#include "../../scanner/package_priv.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_file(data, size);
	struct pkg_read r = { 0 };

	if (!path)
		return 0;
	libbpf_set_print(NULL);
	image_max_output = 64 << 20;	/* a bomb is refused, not followed */
	r.path = path;
	package__read(&r);
	pkg_read_release(&r);
	errmsg__clear();
	fuzz_file_close();
	return 0;
}
