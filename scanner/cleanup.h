/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KABISCAN_CLEANUP_H
#define KABISCAN_CLEANUP_H

/*
 * Temporary files (-o FILE's FILE.tmp.*, a cache's .tmp.*) are renamed into
 * place when complete. So that SIGINT or SIGTERM does not leave them behind,
 * each is registered while it exists; the signal handler unlinks every
 * registered file, then lets the signal end the process as it would have.
 */

/*
 * Register @path, just created. Returns a handle for cleanup__remove(), or
 * -1 if @path is too long or too many files are registered (it is then not
 * removed on a signal). Thread-safe.
 *
 * Test hook: with KABISCAN_TEST_STOP_TMP=1 in the environment, the process
 * stops itself (SIGSTOP) right after registering, so that a test can send a
 * signal while the file exists.
 */
int cleanup__add(const char *path);

/* Unregister @handle (from cleanup__add; -1 is fine) once the file is renamed or gone. */
void cleanup__remove(int handle);

/* Install the SIGINT, SIGTERM and SIGHUP handlers. */
void cleanup__install(void);

#endif
