// SPDX-License-Identifier: GPL-2.0
/*
 * Finding named types in DWARF: one pass over the compilation units, looking
 * only at their top-level DIEs (types and functions are defined there in C,
 * so the children of everything else are skipped), for all wanted names at
 * once. A name no CU defines at its top level may be defined inside a
 * function body ("struct syscall_tp_t" in perf_call_bpf_enter): a second
 * pass then descends into the subprograms of the CUs whose bytes mention it
 * (dwarf_filter.c), and no others. What is found is handed to
 * dwarf_encode.c to become BTF.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/btf.h>
#include <libdwarf/dwarf.h>
#include <libdwarf/libdwarf.h>

#include "../scanner/errmsg.h"

#include "dwarf.h"
#include "dwarf_priv.h"
#include "lookup.h"

/* The definitions of one name found so far, in CU order. */
struct finds {
	int rank;		/* best kind rank seen (struct < union < enum < ...) */
	Dwarf_Off offs[DWARF_MAX_LAYOUTS];	/* one DIE per distinct layout */
	__u64 sigs[DWARF_MAX_LAYOUTS];	/* their layout signatures */
	__u64 sizes[DWARF_MAX_LAYOUTS];	/* their byte sizes */
	unsigned int members[DWARF_MAX_LAYOUTS];	/* their members (enumerators, ...) */
	unsigned int layouts;	/* used entries; [0] is the one shown first */
	unsigned int cus;	/* CUs defining the name */
	unsigned long last_cu;	/* number of the CU that last defined it, from 1 */
};

/* The wanted DIEs of one query. */
struct root_scan {
	const struct type_query *q;	/* what is wanted */
	struct finds top;	/* at a CU's top level */
	struct finds local;	/* in function bodies; used only if @top is empty */
	struct finds decl;	/* enums only declared at top level; used if both are */
	long next_same;		/* next scan with the same name hash, or -1 */
};

/* All queries of one pass, found by name through a small hash table. */
struct scan_set {
	struct root_scan *scans;	/* one per query */
	size_t n;		/* entries in @scans */
	long *heads;		/* hash bucket -> first scan, -1 if none */
	size_t buckets;		/* a power of two */
	unsigned long cu;	/* number of the CU being read, from 1 */
};

static __u64 _str_hash(const char *s)
{
	__u64 h = 1469598103934665603ULL;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

static int _scan_set_init(struct scan_set *ss, const struct type_query *qs, size_t n)
{
	size_t i;

	ss->n = n;
	for (ss->buckets = 16; ss->buckets < 2 * n; ss->buckets *= 2)
		;
	ss->scans = calloc(n ?: 1, sizeof(*ss->scans));
	ss->heads = malloc(ss->buckets * sizeof(*ss->heads));
	if (!ss->scans || !ss->heads)
		return -ENOMEM;
	for (i = 0; i < ss->buckets; i++)
		ss->heads[i] = -1;
	for (i = 0; i < n; i++) {
		size_t b = _str_hash(qs[i].name) & (ss->buckets - 1);

		ss->scans[i].q = &qs[i];
		ss->scans[i].top.rank = ss->scans[i].local.rank = ss->scans[i].decl.rank = 99;
		ss->scans[i].next_same = ss->heads[b];
		ss->heads[b] = i;
	}
	return 0;
}

static void _scan_set_release(struct scan_set *ss)
{
	free(ss->scans);
	free(ss->heads);
}

/* Rank of a tag for query @q, or -1 if it cannot answer it. */
static int _rank(const struct type_query *q, Dwarf_Half tag)
{
	static const struct {
		Dwarf_Half tag;
		int kind;
	} ranks[] = {
		{ DW_TAG_structure_type, BTF_KIND_STRUCT }, { DW_TAG_union_type, BTF_KIND_UNION },
		{ DW_TAG_enumeration_type, BTF_KIND_ENUM }, { DW_TAG_typedef, BTF_KIND_TYPEDEF },
		{ DW_TAG_subprogram, BTF_KIND_FUNC },
	};
	int i;

	for (i = 0; i < 5; i++)
		if (ranks[i].tag == tag && (!q->kind || q->kind == ranks[i].kind))
			return i;
	return -1;
}

/*
 * A layout signature: size, and each child's name, offset and width (an
 * enumerator's value); @size and @members are what the first layout is
 * chosen by.
 */
static __u64 _signature(struct dw_ctx *c, Dwarf_Die die, __u64 *size, unsigned int *members)
{
	Dwarf_Unsigned v, bytes = 0;
	__u64 h = 1469598103934665603ULL;
	Dwarf_Die ch, next;
	Dwarf_Error e = NULL;

	dw_udata(die, DW_AT_byte_size, &bytes);
	*size = bytes;
	*members = 0;
	h = dw_hash(h ^ bytes);
	if (dwarf_child(die, &ch, &e) != DW_DLV_OK)
		return h;
	while (ch) {
		(*members)++;
		h = dw_hash(h ^ _str_hash(dw_name(ch) ?: ""));
		h = dw_hash(h ^ dw_member_location(ch));
		if (dw_udata(ch, DW_AT_const_value, &v) || dw_udata(ch, DW_AT_bit_size, &v) ||
		    dw_udata(ch, DW_AT_data_bit_offset, &v))
			h = dw_hash(h ^ v);
		next = dw_next(c, ch);
		dwarf_dealloc_die(ch);
		ch = next;
	}
	return h;
}

static void _consider(struct dw_ctx *c, struct finds *f, Dwarf_Die die, int rank,
		      unsigned long cu)
{
	Dwarf_Error e = NULL;
	unsigned int i, members;
	Dwarf_Off off;
	__u64 sig, size;

	if (rank < f->rank) {
		f->rank = rank;
		f->layouts = f->cus = 0;
		f->last_cu = 0;
	}
	if (f->last_cu != cu) {
		f->cus++;
		f->last_cu = cu;
	}
	sig = _signature(c, die, &size, &members);
	for (i = 0; i < f->layouts; i++)
		if (f->sigs[i] == sig)
			return;
	if (f->layouts == DWARF_MAX_LAYOUTS || dwarf_dieoffset(die, &off, &e) != DW_DLV_OK)
		return;
	f->offs[f->layouts] = off;
	f->sizes[f->layouts] = size;
	f->members[f->layouts] = members;
	f->sigs[f->layouts++] = sig;
	/* The layout shown first: the largest, then the one with most members. */
	i = f->layouts - 1;
	if (i && (size > f->sizes[0] || (size == f->sizes[0] && members > f->members[0]))) {
		f->offs[i] = f->offs[0], f->offs[0] = off;
		f->sizes[i] = f->sizes[0], f->sizes[0] = size;
		f->members[i] = f->members[0], f->members[0] = members;
		f->sigs[i] = f->sigs[0], f->sigs[0] = sig;
	}
}

/*
 * Does DIE @d define a wanted name? Then note it: at top level, or, when
 * @local (inside a function), for names no CU defines at top level.
 */
static void _match(struct dw_ctx *c, struct scan_set *ss, Dwarf_Die d, Dwarf_Half tag,
		   bool local)
{
	const char *n = dw_name(d);
	long i;
	int rank;

	if (!n)
		return;
	for (i = ss->heads[_str_hash(n) & (ss->buckets - 1)]; i >= 0; i = ss->scans[i].next_same) {
		struct root_scan *s = &ss->scans[i];
		struct finds *f = local ? &s->local : &s->top;

		if (local && s->top.layouts)
			continue;
		rank = _rank(s->q, tag);
		if (rank < 0 || strcmp(n, s->q->name))
			continue;
		/*
		 * An enum only declared ("enum nf_nat_manip_type;") is what BTF
		 * has as an enum without enumerators: kept apart, as a last resort.
		 */
		if (dw_flag(d, DW_AT_declaration)) {
			if (!local && tag == DW_TAG_enumeration_type && rank <= s->decl.rank)
				_consider(c, &s->decl, d, rank, ss->cu);
		} else if (rank <= f->rank) {
			_consider(c, f, d, rank, ss->cu);
		}
	}
}

static bool _is_type_tag(Dwarf_Half tag)
{
	return tag == DW_TAG_structure_type || tag == DW_TAG_union_type ||
	       tag == DW_TAG_enumeration_type || tag == DW_TAG_typedef;
}

/* Deeper nesting of lexical blocks than this is not worth following. */
#define BODY_MAX_DEPTH 64

/*
 * The types defined in a function body: children of the subprogram, of its
 * lexical blocks, and of nested functions.
 */
static void _scan_body(struct dw_ctx *c, Dwarf_Die fn, struct scan_set *ss, int depth)
{
	Dwarf_Die d, next;
	Dwarf_Error e = NULL;
	Dwarf_Half tag;

	if (depth > BODY_MAX_DEPTH || dwarf_child(fn, &d, &e) != DW_DLV_OK)
		return;
	while (d && !c->err) {
		if (dwarf_tag(d, &tag, &e) == DW_DLV_OK) {
			if (_is_type_tag(tag))
				_match(c, ss, d, tag, true);
			else if (tag == DW_TAG_lexical_block || tag == DW_TAG_subprogram)
				_scan_body(c, d, ss, depth + 1);
		}
		next = dw_next(c, d);
		dwarf_dealloc_die(d);
		d = next;
	}
}

/*
 * Look at the top-level DIEs of one CU, whose children are skipped; or,
 * with @bodies, only inside its functions.
 */
static void _scan_cu(struct dw_ctx *c, Dwarf_Die cu, struct scan_set *ss, bool bodies)
{
	Dwarf_Die d, next;
	Dwarf_Error e = NULL;
	Dwarf_Half tag;

	if (dwarf_child(cu, &d, &e) != DW_DLV_OK)
		return;
	while (d && !c->err) {
		if (dwarf_tag(d, &tag, &e) == DW_DLV_OK) {
			if (bodies && tag == DW_TAG_subprogram)
				_scan_body(c, d, ss, 0);
			else if (!bodies && (_is_type_tag(tag) || tag == DW_TAG_subprogram))
				_match(c, ss, d, tag, false);
		}
		next = dw_next(c, d);
		dwarf_dealloc_die(d);
		d = next;
	}
}

/*
 * In a file with more .debug_info than this (a vmlinux, 165 MB for Debian's
 * 6.1), a pass stops once every name is found, as pahole does: its types are
 * in the first CUs that include their headers, and reading the other 2000
 * CUs would take seconds. Layouts are then counted over the CUs read.
 */
#define DWARF_BIG ((Dwarf_Unsigned)64 << 20)

/* Is every name found: at top level, or, with @local, inside a function? */
static bool _all_found(const struct scan_set *ss, bool local)
{
	size_t i;

	for (i = 0; i < ss->n; i++)
		if (!ss->scans[i].top.layouts && !(local && ss->scans[i].local.layouts))
			return false;
	return true;
}

/* The second pass's state: which CUs are worth descending into. */
struct body_pass {
	struct dw_filter filter;	/* names -> CUs that may mention them */
	const unsigned char *info;	/* .debug_info bytes */
	size_t info_len;	/* bytes at @info */
	bool *skip;		/* per name: found at top level (or, in a big file, at all) */
	bool *hit;		/* per name: the CU may mention it */
};

/* May the CU at [@start, @end) of .debug_info define a name still looked for? */
static bool _cu_wanted(struct body_pass *b, Dwarf_Unsigned start, Dwarf_Unsigned end,
		       Dwarf_Half offset_size)
{
	bool known = b->info && offset_size == 4 && start < end && end <= b->info_len;

	return dw_filter__cu(&b->filter, known ? b->info + start : NULL,
			     known ? end - start : 0, b->skip, b->hit) > 0;
}

/*
 * One pass over the CUs: their top levels, or, with @b, the function bodies
 * of the CUs @b lets through.
 */
static int _scan(struct dw_ctx *c, struct scan_set *ss, const struct dwarf_progress *pr,
		 struct body_pass *b)
{
	Dwarf_Unsigned hlen, next_cu = 0, typeoff, total = 0, step, said = 0, cus = 0, size = 0;
	Dwarf_Unsigned start = 0;
	Dwarf_Addr addr;
	Dwarf_Half ver, asz, osz, xsz, cut;
	Dwarf_Error e = NULL;
	Dwarf_Off abbrev;
	Dwarf_Sig8 sig;
	Dwarf_Die cu;
	size_t i;
	int ret;

	if (b || dwarf_get_section_info_by_name(c->dbg, ".debug_info", &addr, &total, &e) !=
		 DW_DLV_OK)
		pr = NULL;
	step = total / 100 + 1;
	while ((ret = dwarf_next_cu_header_d(c->dbg, true, &hlen, &ver, &abbrev, &asz, &osz,
					     &xsz, &sig, &typeoff, &next_cu, &cut, &e)) ==
	       DW_DLV_OK) {
		ss->cu = ++cus;
		if (b && !_cu_wanted(b, start, next_cu, osz)) {
			start = next_cu;
			continue;
		}
		start = next_cu;
		if (dwarf_siblingof_b(c->dbg, NULL, true, &cu, &e) != DW_DLV_OK)
			return dw_err(c, e, "bad compilation unit");
		_scan_cu(c, cu, ss, b != NULL);
		dwarf_dealloc_die(cu);
		if (c->err)
			return c->err;
		for (i = 0; b && total > DWARF_BIG && i < ss->n; i++)
			b->skip[i] = b->skip[i] || ss->scans[i].local.layouts;
		if (total > DWARF_BIG && _all_found(ss, b != NULL))
			break;
		if (pr && next_cu >= said + step) {
			said = next_cu;
			pr->fn(pr->arg, c->path, next_cu, total);
		}
	}
	if (pr && ret != DW_DLV_ERROR)
		pr->fn(pr->arg, c->path, total, total);
	/* A zeroed or cut header ends the walk at once: that is not "no types". */
	if (ret == DW_DLV_NO_ENTRY && !cus &&
	    dwarf_get_section_info_by_name(c->dbg, ".debug_info", &addr, &size, &e) == DW_DLV_OK &&
	    size)
		return dw_err(c, NULL, "no readable compilation unit in .debug_info");
	return ret == DW_DLV_ERROR ? dw_err(c, e, "bad compilation unit header") : 0;
}

/*
 * The names no CU defines at its top level, looked for in function bodies.
 * The first pass read every CU (it stops early only when all are found), so
 * libdwarf's CU iteration starts again from the first.
 */
static int _scan_bodies(struct dw_ctx *c, struct scan_set *ss)
{
	const char **names = calloc(ss->n ?: 1, sizeof(*names));
	struct body_pass b = { 0 };
	size_t i, missing = 0;
	int err;

	b.skip = calloc(ss->n ?: 1, sizeof(*b.skip));
	b.hit = calloc(ss->n ?: 1, sizeof(*b.hit));
	err = names && b.skip && b.hit ? 0 : -ENOMEM;
	for (i = 0; !err && i < ss->n; i++) {
		names[i] = ss->scans[i].q->name;
		b.skip[i] = ss->scans[i].top.layouts > 0;
		missing += !b.skip[i];
	}
	if (!err && missing) {
		b.info = dw_obj__section(c->obj, ".debug_info", &b.info_len);
		err = dw_filter__init(&b.filter, c->obj, names, ss->n);
		err = err ?: _scan(c, ss, NULL, &b);
	}
	dw_filter__release(&b.filter);
	free(b.skip);
	free(b.hit);
	free(names);
	return err;
}

/*
 * Serialises libdwarf passes: libdwarf 20210528 keeps process-wide state
 * (error strings, its allocation tracking), and passes are short.
 */
static pthread_mutex_t dw_lock = PTHREAD_MUTEX_INITIALIZER;

static int _open(struct dw_ctx *c, int *fd)
{
	unsigned char ident[16];
	Dwarf_Error e = NULL;
	int ret, err;

	*fd = open(c->path, O_RDONLY | O_CLOEXEC);
	if (*fd < 0)
		return errmsg__set(-errno, "cannot open '%s': %s", c->path, strerror(errno));
	if (pread(*fd, ident, sizeof(ident), 0) == (ssize_t)sizeof(ident)) {
		c->big_endian = ident[5] == 2;	/* EI_DATA == ELFDATA2MSB */
		c->ptr_size = ident[4] == 1 ? 4 : 8;	/* EI_CLASS == ELFCLASS32 */
	}
	err = dw_obj__open(*fd, c->path, &c->obj);
	if (err)
		return err;
	ret = dwarf_object_init_b(dw_obj__iface(c->obj), NULL, NULL, DW_GROUPNUMBER_ANY, &c->dbg,
				  &e);
	if (ret == DW_DLV_NO_ENTRY) {
		c->dbg = NULL;
		return errmsg__set(-ENODATA, "cannot read DWARF in '%s': no debug information",
				   c->path);
	}
	if (ret != DW_DLV_OK) {
		c->dbg = NULL;
		err = errmsg__set(-EINVAL, "cannot read DWARF in '%s': %s", c->path,
				  e ? dwarf_errmsg(e) : "corrupt ELF or DWARF");
		/* Without a Dwarf_Debug, dwarf_finish() will not free it. */
		if (e)
			dwarf_dealloc(NULL, e, DW_DLA_ERROR);
		return err;
	}
	return 0;
}

/*
 * What a name resolves to: its top-level definitions, else those in
 * functions, else an enum's declaration.
 */
static const struct finds *_finds(const struct root_scan *s)
{
	return s->top.layouts ? &s->top : s->local.layouts ? &s->local : &s->decl;
}

/* Plan every layout found, then emit the whole closure once. */
static int _encode(struct dw_ctx *c, struct scan_set *ss, struct dwarf_hit *hits)
{
	size_t i;
	unsigned int l;

	c->btf = btf__new_empty();
	if (!c->btf)
		return -ENOMEM;
	/* Not libbpf's guess from "long": the closure may have none (i386). */
	btf__set_pointer_size(c->btf, c->ptr_size ?: 8);
	for (i = 0; i < ss->n && !c->err; i++) {
		const struct finds *f = _finds(&ss->scans[i]);

		for (l = 0; l < f->layouts; l++)
			hits[i].ids[l] = dw_plan(c, f->offs[l], true, 0);
		hits[i].layouts = f->layouts;
		hits[i].cus = f->cus;
	}
	return c->err ?: dw_emit_all(c);
}

int dwarf__find_types(const char *path, const struct type_query *qs, size_t n,
		      const struct dwarf_progress *progress, struct btf **btf,
		      struct dwarf_hit *hits)
{
	struct dw_ctx c = { .path = path, .next_id = 1 };
	struct scan_set ss = { 0 };
	Dwarf_Error e = NULL;
	size_t i, found = 0;
	int fd = -1, err;

	*btf = NULL;
	memset(hits, 0, n * sizeof(*hits));
	pthread_mutex_lock(&dw_lock);
	err = _scan_set_init(&ss, qs, n);
	err = err ?: _open(&c, &fd);
	err = err ?: _scan(&c, &ss, progress, NULL);
	err = err ?: _scan_bodies(&c, &ss);
	for (i = 0; !err && i < n; i++)
		found += _finds(&ss.scans[i])->layouts > 0;
	if (!err && found)
		err = _encode(&c, &ss, hits);
	if (!err && found) {
		*btf = c.btf;
		c.btf = NULL;
	}
	if (err)
		memset(hits, 0, n * sizeof(*hits));
	btf__free(c.btf);
	free(c.nodes);
	free(c.map.keys);
	free(c.map.ids);
	_scan_set_release(&ss);
	if (c.dbg)
		dwarf_object_finish(c.dbg, &e);
	dw_obj__close(c.obj);
	pthread_mutex_unlock(&dw_lock);
	if (fd >= 0)
		close(fd);
	return err;
}
