// SPDX-License-Identifier: GPL-2.0
/* The threads of every parallel step: open kernels, read packages, compare cells. */
#include <pthread.h>
#include <unistd.h>

#include "workers.h"

int workers__jobs(int jobs)
{
	return jobs > 0 ? jobs : (int)sysconf(_SC_NPROCESSORS_ONLN);
}

void workers__run(void *(*fn)(void *), void *arg, int jobs, size_t items)
{
	pthread_t tids[WORKERS_MAX];
	int i, started = 0;

	jobs = workers__jobs(jobs);
	for (i = 1; i < jobs && i < WORKERS_MAX && (size_t)i < items; i++)
		if (!pthread_create(&tids[started], NULL, fn, arg))
			started++;
	fn(arg);
	for (i = 0; i < started; i++)
		pthread_join(tids[i], NULL);
}
