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

/*
 * The reference text format; @ascii swaps the emoji for plain words, and
 * @color wraps the marks in SGR colours (green present or same, yellow
 * changed, red absent or removed, dim no data).
 */
int report_text__emit(const struct matrix *m, bool ascii, bool color, FILE *out);

/* SGR colours of --color, shared by the text emitters. */
#define SGR_GOOD	"32"	/* present, same, compatible, added */
#define SGR_CHANGED	"33"	/* changed */
#define SGR_BAD		"31"	/* absent, removed */
#define SGR_BREAKING	"1;31"	/* a breaking change */
#define SGR_NODATA	"2"	/* no data, suppressed */

/*
 * Every JSON document kabiscan writes starts {"kabiscan": COMMAND,
 * "schema": JSON_SCHEMA}; schemas/COMMAND.schema.json describes each.
 */
#define JSON_SCHEMA 2

struct json_t;

/* A size the changes hold as text ("104") as a JSON integer; NULL stays null. */
struct json_t *json__size(const char *s);

/* One JSON document: kernels, cells and comparisons. */
int report_json__emit(const struct matrix *m, FILE *out);

/*
 * Markdown for CI comments: a summary table, then a state table and
 * collapsed definitions per type; within @max_bytes (0: no limit) a type
 * that does not fit loses its definitions, then its section, as the end
 * says.
 */
int report_md__emit(const struct matrix *m, size_t max_bytes, FILE *out);

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
 * layouts when there are several, from BTF or DWARF alike: "vmlinux, 2
 * layouts", "vfio_pci, DWARF, 2 layouts in 9 CUs" (DWARF counts CUs too).
 */
void report__source_comment(const struct cell *c, FILE *out);

/* Does @c need that comment: from a module, not from BTF, or several layouts? */
bool report__has_source_comment(const struct cell *c);

/* The definitions of one kernel's cells, for `kabiscan show`. */
int report_show__emit(const struct matrix *m, FILE *out);

struct abi_change;

/*
 * One change of a comparison as the report words it (reports/change.c):
 * @sign '+' (show @new) or '-' (show @old) for something added or removed,
 * else "[@path: ][@word ]@old -> @new". Strings are borrowed from the change.
 */
struct change_words {
	int sign;		/* '+', '-' or 0 */
	const char *path;	/* member, enumerator or parameter; NULL for none */
	const char *word;	/* "offset", "size", "return", "renamed" or NULL */
	const char *old, *new;
};

void report__change_words(const struct abi_change *c, struct change_words *w);

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
