#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""textdiff.py KABISCAN.json PAHOLE.txt: compare the definition text
kabiscan prints with pahole -C's, for tests/cli/t0300-pahole-differential.sh.

Both sides are normalised the same way: comments, blank lines, indentation,
column padding and __attribute__((...)) groups go (pahole's alignment
attributes are guesses; kabiscan's packing attributes are checked by the
compile oracle, t0330). Then, type by type, every line that differs must
belong to a known class where pahole 1.24 is the one that is wrong, or where
the two print the same layout two ways; anything else is a difference.

Prints "class COUNT reason" lines for the known differences met, then
"unknown: ..." for the rest (with both texts), and exits 1 if there are any.
"""
import difflib
import json
import re
import sys

from normalise import strip_attributes

# Known differences: (name, reason, test on (pahole line, kabiscan line)),
# either line None where a line is only on one side.
UNNAMED = re.compile(r"^[\w ]+ :\d+;$")
NUM = re.compile(r"-?\d+")


def _bitpad(p, k):
    return (p is None and k is not None and UNNAMED.match(k)) or \
           (k is None and p is not None and UNNAMED.match(p))


def _const_ptr(p, k):
    return p is not None and k is not None and ("* const" in k or "*const" in k) and \
        re.sub(r"\bconst\b|\s", "", p) == re.sub(r"\bconst\b|\s", "", k)


def _const_twice(p, k):
    return p is not None and k is not None and "const const " in p and \
        p.replace("const const ", "const ") == k


def _ptr_array(p, k):
    return p is not None and k is not None and re.search(r"\(\*\s*\w+\)\s*\[", k) is not None


def _dims(p, k):
    if p is None or k is None:
        return False
    pd = re.findall(r"\[(\d+)\]", p)
    kd = re.findall(r"\[(\d+)\]", k)
    return len(kd) > 1 and sorted(pd) == sorted(kd) and pd != kd and \
        re.sub(r"\[\d+\]", "", p) == re.sub(r"\[\d+\]", "", k)


def _signed(p, k):
    if p is None or k is None:
        return False
    pn, kn = NUM.findall(p), NUM.findall(k)
    return len(pn) == len(kn) and any(int(a) != int(b) and int(a) == int(b) % (1 << 32)
                                     for a, b in zip(pn, kn)) and \
        NUM.sub("N", p) == NUM.sub("N", k)


def _zero_array(p, k):
    return p is not None and k is not None and p.replace("[]", "[0]") == k


def _empty_enum(p, k):
    return (k is not None and re.match(r"^enum \w+;$", k)) or (p in ("};",) and k is None)


def _anon_ptr(p, k):
    # pahole prints "struct {...} * parts;", kabiscan the body and "} * parts;".
    return (p is not None and "{...}" in p) or (k is not None and re.match(r"^}\s*\*", k))


def _anon_typedef(p, k):
    return (p is not None and re.match(r"^typedef (union|struct) \{$", p)) or \
           (k is not None and re.match(r"^typedef (union|struct) \{$", k))


CLASSES = [
    ("padding-bitfields", "BTF has no member for an unnamed bitfield; kabiscan puts back the "
     "ones C needs for the BTF's offsets, pahole 1.24 a guess of its own (or an "
     "alignment attribute)", _bitpad),
    ("const-pointer", "pahole 1.24 moves the const of 'T * const p' onto T", _const_ptr),
    ("const-twice", "pahole 1.24 prints 'const const' on a const array of const elements",
     _const_twice),
    ("pointer-to-array", "pahole 1.24 prints a pointer to an array as a pointer to its element",
     _ptr_array),
    ("array-dimensions", "pahole 1.24 reverses the dimensions of a multi-dimensional array",
     _dims),
    ("signed-enumerator", "pahole 1.24 prints a negative enumerator as unsigned (4294967295)",
     _signed),
    ("zero-length-array", "BTF cannot tell [0] from []; kabiscan prints [] only where C allows "
     "it, pahole 1.24 everywhere", _zero_array),
    ("empty-enum", "an enum with no enumerators: 'enum X;', not 'enum X { };'", _empty_enum),
    ("pointer-to-anonymous", "kabiscan prints the body of an anonymous struct behind a pointer, "
     "pahole 1.24 '{...}'", _anon_ptr),
    ("typedef-anonymous", "pahole 1.24 prints a typedef of an anonymous union or struct as the "
     "bare type", _anon_typedef),
]


def normalise(text):
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    out = []
    for line in text.split("\n"):
        line = " ".join(strip_attributes(line).split())
        line = re.sub(r"\s+([,;)])", r"\1", line)
        if line:
            out.append(line)
    return out


def pahole_types(path):
    """{(kind, name): definition} from pahole -C output."""
    types, cur, lines = {}, None, []
    with open(path) as f:
        for line in f:
            m = re.match(r"^(struct|union|enum) (\w+) \{", line)
            if cur is None and m:
                cur, lines = (m.group(1), m.group(2)), []
            if cur is not None:
                lines.append(line)
                if line.startswith("}"):
                    types[cur] = "".join(lines)
                    cur = None
    return types


def _hunk(pl, kl, counts):
    """Pairs (pahole line, kabiscan line) of one differing hunk, either None
    where a line has no partner. Padding comes out first: unnamed bitfields
    on either side, and the "struct {" ... "};" that holds a union's."""
    pad = [x for x in pl + kl if UNNAMED.match(x)]
    pl = [x for x in pl if not UNNAMED.match(x)]
    kl = [x for x in kl if not UNNAMED.match(x)]
    if pad and not pl and kl and all(x in ("struct {", "};") for x in kl):
        pad += kl
        kl = []
    if pad:
        counts["padding-bitfields"] = counts.get("padding-bitfields", 0) + len(pad)
    pairs = []
    for a in pl:
        for b in kl:
            if any(test(a, b) for _, _, test in CLASSES):
                pairs.append((a, b))
                kl.remove(b)
                break
        else:
            pairs.append((a, None))
    return pairs + [(None, b) for b in kl]


def main():
    with open(sys.argv[1]) as f:
        cells = [c for c in json.load(f)["cells"] if c.get("state") == "present"]
    ptypes = pahole_types(sys.argv[2])
    counts = {}
    unknown = []
    compared = 0
    for c in cells:
        key = (c["kind"], c["name"])
        if key not in ptypes:
            continue
        compared += 1
        p, k = normalise(ptypes[key]), normalise(c["definition"])
        sm = difflib.SequenceMatcher(None, p, k, autojunk=False)
        for op, i1, i2, j1, j2 in sm.get_opcodes():
            if op == "equal":
                continue
            for a, b in _hunk(p[i1:i2], k[j1:j2], counts):
                for name, _, test in CLASSES:
                    if test(a, b):
                        counts[name] = counts.get(name, 0) + 1
                        break
                else:
                    unknown.append("%s %s: pahole %r, kabiscan %r" % (key[0], key[1], a, b))
    print("compared %d definitions" % compared)
    for name, reason, _ in CLASSES:
        if counts.get(name):
            print("class %s %d: %s" % (name, counts[name], reason))
    for u in unknown:
        print("unknown: " + u)
    return 1 if unknown else 0


sys.exit(main())
