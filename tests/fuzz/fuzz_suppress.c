// SPDX-License-Identifier: GPL-2.0
/* The suppression file reader and its matching. */
#include <string.h>

#include "../../btf/compare.h"
#include "../../scanner/errmsg.h"
#include "../../scanner/suppress.h"
#include "fuzz.h"

static bool _valid(const char *name)
{
	return abi__class_parse(name) >= 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_file(data, size);
	struct suppressions s;

	if (path && !suppress__read(path, _valid, &s)) {
		suppress__match(&s, "struct task_struct", "se.avg", "member-offset-changed",
				"6.12.117+deb13-rt-amd64");
		suppress__match(&s, "func f", NULL, "func-removed", "7.2.13+deb14-amd64");
		suppressions_release(&s);
	}
	errmsg__clear();
	fuzz_file_close();
	return 0;
}
