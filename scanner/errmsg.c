// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stdio.h>

#include "errmsg.h"

static __thread char msg_buf[1024];
static __thread int msg_set;

static void _vset(const char *fmt, va_list ap)
{
	vsnprintf(msg_buf, sizeof(msg_buf), fmt, ap);
	msg_set = 1;
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
