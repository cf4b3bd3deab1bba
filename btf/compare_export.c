// SPDX-License-Identifier: GPL-2.0
/* Export changes of one symbol, in the change model of compare.c. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "../scanner/exports.h"
#include "compare.h"

/* "EXPORT_SYMBOL_GPL vmlinux": how a kernel exports the symbol. */
static void _how(const struct export *e, char *buf, size_t n)
{
	snprintf(buf, n, "%s %s", export__type(e), e->owner);
}

int abi__compare_export(const struct export *a, const struct export *b, bool gpl_module,
			const char *type, struct abi_changes *out)
{
	char old[128], new[128];
	int err = 0;

	if (!a && !b)
		return 0;
	if (!b) {
		_how(a, old, sizeof(old));
		return abi_changes__add(out, ABI_EXPORT_REMOVED, true, "unexported", type, NULL,
					old, NULL);
	}
	if (!a) {
		_how(b, new, sizeof(new));
		return abi_changes__add(out, ABI_EXPORT_ADDED, false, "new-export", type, NULL,
					NULL, new);
	}
	if (!a->gpl && b->gpl)
		err = abi_changes__add(out, ABI_EXPORT_GPL, !gpl_module,
				       gpl_module ? "gpl-module" : "gpl-only", type, NULL,
				       export__type(a), export__type(b));
	if (!err && strcmp(a->ns, b->ns))
		err = abi_changes__add(out, ABI_EXPORT_NS, true, "namespace", type, NULL,
				       *a->ns ? a->ns : "(none)", *b->ns ? b->ns : "(none)");
	if (!err && a->has_crc && b->has_crc && a->crc && b->crc && a->crc != b->crc) {
		snprintf(old, sizeof(old), "0x%08x", a->crc);
		snprintf(new, sizeof(new), "0x%08x", b->crc);
		err = abi_changes__add(out, ABI_EXPORT_CRC, true, "modversions", type, NULL,
				       old, new);
	}
	return err;
}
