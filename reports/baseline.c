// SPDX-License-Identifier: GPL-2.0
/*
 * Baseline files: JSON a reviewer can read in a pull request (kernel,
 * types, definitions) and the BTF check compares with, base64-encoded.
 *
 *   { "kabiscan": "snapshot", "schema": 2,	(schemas/snapshot.schema.json)
 *     "kernel": { release, version, arch, flavour, build_id },
 *     "types": [ { name, alloc, module, format, definition, export } ],
 *     "symbols": [ { name, export } ],	(only with "sym" entries)
 *     "btf": "<base64 raw BTF>" }
 */
#include <errno.h>
#include <resolv.h>
#include <stdlib.h>
#include <jansson.h>
#include <bpf/btf.h>

#include "../btf/compare.h"
#include "../btf/kernel.h"
#include "../btf/matrix.h"
#include "../btf/render.h"
#include "../scanner/baseline.h"
#include "../scanner/exports.h"
#include "report.h"

static json_t *_b64(const struct btf *btf)
{
	__u32 size = 0;
	const void *raw = btf__raw_data(btf, &size);
	size_t cap = (size_t)size / 3 * 4 + 5;
	char *s = raw ? malloc(cap) : NULL;
	json_t *j = NULL;

	if (s && b64_ntop(raw, size, s, cap) >= 0)
		j = json_string(s);
	free(s);
	return j;
}

/* "symbols": [ { name, export } ], the "sym" entries of the spec. */
static json_t *_symbols(char *const *syms, size_t n, const struct exports *ex)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; a && i < n; i++)
		json_array_append_new(a, json_pack("{s:s, s:o}", "name", syms[i], "export",
						   json__export(exports__find(ex, syms[i]))));
	return a;
}

int report_baseline__emit(const struct matrix *m, const bool *alloc, const struct btf *btf,
			  char *const *syms, size_t syms_cnt, const struct exports *ex,
			  FILE *out)
{
	const struct kernel *k = m->kernels[0].k;
	json_t *root = json_object(), *types = json_array(), *b64 = _b64(btf);
	size_t t;
	int err;

	if (!b64) {
		json_decref(root);
		json_decref(types);
		return -ENOMEM;
	}
	json_object_set_new(root, "kabiscan", json_string("snapshot"));
	json_object_set_new(root, "schema", json_integer(BASELINE_VERSION));
	json_object_set_new(root, "kernel",
			    json_pack("{s:s, s:s, s:s, s:s, s:s}", "release", k->release,
				      "version", k->version, "arch", k->arch, "flavour",
				      k->flavour, "build_id", k->build_id));
	for (t = 0; t < m->types_cnt; t++) {
		const struct cell *c = &m->types[t].cells[0];
		char *name = abi__spell(c->btf, c->id);

		json_t *j = json_pack("{s:s?, s:b, s:s?, s:s, s:s}", "name", name, "alloc", alloc[t],
				      "module", c->module, "format", c->format, "definition",
				      m->types[t].renders[0]->definition);

		/* A function's export, where the kernel's exports were read: check gates it. */
		if (j && c->export_known)
			json_object_set_new(j, "export", json__export(c->export));
		json_array_append_new(types, j);
		free(name);
	}
	json_object_set_new(root, "types", types);
	if (syms_cnt)
		json_object_set_new(root, "symbols", _symbols(syms, syms_cnt, ex));
	json_object_set_new(root, "btf", b64);
	err = json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER) ? -EIO : 0;
	json_decref(root);
	if (!err && fputc('\n', out) == EOF)
		err = -EIO;
	return err;
}
