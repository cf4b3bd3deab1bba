// SPDX-License-Identifier: GPL-2.0
/*
 * The text report, line for line as ../shared/reference shows it:
 *
 *   vfio_pci_regops
 *   Regular
 *   5.10: No data ❔ (not in vmlinux; 6 of 6 modules carry no BTF)
 *   6.1: ✅struct vfio_pci_regops { /+ vfio_pci_core +/
 *   ssize_t (*rw)(struct vfio_pci_core_device *, char *, size_t, loff_t *, bool);
 *   ...
 *   };
 *   Regular
 *   6.1 and 6.12 ✅
 *   amd64 and ppc64el ⚠️size_t (*rw)(...) ➡️ ssize_t (*rw)(...)
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../btf/kernel.h"
#include "../btf/matrix.h"
#include "../btf/render.h"
#include "../scanner/exports.h"
#include "../scanner/quote.h"
#include "report.h"

/*
 * Names and labels come from type data and file names: written with control
 * characters escaped (quote__fputs), so no name drives the terminal; a
 * definition keeps its line breaks.
 */
static void _put(const char *s, FILE *out)
{
	quote__fputs(s, false, out);
}

/* The marks, as emoji or as plain words. */
struct marks {
	const char *ok;		/* before a present cell's definition */
	const char *warn;	/* before a comparison's changes */
	const char *nodata;	/* after "No data" */
	const char *arrow;	/* between old and new */
	const char *added;	/* before an added member */
	const char *removed;	/* before a removed member */
	const char *absent;	/* after "Absent" */
	const char *same;	/* after a comparison without change */
	bool color;		/* wrap the marks in SGR colours (--color) */
};

static const struct marks emoji_marks = {
	"\u2705", "\u26a0\ufe0f", "\u2754", "\u27a1\ufe0f", "\u2795 ", "\u2796 ",
	"\u26a0\ufe0f", "\u2705", false,
};
static const struct marks ascii_marks = {
	"[ok] ", "[changed] ", "[?]", "->", "+ ", "- ", "[!]", "[ok]", false,
};

/* @word then @text, in the colour @sgr ("32" green) when @mk says so. */
static void _mark(const struct marks *mk, const char *sgr, const char *word, const char *text,
		  FILE *out)
{
	if (mk->color)
		fprintf(out, "\033[%sm%s%s\033[m", sgr, word, text);
	else
		fprintf(out, "%s%s", word, text);
}

static void _cell(const struct matrix *m, const struct mx_type *t, size_t i,
		  const struct marks *mk, FILE *out)
{
	const struct cell *c = &t->cells[i];
	const char *def, *nl;

	_put(m->kernels[i].label, out);
	fputs(": ", out);
	if (c->state == CELL_ABSENT) {
		_mark(mk, SGR_BAD, "Absent ", mk->absent, out);
		fputc('\n', out);
		return;
	}
	if (c->state == CELL_NODATA) {
		_mark(mk, SGR_NODATA, "No data ", mk->nodata, out);
		fputs(" (", out);
		_put(c->reason, out);
		fputs(")\n", out);
		return;
	}
	def = t->renders[i]->definition;
	nl = strchr(def, '\n');
	_mark(mk, SGR_GOOD, "", mk->ok, out);
	if (nl && nl > def && nl[-1] == '{' && report__has_source_comment(c)) {
		/* Say where the type came from, on its opening line. */
		char *first = strndup(def, nl - def);

		quote__fputs(first ?: "", true, out);
		free(first);
		fputc(' ', out);
		report__source_comment(c, out);
		quote__fputs(nl, true, out);
	} else if (c->export_known && (!nl || !nl[1])) {
		/* A function: where it is and whether it is exported, after it. */
		char *first = strndup(def, nl ? (size_t)(nl - def) : strlen(def));

		quote__fputs(first ?: "", true, out);
		free(first);
		fputc(' ', out);
		report__source_comment(c, out);
		fputc('\n', out);
	} else {
		quote__fputs(def, true, out);
	}
}

bool report__has_source_comment(const struct cell *c)
{
	return c->module || strcmp(c->format, "BTF") || c->layouts > 1;
}

void report__source_comment(const struct cell *c, FILE *out)
{
	fputs("/* ", out);
	_put(c->module ?: "vmlinux", out);
	if (strcmp(c->format, "BTF"))
		fprintf(out, ", %s", c->format);
	if (c->layouts > 1 && c->cus)
		fprintf(out, ", %u layouts in %u CUs", c->layouts, c->cus);
	else if (c->layouts > 1)
		fprintf(out, ", %u layouts", c->layouts);
	if (c->export_known && !c->export)
		fputs(", not exported", out);
	else if (c->export_known)
	{
		fprintf(out, ", exported%s%s", c->export->gpl ? " GPL" : "",
			c->export->ns[0] ? " in " : "");
		_put(c->export->ns, out);
	}
	fputs(" */", out);
}

static void _change(const struct abi_change *c, const struct marks *mk, FILE *out)
{
	struct change_words w;

	report__change_words(c, &w);
	if (w.sign == '+') {
		_mark(mk, SGR_GOOD, "", mk->added, out);
		_put(w.new, out);
		fputc('\n', out);
		return;
	}
	if (w.sign == '-') {
		_mark(mk, SGR_BAD, "", mk->removed, out);
		_put(w.old, out);
		fputc('\n', out);
		return;
	}
	if (w.path) {
		_put(w.path, out);
		fputs(": ", out);
	}
	if (w.word)
		fprintf(out, "%s ", w.word);
	_put(w.old, out);
	fprintf(out, " %s ", mk->arrow);
	_put(w.new, out);
	fputc('\n', out);
}

static void _comparison(const struct mx_comparison *c, const struct marks *mk, FILE *out)
{
	size_t i;

	_put(c->label_a, out);
	fputs(" and ", out);
	_put(c->label_b, out);
	fputc(' ', out);
	if (!c->changes.cnt) {
		_mark(mk, SGR_GOOD, "", mk->same, out);
		if (c->model)
			fprintf(out, " (layout follows %s)", c->model);
		fputc('\n', out);
		return;
	}
	_mark(mk, SGR_CHANGED, "", mk->warn, out);
	for (i = 0; i < c->changes.cnt; i++)
		_change(&c->changes.ptr[i], mk, out);
}

int report_text__emit(const struct matrix *m, bool ascii, bool color, FILE *out)
{
	struct marks marks = ascii ? ascii_marks : emoji_marks;
	const struct marks *mk = &marks;
	size_t i, j;

	marks.color = color;
	for (i = 0; i < m->types_cnt; i++) {
		const struct mx_type *t = &m->types[i];

		if (i)
			fputc('\n', out);
		_put(t->q.spelled, out);
		fputs("\nRegular\n", out);
		for (j = 0; j < m->kernels_cnt; j++)
			_cell(m, t, j, mk, out);
		fputs("Regular\n", out);
		for (j = 0; j < t->cmps_cnt; j++)
			_comparison(&t->cmps[j], mk, out);
	}
	return ferror(out) ? -EIO : 0;
}

int report_show__emit(const struct matrix *m, FILE *out)
{
	bool first = true;
	size_t i, j;

	for (i = 0; i < m->types_cnt; i++) {
		for (j = 0; j < m->kernels_cnt; j++) {
			const struct cell *c = &m->types[i].cells[j];

			if (c->state != CELL_PRESENT)
				continue;
			if (!first)
				fputc('\n', out);
			first = false;
			if (m->kernels_cnt > 1) {
				fputs("/* ", out);
				_put(m->kernels[j].k->release, out);
				fputs(" */\n", out);
			}
			if (report__has_source_comment(c) || c->export_known) {
				report__source_comment(c, out);
				fputc('\n', out);
			}
			quote__fputs(m->types[i].renders[j]->definition, true, out);
		}
	}
	return ferror(out) ? -EIO : 0;
}
