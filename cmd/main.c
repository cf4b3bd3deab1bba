// SPDX-License-Identifier: GPL-2.0
/*
 * kabiscan: which kernels changed the types and functions a driver depends
 * on, how, and what to compile against each one.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdbool.h>
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
	&cmd_scan, &cmd_cache, &cmd_names, &cmd_symbols, &cmd_modcheck,
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

int usage_error(const struct cmd *c, const char *fmt, ...)
{
	va_list ap;

	fputs("kabiscan: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\nusage: ", stderr);
	cmd__print_usage(c, stderr);
	return EXIT_USAGE;
}

int finish_stdout(int status)
{
	bool failed = fflush(stdout) || ferror(stdout);

	pager_finish();
	if (failed) {
		/* A command that failed has said why already. */
		if (status == EXIT_OK)
			fprintf(stderr, "kabiscan: cannot write standard output: %s\n",
				strerror(errno ?: EIO));
		return EXIT_ERROR;
	}
	return status;
}

/* The long option of @c closest to "--typo[=value]", or NULL. */
static const char *_closest_option(const struct cmd *c, const char *typed)
{
	const struct cmd_opt *o;
	const char *guess = NULL;
	char *name;
	size_t d, best;

	if (strncmp(typed, "--", 2) || !(name = strndup(typed + 2, strcspn(typed + 2, "="))))
		return NULL;
	best = suggest_max_distance(name) + 1;
	for (o = c->opts; o->name; o++) {
		d = edit_distance(name, o->name, best - 1);
		if (d < best) {
			best = d;
			guess = o->name;
		}
	}
	free(name);
	return guess;
}

int bad_option(const struct cmd *c, int ret, char **argv)
{
	const char *opt = argv[optind - 1], *guess;

	if (ret == ':')
		return usage_error(c, "option '%s' needs a value", opt);
	if (optopt)
		return usage_error(c, "unknown option '-%c'", optopt);
	guess = _closest_option(c, opt);
	if (guess)
		return usage_error(c, "unknown option '%s'; did you mean '--%s'?", opt, guess);
	return usage_error(c, "unknown option '%s'", opt);
}

#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

/* The global help: what kabiscan does and one line per command. */
static void _help(FILE *f)
{
	size_t i;

	fprintf(f, "usage: kabiscan [-V | --version] [-h | --help] COMMAND [OPTIONS]\n\n"
		"Read kernel type data (BTF, or DWARF) from roots, packages, images,\n"
		"vmlinux, raw BTF and modules; report type layouts across kernels, diff\n"
		"them, and check kernels against a driver's baseline.\n\ncommands:\n");
	for (i = 0; i < N_COMMANDS; i++)
		fprintf(f, "  %-10s %s\n", commands[i]->name, commands[i]->summary);
	fprintf(f, "\n'kabiscan help COMMAND' or 'kabiscan COMMAND --help' describes a "
		"command's options;\nsee kabiscan(1).\n");
}

static const struct cmd *_find(const char *name)
{
	size_t i;

	for (i = 0; i < N_COMMANDS; i++)
		if (!strcmp(name, commands[i]->name))
			return commands[i];
	return NULL;
}

/* "unknown command 'reprot'; did you mean 'report'?": usage error. */
static int _unknown(const char *name)
{
	size_t i, d, best = suggest_max_distance(name) + 1;
	const char *guess = NULL;

	for (i = 0; i < N_COMMANDS; i++) {
		d = edit_distance(name, commands[i]->name, best - 1);
		if (d < best) {
			best = d;
			guess = commands[i]->name;
		}
	}
	fprintf(stderr, "kabiscan: unknown command '%s'", name);
	if (guess)
		fprintf(stderr, "; did you mean '%s'?\n", guess);
	else
		fputs("; see 'kabiscan --help'\n", stderr);
	return EXIT_USAGE;
}

/* kabiscan help [COMMAND] */
static int _help_cmd(int argc, char **argv)
{
	const struct cmd *c;

	if (argc > 3) {
		fprintf(stderr, "kabiscan: help takes one COMMAND, not '%s'\n", argv[3]);
		return EXIT_USAGE;
	}
	if (argc < 3) {
		_help(stdout);
		return finish_stdout(EXIT_OK);
	}
	c = _find(argv[2]);
	if (!c)
		return _unknown(argv[2]);
	cmd__print_help(c, stdout);
	return finish_stdout(EXIT_OK);
}

int main(int argc, char **argv)
{
	const struct cmd *c;

	opterr = 0;	/* commands report bad options themselves, once */
	cleanup__install();	/* SIGINT, SIGTERM: no temporary file left behind */
	if (argc < 2) {
		_help(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "help"))
		return _help_cmd(argc, argv);
	if (!strcmp(argv[1], "-V") || !strcmp(argv[1], "--version") ||
	    !strcmp(argv[1], "version")) {
		printf("kabiscan %s\n", KABISCAN_VERSION);
		return finish_stdout(EXIT_OK);
	}
	if (argv[1][0] == '-') {
		fprintf(stderr, "kabiscan: unknown option '%s'; see 'kabiscan --help'\n", argv[1]);
		return EXIT_USAGE;
	}
	c = _find(argv[1]);
	if (!c)
		return _unknown(argv[1]);
	return finish_stdout(c->func(argc - 1, argv + 1));
}
