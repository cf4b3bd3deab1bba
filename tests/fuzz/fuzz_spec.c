// SPDX-License-Identifier: GPL-2.0
/* The spec file reader. */
#include "../../scanner/errmsg.h"
#include "../../scanner/spec.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_file(data, size);
	struct spec s;

	if (path && !spec__read(path, &s))
		spec_release(&s);
	errmsg__clear();
	fuzz_file_close();
	return 0;
}
