// SPDX-License-Identifier: GPL-2.0
/* The DWARF reader on arbitrary ELF files, and the encoder on what it finds. */
#include <bpf/btf.h>

#include "../../btf/dwarf.h"
#include "../../btf/lookup.h"
#include "../../btf/render.h"
#include "../../scanner/errmsg.h"
#include "fuzz.h"

static const char *names[] = { "vfio_pci_regops", "struct node", "enum sign", "func take",
			       "typedef size_t", "bits" };
#define NAMES (sizeof(names) / sizeof(names[0]))

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct type_query qs[NAMES];
	static int parsed;
	const char *path = fuzz_file(data, size);
	struct dwarf_hit hits[NAMES];
	struct btf *btf = NULL;
	size_t i;

	if (!parsed++)
		for (i = 0; i < NAMES; i++)
			type_query__parse(names[i], &qs[i]);
	if (path && !dwarf__find_types(path, qs, NAMES, NULL, &btf, hits) && btf) {
		for (i = 0; i < NAMES; i++) {
			struct rendering *r;

			if (hits[i].layouts && !render__type(btf, hits[i].ids[0], &r))
				rendering__free(r);
		}
	}
	btf__free(btf);
	errmsg__clear();
	fuzz_file_close();
	return 0;
}
