// SPDX-License-Identifier: GPL-2.0
/*
 * The summary a diff of whole kernels starts with (and all --summary
 * prints): the totals, the changes counted by verdict and class, and the
 * changed types counted by module. Example:
 *
 *   6.1.0-50-amd64 → 6.12.117+deb12-amd64
 *   summary: 16918 types changed, 48452 unchanged; 19725 breaking, ...
 *   changes by class:
 *     breaking    bitfield-changed         513
 *     ...
 *   changed types by module:
 *     module              types  breaking  compatible  suppressed
 *     vmlinux             16890     19700       12200           0
 *     vfio_pci_core          28        25          15           0
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../btf/kdiff.h"
#include "abi.h"

/* One module's counts. */
struct mod_count {
	const char *name;	/* borrowed from a verdict; "vmlinux" first */
	size_t types;		/* changed types */
	size_t breaking;	/* their breaking changes, not suppressed */
	size_t compatible;	/* compatible ones */
	size_t suppressed;	/* suppressed ones */
};

static int _mod_cmp(const void *pa, const void *pb)
{
	const struct mod_count *a = pa, *b = pb;
	bool va = !strcmp(a->name, "vmlinux"), vb = !strcmp(b->name, "vmlinux");

	return va != vb ? vb - va : strcmp(a->name, b->name);
}

static void _classes(const struct abi_result *r, FILE *out)
{
	size_t cnt[2][ABI_CLASS_CNT] = { { 0 } }, sup = 0, i;
	int b, c;

	for (i = 0; i < r->changes.cnt; i++) {
		const struct abi_change *ch = &r->changes.ptr[i];

		if (ch->suppressed)
			sup++;
		else
			cnt[ch->breaking][ch->cls]++;
	}
	fputs("changes by class:\n", out);
	for (b = 1; b >= 0; b--)
		for (c = 0; c < ABI_CLASS_CNT; c++)
			if (cnt[b][c])
				fprintf(out, "  %-10s  %-21s  %8zu\n", b ? "breaking" : "compatible",
					abi__class_name(c), cnt[b][c]);
	if (sup)
		fprintf(out, "  %-10s  %-21s  %8zu\n", "suppressed", "", sup);
}

/* Changed types per module. Returns 0 or -ENOMEM. */
static int _modules(const struct abi_result *r, FILE *out)
{
	struct mod_count *m = calloc(r->types_cnt + 1, sizeof(*m));
	size_t n = 0, i, j, k, width = 6;

	if (!m)
		return -ENOMEM;
	for (i = 0; i < r->types_cnt; i++) {
		const struct abi_verdict *v = &r->types[i];

		if (!v->cnt || !v->module)
			continue;
		for (j = 0; j < n && strcmp(m[j].name, v->module); j++)
			;
		n += j == n;
		m[j].name = v->module;
		m[j].types++;
		for (k = v->first; k < v->first + v->cnt; k++) {
			const struct abi_change *ch = &r->changes.ptr[k];

			m[j].suppressed += ch->suppressed;
			m[j].breaking += !ch->suppressed && ch->breaking;
			m[j].compatible += !ch->suppressed && !ch->breaking;
		}
	}
	qsort(m, n, sizeof(*m), _mod_cmp);
	for (i = 0; i < n; i++)
		width = strlen(m[i].name) > width ? strlen(m[i].name) : width;
	if (n)
		fprintf(out, "changed types by module:\n  %-*s  %6s  %8s  %10s  %10s\n", (int)width,
			"module", "types", "breaking", "compatible", "suppressed");
	for (i = 0; i < n; i++)
		fprintf(out, "  %-*s  %6zu  %8zu  %10zu  %10zu\n", (int)width, m[i].name, m[i].types,
			m[i].breaking, m[i].compatible, m[i].suppressed);
	free(m);
	return 0;
}

int report_abi__summary(const struct abi_result *r, const struct abi_emit_opts *o, FILE *out)
{
	fprintf(out, "%s %s %s\n", r->old_name, o->ascii ? "->" : "\u2192", r->new_name);
	report_abi__summary_line(r, out);
	_classes(r, out);
	return _modules(r, out);
}
