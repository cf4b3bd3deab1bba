/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KABISCAN_QUOTE_H
#define KABISCAN_QUOTE_H

#include <stdbool.h>
#include <stdio.h>

/*
 * Names from type data, file names and package members are untrusted: on a
 * terminal, an ESC in a name could retitle it or clear the screen. Text
 * output and error lines show control characters escaped, C style:
 * "\n", "\t", "\e" as "\x1b", the C1 controls U+0080..U+009F as
 * "\u0080".."\u009f", and bytes that are not valid UTF-8 (or are U+FFFE,
 * U+FFFF, which XML cannot hold) as "\xNN". Valid UTF-8 passes through.
 */

/*
 * Write @s to @out, escaped; with @keep_newline (a definition's text), '\n'
 * and '\t' are kept as its line breaks and indentation.
 */
void quote__fputs(const char *s, bool keep_newline, FILE *out);

/* Is @s a C identifier: [A-Za-z_][A-Za-z0-9_]*? */
bool quote__is_ident(const char *s);

#endif
