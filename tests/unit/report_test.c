// SPDX-License-Identifier: GPL-2.0
/*
 * Two fixture kernels, a struct changed between them, through the whole
 * flow: scanner (ELF .BTF), kernel, lookup, matrix, diff, and the emitters
 * written into open_memstream buffers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <CUnit/CUnit.h>

#include "../../btf/kernel.h"
#include "../../btf/matrix.h"
#include "../../reports/report.h"
#include "../../scanner/kdir.h"
#include "fixture.h"

static const char v1_src[] =
	"struct ops { int (*rw)(char *, long); void (*release)(void *); int flags; };\n"
	"enum mode { M_A, M_B };\n"
	"struct ops g_ops; enum mode g_mode;\n";
static const char v2_src[] =
	"struct ops { long (*rw)(char *, long); void (*release)(void *); long pad;"
	" int flags; int extra; };\n"
	"enum mode { M_A, M_B, M_C };\n"
	"struct ops g_ops; enum mode g_mode;\n";

static struct kernel *ks[2];

static struct kernel *_open(const char *path)
{
	struct kernel_files **kfs;
	struct kernel *k = NULL;
	size_t n;

	if (!path || kdir__find(path, &(struct kdir_opts){ 0 }, &kfs, &n))
		return NULL;
	if (n == 1 && kernel__open(kfs[0], NULL, &k))
		k = NULL;
	kernel_files__free_all(kfs, n);
	return k;
}

static int _init(void)
{
	/* The release is taken from the file name: vmlinux-RELEASE. */
	ks[0] = _open(fixture__build("vmlinux-6.1.0-1-amd64", v1_src));
	ks[1] = _open(fixture__build("vmlinux-6.2.0-1-amd64", v2_src));
	return 0;
}

static int _fini(void)
{
	kernel__free(ks[0]);
	kernel__free(ks[1]);
	return 0;
}

/* Run @emit on a matrix of both kernels for @names; returns the output. */
static char *_emit(char **names, size_t cnt, int (*emit)(const struct matrix *, FILE *))
{
	struct matrix *m = NULL;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	CU_ASSERT_FATAL(matrix__build(ks, 2, names, cnt, &m) == 0);
	f = open_memstream(&buf, &len);
	CU_ASSERT_FATAL(f != NULL);
	CU_ASSERT(emit(m, f) == 0);
	fclose(f);
	matrix__free(m);
	return buf;
}

static int _text(const struct matrix *m, FILE *f)
{
	return report_text__emit(m, false, false, f);
}

static int _ascii(const struct matrix *m, FILE *f)
{
	return report_text__emit(m, true, false, f);
}

static void test_kernels(void)
{
	if (!ks[0] || !ks[1])
		return;
	CU_ASSERT_STRING_EQUAL(ks[0]->version, "6.1");
	CU_ASSERT_STRING_EQUAL(ks[1]->version, "6.2");
	CU_ASSERT_STRING_EQUAL(ks[0]->arch, "amd64");
	CU_ASSERT_STRING_EQUAL(ks[0]->flavour, "generic");
	CU_ASSERT_STRING_EQUAL(ks[0]->vmlinux_how, "ELF");
}

static void test_text_changes(void)
{
	static const char want[] =
		"struct ops\n"
		"Regular\n"
		"6.1: \u2705struct ops {\n"
		"int (*rw)(char *, long int);\n"
		"void (*release)(void *);\n"
		"int flags;\n"
		"};\n"
		"6.2: \u2705struct ops {\n"
		"long int (*rw)(char *, long int);\n"
		"void (*release)(void *);\n"
		"long int pad;\n"
		"int flags;\n"
		"int extra;\n"
		"};\n"
		"Regular\n"
		"6.1 and 6.2 \u26a0\ufe0fsize 24 \u27a1\ufe0f 32\n"
		"int (*rw)(char *, long int) \u27a1\ufe0f long int (*rw)(char *, long int)\n"
		"flags: offset 16 \u27a1\ufe0f 24\n"
		"\u2795 long int pad @ 16\n"
		"\u2795 int extra @ 28\n";
	char *names[] = { "struct ops" };
	char *out;

	if (!ks[0] || !ks[1])
		return;
	out = _emit(names, 1, _text);
	CU_ASSERT_STRING_EQUAL(out, want);
	free(out);
}

static void test_ascii_enum_absent(void)
{
	static const char want[] =
		"enum mode\n"
		"Regular\n"
		"6.1: [ok] enum mode {\nM_A = 0,\nM_B = 1,\n};\n"
		"6.2: [ok] enum mode {\nM_A = 0,\nM_B = 1,\nM_C = 2,\n};\n"
		"Regular\n"
		"6.1 and 6.2 [changed] + M_C = 2\n"
		"\n"
		"ops\n"
		"Regular\n"
		"6.1: Absent [!]\n"
		"6.2: Absent [!]\n"
		"Regular\n";
	char *names[] = { "enum mode", "ops" };
	char *out;

	if (!ks[0] || !ks[1])
		return;
	/* "ops" alone means any kind, and there is a struct ops: use a union. */
	names[1] = "union ops";
	out = _emit(names, 2, _ascii);
	CU_ASSERT_PTR_NOT_NULL_FATAL(out);
	CU_ASSERT_NSTRING_EQUAL(out, want, strstr(want, "\nops\n") - want);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "union ops\nRegular\n6.1: Absent [!]\n"
					   "6.2: Absent [!]\nRegular\n"));
	free(out);
}

static void test_json(void)
{
	char *names[] = { "struct ops" };
	char *out;

	if (!ks[0] || !ks[1])
		return;
	out = _emit(names, 1, report_json__emit);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\"state\": \"present\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\"class\": \"member-offset-changed\",\n          \"path\": "
					   "\"flags\",\n          \"old\": \"16\",\n"
					   "          \"new\": \"24\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\"equal\": false"));
	free(out);
}

static size_t _count(const char *s, const char *needle)
{
	size_t n = 0;

	while ((s = strstr(s, needle))) {
		n++;
		s++;
	}
	return n;
}

static void test_html(void)
{
	/* Parsed as one name, present in neither kernel: HTML's five specials. */
	char *names[] = { "struct ops", "union a<b&c>\"'" };
	char *out;

	if (!ks[0] || !ks[1])
		return;
	out = _emit(names, 2, report_html__emit);
	CU_ASSERT_PTR_NOT_NULL_FATAL(out);
	CU_ASSERT_NSTRING_EQUAL(out, "<!DOCTYPE html>\n", 16);
	CU_ASSERT_EQUAL(_count(out, "<td class=\"cell "), 4);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "<td class=\"cell base\" data-state=\"present\" "
					   "data-kernel=\"6.1.0-1-amd64\" data-type=\"struct ops\">"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "<td class=\"cell changed\" data-state=\"present\" "
					   "data-kernel=\"6.2.0-1-amd64\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "<span class=\"mod\">flags: offset 16 \u2192 24</span>"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "<span class=\"add\">+ long int pad @ 16</span>"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "<pre class=\"def\">struct ops {\nint (*rw)(char *, "));
	/* Title, heading, column head, two cells' data-type, section heading. */
	CU_ASSERT_EQUAL(_count(out, "union a&lt;b&amp;c&gt;&quot;&#39;"), 6);
	CU_ASSERT_PTR_NULL(strstr(out, "a<b"));
	CU_ASSERT_PTR_NULL(strstr(out, "c>"));
	CU_ASSERT_PTR_NULL(strstr(out, "http"));
	free(out);
}

int report_test_register(void)
{
	CU_pSuite s = CU_add_suite("report", _init, _fini);

	if (!s || !CU_add_test(s, "fixture kernels", test_kernels) ||
	    !CU_add_test(s, "text with changes", test_text_changes) ||
	    !CU_add_test(s, "ascii, enums, absent", test_ascii_enum_absent) ||
	    !CU_add_test(s, "json", test_json) ||
	    !CU_add_test(s, "html, escaped", test_html))
		return -1;
	return 0;
}
