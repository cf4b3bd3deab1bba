#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""pahole-first.py KINDS < PAHOLE_OUTPUT: keep one definition of each name
in pahole's C-like listing, the one kabiscan shows, for
tests/cli/t0310-dwarf-differential.sh.

pahole 1.24 reading DWARF can print a name more than once: once per
compilation unit that defines it, or once per distinct layout. Of several
layouts kabiscan shows the largest (pahole's "/* size: N"), then the one
with most members, then the first: that block is kept, in the place of the
name's first block, and the others dropped. Writes "KIND NAME" of every name kept to
KINDS, and on stderr one line "NAME: N distinct layouts" for each name whose
blocks were not all identical (so a test can say which ones they were).
"""
import re
import sys

HEAD = re.compile(r"^(struct|union)\s+(\S+)\s*\{\s*$")
SUMMARY = re.compile(r"^\s*/\*\s*size:\s*(\d+),.*members:\s*(\d+)")
MEMBER = re.compile(r"^\t[^\t/].*;")


def rank(text):
    """(size, members) of a block: its summary, else its member lines."""
    for line in text.splitlines():
        m = SUMMARY.match(line)
        if m:
            return int(m.group(1)), int(m.group(2))
    return 0, sum(1 for line in text.splitlines() if MEMBER.match(line))


def main():
    if len(sys.argv) != 2:
        sys.stderr.write("usage: pahole-first.py KINDS < PAHOLE_OUTPUT\n")
        sys.exit(2)
    blocks = {}   # name -> list of distinct block texts
    order = []    # (kind, name, block text shown)
    index = {}    # name -> its place in order
    cur = None
    for line in sys.stdin:
        if cur is None:
            m = HEAD.match(line)
            if m:
                cur = [m.group(1), m.group(2), [line]]
            continue
        cur[2].append(line)
        if line.startswith("}"):
            kind, name, text = cur[0], cur[1], "".join(cur[2])
            cur = None
            seen = blocks.setdefault(name, [])
            if not seen:
                index[name] = len(order)
                order.append((kind, name, text))
            elif rank(text) > rank(order[index[name]][2]):
                order[index[name]] = (kind, name, text)
            if text not in seen:
                seen.append(text)
    with open(sys.argv[1], "w") as f:
        for kind, name, _ in order:
            f.write("%s %s\n" % (kind, name))
    sys.stdout.write("\n".join(text for _, _, text in order))
    for name, seen in blocks.items():
        if len(seen) > 1:
            sys.stderr.write("%s: %d distinct layouts\n" % (name, len(seen)))


main()
