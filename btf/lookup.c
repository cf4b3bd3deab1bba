// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/btf.h>
#include <xxhash.h>

#include "../scanner/cache.h"
#include "../scanner/errmsg.h"
#include "../scanner/image.h"
#include "dwarf.h"
#include "kernel.h"
#include "lookup.h"

static const struct {
	const char *word;	/* how the user writes the kind */
	int kind;		/* BTF kind */
} query_kinds[] = {
	{ "struct", BTF_KIND_STRUCT }, { "union", BTF_KIND_UNION },
	{ "enum", BTF_KIND_ENUM }, { "typedef", BTF_KIND_TYPEDEF },
	{ "func", BTF_KIND_FUNC },
};

/* "struct" alone is a kind without a name, not a type called "struct". */
static bool _is_kind_word(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < sizeof(query_kinds) / sizeof(query_kinds[0]); i++)
		if (strlen(query_kinds[i].word) == n && !strncmp(s, query_kinds[i].word, n))
			return true;
	return false;
}

int type_query__parse(const char *s, struct type_query *q)
{
	const char *name = s + strspn(s, " \t");
	size_t i, n;

	memset(q, 0, sizeof(*q));
	for (i = 0; i < sizeof(query_kinds) / sizeof(query_kinds[0]); i++) {
		n = strlen(query_kinds[i].word);
		if (!strncmp(name, query_kinds[i].word, n) && (name[n] == ' ' || name[n] == '\t')) {
			q->kind = query_kinds[i].kind;
			name += n + strspn(name + n, " \t");
			break;
		}
	}
	n = strcspn(name, " \t");
	if (!n || name[n + strspn(name + n, " \t")] || _is_kind_word(name, n))
		return errmsg__set(-EINVAL, "bad type name '%s': expected NAME, struct NAME, "
				   "union NAME, enum NAME, typedef NAME or func NAME", s);
	q->name = strndup(name, n);
	if (q->name && asprintf(&q->spelled, "%s%s%s", q->kind ? query_kinds[i].word : "",
				q->kind ? " " : "", q->name) < 0)
		q->spelled = NULL;
	if (!q->name || !q->spelled) {
		type_query_release(q);
		return -ENOMEM;
	}
	return 0;
}

void type_query_release(struct type_query *q)
{
	free(q->name);
	free(q->spelled);
	q->name = q->spelled = NULL;
}

static bool _kind_matches(const struct type_query *q, const struct btf_type *t)
{
	int k = btf_kind(t);

	if (q->kind == BTF_KIND_ENUM)
		return k == BTF_KIND_ENUM || k == BTF_KIND_ENUM64;
	if (q->kind)
		return k == q->kind;
	return k == BTF_KIND_STRUCT || k == BTF_KIND_UNION || k == BTF_KIND_ENUM ||
	       k == BTF_KIND_ENUM64 || k == BTF_KIND_TYPEDEF || k == BTF_KIND_FUNC;
}

/* Rank of a kind for a bare NAME: a struct wins over a typedef of that name. */
static int _rank(const struct btf_type *t)
{
	switch (btf_kind(t)) {
	case BTF_KIND_STRUCT: return 0;
	case BTF_KIND_UNION: return 1;
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64: return 2;
	case BTF_KIND_TYPEDEF: return 3;
	default: return 4;
	}
}

static __u64 _mix_str(__u64 h, const char *s)
{
	while (s && *s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return (h ^ 0xff) * 1099511628211ULL;
}

/*
 * Size, and each member's name, offset and width (an enumerator's name and
 * value): equal for one layout, as the DWARF reader tells layouts apart.
 */
static __u64 _layout_sig(const struct btf *btf, const struct btf_type *t)
{
	__u64 h = (__u64)t->size << 32 | btf_vlen(t);
	__u16 i;

	for (i = 0; btf_is_composite(t) && i < btf_vlen(t); i++) {
		h = _mix_str(h, btf__name_by_offset(btf, btf_members(t)[i].name_off));
		h = (h ^ btf_member_bit_offset(t, i) ^ (__u64)btf_member_bitfield_size(t, i) << 40) *
		    1099511628211ULL;
	}
	for (i = 0; btf_is_enum(t) && i < btf_vlen(t); i++) {
		h = _mix_str(h, btf__name_by_offset(btf, btf_enum(t)[i].name_off));
		h = (h ^ (__u32)btf_enum(t)[i].val) * 1099511628211ULL;
	}
	for (i = 0; btf_is_enum64(t) && i < btf_vlen(t); i++) {
		h = _mix_str(h, btf__name_by_offset(btf, btf_enum64(t)[i].name_off));
		h = (h ^ btf_enum64_value(&btf_enum64(t)[i])) * 1099511628211ULL;
	}
	return h;
}

/*
 * Of two layouts of one name, is @t shown before @best? The largest comes
 * first, then the one with most members, then the first found: the rule
 * the DWARF reader follows too, so that both sources show the same one.
 */
static bool _shown_before(const struct btf_type *t, const struct btf_type *best)
{
	if (!btf_is_composite(t) && !btf_is_any_enum(t))
		return false;
	return t->size > best->size || (t->size == best->size && btf_vlen(t) > btf_vlen(best));
}

/*
 * The queries by name, so that one pass over a BTF's types answers all of
 * them: a spec of 100,000 names costs one pass, not 100,000. Chained
 * buckets of query indices; several queries may share a name ("struct x"
 * and "x").
 */
struct name_index {
	size_t *head;		/* per bucket: first query index + 1, 0 if none */
	size_t *next;		/* per query: next query index + 1 in its bucket */
	size_t mask;		/* buckets - 1, a power of two minus one */
	const struct type_query *qs;	/* the queries */
};

static size_t _name_hash(const char *s)
{
	return XXH3_64bits(s, strlen(s));
}

static int _index_init(struct name_index *x, const struct type_query *qs, size_t n)
{
	size_t i, b, cap = 16;

	while (cap < 2 * n)
		cap *= 2;
	x->head = calloc(cap, sizeof(*x->head));
	x->next = calloc(n ?: 1, sizeof(*x->next));
	x->mask = cap - 1;
	x->qs = qs;
	if (!x->head || !x->next)
		return -ENOMEM;
	for (i = n; i-- > 0;) {
		b = _name_hash(qs[i].name) & x->mask;
		x->next[i] = x->head[b];
		x->head[b] = i + 1;
	}
	return 0;
}

static void _index_release(struct name_index *x)
{
	free(x->head);
	free(x->next);
}

/* The first query named @name (index + 1), or 0; _index_next() walks on. */
static size_t _index_first(const struct name_index *x, const char *name)
{
	size_t i = x->head[_name_hash(name) & x->mask];

	while (i && strcmp(x->qs[i - 1].name, name))
		i = x->next[i - 1];
	return i;
}

static size_t _index_next(const struct name_index *x, size_t i)
{
	const char *name = x->qs[i - 1].name;

	for (i = x->next[i - 1]; i && strcmp(x->qs[i - 1].name, name); i = x->next[i - 1])
		;
	return i;
}

/* The best match so far of one query in one pass. */
struct scan_state {
	__u32 best;		/* type id, 0 if none */
	int rank;		/* _rank() of @best; 99 before any */
	unsigned int n_sigs;	/* distinct layouts seen at that rank */
	__u64 sigs[8];		/* their _layout_sig() */
};

/*
 * Type @i (@t) of @btf for query @st: as good a kind as the best so far?
 * Keep it, or of several layouts the one _shown_before() the others, and
 * count its layout.
 */
static void _scan_one(struct scan_state *st, const struct btf *btf, __u32 i,
		      const struct btf_type *t)
{
	__u64 sig;
	unsigned int k;

	if (_rank(t) > st->rank)
		return;
	if (_rank(t) < st->rank) {
		st->best = i;
		st->rank = _rank(t);
		st->n_sigs = 0;
	} else if (_shown_before(t, btf__type_by_id(btf, st->best))) {
		st->best = i;
	}
	sig = _layout_sig(btf, t);
	for (k = 0; k < st->n_sigs && st->sigs[k] != sig; k++)
		;
	if (k == st->n_sigs && st->n_sigs < 8)
		st->sigs[st->n_sigs++] = sig;
}

/*
 * Best matching type with ids in [from, to) for every query whose @want is
 * set (NULL: all), in one pass: @st[i].best, or 0. Split BTF is not
 * deduplicated across CUs of a module, so one name can have several
 * layouts (two struct vfio in vfio.ko); @st[i].n_sigs counts the distinct
 * ones.
 */
static void _scan_all(const struct btf *btf, __u32 from, __u32 to, const struct name_index *x,
		      const bool *want, struct scan_state *st)
{
	__u32 i;
	size_t q;

	for (i = from; i < to; i++) {
		const struct btf_type *t = btf__type_by_id(btf, i);
		const char *n;

		if (!t->name_off || (_rank(t) == 4 && !btf_is_func(t)))
			continue;
		n = btf__name_by_offset(btf, t->name_off);
		for (q = n ? _index_first(x, n) : 0; q; q = _index_next(x, q))
			if ((!want || want[q - 1]) && _kind_matches(&x->qs[q - 1], t))
				_scan_one(&st[q - 1], btf, i, t);
	}
}

static void _present(struct cell *c, const struct btf *btf, __u32 id, const char *module,
		     const char *path, const char *format);

/* Make cells present for the queries @st found in @btf; returns how many. */
static size_t _scan_present(struct scan_state *st, size_t n, struct cell *cells,
			    const struct btf *btf, const char *module, const char *path)
{
	size_t i, found = 0;

	for (i = 0; i < n; i++) {
		if (!st[i].best || cells[i].state == CELL_PRESENT)
			continue;
		_present(&cells[i], btf, st[i].best, module, path, "BTF");
		cells[i].layouts = st[i].n_sigs ?: 1;
		found++;
	}
	return found;
}

/* A fresh state for each of @n queries. */
static void _scan_reset(struct scan_state *st, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		st[i].best = 0;
		st[i].rank = 99;
		st[i].n_sigs = 0;
	}
}

/* Is NAME one of the NUL-terminated strings in [strs, strs + len)? */
static bool _has_string(const char *strs, size_t len, const char *name)
{
	size_t n = strlen(name);
	const char *p = strs, *end = strs + len;

	while (p && p < end && (p = memmem(p, end - p, name, n))) {
		if ((p == strs || p[-1] == '\0') && p + n < end && p[n] == '\0')
			return true;
		p++;
	}
	return false;
}

/* Below this many names, each is looked for in a string table with memmem. */
#define FEW_NAMES 32

/*
 * Set @mark for each of the @n queries of @x that a NUL-terminated string
 * of [strs, strs + len) names and that is still pending in @cells (NULL:
 * every query); returns how many were set. Few names are each searched for;
 * many are looked up while the strings are walked once.
 */
static size_t _mark_named(const char *strs, size_t len, const struct name_index *x, size_t n,
			  const struct cell *cells, bool *mark)
{
	const char *p = strs, *end = strs + len;
	size_t i, l, cnt = 0;

	if (n < FEW_NAMES) {
		for (i = 0; i < n; i++)
			if ((!cells || cells[i].state != CELL_PRESENT) && !mark[i] &&
			    _has_string(strs, len, x->qs[i].name))
				cnt += mark[i] = true;
		return cnt;
	}
	for (; p && p < end; p += l + 1) {
		l = strnlen(p, end - p);
		if (p + l == end)
			break;	/* not NUL-terminated: not a name */
		for (i = _index_first(x, p); i; i = _index_next(x, i))
			if ((!cells || cells[i - 1].state != CELL_PRESENT) && !mark[i - 1])
				cnt += mark[i - 1] = true;
	}
	return cnt;
}

/*
 * Which queries are named in vmlinux's string table? Split BTF names a type
 * with the base's string when the base has it (mdev.ko's static
 * create_store), so such a name is not in the module's own strings, and
 * any module may define it. Found in one walk of the table, and only when
 * a module without the cache's name index asks: the walk is a tenth of a
 * warm report.
 */
struct base_names {
	const struct btf *base;		/* vmlinux BTF, or NULL */
	const struct name_index *x;	/* the queries */
	size_t n;			/* how many */
	bool *in;			/* per query: named in the base's strings */
	bool done;			/* @in has been filled */
};

static const bool *_in_base(struct base_names *b)
{
	const struct btf_header *h;
	const char *raw;
	__u32 size;

	if (b->done)
		return b->in;
	b->done = true;
	raw = b->base ? btf__raw_data(b->base, &size) : NULL;
	if (!raw || size < sizeof(*h))
		return b->in;
	h = (const struct btf_header *)raw;
	if ((__u64)h->hdr_len + h->str_off + h->str_len > size)
		return b->in;
	_mark_named(raw + h->hdr_len + h->str_off, h->str_len, b->x, b->n, NULL, b->in);
	return b->in;
}

static void _present(struct cell *c, const struct btf *btf, __u32 id, const char *module,
		     const char *path, const char *format)
{
	c->state = CELL_PRESENT;
	c->btf = btf;
	c->id = id;
	c->module = module;
	c->path = path;
	c->format = format;
	c->layouts = 1;
}

/* Read size for the name prefilter; a name must be shorter than @overlap. */
#define FILTER_CHUNK ((size_t)4 << 20)
#define FILTER_OVERLAP 256

/*
 * Which pending queries does the file at @path name at all? A cheap test
 * before reading its DWARF: @want[i] is set for those whose name occurs.
 * The file is read in chunks, not mapped, so a 600 MB debug vmlinux does
 * not count against resident memory.
 */
static size_t _file_filter(const char *path, const struct type_query *qs, size_t n,
			   const struct cell *cells, bool *want)
{
	char *buf = malloc(FILTER_CHUNK + FILTER_OVERLAP);
	size_t i, cnt = 0, have = 0, keep, left = 0;
	off_t off = 0;
	ssize_t got;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	bool blind = dwarf__compressed(path);	/* its strings are not in its bytes */

	for (i = 0; i < n; i++) {
		want[i] = false;
		left += !blind && cells[i].state != CELL_PRESENT;
	}
	while (fd >= 0 && buf && left && (got = pread(fd, buf + have, FILTER_CHUNK, off)) > 0) {
		off += got;
		have += got;
		for (i = 0; i < n; i++) {
			if (want[i] || cells[i].state == CELL_PRESENT)
				continue;
			if (memmem(buf, have, qs[i].name, strlen(qs[i].name) + 1)) {
				want[i] = true;
				left--;
			}
		}
		/* Keep the tail: a name may straddle two chunks. */
		keep = have < FILTER_OVERLAP ? have : FILTER_OVERLAP;
		memmove(buf, buf + have - keep, keep);
		have = keep;
	}
	for (i = 0; i < n; i++) {
		/* Unreadable, or a name too long to straddle safely: ask the reader. */
		if (fd < 0 || !buf || blind || strlen(qs[i].name) + 1 >= FILTER_OVERLAP)
			want[i] = cells[i].state != CELL_PRESENT;
		cnt += want[i];
	}
	free(buf);
	if (fd >= 0)
		close(fd);
	return cnt;
}

/* Look the wanted queries up in the DWARF of @path, in one pass. */
static int _find_in_dwarf(struct kernel *k, const char *path, const char *module,
			  const struct type_query *qs, size_t n, struct cell *cells)
{
	struct type_query *sub = calloc(n ?: 1, sizeof(*sub));
	struct dwarf_hit *hits = calloc(n ?: 1, sizeof(*hits));
	bool *want = calloc(n ?: 1, sizeof(*want));
	size_t i, m = 0, *idx = calloc(n ?: 1, sizeof(*idx));
	struct btf *btf = NULL;
	int err = sub && hits && want && idx ? 0 : -ENOMEM;

	if (!err && _file_filter(path, qs, n, cells, want)) {
		for (i = 0; i < n; i++)
			if (want[i]) {
				idx[m] = i;
				sub[m++] = qs[i];
			}
		err = dwarf_cache__find_types(k->cache, path, sub, m, k->progress, &btf, hits);
		err = err ?: btf ? kernel__own_btf(k, btf) : 0;
		for (i = 0; !err && i < m; i++) {
			if (!hits[i].layouts)
				continue;
			_present(&cells[idx[i]], btf, hits[i].ids[0], module, path, "DWARF");
			cells[idx[i]].layouts = hits[i].layouts;
			cells[idx[i]].cus = hits[i].cus;
		}
	}
	free(sub);
	free(hits);
	free(want);
	free(idx);
	return err;
}

/* A debug file must be for the same machine and build as its module. */
static int _check_debug(struct kmod *m)
{
	struct elf_id id;
	int err;

	if (m->debug_checked)
		return m->debug_err;
	m->debug_checked = true;
	err = image__elf_id(m->debug_path, &id);
	if (!err && m->e_machine && id.e_machine != m->e_machine)
		err = errmsg__set(-EINVAL, "cannot use '%s': its DWARF is for another machine "
				  "than '%s'", m->debug_path, m->path);
	else if (!err && m->build_id_len && id.build_id_len &&
		 (id.build_id_len != m->build_id_len ||
		  memcmp(id.build_id, m->build_id, id.build_id_len)))
		err = errmsg__set(-EINVAL, "cannot use '%s': its build-id does not match '%s' "
				  "(debug file of another build)", m->debug_path, m->path);
	m->debug_err = err;
	return err;
}

/*
 * What the name index of a kernel's cache entry says about the queries: the
 * modules that may define each, as (module << 32 | query) pairs sorted by
 * module. @on is false without an index.
 */
struct defining {
	uint64_t *pairs;	/* module << 32 | query index, sorted */
	size_t cnt;		/* entries in @pairs */
	size_t cap;		/* allocated entries */
	bool on;		/* the kernel's entry has a name index */
};

static int _cmp_pair(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static int _defining_init(const struct kernel *k, const struct type_query *qs, size_t n,
			  struct defining *d)
{
	uint32_t *mods;
	uint64_t *p;
	size_t i, j, cnt;
	int err = 0;

	memset(d, 0, sizeof(*d));
	if (!k->cached || !k->cached->names)
		return 0;
	d->on = true;
	for (i = 0; !err && i < n; i++) {
		err = cache_entry__defining(k->cached, qs[i].name, &mods, &cnt);
		if (!err && d->cnt + cnt > d->cap) {
			d->cap = 2 * (d->cnt + cnt);
			p = realloc(d->pairs, d->cap * sizeof(*p));
			if (p)
				d->pairs = p;
			else
				err = -ENOMEM;
		}
		for (j = 0; !err && j < cnt; j++)
			d->pairs[d->cnt++] = (uint64_t)mods[j] << 32 | i;
		free(mods);
	}
	if (!err && d->cnt)
		qsort(d->pairs, d->cnt, sizeof(*d->pairs), _cmp_pair);
	return err;
}

/* The queries indexed module @mod may define: set in @want if pending; returns how many. */
static size_t _indexed_wants(const struct defining *d, size_t mod, size_t n,
			     const struct cell *cells, bool *want)
{
	size_t lo = 0, hi = d->cnt, mid, i, cnt = 0;

	memset(want, 0, n * sizeof(*want));
	while (lo < hi) {	/* the first pair of @mod */
		mid = lo + (hi - lo) / 2;
		if (d->pairs[mid] >> 32 < mod)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < d->cnt && d->pairs[lo] >> 32 == mod; lo++) {
		i = (uint32_t)d->pairs[lo];
		if (cells[i].state != CELL_PRESENT && !want[i])
			cnt += want[i] = true;
	}
	return cnt;
}

/*
 * Which pending queries may module @m define? With the cache's name index,
 * those it says; else those the module's string table names, and those
 * named in vmlinux's (@bn). Sets @want and *@cnt.
 */
static int _module_wants(struct kernel *k, struct kmod *m, const struct name_index *x, size_t n,
			 const struct defining *d, struct base_names *bn, const struct cell *cells,
			 bool *want, size_t *cnt)
{
	const bool *in_base;
	size_t i;
	int err;

	*cnt = 0;
	if (d->on && cache_entry__indexed(k->cached, m - k->mods)) {
		*cnt = _indexed_wants(d, m - k->mods, n, cells, want);
		return 0;
	}
	err = kernel__module_raw(k, m);
	if (err || !m->raw)
		return err;
	in_base = _in_base(bn);
	for (i = 0; i < n; i++) {
		want[i] = cells[i].state != CELL_PRESENT && in_base[i];
		*cnt += want[i];
	}
	*cnt += _mark_named(m->strs, m->strs_len, x, n, cells, want);
	return 0;
}

/* Look the pending queries up in module @m; *@found counts those now present. */
static int _find_in_module(struct kernel *k, struct kmod *m, const struct name_index *x,
			   size_t n, const struct defining *d, struct base_names *bn,
			   struct cell *cells, struct scan_state *st, bool *want, size_t *found)
{
	struct btf *btf;
	size_t i, cnt;
	int err;

	*found = 0;
	if (m->bad)
		return 0;	/* unreadable: its types are no-data (_not_found) */
	if (m->debug_path && (!m->raw_size || !k->base || k->prefer_dwarf)) {
		err = _check_debug(m) ?: _find_in_dwarf(k, m->debug_path, m->name, x->qs, n,
							 cells);
		if (err)
			return kernel__module_bad(k, m, err);	/* its types: no-data */
		for (i = 0; i < n; i++)
			*found += cells[i].state == CELL_PRESENT && cells[i].path == m->debug_path;
		return err;
	}
	if (m->raw_size && !k->base)
		return kernel__module_btf(k, m, &btf);	/* says a base is needed */
	if (!m->raw_size)
		return 0;
	err = _module_wants(k, m, x, n, d, bn, cells, want, &cnt);
	err = err ?: cnt ? kernel__module_btf(k, m, &btf) : 0;
	if (err || !cnt || !btf)
		return err;
	_scan_reset(st, n);
	_scan_all(btf, btf__type_cnt(k->base), btf__type_cnt(btf), x, want, st);
	*found = _scan_present(st, n, cells, btf, m->name, m->path);
	return 0;
}

/* Module @name ("vfio", "vfio_pci_core": .modinfo spelling) of @k, or NULL. */
static struct kmod *_module_named(struct kernel *k, const char *name, size_t n)
{
	size_t i, j;

	for (i = 0; i < k->mods_cnt; i++) {
		const char *m = k->mods[i].name;

		for (j = 0; j < n && m[j] && (m[j] == name[j] || (strchr("-_", m[j]) &&
							       strchr("-_", name[j]))); j++)
			;
		if (j == n && !m[j])
			return &k->mods[i];
	}
	return NULL;
}

/*
 * Credit a type found in a module to the module that defines it. Every
 * module using a type that vmlinux lacks carries a copy in its BTF (or
 * DWARF), and the first one found (by path) can be any user of it: i915
 * for vfio_device_ops. The module that defines it is the one whose
 * dependencies (.modinfo depends=) hold no copy: walk up from the user
 * while a dependency has one.
 */
static int _credit(struct kernel *k, const struct type_query *q, struct cell *c)
{
	struct kmod *m = NULL, *d;
	struct name_index x = { 0 };
	bool in_base = false;
	struct base_names bn = { .base = k->base, .x = &x, .n = 1, .in = &in_base };
	struct defining defs = { 0 };
	struct scan_state st;
	struct cell dc;
	unsigned int hops;
	const char *p, *e;
	size_t i, found;
	bool want;
	int err = _index_init(&x, q, 1) ?: _defining_init(k, q, 1, &defs);

	for (i = 0; i < k->mods_cnt && c->module; i++)
		if (k->mods[i].name == c->module)
			m = &k->mods[i];
	for (hops = 0; !err && m && m->depends && hops < 64; hops++) {
		for (p = m->depends, m = NULL; !err && !m && *p; p = *e ? e + 1 : e) {
			e = p + strcspn(p, ",");
			d = _module_named(k, p, e - p);
			/* Only modules with type data; a lone module's BTF needs a base. */
			if (!d || (!d->debug_path && (!d->raw_size || !k->base)))
				continue;
			memset(&dc, 0, sizeof(dc));
			dc.state = CELL_ABSENT;
			err = _find_in_module(k, d, &x, 1, &defs, &bn, &dc, &st, &want,
					      &found);
			if (!err && dc.state == CELL_PRESENT) {
				*c = dc;
				m = d;
			}
		}
	}
	_index_release(&x);
	free(defs.pairs);
	return err;
}

/* Modules whose types cannot be known: no BTF (or no base for it), no DWARF. */
static size_t _modules_without_data(const struct kernel *k)
{
	size_t i, n = 0;

	for (i = 0; i < k->mods_cnt; i++)
		n += k->mods[i].bad || (!k->mods[i].debug_path && (!k->mods[i].raw_size || !k->base));
	return n;
}

/* A type found nowhere: absent, or no-data if it could hide where nothing was read. */
static void _not_found(const struct kernel *k, size_t nodata, struct cell *c)
{
	if (k->no_modules) {
		/* Not in vmlinux, and the modules cannot be looked at. */
		c->state = CELL_NODATA;
		snprintf(c->reason, sizeof(c->reason), "not in vmlinux; no modules found "
			 "(no /lib/modules/%s)", k->release);
	} else if (!k->base && k->vmlinux_debug_bad) {
		c->state = CELL_NODATA;
		snprintf(c->reason, sizeof(c->reason), "%s", k->mods_cnt ?
			 "not in the modules; the debug vmlinux could not be read" :
			 "the debug vmlinux could not be read");
	} else if (!k->base && !k->vmlinux_debug) {
		c->state = CELL_NODATA;
		snprintf(c->reason, sizeof(c->reason), "%s", k->vmlinux_path ?
			 "vmlinux carries no BTF and no debug vmlinux was found" :
			 "kernel has no type data: no BTF or DWARF found");
	} else if (nodata && k->mods_bad) {
		/* The module that holds it may be the one that could not be read. */
		c->state = CELL_NODATA;
		snprintf(c->reason, sizeof(c->reason), "not in vmlinux; %zu of %zu modules could "
			 "not be read%s, and may hold it", k->mods_bad, k->mods_cnt,
			 nodata > k->mods_bad ? " or carry no BTF or DWARF" : "");
	} else if (nodata) {
		c->state = CELL_NODATA;
		snprintf(c->reason, sizeof(c->reason), "not in vmlinux; %zu of %zu modules "
			 "carry no BTF or DWARF", nodata, k->mods_cnt);
	}
}

static size_t _count_present(const struct cell *cells, size_t n)
{
	size_t i, cnt = 0;

	for (i = 0; i < n; i++)
		cnt += cells[i].state == CELL_PRESENT;
	return cnt;
}

/* A caller's mistake, said rather than answered with "absent". */
static int _released(const struct kernel *k)
{
	return errmsg__set(-EINVAL, "cannot look types up in kernel %s: its type data was "
			   "released", k->release);
}

int kernel__find_types(struct kernel *k, const struct type_query *qs, size_t n,
		       struct cell *cells)
{
	struct scan_state *st = calloc(n ?: 1, sizeof(*st));
	bool *want = calloc(n ?: 1, sizeof(*want));
	bool *in_base = calloc(n ?: 1, sizeof(*in_base));
	struct name_index x = { 0 };
	struct defining defs = { 0 };
	struct base_names bn = { .base = k->base, .x = &x, .n = n, .in = in_base };
	size_t i, nodata, pending, found;
	int err = st && want && in_base ? _index_init(&x, qs, n) : -ENOMEM;
	struct elf_id id;
	bool dwarf;

	if (!err && k->released)
		err = _released(k);
	memset(cells, 0, n * sizeof(*cells));
	for (i = 0; i < n; i++)
		cells[i].state = CELL_ABSENT;
	/* A module file named alone: its own static create_store, not vmlinux's. */
	if (!err && k->module_first) {
		err = kernel__read_modules(k);
		for (i = 0; !err && i < k->mods_cnt; i++)
			err = _find_in_module(k, &k->mods[i], &x, n, &defs, &bn, cells, st,
					      want, &found);
	}
	dwarf = k->vmlinux_debug && !k->vmlinux_debug_bad && (!k->base || k->prefer_dwarf);
	if (!err && dwarf) {
		err = image__elf_id(k->vmlinux_debug, &id) ?:
		      _find_in_dwarf(k, k->vmlinux_debug, NULL, qs, n, cells);
		/* Set aside, it leaves the BTF, if any, or no-data. */
		if (err && !(err = kernel__vmlinux_debug_bad(k, err)))
			dwarf = false;
	}
	if (!err && !dwarf && k->base) {
		_scan_reset(st, n);
		_scan_all(k->base, 1, btf__type_cnt(k->base), &x, NULL, st);
		_scan_present(st, n, cells, k->base, NULL, k->vmlinux_path);
	}
	err = err ?: kernel__read_modules(k);
	pending = err ? 0 : n - _count_present(cells, n);
	if (pending)
		err = _defining_init(k, qs, n, &defs);
	for (i = 0; !err && pending && i < k->mods_cnt; i++) {
		err = _find_in_module(k, &k->mods[i], &x, n, &defs, &bn, cells, st, want,
				      &found);
		pending -= found;
	}
	for (i = 0; !err && i < n; i++)
		if (cells[i].state == CELL_PRESENT && cells[i].module)
			err = _credit(k, &qs[i], &cells[i]);
	_index_release(&x);
	free(defs.pairs);
	free(st);
	free(want);
	free(in_base);
	if (err)
		return err;
	nodata = _modules_without_data(k);
	for (i = 0; i < n; i++)
		if (cells[i].state != CELL_PRESENT)
			_not_found(k, nodata, &cells[i]);
	return 0;
}

int kernel__find_type(struct kernel *k, const struct type_query *q, struct cell *c)
{
	return kernel__find_types(k, q, 1, c);
}
