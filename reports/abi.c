// SPDX-License-Identifier: GPL-2.0
/*
 * ABI changes of diff and check as text, JSON, Markdown and JUnit XML. The
 * order is that of the results: types as asked (or by name for whole
 * kernels), changes in member order within a type.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>

#include "../btf/kdiff.h"
#include "../scanner/quote.h"
#include "abi.h"
#include "mdtext.h"
#include "report.h"

static const char *_verdict(const struct abi_change *c)
{
	return c->suppressed ? "suppressed" : c->breaking ? "breaking" : "compatible";
}

/* Changes of @v that are listed: all with --verbose, else the unsuppressed. */
static size_t _listed(const struct abi_result *r, const struct abi_verdict *v, bool verbose)
{
	size_t i, n = 0;

	for (i = v->first; i < v->first + v->cnt; i++)
		n += verbose || !r->changes.ptr[i].suppressed;
	return n;
}

/* "breaking", "compatible", "suppressed" or "unchanged" for a whole type. */
static const char *_type_verdict(const struct abi_result *r, const struct abi_verdict *v)
{
	bool brk = false, cmp = false, sup = false;
	size_t i;

	for (i = v->first; i < v->first + v->cnt; i++) {
		const struct abi_change *c = &r->changes.ptr[i];

		sup |= c->suppressed;
		brk |= !c->suppressed && c->breaking;
		cmp |= !c->suppressed && !c->breaking;
	}
	if (v->note)
		return "error";
	return brk ? "breaking" : cmp ? "compatible" : sup ? "suppressed" : "unchanged";
}

/* "PATH: OLD → NEW", "PATH: NEW", "OLD → NEW", ... */
static void _what(const struct abi_change *c, const char *arrow, FILE *out)
{
	if (c->path) {
		quote__fputs(c->path, false, out);
		fputs(c->old || c->new ? ": " : "", out);
	}
	if (c->old && c->new) {
		quote__fputs(c->old, false, out);
		fprintf(out, " %s ", arrow);
		quote__fputs(c->new, false, out);
	} else if (c->old || c->new) {
		quote__fputs(c->old ?: c->new, false, out);
	}
}

/* "breaking  " padded to 10, coloured with --color. */
static void _verdict_text(const struct abi_change *c, bool color, FILE *out)
{
	const char *v = _verdict(c);

	if (color)
		fprintf(out, "  \033[%sm%-10s\033[m", c->suppressed ? SGR_NODATA : c->breaking ?
			SGR_BREAKING : SGR_GOOD, v);
	else
		fprintf(out, "  %-10s", v);
}

/* Verdicts with changes: types, and (@exports) exports compared on their own. */
static size_t _changed(const struct abi_result *r, bool exports)
{
	size_t i, n = 0;

	for (i = 0; i < r->types_cnt; i++)
		n += r->types[i].cnt > 0 && (exports ? r->types[i].export :
					      !r->kernel_exports || !r->types[i].export);
	return n;
}

void report_abi__summary_line(const struct abi_result *r, const struct abi_emit_opts *o,
			      FILE *out)
{
	size_t b, c, s, changed = _changed(r, false), ex = _changed(r, true);

	abi_result__count(r, &b, &c, &s);
	fprintf(out, "summary: %zu type%s changed, %zu unchanged; ", changed,
		changed == 1 ? "" : "s", r->unchanged);
	if (r->kernel_exports && r->exports_note)
		fputs("exports not compared; ", out);
	else if (r->kernel_exports)
		fprintf(out, "%zu export%s changed, %zu unchanged; ", ex, ex == 1 ? "" : "s",
			r->exports_unchanged);
	fprintf(out, "%zu breaking", b);
	if (o->leaf)
		fprintf(out, " (%zu direct, %zu indirect)", abi_result__breaking(r, false),
			abi_result__breaking(r, true));
	fprintf(out, ", %zu compatible, %zu suppressed\n", c, s);
}

/* A member that moved: one of the shifts a change elsewhere in a type causes. */
static bool _moved(const struct abi_change *c)
{
	return (c->cls == ABI_MEMBER_OFFSET || c->cls == ABI_BITFIELD) && !c->suppressed &&
	       !strcmp(c->rule, "layout");
}

/* Shown of the moves a line sums up, before "and N more". */
#define MOVES_SHOWN 3

/*
 * Leaf mode without -v: the members of @v that only moved, on one line at
 * the first of them: "12 members moved: a 24 → 56, b 32 → 64, ... and 9
 * more". Fewer than MOVES_SHOWN + 1 are listed as they are.
 */
static size_t _moves(const struct abi_result *r, const struct abi_verdict *v, size_t at,
		     const char *arrow, FILE *out)
{
	size_t k, n = 0, shown = 0;

	for (k = v->first; k < v->first + v->cnt; k++)
		n += _moved(&r->changes.ptr[k]);
	if (n <= MOVES_SHOWN)
		return 0;
	if (at != v->first && _moved(&r->changes.ptr[at]))
		for (k = v->first; k < at; k++)
			if (_moved(&r->changes.ptr[k]))
				return n;	/* summed up already */
	fprintf(out, "  %-10s  %-21s  %zu members moved: ", "breaking",
		abi__class_name(r->changes.ptr[at].cls), n);
	for (k = at; k < v->first + v->cnt && shown < MOVES_SHOWN; k++)
		if (_moved(&r->changes.ptr[k])) {
			fputs(shown++ ? ", " : "", out);
			quote__fputs(r->changes.ptr[k].path, false, out);
			fputc(' ', out);
			_what(&(struct abi_change){ .old = r->changes.ptr[k].old,
						    .new = r->changes.ptr[k].new }, arrow, out);
		}
	fprintf(out, " and %zu more  [layout]\n", n - shown);
	return n;
}

/*
 * An export whose CRC alone changed: its one listed change is crc-changed,
 * as every export of a kernel rebuilt with another config shows.
 */
static bool _crc_only(const struct abi_result *r, const struct abi_verdict *v, bool verbose)
{
	const struct abi_change *c = &r->changes.ptr[v->first];

	return !v->note && _listed(r, v, verbose) == 1 && v->cnt == 1 &&
	       c->cls == ABI_EXPORT_CRC && !c->suppressed;
}

/* Are verdicts @a and @b shown in one group: a leaf section, a module's? */
static bool _same_group(const struct abi_verdict *a, const struct abi_verdict *b,
			const struct abi_emit_opts *o)
{
	if (o->leaf && a->indirect != b->indirect)
		return false;
	if (!o->summary_first)
		return true;
	return a->export == b->export && (a->module && b->module ? !strcmp(a->module, b->module)
						       : a->module == b->module);
}

/*
 * Without -v, the exports of a group whose CRC alone changed are summed up
 * at the first of them, as moved members are (_moves), when there are more
 * than MOVES_SHOWN: @sum[i] (display order @at) is how many for that first,
 * SIZE_MAX for the others, 0 for the rest. Groups are runs in display order.
 */
static void _crc_sums(const struct abi_result *r, const struct abi_emit_opts *o,
		      const size_t *at, size_t *sum)
{
	size_t i, j, first, n;

	for (i = 0; i < r->types_cnt; i = j) {
		const struct abi_verdict *g = &r->types[at[i]];

		first = SIZE_MAX;
		for (n = 0, j = i; j < r->types_cnt && _same_group(g, &r->types[at[j]], o); j++) {
			sum[j] = 0;
			if (!o->verbose && _crc_only(r, &r->types[at[j]], o->verbose)) {
				first = first == SIZE_MAX ? j : first;
				n++;
			}
		}
		if (n <= MOVES_SHOWN)
			continue;
		for (j = first; j < r->types_cnt && _same_group(g, &r->types[at[j]], o); j++)
			if (_crc_only(r, &r->types[at[j]], false))
				sum[j] = j == first ? n : SIZE_MAX;
	}
}

/* The line _crc_sums sums @n exports in, from display position @i on. */
static void _crc_line(const struct abi_result *r, const size_t *at, size_t i, size_t n,
		      bool color, FILE *out)
{
	size_t shown = 0, j;
	const char *name;

	fputs("exports whose CRC alone changed\n", out);
	_verdict_text(&r->changes.ptr[r->types[at[i]].first], color, out);
	fprintf(out, "  %-21s  %zu exports changed CRC: ", abi__class_name(ABI_EXPORT_CRC), n);
	for (j = i; j < r->types_cnt && shown < MOVES_SHOWN; j++) {
		if (!_crc_only(r, &r->types[at[j]], false))
			continue;
		name = strchr(r->types[at[j]].type, ' ');	/* "func NAME", "sym NAME" */
		fputs(shown++ ? ", " : "", out);
		quote__fputs(name ? name + 1 : r->types[at[j]].type, false, out);
	}
	fprintf(out, " and %zu more  [%s]\n", n - shown,
		r->changes.ptr[r->types[at[i]].first].rule);
}

/* Leaf mode: the heading of the section verdict @i opens, if it opens one. */
static void _section(const struct abi_result *r, const struct abi_emit_opts *o, size_t i,
		     FILE *out)
{
	size_t j;

	for (j = 0; j < i; j++)
		if (r->types[j].indirect == r->types[i].indirect &&
		    (r->types[j].note || _listed(r, &r->types[j], o->verbose)))
			return;
	fputs(r->types[i].indirect ? "indirect: inside types the module reaches only through "
	      "pointers\n" : "direct: what the module names or holds by value\n", out);
}

/*
 * After the summary, which names the kernels, the changes follow grouped
 * by module, each group under "in MODULE:". Returns 0 or -ENOMEM.
 */
static int _text(const struct abi_result *r, const struct abi_emit_opts *o, FILE *out)
{
	const char *arrow = o->ascii ? "->" : "\u2192", *group = NULL;
	size_t *idx = o->summary_first ? report_abi__by_module(r) : malloc((r->types_cnt + 1) *
									sizeof(*idx));
	size_t *sum = calloc(r->types_cnt + 1, sizeof(*sum)), i, k;
	bool group_export = false;

	if (!idx || !sum) {
		free(idx);
		free(sum);
		return -ENOMEM;
	}
	for (i = 0; !o->summary_first && i < r->types_cnt; i++)
		idx[i] = i;
	_crc_sums(r, o, idx, sum);
	if (!o->summary_first) {
		quote__fputs(r->old_name, false, out);
		fprintf(out, " %s ", arrow);
		quote__fputs(r->new_name, false, out);
		fputc('\n', out);
	}
	for (i = 0; i < r->types_cnt; i++) {
		const struct abi_verdict *v = &r->types[idx[i]];

		if ((!v->note && !_listed(r, v, o->verbose)) || sum[i] == SIZE_MAX)
			continue;
		if (o->leaf)
			_section(r, o, i, out);
		if (v->note) {
			quote__fputs(v->type, false, out);
			fputs(": ", out);
			quote__fputs(v->note, false, out);
			fputc('\n', out);
			continue;
		}
		if (o->summary_first && v->module && (!group || strcmp(group, v->module) ||
						      v->export != group_export)) {
			group = v->module;
			group_export = v->export;
			fputs(v->export ? "exports of " : "in ", out);
			quote__fputs(group, false, out);
			fputs(":\n", out);
		}
		if (sum[i]) {
			_crc_line(r, idx, i, sum[i], o->color, out);
			continue;
		}
		quote__fputs(v->type, false, out);
		if (o->leaf && v->reached) {
			fputs("  (reached as ", out);
			quote__fputs(v->reached, false, out);
			fputc(')', out);
		}
		fputc('\n', out);
		for (k = v->first; k < v->first + v->cnt; k++) {
			const struct abi_change *c = &r->changes.ptr[k];

			if (c->suppressed && !o->verbose)
				continue;
			if (o->leaf && !o->verbose && _moved(c) && _moves(r, v, k, arrow, out))
				continue;
			_verdict_text(c, o->color, out);
			fprintf(out, "  %-21s  ", abi__class_name(c->cls));
			_what(c, arrow, out);
			fprintf(out, "%s[%s]\n", c->path || c->old || c->new ? "  " : "", c->rule);
		}
	}
	report_abi__summary_line(r, o, out);
	free(idx);
	free(sum);
	return 0;
}

static json_t *_jstr(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *_json_result(const struct abi_result *r, const struct abi_emit_opts *o)
{
	json_t *res = json_object(), *types = json_array(), *sum = json_object();
	size_t b, c, s, i, k;

	abi_result__count(r, &b, &c, &s);
	for (i = 0; i < r->types_cnt; i++) {
		const struct abi_verdict *v = &r->types[i];
		json_t *t = json_object(), *chs = json_array();

		json_object_set_new(t, "type", json_string(v->type));
		json_object_set_new(t, "verdict", json_string(_type_verdict(r, v)));
		if (o->leaf) {
			json_object_set_new(t, "indirect", json_boolean(v->indirect));
			json_object_set_new(t, "reached", _jstr(v->reached));
		}
		if (v->note)
			json_object_set_new(t, "error", json_string(v->note));
		if (v->export && r->kernel_exports)
			json_object_set_new(t, "owner", json_string(v->module));
		for (k = v->first; k < v->first + v->cnt; k++) {
			const struct abi_change *ch = &r->changes.ptr[k];
			json_t *j = json_object(), *(*val)(const char *);

			json_object_set_new(j, "class", json_string(abi__class_name(ch->cls)));
			json_object_set_new(j, "verdict", json_string(ch->breaking ? "breaking"
									       : "compatible"));
			json_object_set_new(j, "rule", json_string(ch->rule));
			json_object_set_new(j, "path", _jstr(ch->path));
			val = ch->cls == ABI_SIZE_CHANGED ? json__size : _jstr;
			json_object_set_new(j, "old", val(ch->old));
			json_object_set_new(j, "new", val(ch->new));
			json_object_set_new(j, "suppressed", json_boolean(ch->suppressed));
			json_array_append_new(chs, j);
		}
		json_object_set_new(t, "changes", chs);
		json_array_append_new(types, t);
	}
	json_object_set_new(sum, "types_changed", json_integer(_changed(r, false)));
	json_object_set_new(sum, "types_unchanged", json_integer(r->unchanged));
	json_object_set_new(sum, "breaking", json_integer(b));
	json_object_set_new(sum, "compatible", json_integer(c));
	json_object_set_new(sum, "suppressed", json_integer(s));
	if (r->kernel_exports && r->exports_note) {
		json_object_set_new(sum, "exports_note", json_string(r->exports_note));
	} else if (r->kernel_exports) {
		json_object_set_new(sum, "exports_changed", json_integer(_changed(r, true)));
		json_object_set_new(sum, "exports_unchanged", json_integer(r->exports_unchanged));
	}
	json_object_set_new(res, "old", json_string(r->old_name));
	json_object_set_new(res, "new", json_string(r->new_name));
	json_object_set_new(res, "summary", sum);
	json_object_set_new(res, "types", types);
	return res;
}

static int _json(const struct abi_result *rs, size_t n, const struct abi_emit_opts *o,
		 FILE *out)
{
	json_t *root = json_object(), *cmps = json_array();
	size_t i;
	int err;

	json_object_set_new(root, "kabiscan", json_string(o->command));
	json_object_set_new(root, "schema", json_integer(JSON_SCHEMA));
	for (i = 0; i < n; i++)
		json_array_append_new(cmps, _json_result(&rs[i], o));
	json_object_set_new(root, "comparisons", cmps);
	err = json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER) ? -EIO : 0;
	json_decref(root);
	if (!err)
		fputc('\n', out);
	return err;
}

/* A Markdown table cell: text, or code in backquotes, escaped (mdtext.h). */
static void _md_cell(const char *s, bool code, FILE *out)
{
	fputc(' ', out);
	if (!s || !*s)
		return;
	if (code)
		mdtext__code(s, true, out);
	else
		mdtext__text(s, out);
	fputc(' ', out);
}

static void _markdown(const struct abi_result *r, const struct abi_emit_opts *o, FILE *out)
{
	size_t b, c, s, i, k, rows = 0;

	abi_result__count(r, &b, &c, &s);
	fprintf(out, "### kabiscan %s: ", o->command);
	mdtext__code(r->old_name, false, out);
	fputs(" \u2192 ", out);
	mdtext__code(r->new_name, false, out);
	fputs("\n\n", out);
	fprintf(out, "%s**%zu breaking**, %zu compatible, %zu suppressed; %zu unchanged\n\n",
		b ? "\u274c " : "\u2705 ", b, c, s, r->unchanged);
	for (i = 0; i < r->types_cnt; i++)
		rows += r->types[i].note ? 1 : _listed(r, &r->types[i], o->verbose);
	if (!rows)
		return;
	fputs("| type | change | where | old | new | verdict |\n", out);
	fputs("|---|---|---|---|---|---|\n", out);
	for (i = 0; i < r->types_cnt; i++) {
		const struct abi_verdict *v = &r->types[i];

		if (v->note) {
			fputs("|", out);
			_md_cell(v->type, true, out);
			fputs("| error | |", out);
			_md_cell(v->note, false, out);
			fputs("| | **error** |\n", out);
		}
		for (k = v->first; k < v->first + v->cnt; k++) {
			const struct abi_change *ch = &r->changes.ptr[k];

			if (ch->suppressed && !o->verbose)
				continue;
			fputs("|", out);
			_md_cell(v->type, true, out);
			fputs("|", out);
			_md_cell(abi__class_name(ch->cls), false, out);
			fputs("|", out);
			_md_cell(ch->path, true, out);
			fputs("|", out);
			_md_cell(ch->old, true, out);
			fputs("|", out);
			_md_cell(ch->new, true, out);
			fprintf(out, "| %s%s%s (%s) |\n", ch->breaking && !ch->suppressed ? "**" : "",
				_verdict(ch), ch->breaking && !ch->suppressed ? "**" : "", ch->rule);
		}
	}
	fputc('\n', out);
}

/*
 * @s in XML text or an attribute. What XML 1.0 cannot hold (control
 * characters, bytes that are not UTF-8) is shown escaped first, as in the
 * text output (quote__fputs).
 */
static void _xml(const char *s, FILE *out)
{
	char *q = NULL;
	size_t len = 0;
	FILE *m = s ? open_memstream(&q, &len) : NULL;

	if (!m)
		return;
	quote__fputs(s, true, m);
	if (fclose(m))
		return;
	for (s = q; *s; s++) {
		switch (*s) {
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '&': fputs("&amp;", out); break;
		case '"': fputs("&quot;", out); break;
		default: fputc(*s, out);
		}
	}
	free(q);
}

/* Does this change fail its test case? */
static bool _fails(const struct abi_change *c, const struct abi_emit_opts *o)
{
	return !c->suppressed && (c->breaking || o->fail_compatible);
}

/* The changes of @v that fail its test case. */
static size_t _fail_cnt(const struct abi_result *r, const struct abi_verdict *v,
			const struct abi_emit_opts *o)
{
	size_t k, n = 0;

	for (k = v->first; k < v->first + v->cnt; k++)
		n += _fails(&r->changes.ptr[k], o);
	return n;
}

/* Test cases of @r that fail, and that could not run (no type data). */
static void _suite_counts(const struct abi_result *r, const struct abi_emit_opts *o,
			  size_t *failures, size_t *errors)
{
	size_t j;

	*failures = *errors = 0;
	for (j = 0; j < r->types_cnt; j++) {
		*failures += !r->types[j].note && _fail_cnt(r, &r->types[j], o);
		*errors += !!r->types[j].note;
	}
}

static void _junit_case(const struct abi_result *r, const struct abi_verdict *v,
			const struct abi_emit_opts *o, FILE *out)
{
	size_t k, fails = _fail_cnt(r, v, o);

	fputs("    <testcase classname=\"", out);
	_xml(r->new_name, out);
	fputs("\" name=\"", out);
	_xml(v->type, out);
	fputs("\"", out);
	if (!v->note && !_listed(r, v, o->verbose)) {
		fputs("/>\n", out);
		return;
	}
	fputs(">\n", out);
	if (v->note) {
		fputs("      <error message=\"", out);
		_xml(v->note, out);
		fputs("\"/>\n", out);
	} else if (fails) {
		fprintf(out, "      <failure type=\"abi\" message=\"%zu change%s\">", fails,
			fails == 1 ? "" : "s");
	} else {
		fputs("      <system-out>", out);
	}
	for (k = v->first; !v->note && k < v->first + v->cnt; k++) {
		const struct abi_change *c = &r->changes.ptr[k];
		char *line = NULL;
		size_t len = 0;
		FILE *m;

		if (c->suppressed && !o->verbose)
			continue;
		m = open_memstream(&line, &len);
		if (!m)
			continue;
		fprintf(m, "%s %s ", _verdict(c), abi__class_name(c->cls));
		_what(c, "->", m);
		fprintf(m, "%s[%s]\n", c->path || c->old || c->new ? " " : "", c->rule);
		fclose(m);
		_xml(line, out);
		free(line);
	}
	if (!v->note)
		fputs(fails ? "</failure>\n" : "</system-out>\n", out);
	fputs("    </testcase>\n", out);
}

static void _junit(const struct abi_result *rs, size_t n, const struct abi_emit_opts *o,
		   FILE *out)
{
	size_t i, j, tests = 0, failures = 0, errors = 0, f, e;

	for (i = 0; i < n; i++) {
		_suite_counts(&rs[i], o, &f, &e);
		tests += rs[i].types_cnt;
		failures += f;
		errors += e;
	}
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", out);
	fprintf(out, "<testsuites name=\"kabiscan %s\" tests=\"%zu\" failures=\"%zu\" "
		"errors=\"%zu\">\n", o->command, tests, failures, errors);
	for (i = 0; i < n; i++) {
		const struct abi_result *r = &rs[i];

		_suite_counts(r, o, &f, &e);
		fputs("  <testsuite name=\"", out);
		_xml(r->new_name, out);
		fprintf(out, "\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\">\n", r->types_cnt, f,
			e);
		fputs("    <properties>\n      <property name=\"old\" value=\"", out);
		_xml(r->old_name, out);
		fputs("\"/>\n    </properties>\n", out);
		for (j = 0; j < r->types_cnt; j++)
			_junit_case(r, &r->types[j], o, out);
		fputs("  </testsuite>\n", out);
	}
	fputs("</testsuites>\n", out);
}

int report_abi__emit(const struct abi_result *rs, size_t n, enum abi_format fmt,
		     const struct abi_emit_opts *o, FILE *out)
{
	size_t i;

	switch (fmt) {
	case ABI_FMT_JSON:
		return _json(rs, n, o, out);
	case ABI_FMT_JUNIT:
		_junit(rs, n, o, out);
		break;
	case ABI_FMT_MARKDOWN:
		for (i = 0; i < n; i++)
			_markdown(&rs[i], o, out);
		break;
	default:
		for (i = 0; i < n; i++) {
			if (i)
				fputc('\n', out);
			if ((o->summary_first || o->summary_only) && report_abi__summary(&rs[i], o, out))
				return -ENOMEM;
			if (o->summary_first && !o->summary_only)
				fputc('\n', out);
			if (!o->summary_only && _text(&rs[i], o, out))
				return -ENOMEM;
		}
		break;
	}
	return ferror(out) ? -EIO : 0;
}
