/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KABISCAN_ERRMSG_H
#define KABISCAN_ERRMSG_H

/*
 * One error message per failure, in the git style: lowercase, no full stop,
 * subject quoted ("cannot read 'vmlinux': truncated BTF header"). The first
 * function that knows both the file and the problem records it; cmd/ prints
 * it once. The message is thread-local, so parallel scans do not mix them.
 */

/* Record a message and return @err (a negative errno) for chaining. */
int errmsg__set(int err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Record a message only if none is recorded yet; returns @err. */
int errmsg__add(int err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The recorded message, or NULL. Valid until the next errmsg__ call. */
const char *errmsg__get(void);

/* Forget the recorded message. */
void errmsg__clear(void);

/*
 * From now on, messages say @name where they would say @path: a package
 * member read into a memfd is read by the path "/proc/self/fd/N", which
 * tells a user nothing. Both are copied. Thread-safe. Returns 0 or -ENOMEM.
 */
int errmsg__alias(const char *path, const char *name);

/*
 * What a user knows @path as: its alias (a package member's name), or
 * @path itself. The name stays valid until @path is unaliased; an output
 * that names a file it read prints this, never "/proc/self/fd/N".
 */
const char *errmsg__name(const char *path);

/* Forget the alias of @path (its fd is being closed). */
void errmsg__unalias(const char *path);

#endif
