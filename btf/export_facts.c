// SPDX-License-Identifier: GPL-2.0
/* Export facts for the compat header (kabiscan-header(1), KABI_EXPORTED_). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/btf.h>

#include "../scanner/errmsg.h"
#include "export_facts.h"
#include "exports.h"
#include "facts.h"
#include "matrix.h"

static bool _plain(const char *s)
{
	return strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_:,.-*") ==
	       strlen(s);
}

int export_facts__add(const char *name, const struct kexports *k, struct fact_list *out)
{
	const struct export *e = exports__find(&k->ex, name);
	char *upper = facts__macro_name(name), *ns = NULL;
	int err;

	if (!upper)
		return -ENOMEM;
	if (e && e->ns[0] && !_plain(e->ns)) {
		free(upper);
		return errmsg__set(-EINVAL, "cannot make a header for %s: the namespace of '%s' is "
				   "not a plain name", k->release, name);
	}
	err = fact_list__add(out, false, e ? "1" : "0", "KABI_EXPORTED_%s", upper);
	err = err ?: fact_list__add(out, false, e && e->gpl ? "1" : "0", "KABI_EXPORT_GPL_%s",
				    upper);
	if (!err && e && e->ns[0])
		err = asprintf(&ns, "\"%s\"", e->ns) < 0 ? -ENOMEM :
		      fact_list__add(out, false, ns, "KABI_EXPORT_NS_%s", upper);
	free(ns);
	free(upper);
	return err;
}

void export_facts__mark_cells(struct matrix *m, const struct kexports *ks)
{
	size_t t, k;

	for (t = 0; t < m->types_cnt; t++)
		for (k = 0; m->types[t].q.kind == BTF_KIND_FUNC && k < m->kernels_cnt; k++) {
			struct cell *c = &m->types[t].cells[k];

			if (!ks[k].release || c->state != CELL_PRESENT)
				continue;
			c->export = exports__find(&ks[k].ex, m->types[t].q.name);
			c->export_known = true;
		}
}

bool export_facts__has_funcs(const struct matrix *m)
{
	size_t t;

	for (t = 0; t < m->types_cnt; t++)
		if (m->types[t].q.kind == BTF_KIND_FUNC)
			return true;
	return false;
}
