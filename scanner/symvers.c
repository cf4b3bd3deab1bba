// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "decomp.h"
#include "errmsg.h"
#include "image.h"
#include "symvers.h"

/* Split @line at tabs into at most 6 fields; returns how many. */
static int _fields(char *line, char **f)
{
	int n = 0;

	f[n++] = line;
	while (n < 6 && (line = strchr(line, '\t'))) {
		*line++ = '\0';
		f[n++] = line;
	}
	return n;
}

static int _export_type(const char *s, bool *gpl)
{
	if (!strcmp(s, "EXPORT_SYMBOL") || !strcmp(s, "EXPORT_SYMBOL_GPL_FUTURE")) {
		*gpl = false;
		return 0;
	}
	if (!strcmp(s, "EXPORT_SYMBOL_GPL")) {
		*gpl = true;
		return 0;
	}
	return -EINVAL;
}

/* One line: its fields into @ex, or -EINVAL with the problem in @why. */
static int _line(char *line, struct exports *ex, const char **why)
{
	char *f[6], *name, *owner, *ns = "", *end;
	unsigned long crc;
	bool gpl;
	int n = _fields(line, f);

	if (n < 4 || n > 5) {
		*why = "expected 4 or 5 tab-separated fields";
		return -EINVAL;
	}
	name = f[1];
	owner = f[2];
	if (n == 5 && !_export_type(f[3], &gpl)) {
		ns = f[4];
	} else if (n == 5 && !_export_type(f[4], &gpl)) {
		ns = f[2];	/* 5.4 to 5.9: namespace before the owner */
		owner = f[3];
	} else if (n == 5 || _export_type(f[3], &gpl)) {
		*why = "no export type (EXPORT_SYMBOL or EXPORT_SYMBOL_GPL)";
		return -EINVAL;
	}
	errno = 0;
	crc = strtoul(f[0], &end, 16);
	if (strncmp(f[0], "0x", 2) || *end || errno || crc > UINT32_MAX) {
		*why = "the CRC is not a 32-bit hex number";
		return -EINVAL;
	}
	if (!*name || !*owner || strpbrk(name, " \r") || strpbrk(owner, " \r")) {
		*why = "empty or malformed symbol or owner";
		return -EINVAL;
	}
	return exports__add(ex, name, owner, ns, crc, true, gpl);
}

int symvers__parse(const char *mem, size_t size, const char *name, struct exports *ex)
{
	const char *p = mem, *end = mem + size;
	char *line = NULL;
	size_t lineno = 0, cap = 0;
	int err = 0;

	while (!err && p < end) {
		const char *nl = memchr(p, '\n', end - p);
		size_t len = (nl ? nl : end) - p;
		const char *why = NULL;

		lineno++;
		if (len + 1 > cap) {
			char *q = realloc(line, len + 1);

			if (!q) {
				err = errmsg__set(-ENOMEM, "cannot read '%s': out of memory", name);
				break;
			}
			line = q;
			cap = len + 1;
		}
		memcpy(line, p, len);
		line[len] = '\0';
		p += len + 1;
		if (!len)
			continue;
		if (memchr(line, '\0', len)) {
			err = errmsg__set(-EINVAL, "cannot read '%s': line %zu: not text", name,
					  lineno);
			break;
		}
		err = _line(line, ex, &why);
		if (err && why)
			err = errmsg__set(err, "cannot read '%s': line %zu: %s", name, lineno, why);
		else if (err)
			err = errmsg__set(err, "cannot read '%s': out of memory", name);
	}
	free(line);
	return err;
}

int symvers__read(const char *path, struct exports *ex)
{
	struct image_file f;
	enum decomp_kind kind;
	void *plain = NULL;
	size_t len;
	int err = image__open_file(path, &f);

	if (err)
		return err;
	kind = decomp__detect(f.mem, f.size);
	if (kind) {
		err = decomp__all(kind, f.mem, f.size, image_max_output, &plain, &len, path);
		err = err ?: symvers__parse(plain, len, path, ex);
	} else {
		err = symvers__parse(f.mem, f.size, path, ex);
	}
	free(plain);
	image_file_close(&f);
	return err;
}

static char *_file(char *path)
{
	struct stat st;

	if (path && !stat(path, &st) && S_ISREG(st.st_mode))
		return path;
	free(path);
	return NULL;
}

/* ROOT/DIR/build/Module.symvers, an absolute "build" link taken inside @root. */
static char *_build_symvers(const char *root, const char *dir, const char *rel)
{
	char *link = NULL, *out = NULL, target[PATH_MAX];
	ssize_t n;

	if (asprintf(&link, "%s/%s/%s/build", root, dir, rel) < 0)
		return NULL;
	n = readlink(link, target, sizeof(target) - 1);
	if (n > 0 && target[0] == '/' && strcmp(root, "/")) {
		target[n] = '\0';
		if (asprintf(&out, "%s%s/Module.symvers", root, target) < 0)
			out = NULL;
	} else if (asprintf(&out, "%s/Module.symvers", link) < 0) {
		out = NULL;
	}
	free(link);
	return _file(out);
}

char *symvers__find(const char *root, const char *rel)
{
	static const char *const fmts[] = { "%s/usr/src/linux-headers-%s/Module.symvers",
					    "%s/boot/symvers-%s.gz", "%s/boot/symvers-%s" };
	char *p = NULL;
	size_t i;

	if (asprintf(&p, fmts[0], root, rel) >= 0 && (p = _file(p)))
		return p;
	if ((p = _build_symvers(root, "lib/modules", rel)) ||
	    (p = _build_symvers(root, "usr/lib/modules", rel)))
		return p;
	for (i = 1; i < sizeof(fmts) / sizeof(fmts[0]); i++)
		if (asprintf(&p, fmts[i], root, rel) >= 0 && (p = _file(p)))
			return p;
	return NULL;
}
