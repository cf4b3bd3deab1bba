// SPDX-License-Identifier: GPL-2.0
/* Line-oriented files with "#" comments: spec and suppression files. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errmsg.h"
#include "lines.h"

int lines__read(const char *path, lines_fn fn, void *arg)
{
	char *line = NULL, *hash;
	size_t cap = 0, lineno = 0;
	FILE *f = fopen(path, "re");
	int err = 0;

	if (!f)
		return errmsg__set(-errno, "cannot open '%s': %s", path, strerror(errno));
	while (!err && getline(&line, &cap, f) >= 0) {
		lineno++;
		if ((hash = strchr(line, '#')))
			*hash = '\0';
		line[strcspn(line, "\r\n")] = '\0';
		if (line[strspn(line, " \t")])
			err = fn(line, lineno, arg);
	}
	if (!err && ferror(f))
		err = errmsg__set(-EIO, "cannot read '%s': %s", path, strerror(errno));
	free(line);
	fclose(f);
	return err;
}
