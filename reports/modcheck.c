// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>

#include "../btf/exports.h"
#include "../btf/modcheck.h"
#include "../scanner/modinfo.h"
#include "symbols.h"

static size_t _loads(const struct mc_result *rs, size_t n)
{
	size_t i, ok = 0;

	for (i = 0; i < n; i++)
		ok += rs[i].loadable;
	return ok;
}

static const char *_source(const struct kexports *k)
{
	return k->from_symvers ? "Module.symvers" : "binaries";
}

static void _text(const char *path, const struct module_info *mi, const struct mc_result *rs,
		  const struct kexports *ks, size_t n, FILE *out)
{
	size_t i, j;

	fprintf(out, "%s: %s, license '%s', vermagic '%s', %zu imports, %s\n", path, mi->name,
		mi->license ? mi->license : "unspecified", mi->vermagic ? mi->vermagic : "",
		mi->imports_cnt, mi->has_versions ? "with symbol versions" : "no symbol versions");
	for (i = 0; i < n; i++) {
		const struct mc_result *r = &rs[i];

		if (r->loadable)
			fprintf(out, "%s: loads (exports from %s)\n", r->release, _source(&ks[i]));
		else
			fprintf(out, "%s: does not load: %zu problem%s (exports from %s)\n",
				r->release, r->cnt, r->cnt == 1 ? "" : "s", _source(&ks[i]));
		if (r->note[0])
			fprintf(out, "  note: %s\n", r->note);
		for (j = 0; j < r->cnt; j++)
			fprintf(out, "  %-14s %s%s%s\n", modcheck__kind(r->problems[j].kind),
				r->problems[j].symbol, r->problems[j].symbol[0] ? ": " : "",
				r->problems[j].detail);
	}
	fprintf(out, "summary: loads on %zu of %zu kernel%s\n", _loads(rs, n), n,
		n == 1 ? "" : "s");
}

static json_t *_result_json(const struct mc_result *r, const struct kexports *k)
{
	json_t *probs = json_array();
	size_t j;
	int err = probs ? 0 : -ENOMEM;

	for (j = 0; !err && j < r->cnt; j++)
		err = json_array_append_new(probs, json_pack("{s:s, s:s, s:s}", "kind",
					    modcheck__kind(r->problems[j].kind), "symbol",
					    r->problems[j].symbol, "detail",
					    r->problems[j].detail));
	if (err) {
		json_decref(probs);
		return NULL;
	}
	return json_pack("{s:s, s:b, s:s, s:s?, s:s?, s:o}", "release", r->release, "loadable",
			 r->loadable, "exports_from", _source(k), "vermagic", k->vermagic,
			 "note", r->note[0] ? r->note : NULL, "problems", probs);
}

static int _json(const char *path, const struct module_info *mi, const struct mc_result *rs,
		 const struct kexports *ks, size_t n, FILE *out)
{
	json_t *root, *arr = json_array(), *ns = json_array();
	size_t i;
	int err = arr && ns ? 0 : -ENOMEM;

	for (i = 0; !err && i < mi->import_ns_cnt; i++)
		err = json_array_append_new(ns, json_string(mi->import_ns[i]));
	for (i = 0; !err && i < n; i++) {
		json_t *k = _result_json(&rs[i], &ks[i]);

		err = k ? json_array_append_new(arr, k) : -ENOMEM;
	}
	if (err) {
		json_decref(arr);
		json_decref(ns);
		return err;
	}
	root = json_pack("{s:s, s:i, s:{s:s, s:s, s:s?, s:s?, s:o, s:i, s:b}, s:o}",
			 "kabiscan", "modcheck", "schema", 2, "module", "path", path, "name",
			 mi->name, "license", mi->license, "vermagic", mi->vermagic,
			 "import_ns", ns, "imports", (json_int_t)mi->imports_cnt, "versions",
			 mi->has_versions, "kernels", arr);
	if (!root)
		return -ENOMEM;
	err = json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER) ? -EIO : 0;
	if (!err)
		fputc('\n', out);
	json_decref(root);
	return err;
}

/* XML text: markup characters escaped, control characters (invalid in XML 1.0) as '?'. */
static void _xml(const char *s, FILE *out)
{
	for (; s && *s; s++) {
		unsigned char c = *s;

		if (c == '<')
			fputs("&lt;", out);
		else if (c == '>')
			fputs("&gt;", out);
		else if (c == '&')
			fputs("&amp;", out);
		else if (c == '"')
			fputs("&quot;", out);
		else
			fputc(c < 0x20 && c != '\n' && c != '\t' ? '?' : c, out);
	}
}

static void _junit(const char *path, const struct mc_result *rs, size_t n, FILE *out)
{
	size_t i, j;

	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"kabiscan "
	      "modcheck\">\n  <testsuite name=\"", out);
	_xml(path, out);
	fprintf(out, "\" tests=\"%zu\" failures=\"%zu\" errors=\"0\">\n", n, n - _loads(rs, n));
	for (i = 0; i < n; i++) {
		fputs("    <testcase classname=\"modcheck\" name=\"", out);
		_xml(rs[i].release, out);
		if (rs[i].loadable) {
			fputs("\"/>\n", out);
			continue;
		}
		fprintf(out, "\">\n      <failure message=\"does not load: %zu problem%s\">", rs[i].cnt,
			rs[i].cnt == 1 ? "" : "s");
		for (j = 0; j < rs[i].cnt; j++) {
			fprintf(out, "%s%s ", j ? "\n" : "", modcheck__kind(rs[i].problems[j].kind));
			_xml(rs[i].problems[j].symbol, out);
			fputs(rs[i].problems[j].symbol[0] ? ": " : "", out);
			_xml(rs[i].problems[j].detail, out);
		}
		fputs("</failure>\n    </testcase>\n", out);
	}
	fputs("  </testsuite>\n</testsuites>\n", out);
}

int report_modcheck__emit(const char *path, const struct module_info *mi,
			  const struct mc_result *rs, const struct kexports *ks, size_t n,
			  enum mc_format fmt, FILE *out)
{
	int err = 0;

	if (fmt == MC_FMT_JSON)
		err = _json(path, mi, rs, ks, n, out);
	else if (fmt == MC_FMT_JUNIT)
		_junit(path, rs, n, out);
	else
		_text(path, mi, rs, ks, n, out);
	return err ?: ferror(out) ? -EIO : 0;
}
