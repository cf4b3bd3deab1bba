// SPDX-License-Identifier: GPL-2.0
/* The type names a kernel's BTF holds, for -t globs and suggestions. */
#include <errno.h>
#include <string.h>
#include <bpf/btf.h>

#include "../scanner/errmsg.h"
#include "kernel.h"
#include "names.h"

static bool _listed(const struct btf_type *t)
{
	switch (btf_kind(t)) {
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_FUNC:
		return t->name_off != 0;
	default:
		return false;
	}
}

/* Types [@from, type count) of @btf that @want accepts, told to @fn. */
static int _each(const struct btf *btf, __u32 from, bool (*want)(const char *, void *),
		 name_fn fn, void *arg)
{
	__u32 i, n = btf__type_cnt(btf);
	int err = 0;

	for (i = from; !err && i < n; i++) {
		const struct btf_type *t = btf__type_by_id(btf, i);
		const char *name;

		if (!_listed(t))
			continue;
		name = btf__name_by_offset(btf, t->name_off);
		if (name && want(name, arg))
			err = fn(name, btf_kind(t) == BTF_KIND_ENUM64 ? BTF_KIND_ENUM : btf_kind(t),
				 arg);
	}
	return err;
}

/* Does any string of @m's table pass @want? Then its BTF is worth parsing. */
static bool _module_wanted(const struct kmod *m, bool (*want)(const char *, void *), void *arg)
{
	const char *p = m->strs, *end = m->strs + m->strs_len;

	for (; p && p < end; p += strnlen(p, end - p) + 1)
		if (*p && memchr(p, '\0', end - p) && want(p, arg))
			return true;
	return false;
}

int kernel__each_name(struct kernel *k, bool (*want)(const char *name, void *arg),
		      name_fn fn, void *arg)
{
	struct btf *mb;
	size_t i;
	int err = 0;

	if (k->released)
		return errmsg__set(-EINVAL, "cannot list the types of kernel %s: its type data "
				   "was released", k->release);
	if (k->base)
		err = _each(k->base, 1, want, fn, arg);
	err = err ?: kernel__read_modules(k);
	for (i = 0; !err && i < k->mods_cnt; i++) {
		struct kmod *m = &k->mods[i];

		err = kernel__module_raw(k, m);
		if (err || !m->raw || !_module_wanted(m, want, arg))
			continue;
		err = kernel__module_btf(k, m, &mb);
		if (!err && mb)
			err = _each(mb, btf__type_cnt(k->base), want, fn, arg);
	}
	return err;
}
