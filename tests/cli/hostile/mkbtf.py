#!/usr/bin/env python3
# Write a raw BTF file whose names are hostile: well-formed BTF, but names
# that hold newlines, preprocessor lines, quotes, terminal escapes, Markdown
# fences, links and bytes XML cannot hold. Tests feed it to kabiscan as a
# kernel and check that no name becomes code or markup.
#
#   mkbtf.py OUT [2]    variant 2 moves members, so comparisons list changes
#
# Types (look them up with -t):
#   ops   struct ops { int (*cb)(struct "s\n#define INJECTED 1" *); }
#   lay   a member "x\n#include \"/etc/passwd\"", then y
#   quo   a member with quotes: q"x
#   esc   a member that retitles the terminal and clears the screen
#   md    a member that closes a code fence, then an <img>, a link, a | and `
#   ctl   an enumerator with \x01 and \x0c, which XML 1.0 cannot hold
#   deep  a pointer chain deeper than any declarator
#   cloop a const that is its own target
#   wide  with N members (WIDE=N in the environment; default 3)
import os
import struct
import sys

INT, PTR, STRUCT, ENUM, FUNC_PROTO, CONST = 1, 2, 4, 6, 13, 10

strings = bytearray(b"\0")
types = bytearray()
count = 0


def s(name):
    """Offset of @name in the string section."""
    global strings
    if not name:
        return 0
    off = len(strings)
    strings += name.encode("utf-8", "surrogateescape") + b"\0"
    return off


def add(name, kind, vlen, size_or_type, extra=b""):
    """Append a type; returns its id."""
    global types, count
    types += struct.pack("<III", s(name), (kind << 24) | vlen, size_or_type) + extra
    count += 1
    return count


def struct_(name, size, members):
    extra = b"".join(struct.pack("<III", s(n), t, off) for n, t, off in members)
    return add(name, STRUCT, len(members), size, extra)


def main():
    variant2 = len(sys.argv) > 2 and sys.argv[2] == "2"
    shift = 32 if variant2 else 0
    i = add("int", INT, 0, 4, struct.pack("<I", (1 << 24) | 32))
    bad = struct_("s\n#define INJECTED 1", 4, [("a", i, 0)])
    p = add("", PTR, 0, bad)
    proto = add("", FUNC_PROTO, 1, i, struct.pack("<II", 0, p))
    fp = add("", PTR, 0, proto)
    struct_("ops", 8, [("cb", fp, 0)])
    struct_("lay", 12, [('x\n#include "/etc/passwd"', i, shift), ("y", i, 64 - shift)])
    struct_("quo", 8, [('q"x', i, shift)])
    struct_("esc", 8, [("\x1b]0;pwned\x07\x1b[2Jz", i, shift)])
    struct_("md", 8, [("m\n```\n<img src=x onerror=alert(1)>\n[link](http://evil.example/)"
                       "\n| cell | `tick` ~~~\n```c\n", i, shift)])
    val = 2 if variant2 else 1
    add("ctl", ENUM, 1, 4, struct.pack("<Ii", s("A\x01\x0c\x1b[31mB"), val))
    # deep: a struct whose member's type is 100 pointers to int
    t = i
    for _ in range(100):
        t = add("", PTR, 0, t)
    struct_("deep", 8, [("d", t, 0)])
    # cloop: a const whose target is itself
    c = count + 1
    add("", CONST, 0, c)
    struct_("cloop", 4, [("c", c, 0)])
    n = int(os.environ.get("WIDE", "3"))
    struct_("wide", 4 * n, [("m%d" % k, i, 32 * k) for k in range(n)])

    hdr = struct.pack("<HBBIIIII", 0xEB9F, 1, 0, 24, 0, len(types), len(types), len(strings))
    with open(sys.argv[1], "wb") as f:
        f.write(hdr + types + strings)


main()
