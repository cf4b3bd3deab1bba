// SPDX-License-Identifier: GPL-2.0
/*
 * The export readers: Module.symvers lines, a module's .modinfo, version
 * table, undefined symbols and ksymtab, and the ksymtab finder of raw
 * images, all on the same input.
 */
#include <stdlib.h>
#include <string.h>

#include "../../scanner/errmsg.h"
#include "../../scanner/ksymtab.h"
#include "../../scanner/modinfo.h"
#include "../../scanner/symvers.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_file(data, size);
	struct exports ex = { 0 };
	struct module_info mi;

	if (path) {
		symvers__read(path, &ex);
		exports_release(&ex);
		modinfo__read(path, "owner", &mi, &ex);
		module_info_release(&mi);
		exports_release(&ex);
	}
	ksymtab__read_raw(data, size, "fuzz", "vmlinux", &ex);
	exports_release(&ex);
	errmsg__clear();
	fuzz_file_close();
	return 0;
}
