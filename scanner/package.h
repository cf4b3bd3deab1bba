/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KABISCAN_PACKAGE_H
#define KABISCAN_PACKAGE_H

#include <stdbool.h>
#include <stddef.h>

struct cache;
struct kernel_files;

/*
 * Kernel packages read as they are, with libarchive, without extracting
 * anything to disk: Debian and Ubuntu .deb/.ddeb (an ar archive holding
 * data.tar.{xz,zst,gz,bz2}) and RPM (a cpio payload). Each file a kernel
 * directory would hold (boot/vmlinuz-R, boot/config-R, {usr/,}lib/modules/R/
 * modules and vmlinuz, usr/lib/debug/boot/vmlinux-R) is read into memory
 * and its BTF taken from there. Packages named together that hold files of
 * one release (image, modules, debug) form one kernel.
 */

/* True if @path starts like a .deb/.ddeb (ar archive) or an RPM. */
bool package__is_package(const char *path);

/* Told how far reading is (@done of @total; @done == @total at the end), from any thread. */
typedef void (*package_progress_fn)(void *arg, size_t done, size_t total);

/*
 * The kernels in packages @paths: one kernel_files per release, sorted by
 * release, each carrying what was read in its @entry (kernel__open takes
 * it from there) and paths of the form "PACKAGE:/boot/vmlinuz-R". With @c,
 * packages already read are not read again: what they held comes from the
 * cache, and what is read is stored there (except for kernels with a debug
 * vmlinux: its DWARF is read from a memfd, which lives as long as the
 * process). Packages are read on up to @jobs threads (0: one per core).
 * Returns 0 and a new array (kernel_files__free_all), or -errno with one
 * message naming the package and the problem.
 */
int package__find(char **paths, size_t n, struct cache *c, int jobs,
		  package_progress_fn progress, void *arg, struct kernel_files ***out,
		  size_t *cnt);

#endif
