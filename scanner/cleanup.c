// SPDX-License-Identifier: GPL-2.0
#include <limits.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cleanup.h"

/* More than files written at once: one -o, one cache write per thread. */
#define SLOTS 128

/* A registered file. The handler only reads @path of a slot in state LIVE. */
static struct slot {
	atomic_int state;	/* FREE, TAKEN (being filled or emptied) or LIVE */
	char path[PATH_MAX];	/* the file */
} slots[SLOTS];

enum { FREE, TAKEN, LIVE };

int cleanup__add(const char *path)
{
	static int stop = -1;
	size_t n = strlen(path);
	int i, want;

	if (n >= PATH_MAX)
		return -1;
	for (i = 0; i < SLOTS; i++) {
		want = FREE;
		if (atomic_compare_exchange_strong(&slots[i].state, &want, TAKEN))
			break;
	}
	if (i == SLOTS)
		return -1;
	memcpy(slots[i].path, path, n + 1);
	atomic_store(&slots[i].state, LIVE);
	if (stop < 0) {
		const char *e = getenv("KABISCAN_TEST_STOP_TMP");

		stop = e && !strcmp(e, "1");
	}
	if (stop)
		raise(SIGSTOP);
	return i;
}

void cleanup__remove(int handle)
{
	if (handle < 0 || handle >= SLOTS)
		return;
	atomic_store(&slots[handle].state, TAKEN);
	slots[handle].path[0] = '\0';
	atomic_store(&slots[handle].state, FREE);
}

/* Only async-signal-safe calls: unlink, sigaction, raise. */
static void _on_signal(int sig)
{
	struct sigaction dfl = { .sa_handler = SIG_DFL };
	int i;

	for (i = 0; i < SLOTS; i++)
		if (atomic_load(&slots[i].state) == LIVE)
			unlink(slots[i].path);
	sigemptyset(&dfl.sa_mask);
	sigaction(sig, &dfl, NULL);
	raise(sig);
}

void cleanup__install(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa = { .sa_handler = _on_signal };
	size_t i;

	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaction(sigs[i], &sa, NULL);
}
