// SPDX-License-Identifier: GPL-2.0
/* Reading DIE attributes, with libdwarf's error conventions folded away. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/btf.h>
#include <libdwarf/dwarf.h>
#include <libdwarf/libdwarf.h>

#include "../scanner/errmsg.h"

#include "dwarf_priv.h"

__u64 dw_hash(__u64 k)
{
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdULL;
	return k ^ (k >> 33);
}

int dw_err(struct dw_ctx *c, Dwarf_Error e, const char *what)
{
	if (!c->err && e)
		c->err = errmsg__set(-EINVAL, "cannot read DWARF in '%s': %s: %s", c->path, what,
				     dwarf_errmsg(e));
	else if (!c->err)
		c->err = errmsg__set(-EINVAL, "cannot read DWARF in '%s': %s", c->path, what);
	return c->err;
}

/* Attribute @at as an unsigned or signed constant; false if missing. */
bool dw_udata(Dwarf_Die die, Dwarf_Half at, Dwarf_Unsigned *v)
{
	Dwarf_Attribute a;
	Dwarf_Error e = NULL;
	bool ok;

	if (dwarf_attr(die, at, &a, &e) != DW_DLV_OK)
		return false;
	ok = dwarf_formudata(a, v, &e) == DW_DLV_OK;
	if (!ok) {
		Dwarf_Signed s;

		ok = dwarf_formsdata(a, &s, &e) == DW_DLV_OK;
		*v = (Dwarf_Unsigned)s;
	}
	dwarf_dealloc_attribute(a);
	return ok;
}

bool dw_flag(Dwarf_Die die, Dwarf_Half at)
{
	Dwarf_Bool b = 0;
	Dwarf_Error e = NULL;

	return dwarf_hasattr(die, at, &b, &e) == DW_DLV_OK && b;
}

/* Global offset of the DIE that attribute DW_AT_type names; 0 for void. */
Dwarf_Off dw_type_ref(Dwarf_Die die)
{
	Dwarf_Attribute a;
	Dwarf_Error e = NULL;
	Dwarf_Off off = 0;

	if (dwarf_attr(die, DW_AT_type, &a, &e) != DW_DLV_OK)
		return 0;
	if (dwarf_global_formref(a, &off, &e) != DW_DLV_OK)
		off = 0;
	dwarf_dealloc_attribute(a);
	return off;
}

const char *dw_name(Dwarf_Die die)
{
	Dwarf_Error e = NULL;
	char *n = NULL;

	return dwarf_diename(die, &n, &e) == DW_DLV_OK ? n : NULL;
}

int dw_die_at(struct dw_ctx *c, Dwarf_Off off, Dwarf_Die *die)
{
	Dwarf_Error e = NULL;

	if (dwarf_offdie_b(c->dbg, off, true, die, &e) != DW_DLV_OK)
		return dw_err(c, e, "bad type reference");
	return 0;
}

/* DW_AT_data_member_location as a constant or a DW_OP_plus_uconst block. */
Dwarf_Unsigned dw_member_location(Dwarf_Die die)
{
	Dwarf_Unsigned v = 0;
	Dwarf_Attribute a;
	Dwarf_Error e = NULL;
	Dwarf_Block *b;

	if (dw_udata(die, DW_AT_data_member_location, &v))
		return v;
	if (dwarf_attr(die, DW_AT_data_member_location, &a, &e) != DW_DLV_OK)
		return 0;
	if (dwarf_formblock(a, &b, &e) == DW_DLV_OK) {
		const unsigned char *p = b->bl_data;
		unsigned int shift = 0;
		size_t i;

		for (i = 1; b->bl_len && p[0] == DW_OP_plus_uconst && i < b->bl_len; i++) {
			v |= (Dwarf_Unsigned)(p[i] & 0x7f) << shift;
			shift += 7;
			if (!(p[i] & 0x80))
				break;
		}
	}
	dwarf_dealloc_attribute(a);
	return v;
}

/* Deeper than any real DIE tree; a corrupt one could nest without end. */
#define DIE_MAX_DEPTH 64

/*
 * Can libdwarf find the sibling of @die without looping? Without a
 * DW_AT_sibling it skips @die's children by reading them, and follows
 * their DW_AT_sibling: one that points back (at itself, in a fuzzed file)
 * makes dwarf_siblingof_b() spin forever. So each DW_AT_sibling in the
 * subtree must point forward, checked here from the top down, where a
 * DIE's own attribute spares reading its children.
 */
static bool _skippable(struct dw_ctx *c, Dwarf_Die die, int depth)
{
	Dwarf_Error e = NULL;
	Dwarf_Attribute a;
	Dwarf_Off at, to;
	Dwarf_Die child, next;
	bool ok = true;

	if (depth > DIE_MAX_DEPTH || dwarf_dieoffset(die, &at, &e) != DW_DLV_OK)
		return false;
	if (dwarf_attr(die, DW_AT_sibling, &a, &e) == DW_DLV_OK) {
		ok = dwarf_global_formref(a, &to, &e) == DW_DLV_OK && to > at;
		dwarf_dealloc_attribute(a);
		return ok;
	}
	if (dwarf_child(die, &child, &e) != DW_DLV_OK)
		return true;
	while (ok && child) {
		ok = _skippable(c, child, depth + 1);
		next = NULL;
		if (ok && dwarf_siblingof_b(c->dbg, child, true, &next, &e) != DW_DLV_OK)
			next = NULL;
		dwarf_dealloc_die(child);
		child = next;
	}
	if (child)
		dwarf_dealloc_die(child);
	return ok;
}

Dwarf_Die dw_next(struct dw_ctx *c, Dwarf_Die die)
{
	Dwarf_Error e = NULL;
	Dwarf_Off at, to;
	Dwarf_Die next;

	if (!_skippable(c, die, 0)) {
		dw_err(c, NULL, "a DIE's sibling does not follow it (a loop)");
		return NULL;
	}
	if (dwarf_siblingof_b(c->dbg, die, true, &next, &e) != DW_DLV_OK)
		return NULL;
	/* A corrupt DW_AT_sibling can point back: the walk would never end. */
	if (dwarf_dieoffset(die, &at, &e) != DW_DLV_OK ||
	    dwarf_dieoffset(next, &to, &e) != DW_DLV_OK || to <= at) {
		dwarf_dealloc_die(next);
		dw_err(c, NULL, "a DIE's sibling does not follow it (a loop)");
		return NULL;
	}
	return next;
}
