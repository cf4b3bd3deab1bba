/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KABISCAN_BASELINE_H
#define KABISCAN_BASELINE_H

#include <stdbool.h>
#include <stddef.h>

#include "exports.h"

/*
 * The baseline format this build writes: {"kabiscan": "snapshot", "schema":
 * 2, ...}, the envelope of every JSON kabiscan writes. Version 1 files,
 * {"kabiscan_baseline": 1, ...} with the same fields, are read too.
 */
#define BASELINE_VERSION 2

/*
 * A baseline as read back: the kernel it was taken from, the types a
 * driver depends on, and their BTF (raw, checked for bounds, not parsed).
 * See kabiscan-snapshot(1) for the JSON.
 */
struct baseline {
	char *release;		/* kernel release the snapshot was taken of */
	char **names;		/* "struct vfio_pci_regops", in file order */
	bool *alloc;		/* per name: the driver allocates it */
	size_t cnt;		/* entries in @names */
	bool *export_known;	/* per name: the snapshot recorded its export (func) */
	char **syms;		/* "symbols": the spec's "sym" entries, bare names */
	size_t syms_cnt;	/* entries in @syms */
	struct exports ex;	/* the exports of func entries and @syms, sorted */
	void *btf;		/* raw BTF of the types and their closure */
	size_t btf_size;	/* bytes at @btf */
};

/*
 * Read the baseline at @path. Anything malformed (not JSON, another
 * version, a missing field, bad base64 or BTF) is an error naming the
 * file. Returns 0 or -errno with a message recorded.
 */
int baseline__read(const char *path, struct baseline *b);

/* Free what baseline__read() allocated; a zeroed struct is fine. */
void baseline_release(struct baseline *b);

#endif
