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

static int _types(const char *path, json_t *arr, struct baseline *b)
{
	size_t i, n = json_array_size(arr);

	if (!json_is_array(arr) || !n || n > BASELINE_MAX_TYPES)
		return _bad(path, "\"types\" must be a non-empty array");
	b->names = calloc(n, sizeof(*b->names));
	b->alloc = calloc(n, sizeof(*b->alloc));
	if (!b->names || !b->alloc)
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
	}
	return 0;
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
	free(b->release);
	free(b->btf);
	memset(b, 0, sizeof(*b));
}
