#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""samebuild.py ALLOWED DWARF_SHOW BTF_SHOW: compare two `kabiscan show`
outputs of the same names, one read from DWARF and one from the BTF of the
same build, for tests/cli/t0320-dwarf-same-build.sh.

Source comments ("/* vfio_pci_core, DWARF */", "/* vmlinux, 2 layouts */")
are dropped; each definition (from "struct|union|enum NAME {" to "};") of
one side must equal the other's, byte for byte, unless ALLOWED lists the
type ("KIND NAME  reason" lines, # comments). Prints one line per type:

    same KIND NAME
    allowed KIND NAME
    DIFF KIND NAME      followed by a unified diff (- BTF, + DWARF)
    only-dwarf|only-btf KIND NAME

and exits 1 if any type is DIFF or only on one side.
"""
import difflib
import re
import sys

HEAD = re.compile(r"^(struct|union|enum) (\S+) \{$")
# An enum without enumerators prints on one line.
DECL = re.compile(r"^(enum) (\S+);$")
# A definition ends at "};", or at "} __attribute__((...));" where C must
# be told to pack it.
END = re.compile(r"^\}( __attribute__\(\(.*\)\))?;$")


def blocks(path):
    out, cur, key = {}, None, None
    with open(path) as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("/*") and line.endswith("*/"):
                continue
            m = DECL.match(line)
            if m and cur is None:
                out.setdefault("%s %s" % (m.group(1), m.group(2)), line + "\n")
                continue
            m = HEAD.match(line)
            if m and cur is None:
                key, cur = "%s %s" % (m.group(1), m.group(2)), [line]
                continue
            if cur is not None:
                cur.append(line)
                if END.match(line):
                    out.setdefault(key, "\n".join(cur) + "\n")
                    cur = None
    return out


def main():
    if len(sys.argv) != 4:
        sys.stderr.write("usage: samebuild.py ALLOWED DWARF_SHOW BTF_SHOW\n")
        sys.exit(2)
    allowed = set()
    with open(sys.argv[1]) as f:
        for line in f:
            line = line.split("#", 1)[0].split()
            if len(line) >= 2:
                allowed.add("%s %s" % (line[0], line[1]))
    dw, bt = blocks(sys.argv[2]), blocks(sys.argv[3])
    bad = 0
    for key in sorted(set(dw) | set(bt)):
        if key not in bt or key not in dw:
            print("%s %s" % ("only-dwarf" if key in dw else "only-btf", key))
            bad += 1
        elif dw[key] == bt[key]:
            print("same %s" % key)
        elif key in allowed:
            print("allowed %s" % key)
        else:
            print("DIFF %s" % key)
            sys.stdout.writelines(difflib.unified_diff(
                bt[key].splitlines(True), dw[key].splitlines(True), "btf", "dwarf", n=0))
            bad += 1
    sys.exit(1 if bad else 0)


main()
