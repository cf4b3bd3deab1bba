#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""normalise.py pahole [SIZES] | kabiscan < OUTPUT: turn pahole's C-like
listing or kabiscan's JSON report into comparable lines, for
tests/cli/t0300-pahole-differential.sh:

    KIND NAME =size N
    KIND NAME MEMBER OFFSET SIZE            ordinary member
    KIND NAME MEMBER BYTE:BIT SIZE bits=W   bitfield

OFFSET is in bytes. Members of anonymous structs and unions are flattened
into their parent with absolute offsets; a named member whose type is an
anonymous struct or union is listed itself and its members are listed as
MEMBER.CHILD. A bitfield's BYTE:BIT follows pahole 1.24's btf_loader: BYTE
is the offset of the storage unit (the size of the bitfield's type) that
holds its first bit, BIT the bit position within that unit. SIZE is the
member type's size in bytes (the storage unit for a bitfield).

pahole 1.24 prints no "/* size: N */" summary for a union, so a union's size
comes from SIZES, lines "KIND NAME N" (from bpftool's dump of the same
BTF), and is left out if SIZES does not have it.

Lines are printed in input order; the caller sorts them.
"""
import json
import re
import sys

# "/*   126: 2  1 */" or "/*    16     8 */" at the end of a member line.
COMMENT = re.compile(r"/\*\s*(\d+)(?::\s*(\d+))?\s+(\d+)\s*\*/\s*$")
SIZE = re.compile(r"^\s*/\*\s*size:\s*(\d+),")
HEAD = re.compile(r"^(struct|union)\s+(\S+)\s*\{\s*$")
FUNC_PTR = re.compile(r"\(\s*\*\s*(?:const\s+|volatile\s+)*(\w+)\s*(?:\[[^\]]*\]\s*)*\)")
BITS = re.compile(r":\s*(\d+)\s*$")
IDENT = re.compile(r"(\w+)\s*(?:\[[^\]]*\]\s*)*$")


def strip_attributes(decl):
    """Drop __attribute__((...)) groups, parentheses balanced."""
    while True:
        i = decl.find("__attribute__")
        if i < 0:
            return decl
        j = decl.find("(", i)
        if j < 0:
            return decl[:i]
        depth = 0
        k = j
        while k < len(decl):
            if decl[k] == "(":
                depth += 1
            elif decl[k] == ")":
                depth -= 1
                if depth == 0:
                    break
            k += 1
        decl = decl[:i] + decl[k + 1:]


def member_name(decl):
    """(name, bitfield width or None) from 'TYPE NAME[:W]' text."""
    decl = strip_attributes(decl).strip()
    width = None
    m = BITS.search(decl)
    if m:
        width = int(m.group(1))
        decl = decl[:m.start()].rstrip()
    m = FUNC_PTR.search(decl)
    if m:
        return m.group(1), width
    m = IDENT.search(decl)
    return (m.group(1) if m else "?" + decl.replace(" ", "_")), width


def fmt(tname, name, off, bit, size, width):
    if width is not None:
        return "%s %s %d:%d %d bits=%d" % (tname, name, off, bit or 0, size, width)
    if bit is not None:
        return "%s %s %d:%d %d" % (tname, name, off, bit, size)
    return "%s %s %d %d" % (tname, name, off, size)


def pahole(lines, sizes):
    out = []
    tname = None
    sized = False
    stack = []  # one list of (name, line-maker) per open brace
    for raw in lines:
        line = raw.rstrip("\n")
        if tname is None:
            m = HEAD.match(line)
            if m:
                tname = "%s %s" % (m.group(1), m.group(2))
                stack = [[]]
                sized = False
            continue
        if line.startswith("}"):          # end of the top-level type
            for name, make in stack[0]:
                out.append(make(tname, name))
            if not sized and tname.startswith("union ") and tname in sizes:
                out.append("%s =size %s" % (tname, sizes[tname]))
            tname = None
            continue
        m = SIZE.match(line)
        if m and len(stack) == 1:
            out.append("%s =size %s" % (tname, m.group(1)))
            sized = True
            continue
        text = line.strip()
        if text.endswith("{"):            # inline anonymous struct/union
            stack.append([])
            continue
        c = COMMENT.search(text)
        if not c:
            continue                      # XXX holes, cachelines, blank lines
        off, bit, size = int(c.group(1)), c.group(2), int(c.group(3))
        bit = int(bit) if bit is not None else None
        decl = text[:c.start()].rstrip()
        if decl.endswith(";"):
            decl = decl[:-1]
        if text.startswith("}"):          # end of an inline type
            children = stack.pop()
            rest = strip_attributes(decl[1:]).strip()
            if not rest:                  # anonymous member: flatten
                stack[-1].extend(children)
                continue
            name, width = member_name(rest)
            stack[-1].append((name, lambda t, n, o=off, b=bit, s=size, w=width:
                              fmt(t, n, o, b, s, w)))
            for cname, make in children:
                stack[-1].append(("%s.%s" % (name, cname), make))
            continue
        name, width = member_name(decl)
        stack[-1].append((name, lambda t, n, o=off, b=bit, s=size, w=width:
                          fmt(t, n, o, b, s, w)))
    return out


def kabiscan(doc):
    out = []
    for cell in doc["cells"]:
        tname = "%s %s" % (cell.get("kind", "?"), cell["name"])
        if cell["state"] != "present":
            out.append("%s =state %s" % (tname, cell["state"]))
            continue
        out.append("%s =size %d" % (tname, cell["size"]))
        for m in cell["members"]:
            off, size, width = m["offset_bits"], m["size"], m["bitfield_size"]
            if width:
                unit = size * 8 if size else 8
                byte = off // unit * unit // 8
                out.append(fmt(tname, m["name"], byte, off - byte * 8, size, width))
            else:
                out.append(fmt(tname, m["name"], off // 8,
                               off % 8 if off % 8 else None, size, None))
    return out


def main():
    if len(sys.argv) not in (2, 3) or sys.argv[1] not in ("pahole", "kabiscan"):
        sys.stderr.write("usage: normalise.py pahole [SIZES] | kabiscan < OUTPUT\n")
        sys.exit(2)
    if sys.argv[1] == "pahole":
        sizes = {}
        if len(sys.argv) == 3:
            with open(sys.argv[2]) as f:
                for line in f:
                    kind, name, size = line.split()
                    sizes["%s %s" % (kind, name)] = size
        out = pahole(sys.stdin, sizes)
    else:
        out = kabiscan(json.load(sys.stdin))
    sys.stdout.write("".join(line + "\n" for line in out))


if __name__ == "__main__":
    main()
