// SPDX-License-Identifier: GPL-2.0
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../scanner/quote.h"
#include "mdtext.h"

/* The longest run of backquotes in @s. */
static size_t _longest_ticks(const char *s)
{
	size_t best = 0, run = 0;

	for (; *s; s++) {
		run = *s == '`' ? run + 1 : 0;
		if (run > best)
			best = run;
	}
	return best;
}

static void _ticks(size_t n, FILE *out)
{
	while (n--)
		fputc('`', out);
}

/* @s escaped by quote__fputs(), each byte of it passed to @one. */
static void _escaped(const char *s, bool keep_newline,
		     void (*one)(const char *, const char *, void *), void *arg)
{
	char *q = NULL, *p;
	size_t len = 0;
	FILE *m = open_memstream(&q, &len);

	if (!m)
		return;
	quote__fputs(s, keep_newline, m);
	if (fclose(m))
		return;
	for (p = q; *p; p++)
		one(p, q, arg);
	free(q);
}

struct ctx {
	FILE *out;		/* where to write */
	bool in_table;		/* a GFM table cell: '|' as "\|" */
};

static bool _alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* @p in @s; an '_' inside a word ("vfio_pci") cannot emphasise, so it stays bare. */
static void _text_one(const char *p, const char *s, void *arg)
{
	struct ctx *x = arg;
	bool inword = *p == '_' && p > s && _alnum(p[-1]) && _alnum(p[1]);

	if (*p > 0x20 && *p < 0x7f && strchr("\\`*_[]<>|!~&#", *p) && !inword)
		fputc('\\', x->out);
	fputc(*p, x->out);
}

static void _code_one(const char *p, const char *s, void *arg)
{
	struct ctx *x = arg;

	(void)s;
	if (*p == '|' && x->in_table)
		fputc('\\', x->out);
	fputc(*p, x->out);
}

static void _plain_one(const char *p, const char *s, void *arg)
{
	(void)s;
	fputc(*p, ((struct ctx *)arg)->out);
}

void mdtext__text(const char *s, FILE *out)
{
	struct ctx x = { out, true };

	_escaped(s, false, _text_one, &x);
}

void mdtext__code(const char *s, bool in_table, FILE *out)
{
	struct ctx x = { out, in_table };
	size_t n = _longest_ticks(s) + 1;
	bool pad = *s == '`' || (*s && s[strlen(s) - 1] == '`');

	_ticks(n, out);
	if (pad)
		fputc(' ', out);
	_escaped(s, false, _code_one, &x);
	if (pad)
		fputc(' ', out);
	_ticks(n, out);
}

void mdtext__block(const char *s, const char *lang, FILE *out)
{
	struct ctx x = { out, false };
	size_t n = _longest_ticks(s) + 1;

	if (n < 3)
		n = 3;
	_ticks(n, out);
	fprintf(out, "%s\n", lang);
	_escaped(s, true, _plain_one, &x);
	_ticks(n, out);
	fputc('\n', out);
}

void mdtext__html(const char *s, FILE *out)
{
	for (; *s; s++) {
		switch (*s) {
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '&': fputs("&amp;", out); break;
		case '"': fputs("&quot;", out); break;
		default:
			if ((unsigned char)*s < 0x20 || *s == 0x7f)
				fprintf(out, "&#xfffd;");
			else
				fputc(*s, out);
		}
	}
}
