// SPDX-License-Identifier: GPL-2.0
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/btf.h>

#include "fixture.h"

static char fixture_dir[] = "/tmp/kabiscan-fixture.XXXXXX";
static int have_dir;
static char fixture_path[4096];

const char *fixture__build(const char *name, const char *src)
{
	return fixture__build_flags(name, src, "");
}

static const char *_build(const char *name, const char *src, const char *cflags, bool link);

const char *fixture__build_flags(const char *name, const char *src, const char *cflags)
{
	return _build(name, src, cflags, false);
}

const char *fixture__link(const char *name, const char *src, const char *cflags)
{
	return _build(name, src, cflags, true);
}

static const char *_build(const char *name, const char *src, const char *cflags, bool link)
{
	char cmd[8192];
	FILE *f;

	if (system("command -v gcc >/dev/null && command -v pahole >/dev/null")) {
		printf("\nskip: gcc or pahole missing, fixture '%s' not built\n", name);
		return NULL;
	}
	if (!have_dir && !mkdtemp(fixture_dir))
		return NULL;
	have_dir = 1;
	snprintf(fixture_path, sizeof(fixture_path), "%s/%s.c", fixture_dir, name);
	f = fopen(fixture_path, "w");
	if (!f)
		return NULL;
	fputs(src, f);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "cd %s && gcc -g %s %s -o %s %s.c && pahole -J %s 2>/dev/null",
		 fixture_dir, cflags, link ? "" : "-c", name, name, name);
	if (system(cmd))
		return NULL;
	snprintf(fixture_path, sizeof(fixture_path), "%s/%s", fixture_dir, name);
	return fixture_path;
}

void fixture__cleanup(void)
{
	char cmd[256];

	if (!have_dir)
		return;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", fixture_dir);
	if (system(cmd))
		fprintf(stderr, "cannot remove %s\n", fixture_dir);
}

struct btf *fixture__btf(const char *name, const char *src)
{
	/* fixture__build returns one static buffer: parse it at once. */
	const char *o = fixture__build(name, src);

	return o ? btf__parse(o, NULL) : NULL;
}
