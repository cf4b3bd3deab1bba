// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz.h"

static int fd = -1;
static char path[64];

const char *fuzz_file(const uint8_t *data, size_t size)
{
	fd = memfd_create("kabiscan-fuzz", MFD_CLOEXEC);
	if (fd < 0)
		return NULL;
	if (write(fd, data, size) != (ssize_t)size) {
		fuzz_file_close();
		return NULL;
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	return path;
}

void fuzz_file_close(void)
{
	if (fd >= 0)
		close(fd);
	fd = -1;
}
