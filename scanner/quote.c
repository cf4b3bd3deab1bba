// SPDX-License-Identifier: GPL-2.0
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "quote.h"

/* The length of the valid UTF-8 sequence at @s (not U+FFFE, U+FFFF), or 0. */
static size_t _utf8_len(const unsigned char *s)
{
	size_t n, i;
	unsigned int c;

	if (*s < 0x80)
		return 1;
	if (*s >= 0xc2 && *s <= 0xdf)
		n = 2, c = *s & 0x1f;
	else if (*s >= 0xe0 && *s <= 0xef)
		n = 3, c = *s & 0x0f;
	else if (*s >= 0xf0 && *s <= 0xf4)
		n = 4, c = *s & 0x07;
	else
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	if ((n == 3 && (c < 0x800 || (c >= 0xd800 && c <= 0xdfff) || c >= 0xfffe)) ||
	    (n == 4 && (c < 0x10000 || c > 0x10ffff)))
		return 0;
	return n;
}

/*
 * What to do at @s: 0 to copy it, 1 to escape one byte as "\xNN" (or "\n",
 * "\t", "\r"), 2 for a C1 control "\u00NN"; *@copy is the length of a
 * valid character to copy.
 */
static size_t _escape_len(const unsigned char *s, bool keep_newline, size_t *copy)
{
	*copy = 1;
	if (*s == '\n' || *s == '\t')
		return keep_newline ? 0 : 1;	/* a definition's lines and indentation */
	if (*s < 0x20 || *s == 0x7f)
		return 1;
	if (s[0] == 0xc2 && s[1] >= 0x80 && s[1] <= 0x9f)
		return 2;
	*copy = _utf8_len(s);
	return *copy ? 0 : 1;
}

void quote__fputs(const char *s, bool keep_newline, FILE *out)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		size_t copy, n = _escape_len(p, keep_newline, &copy), run = 0;

		if (!n) {
			/* A run of characters written as they are, in one call. */
			while (p[run] && !_escape_len(p + run, keep_newline, &copy))
				run += copy;
			fwrite(p, 1, run, out);
			p += run;
			continue;
		}
		if (n == 2) {
			fprintf(out, "\\u%04x", p[1]);
		} else {
			switch (*p) {
			case '\n': fputs("\\n", out); break;
			case '\t': fputs("\\t", out); break;
			case '\r': fputs("\\r", out); break;
			default: fprintf(out, "\\x%02x", *p); break;
			}
		}
		p += n;
	}
}

bool quote__is_ident(const char *s)
{
	if (!s || !(*s == '_' || (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
		return false;
	return s[strspn(s, "_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")] == '\0';
}
