// SPDX-License-Identifier: GPL-2.0
/*
 * A pager for long output on a terminal, as git runs one: $PAGER (default
 * less, if installed) through sh, with LESS=FRX unless LESS is set, so that
 * a short output is just printed (F), colours pass (R) and the screen is
 * not cleared (X). "", "cat" or no terminal: no pager.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cmd.h"

static pid_t pager_pid = -1;

/* Is @prog an executable in $PATH? */
static bool _in_path(const char *prog)
{
	const char *path = getenv("PATH") ?: "/usr/bin:/bin";
	char buf[4096];

	while (*path) {
		size_t n = strcspn(path, ":");

		if (snprintf(buf, sizeof(buf), "%.*s/%s", (int)n, n ? path : ".", prog) <
		    (int)sizeof(buf) && !access(buf, X_OK))
			return true;
		path += n + (path[n] == ':');
	}
	return false;
}

void pager_start(void)
{
	const char *pager = getenv("PAGER");
	int fds[2];
	pid_t pid;

	if (!isatty(STDOUT_FILENO) || pager_pid > 0)
		return;
	if (!pager)
		pager = _in_path("less") ? "less" : NULL;
	if (!pager || !*pager || !strcmp(pager, "cat") || pipe(fds))
		return;
	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return;
	}
	if (!pid) {
		dup2(fds[0], STDIN_FILENO);
		close(fds[0]);
		close(fds[1]);
		setenv("LESS", getenv("LESS") ?: "FRX", 1);
		execl("/bin/sh", "sh", "-c", pager, (char *)NULL);
		fprintf(stderr, "kabiscan: cannot run pager '%s': %s\n", pager, strerror(errno));
		_exit(127);
	}
	dup2(fds[1], STDOUT_FILENO);
	close(fds[0]);
	close(fds[1]);
	pager_pid = pid;
}

void pager_finish(void)
{
	int status;

	if (pager_pid <= 0)
		return;
	fflush(stdout);
	close(STDOUT_FILENO);
	while (waitpid(pager_pid, &status, 0) < 0 && errno == EINTR)
		;
	pager_pid = -1;
}
