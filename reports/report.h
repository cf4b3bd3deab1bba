/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KABISCAN_REPORT_H
#define KABISCAN_REPORT_H

#include <stdbool.h>
#include <stdio.h>

struct matrix;
struct rendering;
struct cell;

/*
 * Emitters: each takes a built matrix and writes every byte to @out. They
 * never look anything up. Return 0, or -EIO when writing failed.
 */

/* The reference text format; @ascii swaps the emoji for plain words. */
int report_text__emit(const struct matrix *m, bool ascii, FILE *out);

/* One JSON document: kernels, cells and comparisons. */
int report_json__emit(const struct matrix *m, FILE *out);

/* Markdown for CI comments: a state table and details per type. */
int report_md__emit(const struct matrix *m, FILE *out);

/*
 * One self-contained HTML page (inline CSS, no script, no external
 * reference): a kernel x type matrix shaded by state and change, each cell
 * opening to its changes and definition, and each type's comparisons.
 * Returns -ENOMEM when a definition line cannot be put together.
 */
int report_html__emit(const struct matrix *m, FILE *out);

/*
 * Where a present cell came from, as a C comment naming the module (or
 * vmlinux), the format when it is not BTF, and the number of distinct
 * layouts when DWARF has several: "vfio_pci, DWARF, 2 layouts in 9 CUs".
 */
void report__source_comment(const struct cell *c, FILE *out);

/* The definitions of one kernel's cells, for `kabiscan show`. */
int report_show__emit(const struct matrix *m, FILE *out);

struct fact_list;

/*
 * The compat header for the kernels of @m; @fl holds the facts of kernel k
 * and type t at fl[k * m->types_cnt + t]. See kabiscan-header(1).
 */
int report_header__emit(const struct matrix *m, const struct fact_list *fl, FILE *out);

struct btf;

/*
 * A baseline (kabiscan-snapshot(1)) of the one kernel of @m: its types,
 * with @alloc[t] marking those the driver allocates, and @btf holding them
 * and their closure. Deterministic: the same kernel and names give the
 * same bytes.
 */
int report_baseline__emit(const struct matrix *m, const bool *alloc, const struct btf *btf,
			  FILE *out);

/*
 * Output files are written to a temporary file beside the target and renamed
 * over it only when complete, so a failed run never leaves half a report.
 * output__open returns stdout for NULL or "-".
 */
struct output {
	FILE *f;		/* where to write */
	char *path;		/* final path, NULL for stdout */
	char *tmp;		/* temporary path, NULL for stdout */
	bool direct;		/* @path is no regular file (a device, a FIFO): written in place */
	int cleanup;		/* @tmp's handle for cleanup__remove(), or -1 */
};

/* Open @path for writing as above. Returns 0 or -errno with a message. */
int output__open(struct output *o, const char *path);

/*
 * Flush and check for write errors, then rename into place. With @ok false,
 * remove the temporary file instead. Returns 0 or -errno with a message.
 */
int output__close(struct output *o, bool ok);

#endif
