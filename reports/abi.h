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
	bool color;		/* verdicts in SGR colours (text) */
	bool fail_compatible;	/* compatible changes fail a JUnit case too */
	bool summary_first;	/* text: start with report_abi__summary (whole kernels) */
	bool summary_only;	/* text: only report_abi__summary (--summary) */
	bool leaf;		/* leaf changes (check): direct and indirect sections */
};

/*
 * The indices of @r's types grouped by module: those without one (not
 * compared) first, then vmlinux, then modules by name, each in its order.
 * A new array, or NULL when out of memory.
 */
size_t *report_abi__by_module(const struct abi_result *r);

/*
 * "summary: N types changed, ...; B breaking[ (D direct, I indirect)], C
 * compatible, S suppressed\n"
 */
void report_abi__summary_line(const struct abi_result *r, const struct abi_emit_opts *o,
			      FILE *out);

/*
 * The summary of @r (text): old → new, the summary line, the changes by
 * verdict and class, the changed types by module (vmlinux first). Returns
 * 0 or -ENOMEM.
 */
int report_abi__summary(const struct abi_result *r, const struct abi_emit_opts *o, FILE *out);

/*
 * Write the comparisons @rs[0..@n) in @fmt. Emitters only read the results;
 * see kabiscan-diff(1) for each format. Return 0 or -EIO.
 */
int report_abi__emit(const struct abi_result *rs, size_t n, enum abi_format fmt,
		     const struct abi_emit_opts *o, FILE *out);

#endif
