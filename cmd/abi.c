// SPDX-License-Identifier: GPL-2.0
/* What diff and check share: options, suppressions, output, exit status. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../btf/export_facts.h"
#include "../btf/kdiff.h"
#include "../btf/matrix.h"
#include "../reports/report.h"
#include "../scanner/errmsg.h"
#include "../scanner/suppress.h"
#include "cmd.h"
#include "exports.h"

static int _format(struct abi_cmd_opts *o, const struct cmd *cmd, const char *arg)
{
	static const struct { const char *name; enum abi_format fmt; } fmts[] = {
		{ "text", ABI_FMT_TEXT }, { "json", ABI_FMT_JSON },
		{ "markdown", ABI_FMT_MARKDOWN }, { "md", ABI_FMT_MARKDOWN },
		{ "junit", ABI_FMT_JUNIT },
	};
	size_t i;

	for (i = 0; i < sizeof(fmts) / sizeof(fmts[0]); i++)
		if (!strcmp(arg, fmts[i].name)) {
			o->format = fmts[i].fmt;
			return -1;
		}
	return usage_error(cmd, "unknown format '%s'", arg);
}

int abi_opts__parse(struct abi_cmd_opts *o, const struct cmd *cmd, int c, char **argv)
{
	o->emit.command = cmd->name;
	switch (c) {
	case 'f':
		return _format(o, cmd, optarg);
	case 'a':
		o->emit.ascii = true;
		return -1;
	case 'v':
		o->emit.verbose = true;
		return -1;
	case 'X':
		o->suppress = optarg;
		return -1;
	case 'Y':
		o->emit.summary_only = true;
		return -1;
	case 'n':
		o->no_pager = true;
		return -1;
	case 'G':
		o->license = optarg;
		return -1;
	case 'F':
		if (!strcmp(optarg, "breaking"))
			o->fail_on = FAIL_BREAKING;
		else if (!strcmp(optarg, "compatible"))
			o->fail_on = FAIL_COMPATIBLE;
		else if (!strcmp(optarg, "none"))
			o->fail_on = FAIL_NONE;
		else if (!strcmp(optarg, "direct") && !strcmp(cmd->name, "check"))
			o->fail_on = FAIL_DIRECT;
		else if (!strcmp(cmd->name, "check"))
			return usage_error(cmd, "--fail-on takes compatible, breaking, direct or "
					   "none, not '%s'", optarg);
		else
			return usage_error(cmd, "--fail-on takes compatible, breaking or none, "
					   "not '%s'", optarg);
		o->emit.fail_compatible = o->fail_on == FAIL_COMPATIBLE;
		return -1;
	default:
		return cmd_opts__parse(&o->cmd, cmd, c, argv);
	}
}

int abi_opts__done(const struct abi_cmd_opts *o, const struct cmd *cmd)
{
	if (o->emit.summary_only && o->format != ABI_FMT_TEXT)
		return usage_error(cmd, "--summary is for the text format");
	return 0;
}

bool *abi_alloc_flags(const struct abi_cmd_opts *o, const struct matrix *m)
{
	bool *alloc = calloc(m->types_cnt + 1, sizeof(*alloc));
	size_t i, j;

	for (i = 0; alloc && i < o->cmd.alloc.cnt; i++) {
		struct type_query q;

		if (type_query__parse(o->cmd.alloc.ptr[i], &q)) {
			free(alloc);
			return NULL;
		}
		for (j = 0; j < m->types_cnt; j++)
			alloc[j] |= !strcmp(m->types[j].q.spelled, q.spelled);
		type_query_release(&q);
	}
	return alloc;
}

static bool _valid_class(const char *name)
{
	return abi__class_parse(name) >= 0;
}

static int _suppress(const char *path, struct abi_result *rs, size_t n)
{
	struct suppressions s;
	size_t i, k;
	int err = suppress__read(path, _valid_class, &s);

	for (i = 0; !err && i < n; i++)
		for (k = 0; k < rs[i].changes.cnt; k++) {
			struct abi_change *c = &rs[i].changes.ptr[k];

			c->suppressed = suppress__match(&s, c->type, c->path,
							abi__class_name(c->cls), rs[i].new_name);
		}
	suppressions_release(&s);
	return err;
}

/*
 * Types of @r that could not be compared (a kernel without type data):
 * one line on stderr for the kernel, with the reason, so that a CI log
 * whose report goes to a file still says why the run failed.
 */
static bool _notes(const struct abi_result *r)
{
	const struct abi_verdict *first = NULL;
	size_t j, cnt = 0;

	for (j = 0; j < r->types_cnt; j++)
		if (r->types[j].note) {
			first = first ?: &r->types[j];
			cnt++;
		}
	if (first)
		p_err("cannot check %zu of %zu types against %s (first '%s'): %s", cnt,
		      r->types_cnt, r->new_name, first->type, first->note);
	return first;
}

int abi_mark_exports(char **paths, size_t cnt, struct matrix *m, bool syms,
		     struct kexports **exs)
{
	int err;

	*exs = NULL;
	if (!syms && !export_facts__has_funcs(m))
		return 0;
	err = exports_of_matrix(paths, cnt, m, KEXP_AUTO, exs);
	if (!err)
		export_facts__mark_cells(m, *exs);
	return err;
}

const struct exports *abi_exports_of(const struct kexports *exs, size_t col)
{
	return exs && exs[col].release ? &exs[col].ex : NULL;
}

int abi_finish(const struct abi_cmd_opts *o, struct abi_result *rs, size_t n)
{
	struct abi_emit_opts emit = o->emit;
	struct output out = { 0 };
	size_t i, b, c, s;
	int status = EXIT_OK, err;

	err = o->suppress ? _suppress(o->suppress, rs, n) : 0;
	emit.color = cmd_opts__color(&o->cmd);
	if (!err && !o->cmd.out && !o->no_pager && o->format == ABI_FMT_TEXT)
		pager_start();
	err = err ?: output__open(&out, o->cmd.out);
	if (!err) {
		err = report_abi__emit(rs, n, o->format, &emit, out.f);
		err = output__close(&out, !err) ?: err;
	}
	if (err) {
		p_err("%s", strerror(-err));
		return EXIT_ERROR;
	}
	for (i = 0; i < n; i++) {
		abi_result__count(&rs[i], &b, &c, &s);
		if (o->fail_on == FAIL_DIRECT)
			b = abi_result__breaking(&rs[i], false);
		if (b && o->fail_on != FAIL_NONE)
			status |= EXIT_BREAKING;
		if (c && o->fail_on == FAIL_COMPATIBLE)
			status |= EXIT_COMPATIBLE;
		if (_notes(&rs[i]))
			status |= EXIT_ERROR;
	}
	return status;
}
