// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errmsg.h"

static __thread char msg_buf[1024];
static __thread int msg_set;

/* Paths messages name otherwise (errmsg__alias), shared by every thread. */
static struct alias {
	char *path;		/* "/proc/self/fd/7" */
	char *name;		/* "linux-image-6.1-dbg.deb:/usr/lib/debug/boot/vmlinux-6.1" */
} *aliases;
static size_t aliases_cnt;
static pthread_mutex_t aliases_lock = PTHREAD_MUTEX_INITIALIZER;

/* Replace each aliased path in msg_buf; "/proc/self/fd/1" does not match "…/12". */
static void _unalias_msg(void)
{
	char out[sizeof(msg_buf)], *hit;
	size_t i, n;

	pthread_mutex_lock(&aliases_lock);
	for (i = 0; i < aliases_cnt; i++) {
		n = strlen(aliases[i].path);
		hit = strstr(msg_buf, aliases[i].path);
		while (hit && hit[n] >= '0' && hit[n] <= '9')
			hit = strstr(hit + 1, aliases[i].path);
		if (!hit)
			continue;
		snprintf(out, sizeof(out), "%.*s%s%s", (int)(hit - msg_buf), msg_buf,
			 aliases[i].name, hit + n);
		memcpy(msg_buf, out, sizeof(out));
		i--;	/* the same path may occur again */
	}
	pthread_mutex_unlock(&aliases_lock);
}

static void _vset(const char *fmt, va_list ap)
{
	vsnprintf(msg_buf, sizeof(msg_buf), fmt, ap);
	msg_set = 1;
	_unalias_msg();
}

int errmsg__alias(const char *path, const char *name)
{
	struct alias *a;
	int err = 0;

	pthread_mutex_lock(&aliases_lock);
	a = realloc(aliases, (aliases_cnt + 1) * sizeof(*a));
	if (a) {
		aliases = a;
		a += aliases_cnt;
		a->path = strdup(path);
		a->name = strdup(name);
		if (a->path && a->name && !strstr(a->name, a->path)) {
			aliases_cnt++;
		} else {
			err = a->path && a->name ? 0 : -ENOMEM;
			free(a->path);
			free(a->name);
		}
	} else {
		err = -ENOMEM;
	}
	pthread_mutex_unlock(&aliases_lock);
	return err;
}

const char *errmsg__name(const char *path)
{
	const char *name = path;
	size_t i;

	if (!path)
		return NULL;
	pthread_mutex_lock(&aliases_lock);
	for (i = 0; i < aliases_cnt && name == path; i++)
		if (!strcmp(aliases[i].path, path))
			name = aliases[i].name;
	pthread_mutex_unlock(&aliases_lock);
	return name;
}

void errmsg__unalias(const char *path)
{
	size_t i;

	pthread_mutex_lock(&aliases_lock);
	for (i = aliases_cnt; i-- > 0;) {
		if (strcmp(aliases[i].path, path))
			continue;
		free(aliases[i].path);
		free(aliases[i].name);
		aliases[i] = aliases[--aliases_cnt];
	}
	pthread_mutex_unlock(&aliases_lock);
}

int errmsg__set(int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	_vset(fmt, ap);
	va_end(ap);
	return err;
}

int errmsg__add(int err, const char *fmt, ...)
{
	va_list ap;

	if (msg_set)
		return err;
	va_start(ap, fmt);
	_vset(fmt, ap);
	va_end(ap);
	return err;
}

const char *errmsg__get(void)
{
	return msg_set ? msg_buf : NULL;
}

void errmsg__clear(void)
{
	msg_set = 0;
	msg_buf[0] = '\0';
}
