// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <resolv.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>

#include "baseline.h"
#include "errmsg.h"
#include "image.h"

/* Baselines hold a few hundred types at most; a bound against garbage. */
#define BASELINE_MAX_TYPES 100000

static int _bad(const char *path, const char *what)
{
	return errmsg__set(-EINVAL, "cannot read baseline '%s': %s", path, what);
}

/*
 * The "export" of entry @name ("func NAME"): null (not exported) or
 * {type, namespace, crc, owner}, added to @b->ex under the bare name.
 */
static int _export(const char *path, const char *name, json_t *e, struct baseline *b)
{
	const char *type = json_string_value(json_object_get(e, "type"));
	const char *owner = json_string_value(json_object_get(e, "owner"));
	json_t *ns = json_object_get(e, "namespace"), *crc = json_object_get(e, "crc");
	const char *bare = strrchr(name, ' ');
	unsigned int v = 0;
	char end;

	if (json_is_null(e))
		return 0;
	if (!bare || (strncmp(name, "func ", 5) && strncmp(name, "sym ", 4)))
		return _bad(path, "an \"export\" belongs to a func entry");
	if (!json_is_object(e) || !type || !owner || (strcmp(type, "EXPORT_SYMBOL") &&
	    strcmp(type, "EXPORT_SYMBOL_GPL")) || !(json_is_null(ns) || json_is_string(ns)) ||
	    !(json_is_null(crc) || (json_is_string(crc) &&
	      sscanf(json_string_value(crc), "0x%8x%c", &v, &end) == 1)))
		return _bad(path, "an \"export\" needs a type (EXPORT_SYMBOL or "
			    "EXPORT_SYMBOL_GPL), an owner, and a namespace and a crc "
			    "(0x%08x) or null");
	return exports__add(&b->ex, bare + 1, owner, json_string_value(ns), v,
			    json_is_string(crc), !strcmp(type, "EXPORT_SYMBOL_GPL"));
}

static int _types(const char *path, json_t *arr, struct baseline *b)
{
	size_t i, n = json_array_size(arr);

	if (!json_is_array(arr) || !n || n > BASELINE_MAX_TYPES)
		return _bad(path, "\"types\" must be a non-empty array");
	b->names = calloc(n, sizeof(*b->names));
	b->alloc = calloc(n, sizeof(*b->alloc));
	b->export_known = calloc(n, sizeof(*b->export_known));
	if (!b->names || !b->alloc || !b->export_known)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		json_t *t = json_array_get(arr, i);
		json_t *name = json_object_get(t, "name"), *alloc = json_object_get(t, "alloc");

		if (!json_is_string(name) || (alloc && !json_is_boolean(alloc)))
			return _bad(path, "each type needs a \"name\" string and a boolean "
				    "\"alloc\"");
		b->names[i] = strdup(json_string_value(name));
		if (!b->names[i])
			return -ENOMEM;
		b->alloc[i] = json_is_true(alloc);
		b->cnt++;
		if (json_object_get(t, "export")) {
			int err = _export(path, b->names[i], json_object_get(t, "export"), b);

			if (err)
				return err;
			b->export_known[i] = true;
		}
	}
	return 0;
}

/* "symbols": [ { name, export } ], optional. */
static int _symbols(const char *path, json_t *arr, struct baseline *b)
{
	size_t i, n = json_array_size(arr);
	char *spelled;
	int err = 0;

	exports__sort(&b->ex);
	if (!arr)
		return 0;
	if (!json_is_array(arr) || n > BASELINE_MAX_TYPES)
		return _bad(path, "\"symbols\" must be an array");
	if (!(b->syms = calloc(n + 1, sizeof(*b->syms))))
		return -ENOMEM;
	for (i = 0; !err && i < n; i++) {
		json_t *s = json_array_get(arr, i), *name = json_object_get(s, "name");
		json_t *e = json_object_get(s, "export");

		if (!json_is_string(name) || !e)
			return _bad(path, "each symbol needs a \"name\" string and an \"export\"");
		if (!(b->syms[i] = strdup(json_string_value(name))))
			return -ENOMEM;
		b->syms_cnt++;
		if (asprintf(&spelled, "sym %s", b->syms[i]) < 0)
			return -ENOMEM;
		err = _export(path, spelled, e, b);
		free(spelled);
	}
	exports__sort(&b->ex);
	return err;
}

static int _btf(const char *path, json_t *j, struct baseline *b)
{
	const char *s = json_string_value(j);
	size_t len = s ? strlen(s) : 0;
	int n;

	if (!s || !len)
		return _bad(path, "\"btf\" must be a base64 string");
	b->btf = malloc(len / 4 * 3 + 3);
	if (!b->btf)
		return -ENOMEM;
	n = b64_pton(s, b->btf, len / 4 * 3 + 3);
	if (n <= 0)
		return _bad(path, "\"btf\" is not valid base64");
	b->btf_size = n;
	return image__check_btf(b->btf, b->btf_size, path);
}

/* The format version: "schema" of a snapshot, or a version 1 file's. */
static json_t *_version(json_t *root)
{
	json_t *cmd = json_object_get(root, "kabiscan");

	if (json_is_string(cmd) && !strcmp(json_string_value(cmd), "snapshot"))
		return json_object_get(root, "schema");
	return json_object_get(root, "kabiscan_baseline");
}

int baseline__read(const char *path, struct baseline *b)
{
	json_error_t jerr;
	json_t *root, *v, *kernel;
	int err;

	memset(b, 0, sizeof(*b));
	root = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	if (!root) {
		if (jerr.line < 0)
			return errmsg__set(-ENOENT, "cannot read baseline '%s': %s", path, jerr.text);
		return errmsg__set(-EINVAL, "cannot read baseline '%s': line %d: %s", path,
				   jerr.line, jerr.text);
	}
	v = _version(root);
	kernel = json_object_get(root, "kernel");
	if (!json_is_integer(v))
		err = _bad(path, "not a kabiscan baseline (no \"kabiscan\": \"snapshot\" and "
			   "\"schema\")");
	else if (v == json_object_get(root, "kabiscan_baseline") ? json_integer_value(v) != 1 :
		 json_integer_value(v) != BASELINE_VERSION)
		err = errmsg__set(-EINVAL, "cannot read baseline '%s': %s %lld, this kabiscan "
				  "reads schema %d (and version 1 files)", path,
				  v == json_object_get(root, "kabiscan_baseline") ? "version" : "schema",
				  (long long)json_integer_value(v), BASELINE_VERSION);
	else if (!json_is_string(json_object_get(kernel, "release")))
		err = _bad(path, "no \"kernel\".\"release\" string");
	else if (!(b->release = strdup(json_string_value(json_object_get(kernel, "release")))))
		err = -ENOMEM;
	else
		err = _types(path, json_object_get(root, "types"), b) ?:
		      _symbols(path, json_object_get(root, "symbols"), b) ?:
		      _btf(path, json_object_get(root, "btf"), b);
	json_decref(root);
	if (err)
		baseline_release(b);
	return err;
}

void baseline_release(struct baseline *b)
{
	size_t i;

	for (i = 0; i < b->cnt; i++)
		free(b->names[i]);
	free(b->names);
	free(b->alloc);
	free(b->export_known);
	for (i = 0; i < b->syms_cnt; i++)
		free(b->syms[i]);
	free(b->syms);
	exports_release(&b->ex);
	free(b->release);
	free(b->btf);
	memset(b, 0, sizeof(*b));
}
