// SPDX-License-Identifier: GPL-2.0
/*
 * For the compile oracle (tests/cli/t0330-compile-oracle.sh): every named
 * struct, union, enum and typedef of a BTF file, as render__type() prints it
 * (what `kabiscan show` prints), renamed so that it can sit next to the
 * kernel's own types in one translation unit:
 *
 *   render_all FILE [BASE] >defs.c
 *
 * FILE is raw BTF or an ELF file with .BTF; with BASE, FILE is split BTF on
 * it and only FILE's own types are printed. Type id I named N becomes
 * N__ks_I, and every enumerator E of its text E__ks_I (enumerators share
 * one name space with the kernel's). Each definition is preceded by a line
 * "// ks ID KIND NEWNAME". The renaming is checked to change nothing but
 * the names; a definition it cannot rename is an error (exit 1).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/btf.h>

#include "../../btf/render.h"

/* Is line @l (without newline) an enumerator: tabs, NAME, " = ", value, ","? */
static size_t _enumerator(const char *l)
{
	size_t t = strspn(l, "\t"), n = strspn(l + t, "abcdefghijklmnopqrstuvwxyz"
					       "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");
	const char *v = l + t + n;

	if (!n || strncmp(v, " = ", 3))
		return 0;
	v += 3 + (v[3] == '-');
	if (strspn(v, "0123456789") == 0 || strcmp(v + strspn(v, "0123456789"), ","))
		return 0;
	return t + n;
}

/*
 * Print definition @def with the type's name @name, at the place the
 * renderer put it, replaced by @newname: in "KIND NAME {" / "enum NAME;",
 * or a typedef's last line, which must end in " DECL;" where DECL is the
 * declarator of @name. Enumerators get @suffix.
 */
static int _print_renamed(FILE *out, const struct btf *btf, const struct btf_type *t,
			  const char *def, const char *name, const char *newname,
			  const char *suffix)
{
	const char *kind = render__kind_word(t), *p = def, *nl;
	char *decl = NULL, *ndecl = NULL, *head = NULL;
	__u32 anon;
	int err = 0;
	size_t n;

	if (btf_is_typedef(t)) {
		decl = render__decl_split(btf, t->type, name, RENDER_DECL_SPLIT, &anon, NULL);
		ndecl = render__decl_split(btf, t->type, newname, RENDER_DECL_SPLIT, &anon, NULL);
	} else if (asprintf(&head, "%s %s", kind, name) < 0) {
		head = NULL;
	}
	if ((btf_is_typedef(t) && (!decl || !ndecl)) || (!btf_is_typedef(t) && !head))
		return -ENOMEM;
	for (; *p; p = nl + 1) {
		char *line;

		nl = strchr(p, '\n');
		if (!nl)
			break;
		line = strndup(p, nl - p);
		if (!line)
			return -ENOMEM;
		if (p == def && head) {
			n = strlen(head);
			if (strncmp(line, head, n) || (line[n] != ' ' && line[n] != ';'))
				err = -EINVAL;
			else
				fprintf(out, "%s %s%s\n", kind, newname, line + n);
		} else if (!nl[1] && decl) {
			/* The line ends in " DECL;". */
			n = strlen(line);
			if (n < strlen(decl) + 2 || strncmp(line + n - strlen(decl) - 1, decl, strlen(decl)) ||
			    line[n - 1] != ';' || line[n - strlen(decl) - 2] != ' ')
				err = -EINVAL;
			else
				fprintf(out, "%.*s%s;\n", (int)(n - strlen(decl) - 1), line, ndecl);
		} else if ((n = _enumerator(line))) {
			fprintf(out, "%.*s%s%s\n", (int)n, line, suffix, line + n);
		} else {
			fprintf(out, "%s\n", line);
		}
		free(line);
	}
	free(decl);
	free(ndecl);
	free(head);
	return err;
}

int main(int argc, char **argv)
{
	struct btf *base = NULL, *btf;
	__u32 id, first = 1;
	int bad = 0, err;

	if (argc != 2 && argc != 3) {
		fprintf(stderr, "usage: render_all FILE [BASE]\n");
		return 2;
	}
	if (argc == 3) {
		base = btf__parse(argv[2], NULL);
		if (!base) {
			fprintf(stderr, "render_all: cannot read '%s': %s\n", argv[2],
				strerror(errno));
			return 1;
		}
		first = btf__type_cnt(base);
	}
	btf = base ? btf__parse_split(argv[1], base) : btf__parse(argv[1], NULL);
	if (!btf) {
		fprintf(stderr, "render_all: cannot read '%s': %s\n", argv[1], strerror(errno));
		return 1;
	}
	for (id = first; id < btf__type_cnt(btf); id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);
		const char *name = btf__name_by_offset(btf, t->name_off);
		struct rendering *r;
		char newname[512], suffix[32];

		if (!t->name_off || !name || !*name || btf_is_func(t) || !render__kind_word(t))
			continue;
		err = render__type(btf, id, &r);
		if (err) {
			fprintf(stderr, "render_all: type %u '%s': %s\n", id, name, strerror(-err));
			bad++;
			continue;
		}
		snprintf(suffix, sizeof(suffix), "__ks_%u", id);
		snprintf(newname, sizeof(newname), "%s%s", name, suffix);
		printf("// ks %u %s %s\n", id, r->kind, newname);
		err = _print_renamed(stdout, btf, t, r->definition, name, newname, suffix);
		if (err) {
			fprintf(stderr, "render_all: type %u '%s': cannot rename in:\n%s", id, name,
				r->definition);
			bad++;
		}
		rendering__free(r);
	}
	btf__free(btf);
	btf__free(base);
	return bad ? 1 : 0;
}
