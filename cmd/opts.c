// SPDX-License-Identifier: GPL-2.0
/*
 * Option tables: each command has one table of struct cmd_opt rows, and
 * the getopt_long parser, the synopsis of usage errors, `kabiscan CMD
 * --help` and the help/man test all read it. A new option is one row.
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

/* Enough for any command's table; rows past it would be unknown options (t0001 fails). */
#define MAX_OPTS 48

/* The getopt_long arrays of the command being parsed (one per process). */
static struct option longopts[MAX_OPTS + 1];
static char optstring[2 * MAX_OPTS + 2];
static const struct cmd *built;

static void _build(const struct cmd *c)
{
	const struct cmd_opt *o;
	size_t n = 0, s = 0;

	memset(longopts, 0, sizeof(longopts));
	optstring[s++] = ':';	/* a missing value is ':', an unknown option '?' */
	for (o = c->opts; o->name && n < MAX_OPTS; o++, n++) {
		longopts[n] = (struct option){ o->name, o->arg ? required_argument : no_argument,
					       NULL, o->key };
		if (o->flags & OPT_SHORT) {
			optstring[s++] = (char)o->key;
			if (o->arg)
				optstring[s++] = ':';
		}
	}
	optstring[s] = '\0';
	built = c;
}

int cmd__getopt(const struct cmd *c, int argc, char **argv)
{
	if (built != c)
		_build(c);
	return getopt_long(argc, argv, optstring, longopts, NULL);
}

void cmd__print_usage(const struct cmd *c, FILE *f)
{
	const struct cmd_opt *o;

	fprintf(f, "kabiscan %s%s%s", c->name, *c->args ? " " : "", c->args);
	for (o = c->opts; o->name; o++) {
		if (o->flags & OPT_NO_SYN)
			continue;
		fputs(o->flags & OPT_ALT ? " | " : " [", f);
		if ((o->flags & OPT_SHORT) && !(o->flags & OPT_SYN_LONG))
			fprintf(f, "-%c", o->key);
		else
			fprintf(f, "--%s", o->name);
		if (o->arg)
			fprintf(f, " %s", o->arg);
		if (!o[1].name || !(o[1].flags & OPT_ALT))
			fputc(']', f);
	}
	fputc('\n', f);
}

/* Width of the option column of --help, as git's parse-options. */
#define HELP_INDENT 26
#define HELP_WIDTH 79

/* Print @text from column @col, wrapped at HELP_WIDTH, indented HELP_INDENT. */
static void _wrap(FILE *f, const char *text, int col)
{
	while (*text) {
		size_t len = strcspn(text, " ");
		const char *next = text + len + strspn(text + len, " ");

		if (col > HELP_INDENT && col + 1 + (int)len > HELP_WIDTH) {
			fprintf(f, "\n%*s", HELP_INDENT, "");
			col = HELP_INDENT;
		} else if (col > HELP_INDENT) {
			fputc(' ', f);
			col++;
		}
		fwrite(text, 1, len, f);
		col += (int)len;
		text = next;
	}
	fputc('\n', f);
}

void cmd__print_help(const struct cmd *c, FILE *f)
{
	const struct cmd_opt *o;

	fputs("usage: ", f);
	cmd__print_usage(c, f);
	fprintf(f, "\n%c%s.\n\noptions:\n", toupper((unsigned char)c->summary[0]), c->summary + 1);
	for (o = c->opts; o->name; o++) {
		int col;

		if (o->flags & OPT_SHORT)
			col = fprintf(f, "  -%c, --%s", o->key, o->name);
		else
			col = fprintf(f, "      --%s", o->name);
		if (o->arg)
			col += fprintf(f, " %s", o->arg);
		if (col >= HELP_INDENT - 1) {
			fprintf(f, "\n%*s", HELP_INDENT, "");
			col = HELP_INDENT;
		} else {
			col += fprintf(f, "%*s", HELP_INDENT - col, "");
		}
		_wrap(f, o->help, col);
	}
	fprintf(f, "\nSee kabiscan-%s(1).\n", c->name);
}

/*
 * Optimal string alignment distance (Levenshtein plus adjacent
 * transpositions, so "reprot" is one edit from "report"), given up above
 * @max: returns @max + 1 then. Rows are kept for the two previous lines.
 */
size_t edit_distance(const char *a, const char *b, size_t max)
{
	size_t la = strlen(a), lb = strlen(b), i, j, best, d;
	size_t *rows, *p2, *p1, *cur, stack[3 * 128];

	if ((la > lb ? la - lb : lb - la) > max)
		return max + 1;
	/* Type names are short: the stack spares a malloc per name compared. */
	rows = lb < 128 ? stack : malloc(3 * (lb + 1) * sizeof(*rows));
	if (!rows)
		return max + 1;
	p2 = rows;
	p1 = rows + lb + 1;
	cur = rows + 2 * (lb + 1);
	for (j = 0; j <= lb; j++)
		p1[j] = j;
	for (i = 1; i <= la; i++) {
		cur[0] = best = i;
		for (j = 1; j <= lb; j++) {
			d = p1[j - 1] + (a[i - 1] != b[j - 1]);
			d = p1[j] + 1 < d ? p1[j] + 1 : d;
			d = cur[j - 1] + 1 < d ? cur[j - 1] + 1 : d;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    p2[j - 2] + 1 < d)
				d = p2[j - 2] + 1;
			cur[j] = d;
			best = d < best ? d : best;
		}
		if (best > max)
			break;
		{
			size_t *t = p2;

			p2 = p1;
			p1 = cur;
			cur = t;
		}
	}
	d = i > la ? p1[lb] : max + 1;
	if (rows != stack)
		free(rows);
	return d > max ? max + 1 : d;
}

/* How far a name may be from what was typed to be suggested. */
size_t suggest_max_distance(const char *typed)
{
	size_t n = strlen(typed) / 4;

	return n < 1 ? 1 : n > 3 ? 3 : n;
}
