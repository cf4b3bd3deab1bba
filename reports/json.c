// SPDX-License-Identifier: GPL-2.0
/*
 * JSON report (jansson), schemas/report.schema.json:
 *   { "kabiscan": "report", "schema": 2, "baseline_arch": "amd64",
 *     "kernels": [ { release, version, arch, flavour, group, label, origin,
 *                    vmlinux, vmlinux_decoded, build_id, modules } ],
 *     "cells": [ { release, arch, version, flavour, name, kind, state,
 *                  source: { object, file, format }, export, definition, size,
 *                  members: [ { name, type, offset_bits, size,
 *                               bitfield_size[, value] } ], reason } ],
 *     (value: an integer; unsigned 64-bit values above 2^63-1 as a decimal
 *      string)
 *     "comparisons": [ { name, group, a, b, a_release, b_release, equal,
 *                        changes: [ { class, path, old, new } ],
 *                        layout_follows (only when the data model explains all) } ] }
 *     (old, new: sizes in bytes as integers for kind "size", else text)
 *     (export: func cells of kernels whose exports are known:
 *      { type, namespace, crc, owner } or null when not exported)
 * Keys keep insertion order, so the output is deterministic.
 */
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "../btf/kernel.h"
#include "../btf/matrix.h"
#include "../btf/render.h"
#include "../scanner/errmsg.h"
#include "../scanner/exports.h"
#include "report.h"

static const char *group_names[] = { "regular", "architecture", "flavour" };
static const char *state_names[] = { "present", "absent", "no-data" };

static json_t *_str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

json_t *json__size(const char *s)
{
	char *end;
	long long v;

	if (!s)
		return json_null();
	v = strtoll(s, &end, 10);
	return *s && !*end ? json_integer(v) : json_string(s);
}

static json_t *_kernel(const struct mx_kernel *x)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:s, s:I}",
			 "release", x->k->release, "version", x->k->version,
			 "arch", x->k->arch, "flavour", x->k->flavour,
			 "group", group_names[x->group], "label", x->label,
			 "origin", x->k->origin, "vmlinux", _str_or_null(x->k->vmlinux_path),
			 "vmlinux_decoded", _str_or_null(x->k->vmlinux_how),
			 "build_id", x->k->build_id,
			 "modules", (json_int_t)kernel__modules_cnt(x->k));
}

/*
 * An enumerator's value: a JSON integer, or, for an unsigned 64-bit value
 * above INT64_MAX, which a JSON integer here cannot hold, a decimal string.
 */
static json_t *_enum_value(const struct member_row *m)
{
	char buf[24];

	if (!m->value_unsigned || m->value >= 0)
		return json_integer(m->value);
	snprintf(buf, sizeof(buf), "%llu", (unsigned long long)m->value);
	return json_string(buf);
}

static json_t *_members(const struct rendering *r)
{
	json_t *arr = json_array();
	size_t i;

	for (i = 0; arr && i < r->members_cnt; i++) {
		const struct member_row *m = &r->members[i];
		json_t *o = json_pack("{s:s, s:s, s:I, s:I, s:I}", "name", m->name,
				      "type", m->type, "offset_bits", (json_int_t)m->bit_offset,
				      "size", (json_int_t)m->size,
				      "bitfield_size", (json_int_t)m->bitfield_size);

		if (o && !strcmp(r->kind, "enum"))
			json_object_set_new(o, "value", _enum_value(m));
		json_array_append_new(arr, o);
	}
	return arr;
}

/* A function's export: {type, namespace, crc, owner}, or null when not exported. */
json_t *json__export(const struct export *e)
{
	char crc[16];

	if (!e)
		return json_null();
	snprintf(crc, sizeof(crc), "0x%08x", e->crc);
	return json_pack("{s:s, s:s?, s:s?, s:s}", "type", export__type(e), "namespace",
			 e->ns[0] ? e->ns : NULL, "crc", e->has_crc ? crc : NULL, "owner", e->owner);
}

static json_t *_cell(const struct mx_kernel *x, const struct mx_type *t, size_t i)
{
	const struct cell *c = &t->cells[i];
	const struct rendering *r = t->renders[i];
	json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "release", x->k->release,
			      "arch", x->k->arch, "version", x->k->version,
			      "flavour", x->k->flavour, "name", t->q.name,
			      "state", state_names[c->state]);

	if (!o)
		return NULL;
	if (r) {
		json_object_set_new(o, "kind", json_string(r->kind));
		json_object_set_new(o, "source", json_pack("{s:s, s:o, s:s}", "object",
				    c->module ?: "vmlinux", "file", _str_or_null(errmsg__name(c->path)),
				    "format", c->format));
		if (c->layouts > 1)
			json_object_set_new(o, "layouts", c->cus ?
					    json_pack("{s:i, s:i}", "distinct", c->layouts,
						      "cus", c->cus) :
					    json_pack("{s:i}", "distinct", c->layouts));
		if (c->export_known)
			json_object_set_new(o, "export", json__export(c->export));
		json_object_set_new(o, "definition", json_string(r->definition));
		json_object_set_new(o, "size", json_integer(r->size));
		json_object_set_new(o, "members", _members(r));
	} else if (c->state == CELL_NODATA) {
		json_object_set_new(o, "reason", json_string(c->reason));
	}
	return o;
}

static json_t *_comparison(const struct matrix *m, const struct mx_type *t,
			   const struct mx_comparison *c)
{
	json_t *changes = json_array();
	size_t i;

	for (i = 0; changes && i < c->changes.cnt; i++) {
		const struct abi_change *ch = &c->changes.ptr[i];
		json_t *(*val)(const char *) = ch->cls == ABI_SIZE_CHANGED ? json__size
									  : _str_or_null;

		json_array_append_new(changes, json_pack("{s:s, s:o, s:o, s:o}", "class",
				      abi__class_name(ch->cls), "path", _str_or_null(ch->path),
				      "old", val(ch->old), "new", val(ch->new)));
	}
	json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:o}", "name", t->q.name,
			      "group", group_names[c->group], "a", c->label_a, "b", c->label_b,
			      "a_release", m->kernels[c->a].k->release,
			      "b_release", m->kernels[c->b].k->release,
			      "equal", c->changes.cnt == 0, "changes", changes);

	if (o && c->model)
		json_object_set_new(o, "layout_follows", json_string(c->model));
	return o;
}

int report_json__emit(const struct matrix *m, FILE *out)
{
	json_t *root = json_pack("{s:s, s:i, s:s, s:[], s:[], s:[]}", "kabiscan", "report",
				 "schema", JSON_SCHEMA, "baseline_arch", m->base_arch, "kernels",
				 "cells", "comparisons");
	json_t *ks, *cells, *cmps;
	size_t i, j;
	int err;

	if (!root)
		return -ENOMEM;
	ks = json_object_get(root, "kernels");
	cells = json_object_get(root, "cells");
	cmps = json_object_get(root, "comparisons");
	for (i = 0; i < m->kernels_cnt; i++)
		json_array_append_new(ks, _kernel(&m->kernels[i]));
	for (i = 0; i < m->types_cnt; i++) {
		for (j = 0; j < m->kernels_cnt; j++)
			json_array_append_new(cells, _cell(&m->kernels[j], &m->types[i], j));
		for (j = 0; j < m->types[i].cmps_cnt; j++)
			json_array_append_new(cmps, _comparison(m, &m->types[i],
								&m->types[i].cmps[j]));
	}
	err = json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER) ? -EIO : 0;
	fputc('\n', out);
	json_decref(root);
	return err ?: (ferror(out) ? -EIO : 0);
}
