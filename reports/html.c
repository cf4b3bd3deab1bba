// SPDX-License-Identifier: GPL-2.0
/*
 * One self-contained HTML page: inline CSS, no script, nothing fetched.
 *
 *   legend
 *   matrix   one row per kernel, in tbody blocks per group (Regular,
 *            Architectures, Flavours), one column per type; each cell is
 *            shaded by its state and, when present, by its comparison:
 *
 *              base     present, compared with nothing (first of Regular,
 *                       or no partner that has the type)
 *              same     present, no change against the kernel it is compared with
 *              changed  present, changed against that kernel
 *              absent   absent
 *              nodata   no data
 *
 *            and opens (<details>) to the changes and the definition
 *   per type the comparisons, by group, each change list in <details>
 *
 * Every string from the matrix goes through _esc, so a definition, a
 * reason or a name can hold < > & " ' without breaking the page. Nothing
 * varies from run to run (no time, no path of the page), so the page can be
 * compared byte for byte.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../btf/kernel.h"
#include "../btf/matrix.h"
#include "../btf/render.h"
#include "report.h"

/* The shade of a cell, which is also its CSS class. */
enum shade { SHADE_BASE, SHADE_SAME, SHADE_CHANGED, SHADE_ABSENT, SHADE_NODATA };

/* How a shade is named and explained. */
struct shade_desc {
	const char *cls;	/* CSS class */
	const char *word;	/* what the cell says */
	const char *legend;	/* what the legend says */
};

static const struct shade_desc shades[] = {
	[SHADE_BASE] = { "base", "present",
			 "present, compared with nothing (the first present Regular kernel, or "
			 "a kernel without a partner that has the type)" },
	[SHADE_SAME] = { "same", "same", "present, same as the kernel it is compared with" },
	[SHADE_CHANGED] = { "changed", "changed",
			    "present, changed from the kernel it is compared with" },
	[SHADE_ABSENT] = { "absent", "absent",
			   "all type data was read and the type is not there" },
	[SHADE_NODATA] = { "nodata", "no data",
			   "where the type could be has neither BTF nor DWARF" },
};

static const char *group_titles[] = { "Regular", "Architectures", "Flavours" };
static const char *state_names[] = { "present", "absent", "no-data" };

static const char style[] =
	"body { font: 14px/1.4 sans-serif; margin: 1em 2em; color: #222; background: #fff; }\n"
	"h1 { font-size: 150%; } h2 { font-size: 125%; margin-top: 1.5em; }\n"
	"h3 { font-size: 105%; }\n"
	"table.matrix { border-collapse: collapse; }\n"
	".matrix th, .matrix td { border: 1px solid #999; padding: 4px 8px; text-align: left;"
	" vertical-align: top; }\n"
	".matrix thead th { background: #fff; }\n"
	".matrix tr.group th { border: none; padding: 12px 0 4px; font-size: 110%; }\n"
	".matrix td.cell { min-width: 10em; }\n"
	".matrix td.release { font-family: monospace; }\n"
	".base { background: #dcefd6; }\n"
	".same { background: #9fd49a; }\n"
	".changed { background: #ffc266; }\n"
	".absent { background: #f29d9d; }\n"
	".nodata { background: #cfcfcf; }\n"
	".swatch { display: inline-block; width: 1em; height: 1em; border: 1px solid #999;"
	" vertical-align: -0.15em; margin-right: 0.4em; }\n"
	"ul.legend, ul.cmps { list-style: none; padding-left: 0; }\n"
	"summary { cursor: pointer; }\n"
	"pre { margin: 4px 0; font: 12px/1.35 monospace; white-space: pre; }\n"
	"pre.def { background: #fff; border: 1px solid #bbb; padding: 4px; }\n"
	"pre.diff { background: #fff; border: 1px solid #bbb; padding: 4px; }\n"
	".diff .add { color: #17651a; } .diff .del { color: #a31515; }\n"
	".vs { margin: 4px 0; }\n";

/* Write @s escaped for HTML text and double- or single-quoted attributes. */
static void _esc(const char *s, FILE *out)
{
	size_t n;

	while (*s) {
		n = strcspn(s, "&<>\"'");
		fwrite(s, 1, n, out);
		s += n;
		switch (*s) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs("&quot;", out); break;
		case '\'': fputs("&#39;", out); break;
		default: return;
		}
		s++;
	}
}

/* The comparison in which kernel @i is the compared (new) side, or NULL. */
static const struct mx_comparison *_cmp_of(const struct mx_type *t, size_t i)
{
	size_t j;

	for (j = 0; j < t->cmps_cnt; j++)
		if (t->cmps[j].b == i)
			return &t->cmps[j];
	return NULL;
}

static enum shade _shade(const struct mx_type *t, size_t i)
{
	const struct mx_comparison *c;

	if (t->cells[i].state == CELL_ABSENT)
		return SHADE_ABSENT;
	if (t->cells[i].state == CELL_NODATA)
		return SHADE_NODATA;
	c = _cmp_of(t, i);
	if (!c)
		return SHADE_BASE;
	return c->changes.cnt ? SHADE_CHANGED : SHADE_SAME;
}

/* One change as the text report words it, with a plain arrow. */
static void _change(const struct abi_change *c, FILE *out)
{
	struct change_words w;

	report__change_words(c, &w);
	if (w.sign) {
		fputs(w.sign == '+' ? "<span class=\"add\">+ " : "<span class=\"del\">- ", out);
		_esc(w.sign == '+' ? w.new : w.old, out);
		fputs("</span>\n", out);
		return;
	}
	fputs("<span class=\"mod\">", out);
	if (w.path) {
		_esc(w.path, out);
		fputs(": ", out);
	}
	if (w.word)
		fprintf(out, "%s ", w.word);
	_esc(w.old, out);
	fputs(" \u2192 ", out);
	_esc(w.new, out);
	fputs("</span>\n", out);
}

static void _changes(const struct abi_changes *l, FILE *out)
{
	size_t i;

	fputs("<pre class=\"diff\">", out);
	for (i = 0; i < l->cnt; i++)
		_change(&l->ptr[i], out);
	fputs("</pre>", out);
}

/*
 * The definition as the text report shows it: where the type came from a
 * module or from DWARF, a comment saying so ends the opening line.
 */
static int _definition(const struct cell *c, const struct rendering *r, FILE *out)
{
	const char *def = r->definition, *nl = strchr(def, '\n');
	char *buf = NULL, *line = NULL;
	size_t len = 0;
	FILE *f;
	int err = 0;

	fputs("<pre class=\"def\">", out);
	if (nl && nl > def && nl[-1] == '{' && report__has_source_comment(c)) {
		f = open_memstream(&buf, &len);
		if (!f)
			return -ENOMEM;
		fprintf(f, "%.*s ", (int)(nl - def), def);
		report__source_comment(c, f);
		if (fclose(f) || asprintf(&line, "%s%s", buf, nl) < 0) {
			err = -ENOMEM;
			line = NULL;
		}
		def = line;
	}
	if (def)
		_esc(def, out);
	fputs("</pre>", out);
	free(buf);
	free(line);
	return err;
}

static int _present(const struct mx_type *t, size_t i, enum shade s, FILE *out)
{
	const struct mx_comparison *c = _cmp_of(t, i);
	const struct rendering *r = t->renders[i];

	fprintf(out, "<details><summary>%s", shades[s].word);
	if (r->size || strcmp(r->kind, "func"))
		fprintf(out, ", %u bytes", r->size);
	fputs("</summary>\n", out);
	if (c) {
		fputs("<p class=\"vs\">", out);
		fputs(c->changes.cnt ? "changed from " : "same as ", out);
		_esc(c->label_a, out);
		if (c->model)
			fprintf(out, " (layout follows %s)", c->model);
		fputs(c->changes.cnt ? ":</p>" : "</p>", out);
		if (c->changes.cnt)
			_changes(&c->changes, out);
		fputc('\n', out);
	}
	return _definition(&t->cells[i], r, out);
}

static int _cell(const struct matrix *m, const struct mx_type *t, size_t i, FILE *out)
{
	const struct cell *c = &t->cells[i];
	enum shade s = _shade(t, i);
	int err = 0;

	fprintf(out, "<td class=\"cell %s\" data-state=\"%s\" data-kernel=\"", shades[s].cls,
		state_names[c->state]);
	_esc(m->kernels[i].k->release, out);
	fputs("\" data-type=\"", out);
	_esc(t->q.spelled, out);
	fputs("\">", out);
	if (c->state == CELL_PRESENT) {
		err = _present(t, i, s, out);
		fputs("</details>", out);
	} else if (c->state == CELL_NODATA) {
		fprintf(out, "<details><summary>%s</summary>", shades[s].word);
		_esc(c->reason, out);
		fputs("</details>", out);
	} else {
		fputs(shades[s].word, out);
	}
	fputs("</td>\n", out);
	return err;
}

static void _head(const struct matrix *m, FILE *out)
{
	size_t i;

	fputs("<table class=\"matrix\">\n<thead><tr><th>Kernel</th><th>Release</th>", out);
	for (i = 0; i < m->types_cnt; i++) {
		fprintf(out, "<th><a href=\"#type-%zu\">", i);
		_esc(m->types[i].q.spelled, out);
		fputs("</a></th>", out);
	}
	fputs("</tr></thead>\n", out);
}

/* The matrix: a tbody per group, opened by a row naming the group. */
static int _matrix(const struct matrix *m, FILE *out)
{
	int g = -1, err = 0;
	size_t i, j;

	_head(m, out);
	for (i = 0; !err && i < m->kernels_cnt; i++) {
		const struct mx_kernel *x = &m->kernels[i];

		if ((int)x->group != g) {
			fprintf(out, "%s<tbody>\n<tr class=\"group\"><th colspan=\"%zu\">%s</th></tr>\n",
				g < 0 ? "" : "</tbody>\n", m->types_cnt + 2, group_titles[x->group]);
			g = x->group;
		}
		fputs("<tr class=\"kernel\"><th>", out);
		_esc(x->label, out);
		fputs("</th><td class=\"release\">", out);
		_esc(x->k->release, out);
		fputs("</td>\n", out);
		for (j = 0; !err && j < m->types_cnt; j++)
			err = _cell(m, &m->types[j], i, out);
		fputs("</tr>\n", out);
	}
	fputs(g < 0 ? "</table>\n" : "</tbody>\n</table>\n", out);
	return err;
}

static void _comparison(const struct mx_comparison *c, FILE *out)
{
	enum shade s = c->changes.cnt ? SHADE_CHANGED : SHADE_SAME;

	fputs("<li>", out);
	if (c->changes.cnt)
		fputs("<details><summary>", out);
	fprintf(out, "<span class=\"swatch %s\"></span>", shades[s].cls);
	_esc(c->label_a, out);
	fputs(" and ", out);
	_esc(c->label_b, out);
	if (!c->changes.cnt) {
		fputs(": same", out);
		if (c->model)
			fprintf(out, " (layout follows %s)", c->model);
		fputs("</li>\n", out);
		return;
	}
	fprintf(out, ": changed (%zu change%s)</summary>\n", c->changes.cnt,
		c->changes.cnt == 1 ? "" : "s");
	_changes(&c->changes, out);
	fputs("</details></li>\n", out);
}

/* A type's comparisons, under the title of each group that has some. */
static void _comparisons(const struct mx_type *t, size_t n, FILE *out)
{
	int g = -1;
	size_t i;

	fprintf(out, "<section id=\"type-%zu\">\n<h2>", n);
	_esc(t->q.spelled, out);
	fputs("</h2>\n", out);
	if (!t->cmps_cnt)
		fputs("<p>No two kernels where the type is present are compared.</p>\n", out);
	for (i = 0; i < t->cmps_cnt; i++) {
		if ((int)t->cmps[i].group != g) {
			fprintf(out, "%s<h3>%s</h3>\n<ul class=\"cmps\">\n", g < 0 ? "" : "</ul>\n",
				group_titles[t->cmps[i].group]);
			g = t->cmps[i].group;
		}
		_comparison(&t->cmps[i], out);
	}
	fputs(g < 0 ? "</section>\n" : "</ul>\n</section>\n", out);
}

static void _legend(FILE *out)
{
	size_t i;

	fputs("<h2>Legend</h2>\n<ul class=\"legend\">\n", out);
	for (i = 0; i < sizeof(shades) / sizeof(shades[0]); i++)
		fprintf(out, "<li><span class=\"swatch %s\"></span><b>%s</b>: %s</li>\n",
			shades[i].cls, shades[i].word, shades[i].legend);
	fputs("</ul>\n<p>Regular kernels are compared in version order, architectures with "
	      "the baseline architecture and flavours with the generic kernel of the same "
	      "version. Open a cell for its changes and definition.</p>\n", out);
}

static void _title(const struct matrix *m, FILE *out)
{
	size_t i;

	fputs("kabiscan report: ", out);
	for (i = 0; i < m->types_cnt && i < 3; i++) {
		fputs(i ? ", " : "", out);
		_esc(m->types[i].q.spelled, out);
	}
	if (m->types_cnt > 3)
		fprintf(out, " and %zu more", m->types_cnt - 3);
}

int report_html__emit(const struct matrix *m, FILE *out)
{
	size_t i;
	int err;

	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	      "<title>", out);
	_title(m, out);
	fprintf(out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<h1>", style);
	_title(m, out);
	fprintf(out, "</h1>\n<p>%zu kernel%s, %zu type%s; baseline architecture ",
		m->kernels_cnt, m->kernels_cnt == 1 ? "" : "s", m->types_cnt,
		m->types_cnt == 1 ? "" : "s");
	_esc(m->base_arch, out);
	fputs(".</p>\n", out);
	_legend(out);
	fputs("<h2>Matrix</h2>\n", out);
	err = _matrix(m, out);
	for (i = 0; !err && i < m->types_cnt; i++)
		_comparisons(&m->types[i], i, out);
	fputs("</body>\n</html>\n", out);
	return err ?: (ferror(out) ? -EIO : 0);
}
