/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KABISCAN_REPORTS_ABI_H
#define KABISCAN_REPORTS_ABI_H

#include <stdbool.h>
#include <stdio.h>

struct abi_result;

/* Formats of diff and check output. */
enum abi_format { ABI_FMT_TEXT, ABI_FMT_JSON, ABI_FMT_MARKDOWN, ABI_FMT_JUNIT };

/* How ABI changes are written. */
struct abi_emit_opts {
	const char *command;	/* "diff" or "check" */
	bool verbose;		/* list suppressed changes too (text, Markdown, JUnit) */
	bool ascii;		/* "->" for "→" (text) */
	bool fail_compatible;	/* compatible changes fail a JUnit case too */
	bool leaf;		/* leaf changes (check): direct and indirect sections */
};

/*
 * Write the comparisons @rs[0..@n) in @fmt. Emitters only read the results;
 * see kabiscan-diff(1) for each format. Return 0 or -EIO.
 */
int report_abi__emit(const struct abi_result *rs, size_t n, enum abi_format fmt,
		     const struct abi_emit_opts *o, FILE *out);

#endif
