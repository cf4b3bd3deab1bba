// SPDX-License-Identifier: GPL-2.0
/*
 * The compat header a driver includes at build time, in two sections. The
 * facts, under the include guard, one block per kernel chosen by
 * KABI_TARGET_<RELEASE> (the release upper-cased, other characters '_'),
 * which the driver's Kbuild defines from $(KERNELRELEASE), and, where two
 * kernels share a release, by KABI_TARGET_BUILD_<build-id>:
 *
 *   #if defined(KABI_TARGET_6_1_0_50_AMD64)
 *   #define KABI_RELEASE "6.1.0-50-amd64"
 *   /+ struct vfio_pci_regops: vfio_pci_core, BTF +/
 *   #define KABI_HAVE_STRUCT_VFIO_PCI_REGOPS 1
 *   ...
 *   #elif defined(KABI_ALLOW_COMMON)
 *   (the facts every kernel shares)
 *   #else
 *   #error ...
 *   #endif
 *
 * Then the layout checks, compiled once, at the first include that has
 * KABI_CHECK_LAYOUT defined, so that a driver can include the header
 * before the kernel headers for its facts and again after them for the
 * checks. A build that names no kernel of the header stops at the #error:
 * facts of another kernel would be wrong without a word. A presence flag
 * missing in one kernel is defined as 0 in its block.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../btf/facts.h"
#include "../btf/kernel.h"
#include "../btf/matrix.h"
#include "report.h"

/* The facts of kernel @k, type @t, in the row-major array @fl. */
#define FL(m, fl, k, t) (&(fl)[(k) * (m)->types_cnt + (t)])

static const struct fact *_find(const struct fact_list *l, const char *macro)
{
	return facts__find(l, macro);
}

static void _type_comment(const struct matrix *m, size_t k, size_t t, bool no_layout,
			  FILE *out)
{
	const struct cell *c = &m->types[t].cells[k];

	fprintf(out, "\n/* %s: ", m->types[t].q.spelled);
	if (c->state == CELL_PRESENT)
		fprintf(out, "%s, %s%s */\n", c->module ?: "vmlinux", c->format,
			no_layout ? "; no layout checks (nolayout)" : "");
	else if (c->state == CELL_ABSENT)
		fputs("absent */\n", out);
	else
		fprintf(out, "no type data: %s */\n", c->reason);
}

/* Does a kernel before @j define @macro for type @t? Then it was handled. */
static bool _find_earlier(const struct matrix *m, const struct fact_list *fl, size_t j, size_t t,
			  const char *macro, size_t skip)
{
	size_t i;

	for (i = 0; i < j; i++)
		if (i != skip && _find(FL(m, fl, i, t), macro))
			return true;
	return false;
}

/* Kernel @k's facts, and 0 for presence flags other kernels have. */
static void _kernel_block(const struct matrix *m, const struct fact_list *fl, size_t k,
			  FILE *out)
{
	size_t t, i, j;

	fprintf(out, "#define KABI_RELEASE \"%s\"\n", m->kernels[k].k->release);
	if (m->kernels[k].k->build_id[0])
		fprintf(out, "#define KABI_BUILD_ID \"%s\"\n", m->kernels[k].k->build_id);
	else
		fputs("/* KABI_BUILD_ID: unknown, the type data carries no build-id */\n", out);
	for (t = 0; t < m->types_cnt; t++) {
		const struct fact_list *l = FL(m, fl, k, t);

		_type_comment(m, k, t, l->no_layout, out);
		if (m->types[t].cells[k].state == CELL_NODATA)
			continue;
		for (i = 0; i < l->facts_cnt; i++)
			fprintf(out, "#define %s %s\n", l->facts[i].macro, l->facts[i].value);
		for (j = 0; j < m->kernels_cnt; j++) {
			const struct fact_list *o = FL(m, fl, j, t);

			for (i = 0; i < o->facts_cnt; i++)
				if (o->facts[i].presence && !_find(l, o->facts[i].macro) &&
				    !_find_earlier(m, fl, j, t, o->facts[i].macro, k))
					fprintf(out, "#define %s 0\n", o->facts[i].macro);
		}
	}
}

/* A fact every kernel has, with the same value. */
static bool _common(const struct matrix *m, const struct fact_list *fl, size_t t,
		    const struct fact *f)
{
	size_t k;

	for (k = 0; k < m->kernels_cnt; k++) {
		const struct fact *o = _find(FL(m, fl, k, t), f->macro);

		if (m->types[t].cells[k].state == CELL_NODATA || !o || strcmp(o->value, f->value))
			return false;
	}
	return true;
}

/* A check every kernel has, with the same value. */
static bool _common_check(const struct matrix *m, const struct fact_list *fl, size_t t,
			  const struct check *c)
{
	size_t k, i;

	for (k = 0; k < m->kernels_cnt; k++) {
		const struct fact_list *l = FL(m, fl, k, t);

		for (i = 0; i < l->checks_cnt; i++)
			if (!strcmp(l->checks[i].expr, c->expr))
				break;
		if (i == l->checks_cnt || strcmp(l->checks[i].value, c->value))
			return false;
	}
	return true;
}

static void _common_block(const struct matrix *m, const struct fact_list *fl, FILE *out)
{
	size_t t, i;

	fputs("/* KABI_ALLOW_COMMON: the facts every kernel above shares, for no one kernel. */\n"
	      "#define KABI_COMMON 1\n", out);
	for (t = 0; t < m->types_cnt; t++) {
		const struct fact_list *l = FL(m, fl, 0, t);

		fprintf(out, "/* %s */\n", m->types[t].q.spelled);
		for (i = 0; i < l->facts_cnt; i++)
			if (_common(m, fl, t, &l->facts[i]))
				fprintf(out, "#define %s %s\n", l->facts[i].macro, l->facts[i].value);
	}
}

/*
 * Does another kernel of the matrix have @k's release? One release string
 * can hide different builds (a rebuilt package, a vendor's respin); their
 * blocks are then also chosen by KABI_TARGET_BUILD_<build-id>.
 */
static bool _shared_release(const struct matrix *m, size_t k)
{
	size_t j;

	for (j = 0; j < m->kernels_cnt; j++)
		if (j != k && !strcmp(m->kernels[j].k->release, m->kernels[k].k->release))
			return true;
	return false;
}

/* "#if defined(KABI_TARGET_...)" or "#elif ..." choosing kernel @k's block. */
static void _target(const struct matrix *m, size_t k, FILE *out)
{
	char *t = facts__macro_name(m->kernels[k].k->release);

	fprintf(out, "%s defined(KABI_TARGET_%s)", k ? "#elif" : "#if", t ?: "");
	if (_shared_release(m, k))
		fprintf(out, " && defined(KABI_TARGET_BUILD_%s)",
			m->kernels[k].k->build_id[0] ? m->kernels[k].k->build_id : "UNKNOWN");
	/* The facts one kernel shares with itself are all of its facts. */
	if (m->kernels_cnt == 1)
		fputs(" || defined(KABI_ALLOW_COMMON)", out);
	fputc('\n', out);
	free(t);
}

/* The facts: a block per kernel, the shared ones on request, else an error. */
static void _facts_section(const struct matrix *m, const struct fact_list *fl, FILE *out)
{
	size_t k;

	for (k = 0; k < m->kernels_cnt; k++) {
		_target(m, k, out);
		_kernel_block(m, fl, k, out);
		fputc('\n', out);
	}
	if (m->kernels_cnt > 1) {
		fputs("#elif defined(KABI_ALLOW_COMMON)\n", out);
		_common_block(m, fl, out);
	}
	fputs("#else\n#error \"compat.h has no facts for this build: define KABI_TARGET_<release> "
	      "of a kernel it was made from (listed at its top), or KABI_ALLOW_COMMON for the "
	      "facts they all share; for another kernel, add it to the header, or generate the "
	      "header at build time (see kabiscan-header(1))\"\n#endif\n", out);
}

static void _checks_of(const struct fact_list *l, const char *rel, FILE *out)
{
	size_t i;

	for (i = 0; i < l->checks_cnt; i++)
		fprintf(out, "_Static_assert(%s == %s, \"kabiscan: %s is not %s as in %s\");\n",
			l->checks[i].expr, l->checks[i].value, l->checks[i].expr,
			l->checks[i].value, rel);
}

/* The layout checks, once, at the first include with KABI_CHECK_LAYOUT. */
static void _checks_section(const struct matrix *m, const struct fact_list *fl, FILE *out)
{
	size_t k, t, i;

	fputs("\n/*\n * Layout checks: compiled at the first include with KABI_CHECK_LAYOUT "
	      "defined,\n * which must come after every kernel header the driver uses.\n */\n"
	      "#if defined(KABI_CHECK_LAYOUT) && !defined(KABISCAN_COMPAT_CHECKED)\n"
	      "#define KABISCAN_COMPAT_CHECKED\n", out);
	for (k = 0; k < m->kernels_cnt; k++) {
		_target(m, k, out);
		for (t = 0; t < m->types_cnt; t++)
			_checks_of(FL(m, fl, k, t), m->kernels[k].k->release, out);
	}
	if (m->kernels_cnt > 1)
		fputs("#elif defined(KABI_ALLOW_COMMON)\n", out);
	for (t = 0; m->kernels_cnt > 1 && t < m->types_cnt; t++) {
		const struct fact_list *l = FL(m, fl, 0, t);

		for (i = 0; i < l->checks_cnt; i++)
			if (_common_check(m, fl, t, &l->checks[i]))
				fprintf(out, "_Static_assert(%s == %s, \"kabiscan: %s is not %s as in "
					"every kernel of compat.h\");\n", l->checks[i].expr,
					l->checks[i].value, l->checks[i].expr, l->checks[i].value);
	}
	fputs("#endif\n#endif /* KABI_CHECK_LAYOUT */\n", out);
}

int report_header__emit(const struct matrix *m, const struct fact_list *fl, FILE *out)
{
	size_t k;

	fputs("/* SPDX-License-Identifier: GPL-2.0 */\n/*\n * Generated by kabiscan from", out);
	for (k = 0; k < m->kernels_cnt; k++)
		fprintf(out, "%s %s", k ? "," : "", m->kernels[k].k->release);
	fputs("; do not edit.\n *\n"
	      " * The build chooses a kernel: -DKABI_TARGET_<release> (upper case, other\n"
	      " * characters _), or -DKABI_ALLOW_COMMON for the facts all of them share;\n"
	      " * any other build stops with #error.\n *\n"
	      " * Include it before the kernel headers to use its facts, and again after\n"
	      " * all of them with KABI_CHECK_LAYOUT defined to check sizes and offsets.\n"
	      " * One include after the kernel headers, with -DKABI_CHECK_LAYOUT, does both.\n"
	      " * See kabiscan-header(1).\n */\n"
	      "#ifndef KABISCAN_COMPAT_H\n#define KABISCAN_COMPAT_H\n\n", out);
	_facts_section(m, fl, out);
	fputs("\n#endif /* KABISCAN_COMPAT_H */\n", out);
	_checks_section(m, fl, out);
	return ferror(out) ? -EIO : 0;
}
