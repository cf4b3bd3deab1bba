#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""pahole-first.py KINDS < PAHOLE_OUTPUT: keep the first definition of each
name in pahole's C-like listing, for tests/cli/t0310-dwarf-differential.sh.

pahole 1.24 reading DWARF can print a name more than once: once per
compilation unit that defines it, or once per distinct layout. kabiscan
shows the first layout of a name, so the first block pahole prints is kept
and the later ones dropped. Writes "KIND NAME" of every name kept to
KINDS, and on stderr one line "NAME: N distinct layouts" for each name whose
blocks were not all identical (so a test can say which ones they were).
"""
import re
import sys

HEAD = re.compile(r"^(struct|union)\s+(\S+)\s*\{\s*$")


def main():
    if len(sys.argv) != 2:
        sys.stderr.write("usage: pahole-first.py KINDS < PAHOLE_OUTPUT\n")
        sys.exit(2)
    blocks = {}   # name -> list of distinct block texts
    order = []    # (kind, name, first block text)
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
                order.append((kind, name, text))
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
