/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KABISCAN_SYMVERS_PKG_H
#define KABISCAN_SYMVERS_PKG_H

#include <stddef.h>

/* What a kernel package holds about one release's exports. */
struct symvers_pkg {
	char *release;		/* from the path: "6.1.0-50-amd64" */
	char *where;		/* "PACKAGE:/usr/src/linux-headers-R/Module.symvers" */
	void *symvers;		/* its bytes (plain or gzip), malloc'ed */
	size_t symvers_len;	/* bytes at @symvers */
	char *config;		/* the kernel config beside it, NUL-terminated, or NULL */
};

/*
 * The Module.symvers files in package @path, read in place with libarchive
 * (a .deb's data.tar.*, an RPM's payload): usr/src/linux-headers-R/ (Debian,
 * Ubuntu linux-headers), usr/src/kernels/R/ (RHEL kernel-devel),
 * lib/modules/R/symvers.gz and boot/symvers-R.gz (RHEL kernel-core), with
 * the .config or boot/config-R beside them. Returns 0 and a new array in
 * *@out (free with symvers_pkg_free_all; none found is -ENOENT), or -errno
 * with one message naming @path.
 */
int symvers_pkg__read(const char *path, struct symvers_pkg **out, size_t *cnt);

void symvers_pkg_free_all(struct symvers_pkg *p, size_t cnt);

#endif
