/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KABISCAN_WORKERS_H
#define KABISCAN_WORKERS_H

#include <stddef.h>

/* Threads one step may run at most. */
#define WORKERS_MAX 64

/* @jobs as asked (-j), or one per online CPU for 0 or less. */
int workers__jobs(int jobs);

/*
 * Run @fn(@arg) on the calling thread and on up to @jobs - 1 more (see
 * workers__jobs; never more than @items nor WORKERS_MAX in all), and wait
 * for every one. Each call takes work items from @arg until none is left,
 * so a thread that cannot be started only leaves more to the others.
 */
void workers__run(void *(*fn)(void *), void *arg, int jobs, size_t items);

#endif
