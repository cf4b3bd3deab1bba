// SPDX-License-Identifier: GPL-2.0
/*
 * Grouping, as in the reference report:
 *   Regular        baseline arch (amd64) with the generic flavour, by version;
 *                  each present version is compared with the next present one
 *   Architectures  generic flavour of other arches, each compared with the
 *                  baseline arch at the same version
 *   Flavours       every other flavour, compared with generic at the same
 *                  version and arch
 * A partner of the same build ("6.12.117+deb13") is preferred to another
 * build of the same version.
 */
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/btf.h>

#include "../scanner/errmsg.h"
#include "../scanner/release.h"
#include "../scanner/workers.h"
#include "copy.h"
#include "datamodel.h"
#include "kernel.h"
#include "matrix.h"
#include "render.h"

static enum mx_group _group(const struct kernel *k, const char *base_arch)
{
	if (strcmp(k->flavour, "generic"))
		return MX_FLAVOUR;
	return strcmp(k->arch, base_arch) ? MX_ARCH : MX_REGULAR;
}

/* Display order: group, then arch or flavour, then version, then release. */
static int _cmp_kernels(const void *pa, const void *pb)
{
	const struct mx_kernel *a = pa, *b = pb;
	int c = (int)a->group - (int)b->group;

	if (!c && a->group == MX_ARCH)
		c = strcmp(a->k->arch, b->k->arch);
	if (!c && a->group == MX_FLAVOUR)
		c = strcmp(a->k->flavour, b->k->flavour);
	if (!c)
		c = release__cmp(a->k->version, b->k->version);
	if (!c && a->group == MX_FLAVOUR)
		c = strcmp(a->k->arch, b->k->arch);
	return c ?: release__cmp(a->k->release, b->k->release);
}

static const char *_short_label(const struct mx_kernel *x)
{
	switch (x->group) {
	case MX_REGULAR: return x->k->version[0] ? x->k->version : x->k->release;
	case MX_ARCH: return x->k->arch;
	default: return x->k->flavour;
	}
}

/* Short labels, or the release where a short label would repeat. */
static int _label(struct matrix *m)
{
	size_t i, j;

	for (i = 0; i < m->kernels_cnt; i++) {
		const char *l = _short_label(&m->kernels[i]);
		bool dup = false;

		for (j = 0; j < m->kernels_cnt && !dup; j++)
			dup = j != i && m->kernels[j].group == m->kernels[i].group &&
			      !strcmp(_short_label(&m->kernels[j]), l);
		m->kernels[i].label = strdup(dup ? m->kernels[i].k->release : l);
		if (!m->kernels[i].label)
			return -ENOMEM;
	}
	return 0;
}

/* The generic kernel @x is compared with: same version, and arch if asked. */
static long _find_partner(const struct matrix *m, size_t x, const char *arch)
{
	const struct kernel *k = m->kernels[x].k;
	char bx[64], by[64];
	long best = -1;
	size_t i;

	release__build(k->release, bx, sizeof(bx));
	for (i = 0; i < m->kernels_cnt; i++) {
		const struct kernel *y = m->kernels[i].k;

		if (i == x || strcmp(y->flavour, "generic") || strcmp(y->arch, arch) ||
		    strcmp(y->version, k->version))
			continue;
		release__build(y->release, by, sizeof(by));
		if (best < 0 || !strcmp(bx, by))
			best = i;
		if (!strcmp(bx, by))
			break;
	}
	return best;
}

/*
 * Partners, and how they are named: "amd64" or "generic" when every
 * comparison of a group is with the same kernel, else as that kernel's
 * cell is labelled ("6.1 and arm64", never a third name for it).
 */
static int _partners(struct matrix *m)
{
	long shared[3] = { -2, -2, -2 };
	size_t i;

	for (i = 0; i < m->kernels_cnt; i++) {
		struct mx_kernel *x = &m->kernels[i];

		x->partner = x->group == MX_REGULAR ? -1 :
			     _find_partner(m, i, x->group == MX_ARCH ? m->base_arch : x->k->arch);
		if (x->partner >= 0)
			shared[x->group] = shared[x->group] == -2 || shared[x->group] ==
					   x->partner ? x->partner : -1;
	}
	for (i = 0; i < m->kernels_cnt; i++) {
		struct mx_kernel *x = &m->kernels[i];
		const struct kernel *p;

		if (x->partner < 0)
			continue;
		p = m->kernels[x->partner].k;
		x->partner_label = strdup(shared[x->group] < 0 ? m->kernels[x->partner].label :
					  x->group == MX_ARCH ? p->arch : p->flavour);
		if (!x->partner_label)
			return -ENOMEM;
	}
	return 0;
}

static int _add_cmp(struct mx_type *t, const struct matrix *m, size_t a, size_t b,
		    enum mx_group g)
{
	static const struct abi_opts opts = { .recurse = false, .alloc = false };
	const struct cell *ca = &t->cells[a], *cb = &t->cells[b];
	struct mx_comparison *c = realloc(t->cmps, (t->cmps_cnt + 1) * sizeof(*c));
	int err;

	if (!c)
		return -ENOMEM;
	t->cmps = c;
	c = &t->cmps[t->cmps_cnt++];
	memset(c, 0, sizeof(*c));
	c->a = a;
	c->b = b;
	c->group = g;
	c->label_a = g == MX_REGULAR ? m->kernels[a].label : m->kernels[b].partner_label;
	c->label_b = m->kernels[b].label;
	err = abi__compare(ca->btf, ca->id, cb->btf, cb->id, &opts, &c->changes);
	if (!err && c->changes.cnt) {
		c->model = datamodel__explains(ca->btf, ca->id, cb->btf, cb->id);
		if (c->model)
			abi_changes_release(&c->changes);
	}
	return err;
}

static int _compare(const struct matrix *m, struct mx_type *t)
{
	long prev = -1;
	size_t i;
	int err = 0;

	for (i = 0; !err && i < m->kernels_cnt; i++) {
		const struct mx_kernel *x = &m->kernels[i];

		if (!t->renders[i])
			continue;
		if (x->group == MX_REGULAR) {
			if (prev >= 0)
				err = _add_cmp(t, m, prev, i, MX_REGULAR);
			prev = i;
		} else if (x->partner >= 0 && t->renders[x->partner]) {
			err = _add_cmp(t, m, x->partner, i, x->group);
		}
	}
	return err;
}

static const char *_base_arch(struct kernel **ks, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(ks[i]->arch, "amd64"))
			return "amd64";
	return n ? ks[0]->arch : "amd64";
}

int matrix__new(char **names, size_t names_cnt, size_t ks_cnt, struct matrix **out)
{
	struct matrix *m = calloc(1, sizeof(*m));
	size_t i;
	int err = 0;

	*out = NULL;
	if (!m)
		return -ENOMEM;
	m->kernels = calloc(ks_cnt ?: 1, sizeof(*m->kernels));
	m->types = calloc(names_cnt ?: 1, sizeof(*m->types));
	m->own = calloc(ks_cnt ?: 1, sizeof(*m->own));
	m->kernels_cnt = ks_cnt;
	if (!m->kernels || !m->types || !m->own)
		err = -ENOMEM;
	for (i = 0; !err && i < names_cnt; i++) {
		struct mx_type *t = &m->types[m->types_cnt++];

		err = type_query__parse(names[i], &t->q);
		t->cells = calloc(ks_cnt ?: 1, sizeof(*t->cells));
		t->renders = calloc(ks_cnt ?: 1, sizeof(*t->renders));
		if (!err && (!t->cells || !t->renders))
			err = -ENOMEM;
	}
	if (err) {
		matrix__free(m);
		return err;
	}
	*out = m;
	return 0;
}

int matrix__lookup(struct matrix *m, size_t i, struct kernel *k)
{
	struct type_query *qs = calloc(m->types_cnt ?: 1, sizeof(*qs));
	struct cell *cells = calloc(m->types_cnt ?: 1, sizeof(*cells));
	size_t j;
	int err = qs && cells ? 0 : -ENOMEM;

	for (j = 0; !err && j < m->types_cnt; j++)
		qs[j] = m->types[j].q;
	/* All names at once: a DWARF file is read in one pass for all of them. */
	err = err ?: kernel__find_types(k, qs, m->types_cnt, cells);
	for (j = 0; !err && j < m->types_cnt; j++) {
		struct mx_type *t = &m->types[j];

		t->cells[i] = cells[j];
		if (t->cells[i].state == CELL_PRESENT)
			err = render__type(t->cells[i].btf, t->cells[i].id, &t->renders[i]);
		if (err == -ELOOP)
			err = errmsg__set(err, "cannot render '%s' in '%s': its declarators nest "
					  "deeper than any C type, or loop", t->q.spelled, k->release);
	}
	free(qs);
	free(cells);
	return err;
}

/*
 * *@s, borrowed from a kernel, as a string @o owns: one copy per string
 * (@from[k] is what @o->strs[k] copies), as most cells name vmlinux.
 */
static int _own_str(struct mx_own *o, const char **from, const char **s)
{
	char **p;
	size_t k;

	if (!*s)
		return 0;
	for (k = 0; k < o->strs_cnt && from[k] != *s; k++)
		;
	if (k == o->strs_cnt) {
		p = realloc(o->strs, (k + 1) * sizeof(*p));
		if (!p)
			return -ENOMEM;
		o->strs = p;
		from[k] = *s;
		if (!(o->strs[k] = strdup(*s)))
			return -ENOMEM;
		o->strs_cnt++;
	}
	*s = o->strs[k];
	return 0;
}

int matrix__detach(struct matrix *m, size_t i, const struct kernel *k)
{
	struct btf_ref *refs = calloc(m->types_cnt ?: 1, sizeof(*refs));
	__u32 *ids = calloc(m->types_cnt ?: 1, sizeof(*ids));
	/* Two names per cell at most: its module and its file. */
	const char **from = calloc(2 * m->types_cnt ?: 1, sizeof(*from));
	struct mx_own *o = &m->own[i];
	size_t j, n = 0;
	int err = refs && ids && from ? 0 : -ENOMEM;

	for (j = 0; !err && j < m->types_cnt; j++)
		if (m->types[j].cells[i].state == CELL_PRESENT)
			refs[n++] = (struct btf_ref){ m->types[j].cells[i].btf,
						      m->types[j].cells[i].id };
	if (!err && n)
		err = btf_copy__closure(refs, n, &o->btf, ids);
	for (j = 0, n = 0; !err && j < m->types_cnt; j++) {
		struct cell *c = &m->types[j].cells[i];

		if (c->state != CELL_PRESENT)
			continue;
		c->btf = o->btf;
		c->id = ids[n++];
		err = _own_str(o, from, &c->module) ?: _own_str(o, from, &c->path);
	}
	if (err && err != -ENOMEM)
		err = errmsg__set(err, "cannot copy the types found in '%s': %s", k->release,
				  err == -ELOOP ? "they nest deeper than any C type, or loop" :
				  "invalid BTF");
	free(refs);
	free(ids);
	free(from);
	return err;
}

/* Put every type's cells and renderings in display order, as the kernels. */
static int _reorder(struct matrix *m)
{
	struct rendering **r = calloc(m->kernels_cnt ?: 1, sizeof(*r));
	struct cell *c = calloc(m->kernels_cnt ?: 1, sizeof(*c));
	size_t i, j;

	if (!r || !c) {
		free(r);
		free(c);
		return -ENOMEM;
	}
	for (j = 0; j < m->types_cnt; j++) {
		struct mx_type *t = &m->types[j];

		for (i = 0; i < m->kernels_cnt; i++) {
			c[i] = t->cells[m->kernels[i].input];
			r[i] = t->renders[m->kernels[i].input];
		}
		memcpy(t->cells, c, m->kernels_cnt * sizeof(*c));
		memcpy(t->renders, r, m->kernels_cnt * sizeof(*r));
	}
	free(r);
	free(c);
	return 0;
}

/* The comparisons of a matrix, type by type, shared by its threads. */
struct cmp_job {
	struct matrix *m;
	pthread_mutex_t lock;	/* guards @next */
	size_t next;		/* the next type to compare */
	int *errs;		/* per type: its error */
	char (*msgs)[1024];	/* per type: its error's message (errmsg is per thread) */
};

static void *_cmp_worker(void *arg)
{
	struct cmp_job *j = arg;
	size_t i;

	for (;;) {
		pthread_mutex_lock(&j->lock);
		i = j->next++;
		pthread_mutex_unlock(&j->lock);
		if (i >= j->m->types_cnt)
			return NULL;
		j->errs[i] = _compare(j->m, &j->m->types[i]);
		if (j->errs[i])
			snprintf(j->msgs[i], sizeof(j->msgs[i]), "%s",
				 errmsg__get() ?: strerror(-j->errs[i]));
	}
}

/*
 * Compare every type's cells on up to @jobs threads (workers__run): each
 * type's comparisons are its own, and the BTF they read is only read. The
 * error is that of the first failing type in order, as on one thread.
 */
static int _compare_all(struct matrix *m, int jobs)
{
	struct cmp_job j = { .m = m, .lock = PTHREAD_MUTEX_INITIALIZER };
	size_t i;
	int err = 0;

	j.errs = calloc(m->types_cnt ?: 1, sizeof(*j.errs));
	j.msgs = calloc(m->types_cnt ?: 1, sizeof(*j.msgs));
	if (j.errs && j.msgs)
		workers__run(_cmp_worker, &j, jobs, m->types_cnt);
	else
		err = -ENOMEM;
	for (i = 0; !err && i < m->types_cnt; i++)
		if (j.errs[i])
			err = j.errs[i] == -ENOMEM ? -ENOMEM : errmsg__set(j.errs[i], "%s", j.msgs[i]);
	pthread_mutex_destroy(&j.lock);
	free(j.errs);
	free(j.msgs);
	return err;
}

int matrix__finish(struct matrix *m, struct kernel **ks, int jobs)
{
	size_t i;
	int err = 0;

	m->base_arch = _base_arch(ks, m->kernels_cnt);
	for (i = 0; i < m->kernels_cnt; i++) {
		m->kernels[i].k = ks[i];
		m->kernels[i].input = i;
		m->kernels[i].group = _group(ks[i], m->base_arch);
	}
	qsort(m->kernels, m->kernels_cnt, sizeof(*m->kernels), _cmp_kernels);
	err = _reorder(m);
	err = err ?: _label(m);
	err = err ?: _partners(m);
	return err ?: _compare_all(m, jobs);
}

int matrix__build(struct kernel **ks, size_t ks_cnt, char **names, size_t names_cnt,
		  struct matrix **out)
{
	struct matrix *m;
	size_t i;
	int err = matrix__new(names, names_cnt, ks_cnt, &m);

	for (i = 0; !err && i < ks_cnt; i++)
		err = matrix__lookup(m, i, ks[i]);
	err = err ?: matrix__finish(m, ks, 1);
	if (err) {
		matrix__free(m);
		return err;
	}
	*out = m;
	return 0;
}

size_t matrix__column(const struct matrix *m, size_t input)
{
	size_t i;

	for (i = 0; i < m->kernels_cnt && m->kernels[i].input != input; i++)
		;
	return i;
}

void matrix__free(struct matrix *m)
{
	size_t i, j;

	if (!m)
		return;
	for (i = 0; i < m->types_cnt; i++) {
		struct mx_type *t = &m->types[i];

		for (j = 0; t->renders && j < m->kernels_cnt; j++)
			rendering__free(t->renders[j]);
		for (j = 0; j < t->cmps_cnt; j++)
			abi_changes_release(&t->cmps[j].changes);
		free(t->cmps);
		for (j = 0; t->near && j < m->kernels_cnt; j++)
			free(t->near[j].name);
		free(t->near);
		free(t->renders);
		free(t->cells);
		type_query_release(&t->q);
	}
	for (i = 0; i < m->kernels_cnt; i++) {
		free(m->kernels[i].label);
		free(m->kernels[i].partner_label);
		for (j = 0; m->own && j < m->own[i].strs_cnt; j++)
			free(m->own[i].strs[j]);
		if (m->own) {
			btf__free(m->own[i].btf);
			free(m->own[i].strs);
		}
	}
	free(m->own);
	free(m->types);
	free(m->kernels);
	free(m);
}

const struct mx_type *matrix__missing(const struct matrix *m, size_t *pos, size_t *absent,
				     size_t *nodata)
{
	size_t i, j, present;

	for (i = *pos; i < m->types_cnt; i++) {
		present = *absent = *nodata = 0;
		for (j = 0; j < m->kernels_cnt; j++) {
			present += m->types[i].cells[j].state == CELL_PRESENT;
			*absent += m->types[i].cells[j].state == CELL_ABSENT;
			*nodata += m->types[i].cells[j].state == CELL_NODATA;
		}
		if (!present) {
			*pos = i + 1;
			return &m->types[i];
		}
	}
	*pos = m->types_cnt;
	return NULL;
}
