// SPDX-License-Identifier: GPL-2.0
/*
 * Which wanted names may one compilation unit mention? A CU names a string
 * either inline (DW_FORM_string) or by its offset into .debug_str
 * (DW_FORM_strp), so a CU whose bytes hold neither "name\0" nor one of the
 * offsets where "name\0" sits in .debug_str cannot define the name. Reading
 * a CU's bytes is much cheaper than walking its DIEs with libdwarf, so the
 * reader descends into function bodies only in the CUs this lets through.
 *
 * For "syscall_tp_t", found in .debug_str at 0x1a2b3 and at 0x2c400 + 3 (the
 * tail of "my_syscall_tp_t": the linker's string merging shares tails), the
 * 4-byte values 0x1a2b3 and 0x2c403 are looked for at every byte of the CU,
 * since DIE attributes are not aligned. A bitmap over .debug_str rejects
 * almost every value in one load; the few that pass are looked up in a
 * sorted table.
 *
 * It answers "maybe" rather than miss: for DWARF 5 string indexes
 * (DW_FORM_strx, .debug_str_offsets), for names found at too many offsets,
 * and for 64-bit DWARF, every CU may hold the name.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <libdwarf/libdwarf.h>

#include "dwarf_priv.h"

/* Offsets of one name kept before the filter gives up on it (says maybe). */
#define FILTER_MAX_OFFS 256

/* Names this short may be inline (gcc inlines strings up to the offset size). */
#define FILTER_INLINE_LEN 8

struct str_off {
	__u32 off;		/* where "name\0" starts in .debug_str */
	__u32 name;		/* index of the name */
};

static int _cmp_off(const void *a, const void *b)
{
	const struct str_off *x = a, *y = b;

	return x->off < y->off ? -1 : x->off > y->off;
}

static int _add_off(struct dw_filter *f, __u32 off, __u32 name)
{
	if (f->offs_cnt == f->offs_cap) {
		size_t cap = f->offs_cap ? f->offs_cap * 2 : 64;
		struct str_off *p = realloc(f->offs, cap * sizeof(*p));

		if (!p)
			return -ENOMEM;
		f->offs = p;
		f->offs_cap = cap;
	}
	f->offs[f->offs_cnt].off = off;
	f->offs[f->offs_cnt++].name = name;
	return 0;
}

/* Note every offset of @names[i] in .debug_str, or mark it always-maybe. */
static int _find_offsets(struct dw_filter *f, const char *str, size_t str_len, size_t i)
{
	size_t len = strlen(f->names[i]) + 1, first = f->offs_cnt;
	const char *p = str, *end = str + str_len;

	while (p < end && (p = memmem(p, end - p, f->names[i], len))) {
		if (f->offs_cnt - first == FILTER_MAX_OFFS || (size_t)(p - str) > UINT32_MAX) {
			f->offs_cnt = first;
			f->maybe[i] = true;
			return 0;
		}
		if (_add_off(f, p - str, i))
			return -ENOMEM;
		f->bits[(p - str) >> 3] |= 1 << ((p - str) & 7);
		p++;
	}
	/* Not in .debug_str, or short enough to be inline: look for it inline. */
	f->inline_[i] = len <= FILTER_INLINE_LEN || f->offs_cnt == first;
	return 0;
}

int dw_filter__init(struct dw_filter *f, struct dw_obj *o, const char *const *names, size_t n)
{
	const unsigned char *str = NULL;
	size_t str_len = 0, i, so_len = 0;
	const unsigned char *so;
	int err = 0;

	memset(f, 0, sizeof(*f));
	f->names = names;
	f->n = n;
	f->big_endian = dw_obj__big_endian(o);
	f->maybe = calloc(n ?: 1, sizeof(*f->maybe));
	f->inline_ = calloc(n ?: 1, sizeof(*f->inline_));
	if (!f->maybe || !f->inline_)
		return -ENOMEM;
	/* String indexes name strings through a table the CU bytes do not show. */
	so = dw_obj__section(o, ".debug_str_offsets", &so_len);
	if (so && so_len) {
		f->all = true;
		return 0;
	}
	str = dw_obj__section(o, ".debug_str", &str_len);
	if (str && str_len > UINT32_MAX) {
		f->all = true;
		return 0;
	}
	f->str_len = str ? str_len : 0;
	f->bits = calloc(f->str_len / 8 + 1, 1);
	if (!f->bits)
		return -ENOMEM;
	for (i = 0; i < n && !err; i++)
		err = str ? _find_offsets(f, (const char *)str, str_len, i) :
		      (f->inline_[i] = true, 0);
	if (!err && f->offs_cnt)
		qsort(f->offs, f->offs_cnt, sizeof(*f->offs), _cmp_off);
	return err;
}

static __u32 _load32(const struct dw_filter *f, const unsigned char *p)
{
	return f->big_endian ? (__u32)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3]
			     : (__u32)p[3] << 24 | p[2] << 16 | p[1] << 8 | p[0];
}

/* Mark the names whose offsets equal @v. */
static void _hit_offset(const struct dw_filter *f, __u32 v, const bool *skip, bool *hit)
{
	size_t lo = 0, hi = f->offs_cnt;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (f->offs[mid].off < v)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < f->offs_cnt && f->offs[lo].off == v; lo++)
		if (!skip[f->offs[lo].name])
			hit[f->offs[lo].name] = true;
}

size_t dw_filter__cu(const struct dw_filter *f, const unsigned char *cu, size_t len,
		     const bool *skip, bool *hit)
{
	size_t i, cnt = 0;

	for (i = 0; i < f->n; i++) {
		hit[i] = !skip[i] && (f->all || f->maybe[i] || !cu);
		if (!skip[i] && !hit[i] && f->inline_[i])
			hit[i] = memmem(cu, len, f->names[i], strlen(f->names[i]) + 1) != NULL;
	}
	for (i = 0; cu && !f->all && f->offs_cnt && i + 4 <= len; i++) {
		__u32 v = _load32(f, cu + i);

		if (v < f->str_len && (f->bits[v >> 3] & (1 << (v & 7))))
			_hit_offset(f, v, skip, hit);
	}
	for (i = 0; i < f->n; i++)
		cnt += hit[i];
	return cnt;
}

void dw_filter__release(struct dw_filter *f)
{
	free(f->bits);
	free(f->offs);
	free(f->maybe);
	free(f->inline_);
	memset(f, 0, sizeof(*f));
}
