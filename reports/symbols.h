/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KABISCAN_REPORTS_SYMBOLS_H
#define KABISCAN_REPORTS_SYMBOLS_H

#include <stdio.h>

struct kexports;
struct export_check;
struct module_info;
struct mc_result;

/* The exports to print: those whose name matches one of @globs (all if none). */
struct symbols_filter {
	char *const *globs;	/* shell globs (fnmatch) */
	size_t cnt;		/* entries in @globs */
};

/*
 * Module.symvers lines (crc, name, owner, type, namespace, tab-separated)
 * of @k's exports, in the order they were read: a kernel's own
 * Module.symvers comes out byte for byte. Returns 0 or -EIO.
 */
int report_symvers__emit(const struct kexports *k, const struct symbols_filter *sf, FILE *out);

/* One JSON document with the exports of @n kernels. Returns 0 or -EIO/-ENOMEM. */
int report_symbols_json__emit(const struct kexports *ks, size_t n,
			      const struct symbols_filter *sf, FILE *out);

/*
 * The cross-check of one kernel's Module.symvers (@sv) and binaries
 * (@bin): a summary line, then each disagreement with both values.
 */
int report_exports_check__emit(const struct kexports *sv, const struct kexports *bin,
			       const struct export_check *c, FILE *out);

/* Output formats of modcheck. */
enum mc_format { MC_FMT_TEXT, MC_FMT_JSON, MC_FMT_JUNIT };

/* modcheck's verdicts on module @mi (read from @path), one per kernel. */
int report_modcheck__emit(const char *path, const struct module_info *mi,
			  const struct mc_result *rs, const struct kexports *ks, size_t n,
			  enum mc_format fmt, FILE *out);

#endif
