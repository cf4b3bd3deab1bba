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
 *
 * The changes that follow it are grouped by module in the same order.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../btf/kdiff.h"
#include "abi.h"

/*
 * Module order: types without one (not compared) first, vmlinux, then by
 * name; then the exports of whole kernels, by owner the same way.
 */
static int _mod_rank(const struct abi_verdict *v)
{
	return 3 * v->export + (!v->module ? 0 : !strcmp(v->module, "vmlinux") ? 1 : 2);
}

static int _order_cmp(const void *pa, const void *pb, void *arg)
{
	const struct abi_result *r = arg;
	size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
	const char *ma = r->types[a].module, *mb = r->types[b].module;
	int c = _mod_rank(&r->types[a]) - _mod_rank(&r->types[b]);

	if (!c && ma && mb)
		c = strcmp(ma, mb);
	return c ?: (a > b) - (a < b);
}

size_t *report_abi__by_module(const struct abi_result *r)
{
	size_t *idx = malloc((r->types_cnt + 1) * sizeof(*idx)), i;

	for (i = 0; idx && i < r->types_cnt; i++)
		idx[i] = i;
	if (idx)
		qsort_r(idx, r->types_cnt, sizeof(*idx), _order_cmp, (void *)r);
	return idx;
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

/* Changed types per module, as report_abi__by_module orders them. Returns 0 or -ENOMEM. */
static int _modules(const struct abi_result *r, FILE *out)
{
	size_t *idx = report_abi__by_module(r), i, k, width = 6;
	size_t types = 0, brk = 0, cmp = 0, sup = 0, header = 0;
	const char *m;

	if (!idx)
		return -ENOMEM;
	for (i = 0; i < r->types_cnt; i++)
		if ((m = r->types[idx[i]].module) && strlen(m) > width &&
		    !(r->types[idx[i]].export && r->kernel_exports))
			width = strlen(m);
	for (i = 0; i < r->types_cnt; i++) {
		const struct abi_verdict *v = &r->types[idx[i]];

		if (!v->cnt || !v->module || (v->export && r->kernel_exports))
			continue;
		types++;
		for (k = v->first; k < v->first + v->cnt; k++) {
			const struct abi_change *ch = &r->changes.ptr[k];

			sup += ch->suppressed;
			brk += !ch->suppressed && ch->breaking;
			cmp += !ch->suppressed && !ch->breaking;
		}
		if (i + 1 < r->types_cnt && r->types[idx[i + 1]].module &&
		    !strcmp(r->types[idx[i + 1]].module, v->module))
			continue;	/* the module's last type prints its row */
		if (!header++)
			fprintf(out, "changed types by module:\n  %-*s  %6s  %8s  %10s  %10s\n",
				(int)width, "module", "types", "breaking", "compatible", "suppressed");
		fprintf(out, "  %-*s  %6zu  %8zu  %10zu  %10zu\n", (int)width, v->module, types, brk,
			cmp, sup);
		types = brk = cmp = sup = 0;
	}
	free(idx);
	return 0;
}

/*
 * Whole kernels' exports, of too many owners for a table: "changed
 * exports: 8123 of vmlinux, 14777 of 2104 modules", or why they were not
 * compared. Returns 0 or -ENOMEM.
 */
static int _exports(const struct abi_result *r, FILE *out)
{
	size_t *idx, i, vml = 0, mods = 0, owners = 0;
	const char *last = NULL;

	if (r->exports_note) {
		fprintf(out, "%s\n", r->exports_note);
		return 0;
	}
	idx = report_abi__by_module(r);	/* owners by name: each one's verdicts together */
	if (!idx)
		return -ENOMEM;
	for (i = 0; i < r->types_cnt; i++) {
		const struct abi_verdict *v = &r->types[idx[i]];

		if (!v->export || !v->cnt) {
			continue;
		} else if (!strcmp(v->module, "vmlinux")) {
			vml++;
		} else {
			mods++;
			owners += !last || strcmp(last, v->module);
			last = v->module;
		}
	}
	fprintf(out, "changed exports: %zu of vmlinux, %zu of %zu module%s\n", vml, mods, owners,
		owners == 1 ? "" : "s");
	free(idx);
	return 0;
}

int report_abi__summary(const struct abi_result *r, const struct abi_emit_opts *o, FILE *out)
{
	fprintf(out, "%s %s %s\n", r->old_name, o->ascii ? "->" : "\u2192", r->new_name);
	report_abi__summary_line(r, o, out);
	_classes(r, out);
	if (_modules(r, out))
		return -ENOMEM;
	return r->kernel_exports ? _exports(r, out) : 0;
}
