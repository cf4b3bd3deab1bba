// SPDX-License-Identifier: GPL-2.0
/*
 * kabiscan: which kernels changed the types and functions a driver depends
 * on, how, and what to compile against each one.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../scanner/cleanup.h"
#include "../scanner/errmsg.h"
#include "../scanner/quote.h"
#include "cmd.h"

#ifndef KABISCAN_VERSION
#define KABISCAN_VERSION "0.1"
#endif

static const struct cmd *commands[] = {
	&cmd_show, &cmd_report, &cmd_header, &cmd_diff, &cmd_snapshot, &cmd_check, &cmd_deps,
	&cmd_scan, &cmd_cache,
};

/* Messages quote names and paths, which may hold anything: one line, escaped. */
void p_err(const char *fallback, ...)
{
	const char *msg = errmsg__get();
	char buf[1024];
	va_list ap;

	if (!msg) {
		va_start(ap, fallback);
		vsnprintf(buf, sizeof(buf), fallback, ap);
		va_end(ap);
		msg = buf;
	}
	fputs("kabiscan: ", stderr);
	quote__fputs(msg, false, stderr);
	fputc('\n', stderr);
}

void print_usage(const struct cmd *c)
{
	printf("usage: %s\n", c->usage);
}

int usage_error(const struct cmd *c, const char *fmt, ...)
{
	va_list ap;

	fputs("kabiscan: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nusage: %s\n", c->usage);
	return EXIT_USAGE;
}

int finish_stdout(int status)
{
	if (fflush(stdout) || ferror(stdout)) {
		/* A command that failed has said why already. */
		if (status == EXIT_OK)
			fprintf(stderr, "kabiscan: cannot write standard output: %s\n",
				strerror(errno ?: EIO));
		return EXIT_ERROR;
	}
	return status;
}

int bad_option(const struct cmd *c, int ret, char **argv)
{
	const char *opt = argv[optind - 1];

	if (ret == ':')
		return usage_error(c, "option '%s' needs a value", opt);
	if (optopt)
		return usage_error(c, "unknown option '-%c'", optopt);
	return usage_error(c, "unknown option '%s'", opt);
}

static void _help(void)
{
	size_t i;

	printf("usage: kabiscan COMMAND [OPTIONS]\n\n"
	       "Read kernel type data (BTF, or DWARF) from roots, packages, images,\n"
	       "vmlinux, raw BTF and modules; report type layouts across kernels, diff\n"
	       "them, and check kernels against a driver's baseline.\n\ncommands:\n");
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		printf("  %s\n", commands[i]->usage);
	printf("\n'kabiscan COMMAND -h' shows a command's options; see kabiscan(1).\n");
}

int main(int argc, char **argv)
{
	size_t i;

	opterr = 0;	/* commands report bad options themselves, once */
	cleanup__install();	/* SIGINT, SIGTERM: no temporary file left behind */
	if (argc < 2) {
		_help();
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "help")) {
		_help();
		return finish_stdout(EXIT_OK);
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version")) {
		printf("kabiscan %s\n", KABISCAN_VERSION);
		return finish_stdout(EXIT_OK);
	}
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[1], commands[i]->name))
			return finish_stdout(commands[i]->func(argc - 1, argv + 1));
	fprintf(stderr, "kabiscan: unknown command '%s'; see 'kabiscan --help'\n", argv[1]);
	return EXIT_USAGE;
}
