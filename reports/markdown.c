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
#include "mdtext.h"
#include "report.h"

static const char *group_titles[] = { "Regular", "Architectures", "Flavours" };

static void _table(const struct matrix *m, const struct mx_type *t, FILE *out)
{
	size_t i;

	fputs("| Kernel | Group | Release | State | Size | Source |\n", out);
	fputs("|---|---|---|---|---|---|\n", out);
	for (i = 0; i < m->kernels_cnt; i++) {
		const struct cell *c = &t->cells[i];

		fputs("| ", out);
		mdtext__text(m->kernels[i].label, out);
		fprintf(out, " | %s | ", group_titles[m->kernels[i].group]);
		mdtext__code(m->kernels[i].k->release, true, out);
		fputs(" | ", out);
		if (c->state == CELL_PRESENT) {
			fprintf(out, "present | %u | ", t->renders[i]->size);
			mdtext__text(c->module ?: "vmlinux", out);
			fprintf(out, " (%s) |\n", c->format);
		} else if (c->state == CELL_ABSENT) {
			fputs("**absent** | | |\n", out);
		} else {
			fputs("no data | | ", out);
			mdtext__text(c->reason, out);
			fputs(" |\n", out);
		}
	}
}

static void _definitions(const struct matrix *m, const struct mx_type *t, FILE *out)
{
	size_t i;

	for (i = 0; i < m->kernels_cnt; i++) {
		if (!t->renders[i])
			continue;
		fputs("\n<details><summary>", out);
		mdtext__html(m->kernels[i].label, out);
		fputs("</summary>\n\n", out);
		mdtext__block(t->renders[i]->definition, "c", out);
		fputs("</details>\n", out);
	}
}

static void _comparisons(const struct mx_type *t, FILE *out)
{
	size_t i, j;

	if (t->cmps_cnt)
		fputs("\n", out);
	for (i = 0; i < t->cmps_cnt; i++) {
		const struct mx_comparison *c = &t->cmps[i];

		fputs("- ", out);
		mdtext__text(c->label_a, out);
		fputs(" and ", out);
		mdtext__text(c->label_b, out);
		fprintf(out, ": %s\n", c->changes.cnt ? "**changed**" : "same");
		for (j = 0; j < c->changes.cnt; j++) {
			const struct change *ch = &c->changes.ptr[j];

			fprintf(out, "  - %s ", diff__kind_name(ch->kind));
			mdtext__code(ch->member ?: t->q.name, false, out);
			if (ch->old) {
				fputs(": ", out);
				mdtext__code(ch->old, false, out);
			}
			if (ch->new) {
				fprintf(out, " %s ", ch->old ? "→" : ":");
				mdtext__code(ch->new, false, out);
			}
			fputc('\n', out);
		}
	}
}

int report_md__emit(const struct matrix *m, FILE *out)
{
	size_t i;

	for (i = 0; i < m->types_cnt; i++) {
		const struct mx_type *t = &m->types[i];

		fputs(i ? "\n## " : "## ", out);
		mdtext__code(t->q.spelled, false, out);
		fputs("\n\n", out);
		_table(m, t, out);
		_definitions(m, t, out);
		_comparisons(t, out);
	}
	return ferror(out) ? -EIO : 0;
}
