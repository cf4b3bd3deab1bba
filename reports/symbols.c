// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fnmatch.h>
#include <jansson.h>
#include <stdlib.h>

#include "../btf/exports.h"
#include "symbols.h"

static bool _wanted(const struct symbols_filter *sf, const char *name)
{
	size_t i;

	for (i = 0; sf && i < sf->cnt; i++)
		if (!fnmatch(sf->globs[i], name, 0))
			return true;
	return !sf || !sf->cnt;
}

static int _seq_cmp(const void *a, const void *b)
{
	const struct export *x = *(const struct export *const *)a;
	const struct export *y = *(const struct export *const *)b;

	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

int report_symvers__emit(const struct kexports *k, const struct symbols_filter *sf, FILE *out)
{
	const struct export **order = calloc(k->ex.cnt ?: 1, sizeof(*order));
	size_t i;

	if (!order)
		return -ENOMEM;
	for (i = 0; i < k->ex.cnt; i++)
		order[i] = &k->ex.syms[i];
	qsort(order, k->ex.cnt, sizeof(*order), _seq_cmp);
	for (i = 0; i < k->ex.cnt; i++) {
		const struct export *e = order[i];

		if (_wanted(sf, e->name))
			fprintf(out, "0x%08x\t%s\t%s\t%s\t%s\n", e->crc, e->name, e->owner,
				export__type(e), e->ns);
	}
	free(order);
	return ferror(out) ? -EIO : 0;
}

static json_t *_export_json(const struct export *e)
{
	char crc[16];

	snprintf(crc, sizeof(crc), "0x%08x", e->crc);
	return json_pack("{s:s, s:s, s:s, s:s?, s:s?}", "name", e->name, "owner", e->owner,
			 "type", export__type(e), "namespace", e->ns[0] ? e->ns : NULL,
			 "crc", e->has_crc ? crc : NULL);
}

static json_t *_kernel_json(const struct kexports *k, const struct symbols_filter *sf)
{
	json_t *arr = json_array(), *o;
	size_t i;
	int err = arr ? 0 : -ENOMEM;

	for (i = 0; !err && i < k->ex.cnt; i++)
		if (_wanted(sf, k->ex.syms[i].name))
			err = json_array_append_new(arr, _export_json(&k->ex.syms[i]));
	o = err ? NULL : json_pack("{s:s, s:s, s:s?, s:s?, s:o}", "release", k->release,
				   "source", k->from_symvers ? "Module.symvers" : "binaries",
				   "symvers", k->symvers, "image", k->image, "exports", arr);
	if (!o && !err)
		return NULL;	/* json_pack freed @arr */
	if (err)
		json_decref(arr);
	return o;
}

int report_symbols_json__emit(const struct kexports *ks, size_t n,
			      const struct symbols_filter *sf, FILE *out)
{
	json_t *root = json_pack("{s:s, s:i, s:[]}", "kabiscan", "symbols", "schema", 2,
				 "kernels"), *arr = root ? json_object_get(root, "kernels") : NULL;
	size_t i;
	int err = root ? 0 : -ENOMEM;

	for (i = 0; !err && i < n; i++) {
		json_t *k = _kernel_json(&ks[i], sf);

		err = k ? json_array_append_new(arr, k) : -ENOMEM;
	}
	if (!err)
		err = json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER) ? -EIO : 0;
	if (!err)
		fputc('\n', out);
	json_decref(root);
	return err ?: ferror(out) ? -EIO : 0;
}

int report_exports_check__emit(const struct kexports *sv, const struct kexports *bin,
			       const struct export_check *c, FILE *out)
{
	size_t i;

	fprintf(out, "%s: %s: Module.symvers '%s' (%zu exports) and binaries (%s, %zu "
		"module%s, %zu exports): %zu compared, %zu of modules not read, %zu "
		"disagreement%s\n", sv->release, c->cnt ? "DISAGREE" : "agree", sv->symvers,
		sv->ex.cnt, bin->image ? "vmlinux image" : "no vmlinux image", bin->owners_cnt,
		bin->owners_cnt == 1 ? "" : "s", bin->ex.cnt, c->compared, c->skipped, c->cnt,
		c->cnt == 1 ? "" : "s");
	for (i = 0; i < c->cnt; i++) {
		const struct export_diff *d = &c->diffs[i];

		fprintf(out, "  %s %s: Module.symvers '%s', binaries '%s'\n", d->name, d->what,
			d->symvers, d->binary);
	}
	return ferror(out) ? -EIO : 0;
}
