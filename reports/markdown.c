// SPDX-License-Identifier: GPL-2.0
/*
 * Markdown for CI comments: per type, a table of kernels and states, the
 * definitions in collapsible blocks, then the comparisons with their changes.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "../btf/kernel.h"
#include "../btf/matrix.h"
#include "../btf/render.h"
#include "report.h"

static const char *group_titles[] = { "Regular", "Architectures", "Flavours" };

static void _table(const struct matrix *m, const struct mx_type *t, FILE *out)
{
	size_t i;

	fputs("| Kernel | Group | Release | State | Size | Source |\n", out);
	fputs("|---|---|---|---|---|---|\n", out);
	for (i = 0; i < m->kernels_cnt; i++) {
		const struct cell *c = &t->cells[i];

		fprintf(out, "| %s | %s | `%s` | ", m->kernels[i].label,
			group_titles[m->kernels[i].group], m->kernels[i].k->release);
		if (c->state == CELL_PRESENT)
			fprintf(out, "present | %u | %s (%s) |\n", t->renders[i]->size,
				c->module ?: "vmlinux", c->format);
		else if (c->state == CELL_ABSENT)
			fputs("**absent** | | |\n", out);
		else
			fprintf(out, "no data | | %s |\n", c->reason);
	}
}

static void _definitions(const struct matrix *m, const struct mx_type *t, FILE *out)
{
	size_t i;

	for (i = 0; i < m->kernels_cnt; i++) {
		if (!t->renders[i])
			continue;
		fprintf(out, "\n<details><summary>%s</summary>\n\n```c\n%s```\n</details>\n",
			m->kernels[i].label, t->renders[i]->definition);
	}
}

static void _comparisons(const struct mx_type *t, FILE *out)
{
	size_t i, j;

	if (t->cmps_cnt)
		fputs("\n", out);
	for (i = 0; i < t->cmps_cnt; i++) {
		const struct mx_comparison *c = &t->cmps[i];

		fprintf(out, "- %s and %s: %s\n", c->label_a, c->label_b,
			c->changes.cnt ? "**changed**" : "same");
		for (j = 0; j < c->changes.cnt; j++) {
			const struct change *ch = &c->changes.ptr[j];

			fprintf(out, "  - %s `%s`", diff__kind_name(ch->kind),
				ch->member ?: t->q.name);
			if (ch->old)
				fprintf(out, ": `%s`", ch->old);
			if (ch->new)
				fprintf(out, " %s `%s`", ch->old ? "→" : ":", ch->new);
			fputc('\n', out);
		}
	}
}

int report_md__emit(const struct matrix *m, FILE *out)
{
	size_t i;

	for (i = 0; i < m->types_cnt; i++) {
		const struct mx_type *t = &m->types[i];

		fprintf(out, "%s## `%s`\n\n", i ? "\n" : "", t->q.spelled);
		_table(m, t, out);
		_definitions(m, t, out);
		_comparisons(t, out);
	}
	return ferror(out) ? -EIO : 0;
}
