// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../scanner/modinfo.h"
#include "exports.h"
#include "modcheck.h"

const char *modcheck__kind(enum mc_kind kind)
{
	static const char *const names[] = { "vermagic", "missing-symbol", "crc-mismatch",
					     "gpl-only", "namespace" };

	return names[kind];
}

bool modcheck__gpl_compatible(const char *license)
{
	static const char *const gpl[] = { "GPL", "GPL v2", "GPL and additional rights",
					   "Dual BSD/GPL", "Dual MIT/GPL", "Dual MPL/GPL" };
	size_t i;

	for (i = 0; license && i < sizeof(gpl) / sizeof(gpl[0]); i++)
		if (!strcmp(license, gpl[i]))
			return true;
	return false;
}

static int _add(struct mc_result *r, enum mc_kind kind, const char *symbol, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int _add(struct mc_result *r, enum mc_kind kind, const char *symbol, const char *fmt, ...)
{
	struct mc_problem *p = realloc(r->problems, (r->cnt + 1) * sizeof(*p));
	va_list ap;

	if (!p)
		return -ENOMEM;
	r->problems = p;
	p += r->cnt++;
	p->kind = kind;
	p->symbol = symbol;
	va_start(ap, fmt);
	vsnprintf(p->detail, sizeof(p->detail), fmt, ap);
	va_end(ap);
	r->loadable = false;
	return 0;
}

/* same_magic(): with a version table only the part after the release counts. */
static bool _same_magic(const char *a, const char *b, bool has_crcs)
{
	if (has_crcs) {
		a += strcspn(a, " ");
		b += strcspn(b, " ");
	}
	return !strcmp(a, b);
}

/* verify_namespace_is_imported(), with 6.16's "module:NAME,..." namespaces. */
static bool _ns_imported(const struct module_info *mi, const char *ns)
{
	size_t i;

	if (!strncmp(ns, "module:", 7)) {
		char *list = strdup(ns + 7), *save = NULL, *tok;
		bool ok = false;

		for (tok = list ? strtok_r(list, ",", &save) : NULL; tok && !ok;
		     tok = strtok_r(NULL, ",", &save))
			ok = !fnmatch(tok, mi->name, 0);
		free(list);
		if (ok)
			return true;
	}
	for (i = 0; i < mi->import_ns_cnt; i++)
		if (!strcmp(mi->import_ns[i], ns))
			return true;
	return false;
}

/* check_version() for one symbol the kernel exports with @e's CRC. */
static int _crc(const struct module_info *mi, const struct kexports *k, const struct export *e,
		const char *name, struct mc_result *r)
{
	const struct modversion *v;

	if (!k->ex.has_crcs || !e->has_crc)
		return 0;	/* the exporter supplied no CRCs */
	if (!mi->has_versions)
		return _add(r, MC_CRC, name, "the module has no version table; kernel 0x%08x",
			    e->crc);
	v = module_info__version(mi, name);
	if (!v || v->crc == e->crc)
		return 0;	/* no version for it: the kernel warns and lets it go */
	return _add(r, MC_CRC, name, "module 0x%08x, kernel 0x%08x (%s)", v->crc, e->crc,
		    e->owner);
}

static int _import(const struct module_info *mi, const struct kexports *k, bool gplok,
		   const struct modimport *im, struct mc_result *r)
{
	const struct export *e = exports__find(&k->ex, im->name);
	int err = 0;

	if (!e)
		return im->weak ? 0 : _add(r, MC_MISSING, im->name, "not exported by %s",
					   k->release);
	if (e->gpl && !gplok)
		err = _add(r, MC_GPL_ONLY, im->name, "EXPORT_SYMBOL_GPL by %s; module license "
			   "'%s'", e->owner, mi->license ? mi->license : "unspecified");
	err = err ?: _crc(mi, k, e, im->name, r);
	if (!err && e->ns[0] && !_ns_imported(mi, e->ns))
		err = _add(r, MC_NAMESPACE, im->name, "in namespace %s, which the module does "
			   "not import", e->ns);
	return err;
}

int modcheck__judge(const struct module_info *mi, const struct kexports *k,
		    struct mc_result *out)
{
	bool gplok = modcheck__gpl_compatible(mi->license);
	const struct export *layout;
	size_t i;
	int err = 0;

	memset(out, 0, sizeof(*out));
	out->release = k->release;
	out->loadable = true;
	if (!mi->vermagic)
		err = _add(out, MC_VERMAGIC, "", "the module has no vermagic");
	else if (!k->vermagic)
		snprintf(out->note, sizeof(out->note), "vermagic not checked: no module or config "
			 "of %s tells the kernel's", k->release);
	else if (!_same_magic(mi->vermagic, k->vermagic, mi->has_versions))
		err = _add(out, MC_VERMAGIC, "", "module '%s', kernel '%s'", mi->vermagic,
			   k->vermagic);
	layout = exports__find(&k->ex, "module_layout");
	if (!err && layout && mi->has_versions)
		err = _crc(mi, k, layout, "module_layout", out);
	for (i = 0; !err && i < mi->imports_cnt; i++)
		err = _import(mi, k, gplok, &mi->imports[i], out);
	return err;
}

void mc_result_release(struct mc_result *r)
{
	if (!r)
		return;
	free(r->problems);
	memset(r, 0, sizeof(*r));
}
