// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../scanner/cleanup.h"
#include "../scanner/errmsg.h"
#include "report.h"

/* The process umask: a file made by -o gets the mode "> FILE" would give. */
static mode_t _umask(void)
{
	mode_t m = umask(0);

	umask(m);
	return m;
}

int output__open(struct output *o, const char *path)
{
	struct stat st;
	int fd;

	memset(o, 0, sizeof(*o));
	o->cleanup = -1;
	if (!path || !strcmp(path, "-")) {
		o->f = stdout;
		return 0;
	}
	/*
	 * A device, FIFO or terminal (/dev/stdout, a pipe) is written in place:
	 * renaming over it would replace the device node with a file.
	 */
	if (!stat(path, &st) && !S_ISREG(st.st_mode)) {
		o->f = fopen(path, "we");
		o->direct = true;
		o->path = strdup(path);
		if (!o->f || !o->path) {
			int err = errmsg__set(-errno, "cannot write '%s': %s", path,
					      strerror(errno ?: ENOMEM));

			if (o->f)
				fclose(o->f);
			free(o->path);
			memset(o, 0, sizeof(*o));
			return err;
		}
		return 0;
	}
	o->path = strdup(path);
	if (!o->path || asprintf(&o->tmp, "%s.tmp.XXXXXX", path) < 0) {
		free(o->path);
		return -ENOMEM;
	}
	fd = mkstemp(o->tmp);
	if (fd >= 0 && fchmod(fd, 0666 & ~_umask())) {
		close(fd);
		unlink(o->tmp);
		fd = -1;
	}
	if (fd < 0 || !(o->f = fdopen(fd, "w"))) {
		int err = errmsg__set(-errno, "cannot write '%s': %s", path, strerror(errno));

		if (fd >= 0) {
			close(fd);
			unlink(o->tmp);
		}
		free(o->path);
		free(o->tmp);
		memset(o, 0, sizeof(*o));
		o->cleanup = -1;
		return err;
	}
	o->cleanup = cleanup__add(o->tmp);
	return 0;
}

int output__close(struct output *o, bool ok)
{
	int err = 0;

	if (!o->f)
		return 0;
	if (fflush(o->f) || ferror(o->f))
		err = errmsg__set(-EIO, "cannot write '%s': %s", o->path ?: "standard output",
				  strerror(errno ?: EIO));
	if (o->path) {
		if (fclose(o->f) && !err)
			err = errmsg__set(-EIO, "cannot write '%s': %s", o->path, strerror(errno));
		if (ok && !err && !o->direct && rename(o->tmp, o->path))
			err = errmsg__set(-errno, "cannot write '%s': %s", o->path,
					  strerror(errno));
		if ((!ok || err) && !o->direct)
			unlink(o->tmp);
	}
	cleanup__remove(o->cleanup);
	free(o->path);
	free(o->tmp);
	memset(o, 0, sizeof(*o));
	o->cleanup = -1;
	return err;
}
