/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KABISCAN_MODCHECK_H
#define KABISCAN_MODCHECK_H

#include <stdbool.h>
#include <stddef.h>

struct module_info;
struct kexports;

/* Why a module does not load; kabiscan-modcheck(1) names them. */
enum mc_kind {
	MC_VERMAGIC,		/* vermagic differs (same_magic) */
	MC_MISSING,		/* an import nobody exports */
	MC_CRC,			/* an import's CRC differs (check_version) */
	MC_GPL_ONLY,		/* a GPL-only export, and the module's license is not GPL */
	MC_NAMESPACE,		/* an export in a namespace the module does not import */
};

/* One problem. */
struct mc_problem {
	enum mc_kind kind;	/* what */
	const char *symbol;	/* the symbol (the module's string), "" for vermagic */
	char detail[192];	/* the values involved, for people */
};

/* Does one module load on one kernel? */
struct mc_result {
	const char *release;	/* the kernel (borrowed) */
	bool loadable;		/* no problem */
	struct mc_problem *problems;	/* every problem: vermagic first, then by symbol */
	size_t cnt;		/* entries in @problems */
	char note[160];		/* what could not be checked, "" if nothing */
};

/*
 * Judge module @mi on kernel @k as kernel/module/main.c and version.c do
 * (6.1 to 7.x), but list every problem instead of stopping at the first:
 * - vermagic: same_magic(), which ignores the release part when the module
 *   has a version table;
 * - each undefined, non-weak symbol must be exported; a GPL-only export
 *   needs a GPL-compatible license (license_is_gpl_compatible(), no license
 *   counting as "unspecified"); its CRC must match the module's version
 *   table where the kernel has CRCs (a symbol missing from the table is let
 *   go, as the kernel does; a module with no table fails); its namespace
 *   must be among the module's import_ns (or name the module, for the
 *   "module:" namespaces of 6.16 on);
 * - module_layout's CRC where the kernel exports it.
 * Returns 0 or -ENOMEM; release @out with mc_result_release().
 */
int modcheck__judge(const struct module_info *mi, const struct kexports *k,
		    struct mc_result *out);

/* "vermagic", "missing-symbol", "crc-mismatch", "gpl-only", "namespace". */
const char *modcheck__kind(enum mc_kind kind);

/* The kernel's own list of GPL-compatible licenses (include/linux/license.h). */
bool modcheck__gpl_compatible(const char *license);

void mc_result_release(struct mc_result *r);

#endif
