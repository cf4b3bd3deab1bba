// SPDX-License-Identifier: GPL-2.0
/*
 * Markdown for CI comments: a summary table of the types first, then per
 * type a table of kernels and states, the definitions in collapsed blocks,
 * then the comparisons with their changes. Within a budget of bytes (a
 * GitHub comment holds 65536 characters), a type that does not fit loses
 * its definitions, then its whole section, and the end says what was left
 * out.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
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

/* Is kernel @i's definition that of an earlier kernel? Then it was shown there. */
static bool _shown(const struct mx_type *t, size_t i)
{
	size_t j;

	for (j = 0; j < i; j++)
		if (t->renders[j] && !strcmp(t->renders[j]->definition, t->renders[i]->definition))
			return true;
	return false;
}

/* Each distinct definition once, collapsed, under the labels of the kernels that have it. */
static void _definitions(const struct matrix *m, const struct mx_type *t, FILE *out)
{
	size_t i, j;

	for (i = 0; i < m->kernels_cnt; i++) {
		if (!t->renders[i] || _shown(t, i))
			continue;
		fputs("\n<details><summary>", out);
		mdtext__html(m->kernels[i].label, out);
		for (j = i + 1; j < m->kernels_cnt; j++)
			if (t->renders[j] &&
			    !strcmp(t->renders[j]->definition, t->renders[i]->definition)) {
				fputs(", ", out);
				mdtext__html(m->kernels[j].label, out);
			}
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
		fprintf(out, ": %s", c->changes.cnt ? "**changed**" : "same");
		if (c->model)
			fprintf(out, " (layout follows %s)", c->model);
		fputc('\n', out);
		for (j = 0; j < c->changes.cnt; j++) {
			const struct abi_change *ch = &c->changes.ptr[j];

			fprintf(out, "  - %s ", abi__class_name(ch->cls));
			mdtext__code(ch->path && *ch->path ? ch->path : t->q.name, false, out);
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

/* Per type: present, absent, no-data cells; comparisons that changed. */
static void _summary(const struct matrix *m, FILE *out)
{
	size_t i, j, n[3], changed;

	fprintf(out, "## kabiscan report: %zu type%s, %zu kernel%s\n\n", m->types_cnt,
		m->types_cnt == 1 ? "" : "s", m->kernels_cnt, m->kernels_cnt == 1 ? "" : "s");
	fputs("| Type | Present | Absent | No data | Comparisons changed |\n", out);
	fputs("|---|---|---|---|---|\n", out);
	for (i = 0; i < m->types_cnt; i++) {
		const struct mx_type *t = &m->types[i];

		n[0] = n[1] = n[2] = changed = 0;
		for (j = 0; j < m->kernels_cnt; j++)
			n[t->cells[j].state]++;
		for (j = 0; j < t->cmps_cnt; j++)
			changed += t->cmps[j].changes.cnt > 0;
		fputs("| ", out);
		mdtext__code(t->q.spelled, true, out);
		fprintf(out, " | %zu | %s%zu%s | %zu | %zu of %zu |\n", n[0],
			n[1] ? "**" : "", n[1], n[1] ? "**" : "", n[2], changed, t->cmps_cnt);
	}
}

/* One type's section, with its definitions or without, into a new buffer. */
static int _section(const struct matrix *m, const struct mx_type *t, bool defs, char **buf,
		    size_t *len)
{
	FILE *f = open_memstream(buf, len);
	int err;

	if (!f)
		return -ENOMEM;
	fputs("\n## ", f);
	mdtext__code(t->q.spelled, false, f);
	fputs("\n\n", f);
	_table(m, t, f);
	if (defs)
		_definitions(m, t, f);
	else
		fputs("\n*Definitions left out to keep within the size limit.*\n", f);
	_comparisons(t, f);
	err = ferror(f) ? -EIO : 0;
	return fclose(f) ? -ENOMEM : err;
}

/*
 * How much a type could cost the closing note: ", `struct name`", with room
 * for the longer backquote runs and escapes a hostile name needs.
 */
static size_t _note_cost(const struct mx_type *t)
{
	return 2 * strlen(t->q.spelled) + 8;
}

/* "Left out ...": the types that lost their definitions (1) or all (2). */
static void _left_out(const struct matrix *m, const char *cut, size_t max_bytes, FILE *out)
{
	static const char *what[] = { NULL, "the definitions of", "the sections of" };
	bool any = false;
	size_t i;
	int k, n;

	fprintf(out, "\n---\n*Left out to stay within %zu bytes (`--max-bytes`, 0 for no limit):",
		max_bytes);
	for (k = 1; k <= 2; k++) {
		for (i = 0, n = 0; i < m->types_cnt; i++) {
			if (cut[i] != k)
				continue;
			if (!n++)
				fprintf(out, "%s %s", any ? ";" : "", what[k]);
			fputs(n > 1 ? ", " : " ", out);
			mdtext__code(m->types[i].q.spelled, false, out);
			any = true;
		}
	}
	fputs(".*\n", out);
}

int report_md__emit(const struct matrix *m, size_t max_bytes, FILE *out)
{
	char *cut = calloc(m->types_cnt + 1, 1), *buf = NULL, *brief = NULL;
	size_t i, used, len, blen, note = 128;
	FILE *sum = NULL;
	char *sbuf = NULL;
	size_t slen = 0;
	int err = cut ? 0 : -ENOMEM;

	if (!err && !(sum = open_memstream(&sbuf, &slen)))
		err = -ENOMEM;
	if (!err) {
		_summary(m, sum);
		err = fclose(sum) ? -ENOMEM : 0;
	}
	for (i = 0; !err && i < m->types_cnt; i++)
		note += _note_cost(&m->types[i]);
	used = slen;
	if (!err)
		fwrite(sbuf, 1, slen, out);
	for (i = 0; !err && i < m->types_cnt; i++) {
		err = _section(m, &m->types[i], true, &buf, &len);
		if (!err && max_bytes && used + len + note > max_bytes) {
			err = _section(m, &m->types[i], false, &brief, &blen);
			cut[i] = err ? 0 : used + blen + note > max_bytes ? 2 : 1;
		}
		if (!err && cut[i] != 2) {
			fwrite(cut[i] ? brief : buf, 1, cut[i] ? blen : len, out);
			used += cut[i] ? blen : len;
		}
		free(buf);
		free(brief);
		buf = brief = NULL;
	}
	for (i = 0; !err && i < m->types_cnt && !cut[i]; i++)
		;
	if (!err && i < m->types_cnt)
		_left_out(m, cut, max_bytes, out);
	free(sbuf);
	free(cut);
	return err ?: ferror(out) ? -EIO : 0;
}
