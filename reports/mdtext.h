/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KABISCAN_MDTEXT_H
#define KABISCAN_MDTEXT_H

#include <stdbool.h>
#include <stdio.h>

/*
 * Untrusted text (names from type data, releases from file names) in
 * Markdown: it must stay text, never a fence that closes, a link, an image
 * or a table cell of its own. Control characters are shown escaped as in
 * quote__fputs(), so no newline can end a table row or a line.
 */

/* @s as plain text: what could start markup (\ ` * _ [ ] < > | ! ~ & #) backslash-escaped. */
void mdtext__text(const char *s, FILE *out);

/*
 * @s as an inline code span, delimited by more backquotes than any run in
 * @s; in a table (@in_table), '|' is written "\|" as GFM tables need.
 */
void mdtext__code(const char *s, bool in_table, FILE *out);

/*
 * @s (lines ending in '\n') as a fenced code block of language @lang, the
 * fence longer than any run of backquotes in @s.
 */
void mdtext__block(const char *s, const char *lang, FILE *out);

/* @s inside HTML (a <summary>): & < > " as entities. */
void mdtext__html(const char *s, FILE *out);

#endif
